"""Reference facts (``data/facts.csv``) as objects a notebook can cite.

Numbers in the course come from here or from a computation shown in code:
``course.fact("v3-gpu-hours-total").value`` rather than a typed-in constant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .tables import load_table

__all__ = ["CONFIDENCE", "Fact", "fact", "fact_ids"]

CONFIDENCE = {
    "V": "verified in the primary source",
    "W": "widely reported (secondary sources)",
    "NV": "not verified",
}


@dataclass(frozen=True)
class Fact:
    """One row of ``facts.csv``."""

    id: str
    statement: str
    value: float | None
    unit: str | None
    date: str | None
    source: str
    locator: str
    url: str | None
    confidence: str

    @property
    def verified(self) -> bool:
        """True unless the fact is marked NV (not verified)."""
        return self.confidence != "NV"

    @property
    def citation(self) -> str:
        """Source and locator, with ``(unverified)`` where the confidence is NV."""
        text = f"{self.source}, {self.locator}"
        return text + (" (unverified)" if not self.verified else "")

    def _repr_markdown_(self) -> str:
        link = f" — <{self.url}>" if self.url else ""
        return (f"**{self.statement}**  \nSource: {self.citation}{link}. "
                f"Confidence: {self.confidence} ({CONFIDENCE[self.confidence]}).")


def _clean(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def fact_ids() -> list[str]:
    """Return every fact id in file order."""
    return list(load_table("facts")["id"])


def fact(fact_id: str) -> Fact:
    """Return the fact with id *fact_id*.

    Examples
    --------
    >>> f = fact("v3-gpu-hours-total")
    >>> f.value, f.unit, f.confidence
    (2788000.0, 'GPU-hours', 'V')
    """
    if not isinstance(fact_id, str):
        raise TypeError(f"fact_id must be a str; got {fact_id!r}")
    table = load_table("facts")
    rows = table[table["id"] == fact_id]
    if rows.empty:
        close = [i for i in table["id"] if fact_id.split("-")[0] in i][:8]
        hint = f" Similar ids: {', '.join(close)}." if close else ""
        raise ValueError(f"There is no fact {fact_id!r} in facts.csv.{hint}")
    row = {k: _clean(v) for k, v in rows.iloc[0].to_dict().items()}
    return Fact(**row)
