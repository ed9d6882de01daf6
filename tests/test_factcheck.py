"""The ``factcheck`` kind: grading rule, feedback, validation, and its widget from Python.

The fixture bank's ``03.check-cost`` is the oracle: claim ``cost-5-6m-built-r1`` (loose),
key evidence ``v3-report-table-1`` and ``r1-paper-no-cost``, two items that do not bear on
it, and ``wrong`` defensible. Widgets are real ipywidgets with a real progress file.
"""

from __future__ import annotations

import ipywidgets as widgets
import pytest
from helpers.exercise_fixtures import fixture_bank, progress_file  # noqa: F401

import course
from course.answers import AnswerError
from course.exercises import BankError, bank, grade, kind_of
from course.exercises.feedback import compose
from course.progress import ProgressStore

ID = "03.check-cost"
SENTENCE = "The figure prices V3's final run, not R1."
KEY = ["v3-report-table-1", "r1-paper-no-cost"]
STRAY = ["r1-price-output", "deepseek-app-store-1"]


def check(verdict="loose", evidence=("v3-report-table-1",), sentence=SENTENCE):
    return {"verdict": verdict, "evidence": list(evidence), "sentence": sentence}


@pytest.fixture
def spec(fixture_bank):
    return bank()[ID]


@pytest.fixture
def env(fixture_bank, progress_file):
    return progress_file


# --- the grading rule --------------------------------------------------------------------------

@pytest.mark.parametrize("answer, correct", [
    (check(), True),                                               # verdict and one key item
    (check(evidence=KEY), True),                                   # the whole key
    (check(evidence=[KEY[0], STRAY[0]]), True),                    # one stray pick is forgiven
    (check(evidence=[KEY[0], *STRAY]), False),                     # two are not
    (check(evidence=STRAY[:1]), False),                            # no key evidence
    (check(verdict="accurate", evidence=KEY), False),              # the verdict does not hold
    (check(verdict="wrong", evidence=KEY), True),                  # defensible, with a sentence
    (check(verdict="wrong", evidence=STRAY[:1]), False),           # ...but evidence still counts
    (check(verdict="LOOSE ", evidence=["V3-Report-Table-1"]), True),  # any case and spacing
])
def test_the_grading_rule(spec, answer, correct):
    assert grade(spec, answer).correct is correct


@pytest.mark.parametrize("answer, fragment", [
    (check(verdict=None), "choose a verdict"),
    (check(evidence=[]), "tick the evidence"),
    (check(sentence="Too short to count."), "6 words or more"),
    ({}, "choose a verdict; tick the evidence that decides the claim; write one sentence"),
    ("loose", "Answer with a verdict"),
    ({**check(), "evidence": "v3-report-table-1"}, "list of ids"),
    (check(evidence=["no-such-item"]), "not an option"),
    (check(verdict="maybe"), "not an option"),
    (check(sentence=["a", "list"]), "plain text"),
])
def test_an_incomplete_check_is_not_an_answer(spec, answer, fragment):
    with pytest.raises(AnswerError, match=fragment):
        grade(spec, answer)


def test_the_recorded_answer_is_normalised(spec):
    recorded = grade(spec, check(verdict=" Loose", evidence=["r1-paper-no-cost",
                                                             "V3-REPORT-TABLE-1"],
                                 sentence="  The figure   prices V3,\nnot R1 at all. ")).answer
    assert recorded == {"verdict": "loose", "evidence": ["v3-report-table-1", "r1-paper-no-cost"],
                        "sentence": "The figure prices V3, not R1 at all."}


# --- what a wrong answer is told, and what waits ----------------------------------------------

def first_miss(spec, answer) -> str:
    kind = kind_of(spec)
    graded = kind.grade(answer)
    assert graded.correct is False
    return compose(kind, graded, wrong_attempts=1, solution_shown=False, counted=True).message


def test_a_first_miss_names_own_picks_and_counts_missing_key_but_never_gives_the_key(spec):
    labels = {c["id"]: c["label"] for c in spec["candidates"]}
    message = first_miss(spec, check(verdict="accurate", evidence=STRAY))
    assert "Your verdict, “accurate”, does not hold." in message
    assert spec["feedback"]["accurate"] in message
    for item in STRAY:
        assert f"“{labels[item]}”, which does not bear on this claim." in message
    assert "2 items of key evidence are not ticked." in message
    assert "None of the items you ticked decides the claim." in message
    for item in KEY:
        assert labels[item] not in message and item not in message
    assert "loose" not in message.casefold()


def test_a_right_verdict_with_weak_evidence_is_told_which_part_fails(spec):
    message = first_miss(spec, check(evidence=[KEY[0], *STRAY]))
    assert "at most 1 item that does not bear on the claim" in message
    assert "1 item of key evidence is not ticked." in message
    assert "Your verdict holds; the evidence is what needs another look." in message


def test_the_courses_check_and_the_differences_come_with_a_correct_answer(spec):
    kind = kind_of(spec)
    graded = kind.grade(check(verdict="wrong", evidence=[KEY[0], STRAY[0]]))
    feedback = compose(kind, graded, wrong_attempts=0, solution_shown=False, counted=True)
    message = feedback.message
    assert message.startswith("Correct — “Wrong” can be defended:")
    assert "The course rates this claim **loose**" in graded.feedback
    assert "The course's check — verdict: loose." in message
    assert "Where your check differs:" in message
    assert "Verdict: you chose “wrong”, which can be defended; the course says “loose”." in message
    assert "You ticked “R1's output price”, which does not bear on the claim." in message
    assert "Key evidence you did not tick: “The R1 paper on cost”." in message
    assert f"Your sentence: “{SENTENCE}”" in message


def test_a_check_that_matches_says_so(spec):
    kind = kind_of(spec)
    feedback = compose(kind, kind.grade(check(evidence=KEY)), wrong_attempts=0,
                       solution_shown=False, counted=True)
    assert "Nowhere: your verdict and evidence match the course's." in feedback.message


# --- the bank refuses what would mislead -------------------------------------------------------

FIXTURE = ('[[exercise]]\nid = "03.fc"\nkind = "factcheck"\nprompt = "Check it."\n'
           'claim = "{claim}"\nanswer = "{answer}"\nevidence = {evidence}\nhints = ["h"]\n'
           'solution = "s"\nexplanation = "e"\n' + "".join(
               f'\n[[exercise.candidates]]\nid = "{i}"\nlabel = "{i} label"\nwhy = "w"\n'
               for i in ("v3-report-table-1", "r1-paper-no-cost", "{extra}")))


@pytest.mark.parametrize("fields, field, fragment", [
    ({"answer": "accurate"}, "answer", "differs from the claim's status"),
    ({"evidence": '["v3-gpus"]'}, "evidence", "not among the candidates"),
    ({"extra": "v3-report-table-1"}, "candidates", "offered twice"),
    ({"extra": "no-such-fact"}, "candidates", "neither a facts.csv id nor an excerpt"),
    ({"evidence": '["v3-report-table-1", "r1-paper-no-cost"]'}, "candidates",
     "at least two items that do not bear"),
    ({"claim": "open-source-cia-technologies", "answer": "wrong"}, "claim", "is a typo"),
])
def test_the_bank_refuses_a_misleading_workbench_item(tmp_path, fields, field, fragment):
    values = {"claim": "cost-5-6m-built-r1", "answer": "loose",
              "evidence": '["v3-report-table-1"]', "extra": "r1-price-output", **fields}
    path = tmp_path / "03_the_cost_of_training.toml"
    path.write_text(FIXTURE.format(**values), encoding="utf-8")
    with pytest.raises(BankError, match=f"field '{field}'.*{fragment}"):
        bank(tmp_path)


# --- the widget, driven from Python ------------------------------------------------------------

def descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from descendants(child)


def find(widget, kind):
    return [w for w in descendants(widget) if isinstance(w, kind)]


def operate(widget, verdict, ticked, sentence):
    """Choose, tick and type as a student would, then press Check."""
    find(widget, widgets.RadioButtons)[0].value = verdict
    for box in find(widget, widgets.Checkbox):
        box.value = any(box.description.endswith(label) for label in ticked)
    find(widget, widgets.Textarea)[0].value = sentence
    (check_button,) = [b for b in find(widget, widgets.Button) if "course-check" in b._dom_classes]
    check_button.click()


def feedback_html(widget):
    return next(w for w in find(widget, widgets.HTML) if "course-feedback" in w._dom_classes).value


def test_the_inputs_are_three_labelled_steps_with_readable_evidence(env, spec):
    widget = course.exercise(ID)
    assert find(widget, widgets.RadioButtons)[0].description == "1. Your verdict:"
    boxes = find(widget, widgets.Checkbox)
    assert [b.description for b in boxes] == [f"[{c['confidence']}] {c['label']}"
                                              for c in spec["candidates"]]
    assert find(widget, widgets.Textarea)[0].description == "3. Your sentence:"
    readers = [w.value for w in find(widget, widgets.HTML) if "<details" in w.value
               and "Read this" in w.value]
    assert len(readers) == len(spec["candidates"])
    table = course.sources.source("v3-report-table-1").text
    assert any("$5.576M" in r and "Read this source" in r for r in readers)
    assert "2664K" in table and any("2664K" in r for r in readers)  # the verbatim text
    prompt = widget.children[0].value
    claim = "The startup behind DeepSeek says it built R1 on just $5.6 million"
    assert f"<mark>{claim}</mark>" in prompt
    assert "Read the whole paragraph" in prompt


def test_a_check_through_the_inputs_is_recorded_and_read_back(env):
    widget = course.exercise(ID)
    operate(widget, "accurate", ["R1's output price"], "It is the cost DeepSeek reported.")
    assert widget.feedback.correct is False and widget.feedback.counted
    html = feedback_html(widget)
    assert "Not yet" in html and "The course's check" not in html
    operate(widget, "loose", ["DeepSeek-V3 report, Table 1"], SENTENCE)
    assert widget.feedback.correct is True
    assert "The course's check" in feedback_html(widget)
    saved = ProgressStore(env).load()[ID]
    assert [r["correct"] for r in saved] == [False, True]
    assert saved[-1]["answer"] == {"verdict": "loose", "evidence": ["v3-report-table-1"],
                                   "sentence": SENTENCE}
    again = course.exercise(ID)  # the cell runs again
    assert find(again, widgets.RadioButtons)[0].value == "loose"
    assert [b.value for b in find(again, widgets.Checkbox)] == [True, False, False, False]
    assert find(again, widgets.Textarea)[0].value == SENTENCE
    assert again.feedback.correct is True and "Restored your last answer" in feedback_html(again)
    assert "Where your check differs" in again.feedback.message


def test_an_incomplete_check_is_not_counted(env):
    widget = course.exercise(ID)
    operate(widget, "loose", [], "Too short.")
    assert widget.feedback.status == "invalid" and not widget.feedback.counted
    assert "tick the evidence" in widget.feedback.message
    assert ProgressStore(env).load().get(ID, []) == []


def test_show_solution_gives_the_courses_check_without_differences(env):
    widget = course.exercise(ID)
    shown = widget.reveal()
    assert "The course's check — verdict: loose." in shown.message
    assert "Where your check differs" not in shown.message
    assert "The R1 paper on cost" in feedback_html(widget)


def test_three_wrong_checks_show_the_solution_and_the_differences(env):
    widget = course.exercise(ID)
    for verdict in ("accurate", "unverifiable", "accurate"):
        operate(widget, verdict, ["R1's output price", "DeepSeek's app in the App Store"],
                f"My reason for {verdict} is this sentence here.")
    assert widget.feedback.solution is not None
    assert "Where your check differs:" in widget.feedback.message
    assert "Verdict: you chose “accurate”; the course says “loose”." in widget.feedback.message


def test_the_static_text_lists_claim_verdicts_and_candidates(env, spec):
    text = course.exercise(ID)._repr_mimebundle_()["text/plain"]
    assert "Claim: “The startup behind DeepSeek says it built R1 on just $5.6 million”" in text
    for label in spec["options"].values():
        assert label in text
    for item in spec["candidates"]:
        assert f"[{item['confidence']}] {item['label']} ({item['type']} {item['id']})" in text
    assert "Solution" not in text and "The course's check" not in text


def test_an_edited_excerpt_reaches_the_bank_without_a_restart(data_copy):
    def candidates():
        return [c for spec in bank().values() if spec["kind"] == "factcheck"
                for c in spec["candidates"] if c["type"] == "source"]

    excerpt = candidates()[0]["id"]
    path = data_copy / "sources" / f"{excerpt}.toml"
    opening = "text = " + "'" * 3 + "\n"
    path.write_text(path.read_text(encoding="utf-8").replace(
        opening, opening + "An author's new first line.\n", 1), encoding="utf-8")
    assert any(c["id"] == excerpt and c["text"].startswith("An author's new first line.")
               for c in candidates())
