"""What counts as done, for ``course progress`` and the class report: *attempted* (a reveal is
not an attempt), *completed* (an attempt graded again from the bank as correct, or a readable
reflection) and *revealed* (the student asked to see the solution)."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd

from .syllabus import LESSONS

__all__ = ["exercise_status", "format_summary", "notebook", "notebook_progress",
           "records_frame", "regrade"]


def notebook(exercise_id: str) -> str:
    """The notebook an exercise belongs to: its id's prefix.

    Examples
    --------
    >>> notebook("03.v3-cost")
    '03'
    """
    return exercise_id.split(".", 1)[0]


def records_frame(students: Mapping[str, Mapping[str, list]]) -> pd.DataFrame:
    """One row per record of ``{student: {exercise id: [records]}}``.

    Examples
    --------
    >>> rec = {"id": "r1", "time": "2025-02-01T10:00:00+00:00", "kind": "attempt",
    ...        "answer": "b", "correct": True}
    >>> records_frame({"Ana": {"00.q": [rec]}})[["student", "exercise", "answer"]]
      student exercise answer
    0     Ana     00.q      b
    """
    rows = [(student, exercise, r["id"], r["time"], r["kind"], r["answer"], r["correct"])
            for student, attempts in students.items()
            for exercise, records in attempts.items() for r in records]
    columns = ["student", "exercise", "id", "time", "kind", "answer", "correct"]
    return pd.DataFrame(rows, columns=columns).astype({"answer": object, "correct": object})


def _verdict(spec: Mapping, answer) -> tuple[bool | None, bool]:
    from .exercises import grade

    try:
        correct = grade(spec, answer).correct
    except Exception:  # noqa: BLE001 - a hostile answer must not stop a report
        return (None if spec["kind"] == "reflection" else False), False
    return (None if correct is None else bool(correct)), True


def regrade(frame: pd.DataFrame, exercises: Mapping[str, Mapping]) -> pd.DataFrame:
    """Add ``graded`` (True/False/None), ``readable`` and ``disagrees`` (with the saved
    ``correct``) to a records frame.

    Examples
    --------
    >>> bank = {"00.q": {"kind": "choice", "options": {"a": "Yes", "b": "No"},
    ...                  "answer": "b", "feedback": {}}}
    >>> recs = [{"id": "1", "time": "1", "kind": "attempt", "answer": "a", "correct": True}]
    >>> regrade(records_frame({"Eve": {"00.q": recs}}), bank)[["correct", "graded", "disagrees"]]
      correct graded  disagrees
    0    True  False       True
    """
    cache: dict[tuple[str, str], tuple[bool | None, bool]] = {}
    graded, readable, disagrees = [], [], []
    for exercise, kind, answer, flag in zip(frame["exercise"], frame["kind"], frame["answer"],
                                            frame["correct"], strict=True):
        if kind != "attempt" or exercise not in exercises:
            verdict = (None, True)
        else:
            key = (exercise, json.dumps(answer, sort_keys=True))
            if key not in cache:
                cache[key] = _verdict(exercises[exercise], answer)
            verdict = cache[key]
        graded.append(verdict[0])
        readable.append(verdict[1])
        disagrees.append(kind == "attempt" and flag is not verdict[0])
    return frame.assign(graded=pd.Series(graded, index=frame.index, dtype=object),
                        readable=pd.Series(readable, index=frame.index, dtype=bool),
                        disagrees=pd.Series(disagrees, index=frame.index, dtype=bool))


def exercise_status(graded: pd.DataFrame, exercises: Mapping[str, Mapping],
                    students: list[str]) -> pd.DataFrame:
    """One row per student (records or not) and bank exercise of a :func:`regrade` frame: how
    far the student got; ``attempts_to_correct`` is NaN until an attempt is correct."""
    known = graded[graded["exercise"].isin(list(exercises))].sort_values("time", kind="stable")
    tries = known[known["kind"] == "attempt"].copy()
    tries["n"] = tries.groupby(["student", "exercise"]).cumcount() + 1
    reflection = tries["exercise"].map(lambda i: exercises[i]["kind"] == "reflection")
    done = tries["graded"].eq(True) | (reflection.astype(bool) & tries["readable"])
    keys = ["student", "exercise"]
    table = pd.DataFrame({
        "attempts": tries.groupby(keys).size(),
        "attempts_to_correct": tries[tries["graded"].eq(True)].groupby(keys)["n"].min(),
        "completed": done.groupby([tries["student"], tries["exercise"]]).any(),
        "revealed": known[known["kind"] == "reveal"].groupby(keys).size() > 0,
    })
    grid = pd.MultiIndex.from_product([students, list(exercises)], names=keys)
    table = (table.reindex(grid).fillna({"attempts": 0, "completed": False, "revealed": False})
             .astype({"attempts": int, "completed": bool, "revealed": bool}).reset_index())
    table["attempted"] = table["attempts"] > 0
    table["notebook"] = table["exercise"].map(notebook)
    table["kind"] = table["exercise"].map(lambda i: exercises[i]["kind"])
    return table[["student", "exercise", "notebook", "kind", "attempted", "completed",
                  "revealed", "attempts", "attempts_to_correct"]]


def notebook_progress(status: pd.DataFrame) -> pd.DataFrame:
    """One row per student and notebook (in bank order) of an :func:`exercise_status` table.

    Examples
    --------
    >>> bank = {"00.q": {"kind": "choice", "options": {"a": "A", "b": "B"}, "answer": "b",
    ...                  "feedback": {}}, "00.r": {"kind": "reflection"}}
    >>> recs = {"00.r": [{"id": "1", "time": "1", "kind": "attempt", "correct": None,
    ...                   "answer": "Because..."}]}
    >>> graded = regrade(records_frame({"Ana": recs}), bank)
    >>> notebook_progress(exercise_status(graded, bank, ["Ana"]))
      student notebook       title  exercises  attempted  completed  revealed
    0     Ana       00  Start here          2          1          1         0
    """
    titles = {lesson.number: lesson.title for lesson in LESSONS}
    rows = (status.groupby(["student", "notebook"], sort=False)
            .agg(exercises=("exercise", "size"), attempted=("attempted", "sum"),
                 completed=("completed", "sum"), revealed=("revealed", "sum"))
            .reset_index())
    rows.insert(2, "title", rows["notebook"].map(titles).fillna(""))
    return rows


def format_summary(rows: pd.DataFrame) -> str:
    """One student's :func:`notebook_progress` as a plain-text table with a total line.

    Examples
    --------
    >>> rows = pd.DataFrame([{"notebook": "00", "title": "Start here", "exercises": 4,
    ...                       "attempted": 2, "completed": 1, "revealed": 0}])
    >>> print(format_summary(rows))
    #   notebook                          exercises  attempted  completed  revealed
    00  Start here                                4          2          1         0
        Total                                     4          2          1         0
    """
    columns = ["exercises", "attempted", "completed", "revealed"]
    line = "{:<3} {:<33} " + "  ".join(["{:>9}"] * len(columns))
    body = [[row["notebook"], row["title"][:33], *row[columns]] for _, row in rows.iterrows()]
    lines = [["#", "notebook", *columns], *body, ["", "Total", *rows[columns].sum()]]
    return "\n".join(line.format(*cells) for cells in lines)
