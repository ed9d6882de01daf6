"""Validated loading of the course's CSV tables (``data/<name>.csv``).

Each table has a schema: its columns, their types and the values they allow.
:func:`load_table` checks every row before it builds a DataFrame, and a bad row
raises :class:`DataError` naming the file, the row, the column and what is allowed.

Cell types
----------
``str``     any non-empty text
``int``     a whole number
``float``   a number (``1e25``, ``5.576``); no thousands separators
``date``    an ISO date ``YYYY-MM-DD``
``period``  ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a date known to some precision)
``list``    ``;``-separated values, each checked like a ``str``
"""

from __future__ import annotations

import csv
import datetime as _dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .data import LocatedError, data_path, stamps

__all__ = ["Column", "DataError", "OPENNESS_COLUMNS", "Schema", "SCHEMAS", "VERDICTS",
           "load_table", "records", "table_names"]

_PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_SLUG = r"^[a-z0-9][a-z0-9.-]*$"


class DataError(LocatedError):
    """A data file is missing, malformed or breaks its schema; ``file``, ``row`` (1-based,
    the header is row 0) and ``column`` say where."""

    places = ("row", "column")


@dataclass(frozen=True)
class Column:
    """One column of a table schema: its *kind* (see above), whether an empty cell is an
    error (*required*), the *allowed* values or a *pattern* (each item, for a list),
    *unique*, number bounds, a ``"table.column"`` *ref* its values must exist in,
    values accepted *also* (e.g. ``"unknown"``), and *doc* (shown in errors and in
    ``data/README.md``)."""

    name: str
    kind: str = "str"
    required: bool = True
    allowed: tuple[str, ...] | None = None
    pattern: str | None = None
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None
    ref: str | None = None
    also: tuple[str, ...] = ()
    doc: str = ""


@dataclass(frozen=True)
class Schema:
    """The columns of one table, in file order, and its key column."""

    name: str
    columns: tuple[Column, ...]
    key: str
    doc: str = ""

    def column(self, name: str) -> Column:
        """Return the column called *name*."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


def _slug(name: str, doc: str, **kw) -> Column:
    return Column(name, "str", pattern=_SLUG, doc=doc, **kw)


def _scale(name: str, what: str, meanings: dict[str, str]) -> Column:
    """A column of ordered values, most open first, each with its meaning."""
    doc = f"{what}, most open first: " + "; ".join(f"{k}: {v}" for k, v in meanings.items())
    return Column(name, allowed=tuple(meanings), doc=doc + ".")


_CONFIDENCE = ("V", "W", "NV")
_SOURCE = Column("source", doc="Who published the evidence (document, outlet or data set).")
_URL = Column("url", required=False, pattern=r"^https?://\S+$", doc="Link to the source.")
_CONF = Column("confidence", allowed=_CONFIDENCE,
               doc="V verified in the primary source, W widely reported, NV not verified.")
_FACT_IDS = Column("fact_ids", "list", required=False, ref="facts.id",
                   doc="';'-separated ids of the facts.csv rows behind this row.")
_USD_PER_M = "US dollars per million tokens"

VERDICTS = {
    "accurate": "the evidence supports the claim as written",
    "loose": "roughly right, but imprecise or missing context that changes its meaning",
    "wrong": "the evidence contradicts the claim",
    "unverifiable": "no reliable public evidence either way",
}
"""The verdicts on a claim (``claims.csv``'s ``status``), best supported first."""

#: The models.csv columns the openness scorecard uses. Each column's ``allowed``
#: values run from the most open to the least open (see :mod:`course.openness`).
OPENNESS_COLUMNS = ("weights", "code", "data_info", "licence_type", "commercial_use",
                    "usage_cap", "use_policy")

SCHEMAS: dict[str, Schema] = {
    s.name: s
    for s in (
        Schema("articles", key="id", doc="The five news articles the course reads.", columns=(
            _slug("id", "Short article id used throughout the course.", unique=True),
            Column("file", pattern=r"^[0-9]{3}_[0-9a-f]{16}\.txt$", unique=True,
                   doc="File name under data/articles/ (the file's own name, unedited)."),
            Column("title", doc="Headline as printed; 'unknown' where the text shows none."),
            Column("outlet", doc="Publisher, only as the text shows it; otherwise 'unknown'."),
            Column("author", doc="Byline, only as the text shows it; otherwise 'unknown'."),
            Column("published", "date", also=("unknown",),
                   doc="Publication date shown in the text, or 'unknown'."),
            Column("url", pattern=r"^(https?://\S+|unknown)$",
                   doc="Address of the original, or 'unknown'."),
            Column("stance", doc="The article's stance in one line (the course's reading)."),
            Column("notes", required=False, doc="What the text shows about its provenance."),
        )),
        Schema("facts", key="id", doc="Reference facts with sources.", columns=(
            _slug("id", "Fact id, cited by claims, notebooks and other tables.", unique=True),
            Column("statement", doc="The fact in one sentence."),
            Column("value", "float", required=False, doc="The number, in `unit`, if any."),
            Column("unit", required=False, doc="Unit of `value`."),
            Column("date", "period", required=False, doc="When the fact held or was published."),
            _SOURCE,
            Column("locator", doc="Where in the source: table, section, page or file."),
            _URL,
            _CONF,
        )),
        Schema("claims", key="id", doc="Checkable claims made in the articles.", columns=(
            _slug("id", "Claim id.", unique=True),
            Column("article_id", ref="articles.id", doc="The article making the claim."),
            Column("quote", doc="The claim, verbatim from the article's clean text."),
            Column("paragraph", "int", minimum=1,
                   doc="1-based paragraph of course.article(article_id).paragraphs."),
            Column("value", "float", required=False, doc="The number claimed, if any."),
            Column("unit", required=False, doc="Unit of `value`."),
            Column("status", allowed=tuple(VERDICTS), doc="The course's verdict."),
            Column("correction", doc="What the evidence shows, in one or two sentences."),
            Column("fact_ids", "list", required=False, ref="facts.id",
                   doc="';'-separated fact ids behind the verdict."),
            Column("kind", allowed=("claim", "typo"),
                   doc="claim: a statement about the world, rated by `status`; typo: an "
                       "error of transcription (e.g. 'CIA' for 'AI'), shown but left out of "
                       "accuracy scorecards."),
        )),
        Schema("models", key="id", doc="Open and closed model releases and how open each is.",
               columns=(
            _slug("id", "Model id, cited by prices.csv and the notebooks.", unique=True),
            Column("name", unique=True, doc="The model's name as its developer writes it."),
            Column("organisation", doc="The developer that released it."),
            Column("released", "period", doc="Release date (YYYY-MM where the day is unsure)."),
            Column("params_total_b", "float", required=False, minimum=0,
                   doc="Total parameters, in billions; empty when not disclosed."),
            Column("params_active_b", "float", required=False, minimum=0,
                   doc="Parameters used per token, in billions (differs from the total "
                       "for mixture-of-experts models); empty when not disclosed."),
            Column("licence", doc="The licence or terms the weights (or service) come under."),
            _scale("licence_type", "Kind of licence", {
                "osi-approved": "an OSI-approved licence (MIT, Apache-2.0)",
                "custom": "the developer's own licence, commercial use with conditions",
                "non-commercial": "research use only",
                "proprietary": "no weights licence; terms of service only"}),
            _scale("weights", "Access to the weights", {
                "open": "anyone can download them",
                "gated": "download after a request or after accepting terms",
                "closed": "not released (API or app only)"}),
            _scale("code", "Code released", {
                "full": "training and inference code",
                "inference": "code to run the model only",
                "none": "no code"}),
            _scale("data_info", "Training-data information", {
                "full": "data released or documented well enough to rebuild it",
                "partial": "described in a paper or card, not released",
                "none": "little or nothing disclosed"}),
            _scale("commercial_use", "Commercial use", {
                "yes": "allowed with notices only",
                "restricted": "allowed subject to caps, use policies or provider terms",
                "no": "not allowed"}),
            _scale("usage_cap", "Who may use it at what scale", {
                "none": "anyone, at any scale",
                "700M-MAU": "a firm with more than 700 million monthly active users on "
                            "the version's release date needs Meta's permission (a "
                            "one-time test at release, not an ongoing cap)",
                "research-only": "researchers only",
                "provider-terms": "only through the developer's service, on its terms"}),
            _scale("use_policy", "Acceptable-use policy", {
                "no": "none beyond the law",
                "yes": "an acceptable-use or prohibited-use policy binds users"}),
            Column("training_flop", "float", required=False, minimum=0,
                   doc="Training compute in FLOP where public or derivable (see fact_ids); "
                       "empty otherwise."),
            _SOURCE,
            _URL,
            _CONF,
            _FACT_IDS,
            Column("notes", required=False, doc="Anything a reader of the row should know."),
        )),
        Schema("prices", key="id", doc="API list prices per million tokens, dated.", columns=(
            _slug("id", "Price row id.", unique=True),
            Column("provider", doc="Who sells the API."),
            Column("model", doc="The API's model name, e.g. deepseek-reasoner."),
            Column("model_id", required=False, ref="models.id",
                   doc="The models.csv row of the model behind the API, if listed there."),
            Column("date", "period", doc="When the price was listed or took effect."),
            Column("input_usd_per_m", "float", minimum=0,
                   doc=f"Price of input tokens (cache miss), {_USD_PER_M}."),
            Column("cached_input_usd_per_m", "float", required=False, minimum=0,
                   doc=f"Price of cached input tokens (cache hit), {_USD_PER_M}; "
                       "empty when not offered."),
            Column("output_usd_per_m", "float", minimum=0,
                   doc=f"Price of output tokens (reasoning tokens included), {_USD_PER_M}."),
            _SOURCE,
            _URL,
            _CONF,
            _FACT_IDS,
            Column("notes", required=False, doc="Conditions: discounts, tiers, promotions."),
        )),
        Schema("events", key="id", doc="Timeline of releases, policy and market events.",
               columns=(
            _slug("id", "Event id.", unique=True),
            Column("date", "period", doc="When it happened (YYYY-MM where the day is unsure)."),
            Column("event", doc="What happened, in one sentence."),
            Column("category", allowed=("release", "policy", "export-control", "market",
                                        "company"),
                   doc="release: a model release; policy: law, regulation or standard; "
                       "export-control: US chip export rules; market: prices and markets; "
                       "company: company news, statements and coverage."),
            _SOURCE,
            _URL,
            _CONF,
            _FACT_IDS,
        )),
    )
}


def records(name: str) -> list[dict]:
    """The rows of a table as dicts, in file order, with None for a missing value (not NaN).

    Examples
    --------
    >>> row = next(r for r in records("facts") if r["id"] == "v3-release")
    >>> row["value"] is None, row["confidence"]
    (True, 'V')
    """
    return [{k: None if isinstance(v, float) and math.isnan(v) else v for k, v in row.items()}
            for row in load_table(name).to_dict("records")]


def table_names() -> list[str]:
    """Return the names of the tables :func:`load_table` knows.

    Examples
    --------
    >>> table_names()
    ['articles', 'claims', 'events', 'facts', 'models', 'prices']
    """
    return sorted(SCHEMAS)


def _check_cell(col: Column, raw: str, fail) -> object:
    """Convert and check one cell; call ``fail(message)`` on a bad value."""
    text = raw.strip()
    if text == "":
        if col.required:
            fail("is empty, but a value is required" + (f" ({col.doc})" if col.doc else ""))
        return () if col.kind == "list" else None
    if text in col.also:
        return text
    if col.kind == "list":
        items = [item.strip() for item in text.split(";")]
        if any(item == "" for item in items):
            fail(f"{text!r} has an empty item; separate items with ';' and no trailing ';'")
        for item in items:
            _check_text(col, item, fail)
        return tuple(items)
    if col.kind in ("int", "float"):
        try:
            number = float(text) if col.kind == "float" else int(text)
        except ValueError:
            kind = "a whole number" if col.kind == "int" else "a number such as 5.576 or 1e25"
            fail(f"{text!r} is not {kind}")
        if isinstance(number, float) and not math.isfinite(number):
            fail(f"{text!r} is not a finite number")
        if col.minimum is not None and number < col.minimum:
            fail(f"{text} is below the minimum {col.minimum:g}")
        if col.maximum is not None and number > col.maximum:
            fail(f"{text} is above the maximum {col.maximum:g}")
        return number
    if col.kind == "date":
        try:
            if len(text) == 10:
                return _dt.date.fromisoformat(text)
        except ValueError:
            pass
        extra = f" or {', '.join(repr(a) for a in col.also)}" if col.also else ""
        fail(f"{text!r} is not a date in the form YYYY-MM-DD{extra}")
    if col.kind == "period":
        if not _PERIOD.match(text):
            fail(f"{text!r} is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD")
        return text
    _check_text(col, text, fail)
    return text


def _check_text(col: Column, text: str, fail) -> None:
    if col.allowed is not None and text not in col.allowed:
        fail(f"{text!r} is not allowed; allowed values: {', '.join(col.allowed)}")
    if col.pattern is not None and not re.match(col.pattern, text):
        fail(f"{text!r} does not have the expected form ({col.pattern})")


def _read_rows(name: str, path: Path) -> list[tuple[int, dict]]:
    """Read and check the rows of one table, cached while the file is unchanged."""
    return _read_rows_cached(name, path, stamps(path))


@lru_cache(maxsize=64)
def _read_rows_cached(name: str, path: Path, stamp) -> list[tuple[int, dict]]:
    """Read and check the rows of one table (without cross-table references)."""
    schema = SCHEMAS[name]
    file = f"{name}.csv"
    if not path.is_file():
        raise DataError(f"the file is missing (expected at {path})", file=file)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle, strict=True)
            header = next(reader, None)
            rows = list(enumerate(reader, start=1))
    except UnicodeDecodeError as exc:
        raise DataError(f"is not UTF-8 text ({exc.reason}); save it as UTF-8", file=file) from None
    except csv.Error as exc:
        raise DataError(f"is not well-formed CSV ({exc}); check the quoting", file=file) from None
    expected = [c.name for c in schema.columns]
    if header is None:
        raise DataError("is empty; it needs a header row: " + ",".join(expected), file=file)
    header = [h.strip() for h in header]
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        detail = [f"{what} {', '.join(cols)}" for what, cols in
                  (("missing", missing), ("unexpected", extra)) if cols] or \
            ["columns are out of order"]
        raise DataError(f"header is wrong ({'; '.join(detail)}); expected: "
                        + ",".join(expected), file=file)

    records, seen = [], {c.name: {} for c in schema.columns if c.unique}
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        if len(cells) != len(expected):
            raise DataError(f"has {len(cells)} cells but the header has {len(expected)}; "
                            "check for an unquoted comma", file=file, row=number)
        record = {}
        for col, cell in zip(schema.columns, cells, strict=True):
            def fail(message, col=col, number=number):
                raise DataError(message, file=file, row=number, column=col.name)
            record[col.name] = _check_cell(col, cell, fail)
            if col.unique:
                first = seen[col.name].setdefault(record[col.name], number)
                if first != number:
                    fail(f"{record[col.name]!r} repeats the value in row {first}; "
                         "it must be unique")
        records.append((number, record))
    return records


def load_table(name: str):
    """Load ``data/<name>.csv`` (a name from :func:`table_names`) as a validated DataFrame.

    ``date`` columns hold :class:`datetime.date`, ``list`` columns tuples, empty optional
    cells are missing. A bad file or row raises :class:`DataError`.

    Examples
    --------
    >>> len(load_table("articles"))
    5
    """
    if name not in SCHEMAS:
        raise ValueError(f"There is no table {name!r}. The tables are: {', '.join(table_names())}")
    tables = {name} | {c.ref.split(".")[0] for c in SCHEMAS[name].columns if c.ref}
    files = tuple(sorted((t, data_path(f"{t}.csv")) for t in tables))
    return _load_cached(name, files, stamps(*(path for _, path in files))).copy()


@lru_cache(maxsize=32)
def _load_cached(name: str, files: tuple[tuple[str, Path], ...], _stamps):
    """Build the validated frame; cached while none of the files involved changes."""
    import pandas as pd

    schema = SCHEMAS[name]
    paths = dict(files)
    records = _read_rows(name, paths[name])
    for col in schema.columns:
        if col.ref is None:
            continue
        ref_table, ref_col = col.ref.split(".")
        targets = {r[ref_col] for _, r in _read_rows(ref_table, paths[ref_table])}
        for number, record in records:
            values = record[col.name] if col.kind == "list" else [record[col.name]]
            for value in values:
                if value is not None and value not in targets:
                    raise DataError(f"{value!r} is not an id in {ref_table}.csv",
                                    file=f"{name}.csv", row=number, column=col.name)
    frame = pd.DataFrame([dict(r) for _, r in records],
                         columns=[c.name for c in schema.columns])
    for col in schema.columns:
        if col.kind == "float":
            frame[col.name] = frame[col.name].astype("float64")
        elif col.kind == "int" and col.required:
            frame[col.name] = frame[col.name].astype("int64")
    return frame
