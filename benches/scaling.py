#!/usr/bin/env python3
"""Scaling benchmark: one article of 1, 4 and 16 MB, and hostile shapes.

    python3 benches/scaling.py [--shared ../shared] [--runs 3] [--work-dir DIR]
        [--binary PATH]

Builds the inputs at run time (nothing is committed):

* article-shaped inputs of 1, 4 and 16 MB: the evaluation cases
  (`SHARED/eval/cases/dup/input`, with their repeats) concatenated, each 1 MB
  block with its letters shifted by a different amount (a Caesar shift keeps
  the words, sentences, paragraphs and repeats of the block, but makes every
  block new text, so a bigger input is not just more exact repeats);
* the same 16 MB as one giant paragraph (every line break a space);
* hostile shapes: one sentence 100,000 times, a million one-word paragraphs, a
  10 MB line without spaces.

Runs `newsdedup FILE > /dev/null` on each (`--runs` times), and prints the
median time, the peak RSS (GNU time), and the ratios the project tracks:
t(16 MB) / t(1 MB) (linear would be 16; the limit is 20) and peak RSS / input
size (the limit is 8).
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import measure

REPO = Path(__file__).resolve().parent.parent


def shift(text, k):
    """Shifts ASCII letters by k places (case kept); everything else stays."""
    out = []
    for c in text:
        if "a" <= c <= "z":
            out.append(chr((ord(c) - 97 + k) % 26 + 97))
        elif "A" <= c <= "Z":
            out.append(chr((ord(c) - 65 + k) % 26 + 65))
        else:
            out.append(c)
    return "".join(out)


def run(binary, path, runs):
    walls, rss = [], []
    for _ in range(runs):
        wall, peak, code, stderr = measure([binary, path])
        if code != 0:
            sys.exit(f"failed on {path}:\n{stderr}")
        walls.append(wall)
        rss.append(peak)
    return statistics.median(walls), max(rss)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work-dir", type=Path)
    ap.add_argument("--binary", type=Path, help="measure this build instead of building the repository's")
    args = ap.parse_args(argv)

    source = args.shared / "eval" / "cases" / "dup" / "input"
    if not source.is_dir():
        sys.exit(f"no {source}: the shared evaluation cases are needed")
    if args.binary:
        binary = str(args.binary)
    else:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        binary = str(REPO / "target" / "release" / "newsdedup")
    block = "".join(p.read_text(encoding="utf-8") + "\n" for p in sorted(source.glob("*.txt")))
    work = Path(tempfile.mkdtemp(prefix="newsdedup-scale-", dir=args.work_dir))
    try:
        inputs = []
        for mb in (1, 4, 16):
            parts, size, k = [], 0, 0
            while size < mb * 1_000_000:
                part = shift(block, k % 25 + 1) if k else block
                parts.append(part)
                size += len(part.encode())
                k += 1
            path = work / f"article-{mb}mb.txt"
            path.write_text("".join(parts), encoding="utf-8")
            inputs.append((f"article {mb} MB", path))
        giant = work / "one-paragraph-16mb.txt"
        giant.write_text(inputs[-1][1].read_text(encoding="utf-8").replace("\n", " "), encoding="utf-8")
        inputs.append(("one paragraph 16 MB", giant))
        hostile = {
            "one sentence x100,000": "The council approved the new budget on Monday after a long debate.\n\n" * 100_000,
            "a million 1-word paragraphs": "".join(f"{w}\n\n" for w in ["alpha", "beta", "gamma", "delta"] * 250_000),
            "a 10 MB line, no spaces": "abcdefghij" * 1_000_000 + "\n",
        }
        for name, text in hostile.items():
            path = work / (name.replace(" ", "-").replace(",", "") + ".txt")
            path.write_text(text, encoding="utf-8")
            inputs.append((name, path))

        print(f"{'input':<30} {'MB':>7} {'median s':>9} {'MB/s':>7} {'peak RSS MB':>12} {'RSS/input':>10}")
        results = {}
        for name, path in inputs:
            size = path.stat().st_size
            wall, rss = run(binary, path, args.runs)
            results[name] = (size, wall, rss)
            print(f"{name:<30} {size / 1e6:7.1f} {wall:9.3f} {size / 1e6 / max(wall, 1e-3):7.1f} "
                  f"{rss / 1e6:12.1f} {rss / size:10.1f}")
        t1, t16 = results["article 1 MB"][1], results["article 16 MB"][1]
        print(f"\nt(16 MB) / t(1 MB) = {t16 / max(t1, 1e-3):.1f} (limit 20)")
        worst = max(r[2] / r[0] for n, r in results.items() if n.startswith(("article", "one paragraph")))
        print(f"peak RSS / input, article-shaped inputs: at most {worst:.1f} (limit 8)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
