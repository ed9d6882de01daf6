"""Fixtures for the browser tests: one JupyterLab server and one Chromium per test session.

Chromium is the system's (``$COURSE_CHROMIUM``, else ``chromium`` on the PATH); no
browser is ever downloaded. Without one the tests are skipped with a message that
says how to install it, unless ``COURSE_REQUIRE_BROWSER=1`` (set by ``.ci/run``),
which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .notebook import NotebookPage
from .server import LabServer

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}
INSTALL_HINT = ("Install it with `sudo apt install chromium` (Debian/Ubuntu), or set "
                "COURSE_CHROMIUM to the path of a Chromium executable.")


def find_chromium() -> tuple[str | None, str]:
    """Return ``(path, "")`` for the Chromium to use, or ``(None, why not)``."""
    explicit = os.environ.get("COURSE_CHROMIUM")
    if explicit:
        path = shutil.which(explicit)
        if path is None:
            return None, f"COURSE_CHROMIUM is set to {explicit!r}, which is not an executable."
        return path, ""
    path = shutil.which("chromium")
    if path is None:
        return None, "No Chromium found on the PATH, so the browser tests cannot run."
    return path, ""


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path, why = find_chromium()
    if path is None:
        message = f"{why} {INSTALL_HINT}"
        if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"COURSE_REQUIRE_BROWSER=1 but the browser is missing. {message}",
                        pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def lab_server(chromium_executable, tmp_path_factory):
    """JupyterLab on 127.0.0.1 over a temporary copy of the notebooks."""
    server = LabServer(ROOT, tmp_path_factory.mktemp("jupyterlab")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium_executable):
    from playwright.sync_api import sync_playwright

    shutil.rmtree(ARTIFACTS / "failures", ignore_errors=True)  # failures of this run only
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_executable,
                                              headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def lab_page(browser, lab_server):
    """The one browser tab of the session, wrapped in a :class:`NotebookPage`."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(60_000)
    yield NotebookPage(context.new_page(), lab_server)
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can see whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report
