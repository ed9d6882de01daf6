"""What inference costs: API bills per million tokens, and subscription break-even.

API providers list prices in US dollars per million (1M) tokens, separately for input
(the prompt) and output (the answer), often with a cheaper rate for input served from
a cache. A flat subscription costs the same whatever the use, so there is a monthly
volume of tokens above which the subscription is the cheaper way to buy the same work.

Prices are US dollars per million tokens (>= 0): ``usd_per_m_input``,
``usd_per_m_output`` and ``usd_per_m_cached_input`` (required when ``cached_fraction``,
the share of input served from the cache, is above 0). Numbers or arrays; results are
a float or an array. Source of the examples: DeepSeek API "Models & Pricing" (January
2025): deepseek-reasoner $0.55 (cache miss) / $0.14 (hit) in, $2.19 out per 1M tokens;
OpenAI, "Introducing ChatGPT Pro" (December 2024): $200 a month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import broadcast, check_number, result

__all__ = ["Breakeven", "api_cost_usd", "blended_price_per_m", "breakeven_tokens",
           "subscription_breakeven"]

_MILLION = 1e6


def _input_price(usd_per_m_input, cached_fraction, usd_per_m_cached_input):
    """Check the input-price arguments; return (full price, cached fraction, cached price)."""
    full = check_number("usd_per_m_input", usd_per_m_input, minimum=0)
    share = check_number("cached_fraction", cached_fraction, minimum=0, maximum=1)
    if usd_per_m_cached_input is None:
        if np.any(share > 0):
            raise ValueError(f"cached_fraction is {cached_fraction!r} but "
                             "usd_per_m_cached_input is None; give the price of cached input "
                             "(or set cached_fraction=0)")
        return full, share, full
    cached = check_number("usd_per_m_cached_input", usd_per_m_cached_input, minimum=0)
    return full, share, cached


def api_cost_usd(input_tokens, output_tokens, usd_per_m_input, usd_per_m_output,
                 cached_fraction=0.0, usd_per_m_cached_input=None):
    """The bill in US dollars for *input_tokens* and *output_tokens* at API prices.

    ``cost = input x ((1 - c) x p_in + c x p_cached) / 1e6 + output x p_out / 1e6``
    where ``c`` is the share of input tokens served from the provider's cache.

    Examples
    --------
    One million tokens in (half of them cached) and one million out at R1's prices:

    >>> round(api_cost_usd(1e6, 1e6, 0.55, 2.19, cached_fraction=0.5,
    ...                    usd_per_m_cached_input=0.14), 3)
    2.535
    """
    tokens_in = check_number("input_tokens", input_tokens, minimum=0)
    tokens_out = check_number("output_tokens", output_tokens, minimum=0)
    full, share, cached = _input_price(usd_per_m_input, cached_fraction, usd_per_m_cached_input)
    price_out = check_number("usd_per_m_output", usd_per_m_output, minimum=0)
    tokens_in, tokens_out, full, share, cached, price_out = broadcast(
        input_tokens=tokens_in, output_tokens=tokens_out, usd_per_m_input=full,
        cached_fraction=share, usd_per_m_cached_input=cached, usd_per_m_output=price_out)
    cost = (tokens_in * ((1 - share) * full + share * cached) + tokens_out * price_out) / _MILLION
    return result(cost, input_tokens, output_tokens, usd_per_m_input, usd_per_m_output,
                  cached_fraction, 0.0 if usd_per_m_cached_input is None
                  else usd_per_m_cached_input)


def blended_price_per_m(usd_per_m_input, usd_per_m_output, output_share, cached_fraction=0.0,
                        usd_per_m_cached_input=None):
    """Average US dollars per million tokens when *output_share* (in [0, 1]) are output.

    Examples
    --------
    o1 at half input, half output: (15 + 60) / 2

    >>> blended_price_per_m(15, 60, 0.5)
    37.5
    """
    share_out = check_number("output_share", output_share, minimum=0, maximum=1)
    return api_cost_usd(_MILLION * (1 - share_out), _MILLION * share_out, usd_per_m_input,
                        usd_per_m_output, cached_fraction, usd_per_m_cached_input)


def breakeven_tokens(subscription_usd, usd_per_m_input, usd_per_m_output, output_share,
                     cached_fraction=0.0, usd_per_m_cached_input=None):
    """Tokens per period at which an API bill equals a flat subscription.

    Below this volume the API is cheaper; above it the subscription is (if the
    subscription really allows that much use: real plans have usage caps and fair-use
    terms, and a chat subscription is not an API).

    Returns tokens per period for *subscription_usd* (``inf`` where the mix costs
    nothing); *output_share* as in :func:`blended_price_per_m`.

    Examples
    --------
    ChatGPT Pro's $200 a month buys as much as 5.33M o1 tokens (half input, half output):

    >>> round(breakeven_tokens(200, 15, 60, 0.5) / 1e6, 2)
    5.33
    """
    fee = check_number("subscription_usd", subscription_usd, minimum=0)
    price = blended_price_per_m(usd_per_m_input, usd_per_m_output, output_share,
                                cached_fraction, usd_per_m_cached_input)
    fee, price = broadcast(subscription_usd=fee, price=price)
    with np.errstate(divide="ignore", invalid="ignore"):
        tokens = np.where(price > 0, fee / np.where(price > 0, price, 1) * _MILLION, np.inf)
    return result(tokens, subscription_usd, price)


@dataclass(frozen=True)
class Breakeven:
    """A workload priced two ways: pay-per-token API or a flat subscription.

    ``cheaper`` is ``"api"``, ``"subscription"`` or ``"equal"``; ``breakeven_tokens`` the
    tokens per period (same mix) at which both cost the same; ``workload_multiple`` that
    divided by the workload's tokens (``inf`` for no use).
    """

    api_usd: float
    subscription_usd: float
    cheaper: str
    breakeven_tokens: float
    workload_multiple: float


def subscription_breakeven(subscription_usd, input_tokens, output_tokens, usd_per_m_input,
                           usd_per_m_output, cached_fraction=0.0, usd_per_m_cached_input=None):
    """Compare a workload's API bill with a flat subscription (single numbers, not arrays).

    Examples
    --------
    Two million o1 tokens in and one million out a month, against a $200 subscription:

    >>> b = subscription_breakeven(200, 2e6, 1e6, 15, 60)
    >>> b.api_usd, b.cheaper, round(b.workload_multiple, 2)
    (90.0, 'api', 2.22)
    """
    fee = check_number("subscription_usd", subscription_usd, minimum=0, array=False)
    tokens_in = check_number("input_tokens", input_tokens, minimum=0, array=False)
    tokens_out = check_number("output_tokens", output_tokens, minimum=0, array=False)
    for name, value in (("usd_per_m_input", usd_per_m_input),
                        ("usd_per_m_output", usd_per_m_output),
                        ("cached_fraction", cached_fraction)):
        check_number(name, value, array=False)
    bill = float(api_cost_usd(tokens_in, tokens_out, usd_per_m_input, usd_per_m_output,
                              cached_fraction, usd_per_m_cached_input))
    total = tokens_in + tokens_out
    share_out = tokens_out / total if total else 0.5
    tokens = float(breakeven_tokens(fee, usd_per_m_input, usd_per_m_output, share_out,
                                    cached_fraction, usd_per_m_cached_input))
    cheaper = "equal" if np.isclose(bill, fee, rtol=1e-12, atol=0) else \
        ("api" if bill < fee else "subscription")
    multiple = tokens / total if total else float("inf")
    return Breakeven(bill, fee, cheaper, tokens, multiple)
