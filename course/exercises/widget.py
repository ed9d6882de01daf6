"""The exercise widget: a question, the kind's inputs, Check, Show solution, feedback.

Check calls :meth:`ExerciseWidget.submit`, as code and tests do; building it again restores
the saved progress.
"""

from __future__ import annotations

import html
import os

import ipywidgets as widgets

from .. import progress as _progress
from .. import snapshot
from ..answers import AnswerError
from .feedback import SOLUTION_AFTER, Feedback, compose, invalid, render_html, revealed
from .kinds import kind_of
from .kinds.base import count
from .markup import macros

__all__ = ["ExerciseWidget"]


class ExerciseWidget(widgets.VBox):
    """One exercise from the bank; *instructor* (show the solution at once) defaults to
    ``COURSE_INSTRUCTOR``."""

    def __init__(self, spec: dict, *, store=None, instructor: bool | None = None):
        self.spec = spec
        self.kind = kind_of(spec)
        self.exercise_id = spec["id"]
        self._store = store if store is not None else _progress.store()
        if instructor is None:
            instructor = os.environ.get("COURSE_INSTRUCTOR", "").strip().lower() in (
                "1", "true", "yes", "on")
        self._instructor = bool(instructor)
        self._wrong = 0
        self._revealed = False
        self._last_key: str | None = None
        self._last_feedback: Feedback | None = None
        self._warning = ""  # the progress store's notice, kept on screen
        self._status = ""  # e.g. "restored from saved progress", until the next answer
        self.feedback: Feedback | None = None

        self._prompt = widgets.HTML(value=str(macros().prompt(self.kind)),
                                    layout=widgets.Layout(width="100%")).add_class("course-prompt")
        # exercise.css: ipywidgets cuts long labels with "…"; the course's wrap instead
        self._inputs = widgets.VBox([widgets.HTML(str(macros().style())),
                                     *self.kind.inputs()], layout=widgets.Layout(width="100%")
                                    ).add_class("course-inputs")
        self._check = widgets.Button(description="Check", button_style="primary",
                                     tooltip="Check your answer", icon="check"
                                     ).add_class("course-check")
        self._show = widgets.Button(description="Show solution",
                                    tooltip="Show the solution (recorded in your progress)"
                                    ).add_class("course-show-solution")
        self._output = widgets.HTML(value="", layout=widgets.Layout(width="100%")
                                    ).add_class("course-feedback")
        self._check.on_click(lambda _button: self.submit(self.kind.read()))
        self._show.on_click(lambda _button: self.reveal())

        super().__init__(children=[self._prompt, self._inputs,
                                   widgets.HBox([self._check, self._show]), self._output],
                         layout=widgets.Layout(width="100%", padding="0.3em 0"))
        for name in ("course-exercise", "mathjax_ignore",  # "$5.6M … $100M" is not maths
                     f"course-kind-{spec['kind']}",
                     f"course-exercise-id-{self.exercise_id.replace('.', '-')}"):
            self.add_class(name)
        self._restore()
        self._render()

    def submit(self, answer) -> Feedback:
        """Check *answer*, record it, show the feedback; never raises.

        An unreadable answer, or the same answer twice in a row, is not recorded.
        """
        try:
            graded = self.kind.grade(answer)
            if graded.key == self._last_key and self._last_feedback is not None:
                self.feedback = self._last_feedback  # shown again, not recorded again
                self._render()
                return self.feedback
            self._save(graded.answer, graded.correct, "attempt")
            if graded.correct is False:
                self._wrong += 1
            self._status = ""
            self._show_graded(graded, counted=True)
            self._render()
        except AnswerError as error:
            self.feedback = invalid(str(error))
            self._render()
        except Exception as error:  # noqa: BLE001 - a student must never see a traceback
            return self._show_error("Something went wrong while checking this answer", error)
        return self.feedback

    def _show_graded(self, graded, *, counted: bool) -> None:
        """Compose the feedback on *graded* and put its answer back into the inputs."""
        self.feedback = self._last_feedback = compose(
            self.kind, graded, wrong_attempts=self._wrong,
            solution_shown=self._revealed or self._instructor, counted=counted)
        self._last_key = graded.key
        self.kind.show(graded.answer)

    def reveal(self) -> Feedback:
        """Show the solution (the Show solution button); recorded once as a reveal."""
        try:
            counted = not self._revealed and not self._instructor
            if counted:
                self._save(None, None, "reveal")
            self._revealed = True
            self.feedback = revealed(self.kind, counted=counted)
            self._render()
            return self.feedback
        except Exception as error:  # noqa: BLE001 - a student must never see a traceback
            return self._show_error("The solution could not be shown", error)

    def _show_error(self, what: str, error: Exception) -> Feedback:
        text = (f"{what} ({type(error).__name__}: {error}). Your earlier answers are safe. "
                "Try again, or tell your instructor.")
        self.feedback = Feedback(False, text, "error",
                                 html=f"<p><strong>{html.escape(text)}</strong></p>")
        self._render()
        return self.feedback

    def _save(self, answer, correct, kind: str) -> None:
        self._store.record(self.exercise_id, answer, correct, kind=kind)
        self._warning = self._store.notice

    @property
    def solution_shown(self) -> bool:
        """Whether the solution is on screen (asked for, three wrong attempts, instructor)."""
        return self._instructor or self._revealed or self._wrong >= SOLUTION_AFTER

    def _render(self) -> None:
        self._output.value = render_html(self.kind, self.feedback, solution=self.solution_shown,
                                         note=" ".join(filter(None, [self._warning,
                                                                     self._status])))

    def _restore(self) -> None:
        """Rebuild the state from saved progress: last answer, attempts, reveal."""
        try:
            records = self._store.attempts(self.exercise_id)
            self._warning = self._store.notice
            attempts = [r for r in records if r["kind"] == "attempt"]
            self._wrong = sum(1 for r in attempts if r["correct"] is False)
            self._revealed = any(r["kind"] == "reveal" for r in records)
            if not attempts:
                return
            self._show_graded(self.kind.grade(attempts[-1]["answer"]), counted=False)
            self._status = (f"Restored your last answer from saved progress "
                            f"({count(len(attempts), 'attempt')} so far).")
        except Exception as error:  # noqa: BLE001 - a stale record must not break the cell
            self._status = f"Your saved answer could not be restored ({error}); answer again."

    def _repr_mimebundle_(self, **kwargs):
        return snapshot.with_html(super()._repr_mimebundle_(**kwargs),
                                  self.kind.static_html(solution=self._instructor),
                                  self.kind.static_text(solution=self._instructor))
