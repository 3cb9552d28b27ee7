//! Fuzz target for `newsdedup::clean`: any UTF-8 text, with the default config
//! and with boilerplate removal off. Checks that the output is an in-order
//! selection of the input's bytes, that `changed()` tells whether the output
//! differs, and that a second run changes nothing. Run with `scripts/fuzz.sh`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdedup::Config;

#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let keep_boilerplate = Config {
        boilerplate: false,
        ..Config::default()
    };
    for config in [&Config::default(), &keep_boilerplate] {
        if let Err(failure) = invariants::check(text, config) {
            panic!("{failure}");
        }
    }
});
