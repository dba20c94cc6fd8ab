"""Numeric spot-checks, independent of the prover.

Points are drawn (seeded) from each variable's domain, kept away from excluded kinks, and both
sides of every relation are evaluated in float64 with numpy. The evaluation never uses the
prover's results:
- named functions are evaluated from their definitions (σ(x) as 1/(1 + e^{-x}));
- a derivative is a central finite difference of the *undifferentiated* expression;
- a limit k → ∞ is the expression at a far point (k = 10^8), a limit k → a at a + 10^-7.

Float64 cries wolf (cancellation, overflow), so every disagreement is re-evaluated at 60 digits
on the exact rational point (finite differences with h = 10^-20, limits at 10^30) before it
counts; only a confirmed disagreement is a counterexample, and it is then shrunk toward small,
round values.

A claim over integers only (conv sizes) is instead checked at every tuple of a small grid,
smallest counterexample first (``enumeration.py``).
"""

from __future__ import annotations

import functools
import itertools
import math
import warnings
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from sympy import (
    Add,
    And,
    Derivative,
    Dummy,
    Eq,
    Expr,
    Float,
    Ge,
    Gt,
    Idx,
    Indexed,
    Integer,
    Integral,
    Le,
    Limit,
    Lt,
    Mul,
    Ne,
    Product,
    Rational,
    S,
    Subs,
    Sum,
    Symbol,
    lambdify,
    oo,
)
from sympy.core.relational import Relational
from sympy.printing.numpy import NumPyPrinter

from ..core.claim import Claim, Domain, ForEvery
from .enumeration import NotEnumerable, check_exhaustively, describe_grid, enumeration_grid
from ..core.functions import NamedFunction, unfold

__all__ = ["Evidence", "spot_check", "NumericFunction", "high_precision_value"]

HP_DIGITS = 60
HP_CONFIRM_REL = 1e-15  # a high-precision disagreement larger than this is real
MAX_CONFIRMATIONS = 150  # float disagreements re-evaluated at high precision, worst first
SPECIAL_VALUES = (0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0)  # tried first: kinks and branch points live here
CONDITION_MARGIN = 1e-2  # distance kept from an excluded kink (g ≠ 0 means |g| > margin)


@dataclass(frozen=True)
class Evidence:
    """What the numbers said, with enough to re-run it."""

    points: int
    max_abs_error: float
    max_rel_error: float
    seed: int
    domain: str
    counterexample: dict | None = None
    lhs_value: str | None = None
    rhs_value: str | None = None
    part: int | None = None
    false_alarms: int = 0
    undefined: int = 0
    message: str | None = None
    sizes: tuple = field(default_factory=tuple)

    @property
    def refuted(self) -> bool:
        return self.counterexample is not None


class Unsatisfiable(Exception):
    """No sampled point satisfies the claim's conditions."""


# --- float evaluation --------------------------------------------------------------------------

_EPS = np.finfo(float).eps


SUM_CHUNK = 200  # terms per printed sum: Python's compiler overflows on a 4096-term a + b + ...


def _add_all(*parts):
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def _chunk_sums(expr: Expr) -> Expr:
    """Print a huge sum (‖W‖² for W ∈ ℝ^{64×64}) as dc_sum of short sums."""
    from sympy import Function

    dc_sum = Function("dc_sum")

    def split(e):
        terms = e.args
        return dc_sum(*[Add(*terms[k:k + SUM_CHUNK]) for k in range(0, len(terms), SUM_CHUNK)])

    return expr.replace(lambda e: isinstance(e, Add) and len(e.args) > SUM_CHUNK, split)


class NumericFunction:
    """``expr`` as a vectorised function of ``symbols`` (a dict of arrays in, an array out).

    ``expr`` may be a list of expressions (then a list of arrays comes out): one compiled function
    serves them all, and derivatives with respect to the same variable share one finite
    difference, so Σ_i g_i ∂S_i/∂x_j at n = 64 compiles once rather than 64 times.
    """

    def __init__(self, expr, symbols: list[Symbol]):
        self.symbols = list(symbols)
        self.many = isinstance(expr, (list, tuple))
        exprs = list(expr) if self.many else [expr]
        exprs = [unfold(e) if e.atoms(NamedFunction) else e for e in exprs]  # each walk costs on big sums
        # 1/0 written in a statement is undefined there, not an error
        exprs = [e.xreplace({S.ComplexInfinity: S.NaN}) if e.has(S.ComplexInfinity) else e for e in exprs]
        self.special: list[tuple[tuple, Callable]] = []
        # a value at a point first: the derivative inside it is taken in the Subs' own variables
        if any(e.has(Subs) for e in exprs):
            exprs = [e.replace(lambda n: isinstance(n, Subs), self._placeholder) for e in exprs]
        derivatives = set().union(*[e.atoms(Derivative) for e in exprs])
        if derivatives:
            nested = set().union(*[d.expr.atoms(Derivative) for d in derivatives])
            outer = [d for d in derivatives if d not in nested]
            groups: dict = {}
            for d in sorted(outer, key=str):
                inner, var, count = _peel(d)
                groups.setdefault((var, count), []).append((d, inner))
            mapping = {}
            for (var, count), items in groups.items():
                holders = tuple(Dummy("p") for _ in items)
                self.special.append((holders, _finite_differences([inner for _, inner in items], var, count, self.symbols)))
                mapping.update(zip([d for d, _ in items], holders))
            exprs = [e.xreplace(mapping) for e in exprs]
        if any(e.has(Limit, Integral) for e in exprs):
            exprs = [e.replace(lambda n: isinstance(n, (Limit, Integral)), self._placeholder) for e in exprs]
        args = self.symbols + [p for holders, _ in self.special for p in holders]
        # plain argument names: lambdify would otherwise rename every "x[3]" itself, scanning the
        # whole expression once per symbol (minutes for n = 64)
        plain = [Symbol(f"_a{k}") for k in range(len(args))]
        flat = [_chunk_sums(e.xreplace(dict(zip(args, plain)))) for e in exprs]
        self._f = lambdify(plain, flat if self.many else flat[0], modules=[{"dc_sum": _add_all, "functools": functools}, "numpy"],
                           dummify=False, cse=True, printer=NumPyPrinter({"order": "none", "allow_unknown_functions": True}))
        self.expr = expr if self.many else exprs[0]

    def _placeholder(self, node: Limit) -> Symbol:
        p = Dummy("p")
        if isinstance(node, Subs):
            fn = _at_point(node, self.symbols)
        elif isinstance(node, Integral):
            fn = _quadrature(node, self.symbols)
        else:
            fn = _far_point(node, self.symbols)
        self.special.append(((p,), lambda values, fn=fn: [fn(values)]))
        return p

    def __call__(self, values: dict):
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            extra = [arr for _, fn in self.special for arr in fn(values)]
            out = self._f(*[values[s] for s in self.symbols], *extra)
        shape = np.shape(next(iter(values.values()))) if values else ()
        if self.many:
            return [_as_array(o, shape) for o in out]
        return _as_array(out, shape)


def _as_array(out, shape) -> np.ndarray:
    return np.broadcast_to(np.asarray(out, dtype=complex if np.iscomplexobj(out) else float), shape)


def _peel(node: Derivative) -> tuple[Expr, Symbol, int]:
    """Derivative(f, (x, 1), (y, 2)) -> (Derivative(f, (x, 1)), y, 2)."""
    *rest, (var, count) = node.variable_count
    inner = Derivative(node.expr, *rest) if rest else node.expr
    return inner, var, int(count)


def _finite_difference(node: Derivative, symbols: list[Symbol]) -> Callable:
    inner, var, count = _peel(node)
    many = _finite_differences([inner], var, count, symbols)
    return lambda values: many(values)[0]


def _finite_differences(inners: list, var, count: int, symbols: list[Symbol]) -> Callable:
    """Central differences in ``var`` of several functions at once (a list of arrays out)."""
    if var not in symbols:
        raise ValueError(f"derivative with respect to {var}, which is not a variable of the claim")
    f = NumericFunction(list(inners), symbols)

    def evaluate(values: dict) -> list:
        x = np.asarray(values[var], dtype=float)
        h = _EPS ** (1 / (2 + count)) * np.maximum(1.0, np.abs(x))

        def at(shift):
            moved = dict(values)
            moved[var] = x + shift
            return np.array(f(moved))

        if count == 1:
            plus, mid, minus = at(h), at(0 * h), at(-h)
            central = (plus - minus) / (2 * h)
            # where the one-sided slopes disagree there may be no derivative: let the
            # high-precision check decide (it flags a real kink as undefined)
            bend = np.abs((plus - mid) - (mid - minus)) / h
            jump = bend > 1e-3 * np.maximum(1.0, np.abs(central))
            if np.any(jump):
                # a smooth function bends by ~h·|f''|, which shrinks with h; a kink's slope jump
                # does not. Re-measure with h/4: only a bend that stays is treated as a kink.
                q = h / 4
                p4, m4 = at(q), at(-q)
                bend4 = np.abs((p4 - mid) - (mid - m4)) / q
                jump &= ~(bend4 < 0.5 * bend) | ~np.isfinite(bend4)
            return list(np.where(jump, np.nan, central))
        if count == 2:
            return list((at(h) - 2 * at(0 * h) + at(-h)) / (h * h))
        # higher orders: central differences of the binomial stencil
        total = 0
        for j in range(count + 1):
            total = total + (-1) ** j * math.comb(count, j) * at((count / 2 - j) * h)
        return list(total / h**count)

    return evaluate


def _at_point(node: Subs, symbols: list[Symbol]) -> Callable:
    """f(a) for Subs(f(v), v, a): evaluate f with v moved to a (a derivative inside differences in v)."""
    inner, variables, point = node.args
    f = NumericFunction(inner, symbols + [v for v in variables if v not in symbols])
    at = [NumericFunction(a, symbols) for a in point]

    def evaluate(values: dict) -> np.ndarray:
        shape = np.shape(next(iter(values.values()))) if values else ()
        moved = dict(values)
        for v, a in zip(variables, at):
            moved[v] = np.broadcast_to(a(values), shape)
        return f(moved)

    return evaluate


_DE_STEP = 1 / 24  # double-exponential quadrature: trapezoid step in u


def _quadrature(node: Integral, symbols: list[Symbol]) -> Callable:
    """A definite integral by double-exponential quadrature (tanh-sinh, exp-sinh, sinh-sinh).

    Independent of SymPy's ``integrate``: the integrand is evaluated at transformed nodes, so
    endpoint singularities and infinite ranges decay doubly exponentially in u.
    """
    if len(node.limits) != 1 or len(node.limits[0]) != 3:
        raise ValueError("only definite integrals in one variable are checked numerically")
    var, lo, hi = node.limits[0]
    f = NumericFunction(node.function, symbols + [var])
    sign = 1.0
    if lo in (oo, -oo) and hi not in (oo, -oo) or (lo == oo and hi == -oo):
        lo, hi, sign = hi, lo, -1.0  # ∫_∞^a = −∫_a^∞
    lo_f = None if lo in (-oo, oo) else NumericFunction(lo, symbols)
    hi_f = None if hi in (-oo, oo) else NumericFunction(hi, symbols)
    upward = hi == oo  # a finite lower end and +∞ (else −∞ below a finite end, or −∞..∞)
    u = np.arange(-4.0, 4.0 + _DE_STEP / 2, _DE_STEP)
    half_pi = math.pi / 2

    def evaluate(values: dict) -> np.ndarray:
        shape = np.shape(next(iter(values.values()))) if values else ()
        grid = {s: np.broadcast_to(np.asarray(v, dtype=float)[..., None], shape + u.shape) for s, v in values.items()}
        with np.errstate(all="ignore"):
            if lo == hi:
                return np.zeros(shape)
            s_ = half_pi * np.sinh(u)
            if lo_f is not None and hi_f is not None:  # tanh-sinh on [a, b]
                a, b = lo_f(values)[..., None], hi_f(values)[..., None]
                t = (a + b) / 2 + (b - a) / 2 * np.tanh(s_)
                w = (b - a) / 2 * half_pi * np.cosh(u) / np.cosh(s_) ** 2
            elif lo_f is not None:  # exp-sinh on [a, ∞) or (−∞, a]
                end = lo_f(values)[..., None]
                grow = np.exp(s_)
                t = end + grow if upward else end - grow
                w = half_pi * np.cosh(u) * grow * (1.0 if upward else -1.0)
            else:  # sinh-sinh on (−∞, ∞)
                t = np.sinh(s_)
                w = half_pi * np.cosh(u) * np.cosh(s_)
            w = np.broadcast_to(w, shape + u.shape)
            grid[var] = np.broadcast_to(t, shape + u.shape)
            fx = f(grid)
            # nodes rounded onto a singular end contribute nothing (their weight is negligible)
            terms = np.where(~np.isfinite(w) | (~np.isfinite(fx) & (np.abs(w) < 1e-12)), 0.0, fx * w)
            return sign * _DE_STEP * np.sum(terms, axis=-1)

    return evaluate


def _far_point(node: Limit, symbols: list[Symbol]) -> Callable:
    expr, var, point, direction = node.args
    f = NumericFunction(expr, symbols + [var])
    if point == oo:
        at = 1e8
    elif point == -oo:
        at = -1e8
    else:
        at = float(point) + (1e-7 if str(direction) == "+" else -1e-7)

    def evaluate(values: dict) -> np.ndarray:
        shape = np.shape(next(iter(values.values()))) if values else ()
        moved = dict(values)
        moved[var] = np.full(shape, at)
        return f(moved)

    return evaluate


# --- high-precision evaluation -----------------------------------------------------------------


def high_precision_value(expr: Expr, point: dict, digits: int = HP_DIGITS):
    """``expr`` at an exact point to ``digits`` digits; derivatives and limits numerically."""
    expr = unfold(expr)
    work = digits + 40
    return _hp(expr, {s: S(v) for s, v in point.items()}, work).evalf(digits)


def _hp(expr: Expr, point: dict, work: int) -> Expr:
    def replace_node(node):
        if isinstance(node, Derivative):
            inner, var, count = _peel(node)
            h = Rational(1, 10 ** (work // (2 + count)))
            x0 = point[var]
            if count == 1:
                f0 = _hp(inner, point, work).evalf(work)
                moved = dict(point)
                moved[var] = x0 + h
                fp = _hp(inner, moved, work).evalf(work)
                moved[var] = x0 - h
                fm = _hp(inner, moved, work).evalf(work)
                if any(_as_real(v) is None for v in (f0, fp, fm)):
                    return S.NaN  # the function is not real-valued here: no real derivative
                forward, backward = (fp - f0) / h, (f0 - fm) / h
                if _differ(forward, backward):
                    return S.NaN  # the one-sided derivatives differ: no derivative here
                return ((fp - fm) / (2 * h)).evalf(work)
            else:
                stencil = [((-1) ** j * math.comb(count, j), (Rational(count, 2) - j) * h) for j in range(count + 1)]
                denom = h**count
            total = 0
            for c, shift in stencil:
                moved = dict(point)
                moved[var] = x0 + shift
                value = _hp(inner, moved, work).evalf(work)
                if _as_real(value) is None:
                    return S.NaN
                total += c * value
            return (total / denom).evalf(work)
        expr_, var, target, direction = node.args
        values = []
        for digits in (30, 60):
            if target == oo:
                at = Integer(10) ** digits
            elif target == -oo:
                at = -(Integer(10) ** digits)
            else:
                at = target + (Rational(1, 10**digits) if str(direction) == "+" else -Rational(1, 10**digits))
            moved = dict(point)
            # a Float point: (1 + x/10^30)^(10^30) with an exact 10^30 would be computed exactly (hangs)
            moved[var] = Float(at, work)
            values.append(_hp(expr_, moved, work).evalf(work))
        near, far = values
        return S.Zero if _vanishes(near, far) else near

    def replace_subs(node):
        inner, variables, values = node.args
        moved = dict(point)
        moved.update({v: _hp(a, point, work) for v, a in zip(variables, values)})
        return _hp(inner, moved, work).evalf(work)

    expr = expr.replace(lambda e: isinstance(e, Subs) and not (e.free_symbols - set(point)), replace_subs)
    expr = expr.replace(lambda e: isinstance(e, (Derivative, Limit)) and not (e.free_symbols - set(point)) - _bound(e), replace_node)
    return expr.xreplace(point)


def _vanishes(near, far) -> bool:
    """A limit is 0 when its value at the far point is below 10⁻³⁰ and 10¹⁰ times smaller than nearer.

    (1/2)ⁿ at n = 10³⁰ is 10^(−3·10²⁹), not 0: compared exactly (lim c rⁿ = 0 inside an indicator)
    it would read as "does not tend to 0". float64 underflows to 0 by itself; at high precision
    the two far points decide. A limit c ≠ 0 is never below 10⁻³⁰ at both.
    """
    a, b = _as_real(near), _as_real(far)
    if a is None or b is None:
        return False
    return abs(b) < 1e-30 and abs(b) <= 1e-10 * abs(a)


def _differ(a, b) -> bool:
    try:
        return abs(a - b) > 1e-10 * max(1, abs(a), abs(b))
    except TypeError:
        return True  # not comparable (complex or undefined): treat as no derivative


def _bound(node) -> set:
    if isinstance(node, Limit):
        return {node.args[1]}
    return set()


def _as_real(value) -> float | None:
    """A finite real number, or None for undefined / complex / infinite values."""
    try:
        if value.has(S.NaN, S.ComplexInfinity, oo, -oo):
            return None
        re, im = value.as_real_imag()
        if abs(im) > 1e-40 * max(1, abs(re)):
            return None
        return re
    except (TypeError, AttributeError):
        return None


# --- sampling ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def _special_values(dom: Domain, boundary: tuple = ()) -> list:
    """SPECIAL_VALUES, then the claim's own constants (``Claim.boundary_values``), inside ``dom``."""
    return [v for v in SPECIAL_VALUES + tuple(float(b) for b in boundary) if dom.contains(Rational(v))]


def _sample_reals(dom: Domain, rng: np.random.Generator, n: int, boundary: tuple = (), shift: int = 0) -> np.ndarray:
    """``n`` draws from ``dom``: first its special values twice (the second time rotated by ``shift``), then at random.

    Every real variable takes the special values at the same first points (x = y = 0 together);
    the rotated copy, rotated by a different amount per variable, pairs each special value of one
    variable with other values of the rest: η = 0 with x₀ ≠ 0 when the claim excludes x₀ = 0.
    """
    lo = float(dom.lo)
    hi = float(dom.hi)
    if math.isinf(lo) and math.isinf(hi):
        parts = [
            rng.uniform(-3, 3, n),
            rng.uniform(-10, 10, n),
            rng.normal(0, 1, n),
            rng.uniform(-0.5, 0.5, n),
            rng.choice([-1, 1], n) * rng.uniform(10, 50, n),
            rng.choice([-1, 1], n) * rng.uniform(50, 300, n),
        ]
        weights = [0.35, 0.25, 0.15, 0.1, 0.1, 0.05]
    elif math.isinf(hi):
        parts = [lo + np.exp(rng.uniform(math.log(1e-3), math.log(300), n)), lo + rng.uniform(0, 5, n)]
        weights = [0.6, 0.4]
    elif math.isinf(lo):
        parts = [hi - np.exp(rng.uniform(math.log(1e-3), math.log(300), n)), hi - rng.uniform(0, 5, n)]
        weights = [0.6, 0.4]
    else:
        width = hi - lo
        parts = [
            lo + width * rng.uniform(0, 1, n),
            lo + width * 1e-3 * rng.uniform(0, 1, n),
            hi - width * 1e-3 * rng.uniform(0, 1, n),
        ]
        weights = [0.9, 0.05, 0.05]
    which = rng.choice(len(parts), size=n, p=weights)
    out = np.choose(which, parts)
    special = _special_values(dom, boundary)
    if special:
        k = shift % len(special)
        special = special + special[k:] + special[:k]
    special = special[:n]
    out[: len(special)] = special
    if not math.isinf(lo) and dom.lo_open:
        out = np.where(out <= lo, lo + (hi - lo if not math.isinf(hi) else 1.0) * 0.5, out)
    if not math.isinf(hi) and dom.hi_open:
        out = np.where(out >= hi, hi - (hi - lo if not math.isinf(lo) else 1.0) * 0.5, out)
    if dom.sample_hi is not None and math.isinf(lo) and math.isinf(hi):
        # a real line sampled only in [−sample_hi, sample_hi] (network weights: e^{Σ W h} overflows)
        wide = np.abs(out) > dom.sample_hi
        out[wide] = rng.uniform(-dom.sample_hi, dom.sample_hi, int(wide.sum()))
    return out


def _integer_window(dom: Domain) -> tuple[int, int]:
    span = dom.sample_hi or 40
    lo = -20 if dom.lo == -oo else int(dom.lo)
    hi = lo + span if dom.hi == oo else int(dom.hi)
    if dom.lo == -oo and dom.hi != oo:
        lo = hi - span
    if dom.sample_hi is not None and dom.lo != -oo:
        hi = min(hi, dom.sample_hi)
    return lo, max(lo, hi)


def _sample_integers(dom: Domain, rng: np.random.Generator, n: int) -> np.ndarray:
    lo, hi = _integer_window(dom)
    out = rng.integers(lo, hi + 1, n)
    # always include the smallest values (n = 1, 2, 3 hide and show different mistakes)
    small = np.arange(lo, min(hi, lo + 3) + 1)
    out[: len(small)] = small
    return out


def _condition_mask(conditions, symbols, values, margin: float) -> np.ndarray:
    shape = np.shape(next(iter(values.values()))) if values else ()
    mask = np.ones(shape, dtype=bool)
    for cond in _each_condition(conditions):
        if isinstance(cond, Ne):
            g = NumericFunction(cond.lhs - cond.rhs, symbols)(values)
            mask &= np.abs(g) > margin
        elif isinstance(cond, (Gt, Lt)):
            g = NumericFunction(cond.lhs - cond.rhs, symbols)(values)
            mask &= (g > margin) if isinstance(cond, Gt) else (g < -margin)
        elif isinstance(cond, (Ge, Le, Eq)):
            g = NumericFunction(cond.lhs - cond.rhs, symbols)(values)
            tol = 1e-12
            mask &= (g >= -tol) if isinstance(cond, Ge) else (g <= tol) if isinstance(cond, Le) else (np.abs(g) <= tol)
        else:
            f = lambdify(symbols, cond, modules="numpy")
            with np.errstate(all="ignore"):
                mask &= np.broadcast_to(np.asarray(f(*[values[s] for s in symbols]), dtype=bool), shape)
    return mask


def _holds_exactly(cond, point: dict) -> bool:
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


# --- instantiation of sizes --------------------------------------------------------------------


def instantiate(expr: Expr, integer_values: dict, labels: dict | None = None) -> Expr:
    """Fix the sizes/indices, expand finite sums, and turn x[3] into a scalar symbol ``x[3]``.

    ``labels`` gives the entries of integer arrays ({"y": {(1,): 3, ...}}); they are substituted
    before the arrays they index (z[1, y[1]] -> z[1, 3]).
    """
    labels = labels or {}
    if isinstance(expr, Relational):  # kept unevaluated: SymPy may decide it once sizes are fixed
        return type(expr)(instantiate(expr.lhs, integer_values, labels), instantiate(expr.rhs, integer_values, labels),
                          evaluate=False)
    from ..prover.indexed import rename_apart

    # summation indices renamed apart first, so fixing a free j leaves a bound j alone
    # (and from every index being fixed: ∂/∂b_k Σ_c (ŷ_c − t_c)² next to a free c elsewhere)
    expr = rename_apart(expr, avoid=integer_values).xreplace({s: Integer(v) for s, v in integer_values.items()})

    def settle(e):
        """An entry whose indices are now integers becomes its scalar symbol (or label value)."""
        return e.replace(lambda a: isinstance(a, Indexed) and all(i.is_Integer for i in a.indices), entry)

    def entry(e):
        name = str(e.base)
        if name in labels:
            return Integer(labels[name][tuple(int(i) for i in e.indices)])
        return Symbol(str(e), real=True)

    def expand_sum(node):
        body, *limits = node.args
        for var, lo, hi in reversed(limits):
            if not (lo.is_Integer and hi.is_Integer):
                return node
            entries = [a for a in body.atoms(Indexed) if var in a.free_symbols]
            terms = []
            for v in range(int(lo), int(hi) + 1):
                at = {var: Integer(v)}
                terms.append(body.xreplace({**{a: settle(a.xreplace(at)) for a in entries}, **at}))
            body = (Add if isinstance(node, Sum) else Mul)(*terms) if terms else (S.Zero if isinstance(node, Sum) else S.One)
        return body

    # a condition for every index (hᵃ_u ≠ 0, u = 1..d_h) is written out at these sizes
    expr = expr.replace(lambda e: isinstance(e, ForEvery), lambda e: e.written_out())
    expr = expr.replace(lambda e: isinstance(e, (Sum, Product)), expand_sum)
    return expr.xreplace({a: settle(a) for a in expr.atoms(Indexed)})


def _each_condition(conditions) -> list:
    """Conditions with every conjunction (a written-out ForEvery) split into its parts, so each
    instance h_u ≠ 0 keeps its own distance from the kink."""
    out = []
    for cond in conditions:
        out.extend(_each_condition(cond.args) if isinstance(cond, And) else [cond])
    return out


# --- the check ---------------------------------------------------------------------------------


def _relation_error(rel_cls, lhs: np.ndarray, rhs: np.ndarray):
    """abs error, relative error, and for inequalities the violation amount (> 0 violates)."""
    with np.errstate(all="ignore"):
        scale = np.maximum(1.0, np.maximum(np.abs(lhs), np.abs(rhs)))
        if rel_cls is Eq:
            err = np.abs(lhs - rhs)
            return err, err / scale
        gap = {Le: lhs - rhs, Lt: lhs - rhs, Ge: rhs - lhs, Gt: rhs - lhs}[rel_cls]
        err = np.maximum(gap, 0.0)
        return err, err / scale


def _violates_hp(rel_cls, lhs, rhs) -> bool:
    scale = max(1, abs(lhs), abs(rhs))
    diff = lhs - rhs
    if rel_cls is Eq:
        return abs(diff) > HP_CONFIRM_REL * scale
    if rel_cls is Le:
        return diff > HP_CONFIRM_REL * scale
    if rel_cls is Ge:
        return -diff > HP_CONFIRM_REL * scale
    # strict: equal up to the 60 digits the two sides carry (relative to the sides themselves, not
    # to 1: S(x)_i = 1e-159 > 0 is a clear positive gap)
    magnitude = max(abs(lhs), abs(rhs))
    if rel_cls is Lt:
        return diff >= 0 or abs(diff) <= 1e-50 * magnitude
    return diff <= 0 or abs(diff) <= 1e-50 * magnitude  # Gt


def spot_check(claim: Claim, *, seed: int = 0, points: int = 1000) -> Evidence:
    """Check every relation of ``claim`` at ``points`` seeded points; confirm any disagreement."""
    rng = np.random.default_rng(seed)
    real_syms = [s for s, d in claim.variables.items() if not d.integer and not d.shape and isinstance(s, Symbol)]
    int_syms = [s for s, d in claim.variables.items() if d.integer and not d.shape]
    arrays = {str(s): d for s, d in claim.variables.items() if d.shape}
    # sizes and indices are drawn together whenever an index's range depends on a size, even in a
    # statement that no longer mentions an array (a claim 1 = 1/n over x ∈ ℝⁿ, i ≤ n)
    needs_instantiation = any(r.has(Sum, Product, Indexed) for r in claim.statement) or bool(arrays) or any(
        S(claim.variables[s].lo).free_symbols or S(claim.variables[s].hi).free_symbols for s in int_syms)
    domain = claim.scope
    totals = _Totals()

    grid = enumeration_grid(claim)
    if grid is not None:
        try:
            checked, max_abs, found = check_exhaustively(claim, grid)
        except NotEnumerable:
            grid = None
        else:
            totals.points, totals.max_abs = checked, max_abs
            if found is not None:
                return _finish(claim, seed, domain, totals, found, grid)
    if grid is not None:
        pass  # every tuple of the grid was checked (see enumeration.py): no random points to add
    elif needs_instantiation and (int_syms or arrays):
        combos = max(8, min(40, points // 25)) if int_syms else 1
        per = max(1, points // combos)
        for fixed in _draw_sizes(claim, int_syms, rng, combos):
            exact_fixed = {s: Integer(v) for s, v in fixed.items()}
            if not all(_holds_exactly(cond, exact_fixed) for cond in claim.conditions if cond.free_symbols <= set(int_syms)):
                continue
            labels = _draw_labels(arrays, fixed, rng)
            if labels is None:
                continue
            relations = [instantiate(r, fixed, labels) for r in claim.statement]
            conds = _each_condition([instantiate(cond, fixed, labels) for cond in claim.conditions])
            # derivative variables too: Derivative(1, x[1]) (n = 1 in ∂S_i/∂x_j) has no free symbol
            seen = {s for r in relations + conds for s in r.free_symbols if isinstance(s, Symbol)}
            seen |= {v for r in relations for d in r.atoms(Derivative) for v in d.variables if isinstance(v, Symbol)}
            comps = sorted(seen - set(real_syms), key=str)
            comp_domains = {s: _component_domain(s, arrays, claim) for s in comps}
            report = {**fixed, **{name: [v for _, v in sorted(values.items())] for name, values in labels.items()}}
            totals.sizes.add(tuple((str(s), v) for s, v in fixed.items() if not S(claim.variables[s].hi).free_symbols))
            result = _check_relations(claim, relations, conds, {**{s: claim.variables[s] for s in real_syms}, **comp_domains}, rng, per, report, totals)
            if result is not None:
                return _finish(claim, seed, domain, totals, result)
    else:
        domains = {s: d for s, d in claim.variables.items() if isinstance(s, Symbol)}
        # sums with numeric limits (a worked example) are expanded; float evalf of Sum gives NaN
        relations = [instantiate(r, {}) if needs_instantiation else r for r in claim.statement]
        result = _check_relations(claim, relations, list(claim.conditions), domains, rng, points, {}, totals)
        if result is not None:
            return _finish(claim, seed, domain, totals, result)
    if claim.extra_check is not None:
        extra_points, counterexample = claim.extra_check(rng)
        totals.points += extra_points
        if counterexample is not None:
            return _finish(claim, seed, domain, totals, counterexample)
    if totals.points == 0:
        raise Unsatisfiable(f"claim {claim.id!r}: no sampled point satisfies its domain and conditions ({domain})")
    return _finish(claim, seed, domain, totals, None, grid)


def _component_domain(sym: Symbol, arrays: dict, claim: Claim) -> Domain:
    """The domain of an instantiated entry ``x[3]``: its array's element domain."""
    name = str(sym).split("[", 1)[0]
    if name in arrays:
        return arrays[name].element
    return claim.variables.get(sym, Domain())


REUSE_INDEX = 0.35  # chance an index repeats an earlier one of the same range (hits i = j)
SMALL_SIZES = 4  # the first combinations take sizes 1, 2, 3, 4: n = 1 and n = 2 always checked


def _draw_sizes(claim: Claim, int_syms: list, rng: np.random.Generator, combos: int):
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
                    wlo, whi = _integer_window(dom)
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


def _draw_labels(arrays: dict, fixed: dict, rng: np.random.Generator):
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


@dataclass
class _Totals:
    points: int = 0
    max_abs: float = 0.0
    max_rel: float = 0.0
    false_alarms: int = 0
    undefined: int = 0
    sizes: set = field(default_factory=set)


def _finish(claim, seed, domain, totals: _Totals, found, grid=None) -> Evidence:
    base = dict(points=totals.points, max_abs_error=totals.max_abs, max_rel_error=totals.max_rel, seed=seed,
                domain=domain, false_alarms=totals.false_alarms, undefined=totals.undefined,
                message=f"every tuple with {describe_grid(grid)} enumerated" if grid else None,
                sizes=tuple(sorted(totals.sizes)))
    if found is None:
        return Evidence(**base)
    return Evidence(**base, **found)


def _check_relations(claim, relations, conditions, domains, rng, n, fixed, totals: _Totals):
    """Float check, then high-precision confirmation; returns counterexample fields or None."""
    symbols = list(domains)
    values = {}
    want = n
    for attempt in range(6):
        batch = {s: (_sample_integers(d, rng, want * 4) if d.integer else _sample_reals(d, rng, want * 4, claim.boundary_values, shift)).astype(float)
                 for shift, (s, d) in enumerate(domains.items())}
        if not symbols:
            batch = {}
        mask = _condition_mask(conditions, symbols, batch, CONDITION_MARGIN) if batch else np.ones(1, dtype=bool)
        if not batch:
            values = {}
            break
        for s in symbols:
            values[s] = np.concatenate([values.get(s, np.empty(0)), batch[s][mask]])
        if len(values[symbols[0]]) >= n:
            values = {s: v[:n] for s, v in values.items()}
            break
    if symbols and len(values.get(symbols[0], [])) == 0:
        return None
    count = len(values[symbols[0]]) if symbols else 1
    for index, rel in enumerate(relations):
        lhs = NumericFunction(rel.lhs, symbols)(values) if symbols else np.array([_float(rel.lhs)])
        rhs = NumericFunction(rel.rhs, symbols)(values) if symbols else np.array([_float(rel.rhs)])
        if np.iscomplexobj(lhs) or np.iscomplexobj(rhs):
            lhs_r, rhs_r = np.real(lhs), np.real(rhs)
            bad_complex = (np.abs(np.imag(lhs)) > 1e-12) | (np.abs(np.imag(rhs)) > 1e-12)
        else:
            lhs_r, rhs_r, bad_complex = lhs, rhs, np.zeros(np.shape(lhs), dtype=bool)
        with np.errstate(all="ignore"):  # inf - inf where float64 overflows: confirmed below
            abs_err, rel_err = _relation_error(type(rel), lhs_r, rhs_r)
        finite = np.isfinite(lhs_r) & np.isfinite(rhs_r) & ~bad_complex
        tol = 1e-5 if rel.has(Derivative, Limit, Integral) else 1e-8
        if not symbols:  # both sides came from the 60-digit evaluation: only float rounding to allow
            tol = 1e-13
        suspects = ~finite | (rel_err > tol)
        if type(rel) in (Lt, Gt):  # a strict inequality fails where both sides are equal (e^x > 1 + x at 0)
            scale = np.maximum(1.0, np.maximum(np.abs(lhs_r), np.abs(rhs_r)))
            suspects |= finite & (np.abs(lhs_r - rhs_r) <= 1e-12 * scale)
            if rel.has(Derivative):
                # a finite difference in float64 carries noise ~1e-6, far above 1e-12: a gap that is
                # exactly 0 reads as a small positive number. The first points hold the special
                # values and the interval ends (0, 1, ...), where equality lives: always confirmed.
                first = len(SPECIAL_VALUES) + len(claim.boundary_values)
                suspects[: min(len(suspects), first)] |= finite[:first]
        suspects = np.flatnonzero(suspects)
        good = finite & (rel_err <= tol)
        if np.any(good):
            totals.max_abs = max(totals.max_abs, float(np.max(abs_err[good])))
            totals.max_rel = max(totals.max_rel, float(np.max(rel_err[good])))
        # largest disagreements first, finite and non-finite points taken in turn: a flood of
        # float64 overflows (each a false alarm at 60 digits) cannot push a real disagreement
        # past MAX_CONFIRMATIONS
        ranked = suspects[np.argsort(-np.where(finite[suspects], rel_err[suspects], 0.0))]
        finite_first = [k for k in ranked if finite[k]]
        overflowed = [k for k in ranked if not finite[k]]
        order = [k for pair in itertools.zip_longest(finite_first, overflowed) for k in pair if k is not None]
        for k in order[:MAX_CONFIRMATIONS]:
            point = {s: _exact(values[s][k], domains[s], claim.boundary_values) for s in symbols}
            verdict = _confirm(rel, point, claim)
            if verdict == "violated":
                point = _shrink(rel, point, domains, conditions, claim)
                return _counterexample(rel, point, fixed, index)
            if verdict == "undefined":
                totals.undefined += 1
            else:
                totals.false_alarms += 1
        unconfirmed = max(0, len(order) - MAX_CONFIRMATIONS)
        count -= unconfirmed  # float trouble not re-checked at high precision is not evidence
    totals.points += max(count, 0)
    return None


def _float(expr) -> float:
    try:
        return float(high_precision_value(expr, {}, 30))
    except TypeError:
        return float("nan")


def _exact(value: float, dom: Domain, boundary: tuple = ()):
    """The exact point a float stands for: a boundary value 1/5 drawn as 0.2 is 1/5, not 0.2000…0111."""
    if dom.integer:
        return Integer(int(round(value)))
    for b in boundary:
        if float(b) == value:
            return b
    return Rational(value)


def _confirm(rel, point: dict, claim) -> str:
    """"violated", "holds", or "undefined" at ``point``, decided at high precision."""
    lhs = _as_real(high_precision_value(rel.lhs, point))
    rhs = _as_real(high_precision_value(rel.rhs, point))
    if lhs is None and rhs is None:
        return "undefined"
    if lhs is None or rhs is None:
        return "violated"  # one side is a number, the other is not defined there
    if not _violates_hp(type(rel), lhs, rhs):
        return "holds"
    if isinstance(rel, (Gt, Lt)) and abs(lhs - rhs) <= 1e-40 and not rel.has(Limit, Integral):
        return _strict_gap(rel, point)
    # 60 digits can still cancel away (cosh(208)^2 - sinh(208)^2 needs ~180): a violation
    # counts only if it survives at twice the precision with the same values
    lhs4 = _as_real(high_precision_value(rel.lhs, point, 2 * HP_DIGITS))
    rhs4 = _as_real(high_precision_value(rel.rhs, point, 2 * HP_DIGITS))
    if lhs4 is None or rhs4 is None:
        return "undefined"
    stable = abs(lhs4 - lhs) <= 1e-20 * max(1, abs(lhs4)) and abs(rhs4 - rhs) <= 1e-20 * max(1, abs(rhs4))
    if not stable:
        return "undefined"
    return "violated" if _violates_hp(type(rel), lhs4, rhs4) else "holds"


def _strict_gap(rel, point: dict) -> str:
    """A strict inequality whose two sides agree to 60 digits: is the gap 0 (violated) or merely tiny?

    σ(a)(1 − σ(a)) at a = 200 is 1e-87 > 0, and its finite difference at 60 digits is noise: first
    try five times the digits, where a real gap shows with the right sign. A finite difference
    cannot resolve a gap that is exactly 0 (it leaves ~1e-170 of truncation either way), so the
    gap is then evaluated exactly — the derivative taken by SymPy, the point exact — and
    ``evalf`` with up to 3000 digits: a value that never gains a significant digit is 0.
    Differentiating symbolically here only ever *confirms* a counterexample the finite
    differences already found; it never makes a claim pass.
    """
    sign = 1 if isinstance(rel, Gt) else -1
    lhs = _as_real(high_precision_value(rel.lhs, point, 5 * HP_DIGITS))
    rhs = _as_real(high_precision_value(rel.rhs, point, 5 * HP_DIGITS))
    if lhs is None or rhs is None:
        return "undefined"
    fine = lhs - rhs
    if sign * fine > 1e-150 * max(1, abs(lhs), abs(rhs)):
        return "holds"
    try:
        exact = (unfold(rel.lhs) - unfold(rel.rhs)).doit().xreplace({s: S(v) for s, v in point.items()})
        gap = exact.evalf(30, maxn=3000)
    except (TypeError, ValueError, ZeroDivisionError, NotImplementedError):
        return "undefined"
    if not gap.is_number or gap.has(S.NaN, S.ComplexInfinity) or not gap.is_real:
        return "undefined"
    if getattr(gap, "_prec", 2) <= 1 or gap == 0:  # no significant digit in 3000: the sides are equal
        return "violated"
    return "holds" if sign * gap > 0 else "violated"


_SIMPLE = [0, 1, -1, 2, -2, Rational(1, 2), -Rational(1, 2), 3, -3, 5, -5, 10, -10]


def _shrink(rel, point: dict, domains: dict, conditions, claim) -> dict:
    """Greedily move each coordinate to the simplest value that keeps the claim violated."""
    current = dict(point)
    for sym in list(current):
        dom = domains[sym]
        original = current[sym]
        candidates = list(_SIMPLE) + [Integer(round(original)), Rational(round(float(original), 1)).limit_denominator(10)]
        for cand in candidates:
            cand = S(cand)
            if cand == current[sym] or not dom.contains(cand):
                continue
            trial = dict(current)
            trial[sym] = cand
            if not all(_holds_exactly(c, trial) for c in conditions):
                continue
            if rel.has(Derivative) and any(isinstance(c, Ne) and abs(float((c.lhs - c.rhs).xreplace(trial))) < CONDITION_MARGIN for c in conditions):
                continue
            try:
                if _confirm(rel, trial, claim) == "violated":
                    current = trial
                    break
            except (TypeError, ValueError, ZeroDivisionError):
                continue
    return current


def _counterexample(rel, point: dict, fixed: dict, index: int) -> dict:
    values = {str(s): (list(v) if isinstance(v, list) else _plain(v)) for s, v in fixed.items()}
    values.update({str(s): _plain(v) for s, v in point.items()})
    lhs = high_precision_value(rel.lhs, point, 15)
    rhs = high_precision_value(rel.rhs, point, 15)
    return dict(counterexample=values, lhs_value=_show(lhs), rhs_value=_show(rhs), part=index)


def _plain(v):
    v = S(v)
    if v.is_Integer:
        return int(v)
    if v.is_Rational and v.q <= 1000:
        return float(v) if float(v) == v else str(v)
    return float(v)


def _show(v) -> str:
    real = _as_real(v)
    if real is None:
        return "undefined"
    return f"{float(real):.6g}"
