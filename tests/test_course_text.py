"""The course's text, checked across notebooks (``tools/coursecheck.py`` lists the problems).

- every glossary term is linked to the glossary appendix at its first use in the course,
  and ``data/glossary.csv`` names the notebook where that is;
- every "Further reading" list is generated from ``data/references.bib``;
- an article paragraph is shown in full at most once in the course;
- each notebook's stated minutes agree with the reading-and-exercise estimate, and the
  syllabus agrees with the notebooks;
- every sentence that speaks in the present of the world ("now", "currently", "still" ...)
  carries a year in its sentence or paragraph.

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


def test_an_undated_present_tense_statement_is_found_and_a_dated_one_is_not(monkeypatch):
    """The dates check fails on an undated "currently" and passes once a year is added."""
    import nbformat

    undated = "Meta currently leads the open-weight market."
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(f"Llama 3.1 came out in July 2024.\n\n{undated}"),
        nbformat.v4.new_markdown_cell("As of January 2025, Meta currently leads the market. "
                                      "R1 is still the cheapest."),
        nbformat.v4.new_markdown_cell('Now run the cell. You now know the price. The article '
                                      'calls it "the latest model".')])
    monkeypatch.setattr(coursecheck, "notebooks", lambda: [("00", nb)])
    problems = [p for p in coursecheck.date_problems() if p.startswith("00 ")]
    assert len(problems) == 1, problems
    assert problems[0].startswith("00 cell 0: 'currently'") and undated in problems[0]
