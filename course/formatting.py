"""Numbers and names in words: the one place the course formats them for people."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable

__all__ = ["count", "did_you_mean", "format_number", "money", "sci"]

_SUFFIXES = ((1e12, "T"), (1e9, "B"), (1e6, "M"))


def format_number(value: float, unit: str | None = None) -> str:
    """A number for a message: grouped thousands, up to 4 significant decimals.

    Examples
    --------
    >>> format_number(5576000.0, "USD"), format_number(5.576), format_number(3.8e25, "FLOP")
    ('5,576,000 USD', '5.576', '3.8e+25 FLOP')
    """
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


def money(x: float, digits: int = 3) -> str:
    """US dollars for a summary: ``$5.58M``, ``$9.88``, ``$12.3K``.

    Examples
    --------
    >>> money(5.576e6), money(5.576e6, 4), money(9.875), money(61.7e9), money(12_345)
    ('$5.58M', '$5.576M', '$9.88', '$61.7B', '$12.3K')
    """
    for size, suffix in (*_SUFFIXES, (1e3, "K")):
        if abs(x) >= max(size, 1e4):
            return f"${x / size:.{digits}g}{suffix}"
    return f"${x:,.2f}"


def count(x: float, digits: int = 3) -> str:
    """A count for a summary: ``2.79M``, ``14.8T``, ``56.7``.

    Examples
    --------
    >>> count(2.788e6), count(2.788e6, 4), count(14.8e12), count(56.74), count(2048)
    ('2.79M', '2.788M', '14.8T', '56.7', '2,048')
    """
    if not math.isfinite(x):
        return "unlimited" if x > 0 else str(x)
    for size, suffix in _SUFFIXES:
        if abs(x) >= size:
            return f"{x / size:.{digits}g}{suffix}"
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.{digits}g}"


def sci(x: float) -> str:
    """Scientific notation without the plus sign: ``3.29e24``.

    Examples
    --------
    >>> sci(3.2856e24), sci(1e25), sci(250.0)
    ('3.29e24', '1e25', '250')
    """
    mantissa, _, exponent = f"{x:.3g}".partition("e")
    return f"{mantissa}e{int(exponent)}" if exponent else mantissa


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """A sentence suggesting the known names closest to *name*, or "".

    Examples
    --------
    >>> did_you_mean("03.v3-cots", ["03.v3-cost", "03.v3-flop", "04.output-ratio"])
    ' Did you mean: 03.v3-cost, 03.v3-flop?'
    """
    known = list(known)
    close = difflib.get_close_matches(name, known, n=5, cutoff=0.5)
    close = close or [k for k in known if name.strip() and name.strip() in k][:5]
    return f" Did you mean: {', '.join(close)}?" if close else ""
