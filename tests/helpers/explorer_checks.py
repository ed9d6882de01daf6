"""Checks that every explorer's tests share."""

from __future__ import annotations


def assert_reset_restores(explorer, change) -> None:
    """Apply *change* (a function of the explorer), then click Reset twice.

    The controls, the chart and the summary return to their first state, and the same figure
    is redrawn (no new one is made on each reset).
    """
    first = (explorer.chart.value, explorer.summary_text)
    figure, artists = explorer.figure, len(explorer.figure.findobj())
    change(explorer)
    assert explorer.values != explorer.defaults
    explorer.reset_button.click()
    explorer.reset_button.click()  # a double click is harmless
    assert explorer.values == explorer.defaults
    assert (explorer.chart.value, explorer.summary_text) == first
    assert explorer.figure is figure and len(figure.findobj()) == artists


def assert_control_changes_everything(explorer, name: str, value, *, chart=str) -> None:
    """Set control *name* to *value*: no error, and chart, summary and alt text all change.

    *chart* maps the chart widget's HTML to what is compared (e.g. the decoded picture).
    """
    before = (chart(explorer.chart.value), explorer.summary_text, explorer.alt)
    explorer.controls[name].value = value
    assert explorer.error is None, (name, explorer.error)
    after = (chart(explorer.chart.value), explorer.summary_text, explorer.alt)
    for part, was, now in zip(("chart", "summary", "alt text"), before, after, strict=True):
        assert now != was, f"{name}: the {part} did not change"
