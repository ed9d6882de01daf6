"""Accessibility checks over what the course puts on the page: outputs and rendered Markdown.

Two layers: axe-core (through ``axe-playwright-python``) scoped to the notebook's
content, keeping only ``serious`` and ``critical`` findings; and two direct checks
that read the page the way a screen reader does: every image has alternative text,
and every control a student can operate has an accessible name (Playwright computes
names with the accessible-name algorithm, not by looking at attributes).
"""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

__all__ = ["BLOCKING_IMPACTS", "CONTROLS", "IPYWIDGETS_UNNAMED", "axe_findings",
           "describe_violation", "images_without_alt", "sliders_without_description",
           "unnamed_controls"]

BLOCKING_IMPACTS = ("serious", "critical")
CONTROLS = ("input:not([type=hidden])", "select", "textarea", "button", "[role=slider]",
            "[contenteditable=true]")
# ipywidgets 8.1 draws every slider (IntSlider, FloatSlider, FloatLogSlider, SelectionSlider
# and the range sliders) as a noUiSlider handle with role="slider" but no aria-label or
# aria-labelledby (it does not pass noUiSlider's handleAttributes), plus an editable read-out
# that is a bare contenteditable <div>. The widget's description is a separate <label> tied
# to neither, and Python code cannot add attributes to them. Those two parts are left out of
# the name checks; instead every slider must show a visible, non-empty description next to it
# (see sliders_without_description), so its purpose is at least on screen.
IPYWIDGETS_UNNAMED = (".widget-slider .noUi-handle", ".widget-slider .widget-readout")
_NON_BLANK = re.compile(r"\S")
# Where an element sits: its cell number and the course widget around it.
_WHERE_JS = """e => {
    const cells = Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'));
    const cell = e.closest('.jp-Cell');
    const root = e.closest('.course-explorer, .course-exercise');
    const names = root ? Array.from(root.classList)
        .filter(c => /^course-(explorer-|exercise-id-)/.test(c)).join(' ') : '';
    return [cell ? 'cell ' + (cells.indexOf(cell) + 1) : '', names].filter(Boolean).join(', ');
}"""
_HTML_JS = """e => e.outerHTML.replace(/src="data:[^"]{60,}"/g, 'src="data:…"')
                            .replace(/\\s+/g, ' ').slice(0, 300)"""


def describe_violation(violation: dict) -> str:
    """One readable paragraph for an axe violation: rule, impact, and each element.

    Examples
    --------
    >>> print(describe_violation({"id": "image-alt", "impact": "critical",
    ...     "help": "Images must have alternative text",
    ...     "nodes": [{"target": ["img"], "html": "<img src=x>",
    ...                "failureSummary": "Fix any of the following: no alt"}]}))
    image-alt (critical): Images must have alternative text
      - img: <img src=x>
        Fix any of the following: no alt
    """
    lines = [f"{violation['id']} ({violation['impact']}): {violation['help']}"]
    for node in violation["nodes"]:
        target = " ".join(str(t) for t in node["target"])
        where = f" [{node['where']}]" if node.get("where") else ""
        lines.append(f"  - {target}{where}: {' '.join(node['html'].split())[:300]}")
        summary = " ".join(node.get("failureSummary", "").split())
        if summary:
            lines.append(f"    {summary}")
    return "\n".join(lines)


def axe_findings(page, include: tuple[str, ...], exclude: tuple[str, ...] = ()) -> list[dict]:
    """Run axe-core over the elements matching *include*; return the blocking violations."""
    context: dict = {"include": list(include)}
    if exclude:
        context["exclude"] = list(exclude)
    results = Axe().run(page, context=context, options={"resultTypes": ["violations"]})
    found = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    for violation in found:
        for node in violation["nodes"]:
            target = node["target"][0] if node["target"] else None
            if isinstance(target, str) and page.locator(target).count() == 1:
                node["where"] = page.locator(target).evaluate(_WHERE_JS)
    return found


def _described(locator) -> str:
    where = locator.evaluate(_WHERE_JS)
    return (f"[{where}] " if where else "") + locator.evaluate(_HTML_JS)


def images_without_alt(page, scopes: tuple[str, ...]) -> list[str]:
    """Return every ``<img>`` inside *scopes* whose alt text is missing or blank."""
    images = page.locator(", ".join(f"{scope} img" for scope in scopes))
    return [_described(images.nth(i)) for i in range(images.count())
            if not (images.nth(i).get_attribute("alt") or "").strip()]


def unnamed_controls(page, scopes: tuple[str, ...], exclude: tuple[str, ...] = ()) -> list[str]:
    """Return every visible control inside *scopes* without an accessible name.

    Controls are inputs, selects, text areas, buttons, sliders and editable fields;
    elements matching any selector in *exclude* are skipped. Playwright computes the
    name with the accessible-name algorithm, as a screen reader would.
    """
    selector = ", ".join(f"{scope} {control}" for scope in scopes for control in CONTROLS)
    # Tag the candidates in one pass, then ask for each one's name by its tag.
    count = page.evaluate(
        """([selector, exclude]) => {
            document.querySelectorAll('[data-a11y-check]')
                .forEach(e => e.removeAttribute('data-a11y-check'));
            const found = Array.from(document.querySelectorAll(selector)).filter(e =>
                e.checkVisibility() && !(exclude && e.matches(exclude)));
            found.forEach((e, i) => e.setAttribute('data-a11y-check', String(i)));
            return found.length;
        }""", [selector, ", ".join(exclude)])
    unnamed = []
    for index in range(count):
        control = page.locator(f"[data-a11y-check='{index}']")
        try:
            expect(control).to_have_accessible_name(_NON_BLANK, timeout=500)
        except AssertionError:
            unnamed.append(_described(control))
    return unnamed


def sliders_without_description(page, scopes: tuple[str, ...]) -> list[str]:
    """Return every ipywidgets slider inside *scopes* that shows no description text."""
    sliders = page.locator(", ".join(f"{scope} .widget-slider" for scope in scopes))
    missing = []
    for index in range(sliders.count()):
        label = sliders.nth(index).locator(":scope > .widget-label")
        text = label.text_content() if label.count() and label.is_visible() else ""
        if not text.replace("\u200b", "").strip():
            missing.append(_described(sliders.nth(index)))
    return missing
