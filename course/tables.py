"""Validated loading of the course's CSV tables (``data/<name>.csv``): each row is checked
against its JSON Schema in ``data/tables.schema.json`` (columns in file order); Python checks
what spans rows: ``x-unique`` columns and ``x-ref`` ids."""

from __future__ import annotations

import csv
import datetime as _dt
import json
import math
from contextlib import suppress
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .data import LocatedError, SchemaCheck, cached_on_files, data_dir, data_path, error_field

__all__ = ["Column", "DataError", "OPENNESS_COLUMNS", "Schema", "SCHEMAS",  # noqa: F822 (lazy)
           "VERDICTS", "load_table", "records", "rows_by_id", "table_names"]


class DataError(LocatedError):
    """A data file is missing, malformed or breaks its schema (``row`` 0 is the header)."""

    places = ("row", "column")


_SCHEMA_FILE = "tables.schema.json"
_FORMS = {"int": "a whole number", "float": "a number such as 5.576 or 1e25",
          "date": "a date in the form YYYY-MM-DD",
          "period": "a date in the form YYYY, YYYY-MM or YYYY-MM-DD",
          "list": "a list of ids separated by ';', with no empty item"}


@dataclass(frozen=True)
class Column:
    """One column as ``data/tables.schema.json`` describes it."""

    name: str
    kind: str
    doc: str
    required: bool
    allowed: tuple[str, ...] | None
    pattern: str | None
    unique: bool
    ref: str | None


@dataclass(frozen=True)
class Schema:
    """One table's columns in file order, and its JSON Schema."""

    columns: tuple[Column, ...]
    key: str
    json: dict

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @cached_property
    def check(self) -> SchemaCheck:
        return SchemaCheck(self.json)


def _column(name: str, spec: dict, required: bool, defs: dict) -> Column:
    merged, refs = {}, []
    while spec:  # follow "$ref"s into $defs; the nearer keyword wins
        merged = {**spec, **merged}
        refs += [s["$ref"].rsplit("/", 1)[1] for s in [spec, *spec.get("anyOf", ())]
                 if "$ref" in s]
        spec = defs[refs[-1]] if "$ref" in spec else None
    kind = next((k for k in ("date", "period") if k in refs), None) or {
        "number": "float", "integer": "int", "array": "list"}.get(merged.get("type"), "str")
    allowed = merged.get("enum") or next(  # a date column's extra values ("unknown")
        (s["enum"] for s in merged.get("anyOf", ()) if "enum" in s), None)
    return Column(name, kind, merged.get("description", ""), required,
                  tuple(allowed) if allowed else None, merged.get("pattern"),
                  merged.get("x-unique", False), merged.get("x-ref"))


@cached_on_files(lambda: [data_path(_SCHEMA_FILE)])
def _schemas() -> dict[str, Schema]:
    root = json.loads(_existing(data_path(_SCHEMA_FILE)).read_text("utf-8"))
    defs = {"$schema": root["$schema"], "$defs": root["$defs"]}
    return {name: Schema(tuple(_column(c, s, c in spec["required"], root["$defs"])
                               for c, s in spec["properties"].items()),
                         spec["x-key"], {**defs, **spec})
            for name, spec in root["tables"].items()}


def __getattr__(name: str):
    if name == "SCHEMAS":  # each table's Schema by name, read on first use, not on import
        return _schemas()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


VERDICTS = {
    "accurate": "the evidence supports the claim as written",
    "loose": "roughly right, but imprecise or missing context that changes its meaning",
    "wrong": "the evidence contradicts the claim",
    "unverifiable": "no reliable public evidence either way",
}
"""The verdicts on a claim (``claims.csv``'s ``status``), best supported first."""

#: The models.csv columns the openness scorecard uses; allowed values run most open first.
OPENNESS_COLUMNS = ("weights", "code", "data_info", "licence_type", "commercial_use",
                    "usage_cap", "use_policy")


def records(name: str) -> list[dict]:
    """The rows of a table as new dicts, in file order, with None for a missing value.

    Examples
    --------
    >>> records("facts")[0]["id"]
    'v3-gpu-hours-total'
    """
    return [dict(row) for row in _rows(name)]


def _files(name: str) -> list[Path]:
    """The schema, and the files of table *name* and of every table its ids lead to (a
    referenced table is checked whole, its own ids included)."""
    schemas, folder = _schemas(), data_dir()
    if name not in schemas:
        raise ValueError(f"There is no table {name!r}. The tables are: {', '.join(table_names())}")
    tables, todo = set(), [name]
    while todo:
        table = todo.pop()
        if table not in tables:
            tables.add(table)
            todo += [c.ref.split(".")[0] for c in schemas[table].columns if c.ref]
    return [folder / _SCHEMA_FILE, *(folder / f"{table}.csv" for table in sorted(tables))]


@cached_on_files(_files)
def rows_by_id(name: str) -> dict[str, dict]:
    """A table's rows by its key column (``x-key``), cached while its files are unchanged:
    read them, do not modify.

    Examples
    --------
    >>> rows_by_id("facts")["v3-release"]["confidence"], rows_by_id("glossary")["HHI"]["term"]
    ('V', 'HHI')
    """
    key = _schemas()[name].key
    return {row[key]: row for row in _rows(name)}


def table_names() -> list[str]:
    """Return the names of the tables.

    Examples
    --------
    >>> table_names()
    ['articles', 'claims', 'events', 'fact_bib', 'facts', 'glossary', 'models', 'prices']
    """
    return sorted(_schemas())


def _typed(col: Column, text: str):
    with suppress(ValueError):  # a text that is not a number is left for the schema to refuse
        if col.kind == "float" and math.isfinite(number := float(text)):
            return number
        if col.kind == "int":
            return int(text)
    return [item.strip() for item in text.split(";")] if col.kind == "list" else text


def _message(col: Column, error, text: str) -> str:
    if error.validator == "required":
        return "is empty, but a value is required" + (f" ({col.doc})" if col.doc else "")
    if error.validator == "enum":
        return f"{text!r} is not allowed; allowed values: {', '.join(col.allowed)}"
    if error.validator == "minimum":
        return f"{text} is below the minimum {error.validator_value:g}"
    if col.kind == "float" and text.lstrip("+-").lower() in ("inf", "infinity", "nan"):
        return f"{text!r} is not a finite number"
    if col.kind == "str":
        return f"{text!r} does not have the expected form ({col.pattern})"
    also = [repr(v) for v in col.allowed or ()]
    return f"{text!r} is not {_FORMS[col.kind]}" + (f" or {', '.join(also)}" if also else "")


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise DataError(f"the file is missing (expected at {path})", file=path.name)
    return path


def _cells(path: Path, expected: list[str]) -> list[tuple[int, dict[str, str]]]:
    """The non-blank rows of a CSV file whose header must be *expected*, by number, stripped."""
    file = _existing(path).name
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle, strict=True))
    except UnicodeDecodeError as exc:
        raise DataError(f"is not UTF-8 text ({exc.reason}); save it as UTF-8", file=file) from None
    except csv.Error as exc:
        raise DataError(f"is not well-formed CSV ({exc}); check the quoting", file=file) from None
    if not rows:
        raise DataError("is empty; it needs a header row: " + ",".join(expected), file=file)
    header = [h.strip() for h in rows[0]]
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        detail = [f"{what} {', '.join(cols)}" for what, cols in
                  (("missing", missing), ("unexpected", extra)) if cols] or \
            ["columns are out of order"]
        raise DataError(f"header is wrong ({'; '.join(detail)}); expected: "
                        + ",".join(expected), file=file)
    result = []
    for number, cells in enumerate(rows[1:], start=1):
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        if len(cells) != len(expected):
            raise DataError(f"has {len(cells)} cells but the header has {len(expected)}; "
                            "check for an unquoted comma", file=file, row=number)
        result.append((number, {c: cell.strip() for c, cell in zip(expected, cells, strict=True)}))
    return result


@cached_on_files(_files)
def _rows(name: str) -> list[dict]:
    """A table's rows, each checked: its cells, its unique columns, its ids."""
    schema, file = _schemas()[name], f"{name}.csv"
    numbered, seen = [], {c.name: {} for c in schema.columns if c.unique}
    for number, texts in _cells(data_path(file), [c.name for c in schema.columns]):
        row = {c.name: _typed(c, texts[c.name]) for c in schema.columns if texts[c.name]}
        errors = {}
        for error in schema.check.errors(row):
            errors.setdefault(error_field(error, row), error)
        for col in schema.columns:
            if col.name in errors:
                raise DataError(_message(col, errors[col.name], texts[col.name]),
                                file=file, row=number, column=col.name)
            if col.unique:
                first = seen[col.name].setdefault(row[col.name], number)
                if first != number:
                    raise DataError(f"{row[col.name]!r} repeats the value in row {first}; "
                                    "it must be unique", file=file, row=number, column=col.name)
        numbered.append((number, {col.name: _value(col, row.get(col.name))
                                  for col in schema.columns}))
    for col in (c for c in schema.columns if c.ref):
        ref_table, ref_col = col.ref.split(".")
        rows = [r for _, r in numbered] if ref_table == name else _rows(ref_table)
        targets = {r[ref_col] for r in rows}
        for number, row in numbered:
            for value in row[col.name] if col.kind == "list" else [row[col.name]]:
                if value is not None and value not in targets:
                    raise DataError(f"{value!r} is not an id in {ref_table}.csv",
                                    file=file, row=number, column=col.name)
    return [row for _, row in numbered]


def _value(col: Column, value):
    if col.kind == "list":
        return tuple(value or ())
    if col.kind == "date" and value not in (None, *(col.allowed or ())):
        return _dt.date.fromisoformat(value)
    return value


def load_table(name: str):
    """Load ``data/<name>.csv`` as a validated DataFrame (dates as dates, lists as tuples).

    Examples
    --------
    >>> len(load_table("articles"))
    5
    """
    return _frame(name).copy()


@cached_on_files(_files)
def _frame(name: str):
    import pandas as pd

    columns = _schemas()[name].columns
    frame = pd.DataFrame(_rows(name), columns=[c.name for c in columns])
    return frame.astype({c.name: "float64" for c in columns if c.kind == "float"}
                        | {c.name: "int64" for c in columns if c.kind == "int" and c.required})
