"""Is a value representable before it is computed at high precision? A cheap walk with mpmath floats.

High-precision values come from SymPy's ``evalf`` with the point given as ``subs`` (mpmath floats
with exponents inside, adaptive where terms cancel; the exact point is never put into the
expression, where x^x at x = p/2^52 would be raised to a rational with millions of digits). evalf
has no notion of "too large": e^(e^(e^(e^3))) asks it for 10^8 digits of e. ``check_range`` walks
the expression first at 64 bits and raises ``Overflow`` where a value (or an intermediate one) lies
beyond 2^±HP_MAX_BITS: not representable, the point is undefined there and says nothing about the
claim (a ``NotEvaluable``, never a counterexample). Exponentials and powers are sized before they are
computed, so the walk itself never builds a huge number.
"""

from __future__ import annotations

import mpmath
from sympy import (
    Add,
    And,
    Eq,
    Expr,
    Float,
    Ge,
    Gt,
    Le,
    Lt,
    Mul,
    Ne,
    Not,
    NumberSymbol,
    Or,
    Piecewise,
    Pow,
    Rational,
    S,
    Symbol,
    exp,
    log,
)
from sympy import functions as sf
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from .tolerances import HP_MAX_BITS

__all__ = ["NotEvaluable", "Overflow", "check_range", "sized", "size_exp", "sized_power", "GROWING"]

GUARD_BITS = 64  # the walk's precision: enough to size a value, not to trust its digits


class NotEvaluable(Exception):
    """This evaluation cannot be trusted to the digits asked (an unstable quadrature, a value out of
    range): the point is no evidence either way -- never a counterexample, never an "undefined" value."""


class Overflow(NotEvaluable):
    """A value (or an intermediate one) beyond 2^±HP_MAX_BITS: the point is undefined there."""


class _Unsized(Exception):
    """Something the walk does not size (a symbolic sum, an unknown node): evalf is left to it."""


# one-argument functions mpmath computes directly; sinh and cosh grow like exp and are sized like it
_MPMATH = {
    sf.sin: mpmath.sin, sf.cos: mpmath.cos, sf.tan: mpmath.tan, sf.cot: mpmath.cot,
    sf.sec: mpmath.sec, sf.csc: mpmath.csc, sf.asin: mpmath.asin, sf.acos: mpmath.acos,
    sf.atan: mpmath.atan, sf.acot: mpmath.acot, sf.sinh: mpmath.sinh, sf.cosh: mpmath.cosh,
    sf.tanh: mpmath.tanh, sf.coth: mpmath.coth, sf.sech: mpmath.sech, sf.csch: mpmath.csch,
    sf.asinh: mpmath.asinh, sf.acosh: mpmath.acosh, sf.atanh: mpmath.atanh, sf.acoth: mpmath.acoth,
    sf.erf: mpmath.erf, sf.erfc: mpmath.erfc, sf.Abs: abs,
}
GROWING = (sf.sinh, sf.cosh)
_NAN = mpmath.mpf("nan")


def check_range(expr: Expr, point: dict) -> None:
    """Raise ``Overflow`` if ``expr`` at ``point`` (symbol -> SymPy number) has a value, or passes
    through one, beyond 2^±HP_MAX_BITS; return quietly otherwise (also where it cannot tell)."""
    with mpmath.workprec(GUARD_BITS):
        try:
            _Walk(point).value(expr)
        except _Unsized:
            pass


class _Walk:
    def __init__(self, point: dict):
        self.point = point
        self.memo: dict = {}

    def value(self, e):
        found = self.memo.get(e)
        if found is None:
            found = sized(self._value(e))
            self.memo[e] = found
        return found

    def _value(self, e):
        if isinstance(e, Symbol):
            if e not in self.point:
                raise _Unsized
            return self.value(S(self.point[e]))
        if isinstance(e, Rational):
            return mpmath.mpf(int(e.p)) / int(e.q)
        if isinstance(e, Float):
            return mpmath.mpf(e)
        if e.is_number and (e in (S.NaN, S.ComplexInfinity, S.Infinity, S.NegativeInfinity)):
            return _NAN
        if e is S.ImaginaryUnit:
            return mpmath.mpc(0, 1)
        if isinstance(e, NumberSymbol):
            return mpmath.mpf(e.evalf(20))
        if isinstance(e, Add):
            return mpmath.fsum(self.value(a) for a in e.args)
        if isinstance(e, Mul):
            product = mpmath.mpf(1)
            for a in e.args:
                product = product * self.value(a)
            return product
        if isinstance(e, Pow):
            return sized_power(self.value(e.base), self.value(e.exp))
        if isinstance(e, exp):
            a = self.value(e.args[0])
            size_exp(a)
            return _call(mpmath.exp, a)
        if isinstance(e, log) and len(e.args) == 1:
            return _call(mpmath.log, self.value(e.args[0]))
        if isinstance(e, Piecewise):
            for branch, cond in e.args:
                if self.truth(cond):
                    return self.value(branch)
            return _NAN
        if type(e) in _MPMATH and len(e.args) == 1:
            a = self.value(e.args[0])
            if type(e) in GROWING:
                size_exp(a)
            return _call(_MPMATH[type(e)], a)
        if isinstance(e, (sf.Max, sf.Min)):
            values = [self.value(a) for a in e.args]
            if any(isinstance(v, mpmath.mpc) or mpmath.isnan(v) for v in values):
                return _NAN
            return max(values) if isinstance(e, sf.Max) else min(values)
        if e.args and all(isinstance(a, Expr) for a in e.args) and not getattr(e, "variables", None):
            # sign, floor, Heaviside, gamma ...: SymPy on the sized arguments as floats, to size the value
            args = [self.value(a) for a in e.args]
            if any(isinstance(a, mpmath.mpc) or not mpmath.isfinite(a) for a in args):
                raise _Unsized
            value = e.func(*[Float(a, 20) for a in args]).evalf(20)
            if not value.is_Float and not value.is_Integer:
                raise _Unsized
            return mpmath.mpf(Float(value, 20))
        raise _Unsized

    def truth(self, cond) -> bool:
        if isinstance(cond, BooleanTrue):
            return True
        if isinstance(cond, BooleanFalse):
            return False
        if isinstance(cond, And):
            return all(self.truth(c) for c in cond.args)
        if isinstance(cond, Or):
            return any(self.truth(c) for c in cond.args)
        if isinstance(cond, Not):
            return not self.truth(cond.args[0])
        if isinstance(cond, (Eq, Ne, Lt, Le, Gt, Ge)):
            a, b = self.value(cond.lhs), self.value(cond.rhs)
            if isinstance(a, mpmath.mpc) or isinstance(b, mpmath.mpc) or mpmath.isnan(a) or mpmath.isnan(b):
                raise _Unsized
            return {Eq: a == b, Ne: a != b, Lt: a < b, Le: a <= b, Gt: a > b, Ge: a >= b}[type(cond)]
        raise _Unsized


def sized_power(b, e):
    if not (mpmath.isfinite(b) and mpmath.isfinite(e)):
        return _NAN
    if b == 0:
        return _call(mpmath.power, b, e)
    size = mpmath.re(e * mpmath.log(b)) / mpmath.ln2  # log2 of the result
    if abs(size) > HP_MAX_BITS:
        raise Overflow("a power beyond the representable range")
    return _call(mpmath.power, b, e)


def size_exp(a) -> None:
    """e^a would lie beyond 2^±HP_MAX_BITS: stop before computing it."""
    a = mpmath.re(a)
    if mpmath.isfinite(a) and abs(a) > HP_MAX_BITS * mpmath.ln2:
        raise Overflow("an exponential beyond the representable range")


def _call(f, *args):
    try:
        return f(*args)
    except (ZeroDivisionError, ValueError):
        return _NAN  # a pole or a value outside the function's domain: undefined there, not too large


def sized(v):
    parts = (v.real, v.imag) if isinstance(v, mpmath.mpc) else (v,)
    for part in parts:
        if part and mpmath.isfinite(part) and abs(mpmath.mag(part)) > HP_MAX_BITS:
            raise Overflow("a value beyond the representable range")
    return v
