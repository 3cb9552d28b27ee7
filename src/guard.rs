//! The fact guard: a sentence that looks like a repeat but says more stays.
//!
//! Given how witnesses cover a sentence, it is kept when it goes on past them
//! (an earlier teaser said only part of it), quotes from inside one (an excerpt),
//! or carries a number, a name or a negation they lack — including a number or
//! name put in place of another, and a subject taken from one sentence with a
//! statement from another.

use rustc_hash::FxHashSet;

use crate::align::Cover;
use crate::normalize::{WordId, Words};
use crate::similarity::KeepReason;

/// Most words a repeat may leave out or reword at the start of its witness
/// ("He also said that" → "Wang emphasised that"); past that it is an excerpt.
const MAX_REWORDED_OPENING: usize = 4;

/// The article the guard checks sentences of.
pub(crate) struct Guard<'a> {
    pub words: &'a Words,
    /// The names (stems) of the sentences kept so far: a name that a rewording
    /// brings in (`He also said` → `Wang emphasised`) must be among them.
    pub names_seen: &'a FxHashSet<WordId>,
}

impl Guard<'_> {
    /// Why sentence `i`, covered by `cover`, must stay, if it must.
    pub(crate) fn check(&self, i: usize, cover: &Cover) -> Option<KeepReason> {
        self.says_more(i, cover).or_else(|| self.new_fact(i, cover))
    }

    /// Whether the sentence says more than its witnesses, or is an excerpt from
    /// inside one: uncovered words at its end or start that are not a connective
    /// or a reworded opening, or a first witness matched only from its middle.
    fn says_more(&self, i: usize, cover: &Cover) -> Option<KeepReason> {
        let s = self.words.sentence(i);
        let n = s.len();
        let vocab = &self.words.vocab;
        let head = cover.covered.iter().take_while(|&&c| !c).count();
        let tail = cover.covered.iter().rev().take_while(|&&c| !c).count();
        let all_function =
            |range: std::ops::Range<usize>| s[range].iter().all(|&w| vocab.kind(w).function);
        // Words of the witness before the first matched word, and after the last:
        // uncovered words there make a reworded opening or ending, not an extension.
        let witness_before = cover.matched_at(head).map_or(0, |(_, e)| e);
        let witness_after = cover
            .matched_at(n - 1 - tail)
            .map_or(0, |(w, e)| self.words.sentence(w).len() - 1 - e);
        let head_ok = head == 0
            || (head <= 4 && all_function(0..head))
            || (head <= 3 && (1..=MAX_REWORDED_OPENING).contains(&witness_before));
        // At the end, a few words may be added ("too") or may replace a few
        // ("he said" → "he says"), but not replace a longer ending.
        let tail_ok = tail == 0
            || (tail <= 2
                && witness_after <= MAX_REWORDED_OPENING
                && (witness_after > 0 || all_function(n - tail..n)));
        // A repeat may leave out a connective or a reporting clause at the start
        // of its witness, but not a subject: "Mayor Brandt met council leader
        // Weber" does not make "Council leader Weber …" a repeat.
        let skipped_content = cover.matched_at(head).map_or(0, |(w, e)| {
            let witness = self.words.sentence(w);
            witness[..e]
                .iter()
                .filter(|&&x| !vocab.kind(x).function)
                .count()
        });
        if !(head_ok && tail_ok) {
            Some(KeepReason::Extension)
        } else if witness_before > MAX_REWORDED_OPENING || skipped_content > 1 {
            Some(KeepReason::Excerpt)
        } else {
            None
        }
    }

    /// A fact of the sentence that its witnesses do not carry, if any: an
    /// inserted number they lack, an inserted name they (and their paragraphs)
    /// lack or that replaces another name, or a negation added or removed.
    fn new_fact(&self, i: usize, cover: &Cover) -> Option<KeepReason> {
        let s = self.words.sentence(i);
        let vocab = &self.words.vocab;
        let witness_words: Vec<WordId> = cover
            .parts
            .iter()
            .flat_map(|p| self.words.sentence(p.witness).iter().copied())
            .collect();
        let stem_in = |stem: WordId, words: &[WordId]| words.iter().any(|&w| vocab.stem(w) == stem);
        // Every number as often as the witnesses have it: "from 2005 to 2006"
        // → "from 2005 to 2005" changes a fact without a new word.
        let count = |words: &[WordId], w: WordId| words.iter().filter(|&&x| x == w).count();
        if s.iter()
            .filter(|&&w| vocab.kind(w).number)
            .any(|&w| count(s, w) > count(&witness_words, w))
        {
            return Some(KeepReason::Number);
        }
        for run in cover.uncovered_runs() {
            let mut inserts_name = false;
            let counterpart = cover.counterpart(&run, self.words);
            let counterpart_words = counterpart
                .as_ref()
                .map_or(&[][..], |(w, r)| &self.words.sentence(*w)[r.clone()]);
            for p in run.clone() {
                let word = s[p];
                if vocab.kind(word).number
                    && counterpart_words
                        .iter()
                        .any(|&c| c != word && vocab.kind(c).number)
                {
                    return Some(KeepReason::Number);
                }
                if self.words.is_name(i, p) {
                    inserts_name = true;
                    let stem = vocab.stem(word);
                    if !stem_in(stem, &witness_words) && !self.names_seen.contains(&stem) {
                        return Some(KeepReason::Name);
                    }
                }
            }
            // "Mr Blair said" → "Mr Howard said": a name that stood in the
            // witness's place, and that the sentence has fewer times than the
            // witness, was replaced ("the US dollar … US lawmakers" → "the ING
            // dollar … US lawmakers").
            if inserts_name && let Some((w, range)) = counterpart {
                let witness = self.words.sentence(w);
                let times = |stem: WordId, words: &[WordId]| {
                    words.iter().filter(|&&x| vocab.stem(x) == stem).count()
                };
                let replaced = range.filter(|&q| self.words.is_name(w, q)).any(|q| {
                    let stem = vocab.stem(witness[q]);
                    times(stem, s) < times(stem, witness)
                });
                if replaced {
                    return Some(KeepReason::Name);
                }
            }
        }
        if self.swaps_subject(i, cover) {
            return Some(KeepReason::Name);
        }
        let negations =
            |words: &[WordId]| words.iter().filter(|&&w| vocab.kind(w).negation).count();
        // The negations of what the sentence says again: each witness from its
        // first matched word to its last, and the words that a reworded opening
        // or ending of the sentence stands in for ("why we didn't" → "why we
        // did").
        let matched: usize = cover
            .parts
            .iter()
            .map(|p| {
                let e = self.words.sentence(p.witness);
                let first = p.pairs.first().map_or(0, |&(_, e)| e);
                let last = p.pairs.last().map_or(0, |&(_, e)| e);
                negations(&e[first..=last])
            })
            .sum();
        let replaced: usize = cover
            .uncovered_runs()
            .iter()
            .filter(|run| run.start == 0 || run.end == s.len())
            .filter_map(|run| cover.counterpart(run, self.words))
            .map(|(w, range)| negations(&self.words.sentence(w)[range]))
            .sum();
        (negations(s) != matched + replaced).then_some(KeepReason::Negation)
    }

    /// Whether a cover by several witnesses joins the names of one to the
    /// statement of another: "Council leader Weber met the mayor" + "Mayor
    /// Brandt said the work finished early" do not make "Council leader Weber
    /// said the work finished early" a repeat. True when a later part's witness
    /// loses a short opening with names that the sentence lacks (its subject),
    /// while the sentence has names before that part that the witness lacks, and
    /// nothing stands between the two. A merge that cuts deeper into its second
    /// sentence, or joins it with a connective, is not a subject swap.
    fn swaps_subject(&self, i: usize, cover: &Cover) -> bool {
        let s = self.words.sentence(i);
        let vocab = &self.words.vocab;
        let stem_in = |stem: WordId, words: &[WordId]| words.iter().any(|&w| vocab.stem(w) == stem);
        cover.parts.iter().any(|part| {
            let Some(&(s_first, e_first)) = part.pairs.first() else {
                return false;
            };
            let witness = self.words.sentence(part.witness);
            let lost = (0..e_first).any(|q| {
                self.words.is_name(part.witness, q) && !stem_in(vocab.stem(witness[q]), s)
            });
            let brought = (0..s_first)
                .any(|p| self.words.is_name(i, p) && !stem_in(vocab.stem(s[p]), witness));
            // A merge joins its parts with a connective ("and", "saying"); a
            // swapped subject runs straight into the other sentence's verb.
            let joined_directly = s_first > 0 && cover.covered[s_first - 1];
            joined_directly && e_first <= MAX_REWORDED_OPENING && lost && brought
        })
    }
}
