"""The terminal notation: the same vocabulary as the LaTeX printer, in Unicode text."""

import pytest
from sympy import Derivative, Eq, KroneckerDelta, Le, Limit, Max, Piecewise, S, Symbol, exp, floor, log, oo

from derivcheck.core.functions import heaviside, indicator, leaky_relu, sigmoid
from derivcheck.core.text import text

x = Symbol("x", real=True)
k = Symbol("k", real=True)
alpha = Symbol("alpha", real=True)


@pytest.mark.parametrize("expr, expected", [
    (Eq(Derivative(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))), "d/dx σ(x) = (1 - σ(x))·σ(x)"),
    (Le(Derivative(sigmoid(x), x), S(1) / 4), "d/dx σ(x) ≤ 1/4"),
    (exp(-x) / (1 + exp(-x)) ** 2, "e^(-x)/(1 + e^(-x))^2"),
    (indicator(x > 0) - indicator(x < 0), "1{x > 0} - 1{x < 0}"),
    (Piecewise((0, x <= 0), (1, True)), "1{x > 0}"),
    (Piecewise((1, x > 0), (alpha, True)), "{1 if x > 0; α otherwise}"),
    (Eq(Limit(sigmoid(k * x), k, oo), heaviside(x)), "lim_{k→∞} σ(k·x) = H(x)"),
    (Eq(leaky_relu(x, alpha), Max(x, alpha * x)), "LeakyReLU_α(x) = max(x, α·x)"),
    (Derivative(leaky_relu(x, alpha), x), "∂/∂x LeakyReLU_α(x)"),
    (log(x), "ln(x)"),
    (KroneckerDelta(Symbol("i"), Symbol("j")), "δ_ij"),
    (floor(x / 2), "⌊x/2⌋"),
])
def test_notation(expr, expected):
    assert text(expr) == expected


def test_proof_tree_uses_the_notation():
    from rich.console import Console

    from derivcheck.core.proof import Goal, Proof, Step

    proof = Proof(Goal(S(1) / 4 - Derivative(sigmoid(x), x), "nonneg"),
                  (Step("factor", (exp(x) - 1) ** 2 / (4 * (exp(x) + 1) ** 2)),), "normalize",
                  conclusion="(exp(x) - 1)**2/(4*(exp(x) + 1)**2) ≥ 0: a product of factors of known sign")
    console = Console(width=200, color_system=None, record=True)
    console.print(proof)
    out = console.export_text()
    assert "goal: 1/4 - d/dx σ(x) ≥ 0" in out
    assert "factor: (e^x - 1)^2/(4·(e^x + 1)^2)" in out
    assert "(e^x - 1)^2/(4·(e^x + 1)^2) ≥ 0: a product of factors of known sign" in out
    assert "sigmoid" not in out and "**" not in out
