"""Exercises: the bank of questions, their kinds, and the widget notebooks display.

Importing this package is cheap: ipywidgets loads on the first :func:`exercise` call."""

from __future__ import annotations

from ..formatting import did_you_mean
from .feedback import Feedback
from .kinds import KINDS, Graded, kind_of
from .loader import BankError, bank, bank_folder, load_bank_file, notebook_bank

__all__ = ["BankError", "Feedback", "Graded", "KINDS", "bank", "bank_folder", "exercise",
           "grade", "kind_of", "load_bank_file", "notebook_bank"]


def grade(spec: dict, answer) -> Graded:
    """Grade *answer* against a *spec* from :func:`bank`; an unreadable one raises AnswerError.

    Examples
    --------
    >>> grade({"kind": "choice", "options": {"a": "Yes", "b": "No"}, "answer": "b",
    ...        "feedback": {"a": "Look again at paragraph 3."}}, "a").feedback
    'Look again at paragraph 3.'
    """
    return kind_of(spec).grade(answer)


def exercise(exercise_id: str, *, store=None, instructor: bool | None = None, folder=None):
    """The exercise widget for a bank id (*folder*: the bank folder); an unknown id raises
    ``ValueError`` listing close ids."""
    exercises = notebook_bank(str(exercise_id), folder)
    if exercise_id not in exercises:
        raise ValueError(f"There is no exercise {exercise_id!r} in the bank "
                         f"({bank_folder() if folder is None else folder})."
                         + did_you_mean(str(exercise_id), exercises))
    from .widget import ExerciseWidget

    return ExerciseWidget(exercises[exercise_id], store=store, instructor=instructor)
