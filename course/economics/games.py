"""Normal-form games: best responses, dominance and pure Nash equilibria. ``row_payoffs[i, j]``
and ``col_payoffs[i, j]`` are the players' payoffs when row plays ``i`` and column ``j``;
payoffs within a relative 1e-9 of each other tie."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import check_number

__all__ = ["BestResponses", "Game", "best_responses", "dominant_strategies",
           "open_closed_game", "pure_nash_equilibria", "regime"]

_TOLERANCE = 1e-9  # payoffs this close (relative to their size) count as a tie


def _payoffs(row_payoffs, col_payoffs):
    row = check_number("row_payoffs", row_payoffs, ndim=2)
    col = check_number("col_payoffs", col_payoffs, ndim=2)
    if row.shape != col.shape:
        raise ValueError(f"row_payoffs and col_payoffs must have the same shape; got "
                         f"{row.shape} and {col.shape}")
    return row, col


def _best(values: np.ndarray) -> tuple[int, ...]:
    """Indices whose value ties with the maximum of *values*."""
    top = values.max()
    return tuple(int(k) for k in np.flatnonzero(values >= top - _TOLERANCE * max(1.0, abs(top))))


@dataclass(frozen=True)
class BestResponses:
    """Best responses: ``row[j]`` the row strategies that do best when column plays ``j``;
    ``col[i]`` the column strategies that do best when row plays ``i``."""

    row: list[tuple[int, ...]]
    col: list[tuple[int, ...]]


def best_responses(row_payoffs, col_payoffs) -> BestResponses:
    """Each player's best responses to every strategy of the other (ties kept).

    Examples
    --------
    >>> br = best_responses([[3, 0], [5, 1]], [[3, 5], [0, 1]])  # Prisoner's Dilemma
    >>> br.row, br.col  # each defects (1) whatever the other does
    ([(1,), (1,)], [(1,), (1,)])
    """
    row, col = _payoffs(row_payoffs, col_payoffs)
    return BestResponses(row=[_best(row[:, j]) for j in range(row.shape[1])],
                         col=[_best(col[i, :]) for i in range(col.shape[0])])


def pure_nash_equilibria(row_payoffs, col_payoffs) -> list[tuple[int, int]]:
    """All pure-strategy Nash equilibria: ``(row, column)`` pairs of mutual best responses.

    Examples
    --------
    >>> pure_nash_equilibria([[2, 0], [0, 1]], [[2, 0], [0, 1]])  # a coordination game
    [(0, 0), (1, 1)]
    """
    responses = best_responses(row_payoffs, col_payoffs)
    return [(i, j) for i, cols in enumerate(responses.col) for j in cols
            if i in responses.row[j]]


def dominant_strategies(row_payoffs, col_payoffs, strict=True):
    """Each player's dominant strategy ``(row, column)``, None where there is none; not
    *strict*: never worse than another strategy, and better against some opponent strategy.

    Examples
    --------
    >>> dominant_strategies([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    (1, 1)
    """
    if not isinstance(strict, bool):
        raise TypeError(f"strict must be True or False; got {strict!r}")
    row, col = _payoffs(row_payoffs, col_payoffs)
    return _dominant(row, strict), _dominant(col.T, strict)


def _dominant(payoffs: np.ndarray, strict: bool) -> int | None:
    """The row of *payoffs* (own strategy x opponent strategy) that dominates the rest."""
    scale = _TOLERANCE * max(1.0, float(np.abs(payoffs).max()))
    gaps = payoffs[:, None, :] - payoffs[None, :, :]  # gaps[k, l]: strategy k's gain over l
    beats = ((gaps > scale).all(axis=2) if strict
             else (gaps > -scale).all(axis=2) & (gaps > scale).any(axis=2))
    found = np.flatnonzero((beats | np.eye(len(payoffs), dtype=bool)).all(axis=1))
    return int(found[0]) if found.size else None


@dataclass(frozen=True)
class Game:
    """A two-player game: payoff matrices and the strategy names both players share."""

    row_payoffs: np.ndarray
    col_payoffs: np.ndarray
    strategies: tuple[str, ...]

    def equilibria(self) -> list[tuple[str, str]]:
        """Pure Nash equilibria as pairs of strategy names."""
        return [(self.strategies[i], self.strategies[j])
                for i, j in pure_nash_equilibria(self.row_payoffs, self.col_payoffs)]

    def dominant(self) -> tuple[str | None, str | None]:
        """Each firm's dominant strategy by name, or None."""
        found = dominant_strategies(self.row_payoffs, self.col_payoffs)
        return tuple(None if k is None else self.strategies[k] for k in found)

    def table(self):
        """The payoff matrix as a DataFrame of ``(row payoff, column payoff)`` cells."""
        import pandas as pd

        cells = [[f"({self.row_payoffs[i, j]:g}, {self.col_payoffs[i, j]:g})"
                  for j in range(len(self.strategies))] for i in range(len(self.strategies))]
        return pd.DataFrame(cells, index=[f"row firm: {s}" for s in self.strategies],
                            columns=[f"column firm: {s}" for s in self.strategies])


def _per_firm(name: str, value, minimum):
    """A parameter for both firms: one number, or a pair (row firm, column firm)."""
    checked = check_number(name, value, minimum=minimum)
    if np.shape(checked) not in ((), (2,)):
        raise ValueError(f"{name} must be one number or a pair (row firm, column firm); "
                         f"got {value!r}")
    return np.broadcast_to(checked, 2)


def open_closed_game(own_value, spillover, imitation, licensing_revenue, network=0.0) -> Game:
    """The 2x2 game of two AI labs choosing to release their weights (*open*) or not (*closed*).

    A firm gets ``own_value``, plus ``licensing_revenue`` if closed, plus ``spillover -
    imitation`` if open, plus ``imitation`` if the rival is open, plus ``network`` if both
    are open. Each parameter is one number for both firms or a pair (row firm, column firm);
    all but ``own_value`` are >= 0.

    Examples
    --------
    >>> pd = open_closed_game(10, 4, 3, 3, network=1)  # strong imitation: a Prisoner's Dilemma
    >>> pd.equilibria(), float(pd.row_payoffs[0, 0]), float(pd.row_payoffs[1, 1])
    ([('closed', 'closed')], 15.0, 13.0)
    """
    own = _per_firm("own_value", own_value, None)
    spill = _per_firm("spillover", spillover, 0)
    copy = _per_firm("imitation", imitation, 0)
    licence = _per_firm("licensing_revenue", licensing_revenue, 0)
    both = _per_firm("network", network, 0)

    def payoffs(me, rival):  # rows: firm *me*'s choice; columns: the rival's (open, closed)
        opened = own[me] + spill[me] - copy[me]
        closed = own[me] + licence[me]
        return np.array([[opened + copy[rival] + both[me], opened],
                         [closed + copy[rival], closed]])

    return Game(row_payoffs=payoffs(0, 1), col_payoffs=payoffs(1, 0).T,
                strategies=("open", "closed"))


def regime(game: Game) -> str:
    """The kind of :func:`open_closed_game` *game*, in a sentence for a student.

    Examples
    --------
    >>> regime(open_closed_game(10, 4, 3, 3, network=1))[:21]
    "A Prisoner's Dilemma:"
    """
    dominant = game.dominant()
    eq = game.equilibria()
    both_open, both_closed = game.row_payoffs[0, 0], game.row_payoffs[1, 1]
    if dominant == ("closed", "closed") and both_open > both_closed:
        return ("A Prisoner's Dilemma: keeping the weights closed is each firm's best move "
                "whatever the other does, yet both would earn more if both opened. The fear "
                "of being imitated keeps both closed.")
    if dominant == ("open", "open"):
        return ("Opening is dominant: the ecosystem gains outweigh the lost licensing revenue "
                "and the imitation, whatever the rival does.")
    if dominant == ("closed", "closed"):
        return "Keeping the weights closed is dominant, and both firms end up closed."
    if len(eq) == 2 and ("open", "open") in eq and ("closed", "closed") in eq:
        return ("A coordination game: opening pays only if the rival opens too (the network "
                "gain tips it), so both open and both closed are equilibria; which one happens "
                "depends on expectations and history.")
    if not eq:
        return "No pure-strategy equilibrium: each firm wants to do the opposite of the other."
    return "No strategy is dominant for both firms."
