"""How demand answers price: constant-elasticity demand, spending and the Jevons paradox.

With constant price elasticity ``e`` (a positive number: demand falls as price rises),
quantity scales as ``Q1 / Q0 = (P1 / P0) ** -e`` and spending ``P x Q`` as
``(P1 / P0) ** (1 - e)``. A price cut therefore *raises* total spending exactly when
demand is elastic (``e > 1``): cheaper AI could mean more, not less, spending on
compute. That is the Jevons paradox, first argued for coal (W. S. Jevons, *The Coal
Question*, 1865, ch. VII; constant-elasticity demand: H. R. Varian, *Intermediate
Microeconomics*, 9th ed., 2014, ch. 15).

Arguments: ``price_ratio`` is the new price over the old (> 0; 0.1 is a 90% cut);
``elasticity`` the price elasticity of demand as a magnitude (>= 0). Numbers or arrays.
"""

from __future__ import annotations

import numpy as np

from ..checks import broadcast, check_number, result

__all__ = ["demand_ratio", "implied_elasticity", "spend_ratio"]


def _ratio_and_elasticity(price_ratio, elasticity):
    ratio = check_number("price_ratio", price_ratio, minimum=0, min_open=True)
    e = check_number("elasticity", elasticity, minimum=0)
    return broadcast(price_ratio=ratio, elasticity=e)


def demand_ratio(price_ratio, elasticity):
    """Quantity demanded after a price change, relative to before: ``price_ratio ** -elasticity``.

    Examples
    --------
    A 90% price cut with elasticity 1.5 multiplies quantity by about 31.6:

    >>> round(demand_ratio(0.1, 1.5), 1)
    31.6
    """
    ratio, e = _ratio_and_elasticity(price_ratio, elasticity)
    return result(ratio ** -e, price_ratio, elasticity)


def spend_ratio(price_ratio, elasticity):
    """Spending (price x quantity) after a price change, relative to before.

    ``price_ratio ** (1 - elasticity)``: above 1 for a price cut exactly when
    ``elasticity > 1`` (the Jevons case).

    Examples
    --------
    >>> round(spend_ratio(0.1, 1.5), 3), spend_ratio(0.1, 1.0), round(spend_ratio(0.1, 0.5), 3)
    (3.162, 1.0, 0.316)
    """
    ratio, e = _ratio_and_elasticity(price_ratio, elasticity)
    return result(ratio ** (1.0 - e), price_ratio, elasticity)


def implied_elasticity(price_ratio, quantity_ratio):
    """The constant elasticity that turns a price change into a quantity change.

    ``e = -ln(quantity_ratio) / ln(price_ratio)``, the inverse of :func:`demand_ratio`;
    *price_ratio* must not be 1, *quantity_ratio* is > 0. Negative if quantity moved
    *with* price.

    Examples
    --------
    Price down 90%, usage up 100-fold:

    >>> implied_elasticity(0.1, 100)
    2.0
    """
    ratio = check_number("price_ratio", price_ratio, minimum=0, min_open=True)
    if np.any(ratio == 1):
        raise ValueError(f"price_ratio must differ from 1 (no price change says nothing about "
                         f"elasticity); got {price_ratio!r}")
    q = check_number("quantity_ratio", quantity_ratio, minimum=0, min_open=True)
    ratio, q = broadcast(price_ratio=ratio, quantity_ratio=q)
    return result(-np.log(q) / np.log(ratio), price_ratio, quantity_ratio)
