"""Course-wide checks of the notebooks' text, for authors and for the tests.

``python tools/coursecheck.py`` prints every problem and exits non-zero if there is one;
``tests/test_course_text.py`` asserts each list is empty. The checks:

- **glossary**: every glossary term the notebooks use is linked to the glossary appendix at
  its first use in the course (in syllabus order), ``first_notebook`` names that notebook,
  every glossary link points at a real term, and the appendix is up to date;
- **reading**: every "Further reading" list is generated from ``data/references.bib``;
- **quotes**: each article paragraph is shown in full (``course.quote``) at most once;
- **minutes**: each notebook's stated time agrees with the reading-and-exercise estimate
  (:data:`WORDS_PER_MINUTE` and the per-item minutes below), and the syllabus agrees with
  the notebooks;
- **dates**: every sentence of the notebooks' Markdown and of the glossary that speaks in the
  present of the world ("now", "currently", "latest", "still", "so far" ...) carries a year
  in the same sentence or paragraph ("as of January 2025"), so that no statement about the
  state of the world goes undated.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import nbtool  # noqa: E402

from course import bibliography, glossary  # noqa: E402
from course.syllabus import LESSONS  # noqa: E402

#: A novice reads dense technical prose, with its quoted passages, at about this speed.
WORDS_PER_MINUTE = 120
MINUTES_PER_GRADED = 3
MINUTES_PER_REFLECTION = 8
MINUTES_PER_EXPLORER = 5
#: The capstone brief is written in the form of notebook 09, on top of its reading.
BRIEF_MINUTES = {"09": 60}

COURSE_NAME = "Open Weights, Open Markets"
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
_TAG = re.compile(r"<[^>]+>")
_QUOTE = re.compile(r"course\.quote\(\s*[\"']([^\"']+)[\"']\s*,\s*(\d+)")
_EXERCISE = re.compile(r"course\.exercise\(\s*[\"']([^\"']+)[\"']\s*\)")
_EXPLORER = re.compile(r"explorers\.\w+\(")


def notebooks() -> list[tuple[str, nbformat.NotebookNode]]:
    """The syllabus's notebooks that exist, in course order, as ``(number, notebook)``."""
    found = []
    for lesson in LESSONS:
        path = ROOT / "notebooks" / lesson.filename
        if path.exists():
            found.append((lesson.number, nbformat.read(path, as_version=4)))
    return found


def prose(source: str) -> str:
    """Markdown without code, HTML tags, headings and link targets (link texts stay)."""
    text = _TAG.sub(" ", _CODE.sub(" ", source))
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return _LINK.sub(lambda m: m.group(1), text)


def _pattern(term: str) -> re.Pattern:
    words = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", term))
    return re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", re.I)


def _spans(text: str, terms) -> dict[str, list[tuple[int, int]]]:
    """Where each term occurs in *text*, leaving out occurrences inside a longer term's."""
    found = {t: [m.span() for m in _pattern(t).finditer(text)] for t in terms}
    longer = sorted(terms, key=len, reverse=True)
    result = {}
    for term in terms:
        outer = [s for t in longer if len(t) > len(term) for s in found[t]]
        result[term] = [(a, b) for a, b in found[term]
                        if not any(x <= a and b <= y and (x, y) != (a, b) for x, y in outer)]
    return result


def glossary_problems() -> list[str]:
    """Terms not linked at first use, wrong ``first_notebook``, dead links, stale appendix."""
    terms = glossary.load()
    problems = []
    appendix = ROOT / "notebooks" / nbtool.GLOSSARY
    expected = nbformat.writes(nbtool.glossary_notebook(terms, LESSONS), version=4) + "\n"
    if not appendix.exists() or appendix.read_text(encoding="utf-8") != expected:
        problems.append("notebooks/glossary.ipynb is out of date: run "
                        "`python tools/nbtool.py generate`")
    anchors = {t.anchor: t.term for t in terms.values()}
    first: dict[str, tuple[str, bool]] = {}
    for number, nb in notebooks():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "markdown":
                continue
            source = _TAG.sub(" ", _CODE.sub(" ", cell.source)).replace(COURSE_NAME, " ")
            for text, target in _LINK.findall(source):
                if target.startswith("glossary.ipynb"):
                    anchor = target.partition("#")[2]
                    if anchor not in anchors:
                        problems.append(f"{number} cell {index}: [{text}]({target}) links to no "
                                        "glossary term (the anchor is the term with hyphens "
                                        "for spaces)")
            linked = [(m.start(1), m.end(1), anchors.get(m.group(2).partition("#")[2]))
                      for m in _LINK.finditer(source) if m.group(2).startswith("glossary.ipynb")]
            lines = source.splitlines(keepends=True)
            text = "".join(" " * len(line) if line.lstrip().startswith("#") else line
                           for line in lines)
            todo = [t for t in terms if t not in first]
            for term, spans in _spans(text, todo).items():
                if spans:
                    a, b = spans[0]
                    ok = any(x <= a and b <= y and name == term for x, y, name in linked)
                    first[term] = (number, ok)
                    if not ok:
                        problems.append(f"{number} cell {index}: first use of {term!r} in the "
                                        f"course is not linked: [{source[a:b]}]"
                                        f"({terms[term].link})")
    for term, item in terms.items():
        if term not in first:
            problems.append(f"glossary term {term!r} is used in no notebook")
        elif first[term][0] != item.first_notebook:
            problems.append(f"glossary term {term!r}: first used in {first[term][0]}, but "
                            f"data/glossary.csv says {item.first_notebook}")
    return problems


def reading_problems() -> list[str]:
    """Further-reading lists that are missing their bib keys or differ from the bibliography."""
    problems = []
    for number, nb in notebooks():
        cells = [c for c in nb.cells if c.cell_type == "markdown"
                 and c.source.lstrip().startswith("## Further reading")]
        if not cells:
            problems.append(f"{number}: no Markdown cell starting with '## Further reading' "
                            "(give the list a cell of its own)")
            continue
        source = cells[0].source
        if not nbtool.REFS.search(source):
            problems.append(f"{number}: the Further reading cell has no <!-- bib: key ... --> "
                            "line")
            continue
        try:
            expected = nbtool.money(nbtool.further_reading(source, bibliography.cite))
        except (KeyError, ValueError) as error:
            problems.append(f"{number}: Further reading: {error}")
            continue
        if expected != source:
            problems.append(f"{number}: the Further reading list differs from references.bib: "
                            "run `python tools/nbtool.py generate`")
    return problems


def quote_problems() -> list[str]:
    """Article paragraphs shown in full more than once across the course."""
    seen: dict[tuple[str, int], str] = {}
    problems = []
    for number, nb in notebooks():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            for article, paragraph in _QUOTE.findall(cell.source):
                key = (article, int(paragraph))
                where = f"{number} cell {index}"
                if key in seen:
                    problems.append(f"{where}: {article} ¶{paragraph} is already shown in "
                                    f"{seen[key]}; refer back to it instead")
                else:
                    seen[key] = where
    return problems


def estimate_minutes(nb, bank: dict, number: str) -> float:
    """Reading time at :data:`WORDS_PER_MINUTE` plus minutes per exercise and explorer."""
    words = sum(len(re.findall(r"[A-Za-z0-9][\w’'%.,-]*", prose(c.source)))
                for c in nb.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    kinds = [bank[i]["kind"] for i in _EXERCISE.findall(code) if i in bank]
    reflections = kinds.count("reflection")
    return (words / WORDS_PER_MINUTE + MINUTES_PER_GRADED * (len(kinds) - reflections)
            + MINUTES_PER_REFLECTION * reflections
            + MINUTES_PER_EXPLORER * len(_EXPLORER.findall(code))
            + BRIEF_MINUTES.get(number, 0))


def minutes_problems() -> list[str]:
    """Stated times that disagree with the estimate (by more than 5 minutes) or each other."""
    from course.exercises import bank as load_bank

    bank = load_bank()
    lessons = {x.number: x for x in LESSONS}
    problems = []
    for number, nb in notebooks():
        stated = re.search(r"\*\*Time:\*\* about (\d+) minutes", nb.cells[0].source)
        estimate = estimate_minutes(nb, bank, number)
        if stated is None:
            problems.append(f"{number}: the header states no '**Time:** about N minutes'")
            continue
        if abs(int(stated.group(1)) - estimate) > 5:
            problems.append(f"{number}: states {stated.group(1)} minutes; the estimate is "
                            f"{estimate:.0f} (about {5 * round(estimate / 5)})")
        if lessons[number].minutes != int(stated.group(1)):
            problems.append(f"{number}: course/syllabus.py says {lessons[number].minutes} "
                            f"minutes, the notebook {stated.group(1)}")
    return problems


#: Words that put a statement in the reader's present, whenever the reader reads it.
_PRESENT = re.compile(r"\b(?:now|today|currently|current|at present|as yet|so far|to date|"
                      r"latest|recent|recently|still|this year|nowadays|these days)\b", re.I)
#: A year from 1800 to 2099: "2025", "January 2025", "as of 2026" all contain one.
_YEAR = re.compile(r"(?<![\d.,])(?:1[89]|20)\d\d(?!\d)")
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+(?=[A-Z\"“‘(*\[])|\n\s*(?:[-*|]|\d+\.)\s*")
#: Words of a source, in quotation marks, are dated by the source's citation, not the course.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
#: Sentences addressed to the reader ("you now know", "your current settings") are about the
#: course, not the world; so are "Now ..." and "Still, ..." opening a sentence.
_READER = re.compile(r"\b(?:you|your|we|us|let's)\b|^(?:now|still)\b", re.I)
#: Phrases, read and judged one by one, in which a present-time word is not about the state of
#: the world (a model's own output, a logical "still"). Matched in lower case; a reworded
#: sentence falls out of this list and is checked again.
NOT_ABOUT_THE_WORLD = (
    "so far apart",               # 04: prices far apart on a chart
    "less still",                 # 04: "and less still for cached input"
    "conversation so far",        # 04: what an API request sends
    "adopted so far",             # 06: the Bass model's state
    "still reaches half its market",  # 06: the Bass model's output
    "plausible and still unverifiable",  # 08: a definition
    "latest event",               # 08: how an article is dated
    "which regime is it now",     # 10: the explorer's output
    "settles it today",           # 00: what makes a statement an opinion
    "write them down now",        # 00: an instruction
    "still calls the release",    # 01: an article's wording
    "now on the table",           # 05: the argument so far
    "still has to ask",           # glossary: a reader's duty
)


def _undated(paragraph: str) -> list[tuple[str, str]]:
    """(marker, sentence) for each sentence of *paragraph* that needs a date and has none."""
    if _YEAR.search(paragraph):
        return []
    found = []
    for sentence in _SENTENCE.split(paragraph):
        sentence = " ".join(sentence.split())
        text = _QUOTED.sub(" ", sentence)
        lowered = text.lower()
        for phrase in NOT_ABOUT_THE_WORLD:
            lowered = lowered.replace(phrase, " ")
        marker = _PRESENT.search(lowered)
        if marker and not _READER.search(lowered):
            found.append((marker.group(0), sentence))
    return found


def date_problems() -> list[str]:
    """Sentences in the present tense of the world with no year in sentence or paragraph."""
    places = [(f"{number} cell {index}", prose(cell.source))
              for number, nb in notebooks()
              for index, cell in enumerate(nb.cells) if cell.cell_type == "markdown"]
    places += [(f"glossary {term!r}", item.definition)
               for term, item in glossary.load().items()]
    problems = []
    for where, text in places:
        for paragraph in re.split(r"\n\s*\n", text):
            for marker, sentence in _undated(paragraph):
                problems.append(f"{where}: {marker!r} with no date in its sentence or "
                                f"paragraph (write 'as of <month> <year>'): {sentence[:160]}")
    return problems


CHECKS = {"glossary": glossary_problems, "reading": reading_problems,
          "quotes": quote_problems, "minutes": minutes_problems, "dates": date_problems}


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Course-wide checks of the notebooks' text.")
    parser.add_argument("checks", nargs="*", metavar="CHECK",
                        help=f"which checks to run: {', '.join(CHECKS)} (default: all)")
    names = parser.parse_args(argv).checks or list(CHECKS)
    unknown = [name for name in names if name not in CHECKS]
    if unknown:
        parser.error(f"no check {', '.join(unknown)}; the checks are {', '.join(CHECKS)}")
    failed = 0
    for name in names:
        found = CHECKS[name]()
        failed += len(found)
        print(f"{name}: {len(found)} problem(s)")
        for line in found:
            print(f"  {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
