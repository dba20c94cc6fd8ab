"""Index ranges: which values an index (bound, declared, or a label entry) may take, for every size."""

from __future__ import annotations

from sympy import Expr, Indexed, IndexedBase, S


def _range_of(e: Expr, ranges: dict, ctx) -> tuple[Expr, Expr] | None:
    """(lo, hi) of an index: a sum's bound index, a declared index, a label array's entry."""
    if e.is_Integer:
        return (e, e)
    if e in ranges:
        return ranges[e]
    dom = ctx.domains.get(e)
    if dom is not None and dom.integer and not dom.shape:
        return (S(dom.lo), S(dom.hi))
    if isinstance(e, Indexed):
        dom = _array_domain(e.base, ctx)
        if dom is not None and dom.integer:
            return (S(dom.lo), S(dom.hi))
    return None


def _array_domain(base, ctx):
    for sym, dom in ctx.domains.items():
        if isinstance(sym, IndexedBase) and str(sym) == str(base):
            return dom
    return None


def within(e: Expr, lo: Expr, hi: Expr, ranges: dict, ctx) -> bool:
    """True when index ``e`` is known to lie in lo..hi for every size."""
    span = _range_of(e, ranges, ctx)
    if span is None:
        return False
    elo, ehi = span
    return bool((elo - lo).is_nonnegative) and bool((hi - ehi).is_nonnegative)
