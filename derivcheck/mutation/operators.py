"""Mutation operators: the slips a student makes (a flipped sign, a changed constant, a sibling function,
a dropped term, swapped variables or indices, a transposed entry, a dropped assumption).

To add an operator: write a generator ``(claim) -> iterable of (description, Claim)`` and add it to ``OPERATORS``.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, replace
from typing import Callable, Iterator

from sympy import (
    Add,
    Basic,
    Derivative,
    Expr,
    Ge,
    Gt,
    Heaviside,
    Indexed,
    Le,
    Limit,
    Lt,
    Max,
    Min,
    Mul,
    Number,
    Piecewise,
    S,
    Sum,
    Symbol,
    ceiling,
    cosh,
    exp,
    floor,
    log,
    sign,
    sinh,
    tanh,
)
from sympy.core.relational import Relational

from ..core.claim import REALS, Claim
from ..core.errors import DerivcheckError
from ..core.functions import elu, gelu, gelu_tanh, leaky_relu, mish, sigmoid, silu, softplus, softsign


@dataclass(frozen=True)
class Mutant:
    """A mutated claim, the operator that made it, and the claim it came from."""

    claim: Claim
    operator: str
    origin: str


def _positions(expr: Basic, path=()) -> Iterator[tuple[tuple[int, ...], Basic]]:
    """Every sub-expression with the path of argument indices that reaches it (preorder)."""
    yield path, expr
    if isinstance(expr, Limit):
        children = [(0, expr.args[0])]  # never touch the limit variable, point or direction
    elif isinstance(expr, Derivative):
        # each variable (∂/∂W_ck → ∂/∂W_kc is a slip), never the order: d^{1/2}/dx^{1/2} is no mutant
        yield from _positions(expr.args[0], path + (0,))
        for i, (var, _count) in enumerate(expr.args[1:], start=1):
            yield from _positions(var, path + (i, 0))
        return
    elif isinstance(expr, Sum):
        children = [(0, expr.args[0])]
    else:
        children = list(enumerate(expr.args))
    for i, child in children:
        yield from _positions(child, path + (i,))


def _replace_at(expr: Basic, path: tuple[int, ...], new: Basic) -> Basic:
    if not path:
        return new
    args = list(expr.args)
    args[path[0]] = _replace_at(args[path[0]], path[1:], new)
    return expr.func(*args)


SIBLINGS: dict[type, Callable[[tuple], Expr]] = {
    sigmoid: lambda a: tanh(*a),
    tanh: lambda a: sigmoid(*a),
    exp: lambda a: log(*a),
    log: lambda a: exp(*a),
    sign: lambda a: Heaviside(a[0], S.Half),
    Heaviside: lambda a: sign(a[0]),
    Max: lambda a: Min(*a),
    Min: lambda a: Max(*a),
    floor: lambda a: ceiling(*a),
    ceiling: lambda a: floor(*a),
    sinh: lambda a: cosh(*a),
    cosh: lambda a: sinh(*a),
    softplus: lambda a: Max(0, *a),
    gelu: lambda a: silu(*a),  # the two smooth ReLUs a student confuses
    silu: lambda a: gelu(*a),
    gelu_tanh: lambda a: gelu(*a),
    softsign: lambda a: tanh(*a),
    elu: lambda a: leaky_relu(*a),
    mish: lambda a: silu(*a),
}


def _node_mutations(node: Basic) -> Iterator[tuple[str, Basic]]:
    """Local mistakes at one node of a statement."""
    if isinstance(node, Number) and node.is_finite and node.is_Rational:
        for new in (node + 1, node - 1, 2 * node, node / 2, -node, 1 / node if node != 0 else S.One):
            if new != node:
                yield f"constant {node} → {new}", new
    for cls, swap in SIBLINGS.items():
        if type(node) is cls or (cls in (Max, Min) and isinstance(node, cls)):
            try:
                yield f"{cls.__name__} → sibling", swap(node.args)
            except (TypeError, ValueError):
                pass
            break
    if _is_application(node) and len(node.args) >= 1 and isinstance(node.args[0], Expr):
        u, *rest = node.args
        for what, new_u in (("negate", -u), ("double", 2 * u), ("halve", u / 2)):
            try:
                yield f"{what} the argument of {type(node).__name__}", node.func(new_u, *rest)
            except (TypeError, ValueError):
                pass
    if isinstance(node, Add):
        terms = node.args
        for i, t in enumerate(terms):
            rest = terms[:i] + terms[i + 1 :]
            yield f"drop term {t}", Add(*rest)
            yield f"flip sign of term {t}", Add(*rest, -t)
            yield f"duplicate term {t}", Add(*rest, 2 * t)
    if isinstance(node, Mul):
        factors = node.args
        for i, f in enumerate(factors):
            if f == -1:
                yield "drop a minus sign", Mul(*(factors[:i] + factors[i + 1 :]))
                continue
            rest = factors[:i] + factors[i + 1 :]
            yield f"drop factor {f}", Mul(*rest)
            yield f"duplicate factor {f}", Mul(*rest, f, f)


def _is_application(node: Basic) -> bool:
    from sympy import Function

    return isinstance(node, (Function, exp, log)) and not isinstance(node, (Max, Min, Piecewise))


def local_mutants(claim: Claim) -> Iterator[tuple[str, Claim]]:
    for k, rel in enumerate(claim.statement):
        for side in (0, 1):
            root = rel.args[side]
            for path, node in _positions(root):
                for what, new in _node_mutations(node):
                    try:
                        mutated = _replace_at(root, path, new)
                    except (TypeError, ValueError, AttributeError):
                        continue
                    yield f"{'left' if side == 0 else 'right'}: {what}", _with_side(claim, k, side, mutated)
            yield f"{'left' if side == 0 else 'right'}: flip sign of the whole side", _with_side(claim, k, side, -root)


def _make(claim: Claim, **changes) -> Claim | None:
    """The claim with ``changes``, or None when the change makes it ill-formed."""
    try:
        return replace(claim, **changes)
    except (DerivcheckError, TypeError, ValueError):
        return None


def _with_side(claim: Claim, k: int, side: int, new_side: Expr) -> Claim | None:
    rel = claim.statement[k]
    args = (new_side, rel.rhs) if side == 0 else (rel.lhs, new_side)
    try:
        new_rel = type(rel)(*args, evaluate=False)
    except (TypeError, ValueError):
        return None
    return _make(claim, statement=claim.statement[:k] + (new_rel,) + claim.statement[k + 1 :])


def swap_mutants(claim: Claim) -> Iterator[tuple[str, Claim]]:
    """Swap two variables (x ↔ y, i ↔ j) of the same kind throughout the statement."""
    syms = [s for s in claim.variables if isinstance(s, Symbol)]
    for a, b in itertools.combinations(syms, 2):
        da, db = claim.variables[a], claim.variables[b]
        if da.integer != db.integer:
            continue
        rename = {}
        if da.integer and S(da.hi) != S(db.hi):  # indices of different ranges (c ≤ m, k ≤ d_h): at m = d_h
            rename = _sizes_unified(claim, S(da.hi), S(db.hi))
            if rename is None or S(da.lo) != S(db.lo):
                continue
        swap = {a: b, b: a}
        statement = tuple(type(r)(r.lhs.xreplace(swap), r.rhs, evaluate=False) for r in claim.statement)
        square = f" (at {db.hi} = {da.hi})" if rename else ""
        yield f"swap {a} and {b} on the left{square}", _renamed(claim, statement, rename)


def _sizes_unified(claim: Claim, keep: Expr, drop: Expr) -> dict | None:
    """{drop: keep} when both are size variables of the claim: a mutant that needs a square matrix
    (a transpose, two indices of different ranges swapped) is stated where the sizes agree."""
    if keep == drop:
        return {}
    if all(isinstance(s, Symbol) and s in claim.variables and claim.variables[s].integer for s in (keep, drop)):
        return {drop: keep}
    return None


def _renamed(claim: Claim, statement: tuple, rename: dict) -> Claim | None:
    """``claim`` with ``statement``, and each size in ``rename`` replaced by its partner everywhere."""
    if not rename:
        return _make(claim, statement=statement)
    statement = tuple(type(r)(r.lhs.xreplace(rename), r.rhs.xreplace(rename), evaluate=False) for r in statement)
    variables = {s: d.renamed(rename) for s, d in claim.variables.items() if s not in rename}
    conditions = tuple(c.xreplace(rename) for c in claim.conditions)
    return _make(claim, statement=statement, variables=variables, conditions=conditions)


def transpose_mutants(claim: Claim) -> Iterator[tuple[str, Claim]]:
    """W[a, b] → W[b, a] at one place (a missing or extra transpose; ∂L/∂W written transposed),
    with the matrix made square (its column size set to its row size) when it is not."""
    shapes = {str(s): d.shape for s, d in claim.variables.items() if len(d.shape) == 2}
    for k, rel in enumerate(claim.statement):
        for side in (0, 1):
            root = rel.args[side]
            for path, node in _positions(root):
                if not (isinstance(node, Indexed) and str(node.base) in shapes and len(node.indices) == 2):
                    continue
                a, b = node.indices
                if a == b:
                    continue
                rows, cols = shapes[str(node.base)]
                rename = _sizes_unified(claim, rows, cols)
                if rename is None:
                    continue
                try:
                    mutated = _replace_at(root, path, node.base[b, a])
                except (TypeError, ValueError, AttributeError):
                    continue
                args = (mutated, rel.rhs) if side == 0 else (rel.lhs, mutated)
                statement = claim.statement[:k] + (type(rel)(*args, evaluate=False),) + claim.statement[k + 1:]
                square = f" (at {cols} = {rows})" if rename else ""
                yield f"{'left' if side == 0 else 'right'}: transpose {node} → {node.base[b, a]}{square}", \
                    _renamed(claim, statement, rename)


def constant_variable_mutants(claim: Claim) -> Iterator[tuple[str, Claim]]:
    """Replace a parameter by 1 on one side (α → 1), as when a student forgets it."""
    for v, dom in claim.variables.items():
        if not isinstance(v, Symbol) or dom.integer:
            continue
        for side in (0, 1):
            for k, rel in enumerate(claim.statement):
                if v not in rel.args[side].free_symbols:
                    continue
                try:
                    new_side = rel.args[side].xreplace({v: S.One})
                except ValueError:  # v is a differentiation variable there
                    continue
                yield f"{v} → 1 on the {'left' if side == 0 else 'right'}", _with_side(claim, k, side, new_side)


def assumption_mutants(claim: Claim) -> Iterator[tuple[str, Claim]]:
    """Drop one condition, or widen one bounded domain to all reals."""
    for i, cond in enumerate(claim.conditions):
        yield f"drop assumption {cond}", _make(claim, conditions=claim.conditions[:i] + claim.conditions[i + 1 :])
    for v, dom in claim.variables.items():
        if not dom.integer and dom != REALS:
            variables = dict(claim.variables)
            variables[v] = REALS
            yield f"drop the domain of {v} ({dom.describe(str(v))})", _make(claim, variables=variables)


def relation_mutants(claim: Claim) -> Iterator[tuple[str, Claim]]:
    """Turn an inequality around (≤ → ≥, < → >)."""
    flip = {Le: Ge, Ge: Le, Lt: Gt, Gt: Lt}
    for k, rel in enumerate(claim.statement):
        if type(rel) in flip:
            new = flip[type(rel)](rel.lhs, rel.rhs, evaluate=False)
            yield f"relation {type(rel).__name__} → {flip[type(rel)].__name__}", _make(claim, statement=claim.statement[:k] + (new,) + claim.statement[k + 1 :])


OPERATORS = (local_mutants, swap_mutants, transpose_mutants, constant_variable_mutants, assumption_mutants,
             relation_mutants)


MAX_CANDIDATES = 400  # per claim: a worked example with hundreds of nodes would give thousands


MAX_MUTANTS = 60  # per claim, drawn evenly from the candidates when there are more


def mutants(claim: Claim, *, limit: int = MAX_MUTANTS) -> list[Mutant]:
    """Distinct, well-formed mutants of ``claim`` (statements SymPy decides outright are dropped).

    Every operator contributes (round-robin), so a large statement cannot crowd out the
    dropped assumptions and swapped variables.
    """
    seen = {_key(claim)}
    out = []
    streams = [iter(op(claim)) for op in OPERATORS]
    candidates = []
    while streams and len(candidates) < MAX_CANDIDATES:
        for stream in list(streams):
            item = next(stream, None)
            if item is None:
                streams.remove(stream)
            else:
                candidates.append(item)
    if len(candidates) > limit * 3:
        candidates = random.Random(claim.id).sample(candidates, limit * 3)
    for what, mutated in candidates:
        if len(out) >= limit:
            break
        if mutated is None or any(not isinstance(r, Relational) for r in mutated.statement):
            continue
        key = _key(mutated)
        if key in seen:
            continue
        seen.add(key)
        mutated = _make(mutated, id=f"{claim.id}__m{len(out) + 1}", title=f"{claim.title} [{what}]")
        if mutated is None:
            continue
        out.append(Mutant(mutated, what, claim.id))
    return out


def _key(claim: Claim):
    return (claim.statement, tuple(sorted(claim.variables.items(), key=str)), claim.conditions)
