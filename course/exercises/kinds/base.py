"""What every exercise kind shares: the :class:`Kind` base class and its helpers.

A kind's class holds its fields' JSON Schema, the checks a schema cannot make, grading,
the widget's inputs and its text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import ClassVar

from ...answers import AnswerError, shown
from ..markup import macros, rendered, to_text

LIVE = "Run this notebook in JupyterLab to answer and get feedback."

TEXT = {"type": "string", "pattern": r"\S", "description": "non-empty Markdown text"}
TEXTS = {"type": "array", "items": TEXT, "minItems": 1,
         "description": 'a list of Markdown texts, e.g. ["first", "second"]'}


def table(what: str, minimum: int = 1) -> dict:
    """The schema of a TOML table ``key = "text"`` with at least *minimum* entries."""
    return {"type": "object", "additionalProperties": TEXT, "minProperties": minimum,
            "description": f'a table of {what} = "text" with at least {minimum} '
                           f'entr{"y" if minimum == 1 else "ies"}'}


def keys(description: str, minimum: int = 1) -> dict:
    """The schema of a list of distinct keys (of options or items)."""
    return {"type": "array", "items": {"type": "string"}, "minItems": minimum,
            "uniqueItems": True, "description": description}


def per_key(what: str) -> dict:
    """The schema of an optional ``feedback`` table, one text per *what*."""
    return {"type": "object", "additionalProperties": TEXT, "default": {},
            "description": f'a table of {what} = "feedback when this {what} is answered '
                           'wrongly"'}


def count(n: int, one: str, many: str | None = None) -> str:
    """``"1 item"``, ``"3 items"``.

    Examples
    --------
    >>> count(1, "item"), count(3, "item is", "items are")
    ('1 item', '3 items are')
    """
    return f"{n} {one if n == 1 else (many or one + 's')}"


def blank(value) -> bool:
    """An input left empty: None or only spaces."""
    return value is None or isinstance(value, str) and not value.strip()


def quoted(texts) -> str:
    """Texts in curly quotes joined as a list in words: “a”, “b” and “c”."""
    texts = [f"“{t}”" for t in texts]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1]


@dataclass(frozen=True)
class Graded:
    """The verdict on one readable answer (``correct`` is None for a reflection).

    ``later`` is shown from the second wrong attempt on; the same ``key`` twice counts once.
    """

    correct: bool | None
    feedback: str
    answer: object
    later: str = ""
    key: str = ""

    def __post_init__(self):
        if not self.key:
            object.__setattr__(self, "key", json.dumps(self.answer, sort_keys=True,
                                                       ensure_ascii=False))


KINDS: dict[str, type[Kind]] = {}  # every kind by name, as its class registers


class Kind:
    """One exercise (a validated bank *spec*) seen through its kind; a subclass that sets
    ``name`` (the bank's ``kind``) registers itself in :data:`KINDS`."""

    name: ClassVar[str] = ""
    instruction: str = ""  # what the student is asked to do, in one line
    solution_label: ClassVar[str] = "Solution"
    graded: ClassVar[bool] = True
    properties: ClassVar[dict] = {}
    required: ClassVar[tuple[str, ...]] = ()
    schema_extra: ClassVar[dict] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.name:
            KINDS[cls.name] = cls

    def __init__(self, spec: dict):
        self.spec = spec
        self.controls: dict = {}

    @classmethod
    def validate(cls, spec: dict, fail) -> None:
        """Check what the schema cannot; complete derived fields. ``fail(field, message)``."""

    def grade(self, answer) -> Graded:
        """Grade a readable answer; raise :class:`~course.answers.AnswerError` otherwise."""
        raise NotImplementedError

    def key_of(self, answer, options: dict, what: str = "option") -> str:
        """The key of *options* that *answer* names (any case and spacing)."""
        if blank(answer):
            raise AnswerError(f"No {what} chosen yet; choose one of: {', '.join(options)}.")
        if isinstance(answer, str):
            folded = {k.casefold(): k for k in options}
            key = folded.get(answer.strip().casefold())
            if key is not None:
                return key
        raise AnswerError(f"{shown(answer)} is not an option here; choose one of: "
                          f"{', '.join(options)}.")

    def lists(self) -> list[tuple[str, list[str]]]:
        """What the student chooses from, as ``(heading, entries)`` (static renderings).

        Options are lettered by position, as in a choice exercise's keys: a key such as
        ``nv-used`` would tell the reader what the option is about."""
        options = self.spec.get("options") or {}
        return [("Options", [f"({chr(97 + n)}) {text}" for n, text in
                             enumerate(options.values())])] if options else []

    def context(self) -> tuple[str, str]:
        """Material shown with the prompt, ``(plain text, HTML)`` (a claim's passage)."""
        return "", ""

    def answer_text(self) -> str:
        """The right answer in words: by default the text of the right option."""
        return self.spec["options"][self.spec["answer"]]

    def solution(self) -> tuple[str, str]:
        """The solution and its explanation: ``(plain text, HTML)``."""
        why = f"\n\n**Why:** {self.spec['explanation']}" if self.spec.get("explanation") else ""
        return rendered(f"**{self.solution_label}:** {self.spec['solution']}{why}",
                        "course-solution")

    def aside(self) -> tuple[str, str] | None:
        """What the kind shows after an answer (a claim's evidence): ``(text, HTML)`` or None."""
        return None

    def static_text(self, *, solution: bool = False) -> str:
        """The exercise as plain text, for renderers without widgets.

        Examples
        --------
        >>> from course.exercises.kinds import kind_of
        >>> print(kind_of({"id": "00.demo", "kind": "choice", "prompt": "Is R1 **open**?",
        ...                "options": {"a": "Yes", "b": "Open weights only"}}).static_text())
        Exercise 00.demo: Is R1 open?
        Choose one answer.
        Options:
          - (a) Yes
          - (b) Open weights only
        (Run this notebook in JupyterLab to answer and get feedback.)
        """
        context = self.context()[0]
        lines = [f"Exercise {self.spec['id']}: {to_text(self.spec['prompt'])}",
                 *([context] if context else []), self.instruction]
        for heading, entries in self.lists():
            lines += [f"{heading}:", *(f"  - {entry}" for entry in entries)]
        if solution:
            lines.append(f"Answer: {self.answer_text()}")
        return "\n".join([*lines, f"({LIVE})"])

    def static_html(self, *, solution: bool = False) -> str:
        """The exercise as HTML for renderers without widgets (no script, no styles)."""
        return str(macros().static(self, solution, LIVE))

    def inputs(self) -> list:
        """Build the input widgets (kept in ``self.controls``) and return them in order."""
        self.controls = {"answer": radio(self.spec["options"])}
        return [self.controls["answer"]]

    def read(self):
        """The answer the inputs hold, in the form :meth:`grade` accepts: the ``answer``
        input's value, or each input's value by its key."""
        if list(self.controls) == ["answer"]:
            return self.controls["answer"].value
        return {key: control.value for key, control in self.controls.items()}

    def show(self, answer) -> None:
        """Put a graded answer (:attr:`Graded.answer`) back into the inputs, as :meth:`read`
        reads them."""
        if list(self.controls) == ["answer"]:
            self.controls["answer"].value = answer
        else:
            for key, control in self.controls.items():
                control.value = answer[key]


LABEL = {"description_width": "initial"}


def radio(options: dict, description: str = "Your answer:"):
    """One radio button per option (ipywidgets is imported when a widget is built)."""
    import ipywidgets as widgets

    return widgets.RadioButtons(options=[(text, key) for key, text in options.items()],
                                value=None, description=description, style=LABEL,
                                layout=widgets.Layout(width="auto"))


def text_area(placeholder: str, description: str = "Your answer:", rows: int = 6):
    import ipywidgets as widgets

    return widgets.Textarea(value="", description=description, rows=rows,
                            placeholder=placeholder, style=LABEL,
                            layout=widgets.Layout(width="100%"))


def menus(labels: dict, choices: list[tuple[str, object]]) -> dict:
    """One labelled drop-down per item of *labels*, each offering *choices*."""
    import ipywidgets as widgets

    return {key: widgets.Dropdown(options=[("— choose —", None), *choices], value=None,
                                  description=text, style={"description_width": "60%"},
                                  layout=widgets.Layout(width="100%"))
            for key, text in labels.items()}
