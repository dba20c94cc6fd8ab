"""Case splits on the sign of every kink, and the substitution that maps a bounded domain onto t > 0."""

from __future__ import annotations

import itertools
from dataclasses import replace

from sympy import (
    Add,
    Derivative,
    Eq,
    Expr,
    Integral,
    Limit,
    Piecewise,
    S,
    Subs,
    Sum,
    Symbol,
    oo,
    solve,
)

from .geometric import RULE as GEOMETRIC_RULE, rewrite_tends_to_zero
from ..core.proof import Case, CaseSplit, Goal, Phrase, Proof, Step
from .context import ProverContext, check_time
from .normalize import normalize
from .pieces import describe_sign, is_excluded, piecewise_relationals, relational_truth, strip_known_sign, to_piecewise


MAX_KINKS = 4


def case_split_rule(goal: Goal, ctx: ProverContext) -> Proof | None:
    """Split on the sign of every kink (the arguments where a piecewise branch changes)."""
    steps: list = []
    start = rewrite_tends_to_zero(goal.expr)
    if start != goal.expr:
        steps.append(Step(GEOMETRIC_RULE, start))
    expr = to_piecewise(start)
    bound = set()
    for node in expr.atoms(Limit, Sum, Integral, Subs):
        bound |= node.atoms(Symbol) - node.free_symbols
    kinks: list[Expr] = []
    in_derivative: set[Expr] = set()
    for rel in piecewise_relationals(expr):
        if rel.free_symbols & bound:
            return None
        stripped = strip_known_sign(rel.lhs - rel.rhs)
        if stripped is None:
            continue
        if stripped[0] not in kinks:
            kinks.append(stripped[0])
    for d in expr.atoms(Derivative):
        for rel in piecewise_relationals(d):
            stripped = strip_known_sign(rel.lhs - rel.rhs)
            if stripped is not None:
                in_derivative.add(stripped[0])
    if not kinks or len(kinks) > MAX_KINKS:
        return None
    if expr.has(Derivative):
        # SymPy differentiates branch by branch; valid on open regions only (see module doc).
        expr = expr.replace(lambda e: isinstance(e, Derivative), lambda e: e.doit())
        expr = to_piecewise(expr)
    if expr != start:
        steps.append(Step("write max, min, |·|, sign, H and LeakyReLU by cases" + (" and differentiate" if goal.expr.has(Derivative) else ""), expr))
    kinks.sort(key=lambda k: (len(k.free_symbols), str(k)))
    cases: list[Case] = []
    for signs in itertools.product((1, -1, 0), repeat=len(kinks)):
        check_time(ctx)
        pattern = dict(zip(kinks, signs))
        label = Phrase.join(", ", (describe_sign(h, s) for h, s in pattern.items()))
        if any(s == 0 and is_excluded(h, ctx) for h, s in pattern.items()):
            cases.append(Case(label, None, "excluded by the claim"))
            continue
        if any(s == 0 and h in in_derivative for h, s in pattern.items()):
            return None  # a derivative on a kink the claim does not exclude: not ours to decide
        sub_proof, note = _prove_case(expr, goal, pattern, ctx)
        if sub_proof is None and note is None:
            return None
        cases.append(Case(label, sub_proof, note or ""))
    steps.append(CaseSplit(tuple(kinks), tuple(cases), rule="case split"))
    return Proof(goal, tuple(steps), "case split")


def _prove_case(expr: Expr, goal: Goal, pattern: dict[Expr, int], ctx: ProverContext):
    """Prove the goal in one region: (proof, None), (None, why impossible), or (None, None)."""
    rels = piecewise_relationals(expr)
    truth = {}
    for rel in rels:
        value = relational_truth(rel, pattern)
        if value is None:
            return None, None
        truth[rel] = S.true if value else S.false
    region = expr.xreplace(truth)
    if region.has(Piecewise):
        return None, None
    # Re-parametrise so SymPy's assumptions know the region: x = c ± t (t > 0) or x = c.
    substitution = []
    for h, s in pattern.items():
        h_now = h.xreplace(dict(substitution))
        known = 1 if h_now.is_positive else -1 if h_now.is_negative else 0 if h_now.is_zero else None
        if known is not None:
            if known != s:
                return None, Phrase.join("", ("impossible: ", describe_sign(h, known), " here"))
            continue
        var = next((v for v in sorted(h_now.free_symbols, key=str) if v in ctx.domains and not ctx.domains[v].integer and h_now.diff(v).is_nonzero and h_now.diff(v, 2) == 0), None)
        if var is None:
            continue
        taken = Add(expr, *[v for _, v in substitution], *ctx.domains)
        t = _fresh_positive(taken)
        try:
            sol = solve(Eq(h_now, s * t), var, dict=True)
        except NotImplementedError:
            sol = []
        if len(sol) != 1:
            continue
        value = sol[0][var]
        if not ctx.domains[var].contains(0) and s != 0:
            pass
        substitution.append((var, value))
    region = region.xreplace(dict(substitution)) if substitution else region
    if not _region_in_domain(substitution, ctx):
        return None, "outside the domain"
    sub_goal = Goal(region, goal.relation)
    proof = normalize(sub_goal, ctx, method="case")
    if proof is None:
        return None, None
    taken = Step("take the branches of this case", region)
    return replace(proof, steps=(taken,) + proof.steps, substitution=tuple(substitution)), None


def _region_in_domain(substitution, ctx: ProverContext) -> bool:
    """A region whose substituted value cannot lie in a variable's domain is vacuous."""
    for var, value in substitution:
        dom = ctx.domains[var]
        if dom.lo == -oo and dom.hi == oo:
            continue
        if value.is_number:
            if not dom.contains(value):
                return False
        elif dom.lo >= 0 and value.is_negative:
            return False
        elif dom.hi <= 0 and value.is_positive:
            return False
    return True


def _fresh_positive(expr: Expr) -> Symbol:
    """A positive symbol named t, t1, t2... not already in ``expr`` (readable in proofs)."""
    used = {str(s) for s in expr.free_symbols}
    name = next(n for n in ("t", "u", "v", *(f"t{i}" for i in range(1, 99))) if n not in used)
    return Symbol(name, positive=True)


def domain_substitution_rule(goal: Goal, ctx: ProverContext, inner=None) -> Proof | None:
    """For a < v < b, substitute v = a + (b - a)·t/(1 + t) with t > 0; then prove the rest."""
    substitution = []
    for var, dom in ctx.domains.items():
        if dom.integer or dom.lo == -oo or dom.hi == oo or not (dom.lo_open and dom.hi_open):
            continue
        if var not in goal.expr.free_symbols:
            continue
        t = _fresh_positive(Add(goal.expr, *[v for _, v in substitution], *ctx.domains))
        substitution.append((var, dom.lo + (dom.hi - dom.lo) * t / (1 + t)))
    if not substitution:
        return None
    new_goal = Goal(goal.expr.xreplace(dict(substitution)), goal.relation)
    excluded = [g.xreplace(dict(substitution)) for g in ctx.excluded]
    sub_ctx = ProverContext(ctx.domains, excluded, ctx.deadline)
    for strategy in inner or (normalize, case_split_rule):
        proof = strategy(new_goal, sub_ctx)
        if proof is not None:
            return Proof(goal, proof.steps, f"substitution, {proof.method}", proof.conclusion, tuple(substitution) + proof.substitution)
    return None
