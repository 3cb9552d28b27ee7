//! The units corpus mode counts and compares: an article's paragraphs ("lines"),
//! each reduced to a hash of its normalised words.
//!
//! Corpus mode never looks at text across articles directly; it compares these
//! hashes (which line recurs on which pages, which lines of one article another
//! has) and keeps the text itself on disk. The normalisation is deliberately
//! simple and its own, so the sketches do not move when the scorer's word
//! model changes: words are runs of letters and digits, lower-cased, with each
//! CJK character a word of its own; quotes, apostrophes, dashes, punctuation and
//! spacing do not count. Two lines with the same words in the same order hash
//! alike, so a number that differs makes a different line.
//!
//! A line is *sentence-shaped* when it has at least four words and ends like a
//! sentence (`.`, `!`, `?` or their CJK forms, maybe inside closing quotes or
//! brackets) and not in an ellipsis, which marks a teaser. Sentence shape is
//! part of a line's hash, so `U.S.` and `U.S` are different lines.

use std::sync::LazyLock;

use regex::Regex;

use newsdedup::parse::{Span, paragraph_spans};

/// Fewest words a sentence-shaped line has.
pub const SENTENCE_WORDS: usize = 4;

/// One paragraph of an article, as corpus mode sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    /// Where it is in the article.
    pub span: Span,
    /// Hash of its normalised words and of its shape: what makes two lines
    /// the same line.
    pub hash: u64,
    /// Hash of its normalised words alone (see [`word_runs`]).
    pub words_hash: u64,
    /// How many words it has.
    pub words: u32,
    /// Whether it is shaped like a sentence (see the module docs).
    pub sentence: bool,
}

/// The paragraphs of `text` (blank-line separated, or one per line when the
/// text has no blank line), as [`Line`]s.
pub fn lines(text: &str) -> Vec<Line> {
    let mut words = Vec::new();
    paragraph_spans(text)
        .into_iter()
        .map(|span| line(text, span, &mut words))
        .collect()
}

/// [`lines`], keeping the word hashes of every line: line `i`'s are
/// `words[ends[i - 1]..ends[i]]` (from 0 for the first).
pub fn lines_with_words(text: &str, words: &mut Vec<u64>, ends: &mut Vec<usize>) -> Vec<Line> {
    let mut scratch = Vec::new();
    paragraph_spans(text)
        .into_iter()
        .map(|span| {
            let l = line(text, span, &mut scratch);
            words.extend_from_slice(&scratch);
            ends.push(words.len());
            l
        })
        .collect()
}

/// The [`Line`] of one paragraph; `words` is scratch space.
pub fn line(text: &str, span: Span, words: &mut Vec<u64>) -> Line {
    let body = span.text(text);
    words.clear();
    word_hashes(body, words);
    let sentence = words.len() >= SENTENCE_WORDS && ends_like_sentence(body);
    let words_hash = if words.is_empty() {
        // A wordless line (`***`) hashes its trimmed bytes instead.
        body.trim()
            .bytes()
            .fold(WORDLESS_SEED, |h, b| combine(h, u64::from(b)))
    } else {
        fold(words)
    };
    Line {
        span,
        hash: if sentence {
            fmix64(words_hash ^ SENTENCE_MARK)
        } else {
            words_hash
        },
        words_hash,
        words: words.len() as u32,
        sentence,
    }
}

/// The hash of a run of words (not a line's hash: that adds the line's
/// shape): a polynomial in the word hashes, mixed once at the end.
pub fn fold(words: &[u64]) -> u64 {
    fmix64(words.iter().fold(WORDS_SEED, |h, &w| run_step(h, w)))
}

/// One step of [`fold`] before its final mix: runs of words can be hashed
/// as they grow ([`word_runs`]).
fn run_step(h: u64, word: u64) -> u64 {
    h.wrapping_mul(RUN_BASE).wrapping_add(word)
}

const RUN_BASE: u64 = 0x0000_0100_0000_01b3 ^ 0x9e37_79b9_0000_0000;

/// Appends the hash of each word of `text` to `out`: a word is a run of
/// letters and digits, lower-cased (a CJK character is a word of its own),
/// hashed as its UTF-8 bytes ([`hash_word`]).
pub fn word_hashes(text: &str, out: &mut Vec<u64>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match CLASS[bytes[i] as usize] {
            SEPARATOR => i += 1,
            ALNUM => {
                // The common case: a run of ASCII letters and digits, hashed
                // eight bytes at a time (lower-cased by setting bit 5).
                let start = i;
                while i < bytes.len() && CLASS[bytes[i] as usize] == ALNUM {
                    i += 1;
                }
                if i < bytes.len() && CLASS[bytes[i] as usize] == OTHER {
                    i = slow_word(text, start, out); // it goes on beyond ASCII
                } else {
                    out.push(hash_ascii_word(&bytes[start..i]));
                }
            }
            _ => i = slow_word(text, i, out),
        }
    }
}

/// A word that has characters beyond ASCII, from byte `start`; returns
/// where it ends (a CJK character is a word of its own; a character that is
/// not a letter or digit ends it, or is skipped if it starts it).
fn slow_word(text: &str, start: usize, out: &mut Vec<u64>) -> usize {
    let mut word: Vec<u8> = Vec::new();
    let mut i = start;
    let mut buf = [0u8; 4];
    for c in text[start..].chars() {
        if c.is_ascii() && !c.is_ascii_alphanumeric() {
            break;
        }
        if !c.is_alphanumeric() {
            if word.is_empty() {
                i += c.len_utf8();
                continue;
            }
            break;
        }
        if is_cjk(c) {
            if word.is_empty() {
                out.push(hash_word(c.encode_utf8(&mut buf).as_bytes()));
                i += c.len_utf8();
            }
            break;
        }
        for lower in c.to_lowercase() {
            word.extend_from_slice(lower.encode_utf8(&mut buf).as_bytes());
        }
        i += c.len_utf8();
    }
    if !word.is_empty() {
        out.push(hash_word(&word));
    }
    i
}

const SEPARATOR: u8 = 0;
const ALNUM: u8 = 1;
const OTHER: u8 = 2;

/// Each byte's class: an ASCII letter or digit, other ASCII, or a byte of
/// a character beyond ASCII.
static CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = if (b as u8).is_ascii_alphanumeric() {
            ALNUM
        } else {
            SEPARATOR
        };
        b += 1;
    }
    t
};

/// The hash of a word's (lower-case) UTF-8 bytes, eight at a time.
fn hash_word(bytes: &[u8]) -> u64 {
    let mut h = 0u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(WORD_K);
    }
    let rest = chunks.remainder();
    let mut b = [0u8; 8];
    b[..rest.len()].copy_from_slice(rest);
    finish_word(h, u64::from_le_bytes(b), bytes.len())
}

/// [`hash_word`] of an ASCII word (letters and digits), lower-cased on the
/// way: setting bit 5 lower-cases a letter and leaves a digit as it is.
fn hash_ascii_word(bytes: &[u8]) -> u64 {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let mut h = 0u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ (u64::from_le_bytes(b) | LOWER)).wrapping_mul(WORD_K);
    }
    let rest = chunks.remainder();
    let mut b = [0u8; 8];
    b[..rest.len()].copy_from_slice(rest);
    let lower = if rest.is_empty() {
        0
    } else {
        LOWER >> (8 * (8 - rest.len()))
    };
    finish_word(h, u64::from_le_bytes(b) | lower, bytes.len())
}

fn finish_word(h: u64, last: u64, len: usize) -> u64 {
    let h = (h.rotate_left(5) ^ last ^ ((len as u64) << 56)).wrapping_mul(WORD_K);
    h ^ (h >> 29)
}

const WORD_K: u64 = 0x517c_c1b7_2722_0a95;

/// Whether `text` ends like a sentence: terminal punctuation, maybe inside
/// closing quotes or brackets, and not an ellipsis.
pub fn ends_like_sentence(text: &str) -> bool {
    let trimmed = text
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '」', '』', '）']);
    if trimmed.ends_with("...") || trimmed.ends_with('…') {
        return false;
    }
    trimmed.ends_with(['.', '!', '?', '。', '！', '？'])
}

/// `text` without a leading wire dateline (`MIAMI (AP) — `, `(CNN) -- `,
/// `RIVERTON, Mo. — `): a syndicated copy carries it, the story it copies
/// does not. Only used to compare lines, never to write them.
pub fn strip_dateline(text: &str) -> &str {
    static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
        // A place in capitals (with an optional ", State"), an optional agency
        // in brackets, at least one of the two, then a dash.
        Regex::new(
            r"^\s*(?:(?:\p{Lu}[\p{Lu}\.'’ -]{0,40}?[\p{Lu}\.](?:, \p{Lu}[\p{L}\.]{0,12}(?: \p{Lu}[\p{L}\.]{0,12}){0,2})?)(?: ?\([\p{L} .&]{1,30}\))?|\([\p{L} .&]{1,30}\)) ?(?:—|–|--|-) ?",
        )
        .expect("the dateline pattern compiles")
    });
    // A dateline is short and starts with a capital or a bracket: look only
    // at the head of the line, and only when a dash is in it.
    let trimmed = text.trim_start();
    // Its first word is in capitals (a place), or it opens with a bracket
    // (an agency): most lines fail here.
    let first = trimmed
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("");
    let capitals = first.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !first.chars().any(char::is_lowercase);
    if !(capitals || trimmed.starts_with('(')) {
        return text;
    }
    let mut head_end = text.len().min(text.len() - trimmed.len() + DATELINE_MAX);
    while !text.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let head = &text[..head_end];
    if !head.contains(['—', '–', '-']) {
        return text;
    }
    match DATELINE.find(head) {
        Some(m) if m.end() < text.len() => &text[m.end()..],
        _ => text,
    }
}

/// Longest dateline looked for, in bytes.
const DATELINE_MAX: usize = 120;

/// Whether a line is a credit or legal line ("Reuters contributed to this
/// report.", "© 2005 Cable News Network", "All rights reserved."): text that
/// says who wrote or owns a page, not what happened. Lines of 40 words or
/// more never are (a paragraph that mentions copyright is an article's).
pub fn is_credit_or_legal(text: &str, words: u32) -> bool {
    static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\s*(?:©|\(c\)\s|copyright\b)|\ball rights reserved\b|\bcontributed(?: reporting)? to this (?:report|article|story)\b|\bmay not be (?:re)?published, broadcast\b",
        )
        .expect("the credit pattern compiles")
    });
    if words >= 40 {
        return false;
    }
    // The pattern's words, cheaply: most lines have none of them.
    let maybe = text.contains('©')
        || [
            "(c)",
            "copyright",
            "rights reserved",
            "contributed",
            "may not be",
        ]
        .iter()
        .any(|w| contains_ascii_nocase(text.as_bytes(), w.as_bytes()));
    maybe && CREDIT.is_match(text)
}

/// Whether `hay` contains `needle` (ASCII, lower case), ignoring ASCII case.
fn contains_ascii_nocase(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| {
        w.iter()
            .zip(needle)
            .all(|(a, b)| a.to_ascii_lowercase() == *b)
    })
}

/// Hashes of every run of 2 to `max_words` consecutive words of `text`: the
/// [`Line::words_hash`] of a line made of those words.
pub fn word_runs(text: &str, max_words: usize, out: &mut Vec<u64>) {
    let mut words = Vec::new();
    word_hashes(text, &mut words);
    for start in 0..words.len() {
        let mut h = WORDS_SEED;
        for (k, &w) in words[start..].iter().take(max_words).enumerate() {
            h = run_step(h, w);
            if k >= 1 {
                out.push(fmix64(h));
            }
        }
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff   // hiragana, katakana
        | 0x3400..=0x4dbf // CJK extension A
        | 0x4e00..=0x9fff // CJK unified ideographs
        | 0xac00..=0xd7af // hangul syllables
        | 0xf900..=0xfaff // CJK compatibility ideographs
        | 0x20000..=0x2fa1f)
}

const WORDS_SEED: u64 = 0x243f_6a88_85a3_08d3;
const WORDLESS_SEED: u64 = 0x1319_8a2e_0370_7344;
const SENTENCE_MARK: u64 = 0xa409_3822_299f_31d0;

/// MurmurHash3's 64-bit finaliser: every input bit moves every output bit.
pub fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

/// Order-sensitive combination of a running hash with the next value.
pub fn combine(h: u64, next: u64) -> u64 {
    fmix64(h.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashes(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        word_hashes(text, &mut out);
        out
    }

    #[test]
    fn words_ignore_case_quotes_and_punctuation() {
        assert_eq!(
            hashes("The “Mayor” said: don’t."),
            hashes("the \"mayor\"   SAID don't")
        );
        assert_ne!(hashes("rates rose 5%"), hashes("rates rose 6%"));
        assert_eq!(hashes("東京都").len(), 3);
        assert_eq!(hashes("Ünïcode Straße").len(), 2);
    }

    /// The plain definition: lower-cased runs of letters and digits, each
    /// CJK character alone.
    fn reference(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        let mut word = String::new();
        let flush = |w: &mut String, out: &mut Vec<u64>| {
            if !w.is_empty() {
                out.push(hash_word(w.as_bytes()));
                w.clear();
            }
        };
        for c in text.chars() {
            if !c.is_alphanumeric() {
                flush(&mut word, &mut out);
            } else if is_cjk(c) {
                flush(&mut word, &mut out);
                word.push(c);
                flush(&mut word, &mut out);
            } else {
                word.extend(c.to_lowercase());
            }
        }
        flush(&mut word, &mut out);
        out
    }

    #[test]
    fn the_fast_word_hashes_are_the_plain_ones() {
        for text in [
            "The Mayor's café — 1,000 Straße-Ünïcode BIG1234567890xyz, 東京都 ok",
            "",
            "   ",
            "a",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "éé éa aé a1é",
            "x—y–z",
            "word東京",
            "ΣΙΣΥΦΟΣ ὅτι",
        ] {
            assert_eq!(hashes(text), reference(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_and_plain_word_hashes_agree_on_any_text(text in "\\PC*") {
            proptest::prop_assert_eq!(hashes(&text), reference(&text));
        }
    }

    #[test]
    fn sentence_shape() {
        assert!(ends_like_sentence("The vote was 7-2."));
        assert!(ends_like_sentence("“It is over,” she said.”"));
        assert!(ends_like_sentence("Is it?)"));
        assert!(!ends_like_sentence("Read more..."));
        assert!(!ends_like_sentence("Police say the driver fled…"));
        assert!(!ends_like_sentence("Most popular stories"));
        let text = "U.S.\n\nThe council met on Tuesday night.\n\nSee all";
        let ls = lines(text);
        assert_eq!(ls.len(), 3);
        assert!(!ls[0].sentence, "too short");
        assert!(ls[1].sentence);
        assert!(!ls[2].sentence);
        assert_eq!(ls[1].words, 6);
    }

    #[test]
    fn line_hash_depends_on_words_and_shape_only() {
        let a = lines("Title\n\nThe bank raised rates to 5%.\n")[1];
        let b = lines("Title\r\n\r\n  the BANK raised rates to 5% .  \r\n")[1];
        let c = lines("Title\n\nThe bank raised rates to 5%\n")[1];
        let d = lines("Title\n\nThe bank raised rates to 6%.\n")[1];
        assert_eq!(a.hash, b.hash);
        assert_ne!(a.hash, c.hash, "shape counts");
        assert_ne!(a.hash, d.hash, "a changed number is another line");
        let stars = lines("***\n\n* * *\n\n***");
        assert_eq!(stars[0].hash, stars[2].hash);
        assert_ne!(stars[0].hash, stars[1].hash);
    }

    #[test]
    fn datelines_are_stripped_for_comparison() {
        let body = "High-end processors are excellent marketing tools.";
        for dateline in [
            "MIAMI (AP) — ",
            "NEW YORK (Reuters) - ",
            "(CNN) -- ",
            "RIVERTON, Mo. — ",
            "LONDON, England (CNN) -- ",
            "WASHINGTON – ",
        ] {
            assert_eq!(
                strip_dateline(&format!("{dateline}{body}")),
                body,
                "{dateline}"
            );
        }
        for kept in [
            body,
            "A - B testing is common.",
            "NASA said on Monday that it would retry.",
            "I - for one - disagree.",
        ] {
            assert_eq!(strip_dateline(kept), kept);
        }
    }

    #[test]
    fn credit_and_legal_lines() {
        for line in [
            "Reuters contributed to this article.",
            "Jane Doe in Cairo contributed reporting to this report.",
            "© 2005 Cable News Network LP, LLLP.",
            "Copyright 2009 NYP Holdings, Inc. All rights reserved.",
            "This material may not be published, broadcast, rewritten or redistributed.",
        ] {
            assert!(is_credit_or_legal(line, 10), "{line}");
        }
        for line in [
            "The singer said she contributed to the song.",
            "Update: The company said shipments would slip.",
            "No injuries were reported.",
        ] {
            assert!(!is_credit_or_legal(line, 10), "{line}");
        }
        assert!(!is_credit_or_legal("All rights reserved.", 45));
    }

    #[test]
    fn word_runs_hash_like_lines() {
        let mut runs = Vec::new();
        word_runs(
            "CNN.com - Expert: Katrina could unleash disaster - Aug 29",
            24,
            &mut runs,
        );
        let headline = lines("x\n\nExpert: Katrina could unleash disaster")[1];
        assert!(runs.contains(&headline.hash));
        let single = lines("x\n\nExpert")[1];
        assert!(!runs.contains(&single.hash), "runs have two words or more");
        let question = lines("x\n\nExpert: Katrina could unleash disaster?")[1];
        assert!(question.sentence);
        assert!(runs.contains(&question.words_hash));
        assert_ne!(question.hash, question.words_hash);
    }
}
