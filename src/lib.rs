//! newsdedup removes repeated passages from scraped news articles.
//!
//! Scrapers hand over articles that contain their own text twice: the whole body
//! again, a paragraph again, a recap or key-points box that restates earlier
//! sentences (verbatim, lightly edited, truncated or merged), teaser cards, pull
//! quotes, a hard-wrapped second copy. [`clean`] finds those passages and
//! returns the article without them, as a selection of the input's own bytes.
//!
//! Nothing is rewritten. A sentence goes only when every difference from its
//! witness is a light edit, so one that carries a new number, name, content
//! word, modal or negation (in any of ten languages) stays; so does a record of
//! a list that repeats another entry's line. The title stays; of two copies the
//! one with context stays (a standfirst goes, the body sentence stays), else the
//! first ([`Config::keep_first`] keeps the first always).
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
//! `normalize` (words and their classes, from `lexicon`) → `display` (display
//! copies that defer to a later body sentence) → `decide` (the forward pass:
//! `similarity` scores each sentence against the kept ones, `guard` checks the
//! facts, and the context — runs, records, headings — decides) → `write` (kept
//! spans), with `boilerplate` as a separate, optional pass. Shared types live
//! in `types`.

mod align;
pub mod boilerplate;
mod decide;
mod display;
mod guard;
mod lexicon;
pub mod normalize;
pub mod parse;
pub mod paths;
pub mod segment;
pub mod similarity;
pub mod types;
pub mod write;

use regex::Regex;

pub use crate::similarity::Thresholds;
pub use crate::types::{Cleaned, Decision, KeepReason, Kind, Note, Span};

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

impl<'a> Cleaned<'a> {
    /// This result followed by `next`, a result computed on this one's output:
    /// `next`'s spans are mapped back onto this input.
    fn then(self, next: &Cleaned) -> Cleaned<'a> {
        let map = OutputMap::new(&self.kept);
        let span = |s: Span| map.span(s);
        let mut kept: Vec<Span> = Vec::new();
        for s in next.kept.iter().flat_map(|&s| map.pieces(s)) {
            match kept.last_mut() {
                Some(last) if last.end == s.start => last.end = s.end,
                _ => kept.push(s),
            }
        }
        let mut decisions = self.decisions;
        decisions.extend(next.decisions.iter().map(|d| Decision {
            span: span(d.span),
            witnesses: d.witnesses.iter().map(|&w| span(w)).collect(),
            supplied: d.supplied.iter().map(|&w| span(w)).collect(),
            ..d.clone()
        }));
        decisions.sort_by_key(|d| d.span.start);
        let mut notes = self.notes;
        notes.extend(next.notes.iter().map(|n| Note {
            span: span(n.span),
            witnesses: n.witnesses.iter().map(|&w| span(w)).collect(),
            ..n.clone()
        }));
        notes.sort_by_key(|n| n.span.start);
        Cleaned {
            input: self.input,
            kept,
            decisions,
            notes,
            sentences_dropped: self.sentences_dropped + next.sentences_dropped,
            paragraphs_dropped: self.paragraphs_dropped + next.paragraphs_dropped,
            unsettled: next.unsettled,
        }
    }
}

/// Maps byte offsets of an output (the kept spans end to end) back to the input.
struct OutputMap<'k> {
    kept: &'k [Span],
    /// Where each kept span starts in the output.
    starts: Vec<usize>,
}

impl<'k> OutputMap<'k> {
    fn new(kept: &'k [Span]) -> Self {
        let starts = kept
            .iter()
            .scan(0, |at, s| {
                let start = *at;
                *at += s.len();
                Some(start)
            })
            .collect();
        OutputMap { kept, starts }
    }

    /// The input spans that output span `s` is made of.
    fn pieces(&self, s: Span) -> impl Iterator<Item = Span> + '_ {
        self.kept
            .iter()
            .zip(&self.starts)
            .filter_map(move |(k, &o)| {
                let from = s.start.max(o);
                let to = s.end.min(o + k.len());
                (from < to).then(|| Span::new(k.start + from - o, k.start + to - o))
            })
    }

    /// The input span from the first to the last byte of output span `s`.
    fn span(&self, s: Span) -> Span {
        let mut pieces = self.pieces(s);
        match pieces.next() {
            Some(first) => {
                let last = pieces.last().unwrap_or(first);
                Span::new(first.start, last.end)
            }
            None => s,
        }
    }
}

/// Cleans one article.
pub fn clean<'a>(text: &'a str, config: &Config) -> Cleaned<'a> {
    let mut result = clean_once(text, config);
    // Some decisions rest on what stands around a sentence: a record beside
    // its entry's label, a restatement among new sentences, a paragraph read
    // as lines when no blank line is left. When the drops change that
    // context, a second run could decide otherwise; so such a result is
    // cleaned again (and mapped back onto the input) until nothing changes,
    // and running the tool on its own output changes nothing.
    for _ in 1..MAX_PASSES {
        if !result.changed() || !result.unsettled {
            break;
        }
        let output = result.text();
        let next = clean_once(&output, config);
        if !next.changed() {
            break;
        }
        result = result.then(&next);
    }
    result
}

/// Most passes [`clean`] makes over an article (each after the first only
/// when the one before dropped something its context decisions rest on).
const MAX_PASSES: usize = 3;

/// One pass of [`clean`].
fn clean_once<'a>(text: &'a str, config: &Config) -> Cleaned<'a> {
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
                supplied: Vec::new(),
                rule: Some(rule),
            },
        ));
        dropped[b.sentences].fill(true);
    }
    for (h, decision) in decide::title_repeats(&doc, &words, &dropped) {
        dropped[h] = true;
        decisions.push((h, decision));
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
                supplied: Vec::new(),
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
    let unsettled = unsettled(doc, dropped, &decisions, &notes);
    Cleaned {
        input: text,
        kept,
        decisions,
        notes,
        sentences_dropped: dropped.iter().filter(|&&d| d).count(),
        paragraphs_dropped,
        unsettled,
    }
}

/// Whether a further pass over the output could decide otherwise, because a
/// decision rests on context that the drops changed: a restatement or a
/// partial copy kept beside a drop in its paragraph, a record kept near a
/// drop, a display copy dropped at the top (what stands at the top moves), or
/// an output left with no blank line between paragraphs (read one paragraph
/// per line).
fn unsettled(doc: &Document, dropped: &[bool], decisions: &[Decision], notes: &[Note]) -> bool {
    let sentence_at = |start: usize| {
        doc.sentences
            .binary_search_by_key(&start, |s| s.span.start)
            .ok()
    };
    let paragraph_dropped = |p: usize| doc.paragraphs[p].sentences.clone().any(|j| dropped[j]);
    let near_drop = |i: usize, reach: usize| {
        let lo = i.saturating_sub(reach);
        let hi = (i + reach + 1).min(dropped.len());
        dropped[lo..hi].iter().any(|&d| d)
    };
    let by_context = notes.iter().any(|n| {
        let Some(i) = sentence_at(n.span.start) else {
            return false;
        };
        match n.reason {
            KeepReason::Restated | KeepReason::Partial => {
                paragraph_dropped(doc.sentences[i].paragraph)
            }
            KeepReason::Record => near_drop(i, decide::RECORD_WINDOW),
            _ => false,
        }
    });
    let first_prose = doc.paragraphs.iter().position(|p| {
        p.sentences.len() >= 2
            || p.sentences
                .clone()
                .any(|j| doc.sentences[j].span.text(doc.text).ends_with('.'))
    });
    let display_at_top = decisions.iter().any(|d| {
        d.witnesses.iter().any(|w| w.start > d.span.start)
            && sentence_at(d.span.start)
                .is_some_and(|i| first_prose.is_none_or(|f| doc.sentences[i].paragraph <= f + 1))
    });
    let kept_paragraphs = doc
        .paragraphs
        .iter()
        .filter(|p| p.sentences.clone().any(|j| !dropped[j]))
        .count();
    let flattened = doc.paragraphs.len() > 1 && kept_paragraphs == 1;
    by_context || display_at_top || flattened
}

/// The README's Rust examples, compiled and run as doc tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
