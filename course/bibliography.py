"""The course bibliography (``data/references.bib``) and the facts that cite it.

The file is BibTeX. A small brace-counting reader (standard library only, no regular
expressions) understands the subset the course uses: ``@type{key, field = {value}, ...}``
with braced, quoted or bare values. :func:`cite` formats an entry in the course's one
citation style. ``data/fact_bib.csv`` maps each publication-type fact to its entry.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from .data import data_path
from .tables import DataError

__all__ = ["Entry", "cite", "entry", "fact_bib", "load", "parse"]


@dataclass(frozen=True)
class Entry:
    """One BibTeX entry: its type (lower case), key and fields (lower-case names)."""

    type: str
    key: str
    fields: dict = field(default_factory=dict)


def _value(text: str, i: int) -> tuple[str, int]:
    """Read a braced, quoted or bare value starting at *i*; return it and the next index."""
    if text[i] == "{":
        depth, start = 0, i + 1
        while True:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            if depth == 0:
                return text[start:i], i + 1
            i += 1
    if text[i] == '"':
        end = text.index('"', i + 1)
        return text[i + 1:end], end + 1
    start = i
    while text[i] not in ",}\n":
        i += 1
    return text[start:i].strip(), i


def parse(text: str) -> list[Entry]:
    """Parse BibTeX *text* into entries (``@comment``, ``@string`` and ``@preamble`` skipped).

    Examples
    --------
    >>> [e.fields["title"] for e in parse("@book{k, title = {A {B} C}, year = 1999}")]
    ['A {B} C']
    """
    entries, i = [], 0
    while (i := text.find("@", i)) != -1:
        brace = text.index("{", i)
        kind = text[i + 1:brace].strip().lower()
        if kind in ("comment", "string", "preamble"):
            _, i = _value(text, brace)
            continue
        comma = text.index(",", brace)
        key, fields, i = text[brace + 1:comma].strip(), {}, comma + 1
        while True:
            while text[i] in " \t\r\n,":
                i += 1
            if text[i] == "}":
                break
            equals = text.index("=", i)
            name = text[i:equals].strip().lower()
            i = equals + 1
            while text[i] in " \t\r\n":
                i += 1
            value, i = _value(text, i)
            fields[name] = " ".join(value.split())
        entries.append(Entry(kind, key, fields))
        i += 1
    return entries


def load() -> dict[str, Entry]:
    """Load ``data/references.bib`` as ``{key: Entry}``.

    Raises
    ------
    DataError
        If the file cannot be parsed, a key repeats, or an entry lacks a title or a year.

    Examples
    --------
    >>> load()["deepseek2024v3"].fields["year"]
    '2024'
    """
    path = data_path("references.bib")
    try:
        entries = parse(path.read_text(encoding="utf-8"))
    except (ValueError, IndexError):
        raise DataError("is not well-formed BibTeX (an unbalanced brace or a missing "
                        "'=' or ','?)", file="references.bib") from None
    result = {}
    for item in entries:
        if item.key in result:
            raise DataError(f"the key {item.key!r} appears twice", file="references.bib")
        missing = [f for f in ("title", "year") if not item.fields.get(f)]
        if missing:
            raise DataError(f"entry {item.key!r} lacks {', '.join(missing)}",
                            file="references.bib")
        result[item.key] = item
    return result


def entry(key: str) -> Entry:
    """Return the entry with *key*, or raise ``ValueError`` naming it."""
    entries = load()
    if key not in entries:
        raise ValueError(f"There is no entry {key!r} in data/references.bib.")
    return entries[key]


def _plain(text: str) -> str:
    return text.replace("{", "").replace("}", "").replace("\\&", "&").replace("--", "–")


def cite(key: str) -> str:
    """Format one entry in the course's citation style (Markdown, author–date).

    Examples
    --------
    >>> cite("huff1954how")
    'Darrell Huff (1954). *How to Lie with Statistics*. W. W. Norton.'
    >>> cite("bass1969new").endswith("*Management Science* 15(5), 215–227.")
    True
    """
    item = entry(key)
    f = {k: _plain(v) for k, v in item.fields.items()}
    who = f.get("author") or f.get("editor") or f.get("institution") or f.get("publisher", "")
    head = f"{who.replace(' and ', ', ', who.count(' and ') - 1)} ({f['year']})"
    if item.type in ("book", "manual"):
        parts = [head, f"*{f['title']}*", f.get("edition", ""), f.get("publisher", "")]
    elif item.type == "article":
        volume = f.get("volume", "") + (f"({f['number']})" if f.get("number") else "")
        where = ", ".join(x for x in (f"*{f['journal']}* {volume}".strip(), f.get("pages", ""))
                          if x)
        parts = [head, f"“{f['title']}”", where]
    else:
        venue = f.get("booktitle") or f.get("journal") or f.get("institution") \
            or f.get("howpublished") or f.get("publisher", "")
        parts = [head, f"“{f['title']}”", venue if venue != who else ""]
    text = ". ".join(p.rstrip(".") for p in parts if p) + "."
    return text + (f" <{f['url']}>" if f.get("url") and item.type not in ("book",) else "")


def fact_bib() -> dict[str, str]:
    """Read ``data/fact_bib.csv``: ``{fact_id: bib_key}`` for publication-type facts.

    Examples
    --------
    >>> fact_bib()["v3-gpu-hours-total"]
    'deepseek2024v3'
    """
    path = data_path("fact_bib.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if rows and list(rows[0]) != ["fact_id", "bib"]:
        raise DataError("header must be: fact_id,bib", file="fact_bib.csv")
    return {row["fact_id"]: row["bib"] for row in rows}
