//! The steps of [`Collector::plan`](super::Collector::plan) that run over
//! all articles: candidate pairs from the buckets, the word-for-word check of
//! each pair, the scorer where needed, and the story-by-story line counts.

use std::io;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use newsdedup::Config;

use super::sketch::{self, Page, Sketch};
use super::stats::{Counter, Flags, StoryLines};
use super::{EarlierLines, Entry, Texts, Verdict, furniture, group, text, verify};

/// The candidate pairs (earlier rank, later rank), sorted and distinct.
/// With, for each, the MinHash bands the two share.
pub fn candidate_pairs(sketches: &[Sketch], rank: &[u32]) -> (Vec<(u32, u32)>, Vec<u8>) {
    let mut pairs = Vec::new();
    let mut bucket: Vec<(u64, u32)> = Vec::with_capacity(sketches.len());
    for b in 0..sketch::BANDS {
        bucket.clear();
        bucket.extend(
            sketches
                .iter()
                .zip(rank)
                .filter(|(s, _)| s.has_content())
                .map(|(s, &r)| (u64::from(s.bands[b]), r)),
        );
        group::bucket_pairs(&mut bucket, None, &mut pairs);
    }
    // A pair appears once per band it shares.
    pairs.sort_unstable();
    let mut banded: Vec<((u32, u32), u8)> = Vec::new();
    for run in pairs.chunk_by(|a, b| a == b) {
        banded.push((run[0], run.len().min(usize::from(u8::MAX)) as u8));
    }
    pairs.clear();
    bucket.clear();
    for (s, &r) in sketches.iter().zip(rank) {
        bucket.extend(s.anchors.iter().filter(|&&a| a != 0).map(|&a| (a, r)));
    }
    group::bucket_pairs(&mut bucket, Some(group::ANCHOR_BUCKET_MAX), &mut pairs);
    bucket.clear();
    bucket.extend(sketches.iter().zip(rank).map(|(s, &r)| (s.exact, r)));
    group::bucket_pairs(&mut bucket, None, &mut pairs);
    pairs.extend(banded.iter().map(|&(p, _)| p));
    pairs.sort_unstable();
    pairs.dedup();
    let bands = pairs
        .iter()
        .map(|p| {
            banded
                .binary_search_by_key(p, |&(q, _)| q)
                .map_or(0, |k| banded[k].1)
        })
        .collect();
    (pairs, bands)
}

/// Checks every candidate pair word for word (on the current rayon pool),
/// in pair order.
pub fn check_pairs(
    pairs: &[(u32, u32)],
    bands: &[u8],
    order: &[usize],
    texts: &dyn Texts,
    earlier: &FxHashMap<usize, EarlierLines>,
) -> io::Result<Vec<Verdict>> {
    let mut groups: Vec<(usize, &[(u32, u32)])> = Vec::new();
    let mut at = 0;
    for group in pairs.chunk_by(|a, b| a.0 == b.0) {
        groups.push((at, group));
        at += group.len();
    }
    let checked: Vec<io::Result<Vec<Verdict>>> = groups
        .par_iter()
        .map(|&(at, group)| {
            let with_bands = |k: usize, mut verdict: Verdict| {
                verify::with_bands(&mut verdict, bands[at + k]);
                verdict
            };
            if let Some(known) = earlier.get(&order[group[0].0 as usize]) {
                // An earlier run's article: its lines are all there is.
                return group
                    .iter()
                    .enumerate()
                    .map(|(k, &(_, later))| {
                        let (candidate, lines) = texts.page(order[later as usize])?;
                        let page = Page::from_lines(&candidate, lines);
                        Ok(with_bands(
                            k,
                            verify::against_lines(
                                &known.words,
                                known.exact,
                                &candidate,
                                &page,
                                |_| true,
                            ),
                        ))
                    })
                    .collect();
            }
            let (text, lines) = texts.page(order[group[0].0 as usize])?;
            let kept = verify::Kept::new(text, lines);
            group
                .iter()
                .enumerate()
                .map(|(k, &(_, later))| {
                    let (candidate, lines) = texts.page(order[later as usize])?;
                    Ok(with_bands(k, verify::check(&kept, &candidate, lines)))
                })
                .collect()
        })
        .collect();
    let mut out = Vec::with_capacity(pairs.len());
    for group in checked {
        out.extend(group?);
    }
    Ok(out)
}

/// Asks the scorer about the pairs that need it (see
/// [`verify::needs_scorer`]); returns how many it asked about.
pub fn rescore_pairs(
    pairs: &[(u32, u32)],
    verdicts: &mut [Verdict],
    order: &[usize],
    texts: &dyn Texts,
    config: &Config,
    accepted: impl Fn(usize, &furniture::LineContext) -> bool + Sync,
) -> io::Result<usize> {
    let needed: Vec<usize> = (0..pairs.len())
        .filter(|&k| verify::needs_scorer(&verdicts[k], |c| accepted(k, c)))
        .collect();
    let groups: Vec<&[usize]> = needed.chunk_by(|&a, &b| pairs[a].0 == pairs[b].0).collect();
    let rescored: Vec<io::Result<Vec<(usize, Verdict)>>> = groups
        .par_iter()
        .map(|group| {
            let (text, lines) = texts.page(order[pairs[group[0]].0 as usize])?;
            let kept = verify::Kept::new(text, lines);
            group
                .iter()
                .map(|&k| {
                    let (candidate, lines) = texts.page(order[pairs[k].1 as usize])?;
                    let mut verdict = verdicts[k].clone();
                    verify::rescore(
                        &kept,
                        &candidate,
                        lines,
                        &mut verdict,
                        |c| accepted(k, c),
                        config,
                    );
                    Ok((k, verdict))
                })
                .collect()
        })
        .collect();
    for group in rescored {
        for (k, verdict) in group? {
            verdicts[k] = verdict;
        }
    }
    Ok(needed.len())
}

/// Counts the recurring lines story by story (stories in parallel, merged in
/// story order); or, given `titles` (the words of the lines that can be
/// furniture), the stories whose titles have those words in a run.
pub fn count_lines(
    labels: &[u32],
    order: &[usize],
    entries: &[Entry],
    flags: &Flags,
    texts: &dyn Texts,
    earlier: &FxHashMap<usize, EarlierLines>,
    titles: Option<&FxHashSet<u64>>,
) -> io::Result<Counter> {
    let mut members: Vec<(u32, u32)> = labels
        .iter()
        .enumerate()
        .map(|(r, &l)| (l, r as u32))
        .collect();
    members.sort_unstable();
    let stories: Vec<&[(u32, u32)]> = members.chunk_by(|a, b| a.0 == b.0).collect();
    let mut counter = Counter::default();
    for chunk in stories.chunks(1024) {
        let lines: Vec<io::Result<StoryLines>> = chunk
            .par_iter()
            .map(|story| {
                let mut out = StoryLines::default();
                let mut runs = Vec::new();
                // A story an earlier run counted: count only what is new.
                let mut counted = FxHashSet::default();
                let mut old_sites = Vec::new();
                for &(_, r) in story.iter() {
                    let id = order[r as usize];
                    if entries[id].key.earlier_run {
                        if let Some(known) = earlier.get(&id) {
                            counted.extend(known.counted.iter().copied());
                        }
                        old_sites.push(entries[id].site);
                    }
                }
                for &(_, r) in story.iter() {
                    let id = order[r as usize];
                    let site = entries[id].site;
                    if site == furniture::NO_SITE || entries[id].key.earlier_run {
                        continue;
                    }
                    if let Some(candidates) = titles {
                        let title = texts.title(id)?;
                        runs.clear();
                        text::word_runs(&title, furniture::TITLE_RUN_WORDS, &mut runs);
                        out.title_runs.extend(
                            runs.iter()
                                .filter(|&&run| candidates.contains(&run))
                                .map(|&run| (site, run)),
                        );
                        continue;
                    }
                    let (lines, _) = texts.lines_and_title(id)?;
                    if !old_sites.contains(&site) {
                        out.sites.push(site);
                    }
                    for line in lines.iter().skip(1) {
                        if flags.is_flagged(line.hash) && !counted.contains(&line.hash) {
                            out.lines.push((site, line.hash, line.words_hash));
                        }
                    }
                }
                out.finish();
                Ok(out)
            })
            .collect();
        for story in lines {
            counter.add_story(&story?);
        }
    }
    Ok(counter)
}
