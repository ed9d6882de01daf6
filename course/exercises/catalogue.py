"""The exercise bank: TOML files in ``data/exercises/``, loaded and validated.

One file per notebook, named like it (``03_the_cost_of_training.toml``), holding an
array of ``[[exercise]]`` tables. :func:`bank` reads every file, checks every field and
returns ``{id: spec}``; a mistake raises :class:`BankError` naming the file, the
exercise and the field, and saying what is expected. ``data/exercises/README.md``
documents the format for authors.

:func:`exercise_calls` and :func:`usage_problems` check the bank against the notebooks:
every id a notebook uses exists, and every bank id is used in exactly one cell of its
own notebook.
"""

from __future__ import annotations

import copy
import json
import math
import re
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from ..answers import MAX_MAGNITUDE, AnswerError, format_number, read_number
from ..data import data_path, project_root
from ..syllabus import LESSONS

__all__ = [
    "BankError",
    "KINDS",
    "RATINGS",
    "bank",
    "bank_folder",
    "exercise_calls",
    "load_bank_file",
    "usage_problems",
]

KINDS = ("choice", "multi", "numeric", "categorise", "order", "match", "claim", "reflection")
"""The exercise kinds, as written in a bank file's ``kind`` field."""

RATINGS = {
    "accurate": "Accurate: the evidence supports the claim as written",
    "loose": "Loose: roughly right, but imprecise or missing context that changes its meaning",
    "wrong": "Wrong: the evidence contradicts the claim",
    "unverifiable": "Unverifiable: no reliable public evidence either way",
}
"""The ratings of a ``claim`` exercise (the ``status`` values of ``claims.csv``)."""

ID_PATTERN = re.compile(r"^(?P<number>[0-9]{2})\.[a-z0-9]+(?:-[a-z0-9]+)*$")

_COMMON = {"id", "kind", "prompt", "hints", "solution", "explanation"}
_FIELDS = {
    "choice": {"options", "answer", "feedback"},
    "multi": {"options", "answer", "feedback"},
    "numeric": {"answer", "fact", "fact_scale", "tolerance", "rel_tolerance", "unit", "scale",
                "unit_aliases", "feedback", "placeholder"},
    "categorise": {"categories", "items", "answer", "feedback"},
    "order": {"items", "answer", "feedback"},
    "match": {"left", "right", "answer", "feedback"},
    "claim": {"claim", "feedback"},
    "reflection": {"model_answer", "placeholder"},
}
_OPTIONAL = {"feedback", "fact", "fact_scale", "answer", "tolerance", "rel_tolerance", "unit",
             "scale", "unit_aliases", "placeholder"}


class BankError(ValueError):
    """A bank file that cannot be used; the message names the file, exercise and field.

    Attributes
    ----------
    file : str
        The bank file's name, e.g. ``"03_the_cost_of_training.toml"``.
    exercise_id : str or None
        The exercise at fault, when one is.
    field : str or None
        The field at fault, when one is.
    """

    def __init__(self, message: str, *, file: str, exercise_id: str | None = None,
                 field: str | None = None):
        where = file
        if exercise_id is not None:
            where += f", exercise {exercise_id!r}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")
        self.file, self.exercise_id, self.field = file, exercise_id, field


def bank_folder() -> Path:
    """Return the folder of the exercise bank (``data/exercises``).

    Examples
    --------
    >>> bank_folder().name
    'exercises'
    """
    return data_path("exercises")


# --- checking one exercise -------------------------------------------------------------------

class _Checker:
    """Checks the fields of one exercise table; ``fail`` raises a located BankError."""

    def __init__(self, table: dict, file: str, exercise_id: str | None, prefix: str = ""):
        self.table, self.file, self.id, self.prefix = table, file, exercise_id, prefix

    def fail(self, field: str | None, message: str):
        field = field if field is None else self.prefix + field
        raise BankError(message, file=self.file, exercise_id=self.id, field=field)

    def text(self, field: str, *, required: bool = True) -> str | None:
        value = self.table.get(field)
        if value is None:
            if required:
                self.fail(field, "is missing; it should be text")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(field, f"should be non-empty text; got {value!r}")
        return value.strip()

    def number(self, field: str, *, minimum: float | None = None, positive: bool = False,
               maximum: float | None = None) -> float | None:
        value = self.table.get(field)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
                value) or abs(value) > MAX_MAGNITUDE:
            self.fail(field, f"should be a finite number such as 0.05 or 1e6; got {value!r}")
        if positive and value <= 0:
            self.fail(field, f"should be greater than 0; got {value!r}")
        if minimum is not None and value < minimum:
            self.fail(field, f"should be at least {minimum:g}; got {value!r}")
        if maximum is not None and value > maximum:
            self.fail(field, f"should be at most {maximum:g}; got {value!r}")
        return float(value)

    def texts(self, field: str, *, required: bool = True, minimum: int = 1) -> list[str]:
        value = self.table.get(field)
        if value is None:
            if required:
                self.fail(field, f"is missing; it should be a list of at least {minimum} text(s)")
            return []
        if (not isinstance(value, list) or len(value) < minimum
                or not all(isinstance(v, str) and v.strip() for v in value)):
            self.fail(field, f"should be a list of at least {minimum} non-empty text(s), "
                             f"e.g. [\"first\", \"second\"]; got {value!r}")
        return [v.strip() for v in value]

    def table_of_texts(self, field: str, *, required: bool = True, minimum: int = 1,
                       keys: Mapping | None = None, what: str = "key") -> dict[str, str]:
        value = self.table.get(field)
        if value is None:
            if required:
                self.fail(field, f"is missing; it should be a table of {what} = \"text\" "
                                 f"with at least {minimum} entr{'y' if minimum == 1 else 'ies'}")
            return {}
        if not isinstance(value, dict) or len(value) < minimum:
            self.fail(field, f"should be a table of {what} = \"text\" with at least {minimum} "
                             f"entr{'y' if minimum == 1 else 'ies'}; got {value!r}")
        for key, text in value.items():
            if not isinstance(text, str) or not text.strip():
                self.fail(field, f"entry {key!r} should be non-empty text; got {text!r}")
            if keys is not None and key not in keys:
                self.fail(field, f"{key!r} is not one of the {what}s: {', '.join(keys)}")
        return {str(k): v.strip() for k, v in value.items()}

    def distinct_labels(self, field: str, mapping: Mapping[str, str]) -> None:
        seen = {}
        for key, label in mapping.items():
            folded = " ".join(label.casefold().split())
            if folded in seen:
                self.fail(field, f"{key!r} and {seen[folded]!r} have the same text {label!r}; "
                                 "students could not tell them apart")
            seen[folded] = key


def _check_numeric(c: _Checker, spec: dict, facts: dict) -> None:
    answer, fact_id = c.table.get("answer"), c.table.get("fact")
    if answer is None and fact_id is None:
        c.fail("answer", "is missing; give the number as answer = …, or take it from "
                         "facts.csv with fact = \"<fact id>\"")
    if answer is not None and fact_id is not None:
        c.fail("fact", "give either answer or fact, not both")
    if c.table.get("fact_scale") is not None and fact_id is None:
        c.fail("fact_scale", "only makes sense with fact = \"<fact id>\"")
    if fact_id is not None:
        c.text("fact")
        if fact_id not in facts:
            close = [f for f in facts if fact_id.split("-")[0] in f][:6]
            c.fail("fact", f"{fact_id!r} is not an id in facts.csv"
                           + (f"; similar ids: {', '.join(close)}" if close else ""))
        if facts[fact_id] is None:
            c.fail("fact", f"fact {fact_id!r} has no value in facts.csv, so it cannot be "
                           "the answer to a numeric exercise")
        fact_scale = c.number("fact_scale")
        spec["answer"] = facts[fact_id] * (1.0 if fact_scale is None else fact_scale)
        spec["fact"], spec["fact_scale"] = fact_id, fact_scale or 1.0
    else:
        spec["answer"] = c.number("answer")
    tolerance = c.number("tolerance", minimum=0)
    rel_tolerance = c.number("rel_tolerance", minimum=0, maximum=1)
    if tolerance is None and rel_tolerance is None:
        c.fail("tolerance", "is missing; give tolerance (absolute, in the answer's unit) "
                            "and/or rel_tolerance (a fraction such as 0.01)")
    spec["tolerance"], spec["rel_tolerance"] = tolerance or 0.0, rel_tolerance or 0.0
    spec["unit"] = c.text("unit", required=False)
    spec["unit_aliases"] = c.texts("unit_aliases", required=False)
    spec["scale"] = c.number("scale", positive=True) or 1.0
    spec["placeholder"] = c.text("placeholder", required=False)
    if spec["unit"] and spec["scale"] == 1.0 and re.search(
            r"\b(thousand|million|billion|trillion)s?\b", spec["unit"], re.I):
        c.fail("scale", f"the unit {spec['unit']!r} names a multiplier, so set scale "
                        "(e.g. scale = 1e6 for millions) so that full numbers are understood")
    try:
        read_number("1", unit=spec["unit"], aliases=spec["unit_aliases"])
    except AnswerError as error:  # pragma: no cover - only a broken alias could do this
        c.fail("unit_aliases", str(error))
    spec["feedback"] = _numeric_feedback(c, spec)
    shown = format_number(spec["answer"], spec["unit"])
    for field in ("solution", "explanation"):
        spec[field] = spec[field].replace("{answer}", shown)
    spec["hints"] = [hint.replace("{answer}", shown) for hint in spec["hints"]]
    for entry in spec["feedback"]:
        entry["message"] = entry["message"].replace("{answer}", shown)


def _numeric_feedback(c: _Checker, spec: dict) -> list[dict]:
    entries = c.table.get("feedback", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        c.fail("feedback", "for a numeric exercise, feedback is an array of tables "
                           "[[exercise.feedback]] with value (or range) and message")
    result = []
    for number, entry in enumerate(entries, start=1):
        field = f"feedback[{number}]"
        sub = _Checker(entry, c.file, c.id, prefix=field + ".")
        unknown = set(entry) - {"value", "range", "tolerance", "message"}
        if unknown:
            c.fail(field, f"unknown key(s) {', '.join(sorted(unknown))}; use value or range, "
                          "tolerance and message")
        message = sub.text("message")
        value, tolerance = sub.number("value"), sub.number("tolerance", minimum=0)
        bounds = entry.get("range")
        if (value is None) == (bounds is None):
            c.fail(field, "give either value = <number> or range = [low, high]")
        if bounds is not None:
            if (not isinstance(bounds, list) or len(bounds) != 2
                    or not all(isinstance(b, int | float) and not isinstance(b, bool)
                               and math.isfinite(b) for b in bounds) or bounds[0] > bounds[1]):
                c.fail(field, f"range should be [low, high] with low <= high; got {bounds!r}")
            low, high = float(bounds[0]), float(bounds[1])
        else:
            width = tolerance if tolerance is not None else max(
                spec["tolerance"], spec["rel_tolerance"] * abs(value))
            low, high = value - width, value + width
        if low <= spec["answer"] <= high:
            c.fail(field, f"[{low:g}, {high:g}] contains the right answer {spec['answer']:g}; "
                          "feedback for a mistake must not match the answer")
        result.append({"low": low, "high": high, "message": message})
    return result


def _check_choice(c: _Checker, spec: dict, multi: bool) -> None:
    spec["options"] = options = c.table_of_texts("options", minimum=2, what="option")
    c.distinct_labels("options", options)
    answer = c.table.get("answer")
    if multi:
        if (not isinstance(answer, list) or not answer
                or not all(isinstance(a, str) for a in answer)):
            c.fail("answer", f"should be a list of option keys such as [\"a\", \"c\"]; "
                             f"got {answer!r}")
        if len(set(answer)) != len(answer):
            c.fail("answer", f"lists an option twice: {answer!r}")
        wrong = [a for a in answer if a not in options]
        if wrong:
            c.fail("answer", f"{', '.join(map(repr, wrong))} not among the options "
                             f"({', '.join(options)})")
        spec["answer"] = [k for k in options if k in answer]
    else:
        if not isinstance(answer, str):
            c.fail("answer", f"should be one option key such as \"b\"; got {answer!r}")
        if answer not in options:
            c.fail("answer", f"{answer!r} is not among the options ({', '.join(options)})")
        spec["answer"] = answer
    spec["feedback"] = c.table_of_texts("feedback", required=False, keys=options, what="option")


def _check_pairs(c: _Checker, spec: dict, items: dict, targets: Mapping, what: str) -> None:
    """Check ``answer`` (each item -> a target) and ``feedback`` (per item)."""
    answer = c.table_of_texts("answer", keys=items, what="item")
    missing = [k for k in items if k not in answer]
    if missing:
        c.fail("answer", f"gives no {what} for {', '.join(missing)}; every item needs one")
    for key, target in answer.items():
        if target not in targets:
            c.fail("answer", f"{key} = {target!r}: not one of the {what} choices "
                             f"({', '.join(targets)})")
    spec["answer"] = {k: answer[k] for k in items}
    spec["feedback"] = c.table_of_texts("feedback", required=False, keys=items, what="item")


def _check_categorise(c: _Checker, spec: dict) -> None:
    spec["categories"] = c.texts("categories", minimum=2)
    spec["targets"] = {label: label for label in spec["categories"]}
    c.distinct_labels("categories", spec["targets"])
    spec["items"] = c.table_of_texts("items", what="item")
    c.distinct_labels("items", spec["items"])
    _check_pairs(c, spec, spec["items"], spec["targets"], "category")


def _check_order(c: _Checker, spec: dict) -> None:
    spec["items"] = items = c.table_of_texts("items", minimum=2, what="item")
    c.distinct_labels("items", items)
    answer = c.table.get("answer")
    if (not isinstance(answer, list) or not all(isinstance(a, str) for a in answer)
            or sorted(answer) != sorted(items)):
        c.fail("answer", f"should list every item key once, in the right order, e.g. "
                         f"{list(items)!r}; got {answer!r}")
    spec["answer"] = list(answer)
    spec["feedback"] = c.table_of_texts("feedback", required=False, keys=items, what="item")


def _check_match(c: _Checker, spec: dict) -> None:
    spec["left"] = c.table_of_texts("left", what="left item")
    spec["right"] = c.table_of_texts("right", minimum=2, what="right item")
    c.distinct_labels("left", spec["left"])
    c.distinct_labels("right", spec["right"])
    _check_pairs(c, spec, spec["left"], spec["right"], "match")


def _check_claim(c: _Checker, spec: dict, claims: dict) -> None:
    claim_id = c.text("claim")
    if claim_id not in claims:
        c.fail("claim", f"{claim_id!r} is not an id in claims.csv")
    row = claims[claim_id]
    spec["claim"] = row
    spec["options"] = dict(RATINGS)
    spec["answer"] = row["status"]
    spec["feedback"] = c.table_of_texts("feedback", required=False, keys=RATINGS, what="rating")


def _check_exercise(table, file: str, number: str, facts: dict, claims: dict) -> dict:
    if not isinstance(table, dict):
        raise BankError(f"each [[exercise]] should be a table; got {table!r}", file=file)
    exercise_id = table.get("id")
    c = _Checker(table, file, exercise_id if isinstance(exercise_id, str) else None)
    exercise_id = c.text("id")
    match = ID_PATTERN.match(exercise_id)
    if not match:
        c.fail("id", f"{exercise_id!r} should look like \"{number}.short-slug\" (two digits, "
                     "a dot, then lower-case words joined by hyphens)")
    if match.group("number") != number:
        c.fail("id", f"starts with {match.group('number')!r} but this file belongs to "
                     f"notebook {number}; use \"{number}.…\"")
    kind = c.text("kind")
    if kind not in KINDS:
        c.fail("kind", f"{kind!r} is not a kind; the kinds are: {', '.join(KINDS)}")
    allowed = _COMMON | _FIELDS[kind]
    unknown = sorted(set(table) - allowed)
    if unknown:
        c.fail(unknown[0], f"is not a field of a {kind} exercise; its fields are: "
                           f"{', '.join(sorted(allowed))}")
    graded = kind != "reflection"
    spec = {"id": exercise_id, "kind": kind, "prompt": c.text("prompt"), "file": file,
            "notebook": number,
            "hints": c.texts("hints", required=graded),
            "solution": c.text("solution", required=graded),
            "explanation": c.text("explanation", required=graded)}
    if kind in ("choice", "multi"):
        _check_choice(c, spec, multi=kind == "multi")
    elif kind == "numeric":
        _check_numeric(c, spec, facts)
    elif kind == "categorise":
        _check_categorise(c, spec)
    elif kind == "order":
        _check_order(c, spec)
    elif kind == "match":
        _check_match(c, spec)
    elif kind == "claim":
        _check_claim(c, spec, claims)
    else:
        spec["model_answer"] = c.text("model_answer")
        spec["placeholder"] = c.text("placeholder", required=False)
        spec["solution"] = spec["solution"] or spec["model_answer"]
    return spec


# --- files and the whole bank ----------------------------------------------------------------

_STEMS = {lesson.filename.removesuffix(".ipynb"): lesson.number for lesson in LESSONS}


def _references() -> tuple[dict, dict]:
    """Facts ``{id: value or None}`` and claims ``{id: row}`` for cross-checks."""
    from ..tables import load_table

    facts = {row["id"]: (None if row["value"] is None or math.isnan(row["value"])
                         else float(row["value"]))
             for row in load_table("facts").to_dict("records")}
    claims = {}
    for row in load_table("claims").to_dict("records"):
        claims[row["id"]] = {
            "id": row["id"], "article_id": row["article_id"], "quote": row["quote"],
            "paragraph": int(row["paragraph"]), "status": row["status"],
            "correction": row["correction"], "fact_ids": list(row["fact_ids"] or ()),
        }
    return facts, claims


def load_bank_file(path: str | Path, *, _refs: tuple[dict, dict] | None = None) -> list[dict]:
    """Load and validate one bank file; return its exercise specs in file order.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``NN_slug.toml`` file whose name matches a notebook of the syllabus.

    Raises
    ------
    BankError
        If the file name, the TOML or any exercise is wrong.
    """
    if not isinstance(path, str | Path):
        raise TypeError(f"path must be a str or pathlib.Path; got {path!r}")
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
    extra = sorted(set(document) - {"exercise"})
    if extra:
        raise BankError(f"unexpected top-level key(s) {', '.join(extra)}; a bank file holds "
                        "only [[exercise]] tables", file=file, field=extra[0])
    tables = document.get("exercise", [])
    if not isinstance(tables, list):
        raise BankError("exercise should be an array of tables: write [[exercise]], not "
                        "[exercise]", file=file, field="exercise")
    facts, claims = _refs or _references()
    specs, seen = [], set()
    for table in tables:
        spec = _check_exercise(table, file, number, facts, claims)
        if spec["id"] in seen:
            raise BankError("this id is used twice in the file; ids must be unique",
                            file=file, exercise_id=spec["id"], field="id")
        seen.add(spec["id"])
        specs.append(spec)
    return specs


def _stamp(path: Path):
    try:
        stat = path.stat()
        return (stat.st_mtime_ns, stat.st_size)
    except OSError:
        return None


@lru_cache(maxsize=32)
def _file_specs(path: Path, stamps) -> dict[str, dict]:
    """One file's exercises, validated; cached while it and the tables it cites are unchanged."""
    return {spec["id"]: spec for spec in load_bank_file(path)}


def _load(path: Path) -> dict[str, dict]:
    stamps = (_stamp(path), _stamp(data_path("facts.csv")), _stamp(data_path("claims.csv")))
    return _file_specs(path, stamps)


def bank(folder: str | Path | None = None) -> dict[str, dict]:
    """Return every exercise of the bank, validated: ``{id: spec}``.

    Parameters
    ----------
    folder : str or pathlib.Path, optional
        The folder of ``*.toml`` bank files; default :func:`bank_folder`. A missing or
        empty folder gives an empty bank.

    Returns
    -------
    dict
        ``{exercise id: spec}`` in notebook order. Each spec is a new dict with at least
        ``id``, ``kind``, ``prompt``, ``hints``, ``solution``, ``explanation``, ``file``
        and ``notebook``, plus the fields of its kind (numeric answers taken from
        ``facts.csv`` are resolved to numbers; a claim's row of ``claims.csv`` is included).

    Raises
    ------
    BankError
        If a file or an exercise is wrong. (An id cannot appear in two files: its
        prefix must name its file's notebook, and ids are unique within a file.)

    Examples
    --------
    >>> isinstance(bank(), dict)
    True
    """
    folder = _folder(folder)
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    # Ids are unique across files because each id's prefix names its file's notebook.
    return copy.deepcopy({i: spec for path in files for i, spec in _load(path).items()})


def notebook_bank(exercise_id: str, folder: str | Path | None = None) -> dict[str, dict]:
    """Return the exercises of the one file an id belongs to (by its ``NN.`` prefix).

    A mistake in another notebook's file does not stop this notebook's exercises.
    An id without a known prefix gives the whole bank, so the caller can suggest ids.
    """
    folder = _folder(folder)
    stem = next((s for s, n in _STEMS.items() if exercise_id.startswith(f"{n}.")), None)
    if stem is None:
        return bank(folder)
    path = folder / f"{stem}.toml"
    return copy.deepcopy(_load(path)) if path.is_file() else {}


def _folder(folder: str | Path | None) -> Path:
    if folder is not None and not isinstance(folder, str | Path):
        raise TypeError(f"folder must be a str or pathlib.Path; got {folder!r}")
    return Path(folder) if folder is not None else bank_folder()


# --- the bank and the notebooks --------------------------------------------------------------

_CALL = re.compile(r"\bexercise\(\s*(?P<q>['\"])(?P<id>[^'\"\n]+)(?P=q)\s*[,)]")


def exercise_calls(folder: str | Path | None = None) -> dict[str, list[tuple[str, int]]]:
    """Find every ``course.exercise("…")`` call in the notebooks' code cells.

    Parameters
    ----------
    folder : str or pathlib.Path, optional
        The notebooks folder; default ``notebooks/`` of the project.

    Returns
    -------
    dict
        ``{exercise id: [(notebook file name, 0-based cell index), …]}``.

    Examples
    --------
    >>> isinstance(exercise_calls(), dict)
    True
    """
    folder = Path(folder) if folder is not None else project_root() / "notebooks"
    calls: dict[str, list[tuple[str, int]]] = {}
    for path in sorted(folder.glob("*.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError) as exc:
            raise ValueError(f"{path.name}: cannot read the notebook ({exc})") from None
        for index, cell in enumerate(cells):
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            for match in _CALL.finditer(source):
                calls.setdefault(match.group("id"), []).append((path.name, index))
    return calls


def usage_problems(exercises: Mapping[str, dict],
                   calls: Mapping[str, list[tuple[str, int]]]) -> list[str]:
    """List the disagreements between the bank and the notebooks (empty when they agree).

    Every id used in a notebook must exist in the bank; every bank id must be used in
    exactly one code cell, in the notebook its number names.

    Examples
    --------
    >>> usage_problems({}, {"03.missing": [("03_the_cost_of_training.ipynb", 4)]})
    ["03_the_cost_of_training.ipynb, cell 4: exercise '03.missing' is not in the bank"]
    """
    problems = []
    for exercise_id, places in sorted(calls.items()):
        if exercise_id not in exercises:
            problems += [f"{nb}, cell {cell}: exercise {exercise_id!r} is not in the bank"
                         for nb, cell in places]
    for exercise_id, spec in exercises.items():
        places = calls.get(exercise_id, [])
        where = ", ".join(f"{nb} cell {cell}" for nb, cell in places)
        if not places:
            problems.append(f"{spec.get('file', 'bank')}: exercise {exercise_id!r} is not "
                            "used in any notebook")
        elif len(places) > 1:
            problems.append(f"exercise {exercise_id!r} is used in {len(places)} cells "
                            f"({where}); use each exercise in exactly one cell")
        elif not places[0][0].startswith(exercise_id[:2] + "_"):
            problems.append(f"exercise {exercise_id!r} is used in {places[0][0]}, but its "
                            f"number says notebook {exercise_id[:2]}")
    return problems
