#!/usr/bin/env bash
# Long randomized checks of newsdedup::clean(). Not part of CI (.ci/run does
# not call it): it takes minutes, and the fuzz half needs cargo-fuzz.
#
#   scripts/fuzz.sh                          # 100000 proptest cases, 300 s of fuzzing
#   CASES=1000 SECONDS_TO_FUZZ=60 scripts/fuzz.sh
#
# 1. tests/properties.rs with PROPTEST_CASES=$CASES (default 100000).
# 2. If cargo-fuzz is installed (`cargo install cargo-fuzz`), the libFuzzer
#    target fuzz/fuzz_targets/clean.rs for $SECONDS_TO_FUZZ seconds (default
#    300), its corpus seeded from fixtures/*.txt and fixtures/corpus/*.txt.
#    It runs $FUZZ_JOBS worker processes (default: one per CPU) in libFuzzer's
#    fork mode and keeps going after a failure, so one run collects every
#    failing input it meets; each is saved under fuzz/artifacts/clean/. Shrink
#    one with `RUSTC_BOOTSTRAP=1 cargo fuzz tmin -s none clean <artifact>`.
#
# The fuzzer runs on stable Rust. `-s none` turns off the sanitizer: the crate
# has no unsafe code for AddressSanitizer (cargo-fuzz's default) to check, and
# without it the fuzzer runs about 3x faster. With `-s none`, cargo-fuzz 0.13
# passes rustc only stable -C flags; RUSTC_BOOTSTRAP=1 is set anyway so that
# `-s address` (which needs -Zsanitizer) also works on stable. Debug
# assertions and overflow checks stay on (cargo-fuzz's default without -O).
#
# Exits non-zero if either half finds a failure.
set -uo pipefail
cd "$(dirname "$0")/.."

status=0

echo "== proptest: PROPTEST_CASES=${CASES:-100000}"
PROPTEST_CASES=${CASES:-100000} cargo test --release --test properties || status=1

if cargo fuzz --version >/dev/null 2>&1; then
    seconds=${SECONDS_TO_FUZZ:-300}
    corpus=fuzz/corpus/clean
    mkdir -p "$corpus"
    cp fixtures/*.txt fixtures/corpus/*.txt "$corpus/"
    artifacts=fuzz/artifacts/clean
    mkdir -p "$artifacts"
    before=$(ls "$artifacts" | wc -l)
    echo "== cargo fuzz: clean for ${seconds}s"
    RUSTC_BOOTSTRAP=1 cargo fuzz run -s none clean "$corpus" -- \
        -max_total_time="$seconds" -timeout=30 \
        -fork="${FUZZ_JOBS:-$(nproc)}" -ignore_crashes=1 || status=1
    # In fork mode libFuzzer goes on past a failure and may exit 0: count the
    # inputs it saved instead.
    after=$(ls "$artifacts" | wc -l)
    if [ "$after" -gt "$before" ]; then
        echo "== cargo fuzz: $((after - before)) failing inputs saved in $artifacts"
        status=1
    fi
else
    echo "== cargo fuzz: not installed, skipped (cargo install cargo-fuzz)"
fi

exit "$status"
