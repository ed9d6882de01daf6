"""What the student is told: :class:`Feedback`, as text first (never colour alone) and HTML."""

from __future__ import annotations

import html
from dataclasses import dataclass

from .markup import to_html, to_text

__all__ = ["Feedback", "SOLUTION_AFTER", "compose", "invalid", "render_html", "revealed"]

SOLUTION_AFTER = 3  # wrong attempts after which the solution is shown

# Each Feedback.status with its Okabe–Ito accent colour (never the only cue).
_ACCENT = {"correct": "#0072B2", "incorrect": "#D55E00", "invalid": "#E69F00",
           "saved": "#009E73", "revealed": "#56B4E9", "error": "#999999"}


@dataclass(frozen=True)
class Feedback:
    """The result of submitting an answer: ``message`` is everything the student is told.

    ``correct`` is None for a saved reflection or a revealed solution.
    """

    correct: bool | None
    message: str
    status: str
    counted: bool = False
    hints: tuple[str, ...] = ()
    solution: str | None = None
    evidence: str | None = None

    def __str__(self) -> str:
        return self.message


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
        lines = ["Saved — your reflection is recorded; it is not graded. Compare it with a "
                 "model answer:", to_text(spec["model_answer"])]
    elif graded.correct:
        status = "correct"
        body = " ".join(filter(None, [to_text(graded.feedback),
                                      to_text(spec.get("explanation") or "")]))
        lines = [f"Correct — {body}" if body else "Correct."]
    else:
        status = "incorrect"
        later = to_text(graded.later) if wrong_attempts >= 2 else ""
        lines = [f"Not yet — {to_text(graded.feedback) or 'that is not the answer.'}"
                 + (f" {later}" if later else "")]
        if hints:
            shown_hints = hints[:max(1, wrong_attempts)]
            lines.append(f"Hint {len(shown_hints)} of {len(hints)}: {to_text(shown_hints[-1])}")
    solution = kind.solution_text() if show_solution and graded.correct is not None else None
    if solution and not graded.correct:
        lines.append(solution)
    # the kind's aside (a claim's evidence) follows unless the answer is wrong and unsolved
    aside = kind.aside() if graded.correct is not False or show_solution else None
    if aside:
        lines.append(aside[0])
    return Feedback(graded.correct, "\n".join(lines), status, counted, shown_hints, solution,
                    aside[0] if aside else None)


def invalid(message: str) -> Feedback:
    """Feedback for an answer that could not be read; it is not counted as an attempt.

    Examples
    --------
    >>> invalid("The answer is empty.").message
    'Not an answer yet — The answer is empty. (This did not count as an attempt.)'
    """
    return Feedback(False, f"Not an answer yet — {message} (This did not count as an "
                           "attempt.)", "invalid")


def revealed(kind, *, counted: bool) -> Feedback:
    """Feedback when the student asks to see the solution."""
    solution, aside = kind.solution_text(), kind.aside()
    evidence = aside[0] if aside else None
    return Feedback(None, "\n".join(filter(None, [solution, evidence])), "revealed", counted,
                    (), solution, evidence)


def render_html(kind, feedback: Feedback | None, *, solution: bool = False,
                note: str = "") -> str:
    """HTML for the feedback area (*feedback* is None before any answer; *note*: plain text)."""
    spec, parts = kind.spec, []
    status = feedback.status if feedback else "revealed"
    if feedback is not None and status != "revealed":
        head, _, _ = feedback.message.partition("\n")
        title, sep, rest = head.partition(" — ")
        parts.append(f"<p><strong>{html.escape(title)}{' —' if sep else ''}</strong> "
                     f"{html.escape(rest)}</p>")  # the words first: they carry the verdict
        if status == "saved":
            parts.append(f"<blockquote>{to_html(spec['model_answer'])}</blockquote>")
        for number, hint in enumerate(feedback.hints, start=1):
            parts.append(f"<p><strong>Hint {number} of {len(spec.get('hints') or ())}:"
                         f"</strong> {to_html(hint).removeprefix('<p>').removesuffix('</p>')}"
                         "</p>")
    solution = solution or feedback is not None and feedback.solution is not None
    if solution and status != "saved":
        parts.append(kind.solution()[1])
    if solution or feedback is not None and feedback.evidence:
        aside = kind.aside()
        if aside:
            parts.append(aside[1])
    if note:
        parts.append(f"<p><small>{html.escape(note)}</small></p>")
    if not parts:
        return ""
    return (f"<div role='status' aria-live='polite' style='border-left:4px solid "
            f"{_ACCENT[status]};padding:0.2em 0.8em;margin-top:0.4em'>{''.join(parts)}</div>")
