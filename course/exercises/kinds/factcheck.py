"""``factcheck``: check a claim as a fact-checker does — verdict, evidence, one sentence.

Correct when the verdict holds, some ticked item is key evidence and at most
:data:`IRRELEVANT_ALLOWED` is not; the course's check comes with the solution.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ...answers import AnswerError, shown
from ...articles import quote
from ...facts import fact
from ...sources import load as load_sources
from ...tables import rows_by_id
from ..markup import escape, macros, rendered
from .base import TEXT, Graded, Kind, blank, count, keys, radio, text_area
from .claim import RATINGS, REASON_WORDS, Claim, _ratings, also_defensible, defended

IRRELEVANT_ALLOWED = 1  # ticked items that do not bear on the claim a right answer may have

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘'(])")

CANDIDATE = {
    "type": "object", "required": ["id", "label", "why"], "additionalProperties": False,
    "properties": {
        "id": {**TEXT, "description": "a facts.csv id or a data/sources/ excerpt id"},
        "label": {**TEXT, "description": "one line saying what the item is, without judging "
                                         "the claim"},
        "why": {**TEXT, "description": "for key evidence, what it shows about the claim; for "
                                       "any other item, why it does not bear on the claim"},
    },
    "description": "an evidence item offered: id, label and why",
}


class FactCheck(Kind):
    name = "factcheck"
    instruction = ("Check the claim in three steps: 1. choose a verdict; 2. tick the evidence "
                   "that decides it (open an item to read it); 3. write one sentence saying "
                   "why.")
    properties = {
        "claim": {**TEXT, "description": "a claims.csv id (kind claim)"},
        "answer": {"enum": list(RATINGS), "description": "the course's verdict, the claim's "
                                                         "status in claims.csv"},
        "evidence": keys("the ids of the key evidence, each among the candidates"),
        "candidates": {"type": "array", "items": CANDIDATE, "minItems": 3,
                       "description": "the evidence offered: the key evidence and at least two "
                                      "items that do not bear on the claim, in display order"},
        "feedback": _ratings("feedback when this verdict is chosen"),
        "defensible": _ratings("why this verdict can be defended"),
    }
    required = ("claim", "answer", "evidence", "candidates")

    @classmethod
    def validate(cls, spec, fail):
        answer = spec["answer"]
        Claim.validate(spec, fail)  # the claim's row, the verdicts, the defensible ones
        if answer != spec["answer"]:
            fail("answer", f"{answer!r} differs from the claim's status in claims.csv "
                           f"({spec['answer']!r}); the bank and the fact-check must agree")
        if spec["claim"]["kind"] != "claim":
            fail("claim", f"{spec['claim']['id']!r} is a {spec['claim']['kind']}, not a claim "
                          "to rate")
        ids = [c["id"] for c in spec["candidates"]]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            fail("candidates", f"{', '.join(twice)} offered twice")
        missing = [i for i in spec["evidence"] if i not in ids]
        if missing:
            fail("evidence", f"{', '.join(missing)} not among the candidates")
        if len(ids) - len(spec["evidence"]) < 2:
            fail("candidates", "offer at least two items that do not bear on the claim, so "
                               "that ticking everything is not an answer")
        sources, facts = load_sources(), rows_by_id("facts")
        for item in spec["candidates"]:
            if item["id"] not in sources and item["id"] not in facts:
                fail("candidates", f"{item['id']!r} is neither a facts.csv id nor an excerpt "
                                   "in data/sources/")
            source = sources.get(item["id"])
            found = source or fact(item["id"])
            item.update(type="source" if source else "fact", confidence=found.confidence,
                        citation=found.citation, url=found.url,
                        text=source.text if source else found.statement)

    def __init__(self, spec: dict):
        super().__init__(spec)
        self.candidates = {c["id"]: c for c in spec["candidates"]}
        self.checked: dict | None = None  # the latest answer graded, for the comparison
        self.boxes: dict = {}  # the evidence checkboxes, by candidate id

    def _read(self, answer) -> dict:
        if not isinstance(answer, Mapping):
            raise AnswerError("Answer with a verdict, the evidence you tick and a sentence, "
                              'e.g. {"verdict": "loose", "evidence": ["fact-id"], "sentence": '
                              f'"…"}}; got {shown(answer)}.')
        verdict, evidence, sentence = (answer.get(k) for k in ("verdict", "evidence",
                                                               "sentence"))
        todo = []
        if blank(verdict):
            todo.append("choose a verdict")
        else:
            verdict = self.key_of(verdict, self.spec["options"], "verdict")
        if evidence is None:
            evidence = []
        if isinstance(evidence, str) or not isinstance(evidence, list | tuple | set):
            raise AnswerError(f"Give the evidence as a list of ids; got {shown(evidence)}.")
        picked = {self.key_of(item, self.candidates, "evidence item") for item in evidence}
        if not picked:
            todo.append("tick the evidence that decides the claim")
        if sentence is not None and (not isinstance(sentence, str) or len(sentence) > 2000):
            raise AnswerError(f"Write your sentence as plain text; got {shown(sentence)}.")
        sentence = " ".join((sentence or "").split())
        if len(sentence.split()) < REASON_WORDS:
            todo.append(f"write one sentence of {REASON_WORDS} words or more saying why")
        if todo:
            raise AnswerError("Three steps make a check. Still to do: " + "; ".join(todo)
                              + ".")
        return {"verdict": verdict, "evidence": [i for i in self.candidates if i in picked],
                "sentence": sentence}

    def grade(self, answer) -> Graded:
        spec, recorded = self.spec, self._read(answer)
        self.checked = recorded
        verdict, picked = recorded["verdict"], recorded["evidence"]
        key, items = spec["evidence"], self.candidates
        irrelevant = [i for i in picked if i not in key]
        missed = [i for i in key if i not in picked]
        verdict_holds = verdict == spec["answer"] or verdict in spec["defensible"]
        evidence_holds = len(picked) > len(irrelevant) and len(irrelevant) <= IRRELEVANT_ALLOWED
        if verdict_holds and evidence_holds:
            note = defended(spec, verdict) if verdict in spec["defensible"] else ""
            return Graded(True, note, recorded)
        lines = []
        if not verdict_holds:
            lines.append(f"Your verdict, “{verdict}”, does not hold. "
                         + (spec["feedback"].get(verdict) or "Weigh the evidence again."))
        lines += [f"You ticked “{items[i]['label']}”, which does not bear on this claim. "
                  f"{items[i]['why']}" for i in irrelevant]
        if len(picked) == len(irrelevant):
            lines.append("None of the items you ticked decides the claim.")
        elif len(irrelevant) > IRRELEVANT_ALLOWED:
            lines.append(f"A check may include at most {IRRELEVANT_ALLOWED} item that does not "
                         "bear on the claim.")
        if missed:
            lines.append(count(len(missed), "item of key evidence is",
                               "items of key evidence are") + " not ticked.")
        if verdict_holds:
            lines.append("Your verdict holds; the evidence is what needs another look.")
        elif evidence_holds:
            lines.append("Your evidence is enough to decide the claim; read it again for the "
                         "verdict.")
        return Graded(False, " ".join(lines), recorded)

    def answer_text(self) -> str:
        return (f"{super().answer_text()} Key evidence: "
                + "; ".join(self.candidates[i]["label"] for i in self.spec["evidence"]))

    def lists(self):
        return [("Verdicts", list(self.spec["options"].values())),
                ("Evidence offered (confidence: V verified, W widely reported, NV not verified)",
                 [f"[{c['confidence']}] {c['label']} ({c['type']} {c['id']})"
                  for c in self.spec["candidates"]])]

    def context(self):
        claim = self.spec["claim"]
        passage = quote(claim["article_id"], claim["paragraph"], highlight=claim["quote"])
        sentence = _sentence(passage.text, claim["quote"])
        return (f"Claim: “{claim['quote']}”\nIn context: “{sentence}”\n— {passage.citation} "
                f"[{claim['article_id']}]",
                str(macros().claim(passage.citation, sentence, claim["quote"],
                                   passage._repr_html_())))

    def aside(self):
        """The course's verdict and key evidence, and where the latest answer differs."""
        spec, items, mine = self.spec, self.candidates, self.checked
        key = "\n".join(f"- **{items[i]['label']}**: {items[i]['why']}  \n  {_citation(items[i])}"
                        for i in spec["evidence"])
        blocks = [f"**The course's check** — verdict: *{spec['answer']}*. "
                  f"{spec['claim']['correction']}", f"Key evidence:\n\n{key}"]
        if mine:
            differs = "\n".join(f"- {line}" for line in self._differences())
            blocks += [f"Where your check differs:\n\n{differs}",
                       f"Your sentence: “{escape(mine['sentence'])}” Compare it with the course's "
                       "reasoning above."]
        blocks.append(also_defensible(spec, mine and mine["verdict"]))
        return rendered("\n\n".join(blocks), "course-evidence")

    def _differences(self) -> list[str]:
        spec, items, mine = self.spec, self.candidates, self.checked
        lines = []
        if mine["verdict"] != spec["answer"]:
            defended = ", which can be defended" if mine["verdict"] in spec["defensible"] else ""
            lines.append(f"Verdict: you chose “{mine['verdict']}”{defended}; the course says "
                         f"“{spec['answer']}”.")
        lines += [f"You ticked “{items[i]['label']}”, which does not bear on the claim. "
                  f"{items[i]['why']}" for i in mine["evidence"]
                  if i not in spec["evidence"]]
        lines += [f"Key evidence you did not tick: “{items[i]['label']}”."
                  for i in spec["evidence"] if i not in mine["evidence"]]
        return lines or ["Nowhere: your verdict and evidence match the course's."]

    def inputs(self):
        import ipywidgets as widgets

        rows, self.boxes = [], {}
        for item in self.spec["candidates"]:
            self.boxes[item["id"]] = widgets.Checkbox(
                value=False, description=f"[{item['confidence']}] {item['label']}", indent=False,
                layout=widgets.Layout(width="auto")).add_class("course-evidence-item")
            reader = widgets.HTML(str(macros().evidence(item, _citation(item))),
                                  layout=widgets.Layout(width="100%"))
            rows += [self.boxes[item["id"]], reader]
        sentence = text_area(f"In one sentence ({REASON_WORDS} words or more): why this verdict, "
                             "on this evidence?", "3. Your sentence:", 3)
        self.controls = {"verdict": radio(self.spec["options"], "1. Your verdict:"),
                         "sentence": sentence}
        return [self.controls["verdict"], widgets.HTML(str(macros().evidence_heading())), *rows,
                sentence]

    def read(self):
        return {**super().read(), "evidence": [i for i, box in self.boxes.items() if box.value]}

    def show(self, answer):
        super().show(answer)
        for item_id, box in self.boxes.items():
            box.value = item_id in answer["evidence"]


def _sentence(paragraph: str, phrase: str) -> str:
    """The sentence(s) of *paragraph* that hold *phrase*."""
    start = paragraph.find(phrase)
    ends = list(_SENTENCE_END.finditer(paragraph))
    first = max((m.end() for m in ends if m.end() <= start), default=0)
    last = min((m.start() for m in ends if m.start() >= start + len(phrase)),
               default=len(paragraph))
    return paragraph[first:last]


def _citation(item: dict) -> str:
    """Where an evidence item comes from, in Markdown: citation, confidence, id and a link."""
    link = f" [open the source]({item['url']})" if item.get("url") else ""
    return (f"{item['citation']}; confidence {item['confidence']}; {item['type']} "
            f"`{item['id']}`.{link}")
