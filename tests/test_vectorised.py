"""Sized claims evaluated with whole index ranges at once (numeric/vectorised.py) give the interpreter's
values bit for bit (numeric/sized.py, one binding at a time), and anything it does not take falls back."""

import warnings

import numpy as np
import pytest
from sympy import Derivative, IndexedBase, Rational, Sum, Symbol, exp

from derivcheck.core.functions import leaky_relu
from derivcheck.core.registry import load_catalog
from derivcheck.numeric import sized
from derivcheck.numeric.sampling import SPECIAL_VALUES, draw_labels, draw_sizes
from derivcheck.numeric.sized import NotReadable, SizedValues, entry_symbols, readable
from derivcheck.numeric.spotcheck import spot_check
from derivcheck.numeric.vectorised import Unsupported

n = Symbol("n", integer=True, positive=True)
i, j, q = (Symbol(s, integer=True, positive=True) for s in "ijq")
x = IndexedBase("x", real=True)
alpha = Symbol("alpha", positive=True)

CLAIMS = ["vjp_softmax", "jacobian_softmax", "grad_cross_entropy_soft", "grad_cross_entropy_batch", "softmax_pos",
          "mlp_grad_batch_mean_layer1_leaky_relu", "mlp_grad_batch_mean_layer2_softplus", "mlp_grad_reg_elastic_net",
          "mlp_grad_input_leaky_relu", "sigmoid_mlp_grads_w1", "grad_l1_norm", "linear_layers_collapse"]


def both(fixed, labels, points, evaluate):
    """(vectorised, interpreter) results of ``evaluate(values, points)``; the vectorised one must not decline."""
    fast, slow = SizedValues(fixed, labels), SizedValues(fixed, labels, vectorised=False)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast._stacked(points)  # raises Unsupported if the claim's points cannot be stacked
    return evaluate(fast, points), evaluate(slow, points)


def points_for(claim, fixed, rng, count=11):
    """Special values first (0 is every kink of |·| and LeakyReLU), then draws of several scales."""
    reals = [s for s, d in claim.variables.items() if not d.shape and not d.integer]
    symbols = reals + [s for s in entry_symbols(claim, fixed) if s not in reals]
    special = np.array(SPECIAL_VALUES[:4], dtype=float)
    points = {s: np.concatenate([special, rng.normal(0, 4, count - len(special))]) for s in symbols}
    for s in reals:
        points[s] = rng.uniform(0.05, 0.95, count)
    return points


@pytest.mark.parametrize("claim_id", CLAIMS)
def test_catalog_values_bit_for_bit(claim_id):
    """Both sides (derivatives by finite differences, kinks at the special values) and the condition
    masks, at the smallest sizes and drawn ones (up to 64 for a vector)."""
    claim = load_catalog()[claim_id]
    assert readable(claim)
    rng = np.random.default_rng(11)
    int_syms = [s for s, d in claim.variables.items() if d.integer and not d.shape]
    arrays = {str(s): d for s, d in claim.variables.items() if d.shape}
    checked = 0
    for fixed in list(draw_sizes(claim, int_syms, rng, 8)):
        labels = draw_labels(arrays, fixed, rng)
        if labels is None:
            continue
        points = points_for(claim, fixed, rng)
        for rel in claim.statement:
            for side in (rel.lhs, rel.rhs):
                fast, slow = both(fixed, labels, points, lambda v, p: v.value(side, p))
                assert np.array_equal(fast, slow, equal_nan=True), (claim_id, fixed, side)
                checked += 1
        if claim.conditions:
            fast, slow = both(fixed, labels, points, lambda v, p: v.mask(list(claim.conditions), p, 1e-6))
            assert np.array_equal(fast, slow), (claim_id, fixed)
    assert checked


@pytest.mark.parametrize("fixed", [{n: 1, i: 1, j: 1}, {n: 3, i: 2, j: 2}, {n: 3, i: 1, j: 3}, {n: 64, i: 7, j: 7}])
def test_softmax_jacobian_entry_with_i_equal_j(fixed):
    """∂S_i/∂x_j at i = j and i ≠ j: the moved entry is the one the index names."""
    expr = Derivative(exp(x[i]) / Sum(exp(x[q]), (q, 1, n)), x[j])
    rng = np.random.default_rng(2)
    points = {Symbol(f"x[{k}]", real=True): rng.normal(0, 3, 6) for k in range(1, fixed[n] + 1)}
    fast, slow = both(fixed, {}, points, lambda v, p: v.value(expr, p))
    assert np.array_equal(fast, slow, equal_nan=True)


def test_one_sided_slopes_at_a_kink():
    """A derivative at LeakyReLU's kink is NaN (the slopes disagree) in both, and the slope elsewhere."""
    expr = Sum(Derivative(Sum(leaky_relu(x[i], alpha), (i, 1, n)), x[j]), (j, 1, n))
    fixed = {n: 3}
    points = {Symbol(f"x[{k}]", real=True): np.array([0.0, 1.5, -2.0, 0.0]) for k in (1, 2, 3)}
    points[Symbol("x[2]", real=True)] = np.array([0.0, 0.0, 1.0, 2.0])
    points[alpha] = np.full(4, 0.1)
    fast, slow = both(fixed, {}, points, lambda v, p: v.value(expr, p))
    assert np.array_equal(fast, slow, equal_nan=True)
    assert np.isnan(fast[0]) and np.isfinite(fast[2])


def test_a_shadowed_index_is_its_own_axis():
    """Σ_j x_j Σ_j x_j²: the inner j hides the outer one."""
    expr = Sum(x[j] * Sum(x[j] ** 2, (j, 1, n)), (j, 1, n))
    points = {Symbol(f"x[{k}]", real=True): np.array([float(k), -1.0]) for k in (1, 2, 3)}
    fast, slow = both({n: 3}, {}, points, lambda v, p: v.value(expr, p))
    assert np.array_equal(fast, slow) and fast[0] == 6.0 * 14.0


def test_what_it_does_not_take_falls_back():
    """A range that depends on another index is the interpreter's; an entry out of range is NotReadable
    as before (the claim is then written out)."""
    points = {Symbol(f"x[{k}]", real=True): np.array([float(k), 0.5]) for k in (1, 2, 3)}
    triangle = Sum(x[j] * Sum(x[q], (q, 1, j)), (j, 1, n))
    values = SizedValues({n: 3}, {})
    with pytest.raises(Unsupported):
        values._stacked(points).value(triangle)
    assert np.array_equal(values.value(triangle, points), [1 * 1 + 2 * 3 + 3 * 6, 0.25 + 0.5 + 0.75])
    beyond = Sum(x[j + 1], (j, 1, n))
    with pytest.raises(Unsupported):
        values._stacked(points).value(beyond)
    with pytest.raises(NotReadable):
        values.value(beyond, points)
    power = Sum(x[j] ** j, (j, 1, n))  # an exponent that varies with the index only: one binding at a time
    with pytest.raises(Unsupported):
        values._stacked(points).value(power)
    assert np.array_equal(values.value(power, points), SizedValues({n: 3}, {}, vectorised=False).value(power, points))
    assert values.value(Rational(1, 3) * n, points).tolist() == [1.0, 1.0]


@pytest.mark.parametrize("claim_id", ["vjp_softmax", "mlp_grad_batch_mean_layer1_leaky_relu", "grad_cross_entropy_batch"])
def test_spot_check_evidence_unchanged(claim_id, monkeypatch):
    """Same points, same errors, same sizes: the evidence is the interpreter's."""
    claim = load_catalog()[claim_id]
    fast = spot_check(claim, seed=4)
    monkeypatch.setattr(sized, "VECTORISED", False)
    slow = spot_check(claim, seed=4)
    assert fast == slow


def test_a_derivative_whose_body_does_not_name_its_index():
    """Σ_j ∂(Σ_i x_i²)/∂x_j = 2 Σ_j x_j in both evaluators (the interpreter once reused j = 1 for every j)."""
    expr = Sum(Derivative(Sum(x[i] ** 2, (i, 1, n)), x[j]), (j, 1, n))
    points = {Symbol(f"x[{k}]", real=True): np.array([float(k), -1.0]) for k in (1, 2, 3)}
    fast, slow = both({n: 3}, {}, points, lambda v, p: v.value(expr, p))
    assert np.allclose(fast, [12.0, -6.0]) and np.allclose(slow, [12.0, -6.0])
