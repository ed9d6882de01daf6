"""``claim``: rate a claim from ``claims.csv`` (its ``status`` is the right rating).

A rating listed in ``defensible`` counts too, with a reason of :data:`REASON_WORDS` words."""

from __future__ import annotations

from collections.abc import Mapping

from ...answers import AnswerError, shown
from ...articles import quote
from ...facts import fact
from ...tables import VERDICTS, rows_by_id
from ..markup import rendered
from .base import TEXT, Graded, Kind, radio, text_area

REASON_WORDS = 6
RATINGS = {key: f"{key.capitalize()}: {meaning}" for key, meaning in VERDICTS.items()}


def _ratings(what: str) -> dict:
    return {"type": "object", "propertyNames": {"enum": list(VERDICTS)}, "default": {},
            "additionalProperties": TEXT,
            "description": f'a table of rating = "{what}" for the ratings '
                           + ", ".join(VERDICTS)}


def defended(spec: dict, rating: str) -> str:
    """The note that opens the feedback on a defensible *rating*."""
    return (f"“{rating.capitalize()}” can be defended: {spec['defensible'][rating]} The course "
            f"rates this claim **{spec['answer']}**:")


def also_defensible(spec: dict, chosen: str | None = None) -> str:
    """The defensible ratings other than *chosen*, as a Markdown list ("" if none)."""
    others = [f"- *{k}*: {v}" for k, v in spec["defensible"].items() if k != chosen]
    return "Also defensible:\n\n" + "\n".join(others) if others else ""


class Claim(Kind):
    name = "claim"
    instruction = ("Rate the claim: is it accurate, loose, wrong or unverifiable? Say why in "
                   "a sentence.")
    properties = {"claim": {**TEXT, "description": "a claims.csv id"},
                  "feedback": _ratings("feedback when this rating is chosen"),
                  "defensible": _ratings("why this rating can be defended")}
    required = ("claim",)

    @classmethod
    def validate(cls, spec, fail):
        row = rows_by_id("claims").get(spec["claim"])
        if row is None:
            fail("claim", f"{spec['claim']!r} is not an id in claims.csv")
        spec["claim"] = {**row, "fact_ids": list(row["fact_ids"] or ())}
        spec["options"], spec["answer"] = dict(RATINGS), row["status"]
        if spec["answer"] in spec["defensible"]:
            fail("defensible", f"{spec['answer']!r} is the claim's own rating in claims.csv; "
                               "list only the other ratings that can be defended")
        for rating in spec["defensible"]:
            if rating in spec["feedback"]:
                fail("feedback", f"{rating!r} is defensible, so its feedback is never shown; "
                                 "say why it can be defended in defensible instead")

    def grade(self, answer) -> Graded:
        spec = self.spec
        reason = ""
        if isinstance(answer, Mapping):
            reason = answer.get("reason") or ""
            if not isinstance(reason, str) or len(reason) > 2000:
                raise AnswerError(f"Write your reason as a sentence or two; got "
                                  f"{shown(reason)}.")
            reason = " ".join(reason.split())
            answer = answer.get("rating")
        rating = self.key_of(answer, spec["options"], "rating")
        recorded = {"rating": rating, "reason": reason}
        if rating == spec["answer"]:
            return Graded(True, "", recorded)
        if rating in spec["defensible"]:
            if len(reason.split()) < REASON_WORDS:
                raise AnswerError(f"Say why you rate this claim {rating}: write your reason "
                                  f"in the “Your reason” box (a sentence of {REASON_WORDS} "
                                  "words or more), then check again.")
            return Graded(True, defended(spec, rating), recorded)
        return Graded(False, spec["feedback"].get(rating, ""), recorded)

    def lists(self):
        return [("Options", list(self.spec["options"].values()))]

    def context(self):
        claim = self.spec["claim"]
        passage = quote(claim["article_id"], claim["paragraph"], highlight=claim["quote"])
        return (f"Claim: “{claim['quote']}”\n— {passage.citation} [{claim['article_id']}]",
                passage._repr_html_())

    def aside(self):
        """The evidence: the correction and each cited fact with its source."""
        claim = self.spec["claim"]
        facts = "\n".join(f"- {f.statement} ({f.citation}{f' [source]({f.url})' if f.url else ''}"
                          f"; fact `{f.id}`)" for f in map(fact, claim["fact_ids"]))
        markdown = (f"**Evidence:** rated *{claim['status']}*. {claim['correction']}\n\n{facts}"
                    f"\n\n{also_defensible(self.spec)}")
        return rendered(markdown, "course-evidence")

    def inputs(self):
        self.controls = {"rating": radio(self.spec["options"]),
                         "reason": text_area("Why? One sentence is enough.", "Your reason:", 2)}
        return list(self.controls.values())
