"""Policy rules the course's models meet: compute thresholds and export controls.

Two rules tie legal duties to the compute used to train a model:

* **EU AI Act, Article 51(2)**: a general-purpose AI model trained with more than
  10^25 floating-point operations is presumed to have high-impact capabilities (a
  "systemic risk" model, with extra duties). The Act entered into force on
  1 August 2024; the duties of general-purpose model providers apply from 2 August 2025.
* **US Executive Order 14110, section 4.2(b)**: developers had to report models
  trained with more than 10^26 operations (10^23 for models trained mainly on
  biological sequence data). Signed 30 October 2023, revoked 20 January 2025 by
  Executive Order 14148.

The thresholds and dates are read from ``data/facts.csv`` (each rule keeps the fact ids
and the citation of its source), so :func:`threshold_rules` reads the data on each call;
importing this module reads nothing. :func:`export_controls` lists the US chip export
rules from ``data/events.csv``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from .checks import check_number
from .facts import fact
from .formatting import sci
from .tables import load_table

__all__ = ["ThresholdCheck", "ThresholdRule", "export_controls", "parse_date",
           "threshold_rules", "thresholds_crossed"]


@dataclass(frozen=True)
class ThresholdRule:
    """A legal rule for models trained with more than ``threshold`` FLOP (strictly above).

    ``in_force_from`` is when it took effect, ``obligations_from`` when its duties
    start, ``revoked_on`` when it stopped (or None); ``biological_only`` rules cover only
    models trained mainly on biological sequence data. ``citation``, ``url`` and
    ``fact_ids`` point at the ``facts.csv`` rows it is built from.
    """

    id: str
    name: str
    jurisdiction: str
    threshold: float
    consequence: str
    in_force_from: _dt.date
    obligations_from: _dt.date
    revoked_on: _dt.date | None
    biological_only: bool
    citation: str
    url: str | None
    fact_ids: tuple[str, ...]

    def in_force(self, as_of=None) -> bool:
        """Whether the rule is law on *as_of* (from taking effect until revoked)."""
        day = parse_date(as_of)
        return self.in_force_from <= day and (self.revoked_on is None or day < self.revoked_on)

    def obligations_apply(self, as_of=None) -> bool:
        """Whether the rule is in force and its duties have started on *as_of*."""
        day = parse_date(as_of)
        return self.in_force(day) and day >= self.obligations_from

    def crossed(self, training_flops) -> bool:
        """Whether *training_flops* is above the threshold."""
        return _flops(training_flops) > self.threshold


@dataclass(frozen=True)
class ThresholdCheck:
    """One rule checked against one model on one date (see :func:`thresholds_crossed`).

    ``crossed``: the compute is above the threshold; ``in_scope``: the model is of the
    kind the rule covers; ``in_force``: the rule is law on ``as_of``;
    ``obligations_apply``: and its duties have started; ``applies``: all of these.
    """

    rule: ThresholdRule
    training_flops: float
    as_of: _dt.date
    crossed: bool
    in_scope: bool
    in_force: bool
    obligations_apply: bool
    applies: bool

    @property
    def name(self) -> str:
        """The rule's name."""
        return self.rule.name

    @property
    def threshold(self) -> float:
        """The rule's threshold in FLOP."""
        return self.rule.threshold

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
        return {"rule": self.rule.id, "name": self.name, "threshold": self.threshold,
                "crossed": self.crossed, "in_scope": self.in_scope, "in_force": self.in_force,
                "obligations_apply": self.obligations_apply, "applies": self.applies,
                "citation": self.rule.citation}


def parse_date(value=None) -> _dt.date:
    """A date from a ``datetime.date``, a ``datetime``, an ISO string or None (today).

    Examples
    --------
    >>> parse_date("2025-01-20")
    datetime.date(2025, 1, 20)
    >>> parse_date("20/01/2025")
    Traceback (most recent call last):
    ...
    ValueError: as_of must be a date such as '2025-01-20' (YYYY-MM-DD), ...; got '20/01/2025'
    """
    allowed = "a date such as '2025-01-20' (YYYY-MM-DD), a datetime.date or None for today"
    if value is None:
        return _dt.date.today()
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"as_of must be {allowed}; got {value!r}") from None
    raise TypeError(f"as_of must be {allowed}; got {value!r} ({type(value).__name__})")


def _flops(value) -> float:
    return check_number("training_flops", value, minimum=0, array=False)


def _day(fact_id: str) -> _dt.date:
    return _dt.date.fromisoformat(fact(fact_id).date)


def threshold_rules() -> tuple[ThresholdRule, ...]:
    """The compute-threshold rules, built from ``data/facts.csv``.

    References
    ----------
    .. [1] Regulation (EU) 2024/1689 (Artificial Intelligence Act), Official Journal of
       the EU, 12 July 2024, Articles 51(2) and 113.
    .. [2] Executive Order 14110, "Safe, Secure, and Trustworthy Development and Use of
       Artificial Intelligence", 88 FR 75191 (1 November 2023), section 4.2(b).
    .. [3] Executive Order 14148, "Initial Rescissions of Harmful Executive Orders and
       Actions", 90 FR 8237 (28 January 2025), section 2.

    Examples
    --------
    >>> [(r.id, r.threshold) for r in threshold_rules()]
    [('eu-ai-act-51', 1e+25), ('us-eo-14110', 1e+26), ('us-eo-14110-bio', 1e+23)]
    """
    eu, us, bio = fact("eu-ai-act-threshold"), fact("us-eo-threshold"), fact("us-eo-bio-threshold")
    signed, revoked = _day("us-eo-signed"), _day("us-eo-revoked")
    us_common = dict(jurisdiction="US", in_force_from=signed, obligations_from=signed,
                     revoked_on=revoked)
    return (
        ThresholdRule(
            "eu-ai-act-51", "EU AI Act, Art. 51(2) (systemic-risk presumption)", "EU",
            eu.value, "the model is presumed to have high-impact capabilities: a general-"
            "purpose model with systemic risk, with duties to evaluate, mitigate risks, "
            "report incidents and protect cybersecurity",
            _day("eu-ai-act-in-force"), _day("eu-ai-act-gpai-obligations"), None, False,
            eu.citation, eu.url,
            ("eu-ai-act-threshold", "eu-ai-act-in-force", "eu-ai-act-gpai-obligations")),
        ThresholdRule(
            "us-eo-14110", "US EO 14110, §4.2(b) (reporting)", threshold=us.value,
            consequence="the developer must report the training run, its security and its "
            "red-team results to the US government", biological_only=False,
            citation=us.citation, url=us.url,
            fact_ids=("us-eo-threshold", "us-eo-signed", "us-eo-revoked"), **us_common),
        ThresholdRule(
            "us-eo-14110-bio", "US EO 14110, §4.2(b) (biological sequence data)",
            threshold=bio.value, consequence="as for the general line, for models trained "
            "mainly on biological sequence data", biological_only=True,
            citation=bio.citation, url=bio.url,
            fact_ids=("us-eo-bio-threshold", "us-eo-signed", "us-eo-revoked"), **us_common),
    )


def thresholds_crossed(training_flops, as_of=None, biological=False) -> list[ThresholdCheck]:
    """Check a model's training compute against every compute-threshold rule on a date.

    Parameters
    ----------
    training_flops : float
        Training compute in FLOP (>= 0), e.g. ``course.economics.training_flops(N, D)``.
    as_of : datetime.date, str or None
        The date to judge on (``"YYYY-MM-DD"``); None means today.
    biological : bool
        Trained mainly on biological sequence data (brings the US 10^23 line into scope).

    Returns
    -------
    list of ThresholdCheck
        One per rule of :func:`threshold_rules`; ``.explain()`` says why in a sentence.

    Examples
    --------
    Llama 3.1 405B (3.8e25 FLOP) crosses the EU line but not the US one:

    >>> checks = thresholds_crossed(3.8e25, as_of="2025-09-01")
    >>> [(c.rule.id, c.crossed, c.applies) for c in checks]
    [('eu-ai-act-51', True, True), ('us-eo-14110', False, False), ('us-eo-14110-bio', True, False)]

    The day after the US order was revoked:

    >>> [c.applies for c in thresholds_crossed(2e26, "2025-01-21")]
    [False, False, False]
    """
    flops = _flops(training_flops)
    day = parse_date(as_of)
    if not isinstance(biological, bool):
        raise TypeError(f"biological must be True or False; got {biological!r}")
    checks = []
    for rule in threshold_rules():
        crossed = flops > rule.threshold
        in_scope = biological or not rule.biological_only
        in_force = rule.in_force(day)
        duties = rule.obligations_apply(day)
        checks.append(ThresholdCheck(rule, flops, day, crossed, in_scope, in_force, duties,
                                     crossed and in_scope and duties))
    return checks


def export_controls():
    """The US chip export-control timeline: events of category ``export-control``.

    Rows of ``data/events.csv``, oldest first; dates as precise as the source.

    Examples
    --------
    >>> export_controls()["date"].iloc[0]
    '2022-10-07'
    """
    events = load_table("events")
    chosen = events[events["category"] == "export-control"]
    return chosen.sort_values("date", kind="stable").reset_index(drop=True)
