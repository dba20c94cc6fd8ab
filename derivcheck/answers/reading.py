"""Each distinct claim of an answer file read once per run, its copies sharing the reading.

A class writes the same statement (with the same ``where``, ``functions`` and id) in file after file;
once each distinct step is decided once (``run_claims``), reading every copy -- the LaTeX parsed,
the steps cut into claims -- was most of a cold run. Inside ``shared_reading()`` the first copy is
read and the others are that reading moved to their own place: the ``where`` label (file and
claim) that names it in its claims' ``source`` and its messages. Only what a run can share is
shared: a reading cut short by a deadline (it depends on the machine's load) is read again, and so
is one whose claims carry a check of their own (a closure may hold the label: vector answers).
A document names a claim by its line, so its copies differ in id too: ``read_once(answer_id=...)``
moves the id as well (``documents.check.read_claim``).
"""

from __future__ import annotations

import copy
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import fields, replace
from typing import Callable, Hashable

from ..core.claim import Claim
from ..core.deadline import alarms
from ..core.errors import DerivcheckError
from ..core.provenance import provenance
from ..run.cache import claim_key
from .model import Answer

__all__ = ["shared_reading", "read_once", "claim_keys"]

_MEMO: ContextVar[dict | None] = ContextVar("derivcheck_reading_memo", default=None)


@contextmanager
def shared_reading():
    """Within it (one run), an answer read before with the same inputs is not read again."""
    token = _MEMO.set({}) if _MEMO.get() is None else None  # nested: the outer run's memo holds
    try:
        yield
    finally:
        if token is not None:
            _MEMO.reset(token)


def read_once(key: Hashable, where: str, read: Callable[[], Answer], *, answer_id: str | None = None) -> Answer:
    """``read()``, or the reading of an earlier answer with the same ``key`` (every input of the
    reading but ``where``) moved to ``where``; a reading error is raised again, named for ``where``.

    ``answer_id``: the id, when ``key`` leaves it out (a document's claims are named by their line):
    a copy read under another id takes that id, its claims ``<id> step k`` theirs. Only a reading
    without claims per size is shared so: a vector answer draws its sizes from its id."""
    memo = _MEMO.get()
    if memo is None:
        return read()
    if key in memo:
        first, first_id, found = memo[key]
        if isinstance(found, DerivcheckError):
            raise _moved_error(found, first, where) from None
        if first_id == answer_id or _id_free(found):
            return _moved(found, first, where, first_id, answer_id)
        return read()
    before = alarms()
    try:
        found = read()
    except DerivcheckError as exc:
        if alarms() == before and len(exc.args) == 1 and isinstance(exc.args[0], str):
            memo[key] = (where, answer_id, exc)
        raise
    if alarms() == before and _shareable(found):
        memo[key] = (where, answer_id, found)
    return found


def _claims(answer: Answer):
    return (c for s in answer.steps for c in s.claims)


def _shareable(answer: Answer) -> bool:
    """No claim carries code of its own: a closure may hold the label it was read under."""
    return all(c.numeric_check is None and c.extra_check is None for c in _claims(answer))


def _moved_error(exc: DerivcheckError, first: str, where: str) -> DerivcheckError:
    moved = copy.copy(exc)
    moved.args = (exc.args[0].replace(first, where),)
    return moved


def _id_free(answer: Answer) -> bool:
    """Its content does not depend on its id: no step checked at sizes drawn from the id."""
    return all(not s.sized and s.generic is None for s in answer.steps)


def _moved(answer: Answer, first: str, where: str, first_id: str | None = None, answer_id: str | None = None) -> Answer:
    if first == where and first_id == answer_id:
        return answer
    source = provenance(where)
    renamed = first_id is not None and answer_id is not None and first_id != answer_id

    def text(value):
        return value.replace(first, where) if value else value

    def claim(c: Claim | None) -> Claim | None:
        if c is None:
            return None
        moved = copy.copy(c)  # the content is the one validated when it was read; only its place differs
        object.__setattr__(moved, "source", source)
        if renamed and (c.id == first_id or c.id.startswith(first_id + " ")):
            object.__setattr__(moved, "id", answer_id + c.id[len(first_id):])
        return moved

    steps = tuple(replace(s, claim=claim(s.claim), error=text(s.error), refuted=text(s.refuted),
                          sized=tuple((sizes, claim(c), symbolic) for sizes, c, symbolic in s.sized),
                          generic=claim(s.generic)) for s in answer.steps)
    return replace(answer, id=answer_id if renamed else answer.id, steps=steps, error=text(answer.error),
                   scope=text(answer.scope), proven_scope=text(answer.proven_scope))


_LABELS = frozenset({"id", "title", "source", "notes"})  # what ``claim_key`` leaves out


def claim_keys(claims: list[Claim], *, seed: int, timeout: float) -> list[str | None]:
    """``run.cache.claim_key`` of each claim, printed once for all the copies of a shared reading
    (they hold the very objects of their original's content: the same objects, the same key)."""
    keys: dict[tuple, str | None] = {}
    out = []
    for c in claims:
        content = tuple(id(getattr(c, f.name)) for f in fields(c) if f.name not in _LABELS)
        if content not in keys:
            keys[content] = claim_key(c, seed=seed, timeout=timeout)
        out.append(keys[content])
    return out
