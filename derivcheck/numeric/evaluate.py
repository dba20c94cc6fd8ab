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
from .tolerances import FD_BEND_RATIO, FD_KINK_REL, FLOAT_LIMIT_FAR, FLOAT_LIMIT_STEP, QUAD_NEGLIGIBLE_WEIGHT


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
            terms = np.where(~np.isfinite(w) | (~np.isfinite(fx) & (np.abs(w) < QUAD_NEGLIGIBLE_WEIGHT)), 0.0, fx * w)
            return sign * _DE_STEP * np.sum(terms, axis=-1)

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
