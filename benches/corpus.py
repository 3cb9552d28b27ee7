#!/usr/bin/env python3
"""Corpus-mode benchmark: `--across` against the per-file batch run, side by side.

    python3 benches/corpus.py [--articles 100000 ...] [--runs 3] [--work-dir /tmp]
        [--shared ../shared] [--jobs N] [--keep]

For each size given, builds a corpus with benches/corpus_gen.py (about 20%
versions of other articles, per-site furniture; see that script) unless
`--keep` finds it already built in the work folder, then times, alternately
and `--runs` times each:

* `newsdedup CORPUS --out-dir OUT` (the per-file batch run);
* `newsdedup CORPUS --across --out-dir OUT` (corpus mode; its spool goes to
  the work folder too).

Prints the median wall time, CPU time (user + system) and peak RSS (GNU
time) of each, the ratios corpus / batch per size, and how time and memory
grow from the first size to the last. On a shared machine the wall times
swing with the load; the CPU times less. The output folder is removed before every run; the page
cache is left warm for both. The machine is shared and noisy: compare the
ratios from one run of this script, not the digits.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed(cmd, out):
    """One run of `cmd` after removing `out`: (wall s, CPU s, peak RSS bytes)."""
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *map(str, cmd)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    last = done.stderr.decode("utf-8", "replace").rstrip("\n").split("\n")[-1].split()
    if done.returncode != 0 or len(last) != 3:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{done.stderr.decode('utf-8', 'replace')}")
    shutil.rmtree(out, ignore_errors=True)
    return wall, float(last[0]) + float(last[1]), int(last[2]) * 1024


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, nargs="+", default=[100_000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work-dir", type=Path, default=Path("/tmp"))
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--jobs", type=int)
    ap.add_argument("--keep", action="store_true", help="reuse corpora already built in --work-dir")
    args = ap.parse_args(argv)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    binary = REPO / "target" / "release" / "newsdedup"
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    rows = []
    for n in args.articles:
        corpus = args.work_dir / f"newsdedup-corpus-{n}"
        if not (args.keep and corpus.is_dir()):
            shutil.rmtree(corpus, ignore_errors=True)
            subprocess.run([sys.executable, str(REPO / "benches" / "corpus_gen.py"), str(corpus),
                            "--articles", str(n), "--shared", str(args.shared)], check=True)
        size = sum(f.stat().st_size for f in corpus.rglob("*.txt"))
        out = args.work_dir / f"newsdedup-corpus-{n}.out"
        spool = args.work_dir / f"newsdedup-corpus-{n}.spool"
        spool.mkdir(exist_ok=True)
        batch_cmd = [binary, corpus, "--out-dir", out, "--quiet", *jobs]
        across_cmd = [binary, corpus, "--across", "--out-dir", out, "--quiet",
                      "--spool-dir", spool, *jobs]
        results = {"batch": [], "across": []}
        for _ in range(args.runs):  # alternate, so both see the same load
            for name, cmd in (("batch", batch_cmd), ("across", across_cmd)):
                results[name].append(timed(cmd, out))
        shutil.rmtree(spool, ignore_errors=True)
        for name in ("batch", "across"):
            runs = results[name]
            rows.append((n, size, name, statistics.median(r[0] for r in runs),
                         statistics.median(r[1] for r in runs), max(r[2] for r in runs), runs))
    print()
    print("| articles | MB | run | median wall | median CPU | MB/s (wall) | peak RSS | walls |")
    print("|---|---|---|---|---|---|---|---|")
    for n, size, name, wall, cpu, peak, runs in rows:
        print(f"| {n:,} | {size / 1e6:.0f} | {'per file' if name == 'batch' else '--across'} "
              f"| {wall:.2f} s | {cpu:.2f} s | {size / 1e6 / wall:.1f} | {peak / 1e6:.0f} MB "
              f"| {', '.join(f'{r[0]:.1f}' for r in runs)} |")
    print()
    by = {(n, name): (wall, cpu, peak) for n, _, name, wall, cpu, peak, _ in rows}
    for n in args.articles:
        w = by[(n, "across")][0] / by[(n, "batch")][0]
        c = by[(n, "across")][1] / by[(n, "batch")][1]
        print(f"{n:,} articles: corpus mode / per-file batch = {w:.2f}x wall, {c:.2f}x CPU")
    if len(args.articles) > 1:
        a, b = args.articles[0], args.articles[-1]
        for name in ("batch", "across"):
            t = by[(b, name)][0] / by[(a, name)][0]
            m = by[(b, name)][2] / by[(a, name)][2]
            print(f"{name}: {b / a:.0f}x the articles took {t:.2f}x the time and {m:.2f}x the peak RSS")


if __name__ == "__main__":
    main()
