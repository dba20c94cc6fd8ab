"""Integrals at a point: where to cut the range, and the certified high-precision value.

A quadrature only sees its integrand at its nodes. A peak narrower than the nodes' spacing, where no
node falls, is missed, and a second precision with the same nodes repeats the miss: ∫ N(x; μ = 2,
s = 0.005) dx over ℝ read 7e-445 at every precision, a "confirmed" counterexample to a true claim.
Double-exponential rules (tanh-sinh on a finite piece, exp-sinh on a half line) crowd their nodes at
the ends of each piece down to any scale, so the range is cut where such features live:

- at 0 and at the finite limits;
- at the values the claim's other variables take at the point (μ puts a normal's peak at μ);
- where a polynomial piece of the integrand has a root or a stationary point, or the real part of a
  complex root (x − μ, (x − μ)²/(2s²), 1 + ((x − μ)/γ)² all put a cut at μ); a piece polynomial in
  ln x puts one at e^root (a log-normal's (ln x − μ)² at e^μ).

Cutting never changes the value, only where the nodes are: choosing the cuts from the integrand's
form is no shortcut through the proof. ``cut_expressions`` gives the cuts as expressions of the other
variables (the float64 quadrature of ``evaluate`` evaluates them per point); ``certified_integral``
finds its own, numerically, at the point, and accepts a value only when two evaluations agree: a
second precision *and* a finer splitting (midpoints between the cuts, a cut further out on each
half line), each with mpmath's error estimate small beside the value. Otherwise the integral is
``NotEvaluable`` there: no evidence, never a counterexample.
"""

from __future__ import annotations

from typing import Callable

import mpmath
from sympy import Dummy, Expr, Float, Integral, Poly, PolynomialError, S, Symbol, exp, lambdify, log, oo, preorder_traversal

from ..core.functions import unfold
from .mpvalue import NotEvaluable
from .tolerances import QUAD_ERROR_REL, QUAD_LOG_RATIO, QUAD_MAX_CUTS, QUAD_MAX_DEGREE, QUAD_POLY_DEGREE, QUAD_TRUST

__all__ = ["cut_expressions", "certified_integral"]


def _polynomials(body: Expr, var: Symbol, max_degree: int):
    """(coefficients highest first, in_log) for the pieces of ``body`` that are polynomials of degree 1
    to ``max_degree`` in ``var`` (``in_log`` False) or in ln ``var`` (True: a log-normal's
    (ln x − μ)², whose peak is at x = e^μ); the largest such piece of each branch."""
    u = Dummy("u")
    yield from ((c, False) for c in _pieces(body, var, max_degree))
    if body.has(log(var)):
        yield from ((c, True) for c in _pieces(body.xreplace({log(var): u}), u, max_degree, var))


def _pieces(body: Expr, var: Symbol, max_degree: int, hidden: Symbol | None = None):
    seen = set()
    walk = preorder_traversal(body)
    for e in walk:
        if e in seen or not isinstance(e, Expr) or var not in e.free_symbols or (hidden is not None and hidden in e.free_symbols):
            continue
        seen.add(e)
        if e == var or not e.is_polynomial(var):
            continue
        try:
            coeffs = Poly(e, var).all_coeffs()
        except (PolynomialError, ValueError, TypeError):
            continue
        if 1 <= len(coeffs) - 1 <= max_degree:
            yield coeffs
            walk.skip()  # its own pieces are polynomials with the same features, or fewer


def cut_expressions(node: Integral) -> list[Expr]:
    """Where the float64 quadrature cuts ∫ ``node``, as expressions of the other variables: 0, their
    values, and the roots of linear pieces and vertices of quadratic pieces of the integrand (in the
    variable, or in its logarithm: then e^root)."""
    var = node.limits[0][0]
    body = unfold(node.function)
    cuts: list[Expr] = [S.Zero]
    for coeffs, in_log in _polynomials(body, var, 2):
        cut = -coeffs[1] / coeffs[0] if len(coeffs) == 2 else -coeffs[1] / (2 * coeffs[0])
        cut = exp(cut) if in_log else cut
        if cut.is_real is not False:
            cuts.append(cut)
    cuts += sorted(body.free_symbols - {var}, key=str)
    unique: list[Expr] = []
    for cut in cuts:
        if cut not in unique and not cut.has(S.NaN, S.ComplexInfinity, oo, -oo):
            unique.append(cut)
    return unique[:QUAD_MAX_CUTS]


def _features(f_expr: Expr, var: Symbol, outer: dict) -> list:
    """Where the integrand at this point may have narrow features (mpmath numbers): 0, the other
    variables' values, and the real parts of the roots of each polynomial piece and of its derivative
    (e to that power for a piece polynomial in ln ``var``)."""
    found = [mpmath.mpf(0)] + [mpmath.mpf(Float(v, mpmath.mp.dps + 5)) for v in outer.values() if S(v).is_real]
    for coeffs, in_log in _polynomials(f_expr, var, QUAD_POLY_DEGREE):
        try:
            c = [mpmath.mpf(Float(k, mpmath.mp.dps + 5)) for k in coeffs]
        except (TypeError, ValueError):
            continue
        if not c[0]:
            continue
        degree = len(c) - 1
        slope = [k * (degree - j) for j, k in enumerate(c[:-1])]
        for poly in (c, slope):
            if len(poly) < 2:
                continue
            try:
                roots = [poly[1] / -poly[0]] if len(poly) == 2 else mpmath.polyroots(poly, maxsteps=60, extraprec=40)
            except (mpmath.libmp.NoConvergence, ZeroDivisionError, ValueError):
                continue
            reals = [mpmath.re(r) for r in roots if mpmath.isfinite(mpmath.re(r))]
            # e^r beyond the representable range is no place to cut
            found += [mpmath.exp(r) for r in reals if abs(r) < 10**4] if in_log else reals
    return found


def _cuts(a, b, features: list, finer: bool) -> list:
    """The points of [a, b] (ends possibly infinite) the quadrature sums between: its finite ends and
    the features strictly inside; ``finer`` adds the midpoint of each finite piece and, on a half line,
    a cut as far again beyond its last finite point."""
    inside = sorted({f for f in features if a < f < b})[: QUAD_MAX_CUTS]
    points = ([a] if mpmath.isfinite(a) else []) + inside + ([b] if mpmath.isfinite(b) else [])
    if finer:
        middles = [(p + q) / 2 for p, q in zip(points, points[1:])]
        outside = []
        if points and not mpmath.isfinite(a):
            outside.append(points[0] - max(1, abs(points[0])))
        if points and not mpmath.isfinite(b):
            outside.append(points[-1] + max(1, abs(points[-1])))
        points = sorted(set(points + middles + outside))
    if not points:  # (−∞, ∞) with no feature inside: 0 is always one
        points = [mpmath.mpf(0)]
    return ([a] if not mpmath.isfinite(a) else []) + points + ([b] if not mpmath.isfinite(b) else [])


def _pieces_sum(f: Callable, cuts: list) -> tuple:
    """Σ of ∫ f over each piece between consecutive ``cuts``, and the sum of the error estimates. A half
    line from c is taken in units of L = max(1, |c|), ∫_c^∞ f = L ∫_0^∞ f(c + L y) dy: mpmath maps
    [c, ∞) with scale 1, which puts few nodes where a density centred at e^200 has its mass. A piece
    whose ends have one sign and a ratio above QUAD_LOG_RATIO is taken in ln |x|."""
    value = error = mpmath.mpf(0)
    for p, q in zip(cuts, cuts[1:]):
        if mpmath.isinf(q):
            scale = max(1, abs(p))
            piece = mpmath.quad(lambda y, p=p, scale=scale: f(p + scale * y) * scale, [0, mpmath.inf], error=True, maxdegree=QUAD_MAX_DEGREE)
        elif mpmath.isinf(p):
            scale = max(1, abs(q))
            piece = mpmath.quad(lambda y, q=q, scale=scale: f(q - scale * y) * scale, [0, mpmath.inf], error=True, maxdegree=QUAD_MAX_DEGREE)
        elif p * q > 0 and max(abs(p), abs(q)) > QUAD_LOG_RATIO * min(abs(p), abs(q)):
            # ends of one sign far apart in ratio: in ln |x|, where a peak at 1e-110 next to the end
            # e^-254 is an ordinary peak near an end, not one 110 orders of magnitude below the nodes
            sign = 1 if p > 0 else -1
            ends = sorted((mpmath.log(abs(p)), mpmath.log(abs(q))))
            piece = mpmath.quad(lambda y, sign=sign: f(sign * mpmath.exp(y)) * mpmath.exp(y), ends, error=True,
                                maxdegree=QUAD_MAX_DEGREE)
        else:
            piece = mpmath.quad(f, [p, q], error=True, maxdegree=QUAD_MAX_DEGREE)
        value, error = value + piece[0], error + piece[1]
    return value, error


def certified_integral(node: Integral, point: dict, work: int, value_of: Callable) -> Expr:
    """∫ ``node`` at ``point`` with ``work`` digits to spare: mpmath's tanh-sinh between the cuts, at
    two precisions and two splittings; ``NotEvaluable`` unless both error estimates are below
    QUAD_ERROR_REL and the two values agree to 10^-QUAD_TRUST (relative to max(1, |value|)).
    ``value_of(expr, point)`` evaluates a limit that depends on the other variables."""
    body = node.function
    var, lo, hi = node.limits[0]
    outer = {s: v for s, v in point.items() if s != var}
    ends = [value_of(S(end).xreplace(outer), outer) for end in (lo, hi)]
    f_expr = unfold(body).xreplace({s: v if S(v).is_Integer else Float(v, work) for s, v in outer.items()})
    if f_expr.free_symbols - {var}:
        raise NotEvaluable("an integrand with free symbols")
    f = lambdify(var, f_expr, modules="mpmath")
    with mpmath.workdps(max(30, work // 3)):
        features = _features(f_expr, var, outer)
    results = []
    for dps, finer in ((max(30, work // 3), False), (max(45, work // 2), True)):
        with mpmath.workdps(dps):
            a, b = (mpmath.mpf(e) if e.is_finite else (mpmath.inf if e == oo else -mpmath.inf) for e in ends)
            if a == b:
                return S.Zero
            sign, (a, b) = (1, (a, b)) if a < b else (-1, (b, a))  # ∫_b^a = −∫_a^b
            try:
                value, error = _pieces_sum(f, _cuts(a, b, features, finer))
            except (ZeroDivisionError, ValueError, OverflowError, TypeError) as exc:
                raise NotEvaluable(f"quadrature failed: {exc}") from None
            if not mpmath.isfinite(value) or not error <= QUAD_ERROR_REL * max(1, abs(value)):
                raise NotEvaluable("the quadrature's error estimate is too large")
            results.append(sign * value)
    first, second = results
    if abs(first - second) > mpmath.mpf(10) ** -QUAD_TRUST * max(1, abs(second)):
        raise NotEvaluable("the quadrature changes with the precision or the splitting")
    return Float(second, work)
