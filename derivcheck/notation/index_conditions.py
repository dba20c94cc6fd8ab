r"""Conditions in ``where`` that only relate a step's own free indices (``i = j``, ``i \\neq j``, ``k = y``): they
say for which index values the step is claimed, so the readers compare the step only there."""

from __future__ import annotations

import itertools

from sympy import S

from .free_indices import free_indices
from .interpret import Interpreter
from .vector_lexer import Tok
from .vector_reader import RELATIONS
from .vector_where import VectorSpec

__all__ = ["index_filters", "holds_at", "size_filters", "sizes_allowed"]


def index_filters(members, spec: VectorSpec) -> list:
    """The ``where`` conditions that only relate indices (``i \\neq j``, ``k = y``) and touch the step's own.

    Such a condition says for which index combinations the step is claimed, not something every
    combination satisfies (read that way, i = j would be false whenever n > 1): callers compare the
    step only where it holds, and keep the other conditions (λ > 0, x_i > 0 for every i) as they were.
    An index the step does not use (k in ``k = y`` beside a step in y alone) only has to exist."""
    out = []
    for cond in spec.conditions:
        names = _names_in(cond[0])
        if names and names <= set(spec.indices) | set(spec.sizes) and free_indices(cond[0], spec):
            out.append(cond)
    return out


def size_filters(spec: VectorSpec) -> list:
    """The ``where`` conditions on one size alone (``K \\ge 2``, for a label-smoothed target's ε/(K − 1)): they say at which
    sizes the claim is made, so a size where one fails is skipped, as i ≠ j skips n = 1 — not a condition "always
    false" there."""
    return [cond for cond in spec.conditions if len(names := _names_in(cond[0])) == 1 and names <= set(spec.sizes)
            and not free_indices(cond[0], spec)]  # one size: n > m is kept out (sizes are drawn equal, then large)


def sizes_allowed(walk: Interpreter, filters: list) -> bool:
    """Do the size ``filters`` hold at the walk's sizes?"""
    return all(RELATIONS[rel](S(a), S(b)) is S.true for members, rels, what in filters
               for rel, a, b in walk.compare(members, rels, {}, what))


def holds_at(walk: Interpreter, filters: list, env: dict) -> bool:
    """Do the index ``filters`` hold at the index values ``env``, for some values of the indices they
    mention and ``env`` does not fix? (Integers: decided exactly.)"""
    extra = sorted({n for members, _, _ in filters for n in free_indices(members, walk.spec)} - set(env))
    ranges = [range(1, int(S(walk.spec.indices[n]).xreplace(walk.sizes)) + 1) for n in extra]
    for values in itertools.product(*ranges):
        here = {**env, **dict(zip(extra, values))}
        if all(RELATIONS[rel](S(int(a)), S(int(b))) is S.true
               for members, rels, what in filters for rel, a, b in walk.compare(members, rels, here, what)):
            return True
    return False


def _names_in(node) -> set:
    """Every name a tree mentions: variables, and the tokens of subscripts and calls."""
    out = set()
    if isinstance(node, tuple):
        if node and node[0] == "var":
            return {node[1]}
        for child in node[1:]:
            out |= _names_in(child)
    elif isinstance(node, list):
        for child in node:
            out |= _names_in(child)
    elif isinstance(node, Tok) and node.kind != "num":
        out.add(node.text)
    return out
