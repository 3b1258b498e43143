"""The frames: one row a task, body, deadline or document, with the columns and dtypes
the package documents, and the CLI's CSV tables' column names."""

import csv
import io

import pytest

import zhenggai
from conftest import need_module, run_cli
from zhenggai import _frames


@pytest.fixture(scope="module")
def pd():
    return need_module("pandas", "pip install 'zhenggai[pandas]'")


@pytest.fixture(scope="module")
def records():
    # seeds and held-out notices, and one that fails
    return zhenggai.extract_paths(["corpus/seeds", "corpus/heldout", "no/such/notice.txt"])


def check_columns(pd, df, columns):
    assert list(df.columns) == list(columns)
    for name, dtype in columns.items():
        got = df[name].dtype
        if dtype == "string":
            assert isinstance(got, pd.StringDtype), (name, got)
        elif dtype == "object":
            assert got == object, (name, got)
        else:
            assert got == pd.api.types.pandas_dtype(dtype), (name, got)


def test_tasks_frame(pd, records):
    df = zhenggai.tasks_frame(records)
    check_columns(pd, df, _frames.TASK_COLUMNS)
    assert len(df) == sum(len(r["tasks"]) for r in records)
    assert df["task_id"].is_unique
    first = records[0]["tasks"][0]
    row = df.iloc[0]
    assert row["text"] == first["text"] and row["category"] == first["categories"][0]
    assert (row["span_start"], row["span_end"]) == tuple(first["span"])
    # the earliest resolved deadline date, as a datetime
    dated = [(t["id"], min(d["date"] for d in t["deadline"] if d.get("date")))
             for r in records for t in r["tasks"] if any(d.get("date") for d in t["deadline"])]
    assert dated
    by_id = df.set_index("task_id")["deadline_date"]
    for task_id, date in dated:
        assert by_id[task_id] == pd.Timestamp(date)
    assert df["deadline_date"].isna().sum() == len(df) - len(dated)


def test_tasks_per_category_can_be_counted(pd, records):
    df = zhenggai.tasks_frame(records)
    per = df.explode("categories").groupby("categories").size()
    assert per.sum() == sum(len(t["categories"]) for r in records for t in r["tasks"])


def test_bodies_frame(pd, records):
    df = zhenggai.bodies_frame(records)
    check_columns(pd, df, _frames.BODY_COLUMNS)
    bodies = [b for r in records for t in r["tasks"] for b in t["bodies"]]
    assert len(df) == len(bodies) > 0
    assert set(df["source"]) <= {"explicit", "inherited"}
    assert set(df["role"].dropna()) <= {"lead", "support"}
    assert df["role"].notna().sum() == sum(1 for b in bodies if "role" in b)
    assert df["span_start"].isna().sum() == sum(1 for b in bodies if "span" not in b)


def test_deadlines_frame(pd, records):
    df = zhenggai.deadlines_frame(records)
    check_columns(pd, df, _frames.DEADLINE_COLUMNS)
    deadlines = [d for r in records for t in r["tasks"] for d in t["deadline"]]
    assert len(df) == len(deadlines) > 0
    for field in ("date", "from", "to"):
        assert df[field].notna().sum() == sum(1 for d in deadlines if d.get(field))
    periods = df.dropna(subset=["from", "to"])
    assert (periods["from"] <= periods["to"]).all()


def test_documents_frame(pd, records):
    df = zhenggai.documents_frame(records)
    check_columns(pd, df, _frames.DOCUMENT_COLUMNS)
    assert len(df) == len(records)
    assert df["tasks"].sum() == sum(len(r["tasks"]) for r in records)
    assert (df["directives"] + df["reports"] == df["tasks"]).all()
    failed = df[df["error"].notna()]
    assert list(failed["doc_id"]) == ["no/such/notice.txt"]


def test_documents_frame_columns_are_the_csv_documents_table():
    out = run_cli("extract", "-q", "--format", "csv", "--per", "document", "corpus/seeds")
    header = next(csv.reader(io.StringIO(out.stdout.decode("utf-8"))))
    assert header == list(_frames.DOCUMENT_COLUMNS)


def test_tasks_frame_columns_come_from_the_csv_tasks_table():
    out = run_cli("extract", "-q", "--format", "csv", "corpus/seeds")
    header = next(csv.reader(io.StringIO(out.stdout.decode("utf-8"))))
    added = {"category", "problem"}  # the main category, a column of its own; a table row's problem
    dropped = {"error", "deadline_from", "deadline_to", "deadline_duration", "deadline_every"}
    assert set(_frames.TASK_COLUMNS) - set(header) == added
    assert set(header) - set(_frames.TASK_COLUMNS) == dropped


def test_empty_frames_keep_their_columns(pd):
    for frame, columns in (
        (zhenggai.tasks_frame, _frames.TASK_COLUMNS),
        (zhenggai.bodies_frame, _frames.BODY_COLUMNS),
        (zhenggai.deadlines_frame, _frames.DEADLINE_COLUMNS),
        (zhenggai.documents_frame, _frames.DOCUMENT_COLUMNS),
    ):
        df = frame([])
        assert len(df) == 0
        check_columns(pd, df, columns)
