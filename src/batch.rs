//! Batch mode: clean every article under some folders, in parallel.
//!
//! Files are walked in sorted order and handed to the workers in chunks, so
//! memory stays bounded however large the folder, and the report comes out in
//! the same order whatever the number of threads. An in-place rewrite is atomic
//! (a temporary file in the same folder, then a rename), so each input is either
//! old or new; a file under `--out-dir` whose write fails is removed, and Ctrl-C
//! lets the file being written finish, so no output is half-written. A file that
//! cannot be read or written is reported and the run goes on.

use std::ffi::OsStr;
use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use walkdir::WalkDir;

use newsdedup::write::Report;
use newsdedup::{Config, clean};

/// Where cleaned articles go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Mirror the input paths under this folder.
    OutDir(PathBuf),
    /// Rewrite each input file.
    InPlace,
    /// Write nothing; list the articles that have duplicates.
    Check,
}

/// How to run a batch.
pub struct Options<'a> {
    pub config: &'a Config,
    pub target: Target,
    /// Only files with these extensions, inside folders (empty: all files).
    pub extensions: Vec<String>,
    pub follow_links: bool,
    pub jobs: usize,
    pub quiet: bool,
    /// Where the JSON Lines report goes, if anywhere.
    pub report: Option<Box<dyn Write + Send>>,
    /// Where `--check` lists the articles with duplicates.
    pub listing: Box<dyn Write + Send>,
}

/// Totals of a batch run.
#[derive(Debug, Default)]
pub struct Summary {
    pub files: usize,
    pub cleaned: usize,
    pub unchanged: usize,
    pub skipped: Vec<(PathBuf, String)>,
    pub failed: usize,
    pub symlinks: usize,
    pub sentences_dropped: usize,
    pub paragraphs_dropped: usize,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub elapsed: Duration,
    pub interrupted: bool,
}

impl Summary {
    /// The one-line summary printed at the end.
    pub fn line(&self) -> String {
        let mb = |b: u64| b as f64 / 1e6;
        let saved = self.bytes_in.saturating_sub(self.bytes_out);
        let mut line = format!(
            "{} files in {:.2} s: {} cleaned, {} unchanged, {} skipped, {} failed; \
             {} sentences and {} paragraphs dropped; {:.1} MB of {:.1} MB saved",
            self.files,
            self.elapsed.as_secs_f64(),
            self.cleaned,
            self.unchanged,
            self.skipped.len(),
            self.failed,
            self.sentences_dropped,
            self.paragraphs_dropped,
            mb(saved),
            mb(self.bytes_in),
        );
        if self.symlinks > 0 {
            line.push_str(&format!("; {} symbolic links not followed", self.symlinks));
        }
        if self.interrupted {
            line.push_str("; interrupted");
        }
        line
    }
}

/// One file to clean: where it is, and its path relative to its input root.
#[derive(Clone, Debug)]
pub(crate) struct Job {
    pub(crate) path: PathBuf,
    pub(crate) relative: PathBuf,
}

/// What became of one file.
#[derive(Debug)]
enum Status {
    Cleaned,
    Unchanged,
    Skipped(String),
    Failed(String),
    NotProcessed,
}

#[derive(Debug)]
struct Outcome {
    job: Job,
    status: Status,
    /// The cleaned article, for the writing thread to put under `--out-dir`.
    output: Option<Vec<u8>>,
    bytes_in: usize,
    bytes_out: usize,
    sentences_dropped: usize,
    paragraphs_dropped: usize,
    report: Option<String>,
}

/// Files are handed to the workers this many at a time.
pub(crate) const CHUNK: usize = 256;

/// Set by Ctrl-C: finish the files in hand, start no new ones.
pub(crate) static STOP: AtomicBool = AtomicBool::new(false);

/// What the cleaning thread hands to the writing thread.
enum Message {
    /// A chunk of cleaned files, in walk order.
    Outcomes(Vec<Outcome>),
    /// A path that could not be walked (or mapped), and why.
    Failed(String),
    /// The walk is over.
    Done { symlinks: usize },
}

/// Cleans every article under `inputs` (files and folders).
///
/// One thread walks the inputs and has the workers clean them a chunk at a
/// time; this thread writes the results (output files under `--out-dir`, the
/// report, the `--check` listing) while the next chunk is being cleaned, so the
/// disk and the cores work at once.
pub fn run(inputs: &[PathBuf], options: Options) -> Result<Summary> {
    let walk = walk(inputs, &options);
    let Options {
        config,
        target,
        jobs,
        quiet,
        report,
        listing,
        ..
    } = options;
    let mut sinks = Sinks {
        quiet,
        check: target == Target::Check,
        report,
        listing,
    };
    let mut guard_inputs = false;
    if let Target::OutDir(out) = &target {
        guard_inputs = refuse_output_inside_inputs(out, inputs)?;
        fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    }
    let _ = ctrlc::set_handler(|| STOP.store(true, Ordering::SeqCst));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("cannot start worker threads")?;
    let progress = progress_bar(quiet);
    let started = Instant::now();
    let mut summary = Summary::default();
    let work = Work {
        config,
        target: &target,
        report: sinks.report.is_some(),
        guard_inputs,
    };
    let mut walk = walk;
    let (sender, receiver) = mpsc::sync_channel::<Message>(2);
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(|| clean_all(&mut walk, inputs.len() > 1, &pool, &work, sender));
        for message in receiver {
            match message {
                Message::Outcomes(outcomes) => {
                    for outcome in outcomes {
                        let outcome = write_output(outcome, &work);
                        record(outcome, &mut summary, &mut sinks)?;
                    }
                }
                Message::Failed(reason) => {
                    eprintln!("newsdedup: {reason}");
                    summary.failed += 1;
                }
                Message::Done { symlinks } => summary.symlinks = symlinks,
            }
            if let Some(bar) = &progress {
                bar.set_position(summary.files as u64);
                bar.set_message(format!("{:.1} MB", summary.bytes_in as f64 / 1e6));
            }
        }
        Ok(())
    })?;
    summary.interrupted = STOP.load(Ordering::SeqCst);
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if let Some(report) = sinks.report.as_mut() {
        report.flush().context("cannot write the report")?;
    }
    sinks
        .listing
        .flush()
        .context("cannot write the list of files")?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The cleaning thread: walks the inputs, cleans them a chunk at a time on the
/// pool, and sends the results on.
fn clean_all(
    walk: &mut Walk,
    multiple_roots: bool,
    pool: &rayon::ThreadPool,
    work: &Work,
    sender: mpsc::SyncSender<Message>,
) {
    let mut seen_outputs = std::collections::HashSet::new();
    let mut chunk: Vec<Job> = Vec::with_capacity(CHUNK);
    while !STOP.load(Ordering::SeqCst) {
        chunk.clear();
        for item in walk.by_ref() {
            let message = match item {
                Ok(job) if multiple_roots && !seen_outputs.insert(job.relative.clone()) => {
                    Message::Failed(format!(
                        "{}: another input already maps to {}",
                        job.path.display(),
                        job.relative.display()
                    ))
                }
                Ok(job) => {
                    chunk.push(job);
                    if chunk.len() == CHUNK {
                        break;
                    }
                    continue;
                }
                Err(reason) => Message::Failed(reason),
            };
            if sender.send(message).is_err() {
                return;
            }
        }
        if chunk.is_empty() {
            break;
        }
        let outcomes = pool.install(|| chunk.par_iter().map(|job| process(job, work)).collect());
        if sender.send(Message::Outcomes(outcomes)).is_err() {
            return;
        }
    }
    let _ = sender.send(Message::Done {
        symlinks: walk.symlinks,
    });
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

/// Adds one outcome to the summary, the report and the `--check` listing.
/// Where the results of a run go besides the output files.
struct Sinks {
    quiet: bool,
    check: bool,
    report: Option<Box<dyn Write + Send>>,
    listing: Box<dyn Write + Send>,
}

fn record(outcome: Outcome, summary: &mut Summary, options: &mut Sinks) -> Result<()> {
    let path = &outcome.job.path;
    match &outcome.status {
        Status::NotProcessed => return Ok(()),
        Status::Cleaned => summary.cleaned += 1,
        Status::Unchanged => summary.unchanged += 1,
        Status::Skipped(reason) => {
            if !options.quiet {
                eprintln!("newsdedup: skipped {}: {reason}", path.display());
            }
            summary.skipped.push((path.clone(), reason.clone()));
        }
        Status::Failed(reason) => {
            report_failure(path, reason);
            summary.failed += 1;
        }
    }
    summary.files += 1;
    summary.bytes_in += outcome.bytes_in as u64;
    summary.bytes_out += outcome.bytes_out as u64;
    summary.sentences_dropped += outcome.sentences_dropped;
    summary.paragraphs_dropped += outcome.paragraphs_dropped;
    if options.check && matches!(outcome.status, Status::Cleaned) {
        writeln!(options.listing, "{}", path.display())
            .context("cannot write the list of files")?;
    }
    if let (Some(report), Some(line)) = (options.report.as_mut(), outcome.report) {
        writeln!(report, "{line}").context("cannot write the report")?;
    }
    Ok(())
}

fn report_failure(path: &Path, reason: &str) {
    eprintln!("newsdedup: {}: {reason}", path.display());
}

/// What a worker needs to know (shared between threads).
struct Work<'a> {
    config: &'a Config,
    target: &'a Target,
    report: bool,
    /// An input folder lies inside the output folder: check that no output
    /// lands on an input file.
    guard_inputs: bool,
}

/// Reads, cleans and writes one file.
fn process(job: &Job, options: &Work) -> Outcome {
    let mut outcome = Outcome {
        job: job.clone(),
        status: Status::NotProcessed,
        output: None,
        bytes_in: 0,
        bytes_out: 0,
        sentences_dropped: 0,
        paragraphs_dropped: 0,
        report: None,
    };
    if STOP.load(Ordering::SeqCst) {
        return outcome;
    }
    let path_text = job.path.to_string_lossy();
    let wants_report = options.report;
    let bytes = match fs::read(&job.path) {
        Ok(bytes) => bytes,
        Err(e) => {
            outcome.status = Status::Failed(format!("cannot read: {e}"));
            outcome.report =
                wants_report.then(|| status_line(&path_text, "failed", &e.to_string()));
            return outcome;
        }
    };
    outcome.bytes_in = bytes.len();
    let text = match decode(&bytes) {
        Ok(text) => text,
        Err(reason) => {
            outcome.report = wants_report.then(|| status_line(&path_text, "skipped", &reason));
            outcome.status = Status::Skipped(reason);
            outcome.bytes_out = bytes.len();
            return outcome;
        }
    };
    let cleaned = clean(text, options.config);
    outcome.bytes_out = cleaned.output_len();
    outcome.sentences_dropped = cleaned.sentences_dropped;
    outcome.paragraphs_dropped = cleaned.paragraphs_dropped;
    let written = match options.target {
        Target::Check | Target::OutDir(_) => Ok(()),
        Target::InPlace if !cleaned.changed() => Ok(()),
        Target::InPlace => replace_atomically(&job.path, |out| cleaned.write_to(out))
            .context("cannot rewrite the file (it is unchanged)"),
    };
    if matches!(options.target, Target::OutDir(_)) {
        outcome.output = Some(cleaned.text().into_bytes());
    }
    if let Err(e) = written {
        let reason = format!("{e:#}");
        outcome.report = wants_report.then(|| status_line(&path_text, "failed", &reason));
        outcome.status = Status::Failed(reason);
        return outcome;
    }
    outcome.status = if cleaned.changed() {
        Status::Cleaned
    } else {
        Status::Unchanged
    };
    outcome.report = wants_report.then(|| Report::new(&cleaned, Some(&path_text)).to_json_line());
    outcome
}

/// Writes a cleaned article under `--out-dir` (on the writing thread); a
/// failure turns the outcome into one.
fn write_output(mut outcome: Outcome, work: &Work) -> Outcome {
    let (Target::OutDir(out), Some(output)) = (work.target, outcome.output.take()) else {
        return outcome;
    };
    let dest = out.join(&outcome.job.relative);
    let written = if work.guard_inputs && is_same_file(&dest, &outcome.job.path) {
        Err(anyhow::anyhow!(
            "refusing to overwrite the input with its output {}",
            dest.display()
        ))
    } else {
        write_new(&dest, |w| w.write_all(&output))
            .with_context(|| format!("cannot write {}", dest.display()))
    };
    if let Err(e) = written {
        let reason = format!("{e:#}");
        if work.report {
            let path = outcome.job.path.to_string_lossy();
            outcome.report = Some(status_line(&path, "failed", &reason));
        }
        outcome.status = Status::Failed(reason);
    }
    outcome
}

/// The text of a file, or why it is not an article: binary (it holds a NUL
/// byte) or not UTF-8.
pub(crate) fn decode(bytes: &[u8]) -> Result<&str, String> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(format!("binary file (NUL byte at offset {offset})"));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        )
    })
}

/// A report line for a file that was skipped or failed.
pub(crate) fn status_line(path: &str, status: &str, reason: &str) -> String {
    serde_json::json!({ "path": path, "status": status, "reason": reason }).to_string()
}

/// Writes a file under the output folder. On any error the partial file is
/// removed, so the output folder never holds a half-written article.
///
/// A new file is created without `O_TRUNC`: on ext4, closing a file that was
/// truncated forces its data to disk at once (to protect rewrites), which made
/// writing a large folder several times slower than `cp -r`.
pub(crate) fn write_new(
    dest: &Path,
    write: impl FnOnce(&mut io::BufWriter<&fs::File>) -> io::Result<()>,
) -> io::Result<()> {
    let file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(dest)
    {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => fs::File::create(dest)?,
        other => other?,
    };
    let result = (|| {
        let mut out = io::BufWriter::new(&file);
        write(&mut out)?;
        out.flush()
    })();
    if result.is_err() {
        drop(file);
        let _ = fs::remove_file(dest);
    }
    result
}

/// Replaces `dest` through a temporary file in its folder and a rename, so
/// the file is either its old self or complete, with its permissions kept. The
/// data is synced to disk before the rename, so not even a power cut can leave
/// an input half-written.
pub(crate) fn replace_atomically(
    dest: &Path,
    write: impl FnOnce(&mut io::BufWriter<&fs::File>) -> io::Result<()>,
) -> Result<()> {
    let folder = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".newsdedup-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    {
        let mut out = io::BufWriter::new(temp.as_file());
        write(&mut out)?;
        out.flush()?;
    }
    let permissions = fs::metadata(dest)?.permissions();
    temp.as_file_mut().set_permissions(permissions)?;
    temp.as_file().sync_all()?;
    temp.persist(dest).map_err(|e| e.error)?;
    Ok(())
}

/// Refuses an output folder that is, or lies inside, one of the input folders,
/// or that would put an output file in place of an input file: without
/// `--in-place` the tool never writes where it reads. Returns whether an input
/// folder lies inside the output folder (then each output is checked against
/// its input).
pub(crate) fn refuse_output_inside_inputs(out: &Path, inputs: &[PathBuf]) -> Result<bool> {
    let out_abs = absolute_resolved(out)?;
    let mut input_inside_output = false;
    for input in inputs {
        let Ok(input_abs) = fs::canonicalize(input) else {
            continue; // reported when walked
        };
        input_inside_output |= input_abs.starts_with(&out_abs);
        if input_abs.is_dir() && out_abs.starts_with(&input_abs) {
            bail!(
                "refusing to write into {}: it is inside the input folder {} \
                 (choose another --out-dir, or use --in-place to rewrite the files)",
                out.display(),
                input.display()
            );
        }
        if input_abs.is_file()
            && input_abs
                .file_name()
                .is_some_and(|name| out_abs.join(name) == input_abs)
        {
            bail!(
                "refusing to write into {}: the output would replace the input file {}",
                out.display(),
                input.display()
            );
        }
    }
    Ok(input_inside_output)
}

/// Whether `dest` exists and is the file `source` (an input folder inside the
/// output folder can map a file onto another input).
pub(crate) fn is_same_file(dest: &Path, source: &Path) -> bool {
    let Ok(dest_meta) = fs::metadata(dest) else {
        return false; // the usual case: a new output file
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(source).is_ok_and(|m| m.dev() == dest_meta.dev() && m.ino() == dest_meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = dest_meta;
        matches!((fs::canonicalize(dest), fs::canonicalize(source)), (Ok(a), Ok(b)) if a == b)
    }
}

/// `path` made absolute with symbolic links resolved as far as it exists
/// (the output folder may not exist yet).
fn absolute_resolved(path: &Path) -> Result<PathBuf> {
    let absolute =
        std::path::absolute(path).with_context(|| format!("cannot resolve {}", path.display()))?;
    let mut existing = absolute.as_path();
    let mut rest: Vec<&OsStr> = Vec::new();
    loop {
        if let Ok(resolved) = fs::canonicalize(existing) {
            let mut out = resolved;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Ok(normalize_dots(&out));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return Ok(normalize_dots(&absolute)),
        }
    }
}

/// Removes `.` and resolves `..` lexically.
fn normalize_dots(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The files to clean, in order: each file argument, then each folder's
/// regular files (sorted, recursively).
pub(crate) struct Walk<'a> {
    inputs: std::slice::Iter<'a, PathBuf>,
    current: Option<(PathBuf, walkdir::IntoIter)>,
    extensions: Vec<String>,
    follow_links: bool,
    pub(crate) symlinks: usize,
    /// With `--out-dir`: where each walked folder is mirrored.
    mirror: Option<PathBuf>,
}

pub(crate) fn walk<'a>(inputs: &'a [PathBuf], options: &Options) -> Walk<'a> {
    Walk {
        inputs: inputs.iter(),
        current: None,
        extensions: options
            .extensions
            .iter()
            .map(|e| e.trim_start_matches('.').to_lowercase())
            .collect(),
        follow_links: options.follow_links,
        symlinks: 0,
        mirror: match &options.target {
            Target::OutDir(out) => Some(out.clone()),
            _ => None,
        },
    }
}

/// Whether `path` has one of `extensions` (or `extensions` is empty).
fn has_extension(path: &Path, extensions: &[String]) -> bool {
    extensions.is_empty()
        || path
            .extension()
            .and_then(OsStr::to_str)
            .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

impl Iterator for Walk<'_> {
    type Item = Result<Job, String>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((root, entries)) = self.current.as_mut() {
                match entries.next() {
                    Some(Ok(entry)) => {
                        let kind = entry.file_type();
                        if kind.is_symlink() {
                            self.symlinks += 1;
                            continue;
                        }
                        let relative = entry
                            .path()
                            .strip_prefix(root.as_path())
                            .map(Path::to_path_buf)
                            .unwrap_or_else(|_| PathBuf::from(entry.file_name()));
                        if kind.is_dir() {
                            // Mirror folders as they come, before their files.
                            if let Some(out) = &self.mirror
                                && let Err(e) = fs::create_dir_all(out.join(&relative))
                            {
                                let dest = out.join(&relative);
                                return Some(Err(format!("cannot create {}: {e}", dest.display())));
                            }
                            continue;
                        }
                        if !kind.is_file() || !has_extension(entry.path(), &self.extensions) {
                            continue;
                        }
                        return Some(Ok(Job {
                            path: entry.into_path(),
                            relative,
                        }));
                    }
                    Some(Err(e)) => {
                        let path = e.path().map_or_else(|| root.clone(), Path::to_path_buf);
                        let reason = e
                            .io_error()
                            .map_or_else(|| e.to_string(), |io| io.to_string());
                        return Some(Err(format!("{}: {reason}", path.display())));
                    }
                    None => self.current = None,
                }
                continue;
            }
            let input = self.inputs.next()?;
            match fs::metadata(input) {
                Ok(meta) if meta.is_dir() => {
                    let entries = WalkDir::new(input)
                        .follow_links(self.follow_links)
                        .sort_by_file_name()
                        .into_iter();
                    self.current = Some((input.clone(), entries));
                }
                Ok(_) => {
                    let name = input
                        .file_name()
                        .map_or_else(|| input.clone(), PathBuf::from);
                    return Some(Ok(Job {
                        path: input.clone(),
                        relative: name,
                    }));
                }
                Err(e) => return Some(Err(format!("{}: {e}", input.display()))),
            }
        }
    }
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
            guard_inputs: false,
        };
        let job = Job {
            path: dir.path().join("gone.txt"),
            relative: PathBuf::from("gone.txt"),
        };
        let outcome = process(&job, &work);
        assert!(matches!(&outcome.status, Status::Failed(r) if r.contains("cannot read")));
        assert!(outcome.report.unwrap().contains(r#""status":"failed""#));
    }

    #[test]
    fn normalize_dots_resolves_lexically() {
        assert_eq!(
            normalize_dots(Path::new("/a/./b/../c")),
            PathBuf::from("/a/c")
        );
    }

    #[test]
    fn summary_line_counts_everything() {
        let summary = Summary {
            files: 3,
            cleaned: 1,
            unchanged: 1,
            skipped: vec![(PathBuf::from("x.bin"), "binary file".into())],
            sentences_dropped: 4,
            paragraphs_dropped: 1,
            bytes_in: 2_000_000,
            bytes_out: 1_500_000,
            elapsed: Duration::from_millis(1500),
            ..Summary::default()
        };
        assert_eq!(
            summary.line(),
            "3 files in 1.50 s: 1 cleaned, 1 unchanged, 1 skipped, 0 failed; \
             4 sentences and 1 paragraphs dropped; 0.5 MB of 2.0 MB saved"
        );
    }
}
