"""Spot-check fixes made for answer files: cancellation, exact limits, strict inequalities, integrals."""

import time

from sympy import Eq, Gt, Integral, Limit, Symbol, cosh, exp, oo, sinh, sqrt, pi

from conftest import make_claim, x
from derivcheck.claim import REALS, interval
from derivcheck.spotcheck import spot_check

t = Symbol("t", real=True)
n = Symbol("n", real=True)


def test_cancellation_at_60_digits_is_not_a_counterexample():
    # cosh(208)^2 - sinh(208)^2 loses ~180 digits; only a violation stable at 240 digits counts
    ev = spot_check(make_claim(Eq(cosh(x) ** 2 - sinh(x) ** 2, 1, evaluate=False)), seed=0)
    assert not ev.refuted


def test_limit_at_infinity_is_evaluated_in_floats_not_exactly():
    start = time.monotonic()
    ev = spot_check(make_claim(Eq(Limit((1 + x / n) ** n, n, oo), exp(x), evaluate=False)), seed=0)
    assert not ev.refuted and ev.points > 0
    assert time.monotonic() - start < 30


def test_strict_inequality_fails_where_both_sides_are_equal():
    ev = spot_check(make_claim(Gt(exp(x), 1 + x, evaluate=False)), seed=0)
    assert ev.refuted and ev.counterexample == {"x": 0}


def test_integrals_are_checked_by_quadrature():
    good = make_claim(Eq(Integral(exp(-x * t), (t, 0, oo)), 1 / x, evaluate=False), variables={x: interval(0, oo)})
    ev = spot_check(good, seed=0)
    assert not ev.refuted and ev.points == 1000 and ev.max_rel_error < 1e-6
    bad = make_claim(Eq(Integral(exp(-x * t), (t, 0, oo)), 1 / x**2, evaluate=False), variables={x: interval(0, oo)})
    assert spot_check(bad, seed=0).refuted
    gauss = make_claim(Eq(Integral(exp(-t**2), (t, -oo, oo)), sqrt(pi), evaluate=False), variables={})
    assert not spot_check(gauss, seed=0).refuted


def test_smooth_curvature_is_not_mistaken_for_a_kink():
    # at |x| ~ 300 the step h is ~2e-3 and sin(2x) bends by ~h·4 per step: not a kink, no 60-digit re-checks
    from sympy import Abs, Derivative, cos, sign, sin

    ev = spot_check(make_claim(Eq(Derivative(sin(2 * x), x), 2 * cos(2 * x), evaluate=False)), seed=0)
    assert not ev.refuted and ev.false_alarms + ev.undefined <= 2 and ev.points >= 990
    # a real kink still is one: |x| has no derivative at 0
    kink = spot_check(make_claim(Eq(Derivative(Abs(x), x), sign(x), evaluate=False)), seed=0)
    assert kink.refuted and kink.counterexample == {"x": 0}
