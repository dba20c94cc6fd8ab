"""derivcheck: prove and spot-check the identities of machine-learning coursework.

``import derivcheck`` is cheap: the public names below are imported on first use (PEP 562), so
the pytest plugin, which pytest loads in every run once derivcheck is installed, costs nothing
until a course asks for it, and a notebook pays for SymPy only when it checks something.
``from derivcheck import identity, statement, REALS`` works as before.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.2.0"

# public name -> the module that defines it
_EXPORTS = {
    **dict.fromkeys(("Claim", "Domain", "REALS", "interval", "integers", "dimension", "index", "vector", "matrix"),
                    ".core.claim"),
    "Source": ".core.provenance",
    "identity": ".core.registry",
    "statement": ".core.registry",
    **dict.fromkeys(("check", "check_file", "prove"), ".api"),
}

__all__ = ["__version__", "Claim", "Domain", "REALS", "interval", "integers", "dimension", "index", "vector", "matrix",
           "identity", "statement", "Source", "check", "check_file", "prove"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from .api import check, check_file, prove
    from .core.claim import REALS, Claim, Domain, dimension, index, integers, interval, matrix, vector
    from .core.provenance import Source
    from .core.registry import identity, statement


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'derivcheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # once imported, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
