"""Exercises: the bank of questions, grading, and the widget notebooks display.

``course.exercise("03.v3-cost")`` returns the widget for one bank id;
``course.exercises.bank()`` returns every exercise, validated. Importing this package
is cheap: the widget module (and ipywidgets) load on the first :func:`exercise` call.

Public API
----------
bank, exercise              the validated bank; the widget for one id
grade, Graded               pure grading of an answer against a spec
Feedback                    what submit() returns (.correct, .message)
BankError, KINDS, RATINGS   validation errors; the exercise kinds; claim ratings
exercise_calls, usage_problems   the bank checked against the notebooks
"""

from __future__ import annotations

import difflib

from .catalogue import (
    KINDS,
    RATINGS,
    BankError,
    bank,
    bank_folder,
    exercise_calls,
    load_bank_file,
    notebook_bank,
    usage_problems,
)
from .feedback import Feedback
from .grading import Graded, grade

__all__ = ["BankError", "Feedback", "Graded", "KINDS", "RATINGS", "bank", "bank_folder",
           "exercise", "exercise_calls", "grade", "load_bank_file", "notebook_bank",
           "usage_problems"]


def exercise(exercise_id: str, *, store=None, instructor: bool | None = None, folder=None):
    """Return the exercise widget for a bank id, ready to display.

    Parameters
    ----------
    exercise_id : str
        A bank id such as ``"03.v3-cost"``.
    store : course.progress.ProgressStore, optional
        Where attempts are saved; default the shared store at the default path.
    instructor : bool, optional
        Show the solution at once; default from ``COURSE_INSTRUCTOR``.
    folder : str or pathlib.Path, optional
        The bank folder; default ``data/exercises``.

    Returns
    -------
    course.exercises.widget.ExerciseWidget
        Its ``.submit(answer)`` is the Check button's path and returns a Feedback.

    Raises
    ------
    ValueError
        If the id is not in the bank (the message lists close ids).
    """
    if not isinstance(exercise_id, str):
        raise TypeError(f"exercise_id must be a bank id such as '03.v3-cost'; "
                        f"got {exercise_id!r}")
    exercises = notebook_bank(exercise_id, folder)
    if exercise_id not in exercises:
        close = difflib.get_close_matches(exercise_id, list(exercises), n=5)
        same = [i for i in exercises if i[:3] == exercise_id[:3]]
        hint = close or same
        raise ValueError(f"There is no exercise {exercise_id!r} in the bank "
                         f"({bank_folder() if folder is None else folder})."
                         + (f" Did you mean: {', '.join(hint)}?" if hint else ""))
    from .widget import ExerciseWidget

    return ExerciseWidget(exercises[exercise_id], store=store, instructor=instructor)
