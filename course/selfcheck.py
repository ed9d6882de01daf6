"""``python -m course check``: is this environment ready for the course?

Each check returns ``(ok, message)``; the command prints them and exits non-zero on a problem.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from .data import project_root

__all__ = ["add_arguments", "check_data", "check_notebooks", "check_pins",
           "check_progress_location", "check_python", "check_widgets", "cli", "read_pins",
           "run_checks"]

Result = tuple[bool, str]


def read_pins(path: Path, section: str = "runtime") -> list[str]:
    """The lines (``name==version``, perhaps with a marker) of one section of constraints.txt.

    Examples
    --------
    >>> pins = read_pins(project_root() / "constraints.txt", "nbval")
    >>> any(line.startswith("pytest==") for line in pins)
    True
    """
    found = re.search(rf"^# --- {section} ---$(.*?)(?=^# ---|\Z)",
                      path.read_text(encoding="utf-8"), re.M | re.S)
    lines = found.group(1).splitlines() if found else []
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


# The Pythons the pins are checked on (tools/lock.py; tests/test_environment.py checks that
# pyproject.toml, the Makefile, README and environment.yml say the same).
PYTHON_MIN = (3, 11, 5)
PYTHON_MAX = (3, 14)


def check_python(version: tuple[int, ...] | None = None) -> Result:
    """Python must be ``PYTHON_MIN`` to ``PYTHON_MAX``, the versions the pins are checked on.

    Examples
    --------
    >>> check_python((3, 11, 4))[0], check_python((3, 13, 1))
    (False, (True, 'Python 3.13.1'))
    """
    version = tuple(version or sys.version_info[:3])
    found, oldest, newest = (".".join(map(str, v)) for v in (version, PYTHON_MIN, PYTHON_MAX))
    supported = f"{oldest} to {newest}"
    if version < PYTHON_MIN:
        return False, (f"Python {found} is too old; the course needs Python {supported}. "
                       "Install one of those and run `make lab` again.")
    if version[:2] > PYTHON_MAX:
        return False, (f"Python {found} is newer than the course has been checked with "
                       f"(Python {supported}); if a package fails to install or import, "
                       f"install Python {newest} and run `make lab` again.")
    return True, f"Python {found}"


def check_pins() -> Result:
    """Every runtime package must be installed at its pinned version."""
    from importlib import metadata  # 10 ms: only when the check runs

    path = project_root() / "constraints.txt"
    if not path.is_file():
        return True, "package pins: constraints.txt not found here, versions not compared"
    pins = dict(line.split("==") for line in read_pins(path))
    wrong = []
    for name, version in pins.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "missing"
        if installed != version:
            wrong.append(f"{name} {installed} (want {version})")
    if wrong:
        shown = "; ".join(wrong[:5]) + (f"; and {len(wrong) - 5} more" if len(wrong) > 5 else "")
        return False, f"packages differ from the pins: {shown}. Run `make clean lab` to rebuild."
    return True, f"{len(pins)} packages match constraints.txt"


def check_widgets() -> Result:
    """The ipywidgets front-end extension must be installed for JupyterLab."""
    from jupyter_core.paths import jupyter_path

    for base in jupyter_path("labextensions"):
        if (Path(base) / "@jupyter-widgets" / "jupyterlab-manager" / "package.json").is_file():
            return True, "widgets front-end (@jupyter-widgets/jupyterlab-manager) installed"
    return False, ("the widgets front-end is missing, so exercises and explorers will not "
                   "display; install the pinned jupyterlab_widgets (`make clean lab`).")


def check_data() -> Result:
    """Every data table, the articles and the exercise bank must load and validate."""
    from . import articles, exercises, tables

    try:
        counts = [f"{len(tables.load_table(name))} {name}" for name in tables.table_names()]
        articles.load_articles()
        counts.append(f"{len(exercises.bank())} exercises")
    except (ValueError, OSError) as exc:
        return False, f"data: {exc}"
    return True, "data valid: " + ", ".join(counts)


def check_progress_location() -> Result:
    """The progress file's folder must be writable, or progress is kept in memory only."""
    from .progress import default_path

    path = default_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".course-check-"):
            pass
    except OSError as exc:
        return False, (f"progress cannot be saved in {path.parent} ({exc.strerror}); set "
                       "COURSE_PROGRESS to a writable file path.")
    return True, f"progress is saved to {path}"


def check_notebooks() -> Result:
    """Every notebook of the syllabus must be present."""
    from .syllabus import LESSONS

    folder = project_root() / "notebooks"
    if missing := [x.filename for x in LESSONS if not (folder / x.filename).is_file()]:
        return False, f"notebooks missing from {folder}: {', '.join(missing)}"
    return True, f"all {len(LESSONS)} notebooks present"


def run_checks() -> list[Result]:
    """Run every check; a check that crashes is reported as a problem, not raised."""
    results = []
    for check in (check_python, check_pins, check_widgets, check_data, check_progress_location,
                  check_notebooks):
        try:
            results.append(check())
        except Exception as exc:  # noqa: BLE001 - a self-check must report, not crash
            results.append((False, f"{check.__name__} failed unexpectedly: {exc!r}"))
    return results


def add_arguments(parser) -> None:
    """``check`` takes no options."""


def cli(args) -> int:
    """Print every check's result; 1 when any found a problem."""
    results = run_checks()
    for ok, message in results:
        print(f"{'OK     ' if ok else 'PROBLEM'}  {message}")
    problems = sum(1 for ok, _ in results if not ok)
    print("\nAll checks passed." if not problems else f"\n{problems} problem(s) found.")
    return 1 if problems else 0
