"""Proving: an ordered list of strategies per kind of goal, each recording the steps it took.

Imports ``core`` (and nothing from ``numeric``: the numbers stay independent of the proof)."""

import functools as _functools

from sympy.concrete.expr_with_limits import ExprWithLimits as _ExprWithLimits


def _remember_free_symbols() -> None:
    """A sum's free symbols, computed once per sum: SymPy walks the whole body again (an ``xreplace``)
    at each ask, and every sign query on a sum (``is_positive`` → ``is_number``) asks; on the MLP
    gradients that was a third of the proof's time. The same set, a fresh copy each time (callers
    may change it); a sum is immutable, and equal sums have equal free symbols."""
    plain = _ExprWithLimits.__dict__["free_symbols"].fget
    if getattr(plain, "remembered", False):
        return
    known = _functools.lru_cache(maxsize=1 << 14)(plain)

    def free_symbols(self):
        return set(known(self))

    free_symbols.remembered = True
    free_symbols.__doc__ = plain.__doc__
    _ExprWithLimits.free_symbols = property(free_symbols)


_remember_free_symbols()
