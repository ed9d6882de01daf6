"""Where the course's data lives (``data/``, or ``$COURSE_DATA_DIR``: tests feed broken files
so), and how a data file is checked against its JSON Schema."""

from __future__ import annotations

import datetime as _dt
import os
import re
from functools import cache, lru_cache, wraps
from pathlib import Path

__all__ = ["ENV_VAR", "LocatedError", "SchemaCheck", "cached_on_files", "data_dir", "data_path",
           "error_field", "project_root", "templates", "templates_with"]

ENV_VAR = "COURSE_DATA_DIR"
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


@cache
def templates():
    """The Jinja environment of ``course/templates/``: ``.html`` files are escaped.

    Examples
    --------
    >>> templates().from_string("<b>{{ x }}</b>").render(x="R&D")
    '<b>R&amp;D</b>'
    """
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("course"),
                              autoescape=jinja2.select_autoescape(["html"]),
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def templates_with(filters: dict, tests: dict | None = None):
    """:func:`templates` with extra *filters* and *tests*, the shared environment unchanged
    (a Jinja overlay shares its parent's filter and test dicts, so they are copied).

    Examples
    --------
    >>> env = templates_with({"shout": str.upper})
    >>> env.from_string("{{ 'hi' | shout }}").render(), "shout" in templates().filters
    ('HI', False)
    """
    env = templates().overlay()
    env.filters = {**env.filters, **filters}
    env.tests = {**env.tests, **(tests or {})}
    return env


class LocatedError(ValueError):
    """A mistake in a data file; the message starts with where it is: the file, then the
    ``places`` a subclass lists (row and column, exercise and field), each an attribute."""

    places: tuple[str, ...] = ()

    def __init__(self, message: str, *, file: str, **where):
        self.file, text = file, file
        for name in self.places:
            value = where.get(name)
            setattr(self, name, value)
            if value is not None:  # repr() of a row number is the number
                text += f", {name.removesuffix('_id')} {value!r}"
        super().__init__(f"{text}: {message}")


def data_dir() -> Path:
    """The course data folder.

    Examples
    --------
    >>> data_dir().name
    'data'
    """
    override = os.environ.get(ENV_VAR)
    path = Path(override).expanduser().resolve() if override else _PACKAGE_ROOT / "data"
    if override and not path.is_dir():
        raise FileNotFoundError(f"{ENV_VAR} is set to {override!r}, which is not a folder. "
                                f"Point it at the course's data/ folder, or unset it.")
    if not path.is_dir():
        raise FileNotFoundError(
            f"The course data folder was not found at {path}. Install the course from its "
            f"repository with `pip install -e .`, or set {ENV_VAR} to the data/ folder.")
    return path


def data_path(*parts: str) -> Path:
    """Return the path of a file or folder below ``data/``.

    Examples
    --------
    >>> data_path("facts.csv").name
    'facts.csv'
    """
    return data_dir().joinpath(*parts)


def project_root() -> Path:
    """Return the course repository's root (the folder that holds ``notebooks/``).

    Examples
    --------
    >>> (project_root() / "notebooks").is_dir()
    True
    """
    return _PACKAGE_ROOT


def _stamp(path: Path) -> tuple[int, int] | None:
    """A file's modification time and size (None if missing): a key for its content."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def cached_on_files(files):
    """Cache a function per arguments until a file that ``files(*args)`` lists moves or changes.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "note.txt"
    >>> read = cached_on_files(lambda: [path])(path.read_text)
    >>> _ = path.write_text("old")
    >>> read()
    'old'
    >>> _ = path.write_text("newer")
    >>> read()
    'newer'
    """
    def decorate(function):
        cached = lru_cache(maxsize=32)(lambda args, _files: function(*args))

        @wraps(function)
        def wrapper(*args):
            paths = tuple(files(*args))
            return cached(args, (paths, tuple(map(_stamp, paths))))

        return wrapper

    return decorate


class SchemaCheck:
    """A JSON Schema (draft 2020-12) that checks data fast (``fastjsonschema``, as draft-07)
    and, only for data that fails, explains what is wrong (``jsonschema``, slow to import).

    Examples
    --------
    >>> check = SchemaCheck({"type": "object", "dependentRequired": {"unit": ["value"]},
    ...                      "properties": {"on": {"type": "string", "format": "date"}}})
    >>> [error.message for error in check.errors({"unit": "kg", "on": "2025-02-30"})]
    ["'value' is a dependency of 'unit'", "'2025-02-30' is not a 'date'"]
    """

    def __init__(self, schema: dict):
        import fastjsonschema

        self.schema = schema
        self._fast = fastjsonschema.compile(_draft7(schema), formats={"date": _is_date},
                                            use_default=False, detailed_exceptions=False)

    def is_valid(self, instance) -> bool:
        """Whether *instance* is valid (fastjsonschema's ``$`` matches no final newline)."""
        from fastjsonschema import JsonSchemaValueException

        try:
            self._fast(instance)
        except JsonSchemaValueException:
            return False
        return True

    def errors(self, instance) -> list:
        """jsonschema's errors about *instance*; ``[]`` (found fast) when it is valid."""
        if self.is_valid(instance):
            return []
        from jsonschema import Draft202012Validator

        checker = Draft202012Validator.FORMAT_CHECKER
        return list(Draft202012Validator(self.schema, format_checker=checker).iter_errors(instance))


def error_field(error, instance: dict) -> str:
    """The top-level field a jsonschema error is about (for ``required``, the first missing)."""
    return error.path[0] if error.path else next(k for k in error.validator_value
                                                 if k not in instance)


def _draft7(node):
    """*node* rewritten so that draft-07 reads it as 2020-12 does."""
    if isinstance(node, list):
        return [_draft7(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {"dependencies" if key == "dependentRequired" else key: _draft7(value)
            for key, value in node.items()}
    if "const" in node and "enum" not in node:  # the same; compiles with short exceptions
        node["enum"] = [node.pop("const")]
    if "$ref" in node and len(node) > 1:  # draft-07 ignores a $ref's siblings
        return {"allOf": [{"$ref": node.pop("$ref")}, node]}
    return node


def _is_date(text: str) -> bool:
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII)
                    and _dt.date.fromisoformat(text))
    except ValueError:
        return False
