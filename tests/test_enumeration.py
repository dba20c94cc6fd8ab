"""Exhaustive checks of integer claims: the grid, sums as SymPy defines them, smallest first."""

import math

from sympy import Eq, Ge, Mod, Sum, Symbol, floor

from conftest import check, make_claim, x
from derivcheck.core.claim import REALS, integers
from derivcheck.numeric.enumeration import ENUMERATION_CAP, check_exhaustively, enumeration_grid, evaluate
from derivcheck.numeric.spotcheck import spot_check
from derivcheck.core.verdict import Verdict

n = Symbol("n", integer=True)
q = Symbol("q", integer=True)
t = Symbol("t", integer=True)
lo_ = Symbol("lo", integer=True)
hi_ = Symbol("hi", integer=True)


def test_grid_respects_the_cap_and_the_lower_bounds():
    claim = make_claim(Eq(n + q, q + n, evaluate=False), variables={n: integers(1), q: integers(0, sample_hi=10**6)})
    grid = enumeration_grid(claim, cap=1000)
    assert math.prod(hi - lo + 1 for lo, hi in grid.values()) <= 1000
    assert grid[n][0] == 1 and grid[q][0] == 0


def test_claims_with_a_real_variable_are_not_enumerated():
    claim = make_claim(Eq(n * x, x * n, evaluate=False), variables={n: integers(1), x: REALS})
    assert enumeration_grid(claim) is None


def test_sums_follow_sympys_convention_for_reversed_limits():
    # Sum(1, (t, lo, hi)) = hi − lo + 1 for all integers, including hi < lo − 1 (Karr's convention)
    claim = make_claim(Eq(Sum(t, (t, lo_, hi_)), (hi_ - lo_ + 1) * (lo_ + hi_) / 2),
                       variables={lo_: integers(-8, 8), hi_: integers(-8, 8)})
    checked, _, found = check_exhaustively(claim, enumeration_grid(claim))
    assert found is None and checked == 17 * 17
    exact = [Sum(t, (t, a, b)).doit() for a in (-3, 2) for b in (-5, 4)]
    values = {lo_: [-3.0, -3.0, 2.0, 2.0], hi_: [-5.0, 4.0, -5.0, 4.0]}
    import numpy as np

    got = evaluate(Sum(t, (t, lo_, hi_)), {k: np.array(v) for k, v in values.items()}, 4)
    assert list(got) == [float(e) for e in exact]


def test_smallest_counterexample_is_reported():
    # 2⌊n/2⌋ = n fails at every odd n; the smallest with n ≥ 1 is n = 1
    claim = make_claim(Eq(2 * floor(n / 2), n), variables={n: integers(1)})
    evidence = spot_check(claim)
    assert evidence.counterexample == {"n": 1}
    assert "enumerated" in evidence.message


def test_smallest_counterexample_beyond_the_first_corner():
    # true below 10: the enumeration must leave its first corner and still find n = 10
    claim = make_claim(Ge(9, n), variables={n: integers(1, sample_hi=40)})
    assert spot_check(claim).counterexample == {"n": 10}


def test_floor_and_mod_division_identity_holds_on_the_grid():
    claim = make_claim(Eq(q * floor(n / q) + Mod(n, q), n), variables={n: integers(-20, 20), q: integers(1, 15)})
    evidence = spot_check(claim)
    assert evidence.counterexample is None and evidence.points == 41 * 15


def test_conditions_restrict_the_grid():
    claim = make_claim(Ge(n, q), variables={n: integers(0, 10), q: integers(0, 10)}, conditions=[n >= q])
    evidence = spot_check(claim)
    assert evidence.counterexample is None and evidence.points == 66


def test_claim_without_variables_with_a_sum_is_checked_not_refuted():
    # was a bug: float64 gave NaN for Sum(...) and 60-digit evalf failed, so it was "violated"
    claim = make_claim(Eq(Sum(1, (t, 1, 64), (n, 1, 3)), 192, evaluate=False), variables={})
    assert check(claim).verdict is Verdict.PROVEN
    wrong = make_claim(Eq(Sum(1, (t, 1, 64), (n, 1, 3)), 191, evaluate=False), variables={})
    result = check(wrong)
    assert result.verdict is Verdict.REFUTED and result.evidence.lhs_value == "192"


def test_default_grid_of_conv_out_size_stays_under_the_cap():
    from derivcheck.core.registry import load_catalog

    grid = enumeration_grid(load_catalog()["conv_out_size"])
    assert math.prod(hi - lo + 1 for lo, hi in grid.values()) <= ENUMERATION_CAP


def test_random_path_handles_floor_and_mod_with_a_real_variable():
    # a real variable keeps the claim off the grid: the vectorised random check must get ⌊·⌋ and mod right
    good = make_claim(Eq(x * (2 * floor(n / 2) + Mod(n, 2)), x * n), variables={n: integers(-20, 20), x: REALS})
    assert spot_check(good).counterexample is None
    bad = make_claim(Eq(x * 2 * floor(n / 2), x * n), variables={n: integers(-20, 20), x: REALS})
    found = spot_check(bad).counterexample
    assert found is not None and found["n"] % 2 == 1 and found["x"] != 0
