#!/usr/bin/env python3
"""Where the instructions go: callgrind instructions per input byte, by stage.

    python3 benches/stages.py [--shared ../shared] [--corpus dup|clean|both]
        [--binary PATH] [--files 250]

Builds a profiling binary (release, with line tables, in its own target
folder) unless `--binary` is given, runs it under
`valgrind --tool=callgrind` over one copy of the evaluation cases
(`SHARED/eval/cases/<corpus>/input`, `--files` of them, `--jobs 1`, output to
a temporary folder), and prints the instructions per input byte of each stage:

  parse      paragraphs and sentence boundaries (parse.rs, segment.rs's
             sentence rules)
  words      word splitting, ids and classes (normalize.rs, lexicon.rs,
             segment.rs's word rules)
  index      the n-gram index and candidate search (similarity.rs)
  align      word alignment, covers and the fact guard (align.rs, guard.rs)
  context    runs, records, display copies, labels (decide.rs, display.rs)
  rest       boilerplate, writer, batch, I/O, allocation and the rest

Callgrind counts instructions, not seconds: the figures repeat exactly for
the same binary and inputs, whatever else the machine does. Inlined code is
charged to the source file it comes from (the line tables say which).
"""

import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

STAGES = ["parse", "words", "index", "align", "context", "rest"]


def stage_of(location):
    """The stage of one `file:function` location of callgrind_annotate."""
    file, _, function = location.partition(":")
    name = Path(file).name
    if name in ("parse.rs",) or "parse::" in function and "/src/" not in file:
        return "parse"
    if name == "segment.rs":
        return "words" if "word" in function or "normalize" in function else "parse"
    if name in ("normalize.rs", "lexicon.rs"):
        return "words"
    if name == "similarity.rs":
        return "index"
    if name in ("align.rs", "guard.rs"):
        return "align"
    if name in ("decide.rs", "display.rs"):
        return "context"
    # Library code inlined into one of ours: charge it to that function's stage.
    for stage, marks in [
        ("parse", ["parse::", "segment::sentence"]),
        ("words", ["normalize::", "segment::word", "segment::each_word", "lexicon::"]),
        ("index", ["similarity::"]),
        ("align", ["align::", "guard::"]),
        ("context", ["decide::", "display::"]),
    ]:
        if any(m in function for m in marks):
            return stage
    return "rest"


def profile(binary, corpus, out):
    """Runs callgrind; returns {location: instructions}."""
    with tempfile.NamedTemporaryFile(suffix=".callgrind", delete=False) as f:
        data = f.name
    try:
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={data}",
             binary, corpus, "--out-dir", out, "--quiet", "--jobs", "1"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        text = subprocess.run(["callgrind_annotate", "--inclusive=no", "--auto=no", "--threshold=100", data],
                              check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(data)
    costs = {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \([ \d.]+%\)\s+(\S.*?)(?: \[.*\])?$", line)
        if m and "PROGRAM TOTALS" not in line:
            costs[m.group(2)] = int(m.group(1).replace(",", ""))
    return costs


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--corpus", choices=("dup", "clean", "both"), default="both")
    ap.add_argument("--binary", type=Path)
    ap.add_argument("--files", type=int, default=250)
    args = ap.parse_args(argv)
    binary = args.binary
    if binary is None:
        target = Path(tempfile.gettempdir()) / "newsdedup-profile-target"
        env = dict(os.environ, CARGO_PROFILE_RELEASE_DEBUG="line-tables-only")
        subprocess.run(["cargo", "build", "--release", "--quiet", "--target-dir", str(target)],
                       cwd=REPO, env=env, check=True)
        binary = target / "release" / "newsdedup"
    kinds = ["dup", "clean"] if args.corpus == "both" else [args.corpus]
    print(f"binary: {binary}")
    print(f"{'corpus':<8} {'MB':>6} " + " ".join(f"{s:>8}" for s in STAGES) + f" {'total':>8}   (instructions per input byte)")
    for kind in kinds:
        source = args.shared / "eval" / "cases" / kind / "input"
        if not source.is_dir():
            sys.exit(f"no {source}: the shared evaluation cases are needed")
        with tempfile.TemporaryDirectory(prefix="newsdedup-stages-") as work:
            corpus = Path(work) / "in"
            corpus.mkdir()
            size = 0
            for f in sorted(source.glob("*.txt"))[: args.files]:
                data = f.read_bytes()
                (corpus / f.name).write_bytes(data)
                size += len(data)
            costs = profile(binary, corpus, Path(work) / "out")
        by_stage = collections.Counter()
        for location, n in costs.items():
            by_stage[stage_of(location)] += n
        total = sum(by_stage.values())
        print(f"{kind:<8} {size / 1e6:6.2f} " + " ".join(f"{by_stage[s] / size:8.1f}" for s in STAGES)
              + f" {total / size:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
