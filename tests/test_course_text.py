"""The course's text, checked across notebooks (``tools/coursecheck.py`` lists the problems).

- every glossary term is linked to the glossary appendix at its first use in the course,
  and ``data/glossary.csv`` names the notebook where that is;
- every "Further reading" list is generated from ``data/references.bib``;
- an article paragraph is shown in full at most once in the course;
- each notebook's stated minutes agree with the reading-and-exercise estimate, and the
  syllabus agrees with the notebooks.

Run ``python tools/coursecheck.py`` for the same lists with what to change.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import coursecheck  # noqa: E402


@pytest.mark.parametrize("check", list(coursecheck.CHECKS))
def test_the_course_text_passes(check):
    problems = coursecheck.CHECKS[check]()
    assert not problems, f"{check}:\n" + "\n".join(problems)


def test_an_unlinked_first_use_and_a_second_full_quote_are_found(monkeypatch):
    """The checks are not vacuous: fed a notebook that breaks the rules, they say so."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("A model's weights are its learned numbers."),
        nbformat.v4.new_code_cell('course.quote("meta-validated", 3)'),
        nbformat.v4.new_code_cell('course.quote("meta-validated", 3)')])
    monkeypatch.setattr(coursecheck, "notebooks", lambda: [("00", nb)])
    assert any("cell 0: first use of 'Weights'" in line
               for line in coursecheck.glossary_problems())
    assert any("meta-validated ¶3 is already shown in 00 cell 1" in line
               for line in coursecheck.quote_problems())
