"""Spark recipe: a folder of notices → zhenggai's task items → Parquet, one row a task.

Spark reads the notices as binary files (``binaryFile``), each partition goes through
``zhenggai`` inside ``mapInPandas`` (the Rust pipeline, the rules compiled once per Python
worker), and the tasks are written as Parquet. Document ids are the CLI's: the root
folder's name joined with the path below it (``seeds/000_….txt``), so the rows join with
``zhenggai extract`` output and with ``--shard`` runs.

How the package reaches the executors, either way:

- **installed**: ``pip install zhenggai-*.whl`` (or ``pip install ./python``) into the
  Python every executor runs (a cluster's init script, a Databricks library, an image);
- **shipped with the job**: the wheel is a zip; give it under a ``.zip`` name with
  ``--archives`` (``spark.archives``) and Spark unpacks it into each executor's working
  folder, where :func:`use_shipped_package` finds it. A wheel holds a compiled module, so
  ``--py-files`` (imported from a zip, never unpacked) does not work for it.

    cp target/wheels/zhenggai-*.whl zhenggai.zip
    spark-submit --master yarn --archives zhenggai.zip#zhenggai_wheel \\
        examples/spark_extract.py --out hdfs:///zhenggai/tasks.parquet hdfs:///notices/

The executors' Python needs pandas and pyarrow (Spark's own requirement for mapInPandas).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Iterator, List, Sequence
from urllib.parse import unquote, urlparse

#: The alias the wheel is shipped under (``--archives zhenggai.zip#zhenggai_wheel``).
ARCHIVE_ALIAS = "zhenggai_wheel"

#: Files read from the folders: the extensions the CLI reads from folders.
GLOB = "*.{txt,md,htm,html,shtml,shtm,xhtml,jsp,jhtml,php,asp,aspx,docx,pdf,doc,wps}"

#: The Parquet schema: one row a task.
SCHEMA = (
    "doc_id string, path string, title string, date string, task_id string, kind string, "
    "strength string, category string, categories array<string>, bodies array<string>, "
    "deadline array<string>, deadline_kind array<string>, deadline_date string, "
    "span_start int, span_end int, text string"
)


def use_shipped_package(alias: str = ARCHIVE_ALIAS) -> None:
    """Puts the wheel unpacked from ``--archives …#alias`` first on ``sys.path``, when it
    was shipped; otherwise the installed package is used."""
    candidates = [alias]
    try:
        from pyspark import SparkFiles

        candidates.insert(0, os.path.join(SparkFiles.getRootDirectory(), alias))
    except Exception:  # pragma: no cover - outside a Spark worker
        pass
    for c in candidates:
        if os.path.isdir(os.path.join(c, "zhenggai")):
            if os.path.abspath(c) not in sys.path:
                sys.path.insert(0, os.path.abspath(c))
            return


def local_path(uri: str) -> str:
    """``file:/a/b%20c.txt`` → ``/a/b c.txt``; other schemes keep their path."""
    return unquote(urlparse(uri).path)


def doc_id(path: str, roots: Sequence[str]) -> str:
    """The CLI's id of a file found under one of ``roots``: the root's name joined with
    the path below it."""
    for root in roots:
        root = root.rstrip("/")
        if path.startswith(root + "/"):
            return os.path.basename(root) + path[len(root):]
    return path


def task_rows(batches: Iterator["pandas.DataFrame"], roots: List[str], jobs: int):
    """mapInPandas: binary files in, one row a task out."""
    use_shipped_package()
    import pandas as pd
    import zhenggai

    columns = [c.split()[0] for c in SCHEMA.split(", ")]
    pipeline = zhenggai.default_pipeline()
    for files in batches:
        docs = []
        for uri, content in zip(files["path"], files["content"]):
            path = local_path(uri)
            docs.append((doc_id(path, roots), path, bytes(content)))
        rows = []
        for record in pipeline.extract_many(docs, jobs=jobs):
            d = record["doc"]
            for t in record["tasks"]:
                dates = [x["date"] for x in t["deadline"] if x.get("date")]
                rows.append(
                    {
                        "doc_id": d["id"],
                        "path": d["path"],
                        "title": d.get("title"),
                        "date": d.get("date"),
                        "task_id": t["id"],
                        "kind": t["kind"],
                        "strength": t.get("strength"),
                        "category": t["categories"][0] if t["categories"] else None,
                        "categories": t["categories"],
                        "bodies": [b["text"] for b in t["bodies"]],
                        "deadline": [x["text"] for x in t["deadline"]],
                        "deadline_kind": [x["kind"] for x in t["deadline"]],
                        "deadline_date": min(dates) if dates else None,
                        "span_start": t["span"][0],
                        "span_end": t["span"][1],
                        "text": t["text"],
                    }
                )
        yield pd.DataFrame(rows, columns=columns)


def extract_to_parquet(spark, folders: Sequence[str], out: str, jobs: int = 1):
    """Reads every notice under ``folders`` (recursively), extracts the tasks and writes
    them to ``out`` as Parquet; gives the DataFrame of tasks. ``jobs``: threads a Spark
    task extracts with (1: Spark runs one task a core already)."""
    roots = [local_path(f) if "://" in f or f.startswith("file:") else os.path.abspath(f) for f in folders]
    files = (
        spark.read.format("binaryFile")
        .option("pathGlobFilter", GLOB)
        .option("recursiveFileLookup", "true")
        .load(list(folders))
    )
    if __name__ != "__main__":
        # imported (a notebook, a test): the workers get these functions by value, since
        # they cannot import this file
        from pyspark import cloudpickle

        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    tasks = files.mapInPandas(lambda b: task_rows(b, roots, jobs), schema=SCHEMA)
    tasks.write.mode("overwrite").parquet(out)
    return spark.read.parquet(out)


def main(argv: Sequence[str] = sys.argv[1:]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", help="folders of notices (local paths or URIs)")
    ap.add_argument("--out", required=True, help="where the Parquet goes")
    ap.add_argument("--jobs", type=int, default=1, help="threads per Spark task")
    a = ap.parse_args(argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("zhenggai").getOrCreate()
    n = extract_to_parquet(spark, a.folders, a.out, a.jobs).count()
    print(f"{n} tasks written to {a.out}")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
