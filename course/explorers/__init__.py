"""Interactive explorers built on the course's models, one module each.

Each explorer module is callable: ``explorers.corpus()`` builds a
:class:`~course.explorers.corpus.Corpus`, a composite widget (an ``ipywidgets.VBox``
subclass of :class:`~course.explorers._base.Explorer`) with labelled number boxes, one
chart and a plain-text summary that update together, and a Reset button. Drive one from
Python with ``.controls[name].value = ...`` (or ``.set(name=...)``) and read ``.result``,
``.summary_text`` and ``.alt``.

DOM classes (for browser tests): ``course-explorer`` and ``course-explorer-<name>`` on
the root, ``course-chart``, ``course-summary`` and ``course-reset`` on its parts.
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
from .api_bill import ApiBill
from .claims import Claims
from .compute_thresholds import ComputeThresholds
from .corpus import Corpus
from .diffusion import Diffusion
from .elasticity import Elasticity
from .kwic import Kwic
from .market_shares import MarketShares
from .openness import Openness
from .strategy_game import StrategyGame
from .training_cost import TrainingCost

NAMES = ("api_bill", "claims", "compute_thresholds", "corpus", "diffusion", "elasticity",
         "kwic", "market_shares", "openness", "strategy_game", "training_cost")
"""The explorers, by the name of their (callable) module."""

__all__ = ["ApiBill", "Claims", "ComputeThresholds", "Corpus", "Diffusion", "Elasticity",
           "Explorer", "Kwic", "MarketShares", "NAMES", "Openness", "StrategyGame",
           "TrainingCost", "api_bill", "claims", "compute_thresholds", "corpus", "diffusion",
           "elasticity", "kwic", "market_shares", "openness", "strategy_game", "training_cost"]
