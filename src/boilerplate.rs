//! Boilerplate: page furniture that is not part of the article.
//!
//! Separate from the duplicate test, and switchable: an empty metadata label on
//! a line of its own (`Date:`), known navigation lines at the very start or end
//! of the article (`Latest stories`, `Read more`, `Advertisement`), and any line
//! matching a pattern the user passes. Navigation words are dropped only at the
//! edges, so a body line that happens to read "Advertisement" stays, and the
//! scan from the top stops at the first real line, so the title and dateline stay.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::parse::{Document, Paragraph, Span, lines};

/// Which boilerplate rule matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    EmptyLabel,
    Navigation,
    /// The user pattern with this index matched.
    Pattern(usize),
}

/// A line of boilerplate and the sentences it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Boilerplate {
    pub span: Span,
    pub sentences: Range<usize>,
    pub rule: Rule,
}

/// Metadata labels that, left without a value, are page furniture.
static EMPTY_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(date|dated|published|published on|updated|last updated|modified|posted|posted on|time|author|authors|by|byline|writer|source|sources|tags?|category|categories|section|filed under|topics?|keywords|credits?|photo|image|caption|location|dateline|contact|e-?mail)\s*:\s*$",
    )
    .expect("static regex is valid")
});

/// Navigation and sharing lines, compared after trimming symbols and case.
const NAVIGATION: &[&str] = &[
    "latest stories",
    "latest news",
    "latest",
    "read more",
    "read next",
    "read full article",
    "continue reading",
    "advertisement",
    "advertisements",
    "sponsored",
    "sponsored content",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share this page",
    "share on facebook",
    "share on twitter",
    "tweet",
    "email",
    "print",
    "comments",
    "view comments",
    "related",
    "related stories",
    "related articles",
    "related content",
    "related topics",
    "more stories",
    "more on this story",
    "more from",
    "top stories",
    "most read",
    "most popular",
    "trending",
    "recommended",
    "you may also like",
    "see also",
    "skip to content",
    "skip to main content",
    "back to top",
    "sign in",
    "log in",
    "subscribe",
    "subscribe now",
    "sign up",
    "newsletter",
    "follow us",
    "image caption",
    "media caption",
    "all rights reserved",
    "menu",
    "home",
    "search",
    "close",
];

/// Whether a line is a known navigation line.
pub fn is_navigation(line: &str) -> bool {
    let trimmed = line.trim_matches(|c: char| !c.is_alphanumeric());
    trimmed.len() <= 40
        && NAVIGATION
            .iter()
            .any(|nav| trimmed.eq_ignore_ascii_case(nav))
}

/// Whether a line is an empty metadata label such as `Date:`.
pub fn is_empty_label(line: &str) -> bool {
    EMPTY_LABEL.is_match(line)
}

/// The rule an edge paragraph matches: a navigation line or an empty label,
/// alone on its line.
fn edge_rule(text: &str, p: &Paragraph) -> Option<Rule> {
    let line = p.span.text(text);
    if line.contains('\n') {
        None
    } else if is_navigation(line) {
        Some(Rule::Navigation)
    } else if is_empty_label(line) {
        Some(Rule::EmptyLabel)
    } else {
        None
    }
}

/// Navigation lines that end the article once its repeats are gone: a recap
/// after the "Related stories" line used to hide that line from [`detect`].
/// `dropped` says which sentences go already.
pub fn trailing(doc: &Document, dropped: &[bool]) -> Vec<Boilerplate> {
    let gone = |p: &Paragraph| {
        p.sentences
            .clone()
            .all(|i| dropped.get(i).copied().unwrap_or(false))
    };
    let mut found = Vec::new();
    for p in doc.paragraphs.iter().rev().skip_while(|p| gone(p)) {
        if gone(p) {
            continue;
        }
        match edge_rule(doc.text, p) {
            Some(rule) => found.push(Boilerplate {
                span: p.span,
                sentences: p.sentences.clone(),
                rule,
            }),
            None => break,
        }
    }
    found.reverse();
    found
}

/// Finds the boilerplate lines of `doc`: the built-in rules when `builtin`, and
/// every line matching one of `patterns`. Sorted by position, no duplicates.
pub fn detect(doc: &Document, builtin: bool, patterns: &[Regex]) -> Vec<Boilerplate> {
    let text = doc.text;
    let mut found: Vec<Boilerplate> = Vec::new();
    if builtin {
        let single_line = |p: &Paragraph| !p.span.text(text).contains('\n');
        let whole = |p: &Paragraph, rule| Boilerplate {
            span: p.span,
            sentences: p.sentences.clone(),
            rule,
        };
        let edge_rule = |p: &Paragraph| edge_rule(text, p);
        let leading = doc
            .paragraphs
            .iter()
            .map_while(|p| edge_rule(p).map(|r| whole(p, r)));
        found.extend(leading);
        let top = found.len();
        let trailing: Vec<Boilerplate> = doc.paragraphs[top..]
            .iter()
            .rev()
            .map_while(|p| edge_rule(p).map(|r| whole(p, r)))
            .collect();
        let bottom = doc.paragraphs.len() - trailing.len();
        for p in &doc.paragraphs[top..bottom] {
            if single_line(p) && is_empty_label(p.span.text(text)) {
                found.push(whole(p, Rule::EmptyLabel));
            }
        }
        found.extend(trailing.into_iter().rev());
    }
    if !patterns.is_empty() {
        found.extend(pattern_lines(doc, patterns));
        found.sort_by_key(|b| (b.span.start, b.span.end));
        found.dedup_by(|later, earlier| later.sentences.start < earlier.sentences.end);
    }
    found
}

/// Lines matching a user pattern. A line inside a longer paragraph takes the
/// sentences that lie wholly within it; a sentence running across the line's
/// edge is kept, as the line cannot be cut out without cutting the sentence.
fn pattern_lines(doc: &Document, patterns: &[Regex]) -> Vec<Boilerplate> {
    let text = doc.text;
    let mut out = Vec::new();
    for para in &doc.paragraphs {
        let body = para.span.text(text);
        for line in lines(body) {
            let line_text = line.span.text(body);
            let Some(rule) = patterns.iter().position(|re| re.is_match(line_text)) else {
                continue;
            };
            let span = Span::new(
                para.span.start + line.span.start,
                para.span.start + line.span.end,
            );
            let inside: Vec<usize> = para
                .sentences
                .clone()
                .filter(|&i| {
                    let s = doc.sentences[i].span;
                    s.start >= span.start && s.end <= span.end
                })
                .collect();
            if let (Some(&first), Some(&last)) = (inside.first(), inside.last()) {
                out.push(Boilerplate {
                    span,
                    sentences: first..last + 1,
                    rule: Rule::Pattern(rule),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn rules(text: &str, patterns: &[&str]) -> Vec<(String, Rule)> {
        let doc = parse(text);
        let patterns: Vec<Regex> = patterns.iter().map(|p| Regex::new(p).unwrap()).collect();
        detect(&doc, true, &patterns)
            .into_iter()
            .map(|b| (b.span.text(text).to_owned(), b.rule))
            .collect()
    }

    #[test]
    fn empty_label_and_trailing_navigation() {
        let text = "Saturday\n\nTitle here\n\nDate:\n\nBody text. More body.\n\nLatest stories";
        assert_eq!(
            rules(text, &[]),
            [
                ("Date:".to_owned(), Rule::EmptyLabel),
                ("Latest stories".to_owned(), Rule::Navigation)
            ]
        );
    }

    #[test]
    fn navigation_inside_the_body_and_labels_with_values_stay() {
        let text = "Title\n\nAdvertisement\n\nDate: Monday\n\nBody.\n\nThe end.";
        assert!(rules(text, &[]).is_empty());
    }

    #[test]
    fn navigation_runs_at_both_edges() {
        let text = "Skip to content\n\nMenu\n\nTitle\n\nBody.\n\nShare this article »\n\nRead more";
        let found: Vec<String> = rules(text, &[]).into_iter().map(|r| r.0).collect();
        assert_eq!(
            found,
            [
                "Skip to content",
                "Menu",
                "Share this article »",
                "Read more"
            ]
        );
    }

    #[test]
    fn navigation_left_at_the_end_after_repeats_go() {
        let text = "Title\n\nBody one.\n\nRead more\n\nBody one.";
        let doc = parse(text);
        let mut dropped = vec![false; doc.sentences.len()];
        assert!(trailing(&doc, &dropped).is_empty());
        *dropped.last_mut().unwrap() = true;
        let found: Vec<&str> = trailing(&doc, &dropped)
            .iter()
            .map(|b| b.span.text(text))
            .collect();
        assert_eq!(found, ["Read more"]);
    }

    #[test]
    fn user_patterns_drop_whole_lines() {
        let text = "Title\n\nBody one.\nPhoto: Reuters\nBody two.\n\nCopyright 2024 Example Ltd";
        let found = rules(text, &["^Photo:", "(?i)^copyright"]);
        assert_eq!(
            found,
            [
                ("Photo: Reuters".to_owned(), Rule::Pattern(0)),
                ("Copyright 2024 Example Ltd".to_owned(), Rule::Pattern(1))
            ]
        );
    }
}
