"""``python -m course lab`` and ``python -m course check``, run for real."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import ROOT

from course.cli import COMMANDS, build_parser
from course.lab import LAB_SETTINGS, START_NOTEBOOK, build_command, free_port, lab_url


def test_lab_command_is_loopback_tokened_and_quiet(tmp_path):
    cmd = build_command(8123, "secret", tmp_path)
    assert "--ServerApp.ip=127.0.0.1" in cmd and "--IdentityProvider.token=secret" in cmd
    assert "--ServerApp.port=8123" in cmd and "--ServerApp.port_retries=0" in cmd
    assert "--LabApp.news_url=None" in cmd
    assert "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate" in cmd
    assert cmd[3] == START_NOTEBOOK
    assert ("--allow-root" in cmd) == (getattr(os, "geteuid", lambda: None)() == 0)
    overrides = json.loads((LAB_SETTINGS / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"] == {
        "fetchNews": "false", "checkForUpdates": False}
    assert f"--LabApp.app_settings_dir={LAB_SETTINGS}" in cmd


@pytest.mark.parametrize("port", ["0", "70000", "-1", "80.5", "eighty"])
def test_lab_refuses_a_bad_port_without_a_traceback(port, capsys):
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args(["lab", "--port", port])
    assert done.value.code == 2
    assert "--port: must be a whole number from 1 to 65535" in capsys.readouterr().err


def test_every_command_has_help():
    parser = build_parser()
    for name in COMMANDS:
        with pytest.raises(SystemExit) as done:
            parser.parse_args([name, "--help"])
        assert done.value.code == 0


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_course_lab_serves_the_start_notebook_on_a_tokened_loopback_url(tmp_path):
    """What `make lab` runs: a real server, reached only with its token."""
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    port = free_port()
    lab = subprocess.Popen([sys.executable, "-m", "course", "lab", "--no-browser",
                            "--port", str(port)], cwd=tmp_path, env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        first = lab.stdout.readline() + lab.stdout.readline() + lab.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:(\d+)/lab/tree/(\S+)\?token=(\S+)", first)
        assert url, first
        assert int(url.group(1)) == port and url.group(2) == START_NOTEBOOK
        token = url.group(3)
        assert url.group(0) == lab_url(port, token)
        status = f"http://127.0.0.1:{port}/api/status"
        for _ in range(240):
            if lab.poll() is not None:
                pytest.fail("JupyterLab stopped: " + lab.stdout.read())
            try:
                if _get(f"{status}?token={token}") == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer within two minutes")
        assert _get(status) == 403  # no token, no entry
        assert _get(url.group(0)) == 200
        contents = f"http://127.0.0.1:{port}/api/contents/{START_NOTEBOOK}?token={token}"
        assert _get(contents) == 200
    finally:
        lab.terminate()
        try:
            lab.wait(timeout=30)
        except subprocess.TimeoutExpired:
            lab.kill()
    # Stopping `course lab` stops the server: nothing is left listening on the port.
    with pytest.raises(OSError):
        _get(f"http://127.0.0.1:{port}/api/status")


@pytest.mark.skipif(os.name != "posix", reason="signals a process group, as a terminal does")
def test_without_exec_lab_runs_as_a_child_that_outlives_ctrl_c_and_passes_on_its_status():
    """Where a process cannot hand itself over to JupyterLab (Windows), `course lab` runs it
    as a child. Ctrl+C reaches both, as in a console: the parent must wait for the child
    to finish shutting down, then exit with the child's status, leaving nothing running."""
    child = ("import signal, sys, time\n"
             "signal.signal(signal.SIGINT, lambda *_: (time.sleep(0.5), sys.exit(7)))\n"
             "print('ready', flush=True)\n"
             "time.sleep(60)\n")
    parent = ("import sys; from pathlib import Path; from course.lab import run_child; "
              f"sys.exit(run_child([sys.executable, '-c', {child!r}], Path('.')))")
    proc = subprocess.Popen([sys.executable, "-c", parent], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, start_new_session=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl+C does to the terminal's processes
        assert proc.wait(timeout=30) == 7
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    with pytest.raises(ProcessLookupError):  # the child went with it
        os.killpg(proc.pid, 0)


def run_check(env_extra=None):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "course", "check"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_check_passes_on_this_environment():
    result = run_check()
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines[-1] == "All checks passed."
    assert all(line.startswith("OK") for line in lines[:-1]), result.stdout
    assert len(lines) - 1 == 6


def test_check_names_the_file_row_and_column_of_a_broken_data_row(data_copy):
    facts = (data_copy / "facts.csv").read_text().splitlines(keepends=True)
    facts[3] = facts[3].rstrip("\n").rsplit(",", 1)[0] + ",sure\n"
    (data_copy / "facts.csv").write_text("".join(facts))
    result = run_check({"COURSE_DATA_DIR": str(data_copy)})
    assert result.returncode == 1
    problem = next(line for line in result.stdout.splitlines() if line.startswith("PROBLEM"))
    assert "facts.csv, row 3, column 'confidence': 'sure' is not allowed" in problem
    assert "Traceback" not in result.stdout + result.stderr
