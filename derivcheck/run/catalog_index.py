"""The built-in catalog's index in the cache, so a run of an unchanged catalog need not build it.

Building the catalog (importing ``identities/``, whose claims construct SymPy expressions) was most
of a warm ``derivcheck run`` (2.4 of 3.1 s), although every verdict came from the cache. The index
lists each claim's id, topic (what ``-k`` selects on) and cache key (``cache.claim_key``), and is
stored under a digest of all the claims are built from and checked with: the catalog's files,
derivcheck's own source (the catalog imports more than the engine), ``cache.environment`` (version,
engine digest, libraries), the seed and the time limit. A run that finds it takes the results under
those keys, the very ones ``run_claims`` would take; a key without a result (a TIMEOUT is never
stored) or a claim without a key means building the catalog and running it as before.

An index is written only by a process that built the catalog itself, with the same digest before
and after: a catalog imported earlier, or edited meanwhile, may not be what its files say now.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..core.claim import Claim
from ..core.registry import CATALOG, REGISTRY, load_catalog, select
from ..core.verdict import Result
from .cache import SCHEMA, adopt, claim_key, environment, resolve

__all__ = ["Entry", "catalog_folders", "source_digest", "index_key", "record", "load_indexed", "cached_results"]


@dataclass(frozen=True)
class Entry:
    """One claim of the index: what ``select`` and ``adopt`` read of a claim, and its cache key."""

    id: str
    topic: str
    key: str | None


def _files(folder: Path, suffix: str | None) -> list[Path]:
    """Every file under ``folder`` (of ``suffix``), not following links, bytecode left out."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found += [Path(root) / n for n in sorted(names) if (suffix is None or n.endswith(suffix)) and not n.endswith(".pyc")]
    return found


def catalog_folders() -> list[Path]:
    """Where the catalog's modules are, found without importing it."""
    spec = importlib.util.find_spec(CATALOG)
    return [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []


def source_digest() -> str:
    """sha256 of every file of the catalog and every module of derivcheck: an edit to either is a new catalog."""
    package = Path(__file__).resolve().parent.parent
    labelled = [(f"catalog/{p.relative_to(folder)}", p) for folder in catalog_folders() for p in _files(folder, None)]
    labelled += [(str(p.relative_to(package)), p) for p in _files(package, ".py")]
    digest, seen = hashlib.sha256(), set()
    for label, path in labelled:
        real = path.resolve()
        if real in seen:  # an installed catalog is inside the package too
            continue
        seen.add(real)
        digest.update(label.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()


def index_key(digest: str, *, seed: int, timeout: float) -> str:
    material = f"derivcheck-catalog-index {SCHEMA}\n{environment()}\ncatalog={digest}\nseed={int(seed)}\ntimeout={float(timeout)!r}"
    return hashlib.sha256(material.encode()).hexdigest()


def _fresh() -> bool:
    """No claim registered and no catalog module imported yet: what is built now is what the files say."""
    return not REGISTRY and not any(m == CATALOG or m.startswith(CATALOG + ".") for m in sys.modules)


def record(claims, digest: str, *, seed: int, timeout: float, cache=None) -> None:
    """Store the index of ``claims``, the whole catalog as built from the sources of ``digest``."""
    store = resolve(cache)
    if store is not None:
        entries = [[c.id, c.topic, claim_key(c, seed=seed, timeout=timeout)] for c in claims]
        store.put_index(index_key(digest, seed=seed, timeout=timeout), json.dumps(entries))


def load_indexed(*, seed: int, timeout: float, cache=None) -> dict[str, Claim]:
    """``load_catalog``, and ``record`` its index when this process built it from unchanged files."""
    before = source_digest() if resolve(cache) is not None and _fresh() else None
    catalog = load_catalog()
    if before is not None and source_digest() == before:
        record(catalog.values(), before, seed=seed, timeout=timeout, cache=cache)
    return catalog


def cached_results(pattern: str | None, *, seed: int, timeout: float, cache=None) -> list[Result] | None:
    """The results of the catalog's claims selected by ``pattern``, in catalog order, all from the cache;
    None unless the index and every result are there."""
    store = resolve(cache)
    if store is None:
        return None
    text = store.get_index(index_key(source_digest(), seed=seed, timeout=timeout))
    if text is None:
        return None
    try:
        entries = [Entry(*row) for row in json.loads(text)]
    except (ValueError, TypeError):
        return None
    chosen = select(entries, pattern)
    if not chosen or any(e.key is None for e in chosen):
        return None
    found = store.get_many(e.key for e in chosen)
    if any(e.key not in found for e in chosen):
        return None
    return [adopt(found[e.key], e) for e in chosen]
