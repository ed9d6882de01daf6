"""``choice``: one option out of several."""

from __future__ import annotations

from .base import Graded, Kind, per_key, table


def check_options(spec: dict, fail, field: str = "options", feedback: bool = True) -> None:
    """Option texts must be told apart; feedback keys must be options."""
    seen: dict[str, str] = {}
    for key, label in spec[field].items():
        folded = " ".join(label.casefold().split())
        if folded in seen:
            fail(field, f"{key!r} and {seen[folded]!r} have the same text {label!r}; "
                        "students could not tell them apart")
        seen[folded] = key
    for key in spec.get("feedback", {}) if feedback else ():
        if key not in spec[field]:
            fail("feedback", f"{key!r} is not one of the {field}: {', '.join(spec[field])}")


class Choice(Kind):
    name = "choice"
    instruction = "Choose one answer."
    properties = {"options": table("option", 2),
                  "answer": {"type": "string", "description": "the key of the right option"},
                  "feedback": per_key("option")}
    required = ("options", "answer")

    @classmethod
    def validate(cls, spec, fail):
        check_options(spec, fail)
        if spec["answer"] not in spec["options"]:
            fail("answer", f"{spec['answer']!r} is not among the options "
                           f"({', '.join(spec['options'])})")

    def grade(self, answer) -> Graded:
        key = self.key_of(answer, self.spec["options"])
        return Graded(key == self.spec["answer"], self.spec["feedback"].get(key, ""), key)
