//! End-to-end tests of the `newsdedup` binary: streams, files, flags, errors,
//! exit codes.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;

#[path = "support/bin.rs"]
mod bin;
use bin::{newsdedup, newsdedup_std};

use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).expect("fixture exists")
}

#[test]
fn cleans_stdin_to_stdout() {
    newsdedup()
        .write_stdin(read("seed-china-russia.txt"))
        .assert()
        .success()
        .stdout(read("seed-china-russia.expected.txt"))
        .stderr("");
}

#[test]
fn cleans_a_file_and_dash_means_stdin() {
    newsdedup()
        .arg(fixture("seed-china-russia.txt"))
        .assert()
        .success()
        .stdout(read("seed-china-russia.expected.txt"));
    newsdedup()
        .arg("-")
        .write_stdin(read("whole-body-repeated.txt"))
        .assert()
        .success()
        .stdout(read("whole-body-repeated.expected.txt"));
}

#[test]
fn keep_boilerplate_removes_repeats_only() {
    newsdedup()
        .arg("--keep-boilerplate")
        .arg(fixture("seed-china-russia.txt"))
        .assert()
        .success()
        .stdout(read("seed-china-russia.dedup-only.txt"));
}

#[test]
fn drop_pattern_drops_matching_lines() {
    newsdedup()
        .args([
            "--drop-pattern",
            "^Photo:",
            "--drop-pattern",
            "(?i)copyright",
        ])
        .write_stdin("Title\n\nPhoto: Reuters\n\nBody text here.\n\nCOPYRIGHT 2024\n")
        .assert()
        .success()
        .stdout("Title\n\nBody text here.\n");
}

#[test]
fn bad_drop_pattern_is_a_usage_error() {
    newsdedup()
        .args(["--drop-pattern", "(unclosed"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("invalid --drop-pattern"));
}

#[test]
fn explain_names_kind_score_text_and_witness() {
    newsdedup()
        .arg("--explain")
        .arg(fixture("seed-china-russia.txt"))
        .assert()
        .success()
        .stdout(read("seed-china-russia.expected.txt"))
        .stderr(
            predicate::str::contains("drop exact       1.00  line 19: \"The relationship")
                .and(predicate::str::contains("← line 7:"))
                .and(predicate::str::contains("drop near"))
                .and(predicate::str::contains("drop covered"))
                .and(predicate::str::contains(
                    "drop boilerplate 1.00  line 27: \"Latest stories\"",
                )),
        );
}

#[test]
fn invalid_utf8_is_an_error_naming_the_offset() {
    let mut bytes = b"Title\n\nGood text. ".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b" more.\n");
    newsdedup()
        .write_stdin(bytes)
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("not valid UTF-8").and(predicate::str::contains("offset 18")),
        );
}

#[test]
fn missing_file_is_an_error_naming_the_path() {
    newsdedup()
        .arg("no/such/article.txt")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no/such/article.txt"));
}

#[test]
fn bad_threshold_is_an_error() {
    newsdedup()
        .args(["--cover", "2"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--cover must be between 0 and 1"));
}

#[test]
fn help_and_version() {
    newsdedup()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:").and(predicate::str::contains("Exit codes:")));
    newsdedup()
        .arg("-h")
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:").not());
    newsdedup()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("newsdedup "));
}

#[test]
fn a_byte_order_mark_passes_through() {
    let text = "\u{feff}Title\n\nA line with a mark before it.\n\nA line with a mark before it.\n";
    newsdedup()
        .write_stdin(text)
        .assert()
        .success()
        .stdout("\u{feff}Title\n\nA line with a mark before it.\n");
}

/// Issue 9: a NUL byte means a binary file, in single-article mode as in batch
/// mode (where the file is skipped): nothing is written, exit code 2.
#[test]
fn issue9_a_nul_byte_is_a_binary_file_in_single_mode_too() {
    let text = "Title\n\nA line with a \0 NUL in it.\n\nA line with a \0 NUL in it.\n";
    newsdedup()
        .write_stdin(text)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "binary file (NUL byte at offset 21)",
        ));
}

/// `newsdedup < big.txt | head -1`: the reader goes away early; the tool must
/// exit quietly with status 0.
#[test]
fn closed_stdout_exits_quietly() {
    let paragraph = read("seed-china-russia.txt");
    let big: String = (0..2000)
        .map(|i| paragraph.replace("Wang", &format!("Wang{i}")))
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut child = newsdedup_std()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn newsdedup");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(big.as_bytes());
    });
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let status = child.wait().expect("wait");
    writer.join().expect("writer thread");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    assert!(status.success(), "status {status:?}, stderr {stderr}");
    assert_eq!(stderr, "");
}

/// Issue 9, item 11: `--drop-pattern` is idempotent: the kept line keeps its
/// leading space, so a second run changes nothing.
#[test]
fn issue9_11_drop_pattern_keeps_the_indentation_of_kept_lines() {
    let once = newsdedup()
        .args(["--drop-pattern", "^[A-Z]"])
        .write_stdin("S\n J\n\nh")
        .assert()
        .success()
        .stdout(" J\n\nh")
        .get_output()
        .stdout
        .clone();
    newsdedup()
        .args(["--drop-pattern", "^[A-Z]"])
        .write_stdin(once)
        .assert()
        .success()
        .stdout(" J\n\nh");
}
