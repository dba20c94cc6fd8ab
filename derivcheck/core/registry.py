"""The catalog registry: ``@identity`` declares a claim; ``load_catalog`` imports every topic.

An identity is a function named for its conclusion (mathlib style: ``deriv_sigmoid``) whose
docstring's first line is the title and the rest the notes (why it holds where it is subtle). It
returns ``statement(...)``; the decorator turns that into a registered, immutable ``Claim``.

The decorator's arguments are the claim's provenance (``core.provenance``): one or more
``Source(document, question, excerpt=...)``, or a plain string ("Lecture 3, slide 12").
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
import sys
from pathlib import Path

from .claim import Claim
from .errors import InvalidClaim
from .provenance import Source, provenance

__all__ = ["identity", "statement", "REGISTRY", "CATALOG", "load_catalog", "load_path", "select"]

REGISTRY: dict[str, Claim] = {}
CATALOG = "derivcheck.identities"  # the built-in catalog's package (the top-level identities/ folder)
_ORIGIN: dict[str, str] = {}  # id -> module.function that declared it
_ID = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def statement(*relations, variables, conditions=(), hints=None, extra_check=None) -> dict:
    """The mathematical content of an identity (what the decorated function returns)."""
    return dict(statement=tuple(relations), variables=dict(variables), conditions=tuple(conditions),
                hints=dict(hints or {}), extra_check=extra_check)


def identity(source: str | Source, *more: str | Source, topic: str | None = None):
    """Register the claim built by the decorated function under the function's name.

    ``source`` and ``more`` say where it comes from: ``Source`` objects, or plain strings.
    """
    sources = provenance((source, *more))

    def register(fn) -> Claim:
        doc = (fn.__doc__ or "").strip()
        if not doc:
            raise InvalidClaim(f"identity {fn.__name__!r} has no docstring (its first line is the title)")
        if not _ID.match(fn.__name__):
            raise InvalidClaim(f"identity id {fn.__name__!r} is not snake_case")
        title, _, notes = doc.partition("\n")
        module = fn.__module__.rsplit(".", 1)[-1]
        claim = Claim(id=fn.__name__, title=title.strip(), source=sources, topic=topic or module,
                      notes=" ".join(notes.split()), **fn())
        origin = f"{fn.__module__}.{fn.__qualname__}"
        if _ORIGIN.setdefault(claim.id, origin) != origin:
            raise InvalidClaim(f"identity id {claim.id!r} is declared twice: in {_ORIGIN[claim.id]} and {origin}")
        REGISTRY[claim.id] = claim
        return claim

    return register


def load_catalog() -> dict[str, Claim]:
    """Import every module of the built-in catalog, installed as ``derivcheck.identities``."""
    catalog = importlib.import_module(CATALOG)
    for info in pkgutil.iter_modules(catalog.__path__):
        importlib.import_module(f"{catalog.__name__}.{info.name}")
    return REGISTRY


def load_path(path: str | Path) -> list[Claim]:
    """Import identity modules from a file or a folder of files; return the claims they add."""
    path = Path(path)
    files = sorted(path.glob("*.py")) if path.is_dir() else [path]
    before = set(REGISTRY)
    for file in files:
        if file.name.startswith("_"):
            continue
        name = f"_derivcheck_user_{file.stem}"
        spec = importlib.util.spec_from_file_location(name, file)
        if spec is None or spec.loader is None:
            raise InvalidClaim(f"{file}: not a Python module")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return [c for i, c in REGISTRY.items() if i not in before]


def select(claims, pattern: str | None):
    """Claims whose id or topic contains ``pattern``, ignoring case (all of them when no pattern).

    Case is ignored because the courses write W⁽²⁾ as W2 while ids are snake_case: ``-k mlp_grad_W2``
    finds ``mlp_grad_w2_softplus``.
    """
    claims = list(claims)
    if not pattern:
        return claims
    key = pattern.lower()
    return [c for c in claims if key in c.id.lower() or key in c.topic.lower()]


def family(claims, name: str):
    """The claims an issue-level id stands for: the id itself, else every ``<id>_<variant>``.

    One gradient is stated once per activation (``mlp_grad_w1_softplus``, ``mlp_grad_w1_leaky_relu``) or
    once per parameter (``regression_mlp_grads_b2``): the family name still finds them all.
    """
    key = name.lower()
    exact = [c for c in claims if c.id.lower() == key]
    return exact or [c for c in claims if c.id.lower().startswith(key + "_")]
