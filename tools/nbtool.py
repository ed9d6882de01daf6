"""Notebook housekeeping: write notebooks from cell lists, and strip them clean.

``python tools/nbtool.py clean notebooks/*.ipynb`` removes outputs, execution counts
and non-generic metadata in place (the pre-commit hook runs it). Authoring scripts can
``from nbtool import write_notebook`` and pass ``[("md", text), ("code", text), ...]``.
"""

from __future__ import annotations

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


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] != "clean":
        sys.exit("usage: python tools/nbtool.py clean NOTEBOOK...")
    n = clean(sys.argv[2:])
    print(f"cleaned {n} notebook(s)" if n else "notebooks already clean")
