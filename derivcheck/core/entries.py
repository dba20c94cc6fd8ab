"""Vector and matrix notation, written one entry at a time.

A claim over ℝⁿ is stated on a generic entry: ``softmax(x, i, n)`` is S(x)_i as a SymPy
expression with the sum Σ_j e^{x_j} kept symbolic, ``diag(v, i, j)`` is diag(v)_ij = δ_ij v_i,
``outer(u, v, i, j)`` is (u vᵀ)_ij = u_i v_j, ``onehot(y, k)`` is onehot(y)_k = δ_ky. Gradient
layout (README): ∂f/∂x for scalar f has the shape of x, so its entry k is ∂f/∂x_k; the Jacobian
∂y/∂x has entry (i, j) = ∂y_i/∂x_j, and a vector-Jacobian product (∂y/∂x)ᵀ g has entry j equal
to Σ_i ∂y_i/∂x_j g_i (``vjp``).

A vector argument is an ``IndexedBase`` or a function from an index to an entry expression
(``lambda c: z[b, c]`` is row b of a matrix), so the same builders serve matrices (issue 4).
"""

from __future__ import annotations

from typing import Callable, Union

from sympy import Expr, IndexedBase, KroneckerDelta, Sum, Symbol, exp

__all__ = ["softmax", "onehot", "diag", "outer", "vjp", "fresh_index", "entry_of"]

Vector = Union[IndexedBase, Callable[[Expr], Expr]]

_INDEX_NAMES = ("j", "k", "l", "r", "s", "u", "v", "w")


def entry_of(x: Vector, i: Expr) -> Expr:
    """x_i for an array or an entry function."""
    return x[i] if isinstance(x, IndexedBase) else x(i)


def fresh_index(*avoid: Expr) -> Symbol:
    """A summation index (a positive integer symbol) whose name none of ``avoid`` uses."""
    used = {str(s) for a in avoid for s in getattr(a, "free_symbols", ())} | {str(a) for a in avoid}
    name = next(n for n in (*_INDEX_NAMES, *(f"k{t}" for t in range(1, 99))) if n not in used)
    return Symbol(name, integer=True, positive=True)


def softmax(x: Vector, i: Expr, n: Expr, *, over: Symbol | None = None) -> Expr:
    """S(x)_i = e^{x_i} / Σ_{j=1}^{n} e^{x_j}, summing over ``over`` (default: a fresh name)"""
    probe = entry_of(x, Symbol("_probe"))
    j = over if over is not None else fresh_index(i, n, probe)
    return exp(entry_of(x, i)) / Sum(exp(entry_of(x, j)), (j, 1, n))


def onehot(y: Expr, k: Expr) -> Expr:
    """onehot(y)_k = δ_ky"""
    return KroneckerDelta(k, y)


def diag(v: Vector, i: Expr, j: Expr) -> Expr:
    """diag(v)_ij = δ_ij v_i"""
    return KroneckerDelta(i, j) * entry_of(v, i)


def outer(u: Vector, v: Vector, i: Expr, j: Expr) -> Expr:
    """(u vᵀ)_ij = u_i v_j"""
    return entry_of(u, i) * entry_of(v, j)


def vjp(jacobian: Callable[[Expr, Expr], Expr], g: Vector, j: Expr, n: Expr) -> Expr:
    """((∂y/∂x)ᵀ g)_j = Σ_{i=1}^{n} (∂y/∂x)_ij g_i"""
    probe = jacobian(Symbol("_probe"), j)
    i = fresh_index(j, n, probe, entry_of(g, Symbol("_probe")))
    return Sum(jacobian(i, j) * entry_of(g, i), (i, 1, n))
