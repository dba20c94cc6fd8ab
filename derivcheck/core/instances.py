"""A claim's expressions at explicit sizes: sums written out, entries x[3] as scalar symbols.

What ``x[3]`` and ``Σ_{j=1}^{3}`` *mean* once sizes are fixed is notation, not a proof step or a
sampling choice, so the prover's explicit-sizes fallback and the spot-check both read it here.
"""

from __future__ import annotations

from sympy import Add, Derivative, Expr, Indexed, IndexedBase, Integer, Mul, Product, S, Sum, Symbol
from sympy.core.relational import Relational

from .claim import ForEvery


def rename_apart(expr: Expr, avoid=()) -> Expr:
    """Give every summation index a name no free symbol (and no other sum, nor ``avoid``) uses.

    SymPy confuses a bound j with a free j: it differentiated Σ_j e^{x_j} with respect to the free
    x[j] as if the two were one index. Renaming first keeps every later step honest.
    """
    used = {str(s) for s in expr.free_symbols if isinstance(s, Symbol)} | {str(s) for s in avoid}
    # SymPy leaves a derivative's variables out of its free symbols: x[j] in ∂/∂x[j] counts too
    used |= {str(s) for d in expr.atoms(Derivative) for v in d.variables for s in v.free_symbols if isinstance(s, Symbol)}

    def visit(e):
        if isinstance(e, Sum):
            body, limits = e.function, []
            for v, lo, hi in e.limits:
                if str(v) in used:
                    name = next(str(v) + "'" * k for k in range(1, 9) if str(v) + "'" * k not in used)
                    new = Symbol(name, **v.assumptions0)
                    body = body.xreplace({v: new})
                    v = new
                used.add(str(v))
                limits.append((v, lo, hi))
            return Sum(visit(body), *limits)
        if not e.args or isinstance(e, (Indexed, IndexedBase)):
            return e
        args = [visit(a) for a in e.args]
        return e.func(*args) if args != list(e.args) else e

    return visit(expr)


def instantiate(expr: Expr, integer_values: dict, labels: dict | None = None) -> Expr:
    """Fix the sizes/indices, expand finite sums, and turn x[3] into a scalar symbol ``x[3]``.

    ``labels`` gives the entries of integer arrays ({"y": {(1,): 3, ...}}); they are substituted
    before the arrays they index (z[1, y[1]] -> z[1, 3]).
    """
    labels = labels or {}
    if isinstance(expr, Relational):  # kept unevaluated: SymPy may decide it once sizes are fixed
        return type(expr)(instantiate(expr.lhs, integer_values, labels), instantiate(expr.rhs, integer_values, labels),
                          evaluate=False)
    # summation indices renamed apart first, so fixing a free j leaves a bound j alone
    # (and from every index being fixed: ∂/∂b_k Σ_c (ŷ_c − t_c)² next to a free c elsewhere)
    expr = rename_apart(expr, avoid=integer_values).xreplace({s: Integer(v) for s, v in integer_values.items()})

    def settle(e):
        """An entry whose indices are now integers becomes its scalar symbol (or label value)."""
        return e.replace(lambda a: isinstance(a, Indexed) and all(i.is_Integer for i in a.indices), entry)

    def entry(e):
        name = str(e.base)
        if name in labels:
            return Integer(labels[name][tuple(int(i) for i in e.indices)])
        return Symbol(str(e), real=True)

    def expand_sum(node):
        body, *limits = node.args
        for var, lo, hi in reversed(limits):
            if not (lo.is_Integer and hi.is_Integer):
                return node
            entries = [a for a in body.atoms(Indexed) if var in a.free_symbols]
            terms = []
            for v in range(int(lo), int(hi) + 1):
                at = {var: Integer(v)}
                terms.append(body.xreplace({**{a: settle(a.xreplace(at)) for a in entries}, **at}))
            body = (Add if isinstance(node, Sum) else Mul)(*terms) if terms else (S.Zero if isinstance(node, Sum) else S.One)
        return body

    # a condition for every index (hᵃ_u ≠ 0, u = 1..d_h) is written out at these sizes
    expr = expr.replace(lambda e: isinstance(e, ForEvery), lambda e: e.written_out())
    expr = expr.replace(lambda e: isinstance(e, (Sum, Product)), expand_sum)
    return expr.xreplace({a: settle(a) for a in expr.atoms(Indexed)})
