"""The exercise widget: a question, labelled inputs, Check, Show solution, feedback.

:class:`ExerciseWidget` is a ``VBox`` built from one bank spec. The Check button reads
the inputs and calls :meth:`ExerciseWidget.submit` — the same method code and tests
call — so there is one path from an answer to its feedback. Grading is done by
:func:`course.exercises.grading.grade`; this module only wires widgets to it and to the
progress store.

Rules it keeps: an identical answer submitted twice in a row is one attempt (a double
click does not count twice); an unreadable answer gets a friendly message and is not
counted; a hint after each wrong answer; the solution after three wrong attempts or
on request (recorded as a reveal), or at once with ``COURSE_INSTRUCTOR=1``; building
the widget again restores the last answer and status from saved progress; nothing a
student does raises a traceback.
"""

from __future__ import annotations

import html
import os

import ipywidgets as widgets

from .. import progress as _progress
from ..answers import AnswerError
from .feedback import SOLUTION_AFTER, Feedback, compose, invalid, render_html, revealed
from .grading import grade
from .markup import to_html
from .static import claim_quote, instruction, static_html, static_text

__all__ = ["ExerciseWidget", "INSTRUCTOR_VAR", "instructor_mode"]

INSTRUCTOR_VAR = "COURSE_INSTRUCTOR"
_CHOOSE = "— choose —"


def instructor_mode() -> bool:
    """Whether ``COURSE_INSTRUCTOR`` asks for solutions to be shown at once.

    Examples
    --------
    >>> instructor_mode() in (True, False)
    True
    """
    return os.environ.get(INSTRUCTOR_VAR, "").strip().lower() in ("1", "true", "yes", "on")


def _full_width_label():
    return {"description_width": "initial"}


# ipywidgets keeps labels on one line and cuts them with "…"; an item or an option of a
# sentence's length must wrap instead, beside a menu of a steady width.
_CSS = """<style>
.course-inputs .widget-label, .course-inputs .widget-label-basic,
.course-inputs .widget-radio-box label {
  white-space: normal; overflow: visible; text-overflow: clip; height: auto;
  line-height: 1.35; padding: 0.2em 0;
}
.course-inputs .widget-dropdown, .course-inputs .widget-checkbox { height: auto; }
.course-inputs .widget-dropdown > .widget-label { text-align: left; padding-right: 1em; }
.course-inputs .widget-dropdown > select { flex: 0 0 14em; }
</style>"""


class ExerciseWidget(widgets.VBox):
    """One exercise from the bank, ready to display in a notebook.

    Parameters
    ----------
    spec : dict
        A validated spec from :func:`course.exercises.bank`.
    store : course.progress.ProgressStore, optional
        Where attempts are saved; default the shared store for the default path.
    instructor : bool, optional
        Show the solution at once; default from ``COURSE_INSTRUCTOR``.

    Attributes
    ----------
    exercise_id : str
    feedback : Feedback or None
        The latest feedback shown.
    """

    def __init__(self, spec: dict, *, store: _progress.ProgressStore | None = None,
                 instructor: bool | None = None):
        if not isinstance(spec, dict) or "kind" not in spec or "id" not in spec:
            raise TypeError(f"spec must be an exercise spec from bank(); got {spec!r:.80}")
        self.spec = spec
        self.exercise_id = spec["id"]
        self._store = store if store is not None else _progress.store()
        self._instructor = instructor_mode() if instructor is None else bool(instructor)
        self._wrong = 0
        self._revealed = False
        self._last_key: str | None = None
        self._last_feedback: Feedback | None = None
        self._warning = ""  # the progress store's notice, kept on screen
        self._status = ""  # e.g. "restored from saved progress", until the next answer
        self.feedback: Feedback | None = None

        prompt = to_html(spec["prompt"])
        if spec["kind"] == "claim":
            prompt += claim_quote(spec)[1]
        prompt += f"<p><em>{html.escape(instruction(spec))}</em></p>"
        self._prompt = widgets.HTML(value=prompt, layout=widgets.Layout(width="100%"))
        self._prompt.add_class("course-prompt")
        self._inputs = self._build_inputs()
        self._check = widgets.Button(description="Check", button_style="primary",
                                     tooltip="Check your answer", icon="check")
        self._check.add_class("course-check")
        self._show = widgets.Button(description="Show solution",
                                    tooltip="Show the solution (recorded in your progress)")
        self._show.add_class("course-show-solution")
        self._output = widgets.HTML(value="", layout=widgets.Layout(width="100%"))
        self._output.add_class("course-feedback")
        self._check.on_click(self._on_check)
        self._show.on_click(self._on_show)

        super().__init__(children=[self._prompt, self._inputs,
                                   widgets.HBox([self._check, self._show]), self._output],
                         layout=widgets.Layout(width="100%", padding="0.3em 0"))
        self.add_class("course-exercise")
        self.add_class("mathjax_ignore")  # "$5.6M … $100M" is money, not maths
        self.add_class(f"course-kind-{spec['kind']}")
        self.add_class(f"course-exercise-id-{self.exercise_id.replace('.', '-')}")
        self._restore()
        self._render()

    # --- inputs --------------------------------------------------------------------------

    def _build_inputs(self) -> widgets.Box:
        spec, kind = self.spec, self.spec["kind"]
        self._fields: dict[str, widgets.Widget] = {}
        if kind in ("choice", "claim"):
            radio = widgets.RadioButtons(
                options=[(text, key) for key, text in spec["options"].items()], value=None,
                description="Your answer:", style=_full_width_label(),
                layout=widgets.Layout(width="auto"))
            self._fields["answer"] = radio
            children = [radio]
        elif kind == "multi":
            children = []
            for key, text in spec["options"].items():
                box = widgets.Checkbox(value=False, description=text, indent=False,
                                       layout=widgets.Layout(width="auto"))
                self._fields[key] = box
                children.append(box)
        elif kind == "numeric":
            text = widgets.Text(value="", description="Your answer:",
                                placeholder=spec.get("placeholder") or "a number, e.g. 1,250.5",
                                style=_full_width_label(), layout=widgets.Layout(width="24em"))
            self._fields["answer"] = text
            children = [text]
            if spec.get("unit"):
                unit = widgets.HTML(value=f"<span style='padding-left:0.5em'>"
                                          f"{html.escape(spec['unit'])}</span>")
                children = [widgets.HBox([text, unit])]
        elif kind == "reflection":
            area = widgets.Textarea(value="", description="Your answer:", rows=6,
                                    placeholder=spec.get("placeholder") or "Write here…",
                                    style=_full_width_label(),
                                    layout=widgets.Layout(width="100%"))
            self._fields["answer"] = area
            children = [area]
        else:
            if kind == "categorise":
                labels, choices = spec["items"], [(c, c) for c in spec["categories"]]
            elif kind == "match":
                labels, choices = spec["left"], [(t, k) for k, t in spec["right"].items()]
            else:  # order: a position for each item
                labels = spec["items"]
                choices = [(str(n), n) for n in range(1, len(labels) + 1)]
            children = []
            for key, text in labels.items():
                menu = widgets.Dropdown(options=[(_CHOOSE, None), *choices], value=None,
                                        description=text, style={"description_width": "60%"},
                                        layout=widgets.Layout(width="100%"))
                self._fields[key] = menu
                children.append(menu)
        box = widgets.VBox([widgets.HTML(_CSS), *children], layout=widgets.Layout(width="100%"))
        box.add_class("course-inputs")
        return box

    def _read_inputs(self):
        """The answer the inputs hold, in the form :meth:`submit` accepts."""
        kind, fields = self.spec["kind"], self._fields
        if kind == "multi":
            return [key for key, box in fields.items() if box.value]
        if kind in ("categorise", "match", "order"):
            return {key: menu.value for key, menu in fields.items()}
        return fields["answer"].value

    def _set_inputs(self, answer) -> None:
        """Show *answer* (as recorded) in the inputs."""
        kind, fields = self.spec["kind"], self._fields
        if kind == "multi":
            for key, box in fields.items():
                box.value = key in answer
        elif kind in ("categorise", "match"):
            for key, menu in fields.items():
                menu.value = answer.get(key)
        elif kind == "order":
            for position, key in enumerate(answer, start=1):
                fields[key].value = position
        elif kind == "numeric":
            fields["answer"].value = answer if isinstance(answer, str) else repr(answer)
        else:
            fields["answer"].value = answer

    # --- the one path from an answer to feedback -----------------------------------------

    def submit(self, answer) -> Feedback:
        """Check *answer*, record it and show the feedback; never raises.

        Parameters
        ----------
        answer : object
            Any form the exercise's kind accepts: an option key or text, a list of keys,
            a number or text such as ``"$5.6M"``, a dict, a list in order, free text.

        Returns
        -------
        Feedback
            ``.correct`` is True/False (None for a reflection), ``.message`` the text
            shown. An unreadable answer gets ``status == "invalid"`` and is not counted;
            the same answer twice in a row returns the same Feedback and records nothing.
        """
        try:
            return self._submit(answer)
        except Exception as error:  # noqa: BLE001 - a student must never see a traceback
            feedback = Feedback(False, "Something went wrong while checking this answer "
                                f"({type(error).__name__}: {error}). Your earlier answers are "
                                "safe. Try again, or tell your instructor.", "error")
            self.feedback = feedback
            self._render()
            return feedback

    def _submit(self, answer) -> Feedback:
        try:
            graded = grade(self.spec, answer)
        except AnswerError as error:
            self.feedback = invalid(str(error))
            self._render()
            return self.feedback
        if graded.key == self._last_key and self._last_feedback is not None:
            return self._last_feedback
        self._save(graded.answer, graded.correct, "attempt")
        if graded.correct is False:
            self._wrong += 1
        feedback = compose(self.spec, graded, wrong_attempts=self._wrong,
                           solution_shown=self._revealed or self._instructor, counted=True)
        self._last_key, self._last_feedback, self.feedback = graded.key, feedback, feedback
        self._status = ""
        self._set_inputs(graded.answer)
        self._render()
        return feedback

    def reveal(self) -> Feedback:
        """Show the solution (the Show solution button); recorded once as a reveal."""
        try:
            counted = False
            if not self._revealed and not self._instructor:
                self._save(None, None, "reveal")
                counted = True
            self._revealed = True
            self.feedback = revealed(self.spec, counted=counted)
            self._render()
            return self.feedback
        except Exception as error:  # noqa: BLE001 - a student must never see a traceback
            return Feedback(None, f"The solution could not be shown ({error}).", "error")

    def _save(self, answer, correct, kind: str) -> None:
        self._store.record(self.exercise_id, answer, correct, kind=kind)
        self._warning = self._store.notice

    # --- handlers, rendering, restoring --------------------------------------------------

    def _on_check(self, _button) -> None:
        self.submit(self._read_inputs())

    def _on_show(self, _button) -> None:
        self.reveal()

    @property
    def solution_shown(self) -> bool:
        """Whether the solution is on screen (asked for, three wrong attempts, instructor)."""
        return self._instructor or self._revealed or self._wrong >= SOLUTION_AFTER

    def _render(self) -> None:
        self._output.value = render_html(self.spec, self.feedback, solution=self.solution_shown,
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
            graded = grade(self.spec, attempts[-1]["answer"])
            self._last_key = graded.key
            self._last_feedback = self.feedback = compose(
                self.spec, graded, wrong_attempts=self._wrong,
                solution_shown=self._revealed or self._instructor, counted=False)
            self._set_inputs(graded.answer)
            count = len(attempts)
            self._status = (f"Restored your last answer from saved progress "
                            f"({count} attempt{'s' if count != 1 else ''} so far).")
        except Exception as error:  # noqa: BLE001 - a stale record must not break the cell
            self._status = f"Your saved answer could not be restored ({error}); answer again."

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        bundle = data[0] if isinstance(data, tuple) else data
        bundle = dict(bundle or {})
        bundle["text/plain"] = static_text(self.spec, solution=self._instructor)
        bundle["text/html"] = static_html(self.spec, solution=self._instructor)
        return (bundle, data[1]) if isinstance(data, tuple) else bundle
