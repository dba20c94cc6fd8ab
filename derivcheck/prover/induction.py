"""Induction over the index of a recurrence: prove x_n = R(n) for every integer n ≥ n₀.

The strategy applies to an equality goal that is linear in exactly one recurrence term x(n, ...)
at a bare integer variable n of the claim (``c·x_n + rest = 0``, c a nonzero number, so
x_n = R(n) with R = −rest/c). It proves
- the base case: the goal at n = n₀ (the lower bound of n's domain, ≥ the sequence's first index),
  where x_{n₀} unfolds to a concrete value;
- the step: assuming x_n = R(n), x_{n+1} = update(x_n, n) = update(R(n), n) must equal R(n + 1),
  i.e. update(R(n), n) − R(n + 1) = 0 for an integer n ≥ n₀;
each by the ordinary ``normalize`` chain, recorded as the sub-proofs of an ``Induction`` node.
Both cases are symbolic in n, so the claim is proven for every n, not checked up to a bound.
"""

from __future__ import annotations

from sympy import Dummy, Eq, Integer, oo

from ..core.proof import Goal, Induction, Phrase, Proof, Step
from ..core.recurrence import RecurrenceTerm
from .normalize import normalize

__all__ = ["induction_rule"]


def induction_rule(goal: Goal, ctx) -> Proof | None:
    """Prove ``goal`` (x_n = R(n) in disguise) for all n ≥ n₀ by base case and step, or decline."""

    if goal.relation != "zero":
        return None
    terms = goal.expr.atoms(RecurrenceTerm)
    if len(terms) != 1:
        return None
    [term] = terms
    n, *params = term.args
    dom = ctx.domains.get(n)
    if dom is None or not dom.integer or dom.lo == -oo or any(p.has(n) for p in params):
        return None
    base = Integer(dom.lo)
    sequence = type(term)
    if base < sequence.first:
        return None
    hole = Dummy("x_n")
    linear = goal.expr.xreplace({term: hole})
    coefficient = linear.diff(hole)
    if not coefficient.is_number or coefficient == 0 or linear.diff(hole, 2) != 0:
        return None
    closed_form = -linear.xreplace({hole: 0}) / coefficient  # R(n)
    if closed_form.has(RecurrenceTerm):
        return None

    base_expr = goal.expr.xreplace({n: base})
    base_proof = normalize(Goal(base_expr, "zero"), ctx, method="base case")
    if base_proof is None:
        return None
    base_proof = Proof(base_proof.goal, (Step(Phrase("the claim at {}", Eq(n, base, evaluate=False)), base_expr),) + base_proof.steps,
                       base_proof.method, base_proof.conclusion)

    next_value = sequence.update(closed_form, n, *params)  # x_{n+1} with the hypothesis x_n = R(n)
    step_expr = next_value - closed_form.xreplace({n: n + 1})
    step_proof = normalize(Goal(step_expr, "zero"), ctx, method="induction step")
    if step_proof is None:
        return None
    now, after = term, sequence(n + 1, *params)
    rule = Phrase("{} − R({}), where {} is the update of {} and {} = R({}) by the hypothesis", after, n + 1, after, now, now, n)
    step_proof = Proof(step_proof.goal, (Step(rule, step_expr),) + step_proof.steps, step_proof.method,
                       step_proof.conclusion)
    hypothesis = Eq(term, closed_form)
    return Proof(goal, (Induction(n, base, hypothesis, base_proof, step_proof),), "induction")
