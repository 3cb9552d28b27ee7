//! Display copies: a sentence shown first as display text, then said in the
//! body with its context.
//!
//! A page often shows a sentence before the body says it: a standfirst or
//! teaser under the title, a key-points box, a "Related" card cut short with
//! "…", a pull quote. The body copy carries the context — who said it, the
//! rest of the quote, the paragraph around it — so the body copy stays and
//! the display copy goes, although it comes first.
//!
//! A display copy is a paragraph of one or two sentences, not the title, that
//! a later sentence says all of, and that is either marked as display (a
//! bullet, a trailing ellipsis, a display label such as `Read more:`), stands
//! at the top before the body begins and restates the lead that follows it,
//! or belongs to a box (two or more such paragraphs in a row under a short
//! heading). This runs before the forward pass, so the body copy is then the
//! first occurrence; if the body copy goes after all, the display copy stays.

use crate::normalize::Words;
use crate::parse::Document;
use crate::similarity::{Assessment, Scorer, Thresholds};
use crate::types::Decision;

/// Paragraphs after the title that can hold a standfirst or teaser.
const TOP_PARAGRAPHS: usize = 3;

/// A display copy: the sentence, why it goes, and the sentences it defers to.
pub(crate) struct DisplayCopy {
    pub sentence: usize,
    pub decision: Decision,
    pub witnesses: Vec<usize>,
}

/// Which sentences of `doc` are display copies of later body sentences.
/// `dropped` marks sentences already gone (boilerplate).
pub(crate) fn find(
    doc: &Document,
    words: &Words,
    thresholds: &Thresholds,
    dropped: &[bool],
) -> Vec<DisplayCopy> {
    let n = doc.sentences.len();
    let candidate: Vec<bool> = (0..n)
        .map(|i| is_candidate(doc, words, dropped, i, thresholds.min_words))
        .collect();
    if !candidate.iter().any(|&c| c) {
        return Vec::new();
    }
    // Sentences that can carry the context: any but marked display copy.
    let body = |i: usize| !(dropped[i] || candidate[i] && marked_display(doc, words, i));
    // Walk backwards, so the index holds the body sentences after each one.
    let mut scorer = Scorer::new(words, thresholds.clone());
    let mut copies: Vec<Option<DisplayCopy>> = (0..n).map(|_| None).collect();
    for i in (0..n).rev() {
        if candidate[i]
            && let Assessment::Repeat {
                kind,
                score,
                strong: true,
                witnesses,
            } = scorer.assess(i)
        {
            copies[i] = Some(DisplayCopy {
                sentence: i,
                decision: Decision {
                    kind,
                    score,
                    span: doc.sentences[i].span,
                    witnesses: witnesses.iter().map(|&w| doc.sentences[w].span).collect(),
                    rule: None,
                },
                witnesses,
            });
        }
        if body(i) {
            scorer.keep(i);
        }
    }
    let para_of = |i: usize| doc.sentences[i].paragraph;
    // A standfirst restates the lead: its body copy is in the first paragraph
    // of prose after it (or the one after, for a lead cut in two).
    let leads = |i: usize, copy: &DisplayCopy| {
        let p = para_of(i);
        let first = (p + 1..doc.paragraphs.len()).find(|&q| is_prose(doc, words, q));
        // The sentences that the standfirst's sentences defer to.
        let restating: Vec<usize> = doc.paragraphs[p]
            .sentences
            .clone()
            .filter_map(|j| copies[j].as_ref())
            .flat_map(|c| c.witnesses.iter().copied())
            .collect();
        first.is_some_and(|first| {
            restating.iter().any(|&w| para_of(w) == first)
                && copy.witnesses.iter().all(|&w| {
                    para_of(w) <= first + 1
                        && is_lead(doc, words, thresholds, &restating, para_of(w))
                })
        })
    };
    // A box: two or more display paragraphs in a row under a short heading.
    let boxed = boxed_paragraphs(doc, words, thresholds, &copies);
    // The copy that stays must carry context: it stands among other
    // sentences of its paragraph, or says more than the display copy.
    let with_context = |i: usize, copy: &DisplayCopy| {
        copy.witnesses
            .iter()
            .all(|&w| doc.paragraphs[para_of(w)].sentences.len() >= 2 || says_more(words, w, i))
    };
    let single = |i: usize| doc.paragraphs[para_of(i)].sentences.len() == 1;
    let display = |i: usize, copy: &DisplayCopy| {
        let unmarked = copy
            .witnesses
            .iter()
            .all(|&w| !marked_display(doc, words, w));
        unmarked
            && ((at_top(doc, words, i) && leads(i, copy))
                || (single(i)
                    && with_context(i, copy)
                    && (marked_display(doc, words, i) || boxed[para_of(i)])))
    };
    let keep: Vec<bool> = (0..n)
        .map(|i| copies[i].as_ref().is_some_and(|copy| display(i, copy)))
        .collect();
    copies
        .into_iter()
        .zip(keep)
        .filter_map(|(copy, keep)| if keep { copy } else { None })
        .collect()
}

/// A sentence that may be display copy: in a paragraph of one or two
/// sentences, not the title, long enough to be a repeat on its own.
fn is_candidate(
    doc: &Document,
    words: &Words,
    dropped: &[bool],
    i: usize,
    min_words: usize,
) -> bool {
    let p = doc.sentences[i].paragraph;
    let para = &doc.paragraphs[p];
    p > 0 && !dropped[i] && para.sentences.len() <= 2 && words.shape(i).weight as usize >= min_words
}

/// Which paragraphs are items of a box: a short heading (`Key points`,
/// `Summary`), then two or more paragraphs of one sentence, each a copy of a
/// sentence before or after it (`copies`: the copies of later sentences).
fn boxed_paragraphs(
    doc: &Document,
    words: &Words,
    thresholds: &Thresholds,
    copies: &[Option<DisplayCopy>],
) -> Vec<bool> {
    let mut boxed = vec![false; doc.paragraphs.len()];
    let single = |q: usize| doc.paragraphs[q].sentences.len() == 1;
    for h in 1..doc.paragraphs.len() {
        if !is_heading(doc, words, h) {
            continue;
        }
        let items: Vec<usize> = (h + 1..doc.paragraphs.len())
            .take_while(|&q| single(q) && !is_heading(doc, words, q))
            .collect();
        let later = |q: usize| copies[doc.paragraphs[q].sentences.start].is_some();
        if items.len() < 2 || !items.iter().any(|&q| later(q)) {
            continue;
        }
        // Items that copy earlier text count too: a box may sum up what
        // came before it as well as what follows.
        let first = doc.paragraphs[items[0]].sentences.start;
        let mut scorer = Scorer::new(words, thresholds.clone());
        for j in 0..first {
            scorer.keep(j);
        }
        let copy = |q: usize, scorer: &mut Scorer| {
            let j = doc.paragraphs[q].sentences.start;
            later(q) || matches!(scorer.assess(j), Assessment::Repeat { strong: true, .. })
        };
        if items.iter().all(|&q| copy(q, &mut scorer)) {
            for &q in &items {
                boxed[q] = true;
            }
        }
    }
    boxed
}

/// Whether paragraph `lead`, where the sentences `restating` stand, is the
/// lead that a standfirst restates, not a recap: its other sentences are new
/// (not repeats of anything before it), at least as many as its repeats —
/// or it is a lead of one sentence. (A recap after a lead restates the lead,
/// and its other sentences are copies too, or few.)
fn is_lead(
    doc: &Document,
    words: &Words,
    thresholds: &Thresholds,
    restating: &[usize],
    lead: usize,
) -> bool {
    let para = &doc.paragraphs[lead];
    if para.sentences.len() == 1 {
        return true;
    }
    // Everything before the lead paragraph is what it may repeat.
    let mut scorer = Scorer::new(words, thresholds.clone());
    for j in 0..para.sentences.start {
        scorer.keep(j);
    }
    let (mut copies, mut own) = (0, 0);
    for j in para.sentences.clone() {
        if words.sentence(j).is_empty() {
            continue;
        }
        if restating.contains(&j) || matches!(scorer.assess(j), Assessment::Repeat { .. }) {
            copies += 1;
        } else {
            own += 1;
        }
    }
    own >= copies
}

/// Whether sentence `a` has a content word that `b` lacks.
fn says_more(words: &Words, a: usize, b: usize) -> bool {
    let other = words.sentence(b);
    words
        .sentence(a)
        .iter()
        .any(|&w| !words.vocab.kind(w).function && !other.contains(&w))
}

/// Whether paragraph `p` holds prose: a sentence of four words or more that
/// ends with a full stop, a question or an exclamation mark.
fn is_prose(doc: &Document, words: &Words, p: usize) -> bool {
    doc.paragraphs[p].sentences.clone().any(|j| {
        let shape = words.shape(j);
        shape.terminal && shape.weight >= 4
    })
}

/// Whether paragraph `p` is a short heading (`Key points`, `Related`): one
/// line of a few words without a full stop, not the title.
fn is_heading(doc: &Document, words: &Words, p: usize) -> bool {
    let para = &doc.paragraphs[p];
    p > 0 && para.sentences.len() == 1 && {
        let shape = words.shape(para.sentences.start);
        !shape.terminal && shape.weight <= 5
    }
}

/// Marked as display: a bullet, a trailing ellipsis or a display label
/// (`Read more:`).
fn marked_display(doc: &Document, words: &Words, i: usize) -> bool {
    let text = doc.sentences[i].span.text(doc.text).trim();
    let bullet = text
        .chars()
        .next()
        .is_some_and(|c| "•·▪►●◦‣–—-*+→»■□✓".contains(c))
        && text.chars().nth(1).is_some_and(char::is_whitespace);
    let label = text.split_once(':').is_some_and(|(head, _)| {
        let count = unicode_segmentation::UnicodeSegmentation::unicode_words(head).count();
        (1..=3).contains(&count)
            && words
                .sentence(i)
                .iter()
                .take(count)
                .all(|&w| words.vocab.kind(w).label)
    });
    bullet || label || words.shape(i).ellipsis
}

/// At the top of the article, where a standfirst stands: among the first
/// paragraphs after the title, before any paragraph of two or more
/// sentences of prose.
fn at_top(doc: &Document, words: &Words, i: usize) -> bool {
    let p = doc.sentences[i].paragraph;
    p <= TOP_PARAGRAPHS
        && doc.paragraphs[1..p].iter().all(|para| {
            para.sentences
                .clone()
                .filter(|&j| words.shape(j).terminal && words.shape(j).weight >= 4)
                .count()
                < 2
        })
}
