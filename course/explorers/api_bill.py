"""API bill and subscription break-even: what a month of tokens costs at list prices.

Examples
--------
>>> from course import explorers
>>> ex = explorers.api_bill()
>>> ex.set(input_m=1, output_m=1, cached_pct=0)
>>> round(ex.result["bill_a"], 2), round(ex.result["bill_b"], 2)  # R1, o1
(2.74, 75.0)
"""

from __future__ import annotations

import numpy as np

from .. import economics as econ
from ..facts import fact
from ..formatting import count, money
from ..tables import records
from ._base import Bars, Explorer, decades, dropdown, nice_ceil, number

__all__ = ["ApiBill"]

_VOLUMES = np.logspace(5, 10, 60)  # 100K to 10B tokens a month, for the right-hand chart


def _citing(rows: dict, fact_id: str) -> str:
    """The id of the first price row that cites *fact_id* (else the first row)."""
    return next((k for k, r in rows.items() if fact_id in (r["fact_ids"] or ())), next(iter(rows)))


class ApiBill(Explorer):
    """Explorer of a monthly API bill for two models and a flat subscription."""

    name = "api-bill"
    title = "What does a month of tokens cost?"
    intro = ("Pick a workload and two APIs (list prices per million tokens from prices.csv) "
             "and compare their bills with a flat monthly subscription. Output tokens of "
             "reasoning models include their hidden reasoning.")
    figsize, grid = (9.0, 4.0), {"ncols": 2}

    def _make_controls(self):
        # cached input costs the full input price where no cached price is listed
        self._rows = {row["id"]: {
            **row, "label": f"{row['model']} ({row['provider']}, {row['date']})",
            "cached": row["input_usd_per_m"] if row["cached_input_usd_per_m"] is None
            else row["cached_input_usd_per_m"]} for row in records("prices")}
        options = [(r["label"], k) for k, r in self._rows.items()]
        return {
            "input_m": number("Input tokens per month (millions)", 10, 0, 100_000, 1),
            "output_m": number("Output tokens per month (millions)", 2, 0, 100_000, 1),
            "cached_pct": number("Input served from cache (%)", 0, 0, 100, 5),
            "model_a": dropdown("API A", options, _citing(self._rows, "r1-price-output")),
            "model_b": dropdown("API B", options, _citing(self._rows, "o1-price-output")),
            "subscription_usd": number("Subscription (US$ per month)",
                                       fact("chatgpt-pro-monthly").value, 0, 10_000, 10),
        }

    def _setup(self):
        left, right = self.axes
        self._bars = Bars(left, ["API A", "API B", "Subscription"],
                          ["#0072B2", "#E69F00", "#000000"], horizontal=False)
        left.set(title="This month's bill", xlabel="Option",
                 ylabel="Cost (US dollars per month)")
        self._line_a, = right.plot(_VOLUMES / 1e6, _VOLUMES, color="#0072B2", label="API A")
        self._line_b, = right.plot(_VOLUMES / 1e6, _VOLUMES, color="#E69F00", linestyle="--",
                                   label="API B")
        self._line_sub = right.axhline(1, color="#000000", linestyle=":", label="Subscription")
        self._now = right.axvline(1, color="0.5", linewidth=1, label="Your workload")
        right.set(xscale="log", yscale="log", xlim=(_VOLUMES[0] / 1e6, _VOLUMES[-1] / 1e6),
                  title="Bill against monthly volume",
                  xlabel="Tokens per month (millions, same mix)",
                  ylabel="Cost (US dollars per month)")
        right.minorticks_off()  # hundreds of minor ticks would slow every redraw
        right.legend(loc="upper left", fontsize=8)
        self._dynamic = [*self._bars.artists, self._line_a, self._line_b, self._line_sub,
                         self._now]

    @staticmethod
    def _bill(row, v, tokens_in, tokens_out):
        return econ.api_cost_usd(tokens_in, tokens_out, row["input_usd_per_m"],
                                 row["output_usd_per_m"], v["cached_pct"] / 100, row["cached"])

    def _compute(self, v):
        a, b = self._rows[v["model_a"]], self._rows[v["model_b"]]
        tokens_in, tokens_out = v["input_m"] * 1e6, v["output_m"] * 1e6
        total = tokens_in + tokens_out
        share_out = tokens_out / total if total else 0.5
        result = {"tokens": total, **v}
        for key, row in (("a", a), ("b", b)):
            result[f"bill_{key}"] = self._bill(row, v, tokens_in, tokens_out)
            result[f"breakeven_{key}"] = econ.breakeven_tokens(
                v["subscription_usd"], row["input_usd_per_m"], row["output_usd_per_m"],
                share_out, v["cached_pct"] / 100, row["cached"])
            result[f"curve_{key}"] = self._bill(row, v, _VOLUMES * (1 - share_out),
                                                _VOLUMES * share_out)
        result["no_cache_price"] = [r["label"] for r in (a, b)
                                    if r["cached_input_usd_per_m"] is None and v["cached_pct"] > 0]
        return result

    def _draw(self, r):
        bills = [r["bill_a"], r["bill_b"], r["subscription_usd"]]
        self._bars.update(bills, [money(b) for b in bills])
        left, right = self.axes
        left.set_ylim(0, nice_ceil(max(max(bills), 1e-9) * 1.15))
        self._line_a.set_ydata(np.maximum(r["curve_a"], 1e-6))
        self._line_b.set_ydata(np.maximum(r["curve_b"], 1e-6))
        self._line_sub.set_ydata([max(r["subscription_usd"], 1e-6)] * 2)
        self._now.set_xdata([max(r["tokens"], 1) / 1e6] * 2)
        low = max(min(r["curve_a"][0], r["curve_b"][0], r["subscription_usd"] or np.inf) / 3,
                  1e-4)
        high = max(r["curve_a"][-1], r["curve_b"][-1], r["subscription_usd"]) * 3
        right.set_ylim(*decades(low, high))

    def _describe(self, r):
        a, b = self._rows[r["model_a"]], self._rows[r["model_b"]]
        bill_a, bill_b, sub = money(r["bill_a"]), money(r["bill_b"]), money(r["subscription_usd"])
        even_a, even_b = count(r["breakeven_a"]), count(r["breakeven_b"])
        ratio = (f"API B costs {r['bill_b'] / r['bill_a']:.3g} times as much as API A."
                 if r["bill_a"] > 0 else "")
        lines = [
            f"A month of {r['input_m']:g}M input tokens ({r['cached_pct']:g}% from cache) and "
            f"{r['output_m']:g}M output tokens costs {bill_a} on {a['label']} and {bill_b} on "
            f"{b['label']}. {ratio}".strip(),
            f"At this mix a {sub} monthly subscription costs the same as {even_a} tokens a month "
            f"on API A and {even_b} on API B; below those volumes the API is cheaper. "
            f"Subscriptions cap or throttle heavy use, so this is an upper bound on what the "
            f"subscription buys.",
        ]
        if r["no_cache_price"]:
            lines.append("No cached-input price is listed for "
                         f"{' and '.join(r['no_cache_price'])}; its cached input is charged "
                         "at the full input price.")
        return "\n".join(lines), (
            f"Left: bar chart of this month's bill: API A {bill_a}, API B {bill_b}, "
            f"subscription {sub}. Right: bill against monthly token volume on log scales; the "
            f"subscription line crosses API A at {even_a} tokens and API B at {even_b} tokens "
            f"a month.")
