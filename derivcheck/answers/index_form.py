r"""A vector claim in index form: one generic entry, for every size at once.

``vector_notation`` evaluates a claim at concrete sizes only. Here the same parsed tree becomes
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

To add an operation: a method ``op_<name>`` on ``_IndexEvaluator`` returning an ``Entry``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sympy import (
    Abs, Derivative, Eq, Expr, Indexed, IndexedBase, Integer, KroneckerDelta, S, Sum, Symbol, exp, sqrt,
)

from ..core.claim import REALS, Claim, dimension, index, matrix, vector
from ..core.errors import DerivcheckError
from ..numeric.spotcheck import spot_check
from ..notation.vector_reader import RELATIONS, SCALAR_FUNCS, VectorSpec, Parser, size_expr
from ..notation.interpret import free_indices
from ..core.functions import function_named

__all__ = ["NoIndexForm", "index_claim", "GENERIC_SAMPLE_HI"]

GENERIC_SAMPLE_HI = 8  # sizes the spot-checker draws for the generic claim (the per-size checks go to 20)
GENERIC_POINTS = 250  # points for its spot-check: 10 size draws (1, 2, 3, 4, then random up to 8)
_INDEX_POOL = ("r", "c", "p", "q", "s", "t", "u", "v", "a", "b", "d", "e", "f", "g", "h", "l")


class NoIndexForm(Exception):
    """The claim uses something with no generic entry formula; it stays on the per-size path."""


@dataclass(frozen=True)
class Entry:
    """A value as its generic entry: ``shape`` in size symbols (() for a scalar), ``at(r, c)``.

    ``fill`` marks a sizeless ``\\mathbf{1}``, ``\\mathbf{0}`` or ``I`` (shape from context;
    ``coef`` is its scalar factor).
    """

    shape: tuple
    at: Callable | None = None
    fill: str | None = None
    coef: Expr = S.One
    transposed: bool = False

    @property
    def scalar(self) -> bool:
        return self.shape == () and self.fill is None

    @property
    def value(self) -> Expr:
        return self.at(S.One, S.One)


def _scalar(expr) -> Entry:
    expr = S(expr)
    return Entry((), lambda r, c: expr)


class _IndexEvaluator:
    """Node tuples (from ``vector_notation``) to generic entries."""

    def __init__(self, spec: VectorSpec, arrays: dict, scalars: dict, taken: set):
        self.spec = spec
        self.arrays = arrays      # name -> IndexedBase
        self.scalars = scalars    # name -> Symbol (scalars met on the way)
        self.taken = taken        # names a fresh index must avoid
        self.count = 0

    def fresh(self, lo=S.One) -> Symbol:
        self.count += 1
        name = f"k{self.count}"
        while name in self.taken:
            self.count += 1
            name = f"k{self.count}"
        self.taken.add(name)
        return Symbol(name, integer=True, positive=True) if S(lo).is_positive else Symbol(name, integer=True)

    def ev(self, node, env: dict) -> Entry:
        method = getattr(self, "op_" + node[0], None)
        if method is None:
            raise NoIndexForm(f"no index form for {node[0]}")
        return method(node, env)

    # leaves
    def op_num(self, node, env):
        return _scalar(node[1])

    def op_var(self, node, env):
        name = node[1]
        if name in env:
            return _scalar(env[name])
        if name in self.spec.values:
            return self.ev(self.spec.values[name], env)
        if name == "I":
            return Entry(None, fill="eye")
        if name == "e" and name not in self.spec.shapes:
            return _scalar(S.Exp1)
        if name == "pi" and name not in self.spec.shapes:
            return _scalar(S.Pi)
        if name in self.spec.shapes:
            shape = self.spec.shapes[name]
            if shape == ():
                return _scalar(self.scalars.setdefault(name, Symbol(name, real=True)))
            base = self.arrays[name]
            if shape[1] == 1:
                return Entry(shape, lambda r, c: base[r])
            return Entry(shape, lambda r, c: base[r, c])
        if name in self.spec.sizes:
            return _scalar(self.spec.sizes[name])
        if name in self.spec.indices:
            raise NoIndexForm("an index outside a subscript")
        return _scalar(self.scalars.setdefault(name, Symbol(name, real=True)))

    def op_fill(self, node, env):
        return Entry(None, fill="ones" if node[1] == 1 else "zeros")

    def index_values(self, toks, env) -> list:
        out = []
        commas = "," in [t.text for t in toks]
        for tok in toks:
            if tok.text == ",":
                continue
            if tok.kind == "num":
                if len(toks) > 1 and not commas:
                    out.extend(Integer(int(ch)) for ch in tok.text)
                else:
                    out.append(Integer(int(tok.text)))
            elif tok.kind == "letter" and tok.text in env:
                out.append(env[tok.text])
            elif tok.kind == "letter" and tok.text in self.spec.values:
                out.append(self.ev(self.spec.values[tok.text], env).value)
            else:
                raise NoIndexForm(f"index {tok.text}")
        return out

    def op_sub(self, node, env):
        base, toks = node[1], node[2]
        if base[0] == "var" and base[1] == "I" and "I" not in self.spec.shapes:
            dim = size_expr("".join(t.text for t in toks), self.spec, "")
            return Entry((dim, dim), lambda r, c: KroneckerDelta(r, c))
        if base[0] == "fill":
            dim = size_expr("".join(t.text for t in toks), self.spec, "")
            one = S.One if base[1] == 1 else S.Zero
            return Entry((dim, Integer(1)), lambda r, c: one)
        if base[0] == "var" and base[1] not in self.spec.shapes and base[1] not in env:
            name = base[1] + "_" + "".join(t.text for t in toks)
            return _scalar(self.scalars.setdefault(name, Symbol(name, real=True)))
        v = self.ev(base, env)
        idx = self.index_values(toks, env)
        if v.scalar or v.fill:
            raise NoIndexForm("a subscript on a scalar")
        rows, cols = v.shape
        if cols == 1 and len(idx) == 1:
            r, c = idx[0], S.One
        elif rows == 1 and len(idx) == 1:
            r, c = S.One, idx[0]
        elif len(idx) == 2:
            r, c = idx
        else:
            raise NoIndexForm("wrong number of indices")
        return _scalar(v.at(r, c))

    def op_delta(self, node, env):
        idx = self.index_values(node[1], env)
        if len(idx) != 2:
            raise NoIndexForm("delta")
        return _scalar(KroneckerDelta(idx[0], idx[1]))

    # arithmetic
    def scale(self, v: Entry, k) -> Entry:
        if v.fill:
            return Entry(None, fill=v.fill, coef=v.coef * k, transposed=v.transposed)
        at = v.at
        return Entry(v.shape, lambda r, c: k * at(r, c))

    def realize(self, v: Entry, shape) -> Entry:
        if not v.fill:
            return v
        if shape == () or shape is None:
            raise NoIndexForm("a sizeless fill meets a scalar")
        k = v.coef
        if v.fill == "eye":
            if shape[0] != shape[1]:
                raise NoIndexForm("I meets a non-square shape")
            return Entry(shape, lambda r, c: k * KroneckerDelta(r, c))
        if v.fill == "zeros":
            return Entry(shape, lambda r, c: S.Zero)
        return Entry(shape, lambda r, c: k)

    def op_neg(self, node, env):
        return self.scale(self.ev(node[1], env), S.NegativeOne)

    def op_add(self, node, env):
        a, b = self.ev(node[1], env), self.ev(node[2], env)
        if a.fill and b.fill:
            raise NoIndexForm("a sum of sizeless fills")
        a, b = self.realize(a, b.shape), self.realize(b, a.shape)
        if a.shape != b.shape:
            raise NoIndexForm("shapes differ")
        fa, fb = a.at, b.at
        return Entry(a.shape, lambda r, c: fa(r, c) + fb(r, c))

    def op_mul(self, node, env):
        return self.product(self.ev(node[1], env), self.ev(node[2], env))

    def op_dot(self, node, env):
        a, b = self.ev(node[1], env), self.ev(node[2], env)
        if not a.scalar and not b.scalar and not a.fill and not b.fill and a.shape[1] == 1 and b.shape[1] == 1:
            if a.shape != b.shape:
                raise NoIndexForm("dot of different lengths")
            q = self.fresh()
            return _scalar(Sum(a.at(q, S.One) * b.at(q, S.One), (q, 1, a.shape[0])))
        return self.product(a, b)

    def product(self, a: Entry, b: Entry) -> Entry:
        if a.scalar:
            return self.scale(b, a.value)
        if b.scalar:
            return self.scale(a, b.value)
        if a.fill and b.fill:
            raise NoIndexForm("a product of sizeless fills")
        if a.fill:
            k = b.shape[0]
            a = self.realize(a, (k, k) if a.fill == "eye" else ((Integer(1), k) if a.transposed else (k, Integer(1))))
        if b.fill:
            k = a.shape[1]
            b = self.realize(b, (k, k) if b.fill == "eye" else ((k, Integer(1)) if not b.transposed else (Integer(1), k)))
        if a.shape[1] != b.shape[0]:
            raise NoIndexForm("product shapes")
        inner = a.shape[1]
        fa, fb = a.at, b.at
        if inner == 1:
            at = lambda r, c: fa(r, S.One) * fb(S.One, c)  # noqa: E731
        else:
            q = self.fresh()
            at = lambda r, c: Sum(fa(r, q) * fb(q, c), (q, 1, inner))  # noqa: E731
        shape = (a.shape[0], b.shape[1])
        if shape == (1, 1):
            return _scalar(at(S.One, S.One))
        return Entry(shape, at)

    def op_odot(self, node, env):
        a, b = self.ev(node[1], env), self.ev(node[2], env)
        a, b = self.realize(a, b.shape), self.realize(b, a.shape)
        if a.shape != b.shape or a.shape == ():
            raise NoIndexForm("odot shapes")
        fa, fb = a.at, b.at
        return Entry(a.shape, lambda r, c: fa(r, c) * fb(r, c))

    def op_div(self, node, env):
        a, b = self.ev(node[1], env), self.ev(node[2], env)
        if not b.scalar:
            raise NoIndexForm("division by an array")
        return self.scale(a, 1 / b.value)

    def op_pow(self, node, env):
        a, e = self.ev(node[1], env), self.ev(node[2], env)
        if not (a.scalar and e.scalar):
            raise NoIndexForm("a power of a matrix")
        return _scalar(a.value ** e.value)

    def op_T(self, node, env):
        a = self.ev(node[1], env)
        if a.scalar:
            return a
        if a.fill:
            return Entry(None, fill=a.fill, coef=a.coef, transposed=not a.transposed)
        f = a.at
        return Entry((a.shape[1], a.shape[0]), lambda r, c: f(c, r))

    def op_abs(self, node, env):
        a = self.ev(node[1], env)
        if not a.scalar:
            raise NoIndexForm("|array|")
        return _scalar(Abs(a.value))

    def _entries_sum(self, a: Entry, term) -> Expr:
        rows, cols = a.shape
        r = self.fresh()
        if cols == 1:
            return Sum(term(a.at(r, S.One)), (r, 1, rows))
        if rows == 1:
            return Sum(term(a.at(S.One, r)), (r, 1, cols))
        c = self.fresh()
        return Sum(Sum(term(a.at(r, c)), (c, 1, cols)), (r, 1, rows))

    def op_norm(self, node, env):
        a, kind = self.ev(node[1], env), node[2]
        if a.fill:
            raise NoIndexForm("norm of a fill")
        if a.scalar:
            return _scalar(Abs(a.value))
        vector_like = 1 in a.shape
        if kind is None and not vector_like:
            raise NoIndexForm("ambiguous matrix norm")
        if kind in (None, "2", "F"):
            return _scalar(sqrt(self._entries_sum(a, lambda e: e**2)))
        if kind == "1":
            return _scalar(self._entries_sum(a, Abs))
        raise NoIndexForm(f"norm {kind}")

    def op_sum(self, node, env):
        var, lo, hi, body = node[1], node[2], node[3], node[4]
        lo_v, hi_v = self.ev(lo, env), self.ev(hi, env)
        if not (lo_v.scalar and hi_v.scalar):
            raise NoIndexForm("sum limits")
        k = self.fresh(lo_v.value)
        v = self.ev(body, {**env, var: k})
        if v.fill:
            raise NoIndexForm("a sum of fills")
        f = v.at
        lo_e, hi_e = lo_v.value, hi_v.value
        return Entry(v.shape, lambda r, c: Sum(f(r, c), (k, lo_e, hi_e)))

    def op_call(self, node, env):
        fname, args, sub = node[1], node[2], node[3]
        vals = [self.ev(a, env) for a in args]
        if fname in ("softmax", "diag"):
            if len(vals) != 1 or vals[0].scalar or vals[0].fill or vals[0].shape[1] != 1:
                raise NoIndexForm(f"{fname} of a non-vector")
            x = vals[0]
            fx, n = x.at, x.shape[0]
            if fname == "diag":
                return Entry((n, n), lambda r, c: KroneckerDelta(r, c) * fx(r, S.One))
            q = self.fresh()
            total = Sum(exp(fx(q, S.One)), (q, 1, n))
            return Entry(x.shape, lambda r, c: exp(fx(r, S.One)) / total)
        if fname == "tr":
            (m,) = vals
            if m.scalar or m.fill or m.shape[0] != m.shape[1]:
                raise NoIndexForm("trace shape")
            q = self.fresh()
            return _scalar(Sum(m.at(q, q), (q, 1, m.shape[0])))
        if fname == "onehot":
            if sub is None or len(vals) != 1 or not vals[0].scalar:
                raise NoIndexForm("onehot")
            y = vals[0].value
            if not (isinstance(y, Symbol) and y.is_integer):
                raise NoIndexForm("onehot of a non-index")
            dim = size_expr("".join(t.text for t in sub), self.spec, "")
            return Entry((dim, Integer(1)), lambda r, c: KroneckerDelta(r, y))
        fn = self._scalar_function(fname, sub, env)
        if fn is None or len(vals) != 1 or vals[0].fill:
            raise NoIndexForm(f"function {fname}")
        v = vals[0]
        if v.scalar:
            return _scalar(fn(v.value))
        f = v.at
        return Entry(v.shape, lambda r, c: fn(f(r, c)))

    def _scalar_function(self, fname, sub, env):
        builtin = function_named(fname) if fname not in SCALAR_FUNCS else None
        if builtin is not None and builtin.parameter:  # LeakyReLU_α, ELU_α
            if sub is None:
                return None
            alpha = self.ev(Parser(" ".join(t.text for t in sub), "", {}).expr(), env)
            if not alpha.scalar:
                return None
            return lambda x: builtin.build(x, alpha.value)
        if sub is not None:
            return None
        return SCALAR_FUNCS.get(fname) or (builtin.build if builtin is not None else None)

    def op_grad(self, node, env):
        wrt_node, body = node[1], node[2]
        f = self.ev(body, env)
        wrt = self.ev(wrt_node, env)
        if wrt.fill:
            raise NoIndexForm("derivative with respect to a fill")
        if wrt.scalar:
            var = wrt.value
            if not isinstance(var, (Symbol, Indexed)):
                raise NoIndexForm("derivative with respect to an expression")
            if f.fill:
                raise NoIndexForm("derivative of a fill")
            g = f.at
            return Entry(f.shape, lambda r, c: _d(g(r, c), var))
        if wrt_node[0] != "var":
            raise NoIndexForm("derivative with respect to an expression")
        if f.fill:
            f = self.realize(f, wrt.shape)
        w = wrt.at
        if f.scalar:
            value = f.value
            return Entry(wrt.shape, lambda r, c: _d(value, w(r, c)))
        if f.shape[1] == 1 and wrt.shape[1] == 1:
            g = f.at
            return Entry((f.shape[0], wrt.shape[0]), lambda r, c: _d(g(r, S.One), w(c, S.One)))
        raise NoIndexForm("derivative of an array with respect to a matrix")


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


def _scalar_conditions(spec: VectorSpec, ev: _IndexEvaluator) -> tuple:
    """Conditions on scalars (λ > 0) carry over; a condition on entries or with indices
    (X_ij > 0, det X > 0) has no generic form here: "for every i, j" is not one relation."""
    out = []
    for members, rels, _ in spec.conditions:
        if free_indices(members, spec):
            raise NoIndexForm("a condition with free indices")
        vals = [ev.ev(m, {}) for m in members]
        for rel, a, b in zip(rels, vals, vals[1:]):
            if not (a.scalar and b.scalar) or a.value.has(Indexed, Sum) or b.value.has(Indexed, Sum):
                raise NoIndexForm("a condition on entries")
            cond = RELATIONS[rel](a.value, b.value)
            if cond is S.false:
                raise NoIndexForm("a condition that is always false")
            if cond is not S.true:
                out.append(cond)
    return tuple(out)


def index_claim(members, rel: str, spec: VectorSpec, *, claim_id: str, title: str, source: str) -> Claim:
    """The step ``members[0] rel members[1]`` as a generic-entry ``Claim``, or ``NoIndexForm``."""
    taken = set(_names_in(members)) | set(spec.shapes) | set(spec.indices) | set(spec.sizes) | set(spec.values)
    taken |= {"e", "pi", "I", "S"}
    sample = {"sample_hi": GENERIC_SAMPLE_HI}
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
    ev = _IndexEvaluator(spec, arrays, scalars, taken)
    try:
        a, b = ev.ev(members[0], env), ev.ev(members[1], env)
        if a.fill and b.fill:
            raise NoIndexForm("both sides sizeless")
        a, b = ev.realize(a, b.shape), ev.realize(b, a.shape)
        if a.shape != b.shape:
            raise NoIndexForm("shapes differ")
        entry_indices = []
        if a.scalar:
            lhs, rhs = a.value, b.value
        else:
            if RELATIONS[rel] is not Eq:
                raise NoIndexForm("an inequality between arrays")
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
            lhs, rhs = a.at(*pos), b.at(*pos)
        conditions = _scalar_conditions(spec, ev)
    except (DerivcheckError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise NoIndexForm(f"{type(exc).__name__}: {exc}") from exc
    for sym in scalars.values():
        variables.setdefault(sym, REALS)
    relation = RELATIONS[rel](S(lhs), S(rhs), evaluate=False)
    if relation in (S.true, S.false):
        raise NoIndexForm("decided by SymPy")
    hints = {"generic_form": True, "entry_indices": tuple(map(str, entry_indices))}
    try:
        claim = Claim(id=claim_id, title=title, source=source, topic="answers", statement=(relation,),
                      variables=variables, conditions=conditions, hints=hints)
    except DerivcheckError as exc:  # an index outside its axis for some size (x_2 with x ∈ ℝⁿ)
        raise NoIndexForm(str(exc)) from exc
    # fewer size draws than a catalog claim: the per-size checks already cover n = 1..20; these
    # numbers only confirm the index form itself (and keep the proof from standing alone)
    hints["numeric_check"] = lambda seed: spot_check(claim, seed=seed, points=GENERIC_POINTS)
    return claim
