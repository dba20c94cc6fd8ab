r"""Numbers for a vector claim at large sizes: numpy on the parsed tree, no explicit SymPy matrices.

At n = 20 an explicit symbolic matrix has 400 symbols, its determinant 20! terms, and each
gradient entry is its own lambdified function; building that hung the parent before any time
limit applied. Here the same tree (``vector_notation``) is evaluated on float64 arrays drawn at
random, inside the worker (``numeric_claim`` wraps the check in a ``Claim`` whose
``hints["numeric_check"]`` the runner calls instead of ``spot_check``). Derivatives are central
finite differences of the undifferentiated body, entry by entry, never a symbolic derivative --
the independence rule of ``spotcheck``. A disagreement counts only if it survives a re-evaluation
of the same point at high precision (mpmath, ``HP_DIGITS`` digits, h = 10^-15), as in spotcheck.
"""

from __future__ import annotations

import itertools
import math
import random

import mpmath
import numpy as np
from sympy import Eq, Gt, Integer, Le, Lt, S, Symbol, lambdify

from ..core.claim import REALS, Claim
from ..core.errors import LatexParseError
from ..core.functions import function_named, unfold
from ..notation.tokens import unknown_function
from ..core.evidence import Evidence, Unsatisfiable
from .evaluate import numpy_function
from ..notation.vector_reader import RELATIONS, SCALAR_FUNCS, ShapeMismatch, VectorSpec, Parser, size_expr
from ..notation.explicit import index_combinations
from ..notation.interpret import Val, free_indices, describe_shape

__all__ = ["numeric_claim", "check_at_size"]

POINTS = 12  # random points per size (each with every index combination tried)
MAX_DRAWS = 60  # draws per point before the conditions are declared unsatisfiable
HP_DIGITS = 40
HP_STEP = mpmath.mpf("1e-15")
HP_CONFIRM_REL = 1e-12
MAX_CONFIRMATIONS = 3


class _Float:
    """float64 arrays."""

    hp = False

    def const(self, v):
        return float(v)

    def step(self, x):
        return np.finfo(float).eps ** (1 / 3) * max(1.0, abs(float(x)))

    def func(self, fn):
        t = Symbol("t", real=True)
        f = numpy_function(t, unfold(fn(t)))
        return lambda a: np.asarray(f(a), dtype=float) if isinstance(a, np.ndarray) else float(f(a))

    def det(self, m):
        return float(np.linalg.det(m))

    def inv(self, m):
        return np.linalg.inv(m)

    def eye(self, n):
        return np.eye(n)

    def full(self, r, c, v):
        return np.full((r, c), float(v))


class _HighPrecision:
    """Object arrays of mpmath numbers at ``HP_DIGITS`` digits."""

    hp = True

    def const(self, v):
        v = S(v)
        if v.is_Rational:
            return mpmath.mpf(int(v.p)) / int(v.q)
        return mpmath.mpf(str(v.evalf(HP_DIGITS + 10)))

    def step(self, x):
        return HP_STEP * max(1, abs(x))

    def func(self, fn):
        t = Symbol("t", real=True)
        f = lambdify(t, unfold(fn(t)), "mpmath")
        each = np.frompyfunc(f, 1, 1)
        return lambda a: each(a) if isinstance(a, np.ndarray) else f(a)

    def det(self, m):
        return mpmath.det(mpmath.matrix(m.tolist()))

    def inv(self, m):
        inv = mpmath.inverse(mpmath.matrix(m.tolist()))
        return np.array([[inv[r, c] for c in range(inv.cols)] for r in range(inv.rows)], dtype=object)

    def eye(self, n):
        out = np.full((n, n), mpmath.mpf(0), dtype=object)
        for k in range(n):
            out[k, k] = mpmath.mpf(1)
        return out

    def full(self, r, c, v):
        return np.full((r, c), self.const(v), dtype=object)


class _NumericEvaluator:
    """The node tuples of ``vector_notation`` on arrays: ``Val(shape, array)``; fills as there."""

    def __init__(self, spec: VectorSpec, sizes: dict, values: dict, backend, where: str):
        self.spec = spec
        self.sizes = sizes
        self.values = values  # name -> 2-D array (vectors are columns) or a number
        self.b = backend
        self.where = where
        self.funcs: dict = {}
        self.focus = None  # (row, col) of the one entry a confirmation needs, for the outermost ∂

    def concrete(self, dim) -> int:
        return int(S(dim).xreplace(self.sizes))

    def fn(self, key, maker):
        if key not in self.funcs:
            self.funcs[key] = self.b.func(maker)
        return self.funcs[key]

    def ev(self, node, env) -> Val:
        return getattr(self, "op_" + node[0])(node, env)

    def mat(self, shape, value) -> Val:
        if shape == (1, 1):
            return Val((), value[0, 0])
        return Val(shape, value)

    def op_num(self, node, env):
        return Val((), self.b.const(node[1]))

    def op_var(self, node, env):
        name = node[1]
        if name in env:
            return Val((), self.b.const(env[name]))
        if name in self.spec.values:
            return self.ev(self.spec.values[name], env)
        if name == "I":
            return Val(None, self.b.const(1), "eye")
        if name == "e" and name not in self.spec.shapes:
            return Val((), self.b.const(S.Exp1))
        if name == "pi" and name not in self.spec.shapes:
            return Val((), self.b.const(S.Pi))
        if name in self.spec.shapes:
            return Val(self.spec.shapes[name], self.values[name])
        if name in self.spec.sizes:
            return Val((), self.b.const(self.sizes[self.spec.sizes[name]]))
        if name in self.spec.indices:
            raise LatexParseError(f"{self.where}: index {name} is used outside a subscript or sum")
        return Val((), self.values[name])

    def op_fill(self, node, env):
        return Val(None, self.b.const(1), "ones" if node[1] == 1 else "zeros")

    def index_values(self, toks, env) -> list[int]:
        out = []
        commas = "," in [t.text for t in toks]
        for tok in toks:
            if tok.text == ",":
                continue
            if tok.kind == "num":
                out.extend(int(ch) for ch in tok.text) if len(toks) > 1 and not commas else out.append(int(tok.text))
            elif tok.kind == "letter" and tok.text in env:
                out.append(env[tok.text])
            elif tok.kind == "letter" and tok.text in self.spec.values:
                out.append(int(self.ev(self.spec.values[tok.text], env).value))
            else:
                raise LatexParseError(f"{self.where}, column {tok.col}: {tok.text} is not a declared index")
        return out

    def op_sub(self, node, env):
        base, toks = node[1], node[2]
        if base[0] == "var" and base[1] == "I" and "I" not in self.spec.shapes:
            dim = size_expr("".join(t.text for t in toks), self.spec, self.where)
            return Val((dim, dim), self.b.eye(self.concrete(dim)))
        if base[0] == "fill":
            dim = size_expr("".join(t.text for t in toks), self.spec, self.where)
            return Val((dim, Integer(1)), self.b.full(self.concrete(dim), 1, base[1]))
        if base[0] == "var" and base[1] not in self.spec.shapes and base[1] not in env:
            return Val((), self.values[base[1] + "_" + "".join(t.text for t in toks)])
        v = self.ev(base, env)
        idx = self.index_values(toks, env)
        if v.scalar or v.fill:
            raise LatexParseError(f"{self.where}: a subscript on a scalar expression")
        r, c = v.value.shape
        if c == 1 and len(idx) == 1:
            i, j = idx[0], 1
        elif r == 1 and len(idx) == 1:
            i, j = 1, idx[0]
        elif len(idx) == 2:
            i, j = idx
        else:
            raise LatexParseError(f"{self.where}: {describe_shape(v.shape)} takes {'one index' if 1 in (r, c) else 'two indices'}")
        if not (1 <= i <= r and 1 <= j <= c):
            raise LatexParseError(f"{self.where}: index ({i}, {j}) is out of range for {describe_shape(v.shape)}")
        return Val((), v.value[i - 1, j - 1])

    def op_delta(self, node, env):
        idx = self.index_values(node[1], env)
        if len(idx) != 2:
            raise LatexParseError(f"{self.where}: \\delta takes two indices")
        return Val((), self.b.const(1 if idx[0] == idx[1] else 0))

    def scale(self, v: Val, k) -> Val:
        if v.fill:
            return Val(None, v.value * k, v.fill, v.transposed)
        return Val(v.shape, v.value * k)

    def realize(self, v: Val, shape) -> Val:
        if not v.fill:
            return v
        if shape == () or shape is None:
            raise ShapeMismatch("a sizeless 1, 0 or I meets a scalar")
        r, c = self.concrete(shape[0]), self.concrete(shape[1])
        if v.fill == "eye":
            if shape[0] != shape[1]:
                raise ShapeMismatch(f"I (square) meets {describe_shape(shape)}")
            return Val(shape, self.b.eye(r) * v.value)
        return Val(shape, self.b.full(r, c, 0) if v.fill == "zeros" else self.b.full(r, c, 1) * v.value)

    def op_neg(self, node, env):
        return self.scale(self.ev(node[1], env), self.b.const(-1))

    def op_add(self, node, env):
        a, b = self.ev(node[1], env), self.ev(node[2], env)
        if a.fill and b.fill:
            raise LatexParseError(f"{self.where}: cannot tell the size of a sum of sizeless 1, 0 or I")
        a, b = self.realize(a, b.shape), self.realize(b, a.shape)
        if a.shape != b.shape:
            raise ShapeMismatch(f"a sum of {describe_shape(a.shape)} and {describe_shape(b.shape)}")
        return Val(a.shape, a.value + b.value)

    def op_mul(self, node, env):
        return self.product(self.ev(node[1], env), self.ev(node[2], env))

    def op_dot(self, node, env):
        a, b = self.ev(node[1], env), self.ev(node[2], env)
        if not a.scalar and not b.scalar and not a.fill and not b.fill and a.shape[1] == 1 and b.shape[1] == 1:
            if a.shape != b.shape:
                raise ShapeMismatch(f"a dot product of {describe_shape(a.shape)} and {describe_shape(b.shape)}")
            return Val((), (a.value.T @ b.value)[0, 0])
        return self.product(a, b)

    def product(self, a: Val, b: Val) -> Val:
        if a.scalar:
            return self.scale(b, a.value)
        if b.scalar:
            return self.scale(a, b.value)
        if a.fill and b.fill:
            raise LatexParseError(f"{self.where}: cannot tell the size of a product of sizeless 1, 0 or I")
        if a.fill:
            k = b.shape[0]
            a = self.realize(a, (k, k) if a.fill == "eye" else ((Integer(1), k) if a.transposed else (k, Integer(1))))
        if b.fill:
            k = a.shape[1]
            b = self.realize(b, (k, k) if b.fill == "eye" else ((k, Integer(1)) if not b.transposed else (Integer(1), k)))
        if a.shape[1] != b.shape[0]:
            raise ShapeMismatch(f"the product of {describe_shape(a.shape)} and {describe_shape(b.shape)} is undefined")
        return self.mat((a.shape[0], b.shape[1]), a.value @ b.value)

    def op_odot(self, node, env):
        a, b = self.ev(node[1], env), self.ev(node[2], env)
        a, b = self.realize(a, b.shape), self.realize(b, a.shape)
        if a.shape != b.shape or a.shape == ():
            raise ShapeMismatch(f"⊙ of {describe_shape(a.shape)} and {describe_shape(b.shape)}")
        return Val(a.shape, a.value * b.value)

    def op_div(self, node, env):
        a, b = self.ev(node[1], env), self.ev(node[2], env)
        if not b.scalar:
            raise ShapeMismatch(f"division by {describe_shape(b.shape)}")
        return self.scale(a, 1 / b.value) if not a.scalar else Val((), a.value / b.value)

    def op_pow(self, node, env):
        a, e = self.ev(node[1], env), self.ev(node[2], env)
        if not e.scalar:
            raise ShapeMismatch(f"an exponent that is {describe_shape(e.shape)}")
        if a.scalar:
            if not self.b.hp and a.value < 0 and float(e.value) != int(e.value):
                return Val((), float("nan"))
            return Val((), a.value ** e.value)
        k = int(e.value)
        if a.fill or a.shape[0] != a.shape[1] or k != e.value or k < 1:
            raise ShapeMismatch(f"a power of {describe_shape(a.shape)} (only square matrices to whole powers)")
        out = a.value
        for _ in range(k - 1):
            out = out @ a.value
        return Val(a.shape, out)

    def op_T(self, node, env):
        a = self.ev(node[1], env)
        if a.scalar:
            return a
        if a.fill:
            return Val(None, a.value, a.fill, not a.transposed)
        return Val((a.shape[1], a.shape[0]), a.value.T)

    def op_inv(self, node, env):
        a = self.ev(node[1], env)
        if a.scalar:
            return Val((), 1 / a.value)
        if a.fill == "eye":
            return Val(None, 1 / a.value, "eye")
        if a.fill or a.shape[0] != a.shape[1]:
            raise ShapeMismatch(f"the inverse of {describe_shape(a.shape)} (not square)")
        return Val(a.shape, self.b.inv(a.value))

    def op_abs(self, node, env):
        a = self.ev(node[1], env)
        if not a.scalar:
            raise LatexParseError(f"{self.where}: |·| of {describe_shape(a.shape)}")
        return Val((), abs(a.value))

    def op_norm(self, node, env):
        a, kind = self.ev(node[1], env), node[2]
        if a.fill:
            raise LatexParseError(f"{self.where}: the norm of \\mathbf{{1}} or \\mathbf{{0}} needs a size")
        entries = [a.value] if a.scalar else list(a.value.flatten())
        if kind is None and not (a.scalar or 1 in a.shape):
            raise LatexParseError(rf"{self.where}: \|W\| of a matrix is ambiguous")
        sqrt = self.fn("sqrt", lambda t: S(t) ** S.Half)
        if kind in (None, "2", "F"):
            return Val((), sqrt(sum(x * x for x in entries)))
        if kind == "1":
            return Val((), sum(abs(x) for x in entries))
        if kind == r"\infty":
            return Val((), max(abs(x) for x in entries))
        raise LatexParseError(f"{self.where}: unknown norm \\|·\\|_{kind}")

    def op_sum(self, node, env):
        var, lo, hi, body = node[1], node[2], node[3], node[4]
        lo_v, hi_v = self.ev(lo, env), self.ev(hi, env)
        total = None
        for k in range(int(lo_v.value), int(hi_v.value) + 1):
            v = self.ev(body, {**env, var: k})
            total = v if total is None else Val(total.shape, total.value + v.value)
        return total if total is not None else Val((), self.b.const(0))

    def op_call(self, node, env):
        fname, args, sub, tok = node[1], node[2], node[3], node[4]
        vals = [self.ev(a, env) for a in args]
        if fname == "softmax":
            x = vals[0]
            e = self.fn("exp", lambda t: __import__("sympy").exp(t))(x.value)
            return Val(x.shape, e / np.sum(e))
        if fname == "diag":
            x = vals[0]
            n = x.value.shape[0]
            out = self.b.full(n, n, 0)
            for k in range(n):
                out[k, k] = x.value[k, 0]
            return Val((x.shape[0], x.shape[0]), out)
        if fname in ("tr", "det"):
            (m,) = vals
            if m.scalar or m.fill or m.shape[0] != m.shape[1]:
                raise ShapeMismatch(f"\\{fname} of {describe_shape(m.shape)} (not square)")
            return Val((), sum(m.value[k, k] for k in range(m.value.shape[0])) if fname == "tr" else self.b.det(m.value))
        if fname == "onehot":
            dim = size_expr("".join(t.text for t in sub), self.spec, self.where)
            n = self.concrete(dim)
            (y,) = vals
            out = self.b.full(n, 1, 0)
            for k in range(n):
                if k + 1 == y.value:
                    out[k, 0] = self.b.const(1)
            return Val((dim, Integer(1)), out)
        f = self._scalar_function(fname, sub, env)
        if f is None:
            raise LatexParseError(f"{self.where}, column {tok.col}: {unknown_function(fname)}")
        v = vals[0]
        return Val((), f(v.value)) if v.scalar else Val(v.shape, f(v.value))

    def _scalar_function(self, fname, sub, env):
        builtin = function_named(fname) if fname not in SCALAR_FUNCS else None
        if builtin is not None and builtin.parameter:  # LeakyReLU_α, ELU_α: one compiled function per α
            alpha = self.ev(Parser(" ".join(t.text for t in sub), self.where, {}).expr(), env).value
            exact = S(mpmath.nstr(alpha, 30) if self.b.hp else repr(alpha))
            return self.fn((builtin.name, str(exact)), lambda t: builtin.build(t, exact))
        maker = SCALAR_FUNCS.get(fname) or (builtin.build if builtin is not None else None)
        return None if maker is None else self.fn(fname, maker)

    # derivatives: central differences of the body, one entry of the variable at a time
    def _target(self, wrt_node, env):
        """(name, positions) of what a derivative is taken with respect to."""
        if wrt_node[0] == "var" and wrt_node[1] in self.spec.shapes and self.spec.shapes[wrt_node[1]] != ():
            r, c = self.values[wrt_node[1]].shape
            return wrt_node[1], [(i, j) for i in range(r) for j in range(c)]
        if wrt_node[0] == "var":
            return wrt_node[1], [None]
        if wrt_node[0] == "sub" and wrt_node[1][0] == "var" and wrt_node[1][1] in self.spec.shapes:
            name = wrt_node[1][1]
            idx = self.index_values(wrt_node[2], env)
            r, c = self.values[name].shape
            pos = (idx[0] - 1, 0) if c == 1 and len(idx) == 1 else ((0, idx[0] - 1) if len(idx) == 1 else (idx[0] - 1, idx[1] - 1))
            return name, [pos]
        if wrt_node[0] == "sub" and wrt_node[1][0] == "var":
            return wrt_node[1][1] + "_" + "".join(t.text for t in wrt_node[2]), [None]
        raise LatexParseError(f"{self.where}: a derivative must be taken with respect to a declared variable or one of its entries")

    def _moved(self, base, pos, shift):
        if pos is None:
            return base + shift
        out = base.copy()
        out[pos] = out[pos] + shift
        return out

    def op_grad(self, node, env):
        wrt_node, body = node[1], node[2]
        name, positions = self._target(wrt_node, env)
        focus, self.focus = self.focus, None  # only the outermost derivative may be narrowed
        f0 = self.ev(body, env)
        if focus is not None and len(positions) > 1:
            # a confirmation reads one entry: differentiate only where that entry needs it
            if f0.scalar:
                positions = [focus]
            elif not f0.fill and f0.shape[1] == 1:
                positions = [(focus[1], 0)]
        slopes = []
        for pos in positions:
            x = self.values[name] if pos is None else self.values[name][pos]
            h = self.b.step(x)
            saved = self.values
            try:
                self.values = {**saved, name: self._moved(saved[name], pos, h)}
                plus = self.ev(body, env)
                self.values = {**saved, name: self._moved(saved[name], pos, -h)}
                minus = self.ev(body, env)
            finally:
                self.values = saved
            if plus.fill:
                slopes.append(Val(None, plus.value * 0, "zeros"))
                continue
            slopes.append(Val(plus.shape, (plus.value - minus.value) / (2 * h)))
        if positions == [None] or len(positions) == 1 and wrt_node[0] == "sub":
            return slopes[0]
        shape = self.spec.shapes[name]
        if f0.fill:
            return Val(shape, self.b.full(self.concrete(shape[0]), self.concrete(shape[1]), 0))
        r, c = self.values[name].shape
        if f0.scalar:
            out = self.b.full(r, c, 0)
            for pos, s in zip(positions, slopes):
                out[pos] = s.value
            return Val(shape, out)
        if f0.shape[1] == 1 and c == 1:
            out = self.b.full(f0.value.shape[0], r, 0)
            for (j, _), s in zip(positions, slopes):
                out[:, j] = s.value if s.scalar else s.value[:, 0]
            return self.mat((f0.shape[0], shape[0]), out)
        raise LatexParseError(f"{self.where}: derivatives of {describe_shape(f0.shape)} with respect to "
                              f"{describe_shape(shape)} are not supported")


def _scalar_names(members, spec: VectorSpec, conditions) -> list[str]:
    """Undeclared scalars (λ, x_0) the tree reads: each gets a random real value."""
    names = set()
    skip = set(spec.shapes) | set(spec.indices) | set(spec.sizes) | set(spec.values) | {"I", "e", "pi"}

    def walk(node, bound):
        if isinstance(node, tuple) and node:
            if node[0] == "sum":
                bound = bound | {node[1]}
            if node[0] == "var" and node[1] not in skip and node[1] not in bound:
                names.add(node[1])
            if node[0] == "sub" and node[1][0] == "var" and node[1][1] not in spec.shapes and node[1][1] not in bound \
                    and node[1][1] not in ("I",):
                names.add(node[1][1] + "_" + "".join(t.text for t in node[2]))
                return
            for child in node[1:]:
                walk(child, bound)
        elif isinstance(node, list):
            for child in node:
                walk(child, bound)

    walk(members, frozenset())
    for m, _, _ in conditions:
        walk(m, frozenset())
    for name, shape in spec.shapes.items():
        if shape == ():
            names.add(name)
    return sorted(names)


def _draw(spec, names, sizes, rng: np.random.Generator, positive: bool) -> dict:
    def real(shape):
        x = np.where(rng.random(shape) < 0.7, rng.uniform(-3, 3, shape), rng.normal(0, 1, shape))
        return np.abs(x) + 0.05 if positive else x

    values = {}
    for name, shape in spec.shapes.items():
        if shape == ():
            continue
        r, c = (int(S(d).xreplace(sizes)) for d in shape)
        values[name] = real((r, c))
    for name in names:
        values[name] = float(real(()))
    return values


def _conditions_hold(spec, sizes, ev: _NumericEvaluator) -> bool:
    for members, rels, what in spec.conditions:
        names = free_indices(members, spec)
        ranges = [int(S(spec.indices[n]).xreplace(sizes)) for n in names]
        for combo in itertools.product(*[range(1, r + 1) for r in ranges]):
            env = dict(zip(names, combo))
            vals = [ev.ev(m, env) for m in members]
            for rel, a, b in zip(rels, vals, vals[1:]):
                if not (a.scalar and b.scalar):
                    raise LatexParseError(f"{what}: a condition compares scalars")
                x, y = float(a.value), float(b.value)
                ok = {"=": x == y, "<": x < y, ">": x > y, r"\le": x <= y, r"\leq": x <= y, r"\ge": x >= y, r"\geq": x >= y}[rel]
                if not ok or math.isnan(x) or math.isnan(y):
                    return False
    return True


def _sides(ev: _NumericEvaluator, members, env, focus=None):
    ev.focus = focus if members[0][0] == "grad" else None
    a = ev.ev(members[0], env)
    ev.focus = focus if members[1][0] == "grad" else None
    b = ev.ev(members[1], env)
    ev.focus = None
    if a.fill and b.fill:
        raise LatexParseError(f"{ev.where}: cannot tell the sizes of both sides")
    a, b = ev.realize(a, b.shape), ev.realize(b, a.shape)
    if a.shape != b.shape:
        raise ShapeMismatch(f"the left side is {describe_shape(a.shape)}, the right side is {describe_shape(b.shape)}")
    return a, b


def _entry_label(pos, shape) -> str:
    if shape == ():
        return ""
    r, c = pos
    if shape[1] == 1:
        return f"entry {r + 1}"
    if shape[0] == 1:
        return f"entry {c + 1}"
    return f"entry ({r + 1}, {c + 1})"


def _violated(rel_cls, lhs, rhs, tol) -> bool:
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
    index_names = free_indices(members, spec)
    ranges = [int(S(spec.indices[n]).xreplace(sizes)) for n in index_names]
    has_derivative = "grad" in repr(members)
    tol = 1e-5 if has_derivative else 1e-8
    checked, max_abs, max_rel, false_alarms, undefined = 0, 0.0, 0.0, 0, 0
    size_text = {str(s): v for s, v in sorted(sizes.items(), key=lambda kv: str(kv[0]))}
    domain = ", ".join(f"{k} = {v}" for k, v in size_text.items())
    for point in range(points):
        values = None
        for positive in (False, True):
            for _ in range(MAX_DRAWS // 2):
                trial = _draw(spec, names, sizes, rng, positive)
                ev = _NumericEvaluator(spec, sizes, trial, _Float(), where)
                with np.errstate(all="ignore"):
                    if _conditions_hold(spec, sizes, ev):
                        values = trial
                        break
            if values is not None:
                break
        if values is None:
            raise Unsatisfiable(f"{where}: no sampled point at {domain} satisfies the conditions in where")
        ev = _NumericEvaluator(spec, sizes, values, _Float(), where)
        confirmations = 0
        for env in index_combinations(index_names, ranges, pick):
            with np.errstate(all="ignore"):
                a, b = _sides(ev, members, env)
            shape = a.shape
            left = np.atleast_2d(np.asarray(a.value, dtype=float))
            right = np.atleast_2d(np.asarray(b.value, dtype=float))
            checked += 1
            for pos in itertools.product(range(left.shape[0]), range(left.shape[1])):
                x, y = float(left[pos]), float(right[pos])
                finite = math.isfinite(x) and math.isfinite(y)
                if finite and not _violated(rel_cls, x, y, tol):
                    max_abs = max(max_abs, abs(x - y))
                    max_rel = max(max_rel, abs(x - y) / max(1.0, abs(x), abs(y)))
                    continue
                if confirmations >= MAX_CONFIRMATIONS:
                    checked -= 1  # float trouble not re-checked is not evidence
                    break
                confirmations += 1
                verdict, hx, hy = _confirm(members, rel_cls, spec, sizes, values, env, pos, shape, where)
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
    return Evidence(points=checked, max_abs_error=max_abs, max_rel_error=max_rel, seed=seed, domain=domain,
                    false_alarms=false_alarms, undefined=undefined, message="numpy at large sizes",
                    sizes=tuple(size_text.items()))


def _confirm(members, rel_cls, spec, sizes, values, env, pos, shape, where):
    """("violated" | "holds" | "undefined", left, right) at ``HP_DIGITS`` digits, same point."""
    with mpmath.workdps(HP_DIGITS):
        hp = _HighPrecision()
        exact = {k: (np.array([[mpmath.mpf(float(x)) for x in row] for row in v], dtype=object)
                     if isinstance(v, np.ndarray) else mpmath.mpf(float(v))) for k, v in values.items()}
        ev = _NumericEvaluator(spec, sizes, exact, hp, where)
        try:
            a, b = _sides(ev, members, env, focus=pos if shape != () else None)
        except (ZeroDivisionError, ValueError, OverflowError):
            return "undefined", mpmath.nan, mpmath.nan
        x = a.value if shape == () else a.value[pos]
        y = b.value if shape == () else b.value[pos]
        try:
            x, y = mpmath.mpf(x), mpmath.mpf(y)
        except TypeError:  # a complex value: log or sqrt of a negative number
            return "undefined", mpmath.nan, mpmath.nan
        if not (mpmath.isfinite(x) and mpmath.isfinite(y)):
            return ("undefined" if not mpmath.isfinite(x) and not mpmath.isfinite(y) else "violated"), x, y
        return ("violated" if _violated(rel_cls, x, y, HP_CONFIRM_REL) else "holds"), x, y


def numeric_claim(members, rel: str, spec: VectorSpec, sizes: dict, *, claim_id: str, title: str, source: str) -> Claim:
    """A ``Claim`` the runner checks with numpy at ``sizes`` (``hints["numeric_check"]``); nothing is
    built here beyond the closure, so the parent never expands a large matrix."""
    lhs, rhs = Symbol("left side", real=True), Symbol("right side", real=True)
    statement = RELATIONS[rel](lhs, rhs, evaluate=False)
    return Claim(id=claim_id, title=title, source=source, topic="answers", statement=(statement,),
                 variables={lhs: REALS, rhs: REALS},
                 hints={"sizes": sizes, "numeric_only": True,
                        "numeric_check": lambda seed: check_at_size(members, rel, spec, sizes, where=source, seed=seed)})
