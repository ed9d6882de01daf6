"""Each notebook has the course's shape (docs/authoring.md): header, imports, prose, quotes,
an explorer, exercises spread through the sections, takeaways, reading and a next link."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest
from conftest import ROOT

from course.articles import article_ids
from course.syllabus import LESSONS

NOTEBOOKS = {x.number: ROOT / "notebooks" / x.filename for x in LESSONS}
EXERCISE_CALL = re.compile(r"""course\.exercise\(\s*["']([^"']+)["']\s*\)""")


def cells(number):
    return nbformat.read(NOTEBOOKS[number], as_version=4).cells


def markdown_words(text: str) -> int:
    text = re.sub(r"```.*?```", " ", text, flags=re.S)  # code blocks are not prose
    text = re.sub(r"<[^>]+>|\]\([^)]*\)", " ", text)  # tags and link targets
    return len(re.findall(r"[A-Za-z0-9][\w’'%$.,-]*", text))


def numbers():
    return [x.number for x in LESSONS if NOTEBOOKS[x.number].exists()]


@pytest.fixture(scope="module")
def bank():
    from course.exercises import bank as load_bank

    return load_bank()


@pytest.mark.parametrize("number", numbers())
def test_header_has_overview_objectives_time_and_articles(number):
    lesson = next(x for x in LESSONS if x.number == number)
    header = cells(number)[0].source
    assert header.startswith(f"# {number} · {lesson.title}\n")
    assert header.split("\n\n")[1].strip(), "an overview paragraph follows the title"
    objectives = header.split("**Learning objectives.**", 1)
    assert len(objectives) == 2, "missing **Learning objectives.**"
    items = re.findall(r"^\d+\. \S", objectives[1].split("**Time:**")[0], re.M)
    assert 3 <= len(items) <= 5, f"{len(items)} objectives; want 3 to 5"
    assert re.search(r"\*\*Time:\*\* about \d+ minutes", header), "missing **Time:**"
    used = re.search(r"\*\*Articles:\*\* (.+)$", header, re.M)
    assert used, "missing **Articles:**"
    ids = re.findall(r"`([a-z0-9-]+)`", used.group(1))
    assert ids and set(ids) <= set(article_ids()), ids


@pytest.mark.parametrize("number", numbers())
def test_one_imports_cell_first(number):
    code = [c.source for c in cells(number) if c.cell_type == "code"]
    importing = [i for i, src in enumerate(code)
                 if any(isinstance(node, ast.Import | ast.ImportFrom)
                        for node in ast.walk(ast.parse(src)))]
    assert importing == [0], f"imports belong in the first code cell only (found in {importing})"


@pytest.mark.parametrize("number", numbers())
def test_prose_length(number):
    """DESIGN.md asks for at least 1,200 words of teaching prose (and a split past ~5,000)."""
    words = sum(markdown_words(c.source) for c in cells(number) if c.cell_type == "markdown")
    assert 1200 <= words <= 5000, f"{words} words of prose; want 1,200 to 5,000 (split past that)"


@pytest.mark.parametrize("number", numbers())
def test_quotes_and_an_explorer(number):
    code = "\n".join(c.source for c in cells(number) if c.cell_type == "code")
    assert re.search(r"course\.quote\(", code), "show article passages with course.quote"
    assert re.search(r"(course\.)?explorers\.\w+\(", code), "needs at least one explorer"
    assert "plt.show(" not in code, "display charts with course.plots.show(fig, alt=...)"


@pytest.mark.parametrize("number", numbers())
def test_exercises_graded_kinds_reflection_and_spread(number, bank):
    section, placed = "", []
    for cell in cells(number):
        if cell.cell_type == "markdown":
            heading = re.findall(r"^## (.+)$", cell.source, re.M)
            section = heading[-1] if heading else section
        else:
            found = EXERCISE_CALL.findall(cell.source)
            if found:
                assert cell.source.strip() == f'course.exercise("{found[0]}")', \
                    "an exercise cell holds only its course.exercise call"
                placed.append((found[0], section))
    assert all(ex_id.startswith(f"{number}.") for ex_id, _ in placed)
    kinds = [bank[ex_id]["kind"] for ex_id, _ in placed]
    graded = [k for k in kinds if k != "reflection"]
    assert len(graded) >= 4, f"{len(graded)} graded exercises; want at least 4"
    assert len(set(graded)) >= 2, f"graded exercises of one kind only: {set(graded)}"
    assert "reflection" in kinds, "needs a reflection"
    assert len({s for _, s in placed}) >= 2, "spread exercises through the sections"


@pytest.mark.parametrize("number", numbers())
def test_ending_takeaways_reading_and_next_link(number):
    md = [c.source for c in cells(number) if c.cell_type == "markdown"]
    text = "\n".join(md)
    assert re.search(r"^## Key takeaways$", text, re.M)
    reading = text.split("## Further reading", 1)
    assert len(reading) == 2, "missing ## Further reading"
    assert len(re.findall(r"^[-*] ", reading[1], re.M)) >= 2, "list at least two sources"
    index = [x.number for x in LESSONS].index(number)
    last = md[-1]
    if index + 1 < len(LESSONS):
        nxt = LESSONS[index + 1]
        assert f"({nxt.filename})" in last and f"{nxt.number} · {nxt.title}" in last
    else:
        assert f"({LESSONS[0].filename})" in last, "the last notebook links back to the start"


@pytest.mark.parametrize("number", numbers())
def test_dollar_signs_in_prose_cannot_become_maths(number):
    """JupyterLab typesets the text between two dollar signs as maths, even written \\$ or
    &#36;; tools/nbtool.py writes each dollar as <span>&#36;</span>, which it leaves alone."""
    for cell in cells(number):
        if cell.cell_type == "markdown":
            prose = re.sub(r"```.*?```|`[^`\n]*`", "", cell.source, flags=re.S)
            prose = prose.replace("<span>&#36;</span>", "")
            bare = re.findall(r".{0,30}(?:\$|&#36;).{0,30}", prose)
            assert not bare, f"a dollar sign that MathJax would typeset: {bare[:3]}"


# Optional depth (issue 17): a section headed "Optional: ..." opens folded in JupyterLab, says
# in its heading cell (which stays visible when folded) who can skip it, holds no exercise,
# defines nothing a later cell needs, and is named in the instructor guide. Sections are cut
# the way JupyterLab 4 folds them: a Markdown cell's heading is its highest-ranked one (the
# first of that rank), and a folded heading hides every cell up to the next cell whose heading
# ranks the same or higher.
_FENCED = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_HEADING_LINE = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)
GUIDE = ROOT / "docs" / "instructor-guide.md"


def headings(cell) -> list[tuple[int, str]]:
    if cell.cell_type != "markdown":
        return []
    return [(len(h), text) for h, text in _HEADING_LINE.findall(_FENCED.sub("", cell.source))]


def folding_heading(cell) -> tuple[int, str] | None:
    """The heading JupyterLab 4 folds this cell's section under, as (level, text)."""
    found = headings(cell)
    return min(found, key=lambda h: h[0]) if found else None


def optional_sections(nb) -> list[tuple[str, int, int]]:
    """(title, index of the heading cell, index of the first cell after the section)."""
    sections = []
    for start, cell in enumerate(nb):
        top = folding_heading(cell)
        if top and top[1].startswith("Optional"):
            end = next((i for i in range(start + 1, len(nb))
                        if (h := folding_heading(nb[i])) and h[0] <= top[0]), len(nb))
            sections.append((top[1], start, end))
    return sections


def names(source: str) -> tuple[set[str], set[str]]:
    """(names a code cell binds at its top level, names it reads)."""
    tree = ast.parse(source)
    bound, stack = set(), list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)  # its body is its own scope
        elif isinstance(node, ast.Import | ast.ImportFrom):
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif not isinstance(node, ast.Lambda | ast.comprehension):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                bound.add(node.id)
            stack.extend(ast.iter_child_nodes(node))
    read = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return bound, read


def guide_section(number: str) -> str:
    text = GUIDE.read_text(encoding="utf-8").replace("’", "'")
    part = re.split(rf"^### {number} · .*$", text, flags=re.M)[1]
    return " ".join(re.split(r"^##", part, flags=re.M)[0].split())


def with_optional_sections():
    return [n for n in numbers() if optional_sections(cells(n))]


@pytest.mark.parametrize("number", numbers())
def test_an_optional_section_opens_folded_and_says_who_can_skip_it(number):
    for cell in cells(number):
        for _, title in headings(cell):
            if not title.startswith("Optional"):
                continue
            assert folding_heading(cell)[1] == title, \
                f"'{title}' must be its cell's top heading, or JupyterLab folds another one"
            assert cell.metadata.get("jp-MarkdownHeadingCollapsed") is True, \
                f"'{title}' does not open folded (jp-MarkdownHeadingCollapsed)"
            rest = _HEADING_LINE.sub("", cell.source)
            assert markdown_words(rest) >= 8, (f"'{title}': say in the heading cell, which "
                                               "stays visible when folded, who can skip it")


@pytest.mark.parametrize("number", with_optional_sections())
def test_nothing_graded_or_needed_later_sits_in_an_optional_section(number):
    nb = cells(number)
    sections = optional_sections(nb)
    inside = {i for _, start, end in sections for i in range(start, end)}
    for title, start, end in sections:
        assert end == len(nb) or nb[end].source.lstrip().startswith("#"), \
            f"cell {end} ends '{title}' but opens with prose, which shows outside the fold"
        section_cells = [nb[i] for i in range(start + 1, end)]
        assert not any(EXERCISE_CALL.search(c.source) for c in section_cells
                       if c.cell_type == "code"), f"an exercise sits inside '{title}'"
        defined = set().union(*(names(c.source)[0] for c in section_cells
                                if c.cell_type == "code"))
        available = set()
        for i, cell in enumerate(nb):
            if cell.cell_type != "code" or i in inside:
                continue
            bound, read = names(cell.source)
            if i >= end:
                needed = (read - bound - available) & defined
                assert not needed, f"cell {i} needs {sorted(needed)}, made only in '{title}'"
            available |= bound


@pytest.mark.parametrize("number", with_optional_sections())
def test_the_instructor_guide_names_each_optional_section(number):
    section = guide_section(number)
    for title, _, _ in optional_sections(cells(number)):
        assert title.replace("’", "'") in section, \
            f"docs/instructor-guide.md's {number} section does not name '{title}'"
