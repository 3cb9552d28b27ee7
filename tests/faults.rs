//! Faults in batch mode: a full disk, an output that cannot be written, inputs
//! that vanish or grow during the run. No panic, no partial output file, a
//! message naming the path, a non-zero exit, and the other files unaffected.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

#[path = "support/bin.rs"]
mod bin;
use bin::{newsdedup, newsdedup_std};

use predicates::prelude::*;
use tempfile::TempDir;

/// An article of about `size` bytes whose last paragraph repeats the first.
fn article(seed: usize, size: usize) -> (String, String) {
    let mut body = format!("Report {seed}\n\n");
    let mut k = 0;
    while body.len() < size {
        body.push_str(&format!(
            "Paragraph {k} of report {seed} describes event {k} in plain words for the test.\n\n"
        ));
        k += 1;
    }
    let first =
        format!("Paragraph 0 of report {seed} describes event 0 in plain words for the test.\n");
    let expected = body.trim_end().to_owned() + "\n";
    (format!("{body}{first}"), expected)
}

fn write_articles(dir: &Path, count: usize, size: usize) -> Vec<(PathBuf, String)> {
    fs::create_dir_all(dir).unwrap();
    (0..count)
        .map(|i| {
            let (text, expected) = article(i, size);
            let path = dir.join(format!("{i:03}.txt"));
            fs::write(&path, text).unwrap();
            (path, expected)
        })
        .collect()
}

/// A small tmpfs mounted for the test (needs root); unmounted on drop.
struct TinyDisk(PathBuf);

impl TinyDisk {
    fn mount(at: &Path, size: &str) -> Option<TinyDisk> {
        fs::create_dir_all(at).ok()?;
        let ok = StdCommand::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| TinyDisk(at.to_path_buf()))
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = StdCommand::new("umount").arg(&self.0).status();
    }
}

/// Every file under `out` is the complete cleaned article (no partial file).
fn assert_complete_or_absent(out: &Path, articles: &[(PathBuf, String)]) -> usize {
    let mut complete = 0;
    for (path, expected) in articles {
        let dest = out.join(path.file_name().unwrap());
        if let Ok(written) = fs::read_to_string(&dest) {
            assert_eq!(&written, expected, "partial output {}", dest.display());
            complete += 1;
        }
    }
    let stray: Vec<_> = fs::read_dir(out)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        stray
            .iter()
            .all(|n| !n.to_string_lossy().contains(".newsdedup-")),
        "temporary files left: {stray:?}"
    );
    complete
}

#[test]
fn a_full_disk_leaves_no_partial_output_and_names_the_files() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    // Articles of two sizes: the small ones fit whatever the limit below.
    let articles: Vec<(PathBuf, String)> = (0..40)
        .map(|i| {
            let (text, expected) = article(i, if i % 2 == 0 { 12_000 } else { 1_500 });
            let path = input.join(format!("{i:03}.txt"));
            fs::create_dir_all(&input).unwrap();
            fs::write(&path, text).unwrap();
            (path, expected)
        })
        .collect();
    let out = dir.path().join("out");
    let disk = TinyDisk::mount(&out, "96k");
    let mut command = match &disk {
        Some(_) => newsdedup_std(),
        // Without root: a limit on the size of any file written (SIGXFSZ
        // ignored, so a write past it fails with EFBIG); links at the
        // destination are replaced now, so /dev/full cannot stand in.
        None => {
            let mut sh = StdCommand::new("sh");
            sh.args(["-c", "trap '' XFSZ; ulimit -f 8; exec \"$0\" \"$@\""])
                .arg(bin::bin_path());
            sh
        }
    };
    let output = command
        .arg(&input)
        .arg("--quiet")
        .arg("--out-dir")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert!(
        stderr.contains("No space left") || stderr.contains("File too large"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let complete = assert_complete_or_absent(&out, &articles);
    assert!(
        complete > 0 && complete < articles.len(),
        "{complete} complete"
    );
    drop(disk);
}

#[test]
fn a_full_disk_during_in_place_keeps_every_original() {
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("articles");
    let Some(_disk) = TinyDisk::mount(&folder, "64k") else {
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    };
    // Fill the disk to one free page with articles to rewrite: the rewritten
    // copy of an article does not fit beside it.
    let articles = write_articles(&folder, 6, 7_000);
    let originals: Vec<String> = articles
        .iter()
        .map(|(p, _)| fs::read_to_string(p).unwrap())
        .collect();
    fs::write(folder.join("filler.bin"), vec![0u8; 12 * 1024]).unwrap();
    newsdedup()
        .arg(&folder)
        .args(["--in-place", "--ext", "txt", "--quiet"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("No space left").and(predicate::str::contains("000.txt")))
        .stderr(predicate::str::contains("panicked").not());
    for ((path, expected), original) in articles.iter().zip(&originals) {
        let now = fs::read_to_string(path).unwrap();
        assert!(
            &now == expected || &now == original,
            "{} is partial",
            path.display()
        );
    }
    assert_complete_or_absent(&folder, &[]);
}

#[test]
fn an_output_path_that_cannot_be_created_fails_that_file_only() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    let nested = write_articles(&input.join("sub"), 3, 500);
    let top = write_articles(&input, 3, 500);
    let out = dir.path().join("out");
    fs::create_dir_all(&out).unwrap();
    // A file stands where the mirrored folder `sub` should go.
    fs::write(out.join("sub"), "not a folder").unwrap();
    newsdedup()
        .arg(&input)
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("sub"))
        .stderr(predicate::str::contains("3 cleaned"));
    assert_eq!(assert_complete_or_absent(&out, &top), 3);
    assert!(
        nested
            .iter()
            .all(|(p, _)| !out.join("sub").join(p.file_name().unwrap()).exists())
    );
    // An output "folder" that is a file fails at once.
    newsdedup()
        .arg(&input)
        .arg("--out-dir")
        .arg(out.join("sub"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot create"));
}

#[test]
fn inputs_that_vanish_or_grow_during_the_run_cause_no_panic() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    let articles = write_articles(&input, 600, 3_000);
    let growing = input.join("growing.txt");
    fs::write(&growing, "Live blog\n\n").unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let meddler = {
        let (stop, articles, growing) = (Arc::clone(&stop), articles.clone(), growing.clone());
        thread::spawn(move || {
            use std::io::Write;
            let mut k = 0;
            while !stop.load(Ordering::SeqCst) {
                if let Some((path, _)) = articles.get(k * 7 % articles.len()) {
                    let _ = fs::remove_file(path);
                }
                if let Ok(mut f) = fs::OpenOptions::new().append(true).open(&growing) {
                    let _ = writeln!(f, "Update {k}: the situation is developing.\n");
                }
                k += 1;
                thread::sleep(Duration::from_micros(200));
            }
        })
    };
    for round in 0..3 {
        let out = dir.path().join(format!("out{round}"));
        let assert = newsdedup()
            .arg(&input)
            .arg("--quiet")
            .arg("--out-dir")
            .arg(&out)
            .assert()
            .stderr(predicate::str::contains("panicked").not());
        let code = assert.get_output().status.code();
        assert!(matches!(code, Some(0 | 2)), "exit {code:?}");
        assert_complete_or_absent(&out, &articles);
        if let Ok(live) = fs::read_to_string(out.join("growing.txt")) {
            assert!(live.starts_with("Live blog\n\n"));
        }
    }
    stop.store(true, Ordering::SeqCst);
    meddler.join().unwrap();
}

/// Ctrl-C in the middle of a batch: the files written so far are whole, the
/// rest absent, and the exit code says the run was interrupted.
#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_whole_files_and_exits_130() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    let articles = write_articles(&input, 4_000, 4_000);
    let out = dir.path().join("out");
    let mut child = newsdedup_std()
        .arg(&input)
        .args(["--jobs", "1", "--out-dir"])
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt as soon as the first article is written.
    while fs::read_dir(&out).map_or(true, |mut entries| entries.next().is_none()) {
        assert!(child.try_wait().unwrap().is_none(), "finished too early");
        thread::sleep(Duration::from_millis(2));
    }
    // The shell's own `kill`: no procps needed on a bare machine.
    let killed = StdCommand::new("sh")
        .args(["-c", &format!("kill -INT {}", child.id())])
        .status();
    assert!(killed.is_ok_and(|s| s.success()));
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let written = assert_complete_or_absent(&out, &articles);
    assert!(
        (1..articles.len()).contains(&written),
        "{written} of {} written",
        articles.len()
    );
}
