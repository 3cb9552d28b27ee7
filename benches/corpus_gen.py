#!/usr/bin/env python3
"""Generates a crawl-shaped corpus for the corpus-mode benchmark.

    python3 benches/corpus_gen.py OUT_DIR --articles 100000 [--seed 1]
        [--shared ../shared] [--sites N] [--duplicates 0.2]

Writes OUT_DIR/site_XXXX/pNNNNNNN.txt. Nothing is committed: the article text
is recombined at run time from the sentences of the evaluation articles
(SHARED/eval/articles, evaluation use only), every other word replaced by a
random word of theirs, so every article is distinct:
a title, a byline, an "Updated" line and 6-14 paragraphs of 2-4 sentences
drawn at random. Each site has its own furniture (a navigation menu, a
"Most read" box with headlines of other articles of the site, a newsletter
pitch, a copyright line); one article in ten carries one of five stock
sentences. About `--duplicates` of the articles are versions of others:
exact copies (whitespace changed), rescrapes under another sidebar and
timestamp, AMP pages (straight quotes, no short paragraphs, "Advertisement"
lines), wire copies cut to their first 55-80% on another site with a
dateline, and updates with one number changed and a paragraph added (which
corpus mode must keep). File names are random, so neither names nor order
tell the groups. Deterministic for a seed. Prints a summary line.
"""

import argparse
import os
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SECTIONS = ["Home", "World", "Politics", "Business", "Tech", "Science", "Health", "Sports",
            "Culture", "Opinion", "Travel", "Weather", "Local", "Video", "Podcasts"]
STOCK = ["No injuries were reported.",
         "A spokeswoman for the company did not respond to a request for comment.",
         "The investigation is ongoing.",
         "It was not immediately clear when the changes would take effect.",
         "Officials did not say how many people were affected."]
CITIES = ["LONDON", "NEW YORK", "WASHINGTON", "PARIS", "CHICAGO", "TOKYO", "BERLIN", "MIAMI"]


def sentences(shared):
    pool, titles = [], []
    for path in sorted((shared / "eval" / "articles").glob("*.txt")):
        title, *paras = path.read_text(encoding="utf-8").strip().split("\n\n")
        titles.append(title.strip())
        for p in paras:
            pool += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", p.strip()) if len(s.split()) >= 4]
    return pool, titles


def perturbed(rng, sentence, vocab):
    """A pool sentence with every other word (on average) replaced by a random
    word of the pool, keeping its capital and final stop: real articles share
    a quote or a stock sentence now and then, not half their 5-grams."""
    words = sentence.split()
    out = [w if rng.random() < 0.5 else rng.choice(vocab) for w in words]
    if out and words[0][:1].isupper():
        out[0] = out[0][:1].upper() + out[0][1:]
    if words and words[-1][-1:] in ".!?" and out[-1][-1:] not in ".!?":
        out[-1] = out[-1].rstrip(",;:") + words[-1][-1]
    return " ".join(out)


def title_of(rng, pool):
    """An article's title: the first draws of its generator (see `article`)."""
    words = rng.choice(pool).split()
    return " ".join(words[: rng.randint(min(6, len(words)), min(12, len(words)))]).rstrip(".,;:")


def article(rng, pool, vocab):
    title = title_of(rng, pool)
    paras = [" ".join(perturbed(rng, rng.choice(pool), vocab) for _ in range(rng.randint(2, 4)))
             for _ in range(rng.randint(6, 14))]
    if rng.random() < 0.1:
        paras.insert(rng.randint(1, len(paras)), rng.choice(STOCK))
    byline = f"By {rng.choice(['Ana', 'Ben', 'Chen', 'Dara', 'Eli', 'Femi'])} " \
             f"{rng.choice(['Ruiz', 'Okafor', 'Lind', 'Park', 'Stone', 'Vale'])}"
    return {"title": title, "byline": byline, "paras": paras}


def updated(rng):
    return f"Updated {rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice(['AM', 'PM'])} ET, " \
           f"{rng.choice(['Mon', 'Tue', 'Wed', 'Thu', 'Fri'])} {rng.randint(1, 28)}"


def render(site, art, rng, sidebar, amp=False):
    top = [f"{site['name']} | {art['title']}"] if not amp else [f"{art['title']} | {site['name']} AMP"]
    if not amp:
        top += site["nav"] + [art["title"], art["byline"], art.get("updated") or updated(rng)]
    body = list(art["paras"])
    bottom = []
    if not amp:
        bottom = ["Most read"] + sidebar + [site["pitch"], site["copyright"], "Terms of use | Privacy policy"]
    else:
        body = [p.replace("“", '"').replace("”", '"').replace("’", "'") for p in body if len(p.split()) >= 5]
        for k in range(len(body) // 4, 0, -1):
            body.insert(k * 4, "Advertisement")
    return "\n\n".join(top + body + bottom) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--sites", type=int)
    ap.add_argument("--duplicates", type=float, default=0.2)
    args = ap.parse_args(argv)
    if not (args.shared / "eval" / "articles").is_dir():
        sys.exit(f"no {args.shared}/eval/articles: the evaluation articles are needed")
    pool, _ = sentences(args.shared)
    vocab = sorted({w.strip(".,;:!?\"“”'’()") for s in pool for w in s.split()} - {""})
    rng = random.Random(args.seed)
    n_sites = args.sites or max(10, args.articles // 500)
    sites = []
    for s in range(n_sites):
        name = f"The {rng.choice(['Daily', 'Evening', 'Morning', 'Weekly'])} " \
               f"{rng.choice(['Herald', 'Courier', 'Post', 'Ledger', 'Star', 'Times'])} {s}"
        sites.append({"name": name, "nav": [name] + rng.sample(SECTIONS, rng.randint(6, 12)),
                      "pitch": f"Sign up for the {name} newsletter to get our top stories every morning.",
                      "copyright": f"© 2024 {name} Media. All rights reserved."})
    n_dups = int(args.articles * args.duplicates)
    n_orig = args.articles - n_dups
    names = rng.sample(range(10 * args.articles), args.articles)
    site_of = [rng.randrange(n_sites) for _ in range(n_orig)]
    def original(i):  # recomputed when needed: the texts are never all held
        return article(random.Random(f"{args.seed}:{i}"), pool, vocab)

    titles_by_site = {}
    for i, s in enumerate(site_of):
        titles_by_site.setdefault(s, []).append(title_of(random.Random(f"{args.seed}:{i}"), pool))
    kinds = {"copy": 0, "rescrape": 0, "amp": 0, "wire": 0, "update": 0}

    def sidebar(r, s):
        t = titles_by_site.get(s, [])
        return r.sample(t, min(4, len(t)))

    args.out.mkdir(parents=True, exist_ok=True)
    for s in range(n_sites):
        (args.out / f"site_{s:04d}").mkdir(exist_ok=True)
    total = 0
    for k in range(args.articles):
        r = random.Random(f"{args.seed}:page:{k}")
        if k < n_orig:
            s, art = site_of[k], original(k)
            text = render(sites[s], art, r, sidebar(r, s))
        else:
            i = r.randrange(n_orig)
            s, art = site_of[i], original(i)
            kind = r.choices(list(kinds), weights=[15, 30, 20, 25, 10])[0]
            kinds[kind] += 1
            if kind == "copy":
                text = render(sites[s], art, random.Random(f"{args.seed}:page:{i}"),
                              sidebar(random.Random(f"{args.seed}:page:{i}"), s)).replace(". ", ".  ")
            elif kind == "rescrape":
                text = render(sites[s], art, r, sidebar(r, s))
            elif kind == "amp":
                text = render(sites[s], art, r, [], amp=True)
            elif kind == "wire":
                s = (s + 1 + r.randrange(n_sites - 1)) % n_sites
                keep = max(1, int(len(art["paras"]) * r.uniform(0.55, 0.8)))
                paras = art["paras"][:keep]
                paras[0] = f"{r.choice(CITIES)} (AP) — {paras[0]}"
                art = dict(art, paras=paras)
                text = render(sites[s], art, r, sidebar(r, s))
            else:
                paras = list(art["paras"])
                for j, p in enumerate(paras):
                    m = re.search(r"\b\d+\b", p)
                    if m:
                        paras[j] = p[: m.start()] + str(int(m.group()) + 1 + r.randrange(9)) + p[m.end():]
                        break
                else:
                    paras[0] = paras[0] + " Officials put the figure at 14."
                paras.append("Update: This story has been updated with new figures from officials.")
                art = dict(art, paras=paras)
                text = render(sites[s], art, r, sidebar(r, s))
        path = args.out / f"site_{s:04d}" / f"p{names[k]:08d}.txt"
        path.write_text(text, encoding="utf-8")
        total += len(text.encode())
    print(f"{args.articles} articles ({n_dups} versions of others: "
          + ", ".join(f"{k} {v}" for k, v in kinds.items())
          + f") on {n_sites} sites, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
