"""Verdict paths through the real worker processes: REFUTED, ERROR, TIMEOUT, CHECKED."""

import time

from sympy import Abs, Derivative, Eq, Max, Symbol, log, sign, tanh

from conftest import check, make_claim, x
from derivcheck.core.claim import REALS, interval
from derivcheck.core.functions import leaky_relu, sigmoid
from derivcheck.core.verdict import Verdict
from derivcheck.numeric.precision import high_precision_value

alpha = Symbol("alpha", real=True)


def assert_refuted(result, relation):
    """REFUTED, and the counterexample really violates the relation at high precision."""
    assert result.verdict is Verdict.REFUTED, result
    point = {s: result.evidence.counterexample[str(s)] for s in relation.free_symbols}
    from sympy import Rational, nsimplify

    exact = {s: nsimplify(v, rational=True) for s, v in point.items()}
    lhs = high_precision_value(relation.lhs, exact)
    rhs = high_precision_value(relation.rhs, exact)
    assert not (lhs - rhs).is_zero and abs(lhs - rhs) > 1e-10 or lhs.has(Rational) is None
    assert "left =" in result.message and "right =" in result.message


def test_dropped_sign_is_refuted():
    rel = Eq(Derivative(sigmoid(x), x), sigmoid(x) * (sigmoid(x) - 1))
    assert_refuted(check(make_claim(rel)), rel)


def test_sigma_one_plus_sigma_is_refuted():
    rel = Eq(Derivative(sigmoid(x), x), sigmoid(x) * (1 + sigmoid(x)))
    assert_refuted(check(make_claim(rel)), rel)


def test_counterexample_is_shrunk_to_a_simple_value():
    rel = Eq(sigmoid(-x), sigmoid(x))
    result = check(make_claim(rel))
    assert result.verdict is Verdict.REFUTED
    assert result.evidence.counterexample["x"] in (1, -1, 0.5, -0.5, 2, -2)


def test_leaky_relu_without_alpha_below_one_is_refuted():
    rel = Eq(leaky_relu(x, alpha), Max(x, alpha * x))
    result = check(make_claim(rel, variables={x: REALS, alpha: REALS}))
    assert_refuted(result, rel)
    assert result.evidence.counterexample["alpha"] > 1 or result.evidence.counterexample["alpha"] < 0


def test_derivative_at_an_unexcluded_kink_is_refuted_not_proven():
    # d|x|/dx = sign(x) is false at x = 0, where |x| has no derivative
    rel = Eq(Derivative(Abs(x), x), sign(x))
    result = check(make_claim(rel))
    assert result.verdict is Verdict.REFUTED
    assert result.evidence.counterexample == {"x": 0}
    assert result.evidence.lhs_value == "undefined"


def test_ill_formed_claim_is_an_error_naming_the_claim_and_symbol():
    y = Symbol("y", real=True)
    import pytest
    from derivcheck.core.errors import InvalidClaim

    with pytest.raises(InvalidClaim, match=r"claim 'bad'.*symbol\(s\) y"):
        make_claim(Eq(x, y), id="bad")


def test_unsatisfiable_conditions_are_an_error_not_a_pass():
    result = check(make_claim(Eq(tanh(x), 2 * sigmoid(2 * x) - 1), variables={x: interval(0, 1)}, conditions=[x > 2]))
    assert result.verdict is Verdict.ERROR
    assert "no sampled point" in result.message


def test_claim_that_cannot_finish_times_out_within_its_limit():
    def never(rng):
        time.sleep(3600)

    claim = make_claim(Eq(tanh(x), 2 * sigmoid(2 * x) - 1), id="stuck", extra_check=never)
    start = time.monotonic()
    result = check(claim, timeout=2)
    assert result.verdict is Verdict.TIMEOUT
    assert time.monotonic() - start < 2 + 3


def test_float64_false_alarm_is_not_refuted():
    # second derivative of binary cross-entropy: float64 cancels badly for |a| >~ 20
    a = Symbol("a", real=True)
    y = Symbol("y", real=True)
    bce = -y * log(sigmoid(a)) - (1 - y) * log(1 - sigmoid(a))
    rel = Eq(Derivative(bce, (a, 2)), sigmoid(a) * (1 - sigmoid(a)))
    result = check(make_claim(rel, variables={a: REALS, y: interval(0, 1, lo_open=False, hi_open=False)}))
    assert result.verdict in (Verdict.PROVEN, Verdict.CHECKED), result.message
    assert result.evidence.false_alarms > 0


def test_claim_without_proof_is_checked_not_proven(monkeypatch):
    import derivcheck.run.runner as runner

    monkeypatch.setattr(runner, "prove", lambda claim, budget, strategies=None: None)
    result = check(make_claim(Eq(tanh(x), 2 * sigmoid(2 * x) - 1)))
    assert result.verdict is Verdict.CHECKED
    assert "no strategy found a proof" in result.message


def test_proof_contradicted_by_numbers_is_an_error(monkeypatch):
    import derivcheck.run.runner as runner
    from derivcheck.core.proof import Goal, Proof

    fake = Proof(Goal(x, "zero"), (), "fake")
    monkeypatch.setattr(runner, "prove", lambda claim, budget, strategies=None: [fake])
    result = check(make_claim(Eq(x, x + 1, evaluate=False)))
    assert result.verdict is Verdict.ERROR
    assert "BUG" in result.message


def test_claim_over_the_memory_limit_is_an_error_and_the_run_goes_on():
    import numpy as np

    from derivcheck.run.runner import run_claims

    def hog(rng):
        return len(np.ones(2**31)), None  # 16 GiB

    hungry = make_claim(Eq(tanh(x), 2 * sigmoid(2 * x) - 1), id="hungry", extra_check=hog)
    fine = make_claim(Eq(tanh(x), 2 * sigmoid(2 * x) - 1), id="fine")
    first, second = run_claims([hungry, fine], timeout=30, jobs=1, memory=1024**3)
    assert first.verdict is Verdict.ERROR and "memory" in first.message
    assert second.verdict is Verdict.PROVEN


def test_log_of_a_variable_of_either_sign_is_refuted_not_a_bug():
    # SymPy proves d/dx ln x = 1/x as a complex identity; over ℝ the left side is undefined for
    # x < 0. That used to be "proven" and then contradicted by the numbers (a BUG error).
    result = check(make_claim(Eq(Derivative(log(x), x), 1 / x)))
    assert result.verdict is Verdict.REFUTED, result
    assert float(result.evidence.counterexample["x"]) < 0 and "undefined" in result.message
    from sympy import oo

    on_positives = make_claim(Eq(Derivative(log(x), x), 1 / x), variables={x: interval(0, oo)})
    assert check(on_positives).verdict is Verdict.PROVEN


def test_a_root_of_a_variable_of_either_sign_is_refuted_not_a_bug():
    # the mutation run's one BUG: λ‖W⁽¹⁾‖ with √W for W² (2 → 1/2), differentiated by W⁽²⁾
    from sympy import sqrt

    y = Symbol("y", real=True)
    result = check(make_claim(Eq(Derivative(x + sqrt(y), x), 1), variables={x: REALS, y: REALS}))
    assert result.verdict is Verdict.REFUTED, result
    assert float(result.evidence.counterexample["y"]) < 0
