"""The progress store: every answer a student gives, in one SQLite file per student.

Records: ``id`` (a UUID), ``time`` (UTC, ISO 8601), ``kind`` (``"attempt"`` or
``"reveal"``), ``answer`` (a JSON value), ``correct`` (true, false or null).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import re
import sqlite3
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .exports import FORMAT, VERSION, ExportError, read_export

__all__ = ["ENV_VAR", "FILE_NAME", "STUDENT_VAR", "Imported", "ProgressFileError", "ProgressStore",
           "default_path", "store"]

ENV_VAR = "COURSE_PROGRESS"
STUDENT_VAR = "COURSE_STUDENT"
FILE_NAME = "progress.sqlite3"
SCHEMA_VERSION = 1
_TABLES = (
    "CREATE TABLE records (id TEXT PRIMARY KEY, exercise TEXT NOT NULL, time TEXT NOT NULL,"
    " kind TEXT NOT NULL, answer TEXT NOT NULL, correct INTEGER)",
    "CREATE INDEX records_by_exercise ON records (exercise)",
    "CREATE TABLE drafts (name TEXT PRIMARY KEY, time TEXT NOT NULL, data TEXT NOT NULL)",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)


class ProgressFileError(ValueError):
    """A file cannot be imported as progress; the message says why, naming the file."""


class _Unusable(Exception):
    """A database this course cannot use: ``args`` are what to do with it and why."""


def _database(path: Path) -> Path:
    return path.with_suffix(".sqlite3") if path.suffix.lower() == ".json" else path


def default_path() -> Path:
    """The database's path (nothing is created): ``$COURSE_PROGRESS`` (a folder means the
    file inside it), else ``progress.sqlite3`` in the user data folder."""
    if override := os.environ.get(ENV_VAR, "").strip():
        path = Path(override).expanduser()
        return path / FILE_NAME if path.is_dir() else _database(path)
    import platformdirs

    return platformdirs.user_data_path("open-weights-course", appauthor=False) / FILE_NAME


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="microseconds")


def _json(value, name: str) -> str:
    try:
        return json.dumps(value, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a JSON value (text, finite number, list, dict, "
                        f"True/False/None); got {value!r:.80} ({exc})") from None


def _name(value, what: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 200 or \
            not value.isprintable():
        raise ValueError(f"{what} must be printable text of 1 to 200 characters; got "
                         f"{value!r:.80}")
    return value


def _insert(con: sqlite3.Connection, attempts: dict, drafts: dict) -> tuple[int, int]:
    """Add records (by id, once) and drafts (the newer wins); return how many of each."""
    added = con.executemany("INSERT OR IGNORE INTO records VALUES (?, ?, ?, ?, ?, ?)", (
        (r["id"], exercise, r["time"], r["kind"], json.dumps(r["answer"], ensure_ascii=False),
         r["correct"]) for exercise, records in attempts.items() for r in records))
    replaced = con.executemany(
        "INSERT INTO drafts VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
        "time = excluded.time, data = excluded.data WHERE excluded.time > time",
        ((name, d["time"], json.dumps(d["data"], ensure_ascii=False))
         for name, d in drafts.items()))
    return added.rowcount, replaced.rowcount  # executemany sums the rows changed


def _records(con: sqlite3.Connection, exercise: str | None = None) -> dict[str, list[dict]]:
    where, args = ("WHERE exercise = ?", (exercise,)) if exercise is not None else ("", ())
    attempts: dict[str, list[dict]] = {}
    for ex, id_, time, kind, answer, correct in con.execute(
            f"SELECT exercise, id, time, kind, answer, correct FROM records {where} "
            "ORDER BY time, rowid", args):
        attempts.setdefault(ex, []).append({
            "id": id_, "time": time, "kind": kind, "answer": json.loads(answer),
            "correct": None if correct is None else bool(correct)})
    return attempts


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=30)


@dataclass(frozen=True)
class Imported:
    """What :meth:`ProgressStore.import_` did: new records and drafts, and what it left out."""

    added: int
    drafts: int
    skipped: tuple[str, ...]


class ProgressStore:
    """A student's progress database, safe against crashes, races and corruption; ``notice``
    says what happened to a file it could not use (set aside, or kept in memory instead).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> progress = ProgressStore(pathlib.Path(tempfile.mkdtemp()) / "progress.sqlite3")
    >>> progress.record("03.v3-cost", "5.576", True)["correct"]
    True
    >>> [r["answer"] for r in progress.load()["03.v3-cost"]], progress.notice
    (['5.576'], '')
    """

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = _database(Path(path).expanduser()) if path is not None else default_path()
        self.notice = ""
        self._memory: sqlite3.Connection | None = None
        self._ready = False

    def __repr__(self) -> str:
        return f"ProgressStore({'memory only' if self.in_memory else str(self.path)})"

    @property
    def in_memory(self) -> bool:
        """True when progress could not be saved to disk and is kept in memory only."""
        return self._memory is not None

    def _connect(self) -> sqlite3.Connection:
        if self._memory is not None:
            return self._memory
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            con.execute("PRAGMA synchronous = EXTRA")
            if not self._ready:
                con.execute("PRAGMA journal_mode = DELETE")
                with con:  # commits, or rolls back on an error
                    con.execute("BEGIN IMMEDIATE")
                    self._prepare(con)
                self._ready = True
        except BaseException:
            con.close()
            raise
        return con

    def _prepare(self, con: sqlite3.Connection) -> None:
        """Create the tables in a new file and import an older JSON file (so: once)."""
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise _Unusable(self._degrade, "it was written by a newer version of the course")
        if version == 0:
            if con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise _Unusable(self._set_aside, "it is another program's database")
            for statement in _TABLES:
                con.execute(statement)
            legacy = self.path.with_suffix(".json")
            try:
                if legacy.is_file():
                    old = read_export(legacy)
                    _insert(con, old.attempts, old.drafts)
            except ExportError as error:
                self._tell(f"Your older progress file could not be imported ({error}); it "
                           "was left as it is.")

    def _run(self, work, mode: str = "IMMEDIATE"):
        """``work(connection)`` in one transaction, run again after a file is set aside."""
        for _ in range(3):
            try:
                con = self._connect()
                try:
                    with con:
                        con.execute(f"BEGIN {mode}")
                        return work(con)
                finally:  # closed before a file is renamed aside (Windows needs that)
                    if con is not self._memory:
                        con.close()
            except _Unusable as error:
                remedy, reason = error.args
                remedy(reason)
            except sqlite3.DatabaseError as error:
                name = getattr(error, "sqlite_errorname", "")
                if self._memory is not None:
                    raise
                if type(error) is sqlite3.DatabaseError and name.startswith(
                        ("SQLITE_NOTADB", "SQLITE_CORRUPT")):
                    self._set_aside(f"it is not a readable database: {error}")
                elif isinstance(error, sqlite3.OperationalError) and name != "SQLITE_ERROR":
                    self._degrade(str(error))  # cannot open, read-only, I/O, full, busy...
                else:
                    raise
            except OSError as error:
                self._degrade(error.strerror or str(error))
        raise RuntimeError(f"the progress store at {self.path} could not be opened")

    def _tell(self, message: str) -> None:
        self.notice = f"{self.notice} {message}".strip()

    def _set_aside(self, reason: str) -> None:
        """Rename an unusable file aside and say so, naming both."""
        self._ready = False  # a new file is prepared on the next connection
        with contextlib.suppress(sqlite3.Error), contextlib.closing(_read_only(self.path)) as con:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if version == SCHEMA_VERSION or (version == 0 and tables == 0):
                return  # another kernel has set it aside already
        stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            os.rename(self.path, aside)
            journal = Path(f"{self.path}-journal")
            if journal.exists():
                os.rename(journal, Path(f"{aside}-journal"))
        except FileNotFoundError:
            pass
        except OSError as error:
            self._degrade(f"{reason}, and it could not be moved aside: {error.strerror}")
            return
        self._tell(f"Your progress file {self.path} could not be read ({reason}). It was "
                   f"kept, unchanged, as {aside}, and a new progress file was started. Your "
                   "instructor may be able to recover answers from the old file.")

    def _degrade(self, reason: str) -> None:
        """Keep progress in memory from now on, with what can still be read from the file."""
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        with contextlib.suppress(sqlite3.Error, OSError, ValueError), \
                contextlib.closing(_read_only(self.path)) as source:
            if source.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
                source.backup(memory)
        if memory.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            self._prepare(memory)  # this connection is the database's only user
        self._memory = memory
        self._tell(f"Your progress cannot be saved to {self.path} ({reason}). Answers are "
                   "kept in memory for this session only and are lost when the kernel stops. "
                   "Export your progress before you leave (notebook 00 shows how), or set "
                   f"the environment variable {ENV_VAR} to a file in a folder you can write "
                   "to and restart the kernel.")

    def record(self, exercise_id: str, answer, correct: bool | None, *,
               kind: str = "attempt") -> dict:
        """Save and return one attempt (or, with ``kind="reveal"``, a solution shown);
        durable on return. *correct* is None for a reflection or a reveal."""
        _name(exercise_id, "exercise_id")
        entry = {"id": str(uuid.uuid4()), "time": _now(), "kind": kind,
                 "answer": json.loads(_json(answer, "answer")), "correct": correct}
        self._run(lambda con: _insert(con, {exercise_id: [entry]}, {}))
        return dict(entry)

    def load(self) -> dict[str, list[dict]]:
        """Return ``{exercise id: [records, oldest first]}``."""
        return self._run(_records, mode="")

    def attempts(self, exercise_id: str) -> list[dict]:
        """Return the records of one exercise, oldest first."""
        return self._run(lambda con: _records(con, exercise_id), mode="").get(exercise_id, [])

    def save_draft(self, name: str, data: dict) -> None:
        """Save a draft (the capstone form's fields) under *name*; durable on return."""
        _name(name, "name")
        text = _json(data, "data")
        self._run(lambda con: con.execute(
            "INSERT INTO drafts VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
            "time = excluded.time, data = excluded.data", (name, _now(), text)))

    def load_draft(self, name: str) -> dict | None:
        """Return the draft saved under *name*, or None."""
        row = self._run(lambda con: con.execute("SELECT data FROM drafts WHERE name = ?",
                                                (name,)).fetchone(), mode="")
        return None if row is None else json.loads(row[0])

    def export(self, dest: str | os.PathLike, student: str | None = None) -> Path:
        """Write progress and drafts as JSON to *dest* (a file, or a folder to hold
        ``course-progress-<student>.json``); return the file. *student* defaults to
        ``$COURSE_STUDENT``, else ``"anonymous"``."""
        student = _name(student or os.environ.get(STUDENT_VAR, "").strip() or "anonymous",
                        "student").strip()
        dest = Path(dest).expanduser()
        if dest.is_dir():
            slug = re.sub(r"[^A-Za-z0-9_-]+", "-", student).strip("-")[:60] or "anonymous"
            dest = dest / f"course-progress-{slug}.json"
        if dest.resolve() == self.path.resolve():
            raise ValueError(f"dest {str(dest)!r} is the progress file itself; export to "
                             "another file")
        attempts, drafts = self._run(lambda con: (_records(con), {
            name: {"time": time, "data": json.loads(data)}
            for name, time, data in con.execute("SELECT name, time, data FROM drafts")}),
            mode="")
        tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex}.tmp")
        try:  # written beside dest and renamed, so dest is never half written
            with tmp.open("w", encoding="utf-8") as handle:
                json.dump({"format": FORMAT, "version": VERSION, "student": student,
                           "exported": _now(), "course_version": __version__,
                           "attempts": attempts, "drafts": drafts},
                          handle, ensure_ascii=False, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            tmp.replace(dest)
        finally:
            tmp.unlink(missing_ok=True)
        return dest

    def import_(self, src: str | os.PathLike, *,
                known: Collection[str] | None = None) -> Imported:
        """Merge an export in one transaction (records by id, drafts if newer), listing what
        is left out; an unreadable file raises :class:`ProgressFileError`."""
        try:
            incoming = read_export(src, known=known)
        except ExportError as error:
            raise ProgressFileError(f"{error}. Nothing was imported; your progress is "
                                    "unchanged.") from None
        skipped = [*incoming.skipped, *(
            f"{count} record(s) of {exercise!r} left out: no such exercise in this version "
            "of the course" for exercise, count in incoming.unknown.items())]
        added, drafts = self._run(lambda con: _insert(con, incoming.attempts, incoming.drafts))
        return Imported(added, drafts, tuple(skipped))


_STORES: dict[Path, ProgressStore] = {}


def store(path: str | os.PathLike | None = None) -> ProgressStore:
    """The store for *path* that every exercise in this kernel shares (one notice, one memory).

    Examples
    --------
    >>> store() is store(default_path())
    True
    """
    new = ProgressStore(path)
    return _STORES.setdefault(new.path.absolute(), new)
