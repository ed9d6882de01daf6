"""The economic models behind the course's numbers.

Each concept has its own module; the names below are re-exported one by one, so
``from course import economics as econ`` gives ``econ.training_flops`` and the rest.
Every function checks its inputs and raises ``TypeError``/``ValueError`` naming the
argument, the value and what is allowed. Functions marked "array-friendly" take NumPy
arrays (or lists) and broadcast them; given only scalars they return a Python float.

Modules
-------
training        6ND training compute, GPU-hours, rental cost, days, implied utilisation
pricing         API bills per 1M tokens, blended prices, subscription break-even
demand          constant-elasticity demand and spending (the Jevons paradox)
concentration   market shares, HHI and the US merger guidelines' bands
diffusion       the Bass model of adoption
games           best responses, dominance, pure Nash equilibria, the open/closed game
"""

from .concentration import (
    HHI_BANDS,
    HHI_CHANGE_2023,
    MERGED_SHARE_2023,
    HhiBands,
    hhi,
    hhi_band,
    hhi_delta,
    merger_presumption,
    shares_from_sizes,
)
from .demand import demand_ratio, implied_elasticity, spend_ratio
from .diffusion import (
    BASS_AVERAGES,
    bass_adoption,
    bass_new_adopters,
    bass_peak_time,
    bass_time_to_share,
)
from .games import (
    BestResponses,
    Game,
    best_responses,
    dominant_strategies,
    open_closed_game,
    pure_nash_equilibria,
)
from .pricing import (
    Breakeven,
    api_cost_usd,
    blended_price_per_m,
    breakeven_tokens,
    subscription_breakeven,
)
from .training import (
    gpu_hours,
    implied_utilization,
    training_cost_usd,
    training_days,
    training_flops,
)

__all__ = [
    # training
    "training_flops", "gpu_hours", "implied_utilization", "training_cost_usd", "training_days",
    # pricing
    "api_cost_usd", "blended_price_per_m", "breakeven_tokens", "subscription_breakeven",
    "Breakeven",
    # demand
    "demand_ratio", "spend_ratio", "implied_elasticity",
    # concentration
    "hhi", "hhi_band", "hhi_delta", "merger_presumption", "shares_from_sizes", "HHI_BANDS",
    "HHI_CHANGE_2023", "MERGED_SHARE_2023", "HhiBands",
    # diffusion
    "bass_adoption", "bass_new_adopters", "bass_peak_time", "bass_time_to_share",
    "BASS_AVERAGES",
    # games
    "best_responses", "dominant_strategies", "pure_nash_equilibria", "open_closed_game",
    "BestResponses", "Game",
]
