r"""The vocabulary: every built-in function derivcheck knows, each declared once, here.

A named function (σ, softplus, LeakyReLU, GELU) stays folded while a claim is stated and printed,
so proofs read like the homework. Its *definition* is the class's ``definition``; the prover
(``unfold``) and the spot-check both use it, and the derivative of a named function is the
derivative of its definition -- never a rule such as σ' = σ(1 − σ) that would assume the very
identity a claim states. The mutation oracle keeps its own definitions, on purpose.

``FUNCTIONS`` is the table every layer reads: the names a function is read from (after
``\operatorname``, ``\mathrm``, ``\text``...), whether it takes a subscript parameter (LeakyReLU_α),
and how to build it. Printing comes from the class (``text_name``, ``latex_name``).

To add a function: subclass ``NamedFunction`` (``definition``, ``text_name``, ``latex_name``, and
``parameter = True`` if its last argument is a subscript), add a ``Builtin`` to ``FUNCTIONS``, give
the mutation oracle its own definition (``mutation/oracle.py``), then catalog claims and tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sympy import (
    Abs,
    Expr,
    Function,
    Heaviside,
    Max,
    Min,
    Piecewise,
    Rational,
    S,
    erf,
    exp,
    log,
    pi,
    sign,
    sqrt,
    tanh,
)

__all__ = [
    "NamedFunction",
    "sigmoid",
    "softplus",
    "leaky_relu",
    "relu",
    "heaviside",
    "indicator",
    "gelu",
    "gelu_tanh",
    "silu",
    "elu",
    "softsign",
    "mish",
    "unfold",
    "fold_logistic",
    "Builtin",
    "FUNCTIONS",
    "function_named",
    "BUILTIN_FUNCTIONS",
]

GELU_TANH_CUBIC = Rational(44715, 1000000)  # 0.044715, Hendrycks & Gimpel (2016), eq. for the tanh approximation


class NamedFunction(Function):
    """A function known by name whose meaning is an explicit elementary ``definition``."""

    text_name: str | None = None  # None: the class name
    latex_name: str | None = None  # None: \operatorname{<class name>}
    parameter = False  # the last argument is a subscript parameter: LeakyReLU_α(x), ELU_α(x)

    @classmethod
    def definition(cls, *args: Expr) -> Expr:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def is_kinked(cls) -> bool:
        """Whether the definition has branches (Piecewise, |·|, max, sign, H): the prover splits on them."""
        args = [S(f"_a{k}") for k in range(cls.nargs.args[0] if hasattr(cls.nargs, "args") else 1)]
        return cls.definition(*args).has(Piecewise, Abs, Max, Min, sign, Heaviside)

    def unfolded(self) -> Expr:
        return type(self).definition(*self.args)

    def fdiff(self, argindex=1):
        """Differentiate the definition, so a derivative claim is never true by fiat."""
        from sympy import Dummy

        args = list(self.args)
        var = Dummy("t", real=True)
        args[argindex - 1] = var
        return type(self).definition(*args).diff(var).subs(var, self.args[argindex - 1])

    def _eval_is_real(self):
        return all(a.is_extended_real for a in self.args) or None

    def split_parameter(self) -> tuple[tuple, Expr | None]:
        """(the function's arguments, its subscript parameter or None)."""
        if type(self).parameter:
            return self.args[:-1], self.args[-1]
        return self.args, None

    def _latex(self, printer, exp=None):
        args, parameter = self.split_parameter()
        head = self.latex_name or rf"\operatorname{{{type(self).__name__}}}"
        if parameter is not None:
            head = f"{head}_{{{printer._print(parameter)}}}"
        if exp is not None:
            head = f"{head}^{{{exp}}}"
        return rf"{head}\left({', '.join(printer._print(a) for a in args)}\right)"


class sigmoid(NamedFunction):
    """σ(x) = 1/(1 + e^{-x}), the logistic sigmoid."""

    nargs = 1
    text_name = "σ"
    latex_name = r"\sigma"

    @classmethod
    def definition(cls, x):
        return 1 / (1 + exp(-x))

    def _eval_is_positive(self):
        return True if self.args[0].is_extended_real else None

    def _eval_rewrite_as_exp(self, x, **kwargs):
        return self.definition(x)


class softplus(NamedFunction):
    """softplus(x) = ln(1 + e^{x})."""

    nargs = 1
    text_name = "softplus"
    latex_name = r"\operatorname{softplus}"

    @classmethod
    def definition(cls, x):
        return log(1 + exp(x))

    def _eval_is_positive(self):
        return True if self.args[0].is_extended_real else None

    def _eval_rewrite_as_exp(self, x, **kwargs):
        return self.definition(x)


class leaky_relu(NamedFunction):
    """LeakyReLU_α(x) = x for x ≥ 0, αx for x < 0 (both branches give 0 at x = 0)."""

    nargs = 2
    text_name = "LeakyReLU"
    latex_name = r"\operatorname{LeakyReLU}"
    parameter = True

    @classmethod
    def definition(cls, x, alpha):
        return Piecewise((x, x >= 0), (alpha * x, True))


class gelu(NamedFunction):
    """GELU(x) = x Φ(x) = (x/2)(1 + erf(x/√2)), the exact Gaussian error linear unit."""

    nargs = 1
    text_name = "GELU"
    latex_name = r"\operatorname{GELU}"

    @classmethod
    def definition(cls, x):
        return x / 2 * (1 + erf(x / sqrt(2)))


class gelu_tanh(NamedFunction):
    """GELU's tanh approximation: (x/2)(1 + tanh(√(2/π)(x + 0.044715 x³)))."""

    nargs = 1
    text_name = "GELU_tanh"
    latex_name = r"\operatorname{GELU}_{\tanh}"

    @classmethod
    def definition(cls, x):
        return x / 2 * (1 + tanh(sqrt(2 / pi) * (x + GELU_TANH_CUBIC * x**3)))


class silu(NamedFunction):
    """SiLU(x) = Swish(x) = x σ(x) = x/(1 + e^{-x})."""

    nargs = 1
    text_name = "SiLU"
    latex_name = r"\operatorname{SiLU}"

    @classmethod
    def definition(cls, x):
        return x / (1 + exp(-x))


class elu(NamedFunction):
    """ELU_α(x) = x for x > 0, α(e^x − 1) for x ≤ 0 (α > 0); continuous, kinked at 0 unless α = 1."""

    nargs = 2
    text_name = "ELU"
    latex_name = r"\operatorname{ELU}"
    parameter = True

    @classmethod
    def definition(cls, x, alpha):
        return Piecewise((x, x > 0), (alpha * (exp(x) - 1), True))


class softsign(NamedFunction):
    """softsign(x) = x/(1 + |x|): |·| has a kink at 0, softsign does not (both one-sided slopes are 1)."""

    nargs = 1
    text_name = "softsign"
    latex_name = r"\operatorname{softsign}"

    @classmethod
    def definition(cls, x):
        return x / (1 + Abs(x))


class mish(NamedFunction):
    """Mish(x) = x tanh(softplus(x)) = x tanh(ln(1 + e^x))."""

    nargs = 1
    text_name = "Mish"
    latex_name = r"\operatorname{Mish}"

    @classmethod
    def definition(cls, x):
        return x * tanh(log(1 + exp(x)))


def relu(x: Expr) -> Expr:
    """relu(x) = max(0, x)."""
    return Max(S.Zero, x)


def heaviside(x: Expr) -> Expr:
    """H(x) with the convention H(0) = ½ used in the course notes."""
    return Heaviside(x, S.Half)


def indicator(condition) -> Expr:
    """1{condition}: 1 where the condition holds, 0 elsewhere."""
    return Piecewise((S.One, condition), (S.Zero, True))


def unfold(expr: Expr) -> Expr:
    """Replace every named function by its definition, until none is left (Mish's definition holds none,
    but a user's function may be defined through σ)."""
    for _ in range(8):
        if not expr.atoms(NamedFunction):
            return expr
        expr = expr.replace(lambda e: isinstance(e, NamedFunction), lambda e: e.unfolded())
    return expr


def fold_logistic(expr: Expr) -> Expr:
    """e^{pu}/(1 + e^u)^k = σ(u)^p (1 − σ(u))^{k−p} for integers 0 ≤ p ≤ k: the inverse of unfolding σ.

    The derivative of softplus (or of σ itself, taken from its definition) arrives as
    e^u/(1 + e^u) or e^{−u}/(1 + e^{−u})²; a claim's right side says σ(u) or σ(u)(1 − σ(u)). Inside
    a sum, which is compared whole, the two forms must meet; this rewrite is an identity for every
    real u (1 + e^u > 0), so folding is always sound.
    """
    from sympy import Mul, Pow, expand
    from sympy.core.traversal import bottom_up

    def logistic_denominator(f):
        """(u, k) for a factor (1 + e^u)^(−k), k ≥ 1."""
        if isinstance(f, Pow) and f.exp.is_Integer and f.exp < 0 and f.base.is_Add and len(f.base.args) == 2 \
                and S.One in f.base.args:
            e = next(a for a in f.base.args if a != S.One)
            if isinstance(e, exp):
                return e.args[0], int(-f.exp)
        return None

    def fold(node, kind):
        if not isinstance(node, kind):
            return node
        factors = list(Mul.make_args(node))
        for f in factors:
            found = logistic_denominator(f)
            if found is None:
                continue
            u, k = found
            partner, p = None, 0
            for g in factors:
                if isinstance(g, exp) and g is not f:
                    for q in range(1, k + 1):
                        if expand(g.args[0] - q * u) == 0:
                            partner, p = g, q
                            break
                if partner is not None:
                    break
            rest = [g for g in factors if g is not f and g is not partner]
            if u.could_extract_minus_sign():  # σ(−v) = 1 − σ(v)
                v = -u
                folded = (1 - sigmoid(v)) ** p * sigmoid(v) ** (k - p)
            else:
                folded = sigmoid(u) ** p * (1 - sigmoid(u)) ** (k - p)
            return Mul(*rest) * folded
        return node

    # products first, so e^u meets the (1 + e^u)^(−1) beside it; then a lone (1 + e^u)^(−k)
    return bottom_up(bottom_up(expr, lambda n: fold(n, Mul)), lambda n: fold(n, Pow))


@dataclass(frozen=True)
class Builtin:
    """One built-in function: its canonical name (as an answer file's ``functions`` table writes it),
    the names it is read from in LaTeX (compared ignoring case), and how to build it."""

    name: str
    build: Callable[..., Expr]
    read_as: tuple[str, ...] = ()
    parameter: bool = False  # written with a subscript parameter: \operatorname{LeakyReLU}_{0.2}(x)

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.read_as)


FUNCTIONS: dict[str, Builtin] = {b.name: b for b in (
    Builtin("sigmoid", sigmoid, ("sigmoid", "sigm", "logistic")),
    Builtin("tanh", tanh, ("tanh",)),
    Builtin("softplus", softplus, ("softplus",)),
    Builtin("relu", relu, ("ReLU", "rect")),
    Builtin("leaky_relu", leaky_relu, ("LeakyReLU", "lrelu"), parameter=True),
    Builtin("heaviside", heaviside, ("Heaviside",)),
    Builtin("sign", sign, ("sgn", "signum")),
    Builtin("indicator", indicator),
    Builtin("gelu", gelu, ("GELU",)),
    Builtin("gelu_tanh", gelu_tanh, ("GELUtanh",)),
    Builtin("silu", silu, ("SiLU", "swish")),
    Builtin("elu", elu, ("ELU",), parameter=True),
    Builtin("softsign", softsign, ("softsign",)),
    Builtin("mish", mish, ("Mish",)),
)}

def function_named(name: str) -> Builtin | None:
    r"""The built-in a written name means (``ReLU``, ``\mathrm{SiLU}``'s ``SiLU``, ``leaky_relu``), or None.

    Looked up in ``FUNCTIONS`` on every call (a dozen entries), so an entry added there is read at once."""
    wanted = name.lower()
    return next((b for b in FUNCTIONS.values() if any(n.lower() == wanted for n in b.names())), None)


def known_function_names() -> list[str]:
    """Every name a built-in is read from, for "did you mean" suggestions."""
    return sorted({n for b in FUNCTIONS.values() for n in b.names()})


def display_function_names() -> list[str]:
    """One name per built-in, as LaTeX writes it (``LeakyReLU``, not also ``lrelu``): the list an error shows."""
    return sorted((b.read_as[0] if b.read_as else b.name for b in FUNCTIONS.values()), key=str.lower)


# name -> builder, for code that predates the table (answer files' ``functions`` values)
BUILTIN_FUNCTIONS = {name: b.build for name, b in FUNCTIONS.items()}
