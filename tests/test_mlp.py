"""MLP catalog: parameter counts and the worked example; false variants are REFUTED."""

from fractions import Fraction

from sympy import Derivative, Eq, Max, Rational, Subs, Symbol

from conftest import check, make_claim
from derivcheck.core.verdict import Verdict
from derivcheck.identities.mlp import (
    B1,
    HOMEWORK,
    PARAMETERS,
    SIZES,
    W1,
    W2,
    WORKED_B1,
    WORKED_B2,
    WORKED_T,
    WORKED_W1,
    WORKED_W2,
    WORKED_X,
    d,
    d_h,
    entries,
    i,
    j,
    k,
    m,
    worked_relations,
)


def test_parameter_count_missing_a_bias_is_refuted():
    count = entries((j, d_h), (i, d)) + entries((j, d_h)) + entries((k, m), (j, d_h)) + entries((k, m))
    result = check(make_claim(Eq(count, d_h * (d + 1) + m * d_h), variables=SIZES, id="count_without_b2"))
    assert result.verdict is Verdict.REFUTED
    assert {"d", "d_h", "m"} <= set(result.evidence.counterexample)


def test_cifar_count_by_hand_in_plain_integers():
    layers = (3072, 512, 256, 10)
    assert sum(a * b + b for a, b in zip(layers, layers[1:])) == 1_707_274


def backprop_by_hand():
    """The homework's own method, in exact fractions: forward pass, then the chain rule by hand."""
    q = lambda v: Fraction(str(v))  # noqa: E731
    w1 = [[q(v) for v in row] for row in WORKED_W1]
    b1, w2, b2 = [q(v) for v in WORKED_B1], [q(v) for v in WORKED_W2], q(WORKED_B2)
    loss, g_b2 = Fraction(0), Fraction(0)
    g_w2, g_b1 = [Fraction(0)] * 3, [Fraction(0)] * 3
    g_w1 = [[Fraction(0)] * 3 for _ in range(2)]
    for x, t in zip(WORKED_X, WORKED_T):
        x = [q(v) for v in x]
        z = [x[0] * w1[0][c] + x[1] * w1[1][c] + b1[c] for c in range(3)]
        assert all(v != 0 for v in z)  # off the kinks
        h = [max(Fraction(0), v) for v in z]
        e = sum(w2[c] * h[c] for c in range(3)) + b2 - q(t)
        loss += e * e / 2
        g_b2 += e
        for c in range(3):
            g_w2[c] += e * h[c]
            delta = e * w2[c] * (1 if z[c] > 0 else 0)
            g_b1[c] += delta
            for r in range(2):
                g_w1[r][c] += delta * x[r]
    out = {"L": loss, PARAMETERS[-1]: g_b2}
    out.update({B1[c]: g_b1[c] for c in range(3)})
    out.update({W2[c]: g_w2[c] for c in range(3)})
    out.update({W1[r][c]: g_w1[r][c] for r in range(2) for c in range(3)})
    return out


def test_homework_numbers_agree_with_hand_backprop_when_rounded_to_their_digits():
    exact = backprop_by_hand()
    for what, written in HOMEWORK.items():
        digits = len(written.split(".")[1]) if "." in written else 0
        assert round(exact[what], digits) == Fraction(written), (what, exact[what], written)


def test_dropped_relu_mask_in_a_worked_gradient_is_refuted():
    # ∂L/∂b1_2 without the ReLU derivative: w2_2·Σ(y − t) = (−1)(−2.732) = 2.732, but unit 2 is off
    [relation] = worked_relations({B1[1]: "2.732"})
    result = check(make_claim(relation, variables={}, id="worked_without_relu_mask"))
    assert result.verdict is Verdict.REFUTED
    assert result.evidence.lhs_value == "0" and result.evidence.rhs_value == "2.732"


def test_a_wrong_worked_loss_is_refuted():
    [relation] = worked_relations({"L": "2.3855"})  # one digit dropped
    result = check(make_claim(relation, variables={}, id="worked_wrong_loss"))
    assert result.verdict is Verdict.REFUTED


def test_a_worked_gradient_off_in_the_fifth_decimal_is_refuted_not_checked():
    # variable-free claims are evaluated at 60 digits, so the finite-difference tolerance does not apply
    [relation] = worked_relations({PARAMETERS[-1]: "-2.73201"})
    result = check(make_claim(relation, variables={}, id="worked_b2_slightly_off"))
    assert result.verdict is Verdict.REFUTED
    assert result.message == "at its only point (no free variables): left = -2.732, right = -2.73201"


def test_derivative_at_a_point_on_a_kink_is_not_proven():
    # SymPy says d max(0,p)/dp = Heaviside(p), which is ½ at 0; there is no derivative there
    p = Symbol("p", real=True)
    relation = Eq(Subs(Derivative(Max(0, p), p), p, 0), Rational(1, 2))
    result = check(make_claim(relation, variables={}, id="relu_slope_at_kink"))
    assert result.verdict is Verdict.REFUTED
    assert result.evidence.lhs_value == "undefined"


def test_derivative_at_a_point_off_the_kink_is_proven():
    p = Symbol("p", real=True)
    result = check(make_claim(Eq(Subs(Derivative(Max(0, p) ** 2, p), p, Rational(3, 2)), 3), variables={}, id="off_kink"))
    assert result.verdict is Verdict.PROVEN, result.message



# --- gradients through the network: each false variant is REFUTED with a counterexample ----------

from sympy import Sum, sqrt  # noqa: E402

from derivcheck.core.claim import REALS, index  # noqa: E402
from derivcheck.core.functions import softplus  # noqa: E402
from derivcheck.identities.mlp import (  # noqa: E402
    SOFTPLUS,
    W_1,
    W_2,
    back_hidden,
    back_preact,
    cc,
    delta_out,
    kk,
    label,
    lam12,
    ll,
    network_logits,
    network_variables,
    nll,
    preact,
    sz_d,
    sz_h,
    sz_m,
    x_in,
)

OUT = network_logits(SOFTPLUS)


def _refuted(relation, indices, id, *, square=False, extra=None):
    """Check ``relation`` on the softplus network; ``square`` takes d_h = m so a transpose is well-typed."""
    variables = {**network_variables(SOFTPLUS, indices), **(extra or {})}
    if square:
        relation = relation.xreplace({sz_h: sz_m})
        variables = {s: d.renamed({sz_h: sz_m}) for s, d in variables.items() if s != sz_h}
    result = check(make_claim(relation, variables=variables, id=id), timeout=120)
    assert result.verdict is Verdict.REFUTED, result.message
    assert result.evidence.counterexample
    return result


def test_w2_gradient_transposed_is_refuted():
    """δ_k hˢ_c for δ_c hˢ_k (∂L/∂W⁽²⁾ = hˢ δᵀ, the missing transpose), at d_h = m."""
    wrong = delta_out(OUT, kk) * softplus(preact(cc))
    result = _refuted(Eq(Derivative(nll(OUT, label), W_2[cc, kk]), wrong), {cc: index(sz_m), kk: index(sz_h)},
                      "w2_transposed", square=True)
    assert result.evidence.counterexample["m"] >= 2  # at m = 1 the two agree


def test_w1_gradient_through_untransposed_w2_is_refuted():
    """Σ_c W⁽²⁾_kc δ_c for Σ_c W⁽²⁾_ck δ_c (W⁽²⁾ δ for (W⁽²⁾)ᵀ δ), at d_h = m."""
    wrong = SOFTPLUS.g_prime(preact(kk)) * Sum(W_2[kk, cc] * delta_out(OUT, cc), (cc, 1, sz_m)) * x_in[ll]
    _refuted(Eq(Derivative(nll(OUT, label), W_1[kk, ll]), wrong), {kk: index(sz_h), ll: index(sz_d)},
             "w1_untransposed_w2", square=True)


def test_w1_gradient_without_g_prime_is_refuted():
    wrong = back_hidden(OUT, kk) * x_in[ll]  # g'(hᵃ_k) = σ(hᵃ_k) dropped
    _refuted(Eq(Derivative(nll(OUT, label), W_1[kk, ll]), wrong), {kk: index(sz_h), ll: index(sz_d)}, "w1_no_g_prime")


def test_elastic_net_with_norm_for_the_entry_is_refuted():
    """2λ‖W⁽¹⁾‖_F for 2λW⁽¹⁾ in the gradient of the penalised loss."""
    r, s = Symbol("r", integer=True, positive=True), Symbol("s", integer=True, positive=True)
    frob = Sum(W_1[r, s] ** 2, (r, 1, sz_h), (s, 1, sz_d))
    loss = nll(OUT, label) + lam12 * frob
    wrong = back_preact(SOFTPLUS, kk) * x_in[ll] + 2 * lam12 * sqrt(frob)
    _refuted(Eq(Derivative(loss, W_1[kk, ll]), wrong), {kk: index(sz_h), ll: index(sz_d)}, "elastic_net_norm",
             extra={lam12: REALS})


# --- kinked hidden layers: false variants REFUTED, derivatives through a kept kink NOT proven ---------

from sympy import Ne, Piecewise  # noqa: E402

from derivcheck.core.claim import ForEvery  # noqa: E402
from derivcheck.core.functions import indicator  # noqa: E402
from derivcheck.prover.strategies import prove  # noqa: E402
from derivcheck.identities.mlp import (  # noqa: E402
    LEAKY_RELU,
    alpha,
    b_1,
    every_unit_off_kink,
    jj,
    regression_residual,
    unit,
)
from derivcheck.identities.mlp import _grad_preact, _regression_grad  # noqa: E402

LEAKY_OUT = network_logits(LEAKY_RELU)
OFF_UNIT_K = [Ne(preact(kk), 0)]


def _leaky_claim(relation, indices, id, conditions=OFF_UNIT_K, *, square=False):
    variables = network_variables(LEAKY_RELU, indices)
    if square:  # d = d_h, so W⁽¹⁾ (not its transpose) is well-typed where (W⁽¹⁾)ᵀ is meant
        relation = relation.xreplace({sz_d: sz_h})
        conditions = [c.xreplace({sz_d: sz_h}) for c in conditions]
        variables = {s: d.renamed({sz_d: sz_h}) for s, d in variables.items() if s != sz_d}
    return make_claim(relation, variables=variables, conditions=conditions, id=id)


def _assert_refuted(c):
    result = check(c, timeout=120)
    assert result.verdict is Verdict.REFUTED, result.message
    assert result.evidence.counterexample
    return result


def test_leaky_w1_gradient_without_g_prime_is_refuted():
    wrong = back_hidden(LEAKY_OUT, kk) * x_in[ll]
    _assert_refuted(_leaky_claim(Eq(Derivative(nll(LEAKY_OUT, label), W_1[kk, ll]), wrong),
                                 {kk: index(sz_h), ll: index(sz_d)}, "leaky_w1_no_g_prime"))


def test_leaky_b1_gradient_with_the_slopes_swapped_is_refuted():
    """g' = α for hᵃ_k > 0 and 1 for hᵃ_k < 0."""
    wrong = Piecewise((alpha, preact(kk) > 0), (1, True)) * back_hidden(LEAKY_OUT, kk)
    result = _assert_refuted(_leaky_claim(Eq(Derivative(nll(LEAKY_OUT, label), b_1[kk]), wrong),
                                          {kk: index(sz_h)}, "leaky_b1_slopes_swapped"))
    assert 0 < Fraction(str(result.evidence.counterexample["alpha"])) < 1


def test_leaky_preact_gradient_with_alpha_replaced_by_one_is_refuted():
    true = _grad_preact(LEAKY_RELU)
    [rel] = true["statement"]
    wrong = rel.rhs.xreplace({alpha: 1})
    assert wrong != rel.rhs
    _assert_refuted(make_claim(Eq(rel.lhs, wrong), variables=true["variables"], conditions=true["conditions"],
                               id="leaky_preact_alpha_one"))


def test_leaky_input_gradient_without_the_transpose_is_refuted():
    """Σ_j W⁽¹⁾_lj (∂L/∂hᵃ)_j for Σ_j W⁽¹⁾_jl (∂L/∂hᵃ)_j, at d = d_h."""
    wrong = Sum(W_1[ll, jj] * back_preact(LEAKY_RELU, jj), (jj, 1, sz_h))
    _assert_refuted(_leaky_claim(Eq(Derivative(nll(LEAKY_OUT, label), x_in[ll]), wrong), {ll: index(sz_d)},
                                 "leaky_input_untransposed", [every_unit_off_kink()], square=True))


def test_leaky_w1_gradient_through_a_kept_kink_is_not_proven():
    """Without hᵃ_k ≠ 0 the derivative crosses a kink: never PROVEN (the numbers cannot see it)."""
    rel = Eq(Derivative(nll(LEAKY_OUT, label), W_1[kk, ll]), back_preact(LEAKY_RELU, kk) * x_in[ll])
    indices = {kk: index(sz_h), ll: index(sz_d)}
    assert prove(_leaky_claim(rel, indices, "leaky_w1_kink_kept", conditions=[])) is None
    first_unit = [Ne(preact(1), 0)]  # another unit's kink excluded, not unit k's
    assert prove(_leaky_claim(rel, indices, "leaky_w1_wrong_kink", conditions=first_unit)) is None
    assert prove(_leaky_claim(rel, indices, "leaky_w1_off_kink")) is not None


def test_leaky_input_gradient_needs_every_units_kink_excluded():
    rel = Eq(Derivative(nll(LEAKY_OUT, label), x_in[ll]), Sum(W_1[jj, ll] * back_preact(LEAKY_RELU, jj), (jj, 1, sz_h)))
    one_unit = _leaky_claim(rel, {ll: index(sz_d), kk: index(sz_h)}, "leaky_input_one_unit")  # hᵃ_k ≠ 0 only
    assert prove(one_unit) is None
    all_but_last = [ForEvery(Ne(preact(unit), 0), (unit, 1, sz_h - 1))]
    assert prove(_leaky_claim(rel, {ll: index(sz_d)}, "leaky_input_most_units", all_but_last)) is None


def _regression_refuted(grad, wrt, indices, id, *, square=False):
    statement = _regression_grad(wrt, grad, indices, kinked=True)
    relation, variables, conditions = statement["statement"][0], statement["variables"], list(statement["conditions"])
    if square:  # m = d_h, so W⁽²⁾ (not its transpose) is well-typed
        relation = relation.xreplace({sz_m: sz_h})
        variables = {s: d.renamed({sz_m: sz_h}) for s, d in variables.items() if s != sz_m}
    return _assert_refuted(make_claim(relation, variables=variables, conditions=conditions, id=id))


def test_regression_b1_gradient_without_the_transpose_is_refuted():
    wrong = indicator(preact(kk) > 0) * Sum(W_2[kk, cc] * regression_residual(cc), (cc, 1, sz_m))
    _regression_refuted(wrong, b_1[kk], {kk: index(sz_h), cc: index(sz_m)}, "regression_b1_untransposed", square=True)


def test_regression_w1_gradient_without_the_relu_mask_is_refuted():
    wrong = Sum(W_2[cc, kk] * regression_residual(cc), (cc, 1, sz_m)) * x_in[ll]
    _regression_refuted(wrong, W_1[kk, ll], {kk: index(sz_h), ll: index(sz_d)}, "regression_w1_no_mask")


def test_regression_b1_mask_at_or_above_zero_is_the_same_claim_off_the_kink():
    """1{z ≥ 0} for 1{z > 0}: they differ only at z₁_k = 0, which the claim excludes, so this
    variant is true as stated (PROVEN); the mask reversed, 1{z < 0}, is REFUTED."""
    back = Sum(W_2[cc, kk] * regression_residual(cc), (cc, 1, sz_m))
    at_or_above = _regression_grad(b_1[kk], indicator(preact(kk) >= 0) * back, {kk: index(sz_h)}, kinked=True)
    result = check(make_claim(*at_or_above["statement"], variables=at_or_above["variables"],
                              conditions=at_or_above["conditions"], id="regression_b1_ge"), timeout=120)
    assert result.verdict is Verdict.PROVEN, result.message
    _regression_refuted(indicator(preact(kk) < 0) * back, b_1[kk], {kk: index(sz_h)}, "regression_b1_reversed")


# --- issue 4, remaining ids: input (softplus), batch mean, σ network, elastic net on W⁽²⁾ ------------

from derivcheck.identities.mlp import (  # noqa: E402
    _batch_mean,
    _sigmoid_grad,
    b_2,
    example,
    input_gradient,
    lam22,
    n_examples,
    preact,
    row,
    sigmoid_hidden_error,
    sigmoid_out_error,
    target as target_y,
)
from derivcheck.core.functions import sigmoid  # noqa: E402


def _variant(true_statement, part, wrong_rhs, id, *, rename=None):
    """The claim ``true_statement`` with relation ``part`` alone and its right side replaced."""
    rel = true_statement["statement"][part]
    relation, variables = Eq(rel.lhs, wrong_rhs), dict(true_statement["variables"])
    conditions = list(true_statement["conditions"])
    if rename:  # make two sizes one, so a transposed factor is well-typed
        (old, new), = rename.items()
        relation = relation.xreplace(rename)
        conditions = [c.xreplace(rename) for c in conditions]
        variables = {s: d.renamed(rename) for s, d in variables.items() if s != old}
    return make_claim(relation, variables=variables, conditions=conditions, id=id)


def test_softplus_input_gradient_without_the_transpose_is_refuted():
    from derivcheck.identities.mlp import mlp_grad_input_softplus as claim

    true = dict(statement=claim.statement, variables=claim.variables, conditions=claim.conditions)
    wrong = Sum(W_1[ll, jj] * back_preact(SOFTPLUS, jj), (jj, 1, sz_h))  # W⁽¹⁾ for (W⁽¹⁾)ᵀ
    _assert_refuted(_variant(true, 0, wrong.xreplace({sz_d: sz_h}), "softplus_input_untransposed", rename={sz_d: sz_h}))


def test_softplus_input_gradient_with_one_minus_sigma_is_refuted():
    """g' = 1 − σ (the derivative of −softplus(−z), a classic slip) for g' = σ."""
    from derivcheck.identities.mlp import mlp_grad_input_softplus as claim

    true = dict(statement=claim.statement, variables=claim.variables, conditions=claim.conditions)
    wrong = input_gradient(SOFTPLUS, ll).replace(sigmoid, lambda u: 1 - sigmoid(u))
    _assert_refuted(_variant(true, 0, wrong, "softplus_input_one_minus_sigma"))


def test_batch_gradient_summed_instead_of_averaged_is_refuted():
    """Σ_n for (1/N) Σ_n: true only at N = 1, so the counterexample has N ≥ 2."""
    true = _batch_mean(SOFTPLUS, 2)
    summed = true["statement"][1].rhs * n_examples
    result = _assert_refuted(_variant(true, 1, summed, "batch_b2_summed"))
    assert result.evidence.counterexample["N"] >= 2


def test_batch_gradient_of_the_first_example_only_is_refuted():
    true = _batch_mean(SOFTPLUS, 1)
    first = (true["statement"][1].rhs * n_examples).function.xreplace({example: 1})  # ∂L_1/∂b⁽¹⁾_k
    _assert_refuted(_variant(true, 1, first, "batch_b1_first_example"))


def test_leaky_batch_gradient_needs_every_example_off_the_kink():
    """hᵃ_k(x_1) ≠ 0 alone does not license ∂R/∂b⁽¹⁾_k: the other examples' kinks are crossed too."""
    true = _batch_mean(LEAKY_RELU, 1)
    rel = true["statement"][1]
    for conditions in ([], [Ne(preact(kk, row(1)), 0)], [ForEvery(Ne(preact(kk, row(unit)), 0), (unit, 1, n_examples - 1))]):
        claim = make_claim(rel, variables=true["variables"], conditions=conditions, id="leaky_batch_kinks_kept")
        assert prove(claim) is None
    assert prove(make_claim(rel, variables=true["variables"], conditions=true["conditions"], id="leaky_batch")) is not None


def test_sigmoid_network_gradient_without_the_output_jacobian_is_refuted():
    """∂ℓ/∂b⁽²⁾ = 2(ŷ − y), forgetting σ'(z₂) (the regression network's answer for the σ network)."""
    from derivcheck.identities.mlp import sigmoid_logit

    true = _sigmoid_grad(b_2[cc], sigmoid_out_error(cc), {cc: index(sz_m)})
    _assert_refuted(_variant(true, 0, 2 * (sigmoid(sigmoid_logit(cc)) - target_y[cc]), "sigmoid_b2_no_jacobian"))


def test_sigmoid_network_hidden_jacobian_as_sigma_is_refuted():
    """σ(z₁) for σ(z₁)(1 − σ(z₁)) in ∂ℓ/∂b⁽¹⁾."""
    true = _sigmoid_grad(b_1[kk], sigmoid_hidden_error(kk), {kk: index(sz_h)})
    wrong = sigmoid(preact(kk)) * Sum(W_2[cc, kk] * sigmoid_out_error(cc), (cc, 1, sz_m))
    _assert_refuted(_variant(true, 0, wrong, "sigmoid_b1_sigma_only"))


def test_elastic_net_w2_with_the_l1_term_of_the_wrong_layer_is_refuted():
    """λ₁₁ sign(W⁽²⁾) for λ₂₁ sign(W⁽²⁾): the penalty weights of the two layers swapped."""
    from derivcheck.identities.mlp import lam11, lam21, mlp_grad_reg_elastic_net_w2 as claim

    true = dict(statement=claim.statement, variables=claim.variables, conditions=claim.conditions)
    wrong = true["statement"][0].rhs.xreplace({lam21: lam11})
    _assert_refuted(_variant(true, 0, wrong, "elastic_net_w2_wrong_lambda"))


def test_elastic_net_w2_with_twice_the_frobenius_norm_is_refuted():
    from derivcheck.identities.mlp import mlp_grad_reg_elastic_net_w2 as claim

    r, s = Symbol("r", integer=True, positive=True), Symbol("s", integer=True, positive=True)
    true = dict(statement=claim.statement, variables=claim.variables, conditions=claim.conditions)
    frob = sqrt(Sum(W_2[r, s] ** 2, (r, 1, sz_m), (s, 1, sz_h)))
    wrong = true["statement"][0].rhs - 2 * lam22 * W_2[cc, kk] + 2 * lam22 * frob
    _assert_refuted(_variant(true, 0, wrong, "elastic_net_w2_norm"))
