//! The domain types every stage shares: byte spans, kinds of repeat, reasons
//! to keep, and the decisions a run makes. This module sits at the bottom of
//! the house: stages use it, it uses no stage.

use std::io;
use std::ops::Range;

/// A half-open byte range `start..end` into the article text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// The text this span covers. Spans made by the parser always fall on
    /// character boundaries; an invalid span yields "" instead of panicking.
    pub fn text(self, text: &str) -> &str {
        text.get(self.range()).unwrap_or("")
    }
}

/// How a sentence repeats earlier text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// The same normalised text.
    Exact,
    /// One earlier sentence with a few words changed.
    Near,
    /// Nearly all of it occurs in one or two earlier sentences (truncation, merge,
    /// added connective, reworded reporting verb).
    Covered,
    /// Navigation, an empty label, or a line matching a user pattern.
    Boilerplate,
    /// The heading of a box, or the label of an entry, that goes with it
    /// (`Key points` over a box of repeats; `12:15` over a copied entry).
    Label,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Exact => "exact",
            Kind::Near => "near",
            Kind::Covered => "covered",
            Kind::Boilerplate => "boilerplate",
            Kind::Label => "label",
        }
    }
}

/// Why a sentence that resembles earlier text is kept anyway.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeepReason {
    /// A number its witnesses lack.
    Number,
    /// A name its witnesses lack.
    Name,
    /// A negation added or removed.
    Negation,
    /// It goes on where its witness stopped, or starts before it.
    Extension,
    /// It quotes a passage from inside its witness (a pull quote, a caption
    /// that the body repeats), not the start of it as a truncated copy does.
    Excerpt,
    /// `only` or a modal (`must` → `may`) added, dropped or changed; or a
    /// hedge (`almost`, `reportedly`, `former`, `denied`).
    Qualifier,
    /// A sign, currency, unit or symbol its witnesses lack or have otherwise
    /// (`-5` / `5`, `£40` / `$40`, `10%` / `10`, `<` / `>`, `↑` / `↓`, `✓` / `✗`).
    Symbol,
    /// A word of the statement put in or swapped for another (`injured` →
    /// `killed`, `before` → `after`): not a light edit.
    Changed,
    /// A repeat, but a record: it stands in an entry of a list parallel to
    /// its witness's entry (`No injuries were reported.` under each incident).
    Record,
    /// A repeat, but the only one among new sentences of its paragraph: a
    /// point restated once, not a scraper's copy.
    Restated,
    /// A repeat of part of a display line (a headline, caption or link text),
    /// or a heading that says part of a sentence: neither is a copy of the other.
    Partial,
}

impl KeepReason {
    /// A short name for pipelines (`number`, `record`, …).
    pub fn code(self) -> &'static str {
        match self {
            KeepReason::Number => "number",
            KeepReason::Name => "name",
            KeepReason::Negation => "negation",
            KeepReason::Extension => "extension",
            KeepReason::Excerpt => "excerpt",
            KeepReason::Qualifier => "qualifier",
            KeepReason::Changed => "changed",
            KeepReason::Symbol => "symbol",
            KeepReason::Record => "record",
            KeepReason::Restated => "restated",
            KeepReason::Partial => "partial",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            KeepReason::Number => "a number its witnesses lack",
            KeepReason::Name => "a name its witnesses lack",
            KeepReason::Negation => "a negation added or removed",
            KeepReason::Extension => "more than its witnesses say",
            KeepReason::Excerpt => "an excerpt from inside its witness",
            KeepReason::Qualifier => "an \"only\", a modal or a hedge its witnesses lack",
            KeepReason::Symbol => "a sign or symbol its witnesses lack",
            KeepReason::Changed => "a word its witnesses do not have",
            KeepReason::Record => "a record: its entry parallels its witness's",
            KeepReason::Restated => "a point restated once among new sentences",
            KeepReason::Partial => "part of a display line, or a heading",
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
    /// The passages that already say it (empty for boilerplate): earlier
    /// text, or the body sentence that a display copy defers to.
    pub witnesses: Vec<Span>,
    /// For each witness, the part of the dropped text it supplies (a merge
    /// of two sentences has two parts).
    pub supplied: Vec<Span>,
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

/// The result of [`clean`](crate::clean): what was dropped, and the cleaned text.
#[derive(Clone, Debug)]
pub struct Cleaned<'a> {
    pub(crate) input: &'a str,
    pub(crate) kept: Vec<Span>,
    /// Every dropped passage, in input order.
    pub decisions: Vec<Decision>,
    /// Near misses kept because they carry something new, in input order.
    pub notes: Vec<Note>,
    /// Sentences and paragraphs dropped.
    pub sentences_dropped: usize,
    pub paragraphs_dropped: usize,
    /// Whether a further pass over the output could decide otherwise.
    pub(crate) unsettled: bool,
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
        for span in &self.kept {
            out.write_all(span.text(self.input).as_bytes())?;
        }
        Ok(())
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
