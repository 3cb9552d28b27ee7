//! How corpus mode explains itself: the `--report` lines, `--explain` on
//! stderr, and the `--clusters` file.
//!
//! A report line in corpus mode is the per-article report (see the README)
//! with one more object, `corpus`: the article that contains this one
//! (`duplicate_of`, with the check's `score`), or null; the first article of
//! its story (`story`: another version, kept or not), or null when that is
//! itself; and each furniture paragraph dropped, with its byte span in the
//! input, its text, the rule and the number of the site's stories it was
//! seen on (`pages`).

use std::path::Path;

use serde::Serialize;
use serde_json::json;

use newsdedup::Span;
use newsdedup::paths::JsonPath;

/// A furniture paragraph dropped from an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Furniture {
    /// Where it was in the input.
    pub span: Span,
    pub text: String,
    /// On how many of the site's stories it was seen.
    pub pages: u32,
}

#[derive(Serialize)]
struct FurnitureReport<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    rule: &'static str,
    pages: u32,
}

/// A path for JSON: as text (invalid bytes replaced by U+FFFD), as
/// [`JsonPath`] writes it.
pub fn path_json(path: &Path) -> serde_json::Value {
    json!(JsonPath::new(Some(path)).path)
}

/// The raw bytes of a path that is not UTF-8 (else `None`): [`JsonPath`]'s
/// `path_bytes`.
fn path_bytes(path: &Path) -> Option<Vec<u8>> {
    JsonPath::new(Some(path)).path_bytes
}

/// One line of the `--clusters` file: `{"path", "duplicate_of"}` (paths
/// relative to their input folder), plus `path_bytes` / `duplicate_of_bytes`
/// for names that are not UTF-8.
pub fn cluster_line(relative: &Path, duplicate_of: Option<&Path>) -> String {
    let mut line = serde_json::Map::new();
    line.insert("path".into(), path_json(relative));
    line.insert(
        "duplicate_of".into(),
        duplicate_of.map_or(serde_json::Value::Null, path_json),
    );
    if let Some(bytes) = path_bytes(relative) {
        line.insert("path_bytes".into(), json!(bytes));
    }
    if let Some(bytes) = duplicate_of.and_then(path_bytes) {
        line.insert("duplicate_of_bytes".into(), json!(bytes));
    }
    serde_json::Value::Object(line).to_string()
}

/// The `corpus` object of a report line.
pub fn corpus_json(
    duplicate_of: Option<(&Path, f64)>,
    story: Option<&Path>,
    furniture: &[Furniture],
) -> serde_json::Value {
    let furniture: Vec<FurnitureReport> = furniture
        .iter()
        .map(|f| FurnitureReport {
            start: f.span.start,
            end: f.span.end,
            text: &f.text,
            rule: super::Drop::RULE,
            pages: f.pages,
        })
        .collect();
    let mut object = json!({
        "duplicate_of": duplicate_of.map(|(p, _)| path_json(p)),
        "score": duplicate_of.map(|(_, s)| (s * 1000.0).round() / 1000.0),
        "story": story.map(path_json),
        "furniture": furniture,
    });
    for (key, path) in [
        ("duplicate_of_bytes", duplicate_of.map(|(p, _)| p)),
        ("story_bytes", story),
    ] {
        if let Some(bytes) = path.and_then(path_bytes) {
            object[key] = json!(bytes);
        }
    }
    object
}

/// A report line: the per-article report `article` (a JSON object) with the
/// `corpus` object added.
pub fn article_line(
    article: &str,
    duplicate_of: Option<(&Path, f64)>,
    story: Option<&Path>,
    furniture: &[Furniture],
) -> String {
    let corpus = corpus_json(duplicate_of, story, furniture).to_string();
    match article.trim_end().strip_suffix('}') {
        Some(head) if head.trim_end().ends_with('{') => format!("{head}\"corpus\":{corpus}}}"),
        Some(head) => format!("{head},\"corpus\":{corpus}}}"),
        None => {
            json!({ "corpus": serde_json::from_str::<serde_json::Value>(&corpus).ok() }).to_string()
        }
    }
}

/// The `--explain` lines of one article in batch corpus mode: each prefixed
/// with its path.
pub fn explain(
    path: &Path,
    per_article: &str,
    duplicate_of: Option<(&Path, f64)>,
    furniture: &[Furniture],
) -> String {
    use newsdedup::write::shorten;
    let name = shorten(&path.to_string_lossy(), 200);
    let mut out = String::new();
    if let Some((of, score)) = duplicate_of {
        out.push_str(&format!(
            "{name}: drop article   {score:.2}  duplicate of {}\n",
            shorten(&of.to_string_lossy(), 200)
        ));
    }
    for line in per_article.lines() {
        out.push_str(&format!("{name}: {line}\n"));
    }
    for f in furniture {
        out.push_str(&format!(
            "{name}: drop furniture 1.00  bytes {}..{}: \"{}\"  ({}, on {} pages)\n",
            f.span.start,
            f.span.end,
            shorten(&f.text, 60),
            super::Drop::RULE,
            f.pages
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_lines_are_what_the_scorer_reads() {
        assert_eq!(
            cluster_line(Path::new("cnn.com/a.txt"), None),
            r#"{"duplicate_of":null,"path":"cnn.com/a.txt"}"#
        );
        let line: serde_json::Value = serde_json::from_str(&cluster_line(
            Path::new("b/x.txt"),
            Some(Path::new("a/y.txt")),
        ))
        .unwrap();
        assert_eq!(line["path"], "b/x.txt");
        assert_eq!(line["duplicate_of"], "a/y.txt");
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_keep_their_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let name = Path::new(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
        let line: serde_json::Value = serde_json::from_str(&cluster_line(name, None)).unwrap();
        assert_eq!(
            line["path_bytes"],
            json!([99, 97, 102, 233, 46, 116, 120, 116])
        );
        assert_eq!(line["path"], "caf\u{fffd}.txt");
        let line: serde_json::Value =
            serde_json::from_str(&cluster_line(Path::new("b.txt"), Some(name))).unwrap();
        assert_eq!(line["duplicate_of_bytes"], line_bytes(name));
        let corpus = corpus_json(Some((name, 1.0)), Some(name), &[]);
        assert_eq!(corpus["duplicate_of_bytes"], line_bytes(name));
        assert_eq!(corpus["story_bytes"], line_bytes(name));
        assert!(corpus_json(None, None, &[]).get("story_bytes").is_none());
    }

    #[cfg(unix)]
    fn line_bytes(path: &Path) -> serde_json::Value {
        use std::os::unix::ffi::OsStrExt;
        json!(path.as_os_str().as_bytes())
    }

    #[test]
    fn report_lines_gain_a_corpus_object() {
        let furniture = [Furniture {
            span: Span::new(10, 14),
            text: "Home".into(),
            pages: 12,
        }];
        let line = article_line(r#"{"path":"a.txt","decisions":[]}"#, None, None, &furniture);
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["path"], "a.txt");
        assert_eq!(v["corpus"]["duplicate_of"], serde_json::Value::Null);
        assert_eq!(v["corpus"]["furniture"][0]["pages"], 12);
        assert_eq!(v["corpus"]["furniture"][0]["rule"], "site furniture");
        let line = article_line(
            r#"{"path":"b.txt"}"#,
            Some((Path::new("a.txt"), 0.9876)),
            Some(Path::new("a.txt")),
            &[],
        );
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["corpus"]["duplicate_of"], "a.txt");
        assert_eq!(v["corpus"]["score"], 0.988);
        assert_eq!(v["corpus"]["story"], "a.txt");
    }
}
