"""Notebook housekeeping: write notebooks from cell lists, and strip them clean.

``python tools/nbtool.py clean notebooks/*.ipynb`` removes outputs, execution counts
and non-generic metadata in place (the pre-commit hook runs it). Authoring scripts can
``from nbtool import write_notebook`` and pass ``[("md", text), ("code", text), ...]``.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import nbformat

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
# "jupyter" holds source_hidden (collapsed chart code); "jp-MarkdownHeadingCollapsed" keeps an
# optional-depth section folded when JupyterLab opens the notebook.
KEEP_CELL_METADATA = {"tags", "editable", "deletable", "jupyter", "jp-MarkdownHeadingCollapsed"}
# JupyterLab's MathJax typesets the text between two dollar signs in Markdown, even when
# they are written \$ or &#36;; a dollar alone in a <span> is left alone.
DOLLAR = "<span>&#36;</span>"
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)
_ANY_DOLLAR = re.compile(r"<span>&#36;</span>|\\\$|&#36;|\$")


def money(markdown: str) -> str:
    """Write every dollar sign outside code as ``<span>&#36;</span>``.

    >>> money(r"From \\$5.6M to $100M, not `$x`.")
    'From <span>&#36;</span>5.6M to <span>&#36;</span>100M, not `$x`.'
    """
    parts = _CODE.split(markdown)
    return "".join(part if i % 2 else _ANY_DOLLAR.sub(DOLLAR, part)
                   for i, part in enumerate(parts))


def normalise(nb):
    """Strip outputs and personal metadata; return the notebook."""
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC,
                                      "language_info": {"name": "python"}})
    for cell in nb.cells:
        cell.metadata = nbformat.from_dict(
            {k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA})
        cell.pop("id", None)
        if cell.cell_type == "markdown":
            cell.source = money(cell.source)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.nbformat, nb.nbformat_minor = 4, 4
    return nb


def write_notebook(path: str | Path, cells: list[tuple[str, str]]) -> None:
    """Write a clean notebook from ``(kind, source)`` pairs, kind ``"md"`` or ``"code"``."""
    nb = nbformat.v4.new_notebook()
    for kind, source in cells:
        source = source.strip("\n")
        if kind == "md":
            nb.cells.append(nbformat.v4.new_markdown_cell(source))
        elif kind == "code":
            nb.cells.append(nbformat.v4.new_code_cell(source))
        else:
            raise ValueError(f"cell kind must be 'md' or 'code'; got {kind!r}")
    save(normalise(nb), path)


def save(nb, path: str | Path) -> None:
    """Write *nb* with stable formatting (one-space indent, trailing newline)."""
    text = nbformat.writes(nb, version=4)
    Path(path).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def clean(paths: list[str]) -> int:
    changed = 0
    for name in paths:
        before = Path(name).read_text(encoding="utf-8")
        nb = normalise(nbformat.reads(before, as_version=4))
        save(nb, name)
        changed += Path(name).read_text(encoding="utf-8") != before
    return changed


GLOSSARY = "glossary.ipynb"
GLOSSARY_INTRO = """# Glossary

Plain definitions of the words this course uses, for a reader with introductory economics and
no programming. Each term says which notebook first uses it; the first use of each term in the
course links here. The definitions live in `data/glossary.csv` (this page is generated from it
by `python tools/nbtool.py glossary`)."""


def glossary_notebook(terms, lessons) -> nbformat.NotebookNode:
    """The glossary appendix: one Markdown cell per initial letter, one heading per term.

    Each term is an HTML heading whose ``id`` is the term's anchor, so the same link,
    ``glossary.ipynb#anchor``, scrolls to it in JupyterLab and on the course website.
    """
    titles = {x.number: f"[{x.number} · {x.title}]({x.filename})" for x in lessons}
    by_letter: dict[str, list[str]] = {}
    for term in sorted(terms.values(), key=lambda t: t.term.lstrip('"').lower()):
        see = ", ".join(f"[{s}](#{terms[s].anchor})" for s in term.see_also)
        text = (f'<h3 id="{term.anchor}">{html.escape(term.term)}</h3>\n\n{term.definition}\n\n'
                f"*First used in* {titles.get(term.first_notebook, term.first_notebook)}."
                + (f" *See also:* {see}." if see else ""))
        by_letter.setdefault(term.term.lstrip('"')[0].upper(), []).append(text)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(GLOSSARY_INTRO)] + [
        nbformat.v4.new_markdown_cell(f"## {letter}\n\n" + "\n\n".join(entries))
        for letter, entries in by_letter.items()]
    return normalise(nb)


REFS = re.compile(r"<!-- bib: ([^>]*?) -->")


def further_reading(source: str, cite) -> str:
    r"""Rewrite a "Further reading" cell's list from its ``<!-- bib: key ... -->`` comment.

    >>> further_reading("## Further reading\n<!-- bib: a b -->\n\n- old", str.upper)
    '## Further reading\n<!-- bib: a b -->\n\n- A\n- B'
    """
    found = REFS.search(source)
    if found is None:
        return source
    items = "\n".join(f"- {cite(key)}" for key in found.group(1).split())
    return source[:found.end()] + "\n\n" + items


def generate(root: Path) -> list[Path]:
    """Regenerate the glossary appendix and every Further-reading list; return changed files."""
    sys.path.insert(0, str(root))
    from course import bibliography, glossary
    from course.syllabus import LESSONS

    changed = []
    target = root / "notebooks" / GLOSSARY
    text = nbformat.writes(glossary_notebook(glossary.load(), LESSONS), version=4) + "\n"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
        changed.append(target)
    for lesson in LESSONS:
        path = root / "notebooks" / lesson.filename
        if not path.exists():
            continue
        nb = nbformat.read(path, as_version=4)
        before = [c.source for c in nb.cells]
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = money(further_reading(cell.source, bibliography.cite))
        if [c.source for c in nb.cells] != before:
            save(nb, path)
            changed.append(path)
    return changed


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "clean":
        n = clean(sys.argv[2:])
        print(f"cleaned {n} notebook(s)" if n else "notebooks already clean")
    elif sys.argv[1:] == ["generate"]:
        done = generate(Path(__file__).resolve().parents[1])
        print("\n".join(f"wrote {p}" for p in done) or "glossary and reading lists up to date")
    else:
        sys.exit("usage: python tools/nbtool.py clean NOTEBOOK... | generate")
