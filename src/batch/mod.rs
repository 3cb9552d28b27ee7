//! Batch mode: clean every article under some folders, in parallel, without
//! ever destroying, exposing or half-writing a file.
//!
//! [`plan`] resolves the inputs and refuses unsafe runs before anything is
//! written; [`walk`] lists the files as fd would (sorted, hidden files and
//! links skipped); [`files`] opens, writes and replaces them without following
//! a link it did not mean to; [`record`] turns the results into messages, the
//! report and the `--check` list; [`summary`] adds up. One thread walks and
//! hands the files to the workers in chunks, which read, clean and write them;
//! this thread records the results in walk order, so the output is the same
//! whatever the number of threads, and memory is bounded by a chunk, not by
//! the folder.

pub(crate) mod files;
pub(crate) mod plan;
mod record;
mod summary;
pub(crate) mod walk;

use std::ffi::{OsStr, OsString};
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::listing::Listing;
use files::{Folder, Identity, Input, Problem, in_place_refusal};
use newsdedup::paths::escape_path;
use newsdedup::write::{Report, StatusReport};
use newsdedup::{Config, clean};
use record::{Sinks, open_report};
use walk::{Found, Notice, Walk, WalkOptions};

pub use summary::Summary;
pub use walk::Extensions;

/// Where cleaned articles go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Mirror the inputs under this folder.
    OutDir(PathBuf),
    /// Rewrite each input file.
    InPlace,
    /// Write nothing; list the articles that have repeats.
    Check,
}

/// How to run a batch.
pub struct Options<'a> {
    pub config: &'a Config,
    pub target: Target,
    /// Which files in folders are articles.
    pub extensions: Extensions,
    /// Walk hidden files and folders too.
    pub hidden: bool,
    /// Follow symbolic links inside folders.
    pub follow: bool,
    pub jobs: usize,
    pub quiet: bool,
    /// Where the JSON Lines report goes (`-`: stdout), if anywhere.
    pub report: Option<PathBuf>,
    /// Where `--check` lists the articles with repeats.
    pub listing: Listing,
}

/// One file to clean.
pub struct Job {
    /// As walked: how it is shown and reported.
    pub(crate) path: PathBuf,
    /// Where it is read (and, with `--in-place`, replaced).
    pub(crate) source: Source,
    /// The file the walk saw; the file opened must be this one.
    pub(crate) identity: Option<Identity>,
    pub(crate) size: u64,
    /// Under `--out-dir`: where its output goes.
    pub(crate) output: Option<Output>,
}

/// Where a file is read.
pub enum Source {
    /// The file `name` of a folder the walk opened on its way down (or why
    /// it could not).
    InFolder {
        folder: Arc<Result<Folder, String>>,
        name: OsString,
    },
    /// The file at this path, absolute with links resolved: a file named on
    /// the command line, or where a link `--follow` followed leads.
    Path(PathBuf),
}

/// Where one output file goes: a folder (or why it could not be made), and a name.
pub struct Output {
    pub(crate) folder: Arc<Result<Folder, String>>,
    pub(crate) name: OsString,
}

/// What became of one file.
#[derive(Debug, PartialEq, Eq)]
enum Status {
    Cleaned,
    Unchanged,
    Skipped(String),
    Failed(String),
    /// The run stopped before this file.
    NotProcessed,
}

/// One file's result.
#[derive(Debug)]
struct Outcome {
    path: PathBuf,
    status: Status,
    bytes_in: usize,
    bytes_out: usize,
    sentences_dropped: usize,
    paragraphs_dropped: usize,
    /// Its line of the JSON report, if one is written.
    report: Option<String>,
}

impl Outcome {
    fn new(path: PathBuf) -> Outcome {
        Outcome {
            path,
            status: Status::NotProcessed,
            bytes_in: 0,
            bytes_out: 0,
            sentences_dropped: 0,
            paragraphs_dropped: 0,
            report: None,
        }
    }

    /// A file that was skipped or failed, with its report line.
    fn decided(path: PathBuf, problem: Problem, report: bool) -> Outcome {
        let (status, word, reason) = match problem {
            Problem::Skip(reason) => (Status::Skipped(reason.clone()), "skipped", reason),
            Problem::Fail(reason) => (Status::Failed(reason.clone()), "failed", reason),
        };
        let report = report.then(|| StatusReport::line(Some(&path), word, &reason));
        Outcome {
            status,
            report,
            ..Outcome::new(path)
        }
    }
}

/// What the walking thread hands on, in walk order.
enum Event {
    File(Outcome),
    Notice(Notice),
    WalkError(String),
}

/// What the walking thread hands to the workers: a file to clean, or an
/// event to pass on as it is.
enum Item {
    Clean(Job),
    Done(Event),
}

/// Files are handed to the workers this many at a time, at most ...
pub(crate) const CHUNK_FILES: usize = 256;
/// ... and at most about this many bytes of them (a chunk's report lines are
/// held until written).
const CHUNK_BYTES: u64 = 64 << 20;

/// Why the run stops early: not at all, Ctrl-C or SIGTERM (or SIGHUP), or the
/// reader of the `--check` list went away.
pub(crate) static STOP: AtomicU8 = AtomicU8::new(RUNNING);
const RUNNING: u8 = 0;
pub(crate) const INTERRUPTED: u8 = 1;
const READER_GONE: u8 = 2;

pub(crate) fn stopping() -> bool {
    STOP.load(Ordering::SeqCst) != RUNNING
}

/// Cleans every article under `inputs` (files and folders).
pub fn run(inputs: &[PathBuf], options: Options) -> Result<Summary> {
    let Options {
        config,
        target,
        extensions,
        hidden,
        follow,
        jobs,
        quiet,
        report,
        listing,
    } = options;
    let plan = plan::plan(inputs, &target, follow, report.as_deref())?;
    // The output folder first: the report may go inside it.
    let out_root = match &target {
        Target::OutDir(out) => Some(
            Folder::create_root(out)
                .with_context(|| format!("cannot create {}", escape_path(out)))?,
        ),
        _ => None,
    };
    let (report, report_identity) = match report {
        Some(path) => {
            let (sink, identity) = open_report(&path)?;
            (Some(sink), identity)
        }
        None => (None, None),
    };
    let _ = ctrlc::set_handler(|| STOP.store(INTERRUPTED, Ordering::SeqCst));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("cannot start worker threads")?;
    let walk_options = WalkOptions {
        extensions,
        hidden,
        follow,
        report: report_identity,
    };
    let mut walk = Walk::new(&plan, &target, walk_options, out_root);
    let work = Work {
        config,
        target: &target,
        report: report.is_some(),
    };
    let mut sinks = Sinks {
        quiet,
        check: target == Target::Check,
        listing,
        report,
    };
    let mut summary = Summary {
        check: target == Target::Check,
        threads: jobs,
        ..Summary::default()
    };
    let progress = progress_bar(quiet);
    let started = Instant::now();
    let (sender, receiver) = mpsc::sync_channel::<Vec<Event>>(2);
    std::thread::scope(|scope| {
        scope.spawn(|| clean_all(&mut walk, &pool, &work, sender));
        for events in receiver {
            for event in events {
                sinks.record(event, &mut summary);
            }
            if let Some(bar) = &progress {
                bar.set_position(summary.files() as u64);
                bar.set_message(format!("{:.1} MB", summary.bytes_in as f64 / 1e6));
            }
        }
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    sinks.finish(&mut summary);
    let stop = STOP.load(Ordering::SeqCst);
    summary.interrupted = stop == INTERRUPTED;
    summary.listing_closed = stop == READER_GONE;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The walking thread: walks the inputs, has the workers clean them a chunk
/// at a time, and sends the results on in walk order. The next chunk is
/// walked while the workers clean the one before, so that neither waits for
/// the other.
fn clean_all(
    walk: &mut Walk,
    pool: &rayon::ThreadPool,
    work: &Work,
    sender: mpsc::SyncSender<Vec<Event>>,
) {
    std::thread::scope(|scope| {
        let mut cleaning: Option<std::thread::ScopedJoinHandle<Vec<Event>>> = None;
        loop {
            let chunk = if stopping() {
                Vec::new()
            } else {
                next_chunk(walk, work)
            };
            if let Some(handle) = cleaning.take() {
                // A worker that panicked (a bug) takes the run down as before.
                let events = handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                if sender.send(events).is_err() {
                    return;
                }
            }
            if chunk.is_empty() {
                return;
            }
            cleaning = Some(scope.spawn(move || {
                pool.install(|| {
                    chunk
                        .into_par_iter()
                        .map(|item| match item {
                            Item::Clean(job) => Event::File(process(&job, work)),
                            Item::Done(event) => event,
                        })
                        .collect()
                })
            }));
        }
    });
}

/// The next chunk of the walk: up to `CHUNK_FILES` files or `CHUNK_BYTES`
/// bytes to clean, with the skips, failures and notices met on the way.
fn next_chunk(walk: &mut Walk, work: &Work) -> Vec<Item> {
    let mut chunk: Vec<Item> = Vec::with_capacity(CHUNK_FILES);
    let (mut files, mut bytes) = (0, 0);
    for found in walk.by_ref() {
        let item = match found {
            Found::File(job) => {
                files += 1;
                bytes += job.size;
                Item::Clean(job)
            }
            Found::Skipped { path, reason } => Item::Done(Event::File(Outcome::decided(
                path,
                Problem::Skip(reason),
                work.report,
            ))),
            Found::Failed { path, reason } => Item::Done(Event::File(Outcome::decided(
                path,
                Problem::Fail(reason),
                work.report,
            ))),
            Found::Error(message) => Item::Done(Event::WalkError(message)),
            Found::Notice(notice) => Item::Done(Event::Notice(notice)),
        };
        chunk.push(item);
        if files == CHUNK_FILES || bytes >= CHUNK_BYTES || chunk.len() >= 4 * CHUNK_FILES {
            break;
        }
    }
    chunk
}

pub(crate) fn progress_bar(quiet: bool) -> Option<ProgressBar> {
    if quiet || !io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    let style = ProgressStyle::with_template("{spinner} {pos} files, {msg} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(120));
    Some(bar)
}

/// What a worker needs to know (shared between threads).
struct Work<'a> {
    config: &'a Config,
    target: &'a Target,
    report: bool,
}

/// Reads, cleans and writes one file.
fn process(job: &Job, work: &Work) -> Outcome {
    if stopping() {
        return Outcome::new(job.path.clone());
    }
    match process_file(job, work) {
        Ok(outcome) => outcome,
        Err(problem) => Outcome::decided(job.path.clone(), problem, work.report),
    }
}

fn process_file(job: &Job, work: &Work) -> Result<Outcome, Problem> {
    let fail = |what: &str, e: io::Error| Problem::Fail(format!("{what}: {e}"));
    // The file is opened in its folder, by handle, and under --in-place
    // replaced in that same folder.
    let parent;
    let (folder, name): (&Folder, &OsStr) = match &job.source {
        Source::InFolder { folder, name } => {
            let folder = folder
                .as_ref()
                .as_ref()
                .map_err(|e| Problem::Fail(e.clone()))?;
            (folder, name)
        }
        Source::Path(path) => {
            let name = path
                .file_name()
                .ok_or_else(|| Problem::Fail("not a file name".into()))?;
            parent = Folder::parent_of(path).map_err(|e| fail("cannot open its folder", e))?;
            (&parent, name)
        }
    };
    let mut input = folder.open_input(name, job.identity)?;
    if *work.target == Target::InPlace
        && let Some(reason) = in_place_refusal(input.meta())
    {
        return Err(Problem::Skip(reason));
    }
    let bytes = input.read_all().map_err(|e| fail("cannot read", e))?;
    let text = decode(&bytes).map_err(Problem::Skip)?;
    let cleaned = clean(text, work.config);
    match (work.target, &job.output) {
        (Target::OutDir(_), Some(output)) => {
            let folder = output
                .folder
                .as_ref()
                .as_ref()
                .map_err(|e| Problem::Fail(e.clone()))?;
            let mode = std::os::unix::fs::PermissionsExt::mode(&input.meta().permissions());
            folder
                .write_file(&output.name, mode, |w| cleaned.write_to(w))
                .map_err(|e| fail("cannot write its output", e))?;
        }
        (Target::InPlace, _) if cleaned.changed() => {
            folder.rewrite(name, &input, |w| cleaned.write_to(w))?;
        }
        _ => {}
    }
    let status = if cleaned.changed() {
        Status::Cleaned
    } else {
        Status::Unchanged
    };
    Ok(Outcome {
        path: job.path.clone(),
        status,
        bytes_in: bytes.len(),
        bytes_out: cleaned.output_len(),
        sentences_dropped: cleaned.sentences_dropped,
        paragraphs_dropped: cleaned.paragraphs_dropped,
        report: work
            .report
            .then(|| Report::new(&cleaned, Some(&job.path)).to_json_line()),
    })
}

/// The bytes of the article file named on the command line (one article, to
/// stdout). A link is followed, since the user named it; anything but a
/// regular file is refused without being opened for long (a FIFO would block,
/// a device never end).
pub fn read_named_file(path: &Path) -> Result<Vec<u8>, String> {
    let mut input = Input::open_named(path).map_err(|problem| match problem {
        Problem::Skip(reason) => {
            format!("{reason} (to clean a pipe or a device, give it on stdin: newsdedup < PATH)")
        }
        Problem::Fail(reason) => reason,
    })?;
    input.read_all().map_err(|e| format!("cannot read: {e}"))
}

/// The text of a file, or why it is not an article: binary (it holds a NUL
/// byte) or not UTF-8. Single-article mode refuses the same files.
pub fn decode(bytes: &[u8]) -> Result<&str, String> {
    if let Some(offset) = memchr::memchr(0, bytes) {
        return Err(format!("binary file (NUL byte at offset {offset})"));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_names_binary_and_invalid_bytes() {
        assert_eq!(decode(b"plain text"), Ok("plain text"));
        assert!(decode(b"ab\0cd").unwrap_err().contains("offset 2"));
        assert!(decode(b"ab\xffcd").unwrap_err().contains("offset 2"));
    }

    #[test]
    fn a_vanished_input_is_a_failure_in_the_report() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::default();
        let work = Work {
            config: &config,
            target: &Target::Check,
            report: true,
        };
        let job = Job {
            path: dir.path().join("gone.txt"),
            source: Source::Path(dir.path().join("gone.txt")),
            identity: None,
            size: 0,
            output: None,
        };
        let outcome = process(&job, &work);
        assert!(matches!(&outcome.status, Status::Failed(r) if r.contains("cannot open")));
        assert!(outcome.report.unwrap().contains(r#""status":"failed""#));
    }
}
