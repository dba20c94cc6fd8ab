"""The normalising chain: evaluate, cancel, unfold definitions, rewrite, factor — each change a recorded step."""

from __future__ import annotations

from typing import Callable

from sympy import (
    Derivative,
    Expr,
    Integral,
    Limit,
    Pow,
    S,
    Subs,
    Sum,
    cancel,
    cosh,
    exp,
    expand,
    expand_log,
    factor,
    powsimp,
    simplify,
    sinh,
    tanh,
    together,
)
from sympy.core.traversal import bottom_up

from ..core.functions import NamedFunction, unfold
from ..core.proof import Goal, Phrase, Proof, Step
from .context import ProverContext, check_time, reached
from .pieces import derivative_on_kink


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


def _unfold_rule_name(expr: Expr) -> Phrase:
    functions = sorted({type(f) for f in expr.atoms(NamedFunction)}, key=lambda f: f.__name__)
    return Phrase("unfold the definition of " + ", ".join("{}" for _ in functions), *functions)


def _rewrite_hyperbolic(expr: Expr) -> Expr:
    return expr.rewrite(exp) if expr.has(tanh, sinh, cosh) else expr


def _hyperbolic_rule_name(expr: Expr) -> Phrase:
    functions = sorted({f.func for f in expr.atoms(tanh, sinh, cosh)}, key=lambda f: f.__name__)
    return Phrase("rewrite " + ", ".join("{}" for _ in functions) + " with exponentials", *functions)


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


def normalize(goal: Goal, ctx: ProverContext, method: str = "normalize") -> Proof | None:
    """Apply the passes in order, recording each change, until the goal is visibly met."""
    expr = goal.expr
    steps: list[Step] = []
    why = reached(expr, goal.relation)
    if why is not None:
        return Proof(goal, (), "structural", conclusion=why)
    if derivative_on_kink(expr, ctx):
        return None
    seen = [expr]
    for namer, fn, applies in PASSES:
        check_time(ctx)
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
        why = reached(expr, goal.relation)
        if why is not None:
            return Proof(goal, tuple(steps), method, conclusion=why)
    return None


def simplify_rule(goal: Goal, ctx: ProverContext) -> Proof | None:
    """Last resort: SymPy's ``simplify`` on the unfolded goal (slow, so tried last)."""
    if ctx.time_left() < 1 or derivative_on_kink(goal.expr, ctx):
        return None
    start = unfold(_evaluate(goal.expr)) if goal.expr.has(Derivative, Limit, Sum, Integral) else unfold(goal.expr)
    try:
        new = simplify(start)
    except (NotImplementedError, ValueError, TypeError, RecursionError):
        return None
    why = reached(new, goal.relation)
    if why is None:
        new = factor(new)
        why = reached(new, goal.relation)
    if why is None:
        return None
    steps = [Step("unfold definitions and evaluate", start)] if start != goal.expr else []
    steps.append(Step("simplify", new))
    return Proof(goal, tuple(steps), "simplify", conclusion=why)
