//! Counting lines per site with bounded memory, exactly.
//!
//! Most lines of a corpus are on one page only (an article's own sentences),
//! so holding a counter for every line would cost more than the sketches. The
//! count is done in two steps instead:
//!
//! 1. while articles are sketched, every line goes through a Bloom filter; a
//!    line the filter has (probably) seen before is *flagged*. A line on two
//!    pages or more is always flagged (the filter has no false negatives); a
//!    false positive only flags a line that turns out to be on one page.
//! 2. once the stories are known, the flagged lines (and only those) are
//!    counted exactly, story by story: on how many stories of each site, on
//!    how many sites, in how many stories' titles.
//!
//! So the result is exact (and the same as any engine's exact count), while
//! memory holds a filter of about 1.5 bytes per distinct line plus the lines
//! that do recur.

use rustc_hash::{FxHashMap, FxHashSet};

use super::furniture::{LineStats, Table};
use super::text::fmix64;

/// A Bloom filter that grows: when a stage holds its capacity, a stage four
/// times as large is added (checking a value looks in every stage).
#[derive(Debug)]
pub struct Bloom {
    stages: Vec<Stage>,
}

#[derive(Debug)]
struct Stage {
    bits: Vec<u64>,
    capacity: usize,
    len: usize,
}

/// Bits per value and probes per value: a false positive rate under 1% per
/// stage. The probes of a value all fall in one block of eight words (one
/// cache line), so a check costs one memory access, not eight.
const BITS_PER_VALUE: usize = 12;
const PROBES: u64 = 8;
const BLOCK_WORDS: usize = 8;

impl Stage {
    fn new(capacity: usize) -> Self {
        // A power of two of bits, so a probe is a mask, not a division.
        let words = (capacity * BITS_PER_VALUE)
            .div_ceil(64)
            .max(BLOCK_WORDS)
            .next_power_of_two();
        Stage {
            bits: vec![0; words],
            capacity,
            len: 0,
        }
    }

    fn probes(&self, value: u64) -> impl Iterator<Item = (usize, u64)> + use<> {
        let blocks = (self.bits.len() / BLOCK_WORDS) as u64;
        let block = (value & (blocks - 1)) as usize * BLOCK_WORDS;
        // Nine bits a probe (a word of the block, a bit of the word), from
        // the other half of a mixed copy of the value.
        let bits = fmix64(value ^ 0x2545_f491_4f6c_dd1d);
        (0..PROBES).map(move |k| {
            let probe = (bits >> (9 * k)) & 0x1ff;
            (block + (probe >> 6) as usize, 1u64 << (probe & 63))
        })
    }

    fn contains(&self, value: u64) -> bool {
        self.probes(value).all(|(w, m)| self.bits[w] & m != 0)
    }

    fn insert(&mut self, value: u64) {
        for (w, m) in self.probes(value) {
            self.bits[w] |= m;
        }
        self.len += 1;
    }
}

impl Default for Bloom {
    /// Room for four million lines at first (6 MB, which the system hands
    /// out as it is touched), growing fourfold: few stages to look in.
    fn default() -> Self {
        Bloom::with_capacity(1 << 22)
    }
}

impl Bloom {
    pub fn with_capacity(capacity: usize) -> Self {
        Bloom {
            stages: vec![Stage::new(capacity.max(64))],
        }
    }

    /// Adds `value`; returns whether it was (probably) there already.
    pub fn check_and_insert(&mut self, value: u64) -> bool {
        if self.stages.iter().any(|s| s.contains(value)) {
            return true;
        }
        let last = self.stages.last().map_or(64, |s| s.capacity);
        if self.stages.last().is_none_or(|s| s.len >= s.capacity) {
            self.stages.push(Stage::new(last * 4));
        }
        if let Some(stage) = self.stages.last_mut() {
            stage.insert(value);
        }
        false
    }
}

/// Step 1: the lines seen more than once (and a few false positives).
#[derive(Debug, Default)]
pub struct Flags {
    bloom: Bloom,
    flagged: FxHashSet<u64>,
}

impl Flags {
    /// Notes the lines of one page (each once).
    pub fn add_page(&mut self, lines: impl IntoIterator<Item = u64>) {
        for line in lines {
            if self.bloom.check_and_insert(line) {
                self.flagged.insert(line);
            }
        }
    }

    pub fn is_flagged(&self, line: u64) -> bool {
        self.flagged.contains(&line)
    }

    pub fn flagged(&self) -> usize {
        self.flagged.len()
    }

    /// Lets go of the filter once all pages are in (only the flagged lines
    /// are asked about from then on).
    pub fn finish(&mut self) {
        self.bloom = Bloom::with_capacity(64);
    }
}

/// What one story contributes to the counts: its sites, and the distinct
/// (site, line) and (site, title run) pairs of its pages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoryLines {
    pub sites: Vec<u64>,
    /// (site, line hash, words hash)
    pub lines: Vec<(u64, u64, u64)>,
    pub title_runs: Vec<(u64, u64)>,
}

impl StoryLines {
    /// Sorts and deduplicates (call before [`Counter::add_story`]).
    pub fn finish(&mut self) {
        self.lines.sort_unstable();
        self.lines.dedup();
        self.title_runs.sort_unstable();
        self.title_runs.dedup();
        self.sites.sort_unstable();
        self.sites.dedup();
    }
}

/// The counts an earlier run saved (`--save-sketches`), added to a later
/// run's (`--against`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SavedCounts {
    /// (site, line, stories of the site with it, stories in all with it)
    pub lines: Vec<(u64, u64, u32, u32)>,
    /// (site, stories)
    pub site_stories: Vec<(u64, u32)>,
    /// (site, words hash, stories whose title has those words in a run)
    pub titles: Vec<(u64, u64, u32)>,
}

/// One hash of a (site, line) pair (a collision between two pairs, at odds
/// of one in 2^64, would count them as one).
fn pair_key(site: u64, line: u64) -> u64 {
    fmix64(site.rotate_left(29) ^ line.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// Step 2: exact counts of the flagged lines, story by story.
#[derive(Debug, Default)]
pub struct Counter {
    /// (site, line) pairs seen on one story so far, each as one hash of
    /// the two.
    once: FxHashSet<u64>,
    /// (site, line) pairs seen on two stories or more: on how many, and the
    /// line's words hash.
    many: FxHashMap<(u64, u64), (u32, u64)>,
    /// For each line: the stories (on any site) that have it.
    stories_of_line: FxHashMap<u64, u32>,
    site_stories: FxHashMap<u64, u32>,
    titles: FxHashMap<(u64, u64), u32>,
}

impl Counter {
    /// Adds one story (its pairs restricted to flagged lines, deduplicated).
    pub fn add_story(&mut self, story: &StoryLines) {
        for &site in &story.sites {
            *self.site_stories.entry(site).or_insert(0) += 1;
        }
        let mut distinct: Vec<u64> = story.lines.iter().map(|&(_, line, _)| line).collect();
        distinct.sort_unstable();
        distinct.dedup();
        for line in distinct {
            *self.stories_of_line.entry(line).or_insert(0) += 1;
        }
        for &(site, line, words) in &story.lines {
            if let Some((n, _)) = self.many.get_mut(&(site, line)) {
                *n += 1;
            } else if self.once.remove(&pair_key(site, line)) {
                self.many.insert((site, line), (2, words));
            } else {
                self.once.insert(pair_key(site, line));
            }
        }
        for &pair in &story.title_runs {
            *self.titles.entry(pair).or_insert(0) += 1;
        }
    }

    /// The words hashes of the lines on at least `min_pages` stories of a
    /// site: the only ones the headline rule asks about.
    pub fn candidates(&self, min_pages: u32) -> FxHashSet<u64> {
        self.many
            .iter()
            .filter(|&(_, &(n, _))| n >= min_pages)
            .map(|(_, &(_, words))| words)
            .collect()
    }

    /// Adds the title counts of `other` (a count of titles only).
    pub fn add_titles(&mut self, other: Counter) {
        for (pair, n) in other.titles {
            *self.titles.entry(pair).or_insert(0) += n;
        }
    }

    /// Adds the counts an earlier run saved. (Lines that the earlier run saw
    /// on one story of a site only were not saved: a line can count one
    /// story short across runs, which only keeps more.)
    pub fn add_saved(&mut self, saved: &SavedCounts) {
        for &(site, line, stories, all) in &saved.lines {
            let mut n = stories;
            if self.once.remove(&pair_key(site, line)) {
                n += 1;
            }
            // (A saved line's words hash is not kept: the headline rule then
            // counts no titles for it, which only keeps more.)
            self.many.entry((site, line)).or_insert((0, line)).0 += n;
            *self.stories_of_line.entry(line).or_insert(0) += all;
        }
        for &(site, n) in &saved.site_stories {
            *self.site_stories.entry(site).or_insert(0) += n;
        }
        for &(site, words, n) in &saved.titles {
            *self.titles.entry((site, words)).or_insert(0) += n;
        }
    }

    /// The table the furniture rule decides on, and what to save of the
    /// counts for a later run.
    pub fn into_table(self, min_pages: u32) -> Table {
        let mut table = Table::new(min_pages);
        let stories_of_line = self.stories_of_line;
        table.stories_of_line = self
            .many
            .keys()
            .map(|&(_, line)| (line, stories_of_line.get(&line).copied().unwrap_or(0)))
            .collect();
        table.lines = self
            .many
            .into_iter()
            .map(|((site, line), (stories, _))| {
                let all = stories_of_line.get(&line).copied().unwrap_or(0);
                let other_site = all > stories;
                (
                    (site, line),
                    LineStats {
                        stories,
                        other_site,
                    },
                )
            })
            .collect();
        table.site_stories = self.site_stories;
        table.titles = self.titles;
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bloom_has_no_false_negatives_and_grows() {
        let mut bloom = Bloom::with_capacity(64);
        for v in 0..10_000u64 {
            assert!(
                !bloom.check_and_insert(fmix64(v)) || v > 100,
                "early false positive {v}"
            );
        }
        assert!(bloom.stages.len() > 2);
        for v in 0..10_000u64 {
            assert!(bloom.check_and_insert(fmix64(v)));
        }
        let false_positives = (10_000..20_000u64)
            .filter(|&v| bloom.stages.iter().any(|s| s.contains(fmix64(v))))
            .count();
        assert!(false_positives < 500, "{false_positives}");
    }

    #[test]
    fn flags_mark_lines_seen_twice() {
        let mut flags = Flags::default();
        flags.add_page([1, 2, 3]);
        flags.add_page([3, 4]);
        assert!(flags.is_flagged(3));
        assert!(!flags.is_flagged(1) && !flags.is_flagged(4));
    }

    #[test]
    fn counts_are_per_story_and_site() {
        let (a, b) = (10, 20);
        let mut counter = Counter::default();
        let story = |sites: &[u64], lines: &[(u64, u64)]| {
            let mut s = StoryLines {
                sites: sites.to_vec(),
                lines: lines.iter().map(|&(s, l)| (s, l, l)).collect(),
                title_runs: vec![(a, 99)],
            };
            s.finish();
            s
        };
        counter.add_story(&story(&[a], &[(a, 1), (a, 2)]));
        counter.add_story(&story(&[a], &[(a, 1)]));
        counter.add_story(&story(&[a, b], &[(a, 1), (b, 2), (b, 2)]));
        let table = counter.into_table(3);
        assert_eq!(table.site_stories[&a], 3);
        assert_eq!(table.site_stories[&b], 1);
        assert_eq!(
            table.lines[&(a, 1)],
            LineStats {
                stories: 3,
                other_site: false
            }
        );
        assert!(!table.lines.contains_key(&(a, 2)), "one story on site a");
        assert_eq!(table.stories(a, 2), 1);
        assert_eq!(table.titles[&(a, 99)], 3);
        // Line 2 is on a story of site b that site a does not have: found
        // elsewhere. Line 5 is on site b only in a story site a has too (a
        // copy of it): no evidence of its own.
        let mut counter = Counter::default();
        counter.add_story(&story(&[a], &[(a, 2), (a, 5)]));
        counter.add_story(&story(&[a, b], &[(a, 2), (a, 5), (b, 5)]));
        counter.add_story(&story(&[b], &[(b, 2)]));
        let table = counter.into_table(3);
        assert!(table.lines[&(a, 2)].other_site);
        assert!(!table.lines[&(a, 5)].other_site);
    }
}
