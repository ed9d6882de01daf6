"""course.explorers, driven from Python: chart and summary together, reset, data defaults,
friendly problems, accessible controls, one figure each, and update latency."""

from __future__ import annotations

import datetime as dt
import html
import math
import re

import ipywidgets as widgets
import numpy as np
import pytest
from helpers.explorer_checks import assert_control_changes_everything, assert_reset_restores

import course
from course import economics as econ
from course import explorers

FACTORIES = {
    "training-cost": explorers.training_cost,
    "api-bill": explorers.api_bill,
    "elasticity": explorers.elasticity,
    "diffusion": explorers.diffusion,
    "market-shares": explorers.market_shares,
    "strategy-game": explorers.strategy_game,
    "compute-thresholds": explorers.compute_thresholds,
}
OPERABLE = (widgets.BoundedFloatText, widgets.BoundedIntText, widgets.Dropdown,
            widgets.DatePicker, widgets.Checkbox)


@pytest.fixture(params=sorted(FACTORIES))
def explorer(request):
    return FACTORIES[request.param]()


def nudge(control):
    """A different valid value for *control*: what one arrow key press does in a browser.

    A number box steps on the grid ``min + k * step`` (HTML's step base): from a value
    off the grid, ArrowUp goes to the next grid point, not a whole step further.
    """
    if isinstance(control, (widgets.BoundedFloatText, widgets.BoundedIntText)):
        step = control.step or 1
        k = (control.value - control.min) / step
        up = control.min + (math.floor(k + 1e-9) + 1) * step
        if up <= control.max + 1e-9:
            return round(up, 10)
        return round(control.min + (math.ceil(k - 1e-9) - 1) * step, 10)
    if isinstance(control, widgets.Dropdown):
        values = [v for _, v in control.options]
        return values[(values.index(control.value) + 1) % len(values)]
    if isinstance(control, widgets.DatePicker):
        return control.value + dt.timedelta(days=400)
    if isinstance(control, widgets.Checkbox):
        return not control.value
    raise AssertionError(f"no nudge for {control!r}")


def img_alt(chart_html: str) -> str:
    return html.unescape(re.search(r'<img [^>]*alt="([^"]*)"', chart_html).group(1))


def test_the_dom_contract(explorer):
    assert isinstance(explorer, widgets.VBox)
    classes = explorer._dom_classes
    assert "course-explorer" in classes and f"course-explorer-{explorer.name}" in classes
    assert "course-chart" in explorer.chart._dom_classes
    assert "course-summary" in explorer.summary._dom_classes
    assert "course-reset" in explorer.reset_button._dom_classes
    assert explorer.chart in explorer.children and explorer.summary in explorer.children


def test_controls_are_labelled_keyboard_widgets_not_sliders(explorer):
    for name, control in explorer.controls.items():
        assert isinstance(control, OPERABLE), name
        assert control.description.strip(), f"{name} has no label"
        if isinstance(control, (widgets.BoundedFloatText, widgets.BoundedIntText)):
            assert control.min <= control.value <= control.max, name


def test_chart_alt_and_summary_describe_the_current_state(explorer):
    assert explorer.error is None
    assert img_alt(explorer.chart.value) == explorer.alt and len(explorer.alt) > 40
    assert explorer.summary_text
    for line in explorer.summary_text.split("\n"):
        assert html.escape(line) in explorer.summary.value
    assert 'aria-live="polite"' in explorer.summary.value


def picture(chart_html: str) -> str:
    return re.search(r'<img src="([^"]*)"', chart_html).group(1)


def test_every_control_changes_chart_and_summary_together(explorer):
    for name, control in explorer.controls.items():
        assert_control_changes_everything(explorer, name, nudge(control), chart=picture)


def nudge_all(explorer):
    for control in explorer.controls.values():
        control.value = nudge(control)


def test_reset_restores_defaults_chart_and_summary(explorer):
    assert_reset_restores(explorer, nudge_all)


def test_one_figure_redrawn_in_place_and_no_pyplot_figures(explorer):
    import matplotlib.pyplot as plt

    figure, open_before = explorer.figure, plt.get_fignums()
    artists_before = len(figure.findobj())
    for control in explorer.controls.values():
        control.value = nudge(control)
    explorer.reset()
    assert explorer.figure is figure
    assert len(figure.findobj()) == artists_before  # artists updated, not piled up
    assert plt.get_fignums() == open_before


def test_set_changes_several_controls_with_one_update(explorer):
    numbers = {k: nudge(c) for k, c in explorer.controls.items()
               if isinstance(c, (widgets.BoundedFloatText, widgets.BoundedIntText))}
    updates = []
    explorer.update = lambda: (updates.append(1), type(explorer).update(explorer))
    explorer.set(**numbers)
    assert len(updates) == 1
    assert all(explorer.values[k] == v for k, v in numbers.items())
    with pytest.raises(ValueError, match="unknown control"):
        explorer.set(no_such_control=1)


# ---------------------------------------------------------------- the numbers


def test_training_cost_defaults_reproduce_the_v3_report():
    ex = explorers.training_cost()
    assert ex.values["params_b"] == course.fact("v3-params-active").value / 1e9
    assert ex.values["usd_per_gpu_hour"] == course.fact("v3-rental-price").value
    assert ex.result["cost_usd"] == pytest.approx(course.fact("v3-cost-usd").value, rel=0.005)
    assert ex.result["flops"] == pytest.approx(econ.training_flops(37e9, 14.8e12))
    ex.controls["utilization_pct"].value = ex.values["utilization_pct"] / 2
    assert ex.result["gpu_hours"] == pytest.approx(2 * course.fact("v3-gpu-hours-total").value,
                                                   rel=0.005)


def test_explorer_defaults_follow_the_data(data_copy):
    path = data_copy / "facts.csv"
    text = path.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("v3-rental-price,"))
    path.write_text(text.replace(row, row.replace(",2,USD per GPU-hour,", ",3,USD per GPU-hour,")),
                    encoding="utf-8")
    ex = explorers.training_cost()
    assert ex.defaults["usd_per_gpu_hour"] == 3


def test_api_bill_matches_the_pricing_model():
    ex = explorers.api_bill()
    ex.set(input_m=3, output_m=1, cached_pct=50)
    r1 = course.load_table("prices").set_index("id").loc[ex.values["model_a"]]
    expected = econ.api_cost_usd(3e6, 1e6, r1["input_usd_per_m"], r1["output_usd_per_m"], 0.5,
                                 r1["cached_input_usd_per_m"])
    assert ex.result["bill_a"] == pytest.approx(expected)
    fee = ex.values["subscription_usd"]
    assert ex.result["breakeven_b"] == pytest.approx(econ.breakeven_tokens(
        fee, 15, 60, 0.25, 0.5, 7.5))
    assert "deepseek-reasoner (DeepSeek" in ex.summary_text and "o1 (OpenAI" in ex.summary_text


def test_api_bill_without_a_cached_price_says_so(data_copy):
    path = data_copy / "prices.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [re.sub(r"^(o1-2025-01,OpenAI,o1,o1,2025-01,15),7.5,", r"\1,,", line)
             for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ex = explorers.api_bill()
    ex.set(cached_pct=50)
    assert "No cached-input price is listed for o1" in ex.summary_text
    assert ex.result["bill_b"] == pytest.approx(econ.api_cost_usd(10e6, 2e6, 15, 60))


@pytest.mark.parametrize(("e", "word"), [(1.5, "rises"), (0.5, "falls")])
def test_elasticity_summary_names_the_jevons_case(e, word):
    ex = explorers.elasticity()
    ex.set(price_pct=20, elasticity=e)
    assert f"Spending {word} after the cut" in ex.summary_text
    assert (ex.result["spend_ratio"] > 1) == (e > 1)


def test_diffusion_curves_never_exceed_the_market():
    ex = explorers.diffusion()
    ex.set(m_millions=50, years=40)
    for kind in ("open", "closed"):
        curve = ex.result[kind]["curve"]
        assert curve.max() <= 50 and np.all(np.diff(curve) >= 0)


def test_market_shares_default_is_the_unverified_80_percent_claim():
    ex = explorers.market_shares()
    assert ex.result["hhi"] == 6600 and ex.result["band"] == "highly concentrated"
    assert "unverified" in ex.summary_text
    ex.set(firm1=1, firm2=1, firm3=1, firm4=1, firm5=0)  # sizes, scaled to 25% each
    assert ex.result["hhi"] == pytest.approx(2500)
    assert "scaled to add up to 100%" in ex.summary_text
    assert "unverified" not in ex.summary_text


def test_a_bad_input_gets_a_friendly_message_not_a_traceback():
    ex = explorers.market_shares()
    chart = ex.chart.value
    ex.set(firm1=0, firm2=0, firm3=0)
    assert ex.error and "at least one firm" in ex.error
    assert "Check the inputs" in ex.summary.value
    assert ex.chart.value == chart  # the last good chart stays
    ex.controls["firm1"].value = 50
    assert ex.error is None and ex.result["hhi"] == 10_000


def test_strategy_game_highlights_the_equilibria():
    ex = explorers.strategy_game()
    assert ex.result["equilibria"] == [("closed", "closed")]
    assert "Prisoner's Dilemma" in ex.summary_text
    ex.set(spillover=2, imitation=2, licensing_revenue=3, network=4)
    assert ex.result["equilibria"] == [("open", "open"), ("closed", "closed")]
    assert "coordination game" in ex.summary_text
    assert ex.alt.endswith("Nash equilibria highlighted: (open, open), (closed, closed).")


def test_compute_thresholds_over_time():
    ex = explorers.compute_thresholds()
    assert ex.values["as_of"] == dt.date.today()
    llama = course.fact("llama31-405b-flop").value
    assert 10 ** ex.values["flop_exp"] == pytest.approx(llama, rel=0.01)
    ex.set(as_of=dt.date(2025, 9, 1))
    assert ex.result["applies"] == ["eu-ai-act-51"]
    ex.set(flop_exp=26.2, as_of=dt.date(2025, 1, 19))
    assert ex.result["applies"] == ["us-eo-14110"]
    ex.set(as_of=dt.date(2025, 1, 21))
    assert ex.result["applies"] == []
    assert "revoked on 2025-01-20" in ex.summary_text
    for name in ("Llama 3.1 405B", "DeepSeek-V3"):
        assert name in ex.alt


def test_compute_thresholds_without_a_date_asks_for_one():
    ex = explorers.compute_thresholds()
    ex.controls["as_of"].value = None
    assert "pick a date" in ex.summary_text
