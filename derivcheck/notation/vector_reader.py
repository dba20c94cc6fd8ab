r"""Vectors, matrices and index notation in answer files, checked size by size.

A vector claim (``\nabla_{\mathbf{w}}\|X\mathbf{w} - \mathbf{y}\|_2^2 = 2X^T(X\mathbf{w} - \mathbf{y})``)
is parsed into a small tree (``parse_vector``), whose shapes are checked symbolically first: two
sides of different shapes, or a product whose inner sizes differ, is REFUTED with both shapes.
Then, at n = 1, 2, 3, every declared vector or matrix becomes an explicit SymPy matrix of scalar
symbols (``w1``, ``X2_3``) and the claim becomes one ordinary ``Claim`` per size comparing entries
(larger sizes are checked with numpy by ``vector_numeric``; every size at once by ``vector_index``). Derivatives stay
unevaluated ``Derivative`` nodes, so the spot-checker takes them by finite differences of the
undifferentiated function and the prover by SymPy -- two independent methods, as for scalars.

Layout: for scalar f, ∂f/∂x and ∇ₓf have the shape of x; for a vector y, ∂y/∂x is the Jacobian
with entry (i, j) = ∂yᵢ/∂xⱼ. Matrix norms ``\|W\|_2`` and ``\|W\|_1`` are entrywise (the ML course
convention), ``\|W\|_F`` is Frobenius; a plain ``\|W\|`` on a matrix is refused as ambiguous.

Free indices (``i, j \in \{1, \dots, n\}``) are expanded over every value at small sizes and over
a seeded sample including i = j and i ≠ j at large ones. Sums over an index are expanded at each
size. Nothing here is size-generic; ``vector_index`` is.

To add an operation: give the parser a branch in ``_Parser.atom`` (or ``postfix``) that builds a
node tuple, and ``_Evaluator`` a method ``op_<name>`` that returns a ``Val``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from sympy import (
    Abs, Derivative, Eq, Ge, Gt, Integer, KroneckerDelta, Le, Lt, Matrix, Max, Rational, S, Symbol,
    exp, log, sign, sqrt, tanh,
)

from ..core.errors import LatexParseError
from ..core.functions import BUILTIN_FUNCTIONS, leaky_relu, relu, sigmoid, softplus

__all__ = ["looks_vectorial", "parse_vector", "VectorSpec", "read_vector_where", "ShapeMismatch",
           "claims_by_size", "size_assignments", "LARGE_SIZE", "RANDOM_SIZE_MAX"]

MAX_LENGTH = 2000
MAX_NESTING = 40
RANDOM_SIZE_MAX = 16
LARGE_SIZE = 20
SYMBOLIC_SIZES = (1, 2, 3)  # sizes where the prover is also asked (explicit matrices stay small)
MAX_INDEX_COMBOS = 12

_VECTOR_HINT = re.compile(r"\\mathbf|\\boldsymbol|\\\||\\nabla|\\mathbb\{R\}\^|\\\{\s*1\s*,|\\top|\\intercal|\\odot"
                          r"|\\operatorname\{(softmax|tr|diag|onehot)\}|\\det|\\delta_|\\bm\{")


_INDICATOR = re.compile(r"\\mathbf\{1\}_\{[^{}]*(<|>|=|\\le|\\ge|\\neq|\\in)[^{}]*\}")  # 1_{x>0} is a number


def looks_vectorial(texts, functions: dict) -> bool:
    """Does this claim use vector notation (so it is read here, not by the scalar parser)?"""
    return any(_VECTOR_HINT.search(_INDICATOR.sub("", t)) for t in texts) or "softmax" in functions.values()


class ShapeMismatch(Exception):
    """Two shapes that cannot meet (the claim is REFUTED for every size, or at least for some)."""


# --- tokens --------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\s+|(?P<norm>\\\|)|(?P<cmd>\\[A-Za-z]+)|(?P<space>\\[,;:! ])|(?P<brace>\\[{}])"
                    r"|(?P<num>\d+(?:\.\d+)?)|(?P<letter>[A-Za-z])|(?P<sym>\*\*|[-+=()\[\]{}^_,<>/'|.*])")
_SKIP = {r"\left", r"\right", r"\big", r"\Big", r"\bigg", r"\Bigg", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\displaystyle"}
_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa",
          "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "phi", "varphi", "chi", "psi", "omega",
          "Gamma", "Delta", "Theta", "Lambda", "Xi", "Phi", "Psi", "Omega", "Sigma"}
_SCALAR_FUNCS = {"exp": exp, "log": log, "ln": log, "tanh": tanh, "sigmoid": sigmoid, "softplus": softplus,
                 "relu": relu, "ReLU": relu, "sign": sign, "sgn": sign, "sqrt": sqrt}
_REL = {"=": Eq, "<": Lt, ">": Gt, r"\le": Le, r"\leq": Le, r"\ge": Ge, r"\geq": Ge}


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    col: int


def _tokens(text: str, where: str) -> list[_Tok]:
    if len(text) > MAX_LENGTH:
        raise LatexParseError(f"{where}: longer than {MAX_LENGTH} characters")
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise LatexParseError(f"{where}, column {pos + 1}: unexpected character {text[pos]!r}")
        kind = m.lastgroup
        if kind and kind != "space" and not (kind == "cmd" and m.group() in _SKIP):
            tok = m.group()
            if kind == "brace":
                kind, tok = "sym", "\\" + tok[1]
            out.append(_Tok(kind, tok, pos + 1))
        pos = m.end()
    return out


# --- parser (node tuples) ------------------------------------------------------------------------


class _Parser:
    """Recursive descent over the tokens; nodes are tuples ``(op, ...)``; nothing is evaluated."""

    def __init__(self, text: str, where: str, functions: dict):
        self.toks = _tokens(text, where)
        self.i = 0
        self.where = where
        self.functions = functions
        self.depth = 0
        self.norm_open = 0  # inside \| ... \|, the next \| closes

    # helpers
    def peek(self, k: int = 0):
        j = self.i + k
        if j < len(self.toks):
            return self.toks[j]
        # the end has a place too: just after the last token (a message always names a column)
        last = self.toks[-1] if self.toks else None
        return _Tok("end", "end of input", last.col + len(last.text) if last is not None and last.col > 0 else 1)

    def at(self, *texts) -> bool:
        return self.peek().text in texts

    def take(self, text: str | None = None) -> _Tok:
        tok = self.peek()
        if text is not None and tok.text != text:
            self.fail(f"expected {text!r}, found {tok.text!r}", tok)
        if tok.kind == "end":
            self.fail("unexpected end of input", tok)
        self.i += 1
        return tok

    def fail(self, message: str, tok: _Tok | None = None):
        tok = tok or self.peek()
        col = f", column {tok.col}" if tok.col > 0 else ""
        raise LatexParseError(f"{self.where}{col}: {message}")

    def nest(self):
        self.depth += 1
        if self.depth > MAX_NESTING:
            self.fail(f"nested more than {MAX_NESTING} deep")

    # grammar
    def relation_chain(self):
        members, rels = [self.expr()], []
        while self.peek().text in _REL:
            rels.append(self.take().text)
            members.append(self.expr())
        if self.peek().kind != "end":
            self.fail(f"unexpected {self.peek().text!r}")
        return members, rels

    def group(self):
        """``{...}`` or a single token as the argument of a command, ^ or _."""
        if self.at("{"):
            self.take("{")
            self.nest()
            e = self.expr()
            self.depth -= 1
            self.take("}")
            return e
        return self.atom()

    def raw_group(self) -> list[_Tok]:
        if not self.at("{"):
            return [self.take()]
        self.take("{")
        out, level = [], 1
        while True:
            tok = self.take()
            if tok.text == "{":
                level += 1
            elif tok.text == "}":
                level -= 1
                if level == 0:
                    return out
            out.append(tok)

    def expr(self):
        self.nest()
        sign_neg = False
        if self.at("+", "-"):
            sign_neg = self.take().text == "-"
        node = self.term()
        if sign_neg:
            node = ("neg", node)
        while self.at("+", "-"):
            op = self.take().text
            rhs = self.term()
            node = ("add", node, rhs) if op == "+" else ("add", node, ("neg", rhs))
        self.depth -= 1
        return node

    _STOP = {"+", "-", "=", "<", ">", ")", "]", "}", ",", "end", r"\le", r"\leq", r"\ge", r"\geq", r"\|", "|", "&", r"\}"}

    def term(self):
        node = None
        while (self.peek().text not in self._STOP or (self.at(r"\|") and not self.norm_open)) and self.peek().kind != "end":
            if self.at(r"\cdot", r"\odot", r"\times", "/"):
                if node is None:
                    self.fail(f"{self.peek().text} needs something on its left")
                op = self.take().text
                rhs = self.factor()
                node = {r"\cdot": ("dot", node, rhs), r"\odot": ("odot", node, rhs),
                        r"\times": ("dot", node, rhs), "/": ("div", node, rhs)}[op]
                continue
            if self._derivative_operator_ahead():
                op = self.derivative_operator()
                body = self.term()
                f = ("grad", op, body)
                return f if node is None else ("mul", node, f)
            f = self.factor()
            node = f if node is None else ("mul", node, f)
        if node is None:
            self.fail(f"expected an expression, found {self.peek().text!r}")
        return node

    def _derivative_operator_ahead(self) -> bool:
        if self.at(r"\nabla"):
            return True
        if self.at(r"\frac") and self.peek(1).text == "{" and self.peek(2).text == r"\partial" and self.peek(3).text == "}":
            return True
        return False

    def derivative_operator(self):
        if self.at(r"\nabla"):
            self.take()
            if not self.at("_"):
                self.fail(r"\nabla needs a subscript: \nabla_{\mathbf{w}}")
            self.take("_")
            return self.group()
        self.take(r"\frac")
        self.take("{")
        self.take(r"\partial")
        self.take("}")
        self.take("{")
        self.take(r"\partial")
        wrt = self.factor()
        self.take("}")
        return wrt

    def factor(self):
        self.nest()
        node = self.atom()
        while True:
            if self.at("^"):
                self.take("^")
                tok = self.peek()
                if tok.text in (r"\top", "T", r"\intercal") and tok.kind in ("cmd", "letter"):
                    self.take()
                    node = ("T", node)
                    continue
                if tok.text == "{" and self.peek(1).text in (r"\top", "T", r"\intercal") and self.peek(2).text == "}":
                    self.take("{"), self.take(), self.take("}")
                    node = ("T", node)
                    continue
                if tok.text == "{" and self.peek(1).text == "-" and self.peek(2).text == "1" and self.peek(3).text == "}":
                    for _ in range(4):
                        self.take()
                    node = ("inv", node)
                    continue
                if tok.text == "{" and self.peek(1).text == "-" and self.peek(2).text in ("T", r"\top") and self.peek(3).text == "}":
                    for _ in range(4):
                        self.take()
                    node = ("T", ("inv", node))
                    continue
                if tok.kind == "num" and len(tok.text) > 1:
                    self.fail(f"write ^{{{tok.text}}}: LaTeX reads ^{tok.text} as ^{tok.text[0]} followed by {tok.text[1:]}", tok)
                node = ("pow", node, self.group())
                continue
            if self.at("_"):
                self.take("_")
                node = ("sub", node, self.raw_group())
                continue
            break
        self.depth -= 1
        return node

    def atom(self):
        tok = self.peek()
        t = tok.text
        if tok.kind == "num":
            self.take()
            return ("num", Rational(t))
        if tok.kind == "letter":
            self.take()
            if t in self.functions and self.at("("):
                return self.call(self.functions[t], tok)
            return ("var", t, tok)
        if t in ("(", "["):
            self.take()
            self.nest()
            e = self.expr()
            self.depth -= 1
            self.take(")" if t == "(" else "]")
            return e
        if t == "{":
            return self.group()
        if t == r"\|":
            self.take()
            self.norm_open += 1
            inner = self.expr()
            self.norm_open -= 1
            self.take(r"\|")
            kind = None
            if self.at("_"):
                self.take("_")
                kind = "".join(x.text for x in self.raw_group())
            return ("norm", inner, kind, tok)
        if t == "|":
            self.take()
            inner = self.expr()
            self.take("|")
            return ("abs", inner)
        if tok.kind == "cmd":
            name = t[1:]
            if name in ("mathbf", "boldsymbol", "bm", "hat", "vec", "tilde", "bar"):
                self.take()
                inner = self.raw_group()
                if len(inner) == 1 and inner[0].kind == "num" and name in ("mathbf", "boldsymbol", "bm"):
                    if inner[0].text not in ("0", "1"):
                        self.fail(rf"\{name}{{{inner[0].text}}} is not a vector; use \mathbf{{0}} or \mathbf{{1}}", tok)
                    return ("fill", int(inner[0].text), tok)
                base = _name_of(inner, self, tok)
                suffix = "hat" if name == "hat" else ("tilde" if name == "tilde" else ("bar" if name == "bar" else ""))
                return ("var", base + suffix, tok)
            if name in _GREEK:
                self.take()
                if name == "delta" and self.at("_"):
                    self.take("_")
                    idx = self.raw_group()
                    return ("delta", idx, tok)
                if name in self.functions and self.at("("):
                    return self.call(self.functions[name], tok)
                if name == "sigma" and self.at("("):
                    return self.call("sigmoid", tok)
                return ("var", name, tok)
            if name == "frac" and self.peek(1).text == "{" and self.peek(2).text == r"\partial":
                self.take()
                self.take("{")
                self.take(r"\partial")
                self.norm_open, saved = 0, self.norm_open
                body = self.expr()
                self.norm_open = saved
                self.take("}")
                self.take("{")
                self.take(r"\partial")
                wrt = self.factor()
                self.take("}")
                return ("grad", wrt, body)
            if name == "frac":
                self.take()
                a = self.group()
                b = self.group()
                return ("div", a, b)
            if name == "sqrt":
                self.take()
                return ("call", "sqrt", [self.group()], None, tok)
            if name == "sum":
                return self.sum_()
            if name in ("operatorname", "mathrm", "text"):
                self.take()
                fname = "".join(x.text for x in self.raw_group())
                return self.call(fname, tok)
            if name in ("exp", "log", "ln", "tanh", "det", "tr"):
                self.take()
                return self.call(name, tok, taken=True)
            if name in ("partial",):
                self.fail(r"write derivatives as \frac{\partial f}{\partial x} or \frac{\partial}{\partial x} f", tok)
        self.fail(f"unexpected {t!r}" if tok.kind != "end" else "unexpected end of input", tok)

    def call(self, fname: str, tok: _Tok, taken: bool = True):
        sub = None
        if self.at("_"):
            self.take("_")
            sub = self.raw_group()
        power = None
        if self.at("^"):
            self.take("^")
            power = self.group()
        if self.at("(", "["):
            close = ")" if self.take().text == "(" else "]"
            args = [self.expr()]
            while self.at(","):
                self.take(",")
                args.append(self.expr())
            self.take(close)
        elif self.at("{"):
            args = [self.group()]
        else:
            args = [self.factor()]
        node = ("call", fname, args, sub, tok)
        return ("pow", node, power) if power is not None else node

    def sum_(self):
        tok = self.take(r"\sum")
        self.take("_")
        self.take("{")
        var = self.take()
        if var.kind != "letter":
            self.fail(r"the sum's index must be a letter: \sum_{j=1}^{n}", var)
        self.take("=")
        lo = self.expr()
        self.take("}")
        self.take("^")
        hi = self.group()
        body = self.term()
        return ("sum", var.text, lo, hi, body, tok)


def _name_of(toks: list[_Tok], parser: _Parser, at: _Tok) -> str:
    if len(toks) == 1 and toks[0].kind == "letter":
        return toks[0].text
    if len(toks) == 1 and toks[0].kind == "cmd" and toks[0].text[1:] in _GREEK:
        return toks[0].text[1:]
    if len(toks) >= 3 and toks[0].text in (r"\mathbf", r"\boldsymbol", r"\bm") and toks[1].text == "{" and toks[-1].text == "}":
        return _name_of(toks[2:-1], parser, at)
    if len(toks) == 2 and toks[0].text in (r"\mathbf", r"\boldsymbol", r"\bm"):
        return _name_of(toks[1:], parser, at)
    parser.fail("expected one letter inside the bold/hat command", at)


def parse_vector(text: str, *, where: str, functions: dict):
    """``text`` as (members, relation names); raises ``LatexParseError`` naming the column."""
    p = _Parser(text, where, functions)
    try:
        return p.relation_chain()
    except RecursionError as exc:
        raise LatexParseError(f"{where}: nested too deeply") from exc


# --- declarations (``where``) --------------------------------------------------------------------


@dataclass
class VectorSpec:
    """What the ``where`` entries declare: shapes, index ranges, sizes, scalar conditions."""

    shapes: dict          # name -> (rows, cols) in size symbols, or () for a scalar
    indices: dict         # index name -> upper end (a size expression); lower end 1
    sizes: dict           # size name -> Symbol (positive integer)
    conditions: list      # node tuples (relation chains) restricting the sampling
    values: dict          # scalar name -> exact value


_SET_VECTOR = re.compile(r"^\s*(?P<names>.+?)\s*\\in\s*\\mathbb\{R\}\s*(\^\s*(?P<dims>\{[^{}]*\}|\w))?\s*$")
_SET_INDEX = re.compile(r"^\s*(?P<names>.+?)\s*\\in\s*\\\{\s*1\s*,\s*(\\dots|\\ldots|\\cdots)\s*,\s*(?P<hi>[^{}]+?)\s*\\\}\s*$")
_SET_INTS = re.compile(r"^\s*(?P<names>.+?)\s*\\in\s*\\mathbb\{[NZ]\}(\^\+|_\{?>0\}?)?\s*$")


def _size_symbol(name: str) -> Symbol:
    return Symbol(name, integer=True, positive=True)


def _size_expr(text: str, spec: VectorSpec, where: str):
    text = text.strip().strip("{}").strip()
    if re.fullmatch(r"\d+", text):
        return Integer(int(text))
    m = re.fullmatch(r"([A-Za-z])\s*([+-])\s*(\d+)", text)
    if m:
        base = spec.sizes.setdefault(m.group(1), _size_symbol(m.group(1)))
        return base + int(m.group(3)) if m.group(2) == "+" else base - int(m.group(3))
    if re.fullmatch(r"[A-Za-z]", text):
        return spec.sizes.setdefault(text, _size_symbol(text))
    raise LatexParseError(f"{where}: a size must be a letter or a whole number, not {text!r}")


def _declared_names(text: str, where: str) -> list[str]:
    names = []
    for part in text.split(","):
        toks = _tokens(part.strip(), where)
        p = _Parser(part.strip(), where, {})
        node = p.atom()
        if p.peek().kind != "end" or node[0] != "var":
            raise LatexParseError(f"{where}: cannot declare {part.strip()!r}; expected a letter, \\mathbf{{x}} or \\hat{{\\mathbf{{y}}}}")
        del toks
        names.append(node[1])
    return names


def read_vector_where(entries: list[str], functions: dict, where: str) -> VectorSpec:
    """Declarations of vectors, matrices, indices and sizes; other entries are conditions."""
    spec = VectorSpec({}, {}, {}, [], {})
    for number, text in enumerate(entries, 1):
        what = f"{where}: where[{number}] {text!r}"
        m = _SET_VECTOR.match(text)
        if m:
            dims = m.group("dims")
            if dims is None:
                shape = ()
            else:
                parts = re.split(r"\\times", dims.strip("{}"))
                if len(parts) == 1:
                    shape = (_size_expr(parts[0], spec, what), Integer(1))
                elif len(parts) == 2:
                    shape = (_size_expr(parts[0], spec, what), _size_expr(parts[1], spec, what))
                else:
                    raise LatexParseError(f"{what}: only vectors (ℝ^n) and matrices (ℝ^{{m×n}}) are supported")
            for name in _declared_names(m.group("names"), what):
                spec.shapes[name] = shape
            continue
        m = _SET_INDEX.match(text)
        if m:
            hi = _size_expr(m.group("hi"), spec, what)
            for name in _declared_names(m.group("names"), what):
                spec.indices[name] = hi
            continue
        m = _SET_INTS.match(text)
        if m:
            for name in _declared_names(m.group("names"), what):
                spec.sizes.setdefault(name, _size_symbol(name))
            continue
        members, rels = parse_vector(text, where=what, functions=functions)
        if not rels:
            raise LatexParseError(f"{what}: expected a declaration or a condition")
        if len(members) == 2 and rels == ["="] and members[0][0] == "var" and members[1][0] in ("num", "div"):
            spec.values[members[0][1]] = members[1]
            continue
        spec.conditions.append((members, rels, what))
    return spec


# --- values and evaluation -----------------------------------------------------------------------


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

    def index_values(self, toks: list[_Tok], env) -> list[int]:
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
            n = self.concrete(_size_expr("".join(t.text for t in toks), self.spec, self.where))
            return Val((Integer(n), Integer(n)) if not toks[0].kind == "letter" else (self.spec.sizes[toks[0].text],) * 2, Matrix.eye(n))
        if base[0] == "fill":
            text = "".join(t.text for t in toks)
            dim = _size_expr(text, self.spec, self.where)
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
            dim = _size_expr("".join(t.text for t in sub), self.spec, self.where)
            n = self.concrete(dim)
            (y,) = vals
            if not y.scalar:
                raise ShapeMismatch(f"onehot of {describe_shape(y.shape)}")
            return Val((dim, Integer(1)), Matrix([KroneckerDelta(k, y.value) for k in range(1, n + 1)]))
        fn = _scalar_function(fname, sub, self, env)
        if fn is None:
            raise LatexParseError(f"{self.where}, column {tok.col}: unknown function {fname}")
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
    if fname in ("LeakyReLU", "leaky_relu"):
        if sub is None:
            raise LatexParseError(f"{ev.where}: write \\operatorname{{LeakyReLU}}_\\alpha(x) with the slope")
        alpha = ev.ev(_Parser(" ".join(t.text for t in sub), ev.where, {}).expr(), env).value
        return lambda x: leaky_relu(x, alpha)
    if sub is not None:
        raise LatexParseError(f"{ev.where}: {fname} takes no subscript")
    return _SCALAR_FUNCS.get(fname) or BUILTIN_FUNCTIONS.get(fname)


# --- from a parsed claim to one Claim per size -----------------------------------------------------


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
            raise LatexParseError(f"{name} has a size below 1 at {_sizes_text(sizes)}")
        if c == 1:
            out[name] = Matrix(r, 1, lambda i, j: Symbol(f"{name}{i + 1}", real=True))
        elif r == 1:
            out[name] = Matrix(1, c, lambda i, j: Symbol(f"{name}{j + 1}", real=True))
        else:
            out[name] = Matrix(r, c, lambda i, j: Symbol(f"{name}{i + 1}_{j + 1}", real=True))
    return out


def _sizes_text(sizes: dict) -> str:
    return ", ".join(f"{s} = {v}" for s, v in sorted(sizes.items(), key=lambda kv: str(kv[0]))) or "the declared sizes"


def _free_indices(members, spec: VectorSpec) -> list[str]:
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
                    if isinstance(t, _Tok) and t.text in spec.indices and t.text not in bound and t.text not in seen:
                        seen.append(t.text)
            if node and node[0] == "call" and node[3]:
                for t in node[3]:
                    if isinstance(t, _Tok) and t.text in spec.indices and t.text not in bound and t.text not in seen:
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
    names = _free_indices(members, spec)
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
        rel = _REL[rels[0]]
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
        names = _free_indices(members, spec)
        ranges = [int(S(spec.indices[n]).xreplace(ev.sizes)) for n in names]
        import itertools

        for combo in itertools.product(*[range(1, r + 1) for r in ranges]):
            env = dict(zip(names, combo))
            vals = [ev.ev(m, env) for m in members]
            for rel, a, b in zip(rels, vals, vals[1:]):
                if not (a.scalar and b.scalar):
                    raise LatexParseError(f"{what}: a condition compares scalars (write X_{{ij}} > 0 for entries)")
                cond = _REL[rel](a.value, b.value)
                if cond is S.false:
                    raise LatexParseError(f"{what}: this condition is always false")
                if cond is not S.true:
                    out.append(cond)
    return out
