#!/usr/bin/env bash
# Scores newsdedup on the shared evaluation sets (not part of the test suite:
# the sets live outside the repository, in ../shared, and are evaluation-only).
#
#   scripts/eval.sh [SHARED_DIR] [-- extra newsdedup flags]
#
# Prints score.py's tables for the dup and clean suites, the seed example, and
# the real-scrape scorer's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
flags="$*"
eval_dir="$shared/eval"
[ -d "$eval_dir" ] || { echo "eval.sh: no $eval_dir (the shared evaluation sets)" >&2; exit 2; }
cargo build --release --quiet
bin="target/release/newsdedup $flags"
python3 "$eval_dir/score.py" "$eval_dir/cases" --cmd "$bin"
python3 "$eval_dir/score.py" "$shared/seeds" --cmd "$bin"
python3 "$eval_dir/score.py" "$shared/seeds" --cmd "$bin --keep-boilerplate" --gold-suffix .dedup-only.txt
python3 "$eval_dir/realscrape_score.py" "$eval_dir/realscrape" --cmd "$bin"
