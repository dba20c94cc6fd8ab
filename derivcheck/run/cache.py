"""A persistent cache of decided claims, so an unchanged claim is never decided twice.

The key is what decides a verdict, never the claim's id, title or source: the claim's canonical text
(``srepr`` of its relations, its variables with their domains, its conditions, the hints and the
numeric checks it brings), the seed, the time limit, and the code that decides (derivcheck's
version, a digest of its source, and the versions of Python, SymPy, mpmath and numpy). Two answers
writing the same step share an entry; a changed assumption, seed, limit or derivcheck does not.
A claim whose numeric check is an object with no canonical text (an opaque callable) is not cached.

The store is one SQLite file in the user's cache directory (``DERIVCHECK_CACHE_DIR``, else
``$XDG_CACHE_HOME/derivcheck``, else ``~/.cache/derivcheck``), in WAL mode, one short transaction
per statement, so several runs can share it. A cache that cannot be used (corrupt, unwritable,
locked) is turned off for the rest of the process with one warning on stderr, never a crash. A
second table holds indexes (``run.catalog_index``): which keys a run needs, so that a warm run of
the catalog finds its results without building its claims.

Which results are final (stored) is the runner's decision: never a TIMEOUT, nor a verdict cut short
by a resource limit (memory, a dead worker, the prover's time budget).
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import os
import pickle
import re
import sqlite3
import sys
import time
from collections.abc import Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import fields, is_dataclass, replace
from enum import Enum
from pathlib import Path
from types import CodeType
from typing import Iterable, Iterator, Mapping

from sympy import Basic, srepr
from sympy.matrices import MatrixBase

from ..core.claim import Claim
from ..core.verdict import Result

__all__ = ["ResultCache", "Uncacheable", "ENGINE", "cache_dir", "claim_key", "claim_text", "environment", "version",
           "using", "resolve", "command_line_cache", "disabled_by_env", "adopt", "renamed", "pack", "unpack",
           "StoredProofs", "DB_NAME", "reader_environment"]

SCHEMA = 2  # bump when the key or the stored value changes meaning
DB_NAME = "results.sqlite3"
DISPLAY_HINTS = frozenset({"relation_labels"})  # read after the run (answers.model), never by a check
MAX_DEPTH = 40
_DUMMY = re.compile(r"dummy_index=\d+")


class Uncacheable(Exception):
    """Part of a claim has no canonical text (an opaque callable or object): the claim is not cached."""


# -- the key -----------------------------------------------------------------------------------

def version() -> str:
    """derivcheck's version, read when asked (so a bump, or a test's monkeypatch, is seen at once).

    The root package is always loaded before any of its modules; reading its attribute is not an
    import of the top layer."""
    return sys.modules[__name__.split(".")[0]].__version__


# The verdict engine: the layers up to run, all that run_claims may import (notation too: the
# numeric check of vector claims evaluates with it). Answers and documents only build claims, whose
# content is in the key already; a check a claim brings from elsewhere is keyed by its own file.
# tests/test_cache.py checks that the engine imports nothing outside these subpackages.
ENGINE = ("core", "notation", "prover", "numeric", "run")


@functools.lru_cache(maxsize=1)
def package_digest() -> str:
    """sha256 of the verdict engine's source: an edited checkout is a new version, even at the same number."""
    return _digest(ENGINE)


def reader_environment() -> str:
    """``environment()`` with the digest of all of derivcheck's source: what reading a file depends on too."""
    return f"derivcheck={version()} all-src={_all_digest()} {_libraries()}"


@functools.lru_cache(maxsize=1)
def _all_digest() -> str:
    return _digest(None)


def _digest(parts: tuple[str, ...] | None) -> str:
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    files = root.rglob("*.py") if parts is None else (p for part in parts for p in (root / part).rglob("*.py"))
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def _libraries() -> str:
    import mpmath
    import sympy

    try:
        from importlib.metadata import version as dist_version

        numpy = dist_version("numpy")
    except Exception:  # not installed: nothing numeric depends on it then
        numpy = "-"
    return f"python={sys.version_info[0]}.{sys.version_info[1]} sympy={sympy.__version__} mpmath={mpmath.__version__} numpy={numpy}"


def environment() -> str:
    """The code that decides a verdict: a change here invalidates every entry."""
    return f"derivcheck={version()} src={package_digest()} {_libraries()}"


@functools.lru_cache(maxsize=256)
def _file_digest(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _source_digest(filename: str) -> str:
    """The digest of the file a function is written in: a helper it calls there is covered too."""
    try:
        stat = os.stat(filename)
        return _file_digest(filename, stat.st_mtime_ns, stat.st_size)
    except OSError as exc:
        raise Uncacheable(f"no source file for a function in {filename!r}") from exc


def _code(code: CodeType) -> str:
    consts = ", ".join(_code(c) if isinstance(c, CodeType) else canonical(c) for c in code.co_consts)
    return f"code({code.co_qualname if hasattr(code, 'co_qualname') else code.co_name}, {code.co_code.hex()}, " \
           f"{code.co_names!r}, [{consts}])"


def _function(fn, depth: int, active: tuple) -> str:
    if fn in active:  # a recursive closure: name it, do not descend again
        return f"self({fn.__qualname__})"
    active = (*active, fn)
    cells = []
    for cell in fn.__closure__ or ():
        try:
            cells.append(canonical(cell.cell_contents, depth + 1, active))
        except ValueError as exc:  # an empty cell
            raise Uncacheable("a closure with an unset variable") from exc
    return (f"function({fn.__module__}.{fn.__qualname__}, file={_source_digest(fn.__code__.co_filename)}, "
            f"{_code(fn.__code__)}, defaults={canonical(fn.__defaults__, depth + 1, active)}, "
            f"kwdefaults={canonical(fn.__kwdefaults__, depth + 1, active)}, closure=[{', '.join(cells)}])")


def canonical(value, depth: int = 0, active: tuple = ()) -> str:
    """A text that is equal for equal values and differs for values a check could tell apart.

    Data (numbers, strings, containers, dataclasses, SymPy objects, numpy arrays) and plain functions
    (by their code, the digest of their file and the values they close over); anything else raises
    ``Uncacheable``. Mappings keep their order (a check may depend on it); only sets are sorted."""
    if depth > MAX_DEPTH:
        raise Uncacheable("nested too deeply")
    down = functools.partial(canonical, depth=depth + 1, active=active)
    if value is None or value is Ellipsis or isinstance(value, (bool, int, float, complex, str, bytes)):
        return repr(value)
    if isinstance(value, Enum):
        return f"{type(value).__module__}.{type(value).__qualname__}.{value.name}"
    if isinstance(value, (Basic, MatrixBase)):
        return srepr(value)
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__}[{', '.join(map(down, value))}]"
    if isinstance(value, (set, frozenset)):
        return f"set{{{', '.join(sorted(map(down, value)))}}}"
    if isinstance(value, Mapping):
        return f"map{{{', '.join(f'{down(k)}: {down(v)}' for k, v in value.items())}}}"
    if isinstance(value, type):
        return f"class({value.__module__}.{value.__qualname__})"
    if is_dataclass(value):
        items = ", ".join(f"{f.name}={down(getattr(value, f.name))}" for f in fields(value))
        return f"{type(value).__module__}.{type(value).__qualname__}({items})"
    if isinstance(value, functools.partial):
        return f"partial({down(value.func)}, {down(value.args)}, {down(value.keywords)})"
    if inspect.isfunction(value):
        return _function(value, depth, active)
    if type(value).__module__ == "numpy" and hasattr(value, "tobytes"):  # an array or a numpy scalar
        return f"ndarray({value.dtype}, {getattr(value, 'shape', ())}, {hashlib.sha256(value.tobytes()).hexdigest()})"
    raise Uncacheable(f"no canonical text for a {type(value).__qualname__}")


def claim_text(claim: Claim) -> str:
    """The claim's content as checked: relations, variables and domains (in order: sampling follows
    it), conditions, hints that reach a check, the numeric checks. Not its id, title, source or notes."""
    parts = ["statement", *map(srepr, claim.statement),
             "variables", *(f"{srepr(s)} in {canonical(d)}" for s, d in claim.variables.items()),
             "conditions", *map(srepr, claim.conditions),
             "hints", canonical({k: v for k, v in claim.hints.items() if k not in DISPLAY_HINTS}),
             "numeric_only", repr(bool(claim.numeric_only)),
             "numeric_check", canonical(claim.numeric_check),
             "extra_check", canonical(claim.extra_check)]
    seen: dict[str, int] = {}  # a Dummy's index differs in every process; its identity within the claim counts
    return _DUMMY.sub(lambda m: f"dummy_index={seen.setdefault(m.group(), len(seen))}", "\n".join(parts))


def claim_key(claim: Claim, *, seed: int, timeout: float) -> str | None:
    """The cache key of ``claim`` checked with ``seed`` under ``timeout``; None when it cannot be cached."""
    try:
        text = claim_text(claim)
    except Exception:  # Uncacheable, or an object srepr cannot print: decided afresh, never a crash
        return None
    material = f"derivcheck-cache {SCHEMA}\n{environment()}\nseed={int(seed)}\ntimeout={float(timeout)!r}\n{text}"
    return hashlib.sha256(material.encode()).hexdigest()


def adopt(result: Result, claim: Claim) -> Result:
    """A stored result told for ``claim``: its id, and its id where a message names the claim."""
    return renamed(result, claim.id)


def renamed(result: Result, claim_id: str) -> Result:
    """``adopt`` by the claim's id alone: a stored file report names its claims, it does not hold them."""
    if result.id == claim_id:
        return result
    message = result.message
    if message is not None:
        message = message.replace(f"claim {result.id!r}", f"claim {claim_id!r}")
    return replace(result, id=claim_id, message=message)


# -- the store ---------------------------------------------------------------------------------

class StoredProofs(Sequence):
    """The proofs of a cached result, unpickled when first read.

    Unpickling rebuilds every SymPy expression of every step through its constructor (~40 ms a
    claim, most of a warm run), and a table, a summary or a grade never reads a proof; JSON, LaTeX
    and ``show`` do, and get the very tuple that was stored. Pickled again, it is that tuple."""

    def __init__(self, blob: bytes):
        self._blob: bytes | None = blob
        self._items: tuple = ()

    def _loaded(self) -> tuple:
        if self._blob is not None:
            self._items, self._blob = tuple(pickle.loads(self._blob)), None
        return self._items

    def __getitem__(self, index):
        return self._loaded()[index]

    def __len__(self) -> int:
        return len(self._loaded())

    def __bool__(self) -> bool:
        return True  # only a non-empty tuple of proofs is stored this way

    def __eq__(self, other) -> bool:
        return isinstance(other, (tuple, StoredProofs)) and self._loaded() == tuple(other)

    def __hash__(self) -> int:
        return hash(self._loaded())

    def __repr__(self) -> str:
        return repr(self._loaded())

    def __reduce__(self):
        return (tuple, (self._loaded(),))


def pack(result: Result) -> bytes:
    """The stored form: the result without its proofs, and the proofs pickled on their own."""
    proofs = pickle.dumps(tuple(result.proofs), protocol=pickle.HIGHEST_PROTOCOL) if result.proofs else None
    return pickle.dumps((SCHEMA, replace(result, proofs=None), proofs), protocol=pickle.HIGHEST_PROTOCOL)


def unpack(blob: bytes) -> Result | None:
    """The stored result (its proofs read on first use), or None for a value of another form."""
    value = pickle.loads(blob)
    if not (isinstance(value, tuple) and len(value) == 3 and value[0] == SCHEMA and isinstance(value[1], Result)):
        return None
    _, result, proofs = value
    return result if proofs is None else replace(result, proofs=StoredProofs(proofs))


def cache_dir() -> Path:
    """``DERIVCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/derivcheck`` (an absolute one), else ``~/.cache/derivcheck``."""
    explicit = os.environ.get("DERIVCHECK_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "derivcheck"


def disabled_by_env() -> bool:
    """``DERIVCHECK_NO_CACHE=1`` (any value but empty, 0, false, no): the environment's ``--no-cache``."""
    return os.environ.get("DERIVCHECK_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no")


class ResultCache:
    """Decided claims in one SQLite file; the first failure turns it off, with one warning.

    Values are pickled ``Result``s (frozen dataclasses of plain data, proofs and SymPy expressions,
    the very objects a worker already sends its parent pickled; see ``pack``). Unpickling is safe here because the
    file lives in the user's own cache directory and only derivcheck writes it: whoever can write
    there can already run code as the user.
    """

    def __init__(self, directory: str | os.PathLike | None = None, *, stderr=None):
        self.directory = Path(directory) if directory is not None else cache_dir()
        self.path = self.directory / DB_NAME
        self.disabled = False
        self.hits = self.stored = 0
        self._stderr = stderr
        self._conn: sqlite3.Connection | None = None

    # one connection per object, opened on first use; autocommit (isolation_level=None) makes each
    # statement its own short transaction, and WAL lets readers and one writer work side by side
    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, version TEXT NOT NULL, "
                             "created REAL NOT NULL, value BLOB NOT NULL)")
                conn.execute("CREATE TABLE IF NOT EXISTS indexes (key TEXT PRIMARY KEY, version TEXT NOT NULL, "
                             "created REAL NOT NULL, value TEXT NOT NULL)")
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _give_up(self, exc: BaseException) -> None:
        if not self.disabled:
            print(f"derivcheck: warning: the result cache {self.path} cannot be used ({type(exc).__name__}: {exc}); "
                  "continuing without it", file=self._stderr or sys.stderr)
        self.disabled = True
        self.close()

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None

    def get_many(self, keys: Iterable[str]) -> dict[str, Result]:
        """The stored results of those keys that have one (a value that no longer loads is a miss)."""
        keys = list(dict.fromkeys(keys))
        if self.disabled or not keys:
            return {}
        rows = []
        try:
            conn = self._connect()
            for start in range(0, len(keys), 500):  # under SQLite's limit on parameters
                chunk = keys[start:start + 500]
                rows += conn.execute(f"SELECT key, value FROM results WHERE key IN ({', '.join('?' * len(chunk))})",
                                     chunk).fetchall()
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)
            return {}
        found = {}
        for key, blob in rows:
            try:
                value = unpack(blob)
            except Exception:  # written by another derivcheck whose classes changed: decide it again
                continue
            if value is not None:
                found[key] = value
        self.hits += len(found)
        return found

    def stored_keys(self, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` that have a stored result, without loading any."""
        keys = list(dict.fromkeys(keys))
        if self.disabled or not keys:
            return set()
        found: set[str] = set()
        try:
            conn = self._connect()
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                found.update(k for (k,) in conn.execute(
                    f"SELECT key FROM results WHERE key IN ({', '.join('?' * len(chunk))})", chunk))
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)
            return set()
        return found

    def put(self, key: str, result: Result) -> None:
        if self.disabled:
            return
        try:
            blob = pack(result)
        except Exception:  # e.g. a proof holding an object that does not pickle: keep it out
            return
        try:
            self._connect().execute("INSERT OR REPLACE INTO results (key, version, created, value) VALUES (?, ?, ?, ?)",
                                    (key, version(), time.time(), blob))
            self.stored += 1
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)

    def get_index(self, key: str) -> str | None:
        """The text stored under ``key`` by ``put_index`` (``run.catalog_index``), or None."""
        if self.disabled:
            return None
        try:
            row = self._connect().execute("SELECT value FROM indexes WHERE key = ?", (key,)).fetchone()
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)
            return None
        return row[0] if row else None

    def put_index(self, key: str, text: str) -> None:
        """Store ``text`` under ``key``: what lets a run find its results without building its claims."""
        if self.disabled:
            return
        try:
            self._connect().execute("INSERT OR REPLACE INTO indexes (key, version, created, value) VALUES (?, ?, ?, ?)",
                                    (key, version(), time.time(), text))
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)

    def files(self) -> list[Path]:
        return [p for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")) if p.exists()]

    def info(self) -> dict:
        """Path, entries, bytes on disk and entries per derivcheck version (``error`` when unreadable)."""
        info = {"path": str(self.path), "entries": 0, "bytes": sum(p.stat().st_size for p in self.files()),
                "versions": {}, "error": None}
        if not self.path.exists():
            return info
        try:
            conn = self._connect()
            versions = conn.execute("SELECT version, COUNT(*) FROM results GROUP BY version ORDER BY version").fetchall()
        except (sqlite3.Error, OSError) as exc:
            info["error"] = f"{type(exc).__name__}: {exc}"
            self.close()
            return info
        info["versions"] = dict(versions)
        info["entries"] = sum(info["versions"].values())
        return info

    def clear(self) -> int:
        """Remove every entry; a file SQLite cannot read is deleted. Returns the entries removed."""
        if not self.path.exists():
            return 0
        try:
            conn = self._connect()
            removed = conn.execute("DELETE FROM results").rowcount
            conn.execute("DELETE FROM indexes")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            try:
                conn.execute("VACUUM")
            except sqlite3.OperationalError:  # another run is reading: the space comes back later
                pass
            return max(removed, 0)
        except (sqlite3.Error, OSError):
            self.close()
            for path in self.files():
                path.unlink(missing_ok=True)
            return 0


# -- the default ---------------------------------------------------------------------------------

_DEFAULT: ContextVar[ResultCache | None] = ContextVar("derivcheck_result_cache", default=None)


@contextmanager
def using(cache: ResultCache | None) -> Iterator[ResultCache | None]:
    """Make ``cache`` the default of ``run_claims(cache=None)`` inside the block (the CLI's way in);
    its connection is closed at the end (it reopens if used again)."""
    token = _DEFAULT.set(cache)
    try:
        yield cache
    finally:
        _DEFAULT.reset(token)
        if cache is not None:
            cache.close()


def command_line_cache(no_cache: bool = False, *, stderr=None) -> ResultCache | None:
    """The cache ``derivcheck run``/``check`` use: the user's, unless ``--no-cache`` or ``DERIVCHECK_NO_CACHE``.

    Under pytest (``PYTEST_CURRENT_TEST``, inherited by subprocesses) only a ``DERIVCHECK_CACHE_DIR``
    named explicitly: the test suite runs the command line in-process and in subprocesses, and must
    neither read verdicts from nor write them to the user's own cache."""
    if no_cache or disabled_by_env():
        return None
    if os.environ.get("PYTEST_CURRENT_TEST") and not os.environ.get("DERIVCHECK_CACHE_DIR"):
        return None
    return ResultCache(stderr=stderr)


def resolve(cache) -> ResultCache | None:
    """What ``run_claims(cache=...)`` uses: False none, True the user's cache, None the default
    (none unless a caller set one with ``using``), or the ``ResultCache`` given. ``DERIVCHECK_NO_CACHE``
    turns every one off."""
    if cache is False or disabled_by_env():
        return None
    if cache is None:
        return _DEFAULT.get()
    if cache is True:
        return ResultCache()
    return cache
