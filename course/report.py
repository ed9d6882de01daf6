"""``python -m course report``: a class report (CSV, chart, HTML) from progress exports.

Every file is read as hostile and every attempt graded again from the bank, so a ``correct``
flag counts for nothing; a bad file or record is named with its reason, never fatal.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .data import templates
from .exports import Export, ExportError, read_export
from .spreadsheet import write_csv

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ANONYMOUS", "ReportResult", "add_arguments", "build_report", "cli",
           "exercise_table", "merge_exports"]

ANONYMOUS = "anonymous"
CSV_FILES = ("exercises.csv", "completion.csv", "students.csv", "disagreements.csv",
             "skipped.csv")


@dataclass
class ReportResult:
    """What :func:`build_report` did: merged records by student, ``(file, problem)`` pairs
    left out, class-level checks, and the tables written as CSV."""

    out: Path
    students: dict = field(default_factory=dict)
    files_read: int = 0
    skipped: list = field(default_factory=list)
    checks: list = field(default_factory=list)
    exercises: pd.DataFrame | None = None
    completion: pd.DataFrame | None = None
    totals: pd.DataFrame | None = None
    disagreements: pd.DataFrame | None = None

    @property
    def ok(self) -> bool:
        """True when nothing in any file was left out."""
        return not self.skipped


def merge_exports(exports: Sequence[Export]) -> tuple[dict[str, dict], list[str]]:
    """Group exports by student (case and spacing ignored; ``"anonymous"`` per file) and merge
    their records by id, the latest export's version winning; return ``(students, checks)``.

    Examples
    --------
    >>> rec = {"id": "r1", "time": "2025-02-01T10:00:00+00:00", "kind": "attempt",
    ...        "answer": "b", "correct": True}
    >>> a = Export(Path("a.json"), "Ana", "2025-02-01T11:00:00+00:00", "", {"00.q": [rec]})
    >>> b = Export(Path("a-again.json"), "ana", "2025-02-02T11:00:00+00:00", "",
    ...            {"00.q": [rec, dict(rec, id="r2")]})
    >>> students, checks = merge_exports([a, b])
    >>> print(checks[0])
    ana: 2 exports (a.json, a-again.json); kept a-again.json, the latest
    (exported 2025-02-02T11:00:00+00:00), which holds every record of the others.
    """
    groups: dict[str, list[Export]] = {}
    for export in exports:
        key = " ".join(export.student.casefold().split())
        if key == ANONYMOUS:
            key = f"{ANONYMOUS} ({export.path.name})"
        groups.setdefault(key, []).append(export)
    students, checks = {}, []
    for key, group in groups.items():
        files = ", ".join(e.path.name for e in group)
        group = sorted(group, key=lambda e: (e.exported, max(  # then the last record's time
            (r["time"] for records in e.attempts.values() for r in records), default="")))
        latest = group[-1]
        name = key if latest.student.casefold() == ANONYMOUS else latest.student
        merged: dict[str, tuple[str, dict]] = {}
        conflicts = 0
        for export in group:  # oldest first, so the latest version of a record wins
            for exercise, records in export.attempts.items():
                for record in records:
                    conflicts += record["id"] in merged and merged[record["id"]][1] != record
                    merged[record["id"]] = (exercise, record)
        students[name] = attempts = {}
        for exercise, record in sorted(merged.values(), key=lambda item: item[1]["time"]):
            attempts.setdefault(exercise, []).append(record)
        if len(group) == 1:
            continue
        newest = {r["id"] for records in latest.attempts.values() for r in records}
        if newest >= set(merged):
            why = (f"kept {latest.path.name}, the latest (exported "
                   f"{latest.exported or 'at an unknown time'}), which holds every record of "
                   "the others")
        else:
            why = (f"merged their {len(merged)} records by record id, since no file holds "
                   "all of them")
        if conflicts:
            why += (f"; {conflicts} record(s) differ between the files, and the latest "
                    "file's version was counted")
        checks.append(f"{name}: {len(group)} exports ({files}); {why}.")
    return students, checks


def _copied(graded: pd.DataFrame) -> list[str]:
    """Record ids that appear under more than one student: a copied export."""
    owners = graded[["id", "student"]].drop_duplicates()
    shared = owners[owners.duplicated("id", keep=False)]
    pairs = Counter(tuple(names) for names in shared.groupby("id")["student"].agg(sorted))
    return [f"{' and '.join(names)} share {count} record id(s): one export was probably "
            "copied from another (each is still counted; ask them)"
            for names, count in pairs.items()]


def exercise_table(status: pd.DataFrame, graded: pd.DataFrame,
                   exercises: Mapping[str, Mapping]) -> pd.DataFrame:
    """One row per bank exercise: attempts, share correct (of those attempting; empty for a
    reflection), reveals, attempts to correct, and saved flags re-grading does not confirm."""
    import pandas as pd

    from .completion import notebook

    table = pd.DataFrame({
        "notebook": [notebook(i) for i in exercises],
        "kind": [spec["kind"] for spec in exercises.values()],
        "prompt": [" ".join(str(spec["prompt"]).split()) for spec in exercises.values()],
    }, index=pd.Index(list(exercises), name="exercise")).join(
        status.groupby("exercise").agg(
            students_attempted=("attempted", "sum"), attempts=("attempts", "sum"),
            students_correct=("attempts_to_correct", "count"),
            students_revealed=("revealed", "sum"),
            mean_attempts_to_correct=("attempts_to_correct", "mean")))
    counts = ["students_attempted", "attempts", "students_revealed"]
    table[counts] = table[counts].fillna(0).astype(int)
    reflection = table["kind"] == "reflection"
    table["students_correct"] = table["students_correct"].fillna(0).astype(float).mask(reflection)
    table.insert(6, "share_correct", table["students_correct"] / table["students_attempted"])
    flags = graded[graded["disagrees"]].groupby("exercise").size()
    table["flags_disagreeing"] = flags.reindex(table.index, fill_value=0)
    return table.reset_index()


def _read(files: Sequence, exercises: Mapping, result: ReportResult) -> list[Export]:
    """The usable exports among *files*; what is left out goes to ``result.skipped``."""
    exports = []
    for name in files:
        try:
            export = read_export(name, known=exercises)
        except ExportError as error:
            result.skipped.append((str(name), str(error).removeprefix(f"{Path(name)}: ")))
            continue
        if not export.student:
            result.skipped.append((str(name), (
                "has no student name; it looks like a progress file, not an export. Ask the "
                "student to export with `python -m course progress --export FILE`.")))
            continue
        result.skipped += [(str(name), line) for line in export.skipped]
        if export.unknown:
            unknown = sorted(export.unknown)
            result.skipped.append((str(name), (
                f"{sum(export.unknown.values())} record(s) for exercise(s) not in this "
                f"course's bank left out (exported by course version "
                f"{export.course_version or 'unknown'}; this is {__version__}): "
                f"{', '.join(unknown[:8])}{' …' if len(unknown) > 8 else ''}")))
        exports.append(export)
    if versions := [export.path.name for export in exports if export.unknown]:
        result.checks.append(f"{len(versions)} export(s) hold answers to exercises that are "
                             "not in this version of the course; those answers are listed "
                             "under skipped, not counted: " + ", ".join(versions))
    return exports


def build_report(files: Sequence[str | os.PathLike], out: str | os.PathLike, *,
                 exercises: Mapping[str, Mapping] | None = None) -> ReportResult:
    """Read the students' export *files* and write the class report into the folder *out*;
    *exercises* defaults to the bank."""
    from .completion import exercise_status, notebook_progress, records_frame, regrade
    from .exercises import bank

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"out must be a folder; {str(out)!r} is a file")
    exercises = bank() if exercises is None else exercises
    result = ReportResult(out=out)
    exports = _read(files, exercises, result)
    result.files_read = len(exports)
    result.students, checks = merge_exports(exports)
    result.checks += checks
    names = list(result.students)
    graded = regrade(records_frame(result.students), exercises)
    result.checks += _copied(graded)
    status = exercise_status(graded, exercises, names)
    result.exercises = exercise_table(status, graded, exercises)
    result.completion = notebook_progress(status)
    wrong = graded[graded["disagrees"]]
    totals = status.groupby("student").agg(
        completed=("completed", "sum"), exercises=("exercise", "size"),
        attempts=("attempts", "sum"), reveals=("revealed", "sum"))
    totals = totals.reindex(names).fillna(0).astype(int)
    totals.insert(2, "percent_complete", (100 * totals["completed"] / totals["exercises"]).round(1))
    totals["flags_disagreeing"] = wrong.groupby("student").size().reindex(names, fill_value=0)
    result.totals = totals.rename_axis("student").reset_index()
    result.disagreements = wrong.assign(
        answer=[json.dumps(a, ensure_ascii=False)[:200] for a in wrong["answer"]]
    )[["student", "exercise", "id", "time", "answer", "correct", "graded"]].rename(
        columns={"id": "record", "correct": "correct_in_file", "graded": "regraded"})
    _write(result)
    return result


def _write(result: ReportResult) -> None:
    import pandas as pd

    result.out.mkdir(parents=True, exist_ok=True)
    tables = (result.exercises, result.completion, result.totals, result.disagreements,
              pd.DataFrame(result.skipped, columns=["file", "problem"]))
    for name, table in zip(CSV_FILES, tables, strict=True):
        write_csv(table, result.out / name)
    figure = _chart(result.completion, len(result.students), result.out / "completion.png")
    page = templates().get_template("report.html").render(
        result=result, figure=figure, files=[*CSV_FILES, *["completion.png"][:bool(figure)]],
        exercises=_shown(result.exercises.drop(columns=["notebook"]), ["share_correct"]),
        student_table=_shown(_students_table(result)),
        first_disagreements=_shown(result.disagreements.head(200)))
    (result.out / "index.html").write_text(page, encoding="utf-8")


def _chart(completion: pd.DataFrame, students: int, path: Path) -> str:
    """Draw the class's mean completion by notebook; return its HTML ("" for no students)."""
    from . import plots

    if not students:
        path.unlink(missing_ok=True)
        return ""
    means = (100 * completion["completed"] / completion["exercises"]).groupby(
        completion["notebook"], sort=False).mean()
    fig, ax = plots.figure(width=min(14.0, max(6.5, 1.5 + 0.8 * len(means))), height=3.8)
    plots.bar_chart(list(means.index), list(means.values), ax=ax, value_format="{:.0f}%",
                    title="Class completion by notebook", xlabel="Notebook",
                    ylabel="Exercises completed (%, class mean)")
    ax.set_ylim(0, 110)
    parts = ", ".join(f"{number}: {value:.0f}%" for number, value in means.items())
    alt = (f"Bar chart of the share of each notebook's exercises the class completed, on "
           f"average over {students} students: {parts}. Highest: notebook {means.idxmax()}; "
           f"lowest: notebook {means.idxmin()}.")
    png = plots.to_png(fig)
    path.write_bytes(png)
    return plots.figure_html(fig, alt, caption="Source: the exports listed above.", png=png)


def _shown(frame: pd.DataFrame, percent: Sequence[str] = ()) -> pd.DataFrame:
    """*frame* with numbers to one decimal (*percent* columns as %) and a dash for missing."""
    shown = frame.copy()
    for column in frame.select_dtypes("float").columns:
        pattern = "{:.0%}" if column in percent else "{:.1f}"
        shown[column] = shown[column].map(pattern.format, na_action="ignore")
    return shown.astype(object).where(shown.notna(), "—")


def _students_table(result: ReportResult) -> pd.DataFrame:
    """Per student: "completed/exercises" for each notebook and in all, attempts, reveals."""
    completion = result.completion
    notebooks = list(dict.fromkeys(completion["notebook"]))
    cells = completion.assign(
        done=completion["completed"].astype(str) + "/" + completion["exercises"].astype(str)
    ).pivot(index="student", columns="notebook", values="done")
    students = result.totals.set_index("student").join(cells.reindex(columns=notebooks))
    students["total"] = (students["completed"].astype(str) + "/" +
                         students["exercises"].astype(str))
    return students.reset_index()[["student", *notebooks, "total", "attempts", "reveals",
                                   "flags_disagreeing"]]


def add_arguments(parser) -> None:
    """Options of ``python -m course report``."""
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="students' progress exports (JSON)")
    parser.add_argument("--out", default="class-report", metavar="DIR",
                        help="folder for the report (default: class-report)")


def cli(args) -> int:
    """Run ``python -m course report``: 0 all counted, 1 something left out, 2 no report."""
    from .exercises import BankError

    try:
        result = build_report(args.files, args.out)
    except (ValueError, OSError) as error:  # a BankError is a ValueError
        invalid = "the exercise bank is invalid: " if isinstance(error, BankError) else ""
        print(f"course report: {invalid}{error}", file=sys.stderr)
        return 2
    for name, problem in result.skipped:
        print(f"SKIPPED: {name}: {problem}", file=sys.stderr)
    for line in result.checks:
        print(f"Check: {line}", file=sys.stderr)
    where = (result.out / "index.html").resolve()
    print(f"Class report: {len(result.students)} student(s) from {result.files_read} file(s); "
          f"{len(result.disagreements)} saved flag(s) disagree with re-grading; "
          f"{len(result.skipped)} item(s) left out.")
    print(f"Wrote {', '.join(CSV_FILES)} and index.html in {where.parent}")
    print(f"Open it in a web browser: {where.as_uri()}")
    return 1 if result.skipped else 0
