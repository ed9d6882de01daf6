"""The course glossary (``data/glossary.csv``), from which ``notebooks/glossary.ipynb`` is
generated."""

from __future__ import annotations

from dataclasses import dataclass

from .tables import records

__all__ = ["Term", "load"]


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    first_notebook: str
    see_also: tuple[str, ...]

    @property
    def anchor(self) -> str:
        """The term's heading id, as JupyterLab and the website make it (spaces as hyphens, so a
        term holds only letters, digits, spaces, - and '), e.g. ``Open-weights``."""
        return self.term.replace(" ", "-")

    @property
    def link(self) -> str:
        """The link target of the term from a notebook, e.g. ``glossary.ipynb#Open-weights``."""
        return f"glossary.ipynb#{self.anchor}"


def load() -> dict[str, Term]:
    """``data/glossary.csv`` as ``{term: Term}`` in file order.

    Examples
    --------
    >>> terms = load()
    >>> terms["HHI"].first_notebook, terms["HHI"].anchor
    ('06', 'HHI')
    """
    return {row["term"]: Term(**row) for row in records("glossary")}
