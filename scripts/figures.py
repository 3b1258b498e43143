#!/usr/bin/env python3
"""The figures of issue-style reports: the reference scorer on corpus/real, by half and by
document shape (corpus/real/SOURCES.tsv), and on the dev seeds.

    python3 scripts/figures.py [--bin target/release/zhenggai] [--records OUT.jsonl] [--misses half-a]

Runs the extractor once over corpus/real (or reads --records), then scores each subset with
tests/data/score.py (the reference scorer) on a folder of that subset's gold files. Prints
one row a subset: all, half a, half b, each shape, and the dev seeds.
"""
import argparse, csv, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SCORE = os.path.join(ROOT, "tests", "data", "score.py")
KEYS = [("task_precision", "task P"), ("task_recall", "task R"), ("kind_accuracy", "kind"),
        ("category_any", "cat any"), ("category_main", "cat main"), ("body_precision", "body P"),
        ("body_recall", "body R"), ("body_f1", "body F1"), ("body_recall_inherited", "body R inh"),
        ("deadline_f1", "dl F1"), ("title_accuracy", "title"), ("date_accuracy", "date")]


def score(gold_files, corpus, records, misses=0):
    with tempfile.TemporaryDirectory() as d:
        for g in gold_files:
            os.symlink(os.path.abspath(g), os.path.join(d, os.path.basename(g)))
        out = os.path.join(d, "figures.json")
        cmd = [sys.executable, SCORE, "--gold", d, "--corpus", corpus, records, "--json", out]
        if misses:
            cmd += ["--misses", str(misses), "--per-doc"]
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(run.stderr)
        if misses:
            print(run.stdout)
        return json.load(open(out))["total"]


def row(name, n, t):
    cells = [f"{t[k]:.3f}" if isinstance(t.get(k), float) else "-" for k, _ in KEYS]
    return f"| {name} | {n} | {t['tasks_gold']} | " + " | ".join(cells) + " |"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "zhenggai"))
    ap.add_argument("--records", help="records of corpus/real already extracted")
    ap.add_argument("--misses", help="print the misses of this subset (all, half-a, half-b, a shape)")
    a = ap.parse_args()
    real, gold = os.path.join(ROOT, "corpus", "real"), os.path.join(ROOT, "corpus", "gold", "real")
    rows = list(csv.DictReader(open(os.path.join(real, "SOURCES.tsv"), encoding="utf-8"), delimiter="\t"))
    gold_of = lambda r: os.path.join(gold, os.path.splitext(r["filename"])[0] + ".json")
    with tempfile.TemporaryDirectory() as d:
        records = a.records
        if not records:
            records = os.path.join(d, "real.jsonl")
            with open(records, "w") as out:
                subprocess.run([a.bin, "extract", "-q", real], stdout=out, check=True)
        subsets = [("all", rows), ("half a", [r for r in rows if r["half"] == "a"]),
                   ("half b", [r for r in rows if r["half"] == "b"])]
        for shape in sorted({r["shape"] for r in rows}):
            subsets.append((shape, [r for r in rows if r["shape"] == shape]))
        print("| set | docs | gold | " + " | ".join(h for _, h in KEYS) + " |")
        print("|---" * (len(KEYS) + 3) + "|")
        for name, rs in subsets:
            want = a.misses and a.misses.replace("-", " ") == name
            print(row(name, len(rs), score([gold_of(r) for r in rs], real, records, 60 if want else 0)))
        seeds = os.path.join(ROOT, "corpus", "seeds")
        dev = os.path.join(d, "dev.jsonl")
        with open(dev, "w") as out:
            subprocess.run([a.bin, "extract", "-q", seeds], stdout=out, check=True)
        devgold = [os.path.join(ROOT, "corpus", "gold", "dev", f) for f in sorted(os.listdir(os.path.join(ROOT, "corpus", "gold", "dev")))]
        print(row("dev seeds", len(devgold), score(devgold, seeds, dev)))


if __name__ == "__main__":
    main()
