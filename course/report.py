"""``python -m course report``: a class report from students' progress exports.

Each student exports a JSON file (``python -m course progress --export FILE`` or
``course.progress.export_for_instructor()``). This module reads any number of them,
validates each with the progress store's own checks, merges two exports of the same
student by record id (so a student who hands in twice is not counted twice) and
summarises the class:

- per exercise: students who attempted it, total attempts, the share of attempting
  students who got it right, how many revealed the solution, and the average number of
  attempts to the first correct answer;
- per student: completion by notebook, i.e. exercises answered correctly (or, for a
  reflection, answered at all) out of the bank's exercises for that notebook.

The result is written as CSV files, a chart (PNG) and an HTML page that works offline.
A missing or malformed file gets one error line naming it; the other files are still
reported and the command exits non-zero. Records for exercises that are not in the
bank are counted separately, with a warning, and do not make a file bad.
"""

from __future__ import annotations

import csv
import html
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .syllabus import LESSONS

__all__ = ["ANONYMOUS", "Export", "ExportError", "ReportResult", "add_arguments",
           "build_report", "class_summary", "cli", "exercise_rows", "merge_exports",
           "read_export", "student_rows"]

ANONYMOUS = "anonymous"
_FILES = ("exercises.csv", "students.csv", "completion.csv", "completion.png", "index.html")


class ExportError(ValueError):
    """A progress export is missing or malformed; the message names the file."""


@dataclass(frozen=True)
class Export:
    """One student's progress export.

    Attributes
    ----------
    path : Path
        The file it was read from.
    student : str
        The student's name or id as written in the export.
    exported : str
        When it was exported (ISO 8601), or ``""`` if the file does not say.
    attempts : dict
        ``{exercise id: [records]}``; each record has ``id``, ``time``, ``kind``,
        ``answer`` and ``correct``.
    """

    path: Path
    student: str
    exported: str
    attempts: dict


def read_export(path: str | os.PathLike) -> Export:
    """Read and validate one progress export.

    The shape is checked by :meth:`course.progress.ProgressStore.check`, the same
    validation the store applies to its own file and to imports; nothing is changed on
    disk.

    Raises
    ------
    ExportError
        If the file is missing, unreadable, not JSON, not a progress export of this course,
        or has no student name. The message starts with the file's path.
    """
    from .progress import ProgressFileError, ProgressStore

    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file path; got {path!r}")
    path = Path(path)
    if not path.exists():
        raise ExportError(f"{path}: no such file")
    if not path.is_file():
        raise ExportError(f"{path}: not a file")
    try:
        ProgressStore(path).check()
        data = json.loads(path.read_bytes().decode("utf-8"))
    except ProgressFileError as error:
        raise ExportError(str(error)) from None
    except OSError as error:
        raise ExportError(f"{path}: cannot be read ({error.strerror or error})") from None
    except ValueError as error:  # changed while being read
        raise ExportError(f"{path}: is not valid JSON ({error})") from None
    student = data.get("student")
    if not isinstance(student, str) or not student.strip():
        raise ExportError(f"{path}: has no student name (the 'student' field); it looks like "
                          "a progress file, not an export. Ask the student to export with "
                          "`python -m course progress --export FILE`.")
    exported = data.get("exported")
    return Export(path, student.strip(), exported if isinstance(exported, str) else "",
                  data["attempts"])


def merge_exports(exports: Iterable[Export]) -> dict[str, dict[str, list[dict]]]:
    """Group exports by student and merge their records by record id.

    An export from ``"anonymous"`` is kept apart (as ``"anonymous (FILE)"``), since two
    anonymous students are not the same person.

    Returns
    -------
    dict
        ``{student: {exercise id: [records, oldest first]}}``.

    Examples
    --------
    >>> rec = {"id": "r1", "time": "2025-02-01T10:00:00+00:00", "kind": "attempt",
    ...        "answer": "b", "correct": True}
    >>> a = Export(Path("a.json"), "Ana", "", {"00.q": [rec]})
    >>> b = Export(Path("a-again.json"), "Ana", "", {"00.q": [rec]})
    >>> merged = merge_exports([a, b])
    >>> list(merged), len(merged["Ana"]["00.q"])
    (['Ana'], 1)
    """
    merged: dict[str, dict[str, dict[str, dict]]] = {}
    for item in exports:
        if not isinstance(item, Export):
            raise TypeError(f"exports must be Export objects from read_export(); got {item!r}")
        name = item.student
        if name.lower() == ANONYMOUS:
            name = f"{item.student} ({item.path.name})"
        mine = merged.setdefault(name, {})
        for exercise_id, records in item.attempts.items():
            by_id = mine.setdefault(exercise_id, {})
            for record in records:
                by_id.setdefault(record["id"], record)
    return {student: {exercise_id: sorted(records.values(), key=lambda r: r["time"])
                      for exercise_id, records in attempts.items()}
            for student, attempts in merged.items()}


def _completed(spec: Mapping, records: Sequence[Mapping]) -> bool:
    if spec.get("kind") == "reflection":
        return any(r["kind"] == "attempt" for r in records)
    return any(r["kind"] == "attempt" and r["correct"] is True for r in records)


def _attempts_to_correct(records: Sequence[Mapping]) -> int | None:
    count = 0
    for record in records:
        if record["kind"] == "attempt":
            count += 1
            if record["correct"] is True:
                return count
    return None


def _notebook(exercise_id: str, spec: Mapping) -> str:
    return str(spec.get("notebook") or exercise_id.split(".", 1)[0])


def exercise_rows(students: Mapping[str, Mapping[str, list]],
                  exercises: Mapping[str, Mapping]) -> list[dict]:
    """One row per bank exercise: attempts, share correct, reveals, attempts to correct.

    Parameters
    ----------
    students : mapping
        ``{student: {exercise id: [records]}}`` from :func:`merge_exports`.
    exercises : mapping
        The bank, ``{id: spec}`` (:func:`course.exercises.bank`).

    Returns
    -------
    list of dict
        Keys: ``exercise``, ``notebook``, ``kind``, ``prompt``, ``students_attempted``,
        ``attempts``, ``students_correct``, ``share_correct`` (None for a reflection or
        when nobody attempted), ``students_revealed``, ``mean_attempts_to_correct``
        (None when nobody got it right).

    Examples
    --------
    >>> bank = {"00.q": {"kind": "choice", "prompt": "Pick one", "notebook": "00"}}
    >>> recs = [{"id": "1", "time": "1", "kind": "attempt", "correct": False, "answer": "a"},
    ...         {"id": "2", "time": "2", "kind": "attempt", "correct": True, "answer": "b"}]
    >>> row = exercise_rows({"Ana": {"00.q": recs}, "Ben": {}}, bank)[0]
    >>> row["students_attempted"], row["attempts"], row["share_correct"]
    (1, 2, 1.0)
    >>> row["mean_attempts_to_correct"]
    2.0
    """
    rows = []
    for exercise_id, spec in exercises.items():
        per_student = [attempts.get(exercise_id, []) for attempts in students.values()]
        attempted = [r for r in per_student if any(x["kind"] == "attempt" for x in r)]
        reflection = spec.get("kind") == "reflection"
        to_correct = [n for n in map(_attempts_to_correct, attempted) if n is not None]
        correct = None if reflection else len(to_correct)
        rows.append({
            "exercise": exercise_id,
            "notebook": _notebook(exercise_id, spec),
            "kind": spec.get("kind", ""),
            "prompt": " ".join(str(spec.get("prompt", "")).split()),
            "students_attempted": len(attempted),
            "attempts": sum(1 for r in per_student for x in r if x["kind"] == "attempt"),
            "students_correct": correct,
            "share_correct": (correct / len(attempted)
                              if correct is not None and attempted else None),
            "students_revealed": sum(1 for r in per_student
                                     if any(x["kind"] == "reveal" for x in r)),
            "mean_attempts_to_correct": (sum(to_correct) / len(to_correct)
                                         if to_correct and not reflection else None),
        })
    return rows


def student_rows(students: Mapping[str, Mapping[str, list]],
                 exercises: Mapping[str, Mapping]) -> list[dict]:
    """One row per student and notebook: exercises completed out of the notebook's.

    Only notebooks with at least one exercise in the bank are listed. An exercise is
    completed when an attempt was correct, or, for a reflection, when it was answered.

    Returns
    -------
    list of dict
        Keys: ``student``, ``notebook``, ``title``, ``completed``, ``exercises``.

    Examples
    --------
    >>> bank = {"00.q": {"kind": "choice", "notebook": "00"},
    ...         "00.r": {"kind": "reflection", "notebook": "00"}}
    >>> recs = {"00.r": [{"id": "1", "time": "1", "kind": "attempt", "correct": None,
    ...                   "answer": "Because..."}]}
    >>> [(r["notebook"], r["completed"], r["exercises"]) for r in student_rows({"Ana": recs}, bank)]
    [('00', 1, 2)]
    """
    by_notebook: dict[str, list[str]] = {}
    for exercise_id, spec in exercises.items():
        by_notebook.setdefault(_notebook(exercise_id, spec), []).append(exercise_id)
    titles = {item.number: item.title for item in LESSONS}
    order = [n for n in (item.number for item in LESSONS) if n in by_notebook]
    order += sorted(set(by_notebook) - set(order))
    rows = []
    for student, attempts in students.items():
        for number in order:
            ids = by_notebook[number]
            rows.append({"student": student, "notebook": number,
                         "title": titles.get(number, ""),
                         "completed": sum(1 for i in ids
                                          if _completed(exercises[i], attempts.get(i, []))),
                         "exercises": len(ids)})
    return rows


def class_summary(students: Mapping[str, Mapping[str, list]],
                  exercises: Mapping[str, Mapping]) -> list[dict]:
    """One row per student: totals over the bank, and records for unknown exercises.

    Returns
    -------
    list of dict
        Keys: ``student``, ``completed``, ``exercises``, ``percent_complete``,
        ``attempts``, ``reveals``, ``unknown_records``.
    """
    rows = []
    for student, attempts in students.items():
        known = {i: r for i, r in attempts.items() if i in exercises}
        done = sum(1 for i, spec in exercises.items() if _completed(spec, attempts.get(i, [])))
        rows.append({
            "student": student,
            "completed": done,
            "exercises": len(exercises),
            "percent_complete": round(100 * done / len(exercises), 1) if exercises else None,
            "attempts": sum(1 for r in known.values() for x in r if x["kind"] == "attempt"),
            "reveals": sum(1 for r in known.values() for x in r if x["kind"] == "reveal"),
            "unknown_records": sum(len(r) for i, r in attempts.items() if i not in exercises),
        })
    return rows


# ---------------------------------------------------------------------------------------
# Writing the report
# ---------------------------------------------------------------------------------------

@dataclass
class ReportResult:
    """What :func:`build_report` did.

    Attributes
    ----------
    out : Path
        The report folder (``index.html``, the CSV files and the chart).
    students : dict
        ``{student: {exercise id: [records]}}`` after merging.
    errors : list of str
        One line per bad file (missing, unreadable, malformed).
    warnings : list of str
        One line per file with records for exercises not in the bank.
    exercises, per_student, totals : list of dict
        The rows of ``exercises.csv``, ``completion.csv`` and ``students.csv``.
    """

    out: Path
    students: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    exercises: list[dict] = field(default_factory=list)
    per_student: list[dict] = field(default_factory=list)
    totals: list[dict] = field(default_factory=list)
    files_read: int = 0

    @property
    def ok(self) -> bool:
        """True when every file could be read."""
        return not self.errors

    @property
    def index(self) -> Path:
        return self.out / "index.html"


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return value


def _write_csv(path: Path, rows: Sequence[Mapping], columns: Sequence[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_value(row[c]) for c in columns])


def _notebook_means(per_student: Sequence[Mapping]) -> list[tuple[str, float]]:
    """Class mean completion (percent) per notebook, in syllabus order."""
    shares: dict[str, list[float]] = {}
    for row in per_student:
        shares.setdefault(row["notebook"], []).append(row["completed"] / row["exercises"])
    return [(number, 100 * sum(v) / len(v)) for number, v in shares.items()]


def _chart(means: Sequence[tuple[str, float]], students: int):
    """The completion chart and its alt text, or (None, reason) when there is nothing."""
    from . import plots

    if not means or not students:
        return None, "No chart: no student's progress could be read."
    labels = [number for number, _ in means]
    values = [value for _, value in means]
    fig, ax = plots.figure(width=min(14.0, max(6.5, 1.5 + 0.8 * len(labels))), height=3.8)
    plots.bar_chart(labels, values, ax=ax, value_format="{:.0f}%",
                    title="Class completion by notebook",
                    xlabel="Notebook", ylabel="Exercises completed (%, class mean)")
    ax.set_ylim(0, 110)
    best = max(means, key=lambda m: m[1])
    worst = min(means, key=lambda m: m[1])
    parts = ", ".join(f"{number}: {value:.0f}%" for number, value in means)
    alt = (f"Bar chart of the share of each notebook's exercises the class completed, on "
           f"average over {students} students: {parts}. Highest: notebook {best[0]}; lowest: "
           f"notebook {worst[0]}.")
    return fig, alt


def _fmt(value, kind: str = "") -> str:
    if value is None:
        return "—"
    if kind == "percent":
        return f"{100 * value:.0f}%"
    if isinstance(value, float):
        return f"{value:.1f}"
    return html.escape(str(value))


def _table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[str]],
           numeric_from: int = 1) -> str:
    head = "".join(f'<th scope="col"{" class=number" if i >= numeric_from else ""}>'
                   f"{html.escape(h)}</th>" for i, h in enumerate(headers))
    body = []
    for row in rows:
        cells = [f'<th scope="row">{row[0]}</th>']
        cells += [f'<td{" class=number" if i >= numeric_from else ""}>{cell}</td>'
                  for i, cell in enumerate(row[1:], start=1)]
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def _short(text: str, limit: int = 90) -> str:
    return html.escape(text if len(text) <= limit else text[:limit - 1].rstrip() + "…")


def _page(result: ReportResult, figure: str) -> str:
    from .htmlpage import page

    notebooks = list(dict.fromkeys(row["notebook"] for row in result.per_student))
    n_students = len(result.students)
    problems = ""
    if result.errors or result.warnings:
        items = "".join(f'<li class="error">{html.escape(e)}</li>' for e in result.errors)
        items += "".join(f"<li>{html.escape(w)}</li>" for w in result.warnings)
        problems = f"<h2>Files with problems</h2><ul>{items}</ul>"
    exercise_table = _table(
        "Per exercise (students who attempted it, attempts, share of them who got it right, "
        "solutions revealed, mean attempts to the first correct answer)",
        ["Exercise", "Prompt", "Attempted", "Attempts", "Share correct", "Revealed",
         "Attempts to correct"],
        ([f"{html.escape(r['exercise'])} <span class=note>({html.escape(r['kind'])})</span>",
          _short(r["prompt"]), _fmt(r["students_attempted"]), _fmt(r["attempts"]),
          _fmt(r["share_correct"], "percent"), _fmt(r["students_revealed"]),
          _fmt(r["mean_attempts_to_correct"])] for r in result.exercises),
        numeric_from=2)
    cells: dict[str, dict[str, str]] = {}
    for row in result.per_student:
        cells.setdefault(row["student"], {})[row["notebook"]] = \
            f"{row['completed']}/{row['exercises']}"
    student_table = _table(
        "Per student: exercises completed out of each notebook's (correct, or answered for "
        "a reflection)",
        ["Student", *notebooks, "Total", "Attempts", "Revealed", "Not in bank"],
        ([html.escape(t["student"]), *(cells.get(t["student"], {}).get(n, "—")
                                       for n in notebooks),
          f"{t['completed']}/{t['exercises']}", _fmt(t["attempts"]), _fmt(t["reveals"]),
          _fmt(t["unknown_records"])] for t in result.totals))
    files = ", ".join(f'<a href="{name}">{name}</a>' for name in _FILES[:4])
    body = f"""<h1>Class progress report</h1>
<p>{n_students} student(s) from {result.files_read} file(s) read
({len(result.errors)} file(s) could not be read). Files: {files}.</p>
{problems}
<h2>Completion by notebook</h2>
{figure}
<h2>Exercises</h2>
{exercise_table}
<h2>Students</h2>
{student_table}"""
    return page("Class progress report — Open Weights, Open Markets", body,
                header="<p>Open Weights, Open Markets · class progress report</p>",
                footer="<p>Made with <code>python -m course report</code>. Works offline.</p>")


def build_report(files: Sequence[str | os.PathLike], out: str | os.PathLike, *,
                 exercises: Mapping[str, Mapping] | None = None) -> ReportResult:
    """Read progress exports and write the class report into *out*.

    Parameters
    ----------
    files : sequence of path-like
        The students' exports. Bad files are reported in ``result.errors`` and skipped.
    out : path-like
        The folder for ``index.html``, ``exercises.csv``, ``students.csv``,
        ``completion.csv`` and ``completion.png`` (created if needed).
    exercises : mapping, optional
        The bank; default :func:`course.exercises.bank`.

    Returns
    -------
    ReportResult
    """
    from . import plots

    if isinstance(files, (str, os.PathLike)) or not isinstance(files, Sequence):
        raise TypeError(f"files must be a list of paths; got {files!r}")
    if not isinstance(out, (str, os.PathLike)):
        raise TypeError(f"out must be a folder path; got {out!r}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"out must be a folder; {str(out)!r} is a file")
    if exercises is None:
        from .exercises import bank

        exercises = bank()
    result = ReportResult(out=out)
    exports = []
    for name in files:
        try:
            export = read_export(name)
        except ExportError as error:
            result.errors.append(str(error))
            continue
        unknown = sorted(i for i in export.attempts if i not in exercises)
        if unknown:
            count = sum(len(export.attempts[i]) for i in unknown)
            result.warnings.append(
                f"{export.path}: {count} record(s) for exercise(s) not in the bank, counted "
                f"separately: {', '.join(unknown[:8])}{' …' if len(unknown) > 8 else ''}")
        exports.append(export)
    result.files_read = len(exports)
    result.students = merge_exports(exports)
    result.exercises = exercise_rows(result.students, exercises)
    result.per_student = student_rows(result.students, exercises)
    result.totals = class_summary(result.students, exercises)

    out.mkdir(parents=True, exist_ok=True)
    _write_csv(out / "exercises.csv", result.exercises, list(result.exercises[0])
               if result.exercises else ["exercise"])
    _write_csv(out / "completion.csv", result.per_student,
               ["student", "notebook", "title", "completed", "exercises"])
    _write_csv(out / "students.csv", result.totals,
               ["student", "completed", "exercises", "percent_complete", "attempts",
                "reveals", "unknown_records"])
    fig, alt = _chart(_notebook_means(result.per_student), len(result.students))
    chart = out / "completion.png"
    if fig is None:
        chart.unlink(missing_ok=True)
        figure = f'<p class="note">{html.escape(alt)}</p>'
    else:
        png = plots.to_png(fig)
        chart.write_bytes(png)
        figure = plots.figure_html(fig, alt, caption="Source: the exports listed above.",
                                   png=png)
    result.index.write_text(_page(result, figure), encoding="utf-8")
    return result


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------

def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="students' progress exports (JSON)")
    parser.add_argument("--out", default="class-report", metavar="DIR",
                        help="folder for the report (default: class-report)")


def cli(args) -> int:
    from .exercises import BankError

    try:
        result = build_report(args.files, args.out)
    except BankError as error:
        print(f"course report: the exercise bank is invalid: {error}", file=sys.stderr)
        return 2
    except (ValueError, TypeError, OSError) as error:
        print(f"course report: {error}", file=sys.stderr)
        return 2
    for line in result.errors:
        print(f"ERROR: {line}", file=sys.stderr)
    for line in result.warnings:
        print(f"Warning: {line}", file=sys.stderr)
    where = result.index.resolve()
    print(f"Class report: {len(result.students)} student(s) from {result.files_read} file(s); "
          f"{len(result.errors)} file(s) could not be read.")
    written = [name for name in _FILES[:-1] if (result.out / name).is_file()]
    print(f"Wrote {', '.join(written)} and index.html in {where.parent}")
    print(f"Open it in a web browser: {where.as_uri()}")
    return 1 if result.errors else 0
