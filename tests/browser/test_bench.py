"""bench/run.py: its helpers (doctests), its "not available yet" rows, a short real run.

These need no browser; they live here because the benchmark shares the browser tests'
answer oracle (``browser.exercises.answers``).
"""

from __future__ import annotations

import doctest
import importlib.util
import subprocess
import sys

import pytest

from .conftest import ROOT

BENCH = ROOT / "bench" / "run.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("course_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_helpers_doctests_pass(bench):
    results = doctest.testmod(bench, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert results.attempted >= 3 and results.failed == 0


def test_percentile_matches_textbook_values(bench):
    assert bench.percentile([10, 20, 30, 40], 0) == 10
    assert bench.percentile([10, 20, 30, 40], 100) == 40
    assert bench.percentile([10, 20, 30, 40], 50) == 25
    with pytest.raises(ValueError, match="q must be between 0 and 100"):
        bench.percentile([1], 101)
    with pytest.raises(ValueError, match="at least one value"):
        bench.percentile([], 50)


def test_an_empty_bank_is_reported_not_available(bench, data_copy):
    for path in (data_copy / "exercises").glob("*.toml"):
        path.unlink()
    runner = bench.Bench(bench.parse_args(["--only", "feedback"]))
    try:
        rows = runner.feedback()
    finally:
        runner.close()
    assert rows == [("exercise feedback", bench.NOT_YET, "p95 < 50 ms", "–")]


def test_bad_arguments_are_refused(bench):
    with pytest.raises(SystemExit):
        bench.parse_args(["--runs", "0"])


def test_a_short_import_run_prints_the_table(tmp_path):
    out = tmp_path / "table.md"
    done = subprocess.run([sys.executable, str(BENCH), "--only", "imports", "--import-runs",
                           "1", "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "| measure | result | goal | met |" in done.stdout
    assert "`import pandas, matplotlib, ipywidgets`" in done.stdout
    assert "≤ 1.15×" in done.stdout
    assert out.read_text(encoding="utf-8") in done.stdout + "\n"
    assert (tmp_path / "table.json").is_file()
