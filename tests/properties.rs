//! Property tests of `clean()`: on any text it must not panic, its output must
//! be an in-order selection of the input's bytes, a second run must change
//! nothing, and text without repeats must come out unchanged.
//!
//! The number of cases per property is proptest's default (256); set
//! `PROPTEST_CASES=100000` for a long run (see `scripts/fuzz.sh`).

#[path = "support/invariants.rs"]
mod invariants;

use newsdedup::{Config, clean};
use proptest::prelude::*;

/// Checks every invariant of one run on `text`.
fn check_invariants(text: &str, config: &Config) -> Result<(), TestCaseError> {
    invariants::check(text, config).map_err(TestCaseError::fail)
}

const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "not",
    "council",
    "budget",
    "Mr.",
    "Smith",
    "U.S.",
    "rose",
    "12",
    "14",
    "percent",
    "on",
    "Monday",
    "“we",
    "will",
    "win”",
    "and",
    "shares",
    "fell",
    "never",
    "Dr.",
    "Jones",
    "in",
    "London",
    "3.5",
    "million",
    "jobs",
    "said:",
    "Meanwhile,",
    "he",
    "no",
    "Jan.",
    "5",
    "résumé",
    "北京",
    "东京",
    "🙂",
    "—",
    "\"quoted\"",
    "it's",
    "…",
];

/// A sentence from a small vocabulary, so that repeats and near repeats abound.
fn sentence() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(WORDS), 1..14),
        prop::sample::select(&[".", "?", "!", ".”", "", "。"][..]),
    )
        .prop_map(|(words, end)| {
            let mut s = words.join(" ");
            if let Some(first) = s.get(..1) {
                let upper = first.to_uppercase();
                s.replace_range(..1, &upper);
            }
            s + end
        })
}

/// An article-like text: paragraphs of sentences, with random separators, and
/// copies of earlier paragraphs and sentences mixed in.
fn article() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::collection::vec(sentence(), 1..5), 1..8),
        prop::collection::vec(
            (any::<prop::sample::Index>(), any::<prop::sample::Index>()),
            0..6,
        ),
        prop::sample::select(&["\n\n", "\n", "\r\n\r\n", "\n \n\n", "\r\n"][..]),
        prop::sample::select(&["", "\n", "\r\n", "\n\n", "\u{feff}"][..]),
    )
        .prop_map(|(mut paragraphs, copies, sep, edge)| {
            for (from, to) in copies {
                let source = paragraphs[from.index(paragraphs.len())].clone();
                let at = to.index(paragraphs.len() + 1);
                paragraphs.insert(at, source);
            }
            let body: Vec<String> = paragraphs.iter().map(|p| p.join(" ")).collect();
            if edge == "\u{feff}" {
                format!("{edge}{}", body.join(sep))
            } else {
                format!("{}{edge}", body.join(sep))
            }
        })
}

/// Text in which no word occurs twice: nothing in it can be a repeat.
fn article_without_repeats() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::collection::vec(1usize..16, 1..5), 1..8).prop_map(|paragraphs| {
        let mut next = 0;
        let mut word = || {
            next += 1;
            format!("w{next}x")
        };
        let paragraphs: Vec<String> = paragraphs
            .iter()
            .map(|sentences| {
                sentences
                    .iter()
                    .map(|&len| {
                        let words: Vec<String> = (0..len).map(|_| word()).collect();
                        format!("{}.", words.join(" "))
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        paragraphs.join("\n\n") + "\n"
    })
}

proptest! {
    #[test]
    fn arbitrary_text_keeps_the_invariants(text in any::<String>()) {
        check_invariants(&text, &Config::default())?;
    }

    #[test]
    fn punctuation_and_whitespace_soup_keeps_the_invariants(
        text in "[a-cA-C .!?\n\r\t\"“”'’:;,0-9\u{0}\u{feff}\u{300}]{0,200}"
    ) {
        check_invariants(&text, &Config::default())?;
    }

    #[test]
    fn articles_with_repeats_keep_the_invariants(text in article()) {
        check_invariants(&text, &Config::default())?;
        let keep = Config { boilerplate: false, ..Config::default() };
        check_invariants(&text, &keep)?;
    }

    #[test]
    fn text_without_repeats_is_unchanged(text in article_without_repeats()) {
        let cleaned = clean(&text, &Config::default());
        prop_assert!(cleaned.decisions.is_empty());
        prop_assert_eq!(cleaned.text(), text);
    }
}

#[test]
fn a_copied_paragraph_is_always_dropped() {
    let text = "Title\n\nThe council approved the budget on Monday after a long debate.\n\n\
                Critics said the plan cuts too deep.\n\n\
                The council approved the budget on Monday after a long debate.\n";
    let cleaned = clean(text, &Config::default());
    assert_eq!(cleaned.decisions.len(), 1);
    assert_eq!(cleaned.paragraphs_dropped, 1);
    assert_eq!(cleaned.sentences_dropped, 1);
}

/// Found by the fuzzer: a navigation line that ends the article only once a
/// repeat after it is gone must go in the same run, or a second run drops it.
#[test]
fn navigation_freed_by_a_dropped_repeat_goes_in_the_same_run() {
    let text = "Title\n\nThe bridge reopened on Friday after repairs.\n\n\
                Advertisement\n\nThe bridge reopened on Friday after repairs.\n";
    let once = clean(text, &Config::default()).text();
    assert_eq!(
        once,
        "Title\n\nThe bridge reopened on Friday after repairs.\n"
    );
    assert_eq!(clean(&once, &Config::default()).text(), once);
}

/// Found by the fuzzer: once the only later paragraph goes, the article has
/// no blank line left and a second run reads it one paragraph per line; a
/// navigation line at the end of the first paragraph must go in the first run.
#[test]
fn navigation_at_the_end_of_a_paragraph_goes_whatever_the_layout() {
    let text = "Mayor Ilse Brandt said the repairs ended this month. The crew resurfaced the deck.\nAdvertisement\n\n\
                Mayor Ilse Brandt said the repairs ended this month. The crew resurfaced the deck";
    let once = clean(text, &Config::default()).text();
    assert!(!once.contains("Advertisement"), "{once:?}");
    assert_eq!(clean(&once, &Config::default()).text(), once);
}

/// Found by the fuzzer: a label whose value was a repeat stands empty once
/// the repeat goes, and must go in the same run.
#[test]
fn a_label_left_empty_by_a_dropped_repeat_goes_in_the_same_run() {
    let text = "Title\n\nThe council met on Monday evening.\n\nDate:\nThe council met on Monday evening.\n";
    let once = clean(text, &Config::default()).text();
    assert_eq!(once, "Title\n\nThe council met on Monday evening.\n");
    assert_eq!(clean(&once, &Config::default()).text(), once);
}

/// Found by the fuzzer: once the last paragraph goes, the output has no blank
/// line and a second run reads it one paragraph per line. Sentences must not
/// depend on that (a line break always ends one), nor the context of a
/// sentence left alone in its paragraph but for wordless bits.
#[test]
fn the_layout_seen_by_a_second_run_changes_nothing() {
    for text in [
        "5 in St Mosts\ns\n5 in St Mosts\n\n5 in St Mosts",
        "lse Brandt said of\nlse Brandt said of. M work\n\nlse Brandt said of\nM work",
        "The operatorices that d. rul\n.The operatorices that rul.\n\nThe operatorices that rul",
    ] {
        for config in [
            Config::default(),
            Config {
                boilerplate: false,
                ..Config::default()
            },
        ] {
            let once = clean(text, &config).text();
            assert_eq!(clean(&once, &config).text(), once, "{text:?}");
        }
    }
}

/// Found by the fuzzer: a weak repeat and its exact copy in one paragraph. The
/// copy must be seen as a copy in the first run (not only once a second run
/// reads the lines as paragraphs), and must not make the first look like a run.
#[test]
fn an_exact_copy_of_a_weak_repeat_in_the_same_paragraph() {
    let text = "cables and resurfaced thSkip to content\n\
                We promised the.“We promised the town a seel cables and resurfaced thSkip to content\n\
                We promised the town a seel cables and resurfaced thSkip to content\n\nRead more";
    let once = clean(text, &Config::default()).text();
    assert!(once.contains("We promised the town a seel"), "{once:?}");
    assert_eq!(once.matches("We promised the town a seel").count(), 1);
    assert_eq!(clean(&once, &Config::default()).text(), once);
}

/// Found by the fuzzer: a dropped sentence between two kept ones took a
/// carriage return with it, and the two kept ones merged on a second reading.
#[test]
fn a_line_break_between_kept_sentences_survives_a_drop() {
    let text = "Corbin knocking nearly 400,000 low peeling roofs from inches of rain. \
                Mobile inches of raiw-lying neighborhoods peeling. Mobile inches of raiw-lying\r,3.\
                Corbin knocking nearly 400,000\nPORT ELLISON Ala. PORT ELLISON Ala inches of rain. \
                Mobile inches 3 low-lying neighborhoods peeling roofs from";
    let once = clean(text, &Config::default()).text();
    assert_eq!(clean(&once, &Config::default()).text(), once);
}
