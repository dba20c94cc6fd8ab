"""The compiled high-precision path (``numeric.mpfast``) gives evalf's digits or declines, never other ones."""

import pytest
from hypothesis import given, settings, strategies as st
from sympy import Gt, Integer, Max, Piecewise, Rational, Symbol, exp, floor, log, sqrt, tanh

from derivcheck.numeric.mpfast import compiled_value
from derivcheck.numeric.mpvalue import Overflow

x, y = Symbol("x"), Symbol("y")
SIGMA = 1 / (1 + exp(-x))
EXPRESSIONS = [
    SIGMA, log(1 + exp(x)), -y * log(SIGMA) - (1 - y) * log(1 - SIGMA), tanh(x) ** 2 + x / 3, sqrt(x**2 + y**2),
    exp(x) / (exp(x) + exp(y)), (x**3 - y) ** Rational(1, 3), log(x - y),
    Piecewise((x * y, x + y > 0), (x / 5, True)), Max(0, x - y) ** 2 + Piecewise((1, Gt(x, 0)), (Rational(1, 5), True)),
]


def agree(a, b, digits):
    return abs(complex(a) - complex(b)) <= 10 ** (-digits + 3) * max(abs(complex(b)), 1e-300)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(EXPRESSIONS), st.fractions(-60, 60, max_denominator=10**6), st.fractions(-5, 5, max_denominator=97))
def test_a_value_it_gives_has_the_digits_evalf_has(expr, a, b):
    point = {x: Rational(a.numerator, a.denominator), y: Rational(b.numerator, b.denominator)}
    fast = compiled_value(expr, point, 60)
    if fast is None:
        return  # declined: evalf decides
    exact = expr.evalf(80, subs=point)
    assert abs((fast - exact).evalf(80)) <= Rational(1, 10**57) * max(1, abs(exact))


def test_cancellation_below_the_digits_asked_is_resolved_by_more_digits():
    # 1 − σ(100) = e^-100/(1 + e^-100) ≈ 3.7·10^-44: 60 digits of it need ~105 carried
    value = compiled_value(log(1 - SIGMA), {x: Integer(100)}, 60)
    assert value is not None
    assert abs(value - (-100 - log(1 + exp(-100))).evalf(80)) < Rational(1, 10**55)
    # 1 − σ(1000) ≈ 10^-435, where evalf finds every digit cancelled
    value = compiled_value(log(1 - SIGMA), {x: Integer(1000)}, 60)
    assert value is not None and abs(value - (-1000 - log(1 + exp(-1000))).evalf(80)) < Rational(1, 10**55)
    # 1 − σ(3000) ≈ 10^-1303 is beyond the digits it adds: declined, evalf's
    assert compiled_value(log(1 - SIGMA), {x: Integer(3000)}, 60) is None


def test_a_true_zero_and_an_unknown_node_are_left_to_evalf():
    assert compiled_value(exp(x) - 1 - x + x * 0, {x: Integer(0)}, 60) is None
    assert compiled_value(floor(x) + 1, {x: Rational(3, 2)}, 60) is None
    assert compiled_value(x + y, {x: Integer(1)}, 60) is None  # y has no value


def test_a_tower_is_an_overflow_before_it_is_computed():
    with pytest.raises(Overflow):
        compiled_value(exp(exp(exp(exp(x)))), {x: Integer(3)}, 60)
    with pytest.raises(Overflow):
        compiled_value((1 + x) ** (10**20), {x: Rational(1, 3)}, 60)


def test_a_branch_at_its_kink_is_left_to_evalf():
    leaky = Piecewise((x, x - y > 0), (x / 5, True))
    assert compiled_value(leaky, {x: Rational(1, 3), y: Rational(1, 3)}, 60) is None  # x − y = 0 exactly
    tiny = {x: Rational(1, 3) + Rational(1, 10**200), y: Rational(1, 3)}  # decided with more digits
    assert compiled_value(leaky, tiny, 60) == leaky.evalf(60, subs=tiny)


def test_a_float_constant_keeps_every_digit_it_has():
    """A derivative's value put into the expression around it is a Float of 140 digits, not of 15."""
    from sympy import Float

    near_one = Float(1 + Rational(1, 10**46), 140)
    assert compiled_value(x * near_one, {x: Integer(1)}, 140) == near_one
