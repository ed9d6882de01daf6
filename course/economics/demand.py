"""Constant-elasticity demand after a price change (the arithmetic of the Jevons paradox):
``price_ratio`` is the new price over the old (> 0; 0.1 is a 90% cut); ``elasticity`` the price
elasticity of demand as a magnitude (>= 0)."""

from __future__ import annotations

import numpy as np

from ..checks import NON_NEGATIVE, POSITIVE, checked

__all__ = ["demand_ratio", "implied_elasticity", "spend_ratio"]


@checked(price_ratio=POSITIVE, elasticity=NON_NEGATIVE)
def demand_ratio(price_ratio, elasticity):
    """Quantity demanded after a price change over before: ``price_ratio ** -elasticity``.

    Examples
    --------
    >>> round(demand_ratio(0.1, 1.5), 1)  # a 90% price cut
    31.6
    """
    return price_ratio ** -elasticity


@checked(price_ratio=POSITIVE, elasticity=NON_NEGATIVE)
def spend_ratio(price_ratio, elasticity):
    """Spending after a price change over before: ``price_ratio ** (1 - elasticity)``.

    Examples
    --------
    >>> round(spend_ratio(0.1, 1.5), 3)  # a 90% price cut, elastic demand: spending rises
    3.162
    """
    return price_ratio ** (1.0 - elasticity)


@checked(price_ratio=POSITIVE, quantity_ratio=POSITIVE)
def implied_elasticity(price_ratio, quantity_ratio):
    """The constant elasticity behind a price and quantity change: ``-ln(q) / ln(p)``.

    Examples
    --------
    >>> implied_elasticity(0.1, 100)  # price down 90%, usage up 100-fold
    2.0
    """
    if np.any(price_ratio == 1):
        raise ValueError("price_ratio must differ from 1 (no price change says nothing about "
                         "elasticity); got 1")
    return -np.log(quantity_ratio) / np.log(price_ratio)
