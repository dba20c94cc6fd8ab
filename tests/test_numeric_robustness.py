"""Hard arithmetic gets an honest verdict in seconds, never an ERROR for the claim or a hang (issue 16).

A side that overflows at a point is undefined there (the point is skipped); the high-precision value
is evalf with the point as subs, never the exact point raised to powers; long sums use SymPy's closed
form. Each true claim has a wrong twin that must be REFUTED. Timeouts stay at 20 s: a TIMEOUT fails.
"""

import pytest
from sympy import Eq, Gt, Rational, Symbol, exp

import derivcheck
from conftest import make_claim, x
from derivcheck.numeric.mpvalue import Overflow, check_range
from derivcheck.numeric.precision import NotEvaluable, high_precision_value
from derivcheck.numeric.spotcheck import spot_check

HONEST = ("PROVEN", "CHECKED")


def verdict(statement, where=()):
    result = derivcheck.check(statement, where=list(where), timeout=20, jobs=1)
    return result.verdict.name, result.message or ""


@pytest.mark.parametrize("statement, where, expected", [
    (r"e^{e^{e^{e^{x}}}} > 0", [], HONEST),
    (r"e^{e^{e^{e^{x}}}} < 0", [], ("REFUTED",)),
    (r"e^{e^{e^{e^{x}}}} > 10 e^{e^{e^{x}}}", [], ("REFUTED",)),
    (r"\frac{d}{dx} x^{x} = x^{x}(\ln x + 1)", ["x > 0"], HONEST),
    (r"\frac{d}{dx} x^{x} = x^{x}\ln x", ["x > 0"], ("REFUTED",)),
    (r"x^{x^{x^{x}}} = x^{x^{x^{x}}}", ["x > 0"], HONEST),
    (r"x^{x^{x^{x}}} = x^{x^{x}}", ["x > 0"], ("REFUTED",)),
    (r"x^{x^{x^{x}}} = x^{x^{x^{x}}} + 10^{-40}", ["x > 0"], ("REFUTED",)),
    (r"\sum_{i=1}^{1000000000} i = 500000000500000000", [], HONEST),
    (r"\sum_{i=1}^{1000000000} i = 500000000500000001", [], ("REFUTED",)),
    (r"\sum_{i=1}^{1000000000} i^2 = 333333333833333333500000000", [], HONEST),
    (r"\sum_{i=1}^{1000000000} i^2 = 333333333833333333500000001", [], ("REFUTED",)),
    (r"\sum_{i=1}^{1000000} x^{i} = \frac{1 - x^{1000001}}{1 - x}", [r"x \neq 1"], ("REFUTED",)),
], ids=["tower", "tower-negative", "tower-too-big", "x^x'", "x^x'-wrong", "towers-identical", "towers-differ",
        "towers-1e-40", "sum", "sum-off-by-one", "squares", "squares-off-by-one", "geometric-wrong"])
def test_hard_arithmetic_gets_an_honest_verdict(statement, where, expected):
    name, message = verdict(statement, where)
    assert name in expected, message


def test_a_long_sum_without_a_closed_form_is_could_not_evaluate_never_refuted():
    name, message = verdict(r"\sum_{i=1}^{1000000000} \sin(i) = 1")
    assert name == "ERROR" and "could not evaluate" in message, message


def test_a_value_out_of_range_is_overflow_not_a_hang():
    with pytest.raises(Overflow):
        check_range(exp(exp(exp(exp(x)))), {x: 3})
    check_range(exp(exp(exp(exp(x)))), {x: Rational(1, 2)})  # 5.6e78: fine
    with pytest.raises(NotEvaluable):
        high_precision_value(exp(exp(exp(exp(x)))), {x: 3})


def test_exact_points_are_never_raised_to_huge_powers():
    point = {x: Rational(5404319552844595, 18014398509481984)}  # 0.3 as a float: 2^-54 in the denominator
    value = high_precision_value(x ** (x ** (x ** x)), point)
    assert abs(value - 0.3 ** (0.3 ** (0.3 ** 0.3))) < 1e-12
    assert high_precision_value(x ** x, {x: Rational(2**52 + 1, 2**44)}) > 10**600  # 256.0000…^256.0000…


def test_overflowing_points_are_skipped_not_counted():
    ev = spot_check(make_claim(Gt(exp(exp(exp(exp(x)))), 0, evaluate=False)), seed=0)
    assert not ev.refuted and ev.undefined > 0 and 0 < ev.points < 1000


def test_a_tiny_difference_between_power_towers_is_found_at_fifty_digits():
    y = Symbol("y", positive=True)
    from derivcheck.core.claim import interval

    claim = make_claim(Eq(y ** (y ** y), y ** (y ** y) + Rational(1, 10**45), evaluate=False), variables={y: interval(0, 10)})
    ev = spot_check(claim, seed=0)
    assert ev.refuted and ev.lhs_value != ev.rhs_value


# --- inequalities violated by less than float64 can see --------------------------------------------

@pytest.mark.parametrize("statement, expected", [
    (r"e^{x} \ge 1 + x + 10^{-20}", "REFUTED"),
    (r"e^{x} \ge 1 + x + 10^{-60}", "REFUTED"),
    (r"1 + x + 10^{-20} \le e^{x}", "REFUTED"),
    (r"\frac{d}{dx}\sigma(x) \le \frac{1}{4} - 10^{-20}", "REFUTED"),
    (r"e^{x} \ge 1 + x", HONEST),
    (r"\frac{d}{dx}\sigma(x) \le \frac{1}{4}", HONEST),
    (r"\max(x, 0) \ge x", HONEST),
], ids=["1e-20", "1e-60", "le-1e-20", "derivative-1e-20", "true", "true-derivative", "true-equal-on-half"])
def test_a_tiny_but_real_violation_of_an_inequality_is_a_counterexample(statement, expected):
    name, message = verdict(statement)
    assert name in (expected if isinstance(expected, tuple) else (expected,)), message
    if name == "REFUTED":
        assert "x = 0" in message
        left, right = message.split("left = ")[1].split(", right = ")
        assert left != right.split(" ")[0], message  # shown with the digits where the sides part


def test_a_tiny_violation_is_confirmed_at_two_precisions_not_taken_from_noise():
    from sympy import Ge

    from derivcheck.numeric.precision import confirm_sides

    assert confirm_sides(Ge, lambda d: (Rational(1), 1 + Rational(1, 10**20))) == "violated"
    # a gap that moves with the precision is the evaluation's noise, not a violation
    noisy = {60: (Rational(1), 1 + Rational(1, 10**40)), 120: (Rational(1), 1 + Rational(1, 10**80))}
    assert confirm_sides(Ge, noisy.get) == "holds"


def test_a_side_out_of_range_where_the_other_is_a_number_is_never_a_numbers_only_pass():
    """⌊(x + 1/3)^{10^{100}}⌋ = 0 holds for |x + 1/3| < 1 and is false elsewhere, where the left side is
    beyond what high precision represents: skipping those points passed a false claim (CHECKED)."""
    import derivcheck

    result = derivcheck.check(r"\lfloor (x+\frac{1}{3})^{10^{100}} \rfloor = 0", timeout=20, jobs=1)
    assert result.verdict.value == "ERROR" and "beyond 2^16384" in result.message
    # both sides out of range, or a proof: still decided
    assert derivcheck.check(r"e^{e^{e^{e^{x}}}} > 0", timeout=20, jobs=1).verdict.value == "PROVEN"
