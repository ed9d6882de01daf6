"""Fixtures for the exercise tests: a private bank and a private progress file.

Import them into a test module with
``from helpers.exercise_fixtures import fixture_bank, progress_file  # noqa: F401``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "exercises"


@pytest.fixture
def fixture_bank(data_copy):
    """``data_copy/exercises`` holding only the fixture bank (every kind); returns it."""
    target = data_copy / "exercises"
    for path in target.glob("*.toml"):  # the real bank, whatever it holds today
        path.unlink()
    for path in FIXTURES.glob("*.toml"):
        shutil.copy(path, target / path.name)
    return target


@pytest.fixture
def progress_file(tmp_path, monkeypatch):
    """A fresh progress file path for this test, set as ``COURSE_PROGRESS``."""
    path = tmp_path / "student" / "progress.sqlite3"
    monkeypatch.setenv("COURSE_PROGRESS", str(path))
    monkeypatch.delenv("COURSE_INSTRUCTOR", raising=False)
    return path
