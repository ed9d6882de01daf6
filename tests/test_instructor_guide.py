"""The instructor guide (``docs/instructor-guide.md``) checked against the course it describes.

The guide is prose, but much of it is a promise about other files: the notebooks it
teaches (titles, objectives, timings), the commands and options it tells an instructor to
type, the files it links to, the capstone rubric, the claims it says the articles get wrong
and the exercises whose feedback it summarises. Each test reads one of those promises out
of the Markdown and checks it against the real thing: the syllabus, the notebooks' header
cells, ``course.cli.build_parser()``, the ``Makefile``, the files on disk, the rubric that
notebook 09 displays, ``data/claims.csv`` and the exercise bank.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

import course
from course import brief
from course.cli import build_parser
from course.exercises import bank
from course.syllabus import LESSONS

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "instructor-guide.md"
VERDICTS = ("accurate", "loose", "wrong", "unverifiable")

_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_LINK = re.compile(r"\[(?:[^\]\n]*)\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*$", re.MULTILINE)
_INLINE_CODE = re.compile(r"`([^`\n]+)`")


# ---------------------------------------------------------------- reading Markdown

def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def without_fences(text: str) -> str:
    """The Markdown with fenced code blocks blanked out (links and headings live outside)."""
    return _FENCE.sub("", text)


def code_snippets(text: str) -> list[str]:
    """Every inline code span and every line of every fenced block, in order."""
    lines = [line for block in _FENCE.findall(text) for line in block.splitlines()]
    return _INLINE_CODE.findall(without_fences(text)) + lines


def headings(text: str) -> list[tuple[int, str]]:
    return [(len(marks), title) for marks, title in _HEADING.findall(without_fences(text))]


def slug(title: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title).replace("`", "")
    return re.sub(r"[^\w\- ]", "", plain.lower()).replace(" ", "-")


def anchors(text: str) -> set[str]:
    seen: dict[str, int] = {}
    found = set()
    for _, title in headings(text):
        base = slug(title)
        count = seen.get(base, 0)
        found.add(base if count == 0 else f"{base}-{count}")
        seen[base] = count + 1
    return found


def section(text: str, title: str) -> str:
    """The body under the heading *title*, up to the next heading of the same or higher level."""
    matches = [m for m in _HEADING.finditer(text) if m.group(2) == title]
    assert len(matches) == 1, f"the guide should have exactly one heading {title!r}; " \
                              f"found {len(matches)}"
    level = len(matches[0].group(1))
    rest = text[matches[0].end():]
    end = next((m.start() for m in _HEADING.finditer(rest) if len(m.group(1)) <= level),
               len(rest))
    return rest[:end]


def lesson_heading(item) -> str:
    return f"{item.number} · {item.title}"


def numbered_items(text: str) -> list[str]:
    """The items of the first numbered list in *text*, whitespace collapsed."""
    items = re.findall(r"^\d+\.[ \t]+(.+(?:\n[ \t]+\S.*)*)", text, re.MULTILINE)
    return [" ".join(item.split()) for item in items]


def notebook_objectives(item) -> list[str]:
    """The learning objectives in the notebook's header cell, as a reader sees them."""
    cells = json.loads((ROOT / "notebooks" / item.filename).read_text(encoding="utf-8"))["cells"]
    header = "".join(cells[0]["source"]).replace("<span>&#36;</span>", "$")
    after = header.split("**Learning objectives.**", 1)
    assert len(after) == 2, f"{item.filename}: the header cell has no learning objectives"
    return numbered_items(after[1])


# ---------------------------------------------------------------- tests

def test_readme_links_to_the_guide():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = {(ROOT / link.split("#")[0]).resolve() for link in _LINK.findall(readme)
               if not re.match(r"[a-z]+:", link)}
    assert GUIDE.resolve() in targets, "README.md should link to docs/instructor-guide.md"


@pytest.mark.parametrize("item", LESSONS, ids=lambda item: item.number)
def test_every_notebook_has_a_section_with_its_title_time_and_objectives(item):
    body = section(guide_text(), lesson_heading(item))
    assert f"](../notebooks/{item.filename})" in body, \
        f"the section on {item.number} should link to ../notebooks/{item.filename}"
    times = re.findall(r"\*\*Time:\*\* about (\d+) minutes", body)
    assert times == [str(item.minutes)], \
        f"notebook {item.number} takes about {item.minutes} minutes (syllabus); the guide " \
        f"says {times}"
    objectives = body.split("**Objectives.**", 1)
    assert len(objectives) == 2, f"the section on {item.number} has no **Objectives.**"
    assert numbered_items(objectives[1]) == notebook_objectives(item), \
        f"the objectives for {item.number} differ from the notebook's header cell"


def test_the_notebook_sections_come_in_syllabus_order():
    titles = [title for level, title in headings(guide_text()) if level == 3]
    wanted = [lesson_heading(item) for item in LESSONS]
    assert [t for t in titles if t in wanted] == wanted


@pytest.mark.parametrize("schedule", ["A one-week intensive", "A five-week module"])
def test_each_schedule_places_every_notebook(schedule):
    body = section(guide_text(), schedule)
    table = [line for line in body.splitlines() if line.startswith("|")]
    assert len(table) >= 7, f"{schedule}: the schedule should be a table"
    missing = [item.number for item in LESSONS
               if not any(item.filename in line for line in table)]
    assert not missing, f"{schedule}: the table does not place notebook(s) {missing}"


def test_every_relative_link_resolves():
    text = guide_text()
    problems = []
    links = _LINK.findall(without_fences(text))
    assert len(links) > 20, "the guide should link to the notebooks and files it discusses"
    for link in links:
        if re.match(r"[a-z][a-z0-9+.-]*:", link):  # https:, mailto:
            continue
        path, _, fragment = link.partition("#")
        target = (GUIDE.parent / path).resolve() if path else GUIDE
        if not target.exists():
            problems.append(f"{link}: no file {target.relative_to(ROOT)}")
        elif fragment and target.suffix == ".md" and \
                fragment not in anchors(target.read_text(encoding="utf-8")):
            problems.append(f"{link}: no heading with the anchor #{fragment}")
    assert not problems, "broken links in the guide:\n" + "\n".join(problems)


def test_every_course_command_the_guide_shows_parses():
    parser = build_parser()
    commands = [re.search(r"python -m course(?![.\w])(.*)", snippet).group(1)
                for snippet in code_snippets(guide_text())
                if re.search(r"python -m course(?![.\w])", snippet)]
    named = set()
    for rest in commands:
        argv = shlex.split(rest)
        if len(argv) == 1:  # the command named in prose, e.g. "`python -m course report` exits…"
            assert argv[0] in _options_by_command(), f"there is no command {argv[0]!r}"
            named.add(argv[0])
            continue
        try:
            args = parser.parse_args(argv)
        except SystemExit:
            pytest.fail(f"`python -m course{rest}` does not parse with course.cli.build_parser()")
        named.add(args.command)
    assert {"site", "report", "progress", "check", "lab"} <= named, \
        f"the guide should show every command an instructor uses; it shows {sorted(named)}"


def _options_by_command() -> dict[str, set[str]]:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return {name: {o for action in command._actions for o in action.option_strings}
            - {"-h", "--help"} for name, command in sub.choices.items()}


def test_every_option_the_guide_names_exists():
    known = set().union(*_options_by_command().values())
    named = {snippet.split()[0] for snippet in code_snippets(guide_text())
             if snippet.startswith("--")}
    assert named, "the guide should name the commands' options"
    assert named <= known, f"options the course's commands do not have: {sorted(named - known)}"


def test_the_site_options_table_lists_exactly_the_site_commands_options():
    body = section(guide_text(), "Publishing the static site")
    rows = re.findall(r"^\| `(--[a-z-]+)[^`]*` \|", body, re.MULTILINE)
    assert sorted(rows) == sorted(_options_by_command()["site"])


def test_every_make_target_the_guide_names_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.MULTILINE))
    named = set()
    for snippet in code_snippets(guide_text()):
        for words in re.findall(r"\bmake((?:[ \t]+[a-z][\w-]*)+)", snippet):
            named.update(words.split())
    assert {"lab", "site", "test", "check", "lock"} <= named
    assert named <= targets, f"make targets that do not exist: {sorted(named - targets)}"


def test_every_course_environment_variable_the_guide_names_is_read_by_the_course():
    sources = "".join(path.read_text(encoding="utf-8")
                      for path in sorted((ROOT / "course").rglob("*.py")))
    named = set(re.findall(r"\bCOURSE_[A-Z_]+\b", guide_text()))
    assert "COURSE_INSTRUCTOR" in named
    unknown = sorted(name for name in named if f'"{name}"' not in sources)
    assert not unknown, f"environment variables the course never reads: {unknown}"


def test_the_rubric_is_the_one_notebook_09_shows():
    item = next(x for x in LESSONS if x.number == "09")
    source = "".join("".join(cell["source"]) for cell in json.loads(
        (ROOT / "notebooks" / item.filename).read_text(encoding="utf-8"))["cells"])
    assert "brief.rubric_markdown()" in source or "brief.rubric_table()" in source, \
        "notebook 09 should display the rubric from course.brief"
    shown = brief.rubric_table()  # the same criteria and levels, as a table

    body = section(guide_text(), "The capstone rubric and grading")
    lines = [line for line in body.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header == ["Criterion", *shown.columns]
    rows = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0].strip("*")] = cells[1:]
    assert list(rows) == list(shown.index), "the guide's criteria differ from notebook 09's"
    for criterion, levels in rows.items():
        assert levels == list(shown.loc[criterion]), f"levels differ for {criterion!r}"


def test_claims_the_guide_cites_carry_their_verdicts_and_every_flawed_claim_is_covered():
    claims = course.load_table("claims").set_index("id")["status"]
    cited = re.findall(rf"`([a-z0-9-]+)` \(({'|'.join(VERDICTS)})\)", guide_text())
    assert cited, "the guide should cite claims as `id` (verdict)"
    wrong = [f"{claim_id} ({said}; claims.csv: {claims.get(claim_id, 'no such claim')})"
             for claim_id, said in cited if claims.get(claim_id) != said]
    assert not wrong, "verdicts in the guide that claims.csv does not give:\n" + "\n".join(wrong)
    flawed = set(claims[claims != "accurate"].index)
    missing = sorted(flawed - {claim_id for claim_id, _ in cited})
    assert not missing, f"loose, wrong or unverifiable claims the guide never treats: {missing}"


@pytest.mark.parametrize("item", LESSONS, ids=lambda item: item.number)
def test_exercises_named_in_a_notebook_section_are_that_notebooks(item):
    exercises = bank()
    body = section(guide_text(), lesson_heading(item))
    named = set(re.findall(r"`(\d\d\.[a-z0-9-]+)`", body))
    assert named, f"the section on {item.number} should name the exercises it discusses"
    unknown = sorted(named - set(exercises))
    assert not unknown, f"exercise ids not in the bank: {unknown}"
    elsewhere = sorted(i for i in named if not i.startswith(item.number + "."))
    assert not elsewhere, f"the section on {item.number} names other notebooks' exercises: " \
                          f"{elsewhere}"


def test_the_reflection_rubrics_listed_are_the_banks():
    from course.exercises.kinds.reflection import rubrics_markdown

    listed = guide_text().split("edit the bank, not this list -->")[1].split(
        "<!-- end of rubrics -->")[0]
    assert listed.strip() == rubrics_markdown(bank()).strip(), (
        "run python -m course.exercises --rubrics and paste its output into the guide")
