"""Kinks inside sums: which kinks a derivative reaches, UnitStep derivatives, ForEvery conditions."""

import pytest
from sympy import Abs, Derivative, Eq, Gt, IndexedBase, Ne, Piecewise, Sum, Symbol, sign

from conftest import check
from derivcheck.core.claim import REALS, Claim, ForEvery, dimension, index, interval, vector
from derivcheck.core.errors import InvalidClaim
from derivcheck.core.functions import leaky_relu, relu
from derivcheck.core.instances import rename_apart
from derivcheck.prover.kinks import UnitStep, differentiate_off_kinks, kinks_reached_are_excluded, piecewise_as_steps
from derivcheck.prover.strategies import prepare, prove
from derivcheck.core.instances import instantiate
from derivcheck.core.verdict import Verdict

n = Symbol("n", integer=True, positive=True)
i, j, k, u = (Symbol(s, integer=True, positive=True) for s in "ijku")
x = IndexedBase("x", real=True)
alpha = Symbol("alpha", real=True)


def claim(*relations, variables, conditions=(), id="kink_claim"):
    return Claim(id=id, title=id, source="test", topic="test", statement=tuple(relations),
                 variables=variables, conditions=tuple(conditions))


def over_x(*indices, extra=None):
    return {n: dimension(sample_hi=6), x: vector(n), **{s: index(n) for s in indices}, **(extra or {})}


def guard(c):
    [rel], ctx = prepare(c)[0][:1], prepare(c)[1]
    return kinks_reached_are_excluded(rename_apart(rel.lhs - rel.rhs), ctx)


# --- the guard ----------------------------------------------------------------------------------------

def test_a_summed_kink_is_located_at_the_derivative_index():
    rel = Eq(Derivative(Sum(Abs(x[i]), (i, 1, n)), x[k]), sign(x[k]))
    assert guard(claim(rel, variables=over_x(k), conditions=[Ne(x[k], 0)]))
    assert not guard(claim(rel, variables=over_x(k)))
    assert not guard(claim(rel, variables=over_x(k, j), conditions=[Ne(x[j], 0)]))  # another entry's kink


def test_a_kink_mixing_two_summed_entries_is_not_excluded_by_one_entry():
    # |x_i + 2x_j| reaches x_k + 2x_j = 0 (i = k, any j): x_k ≠ 0 does not exclude it. Setting both
    # summed indices to k would have read it as 3x_k ≠ 0.
    lhs = Derivative(Sum(Abs(x[i] + 2 * x[j]), (i, 1, n), (j, 1, n)), x[k])
    rhs = Sum(sign(x[k] + 2 * x[j]), (j, 1, n)) + 2 * Sum(sign(x[i] + 2 * x[k]), (i, 1, n))
    c = claim(Eq(lhs, rhs), variables=over_x(k), conditions=[Ne(x[k], 0)])
    assert not guard(c)  # the guard of b8e2b56 let this one through
    assert prove(c) is None


def test_an_input_reaching_every_kink_needs_a_condition_for_every_index():
    # x_k enters every term of Σ_j relu(x_j − Σ_i x_i): every kink x_j − Σ_i x_i = 0 is reached
    s = Sum(x[i], (i, 1, n))
    rel = Eq(Derivative(Sum(relu(x[j] - s), (j, 1, n)), x[k]), 0)
    every = ForEvery(Ne(x[u] - Sum(x[i], (i, 1, n)), 0), (u, 1, n))
    assert not guard(claim(rel, variables=over_x(k), conditions=[Ne(x[k] - s, 0)]))
    assert guard(claim(rel, variables=over_x(k), conditions=[every]))
    partial = ForEvery(Ne(x[u] - Sum(x[i], (i, 1, n)), 0), (u, 1, n - 1))  # misses u = n
    assert not guard(claim(rel, variables=over_x(k), conditions=[partial]))


# --- derivatives in UnitStep form ----------------------------------------------------------------------

def test_leaky_relu_differentiates_to_its_one_sided_slopes():
    got = differentiate_off_kinks(Derivative(leaky_relu(x[k], alpha), x[k]))
    assert (got - (alpha + (1 - alpha) * UnitStep(x[k]))).expand() == 0
    assert differentiate_off_kinks(Derivative(relu(x[k]), x[k])) == UnitStep(x[k])


def test_no_piecewise_escapes_a_sum_when_differentiating_through_kinks():
    q, m = Symbol("q", integer=True, positive=True), Symbol("m", integer=True, positive=True)
    W = IndexedBase("W", real=True)
    from sympy import exp
    inner = Sum(leaky_relu(x[j], alpha) * W[q, j], (j, 1, n))
    got = differentiate_off_kinks(Derivative(Sum(exp(inner), (q, 1, m)), x[k]))
    assert not got.has(Piecewise)
    for s in got.atoms(UnitStep):  # every UnitStep(x_j) sits inside the sum over j
        assert not (s.free_symbols & {j}) or any(lim[0] == j for t in got.atoms(Sum) if t.has(s) for lim in t.limits)


def test_piecewise_becomes_unit_step_only_on_an_excluded_kink():
    pw = Piecewise((1, x[k] > 0), (alpha, True))
    _, ctx = prepare(claim(Eq(pw, alpha), variables=over_x(k, extra={alpha: REALS}), conditions=[Ne(x[k], 0)]))
    assert (piecewise_as_steps(pw, ctx) - (alpha + (1 - alpha) * UnitStep(x[k]))).expand() == 0
    _, bare = prepare(claim(Eq(pw, alpha), variables=over_x(k, extra={alpha: REALS})))
    assert piecewise_as_steps(pw, bare) == pw


# --- ForEvery ------------------------------------------------------------------------------------------

def test_for_every_is_described_written_out_and_validated():
    every = ForEvery(Ne(x[u], 0), (u, 1, n))
    c = claim(Eq(x[k], 2 * x[k]), variables=over_x(k), conditions=[every])
    assert "x_u ≠ 0 for every u = 1..n" in c.scope
    written = instantiate(every, {n: 3})
    assert set(written.args) == {Ne(Symbol(f"x[{v}]", real=True), 0) for v in (1, 2, 3)}
    with pytest.raises(InvalidClaim, match="must be an integer symbol"):
        claim(Eq(x[k], 2 * x[k]), variables=over_x(k, u), conditions=[every])


def test_spot_check_samples_only_where_every_instance_holds():
    rel = Eq(Sum(Abs(x[i]), (i, 1, n)), Sum(x[i], (i, 1, n)))  # true only where every x_i > 0
    assert check(claim(rel, variables=over_x())).verdict is Verdict.REFUTED
    result = check(claim(rel, variables=over_x(), conditions=[ForEvery(Gt(x[u], 0), (u, 1, n))]))
    assert result.verdict in (Verdict.CHECKED, Verdict.PROVEN), result.message
    assert result.evidence.points > 0


def test_leaky_relu_through_a_sum_is_proven_only_with_the_kink_excluded():
    rel = Eq(Derivative(Sum(leaky_relu(x[i], alpha), (i, 1, n)), x[k]), Piecewise((1, x[k] > 0), (alpha, True)))
    variables = over_x(k, extra={alpha: interval(0, 1)})
    assert prove(claim(rel, variables=variables)) is None
    assert prove(claim(rel, variables=variables, conditions=[Ne(x[k], 0)])) is not None
