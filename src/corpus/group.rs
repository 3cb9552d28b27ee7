//! From sketches to decisions: candidate pairs, stories, and which copy of a
//! group stays.
//!
//! - **Order.** Articles are ranked by a stable key: articles known from an
//!   earlier run (`--against`) first; then the fullest (most words of
//!   content, then most words); then the earliest date (JSON Lines with a
//!   date field); then path order (or line number). Never by thread order.
//! - **Candidates.** Articles that share a MinHash band, an anchor or their
//!   exact hash (see [`sketch`](super::sketch)) are candidate pairs. In a
//!   bucket, each article is paired with the members ranked before it, up to
//!   [`BUCKET_CAP`] of them, so a bucket that thousands of articles share
//!   costs thousands of checks, not millions. Pairs are (earlier, later).
//! - **Stories.** Candidates that the check finds telling one story (half
//!   the later one's content witnessed) are joined with union-find; a story
//!   is named by its first article.
//! - **Keepers.** In rank order, an article is dropped when an article ranked
//!   before it, still kept, contains it; the first such article (by rank) is
//!   the one named. So a dropped article is always contained in a kept one,
//!   never in another dropped one.

use std::cmp::Ordering;

/// How many earlier members of a bucket each member is paired with.
pub const BUCKET_CAP: usize = 16;
/// Anchor buckets with more members are passed over: a paragraph that many
/// articles share word for word is a stock sentence or a site's line, not a
/// story's (large groups of copies share MinHash bands as well).
pub const ANCHOR_BUCKET_MAX: usize = 16;

/// What orders articles (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    /// Known from an earlier run: ranks first.
    pub earlier_run: bool,
    pub content_words: u32,
    pub words: u32,
    /// A date, compared as text (ISO 8601 sorts right); none ranks last.
    pub date: Option<Box<str>>,
    /// Path order or line number.
    pub order: u64,
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .earlier_run
            .cmp(&self.earlier_run)
            .then(other.content_words.cmp(&self.content_words))
            .then(other.words.cmp(&self.words))
            .then_with(|| match (&self.date, &other.date) {
                (Some(a), Some(b)) => a.cmp(b),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            })
            .then(self.order.cmp(&other.order))
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The candidate pairs of one bucket family: `entries` are (bucket key,
/// rank); pairs (earlier rank, later rank) are appended to `out`. Buckets
/// with more than `max` members, if given, are passed over.
pub fn bucket_pairs(entries: &mut [(u64, u32)], max: Option<usize>, out: &mut Vec<(u32, u32)>) {
    entries.sort_unstable();
    for bucket in entries.chunk_by(|a, b| a.0 == b.0) {
        if max.is_some_and(|m| bucket.len() > m) {
            continue;
        }
        for (i, &(_, later)) in bucket.iter().enumerate().skip(1) {
            for &(_, earlier) in &bucket[..i.min(BUCKET_CAP)] {
                out.push((earlier, later));
            }
        }
    }
}

/// Union-find over ranks; a set is named by its lowest rank.
#[derive(Clone, Debug)]
pub struct Stories {
    parent: Vec<u32>,
}

impl Stories {
    pub fn new(n: usize) -> Self {
        Stories {
            parent: (0..n as u32).collect(),
        }
    }

    pub fn find(&mut self, mut x: u32) -> u32 {
        let mut root = x;
        while self.parent[root as usize] != root {
            root = self.parent[root as usize];
        }
        while self.parent[x as usize] != root {
            let next = self.parent[x as usize];
            self.parent[x as usize] = root;
            x = next;
        }
        root
    }

    pub fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        match ra.cmp(&rb) {
            Ordering::Less => self.parent[rb as usize] = ra,
            Ordering::Greater => self.parent[ra as usize] = rb,
            Ordering::Equal => {}
        }
    }

    /// The story (lowest rank) of every rank.
    pub fn labels(mut self) -> Vec<u32> {
        (0..self.parent.len() as u32)
            .map(|x| self.find(x))
            .collect()
    }
}

/// Decides which articles stay. `pairs` are (earlier, later) ranks, sorted;
/// `contains(k)` says whether pair `k`'s earlier article contains its later
/// one. Returns, per rank, the pair that drops it (or `None`: kept).
pub fn keepers(
    n: usize,
    pairs: &[(u32, u32)],
    contains: impl Fn(usize) -> bool,
) -> Vec<Option<usize>> {
    let mut by_later: Vec<usize> = (0..pairs.len()).collect();
    by_later.sort_by_key(|&k| (pairs[k].1, pairs[k].0));
    let mut dropped_by: Vec<Option<usize>> = vec![None; n];
    let mut k = 0;
    for rank in 0..n as u32 {
        while k < by_later.len() && pairs[by_later[k]].1 < rank {
            k += 1;
        }
        while k < by_later.len() && pairs[by_later[k]].1 == rank {
            let pair = by_later[k];
            k += 1;
            let earlier = pairs[pair].0 as usize;
            if dropped_by[rank as usize].is_none()
                && dropped_by[earlier].is_none()
                && contains(pair)
            {
                dropped_by[rank as usize] = Some(pair);
            }
        }
    }
    dropped_by
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(content_words: u32, date: Option<&str>, order: u64) -> Key {
        Key {
            earlier_run: false,
            content_words,
            words: content_words,
            date: date.map(Into::into),
            order,
        }
    }

    #[test]
    fn the_fullest_then_earliest_then_first_ranks_first() {
        let mut keys = [
            key(100, None, 0),
            key(300, None, 3),
            key(300, None, 1),
            key(100, Some("2024-05-01"), 5),
            key(100, Some("2024-01-31"), 9),
        ];
        keys.sort();
        let orders: Vec<u64> = keys.iter().map(|k| k.order).collect();
        assert_eq!(orders, [1, 3, 9, 5, 0]);
        let mut old = key(1, None, 99);
        old.earlier_run = true;
        assert!(old < key(1000, None, 0));
    }

    #[test]
    fn buckets_pair_each_member_with_earlier_ones_up_to_the_cap() {
        let mut entries = vec![(7, 3), (5, 0), (7, 1), (7, 2), (9, 4)];
        let mut pairs = Vec::new();
        bucket_pairs(&mut entries, None, &mut pairs);
        assert_eq!(pairs, [(1, 2), (1, 3), (2, 3)]);
        let mut big: Vec<(u64, u32)> = (0..100).map(|r| (1, r)).collect();
        let mut pairs = Vec::new();
        bucket_pairs(&mut big, None, &mut pairs);
        let mut skipped = Vec::new();
        bucket_pairs(&mut big, Some(ANCHOR_BUCKET_MAX), &mut skipped);
        assert!(skipped.is_empty());
        assert_eq!(
            pairs.len(),
            (1..100).map(|i: usize| i.min(BUCKET_CAP)).sum::<usize>()
        );
        assert!(pairs.iter().all(|&(e, l)| e < l && e < BUCKET_CAP as u32));
    }

    #[test]
    fn stories_are_named_by_their_first_member() {
        let mut s = Stories::new(6);
        s.union(4, 2);
        s.union(5, 4);
        s.union(1, 3);
        assert_eq!(s.labels(), [0, 1, 2, 1, 2, 2]);
    }

    #[test]
    fn only_kept_articles_can_contain() {
        // 0 contains 1; 1 contains 2 but 1 is dropped; 0 does not contain 2.
        let pairs = [(0, 1), (0, 2), (1, 2)];
        let contains = |k: usize| matches!(pairs[k], (0, 1) | (1, 2));
        let d = keepers(3, &pairs, contains);
        assert_eq!(d, [None, Some(0), None]);
        // When 0 contains 2 as well, the first container is named.
        let d = keepers(3, &pairs, |k| k != 2);
        assert_eq!(d, [None, Some(0), Some(1)]);
    }
}
