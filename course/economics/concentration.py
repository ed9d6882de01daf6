"""Market structure: shares, the Herfindahl-Hirschman Index and its concentration bands.

The HHI is the sum of the squared market shares of the firms in a market, with
shares in percent, so it runs from near 0 (many tiny firms) to 10,000 (one firm).
US antitrust agencies sort markets into bands by HHI; the bands changed in 2023.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import check_number, check_shares

__all__ = ["HHI_BANDS", "HhiBands", "hhi", "hhi_band", "hhi_delta", "shares_from_sizes"]


@dataclass(frozen=True)
class HhiBands:
    """Concentration bands of one edition of the US merger guidelines.

    A market is *unconcentrated* below ``moderate_from``, *highly concentrated*
    above ``high_above``, and *moderately concentrated* in between (both ends included).
    """

    guidelines: str
    moderate_from: float
    high_above: float
    citation: str


HHI_BANDS: dict[str, HhiBands] = {
    "2023": HhiBands("2023", 1000.0, 1800.0,
                     "US Department of Justice and Federal Trade Commission, Merger "
                     "Guidelines (18 December 2023), section 2.1 (Guideline 1): HHI above "
                     "1,800 is highly concentrated; the 1,000 line below which a market is "
                     "unconcentrated follows the 1992 Horizontal Merger Guidelines, "
                     "section 1.51, whose 1,800 line the 2023 edition restored"),
    "2010": HhiBands("2010", 1500.0, 2500.0,
                     "US Department of Justice and Federal Trade Commission, Horizontal "
                     "Merger Guidelines (19 August 2010), section 5.3"),
}


def shares_from_sizes(sizes):
    """Market shares in percent from firm sizes (sales, users, downloads...).

    Parameters
    ----------
    sizes : array-like
        One size per firm, each >= 0, at least one > 0.

    Returns
    -------
    numpy.ndarray
        Shares in percent, adding up to 100.

    Examples
    --------
    >>> shares_from_sizes([8, 1, 1]).tolist()
    [80.0, 10.0, 10.0]
    """
    arr = check_shares("sizes", sizes)
    total = arr.sum()
    if total <= 0:
        raise ValueError(f"sizes must include at least one size > 0; got {sizes!r}")
    return arr / total * 100.0


def hhi(shares_percent):
    """Herfindahl-Hirschman Index: the sum of squared market shares in percent.

    Parameters
    ----------
    shares_percent : array-like
        One share per firm in percent (each in 0..100, adding up to at most 100).
        Firms left out count as zero, which understates the index.

    Returns
    -------
    float
        The HHI, between 0 and 10,000 (10,000 only for a monopoly).

    Raises
    ------
    TypeError, ValueError
        If the shares are not a non-empty 1-D list of numbers in 0..100 adding up to at
        most 100 (use :func:`shares_from_sizes` to turn sizes into shares).

    References
    ----------
    .. [1] US Department of Justice and Federal Trade Commission, Merger Guidelines
       (2023), section 2.1.

    Examples
    --------
    >>> hhi([80, 10, 10])
    6600.0
    >>> hhi([100])
    10000.0
    >>> hhi([0.8, 0.1, 0.1])  # fractions, not percent: a tiny (and wrong) HHI
    0.66
    """
    shares = check_shares("shares_percent", shares_percent, total=100.0)
    return float(np.sum(shares ** 2))


def hhi_delta(share_a, share_b):
    """How much a merger of two firms raises the HHI: ``2 x a x b``.

    Parameters
    ----------
    share_a, share_b : float
        The merging firms' shares in percent (each in 0..100, together at most 100).

    Returns
    -------
    float

    Examples
    --------
    Under the 2023 guidelines a rise of more than 100 in a highly concentrated market
    is presumed to lessen competition substantially:

    >>> hhi_delta(10, 10)
    200.0
    """
    a = check_number("share_a", share_a, minimum=0, maximum=100, array=False)
    b = check_number("share_b", share_b, minimum=0, maximum=100, array=False)
    if a + b > 100 * (1 + 1e-9):
        raise ValueError(f"share_a + share_b must be at most 100; got {share_a!r} + {share_b!r}")
    return 2.0 * a * b


def hhi_band(hhi, guidelines="2023"):
    """The concentration band of an HHI under the US merger guidelines.

    2023 guidelines: above 1,800 *highly concentrated*, 1,000 to 1,800 *moderately
    concentrated*, below 1,000 *unconcentrated*. The 2023 text states the 1,800 line;
    the 1,000 line is that of the 1992 guidelines, whose 1,800 line it restored. The
    2010 Horizontal Merger Guidelines (section 5.3) drew the lines at 1,500 and 2,500
    instead. :data:`HHI_BANDS` holds both editions with their citations.

    Parameters
    ----------
    hhi : float
        An HHI in 0..10,000.
    guidelines : {"2023", "2010"}, default "2023"
        Which edition's bands to use.

    Returns
    -------
    str
        ``"unconcentrated"``, ``"moderately concentrated"`` or ``"highly concentrated"``.

    References
    ----------
    .. [1] US Department of Justice and Federal Trade Commission, Merger Guidelines
       (18 December 2023), section 2.1.
    .. [2] US Department of Justice and Federal Trade Commission, Horizontal Merger
       Guidelines (19 August 2010), section 5.3.
    .. [3] US Department of Justice and Federal Trade Commission, Horizontal Merger
       Guidelines (2 April 1992), section 1.51.

    Examples
    --------
    >>> hhi_band(6600)
    'highly concentrated'
    >>> hhi_band(2000), hhi_band(2000, guidelines="2010")
    ('highly concentrated', 'moderately concentrated')
    >>> hhi_band(900)
    'unconcentrated'
    """
    if not isinstance(guidelines, str) or guidelines not in HHI_BANDS:
        raise ValueError(f"guidelines must be one of {', '.join(map(repr, HHI_BANDS))}; "
                         f"got {guidelines!r}")
    value = check_number("hhi", hhi, minimum=0, maximum=10_000, array=False)
    bands = HHI_BANDS[guidelines]
    if value > bands.high_above:
        return "highly concentrated"
    if value >= bands.moderate_from:
        return "moderately concentrated"
    return "unconcentrated"
