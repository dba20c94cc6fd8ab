"""Float64 values of a sized claim at one set of sizes, read off the claim as stated: no instantiation.

Writing Σ_{i=1}^{64} ∂S_i/∂x_j g_i out in SymPy and compiling it cost a quarter of a second per drawn
size (seconds per claim). Here the stated expression is interpreted directly over arrays of points:
a sum is a loop over its index, an entry x[j] is the sampled array of that entry, each subexpression
is computed once per binding of its indices (the denominator Σ_q e^{x_q} once, not once per i), and
a derivative is the same finite difference of the undifferentiated function as in ``evaluate.py``
(``difference_quotient``). Only float64 *finds* suspects: every one is confirmed at high precision
on the claim written out at these sizes (``core.instances.instantiate``), as before.
"""

from __future__ import annotations

import contextlib
import functools
import warnings

import numpy as np
from sympy import (
    Add,
    And,
    Derivative,
    Eq,
    Ge,
    Gt,
    Indexed,
    IndexedBase,
    Integer,
    KroneckerDelta,
    Le,
    Lt,
    Max,
    Min,
    Mul,
    Ne,
    Not,
    Number,
    NumberSymbol,
    Or,
    Piecewise,
    Pow,
    Product,
    S,
    Sum,
    Symbol,
)
from sympy.functions.elementary.piecewise import ExprCondPair
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from ..core.claim import ForEvery
from ..core.functions import NamedFunction
from .evaluate import difference_quotient, peel
from .vectorised import COMPARE, ELEMENTWISE, Tensors, symbols_in

STRUCTURE = (Add, Mul, Pow, Symbol, Number, NumberSymbol, Indexed, IndexedBase, Sum, Product, Derivative, Piecewise,
             ExprCondPair, KroneckerDelta, Max, Min, And, Or, Not, ForEvery, BooleanTrue, BooleanFalse, *COMPARE,
             *ELEMENTWISE)
# the claim's expressions at one size evaluated with whole index ranges at once (``vectorised.py``);
# False: one binding at a time, the reference the vectorised values are tested against
VECTORISED = True


class NotReadable(Exception):
    """The stated claim has a shape this interpreter does not evaluate: it is written out instead."""


def readable(claim) -> bool:
    """Whether every node of the claim is one this interpreter knows (else the claim is written out)."""
    shaped = {str(s) for s, d in claim.variables.items() if d.shape}
    for e in (*claim.statement, *claim.conditions):
        for node in _nodes(e):
            if not isinstance(node, STRUCTURE) and type(node).__name__ != "Tuple":
                return False
            if isinstance(node, Indexed) and str(node.base) not in shaped:
                return False
    return True


def _nodes(e):
    """Every node, a named function's definition in its place (unfolded one call at a time, never the
    whole tree: SymPy hoisted LeakyReLU's Piecewise out of Σ_j, its condition then naming j unbound)."""
    if isinstance(e, NamedFunction):
        yield from _nodes(e.unfolded())
        return
    yield e
    for a in e.args:
        yield from _nodes(a)


def entry_symbols(claim, fixed: dict) -> list[Symbol]:
    """Every entry of the claim's real arrays at these sizes, as ``instantiate`` names them (x[3],
    W[1, 2]), sorted by name as the written-out path sorts them: the same points are drawn."""
    import itertools

    named = _named_arrays((*claim.statement, *claim.conditions))
    sizes = {s: Integer(v) for s, v in fixed.items()}
    out = []
    for sym, dom in claim.variables.items():
        if not dom.shape or dom.integer or str(sym) not in named:
            continue
        shape = [int(S(d).xreplace(sizes)) for d in dom.shape]
        base = str(sym)
        out += [entry_name(base, idx) for idx in itertools.product(*[range(1, d + 1) for d in shape])]
    return [Symbol(name, real=True) for name in sorted(out)]


@functools.lru_cache(maxsize=256)
def _named_arrays(exprs: tuple) -> frozenset:
    """The arrays the claim names (once per claim, not per drawn size)."""
    return frozenset(str(b) for e in exprs for b in e.atoms(IndexedBase))


def entry_name(base: str, indices: tuple) -> str:
    """``str`` of the entry ``base[indices]`` as SymPy prints it (x[3], W[1, 2]): the written-out symbol's name."""
    return f"{base}[{', '.join(map(str, indices))}]"


@functools.lru_cache(maxsize=1 << 16)
def split_entry(name: str) -> tuple[str, tuple | None]:
    """The inverse of ``entry_name``: "W[1, 2]" is ("W", (1, 2)); a plain name has no indices (None)."""
    if not name.endswith("]") or "[" not in name:
        return name, None
    base, _, rest = name.partition("[")
    try:
        return base, tuple(int(k) for k in rest[:-1].split(","))
    except ValueError:
        return name, None


class SizedValues:
    """One claim's expressions at fixed sizes and labels, evaluated over arrays of points.

    ``value(expr, points)``: the float64 values of a stated (not written-out) expression;
    ``mask(conditions, points, margin)``: which points satisfy the conditions, kinks kept at a margin.
    """

    def __init__(self, fixed: dict, labels: dict, vectorised: bool | None = None):
        self.fixed = {s: int(v) for s, v in fixed.items()}
        self.labels = labels
        self.vectorised = VECTORISED if vectorised is None else vectorised
        self._names: dict = {}
        self._base_names: dict = {}
        self._labels: dict = {}
        self._tensors: tuple = (None, None)

    def value(self, expr, points: dict) -> np.ndarray:
        fast = self._vectorised(lambda tensors: tensors.value(expr), points)
        if fast is not None:
            return fast
        shape = np.shape(next(iter(points.values())))
        with np.errstate(all="ignore"), warnings.catch_warnings(), _unreadable():
            warnings.simplefilter("ignore")
            out = _State(self, points).eval(expr, self.fixed)
        return np.broadcast_to(np.asarray(out, dtype=float), shape)

    def mask(self, conditions, points: dict, margin: float) -> np.ndarray:
        fast = self._vectorised(lambda tensors: tensors.holds(conditions, margin), points)
        if fast is not None:
            return fast
        shape = np.shape(next(iter(points.values())))
        mask = np.ones(shape, dtype=bool)
        state = _State(self, points)
        with np.errstate(all="ignore"), warnings.catch_warnings(), _unreadable():
            warnings.simplefilter("ignore")
            for cond in conditions:
                mask &= state.holds(cond, self.fixed, margin)
        return np.broadcast_to(mask, shape)

    def _vectorised(self, evaluate, points: dict) -> np.ndarray | None:
        """``evaluate`` over these points with whole index ranges at once (``vectorised.py``); None where
        that evaluator declines (or fails): the interpreter below then decides, as before."""
        if not self.vectorised or not points:
            return None
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return evaluate(self._stacked(points))
        except Exception:  # Unsupported, or anything the interpreter would meet (and report) too
            return None

    def _stacked(self, points: dict) -> Tensors:
        """The points by array (``Tensors``), built once per set of points (both sides, the conditions)."""
        held, tensors = self._tensors
        if held is not points:
            entries: dict = {}
            scalars: dict = {}
            for sym, v in points.items():
                name, indices = split_entry(sym.name)
                if indices is None:
                    scalars[sym] = np.asarray(v, dtype=float)
                else:
                    entries.setdefault(name, {})[indices] = np.asarray(v, dtype=float)
            tensors = Tensors(self.fixed, self.labels, entries, scalars)
            self._tensors = (points, tensors)
        return tensors

    definition = staticmethod(functools.lru_cache(maxsize=1 << 14)(lambda call: call.unfolded()))
    definition.__doc__ = "A named function's definition at this call's arguments (σ(u) as 1/(1 + e^{-u}))."
    # the symbols a node's value may depend on, in a fixed order (its memo key takes their values); kept
    # across sizes. Every symbol written in it: with SymPy's free symbols, ∂/∂x_j of a body without j
    # inside Σ_j was computed at the first j only (Σ_j ∂(Σ_i x_i²)/∂x_j read as 3·2x_1)
    free = staticmethod(functools.lru_cache(maxsize=1 << 16)(lambda node: tuple(symbols_in(node))))

    def entry(self, base, indices: tuple) -> Symbol:
        key = (base, indices)
        found = self._names.get(key)
        if found is None:
            name = self._base_names.get(base)
            if name is None:  # SymPy's printer, once per array
                name = self._base_names[base] = str(base)
            found = self._names[key] = Symbol(entry_name(name, indices), real=True)
        return found

    def label(self, base) -> dict | None:
        """The drawn values of an integer array (class labels), None for a real array."""
        if base not in self._labels:
            self._labels[base] = self.labels.get(str(base))
        return self._labels[base]


def _free_symbols(node) -> tuple:
    """``SizedValues.free`` of ``node``, looked up by the object (kept with it in the table)."""
    found = _FREE.get(id(node))
    if found is None or found[0] is not node:
        if len(_FREE) > 1 << 16:
            _FREE.clear()
        found = _FREE[id(node)] = (node, SizedValues.free(node))
    return found[1]


_FREE: dict = {}


@contextlib.contextmanager
def _unreadable():
    """A node this interpreter cannot evaluate (an index that is not an integer, an unbound name) is
    ``NotReadable``, never a verdict: the claim is then written out and compiled as before."""
    try:
        yield
    except (TypeError, KeyError, IndexError, AttributeError) as exc:
        raise NotReadable(str(exc)) from exc


class _State:
    """The points, possibly with one variable moved (a finite difference), and what was computed there."""

    def __init__(self, owner: SizedValues, points: dict):
        self.owner, self.points = owner, points
        self.memo: dict = {}
        self.moved: dict = {}

    def eval(self, e, env: dict):
        if e.is_Number or isinstance(e, NumberSymbol):
            return np.float64(float(e)) if e is not S.ComplexInfinity else np.float64(np.nan)
        if isinstance(e, Symbol):
            return np.float64(env[e]) if e in env else self.points[e]
        # keyed by the node object (the memo holds it, so its id is not reused meanwhile) and the values
        # of the indices it depends on: no SymPy hash or == per visit
        key = (id(e), *map(env.get, _free_symbols(e)))
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = (e, self._compute(e, env))
        return found[1]

    def _compute(self, e, env: dict):
        if isinstance(e, NamedFunction):
            return self.eval(self.owner.definition(e), env)
        if isinstance(e, Add):
            return functools.reduce(lambda a, b: a + b, [self.eval(a, env) for a in e.args])
        if isinstance(e, Mul):
            return functools.reduce(lambda a, b: a * b, [self.eval(a, env) for a in e.args])
        if isinstance(e, Pow):
            base, power = self.eval(e.base, env), self.eval(e.exp, env)
            return np.sqrt(base) if e.exp == S.Half else base**power
        if isinstance(e, Indexed):
            indices = tuple(self.index(i, env) for i in e.indices)
            labels = self.owner.label(e.base)
            if labels is not None:
                return np.float64(labels[indices])
            return self.points[self.owner.entry(e.base, indices)]
        if isinstance(e, (Sum, Product)):
            return self._loop(e, env)
        if isinstance(e, Derivative):
            return self._derivative(e, env)
        if isinstance(e, Piecewise):
            shape = np.shape(next(iter(self.points.values())))
            conds = [np.broadcast_to(self.truth(c, env), shape) for _, c in e.args]
            values = [np.broadcast_to(np.asarray(self.eval(v, env), dtype=float), shape) for v, _ in e.args]
            return np.select(conds, values, default=np.nan)
        if isinstance(e, KroneckerDelta):
            a, b = (self.index(i, env) for i in e.args)
            return np.float64(a == b)
        if isinstance(e, (Max, Min)):
            pick = np.maximum if isinstance(e, Max) else np.minimum
            return functools.reduce(pick, [self.eval(a, env) for a in e.args])
        fn = ELEMENTWISE.get(type(e))
        if fn is None:
            raise TypeError(f"no sized evaluation of {type(e).__name__}")
        return fn(*[self.eval(a, env) for a in e.args])

    def index(self, e, env: dict) -> int:
        """An index expression's integer value (j, j + 1, Y[n])."""
        if e.is_Integer:
            return int(e)
        if isinstance(e, Symbol):
            return env[e]
        if isinstance(e, Indexed):
            return self.owner.label(e.base)[tuple(self.index(i, env) for i in e.indices)]
        if isinstance(e, Add):
            return sum(self.index(a, env) for a in e.args)
        if isinstance(e, Mul):
            return int(np.prod([self.index(a, env) for a in e.args]))
        raise TypeError(f"not an integer index: {e}")

    def _loop(self, e, env: dict):
        body, *limits = e.args
        is_sum = isinstance(e, Sum)

        def run(k, inner):
            if k == len(limits):
                return self.eval(body, inner)
            var, lo, hi = limits[k]
            terms = [run(k + 1, {**inner, var: v}) for v in range(self.index(lo, inner), self.index(hi, inner) + 1)]
            if not terms:
                return np.float64(0.0 if is_sum else 1.0)
            return functools.reduce((lambda a, b: a + b) if is_sum else (lambda a, b: a * b), terms)

        return run(0, env)

    def _derivative(self, e, env: dict):
        inner, var, count = peel(e)
        target = self.owner.entry(var.base, tuple(self.index(i, env) for i in var.indices)) if isinstance(var, Indexed) else var
        if target in env or target not in self.points:
            raise ValueError(f"derivative with respect to {var}, which is not a variable of the claim")
        x = np.asarray(self.points[target], dtype=float)
        shape = np.shape(x)

        def at(shift):
            child = self.child(target, x + shift)
            return np.broadcast_to(np.asarray(child.eval(inner, env), dtype=float), shape)

        return difference_quotient(at, x, count)

    def child(self, target: Symbol, moved: np.ndarray) -> "_State":
        """These points with ``target`` moved to ``moved``: one state per move, shared by every derivative
        that makes it (∂S_i/∂x_j for all i move x_j alike, so Σ_q e^{x_q} is computed once per move)."""
        key = (target, moved.tobytes())
        found = self.moved.get(key)
        if found is None:
            points = dict(self.points)
            points[target] = moved
            found = self.moved[key] = _State(self.owner, points)
        return found

    def truth(self, c, env: dict):
        if isinstance(c, BooleanTrue):
            return True
        if isinstance(c, BooleanFalse):
            return False
        if isinstance(c, And):
            return functools.reduce(np.logical_and, [self.truth(a, env) for a in c.args])
        if isinstance(c, Or):
            return functools.reduce(np.logical_or, [self.truth(a, env) for a in c.args])
        if isinstance(c, Not):
            return np.logical_not(self.truth(c.args[0], env))
        if isinstance(c, ForEvery):
            var, lo, hi = c.limit
            return functools.reduce(np.logical_and, [self.truth(c.condition, {**env, var: v})
                                                     for v in range(self.index(lo, env), self.index(hi, env) + 1)], True)
        return COMPARE[type(c)](self.eval(c.lhs, env), self.eval(c.rhs, env))

    def holds(self, c, env: dict, margin: float):
        """``condition_mask``'s rule for one condition: an excluded kink (g ≠ 0) or a strict bound is
        kept at ``margin``; a ForEvery or a conjunction is each of its instances."""
        from .tolerances import CONDITION_EQ_TOL

        if isinstance(c, ForEvery):
            var, lo, hi = c.limit
            return functools.reduce(np.logical_and, [self.holds(c.condition, {**env, var: v}, margin)
                                                     for v in range(self.index(lo, env), self.index(hi, env) + 1)], True)
        if isinstance(c, And):
            return functools.reduce(np.logical_and, [self.holds(a, env, margin) for a in c.args])
        if isinstance(c, (Ne, Gt, Lt, Ge, Le, Eq)):
            g = self.eval(c.lhs - c.rhs, env)
            if isinstance(c, Ne):
                return np.abs(g) > margin
            if isinstance(c, Gt):
                return g > margin
            if isinstance(c, Lt):
                return g < -margin
            tol = CONDITION_EQ_TOL
            return (g >= -tol) if isinstance(c, Ge) else (g <= tol) if isinstance(c, Le) else (np.abs(g) <= tol)
        return np.asarray(self.truth(c, env), dtype=bool)
