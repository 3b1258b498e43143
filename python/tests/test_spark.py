"""The Spark recipe (examples/spark_extract.py) in local mode, local[2]: notices read as
binary files, extracted inside mapInPandas, written as Parquet, which holds the CLI's tasks.

Needs pyspark and Java 17 (.ci/run installs both). When $ZHENGGAI_WHEEL names the wheel
(scripts/test.sh sets it), the wheel is shipped to the executors as an archive
(spark.archives), as on a cluster, and the test checks that they imported it from there.
"""

import importlib.util
import os
import shutil
import sys

import pytest

from conftest import ROOT, cli_records, need, need_module

FOLDERS = ["corpus/seeds", "corpus/real", "corpus/heldout"]


def load_recipe():
    spec = importlib.util.spec_from_file_location("spark_extract", ROOT / "examples" / "spark_extract.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["spark_extract"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    need_module("pyspark", "pip install pyspark")
    need_module("pyarrow", "pip install pyarrow")
    java = shutil.which("java") or (os.environ.get("JAVA_HOME") and shutil.which("java", path=os.path.join(os.environ["JAVA_HOME"], "bin")))
    need("Java", bool(java), "apt-get install openjdk-17-jre-headless")
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    builder = (
        SparkSession.builder.master("local[2]")
        .appName("zhenggai-test")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.files.maxPartitionBytes", str(64 * 1024))
        .config("spark.sql.files.openCostInBytes", str(16 * 1024))
        .config("spark.pyspark.python", sys.executable)
        .config("spark.pyspark.driver.python", sys.executable)
    )
    wheel = os.environ.get("ZHENGGAI_WHEEL")
    if wheel:
        shipped = tmp_path_factory.mktemp("ship") / "zhenggai.zip"
        shutil.copy(wheel, shipped)
        builder = builder.config("spark.archives", f"{shipped}#zhenggai_wheel")
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_writes_the_clis_tasks_to_parquet(spark, tmp_path):
    recipe = load_recipe()
    out = tmp_path / "tasks.parquet"
    written = recipe.extract_to_parquet(spark, FOLDERS, str(out), jobs=1)
    assert written.rdd.getNumPartitions() >= 2

    import pandas as pd

    rows = pd.read_parquet(out)
    theirs = [
        (r["doc"]["id"], t["id"], t["text"], t["kind"], tuple(t["categories"]),
         tuple(b["text"] for b in t["bodies"]), tuple(d["text"] for d in t["deadline"]),
         t["span"][0], t["span"][1])
        for r in cli_records(*FOLDERS)
        for t in r["tasks"]
    ]
    ours = [
        (row.doc_id, row.task_id, row.text, row.kind, tuple(row.categories), tuple(row.bodies),
         tuple(row.deadline), row.span_start, row.span_end)
        for row in rows.itertuples()
    ]
    assert len(ours) == len(theirs) > 1000
    assert sorted(ours) == sorted(theirs)
    print(f"\nspark local[2]: {rows['doc_id'].nunique()} documents, {len(rows)} tasks in Parquet, "
          f"{written.rdd.getNumPartitions()} partitions, equal to the CLI's")


def test_the_executors_use_the_shipped_wheel(spark):
    need("$ZHENGGAI_WHEEL", bool(os.environ.get("ZHENGGAI_WHEEL")), "scripts/test.sh sets it to the built wheel")
    recipe = load_recipe()

    def where(_):
        recipe.use_shipped_package()
        import zhenggai

        yield zhenggai.__file__

    from pyspark import cloudpickle

    cloudpickle.register_pickle_by_value(recipe)
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    files = spark.sparkContext.parallelize(range(2), 2).mapPartitions(where).collect()
    assert len(files) == 2
    for f in files:
        assert f"{recipe.ARCHIVE_ALIAS}{os.sep}zhenggai{os.sep}__init__.py" in f, f
    print(f"\nexecutors imported zhenggai from {files[0]}")
