"""The economic models behind the course's numbers.

Each concept has its own module, whose ``__all__`` is re-exported here, so
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

from . import concentration, demand, diffusion, games, pricing, training
from .concentration import *  # noqa: F403 - each module's __all__ is its public names
from .demand import *  # noqa: F403
from .diffusion import *  # noqa: F403
from .games import *  # noqa: F403
from .pricing import *  # noqa: F403
from .training import *  # noqa: F403

__all__ = [name for module in (training, pricing, demand, concentration, diffusion, games)
           for name in module.__all__]
