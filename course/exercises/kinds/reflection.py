"""``reflection``: free text, saved and never graded, with a model answer and a rubric."""

from __future__ import annotations

from ...answers import parse_text
from ..markup import macros, to_text
from .base import TEXT, TEXTS, Graded, Kind, text_area

LEVELS = {"strong": "Strong", "adequate": "Adequate", "weak": "Weak"}  # best first


class Reflection(Kind):
    name = "reflection"
    instruction = ("Write a short answer. It is saved, not graded; then compare it with a "
                   "model answer and the rubric.")
    graded = False
    solution_label = "A model answer"
    properties = {
        "model_answer": TEXT,
        "rubric": {"type": "object", "required": list(LEVELS), "additionalProperties": False,
                   "properties": {level: TEXT for level in LEVELS},
                   "description": "a table with strong, adequate and weak: what an answer "
                                  "at each level looks like"},
        "placeholder": {**TEXT, "default": None},
        "hints": {**TEXTS, "default": []},
        "solution": {**TEXT, "default": None},
        "explanation": {**TEXT, "default": None},
    }
    required = ("model_answer", "rubric")

    @classmethod
    def validate(cls, spec, fail):
        spec["solution"] = spec["solution"] or spec["model_answer"]

    def grade(self, answer) -> Graded:
        return Graded(None, "", parse_text(answer))

    def answer_text(self) -> str:
        return to_text(self.spec["model_answer"])

    def aside(self):
        """The rubric, for the student's self-assessment and the instructor's marking."""
        rubric = self.spec["rubric"]
        text = "Rubric:\n" + "\n".join(f"- {label}: {to_text(rubric[level])}"
                                       for level, label in LEVELS.items())
        return text, str(macros().rubric(rubric, LEVELS))

    def inputs(self):
        self.controls = {"answer": text_area(self.spec.get("placeholder") or "Write here…")}
        return [self.controls["answer"]]


def rubrics_markdown(exercises: dict) -> str:
    """Every reflection's prompt and rubric as Markdown (for ``--rubrics``)."""
    parts = []
    for spec in exercises.values():
        if spec["kind"] == "reflection":
            prompt = " ".join(to_text(spec["prompt"]).split())
            rows = "\n".join(f"| {label} | {spec['rubric'][level]} |"
                             for level, label in LEVELS.items())
            parts.append(f"**`{spec['id']}`**: {prompt}\n\n| level | what it looks like |\n"
                         f"|---|---|\n{rows}\n")
    return "\n".join(parts)
