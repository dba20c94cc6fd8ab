r"""Leibniz's d in a statement the vector reader reads (``\frac{d \tanh(x)}{dx}`` beside a declared vector, or any
claim of a file that maps S to softmax): it was the fraction d·tanh(x) / (d·x), and a true derivative was REFUTED."""

import pytest

from derivcheck import api
from derivcheck.core.verdict import Verdict

V = [r"\mathbf{v} \in \mathbb{R}^n"]


@pytest.mark.parametrize("statement,where,verdict", [
    (r"\frac{d \tanh(x)}{dx} = 1 - \tanh(x)^2", V, Verdict.PROVEN),
    (r"\frac{d x^2}{dx} = 2x", V, Verdict.PROVEN),
    (r"\frac{d x^2}{dx} = x", V, Verdict.REFUTED),
    (r"\frac{\mathrm{d}}{\mathrm{d} x} x^3 = 3x^2", V, Verdict.PROVEN),
    (r"\frac{d L}{d \mathbf{v}} = 2\mathbf{v}", V + [r"L = \mathbf{v}^T\mathbf{v}"], Verdict.PROVEN),
    # d as a size: a ratio, not a derivative
    (r"\frac{d}{d_h} \mathbf{1}^T\mathbf{v} = \frac{d}{d_h} \sum_{i=1}^{n} v_i", V + [r"d, d_h \in \mathbb{N}"], Verdict.PROVEN),
])
def test_leibniz_d_is_a_derivative_in_vector_statements(statement, where, verdict):
    r = api.check(statement, where=where, timeout=60)
    assert r.verdict is verdict, (r.verdict, r.message)


@pytest.mark.parametrize("statement", [
    r"\frac{d \tanh(x)}{dx} = 1 - \tanh(x)^2",
    r"\frac{d\sigma}{dx} = \frac{e^{-x}}{(1 + e^{-x})^2} = \sigma(1 - \sigma)",
    r"\text{abs}(x) = |x|",
])
def test_a_softmax_letter_sends_only_the_claims_that_write_it_to_the_vector_reader(statement):
    r = api.check(statement, where=[r"x \in \mathbb{R}"], functions={"S": "softmax"}, timeout=60)
    assert r.verdict is Verdict.PROVEN, (r.verdict, r.message)


def test_with_d_declared_a_plain_d_fraction_names_both_readings():
    """x ∈ ℝ^d: \\frac{d x^2}{dx} may be the derivative or d·x²/(d·x); \\mathrm{d} settles it."""
    where = [r"\mathbf{v} \in \mathbb{R}^d"]
    r = api.check(r"\frac{d x^2}{dx} = 2x", where=where, timeout=60)
    assert r.verdict is Verdict.ERROR and "d is declared" in r.message, r.message
    assert api.check(r"\frac{\mathrm{d} x^2}{\mathrm{d}x} = 2x", where=where, timeout=60).verdict is Verdict.PROVEN
