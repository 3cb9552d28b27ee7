#!/usr/bin/env python3
"""Generate extra labelled case sets to check that newsdedup generalises.

    python3 scripts/stress_cases.py ARTICLES_DIR OUT_DIR [--seed N]
        [--typography modern|keep] [--reword P] [--name-change] [--make-cases PATH]

Writes exactly what the harness' make_cases.py writes (OUT_DIR/dup/{input,gold,meta},
OUT_DIR/clean/{input,gold}, a manifest.json in each), so score.py reads it unchanged.
No make_cases code is copied: the module is imported at run time from --make-cases
(default: ../shared/eval/make_cases.py beside the repo root) and its own main() runs
with a few hooks (monkeypatched module globals) installed:

--seed N             passed through: a fresh random draw of the same articles.
--typography modern  each article is converted in memory (read_article is wrapped):
                     curly quotes and apostrophes, " - " and " -- " -> " — ", "..." -> "…";
                     dup and clean suites both use that text.  The splitter already
                     knows “ ” ‘ ’; "…" is added to its boundary punctuation.
--reword P           new removable recap op "reword": an earlier body sentence with its
                     reporting clause reworded (said that -> noted that; told the court
                     that -> said that; X said Y -> According to X, Y; He also said ->
                     <Surname> emphasised; ...), numbers, negations and names unchanged
                     (checked).  "reword" joins RECAP_OPS with weight P; a custom Random
                     sends a drawn "reword" through make_cases' "near" branch, whose
                     make_near is wrapped.  With no rewordable sentence left the draw is
                     redone among the usual ops; when the recap's own sources hold none,
                     a plain near edit (or make_cases' "exact" fallback) is made instead.
--name-change        new keep=true op "name_change" (like fact_change): an earlier body
                     sentence with one name swapped for another name of the same article
                     and class (surname used with Mr/Mrs/Dr..., place after in/from,
                     acronym), put in a recap paragraph in about half of the cases.
"""

import argparse
import importlib.util
import json
import random
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MAKE_CASES = REPO_ROOT / ".." / "shared" / "eval" / "make_cases.py"
P_NAME_CHANGE = 0.5          # share of cases (with a recap) that get one name_change
NAME_SALT = 0x6E616D65       # own random stream for name_change: make_cases' draws stay as they are
MONTHS_DAYS = set("""January February March April May June July August September October
November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split())
HONORIFICS = {"Mr": "m", "Sir": "m", "Lord": "m", "Mrs": "f", "Ms": "f", "Miss": "f",
              "Dame": "f", "Lady": "f", "Dr": None, "Prof": None}
PRONOUNS = {"He", "She", "It", "They", "We", "I", "You"}
CLAUSE_STARTS = set("the a an it there this these those his her their its he she they we".split())
CLASS_ORDER = ("person", "place", "acronym")   # name_change tries people first
NEGATIONS = set("not no never nor none nothing neither without cannot".split())

mc = None                    # the make_cases module, loaded by main()
BASE_RECAP_OPS = ()          # make_cases' own RECAP_OPS
CTX = {}                     # facts about the current article, set by the build_dup_case hook
APOS = "'"                   # apostrophe for new text ("’" with --typography modern)


# ---------------------------------------------------------------- typography
def modern_typography(text):
    text = text.replace(" -- ", " \u2014 ").replace(" - ", " \u2014 ").replace("...", "\u2026")
    out = []
    for i, c in enumerate(text):
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        opening = prev.isspace() or prev in "(["
        if c == '"':
            c = "\u201c" if opening else "\u201d"
        elif c == "'":
            c = "\u2018" if (opening or prev == "\u201c") and not nxt.isdigit() else "\u2019"
        out.append(c)
    return "".join(out)


def use_modern_typography():
    orig = mc.read_article

    def read_article(path):
        title, paragraphs = orig(path)
        return modern_typography(title), [modern_typography(p) for p in paragraphs]
    mc.read_article = read_article
    mc._BOUNDARY_RE = re.compile(mc._BOUNDARY_RE.pattern.replace("[.!?]", "[.!?\u2026]", 1))


def write_modern_clean_suite(articles_dir, out_dir):
    """make_cases copies clean articles byte for byte; these are converted first."""
    d = out_dir / "clean"
    for sub in ("input", "gold"):
        mc._prepare(d / sub)
    articles = sorted(p for p in articles_dir.glob("*.txt") if p.is_file())
    for p in articles:
        text = modern_typography(p.read_bytes().decode("utf-8", errors="replace"))
        for sub in ("input", "gold"):
            mc._write(d / sub / p.name, text)
    manifest = {"generator": mc.GENERATOR_VERSION, "suite": "clean", "cases": len(articles)}
    mc._write(d / "manifest.json", json.dumps(manifest, indent=1) + "\n")
    print(f"clean: {len(articles)} cases -> {d}")


# ---------------------------------------------------------------- rewordings
def facts_kept(old, new, allowed=()):
    """Same numbers and negations; no name lost; none added beyond `allowed`."""
    def negations(text):
        t = mc.tokens(text)
        n_t = sum(a.endswith("n") and b == "t" for a, b in zip(t, t[1:]))   # n't
        return n_t + sum(w in NEGATIONS for w in t)

    def names(text):                       # capitalised words but the (always capital) first
        return {w for w in mc._ALPHA_RUN_RE.findall(text)[1:] if w[0].isupper()}
    if re.findall(r"\d+", old) != re.findall(r"\d+", new) or negations(old) != negations(new):
        return False
    first = set(mc._ALPHA_RUN_RE.findall(old)[:1])
    return names(old) <= names(new) and names(new) - names(old) <= set(allowed) | first


def _rw_said_that(s, rng):                 # X said that Y -> X added/noted/explained that Y
    m = re.search(r"\b(said|says) that\b", s)
    if not m:
        return None
    verb = rng.choice(("added", "noted", "explained"))
    if m.group(1) == "says":
        verb = {"added": "adds", "noted": "notes", "explained": "explains"}[verb]
    return s[:m.start()] + verb + " that" + s[m.end():]


def _rw_told_that(s, rng):                 # X told the court that Y -> X said that Y
    aud = r"(?:(?:the|a|an) [a-z]+(?: [a-z]+)?|me|him|her|us|them|reporters|journalists)"
    m = re.search(r"\btold " + aud + r" that\b", s)
    return s[:m.start()] + "said that" + s[m.end():] if m else None


def _rw_told_reporters(s, rng):            # X told reporters Y -> X said Y
    m = re.search(r"\btold (?:reporters|journalists)\b(?! that)", s)
    return s[:m.start()] + "said" + s[m.end():] if m else None


def _rw_he_added(s, rng):                  # ..., he said. -> ..., he added.
    m = re.search(r"(,[\"\u201d\u2019]?) (he|she|they|[A-Z][\w\u2019'-]+(?: [A-Z][\w\u2019'-]+)?)"
                  r" (said|says)\.$", s)
    return s[:m.start(3)] + ("added." if m.group(3) == "said" else "adds.") if m else None


def _rw_according_to(s, rng):              # Ann Lee said (that) Y -> According to Ann Lee, Y
    word = r"[A-Z][\w\u2019'.-]*"
    m = re.match(rf"({word}(?: {word}){{0,2}}) (said|says) (that )?(\S.*)$", s)
    if not m or any(w in PRONOUNS or w in mc.SENTENCE_STARTERS for w in m.group(1).split()):
        return None
    if not m.group(3) and m.group(4).split()[0] not in CLAUSE_STARTS:
        return None                        # "X said on Monday ..." would not read
    who = m.group(1)
    first = who.split()[0]
    if " " in who and first not in CTX["names"] and first not in HONORIFICS:
        who = first.lower() + who[len(first):]        # "Economist Jo Lee" -> "economist Jo Lee"
    return f"According to {who}, {m.group(4)}"


def _rw_pronoun_name(s, rng):              # He also said that Y -> Wang emphasised that Y
    m = re.match(r"(He|She)(?: also)? (said|says)( that)? (\S.*)$", s)
    if not m:
        return None
    gender = "m" if m.group(1) == "He" else "f"
    earlier = " ".join(CTX["earlier"].get(s, ()))
    found = {n for n, g in CTX["surnames"].items()
             if g in (gender, None) and re.search(rf"\b{re.escape(n)}\b", earlier)}
    if len(found) != 1:                    # nobody earlier in the paragraph, or ambiguous
        return None
    verb = "emphasised" if m.group(2) == "said" else "emphasises"
    return f"{found.pop()} {verb}{m.group(3) or ''} {m.group(4)}"


def _rw_defended(s, rng):                  # X told the Z that Moscow had ... -> X defended
    m = re.match(r"([^\"\u201c]+?) told (?:the |a )?[a-z]+(?: [a-z]+)? that ([A-Z][a-z]+) "
                 r"(had|has|have|was|were|is|are|would|will|could|should|did|must)\b(.*)$", s)
    if not m or m.group(2) in PRONOUNS or m.group(2) in mc.SENTENCE_STARTERS:
        return None                        # Moscow's actions, saying they had ...
    pron = "it" if m.group(3) in ("has", "was", "is") else "they"
    return (f"{m.group(1)} defended {m.group(2)}{APOS}s actions, "
            f"saying {pron} {m.group(3)}{m.group(4)}")


REWORDINGS = (("said_that", _rw_said_that), ("told_that", _rw_told_that),
              ("told_reporters", _rw_told_reporters), ("he_added", _rw_he_added),
              ("according_to", _rw_according_to), ("pronoun_name", _rw_pronoun_name),
              ("defended", _rw_defended))


def make_reword(s, rng):
    """(text, rule) for a random applicable rewording of s that keeps its facts, or None."""
    order = list(REWORDINGS)
    rng.shuffle(order)
    for name, fn in order:
        new = fn(s, rng)
        allowed = CTX["surnames"] if name == "pronoun_name" else ()
        if new and mc.tokens(new) != mc.tokens(s) and facts_kept(s, new, allowed):
            return new, name
    return None


class StressRandom(random.Random):
    """make_cases' per-article Random, able to route a drawn "reword" into the near branch.

    choices() over RECAP_OPS: a "reword" answers "near" and sets reword_pending (redrawn
    among the usual ops when no rewordable sentence is left untaken); the next choice()
    of a source prefers rewordable sentences; the wrapped make_near() then rewords.
    make_cases turns near into trunc/merge/prefix when all sources are used: that
    choice() clears the flag.  Same random stream as random.Random otherwise."""

    def __init__(self, seed):
        super().__init__(seed)
        self.reword_pending = False
        self.taken = set()                 # sentences already drawn as sources

    def choices(self, population, weights=None, **kw):
        out = super().choices(population, weights, **kw)
        if "reword" not in population:
            return out
        if out[0] == "reword" and not CTX["rewordable"] - self.taken:
            out = super().choices([k for k, _ in BASE_RECAP_OPS], [w for _, w in BASE_RECAP_OPS])
        self.reword_pending = out[0] == "reword"
        return ["near" if self.reword_pending else out[0]]

    def choice(self, seq):
        if self.reword_pending:
            if tuple(seq) == ("trunc", "merge", "prefix"):
                self.reword_pending = False
            else:
                seq = [s for s in seq if s in CTX["rewordable"]] or seq
        return self._take(super().choice(seq))

    def sample(self, population, k, **kw):
        return [self._take(x) for x in super().sample(population, k, **kw)]

    def _take(self, x):
        if isinstance(x, str):
            self.taken.add(x)
        return x


def wrap_make_near(orig):
    def make_near(s, rng):
        if getattr(rng, "reword_pending", False):
            rng.reword_pending = False
            r = make_reword(s, rng)
            if r:
                return r[0], ["reword:" + r[1]]   # relabelled by the build_dup_case hook
        return orig(s, rng)
    return make_near


# ---------------------------------------------------------------- name changes
def name_classes(all_sents, surnames):
    """{name: "person" | "place" | "acronym"} for names never written lowercase."""
    text = " ".join(all_sents)
    lower = {w for w in mc._ALPHA_RUN_RE.findall(text) if w.islower()}
    stop = mc.SENTENCE_STARTERS | mc.ABBREVIATIONS | MONTHS_DAYS | PRONOUNS | set(HONORIFICS)
    places = set(re.findall(r"\b(?:in|from) ([A-Z][a-z]+)\b(?! [A-Z]|[-'\u2019])", text))
    classes = {}
    for n in mc.proper_nouns(all_sents) | set(surnames):
        if n in stop or len(n) < 2 or (n.casefold() in lower and not n.isupper()):
            continue
        if n in surnames:
            classes[n] = "person"
        elif n in places:
            classes[n] = "place"
        elif n.isupper() and len(n) <= 5:
            classes[n] = "acronym"
    return classes


def _name_spots(s, name, kind):
    """Non-initial occurrences of name in s; for places/acronyms, not inside a longer name."""
    spots = re.finditer(rf"(?<=\s)\b{re.escape(name)}\b(?!-)", s)
    if kind == "person":
        return list(spots)
    return [m for m in spots if not re.match(r" [A-Z]", s[m.end():])
            and not re.search(r"[A-Z][\w.\u2019'-]* $", s[:m.start()])]


def _swap_rank(s):
    """Best class of a swappable name in s (sentences with people are tried first)."""
    classes = CTX["name_classes"]
    return min((CLASS_ORDER.index(k) for n, k in classes.items() if _name_spots(s, n, k)),
               default=len(CLASS_ORDER))


def make_name_change(s, rng):
    """(text, "Old -> New"): one name of s swapped for another of its class, or None.

    People are tried first, then places, then acronyms (the least natural swaps)."""
    classes, home = CTX["name_classes"], CTX["para_of"].get(s)
    olds = [n for n in sorted(classes) if _name_spots(s, n, classes[n])]
    rng.shuffle(olds)
    olds.sort(key=lambda n: CLASS_ORDER.index(classes[n]))
    for old in olds:
        same = [n for n in sorted(classes) if classes[n] == classes[old] and n not in s]
        other = [n for n in same if any(p != home for p in CTX["name_paras"][n])]
        if not same:
            continue
        new = rng.choice(other or same)
        m = rng.choice(_name_spots(s, old, classes[old]))
        text = s[:m.start()] + new + s[m.end():]
        if not mc.contains_run(CTX["body_tokens"], mc.tokens(text)):
            return text, f"{old} -> {new}"
    return None


def inject_name_change(paras, case, rng):
    """Insert one name_change sentence into a recap paragraph placed after its source."""
    if rng.random() >= P_NAME_CHANGE:
        return
    recaps = [r for r, para in enumerate(paras)
              if any(o is not None and case.ops[o]["type"] not in ("exact_par", "exact_block")
                     for _, o in para)]
    for r in rng.sample(recaps, len(recaps)):
        in_recap = {src for _, o in paras[r] if o is not None for src in case.ops[o]["sources"]}
        cands = [t for para in paras[:r] for t, o in para
                 if o is None and mc.wc(t) >= mc.MIN_POOL_WORDS and t not in in_recap]
        for s in sorted(rng.sample(cands, len(cands)), key=_swap_rank):
            built = make_name_change(s, rng)
            if built:
                where = next(case.ops[o]["placement"] for _, o in paras[r] if o is not None)
                op = case.op(type="name_change", sources=[s], keep=True, placement=where,
                             detail=built[1])
                paras[r].insert(rng.randint(0, len(paras[r])), (built[0], op))
                return


# ---------------------------------------------------------------- hooks
def set_context(article_id, paragraphs, seed, name_change):
    """Article facts the hooks need (make_cases hands them a sentence only)."""
    body = [mc.split_sentences(p) for p in paragraphs]
    all_sents = [s for ss in body for s in ss]
    text = " ".join(all_sents)
    surnames = {}                          # {surname: "m" | "f" | None} from "Mr X", "Ms X"...
    for m in re.finditer(rf"\b({'|'.join(HONORIFICS)})\.? ([A-Z][a-z]+(?:[-'\u2019][A-Z][a-z]+)?)"
                         r"\b(?! ?[A-Z])", text):
        g = HONORIFICS[m.group(1)]
        surnames[m.group(2)] = g if surnames.get(m.group(2), g) == g else None
    names = mc.proper_nouns(all_sents) | set(surnames)
    CTX.clear()
    CTX.update(names=names, surnames=surnames, body_tokens=mc.tokens(text),
               earlier={s: ss[:i] for ss in body for i, s in enumerate(ss)},
               para_of={s: i for i, ss in enumerate(body) for s in ss},
               name_classes=name_classes(all_sents, surnames),
               name_paras={n: {i for i, ss in enumerate(body)
                               if re.search(rf"\b{re.escape(n)}\b", " ".join(ss))} for n in names},
               rng=random.Random(seed ^ mc.stable_hash(article_id) ^ NAME_SALT),
               name_change_pending=name_change)
    CTX["rewordable"] = {s for s in all_sents if mc.wc(s) >= mc.MIN_POOL_WORDS
                         and make_reword(s, random.Random(0))}


def install_hooks(args):
    """Monkeypatch make_cases' module globals for the chosen variants."""
    global APOS, BASE_RECAP_OPS
    BASE_RECAP_OPS = tuple(mc.RECAP_OPS)
    if args.typography == "modern":
        APOS = "\u2019"
        use_modern_typography()
    mc.OP_TYPES = tuple(mc.OP_TYPES) + ("reword", "name_change")
    mc.GENERATOR_VERSION += (f" + stress_cases (seed={args.seed}, typography={args.typography}, "
                             f"reword={args.reword}, name_change={args.name_change})")
    if args.reword > 0:
        mc.RECAP_OPS = tuple((k, w * (1 - args.reword)) for k, w in BASE_RECAP_OPS) + (
            ("reword", 100 * args.reword),)
        mc.make_near = wrap_make_near(mc.make_near)
        mc.random = type("RandomShim", (), {"Random": StressRandom})
    orig_build, orig_render, base_case = mc.build_dup_case, mc.render, mc.Case

    class TrackedCase(base_case):          # lets the render hook reach the case's ops
        def __init__(self):
            super().__init__()
            CTX["case"] = self

    def render(title, paras, keep):        # first call renders the input: inject there
        if CTX.pop("name_change_pending", False):
            inject_name_change(paras, CTX["case"], CTX["rng"])
        return orig_render(title, paras, keep)

    def build_dup_case(article_id, title, paragraphs, seed):
        set_context(article_id, paragraphs, seed, args.name_change)
        inp, gold, ops = orig_build(article_id, title, paragraphs, seed)
        for op in ops:
            if op["type"] == "near" and op["edits"][0].startswith("reword:"):
                op["type"], op["detail"] = "reword", op.pop("edits")[0][len("reword:"):]
        return inp, gold, ops
    mc.Case, mc.render, mc.build_dup_case = TrackedCase, render, build_dup_case


# ---------------------------------------------------------------- main
def load_make_cases(path):
    if not path.is_file():
        sys.exit(f"cannot load make_cases from {path}")
    sys.dont_write_bytecode = True         # no __pycache__ beside the shared harness
    spec = importlib.util.spec_from_file_location("make_cases", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv=None):
    global mc
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("articles_dir", type=Path)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--typography", choices=("modern", "keep"), default="keep")
    ap.add_argument("--reword", type=float, default=0.0, metavar="P",
                    help="weight (0-1) of the reword op among recap pieces")
    ap.add_argument("--name-change", action="store_true", help="add keep=true name_change ops")
    ap.add_argument("--make-cases", type=Path, default=DEFAULT_MAKE_CASES)
    args = ap.parse_args(argv)
    if not 0.0 <= args.reword <= 1.0:
        ap.error("--reword must be between 0 and 1")
    mc = load_make_cases(args.make_cases.resolve())
    install_hooks(args)
    common = [str(args.articles_dir), str(args.out_dir), "--seed", str(args.seed)]
    if args.typography == "modern":
        mc.main(common + ["--suite", "dup"])
        write_modern_clean_suite(args.articles_dir, args.out_dir)
    else:
        mc.main(common)


if __name__ == "__main__":
    main()
