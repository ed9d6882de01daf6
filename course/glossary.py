"""The course glossary (``data/glossary.csv``): plain definitions of the terms it uses.

Columns: ``term``, ``definition`` (one or two sentences for a reader with intro economics
and no Python), ``first_notebook`` (``00``-``10``, where the term is first used) and
``see_also`` (``;``-separated terms of the glossary). The file is checked when it is loaded.

The glossary appendix ``notebooks/glossary.ipynb`` is generated from it (``python
tools/nbtool.py generate``), one heading per term. A term's link is
``glossary.ipynb#<anchor>``, where the anchor is the term with spaces written as hyphens:
that is the id JupyterLab gives a heading, and the website uses the same rule. So a term
holds only letters, digits, spaces, hyphens and apostrophes (put an abbreviation in the
definition, not in brackets after the term).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

from .data import data_path
from .tables import DataError

__all__ = ["COLUMNS", "Term", "load", "term"]

COLUMNS = ("term", "definition", "first_notebook", "see_also")
_NOTEBOOKS = tuple(f"{n:02d}" for n in range(11))
_TERM = re.compile(r"[A-Za-z0-9][A-Za-z0-9 '-]*")


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
    """Load and check ``data/glossary.csv`` as ``{term: Term}`` in file order.

    Raises
    ------
    DataError
        If the header is wrong, a cell is empty, a term repeats or has characters a link
        cannot carry, a notebook number is not 00-10, or a see-also names no glossary term.

    Examples
    --------
    >>> terms = load()
    >>> terms["HHI"].first_notebook, terms["HHI"].anchor
    ('06', 'HHI')
    """
    file = "glossary.csv"
    with data_path(file).open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        rows = list(reader)
    if header is None or tuple(h.strip() for h in header) != COLUMNS:
        raise DataError(f"header must be: {','.join(COLUMNS)}", file=file)
    result = {}
    for number, cells in enumerate(rows, start=1):
        if len(cells) != len(COLUMNS):
            raise DataError(f"has {len(cells)} cells, expected {len(COLUMNS)}", file=file,
                            row=number)
        record = dict(zip(COLUMNS, (c.strip() for c in cells), strict=True))

        def fail(message, column, number=number):
            raise DataError(message, file=file, row=number, column=column)

        for column in ("term", "definition", "first_notebook"):
            if not record[column]:
                fail("is empty", column)
        if record["term"] in result:
            fail(f"{record['term']!r} is defined twice", "term")
        if record["first_notebook"] not in _NOTEBOOKS:
            fail(f"{record['first_notebook']!r} is not a notebook number 00-10", "first_notebook")
        if not _TERM.fullmatch(record["term"]):
            fail(f"{record['term']!r} may hold only letters, digits, spaces, hyphens and "
                 "apostrophes (its link is the term with hyphens for spaces)", "term")
        see_also = tuple(s.strip() for s in record["see_also"].split(";") if s.strip())
        result[record["term"]] = Term(record["term"], record["definition"],
                                      record["first_notebook"], see_also)
    for number, item in enumerate(result.values(), start=1):
        unknown = [s for s in item.see_also if s not in result]
        if unknown:
            raise DataError(f"see_also names {', '.join(map(repr, unknown))}, not glossary "
                            "terms", file=file, row=number, column="see_also")
    return result


def term(name: str) -> Term:
    """Return the glossary entry *name* (case-insensitive).

    Examples
    --------
    >>> term("jevons paradox").first_notebook
    '04'
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str; got {name!r}")
    terms = load()
    found = {t.lower(): t for t in terms}.get(name.strip().lower())
    if found is None:
        raise ValueError(f"{name!r} is not in the glossary; terms: {', '.join(terms)}")
    return terms[found]
