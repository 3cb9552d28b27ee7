//! The invariants of one `clean()` run, shared by the property tests
//! (`tests/properties.rs`) and the fuzz target (`fuzz/fuzz_targets/clean.rs`).

use newsdedup::{Config, Span, clean};

/// Cleans `text` with `config` and checks that the kept spans are increasing,
/// non-overlapping, non-empty, in bounds and on char boundaries, that together
/// they are exactly `.text()`, that `changed()` and `output_len()` agree with
/// it, and that a second run changes nothing. The error says which failed.
pub fn check(text: &str, config: &Config) -> Result<(), String> {
    let cleaned = clean(text, config);
    let mut last_end = 0;
    let mut rebuilt = String::new();
    for &Span { start, end } in cleaned.kept_spans() {
        if !(start >= last_end && start < end && end <= text.len()) {
            return Err(format!(
                "bad span {start}..{end} (previous end {last_end}, input length {})",
                text.len()
            ));
        }
        let piece = text
            .get(start..end)
            .ok_or_else(|| format!("span {start}..{end} splits a character"))?;
        rebuilt.push_str(piece);
        last_end = end;
    }
    let out = cleaned.text();
    if rebuilt != out {
        return Err(format!("kept spans {rebuilt:?} are not .text() {out:?}"));
    }
    if cleaned.output_len() != out.len() {
        return Err(format!(
            "output_len() {} != text().len() {}",
            cleaned.output_len(),
            out.len()
        ));
    }
    if cleaned.changed() != (out != text) {
        return Err(format!(
            "changed() is {} but output != input is {} ({} decisions)",
            cleaned.changed(),
            out != text,
            cleaned.decisions.len()
        ));
    }
    let again = clean(&out, config).text();
    if again != out {
        return Err(format!("a second run changed {out:?} into {again:?}"));
    }
    Ok(())
}
