//! The totals of a batch run, and the line that sums it up.
//!
//! The numbers add up: every file the run met is cleaned, unchanged, skipped
//! or failed. "Cleaned" means written (under `--check`, "would clean"), and
//! the passages and bytes saved count only the files cleaned.

use std::time::Duration;

/// Totals of a batch run.
#[derive(Debug, Default)]
pub struct Summary {
    /// `--check`: nothing is written, the line says "would".
    pub check: bool,
    pub threads: usize,
    pub cleaned: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub failed: usize,
    /// Folders that could not be walked, or mirrored under `--out-dir`.
    pub walk_errors: usize,
    pub links_not_followed: usize,
    pub stale_temporaries: usize,
    pub sentences_dropped: usize,
    pub paragraphs_dropped: usize,
    /// Bytes of the files cleaned or unchanged, and of their outputs.
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub elapsed: Duration,
    /// Stopped by Ctrl-C or SIGTERM.
    pub interrupted: bool,
    /// Stopped because the reader of the `--check` list went away.
    pub listing_closed: bool,
    /// The report could not be written (the run went on without it).
    pub report_failed: bool,
}

impl Summary {
    /// Every file the run met.
    pub fn files(&self) -> usize {
        self.cleaned + self.unchanged + self.skipped + self.failed
    }

    /// The line printed at the end.
    pub fn line(&self) -> String {
        let cleaned = if self.check { "would clean" } else { "cleaned" };
        let dropped = if self.check {
            "would be dropped"
        } else {
            "dropped"
        };
        let saved = if self.check {
            "would be saved"
        } else {
            "saved"
        };
        let mut line = format!(
            "{} in {:.2} s on {}: {} {cleaned}, {} unchanged, {} skipped, {} failed; \
             {} and {} {dropped}; {} of {} {saved}",
            count(self.files(), "file", "files"),
            self.elapsed.as_secs_f64(),
            count(self.threads, "thread", "threads"),
            self.cleaned,
            self.unchanged,
            self.skipped,
            self.failed,
            count(self.sentences_dropped, "sentence", "sentences"),
            count(self.paragraphs_dropped, "paragraph", "paragraphs"),
            bytes(self.bytes_in.saturating_sub(self.bytes_out)),
            bytes(self.bytes_in),
        );
        if self.walk_errors > 0 {
            let errors = count(self.walk_errors, "folder", "folders");
            line.push_str(&format!("; {errors} could not be read or created"));
        }
        if self.links_not_followed > 0 {
            let links = count(self.links_not_followed, "symbolic link", "symbolic links");
            line.push_str(&format!("; {links} not followed"));
        }
        if self.stale_temporaries > 0 {
            let files = count(self.stale_temporaries, "temporary file", "temporary files");
            line.push_str(&format!(
                "; {files} of an interrupted run left as they are (.newsdedup-*.tmp: \
                 remove them when no other newsdedup runs)"
            ));
        }
        if self.interrupted {
            line.push_str("; interrupted");
        }
        if self.listing_closed {
            line.push_str("; stopped: the list's reader went away");
        }
        line
    }
}

/// `1 file`, `2 files`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A size for people: `812 B`, `4.1 kB`, `28.3 MB`, `1.2 GB`.
fn bytes(n: u64) -> String {
    let n = n as f64;
    match n {
        n if n < 1e3 => format!("{n} B"),
        n if n < 1e6 => format!("{:.1} kB", n / 1e3),
        n if n < 1e9 => format!("{:.1} MB", n / 1e6),
        n => format!("{:.1} GB", n / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_adds_up_and_speaks_english() {
        let summary = Summary {
            threads: 1,
            cleaned: 1,
            unchanged: 1,
            skipped: 1,
            sentences_dropped: 4,
            paragraphs_dropped: 1,
            bytes_in: 2_000_000,
            bytes_out: 1_500_000,
            elapsed: Duration::from_millis(1500),
            ..Summary::default()
        };
        assert_eq!(
            summary.line(),
            "3 files in 1.50 s on 1 thread: 1 cleaned, 1 unchanged, 1 skipped, 0 failed; \
             4 sentences and 1 paragraph dropped; 500.0 kB of 2.0 MB saved"
        );
        let check = Summary {
            check: true,
            threads: 2,
            cleaned: 1,
            sentences_dropped: 1,
            paragraphs_dropped: 0,
            bytes_in: 120,
            bytes_out: 80,
            links_not_followed: 1,
            ..Summary::default()
        };
        assert_eq!(
            check.line(),
            "1 file in 0.00 s on 2 threads: 1 would clean, 0 unchanged, 0 skipped, 0 failed; \
             1 sentence and 0 paragraphs would be dropped; 40 B of 120 B would be saved; \
             1 symbolic link not followed"
        );
    }
}
