//! Fuzz target for `newsdedup::clean`: any UTF-8 text, with the default config
//! and with boilerplate removal off. Checks that the output is an in-order
//! selection of the input's bytes, that `changed()` tells whether the output
//! differs, and that a second run changes nothing. Run with `scripts/fuzz.sh`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdedup::{Config, Span, clean};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check(text, &Config::default());
    check(
        text,
        &Config {
            boilerplate: false,
            ..Config::default()
        },
    );
});

fn check(text: &str, config: &Config) {
    let cleaned = clean(text, config);

    // (a) Kept spans: increasing, non-overlapping, non-empty, in bounds, on
    // char boundaries, and together exactly `.text()`.
    let mut last_end = 0;
    let mut rebuilt = String::new();
    for &Span { start, end } in cleaned.kept_spans() {
        assert!(
            start >= last_end && start < end && end <= text.len(),
            "bad span {start}..{end} (previous end {last_end}, input length {})",
            text.len()
        );
        let piece = text.get(start..end);
        assert!(piece.is_some(), "span {start}..{end} splits a character");
        rebuilt.push_str(piece.unwrap());
        last_end = end;
    }
    let out = cleaned.text();
    assert_eq!(rebuilt, out, "kept spans do not concatenate to .text()");
    assert_eq!(
        cleaned.output_len(),
        out.len(),
        "output_len() != text().len()"
    );

    // (b) changed() exactly when the output differs from the input.
    assert_eq!(
        cleaned.changed(),
        out != text,
        "changed() disagrees with output != input ({} decisions)",
        cleaned.decisions.len()
    );

    // (c) Idempotence.
    let again = clean(&out, config);
    assert_eq!(again.text(), out, "a second run changed the output");
}
