//! Corpus mode: duplicate articles and site furniture across a whole corpus.
//!
//! Cleaning one article at a time cannot see that a folder holds the same
//! story three times (a rescrape, the AMP page, a wire copy on another site)
//! or that every page of a site carries the same menus and footers. Corpus
//! mode sees both, in two passes over the articles, holding only a sketch of
//! each (a few hundred bytes) in memory, never the texts:
//!
//! 1. each article is cleaned as usual, then sketched ([`sketch()`]): MinHash
//!    bands and anchors of its content, and its lines go through a filter that
//!    remembers which lines recur ([`stats`]). The caller keeps the cleaned
//!    texts somewhere it can read them back ([`Texts`]).
//! 2. [`Collector::plan`] decides: candidate pairs from shared bands,
//!    anchors or exact hashes, each checked on the two texts word for word
//!    ([`verify`]); stories from the pairs that tell one story ([`group`]);
//!    per-site line counts per story ([`stats`]) and the furniture rule
//!    ([`furniture`]); the library's own scorer asked about the pairs where
//!    a paragraph that is not site text is left; and, in a stable order,
//!    which articles another kept article contains ([`group::keepers`]).
//!
//! The caller then writes each kept article without its furniture lines
//! ([`Plan::furniture`], [`furniture::kept_spans`]): still a selection of the
//! article's own bytes.
//!
//! Nothing depends on thread count or the order articles arrive in beyond
//! the `order` of their [`Key`]; an engine that computes the same sketches,
//! pairs, stories and counts (`scripts/spark_corpus.py`) reaches the same
//! decisions through the same functions.

mod files;
pub mod folders;
pub mod furniture;
pub mod group;
mod pass2;
mod plan;
mod records;
pub mod report;
pub mod run;
mod saved;
pub mod sketch;
pub mod spool;
mod stages;
pub mod stats;
pub mod text;
pub mod verify;

use std::io;

use newsdedup::Config;

pub use furniture::{Drop, Table, site_key};

/// A site's identity from its name's bytes (a folder path need not be UTF-8).
pub fn site_key_bytes(name: &[u8]) -> u64 {
    furniture::site_key(name)
}
pub use group::Key;
pub use sketch::Sketch;
pub use verify::Verdict;

use stats::Flags;

/// Default for how many stories of a site a line must be on to be furniture.
pub const MIN_PAGES: u32 = 3;

/// Settings of corpus mode.
#[derive(Clone, Debug)]
pub struct Params {
    /// Stories of a site a line must be on before it can be furniture.
    pub min_pages: u32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_pages: MIN_PAGES,
        }
    }
}

/// Pass 1's result for one article, computed by a worker.
#[derive(Clone, Debug)]
pub struct Sketched {
    pub sketch: Sketch,
    /// The hashes the recurrence filter sees: each line after the title, and
    /// the words of each sentence-shaped one (for the headline rule).
    pub recurring: Vec<u64>,
}

/// Sketches one cleaned article; returns its lines too (to spool them).
pub fn sketch(cleaned: &str) -> (Sketched, Vec<text::Line>) {
    let (sketch, page) = sketch::sketch(cleaned);
    let mut recurring: Vec<u64> = Vec::with_capacity(page.lines.len() + 4);
    for line in page.lines.iter().skip(1) {
        recurring.push(line.hash);
        if line.hash != line.words_hash {
            recurring.push(line.words_hash);
        }
    }
    recurring.sort_unstable();
    recurring.dedup();
    (Sketched { sketch, recurring }, page.lines)
}

/// Reads back the cleaned text of an article and its lines (by its id: the
/// order in which it was added to the [`Collector`]).
pub trait Texts: Sync {
    fn page(&self, id: usize) -> io::Result<(String, Vec<text::Line>)>;

    /// The lines of an article and the text of its title (all that counting
    /// needs): by default from [`Texts::page`].
    fn lines_and_title(&self, id: usize) -> io::Result<(Vec<text::Line>, String)> {
        let (text, lines) = self.page(id)?;
        let title = lines
            .first()
            .map_or(String::new(), |l| l.span.text(&text).to_owned());
        Ok((lines, title))
    }

    /// The text of an article's title: by default from
    /// [`Texts::lines_and_title`].
    fn title(&self, id: usize) -> io::Result<String> {
        Ok(self.lines_and_title(id)?.1)
    }
}

/// What is known of articles from an earlier run (`--against`): no text,
/// only their lines' hashes, read when a candidate pair needs them.
pub trait Earlier: Sync {
    /// Whether article `id` is one of them.
    fn is_earlier(&self, id: usize) -> bool;
    /// The lines of these earlier articles (see [`EarlierLines`]).
    fn lines(&self, ids: &[usize]) -> io::Result<rustc_hash::FxHashMap<usize, EarlierLines>>;
    /// The counts the earlier run left (added to this run's).
    fn counts(&self) -> &stats::SavedCounts;
}

/// An earlier article's lines: the words of each (what candidates are
/// matched against), its exact hash, and the hashes its story was counted
/// with.
#[derive(Clone, Debug, Default)]
pub struct EarlierLines {
    pub words: rustc_hash::FxHashSet<u64>,
    pub exact: u64,
    pub counted: Vec<u64>,
}

/// What the collector holds of an article besides its sketch.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub(crate) site: u64,
    pub(crate) key: Key,
}

/// Pass 1: gathers the sketches, in order. (The sketches are let go once
/// the candidate pairs are known; the rest lives through the plan.)
#[derive(Debug, Default)]
pub struct Collector {
    entries: Vec<Entry>,
    sketches: Vec<Sketch>,
    flags: Flags,
}

/// A dropped article: which kept article contains it, and how closely.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Duplicate {
    pub of: usize,
    pub score: f64,
    /// The two have the same lines (spacing, case, punctuation aside).
    pub identical: bool,
}

/// What corpus mode decided.
#[derive(Debug)]
pub struct Plan {
    /// Per article: its site.
    pub sites: Vec<u64>,
    /// Per article: the kept article that contains it, if any.
    pub duplicates: Vec<Option<Duplicate>>,
    /// Per article: the first article (by rank) of its story.
    pub stories: Vec<usize>,
    /// The counts the furniture rule decides on.
    pub table: Table,
    pub stats: PlanStats,
}

/// Figures about a plan, for the summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanStats {
    pub articles: usize,
    pub candidate_pairs: usize,
    pub scored_pairs: usize,
    pub stories: usize,
    pub flagged_lines: usize,
    pub counted_lines: usize,
}

impl Collector {
    /// Adds the next article; returns its id.
    pub fn push(&mut self, site: u64, key: Key, sketched: Sketched) -> usize {
        self.flags.add_page(sketched.recurring);
        self.entries.push(Entry { site, key });
        self.sketches.push(sketched.sketch);
        self.entries.len() - 1
    }

    /// Adds an article known from an earlier run (its key says so); returns
    /// its id. Its lines go through no filter: its counts are in the saved
    /// counts.
    pub fn push_earlier(&mut self, site: u64, key: Key, sketch: Sketch) -> usize {
        self.entries.push(Entry { site, key });
        self.sketches.push(sketch);
        self.entries.len() - 1
    }

    /// Sets the `order` of every article's key (by id), when it is known
    /// only once all articles are in (path order).
    pub fn set_orders(&mut self, orders: &[u64]) {
        for (entry, &order) in self.entries.iter_mut().zip(orders) {
            entry.key.order = order;
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Decides (pass 2): reads texts back through `texts`, checks candidate
    /// pairs and counts lines on `pool`.
    pub fn plan(
        self,
        texts: &dyn Texts,
        earlier: Option<&dyn Earlier>,
        config: &Config,
        params: &Params,
        pool: &rayon::ThreadPool,
    ) -> io::Result<Plan> {
        let Collector {
            entries,
            sketches,
            mut flags,
        } = self;
        flags.finish();
        let n = entries.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| entries[a].key.cmp(&entries[b].key));
        let mut rank = vec![0u32; n];
        for (r, &id) in order.iter().enumerate() {
            rank[id] = r as u32;
        }
        let (mut pairs, mut bands) = plan::candidate_pairs(&sketches, &rank);
        drop(sketches);
        let is_earlier = |r: u32| earlier.is_some_and(|e| e.is_earlier(order[r as usize]));
        // Two earlier articles were decided by their own run.
        let keep: Vec<bool> = pairs.iter().map(|&(_, later)| !is_earlier(later)).collect();
        let mut k = 0;
        bands.retain(|_| {
            k += 1;
            keep[k - 1]
        });
        pairs.retain(|&(_, later)| !is_earlier(later));
        let earlier_lines = match earlier {
            Some(e) => {
                let mut ids: Vec<usize> = pairs
                    .iter()
                    .filter(|&&(a, _)| is_earlier(a))
                    .map(|&(a, _)| order[a as usize])
                    .collect();
                ids.dedup();
                e.lines(&ids)?
            }
            None => Default::default(),
        };
        let mut verdicts =
            pool.install(|| plan::check_pairs(&pairs, &bands, &order, texts, &earlier_lines))?;
        let mut stories = group::Stories::new(n);
        for (&(earlier, later), verdict) in pairs.iter().zip(&verdicts) {
            if verdict.same_story() {
                stories.union(earlier, later);
            }
        }
        let labels = stories.labels();
        let count = |titles: Option<&rustc_hash::FxHashSet<u64>>| {
            pool.install(|| {
                plan::count_lines(
                    &labels,
                    &order,
                    &entries,
                    &flags,
                    texts,
                    &earlier_lines,
                    titles,
                )
            })
        };
        let mut counter = count(None)?;
        // Then the titles, against the lines that can be furniture only.
        let candidates = counter.candidates(params.min_pages);
        counter.add_titles(count(Some(&candidates))?);
        if let Some(e) = earlier {
            counter.add_saved(e.counts());
        }
        let flagged_lines = flags.flagged();
        drop(flags);
        let table = counter.into_table(params.min_pages);
        let site_of_rank = |r: u32| entries[order[r as usize]].site;
        let scored = pool.install(|| {
            plan::rescore_pairs(&pairs, &mut verdicts, &order, texts, config, |k, c| {
                // No text of an earlier article: nothing to ask the scorer.
                is_earlier(pairs[k].0) || accepted(&table, site_of_rank(pairs[k].1), c)
            })
        })?;
        let dropped_by = group::keepers(n, &pairs, |k| {
            contains(&verdicts[k], site_of_rank(pairs[k].1), &table)
        });
        let mut duplicates = vec![None; n];
        for (r, by) in dropped_by.iter().enumerate() {
            if let Some(k) = *by {
                let verdict = &verdicts[k];
                duplicates[order[r]] = Some(Duplicate {
                    of: order[pairs[k].0 as usize],
                    score: verdict.score,
                    identical: verdict.identical,
                });
            }
        }
        let story_count = labels
            .iter()
            .enumerate()
            .filter(|&(r, &l)| r as u32 == l)
            .count();
        let stats = PlanStats {
            articles: n,
            candidate_pairs: pairs.len(),
            scored_pairs: scored,
            stories: story_count,
            flagged_lines,
            counted_lines: table.lines.len(),
        };
        let stories = (0..n)
            .map(|id| order[labels[rank[id] as usize] as usize])
            .collect();
        Ok(Plan {
            sites: entries.iter().map(|e| e.site).collect(),
            duplicates,
            stories,
            table,
            stats,
        })
    }
}

/// Whether a checked pair's kept article contains the candidate (on `site`):
/// the two are identical, or a content paragraph that is not the site's own
/// text is witnessed (a page whose only content is a newsletter pitch is no
/// copy of another) and every paragraph left unwitnessed is the site's text
/// (furniture the page drops, or a line the site repeats on many stories and
/// no other site has).
pub fn contains(verdict: &Verdict, site: u64, table: &Table) -> bool {
    verdict.identical
        || (!verdict.overflow
            && verdict
                .witnessed_lines
                .iter()
                .any(|&h| !table.is_site_text(site, h))
            && verdict.unwitnessed.iter().all(|c| accepted(table, site, c)))
}

/// Whether a paragraph left unwitnessed on a page of `site` is the site's
/// text: furniture the page drops, or a line the site repeats on many
/// stories and no other site has.
pub fn accepted(table: &Table, site: u64, context: &furniture::LineContext) -> bool {
    table.is_site_text(site, context.line.hash) || table.rule(site, context).is_some()
}

impl Plan {
    /// The furniture paragraphs of article `id` (its cleaned text and
    /// lines): (line index, why) for each line to drop.
    pub fn furniture(&self, id: usize, text: &str, lines: &[text::Line]) -> Vec<(usize, Drop)> {
        self.table.page_drops(self.sites[id], text, lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts held in memory.
    struct Memory(Vec<String>);

    impl Texts for Memory {
        fn page(&self, id: usize) -> io::Result<(String, Vec<text::Line>)> {
            Ok((self.0[id].clone(), text::lines(&self.0[id])))
        }
    }

    fn plan(articles: &[(&str, &str)]) -> (Plan, Vec<String>) {
        let mut collector = Collector::default();
        let mut texts = Vec::new();
        for (order, &(site, text)) in articles.iter().enumerate() {
            let cleaned = newsdedup::clean(text, &Config::default()).text();
            let (sketched, _) = sketch(&cleaned);
            let key = Key {
                earlier_run: false,
                content_words: sketched.sketch.content_words,
                words: sketched.sketch.words,
                date: None,
                order: order as u64,
            };
            collector.push(site_key(site.as_bytes()), key, sketched);
            texts.push(cleaned);
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let plan = collector
            .plan(
                &Memory(texts.clone()),
                None,
                &Config::default(),
                &Params::default(),
                &pool,
            )
            .unwrap();
        (plan, texts)
    }

    const STORY: &str = "Bridge reopens after repairs\n\n\
        The harbour bridge reopened on Friday after eight months of repairs, the city said.\n\n\
        Engineers replaced 42 steel cables and resurfaced the whole deck during the closure.\n\n\
        Traffic was light on the first morning, but officials expect queues by next week.\n\n\
        The repairs cost $31 million, about $4 million more than planned.\n";

    #[test]
    fn copies_go_updates_and_other_stories_stay() {
        let truncated: String = STORY.split("\n\n").take(3).collect::<Vec<_>>().join("\n\n") + "\n";
        let update = STORY.replace("$31 million", "$33 million");
        let other = "Storm closes schools\n\n\
            Heavy snow closed every school in the county on Monday morning.\n\n\
            Road crews worked through the night to clear the main routes.\n";
        let (plan, _) = plan(&[
            ("a", &truncated),
            ("b", other),
            ("a", STORY),
            ("c", &update),
            ("a", &STORY.replace('\n', "\r\n")),
        ]);
        let dup = |id: usize| plan.duplicates[id].map(|d| d.of);
        assert_eq!(dup(0), Some(2), "the truncated copy is in the full story");
        assert_eq!(dup(1), None);
        assert_eq!(dup(2), None, "the fullest copy, first in path order, stays");
        assert_eq!(dup(3), None, "the update has a fact the story lacks");
        assert_eq!(dup(4), Some(2));
        assert!(plan.duplicates[4].unwrap().identical);
        assert_eq!(plan.stories[0], 2);
        assert_eq!(plan.stories[3], 2, "the update is a version of the story");
        assert_eq!(plan.stories[1], 1);
    }
}
