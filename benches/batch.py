#!/usr/bin/env python3
"""Batch throughput benchmark: newsdedup against `cp -r`, a baseline build and
the peer tools.

    python3 benches/batch.py [--shared ../shared] [--copies 100] [--runs 3]
        [--corpus dup|clean|both] [--baseline BINARY] [--work-dir DIR]
        [--peers-venv DIR] [--slice 5]

Builds its corpora at run time from the evaluation cases (nothing is
committed): `dup`, the duplicate-heavy cases (`SHARED/eval/cases/dup/input`),
and `clean`, the same articles with nothing to drop
(`SHARED/eval/cases/clean/input`), each copied into `--copies` sub-folders
(25,000 files at the default). Then times, side by side and `--runs` times
each, per corpus:

* `cp -r` of the corpus: the I/O floor;
* `newsdedup CORPUS --out-dir OUT` with `--jobs 1` and with every core;
* with `--baseline`, the same two runs of that binary (an earlier build), and
  the throughput ratio of this build to it;
* with `--peers-venv` (see SHARED/eval/peers/README.md), the fastest peer
  (exact_lines) and the best-scoring one (rapidfuzz, F0.5 0.970) in their
  `--batch` mode on a slice of `--slice` copies (they are too slow for all).

Prints the median wall time, MB/s and files/s of each, and the peak RSS (from
GNU time), and the ratios the project tracks. `--work-dir` defaults to a fresh
folder under /tmp; pass a tmpfs such as /dev/shm to take the disk out of the
measurement. The machine is noisy: compare ratios from one run, not digits.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import measure

REPO = Path(__file__).resolve().parent.parent


def timed(make_cmd, runs, before=None):
    """Median wall seconds and max peak RSS (KB) of `make_cmd(k)` over `runs` runs."""
    walls, rss = [], []
    for k in range(runs):
        if before:
            before(k)
        cmd = make_cmd(k)
        wall, peak, code, stderr = measure(cmd)
        if code != 0:
            sys.exit(f"failed: {' '.join(map(str, cmd))}\n{stderr}")
        walls.append(wall)
        rss.append(peak // 1024)
    return statistics.median(walls), max(rss), walls


def build_corpus(source, root, copies):
    files = sorted(source.glob("*.txt"))
    for k in range(copies):
        folder = root / f"copy{k:03d}"
        folder.mkdir(parents=True)
        for f in files:
            shutil.copyfile(f, folder / f.name)
    total = sum(f.stat().st_size for f in files) * copies
    return total, len(files) * copies


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work-dir", type=Path)
    ap.add_argument("--peers-venv", type=Path)
    ap.add_argument("--slice", type=int, default=5)
    ap.add_argument("--corpus", choices=("dup", "clean", "both"), default="both")
    ap.add_argument("--baseline", type=Path, help="an earlier build to time side by side")
    args = ap.parse_args(argv)

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    binary = REPO / "target" / "release" / "newsdedup"
    kinds = ["dup", "clean"] if args.corpus == "both" else [args.corpus]
    for kind in kinds:
        source = args.shared / "eval" / "cases" / kind / "input"
        if not source.is_dir():
            sys.exit(f"no {source}: the shared evaluation cases are needed")
        print(f"\n=== corpus: {kind}")
        bench(args, binary, source)
    return 0


def bench(args, binary, source):
    """Times one corpus built from `source`."""
    work = Path(tempfile.mkdtemp(prefix="newsdedup-bench-", dir=args.work_dir))
    try:
        corpus = work / "corpus"
        size, files = build_corpus(source, corpus, args.copies)
        print(f"corpus: {files} files, {size / 1e6:.1f} MB in {corpus}")
        # Every run writes a fresh folder, and nothing is deleted until the end:
        # creating files right after deleting thousands makes ext4 hunt for
        # inodes that were not recently freed, which would time the deletion.
        outs = iter(range(10**6))

        def out_dir(_k=None):
            return work / f"out{next(outs)}"

        rows = []
        cores = os.cpu_count() or 1
        runs = [
            ("cp -r", lambda k: ["cp", "-r", corpus, out_dir()]),
            ("newsdedup --jobs 1", lambda k: [binary, corpus, "--out-dir", out_dir(), "--quiet", "--jobs", "1"]),
            (f"newsdedup --jobs {cores}", lambda k: [binary, corpus, "--out-dir", out_dir(), "--quiet"]),
        ]
        if args.baseline:
            base = args.baseline.resolve()
            runs += [
                ("baseline --jobs 1", lambda k: [base, corpus, "--out-dir", out_dir(), "--quiet", "--jobs", "1"]),
                (f"baseline --jobs {cores}", lambda k: [base, corpus, "--out-dir", out_dir(), "--quiet"]),
            ]
        # Interleaved: run k of every command, then run k+1, so that a noisy
        # spell of the machine falls on all of them alike.
        walls_by = {name: [] for name, _ in runs}
        rss_by = {name: 0 for name, _ in runs}
        for k in range(args.runs):
            for name, make in runs:
                wall, rss, _ = timed(lambda _k: make(k), 1)
                walls_by[name].append(wall)
                rss_by[name] = max(rss_by[name], rss)
        for name, _ in runs:
            walls = walls_by[name]
            rows.append((name, size, files, statistics.median(walls), rss_by[name], walls))
        if args.peers_venv:
            peers = args.shared / "eval" / "peers"
            part = work / "slice"
            part.mkdir()
            slice_files = sorted(source.glob("*.txt"))
            for k in range(args.slice):
                for f in slice_files:
                    shutil.copyfile(f, part / f"{k:02d}-{f.name}")
            slice_size = sum(f.stat().st_size for f in part.iterdir())
            slice_count = len(list(part.iterdir()))
            python = args.peers_venv / "bin" / "python"

            def peer_cmd(peer):
                def make(_k):
                    out = out_dir()
                    out.mkdir()
                    return [python, peers / f"peer_{peer}.py", "--batch", part, out]
                return make

            for peer in ["exact_lines", "rapidfuzz"]:
                wall, rss, walls = timed(peer_cmd(peer), args.runs)
                rows.append((f"peer {peer} (slice)", slice_size, slice_count, wall, rss, walls))
            wall, rss, walls = timed(lambda k: [binary, part, "--out-dir", out_dir(), "--quiet"], args.runs)
            rows.append(("newsdedup (slice)", slice_size, slice_count, wall, rss, walls))

        print(f"\n{'run':<28} {'MB':>7} {'files':>7} {'median s':>9} {'MB/s':>8} {'files/s':>9} {'peak RSS MB':>12}  runs")
        for name, mb, n, wall, rss, walls in rows:
            print(f"{name:<28} {mb / 1e6:7.1f} {n:7d} {wall:9.3f} {mb / 1e6 / wall:8.1f} "
                  f"{n / wall:9.0f} {rss / 1024:12.1f}  {' '.join(f'{w:.3f}' for w in walls)}")
        by = {r[0]: r for r in rows}
        cp, all_cores = by["cp -r"][3], rows[2][3]
        print(f"\nnewsdedup (all cores) / cp -r: {all_cores / cp:.1f}x the time")
        if args.baseline:
            for jobs in ["1", str(cores)]:
                ours = by[f"newsdedup --jobs {jobs}"][3]
                theirs = by[f"baseline --jobs {jobs}"][3]
                print(f"throughput vs baseline, --jobs {jobs}: {theirs / ours:.2f}x")
        if "peer rapidfuzz (slice)" in by:
            ours = by["newsdedup (slice)"]
            theirs = by["peer rapidfuzz (slice)"]
            print(f"throughput vs rapidfuzz on the slice: {theirs[3] / ours[3]:.1f}x")
            print(f"throughput of newsdedup on the full corpus vs rapidfuzz on the slice: "
                  f"{(size / all_cores) / (theirs[1] / theirs[3]):.1f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
