"""Validated loading of the course's CSV tables (``data/<name>.csv``).

The tables' format is a JSON Schema, ``data/tables.schema.json``: one object schema per
table, whose properties are the columns in file order. :func:`load_table` reads a file with
:mod:`csv`, checks each row against its schema with ``jsonschema`` (empty cells left out,
numbers as numbers, ``;``-separated lists as arrays) and builds a typed DataFrame. Only the
checks across rows stay in Python: ``x-unique`` columns and ``x-ref`` ids into another
table. A bad row raises :class:`DataError` naming the file, the row, the column and what
is allowed.

Column kinds (``data/README.md`` lists each column's): ``str``, ``int``, ``float``,
``date`` (``YYYY-MM-DD``, read as :class:`datetime.date`), ``period`` (``YYYY``,
``YYYY-MM`` or ``YYYY-MM-DD``) and ``list`` (``;``-separated ids).
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import math
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from .data import LocatedError, data_path, project_root, stamps

__all__ = ["Column", "DataError", "OPENNESS_COLUMNS", "Schema", "SCHEMAS", "VERDICTS",
           "load_table", "records", "table_names"]


class DataError(LocatedError):
    """A data file is missing, malformed or breaks its schema; ``file``, ``row`` (1-based,
    the header is row 0) and ``column`` say where."""

    places = ("row", "column")


_ROOT = json.loads((project_root() / "data" / "tables.schema.json").read_text(encoding="utf-8"))
_FORMS = {"int": "a whole number", "float": "a number such as 5.576 or 1e25",
          "date": "a date in the form YYYY-MM-DD",
          "period": "a date in the form YYYY, YYYY-MM or YYYY-MM-DD",
          "list": "a list of ids separated by ';', with no empty item"}


@dataclass(frozen=True)
class Column:
    """One column as ``data/tables.schema.json`` describes it (references resolved)."""

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
    """One table's columns, in file order, its key column and its JSON Schema (self-contained)."""

    name: str
    columns: tuple[Column, ...]
    key: str
    doc: str
    json: dict

    def column(self, name: str) -> Column:
        """Return the column called *name*."""
        return next(c for c in self.columns if c.name == name)


def _column(name: str, spec: dict, required: bool) -> Column:
    merged, refs = {}, []
    while spec:  # follow "$ref"s into $defs; the nearer keyword wins
        merged = {**spec, **merged}
        refs += [s["$ref"].rsplit("/", 1)[1] for s in [spec, *spec.get("anyOf", ())]
                 if "$ref" in s]
        spec = _ROOT["$defs"][refs[-1]] if "$ref" in spec else None
    kind = next((k for k in ("date", "period") if k in refs), None) or {
        "number": "float", "integer": "int", "array": "list"}.get(merged.get("type"), "str")
    allowed = merged.get("enum") or next(  # a date column's extra values ("unknown")
        (s["enum"] for s in merged.get("anyOf", ()) if "enum" in s), None)
    return Column(name, kind, merged.get("description", ""), required,
                  tuple(allowed) if allowed else None, merged.get("pattern"),
                  merged.get("x-unique", False), merged.get("x-ref"))


def _inline(node):
    """*node* with every ``$ref`` replaced by what it names (validating is then ~3x faster)."""
    if isinstance(node, list):
        return [_inline(item) for item in node]
    if not isinstance(node, dict):
        return node
    rest = {key: _inline(value) for key, value in node.items() if key != "$ref"}
    return {**_inline(_ROOT["$defs"][node["$ref"].rsplit("/", 1)[1]]), **rest} \
        if "$ref" in node else rest


def _schema(name: str, spec: dict) -> Schema:
    columns = tuple(_column(c, s, c in spec["required"]) for c, s in spec["properties"].items())
    return Schema(name, columns, spec["x-key"], spec["description"],
                  {"$schema": _ROOT["$schema"], **_inline(spec)})


SCHEMAS: dict[str, Schema] = {n: _schema(n, s) for n, s in _ROOT["tables"].items()}

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
    ['articles', 'claims', 'events', 'facts', 'glossary', 'models', 'prices']
    """
    return sorted(SCHEMAS)


def _typed(col: Column, text: str):
    """The JSON value of one non-empty cell; text that is not a finite number stays text."""
    try:
        if col.kind == "float" and math.isfinite(number := float(text)):
            return number
        if col.kind == "int":
            return int(text)
    except ValueError:
        pass
    return [item.strip() for item in text.split(";")] if col.kind == "list" else text


def _message(col: Column, error, text: str) -> str:
    """What is wrong with one cell, from the schema's first complaint about it."""
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


@cache
def _validator(name: str):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(SCHEMAS[name].json,
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def _read_rows(name: str, path: Path) -> list[tuple[int, dict]]:
    """Read and check the rows of one table, cached while the file is unchanged."""
    return _read_rows_cached(name, path, stamps(path))


@lru_cache(maxsize=64)
def _read_rows_cached(name: str, path: Path, stamp) -> list[tuple[int, dict]]:
    """Read and check the rows of one table (without cross-table references)."""
    schema, file = SCHEMAS[name], f"{name}.csv"
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

    result, seen = [], {c.name: {} for c in schema.columns if c.unique}
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        if len(cells) != len(expected):
            raise DataError(f"has {len(cells)} cells but the header has {len(expected)}; "
                            "check for an unquoted comma", file=file, row=number)
        texts = {c: cell.strip() for c, cell in zip(expected, cells, strict=True)}
        row = {c.name: _typed(c, texts[c.name]) for c in schema.columns if texts[c.name]}
        errors = {}
        for error in _validator(name).iter_errors(row):
            column = error.path[0] if error.path else next(
                c for c in error.validator_value if c not in row)
            errors.setdefault(column, error)
        for col in schema.columns:
            if col.name in errors:
                raise DataError(_message(col, errors[col.name], texts[col.name]),
                                file=file, row=number, column=col.name)
            if col.unique:
                first = seen[col.name].setdefault(row[col.name], number)
                if first != number:
                    raise DataError(f"{row[col.name]!r} repeats the value in row {first}; "
                                    "it must be unique", file=file, row=number, column=col.name)
        for col in schema.columns:
            value = row.get(col.name)
            if col.kind == "list":
                row[col.name] = tuple(value or ())
            elif col.kind == "date" and value not in (None, *(col.allowed or ())):
                row[col.name] = _dt.date.fromisoformat(value)
            else:
                row[col.name] = value
        result.append((number, row))
    return result


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

    schema, paths = SCHEMAS[name], dict(files)
    rows = _read_rows(name, paths[name])
    for col in (c for c in schema.columns if c.ref):
        ref_table, ref_col = col.ref.split(".")
        targets = {r[ref_col] for _, r in _read_rows(ref_table, paths[ref_table])}
        for number, row in rows:
            values = row[col.name] if col.kind == "list" else [row[col.name]]
            for value in values:
                if value is not None and value not in targets:
                    raise DataError(f"{value!r} is not an id in {ref_table}.csv",
                                    file=f"{name}.csv", row=number, column=col.name)
    frame = pd.DataFrame([r for _, r in rows], columns=[c.name for c in schema.columns])
    return frame.astype({c.name: "float64" for c in schema.columns if c.kind == "float"}
                        | {c.name: "int64" for c in schema.columns
                           if c.kind == "int" and c.required})
