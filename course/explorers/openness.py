"""Openness scorecard: choose which dimensions count and how much, watch the ranking move.

Examples
--------
>>> from course import explorers
>>> ex = explorers.openness()
>>> ex.result["ranking"]["name"].head(3).tolist()
['OLMo 2 13B', 'Pythia 12B', 'DeepSeek-R1']
>>> ex.set(weights=1, code=0, data_info=0, licence_type=0, commercial_use=0,
...        usage_cap=0, use_policy=0)
>>> ex.result["ranking"]["rank"].tolist().count(1)  # the 8 downloadable models tie
8
"""

from __future__ import annotations

import numpy as np

from .. import openness as card
from .. import plots
from ._base import Explorer, number

__all__ = ["Openness"]

_WATCH = ("deepseek-r1", "llama-3.1-405b")  # the two models the articles argue about


def _names(names) -> str:
    """``"A"``, ``"A and B"`` or ``"A, B and C"``."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class Openness(Explorer):
    """Explorer of the openness scorecard: one weight per dimension, heatmap and ranking."""

    name = "openness"
    title = "How open is each model? You choose what counts"
    intro = ("Give each dimension a weight from 0 (ignore it) to 10. A model's score is the "
             "weighted mean of its dimension scores (1 = most open, 0 = least open); the "
             "last column shows it with the model's rank. Rows stay in the order of the "
             "equal-weight ranking, the default.")
    figsize = (9.6, 8.4)

    def _make_controls(self):
        return {d: number(f"Weight of {card.LABELS[d].lower()}", 1, 0, 10, 1)
                for d in card.DIMENSIONS}

    def _setup(self):
        from matplotlib.patches import Rectangle

        ax = self.axes
        grid = card.heatmap_grid(None)
        self._models = grid["models"]
        k = len(card.DIMENSIONS)
        values = np.vstack([np.full(k + 1, np.nan), grid["values"]])
        notes = [[""] * (k + 1)] + [row[:k] + [""] for row in grid["annotations"]]
        plots.heatmap(values, ["Your weights"] + grid["rows"],
                      [card.LABELS[d] for d in card.DIMENSIONS] + ["Score, rank"],
                      annotations=notes, ax=ax,
                      title="Openness scorecard: your weights, your ranking",
                      xlabel="Dimension", ylabel="Model (in equal-weight order)",
                      colorbar_label="Openness score (0 = least open, 1 = most open)")
        ax.axhline(0.5, color="black", linewidth=1)
        ax.axvline(k - 0.5, color="white", linewidth=4)
        self._weight_texts = [ax.text(j, 0, "", ha="center", va="center", fontsize=10,
                                      fontweight="bold") for j in range(k)]
        self._veils = [ax.add_patch(Rectangle((j - 0.5, 0.5), 1, len(self._models),
                                              facecolor="white", alpha=0.78, hatch="//",
                                              edgecolor="0.6", linewidth=0))
                       for j in range(k)]
        self._score_cells = [ax.add_patch(Rectangle((k - 0.5, i + 0.5), 1, 1, linewidth=0))
                             for i in range(len(self._models))]
        self._score_texts = [ax.text(k, i + 1, "", ha="center", va="center", fontsize=9)
                             for i in range(len(self._models))]
        self._cmap, self._norm = ax.images[0].get_cmap(), ax.images[0].norm
        self._dynamic = [*self._veils, *self._score_cells, *self._weight_texts,
                         *self._score_texts]

    def _compute(self, v):
        return {"weights": dict(v), "ranking": card.ranking(v),
                "counted": [d for d in card.DIMENSIONS if v[d] > 0]}

    def _draw(self, r):
        for d, text, veil in zip(card.DIMENSIONS, self._weight_texts, self._veils, strict=True):
            weight = r["weights"][d]
            text.set_text(f"×{weight:g}" if weight else "off")
            veil.set_visible(not weight)
        table = r["ranking"].set_index("model")
        for model, cell, text in zip(self._models, self._score_cells, self._score_texts,
                                     strict=True):
            score, rank = table.at[model, "score"], int(table.at[model, "rank"])
            tied = int((table["rank"] == rank).sum()) > 1
            cell.set_facecolor(self._cmap(self._norm(score)))
            text.set_text(f"{score:.2f}\n#{rank}{'=' if tied else ''}")
            text.set_color("white" if self._norm(score) < 0.5 else "black")

    @staticmethod
    def _place(table, model: str) -> str:
        row = table[table["model"] == model].iloc[0]
        rank, tied = int(row["rank"]), int((table["rank"] == row["rank"]).sum())
        suffix = ("th" if 10 <= rank % 100 <= 20
                  else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th"))
        where = f"{rank}{suffix} of {len(table)}" + (" (tied)" if tied > 1 else "")
        return f"{row['name']} scores {row['score']:.2f}, {where}"

    def _describe(self, r):
        table = r["ranking"]
        top = table[table["rank"] == 1]
        bottom = table[table["score"] == table["score"].min()]
        first, last = table.iloc[0], table.iloc[-1]
        counted = _names(f"{card.LABELS[d].lower()} ×{r['weights'][d]:g}" for d in r["counted"])
        off = [card.LABELS[d].lower() for d in card.DIMENSIONS if d not in r["counted"]]
        meeting = list(table.loc[table["osaid"], "name"])
        osaid = _names(meeting) if meeting else "none"
        watched = "; ".join(self._place(table, m) for m in _WATCH) + "."
        lines = [f"Counted: {counted}." + (f" Ignored: {_names(off)}." if off else ""),
                 f"Most open: {_names(top['name'])} ({top['score'].iloc[0]:.2f}). "
                 f"Least open: {_names(bottom['name'])} ({bottom['score'].iloc[0]:.2f}).",
                 watched,
                 f"Whatever the weights, only {osaid} meet the OSI's Open Source AI "
                 f"Definition (open weights, full code, data information, an OSI-approved "
                 f"licence): a score is a summary, not a definition."]
        return "\n".join(lines), (
            f"Heatmap of openness scores for {len(table)} models on {len(card.DIMENSIONS)} "
            f"dimensions, {len(r['counted'])} of them counted, with rows sorted by weighted "
            f"score: highest {first['name']} ({first['score']:.2f}), lowest {last['name']} "
            f"({last['score']:.2f}); {watched}")
