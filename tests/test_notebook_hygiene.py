"""Notebooks are committed clean: no outputs, generic metadata, the syllabus's names and titles."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from conftest import ROOT

from course.syllabus import APPENDICES, LESSONS

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
ALLOWED_CELL_METADATA = {"tags", "editable", "deletable", "jupyter", "jp-MarkdownHeadingCollapsed"}


def test_every_notebook_is_in_the_syllabus():
    names = {x.filename for x in LESSONS} | set(APPENDICES)
    assert NOTEBOOKS, "no notebooks found"
    for path in NOTEBOOKS:
        assert path.name in names, f"{path.name} is not in course/syllabus.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_clean_and_generic(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata == {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for index, cell in enumerate(nb.cells):
        where = f"{path.name} cell {index}"
        assert set(cell.metadata) <= ALLOWED_CELL_METADATA, f"{where}: {dict(cell.metadata)}"
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{where} has stored outputs"
            assert cell.execution_count is None, f"{where} has an execution count"
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["nbformat"] == 4
    assert "/work/" not in path.read_text(encoding="utf-8"), "machine path in notebook"


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.name not in APPENDICES],
                         ids=lambda p: p.name)
def test_notebook_opens_with_its_title(path):
    nb = nbformat.read(path, as_version=4)
    lesson = next(x for x in LESSONS if x.filename == path.name)
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert first.source.splitlines()[0] == f"# {lesson.number} · {lesson.title}"


_DRAWS = re.compile(r"\bplots\.(figure|\w+_chart|heatmap|scatter)\(|\bplt\.|\bax\.\w+\(")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chart_code_is_collapsed_and_says_what_it_draws(path):
    """A cell that draws a chart opens folded in JupyterLab and starts '# Chart: …', so a
    student without Python sees the chart, not the code."""
    problems = []
    for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type != "code" or not (_DRAWS.search(cell.source)
                                             or cell.source.lstrip().startswith("# Chart")):
            continue
        if not cell.metadata.get("jupyter", {}).get("source_hidden"):
            problems.append(f"cell {index} draws a chart but is not collapsed")
        if not cell.source.lstrip().startswith("# Chart:"):
            problems.append(f"cell {index} draws a chart but does not start '# Chart: …'")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)
