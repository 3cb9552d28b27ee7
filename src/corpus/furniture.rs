//! Site furniture: the lines a site puts on many of its pages (navigation,
//! newsletter pitches, copyright lines, lists of other stories), and the rule
//! that tells them from article text.
//!
//! Lines are counted per *story*, not per page: the versions of one story
//! (a rescrape, an AMP copy, an update) share their body, and that body is
//! the story's own text however many copies of it a site has. A site's
//! stories are the stories with a page in its folder (or under its host).
//!
//! A paragraph of a page (never its first line, the title) is furniture when
//! its line is on at least `min_pages` stories of the page's site (default 3),
//! unless one of these says it is article text:
//!
//! 1. **stock sentence**: it is sentence-shaped and either found on another
//!    site too (on a story of its own there, not on a copy of one of this
//!    site's stories), or on no more than half the site's stories. A site's template
//!    repeats on nearly every page; the sentences that recur in articles
//!    ("No injuries were reported.", "X did not respond to a request for
//!    comment.") are found on other sites, or on some of its stories only.
//! 2. **own headline**: its words (two or more) run, in order, inside the
//!    page's title, and inside the titles of fewer than `min_pages` of the
//!    site's stories. That is the page's own headline, which the site's
//!    sidebars repeat on other pages; a site or section name is in the
//!    titles of many stories and gets no such protection.
//! 3. **inside the article**: both its neighbours are lines found on this
//!    story only, and one of them is a sentence: a crosshead or an inline
//!    link inside the body, not a sidebar.
//!
//! Position is only that third signal, not a rule of its own: sidebars and
//! "most read" boxes sit in the middle of pages too.

use rustc_hash::{FxHashMap, FxHashSet};

use newsdedup::Span;

use super::text::{self, Line};

/// Longest run of title words compared with a line (longer headlines are
/// not protected by rule 2; they are rare, and usually sentences).
pub const TITLE_RUN_WORDS: usize = 24;

/// The site of pages that have none (JSON Lines records without a URL):
/// nothing on them is furniture.
pub const NO_SITE: u64 = 0;

/// A site's identity: a hash of its name (the folder path, or the host);
/// [`NO_SITE`] for an empty name.
pub fn site_key(name: &[u8]) -> u64 {
    if name.is_empty() {
        return NO_SITE;
    }
    let h = name.iter().fold(0x6a09_e667_f3bc_c908, |h, b| {
        text::combine(h, u64::from(*b))
    });
    text::fmix64(h ^ name.len() as u64)
}

/// A line on a page, with what the rule needs to know about its place there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineContext {
    /// Its index among the page's lines.
    pub index: usize,
    pub line: Line,
    /// Whether its words run inside the page's title.
    pub in_title: bool,
    /// The lines before and after it on the page.
    pub previous: Option<Line>,
    pub next: Option<Line>,
}

impl LineContext {
    /// The context of line `index` of a page's `lines`, the word runs of its
    /// title given ([`title_runs`]).
    pub fn with_runs(lines: &[Line], index: usize, runs: &FxHashSet<u64>) -> Self {
        let line = lines[index];
        LineContext {
            index,
            line,
            in_title: index > 0 && line.words >= 2 && runs.contains(&line.words_hash),
            previous: index.checked_sub(1).map(|i| lines[i]),
            next: lines.get(index + 1).copied(),
        }
    }
}

/// The word runs of a page's title (its first line).
pub fn title_runs(text: &str, lines: &[Line]) -> FxHashSet<u64> {
    let mut runs = Vec::new();
    if let Some(title) = lines.first() {
        text::word_runs(title.span.text(text), TITLE_RUN_WORDS, &mut runs);
    }
    runs.into_iter().collect()
}

/// Why a paragraph was dropped as furniture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Drop {
    /// On how many of the site's stories its line was seen.
    pub pages: u32,
}

impl Drop {
    /// The rule's name in explanations and reports.
    pub const RULE: &'static str = "site furniture";
}

/// What is known of one line on one site.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LineStats {
    /// Stories of the site with a page that has the line.
    pub stories: u32,
    /// Whether another site has it on a story this site's pages with the
    /// line do not tell (a copy of one of the site's own stories elsewhere
    /// is no evidence of its own).
    pub other_site: bool,
}

/// The counts the furniture rule decides on, for the whole corpus.
///
/// Only lines on two stories or more of a site are listed; any other line is
/// on one story at most.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub min_pages: u32,
    /// Per (site, line hash).
    pub lines: FxHashMap<(u64, u64), LineStats>,
    /// Stories per site.
    pub site_stories: FxHashMap<u64, u32>,
    /// Per (site, words hash): stories of the site whose title has those
    /// words in a run.
    pub titles: FxHashMap<(u64, u64), u32>,
    /// For the lines listed: on how many stories in all (to save).
    pub stories_of_line: FxHashMap<u64, u32>,
}

impl Table {
    pub fn new(min_pages: u32) -> Self {
        Table {
            min_pages: min_pages.max(2),
            ..Table::default()
        }
    }

    /// On how many stories of `site` the line `hash` was seen (1 when it is
    /// not listed).
    pub fn stories(&self, site: u64, hash: u64) -> u32 {
        self.lines.get(&(site, hash)).map_or(1, |s| s.stories)
    }

    /// Whether the line in `context`, on a page of `site`, is furniture.
    pub fn rule(&self, site: u64, context: &LineContext) -> Option<Drop> {
        if context.index == 0 || site == NO_SITE {
            return None; // the title always stays
        }
        let line = context.line;
        let stats = self.lines.get(&(site, line.hash))?;
        if stats.stories < self.min_pages {
            return None;
        }
        let site_stories = self.site_stories.get(&site).copied().unwrap_or(0);
        if line.sentence && (stats.other_site || 2 * stats.stories <= site_stories) {
            return None; // a stock sentence
        }
        let in_titles = self
            .titles
            .get(&(site, line.words_hash))
            .copied()
            .unwrap_or(0);
        if context.in_title && in_titles < self.min_pages {
            return None; // the page's own headline
        }
        let own = |l: Option<Line>| l.filter(|l| self.stories(site, l.hash) <= 1);
        if let (Some(before), Some(after)) = (own(context.previous), own(context.next))
            && (before.sentence || after.sentence)
        {
            return None; // inside the article
        }
        Some(Drop {
            pages: stats.stories,
        })
    }

    /// Whether the line `hash` is the site's own text rather than a story's:
    /// on at least `min_pages` of its stories and on no other site. Such a
    /// line (a sidebar, a sign-up pitch, a copyright sentence) does not make
    /// a copy of a story different from the copy that lacks it, even where
    /// the furniture rule keeps it on the page.
    pub fn is_site_text(&self, site: u64, hash: u64) -> bool {
        self.lines
            .get(&(site, hash))
            .is_some_and(|s| s.stories >= self.min_pages && !s.other_site)
    }

    /// The furniture paragraphs of a page of `site` (its text and lines):
    /// (line index, why).
    pub fn page_drops(&self, site: u64, text: &str, lines: &[Line]) -> Vec<(usize, Drop)> {
        if lines.len() < 2 || !self.site_has_counts(site) {
            return Vec::new();
        }
        let runs = title_runs(text, lines);
        (1..lines.len())
            .filter_map(|i| {
                let context = LineContext::with_runs(lines, i, &runs);
                self.rule(site, &context).map(|d| (i, d))
            })
            .collect()
    }

    fn site_has_counts(&self, site: u64) -> bool {
        site != NO_SITE
            && self
                .site_stories
                .get(&site)
                .is_some_and(|&n| n >= self.min_pages)
    }
}

/// The spans of `text` left when the paragraphs `drop` (indices into
/// `lines`, increasing) go: every kept paragraph with the separator that
/// stood before it, and whatever came before the first paragraph and after
/// the last one. A selection of `text`'s own bytes.
pub fn kept_spans(text: &str, lines: &[Line], drop: &[usize]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut push = |span: Span| {
        if span.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.end == span.start => last.end = span.end,
            _ => out.push(span),
        }
    };
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
        push(Span::new(0, text.len()));
        return out;
    };
    push(Span::new(0, first.span.start));
    let mut dropped = drop.iter().peekable();
    let mut any_kept = false;
    for (i, line) in lines.iter().enumerate() {
        if dropped.peek() == Some(&&i) {
            dropped.next();
            continue;
        }
        if any_kept {
            push(Span::new(lines[i - 1].span.end, line.span.start));
        }
        push(line.span);
        any_kept = true;
    }
    push(Span::new(last.span.end, text.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::sketch::Page;

    const SITE: u64 = 7;

    fn table(entries: &[(&str, u32, bool)], site_stories: u32) -> Table {
        let mut t = Table::new(3);
        t.site_stories.insert(SITE, site_stories);
        for &(line, stories, other_site) in entries {
            let l = text::lines(&format!("title\n\n{line}"))[1];
            t.lines.insert(
                (SITE, l.hash),
                LineStats {
                    stories,
                    other_site,
                },
            );
        }
        t
    }

    fn drops(t: &Table, page: &str) -> Vec<String> {
        let p = Page::new(page);
        t.page_drops(SITE, page, &p.lines)
            .into_iter()
            .map(|(i, _)| p.lines[i].span.text(page).to_owned())
            .collect()
    }

    const PAGE: &str = "Dam breaks after storm | Daily News\n\n\
        Home\n\n\
        Sign up for our newsletter\n\n\
        Dam breaks after storm\n\n\
        Water poured through the gap on Sunday night, officials said.\n\n\
        No injuries were reported.\n\n\
        The county said repairs would take months to finish.\n\n\
        Related\n\n\
        Crews clear the last of the snow before the weekend.\n\n\
        Council passes budget\n\n\
        Copyright 2024 Daily News. All rights reserved.\n";

    fn site_table() -> Table {
        table(
            &[
                ("Home", 20, false),
                ("Sign up for our newsletter", 20, false),
                ("Dam breaks after storm", 4, false),
                ("No injuries were reported.", 4, true),
                ("Related", 20, false),
                (
                    "Crews clear the last of the snow before the weekend.",
                    5,
                    false,
                ),
                ("Council passes budget", 5, false),
                ("Copyright 2024 Daily News. All rights reserved.", 20, false),
            ],
            20,
        )
    }

    #[test]
    fn furniture_goes_article_text_stays() {
        assert_eq!(
            drops(&site_table(), PAGE),
            [
                "Home",
                "Sign up for our newsletter",
                "Related",
                "Council passes budget",
                "Copyright 2024 Daily News. All rights reserved."
            ]
        );
    }

    #[test]
    fn a_headline_stays_only_on_its_own_page() {
        let t = site_table();
        let elsewhere = PAGE
            .replace("Dam breaks after storm | ", "Other story | ")
            .replace(
                "Sign up for our newsletter\n\nDam",
                "Sign up for our newsletter\n\nHome\n\nDam",
            );
        assert!(!drops(&t, PAGE).contains(&"Dam breaks after storm".to_owned()));
        assert!(drops(&t, &elsewhere).contains(&"Dam breaks after storm".to_owned()));
    }

    #[test]
    fn a_site_name_in_every_title_is_no_headline() {
        let mut t = table(&[("Daily News", 20, false), ("Home", 20, false)], 20);
        let page =
            "Dam breaks | Daily News\n\nDaily News\n\nHome\n\nWater poured through the gap.\n";
        assert_eq!(drops(&t, page), ["Home"]);
        t.titles
            .insert((SITE, text::lines("x\n\nDaily News")[1].words_hash), 20);
        assert_eq!(drops(&t, page), ["Daily News", "Home"]);
    }

    #[test]
    fn stock_sentences_stay_site_sentences_go() {
        let line = "Reuters contributed to this report.";
        let page = format!("T\n\nHome\n\n{line}\n\nMenu");
        // On 4 of 10 stories: an article sentence.
        assert!(drops(&table(&[(line, 4, false)], 10), &page).is_empty());
        // On 9 of 10, and no other site: the site's.
        assert_eq!(drops(&table(&[(line, 9, false)], 10), &page), [line]);
        // Found on another site: a stock sentence.
        assert!(drops(&table(&[(line, 9, true)], 10), &page).is_empty());
        // Rarer than the threshold: never furniture.
        assert!(drops(&table(&[("Home", 2, false)], 10), &page).is_empty());
    }

    #[test]
    fn a_crosshead_inside_the_body_stays() {
        let t = table(&[("Background", 12, false), ("Most read", 20, false)], 20);
        let inside =
            "T\n\nThe first paragraph says something.\n\nBackground\n\nThe second one says more.\n";
        assert!(drops(&t, inside).is_empty());
        let sidebar = "T\n\nThe first paragraph says something.\n\nBackground\n\nMost read\n";
        assert_eq!(drops(&t, sidebar), ["Background", "Most read"]);
    }

    #[test]
    fn small_sites_and_titles_are_never_furniture() {
        let t = table(&[("Home", 2, false)], 2);
        assert!(drops(&t, "Home\n\nHome\n").is_empty());
    }

    #[test]
    fn kept_spans_drop_paragraphs_with_their_separator() {
        let text = "\u{feff}T\r\n\r\nA a.\r\n\r\n\r\nB b.\r\nb2\r\n\r\nC c.\r\n";
        let lines = text::lines(text);
        assert_eq!(lines.len(), 4);
        let out = |drop: &[usize]| -> String {
            kept_spans(text, &lines, drop)
                .iter()
                .map(|s| s.text(text))
                .collect()
        };
        assert_eq!(out(&[]), text);
        assert_eq!(out(&[1]), "\u{feff}T\r\n\r\n\r\nB b.\r\nb2\r\n\r\nC c.\r\n");
        assert_eq!(out(&[2]), "\u{feff}T\r\n\r\nA a.\r\n\r\nC c.\r\n");
        assert_eq!(out(&[3]), "\u{feff}T\r\n\r\nA a.\r\n\r\n\r\nB b.\r\nb2\r\n");
        assert_eq!(out(&[1, 2, 3]), "\u{feff}T\r\n");
        assert_eq!(kept_spans("", &[], &[]), Vec::<Span>::new());
    }
}
