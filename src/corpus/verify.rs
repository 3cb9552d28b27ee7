//! Does one article already say everything another says? The check behind
//! every dropped article.
//!
//! A *candidate* article is contained in a *kept* one when each of its content
//! paragraphs (sentence-shaped, after the title; see
//! [`sketch`](super::sketch)) is witnessed by the kept article:
//!
//! 1. the kept article has a paragraph with the same words (the common case: a
//!    copy, a rescrape, an AMP page, a syndicated copy cut short); or else
//! 2. the library's own scorer says so: the kept article's text followed by
//!    the candidate's content is cleaned with `newsdedup::clean`, and a paragraph
//!    counts as witnessed when it is dropped whole as a repeat (exact, near or
//!    covered) whose witnesses all lie in the kept article. So the fact guard
//!    that protects a changed number, name or negation inside an article
//!    protects it across articles too: an update with one number changed keeps
//!    that paragraph, and the update stays.
//!
//! The scorer only runs when at least half the candidate's content (by
//! words) is already matched word for word (the two are versions of one story),
//! and (in a corpus run) only once the site counts are known, for pairs
//! where a paragraph that is not the site's own text is left; otherwise the
//! remaining paragraphs count as not witnessed, which can only keep an
//! article.
//!
//! Paragraphs that are not content (menus, headlines of other stories,
//! bylines, timestamps, credit lines) mostly do not count, and neither does
//! the candidate's title: they are what differs between copies of one story
//! on different pages. Two kinds of them must be witnessed all the same,
//! because they may carry a fact:
//!
//! - a line that is a *variant* of a line of the kept article (three
//!   quarters of the words of the longer of the two are in both): a
//!   standfirst or subhead whose number was changed is not chrome, and the
//!   scorer's fact guard decides;
//! - a line *inside the body*, between two witnessed content paragraphs of
//!   ten words or more (a subhead, a caption).
//!
//! (Both only for lines of five words or more: shorter ones are links and
//! labels.)
//!
//! The paragraphs left unwitnessed are returned with their context on the
//! page, so that the caller can accept those that are site text (which the
//! output drops anyway, or which the site repeats on many stories).
//!
//! This relies on the library's public API only: `clean`, `Config`,
//! `Cleaned::kept_spans` and `Cleaned::decisions` (their `kind`, `span`,
//! `score` and `witnesses`).

use rustc_hash::FxHashSet;
use std::sync::OnceLock;

use newsdedup::{Config, Kind, Span, clean};

use super::furniture::LineContext;
use super::sketch::Page;
use super::text::{self, Line};

/// The outcome of one check of a candidate against a kept article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Verdict {
    /// The two have the same lines (spacing, case and punctuation aside).
    pub identical: bool,
    /// The candidate's content paragraphs, and how many are witnessed.
    pub content: u32,
    pub witnessed: u32,
    /// The words of those paragraphs, and of the witnessed ones.
    pub content_words: u32,
    pub witnessed_words: u32,
    /// Mean score of the content paragraphs: 1 for a word-for-word match,
    /// the scorer's similarity for the others, 0 for those not witnessed.
    pub score: f64,
    /// The hashes of the content paragraphs witnessed.
    pub witnessed_lines: Vec<u64>,
    /// The paragraphs that must be witnessed and are not (content, and the
    /// suspect lines of the module docs), with their place on the page; at
    /// most [`MAX_UNWITNESSED`] (else `overflow`).
    pub unwitnessed: Vec<LineContext>,
    /// More than [`MAX_UNWITNESSED`] paragraphs are not witnessed: the two
    /// are different articles, whatever the furniture.
    pub overflow: bool,
    /// MinHash bands the two share (set by the caller).
    pub bands: u8,
}

/// Shared bands that say two articles are near copies even where their
/// paragraphs differ by light edits (an estimated Jaccard similarity of
/// about 0.8 or more): then the scorer is asked.
pub const SCORER_BANDS: u8 = (super::sketch::BANDS / 2) as u8;

/// Paragraphs of context on each side of one the scorer is asked about.
const CONTEXT: usize = 2;

/// Most unwitnessed paragraphs a verdict lists (memory stays bounded however
/// different a candidate pair turns out to be).
pub const MAX_UNWITNESSED: usize = 32;

impl Verdict {
    /// Whether the two tell one story: at least half of the candidate's
    /// content (by words: a page's few chrome sentences shared with
    /// another page do not make them one story) is witnessed.
    pub fn same_story(&self) -> bool {
        self.identical || (self.content > 0 && 2 * self.witnessed_words >= self.content_words)
    }
}

/// Fewest words of a line that is not content but may still carry a fact
/// (a variant of a kept line, or a line inside the body): shorter ones are
/// links and labels.
const SUSPECT_WORDS: u32 = 5;
/// Fewest words of the content paragraphs that mark where the body is.
const BODY_WORDS: u32 = 10;

/// A kept article, prepared for checking candidates against it.
#[derive(Debug)]
pub struct Kept {
    text: String,
    page: Page,
    lines: FxHashSet<u64>,
    exact: u64,
    /// Each line's distinct words, sorted, built when first needed.
    words: Vec<OnceLock<Vec<u64>>>,
}

impl Kept {
    /// The kept article `text`, with its lines (from [`text::lines`]).
    pub fn new(text: String, lines: Vec<Line>) -> Self {
        let page = Page::from_lines(&text, lines);
        Kept {
            lines: line_set(&page),
            exact: page.exact_hash(),
            words: (0..page.lines.len()).map(|_| OnceLock::new()).collect(),
            page,
            text,
        }
    }

    /// Line `i`'s distinct words, sorted (built when first needed).
    fn word_set(&self, i: usize) -> &[u64] {
        self.words[i].get_or_init(|| {
            let mut words = Vec::new();
            text::word_hashes(self.page.lines[i].span.text(&self.text), &mut words);
            words.sort_unstable();
            words.dedup();
            words
        })
    }

    /// Whether some line of this article is a variant of `line`: three
    /// quarters of the (distinct) words of the longer of the two are in both.
    fn resembles(&self, line: &str) -> bool {
        let mut words = Vec::new();
        text::word_hashes(line, &mut words);
        words.sort_unstable();
        words.dedup();
        let n = words.len();
        // Only lines long enough to share three quarters (by their word
        // counts, before hashing their words: distinct words are no more).
        (0..self.page.lines.len()).any(|i| {
            let count = self.page.lines[i].words as usize;
            if count < SUSPECT_WORDS as usize || 4 * count < 3 * n {
                return false;
            }
            let kept = self.word_set(i);
            let longer = n.max(kept.len());
            if kept.is_empty() || 4 * n.min(kept.len()) < 3 * longer {
                return false;
            }
            let (mut a, mut b, mut common) = (0, 0, 0);
            while a < n && b < kept.len() {
                match words[a].cmp(&kept[b]) {
                    std::cmp::Ordering::Less => a += 1,
                    std::cmp::Ordering::Greater => b += 1,
                    std::cmp::Ordering::Equal => {
                        common += 1;
                        a += 1;
                        b += 1;
                    }
                }
            }
            4 * common >= 3 * longer
        })
    }
}

/// Checks `candidate` against `kept` (both after per-article cleaning), the
/// scorer asked about every paragraph not matched word for word.
#[cfg(test)]
pub fn verify(kept: &str, candidate: &str, config: &Config) -> Verdict {
    let kept = Kept::new(kept.to_owned(), text::lines(kept));
    let lines = text::lines(candidate);
    let mut verdict = check(&kept, candidate, lines.clone());
    rescore(&kept, candidate, lines, &mut verdict, |_| false, config);
    verdict
}

/// The word-for-word check of `candidate` (with its lines) against a
/// prepared kept article; [`rescore`] asks the scorer about the rest.
pub fn check(kept: &Kept, candidate: &str, lines: Vec<Line>) -> Verdict {
    let page = Page::from_lines(candidate, lines);
    against_lines(&kept.lines, kept.exact, candidate, &page, |line| {
        kept.resembles(line)
    })
}

/// Whether the scorer is worth asking about `verdict`: some paragraph is
/// left that `accepted` does not accept (site text would be accepted
/// whatever the scorer says), and the two are versions of one story (half
/// the words match, or their sketches are close: [`SCORER_BANDS`]).
pub fn needs_scorer(verdict: &Verdict, accepted: impl Fn(&LineContext) -> bool) -> bool {
    !verdict.identical
        && !verdict.overflow
        && (verdict.same_story() || verdict.bands >= SCORER_BANDS)
        && verdict.unwitnessed.iter().any(|c| !accepted(c))
}

/// Asks the scorer about the paragraphs [`check`] left unwitnessed, when
/// [`needs_scorer`] says it is worth it: the kept article, then those
/// paragraphs of the candidate in order, each with the two content
/// paragraphs before and after it (context matters: repeats go in runs),
/// cleaned as one text.
pub fn rescore(
    kept: &Kept,
    candidate: &str,
    lines: Vec<Line>,
    verdict: &mut Verdict,
    accepted: impl Fn(&LineContext) -> bool,
    config: &Config,
) {
    if !needs_scorer(verdict, accepted) {
        return;
    }
    let page = Page::from_lines(candidate, lines);
    let kept = kept.text.as_str();
    let mut combined = String::with_capacity(kept.len() + candidate.len() + 8);
    combined.push_str(kept);
    if !kept.ends_with('\n') {
        combined.push('\n');
    }
    let kept_len = combined.len();
    let suspects: Vec<usize> = verdict.unwitnessed.iter().map(|c| c.index).collect();
    let mut compared: Vec<(usize, Line)> = page.compared().collect();
    compared.extend(
        suspects
            .iter()
            .filter(|i| !page.content.contains(i))
            .map(|&i| (i, page.lines[i])),
    );
    compared.sort_by_key(|&(i, _)| i);
    // Only the paragraphs left, each with the two before and after it: the
    // run that is its context (a repeat goes when repeats stand around it),
    // at a fraction of the cost of the whole candidate.
    let left: Vec<usize> = (0..compared.len())
        .filter(|&k| suspects.contains(&compared[k].0))
        .collect();
    let near = |k: usize| left.iter().any(|&p| k.abs_diff(p) <= CONTEXT);
    let compared: Vec<(usize, Line)> = compared
        .into_iter()
        .enumerate()
        .filter(|&(k, _)| near(k))
        .map(|(_, c)| c)
        .collect();
    let mut placed: Vec<(usize, Span)> = Vec::new();
    for (i, line) in compared {
        combined.push('\n');
        let start = combined.len();
        combined.push_str(line.span.text(candidate));
        placed.push((i, Span::new(start, combined.len())));
        combined.push('\n');
    }
    let cleaned = clean(&combined, config);
    let mut still = Vec::new();
    let mut gained = 0.0;
    for context in verdict.unwitnessed.drain(..) {
        let span = placed
            .iter()
            .find(|(i, _)| *i == context.index)
            .map(|&(_, s)| s);
        match span.and_then(|span| witnessed_score(&cleaned, span, kept_len)) {
            Some(score) if page.content.contains(&context.index) => {
                verdict.witnessed += 1;
                verdict.witnessed_words += context.line.words;
                verdict.witnessed_lines.push(context.line.hash);
                gained += score;
            }
            Some(_) => {}
            None => still.push(context),
        }
    }
    verdict.unwitnessed = still;
    verdict.score += gained / f64::from(verdict.content.max(1));
}

/// The words of a kept article's lines (shape aside: a sentence cut at a
/// line break still matches), as candidates are compared with them.
pub fn line_set(page: &Page) -> FxHashSet<u64> {
    let mut set: FxHashSet<u64> = page.lines.iter().map(|l| l.words_hash).collect();
    if let Some((_, undated)) = page.undated {
        set.insert(undated.words_hash);
    }
    set
}

/// The word-for-word part of the check, against a kept article's line hashes
/// (all that is known of an article from earlier runs, `--against`).
/// `resembles` says whether a line of the candidate that is not content
/// resembles a line of the kept article (answer `true` when unknown).
pub fn against_lines(
    kept: &FxHashSet<u64>,
    kept_exact: u64,
    candidate: &str,
    page: &Page,
    resembles: impl Fn(&str) -> bool,
) -> Verdict {
    let identical = page.exact_hash() == kept_exact;
    let runs = super::furniture::title_runs(candidate, &page.lines);
    let mut verdict = Verdict {
        identical,
        content: page.content.len() as u32,
        content_words: page.compared().map(|(_, l)| l.words).sum(),
        ..Verdict::default()
    };
    if identical {
        verdict.witnessed = verdict.content;
        verdict.witnessed_words = verdict.content_words;
        verdict.score = 1.0;
        return verdict;
    }
    let mut witnessed_at = Vec::new();
    for (i, line) in page.compared() {
        if kept.contains(&line.words_hash) {
            verdict.witnessed += 1;
            verdict.witnessed_words += line.words;
            verdict.witnessed_lines.push(page.lines[i].hash);
            if line.words >= BODY_WORDS {
                witnessed_at.push(i);
            }
        } else {
            verdict
                .unwitnessed
                .push(LineContext::with_runs(&page.lines, i, &runs));
        }
    }
    let body = witnessed_at
        .first()
        .copied()
        .zip(witnessed_at.last().copied());
    for (i, line) in page.lines.iter().enumerate().skip(1) {
        let line = page
            .undated
            .filter(|&(at, _)| at == i)
            .map_or(*line, |(_, l)| l);
        if line.words < SUSPECT_WORDS
            || page.content.contains(&i)
            || kept.contains(&line.words_hash)
        {
            continue;
        }
        let inside = body.is_some_and(|(first, last)| first < i && i < last);
        if inside || resembles(line.span.text(candidate)) {
            verdict
                .unwitnessed
                .push(LineContext::with_runs(&page.lines, i, &runs));
        }
    }
    verdict.unwitnessed.sort_by_key(|c| c.index);
    verdict.score = f64::from(verdict.witnessed) / f64::from(verdict.content.max(1));
    cap(&mut verdict);
    verdict
}

/// Bounds a verdict's list of unwitnessed paragraphs.
fn cap(verdict: &mut Verdict) {
    if verdict.unwitnessed.len() > MAX_UNWITNESSED {
        overflow(verdict);
    }
}

fn overflow(verdict: &mut Verdict) {
    verdict.unwitnessed.clear();
    verdict.unwitnessed.shrink_to_fit();
    verdict.overflow = true;
}

/// Sets the bands a pair shares, and lets go of the list of a verdict that
/// can lead nowhere: no content witnessed word for word, and sketches too
/// far apart for the scorer to be asked (most pairs MinHash proposes by
/// chance; this keeps their memory small).
pub fn with_bands(verdict: &mut Verdict, bands: u8) {
    verdict.bands = bands;
    if !verdict.identical && verdict.witnessed == 0 && bands < SCORER_BANDS {
        overflow(verdict);
    }
}

/// Whether `span` of the cleaned combined text went whole, as repeats of text
/// before `kept_len`; with the lowest score among those decisions.
fn witnessed_score(cleaned: &newsdedup::Cleaned, span: Span, kept_len: usize) -> Option<f64> {
    let text = cleaned.input();
    let overlaps = |s: Span| s.start < span.end && span.start < s.end;
    let kept_words = cleaned
        .kept_spans()
        .iter()
        .filter(|&&s| overlaps(s))
        .any(|&s| {
            let from = s.start.max(span.start);
            let to = s.end.min(span.end);
            text[from..to].chars().any(char::is_alphanumeric)
        });
    if kept_words {
        return None;
    }
    let mut score: Option<f64> = None;
    for d in cleaned.decisions.iter().filter(|d| overlaps(d.span)) {
        let repeat = matches!(d.kind, Kind::Exact | Kind::Near | Kind::Covered);
        if !repeat || d.witnesses.is_empty() || d.witnesses.iter().any(|w| w.end > kept_len) {
            return None;
        }
        score = Some(score.map_or(d.score, |s: f64| s.min(d.score)));
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = "Intel ships a new chip\n\n\
        Updated 5:42 AM\n\n\
        High-end processors are excellent marketing tools for the company and its rivals.\n\n\
        The new chip, which replaces the 840, is a dual-core design running at 3.46 GHz.\n\n\
        The 955 doubles the cache from 2MB to 4MB and speeds up the front side bus.\n\n\
        Intel says the chip will be available on January 16 for a price of $999.\n\n\
        Most read\n\nPirate Bay trial starts Monday\n";

    fn config() -> Config {
        Config::default()
    }

    #[test]
    fn a_rescrape_under_other_furniture_is_contained() {
        let rescrape = FULL.replace("Updated 5:42 AM", "Updated 9:00 PM").replace(
            "Most read\n\nPirate Bay trial starts Monday\n",
            "Next story\n",
        );
        let v = verify(FULL, &rescrape, &config());
        assert!(!v.identical);
        assert_eq!((v.content, v.witnessed), (4, 4));
        assert!(v.unwitnessed.is_empty());
        assert_eq!(v.score, 1.0);
    }

    #[test]
    fn a_truncated_wire_copy_with_a_dateline_is_contained() {
        let wire: String = FULL
            .replace("High-end", "MIAMI (AP) — High-end")
            .split("\n\n")
            .take(4)
            .collect::<Vec<_>>()
            .join("\n\n");
        let v = verify(FULL, &wire, &config());
        assert_eq!((v.content, v.witnessed), (2, 2));
        assert!(v.unwitnessed.is_empty());
    }

    #[test]
    fn an_update_with_a_changed_number_is_not_contained() {
        let update = FULL.replace("for a price of $999", "for a price of $899");
        let v = verify(FULL, &update, &config());
        assert_eq!((v.content, v.witnessed), (4, 3));
        assert_eq!(v.unwitnessed.len(), 1);
        assert!(v.same_story());
    }

    #[test]
    fn an_added_paragraph_is_not_contained() {
        let update = FULL.replace(
            "\n\nMost read",
            "\n\nUpdate: Intel later said shipments would slip by a month.\n\nMost read",
        );
        let v = verify(FULL, &update, &config());
        assert_eq!(v.unwitnessed.len(), 1);
        assert_eq!(
            v.unwitnessed[0].line.span.text(&update),
            "Update: Intel later said shipments would slip by a month."
        );
    }

    #[test]
    fn light_edits_are_witnessed_by_the_scorer() {
        let edited = FULL.replace("Intel says the chip", "Intel says that the chip");
        let v = verify(FULL, &edited, &config());
        assert_eq!((v.content, v.witnessed), (4, 4), "{v:?}");
        assert!(v.score < 1.0 && v.score > 0.9, "{}", v.score);
    }

    #[test]
    fn a_different_story_on_the_same_topic_is_not_contained() {
        let other = "Intel cuts prices\n\n\
            Intel cut the price of its desktop chips by up to 20 percent on Monday.\n\n\
            The cuts follow a similar move by AMD last month, analysts said.\n";
        let v = verify(FULL, other, &config());
        assert_eq!(v.witnessed, 0);
        assert!(!v.same_story());
    }

    #[test]
    fn identical_pages_without_content_are_identical() {
        let menu = "Menu\n\nHome\n\nSports\n";
        let v = verify(menu, "menu\r\n\r\nHOME\r\n\r\nSports\r\n", &config());
        assert!(v.identical && v.same_story());
        assert!(!verify(menu, "Menu\n\nHome\n", &config()).identical);
    }

    #[test]
    fn a_changed_standfirst_that_is_no_sentence_must_be_witnessed() {
        let standfirst = |n: u32| {
            FULL.replace(
                "Updated 5:42 AM\n\n",
                &format!(
                    "Updated 5:42 AM\n\nThe chip arrives more than {n} months after its rival\n\n"
                ),
            )
        };
        let v = verify(&standfirst(30), &standfirst(35), &config());
        assert_eq!((v.content, v.witnessed), (4, 4), "the content is all there");
        assert_eq!(v.unwitnessed.len(), 1, "but the standfirst changed: {v:?}");
        // A line unlike any kept line is chrome, and does not count.
        let chrome = FULL.replace(
            "Most read",
            "Pirate Bay trial starts Monday in Stockholm court",
        );
        assert!(verify(FULL, &chrome, &config()).unwitnessed.is_empty());
        // The same inside the body must be witnessed.
        let inside = FULL.replace(
            "\n\nThe 955 doubles",
            "\n\nPirate Bay trial starts Monday in Stockholm court\n\nThe 955 doubles",
        );
        assert_eq!(verify(FULL, &inside, &config()).unwitnessed.len(), 1);
    }

    #[test]
    fn credit_lines_are_not_content() {
        let credited = FULL.replace(
            "\n\nMost read",
            "\n\nReuters contributed to this report.\n\nMost read",
        );
        let v = verify(FULL, &credited, &config());
        assert_eq!((v.content, v.witnessed), (4, 4));
        assert!(v.unwitnessed.is_empty());
    }

    #[test]
    fn near_copies_get_the_scorer_by_their_bands() {
        let edited = FULL.replace("Intel says", "Intel said");
        let kept = Kept::new(FULL.to_owned(), text::lines(FULL));
        let mut v = check(&kept, &edited, text::lines(&edited));
        with_bands(&mut v, 0);
        assert!(
            v.witnessed == 3 && needs_scorer(&v, |_| false),
            "most words match: {v:?}"
        );
        let mut far = check(&kept, &edited, text::lines(&edited));
        far.witnessed_words = 0;
        assert!(!needs_scorer(&far, |_| false));
        far.bands = SCORER_BANDS;
        assert!(needs_scorer(&far, |_| false), "close sketches are enough");
    }
}
