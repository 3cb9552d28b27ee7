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

use rustc_hash::FxHashMap;

use crate::normalize::Words;
use crate::parse::Document;
use crate::similarity::{Assessment, Scorer, Thresholds};
use crate::types::Decision;

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
    let para_of = |i: usize| doc.sentences[i].paragraph;
    // Where the body's prose begins: a standfirst stands before it.
    let first_prose = (1..doc.paragraphs.len()).find(|&q| is_prose(doc, words, q));
    let at_top = |i: usize| first_prose.is_none_or(|f| para_of(i) <= f);
    let single = |i: usize| doc.paragraphs[para_of(i)].sentences.len() == 1;
    // Which candidates could be display copy by their place and marks alone;
    // only these are compared with the sentences after them.
    let shaped = box_runs(doc, words);
    let mut in_box = vec![false; doc.paragraphs.len()];
    for &q in shaped.iter().flatten() {
        in_box[q] = true;
    }
    let eligible: Vec<usize> = (0..n)
        .filter(|&i| {
            candidate[i]
                && (marked_display(doc, words, i) || at_top(i) || (single(i) && in_box[para_of(i)]))
        })
        .collect();
    if eligible.is_empty() {
        return Vec::new();
    }
    // Sentences that can carry the context: any but marked display copy.
    let body = |i: usize| !(dropped[i] || candidate[i] && marked_display(doc, words, i));
    // A standfirst's lead follows it closely: when every candidate stands at
    // the top unmarked and outside a box, only the next paragraphs are read.
    let top_only = eligible
        .iter()
        .all(|&i| !(marked_display(doc, words, i) || single(i) && in_box[para_of(i)]));
    let reach = match eligible.last() {
        Some(&last) if top_only => {
            let p = (para_of(last) + 1 + LEAD_REACH + 1).min(doc.paragraphs.len());
            doc.paragraphs[p - 1].sentences.end
        }
        _ => n,
    };
    let copies = later_copies(doc, words, thresholds, &eligible, reach, body);
    // The lead a standfirst restates: the next paragraph of prose, a
    // byline or date line apart at most.
    let lead_of = |p: usize| {
        (p + 1..doc.paragraphs.len().min(p + 1 + LEAD_REACH)).find(|&q| is_prose(doc, words, q))
    };
    // The sentences that each standfirst's sentences defer to.
    let restating = |p: usize| -> Vec<usize> {
        doc.paragraphs[p]
            .sentences
            .clone()
            .filter_map(|j| copies[j].as_ref())
            .flat_map(|c| c.witnesses.iter().copied())
            .collect()
    };
    let later = |q: usize| copies[doc.paragraphs[q].sentences.start].is_some();
    let boxes: Vec<Vec<usize>> = shaped
        .into_iter()
        .filter(|items| items.iter().any(|&q| later(q)))
        .collect();
    // Which sentences repeat text before them: asked of the items of boxes
    // and of the paragraphs that may be leads, answered in one forward walk.
    let mut asked: Vec<usize> = boxes
        .iter()
        .flatten()
        .map(|&q| doc.paragraphs[q].sentences.start)
        .collect();
    for i in (0..n).filter(|&i| copies[i].is_some() && at_top(i)) {
        if let Some(lead) = lead_of(para_of(i)) {
            for q in lead..(lead + 2).min(doc.paragraphs.len()) {
                asked.extend(doc.paragraphs[q].sentences.clone());
            }
        }
    }
    let earlier = repeats_of_earlier(words, thresholds, dropped, asked);
    let boxed = boxed_paragraphs(doc, &boxes, &copies, &earlier);
    // Every sentence of the standfirst is restated in the lead that follows
    // it (its first paragraph, or the next for a lead cut in two).
    let leads = |i: usize| {
        let p = para_of(i);
        let restating = restating(p);
        lead_of(p).is_some_and(|first| {
            restating.iter().any(|&w| para_of(w) == first)
                && restating.iter().all(|&w| {
                    para_of(w) <= first + 1 && is_lead(doc, words, &restating, &earlier, para_of(w))
                })
        })
    };
    // The copy that stays must carry context: it stands among other
    // sentences of its paragraph, or says more than the display copy.
    let with_context = |i: usize, copy: &DisplayCopy| {
        copy.witnesses
            .iter()
            .all(|&w| doc.paragraphs[para_of(w)].sentences.len() >= 2 || says_more(words, w, i))
    };
    // A paragraph the body repeats word for word is a scraper's duplicate,
    // not a reworded standfirst: the first copy stays.
    let verbatim = |i: usize, copy: &DisplayCopy| {
        let squeeze = |j: usize| -> String {
            doc.sentences[j]
                .span
                .text(doc.text)
                .split_whitespace()
                .collect()
        };
        copy.witnesses.iter().all(|&w| squeeze(w) == squeeze(i))
    };
    // A standfirst is display copy whole: every sentence of it restated.
    let restated_whole = |i: usize| {
        doc.paragraphs[para_of(i)]
            .sentences
            .clone()
            .all(|j| copies[j].is_some() || words.sentence(j).is_empty())
    };
    // A lead of one sentence that repeats the standfirst word for word is a
    // scraper's duplicate: the first copy stays.
    let lone_verbatim = |i: usize, copy: &DisplayCopy| {
        verbatim(i, copy)
            && copy
                .witnesses
                .iter()
                .all(|&w| doc.paragraphs[para_of(w)].sentences.len() == 1)
    };
    let display = |i: usize, copy: &DisplayCopy| {
        let unmarked = copy
            .witnesses
            .iter()
            .all(|&w| !marked_display(doc, words, w));
        unmarked
            && ((at_top(i) && restated_whole(i) && leads(i) && !lone_verbatim(i, copy))
                || (single(i)
                    && with_context(i, copy)
                    && (marked_display(doc, words, i) || boxed[para_of(i)]))
                // A pull quote of two sentences, restated whole.
                || (attributed(doc, words, i) && restated_whole(i) && with_context(i, copy)))
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

/// How many paragraphs after a standfirst its lead may begin (a byline and a
/// date line may stand between).
const LEAD_REACH: usize = 3;

/// Which sentences of `asked` repeat (strongly) the text before them.
fn repeats_of_earlier(
    words: &Words,
    thresholds: &Thresholds,
    dropped: &[bool],
    mut asked: Vec<usize>,
) -> Vec<usize> {
    asked.sort_unstable();
    asked.dedup();
    let Some(&last) = asked.last() else {
        return Vec::new();
    };
    let mut scorer = Scorer::new(words, thresholds.clone());
    let mut repeats = Vec::new();
    let mut next = asked.iter().peekable();
    for (j, &gone) in dropped.iter().enumerate().take(last + 1) {
        if next.next_if_eq(&&j).is_some()
            && matches!(scorer.assess(j), Assessment::Repeat { strong: true, .. })
        {
            repeats.push(j);
        }
        if !gone {
            scorer.keep(j);
        }
    }
    repeats
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

/// The runs of one-sentence paragraphs under a short heading (`Key points`,
/// `Summary`), two or more: the shape of a box.
fn box_runs(doc: &Document, words: &Words) -> Vec<Vec<usize>> {
    let single = |q: usize| doc.paragraphs[q].sentences.len() == 1;
    (1..doc.paragraphs.len())
        .filter(|&h| is_heading(doc, words, h))
        .map(|h| {
            (h + 1..doc.paragraphs.len())
                .take_while(|&q| single(q) && !is_heading(doc, words, q))
                .collect::<Vec<usize>>()
        })
        .filter(|items| items.len() >= 2)
        .collect()
}

/// How many later sentences are compared with each candidate: those that
/// share the most word 3-grams with it.
const LATER_CANDIDATES: usize = 4;
/// A word 3-gram shared by more candidates than this is too common to find
/// copies by.
const MAX_SHARERS: usize = 32;

/// The copies of later text among the `eligible` sentences: each is compared
/// with the later sentences (those that `body` allows) that share the most
/// word 3-grams with it. The few eligible sentences are indexed and the rest
/// of the article (up to sentence `reach`) is scanned past them, so the cost
/// is one pass at most.
fn later_copies(
    doc: &Document,
    words: &Words,
    thresholds: &Thresholds,
    eligible: &[usize],
    reach: usize,
    body: impl Fn(usize) -> bool,
) -> Vec<Option<DisplayCopy>> {
    let n = doc.sentences.len();
    let mut copies: Vec<Option<DisplayCopy>> = (0..n).map(|_| None).collect();
    let mut grams: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    for (k, &x) in eligible.iter().enumerate() {
        for &key in words.grams(x, 0..words.sentence(x).len()) {
            let list = grams.entry(key).or_default();
            if list.last() != Some(&k) {
                list.push(k);
            }
        }
    }
    // For each eligible sentence, its best later matches: (shared, sentence).
    let mut found: Vec<Vec<(usize, usize)>> = vec![Vec::new(); eligible.len()];
    let mut shared: Vec<usize> = vec![0; eligible.len()];
    let mut touched: Vec<usize> = Vec::new();
    for y in eligible[0] + 1..reach.min(n) {
        if !body(y) {
            continue;
        }
        for key in words.grams(y, 0..words.sentence(y).len()) {
            let sharers = grams.get(key).map_or(&[][..], Vec::as_slice);
            // A phrase that many candidates share says little; skip it.
            if sharers.len() > MAX_SHARERS {
                continue;
            }
            for &k in sharers {
                if eligible[k] < y {
                    if shared[k] == 0 {
                        touched.push(k);
                    }
                    shared[k] += 1;
                }
            }
        }
        for k in touched.drain(..) {
            let best = &mut found[k];
            best.push((shared[k], y));
            best.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            best.truncate(LATER_CANDIDATES);
            shared[k] = 0;
        }
    }
    for (k, &x) in eligible.iter().enumerate() {
        let matches = &found[k];
        if matches.is_empty() {
            continue;
        }
        let mut scorer = Scorer::new(words, thresholds.clone());
        for &(_, y) in matches {
            scorer.keep(y);
        }
        if let Assessment::Repeat {
            kind,
            score,
            strong: true,
            witnesses,
            supplied,
        } = scorer.assess(x)
        {
            copies[x] = Some(DisplayCopy {
                sentence: x,
                decision: Decision {
                    kind,
                    score,
                    span: doc.sentences[x].span,
                    witnesses: witnesses.iter().map(|&w| doc.sentences[w].span).collect(),
                    supplied: crate::normalize::word_spans(
                        doc.text,
                        doc.sentences[x].span,
                        &supplied,
                    ),
                    rule: None,
                },
                witnesses,
            });
        }
    }
    copies
}

/// Which paragraphs are items of a box whose every item copies text before
/// or after it (`copies`: of later text; `earlier`: sentences that repeat
/// earlier text). A box may sum up what came before it as well as what follows.
fn boxed_paragraphs(
    doc: &Document,
    boxes: &[Vec<usize>],
    copies: &[Option<DisplayCopy>],
    earlier: &[usize],
) -> Vec<bool> {
    let mut boxed = vec![false; doc.paragraphs.len()];
    for items in boxes {
        let copy = |q: usize| {
            let j = doc.paragraphs[q].sentences.start;
            copies[j].is_some() || earlier.binary_search(&j).is_ok()
        };
        if items.iter().all(|&q| copy(q)) {
            for &q in items {
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
    restating: &[usize],
    earlier: &[usize],
    lead: usize,
) -> bool {
    let para = &doc.paragraphs[lead];
    if para.sentences.len() == 1 {
        return true;
    }
    let (mut copies, mut own) = (0, 0);
    for j in para.sentences.clone() {
        if words.sentence(j).is_empty() {
            continue;
        }
        if restating.contains(&j) || earlier.binary_search(&j).is_ok() {
            copies += 1;
        } else if words.shape(j).weight >= 4 {
            // A sentence of its own (an empty `Date:` is none).
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
    let head = &text.as_bytes()[..text.len().min(40)];
    let label = memchr::memchr(b':', head).is_some()
        && text.split_once(':').is_some_and(|(head, _)| {
            let count = unicode_segmentation::UnicodeSegmentation::unicode_words(head).count();
            (1..=3).contains(&count)
                && words
                    .sentence(i)
                    .iter()
                    .take(count)
                    .all(|&w| words.vocab.kind(w).label)
        });
    bullet || label || words.shape(i).ellipsis || text.starts_with('>') || attributed(doc, words, i)
}

/// Whether sentence `i` stands in a pull quote: a paragraph left without a
/// final stop, followed by a line that only names who said it (`Nate
/// Elliott, Jupiter Research`, `Ann Lee, City Council`).
fn attributed(doc: &Document, words: &Words, i: usize) -> bool {
    let p = doc.sentences[i].paragraph;
    let last = doc.paragraphs[p].sentences.end - 1;
    let Some(next) = doc.paragraphs.get(p + 1).filter(|n| n.sentences.len() == 1) else {
        return false;
    };
    let a = next.sentences.start;
    let shape = words.shape(a);
    let names = words
        .sentence(a)
        .iter()
        .enumerate()
        .all(|(k, &w)| words.is_name(a, k) || (k > 0 && words.vocab.kind(w).function));
    !words.shape(last).terminal && !shape.terminal && (2..=8).contains(&shape.weight) && names
}
