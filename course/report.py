"""``python -m course report``: a class report from students' progress exports.

Every file is read by :func:`course.exports.read_export`, which treats it as hostile
(size and nesting limits, a JSON Schema, impossible values left out). Then:

- **re-grading**: every attempt is graded again from the bank (:mod:`course.completion`);
  a ``correct`` flag in a file counts for nothing, and records whose flags disagree with
  the bank are listed in ``disagreements.csv``;
- **class checks**: two exports of one student (the report says which it kept and why),
  records for exercises that are not in this version's bank (listed, not counted), and
  record ids shared by different students (a copied file);
- **output**: ``exercises.csv``, ``completion.csv``, ``students.csv``,
  ``disagreements.csv``, ``skipped.csv`` (every CSV written by
  :func:`course.spreadsheet.write_csv`, so no cell is a formula), ``completion.png`` and
  an ``index.html`` that works offline.

A bad file or record never stops the report: it is named with its reason, the report
for everyone else is written, and the command exits with 1.
"""

from __future__ import annotations

import html
import json
import os
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

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
    """What :func:`build_report` did: ``students`` (merged records), ``files_read``,
    ``skipped`` (``(file, what was left out and why)``), ``checks`` (class-level findings)
    and the tables written as CSV."""

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

    @property
    def index(self) -> Path:
        return self.out / "index.html"


def _last_time(export: Export) -> str:
    return max((r["time"] for records in export.attempts.values() for r in records), default="")


def merge_exports(exports: Sequence[Export]) -> tuple[dict[str, dict], list[str]]:
    """Group exports by student (case and spacing ignored) and merge their records by id.

    An export from ``"anonymous"`` is kept apart as ``"anonymous (FILE)"``. For a
    student with several exports the latest export's version of a record wins, and a
    line says which file was kept (the latest, when it holds every record of the others)
    or that the records were merged.

    Returns ``({student: {exercise id: [records, oldest first]}}, [checks])``.

    Examples
    --------
    >>> rec = {"id": "r1", "time": "2025-02-01T10:00:00+00:00", "kind": "attempt",
    ...        "answer": "b", "correct": True}
    >>> a = Export(Path("a.json"), "Ana", "2025-02-01T11:00:00+00:00", "", {"00.q": [rec]})
    >>> b = Export(Path("a-again.json"), "ana", "2025-02-02T11:00:00+00:00", "",
    ...            {"00.q": [rec, dict(rec, id="r2")]})
    >>> students, checks = merge_exports([a, b])
    >>> list(students), len(students["ana"]["00.q"])
    (['ana'], 2)
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
    for group in groups.values():
        files = ", ".join(e.path.name for e in group)
        group = sorted(group, key=lambda e: (e.exported, _last_time(e)))
        latest = group[-1]
        name = latest.student if latest.student.casefold() != ANONYMOUS else \
            f"{ANONYMOUS} ({latest.path.name})"
        merged: dict[str, tuple[str, dict]] = {}
        conflicts = 0
        for export in group:  # oldest first, so the latest version of a record wins
            for exercise, records in export.attempts.items():
                for record in records:
                    conflicts += record["id"] in merged and merged[record["id"]][1] != record
                    merged[record["id"]] = (exercise, record)
        attempts: dict[str, list[dict]] = {}
        for exercise, record in merged.values():
            attempts.setdefault(exercise, []).append(record)
        students[name] = {ex: sorted(recs, key=lambda r: r["time"])
                          for ex, recs in attempts.items()}
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
    """One row per bank exercise: attempts, share correct, reveals, attempts to correct.

    ``share_correct`` is the share of attempting students who got it right (empty for a
    reflection or when nobody attempted); ``mean_attempts_to_correct`` is the mean number
    of the first correct attempt; ``flags_disagreeing`` counts the records whose saved
    ``correct`` flag re-grading does not confirm.
    """
    import pandas as pd

    from .completion import notebook

    by = status.groupby("exercise", sort=False)
    table = pd.DataFrame({
        "notebook": [notebook(i) for i in exercises],
        "kind": [spec["kind"] for spec in exercises.values()],
        "prompt": [" ".join(str(spec["prompt"]).split()) for spec in exercises.values()],
    }, index=pd.Index(list(exercises), name="exercise")).join(pd.DataFrame({
        "students_attempted": by["attempted"].sum(),
        "attempts": by["attempts"].sum(),
        "students_correct": by["attempts_to_correct"].count(),
        "students_revealed": by["revealed"].sum(),
        "mean_attempts_to_correct": by["attempts_to_correct"].mean(),
    })).fillna({"students_attempted": 0, "attempts": 0, "students_correct": 0,
                "students_revealed": 0})
    table = table.astype({"students_attempted": int, "attempts": int, "students_revealed": int})
    reflection = table["kind"] == "reflection"
    table["students_correct"] = table["students_correct"].astype(float).mask(reflection)
    table.insert(6, "share_correct",
                 table["students_correct"] / table["students_attempted"].where(
                     table["students_attempted"] > 0))
    flags = graded[graded["disagrees"]].groupby("exercise").size()
    table["flags_disagreeing"] = flags.reindex(table.index, fill_value=0)
    return table.reset_index()


def build_report(files: Sequence[str | os.PathLike], out: str | os.PathLike, *,
                 exercises: Mapping[str, Mapping] | None = None) -> ReportResult:
    """Read the students' export *files* and write the class report into the folder *out*.

    What cannot be used is listed in ``result.skipped``; *exercises* defaults to the bank.
    """
    import pandas as pd  # here, so that `python -m course --help` stays fast

    from .completion import exercise_status, notebook_progress, records_frame, regrade

    if isinstance(files, str | os.PathLike) or not isinstance(files, Sequence):
        raise TypeError(f"files must be a list of paths; got {files!r:.80}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"out must be a folder; {str(out)!r} is a file")
    if exercises is None:
        from .exercises import bank

        exercises = bank()
    from . import __version__

    result = ReportResult(out=out)
    exports, versions = [], {}
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
            versions[export.path.name] = export.course_version or "unknown"
            result.skipped.append((str(name), (
                f"{sum(export.unknown.values())} record(s) for exercise(s) not in this "
                f"course's bank left out (exported by course version "
                f"{export.course_version or 'unknown'}; this is {__version__}): "
                f"{', '.join(sorted(export.unknown)[:8])}"
                f"{' …' if len(export.unknown) > 8 else ''}")))
        exports.append(export)
    result.files_read = len(exports)
    result.students, result.checks = merge_exports(exports)
    if versions:
        result.checks.append(f"{len(versions)} export(s) hold answers to exercises that are "
                             "not in this version of the course; those answers are listed "
                             "under skipped, not counted: " + ", ".join(versions))
    names = list(result.students)
    graded = regrade(records_frame(result.students), exercises)
    result.checks += _copied(graded)
    status = exercise_status(graded, exercises, names)
    result.exercises = exercise_table(status, graded, exercises)
    result.completion = notebook_progress(status)
    by = status.groupby("student", sort=False)
    totals = pd.DataFrame({"completed": by["completed"].sum(), "exercises": by.size(),
                           "attempts": by["attempts"].sum(), "reveals": by["revealed"].sum()})
    totals = totals.reindex(names).fillna(0).astype(int)
    totals.insert(2, "percent_complete",
                  (100 * totals["completed"] / totals["exercises"].where(
                      totals["exercises"] > 0)).round(1))
    totals["flags_disagreeing"] = graded[graded["disagrees"]].groupby("student").size() \
        .reindex(names, fill_value=0)
    result.totals = totals.rename_axis("student").reset_index()
    wrong = graded[graded["disagrees"]]
    result.disagreements = pd.DataFrame({
        "student": wrong["student"], "exercise": wrong["exercise"], "record": wrong["id"],
        "time": wrong["time"],
        "answer": [json.dumps(a, ensure_ascii=False)[:200] for a in wrong["answer"]],
        "correct_in_file": wrong["correct"], "regraded": wrong["graded"]})
    _write(result)
    return result


def _write(result: ReportResult) -> None:
    import pandas as pd

    out = result.out
    out.mkdir(parents=True, exist_ok=True)
    tables = (result.exercises, result.completion, result.totals, result.disagreements,
              pd.DataFrame(result.skipped, columns=["file", "problem"]))
    for name, table in zip(CSV_FILES, tables, strict=True):
        write_csv(table, out / name)
    chart = out / "completion.png"
    figure = _chart(result.completion, len(result.students), chart)
    result.index.write_text(_page(result, figure), encoding="utf-8")


def _chart(completion: pd.DataFrame, students: int, path: Path) -> str:
    """Draw the class's mean completion by notebook; return its HTML (or a note)."""
    from . import plots

    if not students:
        path.unlink(missing_ok=True)
        return '<p class="note">No chart: no student\'s progress could be read.</p>'
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


def _html_table(frame: pd.DataFrame, caption: str, formats: dict | None = None) -> str:
    """An HTML table with a caption; every cell escaped, missing values shown as a dash."""
    shown = frame.copy()
    for column, pattern in (formats or {}).items():
        shown[column] = [pattern.format(v) if v == v else None for v in shown[column]]
    table = shown.to_html(index=False, na_rep="—", escape=True, border=0, classes="report",
                          float_format=lambda v: f"{v:.1f}")
    return table.replace(">", f"><caption>{html.escape(caption)}</caption>", 1)


def _items(lines: Sequence[str], css: str = "") -> str:
    return "<ul>" + "".join(f"<li{css}>{html.escape(line)}</li>" for line in lines) + "</ul>"


_STYLE = """body{font-family:system-ui,sans-serif;max-width:72rem;margin:1rem auto;
padding:0 1rem;line-height:1.45;color:#1a1a1a}table.report{border-collapse:collapse;
margin:1rem 0;font-size:.9rem}table.report th,table.report td{border-bottom:1px solid #ccc;
padding:.25rem .5rem;text-align:left;vertical-align:top}caption{text-align:left;
font-weight:600;padding:.25rem 0}.error{color:#8a1c1c}.note{color:#555}img{max-width:100%}"""


def _page(result: ReportResult, figure: str) -> str:
    notebooks = list(dict.fromkeys(result.completion["notebook"]))
    cells = result.completion.assign(
        done=result.completion["completed"].astype(str) + "/" +
        result.completion["exercises"].astype(str)).pivot(index="student", columns="notebook",
                                                           values="done")
    students = result.totals.set_index("student").join(cells.reindex(columns=notebooks))
    students["total"] = students["completed"].astype(str) + "/" + \
        students["exercises"].astype(str)
    students = students.reset_index()[["student", *notebooks, "total", "attempts", "reveals",
                                       "flags_disagreeing"]]
    skipped = [f"{name}: {problem}" for name, problem in result.skipped]
    files = ", ".join(f'<a href="{name}">{name}</a>'
                      for name in (*CSV_FILES, *["completion.png"][:bool(result.students)]))
    shown = result.disagreements.head(200)
    body = [
        "<h1>Class progress report</h1>",
        f"<p>{len(result.students)} student(s) from {result.files_read} file(s). Every answer "
        "was graded again from this course's exercise bank; the <code>correct</code> flags in "
        f"the files were not trusted. Files: {files}.</p>",
    ]
    if skipped:
        body += ["<h2>Left out</h2>", _items(skipped, ' class="error"')]
    if result.checks:
        body += ["<h2>Checks</h2>", _items(result.checks)]
    body += ["<h2>Completion by notebook</h2>", figure, "<h2>Exercises</h2>",
             _html_table(result.exercises.drop(columns=["notebook"]),
                         "Per exercise: students who attempted it, attempts, share of them "
                         "who got it right, solutions revealed, mean attempts to the first "
                         "correct answer, and saved flags that re-grading did not confirm",
                         {"share_correct": "{:.0%}"}),
             "<h2>Students</h2>",
             _html_table(students, "Per student: exercises completed out of each notebook's "
                                   "(correct, or answered for a reflection)")]
    if len(shown):
        body += ["<h2>Flags that disagree with the bank</h2>",
                 _html_table(shown, f"{len(result.disagreements)} record(s) whose saved "
                                    "'correct' flag re-grading does not confirm (a changed "
                                    "bank, or an edited file); the first 200 are shown")]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>Class progress report — Open Weights, Open Markets</title>"
            f"<style>{_STYLE}</style></head><body><main>{''.join(body)}</main><footer>"
            "<p class=\"note\">Made with <code>python -m course report</code>. Works offline."
            "</p></footer></body></html>\n")


# --- command line ------------------------------------------------------------------------

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
    except BankError as error:
        print(f"course report: the exercise bank is invalid: {error}", file=sys.stderr)
        return 2
    except (ValueError, TypeError, OSError) as error:
        print(f"course report: {error}", file=sys.stderr)
        return 2
    for name, problem in result.skipped:
        print(f"SKIPPED: {name}: {problem}", file=sys.stderr)
    for line in result.checks:
        print(f"Check: {line}", file=sys.stderr)
    where = result.index.resolve()
    print(f"Class report: {len(result.students)} student(s) from {result.files_read} file(s); "
          f"{len(result.disagreements)} saved flag(s) disagree with re-grading; "
          f"{len(result.skipped)} item(s) left out.")
    print(f"Wrote {', '.join(CSV_FILES)} and index.html in {where.parent}")
    print(f"Open it in a web browser: {where.as_uri()}")
    return 1 if result.skipped else 0
