"""The class report's fixture bank, in place of the real one.

Import it into a test module with
``from helpers.report_fixtures import report_bank  # noqa: F401``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.exercises import bank

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "progress"


@pytest.fixture
def report_bank(data_copy):
    """``data_copy/exercises`` holding only tests/fixtures/progress/bank; returns the bank."""
    folder = data_copy / "exercises"
    for old in folder.glob("*.toml"):
        old.unlink()
    for toml in (FIXTURES / "bank").glob("*.toml"):
        shutil.copy(toml, folder)
    return bank()
