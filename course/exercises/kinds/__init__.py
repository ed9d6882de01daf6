"""The exercise kinds, one module per class: adding a kind is adding a file (then run
``python -m course.exercises --write-schema``)."""

from __future__ import annotations

import importlib
import pkgutil

from .base import KINDS, Graded, Kind

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")


def kind_of(spec: dict) -> Kind:
    """The :class:`Kind` object for a validated exercise spec.

    Examples
    --------
    >>> kind_of({"kind": "choice", "options": {"a": "x", "b": "y"}, "answer": "b",
    ...          "feedback": {}}).grade("a").correct
    False
    """
    return KINDS[spec["kind"]](spec)


__all__ = ["Graded", "KINDS", "Kind", "kind_of"]
