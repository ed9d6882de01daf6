"""The Bass diffusion model. Arguments (numbers or arrays): ``p`` innovation (> 0) and ``q``
imitation (>= 0) per period, ``m`` market potential (> 0), ``t`` time since launch in periods
(>= 0)."""

from __future__ import annotations

import numpy as np

from ..checks import broadcast, check_number, result

__all__ = ["BASS_AVERAGES", "bass_adoption", "bass_new_adopters", "bass_peak_time",
           "bass_time_to_share"]

BASS_AVERAGES = {"p": 0.03, "q": 0.38}
"""Average innovation and imitation coefficients (per year): Sultan, Farley and Lehmann (1990)."""


def _parameters(p, q, m=1.0):
    return (check_number("p", p, minimum=0, min_open=True),
            check_number("q", q, minimum=0),
            check_number("m", m, minimum=0, min_open=True))


def _cumulative(p, q, m, t):
    decay = np.exp(-(p + q) * t)
    return m * (1.0 - decay) / (1.0 + (q / p) * decay)


def bass_adoption(p, q, m, t):
    """Cumulative adopters: ``N(t) = m (1 - e) / (1 + (q / p) e)`` with ``e = exp(-(p + q) t)``.

    Examples
    --------
    >>> [round(x) for x in bass_adoption(0.03, 0.38, 1000, [1, 5, 20])]
    [36, 331, 996]
    """
    p_, q_, m_ = _parameters(p, q, m)
    arrays = broadcast(p=p_, q=q_, m=m_, t=check_number("t", t, minimum=0))
    return result(_cumulative(*arrays), p, q, m, t)


def bass_new_adopters(p, q, m, t):
    """New adopters in the period that ends at *t* (>= 1): ``N(t) - N(t - 1)``.

    Examples
    --------
    >>> new = bass_new_adopters(0.03, 0.38, 1000, np.arange(1, 11))
    >>> int(np.argmax(new)) + 1  # the busiest period
    7
    """
    p_, q_, m_ = _parameters(p, q, m)
    p_, q_, m_, t_ = broadcast(p=p_, q=q_, m=m_, t=check_number("t", t, minimum=1))
    return result(_cumulative(p_, q_, m_, t_) - _cumulative(p_, q_, m_, t_ - 1.0), p, q, m, t)


def bass_peak_time(p, q):
    """When new adoptions peak: ``ln(q / p) / (p + q)``, or 0 if ``q <= p`` (no S-curve).

    Examples
    --------
    >>> round(bass_peak_time(0.03, 0.38), 2), bass_peak_time(0.05, 0.01)
    (6.19, 0.0)
    """
    p_, q_, _ = _parameters(p, q)
    p_, q_ = broadcast(p=p_, q=q_)
    return result(np.log(np.maximum(q_ / p_, 1.0)) / (p_ + q_), p, q)


def bass_time_to_share(p, q, share):
    """When adoption reaches *share* (in [0, 1)) of *m*: ``ln((1 + s q/p) / (1 - s)) / (p + q)``.

    Examples
    --------
    >>> round(bass_time_to_share(0.03, 0.38, 0.5), 2)
    6.55
    """
    p_, q_, _ = _parameters(p, q)
    s = check_number("share", share, minimum=0, maximum=1, max_open=True)
    p_, q_, s = broadcast(p=p_, q=q_, share=s)
    return result(np.log((1 + s * q_ / p_) / (1 - s)) / (p_ + q_), p, q, share)
