"""Pins for the corrections of issue 13: each corrected fact keeps its value, date and wording.

An independent fact-check found errors in the data (the October 2023 chip rule, the H800
cut-off date, FP8, the R1 timeline, Llama's 700M clause, the merger-guideline bands, the
H20 charge, Pythia's date and more). These tests fail if any of them silently comes back.
They check key words and numbers, not whole sentences, so rewording stays free.
"""

from __future__ import annotations

import math

import pytest

from course import economics as econ
from course.bibliography import load as load_bibliography
from course.sources import source
from course.tables import SCHEMAS, load_table


@pytest.fixture(scope="module")
def facts():
    return load_table("facts").set_index("id")


@pytest.fixture(scope="module")
def events():
    return load_table("events").set_index("id")


@pytest.fixture(scope="module")
def claims():
    return load_table("claims").set_index("id")


def value(facts, fact_id):
    number = facts.loc[fact_id, "value"]
    assert not math.isnan(number), f"fact {fact_id} has no value"
    return number


def says(facts, fact_id, *words):
    text = facts.loc[fact_id, "statement"].lower()
    missing = [w for w in words if w.lower() not in text]
    assert not missing, f"fact {fact_id} no longer says {missing}"


# 1. The October 2023 chip rule ----------------------------------------------------------------

def test_the_2023_rule_caught_the_h800_by_dropping_interconnect_bandwidth(facts, events):
    says(facts, "export-control-2023", "interconnect bandwidth", "performance-density",
         "workarounds", "A800", "H800")
    statement = facts.loc["export-control-2023", "statement"]
    assert "performance-density test that caught" not in statement
    assert "interconnect bandwidth" in events.loc["us-chip-rule-2023-announced", "event"]


# 2. The H800 cut-off -----------------------------------------------------------------------------

def test_the_h800_licence_requirement_applied_from_23_october_2023(facts, events):
    assert facts.loc["nvidia-8k-2023-10-24", "date"] == "2023-10-24"
    says(facts, "nvidia-8k-2023-10-24", "A100", "A800", "H100", "H800", "L40S",
         "immediately", "23 October")
    assert events.loc["nvidia-8k-licence-immediate", "date"] == "2023-10-24"


def test_the_federal_register_effective_date_is_17_november(facts, events, claims):
    assert facts.loc["export-control-2023-effective", "date"] == "2023-11-17"
    assert events.loc["us-chip-rule-2023-effective", "date"] == "2023-11-17"
    for table in (facts["statement"], events["event"], claims["correction"]):
        assert not table.str.contains(r"(?:effective|effect on|until) 16 November").any()
    assert "2023-11-16" not in set(events["date"])
    correction = claims.loc["navigate-export-controls", "correction"]
    assert "until the 2023 update took effect" not in correction
    assert "nvidia-8k-2023-10-24" in claims.loc["navigate-export-controls", "fact_ids"]


# 3. FP8 raises FLOP per second, not FLOP per token ------------------------------------------------

def test_fp8_raises_speed_and_does_not_cut_flop_per_token(facts):
    says(facts, "v3-architecture", "does not reduce the FLOP each token needs")
    assert value(facts, "v3-fp8-speed") == 2
    assert facts.loc["v3-fp8-speed", "confidence"] == "V"
    assert value(facts, "h100-peak-fp8") == pytest.approx(2 * value(facts, "h800-peak-bf16"),
                                                         rel=0.01)
    assert "doubles the computational speed" in source("v3-report-fp8").text


# 4. An R1-series model existed before the V3 report ---------------------------------------------

def test_v3_post_training_distilled_from_an_r1_series_model(facts, claims):
    assert facts.loc["v3-distilled-from-r1", "confidence"] == "V"
    dates = facts["date"]
    assert dates["r1-lite-preview"] == "2024-11-20"
    assert dates["r1-lite-preview"] < dates["v3-release"] < dates["r1-release"]
    assert dates["v3-distilled-from-r1"] < dates["r1-release"]
    says(facts, "v3-cost-excludes", "R1-series")
    assert "v3-distilled-from-r1" in claims.loc["cost-5-6m-built-r1", "fact_ids"]
    assert "one of the DeepSeek R1 series models" in source("v3-report-r1-distillation").text


# 5. Llama's 700M clause is a one-time test at release ---------------------------------------------

@pytest.mark.parametrize("fact_id", ["llama2-license", "llama3-license-terms"])
def test_the_700m_clause_is_a_snapshot_at_release(facts, fact_id):
    says(facts, fact_id, "release date", "not an ongoing cap")
    assert value(facts, fact_id) == 700_000_000


def test_the_usage_cap_value_is_described_as_a_snapshot():
    doc = SCHEMAS["models"].column("usage_cap").doc
    assert "release date" in doc and "not an ongoing cap" in doc
    text = source("llama31-licence-section-2").text
    assert "If, on the Llama 3.1 version release date" in text
    assert "in the preceding calendar month" in text


# 6. Merger-guideline HHI bands --------------------------------------------------------------------

def test_the_2023_guidelines_have_one_band_and_a_share_presumption(facts):
    assert value(facts, "hhi-2023-highly-concentrated") == 1800
    assert value(facts, "hhi-2023-change") == 100
    assert value(facts, "hhi-2023-share-30") == 30
    says(facts, "hhi-2023-highly-concentrated", "no 'moderately concentrated' band")
    from_2023 = facts[facts["date"].fillna("").str.startswith("2023-12")]
    assert 1000 not in set(from_2023["value"].dropna())
    assert value(facts, "hhi-1992-bands") == 1000
    assert facts.loc["hhi-1992-bands", "date"] == "1992"


def test_the_course_s_hhi_lines_follow_the_corrected_facts(facts):
    lines = econ.HHI_BANDS["2023"]
    assert lines.moderate_from is None  # no 2023 band below the one line
    assert lines.high_above == value(facts, "hhi-2023-highly-concentrated")
    assert "1,000" not in lines.citation
    assert value(facts, "hhi-2023-change") == econ.HHI_CHANGE_2023
    assert value(facts, "hhi-2023-share-30") == econ.MERGED_SHARE_2023
    assert econ.HHI_BANDS["1992"].moderate_from == value(facts, "hhi-1992-bands")
    assert econ.HHI_BANDS["1992"].high_above == 1800
    assert (econ.HHI_BANDS["2010"].moderate_from, econ.HHI_BANDS["2010"].high_above) == (
        value(facts, "hhi-2010-unconcentrated"), value(facts, "hhi-2010-highly-concentrated"))
    assert econ.hhi_band(1500) == "not highly concentrated"
    assert econ.hhi_band(900) != "unconcentrated"


# 7. DeepSeek's own serving-margin claim -----------------------------------------------------------

def test_the_day6_disclosure_adds_up(facts):
    nodes = value(facts, "day6-nodes")
    price = value(facts, "day6-gpu-hour-price")
    cost = value(facts, "day6-daily-cost")
    revenue = value(facts, "day6-theoretical-revenue")
    assert nodes * 8 * 24 * price == cost == 87_072
    assert 100 * (revenue / cost - 1) == pytest.approx(value(facts, "day6-serving-margin"),
                                                       abs=0.5)
    cache_share = value(facts, "day6-cache-hit-tokens") / value(facts, "day6-input-tokens")
    assert cache_share == pytest.approx(0.563, abs=0.001)
    text = source("deepseek-day6-serving-statistics").text
    assert "cost profit margin of 545%" in text and "$87,072" in text
    assert facts.loc["day6-serving-margin", "date"] == "2025-03-01"


# 8. Utilisation: implied against reported ---------------------------------------------------------

def test_implied_utilisation_is_below_what_meta_reports(facts):
    implied = value(facts, "v3-flop-estimate") / (
        value(facts, "v3-gpu-hours-pretraining") * 3600 * value(facts, "h800-peak-bf16"))
    assert 100 * implied == pytest.approx(value(facts, "v3-implied-mfu"), abs=0.5)
    llama = value(facts, "llama31-405b-flop") / (
        value(facts, "llama31-405b-gpu-hours") * 3600 * value(facts, "h800-peak-bf16"))
    assert 100 * llama == pytest.approx(value(facts, "llama31-implied-mfu"), abs=0.5)
    low, high = value(facts, "llama31-mfu-reported"), value(facts, "llama31-mfu-reported-high")
    assert (low, high) == (38, 43)
    assert value(facts, "llama31-implied-mfu") < low


# 9. Minor slips -----------------------------------------------------------------------------------

def test_the_h800_is_not_the_same_compute(facts):
    says(facts, "h800-peak-bf16", "not 'the same compute'", "FP64")
    assert value(facts, "h800-fp64") < value(facts, "h800-peak-bf16") / 100


def test_nvidia_expected_up_to_5_5b_and_booked_4_5b(facts, events):
    says(facts, "h20-license", "up to about $5.5B")
    assert value(facts, "h20-license") == 5.5e9
    assert value(facts, "nvidia-h20-charge-booked") == 4.5e9
    assert facts.loc["nvidia-h20-charge-booked", "date"] == "2025-05-28"
    assert events.loc["nvidia-h20-charge-booked", "date"] == "2025-05-28"
    assert "up to" in events.loc["nvidia-h20-charge", "event"]


def test_pythia_came_after_llama(facts, claims):
    assert facts.loc["llama1-release", "date"] < facts.loc["eleutherai-models", "date"]
    says(facts, "eleutherai-models", "Pythia suite (April 2023), after it")
    says(facts, "eleutherai-models", "GPT-J-6B (2021)", "GPT-NeoX-20B (2022)")
    assert "after it" in claims.loc["eleutherai-open-models", "correction"]


def test_an_unchecked_interview_is_not_rated_accurate(facts, claims):
    # Loose on the evidence (the 2024 interview exists and supports half the sentence); the
    # quoted words, not found in the part read, keep it from being accurate.
    row = claims.loc["ceo-2024-interview"]
    assert row["status"] == "loose"
    assert "unverified" in row["correction"]
    assert "liang-interview-words" in row["fact_ids"]
    assert facts.loc["liang-interview-words", "confidence"] == "NV"


def test_an_app_store_rank_is_not_evidence_of_quality(claims):
    row = claims.loc["r1-competes-well"]
    assert "deepseek-app-store-1" not in row["fact_ids"]
    assert "popularity, not quality" in row["correction"]


def test_a_typo_is_marked_as_a_typo_not_a_false_claim(claims):
    typos = claims[claims["kind"] == "typo"]
    assert list(typos.index) == ["open-source-cia-technologies"]
    assert (claims.drop(typos.index)["kind"] == "claim").all()
    assert "transcription" in typos.iloc[0]["correction"]


def test_the_unsourced_statements_now_have_rows(facts):
    says(facts, "v3-our-cluster", "our cluster", "owns or rents")
    assert facts.loc["v3-our-cluster", "confidence"] == "V"
    assert facts.loc["h800-purchase-timing", "confidence"] == "NV"


def test_information_rules_has_one_entry():
    entries = load_bibliography()
    matches = [k for k, e in entries.items() if "Information Rules" in e.fields["title"]]
    assert matches == ["shapiro1999information"]
    assert entries["shapiro1999information"].fields["publisher"] == "Harvard Business School Press"


def test_chatgpt_pro_launched_on_5_december_2024(facts, events):
    assert facts.loc["chatgpt-pro-launch-date", "date"] == "2024-12-05"
    assert events.loc["chatgpt-pro-launch", "date"] == "2024-12-05"
    assert value(facts, "chatgpt-pro-monthly") == 200


# The event study the course computes --------------------------------------------------------------

def test_nvidias_abnormal_return_on_27_january_2025(facts):
    before, after = value(facts, "nvidia-close-2025-01-24"), value(facts, "nvidia-close-2025-01-27")
    nvidia = 100 * (after / before - 1)
    assert nvidia == pytest.approx(value(facts, "nvidia-return-2025-01-27"), abs=0.01)
    market = value(facts, "sp500-return-2025-01-27")
    assert market == -1.46 and value(facts, "nasdaq-return-2025-01-27") == -3.07
    assert nvidia - market == pytest.approx(value(facts, "nvidia-abnormal-return-2025-01-27"),
                                            abs=0.01)


# The same corrections where the exercise bank carries them ---------------------------------------

@pytest.fixture(scope="module")
def specs():
    from course.exercises import bank

    return bank()


def test_the_export_control_order_has_the_h800_caught_by_the_update(specs):
    order = specs["07.export-control-order"]
    sequence = order["answer"]
    assert sequence.index("h800") < sequence.index("update") < sequence.index("effective")
    assert "interconnect bandwidth" in order["items"]["update"]
    assert "performance-density" not in order["items"]["update"]


def test_the_r1_series_teacher_is_outside_the_5_576m(specs):
    """Correction 4: option d (the R1-series model V3 learned from) is left out of Table 1."""
    assert "R1-series" in specs["03.cost-excludes"]["options"]["d"]
    assert "d" in specs["03.cost-excludes"]["answer"]


def test_the_training_run_is_a_fixed_cost_of_serving(specs):
    """Correction 8: a run's cost is marginal to the run (03) but a fixed cost of serving (04)."""
    answer = specs["04.cost-types"]["answer"]
    assert answer["finetune"].endswith("(fixed)")
    assert answer["royalty"].endswith("(marginal)")


def test_the_2023_merger_presumption_uses_the_1800_line_not_a_moderate_band(specs, facts):
    item = specs["06.merger-presumption"]
    assert item["answer"] == "b"
    line = value(facts, "hhi-2023-highly-concentrated")
    before = econ.hhi([25, 20, 15, 15, 10, 10, 5])
    after = econ.hhi([25, 20, 20, 15, 10, 10])
    assert before < line < after and after - before > value(facts, "hhi-2023-change")


def test_the_day6_margin_exercise_is_keyed_to_the_disclosure(specs, facts):
    assert specs["04.day6-margin"]["fact"] == "day6-serving-margin"
    assert specs["04.day6-margin"]["answer"] == pytest.approx(value(facts, "day6-serving-margin"))


def test_the_r1_o1_comparison_is_quality_adjusted(specs, facts):
    """Correction 8: two products, so compare the cost of a solved task, not only a token."""
    prices = load_table("prices").set_index("id")
    r1, o1 = prices.loc["deepseek-reasoner-2025-01"], prices.loc["o1-2025-01"]
    success = value(facts, "r1-gpqa-diamond") / 100
    per_100 = 100 * econ.api_cost_usd(4_000, 6_000, r1["input_usd_per_m"],
                                      r1["output_usd_per_m"]) / success
    assert specs["04.task-cost-gpqa"]["answer"] == pytest.approx(per_100, rel=0.001)
    per_token = o1["output_usd_per_m"] / r1["output_usd_per_m"]
    o1_success = value(facts, "o1-gpqa-diamond") / 100
    o1_half = econ.api_cost_usd(4_000, 3_000, o1["input_usd_per_m"], o1["output_usd_per_m"])
    per_task = (o1_half / o1_success) / (per_100 / 100)
    assert per_task < per_token  # thinking longer narrows R1's per-token advantage


def test_the_release_claims_pattern_has_its_exceptions(claims):
    """Correction 9 (nb02 cell 46): a description can be loose and a label accurate."""
    assert claims.loc["r1-code-public", "status"] == "loose"
    for claim_id in ("r1-open-source-debated", "meta-calls-models-open-source"):
        assert claims.loc[claim_id, "status"] == "accurate"


def test_the_fact_or_opinion_sort_has_no_report_of_an_opinion(specs):
    """Correction 9: LeCun's reported words were ambiguous (a checkable report of an opinion)."""
    items = specs["00.fact-or-opinion"]["items"].values()
    assert not any("surpassing" in text or "LeCun" in text for text in items)


def test_has_been_noted_is_three_times_and_it_has_been_noted_once():
    """Correction 9 (nb01): the passive attribution, counted with and without its "it"."""
    from course import text

    def where(phrase):
        return [hit.paragraph for hit in text.kwic(phrase, article_ids=["winds-of-change"])]

    assert where("has been noted") == [1, 2, 4]
    assert where("it has been noted") == [2]
