"""course.progress: durable, race-free, corruption-safe progress and its command line.

Real files and real processes: a writer killed with SIGKILL at random moments loses no
acknowledged record; two writers at once lose nothing; corrupt files are set aside and
reported; a location that really cannot be written degrades to memory with a warning.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from helpers.exercise_fixtures import fixture_bank, progress_file  # noqa: F401

from course import progress as progress_module
from course.progress import (
    FORMAT,
    ProgressCorruptWarning,
    ProgressFileError,
    ProgressNotSavedWarning,
    ProgressStore,
    default_path,
)

ROOT = Path(__file__).resolve().parent.parent
LOOP = Path(__file__).resolve().parent / "helpers" / "record_loop.py"


def _file(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# --- the basics ------------------------------------------------------------------------------

def test_default_path_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS", str(tmp_path / "mine.json"))
    assert default_path() == tmp_path / "mine.json"
    monkeypatch.setenv("COURSE_PROGRESS", str(tmp_path))  # a folder: progress.json inside
    assert default_path() == tmp_path / "progress.json"
    monkeypatch.delenv("COURSE_PROGRESS")
    import platformdirs

    expected = platformdirs.user_data_path("open-weights-course", appauthor=False)
    assert default_path() == expected / "progress.json"


def test_record_then_load_in_order_with_the_documented_shape(tmp_path):
    store = ProgressStore(tmp_path / "sub" / "progress.json")
    assert store.load() == {}
    first = store.record("03.v3-cost", "5.6", False)
    store.record("03.v3-cost", "5.576", True)
    store.record("03.reflect", "Some text.", None)
    store.record("03.v3-cost", None, None, kind="reveal")
    data = _file(store.path)
    assert data["format"] == FORMAT and data["version"] == 1
    records = data["attempts"]["03.v3-cost"]
    assert [r["answer"] for r in records] == ["5.6", "5.576", None]
    assert [r["kind"] for r in records] == ["attempt", "attempt", "reveal"]
    assert [r["correct"] for r in records] == [False, True, None]
    assert records[0] == first and len({r["id"] for r in records}) == 3
    assert all(r["time"].endswith("+00:00") for r in records)
    assert store.load() == data["attempts"]
    assert store.attempts("03.reflect")[0]["correct"] is None


def test_a_new_store_on_the_same_file_sees_the_records(tmp_path):
    path = tmp_path / "progress.json"
    ProgressStore(path).record("00.a", ["a", "c"], True)
    assert ProgressStore(path).attempts("00.a")[0]["answer"] == ["a", "c"]


@pytest.mark.parametrize("args, error, fragment", [
    (("", "x", True), ValueError, "exercise_id"),
    ((None, "x", True), ValueError, "exercise_id"),
    (("00.a\n", "x", True), ValueError, "exercise_id"),
    (("00.a", "x", 1), TypeError, "correct must be True, False or None"),
    (("00.a", "x", "yes"), TypeError, "correct"),
    (("00.a", float("nan"), True), TypeError, "JSON value"),
    (("00.a", object(), True), TypeError, "JSON value"),
])
def test_record_checks_its_arguments(tmp_path, args, error, fragment):
    store = ProgressStore(tmp_path / "progress.json")
    with pytest.raises(error, match=fragment):
        store.record(*args)
    with pytest.raises(ValueError, match="kind"):
        store.record("00.a", "x", True, kind="peek")
    assert not store.path.exists()


def test_constructor_checks_its_arguments():
    with pytest.raises(TypeError, match="path"):
        ProgressStore(42)
    with pytest.raises(ValueError, match="lock_timeout"):
        ProgressStore(lock_timeout=-1)


def test_the_file_is_replaced_atomically_and_leaves_no_temporary_files(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    stale = tmp_path / ".progress.json.abc123.tmp"
    stale.write_text("left by a killed writer")
    for n in range(5):
        store.record("00.a", n, True)
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert leftovers == ["progress.json", "progress.json.lock"]


# --- durability: SIGKILL at random moments ---------------------------------------------------

def _spawn(path: Path, run: str, count: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, str(LOOP), str(path), run, str(count)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT)


@pytest.mark.slow
def test_records_acknowledged_before_a_sigkill_are_never_lost(tmp_path):
    path = tmp_path / "progress.json"
    rng = random.Random(20250127)
    acknowledged = []
    for run in range(6):
        proc = _spawn(path, f"r{run}", 100_000)
        first = proc.stdout.readline()  # wait until the loop is running
        assert first.startswith("ack"), proc.stderr.read()
        acknowledged.append(first.split()[1:])
        time.sleep(rng.uniform(0.02, 0.4))
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        acknowledged += [line.split()[1:] for line in rest.splitlines() if line.startswith("ack")]
        ProgressStore(path).check()  # valid after every kill
    saved = {(r["answer"]["run"], str(r["answer"]["n"]))
             for r in _file(path)["attempts"]["03.loop"]}
    missing = [tuple(a) for a in acknowledged if tuple(a) not in saved]
    assert not missing, f"{len(missing)} acknowledged records lost, e.g. {missing[:3]}"
    assert len(acknowledged) > 6  # the writers really ran between kills


# --- two writers at once ---------------------------------------------------------------------

@pytest.mark.slow
def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "progress.json"
    procs = [_spawn(path, name, 200) for name in ("left", "right")]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert out.count("ack") == 200
    records = _file(path)["attempts"]["03.loop"]
    assert len(records) == 400
    assert len({r["id"] for r in records}) == 400
    for name in ("left", "right"):
        mine = [r["answer"]["n"] for r in records if r["answer"]["run"] == name]
        assert mine == list(range(200))  # each writer's records in its own order


# --- corrupt files ---------------------------------------------------------------------------

@pytest.mark.parametrize("content", [
    b"{not json", b"", b"\xff\xfe\x00", b"[]", b'{"format": "something-else"}',
    json.dumps({"format": FORMAT, "version": 99, "attempts": {}}).encode(),
    json.dumps({"format": FORMAT, "version": 1, "attempts": {"00.a": "oops"}}).encode(),
    json.dumps({"format": FORMAT, "version": 1,
                "attempts": {"00.a": [{"id": "x", "kind": "attempt"}]}}).encode(),
])
def test_a_corrupt_file_is_moved_aside_reported_and_never_overwritten(tmp_path, content):
    path = tmp_path / "progress.json"
    path.write_bytes(content)
    store = ProgressStore(path)
    with pytest.raises(ProgressFileError, match="not a valid progress file"):
        store.check()
    assert path.read_bytes() == content  # check() only reports
    with pytest.warns(ProgressCorruptWarning) as caught:
        assert store.load() == {}
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("progress.json.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == content
    message = str(caught[0].message)
    assert str(path) in message and str(aside[0]) in message
    store.record("00.a", "b", True)
    assert [r["answer"] for r in store.attempts("00.a")] == ["b"]
    assert aside[0].read_bytes() == content


def test_recording_into_a_corrupt_file_sets_it_aside_first(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text("{broken")
    with pytest.warns(ProgressCorruptWarning, match="moved aside"):
        ProgressStore(path).record("00.a", "b", True)
    assert len(list(tmp_path.glob("progress.json.corrupt-*"))) == 1
    assert ProgressStore(path).attempts("00.a")[0]["answer"] == "b"


# --- locations that cannot be written --------------------------------------------------------
# The tests run as root, and root ignores folder permissions (chmod 0o500 does not stop
# it writing), so a read-only folder proves nothing here. These locations fail for root
# too: a path whose parent is a regular file (mkdir and open give ENOTDIR/EEXIST), and a
# folder under /proc (the kernel refuses to create files there).

def _unwritable_paths(tmp_path: Path) -> list[Path]:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    return [blocker / "progress.json", Path("/proc/course-progress-test/progress.json")]


@pytest.mark.parametrize("which", [0, 1], ids=["parent-is-a-file", "under-proc"])
def test_an_unwritable_location_degrades_to_memory_with_one_warning(tmp_path, which):
    path = _unwritable_paths(tmp_path)[which]
    store = ProgressStore(path)
    with pytest.warns(ProgressNotSavedWarning) as caught:
        store.record("00.a", "a", False)
    assert store.in_memory
    message = str(caught[0].message)
    assert str(path) in message and "COURSE_PROGRESS" in message and "export" in message
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no second warning
        store.record("00.a", "b", True)
        assert [r["answer"] for r in store.attempts("00.a")] == ["a", "b"]
    exported = store.export(tmp_path / "rescue.json", student="Ada")
    assert [r["answer"] for r in _file(exported)["attempts"]["00.a"]] == ["a", "b"]
    assert not path.exists()


def test_the_shared_store_keeps_memory_progress_for_every_exercise(tmp_path, monkeypatch):
    path = _unwritable_paths(tmp_path)[0]
    monkeypatch.setenv("COURSE_PROGRESS", str(path))
    with pytest.warns(ProgressNotSavedWarning):
        progress_module.store().record("00.a", "a", True)
    assert progress_module.store() is progress_module.store(path)
    assert progress_module.store().attempts("00.a")[0]["answer"] == "a"


# --- export and import -----------------------------------------------------------------------

def test_export_import_round_trip_and_import_twice_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_STUDENT", "Grace Hopper")
    home = ProgressStore(tmp_path / "binder" / "progress.json")
    home.record("03.v3-cost", "5.6", False)
    home.record("03.v3-cost", "5.576", True)
    home.record("00.articles", "b", True)
    out = home.export(tmp_path)  # a folder: the file is named for the student
    assert out.name == "course-progress-Grace-Hopper.json"
    exported = _file(out)
    assert exported["student"] == "Grace Hopper" and exported["format"] == FORMAT
    assert exported["exported"].endswith("+00:00")
    assert exported["attempts"] == home.load()

    laptop = ProgressStore(tmp_path / "laptop" / "progress.json")
    laptop.record("03.v3-cost", "6", False)
    assert laptop.import_(out) == 3
    assert laptop.import_(out) == 0
    merged = laptop.load()
    assert [r["answer"] for r in merged["03.v3-cost"]] == ["5.6", "5.576", "6"]  # by time
    assert len(merged["00.articles"]) == 1


def test_export_names_the_student_and_refuses_bad_destinations(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    store.record("00.a", "a", True)
    assert _file(store.export(tmp_path / "x.json", student="S-42"))["student"] == "S-42"
    assert _file(store.export(tmp_path / "y.json"))["student"] in ("anonymous",
                                                                  os.environ.get(
                                                                      "COURSE_STUDENT"))
    with pytest.raises(ValueError, match="progress file itself"):
        store.export(store.path)
    with pytest.raises(ValueError, match="student"):
        store.export(tmp_path / "z.json", student="  ")
    with pytest.raises(TypeError, match="dest"):
        store.export(None)


@pytest.mark.parametrize("content, fragment", [
    (None, "no progress export"),
    ("not json", "not valid JSON"),
    ('{"format": "other"}', "not a progress export"),
    ('{"format": "open-weights-course-progress", "version": 1}', "no 'attempts'"),
])
def test_import_refuses_what_is_not_an_export(tmp_path, content, fragment):
    store = ProgressStore(tmp_path / "progress.json")
    store.record("00.a", "a", True)
    before = store.path.read_bytes()
    src = tmp_path / "incoming.json"
    if content is not None:
        src.write_text(content)
    with pytest.raises(ProgressFileError, match=fragment):
        store.import_(src)
    assert store.path.read_bytes() == before


def test_export_for_instructor_writes_a_named_file_and_a_link(tmp_path, progress_file):
    progress_module.store().record("00.articles", "b", True)
    notice = progress_module.export_for_instructor("Ada Lovelace", folder=tmp_path)
    assert notice.path == tmp_path / "course-progress-Ada-Lovelace.json"
    assert _file(notice.path)["attempts"]["00.articles"][0]["answer"] == "b"
    assert "course-progress-Ada-Lovelace.json" in notice._repr_html_()
    assert "download" in notice._repr_html_() and "instructor" in repr(notice)
    assert "](" in notice._repr_markdown_()
    failed = progress_module.export_for_instructor("Ada", folder=tmp_path / "missing")
    assert failed.path is None and "could not be exported" in repr(failed)


# --- summary and the command line ------------------------------------------------------------

def test_summary_counts_per_notebook(fixture_bank, progress_file):
    from course.exercises import bank
    from course.syllabus import LESSONS

    store = progress_module.store()
    store.record("03.v3-cost", "5.6", False)
    store.record("03.v3-cost", "5.576", True)
    store.record("03.share", "0.2", False)
    store.record("03.share", None, None, kind="reveal")
    store.record("00.articles", "a", False)
    store.record("99.gone", "x", True)  # not in the bank: ignored
    rows = {r.number: r for r in store.summary()}
    n03 = sum(1 for i in bank() if i.startswith("03."))
    assert (rows["03"].exercises, rows["03"].attempted, rows["03"].correct,
            rows["03"].revealed) == (n03, 2, 1, 1)
    assert (rows["00"].attempted, rows["00"].correct) == (1, 0)
    assert rows["05"].exercises == 0 and len(rows) == len(LESSONS)
    table = progress_module.format_summary(list(rows.values()))
    assert "The cost of training" in table and table.splitlines()[-1].split()[0] == "Total"


def _cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    progress_module.add_arguments(parser)
    return progress_module.cli(parser.parse_args(list(argv)))


def test_cli_summary_export_and_import(fixture_bank, progress_file, tmp_path, capsys):
    assert _cli() == 1
    assert "no progress saved yet" in capsys.readouterr().err
    progress_module.store().record("03.v3-cost", "5.576", True)
    assert _cli() == 0
    out = capsys.readouterr().out
    assert str(progress_file) in out and "The cost of training" in out
    target = tmp_path / "handin.json"
    assert _cli("--export", str(target), "--student", "Ada") == 0
    assert _file(target)["student"] == "Ada"
    other = tmp_path / "other.json"
    assert _cli("--file", str(other), "--import", str(target)) == 0
    assert "Imported 1 new record" in capsys.readouterr().out
    assert _cli("--file", str(other), "--import", str(target)) == 0
    assert "Imported 0 new record" in capsys.readouterr().out


def test_cli_reports_corrupt_and_missing_files_without_a_traceback(fixture_bank, progress_file,
                                                                  tmp_path, capsys):
    progress_file.parent.mkdir(parents=True)
    progress_file.write_text("{broken")
    assert _cli() == 1
    err = capsys.readouterr().err
    assert "not a valid progress file" in err and "has not been changed" in err
    assert progress_file.read_text() == "{broken"
    progress_file.unlink()
    assert _cli("--import", str(tmp_path / "nope.json")) == 1
    assert "no progress export" in capsys.readouterr().err
    blocked = _unwritable_paths(tmp_path)[0]
    good = tmp_path / "good.json"
    ProgressStore(good).record("00.a", "a", True)
    assert _cli("--file", str(blocked), "--import", str(good)) == 1
    assert "could not write" in capsys.readouterr().err


def test_python_m_course_progress_runs_in_a_real_process(fixture_bank, progress_file):
    import importlib.util

    from course.cli import COMMANDS

    absent = [module for module, _ in COMMANDS.values() if importlib.util.find_spec(module) is None]
    if absent:  # course/cli.py imports every command's module before dispatching
        pytest.skip(f"python -m course cannot start until {', '.join(absent)} exist(s)")
    env = dict(os.environ)
    missing = subprocess.run([sys.executable, "-m", "course", "progress"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert "no progress saved yet" in missing.stderr
    ProgressStore(progress_file).record("03.v3-cost", "5.576", True)
    done = subprocess.run([sys.executable, "-m", "course", "progress"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "The cost of training" in done.stdout
