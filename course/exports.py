"""Reading a progress export (``export.schema.json``; an older progress file has no student).

Students control everything in it, so every file is read as hostile: bounded in size and
depth, checked against the schema, and each impossible record left out with its reason.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

__all__ = ["FORMAT", "MAX_BYTES", "MAX_DEPTH", "SCHEMA_PATH", "VERSION", "Export",
           "ExportError", "read_export", "utc"]

FORMAT = "open-weights-course-progress"
VERSION = 1
MAX_BYTES = 20_000_000  # a whole course's answers take well under 1 MB
MAX_DEPTH = 32  # lists and objects; an export needs about six
SCHEMA_PATH = Path(__file__).with_name("export.schema.json")

_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)  # linear, even unterminated
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")


class ExportError(ValueError):
    """A file that cannot be used as a progress export; the message starts with its name."""


@dataclass(frozen=True)
class Export:
    """What :func:`read_export` found in one file: valid records (oldest first, times in
    UTC), one line per thing left out, and record counts of exercises not in ``known``."""

    path: Path
    student: str
    exported: str
    course_version: str
    attempts: dict
    drafts: dict = field(default_factory=dict)
    skipped: list = field(default_factory=list)
    unknown: dict = field(default_factory=dict)

    @property
    def records(self) -> int:
        """The number of valid records kept."""
        return sum(map(len, self.attempts.values()))


def _nesting(text: str) -> int:
    """How deeply lists and objects nest in JSON *text* (brackets in strings do not count)."""
    import numpy as np

    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    codes = np.frombuffer(brackets.encode("ascii"), dtype=np.uint8)
    return int(np.cumsum(np.where((codes == 91) | (codes == 123), 1, -1)).max(initial=0))


def utc(text: str) -> str:
    """An ISO 8601 time as UTC with microseconds (no zone means UTC); else ValueError.

    Examples
    --------
    >>> utc("2025-02-03T12:00:00+01:00")
    '2025-02-03T11:00:00.000000+00:00'
    """
    moment = _dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.UTC)
    try:
        return moment.astimezone(_dt.UTC).isoformat(timespec="microseconds")
    except OverflowError:
        raise ValueError(f"{text!r} is outside the years 1 to 9999") from None


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is too large")
    return value


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


@cache
def _checks() -> dict:
    """The schema compiled in parts, so that every bad record is named, not only the first."""
    import fastjsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    defs = schema["definitions"]
    envelope = json.loads(json.dumps(schema))
    envelope["properties"]["attempts"]["additionalProperties"] = {"type": "array"}
    envelope["properties"]["drafts"]["additionalProperties"] = {}
    parts = {"envelope": envelope,
             "list": {k: v for k, v in defs["records"].items() if k != "items"},
             "record": {"definitions": defs, "$ref": "#/definitions/record"},
             "draft": {"definitions": defs, "$ref": "#/definitions/draft"}}
    return {name: fastjsonschema.compile({"$schema": schema["$schema"], **part},
                                         formats={"printable": str.isprintable})
            for name, part in parts.items()}


def _reason(part: str, value) -> str | None:
    """Why *value* fails the schema's *part*, in words, or None."""
    import fastjsonschema

    try:
        _checks()[part](value)
    except fastjsonschema.JsonSchemaException as error:
        field = error.name.removeprefix("data").lstrip(".") or "it"
        text = error.message.removeprefix(error.name).strip().replace(
            "must be same as const definition:", "must be").replace("be None", "be null")
        if error.rule in ("type", "const", "enum", "format"):
            text += f", not {_short(repr(error.value), 40)}"
        return _short(f"{field} {text}")
    return None


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _load(path: Path):
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ExportError(f"{path}: is {size / 1e6:.1f} MB; a progress export is at most "
                              f"{MAX_BYTES // 1_000_000} MB, so it was not read")
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ExportError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ExportError(f"{path}: not a file") from None
    except OSError as error:
        raise ExportError(f"{path}: cannot be read ({error.strerror or error})") from None
    if len(raw) > MAX_BYTES:
        raise ExportError(f"{path}: grew past {MAX_BYTES // 1_000_000} MB while being read")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportError(f"{path}: is not valid JSON (it is not UTF-8 text)") from None
    depth = _nesting(text)
    if depth > MAX_DEPTH:
        raise ExportError(f"{path}: is nested {depth} levels deep; a progress export is at "
                          f"most {MAX_DEPTH}, so it was not parsed")
    try:
        return json.loads(text, parse_float=_finite, parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:
        raise ExportError(f"{path}: is not valid JSON ({_short(str(error), 120)})") from None


def read_export(path: str | os.PathLike, *, known: Collection[str] | None = None) -> Export:
    """Read one progress export (or an older ``progress.json``), checking everything; records
    of exercises not in *known* (if given) are only counted, in :attr:`Export.unknown`.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> file = pathlib.Path(tempfile.mkdtemp()) / "ana.json"
    >>> good = {"id": "r1", "time": "2025-02-01T10:00:00Z", "kind": "attempt",
    ...         "answer": "b", "correct": True}
    >>> forged = dict(good, id="r2", correct="yes")
    >>> _ = file.write_text(json.dumps({"format": FORMAT, "version": 1, "student": "Ana",
    ...                                 "attempts": {"00.q": [good, forged]}}))
    >>> export = read_export(file)
    >>> export.student, export.records
    ('Ana', 1)
    >>> print(export.skipped[0])
    record 2 of '00.q' left out: correct must be boolean or null, not 'yes'
    """
    path = Path(path)
    data = _load(path)
    if problem := _reason("envelope", data):
        raise ExportError(f"{path}: is not a progress export of this course ({problem})")
    student = " ".join(data.get("student", "").split())
    if data.get("student") is not None and not (student and student.isprintable()):
        raise ExportError(f"{path}: the student's name is empty or holds control characters")
    try:
        exported = utc(data["exported"]) if "exported" in data else ""
    except ValueError:
        exported = ""
    skipped, unknown, attempts, seen, duplicates = [], {}, {}, set(), 0
    for exercise_id, records in data["attempts"].items():
        if problem := _reason("list", records):
            skipped.append(f"the records of {_short(exercise_id, 60)!r} left out: {problem}")
        elif not _printable(exercise_id):
            skipped.append(f"{len(records)} record(s) left out: the exercise id "
                           f"{_short(exercise_id, 60)!r} is not printable text")
        elif known is not None and exercise_id not in known:
            if records:
                unknown[exercise_id] = len(records)
        else:
            kept = []
            for number, record in enumerate(records, start=1):
                problem, time = _checked("record", record, "answer")
                if problem:
                    skipped.append(f"record {number} of {exercise_id!r} left out: {problem}")
                elif record["id"] in seen:
                    duplicates += 1
                else:
                    seen.add(record["id"])
                    kept.append({**record, "time": time})
            if kept:
                attempts[exercise_id] = sorted(kept, key=lambda r: r["time"])
    drafts = {}
    for name, draft in data.get("drafts", {}).items():
        problem, time = _checked("draft", draft, "data")
        if problem is None and not _printable(name):
            problem = "its name is not printable text"
        if problem:
            skipped.append(f"draft {_short(name, 60)!r} left out: {problem}")
        else:
            drafts[name] = {"time": time, "data": draft["data"]}
    if duplicates:
        skipped.append(f"{duplicates} record(s) left out: their ids repeat earlier records' "
                       "(a file edited or pieced together by hand)")
    return Export(path, student, exported, data.get("course_version", ""), attempts, drafts,
                  skipped, unknown)


def _printable(name: str) -> bool:
    return 0 < len(name) <= 200 and name.isprintable()


def _checked(part: str, item, value: str) -> tuple[str | None, str]:
    """(Why a record or draft is unusable, or None; its time in UTC)."""
    if problem := _reason(part, item):
        return problem, ""
    try:
        time = utc(item["time"])
    except ValueError:
        return f"its time {_short(item['time'], 40)!r} does not parse", ""
    try:
        json.dumps(item[value], ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return f"its {value} holds text that is not valid Unicode", time
    return None, time
