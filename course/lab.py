"""``python -m course lab``: JupyterLab on 127.0.0.1 with a fresh token, at the first notebook,
asking nobody for news or updates (``labsettings/overrides.json``, which Binder's
``postBuild`` installs too, stops the front end asking)."""

from __future__ import annotations

import argparse
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


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_command(port: int, token: str, root: Path, *, open_browser: bool = False,
                  python: str = sys.executable) -> list[str]:
    """The ``jupyter lab`` command line; ``--allow-root`` only when run as root.

    Examples
    --------
    >>> cmd = build_command(8899, "abc", Path("/course"))
    >>> "--ServerApp.ip=127.0.0.1" in cmd, "--IdentityProvider.token=abc" in cmd
    (True, True)
    """
    cmd = [
        python, "-m", "jupyterlab", START_NOTEBOOK,
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


def lab_url(port: int, token: str) -> str:
    """Return the URL that opens the start notebook in the running JupyterLab.

    Examples
    --------
    >>> lab_url(8899, "abc")
    'http://127.0.0.1:8899/lab/tree/notebooks/00_start_here.ipynb?token=abc'
    """
    return f"http://127.0.0.1:{port}/lab/tree/{START_NOTEBOOK}?token={token}"


def run_child(cmd: list[str], cwd: Path) -> int:
    """Run *cmd* until it exits and return its status (``course lab`` on Windows); Ctrl+C
    reaches the child too, so this waits while it shuts down, and a third terminates it.

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


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to 65535, not {text!r}")
    return int(text)


def add_arguments(parser) -> None:
    """Options of ``python -m course lab``."""
    parser.add_argument("--port", type=_port, default=None,
                        help="port to listen on (default: a free one)")
    parser.add_argument("--no-browser", action="store_true",
                        help="do not open a web browser; just print the URL")


def cli(args) -> int:
    """Run ``python -m course lab``."""
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
