"""Market shares and the HHI, against the US merger guidelines' concentration lines.

Examples
--------
>>> from course import explorers
>>> ex = explorers.market_shares()
>>> ex.set(firm1=20, firm2=20, firm3=20, firm4=20, firm5=20)
>>> ex.result["hhi"], ex.result["band"]
(2000.0, 'highly concentrated')
>>> ex.set(guidelines="2010")  # two lines: 1,500 and 2,500
>>> ex.result["band"]
'moderately concentrated'
"""

from __future__ import annotations

from .. import economics as econ
from ..facts import fact
from ._base import Bars, Explorer, dropdown, number

__all__ = ["MarketShares"]

_FIRMS = 8  # enough for the made-up seven-firm market of notebook 06
_BAND_NAMES = ("unconcentrated", "moderately concentrated", "highly concentrated")
_ONE_LINE_NAMES = ("not highly concentrated", "", "highly concentrated")  # 2023: one line


class MarketShares(Explorer):
    """Explorer of the HHI: type shares (or sizes), read the concentration band."""

    name = "market-shares"
    title = "How concentrated is the market?"
    intro = ("Type each firm's market share in percent (or any sizes: they are scaled to add "
             "up to 100). The HHI is the sum of the squared shares, from near 0 to 10,000.")
    figsize, grid = (8.0, 4.0), {"ncols": 2, "width_ratios": (3, 1)}

    def _make_controls(self):
        self._claim = fact("openai-share-80")
        share = self._claim.value
        self.intro += (f" The defaults repeat an article's unsourced claim that OpenAI has "
                       f"{share:g}% of the market, with the rest split between two rivals.")
        rest = (100 - share) / 2
        defaults = [share, rest, rest] + [0.0] * (_FIRMS - 3)
        controls = {f"firm{k + 1}": number(f"Firm {k + 1} share (%)", value, 0, 100, 1)
                    for k, value in enumerate(defaults)}
        controls["guidelines"] = dropdown(
            "Concentration bands", [("2023 Merger Guidelines", "2023"),
                                    ("2010 Horizontal Merger Guidelines", "2010"),
                                    ("1992 Horizontal Merger Guidelines", "1992")], "2023")
        return controls

    def _setup(self):
        shares_ax, hhi_ax = self.axes
        self._bars = Bars(shares_ax, [f"Firm {k + 1}" for k in range(_FIRMS)], "#0072B2")
        shares_ax.set(xlim=(0, 115), title="Market shares", xlabel="Share of the market (%)",
                      ylabel="Firm")
        self._bands = hhi_ax.bar([0, 0, 0], [1, 1, 1], bottom=[0, 1, 2], width=0.8,
                                 color=("#56B4E9", "#F0E442", "#E69F00"))  # Okabe-Ito
        self._band_texts = [hhi_ax.text(0, 0, name.replace(" ", "\n"), ha="center",
                                        va="center", fontsize=8) for name in _BAND_NAMES]
        self._marker = hhi_ax.axhline(0, color="#000000", linewidth=3)
        self._marker_text = hhi_ax.text(0.45, 0, "", va="bottom", ha="right", fontsize=9,
                                        fontweight="bold")
        hhi_ax.set(xlim=(-0.5, 0.5), ylim=(0, 10_000), xticks=[], title="HHI", xlabel="Band",
                   ylabel="HHI (0 to 10,000)")
        hhi_ax.grid(False)
        self._dynamic = [*self._bars.artists, *self._bands, *self._band_texts, self._marker,
                         self._marker_text]

    def _compute(self, v):
        sizes = [v[f"firm{k + 1}"] for k in range(_FIRMS)]
        if sum(sizes) <= 0:
            raise ValueError("every share is 0; give at least one firm a share above 0")
        shares = econ.shares_from_sizes(sizes)
        value = econ.hhi(shares)
        return {"sizes": sizes, "shares": shares.tolist(), "hhi": value,
                "band": econ.hhi_band(value, v["guidelines"]), "guidelines": v["guidelines"],
                "bands": econ.HHI_BANDS[v["guidelines"]],
                "scaled": abs(sum(sizes) - 100) > 1e-9,
                "is_default": v == self._defaults}

    def _draw(self, r):
        self._bars.update(r["shares"], [f"{share:.3g}%" for share in r["shares"]], gap=1.5)
        bands = r["bands"]
        one_line = bands.moderate_from is None
        lower = bands.high_above if one_line else bands.moderate_from
        edges = (0.0, lower, bands.high_above, 10_000.0)
        names = _ONE_LINE_NAMES if one_line else _BAND_NAMES
        for k, (bar, text) in enumerate(zip(self._bands, self._band_texts, strict=True)):
            bar.set(y=edges[k], height=edges[k + 1] - edges[k])
            text.set(y=(edges[k] + edges[k + 1]) / 2, text=names[k].replace(" ", "\n"))
        self._marker.set_ydata([r["hhi"]] * 2)
        self._marker_text.set(y=min(r["hhi"], 9_400) + 60, text=f"{r['hhi']:,.0f}")

    def _describe(self, r):
        bands = r["bands"]
        shares = " / ".join(f"{s:.3g}" for s in r["shares"] if s > 0)
        high = f"highly concentrated above {bands.high_above:,.0f}"
        lines_drawn = (f"their only line: {high}" if bands.moderate_from is None
                       else f"unconcentrated below {bands.moderate_from:,.0f}, {high}")
        lines = [f"Shares {shares} (%) give an HHI of {r['hhi']:,.0f}: {r['band']} under the "
                 f"{r['guidelines']} guidelines ({lines_drawn})."]
        if r["scaled"]:
            lines.append(f"The numbers typed add up to {sum(r['sizes']):g}, so they were "
                         "scaled to add up to 100%.")
        if r["is_default"]:
            lines.append(f"The 80% share is unverified: {self._claim.statement}")
        firms = ", ".join(f"firm {k + 1} {s:.3g}%" for k, s in enumerate(r["shares"]) if s > 0)
        return "\n".join(lines), (
            f"Bar chart of market shares ({firms}) and a scale of the HHI from 0 to 10,000 with "
            f"the {r['guidelines']} bands; the HHI is {r['hhi']:,.0f}, {r['band']}.")
