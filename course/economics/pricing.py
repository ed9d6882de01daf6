"""What inference costs: API bills per million tokens, and subscription break-even.

API providers list prices in US dollars per million (1M) tokens, separately for input
(the prompt) and output (the answer), often with a cheaper rate for input served from
a cache. A flat subscription costs the same whatever the use, so there is a monthly
volume of tokens above which the subscription is the cheaper way to buy the same work.
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
    """The bill for a workload at per-million-token API prices.

    ``cost = input x ((1 - c) x p_in + c x p_cached) / 1e6 + output x p_out / 1e6``
    where ``c`` is the share of input tokens served from the provider's cache.

    Parameters
    ----------
    input_tokens, output_tokens : float or array-like
        Tokens sent and received (>= 0).
    usd_per_m_input, usd_per_m_output : float or array-like
        List prices in US dollars per million tokens (>= 0).
    cached_fraction : float or array-like, default 0.0
        Share of input tokens that hit the cache, in [0, 1].
    usd_per_m_cached_input : float or array-like, optional
        Price of cached input per million tokens; required when ``cached_fraction > 0``.

    Returns
    -------
    float or numpy.ndarray
        Cost in US dollars.

    Raises
    ------
    ValueError
        If ``cached_fraction > 0`` and no cached price is given, or a number is negative,
        NaN or infinite.

    References
    ----------
    .. [1] DeepSeek API documentation, "Models & Pricing" (January 2025):
       deepseek-reasoner input $0.55 (cache miss) / $0.14 (cache hit), output $2.19 per
       1M tokens.

    Examples
    --------
    One million tokens in (half of them cached) and one million out at R1's prices:

    >>> round(api_cost_usd(1e6, 1e6, 0.55, 2.19, cached_fraction=0.5,
    ...                    usd_per_m_cached_input=0.14), 3)
    2.535
    >>> api_cost_usd(2e6, 0, 15, 60)
    30.0
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
    """Average price per million tokens for a mix of input and output tokens.

    Parameters
    ----------
    usd_per_m_input, usd_per_m_output : float or array-like
        List prices in US dollars per million tokens (>= 0).
    output_share : float or array-like
        Share of all tokens that are output, in [0, 1].
    cached_fraction : float or array-like, default 0.0
        Share of *input* tokens served from the cache, in [0, 1].
    usd_per_m_cached_input : float or array-like, optional
        Price of cached input; required when ``cached_fraction > 0``.

    Returns
    -------
    float or numpy.ndarray
        US dollars per million tokens of the mix.

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

    Parameters
    ----------
    subscription_usd : float or array-like
        Subscription price for the period, in US dollars (>= 0).
    usd_per_m_input, usd_per_m_output : float or array-like
        API list prices in US dollars per million tokens (>= 0, not both zero).
    output_share : float or array-like
        Share of all tokens that are output, in [0, 1].
    cached_fraction, usd_per_m_cached_input
        As in :func:`api_cost_usd`.

    Returns
    -------
    float or numpy.ndarray
        Tokens per period (``inf`` where the mix costs nothing).

    References
    ----------
    .. [1] OpenAI, "Introducing ChatGPT Pro" (December 2024): $200 a month.

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

    Attributes
    ----------
    api_usd : float
        The workload's API bill.
    subscription_usd : float
        The subscription's price for the same period.
    cheaper : str
        ``"api"``, ``"subscription"`` or ``"equal"``.
    breakeven_tokens : float
        Total tokens per period (same input/output mix) at which the two cost the same.
    workload_multiple : float
        ``breakeven_tokens`` divided by the workload's tokens: how many times this
        workload the subscription's price would pay for on the API (``inf`` for no use).
    """

    api_usd: float
    subscription_usd: float
    cheaper: str
    breakeven_tokens: float
    workload_multiple: float


def subscription_breakeven(subscription_usd, input_tokens, output_tokens, usd_per_m_input,
                           usd_per_m_output, cached_fraction=0.0, usd_per_m_cached_input=None):
    """Compare a workload's API bill with a flat subscription.

    Parameters
    ----------
    subscription_usd : float
        Subscription price for the period, in US dollars (>= 0).
    input_tokens, output_tokens : float
        The workload's tokens in the period (>= 0).
    usd_per_m_input, usd_per_m_output, cached_fraction, usd_per_m_cached_input : float
        As in :func:`api_cost_usd`, but single numbers (not arrays).

    Returns
    -------
    Breakeven

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
