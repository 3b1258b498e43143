"""What the Python tests share: the repository's root, the CLI to compare with, and
`need`, which skips a test whose tool is missing, or fails it under
ZHENGGAI_REQUIRE_PYTHON=1 (set by .ci/run: in CI every Python test must run)."""

import importlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRE = os.environ.get("ZHENGGAI_REQUIRE_PYTHON") == "1"


def need(what: str, present: bool, hint: str) -> None:
    """Skips the test when `what` is missing; under ZHENGGAI_REQUIRE_PYTHON=1, fails it."""
    if present:
        return
    message = f"{what} is missing ({hint})"
    if REQUIRE:
        pytest.fail(message + " and ZHENGGAI_REQUIRE_PYTHON=1", pytrace=False)
    pytest.skip(message)


def need_module(name: str, hint: str = ""):
    """The module, or a skip (a failure under ZHENGGAI_REQUIRE_PYTHON=1)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        need(f"Python module {name}", False, hint or f"pip install {name}")


def cli_path() -> Path:
    """The CLI the records are compared with: $ZHENGGAI_BIN, else the newest build."""
    if os.environ.get("ZHENGGAI_BIN"):
        return Path(os.environ["ZHENGGAI_BIN"])
    builds = [ROOT / "target" / p / "zhenggai" for p in ("release", "debug")]
    built = [b for b in builds if b.exists()]
    need("the zhenggai CLI", bool(built), "cargo build, or set ZHENGGAI_BIN")
    return max(built, key=lambda b: b.stat().st_mtime)


def run_cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Runs the CLI in the repository's root (ids are relative to it)."""
    out = subprocess.run(
        [str(cli_path()), *args], cwd=ROOT, capture_output=True, timeout=600
    )
    if check and out.returncode not in (0, 1):
        raise AssertionError(f"zhenggai {' '.join(args)}: {out.stderr.decode()}")
    return out


def cli_records(*args: str) -> list:
    """The records `zhenggai extract -q ARGS` writes, parsed."""
    out = run_cli("extract", "-q", *args)
    return [json.loads(line) for line in out.stdout.decode("utf-8").splitlines() if line]


@pytest.fixture(scope="session")
def corpus_cli() -> list:
    """The CLI's records of corpus/, once a session."""
    return cli_records("corpus")


@pytest.fixture(autouse=True)
def in_root(monkeypatch):
    """Every test runs in the repository's root, as the CLI runs there."""
    monkeypatch.chdir(ROOT)


def have(cmd: str) -> bool:
    return shutil.which(cmd) is not None
