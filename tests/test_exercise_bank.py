"""Integrity of the real exercise bank, and the bank against the notebooks.

Every bank file validates; every ``course.exercise("…")`` id used in a notebook exists
in the bank; every bank id is used in exactly one cell of its own notebook. The same
check is run on a temporary notebook and bank to prove it fails when they drift.
"""

from __future__ import annotations

import shutil

import nbformat
import pytest
from helpers.bank_usage import exercise_calls, usage_problems
from helpers.exercise_fixtures import FIXTURES

from course.data import project_root
from course.exercises import bank, bank_folder, load_bank_file
from course.syllabus import LESSONS


def test_every_bank_file_validates():
    for path in sorted(bank_folder().glob("*.toml")):
        assert isinstance(load_bank_file(path), list), path.name
    assert isinstance(bank(), dict)


def test_the_bank_and_the_notebooks_agree():
    problems = usage_problems(bank(), exercise_calls(project_root() / "notebooks"))
    assert not problems, "\n".join(problems)


def test_the_format_documentation_has_a_valid_example_of_every_kind(tmp_path):
    import re

    from course.exercises import KINDS

    readme = (bank_folder() / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"```toml\n(.*?)```", readme, flags=re.S)
    target = tmp_path / "03_the_cost_of_training.toml"
    target.write_text("\n".join(examples), encoding="utf-8")
    specs = load_bank_file(target)
    assert sorted(spec["kind"] for spec in specs) == sorted(KINDS)
    for kind in KINDS:
        assert f"### `{kind}`" in readme


# --- the check itself, on a temporary notebook and bank --------------------------------------

def _notebook(path, *cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) if not c.startswith("#md ")
                else nbformat.v4.new_markdown_cell(c[4:]) for c in cells]
    nbformat.write(nb, path)


@pytest.fixture
def drift(tmp_path):
    """A bank folder holding the fixture files and an empty notebooks folder."""
    exercises = tmp_path / "exercises"
    shutil.copytree(FIXTURES, exercises)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    ids = list(bank(exercises))
    return exercises, notebooks, ids


def _all_used(notebooks, ids):
    by_notebook = {}
    for exercise_id in ids:
        by_notebook.setdefault(exercise_id[:2], []).append(exercise_id)
    names = {"00": "00_start_here.ipynb", "03": "03_the_cost_of_training.ipynb"}
    for number, used in by_notebook.items():
        _notebook(notebooks / names[number], "import course",
                  *[f'course.exercise("{i}")' for i in used])


def test_a_matching_notebook_passes(drift):
    exercises, notebooks, ids = drift
    _all_used(notebooks, ids)
    calls = exercise_calls(notebooks)
    assert set(calls) == set(ids)
    assert usage_problems(bank(exercises), calls) == []


def test_an_id_missing_from_the_bank_is_reported(drift):
    exercises, notebooks, ids = drift
    _all_used(notebooks, ids)
    _notebook(notebooks / "05_open_source_as_strategy.ipynb", "#md text",
              "course.exercise('05.not-there')")
    (problem,) = usage_problems(bank(exercises), exercise_calls(notebooks))
    assert problem == ("05_open_source_as_strategy.ipynb, cell 1: exercise '05.not-there' is "
                       "not in the bank")


def test_an_unused_bank_id_is_reported(drift):
    exercises, notebooks, ids = drift
    _all_used(notebooks, [i for i in ids if i != "03.units"])
    (problem,) = usage_problems(bank(exercises), exercise_calls(notebooks))
    assert "'03.units' is not used in any notebook" in problem


def test_an_id_used_twice_is_reported(drift):
    exercises, notebooks, ids = drift
    _all_used(notebooks, ids)
    path = notebooks / "03_the_cost_of_training.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('course.exercise("03.share")'))
    nbformat.write(nb, path)
    (problem,) = usage_problems(bank(exercises), exercise_calls(notebooks))
    assert "'03.share' is used in 2 cells" in problem


def test_an_id_used_in_another_notebook_is_reported(drift):
    exercises, notebooks, ids = drift
    _all_used(notebooks, [i for i in ids if i != "03.share"])
    _notebook(notebooks / "04_the_price_of_intelligence.ipynb", 'course.exercise("03.share")')
    (problem,) = usage_problems(bank(exercises), exercise_calls(notebooks))
    assert "used in 04_the_price_of_intelligence.ipynb, but its number says notebook 03" in \
        problem


def test_calls_in_markdown_or_prose_do_not_count(drift):
    exercises, notebooks, ids = drift
    _notebook(notebooks / "03_the_cost_of_training.ipynb",
              '#md Run `course.exercise("03.share")` below.',
              'x = "course.exercises.bank()"',
              'course.exercises.exercise(\n    "03.units"\n)')
    assert set(exercise_calls(notebooks)) == {"03.units"}


def test_an_unreadable_notebook_is_reported(tmp_path):
    (tmp_path / "03_the_cost_of_training.ipynb").write_text("{not json")
    with pytest.raises(ValueError, match="03_the_cost_of_training.ipynb: cannot read"):
        exercise_calls(tmp_path)


# --- the schema ------------------------------------------------------------------------------

def test_the_committed_schema_is_the_generated_one():
    from course.exercises.schema import schema_text

    committed = (bank_folder() / "schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), ("data/exercises/schema.json is out of date: run "
                                        "python -m course.exercises --write-schema")


def test_every_bank_file_validates_against_the_committed_schema():
    import json
    import tomllib

    import jsonschema

    schema = json.loads((bank_folder() / "schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted(bank_folder().glob("*.toml"))
    assert [p.stem for p in files] == [x.filename.removesuffix(".ipynb") for x in LESSONS]
    for path in files:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        assert [e.message for e in validator.iter_errors(document)] == [], path.name
    # ...and the schema does refuse a broken file
    document["exercise"][0]["kind"] = "essay"
    document["exercise"][1].pop("prompt")
    document["exercise"][2]["hint"] = ["a typo for hints"]
    assert len(list(validator.iter_errors(document))) == 3


def test_a_new_kind_is_one_class(tmp_path):
    """A kind defined in one place is in the schema, the bank and the widget."""
    import course
    from course.exercises import loader as bank_module
    from course.exercises.kinds import KINDS, Graded, Kind
    from course.exercises.kinds.base import TEXT, radio

    class YesNo(Kind):
        name = "yesno"
        instruction = "Yes or no?"
        properties = {"answer": {"enum": ["yes", "no"]}, "because": TEXT}
        required = ("answer", "because")

        def grade(self, answer):
            key = self.key_of(answer, {"yes": "Yes", "no": "No"})
            return Graded(key == self.spec["answer"], self.spec["because"], key)

        def answer_text(self):
            return self.spec["answer"]

        def inputs(self):
            self.controls = {"answer": radio({"yes": "Yes", "no": "No"})}
            return [self.controls["answer"]]

    bank_module._validator.cache_clear()
    try:
        (tmp_path / "05_open_source_as_strategy.toml").write_text(
            '[[exercise]]\nid = "05.yes"\nkind = "yesno"\nprompt = "Is R1 open weights?"\n'
            'answer = "yes"\nbecause = "Its weights are on Hugging Face."\nhints = ["Look."]\n'
            'solution = "Yes."\nexplanation = "MIT licence."\n', encoding="utf-8")
        assert "yesno" in KINDS
        widget = course.exercise("05.yes", folder=tmp_path, store=course.progress.ProgressStore(
            tmp_path / "progress.json"))
        assert widget.submit("no").correct is False and widget.submit("yes").correct is True
        (tmp_path / "05_open_source_as_strategy.toml").write_text(
            '[[exercise]]\nid = "05.yes"\nkind = "yesno"\nprompt = "?"\nanswer = "maybe"\n'
            'because = "b"\nhints = ["h"]\nsolution = "s"\nexplanation = "e"\n')
        with pytest.raises(course.exercises.BankError, match="field 'answer'"):
            bank(tmp_path)
    finally:
        del KINDS["yesno"]
        bank_module._validator.cache_clear()


def test_a_scale_without_its_fact_is_refused_on_the_fast_path(tmp_path):
    """``dependentRequired`` is 2020-12; fastjsonschema (draft-07) checks it too."""
    import tomllib

    from course.exercises.loader import BankError, _validator

    item = ('[[exercise]]\nid = "03.scaled"\nkind = "numeric"\nprompt = "How many?"\n'
            'answer = 5.576\nunit = "US$ million"\ntolerance = 0.01\nfact_scale = 2\n'
            'hints = ["h"]\nsolution = "s"\nexplanation = "e"\n')
    assert not _validator().is_valid(tomllib.loads(item))
    assert _validator().is_valid(tomllib.loads(item.replace("fact_scale = 2\n", "")))
    path = tmp_path / "03_the_cost_of_training.toml"
    path.write_text(item, encoding="utf-8")
    with pytest.raises(BankError, match="fact_scale.*only makes sense together with fact"):
        load_bank_file(path)


def test_static_renderings_do_not_show_option_keys():
    # A page without widgets (the website) lists the options; a key such as "nv-used" or
    # "tenth-corrected" would tell the reader what an option is about, so options are lettered.
    from course.exercises import kind_of

    for exercise_id, spec in bank().items():
        if spec["kind"] in ("choice", "multi"):
            text = kind_of(spec).static_text()
            letters = [f"({chr(97 + n)})" for n in range(len(spec["options"]))]
            assert all(letter in text for letter in letters), exercise_id
            assert not [key for key in spec["options"] if f"({key})" in text
                        and f"({key})" not in letters], exercise_id
