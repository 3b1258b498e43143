#!/usr/bin/env python3
"""Where the extractor and the gold disagree, field by field, for reading misses by class.

    python3 scripts/misses.py RECORDS.jsonl [--half a] [--shape speech] [--doc A03]
                              [--what fp,fn,kind,body,main,dl] [--max 40]

RECORDS.jsonl is what `zhenggai extract` (or `scripts/figures.py --keep`) wrote for
corpus/real. Tasks are matched to gold exactly as tests/data/score.py matches them (the
same span overlap, the same phrase folding), so every line printed here is one of the
scorer's misses or extras:

- `fp`: an extracted task no gold task overlaps; `fn`: a gold task nothing overlaps;
- `kind`, `main`: a matched task whose kind, or first category, differs;
- `body`: a matched task whose bodies differ (gold bodies not found, extracted ones wrong),
  with the rule that produced the extracted body;
- `dl`: a matched task whose deadlines differ.

Read the misses of the half you are working on, never those of the half you report on.
"""
import argparse
import csv
import importlib.util
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("score", os.path.join(ROOT, "tests/data/score.py"))
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)


def sources():
    path = os.path.join(ROOT, "corpus/real/SOURCES.tsv")
    with open(path, encoding="utf-8") as f:
        return {r["filename"]: r for r in csv.DictReader(f, delimiter="\t")}


def located(doc, items, key):
    out, hint = [], 0
    for it in items:
        loc = doc.locate(it.get(key, ""), hint)
        if loc is not None:
            hint = loc[1]
        out.append((it, loc))
    return out


def matches(a, b):
    return a and b and score.overlap(a, b) * 2 >= min(a[1] - a[0], b[1] - b[0])


def bodies(task):
    return [t for t, _ in score.body_list(task)]


def deadlines(task):
    return [t for t, _ in score.deadline_list(task)]


def body_rules(task):
    out = []
    for b in task.get("bodies") or []:
        if isinstance(b, dict):
            out.append(f"{b.get('text')}<{b.get('rule') or b.get('source') or ''}>")
    return out


def compare(name, gold, pred, doc, what, out):
    g = located(doc, gold["tasks"], "quote")
    p = located(doc, (pred or {}).get("tasks", []), "text")
    if "fp" in what:
        for t, loc in p:
            if not any(matches(loc, gl) for _, gl in g):
                out.append(("fp", name, f"{t.get('kind')} {t.get('rule', '')} | {t.get('text', '')[:70]}"))
    for gt, gl in g:
        if gt.get("optional"):
            continue
        hit = [(t, loc) for t, loc in p if matches(loc, gl)]
        if not hit:
            if "fn" in what:
                out.append(("fn", name, f"{gt['kind']} | {gt['quote'][:70]}"))
            continue
        best = max(hit, key=lambda x: score.overlap(x[1], gl))[0]
        quote = gt["quote"][:50]
        if "kind" in what and best.get("kind") != gt["kind"]:
            out.append(("kind", name, f"gold {gt['kind']} got {best.get('kind')} | {quote}"))
        gc = score.as_list(gt.get("categories"))
        pc = score.as_list(best.get("categories"))
        if "main" in what and gc and pc[:1] != gc[:1]:
            out.append(("main", name, f"gold {gc[:1]} got {pc[:1]} | {quote}"))
        gb, pb = bodies(gt), [b for t, _ in hit for b in bodies(t)]
        lost = [b for b in gb if not any(score.phrase_match(b, x) for x in pb)]
        wrong = [b for b in bodies(best) if not any(score.phrase_match(b, x) for x in gb)]
        if "body" in what and (lost or wrong):
            out.append(("body", name, f"gold {gb} got {body_rules(best) or bodies(best)} | {quote}"))
        gd, pd = deadlines(gt), [d for t, _ in hit for d in deadlines(t)]
        dlost = [d for d in gd if not any(score.phrase_match(d, x) for x in pd)]
        dwrong = [d for d in deadlines(best) if not any(score.phrase_match(d, x) for x in gd)]
        if "dl" in what and (dlost or dwrong):
            out.append(("dl", name, f"gold {score.deadline_list(gt)} got {score.deadline_list(best)} | {quote}"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("records")
    ap.add_argument("--half", help="only documents of these halves (letters, say ab)")
    ap.add_argument("--shape", help="only documents of this shape")
    ap.add_argument("--doc", help="only documents whose name starts with this")
    ap.add_argument("--what", default="fp,fn,kind,body,main,dl")
    ap.add_argument("--max", type=int, default=40, help="lines per class")
    args = ap.parse_args()
    what = set(args.what.split(","))
    preds = score.load_preds([args.records])
    out = []
    for name, row in sorted(sources().items()):
        if args.half and row["half"] not in args.half:
            continue
        if args.shape and row["shape"] != args.shape:
            continue
        if args.doc and not name.startswith(args.doc):
            continue
        stem = os.path.splitext(name)[0]
        gpath = os.path.join(ROOT, "corpus/gold/real", stem + ".json")
        if not os.path.exists(gpath):
            continue
        gold = json.load(open(gpath, encoding="utf-8"))
        raw = open(os.path.join(ROOT, "corpus/real", name), "rb").read()
        doc = score.Doc(score.decode(raw))
        compare(stem[:3], gold, preds.get(name), doc, what, out)
    for cls in ["fp", "fn", "kind", "main", "body", "dl"]:
        rows = [r for r in out if r[0] == cls]
        if cls not in what or not rows:
            continue
        print(f"## {cls}: {len(rows)}")
        for _, name, line in rows[: args.max]:
            print(f"{name} {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
