//! Normalisation: the words of each sentence as ids, and what they mean.
//!
//! Two sentences are compared on their words, case-folded, with curly and
//! straight quotes and apostrophes folded together and punctuation, dashes and
//! spacing dropped. Words come from UAX #29 word boundaries, so `45,000`, `3.5`
//! and `don't` stay one word and Chinese or Japanese text without spaces yields
//! one word per ideograph.
//!
//! A word's id is a hash of its normalised text with the class bits the fact
//! guard needs (number, negation, grammar word, limiter, modal, reporting
//! verb: see `lexicon`) in its low bits: equal words get equal ids, and a
//! word's kind is read off its id, with no table of words to build for each
//! article. Spellings that mean the same (`eight` and `8`, `45,000` and
//! `45000`, `says` and `said`, `２` and `2`) get the same id. (Two different
//! words of one article would share an id only on a 57-bit hash collision.)

use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::lexicon;
use crate::types::Span;
use unicode_segmentation::UnicodeSegmentation;

/// A normalised word: a hash of its text, with its [`WordKind`] in the low bits.
pub type WordId = u64;

/// What a word is, as far as the fact guard is concerned (see `lexicon`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordKind {
    /// Contains a digit, or is a number word (`seven`, `million`, `third`).
    pub number: bool,
    /// `not`, `no`, `never`, `n't`, `nicht`, `不` and the like.
    pub negation: bool,
    /// A grammar word rather than a content word.
    pub function: bool,
    /// A grammar word that may come, go or be swapped without changing a
    /// fact (`the`, `is`, `also`).
    pub light: bool,
    /// `only` and its kind.
    pub limiter: bool,
    /// `must`, `may` and their kind.
    pub modal: bool,
    /// A reporting verb (`said`, `told`, `according`).
    pub reporting: bool,
    /// A word of a display label (`Read more:`).
    pub label: bool,
    /// A word that joins two clauses (`and`, `while`, `saying`).
    pub joiner: bool,
}

impl WordKind {
    fn of(id: WordId) -> Self {
        WordKind {
            number: id & lexicon::NUMBER != 0,
            negation: id & lexicon::NEGATION != 0,
            function: id & lexicon::FUNCTION != 0,
            light: id & lexicon::LIGHT != 0,
            limiter: id & lexicon::LIMITER != 0,
            modal: id & lexicon::MODAL != 0,
            reporting: id & lexicon::REPORTING != 0,
            label: id & lexicon::LABEL != 0,
            joiner: id & lexicon::JOINER != 0,
        }
    }

    /// A word whose presence is a fact of its own: adding, dropping or
    /// changing it changes what the sentence says.
    pub fn is_fact(self) -> bool {
        self.number || self.negation || self.limiter || self.modal
    }
}

/// What is known about the words of one article beyond their ids: the stem of
/// each possessive (`russia's` → `russia`).
#[derive(Debug, Default)]
pub struct Vocab {
    stems: FxHashMap<WordId, WordId>,
}

impl Vocab {
    /// The word without a possessive `'s`: `russia's` → `russia`.
    pub fn stem(&self, id: WordId) -> WordId {
        self.stems.get(&id).copied().unwrap_or(id)
    }

    pub fn kind(&self, id: WordId) -> WordKind {
        WordKind::of(id)
    }
}

/// How a word was written: the case of its letters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Starts with a lower-case letter, or has no cased letter.
    Lower,
    /// Starts with a capital.
    Capitalised,
    /// Two or more letters, all capitals.
    Acronym,
}

impl Case {
    fn of(word: &str) -> Case {
        let mut letters = word.chars().filter(|c| c.is_alphabetic());
        match letters.next() {
            Some(first) if first.is_uppercase() => {
                let mut rest = letters.peekable();
                if rest.peek().is_some() && rest.all(|c| !c.is_lowercase()) {
                    Case::Acronym
                } else {
                    Case::Capitalised
                }
            }
            _ => Case::Lower,
        }
    }
}

/// How a sentence ends, and how long it reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shape {
    /// Ends with a full stop, question or exclamation mark (perhaps inside
    /// closing quotes): a sentence of prose, not a heading, caption or label.
    pub terminal: bool,
    /// Ends with an ellipsis: a teaser cut short.
    pub ellipsis: bool,
    /// Its length in words, counting two Chinese or Japanese characters (each
    /// a word of its own) as one.
    pub weight: u32,
}

/// The normalised words of every sentence of an article, stored end to end.
#[derive(Debug, Default)]
pub struct Words {
    pub vocab: Vocab,
    ids: Vec<WordId>,
    case: Vec<Case>,
    /// Whether punctuation stands between a word and the one before it.
    punct: Vec<bool>,
    /// The sign written before each word that is a number (`-5`, `+0.4`,
    /// `±2`): `Sign::None` for the rest.
    signs: Vec<Sign>,
    /// The symbols each sentence holds (`£`, `%`, `< 5`, `↑`, `✓`, `★`; see
    /// `marks_of`), sorted: empty for most.
    marks: Vec<Box<[Mark]>>,
    bounds: Vec<usize>,
    /// The key of the word 3-gram starting at each word (`gram_key`), stored
    /// like `ids`; the last two words of a sentence start none and hold 0.
    /// Computed once here, shared by the index and the display-copy scan.
    grams: Vec<u32>,
    hashes: Vec<u64>,
    shapes: Vec<Shape>,
}

impl Words {
    /// Normalises `sentences` (in order); sentence `i` is then `self.sentence(i)`.
    // Not inlined: the `words` stage of a profile.
    #[inline(never)]
    pub fn new<'t>(sentences: impl IntoIterator<Item = &'t str>) -> Self {
        let sentences: Vec<&str> = sentences.into_iter().collect();
        // About one word per six bytes of news text.
        let bytes: usize = sentences.iter().map(|s| s.len()).sum();
        let mut bounds = Vec::with_capacity(sentences.len() + 1);
        bounds.push(0);
        let mut words = Words {
            vocab: Vocab::default(),
            ids: Vec::with_capacity(bytes / 5),
            case: Vec::with_capacity(bytes / 5),
            punct: Vec::with_capacity(bytes / 5),
            signs: Vec::with_capacity(bytes / 5),
            marks: Vec::with_capacity(sentences.len()),
            bounds,
            grams: Vec::with_capacity(bytes / 5),
            hashes: Vec::with_capacity(sentences.len()),
            shapes: Vec::with_capacity(sentences.len()),
        };
        let mut buf = String::new();
        for text in sentences {
            words.push_sentence(text, &mut buf);
        }
        words
    }

    fn push_sentence(&mut self, text: &str, buf: &mut String) {
        self.push_sentence_with(text, buf, true);
    }

    /// `push_sentence`; `ascii_pass` false reads ASCII text the general way
    /// too (for the test that holds the two equal).
    fn push_sentence_with(&mut self, text: &str, buf: &mut String, ascii_pass: bool) {
        let start = self.ids.len();
        // The end of the word before, and how many words were one Chinese or
        // Japanese character.
        let mut state = (None, 0);
        if ascii_pass && text.is_ascii() {
            self.push_ascii_words(text, buf);
        } else if crate::segment::each_word(text, |s, e| self.push_at(text, s, e, &mut state, buf))
            .is_none()
        {
            // A character the fast path does not know: start again with
            // unicode-segmentation.
            self.ids.truncate(start);
            self.case.truncate(start);
            self.punct.truncate(start);
            self.signs.truncate(start);
            state = (None, 0);
            for (s, word) in text.unicode_word_indices() {
                self.push_at(text, s, s + word.len(), &mut state, buf);
            }
        }
        let count = self.ids.len() - start;
        self.marks.push(marks_of(text));
        let ids = &self.ids[start..];
        self.grams.extend(ids.windows(GRAM).map(gram_key));
        self.grams.resize(self.ids.len(), 0);
        self.hashes.push(hash_words(ids));
        self.bounds.push(self.ids.len());
        self.shapes.push(shape_of(text, count - state.1, state.1));
    }

    /// The words of an ASCII sentence, split, hashed and classed in one pass
    /// over its bytes: the same words, ids, cases and punctuation as
    /// `each_word` and `push_at` give (a test holds them equal).
    fn push_ascii_words(&mut self, text: &str, buf: &mut String) {
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut i = 0;
        // Whether a word was pushed yet, and whether anything but white
        // space stood since its end.
        let (mut any, mut punct) = (false, false);
        while i < n {
            if !crate::segment::is_ascii_word_byte(bytes[i]) {
                punct |= !bytes[i].is_ascii_whitespace();
                i += 1;
                continue;
            }
            let start = i;
            let mut hash = lexicon::fnv_offset();
            let mut flags = 0;
            loop {
                while let Some(&b) = bytes
                    .get(i)
                    .filter(|&&b| crate::segment::is_ascii_word_byte(b))
                {
                    hash = lexicon::hash_step(hash, ASCII_LOWER[usize::from(b)]);
                    flags |= ASCII_FLAGS[usize::from(b)];
                    i += 1;
                }
                match (bytes.get(i), bytes.get(i + 1)) {
                    (Some(&mid), Some(&next))
                        if crate::segment::ascii_joins(bytes[i - 1], mid, next) =>
                    {
                        hash = lexicon::hash_step(hash, mid);
                        i += 1;
                    }
                    _ => break,
                }
            }
            if flags & (DIGIT | LETTER) == 0 {
                // Only `_`: not a word, but not white space either.
                punct = true;
                continue;
            }
            let word = &bytes[start..i];
            let word_str = &text[start..i];
            let (id, case) = if flags & DIGIT != 0 && has_digit_separators(word) {
                word_id(word_str, buf)
            } else {
                let class = digit_class(flags & DIGIT != 0) | negated_contraction(word);
                (finish_id(hash, word.len(), class), ascii_case(word, flags))
            };
            if let Some(stem) = possessive_stem(word_str) {
                self.vocab.stems.insert(id, word_id(stem, buf).0);
            }
            self.ids.push(id);
            self.case.push(case);
            self.punct.push(any && punct);
            self.signs.push(sign_before(bytes, start, i));
            (any, punct) = (true, false);
        }
    }

    /// Adds the word at `s..e` of `text`; `state` is the end of the word
    /// before and the count of single-character CJK words so far.
    fn push_at(
        &mut self,
        text: &str,
        s: usize,
        e: usize,
        state: &mut (Option<usize>, usize),
        buf: &mut String,
    ) {
        let gap = state.0.map_or(&[][..], |l| &text.as_bytes()[l..s]);
        let punct = match gap {
            [] | [b' '] => false,
            _ if gap.is_ascii() => gap.iter().any(|b| !b.is_ascii_whitespace()),
            _ => text[s - gap.len()..s].chars().any(|c| !c.is_whitespace()),
        };
        let word = &text[s..e];
        if is_cjk_char(word) {
            state.1 += 1;
        }
        self.signs.push(sign_before(text.as_bytes(), s, e));
        self.push_word(word, punct, buf);
        state.0 = Some(e);
    }

    fn push_word(&mut self, word: &str, punct: bool, buf: &mut String) {
        let (id, case) = word_id(word, buf);
        if let Some(stem) = possessive_stem(word) {
            self.vocab.stems.insert(id, word_id(stem, buf).0);
        }
        self.ids.push(id);
        self.case.push(case);
        self.punct.push(punct);
    }

    /// How sentence `i` ends, and its length.
    pub fn shape(&self, i: usize) -> Shape {
        self.shapes[i]
    }

    /// Whether punctuation stands before word `pos` of sentence `i` (after the
    /// word before it): a clause boundary, where a merge may join.
    pub fn punct_before(&self, i: usize, pos: usize) -> bool {
        self.punct
            .get(self.bounds[i] + pos)
            .copied()
            .unwrap_or(false)
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// Number of words, in all sentences.
    pub fn word_count(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// The words of sentence `i`.
    pub fn sentence(&self, i: usize) -> &[WordId] {
        &self.ids[self.bounds[i]..self.bounds[i + 1]]
    }

    /// The 3-gram keys of sentence `i`'s words in `range` (of positions in the
    /// sentence): one per 3-gram that lies inside the range.
    pub fn grams(&self, i: usize, range: std::ops::Range<usize>) -> &[u32] {
        let base = self.bounds[i];
        if range.len() < GRAM {
            return &[];
        }
        &self.grams[base + range.start..base + range.end + 1 - GRAM]
    }

    /// The sign before each word of sentence `i` (see [`Sign`]).
    pub fn signs(&self, i: usize) -> &[Sign] {
        &self.signs[self.bounds[i]..self.bounds[i + 1]]
    }

    /// The word that qualifies word `pos` of sentence `i`, a number (`about`
    /// in `about 300`, `than` in `more than 300`: see
    /// `lexicon::NUMBER_QUALIFIERS`), or 0.
    pub fn number_qualifier(&self, i: usize, pos: usize) -> WordId {
        static QUALIFIERS: OnceLock<FxHashSet<WordId>> = OnceLock::new();
        let qualifiers = QUALIFIERS.get_or_init(|| {
            let mut buf = String::new();
            lexicon::NUMBER_QUALIFIERS
                .iter()
                .map(|q| word_id(q, &mut buf).0)
                .collect()
        });
        static UP_TO: OnceLock<(WordId, WordId)> = OnceLock::new();
        let &(up, to) = UP_TO.get_or_init(|| {
            let mut buf = String::new();
            (word_id("up", &mut buf).0, word_id("to", &mut buf).0)
        });
        let s = self.sentence(i);
        match (
            pos.checked_sub(2).map(|p| s[p]),
            pos.checked_sub(1).map(|p| s[p]),
        ) {
            (_, Some(before)) if qualifiers.contains(&before) => before,
            (Some(first), Some(second)) if (first, second) == (up, to) => up,
            _ => 0,
        }
    }

    /// The symbols of sentence `i`, sorted (see `mark_of`).
    pub fn marks(&self, i: usize) -> &[Mark] {
        &self.marks[i]
    }

    /// How each word of sentence `i` was written.
    pub fn case(&self, i: usize) -> &[Case] {
        &self.case[self.bounds[i]..self.bounds[i + 1]]
    }

    /// A hash of sentence `i`'s normalised text: equal texts, equal hashes.
    pub fn hash(&self, i: usize) -> u64 {
        self.hashes[i]
    }

    /// Whether word `pos` of sentence `i` reads like a name: an acronym (`US`,
    /// `AI`), or capitalised and not a function word (one that opens the
    /// sentence, or `I`).
    pub fn is_name(&self, i: usize, pos: usize) -> bool {
        let word = self.sentence(i).get(pos).copied().unwrap_or(0);
        self.case(i)
            .get(pos)
            .is_some_and(|&case| reads_like_name(word, case))
    }
}

/// Whether a word written in `case` reads like a name (see [`Words::is_name`]).
pub fn reads_like_name(word: WordId, case: Case) -> bool {
    match case {
        // `US` is a name, though `us` is a pronoun; `READ MORE` is a label.
        Case::Acronym => word & lexicon::LABEL == 0,
        Case::Capitalised => word & (lexicon::FUNCTION | lexicon::LABEL) == 0,
        Case::Lower => false,
    }
}

/// A word that is one Chinese or Japanese character (ideograph or kana).
fn is_cjk_char(word: &str) -> bool {
    // Every such character takes three bytes in UTF-8, led by E3 to ED.
    if word.len() != 3 || !(0xE3..=0xED).contains(&word.as_bytes()[0]) {
        return false;
    }
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if is_cjk(c))
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF)
}

/// The shape of a sentence from its text and its counts of other words and
/// of single Chinese or Japanese characters.
fn shape_of(text: &str, words: usize, cjk: usize) -> Shape {
    let mut end = text.trim_end();
    // A short bracketed tail after the full stop: an author's initials, a
    // photo credit ("… voraus. (bsc)").
    // Only a bracket among the last 30 bytes can open such a tail.
    let tail = (end.len().saturating_sub(30)..end.len())
        .find(|&k| end.is_char_boundary(k))
        .unwrap_or(end.len());
    if let Some(open) = end[tail..].rfind(['(', '[']).map(|k| tail + k)
        && end.len() - open <= 30
        && end.ends_with([')', ']'])
        && end[..open].trim_end().ends_with(['.', '!', '?'])
    {
        end = end[..open].trim_end();
    }
    let end = end.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | '”' | '’' | '»' | '」' | '』' | ')' | '）' | ']'
            )
    });
    let weight = words + cjk.div_ceil(2);
    Shape {
        terminal: end.ends_with(['.', '!', '?', '。', '！', '？', '।']) && !end.ends_with("..."),
        ellipsis: end.ends_with('…') || end.ends_with("..."),
        weight: u32::try_from(weight).unwrap_or(u32::MAX),
    }
}

/// `Russia's` → `Russia`, `farmers'` → `farmers`; `None` for other words.
#[inline(always)]
fn possessive_stem(word: &str) -> Option<&str> {
    // Every ending ends in one of these bytes (`’` in 0x99); most words end
    // otherwise.
    if matches!(word.as_bytes().last(), Some(b's' | b'S' | b'\'' | 0x99)) {
        possessive_stem_of(word)
    } else {
        None
    }
}

fn possessive_stem_of(word: &str) -> Option<&str> {
    let stem = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .or_else(|| word.strip_suffix("'S"))
        .or_else(|| word.strip_suffix("’S"))
        .or_else(|| word.strip_suffix('\''))
        .or_else(|| word.strip_suffix('’'))?;
    (!stem.is_empty()).then_some(stem)
}

/// The id and case of a word as written. ASCII words (most of them) are folded
/// and hashed in one pass; others are folded into `buf` first.
pub fn word_id(word: &str, buf: &mut String) -> (WordId, Case) {
    let bytes = word.as_bytes();
    if !bytes.is_ascii() {
        fold_word(word, buf);
        return (id_of_folded(buf.as_bytes()), Case::of(word));
    }
    let mut hash = lexicon::fnv_offset();
    let mut digit = false;
    for &b in bytes {
        hash = lexicon::hash_step(hash, ASCII_LOWER[usize::from(b)]);
        digit |= b.is_ascii_digit();
    }
    if digit && has_digit_separators(bytes) {
        fold_word(word, buf);
        return (id_of_folded(buf.as_bytes()), Case::of(word));
    }
    // Most words start lower case: only a capitalised one is read again.
    let case = match bytes.iter().find(|b| b.is_ascii_alphabetic()) {
        Some(first) if first.is_ascii_uppercase() => {
            let letters = bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
            if letters >= 2 && !bytes.iter().any(u8::is_ascii_lowercase) {
                Case::Acronym
            } else {
                Case::Capitalised
            }
        }
        _ => Case::Lower,
    };
    let mut class = digit_class(digit);
    class |= negated_contraction(bytes);
    (finish_id(hash, bytes.len(), class), case)
}

const DIGIT: u8 = 1;
const UPPER: u8 = 2;
const LOWER: u8 = 4;
const LETTER: u8 = UPPER | LOWER;

/// For each byte: whether it is an ASCII digit, capital or small letter.
static ASCII_FLAGS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_lowercase() {
            LOWER
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The case of an ASCII word whose bytes have `flags` (as `word_id` finds it).
fn ascii_case(word: &[u8], flags: u8) -> Case {
    if flags & UPPER == 0 {
        return Case::Lower;
    }
    match word.iter().find(|b| b.is_ascii_alphabetic()) {
        Some(first) if first.is_ascii_uppercase() => {
            let letters = word.iter().filter(|b| b.is_ascii_alphabetic()).count();
            if letters >= 2 && flags & LOWER == 0 {
                Case::Acronym
            } else {
                Case::Capitalised
            }
        }
        _ => Case::Lower,
    }
}

/// The sign written right before a number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sign {
    #[default]
    None,
    Minus,
    Plus,
    PlusMinus,
    /// In brackets, as accounts write a loss: `(5) million`.
    Brackets,
}

/// The sign of the word at `start..end` of `bytes`: a `-`, `−`, `–`, `+` or
/// `±` right before a digit, not after a letter or digit (`2-1` and
/// `COVID-19` have none); or brackets right around a number (`(5)`).
#[inline(always)]
fn sign_before(bytes: &[u8], start: usize, end: usize) -> Sign {
    if bytes.get(start).is_some_and(u8::is_ascii_digit) {
        number_sign(bytes, start, end)
    } else {
        Sign::None
    }
}

/// `sign_before` for a word that starts with a digit.
fn number_sign(bytes: &[u8], start: usize, end: usize) -> Sign {
    let head = &bytes[..start];
    let (sign, len) = match head {
        [.., b'('] if bytes.get(end) == Some(&b')') => return Sign::Brackets,
        [.., b'-'] => (Sign::Minus, 1),
        [.., b'+'] => (Sign::Plus, 1),
        [.., 0xE2, 0x88, 0x92] | [.., 0xE2, 0x80, 0x93] => (Sign::Minus, 3),
        [.., 0xC2, 0xB1] => (Sign::PlusMinus, 2),
        _ => return Sign::None,
    };
    let before = &head[..head.len() - len];
    // The character before the sign: its bytes start at the last byte that
    // is not a continuation byte.
    let last = before
        .iter()
        .rposition(|&b| b & 0xC0 != 0x80)
        .map_or(&[][..], |k| &before[k..]);
    let after_word = std::str::from_utf8(last)
        .ok()
        .and_then(|c| c.chars().next())
        .is_some_and(char::is_alphanumeric);
    if after_word { Sign::None } else { sign }
}

/// A symbol that carries meaning a word does not show: a currency, a percent
/// or per-mille sign, a comparison, an arrow, a tick or cross, a star, an
/// emoji, a degree, times or divided-by sign. Two sentences whose words are
/// the same say different things if one has a symbol the other lacks. (The
/// ASCII ones that also mark up text, `<`, `>`, `#`, `@`, `~`, `+`, count only
/// where they read as symbols: see `marks_of`.)
fn mark_of(c: char) -> bool {
    matches!(c,
        '$' | '%' | '¢' | '£' | '¤' | '¥' | '°' | '‰' | '‱' | '٪' | '×' | '÷'
        | '\u{20A0}'..='\u{20CF}'   // currency symbols (€, ₹, ₽ …)
        | '≤' | '≥' | '≠' | '≈'
        | '\u{2190}'..='\u{21FF}'   // arrows
        | '\u{2B00}'..='\u{2BFF}'   // more arrows, stars
        | '\u{25A0}'..='\u{25FF}'   // shapes (▲ ▼ …)
        | '\u{2600}'..='\u{27BF}'   // symbols and dingbats (★ ☑ ✓ ✗ ❌ …)
        | '\u{1F000}'..='\u{1FAFF}') // emoji
}

/// A symbol in a sentence, and how many times it stands in a row (`★★★★`
/// is one mark of run 4, not the `★★★★★` of run 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mark {
    pub symbol: char,
    pub run: u16,
}

/// The symbols of `text`, sorted, each as often as it comes.
fn marks_of(text: &str) -> Box<[Mark]> {
    let bytes = text.as_bytes();
    if text.is_ascii() && crate::segment::find_any(bytes, b"$%<>#@~+", false).is_none() {
        return Box::default();
    }
    let next_is = |k: usize, f: fn(&char) -> bool| {
        text[k..]
            .chars()
            .skip(1)
            .find(|c| *c != ' ')
            .as_ref()
            .is_some_and(f)
    };
    let mut found: Vec<Mark> = Vec::new();
    // Where the last mark ended: the same symbol right after it lengthens it.
    let mut last_end = usize::MAX;
    for (k, c) in text.char_indices() {
        let mark = match c {
            // A comparison or an approximation before a number (`< 5`, `~40`),
            // not the `>` of a quoted line.
            '<' | '>' | '~' => next_is(k, char::is_ascii_digit),
            // A hashtag or a handle (`#SaveOurPool`, `@council`), not the
            // `#` of a Markdown heading.
            '#' | '@' => text[k + 1..].starts_with(|d: char| d.is_alphanumeric()),
            // `40+`: the plus of a number (a leading one is its sign).
            '+' => text[..k].ends_with(|d: char| d.is_ascii_digit()),
            _ => mark_of(c),
        };
        if mark {
            match found.last_mut() {
                Some(m) if m.symbol == c && last_end == k => m.run += 1,
                _ => found.push(Mark { symbol: c, run: 1 }),
            }
            last_end = k + c.len_utf8();
        }
    }
    found.sort_unstable();
    found.into_boxed_slice()
}

/// Each byte in lower case (ASCII letters; others as they are).
static ASCII_LOWER: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).to_ascii_lowercase();
        b += 1;
    }
    table
};

/// The id of an already normalised word.
fn id_of_folded(folded: &[u8]) -> WordId {
    let hash = lexicon::hash_bytes(folded);
    let digit = folded.iter().any(u8::is_ascii_digit)
        || (!folded.is_ascii()
            && std::str::from_utf8(folded).is_ok_and(|w| w.chars().any(is_numeral)));
    let class = digit_class(digit) | negated_contraction(folded);
    finish_id(hash, folded.len(), class)
}

/// The word id from its hash and the class found so far: a listed word gets
/// its class, and the hash of its canonical spelling when it has one.
fn finish_id(hash: u64, len: usize, class: u64) -> WordId {
    let (listed, canonical) = lexicon::lookup(hash, len);
    if canonical == 0 {
        return (hash << lexicon::CLASS_BITS) | listed | class;
    }
    // The canonical spelling's id, class and all (`says` is `said`; `eight`
    // is `8`, a number).
    let (canonical_class, _) = lexicon::lookup(canonical, 0);
    let digits = if listed & lexicon::NUMBER != 0 {
        lexicon::NUMBER
    } else {
        0
    };
    (canonical << lexicon::CLASS_BITS) | canonical_class | digits | class
}

fn digit_class(digit: bool) -> u64 {
    if digit { lexicon::NUMBER } else { 0 }
}

/// `didn't`, `won't`, and the French `n'a`, `n’est`: a negation inside a word.
fn negated_contraction(folded: &[u8]) -> u64 {
    let english = folded.len() > 3 && folded[folded.len() - 3..].eq_ignore_ascii_case(b"n't");
    let french = folded.len() > 2
        && (folded[0] == b'n' || folded[0] == b'N')
        && (folded[1] == b'\'' || folded.get(1..4) == Some("’".as_bytes()));
    if english || french {
        lexicon::NEGATION | lexicon::FUNCTION
    } else {
        0
    }
}

/// Whether an ASCII word is a number with thousands separators (`45,000`,
/// `1.000.000`): folded without them, so `45,000` and `45000` are one word.
fn has_digit_separators(bytes: &[u8]) -> bool {
    let mut groups = bytes.split(|&b| b == b',' || b == b'.');
    let Some(first) = groups.next() else {
        return false;
    };
    let mut rest = groups.peekable();
    rest.peek().is_some()
        && (1..=3).contains(&first.len())
        && first.iter().all(u8::is_ascii_digit)
        && rest.all(|g| g.len() == 3 && g.iter().all(u8::is_ascii_digit))
}

/// A digit of any script, or a Chinese/Japanese numeral (一 two 三 … 百 千 万 亿),
/// which Unicode files as letters.
fn is_numeral(c: char) -> bool {
    c.is_numeric() || "〇零一二两兩三四五六七八九十百千万萬亿億兆".contains(c)
}

/// Writes the normalised form of `word` into `buf`: lower case, with curly
/// quotes, primes and backticks folded to a straight apostrophe, full-width
/// letters and digits to ASCII, and the separators of a number written in
/// groups of thousands left out.
fn fold_word(word: &str, buf: &mut String) {
    buf.clear();
    let thousands = has_digit_separators(word.as_bytes());
    for c in word.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' | '`' => {
                buf.push('\'')
            }
            ',' | '.' if thousands => {}
            c if c.is_ascii() => buf.push(c.to_ascii_lowercase()),
            // Full-width forms (Ｆ, ２): the same characters as ASCII.
            '\u{FF01}'..='\u{FF5E}' => {
                let ascii = char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c);
                buf.push(ascii.to_ascii_lowercase());
            }
            c => buf.extend(c.to_lowercase()),
        }
    }
}

/// The byte ranges of the words of `text`, as [`Words`] splits them.
pub fn word_bounds(text: &str) -> Vec<(usize, usize)> {
    let mut bounds = Vec::new();
    if crate::segment::each_word(text, |s, e| bounds.push((s, e))).is_none() {
        bounds.clear();
        bounds.extend(text.unicode_word_indices().map(|(s, w)| (s, s + w.len())));
    }
    bounds
}

/// The byte spans, in `text`, of the word ranges `ranges` of the sentence at
/// `sentence` (its whole span where a range is empty or out of bounds).
pub fn word_spans(text: &str, sentence: Span, ranges: &[std::ops::Range<usize>]) -> Vec<Span> {
    let bounds = word_bounds(sentence.text(text));
    ranges
        .iter()
        .map(|r| {
            let first = bounds.get(r.start);
            let last = r.end.checked_sub(1).and_then(|e| bounds.get(e));
            match (first, last) {
                (Some(&(a, _)), Some(&(_, b))) if a <= b => {
                    Span::new(sentence.start + a, sentence.start + b)
                }
                _ => sentence,
            }
        })
        .collect()
}

/// Whether `words` spell a connective of Chinese or Japanese (`此外`), whose
/// characters are words of their own.
pub fn is_connective(words: &[WordId]) -> bool {
    static PHRASES: OnceLock<Vec<Vec<WordId>>> = OnceLock::new();
    let phrases = PHRASES.get_or_init(|| {
        let mut buf = String::new();
        lexicon::cjk_connectives()
            .iter()
            .map(|p| p.unicode_words().map(|w| word_id(w, &mut buf).0).collect())
            .collect()
    });
    phrases.iter().any(|p| p.as_slice() == words)
}

/// Word n-gram length used to find candidate witnesses.
pub(crate) const GRAM: usize = 3;

/// The 32-bit key of a 3-gram.
pub(crate) fn gram_key(gram: &[WordId]) -> u32 {
    let hash = hash_words(gram);
    (hash ^ (hash >> 32)) as u32
}

/// A hash of a word sequence (FxHash: fast, and good enough as every hit is
/// verified on the words themselves).
pub fn hash_words(words: &[WordId]) -> u64 {
    let mut hasher = FxHasher::default();
    words.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(word: &str) -> WordId {
        word_id(word, &mut String::new()).0
    }

    fn ids(words: &[&str]) -> Vec<WordId> {
        words.iter().map(|w| id(w)).collect()
    }

    #[test]
    fn folds_case_quotes_and_punctuation() {
        let words = Words::new(["Russia’s “new frontiers” — ALL-in, don't!"]);
        assert_eq!(
            words.sentence(0),
            ids(&["russia's", "new", "frontiers", "all", "in", "don't"])
        );
        let words = Words::new(["He said “yes”.", "he  said \"YES\"", "He said no."]);
        assert_eq!(words.hash(0), words.hash(1));
        assert_ne!(words.hash(0), words.hash(2));
    }

    #[test]
    fn numbers_stay_whole() {
        let words = Words::new(["£45,000 rose 3.5% in 2019"]);
        assert_eq!(
            words.sentence(0),
            ids(&["45,000", "rose", "3.5", "in", "2019"])
        );
    }

    #[test]
    fn ideographs_are_words_of_their_own() {
        let words = Words::new(["我们去公园"]);
        assert_eq!(words.sentence(0), ids(&["我", "们", "去", "公", "园"]));
    }

    #[test]
    fn word_kinds() {
        let words = Words::new(["Twelve people didn't go, not the 3 Smiths."]);
        let kinds: Vec<WordKind> = words.sentence(0).iter().map(|&w| WordKind::of(w)).collect();
        assert!(kinds[0].number); // twelve
        assert!(kinds[2].negation); // didn't
        assert!(kinds[4].negation); // not
        assert!(kinds[5].function); // the
        assert!(kinds[6].number); // 3
        assert!(!kinds[1].number && !kinds[1].negation && !kinds[1].function);
        assert!(WordKind::of(id("٣")).number); // an Arabic-Indic digit
    }

    #[test]
    fn possessives_share_a_stem() {
        let words = Words::new(["Moscow’s actions and Moscow"]);
        let s = words.sentence(0);
        assert_ne!(s[0], s[3]);
        assert_eq!(words.vocab.stem(s[0]), s[3]);
        assert_eq!(words.vocab.stem(s[1]), s[1]);
    }

    #[test]
    fn names_are_capitalised_words_but_not_a_capitalised_opener() {
        let words = Words::new([
            "The minister met Wang in Moscow.",
            "Wang left.",
            "Then I left.",
        ]);
        assert!(!words.is_name(0, 0)); // The
        assert!(!words.is_name(0, 1)); // minister
        assert!(words.is_name(0, 3)); // Wang
        assert!(words.is_name(0, 5)); // Moscow
        assert!(words.is_name(1, 0)); // Wang opening a sentence
        assert!(!words.is_name(2, 1)); // I
        let words = Words::new(["Sales in the US rose, said AT&T and the WHO."]);
        assert!(words.is_name(0, 3)); // US, though "us" is a pronoun
        assert!(words.is_name(0, 10)); // WHO
    }

    #[test]
    fn spellings_of_one_word_share_an_id() {
        assert_eq!(id("says"), id("said"));
        assert_eq!(id("eight"), id("8"));
        assert_eq!(id("45,000"), id("45000"));
        assert_eq!(id("２"), id("2"));
        assert!(WordKind::of(id("says")).reporting);
        assert!(WordKind::of(id("eight")).number);
    }

    /// Everything `Words` records about one sentence.
    type Record = (Vec<WordId>, Vec<Case>, Vec<bool>, Vec<Sign>, Shape, u64);

    fn snapshot(w: &Words) -> Vec<Record> {
        (0..w.len())
            .map(|i| {
                let range = w.bounds[i]..w.bounds[i + 1];
                (
                    w.sentence(i).to_vec(),
                    w.case(i).to_vec(),
                    w.punct[range].to_vec(),
                    w.signs(i).to_vec(),
                    w.shape(i),
                    w.hash(i),
                )
            })
            .collect()
    }

    /// The records of `text` read by the ASCII pass and the general one.
    fn both_ways(text: &str) -> (Vec<Record>, Vec<Record>) {
        let (mut fast, mut general) = (Words::default(), Words::default());
        fast.bounds.push(0);
        general.bounds.push(0);
        let mut buf = String::new();
        fast.push_sentence_with(text, &mut buf, true);
        general.push_sentence_with(text, &mut buf, false);
        assert_eq!(fast.vocab.stems, general.vocab.stems, "{text:?}");
        (snapshot(&fast), snapshot(&general))
    }

    #[test]
    fn the_ascii_pass_reads_words_as_the_general_one() {
        for text in [
            "Don't say U.S. troops left 45,000 homes at 3.5 p.m., O'Neil's team said.",
            "__init__ a_b _ x__ 3D MP3 ABC's farmers' WHO-led 1.000.000 v1.2.3",
            "a.5 5.a a..b 3,,4 'quoted' \u{b}vt\u{b} tab\there\r\nnext:line ;x; ,4",
        ] {
            let (fast, general) = both_ways(text);
            assert_eq!(fast, general, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_pass_agrees_on_any_ascii(text in r#"[a-zA-Z0-9_ .,;:'\-\n\t\r\x0b\x0c\x1b"!?()]{0,60}"#) {
            let (fast, general) = both_ways(&text);
            proptest::prop_assert_eq!(fast, general, "{:?}", text);
        }
    }

    #[test]
    fn ascii_and_unicode_paths_agree() {
        for word in ["Don't", "DON’T", "Éclair", "éclair", "U.S", "x"] {
            let (a, _) = word_id(word, &mut String::new());
            let mut folded = String::new();
            fold_word(word, &mut folded);
            assert_eq!(a, id_of_folded(folded.as_bytes()), "{word}");
        }
        assert_eq!(id("Don't"), id("DON’T"));
    }
}
