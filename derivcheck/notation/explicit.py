"""Vector statements at explicit sizes: each size drawn, the tree evaluated (``interpret``) with SymPy
matrices of entry symbols (``ExplicitBackend``), and the claim written out entry by entry with its
index values."""

from __future__ import annotations

import itertools
import random

from sympy import Abs, Derivative, KroneckerDelta, Matrix, Max, S, Subs, Symbol, exp, sqrt

from ..core.errors import LatexParseError
from .index_conditions import holds_at, index_filters, size_filters, sizes_allowed
from .free_indices import concrete_indices, free_indices
from .interpret import Interpreter
from .values import Backend, Val
from .vector_reader import RELATIONS, LARGE_SIZE, MAX_INDEX_COMBOS, RANDOM_SIZE_MAX, SYMBOLIC_SIZES
from .vector_where import VectorSpec


class ExplicitBackend(Backend):
    """Values as explicit SymPy matrices of entry symbols (``w1``, ``X2_3``); scalars as expressions.
    Derivatives stay unevaluated ``Derivative`` nodes (the spot-checker takes them by finite
    differences, the prover by SymPy)."""

    memo_definitions = True

    def __init__(self, symbols: dict, sizes: dict | None = None):
        self.symbols = symbols  # name -> Matrix of symbols or Symbol
        self.sizes = sizes or {}

    def variable(self, name, shape):
        if name not in self.symbols:  # a defined name, cut inside ∂/∂name: symbols of its own
            self.symbols[name] = _array_symbols(name, shape, self.sizes)
        return self.symbols[name]

    def at_value(self, name, actual, compute):
        """The derivative at name's value: each entry a ``Subs`` (the spot-checker differences inside it)."""
        v = compute()
        cut = self.symbols[name]
        syms, values = (list(cut), list(actual.value)) if hasattr(cut, "shape") else ([cut], [actual.value])

        def at(e):
            e = S(e)
            return Subs(e, syms, values) if e.free_symbols & set(syms) else e

        return Val(v.shape, at(v.value) if v.shape == () else v.value.applyfunc(at))

    def symbol(self, name):
        return self.symbols.setdefault(name, Symbol(name, real=True))

    def fill(self, kind, dims, coef):
        r, c = dims
        m = Matrix.eye(r) if kind == "eye" else (Matrix.ones(r, c) if kind == "ones" else Matrix.zeros(r, c))
        return m if coef is None or kind == "zeros" else m * coef

    def scale(self, a, k):
        return k * a.value if a.scalar else a.value * k

    def hadamard(self, a, b):
        return a.value.multiply_elementwise(b.value)

    def matpow(self, a, k):
        return a.value ** k

    def inverse(self, a):
        # adjugate / det: defined wherever det ≠ 0 (LU without pivoting divides by X11, which may be 0)
        m = a.value
        return m.adjugate() / m.det(method="berkowitz") if m.shape[0] > 1 else Matrix([[1 / m[0, 0]]])

    def trace(self, a):
        return a.value.trace()

    def det(self, a):
        return a.value.det(method="berkowitz")

    def norm(self, a, kind):
        entries = [a.value] if a.scalar else list(a.value)
        if kind == "1":
            return sum(Abs(x) for x in entries)
        if kind == r"\infty":
            return Max(*[Abs(x) for x in entries])
        return sqrt(sum(x**2 for x in entries))

    def softmax(self, x):
        e = x.value.applyfunc(exp)
        return e / sum(e)

    def diag(self, x, n):
        return Matrix.diag(*list(x.value)) if n > 1 else Matrix([[x.value[0]]])

    def onehot(self, n, y):
        return Matrix([KroneckerDelta(k, y) for k in range(1, n + 1)])

    def apply(self, key, maker, a):
        return maker(a.value) if a.scalar else a.value.applyfunc(maker)

    def derivative(self, walk, layout, f, wrt, target, body, env, focus):
        if layout == "each":
            return _d(f.value, wrt.value) if f.scalar else f.value.applyfunc(lambda e: _d(e, wrt.value))
        if layout == "gradient":
            return wrt.value.applyfunc(lambda s: _d(f.value, s))
        return Matrix(f.value.shape[0], wrt.value.shape[0], lambda i, j: _d(f.value[i, 0], wrt.value[j, 0]))


def _d(expr, sym):
    if not expr.has(sym):
        return S.Zero
    return Derivative(expr, sym, evaluate=False)


def size_assignments(size_symbols: list, seed: int = 0, cap: int = LARGE_SIZE) -> list[tuple[dict, bool]]:
    """(sizes, symbolic) pairs: 1, 2, 3 for every size (with the prover), then numeric-only ones."""
    if not size_symbols:
        return [({}, True)]
    rng = random.Random(seed)
    out = [({s: k for s in size_symbols}, True) for k in SYMBOLIC_SIZES]
    if cap <= len(SYMBOLIC_SIZES) + 1:
        return out + [({s: cap for s in size_symbols}, False)]
    if cap < LARGE_SIZE:
        for _ in range(2):
            out.append(({s: rng.randint(len(SYMBOLIC_SIZES) + 1, cap) for s in size_symbols}, False))
        return out + [({s: max(cap - k, len(SYMBOLIC_SIZES) + 1) for k, s in enumerate(size_symbols)}, False)]  # sizes that differ
    for _ in range(2):
        out.append(({s: rng.randint(len(SYMBOLIC_SIZES) + 1, RANDOM_SIZE_MAX) for s in size_symbols}, False))
    out.append(({s: LARGE_SIZE - k for k, s in enumerate(size_symbols)}, False))
    return out


def _symbols_at(spec: VectorSpec, sizes: dict) -> dict:
    return {name: _array_symbols(name, shape, sizes) for name, shape in spec.shapes.items()}


def _array_symbols(name: str, shape, sizes: dict):
    if shape == ():
        return Symbol(name, real=True)
    r, c = (int(S(d).xreplace(sizes)) for d in shape)
    if r < 1 or c < 1:
        raise LatexParseError(f"{name} has a size below 1 at {sizes_text(sizes)}")
    tagged = not name.isalnum()  # W^(1), b_2: entries W^(1)[2,1], b_2[3], not W^(1)2_1
    if c == 1:
        return Matrix(r, 1, lambda i, j: Symbol(f"{name}[{i + 1}]" if tagged else f"{name}{i + 1}", real=True))
    if r == 1:
        return Matrix(1, c, lambda i, j: Symbol(f"{name}[{j + 1}]" if tagged else f"{name}{j + 1}", real=True))
    return Matrix(r, c, lambda i, j: Symbol(f"{name}[{i + 1},{j + 1}]" if tagged else f"{name}{i + 1}_{j + 1}", real=True))


def sizes_text(sizes: dict) -> str:
    return ", ".join(f"{s} = {v}" for s, v in sorted(sizes.items(), key=lambda kv: str(kv[0]))) or "the declared sizes"


def index_combinations(names: list[str], ranges: list[int], rng: random.Random) -> list[dict]:
    """Every combination when few; else a seeded sample that always has all-equal and all-different."""
    total = 1
    for r in ranges:
        total *= r
    if total <= MAX_INDEX_COMBOS:
        return [dict(zip(names, combo)) for combo in itertools.product(*[range(1, r + 1) for r in ranges])]
    combos = {tuple(min(k, r) for r in ranges) for k in (1, max(ranges))}
    if len(names) > 1 and min(ranges) >= len(names):
        combos.add(tuple(range(1, len(names) + 1)))
        combos.add(tuple(ranges[k] - k for k in range(len(names))))
    while len(combos) < MAX_INDEX_COMBOS:
        combos.add(tuple(rng.randint(1, r) for r in ranges))
    return [dict(zip(names, c)) for c in sorted(combos)]


def claimed_at(members, spec: VectorSpec, sizes: dict) -> bool:
    """Is the step claimed for any index values at these sizes? Not when where's ``i \\neq j`` meets n = 1, nor
    when an index runs over nothing there (``k \\in \\{1, \\dots, n-1\\}`` at n = 1): that size is then skipped
    (vacuous), not checked."""
    names, ranges = concrete_indices(members, spec, sizes)
    if any(r < 1 for r in ranges):
        return False
    on_sizes = size_filters(spec)
    if on_sizes and not sizes_allowed(Interpreter(spec, ExplicitBackend({}, sizes), "where", sizes), on_sizes):
        return False  # K \ge 2 at K = 1
    filters = index_filters(members, spec)
    if not filters:
        return True
    walk = Interpreter(spec, ExplicitBackend({}, sizes), "where", sizes)  # the filters read indices only
    return any(holds_at(walk, filters, env) for env in index_combinations(names, ranges, random.Random(0)))


def statement_at(members, rels, spec: VectorSpec, sizes: dict, where: str, seed: int = 0, with_labels: bool = False):
    """The relations of one step at concrete sizes (entries compared), plus the variables' symbols.

    With ``with_labels``, also one label per relation naming its index values and entry
    ("i = 2, j = 1", "entry (2, 1)"), so a refutation can say where it failed."""
    symbols = _symbols_at(spec, sizes)
    walk = Interpreter(spec, ExplicitBackend(symbols, sizes), where, sizes)
    names, ranges = concrete_indices(members, spec, sizes)
    rng = random.Random(seed)
    rel = RELATIONS[rels[0]]
    relations, labels = [], []
    filters = index_filters(members, spec)
    for env in index_combinations(names, ranges, rng):
        if not holds_at(walk, filters, env):
            continue  # i ≠ j in where: the step is claimed off the diagonal only
        a, b = walk.sides(members, rels[0], env)
        if a.scalar:
            pairs = [(a.value, b.value, "")]
        else:
            rows, cols = a.value.shape
            pairs = [(a.value[r, c], b.value[r, c], _entry_text(r + 1, c + 1, rows, cols))
                     for r in range(rows) for c in range(cols)]
        where_index = ", ".join(f"{name} = {value}" for name, value in sorted(env.items()))
        for lhs, rhs, entry in pairs:
            lhs, rhs = S(lhs), S(rhs)
            relations.append(rel(lhs, rhs, evaluate=False))
            labels.append(", ".join(part for part in (where_index, entry) if part))
    if with_labels:
        return relations, walk, labels
    return relations, walk


def _entry_text(r: int, c: int, rows: int, cols: int) -> str:
    """Which entry of a vector or matrix side a relation compares: "entry 2", "entry (2, 1)"."""
    if cols == 1:
        return f"entry {r}"
    if rows == 1:
        return f"entry {c}"
    return f"entry ({r}, {c})"


def conditions_at(spec: VectorSpec, walk: Interpreter, step) -> list:
    """The ``where`` conditions at the walk's sizes, for every combination of their free indices
    (those that only relate the step's indices, ``index_filters``, choose its index values instead)."""
    out = []
    filters = index_filters(step, spec) + size_filters(spec)  # decided by claimed_at
    for members, rels, what in spec.conditions:
        if (members, rels, what) in filters:
            continue
        names = free_indices(members, spec)
        ranges = [int(S(spec.indices[n]).xreplace(walk.sizes)) for n in names]
        for combo in itertools.product(*[range(1, r + 1) for r in ranges]):
            for rel, a, b in walk.compare(members, rels, dict(zip(names, combo)), what):
                cond = RELATIONS[rel](a, b)
                if cond is S.false:
                    raise LatexParseError(f"{what}: this condition is always false")
                if cond is not S.true:
                    out.append(cond)
    return out
