//! Boilerplate: page furniture that is not part of the article.
//!
//! Separate from the duplicate test, and switchable: an empty metadata label on
//! a line of its own (`Date:`), known navigation lines at the very start or end
//! of the article (`Latest stories`, `Read more`, `Advertisement`), and any line
//! matching a pattern the user passes. Navigation words are dropped only at the
//! edges, so a body line that happens to read "Advertisement" stays, and the
//! scan from the top stops at the first real line, so the title and dateline stay.

use std::ops::Range;

use regex::Regex;

use crate::parse::{Document, Span, lines};

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
const LABELS: &[&str] = &[
    "date",
    "dated",
    "published",
    "published on",
    "updated",
    "last updated",
    "modified",
    "posted",
    "posted on",
    "time",
    "author",
    "authors",
    "by",
    "byline",
    "writer",
    "source",
    "sources",
    "tag",
    "tags",
    "category",
    "categories",
    "section",
    "filed under",
    "topic",
    "topics",
    "keywords",
    "credit",
    "credits",
    "photo",
    "image",
    "caption",
    "location",
    "dateline",
    "contact",
    "email",
    "e-mail",
];

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
    line.trim()
        .strip_suffix(':')
        .map(str::trim_end)
        .is_some_and(|label| LABELS.iter().any(|l| l.eq_ignore_ascii_case(label)))
}

/// One line of an article's text, and the sentences that lie wholly on it.
#[derive(Clone, Debug)]
struct TextLine {
    span: Span,
    paragraph: usize,
    sentences: Range<usize>,
    /// Its sentences cover it: none runs across its start or end, so the line
    /// can go without cutting a sentence.
    whole: bool,
    /// A blank line, or the end of the text, follows it.
    ends_block: bool,
}

/// The non-blank lines of paragraph `p` of `doc`, in order.
fn paragraph_lines(doc: &Document, p: usize) -> Vec<TextLine> {
    let text = doc.text;
    let para = &doc.paragraphs[p];
    let next_para = doc
        .paragraphs
        .get(p + 1)
        .map_or(text.len(), |n| n.span.start);
    // The first sentence that does not end before the current line.
    let mut k = para.sentences.start;
    let mut out = Vec::new();
    for line in lines(para.span.text(text)) {
        let span = Span::new(
            para.span.start + line.span.start,
            para.span.start + line.span.end,
        );
        while k < para.sentences.end && doc.sentences[k].span.end <= span.start {
            k += 1;
        }
        let touching =
            (k..para.sentences.end).take_while(|&i| doc.sentences[i].span.start < span.end);
        let (mut inside, mut crossing): (Option<Range<usize>>, bool) = (None, false);
        for i in touching {
            let s = doc.sentences[i].span;
            if s.start >= span.start && s.end <= span.end {
                inside = Some(inside.map_or(i..i + 1, |r| r.start..i + 1));
            } else {
                crossing = true;
            }
        }
        let sentences = inside.unwrap_or(k..k);
        let after = text.get(span.end..next_para).unwrap_or("");
        out.push(TextLine {
            span,
            paragraph: p,
            whole: !crossing && !sentences.is_empty(),
            sentences,
            ends_block: span.end == para.span.end
                && (p + 1 == doc.paragraphs.len() || after.matches('\n').count() >= 2),
        });
    }
    out
}

/// The non-blank lines of `doc`, in order. Built a paragraph at a time, so that
/// a text of a million short lines never holds them all.
fn text_lines<'d>(doc: &'d Document) -> impl Iterator<Item = TextLine> + 'd {
    (0..doc.paragraphs.len()).flat_map(|p| paragraph_lines(doc, p))
}

/// The non-blank lines of `doc`, last first.
fn text_lines_rev<'d>(doc: &'d Document) -> impl Iterator<Item = TextLine> + 'd {
    (0..doc.paragraphs.len())
        .rev()
        .flat_map(|p| paragraph_lines(doc, p).into_iter().rev())
}

/// The rule a line at the edge of an article matches: a navigation line, or an
/// empty label.
fn edge_rule(text: &str, line: &TextLine) -> Option<Rule> {
    let content = line.span.text(text);
    if !line.whole {
        None
    } else if is_navigation(content) {
        Some(Rule::Navigation)
    } else if line.ends_block && is_empty_label(content) {
        Some(Rule::EmptyLabel)
    } else {
        None
    }
}

fn boilerplate(line: &TextLine, rule: Rule) -> Boilerplate {
    Boilerplate {
        span: line.span,
        sentences: line.sentences.clone(),
        rule,
    }
}

/// Boilerplate that the removal of repeats lays bare, so that a second run
/// finds nothing more: navigation lines that now end the article, and labels
/// that now stand empty (their value was a repeat). `dropped` says which
/// sentences go already.
pub fn laid_bare(doc: &Document, dropped: &[bool]) -> Vec<Boilerplate> {
    let text = doc.text;
    let blank_separated = doc.paragraphs.windows(2).any(|w| {
        text.get(w[0].span.end..w[1].span.start)
            .is_some_and(|gap| gap.matches('\n').count() >= 2)
    });
    let is_dropped = |i: usize| dropped.get(i).copied().unwrap_or(false);
    let mut found = Vec::new();
    // Walking back: is any kept line after this one, and in which paragraph?
    let (mut at_end, mut next_paragraph) = (true, None);
    for line in text_lines_rev(doc) {
        // What is left of the line: its sentences that stay.
        let left: Vec<usize> = line.sentences.clone().filter(|&i| !is_dropped(i)).collect();
        if left.is_empty() && !line.sentences.is_empty() {
            continue;
        }
        let content = left
            .iter()
            .map(|&i| doc.sentences[i].span.text(text))
            .collect::<Vec<_>>()
            .join(" ");
        let break_after =
            next_paragraph.is_none_or(|next| blank_separated && next != line.paragraph);
        let rule = if !line.whole {
            None
        } else if at_end && is_navigation(&content) {
            Some(Rule::Navigation)
        } else if break_after && is_empty_label(&content) {
            Some(Rule::EmptyLabel)
        } else {
            None
        };
        match (rule, left.first(), left.last()) {
            (Some(rule), Some(&first), Some(&last)) => found.push(Boilerplate {
                span: Span::new(
                    doc.sentences[first].span.start,
                    doc.sentences[last].span.end,
                ),
                sentences: first..last + 1,
                rule,
            }),
            _ => (at_end, next_paragraph) = (false, Some(line.paragraph)),
        }
    }
    found.reverse();
    found
}

/// Finds the boilerplate lines of `doc`: the built-in rules when `builtin`, and
/// every line matching one of `patterns`. Sorted by position, no duplicates.
///
/// The built-in rules work on lines, whatever the paragraphs: navigation lines
/// at the start and at the end, and empty labels (a label with nothing after it
/// before a blank line) anywhere. So an article means the same whether it comes
/// with blank lines between paragraphs or one paragraph per line.
pub fn detect(doc: &Document, builtin: bool, patterns: &[Regex]) -> Vec<Boilerplate> {
    let text = doc.text;
    let mut found: Vec<Boilerplate> = Vec::new();
    if builtin {
        // Walking down: the navigation and labels that open the article, then
        // the empty labels below them; walking up: those that close it.
        let (mut leading, mut labels, mut count) = (Vec::new(), Vec::new(), 0);
        for line in text_lines(doc) {
            let opening = leading.len() == count;
            match opening.then(|| edge_rule(text, &line)).flatten() {
                Some(rule) => leading.push(boilerplate(&line, rule)),
                None if line.whole && line.ends_block && is_empty_label(line.span.text(text)) => {
                    labels.push((count, boilerplate(&line, Rule::EmptyLabel)));
                }
                None => {}
            }
            count += 1;
        }
        let top = leading.len();
        let trailing: Vec<Boilerplate> = text_lines_rev(doc)
            .take(count - top)
            .map_while(|l| edge_rule(text, &l).map(|r| boilerplate(&l, r)))
            .collect();
        let bottom = count - trailing.len();
        found.extend(leading);
        found.extend(
            labels
                .into_iter()
                .filter(|&(n, _)| n < bottom)
                .map(|(_, b)| b),
        );
        found.extend(trailing.into_iter().rev());
    }
    if !patterns.is_empty() {
        found.extend(text_lines(doc).filter_map(|line| {
            let content = line.span.text(text);
            let rule = patterns.iter().position(|re| re.is_match(content))?;
            line.whole.then(|| boilerplate(&line, Rule::Pattern(rule)))
        }));
        found.sort_by_key(|b| (b.span.start, b.span.end));
        found.dedup_by(|later, earlier| later.sentences.start < earlier.sentences.end);
    }
    found
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
    fn a_text_of_navigation_only_is_found_once_per_line() {
        let text = "Menu\n\nDate:\n\nRead more";
        let found: Vec<String> = rules(text, &[]).into_iter().map(|r| r.0).collect();
        assert_eq!(found, ["Menu", "Date:", "Read more"]);
    }

    #[test]
    fn an_empty_label_between_edge_runs_is_found_once() {
        let text = "Menu\n\nTitle\n\nDate:\n\nBody.\n\nTags:\n\nRead more";
        let found: Vec<String> = rules(text, &[]).into_iter().map(|r| r.0).collect();
        assert_eq!(found, ["Menu", "Date:", "Tags:", "Read more"]);
    }

    #[test]
    fn navigation_left_at_the_end_after_repeats_go() {
        let text = "Title\n\nBody one.\n\nRead more\n\nBody one.";
        let doc = parse(text);
        let mut dropped = vec![false; doc.sentences.len()];
        assert!(laid_bare(&doc, &dropped).is_empty());
        *dropped.last_mut().unwrap() = true;
        let found: Vec<&str> = laid_bare(&doc, &dropped)
            .iter()
            .map(|b| b.span.text(text))
            .collect();
        assert_eq!(found, ["Read more"]);
    }

    #[test]
    fn edge_navigation_and_labels_are_found_by_line_in_either_layout() {
        // One paragraph per line, and the same lines in one paragraph.
        for text in [
            "Menu\nTitle\nDate:\nBody text here.\nRead more",
            "Menu\nTitle\nBody text here.\nRead more\n\nX",
        ] {
            let found: Vec<String> = rules(text, &[]).into_iter().map(|r| r.0).collect();
            assert_eq!(found.first().map(String::as_str), Some("Menu"), "{text:?}");
        }
        let text = "Title\nBody text here.\nShare this article\n\n";
        let found: Vec<String> = rules(text, &[]).into_iter().map(|r| r.0).collect();
        assert_eq!(found, ["Share this article"]);
        // A label with its value on the next line is not empty.
        let text = "Title\n\nDate:\nMonday 5 May\n\nBody.";
        assert!(rules(text, &[]).is_empty());
    }

    #[test]
    fn a_label_whose_value_was_a_repeat_stands_empty() {
        let text = "Title\n\nBody one is here.\n\nDate:\nBody one is here.\n\nMore body.";
        let doc = parse(text);
        let mut dropped = vec![false; doc.sentences.len()];
        dropped[3] = true; // the repeat under "Date:"
        let found: Vec<&str> = laid_bare(&doc, &dropped)
            .iter()
            .map(|b| b.span.text(text))
            .collect();
        assert_eq!(found, ["Date:"]);
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
