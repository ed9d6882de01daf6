"""``python -m course site``: the course website, built with Sphinx + MyST-NB + a book theme.

This module only stages and starts the build; the site itself is configuration in
``site/`` (``conf.py``, ``config.toml`` for the repository and launch buttons, and the
Markdown templates of the index, glossary and bibliography pages). :func:`build_site`

1. stages a Sphinx source folder in a scratch directory: the index page rendered from the
   syllabus (a notebook that does not exist yet is listed, not linked), the notebooks under
   ``notebooks/`` as in the repository (so launch links name the same file), and the
   glossary and bibliography pages when ``data/glossary.csv`` and ``data/references.bib``
   exist;
2. runs ``sphinx-build`` in a child process whose environment sets the variant
   (``COURSE_INSTRUCTOR``) and a throw-away progress file; MyST-NB executes each notebook
   once, in its folder, with a progress bar;
3. copies the HTML into the output folder and reports each notebook that failed, by name.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .data import data_path, project_root
from .syllabus import LESSONS, Lesson, lesson

__all__ = ["SiteResult", "add_arguments", "build_site", "cli", "site_folder", "stage"]

_OURS = ".buildinfo"  # Sphinx writes it; an output folder with it is a site we may replace


def site_folder() -> Path:
    """The folder of the site's configuration (``site/`` in the repository)."""
    return project_root() / "site"


def _settings() -> dict:
    """``site/config.toml``: the repository and the launch buttons' hubs."""
    return tomllib.loads((site_folder() / "config.toml").read_text(encoding="utf-8"))


@dataclass
class SiteResult:
    """What :func:`build_site` did.

    Attributes
    ----------
    out : Path
        The site folder; ``out / "index.html"`` is the start page.
    pages : dict
        Lesson number -> HTML page, for each notebook that ran to the end.
    failed : dict
        Lesson number -> why it failed (its page shows the outputs up to the error).
    skipped : dict
        Lesson number -> why it was not built (not written yet, not selected).
    warnings : list of str
        Sphinx's warnings, one per line.
    """

    out: Path
    pages: dict[str, Path] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every selected notebook ran to the end."""
        return not self.failed

    @property
    def index(self) -> Path:
        return self.out / "index.html"


# ---------------------------------------------------------------------------------------
# Staging the Sphinx source folder
# ---------------------------------------------------------------------------------------

def _stage_notebook(source: Path, target: Path) -> None:
    """Copy a notebook; code a student would see folded in JupyterLab is folded on the site.

    JupyterLab folds a cell whose metadata says ``jupyter.source_hidden``; MyST-NB folds a
    cell tagged ``hide-input``. The staged copy gets the tag.
    """
    import nbformat

    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"):
            tags = cell.metadata.setdefault("tags", [])
            if "hide-input" not in tags:
                tags.append("hide-input")
    nbformat.write(nb, target)


def _lesson_of(value: str) -> Lesson | None:
    match = re.match(r"\s*(\d{1,2})", value or "")
    if not match:
        return None
    try:
        return lesson(match.group(1).zfill(2))
    except ValueError:
        return None


def _glossary_entries(staged: dict[str, str]) -> list[dict]:
    """The glossary's terms ready for the template (links in MyST Markdown); each keeps the
    anchor the notebooks link to (``glossary.ipynb#Open-weights``)."""
    from . import glossary

    terms = glossary.load()
    entries = []
    for term in terms.values():
        first = _lesson_of(term.first_notebook)
        if first is not None and first.number in staged:
            first_text = f"[{first.number} · {first.title}]({staged[first.number]})"
        else:
            first_text = f"{first.number} · {first.title}" if first else ""
        entries.append({"term": term.term, "definition": term.definition,
                        "anchor": term.anchor, "first": first_text,
                        "see_also": [f"{{term}}`{x}`" if x in terms else x
                                     for x in term.see_also]})
    return entries


def stage(src: Path, selected: Iterable[Lesson], notebooks_dir: Path, *,
          instructor: bool = False, built: str = "") -> dict[str, str]:
    """Write the Sphinx source folder *src*; return {lesson number: staged notebook path}.

    The index lists every lesson of the syllabus; those in *selected* whose notebook exists
    are staged and linked. ``glossary.md`` and ``bibliography.md`` are written when the
    course has ``data/glossary.csv`` and ``data/references.bib``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as scratch:
    ...     staged = stage(Path(scratch), LESSONS[:1], project_root() / "notebooks")
    ...     index = (Path(scratch) / "index.md").read_text(encoding="utf-8")
    >>> staged
    {'00': 'notebooks/00_start_here.ipynb'}
    >>> "[Start here](notebooks/00_start_here.ipynb)" in index, "*(not built in this run)*" in index
    (True, True)
    """
    import jinja2

    templates = jinja2.Environment(loader=jinja2.FileSystemLoader(site_folder() / "templates"),
                                   keep_trailing_newline=True, autoescape=False)
    (src / "notebooks").mkdir(parents=True, exist_ok=True)
    chosen = {item.number for item in selected}
    staged, rows = {}, []
    for item in LESSONS:
        notebook = notebooks_dir / item.filename
        if item.number in chosen and notebook.is_file():
            _stage_notebook(notebook, src / "notebooks" / item.filename)
            staged[item.number] = f"notebooks/{item.filename}"
        status = ("not written yet" if not notebook.is_file() else "not built in this run")
        rows.append({"lesson": item, "page": staged.get(item.number), "status": status})

    reference_pages = []
    glossary = data_path("glossary.csv")
    if glossary.is_file():
        text = templates.get_template("glossary.md").render(
            entries=_glossary_entries(staged))
        (src / "glossary.md").write_text(text, encoding="utf-8")
        reference_pages.append(("glossary.md", "Glossary"))
    bib = data_path("references.bib")  # site/conf.py reads it (sphinxcontrib-bibtex)
    if bib.is_file() and "@" in bib.read_text(encoding="utf-8"):
        (src / "bibliography.md").write_text(
            templates.get_template("bibliography.md").render(), encoding="utf-8")
        reference_pages.append(("bibliography.md", "Bibliography"))

    (src / "index.md").write_text(templates.get_template("index.md").render(
        rows=rows, reference_pages=reference_pages, instructor=instructor, built=built,
        total_minutes=sum(item.minutes for item in LESSONS)), encoding="utf-8")
    return staged


# ---------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------

def _selected(only: Iterable[str] | None) -> list[Lesson]:
    if only is None:
        return list(LESSONS)
    if isinstance(only, str):
        raise TypeError(f"only must be a list of notebook numbers such as ['00', '03']; "
                        f"got the string {only!r}")
    wanted = {lesson(str(n).zfill(2)).number for n in only}  # ValueError names a bad number
    return [item for item in LESSONS if item.number in wanted]


def _check_out(out) -> Path:
    if not isinstance(out, (str, os.PathLike)):
        raise TypeError(f"out must be a folder path; got {out!r}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"out must be a folder; {str(out)!r} is a file")
    if out.is_dir() and any(out.iterdir()) and not (out / _OURS).is_file():
        raise ValueError(f"out must be empty or a site this command built; {str(out)!r} holds "
                         "other files (choose another folder)")
    return out


def _build_env(scratch: Path, instructor: bool, progress: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["COURSE_PROGRESS"] = str(scratch / "progress.sqlite")  # no one's saved answers show
    env.pop("COURSE_INSTRUCTOR", None)
    if instructor:
        env["COURSE_INSTRUCTOR"] = "1"
    env["COURSE_SITE_PROGRESS"] = "1" if progress else "0"
    env.pop("MPLBACKEND", None)  # charts as a student sees them: the inline backend
    # Notebooks run on this Python: its kernelspec comes before any user-level "python3".
    own = str(Path(sys.prefix) / "share" / "jupyter")
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [own, env.get("JUPYTER_PATH")]))
    return env


def _failure(report: dict, staged_path: Path) -> str:
    """'code cell 4 (`ratio = 1 / 0`): ZeroDivisionError: division by zero'."""
    import nbformat

    error = report.get("error") or "the notebook did not run to the end"
    source = (report.get("cell") or "").strip()
    if not source:
        return error
    code = [c for c in nbformat.read(staged_path, as_version=4).cells if c.cell_type == "code"]
    number = next((i for i, c in enumerate(code, 1) if c.source.strip() == source), None)
    first = source.splitlines()[0]
    where = f"code cell {number}" if number else "a cell"
    return f"{where} (`{first[:60]}{'…' if len(first) > 60 else ''}`): {error}"


def build_site(out: str | os.PathLike, *, instructor: bool = False,
               only: Iterable[str] | None = None, notebooks_dir: str | os.PathLike | None = None,
               timeout: int = 600, progress: bool = True) -> SiteResult:
    """Execute the course's notebooks and build the website into *out*.

    Parameters
    ----------
    out : path-like
        The folder to write: new, empty, or a site this command built before (replaced).
    instructor : bool
        Build the instructor variant: solutions shown, a banner on every page.
    only : iterable of str, optional
        Lesson numbers to build (e.g. ``["00", "03"]``); all by default.
    notebooks_dir : path-like, optional
        Where the notebooks are; ``notebooks/`` of the course by default.
    timeout : int
        Seconds one cell may take.
    progress : bool
        Show a progress bar (on standard output) while the notebooks run.

    Returns
    -------
    SiteResult
    """
    out = _check_out(out)
    if not (site_folder() / "conf.py").is_file():
        raise ValueError(f"the website's configuration was not found in {site_folder()}; "
                         "build the site from a clone of the course repository")
    if not isinstance(timeout, int) or isinstance(timeout, bool) or timeout <= 0:
        raise ValueError(f"timeout must be a positive whole number of seconds; got {timeout!r}")
    folder = Path(notebooks_dir) if notebooks_dir is not None else project_root() / "notebooks"
    if not folder.is_dir():
        raise ValueError(f"notebooks_dir must be a folder of notebooks; {str(folder)!r} is not")
    selected = _selected(only)
    result = SiteResult(out=out)
    for item in LESSONS:
        if not (folder / item.filename).is_file():
            if only is not None and item in selected:
                raise ValueError(f"there is no notebook {folder / item.filename}")
            result.skipped[item.number] = f"not written yet ({item.filename})"
        elif item not in selected:
            result.skipped[item.number] = "not selected with --only"

    with tempfile.TemporaryDirectory(prefix="course-site-") as scratch:
        scratch = Path(scratch)
        src, html = scratch / "src", scratch / "html"
        staged = stage(src, selected, folder, instructor=instructor,
                       built=dt.date.today().isoformat())
        warnings = scratch / "warnings.txt"
        command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(site_folder()),
                   "-d", str(scratch / "doctrees"), "-w", str(warnings),
                   "-D", f"nb_execution_timeout={timeout}", str(src), str(html)]
        # The progress bar goes to standard output; Sphinx's messages are collected.
        run = subprocess.run(command, env=_build_env(scratch, instructor, progress), text=True,
                             stdout=None if progress else subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        if warnings.is_file():
            result.warnings = [line.replace(f"{src}{os.sep}", "") for line in
                               warnings.read_text(encoding="utf-8").splitlines() if line.strip()]
        if run.returncode != 0:
            raise RuntimeError(f"sphinx-build stopped (exit status {run.returncode}): "
                               f"{run.stderr.strip()}")
        report_file = scratch / "doctrees" / "course-execution.json"
        report = json.loads(report_file.read_text(encoding="utf-8"))
        for number, path in staged.items():
            docname = path.removesuffix(".ipynb")
            entry = report.get(docname, {"succeeded": False, "error": "it was not executed"})
            if entry["succeeded"]:
                result.pages[number] = out / f"{docname}.html"
            else:
                result.failed[number] = _failure(entry, src / path)
        if out.exists():
            shutil.rmtree(out)
        # MyST-NB's reports/ holds tracebacks of failed notebooks: not for publishing
        shutil.copytree(html, out, ignore=shutil.ignore_patterns("reports"))
    return result


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------

def add_arguments(parser) -> None:
    parser.add_argument("--out", default="_site", metavar="DIR",
                        help="folder to write the site into (default: _site)")
    parser.add_argument("--instructor", action="store_true",
                        help="build the instructor variant: solutions shown, a banner on "
                             "every page")
    parser.add_argument("--only", nargs="+", metavar="NN",
                        help="build only these notebooks, e.g. --only 00 03")
    parser.add_argument("--notebooks", metavar="DIR", default=None,
                        help="where the notebooks are (default: the course's notebooks/)")
    parser.add_argument("--timeout", type=int, default=600, metavar="SECONDS",
                        help="seconds one notebook cell may take (default: 600)")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def cli(args) -> int:
    try:
        result = build_site(args.out, instructor=args.instructor, only=args.only,
                            notebooks_dir=args.notebooks, timeout=args.timeout,
                            progress=not args.no_progress)
    except (ValueError, TypeError, OSError, RuntimeError) as error:
        print(f"course site: {error}", file=sys.stderr)
        return 2
    missing = [n for n, why in result.skipped.items() if why.startswith("not written yet")]
    if missing:
        print(f"Not written yet, listed on the index without a page: {', '.join(missing)}.")
    if result.warnings:
        print(f"Sphinx warned {len(result.warnings)} time(s):", *result.warnings, sep="\n  ",
              file=sys.stderr)
    for number, message in result.failed.items():
        print(f"FAILED {lesson(number).filename}: {message}", file=sys.stderr)
    repository = _settings()["repository"]
    if "OWNER/REPO" in repository:
        print(f"Note: the launch and repository buttons point at {repository}; set "
              f"`repository` in {site_folder() / 'config.toml'} to the course's repository.")
    where = result.index.resolve()
    variant = "instructor" if args.instructor else "student"
    print(f"Wrote the {variant} site ({len(result.pages)} notebook page(s)) in {where.parent}")
    print(f"Open it in a web browser: {where.as_uri()}")
    if result.failed:
        print(f"{len(result.failed)} notebook(s) failed to run; their pages show the outputs "
              "up to the error.", file=sys.stderr)
        return 1
    return 0
