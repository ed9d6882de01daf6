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

Arguments (numbers or arrays): ``p`` innovation (> 0) and ``q`` imitation (>= 0) per
period, ``m`` market potential (> 0), ``t`` time since launch in periods (>= 0).

References: F. M. Bass, "A New Product Growth for Model Consumer Durables", *Management
Science* 15(5), 215-227 (1969); F. Sultan, J. U. Farley and D. R. Lehmann, "A
Meta-Analysis of Applications of Diffusion Models", *Journal of Marketing Research*
27(1), 70-77 (1990).
"""

from __future__ import annotations

import numpy as np

from ..checks import broadcast, check_number, result

__all__ = ["BASS_AVERAGES", "bass_adoption", "bass_new_adopters", "bass_peak_time",
           "bass_time_to_share"]

BASS_AVERAGES = {"p": 0.03, "q": 0.38}
"""Average innovation and imitation coefficients (per year): Sultan, Farley and Lehmann (1990)."""


def _parameters(p, q, m):
    return (check_number("p", p, minimum=0, min_open=True),
            check_number("q", q, minimum=0),
            check_number("m", m, minimum=0, min_open=True))


def _cumulative(p, q, m, t):
    decay = np.exp(-(p + q) * t)
    return m * (1.0 - decay) / (1.0 + (q / p) * decay)


def bass_adoption(p, q, m, t):
    """Cumulative adopters N(t) in the Bass model (closed form): from 0 towards *m*.

    Examples
    --------
    >>> [round(x) for x in bass_adoption(0.03, 0.38, 1000, [1, 5, 20])]
    [36, 331, 996]
    """
    p, q, m = _parameters(p, q, m)
    times = check_number("t", t, minimum=0)
    p_, q_, m_, times = broadcast(p=p, q=q, m=m, t=times)
    return result(_cumulative(p_, q_, m_, times), p, q, m, t)


def bass_new_adopters(p, q, m, t):
    """New adopters in the period that ends at *t* (>= 1): ``N(t) - N(t - 1)``.

    Examples
    --------
    >>> new = bass_new_adopters(0.03, 0.38, 1000, np.arange(1, 11))
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

    Examples
    --------
    >>> round(bass_peak_time(0.03, 0.38), 2), bass_peak_time(0.05, 0.01)
    (6.19, 0.0)
    """
    p_ = check_number("p", p, minimum=0, min_open=True)
    q_ = check_number("q", q, minimum=0)
    p_, q_ = broadcast(p=p_, q=q_)
    with np.errstate(divide="ignore"):
        peak = np.where(q_ > p_, np.log(np.where(q_ > p_, q_ / p_, 1.0)) / (p_ + q_), 0.0)
    return result(peak, p, q)


def bass_time_to_share(p, q, share):
    """When cumulative adoption reaches *share* (in [0, 1)) of the market potential.

    Solving ``N(t) / m = s`` in the closed form gives
    ``t = ln((1 + s q / p) / (1 - s)) / (p + q)``.

    Examples
    --------
    >>> round(bass_time_to_share(0.03, 0.38, 0.5), 2)
    6.55
    """
    p_ = check_number("p", p, minimum=0, min_open=True)
    q_ = check_number("q", q, minimum=0)
    s = check_number("share", share, minimum=0, maximum=1, max_open=True)
    p_, q_, s = broadcast(p=p_, q=q_, share=s)
    return result(np.log((1 + s * q_ / p_) / (1 - s)) / (p_ + q_), p, q, share)
