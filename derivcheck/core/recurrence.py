"""Sequences defined by a first-order recurrence: x_{first} = initial, x_{k+1} = update(x_k, k).

A term ``x(n, *params)`` of such a sequence stays folded while a claim is stated, so a closed form
``x(n, x0, eta) = (1 - 10*eta)**n * x0`` is a real claim about the recurrence, not about itself.
Its meaning is the recurrence, used three ways and nowhere replaced by a closed form:
- the prover unfolds a term only at a concrete index (``definition`` unrolls the update), and proves
  claims for *every* n by induction (``derivcheck.induction``), which uses ``initial`` and ``update``;
- the float spot-check iterates the update in numpy (``_imp_``, which lambdify picks up);
- the 60-digit confirmation unrolls it exactly on the rational point.

To declare a sequence: ``recurrence("x", index=k, params=(x0, eta), initial=x0,
update=prev - eta * 10 * prev, prev=prev)`` returns a class; call it as ``x(n, x0, eta)``.
"""

from __future__ import annotations

import sys

import numpy as np
from sympy import Expr, Integer, Lambda, Symbol, lambdify

from .functions import NamedFunction

__all__ = ["RecurrenceTerm", "recurrence", "MAX_SYMBOLIC_UNROLL"]

MAX_SYMBOLIC_UNROLL = 32  # unrolling with symbolic parameters grows the expression; stop here


class RecurrenceTerm(NamedFunction):
    """x_n of a sequence given by its first term and its update (see ``recurrence``)."""

    first: int = 0
    initial: Lambda  # params -> x_first
    update: Lambda  # (x_k, k, *params) -> x_{k+1}

    @classmethod
    def definition(cls, n, *params):
        """Unroll the recurrence at a concrete index; stay folded at a symbolic one."""
        if not isinstance(n, Integer) or n < cls.first:
            return cls(n, *params)
        symbolic = any(not p.is_number for p in params)
        if symbolic and n - cls.first > MAX_SYMBOLIC_UNROLL:
            return cls(n, *params)
        value = cls.initial(*params)
        for k in range(cls.first, int(n)):
            value = cls.update(value, Integer(k), *params)
        return value

    def _latex(self, printer, exp=None):
        n, *params = (printer._print(a) for a in self.args)
        head = rf"{type(self).__name__}_{{{n}}}"
        if exp is not None:
            head = rf"\left({head}\right)^{{{exp}}}"
        return head


def recurrence(name: str, *, index: Symbol, params: tuple[Symbol, ...], prev: Symbol, initial: Expr,
               update: Expr, first: int = 0) -> type[RecurrenceTerm]:
    """Declare the sequence x_{first} = initial(params), x_{k+1} = update(prev=x_k, index=k, params)."""
    params = tuple(params)
    initial_fn = Lambda(params, initial)
    update_fn = Lambda((prev, index, *params), update)
    float_initial = lambdify(params, initial, modules="numpy")
    float_update = lambdify((prev, index, *params), update, modules="numpy")

    def iterate(n, *values):
        """Float iteration of the update, elementwise over arrays of n and parameters."""
        n = np.asarray(n, dtype=float)
        shape = np.broadcast(n, *[np.asarray(v) for v in values]).shape
        steps = np.broadcast_to(np.rint(n).astype(np.int64) - first, shape)
        x = np.array(np.broadcast_to(np.asarray(float_initial(*values), dtype=float), shape))
        with np.errstate(all="ignore"):
            for k in range(int(steps.max(initial=0))):
                x = np.where(k < steps, float_update(x, first + k, *values), x)
        return np.where(steps < 0, np.nan, x)

    # Workers send proofs back pickled, and pickle finds a class by module and name: like
    # collections.namedtuple, claim the caller's module (declare it as ``name = recurrence("name", ...)``).
    module = sys._getframe(1).f_globals.get("__name__", __name__)
    return type(name, (RecurrenceTerm,), {
        "__module__": module,
        "nargs": 1 + len(params),
        "first": first,
        "initial": initial_fn,
        "update": update_fn,
        "_imp_": staticmethod(iterate),
        "__doc__": f"{name}_{{k+1}} = {update} with {prev} = {name}_k; {name}_{first} = {initial}",
    })
