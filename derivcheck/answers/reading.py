"""Each distinct claim of an answer file read once per run, its copies sharing the reading.

A class writes the same statement (with the same ``where``, ``functions`` and id) in file after file;
once each distinct step is decided once (``run_claims``), reading every copy -- the LaTeX parsed,
the steps cut into claims -- was most of a cold run. Inside ``shared_reading()`` the first copy is
read and the others are that reading moved to their own place: the ``where`` label (file and
claim) that names it in its claims' ``source`` and its messages. Only what a run can share is
shared: a reading cut short by a deadline (it depends on the machine's load) is read again, and so
is one whose claims carry a check of their own (a closure may hold the label: vector answers).
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


def read_once(key: Hashable, where: str, read: Callable[[], Answer]) -> Answer:
    """``read()``, or the reading of an earlier answer with the same ``key`` (every input of the
    reading but ``where``) moved to ``where``; a reading error is raised again, named for ``where``."""
    memo = _MEMO.get()
    if memo is None:
        return read()
    if key in memo:
        first, found = memo[key]
        if isinstance(found, DerivcheckError):
            raise _moved_error(found, first, where) from None
        return _moved(found, first, where)
    before = alarms()
    try:
        found = read()
    except DerivcheckError as exc:
        if alarms() == before and len(exc.args) == 1 and isinstance(exc.args[0], str):
            memo[key] = (where, exc)
        raise
    if alarms() == before and _shareable(found):
        memo[key] = (where, found)
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


def _moved(answer: Answer, first: str, where: str) -> Answer:
    if first == where:
        return answer
    source = provenance(where)

    def text(value):
        return value.replace(first, where) if value else value

    def claim(c: Claim | None) -> Claim | None:
        if c is None:
            return None
        moved = copy.copy(c)  # the content is the one validated when it was read; only its place differs
        object.__setattr__(moved, "source", source)
        return moved

    steps = tuple(replace(s, claim=claim(s.claim), error=text(s.error), refuted=text(s.refuted),
                          sized=tuple((sizes, claim(c), symbolic) for sizes, c, symbolic in s.sized),
                          generic=claim(s.generic)) for s in answer.steps)
    return replace(answer, steps=steps, error=text(answer.error), scope=text(answer.scope),
                   proven_scope=text(answer.proven_scope))



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
