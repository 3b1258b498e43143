#!/usr/bin/env python3
"""Check gold files before they are scored: fields, values from docs/TASKS.md, quotes found.

    python3 scripts/check_gold.py --corpus CORPUS_DIR GOLD.json [GOLD.json ...]

Category ids and deadline kinds are read from the tables of docs/TASKS.md, so the check
follows the spec. A quote must be found in the document as the reference scorer reads it
(tests/data/score.py), in document order. Prints one line per problem; exits 1 if any.
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "data"))
from score import Doc, decode  # noqa: E402

TASK_KEYS = {"quote", "kind", "categories", "bodies", "deadline", "optional"}


def spec_ids(heading):
    """The backticked ids in the first column of the table under `heading` in TASKS.md."""
    text = open(os.path.join(HERE, "..", "docs", "TASKS.md"), encoding="utf-8").read()
    part = text.split(heading, 1)[1]
    ids = []
    for line in part.splitlines()[1:]:
        if line.startswith("#"):
            break
        m = re.match(r"\|\s*`([a-z-]+)`\s*\|", line)
        if m:
            ids.append(m.group(1))
    return set(ids)


def check(path, corpus, categories, kinds):
    problems = []
    gold = json.load(open(path, encoding="utf-8"))
    for key in ("doc", "meta", "tasks"):
        if key not in gold:
            problems.append(f"missing `{key}`")
    if problems:
        return problems
    raw = open(os.path.join(corpus, gold["doc"]), "rb").read()
    doc, hint = Doc(decode(raw)), 0
    for i, t in enumerate(gold["tasks"]):
        where = f"task {i} ({t.get('quote', '')[:20]}…)"
        if set(t) != TASK_KEYS:
            problems.append(f"{where}: keys {sorted(t)} != {sorted(TASK_KEYS)}")
            continue
        loc = doc.locate(t["quote"], hint)
        if loc is None:
            problems.append(f"{where}: quote not found in the document")
        elif loc[0] < hint and not t["optional"]:
            problems.append(f"{where}: quote found only before the previous one (order?)")
        else:
            hint = loc[1]
        if t["kind"] not in ("directive", "report"):
            problems.append(f"{where}: kind `{t['kind']}`")
        if not t["categories"] or set(t["categories"]) - categories:
            problems.append(f"{where}: categories {t['categories']}")
        for b in t["bodies"]:
            if set(b) - {"text", "source", "role", "canonical"} or b.get("source") not in ("explicit", "inherited") or not b.get("text"):
                problems.append(f"{where}: body {b}")
        for d in t["deadline"]:
            if set(d) != {"text", "kind"} or d["kind"] not in kinds:
                problems.append(f"{where}: deadline {d}")
            elif t["quote"].find(d["text"]) < 0 and doc.locate(d["text"]) is None:
                problems.append(f"{where}: deadline text `{d['text']}` is not in the document")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("gold", nargs="+")
    a = ap.parse_args()
    categories = spec_ids("## Categories")
    kinds = spec_ids("Each deadline carries a `kind`")
    bad = 0
    for p in a.gold:
        for problem in check(p, a.corpus, categories, kinds):
            print(f"{p}: {problem}")
            bad += 1
    print(f"{len(a.gold)} files, {bad} problems", file=sys.stderr)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
