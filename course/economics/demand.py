"""Constant-elasticity demand after a price change (the Jevons paradox): ``price_ratio`` is the
new price over the old (> 0; 0.1 is a 90% cut); ``elasticity`` the price elasticity of demand
as a magnitude (>= 0)."""

from __future__ import annotations

import numpy as np

from ..checks import broadcast, check_number, result

__all__ = ["demand_ratio", "implied_elasticity", "spend_ratio"]


def _ratio_and_elasticity(price_ratio, elasticity):
    ratio = check_number("price_ratio", price_ratio, minimum=0, min_open=True)
    e = check_number("elasticity", elasticity, minimum=0)
    return broadcast(price_ratio=ratio, elasticity=e)


def demand_ratio(price_ratio, elasticity):
    """Quantity demanded after a price change over before: ``price_ratio ** -elasticity``.

    Examples
    --------
    >>> round(demand_ratio(0.1, 1.5), 1)  # a 90% price cut
    31.6
    """
    ratio, e = _ratio_and_elasticity(price_ratio, elasticity)
    return result(ratio ** -e, price_ratio, elasticity)


def spend_ratio(price_ratio, elasticity):
    """Spending after a price change over before: ``price_ratio ** (1 - elasticity)``.

    Examples
    --------
    >>> round(spend_ratio(0.1, 1.5), 3)  # a 90% price cut, elastic demand: spending rises
    3.162
    """
    ratio, e = _ratio_and_elasticity(price_ratio, elasticity)
    return result(ratio ** (1.0 - e), price_ratio, elasticity)


def implied_elasticity(price_ratio, quantity_ratio):
    """The constant elasticity behind a price and quantity change: ``-ln(q) / ln(p)``.

    Examples
    --------
    >>> implied_elasticity(0.1, 100)  # price down 90%, usage up 100-fold
    2.0
    """
    ratio = check_number("price_ratio", price_ratio, minimum=0, min_open=True)
    if np.any(ratio == 1):
        raise ValueError(f"price_ratio must differ from 1 (no price change says nothing about "
                         f"elasticity); got {price_ratio!r}")
    q = check_number("quantity_ratio", quantity_ratio, minimum=0, min_open=True)
    ratio, q = broadcast(price_ratio=ratio, quantity_ratio=q)
    return result(-np.log(q) / np.log(ratio), price_ratio, quantity_ratio)
