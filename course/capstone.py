"""Notebook 09's brief form: write, save and export a policy brief without typing Python.

:class:`BriefForm` edits a draft (see :mod:`course.brief`) in four steps (seat,
question and position; evidence; model runs; the other side and the recommendation)
beside a live preview and the rubric. The draft is saved with the student's progress
(:meth:`~course.progress.ProgressStore.save_draft`) half a second after the last change,
so a restarted kernel or a closed tab loses nothing, and building the form again restores
it. Model runs are read from the explorers the form is given (:func:`run_from`). Export
writes ``brief.md`` (charts beside it as PNG) and ``brief.html`` (charts embedded, nothing
loaded from elsewhere) once a position is written. A problem is a message in the form,
never a traceback.

DOM classes (for browser tests): ``course-brief-form`` on the root; ``course-brief-preview``,
``course-brief-status`` and ``course-brief-saved`` on its parts.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as _dt
import html
import math
import re
from pathlib import Path

import ipywidgets as widgets

from . import brief, policy
from .tables import load_table

__all__ = ["BriefForm", "brief_form", "example", "example_draft", "export", "run_from",
           "write_example"]

OWN = "(own)"  # the question menu's "My own question" entry
# Facts behind an explorer's default settings: a control left at its default cites them.
_DEFAULT_FACTS = {
    "training-cost": {"params_b": ["v3-params-active"], "tokens_t": ["v3-tokens"],
                      "peak_tflops": ["h800-peak-bf16"], "usd_per_gpu_hour": ["v3-rental-price"],
                      "n_gpus": ["v3-gpus"], "utilization_pct": [
                          "v3-params-active", "v3-tokens", "v3-gpu-hours-total",
                          "h800-peak-bf16"]},
    "api-bill": {"subscription_usd": ["chatgpt-pro-monthly"]},
    "compute-thresholds": {"flop_exp": ["llama31-405b-flop"]},
}


# ---------------------------------------------------------------- model runs


def _caveats(explorer) -> list[str]:
    values, defaults, name = explorer.values, explorer.defaults, explorer.name
    notes = []
    if name == "training-cost" and values.get("utilization_pct") == defaults.get(
            "utilization_pct"):
        notes.append("The utilisation is the one that makes DeepSeek-V3's figures match its "
                     "reported GPU-hours, so a run of V3 with it only reproduces the report: "
                     "it cannot confirm it.")
    if name == "api-bill" and values.get("model_a") != values.get("model_b"):
        notes.append("A bill compares list prices, not quality: the two APIs serve different "
                     "models, so a cheaper bill can mean a less capable model.")
    flop = explorer.result.get("training_flops")
    if flop and any(math.isclose(flop, r.threshold) for r in policy.threshold_rules()):
        notes.append("A rule applies above its line: a run exactly at a threshold is not "
                     "above it, so the rule does not bind it.")
    return notes


def run_from(explorer) -> dict:
    """The explorer's current run as a brief's model run: its result, every input with its
    source (a fact when the input is the explorer's sourced default, else "your
    assumption"), caveats, and the chart the student sees.

    Raises ``ValueError`` when the explorer cannot show a result for its inputs.
    """
    if explorer.error:
        raise ValueError(f"the explorer shows a problem ({explorer.error}); fix its inputs "
                         "first")
    prices = load_table("prices").set_index("id")
    sourced = _DEFAULT_FACTS.get(explorer.name, {})
    inputs = []
    for key, control in explorer.controls.items():
        value = control.value
        default = value == explorer.defaults.get(key)
        facts = list(sourced.get(key, [])) if default else []
        basis = "" if facts else "the explorer's default" if default else "your assumption"
        if isinstance(control, widgets.Dropdown):
            shown = control.label
            if value in prices.index:
                facts, basis = list(prices.loc[value, "fact_ids"] or ()), "list price"
        elif isinstance(value, _dt.date):
            shown = value.isoformat()
        elif isinstance(value, bool):
            shown = "yes" if value else "no"
        else:
            shown = f"{value:,g}"
        if key == "utilization_pct" and facts:
            basis = "implied by DeepSeek-V3's reported GPU-hours"
        inputs.append({"name": control.description, "value": shown, "basis": basis,
                       "facts": facts})
    png = re.search(r"base64,([A-Za-z0-9+/=]+)", explorer.chart.value)
    return {"explorer": explorer.name, "title": explorer.title,
            "result": explorer.summary_text.split("\n")[0], "inputs": inputs,
            "caveats": _caveats(explorer), "png": png.group(1) if png else "",
            "alt": explorer.alt}


# ---------------------------------------------------------------- export


def export(draft: dict, folder=None, items=None) -> Path:
    """Write ``brief.md``, its charts (``chart-N.png``) and ``brief.html`` into *folder*
    (default: the author's folder under :func:`course.brief.briefs_root`); return the
    folder. Raises ``ValueError`` with the reason when nothing may be exported yet."""
    items = brief.evidence_items() if items is None else items
    blocker = brief.export_blocker(draft)
    if blocker:
        raise ValueError(blocker)
    folder = Path(folder) if folder else brief.briefs_root() / brief.folder_name(draft["author"])
    folder.mkdir(parents=True, exist_ok=True)
    charts = [r["png"] for r in draft["runs"] if r["png"]]
    for old in folder.glob("chart-*.png"):
        old.unlink()
    for n, png in enumerate(charts, 1):
        (folder / f"chart-{n}.png").write_bytes(base64.b64decode(png))
    (folder / "brief.md").write_text(brief.to_markdown(draft, items), encoding="utf-8")
    (folder / "brief.html").write_text(brief.to_html(draft, items), encoding="utf-8")
    return folder


def example_draft() -> dict:
    """The worked example (``data/capstone.toml``), its runs read from fresh explorers."""
    from . import explorers

    spec = dict(brief.config()["example"])
    makers = {"training-cost": explorers.training_cost, "api-bill": explorers.api_bill,
              "compute-thresholds": explorers.compute_thresholds}
    runs = []
    for run in spec.pop("runs", []):
        explorer = makers[run["explorer"]]()
        explorer.set(**run["settings"])
        runs.append(run_from(explorer))
    draft, _ = brief.clean({**spec, "runs": runs})
    return draft


def example():
    """The worked example, ready to display in a notebook (the page as HTML)."""
    from IPython.display import HTML

    return HTML('<div class="course-brief-example mathjax_ignore">'
                f"{brief.to_html(example_draft(), standalone=False)}</div>")


def write_example(folder=None) -> Path:
    """Regenerate ``docs/example-brief/`` (or write the example into *folder*)."""
    from .data import project_root

    return export(example_draft(), folder or project_root() / "docs" / "example-brief")


# ---------------------------------------------------------------- the form


def _box(widget, *classes):
    for name in classes:
        widget.add_class(name)
    return widget


def _text(description, placeholder, area=False, rows=4):
    cls = widgets.Textarea if area else widgets.Text
    extra = {"rows": rows} if area else {}
    return cls(description=description, placeholder=placeholder, continuous_update=True,
               style={"description_width": "8em"}, layout=widgets.Layout(width="98%"), **extra)


class BriefForm(widgets.VBox):
    """The capstone form (see the module notes); drive it from Python through its widgets'
    ``.value`` and buttons' ``.click()``, as a student does with the mouse.

    Parameters
    ----------
    *explorers : Explorer
        Explorers whose current run the student can add (training cost, API bill, compute
        thresholds).
    store : ProgressStore, optional
        Where the draft is saved; default the student's progress store.
    delay : float
        Seconds of quiet before a change is saved and previewed (0: at once).
    """

    def __init__(self, *explorers, store=None, delay: float = 0.5):
        super().__init__()
        from . import progress

        self.store = progress.store() if store is None else store
        self.delay, self._pending, self._quiet = delay, None, True
        self.items = brief.evidence_items()
        self.explorers = explorers
        cfg = brief.config()
        prompts = cfg["prompts"]
        self.author = _text("Your name", prompts["author"])
        self.seat = widgets.Dropdown(description="Seat", options=[("Choose a seat…", "")] + [
            (name.capitalize(), key) for key, (name, _) in cfg["seats"].items()],
            style={"description_width": "8em"})
        self.question = widgets.Dropdown(description="Question", options=[
            ("Choose a question…", "")] + [(q, k) for k, q in cfg["questions"].items()] + [
            ("My own question…", OWN)], style={"description_width": "8em"},
            layout=widgets.Layout(width="98%"))
        self.own_question = _text("Your question", prompts["question"])
        self.title = _text("Headline", prompts["title"])
        self.position = _text("Position", prompts["position"], area=True)
        self.search = _text("Search", "a word or an id: licence, GPU-hours, Art. 53…")
        self.results = widgets.Select(description="Evidence", rows=8,
                                      style={"description_width": "8em"},
                                      layout=widgets.Layout(width="98%"))
        self.detail = widgets.HTML()
        self.note = _text("Your note", prompts["note"])
        self.add_evidence = widgets.Button(description="Add to my brief", icon="plus")
        self.chosen = widgets.Select(description="In your brief", rows=5,
                                     style={"description_width": "8em"},
                                     layout=widgets.Layout(width="98%"))
        self.remove_evidence = widgets.Button(description="Remove from my brief", icon="minus")
        self.run_buttons = [widgets.Button(description=f"Add this {e.name.replace('-', ' ')} "
                                           "run to my brief", icon="plus",
                                           layout=widgets.Layout(width="auto"))
                            for e in explorers]
        self.run_labels = [widgets.HTML() for _ in explorers]
        self.runs = widgets.Select(description="Your runs", rows=4,
                                   style={"description_width": "8em"},
                                   layout=widgets.Layout(width="98%"))
        self.remove_run = widgets.Button(description="Remove run", icon="minus")
        self.model_note = _text("What they show", prompts["model_note"], area=True, rows=3)
        self.other_side = _text("Other side", prompts["other_side"], area=True, rows=5)
        self.recommendation = _text("Recommendation", prompts["recommendation"], area=True)
        self.message = _box(widgets.HTML(), "course-brief-message")
        self.preview = widgets.HTML()
        self.todo = widgets.HTML()
        self.export_button = widgets.Button(description="Export my brief", icon="download",
                                            button_style="primary")
        self.status = _box(widgets.HTML(), "course-brief-status")
        self.saved = _box(widgets.HTML(), "course-brief-saved")
        self._layout(cfg)
        self._wire()
        try:
            stored = self.store.load_draft(brief.DRAFT_NAME)
        except Exception as error:  # noqa: BLE001 - a student sees a message, not a traceback
            stored, self.message.value = None, _say(f"Your saved draft could not be read "
                                                    f"({error}); the form starts empty.")
        self.draft, notes = brief.clean(stored or brief.template(), self.items)
        if notes:
            self.message.value = _say(" ".join(notes))
        self._fill()
        self.saved.value = _say("Draft restored from your progress." if stored else
                                "Your draft saves itself as you write.")
        self.status.value = _say(brief.export_blocker(self.draft) or
                                 "Ready to export when you are.")

    # -- layout and wiring
    def _layout(self, cfg):
        def step(title, *children):
            return widgets.VBox([widgets.HTML(f"<h4>{html.escape(title)}</h4>"), *children])

        runs = [widgets.HBox([b, label]) for b, label in zip(self.run_buttons, self.run_labels,
                                                            strict=True)]
        rubric = "".join(
            f"<details><summary>{html.escape(r['name'])}</summary><ul>" + "".join(
                f"<li><b>{lvl}</b>: {html.escape(text)}</li>" for lvl, text in
                zip(brief.LEVELS, r["levels"], strict=True)) + "</ul></details>"
            for r in cfg["rubric"])
        form = widgets.VBox([
            step("1 · Seat, question and position", self.author, self.seat, self.question,
                 self.own_question, self.title, self.position),
            step("2 · Evidence", self.search, self.results, self.detail, self.note,
                 widgets.HBox([self.add_evidence]), self.chosen,
                 widgets.HBox([self.remove_evidence])),
            step("3 · Model runs", *runs or [widgets.HTML(
                "<p>Give the form the explorers above to add their runs.</p>")],
                 self.runs, widgets.HBox([self.remove_run]), self.model_note),
            step("4 · The other side and your recommendation", self.other_side,
                 self.recommendation)])
        side = widgets.VBox([widgets.HTML("<h4>Preview</h4>"), self.preview, self.todo,
                             widgets.HTML(f"<h4>The rubric</h4>{rubric}")])
        self.children = [
            widgets.GridBox([form, side], layout=widgets.Layout(
                grid_template_columns="repeat(auto-fit, minmax(380px, 1fr))",
                grid_gap="8px 24px")),
            self.message, widgets.HBox([self.export_button, self.status]), self.saved]
        self.add_class("course-brief-form")

    def _wire(self):
        for w in (self.author, self.seat, self.question, self.own_question, self.title,
                  self.position, self.model_note, self.other_side, self.recommendation):
            w.observe(self._changed, names="value")
        self.search.observe(lambda _: self._list_results(), names="value")
        self.results.observe(lambda c: self._pick(c["new"]), names="value")
        self.chosen.observe(lambda c: self._pick(c["new"]), names="value")
        self.add_evidence.on_click(lambda _: self._add_evidence())
        self.remove_evidence.on_click(lambda _: self._remove_evidence())
        self.remove_run.on_click(lambda _: self._remove_run())
        self.export_button.on_click(lambda _: self.export())
        for button, label, explorer in zip(self.run_buttons, self.run_labels, self.explorers,
                                           strict=True):
            button.on_click(lambda _, e=explorer: self._add_run(e))
            explorer.summary.observe(lambda _, e=explorer, lab=label: self._label(e, lab),
                                     names="value")
            self._label(explorer, label)

    @staticmethod
    def _label(explorer, label):
        now = explorer.summary_text.split("\n")[0]
        label.value = f"<p><b>{html.escape(explorer.title)}</b> Now: {html.escape(now)}</p>"

    def _fill(self):
        """Show the draft in the widgets (no save)."""
        self._quiet = True
        d = self.draft
        try:
            self.author.value, self.seat.value = d["author"], d["stakeholder"]
            own = d["question"] and d["question"] not in brief.config()["questions"]
            self.question.value = OWN if own else d["question"]
            self.own_question.value = d["question"] if own else ""
            self.own_question.layout.display = None if own else "none"
            for name in ("title", "position", "model_note", "other_side", "recommendation"):
                getattr(self, name).value = d[name]
            self._list_results()
            self.chosen.options = [(f"{k}. {self.items[e['ref']].label}", e["ref"])
                                   for k, e in enumerate(d["evidence"], 1)]
            self.chosen.value = None
            self.runs.options = [(f"{k}. {r['title']} {r['result'][:80]}", k - 1)
                                 for k, r in enumerate(d["runs"], 1)]
        finally:
            self._quiet = False
        self._render()

    # -- behaviour
    def _changed(self, _change=None):
        if self._quiet:
            return
        own = self.question.value == OWN
        self.own_question.layout.display = None if own else "none"
        data = {**self.draft, "date": _dt.date.today().isoformat(),
                "question": self.own_question.value if own else self.question.value,
                "stakeholder": self.seat.value}
        for name in ("author", "title", "position", "model_note", "other_side",
                     "recommendation"):
            data[name] = getattr(self, name).value
        self.draft, notes = brief.clean(data, self.items)
        self.message.value = _say(" ".join(notes)) if notes else ""
        if notes:
            self._fill()
        self._schedule()

    def _schedule(self):
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if self.delay <= 0 or loop is None:
            self.save()
        else:
            self._pending = loop.call_later(self.delay, self.save)

    def save(self) -> bool:
        """Save the draft now and refresh the preview; True when it was saved."""
        if self._pending is not None:
            self._pending.cancel()
        self._pending = None
        self._render()
        try:
            self.store.save_draft(brief.DRAFT_NAME, self.draft)
        except Exception as error:  # noqa: BLE001 - shown in the form, never a traceback
            self.saved.value = _say(f"Your draft could not be saved ({error}). Copy your text "
                                    "somewhere safe.", problem=True)
            return False
        where = " (in memory only: see the warning above)" if getattr(
            self.store, "in_memory", False) else ""
        self.saved.value = _say(f"Draft saved at {_dt.datetime.now():%H:%M:%S}{where}.")
        return True

    def _render(self):
        self.preview.value = (
            '<div class="course-brief-preview mathjax_ignore tex2jax_ignore" tabindex="0" '
            'role="region" aria-label="Preview of your brief" style="max-height:36em;'
            'overflow:auto;border:1px solid #ccc;padding:0 1em">'
            + brief.to_html(self.draft, self.items, standalone=False) + "</div>")
        todo = brief.problems(self.draft, self.items)
        self.todo.value = ("<p><b>Still to do</b> (what a program can check):</p><ul>"
                           + "".join(f"<li>{html.escape(p)}</li>" for p in todo) + "</ul>"
                           if todo else "<p><b>Every part the rubric's checks can see is "
                           "there.</b> Whether the argument is good is for you and your "
                           "reader.</p>")

    def _list_results(self):
        found = brief.search(self.search.value, self.items)
        self.results.options = [(self.items[r].label, r) for r in found[:200]]
        self.results.value = None

    def _pick(self, ref):
        if ref is None:
            return
        item = self.items[ref]
        meaning = {"V": "verified in the primary source", "W": "widely reported: call it "
                   "reported", "NV": "not verified: cite it only to say so"}.get(
            item.rating, f"the course rates this claim {item.rating}")
        extra = f"<br><i>The course's correction:</i> {html.escape(item.detail)}" \
            if item.detail else ""
        self.detail.value = (f"<blockquote>{html.escape(item.text)}</blockquote><p><b>"
                             f"{item.rating}</b> ({meaning}) · {html.escape(item.source)}"
                             f"{extra}</p>")
        note = next((e["note"] for e in self.draft["evidence"] if e["ref"] == ref), "")
        self._current, self.note.value = ref, note

    def _add_evidence(self):
        ref = getattr(self, "_current", None)
        if ref is None:
            self.message.value = _say("Pick an item from the evidence list first.", True)
            return
        evidence = [e for e in self.draft["evidence"] if e["ref"] != ref]
        place = next((k for k, e in enumerate(self.draft["evidence"]) if e["ref"] == ref),
                     len(evidence))
        if place == len(evidence) and len(evidence) >= brief.MAX_EVIDENCE:
            self.message.value = _say(f"A one-page brief takes at most {brief.MAX_EVIDENCE} "
                                      "pieces of evidence; remove one first.", True)
            return
        evidence.insert(place, {"ref": ref, "note": self.note.value})
        self._update(evidence=evidence)

    def _remove_evidence(self):
        if self.chosen.value is None:
            self.message.value = _say("Pick an item under 'In your brief' first.", True)
            return
        self._update(evidence=[e for e in self.draft["evidence"]
                               if e["ref"] != self.chosen.value])

    def _add_run(self, explorer):
        if len(self.draft["runs"]) >= brief.MAX_RUNS:
            self.message.value = _say(f"A one-page brief takes at most {brief.MAX_RUNS} model "
                                      "runs; remove one first.", True)
            return
        try:
            run = run_from(explorer)
        except ValueError as error:
            self.message.value = _say(f"That run was not added: {error}.", True)
            return
        self._update(runs=[*self.draft["runs"], run])

    def _remove_run(self):
        if self.runs.value is None:
            self.message.value = _say("Pick a run under 'Your runs' first.", True)
            return
        self._update(runs=[r for k, r in enumerate(self.draft["runs"])
                           if k != self.runs.value])

    def _update(self, **parts):
        self.draft, notes = brief.clean({**self.draft, **parts}, self.items)
        self.message.value = _say(" ".join(notes)) if notes else ""
        self._fill()
        self.save()

    def export(self) -> Path | None:
        """Save, then export the brief (see :func:`export`); None when nothing was written."""
        self.save()
        try:
            folder = export(self.draft, items=self.items)
        except (ValueError, OSError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.status.value = _say(reason if isinstance(error, ValueError) else
                                     f"The brief could not be written ({reason}).", True)
            return None
        page = (folder / "brief.html").read_bytes()
        todo = brief.problems(self.draft, self.items)
        self.status.value = (
            f'<p role="status">Exported to <code>{html.escape(str(folder))}</code>: '
            f'<a download="brief.html" href="data:text/html;base64,'
            f'{base64.b64encode(page).decode("ascii")}">download brief.html</a> (for upload; '
            "charts inside) and brief.md with its charts."
            + (f" Still to do: {len(todo)} item(s) in the list above." if todo else "")
            + "</p>")
        return folder


def _say(text: str, problem: bool = False) -> str:
    style = ' style="color:#a40000"' if problem else ""
    return f'<p role="status"{style}>{html.escape(text)}</p>'


def brief_form(*explorers, store=None) -> BriefForm:
    """The capstone form over the student's saved draft (see :class:`BriefForm`)."""
    return BriefForm(*explorers, store=store)
