"""Exhaustive numeric checks of integer claims: every tuple of a small grid, smallest first.

A claim whose variables are all integers (sizes, strides, paddings) is checked at *every* tuple
of a grid (each variable from its lower bound up to its sampling window, shrunk until the grid
has at most ``ENUMERATION_CAP`` tuples), not at random points. Finite sums of indicators (the
counts of conv arithmetic) are evaluated by looping over the index, vectorised over the grid.
A float64 disagreement is confirmed exactly (SymPy, integers) before it counts, and among the
confirmed ones the *smallest* is reported: least total distance from the lower bounds, then
lexicographic in the declared order, so an off-by-one shows up at the size a person would try.

This is evidence for every tuple of the grid, not a proof for all sizes: the grid is named in
the evidence's message, and ``generic`` still needs a proof.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from sympy import Dummy, Eq, Expr, Integer, Integral, Limit, Product, Sum, Symbol

from ..core.claim import Claim
from ..core.instances import instantiate
from .evaluate import NumericFunction
from .precision import agree_to_digits, counterexample, precise_counterexample, relation_error
from .sampling import condition_mask, each_condition, holds_exactly, integer_window
from .tolerances import ENUMERATION_TOL, PRECISE_POINTS, PRECISE_TRIES
from .precision import confirm

__all__ = ["ENUMERATION_CAP", "enumeration_grid", "check_exhaustively", "check_precisely", "NotEnumerable"]

ENUMERATION_CAP = 500_000  # tuples; under 1 s for the conv counts on one core (measured 0.84 s)
MAX_INDEX_RANGE = 5_000  # a sum longer than this is not looped over
MAX_CONFIRMATIONS = 60
FIRST_CORNER = 6  # offsets from the lower bounds enumerated first (see check_exhaustively)


class NotEnumerable(Exception):
    """The claim cannot be evaluated on a grid (a product, an unbounded or too long sum)."""


def enumeration_grid(claim: Claim, cap: int = ENUMERATION_CAP) -> dict[Symbol, tuple[int, int]] | None:
    """Per-variable ranges [lo, hi] with at most ``cap`` tuples; None if the claim is not all-integer."""

    if not claim.variables or any(not d.integer for d in claim.variables.values()):
        return None
    if any(r.has(Product) for r in claim.statement):
        return None
    windows = {s: list(integer_window(d)) for s, d in claim.variables.items()}
    while math.prod(hi - lo + 1 for lo, hi in windows.values()) > cap:
        widest = max(windows, key=lambda s: windows[s][1] - windows[s][0])
        lo, hi = windows[widest]
        if hi == lo:
            return None
        windows[widest][1] = hi - max(1, (hi - lo) // 10)
    return {s: (lo, hi) for s, (lo, hi) in windows.items()}


def describe_grid(grid: dict) -> str:
    return ", ".join(f"{s} = {lo}..{hi}" for s, (lo, hi) in grid.items())


def check_exhaustively(claim: Claim, grid: dict) -> tuple[int, float, dict | None]:
    """(tuples checked, max abs error, counterexample fields or None) over every tuple of ``grid``.

    A small corner of the grid (each variable within ``FIRST_CORNER`` of its lower bound) goes
    first: a counterexample there whose offsets sum to at most ``FIRST_CORNER`` is already the
    smallest of the whole grid (any point outside the corner has a larger sum), and is found fast.
    """
    corner = {v: (lo, min(hi, lo + FIRST_CORNER)) for v, (lo, hi) in grid.items()}
    if corner != grid:
        checked, max_abs, found = _check_grid(claim, corner)
        if found is not None and sum(found["counterexample"][str(v)] - lo for v, (lo, _) in grid.items()) <= FIRST_CORNER:
            return checked, max_abs, found
    return _check_grid(claim, grid)


def check_precisely(claim: Claim, grid: dict) -> tuple[int, dict | None]:
    """(tuples where every equality agreed to PRECISE_DIGITS, counterexample fields or None): the
    smallest tuples first, at most PRECISE_POINTS of them. float64 sees Σ k³ = (n(n+1)/2)² + 10⁻⁴⁵ hold
    at every n; written out at n = 0 it is 0 = 10⁻⁴⁵."""
    equalities = [(k, r) for k, r in enumerate(claim.statement) if isinstance(r, Eq) and not r.has(Limit, Integral)]
    if not equalities:
        return 0, None
    ranges = [range(lo, hi + 1) for lo, hi in grid.values()]
    tuples = sorted(itertools.islice(itertools.product(*ranges), 4 * PRECISE_TRIES), key=lambda t: sum(t))
    agreed = tried = 0
    for values in tuples:
        fixed = dict(zip(grid, values))
        exact_values = {s: Integer(v) for s, v in fixed.items()}
        if not all(holds_exactly(c, exact_values) for c in each_condition(list(claim.conditions))):
            continue
        tried += 1
        ok = True
        for index, rel in equalities:
            written = instantiate(rel, fixed)
            verdict = agree_to_digits(written, {})
            if verdict == "differ":
                return agreed, precise_counterexample(written, {}, index, fixed)
            ok = ok and verdict == "agree"
        agreed += ok
        if agreed >= PRECISE_POINTS or tried >= PRECISE_TRIES:
            break
    return agreed, None


def _check_grid(claim: Claim, grid: dict) -> tuple[int, float, dict | None]:

    symbols = list(grid)
    axes = np.meshgrid(*[np.arange(lo, hi + 1, dtype=float) for lo, hi in grid.values()], indexing="ij")
    values = {s: a.ravel() for s, a in zip(symbols, axes)}
    mask = condition_mask(claim.conditions, symbols, values, ENUMERATION_TOL)  # values are exact integers
    values = {s: v[mask] for s, v in values.items()}
    count = len(values[symbols[0]])
    if count == 0:
        return 0, 0.0, None
    rank = sum(values[s] - lo for s, (lo, _) in grid.items())
    max_abs = 0.0
    for index, rel in enumerate(claim.statement):
        lhs = evaluate(rel.lhs, values, count)
        rhs = evaluate(rel.rhs, values, count)
        abs_err, rel_err = relation_error(type(rel), lhs, rhs)
        finite = np.isfinite(lhs) & np.isfinite(rhs)
        suspects = np.flatnonzero(~finite | (rel_err > ENUMERATION_TOL))
        if np.any(finite):
            max_abs = max(max_abs, float(np.max(np.where(finite, abs_err, 0.0))))
        order = suspects[np.lexsort((suspects, rank[suspects]))]
        for k in order[:MAX_CONFIRMATIONS]:
            fixed = {s: int(values[s][k]) for s in symbols}
            exact = instantiate(rel, fixed)
            if confirm(exact, {}, claim) == "violated":
                return count, max_abs, counterexample(exact, {}, fixed, index)
    return count, max_abs, None


def evaluate(expr: Expr, values: dict, count: int) -> np.ndarray:
    """``expr`` at every tuple of ``values`` (arrays), finite sums looped over their index."""

    env = dict(values)
    placeholders = {}
    for node in _outer_sums(expr):
        p = Dummy("sum")
        env[p] = _sum(node, values, count)
        placeholders[node] = p
    body = expr.xreplace(placeholders)
    symbols = [s for s in env if s in body.free_symbols] or list(env)[:1]
    return np.asarray(NumericFunction(body, symbols)({s: env[s] for s in symbols}), dtype=float)


def _outer_sums(expr: Expr) -> list[Sum]:
    if isinstance(expr, Sum):
        return [expr]
    out = []
    for arg in expr.args:
        out.extend(_outer_sums(arg))
    return out


def _sum(node: Sum, values: dict, count: int) -> np.ndarray:
    """Sum(f, (t, a, b)) with SymPy's convention for b < a − 1 (the negated reverse sum)."""
    body, *limits = node.args
    (t, a, b) = limits[-1]
    if len(limits) > 1:
        body = Sum(body, *limits[:-1])
    a_v = np.broadcast_to(evaluate(a, values, count), (count,))
    b_v = np.broadcast_to(evaluate(b, values, count), (count,))
    if not (np.all(np.isfinite(a_v)) and np.all(np.isfinite(b_v))):
        raise NotEnumerable(f"sum over {t} with an unbounded limit")
    lo = np.minimum(a_v, b_v + 1)
    hi = np.maximum(b_v, a_v - 1)
    sign = np.where(b_v >= a_v - 1, 1.0, -1.0)
    if t not in body.free_symbols:
        return sign * (hi - lo + 1) * np.broadcast_to(evaluate(body, values, count), (count,))
    first, last = int(lo.min()), int(hi.max())
    if last - first > MAX_INDEX_RANGE:
        raise NotEnumerable(f"sum over {t} has {last - first + 1} terms")
    if body.has(Sum):
        term_at = lambda moved: evaluate(body, moved, count)  # noqa: E731
    else:
        term_at = NumericFunction(body, [*values, t])  # built once, called per index value
    total = np.zeros(count)
    for value in range(first, last + 1):
        inside = (lo <= value) & (value <= hi)
        if not inside.any():
            continue
        moved = dict(values)
        moved[t] = np.full(count, float(value))
        total += np.where(inside, np.broadcast_to(term_at(moved), (count,)), 0.0)
    return sign * total

