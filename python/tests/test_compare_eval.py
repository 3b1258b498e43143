"""compare and evaluate give what `zhenggai compare --format json` and `zhenggai eval
--json` give, from paths or from records."""

import json

import zhenggai
from conftest import run_cli

CENTRAL = "corpus/seeds/000_2e29eb4606567f33.txt"
LOCAL = "corpus/seeds/004_51c61d9e97b41153.txt"


def test_compare_equals_the_cli():
    theirs = json.loads(
        run_cli("compare", "--central", CENTRAL, "--local", LOCAL, "--by-section", "--format", "json").stdout
    )
    assert zhenggai.compare(CENTRAL, LOCAL, by_section=True) == theirs
    # records instead of paths, extracted as the CLI's compare reads paths (no model)
    central, local = zhenggai.Pipeline(no_model=True).extract_paths([CENTRAL, LOCAL])
    assert zhenggai.compare([central], local, by_section=True) == theirs
    assert len(theirs["plans"]) == 11


def test_compare_takes_a_threshold():
    strict = zhenggai.compare(CENTRAL, LOCAL, threshold=1.2)
    loose = zhenggai.compare(CENTRAL, LOCAL, threshold=0.2)
    assert strict["threshold"] == 1.2
    # a higher threshold matches fewer local items: more of them are additions
    assert len(strict["plans"][0]["additions"]) > len(loose["plans"][0]["additions"])


def test_evaluate_equals_the_cli(tmp_path):
    out = tmp_path / "figures.json"
    run_cli("eval", "--gold", "corpus/gold/dev", "--corpus", "corpus/seeds", "--json", str(out))
    theirs = json.loads(out.read_text("utf-8"))
    records = zhenggai.extract_paths("corpus/seeds")
    assert zhenggai.evaluate("corpus/gold/dev", "corpus/seeds", records) == theirs


def test_evaluate_reads_big5_as_zhenggai_does_when_told():
    records = zhenggai.extract_paths("corpus/heldout")
    figures = zhenggai.evaluate("corpus/gold/heldout", "corpus/heldout", records, decode="detect")
    assert figures["per_doc"] and figures["total"]
