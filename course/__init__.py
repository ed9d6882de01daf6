"""Open Weights, Open Markets: helpers for the course notebooks.

Importing ``course`` is cheap and changes no global state: submodules load on first
use, plotting style is applied only by an explicit call, and nothing touches the
network.

Public API
----------
DATA_DIR                   the data folder (``$COURSE_DATA_DIR`` overrides it)
load_articles, article     the five articles, clean text and paragraphs
quote                      a cited article passage for display
load_table                 a validated data table (facts, claims, models, prices, events…)
fact                       one row of ``facts.csv``
exercise                   the exercise widget for a bank id
exercises, progress        the exercise bank and the progress store
economics, policy          the models behind the course's numbers
plots, explorers           charts and interactive explorers
text, openness, claims     corpus analysis, the openness scorecard, the fact-check
brief                      the capstone brief
syllabus, selfcheck        the notebooks in order, the environment check
"""

from __future__ import annotations

import importlib

__version__ = "1.0.0"

_FUNCTIONS = {
    "load_articles": "articles",
    "article": "articles",
    "quote": "articles",
    "load_table": "tables",
    "fact": "facts",
    "exercise": "exercises",
}
_SUBMODULES = (
    "articles", "brief", "claims", "data", "economics", "exercises", "explorers", "facts",
    "openness", "plots", "policy", "progress", "selfcheck", "syllabus", "tables", "text",
)

__all__ = ["DATA_DIR", "__version__", *_FUNCTIONS, *_SUBMODULES]


def __getattr__(name: str):
    if name == "DATA_DIR":
        from .data import data_dir

        return data_dir()
    if name in _FUNCTIONS:
        return getattr(importlib.import_module(f".{_FUNCTIONS[name]}", __name__), name)
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'course' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
