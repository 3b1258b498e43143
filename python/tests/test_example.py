"""The notebook-style example (examples/tasks_by_province.py) runs as a script and draws
its bar chart to a PNG."""

import subprocess
import sys

from conftest import ROOT, need_module


def test_tasks_by_province_draws_its_chart(tmp_path):
    need_module("pandas", "pip install 'zhenggai[pandas]'")
    need_module("matplotlib", "pip install matplotlib")
    png = tmp_path / "chart.png"
    out = subprocess.run(
        [sys.executable, "examples/tasks_by_province.py", "--out", str(png)],
        cwd=ROOT, capture_output=True, timeout=600,
    )
    assert out.returncode == 0, out.stderr.decode()
    printed = out.stdout.decode("utf-8")
    assert " 0 failed" in printed and "Jiangsu" in printed and "national" in printed
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 10_000
