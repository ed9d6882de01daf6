"""course.economics: textbook oracles, invariants (hypothesis) and clear errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import course
from course import economics as econ

finite = st.floats(min_value=0.01, max_value=0.99, allow_nan=False)
# No per-example deadline: the suite runs in parallel with notebooks on a small machine.
relaxed = settings(deadline=None)


# ---------------------------------------------------------------- training


def test_v3_training_cost_oracle():
    assert econ.training_cost_usd(2.788e6, 2) == pytest.approx(5.576e6, rel=1e-12)


def test_v3_training_cost_from_the_facts():
    hours = course.fact("v3-gpu-hours-total").value
    price = course.fact("v3-rental-price").value
    assert econ.training_cost_usd(hours, price) == pytest.approx(
        course.fact("v3-cost-usd").value, rel=1e-9)


def test_six_n_d_oracle_for_v3():
    flops = econ.training_flops(37e9, 14.8e12)
    assert flops == pytest.approx(3.2856e24, rel=1e-9)
    assert f"{flops:.3g}" == "3.29e+24"
    estimate = course.fact("v3-flop-estimate").value
    assert flops == pytest.approx(estimate, rel=0.01)


def test_llama_is_roughly_ten_times_v3():
    llama = course.fact("llama31-405b-gpu-hours").value
    v3 = course.fact("v3-gpu-hours-total").value
    assert 10 < llama / v3 < 12


def test_gpu_hours_inverts_implied_utilization():
    flops = econ.training_flops(37e9, 14.8e12)
    peak = course.fact("h800-peak-bf16").value
    hours = course.fact("v3-gpu-hours-total").value
    u = econ.implied_utilization(flops, hours, peak)
    assert 0.2 < u < 0.5  # a plausible MFU at the BF16 peak
    assert econ.gpu_hours(flops, peak, u) == pytest.approx(hours, rel=1e-12)


def test_gpu_hours_textbook_case():
    # 1e15 FLOP/s at 50% for an hour: 1.8e18 FLOP
    assert econ.gpu_hours(1.8e18, 1e15, 0.5) == pytest.approx(1.0)
    assert econ.gpu_hours(3.6e18, 1e15, 1.0) == pytest.approx(1.0)


def test_training_days_for_v3_is_under_two_months():
    days = econ.training_days(course.fact("v3-gpu-hours-total").value,
                              course.fact("v3-gpus").value)
    assert 50 < days < 61


def test_arrays_in_arrays_out_and_scalars_give_floats():
    out = econ.training_flops(np.array([1e9, 2e9]), 1e12)
    assert isinstance(out, np.ndarray) and out.tolist() == [6e21, 1.2e22]
    assert type(econ.training_flops(np.float64(1e9), 10)) is float
    assert econ.training_cost_usd([1, 2, 3], [2, 2, 2]).tolist() == [2, 4, 6]


@pytest.mark.parametrize(("call", "error", "fragment"), [
    (lambda: econ.training_flops(-1, 1), ValueError,
     r"n_params must be a finite number >= 0; got -1"),
    (lambda: econ.training_flops(math.nan, 1), ValueError, r"n_params .* got nan"),
    (lambda: econ.training_flops(1, math.inf), ValueError, r"n_tokens .* got inf"),
    (lambda: econ.training_flops(True, 1), TypeError,
     r"n_params must be .*not a bool; got True"),
    (lambda: econ.training_flops("37e9", 1), TypeError, r"n_params must be .*got '37e9' \(str\)"),
    (lambda: econ.training_flops(None, 1), TypeError, r"n_params .*got None"),
    (lambda: econ.training_flops([1, -2], 1), ValueError, r"n_params .*got -2.0 at index 1"),
    (lambda: econ.training_flops([True, False], 1), TypeError, r"n_params .*holds bools"),
    (lambda: econ.training_flops([1, 2, 3], [1, 2]), ValueError,
     r"n_params \(3,\), n_tokens \(2,\)"),
    (lambda: econ.gpu_hours(1, 1, 0), ValueError,
     r"utilization must be a finite number > 0 and <= 1; got 0"),
    (lambda: econ.gpu_hours(1, 1, 1.5), ValueError, r"utilization .*got 1.5"),
    (lambda: econ.gpu_hours(1, 0, 0.5), ValueError,
     r"peak_flops_per_gpu must be a finite number > 0"),
    (lambda: econ.training_cost_usd(1, -2), ValueError, r"usd_per_gpu_hour .*got -2"),
    (lambda: econ.training_days(1, 0), ValueError, r"n_gpus .*> 0"),
    (lambda: econ.implied_utilization(1, 0, 1), ValueError, r"gpu_hours .*> 0"),
])
def test_bad_training_inputs_name_argument_value_and_rule(call, error, fragment):
    with pytest.raises(error, match=fragment):
        call()


# ---------------------------------------------------------------- pricing


def test_api_cost_with_and_without_cache():
    r1 = {k: course.fact(f"r1-price-{k}").value for k in ("input-miss", "input-hit", "output")}
    full = econ.api_cost_usd(1e6, 1e6, r1["input-miss"], r1["output"])
    assert full == pytest.approx(0.55 + 2.19)
    half = econ.api_cost_usd(1e6, 1e6, r1["input-miss"], r1["output"], cached_fraction=0.5,
                             usd_per_m_cached_input=r1["input-hit"])
    assert half == pytest.approx(0.5 * 0.55 + 0.5 * 0.14 + 2.19)
    all_cached = econ.api_cost_usd(1e6, 0, 0.55, 2.19, 1.0, 0.14)
    assert all_cached == pytest.approx(0.14)


def test_o1_costs_about_27_times_r1_for_output():
    o1 = econ.api_cost_usd(0, 1e6, 15, course.fact("o1-price-output").value)
    r1 = econ.api_cost_usd(0, 1e6, 0.55, course.fact("r1-price-output").value)
    assert o1 / r1 == pytest.approx(27.4, abs=0.1)


def test_cached_fraction_needs_a_cached_price():
    with pytest.raises(ValueError,
                       match=r"cached_fraction is 0.3 but usd_per_m_cached_input is None"):
        econ.api_cost_usd(1e6, 1e6, 1, 1, cached_fraction=0.3)
    with pytest.raises(ValueError, match=r"cached_fraction must be a finite number >= 0 and <= 1"):
        econ.api_cost_usd(1e6, 1e6, 1, 1, cached_fraction=1.2, usd_per_m_cached_input=0.1)


def test_breakeven_tokens_makes_the_bill_equal_the_subscription():
    fee = course.fact("chatgpt-pro-monthly").value
    tokens = econ.breakeven_tokens(fee, 15, 60, output_share=0.25)
    bill = econ.api_cost_usd(0.75 * tokens, 0.25 * tokens, 15, 60)
    assert bill == pytest.approx(fee, rel=1e-12)
    assert econ.breakeven_tokens(200, 15, 60, 0.5) == pytest.approx(200 / 37.5 * 1e6)
    assert econ.breakeven_tokens(200, 0, 0, 0.5) == math.inf


def test_subscription_breakeven_names_the_cheaper_option():
    small = econ.subscription_breakeven(200, 2e6, 1e6, 15, 60)
    assert (small.api_usd, small.cheaper) == (90.0, "api")
    big = econ.subscription_breakeven(200, 20e6, 10e6, 15, 60)
    assert big.cheaper == "subscription" and big.workload_multiple < 1
    # the break-even volume is the same whichever workload of the same mix we start from
    assert small.breakeven_tokens == pytest.approx(big.breakeven_tokens)
    even = econ.subscription_breakeven(200, 0, 200 / 60 * 1e6, 15, 60)
    assert even.cheaper == "equal"


def test_subscription_breakeven_takes_single_numbers():
    with pytest.raises(TypeError, match=r"input_tokens must be a finite number >= 0"):
        econ.subscription_breakeven(200, [1e6, 2e6], 1e6, 15, 60)


def test_blended_price():
    assert econ.blended_price_per_m(15, 60, 0.5) == 37.5
    assert econ.blended_price_per_m(15, 60, [0, 1]).tolist() == [15, 60]


# ---------------------------------------------------------------- demand


def test_demand_and_spend_oracles():
    assert econ.demand_ratio(0.5, 1) == pytest.approx(2.0)
    assert econ.demand_ratio(0.1, 2) == pytest.approx(100.0)
    assert econ.spend_ratio(0.1, 2) == pytest.approx(10.0)
    assert econ.spend_ratio(0.1, 1) == pytest.approx(1.0)
    assert econ.implied_elasticity(0.1, 100) == pytest.approx(2.0)


@relaxed
@given(price=finite, elasticity=st.floats(min_value=0, max_value=5))
def test_spend_rises_after_a_price_cut_exactly_when_demand_is_elastic(price, elasticity):
    if abs(elasticity - 1) < 1e-3:
        return  # at e = 1 spending stays put; too close to call in floating point
    assert (econ.spend_ratio(price, elasticity) > 1) == (elasticity > 1)


@relaxed
@given(p1=st.floats(0.01, 10), p2=st.floats(0.01, 10), elasticity=st.floats(0.01, 5))
def test_demand_falls_as_price_rises(p1, p2, elasticity):
    low, high = sorted((p1, p2))
    assert econ.demand_ratio(low, elasticity) >= econ.demand_ratio(high, elasticity)


@relaxed
@given(price=st.floats(0.01, 10), elasticity=st.floats(0, 5))
def test_spend_is_price_times_quantity(price, elasticity):
    assert econ.spend_ratio(price, elasticity) == pytest.approx(
        price * econ.demand_ratio(price, elasticity), rel=1e-9)


def test_bad_demand_inputs():
    with pytest.raises(ValueError, match=r"price_ratio must be a finite number > 0; got 0"):
        econ.demand_ratio(0, 1)
    with pytest.raises(ValueError, match=r"elasticity must be a finite number >= 0; got -1"):
        econ.spend_ratio(0.5, -1)
    with pytest.raises(ValueError, match=r"price_ratio must differ from 1"):
        econ.implied_elasticity(1, 2)


# ---------------------------------------------------------------- concentration


def test_hhi_oracle_and_band():
    assert econ.hhi([80, 10, 10]) == 6600.0
    assert econ.hhi_band(econ.hhi([80, 10, 10])) == "highly concentrated"
    assert econ.hhi([25, 25, 25, 25]) == 2500.0


@pytest.mark.parametrize(("value", "band_2023", "band_2010", "band_1992"), [
    (0, "not highly concentrated", "unconcentrated", "unconcentrated"),
    (999.9, "not highly concentrated", "unconcentrated", "unconcentrated"),
    (1000, "not highly concentrated", "unconcentrated", "moderately concentrated"),
    (1500, "not highly concentrated", "moderately concentrated", "moderately concentrated"),
    (1800, "not highly concentrated", "moderately concentrated", "moderately concentrated"),
    (1800.1, "highly concentrated", "moderately concentrated", "highly concentrated"),
    (2500, "highly concentrated", "moderately concentrated", "highly concentrated"),
    (2500.1, "highly concentrated", "highly concentrated", "highly concentrated"),
    (10_000, "highly concentrated", "highly concentrated", "highly concentrated"),
])
def test_hhi_bands_at_their_edges(value, band_2023, band_2010, band_1992):
    assert econ.hhi_band(value) == band_2023
    assert econ.hhi_band(value, guidelines="2010") == band_2010
    assert econ.hhi_band(value, guidelines="1992") == band_1992


@pytest.mark.parametrize(("after", "change", "share", "presumed"), [
    (1900, 200, 20, True),    # ends above 1,800 with a change above 100
    (1900, 100, 20, False),   # a change of exactly 100 is not "more than 100"
    (1800, 200, 20, False),   # exactly 1,800 is not above the line
    (1500, 200, 31, True),    # the 30% rule, below the HHI line
    (1500, 200, 30, False),
    (9000, 50, 90, False),    # a tiny change is never presumed harmful
])
def test_merger_presumption_of_the_2023_guidelines(after, change, share, presumed):
    assert econ.merger_presumption(after, change, share) is presumed


def test_shares_from_sizes_and_merger_delta():
    assert econ.shares_from_sizes([8, 1, 1]).tolist() == [80, 10, 10]
    before = econ.hhi([30, 20, 50])
    after = econ.hhi([50, 50])
    assert after - before == pytest.approx(econ.hhi_delta(30, 20))


# a firm has no size or a size of at least 1e-3: a rival a billion times smaller than the
# leader would leave the HHI within rounding of 10,000
sizes = st.one_of(st.just(0.0), st.floats(1e-3, 1e6))


@relaxed
@given(st.lists(sizes, min_size=1, max_size=30).filter(lambda xs: sum(xs) > 0))
def test_hhi_is_between_0_and_10000_and_10000_only_for_a_monopoly(sizes):
    shares = econ.shares_from_sizes(sizes)
    value = econ.hhi(shares)
    assert 0 <= value <= 10_000 * (1 + 1e-12)
    monopoly = sum(1 for s in shares if s > 0) == 1
    assert (value == pytest.approx(10_000, abs=1e-9)) == monopoly
    assert value >= 10_000 / len(sizes) * (1 - 1e-9)  # equal shares give the minimum


@pytest.mark.parametrize(("shares", "error", "fragment"), [
    ([60, 50], ValueError, r"shares_percent must add up to at most 100; got \[60, 50\]"),
    ([120], ValueError, r"shares_percent must contain only values .*<= 100; got 120.0"),
    ([-5, 50], ValueError, r"shares_percent .*got -5.0 at index 0"),
    ([], ValueError, r"non-empty"),
    ([[50, 50]], ValueError, r"1-D"),
    (80, TypeError, r"a list or 1-D array"),
    (["80", "20"], TypeError, r"array of numbers"),
])
def test_bad_shares(shares, error, fragment):
    with pytest.raises(error, match=fragment):
        econ.hhi(shares)


def test_bad_band_arguments():
    with pytest.raises(ValueError,
                       match=r"guidelines must be one of '2023', '2010', '1992'; got '1982'"):
        econ.hhi_band(100, guidelines="1982")
    with pytest.raises(ValueError, match=r"hhi must be a finite number >= 0 and <= 10000"):
        econ.hhi_band(12_000)
    with pytest.raises(ValueError, match=r"sizes must include at least one size > 0"):
        econ.shares_from_sizes([0, 0])


# ---------------------------------------------------------------- diffusion


def rk4_bass(p, q, m, t_end, steps):
    """Integrate dN/dt = (p + q N / m)(m - N) from N(0) = 0 with classic Runge-Kutta."""
    def f(n):
        return (p + q * n / m) * (m - n)
    n, h = 0.0, t_end / steps
    for _ in range(steps):
        k1 = f(n)
        k2 = f(n + h * k1 / 2)
        k3 = f(n + h * k2 / 2)
        k4 = f(n + h * k3)
        n += h * (k1 + 2 * k2 + 2 * k3 + k4) / 6
    return n


@pytest.mark.parametrize(("p", "q", "m"), [(0.03, 0.38, 1000), (0.01, 0.9, 5e6), (0.2, 0.05, 1)])
@pytest.mark.parametrize("t", [0.5, 3, 10, 25])
def test_bass_closed_form_matches_numerical_integration(p, q, m, t):
    assert econ.bass_adoption(p, q, m, t) == pytest.approx(rk4_bass(p, q, m, t, 4000), rel=1e-8)


def test_bass_new_adopters_add_up_and_peak_where_predicted():
    t = np.arange(1, 41)
    new = econ.bass_new_adopters(0.01, 0.5, 100, t)
    assert new.sum() == pytest.approx(econ.bass_adoption(0.01, 0.5, 100, 40))
    peak = econ.bass_peak_time(0.01, 0.5)
    assert peak == pytest.approx(math.log(50) / 0.51)
    assert abs(int(np.argmax(new)) + 0.5 - peak) <= 1  # the busiest period contains the peak


@settings(max_examples=60, deadline=None)
@given(p=st.floats(1e-4, 1), q=st.floats(0, 2), m=st.floats(1, 1e9),
       ts=st.lists(st.floats(0, 500), min_size=2, max_size=20))
def test_adoption_never_falls_and_never_exceeds_m(p, q, m, ts):
    times = np.sort(np.array(ts))
    adopters = econ.bass_adoption(p, q, m, times)
    assert np.all(np.diff(adopters) >= -1e-9 * m)
    assert np.all(adopters <= m * (1 + 1e-12)) and np.all(adopters >= 0)


def test_bad_bass_inputs():
    with pytest.raises(ValueError, match=r"p must be a finite number > 0; got 0"):
        econ.bass_adoption(0, 0.3, 100, 1)
    with pytest.raises(ValueError, match=r"t must contain only values that are .*>= 0; got -1.0"):
        econ.bass_adoption(0.03, 0.3, 100, [1, -1])
    with pytest.raises(ValueError, match=r"t must be a finite number >= 1; got 0.5"):
        econ.bass_new_adopters(0.03, 0.3, 100, 0.5)
    with pytest.raises(TypeError, match=r"m must be .*got '100' \(str\)"):
        econ.bass_adoption(0.03, 0.3, "100", 1)


# ---------------------------------------------------------------- games

PD_ROW = [[3, 0], [5, 1]]  # 0 cooperate, 1 defect
PD_COL = [[3, 5], [0, 1]]


def test_prisoners_dilemma_has_only_defect_defect():
    assert econ.pure_nash_equilibria(PD_ROW, PD_COL) == [(1, 1)]
    assert econ.dominant_strategies(PD_ROW, PD_COL) == (1, 1)


def test_matching_pennies_has_no_pure_equilibrium():
    row = [[1, -1], [-1, 1]]
    col = [[-1, 1], [1, -1]]
    assert econ.pure_nash_equilibria(row, col) == []
    assert econ.dominant_strategies(row, col) == (None, None)


def test_coordination_game_has_two():
    payoffs = [[2, 0], [0, 1]]
    assert econ.pure_nash_equilibria(payoffs, payoffs) == [(0, 0), (1, 1)]


def test_rectangular_game_best_responses():
    # row has 3 strategies, column 2; row strategy 2 is strictly dominant
    row = [[1, 0], [0, 1], [2, 2]]
    col = [[0, 1], [1, 0], [3, 1]]
    br = econ.best_responses(row, col)
    assert br.row == [(2,), (2,)]
    assert br.col == [(1,), (0,), (0,)]
    assert econ.pure_nash_equilibria(row, col) == [(2, 0)]
    assert econ.dominant_strategies(row, col) == (2, None)


def test_ties_and_weak_dominance():
    row = [[1, 1], [1, 0]]
    col = [[1, 1], [1, 0]]
    assert econ.best_responses(row, col).row == [(0, 1), (0,)]
    assert econ.dominant_strategies(row, col) == (None, None)
    assert econ.dominant_strategies(row, col, strict=False) == (0, 0)
    assert econ.dominant_strategies(row, [[1, 1], [1, 1]], strict=False) == (0, None)
    assert econ.pure_nash_equilibria(row, col) == [(0, 0), (0, 1), (1, 0)]


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.data())
def test_equilibria_are_mutual_best_responses(n, m, data):
    cells = st.lists(st.lists(st.integers(-5, 5), min_size=m, max_size=m), min_size=n, max_size=n)
    row, col = np.array(data.draw(cells)), np.array(data.draw(cells))
    found = set(econ.pure_nash_equilibria(row, col))
    brute = {(i, j) for i in range(n) for j in range(m)
             if row[i, j] == row[:, j].max() and col[i, j] == col[i, :].max()}
    assert found == brute


@pytest.mark.parametrize(("row", "col", "error", "fragment"), [
    ([[1, 2]], [[1, 2], [3, 4]], ValueError, r"same shape; got \(1, 2\) and \(2, 2\)"),
    ([1, 2], [1, 2], ValueError, r"row_payoffs must be a 2-D array .*got shape \(2,\)"),
    ([[1, math.nan]], [[1, 2]], ValueError, r"row_payoffs .*got nan"),
    ([[1, 2], [3]], [[1, 2], [3, 4]], ValueError, r"rows of equal length"),
    ([["a"]], [[1]], TypeError, r"row_payoffs must be a 2-D array of numbers"),
    (5, [[1]], TypeError, r"row_payoffs must be a 2-D array"),
])
def test_bad_payoffs(row, col, error, fragment):
    with pytest.raises(error, match=fragment):
        econ.pure_nash_equilibria(row, col)


def test_open_closed_game_regimes_follow_the_docstring():
    # open dominant when spillover > licensing + imitation
    assert econ.open_closed_game(5, 6, 2, 3).dominant() == ("open", "open")
    # closed dominant when spillover + network < licensing + imitation
    closed = econ.open_closed_game(5, 1, 2, 3, network=1)
    assert closed.dominant() == ("closed", "closed")
    assert closed.equilibria() == [("closed", "closed")]
    # in between: a coordination game
    coord = econ.open_closed_game(5, 2, 2, 3, network=4)
    assert coord.dominant() == (None, None)
    assert coord.equilibria() == [("open", "open"), ("closed", "closed")]


def test_open_closed_game_can_be_a_prisoners_dilemma():
    game = econ.open_closed_game(10, 4, 3, 3, network=1)
    assert game.equilibria() == [("closed", "closed")]
    assert game.row_payoffs[0, 0] > game.row_payoffs[1, 1]  # both open would be better
    assert game.col_payoffs[0, 0] > game.col_payoffs[1, 1]


@relaxed
@given(own=st.floats(-10, 10), s=st.floats(0, 10), i=st.floats(0, 10),
       lic=st.floats(0, 10), net=st.floats(0, 10))
def test_open_is_dominant_exactly_when_spillover_beats_licensing_plus_imitation(own, s, i, lic,
                                                                                net):
    if abs(s - lic - i) < 1e-6 or abs(s + net - lic - i) < 1e-6:
        return  # ties: neither strictly better
    game = econ.open_closed_game(own, s, i, lic, network=net)
    assert (game.dominant()[0] == "open") == (s > lic + i)
    assert (game.dominant()[0] == "closed") == (s + net < lic + i)
    # symmetric game: the column firm sees the transpose
    assert np.allclose(game.col_payoffs, game.row_payoffs.T)


def test_asymmetric_open_closed_game():
    # an advertising firm with no licence income against an API seller
    game = econ.open_closed_game(own_value=(10, 10), spillover=(5, 2), imitation=(1, 1),
                                 licensing_revenue=(0, 6))
    assert game.dominant() == ("open", "closed")
    assert game.equilibria() == [("open", "closed")]
    table = game.table()
    assert table.shape == (2, 2) and table.iloc[0, 1].startswith("(")


def test_bad_game_parameters():
    with pytest.raises(ValueError, match=r"spillover must be a finite number >= 0; got -1"):
        econ.open_closed_game(1, -1, 0, 0)
    with pytest.raises(ValueError, match=r"imitation must be one number or a pair"):
        econ.open_closed_game(1, 1, (1, 2, 3), 0)
    with pytest.raises(TypeError, match=r"licensing_revenue must be .*not a bool"):
        econ.open_closed_game(1, 1, 1, True)
    with pytest.raises(TypeError, match=r"strict must be True or False"):
        econ.dominant_strategies(PD_ROW, PD_COL, strict="yes")


def test_economics_exports_its_names():
    for name in econ.__all__:
        assert hasattr(econ, name), name
    contract = ["training_flops", "gpu_hours", "training_cost_usd", "api_cost_usd",
                "demand_ratio", "spend_ratio", "hhi", "bass_adoption", "pure_nash_equilibria"]
    assert set(contract) <= set(econ.__all__)
