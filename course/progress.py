"""The progress store: every answer a student gives, kept safe in one JSON file.

One file per student (``$COURSE_PROGRESS``, or ``progress.json`` in the user data
folder) holding ``{"format": "open-weights-course-progress", "version": 1,
"attempts": {exercise id: [records, oldest first]}}``. Each record has an ``id``
(a UUID), ``time`` (UTC, ISO 8601), ``kind`` (``"attempt"`` or ``"reveal"``),
``answer`` (a JSON value) and ``correct`` (true, false or null).

Safety rules
------------
- :meth:`ProgressStore.record` is durable when it returns: the new file is written to
  a temporary file in the same folder, flushed and fsynced, moved over the old one with
  ``os.replace`` and the folder is fsynced.
- Two kernels writing at once lose nothing: a lock file next to the progress file
  (``filelock``) guards a read-merge-write.
- A corrupt file (bad JSON or the wrong shape) is moved aside to
  ``progress.json.corrupt-<time>`` with a :class:`ProgressCorruptWarning` naming both
  paths; it is never silently overwritten.
- A location that cannot be written degrades to memory with one
  :class:`ProgressNotSavedWarning` saying what to do.

Students export their progress (Binder sessions are temporary) with
:func:`export_for_instructor` or ``python -m course progress --export FILE``, and
import it elsewhere with :meth:`ProgressStore.import_` or ``--import FILE``.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as _dt
import json
import os
import re
import sys
import tempfile
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "APP_NAME",
    "ENV_VAR",
    "FORMAT",
    "LessonProgress",
    "ProgressCorruptWarning",
    "ProgressFileError",
    "ProgressNotSavedWarning",
    "ProgressStore",
    "ProgressWarning",
    "STUDENT_VAR",
    "VERSION",
    "add_arguments",
    "cli",
    "default_path",
    "export_for_instructor",
    "format_summary",
    "store",
]

FORMAT = "open-weights-course-progress"
VERSION = 1
APP_NAME = "open-weights-course"
ENV_VAR = "COURSE_PROGRESS"
STUDENT_VAR = "COURSE_STUDENT"
RECORD_KINDS = ("attempt", "reveal")


class ProgressWarning(UserWarning):
    """Something about saved progress the student should know."""


class ProgressNotSavedWarning(ProgressWarning):
    """Progress cannot be written to disk and is kept in memory for this session only."""


class ProgressCorruptWarning(ProgressWarning):
    """The progress file could not be read; it was moved aside and a new one started."""


class ProgressFileError(ValueError):
    """A file is not a valid progress file or export (the message says why)."""


def default_path() -> Path:
    """Return where progress is saved.

    ``$COURSE_PROGRESS`` when it is set (a folder means ``progress.json`` inside it),
    otherwise ``progress.json`` in the user data folder that :mod:`platformdirs` gives
    for ``open-weights-course``. Nothing is created.

    Examples
    --------
    >>> default_path().suffix
    '.json'
    """
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        path = Path(override).expanduser()
        return path / "progress.json" if path.is_dir() else path
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "progress.json"


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="microseconds")


def _empty() -> dict:
    return {"format": FORMAT, "version": VERSION, "attempts": {}}


def _record_ok(record) -> bool:
    return (isinstance(record, dict) and isinstance(record.get("id"), str)
            and isinstance(record.get("time"), str) and record.get("kind") in RECORD_KINDS
            and "answer" in record
            and (record.get("correct") is None or isinstance(record.get("correct"), bool)))


def _problem(data) -> str | None:
    """Why *data* is not a valid progress document, or None when it is."""
    if not isinstance(data, dict):
        return f"it holds a {type(data).__name__}, not a progress object"
    if data.get("format") != FORMAT:
        return f"its format is {data.get('format')!r}, not {FORMAT!r}"
    if data.get("version") != VERSION:
        return f"its version is {data.get('version')!r}; this course reads version {VERSION}"
    attempts = data.get("attempts")
    if not isinstance(attempts, dict):
        return "it has no 'attempts' object"
    for exercise_id, records in attempts.items():
        if not isinstance(records, list):
            return f"the attempts of {exercise_id!r} are not a list"
        for record in records:
            if not _record_ok(record):
                return f"a record of {exercise_id!r} is malformed: {str(record)[:120]}"
    return None


def _write_atomically(path: Path, data: dict) -> None:
    """Write JSON to *path* durably: temp file, fsync, os.replace, fsync the folder."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    folder = path.parent
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if hasattr(os, "O_DIRECTORY"):  # POSIX: make the rename itself durable
        folder_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder_fd)
        finally:
            os.close(folder_fd)


class _Corrupt(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _student(student) -> str:
    if student is None:
        student = os.environ.get(STUDENT_VAR, "").strip() or "anonymous"
    if not isinstance(student, str) or not student.strip() or len(student) > 200:
        raise ValueError(f"student must be a non-empty name or id (up to 200 characters); "
                         f"got {student!r}")
    return student.strip()


def _slug(student: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", student).strip("-")[:60]
    return slug or "anonymous"


@dataclass(frozen=True)
class LessonProgress:
    """One notebook's line of a progress summary."""

    number: str
    title: str
    exercises: int
    attempted: int
    correct: int
    revealed: int


class ProgressStore:
    """A student's progress file, safe against crashes, races and corruption.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The progress file; default :func:`default_path`.
    lock_timeout : float
        Seconds to wait for another kernel's lock before keeping progress in memory.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> progress = ProgressStore(folder / "progress.json")
    >>> progress.record("03.v3-cost", "5.576", True)["correct"]
    True
    >>> [r["answer"] for r in progress.load()["03.v3-cost"]]
    ['5.576']
    """

    def __init__(self, path: str | os.PathLike | None = None, *, lock_timeout: float = 10.0):
        if path is not None and not isinstance(path, str | os.PathLike):
            raise TypeError(f"path must be a str or path-like; got {path!r}")
        if isinstance(lock_timeout, bool) or not isinstance(lock_timeout, int | float) or \
                lock_timeout < 0:
            raise ValueError(f"lock_timeout must be a number of seconds >= 0; "
                             f"got {lock_timeout!r}")
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.lock_timeout = float(lock_timeout)
        self._memory: dict | None = None
        self._lock = None
        self._swept = False

    def __repr__(self) -> str:
        where = "memory only" if self.in_memory else str(self.path)
        return f"ProgressStore({where})"

    @property
    def in_memory(self) -> bool:
        """True when progress could not be saved to disk and is kept in memory only."""
        return self._memory is not None

    # --- reading and writing -------------------------------------------------------------

    def _read(self) -> dict:
        """Read the file; a missing file is empty progress. Raises _Corrupt or OSError."""
        try:
            raw = self.path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return _empty()
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise _Corrupt(f"it is not valid JSON ({exc})") from None
        reason = _problem(data)
        if reason:
            raise _Corrupt(reason)
        return data

    @contextlib.contextmanager
    def _locked(self):
        import filelock

        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self._lock is None:
            self._lock = filelock.FileLock(f"{self.path}.lock", timeout=self.lock_timeout)
        with self._lock:
            yield

    def _set_aside(self, reason: str) -> None:
        """Move a corrupt file aside (under the lock) and warn, naming both paths."""
        stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        os.rename(self.path, aside)
        warnings.warn(ProgressCorruptWarning(
            f"Your progress file {self.path} could not be read ({reason}). It was moved "
            f"aside to {aside}, unchanged, and a new progress file was started. Your "
            "instructor may be able to recover answers from the old file."), stacklevel=4)

    def _read_locked(self) -> dict:
        try:
            return self._read()
        except _Corrupt as corrupt:
            self._set_aside(corrupt.reason)
            return _empty()

    def _sweep(self) -> None:
        """Remove temporary files left by a writer that was killed (we hold the lock)."""
        if not self._swept:
            for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
                with contextlib.suppress(OSError):
                    stale.unlink()
            self._swept = True

    def _degrade(self, error: BaseException) -> None:
        """Switch to memory, keeping what could be read, with one clear warning."""
        try:
            self._memory = self._read()
        except (OSError, _Corrupt):
            self._memory = _empty()
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        warnings.warn(ProgressNotSavedWarning(
            f"Your progress cannot be saved to {self.path} ({reason}). Answers are kept in "
            "memory for this session only and will be lost when the kernel stops. To keep "
            f"them, set the environment variable {ENV_VAR} to a file in a folder you can "
            "write to and restart the kernel, or export your progress before you leave with "
            "course.progress.export_for_instructor()."), stacklevel=4)

    def _update(self, change) -> object:
        """Apply ``change(data)`` under the lock and write durably, or in memory."""
        import filelock

        if self._memory is None:
            try:
                with self._locked():
                    data = self._read_locked()
                    result = change(data)
                    self._sweep()
                    _write_atomically(self.path, data)
                    return result
            except (OSError, filelock.Timeout) as error:
                self._degrade(error)
        return change(self._memory)

    # --- public API ----------------------------------------------------------------------

    def record(self, exercise_id: str, answer, correct: bool | None, *,
               kind: str = "attempt") -> dict:
        """Save one attempt (or a reveal); durable on disk when this returns.

        Parameters
        ----------
        exercise_id : str
            The exercise's bank id, e.g. ``"03.v3-cost"``.
        answer : JSON value
            The answer as given (text, number, list of keys, mapping...).
        correct : bool or None
            The verdict; None for an ungraded reflection or a reveal.
        kind : {"attempt", "reveal"}
            ``"reveal"`` records that the student asked to see the solution.

        Returns
        -------
        dict
            The new record (``id``, ``time``, ``kind``, ``answer``, ``correct``).
        """
        if not isinstance(exercise_id, str) or not exercise_id.strip() or \
                len(exercise_id) > 200 or not exercise_id.isprintable():
            raise ValueError(f"exercise_id must be a short printable id such as '03.v3-cost'; "
                             f"got {exercise_id!r}")
        if not (correct is None or isinstance(correct, bool)):
            raise TypeError(f"correct must be True, False or None; got {correct!r}")
        if kind not in RECORD_KINDS:
            raise ValueError(f"kind must be one of {RECORD_KINDS}; got {kind!r}")
        try:
            answer = json.loads(json.dumps(answer, allow_nan=False))
        except (TypeError, ValueError) as exc:
            raise TypeError(f"answer must be a JSON value (text, finite number, list, dict, "
                            f"True/False/None); got {answer!r:.80} ({exc})") from None
        entry = {"id": str(uuid.uuid4()), "time": _now(), "kind": kind, "answer": answer,
                 "correct": correct}

        def append(data):
            records = data["attempts"].setdefault(exercise_id, [])
            if not any(r["id"] == entry["id"] for r in records):  # applied once, even on retry
                records.append(entry)

        self._update(append)
        return dict(entry)

    def load(self) -> dict[str, list[dict]]:
        """Return ``{exercise id: [records, oldest first]}`` (a copy).

        A corrupt file is moved aside with a :class:`ProgressCorruptWarning` and empty
        progress is returned; a missing file is empty progress.
        """
        if self._memory is not None:
            return copy.deepcopy(self._memory["attempts"])
        import filelock

        try:
            return self._read()["attempts"]
        except _Corrupt:
            try:
                with self._locked():
                    return self._read_locked()["attempts"]
            except (OSError, filelock.Timeout) as error:
                self._degrade(error)
        except OSError as error:
            self._degrade(error)
        return copy.deepcopy(self._memory["attempts"])

    def attempts(self, exercise_id: str) -> list[dict]:
        """Return the records of one exercise, oldest first."""
        return self.load().get(exercise_id, [])

    def check(self) -> None:
        """Raise :class:`ProgressFileError` if the file exists but is not valid progress.

        Unlike :meth:`load`, nothing is moved: this only reports.
        """
        try:
            self._read()
        except _Corrupt as corrupt:
            raise ProgressFileError(f"{self.path} is not a valid progress file: "
                                    f"{corrupt.reason}") from None

    def export(self, dest: str | os.PathLike, student: str | None = None) -> Path:
        """Write the progress, with the student's name and the time, to *dest*.

        Parameters
        ----------
        dest : str or path-like
            A file, or an existing folder (then ``course-progress-<student>.json`` in it).
        student : str, optional
            Name or id; default ``$COURSE_STUDENT``, else ``"anonymous"``.

        Returns
        -------
        pathlib.Path
            The file written.
        """
        if not isinstance(dest, str | os.PathLike):
            raise TypeError(f"dest must be a file path; got {dest!r}")
        student = _student(student)
        dest = Path(dest).expanduser()
        if dest.is_dir():
            dest = dest / f"course-progress-{_slug(student)}.json"
        if dest.resolve() == self.path.resolve():
            raise ValueError(f"dest {str(dest)!r} is the progress file itself; export to "
                             "another file")
        from . import __version__

        payload = {"format": FORMAT, "version": VERSION, "student": student,
                   "exported": _now(), "course_version": __version__,
                   "attempts": self.load()}
        _write_atomically(dest, payload)
        return dest

    def import_(self, src: str | os.PathLike) -> int:
        """Merge an export (or another progress file) into this store, by record id.

        Importing the same file twice changes nothing. Returns the number of new records.

        Raises
        ------
        ProgressFileError
            If *src* is missing or is not a progress export; the store is unchanged.
        """
        if not isinstance(src, str | os.PathLike):
            raise TypeError(f"src must be a file path; got {src!r}")
        src = Path(src).expanduser()
        try:
            incoming = json.loads(src.read_bytes().decode("utf-8"))
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise ProgressFileError(f"There is no progress export at {src}.") from None
        except (UnicodeDecodeError, ValueError) as exc:
            raise ProgressFileError(f"{src} is not a progress export: it is not valid JSON "
                                    f"({exc}).") from None
        reason = _problem(incoming)
        if reason:
            raise ProgressFileError(f"{src} is not a progress export of this course: "
                                    f"{reason}. Nothing was imported.")

        def merge(data):
            known = {r["id"] for records in data["attempts"].values() for r in records}
            added = 0
            for exercise_id, records in incoming["attempts"].items():
                new = [r for r in records if r["id"] not in known]
                if new:
                    mine = data["attempts"].setdefault(exercise_id, [])
                    mine.extend(new)
                    mine.sort(key=lambda r: r["time"])
                    known.update(r["id"] for r in new)
                    added += len(new)
            return added

        return self._update(merge)

    def summary(self, exercises: dict | None = None) -> list[LessonProgress]:
        """Summarise progress per notebook: attempted, correct and revealed exercises.

        Parameters
        ----------
        exercises : dict, optional
            ``{id: spec}``; default the bank (:func:`course.exercises.bank`).
        """
        from .syllabus import LESSONS

        if exercises is None:
            from .exercises import bank

            exercises = bank()
        attempts = self.load()
        rows = []
        for lesson in LESSONS:
            ids = [i for i in exercises if i.startswith(lesson.number + ".")]
            records = {i: attempts.get(i, []) for i in ids}
            rows.append(LessonProgress(
                lesson.number, lesson.title, len(ids),
                sum(1 for i in ids if any(r["kind"] == "attempt" for r in records[i])),
                sum(1 for i in ids if any(r["correct"] is True for r in records[i])),
                sum(1 for i in ids if any(r["kind"] == "reveal" for r in records[i]))))
        return rows


_STORES: dict[str, ProgressStore] = {}


def store(path: str | os.PathLike | None = None) -> ProgressStore:
    """Return the shared store for *path* (default :func:`default_path`).

    Exercises in one kernel share a store, so a location that cannot be written warns
    once and answers kept in memory are seen by every exercise.
    """
    path = Path(path).expanduser() if path is not None else default_path()
    key = str(path.absolute())
    if key not in _STORES:
        _STORES[key] = ProgressStore(path)
    return _STORES[key]


def format_summary(rows: list[LessonProgress]) -> str:
    """Format a summary as a plain-text table.

    Examples
    --------
    >>> print(format_summary([LessonProgress("00", "Start here", 4, 2, 1, 0)]))
    #   notebook                          exercises  attempted  correct  revealed
    00  Start here                                4          2        1         0
        Total                                     4          2        1         0
    """
    lines = [f"{'#':<3} {'notebook':<33} {'exercises':>9}  {'attempted':>9}  "
             f"{'correct':>7}  {'revealed':>8}"]
    for r in rows:
        lines.append(f"{r.number:<3} {r.title[:33]:<33} {r.exercises:>9}  {r.attempted:>9}  "
                     f"{r.correct:>7}  {r.revealed:>8}")
    totals = [sum(getattr(r, f) for r in rows)
              for f in ("exercises", "attempted", "correct", "revealed")]
    lines.append(f"{'':<3} {'Total':<33} {totals[0]:>9}  {totals[1]:>9}  {totals[2]:>7}  "
                 f"{totals[3]:>8}")
    return "\n".join(lines)


@dataclass(frozen=True)
class ExportNotice:
    """What :func:`export_for_instructor` did, ready to display in a notebook."""

    path: Path | None
    message: str

    def _href(self) -> str:
        try:
            return Path(os.path.relpath(self.path, Path.cwd())).as_posix()
        except ValueError:
            return self.path.as_uri()

    def _repr_html_(self) -> str:
        import html

        if self.path is None:
            return f"<p><strong>Not exported.</strong> {html.escape(self.message)}</p>"
        return (f"<p><strong>Progress exported.</strong> "
                f"<a href='{html.escape(self._href())}' download>{html.escape(self.path.name)}"
                f"</a> — {html.escape(self.message)}</p>")

    def _repr_markdown_(self) -> str:
        if self.path is None:
            return f"**Not exported.** {self.message}"
        return f"**Progress exported:** [{self.path.name}]({self._href()}) — {self.message}"

    def __repr__(self) -> str:
        return self.message if self.path is None else f"Progress exported to {self.path}. " \
                                                      f"{self.message}"


def export_for_instructor(student: str | None = None,
                          folder: str | os.PathLike | None = None) -> ExportNotice:
    """Export your progress for your instructor; returns a link to display.

    Writes ``course-progress-<student>.json`` into *folder* (default: the course's
    ``notebooks/`` folder, or the working folder) and never raises for a student: a
    problem is reported in the returned notice.

    Parameters
    ----------
    student : str, optional
        Your name or student id; default ``$COURSE_STUDENT``, else ``"anonymous"``.
    folder : str or path-like, optional
        Where to write the file.
    """
    from .data import project_root

    try:
        student = _student(student)
        if folder is None:
            folder = project_root() / "notebooks"
            folder = folder if folder.is_dir() else Path.cwd()
        folder = Path(folder).expanduser()
        if not folder.is_dir():
            raise ValueError(f"{folder} is not a folder")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            path = store().export(folder, student=student)
        notes = " ".join(str(w.message) for w in caught)
    except (OSError, ValueError, TypeError) as error:
        return ExportNotice(None, f"Your progress could not be exported ({error}). Try another "
                                  "folder: export_for_instructor(folder='…').")
    return ExportNotice(path, "Download this file (right-click it in the file browser and "
                              "choose Download) and send it to your instructor." +
                        (f" Note: {notes}" if notes else ""))


# --- command line ----------------------------------------------------------------------------

def add_arguments(parser) -> None:
    """Options of ``python -m course progress``."""
    parser.add_argument("--file", metavar="PATH",
                        help=f"the progress file (default: ${ENV_VAR} or the user data folder)")
    parser.add_argument("--export", metavar="FILE",
                        help="write your progress to FILE (or into the folder FILE) to hand in")
    parser.add_argument("--import", dest="import_", metavar="FILE",
                        help="merge a progress export into your progress")
    parser.add_argument("--student", metavar="NAME",
                        help=f"your name or id for --export (default: ${STUDENT_VAR})")


def _fail(message: str) -> int:
    print(f"Problem: {message}", file=sys.stderr)
    return 1


def cli(args) -> int:
    """Run ``python -m course progress``; print a summary, export or import."""
    path = Path(args.file).expanduser() if args.file else default_path()
    progress = ProgressStore(path)
    try:
        progress.check()
    except ProgressFileError as error:
        return _fail(f"{error}. It has not been changed. Move it aside (or fix it) and "
                     "try again; the course will start a new file.")
    except OSError as error:
        return _fail(f"cannot read {path} ({error.strerror or error}).")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        status = _run(args, progress, path)
    for warning in caught:
        print(f"Warning: {warning.message}", file=sys.stderr)
    return status


def _run(args, progress: ProgressStore, path: Path) -> int:
    if args.import_:
        try:
            added = progress.import_(args.import_)
        except ProgressFileError as error:
            return _fail(str(error))
        if progress.in_memory:
            return _fail(f"could not write to {path}; nothing was imported.")
        print(f"Imported {added} new record(s) from {args.import_} into {path}.")
        return 0
    if not path.is_file():
        return _fail(f"no progress saved yet at {path}. Answer an exercise in a notebook "
                     f"first, or point --file (or ${ENV_VAR}) at your progress file.")
    if args.export:
        try:
            written = progress.export(args.export, student=args.student)
        except (OSError, ValueError) as error:
            return _fail(f"could not export to {args.export} "
                         f"({getattr(error, 'strerror', None) or error}).")
        print(f"Exported your progress to {written}. Send this file to your instructor.")
        return 0
    from .exercises import BankError, bank

    try:
        exercises = bank()
    except BankError as error:
        return _fail(f"the exercise bank is invalid: {error}")
    print(f"Progress saved in {path}\n")
    print(format_summary(progress.summary(exercises)))
    others = [i for i in progress.load() if i not in exercises]
    if others:
        print(f"\n(Also answers to {len(others)} exercise(s) no longer in the bank: "
              f"{', '.join(sorted(others)[:5])}{'…' if len(others) > 5 else ''}.)")
    return 0
