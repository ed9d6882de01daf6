"""Notebook 09's brief form: write, save and export a policy brief without typing Python.

The draft (:mod:`course.brief`) is saved with the student's progress after each pause in typing;
a problem is a message in the form (``course-brief-message``, ``-status``, ``-saved``).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as _dt
import math
import re
from functools import cache
from pathlib import Path

import ipywidgets as widgets
from IPython.display import HTML

from . import brief, policy, progress, snapshot
from .data import project_root, templates
from .tables import load_table

__all__ = ["OWN", "BriefForm", "example", "example_draft", "export", "run_from",
           "write_example"]

OWN = "(own)"  # the question menu's "My own question" entry
STEPS = ("Seat, question and position", "Evidence", "Model runs",
         "The other side and your recommendation")
TEXTS = ("author", "title", "position", "model_note", "other_side", "recommendation")


@cache
def _html():
    """The macros of ``course/templates/capstone.html``, which write the form's HTML."""
    return templates().get_template("capstone.html").module


def _caveats(explorer) -> list[str]:
    values, defaults, name = explorer.values, explorer.defaults, explorer.name
    notes = []
    if name == "training-cost" and values["utilization_pct"] == defaults["utilization_pct"]:
        notes.append("The utilisation is the one that makes DeepSeek-V3's figures match its "
                     "reported GPU-hours, so a run of V3 with it only reproduces the report: "
                     "it cannot confirm it.")
    if name == "api-bill" and values["model_a"] != values["model_b"]:
        notes.append("A bill compares list prices, not quality: the two APIs serve different "
                     "models, so a cheaper bill can mean a less capable model.")
    flop = explorer.result.get("training_flops")
    if flop and any(math.isclose(flop, r.threshold) for r in policy.threshold_rules()):
        notes.append("A rule applies above its line: a run exactly at a threshold is not "
                     "above it, so the rule does not bind it.")
    return notes


def run_from(explorer) -> dict:
    """The explorer's current run for a brief: result, inputs with their sources, caveats
    and chart. ``ValueError`` if it shows no result."""
    if explorer.error:
        raise ValueError(f"the explorer shows a problem ({explorer.error}); fix its inputs "
                         "first")
    prices = load_table("prices").set_index("id")
    cited = brief.config()["default_facts"].get(explorer.name, {})
    inputs = []
    for key, control in explorer.controls.items():
        default = control.value == explorer.defaults.get(key)
        facts = list(cited.get(key, [])) if default else []
        basis = ("" if facts else "an assumption: the explorer's default" if default else
                 "your assumption")
        if key == "utilization_pct" and facts:
            basis = "implied by DeepSeek-V3's reported GPU-hours"
        if isinstance(control, widgets.Dropdown) and control.value in prices.index:
            facts, basis = list(prices.loc[control.value, "fact_ids"] or ()), "list price"
        # a number typed as text (3.8e25) stays as the student typed it
        inputs.append({"name": control.description, "value": snapshot.control_text(control),
                       "basis": basis, "facts": facts})
    png = re.search(r"base64,([A-Za-z0-9+/=]+)", explorer.chart.value)
    return {"explorer": explorer.name, "title": explorer.title,
            "result": explorer.summary_text.split("\n")[0], "inputs": inputs,
            "caveats": _caveats(explorer), "png": png.group(1) if png else "",
            "alt": explorer.alt}


def export(draft: dict, folder=None, items=None) -> Path:
    """Write ``brief.md``, its ``chart-N.png`` and ``brief.html`` into *folder* (default: the
    author's folder); return it. ``ValueError`` says why when nothing may be exported yet."""
    if blocker := brief.export_blocker(draft):
        raise ValueError(blocker)
    folder = Path(folder or brief.briefs_root() / brief.folder_name(draft["author"]))
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("chart-*.png"):
        old.unlink()
    for n, run in enumerate(draft["runs"], 1):  # numbered by run, as brief.md links them
        if run["png"]:
            (folder / f"chart-{n}.png").write_bytes(base64.b64decode(run["png"]))
    (folder / "brief.md").write_text(brief.to_markdown(draft, items), encoding="utf-8")
    (folder / "brief.html").write_text(brief.to_html(draft, items), encoding="utf-8")
    return folder


def example_draft() -> dict:
    """The worked example (``data/capstone.toml``), its runs taken from fresh explorers."""
    from . import explorers

    spec = dict(brief.config()["example"])
    runs = []
    for run in spec.pop("runs", []):
        explorer = getattr(explorers, run["explorer"].replace("-", "_"))()
        explorer.set(**run["settings"])
        runs.append(run_from(explorer))
    return brief.clean({**spec, "runs": runs})[0]


def example():
    """The worked example, to display in a notebook."""
    return HTML(f'<div class="mathjax_ignore">{brief.to_html(example_draft(), standalone=False)}'
                "</div>")


def write_example() -> Path:
    """Regenerate ``docs/example-brief/``."""
    return export(example_draft(), project_root() / "docs" / "example-brief")


def _control(kind, label, placeholder=None, **extra):
    if placeholder is not None:
        extra["placeholder"] = placeholder
    return kind(description=label, style={"description_width": "9.5em"},
                layout=widgets.Layout(width="98%"), **extra)


class BriefForm(widgets.VBox):
    """The capstone form, driven through its widgets' ``.value`` and buttons' ``.click()``.

    *explorers* offer their runs; *store* (default: the student's progress store) keeps the
    draft, saved *delay* seconds after the last change.
    """

    def __init__(self, *explorers, store=None, delay: float = 0.5):
        super().__init__()
        self.store = progress.store() if store is None else store
        self.delay, self._pending, self._quiet, self._current = delay, None, True, None
        self._exported = False  # the status line shows the last export until then
        self.items, self.explorers = brief.evidence_items(), explorers
        cfg = brief.config()
        say, text, area = cfg["prompts"], widgets.Text, widgets.Textarea
        self.author = _control(text, "Your name", say["author"])
        self.seat = _control(widgets.Dropdown, "Seat", options=[("Choose a seat…", "")] + [
            (name.capitalize(), key) for key, (name, _) in cfg["seats"].items()])
        self.question = _control(widgets.Dropdown, "Question", options=[
            ("Choose a question…", ""), *((q, k) for k, q in cfg["questions"].items()),
            ("My own question…", OWN)])
        self.own_question = _control(text, "Your question", say["question"])
        self.title = _control(text, "Headline", say["title"])
        self.position = _control(area, "Position", say["position"], rows=4)
        self.search = _control(text, "Search", "a word or an id: licence, GPU-hours, Art. 53…")
        self.results = _control(widgets.Select, "Evidence", rows=8)
        self.detail, self.note = widgets.HTML(), _control(text, "Your note", say["note"])
        self.chosen = _control(widgets.Select, "In your brief", rows=5)
        self.runs = _control(widgets.Select, "Your runs", rows=4)
        self.model_note = _control(area, "What they show", say["model_note"], rows=3)
        self.other_side = _control(area, "Other side", say["other_side"], rows=5)
        self.recommendation = _control(area, "Recommendation", say["recommendation"], rows=4)

        def button(description, icon, **extra):
            return widgets.Button(description=description, icon=icon,
                                  layout=widgets.Layout(width="auto", flex="none"), **extra)

        self.add_evidence = button("Add to my brief", "plus")
        self.remove_evidence = button("Remove from my brief", "minus")
        self.remove_run = button("Remove run", "minus")
        self.export_button = button("Export my brief", "download", button_style="primary")
        self.run_buttons = [button(f"Add this {e.name.replace('-', ' ')} run to my brief",
                                   "plus") for e in explorers]
        self.run_labels = [widgets.HTML() for _ in explorers]
        self.preview, self.todo = (widgets.HTML(layout=widgets.Layout(width="100%", min_width="0"))
                                   for _ in range(2))
        self.message, self.status, self.saved = (widgets.HTML() for _ in range(3))
        self._layout(cfg["rubric"])
        self._wire()
        try:
            stored = self.store.load_draft(brief.DRAFT_NAME)
        except Exception as error:  # noqa: BLE001 - a student sees a message, not a traceback
            stored, self.message.value = None, _html().say(
                f"Your saved draft could not be read ({error}); the form starts empty.", True)
        self.draft, notes = brief.clean(stored or brief.template(), self.items)
        if notes:
            self.message.value = _html().say(" ".join(notes))
        self._fill()
        self.saved.value = _html().say("Draft restored from your progress." if stored else
                                       "Your draft saves itself as you write.")

    def _layout(self, rubric):
        def step(title, *children):  # min_width 0: a grid column may be narrower than its text
            return widgets.VBox([widgets.HTML(f"<h4>{title}</h4>"), *children],
                                layout=widgets.Layout(min_width="0"))

        runs = [widgets.VBox(pair) for pair in zip(self.run_labels, self.run_buttons, strict=True)]
        parts = [(self.author, self.seat, self.question, self.own_question, self.title,
                  self.position),
                 (self.search, self.results, self.detail, self.note, self.add_evidence,
                  self.chosen, self.remove_evidence),
                 (*runs, self.runs, self.remove_run, self.model_note),
                 (self.other_side, self.recommendation)]
        form = widgets.VBox([step(f"{k} · {title}", *children) for k, (title, children)
                             in enumerate(zip(STEPS, parts, strict=True), 1)])
        side = step("Preview", self.preview, self.todo,
                    widgets.HTML(_html().rubric(rubric, brief.LEVELS)))
        grid = widgets.GridBox([form, side], layout=widgets.Layout(
            grid_template_columns="repeat(auto-fit, minmax(380px, 1fr))", grid_gap="8px 24px"))
        self.children = [grid, self.message, widgets.HBox([self.export_button, self.status]),
                         self.saved]
        for widget, name in ((self, "form"), (self.message, "message"),
                             (self.status, "status"), (self.saved, "saved")):
            widget.add_class(f"course-brief-{name}")

    def _repr_mimebundle_(self, **kwargs):
        """The widget, and the form's four steps for a page without widgets."""
        note = ("The brief form works in JupyterLab: open this notebook there to write your "
                "brief. It has four steps:")
        return snapshot.with_html(super()._repr_mimebundle_(**kwargs), _html().steps(note, STEPS),
                                  note + "".join(f"\n{k}. {s}" for k, s in enumerate(STEPS, 1)))

    def _wire(self):
        for name in (*TEXTS, "seat", "question", "own_question"):
            getattr(self, name).observe(self._changed, names="value")
        self.search.observe(lambda _: self._list_results(), names="value")
        for listing in (self.results, self.chosen):
            listing.observe(lambda change: self._pick(change["new"]), names="value")
        self.add_evidence.on_click(lambda _: self._add_evidence())
        self.remove_evidence.on_click(lambda _: self._remove("evidence", self.chosen.value))
        self.remove_run.on_click(lambda _: self._remove("runs", self.runs.value))
        self.export_button.on_click(lambda _: self.export())
        for button, label, explorer in zip(self.run_buttons, self.run_labels, self.explorers,
                                           strict=True):
            button.on_click(lambda _, e=explorer: self._add_run(e))
            explorer.summary.observe(lambda _, e=explorer, lab=label: setattr(
                lab, "value", _html().now(e)), names="value")
            label.value = _html().now(explorer)

    def _fill(self):
        """Show the draft in the widgets (without saving)."""
        self._quiet, d = True, self.draft
        try:
            for name in TEXTS:
                getattr(self, name).value = d[name]
            own = d["question"] not in brief.config()["questions"] and (
                bool(d["question"]) or self.question.value == OWN)  # kept while still empty
            self.seat.value, self.question.value = d["stakeholder"], OWN if own else d["question"]
            self.own_question.value = d["question"] if own else ""
            self.own_question.layout.display = None if own else "none"
            self._list_results()
            self.chosen.options = [(f"{k}. {self.items[e['ref']].label}", e["ref"])
                                   for k, e in enumerate(d["evidence"], 1)]
            self.runs.options = [(f"{k}. {r['title']} {r['result'][:80]}", k - 1)
                                 for k, r in enumerate(d["runs"], 1)]
            self.chosen.value = self.runs.value = None
        finally:
            self._quiet = False
        self._render()

    def _changed(self, _change=None):
        if self._quiet:
            return
        own = self.question.value == OWN
        self.own_question.layout.display = None if own else "none"
        self._update(date=_dt.date.today().isoformat(), stakeholder=self.seat.value,
                     question=self.own_question.value if own else self.question.value,
                     **{name: getattr(self, name).value for name in TEXTS})

    def _update(self, **parts):
        self.draft, notes = brief.clean({**self.draft, **parts}, self.items)
        self.message.value = _html().say(" ".join(notes))
        typed = set(parts) <= set(brief.TEXT_FIELDS)
        if notes or not typed:
            self._fill()
        if self._pending is not None:
            self._pending.cancel()
        with contextlib.suppress(RuntimeError):  # without a running event loop, save at once
            if typed and self.delay > 0:
                self._pending = asyncio.get_running_loop().call_later(self.delay, self.save)
                return
        self.save()

    def save(self) -> bool:
        """Save the draft now and refresh the preview; True when it was saved."""
        if self._pending is not None:
            self._pending.cancel()
        self._pending = None
        self._render()
        try:
            self.store.save_draft(brief.DRAFT_NAME, self.draft)
        except Exception as error:  # noqa: BLE001 - shown in the form, never a traceback
            self.saved.value = _html().say(f"Your draft could not be saved ({error}). Copy your "
                                           "text somewhere safe.", True)
            return False
        memory = self.store.in_memory
        self.saved.value = _html().say(
            f"Draft kept in memory only. {self.store.notice}" if memory else
            f"Draft saved at {_dt.datetime.now():%H:%M:%S}.", memory)
        return True

    def _render(self):
        self.preview.value = _html().preview(brief.to_html(self.draft, self.items,
                                                           standalone=False))
        self.todo.value = _html().todo(brief.problems(self.draft, self.items))
        if not self._exported:
            self.status.value = _html().say(
                "Nothing is exported until you write your position (step 1)."
                if brief.export_blocker(self.draft) else "Ready to export.")

    def _list_results(self):
        found = brief.search(self.search.value, self.items)[:200]
        self.results.options = [(self.items[ref].label, ref) for ref in found]
        self.results.value = None

    def _pick(self, ref):
        if ref is None:
            return
        self._current = ref
        self.detail.value = _html().evidence(self.items[ref])
        self.note.value = next((e["note"] for e in self.draft["evidence"] if e["ref"] == ref), "")

    def _add_evidence(self):
        ref, evidence = self._current, {e["ref"]: e for e in self.draft["evidence"]}
        if ref is None or ref not in evidence and len(evidence) >= brief.MAX_EVIDENCE:
            self.message.value = _html().say(
                "Pick an item from the evidence list first." if ref is None else
                f"A one-page brief takes at most {brief.MAX_EVIDENCE} pieces of evidence; remove "
                "one first.", True)
            return
        evidence[ref] = {"ref": ref, "note": self.note.value}  # a new note keeps its place
        self._update(evidence=list(evidence.values()))

    def _add_run(self, explorer):
        try:
            if len(self.draft["runs"]) >= brief.MAX_RUNS:
                raise ValueError(f"a one-page brief takes at most {brief.MAX_RUNS} model runs; "
                                 "remove one first")
            run = run_from(explorer)
        except ValueError as error:
            self.message.value = _html().say(f"That run was not added: {error}.", True)
            return
        self._update(runs=[*self.draft["runs"], run])

    def _remove(self, part, chosen):
        if chosen is None:
            where = "under 'In your brief'" if part == "evidence" else "under 'Your runs'"
            self.message.value = _html().say(f"Pick an item {where} first.", True)
            return
        self._update(**{part: [x for k, x in enumerate(self.draft[part])
                               if chosen not in (k, x.get("ref"))]})

    def export(self) -> Path | None:
        """Save what is pending, then export the brief; None when nothing was written."""
        if self._pending is not None:
            self.save()
        try:
            folder = export(self.draft, items=self.items)
        except (ValueError, OSError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.status.value = _html().say(reason if isinstance(error, ValueError) else
                                            f"The brief could not be written ({reason}).", True)
            return None
        self._exported = True
        page = base64.b64encode((folder / "brief.html").read_bytes()).decode("ascii")
        self.status.value = _html().exported(folder, page,
                                             len(brief.problems(self.draft, self.items)))
        return folder
