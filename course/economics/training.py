"""The cost of training a model: compute (6ND), GPU-hours, rental cost, days, utilisation."""

from __future__ import annotations

from ..checks import broadcast, check_number, result

__all__ = ["gpu_hours", "implied_utilization", "training_cost_usd", "training_days",
           "training_flops"]

_SECONDS_PER_HOUR = 3600.0


def training_flops(n_params, n_tokens):
    """Training compute in FLOP: ``6 x n_params x n_tokens``, with the parameters active per token.

    Examples
    --------
    >>> f"{training_flops(37e9, 14.8e12):.3g}"  # DeepSeek-V3: 37B active, 14.8T tokens
    '3.29e+24'
    """
    n = check_number("n_params", n_params, minimum=0)
    d = check_number("n_tokens", n_tokens, minimum=0)
    n, d = broadcast(n_params=n, n_tokens=d)
    return result(6.0 * n * d, n_params, n_tokens)


def gpu_hours(flops, peak_flops_per_gpu, utilization):
    """GPU-hours to perform *flops*: ``flops / (peak_flops_per_gpu x utilization x 3600)``,
    with the datasheet's peak FLOP per second and the share of it achieved, in (0, 1].

    Examples
    --------
    >>> gpu_hours(1.8e18, 1e15, 0.5)
    1.0
    """
    f = check_number("flops", flops, minimum=0)
    peak = check_number("peak_flops_per_gpu", peak_flops_per_gpu, minimum=0, min_open=True)
    u = check_number("utilization", utilization, minimum=0, maximum=1, min_open=True)
    f, peak, u = broadcast(flops=f, peak_flops_per_gpu=peak, utilization=u)
    return result(f / (peak * u * _SECONDS_PER_HOUR), flops, peak_flops_per_gpu, utilization)


def implied_utilization(flops, gpu_hours, peak_flops_per_gpu):
    """The utilisation a reported run implies: ``flops / (gpu_hours x 3600 x peak)``.

    Examples
    --------
    >>> implied_utilization(1.8e18, 1.0, 1e15)
    0.5
    """
    f = check_number("flops", flops, minimum=0)
    hours = check_number("gpu_hours", gpu_hours, minimum=0, min_open=True)
    peak = check_number("peak_flops_per_gpu", peak_flops_per_gpu, minimum=0, min_open=True)
    f, hours, peak = broadcast(flops=f, gpu_hours=hours, peak_flops_per_gpu=peak)
    return result(f / (hours * _SECONDS_PER_HOUR * peak), flops, gpu_hours, peak_flops_per_gpu)


def training_cost_usd(gpu_hours, usd_per_gpu_hour):
    """Rental cost of a training run in US dollars: ``gpu_hours x usd_per_gpu_hour``.

    Examples
    --------
    >>> training_cost_usd(2.788e6, 2.0)
    5576000.0
    """
    hours = check_number("gpu_hours", gpu_hours, minimum=0)
    price = check_number("usd_per_gpu_hour", usd_per_gpu_hour, minimum=0)
    hours, price = broadcast(gpu_hours=hours, usd_per_gpu_hour=price)
    return result(hours * price, gpu_hours, usd_per_gpu_hour)


def training_days(gpu_hours, n_gpus):
    """Wall-clock days for *gpu_hours* over *n_gpus* (> 0) GPUs, all busy all the time.

    Examples
    --------
    >>> round(training_days(2.788e6, 2048), 1)
    56.7
    """
    hours = check_number("gpu_hours", gpu_hours, minimum=0)
    gpus = check_number("n_gpus", n_gpus, minimum=0, min_open=True)
    hours, gpus = broadcast(gpu_hours=hours, n_gpus=gpus)
    return result(hours / gpus / 24.0, gpu_hours, n_gpus)
