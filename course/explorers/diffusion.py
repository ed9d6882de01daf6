"""Bass diffusion curves for an open and a closed model.

Examples
--------
>>> from course import explorers
>>> ex = explorers.diffusion()
>>> ex.result["open"]["half_time"] < ex.result["closed"]["half_time"]
True
>>> ex.set(open_q=0.38)
>>> round(ex.result["open"]["half_time"], 2) == round(ex.result["closed"]["half_time"], 2)
True
"""

from __future__ import annotations

import numpy as np

from .. import economics as econ
from ..formatting import count
from ._base import Explorer, number

__all__ = ["BASS_AVERAGES", "Diffusion"]

BASS_AVERAGES = econ.BASS_AVERAGES  # notebook 06 imports it from here


class Diffusion(Explorer):
    """Explorer of Bass adoption curves: open and closed models side by side."""

    name = "diffusion"
    title = "How fast does a model spread?"
    intro = ("Bass model: each year, non-adopters adopt at rate p (innovation: on their own) "
             "plus q x the share who already adopted (imitation: word of mouth, shared tools). "
             "The closed model starts at the averages Sultan, Farley and Lehmann (1990) found "
             "for consumer products; the open model's larger q is an assumption to vary.")

    def _make_controls(self):
        p, q = BASS_AVERAGES["p"], BASS_AVERAGES["q"]
        return {
            "open_p": number("Open model: innovation p (per year)", p, 0.005, 1, 0.005),
            # the open model's stronger imitation (1.5 times q) is an assumption to vary
            "open_q": number("Open model: imitation q (per year)", round(q * 1.5, 2), 0, 3, 0.01),
            "closed_p": number("Closed model: innovation p (per year)", p, 0.005, 1, 0.005),
            "closed_q": number("Closed model: imitation q (per year)", q, 0, 3, 0.01),
            "m_millions": number("Potential adopters (millions)", 100, 10, 10_000, 10),
            "years": number("Years shown", 15, 1, 50, 1, integer=True),
        }

    def _setup(self):
        ax = self.axes
        self._open, = ax.plot([0, 1], [0, 1], color="#0072B2", label="Open model")
        self._closed, = ax.plot([0, 1], [0, 1], color="#E69F00", linestyle="--",
                                label="Closed model")
        self._peaks = ax.plot([0, 0], [0, 0], linestyle="none", marker="o", color="#000000",
                              label="Fastest growth (peak adoption)")[0]
        self._ceiling = ax.axhline(1, color="0.4", linewidth=1, linestyle=":",
                                   label="Potential adopters")
        ax.set(title="Cumulative adopters over time (Bass model)",
               xlabel="Years since release", ylabel="Adopters (millions)")
        ax.legend(loc="lower right", fontsize=9)
        self._dynamic = [self._open, self._closed, self._peaks, self._ceiling]

    def _compute(self, v):
        years, m = v["years"], v["m_millions"]
        t = np.linspace(0, years, 121)
        result = {"t": t, "m_millions": m, "years": years}
        for kind in ("open", "closed"):
            p, q = v[f"{kind}_p"], v[f"{kind}_q"]
            peak = econ.bass_peak_time(p, q)
            result[kind] = {"p": p, "q": q, "curve": econ.bass_adoption(p, q, m, t),
                            "at_end": econ.bass_adoption(p, q, m, years), "peak_time": peak,
                            "at_peak": econ.bass_adoption(p, q, m, peak),
                            "half_time": econ.bass_time_to_share(p, q, 0.5)}
        return result

    def _draw(self, r):
        t = r["t"]
        self._open.set_data(t, r["open"]["curve"])
        self._closed.set_data(t, r["closed"]["curve"])
        peaks = [(r[k]["peak_time"], r[k]["at_peak"]) for k in ("open", "closed")
                 if r[k]["peak_time"] <= r["years"]]
        self._peaks.set_data([x for x, _ in peaks], [y for _, y in peaks])
        self._ceiling.set_ydata([r["m_millions"]] * 2)
        self.axes.set(xlim=(0, r["years"]), ylim=(0, r["m_millions"] * 1.08))

    @staticmethod
    def _when(years: float) -> str:
        return "at release" if years == 0 else f"after {years:.1f} years"

    def _describe(self, r):
        o, c, m = r["open"], r["closed"], r["m_millions"] * 1e6
        o_half, c_half = self._when(o["half_time"]), self._when(c["half_time"])
        lead = o["half_time"] - c["half_time"]
        faster = ("The open model reaches half its market "
                  f"{abs(lead):.1f} years {'sooner' if lead < 0 else 'later'}."
                  if abs(lead) >= 0.05 else "Both reach half their market at about the same time.")
        return (
            f"Open model (p = {o['p']:g}, q = {o['q']:g}): half of the {count(m)} potential "
            f"adopters {o_half}; adoption grows fastest {self._when(o['peak_time'])}; "
            f"{count(o['at_end'] * 1e6)} adopters after {r['years']} years.\n"
            f"Closed model (p = {c['p']:g}, q = {c['q']:g}): half {c_half}; fastest growth "
            f"{self._when(c['peak_time'])}; {count(c['at_end'] * 1e6)} after {r['years']} "
            f"years.\n{faster}"
        ), (f"Line chart of cumulative adopters in millions over {r['years']} years, rising "
            f"towards {r['m_millions']:g} million. The open model (p {o['p']:g}, q {o['q']:g}) "
            f"reaches half {o_half} and the closed model (p {c['p']:g}, q {c['q']:g}) {c_half}.")
