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


# --- integrals: narrow peaks, far peaks, large rates (issue 16, item 2) ------------------------------
# A quadrature that puts no node on a peak of width 0.005 at μ = 2 reads ~0 at every precision: a true
# density was "refuted" (or a proof met a "confirmed counterexample": a BUG). The range is cut at the
# integrand's features (``numeric.quadrature``) and a value counts only when two precisions and two
# splittings agree; a point no evaluation settles is no evidence. Each true claim has a false twin.

NORMAL = r"\frac{e^{-(x - \mu)^2/(2s^2)}}{\sqrt{2\pi s^2}}"
CENTRED = r"\frac{e^{-x^2/(2s^2)}}{\sqrt{2\pi s^2}}"
LOG_NORMAL = r"\frac{1}{x s \sqrt{2\pi}} e^{-(\ln x - \mu)^2/(2s^2)}"
INT = r"\int_{-\infty}^{\infty} "


@pytest.mark.parametrize("statement, where, expected", [
    (INT + NORMAL + r" \, dx = 1", ["s > 0"], HONEST),
    (INT + NORMAL + r" \, dx = 2", ["s > 0"], ("REFUTED",)),
    (INT + r"\sigma(x) " + NORMAL + r" \, dx > 1", ["s > 0"], ("REFUTED",)),
    (INT + "x^2 " + CENTRED + " dx = s^2", ["s > 0"], HONEST),
    (INT + "x^2 " + CENTRED + " dx = s", ["s > 0"], ("REFUTED",)),
    (INT + "x " + NORMAL + r" dx = \mu", ["s > 0"], HONEST),
    (INT + "x " + NORMAL + r" dx = 2\mu", ["s > 0"], ("REFUTED",)),
    (r"\int_0^\infty \lambda e^{-\lambda x} dx = 1", [r"\lambda > 1000"], HONEST),
    (r"\int_0^\infty \lambda e^{-\lambda x} dx = 2", [r"\lambda > 1000"], ("REFUTED",)),
    (r"\int_0^\infty 10^{4} e^{-10^{4} x} dx = 1", [], HONEST),
    (r"\int_0^\infty 10^{4} e^{-10^{4} x} dx = 2", [], ("REFUTED",)),
    (r"\int_0^\infty x \lambda e^{-\lambda x} dx = \frac{1}{\lambda}", [r"\lambda > 0"], HONEST),
    (r"\int_0^\infty x \lambda e^{-\lambda x} dx = \lambda", [r"\lambda > 0"], ("REFUTED",)),
    (r"\int_{a}^{b} \frac{1}{b - a} dx = 1", ["b > a"], HONEST),
    (r"\int_{a}^{b} \frac{1}{b - a} dx = 2", ["b > a"], ("REFUTED",)),
    (r"\int_0^\infty " + LOG_NORMAL + " dx = 1", ["s > 0"], HONEST),
    (r"\int_0^\infty " + LOG_NORMAL + " dx = 2", ["s > 0"], ("REFUTED",)),
    (INT + r"\frac{1}{\pi} \frac{g}{(x - m)^2 + g^2} dx = 1", ["g > 0"], HONEST),
    (INT + r"\frac{1}{\pi} \frac{g}{(x - m)^2 + g^2} dx = 2", ["g > 0"], ("REFUTED",)),
], ids=["normal", "normal-2", "sigma-normal-gt-1", "variance", "variance-s", "mean", "mean-2mu", "exponential-rate-1000",
        "exponential-rate-1000-2", "exponential-1e4", "exponential-1e4-2", "exponential-mean", "exponential-mean-wrong",
        "uniform", "uniform-2", "log-normal", "log-normal-2", "cauchy", "cauchy-2"])
def test_densities_get_an_honest_verdict(statement, where, expected):
    name, message = verdict(statement, where)
    assert name in expected, message


def test_a_positive_expectation_under_a_narrow_normal_is_never_an_error():
    """∫ σ(x) N(x; μ, s) dx > 0: no proof, so the numbers decide; at s ≈ 0.002 the missed peak read as a
    value below 2^-16384 ("could not evaluate … beyond 2^16384"). The prover runs to its limit: 10 s."""
    result = derivcheck.check(INT + r"\sigma(x) " + NORMAL + r" \, dx > 0", where=["s > 0"], timeout=10, jobs=1)
    assert result.verdict.name in HONEST, result.message


def _densities():
    from sympy import Integral, log, oo, pi, sqrt

    from derivcheck.core.claim import REALS, interval
    from derivcheck.core.functions import sigmoid

    mu, s = Symbol("mu", real=True), Symbol("s", positive=True)
    normal = exp(-(x - mu) ** 2 / (2 * s**2)) / sqrt(2 * pi * s**2)
    log_normal = exp(-(log(x) - mu) ** 2 / (2 * s**2)) / (x * s * sqrt(2 * pi))
    variables = {mu: REALS, s: interval(0, oo)}
    return mu, s, Integral(normal, (x, -oo, oo)), Integral(sigmoid(x) * normal, (x, -oo, oo)), \
        Integral(log_normal, (x, 0, oo)), variables


def test_the_points_that_were_false_counterexamples_evaluate_right():
    from derivcheck.core.functions import sigmoid

    mu, s, normal, smoothed, log_normal, _ = _densities()
    assert abs(high_precision_value(normal, {mu: 2, s: Rational(0.004661861356719249)}) - 1) < 1e-40
    at = {mu: Rational(7137817647475065, 281474976710656), s: Rational(3903061854953445, 2305843009213693952)}
    # σ(μ) + σ''(μ) s²/2 + …: within 1e-16 of σ(μ) at this s, and not 0
    assert abs(high_precision_value(smoothed, at) - high_precision_value(sigmoid(mu), at)) < 1e-16
    assert abs(high_precision_value(log_normal, {mu: -254, s: 1}) - 1) < 1e-40  # mass at 1e-110
    assert abs(high_precision_value(log_normal, {mu: 212, s: 1}) - 1) < 1e-40  # mass at 1e92


def test_an_integral_no_quadrature_settles_is_no_evidence():
    """A log-normal 288 wide in ln x spans e^-1400 … e^1400: the error estimate stays large, so the point is
    not evaluable (never a value that could refute), and the true claim is not refuted for it."""
    mu, s, _, _, log_normal, variables = _densities()
    with pytest.raises(NotEvaluable):
        high_precision_value(log_normal, {mu: Rational(16, 10), s: 288})
    evidence = spot_check(make_claim(Eq(log_normal, 1, evaluate=False), variables=variables), seed=0)
    assert not evidence.refuted and evidence.unreached > 0 and evidence.points > 500  # out of reach, not undefined


def test_float64_quadrature_resolves_narrow_and_far_peaks():
    import numpy as np

    from derivcheck.numeric.evaluate import NumericFunction

    mu, s, normal, _, log_normal, _ = _densities()
    mus = np.array([2.0, -264.05, 278.3, 0.0, 123.2])
    widths = np.array([0.00466, 0.0017, 0.00124, 1e-6, 0.3])
    # far below the float64 tolerance for integrals (1e-5): no suspect, no high-precision re-check
    assert np.allclose(NumericFunction(normal, [mu, s])({mu: mus, s: widths}), 1, rtol=0, atol=1e-6)
    far = np.array([-254.0, 212.0, 0.0, 40.0])
    assert np.allclose(NumericFunction(log_normal, [mu, s])({mu: far, s: np.ones(4)}), 1, rtol=0, atol=1e-6)


@pytest.mark.parametrize("seed", range(4))
def test_a_normal_density_is_never_refuted_by_the_numbers(seed):
    _, _, normal, _, _, variables = _densities()
    evidence = spot_check(make_claim(Eq(normal, 1, evaluate=False), variables=variables), seed=seed)
    assert not evidence.refuted and evidence.points == 1000


# --- a side undefined at one point: a lone hole is no counterexample --------------------------------
# (x² − x)/x = x − 1 holds wherever its left side is defined; the special value x = 0 made one side a
# number and the other undefined, which was taken as a counterexample: with a proof in hand that is an
# ERROR "BUG: … contradicts it", and a false twin was refuted at the hole instead of at a real point.
# A point counts only where the two sides' domains differ around it (log x² = 2 log x at x = −2).

@pytest.mark.parametrize("statement, where, expected", [
    (r"\frac{x^2 - x}{x} = x - 1", [], HONEST),
    (r"\frac{|x|}{x} = \text{sgn}(x)", [], ("REFUTED",)),  # a jump at 0, no hole: the kink rule
    (r"\frac{x^2 - x}{x} \le x", [], HONEST),
    (r"\frac{v_1 \mathbf{v}^T\mathbf{v}}{v_1} = \|\mathbf{v}\|^2", [r"\mathbf{v} \in \mathbb{R}^n"], HONEST),
    (r"\frac{v_1 \mathbf{v}^T\mathbf{v}}{v_1} = \|\mathbf{v}\|^2 + 1", [r"\mathbf{v} \in \mathbb{R}^n"], ("REFUTED",)),
    (r"\log(x^2) = 2\log(x)", [], ("REFUTED",)),
    (r"\sqrt{x^2} = \sqrt{x}^2", [], ("REFUTED",)),
])
def test_a_lone_hole_of_one_side_is_not_a_counterexample(statement, where, expected):
    name, message = verdict(statement, where)
    assert name in expected, message
    assert "BUG" not in message


def test_a_false_claim_with_a_hole_is_refuted_where_both_sides_are_numbers():
    result = derivcheck.check(r"\frac{x^2 - x}{x} = x + 1", timeout=20, jobs=1)
    assert result.verdict.name == "REFUTED"
    assert "undefined" not in result.message and "x = 0" not in result.message, result.message


def test_a_claim_that_skipped_holes_says_where_it_holds():
    result = derivcheck.check(r"\frac{x^2 - x}{x} = x - 1", timeout=20, jobs=1)
    assert "where both sides are defined" in result.scope


def test_the_confirmation_rule_fills_a_hole_only_where_the_undefined_side_tends_to_the_other():
    from sympy import Eq, Le

    from derivcheck.numeric.precision import confirm_sides

    one_sided = lambda digits: (None, Rational(1))  # noqa: E731
    assert confirm_sides(Eq, one_sided) == "violated"
    near = [(Rational(1) + Rational(1, 10**12), Rational(1)), (Rational(1) - Rational(1, 10**12), Rational(1))]
    assert confirm_sides(Eq, one_sided, nearby=lambda: near) == "undefined"
    jump = [(Rational(1), Rational(1)), (Rational(-1), Rational(1))]  # |x|/x beside 0: no limit
    assert confirm_sides(Eq, one_sided, nearby=lambda: jump) == "violated"
    elsewhere = [(Rational(2), Rational(1)), (Rational(2), Rational(1))]  # tends to 2, the other side is 1
    assert confirm_sides(Eq, one_sided, nearby=lambda: elsewhere) == "violated"
    assert confirm_sides(Le, lambda d: (None, Rational(3)), nearby=lambda: elsewhere) == "undefined"
    assert confirm_sides(Eq, one_sided, nearby=lambda: [(None, Rational(1))]) == "violated"  # undefined around it
    assert confirm_sides(Eq, one_sided, nearby=lambda: []) == "violated"
