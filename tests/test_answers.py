"""course.answers: forgiving, safe reading of students' answers.

Examples of every accepted form, friendly refusals of hostile input, and property
tests over thousands of generated inputs: the parsers never raise anything but
AnswerError, and formatting a float then parsing it gives the float back.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.answers import MAX_CHARS, AnswerError, parse_number, parse_text, read_number
from course.formatting import format_number

# --- numbers: accepted forms ------------------------------------------------------------------


@pytest.mark.parametrize("text, unit, expected", [
    ("5.576", None, 5.576),
    (" 5.576 ", None, 5.576),
    ("\t5.576\n", None, 5.576),
    ("5,576,000", None, 5_576_000.0),
    ("5 576 000", None, 5_576_000.0),
    ("5_576_000", None, 5_576_000.0),
    ("5\u202f576\u202f000", None, 5_576_000.0),
    ("$5.6M", "USD", 5_600_000.0),
    ("$5,576,000", "USD", 5_576_000.0),
    ("US$ 5.6 million", "USD", 5_600_000.0),
    ("5.6 million dollars", "USD", 5_600_000.0),
    ("USD 5.6 million", "USD", 5_600_000.0),
    ("5.6 million", None, 5_600_000.0),
    ("5.6 Million", None, 5_600_000.0),
    ("5.6m", None, 5_600_000.0),
    ("5.6 bn", None, 5.6e9),
    ("671B", None, 671e9),
    ("14.8T", None, 14.8e12),
    ("2,788 thousand", None, 2_788_000.0),
    ("5.6e6", None, 5.6e6),
    ("5.6E+6", None, 5.6e6),
    ("1/10", None, 0.1),
    ("3/4", None, 0.75),
    ("-1/2", None, -0.5),
    ("17%", None, 0.17),
    ("17 percent", None, 0.17),
    ("17%", "%", 17.0),
    ("17", "%", 17.0),
    ("−3", None, -3.0),
    ("–3", None, -3.0),
    ("+3", None, 3.0),
    ("-$5", "USD", -5.0),
    ("3.8×10^25", None, 3.8e25),
    ("3.8 x 10^25", None, 3.8e25),
    ("3.8*10**25", None, 3.8e25),
    ("3.8·10^25", None, 3.8e25),
    ("3.8×10²⁵", None, 3.8e25),
    ("10^25", None, 1e25),
    ("10⁻³", None, 1e-3),
    ("3.8e25", None, 3.8e25),
    ("1e25 FLOP", "FLOP", 1e25),
    ("1e25 FLOPs", "FLOP", 1e25),
    ("2.788 million GPU hours", "GPU-hours", 2_788_000.0),
    ("2,788,000 GPU-hours", "GPU-hours", 2_788_000.0),
    ("$2/GPU-hour", "USD per GPU-hour", 2.0),
    ("$2", "USD per GPU-hour", 2.0),
    (".5", None, 0.5),
    ("5.", None, 5.0),
    ("~5", None, 5.0),
    ("about 5", None, 5.0),
    ("３．５", None, 3.5),
    ("0", None, 0.0),
    ("-0", None, 0.0),
])
def test_numbers_in_common_forms(text, unit, expected):
    assert parse_number(text, unit=unit) == pytest.approx(expected, rel=1e-15)


def test_multiplier_and_percent_are_reported():
    assert read_number("5.6M").multiplied and read_number("17%").multiplied
    assert not read_number("5600000").multiplied and not read_number("5.6e6").multiplied


def test_unit_aliases_extend_the_accepted_words():
    assert parse_number("2 hours", unit="GPU-hours", aliases=["hours"]) == 2.0
    with pytest.raises(AnswerError, match="GPU-hours"):
        parse_number("2 hours", unit="GPU-hours")


@pytest.mark.parametrize("value", [5, 5.576, Fraction(1, 10), Decimal("5.576"),
                                   np.float64(5.576), np.int64(5)])
def test_real_numbers_from_code(value):
    assert parse_number(value) == pytest.approx(float(value))


# --- numbers: refusals with a friendly message ------------------------------------------------

@pytest.mark.parametrize("answer, unit, fragment", [
    ("", None, "empty"),
    ("   ", "USD", "empty"),
    ("five", None, "could not read 'five'"),
    ("😀", None, "could not read"),
    ("nan", None, "not a finite number"),
    ("NaN", None, "not a finite number"),
    ("inf", None, "not a finite number"),
    ("-Infinity", None, "not a finite number"),
    ("1e999", None, "not a finite number"),
    ("1e99999", None, "power of ten"),
    ("10^99999", None, "power of ten"),
    ("1e101", None, "far too large"),
    ("1/0", None, "divides by zero"),
    ("5,6", None, "decimals with a point"),
    ("1,2345", None, "group thousands"),
    ("--5", None, "two signs"),
    ("5..6", None, "Type a number"),
    ("0x10", None, "Type a number"),
    ("5 GPU-hours", "USD", "in USD"),
    ("$5", None, "without a unit"),
    ("17%", "USD", "not a percentage"),
    ("5 apples", None, "'apples'"),
    ("5 - 6", None, "Type a number"),
    ("x" * (MAX_CHARS + 1), None, "characters long"),
    ("5" * 100_000, None, "100,000 characters"),
    ("1e25 FLOP", "USD", "in USD"),
])
def test_bad_numbers_get_a_message_saying_what_is_expected(answer, unit, fragment):
    with pytest.raises(AnswerError, match=fragment) as caught:
        parse_number(answer, unit=unit)
    assert "Traceback" not in str(caught.value)


@pytest.mark.parametrize("answer", [None, [5], {"a": 5}, b"5", bytearray(b"5"), object(), True,
                                    False, float("nan"), float("inf"), -float("inf"),
                                    10**400, pytest.param(10**5000, id="10**5000"),
                                    Decimal("NaN"), 1j, set(), (5,)])
def test_wrong_types_and_non_finite_numbers_are_refused(answer):
    with pytest.raises(AnswerError, match="Type a number|finite|too large"):
        parse_number(answer)


def test_the_message_names_what_was_given():
    with pytest.raises(AnswerError, match="got nothing"):
        parse_number(None)
    with pytest.raises(AnswerError, match="got a list"):
        parse_number([1])


# --- numbers: properties ---------------------------------------------------------------------

finite = st.floats(min_value=-1e100, max_value=1e100, allow_nan=False, allow_infinity=False)


@settings(max_examples=2000, deadline=None)
@given(finite)
def test_repr_of_a_float_parses_back_exactly(value):
    assert parse_number(repr(value)) == value


@settings(max_examples=1000, deadline=None)
@given(finite)
def test_grouped_thousands_parse_back_exactly(value):
    assert parse_number(f"{value:,}") == value


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=-10**15, max_value=10**15))
def test_integers_with_and_without_separators(value):
    assert parse_number(f"{value:,}") == parse_number(str(value)) == float(value)
    assert parse_number(f"{value:_}") == float(value)


@settings(max_examples=500, deadline=None)
@given(st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False),
       st.sampled_from([("k", 3), (" thousand", 3), ("M", 6), (" million", 6), ("bn", 9),
                        (" billion", 9)]))
def test_multiplier_words_scale_by_powers_of_ten(mantissa, suffix):
    word, power = suffix
    assert parse_number(f"{mantissa}{word}") == float(f"{mantissa}e{power}")


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=-10**6, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_fractions_divide(top, bottom):
    assert parse_number(f"{top}/{bottom}") == top / bottom


@settings(max_examples=3000, deadline=None)
@given(st.one_of(
    st.text(max_size=60),
    st.text(alphabet="0123456789.,-+eE/%$ ×^*kmMbBtT ", max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=300),
    st.from_regex(r"[-+−]?\$?[0-9]{1,4}([,. ][0-9]{1,4}){0,3}(e[-+]?[0-9]{1,4})?"
                  r"( ?(k|M|million|bn|%|USD|FLOP))?", fullmatch=True),
))
def test_no_text_ever_raises_anything_but_a_friendly_answer_error(text):
    for unit in (None, "USD", "%", "million USD", "FLOP"):
        try:
            value = parse_number(text, unit=unit)
        except AnswerError as error:
            assert str(error) and "Traceback" not in str(error)
        else:
            assert math.isfinite(value) and abs(value) <= 1e100


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.binary(),
                 st.lists(st.integers()), st.dictionaries(st.text(), st.integers()),
                 st.complex_numbers(), st.fractions(), st.decimals()))
def test_no_value_of_any_type_raises_anything_but_answer_error(value):
    try:
        result = parse_number(value)
    except AnswerError:
        pass
    else:
        assert math.isfinite(result)


def test_format_number_output_parses_back():
    for value, unit in [(5_576_000.0, "USD"), (5.576, None), (3.8e25, "FLOP"), (0.17, None),
                        (-1234.5, None), (0.0, None), (2e-6, None)]:
        assert parse_number(format_number(value, unit), unit=unit) == pytest.approx(value,
                                                                                 rel=1e-3)


# --- text -----------------------------------------------------------------------------------


def test_text_answers():
    assert parse_text("  An answer.  ") == "An answer."
    for bad, fragment in [("", "empty"), ("   ", "empty"), (None, "got nothing"),
                          (["x"], "got a list"), ("x" * 100_000, "100,000 characters")]:
        with pytest.raises(AnswerError, match=fragment):
            parse_text(bad)
