//! Command-line arguments (clap derive), turned once into a validated [`Config`].

use std::num::NonZeroUsize;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Parser, ValueEnum};
use regex::Regex;

use newsdedup::{Config, Thresholds};

use crate::corpus;

const EXAMPLES: &str = "\
Examples:
  newsdedup < scraped.txt > clean.txt         clean one article from stdin
  newsdedup article.txt                       clean a file, print it to stdout
  newsdedup --explain article.txt >/dev/null  show what would be dropped, and why
  newsdedup --keep-boilerplate article.txt    remove repeats only
  newsdedup --drop-pattern '^Photo:' a.txt    also drop lines matching a regex
  newsdedup scraped/ --out-dir clean/         clean a folder, mirrored under clean/
  newsdedup scraped/ --in-place --ext txt     rewrite the .txt files in place
  newsdedup scraped/ --check                  list the articles that have repeats
  newsdedup scraped/ --check -0 | xargs -0 ls -l
  newsdedup scraped/ --out-dir clean/ --report report.jsonl
  newsdedup --jsonl --text-field body in.jsonl > out.jsonl
  newsdedup crawl/ --across --out-dir clean/  also drop duplicate articles and site furniture
  newsdedup crawl/ --across --check --report report.jsonl
  newsdedup crawl/ --across --out-dir clean/ --site-depth 1 --clusters clusters.jsonl
  newsdedup --jsonl --across --id-field id --date-field published in.jsonl > out.jsonl

In folders, only article files are cleaned: .txt, .text, .md and files without
an extension (--ext changes the list); hidden files and folders are skipped
(--hidden walks them), and so are symbolic links (--follow follows them). Every
output is written to a temporary file and renamed when complete.

Exit codes:
  0    success (also when the reader of stdout goes away early)
  1    --check found articles with repeats (even if the list's reader went away);
       with --across, anything to drop
  2    error: bad arguments, an unreadable, binary or non-UTF-8 input, a failed
       write, or (batch) any file that could not be read or written
  130  interrupted (Ctrl-C, SIGTERM or SIGHUP); files already written are
       complete";

/// Remove repeated passages from scraped news articles.
///
/// Reads an article (stdin, or a file), finds sentences and paragraphs that repeat
/// other text of it (verbatim, lightly edited, truncated, merged, hard-wrapped, or
/// shown as a teaser, key point or pull quote), and writes the article without
/// them. The output is a selection of the input's own bytes. The title stays; of
/// two copies, the one with context stays (a standfirst goes, the body sentence
/// stays), else the first. A sentence with a new number, name, word or negation
/// is kept, and so is a record of a list that repeats another entry's line.
/// Given folders, cleans every article in them, in parallel.
#[derive(Debug, Parser)]
#[command(name = "newsdedup", version, after_long_help = EXAMPLES)]
pub struct Args {
    /// Articles or folders to clean (with --jsonl: JSON Lines files); none or
    /// `-` reads stdin
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Keep boilerplate: empty labels (`Date:`) and navigation lines at the edges
    #[arg(long)]
    pub keep_boilerplate: bool,

    /// Keep the first copy of every repeat, even a teaser or key-points item
    /// above the body sentence that says it (default: the copy with context
    /// stays, display copy goes)
    #[arg(long)]
    pub keep_first: bool,

    /// Also drop every line matching REGEX (repeatable)
    #[arg(long = "drop-pattern", value_name = "REGEX")]
    pub drop_patterns: Vec<String>,

    /// Print one line per dropped passage on stderr: kind, score, text, witness
    #[arg(long)]
    pub explain: bool,

    /// For one article: print the cleaned text, or a JSON report of the decisions
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Write cleaned articles under DIR, at the same relative paths (batch mode)
    ///
    /// One input folder maps onto DIR; several inputs (or a file) go under
    /// their own names, as `cp -r` puts them. DIR may not hold an input nor lie
    /// inside one. Each output keeps its input's permission bits, and is
    /// written to a temporary file renamed when complete: a link standing at
    /// the destination is replaced, never written through.
    #[arg(help_heading = "Batch", long, value_name = "DIR", conflicts_with_all = ["in_place", "check"])]
    pub out_dir: Option<PathBuf>,

    /// Rewrite each file in place, atomically (batch mode)
    ///
    /// A rewritten file keeps its owner, group, permission bits (never setuid
    /// or setgid) and times. Left as they are, with a warning: read-only files,
    /// files with other hard links, links (unless --follow), and files that
    /// change while they are cleaned.
    #[arg(help_heading = "Batch", long, conflicts_with = "check")]
    pub in_place: bool,

    /// Write nothing; exit 1 if any article has repeats, listing them on stdout
    #[arg(help_heading = "Batch", long)]
    pub check: bool,

    /// With --check: end each listed path with a NUL byte, not a line break
    #[arg(help_heading = "Batch", short = '0', long, requires = "check")]
    pub null: bool,

    /// In folders, clean only files with these extensions [default: txt, text,
    /// md, and none]
    ///
    /// Comma-separated, spaces and dots ignored, any case: `--ext "txt, md"`.
    /// An empty item means files without an extension; `*` means every file.
    #[arg(
        help_heading = "Batch",
        long,
        value_name = "EXT",
        value_delimiter = ','
    )]
    pub ext: Vec<String>,

    /// Also walk hidden files and folders (names starting with `.`)
    #[arg(help_heading = "Batch", long)]
    pub hidden: bool,

    /// Follow symbolic links inside folders
    ///
    /// With --in-place, a linked file is rewritten (the link stays) only if it
    /// lies inside the input folders; without --follow, links are skipped.
    #[arg(help_heading = "Batch", long)]
    pub follow: bool,

    /// Worker threads [default: all cores; at most one per core]
    #[arg(help_heading = "Batch", short, long, value_name = "N")]
    pub jobs: Option<NonZeroUsize>,

    /// No progress bar, summary or warnings for skipped files (errors still show)
    #[arg(help_heading = "Batch", short, long)]
    pub quiet: bool,

    /// Write a JSON Lines report, one object per article, to FILE (`-`: stdout,
    /// in batch mode)
    #[arg(help_heading = "Batch", long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Read JSON Lines records (the PATHs, or stdin), clean one field, write
    /// them to stdout
    #[arg(help_heading = "Pipelines", long, conflicts_with_all = ["out_dir", "in_place", "check", "report", "explain"])]
    pub jsonl: bool,

    /// With --jsonl: the field that holds the article text
    #[arg(
        help_heading = "Pipelines",
        long,
        value_name = "NAME",
        default_value = "text",
        requires = "jsonl"
    )]
    pub text_field: String,

    /// Corpus mode: also drop duplicate articles and site furniture across
    /// all the inputs (folders, or --jsonl)
    ///
    /// An article that a kept article already contains (a copy, a rescrape, an
    /// AMP page, a shorter syndicated copy) is not written; lines that recur on
    /// many pages of a site (menus, footers, lists of other stories) are
    /// dropped. Updates with a changed fact, different stories on one topic,
    /// stock sentences and a page's own headline stay. See the README.
    #[arg(help_heading = "Corpus", long)]
    pub across: bool,

    /// With --across: write one JSON line per article, {"path", "duplicate_of"}, to FILE
    #[arg(
        help_heading = "Corpus",
        long,
        value_name = "FILE",
        requires = "across"
    )]
    pub clusters: Option<PathBuf>,

    /// With --across: a page's site is the first N folders of its path [default: its folder]
    #[arg(help_heading = "Corpus", long, value_name = "N", requires = "across")]
    pub site_depth: Option<usize>,

    /// With --across: a line is site furniture only on at least N stories of a site
    #[arg(help_heading = "Corpus", long, value_name = "N", default_value_t = corpus::MIN_PAGES,
          value_parser = clap::value_parser!(u32).range(2..))]
    pub furniture_pages: u32,

    /// With --across --jsonl: the field that names a record [default: its line number]
    #[arg(
        help_heading = "Corpus",
        long,
        value_name = "NAME",
        requires = "across"
    )]
    pub id_field: Option<String>,

    /// With --across --jsonl: the field with the page's URL, whose host is its site
    #[arg(
        help_heading = "Corpus",
        long,
        value_name = "NAME",
        default_value = "url"
    )]
    pub url_field: String,

    /// With --across --jsonl: between equally full copies, the earliest date here stays
    #[arg(
        help_heading = "Corpus",
        long,
        value_name = "NAME",
        requires = "across"
    )]
    pub date_field: Option<String>,

    /// With --across --in-place: move duplicate articles under DIR (default: leave them)
    #[arg(
        help_heading = "Corpus",
        long,
        value_name = "DIR",
        requires = "in_place"
    )]
    pub move_duplicates: Option<PathBuf>,

    /// With --across: save the corpus's sketches to FILE, for a later --against
    #[arg(
        help_heading = "Corpus",
        long,
        value_name = "FILE",
        requires = "across"
    )]
    pub save_sketches: Option<PathBuf>,

    /// With --across: also drop articles that a run saved in FILE already has
    #[arg(
        help_heading = "Corpus",
        long,
        value_name = "FILE",
        requires = "across"
    )]
    pub against: Option<PathBuf>,

    /// With --across: keep the cleaned articles between passes in DIR [default: $TMPDIR]
    #[arg(help_heading = "Corpus", long, value_name = "DIR", requires = "across")]
    pub spool_dir: Option<PathBuf>,

    /// Run one step of corpus mode on JSON Lines, for an engine (scripts/spark_corpus.py)
    #[arg(
        help_heading = "Corpus",
        long,
        value_enum,
        value_name = "STEP",
        hide_short_help = true
    )]
    pub across_stage: Option<Stage>,

    /// With --across-stage: the JSON file of per-site counts (from the engine)
    #[arg(
        help_heading = "Corpus",
        long,
        value_name = "FILE",
        hide_short_help = true,
        requires = "across_stage"
    )]
    pub counts: Option<PathBuf>,

    /// Sentences with fewer words are dropped only as exact repeats inside a
    /// paragraph that goes whole
    #[arg(help_heading = "Thresholds", long, value_name = "N", default_value_t = Thresholds::default().min_words)]
    pub min_words: usize,

    /// Word-level similarity (0-1) to one earlier sentence that makes a near repeat
    #[arg(help_heading = "Thresholds", long, value_name = "SCORE", default_value_t = Thresholds::default().near)]
    pub near: f64,

    /// Share of a sentence's words (0-1) that earlier text must cover to drop it
    /// on its own
    #[arg(help_heading = "Thresholds", long, value_name = "SCORE", default_value_t = Thresholds::default().cover)]
    pub cover: f64,

    /// Share of a sentence's words (0-1) that earlier text must cover to drop it
    /// inside a run of repeats
    #[arg(help_heading = "Thresholds", long, value_name = "SCORE", default_value_t = Thresholds::default().run_cover)]
    pub run_cover: f64,
}

/// One step of corpus mode, run inside an engine on JSON Lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Stage {
    /// Records in, one sketch per record out
    Sketch,
    /// Pairs of records in, one verdict per pair out
    Verify,
    /// Groups of candidate pairs in, decisions out (--counts)
    Decide,
    /// Records with their decisions in, cleaned records out (--counts)
    Apply,
}

/// Output format for a single article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The cleaned article
    Text,
    /// One JSON object: sizes, and every decision with its byte spans
    Json,
}

impl Args {
    /// The cleaning configuration these arguments ask for.
    pub fn config(&self) -> Result<Config> {
        for (name, value) in [
            ("--near", self.near),
            ("--cover", self.cover),
            ("--run-cover", self.run_cover),
        ] {
            if !(0.0..=1.0).contains(&value) {
                bail!("{name} must be between 0 and 1, got {value}");
            }
        }
        let drop_patterns = self
            .drop_patterns
            .iter()
            .map(|p| Regex::new(p).with_context(|| format!("invalid --drop-pattern {p:?}")))
            .collect::<Result<Vec<_>>>()?;
        Ok(Config {
            thresholds: Thresholds {
                min_words: self.min_words,
                near: self.near,
                cover: self.cover,
                run_cover: self.run_cover,
                ..Thresholds::default()
            },
            boilerplate: !self.keep_boilerplate,
            drop_patterns,
            keep_first: self.keep_first,
        })
    }

    /// Worker threads: `--jobs`, at most one per core (more threads only add
    /// memory: the work is CPU-bound), or every core.
    pub fn jobs(&self) -> usize {
        let cores = cores();
        self.jobs.map_or(cores, |n| n.get().min(cores))
    }
}

/// The cores this process may use.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn rejects_out_of_range_thresholds_and_bad_patterns() {
        let args = Args::parse_from(["newsdedup", "--cover", "1.5"]);
        assert!(args.config().is_err());
        let args = Args::parse_from(["newsdedup", "--drop-pattern", "("]);
        assert!(args.config().is_err());
        let args = Args::parse_from(["newsdedup", "--drop-pattern", "^Photo:"]);
        assert_eq!(args.config().unwrap().drop_patterns.len(), 1);
    }

    #[test]
    fn batch_flags_exclude_each_other() {
        assert!(Args::try_parse_from(["newsdedup", "d", "--out-dir", "o", "--in-place"]).is_err());
        assert!(Args::try_parse_from(["newsdedup", "d", "--in-place", "--check"]).is_err());
        assert!(Args::try_parse_from(["newsdedup", "--jsonl", "--check"]).is_err());
        assert!(Args::try_parse_from(["newsdedup", "--text-field", "body"]).is_err());
        assert!(Args::try_parse_from(["newsdedup", "d", "-0"]).is_err());
        let args = Args::parse_from(["newsdedup", "d", "--ext", "txt, md", "-j", "1"]);
        assert_eq!(args.ext, ["txt", " md"]);
        assert_eq!(args.jobs(), 1);
        let args = Args::parse_from(["newsdedup", "d", "-j", "100000"]);
        assert_eq!(args.jobs(), cores());
    }
}
