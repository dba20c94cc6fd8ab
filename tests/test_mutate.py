"""Mutation testing: operators, the independent oracle, and a seeded sample of the catalog."""

from sympy import Derivative, Eq, Le, Max, Ne, S, Symbol, tanh

from conftest import make_claim, x
from derivcheck.core.claim import REALS, interval
from derivcheck.core.functions import leaky_relu, sigmoid
from derivcheck.mutation.mutate import Oracle, mutants, run_mutation
from derivcheck.core.registry import load_catalog

alpha = Symbol("alpha", real=True)


def test_operators_make_the_classic_slips():
    claim = make_claim(Eq(Derivative(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))))
    made = {str(m.claim.statement[0]) for m in mutants(claim)}
    assert any("(sigmoid(x) + 1)*sigmoid(x)" in s for s in made)  # σ(1 + σ): a dropped sign
    assert any("tanh" in s for s in made)  # sibling function
    assert any("2*x" in s for s in made)  # constant inside the argument


def test_assumption_and_domain_are_dropped():
    claim = make_claim(Eq(leaky_relu(x, alpha), Max(x, alpha * x)), variables={x: REALS, alpha: interval(0, 1)},
                       conditions=[Ne(x, 0)])
    ops = {m.operator for m in mutants(claim)}
    assert any(op.startswith("drop assumption") for op in ops)
    assert any(op.startswith("drop the domain of alpha") for op in ops)


def test_oracle_separates_true_and_false():
    oracle = Oracle(seed=1)
    assert oracle.judge(make_claim(Eq(tanh(x), 2 * sigmoid(2 * x) - 1)))[0] == "true"
    verdict, point = oracle.judge(make_claim(Eq(sigmoid(-x), sigmoid(x))))
    assert verdict == "false" and point["x"] != 0
    # false only on a small region: still found by the oracle's own sampling
    assert oracle.judge(make_claim(Le(sigmoid(x), S(9) / 10)))[0] == "false"


def test_oracle_sees_a_missing_derivative_at_a_kink():
    from sympy import Abs, sign

    verdict, point = Oracle().judge(make_claim(Eq(Derivative(Abs(x), x), sign(x))))
    assert verdict == "false" and point == {"x": 0.0}


def test_seeded_sample_of_the_catalog_has_no_false_pass():
    # a bounded CI sample over three topics; the whole catalog is bench/bench_mutation.py
    claims = [c for c in load_catalog().values() if c.topic in ("activations", "conv", "optimization")]
    report = run_mutation(claims, seed=7, timeout=30, jobs=2, sample=40)
    summary = report.summary
    assert summary["mutants"] == 40
    assert summary["mutants_false"] >= 30
    assert summary["false_passes"] == 0, [c.false_passes for c in report.claims]
    assert summary["bad_counterexamples"] == 0
    assert summary["refuted"] == summary["mutants_false"] - summary["errors"] - summary["timeouts"]
    # a false mutant that high precision cannot evaluate where float64 saw it differ (one side out of
    # range) is an ERROR, never a pass (numeric/precision.py, Evidence.unresolved): a few are allowed
    assert summary["errors"] <= 3 and summary["timeouts"] == 0


def test_oracle_honours_a_condition_for_every_index():
    """Σ|x_i| = Σ x_i holds where every x_u > 0 (a ForEvery condition, written out per size)."""
    from sympy import Abs, Gt, IndexedBase, Sum

    from derivcheck.core.claim import ForEvery, dimension, vector

    n, i, u = Symbol("n", integer=True, positive=True), Symbol("i", integer=True), Symbol("u", integer=True)
    v = IndexedBase("v", real=True)
    rel = Eq(Sum(Abs(v[i]), (i, 1, n)), Sum(v[i], (i, 1, n)))
    variables = {n: dimension(sample_hi=4), v: vector(n)}
    oracle = Oracle(seed=1)
    assert oracle.judge(make_claim(rel, variables=variables))[0] == "false"
    every = ForEvery(Gt(v[u], 0), (u, 1, n))
    assert oracle.judge(make_claim(rel, variables=variables, conditions=[every]))[0] == "true"


def test_oracle_evaluates_sized_claims_itself():
    """Softmax Jacobian entries, true and with i, j swapped in the wrong place (true only when i = j
    or n = 1): the oracle, which writes no sum out through derivcheck's code, tells them apart."""
    from sympy import IndexedBase, KroneckerDelta

    from derivcheck.core.claim import dimension, index, vector
    from derivcheck.core.entries import softmax

    n = Symbol("n", integer=True, positive=True)
    i, j = (Symbol(s, integer=True, positive=True) for s in "ij")
    xs = IndexedBase("x", real=True)
    variables = {n: dimension(), xs: vector(n), i: index(n), j: index(n)}
    S_ = lambda r: softmax(xs, r, n)  # noqa: E731
    true = Eq(Derivative(S_(i), xs[j]), S_(i) * (KroneckerDelta(i, j) - S_(j)))
    wrong = Eq(Derivative(S_(i), xs[j]), S_(j) * (KroneckerDelta(i, j) - S_(j)))
    oracle = Oracle(seed=3)
    assert oracle.judge(make_claim(true, variables=variables))[0] == "true"
    verdict, point = oracle.judge(make_claim(wrong, variables=variables))
    assert verdict == "false" and point["n"] >= 2 and point["i"] != point["j"]


def test_oracle_judges_every_sized_catalog_claim_true():
    """The oracle is itself checked: it must never call a true catalog claim false (a sample of the
    sized ones, each family of the MLP topic represented)."""
    catalog = load_catalog()
    ids = ["jacobian_softmax", "vjp_sigmoid", "grad_cross_entropy_batch", "mlp_grad_input_leaky_relu",
           "regression_mlp_grads_b1", "sigmoid_mlp_grads_w1", "mlp_grad_batch_mean_layer1_leaky_relu",
           "gd_quadratic_closed_form", "linear_layers_collapse"]
    oracle = Oracle(seed=0, points=12)
    for claim_id in ids:
        assert oracle.judge(catalog[claim_id])[0] == "true", claim_id


def test_oracle_confirms_a_checker_counterexample_on_a_sized_claim():
    """A REFUTED sized mutant's counterexample (sizes, indices, entries "x[1]") is re-evaluated."""
    from sympy import IndexedBase, Sum

    from derivcheck.core.claim import dimension, vector

    n, i = Symbol("n", integer=True, positive=True), Symbol("i", integer=True, positive=True)
    v = IndexedBase("v", real=True)
    wrong = make_claim(Eq(Sum(v[i] ** 2, (i, 1, n)), Sum(v[i], (i, 1, n)) ** 2), variables={n: dimension(), v: vector(n)})
    oracle = Oracle()
    assert oracle.violates_at(wrong, {"n": 2, "v[1]": 1.0, "v[2]": 1.0}) is True  # 2 ≠ 4
    assert oracle.violates_at(wrong, {"n": 1, "v[1]": 3.0}) is False  # equal at n = 1


def test_seeded_sample_of_sized_claims_has_no_false_pass():
    """Mutants of softmax/cross-entropy claims (every n) in CI too; the whole catalog is the bench."""
    claims = [c for c in load_catalog().values() if c.topic == "softmax_cross_entropy"]
    report = run_mutation(claims, seed=11, timeout=60, jobs=2, sample=10)
    summary = report.summary
    assert summary["mutants"] == 10 and summary["mutants_undecided"] == 0
    assert summary["mutants_false"] >= 6
    assert summary["false_passes"] == 0, [c.false_passes for c in report.claims]
    assert summary["bad_counterexamples"] == 0 and summary["counterexamples_unverified"] == 0
    assert summary["refuted"] == summary["mutants_false"]


def test_sized_claims_get_transposed_and_index_swapped_mutants_at_square_sizes():
    """∂L/∂W⁽²⁾ written transposed, W⁽²⁾ for (W⁽²⁾)ᵀ: the classic slips, made well-typed by taking the
    matrix square (d_h = m) in the mutant; never a mutant of a derivative's order."""
    from sympy import Derivative as D

    claim = load_catalog()["mlp_grad_w2_softplus"]
    made = {m.operator: m.claim for m in mutants(claim, limit=400)}
    transposed = [op for op in made if op.startswith("left: transpose W2[c, k] → W2[k, c]")]
    assert transposed and "(at d_h = m)" in transposed[0]
    square = made[transposed[0]]
    assert "d_h" not in {str(s) for s in square.variables} and square.variables[next(s for s in square.variables if str(s) == "W2")].shape[0] == \
        square.variables[next(s for s in square.variables if str(s) == "W2")].shape[1]
    for mutated in made.values():
        for rel in mutated.statement:
            assert all(c == 1 for d in rel.atoms(D) for _, c in d.variable_count)


def test_oracle_evaluates_a_claim_without_variables_once(monkeypatch):
    # every trial of a claim with no variables is the same point: the worked example's 30 true mutants took 80 each
    right = make_claim(Eq(sigmoid(S(0)), S(1) / 2, evaluate=False), variables={}, id="constant")
    wrong = make_claim(Eq(sigmoid(S(0)), S(1) / 3, evaluate=False), variables={}, id="constant_wrong")
    assert Oracle(0).judge(wrong)[0] == "false"
    calls = []
    judged = Oracle._violated
    monkeypatch.setattr(Oracle, "_violated", lambda self, rel, point: calls.append(rel) or judged(self, rel, point))
    assert Oracle(0).judge(right)[0] == "true" and len(calls) == 1
