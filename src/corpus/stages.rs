//! Corpus mode in steps, for an engine: `newsdedup --across-stage STEP`.
//!
//! An engine (Spark, with `scripts/spark_corpus.py`) runs corpus mode by
//! piping JSON Lines through the binary for the work on texts, and doing the
//! grouping and counting itself. Each step reads JSON Lines on stdin and
//! writes JSON Lines on stdout, one line out per line in (the apply step
//! leaves out duplicates):
//!
//! - `sketch`: a *stage record* `{"n", "id", "site", "date", "text"}` (`n`:
//!   the article's order, as the path order or line number of a
//!   single-machine run) → its sketch: order key, site key, band keys,
//!   anchors, exact hash, the hashes of its lines and of its title's word
//!   runs.
//! - `verify`: `{"kept": record, "candidate": record}` → the verdict of the
//!   check (see [`verify`](super::verify)): word for word only (what stories
//!   are made of), or, with `--counts`, asking the scorer as a
//!   single-machine run does once the counts are known.
//! - `decide`: one candidate component, `{"members": [...], "pairs": [...]}`
//!   with verdicts → for each member, the article that contains it or null.
//! - `apply`: `{"record": record, "drop": bool}` → the record's cleaned text
//!   without its furniture, or nothing for a dropped one.
//!
//! `decide` and `apply` (and `verify`'s second round) read the per-site
//! counts the engine aggregated (`--counts FILE`). Every step calls the same functions as the
//! single-machine run, so identical inputs give identical decisions.

use std::fs;
use std::io::{self, BufRead, BufWriter, Write};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use newsdedup::{Config, clean};

use crate::Exit;
use crate::cli::{Args, Stage};

use super::furniture::{self, LineContext, LineStats, Table};
use super::text::Line;
use super::verify::{self, Verdict};
use super::{Key, Params, group, sketch, text};

/// An article as an engine hands it over.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StageRecord {
    pub n: u64,
    #[serde(default)]
    pub id: serde_json::Value,
    #[serde(default)]
    pub site: String,
    #[serde(default)]
    pub date: Option<String>,
    pub text: String,
}

/// The order key, as JSON.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct KeyJson {
    pub content_words: u32,
    pub words: u32,
    pub date: Option<String>,
    pub n: u64,
}

impl KeyJson {
    fn key(&self) -> Key {
        Key {
            earlier_run: false,
            content_words: self.content_words,
            words: self.words,
            date: self.date.as_deref().map(Into::into),
            order: self.n,
        }
    }
}

/// The `sketch` step's output.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SketchJson {
    pub n: u64,
    pub id: serde_json::Value,
    pub site_key: u64,
    pub key: KeyJson,
    pub has_content: bool,
    pub bands: Vec<u32>,
    pub anchors: Vec<u64>,
    pub exact: u64,
    /// Hashes of the lines after the title (distinct).
    pub lines: Vec<u64>,
    /// Words hashes of the title's word runs (distinct).
    pub title_runs: Vec<u64>,
}

/// A line, as JSON.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct LineJson {
    pub hash: u64,
    pub words_hash: u64,
    pub words: u32,
    pub sentence: bool,
}

impl From<Line> for LineJson {
    fn from(l: Line) -> Self {
        LineJson {
            hash: l.hash,
            words_hash: l.words_hash,
            words: l.words,
            sentence: l.sentence,
        }
    }
}

impl LineJson {
    fn line(self) -> Line {
        Line {
            span: newsdedup::Span::new(0, 0),
            hash: self.hash,
            words_hash: self.words_hash,
            words: self.words,
            sentence: self.sentence,
        }
    }
}

/// A line's context, as JSON.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ContextJson {
    pub index: usize,
    pub line: LineJson,
    pub in_title: bool,
    pub previous: Option<LineJson>,
    pub next: Option<LineJson>,
}

/// A verdict, as JSON.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct VerdictJson {
    pub identical: bool,
    pub content: u32,
    pub witnessed: u32,
    pub content_words: u32,
    pub witnessed_words: u32,
    pub score: f64,
    pub witnessed_lines: Vec<u64>,
    pub unwitnessed: Vec<ContextJson>,
    pub overflow: bool,
    pub bands: u8,
}

impl From<&Verdict> for VerdictJson {
    fn from(v: &Verdict) -> Self {
        VerdictJson {
            identical: v.identical,
            content: v.content,
            witnessed: v.witnessed,
            content_words: v.content_words,
            witnessed_words: v.witnessed_words,
            score: v.score,
            witnessed_lines: v.witnessed_lines.clone(),
            overflow: v.overflow,
            bands: v.bands,
            unwitnessed: v
                .unwitnessed
                .iter()
                .map(|c| ContextJson {
                    index: c.index,
                    line: c.line.into(),
                    in_title: c.in_title,
                    previous: c.previous.map(Into::into),
                    next: c.next.map(Into::into),
                })
                .collect(),
        }
    }
}

impl VerdictJson {
    fn verdict(&self) -> Verdict {
        Verdict {
            identical: self.identical,
            content: self.content,
            witnessed: self.witnessed,
            content_words: self.content_words,
            witnessed_words: self.witnessed_words,
            score: self.score,
            witnessed_lines: self.witnessed_lines.clone(),
            overflow: self.overflow,
            bands: self.bands,
            unwitnessed: self
                .unwitnessed
                .iter()
                .map(|c| LineContext {
                    index: c.index,
                    line: c.line.line(),
                    in_title: c.in_title,
                    previous: c.previous.map(LineJson::line),
                    next: c.next.map(LineJson::line),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
struct VerifyInput {
    kept: StageRecord,
    candidate: StageRecord,
    /// MinHash bands the two share (the engine counts them).
    #[serde(default)]
    bands: u8,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct VerifyOutput {
    pub kept: u64,
    pub candidate: u64,
    pub same_story: bool,
    pub verdict: VerdictJson,
}

#[derive(Debug, Deserialize)]
struct Member {
    n: u64,
    site_key: u64,
    key: KeyJson,
}

#[derive(Debug, Deserialize)]
struct DecideInput {
    members: Vec<Member>,
    pairs: Vec<VerifyOutput>,
}

#[derive(Debug, Serialize)]
struct Decision {
    n: u64,
    duplicate_of: Option<u64>,
    score: Option<f64>,
    identical: bool,
}

#[derive(Debug, Deserialize)]
struct ApplyInput {
    record: StageRecord,
    #[serde(default)]
    drop: bool,
}

#[derive(Debug, Serialize)]
struct ApplyOutput {
    n: u64,
    id: serde_json::Value,
    text: String,
    furniture: usize,
}

/// The per-site counts an engine aggregated (see the module docs).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Counts {
    /// (site key, line hash, stories of the site with it, on another site)
    pub lines: Vec<(u64, u64, u32, bool)>,
    /// (site key, stories)
    pub site_stories: Vec<(u64, u32)>,
    /// (site key, words hash, stories whose title has those words in a run)
    pub titles: Vec<(u64, u64, u32)>,
}

impl Counts {
    /// The furniture table these counts make.
    pub fn table(&self, min_pages: u32) -> Table {
        let mut table = Table::new(min_pages);
        for &(site, line, stories, other_site) in &self.lines {
            if stories >= 2 {
                table.lines.insert(
                    (site, line),
                    LineStats {
                        stories,
                        other_site,
                    },
                );
            }
        }
        table.site_stories.extend(self.site_stories.iter().copied());
        table
            .titles
            .extend(self.titles.iter().map(|&(s, w, n)| ((s, w), n)));
        table
    }
}

/// Sketches a stage record (cleaning it first).
pub fn sketch_record(record: &StageRecord, config: &Config) -> SketchJson {
    let cleaned = clean(&record.text, config).text();
    let (sketched, lines) = super::sketch(&cleaned);
    let page = sketch::Page::from_lines(&cleaned, lines);
    let mut lines: Vec<u64> = page.lines.iter().skip(1).map(|l| l.hash).collect();
    lines.sort_unstable();
    lines.dedup();
    let mut title_runs = Vec::new();
    if let Some(title) = page.lines.first() {
        text::word_runs(
            title.span.text(&cleaned),
            furniture::TITLE_RUN_WORDS,
            &mut title_runs,
        );
    }
    title_runs.sort_unstable();
    title_runs.dedup();
    let s = &sketched.sketch;
    SketchJson {
        n: record.n,
        id: record.id.clone(),
        site_key: super::site_key(record.site.as_bytes()),
        key: KeyJson {
            content_words: s.content_words,
            words: s.words,
            date: record.date.clone(),
            n: record.n,
        },
        has_content: s.has_content(),
        bands: s.bands.to_vec(),
        anchors: s.anchors.iter().copied().filter(|&a| a != 0).collect(),
        exact: s.exact,
        lines,
        title_runs,
    }
}

/// Runs one step over stdin and stdout.
pub fn run(stage: Stage, args: &Args, config: &Config, params: &Params) -> Result<Exit> {
    let table = match (&args.counts, stage) {
        (Some(path), _) => {
            let text = fs::read_to_string(path).with_context(|| {
                format!(
                    "cannot read the counts {}",
                    newsdedup::paths::escape_path(path)
                )
            })?;
            let counts: Counts = serde_json::from_str(&text).context("the counts are not valid")?;
            Some(counts.table(params.min_pages))
        }
        (None, Stage::Decide | Stage::Apply) => {
            bail!("--across-stage {stage:?} needs --counts FILE")
        }
        (None, _) => None,
    };
    let stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    for (k, line) in stdin.lines().enumerate() {
        let line = line.context("cannot read stdin")?;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |e: serde_json::Error| anyhow::anyhow!("line {}: {e}", k + 1);
        match stage {
            Stage::Sketch => {
                let record: StageRecord = serde_json::from_str(&line).map_err(bad)?;
                serde_json::to_writer(&mut out, &sketch_record(&record, config))?;
            }
            Stage::Verify => {
                let input: VerifyInput = serde_json::from_str(&line).map_err(bad)?;
                let kept = clean(&input.kept.text, config).text();
                let candidate = clean(&input.candidate.text, config).text();
                let kept = verify::Kept::new(kept.clone(), text::lines(&kept));
                let lines = text::lines(&candidate);
                let mut verdict = verify::check(&kept, &candidate, lines.clone());
                verify::with_bands(&mut verdict, input.bands);
                if let Some(table) = &table {
                    // With the counts: the scorer where a paragraph that is
                    // not the site's text is left (as a single-machine run).
                    let site = super::site_key(input.candidate.site.as_bytes());
                    let accepted = |c: &LineContext| super::accepted(table, site, c);
                    verify::rescore(&kept, &candidate, lines, &mut verdict, accepted, config);
                }
                let output = VerifyOutput {
                    kept: input.kept.n,
                    candidate: input.candidate.n,
                    same_story: verdict.same_story(),
                    verdict: (&verdict).into(),
                };
                serde_json::to_writer(&mut out, &output)?;
            }
            Stage::Decide => {
                let input: DecideInput = serde_json::from_str(&line).map_err(bad)?;
                let table = table.as_ref().context("no counts")?;
                for d in decide(&input, table) {
                    serde_json::to_writer(&mut out, &d)?;
                    writeln!(out)?;
                }
                continue;
            }
            Stage::Apply => {
                let input: ApplyInput = serde_json::from_str(&line).map_err(bad)?;
                if input.drop {
                    continue;
                }
                let table = table.as_ref().context("no counts")?;
                let cleaned = clean(&input.record.text, config).text();
                let lines = text::lines(&cleaned);
                let site = super::site_key(input.record.site.as_bytes());
                let drops = table.page_drops(site, &cleaned, &lines);
                let indices: Vec<usize> = drops.iter().map(|&(i, _)| i).collect();
                let spans = furniture::kept_spans(&cleaned, &lines, &indices);
                let output = ApplyOutput {
                    n: input.record.n,
                    id: input.record.id,
                    text: spans.iter().map(|s| s.text(&cleaned)).collect(),
                    furniture: indices.len(),
                };
                serde_json::to_writer(&mut out, &output)?;
            }
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(Exit::Success)
}

/// The decisions for one candidate component (the same rule as
/// [`Collector::plan`](super::Collector::plan)).
fn decide(input: &DecideInput, table: &Table) -> Vec<Decision> {
    let mut members: Vec<&Member> = input.members.iter().collect();
    members.sort_by_key(|m| m.key.key());
    let rank_of = |n: u64| members.iter().position(|m| m.n == n).map(|r| r as u32);
    let mut pairs: Vec<((u32, u32), Verdict)> = input
        .pairs
        .iter()
        .filter_map(|p| {
            Some((
                (rank_of(p.kept)?, rank_of(p.candidate)?),
                p.verdict.verdict(),
            ))
        })
        .collect();
    pairs.sort_by_key(|(pair, _)| *pair);
    let ranks: Vec<(u32, u32)> = pairs.iter().map(|(p, _)| *p).collect();
    let dropped_by = group::keepers(members.len(), &ranks, |k| {
        let site = members[ranks[k].1 as usize].site_key;
        super::contains(&pairs[k].1, site, table)
    });
    members
        .iter()
        .zip(dropped_by)
        .map(|(m, by)| {
            let by = by.map(|k| (members[ranks[k].0 as usize].n, &pairs[k].1));
            Decision {
                n: m.n,
                duplicate_of: by.map(|(n, _)| n),
                score: by.map(|(_, v)| v.score),
                identical: by.is_some_and(|(_, v)| v.identical),
            }
        })
        .collect()
}
