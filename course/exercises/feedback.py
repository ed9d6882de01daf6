"""What the student is told: :class:`Feedback` and its text and HTML renderings.

Feedback is text first — "Correct — …", "Not yet — …", the hint, the solution — so it
never depends on colour alone. The HTML rendering adds structure, a symbol and an
Okabe–Ito accent colour. For claim exercises the evidence (the correction from
``claims.csv`` and the cited facts with their sources) is shown once the student has
the answer or the solution.
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass

from ..answers import format_number
from .markup import to_html, to_text

__all__ = ["Feedback", "SOLUTION_AFTER", "STATUSES", "answer_text", "claim_evidence", "compose",
           "invalid", "render_html", "revealed", "solution_text"]

STATUSES = ("correct", "incorrect", "saved", "invalid", "revealed", "error")
"""``Feedback.status`` values: a verdict, a saved reflection, an unreadable answer (not
counted), a solution shown on request, or an unexpected problem (nothing lost)."""

SOLUTION_AFTER = 3
"""Wrong attempts after which the solution is shown."""

# Okabe–Ito accent colours (never the only cue: the words say the verdict).
_ACCENT = {"correct": "#0072B2", "incorrect": "#D55E00", "invalid": "#E69F00",
           "saved": "#009E73", "revealed": "#56B4E9", "error": "#999999"}


@dataclass(frozen=True)
class Feedback:
    """The result of submitting an answer.

    Attributes
    ----------
    correct : bool or None
        True or False for a graded answer; None for a saved reflection or a revealed
        solution; False for an answer that could not be read.
    message : str
        Everything the student is told, as plain text.
    status : str
        One of :data:`STATUSES`.
    counted : bool
        Whether this submission was recorded as an attempt.
    hints : tuple of str
        The hints shown so far (one more after each wrong attempt).
    solution : str or None
        The solution and explanation, when shown.
    evidence : str or None
        For a claim: the evidence, when shown.
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


def solution_text(spec: dict) -> str:
    """The solution followed by its explanation, as plain text.

    Examples
    --------
    >>> solution_text({"kind": "choice", "solution": "b", "explanation": "Because."})
    'Solution: b\\nWhy: Because.'
    """
    text = f"Solution: {to_text(spec['solution'])}"
    if spec.get("kind") == "reflection":
        return f"A model answer: {to_text(spec['model_answer'])}"
    if spec.get("explanation"):
        text += f"\nWhy: {to_text(spec['explanation'])}"
    return text


def claim_evidence(spec: dict) -> tuple[str, str]:
    """The evidence behind a claim's rating: ``(plain text, HTML)``.

    The correction from ``claims.csv`` and each cited fact's statement with its source
    (via :func:`course.fact`).
    """
    claim = spec["claim"]
    lines = [f"Evidence: rated {claim['status']}. {claim['correction']}"]
    items = []
    for item in _facts(tuple(claim["fact_ids"]), _facts_stamp()):
        fact_id = item.id
        lines.append(f"- {item.statement} ({item.citation}) [fact: {fact_id}]")
        link = (f' <a href="{html.escape(item.url)}" target="_blank" rel="noopener">source</a>'
                if item.url else "")
        items.append(f"<li>{html.escape(item.statement)} <small>({html.escape(item.citation)}"
                     f"{link}; fact <code>{html.escape(fact_id)}</code>)</small></li>")
    markup = (f"<div class='course-evidence'><strong>Evidence</strong> — rated "
              f"<em>{html.escape(claim['status'])}</em>. {html.escape(claim['correction'])}"
              + (f"<ul>{''.join(items)}</ul>" if items else "") + "</div>")
    return "\n".join(lines), markup


def _facts_stamp():
    from ..data import data_path

    try:
        stat = data_path("facts.csv").stat()
        return (stat.st_mtime_ns, stat.st_size)
    except OSError:
        return None


@functools.lru_cache(maxsize=256)
def _facts(fact_ids: tuple[str, ...], stamp) -> tuple:
    """The cited facts, cached while facts.csv is unchanged (evidence is shown often)."""
    from ..facts import fact

    return tuple(fact(fact_id) for fact_id in fact_ids)


def compose(spec: dict, graded, *, wrong_attempts: int, solution_shown: bool,
            counted: bool) -> Feedback:
    """Build the feedback for a graded answer.

    Parameters
    ----------
    spec : dict
        The exercise spec.
    graded : course.exercises.grading.Graded
        The verdict on the answer.
    wrong_attempts : int
        Wrong attempts so far, this one included; decides how many hints are shown.
    solution_shown : bool
        Whether the solution is shown anyway (asked for, or instructor mode).
    counted : bool
        Whether this submission was recorded as an attempt.

    Examples
    --------
    >>> from course.exercises.grading import Graded
    >>> spec = {"kind": "choice", "hints": ["Reread paragraph 3."], "solution": "b",
    ...         "explanation": "It says so."}
    >>> print(compose(spec, Graded(False, "", "a", "k"), wrong_attempts=1,
    ...               solution_shown=False, counted=True).message)
    Not yet — that is not the answer.
    Hint 1 of 1: Reread paragraph 3.
    """
    hints = tuple(spec.get("hints") or ())
    show_solution = solution_shown or wrong_attempts >= SOLUTION_AFTER
    evidence = None
    if graded.correct is None:
        lines = ["Saved — your reflection is recorded; it is not graded. Compare it with a "
                 "model answer:", to_text(spec["model_answer"])]
        return Feedback(None, "\n".join(lines), "saved", counted,
                        solution=solution_text(spec))
    if graded.correct:
        body = " ".join(filter(None, [to_text(graded.feedback),
                                      to_text(spec.get("explanation") or "")]))
        lines = [f"Correct — {body}" if body else "Correct."]
        shown_hints: tuple[str, ...] = ()
    else:
        lines = [f"Not yet — {to_text(graded.feedback) or 'that is not the answer.'}"]
        shown_hints = hints[:max(1, min(wrong_attempts, len(hints)))] if hints else ()
        if shown_hints:
            lines.append(f"Hint {len(shown_hints)} of {len(hints)}: {to_text(shown_hints[-1])}")
    solution = solution_text(spec) if show_solution else None
    if solution and not graded.correct:
        lines.append(solution)
    if spec["kind"] == "claim" and (graded.correct or show_solution):
        evidence = claim_evidence(spec)[0]
        lines.append(evidence)
    status = "correct" if graded.correct else "incorrect"
    return Feedback(bool(graded.correct), "\n".join(lines), status, counted, shown_hints,
                    solution, evidence)


def invalid(message: str) -> Feedback:
    """Feedback for an answer that could not be read; it is not counted as an attempt.

    Examples
    --------
    >>> invalid("The answer is empty.").message
    'Not an answer yet — The answer is empty. (This did not count as an attempt.)'
    """
    return Feedback(False, f"Not an answer yet — {message} (This did not count as an "
                           "attempt.)", "invalid")


def revealed(spec: dict, *, counted: bool) -> Feedback:
    """Feedback when the student asks to see the solution."""
    lines = [solution_text(spec)]
    evidence = None
    if spec["kind"] == "claim":
        evidence = claim_evidence(spec)[0]
        lines.append(evidence)
    return Feedback(None, "\n".join(lines), "revealed", counted, (), lines[0], evidence)


def render_html(spec: dict, feedback: Feedback | None, *, solution: bool = False,
                note: str = "") -> str:
    """HTML for the feedback area: the message's parts, hints, solution, evidence.

    Parameters
    ----------
    spec : dict
        The exercise spec.
    feedback : Feedback or None
        The latest feedback, or None before any answer.
    solution : bool
        Show the solution even without feedback (instructor mode, a reveal).
    note : str
        A line of plain text to add (e.g. progress restored, or not saved to disk).
    """
    parts = []
    if feedback is not None:
        status = feedback.status
        head, _, _ = feedback.message.partition("\n")
        title, sep, rest = head.partition(" — ")
        label = (f"<strong>{html.escape(title)}{' —' if sep else ''}</strong> "
                 f"{html.escape(rest)}")
        if status in ("correct", "incorrect", "invalid", "saved", "error"):
            parts.append(f"<p>{label}</p>")  # the words first: they carry the verdict
        if status == "saved":
            parts.append(f"<blockquote>{to_html(spec['model_answer'])}</blockquote>")
        for number, hint in enumerate(feedback.hints, start=1):
            parts.append(f"<p><strong>Hint {number} of {len(spec.get('hints') or ())}:"
                         f"</strong> {to_html(hint).removeprefix('<p>').removesuffix('</p>')}"
                         "</p>")
        solution = solution or feedback.solution is not None and status != "saved"
        if feedback.evidence and spec["kind"] == "claim":
            parts.append(claim_evidence(spec)[1])
    if solution and spec["kind"] != "reflection":
        parts.append(_solution_html(spec))
    elif solution:
        parts.append(f"<div class='course-solution'><strong>A model answer:</strong>"
                     f"{to_html(spec['model_answer'])}</div>")
    if solution and spec["kind"] == "claim" and not (feedback and feedback.evidence):
        parts.append(claim_evidence(spec)[1])
    if note:
        parts.append(f"<p><small>{html.escape(note)}</small></p>")
    if not parts:
        return ""
    accent = _ACCENT[feedback.status if feedback else "revealed"]
    return (f"<div role='status' aria-live='polite' style='border-left:4px solid {accent};"
            f"padding:0.2em 0.8em;margin-top:0.4em'>{''.join(parts)}</div>")


def _solution_html(spec: dict) -> str:
    body = f"<strong>Solution:</strong> {to_html(spec['solution'])}"
    if spec.get("explanation"):
        body += f"<strong>Why:</strong> {to_html(spec['explanation'])}"
    return f"<div class='course-solution'>{body}</div>"


def answer_text(spec: dict) -> str:
    """The right answer in words, for the static rendering and the instructor view."""
    kind = spec["kind"]
    if kind in ("choice", "claim"):
        return spec["options"][spec["answer"]]
    if kind == "multi":
        return "; ".join(spec["options"][k] for k in spec["answer"])
    if kind == "numeric":
        return format_number(spec["answer"], spec["unit"])
    if kind == "order":
        return " → ".join(spec["items"][k] for k in spec["answer"])
    if kind == "categorise":
        return "; ".join(f"{spec['items'][k]}: {v}" for k, v in spec["answer"].items())
    if kind == "match":
        return "; ".join(f"{spec['left'][k]} → {spec['right'][v]}"
                         for k, v in spec["answer"].items())
    return to_text(spec["model_answer"])
