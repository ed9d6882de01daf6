"""Training-cost calculator: from parameters and tokens to FLOP, GPU-hours, days and dollars.

Examples
--------
>>> from course import explorers
>>> ex = explorers.training_cost()
>>> round(ex.result["cost_usd"] / 1e6, 2)  # the defaults reproduce the report
5.58
>>> ex.controls["usd_per_gpu_hour"].value = 4.0
>>> round(ex.result["cost_usd"] / 1e6, 1)
11.2
"""

from __future__ import annotations

from .. import economics as econ
from ..facts import fact
from ..formatting import count, money, sci
from ._base import Bars, Explorer, nice_ceil, number

__all__ = ["TrainingCost"]


class TrainingCost(Explorer):
    """Explorer of the 6·N·D cost chain; defaults reproduce DeepSeek-V3's reported run."""

    name = "training-cost"
    title = "What does a training run cost?"
    intro = ("Compute = 6 x active parameters x tokens; GPU-hours = compute / (peak x "
             "utilisation); cost = GPU-hours x rental price. The defaults are DeepSeek-V3's "
             "figures, with the utilisation that makes them match its reported GPU-hours.")

    def _make_controls(self):
        params, tokens, peak, hours = (fact(k).value for k in (
            "v3-params-active", "v3-tokens", "h800-peak-bf16", "v3-gpu-hours-total"))
        self._reported = {"hours": hours, "cost": fact("v3-cost-usd").value,
                          "llama_hours": fact("llama31-405b-gpu-hours").value}
        utilization = econ.implied_utilization(econ.training_flops(params, tokens), hours, peak)
        return {
            "params_b": number("Active parameters (billions)", params / 1e9, 1, 5000, 1),
            "tokens_t": number("Training tokens (trillions)", tokens / 1e12, 0.1, 200, 0.1),
            "peak_tflops": number("Peak per GPU (TFLOP/s)", peak / 1e12, 1, 20000, 1),
            "utilization_pct": number("Utilisation of peak (%)", round(utilization * 100, 1),
                                      1, 100, 1),
            "usd_per_gpu_hour": number("Rental price (US$ per GPU-hour)",
                                       fact("v3-rental-price").value, 0.1, 50, 0.1),
            "n_gpus": number("GPUs in the cluster", fact("v3-gpus").value, 8, 1_000_000, 8,
                             integer=True),
        }

    def _setup(self):
        ax = self.axes
        self._bars = Bars(ax, ["Your run", "DeepSeek-V3 as reported",
                               "Llama 3.1 405B at your price"], ["#0072B2", "#E69F00", "#009E73"])
        ax.set_title("Training cost of one final run", pad=20)
        ax.set(xlabel="Cost (million US dollars)", ylabel="Run")
        self._run = ax.text(0.0, 1.01, "", transform=ax.transAxes, ha="left", va="bottom",
                            fontsize=9, color="#000000")  # under the title
        self._dynamic = [*self._bars.artists, self._run]

    def _compute(self, v):
        flops = econ.training_flops(v["params_b"] * 1e9, v["tokens_t"] * 1e12)
        hours = econ.gpu_hours(flops, v["peak_tflops"] * 1e12, v["utilization_pct"] / 100)
        price = v["usd_per_gpu_hour"]
        return {"flops": flops, "gpu_hours": hours,
                "cost_usd": econ.training_cost_usd(hours, price),
                "days": econ.training_days(hours, v["n_gpus"]),
                "reported_cost_usd": self._reported["cost"],
                "reported_gpu_hours": self._reported["hours"],
                "llama_cost_usd": econ.training_cost_usd(self._reported["llama_hours"], price),
                **v}

    def _draw(self, r):
        costs = [r["cost_usd"], r["reported_cost_usd"], r["llama_cost_usd"]]
        top = max(costs) / 1e6
        self._bars.update([c / 1e6 for c in costs], [money(c) for c in costs], gap=top * 0.01)
        self.axes.set_xlim(0, nice_ceil(top * 1.2))
        self._run.set_text(f"Your run: {sci(r['flops'])} FLOP, {count(r['gpu_hours'])} "
                           f"GPU-hours, {r['days']:.1f} days on {r['n_gpus']:,} GPUs")

    def _describe(self, r):
        cost, reported, llama = (money(r[k]) for k in ("cost_usd", "reported_cost_usd",
                                                       "llama_cost_usd"))
        return (
            f"6 x {r['params_b']:g}B active parameters x {r['tokens_t']:g}T tokens = "
            f"{sci(r['flops'])} FLOP. At {r['utilization_pct']:g}% of {r['peak_tflops']:g} "
            f"TFLOP/s per GPU that takes {count(r['gpu_hours'])} GPU-hours: "
            f"{r['days']:.1f} days on {r['n_gpus']:,} GPUs, and {cost} at "
            f"${r['usd_per_gpu_hour']:.2f} per GPU-hour.\n"
            f"DeepSeek-V3's report gives {count(r['reported_gpu_hours'], 4)} GPU-hours and "
            f"{money(r['reported_cost_usd'], 4)} for its final training run only: it leaves out "
            f"earlier research and ablation runs, buying the GPUs, data and staff. "
            f"Llama 3.1 405B's {count(self._reported['llama_hours'], 4)} GPU-hours (on H100s) "
            f"would cost {llama} at the same price.",
            f"Bar chart of training cost in million US dollars: your run {cost}, DeepSeek-V3 as "
            f"reported {reported}, Llama 3.1 405B at your price {llama}. "
            f"{self._run.get_text()}.")  # the line _draw wrote under the title
