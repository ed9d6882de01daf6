"""Operate the course's explorers by keyboard and watch their chart and summary.

An explorer root carries ``course-explorer`` and ``course-explorer-<name>``; inside it
``course-chart`` holds the chart, ``course-summary`` the text summary and
``course-reset`` the reset button. Every other control inside the root is a knob: each
is moved the way a keyboard user moves it (focus, then arrow keys, Space or Enter; a
text box gets the example its placeholder offers, then Enter), and the chart and the
summary must both change.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

__all__ = ["Control", "ExplorerDriver", "KNOBS"]

# kind -> selector of one operable unit inside an explorer root
KNOBS = {
    "slider": ".noUi-handle[role=slider]",
    "select": "select",
    "number": "input[type=number]",
    "date": "input[type=date]",
    "checkbox": "input[type=checkbox]",
    "radio group": ".widget-radio-box",
    "toggle group": ".widget-toggle-buttons",
    "toggle": "button.widget-toggle-button:not(.widget-toggle-buttons button)",
    "text": "input[type=text], textarea",
}
# (usual, at the top of the range) keys for each kind. A number field takes Enter after the
# arrow. A closed drop-down is opened with Alt+ArrowDown first: in command mode JupyterLab
# takes a bare ArrowDown on a focused <select> for "select the cell below"
# (jupyter-widgets/ipywidgets#3912), so the list is opened, moved in, and Enter chooses.
KEYS = {
    "slider": ("ArrowRight", "ArrowLeft"),
    "select": ("ArrowDown", "ArrowUp"),
    "number": ("ArrowUp", "ArrowDown"),
    "date": ("ArrowUp", "ArrowDown"),
}
# Every element of a root a keyboard user can operate; anything here that KNOBS does not
# cover is reported, so a new kind of control cannot go untested.
OPERABLE = "input, select, textarea, button, [role=slider], [contenteditable=true]"
_LABEL_JS = """e => {
    const clean = s => (s || '').replace(/[\\u200b\\s]+/g, ' ').trim();
    const box = e.closest('.widget-inline-hbox, .widget-radio, .widget-toggle-buttons');
    const label = box && clean((box.querySelector('.widget-label') || {}).textContent);
    return label || clean(box && box.textContent) || clean(e.getAttribute('aria-label'));
}"""
_OPTION_JS = "e => (e.tagName === 'INPUT' ? e.parentElement : e).textContent.trim()"
_AT_END_JS = """(e, kind) => {
    if (kind === 'slider')
        return +e.getAttribute('aria-valuenow') >= +e.getAttribute('aria-valuemax');
    if (kind === 'select') return e.selectedIndex >= e.options.length - 1;
    const step = +e.step || 1;
    return e.max !== '' && +e.value + step > +e.max;
}"""
_SIGNATURE_JS = """e => {
    const img = e.querySelector('img');
    const s = img ? img.getAttribute('src') || '' : e.innerHTML;  // the picture itself
    let h = 0;
    for (let i = 0; i < s.length; i++) { h = (h * 31 + s.charCodeAt(i)) | 0; }
    return s.length + ':' + h;
}"""


@dataclass
class Control:
    """One knob of an explorer: its kind, its description and its locator."""

    kind: str
    label: str
    locator: object

    def __str__(self) -> str:
        return f"{self.kind} {self.label!r}"


class ExplorerDriver:
    """One explorer root on the page (a Playwright locator)."""

    def __init__(self, page, root, settle_timeout: float = 20.0):
        self.page = page
        self.root = root
        self.settle_timeout = settle_timeout
        classes = (root.get_attribute("class") or "").split()
        names = [c.removeprefix("course-explorer-") for c in classes
                 if c.startswith("course-explorer-")]
        self.name = names[0] if names else "(unnamed)"

    # -- reading ------------------------------------------------------------------------
    def chart(self):
        return self.root.locator(".course-chart").first

    def summary(self):
        return self.root.locator(".course-summary").first

    def state(self) -> tuple[str, str]:
        """A fingerprint of the chart's picture (an img's source, else the chart's markup)
        and the summary's text."""
        return (self.chart().evaluate(_SIGNATURE_JS),
                " ".join(self.summary().text_content().split()))

    def has_picture(self) -> bool:
        return self.chart().locator("img, svg, canvas").count() > 0

    def unknown_controls(self) -> list[str]:
        """Operable elements that no knob recipe covers (the reset button aside)."""
        known = ", ".join([*KNOBS.values(), ".course-reset", ".course-reset *"])
        return self.root.locator(OPERABLE).evaluate_all(
            """(els, known) => els
                .filter(e => !e.matches(known) && !e.closest('.widget-radio-box, '
                         + '.widget-toggle-buttons, .course-chart, .course-summary'))
                .map(e => e.outerHTML.slice(0, 200))""", known)

    def controls(self) -> list[Control]:
        """Every knob inside the explorer (not the reset button, not inside the outputs)."""
        found = []
        for kind, selector in KNOBS.items():
            matches = self.root.locator(selector)
            for index in range(matches.count()):
                element = matches.nth(index)
                inside_output = element.evaluate(
                    "e => !!e.closest('.course-chart, .course-summary, .course-reset')")
                if not inside_output and element.is_visible():
                    found.append(Control(kind, element.evaluate(_LABEL_JS), element))
        return found

    def wait_for_change(self, before: tuple[str, str]) -> tuple[str, str]:
        """Wait until chart and summary both differ from *before* and hold still."""
        deadline = time.monotonic() + self.settle_timeout
        last, steady = None, 0
        while time.monotonic() < deadline:
            now = self.state()
            changed = now[0] != before[0] and now[1] != before[1]
            steady = steady + 1 if changed and now == last else 0
            if steady >= 2:
                return now
            last = now
            time.sleep(0.15)
        return self.state()

    # -- operating ----------------------------------------------------------------------
    def operate(self, control: Control) -> str:
        """Move *control* once by keyboard; return what was pressed (for messages).

        A control at the top of its range is moved down instead.
        """
        element, kind = control.locator, control.kind
        if kind in KEYS:
            key = KEYS[kind][1 if element.evaluate(_AT_END_JS, kind) else 0]
            element.focus()
            if kind == "select":
                self.page.keyboard.press("Alt+ArrowDown")
                self.page.keyboard.press(key)
                self.page.keyboard.press("Enter")
                return f"Alt+ArrowDown, {key}, Enter"
            self.page.keyboard.press(key)
            if kind == "number":
                self.page.keyboard.press("Enter")
                return f"{key} then Enter"
            return key
        if kind in ("checkbox", "toggle"):
            element.focus()
            self.page.keyboard.press("Space")
            return "Space"
        if kind in ("radio group", "toggle group"):
            choice = element.locator("input:not(:checked)" if kind == "radio group"
                                     else "button:not(.mod-active)")
            target = choice.first
            target.focus()
            self.page.keyboard.press("Space")
            return f"Space on option {target.evaluate(_OPTION_JS)!r}"
        if kind == "text":
            # A free-text box gets the example its placeholder offers ("e.g. open weights").
            placeholder = element.get_attribute("placeholder") or ""
            example = placeholder.strip().removeprefix("e.g.").strip()
            if not placeholder.strip().startswith("e.g.") or example == element.input_value():
                raise AssertionError(f"explorer {self.name}: {control} needs a placeholder "
                                     "'e.g. <another value>' for the test to type")
            element.focus()
            self.page.keyboard.press("Control+a")
            self.page.keyboard.type(example)
            self.page.keyboard.press("Enter")
            return f"typing {example!r} then Enter"
        raise AssertionError(f"explorer {self.name}: no keyboard recipe for {control}")

    def reset(self) -> None:
        """Press the reset button by keyboard (Tab focus, then Enter)."""
        button = self.root.locator(".course-reset").first
        button.focus()
        self.page.keyboard.press("Enter")

    def wait_for(self, wanted: tuple[str, str]) -> tuple[str, str]:
        """Wait until the state equals *wanted*; return the last state seen."""
        deadline = time.monotonic() + self.settle_timeout
        while (now := self.state()) != wanted and time.monotonic() < deadline:
            time.sleep(0.15)
        return now

    def check(self) -> list[str]:
        """Operate every knob, then reset; return one line per thing that did not respond."""
        who = f"explorer {self.name}"
        problems = []
        self.root.scroll_into_view_if_needed()
        if not self.has_picture():
            problems.append(f"{who}: the chart shows no image (no img, svg or canvas)")
        if not self.summary().text_content().strip():
            problems.append(f"{who}: the summary is empty")
        controls = self.controls()
        if not controls:
            problems.append(f"{who}: no control that a keyboard can operate")
        for html in self.unknown_controls():
            problems.append(f"{who}: the test has no keyboard recipe for {html}")
        initial = self.state()
        for control in controls:
            before = self.state()
            pressed = self.operate(control)
            after = self.wait_for_change(before)
            for part, was, now in (("chart", before[0], after[0]),
                                   ("summary", before[1], after[1])):
                if was == now:
                    problems.append(f"{who}: {pressed} on {control} did not change the {part}")
        if self.root.locator(".course-reset").count() == 0:
            problems.append(f"{who}: no reset button (class course-reset)")
        elif controls:
            self.reset()
            if self.wait_for(initial) != initial:
                problems.append(f"{who}: Enter on the reset button did not bring back the "
                                "first chart and summary")
        return problems
