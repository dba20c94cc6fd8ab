"""Every claim of the built-in catalog is PROVEN, and the catalog itself is well kept."""

import re

import pytest

from derivcheck.core.registry import load_catalog
from derivcheck.core.verdict import Verdict

CATALOG = load_catalog()


@pytest.mark.parametrize("claim_id", sorted(CATALOG))
def test_claim_is_proven(claim_id, catalog_results):
    claim = CATALOG[claim_id]
    result = catalog_results[claim_id]
    assert result.verdict is Verdict.PROVEN, result.message
    assert result.proofs and all(p.steps or p.conclusion for p in result.proofs) or result.method == "structural"
    # sized claims are enumerated on a grid; a claim without variables is checked once, exactly
    assert result.evidence.points >= 1000 or claim.sizes or not claim.variables, f"only {result.evidence.points} numeric points"
    assert result.generic


@pytest.mark.parametrize("claim_id", sorted(CATALOG))
def test_claim_is_documented(claim_id):
    claim = CATALOG[claim_id]
    assert re.fullmatch(r"[a-z][a-z0-9_]*", claim.id)
    assert claim.title and claim.source and claim.topic
    assert claim.scope


def test_catalog_covers_activation_issue():
    expected = {
        "sigmoid_eq_tanh", "tanh_eq_sigmoid", "sigmoid_neg", "log_sigmoid", "softplus_sub_softplus_neg",
        "logit_sigmoid", "deriv_sigmoid", "deriv_tanh", "deriv_softplus", "deriv_log_sigmoid",
        "deriv_sigmoid_le_quarter", "sign_eq_indicators", "deriv_abs", "deriv_relu", "relu_eq_mul_heaviside",
        "relu_eq_pow_heaviside", "leaky_relu_eq_max_of_lt_one", "deriv_leaky_relu",
        "sigmoid_scaled_tendsto_heaviside",
    }
    assert expected <= set(CATALOG)


def test_catalog_covers_optimization_and_mlp_counts():
    expected = {
        "gd_quadratic_closed_form", "gd_quadratic_converges_iff", "gd_quadratic_one_step",
        "mlp_num_params", "mlp_num_params_cifar", "worked_regression_relu",
    }
    assert expected <= set(CATALOG)


def test_catalog_covers_every_mlp_gradient_of_issue_4():
    """Every gradient id of issue 4, for both hidden activations where the issue asks for both."""
    expected = {"mlp_grad_logits", "mlp_grad_hidden", "linear_layers_collapse", "mlp_grad_reg_elastic_net",
                "mlp_grad_reg_elastic_net_w2"}
    for act in ("leaky_relu", "softplus"):
        expected |= {f"mlp_grad_{what}_{act}" for what in ("w2", "b2", "preact", "w1", "b1", "input")}
        expected |= {f"mlp_grad_batch_mean_layer{layer}_{act}" for layer in (1, 2)}
    expected |= {f"{net}_mlp_grads_{p}" for net in ("regression", "sigmoid") for p in ("b2", "w2", "b1", "w1")}
    assert expected <= set(CATALOG)


def test_catalog_covers_softmax_and_losses_issue():
    expected = {
        "softmax_pos", "sum_softmax", "softmax_add_const", "softmax_two_eq_sigmoid", "softmax_zero_temperature",
        "deriv_softmax", "jacobian_softmax", "vjp_softmax", "jacobian_sigmoid", "vjp_sigmoid", "grad_log_softmax",
        "cross_entropy_eq_logsumexp", "grad_cross_entropy", "grad_cross_entropy_soft", "grad_cross_entropy_batch",
        "deriv_binary_cross_entropy", "deriv2_binary_cross_entropy_pos", "deriv_mse_sigmoid", "grad_sq_error",
        "grad_sq_norm", "grad_l1_norm", "grad_elastic_net",
    }
    assert expected <= set(CATALOG)
