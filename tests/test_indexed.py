"""The index-generic strategy on its own, and false variants of each kind of vector claim.

Each false variant must be REFUTED with a counterexample at a size n ≥ 2 when it agrees with the
true claim at n = 1 (so a check at n = 1 alone would have passed it) -- the tests verify that too.
"""

import random

from sympy import (Abs, Derivative, Eq, IndexedBase, KroneckerDelta, Ne, Rational, Sum, Symbol, exp, log, sign,
                   sqrt)

from conftest import check
from derivcheck.core.claim import REALS, Claim, dimension, index, matrix, vector
from derivcheck.core.entries import diag, onehot, outer, softmax
from derivcheck.core.instances import rename_apart
from derivcheck.prover.indexed import abstract_sums, index_generic_rule, normalise_sums
from derivcheck.core.proof import CaseSplit, Goal, Proof
from derivcheck.prover.strategies import goal_of, prepare, prove
from derivcheck.run.runner import decide
from derivcheck.core.instances import instantiate
from derivcheck.numeric.precision import high_precision_value
from derivcheck.numeric.spotcheck import spot_check
from derivcheck.core.verdict import Verdict

n = Symbol("n", integer=True, positive=True)
m = Symbol("m", integer=True, positive=True)
i, j, k = (Symbol(s, integer=True, positive=True) for s in "ijk")
x = IndexedBase("x", real=True)
g = IndexedBase("g", real=True)
lam = Symbol("lam", real=True)


def S(r):
    return softmax(x, r, n)


def claim(*relations, variables, conditions=(), id="variant"):
    return Claim(id=id, title=id, source="test", topic="test", statement=tuple(relations),
                 variables=variables, conditions=tuple(conditions))


def over_x(*indices, extra=None):
    return {n: dimension(), x: vector(n), **{s: index(n) for s in indices}, **(extra or {})}


def context(c):
    relations, ctx = prepare(c)
    return [goal_of(r) for r in relations], ctx


def holds_at(relation, sizes, seed=0):
    """The relation at these sizes, at a random real point, to 60 digits (finite differences)."""
    inst = instantiate(relation, sizes)
    rng = random.Random(seed)
    point = {s: Rational(rng.randint(-300, 300), 100) for s in inst.free_symbols
             | {v for d in inst.atoms(Derivative) for v in d.variables}}
    diff = high_precision_value(inst.lhs - inst.rhs, point)
    return abs(diff) < 1e-20


def assert_refuted_beyond_one(c, size=n):
    """REFUTED at a size ≥ 2, while the same relation holds at size 1."""
    result = check(c, timeout=60)
    assert result.verdict is Verdict.REFUTED, result.message
    assert result.evidence.counterexample[str(size)] >= 2, result.evidence.counterexample
    rel = c.statement[result.evidence.part]
    at_one = {s: 1 for s, d in c.variables.items() if d.integer and not d.shape}
    assert holds_at(rel, at_one), "n = 1 does not hide this variant; pick another"
    return result


# --- the strategy's rules, one at a time ------------------------------------------------------------


def test_kronecker_sum_collapses_only_inside_its_range():
    [goal], ctx = context(claim(Eq(Sum(KroneckerDelta(i, k) * x[i], (i, 1, n)), x[k]), variables=over_x(k)))
    assert normalise_sums(goal.expr, ctx) == 0
    # k ranges over 1..m, the sum over 1..n: k may lie outside, so the delta must stay
    [goal], ctx = context(claim(Eq(Sum(KroneckerDelta(i, k) * x[i], (i, 1, n)), 0),
                                variables={n: dimension(), m: dimension(), x: vector(n), k: index(m)}))
    assert normalise_sums(goal.expr, ctx).has(Sum, KroneckerDelta)


def test_sum_of_a_constant_is_count_times_it_and_constants_leave_the_sum():
    [goal], ctx = context(claim(Eq(Sum(lam * x[i] + lam, (i, 1, n)), 0), variables=over_x(extra={lam: REALS})))
    out = normalise_sums(goal.expr, ctx)
    [s] = out.atoms(Sum)
    assert s.function == x[s.limits[0][0]]  # λ left the sum
    assert out - s * Symbol("lam", real=True) == Symbol("lam", real=True) * Symbol("n", integer=True, positive=True)


def test_sums_equal_up_to_their_index_share_one_positive_symbol():
    expr = Sum(exp(x[i]), (i, 1, n)) / Sum(exp(x[j]), (j, 1, n))
    out, table = abstract_sums(expr)
    assert out == 1 and len(table) == 1
    assert table[0][1].is_positive


def test_a_sum_over_a_possibly_empty_range_is_not_called_positive():
    out, [(s, z)] = abstract_sums(Sum(exp(x[i]), (i, 1, m - 3)))
    assert z.is_positive is None and z.is_nonnegative


def test_bound_index_is_renamed_apart_from_a_free_one():
    expr = Derivative(exp(x[i]) / Sum(exp(x[j]), (j, 1, n)), x[j])
    renamed = rename_apart(expr)
    [s] = renamed.atoms(Sum)
    assert str(s.limits[0][0]) != "j"
    assert renamed.variables == (x[j],)


def test_softmax_derivative_is_proven_by_a_case_split_on_the_indices():
    c = claim(Eq(Derivative(S(i), x[j]), S(i) * (KroneckerDelta(i, j) - S(j))), variables=over_x(i, j))
    [goal], ctx = context(c)
    proof = index_generic_rule(goal, ctx)
    assert proof is not None and proof.method == "index-generic"
    split = next(node for node in proof.steps if isinstance(node, CaseSplit))
    assert [case.condition for case in split.cases] == ["i = j", "i ≠ j"]
    rules = proof.rules
    assert any("δ" in r for r in rules)
    assert any("= Z" in r and r.startswith("Σ") for r in rules)


def test_strategy_declines_a_derivative_on_a_kink_the_claim_does_not_exclude():
    rel = Eq(Derivative(Sum(Abs(x[i]), (i, 1, n)), x[k]), sign(x[k]))
    assert prove(claim(rel, variables=over_x(k))) is None
    assert prove(claim(rel, variables=over_x(k), conditions=[Ne(x[k], 0)])) is not None


def test_strategy_declines_a_kink_it_cannot_locate():
    # |Σ_i x_i| has its kink where the whole sum vanishes; no single x_k ≠ 0 excludes it
    rel = Eq(Derivative(Abs(Sum(x[i], (i, 1, n))), x[k]), sign(Sum(x[i], (i, 1, n))))
    assert prove(claim(rel, variables=over_x(k), conditions=[Ne(x[k], 0)])) is None


def test_strategy_works_on_matrix_entries():
    W = IndexedBase("W", real=True)
    p, q = (Symbol(s, integer=True, positive=True) for s in "pq")
    r, c, l = (Symbol(s, integer=True, positive=True) for s in "rcl")
    rel = Eq(Derivative(Sum(W[r, c] ** 2, (r, 1, p), (c, 1, q)), W[k, l]), 2 * W[k, l])
    cl = claim(rel, variables={p: dimension(), q: dimension(), W: matrix(p, q), k: index(p), l: index(q)})
    assert prove(cl) is not None


# --- spot-checks at random sizes ----------------------------------------------------------------------


def test_spot_check_draws_sizes_one_and_two_and_large_ones():
    ev = spot_check(claim(Eq(Sum(S(i), (i, 1, n)), 1), variables=over_x()), seed=3)
    sizes = {dict(s)["n"] for s in ev.sizes}
    assert {1, 2} <= sizes and max(sizes) > 16 and max(sizes) <= 64


def test_zero_matrix_slip_is_caught_by_the_numbers(monkeypatch):
    # d/dW of an explicit component sum once came back as ZeroMatrix from SymPy: ∂‖x‖²/∂x_k = 0
    slip = claim(Eq(Derivative(Sum(x[i] ** 2, (i, 1, n)), x[k]), 0), variables=over_x(k))
    assert check(slip).verdict is Verdict.REFUTED
    import derivcheck.run.runner as runner

    monkeypatch.setattr(runner, "prove", lambda c, budget, strategies=None: [Proof(Goal(x[k], "zero"), (), "slip")])
    result = check(slip)
    assert result.verdict is Verdict.ERROR and "BUG" in result.message


def test_proof_limited_to_listed_sizes_is_not_generic():
    c = claim(Eq(Sum(S(i), (i, 1, n)), 1), variables=over_x())
    evidence = spot_check(c, points=100)
    limited = Proof(Goal(S(1), "zero"), (), "explicit matrices", fixed_sizes=(("n", (2, 3, 4)),))
    result = decide(c, evidence=evidence, proofs=[limited], seconds=0.0)
    assert result.verdict is Verdict.PROVEN and not result.generic
    assert "n ∈ {2, 3, 4}" in result.scope
    generic = decide(c, evidence=evidence, proofs=[Proof(Goal(S(1), "zero"), (), "index-generic")], seconds=0.0)
    assert generic.generic and "only" not in generic.scope


# --- false variants: REFUTED at n ≥ 2 although n = 1 hides them ----------------------------------------


def test_jacobian_with_flipped_sign_is_refuted():
    rel = Eq(Derivative(S(i), x[j]), outer(S, S, i, j) - diag(S, i, j))
    assert_refuted_beyond_one(claim(rel, variables=over_x(i, j)))


def test_jacobian_with_inner_product_for_outer_product_is_refuted():
    # Sᵀ S (a number) where S Sᵀ (an n×n matrix) belongs, broadcast over the entries
    rel = Eq(Derivative(S(i), x[j]), diag(S, i, j) - Sum(S(k) ** 2, (k, 1, n)))
    assert_refuted_beyond_one(claim(rel, variables=over_x(i, j)))


def test_softmax_summing_to_n_is_refuted():
    assert_refuted_beyond_one(claim(Eq(Sum(S(i), (i, 1, n)), n), variables=over_x()))


def test_vjp_without_the_inner_softmax_weights_is_refuted():
    lhs = Sum(Derivative(S(i), x[j]) * g[i], (i, 1, n))
    rel = Eq(lhs, S(j) * g[j] - S(j) * Sum(g[i], (i, 1, n)))
    assert_refuted_beyond_one(claim(rel, variables=over_x(j, extra={g: vector(n)})))


def test_cross_entropy_gradient_with_flipped_sign_is_refuted():
    o = IndexedBase("o", real=True)
    y = Symbol("y", integer=True, positive=True)
    rel = Eq(Derivative(-log(softmax(o, y, m)), o[k]), onehot(y, k) - softmax(o, k, m))
    c = claim(rel, variables={m: dimension(), o: vector(m), y: index(m), k: index(m)})
    assert_refuted_beyond_one(c, size=m)


def test_l1_gradient_at_an_unexcluded_kink_is_refuted_at_zero():
    rel = Eq(Derivative(Sum(Abs(x[i]), (i, 1, n)), x[k]), sign(x[k]))
    result = check(claim(rel, variables=over_x(k)))
    assert result.verdict is Verdict.REFUTED
    assert result.evidence.counterexample[f"x[{result.evidence.counterexample['k']}]"] == 0


def test_elastic_net_with_frobenius_norm_for_w_is_refuted():
    W = IndexedBase("W", real=True)
    p, q = (Symbol(s, integer=True, positive=True) for s in "pq")
    r, c, l = (Symbol(s, integer=True, positive=True) for s in "rcl")
    penalty = lam * Sum(W[r, c] ** 2, (r, 1, p), (c, 1, q))
    rel = Eq(Derivative(penalty, W[k, l]), 2 * lam * sqrt(Sum(W[r, c] ** 2, (r, 1, p), (c, 1, q))))
    cl = claim(rel, variables={p: dimension(sample_hi=8), q: dimension(sample_hi=8), W: matrix(p, q),
                               k: index(p), l: index(q), lam: REALS})
    assert check(cl).verdict is Verdict.REFUTED


# --- fallback: explicit small sizes ----------------------------------------------------------------------


def test_claim_beyond_the_rewrites_is_proven_only_for_small_sizes_and_says_so():
    # Σ_i i = n(n + 1)/2 needs induction, which the index-generic rewrites do not do
    gauss = claim(Eq(Sum(i, (i, 1, n)), n * (n + 1) / 2), variables={n: dimension()})
    [goal], ctx = context(gauss)
    assert index_generic_rule(goal, ctx) is None
    result = check(gauss)
    assert result.verdict is Verdict.PROVEN and result.method == "explicit sizes"
    assert not result.generic and result.scope.endswith("proven only for n ∈ {1, 2, 3}")


def test_counterexample_beyond_the_explicit_sizes_is_refuted_not_a_bug():
    wrong = claim(Eq(Sum(i, (i, 1, n)), n * (n + 1) / 2 + (n - 1) * (n - 2) * (n - 3)), variables={n: dimension()})
    result = check(wrong)
    assert result.verdict is Verdict.REFUTED and result.evidence.counterexample["n"] >= 4
    assert "proven there only" in result.message


def test_matrix_claims_issue_4_will_need():
    # ∂/∂W_kl ‖W v − t‖² = 2 (W v − t)_k v_l: a contracted index inside a square, then a double sum
    W, v, t = IndexedBase("W", real=True), IndexedBase("v", real=True), IndexedBase("t", real=True)
    p, q = (Symbol(s, integer=True, positive=True) for s in "pq")
    a, b, c, l = (Symbol(s, integer=True, positive=True) for s in "abcl")
    Wv = lambda r: Sum(W[r, b] * v[b], (b, 1, q))  # noqa: E731
    rel = Eq(Derivative(Sum((Wv(a) - t[a]) ** 2, (a, 1, p)), W[k, l]), 2 * (Wv(k) - t[k]) * v[l])
    sizes = {p: dimension(), q: dimension(), W: matrix(p, q), v: vector(q), t: vector(p), k: index(p), l: index(q)}
    proofs = prove(claim(rel, variables=sizes))
    assert proofs is not None and proofs[0].method == "index-generic"
    from sympy import Gt
    positive = Gt(Sum(exp(W[a, c]), (a, 1, p), (c, 1, q)), 0, evaluate=False)
    assert prove(claim(positive, variables={p: dimension(), q: dimension(), W: matrix(p, q)})) is not None


# --- sums compared term by term; σ folded back from its definition --------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from derivcheck.core.functions import fold_logistic, sigmoid, softplus, unfold  # noqa: E402

N_ = Symbol("N", integer=True, positive=True)
X = IndexedBase("X", real=True)
u = Symbol("u", real=True)
v = Symbol("v", real=True)


def test_equal_range_sums_with_bodies_equal_term_by_term_are_proven():
    """∂/∂w (1/N) Σ_n (w x_n − t_n)² = (1/N) Σ_n 2(w x_n − t_n) x_n: bodies equal at every n."""
    w, t = Symbol("w", real=True), IndexedBase("t", real=True)
    risk = Sum((w * x[i] - t[i]) ** 2, (i, 1, n)) / n
    mean = Sum(2 * (w * x[j] - t[j]) * x[j], (j, 1, n)) / n
    c = claim(Eq(Derivative(risk, w), mean), variables={n: dimension(), x: vector(n), t: vector(n), w: REALS})
    [proof] = prove(c)
    assert proof.method == "index-generic" and any("generic" in getattr(s, "rule", "") for s in proof.steps)


def test_sums_over_different_ranges_are_not_compared_term_by_term():
    """Σ_{i≤n} x_i = Σ_{i≤m} x_i is false for n ≠ m: the bodies agree, the ranges do not."""
    c = claim(Eq(Sum(x[i], (i, 1, n)), Sum(x[i], (i, 1, m))),
              variables={n: dimension(), m: dimension(), x: vector(n + m)})
    assert prove(c) is None


def test_a_sum_equal_only_after_reindexing_is_not_proven_term_by_term_and_not_refuted():
    """Σ_i x_i = Σ_i x_{n+1−i} is true, but not term by term: not PROVEN that way, never REFUTED."""
    c = claim(Eq(Sum(x[i], (i, 1, n)), Sum(x[n + 1 - i], (i, 1, n))), variables=over_x())
    result = check(c, timeout=60)
    assert result.verdict in (Verdict.CHECKED, Verdict.PROVEN), result.message
    if result.verdict is Verdict.PROVEN:  # if a later rule proves it, the proof must not be the termwise one
        assert "generic n" not in str(result.proofs)


def test_term_by_term_false_claim_is_refuted_with_its_counterexample():
    """Σ_n x_n² = Σ_n x_n (the bodies differ): REFUTED."""
    result = check(claim(Eq(Sum(x[i] ** 2, (i, 1, n)), Sum(x[i], (i, 1, n))), variables=over_x()), timeout=60)
    assert result.verdict is Verdict.REFUTED and result.evidence.counterexample


def test_fold_logistic_recognises_the_derivatives_of_softplus_and_sigma():
    assert fold_logistic(softplus(u).diff(u)) == sigmoid(u)
    assert fold_logistic(sigmoid(u).diff(u)) == sigmoid(u) * (1 - sigmoid(u))
    assert fold_logistic(1 / (1 + exp(u + v))) == 1 - sigmoid(u + v)
    assert fold_logistic(exp(-u) / (1 + exp(-u))) == 1 - sigmoid(u)  # σ(−u) = 1 − σ(u)
    assert fold_logistic(exp(3 * u) / (1 + exp(u))).has(exp)  # p > k: e^{3u} is not a power of σ, kept


POWERS = st.tuples(st.integers(0, 3), st.integers(1, 3), st.sampled_from([1, -1]), st.integers(-2, 2))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(POWERS, st.floats(-30, 30))
def test_fold_logistic_is_an_identity(powers, at):
    """e^{p·s·u}/(1 + e^{s·u})^k · e^{q·u}, folded and unfolded again, has the same value everywhere."""
    p, k, sgn, q = powers
    expr = exp(p * sgn * u) / (1 + exp(sgn * u)) ** k * exp(q * u)
    folded = fold_logistic(expr)
    before, after = (float(e.subs(u, Rational(at)).evalf(40)) for e in (expr, unfold(folded)))
    assert abs(before - after) <= 1e-12 * max(1.0, abs(before)), (expr, folded)


def test_sums_differing_only_in_which_index_is_the_row_are_not_identified():
    """Σ_q e^{Σ_j W_jq h_j} and Σ_q e^{Σ_j W_qj h_j}: SymPy's dummy_eq calls them equal (every
    binder becomes _0), which let the prover "prove" a transposed W⁽²⁾ (mutation run)."""
    from derivcheck.core.binders import alpha_equal

    q, jj, r, s = (Symbol(t, integer=True, positive=True) for t in ("q", "jj", "r", "s"))
    W, h = IndexedBase("W", real=True), IndexedBase("h", real=True)
    row = Sum(exp(Sum(W[q, jj] * h[jj], (jj, 1, n))), (q, 1, n))
    column = Sum(exp(Sum(W[jj, q] * h[jj], (jj, 1, n))), (q, 1, n))
    renamed = Sum(exp(Sum(W[r, s] * h[s], (s, 1, n))), (r, 1, n))
    assert row.dummy_eq(column)  # the SymPy behaviour this guards against
    assert not alpha_equal(row, column) and alpha_equal(row, renamed)
    _, table = abstract_sums(row / column)
    assert len(table) == 2


def test_transposed_hidden_gradient_is_not_proven():
    """mlp_grad_hidden with (W⁽²⁾)ᵀ inside the softmax's normaliser (at d_h = m): the mutant the
    prover once "proved"; now not proven, and REFUTED."""
    from derivcheck.mutation.mutate import mutants
    from derivcheck.core.registry import load_catalog

    made = {m.operator: m.claim for m in mutants(load_catalog()["mlp_grad_hidden"], limit=400)}
    c = made["right: transpose W2[q, j] → W2[j, q] (at d_h = m)"]
    assert prove(c) is None
    assert check(c, timeout=60).verdict is Verdict.REFUTED
