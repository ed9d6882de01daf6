"""The instructor guide (``docs/instructor-guide.md``) checked where it makes promises.

The guide is prose and may be reworded freely; these tests check only what an instructor
would act on: the files it links to exist, the commands, options, make targets and
environment variables it tells them to type exist, the claims it cites carry the verdicts
``claims.csv`` gives them, the exercises it names are in the bank, and the reflection
rubrics it lists are the bank's.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import course
from course import brief
from course.cli import build_parser
from course.exercises import bank
from course.syllabus import LESSONS
from course.tables import VERDICTS

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "instructor-guide.md"
TEXT = GUIDE.read_text(encoding="utf-8")

_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_LINK = re.compile(r"\[(?:[^\]\n]*)\]\(([^)\s]+)\)")
_INLINE_CODE = re.compile(r"`([^`\n]+)`")


def code_snippets(text: str) -> list[str]:
    """Every inline code span and every line of every fenced block."""
    lines = [line for block in _FENCE.findall(text) for line in block.splitlines()]
    return _INLINE_CODE.findall(_FENCE.sub("", text)) + lines


def _options_by_command() -> dict[str, set[str]]:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return {name: {o for action in command._actions for o in action.option_strings}
            - {"-h", "--help"} for name, command in sub.choices.items()}


def test_readme_links_to_the_guide():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/instructor-guide.md" in _LINK.findall(readme)


@pytest.mark.parametrize("item", LESSONS, ids=lambda item: item.number)
def test_every_notebook_is_linked(item):
    assert f"](../notebooks/{item.filename})" in TEXT


def test_every_relative_link_resolves_to_a_file():
    links = [link for link in _LINK.findall(_FENCE.sub("", TEXT))
             if not re.match(r"[a-z][a-z0-9+.-]*:", link) and not link.startswith("#")]
    missing = [link for link in links
               if not (GUIDE.parent / link.partition("#")[0]).resolve().exists()]
    assert links and not missing, f"links to files that do not exist: {missing}"


def test_every_course_command_the_guide_shows_parses():
    parser, named = build_parser(), set()
    for snippet in code_snippets(TEXT):
        found = re.search(r"python -m course(?![.\w])(.*)", snippet)
        if not found:
            continue
        argv = shlex.split(found.group(1))
        if len(argv) == 1:  # a command named in prose, e.g. "`python -m course report`"
            assert argv[0] in _options_by_command(), f"there is no command {argv[0]!r}"
            named.add(argv[0])
            continue
        try:
            named.add(parser.parse_args(argv).command)
        except SystemExit:
            pytest.fail(f"`python -m course{found.group(1)}` does not parse")
    assert {"site", "report", "progress", "check", "lab"} <= named


def test_every_option_the_guide_names_exists():
    known = set().union(*_options_by_command().values())
    named = {s.split()[0] for s in code_snippets(TEXT) if s.startswith("--")} - {"--rubrics"}
    assert named <= known, f"options the course's commands do not have: {sorted(named - known)}"


def test_every_make_target_the_guide_names_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.MULTILINE))
    named = {word for snippet in code_snippets(TEXT)
             for words in re.findall(r"\bmake((?:[ \t]+[a-z][\w-]*)+)", snippet)
             for word in words.split()}
    assert named <= targets, f"make targets that do not exist: {sorted(named - targets)}"


def test_every_course_environment_variable_the_guide_names_is_read_by_the_course():
    sources = "".join(path.read_text(encoding="utf-8")
                      for path in sorted((ROOT / "course").rglob("*.py")))
    named = set(re.findall(r"\bCOURSE_[A-Z_]+\b", TEXT))
    unknown = sorted(name for name in named if f'"{name}"' not in sources)
    assert not unknown, f"environment variables the course never reads: {unknown}"


def test_the_capstone_rubric_is_the_one_notebook_09_shows():
    """Each criterion of course.brief's rubric, and each of its level descriptions, is in the
    guide, so an instructor grades with what students were shown."""
    rubric = brief.config()["rubric"]
    missing = [f"{row['name']}: {text}" for row in rubric
               for text in (row["name"], *row["levels"]) if text not in TEXT]
    assert rubric and not missing, "rubric text notebook 09 shows but the guide lacks:\n" + \
        "\n".join(missing)


def test_claims_the_guide_cites_carry_their_verdicts():
    claims = course.load_table("claims").set_index("id")["status"]
    cited = re.findall(rf"`([a-z0-9-]+)` \(({'|'.join(VERDICTS)})\)", TEXT)
    wrong = [f"{claim_id} ({said}; claims.csv: {claims.get(claim_id, 'no such claim')})"
             for claim_id, said in cited if claims.get(claim_id) != said]
    assert not wrong, "verdicts in the guide that claims.csv does not give:\n" + "\n".join(wrong)


def test_the_exercises_the_guide_names_are_in_the_bank():
    named = set(re.findall(r"`(\d\d\.[a-z0-9-]+)`", TEXT))
    assert not named - set(bank()), f"not in the bank: {sorted(named - set(bank()))}"


def test_the_reflection_rubrics_listed_are_the_banks():
    from course.exercises.kinds.reflection import rubrics_markdown

    listed = TEXT.split("edit the bank, not this list -->")[1].split("<!-- end of rubrics -->")[0]
    assert listed.strip() == rubrics_markdown(bank()).strip(), (
        "run python -m course.exercises --rubrics and paste its output into the guide")


@pytest.mark.parametrize("item", LESSONS, ids=lambda item: item.number)
def test_each_notebooks_time_is_the_syllabus(item):
    section = re.split(rf"^### {item.number} · .*$", TEXT, flags=re.M)[1].split("\n### ")[0]
    stated = re.search(r"\*\*Time:\*\* about (\d+) minutes", section)
    assert stated, f"the guide's {item.number} section states no '**Time:** about N minutes'"
    assert int(stated.group(1)) == item.minutes, \
        f"the guide says {stated.group(1)} minutes for {item.number}; the syllabus {item.minutes}"
