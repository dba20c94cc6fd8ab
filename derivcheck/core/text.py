"""Plain-text notation for the terminal: σ(x), H(x), 1{x > 0}, d/dx, Σ_{q=1..n} x_q, δ_ij, ≤ --
not SymPy's names.

The terminal twin of ``report.latex.DerivcheckLatexPrinter``: a SymPy ``StrPrinter`` with the
same vocabulary, used by ``derivcheck show``, the rich proof tree, the JSON proofs and every
expression inside a proof's words (``core.proof.Phrase``). To add a notation, add a
``_print_<ClassName>`` method.

Both printers show bound indices under short names (``readable_binders``): the prover renames
summation indices apart (q, q', q'', ..., i''''''), and the printers number each stem's indices
afresh in every printed expression (q, q′, q″), distinct names for distinct indices.
"""

from __future__ import annotations

import re

from sympy import Add, Basic, Integral, Product, S, Sum, preorder_traversal
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter

from .functions import NamedFunction

__all__ = ["TextPrinter", "text", "ReadableBinders", "readable_binders", "split_name"]

_GREEK = {name: chr(code) for name, code in (
    ("alpha", 0x3B1), ("beta", 0x3B2), ("gamma", 0x3B3), ("delta", 0x3B4), ("epsilon", 0x3B5), ("eta", 0x3B7),
    ("theta", 0x3B8), ("lambda", 0x3BB), ("mu", 0x3BC), ("pi", 0x3C0), ("rho", 0x3C1), ("sigma", 0x3C3),
    ("tau", 0x3C4), ("phi", 0x3C6), ("omega", 0x3C9))}
_COMBINING = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303"}  # ŷ, x̄, x̃
_RELATIONS = {"==": "=", "!=": "≠", "<=": "≤", ">=": "≥", "<": "<", ">": ">"}
_PRIMES = "'′″‴"
_PRIME_TEXT = {1: "′", 2: "″", 3: "‴"}
_ENTRY = re.compile(r"^(?P<base>.+?)\[(?P<index>[^\[\]]+)\]$")  # x[3], W1[1, 2]: an entry made a scalar


def split_name(name: str) -> tuple[str, str | None, int]:
    """A symbol's name as (stem, entry index or None, number of primes): "x[3]" -> ("x", "3", 0),
    "q''" -> ("q", None, 2). ``instantiate`` names the entries of fixed-size arrays "x[3]"; the
    prover primes renamed indices."""
    stem = name.rstrip(_PRIMES) or name
    primes = sum(1 if ch in "'′" else 2 if ch == "″" else 3 for ch in name[len(stem):])
    m = _ENTRY.match(stem)
    if m:
        return m.group("base"), m.group("index").replace(" ", ""), primes
    return stem, None, primes


_SPARE_INDICES = "rstuvpqabcdefgh"  # when a stem has more indices than q, q′, q″, q‴


def readable_binders(expr) -> dict:
    """A readable name for each bound index of ``expr``'s sums and products.

    Ranked within its stem by its primes, an index gets the first name not taken among q, q′, q″,
    q‴ and then spare letters, skipping the names of ``expr``'s free symbols. Distinct indices keep
    distinct names, so nothing is captured and sums the prover tells apart stay apart; only the
    long chains the prover's renaming apart leaves (i′′′′′′) get short. An index that is also free
    somewhere in ``expr`` keeps its name.
    """
    free = set(getattr(expr, "free_symbols", ()))
    bound = []
    for node in preorder_traversal(expr) if isinstance(expr, Basic) else ():
        if isinstance(node, (Sum, Product)):
            bound += [lim[0] for lim in node.limits if lim[0] not in bound and lim[0] not in free]
    taken = {_plain(s.name) for s in free if hasattr(s, "name")}
    chosen = {}
    for var in sorted(bound, key=lambda v: (split_name(v.name)[2], v.name)):
        stem, index, _ = split_name(var.name)
        if index is not None:
            continue
        candidates = [stem + "'" * k for k in range(4)] + [f"{c}{p}" for p in ("", "'", "''") for c in _SPARE_INDICES]
        name = next((n for n in candidates if n not in taken), var.name)
        chosen[var] = name
        taken.add(name)
    return chosen


def _plain(name: str) -> str:
    stem, index, primes = split_name(name)
    return (stem if index is None else f"{stem}[{index}]") + "'" * primes


class ReadableBinders:
    """Printer mixin: the bound indices of the printed expression under ``readable_binders``' names
    (``_bound``: index -> name; ``_name`` gives any symbol's printed name)."""

    _bound: dict = {}

    def doprint(self, expr):
        self._bound = readable_binders(expr)
        return super().doprint(expr)

    def part(self, expr, whole) -> str:
        """``expr``, a piece of ``whole``, with the names ``whole`` gives its bound indices."""
        self._bound = readable_binders(whole)
        return self._print(expr)

    def _name(self, symbol) -> str:
        return self._bound.get(symbol, symbol.name)


class TextPrinter(ReadableBinders, StrPrinter):
    """SymPy's str printer with the course's notation, for terminals (Unicode)."""

    def _print(self, expr, **kwargs):
        # Our notation wins over a class's own ``_sympystr`` (Indexed has one: x[i]).
        own = TextPrinter.__dict__.get(f"_print_{type(expr).__name__}")
        if own is not None:
            return own(self, expr, **kwargs)
        return super()._print(expr, **kwargs)

    def _print_Symbol(self, expr):
        stem, index, primes = split_name(self._name(expr))
        decorated = re.fullmatch(r"([A-Za-z]|[a-z]+)(hat|bar|tilde)", stem)  # the readers name \hat{y} "yhat"
        if decorated and (len(decorated.group(1)) == 1 or decorated.group(1) in _GREEK):
            stem = _GREEK.get(decorated.group(1), decorated.group(1)) + _COMBINING[decorated.group(2)]
        m = re.fullmatch(r"([a-z]+)(\d*)", stem)
        if m and m.group(1) in _GREEK:
            stem = _GREEK[m.group(1)] + m.group(2)
        if index is not None:
            stem += f"_{index}" if re.fullmatch(r"\w", index) else f"_{{{index}}}"
        return stem + (_PRIME_TEXT.get(primes, "′" * primes) if primes else "")

    _print_Dummy = _print_Symbol

    def _print_Indexed(self, expr):
        """x_i, W_{k,l}, x_{i+1}: an entry of an array as the course writes it."""
        indices = [self._print(i) for i in expr.indices]
        base = self._print(expr.base)
        if len(indices) == 1 and re.fullmatch(r"\w[′″‴]*", indices[0]):
            return f"{base}_{indices[0]}"
        return f"{base}_{{{','.join(indices)}}}"

    def _print_IndexedBase(self, expr):
        return self._print(expr.label)

    def _print_Sum(self, expr):
        return self._big("Σ", expr)

    def _print_Product(self, expr):
        return self._big("Π", expr)

    def _big(self, sign: str, expr) -> str:
        ranges = ", ".join(f"{self._print(v)}={self._print(lo)}..{self._print(hi)}" for v, lo, hi in expr.limits)
        body = expr.function
        shown = f"({self._print(body)})" if isinstance(body, Add) else self._print(body)
        return f"{sign}_{{{ranges}}} {shown}"

    def _print_Integral(self, expr):
        body = expr.function
        shown = f"({self._print(body)})" if isinstance(body, Add) else self._print(body)
        head = "".join(f"∫_{{{self._print(lim[1])}}}^{{{self._print(lim[2])}}}" if len(lim) == 3 else "∫"
                       for lim in expr.limits)
        return f"{head} {shown} " + " ".join(f"d{self._print(lim[0])}" for lim in expr.limits)

    def parenthesize(self, item, level, strict=False):
        """A sum, product or integral inside a product or power is bracketed: (Σ_q x_q)^2, not Σ_q x_q^2."""
        if isinstance(item, (Sum, Product, Integral)):
            return f"({self._print(item)})"
        return super().parenthesize(item, level, strict)

    def _print_Subs(self, expr):
        body, old, new = expr.args
        at = ", ".join(f"{self._print(o)} = {self._print(v)}" for o, v in zip(old, new))
        return f"({self._print(body)})|_{{{at}}}"

    def _print_UnitStep(self, expr):
        """The prover's step on an excluded kink (1 for u > 0, 0 for u < 0): H(u), never at u = 0."""
        return f"H({self._print(expr.args[0])})"

    def _print_ITE(self, expr):
        c, a, b = (self._print(arg) for arg in expr.args)
        return f"({a} if {c}, else {b})"

    def _print_FunctionClass(self, expr):
        """A function by itself ("unfold the definition of σ"): its head as the course writes it."""
        if issubclass(expr, NamedFunction) and expr.text_name:
            return expr.text_name
        return expr.__name__

    def _print_And(self, expr):
        return " and ".join(self._print(a) for a in expr.args)

    def _print_Or(self, expr):
        return " or ".join(self._print(a) for a in expr.args)

    def _print_Not(self, expr):
        return f"not ({self._print(expr.args[0])})"

    def _print_Mod(self, expr):
        a, b = (self.parenthesize(arg, PRECEDENCE["Mul"]) for arg in expr.args)
        return f"{a} mod {b}"

    def _print_BooleanTrue(self, expr):
        return "true"

    def _print_BooleanFalse(self, expr):
        return "false"

    def _print_Infinity(self, expr):
        return "∞"

    def _print_NegativeInfinity(self, expr):
        return "-∞"

    def _print_Relational(self, expr):
        op = _RELATIONS.get(expr.rel_op, expr.rel_op)
        return f"{self._print(expr.lhs)} {op} {self._print(expr.rhs)}"

    def _print_Pow(self, expr, rational=False):
        return super()._print_Pow(expr, rational).replace("**", "^")

    def _print_Mul(self, expr):
        return super()._print_Mul(expr).replace("*", "·")

    def _print_Function(self, expr):
        """σ(x), GELU(x), LeakyReLU_α(x): the name the course writes (``text_name``), parameter as subscript.

        (SymPy's printers skip intermediate classes of a Function, so NamedFunction is caught here.)"""
        if not isinstance(expr, NamedFunction):
            return super()._print_Function(expr)
        args, parameter = expr.split_parameter()
        head = type(expr).text_name or type(expr).__name__
        if parameter is not None:
            head = f"{head}_{self._print(parameter)}"
        return f"{head}({', '.join(self._print(a) for a in args)})"

    def _print_Heaviside(self, expr):
        if len(expr.args) == 1 or expr.args[1] == S.Half:
            return f"H({self._print(expr.args[0])})"
        return f"H_{self._print(expr.args[1])}({self._print(expr.args[0])})"

    def _print_exp(self, expr):
        """e^x for a plain name or number, e^(x_i), e^(-x), e^(2·x) otherwise."""
        arg = self._print(expr.args[0])
        return f"e^{arg}" if re.fullmatch(r"[^\W_]+[′″‴]?|\d+", arg) else f"e^({arg})"

    def _print_Piecewise(self, expr):
        args = expr.args
        if len(args) == 2 and args[1].cond == S.true:
            (v1, c1), (v2, _) = args
            if v1 == 1 and v2 == 0:
                return f"1{{{self._print(c1)}}}"
            if v1 == 0 and v2 == 1 and hasattr(c1, "negated"):
                return f"1{{{self._print(c1.negated)}}}"
        parts = [f"{self._print(v)} if {self._print(c)}" if c != S.true else f"{self._print(v)} otherwise"
                 for v, c in args]
        return "{" + "; ".join(parts) + "}"

    def _print_Derivative(self, expr):
        variables = [v for v, count in expr.variable_count for _ in range(count)]
        d = "∂" if len(expr.expr.free_symbols) > 1 else "d"
        body = self.parenthesize(expr.expr, PRECEDENCE["Mul"])
        if len(variables) == 1:
            return f"{d}/{d}{self._print(variables[0])} {body}"
        return f"{d}^{len(variables)}/" + "".join(f"{d}{self._print(v)}" for v in variables) + f" {body}"

    def _print_Limit(self, expr):
        e, z, z0, _ = expr.args
        return f"lim_{{{self._print(z)}→{self._print(z0)}}} {self.parenthesize(e, PRECEDENCE['Mul'])}"

    def _print_KroneckerDelta(self, expr):
        """δ_ij; δ_{j,q′} when an index is longer than one letter."""
        i, j = (self._print(a) for a in expr.args)
        return f"δ_{i}{j}" if len(i) == 1 and len(j) == 1 else f"δ_{{{i},{j}}}"

    def _print_Max(self, expr):
        return f"max({', '.join(self._print(a) for a in expr.args)})"

    def _print_Min(self, expr):
        return f"min({', '.join(self._print(a) for a in expr.args)})"

    def _print_Abs(self, expr):
        return f"|{self._print(expr.args[0])}|"

    def _print_log(self, expr):
        return f"ln({self._print(expr.args[0])})"

    def _print_floor(self, expr):
        return f"⌊{self._print(expr.args[0])}⌋"

    def _print_ceiling(self, expr):
        return f"⌈{self._print(expr.args[0])}⌉"

    def _print_Transpose(self, expr):
        return f"{self.parenthesize(expr.arg, PRECEDENCE['Pow'])}ᵀ"

    def _print_HadamardProduct(self, expr):
        return " ⊙ ".join(self.parenthesize(a, PRECEDENCE["Mul"]) for a in expr.args)

    def _print_DiagMatrix(self, expr):
        return f"diag({self._print(expr.args[0])})"

    _print_DiagonalizeVector = _print_DiagMatrix


_PRINTER = TextPrinter()


def text(expr) -> str:
    """``expr`` in the project's terminal notation."""
    return _PRINTER.doprint(expr)
