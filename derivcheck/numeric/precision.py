"""High-precision confirmation: a float64 disagreement is a counterexample only when mpmath, at HP_DIGITS
digits, confirms it (``confirm_sides``: the one rule, for scalar claims and for vector claims at large
sizes alike; the digits and tolerances are in ``tolerances``), then shrunk to simple numbers.

Values are SymPy's evalf with the point as ``subs`` (mpmath floats with exponents), never the exact
point put into the expression: x^x at a drawn point would be a rational with millions of digits. A
value out of range (``mpvalue.check_range``) raises ``Overflow``, a ``NotEvaluable``: no evidence."""

from __future__ import annotations

import math
from typing import Callable

import numpy as np
from sympy import (
    Derivative,
    Dummy,
    Eq,
    Expr,
    Float,
    Ge,
    Gt,
    Integer,
    Integral,
    Le,
    Limit,
    Lt,
    Max,
    Min,
    Ne,
    Piecewise,
    Rational,
    S,
    Subs,
    oo,
)

from ..core.claim import Domain
from ..core.deadline import ReadingTooSlow, reading_deadline
from ..core.functions import unfold
from .evaluate import NumericFunction, peel
from .mpfast import compiled_value
from .mpvalue import NotEvaluable, Overflow, check_range
from .quadrature import certified_integral
from .sampling import holds_exactly
from .tolerances import (
    CONDITION_MARGIN,
    FLOAT_EQUAL_REL,
    FLOAT_REL_TOL,
    FLOAT_REL_TOL_DERIVATIVE,
    HP_CONFIRM_REL,
    HP_DIGITS,
    HP_EVAL_SECONDS,
    HP_GUARD_DIGITS,
    HP_IMAG_REL,
    HP_KINK_REL,
    HP_STABLE_REL,
    HP_STRICT_EQUAL_REL,
    HP_STRICT_GAP_ABS,
    HP_TINY_FLOOR,
    HP_TINY_MARGIN,
    LIMIT_DIGITS,
    LIMIT_ZERO_ABS,
    LIMIT_ZERO_RATIO,
    NEARBY_AGREE_REL,
    NEARBY_STEP,
    PRECISE_DIGITS,
    PRECISE_GUARD_DIGITS,
    PRECISE_STEADY_DIGITS,
    STRICT_GAP_DIGITS,
    STRICT_GAP_MAX_DIGITS,
    STRICT_GAP_REL,
    STRICT_GAP_SECONDS,
    EXACT_GAP_SECONDS,
    ACHIEVED_MARGIN,
    QUAD_TRUST,
)

__all__ = ["NotEvaluable", "Overflow", "high_precision_value", "confirm", "confirm_sides", "agree_to_digits",
           "counterexample", "precise_counterexample", "achieved_agreement", "shrink", "exact", "exact_gap", "as_float", "relation_error",
           "step_exponent"]


def step_exponent(work: int, order: int = 1) -> int:
    """A central difference of ``order`` at ``work`` digits steps by h = 10^-step_exponent: the
    truncation (h²) and the rounding (10^-work / h^order) stay far below the confirmation tolerance."""
    return work // (2 + order)


def high_precision_value(expr: Expr, point: dict, digits: int = HP_DIGITS):
    """``expr`` at an exact point to ``digits`` digits; derivatives and limits numerically.

    ``NotEvaluable`` where that is not possible: a value out of range, or an evaluation that takes more
    than HP_EVAL_SECONDS (SymPy raising a drawn point to a huge power exactly somewhere): no evidence."""
    try:
        key = (id(expr), frozenset((s, type(v), v) for s, v in point.items()), digits)
        found = _VALUES.get(key)
    except TypeError:  # a value that cannot be a key: computed, not remembered
        return _high_precision_value(expr, point, digits)
    if found is not None and found[0] is expr:
        return found[1]
    value = _high_precision_value(expr, point, digits)
    _VALUES[key] = (expr, value)
    if len(_VALUES) > MEMO_SIZE:
        del _VALUES[next(iter(_VALUES))]
    return value


# values already computed in this process, by (the very expression object, point, digits): a constant
# claim's float check and its precise check ask for the same values (``as_float``). Keyed by identity
# (the entry holds the expression, so its id is not reused meanwhile): SymPy's == calls
# Subs(∂L/∂b₂, …) and Subs(∂L/∂b₁₃, …) of one point equal. Only values are kept: a point that is not
# evaluable (or too slow) is decided again
_VALUES: dict = {}
MEMO_SIZE = 512


def _high_precision_value(expr: Expr, point: dict, digits: int):
    expr = _prepared(expr)[0]
    work = digits + HP_GUARD_DIGITS
    try:
        with reading_deadline(HP_EVAL_SECONDS):
            value = _hp(expr, {s: S(v) for s, v in point.items()}, work)
    except ReadingTooSlow:
        raise NotEvaluable(f"no value within {HP_EVAL_SECONDS:g} s") from None
    if value.has(Piecewise):  # a branch condition no evaluation could decide (σ(x) + σ(−x) ≥ 1 holds with equality)
        raise NotEvaluable("a branch condition that cannot be decided here")
    if isinstance(value, Float) and value._prec <= 1:
        # evalf's "0.e-182": every digit cancelled, the value is only known to be below its bound. Tiny
        # (x - x^1000001 at x = -1): 0. Large (cosh(250)² − sinh(250)² gives "0.e+9"): no value here
        if abs(value) < Rational(1, 10**digits):
            return S.Zero
        raise NotEvaluable("every digit cancelled")
    return value.evalf(digits)


def _prepared(expr: Expr) -> tuple:
    """``expr`` unfolded, and which nodes ``_hp`` rewrites ``expr`` holds (Subs, Integral, Derivative or
    Limit, Piecewise, Max or Min): computed once per expression, not at each of its points and stencil
    points. Remembered by the very object, as ``_VALUES`` is (SymPy's == calls some renamed Subs equal)."""
    found = _PREPARED.get(id(expr))
    if found is not None and found[0] is expr:
        return found[1]
    kinds = (expr.has(Subs), expr.has(Integral), expr.has(Derivative, Limit), expr.has(Piecewise), expr.has(Max, Min))
    _PREPARED[id(expr)] = (expr, (unfold(expr), *kinds))
    if len(_PREPARED) > MEMO_SIZE:
        del _PREPARED[next(iter(_PREPARED))]
    return _PREPARED[id(expr)][1]


_PREPARED: dict = {}


def _around_nodes(expr: Expr) -> tuple:
    """(``expr`` with each outermost Derivative or Limit replaced by a placeholder, [(placeholder, node)]),
    remembered by the very object as ``_prepared`` is."""
    found = _AROUND.get(id(expr))
    if found is not None and found[0] is expr:
        return found[1]
    nodes = expr.atoms(Derivative, Limit)
    inner = set().union(*[n.args[0].atoms(Derivative, Limit) for n in nodes]) if nodes else set()
    pairs = [(Dummy("node"), n) for n in sorted(nodes - inner, key=str)]
    _AROUND[id(expr)] = (expr, (expr.xreplace({n: p for p, n in pairs}), pairs))
    if len(_AROUND) > MEMO_SIZE:
        del _AROUND[next(iter(_AROUND))]
    return _AROUND[id(expr)][1]


_AROUND: dict = {}


def _hp(expr: Expr, point: dict, work: int) -> Expr:
    def replace_node(node):
        if isinstance(node, Derivative):
            inner, var, count = peel(node)
            h = Rational(1, 10 ** step_exponent(work, count))
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
        for digits in LIMIT_DIGITS:
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

    def replace_integral(node):
        # cut at the integrand's features, two precisions and splittings agreeing (``quadrature``)
        return certified_integral(node, point, work, lambda e, at: _hp(e, at, work))

    # each pass only where its kind of node occurs (a replace walks the whole tree; these values are
    # numbers, so no pass brings a node of a later pass's kind)
    _, subs, integrals, derivatives, pieces, extrema = _prepared(expr)
    if subs:
        differentiated = {s for d in expr.atoms(Derivative) for s in d.expr.atoms(Subs)}  # d/dx σ'(2x): by its differences
        expr = expr.replace(lambda e: isinstance(e, Subs) and e not in differentiated and not (e.free_symbols - set(point)),
                            replace_subs)
    if integrals:
        # not one a derivative differentiates: d/dx ∫_0^x σ is the difference of the integral at x ± h (its
        # value at x put in first made the derivative of a number, 0: a true claim refuted)
        differentiated = {i for d in expr.atoms(Derivative) for i in d.expr.atoms(Integral)} if derivatives else set()
        expr = expr.replace(lambda e: isinstance(e, Integral) and len(e.limits) == 1 and len(e.limits[0]) == 3
                            and e not in differentiated and not (e.free_symbols - set(point)), replace_integral)
    if derivatives and not subs and not integrals:
        # the derivatives and limits by their differences, the rest built once around them (a replace walks the
        # whole tree at every point: most of a written-out MLP gradient's confirmation)
        template, nodes = _around_nodes(expr)
        if all(not (node.free_symbols - set(point)) - _bound(node) for _, node in nodes):
            values = {p: replace_node(node) for p, node in nodes}
            if all(v.is_Float or v.is_Rational for v in values.values()):
                point = {**point, **values}
                fast = compiled_value(template, point, work)
                if fast is not None:
                    return fast
            else:
                point = {**point, **values}  # NaN where a derivative does not exist: evalf says so below
            expr, derivatives = template, False
    if derivatives:
        expr = expr.replace(lambda e: isinstance(e, (Derivative, Limit)) and not (e.free_symbols - set(point)) - _bound(e),
                            replace_node)
    # a piecewise closed form picks its branch first: evalf would put the exact point into every
    # branch (x^1000001 of Σ x^i's closed form at x = p/2^52 exactly)
    if pieces:
        expr = expr.replace(lambda e: isinstance(e, Piecewise) and not (e.free_symbols - set(point)),
                            lambda e: _branch(e, point))
    # so does max(0, u): evalf would substitute the point into each Max and rebuild it, comparing its
    # arguments symbolically (3 ms a node, most of the worked MLP example's numbers)
    if extrema:
        expr = expr.replace(lambda e: isinstance(e, (Max, Min)) and not (e.free_symbols - set(point)),
                            lambda e: _extremum(e, point, work))
    if not any((subs, integrals, derivatives)):  # the expression itself: built once, sized as it goes
        fast = compiled_value(expr, point, work)
        if fast is not None:
            return fast
    check_range(expr, point)  # e^(e^(e^(e^3))) would ask evalf for 10^8 digits: undefined there instead
    # the point as evalf's subs, never put into the expression: x^x at an exact x = p/2^52 would be
    # a rational with millions of digits
    try:
        return expr.evalf(work, subs=point)
    except ValueError:  # Max(0, 0.e-228): evalf's zero without precision is "not comparable"; Floats are
        return expr.xreplace({k: Float(v, work) for k, v in point.items()}).evalf(work)


def _branch(node: Piecewise, point: dict) -> Expr:
    """The branch of ``node`` whose condition holds at ``point`` (decided exactly), or ``node`` itself
    when a condition cannot be decided so."""
    for branch, cond in node.args:
        holds = cond.xreplace(point)
        if holds is S.true:
            return branch
        if holds is not S.false:
            return node
    return S.NaN


def _extremum(node: Expr, point: dict, work: int) -> Expr:
    """Max or Min of its arguments' values at ``point`` (``node`` itself when they are not real numbers)."""
    try:
        values = [a.evalf(work, subs=point) for a in node.args]
        if not all(v.is_number and v.is_extended_real and v.is_finite for v in values):
            return node
        return node.func(*values)
    except (ValueError, TypeError):  # evalf's zero without precision is not comparable: evalf decides
        return node


def _vanishes(near, far) -> bool:
    """A limit is 0 when its value at the far point is below 10⁻³⁰ and 10¹⁰ times smaller than nearer.

    (1/2)ⁿ at n = 10³⁰ is 10^(−3·10²⁹), not 0: compared exactly (lim c rⁿ = 0 inside an indicator)
    it would read as "does not tend to 0". float64 underflows to 0 by itself; at high precision
    the two far points decide. A limit c ≠ 0 is never below 10⁻³⁰ at both.
    """
    a, b = _as_real(near), _as_real(far)
    if a is None or b is None:
        return False
    return abs(b) < LIMIT_ZERO_ABS and abs(b) <= LIMIT_ZERO_RATIO * abs(a)


def _differ(a, b) -> bool:
    try:
        return abs(a - b) > HP_KINK_REL * max(1, abs(a), abs(b))
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
        if abs(im) > HP_IMAG_REL * max(1, abs(re)):
            return None
        return re
    except (TypeError, AttributeError):
        return None


def relation_error(rel_cls, lhs: np.ndarray, rhs: np.ndarray):
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
        return diff >= 0 or abs(diff) <= HP_STRICT_EQUAL_REL * magnitude
    return diff <= 0 or abs(diff) <= HP_STRICT_EQUAL_REL * magnitude  # Gt


def as_float(expr) -> float:
    """A constant's float value, at the digits ``agree_to_digits`` asks for: the precise check of a
    constant claim then finds its sides computed (``high_precision_value`` remembers them)."""
    try:
        return float(high_precision_value(expr, {}, PRECISE_DIGITS + PRECISE_GUARD_DIGITS))
    except (TypeError, NotEvaluable):
        return float("nan")  # a suspect then, which confirm() judges (an unstable integral: no evidence)


def exact(value: float, dom: Domain, boundary: tuple = ()):
    """The exact point a float stands for: a boundary value 1/5 drawn as 0.2 is 1/5, not 0.2000…0111."""
    if dom.integer:
        return Integer(int(round(value)))
    for b in boundary:
        if float(b) == value:
            return b
    return Rational(value)


def confirm(rel, point: dict, claim) -> str:
    """"violated", "holds", "undefined" (a side is not a real number there), "out of range" (one side beyond
    2^±HP_MAX_BITS, the other a number) or "out of reach" (no value to the digits asked: both beyond that
    range, every digit cancelled, an unstable quadrature) at ``point``, decided at high precision."""
    def sides(digits):
        return (_as_real(high_precision_value(rel.lhs, point, digits)),
                _as_real(high_precision_value(rel.rhs, point, digits)))

    gap = None if rel.has(Limit, Integral) else (lambda: _strict_gap(rel, point))
    try:
        return confirm_sides(type(rel), sides, gap, lambda: _around(rel, point, claim))
    except Overflow:
        return "out of range" if _one_side_overflows(rel, point) else "out of reach"
    except NotEvaluable:
        return "out of reach"  # no evidence at this point: not a counterexample, and not "undefined" either


def _around(rel, point: dict, claim) -> list:
    """Both sides (real or None) at points a hair (NEARBY_STEP) either way from ``point``, every real
    coordinate moved by a different amount, those inside the claim's domain: what ``filled_hole`` asks."""
    variables = getattr(claim, "variables", {}) or {}
    movable = [s for s in point if s in variables and not variables[s].integer]
    out = []
    for sign in ((1, -1) if movable else ()):
        trial = dict(point)
        for k, s in enumerate(movable):
            v = point[s]
            trial[s] = v + sign * Rational(k + 7, 7) * Rational(NEARBY_STEP) * max(1, abs(v))  # exact: a finite difference needs it
        if not all(variables[s].contains(trial[s]) for s in movable):
            continue
        out.append(_sides_at(rel, trial))
    return out


def _sides_at(rel, point: dict) -> tuple:
    """Both sides at ``point`` with HP_DIGITS, each a real number or None where it is not one."""
    try:
        return (_as_real(high_precision_value(rel.lhs, point, HP_DIGITS)),
                _as_real(high_precision_value(rel.rhs, point, HP_DIGITS)))
    except (Overflow, NotEvaluable, TypeError, ValueError, ZeroDivisionError):
        return None, None


def _one_side_overflows(rel, point: dict) -> bool:
    """One side beyond 2^±HP_MAX_BITS and the other a number: ⌊(x + 1/3)^{10^{100}}⌋ = 0 at x = 1. Not a
    certified counterexample (the huge side is not computed), but not "undefined" either: skipping such
    points would let a false claim pass on the points where it happens to hold."""
    outcomes = []
    for side in (rel.lhs, rel.rhs):
        try:
            outcomes.append(_as_real(high_precision_value(side, point, HP_DIGITS)) is not None)
        except Overflow:
            outcomes.append("overflow")
        except NotEvaluable:
            outcomes.append(False)
    return sorted(map(str, outcomes)) == ["True", "overflow"]


def confirm_sides(rel_cls, sides: Callable, strict_gap: Callable | None = None,
                  nearby: Callable | None = None) -> str:
    """The confirmation rule: "violated", "holds" or "undefined", from ``sides(digits)`` -- both sides
    of one relation at one point, evaluated with ``digits`` significant digits, each a real number
    or None where it is not defined (complex, infinite, a pole).

    At HP_DIGITS: both undefined is "undefined". One undefined is "violated" (log x² = 2 log x at
    x = −2; d|x|/dx = sign(x) at the kink 0), unless it is a hole the other side fills: ``nearby()``
    gives both sides at points a hair away, and there the undefined side tends to one value that the
    relation accepts against the other side's (``filled_hole``) — (x² − x)/x = x − 1 at 0 is no
    evidence, and refuting a true claim there would be a false refutation. Within HP_CONFIRM_REL
    "holds". A strict inequality whose sides agree to 1e-40 is passed to ``strict_gap`` when the
    caller has one. Otherwise a violation counts only if it survives at twice the digits with the
    same values (60 digits can still cancel away: cosh(208)² − sinh(208)² needs ~180).
    """
    lhs, rhs = sides(HP_DIGITS)
    if lhs is None and rhs is None:
        return "undefined"
    if lhs is None or rhs is None:
        if nearby is not None and filled_hole(rel_cls, lhs, rhs, nearby()):
            return "undefined"
        return "violated"  # one side is a number, the other is not defined there (nor tends to it)
    if not _violates_hp(rel_cls, lhs, rhs):
        if rel_cls in (Le, Ge) and _excess(rel_cls, lhs, rhs) > 0:
            return _tiny_violation(rel_cls, lhs, rhs, sides)
        return "holds"
    if rel_cls in (Gt, Lt) and abs(lhs - rhs) <= HP_STRICT_GAP_ABS and strict_gap is not None:
        return strict_gap()
    lhs4, rhs4 = sides(2 * HP_DIGITS)
    if lhs4 is None or rhs4 is None:
        return "undefined"
    stable = abs(lhs4 - lhs) <= HP_STABLE_REL * max(1, abs(lhs4)) and abs(rhs4 - rhs) <= HP_STABLE_REL * max(1, abs(rhs4))
    if not stable:
        return "undefined"
    return "violated" if _violates_hp(rel_cls, lhs4, rhs4) else "holds"


def filled_hole(rel_cls, lhs, rhs, around: list) -> bool:
    """One side undefined at a point and the other a number c: is the point a hole the other side fills?
    Yes when ``around`` (both sides at points a hair away, inside the domain) is not empty, the undefined
    side is a number at each of them, all within NEARBY_AGREE_REL of one value v (it has a limit: a jump
    such as |x|/x at 0 has none), and the relation holds between v and c up to that tolerance."""
    missing = 0 if lhs is None else 1
    known = rhs if lhs is None else lhs
    values = [pair[missing] for pair in around]
    if not values or any(v is None for v in values):
        return False
    scale = max(1, abs(known), *(abs(v) for v in values))
    tol = NEARBY_AGREE_REL * scale
    if max(values) - min(values) > tol:
        return False
    v = values[0]
    a, b = (v, known) if lhs is None else (known, v)
    if rel_cls is Eq:
        return abs(a - b) <= tol
    return (a - b <= tol) if rel_cls in (Le, Lt) else (b - a <= tol)


def _excess(rel_cls, lhs, rhs):
    """How far a ≤ or ≥ is violated (> 0 violates)."""
    return lhs - rhs if rel_cls is Le else rhs - lhs


def _tiny_violation(rel_cls, lhs, rhs, sides: Callable) -> str:
    """A ≤ or ≥ violated by less than HP_CONFIRM_REL (e^x ≥ 1 + x + 10^-20 at 0): real if, at twice the
    digits, the violation is still there and HP_TINY_MARGIN times larger than the values moved between
    the two precisions (what this evaluation can resolve: a finite difference's truncation is noise
    here, an exact 10^-20 is not), and above HP_TINY_FLOOR."""
    lhs2, rhs2 = sides(2 * HP_DIGITS)
    if lhs2 is None or rhs2 is None:
        return "undefined"
    moved = max(abs(lhs2 - lhs), abs(rhs2 - rhs))
    excess = _excess(rel_cls, lhs2, rhs2)
    floor = HP_TINY_FLOOR * max(1, abs(lhs2), abs(rhs2))
    return "violated" if excess > HP_TINY_MARGIN * moved and excess > floor else "holds"


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
    lhs = _as_real(high_precision_value(rel.lhs, point, STRICT_GAP_DIGITS))
    rhs = _as_real(high_precision_value(rel.rhs, point, STRICT_GAP_DIGITS))
    if lhs is None or rhs is None:
        return "undefined"
    fine = lhs - rhs
    if sign * fine > STRICT_GAP_REL * max(1, abs(lhs), abs(rhs)):
        return "holds"
    gap = exact_gap(rel, point)
    if gap is None:
        return "undefined"
    if gap == 0:  # no significant digit in 3000: the sides are equal
        return "violated"
    return "holds" if sign * gap > 0 else "violated"


def exact_gap(rel, point: dict, seconds: float = STRICT_GAP_SECONDS):
    """lhs − rhs at ``point`` put in exactly, by evalf with up to STRICT_GAP_MAX_DIGITS digits: a SymPy
    number, 0 when no significant digit shows in that many (the sides are equal), None where it is not a
    real number or takes longer than ``seconds`` (exact powers of a drawn point can be enormous).
    Derivatives are taken by SymPy here (``doit``): callers use it only to decide between equal and
    tiny-but-real once the numbers could not, never to make a claim with a derivative pass."""
    try:
        with reading_deadline(seconds):
            exact = (unfold(rel.lhs) - unfold(rel.rhs)).doit().xreplace({s: S(v) for s, v in point.items()})
            gap = exact.evalf(30, maxn=STRICT_GAP_MAX_DIGITS)
    except (TypeError, ValueError, ZeroDivisionError, NotImplementedError, ReadingTooSlow):
        return None
    if not gap.is_number or gap.has(S.NaN, S.ComplexInfinity) or not gap.is_real:
        return None
    return S.Zero if getattr(gap, "_prec", 2) <= 1 else gap


_SIMPLE = [0, 1, -1, 2, -2, Rational(1, 2), -Rational(1, 2), 3, -3, 5, -5, 10, -10]


def shrink(rel, point: dict, domains: dict, conditions, claim) -> dict:
    """Greedily move each coordinate to the simplest value that keeps the claim violated -- and keeps both
    sides numbers if they were: (x² − x)/x = x + 1 is shown wrong at x = 1 (0 against 2), not at the
    hole x = 0, which a student reads as "but I never meant x = 0"."""
    defined = None not in _sides_at(rel, point)
    screen = _Screen(rel, list(point))

    def confirmed(trial) -> bool:
        try:
            return confirm(rel, trial, claim) == "violated" and (not defined or None not in _sides_at(rel, trial))
        except (TypeError, ValueError, ZeroDivisionError):
            return False

    # the whole walk in float64 first, confirmed once at its end: one high-precision confirmation instead
    # of one per coordinate, where float64 sees the violation clearly (most slips)
    current = dict(point)
    for sym in list(current):
        clear = screen.clear(_trials(current, sym, domains[sym], conditions, rel))
        current = clear[0] if clear else current
    if current != point and confirmed(current):
        return current
    current = dict(point)
    for sym in list(current):
        for trial in screen.plausible(_trials(current, sym, domains[sym], conditions, rel)):
            if confirmed(trial):
                current = trial
                break
    return current


def _trials(current: dict, sym, dom, conditions, rel) -> list:
    """``current`` with ``sym`` moved to each simpler value in turn that its domain and the conditions allow."""
    original = current[sym]
    candidates = list(_SIMPLE) + [Integer(round(original)), Rational(round(float(original), 1)).limit_denominator(10)]
    trials = []
    for cand in dict.fromkeys(S(c) for c in candidates):
        if cand == current[sym] or not dom.contains(cand):
            continue
        trial = dict(current)
        trial[sym] = cand
        if not all(holds_exactly(c, trial) for c in conditions):
            continue
        if rel.has(Derivative) and any(isinstance(c, Ne) and abs(float((c.lhs - c.rhs).xreplace(trial))) < CONDITION_MARGIN for c in conditions):
            continue
        trials.append(trial)
    return trials


class _Screen:
    """Which of ``shrink``'s trial points float64 already sees violated (or cannot evaluate): only those go
    to the high-precision confirmation. A trial it wrongly passes over only leaves a coordinate where it
    was -- the counterexample stays confirmed, a little less simple -- while confirming every trial cost
    most of a sized claim's check (15 values tried for each of an MLP's 20 entries, at 100 digits each)."""

    def __init__(self, rel, symbols: list):
        self.rel, self.symbols = rel, symbols
        try:
            self.sides = NumericFunction([rel.lhs, rel.rhs], symbols)
        except Exception:  # noqa: BLE001 - a form the float64 evaluator does not build: no screening
            self.sides = None
        self.tol = FLOAT_REL_TOL_DERIVATIVE if rel.has(Derivative, Limit, Integral) else FLOAT_REL_TOL

    def plausible(self, trials: list) -> list:
        """The trials float64 sees violated or cannot evaluate (all of them without a float64 evaluator)."""
        if self.sides is None or not trials:
            return trials
        odd, violated = self._look(trials)
        return [t for t, o, v in zip(trials, odd, violated) if o or v]

    def clear(self, trials: list) -> list:
        """The trials float64 sees violated, with both sides finite real numbers."""
        if self.sides is None or not trials:
            return []
        odd, violated = self._look(trials)
        return [t for t, o, v in zip(trials, odd, violated) if v and not o]

    def _look(self, trials: list) -> tuple:
        try:
            with np.errstate(all="ignore"):
                values = self.sides({s: np.array([float(t[s]) for t in trials]) for s in self.symbols})
                lhs, rhs = (np.broadcast_to(np.asarray(v, dtype=complex), (len(trials),)) for v in values)
                odd = ~(np.isfinite(lhs) & np.isfinite(rhs)) | (np.imag(lhs) != 0) | (np.imag(rhs) != 0)
                lhs, rhs = np.real(lhs), np.real(rhs)
                _, rel_err = relation_error(type(self.rel), lhs, rhs)
                scale = np.maximum(1.0, np.maximum(np.abs(lhs), np.abs(rhs)))
                near = np.abs(lhs - rhs) <= FLOAT_EQUAL_REL * scale  # a strict inequality fails at equality
        except Exception:  # noqa: BLE001 - no float64 values here: every trial is a candidate, none is clear
            return np.ones(len(trials), dtype=bool), np.zeros(len(trials), dtype=bool)
        return odd, (rel_err > self.tol) | (near & (type(self.rel) in (Lt, Gt)))


def agree_to_digits(rel, point: dict, digits: int = PRECISE_DIGITS) -> str:
    """"agree", "differ" or "undefined": do the two sides of an equality agree to ``digits`` significant
    digits at ``point``? Evaluated with 20 digits to spare, and a difference must survive at twice that
    (the values stable to ``digits`` + 10) before it is called one."""
    work = digits + PRECISE_GUARD_DIGITS
    try:
        lhs, rhs = (_as_real(high_precision_value(side, point, work)) for side in (rel.lhs, rel.rhs))
        if lhs is None or rhs is None:
            return "undefined"
        scale = max(1, abs(lhs), abs(rhs))
        tol = Rational(1, 10**digits) * scale
        if abs(lhs - rhs) <= tol:
            # σ(x) = 1 at x = 1000 agrees to 434 digits: a closed form's exact difference says whether
            # the sides are equal or only close (no derivative: the numbers never lean on SymPy's diff)
            if not rel.has(Derivative, Integral, Limit, Subs):
                gap = exact_gap(rel, point, EXACT_GAP_SECONDS)
                if gap is not None and gap != 0:
                    return "differ"
            return "agree"
        lhs2, rhs2 = (_as_real(high_precision_value(side, point, 2 * work)) for side in (rel.lhs, rel.rhs))
    except NotEvaluable:  # out of range or unstable here: no evidence either way
        return "undefined"
    if lhs2 is None or rhs2 is None:
        return "undefined"
    steady = Rational(1, 10**(digits + PRECISE_STEADY_DIGITS)) * scale
    if abs(lhs2 - lhs) > steady or abs(rhs2 - rhs) > steady:
        return "undefined"  # the evaluation itself is not good to this many digits here
    return "differ" if abs(lhs2 - rhs2) > tol else "agree"


def achieved_agreement(rel, point: dict) -> tuple[str, int]:
    """An equality with an integral, whose quadrature carries fewer digits than it is evaluated with:
    ("agree", d) when its sides agree to the d digits achieved -- what the values moved between
    PRECISE_DIGITS + PRECISE_GUARD_DIGITS digits and twice that, at most PRECISE_DIGITS --, ("differ", d)
    when the sides differ by ACHIEVED_MARGIN times what the values moved, ("undefined", 0) when they do
    not agree to QUAD_TRUST digits either way. ∫_0^∞ e^(−t²) dt = √π/2 + 10⁻³⁰ is found so."""
    work = PRECISE_DIGITS + PRECISE_GUARD_DIGITS
    try:
        lhs, rhs = (_as_real(high_precision_value(side, point, work)) for side in (rel.lhs, rel.rhs))
        lhs2, rhs2 = (_as_real(high_precision_value(side, point, 2 * work)) for side in (rel.lhs, rel.rhs))
    except NotEvaluable:
        return "undefined", 0
    if None in (lhs, rhs, lhs2, rhs2):
        return "undefined", 0
    scale = max(1, abs(lhs2), abs(rhs2))
    moved = max(abs(lhs2 - lhs), abs(rhs2 - rhs), Rational(1, 10**PRECISE_DIGITS) * scale)
    gap = abs(lhs2 - rhs2)
    if gap > ACHIEVED_MARGIN * moved:
        return "differ", 0
    agreed = min(PRECISE_DIGITS, int(-math.log10(float(max(gap, moved) / scale))))
    return ("agree", agreed) if agreed >= QUAD_TRUST else ("undefined", 0)


def precise_counterexample(rel, point: dict, index: int, fixed: dict | None = None) -> dict:
    """A counterexample whose sides agree in their first digits: shown with enough digits to differ
    (``fixed``: the sizes and labels it was found at)."""
    values = {str(s): (list(v) if isinstance(v, list) else _plain(v)) for s, v in (fixed or {}).items()}
    values.update({str(s): _plain(v) for s, v in point.items()})
    work = PRECISE_DIGITS + PRECISE_GUARD_DIGITS
    lhs, rhs = (_as_real(high_precision_value(side, point, work)) for side in (rel.lhs, rel.rhs))
    gap = abs(lhs - rhs) / max(1, abs(lhs), abs(rhs))
    if gap <= Rational(1, 10**PRECISE_DIGITS):  # closer than the digits carried: the exact difference shows it
        exact = exact_gap(rel, point, EXACT_GAP_SECONDS)
        if exact is not None and exact != 0 and abs(exact) < Rational(1, 10**20) * max(abs(lhs), abs(rhs)):
            shown = str(Float(rhs, 20))
            sign = "+" if exact > 0 else "−"
            return dict(counterexample=values, lhs_value=f"{shown} {sign} {Float(abs(exact), 6)}", rhs_value=shown, part=index)
    shown = min(work, max(8, int(-math.log10(float(gap))) + 3)) if gap > 0 else work
    return dict(counterexample=values, lhs_value=str(Float(lhs, shown)), rhs_value=str(Float(rhs, shown)), part=index)


def counterexample(rel, point: dict, fixed: dict, index: int) -> dict:
    values = {str(s): (list(v) if isinstance(v, list) else _plain(v)) for s, v in fixed.items()}
    values.update({str(s): _plain(v) for s, v in point.items()})
    lhs = high_precision_value(rel.lhs, point, 15)
    rhs = high_precision_value(rel.rhs, point, 15)
    if _show(lhs) == _show(rhs) != "undefined":
        # six digits show equal sides (e^x ≥ 1 + x + 10^-20 at 0): as many as they need to differ
        a, b = (_as_real(high_precision_value(side, point, 2 * HP_DIGITS)) for side in (rel.lhs, rel.rhs))
        gap = abs(a - b) / max(1, abs(a), abs(b)) if a is not None and b is not None else 0
        if gap > 0:  # equal sides (a strict inequality at its equality) keep the short form
            shown = min(2 * HP_DIGITS, max(8, int(-math.log10(float(gap))) + 3))
            return dict(counterexample=values, lhs_value=str(Float(a, shown)), rhs_value=str(Float(b, shown)), part=index)
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
