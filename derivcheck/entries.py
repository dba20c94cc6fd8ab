"""Public path of the entry builders (``from derivcheck.entries import softmax``); they live in core."""

from .core.entries import *  # noqa: F401,F403
from .core.entries import __all__  # noqa: F401
