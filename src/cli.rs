//! Command-line arguments (clap derive), turned once into a validated [`Config`].

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Parser;
use regex::Regex;

use newsdedup::{Config, Thresholds};

const EXAMPLES: &str = "\
Examples:
  newsdedup < scraped.txt > clean.txt        clean one article from stdin
  newsdedup article.txt                      clean a file, print it to stdout
  newsdedup --explain article.txt >/dev/null show what would be dropped, and why
  newsdedup --keep-boilerplate article.txt   remove repeats only
  newsdedup --drop-pattern '^Photo:' a.txt   also drop lines matching a regex

Exit codes:
  0  success
  2  error (bad arguments, unreadable or non-UTF-8 input, failed write)";

/// Remove repeated passages from scraped news articles.
///
/// Reads an article (stdin, or a file), finds sentences and paragraphs that repeat
/// earlier text (verbatim, lightly edited, truncated, or merged from two earlier
/// sentences), and writes the article without them. The output is a selection of
/// the input's own bytes; the first occurrence always stays, and a sentence with a
/// new number, name or negation is kept.
#[derive(Debug, Parser)]
#[command(name = "newsdedup", version, after_long_help = EXAMPLES)]
pub struct Args {
    /// Article to clean; none or `-` reads stdin
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Keep boilerplate: empty labels (`Date:`) and navigation lines at the edges
    #[arg(long)]
    pub keep_boilerplate: bool,

    /// Also drop every line matching REGEX (repeatable)
    #[arg(long = "drop-pattern", value_name = "REGEX")]
    pub drop_patterns: Vec<String>,

    /// Print one line per dropped passage on stderr: kind, score, text, witness
    #[arg(long)]
    pub explain: bool,

    /// Sentences with fewer words are dropped only as exact repeats inside a
    /// paragraph that goes whole
    #[arg(long, value_name = "N", default_value_t = Thresholds::default().min_words)]
    pub min_words: usize,

    /// Word-level similarity (0-1) to one earlier sentence that makes a near repeat
    #[arg(long, value_name = "SCORE", default_value_t = Thresholds::default().near)]
    pub near: f64,

    /// Share of a sentence's words (0-1) that earlier text must cover to drop it
    /// on its own
    #[arg(long, value_name = "SCORE", default_value_t = Thresholds::default().cover)]
    pub cover: f64,

    /// Share of a sentence's words (0-1) that earlier text must cover to drop it
    /// inside a run of repeats
    #[arg(long, value_name = "SCORE", default_value_t = Thresholds::default().run_cover)]
    pub run_cover: f64,
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
        })
    }
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
}
