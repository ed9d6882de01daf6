"""The Bass diffusion model. Arguments (numbers or arrays): ``p`` innovation (> 0) and ``q``
imitation (>= 0) per period, ``m`` market potential (> 0), ``t`` time since launch in periods
(>= 0)."""

from __future__ import annotations

import numpy as np

from ..checks import NON_NEGATIVE, POSITIVE, checked

__all__ = ["BASS_AVERAGES", "bass_adoption", "bass_new_adopters", "bass_peak_time",
           "bass_time_to_share"]

BASS_AVERAGES = {"p": 0.03, "q": 0.38}
"""Average innovation and imitation coefficients (per year): Sultan, Farley and Lehmann (1990)."""


@checked(p=POSITIVE, q=NON_NEGATIVE, m=POSITIVE, t=NON_NEGATIVE)
def bass_adoption(p, q, m, t):
    """Cumulative adopters: ``N(t) = m (1 - e) / (1 + (q / p) e)`` with ``e = exp(-(p + q) t)``.

    Examples
    --------
    >>> [round(x) for x in bass_adoption(0.03, 0.38, 1000, [1, 5, 20])]
    [36, 331, 996]
    """
    decay = np.exp(-(p + q) * t)
    return m * (1.0 - decay) / (1.0 + (q / p) * decay)


@checked(p=POSITIVE, q=NON_NEGATIVE, m=POSITIVE, t={"minimum": 1})
def bass_new_adopters(p, q, m, t):
    """New adopters in the period that ends at *t* (>= 1): ``N(t) - N(t - 1)``.

    Examples
    --------
    >>> new = bass_new_adopters(0.03, 0.38, 1000, np.arange(1, 11))
    >>> int(np.argmax(new)) + 1  # the busiest period
    7
    """
    return bass_adoption(p, q, m, t) - bass_adoption(p, q, m, t - 1.0)


@checked(p=POSITIVE, q=NON_NEGATIVE)
def bass_peak_time(p, q):
    """When new adoptions peak: ``ln(q / p) / (p + q)``, or 0 if ``q <= p`` (no S-curve).

    Examples
    --------
    >>> round(bass_peak_time(0.03, 0.38), 2), bass_peak_time(0.05, 0.01)
    (6.19, 0.0)
    """
    return np.log(np.maximum(q / p, 1.0)) / (p + q)


@checked(p=POSITIVE, q=NON_NEGATIVE, share={"minimum": 0, "maximum": 1, "max_open": True})
def bass_time_to_share(p, q, share):
    """When adoption reaches *share* (in [0, 1)) of *m*: ``ln((1 + s q/p) / (1 - s)) / (p + q)``.

    Examples
    --------
    >>> round(bass_time_to_share(0.03, 0.38, 0.5), 2)
    6.55
    """
    return np.log((1 + share * q / p) / (1 - share)) / (p + q)
