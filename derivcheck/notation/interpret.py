r"""One interpreter for vector trees (``vector_reader.parse_vector``), with interchangeable backends.

The tree walk, the dispatch on node kinds, every shape rule and every error message live here,
once. What a value *is* belongs to a backend, chosen by the caller:

- ``explicit.ExplicitBackend``: SymPy matrices of entry symbols at n = 1, 2, 3 (notation);
- ``numeric.arrays.ArrayBackend``: numpy float64 or mpmath arrays at any concrete size (numeric);
- ``answers.index_form.IndexBackend``: one generic entry ``(r, c) ↦ expression`` for every size
  at once (answers).

A ``Val`` carries a ``shape`` in size symbols (``()`` for a scalar) and a backend ``value``. The
walk decides shapes and which operation applies; the backend computes the value (``add``,
``matmul``, ``transpose``, ``norm``, ``derivative``...). Scalars of every backend support ``+ - * /``
(SymPy expressions, floats, mpmath numbers), so the walk combines them directly.

Sizeless ``\mathbf{1}``, ``\mathbf{0}`` and ``I`` are ``Val(None, coefficient, fill)`` until they
meet something with a shape (``realize``). Concrete backends get ``sizes`` (size symbol ↦ int) and
``dims`` in integers; the index backend gets none and sees the sizes as symbols.

Definitions (``\mathbf{h}^a = W^{(1)}\mathbf{x} + \mathbf{b}^{(1)}`` in ``where``, see ``vector_reader``):
a defined name stands for its definition, evaluated where it is met (with the statement's free
indices: ``L = -\log o^s_y`` uses the label y). ∂f/∂v with v defined is backprop's: inside it v is
*cut* -- a variable of its own, ``backend.variable(v, shape)`` -- so f expands down to v and no
further; the backend then evaluates the derivative at v's value (``at_value``): a ``Subs`` for
the explicit backend, v's entries set to their value while differencing for the arrays, the
derivative taken and v's generic entries substituted for the index form.

To add an operation: a parser branch building a node tuple (``vector_reader``), a method ``op_<kind>``
here with its shape rule, and the value operation on each backend (a backend that has no form for
it raises its own refusal, e.g. ``NoIndexForm``).
"""

from __future__ import annotations

import re

from sympy import Derivative, Dummy, Eq, Integer, Piecewise, S, Subs

from ..core.errors import LatexParseError
from ..core.functions import function_named
from .abstract import abstract_body
from .one_index import matrix_beside, one_index
from .sum_exclusion import stated_apart
from .free_indices import index_groups, undeclared_name
from .tokens import unknown_function
from .vector_lexer import Tok
from .vector_reader import RELATIONS, SCALAR_FUNCS, Parser, ShapeMismatch
from .values import Backend, Val, describe_shape
from .maps import apply_map, map_frame
from .tree import applied_site
from .vector_where import VectorSpec, size_expr

__all__ = ["Interpreter"]


_BOLD = (r"\mathbf", r"\boldsymbol", r"\bm", r"\vec")


class Interpreter:
    """The walk over node tuples: ``ev(node, env)`` → ``Val``; ``env`` maps index names to values."""

    def __init__(self, spec: VectorSpec, backend: Backend, where: str, sizes: dict | None = None):
        self.spec = spec
        self.b = backend
        self.where = where
        self.sizes = sizes      # Symbol -> int; None: the sizes stay symbols (index form)
        self.focus = None       # (row, col) the caller reads of the outermost ∂ (confirmations)
        self.known: dict = {}   # size expression -> int at these sizes
        self.cut: dict = {}     # defined name -> shape: a variable of its own inside ∂/∂name
        self.expanding: list = []  # defined names being expanded (a cycle is refused)
        self.memo: dict = {}       # (name, cut, indices) -> Val, for backends whose values never change
        self.bound: dict = {}      # f.v -> Val: the argument of an abstract function being evaluated
        self.said: list = []  # readings the scope says: a scalar added to a vector, softmax(z_i) as softmax(z)_i
        self.frames: dict = {}      # (map, argument shapes) -> (its right side with limits, its value's shape)
        self.evals = 0              # nodes evaluated: the work done (numeric.arrays stops drawing points by it)

    # shapes
    def concrete(self, dim) -> int:
        if dim in self.known:
            return self.known[dim]
        value = S(S(dim).xreplace(self.sizes))
        if not value.is_Integer:
            unknown = ", ".join(sorted(str(s) for s in value.free_symbols)) or str(dim)
            raise LatexParseError(f"{self.where}: the size {unknown} is not declared in where "
                                  f"(e.g. \\mathbf{{x}} \\in \\mathbb{{R}}^{{{unknown}}})")
        self.known[dim] = int(value)
        return self.known[dim]

    def dims(self, shape) -> tuple:
        return shape if self.sizes is None else tuple(self.concrete(d) for d in shape)

    def collapse(self, shape, value) -> Val:
        """A 1×1 result is a scalar."""
        return Val((), self.b.entry(value, 1, 1)) if shape == (1, 1) else Val(shape, value)

    def fail(self, message: str):
        raise LatexParseError(f"{self.where}: {message}")

    def realize(self, v: Val, shape) -> Val:
        """A sizeless 1, 0 or I given the shape it must have."""
        if not v.fill:
            return v
        if shape == () or shape is None:
            raise ShapeMismatch(f"{'I' if v.fill == 'eye' else 'the vector ' + ('1' if v.fill == 'ones' else '0')} meets a scalar")
        if v.fill == "eye" and shape[0] != shape[1]:
            raise ShapeMismatch(f"I (square) meets {describe_shape(shape)}")
        return Val(shape, self.b.fill(v.fill, self.dims(shape), v.value))

    def scale(self, v: Val, k) -> Val:
        if v.fill:
            return Val(None, v.value * k, v.fill, v.transposed)
        return Val(v.shape, self.b.scale(v, k))

    def sides(self, members, rel: str, env: dict, focus=None) -> tuple[Val, Val]:
        """Both sides of one relation, fills realized, shapes equal (else ``ShapeMismatch``)."""
        self.focus = focus if members[0][0] == "grad" else None
        a = self.ev(members[0], env)
        self.focus = focus if members[1][0] == "grad" else None
        b = self.ev(members[1], env)
        self.focus = None
        if a.fill and b.fill:
            self.fail("cannot tell the sizes of both sides")
        a, b = self.realize(a, b.shape), self.realize(b, a.shape)
        if a.shape != b.shape:
            raise ShapeMismatch(f"the left side is {describe_shape(a.shape)}, the right side is {describe_shape(b.shape)}")
        if not a.scalar and RELATIONS[rel] is not Eq:
            raise ShapeMismatch(f"an inequality between {describe_shape(a.shape)}s (only scalars can be ordered)")
        return a, b

    def compare(self, members, rels, env: dict, what: str) -> list:
        """(relation, left, right) for each link of a condition's chain; conditions compare scalars."""
        vals = [self.ev(m, env) for m in members]
        out = []
        for rel, a, b in zip(rels, vals, vals[1:]):
            if not (a.scalar and b.scalar):
                raise LatexParseError(f"{what}: a condition compares scalars (write X_{{ij}} > 0 for entries)")
            out.append((rel, a.value, b.value))
        return out

    # dispatch
    def ev(self, node, env: dict) -> Val:
        self.evals += 1
        return getattr(self, "op_" + node[0])(node, env)

    def op_on_data(self, node, env):
        """``∂J/∂z (\\{x_i, y_i\\}_{i=1}^N)``: the derivative; the set names the data J is computed on (the scope says so)."""
        return self.ev(node[1], env)

    def op_num(self, node, env):
        return Val((), self.b.constant(node[1]))

    def op_var(self, node, env):
        name, spec = node[1], self.spec
        if name in self.bound:
            return self.bound[name]
        if name in spec.maps:
            self.fail(f"{name} is a function ({spec.maps[name].what}): apply it, {name}(…)")
        if name in spec.labels:
            self.fail(f"{name} is a label per example ({name}_{spec.labels[name][0]}): write {name}_{spec.labels[name][0]} in a "
                      f"subscript, a δ or an indicator")
        if name in env:
            return Val((), self.b.constant(S(env[name])))
        if name in spec.defined:
            return self.defined(name, env)
        if name in spec.values:
            return self.ev(spec.values[name], env)
        if name == "I":
            return Val(None, self.b.constant(S.One), "eye")
        if name in ("e", "pi") and name not in spec.shapes:
            return Val((), self.b.constant(S.Exp1 if name == "e" else S.Pi))
        if name in spec.shapes:
            return Val(spec.shapes[name], self.b.variable(name, spec.shapes[name]))
        if name in spec.indices or name in spec.sizes:
            sym = spec.sizes.get(name)
            if sym is not None and (self.sizes is None or sym in self.sizes):
                return Val((), self.b.constant(sym if self.sizes is None else Integer(self.sizes[sym])))
            self.fail(f"index {name} is used outside a subscript or sum")
        return Val((), self.b.symbol(name))

    def defined(self, name: str, env: dict) -> Val:
        """A defined name: its definition's value (with the free indices of ``env``), or inside ∂/∂name
        a variable of its own."""
        if name in self.cut:
            return Val(self.cut[name], self.b.variable(name, self.cut[name]))
        if name in self.expanding:
            chain = " → ".join(self.expanding[self.expanding.index(name):] + [name])
            raise LatexParseError(f"{self.spec.defined[name]}: {name} is defined through itself ({chain})")
        bound = self.spec.values[name][1] if self.spec.values[name][0] == "entrywise" else ()  # p_k = …: not on k
        env = {k: v for k, v in self.kept(env).items() if k not in bound}
        key = (name, tuple(sorted(self.cut)), tuple(sorted(env.items(), key=str)), self.b.generation)
        if key in self.memo:  # h = g + g, g = f + f, …: read once each, not 2^depth times
            return self.memo[key]
        self.expanding.append(name)
        saved, self.bound = self.bound, {}  # a definition sees where's names, never a parameter of a map applied
        try:
            value = self.ev(self.spec.values[name], env)
        except ShapeMismatch as exc:  # a definition's own shapes: the where is wrong, the claim is not refuted
            raise LatexParseError(f"{self.spec.defined[name]}: {exc}") from exc
        finally:
            self.expanding.pop()
            self.bound = saved
        if self.b.memo_definitions:
            self.memo[key] = value
        return value

    def op_applied(self, node, env):
        """``o^s(x)`` (``Parser.annotation``): o^s, when it is defined through each name in the
        parentheses and o^s times them is no product; otherwise an ERROR naming both readings (a scalar
        s(x) with x a vector is written for s·x too: ∂½s²/∂w = s(x) with s = wᵀx − y)."""
        inner, args = node[1], node[2]
        base = inner[1] if inner[0] == "var" else inner[1][1]
        value, names = self.ev(inner, env), [a[1] for a in args]
        # an argument declared nowhere cannot be a factor when it is bold (an undeclared vector) or one of
        # several (no tuple multiplies): it only names what base depends on; a lone plain x may be a scalar
        labels = len(args) > 1 or all(a[2] is not None and a[2].text in _BOLD for a in args)
        known = [n for n in names if not labels or self.stands_for_something(n, env)]
        if base not in self.spec.defined and not known:  # o^a(x), x declared nowhere: o^a, x names its input
            return value
        if base not in self.spec.defined:  # a value (α = 0.1) before its parentheses: a product, as ever
            return self.product(value, self.ev(args[0], env), "juxtaposition") if len(args) == 1 else self.fail(
                f"{base}({', '.join(names)}): {base} is not a function")
        text = applied_site(node)
        if base in self.spec.params and inner[0] == "var":  # J(\theta) = … in where: J(θ) is J
            if tuple(names) != self.spec.params[base]:
                self.fail(f"{text}: {base} is defined as {base}({', '.join(self.spec.params[base])}); only that is read")
            return value
        names = known  # an undeclared name cannot be a factor: only a label of what base depends on
        missing = [n for n in names if n not in self.depends(base)]
        if missing:
            self.fail(f"{text}: {base} is defined in where and does not depend on {', '.join(missing)}: write {base} "
                      f"alone, or \\cdot for a product")
        if len(args) == 1 and names:
            arg = self.ev(args[0], env)
            inside = self.expanding and (self.expanding[-1], node[3].col) in self.spec.readings  # -log o^s_y(x) in L(x, y)
            if (value.scalar or arg.scalar or value.shape[1] == arg.shape[0]) and not inside:
                self.fail(f"{text} is ambiguous: {base} (defined in where through {names[0]}), or {base} times "
                          f"{names[0]}? Write {base} alone, or \\cdot for the product")
        return value

    def op_entrywise(self, node, env):
        """``p_k = …`` in where (``vector_where``): the array whose entry k is the right side at that k."""
        letters, rhs, shape = node[1:]
        probe = {k: 1 if self.sizes is not None else Dummy(k, integer=True) for k in letters}
        if not self.ev(rhs, {**env, **probe}).scalar:
            self.fail(f"{self.expanding[-1] if self.expanding else 'a matrix written out'} is defined entry by entry: each entry must be a scalar")
        dims = self.dims(shape) if self.sizes is not None else None
        return Val(shape, self.b.tabulate(dims, lambda i, j: self.ev(rhs, {**env, **dict(zip(letters, (i, j)))}).value))

    def op_alias(self, node, env):
        """``w_{jk}^{(1)} = W^{(1)}_{jk}`` in where (``vector_reader``): w^(1) is W^(1), or its transpose for
        ``W^{(1)}_{kj}``; any other definition entry by entry is refused."""
        name, letters, rhs = self.expanding[-1], [t.text for t in node[1] if t.text != ","], node[2]
        if rhs[0] == "sub" and rhs[1][0] == "var" and all(t.kind == "letter" for t in node[1] if t.text != ",") \
                and len(set(letters)) == len(letters):
            other, whole = [t.text for t in rhs[2] if t.text != ","], self.ev(rhs[1], env)
            if not whole.scalar and not whole.fill and len(letters) == (1 if 1 in whole.shape else 2):
                if other == letters:
                    return whole
                if other == letters[::-1]:
                    return Val((whole.shape[1], whole.shape[0]), self.b.transpose(whole))
        raise LatexParseError(f"{self.spec.defined[name]}: {name} defined entry by entry is read only as another "
                              f"array's entries (w_{{jk}} = W_{{jk}}, or W_{{kj}} for its transpose): define the whole "
                              f"vector or matrix ({name} = …)")

    def stands_for_something(self, name: str, env) -> bool:
        """Whether ``name`` stands for something here (declared, defined, an index, a size or bound)."""
        spec = self.spec
        return any(name in table for table in (env, spec.shapes, spec.values, spec.defined, spec.indices,
                                                 spec.sizes, spec.families, spec.abstract))

    def depends(self, name: str) -> set:
        """Every name a definition uses, through the definitions it uses (o_y^s uses y)."""
        seen, todo = set(), [self.spec.values[name]]
        while todo:
            node = todo.pop()
            if isinstance(node, list):
                todo.extend(node)
            elif isinstance(node, Tok):
                seen.add(node.text)
            elif isinstance(node, tuple) and node and isinstance(node[0], str):
                if node[0] == "var" and node[1] not in seen:
                    seen.add(node[1])
                    if node[1] in self.spec.defined:
                        todo.append(self.spec.values[node[1]])
                todo.extend(c for c in node[1:] if isinstance(c, (tuple, list)))
        return seen

    def op_fill(self, node, env):
        return Val(None, self.b.constant(S.One), "ones" if node[1] == 1 else "zeros")

    def index_values(self, toks: list[Tok], env) -> list:
        if [t.text for t in toks][1:2] == ["="] and len(toks) == 3 and toks[0].kind == "letter" \
                and toks[0].text not in env and toks[0].text not in self.spec.values:
            toks = toks[2:]  # o_{k=y} outside a sum over k, k not an index of its own: the entry at y (sum_exclusion's note)
        toks = stated_apart(toks, env, self.spec.conditions)  # o_{k \neq y} with k \neq y in where: o_k
        out = []
        commas = "," in [t.text for t in toks]
        for group in index_groups(toks):
            if group[0].kind == "label":  # y_i: example i's label, an index in 1..K
                out.append(self.label_value(group[0], env))
                continue
            if len(group) > 1:  # x_{k+1}: one index, k + 1
                out.append(self.index_sum(group, env))
                continue
            tok = group[0]
            if tok.kind == "num":  # a lone number is one index (x_{12}); beside others, each digit is (A_{i1})
                digits = tok.text if len(toks) > 1 and not commas else [tok.text]
                out.extend(self.b.as_index(Integer(int(d))) for d in digits)
            elif tok.kind == "letter" and tok.text in env:
                out.append(env[tok.text])
            elif tok.kind == "letter" and tok.text in self.spec.values:
                value = self.ev(self.spec.values[tok.text], env).value
                if self.sizes is not None and self.b.whole(value) is None:  # e = 0.1 used as a subscript
                    self.fail(f"{tok.text} is used as an index, but where gives it the value {value}, not a whole number")
                out.append(self.b.as_index(value))
            elif tok.kind == "letter" and tok.text in self.spec.sizes:  # x_n with x ∈ ℝ^n: the last entry
                sym = self.spec.sizes[tok.text]
                out.append(self.b.as_index(sym if self.sizes is None else Integer(self.sizes[sym])))
            elif tok.kind == "letter":
                raise LatexParseError(f"{self.where}, column {tok.col}: {tok.text} is not a declared index "
                                      r"(declare it: 'i \in \{1, \dots, n\}')")
            else:
                raise LatexParseError(f"{self.where}, column {tok.col}: unexpected {tok.text!r} in an index" + (
                    r" (outside a sum, state the relation in where, e.g. k \neq y: the entry is then o_k)" if tok.text in RELATIONS else ""))
        return out

    def label_value(self, tok: Tok, env):
        """y_i of y_i ∈ {1, …, K} with i an index: at concrete sizes each example's label is drawn as an index of its
        own, ``y[1]`` … ``y[N]`` (``free_indices.concrete_indices``); for every size, the backend's label entry."""
        base, _, at = tok.text.partition("_")
        [i] = self.index_values([Tok("num" if at.isdigit() else "letter", at, tok.col)], env)
        if self.sizes is None:
            return self.b.label(base, i)
        n = self.concrete(self.spec.indices[self.spec.labels[base][0]])
        key = f"{base}[{int(i)}]"
        if not 1 <= int(i) <= n or key not in env:
            self.fail(f"{tok.text}: example {int(i)} is out of range 1..{n}")
        return env[key]

    def kept(self, env: dict) -> dict:
        """The part of ``env`` a definition or a map sees: where's indices and the labels drawn (not a caller's own
        sum index)."""
        return {k: v for k, v in env.items() if k in self.spec.indices or k.partition("[")[0] in self.spec.labels}

    def index_sum(self, group: list[Tok], env):
        """``k + 1``, ``i + p - 1``: letters that are indices (or whole values) and whole numbers, added."""
        total, sign = None, 1
        for tok in group:
            if tok.text in ("+", "-"):
                if tok is group[-1]:  # x_{k+}: a sign with nothing after it
                    raise LatexParseError(f"{self.where}, column {tok.col}: {tok.text!r} ends an index: write what it adds")
                sign = 1 if tok.text == "+" else -1
                continue
            if tok.kind == "num" and tok.text.isdigit():
                term = self.b.as_index(Integer(int(tok.text)))
            elif tok.kind == "letter":
                [term] = self.index_values([tok], env)
            else:
                raise LatexParseError(f"{self.where}, column {tok.col}: unexpected {tok.text!r} in an index")
            term = term if sign == 1 else -term
            total, sign = term if total is None else total + term, 1
        if total is None:
            raise LatexParseError(f"{self.where}, column {group[0].col}: an index is a sign alone")
        return total

    def position(self, v: Val, idx: list) -> tuple:
        """Entry (i, j), 1-based, that the indices ``idx`` name in ``v`` (checked where sizes are numbers)."""
        if v.scalar or v.fill:
            self.fail("a subscript on a scalar expression")
        r, c = self.dims(v.shape)
        # by the written shape, not the size at hand: W ∈ ℝ^{m×n} takes two indices even at m = n = 1
        if v.shape[1] == 1 and len(idx) == 1:
            i, j = idx[0], 1
        elif v.shape[0] == 1 and len(idx) == 1:
            i, j = 1, idx[0]
        elif len(idx) == 2:
            i, j = idx
        elif len(idx) == 1 and 1 not in v.shape:  # W_k: row k (W_{k,:}) in some courses, column k in others
            self.fail(f"one index on {describe_shape(v.shape)} is its row or its column: write W_{{k,:}} for row k, "
                      f"W_{{:,k}} for column k, or two indices for an entry")
        else:
            self.fail(f"{describe_shape(v.shape)} takes {'one index' if 1 in v.shape else 'two indices'}, got {len(idx)}")
        if self.sizes is not None and not (1 <= i <= r and 1 <= j <= c):
            self.fail(f"index ({i}, {j}) is out of range for {describe_shape(v.shape)}")
        return i, j

    def op_sub(self, node, env):
        base, toks = node[1], node[2]
        text = "".join(t.text for t in toks)
        if base[0] == "var" and base[1] == "I" and "I" not in self.spec.shapes:
            dim = size_expr(text, self.spec, self.where)
            return Val((dim, dim), self.b.fill("eye", self.dims((dim, dim)), None))
        if base[0] == "fill":
            shape = (size_expr(text, self.spec, self.where), Integer(1))
            return Val(shape, self.b.fill("ones" if base[1] == 1 else "zeros", self.dims(shape), None))
        if r"\times" in text and all(t.kind in ("letter", "num") or t.text in (r"\times", "_", "{", "}") for t in toks):
            return self.ev(base, env)  # w^{(2)}_{m \times d_h}: a shape written as a subscript, an annotation
        if base[0] == "var" and base[1] in self.spec.labels and base[1] not in self.bound:  # y_i as a number
            self.fail(f"{base[1]}_{text} is a label (a class in 1..{self.spec.labels[base[1]][1]}): it is read as an index "
                      f"only, in a subscript (o_{{{base[1]}_{text}}}), a δ or an indicator")
        if base[0] == "var" and base[1] not in self.spec.shapes and base[1] not in env and base[1] not in self.spec.defined \
                and base[1] not in self.bound:
            return Val((), self.b.symbol(base[1] + "_" + text))  # a scalar with a subscript (x_0, \alpha_t) is one symbol
        if any(t.text == ":" for t in toks):
            return self.slice(base, toks, env)
        if base[0] == "var" and base[1] in self.bound:  # z_{ki} in ψ's right side: the argument's entry
            v = self.bound[base[1]]
            return Val((), self.b.entry(v.value, *self.position(v, self.index_values(toks, env))))
        if base[0] == "call" and base[1].startswith("map:") and not base[1].endswith("'"):  # ψ(Z)_{yi}: that entry alone
            fn, shape, entry = map_frame(self, base[1][4:], [self.ev(a, env) for a in base[2]], env)
            idx = self.index_values(toks, env)
            if len(idx) == len(fn.letters):
                self.position(Val(shape, None), idx)  # in its range
                return Val((), entry(*idx))
        entrywise = base[0] == "var" and base[1] not in self.cut and self.spec.values.get(base[1], ("",))[0] == "entrywise"
        idx = self.index_values(toks, env) if entrywise else None
        if entrywise and len(idx) == len(self.spec.values[base[1]][1]):  # e_k of e_k = …: that entry alone
            letters, rhs, shape = self.spec.values[base[1]][1:]
            self.position(Val(shape, None), idx)  # in its range
            saved, self.bound = self.bound, {}  # a definition sees where's names, as in defined()
            try:
                return self.ev(rhs, {**env, **dict(zip(letters, idx))})
            finally:
                self.bound = saved
        v = self.ev(base, env)
        if not v.scalar and not v.fill and 1 not in v.shape and len(toks) == 1 and re.fullmatch(r"\d\d", toks[0].text):
            toks = [Tok("num", d, toks[0].col) for d in toks[0].text]  # W_{12} of a matrix: entry (1, 2)
        i, j = self.position(v, self.index_values(toks, env))
        return Val((), self.b.entry(v.value, i, j))

    def slice(self, base, toks, env) -> Val:
        """``W_{j,:}`` (row j, 1×n) and ``W_{:,k}`` (column k): a one-hot vector times the matrix."""
        v = self.ev(base, env)
        parts = [t for t in toks if t.text != ","]
        if v.scalar or v.fill or 1 in v.shape or len(parts) != 2 or [t.text for t in parts].count(":") != 1:
            self.fail("a slice is written W_{j,:} (row j) or W_{:,k} (column k) of a matrix")
        row = parts[1].text == ":"
        at = parts[0] if row else parts[1]
        k = self.ev(("num", Integer(int(at.text))) if at.kind == "num" else ("var", at.text, at), env)
        n = v.shape[0] if row else v.shape[1]
        unit = Val((n, Integer(1)), self.b.onehot(self.dims((n, Integer(1)))[0], k.value))
        if row:
            return self.product(Val((Integer(1), n), self.b.transpose(unit)), v, "juxtaposition")
        return self.product(v, unit, "juxtaposition")

    def op_delta(self, node, env):
        idx = self.index_values(node[1], env)
        if len(idx) != 2:
            self.fail("\\delta takes two indices")
        return Val((), self.b.delta(idx[0], idx[1]))

    def op_test(self, node, env):
        """[a rel b] for two scalar values (a case's condition, ``notation.cases``): 1 where it holds, else 0,
        applied as a scalar function of a − b so that every backend reads it as it reads a step function."""
        a, b = self.ev(node[1], env), self.ev(node[3], env)
        if not (a.scalar and b.scalar):
            self.fail(f"a condition compares two scalars (x_i > 0), not {describe_shape((a if not a.scalar else b).shape)}: "
                      f"write it entry by entry")
        rel = RELATIONS[node[2]]
        gap = Val((), self.b.add(a, self.scale(b, self.b.constant(S.NegativeOne))))
        return Val((), self.b.apply(("test", node[2]), lambda t: Piecewise((1, rel(t, 0)), (0, True)), gap))

    def op_neg(self, node, env):
        return self.scale(self.ev(node[1], env), self.b.constant(S.NegativeOne))

    def op_add(self, node, env):
        a, b = self.ev(node[1], env), self.ev(node[2], env)
        if a.fill and b.fill:
            self.fail("cannot tell the size of a sum of \\mathbf{1}, \\mathbf{0} or I; write \\mathbf{1}_n or I_n")
        a, b = self.realize(a, b.shape), self.realize(b, a.shape)
        if a.shape != b.shape and (a.scalar or b.scalar):
            a, b = self.broadcast(a, b, node)
        if a.shape != b.shape:
            raise ShapeMismatch(f"a sum of {describe_shape(a.shape)} and {describe_shape(b.shape)}")
        return Val(a.shape, self.b.add(a, b))

    def broadcast(self, a: Val, b: Val, node) -> tuple[Val, Val]:
        """A vector plus a scalar c: c added to every entry (c\\mathbf{1}), the one reading it has (S(x + c) =
        S(x), softmax's shift), said in the scope. A matrix plus a scalar is refused: A + λ may mean A + λI."""
        array, (scalar, side) = (b, (a, node[1])) if a.scalar else (a, (b, node[2]))
        if 1 not in array.shape:
            self.fail(f"a sum of {describe_shape(array.shape)} and a scalar is ambiguous: the scalar times I (A + \\lambda I) "
                      f"or added to every entry (A + \\lambda \\mathbf{{1}}\\mathbf{{1}}^T)? Write the one you mean")
        loose = undeclared_name(side, self.spec, self.bound)
        if loose:
            self.fail(f"{loose} is not declared and is added to {describe_shape(array.shape)}: a scalar added to every entry "
                      f"(declare {loose} \\in \\mathbb{{R}}) or a vector (declare {loose} \\in \\mathbb{{R}}^n)? Declare the one you mean")
        verb, side = ("subtracted from", side[1]) if side[0] == "neg" else ("added to", side)
        name = side[1] if side[0] == "var" else str(side[1]) if side[0] == "num" else None
        ones = f"{name}\\mathbf{{1}}" if name else "that scalar times \\mathbf{1}"
        self.said.append(f"{name or 'a scalar'} {verb} every entry of {describe_shape(array.shape)} (read as {ones})")
        spread = self.realize(self.scale(Val(None, self.b.constant(S.One), "ones"), scalar.value), array.shape)
        return (spread, b) if a.scalar else (a, spread)

    def op_mul(self, node, env):
        if node[1][0] == "mul" and one_index(node[1][2]):  # 2 W_k h: (2)(W_k h), products associate
            node = ("mul", node[1][1], ("mul", node[1][2], node[2]))
        return self.product(*self.operands(node, env), "juxtaposition")

    def operands(self, node, env) -> tuple:
        """Both factors; ``W_k`` beside a vector is the row or column the product needs (``one_index``)."""
        if one_index(node[1]):
            b = self.ev(node[2], env)
            a = matrix_beside(self, node[1], b, env, left=True)
            return (self.ev(node[1], env) if a is None else a), b
        a = self.ev(node[1], env)
        b = matrix_beside(self, node[2], a, env, left=False)
        return a, (self.ev(node[2], env) if b is None else b)

    def op_dot(self, node, env):
        a, b = self.operands(node, env)
        if not a.scalar and not b.scalar and not a.fill and not b.fill and a.shape[1] == 1 and b.shape[1] == 1:
            if a.shape != b.shape:
                raise ShapeMismatch(f"a dot product of {describe_shape(a.shape)} and {describe_shape(b.shape)}")
            return Val((), self.b.dot(a, b))
        return self.product(a, b, r"\cdot")

    def product(self, a: Val, b: Val, how: str) -> Val:
        if a.scalar:
            return self.scale(b, a.value)
        if b.scalar:
            return self.scale(a, b.value)
        if a.fill and b.fill:
            self.fail("cannot tell the size of a product of \\mathbf{1}, \\mathbf{0} or I")
        if a.fill:
            k = b.shape[0]
            a = self.realize(a, (k, k) if a.fill == "eye" else ((Integer(1), k) if a.transposed else (k, Integer(1))))
        if b.fill:
            k = a.shape[1]
            b = self.realize(b, (k, k) if b.fill == "eye" else ((k, Integer(1)) if not b.transposed else (Integer(1), k)))
        if a.shape[1] != b.shape[0]:
            if how == "juxtaposition" and a.shape == b.shape and a.shape[1] == 1:  # σ(z)(1 − σ(z)) of a vector z
                self.fail("two vectors side by side: entrywise (write \\odot) or a missing transpose (\\mathbf{a}^T\\mathbf{b}, \\mathbf{a}\\mathbf{b}^T)?")
            raise ShapeMismatch(f"the product ({how}) of {describe_shape(a.shape)} and {describe_shape(b.shape)} is undefined")
        return self.collapse((a.shape[0], b.shape[1]), self.b.matmul(a, b))

    def op_odot(self, node, env):
        a, b = self.ev(node[1], env), self.ev(node[2], env)
        if a.fill and b.fill:
            self.fail("cannot tell the size of a product of \\mathbf{1}, \\mathbf{0} or I")
        a, b = self.realize(a, b.shape), self.realize(b, a.shape)
        if a.shape != b.shape or a.shape == ():
            raise ShapeMismatch(f"⊙ of {describe_shape(a.shape)} and {describe_shape(b.shape)}")
        return Val(a.shape, self.b.hadamard(a, b))

    def op_div(self, node, env):
        a, b = self.ev(node[1], env), self.ev(node[2], env)
        if not b.scalar:
            raise ShapeMismatch(f"division by {describe_shape(b.shape)}")
        return Val((), a.value / b.value) if a.scalar else self.scale(a, 1 / b.value)

    def op_pow(self, node, env):
        a, e = self.ev(node[1], env), self.ev(node[2], env)
        if not e.scalar:
            raise ShapeMismatch(f"an exponent that is {describe_shape(e.shape)}")
        if a.scalar:
            return Val((), self.b.power(a.value, e.value))
        k = None if a.fill else self.b.whole(e.value)
        if a.fill or a.shape[0] != a.shape[1] or k is None or k < 1:
            raise ShapeMismatch(f"a power of {describe_shape(a.shape)} (only square matrices to whole powers)")
        return self.collapse(a.shape, self.b.matpow(a, k))

    def op_T(self, node, env):
        a = self.ev(node[1], env)
        if a.scalar:
            return a
        if a.fill:
            return Val(None, a.value, a.fill, not a.transposed)
        return Val((a.shape[1], a.shape[0]), self.b.transpose(a))

    def op_inv(self, node, env):
        a = self.ev(node[1], env)
        if a.scalar:
            return Val((), self.b.reciprocal(a.value))
        if a.fill == "eye":
            return Val(None, self.b.reciprocal(a.value), "eye")
        if a.fill or a.shape[0] != a.shape[1]:
            raise ShapeMismatch(f"the inverse of {describe_shape(a.shape)} (not square)")
        return Val(a.shape, self.b.inverse(a))

    def op_abs(self, node, env):
        a = self.ev(node[1], env)
        if not a.scalar:
            self.fail(f"|·| of {describe_shape(a.shape)}: write \\det(X) or a norm \\|x\\|")
        return Val((), self.b.absolute(a.value))

    def op_norm(self, node, env):
        a, kind = self.ev(node[1], env), node[2]
        if a.fill:
            self.fail("the norm of \\mathbf{1} or \\mathbf{0} needs a size: \\mathbf{1}_n")
        if kind is None and not (a.scalar or 1 in a.shape):
            self.fail(r"\|W\| of a matrix is ambiguous; write \|W\|_F (Frobenius) or \|W\|_2 (entrywise)")
        if kind not in (None, "2", "F", "1", r"\infty"):
            self.fail(f"unknown norm \\|·\\|_{kind} (use 1, 2, F or \\infty)")
        return Val((), self.b.norm(a, kind))

    def op_sum(self, node, env):
        var, lo, hi, body = node[1], node[2], node[3], node[4]
        if lo is None:  # ``sum_ranges.bound_sums`` gives every reader's sums their limits
            self.fail(f"\\sum_{var} has no limits: write \\sum_{{{var}=1}}^{{n}}")
        lo_v, hi_v = self.ev(lo, env), self.ev(hi, env)
        bad_limits = f"the limits of \\sum_{{{var}=...}} must be whole numbers or sizes"
        if not (lo_v.scalar and hi_v.scalar):
            self.fail(bad_limits)
        reduction = node[5].text[1:] if node[5].text in (r"\max", r"\min") else "sum"
        if self.sizes is None:
            if reduction != "sum":
                return self.b.extremum_over(self, reduction, var, lo_v.value, hi_v.value, body, env)
            return self.b.sum_over(self, var, lo_v.value, hi_v.value, body, env)
        first, last = self.b.whole(lo_v.value), self.b.whole(hi_v.value)
        if first is None or last is None:
            self.fail(bad_limits)
        if reduction != "sum":
            values = [self.ev(body, {**env, var: k}) for k in range(first, last + 1)]
            array = next((v for v in values if not v.scalar), None)
            if not values or array is not None:
                self.fail(f"\\{reduction}_{var} takes the {reduction}imum of scalars over a non-empty range, not of "
                          f"{describe_shape(array.shape) if array and not array.fill else 'an empty one'}")
            return Val((), self.b.extremum(reduction, [v.value for v in values]))
        total = None
        for k in range(first, last + 1):
            v = self.ev(body, {**env, var: k})
            if v.fill:
                self.fail("cannot tell the size of a sum of \\mathbf{1}, \\mathbf{0} or I; write \\mathbf{1}_n or I_n")
            if total is not None and v.shape != total.shape:
                raise ShapeMismatch(f"a sum of {describe_shape(total.shape)} and {describe_shape(v.shape)}")
            total = v if total is None else Val(total.shape, self.b.add(total, v))
        return total if total is not None else Val((), self.b.constant(S.Zero))

    def op_call(self, node, env):
        fname, args, sub, tok = node[1], node[2], node[3], node[4]
        vals = [self.ev(a, env) for a in args]
        if fname.startswith("abstract:"):
            return self.abstract(fname.split(":", 1)[1], vals, tok, env)
        entry = self.entry_of_whole(fname, args, vals, sub, tok, env)
        if entry is not None:
            return entry
        if fname.startswith("map:"):
            if fname.endswith("'"):
                self.fail(f"{fname[4:]}(…) of a function defined entry by entry is not read: write the derivative out "
                          f"(\\frac{{\\partial}}{{\\partial z_k}} {fname[4:].rstrip(chr(39))}(\\mathbf{{z}})_i)")
            return apply_map(self, fname.split(":", 1)[1], vals, env)
        if fname in ("softmax", "diag"):
            if len(vals) != 1 or vals[0].scalar or vals[0].fill or vals[0].shape[1] != 1:
                raise ShapeMismatch(f"{fname} takes a vector, not "
                                    f"{describe_shape(vals[0].shape) if vals and not vals[0].fill else 'this'}")
            x = vals[0]
            if fname == "softmax":
                return Val(x.shape, self.b.softmax(x))
            return Val((x.shape[0], x.shape[0]), self.b.diag(x, self.dims(x.shape)[0]))
        if fname in ("tr", "det", "onehot") and len(vals) != 1:
            self.fail(f"{fname} takes one argument")
        if fname in ("tr", "det"):
            m = vals[0]
            if m.scalar or m.fill or m.shape[0] != m.shape[1]:
                raise ShapeMismatch(f"\\{fname} of {describe_shape(m.shape)} (not square)")
            return Val((), self.b.trace(m) if fname == "tr" else self.b.det(m))
        if fname == "onehot":
            if sub is None:
                self.fail("write \\operatorname{onehot}_m(y) with the length m")
            shape = (size_expr("".join(t.text for t in sub), self.spec, self.where), Integer(1))
            n = self.dims(shape)[0]
            if not vals[0].scalar:
                raise ShapeMismatch(f"onehot of {describe_shape(vals[0].shape)}")
            return Val(shape, self.b.onehot(n, vals[0].value))
        if fname in ("max", "min") and sub is None:
            if len(vals) < 2 or any(not v.scalar for v in vals):
                self.fail(f"\\{fname}(a, b) takes two or more scalars" + (
                    "; entrywise on a vector, write \\text{ReLU}(\\mathbf{z}) for \\max(0, \\mathbf{z})" if len(vals) > 1 else ""))
            return Val((), self.b.extremum(fname, [v.value for v in vals]))
        fn = self.scalar_function(fname, sub, env)
        if fn is None:
            raise LatexParseError(f"{self.where}, column {tok.col}: {unknown_function(fname)}")
        if len(vals) != 1:
            self.fail(f"{fname} takes one argument")
        if vals[0].fill:
            self.fail(f"{fname} of \\mathbf{{1}}/\\mathbf{{0}} needs a size")
        return Val(vals[0].shape, self.b.apply(fn[0], fn[1], vals[0]))

    def entry_of_whole(self, fname: str, args: list, vals: list, sub, tok, env) -> Val | None:
        """softmax(z_i) for z ∈ ℝ^n, or s(x_i) for s defined entry by entry (s(x)_i = …): the courses' way to write
        entry i of the function of the whole vector, said in the scope; read literally, it applies a function of a
        vector to a number. None for any other application."""
        vector_map = fname.startswith("map:") and not fname.endswith("'") and len(self.spec.maps[fname[4:]].letters) == 1 \
            and len(self.spec.maps[fname[4:]].params) == 1
        if not (fname == "softmax" or vector_map) or len(args) != 1 or not vals[0].scalar or args[0][0] != "sub" \
                or args[0][1][0] != "var":
            return None
        whole = self.ev(args[0][1], env)
        if whole.scalar or whole.fill or whole.shape[1] != 1:
            return None
        name, index = args[0][1][1], "".join(t.text for t in args[0][2])
        written = tok.text if tok.kind == "letter" else fname.removeprefix("map:")
        what = "the softmax" if fname == "softmax" else written
        self.said.append(f"{written}({name}_{index}) read as {written}({name})_{index}, entry {index} of {what} of {name} "
                         f"({written} takes a vector)")
        return self.ev(("sub", ("call", fname, [args[0][1]], sub, tok), args[0][2]), env)

    def abstract(self, name: str, vals: list, tok, env) -> Val:
        """f(v) for f declared by its signature: its random stand-in (``notation.abstract``) at v."""
        if name.endswith("'"):
            self.fail(f"{name}(…) of an abstract function is not read: write the derivative out "
                      f"(\\frac{{d}}{{dt}} {name.rstrip(chr(39))}(t), \\nabla_{{\\mathbf{{x}}}} {name.rstrip(chr(39))}(\\mathbf{{x}}))")
        one, _ = self.spec.abstract[name]
        if len(vals) != 1:
            self.fail(f"{name} takes one argument")
        v = self.realize(vals[0], one)
        if v.shape != one:
            raise ShapeMismatch(f"{name} takes {describe_shape(one)}, not {describe_shape(v.shape)}")
        saved, self.bound = self.bound, {**self.bound, f"{name}.v": v}
        try:
            return self.ev(abstract_body(name, tok), env)
        finally:
            self.bound = saved

    def scalar_function(self, fname: str, sub, env):
        """(key, t ↦ SymPy expression) of a scalar function, or None if there is no such function.
        ``σ'``: t ↦ Subs(d/du σ(u), u, t), unevaluated, as the scalar reader writes f'(a)."""
        order = len(fname) - len(fname.rstrip("'"))
        if order:
            found = self.scalar_function(fname.rstrip("'"), sub, env)
            if found is None:
                return None
            (key, maker), u = found, Dummy("u", real=True)
            return (key, "'" * order), lambda t: Subs(Derivative(maker(u), (u, order)), u, t)
        builtin = function_named(fname) if fname not in SCALAR_FUNCS else None
        if builtin is not None and builtin.parameter:  # LeakyReLU_α, ELU_α
            if sub is None:
                self.fail(f"write \\operatorname{{{fname}}}_\\alpha(x) with its parameter")
            alpha = self.ev(Parser(" ".join(t.text for t in sub), self.where, {}).expr(), env)
            if not alpha.scalar:
                self.fail(f"the parameter of {fname} must be a scalar")
            exact = self.b.parameter(alpha.value)
            return (builtin.name, str(exact)), lambda t: builtin.build(t, exact)
        if sub is not None:
            self.fail(f"{fname} takes no subscript")
        maker = SCALAR_FUNCS.get(fname) or (builtin.build if builtin is not None else None)
        return None if maker is None else (fname, maker)

    def target(self, wrt_node, wrt: Val, env):
        """(name, None) for a variable, (name, (i, j)) for one entry of a declared array: what ∂ is
        taken with respect to; anything else is refused."""
        spec, kind = self.spec, wrt_node[0]
        if kind == "var" and wrt_node[1] in self.cut:
            return wrt_node[1], None
        if kind == "sub" and wrt_node[1][0] == "var" and wrt_node[1][1] in self.cut and self.cut[wrt_node[1][1]] != ():
            name = wrt_node[1][1]
            return name, self.position(Val(self.cut[name], None), self.index_values(wrt_node[2], env))
        if kind == "var" and not wrt.fill:
            name = wrt_node[1]
            if name not in env and name not in spec.values and (name not in ("e", "pi") or name in spec.shapes) and (
                    name in spec.shapes or (name not in spec.indices and name not in spec.sizes)):
                return name, None
        if kind == "sub" and wrt_node[1][0] == "var" and not wrt.fill:
            name = wrt_node[1][1]
            if name not in spec.shapes and name not in env and name != "I":
                return name + "_" + "".join(t.text for t in wrt_node[2]), None
            if spec.shapes.get(name, ()) != () and name not in env:
                array = Val(spec.shapes[name], None)
                return name, self.position(array, self.index_values(wrt_node[2], env))
        self.fail("a derivative must be taken with respect to a declared variable or one of its entries")

    def op_grad(self, node, env):
        focus, self.focus = self.focus, None  # only the outermost derivative may be narrowed
        wrt_node = node[1]
        name = wrt_node[1] if wrt_node[0] == "var" else (wrt_node[1][1] if wrt_node[0] == "sub" else None)
        if not isinstance(name, str) or name not in self.spec.defined or name in self.cut or name in env:
            return self.gradient(node, env, focus)
        actual = self.defined(name, env)  # v's value here; then ∂f/∂v with v a variable of its own, at that value
        saved, self.cut = self.cut, {**self.cut, name: actual.shape}
        try:
            return self.b.at_value(name, actual, lambda: self.gradient(node, env, focus))
        finally:
            self.cut = saved

    def gradient(self, node, env, focus) -> Val:
        wrt_node, body = node[1], node[2]
        f = self.ev(body, env)
        wrt = self.ev(wrt_node, env)
        target = self.target(wrt_node, wrt, env)
        if f.fill:
            f = self.realize(f, wrt.shape if not wrt.scalar else ())
        if wrt.scalar:
            layout, shape = "each", f.shape
        elif f.scalar:
            layout, shape = "gradient", wrt.shape
        elif f.shape[1] == 1 and wrt.shape[1] == 1:
            layout, shape = "jacobian", (f.shape[0], wrt.shape[0])
        else:
            self.fail(f"derivatives of {describe_shape(f.shape)} with respect to {describe_shape(wrt.shape)} are not supported")
        # ∂ℓ/∂v as a row, the transpose (never ∇ᵥℓ, a column by definition)
        rows = layout == "gradient" and self.spec.layout == "numerator" and node[3:] == ("partial",)
        if rows and focus is not None:
            focus = (focus[1], focus[0])
        value = self.b.derivative(self, layout, f, wrt, target, body, env, focus)
        if rows:
            return Val((shape[1], shape[0]), self.b.transpose(Val(shape, value)))
        return self.collapse(shape, value) if layout == "jacobian" else Val(shape, value)
