//! Corpus mode over files and folders: the batch walk, twice.
//!
//! Pass 1 walks the inputs as batch mode does (same files, same order, same
//! mirrored folders), cleans each article on the worker pool, sketches it and
//! appends its lines and metadata (the spans of the input that make the
//! cleaned text, a hash of the input) to the [spool](super::spool); the
//! cleaned text is rebuilt from the input when needed, which halves the disk
//! traffic (an input changed during the run is an error). Then the plan is
//! made. Pass 2 reads the spool back in walk order and writes each kept
//! article without its furniture: under `--out-dir` (a duplicate is not written), in place
//! (only changed files are rewritten, atomically; a duplicate stays, or is
//! moved with `--move-duplicates`), or nowhere (`--check` lists what would
//! change). Report, clusters and explanations come out in walk order.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rayon::prelude::*;

use newsdedup::write::Report;
use newsdedup::{Config, clean};

use crate::batch::{self, Job, STOP, Target};

use super::files::{Meta, Names, os_bytes, os_from_bytes, site_name, to_input};
use super::furniture::{self, Drop};
use super::report::{self, Furniture};
use super::saved::{self, EarlierFile, SavedArticle};
use super::spool::{Reader, Spool};
use super::{Collector, Earlier, Key, Params, Plan, Sketched};

/// How to run corpus mode over files.
pub struct Options<'a> {
    pub config: &'a Config,
    pub params: Params,
    pub target: Target,
    pub extensions: Vec<String>,
    pub follow_links: bool,
    pub jobs: usize,
    pub quiet: bool,
    pub explain: bool,
    pub site_depth: Option<usize>,
    pub spool_dir: Option<PathBuf>,
    pub move_duplicates: Option<PathBuf>,
    /// `--against`: a sketches file of an earlier run.
    pub against: Option<PathBuf>,
    /// `--save-sketches`: where to save this run's sketches.
    pub save_sketches: Option<PathBuf>,
    pub report: Option<Box<dyn Write + Send>>,
    pub clusters: Option<Box<dyn Write + Send>>,
    pub listing: Box<dyn Write + Send>,
}

/// Totals of a corpus run.
#[derive(Debug, Default)]
pub struct Summary {
    pub files: usize,
    pub articles: usize,
    pub duplicates: usize,
    pub changed: usize,
    pub furniture_paragraphs: usize,
    pub furniture_pages: usize,
    pub sentences_dropped: usize,
    pub paragraphs_dropped: usize,
    pub skipped: Vec<(PathBuf, String)>,
    pub failed: usize,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub elapsed: Duration,
    pub interrupted: bool,
    pub plan: super::PlanStats,
}

impl Summary {
    pub fn line(&self) -> String {
        let mb = |b: u64| b as f64 / 1e6;
        let mut line = format!(
            "{} files in {:.2} s: {} articles, {} duplicates dropped, {} changed, {} skipped, {} failed; \
             {} sentences and {} paragraphs dropped inside articles, {} furniture paragraphs on {} pages; \
             {:.1} MB of {:.1} MB saved",
            self.files,
            self.elapsed.as_secs_f64(),
            self.articles,
            self.duplicates,
            self.changed,
            self.skipped.len(),
            self.failed,
            self.sentences_dropped,
            self.paragraphs_dropped,
            self.furniture_paragraphs,
            self.furniture_pages,
            mb(self.bytes_in.saturating_sub(self.bytes_out)),
            mb(self.bytes_in),
        );
        if self.interrupted {
            line.push_str("; interrupted");
        }
        line
    }
}

/// An article as a worker leaves it in pass 1.
struct ReadArticle {
    job: Job,
    cleaned: String,
    meta: Meta,
    sketched: Sketched,
    lines: Vec<super::text::Line>,
}

/// What a worker made of one walked file in pass 1.
enum Read {
    Article(Box<ReadArticle>),
    Skipped(Job, String),
    Failed(Job, String),
    /// A path that could not be walked, and why.
    WalkFailed(String),
    NotProcessed,
}

/// Runs corpus mode over `inputs`.
pub fn run(inputs: &[PathBuf], options: Options) -> Result<Summary> {
    let started = Instant::now();
    let Options {
        config,
        params,
        target,
        extensions,
        follow_links,
        jobs,
        quiet,
        explain,
        site_depth,
        spool_dir,
        move_duplicates,
        against,
        save_sketches,
        mut report,
        mut clusters,
        mut listing,
    } = options;
    let mut guard_inputs = false;
    if let Target::OutDir(out) = &target {
        guard_inputs = batch::refuse_output_inside_inputs(out, inputs)?;
        fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    }
    if let Some(dir) = &move_duplicates {
        batch::refuse_output_inside_inputs(dir, inputs)?;
    }
    let _ = ctrlc::set_handler(|| STOP.store(true, Ordering::SeqCst));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("cannot start worker threads")?;
    let walk_options = batch::Options {
        config,
        target: target.clone(),
        extensions,
        follow_links,
        jobs,
        quiet,
        report: None,
        listing: Box::new(io::sink()),
    };
    let mut walk = batch::walk(inputs, &walk_options);
    let progress = batch::progress_bar(quiet);
    let mut summary = Summary::default();
    let mut spool = Spool::new(spool_dir.as_deref()).context("cannot create the spool file")?;
    let mut collector = Collector::default();
    let mut names = Names::default();
    let want_report = report.is_some();

    // Pass 1: clean, sketch, spool. One thread walks and has the pool clean
    // a chunk at a time; this one spools each chunk while the next is cleaned.
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Read>>(2);
    let mut walk_and_clean = |sender: std::sync::mpsc::SyncSender<Vec<Read>>| {
        let mut chunk: Vec<Job> = Vec::with_capacity(batch::CHUNK);
        let mut seen = HashSet::new();
        while !STOP.load(Ordering::SeqCst) {
            let mut reads = Vec::new();
            for item in walk.by_ref() {
                match item {
                    Ok(job) if inputs.len() > 1 && !seen.insert(job.relative.clone()) => {
                        let reason =
                            format!("another input already maps to {}", job.relative.display());
                        reads.push(Read::Failed(job, reason));
                    }
                    Ok(job) => {
                        chunk.push(job);
                        if chunk.len() == batch::CHUNK {
                            break;
                        }
                    }
                    Err(reason) => reads.push(Read::WalkFailed(reason)),
                }
            }
            if chunk.is_empty() && reads.is_empty() {
                break;
            }
            let cleaned: Vec<Read> = pool.install(|| {
                chunk
                    .par_drain(..)
                    .map(|job| read(job, config, want_report, explain))
                    .collect()
            });
            reads.extend(cleaned);
            if sender.send(reads).is_err() {
                return;
            }
        }
    };
    let mut failure = None;
    std::thread::scope(|scope| {
        // The sender moves into the thread: when the walk ends, the channel
        // closes and this loop ends.
        scope.spawn(move || walk_and_clean(sender));
        for reads in receiver.iter() {
            if failure.is_some() {
                continue; // drain, so the walking thread can finish
            }
            if let Err(e) = spool_chunk(
                reads,
                &mut summary,
                &mut spool,
                &mut collector,
                &mut names,
                &mut report,
                site_depth,
                quiet,
            ) {
                failure = Some(e);
            }
            if let Some(bar) = &progress {
                bar.set_position(summary.files as u64);
                bar.set_message(format!(
                    "pass 1 of 2, {:.1} MB",
                    summary.bytes_in as f64 / 1e6
                ));
            }
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    if STOP.load(Ordering::SeqCst) {
        // Nothing is written before the plan: an interrupted pass 1 leaves
        // every output as it was.
        if let Some(bar) = progress {
            bar.finish_and_clear();
        }
        summary.interrupted = true;
        summary.elapsed = started.elapsed();
        return Ok(summary);
    }
    summary.articles = collector.len();
    // Ties go to path order, not to the order the inputs were listed in.
    collector.set_orders(&names.ranks());
    drop(names);
    let earlier = match &against {
        Some(path) => Some(
            EarlierFile::load(path, &mut collector)
                .with_context(|| format!("cannot read the sketches {}", path.display()))?,
        ),
        None => None,
    };
    let reader = spool.finish().context("cannot write the spool file")?;
    if let Some(bar) = &progress {
        bar.set_message("deciding".to_owned());
    }
    let texts = FolderTexts { reader: &reader };
    let plan = collector
        .plan(
            &texts,
            earlier.as_ref().map(|e| e as &dyn Earlier),
            config,
            &params,
            &pool,
        )
        .context("cannot read an article back")?;
    summary.plan = plan.stats.clone();

    // Pass 2: write.
    let work = Pass2 {
        plan: &plan,
        reader: &reader,
        earlier: earlier.as_ref(),
        target: &target,
        guard_inputs,
        explain,
        want_report,
        move_duplicates: move_duplicates.as_deref(),
    };
    let ids: Vec<usize> = (0..reader.len()).collect();
    for chunk in ids.chunks(batch::CHUNK) {
        if STOP.load(Ordering::SeqCst) {
            break;
        }
        let written: Vec<Result<Written>> =
            pool.install(|| chunk.par_iter().map(|&id| work.write(id)).collect());
        for outcome in written {
            let w = outcome?;
            summary.bytes_out += w.bytes_out;
            summary.sentences_dropped += w.meta.sentences_dropped as usize;
            summary.paragraphs_dropped += w.meta.paragraphs_dropped as usize;
            summary.furniture_paragraphs += w.furniture.len();
            summary.furniture_pages += usize::from(!w.furniture.is_empty());
            if w.duplicate.is_some() {
                summary.duplicates += 1;
            }
            if w.changed {
                summary.changed += 1;
            }
            if let Some(reason) = &w.failure {
                summary.failed += 1;
                eprintln!("newsdedup: {}: {reason}", w.meta.path.display());
            }
            if matches!(target, Target::Check) && w.changed {
                writeln!(listing, "{}", w.meta.path.display())
                    .context("cannot write the list of files")?;
            }
            if let Some(out) = clusters.as_mut() {
                let of = w.duplicate.as_ref().map(|d| d.relative.as_path());
                writeln!(out, "{}", report::cluster_line(&w.meta.relative, of))
                    .context("cannot write the clusters")?;
            }
            if let Some(out) = report.as_mut() {
                writeln!(out, "{}", w.report).context("cannot write the report")?;
            }
            if explain && !w.explain.is_empty() {
                io::stderr().write_all(w.explain.as_bytes())?;
            }
        }
        if let Some(bar) = &progress {
            bar.set_message(format!("pass 2 of 2, {} written", summary.articles));
        }
    }
    summary.interrupted = STOP.load(Ordering::SeqCst);
    if let (Some(path), false) = (&save_sketches, summary.interrupted) {
        let kept = (0..reader.len())
            .filter(|&id| plan.duplicates[id].is_none())
            .map(|id| {
                let record = reader.record(id)?;
                let meta = Meta::decode(&record.extra)?;
                let name = os_bytes(meta.relative.as_os_str());
                Ok(SavedArticle::of(
                    name,
                    plan.sites[id],
                    None,
                    &meta.cleaned_text()?,
                ))
            });
        saved::save(path, &plan.table, earlier.as_ref(), kept)
            .with_context(|| format!("cannot save the sketches to {}", path.display()))?;
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    for out in [report.as_mut(), clusters.as_mut()].into_iter().flatten() {
        out.flush().context("cannot write the report")?;
    }
    listing.flush().context("cannot write the list of files")?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The spool of a folder run seen as the articles' texts: each rebuilt from
/// its input file and the spans pass 1 kept.
struct FolderTexts<'a> {
    reader: &'a Reader,
}

impl FolderTexts<'_> {
    fn meta(&self, id: usize) -> io::Result<(Vec<super::text::Line>, Meta)> {
        let record = self.reader.record(id)?;
        Ok((record.lines, Meta::decode(&record.extra)?))
    }
}

impl super::Texts for FolderTexts<'_> {
    fn page(&self, id: usize) -> io::Result<(String, Vec<super::text::Line>)> {
        let (lines, meta) = self.meta(id)?;
        Ok((meta.cleaned_text()?, lines))
    }

    fn lines_and_title(&self, id: usize) -> io::Result<(Vec<super::text::Line>, String)> {
        let (lines, meta) = self.meta(id)?;
        Ok((lines, meta.title))
    }

    fn title(&self, id: usize) -> io::Result<String> {
        Ok(Meta::decode(&self.reader.extra(id)?)?.title)
    }
}

/// Pass 1's sequential part for one chunk: spool the articles, add their
/// sketches, report what was skipped or failed.
#[allow(clippy::too_many_arguments)]
fn spool_chunk(
    reads: Vec<Read>,
    summary: &mut Summary,
    spool: &mut Spool,
    collector: &mut Collector,
    names: &mut Names,
    report: &mut Option<Box<dyn Write + Send>>,
    site_depth: Option<usize>,
    quiet: bool,
) -> Result<()> {
    for outcome in reads {
        match outcome {
            Read::Article(article) => {
                let ReadArticle {
                    job,
                    cleaned,
                    meta,
                    sketched,
                    lines,
                } = *article;
                summary.files += 1;
                summary.bytes_in += meta.bytes_in;
                let key = Key {
                    earlier_run: false,
                    content_words: sketched.sketch.content_words,
                    words: sketched.sketch.words,
                    date: None,
                    order: 0, // path order, set once all are in
                };
                let site = site_name(&job.relative, site_depth);
                collector.push(super::site_key_bytes(&site), key, sketched);
                names.push(&job.relative);
                // The text is not spooled: it is rebuilt from the input and
                // the kept spans (half the disk traffic of spooling it).
                let _ = cleaned;
                spool
                    .push("", &lines, &meta.encode())
                    .context("cannot write the spool file")?;
            }
            Read::Skipped(job, reason) => {
                summary.files += 1;
                if !quiet {
                    eprintln!("newsdedup: skipped {}: {reason}", job.path.display());
                }
                if let Some(r) = report.as_mut() {
                    let line = batch::status_line(&job.path.to_string_lossy(), "skipped", &reason);
                    writeln!(r, "{line}").context("cannot write the report")?;
                }
                summary.skipped.push((job.path, reason));
            }
            Read::Failed(job, reason) => {
                summary.files += 1;
                summary.failed += 1;
                eprintln!("newsdedup: {}: {reason}", job.path.display());
                if let Some(r) = report.as_mut() {
                    let line = batch::status_line(&job.path.to_string_lossy(), "failed", &reason);
                    writeln!(r, "{line}").context("cannot write the report")?;
                }
            }
            Read::WalkFailed(reason) => {
                eprintln!("newsdedup: {reason}");
                summary.failed += 1;
            }
            Read::NotProcessed => {}
        }
    }
    Ok(())
}

/// Pass 1 for one file: read, decode, clean, sketch.
fn read(job: Job, config: &Config, want_report: bool, explain: bool) -> Read {
    if STOP.load(Ordering::SeqCst) {
        return Read::NotProcessed;
    }
    let bytes = match fs::read(&job.path) {
        Ok(bytes) => bytes,
        Err(e) => return Read::Failed(job, format!("cannot read: {e}")),
    };
    let text = match batch::decode(&bytes) {
        Ok(text) => text,
        Err(reason) => return Read::Skipped(job, reason),
    };
    let cleaned = clean(text, config);
    let path_text = job.path.to_string_lossy();
    let report = if want_report {
        Report::new(&cleaned, Some(&path_text)).to_json_line()
    } else {
        String::new()
    };
    let input_hash = super::files::input_hash(&bytes);
    let mut explained = Vec::new();
    if explain {
        let _ = crate::explain(&cleaned, &mut explained);
    }
    let meta = Meta {
        path: job.path.clone(),
        relative: job.relative.clone(),
        bytes_in: bytes.len() as u64,
        changed: cleaned.changed(),
        sentences_dropped: cleaned.sentences_dropped as u32,
        paragraphs_dropped: cleaned.paragraphs_dropped as u32,
        kept: cleaned.kept_spans().to_vec(),
        report,
        explain: String::from_utf8_lossy(&explained).into_owned(),
        title: String::new(),
        input_hash,
    };
    let out = cleaned.text();
    let (sketched, lines) = super::sketch(&out);
    let mut meta = meta;
    meta.title = lines
        .first()
        .map_or(String::new(), |l| l.span.text(&out).to_owned());
    Read::Article(Box::new(ReadArticle {
        job,
        cleaned: out,
        meta,
        sketched,
        lines,
    }))
}

/// What pass 2 needs, shared by the workers.
struct Pass2<'a> {
    plan: &'a Plan,
    reader: &'a Reader,
    earlier: Option<&'a EarlierFile>,
    target: &'a Target,
    guard_inputs: bool,
    explain: bool,
    want_report: bool,
    move_duplicates: Option<&'a Path>,
}

/// The article that contains a dropped one.
struct Container {
    path: PathBuf,
    relative: PathBuf,
    score: f64,
}

/// What pass 2 did with one article.
struct Written {
    meta: Meta,
    duplicate: Option<Container>,
    furniture: Vec<Furniture>,
    changed: bool,
    bytes_out: u64,
    failure: Option<String>,
    report: String,
    explain: String,
}

impl Pass2<'_> {
    fn write(&self, id: usize) -> Result<Written> {
        let record = self
            .reader
            .record(id)
            .context("cannot read the spool file")?;
        let meta = Meta::decode(&record.extra).context("the spool file is damaged")?;
        let text = match meta.cleaned_text() {
            Ok(text) => text,
            Err(e) => {
                let failure = Some(format!("cannot read it again: {e}"));
                return Ok(Written {
                    meta,
                    duplicate: None,
                    furniture: Vec::new(),
                    changed: false,
                    bytes_out: 0,
                    failure,
                    report: String::new(),
                    explain: String::new(),
                });
            }
        };
        let lines = record.lines;
        let duplicate = match self.plan.duplicates[id] {
            Some(d) if self.earlier.is_some_and(|e| e.is_earlier(d.of)) => {
                let name = self
                    .earlier
                    .map(|e| e.name(d.of))
                    .transpose()
                    .context("cannot read the sketches")?
                    .unwrap_or_default();
                let name = os_from_bytes(&name);
                Some(Container {
                    path: name.clone(),
                    relative: name,
                    score: d.score,
                })
            }
            Some(d) => {
                let other = self
                    .reader
                    .record(d.of)
                    .context("cannot read the spool file")?;
                let other = Meta::decode(&other.extra).context("the spool file is damaged")?;
                Some(Container {
                    path: other.path,
                    relative: other.relative,
                    score: d.score,
                })
            }
            None => None,
        };
        let drops = self.plan.furniture(id, &text, &lines);
        let indices: Vec<usize> = drops.iter().map(|&(i, _)| i).collect();
        let spans = furniture::kept_spans(&text, &lines, &indices);
        let furniture: Vec<Furniture> = drops
            .iter()
            .map(|&(i, Drop { pages })| Furniture {
                span: to_input(&meta.kept, lines[i].span),
                text: lines[i].span.text(&text).to_owned(),
                pages,
            })
            .collect();
        let output: String = spans.iter().map(|s| s.text(&text)).collect();
        let changed = duplicate.is_some() || meta.changed || !furniture.is_empty();
        let mut failure = None;
        let bytes_out = if duplicate.is_some() {
            0
        } else {
            output.len() as u64
        };
        match self.target {
            Target::OutDir(out) if duplicate.is_none() => {
                let dest = out.join(&meta.relative);
                let written = if self.guard_inputs && batch::is_same_file(&dest, &meta.path) {
                    Err(anyhow::anyhow!(
                        "refusing to overwrite the input with its output {}",
                        dest.display()
                    ))
                } else {
                    batch::write_new(&dest, |w| w.write_all(output.as_bytes()))
                        .with_context(|| format!("cannot write {}", dest.display()))
                };
                failure = written.err().map(|e| format!("{e:#}"));
            }
            Target::InPlace => {
                if meta.changed || !furniture.is_empty() {
                    failure =
                        batch::replace_atomically(&meta.path, |w| w.write_all(output.as_bytes()))
                            .context("cannot rewrite the file (it is unchanged)")
                            .err()
                            .map(|e| format!("{e:#}"));
                }
                if let (Some(dir), Some(_), None) = (self.move_duplicates, &duplicate, &failure) {
                    failure = move_aside(&meta.path, &dir.join(&meta.relative)).err();
                }
            }
            _ => {}
        }
        let report = if self.want_report {
            // The first article of its story, when that is another.
            let story = self.plan.stories[id];
            let story = if story == id || self.earlier.is_some_and(|e| e.is_earlier(story)) {
                None
            } else {
                let other = self
                    .reader
                    .record(story)
                    .context("cannot read the spool file")?;
                Some(
                    Meta::decode(&other.extra)
                        .context("the spool file is damaged")?
                        .path,
                )
            };
            report::article_line(
                &meta.report,
                duplicate.as_ref().map(|d| (d.path.as_path(), d.score)),
                story.as_deref(),
                &furniture,
            )
        } else {
            String::new()
        };
        let explain = if self.explain {
            report::explain(
                &meta.path,
                &meta.explain,
                duplicate.as_ref().map(|d| (d.path.as_path(), d.score)),
                &furniture,
            )
        } else {
            String::new()
        };
        Ok(Written {
            meta,
            duplicate,
            furniture,
            changed,
            bytes_out,
            failure,
            report,
            explain,
        })
    }
}

/// Moves a duplicate out of the input folder (`--move-duplicates`).
fn move_aside(from: &Path, to: &Path) -> Result<(), String> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    if to.exists() {
        return Err(format!("not moved: {} exists", to.display()));
    }
    fs::rename(from, to).map_err(|e| format!("cannot move it to {}: {e}", to.display()))
}
