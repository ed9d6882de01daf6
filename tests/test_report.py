"""The class report (``python -m course report``) on three students' exports.

The fixtures are in ``tests/fixtures/progress`` (see its README). The expected figures
below were worked out by hand from those files; each comment shows the working. The
report grades every answer again from the bank, so forged flags gain nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers.report_fixtures import report_bank  # noqa: F401
from hypothesis import given, settings
from hypothesis import strategies as st

from course import cli as course_cli
from course import progress_cli, report
from course.completion import exercise_status, records_frame, regrade
from course.exports import Export
from course.progress import ProgressStore

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "progress"
GOOD = ["ana.json", "ben.json", "ben-again.json", "cara.json"]
BAD = {  # file -> what its line must say
    "not-json.json": "not valid JSON",
    "wrong-format.json": "format must be open-weights-course-progress, not 'some-other-app'",
    "no-student.json": "has no student name",
}


def paths(*names):
    return [FIXTURES / name for name in names]


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_export(path: Path, student: str, attempts: dict, **top) -> Path:
    path.write_text(json.dumps({"format": "open-weights-course-progress", "version": 1,
                                "student": student, "exported": "2025-02-09T10:00:00+00:00",
                                "course_version": "1.0.0", "attempts": attempts, **top}),
                    encoding="utf-8")
    return path


def rec(n: int, answer, correct, kind: str = "attempt", day: int = 1) -> dict:
    return {"id": f"00000000-0000-4000-8000-{n:012d}", "time": f"2025-02-0{day}T10:{n % 60:02d}Z",
            "kind": kind, "answer": answer, "correct": correct}


# --- the figures ----------------------------------------------------------------------------

def test_per_exercise_figures(report_bank, tmp_path):
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
    assert list(rows) == list(report_bank)  # every bank exercise, in bank order
    assert {r["flags_disagreeing"] for r in rows.values()} == {"0"}  # honest files
    assert result.files_read == 4
    # Cara's two records for exercises that are no longer in the bank are left out, named
    assert [name for name, _ in result.skipped] == [str(FIXTURES / "cara.json")]
    assert "2 record(s) for exercise(s) not in this course's bank left out (exported by " \
           "course version 1.0.0; this is 1.0.0): 03.old-id, 99.retired" in result.skipped[0][1]


def test_per_student_completion(report_bank, tmp_path):
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
                t["reveals"]) for s, t in totals.items()} == {
        "Ana Silva": ("4", "5", "80", "5", "1"),
        "Ben Okafor": ("3", "5", "60", "6", "1"),     # 7 unique records: 6 attempts
        "Cara Lindqvist": ("2", "5", "40", "6", "1"),  # the 2 retired records not counted
    }


def test_two_exports_of_one_student_say_which_was_kept_and_why(report_bank, tmp_path):
    both = report.build_report(paths("ben.json", "ben-again.json"), tmp_path / "a")
    again = report.build_report(paths("ben-again.json", "ben.json", "ben.json"), tmp_path / "b")
    latest = report.build_report(paths("ben-again.json"), tmp_path / "c")
    assert list(both.students) == ["Ben Okafor"]
    assert sum(len(r) for r in both.students["Ben Okafor"].values()) == 7  # not 5 + 7
    assert both.exercises.equals(again.exercises) and both.exercises.equals(latest.exercises)
    assert both.completion.equals(latest.completion)
    assert both.checks == ["Ben Okafor: 2 exports (ben.json, ben-again.json); kept "
                           "ben-again.json, the latest (exported 2025-02-07T18:00:00.000000+"
                           "00:00), which holds every record of the others."]
    # Two exports that each hold something the other lacks are merged, and it says so.
    ana = json.loads((FIXTURES / "ana.json").read_text())
    first = write_export(tmp_path / "x1.json", "ana silva ", {"00.articles": [rec(1, "b", True)]})
    write_export(tmp_path / "x2.json", "Ana  Silva", {"03.share": [rec(2, "0.17", True)]},
                 exported=ana["exported"])
    merged = report.build_report([first, tmp_path / "x2.json"], tmp_path / "d")
    assert len(merged.students) == 1
    assert "merged their 2 records by record id, since no file holds all of them" in \
        merged.checks[0]


def test_a_forged_export_gains_nothing(report_bank, tmp_path):
    """Every wrong answer hand-edited to "correct": true: the report re-grades it."""
    honest = json.loads((FIXTURES / "cara.json").read_text())
    forged = json.loads(json.dumps(honest))
    forged["student"] = "Cara Forged"
    for records in forged["attempts"].values():
        for record in records:
            if record["kind"] == "attempt":
                record["correct"] = True
    (tmp_path / "forged.json").write_text(json.dumps(forged))
    result = report.build_report([FIXTURES / "cara.json", tmp_path / "forged.json"],
                                 tmp_path / "out")
    totals = {r["student"]: r for r in read_csv(tmp_path / "out" / "students.csv")}
    assert totals["Cara Forged"]["completed"] == totals["Cara Lindqvist"]["completed"] == "2"
    # 0.5, 0.3, 0.2, ["a"], and the reflection, which is never graded
    assert totals["Cara Forged"]["flags_disagreeing"] == "5"
    wrong = read_csv(tmp_path / "out" / "disagreements.csv")
    assert {(r["student"], r["exercise"], r["answer"], r["correct_in_file"], r["regraded"])
            for r in wrong if r["exercise"] != "00.reflect"} == {
        ("Cara Forged", "03.share", '"0.5"', "True", "False"),
        ("Cara Forged", "03.share", '"0.3"', "True", "False"),
        ("Cara Forged", "03.share", '"0.2"', "True", "False"),
        ("Cara Forged", "03.excludes", '["a"]', "True", "False")}
    assert [(r["correct_in_file"], r["regraded"]) for r in wrong
            if r["exercise"] == "00.reflect"] == [("True", "")]
    assert set(result.disagreements["student"]) == {"Cara Forged"}


def test_a_correct_flag_lost_or_changed_bank_is_listed_too(report_bank, tmp_path):
    """A right answer saved as wrong (an older bank) counts as right, and is listed."""
    path = write_export(tmp_path / "dan.json", "Dan", {"00.articles": [rec(1, "b", False)]})
    result = report.build_report([path], tmp_path / "out")
    assert result.completion.set_index("notebook").loc["00", "completed"] == 1
    assert len(result.disagreements) == 1 and result.ok


def test_copied_files_and_repeated_record_ids_are_reported(report_bank, tmp_path):
    ana = json.loads((FIXTURES / "ana.json").read_text())
    (tmp_path / "zoe.json").write_text(json.dumps({**ana, "student": "Zoe"}))
    repeated = write_export(tmp_path / "rep.json", "Rui", {
        "00.articles": [rec(1, "a", False), rec(1, "b", True)]})  # the same id twice
    result = report.build_report([FIXTURES / "ana.json", tmp_path / "zoe.json", repeated],
                                 tmp_path / "out")
    assert any(line.startswith("Ana Silva and Zoe share 6 record id(s)")
               for line in result.checks)
    assert (str(repeated), "1 record(s) left out: their ids repeat earlier records' (a file "
                           "edited or pieced together by hand)") in result.skipped
    # 00.articles: Ana 2 attempts, Zoe (the copy) 2, Rui 1 (his repeated record not counted)
    assert result.exercises.set_index("exercise").loc["00.articles", "attempts"] == 5


def test_reads_what_the_progress_store_exports(report_bank, tmp_path):
    """An export written by course.progress (not a hand-made fixture) is read as is."""
    store = ProgressStore(tmp_path / "progress.sqlite3")
    store.record("03.share", "0.2", False)
    store.record("03.share", "0.17", True)
    store.record("00.reflect", "To learn.", None)
    store.record("00.articles", None, None, kind="reveal")
    exported = store.export(tmp_path / "zed.json", student="Zed")
    result = report.build_report([exported], tmp_path / "out")
    assert result.ok and list(result.students) == ["Zed"]
    rows = result.exercises.set_index("exercise")
    assert (rows.loc["03.share", "attempts"], rows.loc["03.share", "mean_attempts_to_correct"]) \
        == (2, 2)
    assert rows.loc["00.articles", "students_revealed"] == 1
    assert rows.loc["00.articles", "students_attempted"] == 0
    assert list(result.completion[["notebook", "completed"]].itertuples(index=False,
                                                                         name=None)) == \
        [("00", 1), ("03", 1)]


def test_course_progress_and_the_report_count_the_same_way(report_bank, tmp_path, capsys):
    """One definition of done: a reflection counts, a revealed-then-right answer counts."""
    path = tmp_path / "mine.sqlite3"
    store = ProgressStore(path)
    store.record("00.reflect", "To read the news better.", None)
    store.record("00.articles", "a", True)  # a wrong answer saved as right: not counted
    store.record("03.excludes", None, None, kind="reveal")
    store.record("03.excludes", ["a", "b"], True)
    parser = argparse.ArgumentParser()
    progress_cli.add_arguments(parser)
    assert progress_cli.cli(parser.parse_args(["--file", str(path)])) == 0
    lines = {line.split()[0]: line.split()[-4:] for line in capsys.readouterr().out.splitlines()
             if line[:2] in ("00", "03")}
    result = report.build_report([store.export(tmp_path / "me.json", student="Me")],
                                 tmp_path / "out")
    for row in result.completion.itertuples():  # exercises, attempted, completed, revealed
        assert lines[row.notebook] == [str(row.exercises), str(row.attempted),
                                       str(row.completed), str(row.revealed)]
    # 00: the reflection counts, the wrong answer saved as right does not; 03: revealed, then
    # right, counts.
    assert lines["00"] == ["2", "2", "1", "0"] and lines["03"] == ["3", "1", "1", "1"]


def test_anonymous_exports_are_not_merged(report_bank, tmp_path):
    data = json.loads((FIXTURES / "ana.json").read_text())
    for name in ("first", "second"):
        (tmp_path / f"{name}.json").write_text(json.dumps({**data, "student": "anonymous"}))
    result = report.build_report([tmp_path / "first.json", tmp_path / "second.json"],
                                 tmp_path / "out")
    assert sorted(result.students) == ["anonymous (first.json)", "anonymous (second.json)"]


# --- bad files ------------------------------------------------------------------------------

def test_bad_files_are_named_and_the_others_reported(report_bank, tmp_path, capsys):
    missing = tmp_path / "never-sent.json"
    files = [str(p) for p in paths(*GOOD, *BAD)] + [str(missing)]
    status = course_cli.main(["report", *files, "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert status == 1
    skipped = [line for line in captured.err.splitlines() if line.startswith("SKIPPED: ")]
    assert len(skipped) == len(BAD) + 2  # and cara.json's retired exercises
    for name, what in BAD.items():
        assert any(name in line and what in line for line in skipped), name
    assert any(str(missing) in line and "no such file" in line for line in skipped)
    assert "Traceback" not in captured.err + captured.out
    assert "3 student(s) from 4 file(s)" in captured.out
    students = {r["student"] for r in read_csv(tmp_path / "out" / "students.csv")}
    assert students == {"Ana Silva", "Ben Okafor", "Cara Lindqvist"}
    assert {Path(r["file"]).name for r in read_csv(tmp_path / "out" / "skipped.csv")} == \
        {*BAD, missing.name, "cara.json"}
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    for name in [*BAD, missing.name]:
        assert name in page


def test_a_malformed_record_is_left_out_and_the_rest_of_its_file_counted(report_bank,
                                                                         tmp_path, capsys):
    status = course_cli.main(["report", str(FIXTURES / "wrong-shape.json"), "--out",
                              str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 1
    assert "wrong-shape.json: record 1 of '00.articles' left out: it must contain ['correct', " \
           "'kind'] properties" in err


def test_command_line_in_a_subprocess(report_bank, tmp_path):
    """The real entry point: exit status, messages, no traceback, files written."""
    run = subprocess.run(
        [sys.executable, "-m", "course", "report", *map(str, paths("ana.json", "not-json.json")),
         "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 1, run.stderr
    assert "not-json.json" in run.stderr and "Traceback" not in run.stderr
    assert (tmp_path / "out" / "index.html").as_uri() in run.stdout
    for name in (*report.CSV_FILES, "completion.png"):
        assert (tmp_path / "out" / name).is_file()
    clean = subprocess.run([sys.executable, "-m", "course", "report", str(FIXTURES / "ana.json"),
                            "--out", str(tmp_path / "ok")], capture_output=True, text=True,
                           cwd=ROOT, timeout=120)
    assert clean.returncode == 0, clean.stderr


def test_no_readable_file_still_writes_an_empty_report(report_bank, tmp_path):
    result = report.build_report(paths("not-json.json"), tmp_path)
    assert not result.ok and result.students == {}
    assert not (tmp_path / "completion.png").exists()
    assert "no student" in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert len(read_csv(tmp_path / "exercises.csv")) == len(report_bank)


def test_out_must_be_a_folder(tmp_path):
    (tmp_path / "afile").write_text("x")
    with pytest.raises(ValueError, match="out must be a folder"):
        report.build_report([], tmp_path / "afile")


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


def test_html_page_is_offline_with_an_alt_text_chart(report_bank, tmp_path):
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
    assert links == {*report.CSV_FILES, "completion.png"}


def test_names_are_escaped_in_the_page(report_bank, tmp_path):
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
    "answer": st.sampled_from(["a", "b", "0.17", "0.2"]),
})
SPLIT_BANK = {"00.articles": {"kind": "choice", "prompt": "Pick", "options": {"a": "A", "b": "B"},
                              "answer": "b", "feedback": {}},
              "00.reflect": {"kind": "reflection", "prompt": "Why?"},
              "03.share": {"kind": "choice", "prompt": "Share", "options": {"a": "A", "b": "B"},
                           "answer": "a", "feedback": {}},
              "03.excludes": {"kind": "choice", "prompt": "Which", "options": {"a": "A"},
                              "answer": "a", "feedback": {}}}


@settings(max_examples=60, deadline=None)
@given(st.lists(RECORD, max_size=25), st.lists(st.booleans(), min_size=25, max_size=25),
       st.lists(st.booleans(), min_size=25, max_size=25))
def test_splitting_records_across_exports_changes_nothing(records, in_first, in_second):
    """However a student's records are spread over overlapping exports, the report is the
    same as for one export holding them all."""
    full: dict[str, list] = {}
    first: dict[str, list] = {}
    second: dict[str, list] = {}
    for n, item in enumerate(records):
        record = {"id": f"r{n}", "time": f"2025-02-01T10:{n:02d}:00+00:00", "kind": item["kind"],
                  "answer": item["answer"] if item["kind"] == "attempt" else None,
                  "correct": None}
        full.setdefault(item["exercise"], []).append(record)
        if in_first[n] or not in_second[n]:
            first.setdefault(item["exercise"], []).append(record)
        if in_second[n]:
            second.setdefault(item["exercise"], []).append(record)
    one, _ = report.merge_exports([Export(Path("all.json"), "Ana", "", "", full)])
    two, _ = report.merge_exports([Export(Path("b.json"), "Ana", "", "", second),
                                   Export(Path("a.json"), "Ana", "", "", first)])
    tables = []
    for students in (one, two):
        graded = regrade(records_frame(students), SPLIT_BANK)
        status = exercise_status(graded, SPLIT_BANK, list(students))
        tables.append(report.exercise_table(status, graded, SPLIT_BANK))
    assert tables[0].equals(tables[1])
    for row in tables[1].itertuples():
        assert row.attempts == sum(r["kind"] == "attempt" for r in full.get(row.exercise, []))
        assert row.share_correct != row.share_correct or 0 <= row.share_correct <= 1
