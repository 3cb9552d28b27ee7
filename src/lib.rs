//! newsdedup removes repeated passages from scraped news articles.
//!
//! Scrapers hand over articles that contain their own text twice: the whole body
//! again, a paragraph again, or a recap that restates earlier sentences verbatim,
//! lightly edited, truncated or merged. [`clean`] finds those passages and returns
//! the article without them, as a selection of the input's own bytes: nothing is
//! rewritten, the first occurrence always stays, and a sentence that carries a new
//! number, name or negation is never dropped.
//!
//! ```
//! let article = "Rates rise\n\nThe bank raised rates to 5%. Markets fell.\n\n\
//!                The bank raised rates to 5%.\n";
//! let cleaned = newsdedup::clean(article, &newsdedup::Config::default());
//! assert_eq!(cleaned.text(), "Rates rise\n\nThe bank raised rates to 5%. Markets fell.\n");
//! assert_eq!(cleaned.decisions[0].kind, newsdedup::Kind::Exact);
//! ```
//!
//! The pipeline is `parse` (paragraphs and sentences as byte spans) →
//! `normalize` (words and facts) → `similarity` (index, scoring, fact guard) →
//! `write` (kept spans), with `boilerplate` as a separate, optional pass.

mod align;
pub mod boilerplate;
mod decide;
mod display;
mod guard;
mod lexicon;
pub mod normalize;
pub mod parse;
pub mod segment;
pub mod similarity;
pub mod types;
pub mod write;

use std::io;

use regex::Regex;

pub use crate::similarity::Thresholds;
pub use crate::types::{Decision, KeepReason, Kind, Note, Span};

use crate::boilerplate::Rule;
use crate::normalize::Words;
use crate::parse::Document;
use crate::similarity::Scorer;

/// How to clean an article.
#[derive(Clone, Debug)]
pub struct Config {
    /// When to call a sentence a repeat.
    pub thresholds: Thresholds,
    /// Drop empty labels (`Date:`) and navigation lines at the edges.
    pub boilerplate: bool,
    /// Drop every line matching one of these.
    pub drop_patterns: Vec<Regex>,
    /// Keep the first copy of every repeat, even when it is display copy (a
    /// teaser or key-points item above the body sentence that says it with
    /// its context). Off by default: the copy with context stays.
    pub keep_first: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            thresholds: Thresholds::default(),
            boilerplate: true,
            drop_patterns: Vec::new(),
            keep_first: false,
        }
    }
}

/// The result of [`clean`]: what was dropped, and the cleaned text.
#[derive(Clone, Debug)]
pub struct Cleaned<'a> {
    input: &'a str,
    kept: Vec<Span>,
    /// Every dropped passage, in input order.
    pub decisions: Vec<Decision>,
    /// Near misses kept because they carry something new, in input order.
    pub notes: Vec<Note>,
    /// Sentences and paragraphs dropped.
    pub sentences_dropped: usize,
    pub paragraphs_dropped: usize,
}

impl<'a> Cleaned<'a> {
    /// The input this result was computed from.
    pub fn input(&self) -> &'a str {
        self.input
    }

    /// The byte spans of the input that make up the output, in order.
    pub fn kept_spans(&self) -> &[Span] {
        &self.kept
    }

    /// The cleaned article.
    pub fn text(&self) -> String {
        self.kept.iter().map(|s| s.text(self.input)).collect()
    }

    /// Writes the cleaned article.
    pub fn write_to(&self, out: &mut impl io::Write) -> io::Result<()> {
        write::write_spans(out, self.input, &self.kept)
    }

    /// Whether anything was dropped.
    pub fn changed(&self) -> bool {
        !self.decisions.is_empty()
    }

    /// Length of the cleaned article in bytes.
    pub fn output_len(&self) -> usize {
        self.kept.iter().map(|s| s.len()).sum()
    }
}

/// Cleans one article.
pub fn clean<'a>(text: &'a str, config: &Config) -> Cleaned<'a> {
    let doc = parse::parse(text);
    let words = Words::new(doc.sentences.iter().map(|s| s.span.text(text)));
    let mut dropped = vec![false; doc.sentences.len()];
    // Each decision with the index of the (first) sentence it drops.
    let mut decisions: Vec<(usize, Decision)> = Vec::new();
    for b in boilerplate::detect(&doc, config.boilerplate, &config.drop_patterns) {
        let rule = rule_name(&b.rule, config);
        decisions.push((
            b.sentences.start,
            Decision {
                kind: Kind::Boilerplate,
                score: 1.0,
                span: b.span,
                witnesses: Vec::new(),
                rule: Some(rule),
            },
        ));
        dropped[b.sentences].fill(true);
    }
    let mut notes = Vec::new();
    let display = if config.keep_first {
        Vec::new()
    } else {
        display::find(&doc, &words, &config.thresholds, &dropped)
    };
    for copy in &display {
        dropped[copy.sentence] = true;
    }
    decide::Forward {
        doc: &doc,
        words: &words,
        scorer: Scorer::new(&words, config.thresholds.clone()),
        dropped: &mut dropped,
        decisions: &mut decisions,
        notes: &mut notes,
    }
    .run();
    // A display copy goes only if the body copy it defers to stayed.
    for copy in display {
        if copy.witnesses.iter().all(|&w| !dropped[w]) {
            decisions.push((copy.sentence, copy.decision));
        } else {
            dropped[copy.sentence] = false;
        }
    }
    for (h, decision) in decide::leftover_labels(&doc, &words, &dropped) {
        dropped[h] = true;
        decisions.push((h, decision));
    }
    if config.boilerplate {
        for b in boilerplate::laid_bare(&doc, &dropped) {
            let decision = Decision {
                kind: Kind::Boilerplate,
                score: 1.0,
                span: b.span,
                witnesses: Vec::new(),
                rule: Some(rule_name(&b.rule, config)),
            };
            decisions.push((b.sentences.start, decision));
            dropped[b.sentences].fill(true);
        }
    }
    decisions.sort_by_key(|(i, _)| *i);
    finish(
        text,
        &doc,
        &dropped,
        decisions.into_iter().map(|(_, d)| d).collect(),
        notes,
    )
}

/// How a boilerplate rule is named in explanations and reports.
fn rule_name(rule: &Rule, config: &Config) -> String {
    match rule {
        Rule::EmptyLabel => "empty label".to_owned(),
        Rule::Navigation => "navigation".to_owned(),
        Rule::Pattern(k) => format!("--drop-pattern {}", config.drop_patterns[*k].as_str()),
    }
}

/// Builds the result: kept spans, counts.
fn finish<'a>(
    text: &'a str,
    doc: &Document<'a>,
    dropped: &[bool],
    decisions: Vec<Decision>,
    notes: Vec<Note>,
) -> Cleaned<'a> {
    let kept = write::kept_spans(doc, dropped);
    let paragraphs_dropped = doc
        .paragraphs
        .iter()
        .filter(|p| !p.sentences.is_empty() && p.sentences.clone().all(|i| dropped[i]))
        .count();
    Cleaned {
        input: text,
        kept,
        decisions,
        notes,
        sentences_dropped: dropped.iter().filter(|&&d| d).count(),
        paragraphs_dropped,
    }
}

/// The README's Rust examples, compiled and run as doc tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
