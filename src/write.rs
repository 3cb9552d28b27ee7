//! Writer: turns keep/drop decisions into the cleaned article.
//!
//! The output is a selection of the input's own bytes. Kept paragraphs are
//! joined by the separator that stood before each of them in the input; inside
//! a paragraph that lost sentences, kept sentences are joined by the whitespace
//! that followed each of them, so a dropped sentence takes its trailing space
//! with it. Whatever came before the first paragraph (a byte-order mark, say)
//! and after the last one (the final line break, or none) is always kept.

use std::io;

use crate::parse::{Document, Span};

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
        let first_sentence = sentences[para.sentences.start].span;
        let last_sentence = sentences[para.sentences.end - 1].span;
        out.push(Span::new(para.span.start, first_sentence.start));
        for (k, &i) in kept.iter().enumerate() {
            out.push(sentences[i].span);
            if k + 1 < kept.len() {
                out.push(Span::new(
                    sentences[i].span.end,
                    sentences[i + 1].span.start,
                ));
            }
        }
        out.push(Span::new(last_sentence.end, para.span.end));
    }
    out.push(Span::new(last.span.end, text_len));
    out.0
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
    fn shorten_escapes_and_cuts() {
        assert_eq!(shorten("ab\ncd\u{1b}[0m", 20), "ab cd\\u{1b}[0m");
        assert_eq!(shorten("abcdef", 3), "abc…");
    }
}
