//! Writer: turns keep/drop decisions into the cleaned article.
//!
//! The output is a selection of the input's own bytes. Kept paragraphs are
//! joined by the separator that stood before each of them in the input; inside
//! a paragraph that lost sentences, kept sentences are joined by the whitespace
//! that followed each of them, so a dropped sentence takes its trailing space
//! with it (unless a line break stood between them, which is kept). Whatever
//! came before the first paragraph (a byte-order mark, say) and after the last
//! one (the final line break, or none) is always kept.
//!
//! The JSON report describes the same decisions for pipelines: one object per
//! article with the byte span, kind, score and witnesses of every drop.

use std::io;
use std::path::Path;

use serde::Serialize;

use crate::parse::Document;
use crate::paths::JsonPath;
use crate::types::{Cleaned, Decision, Note, Span};

/// The version of the JSON report's shape, in every object as `schema_version`.
///
/// 2 added `schema_version` and `path_bytes` (see [`JsonPath`]); objects
/// without `schema_version` are version 1. 3 added `supplies` to the
/// witnesses of a drop, the kind `label`, and `code` to each kept near miss
/// (new reasons: `qualifier`, `changed`, `record`, `restated`, `partial`).
pub const SCHEMA_VERSION: u32 = 3;

/// The spans of `doc.text` that make up the output, in order, adjacent ones merged.
/// `dropped[i]` says whether sentence `i` goes.
pub fn kept_spans(doc: &Document, dropped: &[bool]) -> Vec<Span> {
    let text_len = doc.text.len();
    let (Some(first), Some(last)) = (doc.paragraphs.first(), doc.paragraphs.last()) else {
        let mut out = SpanList::default();
        out.push(Span::new(0, text_len));
        return out.0;
    };
    let is_dropped = |i: usize| dropped.get(i).copied().unwrap_or(false);
    let mut out = SpanList::default();
    out.push(Span::new(0, first.span.start));
    let mut any_kept = false;
    for (p, para) in doc.paragraphs.iter().enumerate() {
        let kept: Vec<usize> = para.sentences.clone().filter(|&i| !is_dropped(i)).collect();
        if kept.is_empty() && !para.sentences.is_empty() {
            continue;
        }
        if any_kept && p > 0 {
            out.push(Span::new(doc.paragraphs[p - 1].span.end, para.span.start));
        }
        any_kept = true;
        if kept.len() == para.sentences.len() {
            out.push(para.span);
            continue;
        }
        let sentences = &doc.sentences;
        let last_sentence = sentences[para.sentences.end - 1].span;
        // What opens the first kept sentence's line: its indentation (the
        // first line's, if that is where it stands).
        if let Some(&first) = kept.first() {
            out.push(indentation(
                doc.text,
                para.span.start,
                sentences[first].span.start,
            ));
        }
        for (k, &i) in kept.iter().enumerate() {
            out.push(sentences[i].span);
            if let Some(&next) = kept.get(k + 1) {
                // The space after the sentence; but if a line break stood
                // anywhere between the two kept sentences, keep one, and the
                // next one's indentation, so they are still two lines (and
                // the second line is as it was) when read again.
                let gaps = (i..next)
                    .map(|j| Span::new(sentences[j].span.end, sentences[j + 1].span.start));
                let mut line_breaks = gaps.filter_map(|g| line_break(doc.text, g));
                match line_breaks.next() {
                    Some(line_break) => {
                        out.push(line_break);
                        let start = sentences[next].span.start;
                        out.push(indentation(doc.text, line_break.end, start));
                    }
                    None => out.push(Span::new(
                        sentences[i].span.end,
                        sentences[i + 1].span.start,
                    )),
                }
            }
        }
        out.push(Span::new(last_sentence.end, para.span.end));
    }
    out.push(Span::new(last.span.end, text_len));
    out.0
}

/// The part of the whitespace `gap` up to its last line break (included), if
/// it holds one.
fn line_break(text: &str, gap: Span) -> Option<Span> {
    let last = gap.text(text).rfind(['\n', '\r'])?;
    Some(Span::new(gap.start, gap.start + last + 1))
}

/// The indentation of the line on which `at` stands: the whitespace that opens
/// it, looking no further back than `from`.
fn indentation(text: &str, from: usize, at: usize) -> Span {
    let before = Span::new(from, at).text(text);
    let line_start = before.rfind(['\n', '\r']).map_or(from, |i| from + i + 1);
    let line = Span::new(line_start, at).text(text);
    let indent = line.len() - line.trim_start().len();
    Span::new(line_start, line_start + indent)
}

/// Spans in output order; empty ones skipped, touching ones merged.
#[derive(Default)]
struct SpanList(Vec<Span>);

impl SpanList {
    fn push(&mut self, span: Span) {
        if span.is_empty() {
            return;
        }
        match self.0.last_mut() {
            Some(last) if last.end == span.start => last.end = span.end,
            _ => self.0.push(span),
        }
    }
}

/// Writes the given spans of `text`.
pub fn write_spans(out: &mut impl io::Write, text: &str, spans: &[Span]) -> io::Result<()> {
    for span in spans {
        out.write_all(span.text(text).as_bytes())?;
    }
    Ok(())
}

/// Shortens `text` to about `max` characters for a one-line explanation, and
/// escapes control characters so untrusted text cannot drive the terminal.
pub fn shorten(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (count, c) in text.chars().enumerate() {
        if count == max {
            out.push('…');
            break;
        }
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out
}

/// What happened to one article, for the JSON report (`--report`,
/// `--format json`). Offsets are bytes into the input.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The article's path (`path`, and `path_bytes` when it is not UTF-8), or
    /// a `null` path for stdin.
    #[serde(flatten)]
    pub path: JsonPath,
    /// `cleaned` (something dropped) or `unchanged`.
    pub status: &'static str,
    pub bytes_in: usize,
    pub bytes_out: usize,
    pub sentences_dropped: usize,
    pub paragraphs_dropped: usize,
    /// Every dropped passage, in input order.
    pub decisions: Vec<DecisionReport<'a>>,
    /// Sentences that resembled earlier text but were kept, and why.
    pub kept_similar: Vec<NoteReport<'a>>,
}

/// One dropped passage in the JSON report.
#[derive(Debug, Serialize)]
pub struct DecisionReport<'a> {
    pub kind: &'static str,
    pub score: f64,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    /// Byte spans of the passages that say it, each with the part of the
    /// dropped text it supplies.
    pub witnesses: Vec<WitnessReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'a str>,
}

/// A witness of a dropped passage in the JSON report: its byte span, and the
/// span of the dropped text it supplies (`supplies`).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct WitnessReport {
    pub start: usize,
    pub end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplies: Option<SpanReport>,
}

/// One kept near miss in the JSON report.
#[derive(Debug, Serialize)]
pub struct NoteReport<'a> {
    /// Why it was kept, as a short name (`number`, `record`, …).
    pub code: &'static str,
    /// Why it was kept, in words.
    pub reason: &'static str,
    pub score: f64,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub witnesses: Vec<SpanReport>,
}

/// A byte span in the JSON report.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct SpanReport {
    pub start: usize,
    pub end: usize,
}

impl From<Span> for SpanReport {
    fn from(span: Span) -> Self {
        SpanReport {
            start: span.start,
            end: span.end,
        }
    }
}

impl<'a> Report<'a> {
    /// The report for one cleaned article.
    pub fn new(cleaned: &'a Cleaned<'a>, path: Option<&Path>) -> Self {
        let text = cleaned.input();
        let decision = |d: &'a Decision| DecisionReport {
            kind: d.kind.as_str(),
            score: round(d.score),
            start: d.span.start,
            end: d.span.end,
            text: d.span.text(text),
            witnesses: d
                .witnesses
                .iter()
                .enumerate()
                .map(|(k, &w)| WitnessReport {
                    start: w.start,
                    end: w.end,
                    supplies: d.supplied.get(k).map(|&s| s.into()),
                })
                .collect(),
            rule: d.rule.as_deref(),
        };
        let note = |n: &'a Note| NoteReport {
            code: n.reason.code(),
            reason: n.reason.as_str(),
            score: round(n.score),
            start: n.span.start,
            end: n.span.end,
            text: n.span.text(text),
            witnesses: n.witnesses.iter().map(|&w| w.into()).collect(),
        };
        Report {
            schema_version: SCHEMA_VERSION,
            path: JsonPath::new(path),
            status: if cleaned.changed() {
                "cleaned"
            } else {
                "unchanged"
            },
            bytes_in: text.len(),
            bytes_out: cleaned.output_len(),
            sentences_dropped: cleaned.sentences_dropped,
            paragraphs_dropped: cleaned.paragraphs_dropped,
            decisions: cleaned.decisions.iter().map(decision).collect(),
            kept_similar: cleaned.notes.iter().map(note).collect(),
        }
    }

    /// The report as one line of JSON (no line break).
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

/// The report object of a file that was not cleaned: `status` is `skipped` or
/// `failed`, and `reason` says why.
#[derive(Debug, Serialize)]
pub struct StatusReport<'a> {
    pub schema_version: u32,
    #[serde(flatten)]
    pub path: JsonPath,
    pub status: &'a str,
    pub reason: &'a str,
}

impl StatusReport<'_> {
    /// The object for `path` as one line of JSON (no line break).
    pub fn line(path: Option<&Path>, status: &str, reason: &str) -> String {
        let report = StatusReport {
            schema_version: SCHEMA_VERSION,
            path: JsonPath::new(path),
            status,
            reason,
        };
        serde_json::to_string(&report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

/// Scores with three decimals are plenty, and keep the report stable.
fn round(score: f64) -> f64 {
    (score * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn output(text: &str, dropped: &[usize]) -> String {
        let doc = parse(text);
        let mut flags = vec![false; doc.sentences.len()];
        for &i in dropped {
            flags[i] = true;
        }
        let mut buf = Vec::new();
        write_spans(&mut buf, text, &kept_spans(&doc, &flags)).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn nothing_dropped_is_byte_identical() {
        for text in [
            "",
            "\n",
            "  A b.\r\n\r\n  C d.  \r\n",
            "\u{feff}T\n\nX. Y.",
            "no newline",
        ] {
            assert_eq!(output(text, &[]), text);
        }
    }

    #[test]
    fn dropped_sentence_takes_its_trailing_space() {
        assert_eq!(output("A a. B b. C c.", &[1]), "A a. C c.");
        assert_eq!(output("A a. B b. C c.", &[0]), "B b. C c.");
        assert_eq!(output("A a. B b. C c.\n", &[2]), "A a. B b.\n");
    }

    #[test]
    fn a_line_break_between_kept_sentences_stays() {
        assert_eq!(
            output("Title\n\nA a. B b\rc c.", &[2]),
            "Title\n\nA a.\rc c."
        );
        assert_eq!(
            output("Title\n\nA a. B b.\nC c.", &[2]),
            "Title\n\nA a.\nC c."
        );
    }

    #[test]
    fn a_kept_line_keeps_its_indentation() {
        // Issue 9, item 11: the line after a dropped one keeps its leading space.
        assert_eq!(output("S\n J\n\nh", &[0]), " J\n\nh");
        assert_eq!(output("  S\n J", &[0]), " J");
        assert_eq!(output("  Aa bb. Cc dd.", &[0]), "  Cc dd.");
        assert_eq!(output("A a.\n  B b.\n    C c.", &[1]), "A a.\n    C c.");
        assert_eq!(output("A a. B b.\n  C c.", &[1]), "A a.\n  C c.");
    }

    #[test]
    fn dropped_paragraph_takes_its_separator() {
        let text = "T\n\nA a.\n\nB b.\n\nC c.";
        assert_eq!(output(text, &[2]), "T\n\nA a.\n\nC c.");
        assert_eq!(output(text, &[3]), "T\n\nA a.\n\nB b.");
        assert_eq!(output(text, &[0]), "A a.\n\nB b.\n\nC c.");
        assert_eq!(
            output("T\r\n\r\nA a.\r\n\r\nA b.\r\n", &[2]),
            "T\r\n\r\nA a.\r\n"
        );
    }

    #[test]
    fn line_mode_drops_the_line_break_before() {
        assert_eq!(output("T\nA a.\nB b.\n", &[1]), "T\nB b.\n");
    }

    #[test]
    fn report_lists_decisions_with_spans_and_witnesses() {
        let text = "Title\n\nThe bank raised rates to 5% on Monday.\n\nThe bank raised rates to 5% on Monday.\n";
        let cleaned = crate::clean(text, &crate::Config::default());
        let json: serde_json::Value =
            serde_json::from_str(&Report::new(&cleaned, Some(Path::new("a.txt"))).to_json_line())
                .unwrap();
        assert_eq!(json["schema_version"], SCHEMA_VERSION);
        assert_eq!(json["path"], "a.txt");
        assert!(json.get("path_bytes").is_none());
        assert_eq!(json["status"], "cleaned");
        assert_eq!(json["bytes_in"], text.len());
        assert_eq!(json["bytes_out"], 46);
        let d = &json["decisions"][0];
        assert_eq!(d["kind"], "exact");
        assert_eq!(d["start"], 47);
        assert_eq!(d["text"], "The bank raised rates to 5% on Monday.");
        assert_eq!(d["witnesses"][0]["start"], 7);
        assert_eq!(d["witnesses"][0]["end"], 45);
        assert!(d.get("rule").is_none());
    }

    #[test]
    fn shorten_escapes_and_cuts() {
        assert_eq!(shorten("ab\ncd\u{1b}[0m", 20), "ab cd\\u{1b}[0m");
        assert_eq!(shorten("abcdef", 3), "abc…");
    }
}
