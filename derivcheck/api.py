r"""The Python API: ``check`` a LaTeX statement, ``check_file`` a file, ``prove`` a SymPy claim.

Nothing is checked here: a statement is read as one ``[[claim]]`` of an answer file
(``answers.load.parse_answers``), a file by the reader its kind has (``READERS``), every claim
goes to ``run.runner.run_claims`` and the steps of an answer are folded by
``answers.model.aggregate``, exactly as ``derivcheck check`` and ``derivcheck run`` do, so the
verdicts are theirs.

A file is read into ``Unit``\ s — one per answer of an answer file, one per ``@identity`` claim of an
identity module — each with the claims the runner must check and how to fold their results into
one result. ``check_file`` and the pytest plugin (``derivcheck.pytest_plugin``: one test item per
unit) share this; each kind of file (answer files, identity modules, documents) is one entry in
``READERS``.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .answers.load import load_answers, parse_answers
from .answers.model import Answer, aggregate
from .core.claim import Claim
from .core.errors import DerivcheckError, InvalidClaim
from .core.registry import REGISTRY, load_catalog, load_path
from .core.verdict import Result
from .results import CheckResult, FileResult, ProofResult
from .run.runner import DEFAULT_SEED, DEFAULT_TIMEOUT, run_claims

__all__ = ["check", "check_file", "prove", "Unit", "FileUnits", "read_file", "run_units", "READERS",
           "DOCUMENT_SUFFIXES", "UnsupportedFile"]

STATEMENT_PATH = "<statement>"  # the "file" a statement given to ``check`` is read from


class UnsupportedFile(DerivcheckError, ValueError):
    """A file of a kind derivcheck does not read (yet): the message names it and says what to use."""


@dataclass(frozen=True)
class Unit:
    """One thing to check and report on its own: an answer of an answer file, or a claim of a module.

    ``claims`` go to the runner together with every other unit's; ``finish`` turns their results
    (in the same order) into the unit's ``CheckResult`` or ``ProofResult``."""

    id: str
    path: str
    claims: tuple[Claim, ...]
    finish: Callable[[list[Result]], object]


@dataclass(frozen=True)
class FileUnits:
    """A file read into units; ``error`` says why it (or part of it) could not be read."""

    path: str
    units: tuple[Unit, ...] = ()
    error: str | None = None
    supported: bool = True  # False: a kind of file derivcheck does not read


def _answer_units(path: str) -> FileUnits:
    """An answer file (.toml): one unit per ``[[claim]]`` (``answers.load.load_answers``)."""
    parsed = load_answers(path)
    return FileUnits(path, tuple(_answer_unit(a, path) for a in parsed.answers), parsed.error)


def _answer_unit(answer: Answer, path: str, quiet_prefix: str = "") -> Unit:
    claims = tuple(c for s in answer.steps for c in s.claims)

    def finish(results: list[Result]) -> CheckResult:
        folded = aggregate(answer, {c.id: r for c, r in zip(claims, results)})
        return CheckResult.from_answer(folded, path=None if path == STATEMENT_PATH else path, quiet_prefix=quiet_prefix)

    return Unit(answer.id, path, claims, finish)


def _module_units(path: str) -> FileUnits:
    """An identity module (.py): one unit per ``@identity`` claim it declares (``core.registry.load_path``)."""
    before = dict(REGISTRY)
    try:
        load_path(path)
    except Exception as exc:  # the module is the user's code: any failure to import it is reported, not raised
        return FileUnits(path, (), f"{path}: cannot import the identity module: {type(exc).__name__}: {exc}")
    # the claims this import declared; loaded again (a second session), they replace their old objects
    claims = [c for i, c in REGISTRY.items() if before.get(i) is not c]
    if not claims:
        return FileUnits(path, (), f"{path}: no @identity claim in this module")
    return FileUnits(path, tuple(_claim_unit(c, path) for c in claims))


def _document_units(path: str) -> FileUnits:
    """A document (.md, .tex, .ipynb): one unit per claim it makes, named by its place ("line 12");
    its declarations and definitions are the context of those claims (``documents.check``)."""
    from .documents.check import read_entries

    doc = read_entries(path)
    units = tuple(_answer_unit(e.answer, path) for e in doc.entries if e.answer is not None)
    unread = [e for e in doc.entries if e.kind == "not read"]
    error = doc.error
    if not units and error is None:
        error = f"{path}: no claim read in this document" + (f" ({len(unread)} formula(s) not read; the first, {unread[0].place}: {unread[0].message})" if unread else "")
    return FileUnits(path, units, error)


def _claim_unit(claim: Claim, path: str | None) -> Unit:
    return Unit(claim.id, path or "", (claim,), lambda results: ProofResult.from_result(claim, results[0], path=path))


# How each kind of file is read, by suffix: (what it is, its reader).
READERS: dict[str, tuple[str, Callable[[str], FileUnits]]] = {
    ".toml": ("answer files", _answer_units),
    ".py": ("identity modules", _module_units),
    ".md": ("Markdown documents", _document_units),
    ".markdown": ("Markdown documents", _document_units),
    ".tex": ("LaTeX documents", _document_units),
    ".ipynb": ("Jupyter notebooks", _document_units),
}
DOCUMENT_SUFFIXES = (".md", ".markdown", ".tex", ".ipynb")


def read_file(path: str | os.PathLike) -> FileUnits:
    """Read a file into units by its kind; a kind derivcheck does not read is an error naming the file."""
    path = str(path)
    suffix = Path(path).suffix.lower()
    if suffix in READERS:
        return READERS[suffix][1](path)
    kinds = ", ".join(f"{what} ({s})" for s, (what, _) in READERS.items())
    return FileUnits(path, (), f"{path}: not a kind of file derivcheck reads ({kinds})", supported=False)


def run_units(units: Sequence[Unit], *, timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None,
              seed: int = DEFAULT_SEED, on_result: Callable[[Result], None] | None = None) -> list:
    """Check every unit's claims in one runner call; each unit's result, in order."""
    claims = [c for u in units for c in u.claims]
    results = run_claims(claims, timeout=timeout, jobs=jobs or os.cpu_count() or 1, seed=seed,
                         on_result=on_result) if claims else []
    out, start = [], 0
    for unit in units:
        out.append(unit.finish(results[start:start + len(unit.claims)]))
        start += len(unit.claims)
    return out


def check(statement: str, where: str | Iterable[str] = (), *, functions: dict[str, str] | None = None,
          id: str = "claim", timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None,
          seed: int = DEFAULT_SEED) -> CheckResult:
    r"""Check one LaTeX statement, as ``derivcheck check`` checks a ``[[claim]]`` of an answer file.

    ``where``: conditions and declarations (``x \neq 0``, ``\mathbf{w} \in \mathbb{R}^n``);
    ``functions``: names used as functions (``{"H": "heaviside"}``). A chain ``A = B \le C`` is
    checked step by step. A statement that cannot be read is an ERROR result, never an exception.
    """
    table: dict = {"id": id, "statement": statement}
    if where:
        table["where"] = [where] if isinstance(where, str) else list(where)
    if functions:
        table["functions"] = dict(functions)
    parsed = parse_answers({"claim": [table]}, path=STATEMENT_PATH)
    if parsed.error is not None:  # pragma: no cover - one well-formed table always parses
        raise DerivcheckError(parsed.error)
    [answer] = parsed.answers
    unit = _answer_unit(answer, STATEMENT_PATH, quiet_prefix=f"{STATEMENT_PATH}: claim {id!r}: ")
    [result] = run_units([unit], timeout=timeout, jobs=jobs, seed=seed)
    return result


def check_file(path: str | os.PathLike, *, timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None,
               seed: int = DEFAULT_SEED) -> FileResult:
    """Check an answer file (.toml), a document (.md, .tex, .ipynb) or an identity module (.py): one result
    per answer or claim (a document's claims are named by their place, "line 12").

    Bad content is reported in the result (``error``, and ERROR verdicts), as ``derivcheck check``
    does; a missing file raises ``FileNotFoundError`` and a kind of file derivcheck does not read
    raises ``UnsupportedFile``.
    """
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no such file: {path}")
    read = read_file(path)
    if not read.supported:
        raise UnsupportedFile(read.error)
    results = run_units(read.units, timeout=timeout, jobs=jobs, seed=seed)
    return FileResult(read.path, tuple(results), read.error)


def prove(claim: Claim | dict | str, *, id: str | None = None, timeout: float = DEFAULT_TIMEOUT,
          seed: int = DEFAULT_SEED) -> ProofResult:
    """Check one SymPy claim: proof attempt and independent numeric check, as ``derivcheck run`` does.

    ``claim``: a ``Claim`` (what ``@identity`` returns), the dict ``derivcheck.statement(...)``
    returns (named ``id``, default "claim"), or the id of a claim of the built-in catalog.
    An ill-formed claim raises ``InvalidClaim``, as ``@identity`` does.
    """
    if isinstance(claim, str):
        catalog = load_catalog()
        if claim not in catalog:
            near = difflib.get_close_matches(claim, list(catalog), n=3) or [i for i in catalog if claim.lower() in i.lower()][:5]
            raise KeyError(f"no claim with id {claim!r} in the catalog" + (f" (did you mean {', '.join(near)}?)" if near else ""))
        claim = catalog[claim]
    elif isinstance(claim, dict):
        name = id or "claim"
        claim = Claim(id=name, title=name, source="derivcheck.prove", topic="api", **claim)
    elif not isinstance(claim, Claim):
        raise InvalidClaim(f"prove() takes a Claim, derivcheck.statement(...) or a catalog id, not {type(claim).__name__}")
    [result] = run_units([_claim_unit(claim, None)], timeout=timeout, jobs=1, seed=seed)
    return result
