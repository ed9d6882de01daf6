"""course.openness (the scorecard computed from models.csv) and its explorer.

Oracles: scores worked out by hand from the scale in data/README.md; invariants of a
weighted mean (hypothesis); the OSI's Definition met by the two fully open models only,
whatever the weights; and the explorer's widget contract, driven from Python.
"""

from __future__ import annotations

import html
import re

import ipywidgets as widgets
import numpy as np
import pytest
from helpers.explorer_checks import assert_control_changes_everything, assert_reset_restores
from hypothesis import given, settings
from hypothesis import strategies as st

import course
from course import openness as card
from course.explorers.openness import Openness
from course.openness import dimension_score as openness_score

FULLY_OPEN = {"olmo-2-13b", "pythia-12b"}
weights_strategy = st.dictionaries(
    st.sampled_from(card.DIMENSIONS),
    st.one_of(st.just(0.0), st.floats(min_value=1e-300, max_value=1e3)),  # scaling stays > 0
    min_size=1).filter(lambda w: any(v > 0 for v in w.values()))


def score_of(table, model):
    return table.loc[table["model"] == model, "score"].item()


# ---------------------------------------------------------------- the scorecard


def test_scorecard_is_tidy_one_row_per_model_and_dimension():
    models = course.load_table("models")
    table = card.scorecard()
    assert list(table.columns) == ["model", "name", "dimension", "label", "value", "score",
                                   "weight"]
    assert len(table) == len(models) * len(card.DIMENSIONS)
    assert not table.duplicated(["model", "dimension"]).any()
    for row in table.itertuples():
        assert row.score == openness_score(row.dimension, row.value)
        assert row.value == models.loc[models["id"] == row.model, row.dimension].item()
    assert (table["weight"] == 1).all()


def test_scores_match_the_scale_worked_by_hand():
    table = card.ranking()
    # R1: open weights 1, inference code 0.5, partial data 0.5, MIT 1, commercial yes 1,
    # no cap 1, no use policy 1
    assert score_of(table, "deepseek-r1") == pytest.approx(6 / 7)
    # Llama 3.1: gated 0.5, inference 0.5, partial 0.5, custom 2/3, restricted 0.5,
    # 700M-MAU 2/3, use policy 0
    assert score_of(table, "llama-3.1-405b") == pytest.approx(10 / 21)
    # GPT-4o: only 'restricted' commercial use scores (0.5)
    assert score_of(table, "gpt-4o") == pytest.approx(0.5 / 7)
    only_data = card.ranking({"data_info": 1})
    assert score_of(only_data, "mistral-7b") == 0 and score_of(only_data, "deepseek-v3") == 0.5


def test_ranking_orders_the_models_and_shares_tied_ranks():
    table = card.ranking()
    assert list(table["score"]) == sorted(table["score"], reverse=True)
    assert list(table["rank"][:3]) == [1, 1, 3]
    assert set(table["model"][:2]) == FULLY_OPEN
    assert score_of(table, "deepseek-r1") > score_of(table, "deepseek-v3") > \
        score_of(table, "llama-3.1-405b") > score_of(table, "o1")
    closed = table[table["model"].isin(["gpt-4o", "o1", "claude-3.5-sonnet", "gemini-1.5-pro"])]
    assert set(closed["rank"]) == {table["rank"].max()}


def test_a_subset_keeps_its_own_ranks():
    table = card.ranking(models=["o1", "deepseek-r1", "llama-3.1-405b"])
    assert list(table["model"]) == ["deepseek-r1", "llama-3.1-405b", "o1"]
    assert list(table["rank"]) == [1, 2, 3]


def test_only_the_fully_open_models_meet_the_osi_definition():
    models = course.load_table("models")["id"]
    assert {m for m in models if card.meets_osaid(m)} == FULLY_OPEN
    assert set(card.ranking().query("osaid")["model"]) == FULLY_OPEN


def test_the_scorecard_follows_the_data_file(data_copy):
    path = data_copy / "models.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    k = next(i for i, line in enumerate(lines) if line.startswith("deepseek-r1,"))
    lines[k] = lines[k].replace(",open,inference,partial,yes,", ",open,full,full,yes,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert card.meets_osaid("deepseek-r1")
    assert score_of(card.ranking(), "deepseek-r1") == 1.0


@settings(deadline=None, max_examples=40)
@given(weights=weights_strategy, factor=st.floats(min_value=0.1, max_value=10))
def test_weighted_scores_are_means_in_zero_to_one_and_scale_free(weights, factor):
    table = card.ranking(weights)
    assert ((table["score"] >= -1e-12) & (table["score"] <= 1 + 1e-12)).all()
    scaled = card.ranking({d: w * factor for d, w in weights.items()})
    merged = table.merge(scaled, on="model")
    assert np.allclose(merged["score_x"], merged["score_y"])
    # the fully open models score 1 and meet the Definition whatever the weights
    for model in FULLY_OPEN:
        assert score_of(table, model) == pytest.approx(1.0)
    assert set(table.loc[table["osaid"], "model"]) == FULLY_OPEN


@settings(deadline=None, max_examples=20)
@given(dimension=st.sampled_from(card.DIMENSIONS))
def test_one_weighted_dimension_gives_that_dimensions_score(dimension):
    table = card.ranking({dimension: 3})
    models = course.load_table("models").set_index("id")
    for row in table.itertuples():
        assert row.score == pytest.approx(openness_score(dimension, models.at[row.model,
                                                                               dimension]))


@pytest.mark.parametrize(("weights", "error", "message"), [
    ({"licence": 1}, ValueError, r"unknown dimension 'licence'; the dimensions are: weights, "),
    ({"code": -1}, ValueError, r"weight of 'code' must be a finite number >= 0; got -1"),
    ({"code": float("nan")}, ValueError, r"weight of 'code' must be a finite number >= 0"),
    ({"code": True}, TypeError, r"weight of 'code' must be .*not a bool; got True"),
    ({"code": "2"}, TypeError, r"weight of 'code' must be a finite number >= 0; got '2'"),
    ({"code": 0, "weights": 0}, ValueError, r"every weight is 0"),
    ([("code", 1)], TypeError, r"weights must be a mapping of dimension -> weight"),
])
def test_bad_weights_are_named(weights, error, message):
    with pytest.raises(error, match=message):
        card.ranking(weights)


def test_bad_models_are_named():
    with pytest.raises(ValueError, match=r"unknown id\(s\) 'gpt-5'; the model ids are: llama-65b"):
        card.scorecard(models=["gpt-5"])
    with pytest.raises(ValueError, match=r"at least one model id"):
        card.ranking(models=[])


def test_the_heatmap_grid_follows_the_ranking_and_writes_every_cell():
    weights = {"weights": 2, "licence_type": 1, "use_policy": 0}
    grid = card.heatmap_grid(weights)
    ranked = card.ranking(weights)
    assert grid["rows"] == list(ranked["name"])
    assert grid["columns"][0] == "Weights ×2" and grid["columns"][-1] == "Weighted score"
    assert "Code (off)" in grid["columns"]
    assert [len(row) for row in grid["annotations"]] == [len(card.DIMENSIONS) + 1] * len(ranked)
    assert grid["annotations"][0][-1] == f"{ranked['score'].iloc[0]:.2f}"
    assert np.allclose(grid["values"][:, -1], ranked["score"])


# ---------------------------------------------------------------- the explorer


def img_alt(chart_html: str) -> str:
    return html.unescape(re.search(r'<img [^>]*alt="([^"]*)"', chart_html).group(1))


@pytest.fixture
def explorer():
    return course.explorers.openness()


def test_the_explorer_is_reachable_and_keeps_the_dom_contract(explorer):
    assert isinstance(explorer, Openness) and isinstance(explorer, widgets.VBox)
    assert {"course-explorer", "course-explorer-openness"} <= set(explorer._dom_classes)
    assert "course-chart" in explorer.chart._dom_classes
    assert "course-summary" in explorer.summary._dom_classes
    assert "course-reset" in explorer.reset_button._dom_classes
    assert list(explorer.controls) == list(card.DIMENSIONS)
    for control in explorer.controls.values():
        assert isinstance(control, widgets.BoundedFloatText) and control.description.strip()
    assert img_alt(explorer.chart.value) == explorer.alt


def test_the_defaults_are_the_equal_weight_ranking(explorer):
    assert explorer.values == {d: 1 for d in card.DIMENSIONS}
    assert explorer.result["ranking"].equals(card.ranking())
    text = explorer.summary_text
    assert "Most open: OLMo 2 13B and Pythia 12B (1.00)" in text
    assert "DeepSeek-R1 scores 0.86, 3rd of 16 (tied)" in text
    assert "only OLMo 2 13B and Pythia 12B meet the OSI" in text


def test_every_weight_changes_chart_summary_and_alt_together(explorer):
    for name, control in explorer.controls.items():
        assert_control_changes_everything(explorer, name, control.value + 2)


def test_weights_reorder_the_ranking(explorer):
    # counting only downloadable weights and the licence, R1 ties the fully open models
    explorer.set(code=0, data_info=0, commercial_use=0, usage_cap=0, use_policy=0)
    table = explorer.result["ranking"]
    assert score_of(table, "deepseek-r1") == 1.0
    assert "DeepSeek-R1 scores 1.00, 1st of 16 (tied)" in explorer.summary_text
    assert "Counted: weights ×1 and licence ×1. Ignored: code, data information, " \
           "commercial use, usage cap and use policy." in explorer.summary_text
    # counting only the data, Mistral's models fall to the closed models' score of 0
    explorer.set(weights=0, licence_type=0, data_info=1)
    assert score_of(explorer.result["ranking"], "mistral-7b") == 0


def test_reset_restores_defaults_and_a_double_click_is_harmless(explorer):
    import matplotlib.pyplot as plt

    def change(explorer):
        explorer.set(**{d: 3 for d in card.DIMENSIONS[:4]})
        explorer.controls["use_policy"].value = 0

    open_before = plt.get_fignums()
    assert_reset_restores(explorer, change)
    assert plt.get_fignums() == open_before


def test_all_weights_zero_gets_a_friendly_message_and_keeps_the_chart(explorer):
    chart = explorer.chart.value
    explorer.set(**{d: 0 for d in card.DIMENSIONS})
    assert explorer.error and "every weight is 0" in explorer.error
    assert "Check the inputs" in explorer.summary.value
    assert explorer.chart.value == chart
    explorer.controls["code"].value = 1
    assert explorer.error is None
    assert score_of(explorer.result["ranking"], "olmo-2-13b") == 1.0


def test_the_notebook_02_score_exercise_agrees_with_the_scorecard():
    from course.exercises import bank

    spec = bank()["02.openness-score"]
    row = {"weights": "gated", "code": "full", "data_info": "none",
           "licence_type": "non-commercial", "commercial_use": "no", "usage_cap": "none",
           "use_policy": "no"}
    for dimension, value in row.items():  # the prompt states the same seven values
        assert f"**{value}**" in spec["prompt"], (dimension, value)
    score = sum(card.dimension_score(d, v) for d, v in row.items()) / len(card.DIMENSIONS)
    assert abs(score - spec["answer"]) <= spec["tolerance"] / 10
