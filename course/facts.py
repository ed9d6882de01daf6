"""Reference facts (``data/facts.csv``) as objects a notebook can cite, not typed-in numbers."""

from __future__ import annotations

from dataclasses import dataclass

from .formatting import did_you_mean
from .tables import rows_by_id

__all__ = ["CONFIDENCE", "Fact", "fact"]

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
    def citation(self) -> str:
        """Source and locator, with ``(unverified)`` where the confidence is NV."""
        unverified = " (unverified)" if self.confidence == "NV" else ""
        return f"{self.source}, {self.locator}{unverified}"

    def _repr_markdown_(self) -> str:
        link = f" — <{self.url}>" if self.url else ""
        return (f"**{self.statement}**  \nSource: {self.citation}{link}. "
                f"Confidence: {self.confidence} ({CONFIDENCE[self.confidence]}).")


def fact(fact_id: str) -> Fact:
    """Return the fact with id *fact_id*.

    Examples
    --------
    >>> f = fact("v3-gpu-hours-total")
    >>> f.value, f.unit, f.confidence
    (2788000.0, 'GPU-hours', 'V')
    """
    rows = rows_by_id("facts")
    if fact_id not in rows:
        raise ValueError(f"There is no fact {fact_id!r} in facts.csv."
                         + did_you_mean(str(fact_id), rows))
    return Fact(**rows[fact_id])
