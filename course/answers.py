"""Reading what a student types, numbers and text, without ``eval`` or a traceback.

Anything unreadable raises :class:`AnswerError`, whose message says what form is expected.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["AnswerError", "MAX_CHARS", "MAX_MAGNITUDE", "Reading", "parse_number", "parse_text",
           "read_number", "shown"]

MAX_CHARS = 200  # the longest text read_number accepts
MAX_MAGNITUDE = 1e100  # the largest absolute value accepted

NUMBER_FORMS = "a number such as 5.576, 5,576,000, 5.6 million, 5.6e6 or 1/10"


class AnswerError(ValueError):
    """An answer that cannot be read; ``str(error)`` is a message for the student."""


@dataclass(frozen=True)
class Reading:
    """A number as written: its value with any multiplier (``M``, ``%``) applied."""

    value: float
    multiplied: bool = False


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUPERSCRIPT_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+")
_DASHES = str.maketrans({"−": "-", "‒": "-", "–": "-", "⁄": "/", "∕": "/", "÷": "/",
                         "’": "'", "′": "'"})


def _normalise(text: str) -> str:
    """Fold the many ways of writing characters to plain ones; collapse spaces."""
    text = _SUPERSCRIPT_RUN.sub(lambda m: "^" + m.group(0).translate(_SUPERSCRIPTS), text)
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return " ".join(text.split())


def shown(text, limit: int = 40) -> str:
    """A short, safe rendering of what the student gave, for a message.

    Examples
    --------
    >>> shown("  five  "), shown(None), shown([1]), shown(2.5)
    ("'five'", 'nothing', 'a list', '2.5')
    """
    if text is None:
        return "nothing"
    if not isinstance(text, str):
        if isinstance(text, bool | float) or isinstance(text, int) and abs(text) < 10**15:
            return repr(text)
        name = type(text).__name__
        return f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[:limit] + "…")


_MULTIPLIERS = {
    "k": 3, "thousand": 3, "thousands": 3,
    "m": 6, "mn": 6, "mio": 6, "million": 6, "millions": 6,
    "b": 9, "bn": 9, "billion": 9, "billions": 9,
    "t": 12, "tn": 12, "trillion": 12, "trillions": 12,
}
_APPROX = re.compile(r"^(?:~|≈|about |around |approx\.? |approximately |roughly |c\. )\s*", re.I)
_SIGN_CURRENCY = re.compile(r"^(?P<s1>[+-])?\s*(?P<cur>us\$|\$|usd\b)?\s*(?P<s2>[+-])?\s*", re.I)
# A bare power of ten (10^25), or digits with optional thousands groups (one separator kind:
# comma, space, underscore or apostrophe), an optional fraction, then an optional exponent in
# one of three spellings.
_CORE = re.compile(
    r"""
    10\s*(?:\^|\*\*)\s*(?P<e0>[+-]?[0-9]+)
  | (?P<int>[0-9]{1,3}(?:(?P<sep>[,_' ])[0-9]{3})(?:(?P=sep)[0-9]{3})*(?![0-9])|[0-9]+)?
    (?:\.(?P<frac>[0-9]*))?
    (?:
        [eE](?P<e1>[+-]?[0-9]+)
      | \s*[x×*·⋅]\s*10\s*(?:\^|\*\*)\s*(?P<e2>[+-]?[0-9]+)
    )?
    """,
    re.X,
)
_PERCENT_WORDS = ("%", "percent", "per cent", "pct")


def _unit_words(text: str) -> tuple[str, ...]:
    """Canonical words of a unit: lower case, '$' and 'dollars' -> 'usd', '/' -> 'per'."""
    text = _normalise(text).lower().replace("us$", " usd ").replace("$", " usd ")
    text = text.replace("/", " per ").replace("-", " ")
    words = []
    for word in text.split():
        if word in ("dollar", "dollars"):
            word = "usd"
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return tuple(words)


def _read_core(text: str, original: str) -> tuple[str, int, str]:
    """Read the digits (``"5.576"``), the power of ten and the unread rest of *text*."""
    match = _CORE.match(text)
    whole = "1" if match["e0"] else match["int"]
    if not whole and not match["frac"]:
        raise AnswerError(f"I could not read {shown(original)} as a number. Type {NUMBER_FORMS}.")
    exponent = match["e0"] or match["e1"] or match["e2"] or "0"
    if len(exponent.lstrip("+-")) > 4:
        raise AnswerError(f"The power of ten in {shown(original)} is far too large or too "
                          f"small. Type {NUMBER_FORMS}.")
    digits = (whole or "0").replace(match["sep"] or ",", "") + "." + (match["frac"] or "")
    return digits, int(exponent), text[match.end():]


def _bounded(value: float, original) -> float:
    if not math.isfinite(value):
        raise AnswerError(f"{shown(original)} is not a finite number. Type {NUMBER_FORMS}.")
    if abs(value) > MAX_MAGNITUDE:
        raise AnswerError(f"{shown(original)} is far too large to be the answer here. "
                          f"Type {NUMBER_FORMS}.")
    return value + 0.0  # -0.0 -> 0.0


def _read_text_number(text: str, original: str, unit: str | None,
                      aliases: Iterable[str]) -> Reading:
    words = tuple(w for w in _unit_words(unit or "") if w not in _MULTIPLIERS)
    forms = {words} | {_unit_words(a) for a in aliases} if unit else set()
    text = _APPROX.sub("", text)
    head = _SIGN_CURRENCY.match(text)
    if head.group("s1") and head.group("s2"):
        raise AnswerError(f"{shown(original)} has two signs. Type {NUMBER_FORMS}.")
    negative = (head.group("s1") or head.group("s2")) == "-"
    currency = head.group("cur") is not None
    digits, exp, rest = _read_core(text[head.end():], original)

    rest = rest.strip()
    multiplied = False
    word = re.match(r"^([a-z]+)\b\.?\s*", rest, re.I)
    if word and word.group(1).lower() in _MULTIPLIERS:
        exp += _MULTIPLIERS[word.group(1).lower()]
        rest, multiplied = rest[word.end():].strip(), True

    if rest.lower() in _PERCENT_WORDS:
        if unit and _normalise(unit).lower() in _PERCENT_WORDS:
            rest = ""
        elif unit:
            raise AnswerError(f"This answer is in {unit}, not a percentage: leave out the "
                              f"{rest!r}.")
        else:
            exp, rest, multiplied = exp - 2, "", True

    if rest or currency:
        written = (("usd",) if currency else ()) + (_unit_words(rest) if rest else ())
        if written not in forms and not (written == ("usd",) and words[:1] == ("usd",)):
            expected = f"in {unit}" if unit else "a plain number without a unit"
            raise AnswerError(f"I read a number but not {shown(rest or '$')}: this answer is "
                              f"{expected}. Type {NUMBER_FORMS}.")
    value = float(f"{'-' if negative else ''}{digits}e{exp}")
    return Reading(_bounded(value, original), multiplied)


def read_number(answer, *, unit: str | None = None, aliases: Iterable[str] = ()) -> Reading:
    """Read a number written in any common form; unit words only as *unit* or *aliases*.

    Examples
    --------
    >>> read_number("$5.6M", unit="USD")
    Reading(value=5600000.0, multiplied=True)
    """
    if isinstance(answer, bool) or not isinstance(answer, str | numbers.Real | Decimal):
        raise AnswerError(f"Type {NUMBER_FORMS} (got {shown(answer)}).")
    if not isinstance(answer, str):
        try:
            value = float(answer)
        except OverflowError:  # refused below as far too large
            value = 2 * MAX_MAGNITUDE
        except (ValueError, TypeError):  # refused below as not finite
            value = math.nan
        return Reading(_bounded(value, answer))
    if len(answer) > MAX_CHARS:
        raise AnswerError(f"That answer is {len(answer):,} characters long; a number needs "
                          f"only a few. Type {NUMBER_FORMS}.")
    text = _normalise(answer)
    if not text:
        hint = f" The answer is in {unit}; you may leave the unit out." if unit else ""
        raise AnswerError(f"The answer is empty. Type {NUMBER_FORMS}.{hint}")
    if text.lower() in ("nan", "inf", "+inf", "-inf", "infinity", "-infinity", "∞"):
        raise AnswerError(f"{shown(answer)} is not a finite number. Type {NUMBER_FORMS}.")
    fraction = re.fullmatch(r"([+-]?[0-9][0-9.,]*) ?/ ?([0-9][0-9.,]*)", text)
    if fraction:
        numerator, denominator = (_read_text_number(part, answer, None, ()).value
                                  for part in fraction.groups())
        if denominator == 0:
            raise AnswerError(f"{shown(answer)} divides by zero. Type {NUMBER_FORMS}.")
        return Reading(_bounded(numerator / denominator, answer))
    try:
        return _read_text_number(text, answer, unit, aliases)
    except AnswerError as error:
        if "," in text and re.search(r"[0-9],[0-9]{1,2}(?![0-9])|[0-9],[0-9]{4}", text):
            raise AnswerError(f"I could not read {shown(answer)}: write decimals with a point "
                              "(5.6) and group thousands in threes with commas (5,576,000)."
                              ) from None
        raise error from None


def parse_number(answer, *, unit: str | None = None, aliases: Iterable[str] = ()) -> float:
    """The value of a numeric answer (see :func:`read_number`).

    Examples
    --------
    >>> parse_number("5,576,000"), parse_number("17%"), parse_number("3.8×10^25")
    (5576000.0, 0.17, 3.8e+25)
    """
    return read_number(answer, unit=unit, aliases=aliases).value


def parse_text(answer, *, max_chars: int = 20_000) -> str:
    """A free-text answer, stripped; refuse empty, non-text or very long answers.

    Examples
    --------
    >>> parse_text("  Open weights are not open source.  ")
    'Open weights are not open source.'
    """
    if not isinstance(answer, str):
        raise AnswerError(f"Write your answer as text; got {shown(answer)}.")
    text = answer.strip()
    if not text:
        raise AnswerError("The answer is empty; write a few sentences.")
    if len(text) > max_chars:
        raise AnswerError(f"That answer is {len(text):,} characters long; please keep it "
                          f"under {max_chars:,} (a few paragraphs).")
    return text
