//! The fact guard: a sentence that looks like a repeat but says more stays.
//!
//! A later sentence is a repeat only when every difference from its witness is
//! a light edit. Words it leaves out are fine (a truncation, a dropped word),
//! unless what it leaves out inside the copied stretch is a number, a
//! negation, `only` or a modal. Words it puts in or swaps must be light: a
//! grammar word that carries no fact (`the`, `is`, `also`), a leading
//! connective (`Meanwhile,`), a display label (`Read more:`), or a changed
//! reporting frame — who said it and how (`He also said that` → `Wang
//! emphasised that`). Anything else put in or swapped is new information: a
//! content word (`injured` → `killed`), a preposition (`before` → `after`), a
//! number, a name, a negation, a limiter or a modal.
//!
//! The guard also keeps a sentence that goes on past its witnesses (an earlier
//! teaser said only part of it), quotes from inside one (an excerpt), or joins
//! the subject of one sentence to the statement of another.

use rustc_hash::FxHashSet;

use crate::align::{Cover, Part};
use crate::normalize::{WordId, WordKind, Words, is_connective};
use crate::types::KeepReason;

/// Most words a repeat may leave out or reword at the start of its witness
/// ("He also said that" → "Wang emphasised that"); past that it is an excerpt.
const MAX_REWORDED_OPENING: usize = 4;
/// Longest reworded reporting frame (`defended Moscow's actions, saying`).
const MAX_FRAME: usize = 8;
/// Longest connective put at the start (`As reported earlier,`).
const MAX_CONNECTIVE: usize = 4;
/// Longest run of grammar words that joins the two halves of a merge.
const MAX_JUNCTION: usize = 3;

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
        self.new_fact(i, cover)
            .or_else(|| self.says_more(i, cover))
            .or_else(|| self.qualifiers(i, cover))
            .or_else(|| self.edits(i, cover))
    }

    fn kind(&self, w: WordId) -> WordKind {
        self.words.vocab.kind(w)
    }

    /// Words that may be put in or swapped in without adding a fact.
    fn all_light(&self, words: &[WordId]) -> bool {
        words.iter().all(|&w| {
            let k = self.kind(w);
            k.light && !k.is_fact()
        })
    }

    /// Words that may be left out without losing a fact.
    fn none_fact(&self, words: &[WordId]) -> bool {
        words.iter().all(|&w| !self.kind(w).is_fact())
    }

    fn any_reporting(&self, words: &[WordId]) -> bool {
        words.iter().any(|&w| self.kind(w).reporting)
    }

    /// `put` in place of `lost` (either may be empty) is a light edit.
    fn light_swap(&self, put: &[WordId], lost: &[WordId]) -> bool {
        // Grammar for grammar (`has been` → `was`), never for a content word
        // (`peace` → `war`, `next` → `this`).
        self.all_light(put)
            && lost.iter().all(|&w| {
                let k = self.kind(w);
                k.function && !k.is_fact()
            })
    }

    /// `put` in place of `lost` rewords a reporting frame: both sides name a
    /// reporting verb (`told the assembly that` → `defended …, saying`), and
    /// the new words add no fact (names are checked apart). A verb that takes
    /// a side (`said` → `denied`) is no reporting verb.
    fn frame_swap(&self, put: &[WordId], lost: &[WordId]) -> bool {
        self.any_reporting(put)
            && self.any_reporting(lost)
            && put.len() <= MAX_FRAME
            && lost.len() <= MAX_FRAME
            && self.none_fact(put)
    }

    /// Words put at the very start: a connective (`Meanwhile,`, `此外，`) or a
    /// display label (`Read more:`), or a reworded frame or light words in
    /// place of the witness's opening.
    fn light_opening(&self, put: &[WordId], lost: &[WordId]) -> bool {
        if put.is_empty() {
            // The witness's opening left out: not a negation, number or
            // `only` (`Not all were evacuated` → `All were evacuated`).
            return !lost.iter().any(|&w| must_stay(self.kind(w)));
        }
        if lost.is_empty() {
            // A display label's words are one whatever their class (the
            // modal of `Te puede interesar:`).
            let connective = put.len() <= MAX_CONNECTIVE
                && put.iter().all(|&w| {
                    let k = self.kind(w);
                    k.label || (k.function && !k.is_fact())
                });
            return connective || is_connective(put);
        }
        self.light_swap(put, lost) || self.frame_swap(put, lost) || is_connective(put)
    }

    /// Words put at the very end: a light word or two (`too`), or a
    /// reporting tag (`he said`), perhaps in place of the witness's own.
    fn light_ending(&self, put: &[WordId], lost: &[WordId]) -> bool {
        put.is_empty()
            || (put.len() <= 2 && self.light_swap(put, lost))
            || (put.len() <= 4 && self.frame_swap(put, lost))
    }

    /// Inside the copied stretch of each witness: words left out must not
    /// carry a fact, words put in or swapped must be light (or reword the
    /// frame); and the words that join a merge's halves must be grammar.
    fn edits(&self, i: usize, cover: &Cover) -> Option<KeepReason> {
        let s = self.words.sentence(i);
        for part in &cover.parts {
            let e = self.words.sentence(part.witness);
            for pair in part.pairs.windows(2) {
                let ((a_s, a_e), (b_s, b_e)) = (pair[0], pair[1]);
                let put: Vec<WordId> = (a_s + 1..b_s)
                    .filter(|&p| !cover.covered[p])
                    .map(|p| s[p])
                    .collect();
                let lost = &e[a_e + 1..b_e];
                // A content word of the witness that an edit next to it cut
                // from its block is still the witness's word.
                let put = reused_removed(&put, lost, |w| !self.kind(w).function);
                if put.is_empty() {
                    if let Some(&w) = lost.iter().find(|&&w| must_stay(self.kind(w))) {
                        return Some(fact_reason(self.kind(w)));
                    }
                } else if !(self.light_swap(&put, lost)
                    || self.frame_swap(&put, lost)
                    || (lost.is_empty() && is_connective(&put)))
                {
                    return Some(KeepReason::Changed);
                }
            }
        }
        let mut parts: Vec<&Part> = cover.parts.iter().filter(|p| !p.pairs.is_empty()).collect();
        parts.sort_by_key(|p| p.pairs[0].0);
        for pair in parts.windows(2) {
            let (end, end_e) = pair[0].pairs.last().copied().unwrap_or_default();
            let (start, start_e) = pair[1].pairs[0];
            let junction: Vec<WordId> = (end + 1..start)
                .filter(|&p| !cover.covered[p])
                .map(|p| s[p])
                .collect();
            // Two halves run straight into each other, with no connective and
            // no punctuation between: words gathered from unrelated sentences
            // ("Rat Film" + "is available to rent"), not a merge of clauses.
            let boundary = (end + 1..=start).any(|p| self.words.punct_before(i, p))
                || self.kind(s[end]).joiner
                || self.kind(s[start]).joiner;
            // Two whole sentences run together (a full stop lost) are fine.
            let (cut_after, cut_before) = (
                &self.words.sentence(pair[0].witness)[end_e + 1..],
                &self.words.sentence(pair[1].witness)[..start_e],
            );
            let whole = |cut: &[WordId]| cut.iter().all(|&w| self.kind(w).function);
            if junction.is_empty() && !boundary && !(whole(cut_after) && whole(cut_before)) {
                return Some(KeepReason::Changed);
            }
            // Words the two witnesses have where they were cut.
            let content = |w: WordId| !self.kind(w).function;
            let junction = reused_removed(&junction, cut_after, content);
            let junction = reused_removed(&junction, cut_before, content);
            let grammar = is_connective(&junction)
                || junction.iter().all(|&w| {
                    let k = self.kind(w);
                    (k.function || k.reporting) && !k.is_fact()
                });
            if junction.len() > MAX_JUNCTION || !grammar {
                return Some(KeepReason::Changed);
            }
        }
        None
    }

    /// `only` and modals, as often in the sentence as in what it says again
    /// of its witnesses.
    fn qualifiers(&self, i: usize, cover: &Cover) -> Option<KeepReason> {
        let s = self.words.sentence(i);
        // A display label before the copy says nothing of the statement.
        let head = cover.covered.iter().take_while(|&&c| !c).count();
        let label = s[..head].iter().all(|&w| self.kind(w).label);
        let mine: Vec<WordId> = s[if label { head } else { 0 }..]
            .iter()
            .copied()
            .filter(|&w| self.kind(w).limiter || self.kind(w).modal)
            .collect();
        let mut theirs: Vec<WordId> = Vec::new();
        for part in &cover.parts {
            let e = self.words.sentence(part.witness);
            let (Some(&(_, first)), Some(&(_, last))) = (part.pairs.first(), part.pairs.last())
            else {
                continue;
            };
            theirs.extend(
                e[first..=last]
                    .iter()
                    .filter(|&&w| self.kind(w).limiter || self.kind(w).modal),
            );
        }
        // A reworded opening or ending may carry the witness's own qualifier.
        for run in cover.uncovered_runs() {
            if (run.start == 0 || run.end == s.len())
                && let Some((w, range)) = cover.counterpart(&run, self.words)
            {
                theirs.extend(
                    self.words.sentence(w)[range]
                        .iter()
                        .filter(|&&x| self.kind(x).limiter || self.kind(x).modal),
                );
            }
        }
        // Limiters as often; modals no more often (one may be left out).
        let limiters = |v: &[WordId]| -> Vec<WordId> {
            let mut l: Vec<WordId> = v
                .iter()
                .copied()
                .filter(|&w| self.kind(w).limiter)
                .collect();
            l.sort_unstable();
            l
        };
        let new_modal = mine.iter().any(|&m| {
            self.kind(m).modal
                && mine.iter().filter(|&&x| x == m).count()
                    > theirs.iter().filter(|&&x| x == m).count()
        });
        (new_modal || limiters(&mine) != limiters(&theirs)).then_some(KeepReason::Qualifier)
    }

    /// Whether the sentence says more than its witnesses, or is an excerpt from
    /// inside one: words at its start or end that are not a light opening or
    /// ending, or a first witness matched only from its middle.
    fn says_more(&self, i: usize, cover: &Cover) -> Option<KeepReason> {
        let s = self.words.sentence(i);
        let n = s.len();
        let vocab = &self.words.vocab;
        let head = cover.covered.iter().take_while(|&&c| !c).count();
        let tail = cover.covered.iter().rev().take_while(|&&c| !c).count();
        // Words of the witness before the first matched word, and after the last:
        // uncovered words there make a reworded opening or ending, not an extension.
        let before = cover
            .matched_at(head)
            .map(|(w, e)| &self.words.sentence(w)[..e]);
        let after = cover
            .matched_at(n.saturating_sub(1 + tail))
            .map(|(w, e)| &self.words.sentence(w)[e + 1..]);
        let witness_before = before.map_or(0, <[WordId]>::len);
        let opening_lost = before.filter(|b| b.len() <= MAX_REWORDED_OPENING);
        let ending_lost = after.filter(|a| a.len() <= MAX_REWORDED_OPENING);
        let head_ok = self.light_opening(&s[..head], opening_lost.unwrap_or(&[]));
        let tail_ok = self.light_ending(&s[n - tail..], ending_lost.unwrap_or(&[]));
        // A repeat may leave out a connective or a reporting clause at the start
        // of its witness, but not a subject: "Mayor Brandt met council leader
        // Weber" does not make "Council leader Weber …" a repeat.
        let skipped_content = before.map_or(0, |b| {
            b.iter().filter(|&&x| !vocab.kind(x).function).count()
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
        // A connective put at the start (`一方`) holds no fact, even where its
        // characters are numerals.
        let head = cover.covered.iter().take_while(|&&c| !c).count();
        let offset = if head > 0 && is_connective(&s[..head]) {
            head
        } else {
            0
        };
        let counted = &s[offset..];
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
        if counted
            .iter()
            .filter(|&&w| vocab.kind(w).number)
            .any(|&w| count(counted, w) > count(&witness_words, w))
        {
            return Some(KeepReason::Number);
        }
        for run in cover.uncovered_runs() {
            if run.end <= offset {
                continue;
            }
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

/// `put` without the words (of the kind `eligible`) that `region` has.
fn reused_removed(
    put: &[WordId],
    region: &[WordId],
    eligible: impl Fn(WordId) -> bool,
) -> Vec<WordId> {
    put.iter()
        .copied()
        .filter(|&w| !(eligible(w) && region.contains(&w)))
        .collect()
}

/// A word that a repeat may not leave out from inside the copied stretch: a
/// number, a negation or `only` (a modal may go: `could refuse` → `refuse`
/// says less, not something else).
fn must_stay(kind: WordKind) -> bool {
    kind.number || kind.negation || kind.limiter
}

/// The reason a left-out word of this kind makes a sentence new.
fn fact_reason(kind: WordKind) -> KeepReason {
    if kind.number {
        KeepReason::Number
    } else if kind.negation {
        KeepReason::Negation
    } else {
        KeepReason::Qualifier
    }
}
