"""The fact-check explorer (course.explorers.claims) and scorecard, driven from Python.

Oracles: the claims file read with the csv module (not through course.tables), so the
counts and filters are checked against an independent reading of the data.
"""

from __future__ import annotations

import csv
import html
from collections import Counter

import ipywidgets as widgets
import pandas as pd
import pytest
from conftest import DATA
from helpers.explorer_checks import assert_control_changes_everything, assert_reset_restores
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_explorers import img_alt

from course import explorers
from course.claims import claim_report, status_counts
from course.plots import verdict_scorecard as scorecard
from course.tables import VERDICTS

STATUSES = [*VERDICTS, "typo"]  # a typo is counted and filtered apart, never as wrong

with open(DATA / "claims.csv", encoding="utf-8", newline="") as _f:
    ROWS = list(csv.DictReader(_f))
with open(DATA / "articles.csv", encoding="utf-8", newline="") as _f:
    ARTICLES = [row["id"] for row in csv.DictReader(_f)]
with open(DATA / "facts.csv", encoding="utf-8", newline="") as _f:
    CONFIDENCE = {row["id"]: row["confidence"] for row in csv.DictReader(_f)}


@pytest.fixture(scope="module")
def shared():
    """One explorer for the read-only tests (building one takes a moment)."""
    return explorers.claims()


@pytest.fixture
def explorer():
    return explorers.claims()


def verdict(row):
    return "typo" if row["kind"] == "typo" else row["status"]


def matching(article="all", status="all"):
    return [r["id"] for r in ROWS if article in ("all", r["article_id"])
            and status in ("all", verdict(r))]


def next_value(box):
    values = [v for _, v in box.options]
    return values[(values.index(box.value) + 1) % len(values)]


# ---------------------------------------------------------------- counts and scorecard


def test_status_counts_match_an_independent_count_of_the_file():
    counts = status_counts()
    expected = Counter((r["article_id"], verdict(r)) for r in ROWS)
    assert list(counts.index) == ARTICLES
    assert list(counts.columns) == list(STATUSES)
    for aid in ARTICLES:
        for status in STATUSES:
            assert counts.loc[aid, status] == expected[(aid, status)], (aid, status)
    assert counts.to_numpy().sum() == len(ROWS)


def test_a_typo_is_counted_apart_never_as_wrong():
    typos = [r for r in ROWS if r["kind"] == "typo"]
    assert typos, "claims.csv records the 'CIA' slip as a typo"
    counts = status_counts()
    assert counts["typo"].sum() == len(typos)
    assert counts["wrong"].sum() == sum(r["status"] == "wrong" and r["kind"] == "claim"
                                        for r in ROWS)
    assert "Verdict: TYPO" in claim_report(typos[0]["id"])


def test_status_counts_of_a_given_table_keep_empty_articles_and_verdicts():
    table = pd.DataFrame({"article_id": ["meta-validated"] * 2, "status": ["wrong", "wrong"]})
    counts = status_counts(table)
    assert counts.loc["meta-validated", "wrong"] == 2
    assert counts.to_numpy().sum() == 2 and len(counts) == len(ARTICLES)


def test_scorecard_draws_one_labelled_segment_per_nonzero_count():
    counts = status_counts()
    ax = scorecard(counts)
    assert ax.get_title() and ax.get_xlabel() == "Claims checked (count)"
    assert ax.get_ylabel() == "Article"
    widths = [p.get_width() for p in ax.patches]
    assert len(widths) == len(ARTICLES) * len(STATUSES)
    assert sum(widths) == len(ROWS)
    labels = sorted(int(t.get_text()) for t in ax.texts)
    assert labels == sorted(int(v) for v in counts.to_numpy().ravel() if v)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(STATUSES)
    # each article's segments end at its total
    for k, aid in enumerate(ARTICLES):
        ends = [p.get_x() + p.get_width() for p in ax.patches
                if abs(p.get_y() + p.get_height() / 2 - k) < 1e-9]
        assert max(ends) == sum(1 for r in ROWS if r["article_id"] == aid)


def test_claim_report_shows_the_quote_verdict_correction_and_every_fact():
    row = next(r for r in ROWS if r["id"] == "cost-5-6m-built-r1")
    text = claim_report(row["id"])
    assert f"“{row['quote']}”" in text and f"¶{row['paragraph']}" in text
    assert f"Verdict: {row['status'].upper()}. {row['correction']}" in text
    for fid in row["fact_ids"].split(";"):
        assert f"Evidence {fid} [{CONFIDENCE[fid]}:" in text


def test_claim_report_flags_unverified_evidence():
    text = claim_report("openai-80-percent-market")
    assert "[NV: not verified]" in text and "(unverified)" in text


def test_claim_report_refuses_unknown_ids_kindly():
    with pytest.raises(ValueError, match="no claim 'nvidia-one-fith'.*nvidia-one-fifth"):
        claim_report("nvidia-one-fith")
    with pytest.raises(ValueError, match="no claim 3"):
        claim_report(3)


# ---------------------------------------------------------------- the explorer contract


def test_the_dom_contract(shared):
    classes = shared._dom_classes
    assert "course-explorer" in classes and "course-explorer-claims" in classes
    assert "course-chart" in shared.chart._dom_classes
    assert "course-summary" in shared.summary._dom_classes
    assert "course-reset" in shared.reset_button._dom_classes
    assert {shared.chart, shared.summary, shared.reset_button} <= set(shared.children)


def test_controls_are_labelled_drop_downs(shared):
    assert set(shared.controls) == {"article", "status", "claim"}
    for name, control in shared.controls.items():
        assert isinstance(control, widgets.Dropdown), name
        assert control.description.strip(), f"{name} has no label"
    assert [v for _, v in shared.controls["status"].options] == ["all", *STATUSES]
    assert [v for _, v in shared.controls["article"].options] == ["all", *ARTICLES]


def test_default_state_shows_every_claim_and_describes_it(shared):
    assert shared.error is None
    assert [r["id"] for r in shared.result["matches"]] == matching()
    assert img_alt(shared.chart.value) == shared.alt
    for line in shared.summary_text.split("\n"):
        assert html.escape(line) in shared.summary.value
    assert shared.summary_text.startswith(f"{len(ROWS)} of {len(ROWS)} claims match")
    for aid in ARTICLES:
        total = sum(1 for r in ROWS if r["article_id"] == aid)
        assert f"{aid} {total} (" in shared.alt


def test_every_control_changes_chart_summary_and_alt(explorer):
    for name in ("article", "status", "claim"):
        box = explorer.controls[name]
        if len(box.options) < 2:
            explorer.reset()
        assert_control_changes_everything(explorer, name, next_value(box))


@pytest.mark.parametrize("article", ["all", *ARTICLES])
@pytest.mark.parametrize("status", ["all", *STATUSES])
def test_filters_list_exactly_the_matching_claims(shared, article, status):
    shared.set(article=article, status=status)
    wanted = matching(article, status)
    assert [r["id"] for r in shared.result["matches"]] == wanted
    offered = [v for _, v in shared.controls["claim"].options]
    if wanted:
        assert offered == wanted
        assert shared.values["claim"] in wanted
        assert shared.summary_text.startswith(f"{len(wanted)} of {len(ROWS)} claims match")
    else:
        assert offered == [""]
        assert shared.summary_text.startswith("No claim matches")
        assert "No claim matches, so none is marked" in shared.alt
    assert shared.error is None


def test_reading_a_claim_shows_its_evidence_and_marks_it_in_the_chart(shared):
    row = next(r for r in ROWS if r["id"] == "r1-released-nov-2024")
    shared.set(article="all", status="all", claim=row["id"])
    text = shared.summary_text
    assert f"“{row['quote']}”" in text and "Verdict: WRONG." in text
    for fid in row["fact_ids"].split(";"):
        assert f"Evidence {fid} [{CONFIDENCE[fid]}" in text
    star_x, star_y = (v[0] for v in shared._star.get_data())
    bar = shared._bars[(row["article_id"], row["status"])]
    assert bar.get_x() <= star_x <= bar.get_x() + bar.get_width()
    assert round(star_y) == ARTICLES.index(row["article_id"])
    assert f"reading: {row['id']}" in shared._note.get_text()
    assert f"{row['id']}, a wrong claim from {row['article_id']}" in shared.alt


def test_filtering_fades_the_other_segments(shared):
    shared.set(article="startup-rivaling-openai", status="loose")
    for (aid, status), bar in shared._bars.items():
        on = aid == "startup-rivaling-openai" and status == "loose"
        assert bar.get_alpha() == (1.0 if on else pytest.approx(0.22)), (aid, status)


def test_a_claim_that_still_matches_survives_a_filter_change(shared):
    shared.set(article="all", status="all", claim="nvidia-one-fifth")
    shared.controls["status"].value = "loose"
    assert shared.values["claim"] == "nvidia-one-fifth"
    shared.controls["status"].value = "accurate"
    assert shared.values["claim"] == matching(status="accurate")[0]


def test_reset_restores_defaults_and_reuses_the_figure(explorer):
    # A filter that nothing matches, then Reset.
    assert_reset_restores(explorer, lambda e: e.set(article="meta-validated",
                                                    status="unverifiable"))


def test_set_refuses_unknown_controls(shared):
    with pytest.raises(ValueError, match="unknown control.*verdict.*controls are: article"):
        shared.set(verdict="wrong")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["article", "status", "claim"]),
                          st.integers(0, 60)), min_size=1, max_size=6))
def test_any_sequence_of_choices_keeps_box_chart_and_summary_consistent(shared, moves):
    shared.reset()
    for name, pick in moves:
        box = shared.controls[name]
        box.value = box.options[pick % len(box.options)][1]
        wanted = matching(shared.values["article"], shared.values["status"])
        assert [r["id"] for r in shared.result["matches"]] == wanted
        assert shared.values["claim"] in (wanted or [""])
        if wanted:
            assert shared.result["claim"]["id"] == shared.values["claim"]
            assert f"reading: {shared.values['claim']}" in shared._note.get_text()
        else:
            assert shared.result["claim"] is None and shared._note.get_text() == ""
