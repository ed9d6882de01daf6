"""The course's performance benchmark: ``make bench`` (or ``python bench/run.py``).

Prints one Markdown table, from one run, with the goals next to each figure:

- each notebook's execution time (nbclient, a fresh kernel, median of ``--runs``) as a
  ratio to a *floor* notebook that only imports pandas, matplotlib, ipywidgets and
  ``course``, draws one chart and shows one widget (goal: at most 2x);
- the import time of ``course`` on top of the bare imports (``import pandas, matplotlib,
  ipywidgets``), each in a fresh interpreter, median of ``--import-runs`` (goal: at most
  1.15x); once for ``import course`` and once with every public name loaded;
- explorer update latency: every explorer in ``course.explorers``, one control changed
  at a time through its public ``.controls``, ``--updates`` times (goal: p95 < 150 ms);
- exercise feedback latency: ``course.exercise(id).submit(answer)`` with a temporary
  progress file, so the durable write is included (goal: p95 < 50 ms).

The two latencies are measured inside a real kernel (a generated notebook run by
nbclient), so widget state really goes over the kernel's messaging, as in JupyterLab.
A piece of the course that does not exist yet gets a "not available yet" row.
Nothing is written outside a temporary folder except the table (and its numbers as
JSON) in ``bench/results/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "tests"))  # the browser tests' answer oracle (see feedback)

GOAL_NOTEBOOK_RATIO = 2.0
GOAL_IMPORT_RATIO = 1.15
GOAL_EXPLORER_P95_MS = 150.0
GOAL_FEEDBACK_P95_MS = 50.0
NOT_YET = "not available yet"

BARE_IMPORTS = "import pandas, matplotlib, ipywidgets"
IMPORT_VARIANTS = {
    "bare": BARE_IMPORTS,
    "course": f"{BARE_IMPORTS}; import course",
    "everything": (f"{BARE_IMPORTS}; import course; "
                   "[getattr(course, name) for name in course.__all__]"),
}

FLOOR_CELLS = (
    "import pandas as pd\nimport matplotlib.pyplot as plt\nimport ipywidgets as widgets\n"
    "import course",
    "table = pd.DataFrame({'x': range(10), 'y': [x * x for x in range(10)]})\n"
    "fig, ax = plt.subplots(figsize=(6, 3.5))\nax.plot(table['x'], table['y'])\n"
    "ax.set(title='Floor', xlabel='x', ylabel='y')\nplt.show()",
    "widgets.IntSlider(value=3, min=0, max=10, description='Floor')",
)

# Run inside a kernel: change each explorer's controls one at a time, timing each change
# (the explorer recomputes, redraws and re-encodes its chart synchronously).
EXPLORER_PROBE = r'''
import datetime, json, time
import ipywidgets
from IPython.display import display
from course import explorers

def next_value(control, default, k):
    # A value to move to: near the default, inside the control's range, and for a
    # drop-down the next of the options it offers now (some depend on other controls).
    if isinstance(control, ipywidgets.Dropdown):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return values[(values.index(control.value) + 1) % len(values)] if values else None
    if isinstance(default, bool):
        return not control.value
    if isinstance(default, datetime.date):
        return default - datetime.timedelta(days=(400, 800, 30, 0)[k % 4])
    if isinstance(control, ipywidgets.Text):
        example = (control.placeholder or "").removeprefix("e.g.").strip()
        return example if control.value != example else default
    step = control.step or 1
    value = default + (1, 2, -1, -2, 3, 0)[k % 6] * step
    return min(max(value, control.min), control.max)

results = {}
for name in explorers.NAMES:
    factory = getattr(explorers, name)
    try:
        explorer = factory()
        display(explorer)
        controls = [(c, c.value) for c in explorer.controls.values()]
        times = []
        for k in range(UPDATES):
            control, default = controls[k % len(controls)]
            value = next_value(control, default, k // len(controls))
            if value is None or value == control.value:
                continue
            start = time.perf_counter()
            control.value = value
            times.append(time.perf_counter() - start)
        explorer.reset()
        results[name] = {"seconds": times}
    except Exception as error:
        results[name] = {"error": f"{type(error).__name__}: {error}"[:120]}
print("RESULTS" + json.dumps(results))
'''

# Run inside a kernel with a temporary COURSE_PROGRESS: submit wrong and right answers
# in turn (an identical answer twice in a row would not be counted), timing submit().
FEEDBACK_PROBE = r'''
import json, time
import course
plan = json.loads(PLAN)
times, kinds = [], {}
for round_ in range(ROUNDS):
    for exercise_id, answers in plan.items():
        widget = course.exercise(exercise_id)
        for answer in answers:
            start = time.perf_counter()
            widget.submit(answer)
            elapsed = time.perf_counter() - start
            times.append(elapsed)
            kinds.setdefault(course.exercises.bank()[exercise_id]["kind"], []).append(elapsed)
print("RESULTS" + json.dumps({"seconds": times, "by_kind": kinds}))
'''


# ---------------------------------------------------------------------------- statistics

def percentile(values: list[float], q: float) -> float:
    """The *q*-th percentile (0-100) by linear interpolation between closest ranks.

    Examples
    --------
    >>> percentile([1, 2, 3, 4, 5], 50), percentile([1, 2, 3, 4, 5], 95)
    (3.0, 4.8)
    >>> percentile([7], 95)
    7.0
    """
    if not values:
        raise ValueError("percentile() needs at least one value")
    if not 0 <= q <= 100:
        raise ValueError(f"q must be between 0 and 100; got {q!r}")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (position - low))


def cell_seconds(nb) -> list[tuple[int, float]]:
    """``(cell number, seconds)`` for each executed code cell, from nbclient's timing.

    Examples
    --------
    >>> cell = nbformat.v4.new_code_cell("1")
    >>> cell.metadata["execution"] = {"iopub.execute_input": "2025-01-01T00:00:00.000Z",
    ...                               "shell.execute_reply": "2025-01-01T00:00:01.500Z"}
    >>> cell_seconds(nbformat.v4.new_notebook(cells=[cell]))
    [(1, 1.5)]
    """
    found = []
    for number, cell in enumerate(nb.cells, start=1):
        timing = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
            start, end = (dt.datetime.fromisoformat(timing[key].replace("Z", "+00:00"))
                          for key in ("iopub.execute_input", "shell.execute_reply"))
            found.append((number, (end - start).total_seconds()))
    return found


def verdict(ok: bool | None) -> str:
    """The "met" column: yes, **no** (bold, so a miss stands out) or a dash.

    Examples
    --------
    >>> verdict(True), verdict(False), verdict(None)
    ('yes', '**no**', '–')
    """
    return "–" if ok is None else ("yes" if ok else "**no**")


def table(rows: list[tuple[str, str, str, str]]) -> str:
    """A Markdown table of ``(measure, result, goal, met)`` rows.

    Examples
    --------
    >>> print(table([("import", "1.02x", "<= 1.15x", "yes")]))
    | measure | result | goal | met |
    |---|---|---|---|
    | import | 1.02x | <= 1.15x | yes |
    """
    lines = ["| measure | result | goal | met |", "|---|---|---|---|"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------------------- measuring

class Bench:
    """One benchmark run: a scratch folder, a progress file, the environment for kernels."""

    def __init__(self, args):
        self.args = args
        self.scratch = Path(tempfile.mkdtemp(prefix="course-bench-"))
        # The kernels' environment: a throw-away progress file, the kernel's own inline
        # charts (no MPLBACKEND), no instructor mode.
        self.kernel_env = {k: v for k, v in os.environ.items()
                           if k not in ("MPLBACKEND", "COURSE_INSTRUCTOR")}
        self.kernel_env["COURSE_PROGRESS"] = str(self.scratch / "progress.json")
        self.numbers: dict = {}

    def close(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)

    def execute(self, nb, name: str) -> tuple[float, nbformat.NotebookNode]:
        """Run *nb* in a fresh kernel with its folder in the scratch space; return the
        wall time (kernel start to shutdown) and the executed notebook."""
        folder = self.scratch / "run" / name
        folder.mkdir(parents=True, exist_ok=True)
        client = NotebookClient(nb, timeout=self.args.timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(folder)}})
        start = time.perf_counter()
        client.execute(env=self.kernel_env)
        return time.perf_counter() - start, nb

    def notebooks(self) -> list[tuple[str, str, str, str]]:
        paths = sorted((ROOT / "notebooks").glob("*.ipynb"))
        floor = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)
                                                for source in FLOOR_CELLS])
        floor.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}
        subjects = [("floor", floor)] + [(p.stem, nbformat.read(p, as_version=4))
                                         for p in paths]
        times: dict[str, list[float]] = {name: [] for name, _ in subjects}
        cells: dict[str, list[tuple[int, float]]] = {}
        errors: dict[str, str] = {}
        for run in range(self.args.runs):  # interleaved, so drift hits every notebook
            for name, nb in subjects:
                if name in errors:
                    continue
                progress(f"notebook run {run + 1}/{self.args.runs}: {name}")
                try:
                    seconds, done = self.execute(nbformat.from_dict(nb), name)
                    times[name].append(seconds)
                    cells[name] = cell_seconds(done)
                except Exception as error:  # noqa: BLE001 - reported in the table
                    errors[name] = f"{type(error).__name__}: {str(error).splitlines()[0][:80]}"
        self.numbers["notebooks"] = {"seconds": times, "errors": errors,
                                     "cells_last_run": cells}
        if "floor" in errors:
            return [("floor notebook", f"failed: {errors['floor']}", "–", "–")]
        base = statistics.median(times["floor"])
        rows = [("floor notebook (imports, one chart, one widget)", f"{base:.2f} s", "–", "–")]
        if not paths:
            rows.append(("course notebooks", NOT_YET, f"≤ {GOAL_NOTEBOOK_RATIO:g}× floor", "–"))
        for path in paths:
            name = path.stem
            if name in errors:
                rows.append((f"notebook {name}", f"failed: {errors[name]}",
                             f"≤ {GOAL_NOTEBOOK_RATIO:g}× floor", verdict(False)))
                continue
            median = statistics.median(times[name])
            ratio = median / base
            result = f"{median:.2f} s = {ratio:.2f}× floor"
            if ratio > GOAL_NOTEBOOK_RATIO and cells.get(name):  # where the time goes
                number, seconds = max(cells[name], key=lambda item: item[1])
                result += f" (slowest: cell {number}, {seconds:.2f} s)"
            rows.append((f"notebook {name}", result, f"≤ {GOAL_NOTEBOOK_RATIO:g}× floor",
                         verdict(ratio <= GOAL_NOTEBOOK_RATIO)))
        return rows

    def imports(self) -> list[tuple[str, str, str, str]]:
        code = ("import time; start = time.perf_counter(); {}; "
                "print(time.perf_counter() - start)")
        times: dict[str, list[float]] = {name: [] for name in IMPORT_VARIANTS}
        failures: dict[str, str] = {}
        for run in range(self.args.import_runs):
            progress(f"imports, fresh interpreters: round {run + 1}/{self.args.import_runs}")
            for name, statement in IMPORT_VARIANTS.items():
                done = subprocess.run([sys.executable, "-c", code.format(statement)],
                                      capture_output=True, text=True, cwd=self.scratch)
                if done.returncode:
                    failures[name] = done.stderr.strip().splitlines()[-1][:100]
                else:
                    times[name].append(float(done.stdout.strip().splitlines()[-1]))
        self.numbers["imports"] = {"seconds": times, "errors": failures}
        if "bare" in failures:
            return [("bare imports", f"failed: {failures['bare']}", "–", "–")]
        bare = statistics.median(times["bare"])
        rows = [(f"`{BARE_IMPORTS}` (fresh interpreter)", f"{bare * 1000:.0f} ms", "–", "–")]
        labels = {"course": "… + `import course`",
                  "everything": "… + `import course` and every name in `course.__all__`"}
        for name, label in labels.items():
            if name in failures:
                rows.append((label, f"failed: {failures[name]}", "", verdict(False)))
                continue
            median = statistics.median(times[name])
            ratio = median / bare
            rows.append((label, f"{median * 1000:.0f} ms = {ratio:.2f}× bare",
                         f"≤ {GOAL_IMPORT_RATIO:g}×", verdict(ratio <= GOAL_IMPORT_RATIO)))
        return rows

    def probe(self, name: str, code: str) -> dict:
        """Run *code* in a fresh kernel; return the JSON it prints after ``RESULTS``."""
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        try:
            _, done = self.execute(nb, name)
        except CellExecutionError as error:
            raise RuntimeError(f"the {name} probe failed: "
                               f"{error.ename}: {error.evalue}"[:160]) from None
        for output in done.cells[0].outputs:
            text = output.get("text", "")
            if output.get("name") == "stdout" and "RESULTS" in text:
                return json.loads(text.split("RESULTS", 1)[1])
        raise RuntimeError(f"the {name} probe printed no results")

    def explorers(self) -> list[tuple[str, str, str, str]]:
        goal = f"p95 < {GOAL_EXPLORER_P95_MS:g} ms"
        try:
            from course import explorers
        except ImportError:
            return [("explorer update", NOT_YET, goal, "–")]
        if not any(callable(getattr(explorers, n)) for n in getattr(explorers, "__all__", [])):
            return [("explorer update", NOT_YET, goal, "–")]
        progress(f"explorers: {self.args.updates} updates each, in a kernel")
        try:
            found = self.probe("explorers", f"UPDATES = {self.args.updates}\n" + EXPLORER_PROBE)
        except RuntimeError as error:
            return [("explorer update", f"failed: {error}", goal, verdict(False))]
        self.numbers["explorers"] = found
        rows = []
        for name, result in found.items():
            if "error" in result or not result["seconds"]:
                rows.append((f"explorer `{name}()` update", f"failed: "
                             f"{result.get('error', 'no control changed')}", goal,
                             verdict(False)))
                continue
            ms = [s * 1000 for s in result["seconds"]]
            p95 = percentile(ms, 95)
            rows.append((f"explorer `{name}()` update ({len(ms)} changes)",
                         f"median {percentile(ms, 50):.0f} ms, p95 {p95:.0f} ms", goal,
                         verdict(p95 < GOAL_EXPLORER_P95_MS)))
        return rows

    def feedback(self) -> list[tuple[str, str, str, str]]:
        goal = f"p95 < {GOAL_FEEDBACK_P95_MS:g} ms"
        try:
            from browser.exercises import answers  # the oracle the browser tests use

            from course.exercises import bank

            exercises = bank()
        except (ImportError, AttributeError):
            return [("exercise feedback", NOT_YET, goal, "–")]
        if not exercises:
            return [("exercise feedback", NOT_YET, goal, "–")]
        plan = {}
        for exercise_id, spec in exercises.items():
            wrong, right = answers(spec)
            plan[exercise_id] = [wrong, right] if wrong is not None else [right, right + " ."]
        progress(f"exercise feedback: {len(plan)} exercises x {self.args.rounds} rounds")
        try:
            found = self.probe("feedback", f"PLAN = {json.dumps(json.dumps(plan))}\n"
                                           f"ROUNDS = {self.args.rounds}\n" + FEEDBACK_PROBE)
        except RuntimeError as error:
            return [("exercise feedback", f"failed: {error}", goal, verdict(False))]
        self.numbers["feedback"] = found
        ms = [s * 1000 for s in found["seconds"]]
        p95 = percentile(ms, 95)
        slowest = max(found["by_kind"].items(),
                      key=lambda item: percentile(item[1], 95))[0]
        return [(f"exercise feedback, `submit()` with a durable write ({len(ms)} answers, "
                 f"{len(plan)} exercises; slowest kind: {slowest})",
                 f"median {percentile(ms, 50):.1f} ms, p95 {p95:.1f} ms", goal,
                 verdict(p95 < GOAL_FEEDBACK_P95_MS))]


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3,
                        help="executions of each notebook (median; default 3)")
    parser.add_argument("--import-runs", type=int, default=21,
                        help="fresh interpreters per import variant (median; default 21)")
    parser.add_argument("--updates", type=int, default=60,
                        help="control changes per explorer (default 60)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of wrong+right answers per exercise (default 3)")
    parser.add_argument("--only", nargs="+",
                        choices=["notebooks", "imports", "explorers", "feedback"],
                        help="measure only these parts")
    parser.add_argument("--timeout", type=int, default=600,
                        help="seconds one cell may run before nbclient gives up")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.md",
                        help="where to write the table (default bench/results/latest.md)")
    args = parser.parse_args(argv)
    for name in ("runs", "import_runs", "updates", "rounds"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    parts = args.only or ["notebooks", "imports", "explorers", "feedback"]
    bench = Bench(args)
    started = time.perf_counter()
    rows: list[tuple[str, str, str, str]] = []
    try:
        for part in parts:
            rows += getattr(bench, part)()
    finally:
        bench.close()
    header = (f"Benchmark of {dt.date.today().isoformat()}: {platform.machine()}, "
              f"{os.cpu_count()} cores, Python {platform.python_version()}; notebooks "
              f"median of {args.runs} runs, imports median of {args.import_runs}; "
              f"{time.perf_counter() - started:.0f} s in all.")
    text = f"{header}\n\n{table(rows)}\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(bench.numbers, indent=1),
                                             encoding="utf-8")
    progress(f"table written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
