r"""A vector claim in index form: one generic entry, for every size at once.

The explicit and numeric backends evaluate a claim at concrete sizes only. Here the same parsed
tree, walked by the same interpreter (``notation.interpret``) with ``IndexBackend``, becomes
entry (r, c) of each side as one scalar SymPy expression over ``IndexedBase`` entries, with the
sizes kept as symbols: a product is ``Σ_q A[r, q] B[q, c]`` over 1..k, a transpose swaps (r, c),
``\operatorname{tr}`` is ``Σ_q A[q, q]``, softmax entry r is ``e^{x_r} / Σ_q e^{x_q}``, a gradient
entry is ``Derivative(f, X[r, c])``. The result is an ordinary ``Claim`` over ``vector(n)`` /
``matrix(m, n)`` / ``index(n)`` variables -- the form the catalog's softmax and MLP claims use --
so the size-generic prover (``indexed.index_generic_rule``) can prove it for every n, and the
spot-checker checks it at sizes of its own.

Constructs without a generic entry formula (``\det``, inverses, powers of matrices, ``\|·\|_\infty``,
entries at a literal index beyond 1, conditions on entries) raise ``NoIndexForm``: such claims stay
on the per-size path. Any shape or parse problem also raises ``NoIndexForm`` -- the per-size path
has already reported it with its own message.

A derivative with respect to a defined quantity (∂L/∂oᵃ, ``oᵃ = W⁽²⁾hˢ + b⁽²⁾`` in where) is taken
with oᵃ an ``IndexedBase`` of its own, *evaluated* (the prover's own differentiation, ∂x_q/∂x_r =
δ_qr), and then oᵃ's generic entries are substituted: "at oᵃ's value" has no unevaluated form over
every size. So that derivative is SymPy's here -- the per-size checks still difference it -- and
one that crosses a kink (ReLU, |·|) raises ``NoIndexForm``: the per-size checks decide.

To add an operation: its shape rule in ``notation.interpret``, its generic entry on ``IndexBackend``
(or ``NoIndexForm``).
"""

from __future__ import annotations

from sympy import Abs, Derivative, Expr, Heaviside, Indexed, IndexedBase, KroneckerDelta, Max, Min, Piecewise, S, Sum, Symbol, \
    exp, sign, sqrt

from ..core.claim import REALS, Claim, dimension, index, matrix, vector
from ..core.errors import DerivcheckError
from ..core.functions import NamedFunction
from ..numeric.spotcheck import spot_check
from ..notation.free_indices import free_indices, labels_used
from ..notation.interpret import Interpreter
from ..notation.values import Backend, Val
from ..notation.vector_definitions import definitions_used
from ..notation.vector_reader import RELATIONS, ShapeMismatch
from ..notation.vector_where import VectorSpec

__all__ = ["NoIndexForm", "index_claim", "GENERIC_SAMPLE_HI"]

GENERIC_SAMPLE_HI = 8  # sizes the spot-checker draws for the generic claim (the per-size checks go to 20)
GENERIC_POINTS = 250  # points for its spot-check: 10 size draws (1, 2, 3, 4, then random up to 8)
# through definitions in where, the index form nests every layer's sums: numbers at sizes up to 4
DEFINED_SAMPLE_HI, DEFINED_POINTS = 4, 100
_INDEX_POOL = ("r", "c", "p", "q", "s", "t", "u", "v", "a", "b", "d", "e", "f", "g", "h", "l")


class NoIndexForm(Exception):
    """The claim uses something with no generic entry formula; it stays on the per-size path."""


class IndexBackend(Backend):
    """Generic entries: a scalar is a SymPy expression, an array a function ``(r, c) ↦ entry`` over
    ``IndexedBase`` entries, the sizes symbols. A product is ``Σ_q A[r, q] B[q, c]`` over a fresh
    index; constructs without a generic entry formula raise ``NoIndexForm``."""

    def __init__(self, arrays: dict, scalars: dict, taken: set):
        self.arrays = arrays      # name -> IndexedBase
        self.scalars = scalars    # name -> Symbol (scalars met on the way)
        self.taken = taken        # names a fresh index must avoid
        self.labels: dict = {}    # y -> IndexedBase: y_i of a label per example is y[i]
        self.count = 0

    def fresh(self, lo=S.One) -> Symbol:
        self.count += 1
        name = f"k{self.count}"
        while name in self.taken:
            self.count += 1
            name = f"k{self.count}"
        self.taken.add(name)
        return Symbol(name, integer=True, positive=True) if S(lo).is_positive else Symbol(name, integer=True)

    def variable(self, name, shape):
        if shape == ():
            return self.symbol(name)
        base = self.arrays.setdefault(name, IndexedBase(name, real=True))  # a defined name is cut: entries of its own
        return (lambda r, c: base[r]) if shape[1] == 1 else (lambda r, c: base[r, c])

    def symbol(self, name):
        return self.scalars.setdefault(name, Symbol(name, real=True))

    def as_index(self, value):
        return value

    def label(self, base, i):
        return self.labels[base][i]

    def fill(self, kind, dims, coef):
        if kind == "eye":
            return (lambda r, c: KroneckerDelta(r, c)) if coef is None else (lambda r, c: coef * KroneckerDelta(r, c))
        one = S.Zero if kind == "zeros" else (S.One if coef is None else coef)
        return lambda r, c: one

    def entry(self, value, i, j):
        return value(S(i), S(j))

    def tabulate(self, dims, entry):
        return lambda r, c: entry(r, c)

    def scale(self, a, k):
        if a.scalar:
            return k * a.value
        at = a.value
        return lambda r, c: k * at(r, c)

    def add(self, a, b):
        if a.scalar:
            return a.value + b.value
        fa, fb = a.value, b.value
        return lambda r, c: fa(r, c) + fb(r, c)

    def matmul(self, a, b):
        inner, fa, fb = a.shape[1], a.value, b.value
        if inner == 1:
            return lambda r, c: fa(r, S.One) * fb(S.One, c)
        q = self.fresh()
        return lambda r, c: Sum(fa(r, q) * fb(q, c), (q, 1, inner))

    def dot(self, a, b):
        q = self.fresh()
        return Sum(a.value(q, S.One) * b.value(q, S.One), (q, 1, a.shape[0]))

    def hadamard(self, a, b):
        fa, fb = a.value, b.value
        return lambda r, c: fa(r, c) * fb(r, c)

    def transpose(self, a):
        f = a.value
        return lambda r, c: f(c, r)

    def matpow(self, a, k):
        raise NoIndexForm("a power of a matrix")

    def reciprocal(self, x):
        raise NoIndexForm("an inverse")

    def inverse(self, a):
        raise NoIndexForm("an inverse")

    def det(self, a):
        raise NoIndexForm("a determinant")

    def trace(self, a):
        q = self.fresh()
        return Sum(a.value(q, q), (q, 1, a.shape[0]))

    def norm(self, a, kind):
        if a.scalar:
            return Abs(a.value)
        if kind == r"\infty":
            raise NoIndexForm("the max norm")
        if kind == "1":
            return self._entries_sum(a, Abs)
        return sqrt(self._entries_sum(a, lambda e: e**2))

    def _entries_sum(self, a: Val, term) -> Expr:
        rows, cols = a.shape
        r = self.fresh()
        if cols == 1:
            return Sum(term(a.value(r, S.One)), (r, 1, rows))
        if rows == 1:
            return Sum(term(a.value(S.One, r)), (r, 1, cols))
        c = self.fresh()
        return Sum(Sum(term(a.value(r, c)), (c, 1, cols)), (r, 1, rows))

    def softmax(self, x):
        fx, q = x.value, self.fresh()
        total = Sum(exp(fx(q, S.One)), (q, 1, x.shape[0]))
        return lambda r, c: exp(fx(r, S.One)) / total

    def diag(self, x, n):
        fx = x.value
        return lambda r, c: KroneckerDelta(r, c) * fx(r, S.One)

    def onehot(self, n, y):
        if not (isinstance(y, Symbol) and y.is_integer):
            raise NoIndexForm("onehot of a non-index")
        return lambda r, c: KroneckerDelta(r, y)

    def apply(self, key, maker, a):
        if a.scalar:
            return maker(a.value)
        f = a.value
        return lambda r, c: maker(f(r, c))

    def at_value(self, name, actual, compute):
        """The derivative with ``name`` cut, evaluated, then name's generic entries put in (module docstring)."""
        v = compute()
        base = self.arrays.get(name) if actual.shape != () else self.scalars.pop(name, None)
        fa = actual.value

        def at(e):
            e = S(e)
            for d in e.atoms(Derivative):
                if d.expr.has(Piecewise, Abs, Max, Min, sign, Heaviside) or any(
                        f.is_kinked() for f in d.expr.atoms(NamedFunction)):
                    raise NoIndexForm("a derivative with respect to a defined quantity across a kink")
            e = e.replace(lambda n: isinstance(n, Derivative), lambda n: n.doit())
            if base is None:
                return e
            if actual.shape == ():
                return e.xreplace({base: fa})
            one = actual.shape[1] == 1
            return e.replace(lambda n: isinstance(n, Indexed) and n.base == base,
                             lambda n: self.apart(fa(n.indices[0], S.One) if one else fa(*n.indices)))

        if v.shape == ():
            return Val((), at(v.value))
        g = v.value
        return Val(v.shape, lambda r, c: at(g(r, c)))

    def apart(self, e):
        """Each copy of a value its own summation indices (a copy per use of oᵃ: the renaming that
        keeps bound indices apart has only so many primes)."""
        if isinstance(e, Sum):
            body, limits = e.function, []
            for v, lo, hi in e.limits:
                new = self.fresh(lo)
                body, limits = body.xreplace({v: new}), limits + [(new, lo, hi)]
            return Sum(self.apart(body), *limits)
        if not e.args or isinstance(e, (Indexed, IndexedBase)):
            return e
        return e.func(*[self.apart(a) for a in e.args])

    def sum_over(self, walk, var, lo, hi, body, env):
        k = self.fresh(lo)
        v = walk.ev(body, {**env, var: k})
        if v.fill:
            raise NoIndexForm("a sum of fills")
        if v.scalar:
            return Val((), Sum(v.value, (k, lo, hi)))
        f = v.value
        return Val(v.shape, lambda r, c: Sum(f(r, c), (k, lo, hi)))

    def extremum_over(self, walk, kind, var, lo, hi, body, env):
        raise NoIndexForm(f"\\{kind} over an index")  # no generic entry: the per-size checks decide

    def derivative(self, walk, layout, f, wrt, target, body, env, focus):
        if layout == "each":
            var = wrt.value
            if not isinstance(var, (Symbol, Indexed)):
                raise NoIndexForm("derivative with respect to an expression")
            if f.scalar:
                return _d(f.value, var)
            g = f.value
            return lambda r, c: _d(g(r, c), var)
        w, g = wrt.value, f.value
        if layout == "gradient":
            return lambda r, c: _d(g, w(r, c))
        return lambda r, c: _d(g(r, S.One), w(c, S.One))


def _d(expr, var) -> Expr:
    base = var.base if isinstance(var, Indexed) else var
    if isinstance(var, Indexed):
        if not any(a.base == base for a in expr.atoms(Indexed)):
            return S.Zero
    elif not expr.has(var):
        return S.Zero
    return Derivative(expr, var, evaluate=False)


def _names_in(members) -> set:
    out = set()

    def walk(node):
        if isinstance(node, tuple):
            if node and node[0] == "var":
                out.add(node[1])
            if node and node[0] == "sum":
                out.add(node[1])
            for child in node[1:]:
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)
        elif hasattr(node, "text") and hasattr(node, "kind"):
            out.add(node.text)

    walk(members)
    return out


def _scalar_conditions(spec: VectorSpec, walk: Interpreter) -> tuple:
    """Conditions on scalars (λ > 0) carry over; a condition on entries or with indices
    (X_ij > 0, det X > 0) has no generic form here: "for every i, j" is not one relation."""
    out = []
    for members, rels, what in spec.conditions:
        if free_indices(members, spec):
            raise NoIndexForm("a condition with free indices")
        for rel, a, b in walk.compare(members, rels, {}, what):
            if S(a).has(Indexed, Sum) or S(b).has(Indexed, Sum):
                raise NoIndexForm("a condition on entries")
            cond = RELATIONS[rel](a, b)
            if cond is S.false:
                raise NoIndexForm("a condition that is always false")
            if cond is not S.true:
                out.append(cond)
    return tuple(out)


def index_claim(members, rel: str, spec: VectorSpec, *, claim_id: str, title: str, source: str) -> Claim:
    """The step ``members[0] rel members[1]`` as a generic-entry ``Claim``, or ``NoIndexForm``."""
    taken = set(_names_in(members)) | set(spec.shapes) | set(spec.indices) | set(spec.sizes) | set(spec.values)
    taken |= {"e", "pi", "I", "S"}
    deep = bool(definitions_used(members, spec))
    sample = {"sample_hi": DEFINED_SAMPLE_HI if deep else GENERIC_SAMPLE_HI}
    variables: dict = {sym: dimension(**sample) for sym in spec.sizes.values()}
    arrays = {}
    scalars: dict = {}
    for name, shape in spec.shapes.items():
        if shape == ():
            continue
        base = IndexedBase(name, real=True)
        arrays[name] = base
        variables[base] = vector(shape[0]) if shape[1] == 1 else matrix(shape[0], shape[1])
    env = {}
    for name in free_indices(members, spec):
        sym = Symbol(name, integer=True, positive=True)
        env[name] = sym
        variables[sym] = index(spec.indices[name])
    backend = IndexBackend(arrays, scalars, taken)
    for base in labels_used(members, spec):  # y ∈ {1, …, K}^N: one label per example, as the catalog declares them
        letter, hi = spec.labels[base]
        backend.labels[base] = IndexedBase(base, integer=True)
        variables[backend.labels[base]] = vector(spec.indices[letter], of=index(hi))
    walk = Interpreter(spec, backend, source)
    try:
        a, b = walk.sides([members[0], members[1]], rel, env)
        entry_indices = []
        if a.scalar:
            lhs, rhs = a.value, b.value
        else:
            rows, cols = a.shape
            pos = []
            for size in (rows, cols):
                if size == 1:
                    pos.append(S.One)
                    continue
                name = next(n for n in _INDEX_POOL if n not in taken)
                taken.add(name)
                sym = Symbol(name, integer=True, positive=True)
                variables[sym] = index(size)
                entry_indices.append(sym)
                pos.append(sym)
            lhs, rhs = a.value(*pos), b.value(*pos)
        conditions = _scalar_conditions(spec, walk)
    except (DerivcheckError, ShapeMismatch, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise NoIndexForm(f"{type(exc).__name__}: {exc}") from exc
    for sym in scalars.values():
        variables.setdefault(sym, REALS)
    relation = RELATIONS[rel](S(lhs), S(rhs), evaluate=False)
    if relation in (S.true, S.false):
        raise NoIndexForm("decided by SymPy")
    hints = {"generic_form": True, "entry_indices": tuple(map(str, entry_indices))}
    try:
        return Claim(id=claim_id, title=title, source=source, topic="answers", statement=(relation,),
                     variables=variables, conditions=conditions, hints=hints,
                     numeric_check=generic_numbers if not deep else lambda c, seed: spot_check(c, seed=seed, points=DEFINED_POINTS))
    except DerivcheckError as exc:  # an index outside its axis for some size (x_2 with x ∈ ℝⁿ)
        raise NoIndexForm(str(exc)) from exc


def generic_numbers(claim: Claim, seed: int):
    """The index form's numbers: fewer size draws than a catalog claim, since the per-size checks
    already cover n = 1..20; they confirm the index form itself (and keep the proof from standing alone)."""
    return spot_check(claim, seed=seed, points=GENERIC_POINTS)
