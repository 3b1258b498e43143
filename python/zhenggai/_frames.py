"""Records as pandas DataFrames: one row a task, a body, a deadline or a document.

Column names follow the CLI's CSV tables (``--format csv``, ``--per document``) and the
record's JSON fields; lists stay Python lists (``categories``, ``bodies`` …: ``explode``
them), text columns are pandas' ``string`` dtype, counts and spans ``int64`` (``Int64``
where a value may be missing), and the ISO dates of deadlines (``date``, ``from``, ``to``)
are ``datetime64[ns]`` (NaT where absent). A document's own ``date`` stays text, since it
may be only ``YYYY-MM`` or ``YYYY``. Failed documents appear in ``documents_frame`` (with
``error``) and give no task rows. pandas is imported on first use: the rest of the
package does not need it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional

if TYPE_CHECKING:  # pragma: no cover
    import pandas

Record = Dict[str, Any]

#: Columns of :func:`tasks_frame` and their dtypes.
TASK_COLUMNS: Dict[str, str] = {
    "doc_id": "string",
    "path": "string",
    "title": "string",
    "date": "string",
    "issuer": "object",
    "number": "string",
    "task_id": "string",
    "kind": "string",
    "strength": "string",
    "category": "string",
    "categories": "object",
    "bodies": "object",
    "deadline": "object",
    "deadline_kind": "object",
    "deadline_date": "datetime64[ns]",
    "metrics": "object",
    "actions": "object",
    "section": "object",
    "span_start": "int64",
    "span_end": "int64",
    "text": "string",
    "problem": "string",
    "rules": "object",
}

#: Columns of :func:`bodies_frame` and their dtypes.
BODY_COLUMNS: Dict[str, str] = {
    "doc_id": "string",
    "task_id": "string",
    "text": "string",
    "canonical": "string",
    "source": "string",
    "role": "string",
    "span_start": "Int64",
    "span_end": "Int64",
    "rule": "string",
}

#: Columns of :func:`deadlines_frame` and their dtypes.
DEADLINE_COLUMNS: Dict[str, str] = {
    "doc_id": "string",
    "task_id": "string",
    "text": "string",
    "kind": "string",
    "date": "datetime64[ns]",
    "from": "datetime64[ns]",
    "to": "datetime64[ns]",
    "duration": "string",
    "every": "string",
    "span_start": "int64",
    "span_end": "int64",
    "rule": "string",
}

#: Columns of :func:`documents_frame` and their dtypes.
DOCUMENT_COLUMNS: Dict[str, str] = {
    "doc_id": "string",
    "path": "string",
    "title": "string",
    "date": "string",
    "issuer": "object",
    "number": "string",
    "addressees": "object",
    "format": "string",
    "encoding": "string",
    "chars": "int64",
    "tasks": "int64",
    "directives": "int64",
    "reports": "int64",
    "error": "string",
    "warnings": "object",
}


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "zhenggai's frames need pandas: pip install 'zhenggai[pandas]' (or pandas)"
        ) from e
    return pandas


def _frame(rows: List[Dict[str, Any]], columns: Dict[str, str]) -> "pandas.DataFrame":
    pd = _pandas()
    df = pd.DataFrame(rows, columns=list(columns))
    for name, dtype in columns.items():
        if dtype.startswith("datetime64"):
            df[name] = pd.to_datetime(df[name], format="ISO8601", errors="coerce").astype(dtype)
        elif dtype != "object":
            df[name] = df[name].astype(dtype)
    return df


def _earliest(dates: Iterable[Optional[str]]) -> Optional[str]:
    known = [d for d in dates if d]
    return min(known) if known else None


def tasks_frame(records: Iterable[Record]) -> "pandas.DataFrame":
    """One row a task, its document's columns repeated (:data:`TASK_COLUMNS`).

    ``category`` is the main category (the first of ``categories``); ``bodies``,
    ``deadline``, ``deadline_kind``, ``metrics`` are lists of the values' texts (kinds);
    ``deadline_date`` is the earliest ``date`` its deadlines resolve to (NaT if none does);
    ``section`` is the heading path, outermost first; ``problem`` the problem the task
    answers, where a table row states it.
    """
    rows = []
    for r in records:
        d = r["doc"]
        doc = {
            "doc_id": d["id"],
            "path": d["path"],
            "title": d.get("title"),
            "date": d.get("date"),
            "issuer": list(d.get("issuer", [])),
            "number": d.get("number"),
        }
        for t in r["tasks"]:
            deadlines = t["deadline"]
            rows.append(
                {
                    **doc,
                    "issuer": list(doc["issuer"]),
                    "task_id": t["id"],
                    "kind": t["kind"],
                    "strength": t.get("strength"),
                    "category": t["categories"][0] if t["categories"] else None,
                    "categories": list(t["categories"]),
                    "bodies": [b["text"] for b in t["bodies"]],
                    "deadline": [x["text"] for x in deadlines],
                    "deadline_kind": [x["kind"] for x in deadlines],
                    "deadline_date": _earliest(x.get("date") for x in deadlines),
                    "metrics": [m["text"] for m in t["metrics"]],
                    "actions": list(t["actions"]),
                    "section": list(t["section"]),
                    "span_start": t["span"][0],
                    "span_end": t["span"][1],
                    "text": t["text"],
                    "problem": (t.get("problem") or {}).get("text"),
                    "rules": list(t["rules"]),
                }
            )
    return _frame(rows, TASK_COLUMNS)


def bodies_frame(records: Iterable[Record]) -> "pandas.DataFrame":
    """One row a responsible body of a task (:data:`BODY_COLUMNS`): ``source`` is
    ``explicit`` or ``inherited``, ``role`` ``lead`` or ``support`` where the text gives
    one, the span where it is written (missing for some inherited ones), ``rule`` the rule
    that found it."""
    rows = []
    for r in records:
        for t in r["tasks"]:
            for b in t["bodies"]:
                span = b.get("span") or (None, None)
                rows.append(
                    {
                        "doc_id": r["doc"]["id"],
                        "task_id": t["id"],
                        "text": b["text"],
                        "canonical": b.get("canonical"),
                        "source": b["source"],
                        "role": b.get("role"),
                        "span_start": span[0],
                        "span_end": span[1],
                        "rule": b["rule"],
                    }
                )
    return _frame(rows, BODY_COLUMNS)


def deadlines_frame(records: Iterable[Record]) -> "pandas.DataFrame":
    """One row a deadline of a task (:data:`DEADLINE_COLUMNS`): ``date`` (the last day
    allowed), ``from`` and ``to`` (a period) as datetimes, ``duration`` ISO 8601
    (``P3Y6M``), ``every`` the period of a periodic deadline."""
    rows = []
    for r in records:
        for t in r["tasks"]:
            for x in t["deadline"]:
                rows.append(
                    {
                        "doc_id": r["doc"]["id"],
                        "task_id": t["id"],
                        "text": x["text"],
                        "kind": x["kind"],
                        "date": x.get("date"),
                        "from": x.get("from"),
                        "to": x.get("to"),
                        "duration": x.get("duration"),
                        "every": x.get("every"),
                        "span_start": x["span"][0],
                        "span_end": x["span"][1],
                        "rule": x["rule"],
                    }
                )
    return _frame(rows, DEADLINE_COLUMNS)


def documents_frame(records: Iterable[Record]) -> "pandas.DataFrame":
    """One row a document, failed ones included (:data:`DOCUMENT_COLUMNS`, the columns of
    ``--format csv --per document``): ``tasks``, ``directives`` and ``reports`` count its
    task items."""
    rows = []
    for r in records:
        d = r["doc"]
        kinds = [t["kind"] for t in r["tasks"]]
        rows.append(
            {
                "doc_id": d["id"],
                "path": d["path"],
                "title": d.get("title"),
                "date": d.get("date"),
                "issuer": list(d.get("issuer", [])),
                "number": d.get("number"),
                "addressees": list(d.get("addressees", [])),
                "format": d.get("format"),
                "encoding": d.get("encoding"),
                "chars": d.get("chars", 0),
                "tasks": len(kinds),
                "directives": kinds.count("directive"),
                "reports": kinds.count("report"),
                "error": r.get("error"),
                "warnings": list(r.get("warnings", [])),
            }
        )
    return _frame(rows, DOCUMENT_COLUMNS)
