"""course.exercises without widgets: bank validation, grading, feedback, markup.

Grading is a plain function, tested here with the fixture bank (one exercise of every
kind) as the oracle; every validation error is provoked on a real file and must name
the file, the exercise and the field.
"""

from __future__ import annotations

import pytest
from helpers.exercise_fixtures import FIXTURES, fixture_bank  # noqa: F401
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.answers import AnswerError
from course.exercises import KINDS, BankError, bank, grade, kind_of, load_bank_file
from course.exercises.feedback import compose, invalid, render_html, revealed
from course.exercises.kinds.numeric import within
from course.exercises.markup import to_html, to_text


@pytest.fixture
def specs(fixture_bank):
    return bank()


def test_the_fixture_bank_has_every_kind(specs):
    assert {spec["kind"] for spec in specs.values()} == set(KINDS)
    for spec in specs.values():
        assert spec["prompt"] and spec["solution"] and spec["file"].endswith(".toml")
        assert spec["id"].startswith(spec["notebook"] + ".")


def test_an_empty_or_missing_folder_is_an_empty_bank(tmp_path):
    assert bank(tmp_path) == {}
    assert bank(tmp_path / "nowhere") == {}


def test_bank_returns_copies_and_sees_edits(fixture_bank):
    first = bank()
    first["03.v3-cost"]["answer"] = 0
    assert bank()["03.v3-cost"]["answer"] == pytest.approx(5.576)
    path = fixture_bank / "00_start_here.toml"
    path.write_text(path.read_text().replace('prompt = "How many', 'prompt = "Exactly how many'))
    assert bank()["00.articles"]["prompt"].startswith("Exactly")


def test_numeric_answers_come_from_facts(specs):
    from course import fact

    assert specs["03.v3-cost"]["answer"] == pytest.approx(fact("v3-gpu-hours-total").value * 2e-6)
    assert specs["03.llama-flop"]["answer"] == fact("llama31-405b-flop").value
    assert "5.576 million USD" in specs["03.v3-cost"]["explanation"]  # {answer} filled in


def test_claim_answers_come_from_claims_csv(specs):
    from course import load_table

    claims = load_table("claims").set_index("id")
    spec = specs["03.claim-cost"]
    assert spec["answer"] == claims.loc["cost-5-6m-built-r1", "status"]
    assert spec["claim"]["correction"] == claims.loc["cost-5-6m-built-r1", "correction"]


def test_reflections_carry_their_rubric(specs):
    assert list(specs["03.reflect"]["rubric"]) == ["strong", "adequate", "weak"]


# --- grading: textbook answers ---------------------------------------------------------------

@pytest.mark.parametrize("exercise_id, answer, correct", [
    ("03.cost-covers", "b", True),
    ("03.cost-covers", "a", False),
    ("03.cost-excludes", ["a", "b", "d"], True),
    ("03.cost-excludes", ("d", "b", "a"), True),
    ("03.cost-excludes", ["a", "b"], False),
    ("03.cost-excludes", ["a", "b", "c", "d"], False),
    ("03.v3-cost", "5.576", True),
    ("03.v3-cost", " 5.576 ", True),
    ("03.v3-cost", "5,576,000", True),
    ("03.v3-cost", "$5,576,000", True),
    ("03.v3-cost", "$5.576M", True),
    ("03.v3-cost", "5.576 million USD", True),
    ("03.v3-cost", "5.58", True),
    ("03.v3-cost", 5.576, True),
    ("03.v3-cost", "5.6", False),
    ("03.v3-cost", "$5.6M", False),
    ("03.llama-flop", "3.8e25", True),
    ("03.llama-flop", "3.8×10^25 FLOP", True),
    ("03.llama-flop", "3.8 x 10²⁵", True),
    ("03.llama-flop", "1e25", False),
    ("03.share", "0.17", True),
    ("03.share", "17%", True),
    ("03.share", "1/6", True),
    ("03.share", "0.2", False),
    ("03.licences", {"llama": "Open weights", "r1": "Open weights", "gpt4o": "Closed"}, True),
    ("03.licences", {"llama": "Open weights", "r1": "Closed", "gpt4o": "Closed"}, False),
    ("03.stages", ["pre", "context", "post"], True),
    ("03.stages", {"pre": 1, "context": 2, "post": 3}, True),
    ("03.stages", ["context", "pre", "post"], False),
    ("03.units", {"compute": "flop", "time": "hours", "price": "usd"}, True),
    ("03.units", {"compute": "hours", "time": "flop", "price": "usd"}, False),
    ("03.claim-cost", "loose", True),
    ("03.claim-cost", "Accurate", False),
    ("03.claim-cost", {"rating": "wrong", "reason": "R1's own cost was never published at all"},
     True),
    ("00.articles", "B", True),
])
def test_grade_against_the_fixture_answers(specs, exercise_id, answer, correct):
    assert grade(specs[exercise_id], answer).correct is correct


def test_reflections_are_never_graded(specs):
    result = grade(specs["03.reflect"], "  Signalling efficiency.  ")
    assert result.correct is None and result.answer == "Signalling efficiency."


def test_numeric_mistakes_get_their_own_feedback(specs):
    spec = specs["03.v3-cost"]
    assert "GPU-hours in millions" in grade(spec, "2.788").feedback
    assert "in millions of USD" in grade(spec, "5576").feedback  # read as 5,576 million
    assert grade(spec, "4").feedback == ""


def test_the_same_answer_written_differently_has_the_same_key(specs):
    spec = specs["03.v3-cost"]
    assert grade(spec, "5.576").key == grade(spec, " 5.576 ").key == grade(spec, 5.576).key
    assert grade(spec, "5.576").key != grade(spec, "5.6").key
    multi = specs["03.cost-excludes"]
    assert grade(multi, ["a", "b", "d"]).key == grade(multi, {"d", "b", "a"}).key


def test_per_option_and_per_item_feedback(specs):
    assert "headlines" in grade(specs["03.cost-covers"], "a").feedback
    assert "exactly what the estimate prices" in grade(specs["03.cost-excludes"],
                                                       ["a", "c"]).feedback
    assert grade(specs["03.cost-excludes"], ["a", "b", "d"]).feedback == ""
    missing = grade(specs["03.cost-excludes"], ["a"]).feedback
    assert missing == "2 choices need another look. 2 options that belong are not ticked."
    licences = grade(specs["03.licences"], {"llama": "Closed", "r1": "Open weights",
                                            "gpt4o": "Open weights"})
    # two categories: naming a misplaced item would place it, so the names wait for a second
    # miss, with the author's notes
    assert licences.feedback == "2 of the 3 items are not in the right category yet."
    assert licences.later.startswith("The misplaced items: “Llama 3.1 405B” (you chose "
                                     "“Closed”)")
    assert "GPT-4o's weights" in licences.later
    assert grade(specs["03.units"], {"compute": "hours", "time": "flop",
                                     "price": "usd"}).feedback == \
        "2 of the 3 items are not matched correctly yet: “Training compute” (you chose " \
        "“GPU-hours”); “GPU time” (you chose “FLOP”)."
    stages = grade(specs["03.stages"], ["context", "pre", "post"]).feedback
    assert "you put “Context extension” before “Pre-training”" in stages


def test_a_defensible_claim_rating_needs_a_reason(specs):
    spec = specs["03.claim-cost"]
    with pytest.raises(AnswerError, match="reason"):
        grade(spec, "wrong")
    with pytest.raises(AnswerError, match="6 words"):
        grade(spec, {"rating": "wrong", "reason": "too short"})
    defended = grade(spec, {"rating": "wrong", "reason": "The R1 cost was never published."})
    assert defended.correct is True and "can be defended" in defended.feedback
    assert "The course rates this claim **loose**" in defended.feedback
    assert defended.answer == {"rating": "wrong", "reason": "The R1 cost was never published."}
    assert grade(spec, "accurate").correct is False  # not defensible: per-option feedback


def test_within_uses_the_larger_tolerance():
    assert within(100.9, 100, 1, 0) and not within(101.1, 100, 1, 0)
    assert within(101.9, 100, 0, 0.02) and within(101.9, 100, 1, 0.02)


@pytest.mark.parametrize("exercise_id, answer", [
    ("03.v3-cost", "abc"), ("03.v3-cost", None), ("03.cost-covers", "z"),
    ("03.cost-covers", "The rental cost of V3's final training run"),
    ("03.cost-excludes", []), ("03.cost-excludes", "a, b"),
    ("03.licences", {"llama": "Open weights"}), ("03.stages", ["pre"]),
    ("03.stages", {"pre": 1, "context": 1, "post": 2}), ("03.units", "flop"),
    ("03.claim-cost", "maybe"), ("03.reflect", ""), ("03.reflect", 5),
])
def test_unreadable_answers_raise_answer_error(specs, exercise_id, answer):
    with pytest.raises(AnswerError):
        grade(specs[exercise_id], answer)


# --- feedback --------------------------------------------------------------------------------

def test_hints_one_more_per_wrong_attempt_then_the_solution(specs):
    spec = specs["03.v3-cost"]
    kind = kind_of(spec)
    wrong = grade(spec, "4")
    first = compose(kind, wrong, wrong_attempts=1, solution_shown=False, counted=True)
    second = compose(kind, wrong, wrong_attempts=2, solution_shown=False, counted=True)
    third = compose(kind, wrong, wrong_attempts=3, solution_shown=False, counted=True)
    assert first.message.startswith("Not yet — ") and "Hint 1 of 2" in first.message
    assert second.hints == tuple(spec["hints"][:2]) and "Hint 2 of 2" in second.message
    assert first.solution is None and second.solution is None
    assert third.solution and "Solution: 5.576 million USD" in third.message
    assert "Why: 2,788,000 GPU-hours" in third.message


def test_correct_feedback_says_so_and_explains(specs):
    spec = specs["03.claim-cost"]
    feedback = compose(kind_of(spec), grade(spec, "loose"), wrong_attempts=0,
                       solution_shown=False, counted=True)
    assert feedback.correct is True and feedback.message.startswith("Correct — ")
    assert "Evidence: rated loose" in feedback.message and feedback.evidence
    assert "DeepSeek-V3 Technical Report" in feedback.evidence  # the facts' citations


def test_claim_evidence_waits_for_the_answer_or_the_solution(specs):
    spec = specs["03.claim-cost"]
    early = compose(kind_of(spec), grade(spec, "accurate"), wrong_attempts=1,
                    solution_shown=False, counted=True)
    assert early.evidence is None and "Evidence" not in early.message
    shown = revealed(kind_of(spec), counted=True)
    assert shown.evidence and "Solution: Loose." in shown.message


def test_saved_reflection_shows_the_model_answer(specs):
    spec = specs["03.reflect"]
    kind = kind_of(spec)
    feedback = compose(kind, grade(spec, "text"), wrong_attempts=0, solution_shown=False,
                       counted=True)
    assert feedback.correct is None and feedback.status == "saved"
    assert feedback.message.startswith("Saved — ") and spec["model_answer"] in feedback.message
    assert "Rubric:\n- Strong: Names a motive" in feedback.message  # for self-assessment
    assert "<th scope='row'>Adequate</th>" in render_html(kind, feedback)
    assert kind.solution()[0].startswith("A model answer:")


def test_invalid_feedback_is_not_counted():
    feedback = invalid("The answer is empty.")
    assert feedback.status == "invalid" and not feedback.counted and feedback.correct is False
    assert "did not count" in str(feedback)


def test_feedback_html_is_text_first_and_escaped(specs):
    spec = dict(specs["00.articles"], explanation="Five <b>articles</b>.")
    kind = kind_of(spec)
    feedback = compose(kind, grade(spec, "b"), wrong_attempts=0, solution_shown=False,
                       counted=True)
    markup = render_html(kind, feedback)
    assert "Correct —" in markup and "<b>articles</b>" not in markup
    assert "role='status'" in markup
    assert render_html(kind, None) == ""
    assert "Solution:" in render_html(kind, None, solution=True)


def test_markup_is_safe_html_and_plain_text():
    assert to_html("**a** *b* `c<d>` [x](https://e.org)") == (
        '<p><strong>a</strong> <em>b</em> <code>c&lt;d&gt;</code> '
        '<a target="_blank" rel="noopener" href="https://e.org">x</a></p>')
    assert "javascript" not in to_html("[x](javascript:alert(1))")
    assert "<script" not in to_html("<script>alert(1)</script>")
    assert to_html("1. one\n2. two").startswith("<ol>")
    assert to_html("Costs $5.6M to $100M") == "<p>Costs $5.6M to $100M</p>"
    assert to_text("**a** and `b`") == "a and b"


# --- validation: every error names the file, the exercise and the field -----------------------

GOOD = '''
[[exercise]]
id = "03.ok"
kind = "choice"
prompt = "Pick b."
answer = "b"
hints = ["It is b."]
solution = "b"
explanation = "Because."

[exercise.options]
a = "A"
b = "B"
'''

NUMERIC = '''
[[exercise]]
id = "03.num"
kind = "numeric"
prompt = "How much?"
answer = 5.576
tolerance = 0.01
unit = "million USD"
scale = 1e6
hints = ["Multiply."]
solution = "{answer}"
explanation = "Because."
'''


def _write(folder, text, name="03_the_cost_of_training.toml"):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, exercise_id, field, fragment", [
    (GOOD.replace('prompt = "Pick b."\n', ""), "03.ok", "prompt", "is missing"),
    (GOOD.replace('kind = "choice"', 'kind = "essay"'), "03.ok", "kind", "one of the kinds"),
    (GOOD.replace('answer = "b"', 'answer = "z"'), "03.ok", "answer", "not among the options"),
    (GOOD.replace('answer = "b"', 'answer = ["b"]'), "03.ok", "answer", "key of the right option"),
    (GOOD.replace('id = "03.ok"', 'id = "04.ok"'), "04.ok", "id", "belongs to notebook 03"),
    (GOOD.replace('id = "03.ok"', 'id = "03.Bad_Slug"'), "03.Bad_Slug", "id", "two digits, a dot"),
    (GOOD.replace('hints = ["It is b."]', 'hint = ["It is b."]'), "03.ok", "hint",
     "not a field of a choice exercise"),
    (GOOD.replace('hints = ["It is b."]\n', ""), "03.ok", "hints", "is missing"),
    (GOOD.replace('hints = ["It is b."]', 'hints = "It is b."'), "03.ok", "hints", "a list"),
    (GOOD.replace('b = "B"', 'b = "A"'), "03.ok", "options", "same text"),
    (GOOD + '\n[exercise.feedback]\nz = "?"\n', "03.ok", "feedback", "not one of the options"),
    (GOOD + GOOD, "03.ok", "id", "used twice"),
    (NUMERIC.replace("answer = 5.576", 'fact = "no-such-fact"'), "03.num", "fact",
     "not an id in facts.csv"),
    (NUMERIC.replace("answer = 5.576", 'fact = "v3-release"'), "03.num", "fact",
     "has no value"),
    (NUMERIC.replace("answer = 5.576", 'answer = 5.576\nfact = "v3-cost-usd"'), "03.num", "fact",
     "either answer or fact"),
    (NUMERIC.replace("answer = 5.576\n", ""), "03.num", "answer", "is missing"),
    (NUMERIC.replace("tolerance = 0.01", "tolerance = -1"), "03.num", "tolerance", "at least 0"),
    (NUMERIC.replace("tolerance = 0.01\n", ""), "03.num", "tolerance", "is missing"),
    (NUMERIC.replace("scale = 1e6\n", ""), "03.num", "scale", "names a multiplier"),
    (NUMERIC.replace("answer = 5.576", 'answer = "5.576"'), "03.num", "answer",
     "should be the number"),
    (NUMERIC.replace("answer = 5.576", "answer = nan"), "03.num", "answer", "finite number"),
    (NUMERIC.replace("answer = 5.576", "answer = 5.576\nfact_scale = 2"), "03.num",
     "fact_scale", "only makes sense together with fact"),
    (GOOD + '\n[exercise.feedback]\nc = "?"\n', "03.ok", "feedback", "not one of the options"),
    (NUMERIC + '\n[[exercise.feedback]]\nrange = [5, 6]\nmessage = "x"\n', "03.num",
     "feedback[1]", "contains the right answer"),
    (NUMERIC + '\n[[exercise.feedback]]\nvalue = 2\n', "03.num", "feedback[1].message",
     "is missing"),
    (NUMERIC + '\n[[exercise.feedback]]\nmessage = "x"\n', "03.num", "feedback[1].value",
     "value = <number> or range"),
    ('[[exercise]]\nid = "03.c"\nkind = "claim"\nprompt = "Rate."\nclaim = "no-such-claim"\n'
     'hints = ["h"]\nsolution = "s"\nexplanation = "e"\n', "03.c", "claim",
     "not an id in claims.csv"),
    ('[[exercise]]\nid = "03.c"\nkind = "claim"\nprompt = "Rate."\n'
     'claim = "cost-5-6m-built-r1"\nanswer = "loose"\nhints = ["h"]\nsolution = "s"\n'
     'explanation = "e"\n', "03.c", "answer", "not a field of a claim exercise"),
    ('[[exercise]]\nid = "03.k"\nkind = "categorise"\nprompt = "Sort."\n'
     'categories = ["Open", "Closed"]\nhints = ["h"]\nsolution = "s"\nexplanation = "e"\n'
     '[exercise.items]\nx = "X"\ny = "Y"\n[exercise.answer]\nx = "Open"\ny = "Semi"\n',
     "03.k", "answer", "not one of the category choices"),
    ('[[exercise]]\nid = "03.k"\nkind = "categorise"\nprompt = "Sort."\n'
     'categories = ["Open", "Closed"]\nhints = ["h"]\nsolution = "s"\nexplanation = "e"\n'
     '[exercise.items]\nx = "X"\ny = "Y"\n[exercise.answer]\nx = "Open"\n',
     "03.k", "answer", "gives no category for y"),
    ('[[exercise]]\nid = "03.o"\nkind = "order"\nprompt = "Order."\nanswer = ["x", "x"]\n'
     'hints = ["h"]\nsolution = "s"\nexplanation = "e"\n[exercise.items]\nx = "X"\ny = "Y"\n',
     "03.o", "answer", "every item key once"),
    ('[[exercise]]\nid = "03.m"\nkind = "match"\nprompt = "Match."\nhints = ["h"]\n'
     'solution = "s"\nexplanation = "e"\n[exercise.left]\nx = "X"\n[exercise.right]\n'
     'p = "P"\nq = "Q"\n[exercise.answer]\nx = "r"\n', "03.m", "answer",
     "not one of the match choices"),
    ('[[exercise]]\nid = "03.r"\nkind = "reflection"\nprompt = "Think."\n', "03.r",
     "model_answer", "is missing"),
])
def test_each_mistake_names_file_exercise_and_field(tmp_path, text, exercise_id, field,
                                                    fragment):
    _write(tmp_path, text)
    with pytest.raises(BankError, match=fragment) as caught:
        bank(tmp_path)
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.file, error.exercise_id, error.field) == (
        "03_the_cost_of_training.toml", exercise_id, field)
    assert str(error).startswith(f"03_the_cost_of_training.toml, exercise '{exercise_id}', "
                                 f"field '{field}': ")


@pytest.mark.parametrize("name, text, field, fragment", [
    ("03_cost.toml", GOOD, None, "file name should be a notebook's name"),
    ("03_the_cost_of_training.toml", GOOD.replace('kind = "choice"', 'kind = choice'), None,
     "not valid TOML.*line 4"),
    ("03_the_cost_of_training.toml", '[exercise]\nid = "03.x"\n', "exercise",
     r"write \[\[exercise\]\], not \[exercise\]"),
    ("03_the_cost_of_training.toml", 'title = "x"\n' + GOOD, "title",
     r"holds only \[\[exercise\]\] tables"),
])
def test_file_level_mistakes_name_the_file(tmp_path, name, text, field, fragment):
    _write(tmp_path, text, name)
    with pytest.raises(BankError, match=fragment) as caught:
        bank(tmp_path)
    assert caught.value.file == name and caught.value.field == field


def test_a_file_that_is_not_utf8_is_reported(tmp_path):
    (tmp_path / "03_the_cost_of_training.toml").write_bytes(b'prompt = "\xff\xfe"\n')
    with pytest.raises(BankError, match="not UTF-8"):
        bank(tmp_path)


def test_a_missing_bank_file_is_reported(tmp_path):
    with pytest.raises(BankError, match="missing"):
        load_bank_file(tmp_path / "03_the_cost_of_training.toml")


def test_the_fixture_files_validate_one_by_one():
    for path in FIXTURES.glob("*.toml"):
        assert load_bank_file(path)


def test_importing_the_engine_touches_nothing(tmp_path):
    import subprocess
    import sys

    code = "import course.exercises, course.progress, course.answers; print('imported')"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "COURSE_PROGRESS":
           str(tmp_path / "p" / "progress.json")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "imported"
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_broken_bank_file_stops_only_its_own_notebook(fixture_bank):
    """A mistake in 03's file must not take 00's exercises down with it."""
    from course.exercises import exercise, notebook_bank

    good = next(iter(notebook_bank("00.x", fixture_bank)))
    (fixture_bank / "03_the_cost_of_training.toml").write_text('[[exercise]]\nid = "03.x"\n')
    with pytest.raises(BankError, match="03_the_cost_of_training.toml"):
        bank(fixture_bank)
    assert exercise(good, folder=fixture_bank).spec["id"] == good
    with pytest.raises(BankError, match="03_the_cost_of_training.toml"):
        exercise("03.anything", folder=fixture_bank)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=50), st.none(), st.integers(), st.floats(),
                 st.lists(st.text(max_size=5)),
                 st.dictionaries(st.text(max_size=8), st.one_of(st.text(max_size=8),
                                                                st.integers(), st.none())),
                 st.sets(st.sampled_from(["a", "b", "c", "d", "pre", "post"]))))
def test_grading_never_raises_anything_but_answer_error(specs, answer):
    for spec in specs.values():
        try:
            result = grade(spec, answer)
        except AnswerError as error:
            assert str(error)
        else:
            assert result.correct in (True, False, None)
