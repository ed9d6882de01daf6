"""Market structure: shares, the Herfindahl-Hirschman Index and the US guidelines' bands."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import check_number, checked

__all__ = ["HHI_BANDS", "HHI_CHANGE_2023", "MERGED_SHARE_2023", "HhiBands", "hhi", "hhi_band",
           "hhi_delta", "merger_presumption", "shares_from_sizes"]


@dataclass(frozen=True)
class HhiBands:
    """Concentration lines of one edition of the US merger guidelines (2023: no lower line)."""

    moderate_from: float | None
    high_above: float
    citation: str


HHI_BANDS: dict[str, HhiBands] = {
    "2023": HhiBands(None, 1800.0,
                     "US Department of Justice and Federal Trade Commission, Merger "
                     "Guidelines (18 December 2023), Guideline 1 (section 2.1): a market with "
                     "an HHI above 1,800 is highly concentrated; a merger that leaves the market "
                     "above 1,800 and raises the HHI by more than 100 is presumed to lessen "
                     "competition substantially, as is one that creates a firm with more than "
                     "30% of the market and raises the HHI by more than 100; the 2023 edition "
                     "defines no lower band"),
    "2010": HhiBands(1500.0, 2500.0,
                     "US Department of Justice and Federal Trade Commission, Horizontal "
                     "Merger Guidelines (19 August 2010), section 5.3"),
    "1992": HhiBands(1000.0, 1800.0,
                     "US Department of Justice and Federal Trade Commission, Horizontal "
                     "Merger Guidelines (2 April 1992, revised 1997), section 1.51, as quoted "
                     "by secondary sources"),
}

#: The 2023 presumption: an HHI change above this, and a highly concentrated market or a
#: merged share above this percentage.
HHI_CHANGE_2023 = 100.0
MERGED_SHARE_2023 = 30.0

_PERCENT = {"minimum": 0, "maximum": 100}
_HHI = {"minimum": 0, "maximum": 10_000}


def shares_from_sizes(sizes):
    """Market shares in percent (adding up to 100) from firm sizes (each >= 0, one > 0).

    Examples
    --------
    >>> shares_from_sizes([8, 1, 1]).tolist()
    [80.0, 10.0, 10.0]
    """
    arr = check_number("sizes", sizes, minimum=0, ndim=1)
    total = arr.sum()
    if total <= 0:
        raise ValueError(f"sizes must include at least one size > 0; got {sizes!r}")
    return arr / total * 100.0


def hhi(shares_percent):
    """Herfindahl-Hirschman Index: the sum of squared market shares (in percent), 0 to 10,000.

    Examples
    --------
    >>> hhi([80, 10, 10]), hhi([0.8, 0.1, 0.1])  # fractions, not percent: a wrong, tiny HHI
    (6600.0, 0.66)
    """
    shares = check_number("shares_percent", shares_percent, **_PERCENT, ndim=1)
    if shares.sum() > 100 * (1 + 1e-9):
        raise ValueError(f"shares_percent must add up to at most 100; got {shares_percent!r}, "
                         f"which adds up to {shares.sum():g}")
    return float(np.sum(shares ** 2))


@checked(array=False, share_a=_PERCENT, share_b=_PERCENT)
def hhi_delta(share_a, share_b):
    """How much a merger of two firms raises the HHI: ``2 x share_a x share_b`` (in percent).

    Examples
    --------
    >>> hhi_delta(10, 10)
    200.0
    """
    if share_a + share_b > 100 * (1 + 1e-9):
        raise ValueError(f"share_a + share_b must be at most 100; got {share_a:g} + {share_b:g}")
    return 2.0 * share_a * share_b


@checked(array=False, hhi_after=_HHI, hhi_change=_HHI, merged_share=_PERCENT)
def merger_presumption(hhi_after, hhi_change, merged_share):
    """Whether the 2023 US Merger Guidelines presume a merger lessens competition: an
    *hhi_change* above 100 and either *hhi_after* above 1,800 or *merged_share* above 30%.

    Examples
    --------
    >>> merger_presumption(1700 + hhi_delta(10, 10), hhi_delta(10, 10), 20)  # two 10% firms
    True
    """
    return hhi_change > HHI_CHANGE_2023 and (hhi_after > HHI_BANDS["2023"].high_above
                                             or merged_share > MERGED_SHARE_2023)


@checked(array=False, hhi=_HHI)
def hhi_band(hhi, guidelines="2023"):
    """The concentration band of an HHI under the *guidelines* of 2023, 2010 or 1992.

    Examples
    --------
    >>> hhi_band(2000), hhi_band(2000, guidelines="2010"), hhi_band(900, guidelines="1992")
    ('highly concentrated', 'moderately concentrated', 'unconcentrated')
    """
    if not isinstance(guidelines, str) or guidelines not in HHI_BANDS:
        raise ValueError(f"guidelines must be one of {', '.join(map(repr, HHI_BANDS))}; "
                         f"got {guidelines!r}")
    bands = HHI_BANDS[guidelines]
    if hhi > bands.high_above:
        return "highly concentrated"
    if bands.moderate_from is None:
        return "not highly concentrated"
    if hhi >= bands.moderate_from:
        return "moderately concentrated"
    return "unconcentrated"
