//! Word alignment: which words of a sentence an earlier sentence covers.
//!
//! Two sentences are aligned word by word (a longest common subsequence that
//! prefers matches in runs); matches that do not sit in a block of a few words
//! in a row are dropped as coincidences. A sentence is then covered by one or
//! two witnesses (a merge of two sentences), each word credited to the witness
//! that matches a longer stretch around it.

use crate::normalize::{WordId, Words};

/// Fewest aligned words in a row (allowing small edits) that count as shared text.
pub(crate) const MIN_BLOCK: usize = 3;
/// Largest step between two matches of one block, in either text: two words
/// skipped or changed ("Mr Blair said that whether" → "According to Mr Blair,
/// whether").
const MAX_STEP: usize = 3;

/// Words of one sentence matched to words of one witness, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Part {
    pub witness: usize,
    /// (position in the sentence, position in the witness), increasing.
    pub pairs: Vec<(usize, usize)>,
    /// For each pair, the length of the block it belongs to.
    pub block_len: Vec<usize>,
}

/// Every choice of 1 to `max` items out of `len`, smaller sets first, each in
/// increasing order (so better-ranked candidates come first).
pub(crate) fn combinations(len: usize, max: usize) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut layer: Vec<Vec<usize>> = vec![Vec::new()];
    for _ in 0..max.min(len) {
        layer = layer
            .iter()
            .flat_map(|c| {
                let from = c.last().map_or(0, |&l| l + 1);
                (from..len).map(move |k| {
                    let mut next = c.clone();
                    next.push(k);
                    next
                })
            })
            .collect();
        out.extend(layer.iter().cloned());
    }
    out
}

/// Which words of a sentence its witnesses cover, and how.
#[derive(Debug)]
pub(crate) struct Cover {
    pub covered: Vec<bool>,
    pub parts: Vec<Part>,
}

impl Cover {
    /// The best cover of a sentence of `n` words by at most `max` of `parts`:
    /// the most words covered, then the fewest witnesses. Where two witnesses
    /// match the same word, it belongs to the one matching a longer stretch
    /// around it; every witness must keep at least a block of its own.
    pub(crate) fn best(n: usize, parts: &[Part], max: usize) -> Option<Cover> {
        if parts.is_empty() {
            return None;
        }
        // Rank every choice by the words it covers (bitsets), then check the
        // best ones until one gives each witness a block of its own.
        let blocks = n.div_ceil(64);
        let masks: Vec<Vec<u64>> = parts
            .iter()
            .map(|p| {
                let mut mask = vec![0u64; blocks];
                for &(sp, _) in &p.pairs {
                    mask[sp / 64] |= 1 << (sp % 64);
                }
                mask
            })
            .collect();
        let mut ranked: Vec<(usize, Vec<usize>)> = combinations(parts.len(), max)
            .into_iter()
            .map(|chosen| {
                let covered = (0..blocks)
                    .map(|b| {
                        chosen
                            .iter()
                            .fold(0u64, |acc, &k| acc | masks[k][b])
                            .count_ones()
                    })
                    .sum::<u32>() as usize;
                (covered, chosen)
            })
            .collect();
        // Most words first, then fewest witnesses; the sort is stable, so
        // better-ranked candidates win ties.
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.len().cmp(&b.1.len())));
        ranked
            .into_iter()
            .find_map(|(_, chosen)| Cover::attribute(n, parts, &chosen))
    }

    /// The cover by the `chosen` parts: each word goes to the witness that
    /// matches the longer stretch around it. `None` when a witness is left with
    /// less than a block.
    fn attribute(n: usize, parts: &[Part], chosen: &[usize]) -> Option<Cover> {
        let mut owner: Vec<Option<(usize, usize, usize)>> = vec![None; n];
        for (rank, &k) in chosen.iter().enumerate() {
            for (&(sp, ep), &len) in parts[k].pairs.iter().zip(&parts[k].block_len) {
                if owner[sp].is_none_or(|(_, _, best_len)| len > best_len) {
                    owner[sp] = Some((rank, ep, len));
                }
            }
        }
        let mut cover = Cover {
            covered: owner.iter().map(Option::is_some).collect(),
            parts: chosen
                .iter()
                .map(|&k| Part {
                    witness: parts[k].witness,
                    ..Part::default()
                })
                .collect(),
        };
        for (sp, o) in owner.iter().enumerate() {
            if let Some((rank, ep, len)) = *o {
                cover.parts[rank].pairs.push((sp, ep));
                cover.parts[rank].block_len.push(len);
            }
        }
        let min_block = MIN_BLOCK.min(n);
        cover
            .parts
            .iter()
            .all(|p| p.pairs.len() >= min_block)
            .then_some(cover)
    }

    /// Maximal runs of sentence positions that no witness covers.
    pub(crate) fn uncovered_runs(&self) -> Vec<std::ops::Range<usize>> {
        let mut runs = Vec::new();
        let mut start = None;
        for (p, &c) in self.covered.iter().enumerate() {
            match (c, start) {
                (false, None) => start = Some(p),
                (true, Some(a)) => {
                    runs.push(a..p);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(a) = start {
            runs.push(a..self.covered.len());
        }
        runs
    }

    /// The words of one witness that an uncovered run stands in place of: the
    /// gap between the witness words matched on either side of it (or before
    /// the first, after the last). `None` when the sides belong to different
    /// witnesses (the junction of a merge).
    pub(crate) fn counterpart(
        &self,
        run: &std::ops::Range<usize>,
        words: &Words,
    ) -> Option<(usize, std::ops::Range<usize>)> {
        let before = run.start.checked_sub(1).and_then(|p| self.matched_at(p));
        let after = self.matched_at(run.end);
        match (before, after) {
            (Some((w1, e1)), Some((w2, e2))) if w1 == w2 && e1 < e2 => Some((w1, e1 + 1..e2)),
            (Some(_), Some(_)) => None,
            (None, Some((w, e))) => Some((w, 0..e)),
            (Some((w, e)), None) => Some((w, e + 1..words.sentence(w).len())),
            (None, None) => None,
        }
    }

    /// The witness covering sentence position `s`, and the witness position it maps to.
    pub(crate) fn matched_at(&self, s: usize) -> Option<(usize, usize)> {
        self.parts.iter().find_map(|part| {
            part.pairs
                .iter()
                .find(|&&(ps, _)| ps == s)
                .map(|&(_, e)| (part.witness, e))
        })
    }
}

/// The longest common subsequence of `s` and `e`, as (s, e) position pairs.
/// `dp` is scratch space, reused between calls.
pub(crate) fn lcs_pairs(s: &[WordId], e: &[WordId], dp: &mut Vec<u16>) -> Vec<(usize, usize)> {
    let (n, m) = (s.len(), e.len());
    let width = m + 1;
    dp.clear();
    dp.resize((n + 1) * width, 0);
    for i in (0..n).rev() {
        // Row `i` is filled from row `i + 1` below it, right to left.
        let (row, below) = dp[i * width..(i + 2) * width].split_at_mut(width);
        let word = s[i];
        for (j, &other) in e.iter().enumerate().rev() {
            row[j] = if word == other {
                below[j + 1].saturating_add(1)
            } else {
                below[j].max(row[j + 1])
            };
        }
    }
    let mut pairs: Vec<(usize, usize)> = Vec::with_capacity(usize::from(dp[0]));
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        let here = dp[i * width + j];
        if s[i] == e[j] {
            // Of equally long alignments, prefer one whose matches sit in runs:
            // skip a lone match ("his" … "his gigs were") when the LCS allows.
            let after_match = pairs.last() == Some(&(i.wrapping_sub(1), j.wrapping_sub(1)));
            let before_match = i + 1 < n && j + 1 < m && s[i + 1] == e[j + 1];
            if !(after_match || before_match) {
                if dp[(i + 1) * width + j] == here {
                    i += 1;
                    continue;
                }
                if dp[i * width + j + 1] == here {
                    j += 1;
                    continue;
                }
            }
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if dp[(i + 1) * width + j] >= dp[i * width + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

/// Keeps only matches that belong to a block: a chain of matches, each within
/// two skipped words of the previous on both sides ("said that" dropped), at least `MIN_BLOCK` long
/// (or the whole sentence, when it is shorter). Stray matches of common words
/// between unrelated stretches of text are dropped.
fn keep_blocks(pairs: &[(usize, usize)], n: usize) -> (Vec<(usize, usize)>, Vec<usize>) {
    let min_block = MIN_BLOCK.min(n);
    let mut kept = Vec::with_capacity(pairs.len());
    let mut lens = Vec::with_capacity(pairs.len());
    let mut start = 0;
    for k in 1..=pairs.len() {
        let chained = k < pairs.len() && {
            let (ps, pe) = pairs[k - 1];
            let (s, e) = pairs[k];
            s - ps <= MAX_STEP && e - pe <= MAX_STEP
        };
        if !chained {
            let len = k - start;
            if len >= min_block {
                kept.extend_from_slice(&pairs[start..k]);
                lens.extend(std::iter::repeat_n(len, len));
            }
            start = k;
        }
    }
    (kept, lens)
}

/// Aligns sentence `s` with witness `e`: matched (s, e) positions that lie in
/// blocks, and the length of each one's block; empty when they share none.
/// `is_function` tells grammar words, which do not count matched on their own.
pub(crate) fn align(
    s: &[WordId],
    e: &[WordId],
    dp: &mut Vec<u16>,
    is_function: impl Fn(WordId) -> bool,
) -> (Vec<(usize, usize)>, Vec<usize>) {
    let mut pairs = lcs_pairs(s, e, dp);
    // A grammar word matched on its own ("and" in "…, and Sweden are backing
    // DMB") is a coincidence, not part of the copied stretch.
    let close = |a: Option<&(usize, usize)>, b: Option<&(usize, usize)>| matches!((a, b), (Some(&(s1, e1)), Some(&(s2, e2))) if s2 - s1 <= 2 && e2 - e1 <= 2);
    let lone: Vec<bool> = (0..pairs.len())
        .map(|k| {
            is_function(s[pairs[k].0])
                && !close(k.checked_sub(1).and_then(|j| pairs.get(j)), pairs.get(k))
                && !close(pairs.get(k), pairs.get(k + 1))
        })
        .collect();
    let mut flags = lone.iter();
    pairs.retain(|_| !flags.next().copied().unwrap_or(false));
    keep_blocks(&pairs, s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lcs_prefers_matches_in_runs_and_blocks_drop_strays() {
        let pairs = lcs_pairs(&[1, 2, 3, 4, 9, 5], &[1, 2, 3, 4, 5], &mut Vec::new());
        assert_eq!(pairs, [(0, 0), (1, 1), (2, 2), (3, 3), (5, 4)]);
        // Of two equally long alignments, the one with matches in a run wins.
        let pairs = lcs_pairs(&[7, 1, 2, 3], &[1, 8, 9, 1, 2, 3], &mut Vec::new());
        assert_eq!(pairs, [(1, 3), (2, 4), (3, 5)]);
        // A stray match far from the rest is not a block.
        let pairs = [(0, 0), (1, 1), (2, 2), (9, 20)];
        assert_eq!(
            keep_blocks(&pairs, 12),
            (vec![(0, 0), (1, 1), (2, 2)], vec![3, 3, 3])
        );
    }

    #[test]
    fn a_lone_grammar_word_match_is_dropped() {
        // "and" (10) matches on its own, far from the block "5 6 7".
        let (pairs, _) = align(
            &[10, 5, 6, 7],
            &[10, 1, 2, 3, 4, 5, 6, 7],
            &mut Vec::new(),
            |w| w == 10,
        );
        assert_eq!(pairs, [(1, 5), (2, 6), (3, 7)]);
    }

    #[test]
    fn combinations_of_up_to_two() {
        assert_eq!(
            combinations(3, 2),
            [
                vec![0],
                vec![1],
                vec![2],
                vec![0, 1],
                vec![0, 2],
                vec![1, 2]
            ]
        );
        assert!(combinations(0, 2).is_empty());
    }
}
