"""Primary-source excerpts (``data/sources/<id>.toml``): short verbatim passages with citations
(a licence clause, a report table), so that students read the clause itself."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass

from . import bibliography
from .data import SchemaCheck, cached_on_files, data_path, error_field
from .tables import DataError, rows_by_id

__all__ = ["Source", "files", "load", "source"]


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


def _problem(check: SchemaCheck, record: dict) -> tuple[str, str | None] | None:
    errors = check.errors(record)
    if not errors:
        return None
    error, properties = errors[0], check.schema["properties"]
    if error.validator == "additionalProperties":
        unknown = sorted(set(record) - set(properties))
        return f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(properties)}", None
    key = error_field(error, record)
    value = record.get(key)
    if not isinstance(value, str) or not value.strip():
        return "is missing or empty; it must be non-empty text", key
    return f"{value!r} must be {properties[key]['description']}", key


def files() -> list:
    """The files :func:`load` reads: the excerpts, their schema, and the facts and references
    they cite.

    Examples
    --------
    >>> [path.name for path in files()][-3:]
    ['schema.json', 'facts.csv', 'references.bib']
    """
    folder = data_path("sources")
    return [*sorted(folder.glob("*.toml")), folder / "schema.json", data_path("facts.csv"),
            data_path("references.bib")]


@cached_on_files(files)
def load() -> dict[str, Source]:
    """Every excerpt in ``data/sources/`` by id, checked (else :class:`~course.tables.DataError`),
    cached while the files are unchanged: read it, do not modify.

    Examples
    --------
    >>> "$5.576M" in load()["v3-report-table-1"].text
    True
    """
    check = SchemaCheck(json.loads(data_path("sources", "schema.json").read_text("utf-8")))
    fact_ids, bib_keys = rows_by_id("facts"), bibliography.load()
    result = {}
    for path in sorted(data_path("sources").glob("*.toml")):
        file = f"sources/{path.name}"
        try:
            record = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise DataError(f"is not valid UTF-8 TOML ({exc})", file=file) from None
        problem = _problem(check, record) or next((
            (f"{record[key]!r} {message}", key) for key, bad, message in [
                ("id", record["id"] != path.stem, f"must equal the file name {path.stem!r}"),
                ("id", record["id"] in fact_ids, "is also a fact id; source ids must differ"),
                ("bib", "bib" in record and record["bib"] not in bib_keys,
                 "is not a key in data/references.bib")] if bad), None)
        if problem:
            raise DataError(problem[0], file=file, column=problem[1])
        result[record["id"]] = Source(**{**record, "text": record["text"].strip("\n")})
    return result


def source(source_id: str) -> Source:
    """Return the excerpt with id *source_id*.

    Examples
    --------
    >>> source("llama31-licence-section-2").locator
    'Section 2 (Additional Commercial Terms)'
    """
    sources = load()
    if source_id not in sources:
        raise ValueError(f"There is no source excerpt {source_id!r} in data/sources/. "
                         f"Known ids: {', '.join(sources)}")
    return sources[source_id]
