"""The open/closed strategy game: payoffs from the student's numbers, equilibria shown.

Examples
--------
>>> from course import explorers
>>> ex = explorers.strategy_game()
>>> ex.result["equilibria"]
[('closed', 'closed')]
>>> ex.set(spillover=8)
>>> ex.result["equilibria"], ex.result["dominant"]
([('open', 'open')], ('open', 'open'))
"""

from __future__ import annotations

from .. import economics as econ
from ._base import Explorer, number

__all__ = ["StrategyGame"]

_PLAIN, _EQUILIBRIUM = "#FFFFFF", "#56B4E9"  # Okabe-Ito sky blue marks an equilibrium
_CELLS = [(i, j) for i in (0, 1) for j in (0, 1)]


class StrategyGame(Explorer):
    """Explorer of :func:`course.economics.open_closed_game` (a symmetric 2x2 game)."""

    name = "strategy-game"
    title = "Open or closed? A game between two AI labs"
    intro = ("Each lab chooses to release its weights (open) or keep them (closed). Closed "
             "keeps licensing revenue; open brings ecosystem spillovers but lets the rival "
             "imitate; if both open they share an extra network gain. Both labs have the same "
             "numbers here; the defaults are illustrative.")
    figsize = (7.0, 4.2)

    def _make_controls(self):
        return {
            "own_value": number("Value of the model in own products", 10, -50, 50, 0.5),
            "spillover": number("Ecosystem spillover from opening", 4, 0, 50, 0.5),
            "imitation": number("Value a rival captures by imitating", 3, 0, 50, 0.5),
            "licensing_revenue": number("Licensing revenue if closed", 3, 0, 50, 0.5),
            "network": number("Extra network gain if both open", 1, 0, 50, 0.5),
        }

    def _setup(self):
        from matplotlib.patches import Rectangle  # loaded with the first chart, not on import

        ax = self.axes
        self._cells, self._texts, self._tags = {}, {}, {}
        for i, j in _CELLS:
            x, y = j, 1 - i  # row 0 (open) on top
            self._cells[i, j] = ax.add_patch(Rectangle((x + 0.02, y + 0.02), 0.96, 0.96,
                                                       facecolor=_PLAIN, edgecolor="#000000",
                                                       linewidth=1))
            self._texts[i, j] = ax.text(x + 0.5, y + 0.55, "", ha="center", va="center",
                                        fontsize=11)
            self._tags[i, j] = ax.text(x + 0.5, y + 0.17, "", ha="center", va="center",
                                       fontsize=10, fontweight="bold")
        ax.set(xlim=(0, 2), ylim=(0, 2), title="Payoffs (row lab, column lab); * marks a best "
               "response", xlabel="Column lab's choice", ylabel="Row lab's choice")
        ax.set_xticks([0.5, 1.5], labels=["open", "closed"])
        ax.set_yticks([1.5, 0.5], labels=["open", "closed"])
        ax.grid(False)
        ax.spines[["left", "bottom"]].set_visible(False)
        ax.tick_params(length=0)
        self._dynamic = [*self._cells.values(), *self._texts.values(), *self._tags.values()]

    def _compute(self, v):
        game = econ.open_closed_game(v["own_value"], v["spillover"], v["imitation"],
                                     v["licensing_revenue"], v["network"])
        return {"game": game, "best": econ.best_responses(game.row_payoffs, game.col_payoffs),
                "equilibria": game.equilibria(), "dominant": game.dominant(),
                "regime": econ.regime(game), **v}

    def _draw(self, r):
        game, best, names = r["game"], r["best"], r["game"].strategies
        for (i, j), text in self._texts.items():
            row_mark = "*" if i in best.row[j] else ""
            col_mark = "*" if j in best.col[i] else ""
            text.set_text(f"{game.row_payoffs[i, j]:g}{row_mark} ,  "
                          f"{game.col_payoffs[i, j]:g}{col_mark}")
            equilibrium = (names[i], names[j]) in r["equilibria"]
            self._cells[i, j].set_facecolor(_EQUILIBRIUM if equilibrium else _PLAIN)
            self._cells[i, j].set_linewidth(3 if equilibrium else 1)
            self._tags[i, j].set_text("Nash equilibrium" if equilibrium else "")

    def _describe(self, r):
        game, names = r["game"], r["game"].strategies
        row, col = game.row_payoffs, game.col_payoffs
        cells = "; ".join(f"{names[i]}/{names[j]} ({row[i, j]:g}, {col[i, j]:g})"
                          for i, j in _CELLS)
        read = "; ".join(f"row {names[i]}, column {names[j]}: {row[i, j]:g} and {col[i, j]:g}"
                         for i, j in _CELLS)
        pairs = ", ".join(f"({a}, {b})" for a, b in r["equilibria"])
        s, lic, imit, net = (r["spillover"], r["licensing_revenue"], r["imitation"],
                             r["network"])
        return (f"Payoffs (row lab, column lab): {cells}.\n"
                f"Against a closed rival, opening pays when spillover {s:g} > licensing "
                f"{lic:g} + imitation {imit:g} = {lic + imit:g}; against an open rival when "
                f"spillover + network {s + net:g} > {lic + imit:g}.\n"
                f"Pure Nash equilibria: {pairs or 'none in pure strategies'}. {r['regime']}",
                f"Two-by-two payoff table. {read}. Nash equilibria highlighted: "
                f"{pairs or 'none'}.")
