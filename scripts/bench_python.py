"""The measurements of scripts/bench_python.sh: python3 bench_python.py CLI CORPUS."""

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import zhenggai

JOBS = 2


def cpu_seconds():
    """User and system time of this process and of its waited-for children (the CLI)."""
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def best(runs, f):
    """The least wall time of `runs` calls of f, the CPU time of that call, and f's last
    result. CPU time moves less than wall time when other work shares the machine."""
    times, out = [], None
    for _ in range(runs):
        t0, c0 = time.perf_counter(), cpu_seconds()
        out = f()
        times.append((time.perf_counter() - t0, cpu_seconds() - c0))
    wall, cpu = min(times)
    return wall, cpu, out


def files(corpus):
    """(id, path, bytes) of every file, in the CLI's order (depth first, sorted by name)."""
    name = os.path.basename(corpus.rstrip("/"))
    for d, dirs, names in os.walk(corpus):
        dirs.sort()
        for n in sorted(names):
            if n.startswith("."):
                continue
            p = os.path.join(d, n)
            with open(p, "rb") as f:
                yield name + p[len(corpus.rstrip("/")):], p, f.read()


def main(cli, corpus):
    nbytes = sum(len(b) for _, _, b in files(corpus))
    ndocs = sum(1 for _ in files(corpus))
    mb = nbytes / 1e6
    print(f"corpus: {corpus}, {ndocs} documents, {mb:.1f} MB; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} at the start")

    def run_cli():
        out = subprocess.run([cli, "extract", "-q", "--jobs", str(JOBS), corpus], capture_output=True, check=True)
        return out.stdout.count(b"\n")

    def many():
        p = zhenggai.Pipeline()
        return sum(1 for _ in p.extract_many(files(corpus), jobs=JOBS))

    def paths():
        p = zhenggai.Pipeline()
        return sum(1 for _ in p.iter_paths(corpus, jobs=JOBS))

    def loop():
        p = zhenggai.Pipeline()
        return sum(1 for i, path, b in files(corpus) if p.extract(b, path=path, id=i))

    rows = []
    t_cli, c_cli, n = best(3, run_cli)
    assert n == ndocs, (n, ndocs)
    rows.append(("CLI extract --jobs 2", t_cli, c_cli, n))
    t_many, c_many, n = best(3, many)
    assert n == ndocs
    rows.append(("Python extract_many(jobs=2)", t_many, c_many, n))
    t_paths, c_paths, n = best(1, paths)
    rows.append(("Python extract_paths(jobs=2)", t_paths, c_paths, n))
    t_loop, c_loop, n = best(1, loop)
    rows.append(("Python loop of extract", t_loop, c_loop, n))

    print(f"\n{'measure':34} {'wall s':>8} {'CPU s':>7} {'MB/s':>7} {'docs/s':>8}")
    for what, t, c, n in rows:
        print(f"{what:34} {t:8.2f} {c:7.2f} {mb / t:7.2f} {n / t:8.0f}")
    ratio = t_many / t_cli
    print(f"\nextract_many / CLI: wall {ratio:.3f} (target <= 1.15: {'met' if ratio <= 1.15 else 'NOT met'}), "
          f"CPU {c_many / c_cli:.3f}")
    print(f"extract_paths / CLI: wall {t_paths / t_cli:.3f}, CPU {c_paths / c_cli:.3f}")
    print(f"loop / extract_many: wall {t_loop / t_many:.2f}")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    spark(corpus)


def spark(corpus):
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        print("\nspark: pyspark missing, not measured")
        return
    if not shutil.which("java"):
        print("\nspark: java missing, not measured")
        return
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
    import spark_extract

    os.environ["PYSPARK_PYTHON"] = sys.executable
    # pyspark warns of pandas 3 in every worker; the progress bar would fill the output
    os.environ["PYTHONWARNINGS"] = "ignore::FutureWarning"
    session = (
        SparkSession.builder.master(f"local[{JOBS}]")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.pyspark.python", sys.executable)
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    out = Path("target/bench-spark.parquet").resolve()
    try:
        # one small run first: the Python workers start and compile the rules
        spark_extract.extract_to_parquet(session, ["corpus/seeds"], str(out))
        t0 = time.perf_counter()
        tasks = spark_extract.extract_to_parquet(session, [corpus], str(out))
        t = time.perf_counter() - t0
        ntasks = tasks.count()
        ndocs = tasks.select("doc_id").distinct().count()
        parts = tasks.rdd.getNumPartitions()
    finally:
        session.stop()
    print(f"\nspark local[{JOBS}] (examples/spark_extract.py, binaryFile -> mapInPandas -> Parquet): "
          f"{t:.2f} s, {ndocs / t:.0f} documents/s (with tasks), {ntasks / t:.0f} task rows/s, "
          f"{ntasks} rows in {parts} Parquet parts")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
