"""What inference costs: API bills and subscription break-even. Prices are US dollars per
million tokens (>= 0); ``usd_per_m_cached_input``, the price of input served from the
provider's cache, is required when ``cached_fraction`` is above 0."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import NON_NEGATIVE, checked

__all__ = ["Breakeven", "api_cost_usd", "blended_price_per_m", "breakeven_tokens",
           "subscription_breakeven"]

_MILLION = 1e6
_SHARE = {"minimum": 0, "maximum": 1}
#: The price arguments every pricing model takes, with their rules.
_PRICES = {"usd_per_m_input": NON_NEGATIVE, "usd_per_m_output": NON_NEGATIVE,
           "cached_fraction": _SHARE, "usd_per_m_cached_input": NON_NEGATIVE}


@checked(input_tokens=NON_NEGATIVE, output_tokens=NON_NEGATIVE, **_PRICES)
def api_cost_usd(input_tokens, output_tokens, usd_per_m_input, usd_per_m_output,
                 cached_fraction=0.0, usd_per_m_cached_input=None):
    """The bill in US dollars at API prices, with the share *cached_fraction* of the input
    tokens served from the provider's cache.

    Examples
    --------
    >>> round(api_cost_usd(1e6, 1e6, 0.55, 2.19, cached_fraction=0.5,
    ...                    usd_per_m_cached_input=0.14), 3)
    2.535
    """
    if usd_per_m_cached_input is None:
        if np.any(cached_fraction > 0):
            raise ValueError(f"cached_fraction is {np.max(cached_fraction):g} but "
                             "usd_per_m_cached_input is None; give the price of cached input "
                             "(or set cached_fraction=0)")
        usd_per_m_cached_input = usd_per_m_input
    per_m_input = (1 - cached_fraction) * usd_per_m_input + cached_fraction * usd_per_m_cached_input
    return (input_tokens * per_m_input + output_tokens * usd_per_m_output) / _MILLION


@checked(output_share=_SHARE, **_PRICES)
def blended_price_per_m(usd_per_m_input, usd_per_m_output, output_share, cached_fraction=0.0,
                        usd_per_m_cached_input=None):
    """Average US dollars per million tokens when *output_share* (in [0, 1]) are output.

    Examples
    --------
    >>> blended_price_per_m(15, 60, 0.5)
    37.5
    """
    return api_cost_usd(_MILLION * (1 - output_share), _MILLION * output_share, usd_per_m_input,
                        usd_per_m_output, cached_fraction, usd_per_m_cached_input)


@checked(subscription_usd=NON_NEGATIVE, output_share=_SHARE, **_PRICES)
def breakeven_tokens(subscription_usd, usd_per_m_input, usd_per_m_output, output_share,
                     cached_fraction=0.0, usd_per_m_cached_input=None):
    """Tokens per period at which an API bill equals *subscription_usd* (``inf`` if free).

    Examples
    --------
    >>> round(breakeven_tokens(200, 15, 60, 0.5) / 1e6, 2)
    5.33
    """
    price = blended_price_per_m(usd_per_m_input, usd_per_m_output, output_share,
                                cached_fraction, usd_per_m_cached_input)
    return np.divide(subscription_usd * _MILLION, price, out=np.full_like(subscription_usd, np.inf),
                     where=np.asarray(price) > 0)


@dataclass(frozen=True)
class Breakeven:
    """A workload priced two ways; ``workload_multiple`` is the break-even over its tokens."""

    api_usd: float
    cheaper: str
    breakeven_tokens: float
    workload_multiple: float


@checked(array=False, subscription_usd=NON_NEGATIVE, input_tokens=NON_NEGATIVE,
         output_tokens=NON_NEGATIVE, **_PRICES)
def subscription_breakeven(subscription_usd, input_tokens, output_tokens, usd_per_m_input,
                           usd_per_m_output, cached_fraction=0.0, usd_per_m_cached_input=None):
    """Compare a workload's API bill with a flat subscription (single numbers, not arrays).

    Examples
    --------
    >>> b = subscription_breakeven(200, 2e6, 1e6, 15, 60)
    >>> b.api_usd, b.cheaper, round(b.workload_multiple, 2)
    (90.0, 'api', 2.22)
    """
    bill = api_cost_usd(input_tokens, output_tokens, usd_per_m_input, usd_per_m_output,
                        cached_fraction, usd_per_m_cached_input)
    total = input_tokens + output_tokens
    share_out = output_tokens / total if total else 0.5
    tokens = breakeven_tokens(subscription_usd, usd_per_m_input, usd_per_m_output, share_out,
                              cached_fraction, usd_per_m_cached_input)
    cheaper = "equal" if np.isclose(bill, subscription_usd, rtol=1e-12, atol=0) else \
        ("api" if bill < subscription_usd else "subscription")
    multiple = tokens / total if total else float("inf")
    return Breakeven(bill, cheaper, tokens, multiple)
