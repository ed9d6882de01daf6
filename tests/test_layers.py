"""The package's layers, read from its source: no import cycle, no upward import.

DESIGN.md orders the layers data → models → plots → widgets → tools; a module may import
only from its own layer or those below. Every ``import`` in every module counts, including
the ones inside functions (a lazy import is still a dependency). A private module
(``_name``) may be imported only from inside its own package.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import course

PACKAGE = Path(course.__file__).parent
ORDER = ("data", "models", "plots", "widgets", "tools")

# Each module (or package, for all its modules) and its layer. A module missing here fails
# the test: say where a new module belongs.
LAYER_OF = {
    "course.data": "data", "course.tables": "data", "course.articles": "data",
    "course.facts": "data", "course.syllabus": "data", "course.formatting": "data",
    "course.answers": "data", "course.checks": "data", "course.progress": "data",
    "course.exports": "data", "course.sources": "data", "course.glossary": "data",
    "course.bibliography": "data",
    "course.economics": "models", "course.policy": "models", "course.openness": "models",
    "course.claims": "models", "course.text": "models",
    "course.plots": "plots", "course.snapshot": "plots",
    "course.exercises": "widgets", "course.explorers": "widgets", "course.brief": "models",
    "course.capstone": "widgets", "course.handin": "widgets",
    "course.cli": "tools", "course.__main__": "tools", "course.lab": "tools",
    "course.selfcheck": "widgets", "course.report": "tools", "course.site": "tools",
    "course.progress_cli": "tools",
    "course.completion": "tools", "course.spreadsheet": "tools",
}

# Known edges that break the rules, each with the change that removes it. An entry that no
# longer matches an import fails the test, so that it is deleted once the fix has landed.
KNOWN: dict = {}  # (importer prefix, imported prefix) -> why it is allowed for now


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The course modules *name* imports, anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "course"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "course":
                continue
            for alias in node.names:  # "from . import x" may name a submodule
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
    return found - {name}


def layer(name: str) -> str | None:
    while name:
        if name in LAYER_OF:
            return LAYER_OF[name]
        name = name.rpartition(".")[0]
    return None


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: {t for t in imports(name, path, set(found)) if t != "course"}
            for name, path in found.items() if name != "course"}


def test_every_module_has_a_layer():
    missing = [name for name in graph() if layer(name) is None]
    assert not missing, f"add these modules to LAYER_OF: {missing}"


def test_no_module_imports_from_a_layer_above_its_own():
    problems, used = [], set()
    for name, targets in graph().items():
        for target in targets:
            if ORDER.index(layer(target)) > ORDER.index(layer(name)):
                key = next((k for k in KNOWN if name.startswith(k[0])
                            and target.startswith(k[1])), None)
                if key:
                    used.add(key)
                else:
                    problems.append(f"{name} ({layer(name)}) imports {target} "
                                    f"({layer(target)})")
    assert not problems, "upward imports:\n" + "\n".join(sorted(problems))
    stale = set(KNOWN) - used
    assert not stale, f"these known exceptions are fixed; delete them from KNOWN: {stale}"


def test_private_modules_stay_inside_their_package():
    problems = []
    for name, targets in graph().items():
        for target in targets:
            parent, _, last = target.rpartition(".")
            if last.startswith("_") and not last.startswith("__") and name != parent \
                    and not name.startswith(parent + "."):
                problems.append(f"{name} imports the private {target}")
    assert not problems, "\n".join(problems)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, each once, found by depth-first search.

    Examples
    --------
    >>> cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})
    [['a', 'b', 'c', 'a']]
    """
    found, seen = [], set()
    for start in sorted(edges):
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in sorted(edges.get(node, ())):
                if nxt == start:
                    cycle = path + [start]
                    if frozenset(cycle) not in seen:
                        seen.add(frozenset(cycle))
                        found.append(cycle)
                elif nxt not in path and nxt > start:
                    stack.append((nxt, path + [nxt]))
    return found


def test_there_is_no_import_cycle():
    edges = graph()
    for a, b in KNOWN:  # the known upward edges are reported by the test above
        for name in edges:
            if name.startswith(a):
                edges[name] = {t for t in edges[name] if not t.startswith(b)}
    found = cycles(edges)
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_walk_sees_lazy_and_relative_imports():
    edges = graph()
    assert "course.claims" in edges["course.plots"]  # a lazy import inside a function
    assert "course.exercises.kinds.base" in edges["course.exercises.kinds.choice"]
    assert "course.exercises.markup" in edges["course.exercises.kinds.base"]


def notebook_imports(path: Path) -> set[str]:
    """The course modules a notebook's code cells import (``from course import x`` names x)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    found, known = set(), modules()
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        code = "\n".join(line for line in "".join(cell["source"]).splitlines()
                         if not line.lstrip().startswith(("%", "!")))  # IPython magics
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.split(".")[0] == "course"}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "course":
                found |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known
                          else node.module for a in node.names}
    return found


def test_notebooks_import_no_tools():
    """DESIGN.md: tools (cli, lab, check, site, report) are never imported by notebooks."""
    notebooks = sorted((PACKAGE.parent / "notebooks").glob("*.ipynb"))
    seen = {name for path in notebooks for name in notebook_imports(path)}
    assert "course.explorers" in seen  # the walk reads the notebooks' imports
    problems = [f"{path.name} imports {name}" for path in notebooks
                for name in sorted(notebook_imports(path)) if layer(name) == "tools"]
    assert not problems, "\n".join(problems)
