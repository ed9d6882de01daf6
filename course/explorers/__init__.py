"""Interactive explorers built on the course's models, one callable module each.

``explorers.corpus()`` builds a :class:`~course.explorers.corpus.Corpus`, an
:class:`~course.explorers._base.Explorer` whose controls, chart and summary update together.
"""

from . import (
    api_bill,
    claims,
    compute_thresholds,
    corpus,
    diffusion,
    elasticity,
    kwic,
    market_shares,
    openness,
    strategy_game,
    training_cost,
)
from ._base import Explorer

__all__ = ["Explorer", "NAMES", "api_bill", "claims", "compute_thresholds", "corpus", "diffusion",
           "elasticity", "kwic", "market_shares", "openness", "strategy_game", "training_cost"]

NAMES = tuple(__all__[2:])
"""The explorers, by the name of their (callable) module."""
