"""Sized claims evaluated as stated (numeric/sized.py) agree with the claim written out and compiled."""

import numpy as np
import pytest
from sympy import Derivative, Eq, IndexedBase, Sum, Symbol, asinh

from conftest import make_claim
from derivcheck.core.claim import dimension, index, vector
from derivcheck.core.entries import softmax
from derivcheck.core.instances import instantiate
from derivcheck.core.registry import load_catalog
from derivcheck.numeric.evaluate import NumericFunction
from derivcheck.numeric.sampling import draw_labels, draw_sizes
from derivcheck.numeric.sized import SizedValues, entry_symbols, readable
from derivcheck.numeric.spotcheck import spot_check

n = Symbol("n", integer=True, positive=True)
i, j = (Symbol(s, integer=True, positive=True) for s in "ij")
x, g = IndexedBase("x", real=True), IndexedBase("g", real=True)


@pytest.mark.parametrize("claim_id", ["vjp_softmax", "grad_cross_entropy_soft", "mlp_grad_batch_mean_layer1_leaky_relu",
                                      "mlp_grad_reg_elastic_net", "sigmoid_mlp_grads_w1"])
def test_stated_values_equal_the_written_out_ones(claim_id):
    """Both sides, derivatives (finite differences) included, at several drawn sizes and points."""
    claim = load_catalog()[claim_id]
    assert readable(claim)
    rng = np.random.default_rng(3)
    int_syms = [s for s, d in claim.variables.items() if d.integer and not d.shape]
    arrays = {str(s): d for s, d in claim.variables.items() if d.shape}
    for fixed in list(draw_sizes(claim, int_syms, rng, 6))[2:6]:
        labels = draw_labels(arrays, fixed, rng)
        reals = [s for s, d in claim.variables.items() if not d.shape and not d.integer]
        symbols = reals + entry_symbols(claim, fixed)
        points = {s: rng.uniform(0.1, 0.9, 7) if s in reals else rng.uniform(-2, 2, 7) for s in symbols}
        stated = SizedValues(fixed, labels)
        for rel in claim.statement:
            written = instantiate(rel, fixed, labels)
            for side, side_written in ((rel.lhs, written.lhs), (rel.rhs, written.rhs)):
                expected = NumericFunction(side_written, symbols)(points)
                assert np.allclose(stated.value(side, points), expected, rtol=1e-6, atol=1e-9), (claim_id, fixed)


def test_a_named_function_inside_a_sum_keeps_its_index():
    """LeakyReLU's Piecewise is unfolded one call at a time: SymPy, unfolding the whole tree, hoisted it
    out of Σ_j with j left unbound in its condition."""
    from derivcheck.core.functions import leaky_relu

    alpha = Symbol("alpha", positive=True)
    expr = Sum(leaky_relu(x[i], alpha), (i, 1, n))
    values = SizedValues({n: 3}, {})
    points = {Symbol(f"x[{k}]", real=True): np.array([v]) for k, v in zip((1, 2, 3), (-1.0, 2.0, -3.0))}
    points[alpha] = np.array([0.1])
    assert np.allclose(values.value(expr, points), [-0.1 + 2.0 - 0.3])


def test_same_verdict_and_points_as_written_out():
    claim = load_catalog()["jacobian_softmax"]
    fast, slow = spot_check(claim, seed=5), spot_check(claim, seed=5, written_out=True)
    assert not fast.refuted and not slow.refuted and fast.points == slow.points == 1000
    assert fast.sizes == slow.sizes


def test_a_false_sized_claim_is_refuted_and_confirmed_written_out():
    """(∂S/∂x)ᵀ g with the sign of the second term flipped: found in float64 as stated, confirmed at
    60 digits on the claim written out at the counterexample's size."""
    S_ = lambda r: softmax(x, r, n)  # noqa: E731
    lhs = Sum(Derivative(S_(i), x[j]) * g[i], (i, 1, n))
    wrong = Eq(lhs, S_(j) * g[j] + S_(j) * Sum(S_(i) * g[i], (i, 1, n)))
    claim = make_claim(wrong, variables={n: dimension(), x: vector(n), g: vector(n), j: index(n)})
    evidence = spot_check(claim, seed=0)
    assert evidence.refuted and evidence.lhs_value != evidence.rhs_value


def test_a_node_it_cannot_evaluate_is_written_out_instead():
    """A function the interpreter does not know (asinh) is no error: the claim is written out."""
    claim = make_claim(Eq(Sum(2 * asinh(x[i]), (i, 1, n)), 2 * Sum(asinh(x[i]), (i, 1, n)), evaluate=False),
                       variables={n: dimension(sample_hi=4), x: vector(n)})
    assert not readable(claim)
    evidence = spot_check(claim, seed=0)
    assert not evidence.refuted and evidence.points > 0
    assert (("n", 1),) in evidence.sizes
