"""Notebook 09's brief, written and exported through the form with mouse and keyboard only,
then found again after a kernel restart and after the tab is reloaded.

JupyterLab, the kernel, the progress database and the exported files are all real; the
test never types Python. The brief model (``course.brief``) is the oracle for what the
draft should hold.
"""

from __future__ import annotations

import time
from html.parser import HTMLParser

import pytest

from course import brief

from .conftest import ARTIFACTS
from .notebook import NOTEBOOK, output_problems, wait_for_kernel

pytestmark = pytest.mark.browser

NAME = "09_capstone_policy_brief.ipynb"
TEXT = {
    "Your name": "Ada Lovelace",
    "Headline": "Buy open where it fits",
    "Position": "Yes: public bodies should prefer open-weight models where one meets the "
                "need, because any host can serve the same weights.",
    "What they show": "The training run shows what a model at the line costs; halve the price "
                      "and the cost halves.",
    "Other side": "Closed suppliers argue that their models come with support and security "
                  "certification that open weights lack, so the cheapest bill is not the "
                  "cheapest service.",
    "Recommendation": "Score open-weight options in every tender and buy support separately.",
}
EVIDENCE = {"r1-license-mit": "Any supplier may host R1.",
            "r1-price-output": "R1's output tokens are cheap.",
            "v3-gpu-hours-total": "V3's final run needed 2.788M GPU-hours."}


def settle(page, form, text: str, where: str = ".course-brief-saved",
           timeout: float = 30.0) -> str:
    """Wait until the form part *where* shows *text*; return what it shows."""
    wait_for_kernel(page)
    deadline, shown = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        shown = " ".join(form.locator(where).first.text_content().split())
        if text in shown:
            break
        time.sleep(0.2)
    return shown


def the_form(lab_page):
    form = lab_page.page.locator(f"{NOTEBOOK} .course-brief-form")
    form.wait_for()
    form.scroll_into_view_if_needed()
    return form


def write_the_brief(page, form) -> None:
    seats, questions = list(brief.config()["seats"]), list(brief.config()["questions"])
    for label, text in TEXT.items():
        box = form.get_by_label(label, exact=True)
        box.click()
        box.fill(text)
    form.get_by_label("Seat", exact=True).select_option(index=1 + seats.index("start-up"))
    form.get_by_label("Question", exact=True).select_option(
        index=1 + questions.index("public-procurement"))
    for fact_id, note in EVIDENCE.items():
        form.get_by_label("Search", exact=True).fill(fact_id)
        wait_for_kernel(page)
        form.get_by_label("Evidence", exact=True).select_option(index=0)
        wait_for_kernel(page)
        form.get_by_label("Your note", exact=True).fill(note)
        wait_for_kernel(page)
        form.get_by_role("button", name="Add to my brief").click()
        wait_for_kernel(page)
    form.get_by_role("button", name="Add this training cost run to my brief").click()
    wait_for_kernel(page)


def shown_draft(form) -> dict:
    """What the form's boxes and lists show."""
    values = {label: form.get_by_label(label, exact=True).input_value() for label in TEXT}
    chosen = form.get_by_label("In your brief", exact=True)
    values["evidence"] = chosen.evaluate("e => e.options.length")
    values["runs"] = form.get_by_label("Your runs", exact=True).evaluate("e => e.options.length")
    return values


class _Sources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.loaded = []

    def handle_starttag(self, tag, attrs):
        self.loaded += [v for k, v in attrs if k == "src" or (tag == "link" and k == "href")]


def test_a_brief_is_written_exported_and_restored_without_python(lab_page, lab_server):
    page = lab_page.page
    lab_page.open(NAME)
    try:
        cells = lab_page.restart_and_run_all()
        assert not output_problems(cells)
        form = the_form(lab_page)
        folder = lab_server.workdir / "briefs" / "ada-lovelace"
        form.get_by_role("button", name="Export my brief").click()
        shown = settle(page, form, "Nothing was exported", ".course-brief-status")
        assert "write your position first" in shown and not folder.exists()

        write_the_brief(page, form)
        assert "Draft saved at" in settle(page, form, "Draft saved at")
        with lab_page.full_height():
            form.screenshot(path=str(ARTIFACTS / "09-capstone-form.png"))
        form.get_by_role("button", name="Export my brief").click()
        assert "Exported to" in settle(page, form, "Exported to", ".course-brief-status")
        assert sorted(p.name for p in folder.iterdir()) == ["brief.html", "brief.md",
                                                            "chart-1.png"]
        page_html = (folder / "brief.html").read_text(encoding="utf-8")
        assert TEXT["Position"] in page_html and "Buy open where it fits" in page_html
        sources = _Sources()
        sources.feed(page_html)
        assert sources.loaded and all(s.startswith("data:image/png;base64,")
                                      for s in sources.loaded)
        markdown = (folder / "brief.md").read_text(encoding="utf-8")
        assert all(note in markdown.replace("\\", "") for note in EVIDENCE.values())
        before = shown_draft(form)
        assert before["evidence"] == 3 and before["runs"] == 1

        lab_page.restart_and_run_all()  # a kernel restart
        form = the_form(lab_page)
        assert "restored" in settle(page, form, "restored")
        assert shown_draft(form) == before

        lab_page.reload()  # a closed and reopened tab
        lab_page.restart_and_run_all()
        form = the_form(lab_page)
        assert "restored" in settle(page, form, "restored")
        assert shown_draft(form) == before
    except Exception:
        lab_page.screenshot(ARTIFACTS / "failures" / "capstone-form.png")
        raise
    finally:
        lab_page.close()
        lab_server.shutdown_kernels()
