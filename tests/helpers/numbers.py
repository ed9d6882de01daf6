"""How a number is written where a student could copy it, for the leak checks."""

from __future__ import annotations

import re

from course.formatting import format_number, sci


def number_forms(value: float, scale: float = 1.0) -> set[str]:
    """The spellings of *value* (and of *value* × *scale*) that a message or a cell could
    show: ``5.576``, ``5,576,000``, ``3.29e24``…; a fraction also as ``17%``."""
    forms = set()
    for v in {value, value * scale}:
        forms |= {format_number(v), f"{v:g}", sci(v), f"{v:.3g}", f"{v:,.2f}".rstrip("0"),
                  repr(float(v)).removesuffix(".0")}
        if 0 < abs(v) < 1:
            forms |= {f"{100 * v:g}%", f"{100 * v:g} per cent"}
    return {f for f in forms if len(re.sub(r"\D", "", f)) >= 2}  # "2" alone is everywhere
