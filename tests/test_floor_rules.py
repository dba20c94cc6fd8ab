"""The floor-rules strategy on its own: it proves counts and floors, and declines on false ones."""

import pytest
from sympy import Eq, Mod, Symbol, ceiling, floor

from derivcheck.core.claim import Claim, integers
from derivcheck.prover.floor_rules import FLOOR_RULE, floor_rule, integer_nonneg
from derivcheck.core.functions import indicator
from derivcheck.prover.strategies import goal_of, prepare
from sympy import Sum

i, k, s, p, a, t = (Symbol(n, integer=True) for n in "iks pat".replace(" ", ""))
SIZES = {i: integers(1), k: integers(1), s: integers(1), p: integers(0)}
FITS = [i + 2 * p >= k]


def count(window, length, stride=1):
    return Sum(indicator(t * stride + window <= length), (t, 0, length))


def attempt(relation, variables=SIZES, conditions=FITS):
    claim = Claim(id="c", title="c", source="test", topic="test", statement=(relation,),
                  variables=variables, conditions=tuple(conditions))
    [rel], ctx = prepare(claim)
    return floor_rule(goal_of(rel), ctx)


def test_proves_the_conv_output_count_with_recorded_floor_steps():
    proof = attempt(Eq(count(k, i + 2 * p, s), floor((i + 2 * p - k) / s) + 1))
    assert proof is not None and proof.method == "floor rules"
    assert any(FLOOR_RULE in rule for rule in proof.rules)
    assert any("side condition" in rule for rule in proof.rules)
    assert proof.steps[-1].expr == 0


@pytest.mark.parametrize("wrong", [
    floor((i + 2 * p - k) / s),  # no +1
    ceiling((i + 2 * p - k) / s) + 1,  # ⌈·⌉ for ⌊·⌋
    floor((i + p - k) / s) + 1,  # 2p → p
    floor((i + 2 * p - k + 1) / s) + 1,
], ids=["no_plus_one", "ceiling", "p_not_2p", "off_by_one_inside"])
def test_declines_on_off_by_one_variants(wrong):
    assert attempt(Eq(count(k, i + 2 * p, s), wrong)) is None


def test_declines_without_the_condition_that_a_window_fits():
    # without i + 2p ≥ k the formula is false (i = 1, k = 5, s = 1: 0 positions, formula −3)
    assert attempt(Eq(count(k, i + 2 * p, s), floor((i + 2 * p - k) / s) + 1), conditions=[]) is None


def test_declines_on_goals_without_floors_or_counts():
    x = Symbol("x", integer=True)
    assert attempt(Eq((x + 1) ** 2, x**2 + 2 * x + 1), variables={x: integers(0)}, conditions=[]) is None


def test_mod_is_rewritten_by_the_division_identity():
    proof = attempt(Eq(s * floor(i / s) + Mod(i, s), i), conditions=[])
    assert proof is not None
    assert any("mod" in rule for rule in proof.rules)


def test_floor_of_a_proper_fraction_needs_its_bound():
    proper = Eq(floor((s * (i - 1) + a) / s), i - 1)
    variables = {i: integers(1), s: integers(1), a: integers(0)}
    assert attempt(proper, variables, [a <= s - 1]) is not None
    assert attempt(proper, variables, []) is None  # a = s gives i, not i − 1


def test_integer_nonneg_uses_lower_bounds_and_conditions():
    claim = Claim(id="c", title="c", source="t", topic="t", statement=(Eq(i, i, evaluate=False),),
                  variables=SIZES, conditions=tuple(FITS))
    _, ctx = prepare(claim)
    fresh = {str(v): v for v in ctx.domains}
    I, K, S, P = (fresh[n] for n in "iksp")
    assert integer_nonneg(S * (I + 1) - I, ctx, strict=True) is not None  # s ≥ 1
    assert integer_nonneg(I + 2 * P - K, ctx, strict=False) is not None  # the condition itself
    assert integer_nonneg(I - K, ctx, strict=False) is None  # false at i = 1, k = 2, p = 1
    assert integer_nonneg(I + 2 * P - K, ctx, strict=True) is None  # equality is allowed


def test_lower_bounds_on_the_index_are_declined_not_guessed():
    # t ≥ y is a lower bound on t: not handled, so the strategy must decline
    from sympy import Piecewise, S as One

    rel = Eq(Sum(Piecewise((One.One, t * s >= k), (One.Zero, True)), (t, 0, i)), i - floor(k / s))
    assert attempt(rel, conditions=[]) is None
