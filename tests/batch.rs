//! Batch and pipeline modes of the binary: folders, `--out-dir`, `--in-place`,
//! `--check`, `--report`, `--jsonl`, exit codes.

use std::fs;
use std::path::{Path, PathBuf};

#[path = "support/bin.rs"]
mod bin;
use bin::{newsdedup, newsdedup_std};

use predicates::prelude::*;
use tempfile::TempDir;

const REPEATED: &str = "Bridge reopens\n\nThe harbour bridge reopened on Friday after eight months of repairs.\n\n\
                        Engineers replaced 42 steel cables.\n\n\
                        The harbour bridge reopened on Friday after eight months of repairs.\n";
const REPEATED_CLEAN: &str = "Bridge reopens\n\nThe harbour bridge reopened on Friday after eight months of repairs.\n\n\
                              Engineers replaced 42 steel cables.\n";
const CLEAN: &str = "Council vote\n\nThe council approved the budget on Monday.\n\nCritics said it cuts too deep.\n";

fn write(path: &Path, content: impl AsRef<[u8]>) {
    fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
    fs::write(path, content).expect("write fixture");
}

/// The content of a file the test expects to exist.
fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A folder of articles: two with repeats (one nested), one clean, one binary
/// (no extension, so an article by name), one not UTF-8.
fn scraped() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    let root = dir.path().join("in");
    write(&root.join("a.txt"), REPEATED);
    write(&root.join("sub/deeper/b.txt"), REPEATED);
    write(&root.join("sub/c.md"), CLEAN);
    write(&root.join("image"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    write(&root.join("latin1.txt"), b"Caf\xe9 au lait.\n");
    dir
}

fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walk(root)
        .into_iter()
        .map(|p| p.strip_prefix(root).expect("under root").to_path_buf())
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn out_dir_mirrors_the_layout_and_skips_binary_and_non_utf8_files() {
    let dir = scraped();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    newsdedup()
        .arg(&input)
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .success()
        .stdout("")
        .stderr(
            predicate::str::contains("skipped")
                .and(predicate::str::contains("image"))
                .and(predicate::str::contains("latin1.txt"))
                .and(predicate::str::contains("5 files in"))
                .and(predicate::str::contains(
                    "2 cleaned, 1 unchanged, 2 skipped, 0 failed",
                )),
        );
    assert_eq!(
        files_under(&out),
        [
            PathBuf::from("a.txt"),
            PathBuf::from("sub/c.md"),
            PathBuf::from("sub/deeper/b.txt")
        ]
    );
    assert_eq!(read(out.join("a.txt")), REPEATED_CLEAN);
    assert_eq!(read(out.join("sub/deeper/b.txt")), REPEATED_CLEAN);
    assert_eq!(read(out.join("sub/c.md")), CLEAN);
    // The input is untouched.
    assert_eq!(read(input.join("a.txt")), REPEATED);
}

#[test]
fn ext_narrows_the_files_in_folders() {
    let dir = scraped();
    let out = dir.path().join("out");
    newsdedup()
        .arg(dir.path().join("in"))
        .args(["--ext", "md", "--quiet", "--out-dir"])
        .arg(&out)
        .assert()
        .success()
        .stderr("");
    assert_eq!(files_under(&out), [PathBuf::from("sub/c.md")]);
}

#[test]
fn refuses_an_output_folder_inside_the_input() {
    let dir = scraped();
    let input = dir.path().join("in");
    for out in [input.join("cleaned"), input.clone(), input.join("sub/../x")] {
        newsdedup()
            .arg(&input)
            .arg("--out-dir")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("refusing to write into"));
    }
    assert!(!input.join("cleaned").exists());
    assert!(!input.join("x").exists());
}

#[test]
fn in_place_rewrites_changed_files_keeping_permissions() {
    let dir = scraped();
    let input = dir.path().join("in");
    let a = input.join("a.txt");
    let c = input.join("sub/c.md");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&a, fs::Permissions::from_mode(0o640)).unwrap();
    }
    let untouched_before = fs::metadata(&c).unwrap().modified().unwrap();
    newsdedup()
        .arg(&input)
        .args(["--in-place", "--quiet"])
        .assert()
        .success();
    assert_eq!(read(&a), REPEATED_CLEAN);
    assert_eq!(read(&c), CLEAN);
    assert_eq!(
        fs::metadata(&c).unwrap().modified().unwrap(),
        untouched_before
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&a).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
    // No temporary files are left behind; skipped files are untouched.
    assert!(
        files_under(&input)
            .iter()
            .all(|p| !p.to_string_lossy().contains(".newsdedup-"))
    );
    assert_eq!(
        fs::read(input.join("latin1.txt")).unwrap(),
        b"Caf\xe9 au lait.\n"
    );
    // A second run finds nothing more to do.
    newsdedup()
        .arg(&input)
        .arg("--check")
        .assert()
        .success()
        .stdout("");
}

#[test]
fn check_lists_articles_with_repeats_and_exits_1() {
    let dir = scraped();
    let input = dir.path().join("in");
    newsdedup()
        .arg(&input)
        .args(["--check", "--quiet"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("a.txt").and(predicate::str::contains("b.txt")))
        .stdout(predicate::str::contains("c.md").not());
    assert_eq!(read(input.join("a.txt")), REPEATED);
    newsdedup()
        .arg(input.join("sub/c.md"))
        .arg("--check")
        .assert()
        .success()
        .stdout("");
    newsdedup()
        .arg("--check")
        .write_stdin(REPEATED)
        .assert()
        .code(1)
        .stdout("-\n");
}

#[test]
fn a_missing_or_unreadable_file_is_reported_and_the_rest_still_processed() {
    let dir = scraped();
    let input = dir.path().join("in");
    let out = dir.path().join("out");
    let locked = input.join("locked.txt");
    write(&locked, REPEATED);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    }
    // Root reads anything; then only the missing path fails.
    let locked_fails = fs::read(&locked).is_err();
    let assert = newsdedup()
        .arg(&input)
        .arg(dir.path().join("missing.txt"))
        .args(["--quiet", "--out-dir"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.txt"));
    if locked_fails {
        assert.stderr(predicate::str::contains("locked.txt"));
    }
    // Several inputs: each is mirrored under its own name.
    assert_eq!(read(out.join("in/a.txt")), REPEATED_CLEAN);
    assert_eq!(read(out.join("in/sub/deeper/b.txt")), REPEATED_CLEAN);
}

#[test]
fn report_has_one_json_object_per_article_with_decisions() {
    let dir = scraped();
    let report = dir.path().join("report.jsonl");
    newsdedup()
        .arg(dir.path().join("in"))
        .args(["--check", "--quiet", "--report"])
        .arg(&report)
        .assert()
        .code(1);
    let text = read(&report);
    let records: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(records.len(), 5);
    let status: Vec<(&str, &str)> = records
        .iter()
        .map(|r| {
            let path = r["path"].as_str().unwrap();
            (
                &path[path.rfind('/').map_or(0, |i| i + 1)..],
                r["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            ("a.txt", "cleaned"),
            ("image", "skipped"),
            ("latin1.txt", "skipped"),
            ("c.md", "unchanged"),
            ("b.txt", "cleaned")
        ]
    );
    let a = &records[0];
    assert_eq!(a["bytes_in"], REPEATED.len());
    assert_eq!(a["bytes_out"], REPEATED_CLEAN.len());
    let decision = &a["decisions"][0];
    assert_eq!(decision["kind"], "exact");
    let (start, end) = (
        decision["start"].as_u64().unwrap() as usize,
        decision["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(decision["text"].as_str().unwrap(), &REPEATED[start..end]);
    let w = &decision["witnesses"][0];
    let (ws, we) = (
        w["start"].as_u64().unwrap() as usize,
        w["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&REPEATED[ws..we], &REPEATED[start..end]);
    assert!(we <= start);
    assert!(records[1]["reason"].as_str().unwrap().contains("binary"));
}

#[test]
fn format_json_prints_the_report_of_one_article() {
    let out = newsdedup()
        .args(["--format", "json"])
        .write_stdin(REPEATED)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(json["path"], serde_json::Value::Null);
    assert_eq!(json["status"], "cleaned");
    assert_eq!(json["sentences_dropped"], 1);
    assert_eq!(json["paragraphs_dropped"], 1);
}

#[test]
fn jobs_do_not_change_the_results() {
    let dir = scraped();
    let input = dir.path().join("in");
    for k in 0..40 {
        write(
            &input.join(format!("many/{k:02}.txt")),
            REPEATED.replace("42", &k.to_string()),
        );
    }
    let mut reports = Vec::new();
    for jobs in ["1", "4"] {
        let out = dir.path().join(format!("out{jobs}"));
        let report = dir.path().join(format!("report{jobs}.jsonl"));
        newsdedup()
            .arg(&input)
            .args(["--quiet", "--jobs", jobs, "--out-dir"])
            .arg(&out)
            .arg("--report")
            .arg(&report)
            .assert()
            .success();
        let files: Vec<(PathBuf, Vec<u8>)> = files_under(&out)
            .into_iter()
            .map(|p| (p.clone(), fs::read(out.join(&p)).unwrap()))
            .collect();
        reports.push((files, read(&report)));
    }
    assert_eq!(reports[0], reports[1]);
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_only_with_follow() {
    let dir = scraped();
    let input = dir.path().join("in");
    let elsewhere = dir.path().join("elsewhere");
    write(&elsewhere.join("linked.txt"), REPEATED);
    std::os::unix::fs::symlink(&elsewhere, input.join("link")).unwrap();
    let out = dir.path().join("out");
    newsdedup()
        .arg(&input)
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("1 symbolic link not followed"));
    assert!(!out.join("link/linked.txt").exists());
    let out2 = dir.path().join("out2");
    newsdedup()
        .arg(&input)
        .args(["--follow", "--quiet", "--out-dir"])
        .arg(&out2)
        .assert()
        .success();
    assert_eq!(read(out2.join("link/linked.txt")), REPEATED_CLEAN);
}

#[test]
fn a_folder_without_a_target_is_a_usage_error() {
    let dir = scraped();
    newsdedup()
        .arg(dir.path().join("in"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--out-dir"));
}

#[test]
fn jsonl_cleans_one_field_and_keeps_the_others() {
    let record = serde_json::json!({ "id": 1, "url": "https://example.com/a", "body": REPEATED, "tags": ["x", 2.50] });
    let untouched = r#"{"id": 2,   "body": "Short and new."}"#;
    let input = format!("{record}\n{untouched}\nnot json\n");
    let out = newsdedup()
        .args(["--jsonl", "--text-field", "body"])
        .write_stdin(input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 3"))
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    let cleaned: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(cleaned["body"], REPEATED_CLEAN);
    assert_eq!(cleaned["url"], "https://example.com/a");
    assert_eq!(cleaned["tags"], serde_json::json!(["x", 2.5]));
    assert_eq!(lines[1], untouched);
    assert_eq!(lines[2], "not json");
}

// Issue 9, "Batch safety": one test per numbered item (named after it), then
// the walk and the report as fd users expect. Each fails on 40a15b9.

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::symlink_metadata(path).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// Item 1: `newsdedup o/d --out-dir o` would map `o/d/d/x.txt` onto the
/// input `o/d/x.txt` and overwrite it before reading it.
#[test]
fn issue9_01_an_output_folder_holding_an_input_is_refused() {
    let dir = TempDir::new().unwrap();
    let o = dir.path().join("o");
    write(&o.join("d/x.txt"), REPEATED);
    write(&o.join("d/d/x.txt"), CLEAN);
    newsdedup()
        .arg(o.join("d"))
        .arg("--out-dir")
        .arg(&o)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to write into"));
    assert_eq!(read(o.join("d/x.txt")), REPEATED);
    assert_eq!(read(o.join("d/d/x.txt")), CLEAN);
    // A file inside the output folder, too.
    newsdedup()
        .arg(o.join("d/x.txt"))
        .arg("--out-dir")
        .arg(o.join("d"))
        .assert()
        .code(2);
    assert_eq!(read(o.join("d/x.txt")), REPEATED);
}

/// Item 2: a link at the destination (a file, or a folder on the way) is
/// replaced or refused, never written through; a hard-linked destination
/// (`cp -al in out`) is replaced, the input keeps its text.
#[cfg(unix)]
#[test]
fn issue9_02_links_at_the_destination_are_never_written_through() {
    use std::os::unix::fs::symlink;
    let dir = scraped();
    let input = dir.path().join("in");
    let outside = dir.path().join("outside");
    write(&outside.join("precious.txt"), "precious");
    fs::create_dir_all(outside.join("folder")).unwrap();
    let out = dir.path().join("out");
    fs::create_dir_all(&out).unwrap();
    symlink(outside.join("precious.txt"), out.join("a.txt")).unwrap();
    symlink(outside.join("folder"), out.join("sub")).unwrap();
    newsdedup()
        .arg(&input)
        .args(["--quiet", "--out-dir"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "symbolic link stands where the folder goes",
        ));
    assert_eq!(read(outside.join("precious.txt")), "precious");
    assert_eq!(fs::read_dir(outside.join("folder")).unwrap().count(), 0);
    assert!(fs::symlink_metadata(out.join("a.txt")).unwrap().is_file());
    assert_eq!(read(out.join("a.txt")), REPEATED_CLEAN);

    // Hard links: the output folder made with `cp -al in out2`.
    let out2 = dir.path().join("out2");
    for p in files_under(&input) {
        fs::create_dir_all(out2.join(&p).parent().unwrap()).unwrap();
        fs::hard_link(input.join(&p), out2.join(&p)).unwrap();
    }
    newsdedup()
        .arg(&input)
        .args(["--quiet", "--out-dir"])
        .arg(&out2)
        .assert()
        .success();
    assert_eq!(read(input.join("a.txt")), REPEATED);
    assert_eq!(read(input.join("sub/deeper/b.txt")), REPEATED);
    assert_eq!(read(out2.join("a.txt")), REPEATED_CLEAN);
}

/// Item 3 (the part that does not need a race; tests/faults.rs swaps a link in
/// during a run): an output keeps its input's permission bits, so a private
/// article stays private.
#[cfg(unix)]
#[test]
fn issue9_03_outputs_keep_the_permission_bits_of_their_input() {
    let dir = scraped();
    let input = dir.path().join("in");
    set_mode(&input.join("a.txt"), 0o600);
    set_mode(&input.join("sub/c.md"), 0o640);
    let out = dir.path().join("out");
    newsdedup()
        .arg(&input)
        .args(["--quiet", "--out-dir"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(mode(&out.join("a.txt")), 0o600);
    assert_eq!(mode(&out.join("sub/c.md")), 0o640);
}

/// Item 5: a report path that is, or may become, an input is refused.
#[test]
fn issue9_05_a_report_onto_an_input_is_refused() {
    let dir = scraped();
    let input = dir.path().join("in");
    let out = dir.path().join("out");
    let runs: [(&[&str], PathBuf); 3] = [
        (&["--check"], input.join("a.txt")),
        (&["--in-place"], input.join("report.jsonl")),
        (
            &["--out-dir", out.to_str().unwrap()],
            input.join("sub/report.jsonl"),
        ),
    ];
    for (flags, report) in runs {
        newsdedup()
            .arg(&input)
            .args(flags)
            .arg("--report")
            .arg(&report)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("refusing to write the report"));
    }
    assert_eq!(read(input.join("a.txt")), REPEATED);
    assert!(!input.join("report.jsonl").exists());
    // One article: the report cannot be the article either.
    newsdedup()
        .arg(input.join("a.txt"))
        .arg("--report")
        .arg(input.join("a.txt"))
        .assert()
        .code(2);
    assert_eq!(read(input.join("a.txt")), REPEATED);
}

/// Item 9: `--in-place` keeps owner, group, permission bits without
/// setuid/setgid, and times; it skips read-only and hard-linked files, and
/// links unless `--follow` (then only inside the input folders).
#[cfg(unix)]
#[test]
fn issue9_09_in_place_keeps_metadata_and_skips_what_it_must_not_rewrite() {
    use std::os::unix::fs::{MetadataExt, symlink};
    use std::time::{Duration, SystemTime};
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    for name in [
        "setuid.txt",
        "old.txt",
        "read-only.txt",
        "linked.txt",
        "inside.txt",
    ] {
        write(&input.join(name), REPEATED);
    }
    set_mode(&input.join("setuid.txt"), 0o4755);
    let year_2001 = SystemTime::UNIX_EPOCH + Duration::from_secs(978_307_200);
    let old = fs::File::options()
        .write(true)
        .open(input.join("old.txt"))
        .unwrap();
    old.set_modified(year_2001).unwrap();
    drop(old);
    let root = fs::metadata(&input).unwrap().uid() == 0;
    if root {
        std::os::unix::fs::chown(input.join("old.txt"), Some(1234), Some(5678)).unwrap();
    }
    set_mode(&input.join("read-only.txt"), 0o444);
    fs::hard_link(input.join("linked.txt"), dir.path().join("other-name.txt")).unwrap();
    write(&dir.path().join("outside.txt"), REPEATED);
    symlink(dir.path().join("outside.txt"), input.join("to-outside.txt")).unwrap();
    symlink("inside.txt", input.join("to-inside.txt")).unwrap();
    symlink(
        dir.path().join("outside.txt"),
        dir.path().join("named-link.txt"),
    )
    .unwrap();

    let assert = newsdedup()
        .arg(&input)
        .arg(dir.path().join("named-link.txt"))
        .arg("--in-place")
        .assert()
        .success();
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("read-only.txt: read-only; not rewritten"),
        "{stderr}"
    );
    assert!(stderr.contains("linked.txt: has 2 hard links"), "{stderr}");
    assert!(
        stderr.contains("named-link.txt: a symbolic link; not rewritten"),
        "{stderr}"
    );
    assert!(stderr.contains("2 symbolic links not followed"), "{stderr}");
    assert_eq!(read(input.join("setuid.txt")), REPEATED_CLEAN);
    assert_eq!(mode(&input.join("setuid.txt")), 0o755);
    let old = fs::metadata(input.join("old.txt")).unwrap();
    assert_eq!(read(input.join("old.txt")), REPEATED_CLEAN);
    assert_eq!(old.modified().unwrap(), year_2001);
    if root {
        assert_eq!((old.uid(), old.gid()), (1234, 5678));
    }
    for kept in ["read-only.txt", "linked.txt"] {
        assert_eq!(read(input.join(kept)), REPEATED, "{kept}");
    }
    assert_eq!(read(dir.path().join("other-name.txt")), REPEATED);
    assert_eq!(mode(&input.join("read-only.txt")), 0o444);

    // --follow: a link inside the input folders has its file rewritten (the
    // link stays); one that leads outside is left alone.
    let assert = newsdedup()
        .arg(&input)
        .args(["--in-place", "--follow"])
        .assert()
        .success();
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("leads outside the input folders"),
        "{stderr}"
    );
    assert_eq!(read(dir.path().join("outside.txt")), REPEATED);
    assert_eq!(read(input.join("inside.txt")), REPEATED_CLEAN);
    assert!(
        fs::symlink_metadata(input.join("to-inside.txt"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::symlink_metadata(input.join("to-outside.txt"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// Item 10: names are escaped in messages, `-0` ends listed names with NUL,
/// and the report names a file that is not UTF-8 exactly (`path_bytes`).
#[cfg(unix)]
#[test]
fn issue9_10_hostile_names_are_escaped_listed_with_nul_and_reported_losslessly() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    write(
        &input.join("evil\u{1b}]0;owned\u{7}\n.txt"),
        b"binary\0file",
    );
    write(&input.join("two\nlines.txt"), REPEATED);
    let latin1 = input.join(OsStr::from_bytes(b"caf\xe9.txt"));
    write(&latin1, REPEATED);
    let report = dir.path().join("report.jsonl");
    let assert = newsdedup()
        .arg(&input)
        .args(["--check", "-0", "--report"])
        .arg(&report)
        .assert()
        .code(1);
    let stderr = stderr_of(&assert);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(
        stderr.contains(r"evil\u{1b}]0;owned\u{7}\n.txt"),
        "{stderr:?}"
    );
    let mut expected = latin1.as_os_str().as_bytes().to_vec();
    expected.push(0);
    expected.extend_from_slice(input.join("two\nlines.txt").as_os_str().as_bytes());
    expected.push(0);
    assert_eq!(assert.get_output().stdout, expected);
    let records: Vec<serde_json::Value> = read(&report)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let cafe = records
        .iter()
        .find(|r| r.get("path_bytes").is_some())
        .expect("a record with path_bytes");
    let bytes: Vec<u8> = cafe["path_bytes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_u64().unwrap() as u8)
        .collect();
    assert_eq!(bytes, latin1.as_os_str().as_bytes());
    assert_eq!(cafe["schema_version"], newsdedup::write::SCHEMA_VERSION);
    assert!(
        records
            .iter()
            .all(|r| r["schema_version"] == newsdedup::write::SCHEMA_VERSION)
    );
}

/// Item 12: a cleaned record keeps everything outside its text value byte
/// for byte; a lone surrogate is reported; a byte-order mark is handled.
#[test]
fn issue9_12_jsonl_changes_the_text_value_only() {
    let input = concat!(
        "\u{feff}{ \"te\\u0078t\" : \"T\\n\\nA b c d e f.\\n\\nA b c d e f.\" ,  \"k\\\"ey\":  [1, 2.50] }\n",
        "{\"id\": 2, \"text\": \"Half a pair: \\ud800.\"}\n",
    );
    let assert = newsdedup()
        .arg("--jsonl")
        .write_stdin(input)
        .assert()
        .code(2);
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = out.split_inclusive('\n').collect();
    assert_eq!(
        lines[0],
        "\u{feff}{ \"te\\u0078t\" : \"T\\n\\nA b c d e f.\" ,  \"k\\\"ey\":  [1, 2.50] }\n"
    );
    assert_eq!(
        lines[1],
        "{\"id\": 2, \"text\": \"Half a pair: \\ud800.\"}\n"
    );
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains(r#"line 2: the "text" string holds \ud800"#),
        "{stderr}"
    );
    assert!(stderr.contains("1 cleaned"), "{stderr}");
}

/// Item 13: `--jobs` is capped at the core count.
#[test]
fn issue9_13_jobs_are_capped_at_the_core_count() {
    let dir = scraped();
    let cores = std::thread::available_parallelism().unwrap().get();
    let threads = if cores == 1 { "1 thread" } else { "threads" };
    newsdedup()
        .arg(dir.path().join("in"))
        .args(["--check", "--jobs", "10000"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "this machine has {cores} cores; using one thread per core"
        )))
        .stderr(predicate::str::contains(format!("on {cores} {threads}")));
}

/// fd's defaults: hidden files and folders are skipped unless `--hidden`;
/// only article files (.txt, .text, .md, no extension) unless `--ext`.
#[test]
fn issue9_walk_skips_hidden_files_and_non_articles_as_fd_would() {
    let dir = scraped();
    let input = dir.path().join("in");
    write(&input.join(".git/notes.txt"), REPEATED);
    write(&input.join(".draft.txt"), REPEATED);
    write(&input.join("page.html"), REPEATED);
    write(&input.join("notes.text"), REPEATED);
    let out = dir.path().join("out");
    newsdedup()
        .arg(&input)
        .args(["--quiet", "--out-dir"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        files_under(&out),
        ["a.txt", "notes.text", "sub/c.md", "sub/deeper/b.txt"].map(PathBuf::from)
    );
    let out2 = dir.path().join("out2");
    newsdedup()
        .arg(&input)
        .args(["--quiet", "--hidden", "--ext", "txt, HTML", "--out-dir"])
        .arg(&out2)
        .assert()
        .success();
    assert_eq!(
        files_under(&out2),
        [
            ".draft.txt",
            ".git/notes.txt",
            "a.txt",
            "latin1.txt",
            "page.html",
            "sub/deeper/b.txt"
        ]
        .map(PathBuf::from)
        .into_iter()
        .filter(|p| p != Path::new("latin1.txt"))
        .collect::<Vec<_>>()
    );
}

/// Several inputs are mirrored under their own names (`cp -r x y out/`); the
/// same file given twice is cleaned once.
#[test]
fn issue9_several_inputs_are_mirrored_under_their_names() {
    let dir = TempDir::new().unwrap();
    let (x, y) = (dir.path().join("x"), dir.path().join("y"));
    write(&x.join("a.txt"), REPEATED);
    write(&y.join("a.txt"), CLEAN);
    let out = dir.path().join("out");
    newsdedup()
        .arg(&x)
        .arg(&y)
        .arg(x.join("a.txt"))
        .arg(x.join("a.txt"))
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("3 files in"));
    assert_eq!(
        files_under(&out),
        ["a.txt", "x/a.txt", "y/a.txt"].map(PathBuf::from)
    );
    assert_eq!(read(out.join("x/a.txt")), REPEATED_CLEAN);
    assert_eq!(read(out.join("y/a.txt")), CLEAN);
}

/// `--check | head -1` still exits 1 when there are repeats (the one
/// exception to "a broken pipe exits 0").
#[cfg(unix)]
#[test]
fn issue9_check_exits_1_even_when_its_reader_goes_away() {
    let dir = scraped();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = newsdedup_std()
        .arg(dir.path().join("in"))
        .args(["--check", "--quiet"])
        .stdout(writer)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = newsdedup_std()
        .args(["--check", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(writer)
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(REPEATED.as_bytes())?;
            child.wait()
        })
        .unwrap();
    assert_eq!(status.code(), Some(1));
}

/// `--report -` in batch mode: when its reader goes away the files are still
/// all written; with one article on stdout, `--report -` is refused.
#[cfg(unix)]
#[test]
fn issue9_report_on_stdout_is_dropped_not_the_run_when_its_reader_goes_away() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    for k in 0..300 {
        write(
            &input.join(format!("{k:03}.txt")),
            REPEATED.replace("42", &k.to_string()),
        );
    }
    let out = dir.path().join("out");
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = newsdedup_std()
        .arg(&input)
        .args(["--report", "-", "--out-dir"])
        .arg(&out)
        .stdout(writer)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr.matches("reader of the report went away").count(),
        1,
        "{stderr}"
    );
    assert_eq!(files_under(&out).len(), 300);
    newsdedup()
        .arg(input.join("000.txt"))
        .args(["--report", "-"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("--report - would mix"));
}

/// The summary adds up (files = cleaned + unchanged + skipped + failed),
/// counts only what was written, says "would clean" under `--check`, speaks
/// English ("1 file"), and names each skipped file once.
#[cfg(unix)]
#[test]
fn issue9_the_summary_adds_up() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    write(&input.join("a.txt"), REPEATED);
    write(&input.join("b.txt"), REPEATED);
    write(&input.join("latin1.txt"), b"Caf\xe9.\n");
    let out = dir.path().join("out");
    // A folder where b.txt's output goes: its write fails.
    fs::create_dir_all(out.join("b.txt/x")).unwrap();
    let assert = newsdedup()
        .arg(&input)
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains(
            ": 1 cleaned, 0 unchanged, 1 skipped, 1 failed; \
             1 sentence and 1 paragraph dropped; 70 B of 192 B saved"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("3 files in"), "{stderr}");
    assert_eq!(stderr.matches("latin1.txt").count(), 1, "{stderr}");
    newsdedup()
        .arg(input.join("a.txt"))
        .arg(input.join("latin1.txt"))
        .arg("--check")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("2 files in"))
        .stderr(predicate::str::contains(
            "1 would clean, 0 unchanged, 1 skipped, 0 failed; \
             1 sentence and 1 paragraph would be dropped",
        ));
}

/// `--jsonl PATH` reads that file (`-` is stdin), in order.
#[test]
fn issue9_jsonl_reads_the_files_it_is_given() {
    let dir = TempDir::new().unwrap();
    let first = dir.path().join("first.jsonl");
    let record = serde_json::json!({ "text": REPEATED }).to_string();
    write(&first, format!("{record}\n"));
    let out = newsdedup()
        .arg("--jsonl")
        .arg(&first)
        .arg("-")
        .write_stdin("{\"text\": \"Short and new.\"}\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let expected = format!(
        "{}\n{{\"text\": \"Short and new.\"}}\n",
        serde_json::json!({ "text": REPEATED_CLEAN })
    );
    assert_eq!(String::from_utf8(out).unwrap(), expected);
    newsdedup()
        .arg("--jsonl")
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout("");
}

/// Found trying the result as an adversary: a report inside an `--out-dir`
/// that does not exist yet is written; an output folder that cannot be made
/// is an error even when no file goes in it.
#[test]
fn a_report_inside_a_new_out_dir_and_a_blocked_empty_folder() {
    let dir = scraped();
    let input = dir.path().join("in");
    let out = dir.path().join("out");
    newsdedup()
        .arg(&input)
        .arg("--out-dir")
        .arg(&out)
        .arg("--report")
        .arg(out.join("report.jsonl"))
        .assert()
        .success();
    assert_eq!(read(out.join("report.jsonl")).lines().count(), 5);
    fs::create_dir_all(input.join("empty")).unwrap();
    let out2 = dir.path().join("out2");
    write(&out2.join("empty"), "a file where a folder goes");
    newsdedup()
        .arg(&input)
        .args(["--quiet", "--out-dir"])
        .arg(&out2)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a file stands where the folder goes",
        ));
}
