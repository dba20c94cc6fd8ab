"""A derivative *at* a kink: softsign(x) = x/(1 + |x|) has |x| inside, yet is differentiable at 0.

The case split proves a derivative claim only where the claim excludes the kinks (x ≠ 0), because
SymPy differentiates branch by branch and would report d|x|/dx = sign(0) = 0 at the kink itself.
This rule covers the kinks the claim does not exclude, one isolated point at a time:

1. off the kinks, the ordinary strategies prove the claim with every kink point excluded;
2. at each kink point c, both one-sided difference quotients (f(c + t) − f(c))/t, t → 0±, are
   taken as limits of the *undifferentiated* function; the derivative exists there only if they
   agree (softsign: 1 and 1; |x|: −1 and 1, so d|x|/dx = sign(x) stays unproven at 0), and the
   claim, with that value for the derivative, must hold at c.
"""

from __future__ import annotations

from sympy import Derivative, Dummy, Eq, Expr, Ne, Subs, Sum, Symbol, limit, oo, solve

from ..core.functions import unfold
from ..core.proof import Case, CaseSplit, Goal, Phrase, Proof, Step
from .context import ProverContext, check_time
from .pieces import is_excluded, kink_expressions

MAX_KINK_POINTS = 4


def derivative_at_kink_rule(goal: Goal, ctx: ProverContext, inner=()) -> Proof | None:
    """Prove d/dx f(x) claims through kinks of f at isolated points: off them by ``inner``, at them by limits."""
    derivatives = goal.expr.atoms(Derivative)
    if len(derivatives) != 1 or goal.expr.has(Subs, Sum):
        return None
    (node,) = derivatives
    if len(node.variable_count) != 1 or node.variable_count[0][1] != 1:
        return None
    x = node.variable_count[0][0]
    if not isinstance(x, Symbol) or not x.is_real:
        return None
    kinks = kink_expressions(node.expr)
    if not kinks:
        return None
    points = []
    for h in kinks:
        if x not in h.free_symbols or is_excluded(h, ctx):
            continue
        try:
            roots = solve(h, x)
        except (NotImplementedError, ValueError, TypeError):
            return None
        if not roots or any(r.has(x) or r.is_real is False for r in roots):
            return None
        points += [r for r in roots if r not in points]
    if not points or len(points) > MAX_KINK_POINTS:
        return None
    f = unfold(node.expr)
    cases = []
    for c in points:
        check_time(ctx)
        slope = _two_sided_slope(f, x, c)
        if slope is None:
            return None
        at_c = goal.expr.xreplace({node: slope}).xreplace({x: c})
        proof_at_c = None
        for strategy in inner:
            proof_at_c = strategy(Goal(at_c, goal.relation), ctx)
            if proof_at_c is not None:
                break
        if proof_at_c is None:
            return None
        at = Eq(x, c, evaluate=False)
        steps = (Step(Phrase("both one-sided difference quotients of {} at {} tend to {}, so the derivative exists there"
                             " and equals {}", node.expr, at, slope, slope), at_c), *proof_at_c.steps)
        cases.append(Case(Phrase("{}", at), Proof(Goal(at_c, goal.relation), steps, proof_at_c.method, proof_at_c.conclusion)))
    off = ProverContext(ctx.domains, [*ctx.excluded, *[x - c for c in points]], ctx.deadline, ctx.assumed, ctx.excluded_every)
    proof_off = None
    for strategy in inner:
        proof_off = strategy(goal, off)
        if proof_off is not None:
            break
    if proof_off is None:
        return None
    cases.append(Case(Phrase(" and ".join("{}" for _ in points), *(Ne(x, c, evaluate=False) for c in points)), proof_off))
    split = CaseSplit(tuple(x - c for c in points), tuple(cases), rule="at the kink points, and off them")
    return Proof(goal, (split,), f"kink points, {proof_off.method}")


def _two_sided_slope(f: Expr, x: Symbol, c: Expr) -> Expr | None:
    """lim_{t→0±} (f(c + t) − f(c))/t when both exist, are finite and agree; else None."""
    t = Dummy("t", positive=True)
    try:
        base = f.xreplace({x: c})
        right = limit((f.xreplace({x: c + t}) - base) / t, t, 0, "+")
        left = limit((f.xreplace({x: c - t}) - base) / (-t), t, 0, "+")
    except (NotImplementedError, ValueError, TypeError, RecursionError):
        return None
    if not (right.is_finite and left.is_finite) or right.has(oo) or (right - left).simplify() != 0:
        return None
    return right
