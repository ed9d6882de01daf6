"""``multi``: every option that applies (checkboxes)."""

from __future__ import annotations

from collections.abc import Iterable

from ...answers import AnswerError, shown
from .base import Graded, Kind, count, keys, per_key, quoted, table
from .choice import check_options


class Multi(Kind):
    name = "multi"
    instruction = "Choose all the answers that apply."
    properties = {"options": table("option", 2),
                  "answer": keys('a list of the right option keys, e.g. ["a", "c"]'),
                  "feedback": per_key("option")}
    required = ("options", "answer")

    @classmethod
    def validate(cls, spec, fail):
        check_options(spec, fail)
        wrong = [a for a in spec["answer"] if a not in spec["options"]]
        if wrong:
            fail("answer", f"{', '.join(map(repr, wrong))} not among the options "
                           f"({', '.join(spec['options'])})")
        spec["answer"] = [k for k in spec["options"] if k in spec["answer"]]

    def grade(self, answer) -> Graded:
        options, right, notes = self.spec["options"], self.spec["answer"], self.spec["feedback"]
        if isinstance(answer, str) or not isinstance(answer, Iterable):
            raise AnswerError(f"Choose the options as a list of keys such as "
                              f"{list(options)[:2]!r}; got {shown(answer)}.")
        chosen = {self.key_of(item, options) for item in answer}
        if not chosen:
            raise AnswerError("No option chosen yet; tick every option that applies.")
        chosen = [k for k in options if k in chosen]
        extra = [k for k in chosen if k not in right]
        missed = [k for k in right if k not in chosen]
        if not extra and not missed:
            return Graded(True, "", chosen)
        how_many = (f"{count(len(extra) + len(missed), 'choice needs', 'choices need')} "
                    "another look.")
        plain = [k for k in extra if k not in notes]
        named = ([f"You ticked {quoted(options[k] for k in plain)}, which "
                  f"{'does' if len(plain) == 1 else 'do'} not belong."] if plain else [])
        named += [f"You ticked “{options[k]}”, which does not belong: {notes[k]}"
                  for k in extra if k in notes]
        if missed:
            named.append(count(len(missed), "option that belongs is",
                               "options that belong are") + " not ticked.")
        later = [f"About an option you did not tick: {notes[k]}" for k in missed if k in notes]
        if len(chosen) == len(options):  # naming what does not belong would give the answer
            return Graded(False, f"{how_many} Ticking every option is not an answer: tick only "
                                 "the ones that apply.", chosen, " ".join(named + later))
        return Graded(False, " ".join([how_many, *named]), chosen, " ".join(later))

    def answer_text(self) -> str:
        return "; ".join(self.spec["options"][k] for k in self.spec["answer"])

    def inputs(self):
        import ipywidgets as widgets

        self.controls = {key: widgets.Checkbox(value=False, description=text, indent=False,
                                               layout=widgets.Layout(width="auto"))
                         for key, text in self.spec["options"].items()}
        return list(self.controls.values())

    def read(self):
        return [key for key, box in self.controls.items() if box.value]

    def show(self, answer):
        for key, box in self.controls.items():
            box.value = key in answer
