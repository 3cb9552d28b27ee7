//! Similarity scorer: is this sentence already said by earlier kept text?
//!
//! Sentences are assessed in order against an [`Index`] of the sentences kept so
//! far. Nothing is compared all-pairs: an exact repeat is one hash lookup, and a
//! near repeat is looked for only among the few earlier sentences that share
//! word 3-grams with it (a 3-gram remembers only the first sentence that had it,
//! so a very common phrase costs nothing). Each candidate is then aligned word by
//! word (`align`, a bounded LCS), and the sentence is scored by how much of it
//! the best one or two witnesses cover.
//!
//! A sentence that is covered is still kept when it says more than its
//! witnesses (`guard`): new words at its end or start (an earlier teaser said
//! only part of it), or a number, a name or a negation that the witnesses lack.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::align::{self, Cover, Part};
use crate::guard::Guard;
pub(crate) use crate::normalize::GRAM;
#[cfg(test)]
use crate::normalize::gram_key;
use crate::normalize::{Mark, WordId, Words, reads_like_name};
pub use crate::types::{KeepReason, Kind};

/// Candidate witnesses aligned per sentence.
const CANDIDATES: usize = 4;
/// Further candidates aligned for the words the first witness leaves uncovered.
const REST_CANDIDATES: usize = 2;
/// Largest alignment (words × words) tried for one candidate; bounds the work
/// per sentence on pathological input.
const MAX_ALIGN_CELLS: usize = 40_000;
/// Share of `run_cover` that a sentence's words must reach in shared 3-grams
/// before candidates are aligned at all. Edits break 3-grams around them, so
/// the alignment can cover more than the 3-grams do; half is a safe margin.
const PREFILTER: f64 = 0.5;

/// The knobs of the duplicate test (see `Config` for their meaning).
#[derive(Clone, Debug, PartialEq)]
pub struct Thresholds {
    pub min_words: usize,
    pub near: f64,
    pub cover: f64,
    pub run_cover: f64,
    pub max_witnesses: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            min_words: 4,
            near: 0.9,
            cover: 0.9,
            run_cover: 0.75,
            max_witnesses: 2,
        }
    }
}

/// The verdict on one sentence, before its neighbours are taken into account.
#[derive(Clone, Debug, PartialEq)]
pub enum Assessment {
    /// No words at all (`***`, `|`): never compared, goes only with its paragraph.
    Wordless,
    /// Nothing earlier says it.
    New,
    /// Resembles earlier text but carries something new: kept.
    Kept {
        reason: KeepReason,
        score: f64,
        witnesses: Vec<usize>,
    },
    /// A repeat of earlier text. `strong` repeats go on their own; weak ones only
    /// inside a run of repeats. A short exact repeat is `strong: false` too.
    Repeat {
        kind: Kind,
        score: f64,
        strong: bool,
        witnesses: Vec<usize>,
        /// For each witness, the words of the sentence it supplies (from the
        /// first to the last it covers).
        supplied: Vec<std::ops::Range<usize>>,
    },
}

/// Earlier kept sentences, by normalised text and by word 3-gram.
///
/// A 3-gram maps to the first kept sentence that has it, and is marked common
/// once another has it too; a 32-bit hash of it is the key (a collision only
/// adds a candidate, which the alignment then rejects). That keeps the index at
/// about nine bytes per word of text.
#[derive(Debug, Default)]
pub struct Index {
    exact: FxHashMap<u64, u32>,
    grams: FxHashMap<u32, u32>,
}

/// Set on a 3-gram that more than one kept sentence has.
const COMMON: u32 = 1 << 31;

impl Index {
    /// An index sized for an article of `sentences` sentences and `words`
    /// words: an ordinary article gets room for all its 3-grams at once; a huge,
    /// repetitive input grows it as needed instead of reserving for repeats.
    pub fn with_capacity(sentences: usize, words: usize) -> Self {
        const PRESIZE_LIMIT: usize = 1 << 15;
        Index {
            exact: FxHashMap::with_capacity_and_hasher(
                sentences.min(PRESIZE_LIMIT),
                Default::default(),
            ),
            grams: FxHashMap::with_capacity_and_hasher(
                words.min(PRESIZE_LIMIT),
                Default::default(),
            ),
        }
    }

    /// Adds sentence `id` (whose words are `words`, with 3-gram keys `grams`,
    /// hashed to `hash`).
    pub fn insert(&mut self, id: usize, words: &[WordId], grams: &[u32], hash: u64) {
        let Ok(id) = u32::try_from(id) else { return };
        if words.is_empty() || id & COMMON != 0 {
            return;
        }
        self.exact.entry(hash).or_insert(id);
        for &key in grams {
            self.grams
                .entry(key)
                .and_modify(|first| {
                    if *first & !COMMON != id {
                        *first |= COMMON;
                    }
                })
                .or_insert(id);
        }
    }

    fn exact(&self, hash: u64) -> Option<usize> {
        self.exact.get(&hash).map(|&id| id as usize)
    }

    /// Earlier sentences sharing n-grams (keys `grams`) with the words, best
    /// first: a shared rare n-gram (one earlier sentence has it) weighs more
    /// than a common one. Returns how many of the words lie in some shared
    /// n-gram.
    /// Candidates are ranked only when at least `min_shared` words are shared.
    fn candidates(
        &self,
        grams: &[u32],
        hits: &mut Vec<(u32, u32)>,
        out: &mut Vec<usize>,
        limit: usize,
        min_shared: usize,
    ) -> usize {
        hits.clear();
        out.clear();
        let mut shared_words = 0;
        let mut covered_to = 0;
        for (p, key) in grams.iter().enumerate() {
            let Some(&first) = self.grams.get(key) else {
                continue;
            };
            shared_words += p + GRAM - covered_to.max(p);
            covered_to = p + GRAM;
            let weight = if first & COMMON != 0 { 1 } else { 3 };
            hits.push((first & !COMMON, weight));
        }
        if shared_words < min_shared || hits.is_empty() {
            return shared_words;
        }
        // Sum the weights of each sentence's hits in place, then rank.
        hits.sort_unstable();
        let mut len = 0;
        for k in 0..hits.len() {
            if len > 0 && hits[len - 1].0 == hits[k].0 {
                hits[len - 1].1 += hits[k].1;
            } else {
                hits[len] = hits[k];
                len += 1;
            }
        }
        hits.truncate(len);
        hits.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out.extend(hits.iter().take(limit).map(|&(id, _)| id as usize));
        shared_words
    }
}
/// Assesses sentences against the index of kept ones.
pub struct Scorer<'a> {
    words: &'a Words,
    thresholds: Thresholds,
    index: Index,
    /// Stems of the names in the sentences kept so far.
    names_seen: FxHashSet<WordId>,
    dp: Vec<u16>,
    hits: Vec<(u32, u32)>,
    candidates: Vec<usize>,
}

impl<'a> Scorer<'a> {
    pub fn new(words: &'a Words, thresholds: Thresholds) -> Self {
        Scorer {
            words,
            thresholds,
            index: Index::with_capacity(words.len(), words.word_count()),
            names_seen: FxHashSet::default(),
            dp: Vec::new(),
            hits: Vec::new(),
            candidates: Vec::new(),
        }
    }

    /// Makes sentence `i` available as a witness for later sentences.
    pub fn keep(&mut self, i: usize) {
        let words = self.words.sentence(i);
        let grams = self.words.grams(i, 0..words.len());
        self.index.insert(i, words, grams, self.words.hash(i));
        for (&word, &case) in words.iter().zip(self.words.case(i)) {
            if reads_like_name(word, case) {
                self.names_seen.insert(self.words.vocab.stem(word));
            }
        }
    }

    /// Makes sentence `i` findable as an exact repeat only: a weak repeat whose
    /// fate is not decided yet.
    pub fn hold(&mut self, i: usize) {
        if let Ok(id) = u32::try_from(i) {
            self.index.exact.entry(self.words.hash(i)).or_insert(id);
        }
    }

    /// Judges sentence `i` against the sentences kept so far.
    pub fn assess(&mut self, i: usize) -> Assessment {
        let s = self.words.sentence(i);
        let n = s.len();
        if n == 0 {
            return Assessment::Wordless;
        }
        let weight = self.words.shape(i).weight as usize;
        if let Some(w) = self.index.exact(self.words.hash(i))
            && self.words.sentence(w) == s
        {
            // The same words: any symbol more or less is the difference.
            if self.words.marks(i) != self.words.marks(w)
                || self.symbols_differ(i, &[w], (0..n).map(|p| (p, w, p)))
            {
                return Assessment::Kept {
                    reason: KeepReason::Symbol,
                    score: 1.0,
                    witnesses: vec![w],
                };
            }
            return Assessment::Repeat {
                kind: Kind::Exact,
                score: 1.0,
                strong: weight >= self.thresholds.min_words,
                witnesses: vec![w],
                supplied: std::iter::once(0..n).collect(),
            };
        }
        if weight < self.thresholds.min_words {
            return Assessment::New;
        }
        let mut tried = Vec::new();
        let mut parts = Vec::new();
        // A sentence that shares few 3-grams with earlier text cannot be covered
        // enough to count: skip aligning it (most sentences are new).
        let min_shared = (n as f64 * self.thresholds.run_cover * PREFILTER).ceil() as usize;
        self.find_parts(i, 0..n, CANDIDATES, min_shared, &mut tried, &mut parts);
        let max = self.thresholds.max_witnesses;
        let Some(mut cover) = Cover::best(n, &parts, max) else {
            return Assessment::New;
        };
        // The rest of a merged sentence may come from a sentence that shares too
        // little with the whole to rank among the first candidates.
        let before = parts.len();
        for run in cover.uncovered_runs() {
            if run.len() >= GRAM {
                self.find_parts(i, run, REST_CANDIDATES, 0, &mut tried, &mut parts);
            }
        }
        if parts.len() > before {
            cover = Cover::best(n, &parts, max).unwrap_or(cover);
        }
        self.judge(i, &cover)
    }

    /// Aligns sentence `i` with the best unaligned candidates for its words in
    /// `range`.
    fn find_parts(
        &mut self,
        i: usize,
        range: std::ops::Range<usize>,
        limit: usize,
        min_shared: usize,
        tried: &mut Vec<usize>,
        parts: &mut Vec<Part>,
    ) {
        let mut candidates = std::mem::take(&mut self.candidates);
        let words = self.words;
        let s = words.sentence(i);
        let shared = self.index.candidates(
            words.grams(i, range),
            &mut self.hits,
            &mut candidates,
            limit + tried.len(),
            min_shared,
        );
        if shared >= min_shared {
            // The candidates are distinct: those not tried yet, up to `limit`.
            let mut taken = 0;
            for &w in &candidates {
                if taken == limit {
                    break;
                }
                if tried.contains(&w) {
                    continue;
                }
                taken += 1;
                tried.push(w);
                parts.extend(self.align(s, w));
            }
        }
        self.candidates = candidates;
    }

    /// Aligns sentence words `s` with witness `w`; `None` when they share no block.
    fn align(&mut self, s: &[WordId], w: usize) -> Option<Part> {
        let e = self.words.sentence(w);
        if s.len() * e.len() > MAX_ALIGN_CELLS {
            return None;
        }
        let vocab = &self.words.vocab;
        let (pairs, block_len) = align::align(s, e, &mut self.dp, |w| vocab.kind(w).function);
        (!pairs.is_empty()).then_some(Part {
            witness: w,
            pairs,
            block_len,
        })
    }

    /// Whether sentence `i` has a symbol more often than its `witnesses` have
    /// it (`£` for `$`, `%`, `<` for `>`, `↑` for `↓`), or a number whose sign
    /// or qualifier differs from that of the number it is `aligned` with
    /// (word, witness, witness word): `-5°C` and `5°C`, `about 300` and `300`
    /// are two numbers. Words drop symbols, so these are read from the text.
    fn symbols_differ(
        &self,
        i: usize,
        witnesses: &[usize],
        mut aligned: impl Iterator<Item = (usize, usize, usize)>,
    ) -> bool {
        let words = self.words;
        // A symbol more often than in all the witnesses together.
        let count = |marks: &[Mark], m: Mark| marks.iter().filter(|&&x| x == m).count();
        let lacking = words.marks(i).iter().any(|&m| {
            count(words.marks(i), m) > witnesses.iter().map(|&w| count(words.marks(w), m)).sum()
        });
        let (signs, s) = (words.signs(i), words.sentence(i));
        // A number signed or qualified otherwise (`-5` / `5`, `about 300` /
        // `300`) is another number.
        lacking
            || aligned.any(|(p, w, q)| {
                signs[p] != words.signs(w)[q]
                    || (words.vocab.kind(s[p]).number
                        && words.number_qualifier(i, p) != words.number_qualifier(w, q))
            })
    }

    /// Turns a cover into a verdict: the extension rules, the fact guard, the score.
    fn judge(&self, i: usize, cover: &Cover) -> Assessment {
        let t = &self.thresholds;
        let s = self.words.sentence(i);
        let n = s.len();
        let vocab = &self.words.vocab;
        let covered = cover.covered.iter().filter(|&&c| c).count();
        let (mut content, mut function) = (0, 0);
        let head = cover.covered.iter().take_while(|&&c| !c).count();
        let labelled = s[..head].iter().all(|&w| vocab.kind(w).label);
        for p in (0..n).filter(|&p| !cover.covered[p]) {
            let kind = vocab.kind(s[p]);
            if p < head && labelled {
                // A display label before the copy (`Read more:`) is no text
                // of the sentence's own.
            } else if kind.function {
                function += 1;
            } else {
                content += 1;
            }
        }
        // Uncovered grammar words (a connective, "saying") count half.
        let score = covered as f64 / (covered as f64 + content as f64 + 0.5 * function as f64);
        if score < t.run_cover {
            return Assessment::New;
        }
        let witnesses: Vec<usize> = cover.parts.iter().map(|p| p.witness).collect();
        let supplied = cover
            .parts
            .iter()
            .map(|p| match (p.pairs.first(), p.pairs.last()) {
                (Some(&(a, _)), Some(&(b, _))) => a..b + 1,
                _ => 0..0,
            })
            .collect();
        let keep = |reason| Assessment::Kept {
            reason,
            score,
            witnesses: witnesses.clone(),
        };
        let guard = Guard {
            words: self.words,
            names_seen: &self.names_seen,
        };
        if let Some(reason) = guard.check(i, cover) {
            return keep(reason);
        }
        let aligned = cover
            .parts
            .iter()
            .flat_map(|p| p.pairs.iter().map(move |&(sp, ep)| (sp, p.witness, ep)));
        if self.symbols_differ(i, &witnesses, aligned) {
            return keep(KeepReason::Symbol);
        }
        if let [part] = cover.parts.as_slice() {
            let e = self.words.sentence(part.witness);
            let distance = strsim::generic_levenshtein(&s.to_vec(), &e.to_vec());
            let similarity = 1.0 - distance as f64 / n.max(e.len()) as f64;
            if similarity >= t.near {
                return Assessment::Repeat {
                    kind: Kind::Near,
                    score: similarity,
                    strong: true,
                    witnesses,
                    supplied,
                };
            }
        }
        Assessment::Repeat {
            kind: Kind::Covered,
            score,
            strong: score >= t.cover,
            witnesses,
            supplied,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    /// Assesses the last sentence of `text` against all the sentences before it.
    fn assess_last(text: &str) -> Assessment {
        let doc = parse(text);
        let words = Words::new(doc.sentences.iter().map(|s| s.span.text(text)));
        let mut scorer = Scorer::new(&words, Thresholds::default());
        let last = doc.sentences.len() - 1;
        for i in 0..last {
            scorer.keep(i);
        }
        scorer.assess(last)
    }

    fn kind_of(a: &Assessment) -> Option<(Kind, bool)> {
        match a {
            Assessment::Repeat { kind, strong, .. } => Some((*kind, *strong)),
            _ => None,
        }
    }

    fn kept_for(a: &Assessment) -> Option<KeepReason> {
        match a {
            Assessment::Kept { reason, .. } => Some(*reason),
            _ => None,
        }
    }

    #[test]
    fn exact_repeat_ignores_case_quotes_and_punctuation() {
        let a =
            assess_last("He said “we will win” on Monday.\n\nHe said \"We will win\", on monday");
        assert_eq!(kind_of(&a), Some((Kind::Exact, true)));
    }

    #[test]
    fn short_exact_repeat_is_weak() {
        let a = assess_last("Yes, he said.\n\nYes, he said.");
        assert_eq!(kind_of(&a), Some((Kind::Exact, false)));
    }

    #[test]
    fn near_repeat_with_a_dropped_word() {
        let a = assess_last(
            "Irish shares have risen to a record high, with investors persuaded to buy into the market by low inflation.\n\n\
             Irish shares have risen to a record high, with investors persuaded to buy into market by low inflation.",
        );
        assert_eq!(kind_of(&a), Some((Kind::Near, true)));
    }

    #[test]
    fn truncation_and_connective_are_covered() {
        let body = "The prime minister ratcheted up pre-election campaigning at the weekend with a helicopter tour of the country.";
        let a = assess_last(&format!(
            "{body}\n\nThe prime minister ratcheted up pre-election campaigning at the weekend."
        ));
        assert_eq!(kind_of(&a), Some((Kind::Covered, true)));
        let a = assess_last(&format!(
            "{body}\n\nMeanwhile, {}",
            body.replace("The prime", "the prime")
        ));
        assert!(
            matches!(kind_of(&a), Some((Kind::Covered | Kind::Near, true))),
            "{a:?}"
        );
    }

    #[test]
    fn merge_of_two_sentences_is_covered() {
        let a = assess_last(
            "Lakshmi Mittal has told investors the combined company will have to shed thousands of jobs. \
             Mittal Steel could cut 45,000 jobs over the next five years, its chief executive has said.\n\n\
             Lakshmi Mittal has told investors the combined company will, and 45,000 jobs over the next five years, its chief executive has said.",
        );
        assert_eq!(kind_of(&a), Some((Kind::Covered, true)));
    }

    #[test]
    fn a_number_qualified_otherwise_is_another_number() {
        for (witness, later) in [
            (
                "Up to 300 jobs will go at the plant.",
                "300 jobs will go at the plant.",
            ),
            (
                "About 300 jobs will go at the plant.",
                "300 jobs will go at the plant.",
            ),
            (
                "More than 300 jobs will go at the plant.",
                "300 jobs will go at the plant.",
            ),
            (
                "The loss was (5) million euros this year.",
                "The loss was 5 million euros this year.",
            ),
        ] {
            let a = assess_last(&format!("{witness}\n\n{later}"));
            assert_eq!(
                kept_for(&a),
                Some(KeepReason::Symbol),
                "{witness} / {later}: {a:?}"
            );
        }
    }

    #[test]
    fn changed_number_is_a_new_fact() {
        let a = assess_last(
            "The plant employs 1,200 people in the town and exports most of its output.\n\n\
             The plant employs 1,400 people in the town and exports most of its output.",
        );
        assert_eq!(kept_for(&a), Some(KeepReason::Number), "{a:?}");
    }

    #[test]
    fn a_number_repeated_in_place_of_another_is_a_new_fact() {
        let a = assess_last(
            "The car business was forced to push back its break-even target from 2005 to 2006.\n\n\
             The car business was forced to push back its break-even target from 2005 to 2005.",
        );
        assert_eq!(kept_for(&a), Some(KeepReason::Number), "{a:?}");
    }

    #[test]
    fn added_or_removed_negation_is_a_new_fact() {
        let a = assess_last(
            "Hollywood is preparing for the biggest night in the film world's calendar on Sunday.\n\n\
             Hollywood is not preparing for the biggest night in the film world's calendar on Sunday.",
        );
        assert_eq!(kept_for(&a), Some(KeepReason::Negation), "{a:?}");
        let a = assess_last(
            "The minister did not attend the summit in Brussels last week, officials said.\n\n\
             The minister did attend the summit in Brussels last week, officials said.",
        );
        assert_eq!(kept_for(&a), Some(KeepReason::Negation), "{a:?}");
    }

    #[test]
    fn a_negation_dropped_from_a_reworded_ending_is_a_new_fact() {
        let a = assess_last(
            "Title here.\n\nHe said: \"I really don't know why we didn't.\"\n\n\"I really don't know why we did.\"",
        );
        assert_eq!(kept_for(&a), Some(KeepReason::Negation), "{a:?}");
    }

    #[test]
    fn changed_name_is_a_new_fact() {
        let a = assess_last(
            "The award went to the novelist Andrea Levy for her fourth book on Tuesday night.\n\n\
             The award went to the novelist Susan Fletcher for her fourth book on Tuesday night.",
        );
        assert_eq!(kept_for(&a), Some(KeepReason::Name), "{a:?}");
    }

    #[test]
    fn pronoun_replaced_by_a_name_from_the_witness_paragraph_is_not_a_new_fact() {
        let a = assess_last(
            "Wang emphasised that both countries support cooperation. He also said that the relations are not directed against any third countries.\n\n\
             Wang emphasised that the relations are not directed against any third countries.",
        );
        assert!(matches!(a, Assessment::Repeat { .. }), "{a:?}");
    }

    #[test]
    fn name_replaced_by_another_name_of_the_article_is_a_new_fact() {
        let a = assess_last(
            "Mr Blair met Mr Howard on Monday. Mr Blair said the election campaign would focus on schools and hospitals.\n\n\
             Mr Howard said the election campaign would focus on schools and hospitals.",
        );
        assert_eq!(kept_for(&a), Some(KeepReason::Name), "{a:?}");
    }

    #[test]
    fn a_subject_from_one_sentence_and_a_statement_from_another_is_a_new_fact() {
        let a = assess_last(
            "Council leader Tomas Weber met the mayor on Monday.\n\n\
             Mayor Ilse Brandt said the work finished two weeks ahead of schedule.\n\n\
             Council leader Tomas Weber said the work finished two weeks ahead of schedule.",
        );
        assert_eq!(kept_for(&a), Some(KeepReason::Name), "{a:?}");
        // Named in the middle of a sentence about something else: an excerpt.
        let a = assess_last(
            "Mayor Ilse Brandt met council leader Tomas Weber on Monday.\n\n\
             Mayor Ilse Brandt said the work finished two weeks ahead of schedule.\n\n\
             Council leader Tomas Weber said the work finished two weeks ahead of schedule.",
        );
        assert!(
            matches!(kept_for(&a), Some(KeepReason::Excerpt | KeepReason::Name)),
            "{a:?}"
        );
    }

    #[test]
    fn a_sentence_that_goes_on_past_an_earlier_teaser_is_kept() {
        let a = assess_last(
            "We buy a game, sit down in front of a console, grind our way...\n\n\
             We buy a game, sit down in front of a console, grind our way to the end, then repeat.",
        );
        assert_eq!(kept_for(&a), Some(KeepReason::Extension), "{a:?}");
    }

    #[test]
    fn unrelated_sentences_are_new() {
        let a = assess_last(
            "The council approved the new budget on Tuesday after a long debate.\n\n\
             Critics said the plan cuts too deep into local services and the budget.",
        );
        assert_eq!(a, Assessment::New);
    }

    #[test]
    fn merge_words_belong_to_the_witness_with_the_longer_stretch() {
        let a = assess_last(
            "The Conservatives are keen to highlight the trust issue.\n\n\
             The Lib Dems are also keen to highlight the trust issue, with Charles Kennedy claiming voters had a lack of trust in the prime minister.\n\n\
             The Conservatives are keen to saying with Charles Kennedy claiming voters had a lack of trust in the prime minister.",
        );
        assert!(matches!(kind_of(&a), Some((Kind::Covered, _))), "{a:?}");
    }

    #[test]
    fn a_shared_gram_points_at_its_first_sentence_and_weighs_less() {
        let grams = |w: &[WordId]| -> Vec<u32> { w.windows(GRAM).map(gram_key).collect() };
        let mut index = Index::default();
        for (id, words) in [&[1, 2, 3, 4][..], &[7, 8, 9, 1, 2, 3], &[7, 8, 9]]
            .into_iter()
            .enumerate()
        {
            index.insert(id, words, &grams(words), 10 + id as u64);
        }
        let (mut out, mut hits) = (Vec::new(), Vec::new());
        // [1 2 3] is common (0 and 1), [2 3 4] only 0's; [7 8 9] common (1, 2).
        let probe = grams(&[1, 2, 3, 4, 5, 7, 8, 9]);
        let shared = index.candidates(&probe, &mut hits, &mut out, 10, 0);
        assert_eq!(out, [0, 1]);
        assert_eq!(shared, 7);
        // Too little shared: counted, not ranked.
        let shared = index.candidates(&probe, &mut hits, &mut out, 10, 8);
        assert_eq!((shared, out.len()), (7, 0));
    }
}
