"""Price cuts, demand and spending: the Jevons question for cheaper AI.

Examples
--------
>>> from course import explorers
>>> ex = explorers.elasticity()
>>> ex.set(price_pct=10, elasticity=2)
>>> round(ex.result["demand_ratio"]), round(ex.result["spend_ratio"])
(100, 10)
"""

from __future__ import annotations

import numpy as np

from .. import economics as econ
from ..facts import fact
from ._base import Explorer, decades, number

__all__ = ["Elasticity"]

_RATIOS = np.logspace(-2, np.log10(2), 80)  # new price / old price, from 1% to 200%


class Elasticity(Explorer):
    """Explorer of constant-elasticity demand: quantity and spending after a price change."""

    name = "elasticity"
    title = "If AI gets cheaper, do we spend less on it?"
    intro = ("Demand with constant elasticity e: usage scales as (new price / old price) to "
             "the power -e, spending as that ratio to the power 1 - e. The default price cut "
             "is from o1's to R1's output price; the elasticity is an assumption to vary.")

    def _make_controls(self):
        self._o1, self._r1 = fact("o1-price-output").value, fact("r1-price-output").value
        return {
            "price_pct": number("New price (% of the old price)",
                                round(100 * self._r1 / self._o1, 2), 1, 200, 1),
            # no source measures the elasticity of demand for AI tokens: an assumption to vary
            "elasticity": number("Price elasticity of demand (size, 0 to 5)", 1.2, 0, 5, 0.1),
        }

    def _setup(self):
        ax = self.axes
        self._quantity, = ax.plot(_RATIOS * 100, _RATIOS, label="Usage (quantity)",
                                  color="#0072B2")
        self._spend, = ax.plot(_RATIOS * 100, _RATIOS, label="Spending (price x quantity)",
                               color="#D55E00", linestyle="--")
        self._points = ax.plot([1, 1], [1, 1], linestyle="none", marker="o", color="#000000",
                               label="Your price")[0]
        ax.axhline(1, color="0.4", linewidth=1)
        ax.axvline(100, color="0.4", linewidth=1)
        ax.set(xscale="log", yscale="log", xlim=(_RATIOS[0] * 100, _RATIOS[-1] * 100),
               title="Usage and spending after a price change",
               xlabel="New price (% of old price, log scale)",
               ylabel="Relative to before (x, log scale)")
        ax.minorticks_off()
        ax.legend(loc="upper right", fontsize=9)
        self._dynamic = [self._quantity, self._spend, self._points]

    def _compute(self, v):
        ratio, e = v["price_pct"] / 100, v["elasticity"]
        return {"price_ratio": ratio, "elasticity": e,
                "demand_ratio": econ.demand_ratio(ratio, e),
                "spend_ratio": econ.spend_ratio(ratio, e),
                "curve_demand": econ.demand_ratio(_RATIOS, e),
                "curve_spend": econ.spend_ratio(_RATIOS, e)}

    def _draw(self, r):
        self._quantity.set_ydata(r["curve_demand"])
        self._spend.set_ydata(r["curve_spend"])
        x = r["price_ratio"] * 100
        self._points.set_data([x, x], [r["demand_ratio"], r["spend_ratio"]])
        values = np.concatenate([r["curve_demand"], r["curve_spend"], [1.0]])
        self.axes.set_ylim(*decades(max(values.min() / 1.5, 1e-12), values.max() * 1.5))

    def _verdict(self, r):
        ratio, e, spend = r["price_ratio"], r["elasticity"], r["spend_ratio"]
        if ratio == 1:
            return "The price is unchanged, so nothing moves."
        cut = ratio < 1
        if abs(e - 1) < 1e-12:
            return "With elasticity exactly 1, spending stays the same whatever the price."
        if cut and e > 1:
            return ("Spending rises after the cut: demand is elastic (e > 1), so cheaper AI "
                    "means more total spending on it. If the cut came from efficiency (less "
                    "compute per token), total compute rises too: the Jevons paradox.")
        if cut:
            return ("Spending falls after the cut: demand is inelastic (e < 1), so usage "
                    "grows less than the price falls.")
        return ("The price rises: usage falls, and spending " +
                ("falls too (e > 1)." if spend < 1 else "rises (e < 1)."))

    def _describe(self, r):
        price, e = f"{r['price_ratio'] * 100:.3g}%", f"{r['elasticity']:g}"
        usage, spend = f"{r['demand_ratio']:.3g}", f"{r['spend_ratio']:.3g}"
        return (f"A new price of {price} of the old one (o1 to R1 output is "
                f"{100 * self._r1 / self._o1:.3g}%) with elasticity {e} multiplies usage by "
                f"{usage} and total spending by {spend}.\n{self._verdict(r)}",
                f"Log-log chart of usage and spending relative to before, against the new price "
                f"as a percentage of the old. At {price} with elasticity {e}, usage is {usage} "
                f"times and spending {spend} times what they were.")
