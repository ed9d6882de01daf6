"""Shared test set-up.

Every test session (and every notebook kernel it starts) writes progress to a
temporary file, never to the student's real one, and draws charts off-screen.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check answers, not speed: on a loaded 2-core CI machine one example can
# take longer than hypothesis's default 200 ms deadline (speed is measured in bench/).
settings.register_profile("course", deadline=None)
settings.load_profile("course")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def pytest_configure(config):
    scratch = Path(tempfile.mkdtemp(prefix="course-tests-"))
    os.environ["COURSE_PROGRESS"] = str(scratch / "progress.sqlite3")
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.pop("COURSE_INSTRUCTOR", None)
    os.environ.pop("COURSE_DATA_DIR", None)
    config._course_scratch = scratch


def pytest_unconfigure(config):
    scratch = getattr(config, "_course_scratch", None)
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of data/ that the test may break; COURSE_DATA_DIR points at it."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    monkeypatch.setenv("COURSE_DATA_DIR", str(target))
    return target
