//! UAX #29 sentence and word boundaries, fast, for text in Latin script.
//!
//! unicode-segmentation looks every character up in large tables, which made
//! boundary-finding half of newsdedup's running time. Nearly all news copy is
//! ASCII plus a few dozen characters (accented letters, curly quotes, dashes),
//! whose UAX #29 categories fit in a `match`. For such text these functions
//! give exactly what unicode-segmentation gives (a property test checks it);
//! for any other character they return `None` and the caller falls back to
//! unicode-segmentation.

/// Sentence_Break property values (UAX #29, table 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sb {
    Cr,
    Lf,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    Extend,
    Format,
    Other,
}

fn sentence_category(c: char) -> Option<Sb> {
    sentence_category_const(c)
}

const fn sentence_category_const(c: char) -> Option<Sb> {
    use Sb::*;
    Some(match c {
        '\r' => Cr,
        '\n' => Lf,
        '\t' | '\u{B}' | '\u{C}' | ' ' | '\u{A0}' => Sp,
        '.' => ATerm,
        '!' | '?' => STerm,
        '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' | '«' | '»' => Close,
        '\u{2018}'..='\u{201F}' | '\u{2039}' | '\u{203A}' => Close,
        ',' | '-' | ':' | ';' | '\u{2013}' | '\u{2014}' => SContinue,
        '0'..='9' => Numeric,
        'a'..='z' | 'ª' | 'µ' | 'º' => Lower,
        'A'..='Z' => Upper,
        '\u{AD}' | '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' => {
            Format
        }
        '\u{300}'..='\u{36F}' | '\u{200C}' | '\u{200D}' => Extend,
        '×' | '÷' => Other,
        '\u{C0}'..='\u{17F}' => return Some(latin_letter(c)),
        '\u{0}'..='\u{84}' | '\u{86}'..='\u{BF}' => Other,
        '\u{2022}' | '\u{2026}' | '\u{2032}' | '\u{2033}' => Other,
        _ => return None,
    })
}

/// Upper or Lower, for the letters of Latin-1 and Latin Extended-A (all of
/// them cased). Not `const` in std, so spelled out: in Latin-1 the capitals
/// are U+00C0–U+00DE; in Extended-A they alternate, capitals on even code
/// points, except for a few runs that start odd.
const fn latin_letter(c: char) -> Sb {
    let cp = c as u32;
    let upper = match cp {
        0xC0..=0xDE => true,
        0xDF..=0xFF => false,
        0x138 | 0x149 | 0x17F => false, // ĸ ŉ ſ
        0x139..=0x148 | 0x179..=0x17E => !cp.is_multiple_of(2),
        0x178 => true, // Ÿ
        _ => cp.is_multiple_of(2),
    };
    if upper { Sb::Upper } else { Sb::Lower }
}

/// Reads one character of `text` at byte `i`: its category and the byte after it.
/// ASCII goes through a table; anything else through `category`.
#[inline]
fn read<T: Copy>(
    text: &str,
    i: usize,
    table: &[T; 128],
    category: fn(char) -> Option<T>,
) -> Option<(T, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 128 {
        return Some((table[usize::from(b)], i + 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((category(c)?, i + c.len_utf8()))
}

/// Categories of the ASCII characters, for `read`.
static SENTENCE_TABLE: [Sb; 128] = {
    let mut table = [Sb::Other; 128];
    let mut b = 0;
    while b < 128 {
        if let Some(cat) = sentence_category_const(b as u8 as char) {
            table[b] = cat;
        }
        b += 1;
    }
    table
};

/// The position of the first byte of `bytes` that is one of `targets` (or,
/// with `high`, any byte of a non-ASCII character), read eight bytes at a time
/// ("SWAR": a zero byte of `word ^ target` is a match).
pub(crate) fn find_any(bytes: &[u8], targets: &[u8], high: bool) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    for (k, chunk) in chunks.by_ref().enumerate() {
        let mut array = [0u8; 8];
        array.copy_from_slice(chunk);
        let word = u64::from_le_bytes(array);
        let mut found = if high { word & HIGHS } else { 0 };
        for &t in targets {
            let x = word ^ (ONES * u64::from(t));
            // The lowest flagged byte is exact; higher ones may be borrows.
            found |= x.wrapping_sub(ONES) & !x & HIGHS;
        }
        if found != 0 {
            return Some(k * 8 + found.trailing_zeros() as usize / 8);
        }
    }
    let rest = chunks.remainder();
    rest.iter()
        .position(|&b| (high && b >= 0x80) || targets.contains(&b))
        .map(|p| bytes.len() - rest.len() + p)
}

/// Sentence boundaries of `text` as UAX #29 defines them (the byte offsets
/// where a sentence starts, after the first), or `None` when `text` holds a
/// character this fast path does not know. Linear time: the look-ahead of rule
/// SB8 is remembered until the position it found.
#[cfg(test)]
pub fn sentence_breaks(text: &str) -> Option<Vec<usize>> {
    let mut breaks = Vec::new();
    sentence_breaks_into(text, &mut breaks)?;
    Some(breaks)
}

/// [`sentence_breaks`] into `breaks` (cleared first), so that one vector
/// serves every paragraph.
pub fn sentence_breaks_into(text: &str, breaks: &mut Vec<usize>) -> Option<()> {
    use Sb::*;
    const TABLE: &[Sb; 128] = &SENTENCE_TABLE;
    let is_sep = |c: Sb| matches!(c, Cr | Lf);
    breaks.clear();
    let (mut prev, mut i) = match read(text, 0, TABLE, sentence_category) {
        Some(first) => first,
        None if text.is_empty() => return Some(()),
        None => return None,
    };
    let mut before_prev: Option<Sb> = None;
    // The terminator context "SATerm Close* Sp*" ending at `prev`: the
    // terminator, and whether a space has been seen since.
    let mut context: Option<(Sb, bool)> = match prev {
        ATerm | STerm => Some((prev, false)),
        _ => None,
    };
    // SB8's look-ahead: the first letter, separator or terminator at or after
    // a position, and where it starts; valid while we are before it.
    let mut lookahead: Option<(usize, Option<Sb>)> = None;
    let bytes = text.as_bytes();
    while i < text.len() {
        // Outside a terminator context, no boundary can come before the next
        // terminator or line break: skip plain ASCII up to it.
        if context.is_none() && !is_sep(prev) {
            // Up to a terminator, a line break or a non-ASCII character.
            let run = find_any(&bytes[i..], b".!?\r\n", true).unwrap_or(bytes.len() - i);
            if run > 0 {
                let last = i + run - 1;
                before_prev = Some(match run {
                    1 => prev,
                    _ => TABLE[usize::from(bytes[last - 1])],
                });
                prev = TABLE[usize::from(bytes[last])];
                i += run;
                continue;
            }
        }
        let (cur, next) = read(text, i, TABLE, sentence_category)?;
        // SB5: Extend and Format belong to the character before them.
        if matches!(cur, Extend | Format) && !is_sep(prev) {
            i = next;
            continue;
        }
        let boundary = if prev == Cr && cur == Lf {
            false // SB3
        } else if is_sep(prev) {
            true // SB4
        } else if prev == ATerm
            && (cur == Numeric || (cur == Upper && matches!(before_prev, Some(Upper | Lower))))
        {
            false // SB6, SB7
        } else if let Some((term, spaced)) = context {
            let sb8 = term == ATerm && {
                if lookahead.is_none_or(|(at, _)| at < i) {
                    lookahead = Some(stop_ahead(text, i, TABLE)?);
                }
                lookahead.is_some_and(|(_, stop)| stop == Some(Lower))
            };
            let sb8a = matches!(cur, SContinue | ATerm | STerm);
            let sb9 = !spaced && matches!(cur, Close | Sp | Cr | Lf);
            let sb10 = matches!(cur, Sp | Cr | Lf);
            !(sb8 || sb8a || sb9 || sb10) // SB11
        } else {
            false // SB998
        };
        if boundary {
            breaks.push(i);
        }
        context = match (context, cur) {
            (_, ATerm | STerm) => Some((cur, false)),
            (Some((t, false)), Close) => Some((t, false)),
            (Some((t, _)), Sp) => Some((t, true)),
            _ => None,
        };
        before_prev = Some(prev);
        prev = cur;
        i = next;
    }
    Some(())
}

/// The first character at or after byte `from` that is a letter, a paragraph
/// separator or a terminator (SB8 looks past everything else), and its offset.
fn stop_ahead(text: &str, from: usize, table: &[Sb; 128]) -> Option<(usize, Option<Sb>)> {
    use Sb::*;
    let mut i = from;
    while i < text.len() {
        let (cat, next) = read(text, i, table, sentence_category)?;
        if matches!(cat, Upper | Lower | Cr | Lf | ATerm | STerm) {
            return Some((i, Some(cat)));
        }
        i = next;
    }
    Some((text.len(), None))
}

/// Word_Break property values (UAX #29, table 3), as far as words go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wb {
    Newline,
    ALetter,
    Numeric,
    MidLetter,
    MidNumLet,
    SingleQuote,
    MidNum,
    ExtendNumLet,
    Extend,
    Format,
    Other,
}

fn word_category(c: char) -> Option<Wb> {
    word_category_const(c)
}

const fn word_category_const(c: char) -> Option<Wb> {
    use Wb::*;
    Some(match c {
        '\r' | '\n' | '\u{B}' | '\u{C}' => Newline,
        'a'..='z' | 'A'..='Z' | 'ª' | 'µ' | 'º' => ALetter,
        '0'..='9' => Numeric,
        ':' | '·' => MidLetter,
        '.' | '\u{2018}' | '\u{2019}' => MidNumLet,
        '\'' => SingleQuote,
        ',' | ';' => MidNum,
        '_' => ExtendNumLet,
        '\u{300}'..='\u{36F}' | '\u{200C}' | '\u{200D}' => Extend,
        '\u{AD}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' => Format,
        '×' | '÷' => Other,
        '\u{C0}'..='\u{17F}' => ALetter,
        '\u{0}'..='\u{84}' | '\u{86}'..='\u{A9}' | '\u{AB}'..='\u{B1}' | '\u{B4}' | '\u{B6}' => {
            Other
        }
        '\u{BB}' | '\u{BF}' => Other,
        '\u{2013}' | '\u{2014}' | '\u{201C}' | '\u{201D}' | '\u{2022}' | '\u{2026}' => Other,
        _ => return None,
    })
}

/// Categories of the ASCII characters, for `read`.
static WORD_TABLE: [Wb; 128] = {
    let mut table = [Wb::Other; 128];
    let mut b = 0;
    while b < 128 {
        if let Some(cat) = word_category_const(b as u8 as char) {
            table[b] = cat;
        }
        b += 1;
    }
    table
};

/// For each byte: 1 when it is an ASCII word character (letter, digit or
/// `_`), 2 more when it is a letter or digit. Non-ASCII bytes are 0.
static WORD_BYTES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match WORD_TABLE[b] {
            Wb::ALetter | Wb::Numeric => 3,
            Wb::ExtendNumLet => 1,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// Whether `b` is an ASCII word character (a letter, a digit or `_`).
#[inline(always)]
pub(crate) fn is_ascii_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)] != 0
}

/// In ASCII text, whether the character `mid` joins the word that ends with
/// `last` to the word character `next` after it (WB6/WB7, WB11/WB12: `don't`,
/// `U.S`, `45,000`, `3.5`), as [`each_word`] joins them.
#[inline(always)]
pub(crate) fn ascii_joins(last: u8, mid: u8, next: u8) -> bool {
    use Wb::*;
    let (last, mid, next) = (
        WORD_TABLE[usize::from(last & 0x7F)],
        WORD_TABLE[usize::from(mid & 0x7F)],
        WORD_TABLE[usize::from(next & 0x7F)],
    );
    let joins = match mid {
        MidLetter => matches!(last, ALetter),
        MidNum => matches!(last, Numeric),
        MidNumLet | SingleQuote => matches!(last, ALetter | Numeric),
        _ => false,
    };
    joins && next == last
}

/// The words of `text` as unicode-segmentation's `unicode_words` gives them
/// (segments between UAX #29 word boundaries that hold a letter or digit), as
/// byte ranges; `None` when `text` holds a character this fast path does not
/// know.
///
/// Under rules WB5–WB13b a word is a run of letters, digits and connector
/// punctuation (`_`) that may continue across one middle character: an
/// apostrophe or full stop between letters (`don't`, `U.S`), a comma or full
/// stop between digits (`45,000`, `3.5`). That is what this loop scans for.
pub fn words(text: &str) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::with_capacity(text.len() / 5);
    each_word(text, |start, end| out.push((start, end)))?;
    Some(out)
}

/// Calls `emit(start, end)` for each word of `text`, as [`words`] lists them;
/// `None` (after calling it for some words, perhaps) when `text` holds a
/// character this fast path does not know.
// Not inlined: a function of its own in profiles (the `words` stage of
// benches/stages.py), at the cost of one call per sentence.
#[inline(never)]
pub fn each_word(text: &str, mut emit: impl FnMut(usize, usize)) -> Option<()> {
    use Wb::*;
    let bytes = text.as_bytes();
    // The word being read: its start, the category of its last unit, whether
    // it has a letter or digit yet.
    let mut word: Option<(usize, Wb, bool)> = None;
    let mut i = 0;
    while i < bytes.len() {
        // Fast path: a run of ASCII word characters (no Extend or Format can
        // attach to them but the last, which the slow path below reads).
        let mut run_end = i;
        let mut seen = 0;
        while let Some(&b) = bytes.get(run_end) {
            let class = WORD_BYTES[usize::from(b)];
            if class == 0 {
                break;
            }
            seen |= class;
            run_end += 1;
        }
        if run_end > i + 1 {
            let last = run_end - 2;
            let cat = WORD_TABLE[usize::from(bytes[last])];
            // Whether `i..=last` has a letter or digit: the byte after `last`
            // is read again below, so it may not count here.
            let alnum = if seen & 2 == 0 {
                false
            } else {
                WORD_BYTES[usize::from(bytes[run_end - 1])] & 2 == 0
                    || bytes[i..=last].iter().any(|b| b.is_ascii_alphanumeric())
            };
            word = Some(match word {
                Some((first, _, has)) => (first, cat, has || alnum),
                None => (i, cat, alnum),
            });
            i = last + 1;
            continue;
        }
        let Some((cat, start, end)) = word_unit(text, i)? else {
            break;
        };
        i = end;
        if word.is_none()
            && matches!(
                cat,
                Other | Newline | MidLetter | MidNum | MidNumLet | SingleQuote
            )
        {
            continue; // between words
        }
        let in_word = matches!(cat, ALetter | Numeric | ExtendNumLet);
        let alnum = matches!(cat, ALetter | Numeric);
        match word {
            Some((first, _, has)) if in_word => word = Some((first, cat, has || alnum)),
            Some((first, last, has)) => {
                let mid = match cat {
                    MidLetter => matches!(last, ALetter),
                    MidNum => matches!(last, Numeric),
                    MidNumLet | SingleQuote => matches!(last, ALetter | Numeric),
                    _ => false,
                };
                // WB6/WB7, WB11/WB12: the middle character joins only when the
                // same kind of unit follows it.
                if mid
                    && let Some((next, _, next_end)) = word_unit(text, end)?
                    && next == last
                {
                    word = Some((first, next, has));
                    i = next_end;
                    continue;
                }
                if has {
                    emit(first, start);
                }
                word = None;
            }
            None if in_word => word = Some((start, cat, alnum)),
            None => {}
        }
    }
    if let Some((first, _, true)) = word {
        emit(first, text.len());
    }
    Some(())
}

/// The unit of word segmentation at byte `i`: a character and the Extend and
/// Format characters after it (WB4; not after a line break), as (category,
/// start, end). `Some(None)` at the end of the text; `None` for a character
/// this fast path does not know.
#[inline(always)]
fn word_unit(text: &str, i: usize) -> Option<Option<(Wb, usize, usize)>> {
    let bytes = text.as_bytes();
    let Some(&b) = bytes.get(i) else {
        return Some(None);
    };
    if b < 128 && bytes.get(i + 1).is_none_or(|&next| next < 128) {
        // ASCII followed by ASCII: nothing attaches to it.
        return Some(Some((WORD_TABLE[usize::from(b)], i, i + 1)));
    }
    word_unit_slow(text, i, b)
}

/// `word_unit` for a character that is not ASCII, or is followed by one.
#[inline(never)]
fn word_unit_slow(text: &str, i: usize, b: u8) -> Option<Option<(Wb, usize, usize)>> {
    let bytes = text.as_bytes();
    let (cat, mut end) = if b < 128 {
        (WORD_TABLE[usize::from(b)], i + 1)
    } else {
        read(text, i, &WORD_TABLE, word_category)?
    };
    if !matches!(cat, Wb::Newline) {
        // Extend and Format characters are all non-ASCII.
        while bytes.get(end).is_some_and(|&b| b >= 128) {
            let (next, after) = read(text, end, &WORD_TABLE, word_category)?;
            if !matches!(next, Wb::Extend | Wb::Format) {
                break;
            }
            end = after;
        }
    }
    Some(Some((cat, i, end)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    proptest! {
        #[test]
        fn find_any_finds_the_first_target(
            bytes in proptest::collection::vec(proptest::sample::select(vec![b'a', b' ', b'.', b'!', b'\n', 0xE2, 0x80, 0xFF, 0x7F, 0x01]), 0..40),
            high in proptest::bool::ANY,
        ) {
            let targets = b".!\n";
            let naive = bytes.iter().position(|&b| (high && b >= 0x80) || targets.contains(&b));
            prop_assert_eq!(find_any(&bytes, targets, high), naive);
        }
    }

    fn uax29_sentence_breaks(text: &str) -> Vec<usize> {
        text.split_sentence_bound_indices()
            .map(|(i, _)| i)
            .filter(|&i| i > 0)
            .collect()
    }

    fn uax29_words(text: &str) -> Vec<(usize, usize)> {
        text.unicode_word_indices()
            .map(|(i, w)| (i, i + w.len()))
            .collect()
    }

    /// Characters of every category the fast path knows, weighted towards
    /// the ones that drive the rules.
    const ALPHABET: &[char] = &[
        'a', 'b', 'Z', 'Q', 'é', 'É', 'ß', 'ſ', 'ĸ', 'ŉ', 'ª', 'º', 'µ', '0', '7', '.', '.', '!',
        '?', ' ', ' ', ' ', '\u{A0}', '\t', '\n', '\r', '\u{B}', '"', '\'', '(', ')', '[', '«',
        '»', '‘', '’', '“', '”', '‹', ',', '-', ':', ';', '–', '—', '…', '•', '_', '·', '\u{AD}',
        '\u{301}', '\u{200D}', '\u{200C}', '\u{200B}', '\u{FEFF}', '\u{2060}', '×', '%', '$', '#',
        '/', '\u{0}', '\u{7F}', '\u{86}', '¿', '¡', '§', '²',
    ];

    proptest! {
        // At least 4096 cases (PROPTEST_CASES raises it): this equivalence is
        // what lets the fast path stand in for unicode-segmentation.
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(4096).max(4096)
        ))]

        #[test]
        fn sentence_breaks_match_unicode_segmentation(
            chars in prop::collection::vec(prop::sample::select(ALPHABET), 0..40)
        ) {
            let text: String = chars.into_iter().collect();
            let fast = sentence_breaks(&text);
            prop_assert!(fast.is_some());
            prop_assert_eq!(fast.unwrap_or_default(), uax29_sentence_breaks(&text), "{:?}", text);
        }

        #[test]
        fn words_match_unicode_segmentation(
            chars in prop::collection::vec(prop::sample::select(ALPHABET), 0..40)
        ) {
            let text: String = chars.into_iter().collect();
            let known = text.chars().all(|c| word_category(c).is_some());
            if let (true, Some(fast)) = (known, words(&text)) {
                prop_assert_eq!(fast, uax29_words(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn every_latin_character_is_categorised_as_unicode_segmentation_does() {
        // Probe each known character between letters, spaces and stops.
        for c in (0u32..0x180)
            .chain(0x2000..0x2070)
            .filter_map(char::from_u32)
        {
            if sentence_category(c).is_none() {
                continue;
            }
            for probe in [
                format!("Ab.{c} cd"),
                format!("ab. {c}d"),
                format!("Ab{c}. Cd"),
                format!("a.{c}"),
                format!("x? {c} y. Z"),
            ] {
                assert_eq!(
                    sentence_breaks(&probe),
                    Some(uax29_sentence_breaks(&probe)),
                    "U+{:04X} in {probe:?}",
                    c as u32
                );
            }
        }
        for c in (0u32..0x180)
            .chain(0x2000..0x2070)
            .filter_map(char::from_u32)
        {
            if word_category(c).is_none() {
                continue;
            }
            for probe in [
                format!("ab{c}cd"),
                format!("12{c}34"),
                format!("a{c}1"),
                format!("{c}x {c}"),
                format!("1{c}a"),
            ] {
                assert_eq!(
                    words(&probe),
                    Some(uax29_words(&probe)),
                    "U+{:04X} in {probe:?}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn unknown_characters_fall_back() {
        assert_eq!(sentence_breaks("你好。"), None);
        assert_eq!(words("naïve 東京"), None);
        assert_eq!(sentence_breaks("One. Two."), Some(vec![5]));
        assert_eq!(
            words("U.S. don’t 3.5"),
            Some(vec![(0, 3), (5, 12), (13, 16)])
        );
    }
}
