"""course.progress: SQLite progress that survives crashes, races, corrupt files and bad places.

Real files and real processes: a writer killed with SIGKILL at random moments loses no
acknowledged record; two writers at once lose nothing; a file that is not a progress
database is kept aside, byte for byte, and reported; a location that really cannot be
written degrades to memory with one message; an older JSON file is imported once.
Nothing here is passed through ``warnings``: the store's ``notice`` says it.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from course import handin
from course import progress as progress_module
from course.exports import FORMAT
from course.progress import ProgressFileError, ProgressStore, default_path

ROOT = Path(__file__).resolve().parent.parent
LOOP = Path(__file__).resolve().parent / "helpers" / "record_loop.py"


@pytest.fixture(autouse=True)
def no_warnings():
    """The store never uses ``warnings`` to talk to the student."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def _record(n: int, exercise: str = "00.a", **changes) -> dict:
    return {"id": f"00000000-0000-4000-8000-{n:012d}", "time": f"2025-02-0{1 + n % 9}T10:00:00Z",
            "kind": "attempt", "answer": f"answer {n}", "correct": n % 2 == 0, **changes}


def _export(tmp_path: Path, name: str, attempts: dict, **top) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"format": FORMAT, "version": 1, "student": "Ada",
                                "attempts": attempts, **top}), encoding="utf-8")
    return path


# --- the basics ------------------------------------------------------------------------------

def test_default_path_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS", str(tmp_path / "mine.sqlite3"))
    assert default_path() == tmp_path / "mine.sqlite3"
    monkeypatch.setenv("COURSE_PROGRESS", str(tmp_path / "mine.json"))  # set before SQLite
    assert default_path() == tmp_path / "mine.sqlite3"
    monkeypatch.setenv("COURSE_PROGRESS", str(tmp_path))  # a folder: the file inside it
    assert default_path() == tmp_path / "progress.sqlite3"
    monkeypatch.delenv("COURSE_PROGRESS")
    import platformdirs

    expected = platformdirs.user_data_path("open-weights-course", appauthor=False)
    assert default_path() == expected / "progress.sqlite3"


def test_record_then_load_in_order_in_a_rollback_journal_database(tmp_path):
    store = ProgressStore(tmp_path / "sub" / "progress.sqlite3")
    assert store.load() == {}
    first = store.record("03.v3-cost", "5.6", False)
    store.record("03.v3-cost", "5.576", True)
    store.record("03.reflect", "Some text.", None)
    store.record("03.v3-cost", None, None, kind="reveal")
    records = store.load()["03.v3-cost"]
    assert [r["answer"] for r in records] == ["5.6", "5.576", None]
    assert [r["kind"] for r in records] == ["attempt", "attempt", "reveal"]
    assert [r["correct"] for r in records] == [False, True, None]
    assert records[0] == first and len({r["id"] for r in records}) == 3
    assert all(r["time"].endswith("+00:00") for r in records)
    assert store.attempts("03.reflect")[0]["correct"] is None
    with sqlite3.connect(store.path) as con:  # a real SQLite file, default journal, no WAL
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert con.execute("SELECT count(*) FROM records").fetchone()[0] == 4
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["progress.sqlite3"]
    assert store.notice == ""


def test_a_new_store_on_the_same_file_sees_the_records(tmp_path):
    path = tmp_path / "progress.sqlite3"
    ProgressStore(path).record("00.a", ["a", "c"], True)
    assert ProgressStore(path).attempts("00.a")[0]["answer"] == ["a", "c"]


@pytest.mark.parametrize("args, error, fragment", [
    (("", "x", True), ValueError, "exercise_id"),
    ((None, "x", True), ValueError, "exercise_id"),
    (("00.a\n", "x", True), ValueError, "exercise_id"),
    (("00.a", float("nan"), True), TypeError, "JSON value"),
    (("00.a", object(), True), TypeError, "JSON value"),
])
def test_record_checks_its_arguments(tmp_path, args, error, fragment):
    store = ProgressStore(tmp_path / "progress.sqlite3")
    with pytest.raises(error, match=fragment):
        store.record(*args)
    assert store.load() == {}


def test_drafts_are_saved_replaced_and_read_back(tmp_path):
    path = tmp_path / "progress.sqlite3"
    store = ProgressStore(path)
    assert store.load_draft("brief") is None
    store.save_draft("brief", {"seat": "regulator", "evidence": ["f1", "f2"]})
    store.save_draft("brief", {"seat": "start-up"})
    assert ProgressStore(path).load_draft("brief") == {"seat": "start-up"}
    with pytest.raises(ValueError, match="name"):
        store.save_draft("", {})
    with pytest.raises(TypeError, match="JSON value"):
        store.save_draft("brief", {"x": float("inf")})
    assert store.load_draft("brief") == {"seat": "start-up"}


# --- durability: SIGKILL at random moments ---------------------------------------------------

def _spawn(path: Path, run: str, count: int, what: str = "record") -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, str(LOOP), str(path), run, str(count), what],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT)


@pytest.mark.slow
@pytest.mark.parametrize("what", ["record", "draft"])
def test_what_was_acknowledged_before_a_sigkill_is_never_lost(tmp_path, what):
    path = tmp_path / "progress.sqlite3"
    rng = random.Random(20250127)
    acknowledged = []
    for run in range(6):
        proc = _spawn(path, f"r{run}", 100_000, what)
        first = proc.stdout.readline()  # wait until the loop is running
        assert first.startswith("ack"), proc.stderr.read()
        acknowledged.append(first.split()[1:])
        time.sleep(rng.uniform(0.02, 0.4))
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up runs
        rest, _ = proc.communicate(timeout=30)
        assert proc.returncode != 0
        acknowledged += [line.split()[1:] for line in rest.splitlines() if line.startswith("ack")]
        store = ProgressStore(path)
        store.load()
        assert store.notice == ""  # a readable database after every kill
    store = ProgressStore(path)
    if what == "record":
        saved = {(r["answer"]["run"], str(r["answer"]["n"])) for r in store.load()["03.loop"]}
        missing = [tuple(a) for a in acknowledged if tuple(a) not in saved]
        assert not missing, f"{len(missing)} acknowledged records lost, e.g. {missing[:3]}"
    else:  # each run's draft holds the last number it acknowledged
        for run in {a[0] for a in acknowledged}:
            last = max(int(n) for r, n in acknowledged if r == run)
            assert store.load_draft(run)["n"] >= last
    assert len(acknowledged) > 6  # the writers really ran between kills


# --- two writers at once ---------------------------------------------------------------------

@pytest.mark.slow
def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "progress.sqlite3"
    procs = [_spawn(path, name, 200) for name in ("left", "right")]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert out.count("ack") == 200
    records = ProgressStore(path).load()["03.loop"]
    assert len(records) == 400
    assert len({r["id"] for r in records}) == 400
    for name in ("left", "right"):
        mine = [r["answer"]["n"] for r in records if r["answer"]["run"] == name]
        assert mine == list(range(200))  # each writer's records in its own order


# --- files that are not a progress database --------------------------------------------------

def _other_programs_database(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE photos (name TEXT)")
    con.close()


def _damaged_database(path: Path) -> None:
    store = ProgressStore(path)
    for n in range(300):
        store.record("00.a", "x" * 200, n % 2 == 0)
    data = bytearray(path.read_bytes())
    data[100:len(data)] = os.urandom(len(data) - 100)  # keep the header, scramble the rest
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("make", [
    lambda p: p.write_bytes(b"this is not a database, it is a note"),
    lambda p: p.write_bytes(os.urandom(8192)),
    lambda p: p.write_text(json.dumps({"format": FORMAT, "version": 1, "attempts": {}})),
    _other_programs_database,
    _damaged_database,
], ids=["text", "random-bytes", "json", "another-programs-database", "damaged-pages"])
@pytest.mark.parametrize("first", ["load", "record"])
def test_an_unreadable_file_is_kept_aside_reported_and_never_overwritten(tmp_path, make, first):
    path = tmp_path / "progress.sqlite3"
    make(path)
    content = path.read_bytes()
    store = ProgressStore(path)
    if first == "load":
        assert store.load() == {}
    else:
        store.record("00.b", "first", True)
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("progress.sqlite3.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == content
    assert str(path) in store.notice and str(aside[0]) in store.notice
    assert store.notice.count("could not be read") == 1
    store.record("00.a", "b", True)
    assert [r["answer"] for r in ProgressStore(path).attempts("00.a")] == ["b"]
    assert aside[0].read_bytes() == content
    assert not store.in_memory


def test_a_database_from_a_newer_course_is_left_alone_and_memory_used(tmp_path):
    path = tmp_path / "progress.sqlite3"
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA user_version = 99")
        con.execute("CREATE TABLE future (x)")
    con.close()
    before = path.read_bytes()
    store = ProgressStore(path)
    store.record("00.a", "b", True)
    assert store.in_memory and "newer version" in store.notice
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["progress.sqlite3"]


# --- locations that cannot be written --------------------------------------------------------
# The tests run as root, and root ignores folder permissions (chmod 0o500 does not stop
# it writing), so a read-only folder proves nothing here. These locations fail for root
# too: a path whose parent is a regular file (mkdir and open give ENOTDIR/EEXIST), and a
# folder under /proc (the kernel refuses to create files there).

def _unwritable_paths(tmp_path: Path) -> list[Path]:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    return [blocker / "progress.sqlite3", Path("/proc/course-progress-test/progress.sqlite3")]


@pytest.mark.parametrize("which", [0, 1], ids=["parent-is-a-file", "under-proc"])
def test_an_unwritable_location_degrades_to_memory_with_one_message(tmp_path, which):
    path = _unwritable_paths(tmp_path)[which]
    store = ProgressStore(path)
    store.record("00.a", "a", False)
    assert store.in_memory
    message = store.notice
    assert str(path) in message and "COURSE_PROGRESS" in message and "xport" in message
    store.record("00.a", "b", True)
    store.save_draft("brief", {"seat": "regulator"})
    assert store.notice == message  # said once
    assert [r["answer"] for r in store.attempts("00.a")] == ["a", "b"]
    exported = json.loads(store.export(tmp_path / "rescue.json", student="Ada").read_text())
    assert [r["answer"] for r in exported["attempts"]["00.a"]] == ["a", "b"]
    assert exported["drafts"]["brief"]["data"] == {"seat": "regulator"}
    assert not path.exists()


def test_the_shared_store_keeps_memory_progress_for_every_exercise(tmp_path, monkeypatch):
    path = _unwritable_paths(tmp_path)[0]
    monkeypatch.setenv("COURSE_PROGRESS", str(path))
    progress_module.store().record("00.a", "a", True)
    assert progress_module.store() is progress_module.store(path)
    assert progress_module.store().attempts("00.a")[0]["answer"] == "a"
    assert progress_module.store().in_memory


# --- the older JSON file ---------------------------------------------------------------------

def _legacy(folder: Path, attempts: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "progress.json"
    path.write_text(json.dumps({"format": FORMAT, "version": 1, "attempts": attempts}))
    return path


def test_an_older_json_progress_file_is_imported_once(tmp_path):
    legacy = _legacy(tmp_path, {"00.a": [_record(1), _record(2)], "03.b": [_record(3)]})
    before = legacy.read_bytes()
    store = ProgressStore(tmp_path / "progress.json")  # the old setting of COURSE_PROGRESS
    assert store.path == tmp_path / "progress.sqlite3"
    loaded = store.load()
    assert [r["answer"] for r in loaded["00.a"]] == ["answer 1", "answer 2"]
    assert loaded["03.b"][0]["correct"] is False and store.notice == ""
    assert legacy.read_bytes() == before  # kept as it was
    # Once: a record added to the JSON file later is not imported again, and nothing doubles.
    _legacy(tmp_path, {"00.a": [_record(1), _record(2), _record(4)]})
    again = ProgressStore(tmp_path / "progress.sqlite3").load()
    assert [r["answer"] for r in again["00.a"]] == ["answer 1", "answer 2"]


def test_an_unreadable_older_json_file_is_reported_left_alone_and_not_retried(tmp_path):
    legacy = tmp_path / "progress.json"
    legacy.write_text("{broken")
    store = ProgressStore(tmp_path / "progress.sqlite3")
    store.record("00.a", "b", True)
    assert str(legacy) in store.notice and "not valid JSON" in store.notice
    assert legacy.read_text() == "{broken"
    later = ProgressStore(tmp_path / "progress.sqlite3")
    assert later.load()["00.a"][0]["answer"] == "b" and later.notice == ""


# --- export and import -----------------------------------------------------------------------

def test_export_import_round_trip_with_drafts_and_import_twice_adds_nothing(tmp_path,
                                                                           monkeypatch):
    monkeypatch.setenv("COURSE_STUDENT", "Grace Hopper")
    home = ProgressStore(tmp_path / "binder" / "progress.sqlite3")
    home.record("03.v3-cost", "5.6", False)
    home.record("03.v3-cost", "5.576", True)
    home.record("00.articles", "b", True)
    home.save_draft("brief", {"seat": "regulator"})
    out = home.export(tmp_path)  # a folder: the file is named for the student
    assert out.name == "course-progress-Grace-Hopper.json"
    exported = json.loads(out.read_text())
    assert exported["student"] == "Grace Hopper" and exported["format"] == FORMAT
    assert exported["exported"].endswith("+00:00")
    assert exported["attempts"] == home.load()

    laptop = ProgressStore(tmp_path / "laptop" / "progress.sqlite3")
    laptop.record("03.v3-cost", "6", False)
    laptop.save_draft("brief", {"seat": "older"})  # older than the export's: replaced
    first = laptop.import_(out)
    assert (first.added, first.drafts, first.skipped) == (3, 0, ())
    assert laptop.import_(out).added == 0
    merged = laptop.load()
    assert [r["answer"] for r in merged["03.v3-cost"]] == ["5.6", "5.576", "6"]  # by time
    assert len(merged["00.articles"]) == 1
    assert laptop.load_draft("brief") == {"seat": "older"}  # the laptop's draft is newer
    newer = ProgressStore(tmp_path / "third" / "progress.sqlite3")
    newer.save_draft("brief", {"seat": "oldest"})
    time.sleep(0.01)
    home.save_draft("brief", {"seat": "newest"})
    assert newer.import_(home.export(tmp_path / "again.json")).drafts == 1
    assert newer.load_draft("brief") == {"seat": "newest"}


def test_an_export_in_the_format_before_sqlite_still_imports(tmp_path):
    old = Path(__file__).resolve().parent / "fixtures" / "progress" / "ana.json"
    store = ProgressStore(tmp_path / "progress.sqlite3")
    done = store.import_(old)
    assert done.added == sum(len(r) for r in json.loads(old.read_text())["attempts"].values())
    assert done.skipped == ()


def test_export_names_the_student_and_refuses_bad_destinations(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_STUDENT", raising=False)
    store = ProgressStore(tmp_path / "progress.sqlite3")
    store.record("00.a", "a", True)
    assert json.loads(store.export(tmp_path / "x.json", student="S-42").read_text())[
        "student"] == "S-42"
    assert json.loads(store.export(tmp_path / "y.json").read_text())["student"] == "anonymous"
    with pytest.raises(ValueError, match="progress file itself"):
        store.export(store.path)
    with pytest.raises(ValueError, match="student"):
        store.export(tmp_path / "z.json", student="  ")


@pytest.mark.parametrize("content, fragment", [
    (None, "no such file"),
    ("not json", "not valid JSON"),
    ('{"format": "other"}', "not a progress export"),
    ('{"format": "open-weights-course-progress", "version": 1}', "attempts"),
    ("[" * 100_000 + "]" * 100_000, "nested 100000 levels deep"),
])
def test_import_refuses_what_is_not_an_export_and_changes_nothing(tmp_path, content, fragment):
    store = ProgressStore(tmp_path / "progress.sqlite3")
    store.record("00.a", "a", True)
    before = store.path.read_bytes()
    src = tmp_path / "incoming.json"
    if content is not None:
        src.write_text(content)
    with pytest.raises(ProgressFileError, match=fragment) as caught:
        store.import_(src)
    assert str(src) in str(caught.value) and "unchanged" in str(caught.value)
    assert store.path.read_bytes() == before


def test_import_takes_the_good_records_and_lists_the_impossible_ones(tmp_path):
    src = _export(tmp_path, "mixed.json", {
        "00.a": [_record(1), _record(2, correct="yes"), _record(3, time="last Tuesday at noon"),
                 _record(1)],  # the last repeats the first one's id
        "99.gone": [_record(5)],
    }, drafts={"brief": {"time": "2025-02-01T10:00:00Z", "data": {"seat": "x"}},
               "bad": {"time": "soon", "data": {}}})
    store = ProgressStore(tmp_path / "progress.sqlite3")
    done = store.import_(src, known={"00.a"})
    assert done.added == 1 and done.drafts == 1
    assert [r["answer"] for r in store.attempts("00.a")] == ["answer 1"]
    reasons = "\n".join(done.skipped)
    assert "record 2 of '00.a' left out: correct must be boolean or null, not 'yes'" in reasons
    assert "record 3 of '00.a' left out: its time 'last Tuesday at noon' does not parse" in reasons
    assert "1 record(s) left out: their ids repeat" in reasons
    assert "'99.gone' left out: no such exercise" in reasons
    assert "draft 'bad' left out" in reasons and len(done.skipped) == 5


def test_export_for_instructor_writes_a_named_file_and_a_link(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS", str(tmp_path / "student" / "progress.sqlite3"))
    progress_module.store().record("00.articles", "b", True)
    notice = handin.export_for_instructor("Ada Lovelace", folder=tmp_path)
    assert notice.path == tmp_path / "course-progress-Ada-Lovelace.json"
    assert json.loads(notice.path.read_text())["attempts"]["00.articles"][0]["answer"] == "b"
    assert "course-progress-Ada-Lovelace.json" in notice._repr_html_()
    assert "download" in notice._repr_html_() and "instructor" in repr(notice)
    failed = handin.export_for_instructor("Ada", folder=tmp_path / "missing")
    assert failed.path is None and "could not be exported" in repr(failed)
