"""c·rⁿ → 0 as n → ∞ exactly when c = 0 or |r| < 1: the limit SymPy cannot take with r unknown.

Gradient descent on a quadratic has iterates x_n = (1 − 10η)ⁿx₀, and "x_n → 0" is the claim. SymPy's
``limit`` gives up on it ("Result depends on the sign of sign(log(1 − 10η))"): it needs the case
split on |r| that this rewrite makes, after which the prover's case split on η finishes the proof.

Why the rewrite is an identity, for an integer n and real c, r: if c = 0 or r = 0 the sequence is 0
from n = 1; otherwise |c rⁿ| = |c|·e^{n·t} with t = log|r|, and e^{nt} tends to 0, 1, ∞ for t < 0,
t = 0, t > 0, so c rⁿ → 0 ⇔ t < 0 ⇔ |r| < 1. Those three limits are not taken on trust: SymPy
computes them (Gruntz's algorithm, the sign of t given as an assumption) before the rewrite is
first used, and the rewrite declines to apply if any comes out otherwise.
"""

from __future__ import annotations

from functools import cache

from sympy import Abs, Eq, Expr, Limit, Lt, Or, Pow, S, Symbol, exp, limit, log, oo

from ..core.proof import Phrase


def _rule() -> Phrase:
    c, r = Symbol("c", real=True), Symbol("r", real=True)
    n = Symbol("n", integer=True, positive=True)
    return Phrase("{} ⇔ {} or {}, as {} and e^{{nt}} → 0, 1, ∞ for t <, =, > 0",
                  Eq(Limit(c * r ** n, n, oo), 0, evaluate=False), Eq(c, 0, evaluate=False), Lt(Abs(r), 1),
                  Eq(Abs(c) * Abs(r) ** n, Abs(c) * exp(n * log(Abs(r))), evaluate=False))


RULE = _rule()


@cache
def exponential_limits_hold() -> bool:
    """SymPy's own limits of e^{nt} for t < 0, t = 0, t > 0: the three facts the rewrite rests on."""
    n = Symbol("n", integer=True, positive=True)
    negative, positive = Symbol("t", negative=True), Symbol("t", positive=True)
    return (limit(exp(n * negative), n, oo) == 0 and limit(exp(n * S.Zero), n, oo) == 1
            and limit(exp(n * positive), n, oo) is oo)


def geometric_parts(sequence: Expr, n: Symbol) -> tuple[Expr, Expr] | None:
    """(c, r) when ``sequence`` is c·rⁿ with c and r free of the integer n; else None."""
    if not n.is_integer:
        return None  # rⁿ of a negative r is not real for a real n
    c, power = sequence.as_independent(n, as_Add=False)
    if isinstance(power, Pow) and power.exp == n and not power.base.has(n) and c.is_real and power.base.is_real:
        return c, power.base
    return None


def _tends_to_zero(rel: Eq) -> Expr | None:
    sides = (rel.lhs, rel.rhs) if rel.rhs == 0 else (rel.rhs, rel.lhs) if rel.lhs == 0 else None
    if sides is None or not isinstance(sides[0], Limit):
        return None
    sequence, n, point, _ = sides[0].args
    if point is not oo:
        return None
    parts = geometric_parts(sequence, n)
    if parts is None:
        return None
    c, r = parts
    return Or(Eq(c, 0), Abs(r) < 1)


def rewrite_tends_to_zero(expr: Expr) -> Expr:
    """Every ``Eq(lim_{n→∞} c rⁿ, 0)`` in ``expr`` as ``c = 0 ∨ |r| < 1``; unchanged if SymPy disagrees."""
    if not expr.has(Limit) or not exponential_limits_hold():
        return expr
    return expr.replace(lambda e: isinstance(e, Eq) and _tends_to_zero(e) is not None, _tends_to_zero)
