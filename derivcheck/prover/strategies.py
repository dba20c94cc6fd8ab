"""The prover: an ordered list of strategies, cheapest first; each returns a Proof or declines.

Every strategy works on a *goal*: the difference ``lhs - rhs`` of an equality, to be shown 0,
or ``rhs - lhs`` of an inequality, to be shown ≥ 0 (> 0 for strict ones). A strategy records
each rewrite it applies as a ``Step`` with the rule's name, so the printed proof is the proof
that was done.

Soundness rules every strategy keeps:
- only rewrites that are identities on the real domain of the symbols (SymPy's assumption-aware
  ``expand_log``, never ``force=True``; ``cancel``/``together``; ``rewrite(exp)``);
- zero is recognised structurally (``== 0``) and signs by SymPy's assumptions -- never by
  ``Expr.equals``, which returned False on true identities when measured here;
- derivatives of piecewise functions are taken branch by branch, so a region on a kink is only
  dropped when the claim excludes it (``Ne(x, 0)``); otherwise the case split declines.

To add a strategy: write ``def my_rule(goal, ctx) -> Proof | None`` and put it in ``STRATEGIES``
(below) at the place its cost suggests (``STRATEGIES.append(my_rule)`` from outside works too). It
is tried on scalar goals and on what index-generic goals reduce to once their sums are gone
(``ctx.scalar_strategies``); ``tests/test_strategies.py`` checks both.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Callable, Iterable

from sympy import (
    Expr,
    Ne,
    Pow,
    log,
    S,
    together,
)
from sympy.core.relational import Relational

from ..core.claim import Claim, ForEvery
from .floor_rules import floor_rule
from ..core.functions import unfold
from .induction import induction_rule
from ..core.proof import Goal, Proof
from .case_split import case_split_rule, domain_substitution_rule
from .context import OutOfTime, ProverContext, goal_of
from .normalize import normalize, simplify_rule
from .indexed import explicit_sizes_rule, index_generic_rule, is_index_generic
from .kink_points import derivative_at_kink_rule

__all__ = ["prove", "ProverContext", "STRATEGIES", "INDEX_GENERIC_STRATEGIES", "cheap_strategies", "goal_of"]

# --- the strategy lists: the one place they are declared -----------------------------------------

def kink_point_rule(goal: Goal, ctx: ProverContext) -> Proof | None:
    """A derivative through a kink the claim does not exclude (softsign at 0): see ``kink_points``."""
    return derivative_at_kink_rule(goal, ctx, inner=(normalize, case_split_rule, domain_substitution_rule))


# Scalar goals, cheapest first. Index-generic goals reach this list too: once the index-generic rule
# has reduced their sums, what remains is proven by ``ctx.scalar_strategies``, which is this list.
STRATEGIES: list[Callable[[Goal, ProverContext], Proof | None]] = [
    normalize,
    induction_rule,
    floor_rule,
    case_split_rule,
    kink_point_rule,
    domain_substitution_rule,
    simplify_rule,
]
# Goals over vectors of any length (array entries, sums over a symbolic range). The integer rules
# stay available after the index-generic rule (a count Σ_t 1{t·s + k ≤ n} has a symbolic range too);
# the sizes-only fallback goes last, so a proof for every size is always preferred.
INDEX_GENERIC_STRATEGIES = [index_generic_rule, floor_rule, induction_rule, explicit_sizes_rule]
SLOW_STRATEGIES = {simplify_rule}  # skipped once the numbers have refuted the claim


def cheap_strategies() -> tuple:
    """``STRATEGIES`` without the slow ones: after a refutation a proof is only sought as a bug check."""
    return tuple(s for s in STRATEGIES if s not in SLOW_STRATEGIES)


def prepare(claim: Claim) -> tuple[list[Relational], ProverContext]:
    """Replace the claim's symbols by ones carrying their domains' assumptions."""
    fresh = {sym: dom.fresh_symbol(str(sym)) for sym, dom in claim.variables.items()}
    # rebuilt unevaluated: xreplace would let SymPy decide Eq(1024, 1024) or S(x)_i > 0 to True
    # before any proof; a claim's statement is for the prover to establish
    relations = [type(rel)(rel.lhs.xreplace(fresh), rel.rhs.xreplace(fresh), evaluate=False) for rel in claim.statement]
    excluded, assumed, excluded_every = [], [], []
    for cond in claim.conditions:
        if isinstance(cond, Ne):
            excluded.append((cond.lhs - cond.rhs).xreplace(fresh))
        elif isinstance(cond, Relational):
            assumed.append(cond.xreplace(fresh))
        elif isinstance(cond, ForEvery) and isinstance(cond.condition, Ne):
            var, lo, hi = cond.limit
            g = cond.condition.lhs - cond.condition.rhs
            excluded_every.append((g.xreplace(fresh), var, S(lo).xreplace(fresh), S(hi).xreplace(fresh)))
    domains = {fresh[s]: d.renamed(fresh) for s, d in claim.variables.items()}
    return relations, ProverContext(domains, excluded, assumed=assumed, excluded_every=excluded_every)


def _not_real_somewhere(expr: Expr) -> bool:
    """A log of something not known > 0, or a fractional power of something not known ≥ 0.

    SymPy's rewrites are identities of complex functions, so ln(−σ(x)) would still
    "differentiate" to a real expression, and d/dx ln x = 1/x "holds" at x = −1 (ln(−1) = iπ is a
    constant); over the reals the left side is undefined there, which the numbers see, so a proof
    would contradict them (a BUG error instead of REFUTED). Where the claim's domain makes the
    argument positive (x > 0 declared), the symbol's assumptions say so and the proof goes on.
    Measured: no catalog claim has such a log or power (each is of σ, softmax, e^u or a square).
    """
    unfolded = unfold(expr)
    for node in unfolded.atoms(log):
        if not _sign_known(node.args[0], "is_positive"):
            return True
    for node in unfolded.atoms(Pow):
        if node.exp.is_Rational and not node.exp.is_integer and not _sign_known(node.base, "is_nonnegative"):
            return True
    return False


def _sign_known(expr: Expr, query: str) -> bool:
    """``expr.is_nonpositive`` (or another sign query), also asked of its form over one denominator:
    σ(a) − 1 = 1/(1 + e^{−a}) − 1 is not known to be ≤ 0, −e^{−a}/(1 + e^{−a}) is."""
    if getattr(expr, query):
        return True
    try:
        return bool(getattr(together(expr), query))
    except (TypeError, ValueError, RecursionError):
        return False


def strategies_for(goal: Goal, scalar_strategies) -> tuple:
    """The list for this kind of goal: index-generic goals get theirs, every other goal the scalar list."""
    return tuple(INDEX_GENERIC_STRATEGIES) if is_index_generic(goal.expr) else tuple(scalar_strategies)


def prove(claim: Claim, *, budget: float = 60.0, strategies: Iterable | None = None) -> list[Proof] | None:
    """A proof of every relation of the claim, or None when some relation is not proven.

    ``strategies`` is the scalar list (default ``STRATEGIES``, read when called, so a strategy added
    to it is used); index-generic goals use ``INDEX_GENERIC_STRATEGIES`` and finish with that list.
    """
    relations, ctx = prepare(claim)
    ctx.deadline = time.monotonic() + budget
    ctx.scalar_strategies = tuple(STRATEGIES if strategies is None else strategies)
    proofs = []
    for index, rel in enumerate(relations):
        goal = goal_of(rel)
        found = None
        if _not_real_somewhere(goal.expr):
            return None
        for strategy in strategies_for(goal, ctx.scalar_strategies):
            try:
                found = strategy(goal, ctx)
            except OutOfTime:
                return None
            except (NotImplementedError, RecursionError, TypeError, ValueError, AttributeError, ZeroDivisionError):
                found = None
            if found is not None:
                break
        if found is None:
            return None
        proofs.append(replace(found, part=index))
    return proofs
