"""The exercise widget driven from Python: `.value`, `Button.click()`, `.submit()`.

Real widgets (no browser), a real progress file per test and the fixture bank with one
exercise of every kind.
"""

from __future__ import annotations

import warnings

import ipywidgets as widgets
import pytest
from helpers.exercise_fixtures import fixture_bank, progress_file  # noqa: F401

import course
from course.progress import ProgressStore


@pytest.fixture
def env(fixture_bank, progress_file):
    """The fixture bank and a fresh progress file; returns the progress file path."""
    return progress_file


def records(path, exercise_id):
    """What is in the progress file on disk, read by a store of its own."""
    return ProgressStore(path).attempts(exercise_id)


def descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from descendants(child)


def find(widget, kind, css=None):
    return [w for w in descendants(widget) if isinstance(w, kind)
            and (css is None or css in w._dom_classes)]


def button(widget, css):
    (found,) = find(widget, widgets.Button, css)
    return found


def feedback_html(widget):
    (area,) = find(widget, widgets.HTML, "course-feedback")
    return area.value


def set_answer(widget, answer):
    """Operate the inputs as a student would, for any kind."""
    kind = widget.spec["kind"]
    if kind == "claim":
        rating, _, reason = answer.partition(": ")
        find(widget, widgets.RadioButtons)[0].value = rating
        (box,) = find(widget, widgets.Textarea)
        box.value = reason
    elif kind == "choice":
        find(widget, widgets.RadioButtons)[0].value = answer
    elif kind == "multi":
        for box in find(widget, widgets.Checkbox):
            box.value = box.description in answer
    elif kind == "numeric":
        find(widget, widgets.Text)[0].value = answer
    elif kind == "reflection":
        find(widget, widgets.Textarea)[0].value = answer
    else:
        for menu in find(widget, widgets.Dropdown):
            menu.value = answer[menu.description]


# One wrong and one right answer per kind, as a student sets the inputs.
THROUGH_INPUTS = {
    "03.cost-covers": ("a", "b"),
    "03.cost-excludes": ({"Salaries"}, {"Research and ablation experiments", "Salaries",
                                        "Buying the GPUs"}),
    "03.v3-cost": ("2.788", "$5,576,000"),
    "03.licences": ({"Llama 3.1 405B": "Open weights", "DeepSeek-R1": "Closed",
                     "GPT-4o": "Closed"},
                    {"Llama 3.1 405B": "Open weights", "DeepSeek-R1": "Open weights",
                     "GPT-4o": "Closed"}),
    "03.stages": ({"Post-training": 1, "Pre-training": 2, "Context extension": 3},
                  {"Post-training": 3, "Pre-training": 1, "Context extension": 2}),
    "03.units": ({"Training compute": "hours", "GPU time": "flop", "API price": "usd"},
                 {"Training compute": "flop", "GPU time": "hours", "API price": "usd"}),
    "03.claim-cost": ("accurate", "loose"),
}


@pytest.mark.parametrize("exercise_id", sorted(THROUGH_INPUTS))
def test_every_kind_through_its_inputs_and_the_check_button(env, exercise_id):
    wrong, right = THROUGH_INPUTS[exercise_id]
    widget = course.exercise(exercise_id)
    set_answer(widget, wrong)
    button(widget, "course-check").click()
    assert widget.feedback.correct is False and widget.feedback.counted
    assert "Not yet —" in feedback_html(widget) and "Hint 1 of" in feedback_html(widget)
    set_answer(widget, right)
    button(widget, "course-check").click()
    assert widget.feedback.correct is True
    assert widget.feedback.message.startswith("Correct — ")
    assert "Correct —" in feedback_html(widget)
    assert [r["correct"] for r in records(env, exercise_id)] == [False, True]


def test_a_reflection_is_saved_not_graded(env):
    widget = course.exercise("03.reflect")
    set_answer(widget, "   ")
    button(widget, "course-check").click()
    assert widget.feedback.status == "invalid" and records(env, "03.reflect") == []
    set_answer(widget, "It signals efficiency to investors.")
    button(widget, "course-check").click()
    assert widget.feedback.correct is None and widget.feedback.status == "saved"
    assert "model answer" in feedback_html(widget)
    (saved,) = records(env, "03.reflect")
    assert saved["answer"] == "It signals efficiency to investors." and saved["correct"] is None


def test_submit_and_the_button_share_one_path(env):
    by_code = course.exercise("03.v3-cost")
    result = by_code.submit("5.6")
    assert find(by_code, widgets.Text)[0].value == "5.6"  # submit() shows the answer too
    by_code.submit("4")
    by_button = course.exercise("03.llama-flop")
    set_answer(by_button, "1e25")
    button(by_button, "course-check").click()
    assert result.message.startswith("Not yet") and by_button.feedback.message.startswith(
        "Not yet")
    assert by_code.submit("5.576").message == "Correct — 2,788,000 GPU-hours × $2 = 5.576 " \
                                              "million USD."


def test_an_identical_answer_twice_in_a_row_counts_once(env):
    widget = course.exercise("03.cost-covers")
    set_answer(widget, "a")
    check = button(widget, "course-check")
    check.click()
    first = widget.feedback
    check.click()  # a double click
    assert widget.feedback is first
    assert widget.submit("A") is first and widget.submit(" a ") is first
    assert len(records(env, "03.cost-covers")) == 1
    assert "Hint 1 of 2" in first.message
    numeric = course.exercise("03.v3-cost")
    one = numeric.submit("5.6")
    assert numeric.submit(" 5.6 ") is one and numeric.submit(5.6) is one
    assert len(records(env, "03.v3-cost")) == 1
    numeric.submit("5.7")
    numeric.submit("5.6")  # not in a row any more: counts again
    assert len(records(env, "03.v3-cost")) == 3


def test_the_same_answer_after_an_unreadable_one_is_shown_again_not_recorded(env):
    widget = course.exercise("03.v3-cost")
    first = widget.submit("5.7")
    unreadable = widget.submit("five point six")
    assert unreadable.correct is False and "could not read" in feedback_html(widget)
    assert widget.submit("5.7") is first is widget.feedback
    assert "could not read" not in feedback_html(widget)  # the screen shows 5.7's feedback
    assert len(records(env, "03.v3-cost")) == 1


def test_hints_then_the_solution_after_three_wrong_attempts(env):
    widget = course.exercise("03.cost-covers")
    hints = widget.spec["hints"]
    first = widget.submit("a")
    assert first.hints == (hints[0],) and "Solution" not in first.message
    second = widget.submit("c")
    assert second.hints == tuple(hints) and f"Hint 2 of 2: {hints[1]}" in second.message
    assert "Solution:" not in feedback_html(widget)
    third = widget.submit("a")
    assert third.solution and "Solution: (b)" in third.message
    assert "Solution:" in feedback_html(widget) and widget.solution_shown
    assert [r["kind"] for r in records(env, "03.cost-covers")] == ["attempt"] * 3


def test_show_solution_is_recorded_once_as_a_reveal(env):
    widget = course.exercise("03.share")
    show = button(widget, "course-show-solution")
    show.click()
    show.click()
    assert widget.feedback.status == "revealed" and "Solution: 0.17" in widget.feedback.message
    assert "Solution:" in feedback_html(widget)
    saved = records(env, "03.share")
    assert [(r["kind"], r["answer"], r["correct"]) for r in saved] == [("reveal", None, None)]
    assert course.exercise("03.share").solution_shown  # still shown after a rebuild


def test_instructor_mode_shows_the_solution_at_once(env, monkeypatch):
    monkeypatch.setenv("COURSE_INSTRUCTOR", "1")
    widget = course.exercise("03.licences")
    assert "Solution:" in feedback_html(widget) and widget.solution_shown
    assert "<details><summary>Solution" in widget._repr_mimebundle_()["text/html"]
    widget.reveal()
    assert records(env, "03.licences") == []  # an instructor's look is not a reveal
    monkeypatch.setenv("COURSE_INSTRUCTOR", "0")
    assert not course.exercise("03.licences").solution_shown


def test_instructor_mode_is_read_when_the_widget_is_built(env, monkeypatch):
    widget = course.exercise("03.stages")
    monkeypatch.setenv("COURSE_INSTRUCTOR", "1")
    assert not widget.solution_shown and "Solution" not in feedback_html(widget)


def test_rebuilding_restores_the_last_answer_and_status(env):
    first = course.exercise("03.cost-covers")
    first.submit("a")
    first.submit("c")
    again = course.exercise("03.cost-covers")  # the cell runs again
    assert find(again, widgets.RadioButtons)[0].value == "c"
    assert again.feedback.correct is False and not again.feedback.counted
    assert "Hint 2 of 2" in again.feedback.message
    assert "Restored your last answer" in feedback_html(again)
    assert again.submit("c") is again.feedback  # same answer again: not counted
    assert len(records(env, "03.cost-covers")) == 2
    third = again.submit("a")  # the third wrong attempt, counted across rebuilds
    assert third.solution is not None


@pytest.mark.parametrize("exercise_id, answer, restored", [
    ("03.cost-excludes", ["a", "d"], lambda w: [b.value for b in find(w, widgets.Checkbox)]
     == [True, False, False, True]),
    ("03.v3-cost", "$5.6M", lambda w: find(w, widgets.Text)[0].value == "$5.6M"),
    ("03.licences", {"llama": "Closed", "r1": "Closed", "gpt4o": "Closed"},
     lambda w: [d.value for d in find(w, widgets.Dropdown)] == ["Closed"] * 3),
    ("03.stages", ["post", "context", "pre"],
     lambda w: [d.value for d in find(w, widgets.Dropdown)] == [1, 3, 2]),
    ("03.units", {"compute": "usd", "time": "hours", "price": "flop"},
     lambda w: [d.value for d in find(w, widgets.Dropdown)] == ["usd", "hours", "flop"]),
    ("03.reflect", "My view.", lambda w: find(w, widgets.Textarea)[0].value == "My view."),
])
def test_rebuilding_restores_inputs_of_every_kind(env, exercise_id, answer, restored):
    course.exercise(exercise_id).submit(answer)
    assert restored(course.exercise(exercise_id))


HOSTILE = [None, "", "   ", "😀", "x" * 100_000, float("nan"), float("inf"), 10**400, b"5",
           bytearray(b"a"), object(), [], {}, [None], {None: None}, set(), True, -1, 1e300,
           "<script>alert(1)</script>", "\x00", "1e99999", "a" * 5000, [[["deep"]]],
           {"a": {"b": "c"}}, ("a", 1), 3 + 4j]


@pytest.mark.parametrize("exercise_id", ["00.articles", "03.cost-excludes", "03.v3-cost",
                                         "03.licences", "03.stages", "03.units",
                                         "03.claim-cost", "03.reflect"])
def test_no_input_raises_and_unreadable_answers_are_not_counted(env, exercise_id):
    widget = course.exercise(exercise_id)
    counted = 0
    for answer in HOSTILE:
        feedback = widget.submit(answer)
        assert isinstance(feedback.message, str) and feedback.message
        assert feedback.status != "error" and "Traceback" not in feedback.message
        if feedback.status == "invalid":
            assert not feedback.counted and feedback.message.startswith("Not an answer yet — ")
        counted += feedback.counted
    saved = records(env, exercise_id)
    assert len(saved) == counted  # exactly the readable answers were recorded
    if exercise_id != "03.reflect":  # any text is a reflection; for the others almost
        assert counted <= 1          # nothing hostile is readable (-1 is a number)


def test_empty_inputs_get_a_friendly_message(env):
    for exercise_id, fragment in [("00.articles", "No option chosen"),
                                  ("03.cost-excludes", "No option chosen"),
                                  ("03.v3-cost", "empty"),
                                  ("03.licences", "Choose a category for every item"),
                                  ("03.stages", "Give every item a position"),
                                  ("03.units", "Choose a match for every item")]:
        widget = course.exercise(exercise_id)
        button(widget, "course-check").click()
        assert widget.feedback.status == "invalid" and fragment in widget.feedback.message
        assert "did not count" in feedback_html(widget) or "Not an answer yet" in \
            feedback_html(widget)
        assert records(env, exercise_id) == []


def test_two_items_in_one_position_are_refused(env):
    widget = course.exercise("03.stages")
    set_answer(widget, {"Post-training": 1, "Pre-training": 1, "Context extension": 2})
    button(widget, "course-check").click()
    assert "Position 1 is given to 2 items" in widget.feedback.message


def test_the_dom_contract_classes(env):
    for exercise_id, spec in course.exercises.bank().items():
        widget = course.exercise(exercise_id)
        classes = widget._dom_classes
        assert "course-exercise" in classes and f"course-kind-{spec['kind']}" in classes
        assert f"course-exercise-id-{exercise_id.replace('.', '-')}" in classes
        assert button(widget, "course-check").description == "Check"
        assert button(widget, "course-show-solution").description == "Show solution"
        assert len(find(widget, widgets.HTML, "course-feedback")) == 1


def test_every_input_has_a_visible_label(env):
    inputs = (widgets.RadioButtons, widgets.Checkbox, widgets.Text, widgets.Textarea,
              widgets.Dropdown)
    for exercise_id in course.exercises.bank():
        widget = course.exercise(exercise_id)
        found = [w for w in descendants(widget) if isinstance(w, inputs)]
        assert found, exercise_id
        for field in found:
            assert field.description.strip(), (exercise_id, field)


def test_static_fallback_reads_as_the_question_and_options(env):
    for exercise_id, spec in course.exercises.bank().items():
        bundle = course.exercise(exercise_id)._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        text, markup = bundle["text/plain"], bundle["text/html"]
        assert text.startswith(f"Exercise {exercise_id}: ")
        assert "JupyterLab" in text and "<script" not in markup
        for label in spec.get("options", {}).values():
            assert label in text
        for label in list(spec.get("items", {}).values()) + list(spec.get("left", {}).values()):
            assert label in text
        assert "Solution" not in text and "Solution" not in markup
    claim = course.exercise("03.claim-cost")._repr_mimebundle_()["text/plain"]
    assert "built R1 on just $5.6 million" in claim


def test_unknown_ids_are_refused_with_suggestions(env):
    with pytest.raises(ValueError, match="Did you mean: 03.v3-cost"):
        course.exercise("03.v3-cots")
    with pytest.raises(ValueError, match="no exercise 3 in the bank"):
        course.exercise(3)


def test_an_unwritable_progress_location_is_shown_in_the_widget(fixture_bank, tmp_path,
                                                                monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")  # fails for root too (see test_progress.py)
    monkeypatch.setenv("COURSE_PROGRESS", str(blocker / "progress.json"))
    widget = course.exercise("03.share")
    widget.submit("0.2")
    assert "cannot be saved" in feedback_html(widget)
    assert widget.submit("0.17").correct is True
    assert "cannot be saved" in feedback_html(widget)  # the warning stays on screen
    rebuilt = course.exercise("03.share")  # the shared store remembers, in memory
    assert find(rebuilt, widgets.Text)[0].value == "0.17"


def test_a_given_store_is_used(fixture_bank, tmp_path):
    store = ProgressStore(tmp_path / "elsewhere.json")
    course.exercise("00.articles", store=store).submit("b")
    assert store.attempts("00.articles")[0]["correct"] is True


def test_every_submit_is_written_through(env):
    """Each new answer is on disk when submit() returns (bench/run.py measures how fast)."""
    widget = course.exercise("03.v3-cost")
    answers = ["5.6", "5.576", "$5.6M", "2.788"]
    for n in range(12):
        widget.submit(answers[n % len(answers)])
        assert records(env, "03.v3-cost")[-1]["answer"] == answers[n % len(answers)]
    assert len(records(env, "03.v3-cost")) == 12


def test_building_a_widget_changes_no_global_state(env):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        import matplotlib

        backend = matplotlib.get_backend()
        course.exercise("03.units")
        assert matplotlib.get_backend() == backend


def test_a_claim_takes_a_defensible_rating_with_a_reason(env):
    widget = course.exercise("03.claim-cost")
    assert [b.description for b in find(widget, widgets.Textarea)] == ["Your reason:"]
    set_answer(widget, "wrong")
    button(widget, "course-check").click()
    assert widget.feedback.status == "invalid" and "Your reason" in widget.feedback.message
    assert records(env, "03.claim-cost") == []  # no reason: not an attempt
    set_answer(widget, "wrong: R1's own training cost was never published anywhere")
    button(widget, "course-check").click()
    assert widget.feedback.correct is True and "can be defended" in widget.feedback.message
    assert "rates this claim loose" in widget.feedback.message
    assert "Evidence" in feedback_html(widget)
    (saved,) = records(env, "03.claim-cost")
    assert saved["answer"] == {"rating": "wrong",
                               "reason": "R1's own training cost was never published anywhere"}
    again = course.exercise("03.claim-cost")
    assert find(again, widgets.Textarea)[0].value.startswith("R1's own training cost")


def test_a_reflection_shows_its_rubric_after_saving_and_to_instructors(env, monkeypatch):
    widget = course.exercise("03.reflect")
    assert "Rubric" not in feedback_html(widget)
    widget.submit("It signals efficiency.")
    assert "Rubric" in feedback_html(widget) and "Adequate" in feedback_html(widget)
    monkeypatch.setenv("COURSE_INSTRUCTOR", "1")
    fresh = course.exercise("03.reflect", store=ProgressStore(env.parent / "other.json"))
    assert "Rubric" in feedback_html(fresh) and "model answer" in feedback_html(fresh)
    assert "Rubric" in fresh._repr_mimebundle_()["text/html"]


class _FailingStore(ProgressStore):
    """A store whose disk write fails with an error the store does not handle itself."""

    def record(self, *args, **kwargs):
        raise OSError("the disk is full")


@pytest.mark.parametrize("action", ["reveal", "submit"])
def test_a_failed_save_is_shown_not_swallowed(env, action):
    widget = course.exercise("03.share", store=_FailingStore(env))
    feedback = widget.reveal() if action == "reveal" else widget.submit("0.2")
    assert feedback.status == "error" and widget.feedback is feedback
    assert "the disk is full" in feedback.message and "disk is full" in feedback_html(widget)
