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
mod guard;
pub mod normalize;
pub mod parse;
pub mod paths;
pub mod segment;
pub mod similarity;
pub mod write;

use std::io;

use regex::Regex;

pub use crate::parse::Span;
pub use crate::similarity::{KeepReason, Kind, Thresholds};

use crate::boilerplate::Rule;
use crate::normalize::Words;
use crate::parse::Document;
use crate::similarity::{Assessment, Scorer};

/// How to clean an article.
#[derive(Clone, Debug)]
pub struct Config {
    /// When to call a sentence a repeat.
    pub thresholds: Thresholds,
    /// Drop empty labels (`Date:`) and navigation lines at the edges.
    pub boilerplate: bool,
    /// Drop every line matching one of these.
    pub drop_patterns: Vec<Regex>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            thresholds: Thresholds::default(),
            boilerplate: true,
            drop_patterns: Vec::new(),
        }
    }
}

/// One passage dropped from the article, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub kind: Kind,
    /// How sure: 1.0 for exact repeats and boilerplate, else the similarity.
    pub score: f64,
    /// The dropped text.
    pub span: Span,
    /// The earlier passages that already say it (empty for boilerplate).
    pub witnesses: Vec<Span>,
    /// For boilerplate, the rule that matched.
    pub rule: Option<String>,
}

/// A sentence that resembles earlier text but was kept, because it says more.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub reason: KeepReason,
    pub score: f64,
    pub span: Span,
    pub witnesses: Vec<Span>,
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
    let mut scorer = Scorer::new(&words, config.thresholds.clone());
    let mut previous = None;
    let mut run: Vec<(usize, Assessment)> = Vec::new();
    for para in &doc.paragraphs {
        run.clear();
        for i in para.sentences.clone() {
            if dropped[i] {
                continue;
            }
            let assessment = scorer.assess(i);
            match assessment {
                Assessment::Repeat { strong: true, .. } => {}
                // A weak repeat may yet go with its run; until the paragraph is
                // decided, only an exact copy of it can cite it.
                Assessment::Repeat { strong: false, .. } => scorer.hold(i),
                _ => scorer.keep(i),
            }
            run.push((i, assessment));
        }
        let drops = resolve_run(&run, previous);
        if let Some(&last) = drops.last() {
            previous = Some(last);
        }
        let witness_spans = |ids: &[usize]| ids.iter().map(|&w| doc.sentences[w].span).collect();
        for ((i, assessment), drop) in run.drain(..).zip(drops) {
            let span = doc.sentences[i].span;
            let decision = match assessment {
                Assessment::Repeat {
                    kind,
                    score,
                    witnesses,
                    ..
                } if drop => Decision {
                    kind,
                    score,
                    span,
                    witnesses: witness_spans(&witnesses),
                    rule: None,
                },
                // A wordless sentence ("***") in a paragraph that goes whole.
                Assessment::Wordless if drop => Decision {
                    kind: Kind::Exact,
                    score: 1.0,
                    span,
                    witnesses: Vec::new(),
                    rule: None,
                },
                Assessment::Repeat { kind, .. } => {
                    // A weak repeat that stays: now it can witness later text.
                    if kind != Kind::Exact {
                        scorer.keep(i);
                    }
                    continue;
                }
                Assessment::Kept {
                    reason,
                    score,
                    witnesses,
                } => {
                    notes.push(Note {
                        reason,
                        score,
                        span,
                        witnesses: witness_spans(&witnesses),
                    });
                    continue;
                }
                Assessment::New | Assessment::Wordless => continue,
            };
            dropped[i] = true;
            decisions.push((i, decision));
        }
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

/// How far (in sentences) another repeat supports a near or covered one: about
/// a paragraph, without letting one long paragraph make every repeat in it a run.
const SUPPORT_REACH: usize = 5;

/// Decides which sentences of one paragraph go.
///
/// Exact repeats go. A near or covered repeat goes when other repeats stand
/// near it (scraper recaps come in runs), but not when it is the only repeat
/// among new sentences: journalists restate a point once, in other words. A weak
/// repeat goes only inside a run: a strong repeat within two sentences of it and
/// no more new sentences than repeats around it. Short exact repeats and
/// wordless sentences go only when everything else in the paragraph goes.
///
/// A paragraph of one sentence (not counting wordless or short ones) has no
/// neighbours of its own; it takes the fate of the sentence before it as its
/// context (`previous`: was it dropped?).
fn resolve_run(run: &[(usize, Assessment)], previous: Option<bool>) -> Vec<bool> {
    let is_repeat = |a: &Assessment| matches!(a, Assessment::Repeat { .. }) && !is_dependent(a);
    let is_strong = |a: &Assessment| matches!(a, Assessment::Repeat { strong: true, .. });
    let is_new = |a: &Assessment| matches!(a, Assessment::New | Assessment::Kept { .. });
    // The sentences around `k` in the paragraph, but not `k` itself nor copies
    // of it: a sentence repeated right after itself is not a run of repeats.
    let around = |k: usize, reach: usize| {
        let lo = k.saturating_sub(reach);
        let hi = (k + reach + 1).min(run.len());
        let me = run[k].0;
        (lo..hi).filter(move |&j| j != k).map(|j| &run[j].1).filter(
            move |b| !matches!(b, Assessment::Repeat { witnesses, .. } if witnesses.contains(&me)),
        )
    };
    let mut drop: Vec<bool> = run
        .iter()
        .enumerate()
        .map(|(k, (_, a))| match a {
            Assessment::Repeat {
                kind: Kind::Exact,
                strong: true,
                ..
            } => true,
            Assessment::Repeat { strong: true, .. } => {
                // Alone in its paragraph (but for wordless or short bits): the
                // sentence before the paragraph is its context.
                let alone = run.iter().filter(|(_, b)| !is_dependent(b)).count() == 1;
                let lone = if alone {
                    previous == Some(false)
                } else {
                    !around(k, SUPPORT_REACH).any(is_repeat) && around(k, SUPPORT_REACH).any(is_new)
                };
                !lone
            }
            Assessment::Repeat { strong: false, .. } if !is_dependent(a) => {
                let strong_near = around(k, 2).any(is_strong);
                let repeats = around(k, 2).filter(|b| is_repeat(b)).count() + 1;
                let window = around(k, 2).count() + 1;
                strong_near && repeats * 2 >= window
            }
            _ => false,
        })
        .collect();
    let others_all_go = run
        .iter()
        .zip(&drop)
        .all(|((_, a), &d)| d || is_dependent(a));
    if others_all_go && drop.iter().any(|&d| d) {
        for (k, (_, a)) in run.iter().enumerate() {
            if is_dependent(a) {
                drop[k] = true;
            }
        }
    }
    drop
}

/// Short exact repeats and wordless sentences: they go only with their paragraph.
fn is_dependent(a: &Assessment) -> bool {
    matches!(
        a,
        Assessment::Repeat {
            kind: Kind::Exact,
            strong: false,
            ..
        } | Assessment::Wordless
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
