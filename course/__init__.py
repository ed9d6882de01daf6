"""Open Weights, Open Markets: helpers for the course notebooks.

Importing ``course`` is cheap and changes no global state: the names in ``__all__`` load
on first use, plotting style is applied only by an explicit call, and nothing uses the network.
"""

from __future__ import annotations

import importlib

__version__ = "1.0.0"

_FUNCTIONS = {"load_articles": "articles", "article": "articles", "quote": "articles",
              "load_table": "tables", "fact": "facts", "exercise": "exercises"}
_SUBMODULES = (
    "articles", "brief", "capstone", "claims", "data", "economics", "exercises", "explorers",
    "facts", "handin", "openness", "plots", "policy", "progress", "selfcheck", "syllabus",
    "tables", "text",
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
