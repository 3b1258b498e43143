"""Bad input raises a clear exception (zhenggai.Error with path and cause, TypeError for a
wrong Python type), never crashes the interpreter; a document that cannot be read is a
record with `error`, as in the CLI."""

import subprocess
import sys

import pytest

import zhenggai
from conftest import ROOT, cli_records


def test_a_missing_rule_folder_names_itself(tmp_path):
    missing = tmp_path / "no-rules"
    with pytest.raises(zhenggai.Error) as e:
        zhenggai.Pipeline(rules=missing)
    assert e.value.path == str(missing)
    assert e.value.cause and str(e.value) == f"{missing}: {e.value.cause}"


def test_a_wrong_rule_names_file_rule_and_field(tmp_path):
    (tmp_path / "mine.toml").write_text(
        '[[rule]]\nid = "deadline.mine.bad"\ndescription = "x"\nlabel = "immediate"\npattern = "(unclosed"\n',
        encoding="utf-8",
    )
    with pytest.raises(zhenggai.Error) as e:
        zhenggai.Pipeline(rules=tmp_path)
    assert e.value.path.endswith("mine.toml")
    assert "deadline.mine.bad" in e.value.cause


def test_a_rule_folder_of_ones_own_is_used(tmp_path):
    (tmp_path / "mine.toml").write_text(
        '[[rule]]\nid = "deadline.immediate.mine"\ndescription = "a word of our own"\n'
        'label = "immediate"\nterms = ["马上就办"]\nexamples = ["各地要[[马上就办]]"]\n',
        encoding="utf-8",
    )
    r = zhenggai.Pipeline(rules=[tmp_path]).extract("各地要马上就办，抓好整改。")
    assert "deadline.immediate.mine" in r["tasks"][0]["rules"]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: zhenggai.extract("x", ref_date="2020-13-01"), "ref_date `2020-13-01`"),
        (lambda: zhenggai.extract("x", encoding="no-such-encoding"), "no-such-encoding"),
        (lambda: zhenggai.extract_paths("corpus/seeds", shard="4/3"), "--shard `4/3`"),
        (lambda: zhenggai.compare("corpus/seeds", "corpus/seeds", threshold=-1), "threshold -1"),
        (lambda: zhenggai.evaluate("corpus/gold/dev", "corpus/seeds", [], decode="utf-9"), "decode `utf-9`"),
    ],
)
def test_a_bad_option_value_is_an_error_without_a_path(call, message):
    with pytest.raises(zhenggai.Error, match=message) as e:
        call()
    assert e.value.path is None


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: zhenggai.extract(42), "extract: expected str or bytes, got int"),
        (lambda: zhenggai.extract("x", ref_date=2.5), "ref_date"),
        (lambda: list(zhenggai.extract_many([("a", "b", "c", "d")])), "tuple of 4"),
        (lambda: zhenggai.compare([1], "corpus/seeds"), "compare: expected paths or records"),
    ],
)
def test_a_wrong_type_is_a_type_error(call, message):
    with pytest.raises(TypeError, match=message):
        call()


def test_an_unreadable_document_is_a_record_with_error(tmp_path):
    missing = tmp_path / "gone.txt"
    records = zhenggai.extract_paths([missing, "corpus/seeds"])
    assert records[0]["error"].startswith("cannot read")
    assert records[0]["tasks"] == []
    assert records == cli_records(str(missing), "corpus/seeds")
    binary = zhenggai.extract(bytes(range(256)) * 64, path="x.bin")
    assert binary["error"] and binary["tasks"] == []


def test_a_too_large_document_is_a_record_with_error():
    r = zhenggai.default_pipeline().extract("各地要抓紧整改。" * 100, max_bytes=100)
    assert "larger than max_bytes" in r["error"]
    many = list(zhenggai.extract_many(["各地要抓紧整改。" * 100, "各地要抓紧整改。"], max_bytes=100))
    assert "larger than max_bytes" in many[0]["error"] and "error" not in many[1]


def test_an_unusable_comparison_input_names_itself(tmp_path):
    missing = tmp_path / "central.txt"
    with pytest.raises(zhenggai.Error) as e:
        zhenggai.compare(missing, "corpus/seeds")
    assert e.value.path == str(missing)


def test_a_missing_gold_folder_names_itself(tmp_path):
    with pytest.raises(zhenggai.Error) as e:
        zhenggai.evaluate(tmp_path / "gold", "corpus/seeds", [])
    assert e.value.path == str(tmp_path / "gold")


def test_hostile_inputs_do_not_crash_the_interpreter():
    """Every hostile case of tests/hostile/ through the package, in a child interpreter:
    a crash would show as a signal, not an exception."""
    code = (
        "import sys, zhenggai, pathlib\n"
        "files = sorted(p for p in pathlib.Path('tests/hostile').rglob('*') if p.is_file())\n"
        "for r in zhenggai.extract_many(((str(p), p.read_bytes()) for p in files), jobs=2):\n"
        "    assert r['doc']['id']\n"
        "print(len(files))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=600)
    assert out.returncode == 0, out.stderr.decode()
    assert int(out.stdout) > 5
