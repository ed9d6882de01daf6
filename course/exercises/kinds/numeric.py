"""``numeric``: a number, with a tolerance, a unit, and diagnosed slips."""

from __future__ import annotations

import math
import re

from ...answers import read_number
from ...formatting import did_you_mean, format_number
from ...tables import rows_by_id
from ..markup import macros
from .base import LABEL, TEXT, TEXTS, Graded, Kind

NUMBER = {"type": "number", "minimum": -1e100, "maximum": 1e100,
          "description": "a finite number such as 0.05 or 1e6"}
POSITIVE = {"type": "number", "exclusiveMinimum": 0, "maximum": 1e100,
            "description": "a number greater than 0"}
AT_LEAST_0 = {"type": "number", "minimum": 0, "maximum": 1e100,
              "description": "a number at least 0"}

SLIPS = {
    "power": "The digits may be right, but the size is off by a power of ten. Check the "
             "exponent (or the thousand/million/billion) and the unit the question asks for.",
    "percent": "The size is off by a factor of a hundred: is this a fraction where a "
               "percentage is asked, or the other way round?",
    "inverted": "This looks like the ratio turned upside down: the two quantities are divided "
                "the wrong way round. Check which one the question puts on top.",
    "sign": "The size looks right, but the sign does not.",
}  # what kind of mistake the answer shows, never the answer


def slip(value: float, target: float, rel: float = 0.02) -> str:
    """Name the common slip that turns *target* into *value*, or "" (see :data:`SLIPS`).

    Examples
    --------
    >>> slip(33e24, 3.3e24), slip(0.0365, 27.4, rel=0.03), slip(-5.0, 5.0), slip(4.0, 5.0)
    ('power', 'inverted', 'sign', '')
    """
    ratio = value / target if target else 0.0
    if ratio == 0 or not math.isfinite(ratio):
        return ""

    def near(x: float, y: float) -> bool:
        return abs(x - y) <= rel * abs(y)

    if near(ratio, -1.0):
        return "sign"
    if abs(math.log10(abs(target))) > 0.05 and near(value * target, 1.0):
        return "inverted"
    power = round(math.log10(abs(ratio)))
    if ratio > 0 and power and near(ratio, 10.0 ** power):
        return "percent" if abs(power) == 2 else "power"
    return ""


def within(value: float, target: float, tolerance: float, rel_tolerance: float) -> bool:
    """Whether *value* is within the tolerance of *target* (the larger of the two counts).

    Examples
    --------
    >>> within(5.6, 5.576, 0.05, 0), within(5.7, 5.576, 0.05, 0), within(101, 100, 0, 0.01)
    (True, False, True)
    """
    allowed = max(tolerance, rel_tolerance * abs(target))
    return abs(value - target) <= allowed + 1e-12 * max(1.0, abs(target))


class Numeric(Kind):
    name = "numeric"
    properties = {
        "answer": {**NUMBER, "description": "the number, in the unit asked for"},
        "fact": {**TEXT, "description": "a facts.csv id whose value is the answer"},
        "fact_scale": {**POSITIVE, "description": "a number greater than 0 to multiply the "
                                                  "fact's value by"},
        "tolerance": {**AT_LEAST_0, "default": 0.0,
                      "description": "the largest accepted absolute error (at least 0)"},
        "rel_tolerance": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.0,
                          "description": "the largest accepted relative error, 0 to 1"},
        "unit": {**TEXT, "default": None},
        "scale": {**POSITIVE, "default": 1.0},
        "unit_aliases": {**TEXTS, "default": []},
        "placeholder": {**TEXT, "default": None},
        "feedback": {
            "type": "array", "default": [],
            "description": "an array of tables [[exercise.feedback]] with value (or range) "
                           "and message",
            "items": {
                "type": "object", "required": ["message"], "additionalProperties": False,
                "properties": {"value": NUMBER,
                               "range": {"type": "array", "items": NUMBER, "minItems": 2,
                                         "maxItems": 2, "description": "[low, high]"},
                               "tolerance": AT_LEAST_0, "message": TEXT},
                "oneOf": [{"required": ["value"]}, {"required": ["range"]}],
                "description": "value = <number> or range = [low, high] (one, not both)"},
        },
    }
    schema_extra = {
        "dependentRequired": {"fact_scale": ["fact"]},
        "allOf": [
            {"oneOf": [{"required": ["answer"]}, {"required": ["fact"]}],
             "description": 'give the number as answer = …, or take it from facts.csv with '
                            'fact = "<fact id>" (one, not both)'},
            {"anyOf": [{"required": ["tolerance"]}, {"required": ["rel_tolerance"]}],
             "description": "give tolerance (absolute, in the answer's unit) and/or "
                            "rel_tolerance (a fraction such as 0.01)"},
        ],
    }

    @classmethod
    def validate(cls, spec, fail):
        if "fact" in spec:
            facts = rows_by_id("facts")
            if spec["fact"] not in facts:
                fail("fact", f"{spec['fact']!r} is not an id in facts.csv."
                             + did_you_mean(spec["fact"], facts))
            value = facts[spec["fact"]]["value"]
            if value is None:
                fail("fact", f"fact {spec['fact']!r} has no value in facts.csv, so it cannot "
                             "be the answer to a numeric exercise")
            spec["answer"] = value * spec.get("fact_scale", 1.0)
        for field in ("answer", "tolerance", "rel_tolerance"):
            if not math.isfinite(spec[field]):
                fail(field, f"should be a finite number; got {spec[field]!r}")
        if spec["unit"] and spec["scale"] == 1.0 and re.search(
                r"\b(thousand|million|billion|trillion)s?\b", spec["unit"], re.I):
            fail("scale", f"the unit {spec['unit']!r} names a multiplier, so set scale "
                          "(e.g. scale = 1e6 for millions) so that full numbers are understood")
        mistakes, shown = [], format_number(spec["answer"], spec["unit"])
        for number, entry in enumerate(spec["feedback"], start=1):
            if "range" in entry:
                low, high = entry["range"]
                if low > high:
                    fail(f"feedback[{number}]", f"range should be [low, high] with low <= "
                                                f"high; got {entry['range']!r}")
            else:
                width = entry.get("tolerance", max(spec["tolerance"], spec["rel_tolerance"]
                                                   * abs(entry["value"])))
                low, high = entry["value"] - width, entry["value"] + width
            if low <= spec["answer"] <= high:
                fail(f"feedback[{number}]", f"[{low:g}, {high:g}] contains the right answer "
                                            f"{spec['answer']:g}; feedback for a mistake must "
                                            "not match the answer")
            mistakes.append({"low": low, "high": high,
                             "message": entry["message"].replace("{answer}", shown)})
        spec["feedback"] = mistakes
        for field in ("solution", "explanation"):
            spec[field] = spec[field].replace("{answer}", shown)
        spec["hints"] = [hint.replace("{answer}", shown) for hint in spec["hints"]]

    def grade(self, answer) -> Graded:
        spec = self.spec
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
        key = repr(candidates[0])
        if any(within(v, target, spec["tolerance"], spec["rel_tolerance"]) for v in candidates):
            return Graded(True, "", recorded, key=key)
        for value in candidates:
            for mistake in spec["feedback"]:
                if mistake["low"] <= value <= mistake["high"]:
                    return Graded(False, mistake["message"], recorded, key=key)
        rel = max(0.02, spec["rel_tolerance"], spec["tolerance"] / max(abs(target), 1e-300))
        found = slip(candidates[0], target, rel)
        if found == "percent" and spec["unit"] not in (None, "%"):
            found = "power"
        return Graded(False, SLIPS.get(found, ""), recorded, key=key)

    @property
    def instruction(self) -> str:
        unit = self.spec.get("unit")
        return f"Type a number (in {unit})." if unit else "Type a number."

    def answer_text(self) -> str:
        return format_number(self.spec["answer"], self.spec["unit"])

    def inputs(self):
        import ipywidgets as widgets

        box = widgets.Text(value="", description="Your answer:",
                           placeholder=self.spec.get("placeholder") or "a number, e.g. 1,250.5",
                           style=LABEL, layout=widgets.Layout(width="24em"))
        self.controls = {"answer": box}
        unit = self.spec["unit"]
        return [widgets.HBox([box, widgets.HTML(str(macros().unit(unit)))])] if unit else [box]

    def show(self, answer):
        self.controls["answer"].value = answer if isinstance(answer, str) else repr(answer)

