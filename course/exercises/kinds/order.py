"""``order``: put items in order (a position for each item, from a drop-down)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from ...answers import AnswerError, shown
from .base import Graded, Kind, blank, keys, menus, per_key, table
from .choice import check_options


class Order(Kind):
    name = "order"
    instruction = "Give each item its position in the order (1 = first)."
    properties = {"items": table("item", 2),
                  "answer": keys("a list of every item key once, in the right order", 2),
                  "feedback": per_key("item")}
    required = ("items", "answer")

    @classmethod
    def validate(cls, spec, fail):
        check_options(spec, fail, "items")
        if sorted(spec["answer"]) != sorted(spec["items"]):
            fail("answer", f"should list every item key once, in the right order, e.g. "
                           f"{list(spec['items'])!r}; got {spec['answer']!r}")

    def _order(self, answer) -> list[str]:
        """The item keys in the student's order, from positions or a list of keys."""
        items = self.spec["items"]
        if isinstance(answer, list | tuple):
            order = [self.key_of(item, items, "item") for item in answer]
            if sorted(order) == sorted(items):
                return order
        if not isinstance(answer, Mapping):
            raise AnswerError(f"Put every item once, e.g. {list(items)!r}, or give each item "
                              f"its position; got {shown(answer)}.")
        where = {}
        for item, position in answer.items():
            key = self.key_of(item, items, "item")
            if blank(position):
                continue
            if isinstance(position, str) and position.strip().isdigit():
                position = int(position)
            if (isinstance(position, bool) or not isinstance(position, int)
                    or not 1 <= position <= len(items)):
                raise AnswerError(f"Positions are whole numbers from 1 to {len(items)}; "
                                  f"got {shown(position)}.")
            where[key] = position
        missing = [shown(items[k], 30) for k in items if k not in where]
        if missing:
            raise AnswerError(f"Give every item a position from 1 to {len(items)}; still "
                              f"missing: {', '.join(missing)}.")
        for position, count in sorted(Counter(where.values()).items()):
            if count > 1:
                raise AnswerError(f"Position {position} is given to {count} items ("
                                  + ", ".join(shown(items[k], 30) for k in where
                                              if where[k] == position)
                                  + "); give each position to one item.")
        return sorted(where, key=where.get)

    def grade(self, answer) -> Graded:
        items, right = self.spec["items"], self.spec["answer"]
        order = self._order(answer)
        wrong = [k for k, r in zip(order, right, strict=True) if k != r]
        if not wrong:
            return Graded(True, "", order)
        rank = {k: n for n, k in enumerate(right)}
        # the first neighbours the student put the wrong way round (there always is a pair)
        first, second = next((a, b) for a, b in zip(order, order[1:], strict=False)
                             if rank[a] > rank[b])
        notes = self.spec["feedback"]
        lines = [f"{len(wrong)} of the {len(items)} items {'is' if len(wrong) == 1 else 'are'} "
                 f"not in {'its' if len(wrong) == 1 else 'their'} place yet: "
                 + ", ".join(f"“{items[k]}”" for k in wrong) + ".",
                 f"For one, you put “{items[first]}” before “{items[second]}”: look again at "
                 "which of those two comes first."]
        later = " ".join(notes[k] for k in (first, second) if k in notes)
        return Graded(False, " ".join(lines), order, later)

    def answer_text(self) -> str:
        return " → ".join(self.spec["items"][k] for k in self.spec["answer"])

    def lists(self):
        return [("Items", list(self.spec["items"].values()))]

    def inputs(self):
        n = len(self.spec["items"])
        self.controls = menus(self.spec["items"], [(str(p), p) for p in range(1, n + 1)])
        return list(self.controls.values())

    def show(self, answer):
        for position, key in enumerate(answer, start=1):
            self.controls[key].value = position
