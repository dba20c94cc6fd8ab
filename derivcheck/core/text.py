"""Plain-text notation for the terminal: σ(x), H(x), 1{x > 0}, d/dx, ≤ -- not SymPy's names.

The terminal twin of ``latex_writer.DerivcheckLatexPrinter``: a SymPy ``StrPrinter`` with the
same vocabulary, used by ``derivcheck show`` and the rich proof tree. To add a notation, add a
``_print_<ClassName>`` method.
"""

from __future__ import annotations

from sympy import S
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter

from .functions import NamedFunction

__all__ = ["TextPrinter", "text"]

_GREEK = {name: chr(code) for name, code in (
    ("alpha", 0x3B1), ("beta", 0x3B2), ("gamma", 0x3B3), ("delta", 0x3B4), ("epsilon", 0x3B5), ("eta", 0x3B7),
    ("theta", 0x3B8), ("lambda", 0x3BB), ("mu", 0x3BC), ("pi", 0x3C0), ("rho", 0x3C1), ("sigma", 0x3C3),
    ("tau", 0x3C4), ("phi", 0x3C6), ("omega", 0x3C9))}
_RELATIONS = {"==": "=", "!=": "≠", "<=": "≤", ">=": "≥", "<": "<", ">": ">"}


class TextPrinter(StrPrinter):
    """SymPy's str printer with the course's notation, for terminals (Unicode)."""

    def _print_Symbol(self, expr):
        return _GREEK.get(expr.name, expr.name)

    _print_Dummy = _print_Symbol

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
        arg = self._print(expr.args[0])
        return f"e^{arg}" if expr.args[0].is_Atom and not str(arg).startswith("-") else f"e^({arg})"

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
        return f"δ_{self._print(expr.args[0])}{self._print(expr.args[1])}"

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
