"""zhenggai (整改): rectification task items from Chinese policy notices, in Python.

Every call runs the Rust pipeline of the ``zhenggai`` command (no re-implementation in
Python) and gives the same records as ``zhenggai extract``: one dict a document, the JSON
contract of ``docs/OUTPUT.md`` (``schema`` ``zhenggai/1``). Extraction runs with the GIL
released; batches run on all cores and give records in input order.

>>> import zhenggai
>>> r = zhenggai.extract("各级党委要于2019年底前完成整改。")
>>> [(t["bodies"][0]["text"], t["deadline"][0]["date"]) for t in r["tasks"]]
[('各级党委', '2019-12-31')]

A document that cannot be read is a record with ``error`` set, as in the CLI; what the
package cannot use at all (a rule folder, a gold folder, an option's value) raises
:class:`Error` with its ``path`` and ``cause``. The frames (``tasks_frame`` …) need pandas
(``pip install 'zhenggai[pandas]'``).
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import _zhenggai
from ._frames import bodies_frame, deadlines_frame, documents_frame, tasks_frame
from ._zhenggai import Error

__all__ = [
    "Error",
    "Pipeline",
    "PathRecords",
    "extract",
    "extract_many",
    "extract_paths",
    "iter_paths",
    "compare",
    "evaluate",
    "schema",
    "default_pipeline",
    "tasks_frame",
    "bodies_frame",
    "deadlines_frame",
    "documents_frame",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_THRESHOLD",
]

try:
    from importlib.metadata import version as _version

    __version__ = _version("zhenggai")
except Exception:  # pragma: no cover - not installed as a distribution
    __version__ = "unknown"

#: One document record (``docs/OUTPUT.md``).
Record = Dict[str, Any]
#: A document's content: text, or bytes in any encoding or format the CLI reads.
Content = Union[str, bytes, bytearray, memoryview]
#: What ``extract_many`` takes: content (its id is its position), ``(path, content)``
#: (id and path the path) or ``(id, path, content)``.
Document = Union[Content, Tuple[str, Content], Tuple[str, str, Content]]
PathLike = Union[str, "os.PathLike[str]"]
#: A reference date: ``"YYYY-MM-DD"``, ``"YYYY"``, a year, or a :class:`datetime.date`.
RefDate = Union[str, int, _dt.date, None]

#: Largest document read, in bytes (the CLI's ``--max-bytes`` default, 64 MiB).
DEFAULT_MAX_BYTES: int = _zhenggai.DEFAULT_MAX_BYTES
#: The default match threshold of :func:`compare` (``--threshold``).
DEFAULT_THRESHOLD: float = _zhenggai.DEFAULT_THRESHOLD


def _ref_date(d: RefDate) -> Optional[str]:
    if d is None:
        return None
    if isinstance(d, bool):
        raise TypeError("ref_date: expected 'YYYY-MM-DD', 'YYYY', a year or a date, got bool")
    if isinstance(d, _dt.date):
        return d.isoformat()[:10]
    if isinstance(d, int):
        return f"{d:04d}"
    if isinstance(d, str):
        return d
    raise TypeError(
        f"ref_date: expected 'YYYY-MM-DD', 'YYYY', a year or a date, got {type(d).__name__}"
    )


def _bytes(content: Content, what: str) -> bytes:
    if isinstance(content, str):
        return content.encode("utf-8")
    if isinstance(content, bytes):
        return content
    if isinstance(content, (bytearray, memoryview)):
        return bytes(content)
    raise TypeError(f"{what}: expected str or bytes, got {type(content).__name__}")


def _documents(items: Iterable[Document]) -> Iterator[Tuple[str, str, bytes]]:
    """``(id, path, bytes)`` for each item, as the extension takes them."""
    for n, item in enumerate(items):
        if isinstance(item, tuple):
            if len(item) == 2:
                path = os.fspath(item[0])
                doc_id, content = path, item[1]
            elif len(item) == 3:
                doc_id, path, content = str(item[0]), os.fspath(item[1]), item[2]
            else:
                raise TypeError(
                    f"extract_many: item {n}: expected content, (path, content) or "
                    f"(id, path, content), got a tuple of {len(item)}"
                )
        else:
            doc_id, path, content = str(n), "", item
        yield doc_id, path, _bytes(content, f"extract_many: item {n}")


def _paths(paths: Union[PathLike, Sequence[PathLike]]) -> List[str]:
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


def _shard(shard: Union[str, Tuple[int, int], None]) -> Optional[str]:
    if shard is None or isinstance(shard, str):
        return shard
    k, n = shard
    return f"{k}/{n}"


class PathRecords(Iterator[Record]):
    """The records of :meth:`Pipeline.iter_paths`, one a document in input order.

    ``summary`` is None until the iteration has ended, then a dict: ``documents``,
    ``tasks``, ``failed`` (records with ``error``), ``bytes`` read, and ``skipped``, the
    files of folders and archives passed over as no document, as ``(path, extension)``.
    """

    def __init__(self, batch: Any) -> None:
        self._batch = batch

    def __iter__(self) -> "PathRecords":
        return self

    def __next__(self) -> Record:
        return next(self._batch)

    @property
    def summary(self) -> Optional[Dict[str, Any]]:
        s = self._batch.summary
        if s is None:
            return None
        documents, tasks, failed, nbytes, skipped = s
        return {
            "documents": documents,
            "tasks": tasks,
            "failed": failed,
            "bytes": nbytes,
            "skipped": [tuple(k) for k in skipped],
        }


class Pipeline:
    """Compiled rules and jieba's dictionary, built once (about 0.15 s) and reused.

    ``rules``: a folder (or a list of folders) of rule files added to the defaults; a rule
    with the same id replaces the default one (the CLI's ``--rules DIR``).
    ``no_default_rules``: start from no rules, only those of ``rules``.
    ``no_model``: leave out the trained category model (the CLI's ``--no-model``); ``compare``
    reads paths without it in any case, as the CLI's ``compare`` does.
    Raises :class:`Error` naming the file, rule and field when a rule file is wrong.
    A pipeline may be shared by threads.
    """

    def __init__(
        self,
        rules: Union[PathLike, Sequence[PathLike], None] = None,
        no_default_rules: bool = False,
        no_model: bool = False,
    ) -> None:
        dirs = [] if rules is None else _paths(rules)
        self._inner = _zhenggai.Pipeline(dirs, no_default_rules, no_model)

    def extract(
        self,
        content: Content,
        *,
        path: Optional[PathLike] = None,
        id: Optional[str] = None,
        ref_date: RefDate = None,
        explain: bool = False,
        emit_text: bool = False,
        encoding: Optional[str] = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> Record:
        """The record of one document.

        ``content``: text, or the bytes of a file (any encoding the CLI detects; HTML, DOCX,
        PDF). ``path``: the record's ``doc.path`` and, where the content does not say, what
        tells the format (``.docx``); ``id`` defaults to the path, else ``"-"``.
        ``ref_date``: resolves dates when the document gives no year (``--ref-date``).
        ``explain``: each task gets an ``explain`` list (rule and text of every value).
        ``emit_text``: the record gets the cleaned ``text`` its spans count chars of.
        ``encoding``: decode with this label (``gbk``, ``big5`` …) instead of detecting.
        """
        p = "" if path is None else os.fspath(path)
        doc_id = id if id is not None else (p or "-")
        return self._inner.extract(
            _bytes(content, "extract"),
            str(doc_id),
            p,
            ref_date=_ref_date(ref_date),
            explain=explain,
            emit_text=emit_text,
            encoding=encoding,
            max_bytes=max_bytes,
        )

    def extract_many(
        self,
        items: Iterable[Document],
        *,
        jobs: Optional[int] = None,
        ref_date: RefDate = None,
        explain: bool = False,
        emit_text: bool = False,
        encoding: Optional[str] = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> Iterator[Record]:
        """The records of many documents, extracted on ``jobs`` threads (default: all
        cores) with the GIL released, yielded in input order.

        Each item is content (its id is its position, ``"0"``, ``"1"`` …), a pair
        ``(path, content)`` or a triple ``(id, path, content)``. Items are read from
        ``items`` as the work goes, at most 4 documents a thread ahead, so a generator over
        a large corpus is never held whole. An item of the wrong type raises ``TypeError``
        when its turn comes, after the records before it.
        """
        batch = self._inner.extract_many(
            _documents(items),
            jobs=jobs,
            ref_date=_ref_date(ref_date),
            explain=explain,
            emit_text=emit_text,
            encoding=encoding,
            max_bytes=max_bytes,
        )
        return batch

    def iter_paths(
        self,
        paths: Union[PathLike, Sequence[PathLike]],
        *,
        jobs: Optional[int] = None,
        files_from: Optional[PathLike] = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        shard: Union[str, Tuple[int, int], None] = None,
        ref_date: RefDate = None,
        explain: bool = False,
        emit_text: bool = False,
        encoding: Optional[str] = None,
    ) -> PathRecords:
        """The records of files, folders, glob patterns and archives, read exactly as
        ``zhenggai extract PATH…`` reads them (same ids, order and error records), one at a
        time: for corpora too large to hold. See :meth:`extract_paths` for the options."""
        batch = self._inner.extract_paths(
            _paths(paths),
            files_from=None if files_from is None else os.fspath(files_from),
            jobs=jobs,
            max_bytes=max_bytes,
            shard=_shard(shard),
            ref_date=_ref_date(ref_date),
            explain=explain,
            emit_text=emit_text,
            encoding=encoding,
        )
        return PathRecords(batch)

    def extract_paths(
        self,
        paths: Union[PathLike, Sequence[PathLike]],
        *,
        jobs: Optional[int] = None,
        files_from: Optional[PathLike] = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        shard: Union[str, Tuple[int, int], None] = None,
        ref_date: RefDate = None,
        explain: bool = False,
        emit_text: bool = False,
        encoding: Optional[str] = None,
    ) -> List[Record]:
        """The records of files, folders (recursively), glob patterns and archives
        (``.zip``, ``.tar``, ``.tar.gz``), as ``zhenggai extract PATH…`` gives them.

        ``files_from``: a file listing more paths, one a line (``--files-from``).
        ``max_bytes``: a larger document gets an error record (``--max-bytes``).
        ``shard``: ``"K/N"`` or ``(K, N)``, only the documents of shard K of N (``--shard``).
        The other options are those of :meth:`extract`.
        """
        return list(
            self.iter_paths(
                paths,
                jobs=jobs,
                files_from=files_from,
                max_bytes=max_bytes,
                shard=shard,
                ref_date=ref_date,
                explain=explain,
                emit_text=emit_text,
                encoding=encoding,
            )
        )

    def compare(
        self,
        central: Any,
        local: Any,
        *,
        by_section: bool = False,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> Dict[str, Any]:
        """Holds local plans and reports against central notices (``zhenggai compare``).

        Each side is a path (a notice, a folder, or a ``.jsonl``/``.json`` record file), a
        record, or a list of them. ``by_section``: each speaker's part of a compilation is a
        plan of its own. Gives the report (``zhenggai-compare/2``, ``docs/COMPARE.md``);
        raises :class:`Error` naming an input that cannot be used.
        """
        return json.loads(
            self._inner.compare(
                _compare_inputs(central),
                _compare_inputs(local),
                by_section=by_section,
                threshold=threshold,
            )
        )


def _compare_inputs(side: Any) -> List[Tuple[str, str]]:
    if isinstance(side, (str, os.PathLike, dict)):
        side = [side]
    out = []
    for x in side:
        if isinstance(x, dict):
            out.append(("record", json.dumps(x, ensure_ascii=False)))
        elif isinstance(x, (str, os.PathLike)):
            out.append(("path", os.fspath(x)))
        else:
            raise TypeError(
                f"compare: expected paths or records (dicts), got {type(x).__name__}"
            )
    return out


@functools.lru_cache(maxsize=None)
def default_pipeline() -> Pipeline:
    """The pipeline with the default rules, built on first use and shared by the
    module's functions."""
    return Pipeline()


def extract(
    content: Content,
    *,
    path: Optional[PathLike] = None,
    id: Optional[str] = None,
    ref_date: RefDate = None,
    explain: bool = False,
    emit_text: bool = False,
    encoding: Optional[str] = None,
) -> Record:
    """The record of one document, with the default rules (:meth:`Pipeline.extract`)."""
    return default_pipeline().extract(
        content,
        path=path,
        id=id,
        ref_date=ref_date,
        explain=explain,
        emit_text=emit_text,
        encoding=encoding,
    )


def extract_many(items: Iterable[Document], *, jobs: Optional[int] = None, **options: Any) -> Iterator[Record]:
    """Records of many documents in input order, on all cores (:meth:`Pipeline.extract_many`)."""
    return default_pipeline().extract_many(items, jobs=jobs, **options)


def extract_paths(
    paths: Union[PathLike, Sequence[PathLike]], jobs: Optional[int] = None, **input_options: Any
) -> List[Record]:
    """Records of files, folders and archives as the CLI reads them
    (:meth:`Pipeline.extract_paths`)."""
    return default_pipeline().extract_paths(paths, jobs=jobs, **input_options)


def iter_paths(
    paths: Union[PathLike, Sequence[PathLike]], jobs: Optional[int] = None, **input_options: Any
) -> PathRecords:
    """Records of files, folders and archives one at a time (:meth:`Pipeline.iter_paths`)."""
    return default_pipeline().iter_paths(paths, jobs=jobs, **input_options)


def compare(central: Any, local: Any, by_section: bool = False, **options: Any) -> Dict[str, Any]:
    """Local plans against central notices, with the default rules (:meth:`Pipeline.compare`)."""
    return default_pipeline().compare(central, local, by_section=by_section, **options)


def evaluate(
    gold_dir: PathLike,
    corpus_dir: PathLike,
    records: Iterable[Record],
    *,
    decode: str = "score-py",
) -> Dict[str, Any]:
    """Scores records against the gold files (``*.json``) of ``gold_dir``, reading the
    documents they name from ``corpus_dir``: the figures ``zhenggai eval --json`` writes
    (``docs/EVAL.md``). ``decode``: ``"score-py"`` reads the documents as the reference
    scorer does, ``"detect"`` as zhenggai does (Big5, UTF-16)."""
    texts = [json.dumps(r, ensure_ascii=False) for r in records]
    return json.loads(
        _zhenggai.evaluate(os.fspath(gold_dir), os.fspath(corpus_dir), texts, decode=decode)
    )


def schema() -> Dict[str, Any]:
    """The JSON Schema of a record (``zhenggai schema``, ``docs/record.schema.json``)."""
    return json.loads(_zhenggai.schema())
