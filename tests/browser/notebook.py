"""Drive one notebook in JupyterLab the way a student does: open, restart and run all, read.

Everything goes through the page: the Kernel menu, the restart dialog, the cell
prompts and the rendered outputs. Nothing talks to the kernel behind the page's back.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

__all__ = ["CellState", "NotebookPage", "output_problems", "wait_for_kernel"]

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
NOTEBOOK = f"{PANEL} .jp-Notebook"
# Output areas and rendered Markdown of the open notebook: what the course itself puts on
# the page (JupyterLab's own chrome is left out of the checks).
CONTENT = (f"{NOTEBOOK} .jp-OutputArea-output", f"{NOTEBOOK} .jp-MarkdownOutput")
ERROR_MIME_TYPES = ("application/vnd.jupyter.stderr", "application/vnd.jupyter.error")
WIDGET_ERRORS = ("Error displaying widget", "Model not found")
MAX_VIEWPORT_HEIGHT = 16000  # Chromium's largest texture; taller pages are clipped

_CELLS_JS = """
(selector) => Array.from(document.querySelectorAll(selector + ' .jp-Cell'))
  .map(cell => ({
    kind: cell.classList.contains('jp-CodeCell') ? 'code'
        : cell.classList.contains('jp-MarkdownCell') ? 'markdown' : 'raw',
    prompt: (cell.querySelector('.jp-InputPrompt') || {textContent: ''}).textContent.trim(),
    inputHidden: !!cell.querySelector('.jp-InputPlaceholder'),
    outputs: Array.from(cell.querySelectorAll('.jp-OutputArea-output')).map(o => ({
      mime: o.getAttribute('data-mime-type') || '',
      text: o.textContent.slice(0, 3000),
    })),
  }))
"""


@dataclass
class CellState:
    """What the page shows for one cell: its kind, prompt (``[3]:``) and outputs.

    A cell whose code is collapsed (``source_hidden``, as chart cells are) shows no prompt:
    JupyterLab replaces its input area, prompt included, by a placeholder.
    """

    index: int
    kind: str
    prompt: str
    outputs: list[dict] = field(default_factory=list)
    source: str = ""
    input_hidden: bool = False

    @property
    def running(self) -> bool:
        return "*" in self.prompt

    @property
    def executed(self) -> bool:
        return any(ch.isdigit() for ch in self.prompt)

    def where(self) -> str:
        first = self.source.strip().splitlines()[0] if self.source.strip() else ""
        return f"cell {self.index + 1} ({first[:60]!r})"


def output_problems(cells: list[CellState]) -> list[str]:
    """Return one line per problem in *cells*: an error or stderr output, a widget that
    failed to display, or a code cell that never ran.

    Examples
    --------
    >>> ok = CellState(0, "code", "[1]:", [{"mime": "text/plain", "text": "4"}], "2 + 2")
    >>> output_problems([ok])
    []
    >>> bad = CellState(1, "code", "[2]:", [{"mime": "application/vnd.jupyter.stderr",
    ...                                       "text": "ZeroDivisionError"}], "1 / 0")
    >>> output_problems([ok, bad])
    ["cell 2 ('1 / 0'): error or stderr output: ZeroDivisionError"]
    >>> output_problems([CellState(2, "code", "[ ]:", [], "x = 1")])
    ["cell 3 ('x = 1'): did not run (prompt '[ ]:')"]

    A collapsed cell has no prompt to read; it counts as run when it shows an output:

    >>> chart = CellState(3, "code", "", [{"mime": "text/html", "text": ""}], "# Chart", True)
    >>> output_problems([chart, CellState(4, "code", "", [], "# Chart: none", True)])
    ["cell 5 ('# Chart: none'): shows no output and its code is collapsed (did it run?)"]
    """
    problems = []
    for cell in cells:
        if cell.kind != "code":
            continue
        if cell.input_hidden:
            if cell.source.strip() and not cell.outputs:
                problems.append(f"{cell.where()}: shows no output and its code is collapsed "
                                "(did it run?)")
        elif cell.source.strip() and not cell.executed:
            problems.append(f"{cell.where()}: did not run (prompt {cell.prompt!r})")
        for output in cell.outputs:
            text = " ".join(output["text"].split())[:600]
            if output["mime"] in ERROR_MIME_TYPES:
                problems.append(f"{cell.where()}: error or stderr output: {text}")
            elif any(marker.lower() in text.lower() for marker in WIDGET_ERRORS):
                problems.append(f"{cell.where()}: widget failed to display: {text}")
    return problems


def wait_for_kernel(page, timeout: float = 60.0, polls: int = 3) -> None:
    """Wait until the open notebook's kernel has been idle for *polls* checks in a row.

    ipywidgets sends a typed value to the kernel at most one message at a time, but a
    button click at once; letting the kernel settle first is what a student's pause
    between typing and clicking does.
    """
    deadline, calm = time.monotonic() + timeout, 0
    while calm < polls and time.monotonic() < deadline:
        status = page.get_attribute(f"{PANEL} .jp-Notebook-ExecutionIndicator", "data-status")
        calm = calm + 1 if status == "idle" else 0
        time.sleep(0.1)


class NotebookPage:
    """One Playwright page showing notebooks of a :class:`~.server.LabServer`."""

    def __init__(self, page, server, run_timeout: float = 600.0):
        self.page = page
        self.server = server
        self.run_timeout = run_timeout
        self.name: str | None = None
        self.sources: list[str] = []
        self.page_errors: list[str] = []  # uncaught JavaScript errors, oldest first
        page.on("pageerror", self._page_error)
        # "Leave the page?" on reload with unsaved changes: yes (the copy is throw-away).
        page.on("dialog", lambda dialog: dialog.accept())

    def _page_error(self, error) -> None:
        # A kernel restart cancels the requests still waiting for a reply, and JupyterLab
        # lets that rejection through uncaught ("Canceled future for kernel_info_request
        # message before replies were done"): its own code means to ignore it
        # (jupyterlab/jupyterlab#9521). It says nothing about the course, so it is not
        # counted; every other uncaught error is.
        if not str(error).startswith("Canceled future for "):
            self.page_errors.append(str(error))

    # -- navigation ---------------------------------------------------------------------
    def open(self, name: str) -> None:
        """Open ``notebooks/<name>`` and wait for an idle kernel.

        The first notebook is opened by its address (a fresh workspace); later ones
        from File ▸ Open from Path…, as a student would, without reloading JupyterLab.
        """
        nb = nbformat.read(self.server.root / "notebooks" / name, as_version=4)
        self.sources = [cell.source for cell in nb.cells]
        self.name = name
        page = self.page
        if "/lab" not in page.url or page.locator(".jp-NotebookPanel").count():
            page.goto(self.server.lab_url(name))
        else:
            self._menu("File", "filebrowser:open-path")
            dialog = page.locator(".jp-Dialog")
            dialog.locator("input").fill(f"notebooks/{name}")
            dialog.locator(".jp-mod-accept").click()
            dialog.wait_for(state="detached")
        self._wait_ready()

    def close(self) -> None:
        """File ▸ Close Tab, discarding changes (the copy on disk stays as it was)."""
        page = self.page
        if not page.locator(".jp-NotebookPanel").count():
            return
        self._menu("File", "application:close")
        # JupyterLab asks about unsaved changes (not always at once): Discard.
        discard = page.locator(".jp-Dialog button", has_text="Discard")
        deadline = time.monotonic() + 60
        while page.locator(".jp-NotebookPanel").count() and time.monotonic() < deadline:
            if discard.count():
                discard.first.click()
            time.sleep(0.1)
        assert not page.locator(".jp-NotebookPanel").count(), f"{self.name} did not close"

    def _menu(self, menu: str, command: str) -> None:
        """Open a menu of the menu bar and click the item running *command*."""
        self.page.locator(".lm-MenuBar-item", has_text=menu).click()
        self.page.locator(f".lm-Menu-item[data-command='{command}']").click()

    def reload(self) -> None:
        """Reload the browser tab (the notebook comes back as it is on disk)."""
        self.page.reload()
        self._wait_ready()

    def _wait_ready(self) -> None:
        self.page.wait_for_selector(f"{NOTEBOOK} .jp-Cell")
        # A kernel is attached (the toolbar names it) and idle.
        self.page.wait_for_function(
            """(panel) => {
                const name = document.querySelector(panel + ' .jp-Toolbar-kernelName');
                const state = document.querySelector(panel + ' .jp-Notebook-ExecutionIndicator');
                return name && state && !/no kernel/i.test(name.textContent)
                       && state.getAttribute('data-status') === 'idle';
            }""", arg=PANEL)
        count = self.page.locator(".jp-NotebookPanel").count()
        assert count == 1, f"expected one open notebook, found {count}"

    # -- running ------------------------------------------------------------------------
    def restart_and_run_all(self) -> list[CellState]:
        """Kernel ▸ Restart Kernel and Run All Cells…, confirm, wait; return the cells."""
        page = self.page
        self._menu("Kernel", "runmenu:restart-and-run-all")
        dialog = page.locator(".jp-Dialog")
        dialog.locator(".jp-mod-accept").click()
        dialog.wait_for(state="detached")
        return self.wait_until_idle()

    def wait_until_idle(self) -> list[CellState]:
        """Wait until no cell is queued or running, the kernel is idle and the outputs
        (widgets included) have stopped changing; return the cells."""
        deadline = time.monotonic() + self.run_timeout
        seen_busy, calm, last = False, 0, None
        while True:
            status = self.page.get_attribute(
                f"{PANEL} .jp-Notebook-ExecutionIndicator", "data-status")
            cells = self.cells()
            busy = status != "idle" or any(cell.running for cell in cells)
            seen_busy |= busy
            code = [c for c in cells if c.kind == "code" and c.source.strip()]
            finished = not busy and (seen_busy or all(c.executed for c in code))
            snapshot = [(c.prompt, c.outputs) for c in cells]
            calm = calm + 1 if finished and snapshot == last else 0
            last = snapshot
            if calm >= 3:
                return cells
            if time.monotonic() > deadline:
                running = [c.where() for c in cells if c.running]
                raise AssertionError(f"{self.name}: still running after {self.run_timeout:.0f}"
                                     f" s (kernel {status}); busy: {running}")
            time.sleep(0.3)

    def cells(self) -> list[CellState]:
        """The cells as the page shows them, with their source from the notebook file."""
        raw = self.page.evaluate(_CELLS_JS, NOTEBOOK)
        return [CellState(i, c["kind"], c["prompt"], c["outputs"],
                          self.sources[i] if i < len(self.sources) else "", c["inputHidden"])
                for i, c in enumerate(raw)]

    def problems(self) -> list[str]:
        """Problems in the outputs now (see :func:`output_problems`)."""
        return output_problems(self.cells())

    # -- pictures -----------------------------------------------------------------------
    def _scroller(self) -> dict:
        """The notebook's scrolling area: the height of its cells (not of the blank space
        JupyterLab adds below the last one, which grows with the window), the height on
        screen and how far it is scrolled."""
        return self.page.evaluate(
            """(s) => { const o = document.querySelector(s + ' .jp-WindowedPanel-outer');
                const cells = o ? o.querySelectorAll('.jp-Cell') : [];
                if (!cells.length) { return {height: 0, shown: 0, top: 0}; }
                const last = cells[cells.length - 1].getBoundingClientRect().bottom;
                const height = last - o.getBoundingClientRect().top + o.scrollTop + 40;
                return {height: Math.ceil(height), shown: o.clientHeight, top: o.scrollTop}; }""",
            NOTEBOOK)

    def _scroll_to(self, top: int) -> None:
        self.page.evaluate(
            """([s, top]) => { const o = document.querySelector(s + ' .jp-WindowedPanel-outer');
                if (o) { o.scrollTop = top; } }""", [NOTEBOOK, top])
        self.page.wait_for_timeout(300)  # off-screen cells are drawn once they scroll in

    @contextmanager
    def full_height(self):
        """Make the viewport as tall as the notebook (up to what Chromium can draw), so
        the cells are on screen and drawn.

        JupyterLab sizes cells it has not drawn yet by estimate, so the notebook's
        height is measured again after each growth until it holds still.
        """
        page = self.page
        original = page.viewport_size
        self._scroll_to(0)
        height = original["height"]
        for _ in range(8):
            area = self._scroller()
            wanted = min(height + max(area["height"] - area["shown"], 0), MAX_VIEWPORT_HEIGHT)
            if wanted <= height:
                break
            height = wanted
            page.set_viewport_size({"width": original["width"], "height": height})
            page.wait_for_timeout(300)
        try:
            yield
        finally:
            if height != original["height"]:
                page.set_viewport_size(original)

    def screenshot(self, path: Path) -> list[Path]:
        """Save pictures of the whole notebook: *path*, or for a notebook taller than
        Chromium can draw at once, *path* with ``-1``, ``-2``… for each screenful."""
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{path.stem}*{path.suffix}"):  # an earlier run's
            if old.stem == path.stem or old.stem.removeprefix(path.stem + "-").isdigit():
                old.unlink()
        with self.full_height():
            area = self._scroller()
            if area["height"] <= area["shown"] + 1:
                self.page.screenshot(path=str(path))
                return [path]
            saved = []
            while True:
                saved.append(path.with_name(f"{path.stem}-{len(saved) + 1}{path.suffix}"))
                self.page.screenshot(path=str(saved[-1]))
                area = self._scroller()
                if area["top"] + area["shown"] >= area["height"] - 1 or len(saved) >= 20:
                    break
                self._scroll_to(area["top"] + area["shown"])
            self._scroll_to(0)
            return saved
