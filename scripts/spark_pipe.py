#!/usr/bin/env python3
"""Clean a JSON Lines corpus with PySpark, piping partitions through newsdedup.

    pip install pyspark            # Java 17 must be on the machine
    python3 scripts/spark_pipe.py CORPUS.jsonl [--out OUT_DIR] [--partitions 8]
        [--bin target/release/newsdedup] [--text-field text]
    python3 scripts/spark_pipe.py --make-corpus ARTICLES_DIR CORPUS.jsonl

Each partition of the corpus is streamed through `newsdedup --jsonl` with
`rdd.pipe`: the binary reads JSON Lines records on stdin and writes them back in
order, with only the text field cleaned. Cleaning is per article, so the result
cannot depend on how Spark splits the corpus. The script checks that: after the
Spark run it cleans the same corpus in one process (`newsdedup --jsonl <
CORPUS.jsonl`) and compares the two outputs record by record. It prints the
record counts, the time of each run, and exits 1 if they differ.

`--make-corpus` turns a folder of .txt articles into a JSON Lines corpus
({"id": file name, "text": content}), to have something to clean; a file that
is not UTF-8 is skipped with a warning.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def make_corpus(articles_dir, corpus):
    """Writes one record per .txt file; a file that is not UTF-8 is skipped
    with a warning (newsdedup's batch mode skips it too)."""
    paths = sorted(Path(articles_dir).rglob("*.txt"))
    written = skipped = 0
    with open(corpus, "w", encoding="utf-8") as out:
        for path in paths:
            try:
                text = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError as e:
                name = os.fsencode(path).decode("utf-8", "backslashreplace")
                print(f"spark_pipe: skipped {name}: not valid UTF-8 "
                      f"(invalid byte at offset {e.start})", file=sys.stderr)
                skipped += 1
                continue
            record_id = os.fsencode(path.relative_to(articles_dir)).decode("utf-8", "backslashreplace")
            out.write(json.dumps({"id": record_id, "text": text}) + "\n")
            written += 1
    note = f" ({skipped} file{'' if skipped == 1 else 's'} skipped)" if skipped else ""
    print(f"wrote {written} records to {corpus}{note}")


def single_process(binary, corpus, field):
    with open(corpus, "rb") as stdin:
        done = subprocess.run([binary, "--jsonl", "--quiet", "--text-field", field],
                              stdin=stdin, capture_output=True, check=True)
    return done.stdout.decode("utf-8").splitlines()


def spark_run(binary, corpus, field, partitions, out_dir):
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(f"local[{os.cpu_count() or 2}]")
             .appName("newsdedup-pipe")
             .config("spark.ui.enabled", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        records = spark.sparkContext.textFile(str(corpus), minPartitions=partitions)
        command = f"{binary} --jsonl --quiet --text-field {field}"
        cleaned = records.pipe(command)
        if out_dir:
            cleaned.saveAsTextFile(str(out_dir))
        return cleaned.collect(), records.getNumPartitions()
    finally:
        spark.stop()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, nargs="?")
    ap.add_argument("--make-corpus", nargs=2, metavar=("ARTICLES_DIR", "CORPUS"))
    ap.add_argument("--out", type=Path, help="also save Spark's output here (a folder)")
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "newsdedup"))
    ap.add_argument("--text-field", default="text")
    args = ap.parse_args(argv)

    if args.make_corpus:
        make_corpus(*args.make_corpus)
        return 0
    if not args.corpus:
        ap.error("give a corpus (or --make-corpus)")
    binary = str(Path(args.bin).resolve())

    started = time.perf_counter()
    spark_lines, partitions = spark_run(binary, args.corpus, args.text_field,
                                        args.partitions, args.out)
    spark_s = time.perf_counter() - started
    started = time.perf_counter()
    single_lines = single_process(binary, args.corpus, args.text_field)
    single_s = time.perf_counter() - started

    differ = sum(1 for a, b in zip(spark_lines, single_lines) if a != b)
    differ += abs(len(spark_lines) - len(single_lines))
    print(f"spark ({partitions} partitions): {len(spark_lines)} records in {spark_s:.1f} s")
    print(f"single process: {len(single_lines)} records in {single_s:.1f} s")
    print("outputs identical" if differ == 0 else f"outputs differ in {differ} records")
    return 0 if differ == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
