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

// Issue 9, "Batch safety": the items that need a race, a signal, a FIFO, a
// closed stream or a memory limit. Each fails on 40a15b9.

/// Sends `signal` (`TERM`, `KILL`) to a child, with the shell's own `kill`.
fn signal(child: &std::process::Child, signal: &str) {
    let killed = StdCommand::new("sh")
        .args(["-c", &format!("kill -{signal} {}", child.id())])
        .status();
    assert!(killed.is_ok_and(|s| s.success()));
}

/// Waits until `ready` holds or the child exits; says whether `ready` held.
fn wait_for(child: &mut std::process::Child, ready: impl Fn() -> bool) -> bool {
    loop {
        if ready() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return ready();
        }
        thread::sleep(Duration::from_millis(1));
    }
}

/// The files under `dir`, recursively, with their bytes.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(contents(&path));
        } else if let Ok(bytes) = fs::read(&path) {
            out.push((path, bytes));
        }
    }
    out
}

/// Item 3: a link swapped in for a walked file while the run goes on is not
/// followed: a private file never lands in the output.
#[cfg(unix)]
#[test]
fn issue9_03_a_link_swapped_in_during_the_run_is_not_followed() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    // A large first article keeps the worker busy while the link goes in.
    let (big, _) = article(0, 8_000_000);
    fs::create_dir_all(input.join("a")).unwrap();
    fs::create_dir_all(input.join("zz")).unwrap();
    fs::write(input.join("a/000-big.txt"), big).unwrap();
    let victim = input.join("a/victim.txt");
    fs::write(&victim, article(1, 2_000).0).unwrap();
    let secret = dir.path().join("secret.txt");
    fs::write(&secret, "SECRET private notes.\n").unwrap();
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o600)).unwrap();
    let out = dir.path().join("out");
    let mut child = newsdedup_std()
        .arg(&input)
        .args(["--jobs", "1", "--out-dir"])
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The folder `zz` is mirrored once the walk has gone past `a/`.
    wait_for(&mut child, || out.join("zz").exists());
    let link = dir.path().join("link");
    symlink(&secret, &link).unwrap();
    fs::rename(&link, &victim).unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    for (path, bytes) in contents(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("SECRET"),
            "{} holds the private file",
            path.display()
        );
    }
}

/// Item 4: text written to a file during an in-place run (a scraper
/// appending) is never lost: the file is left as it is, with a warning.
#[cfg(unix)]
#[test]
fn issue9_04_in_place_keeps_text_written_during_the_run() {
    use std::io::Write;
    use std::time::SystemTime;
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    let live = input.join("live.txt");
    let (text, _) = article(0, 8_000_000);
    fs::write(&live, &text).unwrap();
    // An access time older than the modification time, so that reading the
    // file updates it (relatime): where /proc/PID/io is missing, that says
    // the run has started reading it.
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
    let file = fs::File::options().write(true).open(&live).unwrap();
    file.set_times(fs::FileTimes::new().set_accessed(old))
        .unwrap();
    drop(file);
    let mut child = newsdedup_std()
        .arg(&input)
        .args(["--in-place", "--jobs", "1"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Append once the whole file has been read, while it is being cleaned.
    let io = PathBuf::from(format!("/proc/{}/io", child.id()));
    let size = text.len() as u64;
    let read = wait_for(&mut child, || match fs::read_to_string(&io) {
        Ok(stats) => stats
            .lines()
            .find_map(|l| l.strip_prefix("rchar: "))
            .and_then(|n| n.trim().parse::<u64>().ok())
            .is_some_and(|n| n >= size),
        Err(_) => fs::metadata(&live).is_ok_and(|m| m.accessed().is_ok_and(|t| t != old)),
    });
    // A reader finishes with a last read that finds the end of the file: let
    // it, so the text below arrives after the read (cleaning takes longer).
    thread::sleep(Duration::from_millis(30));
    let update = "Update: the situation changed while the article was being cleaned.\n";
    let mut file = fs::File::options().append(true).open(&live).unwrap();
    file.write_all(update.as_bytes()).unwrap();
    drop(file);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let now = fs::read_to_string(&live).unwrap();
    assert!(now.ends_with(update), "the update was lost ({stderr})");
    if !read {
        eprintln!("(the file system does not update access times: the race was not staged)");
    }
}

/// Item 6: SIGTERM stops the run as Ctrl-C does (the file being written is
/// completed, exit 130); after SIGKILL no output is half-written under its
/// name, and the next run over that folder reports the temporary file left.
#[cfg(unix)]
#[test]
fn issue9_06_sigterm_and_sigkill_leave_no_half_written_output() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    // 32 MB that clean quickly (long lines, nothing to drop) but take a
    // while to write.
    let line = "abcdefghij".repeat(3_200);
    let big: String = (0..1_000).map(|k| format!("{line}{k}\n")).collect();
    fs::write(input.join("big.txt"), &big).unwrap();
    // Many files after it, so the run is still going when the signal comes.
    for k in 0..1_500 {
        fs::write(
            input.join(format!("small-{k:04}.txt")),
            "Small\n\nA short article.\n",
        )
        .unwrap();
    }
    let any_entry = |out: &Path| fs::read_dir(out).is_ok_and(|mut d| d.next().is_some());
    let whole_or_absent = |out: &Path| match fs::read(out.join("big.txt")) {
        Ok(bytes) => assert!(bytes == big.as_bytes(), "big.txt is half-written"),
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::NotFound),
    };

    let out = dir.path().join("term");
    let mut child = newsdedup_std()
        .arg(&input)
        .args(["--jobs", "1", "--out-dir"])
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    wait_for(&mut child, || any_entry(&out));
    signal(&child, "TERM");
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    whole_or_absent(&out);
    let names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".newsdedup-")),
        "{names:?}"
    );

    let out = dir.path().join("kill");
    let mut child = newsdedup_std()
        .arg(&input)
        .args(["--jobs", "1", "--out-dir"])
        .arg(&out)
        .spawn()
        .unwrap();
    wait_for(&mut child, || any_entry(&out));
    signal(&child, "KILL");
    child.wait().unwrap();
    whole_or_absent(&out);
    let stale = fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().starts_with(".newsdedup-")
        })
        .count();
    if stale > 0 {
        newsdedup()
            .arg(&out)
            .arg("--check")
            .assert()
            .success()
            .stderr(predicate::str::contains(
                "a temporary file of an interrupted newsdedup run",
            ))
            .stderr(predicate::str::contains(
                "1 temporary file of an interrupted run",
            ));
    }
}

/// Item 9 (never rewrite a file outside the input tree), found trying the
/// result as an attacker: a folder swapped for a link to another place after
/// the walk listed its parent, but before it read the folder itself, is not
/// entered: `--in-place` never rewrites a file outside the input folders.
#[cfg(unix)]
#[test]
fn issue9_09_a_folder_swapped_for_a_link_during_in_place_is_not_entered() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    // The walk lists in/ (all these, then sub/), cleans them a chunk at a
    // time, and reads in/sub/ only after the first chunks.
    let articles = write_articles(&input, 600, 500);
    let (text, _) = article(7, 500);
    fs::create_dir_all(input.join("sub")).unwrap();
    fs::write(input.join("sub/x.txt"), &text).unwrap();
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::write(elsewhere.join("x.txt"), &text).unwrap();
    let mut child = newsdedup_std()
        .arg(&input)
        .args(["--in-place", "--jobs", "1", "--quiet"])
        .spawn()
        .unwrap();
    let (first, cleaned) = &articles[0];
    wait_for(&mut child, || {
        fs::read_to_string(first).is_ok_and(|t| &t == cleaned)
    });
    fs::rename(input.join("sub"), dir.path().join("moved")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, input.join("sub")).unwrap();
    child.wait().unwrap();
    assert_eq!(fs::read_to_string(elsewhere.join("x.txt")).unwrap(), text);
}

/// Runs `command`, writing `text` into the FIFO `fifo` if the command opens
/// it for reading (as an old build did: it blocked until a writer came).
#[cfg(unix)]
fn run_beside_fifo(mut command: StdCommand, fifo: &Path, text: &str) -> std::process::Output {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut written = false;
    while child.try_wait().unwrap().is_none() {
        if !written {
            // O_NONBLOCK: opening for writing fails at once without a reader.
            let writer = fs::File::options()
                .write(true)
                .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
                .open(fifo);
            if let Ok(mut writer) = writer {
                let _ = writer.write_all(text.as_bytes());
                written = true;
            }
        }
        thread::sleep(Duration::from_millis(2));
    }
    child.wait_with_output().unwrap()
}

/// Item 7: a FIFO or a device named on the command line is skipped (batch)
/// or refused (one article), without blocking or reading forever.
#[cfg(unix)]
#[test]
fn issue9_07_a_fifo_or_a_device_on_the_command_line_is_not_read() {
    let dir = TempDir::new().unwrap();
    let fifo = dir.path().join("pipe.txt");
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o644),
        0,
    )
    .unwrap();
    let (text, _) = article(0, 1_000);
    let article_path = dir.path().join("a.txt");
    fs::write(&article_path, &text).unwrap();

    let mut one = newsdedup_std();
    one.arg(&fifo);
    let output = run_beside_fifo(one, &fifo, &text);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("a FIFO, not an article file"), "{stderr}");
    assert!(output.stdout.is_empty());

    let out = dir.path().join("out");
    let mut batch = newsdedup_std();
    batch
        .arg(&fifo)
        .arg("/dev/null")
        .arg(&article_path)
        .arg("--out-dir")
        .arg(&out);
    let output = run_beside_fifo(batch, &fifo, &text);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("skipped"), "{stderr}");
    assert!(stderr.contains("a device, not an article file"), "{stderr}");
    assert!(stderr.contains("3 files in"), "{stderr}");
    let written: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(written, ["a.txt"]);
}

/// Item 8: a closed stderr (`newsdedup DIR --in-place 2>&1 | head -3`) does
/// not stop the run: every file is still processed.
#[cfg(unix)]
#[test]
fn issue9_08_a_closed_stderr_does_not_stop_the_run() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    let articles = write_articles(&input, 30, 1_000);
    fs::write(input.join("000-binary"), b"\0\x01\x02").unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = newsdedup_std()
        .arg(&input)
        .arg("--in-place")
        .stdout(writer.try_clone().unwrap())
        .stderr(writer)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    for (path, expected) in &articles {
        assert_eq!(&fs::read_to_string(path).unwrap(), expected);
    }
}

/// Item 13: memory follows the largest article, not a count of them: JSON
/// Lines are read in chunks of bytes, and batch outputs are written by the
/// worker that cleaned them. Run under a data limit that ten times the
/// largest article would exceed.
#[cfg(unix)]
#[test]
fn issue9_13_memory_is_bounded_by_the_largest_article() {
    let dir = TempDir::new().unwrap();
    // 6 MB each: one line of letters, cheap to clean.
    let text = "abcdefghij".repeat(600_000);
    let record = format!("{{\"id\": 1, \"text\": \"{text}\"}}\n");
    let jsonl = dir.path().join("records.jsonl");
    fs::write(&jsonl, record.repeat(10)).unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    let line = "abcdefghij".repeat(3_000) + "\n";
    for k in 0..12 {
        fs::write(input.join(format!("{k:02}.txt")), line.repeat(200)).unwrap();
    }
    let limited = |args: &str| {
        StdCommand::new("sh")
            .args(["-c", &format!("ulimit -d 80000; exec \"$0\" {args}")])
            .arg(bin::bin_path())
            .current_dir(dir.path())
            .stdout(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    let output = limited("--jsonl --quiet --jobs 1 < records.jsonl");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let output = limited("in --out-dir out --quiet --jobs 1");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(fs::read_dir(dir.path().join("out")).unwrap().count(), 12);
}

/// Random trees of files, folders, links and FIFOs with hostile names, run
/// through the real binary in each batch mode: no input (nor anything outside
/// the inputs) is ever modified without `--in-place`, with it each file is
/// either as it was or cleaned, and every output is complete or absent.
#[cfg(unix)]
mod random_trees {
    use super::*;
    use std::collections::BTreeMap;
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{PermissionsExt, symlink};

    use newsdedup::{Config, clean};
    use proptest::prelude::*;

    const REPEATED: &str = "Bridge reopens\n\nThe harbour bridge reopened on Friday after eight months of repairs.\n\nEngineers replaced 42 steel cables.\n\nThe harbour bridge reopened on Friday after eight months of repairs.\n";
    const CLEAN: &str = "Council vote\n\nThe council approved the budget on Monday.\n";

    /// Names as scrapers and attackers make them.
    const NAMES: &[&[u8]] = &[
        b"a.txt",
        b"b",
        b"d",
        b".hidden.txt",
        b"two\nlines.txt",
        b"esc\x1b]0;x\x07.md",
        b"caf\xe9.txt",
        b"sp ace.text",
        b".newsdedup-1-2.tmp",
        b"page.html",
    ];

    #[derive(Clone, Debug)]
    enum Node {
        File(u8),
        Folder,
        Link(Target),
        Fifo,
    }

    #[derive(Clone, Debug)]
    enum Target {
        Entry(usize),
        OutsideFile,
        OutsideFolder,
        Root,
        Dangling,
        Output,
    }

    #[derive(Clone, Copy, Debug)]
    enum Mode {
        OutDir,
        Check,
        InPlace,
    }

    fn node() -> impl Strategy<Value = Node> {
        let target = prop_oneof![
            (0..12usize).prop_map(Target::Entry),
            Just(Target::OutsideFile),
            Just(Target::OutsideFolder),
            Just(Target::Root),
            Just(Target::Dangling),
            Just(Target::Output),
        ];
        prop_oneof![
            4 => (0..5u8).prop_map(Node::File),
            2 => Just(Node::Folder),
            2 => target.prop_map(Node::Link),
            1 => Just(Node::Fifo),
        ]
    }

    fn tree() -> impl Strategy<Value = Vec<(Vec<usize>, Node)>> {
        prop::collection::vec((prop::collection::vec(0..NAMES.len(), 1..4), node()), 1..12)
    }

    fn content(kind: u8) -> Vec<u8> {
        match kind {
            0 => REPEATED.into(),
            1 => CLEAN.into(),
            2 => b"binary\0data".to_vec(),
            3 => b"Caf\xe9 au lait.\n".to_vec(),
            _ => Vec::new(),
        }
    }

    fn path_of(root: &Path, names: &[usize]) -> PathBuf {
        let mut path = root.to_path_buf();
        for &n in names {
            path.push(OsStr::from_bytes(NAMES[n]));
        }
        path
    }

    /// Builds the tree under `sandbox/in`, beside `sandbox/outside`.
    fn build(sandbox: &Path, entries: &[(Vec<usize>, Node)]) {
        let input = sandbox.join("in");
        let outside = sandbox.join("outside");
        fs::create_dir_all(outside.join("folder")).unwrap();
        fs::write(outside.join("file.txt"), REPEATED).unwrap();
        fs::write(outside.join("folder/x.txt"), REPEATED).unwrap();
        fs::create_dir_all(&input).unwrap();
        let paths: Vec<PathBuf> = entries
            .iter()
            .map(|(names, _)| path_of(&input, names))
            .collect();
        for (path, (_, node)) in paths.iter().zip(entries) {
            if fs::create_dir_all(path.parent().unwrap()).is_err()
                || fs::symlink_metadata(path).is_ok()
            {
                continue;
            }
            let _ = match node {
                Node::File(kind) => fs::write(path, content(*kind)),
                Node::Folder => fs::create_dir(path),
                Node::Fifo => rustix::fs::mknodat(
                    rustix::fs::CWD,
                    path,
                    rustix::fs::FileType::Fifo,
                    rustix::fs::Mode::from_raw_mode(0o644),
                    0,
                )
                .map_err(std::io::Error::from),
                Node::Link(target) => {
                    let to = match target {
                        Target::Entry(k) => paths[k % paths.len()].clone(),
                        Target::OutsideFile => outside.join("file.txt"),
                        Target::OutsideFolder => outside.join("folder"),
                        Target::Root => input.clone(),
                        Target::Dangling => sandbox.join("nowhere"),
                        Target::Output => sandbox.join("out"),
                    };
                    symlink(to, path)
                }
            };
        }
    }

    /// What a path is, for a before-and-after comparison (links not followed).
    #[derive(Debug, PartialEq, Eq)]
    enum Entry {
        File { mode: u32, bytes: Vec<u8> },
        Folder,
        Link(PathBuf),
        Other,
    }

    fn snapshot(dir: &Path, skip: &Path, out: &mut BTreeMap<PathBuf, Entry>) {
        for entry in fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path == skip {
                continue;
            }
            let meta = fs::symlink_metadata(&path).unwrap();
            let kind = meta.file_type();
            let value = if kind.is_symlink() {
                Entry::Link(fs::read_link(&path).unwrap())
            } else if kind.is_dir() {
                snapshot(&path, skip, out);
                Entry::Folder
            } else if kind.is_file() {
                Entry::File {
                    mode: meta.permissions().mode() & 0o7777,
                    bytes: fs::read(&path).unwrap(),
                }
            } else {
                Entry::Other
            };
            out.insert(path, value);
        }
    }

    /// What newsdedup makes of `bytes`, if it is an article.
    fn cleaned(bytes: &[u8]) -> Option<Vec<u8>> {
        if bytes.contains(&0) {
            return None;
        }
        let text = std::str::from_utf8(bytes).ok()?;
        Some(clean(text, &Config::default()).text().into_bytes())
    }

    fn is_temporary(path: &Path) -> bool {
        path.file_name()
            .is_some_and(|n| n.as_bytes().starts_with(b".newsdedup-"))
            && !path.ends_with(".newsdedup-1-2.tmp")
    }

    fn check(
        entries: Vec<(Vec<usize>, Node)>,
        mode: Mode,
        follow: bool,
        hidden: bool,
        every_file: bool,
    ) {
        let sandbox = TempDir::new().unwrap();
        let sandbox = sandbox.path();
        build(sandbox, &entries);
        let (input, out) = (sandbox.join("in"), sandbox.join("out"));
        let mut before = BTreeMap::new();
        snapshot(sandbox, &out, &mut before);
        let mut command = newsdedup_std();
        command.arg(&input).args(["--quiet", "--jobs", "2"]);
        match mode {
            Mode::OutDir => command.arg("--out-dir").arg(&out),
            Mode::Check => command.arg("--check"),
            Mode::InPlace => command.arg("--in-place"),
        };
        for (on, flag) in [(follow, "--follow"), (hidden, "--hidden")] {
            if on {
                command.arg(flag);
            }
        }
        if every_file {
            command.args(["--ext", "*"]);
        }
        let output = command
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            matches!(output.status.code(), Some(0..=2)),
            "{:?}: {stderr}",
            output.status
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        let mut after = BTreeMap::new();
        snapshot(sandbox, &out, &mut after);
        match mode {
            Mode::OutDir | Mode::Check => assert_eq!(before, after, "{stderr}"),
            Mode::InPlace => {
                let (before_paths, after_paths): (Vec<_>, Vec<_>) =
                    (before.keys().collect(), after.keys().collect());
                assert_eq!(
                    before_paths, after_paths,
                    "files appeared or vanished: {stderr}"
                );
                for (path, old) in &before {
                    let new = &after[path];
                    let outside = path.starts_with(sandbox.join("outside"));
                    match (old, new) {
                        (
                            Entry::File {
                                mode: m0,
                                bytes: b0,
                            },
                            Entry::File {
                                mode: m1,
                                bytes: b1,
                            },
                        ) if !outside => {
                            assert_eq!(m0, m1, "{}", path.display());
                            assert!(
                                b1 == b0 || Some(b1) == cleaned(b0).as_ref(),
                                "{} is neither as it was nor cleaned",
                                path.display()
                            );
                        }
                        _ => assert_eq!(old, new, "{} changed", path.display()),
                    }
                }
            }
        }
        // Every output is complete (the cleaned input at the same place) or absent.
        let mut outputs = BTreeMap::new();
        if out.exists() {
            snapshot(&out, Path::new(""), &mut outputs);
        }
        for (path, entry) in outputs {
            assert!(
                !is_temporary(&path),
                "temporary file left: {}",
                path.display()
            );
            match entry {
                Entry::Folder => {}
                Entry::File { bytes, .. } => {
                    let source = input.join(path.strip_prefix(&out).unwrap());
                    let original = fs::read(&source).unwrap();
                    assert_eq!(Some(bytes), cleaned(&original), "{}", path.display());
                }
                other => panic!("{}: {other:?} in the output", path.display()),
            }
        }
        for path in after.keys() {
            assert!(
                !is_temporary(path),
                "temporary file left: {}",
                path.display()
            );
        }
        // And no article is missed: every article reached without a link has
        // its output.
        if matches!(mode, Mode::OutDir) {
            for relative in articles(&input, Path::new(""), hidden, every_file) {
                assert!(
                    out.join(&relative).is_file(),
                    "no output for {} ({stderr})",
                    relative.display()
                );
            }
        }
    }

    /// The articles under `dir` the walk must clean: plain files (no link on
    /// the way) with an article's name, text, not hidden unless `hidden`.
    fn articles(root: &Path, relative: &Path, hidden: bool, every_file: bool) -> Vec<PathBuf> {
        let mut found = Vec::new();
        for entry in fs::read_dir(root.join(relative)).unwrap().flatten() {
            let name = entry.file_name();
            let bytes = name.as_bytes();
            if (bytes.starts_with(b".") && !hidden) || bytes.starts_with(b".newsdedup-") {
                continue;
            }
            let path = relative.join(&name);
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                found.extend(articles(root, &path, hidden, every_file));
            } else if kind.is_file() {
                let article = every_file
                    || match Path::new(&name).extension() {
                        None => true,
                        Some(ext) => ["txt", "text", "md"].iter().any(|e| ext == *e),
                    };
                if article && cleaned(&fs::read(root.join(&path)).unwrap()).is_some() {
                    found.push(path);
                }
            }
        }
        found
    }

    fn cases() -> u32 {
        std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(32)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

        #[test]
        fn issue9_random_trees_lose_nothing(
            entries in tree(),
            mode in prop_oneof![Just(Mode::OutDir), Just(Mode::Check), Just(Mode::InPlace)],
            follow in any::<bool>(),
            hidden in any::<bool>(),
            every_file in any::<bool>(),
        ) {
            check(entries, mode, follow, hidden, every_file);
        }
    }

    /// The names used are really hostile ones (the test is not vacuous).
    #[test]
    fn names_include_control_characters_and_invalid_bytes() {
        let hostile: Vec<&OsStr> = NAMES.iter().map(|n| OsStr::from_bytes(n)).collect();
        assert!(hostile.iter().any(|n| n.to_str().is_none()));
        assert!(hostile.iter().any(|n| n.as_bytes().contains(&b'\n')));
    }
}
