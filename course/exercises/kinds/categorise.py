"""``categorise``: put each item in a category (one drop-down per item)."""

from __future__ import annotations

from collections.abc import Mapping

from ...answers import AnswerError, shown
from .base import TEXTS, Graded, Kind, blank, menus, per_key, table
from .choice import check_options


class Pairs(Kind):
    """Each item gets one target: a category (``categorise``) or a right item (``match``)."""

    items_field = "items"
    what = "category"
    where = "in the right category"
    headings = ("Items", "Categories")

    def targets(self) -> dict[str, str]:
        """``{target key: text}`` of what an item can be given."""
        raise NotImplementedError

    @classmethod
    def validate(cls, spec, fail):
        items, targets = spec[cls.items_field], cls(spec).targets()
        check_options(spec, fail, cls.items_field)
        for key, target in spec["answer"].items():
            if key not in items:
                fail("answer", f"{key!r} is not one of the items: {', '.join(items)}")
            if target not in targets:
                fail("answer", f"{key} = {target!r}: not one of the {cls.what} choices "
                               f"({', '.join(targets)})")
        missing = [k for k in items if k not in spec["answer"]]
        if missing:
            fail("answer", f"gives no {cls.what} for {', '.join(missing)}; every item needs one")
        spec["answer"] = {k: spec["answer"][k] for k in items}

    def grade(self, answer) -> Graded:
        items, targets = self.spec[self.items_field], self.targets()
        if not isinstance(answer, Mapping):
            raise AnswerError(f"Give a {self.what} for every item, as a dict such as "
                              f"{{{next(iter(items))!r}: {next(iter(targets))!r}}}; "
                              f"got {shown(answer)}.")
        placed = {}
        for item, target in answer.items():
            key = self.key_of(item, items, "item")
            if not blank(target):
                placed[key] = self.key_of(target, targets, self.what)
        missing = [items[k] for k in items if k not in placed]
        if missing:
            raise AnswerError(f"Choose a {self.what} for every item; still missing: "
                              f"{', '.join(shown(m, 30) for m in missing)}.")
        placed = {k: placed[k] for k in items}
        wrong = [k for k in items if placed[k] != self.spec["answer"][k]]
        if not wrong:
            return Graded(True, "", placed)
        notes = self.spec["feedback"]
        how_many = (f"{len(wrong)} of the {len(items)} items {'is' if len(wrong) == 1 else 'are'}"
                    f" not {self.where} yet")
        named = "; ".join(f"“{items[k]}” (you chose “{targets[placed[k]]}”)" for k in wrong)
        later = " ".join(f"“{items[k]}”: {notes[k]}" for k in wrong if k in notes)
        if len(targets) == 2:  # naming a misplaced item would say where it belongs
            return Graded(False, f"{how_many}.", placed,
                          f"The misplaced items: {named}. {later}".strip())
        return Graded(False, f"{how_many}: {named}.", placed, later)

    def answer_text(self) -> str:
        items, targets = self.spec[self.items_field], self.targets()
        return "; ".join(f"{items[k]} → {targets[v]}" for k, v in self.spec["answer"].items())

    def inputs(self):
        self.controls = menus(self.spec[self.items_field],
                              [(text, key) for key, text in self.targets().items()])
        return list(self.controls.values())

    def lists(self):
        return [(self.headings[0], list(self.spec[self.items_field].values())),
                (self.headings[1], list(self.targets().values()))]


class Categorise(Pairs):
    name = "categorise"
    instruction = "Choose a category for each item."
    properties = {"categories": {**TEXTS, "minItems": 2, "uniqueItems": True,
                                 "description": "a list of at least two category names"},
                  "items": table("item"),
                  "answer": {**table("item"), "description": 'a table item = "category name"'},
                  "feedback": per_key("item")}
    required = ("categories", "items", "answer")

    def targets(self):
        return {label: label for label in self.spec["categories"]}
