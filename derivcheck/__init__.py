"""derivcheck: prove and spot-check the identities of machine-learning coursework."""

__version__ = "0.2.0"

from .core.claim import REALS, Claim, Domain, dimension, index, integers, interval, matrix, vector  # noqa: E402
from .core.provenance import Source  # noqa: E402
from .core.registry import identity, statement  # noqa: E402

__all__ = ["__version__", "Claim", "Domain", "REALS", "interval", "integers", "dimension", "index", "vector", "matrix",
           "identity", "statement", "Source"]
