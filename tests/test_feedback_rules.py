"""The feedback rules, checked over the whole real bank.

- A first miss never hands over the answer: for every exercise and every wrong answer we
  can enumerate (each wrong option or rating, each option toggled, every option ticked, each
  item misplaced or swapped, each numeric feedback range and each common slip), the message a
  student sees after one wrong attempt (the feedback and the first hint) contains neither the
  right option's text or key nor the numeric answer in its usual spellings.
- Multi-part kinds name the wrong items and how many (from the second miss where naming them
  would give the answer away); numeric slips are diagnosed.
"""

from __future__ import annotations

import re

import pytest
from helpers.numbers import number_forms

from course.exercises import bank, kind_of
from course.exercises.feedback import compose

BANK = bank()


def first_miss(kind, answer) -> str:
    graded = kind.grade(answer)
    assert graded.correct is False, (kind.spec["id"], answer)
    return compose(kind, graded, wrong_attempts=1, solution_shown=False, counted=True).message


def wrong_answers(spec):
    """Every wrong answer of a simple shape: one thing changed from the right answer."""
    kind, right = spec["kind"], spec.get("answer")
    if kind in ("choice", "claim"):
        return [k for k in spec["options"] if k != right and k not in spec.get("defensible", {})]
    if kind == "multi":
        toggled = [[k for k in spec["options"] if (k in right) != (k == flip)]
                   for flip in spec["options"]]
        return ([t for t in toggled if t] + [[k] for k in spec["options"] if k not in right]
                + [list(spec["options"])])  # every option ticked
    if kind == "numeric":
        values = [(m["low"] + m["high"]) / 2 for m in spec["feedback"]]
        return values + [right * 10, right / 1000, -right] + ([1 / right] if right else [])
    if kind in ("categorise", "match"):
        targets = spec["categories"] if kind == "categorise" else list(spec["right"])
        return [{**right, item: t} for item in right for t in targets if t != right[item]]
    if kind == "order":
        swaps = [right[:n] + [right[n + 1], right[n]] + right[n + 2:]
                 for n in range(len(right) - 1)]
        return swaps + [right[::-1]]
    if kind == "factcheck":
        key = spec["evidence"]
        others = [c["id"] for c in spec["candidates"] if c["id"] not in key]
        check = {"sentence": "one sentence of reasons, long enough to count"}
        verdicts = [v for v in spec["options"] if v != right and v not in spec["defensible"]]
        return ([{**check, "verdict": v, "evidence": key} for v in verdicts]
                + [{**check, "verdict": right, "evidence": [o]} for o in others]
                + [{**check, "verdict": right, "evidence": others[:2]},
                   {**check, "verdict": right, "evidence": [key[0], *others[:2]]},
                   {**check, "verdict": (verdicts or [right])[0], "evidence": others}])
    return []


def leaks(spec, answer, message: str) -> list[str]:
    """What of the answer the message gives away."""
    kind, found = spec["kind"], []
    lowered = message.casefold()
    if kind in ("choice", "claim"):
        text = spec["options"][spec["answer"]]
        if text.casefold() in lowered:
            found.append(text)
        key = spec["answer"]
        pattern = (rf"\b{re.escape(key)}\b" if kind == "claim" or len(key) > 2
                   else rf"\({re.escape(key)}\)|\boption {re.escape(key)}\b")
        if re.search(pattern, message, re.I):
            found.append(key)
    elif kind == "multi":
        found += [spec["options"][k] for k in spec["answer"]
                  if spec["options"][k].casefold() in lowered]
        if len(answer) == len(spec["options"]):  # all ticked: naming a wrong tick gives the rest
            diagnosis = message.partition("\nHint ")[0].casefold()
            found += [text for k, text in spec["options"].items()
                      if k not in spec["answer"] and text.casefold() in diagnosis]
    elif kind == "numeric":
        found += [f for f in number_forms(spec["answer"], spec["scale"])
                  if re.search(rf"(?<![\d.]){re.escape(f)}(?![\d])", message)]
    elif kind in ("categorise", "match"):
        # Hints may name every category (that is how they teach the criteria); the
        # diagnosis must not say where a misplaced item belongs.
        diagnosis = message.partition("\nHint ")[0]
        items = spec["items"] if kind == "categorise" else spec["left"]
        targets = ({c: c for c in spec["categories"]} if kind == "categorise"
                   else spec["right"])
        for item, target in spec["answer"].items():
            word = rf"(?<!\w){re.escape(targets[target])}(?!\w)"
            if (answer[item] != target and re.search(word, diagnosis, re.I)
                    and not re.search(word, items[item], re.I)):
                found.append(f"{item} → {targets[target]}")
            if len(targets) == 2 and answer[item] != target and \
                    items[item].casefold() in diagnosis.casefold():
                found.append(f"{item} named: with two choices, its place is the other one")
    elif kind == "order":
        whole = " → ".join(spec["items"][k] for k in spec["answer"])
        if whole.casefold() in lowered:
            found.append(whole)
    elif kind == "factcheck":
        if answer["verdict"] != spec["answer"] and re.search(rf"\b{spec['answer']}\b", message,
                                                             re.I):
            found.append(spec["answer"])
        found += [f"key evidence {c['id']}" for c in spec["candidates"]
                  if c["id"] in spec["evidence"] and c["id"] not in answer["evidence"]
                  and (c["label"].casefold() in lowered or c["id"] in message)]
    return found


CASES = [(i, n, a) for i, spec in BANK.items() for n, a in enumerate(wrong_answers(spec))]


def test_every_graded_kind_has_enumerated_wrong_answers():
    graded = {spec["kind"] for spec in BANK.values() if spec["kind"] != "reflection"}
    assert graded == {BANK[i]["kind"] for i, _, _ in CASES}
    assert len(CASES) > 300


@pytest.mark.parametrize("exercise_id", sorted(BANK))
def test_a_first_miss_never_contains_the_answer(exercise_id):
    spec = BANK[exercise_id]
    kind = kind_of(spec)
    problems = []
    for answer in wrong_answers(spec):
        message = first_miss(kind, answer)
        for leak in leaks(spec, answer, message):
            problems.append(f"answer {answer!r} -> gives away {leak!r}:\n{message}")
    assert not problems, "\n\n".join(problems)


def test_the_leak_check_catches_a_leak():
    # The messages quote the bank's own texts, so rewording an option or a label cannot break it.
    spec = BANK["06.merger-presumption"]
    assert leaks(spec, "a", f"Not yet — {spec['options'][spec['answer']]}.")
    numeric = BANK["03.v3-flop"]
    assert leaks(numeric, 1.0, "Not yet — it is about 3.3e24 FLOP.")
    assert leaks(numeric, 1.0, "Not yet — it is about 3.3e+24 FLOP.")
    assert not leaks(numeric, 1.0, "Not yet — Hint 1 of 2: multiply 6 × 37e9 × 14.8e12.")
    check = BANK["08.fc-outperforms"]
    picked = {"verdict": "wrong", "evidence": ["r1-price-output"], "sentence": "s"}
    assert leaks(check, picked, "Not yet — the course rates it loose.")
    label = {c["id"]: c["label"] for c in check["candidates"]}
    assert leaks(check, picked, f"Not yet — tick “{label[check['evidence'][0]]}”.")
    assert not leaks(check, picked, f"Not yet — You ticked “{label['r1-price-output']}”, which "
                                    "does not bear on this claim.")


@pytest.mark.parametrize("kind_name", ["multi", "categorise", "match", "order"])
def test_multi_part_feedback_names_the_wrong_items_and_how_many(kind_name):
    for spec in (s for s in BANK.values() if s["kind"] == kind_name):
        kind = kind_of(spec)
        for answer in wrong_answers(spec):
            message = first_miss(kind, answer)
            # where naming them would give the answer (everything ticked, or only two
            # categories), the wrong items are named from the second miss on
            second = compose(kind, kind.grade(answer), wrong_attempts=2, solution_shown=False,
                             counted=True).message
            if kind_name == "multi":
                extra = [k for k in answer if k not in spec["answer"]]
                missed = [k for k in spec["answer"] if k not in answer]
                assert f"{len(extra) + len(missed)} choice" in message, message
                named = second if len(answer) == len(spec["options"]) else message
                assert all(spec["options"][k] in named for k in extra), named
            else:
                items = spec["items"] if kind_name != "match" else spec["left"]
                order = answer if kind_name == "order" else None
                wrong = ([k for k, r in zip(order, spec["answer"], strict=True) if k != r]
                         if order else [k for k in items if answer[k] != spec["answer"][k]])
                assert f"{len(wrong)} of the {len(items)} items" in message, message
                two = kind_name in ("categorise", "match") and len(kind.targets()) == 2
                named = second if two else message
                assert all(f"“{items[k]}”" in named for k in wrong), named


def test_factcheck_feedback_names_only_the_students_own_picks_and_counts_the_missing_key():
    specs = [s for s in BANK.values() if s["kind"] == "factcheck"]
    assert specs
    for spec in specs:
        kind, key = kind_of(spec), spec["evidence"]
        labels = {c["id"]: c["label"] for c in spec["candidates"]}
        for answer in wrong_answers(spec):
            message = first_miss(kind, answer)
            stray = [i for i in answer["evidence"] if i not in key]
            missed = len([i for i in key if i not in answer["evidence"]])
            assert all(f"“{labels[i]}”, which does not bear" in message for i in stray), message
            if missed:
                assert re.search(rf"\b{missed} items? of key evidence (is|are) not ticked",
                                 message), message
            assert "The course's check" not in message and "Key evidence:" not in message


def test_order_feedback_diagnoses_the_students_own_order():
    spec = next(s for s in BANK.values() if s["kind"] == "order")
    right = spec["answer"]
    swapped = [right[0], right[2], right[1], *right[3:]]
    message = first_miss(kind_of(spec), swapped)
    items = spec["items"]
    assert f"you put “{items[right[2]]}” before “{items[right[1]]}”" in message


@pytest.mark.parametrize("exercise_id, answer, slip", [
    ("03.v3-flop", "3.3e25", "power of ten"),
    ("03.v3-flop", "3.3e23", "power of ten"),
    ("04.output-ratio", "0.0365", "upside down"),
    ("04.day6-margin", "5.45", "fraction where a percentage"),
    ("04.abnormal-return", "15.51", "sign"),
    ("06.hhi-80-10-10", "-6600", "sign"),
])
def test_numeric_slips_are_diagnosed_without_the_answer(exercise_id, answer, slip):
    spec = BANK[exercise_id]
    message = first_miss(kind_of(spec), answer)
    assert slip in message
    assert not leaks(spec, answer, message)
