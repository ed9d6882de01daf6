"""What the student is told: :class:`Feedback`, written once in Markdown, read as text (never
colour alone) and shown as HTML."""

from __future__ import annotations

from dataclasses import dataclass

from .markup import escape, macros, rendered

__all__ = ["Feedback", "SOLUTION_AFTER", "compose", "invalid", "render_html", "revealed"]

SOLUTION_AFTER = 3  # wrong attempts after which the solution is shown

# Each Feedback.status with its Okabe–Ito accent colour (never the only cue).
_ACCENT = {"correct": "#0072B2", "incorrect": "#D55E00", "invalid": "#E69F00",
           "saved": "#009E73", "revealed": "#56B4E9", "error": "#999999"}


@dataclass(frozen=True)
class Feedback:
    """The result of submitting an answer: ``message`` is everything the student is told,
    ``html`` the same for the screen.

    ``correct`` is None for a saved reflection or a revealed solution.
    """

    correct: bool | None
    message: str
    status: str
    counted: bool = False
    hints: tuple[str, ...] = ()
    solution: str | None = None
    evidence: str | None = None
    html: str = ""

    def __str__(self) -> str:
        return self.message


def _feedback(correct, status, markdown, solution=None, aside=None, **fields) -> Feedback:
    """Feedback from its opening *markdown* and the kind's ``(text, HTML)`` solution and aside."""
    blocks = [rendered(markdown, "course-verdict") if markdown else None, solution, aside]
    blocks = [b for b in blocks if b]
    return Feedback(correct, "\n".join(b[0] for b in blocks), status,
                    html="".join(b[1] for b in blocks), solution=solution and solution[0],
                    evidence=aside and aside[0], **fields)


def compose(kind, graded, *, wrong_attempts: int, solution_shown: bool,
            counted: bool) -> Feedback:
    """Build the feedback for a *graded* answer; *wrong_attempts* includes this one.

    Examples
    --------
    >>> from course.exercises.kinds import kind_of
    >>> kind = kind_of({"kind": "choice", "hints": ["Reread paragraph 3."], "solution": "b",
    ...                 "explanation": "It says so.", "options": {"a": "A", "b": "B"},
    ...                 "answer": "b", "feedback": {}})
    >>> print(compose(kind, kind.grade("a"), wrong_attempts=1, solution_shown=False,
    ...               counted=True).message)
    Not yet — that is not the answer.
    Hint 1 of 1: Reread paragraph 3.
    """
    spec = kind.spec
    hints = tuple(spec.get("hints") or ())
    show_solution = solution_shown or wrong_attempts >= SOLUTION_AFTER
    shown_hints: tuple[str, ...] = ()
    if graded.correct is None:
        status = "saved"
        lines = ["**Saved —** your reflection is recorded; it is not graded. Compare it with a "
                 "model answer:", "> " + spec["model_answer"].replace("\n", "\n> ")]
    elif graded.correct:
        status = "correct"
        body = " ".join(filter(None, [graded.feedback, spec.get("explanation")]))
        lines = [f"**Correct —** {body}" if body else "**Correct.**"]
    else:
        status = "incorrect"
        later = graded.later if wrong_attempts >= 2 else ""
        lines = [f"**Not yet —** {graded.feedback or 'that is not the answer.'}"
                 + (f" {later}" if later else "")]
        shown_hints = hints[:max(1, wrong_attempts)]
        lines += [f"**Hint {number} of {len(hints)}:** {hint}"
                  for number, hint in enumerate(shown_hints, start=1)]
    solution = kind.solution() if show_solution and graded.correct is not None else None
    # the kind's aside (a claim's evidence) follows unless the answer is wrong and unsolved
    aside = kind.aside() if graded.correct is not False or show_solution else None
    return _feedback(graded.correct, status, "\n\n".join(lines), solution, aside,
                     counted=counted, hints=shown_hints)


def invalid(message: str) -> Feedback:
    """Feedback for an answer that could not be read; it is not counted as an attempt.

    Examples
    --------
    >>> invalid("The answer is empty.").message
    'Not an answer yet — The answer is empty. (This did not count as an attempt.)'
    """
    return _feedback(False, "invalid", f"**Not an answer yet —** {escape(message)} (This did "
                                       "not count as an attempt.)")


def revealed(kind, *, counted: bool) -> Feedback:
    """Feedback when the student asks to see the solution."""
    return _feedback(None, "revealed", "", kind.solution(), kind.aside(), counted=counted)


def render_html(kind, feedback: Feedback | None, *, solution: bool = False,
                note: str = "") -> str:
    """HTML for the feedback area (*feedback* is None before any answer; *note*: plain text).

    With *solution* (the widget shows it), an unread answer or none still shows the solution.
    """
    parts = [feedback.html] if feedback else []
    if solution and (feedback is None or feedback.status in ("invalid", "error")):
        parts += [kind.solution()[1], (kind.aside() or ("", ""))[1]]
    if not "".join(parts) and not note:
        return ""
    accent = _ACCENT[feedback.status if feedback else "revealed"]
    return str(macros().feedback(accent, "".join(parts), note))
