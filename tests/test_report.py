"""The class report (``python -m course report``) on three students' exports.

The fixtures are in ``tests/fixtures/progress`` (see its README). The expected figures
below were worked out by hand from those files; each comment shows the working.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course import cli as course_cli
from course import report
from course.exercises import bank
from course.progress import ProgressStore

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "progress"
GOOD = ["ana.json", "ben.json", "ben-again.json", "cara.json"]
BAD = {  # file -> what its error line must say
    "not-json.json": "not valid JSON",
    "wrong-format.json": "its format is 'some-other-app'",
    "wrong-shape.json": "a record of '00.articles' is malformed",
    "no-student.json": "has no student name",
}


@pytest.fixture
def fixture_bank(data_copy):
    """The report fixture bank in place of the real one (data_copy is private)."""
    folder = data_copy / "exercises"
    for old in folder.glob("*.toml"):
        old.unlink()
    for toml in (FIXTURES / "bank").glob("*.toml"):
        shutil.copy(toml, folder)
    return bank()


def paths(*names):
    return [FIXTURES / name for name in names]


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- the figures ----------------------------------------------------------------------------

def test_per_exercise_figures(fixture_bank, tmp_path):
    result = report.build_report(paths(*GOOD), tmp_path)
    rows = {r["exercise"]: r for r in read_csv(tmp_path / "exercises.csv")}
    got = {i: (r["students_attempted"], r["attempts"], r["share_correct"],
               r["students_revealed"], r["mean_attempts_to_correct"]) for i, r in rows.items()}
    assert got == {
        # Ana a✗ b✓ (2 attempts); Ben c✗ a✗ reveal b✓ (3); Cara b✓ (1): all 3 right,
        # 6 attempts, Ben revealed, attempts to first correct (2 + 3 + 1) / 3 = 2.
        "00.articles": ("3", "6", "1", "1", "2"),
        # a reflection: Ana and Cara answered; ungraded, so no share and no attempts-to-correct
        "00.reflect": ("2", "2", "", "0", ""),
        # Ana ✓ (1); Ben ✗✓ (2); Cara ✗✗✗, reveal: 2 of 3 right, 6 attempts, mean 1.5
        "03.share": ("3", "6", "0.6667", "1", "1.5"),
        # Ana reveal then ✓ (1 attempt: a reveal is not an attempt); Cara ✗: 1 of 2 right
        "03.excludes": ("2", "2", "0.5", "1", "1"),
        # only Ben, in his second export: ✓ at once
        "03.stages": ("1", "1", "1", "0", "1"),
    }
    assert list(rows) == list(fixture_bank)  # every bank exercise, in bank order
    assert result.ok and result.files_read == 4


def test_per_student_completion(fixture_bank, tmp_path):
    report.build_report(paths(*GOOD), tmp_path)
    completion = {(r["student"], r["notebook"]): (r["completed"], r["exercises"])
                  for r in read_csv(tmp_path / "completion.csv")}
    assert completion == {
        ("Ana Silva", "00"): ("2", "2"),       # articles ✓, reflection answered
        ("Ana Silva", "03"): ("2", "3"),       # share ✓, excludes ✓, stages not tried
        ("Ben Okafor", "00"): ("1", "2"),      # articles ✓ (after a reveal), no reflection
        ("Ben Okafor", "03"): ("2", "3"),      # share ✓, stages ✓ (second export)
        ("Cara Lindqvist", "00"): ("2", "2"),  # articles ✓, reflection answered
        ("Cara Lindqvist", "03"): ("0", "3"),  # share ✗✗✗, excludes ✗
    }
    totals = {r["student"]: r for r in read_csv(tmp_path / "students.csv")}
    assert {s: (t["completed"], t["exercises"], t["percent_complete"], t["attempts"],
                t["reveals"], t["unknown_records"]) for s, t in totals.items()} == {
        "Ana Silva": ("4", "5", "80", "5", "1", "0"),
        "Ben Okafor": ("3", "5", "60", "6", "1", "0"),     # 7 unique records: 6 attempts
        "Cara Lindqvist": ("2", "5", "40", "6", "1", "2"),  # 99.retired, 03.old-id
    }


def test_duplicate_exports_are_merged_by_record_id(fixture_bank, tmp_path):
    both = report.build_report(paths("ben.json", "ben-again.json"), tmp_path / "a")
    again = report.build_report(paths("ben-again.json", "ben.json", "ben.json"), tmp_path / "b")
    latest = report.build_report(paths("ben-again.json"), tmp_path / "c")
    assert list(both.students) == ["Ben Okafor"]
    assert sum(len(r) for r in both.students["Ben Okafor"].values()) == 7  # not 5 + 7
    assert both.exercises == again.exercises == latest.exercises
    assert both.per_student == again.per_student == latest.per_student


def test_reads_what_the_progress_store_exports(fixture_bank, tmp_path):
    """An export written by course.progress (not a hand-made fixture) is read as is."""
    store = ProgressStore(tmp_path / "progress.json")
    store.record("03.share", "0.2", False)
    store.record("03.share", "0.17", True)
    store.record("00.reflect", "To learn.", None)
    store.record("00.articles", None, None, kind="reveal")
    exported = store.export(tmp_path / "zed.json", student="Zed")
    result = report.build_report([exported], tmp_path / "out")
    assert result.ok and list(result.students) == ["Zed"]
    rows = {r["exercise"]: r for r in result.exercises}
    assert (rows["03.share"]["attempts"], rows["03.share"]["mean_attempts_to_correct"]) == (2, 2)
    assert rows["00.articles"]["students_revealed"] == 1
    assert rows["00.articles"]["students_attempted"] == 0
    assert [(r["notebook"], r["completed"]) for r in result.per_student] == [("00", 1), ("03", 1)]


def test_anonymous_exports_are_not_merged(fixture_bank, tmp_path):
    data = json.loads((FIXTURES / "ana.json").read_text())
    for name in ("first", "second"):
        (tmp_path / f"{name}.json").write_text(json.dumps({**data, "student": "anonymous"}))
    result = report.build_report([tmp_path / "first.json", tmp_path / "second.json"],
                                 tmp_path / "out")
    assert sorted(result.students) == ["anonymous (first.json)", "anonymous (second.json)"]


# --- bad files ------------------------------------------------------------------------------

def test_bad_files_are_named_and_the_others_reported(fixture_bank, tmp_path, capsys):
    missing = tmp_path / "never-sent.json"
    files = [str(p) for p in paths(*GOOD, *BAD)] + [str(missing)]
    status = course_cli.main(["report", *files, "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert status == 1
    errors = [line for line in captured.err.splitlines() if line.startswith("ERROR: ")]
    assert len(errors) == len(BAD) + 1
    for name, what in BAD.items():
        assert any(name in line and what in line for line in errors), name
    assert any(str(missing) in line and "no such file" in line for line in errors)
    assert "Traceback" not in captured.err + captured.out
    assert "3 student(s) from 4 file(s)" in captured.out
    students = {r["student"] for r in read_csv(tmp_path / "out" / "students.csv")}
    assert students == {"Ana Silva", "Ben Okafor", "Cara Lindqvist"}
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    for name in [*BAD, missing.name]:
        assert name in page


def test_unknown_exercises_warn_but_do_not_fail(fixture_bank, tmp_path, capsys):
    status = course_cli.main(["report", str(FIXTURES / "cara.json"), "--out", str(tmp_path)])
    captured = capsys.readouterr()
    assert status == 0
    assert "cara.json: 2 record(s) for exercise(s) not in the bank" in captured.err
    assert "03.old-id, 99.retired" in captured.err


def test_command_line_in_a_subprocess(fixture_bank, tmp_path):
    """The real entry point: exit status, messages, no traceback, files written."""
    run = subprocess.run(
        [sys.executable, "-m", "course", "report", *map(str, paths("ana.json", "not-json.json")),
         "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 1, run.stderr
    assert "not-json.json" in run.stderr and "Traceback" not in run.stderr
    assert (tmp_path / "out" / "index.html").as_uri() in run.stdout
    for name in ("exercises.csv", "students.csv", "completion.csv", "completion.png"):
        assert (tmp_path / "out" / name).is_file()


def test_no_readable_file_still_writes_an_empty_report(fixture_bank, tmp_path):
    result = report.build_report(paths("not-json.json"), tmp_path)
    assert not result.ok and result.students == {}
    assert not (tmp_path / "completion.png").exists()
    assert "no student" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_arguments_are_checked(tmp_path):
    with pytest.raises(TypeError, match="files must be a list of paths"):
        report.build_report("ana.json", tmp_path)
    (tmp_path / "afile").write_text("x")
    with pytest.raises(ValueError, match="out must be a folder"):
        report.build_report([], tmp_path / "afile")
    with pytest.raises(report.ExportError, match="not a file"):
        report.read_export(tmp_path)
    with pytest.raises(TypeError, match="path must be a file path"):
        report.read_export(3)


# --- the HTML page and the chart ------------------------------------------------------------

class Elements(HTMLParser):
    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def read_elements(path: Path) -> Elements:
    return Elements(path.read_text(encoding="utf-8"))


def test_html_page_is_offline_with_an_alt_text_chart(fixture_bank, tmp_path):
    report.build_report(paths(*GOOD), tmp_path)
    page = read_elements(tmp_path / "index.html")
    tags = [t for t, _ in page.found]
    assert "script" not in tags and "link" not in tags and "iframe" not in tags
    images = [a for t, a in page.found if t == "img"]
    assert len(images) == 1 and images[0]["src"].startswith("data:image/png;base64,")
    # class means: 00 (2/2 + 1/2 + 2/2) / 3 = 83%; 03 (2/3 + 2/3 + 0/3) / 3 = 44%
    assert "00: 83%, 03: 44%" in images[0]["alt"]
    assert "Highest: notebook 00; lowest: notebook 03" in images[0]["alt"]
    assert (tmp_path / "completion.png").read_bytes()[:4] == b"\x89PNG"
    links = {a["href"] for t, a in page.found if t == "a"}
    assert links == {"exercises.csv", "students.csv", "completion.csv", "completion.png"}


def test_names_are_escaped_in_the_page(fixture_bank, tmp_path):
    data = json.loads((FIXTURES / "ana.json").read_text())
    (tmp_path / "eve.json").write_text(json.dumps({**data, "student": "<b>Eve</b> & co"}))
    report.build_report([tmp_path / "eve.json"], tmp_path / "out")
    page = read_elements(tmp_path / "out" / "index.html")
    assert "<b>Eve</b> & co" in "".join(page.text)
    assert ("b", {}) not in page.found  # shown as text, not made bold


# --- invariants -----------------------------------------------------------------------------

RECORD = st.fixed_dictionaries({
    "exercise": st.sampled_from(["00.articles", "00.reflect", "03.share", "03.excludes"]),
    "kind": st.sampled_from(["attempt", "attempt", "reveal"]),
    "correct": st.sampled_from([True, False, None]),
})


@settings(max_examples=60, deadline=None)
@given(st.lists(RECORD, max_size=25), st.lists(st.booleans(), min_size=25, max_size=25),
       st.lists(st.booleans(), min_size=25, max_size=25))
def test_splitting_records_across_exports_changes_nothing(records, in_first, in_second):
    """However a student's records are spread over overlapping exports, the report is the
    same as for one export holding them all."""
    exercises = {"00.articles": {"kind": "choice", "notebook": "00"},
                 "00.reflect": {"kind": "reflection", "notebook": "00"},
                 "03.share": {"kind": "numeric", "notebook": "03"},
                 "03.excludes": {"kind": "multi", "notebook": "03"}}
    full: dict[str, list] = {}
    first: dict[str, list] = {}
    second: dict[str, list] = {}
    for n, item in enumerate(records):
        rec = {"id": f"r{n}", "time": f"2025-02-01T10:{n:02d}:00+00:00", "kind": item["kind"],
               "answer": "x", "correct": item["correct"] if item["kind"] == "attempt" else None}
        full.setdefault(item["exercise"], []).append(rec)
        if in_first[n] or not in_second[n]:
            first.setdefault(item["exercise"], []).append(rec)
        if in_second[n]:
            second.setdefault(item["exercise"], []).append(rec)
    one = report.merge_exports([report.Export(Path("all.json"), "Ana", "", full)])
    two = report.merge_exports([report.Export(Path("b.json"), "Ana", "", second),
                                report.Export(Path("a.json"), "Ana", "", first)])
    assert report.exercise_rows(one, exercises) == report.exercise_rows(two, exercises)
    for row in report.exercise_rows(two, exercises):
        assert row["attempts"] == sum(r["kind"] == "attempt" for r in full.get(row["exercise"], []))
        assert row["share_correct"] is None or 0 <= row["share_correct"] <= 1
