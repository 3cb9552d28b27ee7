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
