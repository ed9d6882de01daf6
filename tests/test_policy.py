"""course.policy: compute thresholds over time, and the export-control timeline."""

from __future__ import annotations

import datetime as dt

import pytest

import course
from course import economics as econ
from course import policy


def by_id(checks):
    return {c.rule.id: c for c in checks}


def test_llama_405b_crosses_the_eu_line_but_not_the_us_line():
    flops = course.fact("llama31-405b-flop").value
    checks = by_id(policy.thresholds_crossed(flops, as_of="2025-09-01"))
    assert checks["eu-ai-act-51"].crossed and checks["eu-ai-act-51"].applies
    assert not checks["us-eo-14110"].crossed


def test_v3_crosses_neither():
    flops = econ.training_flops(course.fact("v3-params-active").value,
                                course.fact("v3-tokens").value)
    for day in ("2024-01-01", "2024-12-26", "2025-09-01"):
        checks = by_id(policy.thresholds_crossed(flops, as_of=day))
        assert not checks["eu-ai-act-51"].crossed
        assert not checks["us-eo-14110"].crossed
        assert not any(c.applies for c in checks.values())


@pytest.mark.parametrize(("day", "applies"), [
    ("2023-10-29", False),  # before the order was signed
    ("2023-10-30", True),
    ("2025-01-19", True),
    ("2025-01-20", False),  # revoked that day by EO 14148
    ("2025-01-21", False),
    (dt.date(2026, 1, 1), False),
])
def test_the_us_rule_stops_applying_when_revoked(day, applies):
    check = by_id(policy.thresholds_crossed(2e26, as_of=day))["us-eo-14110"]
    assert check.crossed
    assert check.applies is applies
    assert check.in_force is applies


@pytest.mark.parametrize(("day", "in_force", "duties"), [
    ("2024-07-31", False, False),
    ("2024-08-01", True, False),   # the Act is in force ...
    ("2025-08-01", True, False),
    ("2025-08-02", True, True),    # ... and the GPAI duties apply from here
])
def test_the_eu_rule_has_two_dates(day, in_force, duties):
    check = by_id(policy.thresholds_crossed(3.8e25, as_of=day))["eu-ai-act-51"]
    assert (check.in_force, check.obligations_apply, check.applies) == (in_force, duties, duties)
    assert check.explain().startswith("EU AI Act, Art. 51(2)")


def test_thresholds_are_strict_lines():
    at_line = by_id(policy.thresholds_crossed(1e25, as_of="2025-09-01"))
    assert not at_line["eu-ai-act-51"].crossed  # "greater than 10^25"
    above = by_id(policy.thresholds_crossed(1.0000001e25, as_of="2025-09-01"))
    assert above["eu-ai-act-51"].crossed


def test_the_biological_line_needs_a_biological_model():
    plain = by_id(policy.thresholds_crossed(5e23, as_of="2024-06-01"))["us-eo-14110-bio"]
    assert plain.crossed and not plain.in_scope and not plain.applies
    assert "biological sequence data" in plain.explain()
    bio = by_id(policy.thresholds_crossed(5e23, as_of="2024-06-01",
                                          biological=True))["us-eo-14110-bio"]
    assert bio.applies


def test_rules_come_from_the_facts_with_citations():
    rules = {r.id: r for r in policy.threshold_rules()}
    assert rules["eu-ai-act-51"].threshold == course.fact("eu-ai-act-threshold").value
    assert rules["us-eo-14110"].threshold == course.fact("us-eo-threshold").value
    assert rules["us-eo-14110"].revoked_on == dt.date(2025, 1, 20)
    assert rules["eu-ai-act-51"].in_force_from == dt.date(2024, 8, 1)
    assert rules["eu-ai-act-51"].obligations_from == dt.date(2025, 8, 2)
    for rule in rules.values():
        assert "Article 51" in rule.citation or "Section 4.2" in rule.citation
        for fact_id in rule.fact_ids:
            course.fact(fact_id)  # every cited fact exists


def test_rules_follow_edited_facts(data_copy):
    path = data_copy / "facts.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("2025-01-20,\"Executive Order 14148",
                                 "2025-02-01,\"Executive Order 14148"), encoding="utf-8")
    check = by_id(policy.thresholds_crossed(2e26, as_of="2025-01-25"))["us-eo-14110"]
    assert check.applies  # the revocation date now comes later


def test_today_is_the_default():
    check = policy.thresholds_crossed(1e20)[0]
    assert check.as_of == dt.date.today()


def test_explanations_cover_each_case():
    eu_early = by_id(policy.thresholds_crossed(3.8e25, "2024-09-01"))["eu-ai-act-51"]
    assert "duties apply only from 2025-08-02" in eu_early.explain()
    us_late = by_id(policy.thresholds_crossed(2e26, "2025-02-01"))["us-eo-14110"]
    assert "revoked on 2025-01-20" in us_late.explain()
    assert us_late.explain().endswith("so it does not apply.")
    as_row = us_late.as_dict()
    assert as_row["crossed"] is True and as_row["applies"] is False


@pytest.mark.parametrize(("kwargs", "error", "fragment"), [
    ({"training_flops": -1}, ValueError, r"training_flops must be a finite number >= 0; got -1"),
    ({"training_flops": float("nan")}, ValueError, r"training_flops .*got nan"),
    ({"training_flops": "1e25"}, TypeError, r"training_flops .*got '1e25' \(str\)"),
    ({"training_flops": True}, TypeError, r"not a bool"),
    ({"training_flops": [1e25, 1e26]}, TypeError, r"training_flops must be a finite number"),
    ({"training_flops": 1e25, "as_of": "next week"}, ValueError,
     r"as_of must be a date such as '2025-01-20'.*got 'next week'"),
    ({"training_flops": 1e25, "as_of": 2025}, TypeError, r"as_of must be .*got 2025 \(int\)"),
    ({"training_flops": 1e25, "biological": "no"}, TypeError, r"biological must be True or False"),
])
def test_bad_inputs(kwargs, error, fragment):
    with pytest.raises(error, match=fragment):
        policy.thresholds_crossed(**kwargs)


def test_export_control_timeline():
    timeline = policy.export_controls()
    assert len(timeline) >= 3
    assert set(timeline["category"]) == {"export-control"}
    assert list(timeline["date"]) == sorted(timeline["date"])
    events = course.load_table("events")
    assert len(timeline) == (events["category"] == "export-control").sum()
    assert timeline["date"].iloc[0].startswith("2022-10")  # the October 2022 rule comes first
