//! Every fixture states its own expected output: `fixtures/<case>.txt` is the
//! input, `<case>.expected.txt` the output with default settings, the
//! optional `<case>.dedup-only.txt` the output with `--keep-boilerplate`, and
//! the optional `<case>.keep-first.txt` the output with `--keep-first`.

use std::fs;
use std::path::{Path, PathBuf};

use newsdedup::{Config, clean};

fn fixture_inputs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut inputs: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("fixtures folder exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            p.is_file()
                && name.ends_with(".txt")
                && !name.ends_with(".expected.txt")
                && !name.ends_with(".dedup-only.txt")
                && !name.ends_with(".keep-first.txt")
        })
        .collect();
    inputs.sort();
    inputs
}

fn with_suffix(input: &Path, suffix: &str) -> PathBuf {
    let stem = input
        .to_str()
        .and_then(|s| s.strip_suffix(".txt"))
        .expect("a .txt path");
    PathBuf::from(format!("{stem}{suffix}"))
}

#[test]
fn every_fixture_gives_its_expected_output() {
    let inputs = fixture_inputs();
    assert!(
        inputs.len() >= 37,
        "expected the seed and at least 36 hand-made cases"
    );
    let keep_boilerplate = Config {
        boilerplate: false,
        ..Config::default()
    };
    let keep_first = Config {
        keep_first: true,
        ..Config::default()
    };
    let mut failures = Vec::new();
    let mut checked = 0;
    for input in &inputs {
        let text = fs::read_to_string(input).expect("fixture is UTF-8");
        for (suffix, config) in [
            (".expected.txt", Config::default()),
            (".dedup-only.txt", keep_boilerplate.clone()),
            (".keep-first.txt", keep_first.clone()),
        ] {
            let expected_path = with_suffix(input, suffix);
            if !expected_path.exists() {
                assert_ne!(
                    suffix,
                    ".expected.txt",
                    "{} has no expected output",
                    input.display()
                );
                continue;
            }
            let expected = fs::read_to_string(&expected_path).expect("expected output is UTF-8");
            let cleaned = clean(&text, &config);
            checked += 1;
            if cleaned.text() != expected {
                failures.push(format!(
                    "{}\n--- expected\n{expected}\n--- got\n{}\n--- decisions\n{:#?}",
                    expected_path.display(),
                    cleaned.text(),
                    cleaned.decisions
                ));
            }
            // The output is already clean: a second run changes nothing.
            let again = clean(&expected, &config);
            if again.text() != expected {
                failures.push(format!("{}: not idempotent", expected_path.display()));
            }
        }
    }
    assert!(
        checked > inputs.len(),
        "the dedup-only fixtures were found too"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn seed_example_drops_its_recap_but_keeps_the_new_sentence() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let text = fs::read_to_string(dir.join("seed-china-russia.txt")).expect("seed fixture");
    let cleaned = clean(&text, &Config::default());
    let out = cleaned.text();
    assert!(out.contains("Some analysts say while China has emphasised its close ties"));
    assert!(!out.contains("defended Moscow’s actions"));
    assert!(!out.contains("Latest stories"));
    let kinds: Vec<&str> = cleaned.decisions.iter().map(|d| d.kind.as_str()).collect();
    for kind in ["exact", "near", "covered", "boilerplate"] {
        assert!(kinds.contains(&kind), "no {kind} decision in {kinds:?}");
    }
    for d in cleaned
        .decisions
        .iter()
        .filter(|d| d.kind.as_str() != "boilerplate")
    {
        assert!(!d.witnesses.is_empty());
        assert!(
            d.witnesses.iter().all(|w| w.end <= d.span.start),
            "witnesses come first"
        );
    }
}

/// `fixtures/corpus/` holds clean articles written for this project in another
/// house style (curly quotes, em dashes, AP abbreviations), with natural
/// restatements and same-shape sentences carrying different facts: every one
/// must come out byte for byte as it went in.
#[test]
fn clean_corpus_articles_are_unchanged() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join("corpus");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("corpus folder exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_file()) // across/: the corpus-mode fixture
        .collect();
    paths.sort();
    assert!(paths.len() >= 16);
    for path in paths {
        let text = fs::read_to_string(&path).expect("corpus article is UTF-8");
        let cleaned = clean(&text, &Config::default());
        assert!(
            cleaned.decisions.is_empty(),
            "{} lost {:#?}",
            path.display(),
            cleaned.decisions
        );
        assert_eq!(cleaned.text(), text);
    }
}
