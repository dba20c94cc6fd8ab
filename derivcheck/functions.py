"""Public path of the built-in functions (``from derivcheck.functions import sigmoid``); they live in core."""

from .core.functions import *  # noqa: F401,F403
from .core.functions import __all__  # noqa: F401
