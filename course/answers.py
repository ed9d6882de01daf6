"""Reading a student's answer: safe, forgiving, and never a traceback.

Students type numbers the way people write them: ``5.576``, ``5,576,000``, ``$5.6M``,
``5.6 million``, ``5.6e6``, ``3.8×10^25``, ``1/10``, ``17%``, ``−3``. The functions here
understand those forms without ``eval`` and turn anything else into an
:class:`AnswerError` whose message says, in plain words, what form is expected.

Every parser checks the type first: ``None``, lists, bytes, objects, NaN, infinity,
huge numbers and very long text are refused with a friendly message, never with a
traceback.

Unit words after a number are ignored only when they match the unit the question
asks for (``1e25 FLOP`` when the unit is FLOP; ``$2`` when it is USD); any other word
is refused, so ``5 GPU-hours`` is not read as a price.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "AnswerError",
    "MAX_CHARS",
    "MAX_MAGNITUDE",
    "Reading",
    "format_number",
    "parse_choice",
    "parse_mapping",
    "parse_multi",
    "parse_number",
    "parse_order",
    "parse_text",
    "read_number",
]

MAX_CHARS = 200
"""The longest text :func:`read_number` accepts (a number never needs more)."""

MAX_MAGNITUDE = 1e100
"""The largest absolute value accepted as a numeric answer."""

NUMBER_FORMS = "a number such as 5.576, 5,576,000, 5.6 million, 5.6e6 or 1/10"


class AnswerError(ValueError):
    """An answer that cannot be read; ``str(error)`` is a message for the student.

    Examples
    --------
    >>> try:
    ...     parse_number("five")
    ... except AnswerError as error:
    ...     print(str(error).split(".")[0])
    I could not read 'five' as a number
    """


class AnswerTypeError(AnswerError, TypeError):
    """An answer of the wrong type (None, a list, bytes, an object...)."""


def _got(value) -> str:
    """Name what the student gave, in words: 'nothing', 'a list', 'True'..."""
    if value is None:
        return "nothing"
    if isinstance(value, bool | float) or (
            isinstance(value, int) and abs(value) < 10**15):
        return repr(value)
    name = type(value).__name__
    return f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"


@dataclass(frozen=True)
class Reading:
    """A number as the student wrote it.

    Attributes
    ----------
    value : float
        The number, with any multiplier word (``million``, ``M``, ``k``...) or a
        percent sign applied: ``"5.6M"`` reads as 5600000.0.
    multiplied : bool
        Whether the student wrote a multiplier word or a percent sign, so the value
        says its own scale (used for answers asked in millions).
    """

    value: float
    multiplied: bool = False


# --- normalising text ------------------------------------------------------------------------

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUPERSCRIPT_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+")
_DASHES = str.maketrans({"−": "-", "‒": "-", "–": "-", "⁄": "/", "∕": "/", "÷": "/",
                         "’": "'", "′": "'"})


def _normalise(text: str) -> str:
    """Fold the many ways of writing characters to plain ones; collapse spaces."""
    text = _SUPERSCRIPT_RUN.sub(lambda m: "^" + m.group(0).translate(_SUPERSCRIPTS), text)
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return " ".join(text.split())


def _shown(text, limit: int = 40) -> str:
    """A short, safe rendering of the student's text for a message."""
    if not isinstance(text, str):
        return f"that {type(text).__name__}"
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[:limit] + "…")


# --- numbers ---------------------------------------------------------------------------------

_MULTIPLIERS = {
    "k": 3, "thousand": 3, "thousands": 3,
    "m": 6, "mn": 6, "mio": 6, "million": 6, "millions": 6,
    "b": 9, "bn": 9, "billion": 9, "billions": 9,
    "t": 12, "tn": 12, "trillion": 12, "trillions": 12,
}
_APPROX = re.compile(r"^(?:~|≈|about |around |approx\.? |approximately |roughly |c\. )\s*", re.I)
_SIGN_CURRENCY = re.compile(r"^(?P<s1>[+-])?\s*(?P<cur>us\$|\$|usd\b)?\s*(?P<s2>[+-])?\s*", re.I)
# Digits with optional thousands groups (one separator kind: comma, space, underscore or
# apostrophe), an optional fraction, then an optional exponent in one of three spellings.
_CORE = re.compile(
    r"""
    (?P<int>[0-9]{1,3}(?:(?P<sep>[,_' ])[0-9]{3})(?:(?P=sep)[0-9]{3})*(?![0-9])|[0-9]+)?
    (?:\.(?P<frac>[0-9]*))?
    (?:
        [eE](?P<e1>[+-]?[0-9]+)
      | \s*[x×*·⋅]\s*10\s*(?:\^|\*\*)\s*(?P<e2>[+-]?[0-9]+)
    )?
    """,
    re.X,
)
_POWER_OF_TEN = re.compile(r"^10\s*(?:\^|\*\*)\s*(?P<exp>[+-]?[0-9]+)")
_PERCENT_WORDS = ("%", "percent", "per cent", "pct")


def _unit_words(text: str) -> tuple[str, ...]:
    """Canonical words of a unit: lower case, '$' and 'dollars' -> 'usd', '/' -> 'per'.

    Examples
    --------
    >>> _unit_words("USD per GPU-hour") == _unit_words("$/GPU hours")
    True
    """
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


def _unit_forms(unit: str | None, aliases: Iterable[str]) -> tuple[set, bool, bool]:
    """Return (accepted word sequences, unit is a percentage, unit is in USD)."""
    if not unit:
        return set(), False, False
    words = tuple(w for w in _unit_words(unit) if w not in _MULTIPLIERS)
    is_percent = _normalise(unit).lower() in _PERCENT_WORDS
    forms = {words} | {_unit_words(a) for a in aliases}
    return forms, is_percent, bool(words) and words[0] == "usd"


def _exponent(text: str, what: str) -> int:
    if len(text.lstrip("+-")) > 4:
        raise AnswerError(f"The power of ten in {what} is far too large or too small. "
                          f"Type {NUMBER_FORMS}.")
    return int(text)


def _read_core(text: str, original: str) -> tuple[str, int, str]:
    """Read digits and exponent at the start of *text*.

    Returns the decimal digits as a string such as ``"5.576"``, the power of ten, and
    the unread rest of the text.
    """
    power = _POWER_OF_TEN.match(text)
    if power:
        return "1", _exponent(power.group("exp"), _shown(original)), text[power.end():]
    match = _CORE.match(text)
    whole, frac = match.group("int"), match.group("frac")
    if not whole and not frac:
        raise AnswerError(f"I could not read {_shown(original)} as a number. Type {NUMBER_FORMS}.")
    digits = (whole or "0").replace(match.group("sep") or ",", "") + "." + (frac or "")
    exp_text = match.group("e1") or match.group("e2")
    exp = _exponent(exp_text, _shown(original)) if exp_text else 0
    return digits, exp, text[match.end():]


def _bounded(value: float, original) -> float:
    if not math.isfinite(value):
        raise AnswerError(f"{_shown(original)} is not a finite number. Type {NUMBER_FORMS}.")
    if abs(value) > MAX_MAGNITUDE:
        raise AnswerError(f"{_shown(original)} is far too large to be the answer here. "
                          f"Type {NUMBER_FORMS}.")
    return value + 0.0  # -0.0 -> 0.0


def _unit_hint(unit: str | None) -> str:
    return f" The answer is in {unit}; you may leave the unit out." if unit else ""


def _read_text_number(text: str, original: str, unit: str | None,
                      aliases: Iterable[str]) -> Reading:
    forms, is_percent, is_usd = _unit_forms(unit, aliases)
    text = _APPROX.sub("", text)
    head = _SIGN_CURRENCY.match(text)
    if head.group("s1") and head.group("s2"):
        raise AnswerError(f"{_shown(original)} has two signs. Type {NUMBER_FORMS}.")
    negative = (head.group("s1") or head.group("s2")) == "-"
    currency = head.group("cur") is not None
    digits, exp, rest = _read_core(text[head.end():], original)

    rest = rest.strip()
    multiplied = False
    word = re.match(r"^([a-z]+)\b\.?\s*", rest, re.I)
    if word and word.group(1).lower() in _MULTIPLIERS:
        exp += _MULTIPLIERS[word.group(1).lower()]
        rest, multiplied = rest[word.end():].strip(), True

    lowered = rest.lower()
    if lowered in _PERCENT_WORDS:
        if is_percent:
            rest = ""
        elif unit:
            raise AnswerError(f"This answer is in {unit}, not a percentage: leave out the "
                              f"{rest!r}.")
        else:
            exp, rest, multiplied = exp - 2, "", True

    if rest or currency:
        words = (("usd",) if currency else ()) + (_unit_words(rest) if rest else ())
        allowed = words in forms or (words == ("usd",) and is_usd)
        if not allowed:
            shown = rest or "$"
            expected = f"in {unit}" if unit else "a plain number without a unit"
            raise AnswerError(f"I read a number but not {_shown(shown)}: this answer is "
                              f"{expected}. Type {NUMBER_FORMS}.")
    value = float(f"{'-' if negative else ''}{digits}e{exp}")
    return Reading(_bounded(value, original), multiplied)


def read_number(answer, *, unit: str | None = None, aliases: Iterable[str] = ()) -> Reading:
    """Read a numeric answer written in any common form.

    Parameters
    ----------
    answer : str or real number
        What the student typed, or a number passed from code.
    unit : str, optional
        The unit the question asks for, e.g. ``"USD"``, ``"FLOP"``, ``"%"`` or
        ``"million USD"``. Unit words in the answer are accepted only when they match it
        (or one of *aliases*); ``%`` divides by 100 when the question has no unit.
    aliases : iterable of str
        Other spellings of the unit to accept, e.g. ``["hours"]``.

    Returns
    -------
    Reading
        The value (multipliers applied) and whether a multiplier was written.

    Raises
    ------
    AnswerError
        With a message for the student saying what form is expected.

    Examples
    --------
    >>> read_number("$5.6M", unit="USD")
    Reading(value=5600000.0, multiplied=True)
    >>> read_number("2,788,000")
    Reading(value=2788000.0, multiplied=False)
    """
    if isinstance(answer, bool) or not isinstance(answer, str | numbers.Real | Decimal):
        raise AnswerTypeError(f"Type {NUMBER_FORMS} (got {_got(answer)}).")
    if not isinstance(answer, str):
        try:
            value = float(answer)
        except OverflowError:
            raise AnswerError(f"{_shown(answer)} is far too large to be the answer here. "
                              f"Type {NUMBER_FORMS}.") from None
        except (ValueError, TypeError):
            raise AnswerError(f"{_shown(answer)} is not a finite number. "
                              f"Type {NUMBER_FORMS}.") from None
        return Reading(_bounded(value, answer))
    if len(answer) > MAX_CHARS:
        raise AnswerError(f"That answer is {len(answer):,} characters long; a number needs "
                          f"only a few. Type {NUMBER_FORMS}.")
    text = _normalise(answer)
    if not text:
        raise AnswerError(f"The answer is empty. Type {NUMBER_FORMS}.{_unit_hint(unit)}")
    if text.lower() in ("nan", "inf", "+inf", "-inf", "infinity", "-infinity", "∞"):
        raise AnswerError(f"{_shown(answer)} is not a finite number. Type {NUMBER_FORMS}.")
    if text.count("/") == 1:
        top, bottom = (part.strip() for part in text.split("/"))
        if re.fullmatch(r"[+-]?[0-9][0-9.,]*", top) and re.fullmatch(r"[0-9][0-9.,]*", bottom):
            numerator = _read_text_number(top, answer, None, ()).value
            denominator = _read_text_number(bottom, answer, None, ()).value
            if denominator == 0:
                raise AnswerError(f"{_shown(answer)} divides by zero. Type {NUMBER_FORMS}.")
            return Reading(_bounded(numerator / denominator, answer))
    try:
        return _read_text_number(text, answer, unit, aliases)
    except AnswerError as error:
        if "," in text and re.search(r"[0-9],[0-9]{1,2}(?![0-9])|[0-9],[0-9]{4}", text):
            raise AnswerError(f"I could not read {_shown(answer)}: write decimals with a point "
                              "(5.6) and group thousands in threes with commas (5,576,000)."
                              ) from None
        raise error from None


def parse_number(answer, *, unit: str | None = None, aliases: Iterable[str] = ()) -> float:
    """Return the value of a numeric answer (see :func:`read_number` for the forms).

    Examples
    --------
    >>> parse_number(" 5.576 ")
    5.576
    >>> parse_number("5,576,000"), parse_number("5.6 million"), parse_number("5.6e6")
    (5576000.0, 5600000.0, 5600000.0)
    >>> parse_number("1/10"), parse_number("17%"), parse_number("−3")
    (0.1, 0.17, -3.0)
    >>> parse_number("3.8×10^25"), parse_number("1e25 FLOP", unit="FLOP")
    (3.8e+25, 1e+25)
    """
    return read_number(answer, unit=unit, aliases=aliases).value


def format_number(value: float, unit: str | None = None) -> str:
    """Format a number for a message: grouped thousands, up to 4 significant decimals.

    Examples
    --------
    >>> format_number(5576000.0, "USD"), format_number(5.576), format_number(3.8e25, "FLOP")
    ('5,576,000 USD', '5.576', '3.8e+25 FLOP')
    """
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"value must be a real number; got {value!r}")
    value = float(value)
    if value != 0 and (abs(value) >= 1e15 or abs(value) < 1e-4):
        text = f"{value:.4g}"
    elif value == int(value):
        text = f"{int(value):,}"
    else:
        text = f"{value:,.6g}" if abs(value) >= 1 else f"{value:.4g}"
        if "e" in text:
            text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return f"{text} {unit}" if unit else text


# --- choices ---------------------------------------------------------------------------------

def _fold(text: str) -> str:
    return " ".join(_normalise(text).casefold().split())


def _describe(options: Mapping[str, str]) -> str:
    keys = ", ".join(options)
    return f"one of {keys} (the key or the option's text)"


def _resolve(item, options: Mapping[str, str], what: str) -> str:
    """Return the key of *options* that *item* names (by key or by text)."""
    if isinstance(item, bool) or not isinstance(item, str | int):
        raise AnswerTypeError(f"Each {what} should be {_describe(options)}; "
                              f"got {_got(item)}.")
    if isinstance(item, int) and abs(item) >= 10**15:
        raise AnswerError(f"That number is not an option; choose {_describe(options)}.")
    text = str(item)
    if len(text) > 2000:
        raise AnswerError(f"That {what} is too long; choose {_describe(options)}.")
    folded = _fold(text)
    stripped = folded.strip("()[]. ").rstrip(")")
    for key in options:
        if _fold(key) in (folded, stripped):
            return key
    for key, label in options.items():
        if _fold(label) == folded:
            return key
    raise AnswerError(f"{_shown(text)} is not an option; choose {_describe(options)}.")


def parse_choice(answer, options: Mapping[str, str]) -> str:
    """Return the key of the option the student chose.

    Parameters
    ----------
    answer : str
        An option key (``"b"``, ``"(b)"``, ``"B."``) or its text, any case and spacing.
    options : mapping
        ``{key: text}`` in display order.

    Examples
    --------
    >>> options = {"a": "Open weights", "b": "Open source"}
    >>> parse_choice(" B ", options), parse_choice("open   WEIGHTS", options)
    ('b', 'a')
    """
    _check_options(options)
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        raise AnswerError(f"No option chosen yet; choose {_describe(options)}.")
    return _resolve(answer, options, "answer")


def _check_options(options) -> None:
    if not isinstance(options, Mapping) or not options:
        raise TypeError(f"options must be a non-empty mapping of key to text; got {options!r}")


def _split(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"[,;\n]|\band\b|>", text) if p.strip()]
    return parts


def parse_multi(answer, options: Mapping[str, str]) -> list[str]:
    """Return the keys of the options chosen, in the options' order.

    Parameters
    ----------
    answer : str, list, tuple, set or frozenset
        Keys or texts: ``["a", "c"]``, ``{"a", "c"}`` or ``"a, c"`` (also ``"a c"``).
    options : mapping
        ``{key: text}`` in display order.

    Examples
    --------
    >>> options = {"a": "one", "b": "two", "c": "three"}
    >>> parse_multi("c, a", options), parse_multi({"b"}, options), parse_multi("a c", options)
    (['a', 'c'], ['b'], ['a', 'c'])
    """
    _check_options(options)
    if isinstance(answer, str):
        if len(answer) > 5000:
            raise AnswerError(f"That answer is too long; list the options you choose, e.g. "
                              f"'{', '.join(list(options)[:2])}'.")
        try:
            items = [_resolve(answer, options, "option")] if answer.strip() else []
        except AnswerError:
            items = _split(answer)
            if len(items) == 1:
                items = items[0].split()
    elif isinstance(answer, list | tuple | set | frozenset):
        items = list(answer)
    else:
        raise AnswerTypeError(f"Choose one or more options, as a list such as "
                              f"['a', 'c'] or text such as 'a, c'; got {_got(answer)}.")
    if not items:
        raise AnswerError("No option chosen yet; choose one or more options.")
    if len(items) > 10 * len(options):
        raise AnswerError(f"That is {len(items)} choices; there are only {len(options)} options.")
    chosen = {_resolve(item, options, "option") for item in items}
    return [key for key in options if key in chosen]


def parse_mapping(answer, items: Mapping[str, str], targets: Mapping[str, str],
                  *, what: str = "category") -> dict[str, str]:
    """Return ``{item key: target key}`` for a categorise or matching answer.

    Parameters
    ----------
    answer : dict
        Every item (by key or text) mapped to a target (by key or text).
    items, targets : mapping
        ``{key: text}`` of the things to place and the places.
    what : str
        What a target is called in messages ("category", "match").

    Examples
    --------
    >>> items = {"llama": "Llama 3.1", "gpt": "GPT-4o"}
    >>> places = {"open": "Open weights", "closed": "Closed"}
    >>> parse_mapping({"Llama 3.1": "open weights", "gpt": "closed"}, items, places)
    {'llama': 'open', 'gpt': 'closed'}
    """
    _check_options(items)
    _check_options(targets)
    if not isinstance(answer, Mapping):
        raise AnswerTypeError(f"Give a {what} for every item, as a dict such as "
                              f"{{'{next(iter(items))}': '{next(iter(targets))}'}}; "
                              f"got {_got(answer)}.")
    if len(answer) > 10 * len(items):
        raise AnswerError(f"That answer has {len(answer)} entries; there are only "
                          f"{len(items)} items.")
    placed = {}
    for item, target in answer.items():
        key = _resolve(item, items, "item")
        if target is None or (isinstance(target, str) and not target.strip()):
            continue
        placed[key] = _resolve(target, targets, what)
    missing = [items[key] for key in items if key not in placed]
    if missing:
        raise AnswerError(f"Choose a {what} for every item; still missing: "
                          f"{', '.join(_shown(m, 30) for m in missing)}.")
    return {key: placed[key] for key in items}


def _position(position, n: int) -> int:
    """A position 1..n given as a whole number or its digits."""
    value = None
    if isinstance(position, str) and re.fullmatch(r"\s*[0-9]{1,6}\s*", position):
        value = int(position)
    elif isinstance(position, int) and not isinstance(position, bool):
        value = position
    if value is None or not 1 <= value <= n:
        shown = _shown(position) if isinstance(position, str) else _got(position)
        raise AnswerError(f"Positions are whole numbers from 1 to {n}; got {shown}.")
    return value


def _positions(answer: Mapping, items: Mapping[str, str]) -> list[str]:
    """Turn ``{item: position}`` (1 = first) into the items in order."""
    n = len(items)
    where: dict[int, list[str]] = {}
    for item, position in answer.items():
        key = _resolve(item, items, "item")
        if position is None or (isinstance(position, str) and not position.strip()):
            continue
        value = _position(position, n)
        where.setdefault(value, []).append(key)
    placed = {k for keys in where.values() for k in keys}
    missing = [_shown(items[k], 30) for k in items if k not in placed]
    if missing:
        raise AnswerError(f"Give every item a position from 1 to {n}; still missing: "
                          f"{', '.join(missing)}.")
    for position, keys in sorted(where.items()):
        if len(keys) > 1:
            raise AnswerError(f"Position {position} is given to {len(keys)} items "
                              f"({', '.join(_shown(items[k], 30) for k in keys)}); give each "
                              "position to one item.")
    return [where[p][0] for p in sorted(where)]


def parse_order(answer, items: Mapping[str, str]) -> list[str]:
    """Return the item keys in the order the student gave.

    Parameters
    ----------
    answer : list, tuple, str or dict
        Every item once, by key or text: ``["b", "a", "c"]`` or ``"b, a, c"``; or each
        item's position, ``{"a": 2, "b": 1, "c": 3}`` (1 = first).
    items : mapping
        ``{key: text}``.

    Examples
    --------
    >>> items = {"a": "first", "b": "second", "c": "third"}
    >>> parse_order("c > a > b", items), parse_order({"a": 2, "b": 3, "c": 1}, items)
    (['c', 'a', 'b'], ['c', 'a', 'b'])
    """
    _check_options(items)
    expected = f"every item once, e.g. {list(items)!r}"
    if isinstance(answer, Mapping):
        if len(answer) > 10 * len(items):
            raise AnswerError(f"That answer has {len(answer)} entries; there are only "
                              f"{len(items)} items.")
        return _positions(answer, items)
    if isinstance(answer, str):
        if len(answer) > 5000:
            raise AnswerError(f"That answer is too long; put {expected}.")
        parts = _split(answer)
        if len(parts) == 1:
            parts = parts[0].split()
    elif isinstance(answer, list | tuple):
        parts = list(answer)
    else:
        raise AnswerTypeError(f"Put {expected} (a list); got {_got(answer)}.")
    if len(parts) > 10 * len(items):
        raise AnswerError(f"That is {len(parts)} entries; put {expected}.")
    order = [_resolve(part, items, "item") for part in parts]
    if sorted(order) != sorted(items):
        repeated = [_shown(items[k], 30) for k in items if order.count(k) > 1]
        missing = [_shown(items[k], 30) for k in items if k not in order]
        detail = "; ".join(filter(None, [
            f"repeated: {', '.join(repeated)}" if repeated else "",
            f"missing: {', '.join(missing)}" if missing else ""]))
        raise AnswerError(f"Put {expected} ({detail}).")
    return order


def parse_text(answer, *, max_chars: int = 20_000) -> str:
    """Return a free-text answer, stripped; refuse empty, non-text or very long answers.

    Examples
    --------
    >>> parse_text("  Open weights are not open source.  ")
    'Open weights are not open source.'
    """
    if not isinstance(answer, str):
        raise AnswerTypeError(f"Write your answer as text; got {_got(answer)}.")
    text = answer.strip()
    if not text:
        raise AnswerError("The answer is empty; write a few sentences.")
    if len(text) > max_chars:
        raise AnswerError(f"That answer is {len(text):,} characters long; please keep it "
                          f"under {max_chars:,} (a few paragraphs).")
    return text
