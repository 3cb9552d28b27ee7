//! Where the results of a batch go besides the output files: the messages,
//! the JSON Lines report, the `--check` list and the summary, recorded in walk
//! order on one thread.
//!
//! A reader that goes away is handled as a Unix user expects: the `--check`
//! list stops the run (its answer, exit code 1, is known); a report on stdout
//! is dropped with one warning and the files are still all written; a closed
//! stderr drops messages ([`crate::diag`]).

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::Ordering;

use anyhow::{Context, Result};

use super::files::Identity;
use super::walk::Notice;
use super::{Event, READER_GONE, STOP, Status, Summary};
use crate::diag::say;
use crate::listing::Listing;
use newsdedup::paths::escape_path;

/// Creates the report file (or takes stdout), and says which file it is.
pub fn open_report(path: &Path) -> Result<(ReportSink, Option<Identity>)> {
    if path.as_os_str() == "-" {
        let out = Box::new(io::BufWriter::new(io::stdout()));
        return Ok((
            ReportSink {
                out,
                to_stdout: true,
            },
            None,
        ));
    }
    let file = File::create(path)
        .with_context(|| format!("cannot create the report {}", escape_path(path)))?;
    let identity = file.metadata().ok().map(|m| Identity::of(&m));
    let out = Box::new(io::BufWriter::new(file));
    Ok((
        ReportSink {
            out,
            to_stdout: false,
        },
        identity,
    ))
}

/// The JSON Lines report being written.
pub struct ReportSink {
    out: Box<dyn Write + Send>,
    /// On stdout: a reader that goes away is no error.
    to_stdout: bool,
}

/// Where the results of a run go besides the output files.
pub struct Sinks {
    pub quiet: bool,
    pub check: bool,
    pub listing: Listing,
    pub report: Option<ReportSink>,
}

impl Sinks {
    /// Adds one event to the summary, the messages, the report and the
    /// `--check` list.
    pub fn record(&mut self, event: Event, summary: &mut Summary) {
        let outcome = match event {
            Event::File(outcome) => outcome,
            Event::WalkError(message) => {
                summary.walk_errors += 1;
                say!("{message}");
                return;
            }
            Event::Notice(Notice::StaleTemporary(path)) => {
                summary.stale_temporaries += 1;
                if !self.quiet {
                    say!(
                        "{}: a temporary file of an interrupted newsdedup run (or of one \
                         still running); left as it is",
                        escape_path(&path)
                    );
                }
                return;
            }
            Event::Notice(Notice::Link(message)) => {
                summary.links_not_followed += 1;
                if let Some(message) = message.filter(|_| !self.quiet) {
                    say!("{message}");
                }
                return;
            }
        };
        let path = &outcome.path;
        match &outcome.status {
            Status::NotProcessed => return,
            Status::Cleaned => {
                summary.cleaned += 1;
                summary.sentences_dropped += outcome.sentences_dropped;
                summary.paragraphs_dropped += outcome.paragraphs_dropped;
                summary.bytes_in += outcome.bytes_in as u64;
                summary.bytes_out += outcome.bytes_out as u64;
            }
            Status::Unchanged => {
                summary.unchanged += 1;
                summary.bytes_in += outcome.bytes_in as u64;
                summary.bytes_out += outcome.bytes_in as u64;
            }
            Status::Skipped(reason) => {
                summary.skipped += 1;
                if !self.quiet {
                    say!("skipped {}: {reason}", escape_path(path));
                }
            }
            Status::Failed(reason) => {
                summary.failed += 1;
                say!("{}: {reason}", escape_path(path));
            }
        }
        if self.check
            && outcome.status == Status::Cleaned
            && !summary.listing_closed
            && let Err(e) = self.listing.write(path)
        {
            // The answer is known (exit code 1): no need to go on.
            STOP.store(READER_GONE, Ordering::SeqCst);
            summary.listing_closed = true;
            if e.kind() != io::ErrorKind::BrokenPipe {
                say!("cannot write the list of files: {e}");
                summary.report_failed = true;
            }
        }
        if let (Some(report), Some(line)) = (self.report.as_mut(), outcome.report) {
            let written = report
                .out
                .write_all(line.as_bytes())
                .and_then(|()| report.out.write_all(b"\n"));
            if let Err(e) = written {
                self.report_lost(e, summary);
            }
        }
    }

    /// The report cannot be written: say so once and go on without it. A
    /// reader of stdout that goes away is no error; anything else is.
    fn report_lost(&mut self, e: io::Error, summary: &mut Summary) {
        let to_stdout = self.report.take().is_some_and(|r| r.to_stdout);
        if to_stdout && e.kind() == io::ErrorKind::BrokenPipe {
            if !self.quiet {
                say!("the reader of the report went away; the run goes on without it");
            }
        } else {
            say!("cannot write the report ({e}); the run goes on without it");
            summary.report_failed = true;
        }
    }

    /// Flushes the report and the list.
    pub fn finish(&mut self, summary: &mut Summary) {
        if let Some(report) = self.report.as_mut()
            && let Err(e) = report.out.flush()
        {
            self.report_lost(e, summary);
        }
        if let Err(e) = self.listing.flush()
            && e.kind() != io::ErrorKind::BrokenPipe
        {
            say!("cannot write the list of files: {e}");
            summary.report_failed = true;
        }
    }
}
