"""How adoption spreads: the Bass diffusion model.

A population of ``m`` potential adopters; each period, those who have not adopted yet
adopt at a rate ``p + q x N / m``: ``p`` is *innovation* (adopting on one's own, from
advertising or news) and ``q`` is *imitation* (adopting because others have, from word
of mouth, shared tools and derivative models). The model is

    dN/dt = (p + q N / m) (m - N),    N(0) = 0,

with the closed-form solution

    N(t) = m (1 - exp(-(p + q) t)) / (1 + (q / p) exp(-(p + q) t)).

Adoption follows an S-curve when ``q > p``; new adoptions peak at
``t* = ln(q / p) / (p + q)``. Across many consumer products, Sultan, Farley and
Lehmann (1990) found averages near ``p = 0.03`` and ``q = 0.38`` per year.
"""

from __future__ import annotations

import numpy as np

from ..checks import broadcast, check_number, result

__all__ = ["BASS_AVERAGES", "bass_adoption", "bass_new_adopters", "bass_peak_time",
           "bass_time_to_share"]

BASS_AVERAGES = {"p": 0.03, "q": 0.38}
"""Average innovation and imitation coefficients (per year) across consumer products in the
meta-analysis of F. Sultan, J. U. Farley and D. R. Lehmann, *Journal of Marketing Research*
27(1), 70-77 (1990)."""


def _parameters(p, q, m):
    return (check_number("p", p, minimum=0, min_open=True),
            check_number("q", q, minimum=0),
            check_number("m", m, minimum=0, min_open=True))


def _cumulative(p, q, m, t):
    decay = np.exp(-(p + q) * t)
    return m * (1.0 - decay) / (1.0 + (q / p) * decay)


def bass_adoption(p, q, m, t):
    """Cumulative adopters at time *t* in the Bass model (closed form).

    Parameters
    ----------
    p : float or array-like
        Coefficient of innovation (> 0), per period.
    q : float or array-like
        Coefficient of imitation (>= 0), per period.
    m : float or array-like
        Market potential: how many will ever adopt (> 0).
    t : float or array-like
        Time since launch, in periods (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Cumulative adopters N(t), rising from 0 towards m and never above it.

    References
    ----------
    .. [1] F. M. Bass, "A New Product Growth for Model Consumer Durables",
       *Management Science* 15(5), 215-227 (1969).
    .. [2] F. Sultan, J. U. Farley and D. R. Lehmann, "A Meta-Analysis of Applications
       of Diffusion Models", *Journal of Marketing Research* 27(1), 70-77 (1990).

    Examples
    --------
    >>> bass_adoption(0.03, 0.38, 1000, 0)
    0.0
    >>> round(bass_adoption(0.03, 0.38, 1000, 10))
    813
    >>> [round(x) for x in bass_adoption(0.03, 0.38, 1000, [1, 5, 20])]
    [36, 331, 996]
    """
    p, q, m = _parameters(p, q, m)
    times = check_number("t", t, minimum=0)
    p_, q_, m_, times = broadcast(p=p, q=q, m=m, t=times)
    return result(_cumulative(p_, q_, m_, times), p, q, m, t)


def bass_new_adopters(p, q, m, t):
    """New adopters in the period that ends at *t*: ``N(t) - N(t - 1)``.

    Parameters
    ----------
    p, q, m : float or array-like
        As in :func:`bass_adoption`.
    t : float or array-like
        End of the period (>= 1); ``t = 1`` is the first period after launch.

    Returns
    -------
    float or numpy.ndarray
        Adopters gained during the period; they add up to :func:`bass_adoption`.

    Examples
    --------
    >>> new = bass_new_adopters(0.03, 0.38, 1000, np.arange(1, 11))
    >>> round(float(new.sum())) == round(bass_adoption(0.03, 0.38, 1000, 10))
    True
    >>> int(np.argmax(new)) + 1  # the busiest period
    7
    """
    p, q, m = _parameters(p, q, m)
    times = check_number("t", t, minimum=1)
    p_, q_, m_, times = broadcast(p=p, q=q, m=m, t=times)
    new = _cumulative(p_, q_, m_, times) - _cumulative(p_, q_, m_, times - 1.0)
    return result(new, p, q, m, t)


def bass_peak_time(p, q):
    """When new adoptions peak: ``ln(q / p) / (p + q)``, or 0 if ``q <= p``.

    When imitation is no stronger than innovation, adoptions are highest at launch
    and only fall; otherwise they rise to a peak and the cumulative curve is an S.

    Parameters
    ----------
    p : float or array-like
        Coefficient of innovation (> 0).
    q : float or array-like
        Coefficient of imitation (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Time of the peak, in periods.

    Examples
    --------
    >>> round(bass_peak_time(0.03, 0.38), 2)
    6.19
    >>> bass_peak_time(0.05, 0.01)
    0.0
    """
    p_ = check_number("p", p, minimum=0, min_open=True)
    q_ = check_number("q", q, minimum=0)
    p_, q_ = broadcast(p=p_, q=q_)
    with np.errstate(divide="ignore"):
        peak = np.where(q_ > p_, np.log(np.where(q_ > p_, q_ / p_, 1.0)) / (p_ + q_), 0.0)
    return result(peak, p, q)


def bass_time_to_share(p, q, share):
    """When cumulative adoption reaches a share of the market potential.

    Solving ``N(t) / m = s`` in the closed form gives
    ``t = ln((1 + s q / p) / (1 - s)) / (p + q)``.

    Parameters
    ----------
    p, q : float or array-like
        As in :func:`bass_peak_time`.
    share : float or array-like
        The share of ``m``, in [0, 1) (adoption only approaches ``m``).

    Returns
    -------
    float or numpy.ndarray
        Time in periods.

    Examples
    --------
    >>> round(bass_time_to_share(0.03, 0.38, 0.5), 2)
    6.55
    >>> t = bass_time_to_share(0.03, 0.38, 0.9)
    >>> round(bass_adoption(0.03, 0.38, 1, t), 6)
    0.9
    """
    p_ = check_number("p", p, minimum=0, min_open=True)
    q_ = check_number("q", q, minimum=0)
    s = check_number("share", share, minimum=0, maximum=1, max_open=True)
    p_, q_, s = broadcast(p=p_, q=q_, share=s)
    return result(np.log((1 + s * q_ / p_) / (1 - s)) / (p_ + q_), p, q, share)
