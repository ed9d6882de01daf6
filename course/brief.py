"""The capstone's policy brief: a seat, a question, a position, cited evidence and models.

A :class:`Brief` collects a student's choices for notebook 09: the stakeholder they
write for, the question, their position, evidence chosen from ``claims.csv`` and
``facts.csv`` (each carried with its source and confidence), model runs with the
student's own assumptions (training cost and compute thresholds, an API bill, demand
after a price cut), the strongest case on the other side and a recommendation.
:meth:`Brief.check` reads it against the mechanical parts of :data:`RUBRIC`,
:meth:`Brief.show` previews it, and :meth:`Brief.export` writes one page of Markdown
(``brief.md``) with PNG charts and a manifest (``brief.json``) into a folder of the
student's own, citing a source for every figure.

Where briefs are written
------------------------
:func:`student_folder` gives ``<root>/<name>`` with the root from :func:`briefs_root`:
``$COURSE_BRIEFS`` when it is set; otherwise, when ``$COURSE_PROGRESS`` is set (test
runs, the static-site build and hubs that keep a session's work elsewhere), a ``briefs``
folder beside that progress file; otherwise ``briefs/`` in the course folder (which git
should ignore); and if that cannot be written, ``open-weights-briefs`` in the home folder.
An export never overwrites a brief that another author wrote: the manifest records the
author, and a folder holding someone else's brief (or files of unknown origin with a
brief's names) is refused.

Mistakes are reported as :class:`BriefError` with a message that says what to change; in
Jupyter it shows as that message alone, not a traceback, and the brief is left as it was.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import policy
from .data import data_dir, project_root
from .facts import CONFIDENCE
from .formatting import count, did_you_mean, money, sci
from .tables import load_table, records

__all__ = ["ENV_VAR", "MANIFEST", "QUESTIONS", "RUBRIC", "STAKEHOLDERS", "Assumption", "Brief",
           "BriefError", "BriefTypeError", "Criterion", "Evidence", "ModelRun", "Stakeholder",
           "briefs_root", "catalogue", "example_brief", "rubric_markdown", "rubric_table",
           "student_folder", "write_example"]

ENV_VAR = "COURSE_BRIEFS"
MANIFEST = "brief.json"
_FORMAT = "open-weights-course-brief"
_MAX_EVIDENCE = 8
_BODY_WORDS = 700  # about one printed page of text, charts aside


# ---------------------------------------------------------------- errors


class BriefError(ValueError):
    """A choice the brief cannot use; the message says what to change.

    In Jupyter the message is shown on its own (no traceback), and the brief is unchanged.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"Your brief was not changed. {self}"]


class BriefTypeError(BriefError, TypeError):
    """A value of the wrong type (a number where text was expected, or the reverse)."""


def _dollars(markdown: str) -> str:
    r"""Escape dollar signs, so that Markdown renderers with maths ($...$) show money.

    Examples
    --------
    >>> print(_dollars(r"from $2 to $1, not \$3"))
    from \$2 to \$1, not \$3
    """
    return re.sub(r"(?<!\\)\$", r"\\$", markdown)


def _text(name: str, value, *, max_words: int, min_words: int = 1) -> str:
    if not isinstance(value, str):
        raise BriefTypeError(f"{name} must be text in quotes, e.g. {name}=\"...\"; "
                             f"got {value!r} ({type(value).__name__})")
    text = " ".join(value.split())
    words = len(text.split())
    if words < min_words:
        raise BriefError(f"{name} is empty or too short: write at least {min_words} "
                         f"word{'s' if min_words > 1 else ''}.")
    if words > max_words:
        raise BriefError(f"{name} has {words} words; keep it to {max_words} or fewer, so the "
                         "brief fits on one page.")
    return text


def _number(name: str, value, *, minimum: float | None = None,
            maximum: float | None = None, min_open: bool = False) -> float:
    from .checks import check_number

    try:
        return check_number(name, value, minimum=minimum, maximum=maximum,
                            min_open=min_open, array=False)
    except TypeError as error:
        raise BriefTypeError(f"{error}. Give a plain number such as 0.4 or 3.8e25.") from None
    except ValueError as error:
        raise BriefError(str(error)) from None


# ---------------------------------------------------------------- seats and questions


@dataclass(frozen=True)
class Stakeholder:
    """A seat to write from: who it is, and what it weighs."""

    id: str
    name: str
    interests: str


STAKEHOLDERS: dict[str, Stakeholder] = {s.id: s for s in (
    Stakeholder("government", "a national government",
                "security, growth and competition at home, public money, and how its rules "
                "fit those of its allies and rivals"),
    Stakeholder("open-lab", "an open-model lab",
                "adoption, an ecosystem of developers, talent and reputation, and the freedom "
                "to publish weights"),
    Stakeholder("closed-lab", "a closed-model lab",
                "a return on costly frontier training, control over how its models are used, "
                "and competition from free alternatives"),
    Stakeholder("university", "a university",
                "research access to frontier models, reproducible science, compute budgets "
                "and teaching"),
    Stakeholder("start-up", "a start-up",
                "the cost of inference, freedom to switch suppliers, compliance burdens and "
                "the right to build on open weights"),
)}

QUESTIONS: dict[str, str] = {
    "licence-threshold": "Should open-weight releases above a compute threshold need a "
                         "licence?",
    "fund-open-models": "Should a government fund open models?",
    "export-weights": "Should export controls cover model weights as well as chips?",
    "public-procurement": "Should public bodies prefer open-weight models when they buy AI?",
}


# ---------------------------------------------------------------- the rubric


@dataclass(frozen=True)
class Criterion:
    """One row of the rubric: what is assessed, and what each level looks like."""

    id: str
    name: str
    levels: tuple[str, str, str, str]  # 3 excellent, 2 proficient, 1 developing, 0 missing


LEVELS = ("Excellent (3)", "Proficient (2)", "Developing (1)", "Missing (0)")

#: The capstone rubric, shared with the instructor guide (see :func:`rubric_markdown`).
RUBRIC: tuple[Criterion, ...] = (
    Criterion("question", "Question and position", (
        "Names the stakeholder and the question, and takes a clear, arguable position in one "
        "or two sentences that the rest of the brief supports.",
        "A clear question and position, but the stakeholder's interest is left implicit or "
        "the position hedges.",
        "The position is vague ('it depends') or does not answer the question asked.",
        "No question, or no position.")),
    Criterion("evidence", "Evidence quality and citation", (
        "Three to eight pieces of evidence, each cited to a fact or claim with its source; "
        "verified (V) facts carry the argument, reported (W) ones are called reported, "
        "unverified (NV) figures are only ever called unverified, and article claims come "
        "with the course's verdict.",
        "Cited evidence that supports the position, but it leans on a loose claim or a "
        "reported figure without saying so.",
        "Thin or uncited evidence, or an argument that rests on an unverified or wrong "
        "figure.",
        "No evidence.")),
    Criterion("models", "Use of the models, with stated assumptions", (
        "At least one model run whose every input is stated with its source or marked as an "
        "assumption, a result that bears on the position, and a word on how the answer "
        "changes if an assumption changes.",
        "A relevant model run with its assumptions, but no sense of how sensitive the answer "
        "is.",
        "A model number without its assumptions, or one that does not bear on the position.",
        "No model run.")),
    Criterion("other-side", "Fair treatment of the other side", (
        "States the strongest opposing argument as its holders would, with evidence, and "
        "answers it or concedes what it gets right.",
        "Names an opposing argument, but a weak version of it, or leaves it unanswered.",
        "Says that others disagree without saying why.",
        "Ignores the other side.")),
    Criterion("clarity", "Clarity", (
        "Fits on one page; a busy reader gets the recommendation from the first and last "
        "sections; plain words and a unit on every number.",
        "Clear but long, or with jargon a policy reader would not know.",
        "Hard to follow: the recommendation is buried or numbers lack units.",
        "Unfinished or unreadable.")),
)


def rubric_table():
    """The rubric as a DataFrame: one row per criterion, one column per level.

    Examples
    --------
    >>> table = rubric_table()
    >>> list(table.index)
    ['Question and position', 'Evidence quality and citation',
     'Use of the models, with stated assumptions', 'Fair treatment of the other side',
     'Clarity']
    >>> list(table.columns)
    ['Excellent (3)', 'Proficient (2)', 'Developing (1)', 'Missing (0)']
    """
    import pandas as pd

    table = pd.DataFrame([c.levels for c in RUBRIC], index=[c.name for c in RUBRIC],
                         columns=list(LEVELS))
    table.index.name = "Criterion"
    return table


def rubric_markdown() -> str:
    """The rubric as a Markdown table (for the instructor guide and the brief's readers).

    Examples
    --------
    >>> print(rubric_markdown().splitlines()[0])
    | Criterion | Excellent (3) | Proficient (2) | Developing (1) | Missing (0) |
    """
    lines = ["| Criterion | " + " | ".join(LEVELS) + " |", "|---" * (len(LEVELS) + 1) + "|"]
    lines += [f"| **{c.name}** | " + " | ".join(c.levels) + " |" for c in RUBRIC]
    return "\n".join(lines)


# ---------------------------------------------------------------- evidence


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence in a brief: a claim or a fact, with the student's note.

    Attributes
    ----------
    kind : str
        ``"claim"`` or ``"fact"``.
    id : str
        The row's id in ``claims.csv`` or ``facts.csv``.
    note : str
        Why it matters for the position (the student's words).
    text : str
        The claim's quote, or the fact's statement.
    source : str
        Where it comes from: the article and paragraph, or the fact's source and locator.
    rating : str
        A claim's verdict (accurate, loose, wrong, unverifiable) or a fact's confidence
        (V, W, NV).
    detail : str
        A claim's correction; a fact's link, if any.
    """

    kind: str
    id: str
    note: str
    text: str
    source: str
    rating: str
    detail: str

    @property
    def verified(self) -> bool:
        """True for V and W facts and for accurate or loose claims."""
        return self.rating in ("V", "W", "accurate", "loose")

    def _repr_markdown_(self) -> str:
        what = (f"claim `{self.id}`, rated **{self.rating}**" if self.kind == "claim"
                else f"fact `{self.id}`, confidence **{self.rating}** "
                     f"({CONFIDENCE[self.rating]})")
        return _dollars(f"Added {what}: {self.text}  \n*Your note:* {self.note}")


def _rows(name: str) -> dict[str, dict]:
    """A table's rows by id, with missing cells as None (not NaN)."""
    return {row["id"]: row for row in records(name)}


def _article_source(row: dict) -> str:
    from .articles import article

    item = article(row["article_id"])
    where = item.label if item.title == "unknown" else f"“{item.title}”"
    return f"{where} [{item.id}], paragraph {row['paragraph']}"


def catalogue():
    """Every claim and fact a brief can cite, with its rating, as one DataFrame.

    Columns: ``kind`` (claim or fact), ``id``, ``text`` (quote or statement), ``rating``
    (a claim's verdict or a fact's confidence) and ``source``.

    Examples
    --------
    >>> table = catalogue()
    >>> sorted(set(table["kind"]))
    ['claim', 'fact']
    >>> table.set_index("id").loc["v3-cost-usd", "rating"]
    'V'
    """
    import pandas as pd

    claims = [{"kind": "claim", "id": r["id"], "text": r["quote"], "rating": r["status"],
               "source": _article_source(r)} for r in _rows("claims").values()]
    facts = [{"kind": "fact", "id": r["id"], "text": r["statement"], "rating": r["confidence"],
              "source": f"{r['source']}, {r['locator']}"} for r in _rows("facts").values()]
    return pd.DataFrame(claims + facts, columns=["kind", "id", "text", "rating", "source"])


# ---------------------------------------------------------------- model runs


@dataclass(frozen=True)
class Assumption:
    """One input of a model run: its value and where it comes from.

    ``basis`` says how the value was obtained ("your assumption", or a computation);
    ``fact_ids`` are the facts it rests on. A value taken straight from a fact has an
    empty basis and that one fact id.
    """

    name: str
    value: str
    basis: str = "your assumption"
    fact_ids: tuple[str, ...] = ()

    def cite(self, tags: dict[str, str] | None = None) -> str:
        """``name value (basis; sources)``, citing facts by tag (``[F2]``) when given tags."""
        refs = [f"[{tags['fact:' + f]}]" if tags else f"fact {f}" for f in self.fact_ids]
        parts = [p for p in (self.basis, ", ".join(refs)) if p]
        return f"{self.name} {self.value} ({'; '.join(parts)})"

    def __str__(self) -> str:
        return self.cite()


@dataclass(frozen=True)
class ModelRun:
    """One run of a course model with the student's assumptions.

    Attributes
    ----------
    kind : str
        ``"training"``, ``"api-bill"`` or ``"demand"``.
    label : str
        The student's name for the run.
    assumptions : tuple of Assumption
    results : dict
        The numbers the model produced.
    sentence : str
        The result in one or two plain sentences, with units.
    """

    kind: str
    label: str
    assumptions: tuple[Assumption, ...]
    results: dict = field(hash=False)
    sentence: str = ""

    @property
    def fact_ids(self) -> tuple[str, ...]:
        """Facts the run's assumptions come from."""
        return tuple(dict.fromkeys(f for a in self.assumptions for f in a.fact_ids))

    def _repr_markdown_(self) -> str:
        inputs = "; ".join(map(str, self.assumptions))
        return _dollars(f"**{self.label}.** {self.sentence}  \n*Inputs:* {inputs}.")


def _fact_value(facts: dict, fid: str) -> float:
    return float(facts[fid]["value"])


def _v3_utilization(facts: dict) -> float:
    from . import economics as econ

    flop = econ.training_flops(_fact_value(facts, "v3-params-active"),
                               _fact_value(facts, "v3-tokens"))
    return econ.implied_utilization(flop, _fact_value(facts, "v3-gpu-hours-total"),
                                    _fact_value(facts, "h800-peak-bf16"))


# ---------------------------------------------------------------- where briefs go


def _writable(folder: Path) -> bool:
    probe = folder
    while not probe.exists():
        if probe.parent == probe:
            return False
        probe = probe.parent
    return probe.is_dir() and os.access(probe, os.W_OK)


def briefs_root() -> Path:
    """The folder that holds every student's brief folder (see the module notes)."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    progress = os.environ.get("COURSE_PROGRESS", "").strip()
    if progress:
        path = Path(progress).expanduser()
        return (path if path.is_dir() else path.parent) / "briefs"
    inside = project_root() / "briefs"
    return inside if _writable(inside) else Path.home() / "open-weights-briefs"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60]


def student_folder(name: str) -> Path:
    """The brief folder for a student's name: ``briefs_root() / <slug of name>``.

    Examples
    --------
    >>> student_folder("Ada Lovelace").name
    'ada-lovelace'
    """
    text = _text("name", name, max_words=12)
    slug = _slug(text)
    if not slug:
        raise BriefError(f"name {name!r} has no letters or digits to make a folder name from; "
                         "use your name or student id.")
    return briefs_root() / slug


# ---------------------------------------------------------------- the brief


def _resolve_stakeholder(value) -> Stakeholder:
    if isinstance(value, Stakeholder):
        return value
    if not isinstance(value, str) or value.strip() not in STAKEHOLDERS:
        raise BriefError(f"stakeholder must be one of {', '.join(STAKEHOLDERS)}; got {value!r}."
                         + (did_you_mean(value, STAKEHOLDERS) if isinstance(value, str) else ""))
    return STAKEHOLDERS[value.strip()]


def _resolve_question(value) -> str:
    if not isinstance(value, str):
        raise BriefTypeError(f"question must be one of {', '.join(QUESTIONS)} or your own "
                             f"question as text; got {value!r}")
    key = value.strip()
    if key in QUESTIONS:
        return QUESTIONS[key]
    text = " ".join(value.split())
    if len(text.split()) < 5 or not text.endswith("?"):
        raise BriefError(f"question must be one of {', '.join(QUESTIONS)}, or your own "
                         f"question of at least five words ending with '?'; got {value!r}."
                         + did_you_mean(key, QUESTIONS))
    return _text("question", text, max_words=40)


class Brief:
    """A policy brief under construction.

    Parameters
    ----------
    author : str
        Your name or student id (it names your folder).
    stakeholder : str
        Whose seat you write from: one of :data:`STAKEHOLDERS`.
    question : str
        A key of :data:`QUESTIONS`, or your own question ending with '?'.
    position : str
        Your answer in one to three sentences (at most 90 words).
    title : str, optional
        A headline that states the position; default: the question.
    as_of : date or str, optional
        The date the brief speaks for (it decides which rules are in force); default today.

    Examples
    --------
    >>> b = Brief("Ada", "start-up", "public-procurement",
    ...           "Yes, where an open model meets the need, because it avoids lock-in.",
    ...           as_of="2025-10-01")
    >>> b.add_fact("r1-license-mit", "MIT weights can be hosted by any supplier.").rating
    'V'
    >>> run = b.run_api_bill("Our chatbot", input_tokens_m=40, output_tokens_m=10)
    >>> [round(x) for x in run.results["bills"].values()]
    [44, 1200]
    >>> b.check()[0]
    'Evidence: add at least 3 pieces of evidence (you have 1).'
    """

    def __init__(self, author: str, stakeholder: str, question: str, position: str, *,
                 title: str | None = None, as_of=None):
        self.author = _text("author", author, max_words=12)
        if not _slug(self.author):
            raise BriefError(f"author {author!r} has no letters or digits; use your name or "
                             "student id.")
        self.stakeholder = _resolve_stakeholder(stakeholder)
        self.question = _resolve_question(question)
        self.position = _text("position", position, max_words=90, min_words=5)
        self.title = self.question if title is None else _text("title", title, max_words=20)
        try:
            self.as_of = policy.parse_date(as_of)
        except TypeError as error:
            raise BriefTypeError(str(error)) from None
        except ValueError as error:
            raise BriefError(str(error)) from None
        self.evidence: list[Evidence] = []
        self.runs: list[ModelRun] = []
        self._other_side = ""
        self._recommendation = ""

    def __repr__(self) -> str:
        return (f"<Brief by {self.author} for {self.stakeholder.name}: {len(self.evidence)} "
                f"pieces of evidence, {len(self.runs)} model runs. Use .show() to preview, "
                f".check() against the rubric, .export() to save.>")

    # -- text parts
    @property
    def other_side(self) -> str:
        """The strongest case against your position, and your answer (15 to 130 words)."""
        return self._other_side

    @other_side.setter
    def other_side(self, value: str) -> None:
        self._other_side = _text("other_side", value, max_words=130, min_words=15)

    @property
    def recommendation(self) -> str:
        """What the stakeholder should do (at most 100 words)."""
        return self._recommendation

    @recommendation.setter
    def recommendation(self, value: str) -> None:
        self._recommendation = _text("recommendation", value, max_words=100, min_words=5)

    # -- evidence
    def _add(self, item: Evidence) -> Evidence:
        for k, old in enumerate(self.evidence):
            if (old.kind, old.id) == (item.kind, item.id):  # adding twice updates the note
                self.evidence[k] = item
                return item
        if len(self.evidence) >= _MAX_EVIDENCE:
            raise BriefError(f"a one-page brief takes at most {_MAX_EVIDENCE} pieces of "
                             "evidence; remove one with .remove(id) first.")
        self.evidence.append(item)
        return item

    def add_claim(self, claim_id: str, note: str) -> Evidence:
        """Cite a claim from ``claims.csv``; the course's verdict travels with it.

        Parameters
        ----------
        claim_id : str
            A claim id (browse them with the claims explorer or :func:`catalogue`).
        note : str
            Why it matters for your position (at most 60 words). For a claim rated wrong
            or unverifiable, say so: it can show what others get wrong, not carry your case.
        """
        rows = _rows("claims")
        if not isinstance(claim_id, str) or claim_id.strip() not in rows:
            raise BriefError(f"There is no claim {claim_id!r} in claims.csv."
                             + (did_you_mean(claim_id, rows) if isinstance(claim_id, str) else ""))
        row = rows[claim_id.strip()]
        return self._add(Evidence("claim", row["id"], _text("note", note, max_words=60),
                                  row["quote"], _article_source(row), row["status"],
                                  row["correction"]))

    def add_fact(self, fact_id: str, note: str) -> Evidence:
        """Cite a fact from ``facts.csv``; its source and confidence travel with it.

        Parameters
        ----------
        fact_id : str
            A fact id (browse them with :func:`catalogue`).
        note : str
            Why it matters for your position (at most 60 words). An NV (not verified)
            fact may only be cited to say that a figure is unverified: say so in the note.
        """
        rows = _rows("facts")
        if not isinstance(fact_id, str) or fact_id.strip() not in rows:
            raise BriefError(f"There is no fact {fact_id!r} in facts.csv."
                             + (did_you_mean(fact_id, rows) if isinstance(fact_id, str) else ""))
        row = rows[fact_id.strip()]
        return self._add(Evidence("fact", row["id"], _text("note", note, max_words=60),
                                  row["statement"], f"{row['source']}, {row['locator']}",
                                  row["confidence"], row["url"] or ""))

    def remove(self, item_id: str) -> None:
        """Remove a piece of evidence (by claim or fact id) or a model run (by label)."""
        before = len(self.evidence) + len(self.runs)
        self.evidence = [e for e in self.evidence if e.id != item_id]
        self.runs = [r for r in self.runs if r.label != item_id]
        if len(self.evidence) + len(self.runs) == before:
            known = [e.id for e in self.evidence] + [r.label for r in self.runs]
            raise BriefError(f"Nothing called {item_id!r} is in the brief; it holds: "
                             f"{', '.join(known) or 'nothing yet'}.")

    # -- model runs
    def _add_run(self, run: ModelRun) -> ModelRun:
        self.runs = [r for r in self.runs if r.label != run.label] + [run]
        return run

    def run_training(self, label: str, *, flop=None, params_active=None, tokens=None,
                     peak_flops=None, utilization=None, usd_per_gpu_hour=None) -> ModelRun:
        """Cost a training run and check it against the compute thresholds on ``as_of``.

        Give either ``flop`` (training compute) or ``params_active`` and ``tokens`` (then
        compute = 6 x parameters x tokens). Unset inputs take sourced defaults: the H800's
        peak (fact ``h800-peak-bf16``), the utilisation implied by DeepSeek-V3's reported
        GPU-hours, and the V3 report's $2 per GPU-hour (fact ``v3-rental-price``).

        Parameters
        ----------
        label : str
            A name for the run, e.g. "A run at the EU line".
        flop : float, optional
            Training compute in FLOP.
        params_active, tokens : float, optional
            Parameters used per token and training tokens.
        peak_flops : float, optional
            Peak FLOP/s of one GPU.
        utilization : float, optional
            Share of peak achieved, above 0 and at most 1 (0.4 = 40%).
        usd_per_gpu_hour : float, optional
            Rental price per GPU-hour in US dollars.
        """
        from . import economics as econ

        label = _text("label", label, max_words=12)
        facts = _rows("facts")
        assumptions = []
        if flop is not None and (params_active is not None or tokens is not None):
            raise BriefError("give either flop, or params_active and tokens, not both.")
        if flop is not None:
            flop = _number("flop", flop, minimum=0, min_open=True)
            assumptions.append(_sourced("training compute", flop, f"{sci(flop)} FLOP", "FLOP",
                                        facts))
        else:
            if params_active is None or tokens is None:
                raise BriefError("give the training compute as flop=..., or both "
                                 "params_active=... and tokens=....")
            n = _number("params_active", params_active, minimum=0, min_open=True)
            d = _number("tokens", tokens, minimum=0, min_open=True)
            flop = econ.training_flops(n, d)
            assumptions += [_sourced("active parameters", n, count(n), "parameters", facts),
                            _sourced("training tokens", d, count(d), "tokens", facts)]
        if peak_flops is None:
            peak = _fact_value(facts, "h800-peak-bf16")
            assumptions.append(Assumption("peak per GPU", f"{peak / 1e12:g} TFLOP/s", "",
                                          ("h800-peak-bf16",)))
        else:
            peak = _number("peak_flops", peak_flops, minimum=0, min_open=True)
            assumptions.append(Assumption("peak per GPU", f"{peak / 1e12:g} TFLOP/s"))
        if utilization is None:
            use = _v3_utilization(facts)
            ids = ("v3-params-active", "v3-tokens", "v3-gpu-hours-total", "h800-peak-bf16")
            assumptions.append(Assumption(
                "utilisation", f"{use:.1%}", "implied by V3's figures: 6·N·D ÷ (GPU-hours × "
                "peak)", ids))
        else:
            use = _number("utilization", utilization, minimum=0, maximum=1, min_open=True)
            assumptions.append(Assumption("utilisation", f"{use:.1%}"))
        if usd_per_gpu_hour is None:
            price = _fact_value(facts, "v3-rental-price")
            assumptions.append(Assumption("rental price", f"${price:g} per GPU-hour", "",
                                          ("v3-rental-price",)))
        else:
            price = _number("usd_per_gpu_hour", usd_per_gpu_hour, minimum=0)
            assumptions.append(Assumption("rental price", f"${price:g} per GPU-hour"))
        hours = econ.gpu_hours(flop, peak, use)
        cost = econ.training_cost_usd(hours, price)
        checks = policy.thresholds_crossed(flop, as_of=self.as_of)
        above = [c.rule.name for c in checks if c.crossed and c.in_scope]
        binding = [c.rule.name for c in checks if c.applies]
        sentence = (f"{sci(flop)} FLOP takes {count(hours)} GPU-hours and costs about "
                    f"{money(cost)} in rented compute. It is "
                    + (f"above {' and '.join(above)}" if above else
                       "above none of the course's compute thresholds (a rule applies above "
                       "its line)")
                    + f"; on {self.as_of.isoformat()} "
                    + (f"{' and '.join(binding)} binds it." if binding else
                       "no compute-threshold rule binds it."))
        results = {"flop": flop, "gpu_hours": hours, "cost_usd": cost, "above": above,
                   "binding": binding}
        return self._add_run(ModelRun("training", label, tuple(assumptions), results, sentence))

    def run_api_bill(self, label: str, *, input_tokens_m, output_tokens_m,
                     prices=("deepseek-reasoner-2025-01", "o1-2025-01"),
                     cached_share: float = 0.0) -> ModelRun:
        """A monthly API bill for a workload at list prices from ``prices.csv``.

        Parameters
        ----------
        label : str
        input_tokens_m, output_tokens_m : float
            Millions of input and output tokens a month (your assumption).
        prices : sequence of str
            Ids of ``prices.csv`` rows to compare (two to four).
        cached_share : float
            Share of input tokens served from the provider's cache, 0 to 1.
        """
        from . import economics as econ

        label = _text("label", label, max_words=12)
        tokens_in = _number("input_tokens_m", input_tokens_m, minimum=0)
        tokens_out = _number("output_tokens_m", output_tokens_m, minimum=0)
        cached = _number("cached_share", cached_share, minimum=0, maximum=1)
        rows = _rows("prices")
        if isinstance(prices, str) or not 2 <= len(list(prices)) <= 4:
            raise BriefError(f"prices must be a list of two to four ids from prices.csv, "
                             f"e.g. ('deepseek-reasoner-2025-01', 'o1-2025-01'); got {prices!r}")
        bills, assumptions = {}, [
            Assumption("workload", f"{tokens_in:g}M input and {tokens_out:g}M output tokens "
                                   "a month"),
            Assumption("input served from cache", f"{cached:.0%}")]
        for pid in prices:
            if pid not in rows:
                raise BriefError(f"There is no price row {pid!r} in prices.csv."
                                 + did_you_mean(str(pid), rows))
            row = rows[pid]
            hit = row["cached_input_usd_per_m"]
            if cached and hit is None:
                raise BriefError(f"{pid} lists no cached-input price; set cached_share=0.")
            bills[pid] = econ.api_cost_usd(tokens_in * 1e6, tokens_out * 1e6,
                                           row["input_usd_per_m"], row["output_usd_per_m"],
                                           cached, hit if cached else None)
            assumptions.append(Assumption(
                f"{row['provider']} {row['model']} prices",
                f"${row['input_usd_per_m']:g} in / ${row['output_usd_per_m']:g} out per 1M "
                f"tokens ({row['date']})", f"prices.csv row {pid}", tuple(row["fact_ids"])))
        cheapest = min(bills, key=bills.get)
        parts = [f"{money(b)} with {rows[p]['provider']} {rows[p]['model']}"
                 for p, b in bills.items()]
        sentence = (f"The workload costs {', '.join(parts)} a month. The most expensive is "
                    f"{max(bills.values()) / bills[cheapest]:.0f} times the cheapest "
                    f"({rows[cheapest]['model']})." if bills[cheapest] > 0 else
                    f"The workload costs {', '.join(parts)} a month.")
        results = {"bills": bills, "cheapest": cheapest}
        return self._add_run(ModelRun("api-bill", label, tuple(assumptions), results, sentence))

    def run_demand(self, label: str, *, elasticity, price_ratio=None) -> ModelRun:
        """Usage and spending after a price change, with constant-elasticity demand.

        Parameters
        ----------
        label : str
        elasticity : float
            Size of the price elasticity of demand, 0 to 5 (your assumption; above 1,
            a price cut raises spending).
        price_ratio : float, optional
            New price / old price; default R1's output price over o1's (facts
            ``r1-price-output`` and ``o1-price-output``).
        """
        from . import economics as econ

        label = _text("label", label, max_words=12)
        e = _number("elasticity", elasticity, minimum=0, maximum=5)
        facts = _rows("facts")
        if price_ratio is None:
            ratio = _fact_value(facts, "r1-price-output") / _fact_value(facts, "o1-price-output")
            source = Assumption("new price / old price", f"{ratio:.3f}",
                                "R1's output price over o1's",
                                ("r1-price-output", "o1-price-output"))
        else:
            ratio = _number("price_ratio", price_ratio, minimum=0, min_open=True)
            source = Assumption("new price / old price", f"{ratio:g}")
        usage, spend = econ.demand_ratio(ratio, e), econ.spend_ratio(ratio, e)
        sentence = (f"With elasticity {e:g}, a price {ratio:.3g} times the old one multiplies "
                    f"usage by {usage:.3g} and spending by {spend:.3g}: spending "
                    + ("rises." if spend > 1.0005 else "falls." if spend < 0.9995 else
                       "stays the same."))
        assumptions = (source, Assumption("price elasticity of demand", f"{e:g}"))
        results = {"price_ratio": ratio, "elasticity": e, "usage_ratio": usage,
                   "spend_ratio": spend}
        return self._add_run(ModelRun("demand", label, assumptions, results, sentence))

    # -- checking
    def check(self) -> list[str]:
        """What the brief still lacks, read against the rubric; an empty list when ready.

        Only what a program can see is checked: parts present, evidence graded by its
        confidence, unverified or wrong items flagged in their notes, length. Whether the
        argument is good is for you and your reader (see :data:`RUBRIC`).
        """
        problems = []
        if self.author.lower() == "your name":
            problems.append("Question: put your own name (or student id) in author; it names "
                            "your folder.")
        n = len(self.evidence)
        if n < 3:
            problems.append(f"Evidence: add at least 3 pieces of evidence (you have {n}).")
        solid = [e for e in self.evidence if e.kind == "fact" and e.rating in ("V", "W")]
        if len(solid) < 2:
            problems.append("Evidence: cite at least two facts rated V or W; unverified "
                            "figures and article claims cannot carry the argument alone.")
        for item in self.evidence:
            if item.rating in ("NV", "wrong", "unverifiable") and not _admits(item.note):
                what = ("an unverified (NV) fact" if item.rating == "NV" else
                        f"a claim the course rates {item.rating}")
                problems.append(f"Evidence: {item.id} is {what}; say so in its note (e.g. "
                                "'unverified: ...') and do not rest your case on it.")
        if not self.runs:
            problems.append("Models: add at least one model run (run_training, run_api_bill "
                            "or run_demand) with your assumptions.")
        if not self._other_side:
            problems.append("Other side: set .other_side to the strongest case against your "
                            "position, and your answer to it.")
        if not self._recommendation:
            problems.append("Clarity: set .recommendation to what the stakeholder should do.")
        words = len(re.findall(r"\w[\w'’.%$-]*", self._body()))
        if words > _BODY_WORDS:
            problems.append(f"Clarity: the brief has {words} words before its sources; cut it "
                            f"to {_BODY_WORDS} or fewer so it fits on one page.")
        return problems

    # -- rendering
    def _tags(self) -> dict[str, str]:
        """Citation tags: [F1].. for facts (evidence first, then model inputs), [C1].. for
        claims."""
        tags, facts, claims = {}, 0, 0
        for item in self.evidence:
            if item.kind == "fact":
                facts += 1
                tags[f"fact:{item.id}"] = f"F{facts}"
            else:
                claims += 1
                tags[f"claim:{item.id}"] = f"C{claims}"
        for run in self.runs:
            for fid in run.fact_ids:
                if f"fact:{fid}" not in tags:
                    facts += 1
                    tags[f"fact:{fid}"] = f"F{facts}"
        return tags

    def charts(self) -> list[tuple[str, object, str]]:
        """The brief's charts: ``(file name, matplotlib Figure, alt text)``, one per kind of
        model run."""
        out = []
        for kind, draw in (("training", _compute_chart), ("api-bill", _bill_chart),
                           ("demand", _demand_chart)):
            runs = [r for r in self.runs if r.kind == kind]
            if runs:
                fig, alt = draw(runs, self.as_of)
                out.append((f"chart-{kind}.png", fig, alt))
        return out

    def _body(self, charts=None) -> str:
        tags = self._tags()
        lines = [f"# {self.title}", "",
                 f"**A policy brief for {self.stakeholder.name}** · {self.question}  ",
                 f"Prepared by {self.author} · {self.as_of.isoformat()} · Open Weights, Open "
                 "Markets, notebook 09", "", "## Position", "", self.position, "",
                 "## Evidence", ""]
        for k, item in enumerate(self.evidence, 1):
            tag = tags[f"{item.kind}:{item.id}"]
            if item.kind == "fact":
                level = {"V": "verified", "W": "reported", "NV": "unverified"}[item.rating]
                lines.append(f"{k}. {item.note} [{tag}, {level}]")
            else:
                lines.append(f"{k}. {item.note} The article: “{item.text}” [{tag}]; the "
                             f"course rates this **{item.rating}**: {item.detail}")
        lines += ["", "## What the models say", ""]
        if not self.runs:
            lines.append("*No model run yet.*")
        previous: dict[str, ModelRun] = {}
        for run in self.runs:
            before = previous.get(run.kind)
            changed = [a for a in run.assumptions
                       if before is None or a not in before.assumptions]
            inputs = "; ".join(a.cite(tags) for a in changed)
            if before is not None:
                inputs = f"as for “{before.label}”" + (f", except {inputs}" if inputs else "")
            lines.append(f"- **{run.label}.** {run.sentence} *Inputs:* {inputs}.")
            previous[run.kind] = run
        for name, _, alt in charts or []:
            lines += ["", f"![{alt}]({name})"]
        lines += ["", "## The other side", "", self._other_side or "*Not written yet.*", "",
                  "## Recommendation", "", self._recommendation or "*Not written yet.*"]
        return "\n".join(lines)

    def _sources(self) -> str:
        tags = self._tags()
        facts, claims = _rows("facts"), _rows("claims")
        lines = ["## Sources", ""]
        for key, tag in tags.items():
            kind, rid = key.split(":", 1)
            if kind == "fact":
                row = facts[rid]
                link = f" <{row['url']}>" if row["url"] else ""
                lines.append(f"- [{tag}] {row['statement']} — {row['source']}, "
                             f"{row['locator']}.{link} Confidence {row['confidence']}: "
                             f"{CONFIDENCE[row['confidence']]}; fact `{rid}`.")
            else:
                row = claims[rid]
                lines.append(f"- [{tag}] {_article_source(row)}, claim `{rid}`; the course's "
                             f"verdict rests on facts {', '.join(row['fact_ids'])} "
                             "(data/claims.csv).")
        if self.runs:
            lines.append("- Models: `course.economics` (6·N·D training compute, GPU-hours, "
                         "rental cost, API bills, constant-elasticity demand) and "
                         "`course.policy.thresholds_crossed`, with the inputs stated above.")
        return "\n".join(lines)

    def to_markdown(self, charts=None) -> str:
        """The brief as Markdown: the page, then its sources.

        Parameters
        ----------
        charts : list, optional
            Output of :meth:`charts` whose images the page should link (by file name).
        """
        return _dollars(self._body(charts) + "\n\n" + self._sources() + "\n")

    def show(self, level: int = 3) -> None:
        """Preview the brief in the notebook, charts included, and list what it lacks.

        Parameters
        ----------
        level : int
            Heading level of the brief's title in the preview (1 to 4), so that the
            preview sits under the notebook's own section headings.
        """
        from IPython.display import Markdown, display

        from .plots import FigureDisplay

        if isinstance(level, bool) or level not in (1, 2, 3, 4):
            raise BriefError(f"level must be 1, 2, 3 or 4; got {level!r}")
        charts = self.charts()
        page = re.sub(r"^#", "#" * level, self.to_markdown(), flags=re.M)
        marker = "\n" + "#" * (level + 1) + " The other side"
        head, _, rest = page.partition(marker)
        display(Markdown(head))
        for _, fig, alt in charts:
            display(FigureDisplay(fig, alt))
        display(Markdown(marker.lstrip("\n") + rest))
        problems = self.check()
        display(Markdown("**Ready to export:** the brief has every part the rubric's "
                         "checks can see." if not problems else
                         "**Still to do:**\n\n" + "\n".join(f"- {p}" for p in problems)))

    # -- export
    def export(self, folder=None) -> Path:
        """Write ``brief.md``, its PNG charts and ``brief.json`` into a folder of your own.

        Parameters
        ----------
        folder : str or pathlib.Path, optional
            Where to write; default :func:`student_folder` of the author. The folder is
            created if needed. A folder that holds another author's brief is refused;
            re-exporting your own replaces your earlier files.

        Returns
        -------
        pathlib.Path
            The path of ``brief.md``.
        """
        from .plots import to_png

        target = student_folder(self.author) if folder is None else _folder(folder)
        _claim_folder(target, self.author)
        charts = self.charts()
        files = {"brief.md": self.to_markdown(charts).encode("utf-8")}
        for name, fig, _ in charts:
            files[name] = to_png(fig)
        manifest = {"format": _FORMAT, "version": 1, "author": self.author,
                    "stakeholder": self.stakeholder.id, "question": self.question,
                    "as_of": self.as_of.isoformat(), "files": sorted(files),
                    "evidence": [f"{e.kind}:{e.id}" for e in self.evidence],
                    "runs": [r.label for r in self.runs], "problems": self.check()}
        old = _read_manifest(target)
        try:
            target.mkdir(parents=True, exist_ok=True)
            for name, payload in files.items():
                _write(target / name, payload)
            for stale in set(old.get("files", [])) - set(files) if old else ():
                if re.fullmatch(r"chart-[a-z-]+\.png", stale):
                    (target / stale).unlink(missing_ok=True)
            _write(target / MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode("utf-8"))
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise BriefError(f"The brief could not be written to {target} ({reason}). Choose "
                             "another folder with export(folder=...).") from None
        return target / "brief.md"


def _admits(note: str) -> bool:
    words = ("unverif", "not verified", "no source", "unsourced", "wrong", "typo", "error",
             "incorrect", "false", "mistak")
    return any(w in note.lower() for w in words)


def _sourced(name: str, value: float, shown: str, unit: str, facts: dict) -> Assumption:
    """An input with the fact it equals, if a fact in that unit has exactly this value."""
    for fid, row in facts.items():
        if row["unit"] == unit and row["value"] == value:
            return Assumption(name, shown, "", (fid,))
    return Assumption(name, shown)


def _folder(folder) -> Path:
    if not isinstance(folder, str | os.PathLike):
        raise BriefTypeError(f"folder must be a path such as 'briefs/ada'; got {folder!r}")
    path = Path(folder).expanduser()
    if path.exists() and not path.is_dir():
        raise BriefError(f"{path} is a file, not a folder; choose a folder for the brief.")
    inside = path.resolve()
    for protected in (data_dir(), Path(__file__).resolve().parent):
        if inside == protected or protected in inside.parents:
            raise BriefError(f"{path} is inside the course's own files ({protected}); "
                             "export to a folder of your own, e.g. the default.")
    return path


def _read_manifest(folder: Path) -> dict | None:
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"author": None}
    return data if isinstance(data, dict) else {"author": None}


def _claim_folder(folder: Path, author: str) -> None:
    """Refuse a folder that holds someone else's brief, or brief files of unknown origin."""
    manifest = _read_manifest(folder)
    if manifest is not None:
        owner = manifest.get("author")
        if owner != author:
            who = f"by {owner!r}" if isinstance(owner, str) else "whose author is unknown"
            raise BriefError(f"{folder} already holds a brief {who}; it was left untouched. "
                             "Use your own name, or export(folder=...) to another folder.")
        return
    if folder.is_dir():
        ours = [p.name for p in folder.iterdir()
                if p.name == "brief.md" or re.fullmatch(r"chart-[a-z-]+\.png", p.name)]
        if ours:
            raise BriefError(f"{folder} already holds {', '.join(sorted(ours))} with no "
                             f"{MANIFEST} saying who wrote them; they were left untouched. "
                             "Export to another folder.")


def _write(path: Path, payload: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


# ---------------------------------------------------------------- charts


def _reference_models() -> list[tuple[str, float]]:
    models = load_table("models")
    known = models[models["training_flop"].notna()]
    return [(row["name"], float(row["training_flop"])) for row in known.to_dict("records")]


def _compute_chart(runs: list[ModelRun], as_of: _dt.date):
    from . import plots

    refs = _reference_models()
    names = [r.label for r in runs] + [f"{n} (reference)" for n, _ in refs]
    values = [r.results["flop"] for r in runs] + [f for _, f in refs]
    fig, ax = plots.figure(9.0, 2.2 + 0.45 * len(names))
    with plots.style():
        colours = [plots.OKABE_ITO["blue"]] * len(runs) + ["#999999"] * len(refs)
        bars = ax.barh(names, values, color=colours)
        ax.bar_label(bars, labels=[f"{sci(v)}" + (f" · {money(r.results['cost_usd'])}"
                                                  if k < len(runs) else "")
                                   for k, (v, r) in enumerate(zip(values, runs + [None] * len(refs),
                                                                  strict=True))],
                     padding=3, fontsize=9)
        ax.set_xscale("log")
        low = min(values + [1e23]) / 10
        ax.set_xlim(low, max(values + [1e26]) * 60)
        lines = [(r.threshold, r.name) for r in policy.threshold_rules()
                 if not r.biological_only]
        for k, (line, name) in enumerate(lines):
            ax.axvline(line, color=plots.PALETTE[3 + k], linestyle="--", linewidth=1.5,
                       label=f"{name}: {sci(line)}")
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.2), fontsize=9, ncols=2)
        ax.set_title("Training compute: the brief's runs, real models and the legal lines",
                     fontsize=12)
        ax.set_xlabel("Training compute (FLOP, log scale)")
        ax.set_ylabel("Run or model")
    alt = ("Horizontal bar chart of training compute on a log scale. "
           + "; ".join(f"{r.label}: {sci(r.results['flop'])} FLOP, about "
                       f"{money(r.results['cost_usd'])}" for r in runs)
           + ". Reference models: " + "; ".join(f"{n} {sci(f)} FLOP" for n, f in refs)
           + ". Dashed lines mark " + " and ".join(f"{n} at {sci(t)}" for t, n in lines)
           + f"; on {as_of.isoformat()} "
           + "; ".join(f"{r.label} is " + (f"above {' and '.join(r.results['above'])}"
                                            if r.results["above"] else "above no line")
                       for r in runs) + ".")
    return fig, alt


def _bill_chart(runs: list[ModelRun], as_of: _dt.date):
    from . import plots

    rows = _rows("prices")
    labels, values = [], []
    for run in runs:
        for pid, bill in run.results["bills"].items():
            labels.append(f"{run.label}: {rows[pid]['provider']} {rows[pid]['model']}")
            values.append(bill)
    fig, ax = plots.figure(8.0, 1.6 + 0.45 * len(labels))
    colours = [plots.PALETTE[k % 3] for k in range(len(labels))]
    plots.bar_chart(labels, values, title="Monthly API bill for the brief's workloads",
                    xlabel="Bill (US dollars a month)", ylabel="Workload and API", ax=ax,
                    horizontal=True, colors=colours, value_format="${:,.0f}")
    ax.set_xlim(0, max(values + [1]) * 1.3)
    alt = ("Horizontal bar chart of monthly API bills at list prices: "
           + "; ".join(f"{lab} {money(v)}" for lab, v in zip(labels, values, strict=True))
           + ".")
    return fig, alt


def _demand_chart(runs: list[ModelRun], as_of: _dt.date):
    from . import plots

    fig, ax = plots.figure(8.0, 1.8 + 0.6 * len(runs))
    with plots.style():
        y = range(len(runs))
        usage = [r.results["usage_ratio"] for r in runs]
        spend = [r.results["spend_ratio"] for r in runs]
        # bars grow from 1 (no change): right for a rise, left for a fall
        ax.barh([k - 0.18 for k in y], [u - 1 for u in usage], left=1, height=0.34,
                color=plots.PALETTE[0], label="usage (quantity)")
        ax.barh([k + 0.18 for k in y], [s - 1 for s in spend], left=1, height=0.34,
                color=plots.PALETTE[1], hatch="//", label="spending")
        for k in y:
            for value, offset in ((usage[k], -0.18), (spend[k], 0.18)):
                ax.text(value, k + offset, f" ×{value:.3g} " if value >= 1 else f"×{value:.3g} ",
                        va="center", ha="left" if value >= 1 else "right", fontsize=9)
        ax.axvline(1, color="#000000", linewidth=1)
        ax.set_xscale("log")
        ax.set_yticks(list(y), labels=[f"{r.label} (e = {r.results['elasticity']:g})"
                                       for r in runs])
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.set_xlim(min(usage + spend + [1]) / 3, max(usage + spend + [1]) * 4)
        ax.legend(loc="lower right", fontsize=9)
        ax.set_title("Usage and spending after the price change (1 = unchanged)", fontsize=11)
        ax.set_xlabel("Multiple of the old level (log scale)")
        ax.set_ylabel("Run")
    alt = ("Bar chart of usage and spending after a price change, as multiples of the old "
           "level: " + "; ".join(f"{r.label}: price ×{r.results['price_ratio']:.3g}, "
                                f"elasticity {r.results['elasticity']:g}, usage "
                                f"×{r.results['usage_ratio']:.3g}, spending "
                                f"×{r.results['spend_ratio']:.3g}" for r in runs) + ".")
    return fig, alt


# ---------------------------------------------------------------- the worked example


def example_brief() -> Brief:
    """The worked example: a government asks whether a compute line should trigger a licence.

    It is the brief ``docs/example-brief/`` holds (regenerate it with
    :func:`write_example`) and notebook 09 shows.

    Examples
    --------
    >>> b = example_brief()
    >>> b.check()
    []
    >>> [e.id for e in b.evidence][:2]
    ['eu-ai-act-threshold', 'v3-flop-estimate']
    """
    facts = _rows("facts")
    b = Brief(
        "Example student", "government", "licence-threshold",
        "No. A licence should not depend on training compute alone. Open-weight models "
        "above a compute line should face safety evaluations and a public model report "
        "before release, the kind of duty the EU AI Act already attaches to its line, and "
        "the line should be reviewed every year.",
        title="Evaluate open-weight models before release; do not license them by compute "
              "alone",
        as_of="2025-10-01")
    b.add_fact("eu-ai-act-threshold",
               "The EU already ties duties, not a licence, to training compute: above its "
               "line a model is presumed to carry systemic risk and its provider must "
               "evaluate, mitigate and report.")
    b.add_fact("v3-flop-estimate",
               "A model near the frontier came in under that line: DeepSeek-V3's reported "
               "compute estimate is about a third of it, so a compute trigger alone misses "
               "capable models.")
    b.add_fact("llama31-v3-gpu-hours-ratio",
               "Efficiency moves fast: V3's final run needed about a tenth of Llama 3.1 "
               "405B's GPU-hours, so a fixed line catches fewer capable models each year.")
    b.add_claim("one-tenth-llama-compute",
                "The press version of that comparison is loose, crediting the saving to R1: "
                "a brief should cite the primary figures, not the coverage.")
    b.add_fact("r1-license-mit",
               "Once weights are out under a permissive licence they cannot be recalled, so "
               "any check has to happen before release.")
    b.add_fact("us-eo-revoked",
               "The US reporting line was revoked on the new administration's first day: a "
               "rule tied to one number needs a review clause and broad support to last.")
    b.add_fact("r1-derivatives-617",
               "Unverified: no source backs the reported count of R1 derivatives, so the "
               "spread of open derivatives a licence would have to police cannot yet be "
               "measured.")
    b.run_training("DeepSeek-V3's final run (6·N·D)",
                   params_active=_fact_value(facts, "v3-params-active"),
                   tokens=_fact_value(facts, "v3-tokens"))
    b.run_training("A run at the EU line", flop=_fact_value(facts, "eu-ai-act-threshold"))
    b.run_training("The EU line at half the rental price",
                   flop=_fact_value(facts, "eu-ai-act-threshold"),
                   usd_per_gpu_hour=_fact_value(facts, "v3-rental-price") / 2)
    b.other_side = (
        "The case for a licence: compute is the one trigger a government can measure before "
        "release, and nothing can be recalled after it [F4]. A licence would let the state "
        "test the most capable models first. We accept the premise and take a lighter "
        "remedy: evaluation and disclosure before release, which open developers, "
        "universities and start-ups can meet, rather than permission that only large firms "
        "could afford to seek. If evaluations later show serious misuse that duties cannot "
        "contain, a licence should be reconsidered.")
    b.recommendation = (
        "Require pre-release safety evaluation and a public model report for open-weight "
        "models trained above the EU's line, aligned with the EU duties; review the line "
        "every year against capability evaluations and against what it costs to reach it, "
        "which halves when compute prices halve (see the model runs); and fund independent "
        "evaluators, so that duties, not licences, are what scale.")
    return b


def write_example(folder=None) -> Path:
    """Write the worked example to ``docs/example-brief/`` (or *folder*); return brief.md."""
    target = project_root() / "docs" / "example-brief" if folder is None else folder
    return example_brief().export(target)
