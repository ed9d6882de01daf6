"""A JupyterLab server for the browser tests, started the way ``python -m course lab`` does.

The server runs ``course.lab.build_command`` (loopback, a fresh token, a free port)
over a throw-away copy of ``notebooks/``, so nothing the browser does (a save, a
brief exported by the capstone) can touch the repository. Every directory where
Jupyter keeps the user's configuration, settings, workspaces, runtime files, data
and IPython profile points at a temporary folder, and progress goes to a temporary
``$COURSE_PROGRESS`` file, so the user's own set-up neither leaks in nor changes.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from course.lab import build_command, free_port
from course.progress import ProgressStore

__all__ = ["LabServer", "ServerError"]

# Environment variables that point Jupyter and IPython at per-user folders.
ISOLATED_DIRS = ("JUPYTER_CONFIG_DIR", "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR",
                 "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR")
# Variables of the test session that a student's kernel would not have.
NOT_INHERITED = ("COURSE_INSTRUCTOR", "COURSE_DATA_DIR", "MPLBACKEND")
# Lab settings for a reproducible run: no autosave (a reload shows the notebook as it is
# on disk, and the copy never changes under the test), no news prompt.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
}
# Top-level entries of the repository that the served copy does not link to.
NOT_LINKED = {".git", ".venv", "notebooks", "test-artifacts", "bench", "_site"}


class ServerError(RuntimeError):
    """JupyterLab did not start, or stopped unexpectedly; the message has its log."""


class LabServer:
    """One JupyterLab process serving a temporary copy of the course.

    Parameters
    ----------
    project : pathlib.Path
        The repository root (it holds ``notebooks/``).
    workdir : pathlib.Path
        An empty temporary folder; the copy, the Jupyter folders, the progress file
        and the server log go here.

    Attributes
    ----------
    url, token, root, progress_path, log_path
    """

    def __init__(self, project: Path, workdir: Path):
        if not (project / "notebooks").is_dir():
            raise ValueError(f"project must hold a notebooks/ folder; got {project}")
        self.project = Path(project)
        self.workdir = Path(workdir)
        self.root = self.workdir / "course"
        self.progress_path = self.workdir / "progress.sqlite3"
        self.log_path = self.workdir / "jupyterlab.log"
        self.port = free_port()
        self.token = secrets.token_urlsafe(24)
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen | None = None
        self._log = None

    # -- set-up -------------------------------------------------------------------------
    def _make_root(self) -> None:
        self.root.mkdir(parents=True)
        shutil.copytree(self.project / "notebooks", self.root / "notebooks",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for entry in self.project.iterdir():
            if entry.name not in NOT_LINKED:
                (self.root / entry.name).symlink_to(entry)

    def environment(self) -> dict[str, str]:
        """Return the server's environment: the test's own, isolated from the user."""
        env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
        for name in ISOLATED_DIRS:
            folder = self.workdir / "jupyter" / name.lower()
            folder.mkdir(parents=True, exist_ok=True)
            env[name] = str(folder)
        settings = Path(env["JUPYTERLAB_SETTINGS_DIR"])
        for name, values in LAB_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")
        env["COURSE_PROGRESS"] = str(self.progress_path)
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def start(self, wait_seconds: float = 180.0) -> LabServer:
        """Start JupyterLab and return once ``/api/status`` answers."""
        self._make_root()
        command = build_command(self.port, self.token, self.root, open_browser=False,
                                python=sys.executable)
        self._log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115 (closed in stop)
        self._process = subprocess.Popen(command, cwd=self.root, env=self.environment(),
                                         stdout=self._log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise ServerError(f"JupyterLab exited with status {self._process.returncode}."
                                  f"\n{self.log_tail()}")
            try:
                self.api("GET", "/api/status")
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.25)
        self.stop()
        raise ServerError(f"JupyterLab did not answer within {wait_seconds:.0f} s."
                          f"\n{self.log_tail()}")

    # -- use ----------------------------------------------------------------------------
    def api(self, method: str, path: str, timeout: float = 10.0):
        """Call the server's REST API with the token; return the decoded JSON (or None)."""
        request = urllib.request.Request(
            self.url + path, method=method,
            headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def lab_url(self, notebook: str) -> str:
        """The address that opens ``notebooks/<notebook>`` in a fresh workspace."""
        return f"{self.url}/lab/tree/notebooks/{notebook}?reset&token={self.token}"

    def shutdown_kernels(self) -> None:
        """End every notebook session (and its kernel)."""
        for session in self.api("GET", "/api/sessions") or []:
            self.api("DELETE", f"/api/sessions/{session['id']}")

    def progress(self) -> dict:
        """``{"attempts": ...}`` from the progress file, or ``{}`` while there is none."""
        if not self.progress_path.exists():
            return {}
        return {"attempts": ProgressStore(self.progress_path).load()}

    def log_tail(self, lines: int = 40) -> str:
        """The last *lines* of the server log."""
        if not self.log_path.exists():
            return "(no log)"
        text = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        return "JupyterLab log (last lines):\n" + "\n".join(text[-lines:])

    # -- tear-down ----------------------------------------------------------------------
    def stop(self) -> None:
        """Shut the server down cleanly (kernels first); force it only if it hangs."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            try:
                self.api("POST", "/api/shutdown")
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None
