//! Corpus mode over files and folders: the batch walk, twice.
//!
//! Pass 1 walks the inputs as batch mode does (same files, same order, the
//! same safety: each file opened in the folder the walk opened, never through
//! a link it did not mean to follow), cleans each article on the worker pool,
//! sketches it and appends its lines and metadata (the spans of the input that
//! make the cleaned text, a hash of the input, the file's identity) to the
//! [spool](super::spool); the cleaned text is rebuilt from the input when
//! needed, which halves the disk traffic (an input changed during the run is
//! an error). Then the plan is made. Pass 2 walks again and writes each kept
//! article without its furniture through batch mode's write path: under
//! `--out-dir` mirrored as batch mode mirrors (a temporary file renamed when
//! complete; a duplicate is not written), in place (only changed files are
//! rewritten, atomically; a duplicate stays, or is moved with
//! `--move-duplicates`), or nowhere (`--check` lists what would change).
//! Report, clusters and explanations come out in walk order.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rayon::prelude::*;

use newsdedup::paths::escape_path;
use newsdedup::write::{Report, StatusReport};
use newsdedup::{Config, clean};

use crate::batch::files::{Folder, Identity, Input, Problem, in_place_refusal};
use crate::batch::plan::{self as batch_plan, Plan as BatchPlan, RootKind};
use crate::batch::walk::{Extensions, Found, Notice, Walk, WalkOptions};
use crate::batch::{self, INTERRUPTED, Job, STOP, Source, Target, stopping};
use crate::diag::say;
use crate::listing::Listing;

use super::files::{Meta, Names, os_bytes, site_name};
use super::pass2::{Matched, Matcher, Pass2, Written};
use super::report;
use super::saved::{self, EarlierFile, SavedArticle};
use super::spool::{Reader, Spool};
use super::{Collector, Earlier, Key, Params, Sketched};

/// How to run corpus mode over files.
pub struct Options<'a> {
    pub config: &'a Config,
    pub params: Params,
    pub target: Target,
    /// Which files in folders are articles.
    pub extensions: Extensions,
    /// Walk hidden files and folders too.
    pub hidden: bool,
    /// Follow symbolic links inside folders.
    pub follow: bool,
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
    /// `--report`: where the JSON Lines report goes (`-`: stdout).
    pub report: Option<PathBuf>,
    /// `--clusters`: where the clusters go (`-`: stdout).
    pub clusters: Option<PathBuf>,
    pub listing: Listing,
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
    meta: Meta,
    sketched: Sketched,
    lines: Vec<super::text::Line>,
}

/// What a worker made of one walked item in pass 1.
enum Read {
    Article(Box<ReadArticle>),
    Skipped(PathBuf, String),
    Failed(PathBuf, String),
    /// A path that could not be walked, and why.
    WalkFailed(String),
    Notice(Notice),
    NotProcessed,
}

/// The walked files' names in the corpus: each file's path under its input
/// (the walk yields the inputs in order), with the input's own name in front
/// when there are several, as `--out-dir` mirrors them.
struct Naming<'a> {
    plan: &'a BatchPlan,
    root: usize,
}

impl Naming<'_> {
    fn name(&mut self, path: &Path) -> PathBuf {
        let roots = &self.plan.roots;
        while self.root < roots.len() {
            let root = &roots[self.root];
            if let Ok(rest) = path.strip_prefix(&root.path) {
                let single_folder =
                    matches!(roots.as_slice(), [r] if matches!(r.kind, RootKind::Folder));
                if single_folder {
                    return rest.to_path_buf();
                }
                let own = root.own_name().unwrap_or_default();
                return if rest.as_os_str().is_empty() {
                    PathBuf::from(own)
                } else {
                    Path::new(&own).join(rest)
                };
            }
            self.root += 1;
        }
        path.to_path_buf()
    }
}

/// Opens the report or clusters file (`-`: stdout), and says which file it is
/// (so the walk never reads it).
fn open_output(path: &Path, what: &str) -> Result<(Box<dyn Write + Send>, Option<Identity>)> {
    if path.as_os_str() == "-" {
        return Ok((Box::new(io::BufWriter::new(io::stdout())), None));
    }
    let file = fs::File::create(path)
        .with_context(|| format!("cannot create the {what} {}", escape_path(path)))?;
    let identity = file.metadata().ok().map(|m| Identity::of(&m));
    Ok((Box::new(io::BufWriter::new(file)), identity))
}

/// Runs corpus mode over `inputs`.
pub fn run(inputs: &[PathBuf], options: Options) -> Result<Summary> {
    let started = Instant::now();
    let Options {
        config,
        params,
        target,
        extensions,
        hidden,
        follow,
        jobs,
        quiet,
        explain,
        site_depth,
        spool_dir,
        move_duplicates,
        against,
        save_sketches,
        report,
        clusters,
        mut listing,
    } = options;
    let batch_plan = batch_plan::plan(inputs, &target, follow, report.as_deref())?;
    for (path, what) in [
        (clusters.as_deref(), "the clusters"),
        (save_sketches.as_deref(), "the sketches"),
    ] {
        if let Some(path) = path.filter(|p| p.as_os_str() != "-") {
            batch_plan::refuse_written_file(path, what, &batch_plan)?;
        }
    }
    if let Some(dir) = &move_duplicates {
        // Moved aside, never into (or around) an input folder.
        batch_plan::plan(inputs, &Target::OutDir(dir.clone()), follow, None)?;
    }
    // The output folder first: the report may go inside it.
    let out_root = match &target {
        Target::OutDir(out) => Some(
            Folder::create_root(out)
                .with_context(|| format!("cannot create {}", escape_path(out)))?,
        ),
        _ => None,
    };
    let (mut report, report_identity) = match &report {
        Some(path) => {
            let (out, identity) = open_output(path, "report")?;
            (Some(out), identity)
        }
        None => (None, None),
    };
    let mut clusters = match &clusters {
        Some(path) => Some(open_output(path, "clusters file")?.0),
        None => None,
    };
    let _ = ctrlc::set_handler(|| STOP.store(INTERRUPTED, Ordering::SeqCst));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("cannot start worker threads")?;
    let walk_options = || WalkOptions {
        extensions: extensions.clone(),
        hidden,
        follow,
        report: report_identity,
    };
    // Pass 1 makes no output folder: nothing is written before the plan.
    let mut walk = Walk::new(&batch_plan, &target, walk_options(), None);
    let progress = batch::progress_bar(quiet);
    let mut summary = Summary::default();
    let mut spool = Spool::new(spool_dir.as_deref()).context("cannot create the spool file")?;
    let mut collector = Collector::default();
    let mut names = Names::default();
    let want_report = report.is_some();
    let mut walk_errors: Vec<String> = Vec::new();
    // Files pass 1 skipped or could not read: pass 2 walks them again.
    let mut not_read: HashSet<PathBuf> = HashSet::new();

    // Pass 1: clean, sketch, spool. One thread walks and has the pool clean
    // a chunk at a time; this one spools each chunk while the next is cleaned.
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Read>>(2);
    let mut naming = Naming {
        plan: &batch_plan,
        root: 0,
    };
    let target_ref = &target;
    let mut walk_and_clean = |sender: std::sync::mpsc::SyncSender<Vec<Read>>| {
        let mut chunk: Vec<(Job, PathBuf)> = Vec::with_capacity(batch::CHUNK_FILES);
        while !stopping() {
            let mut reads = Vec::new();
            for found in walk.by_ref() {
                match found {
                    Found::File(job) => {
                        let relative = naming.name(&job.path);
                        chunk.push((job, relative));
                        if chunk.len() == batch::CHUNK_FILES {
                            break;
                        }
                    }
                    Found::Skipped { path, reason } => reads.push(Read::Skipped(path, reason)),
                    Found::Failed { path, reason } => reads.push(Read::Failed(path, reason)),
                    Found::Error(message) => reads.push(Read::WalkFailed(message)),
                    Found::Notice(notice) => reads.push(Read::Notice(notice)),
                }
            }
            if chunk.is_empty() && reads.is_empty() {
                break;
            }
            // Walk order: what the walk reported before the files of this
            // chunk is reported first (skips and failures come out in order
            // among themselves; articles are reported in pass 2).
            let cleaned: Vec<Read> = pool.install(|| {
                chunk
                    .par_drain(..)
                    .map(|(job, relative)| {
                        read(job, relative, target_ref, config, want_report, explain)
                    })
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
                &mut walk_errors,
                &mut not_read,
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
    if stopping() {
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
                .with_context(|| format!("cannot read the sketches {}", escape_path(path)))?,
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

    // Pass 2: walk again, now making the output folders, and write.
    let work = Pass2 {
        plan: &plan,
        reader: &reader,
        earlier: earlier.as_ref(),
        target: &target,
        explain,
        want_report,
        move_duplicates: move_duplicates.as_deref(),
    };
    let mut walk = Walk::new(&batch_plan, &target, walk_options(), out_root);
    let mut matcher = Matcher::new(&reader);
    let mut chunk: Vec<(usize, Option<Job>)> = Vec::with_capacity(batch::CHUNK_FILES);
    let mut walk_done = false;
    while !stopping() && (!walk_done || !chunk.is_empty()) {
        // Every article of the spool comes out once, in walk order: with its
        // file as walked again, or (gone since pass 1) without.
        while chunk.len() < batch::CHUNK_FILES && !walk_done {
            match walk.next() {
                Some(Found::File(job)) if not_read.contains(&job.path) => {} // said in pass 1
                Some(Found::File(job)) => match matcher.find(&job.path)? {
                    Matched::Articles { missed, id } => {
                        chunk.extend(missed.into_iter().map(|m| (m, None)));
                        chunk.push((id, Some(job)));
                    }
                    Matched::New => {
                        let reason = "appeared during the run; not read (run again to include it)";
                        if !quiet {
                            say!("skipped {}: {reason}", escape_path(&job.path));
                        }
                        summary.files += 1;
                        summary.skipped.push((job.path, reason.to_owned()));
                    }
                },
                // Made in pass 2 only: the output folders.
                Some(Found::Error(message)) if !walk_errors.contains(&message) => {
                    summary.failed += 1;
                    say!("{message}");
                }
                Some(_) => {} // said in pass 1
                None => {
                    walk_done = true;
                    chunk.extend(matcher.rest().into_iter().map(|m| (m, None)));
                }
            }
        }
        let written: Vec<Result<Written>> = pool.install(|| {
            chunk
                .par_drain(..)
                .map(|(id, job)| work.write(id, job.as_ref()))
                .collect()
        });
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
                say!("{}: {reason}", escape_path(&w.meta.path));
            }
            if matches!(target, Target::Check) && w.changed {
                listing
                    .write(&w.meta.path)
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
                let _ = io::stderr().write_all(w.explain.as_bytes());
            }
        }
        if let Some(bar) = &progress {
            bar.set_message(format!("pass 2 of 2, {} written", summary.articles));
        }
    }
    summary.interrupted = stopping();
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
            .with_context(|| format!("cannot save the sketches to {}", escape_path(path)))?;
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
    walk_errors: &mut Vec<String>,
    not_read: &mut HashSet<PathBuf>,
    site_depth: Option<usize>,
    quiet: bool,
) -> Result<()> {
    for outcome in reads {
        match outcome {
            Read::Article(article) => {
                let ReadArticle {
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
                let site = site_name(&meta.relative, site_depth);
                collector.push(super::site_key_bytes(&site), key, sketched);
                names.push(&meta.relative);
                // The text is not spooled: it is rebuilt from the input and
                // the kept spans (half the disk traffic of spooling it).
                spool
                    .push("", &lines, &meta.encode())
                    .context("cannot write the spool file")?;
            }
            Read::Skipped(path, reason) => {
                summary.files += 1;
                if !quiet {
                    say!("skipped {}: {reason}", escape_path(&path));
                }
                if let Some(r) = report.as_mut() {
                    let line = StatusReport::line(Some(&path), "skipped", &reason);
                    writeln!(r, "{line}").context("cannot write the report")?;
                }
                not_read.insert(path.clone());
                summary.skipped.push((path, reason));
            }
            Read::Failed(path, reason) => {
                summary.files += 1;
                summary.failed += 1;
                say!("{}: {reason}", escape_path(&path));
                if let Some(r) = report.as_mut() {
                    let line = StatusReport::line(Some(&path), "failed", &reason);
                    writeln!(r, "{line}").context("cannot write the report")?;
                }
                not_read.insert(path);
            }
            Read::WalkFailed(reason) => {
                say!("{reason}");
                summary.failed += 1;
                walk_errors.push(reason);
            }
            Read::Notice(Notice::StaleTemporary(path)) => {
                if !quiet {
                    say!(
                        "{}: a temporary file of an interrupted newsdedup run (or of one \
                         still running); left as it is",
                        escape_path(&path)
                    );
                }
            }
            Read::Notice(Notice::Link(message)) => {
                if let Some(message) = message.filter(|_| !quiet) {
                    say!("{message}");
                }
            }
            Read::NotProcessed => {}
        }
    }
    Ok(())
}

/// The folder a walked file is in (opened by the walk, or where a followed
/// link leads), and its name there.
pub(super) fn folder_of(job: &Job) -> Result<(FolderRef<'_>, &OsStr), Problem> {
    match &job.source {
        Source::InFolder { folder, name } => {
            let folder = folder
                .as_ref()
                .as_ref()
                .map_err(|e| Problem::Fail(e.clone()))?;
            Ok((FolderRef::Walked(folder), name))
        }
        Source::Path(path) => {
            let name = path
                .file_name()
                .ok_or_else(|| Problem::Fail("not a file name".into()))?;
            let folder = Folder::parent_of(path)
                .map_err(|e| Problem::Fail(format!("cannot open its folder: {e}")))?;
            Ok((FolderRef::Opened(folder), name))
        }
    }
}

/// A folder the walk holds, or one opened for a file.
pub(super) enum FolderRef<'a> {
    Walked(&'a Folder),
    Opened(Folder),
}

impl std::ops::Deref for FolderRef<'_> {
    type Target = Folder;
    fn deref(&self) -> &Folder {
        match self {
            FolderRef::Walked(f) => f,
            FolderRef::Opened(f) => f,
        }
    }
}

/// Opens a walked file as batch mode does: in its folder, the file the walk
/// saw, never through a link; under `--in-place`, only a file that may be
/// rewritten.
pub(super) fn open_job<'a>(
    job: &'a Job,
    target: &Target,
) -> Result<(FolderRef<'a>, &'a OsStr, Input), Problem> {
    let (folder, name) = folder_of(job)?;
    let input = folder.open_input(name, job.identity)?;
    if *target == Target::InPlace
        && let Some(reason) = in_place_refusal(input.meta())
    {
        return Err(Problem::Skip(reason));
    }
    Ok((folder, name, input))
}

/// Pass 1 for one file: read, decode, clean, sketch.
fn read(
    job: Job,
    relative: PathBuf,
    target: &Target,
    config: &Config,
    want_report: bool,
    explain: bool,
) -> Read {
    if stopping() {
        return Read::NotProcessed;
    }
    let problem = |job: Job, problem: Problem| match problem {
        Problem::Skip(reason) => Read::Skipped(job.path, reason),
        Problem::Fail(reason) => Read::Failed(job.path, reason),
    };
    let (_, _, mut input) = match open_job(&job, target) {
        Ok(opened) => opened,
        Err(p) => return problem(job, p),
    };
    let identity = Identity::of(input.meta());
    let bytes = match input.read_all() {
        Ok(bytes) => bytes,
        Err(e) => return Read::Failed(job.path, format!("cannot read: {e}")),
    };
    drop(input);
    let text = match batch::decode(&bytes) {
        Ok(text) => text,
        Err(reason) => return Read::Skipped(job.path, reason),
    };
    let cleaned = clean(text, config);
    let report = if want_report {
        Report::new(&cleaned, Some(&job.path)).to_json_line()
    } else {
        String::new()
    };
    let input_hash = super::files::input_hash(&bytes);
    let mut explained = Vec::new();
    if explain {
        let _ = crate::single::explain(&cleaned, &mut explained);
    }
    let source = match &job.source {
        Source::Path(path) => path.clone(),
        Source::InFolder { .. } => job.path.clone(),
    };
    let out = cleaned.text();
    let (sketched, lines) = super::sketch(&out);
    let meta = Meta {
        path: job.path,
        relative,
        source,
        identity,
        bytes_in: bytes.len() as u64,
        changed: cleaned.changed(),
        sentences_dropped: cleaned.sentences_dropped as u32,
        paragraphs_dropped: cleaned.paragraphs_dropped as u32,
        kept: cleaned.kept_spans().to_vec(),
        report,
        explain: String::from_utf8_lossy(&explained).into_owned(),
        title: lines
            .first()
            .map_or(String::new(), |l| l.span.text(&out).to_owned()),
        input_hash,
    };
    Read::Article(Box::new(ReadArticle {
        meta,
        sketched,
        lines,
    }))
}
