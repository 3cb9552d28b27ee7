//! Normalisation: the words of each sentence as interned ids, and what they mean.
//!
//! Two sentences are compared on their words, case-folded, with curly and
//! straight quotes and apostrophes folded together and punctuation, dashes and
//! spacing dropped. Words come from UAX #29 word boundaries, so `45,000`, `3.5`
//! and `don't` stay one word and Chinese or Japanese text without spaces yields
//! one word per ideograph. Each distinct word is interned once, with the flags the
//! fact guard needs: is it a number, a negation, a function word.

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};
use unicode_segmentation::UnicodeSegmentation;

/// An interned, normalised word.
pub type WordId = u32;

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

/// The words seen so far in one article.
#[derive(Debug, Default)]
pub struct Vocab {
    ids: FxHashMap<Box<str>, WordId>,
    kinds: Vec<WordKind>,
    words: Vec<Box<str>>,
    stems: Vec<WordId>,
}

impl Vocab {
    fn intern(&mut self, word: &str) -> WordId {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let stem = match word.strip_suffix("'s").or_else(|| word.strip_suffix('\'')) {
            Some(stem) if !stem.is_empty() => Some(self.intern(stem)),
            _ => None,
        };
        let id = WordId::try_from(self.kinds.len()).unwrap_or(WordId::MAX);
        self.kinds.push(classify(word));
        self.words.push(word.into());
        self.stems.push(stem.unwrap_or(id));
        self.ids.insert(word.into(), id);
        id
    }

    /// The word without a possessive `'s`: `russia's` → `russia`.
    pub fn stem(&self, id: WordId) -> WordId {
        self.stems.get(id as usize).copied().unwrap_or(id)
    }

    pub fn kind(&self, id: WordId) -> WordKind {
        self.kinds.get(id as usize).copied().unwrap_or_default()
    }

    /// The normalised text of a word (for explanations and tests).
    pub fn word(&self, id: WordId) -> &str {
        self.words.get(id as usize).map_or("", |w| w)
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
        let mut words = Words {
            bounds: vec![0],
            ..Words::default()
        };
        let mut buf = String::new();
        for text in sentences {
            words.push_sentence(text, &mut buf);
        }
        words
    }

    fn push_sentence(&mut self, text: &str, buf: &mut String) {
        let start = self.ids.len();
        let mut push = |word: &str| {
            fold_word(word, buf);
            let id = self.vocab.intern(buf);
            self.ids.push(id);
            self.case.push(Case::of(word));
        };
        match crate::segment::words(text) {
            Some(spans) => spans.into_iter().for_each(|(s, e)| push(&text[s..e])),
            None => text.unicode_words().for_each(push),
        }
        self.hashes.push(hash_words(&self.ids[start..]));
        self.bounds.push(self.ids.len());
    }

    pub fn len(&self) -> usize {
        self.hashes.len()
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
        let word = self.sentence(i).get(pos).copied().unwrap_or(WordId::MAX);
        match self.case(i).get(pos) {
            Some(Case::Acronym) => true,
            Some(Case::Capitalised) => !self.vocab.kind(word).function,
            _ => false,
        }
    }
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

fn classify(word: &str) -> WordKind {
    WordKind {
        number: word.chars().any(|c| c.is_numeric()) || NUMBER_WORDS.contains(&word),
        negation: NEGATIONS.contains(&word) || word.ends_with("n't"),
        function: FUNCTION_WORDS.contains(&word),
    }
}

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

    fn normalised(text: &str) -> Vec<String> {
        let words = Words::new([text]);
        words
            .sentence(0)
            .iter()
            .map(|&id| words.vocab.word(id).to_owned())
            .collect()
    }

    #[test]
    fn folds_case_quotes_and_punctuation() {
        assert_eq!(
            normalised("Russia’s “new frontiers” — ALL-in, don't!"),
            ["russia's", "new", "frontiers", "all", "in", "don't"]
        );
        let words = Words::new(["He said “yes”.", "he  said \"YES\"", "He said no."]);
        assert_eq!(words.hash(0), words.hash(1));
        assert_ne!(words.hash(0), words.hash(2));
    }

    #[test]
    fn numbers_stay_whole() {
        assert_eq!(
            normalised("£45,000 rose 3.5% in 2019"),
            ["45,000", "rose", "3.5", "in", "2019"]
        );
    }

    #[test]
    fn ideographs_are_words_of_their_own() {
        assert_eq!(normalised("我们去公园"), ["我", "们", "去", "公", "园"]);
    }

    #[test]
    fn word_kinds() {
        let words = Words::new(["Twelve people didn't go, not the 3 Smiths."]);
        let kinds: Vec<WordKind> = words
            .sentence(0)
            .iter()
            .map(|&id| words.vocab.kind(id))
            .collect();
        assert!(kinds[0].number); // twelve
        assert!(kinds[2].negation); // didn't
        assert!(kinds[4].negation); // not
        assert!(kinds[5].function); // the
        assert!(kinds[6].number); // 3
        assert!(!kinds[1].number && !kinds[1].negation && !kinds[1].function);
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
}
