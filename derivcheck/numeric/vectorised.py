"""A sized claim's float64 values with whole index ranges at once: one numpy array per node, not one per binding.

``sized.py`` reads a stated claim (Σ_q e^{x_q}, ∂S_i/∂x_j) at each drawn size by walking the SymPy tree
once per binding of its indices: at n = 64 that is thousands of visits of small arrays, ~60 % of a
sized claim's numeric time in Python. Here every bound index (a Σ's, a Π's, a ForEvery's) is an axis of
its own: a node is evaluated once per drawn size as an array of shape (points, axis 1, …, axis K), size 1
along the axes it does not depend on; x_i is a gather of the stacked entries of x, a sum reduces its
axis, δ_{ij} compares two index ranges, and a derivative is the same finite difference
(``evaluate.difference_quotient``) of the undifferentiated body with the entry moved, along the axis of
its index when it has one (∂/∂x_j for every j in one move).

The values are those of ``sized.py`` bit for bit: the same float64 operations in the same order (a sum
accumulates its terms in index order, a product of factors in the order of its arguments), numpy's
elementwise functions giving the same value at any shape; the one operation whose value differs between
numpy scalars and arrays, ``**``, is taken on scalars where the interpreter takes it on scalars. What
this does not know (a range that depends on another index, an index shadowed, arrays beyond
``MAX_ELEMENTS``, any failure) raises ``Unsupported`` and the interpreter decides as before.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from sympy import (
    Abs,
    Add,
    And,
    Derivative,
    Eq,
    Ge,
    Gt,
    Indexed,
    KroneckerDelta,
    Le,
    Lt,
    Max,
    Min,
    Mul,
    Ne,
    Not,
    NumberSymbol,
    Or,
    Piecewise,
    Pow,
    Product,
    S,
    Sum,
    Symbol,
    acos,
    asin,
    atan,
    cos,
    cosh,
    erf,
    exp,
    floor,
    log,
    sign,
    sin,
    sinh,
    tan,
    tanh,
)
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from ..core.claim import ForEvery
from ..core.functions import NamedFunction
from .evaluate import NUMPY_NAMESPACE, difference_quotient, peel
from .tolerances import CONDITION_EQ_TOL

__all__ = ["Unsupported", "Tensors", "symbols_in", "MAX_ELEMENTS", "ELEMENTWISE", "COMPARE"]

# the functions both evaluators apply entry by entry (numpy's give the same value at any shape)
ELEMENTWISE = {exp: np.exp, log: np.log, Abs: np.abs, sign: np.sign, floor: np.floor, tanh: np.tanh, sinh: np.sinh,
               cosh: np.cosh, sin: np.sin, cos: np.cos, tan: np.tan, atan: np.arctan, asin: np.arcsin, acos: np.arccos,
               erf: NUMPY_NAMESPACE["dc_erf"]}
COMPARE = {Gt: np.greater, Ge: np.greater_equal, Lt: np.less, Le: np.less_equal, Eq: np.equal, Ne: np.not_equal}
MAX_ELEMENTS = 1 << 21  # points × the index ranges in scope: beyond, the interpreter (one binding at a time)


class Unsupported(Exception):
    """A node or a size this evaluator does not take: the interpreter of ``sized.py`` evaluates it."""


@functools.lru_cache(maxsize=1 << 14)
def _definition(call):
    return call.unfolded()


@functools.lru_cache(maxsize=1 << 12)
def _constant(e) -> np.float64:
    return np.float64(float(e)) if e is not S.ComplexInfinity else np.float64(np.nan)


@functools.lru_cache(maxsize=1 << 12)
def _name(base) -> str:
    return str(base)


def _info(node) -> tuple:
    """(node, the symbols it depends on, the arrays and real symbols it reads), looked up by the object
    (kept with it in the table): no SymPy traversal per visit."""
    found = _INFO.get(id(node))
    if found is None or found[0] is not node:
        if len(_INFO) > 1 << 16:
            _INFO.clear()
        if isinstance(node, Indexed):
            uses = frozenset({_name(node.base)}).union(*(_info(i)[2] for i in node.indices))
        elif isinstance(node, Symbol):
            uses = frozenset({node})
        else:
            uses = frozenset().union(*(_info(a)[2] for a in node.args))
        found = _INFO[id(node)] = (node, tuple(symbols_in(node)), uses)
    return found


_INFO: dict = {}


@functools.lru_cache(maxsize=1 << 16)
def symbols_in(node) -> frozenset:
    """Every symbol written in ``node``, bound ones too: what its value may depend on. Not SymPy's
    ``free_symbols``: ∂/∂x_j of a body without j has none of j's, yet its value changes with j."""
    if isinstance(node, Symbol):
        return frozenset({node})
    return frozenset().union(*map(symbols_in, node.args))


@functools.lru_cache(maxsize=1 << 12)
def bound_indices(expr) -> tuple:
    """Every index a Σ, Π or ForEvery of ``expr`` binds (named functions unfolded), with how many
    bindings of the same letter enclose it (Σ_j … Σ_j …: two), in order of appearance: the axes of its arrays."""
    out: dict = {}

    def walk(e, depth: dict):
        if isinstance(e, NamedFunction):
            walk(_definition(e), depth)
            return
        limits = e.limits if isinstance(e, (Sum, Product)) else [e.limit] if isinstance(e, ForEvery) else []
        if not limits:
            for a in e.args:
                walk(a, depth)
            return
        inner = dict(depth)
        for var, lo, hi in limits:
            walk(lo, inner)
            walk(hi, inner)
            out.setdefault((var, inner.get(var, 0)), None)
            inner[var] = inner.get(var, 0) + 1
        walk(e.args[0], inner)

    walk(expr, {})
    return tuple(out)


class Tensors:
    """The drawn points of one size, stacked per array, and the claim's sizes and labels.

    ``entries`` maps an array's name to {indices: points} and ``scalars`` a real symbol to its points;
    ``value(expr)`` and ``holds(conditions, margin)`` then evaluate over all of them at once."""

    def __init__(self, fixed: dict, labels: dict, entries: dict, scalars: dict):
        count = len(next(iter(scalars.values()))) if scalars else len(next(iter(next(iter(entries.values())).values())))
        if count == 0:
            raise Unsupported("no points")
        self.count = count
        pad = count < 2  # at least two points: a pointwise array is told from an index-only one by its first axis
        self.fixed, self.labels = fixed, labels
        self.entries: dict = {}
        for name, table in entries.items():
            dims = tuple(max(k[a] for k in table) for a in range(len(next(iter(table)))))
            stacked = np.full((max(count, 2), *dims), np.nan)
            present = np.zeros(dims, dtype=bool)
            for k, v in table.items():
                if min(k) < 1:
                    raise Unsupported(f"entry {name}{list(k)}")
                at = tuple(i - 1 for i in k)
                stacked[(slice(None), *at)] = np.concatenate([v, v]) if pad else v
                present[at] = True
            self.entries[name] = (stacked, present)
        self.scalars = {s: (np.concatenate([v, v]) if pad else np.asarray(v)) for s, v in scalars.items()}
        self.label_arrays: dict = {}
        for name, table in labels.items():
            if not table:
                continue
            dims = tuple(max(k[a] for k in table) for a in range(len(next(iter(table)))))
            dense = np.zeros(dims, dtype=np.int64)
            present = np.zeros(dims, dtype=bool)
            for k, v in table.items():
                if min(k) < 1 or int(v) != v:
                    raise Unsupported(f"label {name}{list(k)}")
                dense[tuple(i - 1 for i in k)] = int(v)
                present[tuple(i - 1 for i in k)] = True
            self.label_arrays[name] = (dense, present)
        self.slots: dict = {}
        self.run: _Run | None = None
        self.iotas: dict = {}
        self.bounds: dict = {}  # id of an iota -> its (lo, hi), the arrays held in ``iotas``
        self.grids: dict = {}

    def value(self, expr) -> np.ndarray:
        run = self._run(expr)
        out = run.value(expr, {})
        return self._points(out, float)

    def holds(self, conditions, margin: float) -> np.ndarray:
        mask = np.ones(self.count, dtype=bool)
        for cond in conditions:
            run = self._run(cond)
            mask &= self._points(run.holds(cond, {}, margin), bool)
        return mask

    def _run(self, expr) -> "_Run":
        """One evaluation for every expression at these points (both sides share what they have in
        common); an expression with indices not seen yet adds their axes, at the end, to what was computed."""
        new = [slot for slot in bound_indices(expr) if slot not in self.slots]
        if self.run is None or new:
            for slot in new:
                self.slots[slot] = len(self.slots) + 1
            rank = 1 + len(self.slots)
            if rank > 32:
                raise Unsupported("too many indices")
            extra = len(self.slots)
            bases = {name: stacked.reshape(stacked.shape[:1] + (1,) * extra + stacked.shape[1:])
                     for name, (stacked, _) in self.entries.items()}
            bases.update({s: v.reshape(v.shape + (1,) * extra) for s, v in self.scalars.items()})
            run = _Run(self, dict(self.slots), rank, bases)
            if self.run is not None:
                grow = (1,) * (rank - self.run.rank)
                run.memo = {k: (e, v.reshape(v.shape + grow) if isinstance(v, np.ndarray) and v.ndim else v)
                            for k, (e, v) in self.run.memo.items()}
            self.run = run
        return self.run

    def _points(self, out, dtype) -> np.ndarray:
        """The values at the points: every index axis reduced away, the padding dropped."""
        arr = np.asarray(out, dtype=dtype)
        if arr.ndim:
            if any(d != 1 for d in arr.shape[1:]):
                raise Unsupported("an index left unbound")
            arr = arr.reshape(arr.shape[0])[: self.count]
            if len(arr) not in (1, self.count):
                raise Unsupported("points")
        return np.broadcast_to(arr, (self.count,))




class _Run:
    """One evaluation: the arrays (possibly with one entry moved, for a finite difference) and what was
    computed from them, by node and the ranges of the indices it depends on."""

    def __init__(self, owner: Tensors, axes: dict, rank: int, bases: dict, parent: "_Run | None" = None, moved=None):
        self.owner, self.axes, self.rank, self.bases = owner, axes, rank, bases
        self.parent, self.moved = parent, moved  # a node that does not use the moved array is the parent's
        self.memo: dict = {}
        self.width = next(iter(bases.values())).shape[0] if bases else 2

    # --- values ---------------------------------------------------------------------------------------

    def value(self, e, scope: dict):
        if e.is_Number or isinstance(e, NumberSymbol):
            return _constant(e)
        if isinstance(e, Symbol):
            if e in scope:
                return self.iota(e, scope, float)
            if e in self.owner.fixed:
                return np.float64(self.owner.fixed[e])
            return self.bases[e]
        _, symbols, uses = _info(e)
        if self.parent is not None and self.moved not in uses:
            return self.parent.value(e, scope)
        key = (id(e), *map(scope.get, symbols))  # the node object: no SymPy hash per visit
        found = self.memo.get(key)
        if found is None or found[0] is not e:
            found = self.memo[key] = (e, self._compute(e, scope))
        return found[1]

    def _compute(self, e, scope: dict):
        if isinstance(e, NamedFunction):
            return self.value(_definition(e), scope)
        if isinstance(e, Add):
            return functools.reduce(lambda a, b: a + b, [self.value(a, scope) for a in e.args])
        if isinstance(e, Mul):
            return functools.reduce(lambda a, b: a * b, [self.value(a, scope) for a in e.args])
        if isinstance(e, Pow):
            base, power = self.value(e.base, scope), self.value(e.exp, scope)
            return np.sqrt(base) if e.exp == S.Half else self.power(base, power)
        if isinstance(e, Indexed):
            name = _name(e.base)
            indices = [self.index(i, scope) for i in e.indices]
            if name in self.owner.label_arrays:
                found = self.label(name, indices)
                return found.astype(float) if isinstance(found, np.ndarray) else np.float64(found)
            return self.gather(self.bases[name], self.owner.entries[name][1], indices)
        if isinstance(e, (Sum, Product)):
            return self.loop(e, scope)
        if isinstance(e, Derivative):
            return self.derivative(e, scope)
        if isinstance(e, Piecewise):
            conds = [self.truth(c, scope) for _, c in e.args]
            values = [np.asarray(self.value(v, scope), dtype=float) for v, _ in e.args]
            shape = np.broadcast_shapes((self.width,) + (1,) * (self.rank - 1), *map(np.shape, conds), *map(np.shape, values))
            return np.select([np.broadcast_to(c, shape) for c in conds], [np.broadcast_to(v, shape) for v in values],
                             default=np.nan)
        if isinstance(e, KroneckerDelta):
            a, b = (self.index(i, scope) for i in e.args)
            same = a == b
            return same.astype(float) if isinstance(same, np.ndarray) else np.float64(same)
        if isinstance(e, (Max, Min)):
            pick = np.maximum if isinstance(e, Max) else np.minimum
            return functools.reduce(pick, [self.value(a, scope) for a in e.args])
        fn = ELEMENTWISE.get(type(e))
        if fn is None:
            raise Unsupported(f"no vectorised evaluation of {type(e).__name__}")
        return fn(*[self.value(a, scope) for a in e.args])

    def pointwise(self, v) -> bool:
        return isinstance(v, np.ndarray) and v.ndim > 0 and v.shape[0] > 1

    def power(self, base, power):
        """``base ** power`` as the interpreter takes it: numpy scalars raised on scalars (their ``**``
        rounds otherwise than an array's), an array raised to a scalar exponent as one array."""
        if isinstance(power, np.ndarray) and not self.pointwise(power):
            if self.pointwise(base):  # an exponent that varies with an index only: a scalar one per binding
                raise Unsupported("an exponent that depends on an index")
        if not self.pointwise(base) and not self.pointwise(power) and (isinstance(base, np.ndarray) or isinstance(power, np.ndarray)):
            b, p = np.broadcast_arrays(np.asarray(base, dtype=float), np.asarray(power, dtype=float))
            out = np.empty(b.shape)
            for k in np.ndindex(b.shape):
                out[k] = np.float64(b[k]) ** np.float64(p[k])
            return out
        return base**power

    # --- indices ---------------------------------------------------------------------------------------

    def iota(self, var, scope: dict, dtype=np.int64) -> np.ndarray:
        """lo, …, hi along the index's axis (one array per range, its bounds known to ``checked``)."""
        axis, lo, hi, _ = scope[var]
        key = (axis, lo, hi, self.rank, dtype)
        found = self.owner.iotas.get(key)
        if found is None:
            shape = [1] * self.rank
            shape[axis] = hi - lo + 1
            found = self.owner.iotas[key] = np.arange(lo, hi + 1, dtype=dtype).reshape(shape)
            self.owner.bounds[id(found)] = (lo, hi)
        return found

    def index(self, e, scope: dict):
        """An index expression's integer values: an int, or an int array along the axes of its indices."""
        if e.is_Integer:
            return int(e)
        if isinstance(e, Symbol):
            if e in scope:
                return self.iota(e, scope)
            return int(self.owner.fixed[e])
        if isinstance(e, Indexed):
            return self.label(_name(e.base), [self.index(i, scope) for i in e.indices])
        if isinstance(e, Add):
            return functools.reduce(lambda a, b: a + b, [self.index(a, scope) for a in e.args])
        if isinstance(e, Mul):
            return functools.reduce(lambda a, b: a * b, [self.index(a, scope) for a in e.args])
        raise Unsupported(f"not an integer index: {e}")

    def label(self, name: str, indices: list):
        dense, present = self.owner.label_arrays[name]
        at = self.checked(indices, dense.shape, present)
        found = dense[at]
        return int(found) if not isinstance(found, np.ndarray) or found.ndim == 0 else found

    def checked(self, indices: list, dims: tuple, present: np.ndarray) -> tuple:
        """0-based positions of 1-based indices, each within its range and of an entry that was drawn
        (the interpreter raises there: a KeyError, then the claim is written out)."""
        if len(indices) != len(dims):
            raise Unsupported("rank")
        for i, d in zip(indices, dims):
            lo, hi = (i, i) if not isinstance(i, np.ndarray) else self.owner.bounds.get(id(i)) or (np.min(i), np.max(i))
            if lo < 1 or hi > d:
                raise Unsupported("an index out of its range")
        at = tuple(i - 1 for i in indices)
        if not present.all() and not np.all(present[at]):
            raise Unsupported("an entry not drawn")
        return at

    def gather(self, base: np.ndarray, present: np.ndarray, indices: list) -> np.ndarray:
        """The entries ``base[indices]``: an array over the points and the axes of the indices (and of
        ``base``'s own, a moved copy)."""
        at = self.checked(indices, base.shape[self.rank:], present)
        if not any(isinstance(i, np.ndarray) for i in at):
            return base[(slice(None),) * self.rank + at]
        return base[self.grids(base.shape[: self.rank]) + at]

    def grids(self, shape: tuple) -> tuple:
        found = self.owner.grids.get((shape, self.rank))
        if found is None:
            found = self.owner.grids[(shape, self.rank)] = self._grids(shape)
        return found

    def _grids(self, shape: tuple) -> tuple:
        out = []
        for a, size in enumerate(shape):
            dims = [1] * self.rank
            dims[a] = size
            out.append(np.arange(size).reshape(dims) if size > 1 else np.zeros(dims, dtype=np.int64))
        return tuple(out)

    # --- sums, products, derivatives ---------------------------------------------------------------------

    def scoped(self, scope: dict, limits) -> dict | None:
        """The scope with these limits' indices bound (None: an empty range)."""
        if len({var for var, *_ in limits}) < len(limits):
            raise Unsupported("one index bound twice by one Σ")
        inner = dict(scope)
        hidden = []  # an index bound again inside its own Σ: the outer one is out of reach, its axis stays
        for var, lo, hi in limits:
            a, b = self.index(lo, inner), self.index(hi, inner)
            if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
                raise Unsupported("a range that depends on another index")
            if b < a:
                return None
            depth = inner[var][3] + 1 if var in inner else 0
            if var in inner:
                hidden.append(inner[var])
            inner[var] = (self.axes[(var, depth)], int(a), int(b), depth)
        if self.width * math.prod(r[2] - r[1] + 1 for r in [*inner.values(), *hidden]) > MAX_ELEMENTS:
            raise Unsupported("arrays too large")
        return inner

    def loop(self, e, scope: dict):
        body, *limits = e.args
        is_sum = isinstance(e, Sum)
        inner = self.scoped(scope, limits)
        if inner is None:
            return np.float64(0.0 if is_sum else 1.0)
        out = self.value(body, inner)
        step = np.add if is_sum else np.multiply
        for var, *_ in reversed(limits):  # the innermost first, each in index order: the interpreter's order
            axis, lo, hi, _ = inner[var]
            length = hi - lo + 1
            if not isinstance(out, np.ndarray) or out.ndim == 0:
                acc = out
                for _ in range(length - 1):
                    acc = acc + out if is_sum else acc * out
                out = acc
                continue
            shape = list(out.shape)
            shape[axis] = length
            full = np.broadcast_to(out, shape)
            out = step.accumulate(full, axis=axis)[(slice(None),) * axis + (slice(length - 1, length),)]
        return out

    def derivative(self, e, scope: dict):
        inner, var, count = peel(e)
        if isinstance(var, Indexed):
            key = _name(var.base)
            if key not in self.owner.entries:
                raise Unsupported(f"derivative with respect to {var}")
            indices = [self.index(i, scope) for i in var.indices]
            present = self.owner.entries[key][1]
        else:
            if var in scope or var in self.owner.fixed or var not in self.owner.scalars:
                raise Unsupported(f"derivative with respect to {var}")
            key, indices, present = var, [], np.ones((), dtype=bool)
        base = self.bases[key]
        at = self.checked(indices, base.shape[self.rank:], present)
        x = np.asarray(self.gather(base, present, indices), dtype=float)

        def moved(shift):
            new = x + shift
            shape = np.broadcast_shapes(base.shape[: self.rank], np.shape(new), *map(np.shape, at))
            if not indices:
                copy = np.array(np.broadcast_to(new, shape))
            else:
                copy = np.array(np.broadcast_to(base, shape + base.shape[self.rank:]))
                copy[self.grids(shape) + at] = np.broadcast_to(new, shape)
            child = _Run(self.owner, self.axes, self.rank, {**self.bases, key: copy}, self, key)
            return np.asarray(child.value(inner, scope), dtype=float)

        return difference_quotient(moved, x, count)

    # --- conditions --------------------------------------------------------------------------------------

    def every(self, c, scope: dict, test):
        inner = self.scoped(scope, [c.limit])
        if inner is None:
            return True
        out = test(c.condition, inner)
        if isinstance(out, np.ndarray) and out.ndim:
            out = np.all(out, axis=inner[c.limit[0]][0], keepdims=True)
        return out

    def truth(self, c, scope: dict):
        if isinstance(c, BooleanTrue):
            return True
        if isinstance(c, BooleanFalse):
            return False
        if isinstance(c, And):
            return functools.reduce(np.logical_and, [self.truth(a, scope) for a in c.args])
        if isinstance(c, Or):
            return functools.reduce(np.logical_or, [self.truth(a, scope) for a in c.args])
        if isinstance(c, Not):
            return np.logical_not(self.truth(c.args[0], scope))
        if isinstance(c, ForEvery):
            return self.every(c, scope, self.truth)
        return COMPARE[type(c)](self.value(c.lhs, scope), self.value(c.rhs, scope))

    def holds(self, c, scope: dict, margin: float):
        """``sized.py``'s rule: an excluded kink (g ≠ 0) or a strict bound kept at ``margin``."""
        if isinstance(c, ForEvery):
            return self.every(c, scope, lambda cond, inner: self.holds(cond, inner, margin))
        if isinstance(c, And):
            return functools.reduce(np.logical_and, [self.holds(a, scope, margin) for a in c.args])
        if isinstance(c, (Ne, Gt, Lt, Ge, Le, Eq)):
            g = self.value(_difference(c), scope)
            if isinstance(c, Ne):
                return np.abs(g) > margin
            if isinstance(c, Gt):
                return g > margin
            if isinstance(c, Lt):
                return g < -margin
            tol = CONDITION_EQ_TOL
            return (g >= -tol) if isinstance(c, Ge) else (g <= tol) if isinstance(c, Le) else (np.abs(g) <= tol)
        return np.asarray(self.truth(c, scope), dtype=bool)


@functools.lru_cache(maxsize=1 << 12)
def _difference(c):
    """``lhs - rhs`` of a condition, built as the interpreter builds it."""
    return c.lhs - c.rhs
