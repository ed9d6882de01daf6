"""Answer the course's exercise widgets with mouse and keyboard, as a student does.

An exercise root carries ``course-exercise``, ``course-kind-<kind>`` and
``course-exercise-id-<id with . as ->``; inside it ``course-check`` is the Check button
and ``course-feedback`` the feedback area. The bank (``course.exercises.bank()``) is
the oracle: it says which answer is right, so a test can give a wrong one first.

Answers are handled in two forms: the *bank* form that ``submit()`` takes and the
progress file records (option keys, lists of keys, text), and the *screen* form a
student sees (option texts, drop-down labels); :func:`on_screen` turns one into the
other.
"""

from __future__ import annotations

import re
import time

from .notebook import wait_for_kernel

__all__ = ["COURSE_CHECK", "CORRECT", "ExerciseDriver", "NOT_YET", "SAVED", "answers",
           "exercise_ids", "on_screen"]

# How the feedback area opens for each verdict (course.exercises.feedback).
CORRECT, NOT_YET, SAVED = "Correct", "Not yet", "Saved"
COURSE_CHECK = "The course's check"  # a factcheck's own verdict and evidence, shown after
REFLECTION_TEXT = "Open weights lower the cost of trying a model; they do not make it free."
FACTCHECK_SENTENCE = "The evidence I ticked decides it, read line by line."


def _clean(text: str) -> str:
    """Collapse runs of white space (ipywidgets writes option labels with no-break spaces)."""
    return " ".join(text.split())


def exercise_ids(bank: dict) -> dict[str, str]:
    """Map the id part of a ``course-exercise-id-…`` class back to the bank id.

    Examples
    --------
    >>> exercise_ids({"03.v3-cost": {}, "00.articles": {}})
    {'03-v3-cost': '03.v3-cost', '00-articles': '00.articles'}
    """
    return {exercise_id.replace(".", "-"): exercise_id for exercise_id in bank}


def answers(spec: dict) -> tuple[object, object]:
    """Return ``(wrong, right)`` answers in bank form; a reflection has no wrong answer.

    Examples
    --------
    >>> answers({"kind": "choice", "options": {"a": "x", "b": "y"}, "answer": "b"})
    ('a', 'b')
    >>> answers({"kind": "order", "items": {"p": "P", "q": "Q"}, "answer": ["q", "p"]})
    (['p', 'q'], ['q', 'p'])
    >>> answers({"kind": "numeric", "answer": 5.576})
    ('17.728', '5.576')
    """
    kind = spec["kind"]
    if kind == "reflection":
        return None, REFLECTION_TEXT
    right = spec["answer"]
    if kind in ("choice", "claim"):  # a defensible rating is not wrong (with a reason)
        wrong = next(key for key in spec["options"]
                     if key != right and key not in spec.get("defensible", {}))
    elif kind == "multi":
        first = next(iter(spec["options"]))
        wrong = [k for k in spec["options"] if (k in right) != (k == first)]
    elif kind == "numeric":
        wrong, right = f"{right * 3 + 1:.10g}", f"{right:.10g}"
    elif kind == "order":
        wrong = [right[1], right[0], *right[2:]]
    elif kind == "categorise":
        first = next(iter(right))
        other = next(c for c in spec["categories"] if c != right[first])
        wrong = {**right, first: other}
    elif kind == "match":
        keys = list(right)
        wrong = {**right, keys[0]: right[keys[1]], keys[1]: right[keys[0]]}
    elif kind == "factcheck":  # a verdict that does not hold, then the course's check
        verdict = next(v for v in spec["options"]
                       if v != right and v not in spec.get("defensible", {}))
        wrong = {"verdict": verdict, "evidence": spec["evidence"][:1],
                 "sentence": FACTCHECK_SENTENCE}
        right = {"verdict": right, "evidence": list(spec["evidence"]),
                 "sentence": FACTCHECK_SENTENCE}
    else:
        raise AssertionError(f"no answers known for exercise kind {kind!r}")
    return wrong, right


def on_screen(spec: dict, answer) -> object:
    """*answer* (bank form) as the widget shows it: option texts and drop-down labels.

    Examples
    --------
    >>> on_screen({"kind": "multi", "options": {"a": "x", "b": "y"}}, ["b"])
    ['y']
    >>> on_screen({"kind": "order", "items": {"p": "P", "q": "Q"}}, ["q", "p"])
    {'P': '2', 'Q': '1'}
    """
    kind = spec["kind"]
    if kind in ("choice", "claim"):
        return spec["options"][answer]
    if kind == "multi":
        return [text for key, text in spec["options"].items() if key in answer]
    if kind in ("numeric", "reflection"):
        return answer
    if kind == "factcheck":
        return {"verdict": spec["options"][answer["verdict"]],
                "evidence": [f"[{c['confidence']}] {c['label']}" for c in spec["candidates"]
                             if c["id"] in answer["evidence"]],
                "sentence": answer["sentence"]}
    if kind == "categorise":
        return {spec["items"][key]: category for key, category in answer.items()}
    if kind == "match":
        return {spec["left"][key]: spec["right"][value] for key, value in answer.items()}
    if kind == "order":
        position = {key: str(n) for n, key in enumerate(answer, start=1)}
        return {text: position[key] for key, text in spec["items"].items()}
    raise AssertionError(f"no screen form known for exercise kind {kind!r}")


class ExerciseDriver:
    """One exercise widget on the page (a Playwright locator) and its bank spec."""

    def __init__(self, page, root, spec: dict, settle_timeout: float = 20.0):
        self.page = page
        self.root = root
        self.spec = spec
        self.kind = spec["kind"]
        self.settle_timeout = settle_timeout

    def feedback(self) -> str:
        """The feedback text, without the decorative symbol in front of the verdict."""
        text = " ".join(self.root.locator(".course-feedback").first.text_content().split())
        return text.lstrip("✓✗✎ ")

    # -- giving an answer ---------------------------------------------------------------
    def enter(self, answer) -> None:
        """Put *answer* (bank form) into the inputs: mouse for choices, keys for text."""
        shown, root = on_screen(self.spec, answer), self.root
        if self.kind in ("choice", "claim"):
            root.get_by_role("radio", name=shown, exact=True).check()
        elif self.kind == "multi":
            for text in self.spec["options"].values():
                root.get_by_role("checkbox", name=text, exact=True).set_checked(text in shown)
        elif self.kind == "numeric":
            box = root.locator(".course-inputs input[type=text]").first
            box.click()
            box.press("Control+a")
            box.press_sequentially(shown)
        elif self.kind == "reflection":
            area = root.locator(".course-inputs textarea").first
            area.click()
            area.fill(shown)
        elif self.kind == "factcheck":
            root.get_by_role("radio", name=shown["verdict"], exact=True).check()
            for item in self.spec["candidates"]:
                name = f"[{item['confidence']}] {item['label']}"
                root.get_by_role("checkbox", name=name, exact=True).set_checked(
                    name in shown["evidence"])
            area = root.locator(".course-inputs textarea").first
            area.click()
            area.press("Control+a")
            area.press_sequentially(shown["sentence"])  # typed, key by key
        else:
            for label, option in shown.items():
                root.get_by_role("combobox", name=label, exact=True).select_option(label=option)

    def check(self, expect: str) -> str:
        """Click Check; wait for feedback that starts with *expect*; return the feedback."""
        before = self.feedback()
        wait_for_kernel(self.page)
        self.root.locator(".course-check").first.click()
        deadline = time.monotonic() + self.settle_timeout
        while time.monotonic() < deadline:
            now = self.feedback()
            if now != before and now.startswith(expect):
                return now
            time.sleep(0.1)
        return self.feedback()

    # -- reading what the widget shows --------------------------------------------------
    def shown(self) -> object:
        """The answer the inputs show now, in screen form (compare with :func:`on_screen`)."""
        root = self.root
        if self.kind in ("choice", "claim"):
            checked = root.locator("input[type=radio]:checked")
            return _clean(checked.evaluate("e => e.parentElement.textContent")) \
                if checked.count() else None
        if self.kind == "multi":
            return [text for text in self.spec["options"].values()
                    if root.get_by_role("checkbox", name=text, exact=True).is_checked()]
        if self.kind == "numeric":
            return root.locator(".course-inputs input[type=text]").first.input_value()
        if self.kind == "reflection":
            return root.locator(".course-inputs textarea").first.input_value()
        if self.kind == "factcheck":
            checked = root.locator("input[type=radio]:checked")
            names = [f"[{c['confidence']}] {c['label']}" for c in self.spec["candidates"]]
            return {"verdict": _clean(checked.evaluate("e => e.parentElement.textContent"))
                    if checked.count() else None,
                    "evidence": [n for n in names if root.get_by_role(
                        "checkbox", name=n, exact=True).is_checked()],
                    "sentence": root.locator(".course-inputs textarea").first.input_value()}
        menus = root.locator(".course-inputs select")
        return {_clean(menus.nth(i).evaluate("e => e.labels[0].textContent")):
                _clean(menus.nth(i).evaluate("e => e.options[e.selectedIndex].text"))
                for i in range(menus.count())}


    # -- the flows the tests run --------------------------------------------------------
    def answer_wrong_then_right(self, records) -> list[str]:
        """Answer wrongly (unless a reflection), then rightly; check feedback and progress.

        *records* is a function returning this exercise's saved records (oldest first).
        """
        from course.exercises import grade

        who = f"exercise {self.spec['id']} ({self.kind})"
        wrong, right = answers(self.spec)
        steps = [] if wrong is None else [(wrong, NOT_YET, False)]
        steps.append((right, SAVED if wrong is None else CORRECT,
                      None if wrong is None else True))
        problems = self.read_a_source() if self.kind == "factcheck" else []
        for answer, opening, _ in steps:
            self.enter(answer)
            shown = self.check(opening)
            if not shown.startswith(opening):
                problems.append(f"{who}: after answering {answer!r} and clicking Check the "
                                f"feedback should open with {opening!r}; it reads {shown!r}")
            elif self.kind == "factcheck" and (opening == CORRECT) != (COURSE_CHECK in shown):
                problems.append(f"{who}: the course's own check should appear with a correct "
                                f"answer and only then; after {answer!r} the feedback reads "
                                f"{shown!r}")
        wanted = [(grade(self.spec, answer).answer, correct) for answer, _, correct in steps]
        saved = [(r.get("answer"), r.get("correct")) for r in records()
                 if r.get("kind") == "attempt"][-len(wanted):]
        if saved != wanted:
            problems.append(f"{who}: the progress file should end with the attempts "
                            f"{wanted!r}; it has {saved!r}")
        return problems

    def read_a_source(self) -> list[str]:
        """Open the first evidence item that is a source excerpt and read its verbatim text."""
        from course.sources import source

        index, item = next(((i, c) for i, c in enumerate(self.spec["candidates"])
                            if c["type"] == "source"), (None, None))
        if item is None:
            return []
        who = f"exercise {self.spec['id']} (factcheck)"
        # Each evidence item's checkbox is followed by its own "Read this …" reader.
        reader = self.root.locator("details", has=self.root.page.locator(
            "summary", has_text=re.compile(r"^Read this "))).nth(index)
        reader.locator("summary").click()
        line = next(x for x in source(item["id"]).text.splitlines() if x.strip())
        deadline = time.monotonic() + self.settle_timeout
        while time.monotonic() < deadline and not reader.locator("blockquote").is_visible():
            time.sleep(0.1)
        quoted = _clean(reader.locator("blockquote").text_content() or "")
        if not reader.locator("blockquote").is_visible() or _clean(line) not in quoted:
            return [f"{who}: opening “Read this source” for {item['id']} should show its "
                    f"verbatim text (starting {line[:40]!r}); it shows {quoted[:80]!r}"]
        return []

    def restored(self, answer) -> list[str]:
        """Check that the rebuilt widget shows *answer* (bank form) and its verdict."""
        who = f"exercise {self.spec['id']} ({self.kind})"
        wanted = on_screen(self.spec, answer)
        opening = SAVED if self.kind == "reflection" else CORRECT
        deadline = time.monotonic() + self.settle_timeout
        while (self.shown() != wanted or not self.feedback().startswith(opening)) \
                and time.monotonic() < deadline:
            time.sleep(0.2)
        problems = []
        if self.shown() != wanted:
            problems.append(f"{who}: after the reload the inputs show {self.shown()!r}, "
                            f"not the saved answer {wanted!r}")
        if not self.feedback().startswith(opening):
            problems.append(f"{who}: after the reload the feedback should open with "
                            f"{opening!r}; it reads {self.feedback()!r}")
        return problems
