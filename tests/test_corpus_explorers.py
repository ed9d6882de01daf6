"""The corpus and keyword-in-context explorers, driven from Python: the explorer contract
(DOM classes, labelled controls, chart and summary together, reset, one figure, speed) and
their numbers against course.text."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pytest
from helpers.explorer_checks import assert_control_changes_everything, assert_reset_restores
from test_explorers import img_alt
from test_explorers import nudge as nudge_number

import course
from course import explorers, text

FACTORIES = {"corpus": explorers.corpus, "kwic": explorers.kwic}
OPERABLE = (widgets.BoundedIntText, widgets.Dropdown, widgets.Checkbox, widgets.Text)


@pytest.fixture(params=sorted(FACTORIES))
def explorer(request):
    return FACTORIES[request.param]()


def nudge(control):
    """A different valid value, as a keyboard would give (a typed letter for a text box)."""
    if isinstance(control, widgets.Text):
        return control.value + "s"
    return nudge_number(control)


def test_the_dom_contract(explorer):
    classes = explorer._dom_classes
    assert "course-explorer" in classes and f"course-explorer-{explorer.name}" in classes
    assert "course-chart" in explorer.chart._dom_classes
    assert "course-summary" in explorer.summary._dom_classes
    assert "course-reset" in explorer.reset_button._dom_classes
    assert {explorer.chart, explorer.summary, explorer.reset_button} <= set(explorer.children)


def test_controls_are_labelled_keyboard_widgets(explorer):
    for name, control in explorer.controls.items():
        assert isinstance(control, OPERABLE), name
        assert control.description.strip(), f"{name} has no label"
    keyword = explorer.controls.get("keyword")
    if keyword is not None:
        assert keyword.continuous_update is False  # one update per Enter, not per letter


def test_chart_alt_and_summary_describe_the_current_state(explorer):
    assert explorer.error is None
    assert img_alt(explorer.chart.value) == explorer.alt and len(explorer.alt) > 40
    for line in explorer.summary_text.split("\n"):
        assert html.escape(line) in explorer.summary.value


def test_every_control_changes_chart_summary_and_alt(explorer):
    for name, control in explorer.controls.items():
        assert_control_changes_everything(explorer, name, nudge(control))


def nudge_all(explorer):
    for control in explorer.controls.values():
        control.value = nudge(control)


def test_reset_restores_defaults_and_the_figure_is_reused(explorer):
    assert_reset_restores(explorer, nudge_all)


# ---------------------------------------------------------------- the corpus explorer


@pytest.mark.parametrize("aid", list(course.load_articles()["id"]))
def test_corpus_shows_each_article_from_the_text_module(aid):
    ex = explorers.corpus()
    ex.set(article=aid, n_terms=5)
    assert ex.result["lengths"] == text.paragraph_lengths(aid)
    assert ex.result["terms"] == text.term_counts(course.article(aid).text).most_common(5)
    visible = [b for b in ex._paragraphs.bars if b.get_visible()]
    assert [b.get_height() for b in visible] == ex.result["lengths"]
    assert sum(b.get_visible() for b in ex._terms.bars) == 5
    assert f"{sum(ex.result['lengths']):,} words in {len(ex.result['lengths'])} paragraphs" \
        in ex.summary_text
    assert aid in ex.alt


def test_corpus_says_unknown_rather_than_inventing():
    ex = explorers.corpus()
    ex.set(article="winds-of-change")
    assert "outlet unknown, date unknown, Deepak P." in ex.summary_text
    ex.set(article="meta-validated")
    assert "outlet unknown, 2025-01-29, author unknown." in ex.summary_text


def test_corpus_common_words_take_over_the_list_when_counted():
    ex = explorers.corpus()
    assert not {t for t, _ in ex.result["terms"]} & text.STOPWORDS
    ex.controls["stopwords"].value = True
    assert ex.result["terms"][0][0] == "the"
    assert "common ones included" in ex.summary_text


# ---------------------------------------------------------------- the keyword explorer


def test_kwic_counts_match_the_text_module():
    ex = explorers.kwic()
    for keyword in ("open-source", "open source", "Open-Weight*", "meta"):
        ex.controls["keyword"].value = keyword
        table = text.keyword_counts([keyword])[keyword]
        assert ex.result["counts"] == {aid: int(n) for aid, n in table.items()}
        assert ex.result["total"] == int(table.sum())
        words = course.load_articles().set_index("id")["words"]
        for aid, rate in ex.result["rates"].items():
            assert rate == pytest.approx(1000 * table[aid] / words[aid])


def test_kwic_article_filter_and_width():
    ex = explorers.kwic()
    ex.set(article="meta-validated", width=3)
    assert ex.result["hits"] and {h.article_id for h in ex.result["hits"]} == {"meta-validated"}
    assert all(len(h.right.split()) <= 4 for h in ex.result["hits"])
    assert "[meta-validated ¶" in ex.summary_text and "[free-software-strategy ¶" not in \
        ex.summary_text
    assert ex.result["near"] == text.collocates(text.kwic("open-source", 3, ["meta-validated"]),
                                                8)


def test_kwic_no_hits_is_a_message_not_an_error():
    ex = explorers.kwic()
    ex.controls["keyword"].value = "open weights"
    assert ex.error is None and ex.result["total"] == 0
    assert ex.summary_text.startswith("No article uses 'open weights'")
    assert "no nearby terms" in ex.alt


@pytest.mark.parametrize("typed", ["", "   ", "***"])
def test_kwic_an_empty_keyword_gets_a_friendly_message_and_keeps_the_chart(typed):
    ex = explorers.kwic()
    chart = ex.chart.value
    ex.controls["keyword"].value = typed
    assert ex.error and "keyword" in ex.error
    assert "Check the inputs" in ex.summary.value
    assert ex.chart.value == chart
    ex.controls["keyword"].value = "llama"
    assert ex.error is None and ex.result["total"] > 0
