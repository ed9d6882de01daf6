"""Integrity of the curated data: quotes, references, arithmetic, prices and documentation.

The tables are the evidence behind every figure in the course, so these tests check
what the schema alone cannot: that each claim's quote is really in its article, that
every cited fact exists and is used honestly, that numbers which depend on each other
agree, and that data/README.md documents every column.
"""

from __future__ import annotations

import csv
import io
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import course
from course.data import data_path
from course.openness import dimension_score as openness_score
from course.tables import OPENNESS_COLUMNS, SCHEMAS, DataError, load_table, table_names

ARTICLES = ("free-software-strategy", "winds-of-change", "meta-validated",
            "china-android-moment", "startup-rivaling-openai")
TABLES_WITH_FACTS = ("claims", "models", "prices", "events")


@pytest.fixture(scope="module")
def facts():
    return load_table("facts").set_index("id")


@pytest.fixture(scope="module")
def claims():
    return load_table("claims")


def value(facts, fact_id):
    """The number of one fact, failing clearly if the fact has none."""
    number = facts.loc[fact_id, "value"]
    assert not math.isnan(number), f"fact {fact_id} has no value"
    return number


# --- every table ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["facts", "claims", "models", "prices", "events"])
def test_every_table_loads_with_rows(name):
    frame = load_table(name)
    assert len(frame) >= 5
    assert frame["id"].is_unique


def test_the_course_knows_the_five_tables():
    assert {"facts", "claims", "models", "prices", "events"} <= set(table_names())


def test_every_referenced_fact_exists(facts):
    known = set(facts.index)
    for name in TABLES_WITH_FACTS:
        for row_id, ids in zip(load_table(name)["id"], load_table(name)["fact_ids"],
                               strict=True):
            missing = set(ids) - known
            assert not missing, f"{name}.csv row {row_id} cites unknown facts {missing}"


def test_a_number_has_a_unit_and_a_unit_a_number(facts):
    for fact_id, row in facts.iterrows():
        has_value = not math.isnan(row["value"])
        has_unit = isinstance(row["unit"], str)
        assert has_value == has_unit, f"fact {fact_id}: value and unit go together"


# --- claims --------------------------------------------------------------------------------

def test_every_quote_is_verbatim_in_its_paragraph(claims):
    for row in claims.itertuples():
        paragraphs = course.article(row.article_id).paragraphs
        assert 1 <= row.paragraph <= len(paragraphs), row.id
        assert row.quote in paragraphs[row.paragraph - 1], (
            f"claim {row.id}: quote not found in {row.article_id} paragraph {row.paragraph}")


def test_thirty_to_sixty_claims_cover_every_article(claims):
    assert 30 <= len(claims) <= 60
    counts = claims["article_id"].value_counts()
    assert set(counts.index) == set(ARTICLES)
    assert counts.min() >= 5, counts.to_dict()


def test_claims_use_every_verdict_and_mark_accurate_what_is_accurate(claims):
    statuses = claims["status"].value_counts()
    assert set(statuses.index) == {"accurate", "loose", "wrong", "unverifiable"}
    assert statuses["accurate"] >= 10


def test_a_verdict_rests_on_evidence(claims):
    for row in claims.itertuples():
        if row.status != "unverifiable":
            assert row.fact_ids, f"claim {row.id} ({row.status}) cites no fact"


def test_unverified_facts_only_back_doubtful_verdicts(facts, claims):
    unverified = set(facts.index[facts["confidence"] == "NV"])
    assert unverified, "facts.csv should record what could not be verified"
    for row in claims.itertuples():
        if unverified & set(row.fact_ids):
            assert row.status in ("unverifiable", "loose", "wrong"), row.id
            assert "unverified" in row.correction.lower(), row.id
    for name in ("models", "prices", "events"):
        for row_id, ids in zip(load_table(name)["id"], load_table(name)["fact_ids"],
                               strict=True):
            assert not unverified & set(ids), f"{name}.csv row {row_id} rests on an NV fact"


KNOWN = [
    # (article, quote fragment, allowed verdicts, facts the verdict must cite)
    ("winds-of-change", "released in Nov 2024", {"wrong"}, {"r1-release", "r1-lite-preview"}),
    ("china-android-moment", "built R1 on just $5.6 million", {"loose"},
     {"v3-gpu-hours-total", "v3-cost-excludes"}),
    ("startup-rivaling-openai", "one-tenth the computing power", {"loose"},
     {"llama31-v3-gpu-hours-ratio", "llama31-v3-flop-ratio"}),
    ("winds-of-change", "around one-fifth in a single day", {"loose"}, {"nvidia-drop-pct"}),
    ("free-software-strategy", "80% of the global generative AI market", {"unverifiable"},
     {"openai-share-80"}),
    ("free-software-strategy", "617 models", {"unverifiable"}, {"r1-derivatives-617"}),
    ("free-software-strategy", "3 million downloads", {"unverifiable"}, {"r1-derivatives-617"}),
    ("free-software-strategy", "open-sourced its Llama model in 2023", {"loose"},
     {"llama1-license", "osi-llama-not-open-source"}),
    ("winds-of-change", "DeepSeek’s models are all open source", {"loose"}, {"osi-osaid"}),
    ("startup-rivaling-openai", "an open-source AI that outperforms", {"loose"},
     {"r1-gpqa-diamond", "r1-release-contents"}),
    ("china-android-moment", "supported by the Chinese government", {"unverifiable"},
     {"liang-premier-symposium"}),
    ("meta-validated", "open-source CIA technologies", {"wrong"}, set()),
    ("startup-rivaling-openai", "stringent US export controls that limited access",
     {"accurate", "loose"}, {"export-control-2022", "export-control-2023", "v3-gpus"}),
    ("china-android-moment", "most downloaded free app", {"accurate"}, {"deepseek-app-store-1"}),
    ("winds-of-change", "$200pm", {"accurate"}, {"chatgpt-pro-monthly"}),
    ("china-android-moment", "rumored $100+ million", {"loose", "unverifiable"},
     {"gpt4-cost-altman"}),
    ("startup-rivaling-openai", "master’s degree in computer science", {"loose"},
     {"liang-degrees"}),
    ("startup-rivaling-openai", "remnants of High-Flyer", {"loose", "wrong"},
     {"deepseek-founded"}),
]


@pytest.mark.parametrize(("article_id", "fragment", "verdicts", "evidence"), KNOWN,
                         ids=[k[1][:30] for k in KNOWN])
def test_known_errors_are_rated_with_evidence(claims, article_id, fragment, verdicts, evidence):
    rows = claims[(claims["article_id"] == article_id)
                  & claims["quote"].str.contains(fragment, regex=False)]
    assert len(rows) == 1, f"expected one claim quoting {fragment!r}, found {len(rows)}"
    row = rows.iloc[0]
    assert row["status"] in verdicts
    assert evidence <= set(row["fact_ids"])
    assert len(row["correction"]) > 20


def test_the_numbers_in_claims_are_what_the_articles_say(facts, claims):
    by_id = claims.set_index("id")
    assert by_id.loc["nvidia-one-fifth", "value"] == 20
    assert by_id.loc["nvidia-one-fifth", "value"] - value(facts, "nvidia-drop-pct") >= 2
    cost = by_id.loc["cost-5-6m-built-r1", "value"]
    assert cost == pytest.approx(value(facts, "v3-cost-usd"), rel=0.01)
    assert by_id.loc["chatgpt-pro-200", "value"] == value(facts, "chatgpt-pro-monthly")
    tenth = by_id.loc["one-tenth-llama-compute", "value"]
    assert tenth == pytest.approx(1 / value(facts, "llama31-v3-gpu-hours-ratio"), rel=0.15)


# --- arithmetic the data makes checkable -----------------------------------------------------

def test_v3_gpu_hours_and_cost_add_up(facts):
    parts = ("v3-gpu-hours-pretraining", "v3-gpu-hours-context-extension",
             "v3-gpu-hours-post-training")
    total = value(facts, "v3-gpu-hours-total")
    assert sum(value(facts, p) for p in parts) == total == 2_788_000
    cost = total * value(facts, "v3-rental-price")
    assert cost == value(facts, "v3-cost-usd") == 5_576_000


def test_v3_pretraining_hours_match_the_per_trillion_rate(facts):
    per_trillion = value(facts, "v3-gpu-hours-per-trillion-tokens")
    trillions = value(facts, "v3-tokens") / 1e12
    assert per_trillion * trillions == pytest.approx(value(facts, "v3-gpu-hours-pretraining"))


def test_v3_flop_estimate_is_six_n_d(facts):
    six_n_d = 6 * value(facts, "v3-params-active") * value(facts, "v3-tokens")
    assert six_n_d == pytest.approx(3.29e24, rel=0.01)
    assert value(facts, "v3-flop-estimate") == pytest.approx(six_n_d, rel=0.02)


def test_llama_needed_about_eleven_times_the_gpu_hours_and_twelve_times_the_flop(facts):
    hours = value(facts, "llama31-405b-gpu-hours") / value(facts, "v3-gpu-hours-total")
    assert hours == pytest.approx(value(facts, "llama31-v3-gpu-hours-ratio"), rel=0.01)
    assert 10.5 < hours < 11.5
    flop = value(facts, "llama31-405b-flop") / (
        6 * value(facts, "v3-params-active") * value(facts, "v3-tokens"))
    assert flop == pytest.approx(value(facts, "llama31-v3-flop-ratio"), rel=0.01)
    assert 11 < flop < 12.5


def test_llama_flop_is_close_to_six_n_d(facts):
    six_n_d = 6 * value(facts, "llama31-405b-params") * value(facts, "llama31-405b-tokens")
    assert six_n_d == pytest.approx(value(facts, "llama31-405b-flop"), rel=0.05)


def test_v3_implied_utilisation_is_plausible(facts):
    seconds = value(facts, "v3-gpu-hours-total") * 3600
    utilisation = value(facts, "v3-flop-estimate") / (seconds * value(facts, "h800-peak-bf16"))
    assert 0.2 < utilisation < 0.6


def test_compute_thresholds_place_the_models(facts):
    eu, us = value(facts, "eu-ai-act-threshold"), value(facts, "us-eo-threshold")
    assert (eu, us, value(facts, "us-eo-bio-threshold")) == (1e25, 1e26, 1e23)
    assert value(facts, "v3-flop-estimate") < eu < value(facts, "llama31-405b-flop") < us


def test_nvidia_fall_matches_the_closing_prices(facts):
    before = value(facts, "nvidia-close-2025-01-24")
    after = value(facts, "nvidia-close-2025-01-27")
    fall = 100 * (before - after) / before
    assert fall == pytest.approx(value(facts, "nvidia-drop-pct"), abs=0.5)
    assert fall < 20


def test_r1_is_about_27_times_cheaper_than_o1_per_output_token(facts):
    ratio = value(facts, "o1-price-output") / value(facts, "r1-price-output")
    assert 26 < ratio < 28


def test_dates_of_the_key_releases(facts):
    dates = facts["date"]
    assert dates["r1-release"] == "2025-01-20"
    assert dates["r1-lite-preview"] == "2024-11-20"
    assert dates["v3-release"] == "2024-12-26"
    assert dates["us-eo-revoked"] == "2025-01-20"
    assert dates["r1-lite-preview"] < dates["v3-release"] < dates["r1-release"]


# --- prices ---------------------------------------------------------------------------------

PRICE_COLUMNS = ("input_usd_per_m", "cached_input_usd_per_m", "output_usd_per_m")


def test_prices_agree_with_the_facts_they_cite(facts):
    prices = load_table("prices")
    for row in prices.itertuples():
        listed = {getattr(row, c) for c in PRICE_COLUMNS}
        cited = [f for f in row.fact_ids if facts.loc[f, "unit"] == "USD per 1M tokens"]
        assert cited, f"price row {row.id} cites no price fact"
        for fact_id in cited:
            assert value(facts, fact_id) in listed, (row.id, fact_id)


@pytest.mark.parametrize(("model", "input_id", "cached_id", "output_id"), [
    ("deepseek-reasoner-2025-01", "r1-price-input-miss", "r1-price-input-hit", "r1-price-output"),
    ("o1-2025-01", "o1-price-input", "o1-price-input-cached", "o1-price-output"),
])
def test_r1_and_o1_prices_match_column_by_column(facts, model, input_id, cached_id, output_id):
    row = load_table("prices").set_index("id").loc[model]
    assert row["input_usd_per_m"] == value(facts, input_id)
    assert row["cached_input_usd_per_m"] == value(facts, cached_id)
    assert row["output_usd_per_m"] == value(facts, output_id)


def test_cached_input_is_cheaper_and_output_dearer():
    for row in load_table("prices").itertuples():
        if not math.isnan(row.cached_input_usd_per_m):
            assert row.cached_input_usd_per_m < row.input_usd_per_m, row.id
        assert row.output_usd_per_m > row.input_usd_per_m, row.id


def test_prices_cover_the_models_the_course_compares():
    models = set(load_table("prices")["model"])
    assert {"deepseek-reasoner", "deepseek-chat", "o1", "gpt-4o"} <= models


# --- models ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def models():
    return load_table("models").set_index("id")


def test_the_required_models_are_listed(models):
    required = {"llama-65b", "llama-2-70b", "llama-3.1-405b", "mistral-7b", "mixtral-8x7b",
                "gemma-7b", "deepseek-v2", "deepseek-v3", "deepseek-r1",
                "deepseek-r1-distill-qwen-32b", "o1", "gpt-4o", "claude-3.5-sonnet",
                "gemini-1.5-pro", "olmo-2-13b", "pythia-12b"}
    assert required <= set(models.index)


def test_model_sizes_and_compute_match_the_facts(facts, models):
    assert models.loc["deepseek-v3", "params_total_b"] * 1e9 == value(facts, "v3-params-total")
    assert models.loc["deepseek-v3", "params_active_b"] * 1e9 == value(facts, "v3-params-active")
    assert models.loc["deepseek-r1", "params_total_b"] * 1e9 == value(facts, "r1-params-total")
    llama = models.loc["llama-3.1-405b"]
    assert llama["params_total_b"] * 1e9 == value(facts, "llama31-405b-params")
    assert llama["training_flop"] == value(facts, "llama31-405b-flop")
    assert models.loc["deepseek-v3", "training_flop"] == value(facts, "v3-flop-estimate")
    assert models.loc["mixtral-8x7b", "params_active_b"] * 1e9 == value(facts,
                                                                        "mixtral-params-active")


def test_active_parameters_never_exceed_the_total(models):
    sized = models.dropna(subset=["params_total_b"])
    assert (sized["params_active_b"] <= sized["params_total_b"]).all()
    mixture = sized[sized["params_active_b"] < sized["params_total_b"]]
    assert {"deepseek-v3", "deepseek-r1", "mixtral-8x7b"} <= set(mixture.index)


def test_closed_models_disclose_nothing_and_license_nothing(models):
    closed = models[models["weights"] == "closed"]
    assert len(closed) >= 3
    assert (closed["licence_type"] == "proprietary").all()
    assert closed["params_total_b"].isna().all()
    assert (models[models["licence_type"] == "proprietary"]["weights"] == "closed").all()


def test_the_openness_scorecard_can_be_computed_for_every_model(models):
    scores = {m: [openness_score(c, row[c]) for c in OPENNESS_COLUMNS]
              for m, row in models.iterrows()}
    fully_open = {m for m, s in scores.items() if min(s) == 1.0}
    assert fully_open == {"olmo-2-13b", "pythia-12b"}
    assert max(scores["gpt-4o"]) < 1.0
    assert sum(scores["deepseek-r1"]) > sum(scores["deepseek-v3"]) > sum(scores["o1"])
    assert sum(scores["llama-3.1-405b"]) > sum(scores["llama-65b"])


@settings(deadline=None)  # no timing assertion: other test workers may load the machine
@given(column=st.sampled_from(OPENNESS_COLUMNS), data=st.data())
def test_openness_scores_fall_from_one_to_zero_along_each_scale(column, data):
    allowed = SCHEMAS["models"].column(column).allowed
    i = data.draw(st.integers(0, len(allowed) - 2))
    assert openness_score(column, allowed[0]) == 1.0
    assert openness_score(column, allowed[-1]) == 0.0
    assert openness_score(column, allowed[i]) > openness_score(column, allowed[i + 1])


def test_openness_score_names_a_bad_argument():
    with pytest.raises(ValueError, match=r"column must be one of weights.*got 'licence'"):
        openness_score("licence", "MIT")
    with pytest.raises(ValueError, match=r"value 'semi' is not allowed in column 'weights'; "
                                         r"allowed values: open, gated, closed"):
        openness_score("weights", "semi")


# --- events ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def events():
    return load_table("events")


def test_the_timeline_has_the_dates_the_course_teaches(events):
    by_category = {c: set(events[events["category"] == c]["date"])
                   for c in events["category"].unique()}
    assert {"2022-10-07", "2023-10-17", "2023-11-17"} <= by_category["export-control"]
    assert any(d.startswith("2025-04") for d in by_category["export-control"])
    assert {"2024-08-01", "2025-08-02", "2023-10-30", "2025-01-20"} <= by_category["policy"]
    assert {"2024-11-20", "2024-12-26", "2025-01-20"} <= by_category["release"]
    assert {"2025-01-26", "2025-01-27"} <= by_category["market"]
    assert set(by_category) == set(SCHEMAS["events"].column("category").allowed)


def test_the_article_publication_date_matches_articles_csv(events):
    published = load_table("articles").set_index("id").loc["meta-validated", "published"]
    row = events.set_index("id").loc["meta-validated-published"]
    assert row["date"] == published.isoformat()


def test_release_events_agree_with_release_facts(facts, events):
    by_id = events.set_index("id")
    for event_id, fact_id in [("deepseek-r1-release", "r1-release"),
                              ("deepseek-v3-release", "v3-release"),
                              ("r1-lite-preview", "r1-lite-preview"),
                              ("llama-3.1-release", "llama31-release"),
                              ("eo-14110-revoked", "us-eo-revoked")]:
        assert by_id.loc[event_id, "date"] == facts.loc[fact_id, "date"], event_id
        assert fact_id in by_id.loc[event_id, "fact_ids"]


# --- the data dictionary --------------------------------------------------------------------

def readme_sections():
    text = data_path("README.md").read_text(encoding="utf-8")
    parts = re.split(r"^## `(\w+)\.csv`\s*$", text, flags=re.MULTILINE)
    return text, dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_the_readme_documents_every_column(name):
    _, sections = readme_sections()
    assert name in sections, f"data/README.md has no section for {name}.csv"
    dictionary = sections[name].split("\n### ")[0]  # the column table, not subsections
    documented = re.findall(r"^\| `(\w+)` \| (\w+) \|", dictionary, flags=re.MULTILINE)
    schema = SCHEMAS[name]
    assert [c for c, _ in documented] == [c.name for c in schema.columns]
    assert [k for _, k in documented] == [c.kind for c in schema.columns]


def test_the_readme_explains_every_controlled_value():
    text, sections = readme_sections()
    for name in ("models", "events", "claims"):
        for col in SCHEMAS[name].columns:
            for allowed in col.allowed or ():
                assert f"`{allowed}`" in sections[name], (name, col.name, allowed)
    for level in ("V", "W", "NV"):
        assert f"| `{level}` |" in text
    assert "remain the property of their publishers" in text


# --- broken rows in the new tables ------------------------------------------------------------

def break_cell(folder, name, row, column, new):
    """Rewrite one cell of the copied table (row is 1-based, the header is row 0)."""
    path = folder / f"{name}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[row][rows[0].index(column)] = new
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.mark.parametrize(("name", "row", "column", "new", "fragment"), [
    ("models", 3, "weights", "semi-open", "allowed values: open, gated, closed"),
    ("models", 2, "params_total_b", "70B", "is not a number"),
    ("models", 5, "training_flop", "-1", "below the minimum 0"),
    ("models", 4, "fact_ids", "mistral-7b-release;no-such-fact", "'no-such-fact' is not an id"),
    ("models", 1, "released", "Feb 2023", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ("prices", 1, "output_usd_per_m", "$2.19", "is not a number"),
    ("prices", 2, "model_id", "deepseek-v9", "'deepseek-v9' is not an id in models.csv"),
    ("prices", 3, "input_usd_per_m", "", "is empty, but a value is required"),
    ("events", 4, "category", "launch", "allowed values: release, policy, export-control"),
    ("events", 2, "date", "March 2023", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ("events", 6, "confidence", "high", "allowed values: V, W, NV"),
])
def test_a_broken_row_names_file_row_and_column(data_copy, name, row, column, new, fragment):
    break_cell(data_copy, name, row, column, new)
    with pytest.raises(DataError, match=re.escape(fragment)) as info:
        load_table(name)
    err = info.value
    assert (err.file, err.row, err.column) == (f"{name}.csv", row, column)
    assert str(err).startswith(f"{name}.csv, row {row}, column '{column}': ")


def test_a_duplicate_model_name_is_refused(data_copy):
    break_cell(data_copy, "models", 2, "name", "LLaMA 65B")
    with pytest.raises(DataError, match=r"models.csv, row 2, column 'name'.*repeats"):
        load_table("models")
