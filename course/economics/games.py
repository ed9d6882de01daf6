"""Strategic choices: normal-form games, best responses, dominance and pure Nash equilibria.

A two-player game in normal form is a pair of payoff matrices of the same shape:
``row_payoffs[i, j]`` is what the row player gets when row plays ``i`` and column plays
``j``; ``col_payoffs[i, j]`` is what the column player gets. A pair ``(i, j)`` is a pure
Nash equilibrium when each strategy is a best response to the other, so neither player
gains by changing alone. :func:`open_closed_game` builds the course's 2x2 game of two
AI labs deciding whether to release their model's weights. Payoffs within a relative
1e-9 of each other count as ties.

References: J. F. Nash, "Equilibrium Points in n-Person Games", *PNAS* 36(1), 48-49
(1950); M. J. Osborne, *An Introduction to Game Theory*, Oxford University Press (2004),
chapter 2; C. Shapiro and H. R. Varian, *Information Rules* (1999), chapters 7-8;
J. Spolsky, "Strategy Letter V" (2002): commoditise your complements.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import check_matrix, check_number

__all__ = ["BestResponses", "Game", "best_responses", "dominant_strategies",
           "open_closed_game", "pure_nash_equilibria"]

_TOLERANCE = 1e-9  # payoffs this close (relative to their size) count as a tie


def _payoffs(row_payoffs, col_payoffs):
    row = check_matrix("row_payoffs", row_payoffs)
    col = check_matrix("col_payoffs", col_payoffs)
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

    *row_payoffs* and *col_payoffs* are (n, m) arrays: row has n strategies, column m.

    Examples
    --------
    The Prisoner's Dilemma (strategy 0 cooperate, 1 defect):

    >>> pd_row = [[3, 0], [5, 1]]
    >>> pd_col = [[3, 5], [0, 1]]
    >>> br = best_responses(pd_row, pd_col)
    >>> br.row, br.col
    ([(1,), (1,)], [(1,), (1,)])
    """
    row, col = _payoffs(row_payoffs, col_payoffs)
    return BestResponses(row=[_best(row[:, j]) for j in range(row.shape[1])],
                         col=[_best(col[i, :]) for i in range(col.shape[0])])


def pure_nash_equilibria(row_payoffs, col_payoffs) -> list[tuple[int, int]]:
    """All pure-strategy Nash equilibria of a two-player game, in row-major order.

    Returns ``(row strategy, column strategy)`` pairs in which each is a best response
    to the other; empty when there is none (only pure equilibria are found).

    Examples
    --------
    Prisoner's Dilemma (0 cooperate, 1 defect): only (defect, defect).

    >>> pure_nash_equilibria([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    [(1, 1)]

    Matching pennies has none; a coordination game has two:

    >>> pure_nash_equilibria([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    []
    >>> pure_nash_equilibria([[2, 0], [0, 1]], [[2, 0], [0, 1]])
    [(0, 0), (1, 1)]
    """
    responses = best_responses(row_payoffs, col_payoffs)
    return [(i, j) for i, cols in enumerate(responses.col) for j in cols
            if i in responses.row[j]]


def dominant_strategies(row_payoffs, col_payoffs, strict=True):
    """Each player's dominant strategy, if it has one.

    A strategy is *strictly* dominant when it does better than every other strategy
    whatever the opponent plays; *weakly* dominant when it never does worse and does
    better against at least one of the opponent's strategies.

    Returns ``(row player's, column player's)`` dominant strategy, each None if none.

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
    for k in range(payoffs.shape[0]):
        others = np.delete(payoffs, k, axis=0)
        gaps = payoffs[k] - others
        if strict and np.all(gaps > scale):
            return k
        if not strict and np.all(gaps > -scale) and np.all(np.any(gaps > scale, axis=1)):
            return k
    return None


@dataclass(frozen=True)
class Game:
    """A two-player game: payoff matrices (rows: the row firm's strategy) and the
    strategy names, the same for both players."""

    row_payoffs: np.ndarray
    col_payoffs: np.ndarray
    strategies: tuple[str, ...]

    def equilibria(self) -> list[tuple[str, str]]:
        """Pure Nash equilibria as pairs of strategy names."""
        return [(self.strategies[i], self.strategies[j])
                for i, j in pure_nash_equilibria(self.row_payoffs, self.col_payoffs)]

    def dominant(self, strict: bool = True) -> tuple[str | None, str | None]:
        """Each firm's dominant strategy by name, or None."""
        found = dominant_strategies(self.row_payoffs, self.col_payoffs, strict)
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
    if isinstance(value, (tuple, list, np.ndarray)):
        pair = check_number(name, value, minimum=minimum)
        if pair.shape != (2,):
            raise ValueError(f"{name} must be one number or a pair (row firm, column firm); "
                             f"got {value!r}")
        return float(pair[0]), float(pair[1])
    number = check_number(name, value, minimum=minimum, array=False)
    return number, number


def open_closed_game(own_value, spillover, imitation, licensing_revenue, network=0.0) -> Game:
    """The 2x2 game of two AI labs deciding whether to release their model's weights.

    Each firm chooses *open* (release the weights) or *closed* (keep them and sell
    access). A firm's payoff is

    ``own_value``
        what its model is worth in its own products, whatever it chooses;
    ``+ licensing_revenue`` if closed
        revenue from selling access, given up by releasing the weights (anyone can then
        run the model without paying);
    ``+ spillover`` if open
        ecosystem gains from opening: outside developers improve and build on the model,
        complements the firm sells become more valuable ("commoditise the complement"),
        hiring and standard-setting;
    ``- imitation`` if open, ``+ imitation`` (the rival's value) if the rival is open
        a rival can copy, distil or fine-tune open weights, catching up at the opener's
        expense;
    ``+ network`` if both are open
        extra value of a shared open ecosystem (common tools, formats, talent).

    So *open* is a best response to a closed rival when ``spillover > licensing_revenue
    + imitation``, and to an open rival when ``spillover + network > licensing_revenue +
    imitation``. Open is **strictly dominant** when ``spillover > licensing_revenue +
    imitation``; closed is dominant when ``spillover + network < licensing_revenue +
    imitation``; in between the game is a coordination game (both open and both closed
    are equilibria). When closed is dominant but ``spillover + network >
    licensing_revenue`` both firms would be better off open: a Prisoner's Dilemma in
    which the fear of imitation keeps everyone closed.

    Each parameter is one number for both firms, or a pair (row firm, column firm) for
    an asymmetric game; all but ``own_value`` are >= 0. The :class:`Game`'s strategies
    are ``("open", "closed")``.

    Examples
    --------
    Big ecosystem gains: opening is dominant and (open, open) the only equilibrium.

    >>> g = open_closed_game(own_value=10, spillover=6, imitation=2, licensing_revenue=3)
    >>> g.row_payoffs.tolist()
    [[16.0, 14.0], [15.0, 13.0]]
    >>> g.dominant(), g.equilibria()
    (('open', 'open'), [('open', 'open')])

    Strong imitation turns it into a Prisoner's Dilemma: closed is dominant, yet both
    firms would earn more if both opened (15 each against 13):

    >>> pd = open_closed_game(10, 4, 3, 3, network=1)
    >>> pd.equilibria(), float(pd.row_payoffs[0, 0]), float(pd.row_payoffs[1, 1])
    ([('closed', 'closed')], 15.0, 13.0)
    """
    own = _per_firm("own_value", own_value, None)
    spill = _per_firm("spillover", spillover, 0)
    copy = _per_firm("imitation", imitation, 0)
    licence = _per_firm("licensing_revenue", licensing_revenue, 0)
    both = _per_firm("network", network, 0)
    payoffs = np.zeros((2, 2, 2))  # firm, own choice, rival choice (0 open, 1 closed)
    for firm, rival in ((0, 1), (1, 0)):
        for mine in (0, 1):
            for theirs in (0, 1):
                value = own[firm]
                value += spill[firm] - copy[firm] if mine == 0 else licence[firm]
                value += copy[rival] if theirs == 0 else 0.0
                value += both[firm] if mine == theirs == 0 else 0.0
                payoffs[firm, mine, theirs] = value
    return Game(row_payoffs=payoffs[0], col_payoffs=payoffs[1].T,
                strategies=("open", "closed"))
