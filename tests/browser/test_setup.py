"""The browser tests' own set-up: finding Chromium, skipping or failing without it, and a
JupyterLab server isolated from the user's settings. No browser is started here."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import ROOT, find_chromium
from .server import ISOLATED_DIRS, LabServer


def test_course_chromium_names_the_browser(monkeypatch):
    monkeypatch.setenv("COURSE_CHROMIUM", sys.executable)  # any executable will do here
    assert find_chromium() == (sys.executable, "")


def test_a_missing_course_chromium_is_explained(monkeypatch, tmp_path):
    missing = str(tmp_path / "no-such-chromium")
    monkeypatch.setenv("COURSE_CHROMIUM", missing)
    path, why = find_chromium()
    assert path is None
    assert missing in why and "not an executable" in why


def run_browser_tests(**env) -> subprocess.CompletedProcess:
    """Run the first browser test in a child pytest with *env* added."""
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "0", "-rs",
         "tests/browser/test_notebooks.py", "-k", "test_runs_top_to_bottom_without_errors",
         "--maxfail=1"],
        cwd=ROOT, env=environment, capture_output=True, text=True)


def test_without_a_browser_the_tests_skip_and_say_how_to_install(tmp_path):
    done = run_browser_tests(COURSE_CHROMIUM=str(tmp_path / "none"), COURSE_REQUIRE_BROWSER="0")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "skipped" in done.stdout
    assert "sudo apt install chromium" in done.stdout


def test_with_course_require_browser_a_missing_browser_fails(tmp_path):
    done = run_browser_tests(COURSE_CHROMIUM=str(tmp_path / "none"), COURSE_REQUIRE_BROWSER="1")
    assert done.returncode != 0
    assert "COURSE_REQUIRE_BROWSER=1 but the browser is missing" in done.stdout
    assert "sudo apt install chromium" in done.stdout


def test_server_environment_is_isolated_from_the_user(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_INSTRUCTOR", "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    server = LabServer(ROOT, tmp_path)
    env = server.environment()
    for name in ISOLATED_DIRS:
        assert env[name].startswith(str(tmp_path)), name
    assert env["COURSE_PROGRESS"] == str(tmp_path / "progress.sqlite3")
    assert "COURSE_INSTRUCTOR" not in env and "MPLBACKEND" not in env
    settings = tmp_path / "jupyter" / "jupyterlab_settings_dir"
    assert '"autosave": false' in (
        settings / "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings").read_text()
    assert server.token and server.url.startswith("http://127.0.0.1:")
