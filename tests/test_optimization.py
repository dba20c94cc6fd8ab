"""Gradient-descent catalog: false variants of the convergence condition are REFUTED."""

import numpy as np
from sympy import And, Eq, Le, Ne, Rational

from conftest import check, make_claim
from derivcheck.core.claim import REALS
from derivcheck.core.functions import indicator
from derivcheck.core.verdict import Verdict
from derivcheck.identities.optimization import TENDS_TO_ZERO, eta, iterates_converge_check, x0

FIFTH = Rational(1, 5)


def tends_to_zero_variant(rhs_condition, *, with_extra_check=False):
    relation = Eq(TENDS_TO_ZERO.lhs, indicator(rhs_condition))
    return make_claim(relation, variables={x0: REALS, eta: REALS}, conditions=[Ne(x0, 0)], id="tends_to_zero_variant",
                      extra_check=iterates_converge_check(relation) if with_extra_check else None)


def test_the_catalog_condition_passes_its_own_extra_check():
    assert iterates_converge_check(TENDS_TO_ZERO)(np.random.default_rng(0))[1] is None


def test_the_limit_part_alone_is_proven():
    assert check(tends_to_zero_variant(And(eta > 0, eta < FIFTH))).verdict is Verdict.PROVEN


def test_too_small_upper_bound_is_refuted():
    result = check(tends_to_zero_variant(And(eta > 0, eta < Rational(1, 10))))
    assert result.verdict is Verdict.REFUTED
    assert Rational(1, 10) <= Rational(result.evidence.counterexample["eta"]) < FIFTH


def test_upper_bound_included_is_refuted_at_the_bound():
    # differs only at η = 1/5 (where x_n = ±x₀ forever): found because 1/5 is one of the claim's
    # own constants, which the sampler tries (random sampling never lands there)
    result = check(tends_to_zero_variant(And(eta > 0, Le(eta, FIFTH))))
    assert result.verdict is Verdict.REFUTED
    assert Rational(result.evidence.counterexample["eta"]) == FIFTH


def test_lower_bound_included_is_refuted_at_zero_with_a_nonzero_start():
    # η = 0 is a special value of every variable at once (x₀ = 0 too, which the claim excludes):
    # the rotated copy of the special values pairs η = 0 with x₀ ≠ 0
    result = check(tends_to_zero_variant(And(eta >= 0, eta < FIFTH)))
    assert result.verdict is Verdict.REFUTED
    assert Rational(result.evidence.counterexample["eta"]) == 0
    assert Rational(result.evidence.counterexample["x0"]) != 0


def test_iterating_gd_contradicts_a_wrong_range():
    wrong = Eq(TENDS_TO_ZERO.lhs, indicator(And(eta > 0, eta < Rational(2, 5))))
    points, found = iterates_converge_check(wrong)(np.random.default_rng(0))
    assert found is not None and Rational(found["counterexample"]["eta"]) >= FIFTH
