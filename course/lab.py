"""``python -m course lab``: start JupyterLab on the course, safely and quietly.

JupyterLab listens on 127.0.0.1 only, with a fresh random token, opens the first
notebook, and makes no network requests for news or updates: the server is told not to
fetch them, and the settings defaults in ``course/labsettings/overrides.json`` stop the
front end asking about them. ``--allow-root`` is passed only when running as root (as in
some containers). Binder's ``postBuild`` installs the same overrides.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

from .data import project_root

__all__ = ["LAB_SETTINGS", "START_NOTEBOOK", "add_arguments", "build_command", "cli",
           "free_port", "lab_url", "run_child"]

START_NOTEBOOK = "notebooks/00_start_here.ipynb"
LAB_SETTINGS = Path(__file__).resolve().parent / "labsettings"
"""Application settings folder whose overrides.json turns JupyterLab's news prompt off."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_command(port: int, token: str, root: Path, *, open_browser: bool = False,
                  notebook: str = START_NOTEBOOK, python: str = sys.executable) -> list[str]:
    """Return the ``jupyter lab`` command line the course uses.

    Examples
    --------
    >>> cmd = build_command(8899, "abc", Path("/course"))
    >>> "--ServerApp.ip=127.0.0.1" in cmd, "--IdentityProvider.token=abc" in cmd
    (True, True)
    >>> "--LabApp.news_url=None" in cmd
    True
    """
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        raise ValueError(f"port must be a whole number from 1 to 65535; got {port!r}")
    if not isinstance(token, str) or not token:
        raise ValueError("token must be a non-empty string")
    cmd = [
        python, "-m", "jupyterlab", notebook,
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.open_browser={open_browser}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.app_settings_dir={LAB_SETTINGS}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd


def lab_url(port: int, token: str, notebook: str = START_NOTEBOOK) -> str:
    """Return the URL that opens *notebook* in the running JupyterLab.

    Examples
    --------
    >>> lab_url(8899, "abc")
    'http://127.0.0.1:8899/lab/tree/notebooks/00_start_here.ipynb?token=abc'
    """
    return f"http://127.0.0.1:{port}/lab/tree/{notebook}?token={token}"


def run_child(cmd: list[str], cwd: Path) -> int:
    """Run *cmd* as a child process until it exits; return its exit status.

    Ctrl+C reaches the child as well (it shares the console), so this process keeps
    waiting while the child shuts down instead of leaving it running on its own; after
    a third Ctrl+C the child is terminated. This is how ``course lab`` runs JupyterLab
    where a process cannot hand itself over (``os.execv``), as on Windows.

    Examples
    --------
    >>> run_child([sys.executable, "-c", "raise SystemExit(3)"], Path.cwd())
    3
    """
    child = subprocess.Popen(cmd, cwd=cwd)
    interrupts = 0
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            interrupts += 1
            if interrupts >= 3:
                child.terminate()


def add_arguments(parser) -> None:
    parser.add_argument("--port", type=int, default=None,
                        help="port to listen on (default: a free one)")
    parser.add_argument("--no-browser", action="store_true",
                        help="do not open a web browser; just print the URL")


def cli(args) -> int:
    root = project_root()
    if not (root / START_NOTEBOOK).is_file():
        print(f"The start notebook {START_NOTEBOOK} is missing under {root}.", file=sys.stderr)
        return 1
    port = args.port or free_port()
    token = secrets.token_urlsafe(24)
    cmd = build_command(port, token, root, open_browser=not args.no_browser)
    print("Starting JupyterLab for the course. Open this address in your browser:\n\n"
          f"    {lab_url(port, token)}\n\n"
          "It works only on this computer. Press Ctrl+C here to stop the server.", flush=True)
    if os.name == "posix":
        # JupyterLab takes this process's place, so Ctrl+C, `kill` and a closed terminal
        # reach the server itself and never leave it running without us.
        os.chdir(root)
        os.execv(cmd[0], cmd)
    return run_child(cmd, root)
