"""The capstone's policy brief as data: a draft, the evidence it cites, the rubric, the page.

A draft is the dict notebook 09's form saves: :data:`TEXT_FIELDS`, ``evidence`` (refs with
notes) and explorer ``runs``. This module checks it and renders it; it writes nothing.
"""

from __future__ import annotations

import base64
import datetime as _dt
import itertools
import os
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from textwrap import shorten

from . import sources
from .articles import article
from .data import cached_on_files, data_path, project_root, templates_with
from .facts import CONFIDENCE
from .tables import records

__all__ = ["DRAFT_NAME", "LEVELS", "MAX_CHARS", "MAX_EVIDENCE", "MAX_RUNS", "Evidence",
           "briefs_root", "clean", "config", "evidence_items", "export_blocker", "folder_name",
           "problems", "rubric_markdown", "search", "template", "to_html", "to_markdown"]

DRAFT_NAME = "09.brief"  # the name the draft is saved under with the student's progress
MAX_CHARS = 20_000  # per text field: far beyond a page, short of a pasted book
MAX_EVIDENCE, MAX_RUNS = 8, 4
PAGE_WORDS = 700  # about one printed page, charts aside
LEVELS = ("Excellent (3)", "Proficient (2)", "Developing (1)", "Missing (0)")
TEXT_FIELDS = ("author", "stakeholder", "question", "title", "position", "model_note",
               "other_side", "recommendation", "date")


@cached_on_files(lambda: [data_path("capstone.toml")])
def config() -> dict:
    """``data/capstone.toml``: seats, questions, prompts, rubric and the worked example.

    Examples
    --------
    >>> config()["questions"]["fund-open-models"]
    'Should a government fund open models?'
    """
    path = data_path("capstone.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    missing = {"seats", "questions", "prompts", "rubric", "example"} - set(data)
    bad = [r.get("name") for r in data.get("rubric", []) if len(r.get("levels", ())) != 4]
    if missing or bad:
        raise ValueError(f"{path}: missing sections {sorted(missing)}; rubric rows without "
                         f"four levels: {bad}")
    return data


def rubric_markdown() -> str:
    """The rubric as a Markdown table.

    Examples
    --------
    >>> print(rubric_markdown().splitlines()[0])
    | Criterion | Excellent (3) | Proficient (2) | Developing (1) | Missing (0) |
    """
    lines = ["| Criterion | " + " | ".join(LEVELS) + " |", "|---" * 5 + "|"]
    lines += [f"| **{r['name']}** | " + " | ".join(r["levels"]) + " |"
              for r in config()["rubric"]]
    return "\n".join(lines)


@dataclass(frozen=True)
class Evidence:
    """A fact, an article's claim or a primary-source excerpt that a brief can cite.

    ``rating`` is a confidence (V, W, NV) or a claim's verdict; ``detail`` a claim's correction.
    """

    kind: str
    id: str
    text: str
    rating: str
    source: str
    detail: str = ""
    url: str = ""

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def label(self) -> str:
        """One line for a list: ``[V] fact v3-tokens: DeepSeek-V3 was pre-trained…``."""
        return f"[{self.rating}] {self.kind} {self.id}: {shorten(self.text, 90, placeholder='…')}"


def evidence_items() -> dict[str, Evidence]:
    """Everything a brief can cite, by ref: facts, claims, then primary-source excerpts.

    Examples
    --------
    >>> items = evidence_items()
    >>> items["fact:v3-gpu-hours-total"].rating, items["claim:one-tenth-llama-compute"].rating
    ('V', 'loose')
    """
    items = [Evidence("fact", r["id"], r["statement"], r["confidence"],
                      f"{r['source']}, {r['locator']}", url=r["url"] or "")
             for r in records("facts")]
    items += [Evidence("claim", r["id"], r["quote"], r["status"],
                       f"{article(r['article_id']).citation}, paragraph {r['paragraph']} "
                       f"[{r['article_id']}]", r["correction"] or "")
              for r in records("claims")]
    items += [Evidence("source", r.id, r.text.strip(), r.confidence, r.citation, url=r.url)
              for r in sources.load().values()]
    return {e.ref: e for e in items}


def search(query: str, items: dict[str, Evidence]) -> list[str]:
    """Refs of the items that match words of *query*, most words first; a word matches where it
    starts a word of the id, text or source (a final "s" and licence/license aside).

    Examples
    --------
    >>> found = search("MIT licences", evidence_items())
    >>> "fact:r1-license-mit" in found[:5], "fact:v3-gpu-hours-total" in found
    (True, False)
    """
    def norm(text):
        return text.lower().replace("licenc", "licens")

    words = [re.compile(r"\b" + re.escape(w[:-1] if len(w) > 3 and w.endswith("s") else w))
             for w in map(norm, query.split())]
    hits = {}
    for ref, e in items.items():
        text = norm(f"{ref} {e.text} {e.source}")  # once per item, not once per word
        hits[ref] = sum(bool(w.search(text)) for w in words)
    return sorted((ref for ref, n in hits.items() if n or not words), key=lambda r: -hits[r])


def template() -> dict:
    """The empty skeleton of a brief.

    Examples
    --------
    >>> draft = template()
    >>> draft["position"], draft["evidence"], bool(export_blocker(draft))
    ('', [], True)
    """
    return {**dict.fromkeys(TEXT_FIELDS, ""), "evidence": [], "runs": []}


def _text(value, limit: int = MAX_CHARS) -> str:
    value = value if isinstance(value, str) else "" if value is None else str(value)
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", value.replace("\r\n", "\n")).strip()[:limit]


def _png(value) -> str:
    """*value* if it is base64 of a PNG of at most 3 MB, else ''."""
    try:
        ok = len(value) < 4_000_000 and base64.b64decode(value, validate=True)[:4] == b"\x89PNG"
    except (TypeError, ValueError):  # binascii.Error is a ValueError
        ok = False
    return value if ok else ""


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _run(run: dict) -> dict:
    inputs = [{"name": _text(i.get("name"), 200), "value": _text(i.get("value"), 200),
               "basis": _text(i.get("basis"), 200),
               "facts": [f for f in _list(i.get("facts")) if isinstance(f, str)]}
              for i in _list(run.get("inputs")) if isinstance(i, dict)]
    return {"explorer": _text(run.get("explorer"), 60), "title": _text(run.get("title"), 200),
            "result": _text(run.get("result"), 2000), "inputs": inputs[:20],
            "caveats": [_text(c, 600) for c in _list(run.get("caveats")) if isinstance(c, str)],
            "png": _png(run.get("png")), "alt": _text(run.get("alt"), 2000)}


def clean(data, items: dict[str, Evidence] | None = None) -> tuple[dict, list[str]]:
    """A well-formed draft from *data* (saved or typed), and what had to change, in words.

    Unknown fields, control characters and unknown or repeated evidence go; text and lists
    are cut at :data:`MAX_CHARS`, :data:`MAX_EVIDENCE` and :data:`MAX_RUNS`.

    Examples
    --------
    >>> draft, notes = clean({"position": "Yes\\x00.", "evidence": [{"ref": "fact:nope"}]})
    >>> draft["position"], notes
    ('Yes.', ['Evidence fact:nope is not in the course data; it was left out.'])
    """
    items = evidence_items() if items is None else items
    data = data if isinstance(data, dict) else {}
    draft, notes = template(), []
    for name in TEXT_FIELDS:
        draft[name] = _text(data.get(name), MAX_CHARS + 1)
        if len(draft[name]) > MAX_CHARS:
            notes.append(f"The {name.replace('_', ' ')} was cut to its first {MAX_CHARS:,} "
                         "characters.")
            draft[name] = draft[name][:MAX_CHARS]
    for entry in _list(data.get("evidence")):
        ref = entry.get("ref") if isinstance(entry, dict) else None
        if ref not in items:
            notes.append(f"Evidence {_text(ref, 60)} is not in the course data; it was left out.")
        elif all(e["ref"] != ref for e in draft["evidence"]):
            draft["evidence"].append({"ref": ref, "note": _text(entry.get("note"), 2000)})
    draft["runs"] = [_run(r) for r in _list(data.get("runs"))
                     if isinstance(r, dict) and isinstance(r.get("result"), str)]
    for key, most in (("evidence", MAX_EVIDENCE), ("runs", MAX_RUNS)):
        if len(draft[key]) > most:
            notes.append(f"A one-page brief takes at most {most} {key}; the first {most} "
                         "were kept.")
            draft[key] = draft[key][:most]
    return draft, notes


def _words(text: str) -> int:
    """Words as a reader counts them ("$5.6", "open-source" and "40%" are one each)."""
    return len(re.findall(r"\w[\w'’.%$-]*", text))


def export_blocker(draft: dict) -> str:
    """Why nothing may be exported yet (no position written), or '' when it may.

    Examples
    --------
    >>> export_blocker({**template(), "position": "Yes: buy open where it fits."})
    ''
    """
    return "" if _words(draft["position"]) >= 3 else (
        "Nothing was exported: write your position first (step 1). The other parts can "
        "follow.")


def problems(draft: dict, items: dict[str, Evidence] | None = None) -> list[str]:
    """What the brief still lacks, read against the rubric, as far as a program can see.

    Examples
    --------
    >>> problems(template())[0]
    'Question: put your name (or student id) on the brief.'
    """
    items = evidence_items() if items is None else items
    question, words = draft["question"], {name: _words(draft[name]) for name in TEXT_FIELDS}
    chosen = [(items[e["ref"]], e["note"]) for e in draft["evidence"] if e["ref"] in items]
    found = [message for lacking, message in (
        (not draft["author"], "Question: put your name (or student id) on the brief."),
        (not draft["stakeholder"], "Question: choose the seat you write from."),
        (not question, "Question: choose a question, or write your own."),
        (question and question not in config()["questions"] and (
            words["question"] < 5 or not question.endswith("?")),
         "Question: write your own question in full (five words or more, ending with '?')."),
        (words["position"] < 10, "Question: state your position in a full sentence (10 words "
         "or more): yes or no, and why."),
        (len(chosen) < 3, f"Evidence: add at least 3 pieces of evidence (you have {len(chosen)})."),
        (sum(e.rating in ("V", "W") and e.kind != "claim" for e, _ in chosen) < 2,
         "Evidence: cite at least two facts or excerpts rated V or W; unverified figures and "
         "article claims cannot carry the argument alone.")) if lacking]
    for item, note in chosen:
        weak = item.rating in ("NV", "wrong", "unverifiable", "loose")
        if not note:
            found.append(f"Evidence: say in a line why {item.id} matters for your position.")
        elif weak and not re.search(r"unverif|not verified|no source|wrong|error|incorrect|"
                                    r"false|mistak|loose|typo", note, re.I):
            what = ("an unverified (NV) figure" if item.rating == "NV" else
                    f"a claim the course rates {item.rating}")
            found.append(f"Evidence: {item.id} is {what}; say so in its note and do not rest "
                         "your case on it.")
    page = to_markdown(draft, items).partition("\n## Sources")[0]
    page_words = _words(re.sub(r"^!\[.*$", "", page, flags=re.M))  # charts aside
    return found + [message for lacking, message in (
        (not draft["runs"], "Models: add at least one run from an explorer (step 3)."),
        (draft["runs"] and words["model_note"] < 8, "Models: say what the runs show for your "
         "position and how the answer moves if an assumption changes."),
        (words["other_side"] < 15, "Other side: state the strongest case against your position "
         "(15 words or more) and answer it."),
        (words["recommendation"] < 5, "Clarity: write a recommendation your stakeholder can act "
         "on."),
        (page_words > PAGE_WORDS, f"Clarity: the brief has {page_words} words before its "
         f"sources; cut it to {PAGE_WORDS} or fewer so it fits on one page.")) if lacking]


@cache
def _template(name: str):
    """A template of course/templates; HTML is escaped, Markdown goes through ``md``."""
    web_address = {"web_address": lambda url: bool(re.fullmatch(r"https?://[^\s<>]+", url))}
    return templates_with({"md": _md}, web_address).get_template(name)


def _md(text: str) -> str:
    """The student's text as Markdown that shows it as written (paragraphs kept)."""
    text = re.sub(r"([\\`*_\[\]<>#$])", r"\\\1", text)
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip())


def _tags(draft: dict, items: dict[str, Evidence]) -> dict[str, str]:
    """Citation tags in order of first use: [F1] facts, [C1] claims, [S1] excerpts."""
    refs = [e["ref"] for e in draft["evidence"]]
    refs += [f"fact:{f}" for r in draft["runs"] for i in r["inputs"] for f in i["facts"]]
    numbers = defaultdict(lambda: itertools.count(1))  # one count per kind
    return {ref: f"{ref[0].upper()}{next(numbers[ref[0]])}"
            for ref in dict.fromkeys(r for r in refs if r in items)}


def to_markdown(draft: dict, items: dict[str, Evidence] | None = None) -> str:
    """The brief as Markdown, the student's text escaped; charts link ``chart-N.png``.

    Examples
    --------
    >>> print(to_markdown({**template(), "position": "Yes *now*, <b>$5</b>"}).split("\\n")[8])
    Yes \\*now\\*, \\<b\\>\\$5\\</b\\>
    """
    items = evidence_items() if items is None else items
    cfg, tags, runs = config(), _tags(draft, items), []
    for n, run in enumerate(draft["runs"], 1):
        before = next((r for r in reversed(runs) if r["explorer"] == run["explorer"]), None)
        changed = [i for i in run["inputs"] if before and i not in before["inputs"]]
        runs.append({**run, "n": n, "before": before, "changed": changed})
    page = _template("brief.md").render(
        draft=draft, items=items, tags=tags, runs=runs, confidence=CONFIDENCE,
        seat=cfg["seats"].get(draft["stakeholder"], ["(no seat chosen)"])[0],
        question=cfg["questions"].get(draft["question"], draft["question"]) or "(no question)",
        cited=[(items[e["ref"]], e["note"]) for e in draft["evidence"] if e["ref"] in items],
        today=_dt.date.today().isoformat())
    return re.sub(r"\n{3,}", "\n\n", page).strip() + "\n"


def to_html(draft: dict, items: dict[str, Evidence] | None = None, *,
            standalone: bool = True) -> str:
    """The brief as an HTML page that loads nothing from elsewhere, or a fragment to preview.

    Examples
    --------
    >>> page = to_html({**template(), "position": "<script>alert(1)</script>"})
    >>> "<script>" in page, "&lt;script&gt;" in page
    (False, True)
    """
    import mistune

    body = mistune.create_markdown(escape=True)(to_markdown(draft, items))
    for n, run in enumerate(draft["runs"], 1):  # embedded after parsing: mistune is slow on them
        body = body.replace(f'src="chart-{n}.png"', f'src="data:image/png;base64,{run["png"]}"')
    if not standalone:
        return body
    return _template("brief.html").render(title=draft["title"] or "Policy brief", body=body)


def briefs_root() -> Path:
    """``$COURSE_BRIEFS``, else ``briefs`` beside ``$COURSE_PROGRESS``, else ``briefs/`` in the
    course folder (``~/open-weights-briefs`` when that is read-only).

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"COURSE_BRIEFS": "",
    ...                                   "COURSE_PROGRESS": "/tmp/ada/progress.sqlite3"}):
    ...     print(briefs_root().as_posix())
    /tmp/ada/briefs
    """
    for variable, under in (("COURSE_BRIEFS", ""), ("COURSE_PROGRESS", "briefs")):
        if value := os.environ.get(variable, "").strip():
            path = Path(value).expanduser()
            return path / under if not under or path.is_dir() else path.parent / under
    inside = project_root() / "briefs"
    writable = os.access(inside if inside.exists() else inside.parent, os.W_OK)
    return inside if writable else Path.home() / "open-weights-briefs"


def folder_name(author: str) -> str:
    """A safe folder name for an author.

    Examples
    --------
    >>> folder_name("Ada Lovelace"), folder_name("../../etc"), folder_name("  ")
    ('ada-lovelace', 'etc', 'my-brief')
    """
    return re.sub(r"[^a-z0-9]+", "-", author.lower()).strip("-")[:60].rstrip("-") or "my-brief"
