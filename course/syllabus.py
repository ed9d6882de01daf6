"""The syllabus: the eleven notebooks in order, with their titles and core topics."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["APPENDICES", "Lesson", "LESSONS", "lesson"]


@dataclass(frozen=True)
class Lesson:
    number: str
    slug: str
    title: str
    core: str
    minutes: int

    @property
    def filename(self) -> str:
        """The notebook's file name, e.g. ``03_the_cost_of_training.ipynb``."""
        return f"{self.number}_{self.slug}.ipynb"


LESSONS: tuple[Lesson, ...] = (
    Lesson("00", "start_here", "Start here",
           "how the course works, the corpus at a glance, environment check, first quiz", 55),
    Lesson("01", "reading_the_news_as_data", "Reading the news as data",
           "corpus cleaning, word counts, key terms, who is quoted, keyword in context, framing",
           60),
    Lesson("02", "what_open_means", "What “open” means",
           "open source vs open weights, the OSI definition, licences, an openness scorecard", 65),
    Lesson("03", "the_cost_of_training", "The cost of training",
           "GPU-hours × price, FLOP ≈ 6·N·D, utilisation, mixture of experts, "
           "what the $5.6M leaves out", 70),
    Lesson("04", "the_price_of_intelligence", "The price of intelligence",
           "API prices, cost per task, serving cost, Bertrand and hosts' prices, elasticity, "
           "Jevons, an event study", 85),
    Lesson("05", "open_source_as_strategy", "Open source as strategy",
           "public goods, commoditise the complement, open core, ecosystems, analogies, an "
           "open/closed game, distillation", 85),
    Lesson("06", "ecosystems_and_market_structure", "Ecosystems and market structure",
           "network effects, derivatives, Bass diffusion, market shares and the HHI", 75),
    Lesson("07", "policy_geopolitics_and_risk", "Policy, geopolitics and risk",
           "export controls, compute thresholds, misuse, security, liability, transparency", 85),
    Lesson("08", "fact_checking_the_coverage", "Fact-checking the coverage",
           "a fact-checking workbench, error patterns, per-article scorecards, a checklist", 80),
    Lesson("09", "capstone_policy_brief", "Capstone: a policy brief",
           "pick a stakeholder, assemble evidence, run the models, export a brief", 120),
    Lesson("10", "what_happened_next", "What happened next",
           "2025–2026 against the course's models and your predictions: releases, prices, "
           "licences, export controls, the EU's GPAI duties", 70),
)


#: Notebooks that are not lessons: reference pages generated from the data.
APPENDICES: tuple[str, ...] = ("glossary.ipynb",)


def lesson(number: str) -> Lesson:
    """The lesson with two-digit *number*.

    Examples
    --------
    >>> lesson("03").filename
    '03_the_cost_of_training.ipynb'
    """
    found = next((item for item in LESSONS if item.number == number), None)
    if found:
        return found
    raise ValueError(f"There is no notebook {number!r}; the notebooks are "
                     f"{', '.join(x.number for x in LESSONS)}")
