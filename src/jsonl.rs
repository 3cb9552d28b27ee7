//! JSON Lines mode: records on stdin, one field cleaned, records on stdout.
//!
//! This is how newsdedup runs inside data pipelines (Spark's `rdd.pipe`, Ray,
//! GNU parallel over shards): every record comes out in order, one line per
//! line in. Only the text field changes; every other field is written back
//! exactly as it came (its raw JSON is kept), and a record whose text has
//! nothing to drop is written back byte for byte. A line that is not a JSON
//! object is passed through unchanged and reported.

use std::fmt;
use std::io::{self, BufRead, Write};

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use newsdedup::{Config, clean};

/// Lines handed to the workers at a time.
const CHUNK: usize = 1024;

/// Totals of a JSON Lines run.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub records: usize,
    pub cleaned: usize,
    /// Lines that are not JSON objects (or not UTF-8): passed through, reported.
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

/// Cleans the `field` of every record read from `input`, writing the records to
/// `output` in order; problems go to stderr with their line number.
pub fn run(
    config: &Config,
    field: &str,
    jobs: usize,
    input: impl BufRead,
    mut output: impl Write,
) -> Result<Summary> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("cannot start worker threads")?;
    let mut summary = Summary::default();
    let mut input = input;
    let mut chunk: Vec<Vec<u8>> = Vec::with_capacity(CHUNK);
    let mut line_number = 0;
    loop {
        chunk.clear();
        while chunk.len() < CHUNK {
            let mut line = Vec::new();
            if input
                .read_until(b'\n', &mut line)
                .context("cannot read stdin")?
                == 0
            {
                break;
            }
            chunk.push(line);
        }
        if chunk.is_empty() {
            break;
        }
        let results: Vec<Line> = pool.install(|| {
            chunk
                .par_iter()
                .map(|l| clean_line(l, field, config))
                .collect()
        });
        for (raw, result) in chunk.iter().zip(results) {
            line_number += 1;
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
                    eprintln!("newsdedup: line {line_number}: {reason} (passed through unchanged)");
                    summary.errors += 1;
                }
            }
        }
    }
    output.flush()?;
    Ok(summary)
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

/// Cleans the text field of one line; a cleaned line comes back without its
/// line break.
fn clean_line(raw: &[u8], field: &str, config: &Config) -> Line {
    let body = &raw[..raw.len() - line_ending(raw).len()];
    if body.iter().all(u8::is_ascii_whitespace) {
        return Line::Unchanged;
    }
    let body = match std::str::from_utf8(body) {
        Ok(body) => body,
        Err(e) => return Line::Error(format!("not valid UTF-8 at byte {}", e.valid_up_to())),
    };
    let record: Record = match serde_json::from_str(body) {
        Ok(record) => record,
        Err(e) => return Line::Error(format!("not a JSON object: {e}")),
    };
    let mut changed = false;
    let mut fields: Vec<String> = Vec::with_capacity(record.0.len());
    let mut found = false;
    for (key, value) in &record.0 {
        let key_json = serde_json::to_string(key).unwrap_or_default();
        let mut value_json = value.get().to_owned();
        if key == field
            && let Ok(text) = serde_json::from_str::<String>(value.get())
        {
            found = true;
            let cleaned = clean(&text, config);
            if cleaned.changed() {
                changed = true;
                value_json = serde_json::to_string(&cleaned.text()).unwrap_or(value_json);
            }
        }
        fields.push(format!("{key_json}:{value_json}"));
    }
    if !found {
        return Line::NoText;
    }
    if !changed {
        return Line::Unchanged;
    }
    Line::Cleaned(format!("{{{}}}", fields.join(",")).into_bytes())
}

/// A JSON object as its keys, in order, with each value's raw JSON text.
pub(crate) struct Record<'a>(pub(crate) Vec<(String, &'a RawValue)>);

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

/// Runs over stdin and stdout, locked and buffered.
pub fn run_stdio(config: &Config, field: &str, jobs: usize) -> Result<Summary> {
    let stdin = io::stdin().lock();
    let stdout = io::BufWriter::new(io::stdout().lock());
    run(config, field, jobs, stdin, stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_on(input: &str) -> (String, Summary) {
        let mut out = Vec::new();
        let summary = run(&Config::default(), "text", 2, input.as_bytes(), &mut out).unwrap();
        (String::from_utf8(out).unwrap(), summary)
    }

    #[test]
    fn cleans_the_text_field_and_keeps_the_rest_as_it_was() {
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
            r#"{"id":7,"text":"T\n\nA b c d e.\n","meta":{"x": 1.50, "y": "\u00e9"}}"#
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
        let input = "not json\n{\"other\": 1}\n\n[1,2]\n{\"text\": 5}";
        let (out, summary) = run_on(input);
        assert_eq!(out, input);
        assert_eq!(summary.records, 4);
        assert_eq!(summary.errors, 2);
        assert_eq!(summary.without_text, 2);
    }
}
