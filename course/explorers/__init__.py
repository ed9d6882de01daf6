"""Interactive explorers built on the course's models, one function each.

Each function returns a composite widget (an ``ipywidgets.VBox`` subclass of
:class:`~course.explorers._base.Explorer`) with labelled number boxes, one chart and a
plain-text summary that update together, and a Reset button. Drive one from Python
with ``.controls[name].value = ...`` (or ``.set(name=...)``) and read ``.result``,
``.summary_text`` and ``.alt``; ``.benchmark()`` times updates.

DOM classes (for browser tests): ``course-explorer`` and ``course-explorer-<name>`` on
the root, ``course-chart``, ``course-summary`` and ``course-reset`` on its parts.
"""

from ._base import Explorer
from .api_bill import ApiBill, api_bill
from .claims import Claims, claims
from .compute_thresholds import ComputeThresholds, compute_thresholds
from .corpus import Corpus, corpus
from .diffusion import Diffusion, diffusion
from .elasticity import Elasticity, elasticity
from .kwic import Kwic, kwic
from .market_shares import MarketShares, market_shares
from .openness import Openness, openness
from .strategy_game import StrategyGame, strategy_game
from .training_cost import TrainingCost, training_cost

__all__ = ["ApiBill", "Claims", "ComputeThresholds", "Corpus", "Diffusion", "Elasticity",
           "Explorer", "Kwic", "MarketShares", "Openness", "StrategyGame", "TrainingCost",
           "api_bill", "claims", "compute_thresholds", "corpus", "diffusion", "elasticity",
           "kwic", "market_shares", "openness", "strategy_game", "training_cost"]
