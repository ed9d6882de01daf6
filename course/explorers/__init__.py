"""Interactive explorers built on the course's models, one module each.

Each explorer module is callable: ``explorers.corpus()`` builds a
:class:`~course.explorers.corpus.Corpus`, a composite widget (a subclass of
:class:`~course.explorers._base.Explorer`) with labelled controls, one chart and a
plain-text summary that update together, and a Reset button. Drive one from Python with
``.controls[name].value = ...`` (or ``.set(name=...)``) and read ``.result``,
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

__all__ = ["Explorer", "NAMES", "api_bill", "claims", "compute_thresholds", "corpus", "diffusion",
           "elasticity", "kwic", "market_shares", "openness", "strategy_game", "training_cost"]

NAMES = tuple(__all__[2:])
"""The explorers, by the name of their (callable) module."""
