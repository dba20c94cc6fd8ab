r"""Numbers for a vector claim at large sizes: numpy on the parsed tree, no explicit SymPy matrices.

At n = 20 an explicit symbolic matrix has 400 symbols, its determinant 20! terms, and each
gradient entry is its own lambdified function; building that hung the parent before any time
limit applied. Here the same tree is walked by the one interpreter (``notation.interpret``) with
``ArrayBackend``: float64 arrays drawn at random, inside the worker (``numeric_claim`` wraps the
check in a ``Claim`` whose ``numeric_check`` the runner calls instead of ``spot_check``).
Derivatives are central finite differences of the undifferentiated body, entry by entry, never a
symbolic derivative -- the independence rule of ``spotcheck``. A disagreement larger than the
float64 tolerance counts only if ``precision.confirm_sides`` confirms it at the same point, the
tree re-evaluated with mpmath (``ArrayBackend`` with ``digits``); the digits and tolerances are
those of ``tolerances``, as for scalar claims.
"""

from __future__ import annotations

import itertools
import math
import random

import mpmath
import numpy as np
from sympy import Derivative, Eq, Gt, Le, Lt, S, Subs, Symbol, exp, lambdify

from ..core.claim import REALS, Claim
from ..core.errors import LatexParseError
from ..core.functions import unfold
from ..core.evidence import Evidence, Unsatisfiable
from ..notation.explicit import index_combinations
from ..notation.index_conditions import holds_at, index_filters
from ..notation.free_indices import concrete_indices, free_indices
from ..notation.interpret import Interpreter
from ..notation.values import Backend
from ..notation.vector_reader import RELATIONS, Parser
from ..notation.vector_where import VectorSpec
from .evaluate import difference_quotient, numpy_function
from .precision import confirm_sides, step_exponent
from .tolerances import FLOAT_REL_TOL, FLOAT_REL_TOL_DERIVATIVE, HP_DIGITS, HP_GUARD_DIGITS, NEARBY_STEP

__all__ = ["numeric_claim", "check_at_size", "ArrayBackend"]

POINTS = 12  # random points per size (each with every index combination tried)
MAX_DRAWS = 60  # draws per point before the conditions are declared unsatisfiable
MAX_CONFIRMATIONS = 3
# body evaluations (one per differenced entry and side) after which no further point is drawn, past
# the second: ∂L/∂W⁽²⁾ through a network at n = 20 is ~8,600 a point (every entry, every label y)
MAX_MOVES, MIN_POINTS = 10_000, 2
# nodes the interpreter evaluates (a few seconds), past the second point: a map (\psi(z)_{ki} = …) is evaluated
# entry by entry, so one of its bodies costs what a whole network's costs in numpy
MAX_EVALS = 400_000


class ArrayBackend(Backend):
    """numpy arrays (vectors are columns) of float64, or with ``digits`` of mpmath numbers at that
    working precision (object arrays; the caller sets ``mpmath.workdps(digits)``)."""

    memo_definitions = True

    def __init__(self, values: dict, digits: int | None = None):
        self.values = values  # name -> 2-D array or a number
        self.digits = digits
        self.funcs: dict = {}
        self.floats: dict = {}  # SymPy constant -> float
        self.moves = 0  # bodies evaluated for finite differences

    @property
    def values(self) -> dict:
        return self._values

    @values.setter
    def values(self, values: dict):  # a definition's kept value is for these values only
        self._values, self.generation = values, getattr(self, "generation", 0) + 1

    # numbers at this backend's precision
    def constant(self, value):
        if self.digits is None:
            try:  # e in e^{z_{ki}}: evalf once, not once per entry
                return self.floats[value]
            except KeyError:
                self.floats[value] = float(value)
                return self.floats[value]
            except TypeError:  # unhashable
                return float(value)
        v = S(value)
        if v.is_Rational:
            return mpmath.mpf(int(v.p)) / int(v.q)
        return mpmath.mpf(str(v.evalf(self.digits + 10)))

    def step(self, x):
        if self.digits is None:
            return np.finfo(float).eps ** (1 / 3) * max(1.0, abs(float(x)))
        return mpmath.mpf(10) ** -step_exponent(self.digits)

    def fn(self, key, maker):
        """``maker`` (t ↦ SymPy expression) compiled once per backend: numpy, or mpmath entrywise."""
        if key not in self.funcs:
            t = Symbol("t", real=True)
            expr = maker(t)
            if isinstance(expr, Subs) and isinstance(expr.args[0], Derivative):  # σ'(z): differences of σ itself
                self.funcs[key] = self.derivative_fn(expr)
                return self.funcs[key]
            if self.digits is None:
                f = numpy_function(t, unfold(maker(t)))
                self.funcs[key] = lambda a: np.asarray(f(a), dtype=float) if isinstance(a, np.ndarray) else float(f(a))
            else:
                f = lambdify(t, unfold(maker(t)), "mpmath")
                each = np.frompyfunc(f, 1, 1)
                self.funcs[key] = lambda a: each(a) if isinstance(a, np.ndarray) else f(a)
        return self.funcs[key]

    def derivative_fn(self, expr: Subs):
        """f^(k) entrywise from f alone (finite differences in float64, mpmath's diff at high precision):
        never SymPy's derivative of f, so the numbers stay independent of the prover."""
        (derivative, (u,), _), order = expr.args, int(expr.args[0].derivative_count)
        inner = unfold(derivative.expr)
        if self.digits is None:
            f = numpy_function(u, inner)
            return lambda a: difference_quotient(lambda h: np.asarray(f(np.asarray(a, dtype=float) + h), dtype=float),
                                                 np.asarray(a, dtype=float), order)
        g = lambdify(u, inner, "mpmath")
        each = np.frompyfunc(lambda v: mpmath.diff(g, v, order), 1, 1)
        return lambda a: each(a) if isinstance(a, np.ndarray) else mpmath.diff(g, a, order)

    def eye(self, n):
        if self.digits is None:
            return np.eye(n)
        out = np.full((n, n), mpmath.mpf(0), dtype=object)
        for k in range(n):
            out[k, k] = mpmath.mpf(1)
        return out

    def tabulate(self, dims, entry):
        rows = [[entry(i, j) for j in range(1, dims[1] + 1)] for i in range(1, dims[0] + 1)]
        return np.array(rows, dtype=float if self.digits is None else object)

    def full(self, r, c, v):
        if self.digits is None:
            return np.full((r, c), float(v))
        return np.full((r, c), self.constant(v), dtype=object)

    # the interpreter's operations
    def variable(self, name, shape):
        return self.values[name]

    def symbol(self, name):
        return self.values[name]

    def whole(self, value):
        try:
            k = int(value)
        except (TypeError, ValueError, OverflowError):
            return None
        return k if k == value else None

    def fill(self, kind, dims, coef):
        r, c = dims
        m = self.eye(r) if kind == "eye" else self.full(r, c, 1 if kind == "ones" else 0)
        return m if coef is None or kind == "zeros" else m * coef

    def power(self, base, exponent):
        if self.digits is None and base < 0 and float(exponent) != int(exponent):
            return float("nan")
        return base ** exponent

    def matpow(self, a, k):
        out = a.value
        for _ in range(k - 1):
            out = out @ a.value
        return out

    def inverse(self, a):
        if self.digits is None:
            return np.linalg.inv(a.value)
        inv = mpmath.inverse(mpmath.matrix(a.value.tolist()))
        return np.array([[inv[r, c] for c in range(inv.cols)] for r in range(inv.rows)], dtype=object)

    def trace(self, a):
        return sum(a.value[k, k] for k in range(a.value.shape[0]))

    def det(self, a):
        if self.digits is None:
            return float(np.linalg.det(a.value))
        return mpmath.det(mpmath.matrix(a.value.tolist()))

    def delta(self, i, j):
        return self.constant(1 if i == j else 0)

    def absolute(self, x):
        return abs(x)

    def norm(self, a, kind):
        entries = [a.value] if a.scalar else list(a.value.flatten())
        if kind == "1":
            return sum(abs(x) for x in entries)
        if kind == r"\infty":
            return max(abs(x) for x in entries)
        return self.fn("sqrt", lambda t: S(t) ** S.Half)(sum(x * x for x in entries))

    def extremum(self, kind, values):
        return max(values) if kind == "max" else min(values)

    def softmax(self, x):
        e = self.fn("exp", exp)(x.value)
        return e / np.sum(e)

    def diag(self, x, n):
        out = self.full(n, n, 0)
        for k in range(n):
            out[k, k] = x.value[k, 0]
        return out

    def onehot(self, n, y):
        out = self.full(n, 1, 0)
        for k in range(n):
            if k + 1 == y:
                out[k, 0] = self.constant(1)
        return out

    def parameter(self, alpha):
        return S(mpmath.nstr(alpha, 30) if self.digits else repr(alpha))

    def apply(self, key, maker, a):
        return self.fn(key, maker)(a.value)

    def at_value(self, name, actual, compute):
        """A derivative with the defined ``name`` cut: its entries are set to its value, then differenced."""
        saved = self.values
        self.values = {**saved, name: actual.value}
        try:
            return compute()
        finally:
            self.values = saved

    # derivatives: central differences of the body, one entry of the variable at a time
    def derivative(self, walk, layout, f, wrt, target, body, env, focus):
        name, entry = target
        base = self.values[name]
        if entry is not None:
            positions = [(entry[0] - 1, entry[1] - 1)]
        elif isinstance(base, np.ndarray):
            positions = list(itertools.product(range(base.shape[0]), range(base.shape[1])))
        else:
            positions = [None]
        if focus is not None and len(positions) > 1:  # a confirmation reads one entry: differentiate only there
            positions = [focus] if layout == "gradient" else ([(focus[1], 0)] if layout == "jacobian" else positions)
        slopes = []
        for pos in positions:
            h = self.step(base if pos is None else base[pos])
            plus, minus = (self._moved(walk, body, env, name, pos, shift, f.shape) for shift in (h, -h))
            slopes.append((plus - minus) / (2 * h))
        if layout == "each":
            return slopes[0]
        if layout == "gradient":
            out = self.full(base.shape[0], base.shape[1], 0)
            for pos, s in zip(positions, slopes):
                out[pos] = s
            return out
        out = self.full(walk.dims(f.shape)[0], base.shape[0], 0)
        for (j, _), s in zip(positions, slopes):
            out[:, j] = s[:, 0]
        return out

    def _moved(self, walk, body, env, name, pos, shift, shape):
        """The body's value with ``name`` (or its entry ``pos``) moved by ``shift``."""
        self.moves += 1
        saved = self.values
        if pos is None:
            moved = saved[name] + shift
        else:
            moved = saved[name].copy()
            moved[pos] = moved[pos] + shift
        try:
            self.values = {**saved, name: moved}
            return walk.realize(walk.ev(body, env), shape).value
        finally:
            self.values = saved


def _scalar_names(members, spec: VectorSpec, conditions) -> list[str]:
    """Undeclared scalars (λ, x_0) the tree reads: each gets a random real value."""
    names = set()
    skip = set(spec.shapes) | set(spec.indices) | set(spec.sizes) | set(spec.values) | {"I", "e", "pi"}
    definitions = [spec.values[name] for name in spec.defined]  # λ, α met only inside a definition
    definitions += [fn.rhs for fn in spec.maps.values() if fn is not None]  # or a map's (its parameters are bound)
    skip |= {p for fn in spec.maps.values() if fn is not None for p in fn.params}

    def walk(node, bound):
        if isinstance(node, tuple) and node:
            if node[0] == "sum":
                bound = bound | {node[1]}
            if node[0] == "var" and node[1] not in skip and node[1] not in bound:
                names.add(node[1])
            if node[0] == "call" and node[3]:  # LeakyReLU_α: the parameter is a scalar too
                try:
                    walk(Parser(" ".join(t.text for t in node[3]), "", {}).expr(), bound)
                except LatexParseError:
                    pass  # not an expression (onehot's size): nothing to draw
            if node[0] == "sub" and node[1][0] == "var" and node[1][1] not in spec.shapes and node[1][1] not in bound \
                    and node[1][1] not in ("I",) and node[1][1] not in spec.values:
                names.add(node[1][1] + "_" + "".join(t.text for t in node[2]))
                return
            for child in node[1:]:
                walk(child, bound)
        elif isinstance(node, list):
            for child in node:
                walk(child, bound)

    walk(members, frozenset())
    walk(definitions, frozenset())
    for m, _, _ in conditions:
        walk(m, frozenset())
    for name, shape in spec.shapes.items():
        if shape == ():
            names.add(name)
    return sorted(names)


_BELOW = {"<": True, r"\le": True, r"\leq": True, ">": False, r"\ge": False, r"\geq": False}


def _constant(node) -> float | None:
    """The value of a node made of numbers alone (0, -1, \\frac{1}{2}), else None."""
    kind = node[0] if isinstance(node, tuple) and node else None
    if kind == "num":
        return float(node[1])
    parts = [_constant(c) for c in node[1:3]] if kind in ("neg", "add", "mul", "div") else [None]
    if None in parts:
        return None
    return {"neg": lambda: -parts[0], "add": lambda: parts[0] + parts[1], "mul": lambda: parts[0] * parts[1],
            "div": lambda: parts[0] / parts[1] if parts[1] else None}[kind]()


def entry_bounds(spec) -> dict:
    """name → (low, high) for a condition on every entry of a vector: ``0 \\le t_n \\le 1``, ``p_k > 0`` with n, k
    indices running over its length. Its entries are drawn inside (the conditions are still checked at each draw):
    by chance, all N entries of a draw meet such a condition once in 2^N or more draws, and none of 30 did at N = 6."""
    bounds: dict = {}
    for members, rels, _ in spec.conditions:
        if not rels or any(r not in _BELOW for r in rels):
            continue
        entries = [m for m in members if m[0] == "sub" and m[1][0] == "var" and len(m[2]) == 1]
        if len(entries) != 1 or len(members) - 1 != len(rels):
            continue
        name, index = entries[0][1][1], entries[0][2][0].text
        shape = spec.shapes.get(name)
        if not shape or 1 not in shape or index not in spec.indices \
                or S(spec.indices[index]) != S(shape[0] if shape[1] == 1 else shape[1]):
            continue  # only a condition over all of a vector's entries (p_k > 0 for every k)
        low, high = bounds.get(name, (-math.inf, math.inf))
        for left, rel, right in zip(members, rels, members[1:]):
            if left is entries[0] and _constant(right) is not None:
                high, low = (min(high, _constant(right)), low) if _BELOW[rel] else (high, max(low, _constant(right)))
            elif right is entries[0] and _constant(left) is not None:
                low, high = (max(low, _constant(left)), high) if _BELOW[rel] else (low, min(high, _constant(left)))
        if low < high:
            bounds[name] = (low, high)
    return bounds


def _within(x: np.ndarray, rng: np.random.Generator, low: float, high: float) -> np.ndarray:
    """``x`` moved inside (low, high): uniform between two finite ends, else |x| away from the one end."""
    if math.isfinite(low) and math.isfinite(high):
        return low + (high - low) * rng.uniform(0.001, 0.999, x.shape)
    if math.isfinite(low):
        return low + np.abs(x) + 0.05
    if math.isfinite(high):
        return high - np.abs(x) - 0.05
    return x


def _draw(spec, names, sizes, rng: np.random.Generator, positive: bool, bounds: dict | None = None) -> dict:
    def real(shape):
        x = np.where(rng.random(shape) < 0.7, rng.uniform(-3, 3, shape), rng.normal(0, 1, shape))
        return np.abs(x) + 0.05 if positive else x

    values = {}
    for name, shape in spec.shapes.items():
        if shape == ():
            continue
        r, c = (int(S(d).xreplace(sizes)) for d in shape)
        values[name] = real((r, c)) if name not in (bounds or {}) else _within(real((r, c)), rng, *bounds[name])
    for name in names:
        values[name] = float(real(()))
    return values


def _conditions_hold(spec, sizes, walk: Interpreter, filters: list) -> bool:
    for members, rels, what in spec.conditions:
        if (members, rels, what) in filters:
            continue  # chooses the step's index values (i ≠ j), not the point
        names = free_indices(members, spec)
        ranges = [int(S(spec.indices[n]).xreplace(sizes)) for n in names]
        for combo in itertools.product(*[range(1, r + 1) for r in ranges]):
            for rel, a, b in walk.compare(members, rels, dict(zip(names, combo)), what):
                x, y = float(a), float(b)
                ok = {"=": x == y, "<": x < y, ">": x > y, r"\le": x <= y, r"\leq": x <= y, r"\ge": x >= y, r"\geq": x >= y,
                      r"\neq": x != y, r"\ne": x != y}[rel]
                if not ok or math.isnan(x) or math.isnan(y):
                    return False
    return True


def _entry_label(pos, shape) -> str:
    if shape == ():
        return ""
    r, c = pos
    if shape[1] == 1:
        return f"entry {r + 1}"
    if shape[0] == 1:
        return f"entry {c + 1}"
    return f"entry ({r + 1}, {c + 1})"


def _suspect(rel_cls, lhs, rhs, tol) -> bool:
    """Does the float64 comparison make this entry a suspect for the high-precision confirmation?"""
    scale = max(1.0, abs(lhs), abs(rhs))
    diff = lhs - rhs
    if rel_cls is Eq:
        return abs(diff) > tol * scale
    if rel_cls in (Le, Lt):
        return diff > tol * scale or (rel_cls is Lt and diff >= 0)
    return -diff > tol * scale or (rel_cls is Gt and diff <= 0)


def check_at_size(members, rel: str, spec: VectorSpec, sizes: dict, *, where: str, seed: int, points: int = POINTS) -> Evidence:
    """Float64 checks of one step at concrete ``sizes``; a disagreement is confirmed at high precision."""
    rng = np.random.default_rng(seed)
    pick = random.Random(seed)
    rel_cls = RELATIONS[rel]
    names = _scalar_names(members, spec, spec.conditions)
    index_names, ranges = concrete_indices(members, spec, sizes)
    filters = index_filters(members, spec)
    bounds = entry_bounds(spec)
    has_derivative = "grad" in repr(members)
    tol = FLOAT_REL_TOL_DERIVATIVE if has_derivative else FLOAT_REL_TOL
    checked, max_abs, max_rel, false_alarms, undefined, moves, evals = 0, 0.0, 0.0, 0, 0, 0, 0
    size_text = {str(s): v for s, v in sorted(sizes.items(), key=lambda kv: str(kv[0]))}
    domain = ", ".join(f"{k} = {v}" for k, v in size_text.items())
    for point in range(points):
        if (moves >= MAX_MOVES or evals >= MAX_EVALS) and point >= MIN_POINTS:
            break
        values = None
        for positive in (False, True):
            for _ in range(MAX_DRAWS // 2):
                trial = _draw(spec, names, sizes, rng, positive, bounds)
                walk = Interpreter(spec, ArrayBackend(trial), where, sizes)
                with np.errstate(all="ignore"):
                    if _conditions_hold(spec, sizes, walk, filters):
                        values = trial
                        break
            if values is not None:
                break
        if values is None:
            raise Unsatisfiable(f"{where}: no sampled point at {domain} satisfies the conditions in where")
        walk = Interpreter(spec, ArrayBackend(values), where, sizes)
        confirmations = 0
        for env in index_combinations(index_names, ranges, pick):
            if not holds_at(walk, filters, env):
                continue
            with np.errstate(all="ignore"):
                a, b = walk.sides(members, rel, env)
            shape = a.shape
            left = np.atleast_2d(np.asarray(a.value, dtype=float))
            right = np.atleast_2d(np.asarray(b.value, dtype=float))
            checked += 1
            for pos in itertools.product(range(left.shape[0]), range(left.shape[1])):
                x, y = float(left[pos]), float(right[pos])
                finite = math.isfinite(x) and math.isfinite(y)
                if finite and not _suspect(rel_cls, x, y, tol):
                    max_abs = max(max_abs, abs(x - y))
                    max_rel = max(max_rel, abs(x - y) / max(1.0, abs(x), abs(y)))
                    continue
                if confirmations >= MAX_CONFIRMATIONS:
                    checked -= 1  # float trouble not re-checked is not evidence
                    break
                confirmations += 1
                verdict, hx, hy = _confirm(members, rel, spec, sizes, values, env, pos, shape, where)
                if verdict == "holds":
                    false_alarms += 1
                    continue
                if verdict == "undefined":
                    undefined += 1
                    continue
                counterexample = {**size_text, **{k: v for k, v in sorted(env.items())}}
                entry = _entry_label(pos, shape)
                if entry:
                    counterexample["entry"] = entry.removeprefix("entry ")
                counterexample["values"] = f"random draw {point + 1} of seed {seed}"
                return Evidence(points=checked, max_abs_error=max_abs, max_rel_error=max_rel, seed=seed, domain=domain,
                                counterexample=counterexample, lhs_value=mpmath.nstr(hx, 6), rhs_value=mpmath.nstr(hy, 6),
                                false_alarms=false_alarms, undefined=undefined,
                                message="numpy at large sizes", sizes=tuple(size_text.items()))
        moves, evals = moves + walk.b.moves, evals + walk.evals
    return Evidence(points=checked, max_abs_error=max_abs, max_rel_error=max_rel, seed=seed, domain=domain,
                    false_alarms=false_alarms, undefined=undefined, message="numpy at large sizes",
                    sizes=tuple(size_text.items()))


def _confirm(members, rel, spec, sizes, values, env, pos, shape, where):
    """("violated" | "holds" | "undefined", left, right): ``precision.confirm_sides`` on the tree
    re-evaluated with mpmath at the same point (the float64 values, exactly)."""
    exact = {k: (np.array([[mpmath.mpf(float(x)) for x in row] for row in v], dtype=object)
                 if isinstance(v, np.ndarray) else mpmath.mpf(float(v))) for k, v in values.items()}
    first = []

    def sides(digits, at=exact):
        work = digits + HP_GUARD_DIGITS
        with mpmath.workdps(work):
            walk = Interpreter(spec, ArrayBackend(at, digits=work), where, sizes)
            try:
                a, b = walk.sides(members, rel, env, focus=pos if shape != () else None)
            except (ZeroDivisionError, ValueError, OverflowError):
                return None, None
            try:
                x = mpmath.mpf(a.value if shape == () else a.value[pos])
                y = mpmath.mpf(b.value if shape == () else b.value[pos])
            except TypeError:  # a complex value: log or sqrt of a negative number
                return None, None
        if at is exact:
            first.append((x, y))
        return (x if mpmath.isfinite(x) else None), (y if mpmath.isfinite(y) else None)

    def around():
        """Both sides with every entry moved a hair, either way (``precision.filled_hole``)."""
        out = []
        for sign in (1, -1):
            counter = itertools.count(7)
            out.append(sides(HP_DIGITS, {k: _moved(v, sign, counter) for k, v in exact.items()}))
        return out

    verdict = confirm_sides(RELATIONS[rel], sides, nearby=around)
    x, y = first[0] if first else (mpmath.nan, mpmath.nan)
    return verdict, x, y


def _moved(value, sign: int, counter):
    """``value`` (an mpf or an object array of them) with each entry moved by a different hair."""
    if isinstance(value, np.ndarray):
        return np.array([[_moved(x, sign, counter) for x in row] for row in value], dtype=object)
    return value + sign * mpmath.mpf(next(counter)) / 7 * NEARBY_STEP * max(1, abs(value))


def numeric_claim(members, rel: str, spec: VectorSpec, sizes: dict, *, claim_id: str, title: str, source: str) -> Claim:
    """A ``Claim`` the runner checks with numpy at ``sizes`` (its ``numeric_check``); nothing is
    built here beyond the closure, so the parent never expands a large matrix."""
    lhs, rhs = Symbol("left side", real=True), Symbol("right side", real=True)
    statement = RELATIONS[rel](lhs, rhs, evaluate=False)
    return Claim(id=claim_id, title=title, source=source, topic="answers", statement=(statement,),
                 variables={lhs: REALS, rhs: REALS},
                 hints={"sizes": sizes}, numeric_only=True,
                 numeric_check=lambda claim, seed: check_at_size(members, rel, spec, sizes, where=source, seed=seed))
