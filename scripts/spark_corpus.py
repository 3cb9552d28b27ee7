#!/usr/bin/env python3
"""Corpus mode (`newsdedup --across`) on Spark, checked against the single-machine run.

    python3 scripts/spark_corpus.py INPUT [--binary target/release/newsdedup]
        [--partitions 4] [--work DIR] [--furniture-pages 3] [--site-depth N]
        [--text-field text] [--id-field NAME] [--url-field url] [--date-field NAME]

INPUT is a folder (compared with `newsdedup INPUT --across --out-dir ...`) or a
JSON Lines file (compared with `newsdedup --jsonl --across INPUT`). Needs
pyspark (`pip install pyspark`, Java 17); runs Spark in local mode, and a
cluster runs the same code (ship the binary and the counts file with
`--files`, or install the binary on the workers).

The work is split as the design says: the binary does everything that reads
text, inside the engine (`rdd.pipe` through `newsdedup --across-stage STEP`):
sketching, checking candidate pairs, deciding a component, writing the
result. Spark does the grouping and the counting: band keys -> candidate
pairs (the binary's bucket rule: each member of a bucket, in order, is paired
with at most 16 members before it), checked pairs -> stories (connected
components), per-site line counts per story, candidate pairs -> components
handed to the binary whole. The script prints whether the decisions (which
article is dropped, and for which) and the written texts equal the
single-machine run's; it exits 1 when they do not.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUCKET_CAP = 16  # group::BUCKET_CAP
ANCHOR_BUCKET_MAX = 16  # group::ANCHOR_BUCKET_MAX


def host(url):
    """The binary's site of a URL (records.rs `host`)."""
    rest = url.split("://", 1)[1] if "://" in url else url
    rest = rest.rsplit("@", 1)[-1]
    end = min([i for i in (rest.find(c) for c in "/?#:") if i >= 0], default=len(rest))
    h = rest[:end].lower()
    return h[4:] if h.startswith("www.") else h


def site_of_path(rel, depth):
    """The binary's site of a relative path (folders.rs `site_name`)."""
    parts = rel.split("/")[:-1]
    if not parts or depth == 0:
        return "."
    return "/".join(parts[:depth] if depth is not None else parts)


def single_machine(args, work):
    """Runs the binary once on the whole input; returns (stage records, decisions, texts)."""
    binary = str(args.binary)
    clusters = work / "single.clusters.jsonl"
    common = ["--across", "--quiet", "--furniture-pages", str(args.furniture_pages),
              "--clusters", str(clusters)]
    records, texts = [], {}
    if args.input.is_dir():
        out = work / "single"
        if args.site_depth is not None:
            common += ["--site-depth", str(args.site_depth)]
        subprocess.run([binary, str(args.input), "--out-dir", str(out)] + common, check=True)
        lines = [json.loads(line) for line in clusters.read_text().splitlines()]
        for n, c in enumerate(lines):
            text = (args.input / c["path"]).read_text(encoding="utf-8")
            records.append({"n": n, "id": c["path"], "site": site_of_path(c["path"], args.site_depth),
                            "date": None, "text": text})
            if c["duplicate_of"] is None:
                texts[c["path"]] = (out / c["path"]).read_text(encoding="utf-8")
        decisions = {c["path"]: c["duplicate_of"] for c in lines}
    else:
        fields = ["--text-field", args.text_field, "--url-field", args.url_field]
        if args.id_field:
            fields += ["--id-field", args.id_field]
        if args.date_field:
            fields += ["--date-field", args.date_field]
        done = subprocess.run([binary, "--jsonl", str(args.input)] + common + fields,
                              check=True, capture_output=True)
        key = lambda v: json.dumps(v, sort_keys=True)
        decisions = {key(c["id"]): (None if c["duplicate_of"] is None else key(c["duplicate_of"]))
                     for c in map(json.loads, clusters.read_text().splitlines())}
        with open(args.input, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(rec, dict) or not isinstance(rec.get(args.text_field), str):
                    continue
                ident = rec[args.id_field] if args.id_field and args.id_field in rec else number
                url = rec.get(args.url_field)
                date = rec.get(args.date_field) if args.date_field else None
                if date is not None and not isinstance(date, str):
                    date = json.dumps(date, separators=(",", ":"))
                records.append({"n": number, "id": ident, "site": host(url) if isinstance(url, str) else "",
                                "date": date, "text": rec[args.text_field]})
        # The output has the input's lines in order, less the duplicates.
        outputs = iter(done.stdout.decode("utf-8").splitlines())
        by_number = {r["n"]: r for r in records}
        with open(args.input, encoding="utf-8") as f:
            for number, _ in enumerate(f, 1):
                r = by_number.get(number)
                if r is not None and decisions[key(r["id"])] is not None:
                    continue
                line = next(outputs)
                if r is not None:
                    texts[key(r["id"])] = json.loads(line)[args.text_field]
    return records, decisions, texts


def order_key(s):
    """group::Key as a sortable tuple: fullest, then earliest date, then order."""
    k = s["key"]
    date = (0, k["date"]) if k["date"] is not None else (1, "")
    return (-k["content_words"], -k["words"], date, k["n"])


def bucket_pairs(family, members):
    """((earlier n, later n), shared band) pairs of one bucket (group::bucket_pairs)."""
    members = sorted(members)
    if family[0] == "a" and len(members) > ANCHOR_BUCKET_MAX:
        return
    band = 1 if family[0] == "b" else 0
    for i in range(1, len(members)):
        for j in range(min(i, BUCKET_CAP)):
            yield ((members[j][1], members[i][1]), band)


def families(s):
    """The buckets a sketch is in: each band, each anchor, its exact hash."""
    member = (order_key(s), s["n"])
    out = []
    if s["has_content"]:
        out += [(("b", b, v), member) for b, v in enumerate(s["bands"])]
    out += [(("a", a), member) for a in s["anchors"]]
    out.append((("e", s["exact"]), member))
    return out


def components(nodes, edges, partitions):
    """Connected components by min-label propagation: (node, label) pairs."""
    labels = nodes.map(lambda n: (n, n)).partitionBy(partitions).cache()
    both = edges.flatMap(lambda e: [(e[0], e[1]), (e[1], e[0])]).partitionBy(partitions).cache()
    while True:
        proposals = both.join(labels, partitions).map(lambda kv: (kv[1][0], kv[1][1]))
        new = labels.union(proposals).reduceByKey(min, partitions).cache()
        changed = new.join(labels, partitions).filter(lambda kv: kv[1][0] != kv[1][1]).count()
        labels = new
        if changed == 0:
            return labels


def spark_run(args, records, work):
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(f"local[{args.partitions}]").appName("newsdedup-corpus")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.default.parallelism", str(args.partitions)).getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    sc = spark.sparkContext
    binary = str(Path(args.binary).resolve())
    pages = f"--furniture-pages {args.furniture_pages}"
    try:
        recs = sc.parallelize(records, args.partitions).cache()
        by_n = recs.map(lambda r: (r["n"], r)).cache()
        sketches = (recs.map(json.dumps).pipe(f"{binary} --across-stage sketch")
                    .map(json.loads).cache())
        # Candidate pairs from shared buckets, then the binary checks each.
        # Each pair once, with the number of MinHash bands it shares.
        pairs = (sketches.flatMap(families).groupByKey()
                 .flatMap(lambda kv: bucket_pairs(kv[0], list(kv[1])))
                 .reduceByKey(lambda a, b: a + b))
        joined = (pairs.map(lambda kv: (kv[0][0], (kv[0][1], min(kv[1], 255)))).join(by_n)
                  .map(lambda kv: (kv[1][0][0], (kv[1][1], kv[1][0][1])))   # (later, (kept record, bands))
                  .join(by_n).map(lambda kv: json.dumps({"kept": kv[1][0][0], "candidate": kv[1][1],
                                                         "bands": kv[1][0][1]})))
        joined = joined.cache()
        verdicts = joined.pipe(f"{binary} --across-stage verify").map(json.loads).cache()
        # Stories: components of the pairs that tell one story.
        nodes = sketches.map(lambda s: s["n"])
        story = components(nodes, verdicts.filter(lambda v: v["same_story"])
                           .map(lambda v: (v["kept"], v["candidate"])), args.partitions)
        # Per-site counts, per story (pages without a site are not counted).
        arts = sketches.map(lambda s: (s["n"], s)).join(story).map(lambda kv: (kv[1][1], kv[1][0]))
        arts = arts.filter(lambda ls: ls[1]["site_key"] != 0).cache()
        lines = (arts.flatMap(lambda ls: [(ls[1]["site_key"], h, ls[0]) for h in ls[1]["lines"]]).distinct()
                 .map(lambda t: ((t[0], t[1]), 1)).reduceByKey(lambda a, b: a + b)
                 .filter(lambda kv: kv[1] >= 2))
        # A line is found elsewhere when some story has it that the site's
        # own stories with it are not: more stories in all than on the site.
        line_stories = dict(arts.flatMap(lambda ls: [(h, ls[0]) for h in ls[1]["lines"]]).distinct()
                            .map(lambda t: (t[0], 1)).reduceByKey(lambda a, b: a + b)
                            .filter(lambda kv: kv[1] >= 2).collect())
        site_stories = (arts.map(lambda ls: (ls[1]["site_key"], ls[0])).distinct()
                        .map(lambda t: (t[0], 1)).reduceByKey(lambda a, b: a + b).collect())
        titles = (arts.flatMap(lambda ls: [(ls[1]["site_key"], w, ls[0]) for w in ls[1]["title_runs"]]).distinct()
                  .map(lambda t: ((t[0], t[1]), 1)).reduceByKey(lambda a, b: a + b).collect())
        counts = {
            "lines": [[s, h, n, line_stories.get(h, 0) > n] for (s, h), n in lines.collect()],
            "site_stories": [[s, n] for s, n in site_stories],
            "titles": [[s, w, n] for (s, w), n in titles],
        }
        counts_file = work / "counts.json"
        counts_file.write_text(json.dumps(counts))
        # With the counts, the pairs are checked again as a single-machine run
        # does: the scorer asked where a paragraph that is not site text is left.
        verdicts = (joined.pipe(f"{binary} --across-stage verify --counts {counts_file} {pages}")
                    .map(json.loads).cache())
        # Components of all candidate pairs, each decided whole by the binary.
        comp = components(nodes, verdicts.map(lambda v: (v["kept"], v["candidate"])), args.partitions)
        members = (sketches.map(lambda s: (s["n"], {"n": s["n"], "site_key": s["site_key"], "key": s["key"]}))
                   .join(comp).map(lambda kv: (kv[1][1], ("m", kv[1][0]))))
        checked = verdicts.map(lambda v: (v["kept"], v)).join(comp).map(lambda kv: (kv[1][1], ("p", kv[1][0])))

        def group_json(items):
            items = list(items)
            return json.dumps({"members": [x for t, x in items if t == "m"],
                               "pairs": [x for t, x in items if t == "p"]})

        decided = (members.union(checked).groupByKey().map(lambda kv: group_json(kv[1]))
                   .pipe(f"{binary} --across-stage decide --counts {counts_file} {pages}")
                   .map(json.loads).map(lambda d: (d["n"], d)).cache())
        applied = (by_n.join(decided).map(lambda kv: json.dumps({"record": kv[1][0],
                                                                    "drop": kv[1][1]["duplicate_of"] is not None}))
                   .pipe(f"{binary} --across-stage apply --counts {counts_file} {pages}")
                   .map(json.loads))
        decisions = {n: d["duplicate_of"] for n, d in decided.collect()}
        texts = {a["n"]: a["text"] for a in applied.collect()}
        return decisions, texts
    finally:
        spark.stop()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", type=Path)
    ap.add_argument("--binary", type=Path, default=REPO / "target" / "release" / "newsdedup")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--work", type=Path, help="keep the intermediate files here")
    ap.add_argument("--furniture-pages", type=int, default=3)
    ap.add_argument("--site-depth", type=int)
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--id-field")
    ap.add_argument("--url-field", default="url")
    ap.add_argument("--date-field")
    args = ap.parse_args(argv)
    if not args.binary.exists():
        sys.exit(f"no binary at {args.binary}: cargo build --release")
    work = Path(tempfile.mkdtemp(prefix="spark-corpus-", dir=args.work))
    try:
        records, single_decisions, single_texts = single_machine(args, work)
        decisions, texts = spark_run(args, records, work)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    # Name Spark's results as the single-machine run names them.
    if args.input.is_dir():
        name = {r["n"]: r["id"] for r in records}
    else:
        name = {r["n"]: json.dumps(r["id"], sort_keys=True) for r in records}
    spark_decisions = {name[n]: (None if d is None else name[d]) for n, d in decisions.items()}
    spark_texts = {name[n]: t for n, t in texts.items()}
    same_decisions = spark_decisions == single_decisions
    same_texts = spark_texts == single_texts
    dropped = sum(d is not None for d in single_decisions.values())
    print(f"articles: {len(records)}; dropped as duplicates: single machine {dropped}, "
          f"Spark {sum(d is not None for d in spark_decisions.values())}")
    print(f"decisions identical to the single-machine run: {same_decisions}")
    print(f"written texts identical to the single-machine run: {same_texts}")
    if not same_decisions:
        diff = [k for k in single_decisions if single_decisions[k] != spark_decisions.get(k)]
        print("differing:", diff[:10])
    return 0 if same_decisions and same_texts else 1


if __name__ == "__main__":
    sys.exit(main())
