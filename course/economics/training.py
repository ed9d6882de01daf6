"""The cost of training a model: compute (6ND), GPU-hours, rental cost, days, utilisation."""

from __future__ import annotations

from ..checks import NON_NEGATIVE, POSITIVE, checked

__all__ = ["gpu_hours", "implied_utilization", "training_cost_usd", "training_days",
           "training_flops"]

_SECONDS_PER_HOUR = 3600.0


@checked(n_params=NON_NEGATIVE, n_tokens=NON_NEGATIVE)
def training_flops(n_params, n_tokens):
    """Training compute in FLOP: ``6 x n_params x n_tokens``, with the parameters active per token.

    Examples
    --------
    >>> f"{training_flops(37e9, 14.8e12):.3g}"  # DeepSeek-V3: 37B active, 14.8T tokens
    '3.29e+24'
    """
    return 6.0 * n_params * n_tokens


@checked(flops=NON_NEGATIVE, peak_flops_per_gpu=POSITIVE,
         utilization={"minimum": 0, "maximum": 1, "min_open": True})
def gpu_hours(flops, peak_flops_per_gpu, utilization):
    """GPU-hours to perform *flops*: ``flops / (peak_flops_per_gpu x utilization x 3600)``,
    with the datasheet's peak FLOP per second and the share of it achieved, in (0, 1].

    Examples
    --------
    >>> gpu_hours(1.8e18, 1e15, 0.5)
    1.0
    """
    return flops / (peak_flops_per_gpu * utilization * _SECONDS_PER_HOUR)


@checked(flops=NON_NEGATIVE, gpu_hours=POSITIVE, peak_flops_per_gpu=POSITIVE)
def implied_utilization(flops, gpu_hours, peak_flops_per_gpu):
    """The utilisation a reported run implies: ``flops / (gpu_hours x 3600 x peak)``.

    Examples
    --------
    >>> implied_utilization(1.8e18, 1.0, 1e15)
    0.5
    """
    return flops / (gpu_hours * _SECONDS_PER_HOUR * peak_flops_per_gpu)


@checked(gpu_hours=NON_NEGATIVE, usd_per_gpu_hour=NON_NEGATIVE)
def training_cost_usd(gpu_hours, usd_per_gpu_hour):
    """Rental cost of a training run in US dollars: ``gpu_hours x usd_per_gpu_hour``.

    Examples
    --------
    >>> training_cost_usd(2.788e6, 2.0)
    5576000.0
    """
    return gpu_hours * usd_per_gpu_hour


@checked(gpu_hours=NON_NEGATIVE, n_gpus=POSITIVE)
def training_days(gpu_hours, n_gpus):
    """Wall-clock days for *gpu_hours* over *n_gpus* (> 0) GPUs, all busy all the time.

    Examples
    --------
    >>> round(training_days(2.788e6, 2048), 1)
    56.7
    """
    return gpu_hours / n_gpus / 24.0
