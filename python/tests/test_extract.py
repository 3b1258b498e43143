"""The package gives the CLI's records: on corpus/ through every entry point, in order,
whatever the number of threads."""

import itertools
import json
import os
import subprocess
from pathlib import Path

import pytest

import zhenggai
from conftest import ROOT, cli_path, cli_records, run_cli


def files_of(records):
    """(id, path, bytes) of each record's file, in the CLI's order."""
    return [(r["doc"]["id"], r["doc"]["path"], (ROOT / r["doc"]["path"]).read_bytes()) for r in records]


def test_extract_paths_equals_the_cli_on_corpus(corpus_cli):
    records = zhenggai.extract_paths("corpus")
    assert len(records) == len(corpus_cli) > 80
    assert [r["doc"]["id"] for r in records] == [r["doc"]["id"] for r in corpus_cli]
    for ours, theirs in zip(records, corpus_cli):
        assert ours == theirs, ours["doc"]["id"]


def test_extract_paths_options_are_the_clis():
    args = ["--explain", "--emit-text", "--ref-date", "2020", "--jobs", "1", "corpus/seeds", "corpus/heldout"]
    theirs = cli_records(*args)
    ours = zhenggai.extract_paths(
        ["corpus/seeds", Path("corpus/heldout")], jobs=1, explain=True, emit_text=True, ref_date=2020
    )
    assert ours == theirs


def test_extract_one_document_equals_the_cli(corpus_cli):
    p = zhenggai.default_pipeline()
    for doc_id, path, data in files_of(corpus_cli):
        record = p.extract(data, path=path, id=doc_id)
        assert record == next(r for r in corpus_cli if r["doc"]["id"] == doc_id), doc_id


def test_text_and_its_utf8_bytes_give_one_record():
    text = (ROOT / "corpus/seeds").glob("000_*.txt").__next__().read_text("utf-8")
    assert zhenggai.extract(text) == zhenggai.extract(text.encode("utf-8"))
    r = zhenggai.extract(text)
    assert r["doc"]["id"] == "-" and r["tasks"][0]["id"].startswith("-#")


def test_spans_slice_the_emitted_text():
    r = zhenggai.extract(next((ROOT / "corpus/heldout").glob("h02_*")).read_bytes(), path="h02.html", emit_text=True)
    assert r["tasks"]
    for t in r["tasks"]:
        assert r["text"][t["span"][0]:t["span"][1]] == t["text"]


def test_a_gbk_notice_is_detected_as_the_cli_detects_it():
    path = next((ROOT / "corpus/heldout").glob("h04_*"))
    r = zhenggai.extract(path.read_bytes(), path=str(path.relative_to(ROOT)))
    assert r["doc"]["encoding"] == "GBK" or r["doc"]["encoding"] == "GB18030"
    assert r == cli_records(str(path.relative_to(ROOT)))[0]


@pytest.mark.parametrize("jobs", [1, 2, None])
def test_extract_many_equals_a_loop(corpus_cli, jobs):
    docs = files_of(corpus_cli)
    p = zhenggai.default_pipeline()
    looped = [p.extract(data, path=path, id=doc_id) for doc_id, path, data in docs]
    many = list(p.extract_many(docs, jobs=jobs))
    assert many == looped
    assert many == corpus_cli


def test_records_are_what_json_loads_makes_of_the_clis_lines():
    # the records are built from the Rust record, not parsed from its JSON: the same keys
    # in the same order, lists (never tuples), ints and floats where the JSON has them
    args = ["--explain", "--emit-text", "corpus/seeds", "corpus/heldout", "corpus/encodings"]
    theirs = [repr(r) for r in cli_records(*args)]
    assert theirs
    p = zhenggai.default_pipeline()
    assert [repr(r) for r in p.extract_paths(args[2:], explain=True, emit_text=True)] == theirs
    docs = files_of(cli_records(*args[2:]))
    many = p.extract_many(docs, jobs=2, explain=True, emit_text=True)
    assert [repr(r) for r in many] == theirs
    one = [p.extract(data, path=path, id=i, explain=True, emit_text=True) for i, path, data in docs]
    assert [repr(r) for r in one] == theirs
    metrics = [m["value"] for r in one for t in r["tasks"] for m in t["metrics"]]
    assert metrics and all(type(v) is float for v in metrics)


def test_extract_many_names_documents_as_told():
    texts = ["各级党委要于年底前完成整改。", "各地要抓紧整改。"]
    records = list(zhenggai.extract_many(texts))
    assert [r["doc"]["id"] for r in records] == ["0", "1"]
    records = list(zhenggai.extract_many([("a.txt", texts[0]), ("id-b", "b.txt", texts[1].encode())]))
    assert [(r["doc"]["id"], r["doc"]["path"]) for r in records] == [("a.txt", "a.txt"), ("id-b", "b.txt")]


def test_extract_many_reads_its_input_as_it_goes():
    pulled = []

    def endless():
        for n in itertools.count():
            pulled.append(n)
            yield f"第{n}项：各级党委要于年底前完成整改。"

    first = list(itertools.islice(zhenggai.extract_many(endless(), jobs=2), 3))
    assert [r["doc"]["id"] for r in first] == ["0", "1", "2"]
    # a window of 4 documents a thread, topped up after each record given
    assert len(pulled) <= 3 + 2 * 4 + 1


def test_extract_many_raises_where_the_input_breaks():
    def broken():
        yield "各级党委要于年底前完成整改。"
        yield "各地要抓紧整改。"
        raise OSError("the source broke")

    it = zhenggai.extract_many(broken(), jobs=2)
    assert next(it)["doc"]["id"] == "0"
    assert next(it)["doc"]["id"] == "1"
    with pytest.raises(OSError, match="the source broke"):
        next(it)


def test_extract_many_rejects_what_is_no_document_in_its_turn():
    it = zhenggai.extract_many(["各地要抓紧整改。", 42])
    assert next(it)["doc"]["id"] == "0"
    with pytest.raises(TypeError, match="item 1: expected str or bytes, got int"):
        next(it)


def test_iter_paths_counts_what_it_passes_over(tmp_path):
    (tmp_path / "notice.txt").write_text("各级党委要于年底前完成整改。", encoding="utf-8")
    (tmp_path / "table.xlsx").write_bytes(b"PK\x03\x04")
    it = zhenggai.iter_paths(tmp_path)
    assert it.summary is None
    records = list(it)
    assert len(records) == 1
    assert it.summary["documents"] == 1 and it.summary["tasks"] == len(records[0]["tasks"])
    assert [e for _, e in it.summary["skipped"]] == [".xlsx"]


def slurm_shards(n, out):
    """scripts/slurm_extract.sh as a Slurm array of n tasks would run it."""
    for k in range(1, n + 1):
        env = {**os.environ, "SLURM_ARRAY_TASK_ID": str(k), "SLURM_ARRAY_TASK_COUNT": str(n),
               "ZHENGGAI": str(cli_path())}
        subprocess.run(["bash", "scripts/slurm_extract.sh", "corpus", str(out)], cwd=ROOT, env=env, check=True)
    return [[json.loads(line) for line in p.read_text("utf-8").splitlines()] for p in sorted(out.glob("part-*.jsonl"))]


def test_shards_together_are_the_whole_corpus(corpus_cli, tmp_path):
    """The Slurm and GNU parallel recipes: N runs with --shard K/N give every record once."""
    n = 3
    for shards in (
        [cli_records("--shard", f"{k}/{n}", "corpus") for k in range(1, n + 1)],
        slurm_shards(n, tmp_path / "out"),
        [zhenggai.extract_paths("corpus", shard=(k, n)) for k in range(1, n + 1)],
    ):
        assert len(shards) == n
        assert all(0 < len(s) < len(corpus_cli) for s in shards)
        union = sorted((r for s in shards for r in s), key=lambda r: r["doc"]["id"])
        assert union == sorted(corpus_cli, key=lambda r: r["doc"]["id"])


def test_schema_is_the_clis():
    assert zhenggai.schema() == json.loads(run_cli("schema").stdout)
