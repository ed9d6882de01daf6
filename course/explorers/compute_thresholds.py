"""Training compute against the EU and US compute thresholds, over time.

Examples
--------
>>> import datetime
>>> from course import explorers
>>> ex = explorers.compute_thresholds()
>>> ex.set(flop="3.2×10^26", as_of=datetime.date(2024, 6, 1))
>>> ex.result["applies"]
['us-eo-14110']
>>> ex.set(flop="3.8e25", as_of=datetime.date(2025, 9, 1))  # or 3.8×10^25, or all the digits
>>> ex.summary_text.split(" is bound")[0]
'On 2025-09-01 a model trained with 3.8e25 FLOP (about 10^25.6)'
"""

from __future__ import annotations

import datetime as _dt
import math

import ipywidgets as widgets

from .. import policy
from ..answers import AnswerError, parse_number
from ..facts import fact
from ..formatting import sci
from ..plots import as_date
from ..tables import records
from ._base import _STYLE, Explorer, checkbox, text_box

__all__ = ["ComputeThresholds"]

_START, _END = _dt.date(2023, 1, 1), _dt.date(2026, 12, 31)
_LOWEST, _HIGHEST = 1e20, 1e28  # the compute the chart's fixed axis can show


class ComputeThresholds(Explorer):
    """Explorer of :func:`course.policy.thresholds_crossed` with real models marked."""

    name = "compute-thresholds"
    title = "Which compute rules would a model fall under?"
    intro = ("Type a model's training compute in FLOP (3.8e25, 3.8×10^25 or all the digits; "
             "press Enter) and pick a date. The lines are the compute thresholds of the EU AI "
             "Act and of US Executive Order 14110 (until it was revoked); dots are real models "
             "from models.csv.")
    figsize = (8.0, 4.4)

    def _make_controls(self):
        self._rules = {r.id: r for r in policy.threshold_rules()}
        self._main = [self._rules[k] for k in ("eu-ai-act-51", "us-eo-14110", "us-eo-14110-bio")]
        eu, us, bio = self._main
        self.intro += (f" The EU AI Act presumes systemic risk above {sci(eu.threshold)} FLOP; "
                       f"EO 14110 required reports above {sci(us.threshold)} "
                       f"({sci(bio.threshold)} for models trained mainly on biological "
                       f"sequence data) from {us.in_force_from} until {us.revoked_on}.")
        self._models = [(row["name"], row["released"], row["training_flop"])
                        for row in records("models") if row["training_flop"] is not None]
        default = fact("llama31-405b-flop").value
        return {
            "flop": text_box("Training compute (FLOP)", sci(default), "e.g. 1.5×10^26"),
            "as_of": widgets.DatePicker(description="Date to judge on", value=_dt.date.today(),
                                        **_STYLE),
            "biological": checkbox("Trained mainly on biological sequence data"),
        }

    def _assign(self, values: dict) -> None:
        """The compute may also be given as a number (``set(flop=3.8e25)``)."""
        if isinstance(values.get("flop"), int | float) and not isinstance(values["flop"], bool):
            values["flop"] = repr(float(values["flop"]))
        super()._assign(values)

    def _setup(self):
        ax = self.axes
        eu, us, bio = self._main
        ax.plot([eu.in_force_from, eu.obligations_from], [eu.threshold] * 2, color="#0072B2",
                linestyle=":", label="EU AI Act: in force, duties not yet applying")
        ax.plot([eu.obligations_from, _dt.date(2100, 1, 1)], [eu.threshold] * 2, color="#0072B2",
                label="EU AI Act Art. 51(2): duties apply")  # no end: off the right edge
        ax.plot([us.in_force_from, us.revoked_on], [us.threshold] * 2, color="#D55E00",
                label="US EO 14110 §4.2(b) (until revoked)")
        self._bio = ax.plot([bio.in_force_from, bio.revoked_on], [bio.threshold] * 2,
                            color="#D55E00", linestyle="--",
                            label="US EO 14110, biological sequence data")[0]
        days = [as_date(released) for _, released, _ in self._models]
        ax.plot(days, [flop for *_, flop in self._models], linestyle="none", marker="o",
                color="#009E73", label="Real models (models.csv)")
        for (name, _, flop), day in zip(self._models, days, strict=True):
            ax.annotate(name, (day, flop), xytext=(6, 4), textcoords="offset points", fontsize=8)
        self._you = ax.plot([_START], [1e25], linestyle="none", marker="*", markersize=16,
                            color="#000000", label="Your model")[0]
        self._day = ax.axvline(_START, color="0.5", linewidth=1)
        self._you_label = ax.annotate("", (_START, 1e25), xytext=(-10, 10),
                                      textcoords="offset points", ha="right", fontsize=9,
                                      fontweight="bold")
        ax.set(yscale="log", ylim=(_LOWEST / 10, _HIGHEST * 10),  # fixed: the input is checked
               title="Training compute against the compute thresholds", xlabel="Date",
               ylabel="Training compute (FLOP, log scale)")
        ax.minorticks_off()
        ax.legend(loc="upper left", fontsize=7, ncols=2)
        self._dynamic = [self._you, self._day, self._bio, self._you_label]

    def _compute(self, v):
        if v["as_of"] is None:
            raise ValueError("pick a date to judge on (the date box is empty)")
        try:
            flops = parse_number(v["flop"], unit="FLOP")
        except AnswerError as error:
            raise ValueError(f"{error} Training compute reads best as 3.8e25 or "
                             "3.8×10^25.") from None
        if not _LOWEST <= flops <= _HIGHEST:
            meant = (f"; if you meant 10^{flops:g}, type {sci(10.0 ** flops)}"
                     if math.log10(_LOWEST) <= flops <= math.log10(_HIGHEST) else "")
            raise ValueError(f"type a training compute between {sci(_LOWEST)} and "
                             f"{sci(_HIGHEST)} FLOP (the chart's range); got {sci(flops)}{meant}")
        checks = policy.thresholds_crossed(flops, as_of=v["as_of"], biological=v["biological"])
        return {"training_flops": flops, "as_of": v["as_of"], "biological": v["biological"],
                "checks": checks, "applies": [c.rule.id for c in checks if c.applies],
                "crossed": [c.rule.id for c in checks if c.crossed and c.in_scope]}

    def _draw(self, r):
        day = r["as_of"]
        self._you.set_data([day], [r["training_flops"]])
        self._you_label.xy = (day, r["training_flops"])
        self._you_label.set_text(f"Your model: {sci(r['training_flops'])} FLOP")
        self._day.set_xdata([day, day])
        self._bio.set_linewidth(4.0 if r["biological"] else 1.2)  # in scope: drawn bold
        low = min(_START, day - _dt.timedelta(days=120))
        high = max(_END, day + _dt.timedelta(days=120))
        self.axes.set_xlim(low, high)
        left_half = (day - low) < (high - low) / 2  # keep the label inside the axes
        self._you_label.set_horizontalalignment("left" if left_half else "right")
        self._you_label.set_position((10 if left_half else -10, 10))

    def _describe(self, r):
        eu, us, bio = self._main
        flops, names = r["training_flops"], [self._rules[k].name for k in r["applies"]]
        lines = [f"On {r['as_of'].isoformat()} a model trained with {sci(flops)} FLOP (about "
                 f"10^{math.log10(flops):.1f}) is bound by "
                 + (" and ".join(names) if names else "none of these compute-threshold rules")
                 + ".", *(c.explain() for c in r["checks"])]
        if self._models:
            lines.append("For comparison: "
                         + ", ".join(f"{n} ({sci(f)} FLOP)" for n, _, f in self._models) + ".")
        models = ", ".join(f"{n} {sci(f)} FLOP ({d})" for n, d, f in self._models)
        crossed = [self._rules[k].name for k in r["crossed"]]
        where = ("above " + " and ".join(crossed)) if crossed else "below every line"
        return "\n".join(lines), (
            f"Chart of training compute (log scale) against date. EU line at "
            f"{sci(eu.threshold)} FLOP from {eu.in_force_from} (duties from "
            f"{eu.obligations_from}); US line at {sci(us.threshold)} from {us.in_force_from} "
            f"until {us.revoked_on}. Real models: {models}. Your model: {sci(flops)} FLOP on "
            f"{r['as_of']}, {where}. The biological line ({sci(bio.threshold)}) is "
            + ("in scope and drawn bold." if r["biological"] else "out of scope."))
