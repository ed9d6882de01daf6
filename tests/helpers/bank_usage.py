"""The exercise bank checked against the notebooks (data integrity, tests only).

Every id a notebook uses must exist in the bank, and every bank id must be used in
exactly one code cell of its own notebook.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from course.data import project_root

_CALL = re.compile(r"\bexercise\(\s*(?P<q>['\"])(?P<id>[^'\"\n]+)(?P=q)\s*[,)]")


def exercise_calls(folder: str | Path | None = None) -> dict[str, list[tuple[str, int]]]:
    """``{exercise id: [(notebook, 0-based cell index), …]}`` for every ``exercise("…")`` call.

    Examples
    --------
    >>> exercise_calls()["03.v3-flop"]
    [('03_the_cost_of_training.ipynb', ...)]
    """
    folder = Path(folder) if folder is not None else project_root() / "notebooks"
    calls: dict[str, list[tuple[str, int]]] = {}
    for path in sorted(folder.glob("*.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError) as exc:
            raise ValueError(f"{path.name}: cannot read the notebook ({exc})") from None
        for index, cell in enumerate(cells):
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            for match in _CALL.finditer(source):
                calls.setdefault(match.group("id"), []).append((path.name, index))
    return calls


def usage_problems(exercises: Mapping[str, dict],
                   calls: Mapping[str, list[tuple[str, int]]]) -> list[str]:
    """List the disagreements between the bank and the notebooks (empty when they agree).

    Every id used in a notebook must exist in the bank; every bank id must be used in
    exactly one code cell, in the notebook its number names.

    Examples
    --------
    >>> usage_problems({}, {"03.missing": [("03_the_cost_of_training.ipynb", 4)]})
    ["03_the_cost_of_training.ipynb, cell 4: exercise '03.missing' is not in the bank"]
    """
    problems = []
    for exercise_id, places in sorted(calls.items()):
        if exercise_id not in exercises:
            problems += [f"{nb}, cell {cell}: exercise {exercise_id!r} is not in the bank"
                         for nb, cell in places]
    for exercise_id, spec in exercises.items():
        places = calls.get(exercise_id, [])
        where = ", ".join(f"{nb} cell {cell}" for nb, cell in places)
        if not places:
            problems.append(f"{spec.get('file', 'bank')}: exercise {exercise_id!r} is not "
                            "used in any notebook")
        elif len(places) > 1:
            problems.append(f"exercise {exercise_id!r} is used in {len(places)} cells "
                            f"({where}); use each exercise in exactly one cell")
        elif not places[0][0].startswith(exercise_id[:2] + "_"):
            problems.append(f"exercise {exercise_id!r} is used in {places[0][0]}, but its "
                            f"number says notebook {exercise_id[:2]}")
    return problems
