"""The exercise bank: one TOML file of ``[[exercise]]`` tables per notebook in ``data/exercises/``
(format: ``data/exercises/README.md``), checked against the kinds' JSON Schema, then by each
kind for what a schema cannot check; a mistake raises :class:`BankError`."""

from __future__ import annotations

import copy
import tomllib
from functools import cache
from pathlib import Path

from .. import sources
from ..data import LocatedError, SchemaCheck, cached_on_files, data_dir, data_path
from ..syllabus import LESSONS
from .kinds import KINDS
from .schema import schema

__all__ = ["BankError", "bank", "bank_folder", "load_bank_file", "notebook_bank"]


class BankError(LocatedError):
    """A bank file that cannot be used; ``file``, ``exercise_id`` and ``field`` say where."""

    places = ("exercise_id", "field")


def bank_folder() -> Path:
    """Return the folder of the exercise bank (``data/exercises``)."""
    return data_path("exercises")


@cache
def _validator() -> SchemaCheck:
    return SchemaCheck(schema())


def _field(path) -> str | None:
    """``["feedback", 0, "message"]`` -> ``"feedback[1].message"``."""
    text = "".join(f"[{part + 1}]" if isinstance(part, int) else f".{part}" for part in path)
    return text.removeprefix(".") or None


def _problem(error, kind) -> tuple[str | None, str]:
    path = list(error.absolute_path)[2:]  # below exercise[i]
    rule, instance, schema_ = error.validator, error.instance, error.schema
    if rule == "required":
        name = next(n for n in error.validator_value if n not in instance)
        wanted = schema_.get("properties", {}).get(name, {}).get("description")
        return _field([*path, name]), "is missing" + (f"; it should be {wanted}" if wanted else "")
    if rule == "additionalProperties":
        name = sorted(set(instance) - set(schema_.get("properties", {})))[0]
        what = f"a {kind} exercise" if kind in KINDS and not path else "this table"
        return _field([*path, name]), (f"is not a field of {what}; its fields are: "
                                       + ", ".join(sorted(schema_["properties"])))
    if rule == "dependentRequired":
        name = next(n for n in error.validator_value if n in instance)
        return _field([*path, name]), (f"only makes sense together with "
                                       f"{', '.join(error.validator_value[name])}")
    if rule in ("oneOf", "anyOf") and all(set(s) == {"required"} for s in error.validator_value):
        names = [s["required"][0] for s in error.validator_value]
        present = [n for n in names if n in instance]
        if not present:
            return _field([*path, names[0]]), f"is missing; {schema_['description']}"
        return _field([*path, present[-1]]), (f"give either {' or '.join(present)}, not both: "
                                              f"{schema_['description']}")
    wanted = schema_.get("description")
    return _field(path), f"should be {wanted}; got {instance!r}" if wanted else error.message


_STEMS = {lesson.filename.removesuffix(".ipynb"): lesson.number for lesson in LESSONS}


def load_bank_file(path: str | Path) -> list[dict]:
    """Load and validate one ``NN_slug.toml`` file: its specs in order, or BankError."""
    path = Path(path)
    file = path.name
    number = _STEMS.get(path.stem)
    if path.suffix != ".toml" or number is None:
        raise BankError("the file name should be a notebook's name with .toml, e.g. "
                        "03_the_cost_of_training.toml; the notebooks are: "
                        + ", ".join(_STEMS), file=file)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BankError(f"the file is missing (expected at {path})", file=file) from None
    except UnicodeDecodeError as exc:
        raise BankError(f"is not UTF-8 text ({exc.reason}); save it as UTF-8",
                        file=file) from None
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"is not valid TOML: {exc}", file=file) from None
    errors: dict[int, list] = {}
    for error in _validator().errors(document):
        where = list(error.absolute_path)
        if len(where) < 2:
            name = where[0] if where else sorted(set(document) - {"exercise"})[0]
            raise BankError("a bank file holds only [[exercise]] tables (an array: write "
                            "[[exercise]], not [exercise])", file=file, field=name)
        errors.setdefault(where[1], []).append(error)
    specs, seen = [], set()
    for index, table in enumerate(document.get("exercise", [])):
        if not isinstance(table, dict):
            raise BankError(f"each [[exercise]] should be a table; got {table!r}", file=file)
        exercise_id = table.get("id") if isinstance(table.get("id"), str) else None
        if index in errors:
            from jsonschema.exceptions import best_match  # already imported: the check failed

            unknown = [e for e in errors[index] if e.validator == "additionalProperties"]
            error = unknown[0] if unknown else best_match(errors[index])
            field, message = _problem(error, table.get("kind"))
            raise BankError(message, file=file, exercise_id=exercise_id, field=field)
        specs.append(_complete(table, file, number, seen))
    return specs


def _complete(table: dict, file: str, number: str, seen: set) -> dict:
    """One schema-valid exercise table, cross-checked, with defaults added."""
    exercise_id, cls = table["id"], KINDS[table["kind"]]

    def fail(field: str | None, message: str):
        raise BankError(message, file=file, exercise_id=exercise_id, field=field)

    if exercise_id[:2] != number:
        fail("id", f"starts with {exercise_id[:2]!r} but this file belongs to notebook "
                   f"{number}; use \"{number}.…\"")
    if exercise_id in seen:
        fail("id", "this id is used twice in the file; ids must be unique")
    seen.add(exercise_id)
    spec = {"file": file, "notebook": number, **copy.deepcopy(table)}
    for name, rule in cls.properties.items():
        if name not in spec and "default" in rule:
            spec[name] = copy.copy(rule["default"])
    cls.validate(spec, fail)
    return spec


# a fact-check's candidates copy facts.csv rows and data/sources/ excerpts into the spec
@cached_on_files(lambda path: [path, *sorted(data_dir().glob("*.csv")), *sources.files()])
def _load(path: Path) -> dict[str, dict]:
    return {spec["id"]: spec for spec in load_bank_file(path)}


def bank(folder: str | Path | None = None) -> dict[str, dict]:
    """Every exercise of the bank, validated: ``{id: spec}`` in notebook order, each spec a new
    dict (the table with ``file``, ``notebook`` and defaults added).

    Examples
    --------
    >>> bank()["03.v3-flop"]["unit"]
    'FLOP'
    """
    folder = Path(folder) if folder is not None else bank_folder()
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    return copy.deepcopy({i: spec for path in files for i, spec in _load(path).items()})


def notebook_bank(exercise_id: str, folder: str | Path | None = None) -> dict[str, dict]:
    """The exercises of the file an id's ``NN.`` prefix names (so that a mistake in another
    notebook's file does not stop them), else of the whole bank."""
    folder = Path(folder) if folder is not None else bank_folder()
    stem = next((s for s, n in _STEMS.items() if exercise_id.startswith(f"{n}.")), None)
    if stem is None:
        return bank(folder)
    path = folder / f"{stem}.toml"
    return copy.deepcopy(_load(path)) if path.is_file() else {}
