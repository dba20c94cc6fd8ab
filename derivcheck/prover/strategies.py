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

To add a strategy: write ``def my_rule(goal, ctx) -> Proof | None`` and put it in
``STRATEGIES`` at the place its cost suggests.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

from sympy import (
    Abs,
    Add,
    Derivative,
    Eq,
    Expr,
    Ge,
    Gt,
    Heaviside,
    Integral,
    Le,
    Limit,
    Lt,
    Max,
    Min,
    Mul,
    Ne,
    Piecewise,
    Pow,
    S,
    Subs,
    Sum,
    Symbol,
    Dummy,
    cancel,
    cosh,
    exp,
    expand,
    expand_log,
    factor,
    oo,
    powsimp,
    sign,
    simplify,
    sinh,
    solve,
    tanh,
    together,
)
from sympy.core.relational import Relational
from sympy.core.traversal import bottom_up

from ..core.claim import Claim, Domain, ForEvery
from .floor_rules import floor_rule
from ..core.functions import NamedFunction, unfold
from .geometric import RULE as GEOMETRIC_RULE, rewrite_tends_to_zero
from .induction import induction_rule
from ..core.proof import Case, CaseSplit, Goal, Proof, Step

__all__ = ["prove", "ProverContext", "STRATEGIES", "CHEAP_STRATEGIES", "goal_of"]

MAX_KINKS = 4


@dataclass
class ProverContext:
    """What strategies may assume: the symbols' domains, excluded kinks, and the time left."""

    domains: dict[Symbol, Domain]
    excluded: list[Expr] = field(default_factory=list)  # each g with g ≠ 0 assumed
    deadline: float = float("inf")
    assumed: list[Relational] = field(default_factory=list)  # the claim's other conditions (i + 2p ≥ k)
    excluded_every: list[tuple] = field(default_factory=list)  # (g, j, lo, hi): g ≠ 0 for every j = lo..hi

    def time_left(self) -> float:
        return self.deadline - time.monotonic()


class OutOfTime(Exception):
    """The soft deadline passed between two strategies."""


# --- goals ---------------------------------------------------------------------------------


def goal_of(rel: Relational) -> Goal:
    """Eq -> lhs - rhs = 0; Le/Lt -> rhs - lhs ≥/> 0; Ge/Gt -> lhs - rhs ≥/> 0."""
    if isinstance(rel, Eq):
        return Goal(rel.lhs - rel.rhs, "zero")
    if isinstance(rel, (Le, Lt)):
        return Goal(rel.rhs - rel.lhs, "nonneg" if isinstance(rel, Le) else "pos")
    return Goal(rel.lhs - rel.rhs, "nonneg" if isinstance(rel, Ge) else "pos")


def _reached(expr: Expr, relation: str) -> str | None:
    """If ``expr`` visibly meets the goal, say why; else None."""
    if relation == "zero":
        return "" if expr == 0 else None
    if expr.has(Derivative, Limit, Integral, Sum, Piecewise):
        return None
    if relation == "nonneg" and expr.is_nonnegative:
        return f"{expr} ≥ 0: {_sign_reason(expr)}"
    if expr.is_positive:
        return f"{expr} > 0: {_sign_reason(expr)}"
    return None


def _sign_reason(expr: Expr) -> str:
    if isinstance(expr, Pow) and expr.exp.is_even:
        return "a square of a real number"
    if isinstance(expr, Mul):
        return "a product of factors of known sign (squares, exponentials, positive symbols)"
    if isinstance(expr, Add):
        return "a sum of terms of known sign"
    return "its sign follows from the domain"


# --- the normalising passes ----------------------------------------------------------------


def _evaluate(expr: Expr) -> Expr:
    return expr.doit()


def _evaluate_rule_name(expr: Expr) -> str:
    what = []
    if expr.has(Derivative):
        what.append("differentiate")
    if expr.has(Limit):
        what.append("evaluate the limit")
    if expr.has(Sum):
        what.append("evaluate the sum")
    if expr.has(Integral):
        what.append("integrate")
    if expr.has(Subs):
        what.append("substitute the point")
    return " and ".join(what) or "evaluate"


def _cancel(expr: Expr) -> Expr:
    return cancel(together(expr))


def _unfold_rule_name(expr: Expr) -> str:
    names = sorted({type(f).__name__ for f in expr.atoms(NamedFunction)})
    names = [{"sigmoid": "σ", "leaky_relu": "LeakyReLU"}.get(n, n) for n in names]
    return "unfold the definition of " + ", ".join(names)


def _rewrite_hyperbolic(expr: Expr) -> Expr:
    return expr.rewrite(exp) if expr.has(tanh, sinh, cosh) else expr


def _hyperbolic_rule_name(expr: Expr) -> str:
    names = sorted({f.func.__name__ for f in expr.atoms(tanh, sinh, cosh)})
    return f"rewrite {', '.join(names)} with exponentials"


def _expand_log(expr: Expr) -> Expr:
    # Not forced: SymPy splits log(a*b) only where it knows a, b > 0 on the real domain.
    return expand_log(expr)


def _inner_cancel(expr: Expr) -> Expr:
    return bottom_up(expr, lambda e: cancel(e) if e.is_Add or e.is_Mul else e)


def _combine_exp(expr: Expr) -> Expr:
    return powsimp(expand(expr))


# (name or namer, function, applies?) -- the order is the order a person would go.
PASSES: tuple[tuple[Callable[[Expr], str] | str, Callable[[Expr], Expr], Callable[[Expr], bool]], ...] = (
    (_evaluate_rule_name, _evaluate, lambda e: e.has(Derivative, Limit, Sum, Integral, Subs)),
    ("put over a common denominator and cancel", _cancel, lambda e: True),
    (_unfold_rule_name, unfold, lambda e: bool(e.atoms(NamedFunction))),
    (_hyperbolic_rule_name, _rewrite_hyperbolic, lambda e: e.has(tanh, sinh, cosh)),
    ("expand logarithms (their arguments are positive)", _expand_log, lambda e: True),
    ("simplify inside each function", _inner_cancel, lambda e: True),
    ("combine powers", _combine_exp, lambda e: e.has(exp, Pow)),
    ("put over a common denominator and cancel", _cancel, lambda e: True),
    ("factor", factor, lambda e: True),
)


def _check_time(ctx: ProverContext) -> None:
    if ctx.time_left() <= 0:
        raise OutOfTime


def normalize(goal: Goal, ctx: ProverContext, method: str = "normalize") -> Proof | None:
    """Apply the passes in order, recording each change, until the goal is visibly met."""
    expr = goal.expr
    steps: list[Step] = []
    why = _reached(expr, goal.relation)
    if why is not None:
        return Proof(goal, (), "structural", conclusion=why)
    if _derivative_on_kink(expr, ctx):
        return None
    seen = [expr]
    for namer, fn, applies in PASSES:
        _check_time(ctx)
        if not applies(expr):
            continue
        try:
            new = fn(expr)
        except (NotImplementedError, ValueError, TypeError, RecursionError, ZeroDivisionError, AttributeError):
            continue
        if new == expr or new.has(S.NaN) or new.has(S.ComplexInfinity):
            continue
        name = namer(expr) if callable(namer) else namer
        expr = new
        if expr in seen:  # a pass undid earlier ones: drop the detour from the record
            del steps[seen.index(expr):]
            del seen[seen.index(expr) + 1:]
            continue
        seen.append(expr)
        steps.append(Step(name, expr))
        why = _reached(expr, goal.relation)
        if why is not None:
            return Proof(goal, tuple(steps), method, conclusion=why)
    return None


def _kink_expressions(expr: Expr) -> list[Expr] | None:
    """Where the pieces of ``expr`` change: arguments of |·|, sign, H, max/min, Piecewise.

    None when the kinks cannot be listed (floor/ceiling jump at every integer).
    """
    from sympy import ceiling, floor

    if expr.has(floor, ceiling):
        return None
    pw = _to_piecewise(expr)
    kinks = []
    for rel in _piecewise_relationals(pw):
        stripped = _strip_known_sign(rel.lhs - rel.rhs)
        if stripped is not None:
            kinks.append(stripped[0])
    return kinks


def _derivative_on_kink(expr: Expr, ctx: ProverContext) -> bool:
    """True if some derivative is of a piecewise function at a kink the claim does not exclude.

    SymPy differentiates branch by branch and so reports a value on the kink itself (it says
    d|x|/dx = sign(x), which is 0 at x = 0); only the claim's excluded set may drop the kink.
    A derivative taken at a point (``Subs``) is safe when every kink is a nonzero number there.
    """
    for at in expr.atoms(Subs):
        point = dict(zip(at.variables, at.point))
        for node in at.expr.atoms(Derivative):
            kinks = _kink_expressions(node.expr)
            if kinks is None:
                return True
            for h in kinks:
                if not h.free_symbols & set(node.variables):
                    continue
                value = h.xreplace(point)
                if not (value.is_number and value.is_zero is False) and not _is_excluded(value, ctx):
                    return True
    expr = expr.replace(lambda e: isinstance(e, Subs), lambda e: Dummy())
    for node in expr.atoms(Derivative):
        kinks = _kink_expressions(node.expr)
        if kinks is None:
            return True
        variables = set(node.variables)
        for h in kinks:
            if h.free_symbols & variables and not _is_excluded(h, ctx):
                return True
    return False


def simplify_rule(goal: Goal, ctx: ProverContext) -> Proof | None:
    """Last resort: SymPy's ``simplify`` on the unfolded goal (slow, so tried last)."""
    if ctx.time_left() < 1 or _derivative_on_kink(goal.expr, ctx):
        return None
    start = unfold(_evaluate(goal.expr)) if goal.expr.has(Derivative, Limit, Sum, Integral) else unfold(goal.expr)
    try:
        new = simplify(start)
    except (NotImplementedError, ValueError, TypeError, RecursionError):
        return None
    why = _reached(new, goal.relation)
    if why is None:
        new = factor(new)
        why = _reached(new, goal.relation)
    if why is None:
        return None
    steps = [Step("unfold definitions and evaluate", start)] if start != goal.expr else []
    steps.append(Step("simplify", new))
    return Proof(goal, tuple(steps), "simplify", conclusion=why)


# --- case splits on kinks -------------------------------------------------------------------


def _to_piecewise(expr: Expr) -> Expr:
    """Max, Min, |·|, sign, Heaviside and LeakyReLU as explicit Piecewise branches."""
    expr = expr.replace(lambda e: isinstance(e, NamedFunction) and e.unfolded().has(Piecewise), lambda e: e.unfolded())
    return expr.rewrite(Piecewise) if expr.has(Max, Min, Abs, sign, Heaviside) else expr


def _strip_known_sign(g: Expr) -> tuple[Expr, int] | None:
    """g = c·h with c of known constant sign: return (h, sign of c); None if g is constant."""
    g = factor(g)
    sgn = 1
    keep = []
    for f in Mul.make_args(g):
        if f.is_positive:
            continue
        if f.is_negative:
            sgn = -sgn
            continue
        keep.append(f)
    if not keep:
        return None
    h = Mul(*keep)
    if h.could_extract_minus_sign():
        h, sgn = -h, -sgn
    return h, sgn


def _relational_truth(rel: Relational, kink_signs: dict[Expr, int]) -> bool | None:
    stripped = _strip_known_sign(rel.lhs - rel.rhs)
    if stripped is None:
        return None
    h, c = stripped
    if h not in kink_signs:
        return None
    s = c * kink_signs[h]
    if isinstance(rel, Gt):
        return s > 0
    if isinstance(rel, Ge):
        return s >= 0
    if isinstance(rel, Lt):
        return s < 0
    if isinstance(rel, Le):
        return s <= 0
    if isinstance(rel, Eq):
        return s == 0
    if isinstance(rel, Ne):
        return s != 0
    return None


def _piecewise_relationals(expr: Expr) -> set[Relational]:
    rels = set()
    for pw in expr.atoms(Piecewise):
        for _, cond in pw.args:
            rels |= {r for r in cond.atoms(Relational)}
    return rels


def _is_excluded(h: Expr, ctx: ProverContext) -> bool:
    for g in ctx.excluded:
        stripped = _strip_known_sign(g)
        if stripped is not None and stripped[0] == h:
            return True
    return False


def _describe_sign(h: Expr, s: int) -> str:
    return f"{h} {'>' if s > 0 else '<' if s < 0 else '='} 0"


def case_split_rule(goal: Goal, ctx: ProverContext) -> Proof | None:
    """Split on the sign of every kink (the arguments where a piecewise branch changes)."""
    steps: list = []
    start = rewrite_tends_to_zero(goal.expr)
    if start != goal.expr:
        steps.append(Step(GEOMETRIC_RULE, start))
    expr = _to_piecewise(start)
    bound = set()
    for node in expr.atoms(Limit, Sum, Integral, Subs):
        bound |= node.atoms(Symbol) - node.free_symbols
    kinks: list[Expr] = []
    in_derivative: set[Expr] = set()
    for rel in _piecewise_relationals(expr):
        if rel.free_symbols & bound:
            return None
        stripped = _strip_known_sign(rel.lhs - rel.rhs)
        if stripped is None:
            continue
        if stripped[0] not in kinks:
            kinks.append(stripped[0])
    for d in expr.atoms(Derivative):
        for rel in _piecewise_relationals(d):
            stripped = _strip_known_sign(rel.lhs - rel.rhs)
            if stripped is not None:
                in_derivative.add(stripped[0])
    if not kinks or len(kinks) > MAX_KINKS:
        return None
    if expr.has(Derivative):
        # SymPy differentiates branch by branch; valid on open regions only (see module doc).
        expr = expr.replace(lambda e: isinstance(e, Derivative), lambda e: e.doit())
        expr = _to_piecewise(expr)
    if expr != start:
        steps.append(Step("write max, min, |·|, sign, H and LeakyReLU by cases" + (" and differentiate" if goal.expr.has(Derivative) else ""), expr))
    kinks.sort(key=lambda k: (len(k.free_symbols), str(k)))
    cases: list[Case] = []
    for signs in itertools.product((1, -1, 0), repeat=len(kinks)):
        _check_time(ctx)
        pattern = dict(zip(kinks, signs))
        label = ", ".join(_describe_sign(h, s) for h, s in pattern.items())
        if any(s == 0 and _is_excluded(h, ctx) for h, s in pattern.items()):
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
    rels = _piecewise_relationals(expr)
    truth = {}
    for rel in rels:
        value = _relational_truth(rel, pattern)
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
                return None, f"impossible: {_describe_sign(h, known)} here"
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


# --- domain substitution ---------------------------------------------------------------------


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


# --- driver -----------------------------------------------------------------------------------

STRATEGIES: tuple[Callable[[Goal, ProverContext], Proof | None], ...] = (
    normalize,
    induction_rule,
    floor_rule,
    case_split_rule,
    domain_substitution_rule,
    simplify_rule,
)
CHEAP_STRATEGIES = tuple(s for s in STRATEGIES if s is not simplify_rule)


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
    from sympy import log

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


def _strategies_for(goal: Goal, strategies):
    """Goals over vectors of any length go first to the index-generic strategy (see ``indexed``).

    The integer strategies stay available after it: a count Σ_t 1{t·s + k ≤ n} has a sum over a
    symbolic range too, and only the floor rules prove it. The sizes-only fallback goes last, so
    a generic proof is always preferred.
    """
    from .indexed import index_generic_rule, explicit_sizes_rule, is_index_generic

    if strategies not in (STRATEGIES, CHEAP_STRATEGIES) or not is_index_generic(goal.expr):
        return strategies
    return (index_generic_rule, floor_rule, induction_rule, explicit_sizes_rule)


def prove(claim: Claim, *, budget: float = 60.0, strategies: Iterable = STRATEGIES) -> list[Proof] | None:
    """A proof of every relation of the claim, or None when some relation is not proven."""
    relations, ctx = prepare(claim)
    ctx.deadline = time.monotonic() + budget
    proofs = []
    for index, rel in enumerate(relations):
        goal = goal_of(rel)
        found = None
        if _not_real_somewhere(goal.expr):
            return None
        for strategy in _strategies_for(goal, strategies):
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
