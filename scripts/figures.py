#!/usr/bin/env python3
"""The figures of issue-style reports: the reference scorer on corpus/real, by half and by
document shape (corpus/real/SOURCES.tsv), and on the dev seeds.

    python3 scripts/figures.py [--bin target/release/zhenggai] [--records OUT.jsonl] [--misses half-a]
                               [--shipped | --rules DIR | --no-model] [--keep REC.jsonl]
                               [--edited-rules DIR]

Extracts corpus/real (or reads --records), then scores each subset with tests/data/score.py
(the reference scorer) on a folder of that subset's gold files. Prints one row a subset:
all, half a, half b, each shape, and the dev seeds.

The category model shipped in rules/model/ is trained on all of corpus/real, so its figures
there are figures on its own training data. By default the records are therefore
cross-fitted: for each half (a, b, c, … of SOURCES.tsv) the binary trains a model on all
the other halves and the dev seeds (`zhenggai train`, about a second each), each half is
extracted with the model that did not see it, and every row of corpus/real is a held-out
figure. The dev seeds are
scored twice: with the shipped model (`dev seeds`, which saw them) and with a model trained
on corpus/real alone (`dev held out`). `--shipped` extracts with the binary's own model
(training-set figures for the category columns); `--rules DIR` and `--no-model` are passed
to the extraction (DIR's model/, the rules without a model) and score as they are.

`--edited-rules DIR` (say `rules`) adds DIR's rule files to every extraction, cross-fitted
ones included: a rule edited there (same id) replaces the binary's embedded one, so rule
edits are measured without rebuilding the binary (a rule deleted there is still embedded).
"""
import argparse, csv, json, os, shutil, subprocess, sys, tempfile

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


EDITED = None  # --edited-rules: a folder whose rule files every extraction adds


def with_edits(out):
    """Copies the --edited-rules folder's rule files (not its model) into a rules folder."""
    if EDITED:
        os.makedirs(out, exist_ok=True)
        for f in os.listdir(EDITED):
            if f.endswith((".toml", ".txt")):
                shutil.copyfile(os.path.join(EDITED, f), os.path.join(out, f))
    return out


def train(binary, gold_dirs, out, d):
    """Trains a category model on gold folders (with corpus/real or corpus/seeds) into out/model."""
    args = [binary, "train", "-o", os.path.join(with_edits(out), "model")]
    for g, corpus in gold_dirs:
        args += ["--gold", g, "--corpus", corpus]
    subprocess.run(args, check=True, capture_output=True)


def crossfit(binary, rows, real, gold_of, d):
    """Records of corpus/real, each half extracted with a model trained on the others (+dev)."""
    devgold = os.path.join(ROOT, "corpus", "gold", "dev")
    seeds = os.path.join(ROOT, "corpus", "seeds")
    merged = os.path.join(d, "real.jsonl")
    names = sorted({r["half"] for r in rows})
    with open(merged, "w") as out:
        for h in names:
            g = os.path.join(d, "gold-not-" + h)
            os.makedirs(g)
            for r in rows:
                if r["half"] != h:
                    os.symlink(os.path.abspath(gold_of(r)), os.path.join(g, os.path.basename(gold_of(r))))
            rules = os.path.join(d, "rules-not-" + h)
            train(binary, [(g, real), (devgold, seeds)], rules, d)
            own = {r["filename"] for r in rows if r["half"] == h}
            run = subprocess.run([binary, "extract", "-q", "--rules", rules, real],
                                 capture_output=True, text=True, check=True)
            for line in run.stdout.splitlines():
                if os.path.basename(json.loads(line)["doc"]["path"]) in own:
                    out.write(line + "\n")
    train(binary, [(os.path.join(ROOT, "corpus", "gold", "real"), real)], os.path.join(d, "rules-real"), d)
    return merged


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "zhenggai"))
    ap.add_argument("--records", help="records of corpus/real already extracted")
    ap.add_argument("--misses", help="print the misses of this subset (all, half-a, half-b, a shape)")
    ap.add_argument("--shipped", action="store_true", help="extract with the binary's own model (no cross-fitting)")
    ap.add_argument("--rules", help="a rules folder added to the defaults (its model/ too)")
    ap.add_argument("--no-model", action="store_true", help="the rules alone, no trained model")
    ap.add_argument("--keep", help="also write the records of corpus/real that were scored to this file")
    ap.add_argument("--edited-rules", help="a rules folder whose rule files every extraction adds")
    a = ap.parse_args()
    global EDITED
    EDITED = a.edited_rules and os.path.abspath(a.edited_rules)
    extra = (["--rules", a.rules] if a.rules else []) + (["--no-model"] if a.no_model else [])
    cross = not (a.records or a.shipped or extra)
    real, gold = os.path.join(ROOT, "corpus", "real"), os.path.join(ROOT, "corpus", "gold", "real")
    rows = list(csv.DictReader(open(os.path.join(real, "SOURCES.tsv"), encoding="utf-8"), delimiter="\t"))
    gold_of = lambda r: os.path.join(gold, os.path.splitext(r["filename"])[0] + ".json")
    with tempfile.TemporaryDirectory() as d:
        records = a.records
        if cross:
            records = crossfit(a.bin, rows, real, gold_of, d)
        elif not records:
            records = os.path.join(d, "real.jsonl")
            with open(records, "w") as out:
                subprocess.run([a.bin, "extract", "-q", *extra, real], stdout=out, check=True)
        if a.keep:
            shutil.copyfile(records, a.keep)
        subsets = [("all", rows)] + [("half " + h, [r for r in rows if r["half"] == h])
                                     for h in sorted({r["half"] for r in rows})]
        for shape in sorted({r["shape"] for r in rows}):
            subsets.append((shape, [r for r in rows if r["shape"] == shape]))
        if cross:
            print("corpus/real: each half extracted with a category model trained on the other halves and the dev seeds")
        elif a.shipped:
            print("corpus/real: the shipped category model, trained on all of it: category columns are training-set figures")
        print("| set | docs | gold | " + " | ".join(h for _, h in KEYS) + " |")
        print("|---" * (len(KEYS) + 3) + "|")
        for name, rs in subsets:
            want = a.misses and a.misses.replace("-", " ") == name
            print(row(name, len(rs), score([gold_of(r) for r in rs], real, records, 60 if want else 0)))
        seeds = os.path.join(ROOT, "corpus", "seeds")
        devgold = [os.path.join(ROOT, "corpus", "gold", "dev", f) for f in sorted(os.listdir(os.path.join(ROOT, "corpus", "gold", "dev")))]
        runs = [("dev seeds", extra or (["--rules", with_edits(os.path.join(d, "edits"))] if EDITED else []))]
        if cross:
            runs.append(("dev held out", ["--rules", os.path.join(d, "rules-real")]))
        for name, args in runs:
            dev = os.path.join(d, name.replace(" ", "-") + ".jsonl")
            with open(dev, "w") as out:
                subprocess.run([a.bin, "extract", "-q", *args, seeds], stdout=out, check=True)
            print(row(name, len(devgold), score(devgold, seeds, dev)))


if __name__ == "__main__":
    main()
