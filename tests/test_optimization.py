"""Gradient-descent catalog: false variants of the convergence condition are REFUTED."""

from sympy import And, Eq, Le, Rational

from conftest import check, make_claim
from derivcheck.claim import REALS
from derivcheck.functions import indicator
from derivcheck.verdict import Verdict
from identities.optimization import BOUNDS, CONTRACTS, eta, exact_points_check, iterates_converge_check

FIFTH = Rational(1, 5)


def contracts_variant(rhs_condition):
    relation = Eq(CONTRACTS.lhs, indicator(rhs_condition))
    return relation, make_claim(relation, variables={eta: REALS}, id="contracts_variant",
                                extra_check=exact_points_check(relation, eta, BOUNDS))


def test_the_catalog_condition_passes_its_own_extra_checks():
    import numpy as np

    rng = np.random.default_rng(0)
    assert exact_points_check(CONTRACTS, eta, BOUNDS)(rng)[1] is None
    assert iterates_converge_check(CONTRACTS)(rng)[1] is None


def test_too_small_upper_bound_is_refuted():
    _, claim = contracts_variant(And(eta > 0, eta < Rational(1, 10)))
    result = check(claim)
    assert result.verdict is Verdict.REFUTED
    assert Rational(1, 10) <= Rational(result.evidence.counterexample["eta"]) < FIFTH


def test_upper_bound_included_is_refuted_at_the_bound():
    # differs only at η = 1/5 (where x_n = ±x₀ forever): random sampling never lands there
    _, claim = contracts_variant(And(eta > 0, Le(eta, FIFTH)))
    result = check(claim)
    assert result.verdict is Verdict.REFUTED
    assert Rational(result.evidence.counterexample["eta"]) == FIFTH


def test_iterating_gd_contradicts_a_wrong_range():
    import numpy as np

    wrong = Eq(CONTRACTS.lhs, indicator(And(eta > 0, eta < Rational(2, 5))))
    points, found = iterates_converge_check(wrong)(np.random.default_rng(0))
    assert found is not None and Rational(found["counterexample"]["eta"]) >= FIFTH
