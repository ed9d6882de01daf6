"""An exercise needs the idea, not the page: its answer is not in the cells just above it.

For every exercise a notebook shows, the text of the cells between it and the previous
exercise (at most :data:`WINDOW` cells: Markdown and code, as a student reads them) must not
contain

- a numeric exercise's answer, in the spellings a student would copy (``5.576``,
  ``5,576,000``, ``3.29e24``, ``1.7``, ``17%``…);
- a claim's verdict stated as a rating: the rating word in bold, or after "is", "was",
  "rated" or "verdict".

Outputs are not committed (notebooks are stored without them); the numbers the code prints
come from the data files, which is why the code cells' own text is also searched for a
typed-in answer.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers.numbers import number_forms

from course.exercises import bank
from course.syllabus import LESSONS

ROOT = Path(__file__).resolve().parent.parent
WINDOW = 4
_EXERCISE = re.compile(r"exercise\(\s*[\"']([^\"']+)[\"']")
BANK = bank()


def contains_number(text: str, written: str) -> bool:
    """*written* appears as a whole number in *text* (not inside a longer number)."""
    return re.search(rf"(?<![\d.,]){re.escape(written)}(?![\d]|[.,]\d)", text) is not None


def states_verdict(text: str, verdict: str):
    """The place where *text* states *verdict* as a rating, or None."""
    return re.search(rf"(\*\*{verdict}\*\*|\b(is|was|rated|verdict:?)\s+\**{verdict}\b)",
                     text, re.IGNORECASE)


def windows():
    """``(notebook, exercise id, text of the cells above it)`` for every exercise shown."""
    for lesson in LESSONS:
        path = ROOT / "notebooks" / lesson.filename
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        start = 0
        for index, cell in enumerate(cells):
            source = "".join(cell["source"])
            if cell["cell_type"] != "code" or not (found := _EXERCISE.search(source)):
                continue
            above = ["".join(c["source"]) for c in cells[max(start, index - WINDOW):index]]
            yield lesson.number, found.group(1), "\n".join(above)
            start = index + 1


CASES = [case for case in windows() if case[1] in BANK]


@pytest.mark.parametrize("number, exercise_id, above", CASES, ids=[c[1] for c in CASES])
def test_the_answer_is_not_in_the_cells_above(number, exercise_id, above):
    spec = BANK[exercise_id]
    if spec["kind"] == "numeric":
        shown = [s for s in number_forms(spec["answer"]) if contains_number(above, s)]
        assert not shown, f"{exercise_id}: its answer appears just above it as {shown}"
    elif spec["kind"] == "claim":
        verdict = spec["options"][spec["answer"]].split()[0].strip(".,:;").lower()
        stated = states_verdict(above, verdict)
        assert not stated, f"{exercise_id}: the verdict is stated just above it: " \
                           f"{stated.group(0)!r}"


def test_the_check_finds_a_number_and_a_verdict():
    assert contains_number("cost about $5.576M to train", "5.576")
    assert not contains_number("5.5767 and 15.576", "5.576")
    assert "17%" in number_forms(0.17) and "3.29e24" in number_forms(3.2856e24)
    assert states_verdict("The course rates it **loose**.", "loose")
    assert states_verdict("That claim is loose at best.", "loose")
    assert not states_verdict("a loose reading of the licence", "loose")
    assert CASES, "no exercise found in the notebooks"
