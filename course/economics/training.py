"""The cost of training a model: compute, GPU-hours, money and time.

The chain the course follows is

    FLOP = 6 x parameters x tokens                      (the 6ND rule)
    GPU-hours = FLOP / (peak FLOP/s per GPU x utilisation x 3600)
    cost = GPU-hours x rental price per GPU-hour

For a mixture-of-experts model such as DeepSeek-V3 the parameters that count are the
*active* ones (37B of 671B), because each token only passes through those.
"""

from __future__ import annotations

from ..checks import broadcast, check_number, result

__all__ = ["gpu_hours", "implied_utilization", "training_cost_usd", "training_days",
           "training_flops"]

_SECONDS_PER_HOUR = 3600.0


def training_flops(n_params, n_tokens):
    """Training compute by the 6·N·D rule of thumb.

    Each token costs about 2 FLOP per parameter in the forward pass and 4 in the
    backward pass, so training on D tokens costs about 6·N·D floating-point operations.

    Parameters
    ----------
    n_params : float or array-like
        Parameters used per token, N (>= 0). For a mixture-of-experts model use the
        *active* parameters, not the total.
    n_tokens : float or array-like
        Training tokens, D (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Training compute in FLOP (an array if any input is one).

    Raises
    ------
    TypeError, ValueError
        If an input is not a finite number >= 0.

    References
    ----------
    .. [1] J. Kaplan et al., "Scaling Laws for Neural Language Models", arXiv 2001.08361
       (2020), section 2.1.
    .. [2] DeepSeek-AI, "DeepSeek-V3 Technical Report", arXiv 2412.19437 (2024): 37B
       active parameters, 14.8T tokens.

    Examples
    --------
    DeepSeek-V3 (37B active parameters, 14.8T tokens):

    >>> f"{training_flops(37e9, 14.8e12):.3g}"
    '3.29e+24'
    >>> training_flops([1e9, 2e9], 1e12).tolist()
    [6e+21, 1.2e+22]
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
        The GPU's peak throughput in FLOP per second (> 0), e.g. the datasheet's dense
        BF16 figure.
    utilization : float or array-like
        Share of peak actually achieved, in (0, 1] (model FLOP utilisation, MFU).
        Large training runs typically reach 0.3 to 0.5.

    Returns
    -------
    float or numpy.ndarray
        GPU-hours.

    References
    ----------
    .. [1] A. Chowdhery et al., "PaLM: Scaling Language Modeling with Pathways",
       arXiv 2204.02311 (2022), appendix B (model FLOP utilisation).

    Examples
    --------
    One hour on one GPU at 1e15 FLOP/s and 50% utilisation performs 1.8e18 FLOP:

    >>> gpu_hours(1.8e18, 1e15, 0.5)
    1.0
    >>> gpu_hours(1e18, 1e15, 0)
    Traceback (most recent call last):
    ...
    ValueError: utilization must be a finite number > 0 and <= 1; got 0
    """
    f = check_number("flops", flops, minimum=0)
    peak = check_number("peak_flops_per_gpu", peak_flops_per_gpu, minimum=0, min_open=True)
    u = check_number("utilization", utilization, minimum=0, maximum=1, min_open=True)
    f, peak, u = broadcast(flops=f, peak_flops_per_gpu=peak, utilization=u)
    return result(f / (peak * u * _SECONDS_PER_HOUR), flops, peak_flops_per_gpu, utilization)


def implied_utilization(flops, gpu_hours, peak_flops_per_gpu):
    """The utilisation of peak throughput that a reported run implies.

    The inverse of :func:`gpu_hours`: ``flops / (gpu_hours x 3600 x peak)``. A result
    above 1 means the figures cannot all be right at that peak (or the run used a
    faster number format than the peak assumes, e.g. FP8 against a BF16 peak).

    Parameters
    ----------
    flops : float or array-like
        Training compute in FLOP (>= 0).
    gpu_hours : float or array-like
        Reported GPU-hours (> 0).
    peak_flops_per_gpu : float or array-like
        Peak throughput in FLOP per second (> 0).

    Returns
    -------
    float or numpy.ndarray
        Utilisation as a fraction (not a percentage).

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
    """Rental cost of a training run: GPU-hours times the price of one GPU-hour.

    This is the *marginal* cost of one run at a rental price. It leaves out buying the
    cluster, failed and experimental runs, data, staff and electricity beyond the rate.

    Parameters
    ----------
    gpu_hours : float or array-like
        GPU-hours (>= 0).
    usd_per_gpu_hour : float or array-like
        Rental price in US dollars per GPU-hour (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Cost in US dollars.

    References
    ----------
    .. [1] DeepSeek-AI, "DeepSeek-V3 Technical Report", arXiv 2412.19437 (2024), Table 1:
       2,788K H800 GPU-hours at $2 per GPU-hour, $5.576M.

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
    """Wall-clock days for *gpu_hours* spread over *n_gpus* GPUs working in parallel.

    Parameters
    ----------
    gpu_hours : float or array-like
        GPU-hours (>= 0).
    n_gpus : float or array-like
        GPUs in the cluster (> 0).

    Returns
    -------
    float or numpy.ndarray
        Days, assuming every GPU is busy all the time.

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
