"""Policy rules the course's models meet: compute thresholds and export controls, read from
``data/facts.csv`` and ``data/events.csv`` on each call, not on import."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from .checks import NON_NEGATIVE, checked
from .facts import fact
from .formatting import sci
from .tables import load_table

__all__ = ["ThresholdCheck", "ThresholdRule", "export_controls", "threshold_rules",
           "thresholds_crossed"]


@dataclass(frozen=True)
class ThresholdRule:
    """A legal rule for models trained with more than ``threshold`` FLOP; ``fact_ids`` are the
    ``facts.csv`` rows it is built from."""

    id: str
    name: str
    threshold: float
    in_force_from: _dt.date
    obligations_from: _dt.date
    revoked_on: _dt.date | None
    biological_only: bool
    citation: str
    fact_ids: tuple[str, ...]


@dataclass(frozen=True)
class ThresholdCheck:
    """One rule checked against one model on one date; ``in_scope``: the model is of the kind
    the rule covers; ``applies``: ``crossed``, ``in_scope`` and ``obligations_apply``."""

    rule: ThresholdRule
    training_flops: float
    as_of: _dt.date
    crossed: bool
    in_scope: bool
    in_force: bool
    obligations_apply: bool
    applies: bool

    def explain(self) -> str:
        """One plain-text sentence on whether and why the rule applies."""
        rule, day = self.rule, self.as_of.isoformat()
        side = "above" if self.crossed else "not above"
        text = (f"{rule.name}: {sci(self.training_flops)} FLOP is {side} its "
                f"{sci(rule.threshold)} line")
        if not self.in_scope:
            return text + "; the rule covers only models trained mainly on biological " \
                          "sequence data, so it does not apply."
        if rule.revoked_on is not None and self.as_of >= rule.revoked_on:
            status = f"revoked on {rule.revoked_on.isoformat()}"
        elif self.as_of < rule.in_force_from:
            status = f"not yet in force on {day} (from {rule.in_force_from.isoformat()})"
        elif not self.obligations_apply:
            status = (f"in force on {day}, but its duties apply only from "
                      f"{rule.obligations_from.isoformat()}")
        else:
            status = f"in force on {day}"
        verdict = "applies" if self.applies else "does not apply"
        return f"{text}; {status}, so it {verdict}."

    def as_dict(self) -> dict:
        """The check as a flat dict (for a DataFrame)."""
        return {"rule": self.rule.id, "name": self.rule.name, "threshold": self.rule.threshold,
                "crossed": self.crossed, "in_scope": self.in_scope, "in_force": self.in_force,
                "obligations_apply": self.obligations_apply, "applies": self.applies,
                "citation": self.rule.citation}


def _date(value) -> _dt.date:
    allowed = "a date such as '2025-01-20' (YYYY-MM-DD), a datetime.date or None for today"
    if value is None:
        return _dt.date.today()
    if isinstance(value, _dt.date):
        return value.date() if isinstance(value, _dt.datetime) else value
    if not isinstance(value, str):
        raise TypeError(f"as_of must be {allowed}; got {value!r} ({type(value).__name__})")
    try:
        return _dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"as_of must be {allowed}; got {value!r}") from None


#: Each rule: id, name, biological_only, then the facts.csv ids of its threshold, its taking
#: effect, the start of its duties and its revocation (None: not revoked).
_RULES = (
    ("eu-ai-act-51", "EU AI Act, Art. 51(2) (systemic-risk presumption)", False,
     "eu-ai-act-threshold", "eu-ai-act-in-force", "eu-ai-act-gpai-obligations", None),
    ("us-eo-14110", "US EO 14110, §4.2(b) (reporting)", False,
     "us-eo-threshold", "us-eo-signed", "us-eo-signed", "us-eo-revoked"),
    ("us-eo-14110-bio", "US EO 14110, §4.2(b) (biological sequence data)", True,
     "us-eo-bio-threshold", "us-eo-signed", "us-eo-signed", "us-eo-revoked"),
)


def _day(fact_id: str | None) -> _dt.date | None:
    return fact_id and _dt.date.fromisoformat(fact(fact_id).date)


def threshold_rules() -> tuple[ThresholdRule, ...]:
    """The compute-threshold rules, built from ``data/facts.csv`` (which cites each source).

    Examples
    --------
    >>> [(r.id, r.threshold) for r in threshold_rules()]
    [('eu-ai-act-51', 1e+25), ('us-eo-14110', 1e+26), ('us-eo-14110-bio', 1e+23)]
    """
    rules = []
    for rule_id, name, biological, line, start, duties, revoked in _RULES:
        threshold = fact(line)
        fact_ids = tuple(dict.fromkeys(f for f in (line, start, duties, revoked) if f))
        rules.append(ThresholdRule(rule_id, name, threshold.value, _day(start), _day(duties),
                                   _day(revoked), biological, threshold.citation, fact_ids))
    return tuple(rules)


@checked(array=False, training_flops=NON_NEGATIVE)
def thresholds_crossed(training_flops, as_of=None, biological=False) -> list[ThresholdCheck]:
    """Check training compute against every rule on *as_of* (a date, ``"YYYY-MM-DD"`` or None
    for today); *biological*: trained mainly on biological sequence data.

    Examples
    --------
    >>> checks = thresholds_crossed(3.8e25, as_of="2025-09-01")  # Llama 3.1 405B
    >>> [(c.rule.id, c.crossed, c.applies) for c in checks]
    [('eu-ai-act-51', True, True), ('us-eo-14110', False, False), ('us-eo-14110-bio', True, False)]
    """
    day = _date(as_of)
    if not isinstance(biological, bool):
        raise TypeError(f"biological must be True or False; got {biological!r}")
    checks = []
    for rule in threshold_rules():
        crossed = training_flops > rule.threshold
        in_scope = biological or not rule.biological_only
        in_force = rule.in_force_from <= day and (rule.revoked_on is None or day < rule.revoked_on)
        duties = in_force and day >= rule.obligations_from
        checks.append(ThresholdCheck(rule, training_flops, day, crossed, in_scope, in_force, duties,
                                     crossed and in_scope and duties))
    return checks


def export_controls():
    """The US chip export-control timeline (``data/events.csv``), oldest first.

    Examples
    --------
    >>> export_controls()["date"].iloc[0]
    '2022-10-07'
    """
    events = load_table("events").query("category == 'export-control'")
    return events.sort_values("date", kind="stable").reset_index(drop=True)
