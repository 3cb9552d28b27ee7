//! Decisions by context: which repeats go, given where they stand.
//!
//! The scorer says whether a sentence repeats earlier text; this module says
//! whether it goes. A scraper's copy arrives as a block or a box (a run of
//! repeats, a second copy of the body, display items alone in their
//! paragraphs), while a journalist's restatement or a record arrives among new
//! text. So:
//!
//! - a strong repeat goes, unless it is the only repeat among new sentences of
//!   its paragraph (a point restated once; `No injuries were reported.` under
//!   its own incident), or it is a **record**: it stands in an entry parallel to
//!   its witness's entry (`Stoke 1-0 Millwall` where the witness had `Leeds 2-1
//!   Hull`; `Day 3` where it had `Day 2`; `A:` where it had `A:`);
//! - a weak repeat (a looser cover) goes only inside a run of repeats;
//! - a short exact repeat or a wordless bit goes only with its paragraph.

use rustc_hash::FxHashMap;

use crate::normalize::{Case, WordId, Words};
use crate::parse::Document;
use crate::similarity::{Assessment, Scorer};
use crate::types::{Decision, KeepReason, Kind, Note, Span};

/// How far (in sentences) another repeat supports a near or covered one: about
/// a paragraph, without letting one long paragraph make every repeat in it a run.
const SUPPORT_REACH: usize = 5;
/// How many sentences before and after a repeat and its witness are compared
/// to tell a record from a copy.
const ENTRY_REACH: usize = 10;
/// How far (in sentences) the walk for a record's entry looks.
pub(crate) const RECORD_WINDOW: usize = 4 * ENTRY_REACH;
/// How many differing pairs of sentences the walk looks past.
const MAX_DIFFERING: usize = 3;
/// Longest sentence (in words) that can be an entry's label or header line.
const MAX_LABEL_WORDS: usize = 8;

/// The state of one article's forward pass.
pub(crate) struct Forward<'a, 'd> {
    pub doc: &'a Document<'d>,
    pub words: &'a Words,
    pub scorer: Scorer<'a>,
    pub dropped: &'a mut [bool],
    pub decisions: &'a mut Vec<(usize, Decision)>,
    pub notes: &'a mut Vec<Note>,
}

impl Forward<'_, '_> {
    /// Walks the paragraphs in order: assesses each sentence against the kept
    /// ones before it, then decides the paragraph's sentences together.
    pub fn run(mut self) {
        // The latest sentence with each normalised text: an exact repeat's
        // nearest earlier copy, which lines up entries of a list.
        let mut latest: FxHashMap<u64, usize> = FxHashMap::default();
        let mut previous = None;
        let mut run: Vec<(usize, Assessment)> = Vec::new();
        for para in &self.doc.paragraphs {
            run.clear();
            for i in para.sentences.clone() {
                if self.dropped[i] {
                    continue;
                }
                let assessment = self.scorer.assess(i);
                match assessment {
                    Assessment::Repeat { strong: true, .. } => {}
                    // A weak repeat may yet go with its run; until the paragraph
                    // is decided, only an exact copy of it can cite it.
                    Assessment::Repeat { strong: false, .. } => self.scorer.hold(i),
                    _ => self.scorer.keep(i),
                }
                run.push((i, assessment));
            }
            let verdicts = self.verdicts(&run, &latest, previous);
            if let Some(last) = verdicts.last() {
                previous = Some(*last == Verdict::Drop);
            }
            let decided: Vec<usize> = run.iter().map(|(i, _)| *i).collect();
            self.apply(&mut run, &verdicts);
            for i in decided {
                if !self.dropped[i] && !self.words.sentence(i).is_empty() {
                    latest.insert(self.words.hash(i), i);
                }
            }
        }
    }

    /// The verdicts on one paragraph's sentences (`run`), given the latest
    /// copy of each text and whether the paragraph before went.
    fn verdicts(
        &self,
        run: &[(usize, Assessment)],
        latest: &FxHashMap<u64, usize>,
        previous: Option<bool>,
    ) -> Vec<Verdict> {
        if !run
            .iter()
            .any(|(_, a)| matches!(a, Assessment::Repeat { .. }))
        {
            // Nothing to decide (most paragraphs): every sentence stays.
            return vec![Verdict::Keep(None); run.len()];
        }
        let alone = run.iter().filter(|(_, a)| !is_dependent(a)).count() == 1;
        let context: Vec<Option<KeepReason>> = run
            .iter()
            .map(|(i, a)| match a {
                // A short exact repeat goes only with its paragraph anyway.
                _ if is_dependent(a) => None,
                Assessment::Repeat {
                    kind, witnesses, ..
                } => {
                    // An exact repeat lines up with its nearest earlier
                    // copy (in an earlier paragraph), else its witness.
                    let partner = match kind {
                        Kind::Exact => latest
                            .get(&self.words.hash(*i))
                            .copied()
                            .or(witnesses.first().copied()),
                        _ => witnesses.first().copied(),
                    };
                    if partner.is_some_and(|w| self.is_record(*i, w, latest)) {
                        Some(KeepReason::Record)
                    } else if *kind == Kind::Covered && self.part_of_display(*i, witnesses, alone) {
                        Some(KeepReason::Partial)
                    } else {
                        None
                    }
                }
                _ => None,
            })
            .collect();

        let substantial: Vec<bool> = run
            .iter()
            .map(|(i, _)| {
                self.words.shape(*i).weight >= 3
                    || self
                        .words
                        .sentence(*i)
                        .iter()
                        .any(|&w| self.words.vocab.kind(w).number)
            })
            .collect();
        let lines = entry_lines(self.doc, run);
        resolve_run(run, &context, &substantial, &lines, previous)
    }

    /// Records the paragraph's decisions and notes.
    fn apply(&mut self, run: &mut Vec<(usize, Assessment)>, verdicts: &[Verdict]) {
        let doc = self.doc;
        let witness_spans =
            |ids: &[usize]| -> Vec<Span> { ids.iter().map(|&w| doc.sentences[w].span).collect() };
        for ((i, assessment), &verdict) in run.drain(..).zip(verdicts) {
            let span = doc.sentences[i].span;
            let drop = verdict == Verdict::Drop;
            let decision = match assessment {
                Assessment::Repeat {
                    kind,
                    score,
                    witnesses,
                    supplied,
                    ..
                } if drop => Decision {
                    kind,
                    score,
                    span,
                    witnesses: witness_spans(&witnesses),
                    supplied: supplied_spans(doc, i, &supplied),
                    rule: None,
                },
                // A wordless sentence ("***") in a paragraph that goes whole.
                Assessment::Wordless if drop => Decision {
                    kind: Kind::Exact,
                    score: 1.0,
                    span,
                    witnesses: Vec::new(),
                    supplied: Vec::new(),
                    rule: None,
                },
                Assessment::Repeat {
                    kind,
                    score,
                    witnesses,
                    ..
                } => {
                    // A repeat that stays: now it can witness later text.
                    if kind != Kind::Exact {
                        self.scorer.keep(i);
                    }
                    if let Verdict::Keep(Some(reason)) = verdict {
                        self.notes.push(Note {
                            reason,
                            score,
                            span,
                            witnesses: witness_spans(&witnesses),
                        });
                    }
                    continue;
                }
                Assessment::Kept {
                    reason,
                    score,
                    witnesses,
                } => {
                    self.notes.push(Note {
                        reason,
                        score,
                        span,
                        witnesses: witness_spans(&witnesses),
                    });
                    continue;
                }
                Assessment::New | Assessment::Wordless => continue,
            };
            self.dropped[i] = true;
            self.decisions.push((i, decision));
        }
    }

    /// Whether covered sentence `i` only says part of a display line, or is a
    /// heading that says part of a sentence: headlines, captions and link
    /// texts say part of what a body sentence says, and a heading or label
    /// may say part of one; neither makes the other a copy. A display line
    /// stands alone in its paragraph without a full stop; a teaser card ends
    /// with an ellipsis, which makes it a copy of the sentence it cuts.
    fn part_of_display(&self, i: usize, witnesses: &[usize], alone: bool) -> bool {
        let shape = self.words.shape(i);
        let heading = alone && !shape.terminal && !shape.ellipsis;
        let display = |w: usize| {
            let para = &self.doc.paragraphs[self.doc.sentences[w].paragraph];
            para.sentences.len() == 1 && !self.words.shape(w).terminal
        };
        heading || (!witnesses.is_empty() && witnesses.iter().all(|&w| display(w)))
    }

    /// Whether repeat `i` of `w` is a record: the entries around the two line
    /// up, and where they differ first, before or after, they differ as two
    /// entries of one list do (`Day 3` / `Day 2`, `Stoke 1-0 Millwall` /
    /// `Leeds 2-1 Hull`, `A: …` / `A: …`), not as unrelated text does.
    fn is_record(&self, i: usize, w: usize, latest: &FxHashMap<u64, usize>) -> bool {
        if w >= i {
            return false;
        }
        // Only sentences that stay: a second run sees no others.
        let n = self.words.len();
        let stays = |j: &usize| !self.dropped[*j];
        // Within a window, so that a long run of dropped copies costs nothing.
        let window = RECORD_WINDOW;
        let back = (i.saturating_sub(window)..i)
            .rev()
            .filter(stays)
            .zip((w.saturating_sub(window)..w).rev().filter(stays))
            .take(ENTRY_REACH);
        // Ahead, an exact copy of a sentence kept before will go: skip it.
        let own_paragraph = self.doc.paragraphs[self.doc.sentences[i].paragraph]
            .sentences
            .start;
        let ahead = (i + 1..n.min(i + 1 + window))
            .filter(|j| stays(j) && !latest.contains_key(&self.words.hash(*j)))
            .zip((w + 1..own_paragraph.max(w + 1)).filter(stays))
            .take(ENTRY_REACH);
        match self
            .finds_parallel(back, Some((i, w)))
            .max(self.finds_parallel(ahead, None))
        {
            Entry::Distinct => true,
            // Entries under one label (`Q:`, `A:`) are records while they
            // differ; a long verbatim stretch, or a copy that runs to the end,
            // is a duplicated entry.
            Entry::SameLabel => !self.copied_whole(i, w),
            Entry::None => false,
        }
    }

    /// Whether repeat `i` and its witness `w` answer the two different
    /// questions `a` and `b` before them (an FAQ, an interview): the same
    /// answer to another question is a record. The questions are labelled
    /// alike (`Q:`), or each shares its answer's paragraph; a teaser list of
    /// question headlines is neither.
    fn answer_two_questions(&self, i: usize, w: usize, a: usize, b: usize) -> bool {
        let doc = self.doc;
        let para = |k: usize| doc.sentences[k].paragraph;
        let text = |k: usize| doc.sentences[k].span.text(doc.text);
        let labelled = match (label(text(a)), label(text(b))) {
            (Some(ka), Some(kb)) => {
                ka == kb && self.words.sentence(a).get(..ka) == self.words.sentence(b).get(..kb)
            }
            _ => false,
        };
        // The question heads its answer: in its paragraph, or the one before.
        let heads = |q: usize, x: usize| para(q) == para(x) || para(q) + 1 == para(x);
        is_question(doc, a) && is_question(doc, b) && (labelled || (heads(a, i) && heads(b, w)))
    }

    /// Whether the sentences from `i` on repeat those from `w` on word for
    /// word to the end of the article, or for three sentences or more.
    fn copied_whole(&self, i: usize, w: usize) -> bool {
        let n = self.words.len();
        let same = (0..)
            .take_while(|&k| {
                i + k < n && w + k < i && self.words.hash(i + k) == self.words.hash(w + k)
            })
            .count();
        i + same >= n || same >= 3
    }

    /// Walks pairs of sentences (this entry's, the witness entry's) past equal
    /// ones; true when one of the first differing pairs is parallel, or a
    /// short heading both share stands beyond a differing pair.
    /// `answers`: the repeat and its witness, when the pairs lead back from
    /// them (the questions they may answer).
    fn finds_parallel(
        &self,
        pairs: impl Iterator<Item = (usize, usize)>,
        answers: Option<(usize, usize)>,
    ) -> Entry {
        let mut differing = 0;
        // Lines under one label (`Breakfast:`) may belong to entries that a
        // distinct heading further up tells apart (`Day 4`, `Day 2`).
        let mut found = Entry::None;
        for (a, b) in pairs {
            // The title opens the article, not an entry.
            if b == 0 {
                return found;
            }
            if self.words.sentence(a).is_empty() || self.words.sentence(b).is_empty() {
                continue;
            }
            if self.words.hash(a) == self.words.hash(b) {
                // The same heading over different content (`Snack` over `1
                // apple` here, over `a handful of nuts` there): two entries
                // of one list.
                let shape = self.words.shape(a);
                if differing > 0 && shape.weight <= 4 && !shape.terminal {
                    return Entry::Distinct;
                }
                continue;
            }
            // Only right before the answer (past copies of its own start).
            if differing == 0 && answers.is_some_and(|(i, w)| self.answer_two_questions(i, w, a, b))
            {
                return Entry::Distinct;
            }
            match parallel(self.doc, self.words, a, b) {
                Entry::None => {}
                Entry::SameLabel => {
                    found = Entry::SameLabel;
                    continue;
                }
                Entry::Distinct => return Entry::Distinct,
            }
            differing += 1;
            if differing == MAX_DIFFERING {
                return found;
            }
        }
        found
    }
}

/// The title repeated right under itself (once or more), however short: a
/// headline shown again above the body. `dropped` marks what went already.
pub(crate) fn title_repeats(
    doc: &Document,
    words: &Words,
    dropped: &[bool],
) -> Vec<(usize, Decision)> {
    let Some(first) = doc.paragraphs.first() else {
        return Vec::new();
    };
    let t = first.sentences.start;
    let again = |h: usize| {
        !words.sentence(h).is_empty()
            && words.hash(h) == words.hash(t)
            && words.marks(h) == words.marks(t)
    };
    let mut found = Vec::new();
    // The headline again on the lines right under the title, in its block.
    for h in first.sentences.clone().skip(1) {
        if !(own_line(doc, t) && own_line(doc, h) && again(h)) {
            return found;
        }
        found.push((h, label_decision(doc, h, Kind::Exact, vec![t])));
    }
    for para in doc.paragraphs.iter().skip(1) {
        if !para.sentences.is_empty() && para.sentences.clone().all(|j| dropped[j]) {
            continue;
        }
        let h = para.sentences.start;
        if para.sentences.len() != 1 || !again(h) {
            break;
        }
        found.push((h, label_decision(doc, h, Kind::Exact, vec![t])));
    }
    found
}

/// Headings and labels left over by the drops: a short heading over a box or
/// entry that went whole (`Key points`, `Related`, a repeated `12:15`). A
/// heading goes with its box when the box held two items or more, when its
/// words are a display label's (`Read more`, `In brief`), or when it repeats
/// an earlier heading; a crosshead over one dropped paragraph of the body
/// stays.
pub(crate) fn leftover_labels(
    doc: &Document,
    words: &Words,
    dropped: &[bool],
) -> Vec<(usize, Decision)> {
    let mut found = Vec::new();
    let gone = |q: usize| {
        let para = &doc.paragraphs[q];
        !para.sentences.is_empty() && para.sentences.clone().all(|j| dropped[j])
    };
    let mut seen: FxHashMap<u64, usize> = FxHashMap::default();
    for (q, para) in doc.paragraphs.iter().enumerate() {
        if q == 0 || gone(q) || para.sentences.is_empty() {
            continue;
        }
        let h = para.sentences.start;
        // A label on the line right above its items, in their paragraph
        // (`Read more:` over a teaser, `Recap:` over its points).
        let inline_items = para.sentences.len() > 1
            && own_line(doc, h)
            && (h + 1..para.sentences.end).all(|j| dropped[j]);
        if para.sentences.len() != 1 && !inline_items {
            continue;
        }
        let shape = words.shape(h);
        let earlier = seen.insert(words.hash(h), h);
        if dropped[h] || words.sentence(h).is_empty() || shape.terminal || shape.weight > 5 {
            continue;
        }
        let items = if inline_items {
            (h + 1..para.sentences.end)
                .filter(|&j| own_line(doc, j))
                .count()
        } else {
            let run: Vec<usize> = (q + 1..doc.paragraphs.len())
                .take_while(|&r| gone(r))
                .collect();
            run.iter()
                .filter(|&&r| doc.paragraphs[r].sentences.len() == 1)
                .count()
                .max(usize::from(!run.is_empty()))
        };
        if items == 0 {
            continue;
        }
        let labelled = words.sentence(h).iter().all(|&w| {
            let k = words.vocab.kind(w);
            k.label || k.function
        });
        if items >= 2 || labelled || earlier.is_some() {
            found.push((h, label_decision(doc, h, Kind::Label, Vec::new())));
        }
    }
    found
}

fn label_decision(doc: &Document, h: usize, kind: Kind, witnesses: Vec<usize>) -> Decision {
    let span = doc.sentences[h].span;
    Decision {
        kind,
        score: 1.0,
        span,
        supplied: witnesses.iter().map(|_| span).collect(),
        witnesses: witnesses.iter().map(|&w| doc.sentences[w].span).collect(),
        rule: (kind == Kind::Label).then(|| "heading of what went".to_owned()),
    }
}

/// The byte spans of sentence `i` that its witnesses supply, from the word
/// ranges the scorer found.
pub(crate) fn supplied_spans(
    doc: &Document,
    i: usize,
    ranges: &[std::ops::Range<usize>],
) -> Vec<Span> {
    let span = doc.sentences[i].span;
    // One witness supplies the sentence; only a merge is worth reading again.
    if ranges.len() < 2 {
        return ranges.iter().map(|_| span).collect();
    }
    crate::normalize::word_spans(doc.text, span, ranges)
}

/// What two sentences are to each other as entries of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Entry {
    /// Not parallel.
    None,
    /// Lines under the same label (`Q: …` and `Q: …`).
    SameLabel,
    /// Entries that differ where entries differ (`Day 2` and `Day 3`).
    Distinct,
}

pub(crate) fn parallel(doc: &Document, words: &Words, a: usize, b: usize) -> Entry {
    let text = |i: usize| doc.sentences[i].span.text(doc.text);
    // Two entries each say something the other does not; a line that only
    // adds to or leaves out words of the other is a copy of it.
    let (sa, sb) = (words.sentence(a), words.sentence(b));
    let (labels, la, lb) = (label(text(a)).zip(label(text(b))), sa.len(), sb.len());
    let short = la.max(lb) <= MAX_LABEL_WORDS && la.max(lb) <= 2 * la.min(lb) + 1;
    if labels.is_none() && !short {
        return Entry::None;
    }
    let lacks = |x: &[WordId], y: &[WordId]| {
        x.iter()
            .any(|&w| !words.vocab.kind(w).function && !y.contains(&w))
    };
    if !(lacks(sa, sb) && lacks(sb, sa)) {
        return Entry::None;
    }
    let kind = |w: WordId| words.vocab.kind(w);
    let shape = |i: usize| -> Vec<u64> {
        let case = words.case(i);
        words
            .sentence(i)
            .iter()
            .zip(case)
            .map(|(&w, &c)| {
                let k = kind(w);
                if k.number {
                    1
                } else if k.function {
                    w
                } else if c != Case::Lower {
                    2
                } else {
                    3
                }
            })
            .collect()
    };
    let (ha, hb) = (shape(a), shape(b));
    // The same leading label (`Breakfast:`, `Q:`), or labels of one template
    // (`Tuesday, 9.40pm, Elm Street:` and `Monday, 3.15am, Oak Road:`).
    if let Some((ka, kb)) = labels
        && ka == kb
        && ka <= ha.len()
        && kb <= hb.len()
    {
        if sa[..ka] == sb[..kb] {
            return Entry::SameLabel;
        }
        if ha[..ka] == hb[..kb] && ha[..ka].iter().any(|&c| c <= 2) {
            return Entry::Distinct;
        }
    }
    if !short {
        return Entry::None;
    }
    let common = lcs_len(&ha, &hb);
    let longest = la.max(lb);
    let same_shape = common * 4 >= longest * 3 && (longest > 1 || ha == hb);
    let shares_word = sa.iter().any(|&w| !kind(w).function && sb.contains(&w));
    let both_numbered = sa.iter().any(|&w| kind(w).number) && sb.iter().any(|&w| kind(w).number);
    // Or the very same template, with names or numbers in two places at least
    // (`Ashford v Greystone`, `Hartley v Eastleigh`).
    let template = ha == hb && longest >= 3 && ha.iter().filter(|&&c| c <= 2).count() >= 2;
    // Entries differ in who, where or when (a name or a number), not only in
    // what happened: `lobte` → `kritisierte` is a changed copy, not an entry.
    let differs = |x: usize, y: usize| {
        let other = words.sentence(y);
        words
            .sentence(x)
            .iter()
            .enumerate()
            .any(|(p, &w)| !other.contains(&w) && (kind(w).number || words.is_name(x, p)))
    };
    let identifying = differs(a, b) || differs(b, a);
    let distinct = (same_shape && (shares_word || both_numbered || template) && identifying)
        || (name_heading(doc, words, a) && name_heading(doc, words, b));
    if distinct {
        Entry::Distinct
    } else {
        Entry::None
    }
}

/// A heading that is a name (`Whitworth Art Gallery`, `Southgate`): a short
/// line of its own, without a full stop, of names only, and no navigation
/// (`Share`, `Advertisement`).
fn name_heading(doc: &Document, words: &Words, i: usize) -> bool {
    let shape = words.shape(i);
    let names = words
        .sentence(i)
        .iter()
        .enumerate()
        .all(|(p, &w)| words.is_name(i, p) || (p > 0 && words.vocab.kind(w).function));
    own_line(doc, i)
        && !shape.terminal
        && (1..=5).contains(&shape.weight)
        && names
        && !crate::boilerplate::is_navigation(doc.sentences[i].span.text(doc.text))
}

/// Whether sentence `i` asks a question (ends with `?`, perhaps inside quotes).
fn is_question(doc: &Document, i: usize) -> bool {
    doc.sentences[i]
        .span
        .text(doc.text)
        .trim_end_matches(['"', '\'', '”', '’', '»', ')', '*', '_'])
        .ends_with(['?', '？', '؟'])
}

/// Whether sentence `i` fills a line of its own.
fn own_line(doc: &Document, i: usize) -> bool {
    let span = doc.sentences[i].span;
    let bytes = doc.text.as_bytes();
    let before = bytes[..span.start]
        .iter()
        .rev()
        .find(|b| **b != b' ' && **b != b'\t');
    let after = bytes[span.end..]
        .iter()
        .find(|b| **b != b' ' && **b != b'\t');
    matches!(before, None | Some(b'\n')) && matches!(after, None | Some(b'\n' | b'\r'))
}

/// The leading label of a sentence (`Breakfast:`, `Q:`, `Tuesday, 9.40pm,
/// Elm Street:`): one to six words before a colon, as a word count.
fn label(text: &str) -> Option<usize> {
    let head = &text.as_bytes()[..text.len().min(60)];
    memchr::memchr(b':', head)?;
    let cut = text
        .char_indices()
        .take(60)
        .find(|&(k, c)| c == ':' && !text[k + 1..].starts_with(|d: char| d.is_ascii_digit()))?
        .0;
    let prefix = &text[..cut];
    let count = unicode_segmentation::UnicodeSegmentation::unicode_words(prefix).count();
    let ends_sentence = prefix
        .char_indices()
        .any(|(k, c)| matches!(c, '!' | '?') || (c == '.' && prefix[k + 1..].starts_with(' ')));
    ((1..=6).contains(&count) && !ends_sentence).then_some(count)
}

/// Length of the longest common subsequence of two short sequences.
fn lcs_len(a: &[u64], b: &[u64]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for &x in a {
        let mut diagonal = 0;
        for (j, &y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y {
                diagonal + 1
            } else {
                row[j + 1].max(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// What becomes of one sentence of a paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Drop,
    /// Kept; for a repeat, why.
    Keep(Option<KeepReason>),
}

/// Decides which sentences of one paragraph go.
///
/// A strong repeat goes, unless its context says otherwise (`context`: a
/// record, or part of a display line), or it is the only repeat among new
/// sentences of its paragraph (journalists restate a point once; an entry's
/// stock line repeats under each entry). A weak repeat goes only inside a
/// run: a strong repeat within two sentences of it and no more new sentences
/// than repeats around it; alone in its paragraph, it goes when the sentence
/// before went (`previous`). Short exact repeats and wordless sentences go
/// only when everything else in the paragraph goes.
fn resolve_run(
    run: &[(usize, Assessment)],
    context: &[Option<KeepReason>],
    substantial: &[bool],
    lines: &[usize],
    previous: Option<bool>,
) -> Vec<Verdict> {
    let is_repeat =
        |j: usize| matches!(run[j].1, Assessment::Repeat { .. }) && !is_dependent(&run[j].1);
    let is_strong = |j: usize| matches!(run[j].1, Assessment::Repeat { strong: true, .. });
    // New text that makes a repeat a restatement: a sentence of some length,
    // or one with a number (`Stoke 1-0 Millwall.`), not an empty `Date:`.
    // Kept because it says more than its witness (`"The first time is bad,"
    // he added.`) is new text too.
    let is_new = |j: usize| {
        substantial[j]
            && matches!(
                run[j].1,
                Assessment::New
                    | Assessment::Kept {
                        reason: KeepReason::Extension,
                        ..
                    }
            )
    };
    // The sentences around `k` in the paragraph, but not `k` itself nor copies
    // of it: a sentence repeated right after itself is not a run of repeats.
    let around = |k: usize, reach: usize| {
        let lo = k.saturating_sub(reach);
        let hi = (k + reach + 1).min(run.len());
        let me = run[k].0;
        (lo..hi).filter(move |&j| {
            j != k
                && lines[j] == lines[k]
                && !matches!(&run[j].1, Assessment::Repeat { witnesses, .. } if witnesses.contains(&me))
        })
    };
    let alone = run.iter().filter(|(_, b)| !is_dependent(b)).count() == 1;
    let restated = Verdict::Keep(Some(KeepReason::Restated));
    let mut verdicts: Vec<Verdict> = run
        .iter()
        .enumerate()
        .map(|(k, (_, a))| match a {
            _ if context[k].is_some() => Verdict::Keep(context[k]),
            Assessment::Repeat {
                strong: true,
                kind,
                witnesses,
                ..
            } => {
                // A sentence said twice word for word in one paragraph is a
                // stutter of the scrape, not a point restated.
                let stutter = *kind == Kind::Exact
                    && witnesses.iter().any(|w| {
                        run.iter()
                            .enumerate()
                            .any(|(m, (j, _))| j == w && lines[m] == lines[k])
                    });
                let lone = !alone
                    && !stutter
                    && !around(k, SUPPORT_REACH).any(is_repeat)
                    && around(k, SUPPORT_REACH).any(is_new);
                if lone { restated } else { Verdict::Drop }
            }
            Assessment::Repeat { strong: false, .. } if !is_dependent(a) => {
                let in_run = if alone {
                    previous == Some(true)
                } else {
                    let strong_near = around(k, 2).any(is_strong);
                    let repeats = around(k, 2).filter(|&j| is_repeat(j)).count() + 1;
                    let window = around(k, 2).count() + 1;
                    strong_near && repeats * 2 >= window
                };
                if in_run { Verdict::Drop } else { restated }
            }
            _ => Verdict::Keep(None),
        })
        .collect();
    let others_all_go = run
        .iter()
        .zip(&verdicts)
        .all(|((_, a), &v)| v == Verdict::Drop || is_dependent(a));
    if others_all_go && verdicts.contains(&Verdict::Drop) {
        for (k, (_, a)) in run.iter().enumerate() {
            if is_dependent(a) {
                verdicts[k] = Verdict::Drop;
            }
        }
    }
    verdicts
}

/// For each sentence of a paragraph's run, the entry it belongs to: its line,
/// when the paragraph is a list of lines (each line its own entry: no
/// sentence runs on from one line to the next); else one entry for all.
fn entry_lines(doc: &Document, run: &[(usize, Assessment)]) -> Vec<usize> {
    let text = |i: usize| doc.sentences[i].span.text(doc.text);
    let listed = run.len() > 1 && !run.iter().any(|&(i, _)| text(i).contains('\n'));
    if !listed {
        return vec![0; run.len()];
    }
    let mut line = 0;
    let mut previous_end = None;
    run.iter()
        .map(|&(i, _)| {
            let span = doc.sentences[i].span;
            if let Some(end) = previous_end {
                line += doc.text[end..span.start].matches('\n').count();
            }
            previous_end = Some(span.end);
            line
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn is_parallel(a: &str, b: &str) -> bool {
        let text = format!("Title\n\n{a}\n\n{b}\n");
        let doc = parse(&text);
        let words = Words::new(doc.sentences.iter().map(|s| s.span.text(&text)));
        parallel(&doc, &words, 1, 2) != Entry::None
    }

    #[test]
    fn entries_of_one_list_are_parallel() {
        assert!(is_parallel("Day 2", "Day 3"));
        assert!(is_parallel("Leeds 2-1 Hull.", "Stoke 1-0 Millwall."));
        assert!(is_parallel(
            "Tuesday, 9.40pm, Elm Street",
            "Wednesday, 3.15am, Oak Road"
        ));
        assert!(is_parallel(
            "A13 northbound, junction 26 to 27",
            "A120 westbound, junction 3 to 4"
        ));
        assert!(is_parallel(
            "Breakfast: porridge with grapes",
            "Breakfast: 2 boiled eggs and toast"
        ));
        assert!(is_parallel("Q: Why did you leave?", "Q: What came next?"));
        assert!(is_parallel("Ashford v Greystone", "Hartley v Eastleigh"));
    }

    #[test]
    fn unrelated_lines_are_not_parallel() {
        assert!(!is_parallel("Share", "Advertisement"));
        assert!(!is_parallel(
            "The council met on Tuesday to discuss the budget for next year.",
            "Critics said the plan would hurt local services across the county."
        ));
        assert!(!is_parallel("Key points", "The bank raised rates to 5%."));
    }

    #[test]
    fn lcs_of_shapes() {
        assert_eq!(lcs_len(&[1, 2, 3], &[1, 3]), 2);
        assert_eq!(lcs_len(&[], &[1]), 0);
    }
}
