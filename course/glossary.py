"""The course glossary (``data/glossary.csv``), from which ``notebooks/glossary.ipynb`` is
generated; links point at ``glossary.ipynb#<anchor>``, the id JupyterLab and the website give
the term's heading (spaces as hyphens), so a term holds only letters, digits, spaces, - and '.
"""

from __future__ import annotations

from dataclasses import dataclass

from .tables import load_table

__all__ = ["Term", "load"]


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    first_notebook: str
    see_also: tuple[str, ...]

    @property
    def anchor(self) -> str:
        """The heading id of the term in the glossary appendix, e.g. ``Open-weights``."""
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
    return {row.term: Term(row.term, row.definition, row.first_notebook, row.see_also)
            for row in load_table("glossary").itertuples()}
