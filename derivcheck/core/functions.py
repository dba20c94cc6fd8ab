"""The vocabulary: every named function derivcheck knows, each defined once, here.

A named function (σ, softplus, LeakyReLU) stays folded while a claim is stated and printed, so
proofs read like the homework. Its *definition* lives in ``_DEFINITIONS``; both the prover
(``unfold``) and the spot-checker use that one definition, and the derivative of a named function
is the derivative of its definition -- never a rule such as σ' = σ(1 − σ) that would assume the
very identity a claim states.

To add a function: subclass ``NamedFunction``, give it ``definition`` and a LaTeX form, and add
it to ``BUILTIN_FUNCTIONS`` if answer files may name it.
"""

from __future__ import annotations

from sympy import (
    Expr,
    Function,
    Heaviside,
    Max,
    Piecewise,
    S,
    exp,
    log,
    sign,
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
    "unfold",
    "fold_logistic",
    "BUILTIN_FUNCTIONS",
]


class NamedFunction(Function):
    """A function known by name whose meaning is an explicit elementary ``definition``."""

    latex_name = r"\operatorname{f}"

    @classmethod
    def definition(cls, *args: Expr) -> Expr:  # pragma: no cover - abstract
        raise NotImplementedError

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

    def _latex(self, printer, exp=None):
        args = ", ".join(printer._print(a) for a in self.args)
        head = self.latex_name
        if exp is not None:
            head = f"{head}^{{{exp}}}"
        return rf"{head}\left({args}\right)"


class sigmoid(NamedFunction):
    """σ(x) = 1/(1 + e^{-x}), the logistic sigmoid."""

    nargs = 1
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
    latex_name = r"\operatorname{LeakyReLU}"

    @classmethod
    def definition(cls, x, alpha):
        return Piecewise((x, x >= 0), (alpha * x, True))

    def _latex(self, printer, exp=None):
        x, alpha = (printer._print(a) for a in self.args)
        head = rf"\operatorname{{LeakyReLU}}_{{{alpha}}}"
        if exp is not None:
            head = f"{head}^{{{exp}}}"
        return rf"{head}\left({x}\right)"


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
    """Replace every named function by its definition (innermost first)."""
    return expr.replace(lambda e: isinstance(e, NamedFunction), lambda e: e.unfolded())


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


# Names an answer file's ``functions`` table may map to (issue: `derivcheck check`).
BUILTIN_FUNCTIONS = {
    "sigmoid": sigmoid,
    "tanh": tanh,
    "softplus": softplus,
    "relu": relu,
    "leaky_relu": leaky_relu,
    "heaviside": heaviside,
    "sign": sign,
    "indicator": indicator,
}
