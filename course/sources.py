"""Primary-source excerpts (``data/sources/<id>.toml``): short verbatim passages with citations.

Each file holds one excerpt: a licence clause, a report table, a statute article, a filing.
Students read the clause itself, not only a paraphrase in ``facts.csv``. Every file is
checked when it is loaded; a bad one raises :class:`~course.tables.DataError` naming the
file and the key at fault.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from .data import data_path
from .tables import DataError, load_table

__all__ = ["Source", "load", "source"]

_REQUIRED = ("id", "title", "author", "date", "url", "locator", "confidence", "text")
_OPTIONAL = ("bib", "note")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class Source:
    """One excerpt of a primary source, with its citation."""

    id: str
    title: str
    author: str
    date: str
    url: str
    locator: str
    confidence: str
    text: str
    bib: str | None = None
    note: str | None = None

    @property
    def citation(self) -> str:
        """Author, title, date and locator, with ``(unverified)`` for an NV excerpt."""
        text = f"{self.author}, {self.title} ({self.date}), {self.locator}"
        return text + (" (unverified)" if self.confidence == "NV" else "")

    def _repr_markdown_(self) -> str:
        quoted = "\n".join(f"> {line}" if line else ">" for line in self.text.splitlines())
        return f"{quoted}\n\n{self.citation}. <{self.url}> (confidence {self.confidence})"


def _check(name: str, record: dict, fact_ids: set[str], bib_keys: set[str]) -> Source:
    def fail(message, key=None):
        raise DataError(message, file=f"sources/{name}", column=key)

    unknown = sorted(set(record) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        fail(f"unknown key(s) {', '.join(unknown)}; allowed: "
             f"{', '.join(_REQUIRED + _OPTIONAL)}")
    for key in _REQUIRED + _OPTIONAL:
        value = record.get(key)
        if value is None and key in _OPTIONAL:
            continue
        if not isinstance(value, str) or not value.strip():
            fail("is missing or empty; it must be non-empty text", key)
    stem = name.removesuffix(".toml")
    checks = [
        ("id", record["id"] == stem, f"must equal the file name {stem!r}"),
        ("id", bool(_SLUG.match(record["id"])), "must be a lower-case-hyphen slug"),
        ("id", record["id"] not in fact_ids, "is also a fact id; source ids must differ"),
        ("date", bool(_PERIOD.match(record["date"])), "must be YYYY, YYYY-MM or YYYY-MM-DD"),
        ("url", bool(_URL.match(record["url"])), "must be an http(s) address"),
        ("confidence", record["confidence"] in ("V", "W", "NV"), "must be V, W or NV"),
        ("bib", record.get("bib") is None or record["bib"] in bib_keys,
         "is not a key in data/references.bib"),
    ]
    for key, ok, message in checks:
        if not ok:
            fail(f"{record[key]!r} {message}", key)
    return Source(**{k: (v.strip("\n") if k == "text" else v) for k, v in record.items()})


def load() -> dict[str, Source]:
    """Load and check every excerpt in ``data/sources/``: ``{id: Source}``, sorted by id.

    A bad file raises :class:`~course.tables.DataError` naming the file and key.

    Examples
    --------
    >>> sources = load()
    >>> sources["v3-report-table-1"].confidence
    'V'
    >>> "$5.576M" in sources["v3-report-table-1"].text
    True
    """
    from .bibliography import load as load_bibliography

    folder = data_path("sources")
    fact_ids = set(load_table("facts")["id"])
    bib_keys = set(load_bibliography())
    result = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            record = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise DataError(f"is not valid UTF-8 TOML ({exc})", file=f"sources/{path.name}") \
                from None
        item = _check(path.name, record, fact_ids, bib_keys)
        result[item.id] = item
    return result


def source(source_id: str) -> Source:
    """Return the excerpt with id *source_id*.

    Examples
    --------
    >>> source("llama31-licence-section-2").locator
    'Section 2 (Additional Commercial Terms)'
    """
    if not isinstance(source_id, str):
        raise TypeError(f"source_id must be a str; got {source_id!r}")
    sources = load()
    if source_id not in sources:
        raise ValueError(f"There is no source excerpt {source_id!r} in data/sources/. "
                         f"Known ids: {', '.join(sources)}")
    return sources[source_id]
