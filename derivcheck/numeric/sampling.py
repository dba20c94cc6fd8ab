"""Where to look: sampled reals and integers (special values first), sizes and labels, and which points
satisfy the claim's conditions."""

from __future__ import annotations

import functools
import math

import numpy as np
from sympy import (
    And,
    Eq,
    Ge,
    Gt,
    Integer,
    Le,
    Lt,
    Ne,
    Rational,
    S,
    Symbol,
    lambdify,
    oo,
)
from sympy.core.relational import Relational

from ..core.claim import Claim, Domain
from .evaluate import NumericFunction
from .tolerances import CONDITION_EQ_TOL, HP_DIGITS


SPECIAL_VALUES = (0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0)  # tried first: kinks and branch points live here




@functools.lru_cache(maxsize=None)
def _special_values(dom: Domain, boundary: tuple = ()) -> list:
    """SPECIAL_VALUES, then the claim's own constants (``Claim.boundary_values``), inside ``dom``."""
    return [v for v in SPECIAL_VALUES + tuple(float(b) for b in boundary) if dom.contains(Rational(v))]


def sample_reals(dom: Domain, rng: np.random.Generator, n: int, boundary: tuple = (), shifts=(0,)) -> np.ndarray:
    """``n`` draws from ``dom`` for each of ``len(shifts)`` variables at once (one row each): first its
    special values twice (the second time rotated by the row's shift), then at random.

    Every real variable takes the special values at the same first points (x = y = 0 together);
    the rotated copy, rotated by a different amount per variable, pairs each special value of one
    variable with other values of the rest: η = 0 with x₀ ≠ 0 when the claim excludes x₀ = 0.
    The rows are drawn in one call: the 64 entries of x ∈ ℝ⁶⁴ cost one draw, not 64.
    """
    size = (len(shifts), n)
    lo = float(dom.lo)
    hi = float(dom.hi)
    if math.isinf(lo) and math.isinf(hi):
        parts = [
            rng.uniform(-3, 3, size),
            rng.uniform(-10, 10, size),
            rng.normal(0, 1, size),
            rng.uniform(-0.5, 0.5, size),
            rng.choice([-1, 1], size) * rng.uniform(10, 50, size),
            rng.choice([-1, 1], size) * rng.uniform(50, 300, size),
        ]
        weights = [0.35, 0.25, 0.15, 0.1, 0.1, 0.05]
    elif math.isinf(hi):
        parts = [lo + np.exp(rng.uniform(math.log(1e-3), math.log(300), size)), lo + rng.uniform(0, 5, size)]
        weights = [0.6, 0.4]
    elif math.isinf(lo):
        parts = [hi - np.exp(rng.uniform(math.log(1e-3), math.log(300), size)), hi - rng.uniform(0, 5, size)]
        weights = [0.6, 0.4]
    else:
        width = hi - lo
        parts = [
            lo + width * rng.uniform(0, 1, size),
            lo + width * 1e-3 * rng.uniform(0, 1, size),
            hi - width * 1e-3 * rng.uniform(0, 1, size),
        ]
        weights = [0.9, 0.05, 0.05]
    which = rng.choice(len(parts), size=size, p=weights)
    out = np.choose(which, parts)
    special = _special_values(dom, boundary)
    for row, shift in enumerate(shifts):
        if special:
            k = shift % len(special)
            first = (special + special[k:] + special[:k])[:n]
            out[row, : len(first)] = first
    if not math.isinf(lo) and dom.lo_open:
        out = np.where(out <= lo, lo + (hi - lo if not math.isinf(hi) else 1.0) * 0.5, out)
    if not math.isinf(hi) and dom.hi_open:
        out = np.where(out >= hi, hi - (hi - lo if not math.isinf(lo) else 1.0) * 0.5, out)
    if dom.sample_hi is not None and math.isinf(lo) and math.isinf(hi):
        # a real line sampled only in [−sample_hi, sample_hi] (network weights: e^{Σ W h} overflows)
        wide = np.abs(out) > dom.sample_hi
        out[wide] = rng.uniform(-dom.sample_hi, dom.sample_hi, int(wide.sum()))
    return out


def sample_points(domains: dict, rng: np.random.Generator, n: int, boundary: tuple = ()) -> dict:
    """``n`` points for the variables of ``domains`` (symbol → Domain), as float arrays; the variables of
    one domain are drawn together, each with its own rotation of the special values."""
    groups: dict = {}
    for shift, (s, d) in enumerate(domains.items()):
        groups.setdefault(d, []).append((shift, s))
    drawn = {}
    for d, members in groups.items():
        table = sample_integers(d, rng, n, len(members)) if d.integer else sample_reals(d, rng, n, boundary, [shift for shift, _ in members])
        drawn.update({s: row.astype(float) for row, (_, s) in zip(table, members)})
    return {s: drawn[s] for s in domains}


def integer_window(dom: Domain) -> tuple[int, int]:
    span = dom.sample_hi or 40
    lo = -20 if dom.lo == -oo else int(dom.lo)
    hi = lo + span if dom.hi == oo else int(dom.hi)
    if dom.lo == -oo and dom.hi != oo:
        lo = hi - span
    if dom.sample_hi is not None and dom.lo != -oo:
        hi = min(hi, dom.sample_hi)
    return lo, max(lo, hi)


def sample_integers(dom: Domain, rng: np.random.Generator, n: int, rows: int = 1) -> np.ndarray:
    """``n`` integers of ``dom`` for each of ``rows`` variables (one row each)."""
    lo, hi = integer_window(dom)
    out = rng.integers(lo, hi + 1, (rows, n))
    # always include the smallest values (n = 1, 2, 3 hide and show different mistakes)
    small = np.arange(lo, min(hi, lo + 3) + 1)[:n]
    out[:, : len(small)] = small
    return out


def condition_mask(conditions, symbols, values, margin: float) -> np.ndarray:
    shape = np.shape(next(iter(values.values()))) if values else ()
    mask = np.ones(shape, dtype=bool)
    for cond in each_condition(conditions):
        if isinstance(cond, Ne):
            g = NumericFunction(cond.lhs - cond.rhs, symbols)(values)
            mask &= np.abs(g) > margin
        elif isinstance(cond, (Gt, Lt)):
            g = NumericFunction(cond.lhs - cond.rhs, symbols)(values)
            mask &= (g > margin) if isinstance(cond, Gt) else (g < -margin)
        elif isinstance(cond, (Ge, Le, Eq)):
            g = NumericFunction(cond.lhs - cond.rhs, symbols)(values)
            tol = CONDITION_EQ_TOL
            mask &= (g >= -tol) if isinstance(cond, Ge) else (g <= tol) if isinstance(cond, Le) else (np.abs(g) <= tol)
        else:
            f = lambdify(symbols, cond, modules="numpy")
            with np.errstate(all="ignore"):
                mask &= np.broadcast_to(np.asarray(f(*[values[s] for s in symbols]), dtype=bool), shape)
    return mask


def holds_exactly(cond, point: dict) -> bool:
    value = cond.xreplace(point)
    if isinstance(value, Relational):
        value = _decide(value)
    return bool(value)


def _decide(rel: Relational) -> bool:
    diff = (rel.lhs - rel.rhs).evalf(HP_DIGITS)
    if isinstance(rel, Ne):
        return diff != 0
    if isinstance(rel, Eq):
        return diff == 0
    if isinstance(rel, Gt):
        return diff > 0
    if isinstance(rel, Ge):
        return diff >= 0
    if isinstance(rel, Lt):
        return diff < 0
    return diff <= 0


def each_condition(conditions) -> list:
    """Conditions with every conjunction (a written-out ForEvery) split into its parts, so each
    instance h_u ≠ 0 keeps its own distance from the kink."""
    out = []
    for cond in conditions:
        out.extend(each_condition(cond.args) if isinstance(cond, And) else [cond])
    return out


def component_domain(sym: Symbol, arrays: dict, claim: Claim) -> Domain:
    """The domain of an instantiated entry ``x[3]``: its array's element domain."""
    name = (sym.name if type(sym) is Symbol else str(sym)).split("[", 1)[0]  # a Symbol prints as its name
    if name in arrays:
        return arrays[name].element
    return claim.variables.get(sym, Domain())


REUSE_INDEX = 0.35  # chance an index repeats an earlier one of the same range (hits i = j)


SMALL_SIZES = 4  # the first combinations take sizes 1, 2, 3, 4: n = 1 and n = 2 always checked


def draw_sizes(claim: Claim, int_syms: list, rng: np.random.Generator, combos: int):
    """One dict of integer values per combination; sizes first, then indices in their ranges.

    Sizes (numeric bounds) take their smallest values first (n = 1, 2, ...), then random ones from
    their window; an index whose range depends on a size (``index(n)``) is drawn inside it, and
    repeats an earlier index of the same range now and then, so both i = j and i ≠ j occur.
    """
    dependent = {s for s in int_syms if S(claim.variables[s].lo).free_symbols or S(claim.variables[s].hi).free_symbols}
    for c in range(combos):
        fixed: dict = {}
        pending = list(int_syms)
        empty = False
        while pending and not empty:
            progressed = False
            for sym in list(pending):
                dom = claim.variables[sym]
                known = {s: Integer(v) for s, v in fixed.items()}
                lo, hi = S(dom.lo).xreplace(known), S(dom.hi).xreplace(known)
                if lo.free_symbols or hi.free_symbols:
                    continue
                pending.remove(sym)
                progressed = True
                if sym not in dependent:
                    wlo, whi = integer_window(dom)
                    fixed[sym] = wlo + c if c < SMALL_SIZES and wlo + c <= whi else int(rng.integers(wlo, whi + 1))
                    continue
                wlo = -20 if lo == -oo else int(lo)
                whi = wlo + 40 if hi == oo else int(hi)
                if whi < wlo:
                    empty = True
                    break
                peers = [v for s, v in fixed.items() if s in dependent and wlo <= v <= whi]
                if peers and rng.random() < REUSE_INDEX:
                    fixed[sym] = int(rng.choice(peers))
                else:
                    fixed[sym] = int(rng.integers(wlo, whi + 1))
            if not progressed:
                raise ValueError(f"claim {claim.id!r}: cannot order the integer variables {pending} by their bounds")
        if not empty:
            yield {s: fixed[s] for s in int_syms}


def draw_labels(arrays: dict, fixed: dict, rng: np.random.Generator):
    """Values for every entry of each integer array (class labels y ∈ {1..m}^N) at these sizes."""
    import itertools

    labels = {}
    values = {s: Integer(v) for s, v in fixed.items()}
    for name, dom in arrays.items():
        if not dom.integer:
            continue
        shape = [S(d).xreplace(values) for d in dom.shape]
        lo, hi = S(dom.lo).xreplace(values), S(dom.hi).xreplace(values)
        if any(not d.is_Integer for d in shape + [lo, hi]) or hi < lo:
            return None
        labels[name] = {idx: int(rng.integers(int(lo), int(hi) + 1))
                        for idx in itertools.product(*[range(1, int(d) + 1) for d in shape])}
    return labels
