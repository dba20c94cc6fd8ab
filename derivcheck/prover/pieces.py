"""Piecewise facts the strategies share: where an expression's branches change, and which kinks the claim excludes."""

from __future__ import annotations


from sympy import (
    Abs,
    Derivative,
    Eq,
    Expr,
    Ge,
    Gt,
    Heaviside,
    Le,
    Lt,
    Max,
    Min,
    Mul,
    Ne,
    Piecewise,
    Subs,
    Dummy,
    factor,
    sign,
)
from sympy.core.relational import Equality, Relational, StrictGreaterThan, StrictLessThan

from ..core.functions import NamedFunction
from ..core.proof import Phrase
from .context import ProverContext


def kink_expressions(expr: Expr) -> list[Expr] | None:
    """Where the pieces of ``expr`` change: arguments of |·|, sign, H, max/min, Piecewise.

    None when the kinks cannot be listed (floor/ceiling jump at every integer).
    """
    from sympy import ceiling, floor

    if expr.has(floor, ceiling):
        return None
    pw = to_piecewise(expr)
    kinks = []
    for rel in piecewise_relationals(pw):
        stripped = strip_known_sign(rel.lhs - rel.rhs)
        if stripped is not None:
            kinks.append(stripped[0])
    return kinks


def derivative_on_kink(expr: Expr, ctx: ProverContext) -> bool:
    """True if some derivative is of a piecewise function at a kink the claim does not exclude.

    SymPy differentiates branch by branch and so reports a value on the kink itself (it says
    d|x|/dx = sign(x), which is 0 at x = 0); only the claim's excluded set may drop the kink.
    A derivative taken at a point (``Subs``) is safe when every kink is a nonzero number there.
    """
    for at in expr.atoms(Subs):
        point = dict(zip(at.variables, at.point))
        for node in at.expr.atoms(Derivative):
            kinks = kink_expressions(node.expr)
            if kinks is None:
                return True
            for h in kinks:
                if not h.free_symbols & set(node.variables):
                    continue
                value = h.xreplace(point)
                if not (value.is_number and value.is_zero is False) and not is_excluded(value, ctx):
                    return True
    expr = expr.replace(lambda e: isinstance(e, Subs), lambda e: Dummy())
    for node in expr.atoms(Derivative):
        kinks = kink_expressions(node.expr)
        if kinks is None:
            return True
        variables = set(node.variables)
        for h in kinks:
            if h.free_symbols & variables and not is_excluded(h, ctx):
                return True
    return False


def to_piecewise(expr: Expr) -> Expr:
    """Max, Min, |·|, sign, Heaviside and LeakyReLU as explicit Piecewise branches."""
    expr = expr.replace(lambda e: isinstance(e, NamedFunction) and type(e).is_kinked(), lambda e: e.unfolded())
    return expr.rewrite(Piecewise) if expr.has(Max, Min, Abs, sign, Heaviside) else expr


def strip_known_sign(g: Expr) -> tuple[Expr, int] | None:
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


def relational_truth(rel: Relational, kink_signs: dict[Expr, int]) -> bool | None:
    stripped = strip_known_sign(rel.lhs - rel.rhs)
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


def piecewise_relationals(expr: Expr) -> set[Relational]:
    rels = set()
    for pw in expr.atoms(Piecewise):
        for _, cond in pw.args:
            rels |= {r for r in cond.atoms(Relational)}
    return rels


def is_excluded(h: Expr, ctx: ProverContext) -> bool:
    for g in ctx.excluded:
        stripped = strip_known_sign(g)
        if stripped is not None and stripped[0] == h:
            return True
    return False


def describe_sign(h: Expr, s: int) -> Phrase:
    """"h > 0", "h < 0" or "h = 0", the relation kept for the printers (never evaluated)."""
    relation = StrictGreaterThan if s > 0 else StrictLessThan if s < 0 else Equality
    return Phrase("{}", relation(h, 0, evaluate=False))
