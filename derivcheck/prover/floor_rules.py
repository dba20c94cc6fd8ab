"""Integer rounding: prove claims about ⌊·⌋, ⌈·⌉, mod and counts of integers.

SymPy's ``simplify`` and ``equals`` give up on ``#{t ≥ 0 : t·s + k ≤ n} = ⌊(n − k)/s⌋ + 1``.
This strategy proves such claims from one fact, the characterisation of ⌊·⌋:

    for integer t and real y:   t ≤ ⌊y⌋  ⇔  t ≤ y      (so ⌊y⌋ < t ⇔ y < t)

and integer arithmetic. It rewrites the goal one recorded step at a time:

1. a count ``Sum(indicator(c·t + r ≤ 0), (t, a, b))`` with c > 0 becomes ``⌊y⌋ − a + 1`` with
   y = −r/c, after proving the side conditions a − 1 ≤ ⌊y⌋ ≤ b (each turned, by the
   characterisation, into an inequality without ⌊·⌋: y ≥ a − 1 and y < b + 1);
2. ``Mod(a, b)`` with b > 0 becomes ``a − b·⌊a/b⌋``, ``⌈y⌉`` becomes ``−⌊−y⌋``;
3. ``max``/``min`` whose order the claim's conditions fix are resolved;
4. the arguments of ⌊·⌋ are put over a common denominator, and the goal expanded to 0.

Every side condition is an integer polynomial inequality, proven by ``integer_nonneg``: shift
each integer variable to its lower bound (v = lo + v′, v′ ≥ 0), subtract a non-negative multiple
of a condition of the claim, and let SymPy's assumptions see that every remaining coefficient is
non-negative. The strategy declines (returns None) whenever a step does not go through, so it
never proves a false statement; a test checks that.

To extend it: add a rewrite to ``_REWRITES`` (it must be an identity on the integers, and
it must record why), or a multiplier to ``MULTIPLIERS`` for harder side conditions.
"""

from __future__ import annotations

from sympy import (
    Add,
    Eq,
    Expr,
    Ge,
    Gt,
    Le,
    Lt,
    Max,
    Min,
    Mod,
    Mul,
    Piecewise,
    S,
    Sum,
    Symbol,
    cancel,
    ceiling,
    expand,
    floor,
    fraction,
    oo,
    together,
)
from sympy.core.relational import Relational

from ..core.proof import Goal, Phrase, Proof, Step

__all__ = ["floor_rule", "integer_nonneg", "count_closed_form"]

MULTIPLIERS = (1, 2, 3, 4)  # non-negative multiples of a condition tried against a side goal
FLOOR_RULE = "⌊y⌋ ≥ t ⇔ y ≥ t for integer t"


def floor_rule(goal: Goal, ctx) -> Proof | None:
    """Prove a goal with counts, ⌊·⌋, ⌈·⌉ or mod over the integers; decline otherwise."""
    expr = goal.expr
    if not expr.has(floor, ceiling, Mod) and not _counts(expr):
        return None
    if goal.relation != "zero" and expr.has(Sum):
        return None
    steps: list[Step] = []
    for sum_node in _counts(expr):
        found = count_closed_form(sum_node, ctx)
        if found is None:
            return None
        closed, side_steps = found
        steps.extend(side_steps)
        expr = expr.xreplace({sum_node: closed})
        t, a, _ = sum_node.limits[0]
        steps.append(Step(Phrase("#{{{} : {} ≤ {} ≤ ⌊y⌋}} = ⌊y⌋ − {} + 1", t, a, t, a), expr))
    if expr.has(Sum):
        return None
    for rule, rewrite in _REWRITES:
        new = rewrite(expr, ctx, steps)
        if new is None:
            return None
        if new != expr:
            expr = new
            steps.append(Step(rule, expr))
    new = _canonical_floors(expr)
    if new != expr:
        expr = new
        steps.append(Step("⌊y + m⌋ = ⌊y⌋ + m for integer m (each ⌊·⌋ argument over a common denominator)", expr))
    expr = _zero_floors(expr, ctx, steps)
    final = expand(expr)
    if final != expr:
        steps.append(Step("expand", final))
    if goal.relation == "zero":
        if final != 0:
            return None
        return Proof(goal, tuple(steps), "floor rules")
    if final.has(floor, ceiling, Mod, Max, Min):
        return None
    side = integer_nonneg(final, ctx, strict=goal.relation == "pos")
    if side is None:
        return None
    steps.extend(side)
    return Proof(goal, tuple(steps), "floor rules", conclusion=Phrase("{} " + goal.describe() + ": shown above, over the integers", final))


# --- counts --------------------------------------------------------------------------------


def _counts(expr: Expr) -> list[Sum]:
    """Sums of an indicator (a 0/1 Piecewise) over one integer index, innermost first."""
    out = []
    for node in expr.atoms(Sum):
        body = node.function
        if len(node.limits) == 1 and isinstance(body, Piecewise) and _indicator_condition(body) is not None:
            out.append(node)
    return sorted(out, key=lambda n: n.count_ops())


def _indicator_condition(pw: Piecewise):
    if len(pw.args) != 2:
        return None
    (one, cond), (zero, other) = pw.args
    if one == 1 and zero == 0 and other == S.true and isinstance(cond, Relational):
        return cond
    return None


def count_closed_form(node: Sum, ctx) -> tuple[Expr, list[Step]] | None:
    """#{a ≤ t ≤ b : c·t + r ≤ 0} = ⌊−r/c⌋ − a + 1 for c > 0, if a − 1 ≤ ⌊−r/c⌋ ≤ b; else None."""
    t, a, b = node.limits[0]
    cond = _indicator_condition(node.function)
    if not (a.is_integer and b.is_integer):
        return None
    if isinstance(cond, (Le, Lt)):
        g = expand(cond.lhs - cond.rhs)  # g ≤ 0
    elif isinstance(cond, (Ge, Gt)):
        g = expand(cond.rhs - cond.lhs)
    else:
        return None
    if isinstance(cond, (Lt, Gt)):
        return None  # strict bounds: t < y needs ⌈·⌉; not needed by the catalog yet
    c = g.coeff(t, 1)
    r = expand(g - c * t)
    if c == 0 or r.has(t) or c.has(t) or not c.is_positive:
        return None  # not linear in t, or a lower bound on t
    y = cancel(together(-r / c))
    # Steps carry expressions, not relations: a relation SymPy can decide would print as True.
    steps = [Step(Phrase("{} ⇔ t ≤ y (divide by {} > 0), where y is", cond, c), y)]
    # check the division: c·(y − t) = −(c·t + r)
    if expand(cancel(c * (y - t) + g)) != 0:
        return None
    steps.append(Step(f"{FLOOR_RULE}: t ≤ y ⇔ t ≤ ⌊y⌋, the last position", floor(y)))
    m = floor(y)
    low = integer_nonneg(cancel(together(y - (a - 1))), ctx, strict=False)
    if low is None:
        return None
    steps.append(Step(Phrase("side condition ⌊y⌋ ≥ {}; " + FLOOR_RULE + ": it holds iff y ≥ {}, i.e. this is ≥ 0", a - 1, a - 1), y - (a - 1)))
    steps.extend(low)
    high = integer_nonneg(cancel(together(b + 1 - y)), ctx, strict=True)
    if high is None:
        return None
    steps.append(Step(Phrase("side condition ⌊y⌋ ≤ {}, i.e. ⌊y⌋ < {}; " + FLOOR_RULE + ": it holds iff y < {}, i.e. this is > 0",
                             b, b + 1, b + 1), b + 1 - y))
    steps.extend(high)
    return m - a + 1, steps


# --- rewrites on the integers ------------------------------------------------------------------


def _rewrite_mod(expr: Expr, ctx, steps) -> Expr | None:
    for node in expr.atoms(Mod):
        a, b = node.args
        if not (a.is_integer and b.is_integer and b.is_positive):
            return None
    return expr.replace(lambda e: isinstance(e, Mod), lambda e: e.args[0] - e.args[1] * floor(e.args[0] / e.args[1]))


def _rewrite_ceiling(expr: Expr, ctx, steps) -> Expr | None:
    return expr.replace(lambda e: isinstance(e, ceiling), lambda e: -floor(-e.args[0]))


def _resolve_max_min(expr: Expr, ctx, steps) -> Expr | None:
    """max(u, v) = u when u − v ≥ 0 follows from the domains and conditions (same for min)."""
    for node in sorted(expr.atoms(Max, Min), key=lambda n: n.count_ops()):
        if len(node.args) != 2:
            return None
        u, v = node.args
        for first, second in ((u, v), (v, u)):
            diff = first - second if isinstance(node, Max) else second - first
            side = integer_nonneg(diff, ctx, strict=False)
            if side is not None:
                steps.append(Step(Phrase("side condition for {}: this is ≥ 0", Eq(node, first, evaluate=False)), diff))
                steps.extend(side)
                expr = expr.xreplace({node: first})
                break
        else:
            return None
    return expr


_REWRITES = (
    ("mod a b = a − b⌊a/b⌋ (b > 0)", _rewrite_mod),
    ("⌈y⌉ = −⌊−y⌋", _rewrite_ceiling),
    ("resolve max/min by the side conditions", _resolve_max_min),
)


def _canonical_floors(expr: Expr) -> Expr:
    """⌊n/d⌋ with n expanded over one denominator, and its integer part taken out."""
    return expr.replace(lambda e: isinstance(e, floor), _split_floor)


def _split_floor(node: floor) -> Expr:
    """⌊y + m⌋ = ⌊y⌋ + m for integer m: take out the terms of n/d that are integer polynomials."""
    num, den = fraction(cancel(together(node.args[0])))
    inside, outside = [], []
    for term in Add.make_args(expand(num)):
        part = cancel(term / den)
        if fraction(part)[1] == 1 and part.is_integer:
            outside.append(part)
        else:
            inside.append(term)
    return floor(cancel(Add(*inside) / den)) + Add(*outside)


def _zero_floors(expr: Expr, ctx, steps: list[Step]) -> Expr:
    """⌊y⌋ = 0 when 0 ≤ y < 1 follows from the domains and conditions (the characterisation at t = 0, 1)."""
    for node in sorted(expr.atoms(floor), key=lambda n: n.count_ops()):
        y = node.args[0]
        low = integer_nonneg(y, ctx, strict=False)
        high = integer_nonneg(1 - y, ctx, strict=True) if low is not None else None
        if low is None or high is None:
            continue
        steps.append(Step(Phrase(FLOOR_RULE + ": {} iff {} ≤ {} < {}; first, this is ≥ 0", Eq(node, 0, evaluate=False), 0, y, 1), y))
        steps.extend(low)
        steps.append(Step("and this is > 0", 1 - y))
        steps.extend(high)
        expr = expr.xreplace({node: S.Zero})
        steps.append(Step(Phrase("{}", Eq(node, 0, evaluate=False)), expr))
    return expr


# --- integer polynomial inequalities -------------------------------------------------------------


def integer_nonneg(expr: Expr, ctx, *, strict: bool) -> list[Step] | None:
    """Steps showing expr ≥ 0 (> 0 if strict) for the integers of ``ctx``; None if not found."""
    num, den = fraction(cancel(together(expr)))
    steps: list[Step] = []
    if den != 1:
        if not den.is_positive:
            return None
        steps.append(Step(Phrase("multiply by {} > 0: the numerator is " + ("> 0" if strict else "≥ 0") + " iff this is", den), num))
    if num.has(floor, ceiling, Mod, Max, Min, Sum, Piecewise):
        return None
    assumed = _assumed_nonneg(ctx)
    shift = _shift_to_lower_bounds(num.free_symbols.union(*(g.free_symbols for _, g in assumed)), ctx)
    shifted = expand(num.xreplace(shift))
    if _visibly(shifted, strict):
        steps.append(Step(_describe_shift(shift, num.free_symbols) + f": every coefficient is non-negative, so this is {'> 0' if strict else '≥ 0'}", shifted))
        return steps
    for cond, g in assumed:
        g_shifted = expand(g.xreplace(shift))
        for lam in MULTIPLIERS:
            rest = expand(shifted - lam * g_shifted)
            if _visibly(rest, strict):
                taken_off = Mul(lam, g, evaluate=False) if lam != 1 else g
                why = Phrase("; subtract {} ≥ 0 (the condition {}): every coefficient left is non-negative, so this is "
                             + ("> 0" if strict else "≥ 0"), taken_off, cond)
                steps.append(Step(_describe_shift(shift, num.free_symbols | g.free_symbols) + why, rest))
                return steps
    return None


def _visibly(expr: Expr, strict: bool) -> bool:
    """The sign SymPy reads off the assumptions (a sum of non-negative terms, one positive)."""
    return bool(expr.is_positive) if strict else bool(expr.is_nonnegative)


def _shift_to_lower_bounds(symbols, ctx) -> dict:
    """v = lo + v′ with v′ ≥ 0 for each integer variable bounded below by lo ≠ 0."""
    shift = {}
    for sym in sorted(symbols, key=str):
        dom = ctx.domains.get(sym)
        if dom is None or not dom.integer or dom.lo == -oo or dom.lo == 0:
            continue  # a variable ≥ 0 already carries its sign
        shift[sym] = dom.lo + Symbol(f"{sym}′", integer=True, nonnegative=True)
    return shift


def _describe_shift(shift: dict, symbols) -> Phrase:
    names = [Eq(sym, value, evaluate=False) for sym, value in shift.items() if sym in symbols]
    return Phrase("write " + ", ".join("{}" for _ in names) + " (primed ones ≥ 0)", *names) if names else Phrase("as it is")


def _assumed_nonneg(ctx):
    """Each condition of the claim as (condition, g) with g ≥ 0 (strict ones: g − 1 ≥ 0 on ℤ)."""
    out = []
    for cond in getattr(ctx, "assumed", ()):
        if isinstance(cond, (Ge, Le)):
            g = cond.lhs - cond.rhs if isinstance(cond, Ge) else cond.rhs - cond.lhs
        elif isinstance(cond, (Gt, Lt)):
            g = cond.lhs - cond.rhs if isinstance(cond, Gt) else cond.rhs - cond.lhs
            if not g.is_integer:
                continue
            g = g - 1
        elif isinstance(cond, Eq):
            out.append((cond, cond.lhs - cond.rhs))
            g = cond.rhs - cond.lhs
        else:
            continue
        out.append((cond, expand(g)))
    return out
