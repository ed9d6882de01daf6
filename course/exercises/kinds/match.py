"""``match``: pair each item on the left with one on the right."""

from __future__ import annotations

from .base import per_key, table
from .categorise import Pairs
from .choice import check_options


class Match(Pairs):
    name = "match"
    instruction = "Match each item on the left with one on the right."
    items_field = "left"
    what = "match"
    where = "matched correctly"
    headings = ("Left", "Right")
    properties = {"left": table("left item"), "right": table("right item", 2),
                  "answer": {**table("left item"),
                             "description": 'a table left key = "right key"'},
                  "feedback": per_key("left item")}
    required = ("left", "right", "answer")

    def targets(self):
        return self.spec["right"]

    @classmethod
    def validate(cls, spec, fail):
        check_options(spec, fail, "right", feedback=False)
        super().validate(spec, fail)
