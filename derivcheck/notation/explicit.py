"""Vector statements at explicit sizes: each size drawn, the tree evaluated to SymPy matrices (shapes
checked), and the claim written out entry by entry with its index values."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sympy import (
    Abs, Derivative, Eq, Integer, KroneckerDelta, Matrix, Max, S, Symbol,
    exp, sqrt,
)

from ..core.errors import LatexParseError
from ..core.functions import function_named
from .tokens import unknown_function
from .vector_reader import RELATIONS, LARGE_SIZE, MAX_INDEX_COMBOS, Parser, RANDOM_SIZE_MAX, SCALAR_FUNCS, SYMBOLIC_SIZES, ShapeMismatch, Tok, VectorSpec, size_expr


@dataclass(frozen=True)
class Val:
    """A value at one concrete size: ``shape`` in size symbols (() for a scalar), ``value`` explicit.

    ``fill`` marks ``\\mathbf{1}``, ``\\mathbf{0}`` and ``I`` written without a size: their shape
    comes from what they meet (``value`` is then the scalar coefficient).
    """

    shape: tuple
    value: object
    fill: str | None = None        # "ones", "zeros", "eye"
    transposed: bool = False

    @property
    def scalar(self) -> bool:
        return self.shape == () and self.fill is None


def describe_shape(shape) -> str:
    if shape == ():
        return "a scalar"
    r, c = shape
    if c == 1:
        return f"a vector in ℝ^{r}"
    if r == 1:
        return f"a row vector (1×{c})"
    return f"a {r}×{c} matrix"


class _Evaluator:
    """Evaluate node tuples at concrete sizes into ``Val``s of explicit SymPy matrices."""

    def __init__(self, spec: VectorSpec, sizes: dict, symbols: dict, where: str):
        self.spec = spec
        self.sizes = sizes      # Symbol -> int
        self.symbols = symbols  # name -> Matrix of symbols or Symbol
        self.where = where

    def concrete(self, dim) -> int:
        value = S(S(dim).xreplace(self.sizes))
        if not value.is_Integer:
            unknown = ", ".join(sorted(str(s) for s in value.free_symbols)) or str(dim)
            raise LatexParseError(f"{self.where}: the size {unknown} is not declared in where "
                                  f"(e.g. \\mathbf{{x}} \\in \\mathbb{{R}}^{{{unknown}}})")
        return int(value)

    def mat(self, shape, value) -> Val:
        if shape != () and tuple(value.shape) == (1, 1) and shape == (1, 1):
            return Val((), value[0, 0])
        return Val(shape, value)

    # dispatch
    def ev(self, node, env: dict) -> Val:
        return getattr(self, "op_" + node[0])(node, env)

    def op_num(self, node, env):
        return Val((), node[1])

    def op_var(self, node, env):
        name = node[1]
        if name in env:
            return Val((), Integer(env[name]))
        if name in self.spec.values:
            return self.ev(self.spec.values[name], env)
        if name == "I":
            return Val(None, S.One, "eye")
        if name == "e" and name not in self.spec.shapes:
            return Val((), S.Exp1)
        if name == "pi" and name not in self.spec.shapes:
            return Val((), S.Pi)
        if name in self.spec.shapes:
            shape = self.spec.shapes[name]
            return Val(shape, self.symbols[name])
        if name in self.spec.indices or name in self.spec.sizes:
            sym = self.spec.sizes.get(name)
            if sym is not None and sym in self.sizes:
                return Val((), Integer(self.sizes[sym]))
            raise LatexParseError(f"{self.where}: index {name} is used outside a subscript or sum")
        return Val((), self.symbols.setdefault(name, Symbol(name, real=True)))

    def op_fill(self, node, env):
        return Val(None, S.One, "ones" if node[1] == 1 else "zeros")

    def index_values(self, toks: list[Tok], env) -> list[int]:
        out, k = [], 0
        while k < len(toks):
            tok = toks[k]
            if tok.text == ",":
                k += 1
                continue
            if tok.kind == "num":
                out.extend(int(ch) for ch in tok.text) if len(toks) > 1 and "," not in [t.text for t in toks] else out.append(int(tok.text))
            elif tok.kind == "letter":
                if tok.text in env:
                    out.append(env[tok.text])
                elif tok.text in self.spec.values:
                    out.append(int(self.ev(self.spec.values[tok.text], env).value))
                else:
                    raise LatexParseError(f"{self.where}, column {tok.col}: {tok.text} is not a declared index "
                                          r"(declare it: 'i \in \{1, \dots, n\}')")
            else:
                raise LatexParseError(f"{self.where}, column {tok.col}: unexpected {tok.text!r} in an index")
            k += 1
        return out

    def op_sub(self, node, env):
        base, toks = node[1], node[2]
        if base[0] == "var" and base[1] == "I" and "I" not in self.spec.shapes:
            n = self.concrete(size_expr("".join(t.text for t in toks), self.spec, self.where))
            return Val((Integer(n), Integer(n)) if not toks[0].kind == "letter" else (self.spec.sizes[toks[0].text],) * 2, Matrix.eye(n))
        if base[0] == "fill":
            text = "".join(t.text for t in toks)
            dim = size_expr(text, self.spec, self.where)
            n = self.concrete(dim)
            return Val((dim, Integer(1)), (Matrix.ones if base[1] == 1 else Matrix.zeros)(n, 1))
        if base[0] == "var" and base[1] not in self.spec.shapes and base[1] not in env:
            # a scalar with a subscript (x_0, \alpha_t) is one symbol
            name = base[1] + "_" + "".join(t.text for t in toks)
            return Val((), self.symbols.setdefault(name, Symbol(name, real=True)))
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
            raise LatexParseError(f"{self.where}: {describe_shape(v.shape)} takes {'one index' if 1 in (r, c) else 'two indices'}, got {len(idx)}")
        if not (1 <= i <= r and 1 <= j <= c):
            raise LatexParseError(f"{self.where}: index ({i}, {j}) is out of range for {describe_shape(v.shape)}")
        return Val((), v.value[i - 1, j - 1])

    def op_delta(self, node, env):
        idx = self.index_values(node[1], env)
        if len(idx) != 2:
            raise LatexParseError(f"{self.where}: \\delta takes two indices")
        return Val((), KroneckerDelta(idx[0], idx[1]))

    def op_neg(self, node, env):
        v = self.ev(node[1], env)
        return self.scale(v, S.NegativeOne)

    def scale(self, v: Val, k) -> Val:
        if v.fill:
            return Val(None, v.value * k, v.fill, v.transposed)
        if v.scalar:
            return Val((), k * v.value)
        return Val(v.shape, v.value * k)

    def realize(self, v: Val, shape) -> Val:
        """A sizeless 1, 0 or I given the shape it must have."""
        if not v.fill:
            return v
        if shape == ():
            raise ShapeMismatch(f"{'I' if v.fill == 'eye' else 'the vector ' + ('1' if v.fill == 'ones' else '0')} meets a scalar")
        r, c = self.concrete(shape[0]), self.concrete(shape[1])
        if v.fill == "eye":
            if shape[0] != shape[1]:
                raise ShapeMismatch(f"I (square) meets {describe_shape(shape)}")
            return Val(shape, Matrix.eye(r) * v.value)
        if v.fill == "zeros":
            return Val(shape, Matrix.zeros(r, c))
        return Val(shape, Matrix.ones(r, c) * v.value)

    def op_add(self, node, env):
        a, b = self.ev(node[1], env), self.ev(node[2], env)
        if a.fill and b.fill:
            raise LatexParseError(f"{self.where}: cannot tell the size of a sum of \\mathbf{{1}}, \\mathbf{{0}} or I; write \\mathbf{{1}}_n or I_n")
        if a.fill:
            a = self.realize(a, b.shape)
        if b.fill:
            b = self.realize(b, a.shape)
        if a.shape != b.shape:
            raise ShapeMismatch(f"a sum of {describe_shape(a.shape)} and {describe_shape(b.shape)}")
        return Val(a.shape, a.value + b.value)

    def op_mul(self, node, env):
        return self.product(self.ev(node[1], env), self.ev(node[2], env), "juxtaposition")

    def op_dot(self, node, env):
        a, b = self.ev(node[1], env), self.ev(node[2], env)
        if not a.scalar and not b.scalar and not a.fill and not b.fill and a.shape[1] == 1 and b.shape[1] == 1:
            if a.shape != b.shape:
                raise ShapeMismatch(f"a dot product of {describe_shape(a.shape)} and {describe_shape(b.shape)}")
            return Val((), (a.value.T * b.value)[0, 0])
        return self.product(a, b, r"\cdot")

    def product(self, a: Val, b: Val, how: str) -> Val:
        if a.scalar:
            return self.scale(b, a.value)
        if b.scalar:
            return self.scale(a, b.value)
        if a.fill and b.fill:
            raise LatexParseError(f"{self.where}: cannot tell the size of a product of \\mathbf{{1}}, \\mathbf{{0}} or I")
        if a.fill:
            k = b.shape[0]
            a = self.realize(a, (k, k) if a.fill == "eye" else ((Integer(1), k) if a.transposed else (k, Integer(1))))
        if b.fill:
            k = a.shape[1]
            b = self.realize(b, (k, k) if b.fill == "eye" else ((k, Integer(1)) if not b.transposed else (Integer(1), k)))
        if a.shape[1] != b.shape[0]:
            raise ShapeMismatch(f"the product ({how}) of {describe_shape(a.shape)} and {describe_shape(b.shape)} is undefined")
        return self.mat((a.shape[0], b.shape[1]), a.value * b.value)

    def op_odot(self, node, env):
        a, b = self.ev(node[1], env), self.ev(node[2], env)
        if a.fill:
            a = self.realize(a, b.shape)
        if b.fill:
            b = self.realize(b, a.shape)
        if a.shape != b.shape or a.shape == ():
            raise ShapeMismatch(f"⊙ of {describe_shape(a.shape)} and {describe_shape(b.shape)}")
        return Val(a.shape, a.value.multiply_elementwise(b.value))

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
            return Val((), a.value ** e.value)
        if a.fill or a.shape[0] != a.shape[1] or not (e.value.is_Integer and e.value > 0):
            raise ShapeMismatch(f"a power of {describe_shape(a.shape)} (only square matrices to whole powers)")
        return self.mat(a.shape, a.value ** int(e.value))

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
        # adjugate / det: defined wherever det ≠ 0 (LU without pivoting divides by X11, which may be 0)
        m = a.value
        return Val(a.shape, m.adjugate() / m.det(method="berkowitz") if m.shape[0] > 1 else Matrix([[1 / m[0, 0]]]))

    def op_abs(self, node, env):
        a = self.ev(node[1], env)
        if a.scalar:
            return Val((), Abs(a.value))
        raise LatexParseError(f"{self.where}: |·| of {describe_shape(a.shape)}: write \\det(X) or a norm \\|x\\|")

    def op_norm(self, node, env):
        a, kind = self.ev(node[1], env), node[2]
        if a.fill:
            raise LatexParseError(f"{self.where}: the norm of \\mathbf{{1}} or \\mathbf{{0}} needs a size: \\mathbf{{1}}_n")
        entries = [a.value] if a.scalar else list(a.value)
        vector = a.scalar or 1 in a.shape
        if kind is None and not vector:
            raise LatexParseError(rf"{self.where}: \|W\| of a matrix is ambiguous; write \|W\|_F (Frobenius) or \|W\|_2 (entrywise)")
        if kind in (None, "2", "F"):
            return Val((), sqrt(sum(x**2 for x in entries)))
        if kind == "1":
            return Val((), sum(Abs(x) for x in entries))
        if kind == r"\infty":
            return Val((), Max(*[Abs(x) for x in entries]))
        raise LatexParseError(f"{self.where}: unknown norm \\|·\\|_{kind} (use 1, 2, F or \\infty)")

    def op_sum(self, node, env):
        var, lo, hi, body = node[1], node[2], node[3], node[4]
        lo_v, hi_v = self.ev(lo, env), self.ev(hi, env)
        if not (lo_v.scalar and hi_v.scalar and lo_v.value.is_Integer and hi_v.value.is_Integer):
            raise LatexParseError(f"{self.where}: the limits of \\sum_{{{var}=...}} must be whole numbers or sizes")
        total = None
        for k in range(int(lo_v.value), int(hi_v.value) + 1):
            v = self.ev(body, {**env, var: k})
            if total is None:
                total = v
            else:
                if v.shape != total.shape:
                    raise ShapeMismatch(f"a sum of {describe_shape(total.shape)} and {describe_shape(v.shape)}")
                total = Val(total.shape, total.value + v.value)
        return total if total is not None else Val((), S.Zero)

    def op_call(self, node, env):
        fname, args, sub, tok = node[1], node[2], node[3], node[4]
        vals = [self.ev(a, env) for a in args]
        if fname == "softmax":
            x = self._one_vector(vals, "softmax")
            e = x.value.applyfunc(exp)
            total = sum(e)
            return Val(x.shape, e / total)
        if fname == "diag":
            x = self._one_vector(vals, "diag")
            n = x.value.shape[0]
            return Val((x.shape[0], x.shape[0]), Matrix.diag(*list(x.value)) if n > 1 else Matrix([[x.value[0]]]))
        if fname in ("tr", "det"):
            (m,) = vals
            if m.scalar or m.fill or m.shape[0] != m.shape[1]:
                raise ShapeMismatch(f"\\{fname} of {describe_shape(m.shape)} (not square)")
            return Val((), m.value.trace() if fname == "tr" else m.value.det(method="berkowitz"))
        if fname == "onehot":
            if sub is None:
                raise LatexParseError(f"{self.where}: write \\operatorname{{onehot}}_m(y) with the length m")
            dim = size_expr("".join(t.text for t in sub), self.spec, self.where)
            n = self.concrete(dim)
            (y,) = vals
            if not y.scalar:
                raise ShapeMismatch(f"onehot of {describe_shape(y.shape)}")
            return Val((dim, Integer(1)), Matrix([KroneckerDelta(k, y.value) for k in range(1, n + 1)]))
        fn = _scalar_function(fname, sub, self, env)
        if fn is None:
            raise LatexParseError(f"{self.where}, column {tok.col}: {unknown_function(fname)}")
        if len(vals) != 1:
            raise LatexParseError(f"{self.where}: {fname} takes one argument")
        v = vals[0]
        if v.fill:
            raise LatexParseError(f"{self.where}: {fname} of \\mathbf{{1}}/\\mathbf{{0}} needs a size")
        return Val((), fn(v.value)) if v.scalar else Val(v.shape, v.value.applyfunc(fn))

    def _one_vector(self, vals, name):
        if len(vals) != 1 or vals[0].scalar or vals[0].fill or vals[0].shape[1] != 1:
            raise ShapeMismatch(f"{name} takes a vector, not {describe_shape(vals[0].shape) if vals and not vals[0].fill else 'this'}")
        return vals[0]

    def op_grad(self, node, env):
        wrt_node, body = node[1], node[2]
        f = self.ev(body, env)
        wrt = self.ev(wrt_node, env)
        if wrt.fill or not (wrt.scalar and isinstance(wrt.value, Symbol)) and not (
                not wrt.scalar and all(isinstance(s, Symbol) for s in wrt.value)):
            raise LatexParseError(f"{self.where}: a derivative must be taken with respect to a declared variable or one of its entries")
        if f.fill:
            f = self.realize(f, wrt.shape if not wrt.scalar else ())
        if wrt.scalar:
            if f.scalar:
                return Val((), _d(f.value, wrt.value))
            return Val(f.shape, f.value.applyfunc(lambda e: _d(e, wrt.value)))
        if f.scalar:
            return Val(wrt.shape, wrt.value.applyfunc(lambda s: _d(f.value, s)))
        if f.shape[1] == 1 and wrt.shape[1] == 1:
            rows, cols = f.value.shape[0], wrt.value.shape[0]
            return self.mat((f.shape[0], wrt.shape[0]), Matrix(rows, cols, lambda i, j: _d(f.value[i, 0], wrt.value[j, 0])))
        raise LatexParseError(f"{self.where}: derivatives of {describe_shape(f.shape)} with respect to {describe_shape(wrt.shape)} are not supported")


def _d(expr, sym):
    if not expr.has(sym):
        return S.Zero
    return Derivative(expr, sym, evaluate=False)


def _scalar_function(fname: str, sub, ev: _Evaluator, env):
    builtin = function_named(fname) if fname not in SCALAR_FUNCS else None
    if builtin is not None and builtin.parameter:  # LeakyReLU_α, ELU_α
        if sub is None:
            raise LatexParseError(f"{ev.where}: write \\operatorname{{{fname}}}_\\alpha(x) with its parameter")
        alpha = ev.ev(Parser(" ".join(t.text for t in sub), ev.where, {}).expr(), env).value
        return lambda x: builtin.build(x, alpha)
    if sub is not None:
        raise LatexParseError(f"{ev.where}: {fname} takes no subscript")
    return SCALAR_FUNCS.get(fname) or (builtin.build if builtin is not None else None)


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
        return out + [({s: cap for s in size_symbols}, False)]
    for _ in range(2):
        out.append(({s: rng.randint(len(SYMBOLIC_SIZES) + 1, RANDOM_SIZE_MAX) for s in size_symbols}, False))
    out.append(({s: LARGE_SIZE - k for k, s in enumerate(size_symbols)}, False))
    return out


def _symbols_at(spec: VectorSpec, sizes: dict) -> dict:
    out = {}
    for name, shape in spec.shapes.items():
        if shape == ():
            out[name] = Symbol(name, real=True)
            continue
        r, c = (int(S(d).xreplace(sizes)) for d in shape)
        if r < 1 or c < 1:
            raise LatexParseError(f"{name} has a size below 1 at {sizes_text(sizes)}")
        if c == 1:
            out[name] = Matrix(r, 1, lambda i, j: Symbol(f"{name}{i + 1}", real=True))
        elif r == 1:
            out[name] = Matrix(1, c, lambda i, j: Symbol(f"{name}{j + 1}", real=True))
        else:
            out[name] = Matrix(r, c, lambda i, j: Symbol(f"{name}{i + 1}_{j + 1}", real=True))
    return out


def sizes_text(sizes: dict) -> str:
    return ", ".join(f"{s} = {v}" for s, v in sorted(sizes.items(), key=lambda kv: str(kv[0]))) or "the declared sizes"


def free_indices(members, spec: VectorSpec) -> list[str]:
    seen: list[str] = []

    def walk(node, bound):
        if isinstance(node, tuple):
            if node and node[0] == "sum":
                walk(node[2], bound), walk(node[3], bound)
                walk(node[4], bound | {node[1]})
                return
            if node and node[0] in ("sub", "delta"):
                toks = node[2] if node[0] == "sub" else node[1]
                for t in toks:
                    if isinstance(t, Tok) and t.text in spec.indices and t.text not in bound and t.text not in seen:
                        seen.append(t.text)
            if node and node[0] == "call" and node[3]:
                for t in node[3]:
                    if isinstance(t, Tok) and t.text in spec.indices and t.text not in bound and t.text not in seen:
                        seen.append(t.text)
            if node and node[0] == "var" and node[1] in spec.indices and node[1] not in bound and node[1] not in seen:
                seen.append(node[1])
            for child in node[1:]:
                if isinstance(child, (tuple, list)):
                    walk(child, bound)
        elif isinstance(node, list):
            for child in node:
                walk(child, bound)

    for m in members:
        walk(m, frozenset())
    return seen


def index_combinations(names: list[str], ranges: list[int], rng: random.Random) -> list[dict]:
    """Every combination when few; else a seeded sample that always has all-equal and all-different."""
    import itertools

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


def statement_at(members, rels, spec: VectorSpec, sizes: dict, where: str, seed: int = 0, with_labels: bool = False):
    """The relations of one step at concrete sizes (entries compared), plus the variables' symbols.

    With ``with_labels``, also one label per relation naming its index values and entry
    ("i = 2, j = 1", "entry (2, 1)"), so a refutation can say where it failed."""
    symbols = _symbols_at(spec, sizes)
    ev = _Evaluator(spec, sizes, symbols, where)
    names = free_indices(members, spec)
    ranges = [int(S(spec.indices[n]).xreplace(sizes)) for n in names]
    rng = random.Random(seed)
    relations, labels = [], []
    for env in index_combinations(names, ranges, rng):
        a, b = ev.ev(members[0], env), ev.ev(members[1], env)
        if a.fill and b.fill:
            raise LatexParseError(f"{where}: cannot tell the sizes of both sides")
        if a.fill:
            a = ev.realize(a, b.shape)
        if b.fill:
            b = ev.realize(b, a.shape)
        if a.shape != b.shape:
            raise ShapeMismatch(f"the left side is {describe_shape(a.shape)}, the right side is {describe_shape(b.shape)}")
        rel = RELATIONS[rels[0]]
        if a.scalar:
            pairs = [(a.value, b.value, "")]
        else:
            if rel is not Eq:
                raise ShapeMismatch(f"an inequality between {describe_shape(a.shape)}s (only scalars can be ordered)")
            rows, cols = a.value.shape
            pairs = [(a.value[r, c], b.value[r, c], _entry_text(r + 1, c + 1, rows, cols))
                     for r in range(rows) for c in range(cols)]
        where_index = ", ".join(f"{name} = {value}" for name, value in sorted(env.items()))
        for lhs, rhs, entry in pairs:
            lhs, rhs = S(lhs), S(rhs)
            relations.append(rel(lhs, rhs, evaluate=False))
            labels.append(", ".join(part for part in (where_index, entry) if part))
    if with_labels:
        return relations, ev, labels
    return relations, ev


def _entry_text(r: int, c: int, rows: int, cols: int) -> str:
    """Which entry of a vector or matrix side a relation compares: "entry 2", "entry (2, 1)"."""
    if cols == 1:
        return f"entry {r}"
    if rows == 1:
        return f"entry {c}"
    return f"entry ({r}, {c})"


def conditions_at(spec: VectorSpec, ev: _Evaluator) -> list:
    out = []
    for members, rels, what in spec.conditions:
        names = free_indices(members, spec)
        ranges = [int(S(spec.indices[n]).xreplace(ev.sizes)) for n in names]
        import itertools

        for combo in itertools.product(*[range(1, r + 1) for r in ranges]):
            env = dict(zip(names, combo))
            vals = [ev.ev(m, env) for m in members]
            for rel, a, b in zip(rels, vals, vals[1:]):
                if not (a.scalar and b.scalar):
                    raise LatexParseError(f"{what}: a condition compares scalars (write X_{{ij}} > 0 for entries)")
                cond = RELATIONS[rel](a.value, b.value)
                if cond is S.false:
                    raise LatexParseError(f"{what}: this condition is always false")
                if cond is not S.true:
                    out.append(cond)
    return out
