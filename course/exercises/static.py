"""How an exercise reads without a live kernel: plain text and HTML.

GitHub, nbviewer and HTML exported without widget state cannot show a widget. The
exercise widget adds these renderings to its display data, so the question and its
options still read as text there (and a screen reader or a printout gets them too).
"""

from __future__ import annotations

import html

from .feedback import answer_text
from .markup import to_html, to_text

__all__ = ["INSTRUCTIONS", "claim_quote", "instruction", "static_html", "static_text"]

INSTRUCTIONS = {
    "choice": "Choose one answer.",
    "multi": "Choose all the answers that apply.",
    "numeric": "Type a number.",
    "categorise": "Choose a category for each item.",
    "order": "Give each item its position in the order (1 = first).",
    "match": "Match each item on the left with one on the right.",
    "claim": "Rate the claim: is it accurate, loose, wrong or unverifiable?",
    "reflection": "Write a short answer. It is saved, not graded; then compare it with a "
                  "model answer.",
}
"""One line per kind telling the student what to do."""

_LIVE = "Run this notebook in JupyterLab to answer and get feedback."


def instruction(spec: dict) -> str:
    """What the student is asked to do, in one line (with the unit for a number)."""
    if spec["kind"] == "numeric" and spec.get("unit"):
        return f"Type a number (in {spec['unit']})."
    return INSTRUCTIONS[spec["kind"]]


def _choices(spec: dict) -> list[tuple[str, list[str]]]:
    """The lists a student chooses from, as (heading, entries)."""
    kind = spec["kind"]
    if kind in ("choice", "multi", "claim"):
        return [("Options", [f"({k}) {v}" if kind != "claim" else v
                             for k, v in spec["options"].items()])]
    if kind == "categorise":
        return [("Items", list(spec["items"].values())), ("Categories", spec["categories"])]
    if kind == "order":
        return [("Items", list(spec["items"].values()))]
    if kind == "match":
        return [("Left", list(spec["left"].values())), ("Right", list(spec["right"].values()))]
    return []


def claim_quote(spec: dict) -> tuple[str, str]:
    """The claim's quote with its article and paragraph: ``(plain text, HTML)``."""
    claim = spec["claim"]
    from ..articles import quote

    try:
        passage = quote(claim["article_id"], claim["paragraph"], highlight=claim["quote"])
    except ValueError:
        passage = quote(claim["article_id"], claim["paragraph"])
    return (f"Claim: “{claim['quote']}”\n— {passage.citation} [{claim['article_id']}]",
            passage._repr_html_())


def static_text(spec: dict, *, solution: bool = False) -> str:
    """The exercise as plain text: prompt, claim, options, instruction.

    Examples
    --------
    >>> spec = {"id": "00.demo", "kind": "choice", "prompt": "Is R1 **open source**?",
    ...         "options": {"a": "Yes", "b": "Open weights only"}, "answer": "b"}
    >>> print(static_text(spec))
    Exercise 00.demo: Is R1 open source?
    Choose one answer.
    Options:
      - (a) Yes
      - (b) Open weights only
    (Run this notebook in JupyterLab to answer and get feedback.)
    """
    lines = [f"Exercise {spec['id']}: {to_text(spec['prompt'])}"]
    if spec["kind"] == "claim":
        lines.append(claim_quote(spec)[0])
    lines.append(instruction(spec))
    for heading, entries in _choices(spec):
        lines.append(f"{heading}:")
        lines += [f"  - {entry}" for entry in entries]
    if solution:
        lines.append(f"Answer: {answer_text(spec)}")
    lines.append(f"({_LIVE})")
    return "\n".join(lines)


def static_html(spec: dict, *, solution: bool = False) -> str:
    """The exercise as HTML for renderers without widgets (no script, no styles needed)."""
    parts = [f"<p><strong>Exercise <code>{html.escape(spec['id'])}</code></strong></p>",
             to_html(spec["prompt"])]
    if spec["kind"] == "claim":
        parts.append(claim_quote(spec)[1])
    parts.append(f"<p><em>{html.escape(instruction(spec))}</em></p>")
    for heading, entries in _choices(spec):
        parts.append(f"<p>{html.escape(heading)}:</p><ul>"
                     + "".join(f"<li>{html.escape(e)}</li>" for e in entries) + "</ul>")
    if spec["kind"] == "numeric" and spec.get("unit"):
        parts.append(f"<p>Unit: {html.escape(spec['unit'])}</p>")
    if solution:
        parts.append(f"<details><summary>Solution</summary><p>{html.escape(answer_text(spec))}"
                     f"</p>{to_html(spec['solution'])}</details>")
    parts.append(f"<p><small>{_LIVE}</small></p>")
    classes = "course-exercise-static mathjax_ignore tex2jax_ignore"
    return f"<div class='{classes}'>{''.join(parts)}</div>"

