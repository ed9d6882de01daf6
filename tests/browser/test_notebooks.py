"""Every notebook, the way a student meets it: JupyterLab in Chromium, mouse and keyboard.

For each notebook (in syllabus order) the page is opened once, the kernel restarted
and every cell run from the Kernel menu; the tests below then read and operate that
page. Screenshots go to ``test-artifacts/browser/``: one of the whole notebook after the
run, and one for every failing test (under ``failures/``).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

import pytest

from .accessibility import (
    IPYWIDGETS_UNNAMED,
    axe_findings,
    describe_violation,
    images_without_alt,
    sliders_without_description,
    unnamed_controls,
)
from .conftest import ARTIFACTS, ROOT
from .exercises import ExerciseDriver, answers, exercise_ids
from .explorers import ExplorerDriver
from .notebook import CONTENT, NOTEBOOK, CellState, NotebookPage, output_problems

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb"))


@dataclass
class Visit:
    """One notebook open in the session's tab, after a restart-and-run-all."""

    name: str
    tab: NotebookPage
    cells: list[CellState]
    page_errors: list[str]
    accessibility: list[str]  # findings of the accessibility checks, right after the run
    errors_seen: int = 0  # page errors already reported
    answered: dict = field(default_factory=dict)  # exercise id -> the last answer given

    @property
    def stem(self) -> str:
        return self.name.removesuffix(".ipynb")


@pytest.fixture(scope="session")
def bank() -> dict:
    """The exercise bank, read in the test process: the oracle for right and wrong."""
    from course.exercises import bank

    return bank()


@pytest.fixture(scope="module", params=NOTEBOOKS)
def visit(request, lab_page, lab_server):
    name = request.param
    lab_page.open(name)
    errors_before = len(lab_page.page_errors)
    cells = lab_page.restart_and_run_all()
    with lab_page.full_height():
        lab_page.screenshot(ARTIFACTS / f"{name.removesuffix('.ipynb')}.png")
        findings = accessibility_findings(lab_page.page)
    yield Visit(name, lab_page, cells, lab_page.page_errors[errors_before:], findings,
                errors_seen=len(lab_page.page_errors))
    try:
        lab_page.close()
    except Exception as error:  # noqa: BLE001 - the next notebook then opens by address
        warnings.warn(f"could not close {name} in JupyterLab: {error}", stacklevel=1)
    lab_server.shutdown_kernels()


@pytest.fixture(autouse=True)
def screenshot_on_failure(request, visit):
    yield
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        safe = re.sub(r"[^\w.-]+", "_", request.node.name)
        visit.tab.screenshot(ARTIFACTS / "failures" / f"{safe}.png")


def code_calls(visit: Visit, pattern: str) -> list[str]:
    """Every match of *pattern*'s first group in the notebook's code cells."""
    found = []
    for cell in visit.cells:
        if cell.kind == "code":
            found += re.findall(pattern, cell.source)
    return found


def page_state_problems(visit: Visit) -> list[str]:
    """Errors in the outputs now, and JavaScript errors since the notebook ran."""
    problems = visit.tab.problems()
    errors = visit.tab.page_errors[visit.errors_seen:]
    visit.errors_seen = len(visit.tab.page_errors)
    return problems + [f"JavaScript error in the page: {error}" for error in errors]


def test_runs_top_to_bottom_without_errors(visit):
    problems = output_problems(visit.cells)
    problems += [f"JavaScript error in the page: {error}" for error in visit.page_errors]
    assert not problems, f"{visit.name}:\n" + "\n".join(problems)


def accessibility_findings(page) -> list[str]:
    """axe-core's serious and critical findings over the outputs and rendered Markdown,
    images without alt text, controls without a name, sliders without a description."""
    report = [describe_violation(v)
              for v in axe_findings(page, CONTENT, exclude=IPYWIDGETS_UNNAMED)]
    report += [f"image without alt text: {html}" for html in images_without_alt(page, CONTENT)]
    report += [f"control without an accessible name: {html}"
               for html in unnamed_controls(page, CONTENT, exclude=IPYWIDGETS_UNNAMED)]
    report += [f"slider without a visible description: {html}"
               for html in sliders_without_description(page, CONTENT)]
    return report


def test_outputs_and_text_are_accessible(visit):
    # The checks ran on the whole notebook right after the run (see the visit fixture).
    assert not visit.accessibility, f"{visit.name}:\n" + "\n".join(visit.accessibility)


def test_explorers_respond_to_the_keyboard(visit):
    page = visit.tab.page
    roots = page.locator(f"{NOTEBOOK} .course-explorer")
    expected = code_calls(visit, r"\bexplorers\.(\w+)\(")
    if not expected and roots.count() == 0:
        pytest.skip(f"{visit.name} has no explorer")
    problems = []
    if roots.count() < len(expected):
        problems.append(f"the code calls {len(expected)} explorer(s) ({', '.join(expected)})"
                        f" but the page shows {roots.count()}")
    for index in range(roots.count()):
        problems += ExplorerDriver(page, roots.nth(index)).check()
    problems += page_state_problems(visit)
    assert not problems, f"{visit.name}:\n" + "\n".join(problems)


def exercises_on_page(visit: Visit, bank: dict) -> tuple[dict, list[str]]:
    """``{exercise id: root locator}`` for the exercise widgets shown, and the problems
    (an id the code uses but the page does not show, a widget with an unknown id)."""
    page, known = visit.tab.page, exercise_ids(bank)
    roots = page.locator(f"{NOTEBOOK} .course-exercise")
    shown, problems = {}, []
    for index in range(roots.count()):
        classes = (roots.nth(index).get_attribute("class") or "").split()
        marks = [c.removeprefix("course-exercise-id-") for c in classes
                 if c.startswith("course-exercise-id-")]
        if not marks or marks[0] not in known:
            problems.append(f"an exercise widget with no known id: classes {classes}")
            continue
        exercise_id = known[marks[0]]
        shown[exercise_id] = page.locator(f"{NOTEBOOK} .course-exercise-id-{marks[0]}").first
    for exercise_id in code_calls(visit, r"\bexercise\(\s*[\"']([^\"']+)[\"']"):
        if exercise_id not in shown:
            problems.append(f"the code shows exercise {exercise_id!r} but the page has no "
                            "widget for it")
    return shown, problems


def test_exercises_answered_wrong_then_right(visit, lab_server, bank):
    shown, problems = exercises_on_page(visit, bank)
    if not shown and not problems:
        pytest.skip(f"{visit.name} has no exercise")
    # One exercise of each kind on the page, the first of its kind.
    chosen = {}
    for exercise_id in shown:
        chosen.setdefault(bank[exercise_id]["kind"], exercise_id)
    for exercise_id in chosen.values():
        spec = bank[exercise_id]
        driver = ExerciseDriver(visit.tab.page, shown[exercise_id], spec)
        problems += driver.answer_wrong_then_right(
            lambda i=exercise_id: lab_server.progress().get("attempts", {}).get(i, []))
        visit.answered[exercise_id] = answers(spec)[1]
    problems += page_state_problems(visit)
    assert not problems, f"{visit.name}:\n" + "\n".join(problems)


def test_exercises_rebuilt_from_saved_progress_after_reload(visit, lab_server, bank):
    if not visit.answered:
        pytest.skip(f"no exercise was answered in {visit.name}")
    saved = lab_server.progress()
    visit.tab.reload()
    visit.tab.restart_and_run_all()
    problems = page_state_problems(visit)
    shown, missing = exercises_on_page(visit, bank)
    problems += missing
    for exercise_id, answer in visit.answered.items():
        if exercise_id in shown:
            driver = ExerciseDriver(visit.tab.page, shown[exercise_id], bank[exercise_id])
            problems += driver.restored(answer)
    if lab_server.progress() != saved:
        problems.append("re-running the notebook changed the progress file (rebuilding a "
                        "widget must not record anything)")
    assert not problems, f"{visit.name}:\n" + "\n".join(problems)


_FOLDS_JS = """
(selector) => {
  const cells = Array.from(document.querySelectorAll(selector + ' .jp-Cell'));
  const hidden = cell => cell.classList.contains('lm-mod-hidden');
  const level = cell => {
    const button = cell.querySelector('.jp-collapseHeadingButton');
    return button ? Number(button.getAttribute('data-heading-level')) : 0;
  };
  return cells.flatMap((cell, i) => {
    const depth = level(cell);
    const heading = depth && cell.querySelector('.jp-MarkdownOutput h' + depth);
    const title = heading ? heading.textContent.replace(/¶$/, '').trim() : '';
    if (!title.startsWith('Optional')) return [];
    let end = i + 1;
    while (end < cells.length && !(level(cells[end]) && level(cells[end]) <= depth)) end++;
    const button = cell.querySelector('.jp-collapseHeadingButton');
    return [{
      title,
      folded: button.classList.contains('jp-mod-collapsed'),
      headingShown: !hidden(cell),
      inside: end - i - 1,
      shownInside: cells.slice(i + 1, end).filter(c => !hidden(c)).length,
      nextShown: end === cells.length || !hidden(cells[end]),
    }];
  });
}
"""


def test_optional_sections_stay_folded_after_run_all(visit):
    """An "Optional: ..." section shows only its heading cell (with its skip-this line) after
    the notebook has been opened and run, and the section after it is shown."""
    folds = visit.tab.page.evaluate(_FOLDS_JS, NOTEBOOK)
    written = [c for c in visit.cells if c.kind == "markdown"
               and re.search(r"^#+ Optional", c.source, re.M)]
    if not written:
        pytest.skip(f"{visit.name} has no optional section")
    assert len(folds) == len(written), f"{visit.name}: the page shows {len(folds)} optional " \
                                       f"heading(s), the notebook has {len(written)}"
    problems = [f"'{f['title']}': folded {f['folded']}, heading shown {f['headingShown']}, "
                f"{f['shownInside']} of {f['inside']} cells inside shown, next section shown "
                f"{f['nextShown']}" for f in folds
                if not (f["folded"] and f["headingShown"] and f["inside"] and not f["shownInside"]
                        and f["nextShown"])]
    assert not problems, f"{visit.name}:\n" + "\n".join(problems)
