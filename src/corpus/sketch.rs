//! An article's sketch: the few hundred bytes corpus mode keeps of it in memory.
//!
//! An article's *content* is its paragraphs after the title that are
//! sentence-shaped (see [`text`](super::text)) or long (20 words or more),
//! except credit and legal lines; menus, headlines of other stories, bylines,
//! timestamps and copyright lines are not content, so two copies of a story
//! under different page furniture have the same content. A leading wire dateline is left out of the
//! comparison, so a syndicated copy matches the story it copies.
//!
//! The sketch holds:
//! - a MinHash signature of the content's word 5-grams, cut into [`BANDS`]
//!   bands of [`ROWS`] values: two articles that share most of their content
//!   share a band with high probability (about 0.96 at a Jaccard similarity of
//!   0.5, 0.02 at 0.1), which makes them candidates;
//! - *anchors*: the [`ANCHORS`] lowest hashes of its long content paragraphs. A
//!   copy cut short keeps a random-looking subset of the paragraphs, so it
//!   usually keeps one of the anchors of the full story (a copy with half the
//!   paragraphs misses all three one time in eight; the bands catch most of
//!   those);
//! - the hash of all its lines, for copies that differ only in spacing, case
//!   or punctuation, including pages without content;
//! - its size, for choosing the fullest copy of a group.
//!
//! Candidates are only candidates: [`verify`](super::verify) decides.

use super::text::{self, Line};

/// Bands of the MinHash signature.
pub const BANDS: usize = 24;
/// MinHash values per band.
pub const ROWS: usize = 3;
/// Lowest paragraph hashes kept as anchors.
pub const ANCHORS: usize = 3;
/// Words per shingle.
const SHINGLE: usize = 5;
/// Fewest words of a paragraph that can be an anchor (shorter ones are the
/// stock sentences many articles share).
const ANCHOR_WORDS: u32 = 8;

/// Fewest words of a paragraph that counts as content even when it does not
/// end like a sentence (one that trails off in an ellipsis, say).
pub const LONG_WORDS: u32 = 20;

/// Whether a line of `text` is content: sentence-shaped or long, and not a
/// credit or legal line.
pub fn is_content(text: &str, line: &Line) -> bool {
    (line.sentence || line.words >= LONG_WORDS)
        && !text::is_credit_or_legal(line.span.text(text), line.words)
}

/// What corpus mode keeps of one article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sketch {
    /// Band keys of the MinHash signature (all zero when there is no content).
    pub bands: [u32; BANDS],
    /// The lowest hashes of long content paragraphs (0: none).
    pub anchors: [u64; ANCHORS],
    /// Hash of all its lines, title included.
    pub exact: u64,
    /// Content paragraphs, and their words.
    pub content_lines: u32,
    pub content_words: u32,
    /// Words in all its lines.
    pub words: u32,
}

impl Sketch {
    /// Whether the article has content to compare (else only an exact copy
    /// can make it a duplicate).
    pub fn has_content(&self) -> bool {
        self.content_lines > 0
    }
}

/// An article split into lines, with its content lines marked.
#[derive(Clone, Debug)]
pub struct Page {
    pub lines: Vec<Line>,
    /// Indices (into `lines`) of the content lines, in order.
    pub content: Vec<usize>,
    /// The first line with a wire dateline (its index), without it.
    pub undated: Option<(usize, Line)>,
    /// The word hashes of every line (see [`Page::words`]).
    words: Vec<u64>,
    ends: Vec<usize>,
    undated_words: Vec<u64>,
}

impl Page {
    /// Splits `text` into lines (keeping their word hashes, for sketching).
    pub fn new(text: &str) -> Self {
        let mut words = Vec::new();
        let mut ends = Vec::new();
        let lines = text::lines_with_words(text, &mut words, &mut ends);
        let mut page = Page::from_lines(text, lines);
        page.words = words;
        page.ends = ends;
        page
    }

    /// The page of `text` from its lines as [`text::lines`] gave them (read
    /// back from the spool: no words are hashed again).
    pub fn from_lines(text: &str, lines: Vec<Line>) -> Self {
        let mut undated_words = Vec::new();
        let content: Vec<usize> = (1..lines.len())
            .filter(|&i| is_content(text, &lines[i]))
            .collect();
        // The first line after the title that starts with a dateline (a long
        // line of menu items may come before the body).
        let undated = (1..lines.len()).find_map(|i| {
            let span = lines[i].span;
            let body = span.text(text);
            let rest = text::strip_dateline(body);
            (rest.len() < body.len()).then(|| {
                let start = span.end - rest.len();
                let line = text::line(
                    text,
                    newsdedup::Span::new(start, span.end),
                    &mut undated_words,
                );
                (i, line)
            })
        });
        Page {
            lines,
            content,
            undated,
            words: Vec::new(),
            ends: Vec::new(),
            undated_words,
        }
    }

    /// The word hashes of line `i` (of its dateless part for the line with
    /// a dateline, as [`Page::compared`] has it); only for a page made with
    /// [`Page::new`].
    pub fn words(&self, i: usize) -> &[u64] {
        if self.undated.is_some_and(|(at, _)| at == i) {
            return &self.undated_words;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.words[start..self.ends[i]]
    }

    /// The content lines as compared across articles: the one with a dateline
    /// without it.
    pub fn compared(&self) -> impl Iterator<Item = (usize, Line)> + '_ {
        self.content.iter().map(|&i| match self.undated {
            Some((at, undated)) if at == i => (i, undated),
            _ => (i, self.lines[i]),
        })
    }

    /// The hash of all lines: equal for copies that differ only in spacing,
    /// case or punctuation.
    pub fn exact_hash(&self) -> u64 {
        self.lines
            .iter()
            .fold(0x5851_f42d_4c95_7f2d, |h, l| text::combine(h, l.hash))
    }
}

/// The multiplier of the shingles' rolling hash, and its power for the word
/// that leaves the window.
const BASE: u64 = 0x100_0000_01b3;
const BASE_TOP: u64 = BASE
    .wrapping_mul(BASE)
    .wrapping_mul(BASE)
    .wrapping_mul(BASE);

/// Σ words[j]·BASE^(len-1-j): the rolling hash of a whole run.
fn polynomial(words: &[u64]) -> u64 {
    words
        .iter()
        .fold(0u64, |h, &w| h.wrapping_mul(BASE).wrapping_add(w))
}

/// Sketches an article (after per-article cleaning).
///
/// The signature is a one-permutation MinHash: each shingle is hashed once
/// and kept in one of `BANDS * ROWS` bins, the lowest per bin; an empty bin
/// takes the value of the next bin that has one, salted by the distance (so
/// two articles agree on it as they agree on that bin). Like a MinHash with
/// that many hash functions, two articles agree on a bin with a probability
/// close to their Jaccard similarity, at the cost of one hash per shingle.
pub fn sketch(text: &str) -> (Sketch, Page) {
    let page = Page::new(text);
    const BINS: usize = BANDS * ROWS;
    let mut mins = [u64::MAX; BINS];
    let mut anchors: Vec<u64> = Vec::new();
    let mut content_words = 0u32;
    let mut add = |shingle: u64| {
        let bin = (((shingle >> 32) * BINS as u64) >> 32) as usize;
        if shingle < mins[bin] {
            mins[bin] = shingle;
        }
    };
    for (i, line) in page.compared() {
        content_words += line.words;
        if line.words >= ANCHOR_WORDS {
            anchors.push(line.hash);
        }
        let words = page.words(i);
        if words.len() <= SHINGLE {
            add(text::fmix64(polynomial(words)));
        } else {
            // A rolling polynomial hash of each run of SHINGLE words.
            let mut h = polynomial(&words[..SHINGLE]);
            add(text::fmix64(h));
            for k in SHINGLE..words.len() {
                h = h
                    .wrapping_sub(words[k - SHINGLE].wrapping_mul(BASE_TOP))
                    .wrapping_mul(BASE)
                    .wrapping_add(words[k]);
                add(text::fmix64(h));
            }
        }
    }
    let mut bands = [0u32; BANDS];
    if !page.content.is_empty() {
        let filled: Vec<usize> = (0..BINS).filter(|&k| mins[k] != u64::MAX).collect();
        let mut dense = mins;
        for (k, value) in dense.iter_mut().enumerate() {
            if *value == u64::MAX {
                let next = filled
                    .iter()
                    .find(|&&j| j > k)
                    .or(filled.first())
                    .copied()
                    .unwrap_or(k);
                let distance = (next + BINS - k) % BINS;
                *value = text::combine(mins[next], distance as u64);
            }
        }
        for (b, band) in bands.iter_mut().enumerate() {
            let rows = &dense[b * ROWS..(b + 1) * ROWS];
            let h = rows.iter().fold(b as u64 + 1, |h, &m| text::combine(h, m));
            *band = (h >> 32) as u32;
        }
    }
    anchors.sort_unstable();
    anchors.dedup();
    let mut anchor_keys = [0u64; ANCHORS];
    for (slot, &a) in anchor_keys.iter_mut().zip(&anchors) {
        *slot = a.max(1);
    }
    let sketch = Sketch {
        bands,
        anchors: anchor_keys,
        exact: page.exact_hash(),
        content_lines: page.content.len() as u32,
        content_words,
        words: page.lines.iter().map(|l| l.words).sum(),
    };
    (sketch, page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rolling_hash_is_the_hash_of_each_window() {
        assert_eq!(SHINGLE, 5, "BASE_TOP is BASE to the power SHINGLE - 1");
        let words: Vec<u64> = (1..20).map(text::fmix64).collect();
        let mut h = polynomial(&words[..SHINGLE]);
        for k in SHINGLE..words.len() {
            h = h
                .wrapping_sub(words[k - SHINGLE].wrapping_mul(BASE_TOP))
                .wrapping_mul(BASE)
                .wrapping_add(words[k]);
            assert_eq!(h, polynomial(&words[k + 1 - SHINGLE..=k]));
        }
    }

    const STORY: &str = "Council passes budget\n\n\
        The city council approved a $412 million budget on Tuesday after a long debate.\n\n\
        The plan adds 40 police officers and cuts library hours from six days to five.\n\n\
        Critics said the cuts would hurt families who rely on the branches after school.\n\n\
        The mayor said the city had no other choice given rising pension costs.\n\n\
        The budget takes effect on July 1 and runs through the next fiscal year.\n";

    fn shared_bands(a: &Sketch, b: &Sketch) -> usize {
        a.bands.iter().zip(&b.bands).filter(|(x, y)| x == y).count()
    }

    #[test]
    fn content_is_sentence_shaped_paragraphs_after_the_title() {
        let page = Page::new(
            "Title line here now.\n\nHome\n\nA full sentence is here now.\n\nMost read\n",
        );
        assert_eq!(page.content, vec![2]);
    }

    #[test]
    fn copies_under_other_furniture_share_every_band() {
        let (a, _) = sketch(STORY);
        let rescrape = STORY.replace(
            "\n\nThe city",
            "\n\nHome\n\nSports\n\nUpdated 5:42 PM\n\nThe city",
        ) + "\nMost read\n\nPirate Bay trial starts Monday\n";
        let (b, _) = sketch(&rescrape);
        assert_eq!(a.bands, b.bands);
        assert_eq!(a.anchors, b.anchors);
        assert_ne!(a.exact, b.exact);
        assert_eq!(a.content_words, b.content_words);
        let spaced = STORY.replace(". ", ".  ").replace('\n', "\r\n");
        assert_eq!(sketch(&spaced).0.exact, a.exact);
    }

    #[test]
    fn a_wire_copy_matches_despite_its_dateline() {
        let (a, _) = sketch(STORY);
        let wire = STORY.replace(
            "\n\nThe city council",
            "\n\nRIVERTON, Mo. (AP) — The city council",
        );
        let (b, page) = sketch(&wire);
        assert!(page.undated.is_some());
        assert_eq!(a.bands, b.bands);
    }

    #[test]
    fn different_stories_rarely_share_a_band() {
        let (a, _) = sketch(STORY);
        let other = "Storm closes schools\n\n\
            Heavy snow closed every school in the county on Monday morning.\n\n\
            Road crews worked through the night to clear the main routes.\n\n\
            Forecasters expect another six inches before the weekend arrives.\n";
        let (b, _) = sketch(other);
        assert_eq!(shared_bands(&a, &b), 0);
        assert!(a.anchors.iter().all(|x| !b.anchors.contains(x)));
    }

    #[test]
    fn no_content_no_bands() {
        let (s, _) = sketch("Menu\n\nHome\n\nSports\n");
        assert!(!s.has_content());
        assert_eq!(s.bands, [0; BANDS]);
        assert_eq!(s.anchors, [0; ANCHORS]);
    }
}
