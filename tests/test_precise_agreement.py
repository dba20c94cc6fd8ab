"""CHECKED means agreement to 70 digits at 5 points, not only float64 agreement (issue 16).

A difference of 10⁻³⁰ is invisible in float64 (a relative gap of 1e-8 passes); each false claim
below must be REFUTED with a counterexample whose shown values differ, each true one must not be.
"""

import pytest
from sympy import Derivative, Eq, Rational, S, exp, log, tanh

from conftest import check, make_claim, x
from derivcheck.core.functions import sigmoid, softplus
from derivcheck.core.verdict import Verdict

TINY = [Rational(1, 10**20), Rational(1, 10**30), Rational(1, 10**45), Rational(1, 10**60)]
IDS = ["1e-20", "1e-30", "1e-45", "1e-60"]


@pytest.mark.parametrize("eps", TINY, ids=IDS)
def test_a_tiny_difference_in_a_constant_is_refuted(eps):
    r = check(make_claim(Eq(sigmoid(x) + eps, 1 / (1 + exp(-x)), evaluate=False)))
    assert r.verdict is Verdict.REFUTED, r.message
    assert r.evidence.lhs_value != r.evidence.rhs_value


@pytest.mark.parametrize("eps", TINY, ids=IDS)
def test_a_tiny_difference_in_a_derivative_is_refuted(eps):
    claim = make_claim(Eq(Derivative(sigmoid(x) + eps * x, x), sigmoid(x) * (1 - sigmoid(x))))
    r = check(claim)
    assert r.verdict is Verdict.REFUTED, r.message


@pytest.mark.parametrize("relation", [
    Eq(Derivative(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))),
    Eq(Derivative(softplus(x), x), sigmoid(x)),
    Eq(Derivative(tanh(x), x), 1 - tanh(x) ** 2),
    Eq(log(sigmoid(x)), -softplus(-x)),
    Eq(Derivative(Derivative(sigmoid(x), x), x), sigmoid(x) * (1 - sigmoid(x)) * (1 - 2 * sigmoid(x))),
], ids=["sigma'", "softplus'", "tanh'", "log sigma", "sigma''"])
def test_true_identities_agree_to_seventy_digits(relation):
    r = check(make_claim(relation))
    assert r.verdict is Verdict.PROVEN, r.message
    assert r.evidence.precise_points >= 3 and r.evidence.precise_digits == 70


def test_an_unproven_true_claim_says_how_precisely_it_agrees():
    from sympy import Lt, Min, Symbol

    from derivcheck.core.claim import REALS

    y = Symbol("y", real=True)
    claim = make_claim(Eq(Derivative(Min(1, y), y), 1), variables={y: REALS}, conditions=[Lt(y, 1)])
    r = check(claim)
    assert r.verdict is Verdict.CHECKED
    assert "to 70 digits at" in r.message


def test_an_integral_over_an_infinite_range_is_not_refuted_by_a_bad_quadrature():
    """∫_{-∞}^{x} σ(t) dt = ln(1 + eˣ) is true; SymPy's evalf gave 256 at x = 292 at every precision."""
    from sympy import Integral, Symbol, oo

    t = Symbol("t", real=True)
    r = check(make_claim(Eq(Integral(sigmoid(t), (t, -oo, x)), log(1 + exp(x)))))
    assert r.verdict in (Verdict.PROVEN, Verdict.CHECKED), r.message


def test_a_wrong_integral_is_still_refuted():
    from sympy import Integral, Symbol, oo

    t = Symbol("t", real=True)
    r = check(make_claim(Eq(Integral(sigmoid(t), (t, -oo, x)), log(1 + exp(x)) + Rational(1, 1000))))
    assert r.verdict is Verdict.REFUTED, r.message


def test_a_closed_form_off_by_less_than_its_digits_is_refuted_by_its_exact_difference():
    """σ(x) = 1 for x ≥ 1000 agrees to 434 digits; the exact difference at the point shows the gap."""
    from sympy import Ge

    from derivcheck.core.claim import REALS

    r = check(make_claim(Eq(sigmoid(x), 1, evaluate=False), variables={x: REALS}, conditions=[Ge(x, 1000)]))
    assert r.verdict is Verdict.REFUTED, r.message
    assert "e-43" in r.evidence.lhs_value.lower() and r.evidence.lhs_value != r.evidence.rhs_value
    true = check(make_claim(Eq(1 - sigmoid(x), sigmoid(-x), evaluate=False), variables={x: REALS}, conditions=[Ge(x, 1000)]))
    assert true.verdict in (Verdict.PROVEN, Verdict.CHECKED), true.message


def test_an_integer_claim_agrees_to_seventy_digits_at_its_smallest_tuples():
    """Σ k³ = (n(n+1)/2)² + 10⁻⁴⁵ agrees in float64 at every n; written out at n = 0 it is 0 = 10⁻⁴⁵."""
    from sympy import Sum, Symbol

    from derivcheck.core.claim import Domain

    n, k = Symbol("n", integer=True), Symbol("k", integer=True)
    naturals = Domain(0, S.Infinity, integer=True)
    closed = (n * (n + 1) / 2) ** 2
    wrong = check(make_claim(Eq(Sum(k**3, (k, 1, n)), closed + Rational(1, 10**45)), variables={n: naturals}))
    assert wrong.verdict is Verdict.REFUTED, wrong.message
    assert wrong.evidence.counterexample == {"n": 0}
    right = check(make_claim(Eq(Sum(k**3, (k, 1, n)), closed), variables={n: naturals}))
    assert right.verdict is Verdict.PROVEN, right.message
    assert right.evidence.precise_points == 5


def test_a_claim_over_integers_that_are_not_enumerated_agrees_to_seventy_digits_at_small_values():
    """x real, n an integer: no grid to enumerate; written out at n ≤ 4 the difference 10⁻⁵⁰ shows."""
    from sympy import Sum, Symbol

    from derivcheck.core.claim import REALS, Domain

    n, k = Symbol("n", integer=True), Symbol("k", integer=True)
    variables = {x: REALS, n: Domain(1, S.Infinity, integer=True)}
    geometric = Sum(x ** (2 * k), (k, 0, n))
    wrong = check(make_claim(Eq(geometric, Sum(x ** (2 * k), (k, 0, n)) + Rational(1, 10**50), evaluate=False), variables=variables))
    assert wrong.verdict is Verdict.REFUTED, wrong.message
    right = check(make_claim(Eq(geometric, Sum((x**2) ** k, (k, 0, n)), evaluate=False), variables=variables))
    assert right.verdict in (Verdict.PROVEN, Verdict.CHECKED) and right.evidence.precise_points >= 3, right.message


def test_an_integral_agrees_to_the_digits_its_quadrature_achieves():
    """A quadrature carries fewer digits than it is evaluated with: ∫ σ + 10⁻²⁰ was CHECKED, as its sides
    agreed in float64 and integrals had no precise check."""
    from sympy import Integral, Symbol, oo, pi, sqrt

    t = Symbol("t", real=True)
    gauss = Integral(exp(-t**2), (t, 0, oo))
    assert check(make_claim(Eq(gauss, sqrt(pi) / 2 + Rational(1, 10**30), evaluate=False), variables={})).verdict is Verdict.REFUTED
    wrong = check(make_claim(Eq(Integral(sigmoid(t), (t, -oo, x)), log(1 + exp(x)) + Rational(1, 10**20))))
    assert wrong.verdict is Verdict.REFUTED, wrong.message
    right = check(make_claim(Eq(Integral(sigmoid(t), (t, -oo, x)), log(1 + exp(x)))))
    assert right.verdict in (Verdict.PROVEN, Verdict.CHECKED), right.message
    assert right.evidence.precise_points >= 3 and right.evidence.precise_digits >= 16


def test_points_out_of_reach_are_not_called_undefined():
    """x^(x^x) is defined for every x > 0; at x = 30 its value is beyond 10^4932: the scope says that."""
    from conftest import run_answers

    [result] = run_answers([{"id": "tower", "where": ["x > 0"],
                             "statement": r"\frac{d}{dx} x^{x^{x}} = x^{x^{x}} \left( x^{x}(\log(x)+1)\log(x) + x^{x-1} \right)"}]).values()
    assert result.verdict is Verdict.PROVEN, result.message
    assert "out of reach" in result.scope and "both sides are defined" not in result.scope
    [hole] = run_answers([{"id": "hole", "statement": r"\frac{x^2 - x}{x} = x - 1"}]).values()
    assert "where both sides are defined" in hole.scope and "out of reach" not in hole.scope


def test_the_derivative_of_an_integral_is_taken_by_differences_of_the_integral():
    """A review found d/dx ∫_0^x σ(t) dt = σ(x) an ERROR "BUG … counterexample x = 0": the integral's value at x
    was put in before the derivative, whose difference of a number is 0."""
    from sympy import Integral, Symbol

    from derivcheck.numeric.precision import high_precision_value

    t = Symbol("t", real=True)
    area = Derivative(Integral(sigmoid(t), (t, 0, x)), x)
    assert abs(high_precision_value(area, {x: Rational(1, 3)}) - sigmoid(Rational(1, 3)).evalf(30)) < 1e-12
    r = check(make_claim(Eq(area, sigmoid(x))))
    assert r.verdict in (Verdict.PROVEN, Verdict.CHECKED), r.message
    assert check(make_claim(Eq(area, sigmoid(x) + Rational(1, 1000)))).verdict is Verdict.REFUTED


def test_a_branch_no_evaluation_can_decide_is_no_evidence():
    """σ(x) + σ(−x) ≥ 1 holds with equality: the branch cannot be decided numerically, and the point is out of
    reach, not a side undefined there (which would be a counterexample to a true claim)."""
    from sympy import Ge, Lt, Piecewise

    cases = Piecewise((x, Ge(sigmoid(x) + sigmoid(-x), 1)), (0, Lt(sigmoid(x) + sigmoid(-x), 1)))
    r = check(make_claim(Eq(cases, x, evaluate=False)))
    assert r.verdict is not Verdict.REFUTED and "BUG" not in (r.message or ""), r.message


def test_a_counterexample_with_a_zero_side_shows_plain_values():
    from sympy import Sum, Symbol

    from derivcheck.core.claim import Domain

    n, k = Symbol("n", integer=True), Symbol("k", integer=True)
    r = check(make_claim(Eq(Sum(k**2, (k, 1, n)), n * (n + 1) * (2 * n + 1) / 6 + Rational(1, 10**80)),
                         variables={n: Domain(0, S.Infinity, integer=True)}))
    assert r.verdict is Verdict.REFUTED and "−" not in r.evidence.lhs_value, r.evidence
