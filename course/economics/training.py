"""The cost of training a model: compute, GPU-hours, money and time.

The chain the course follows is

    FLOP = 6 x parameters x tokens                      (the 6ND rule)
    GPU-hours = FLOP / (peak FLOP/s per GPU x utilisation x 3600)
    cost = GPU-hours x rental price per GPU-hour

For a mixture-of-experts model such as DeepSeek-V3 the parameters that count are the
*active* ones (37B of 671B), because each token only passes through those. Every
function takes numbers or arrays (broadcast together) and returns a float or an array.

References: J. Kaplan et al., "Scaling Laws for Neural Language Models", arXiv 2001.08361
(2020), section 2.1; A. Chowdhery et al., "PaLM", arXiv 2204.02311 (2022), appendix B
(model FLOP utilisation); DeepSeek-AI, "DeepSeek-V3 Technical Report", arXiv 2412.19437
(2024): 37B active parameters, 14.8T tokens, 2,788K H800 GPU-hours at $2, $5.576M.
"""

from __future__ import annotations

from ..checks import broadcast, check_number, result

__all__ = ["gpu_hours", "implied_utilization", "training_cost_usd", "training_days",
           "training_flops"]

_SECONDS_PER_HOUR = 3600.0


def training_flops(n_params, n_tokens):
    """Training compute in FLOP by the 6·N·D rule of thumb.

    Each token costs about 2 FLOP per parameter in the forward pass and 4 in the
    backward pass.

    Parameters
    ----------
    n_params : float or array-like
        Parameters used per token, N (>= 0): for a mixture-of-experts model, the *active*
        parameters.
    n_tokens : float or array-like
        Training tokens, D (>= 0).

    Examples
    --------
    DeepSeek-V3 (37B active parameters, 14.8T tokens):

    >>> f"{training_flops(37e9, 14.8e12):.3g}"
    '3.29e+24'
    """
    n = check_number("n_params", n_params, minimum=0)
    d = check_number("n_tokens", n_tokens, minimum=0)
    n, d = broadcast(n_params=n, n_tokens=d)
    return result(6.0 * n * d, n_params, n_tokens)


def gpu_hours(flops, peak_flops_per_gpu, utilization):
    """GPU-hours needed to perform *flops* at a given utilisation of peak throughput.

    Parameters
    ----------
    flops : float or array-like
        Training compute in FLOP (>= 0).
    peak_flops_per_gpu : float or array-like
        The GPU's peak FLOP per second (> 0), e.g. the datasheet's dense BF16 figure.
    utilization : float or array-like
        Share of peak achieved, in (0, 1] (MFU); large runs reach 0.3 to 0.5.

    Examples
    --------
    One hour on one GPU at 1e15 FLOP/s and 50% utilisation performs 1.8e18 FLOP:

    >>> gpu_hours(1.8e18, 1e15, 0.5)
    1.0
    """
    f = check_number("flops", flops, minimum=0)
    peak = check_number("peak_flops_per_gpu", peak_flops_per_gpu, minimum=0, min_open=True)
    u = check_number("utilization", utilization, minimum=0, maximum=1, min_open=True)
    f, peak, u = broadcast(flops=f, peak_flops_per_gpu=peak, utilization=u)
    return result(f / (peak * u * _SECONDS_PER_HOUR), flops, peak_flops_per_gpu, utilization)


def implied_utilization(flops, gpu_hours, peak_flops_per_gpu):
    """The utilisation (a fraction) that a reported run implies: the inverse of :func:`gpu_hours`.

    ``flops / (gpu_hours x 3600 x peak)``. Above 1, the figures cannot all be right at
    that peak (or the run used a faster number format, e.g. FP8 against a BF16 peak).

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
    """Rental cost of a training run in US dollars: GPU-hours x price of one GPU-hour.

    This is the *marginal* cost of one run at a rental price. It leaves out buying the
    cluster, failed and experimental runs, data, staff and electricity beyond the rate.

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
    """Wall-clock days for *gpu_hours* over *n_gpus* (> 0) GPUs, every GPU busy all the time.

    Examples
    --------
    DeepSeek-V3's 2.788M GPU-hours on 2,048 GPUs take under two months:

    >>> round(training_days(2.788e6, 2048), 1)
    56.7
    """
    hours = check_number("gpu_hours", gpu_hours, minimum=0)
    gpus = check_number("n_gpus", n_gpus, minimum=0, min_open=True)
    hours, gpus = broadcast(gpu_hours=hours, n_gpus=gpus)
    return result(hours / gpus / 24.0, gpu_hours, n_gpus)
