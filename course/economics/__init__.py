"""The economic models behind the course's numbers, one module per concept, re-exported here.
Each checks its arguments; numeric models take numbers or arrays, broadcast together, and
return a float for scalar inputs, an array otherwise."""

from . import concentration, demand, diffusion, games, pricing, training
from .concentration import *  # noqa: F403 - each module's __all__ is its public names
from .demand import *  # noqa: F403
from .diffusion import *  # noqa: F403
from .games import *  # noqa: F403
from .pricing import *  # noqa: F403
from .training import *  # noqa: F403

__all__ = [name for module in (training, pricing, demand, concentration, diffusion, games)
           for name in module.__all__]
