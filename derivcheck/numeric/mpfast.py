"""High-precision values without evalf's tree walk: an mpmath closure built once per expression.

SymPy's ``evalf`` walks the whole tree at every point with adaptive precision; confirming float64
suspects asks it for the same expression at hundreds of points (a finite-difference stencil alone asks
three), and that walk dominated the numeric check (a second derivative of the binary cross-entropy:
4 s for 166 points). Here the expression becomes a tree of mpmath closures once (``_build``) and is
evaluated at rising precisions (``FAST_EXTRA_DIGITS``). A value is trusted only when two in a row agree
to the digits asked, the test mpmath's own ``autoprec`` makes: cancellation (e^x − 1 − x at a tiny x,
a true 0) shows as disagreement, and then the caller asks evalf as before. Elementary expressions are
built (``_FUNCTIONS``), and Piecewise, Max and Min: a branch condition too close to call at the digits
carried (u = 0 at a kink) leaves the point to evalf, and two precisions must take the same branches (a
condition whose sides cancel can pick the wrong one at the lower); anything else (floor, Heaviside, a
Derivative) is evalf's.
"""

from __future__ import annotations

from typing import Callable

import mpmath

from sympy import (Add, And, Eq, Expr, Float, Ge, Gt, I, Integer, Le, Lt, Mul, Ne, Not, NumberSymbol, Or, Piecewise, Pow,
                   Rational, S, Symbol, exp, log)
from sympy import functions as sf

from .mpvalue import GROWING, Overflow, size_exp, sized, sized_power
from .tolerances import HP_MAX_BITS

__all__ = ["compiled_value"]

# the digits added to those asked, in turn, until two evaluations in a row agree: 1 − σ(1000) = 10^-435 needs
# 435 digits more than its own (evalf, whose adaptive precision stops 100 digits up, finds "every digit
# cancelled"); past the last, evalf decides
FAST_EXTRA_DIGITS = (0, 30, 90, 210, 450, 930)

_COMPILED: dict = {}
MEMO_SIZE = 512


def compiled_value(expr: Expr, point: dict, digits: int) -> Expr | None:
    """``expr`` at ``point`` (symbol -> SymPy number) to ``digits`` digits as a SymPy number, or None
    when this path cannot say (a node it does not compile, a symbol without a value, a pole, a value
    that is not finite, or two precisions that disagree): then evalf decides."""
    compiled = _compiled(expr)
    if compiled is None:
        return None
    symbols, function = compiled
    if any(s not in point for s in symbols):
        return None
    previous, zeros = None, 0
    levels = list(FAST_EXTRA_DIGITS)
    while levels:  # rising precision until two evaluations agree, as mpmath's autoprec
        value = _at(function, [point[s] for s in symbols], digits + levels.pop(0))
        if value is _ZERO:
            zeros += 1
            if zeros == 2:  # 0 twice: a true 0 (evalf's), or a cancellation far down (1 − σ(1000)): look there once
                levels = levels[-2:]
            elif zeros > 2:
                return None
            value = None
        if value is not None and previous is not None and value[1] == previous[1] and _agree(previous[0], value[0], digits):
            value = value[0]
            if isinstance(value, mpmath.mpc):
                return Float(value.real, digits) + I * Float(value.imag, digits)
            return Float(value, digits)
        previous = value
    return None


def _at(function, values: list, dps: int):
    """(value, branches taken) at ``dps`` digits; None where it is not a finite nonzero number (a pole,
    1 − σ(a) cancelled to 0 at too few digits, a true 0: evalf knows a cancellation from a tiny value) or a
    branch condition is too close to call at these digits."""
    trace: list = []
    with mpmath.workdps(dps):
        try:
            value = mpmath.mpmathify(function((tuple(_mp(v) for v in values), trace)))
        except (ZeroDivisionError, ValueError, TypeError, _TooClose):
            return None
        if value == 0:
            return _ZERO
        return (value, tuple(trace)) if mpmath.isfinite(value) else None


_ZERO = object()  # the value is 0 at these digits (exactly, or every digit cancelled)


def _agree(a, b, digits: int) -> bool:
    with mpmath.workdps(digits + 10):
        return abs(a - b) <= mpmath.mpf(10) ** (-digits + 2) * abs(b)


def _mp(value):
    """A SymPy number as an mpmath number at the current precision (a rational rounded once)."""
    if isinstance(value, Rational):
        return mpmath.mpf(int(value.p)) / int(value.q)
    if isinstance(value, Float):
        return mpmath.mpf(value._mpf_)
    return mpmath.mpmathify(complex(value)) if value.is_number else None


def _compiled(expr: Expr):
    """(symbols, function) for an elementary ``expr``, None otherwise; built once per expression
    object (remembered by identity, as ``precision`` remembers its prepared expressions)."""
    found = _COMPILED.get(id(expr))
    if found is not None and found[0] is expr:
        return found[1]
    symbols = tuple(sorted(expr.free_symbols, key=str))
    try:
        compiled = (symbols, _build(expr, {s: k for k, s in enumerate(symbols)}))
    except _NotElementary:
        compiled = None
    _COMPILED[id(expr)] = (expr, compiled)
    if len(_COMPILED) > MEMO_SIZE:
        del _COMPILED[next(iter(_COMPILED))]
    return compiled


class _NotElementary(Exception):
    pass


def _build(e: Expr, at: dict) -> Callable:
    """A closure computing ``e`` from the list of its symbols' values, at mpmath's current precision:
    a tree of Python closures, built in microseconds (``lambdify`` prints and execs code: 0.1 s for a
    softmax entry over 64 inputs, more than evalf at all the points it is asked for)."""
    if isinstance(e, Symbol):
        k = at[e]
        return lambda v: v[0][k]
    if isinstance(e, Rational):
        p, q = int(e.p), int(e.q)
        return (lambda v: mpmath.mpf(p)) if q == 1 else (lambda v: mpmath.mpf(p) / q)
    if isinstance(e, Float):
        value = mpmath.mp.make_mpf(e._mpf_)  # every bit it has: mpf() would round it to the 15 digits in force here
        return lambda v: value
    if isinstance(e, NumberSymbol) and type(e) in _CONSTANTS:
        name = _CONSTANTS[type(e)]
        return lambda v: +getattr(mpmath, name)
    if isinstance(e, Add):
        terms = [_build(a, at) for a in e.args]
        return lambda v: sized(mpmath.fsum(t(v) for t in terms))
    if isinstance(e, Mul):
        factors = [_build(a, at) for a in e.args]
        return lambda v: sized(mpmath.fprod(f(v) for f in factors))
    if isinstance(e, Pow):
        base, power = _build(e.base, at), _build(e.exp, at)
        if e.exp is S.Half:
            return lambda v: sized(mpmath.sqrt(base(v)))
        if isinstance(e.exp, Integer) and abs(e.exp) <= 64:  # x², 1/x: sized by the base's exponent, no log
            n = int(e.exp)
            return lambda v: sized(_integer_power(base(v), n))
        return lambda v: sized(sized_power(base(v), power(v)))  # sized before it is computed: never 2^(10^20)
    if isinstance(e, log) and len(e.args) == 1:
        arg = _build(e.args[0], at)
        return lambda v: sized(mpmath.log(arg(v)))
    if type(e) in _FUNCTIONS:
        f, arg = _FUNCTIONS[type(e)], _build(e.args[0], at)
        if type(e) is exp or type(e) in GROWING:
            return lambda v: sized(f(_exponent(arg(v))))
        return lambda v: sized(f(arg(v)))
    if isinstance(e, Piecewise):
        pieces = [(_build(value, at), _condition(cond, at)) for value, cond in e.args]

        def piecewise(v):
            for k, (value, holds) in enumerate(pieces):
                if holds(v):
                    v[1].append(k)  # the branch taken: two precisions must take the same ones
                    return value(v)
            raise ValueError("no branch holds")  # undefined there
        return piecewise
    if isinstance(e, (sf.Max, sf.Min)):  # continuous: a near tie gives the same value either way
        pick, items = (max if isinstance(e, sf.Max) else min), [_build(a, at) for a in e.args]
        return lambda v: pick(_real(a(v)) for a in items)
    raise _NotElementary


class _TooClose(Exception):
    """A branch condition whose sides agree to the digits carried: this precision cannot decide it."""


def _real(value):
    if isinstance(value, mpmath.mpc):
        raise ValueError("a complex value compared")
    return value


def _condition(cond, at: dict) -> Callable:
    """A closure deciding ``cond`` (True, a comparison of elementary sides, And/Or/Not of them); it raises
    ``_TooClose`` where the sides agree to all but 10 of the digits carried: u = 0 at a kink is evalf's."""
    if cond is S.true or cond is S.false:
        truth = bool(cond)
        return lambda v: truth
    if isinstance(cond, (And, Or)):
        parts, combine = [_condition(c, at) for c in cond.args], (all if isinstance(cond, And) else any)
        return lambda v: combine([p(v) for p in parts])
    if isinstance(cond, Not):
        inner = _condition(cond.args[0], at)
        return lambda v: not inner(v)
    if type(cond) in _COMPARE:
        lhs, rhs, compare = _build(cond.lhs, at), _build(cond.rhs, at), _COMPARE[type(cond)]

        def decide(v):
            a, b = _real(lhs(v)), _real(rhs(v))
            if abs(a - b) <= mpmath.mpf(10) ** (10 - mpmath.mp.dps) * max(1, abs(a), abs(b)):
                raise _TooClose
            return compare(a, b)
        return decide
    raise _NotElementary


_COMPARE = {Lt: lambda a, b: a < b, Le: lambda a, b: a <= b, Gt: lambda a, b: a > b, Ge: lambda a, b: a >= b,
            Eq: lambda a, b: a == b, Ne: lambda a, b: a != b}


def _integer_power(b, n: int):
    if b and abs(n) * (abs(mpmath.mag(b)) + 1) > 2 * HP_MAX_BITS:
        raise Overflow("a power beyond the representable range")
    return b**n


def _exponent(a):
    if mpmath.mag(a) > 13:  # |a| < 2^13 is far inside the range (2^16384 = e^11356)
        size_exp(a)  # e^a beyond the representable range: Overflow before it is computed
    return a


_FUNCTIONS = {
    exp: mpmath.exp, sf.sin: mpmath.sin, sf.cos: mpmath.cos, sf.tan: mpmath.tan, sf.sinh: mpmath.sinh,
    sf.cosh: mpmath.cosh, sf.tanh: mpmath.tanh, sf.asin: mpmath.asin, sf.acos: mpmath.acos, sf.atan: mpmath.atan,
    sf.asinh: mpmath.asinh, sf.acosh: mpmath.acosh, sf.atanh: mpmath.atanh, sf.erf: mpmath.erf,
    sf.erfc: mpmath.erfc, sf.Abs: abs,
}
_CONSTANTS = {type(S.Pi): "pi", type(S.Exp1): "e", type(S.EulerGamma): "euler"}
