"""c·rⁿ → 0 ⇔ c = 0 ∨ |r| < 1: the rewrite, where it declines, and its agreement with the numbers."""

from fractions import Fraction

from hypothesis import given, settings, strategies as st
from sympy import Abs, Eq, Limit, Ne, Or, Rational, Symbol, oo

from conftest import check, make_claim
from derivcheck.core.claim import REALS
from derivcheck.core.functions import indicator
from derivcheck.prover.geometric import exponential_limits_hold, geometric_parts, rewrite_tends_to_zero
from derivcheck.core.verdict import Verdict

n = Symbol("n", integer=True)
c, r = Symbol("c", real=True), Symbol("r", real=True)
t = Symbol("t", real=True)


def test_sympy_takes_the_three_limits_the_rule_rests_on():
    assert exponential_limits_hold()


def test_a_geometric_sequence_is_rewritten():
    assert rewrite_tends_to_zero(Eq(Limit(c * r**n, n, oo), 0)) == Or(Eq(c, 0), Abs(r) < 1)
    assert rewrite_tends_to_zero(Eq(0, Limit(r**n, n, oo))) == (Abs(r) < 1)


def test_what_is_not_c_r_to_the_n_is_left_alone():
    real_n = Symbol("n", real=True)  # rⁿ of a negative r is not real for a real n
    for expr in (Eq(Limit(c * r**real_n, real_n, oo), 0), Eq(Limit(r**(2 * n), n, oo), 0),
                 Eq(Limit(1 / n, n, oo), 0), Eq(Limit(c * r**n, n, 0), 0), Eq(Limit(c * r**n, n, oo), 1),
                 Eq(Limit(n * r**n, n, oo), 0)):
        assert rewrite_tends_to_zero(expr) == expr, expr
    assert geometric_parts(n * r**n, n) is None


def test_the_lemma_is_proven_and_a_wrong_version_refuted():
    claim = make_claim(Eq(indicator(Eq(Limit(c * r**n, n, oo), 0)), indicator(Abs(r) < 1)),
                       variables={c: REALS, r: REALS}, conditions=[Ne(c, 0)])
    assert check(claim).verdict is Verdict.PROVEN
    wrong = make_claim(Eq(indicator(Eq(Limit(c * r**n, n, oo), 0)), indicator(Abs(r) <= 1)),
                       variables={c: REALS, r: REALS}, conditions=[Ne(c, 0)])
    result = check(wrong)
    assert result.verdict is Verdict.REFUTED
    assert abs(Rational(result.evidence.counterexample["r"])) == 1


def test_without_excluding_c_equal_0_it_is_not_proven():
    claim = make_claim(Eq(indicator(Eq(Limit(c * r**n, n, oo), 0)), indicator(Abs(r) < 1)),
                       variables={c: REALS, r: REALS})
    assert check(claim).verdict is Verdict.REFUTED  # c = 0, |r| ≥ 1: the sequence is 0


@settings(max_examples=60, deadline=None)
@given(st.fractions(min_value=-3, max_value=3, max_denominator=50), st.fractions(min_value=-3, max_value=3, max_denominator=50))
def test_the_rewrite_agrees_with_the_sequence_itself(c_value: Fraction, r_value: Fraction):
    """Exact terms far out: below 10⁻³⁰ by n = 10⁴ (and shrinking) when |r| < 1, never when |r| ≥ 1."""
    rewritten = rewrite_tends_to_zero(Eq(Limit(c * r**n, n, oo), 0))
    claimed = bool(rewritten.subs({c: Rational(c_value), r: Rational(r_value)}))
    far, farther = (abs(c_value * r_value**k) for k in (4000, 8000))
    vanishing = far < Fraction(1, 10**30) and farther <= far
    assert claimed == vanishing
