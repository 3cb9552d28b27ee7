//! Normalisation: the words of each sentence as ids, and what they mean.
//!
//! Two sentences are compared on their words, case-folded, with curly and
//! straight quotes and apostrophes folded together and punctuation, dashes and
//! spacing dropped. Words come from UAX #29 word boundaries, so `45,000`, `3.5`
//! and `don't` stay one word and Chinese or Japanese text without spaces yields
//! one word per ideograph.
//!
//! A word's id is a 64-bit hash of its normalised text with the three flags the
//! fact guard needs (number, negation, function word) in its low bits: equal
//! words get equal ids, and a word's kind is read off its id, with no table of
//! words to build for each article. (Two different words of one article would
//! share an id only on a 61-bit hash collision.)

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};
use unicode_segmentation::UnicodeSegmentation;

/// A normalised word: a hash of its text, with its [`WordKind`] in the low bits.
pub type WordId = u64;

const NUMBER_BIT: u64 = 1;
const NEGATION_BIT: u64 = 2;
const FUNCTION_BIT: u64 = 4;
const KIND_BITS: u32 = 3;

/// What a word is, as far as the fact guard is concerned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordKind {
    /// Contains a digit, or is a number word (`seven`, `million`, `third`).
    pub number: bool,
    /// `not`, `no`, `never`, `n't` and the like.
    pub negation: bool,
    /// An article, pronoun, preposition, auxiliary or connective: a word that
    /// carries grammar rather than content.
    pub function: bool,
}

impl WordKind {
    fn bits(self) -> u64 {
        let bit = |set: bool, bit: u64| if set { bit } else { 0 };
        bit(self.number, NUMBER_BIT)
            | bit(self.negation, NEGATION_BIT)
            | bit(self.function, FUNCTION_BIT)
    }

    fn of(id: WordId) -> Self {
        WordKind {
            number: id & NUMBER_BIT != 0,
            negation: id & NEGATION_BIT != 0,
            function: id & FUNCTION_BIT != 0,
        }
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

/// The normalised words of every sentence of an article, stored end to end.
#[derive(Debug, Default)]
pub struct Words {
    pub vocab: Vocab,
    ids: Vec<WordId>,
    case: Vec<Case>,
    bounds: Vec<usize>,
    hashes: Vec<u64>,
}

impl Words {
    /// Normalises `sentences` (in order); sentence `i` is then `self.sentence(i)`.
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
            bounds,
            hashes: Vec::with_capacity(sentences.len()),
        };
        let mut buf = String::new();
        for text in sentences {
            words.push_sentence(text, &mut buf);
        }
        words
    }

    fn push_sentence(&mut self, text: &str, buf: &mut String) {
        let start = self.ids.len();
        if crate::segment::each_word(text, |s, e| self.push_word(&text[s..e], buf)).is_none() {
            // A character the fast path does not know: start again with
            // unicode-segmentation.
            self.ids.truncate(start);
            self.case.truncate(start);
            text.unicode_words()
                .for_each(|word| self.push_word(word, buf));
        }
        self.hashes.push(hash_words(&self.ids[start..]));
        self.bounds.push(self.ids.len());
    }

    fn push_word(&mut self, word: &str, buf: &mut String) {
        let (id, case) = word_id(word, buf);
        if let Some(stem) = possessive_stem(word) {
            self.vocab.stems.insert(id, word_id(stem, buf).0);
        }
        self.ids.push(id);
        self.case.push(case);
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
        match self.case(i).get(pos) {
            Some(Case::Acronym) => true,
            Some(Case::Capitalised) => !WordKind::of(word).function,
            _ => false,
        }
    }
}

/// `Russia's` → `Russia`, `farmers'` → `farmers`; `None` for other words.
fn possessive_stem(word: &str) -> Option<&str> {
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
    let mut hash = FNV_OFFSET;
    let mut digit = false;
    for &b in bytes {
        hash = (hash ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(FNV_PRIME);
        digit |= b.is_ascii_digit();
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
    let mut kind = known_kind(hash, bytes.len());
    kind.number |= digit;
    kind.negation |= bytes.len() > 3 && bytes[bytes.len() - 3..].eq_ignore_ascii_case(b"n't");
    ((hash << KIND_BITS) | kind.bits(), case)
}

/// The id of an already normalised word.
fn id_of_folded(folded: &[u8]) -> WordId {
    let hash = hash_bytes(folded);
    let mut kind = known_kind(hash, folded.len());
    kind.number |= folded.iter().any(u8::is_ascii_digit)
        || (!folded.is_ascii()
            && std::str::from_utf8(folded).is_ok_and(|w| w.chars().any(is_numeral)));
    kind.negation |= folded.ends_with(b"n't");
    (hash << KIND_BITS) | kind.bits()
}

/// A digit of any script, or a Chinese/Japanese numeral (一 two 三 … 百 千 万 亿),
/// which Unicode files as letters.
fn is_numeral(c: char) -> bool {
    c.is_numeric() || "〇零一二两兩三四五六七八九十百千万萬亿億兆".contains(c)
}

/// The kind of a listed word from its hash (the lists hold no word longer
/// than `LONGEST_LISTED` bytes, so longer words skip the lookup).
fn known_kind(hash: u64, len: usize) -> WordKind {
    if len > LONGEST_LISTED {
        return WordKind::default();
    }
    let mut slot = known_slot(hash);
    loop {
        match KNOWN_WORDS[slot] {
            (0, _) => return WordKind::default(),
            (h, bits) if h == hash => return WordKind::of(bits),
            _ => slot = (slot + 1) % KNOWN_WORDS.len(),
        }
    }
}

/// The listed words by hash, in an open-addressing table built at compile
/// time: (hash of the word, its kind bits); a zero hash marks a free slot.
static KNOWN_WORDS: [(u64, u64); 1024] = {
    let mut table = [(0u64, 0u64); 1024];
    add_words(&mut table, NUMBER_WORDS, NUMBER_BIT);
    add_words(&mut table, NEGATIONS, NEGATION_BIT);
    add_words(&mut table, FUNCTION_WORDS, FUNCTION_BIT);
    table
};

/// The table slot of a word hash. FNV-1a leaves the top bits of a short
/// word's hash poorly mixed, so they are mixed again (a Fibonacci multiply)
/// before ten of them are taken.
const fn known_slot(hash: u64) -> usize {
    (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize
}

const fn add_words(table: &mut [(u64, u64); 1024], words: &[&str], bit: u64) {
    let mut w = 0;
    while w < words.len() {
        let hash = hash_bytes(words[w].as_bytes());
        let mut slot = known_slot(hash);
        loop {
            if table[slot].0 == 0 || table[slot].0 == hash {
                table[slot] = (hash, table[slot].1 | bit);
                break;
            }
            slot = (slot + 1) % table.len();
        }
        w += 1;
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a: folds in one pass with the lower-casing, and is good enough for
/// words (ids are compared whole; a collision needs two of one article's words
/// to share 61 bits).
const fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hash = FNV_OFFSET;
    let mut i = 0;
    while i < bytes.len() {
        hash = (hash ^ bytes[i] as u64).wrapping_mul(FNV_PRIME);
        i += 1;
    }
    hash
}

/// Writes the normalised form of `word` into `buf`: lower case, with curly
/// quotes, primes and backticks folded to a straight apostrophe.
fn fold_word(word: &str, buf: &mut String) {
    buf.clear();
    for c in word.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' | '`' => {
                buf.push('\'')
            }
            c if c.is_ascii() => buf.push(c.to_ascii_lowercase()),
            c => buf.extend(c.to_lowercase()),
        }
    }
}

/// A hash of a word sequence (FxHash: fast, and good enough as every hit is
/// verified on the words themselves).
pub fn hash_words(words: &[WordId]) -> u64 {
    let mut hasher = FxHasher::default();
    words.hash(&mut hasher);
    hasher.finish()
}

/// The longest word in the lists below, in bytes.
const LONGEST_LISTED: usize = 13;

const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "dozen",
    "dozens",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "half",
    "quarter",
    "quarters",
    "twice",
    "thrice",
    "double",
    "triple",
    "once",
];

const NEGATIONS: &[&str] = &[
    "not", "no", "never", "nor", "none", "nothing", "nobody", "nowhere", "neither", "cannot",
    "without", "nope", "hardly", "barely",
];

/// Grammar words and connectives: inserting or changing one of these does not
/// add information (a negation is a function word too, but the guard checks
/// negations separately).
const FUNCTION_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "some",
    "any",
    "each",
    "every",
    "all",
    "both",
    "either",
    "other",
    "another",
    "such",
    "i",
    "me",
    "my",
    "we",
    "us",
    "our",
    "you",
    "your",
    "he",
    "him",
    "his",
    "she",
    "her",
    "hers",
    "it",
    "its",
    "they",
    "them",
    "their",
    "theirs",
    "who",
    "whom",
    "whose",
    "which",
    "what",
    "whatever",
    "one's",
    "it's",
    "he's",
    "she's",
    "they're",
    "we're",
    "i'm",
    "there",
    "here",
    "of",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "to",
    "into",
    "onto",
    "upon",
    "about",
    "above",
    "below",
    "over",
    "under",
    "after",
    "before",
    "since",
    "until",
    "during",
    "through",
    "between",
    "among",
    "against",
    "across",
    "along",
    "around",
    "behind",
    "beyond",
    "within",
    "via",
    "per",
    "as",
    "than",
    "like",
    "and",
    "or",
    "but",
    "so",
    "yet",
    "if",
    "because",
    "while",
    "whereas",
    "although",
    "though",
    "when",
    "whenever",
    "where",
    "whether",
    "then",
    "thus",
    "hence",
    "therefore",
    "also",
    "too",
    "even",
    "still",
    "just",
    "only",
    "already",
    "again",
    "now",
    "however",
    "meanwhile",
    "separately",
    "additionally",
    "addition",
    "moreover",
    "furthermore",
    "besides",
    "indeed",
    "instead",
    "otherwise",
    "nevertheless",
    "nonetheless",
    "likewise",
    "similarly",
    "elsewhere",
    "earlier",
    "later",
    "previously",
    "recently",
    "reported",
    "reportedly",
    "noted",
    "apparently",
    "meantime",
    "overall",
    "finally",
    "firstly",
    "secondly",
    "lastly",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "am",
    "have",
    "has",
    "had",
    "having",
    "do",
    "does",
    "did",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "said",
    "says",
    "say",
    "saying",
    "told",
    "added",
    "according",
    "very",
    "much",
    "more",
    "most",
    "well",
    "ago",
];

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
    fn listed_words_fit_the_lookup_bound() {
        for w in NUMBER_WORDS.iter().chain(NEGATIONS).chain(FUNCTION_WORDS) {
            assert!(w.len() <= LONGEST_LISTED, "{w}");
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
