"""The course glossary (``data/glossary.csv``): plain definitions of the terms it uses.

Columns: ``term``, ``definition`` (one or two sentences for a reader with intro economics
and no Python), ``first_notebook`` (``00``-``10``, where the term is first used) and
``see_also`` (``;``-separated terms of the glossary), checked like the other tables.

The glossary appendix ``notebooks/glossary.ipynb`` is generated from it (``python
tools/nbtool.py generate``), one heading per term. A term's link is
``glossary.ipynb#<anchor>``, where the anchor is the term with spaces written as hyphens:
that is the id JupyterLab gives a heading, and the website uses the same rule. So a term
holds only letters, digits, spaces, hyphens and apostrophes (put an abbreviation in the
definition, not in brackets after the term).
"""

from __future__ import annotations

from dataclasses import dataclass

from .tables import load_table

__all__ = ["Term", "load", "term"]


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

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
    """Load ``data/glossary.csv`` as ``{term: Term}`` in file order.

    The file is a table of :func:`course.tables.load_table` (its schema is in
    ``data/tables.schema.json``): a bad row raises :class:`~course.tables.DataError`.

    Examples
    --------
    >>> terms = load()
    >>> terms["HHI"].first_notebook, terms["HHI"].anchor
    ('06', 'HHI')
    """
    return {row.term: Term(row.term, row.definition, row.first_notebook, row.see_also)
            for row in load_table("glossary").itertuples()}


def term(name: str) -> Term:
    """Return the glossary entry *name* (case-insensitive).

    Examples
    --------
    >>> term("jevons paradox").first_notebook
    '04'
    """
    terms = load()
    found = {t.lower(): t for t in terms}.get(name.strip().lower())
    if found is None:
        raise ValueError(f"{name!r} is not in the glossary; terms: {', '.join(terms)}")
    return terms[found]
