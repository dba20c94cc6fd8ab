r"""Numerator layout, as seed 002 writes backprop: ``∂ℓ/∂b = ∂ℓ/∂ŷ ∂ŷ/∂z ∂z/∂b``.

derivcheck's layout makes ∂ℓ/∂v (ℓ a scalar) shaped like v; a chain written in numerator layout
(∂ℓ/∂v a row) then multiplies a column by a matrix. A step whose shapes fit only the numerator
layout is read in it, and the scope says so; a step that fits neither stays REFUTED for its shapes,
and one that fits the default layout is read in it as before.
"""

import pytest

from conftest import run_answers
from derivcheck.core.verdict import Verdict

NET = [r"\mathbf{x} \in \mathbb{R}^n", r"\mathbf{W} \in \mathbb{R}^{K \times n}", r"\mathbf{y} \in \mathbb{R}^K",
       r"\mathbf{z} = \mathbf{W}\mathbf{x}", r"\ell = \|\mathbf{z} - \mathbf{y}\|^2"]
CASES = [
    ("numerator_chain", r"\frac{\partial \ell}{\partial \mathbf{x}} = \frac{\partial \ell}{\partial \mathbf{z}} "
     r"\frac{\partial \mathbf{z}}{\partial \mathbf{x}}", "true"),
    ("numerator_explicit", r"\frac{\partial \ell}{\partial \mathbf{x}} = 2(\mathbf{z} - \mathbf{y})^T \mathbf{W}", "true"),
    ("numerator_explicit_wrong", r"\frac{\partial \ell}{\partial \mathbf{x}} = (\mathbf{z} - \mathbf{y})^T \mathbf{W}", "false"),
    ("denominator_as_before", r"\frac{\partial \ell}{\partial \mathbf{x}} = 2\mathbf{W}^T (\mathbf{z} - \mathbf{y})", "true"),
    ("neither_layout", r"\frac{\partial \ell}{\partial \mathbf{x}} = \mathbf{W} \frac{\partial \ell}{\partial \mathbf{z}}", "shapes"),
]


@pytest.fixture(scope="module")
def results():
    return run_answers([{"id": cid, "statement": st, "where": NET} for cid, st, _ in CASES], timeout=60)


@pytest.mark.parametrize("cid,expected", [(c[0], c[2]) for c in CASES])
def test_layout(cid, expected, results):
    r = results[cid]
    numerator = "numerator layout" in (r.scope or "")
    if expected == "true":
        assert r.verdict in (Verdict.PROVEN, Verdict.CHECKED), (r.verdict, r.message)
        assert numerator == cid.startswith("numerator"), r.scope
    elif expected == "false":
        assert r.verdict is Verdict.REFUTED and "left =" in r.message, (r.verdict, r.message)
    else:
        assert r.verdict is Verdict.REFUTED and "shapes differ" in r.message, (r.verdict, r.message)


SHAPES = [
    (r"\frac{\partial \ell}{\partial \mathbf{W}} \in \mathbb{R}^{K \times n}", "PROVEN", ""),
    (r"\frac{\partial \ell}{\partial \mathbf{W}} \in \mathbb{R}^{K \times K}", "REFUTED", "it is a K×n matrix"),
    (r"\frac{\partial \ell}{\partial \mathbf{z}} \in \mathbb{R}^{1 \times K}", "PROVEN", "the shape read in numerator layout"),
    (r"\frac{\partial \ell}{\partial \mathbf{z}} \in \mathbb{R}^{K}", "PROVEN", ""),
    (r"\frac{\partial \mathbf{z}}{\partial \mathbf{x}} = \mathbf{W} \in \mathbb{R}^{K \times n}", "PROVEN", ""),
    (r"\nabla_{\mathbf{z}} \ell \in \mathbb{R}^{1 \times K}", "REFUTED", "it is a vector in ℝ^K, not a row vector"),
    (r"\ell \in \mathbb{R}", "PROVEN", ""),
    (r"\frac{\partial \ell}{\partial \mathbf{x}} \in \mathbb{R}^{d}", "ERROR", "d is not a size declared in where"),
    (r"\frac{\partial \ell}{\partial \mathbf{x}} \in \mathbb{R}^{n} = 1", "ERROR", r"\in \mathbb{R}^{…} can only end a chain"),
]


@pytest.mark.parametrize("statement,verdict,says", SHAPES)
def test_a_shape_claim_is_decided_by_the_shape_rules(statement, verdict, says):
    r = run_answers([{"id": "c", "statement": statement, "where": NET}], timeout=60)["c"]
    assert r.verdict.value == verdict, (r.verdict, r.message)
    assert says in (r.message or "") + (r.scope or ""), (r.message, r.scope)


def test_a_relu_network_at_zero_entries_is_decided_not_an_error():
    # the 60-digit check met Max(0, 0.e-228) (evalf's zero without precision, "not comparable"): an ERROR
    # for a true backprop step whenever a drawn point had x = b = 0 (seed 002's network)
    where = [r"\mathbf{x} \in \mathbb{R}^n", r"\mathbf{W}^{(1)} \in \mathbb{R}^{m \times n}", r"\mathbf{b}^{(1)} \in \mathbb{R}^m",
             r"\mathbf{W}^{(2)} \in \mathbb{R}^{K \times m}", r"\mathbf{b}^{(2)} \in \mathbb{R}^K", r"\mathbf{y} \in \mathbb{R}^K",
             r"\mathbf{z_1} = \mathbf{W}^{(1)}\mathbf{x} + \mathbf{b}^{(1)}", r"\mathbf{z_2} = \text{relu}(\mathbf{z_1})",
             r"\mathbf{z_3} = \mathbf{W}^{(2)}\mathbf{z_2} + \mathbf{b}^{(2)}", r"\hat{\mathbf{y}} = \mathbf{z_3}",
             r"\ell = \|\hat{\mathbf{y}} - \mathbf{y}\|^2"]
    statement = r"\frac{\partial \ell}{\partial \mathbf{z_2}} = (\mathbf{W}^{(2)})^T \frac{\partial \ell}{\partial \hat{\mathbf{y}}}"
    r = run_answers([{"id": "c", "statement": statement, "where": where}], timeout=60)["c"]
    assert r.verdict is Verdict.PROVEN, (r.verdict, r.message)
