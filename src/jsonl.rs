//! JSON Lines mode: records in, one field cleaned, records out.
//!
//! This is how newsdedup runs inside data pipelines (Spark's `rdd.pipe`, Ray,
//! GNU parallel over shards): every record comes out in order, one line per
//! line in. Only the value of the text field changes: everything else on the
//! line (keys as they were escaped, spacing between tokens, other values, a
//! byte-order mark opening the input) is written back byte for byte, and a
//! record whose text has nothing to drop is written back whole. A line that
//! is not a JSON object, or whose text is not valid Unicode (a lone surrogate
//! escape), is passed through unchanged and reported.
//!
//! The field is found by its decoded name (`"te\u0078t"` is `text`); a record
//! that holds it twice is ambiguous, and reported. Lines are handed to the
//! workers in chunks bounded by bytes, so memory follows the largest record,
//! not a count of records.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::Exit;
use crate::cli::Args;
use crate::diag::say;
use newsdedup::paths::escape_path;
use newsdedup::{Config, clean};

/// Lines handed to the workers at a time, at most ...
const CHUNK_LINES: usize = 1024;
/// ... and about this many bytes of them (a larger line goes alone).
const CHUNK_BYTES: usize = 8 << 20;

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// Totals of a JSON Lines run.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub records: usize,
    pub cleaned: usize,
    /// Lines passed through because they could not be cleaned: not JSON
    /// objects, not UTF-8, a text that is not valid Unicode, a text field
    /// given twice. Reported.
    pub errors: usize,
    /// Records without the text field, or with a non-string one: passed through.
    pub without_text: usize,
}

/// What happened to one line.
enum Line {
    Unchanged,
    Cleaned(Vec<u8>),
    NoText,
    Error(String),
}

/// One source of records.
pub struct Source {
    /// The file's path, or `None` for stdin.
    pub name: Option<PathBuf>,
    pub reader: Box<dyn BufRead>,
}

/// A line read, with where it came from.
struct Read {
    source: usize,
    number: usize,
    bytes: Vec<u8>,
}

/// Cleans the `field` of every record of `sources`, in order, writing the
/// records to `output`; problems go to stderr with their line number.
pub fn run(
    config: &Config,
    field: &str,
    jobs: usize,
    mut sources: Vec<Source>,
    mut output: impl Write,
) -> Result<Summary> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("cannot start worker threads")?;
    let mut summary = Summary::default();
    let mut chunk: Vec<Read> = Vec::with_capacity(CHUNK_LINES);
    let mut next = (0, 0); // source, line number
    loop {
        chunk.clear();
        let mut bytes = 0;
        while chunk.len() < CHUNK_LINES && bytes < CHUNK_BYTES {
            let Some(source) = sources.get_mut(next.0) else {
                break;
            };
            let mut line = Vec::new();
            let read = source
                .reader
                .read_until(b'\n', &mut line)
                .with_context(|| format!("cannot read {}", name_of(source.name.as_deref())))?;
            if read == 0 {
                next = (next.0 + 1, 0);
                continue;
            }
            next.1 += 1;
            bytes += line.len();
            chunk.push(Read {
                source: next.0,
                number: next.1,
                bytes: line,
            });
        }
        if chunk.is_empty() {
            break;
        }
        let results: Vec<Line> = pool.install(|| {
            chunk
                .par_iter()
                .map(|l| clean_line(&l.bytes, l.number == 1, field, config))
                .collect()
        });
        for (read, result) in chunk.iter().zip(results) {
            let raw = &read.bytes;
            match &result {
                Line::Cleaned(new) => {
                    output.write_all(new)?;
                    output.write_all(line_ending(raw))?;
                }
                _ => output.write_all(raw)?,
            }
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            summary.records += 1;
            match result {
                Line::Cleaned(_) => summary.cleaned += 1,
                Line::Unchanged => {}
                Line::NoText => summary.without_text += 1,
                Line::Error(reason) => {
                    let at = match &sources[read.source].name {
                        None => format!("line {}", read.number),
                        Some(path) => format!("{} line {}", escape_path(path), read.number),
                    };
                    say!("{at}: {reason} (passed through unchanged)");
                    summary.errors += 1;
                }
            }
        }
    }
    output.flush()?;
    Ok(summary)
}

fn name_of(path: Option<&Path>) -> String {
    path.map_or_else(|| "stdin".into(), |p| escape_path(p).into_owned())
}

/// The line break a line ends with: `\r\n`, `\n`, or nothing (the last line).
pub(crate) fn line_ending(raw: &[u8]) -> &[u8] {
    if raw.ends_with(b"\r\n") {
        b"\r\n"
    } else if raw.ends_with(b"\n") {
        b"\n"
    } else {
        b""
    }
}

/// Cleans the text field of one line (`first`: the first of its input, which
/// may open with a byte-order mark); a cleaned line comes back without its
/// line break.
fn clean_line(raw: &[u8], first: bool, field: &str, config: &Config) -> Line {
    let line = &raw[..raw.len() - line_ending(raw).len()];
    let (bom, body) = match line.strip_prefix(BOM) {
        Some(rest) if first => (BOM, rest),
        _ => (&b""[..], line),
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Line::Unchanged;
    }
    let body = match std::str::from_utf8(body) {
        Ok(body) => body,
        Err(e) => {
            let at = bom.len() + e.valid_up_to();
            return Line::Error(format!("not valid UTF-8 at byte {at}"));
        }
    };
    let record: Record = match serde_json::from_str(body) {
        Ok(record) => record,
        Err(e) => return Line::Error(format!("not a JSON object: {e}")),
    };
    let value = match record.values_of(field).as_slice() {
        [] => return Line::NoText,
        [value] => *value,
        many => {
            return Line::Error(format!(
                "the field {field:?} appears {} times, so which one is the text is unclear",
                many.len()
            ));
        }
    };
    let value = value.get();
    if !value.starts_with('"') {
        return Line::NoText;
    }
    let text: String = match serde_json::from_str(value) {
        Ok(text) => text,
        Err(e) => {
            return Line::Error(match lone_surrogate(value) {
                Some(escape) => format!(
                    "the {field:?} string holds {escape}, half of a UTF-16 surrogate pair \
                     without its other half: it is not Unicode text, so it cannot be cleaned"
                ),
                None => format!("the {field:?} string cannot be read ({e})"),
            });
        }
    };
    let cleaned = clean(&text, config);
    if !cleaned.changed() {
        return Line::Unchanged;
    }
    // The value's place on the line: it was parsed in place, from `body`.
    let start = (value.as_ptr() as usize).wrapping_sub(body.as_ptr() as usize);
    let end = start.wrapping_add(value.len());
    if body.get(start..end) != Some(value) {
        return Line::Error("cannot locate the text value on the line".into());
    }
    let Ok(new_value) = serde_json::to_string(&cleaned.text()) else {
        return Line::Error("cannot write the cleaned text as JSON".into());
    };
    let mut out = Vec::with_capacity(line.len());
    out.extend_from_slice(bom);
    out.extend_from_slice(&body.as_bytes()[..start]);
    out.extend_from_slice(new_value.as_bytes());
    out.extend_from_slice(&body.as_bytes()[end..]);
    Line::Cleaned(out)
}

/// The first `\uXXXX` escape in the JSON string `raw` that is half of a
/// UTF-16 surrogate pair without its other half.
fn lone_surrogate(raw: &str) -> Option<&str> {
    let code_at = |i: usize| {
        raw.get(i..i + 6)
            .filter(|e| e.starts_with("\\u"))
            .and_then(|e| u16::from_str_radix(&e[2..], 16).ok())
    };
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        match code_at(i) {
            Some(0xd800..=0xdbff) if matches!(code_at(i + 6), Some(0xdc00..=0xdfff)) => i += 12,
            Some(0xd800..=0xdfff) => return raw.get(i..i + 6),
            Some(_) => i += 6,
            None => i += 2,
        }
    }
    None
}

/// A JSON object as its decoded keys, in order, with each value's raw JSON
/// text (borrowed from the line, so its place on the line is known).
pub(crate) struct Record<'a>(pub(crate) Vec<(String, &'a RawValue)>);

impl<'a> Record<'a> {
    /// The values of the fields named `name` (once decoded).
    fn values_of(&self, name: &str) -> Vec<&'a RawValue> {
        self.0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| *value)
            .collect()
    }
}

impl<'de> serde::Deserialize<'de> for Record<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RecordVisitor;
        impl<'de> Visitor<'de> for RecordVisitor {
            type Value = Record<'de>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Record<'de>, M::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                    fields.push(entry);
                }
                Ok(Record(fields))
            }
        }
        deserializer.deserialize_map(RecordVisitor)
    }
}

/// The sources named on the command line (none, or `-`: stdin), all opened
/// before any record is written, so a wrong path fails the run at once.
fn open_sources(paths: &[PathBuf]) -> Result<Vec<Source>> {
    if paths.is_empty() {
        return Ok(vec![stdin_source()]);
    }
    paths
        .iter()
        .map(|path| {
            if path.as_os_str() == "-" {
                return Ok(stdin_source());
            }
            let meta = std::fs::metadata(path)
                .with_context(|| format!("cannot read {}", escape_path(path)))?;
            use std::os::unix::fs::FileTypeExt;
            let kind = meta.file_type();
            if !(kind.is_file() || kind.is_fifo() || kind.is_socket()) {
                bail!(
                    "{}: not a file or a pipe (for a folder of articles, leave out --jsonl)",
                    escape_path(path)
                );
            }
            let file =
                File::open(path).with_context(|| format!("cannot read {}", escape_path(path)))?;
            Ok(Source {
                name: Some(path.clone()),
                reader: Box::new(BufReader::with_capacity(1 << 16, file)),
            })
        })
        .collect()
}

fn stdin_source() -> Source {
    Source {
        name: None,
        reader: Box::new(io::stdin().lock()),
    }
}

/// `--jsonl`: the records of the PATHs (or stdin) to stdout, and a summary.
pub fn run_cli(args: &Args, config: &Config) -> Result<Exit> {
    let sources = open_sources(&args.paths)?;
    let stdout = io::BufWriter::new(io::stdout().lock());
    let summary = run(config, &args.text_field, args.jobs(), sources, stdout)?;
    if !args.quiet {
        say!(
            "{} records: {} cleaned, {} without a string field {:?}, {} passed through with errors",
            summary.records,
            summary.cleaned,
            summary.without_text,
            args.text_field,
            summary.errors
        );
    }
    Ok(if summary.errors > 0 {
        Exit::Error
    } else {
        Exit::Success
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_on(input: &str) -> (String, Summary) {
        let mut out = Vec::new();
        let source = Source {
            name: None,
            reader: Box::new(io::Cursor::new(input.as_bytes().to_vec())),
        };
        let summary = run(&Config::default(), "text", 2, vec![source], &mut out).unwrap();
        (String::from_utf8(out).unwrap(), summary)
    }

    #[test]
    fn cleans_the_text_value_and_keeps_the_rest_byte_for_byte() {
        let input = concat!(
            r#"{"id": 7, "text": "T\n\nA b c d e.\n\nA b c d e.\n", "meta": {"x": 1.50, "y": "\u00e9"}}"#,
            "\n",
            r#"{"id":8,"text":"Nothing to drop here."}"#,
            "\n"
        );
        let (out, summary) = run_on(input);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            r#"{"id": 7, "text": "T\n\nA b c d e.\n", "meta": {"x": 1.50, "y": "\u00e9"}}"#
        );
        assert_eq!(lines[1], r#"{"id":8,"text":"Nothing to drop here."}"#);
        assert_eq!(
            summary,
            Summary {
                records: 2,
                cleaned: 1,
                errors: 0,
                without_text: 0
            }
        );
    }

    #[test]
    fn line_endings_are_kept() {
        let input = "{\"text\":\"A b c d e.\\n\\nA b c d e.\"}\r\n{\"text\":\"x\"}";
        let (out, _) = run_on(input);
        assert_eq!(out, "{\"text\":\"A b c d e.\"}\r\n{\"text\":\"x\"}");
    }

    #[test]
    fn bad_lines_pass_through_and_are_counted() {
        let input =
            "not json\n{\"other\": 1}\n\n[1,2]\n{\"text\": 5}\n{\"text\":\"a\",\"text\":\"b\"}";
        let (out, summary) = run_on(input);
        assert_eq!(out, input);
        assert_eq!(summary.records, 5);
        assert_eq!(summary.errors, 3);
        assert_eq!(summary.without_text, 2);
    }

    #[test]
    fn lone_surrogates_are_found() {
        assert_eq!(lone_surrogate(r#""a\ud800 b""#), Some(r"\ud800"));
        assert_eq!(lone_surrogate(r#""a\uDC00""#), Some(r"\uDC00"));
        assert_eq!(lone_surrogate(r#""\ud83d\ude00 \\ud800""#), None);
        assert_eq!(lone_surrogate(r#""\ud83d\ude00 \u00e9""#), None);
    }

    #[test]
    fn a_byte_order_mark_opens_the_first_line_only() {
        let input = "\u{feff}{\"text\":\"A b c d e.\\n\\nA b c d e.\"}\n";
        let (out, summary) = run_on(input);
        assert_eq!(out, "\u{feff}{\"text\":\"A b c d e.\"}\n");
        assert_eq!(summary.cleaned, 1);
    }
}
