"""Float64 evaluation of a claim's sides: NumPy code printed from the expression, derivatives by finite
differences of the undifferentiated function (never SymPy's ``diff``), integrals by quadrature."""

from __future__ import annotations

import functools
import math
import warnings
from typing import Callable

import mpmath
import numpy as np
from sympy import (
    Add,
    Derivative,
    Dummy,
    Expr,
    Integral,
    Limit,
    S,
    Subs,
    Symbol,
    lambdify,
    oo,
)
from sympy.printing.numpy import NumPyPrinter

from ..core.functions import NamedFunction, unfold
from .quadrature import cut_expressions
from .tolerances import FD_BEND_RATIO, FD_KINK_REL, FLOAT_LIMIT_FAR, FLOAT_LIMIT_STEP, QUAD_LOG_RATIO, QUAD_NEGLIGIBLE_WEIGHT


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


_real_erf = np.vectorize(math.erf, otypes=[float])
_complex_erf = np.vectorize(lambda z: complex(mpmath.erf(z)), otypes=[complex])


def _erf(a):
    """erf entry by entry (NumPy has none); a complex argument (√ of a negative inside) stays complex."""
    a = np.asarray(a)
    return _complex_erf(a) if np.iscomplexobj(a) else _real_erf(a)


class NumpyCode(NumPyPrinter):
    """NumPy code for float64 evaluation; erf (GELU) through ``math.erf`` entry by entry, as NumPy has none."""

    def __init__(self):
        super().__init__({"order": "none", "allow_unknown_functions": True})

    def _print_erf(self, expr):
        return f"dc_erf({self._print(expr.args[0])})"


NUMPY_NAMESPACE = {"dc_sum": _add_all, "dc_erf": _erf, "functools": functools}


def numpy_function(args, expr, **options) -> Callable:
    """``lambdify`` into NumPy with derivcheck's namespace (the one way float64 code is made here)."""
    return lambdify(args, expr, modules=[NUMPY_NAMESPACE, "numpy"], printer=NumpyCode(), **options)


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
        # (a value at a point inside a derivative, d/dx σ'(2x), is left to that derivative's differences)
        if any(e.has(Subs) for e in exprs):
            differentiated = {s for e in exprs for d in e.atoms(Derivative) for s in d.expr.atoms(Subs)}
            exprs = [e.replace(lambda n: isinstance(n, Subs) and n not in differentiated, self._placeholder) for e in exprs]
        derivatives = set().union(*[e.atoms(Derivative) for e in exprs])
        if derivatives:
            nested = set().union(*[d.expr.atoms(Derivative) for d in derivatives])
            outer = [d for d in derivatives if d not in nested]
            groups: dict = {}
            for d in sorted(outer, key=str):
                inner, var, count = peel(d)
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
        self._f = numpy_function(plain, flat if self.many else flat[0], dummify=False, cse=True)
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


def peel(node: Derivative) -> tuple[Expr, Symbol, int]:
    """Derivative(f, (x, 1), (y, 2)) -> (Derivative(f, (x, 1)), y, 2)."""
    *rest, (var, count) = node.variable_count
    inner = Derivative(node.expr, *rest) if rest else node.expr
    return inner, var, int(count)


def _finite_difference(node: Derivative, symbols: list[Symbol]) -> Callable:
    inner, var, count = peel(node)
    many = _finite_differences([inner], var, count, symbols)
    return lambda values: many(values)[0]


def _finite_differences(inners: list, var, count: int, symbols: list[Symbol]) -> Callable:
    """Central differences in ``var`` of several functions at once (a list of arrays out)."""
    if var not in symbols:
        raise ValueError(f"derivative with respect to {var}, which is not a variable of the claim")
    f = NumericFunction(list(inners), symbols)

    def evaluate(values: dict) -> list:
        x = np.asarray(values[var], dtype=float)

        def at(shift):
            moved = dict(values)
            moved[var] = x + shift
            return np.array(f(moved))

        return list(difference_quotient(at, x, count))

    return evaluate


def difference_quotient(at: Callable, x: np.ndarray, count: int) -> np.ndarray:
    """The ``count``-th derivative at ``x`` from ``at(shift)`` (the function with its variable moved by
    ``shift``): one rule for compiled and for sized evaluation, so both see kinks alike."""
    h = _EPS ** (1 / (2 + count)) * np.maximum(1.0, np.abs(x))
    if count == 1:
        plus, mid, minus = at(h), at(0 * h), at(-h)
        central = (plus - minus) / (2 * h)
        # where the one-sided slopes disagree there may be no derivative: let the
        # high-precision check decide (it flags a real kink as undefined)
        bend = np.abs((plus - mid) - (mid - minus)) / h
        jump = bend > FD_KINK_REL * np.maximum(1.0, np.abs(central))
        if np.any(jump):
            # a smooth function bends by ~h·|f''|, which shrinks with h; a kink's slope jump
            # does not. Re-measure with h/4: only a bend that stays is treated as a kink.
            q = h / 4
            p4, m4 = at(q), at(-q)
            bend4 = np.abs((p4 - mid) - (mid - m4)) / q
            jump &= ~(bend4 < FD_BEND_RATIO * bend) | ~np.isfinite(bend4)
        return np.where(jump, np.nan, central)
    if count == 2:
        return (at(h) - 2 * at(0 * h) + at(-h)) / (h * h)
    # higher orders: central differences of the binomial stencil
    total = 0
    for j in range(count + 1):
        total = total + (-1) ** j * math.comb(count, j) * at((count / 2 - j) * h)
    return total / h**count


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


_DE_STEP = 1 / 48  # double-exponential quadrature: trapezoid step in u


def _quadrature(node: Integral, symbols: list[Symbol]) -> Callable:
    """A definite integral by double-exponential quadrature: tanh-sinh on each finite piece, exp-sinh
    on a half line.

    Independent of SymPy's ``integrate``: the integrand is evaluated at transformed nodes, so
    endpoint singularities and infinite ranges decay doubly exponentially in u. The range is cut, at
    each point, at ``quadrature.cut_expressions`` (0, the other variables' values, roots and vertices
    of polynomial pieces): the nodes crowd at every cut, so a normal density of width 10^-3 at μ = 2
    is resolved where one sinh-sinh rule over ℝ put no node near it.
    """
    if len(node.limits) != 1 or len(node.limits[0]) != 3:
        raise ValueError("only definite integrals in one variable are checked numerically")
    var, lo, hi = node.limits[0]
    f = NumericFunction(node.function, symbols + [var])
    cuts = [NumericFunction(c, symbols) for c in cut_expressions(node) if not (c.free_symbols - set(symbols))]
    # the range as [left, right] with left < right and a sign: ∫_∞^a = −∫_a^∞, ∫_b^a = −∫_a^b
    sign = 1.0
    if lo == hi:
        left = right = None
    elif lo in (oo, -oo) and hi in (oo, -oo):
        left, right, sign = -oo, oo, (1.0 if lo == -oo else -1.0)
    elif lo in (oo, -oo):
        left, right, sign = (-oo, NumericFunction(hi, symbols), 1.0) if lo == -oo else (NumericFunction(hi, symbols), oo, -1.0)
    elif hi in (oo, -oo):
        left, right, sign = (NumericFunction(lo, symbols), oo, 1.0) if hi == oo else (-oo, NumericFunction(lo, symbols), -1.0)
    else:
        left, right = NumericFunction(lo, symbols), NumericFunction(hi, symbols)
    u = np.arange(-4.0, 4.0 + _DE_STEP / 2, _DE_STEP)
    half_pi = math.pi / 2

    def evaluate(values: dict) -> np.ndarray:
        shape = np.shape(next(iter(values.values()))) if values else ()
        if left is None:
            return np.zeros(shape)
        with np.errstate(all="ignore"):
            a = np.full(shape, -np.inf) if left is -oo else np.broadcast_to(np.real(left(values)), shape).astype(float)
            b = np.full(shape, np.inf) if right is oo else np.broadcast_to(np.real(right(values)), shape).astype(float)
            flip = b < a
            a, b, orient = np.where(flip, b, a), np.where(flip, a, b), np.where(flip, -sign, sign)
            inner = []
            for cut in cuts:
                c = np.broadcast_to(np.real(cut(values)), shape).astype(float)
                inner.append(np.clip(np.where(np.isfinite(c), c, 0.0), a, b))
            points = np.sort(np.stack(([a] if left is not -oo else []) + inner + ([b] if right is not oo else []), axis=-1), axis=-1)
            s_ = half_pi * np.sinh(u)
            pieces = []
            # exp-sinh on a half line from c in units of max(1, |c|): a log-normal's mass around
            # e^200 lies far beyond e^43, the rule's reach in units of 1
            if left is -oo:  # exp-sinh on (−∞, first cut]
                end = points[..., :1]
                grow = np.maximum(1.0, np.abs(end)) * np.exp(s_)
                pieces.append((end - grow, half_pi * np.cosh(u) * grow))
            bell = half_pi * np.cosh(u) / np.cosh(s_) ** 2
            for k in range(points.shape[-1] - 1):  # tanh-sinh on [cut_k, cut_k+1] (0 where they meet)
                p, q = points[..., k:k + 1], points[..., k + 1:k + 2]
                t, w = (p + q) / 2 + (q - p) / 2 * np.tanh(s_), (q - p) / 2 * bell
                # ends of one sign far apart in ratio: in ln|x| (x = ±e^y), as the high-precision rule does
                logged = (p * q > 0) & (np.maximum(np.abs(p), np.abs(q)) > QUAD_LOG_RATIO * np.minimum(np.abs(p), np.abs(q)))
                if np.any(logged):
                    lp, lq, sgn = np.log(np.abs(p)), np.log(np.abs(q)), np.sign(p)
                    x = sgn * np.exp((lp + lq) / 2 + (lq - lp) / 2 * np.tanh(s_))
                    t, w = np.where(logged, x, t), np.where(logged, (lq - lp) / 2 * bell * x, w)
                pieces.append((t, w))
            if right is oo:  # exp-sinh on [last cut, ∞)
                end = points[..., -1:]
                grow = np.maximum(1.0, np.abs(end)) * np.exp(s_)
                pieces.append((end + grow, half_pi * np.cosh(u) * grow))
            total = np.zeros(shape)
            grid = {s: np.broadcast_to(np.asarray(v, dtype=float)[..., None], shape + u.shape) for s, v in values.items()}
            for t, w in pieces:
                w = np.broadcast_to(w, shape + u.shape)
                grid[var] = np.broadcast_to(t, shape + u.shape)
                fx = f(grid)
                # nodes rounded onto a singular end contribute nothing (their weight is negligible)
                terms = np.where(~np.isfinite(w) | (~np.isfinite(fx) & (np.abs(w) < QUAD_NEGLIGIBLE_WEIGHT)), 0.0, fx * w)
                total = total + np.sum(terms, axis=-1)
            return orient * _DE_STEP * total

    return evaluate


def _far_point(node: Limit, symbols: list[Symbol]) -> Callable:
    expr, var, point, direction = node.args
    f = NumericFunction(expr, symbols + [var])
    if point == oo:
        at = FLOAT_LIMIT_FAR
    elif point == -oo:
        at = -FLOAT_LIMIT_FAR
    else:
        at = float(point) + (FLOAT_LIMIT_STEP if str(direction) == "+" else -FLOAT_LIMIT_STEP)

    def evaluate(values: dict) -> np.ndarray:
        shape = np.shape(next(iter(values.values()))) if values else ()
        moved = dict(values)
        moved[var] = np.full(shape, at)
        return f(moved)

    return evaluate
