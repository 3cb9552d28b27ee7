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

/// Appends the hash of each word of `text` to `out`.
pub fn word_hashes(text: &str, out: &mut Vec<u64>) {
    let bytes = text.as_bytes();
    let mut word = Word::default();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let class = ASCII[b as usize];
        if class != NON_ASCII {
            // The common case, a byte at a time: 0 ends a word, anything else
            // is the byte lower-cased.
            i += 1;
            if class == 0 {
                word.end(out);
            } else {
                word.push(class);
            }
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        let mut buf = [0u8; 4];
        if !c.is_alphanumeric() {
            word.end(out);
        } else if is_cjk(c) {
            word.end(out);
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                word.push(b);
            }
            word.end(out);
        } else {
            for lower in c.to_lowercase() {
                for &b in lower.encode_utf8(&mut buf).as_bytes() {
                    word.push(b);
                }
            }
        }
    }
    word.end(out);
}

/// Marks a byte that starts (or continues) a character beyond ASCII.
const NON_ASCII: u8 = 0xff;

/// For each byte: 0 for ASCII that is not a letter or digit, the byte
/// lower-cased for one that is, [`NON_ASCII`] for the rest.
static ASCII: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            0
        };
        b += 1;
    }
    t
};

/// A word being read: its bytes (lower-cased) go into a hash eight at a
/// time (one multiplication per eight bytes, not one per byte).
#[derive(Default)]
struct Word {
    hash: u64,
    chunk: u64,
    filled: u32,
    len: u32,
}

impl Word {
    fn push(&mut self, b: u8) {
        self.chunk |= u64::from(b) << (8 * self.filled);
        self.filled += 1;
        self.len += 1;
        if self.filled == 8 {
            self.hash = (self.hash.rotate_left(5) ^ self.chunk).wrapping_mul(WORD_K);
            self.chunk = 0;
            self.filled = 0;
        }
    }

    /// Ends the word (if any): its hash goes to `out`.
    fn end(&mut self, out: &mut Vec<u64>) {
        if self.len == 0 {
            return;
        }
        let h = (self.hash.rotate_left(5) ^ self.chunk ^ (u64::from(self.len) << 56))
            .wrapping_mul(WORD_K);
        out.push(h ^ (h >> 29));
        *self = Word::default();
    }
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
