"""Grading: pure functions from (exercise spec, answer) to a verdict.

No widgets and no files here: :func:`grade` reads the answer with
:mod:`course.answers`, compares it with the spec's answer and picks the feedback
written for that answer. The widget and the tests both call it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..answers import parse_choice, parse_mapping, parse_multi, parse_order, parse_text, read_number

__all__ = ["Graded", "grade", "within"]


@dataclass(frozen=True)
class Graded:
    """The verdict on one well-formed answer.

    Attributes
    ----------
    correct : bool or None
        None for an ungraded reflection.
    feedback : str
        The feedback written for this answer ("" when there is none).
    answer : JSON value
        The answer as it is recorded in progress (option keys, the text typed...).
    key : str
        The answer's identity: two submissions with equal keys are the same answer.
    """

    correct: bool | None
    feedback: str
    answer: object
    key: str


def _key(kind: str, value) -> str:
    return json.dumps([kind, value], sort_keys=True, ensure_ascii=False)


def within(value: float, target: float, tolerance: float, rel_tolerance: float) -> bool:
    """Whether *value* is within the tolerance of *target* (the larger of the two counts).

    Examples
    --------
    >>> within(5.6, 5.576, 0.05, 0), within(5.7, 5.576, 0.05, 0), within(101, 100, 0, 0.01)
    (True, False, True)
    """
    allowed = max(tolerance, rel_tolerance * abs(target))
    return abs(value - target) <= allowed + 1e-12 * max(1.0, abs(target))


def _grade_numeric(spec: dict, answer) -> Graded:
    reading = read_number(answer, unit=spec["unit"], aliases=spec["unit_aliases"])
    target, scale = spec["answer"], spec["scale"]
    if scale == 1.0:
        candidates = [reading.value]
    elif reading.multiplied:
        candidates = [reading.value / scale]
    else:  # a bare number may be in the answer's unit or written out in full
        candidates = [reading.value, reading.value / scale]
    candidates.sort(key=lambda v: abs(v - target) / max(abs(target), 1e-300))
    recorded = answer.strip() if isinstance(answer, str) else float(answer)
    key = _key("numeric", repr(candidates[0]))
    if any(within(v, target, spec["tolerance"], spec["rel_tolerance"]) for v in candidates):
        return Graded(True, "", recorded, key)
    for value in candidates:
        for mistake in spec["feedback"]:
            if mistake["low"] <= value <= mistake["high"]:
                return Graded(False, mistake["message"], recorded, key)
    return Graded(False, "", recorded, key)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _grade_multi(spec: dict, answer) -> Graded:
    chosen = parse_multi(answer, spec["options"])
    right = spec["answer"]
    wrong = [k for k in spec["options"] if (k in chosen) != (k in right)]
    messages = [spec["feedback"][k] for k in wrong if k in spec["feedback"]]
    if wrong and not messages:
        extra = sum(1 for k in wrong if k in chosen)
        missed = len(wrong) - extra
        parts = []
        if extra:
            parts.append(_count(extra, "option you chose does not belong",
                                "options you chose do not belong"))
        if missed:
            parts.append(_count(missed, "right option is missing", "right options are missing"))
        messages = [" and ".join(parts).capitalize() + "."]
    return Graded(not wrong, " ".join(messages), chosen, _key("multi", chosen))


def _grade_mapping(spec: dict, answer, targets: dict, what: str) -> Graded:
    items = spec["items"] if "items" in spec else spec["left"]
    placed = parse_mapping(answer, items, targets, what=what)
    wrong = [k for k in items if placed[k] != spec["answer"][k]]
    messages = [spec["feedback"][k] for k in wrong if k in spec["feedback"]]
    if wrong and not messages:
        where = "in the right category" if what == "category" else "matched correctly"
        messages = [f"{_count(len(wrong), 'item is', 'items are')} not {where} yet."]
    return Graded(not wrong, " ".join(messages), placed, _key(spec["kind"], placed))


def _grade_order(spec: dict, answer) -> Graded:
    order = parse_order(answer, spec["items"])
    wrong = [k for k, right in zip(order, spec["answer"], strict=True) if k != right]
    messages = [spec["feedback"][k] for k in wrong if k in spec["feedback"]]
    if wrong and not messages:
        messages = [f"{_count(len(wrong), 'item is', 'items are')} not in the right place yet."]
    return Graded(not wrong, " ".join(messages), order, _key("order", order))


def grade(spec: dict, answer) -> Graded:
    """Grade *answer* against an exercise *spec* from :func:`course.exercises.bank`.

    Parameters
    ----------
    spec : dict
        A validated exercise spec.
    answer : object
        The answer in any form its kind accepts (see :mod:`course.answers`).

    Returns
    -------
    Graded

    Raises
    ------
    course.answers.AnswerError
        If the answer cannot be read; the message tells the student what form is expected.

    Examples
    --------
    >>> spec = {"kind": "choice", "options": {"a": "Yes", "b": "No"}, "answer": "b",
    ...         "feedback": {"a": "Look again at paragraph 3."}}
    >>> result = grade(spec, "a")
    >>> result.correct, result.feedback, result.answer
    (False, 'Look again at paragraph 3.', 'a')
    >>> grade(spec, "no").correct
    True
    """
    if not isinstance(spec, dict) or spec.get("kind") is None:
        raise TypeError(f"spec must be an exercise spec from bank(); got {spec!r}")
    kind = spec["kind"]
    if kind in ("choice", "claim"):
        key = parse_choice(answer, spec["options"])
        return Graded(key == spec["answer"], spec["feedback"].get(key, ""), key,
                      _key(kind, key))
    if kind == "multi":
        return _grade_multi(spec, answer)
    if kind == "numeric":
        return _grade_numeric(spec, answer)
    if kind == "categorise":
        return _grade_mapping(spec, answer, spec["targets"], "category")
    if kind == "match":
        return _grade_mapping(spec, answer, spec["right"], "match")
    if kind == "order":
        return _grade_order(spec, answer)
    if kind == "reflection":
        text = parse_text(answer)
        return Graded(None, "", text, _key(kind, text))
    raise ValueError(f"spec has an unknown kind {kind!r}")
