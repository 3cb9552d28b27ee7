//! Parser: splits an article into paragraphs and sentences, as byte spans.
//!
//! Everything the parser returns points into the original text, so the writer can
//! emit the input's own bytes and never has to rebuild text. Paragraphs are
//! separated by blank lines (or, when the input has no blank line between two
//! lines, each line is a paragraph). Sentences come from UAX #29 sentence
//! boundaries, corrected for what that algorithm gets wrong in news copy (a line
//! break ends a sentence, so an article splits the same whether its lines are
//! paragraphs or lines of one paragraph — unless it only wraps a long line of
//! hard-wrapped text):
//! titles and abbreviations (`Mr.`, `Gen.`, `Jan.`), initials (`J. K.`), dotted
//! acronyms (`U.S.`), `No. 5`, a question in quotes followed by `he asked`, and
//! a full stop followed by a number (`He left. 5 people stayed.`).

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

pub use crate::types::Span;

/// A block of text between blank lines (or one line, in line mode).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// From the first byte of its first line to the end of its last line,
    /// line break excluded.
    pub span: Span,
    /// Indices into [`Document::sentences`].
    pub sentences: Range<usize>,
}

/// One sentence: trimmed of surrounding whitespace, never empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub paragraph: usize,
}

/// An article split into paragraphs and sentences.
#[derive(Clone, Debug)]
pub struct Document<'a> {
    pub text: &'a str,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
}

/// Parses `text` into paragraphs and sentences.
pub fn parse(text: &str) -> Document<'_> {
    let mut paragraphs = Vec::new();
    let mut sentences = Vec::new();
    let mut pieces = Vec::new();
    let mut scratch = Scratch::default();
    for span in paragraph_spans(text) {
        let first = sentences.len();
        pieces.clear();
        split_sentences(text, span, &mut pieces, &mut scratch);
        let index = paragraphs.len();
        sentences.extend(pieces.iter().map(|&span| Sentence {
            span,
            paragraph: index,
        }));
        paragraphs.push(Paragraph {
            span,
            sentences: first..sentences.len(),
        });
    }
    Document {
        text,
        paragraphs,
        sentences,
    }
}

/// One line of the input: its content, without the line break (`\n` or `\r\n`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    pub span: Span,
    pub blank: bool,
}

/// The lines of `text`. A final line without a line break is included; the
/// empty "line" after a final line break is not.
pub fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    while start < bytes.len() {
        let end = memchr_newline(bytes, start).unwrap_or(bytes.len());
        let mut content_end = end;
        if content_end > start && bytes[content_end - 1] == b'\r' {
            content_end -= 1;
        }
        let span = Span::new(start, content_end);
        out.push(Line {
            span,
            blank: is_blank(span.text(text)),
        });
        start = end + 1;
    }
    out
}

/// Whether `line` is all white space (`char::is_whitespace`), read byte by
/// byte when it is ASCII.
fn is_blank(line: &str) -> bool {
    if line.is_ascii() {
        line.bytes().all(|b| matches!(b, b'\t'..=b'\r' | b' '))
    } else {
        line.chars().all(char::is_whitespace)
    }
}

fn memchr_newline(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr(b'\n', &bytes[from..]).map(|i| i + from)
}

/// Whether `text` reads one paragraph per line: two lines of text or more,
/// and no blank line between the first and the last.
pub fn is_line_mode(text: &str) -> bool {
    let lines = lines(text);
    let first = lines.iter().position(|l| !l.blank);
    let last = lines.iter().rposition(|l| !l.blank);
    match (first, last) {
        (Some(first), Some(last)) => last > first && !lines[first..=last].iter().any(|l| l.blank),
        _ => false,
    }
}

/// Paragraph spans: runs of non-blank lines between blank lines, or every
/// non-blank line on its own when no blank line separates two lines of text.
pub fn paragraph_spans(text: &str) -> Vec<Span> {
    let lines = lines(text);
    let first_text = lines.iter().position(|l| !l.blank);
    let last_text = lines.iter().rposition(|l| !l.blank);
    let (Some(first), Some(last)) = (first_text, last_text) else {
        return Vec::new();
    };
    let line_mode = !lines[first..=last].iter().any(|l| l.blank);
    let mut spans: Vec<Span> = Vec::new();
    let mut open: Option<Span> = None;
    for line in &lines[first..=last] {
        if line.blank {
            spans.extend(open.take());
        } else if line_mode {
            spans.push(line.span);
        } else {
            open = Some(match open {
                Some(span) => Span::new(span.start, line.span.end),
                None => line.span,
            });
        }
    }
    spans.extend(open);
    spans
}

/// Words after which a full stop never ends a sentence: titles and the like.
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Gen", "Col", "Lt", "Sgt", "Capt", "Cpl", "Pte", "Maj",
    "Brig", "Adm", "Cmdr", "Gov", "Sen", "Rep", "Rev", "Hon", "Fr", "Rt", "Mt", "Ft", "St", "vs",
    "approx", "cf", "al", "Vol", "Fig", "Dept", "Ave", "Blvd", "Rd", "est", "Messrs", "Mme",
    "Mlle", "Cllr", "Insp", "Det", "Supt", "Pres", "Assoc", "Ch", "Sr", "Sra", "Srta", "Sres",
    "Dra", "Dres", "Sta", "Sto", "Av", "Avda", "Ing", "ing", "Dott", "dott", "Sig", "sig", "Avv",
    "avv", "Mgr", "JUDr", "MUDr", "PhDr", "RNDr", "Bc", "doc", "Doc", "ks", "Ks", "tow", "Hr",
    "Hrn", "Pfr", "Dipl", "Nr", "bzw", "ca", "vgl", "inkl", "evtl", "ggf", "usw", "sog", "Abs",
    "Str", "Tel", "Gebr", "проф", "акад", "тов", "ул", "им", "г",
];

/// Whether `word` (before its full stop) is a title, whatever its case.
fn is_title(word: &str) -> bool {
    static LOWER: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let lower = LOWER.get_or_init(|| {
        let mut all: Vec<String> = TITLES.iter().map(|t| t.to_lowercase()).collect();
        all.sort_unstable();
        all.dedup();
        all
    });
    // No title is longer than eight bytes: most words are skipped at once.
    if word.is_empty() || word.len() > 8 {
        return false;
    }
    let mut buf = [0u8; 8];
    let folded;
    let word: &[u8] = if word.is_ascii() {
        let buf = &mut buf[..word.len()];
        buf.copy_from_slice(word.as_bytes());
        buf.make_ascii_lowercase();
        buf
    } else {
        folded = word.to_lowercase();
        folded.as_bytes()
    };
    lower.binary_search_by(|t| t.as_bytes().cmp(word)).is_ok()
}

/// Abbreviations that end a sentence only when a typical sentence opener follows.
const SOFT_ABBREVIATIONS: &[&str] = &["Inc", "Ltd", "Co", "Corp", "Bros", "Jr", "Sr", "etc"];

/// Abbreviations that are part of the sentence when a number follows (`No. 5`, `Jan. 12`).
const NUMBER_ABBREVIATIONS: &[&str] = &[
    "No", "Nos", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
    "Dec", "p", "pp", "Art", "Sec", "Ch", "Vol",
];

/// Words that typically open a sentence: after an initial, an acronym or a soft
/// abbreviation, one of these means a new sentence really starts.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "In",
    "On",
    "At",
    "For",
    "But",
    "And",
    "Yet",
    "So",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "However",
    "Meanwhile",
    "After",
    "When",
    "While",
    "As",
    "Some",
    "Many",
    "Most",
    "Why",
    "What",
    "How",
    "Who",
    "There",
    "If",
    "You",
    "My",
];

/// A boundary that UAX #29 misses, inside `piece` from byte `from`: a run of
/// `.`/`!`/`?` and closing quotes before whitespace and a number, perhaps in
/// quotes (UAX #29 looks ahead to the next lower-case letter), or an ellipsis
/// before a capital (`…` is no terminator in UAX #29, but news copy ends
/// sentences with it). Returns where the sentence ends and where the next one
/// starts.
fn missed_boundary(piece: &str, from: usize) -> Option<(usize, usize)> {
    const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', ')', ']'];
    const OPENERS: &[char] = &['"', '\'', '“', '‘', '(', '['];
    let mut search = from;
    while let Some(stop) = next_stop(piece.as_bytes(), search) {
        let rest = &piece[stop..];
        let ellipsis = rest.starts_with('…');
        let terminal = if ellipsis {
            '…'.len_utf8()
        } else {
            rest.len() - rest.trim_start_matches(['.', '!', '?']).len()
        };
        let after_terminal = &rest[terminal..];
        let closed = after_terminal.trim_start_matches(CLOSERS);
        let end = stop + terminal + (after_terminal.len() - closed.len());
        let spaced = closed.trim_start();
        let opened = spaced.trim_start_matches(OPENERS);
        let next = piece.len() - spaced.len();
        let fits = spaced.len() < closed.len()
            && match opened.chars().next() {
                Some(c) if c.is_ascii_digit() => true,
                Some(c) => ellipsis && c.is_uppercase(),
                None => false,
            };
        if fits {
            return Some((end, next));
        }
        search = stop + terminal.max(1);
    }
    None
}

/// The first `.`, `!`, `?` or `…` in `bytes` at or after `from`: a byte scan
/// (every one of them starts with a byte no other character has there).
fn next_stop(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(offset) = crate::segment::find_any(bytes.get(i..)?, b".!?\xE2", false) {
        let at = i + offset;
        if bytes[at] != 0xE2 || bytes[at..].starts_with("…".as_bytes()) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Vectors `split_sentences` fills for each paragraph, kept across them.
#[derive(Default)]
struct Scratch {
    breaks: Vec<usize>,
    pieces: Vec<Span>,
    split: Vec<Span>,
}

/// Splits the paragraph `para` of `text` into trimmed sentence spans.
fn split_sentences(text: &str, para: Span, out: &mut Vec<Span>, scratch: &mut Scratch) {
    let seg_text = para.text(text);
    let Scratch {
        breaks,
        pieces,
        split,
    } = scratch;
    pieces.clear();
    if crate::segment::sentence_breaks_into(seg_text, breaks).is_some() {
        let mut start = 0;
        for &end in breaks.iter().chain([&seg_text.len()]) {
            push_trimmed(seg_text, start, end - start, pieces);
            start = end;
        }
    } else {
        for (offset, piece) in seg_text.split_sentence_bound_indices() {
            push_trimmed(seg_text, offset, piece.len(), pieces);
        }
    }
    split.clear();
    split_before_numbers(seg_text, pieces, split);
    let wraps = wrap_breaks(seg_text);
    let shift = |s: Span| Span::new(s.start + para.start, s.end + para.start);
    let mut open: Option<Span> = None;
    for &piece in split.iter() {
        open = Some(match open {
            Some(last) if continues(seg_text, last, piece, &wraps) => {
                Span::new(last.start, piece.end)
            }
            Some(last) => {
                out.push(shift(last));
                piece
            }
            None => piece,
        });
    }
    out.extend(open.map(shift));
}

fn push_trimmed(text: &str, offset: usize, len: usize, out: &mut Vec<Span>) {
    let piece = &text[offset..offset + len];
    let trimmed_start = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let start = offset + trimmed_start;
        out.push(Span::new(start, start + trimmed.len()));
    }
}

/// Cuts pieces where a sentence ends right before a number.
fn split_before_numbers(text: &str, pieces: &[Span], out: &mut Vec<Span>) {
    for &piece in pieces {
        let body = piece.text(text);
        let (mut start, mut search) = (0, 0);
        while let Some((end, next)) = missed_boundary(body, search) {
            search = next;
            // "No. 5", "Jan. 12": a single full stop after an abbreviation.
            let sentence = body[start..end].trim_end_matches(['"', '\'', '”', '’', '»', ')', ']']);
            if let Some(before) = sentence.strip_suffix('.')
                && !before.ends_with(['.', '!', '?'])
                && ends_with_number_abbreviation(before)
            {
                continue;
            }
            push_trimmed(text, piece.start + start, end - start, out);
            start = next;
        }
        push_trimmed(text, piece.start + start, piece.len() - start, out);
    }
}

fn ends_with_number_abbreviation(before_stop: &str) -> bool {
    let word = last_word(before_stop);
    NUMBER_ABBREVIATIONS.contains(&word)
        || is_title(word)
        || is_initial(word)
        || is_dotted_acronym(word)
}

/// The last whitespace-separated word of `s`, without opening quotes or brackets.
fn last_word(s: &str) -> &str {
    let word = s.rsplit(char::is_whitespace).next().unwrap_or("");
    word.trim_start_matches(['"', '\'', '“', '‘', '«', '(', '['])
}

/// The first word of `s` (letters only), after opening quotes or brackets.
fn first_word(s: &str) -> &str {
    let s = s.trim_start_matches(['"', '\'', '“', '‘', '«', '(', '[']);
    let end = s
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// `U.S`, `U.K`, `e.g`, `a.m` (the final full stop already stripped).
fn is_dotted_acronym(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|p| {
            let mut chars = p.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
        })
}

/// Shortest line (in characters) of a hard-wrapped paragraph's longest line.
const MIN_WRAP_WIDTH: usize = 40;

/// The line breaks of a paragraph that only wrap a long line (hard-wrapped
/// text, a line break in place of a space): the line before is nearly as
/// long as the paragraph's longest, so that the next word would not have
/// fitted on it. Byte offsets of the `\n`s into `para`.
fn wrap_breaks(para: &str) -> Vec<usize> {
    if !para.contains('\n') {
        return Vec::new();
    }
    let lines: Vec<(usize, &str)> = para
        .split('\n')
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len() + 1;
            Some((start, line.trim_end_matches('\r')))
        })
        .collect();
    let width = lines
        .iter()
        .map(|(_, l)| l.chars().count())
        .max()
        .unwrap_or(0);
    if width < MIN_WRAP_WIDTH {
        return Vec::new();
    }
    let full = |line: &str, next: &str| {
        let next_word = next
            .split_whitespace()
            .next()
            .map_or(0, |w| w.chars().count());
        next_word > 0 && line.trim_end().chars().count() + 1 + next_word > width
    };
    // Hard-wrapped text is wrapped throughout: every line but the last is
    // full, or ends a sentence. A list of headlines is not.
    let wrapped = lines
        .windows(2)
        .all(|pair| full(pair[0].1, pair[1].1) || ends_sentence(pair[0].1.trim_end()));
    if !wrapped {
        // A line that ends with a word no sentence ends with (`designed
        // by`, `the`) runs on to the next, wrapped or not.
        return lines
            .windows(2)
            .filter(|pair| ends_with_grammar_word(pair[0].1))
            .map(|pair| pair[1].0 - 1)
            .collect();
    }
    // A line said again on the next (a headline repeated under itself) is
    // two lines, however long.
    lines
        .windows(2)
        .filter(|pair| full(pair[0].1, pair[1].1) && pair[0].1.trim() != pair[1].1.trim())
        .map(|pair| pair[1].0 - 1)
        .collect()
}

/// Whether `line` ends with a lower-case grammar word (`by`, `of`, `the`,
/// `und`, `de`), which no sentence ends with.
fn ends_with_grammar_word(line: &str) -> bool {
    let Some(last) = line.split_whitespace().next_back() else {
        return false;
    };
    if !last.chars().all(|c| c.is_alphabetic() && c.is_lowercase()) {
        return false;
    }
    let hash = crate::lexicon::hash_bytes(last.as_bytes());
    let (class, _) = crate::lexicon::lookup(hash, last.len());
    class & crate::lexicon::FUNCTION != 0
        && class & (crate::lexicon::NEGATION | crate::lexicon::NUMBER) == 0
}

/// Whether `s` ends like a sentence: a full stop, question or exclamation
/// mark, colon or ellipsis, perhaps inside closing quotes or brackets.
fn ends_sentence(s: &str) -> bool {
    s.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']'])
        .ends_with(['.', '!', '?', ':', ';', '…', '。', '！', '？'])
}

/// Whether the boundary between `prev` and `next` is a false one that UAX #29
/// put after an abbreviation, an initial, or before a lower-case continuation.
fn continues(text: &str, prev: Span, next: Span, wraps: &[usize]) -> bool {
    let gap = &text[prev.end..next.start];
    if let Some(at) = gap.find('\n') {
        // A line break ends a sentence, unless it only wraps a long line.
        return wraps.contains(&(prev.end + at)) && !ends_sentence(prev.text(text));
    }
    if gap.contains('\r') {
        return false;
    }
    // No space after the stop: it is inside a token (`09008.HK`, `Node.js`).
    let prev_text = prev.text(text);
    if gap.is_empty()
        && prev_text
            .strip_suffix('.')
            .is_some_and(|p| p.ends_with(|c: char| c.is_ascii_alphanumeric()))
        && next
            .text(text)
            .starts_with(|c: char| c.is_ascii_alphanumeric())
    {
        return true;
    }
    let next_text = next.text(text);
    let opener = next_text.trim_start_matches(['"', '\'', '“', '‘', '«', '(', '[']);
    if opener.chars().next().is_some_and(char::is_lowercase) {
        return true;
    }
    let Some(before_dot) = prev_text.strip_suffix('.') else {
        return false;
    };
    let word = last_word(before_dot);
    let next_word = first_word(next_text);
    let starts_sentence = SENTENCE_STARTERS.contains(&next_word);
    let next_is_number = next_text.chars().next().is_some_and(|c| c.is_ascii_digit());
    if word.eq_ignore_ascii_case("a.m") || word.eq_ignore_ascii_case("p.m") {
        // "at 9 a.m. Tuesday", "10 a.m. ET" go on; "at 9 a.m. Officials said" does not.
        return TIME_FOLLOWERS.contains(&next_word);
    }
    if is_ordinal(before_dot, word, next_word) {
        return true;
    }
    // `z. B.`, `u. a.`, `d. h.`, `e. g.`: letters with stops, one word.
    let letter_after = next_text.len() >= 2
        && next_text.chars().next().is_some_and(char::is_alphabetic)
        && next_text[next_text.chars().next().map_or(0, char::len_utf8)..].starts_with('.');
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) && letter_after {
        return true;
    }
    is_title(word)
        || (NUMBER_ABBREVIATIONS.contains(&word) && next_is_number)
        || ((is_initial(word) || is_dotted_acronym(word) || SOFT_ABBREVIATIONS.contains(&word))
            && !starts_sentence)
}

/// Whether `word.` (the end of `before_dot`) is an ordinal written with a
/// full stop, as German, Czech, Polish, Danish and others write them: a number
/// of one to three digits followed by a month (`am 21. April`, `5. Februar`)
/// or led by an article or preposition (`den 3. Platz`, `zum 100. Mal`).
fn is_ordinal(before_dot: &str, word: &str, next_word: &str) -> bool {
    if word.is_empty() || word.len() > 3 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let prior = before_dot[..before_dot.len() - word.len()]
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    MONTHS.contains(&next_word) || ORDINAL_LEADS.contains(&prior)
}

/// Month names written with a capital, which an ordinal date runs into.
const MONTHS: &[&str] = &[
    "Januar",
    "Jänner",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
    "January",
    "February",
    "March",
    "May",
    "June",
    "July",
    "October",
    "December",
];

/// Words that lead an ordinal (`den 3. Platz`): German articles and
/// prepositions, which end no sentence.
const ORDINAL_LEADS: &[&str] = &[
    "am", "im", "vom", "zum", "zur", "bis", "ab", "seit", "den", "dem", "der", "des", "die", "das",
    "ein", "eine", "einem", "einen", "einer", "jeden", "jeder", "jedes", "Am", "Im", "Vom", "Zum",
    "Zur", "Bis", "Ab", "Seit", "Den", "Dem", "Der", "Des", "Die", "Das",
];

/// Words that continue a sentence after a time such as "9 a.m.".
const TIME_FOLLOWERS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "ET",
    "EST",
    "EDT",
    "CT",
    "CST",
    "CDT",
    "MT",
    "MST",
    "MDT",
    "PT",
    "PST",
    "PDT",
    "GMT",
    "BST",
    "UTC",
    "CET",
    "CEST",
    "AEST",
    "IST",
    "JST",
    "Eastern",
    "Central",
    "Mountain",
    "Pacific",
    "local",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let doc = parse(text);
        doc.sentences.iter().map(|s| s.span.text(text)).collect()
    }

    fn paragraphs(text: &str) -> Vec<&str> {
        paragraph_spans(text).iter().map(|s| s.text(text)).collect()
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        let text = "Title\n\nFirst line\nsecond line.\n\n\n  Indented.\n";
        assert_eq!(
            paragraphs(text),
            ["Title", "First line\nsecond line.", "  Indented."]
        );
    }

    #[test]
    fn without_blank_lines_each_line_is_a_paragraph() {
        assert_eq!(
            paragraphs("One.\nTwo.\r\nThree."),
            ["One.", "Two.", "Three."]
        );
    }

    #[test]
    fn crlf_and_whitespace_only_lines_are_blank() {
        let text = "A one.\r\n \t\r\nB two.\r\n";
        assert_eq!(paragraphs(text), ["A one.", "B two."]);
    }

    #[test]
    fn empty_and_whitespace_only_inputs_have_no_paragraphs() {
        assert!(paragraphs("").is_empty());
        assert!(paragraphs(" \n\t\n\r\n").is_empty());
    }

    #[test]
    fn titles_and_initials_do_not_end_sentences() {
        let text = "Mr. Smith met Gen. Jones and J. K. Rowling in St. Ives. They talked.";
        assert_eq!(
            sentences(text),
            [
                "Mr. Smith met Gen. Jones and J. K. Rowling in St. Ives.",
                "They talked."
            ]
        );
    }

    #[test]
    fn acronyms_end_a_sentence_only_before_a_sentence_opener() {
        let text = "U.S. President Joe Biden flew to the U.S. The U.K. team stayed.";
        assert_eq!(
            sentences(text),
            [
                "U.S. President Joe Biden flew to the U.S.",
                "The U.K. team stayed."
            ]
        );
    }

    #[test]
    fn an_ellipsis_before_a_capital_ends_a_sentence() {
        let text = "He paused… Then he left. It went on… and on.";
        assert_eq!(
            sentences(text),
            ["He paused…", "Then he left.", "It went on… and on."]
        );
    }

    #[test]
    fn times_end_a_sentence_unless_a_day_or_zone_follows() {
        let text = "It opens at 9 a.m. Tuesday and closes at 5 p.m. ET daily. Doors open at 8 a.m. Officials said so. As reported, lt. Col. Ames spoke.";
        assert_eq!(
            sentences(text),
            [
                "It opens at 9 a.m. Tuesday and closes at 5 p.m. ET daily.",
                "Doors open at 8 a.m.",
                "Officials said so.",
                "As reported, lt. Col. Ames spoke."
            ]
        );
    }

    #[test]
    fn numbers_decimals_and_dates() {
        let text = "He ranked No. 5 on Jan. 12 with 3.5 points. 12 people saw it. Rates rose 0.25%. \"50 is enough,\" he said.";
        assert_eq!(
            sentences(text),
            [
                "He ranked No. 5 on Jan. 12 with 3.5 points.",
                "12 people saw it.",
                "Rates rose 0.25%.",
                "\"50 is enough,\" he said."
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        let text = "She said: “We will win.” Then she left. He said \"no.\" It ended.";
        assert_eq!(
            sentences(text),
            [
                "She said: “We will win.”",
                "Then she left.",
                "He said \"no.\"",
                "It ended."
            ]
        );
    }

    #[test]
    fn quoted_question_followed_by_speaker_is_one_sentence() {
        let text = "\"Why not?\" he asked. \"Because!\" she replied. Fine.";
        assert_eq!(
            sentences(text),
            [
                "\"Why not?\" he asked.",
                "\"Because!\" she replied.",
                "Fine."
            ]
        );
    }

    #[test]
    fn real_news_sentences() {
        let text = "Wang’s visit comes nearly a year after Putin ordered troops into neighbouring Ukraine. \
                    Russia’s UN ambassador, Vassily Nebenzya, told the assembly that Moscow had been left with “no other option”. \
                    Apple Inc. said revenue rose. Apple Inc. The company said so.";
        assert_eq!(
            sentences(text),
            [
                "Wang’s visit comes nearly a year after Putin ordered troops into neighbouring Ukraine.",
                "Russia’s UN ambassador, Vassily Nebenzya, told the assembly that Moscow had been left with “no other option”.",
                "Apple Inc. said revenue rose.",
                "Apple Inc.",
                "The company said so."
            ]
        );
    }

    #[test]
    fn a_line_break_always_ends_a_sentence() {
        // So an article splits the same whether its lines are paragraphs of
        // their own or lines of one paragraph.
        let text = "Title\n\nThe council met on\nTuesday. Mr.\nSmith left.\nHeadline without stop\nBody starts here.";
        assert_eq!(
            sentences(text),
            [
                "Title",
                "The council met on",
                "Tuesday.",
                "Mr.",
                "Smith left.",
                "Headline without stop",
                "Body starts here."
            ]
        );
        let flat = "The council met on\nTuesday. Mr.\nSmith left.";
        assert_eq!(
            sentences(flat),
            ["The council met on", "Tuesday.", "Mr.", "Smith left."]
        );
    }

    #[test]
    fn a_line_break_that_wraps_a_long_line_ends_no_sentence() {
        let wrapped = "Title\n\nThe council approved the plan to rebuild the bridge after a\n\
                       long debate on Tuesday. Work will start in the spring and\n\
                       should end before the winter.";
        assert_eq!(
            sentences(wrapped),
            [
                "Title",
                "The council approved the plan to rebuild the bridge after a\nlong debate on Tuesday.",
                "Work will start in the spring and\nshould end before the winter."
            ]
        );
        // Short lines are lines of their own, not a wrapped paragraph.
        assert_eq!(
            sentences("Title\n\nBy Jane Smith\nPublished on Monday"),
            ["Title", "By Jane Smith", "Published on Monday"]
        );
    }

    #[test]
    fn a_stop_inside_a_token_ends_no_sentence() {
        assert_eq!(
            sentences("Shares of 0700.HK rose. Node.js fell."),
            ["Shares of 0700.HK rose.", "Node.js fell."]
        );
    }

    #[test]
    fn abbreviations_of_many_languages_end_no_sentence() {
        assert_eq!(
            sentences(
                "En el Senado, la Sra. Rodríguez dijo que sí. Viele Städte, z. B. Berlin und Hamburg, bauen. Proof came from Assoc. Prof. Lee."
            ),
            [
                "En el Senado, la Sra. Rodríguez dijo que sí.",
                "Viele Städte, z. B. Berlin und Hamburg, bauen.",
                "Proof came from Assoc. Prof. Lee."
            ]
        );
    }

    #[test]
    fn ordinals_with_a_full_stop_end_no_sentence() {
        assert_eq!(
            sentences("Die Wahl findet am 21. April statt. Sie belegte den 3. Platz. Das war gut."),
            [
                "Die Wahl findet am 21. April statt.",
                "Sie belegte den 3. Platz.",
                "Das war gut."
            ]
        );
        assert_eq!(
            sentences("Di, 21. April 2020 - 17:07"),
            ["Di, 21. April 2020 - 17:07"]
        );
        // An English sentence that ends with a number still ends there.
        assert_eq!(
            sentences("The death toll rose to 12. Officials said more were missing."),
            [
                "The death toll rose to 12.",
                "Officials said more were missing."
            ]
        );
    }

    #[test]
    fn chinese_and_hindi_sentences_split_on_their_own_stops() {
        assert_eq!(
            sentences("今天天气很好。我们去公园。"),
            ["今天天气很好。", "我们去公园。"]
        );
        assert_eq!(
            sentences("यह एक वाक्य है। यह दूसरा है।"),
            ["यह एक वाक्य है।", "यह दूसरा है।"]
        );
    }

    #[test]
    fn sentences_know_their_paragraph() {
        let doc = parse("A b c. D e f.\n\nG h i.");
        let owners: Vec<usize> = doc.sentences.iter().map(|s| s.paragraph).collect();
        assert_eq!(owners, [0, 0, 1]);
        assert_eq!(doc.paragraphs[1].sentences, 2..3);
    }
}
