"""The course bibliography (``data/references.bib``, read with ``pybtex``) and the facts that
cite it (``data/fact_bib.csv``)."""

from __future__ import annotations

from dataclasses import dataclass

from .data import cached_on_files, data_path
from .tables import DataError, records

__all__ = ["Entry", "cite", "fact_bib", "load"]


@dataclass(frozen=True)
class Entry:
    """One BibTeX entry; field names in lower case, people as ``"First Last and First Last"``."""

    type: str
    fields: dict


@cached_on_files(lambda: [data_path("references.bib")])
def load() -> dict[str, Entry]:
    """``data/references.bib`` as ``{key: Entry}`` (else :class:`~course.tables.DataError`),
    cached while the file is unchanged: read it, do not modify.

    Examples
    --------
    >>> load()["deepseek2024v3"].fields["year"]
    '2024'
    """
    import pybtex.errors
    from pybtex.database import BibliographyDataError, parse_string

    with pybtex.errors.capture() as errors:  # every problem, whatever pybtex's global mode
        data = parse_string(data_path("references.bib").read_text(encoding="utf-8"), "bibtex")
    for error in errors:
        if isinstance(error, BibliographyDataError):  # a repeated key is its only one here
            key = str(error).rpartition(": ")[2]
            raise DataError(f"the key {key!r} appears twice", file="references.bib")
        raise DataError(f"is not well-formed BibTeX ({error}; an unbalanced brace or a "
                        "missing '=' or ','?)", file="references.bib")
    result = {}
    for key, item in data.entries.items():
        fields = {name.lower(): " ".join(value.split()) for name, value in item.fields.items()}
        for role, people in item.persons.items():
            fields[role.lower()] = " and ".join(
                " ".join(p.bibtex_first_names + p.prelast_names + p.last_names + p.lineage_names)
                for p in people)
        missing = [f for f in ("title", "year") if not fields.get(f)]
        if missing:
            raise DataError(f"entry {key!r} lacks {', '.join(missing)}", file="references.bib")
        result[key] = Entry(item.type.lower(), fields)
    return result


def cite(key: str) -> str:
    """Format one entry in the course's citation style (Markdown, author–date).

    Examples
    --------
    >>> cite("huff1954how")
    'Darrell Huff (1954). *How to Lie with Statistics*. W. W. Norton.'
    """
    item = load().get(key)
    if item is None:
        raise ValueError(f"There is no entry {key!r} in data/references.bib.")
    f = {k: v.replace("{", "").replace("}", "").replace("\\&", "&").replace("--", "–")
         for k, v in item.fields.items()}  # BibTeX markup as plain text
    who = f.get("author") or f.get("editor") or f.get("institution") or f.get("publisher", "")
    head = f"{who.replace(' and ', ', ', who.count(' and ') - 1)} ({f['year']})"
    if item.type in ("book", "manual"):
        parts = [head, f"*{f['title']}*", f.get("edition", ""), f.get("publisher", "")]
    elif item.type == "article":
        volume = f.get("volume", "") + (f"({f['number']})" if f.get("number") else "")
        pages = f", {f['pages']}" if f.get("pages") else ""
        parts = [head, f"“{f['title']}”", f"*{f['journal']}* {volume}".strip() + pages]
    else:
        venue = f.get("booktitle") or f.get("journal") or f.get("institution") \
            or f.get("howpublished") or f.get("publisher", "")
        parts = [head, f"“{f['title']}”", venue if venue != who else ""]
    text = ". ".join(p.rstrip(".") for p in parts if p) + "."
    return text + (f" <{f['url']}>" if f.get("url") and item.type != "book" else "")


def fact_bib() -> dict[str, str]:
    """``data/fact_bib.csv`` as ``{fact_id: bib_key}``.

    Examples
    --------
    >>> fact_bib()["v3-gpu-hours-total"]
    'deepseek2024v3'
    """
    return {row["fact_id"]: row["bib"] for row in records("fact_bib")}
