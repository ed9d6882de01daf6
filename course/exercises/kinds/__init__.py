"""The exercise kinds: one class per kind, one module per class.

Every module of this package is imported here, and each :class:`~.base.Kind` subclass
that sets ``name`` registers itself, so adding a kind is adding one file (then regenerate
``data/exercises/schema.json``: ``python -m course.exercises --write-schema``).
"""

from __future__ import annotations

import importlib
import pkgutil

from .base import Graded, Kind

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

KINDS: dict[str, type[Kind]] = Kind.registry
"""``{kind name: class}``, in the order the modules were imported."""


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
