"""Bound variables: when two expressions are equal up to the names of their summation indices.

SymPy's ``as_dummy``/``dummy_eq`` give every binder of a nested sum the same dummy name, so
Σ_q e^{Σ_j W_jq h_j} and Σ_q e^{Σ_j W_qj h_j} both become Σ_0 e^{Σ_0 W_00 h_0} and compare equal
(found by mutation testing: a transposed W⁽²⁾ was "proven"). Here every binder gets a name of its
own along every chain of nested sums (named by depth), so only genuinely renamed sums compare equal.
"""

from __future__ import annotations

from sympy import Expr, Indexed, IndexedBase, Product, Sum, Symbol

__all__ = ["canonical_binders", "alpha_equal"]


def canonical_binders(expr: Expr) -> Expr:
    """``expr`` with each bound index renamed by its nesting depth (``_bound0`` outermost): equal
    results mean equal expressions up to index names. Sums side by side may share a name (their
    scopes are disjoint), so the result does not depend on the order SymPy keeps them in; a sum
    inside another never shares its binder's name, which is SymPy's mistake."""

    def visit(e, depth):
        if isinstance(e, (Sum, Product)):
            body, limits = e.function, []
            for var, lo, hi in e.limits:
                new = Symbol(f"_bound{depth}", **var.assumptions0)
                # a shadowing inner binder of the same name is renamed too, and then again at its
                # own depth: every reference still points to its own binder
                body = body.xreplace({var: new})
                limits.append((new, visit(lo, depth), visit(hi, depth)))
                depth += 1
            return type(e)(visit(body, depth), *limits)
        if not e.args or isinstance(e, (Indexed, IndexedBase)) and not e.has(Sum):
            return e
        args = [visit(a, depth) for a in e.args]
        return e.func(*args) if args != list(e.args) else e

    return visit(expr, 0)


def alpha_equal(a: Expr, b: Expr) -> bool:
    """a and b are the same expression up to the names of their bound indices."""
    return a == b or canonical_binders(a) == canonical_binders(b)
