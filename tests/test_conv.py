"""Off-by-one variants of the conv formulas are REFUTED, at the smallest counterexample.

Each variant is a catalog claim with one mistake (no +1, ⌈·⌉ for ⌊·⌋, 2p → p, ...). The test
checks the verdict through the real runner, then re-derives in plain Python (loops and //,
no SymPy, no numpy) that the reported point violates the variant and that no smaller point
does (smaller = closer to the lower bounds in total, then lexicographic in declared order).
"""

import itertools
import math

import pytest
from sympy import Eq, Mod, ceiling, floor

from conftest import check
from derivcheck.core.claim import Claim
from derivcheck.core.registry import load_catalog
from derivcheck.core.verdict import Verdict
from derivcheck.identities.conv import bias_count, c_in, c_out, conv_out, conv_transpose_out, d, i, k, k_h, k_w, m, p, positions, s, weight_count

CATALOG = load_catalog()


def fits(window, length, stride=1):
    """Plain-Python count of the window positions t ≥ 0 with t·stride + window ≤ length."""
    n = 0
    while n * stride + window <= length:
        n += 1
    return n


def cdiv(x, y):
    return -((-x) // y)


def variant(of: str, *relations):
    """The catalog claim ``of`` with its statement replaced (and no extra check: that one is for the true formula)."""
    base = CATALOG[of]
    return Claim(id=f"{of}_variant", title="variant", source="test", topic="test", statement=tuple(relations),
                 variables=base.variables, conditions=base.conditions)


def smallest_violation(claim, holds, tuples=100_000):
    """The first tuple (by total offset from the lower bounds, then lexicographic) where ``holds`` is False."""
    from sympy import lambdify

    names = [str(v) for v in claim.variables]
    box = max(2, int(tuples ** (1 / len(names))) - 1)  # each variable from lo to lo + box
    ranges = [range(int(dom.lo), int(dom.lo) + box + 1) for dom in claim.variables.values()]
    conditions = [lambdify(list(claim.variables), c) for c in claim.conditions]
    for tup in sorted(itertools.product(*ranges), key=lambda tup: (sum(x - r.start for x, r in zip(tup, ranges)), tup)):
        if all(c(*tup) for c in conditions) and not holds(**dict(zip(names, tup))):
            return dict(zip(names, tup))
    raise AssertionError("no violation in the box: the variant is not wrong there")


CASES = {
    "conv_out_size/no_plus_one": (
        "conv_out_size", lambda: Eq(positions(k, i + 2 * p, s), floor((i + 2 * p - k) / s)),
        lambda i, k, s, p: fits(k, i + 2 * p, s) == (i + 2 * p - k) // s),
    "conv_out_size/ceiling": (
        "conv_out_size", lambda: Eq(positions(k, i + 2 * p, s), ceiling((i + 2 * p - k) / s) + 1),
        lambda i, k, s, p: fits(k, i + 2 * p, s) == cdiv(i + 2 * p - k, s) + 1),
    "conv_out_size/p_not_2p": (
        "conv_out_size", lambda: Eq(positions(k, i + 2 * p, s), floor((i + p - k) / s) + 1),
        lambda i, k, s, p: fits(k, i + 2 * p, s) == (i + p - k) // s + 1),
    "dilated/no_plus_one": (
        "conv_out_size_dilated", lambda: Eq(positions(d * (k - 1) + 1, i + 2 * p, s), conv_out(i, k, s, p, d) - 1),
        lambda i, k, s, p, d: fits(d * (k - 1) + 1, i + 2 * p, s) == (i + 2 * p - d * (k - 1) - 1) // s),
    "dilated/ceiling": (
        "conv_out_size_dilated",
        lambda: Eq(positions(d * (k - 1) + 1, i + 2 * p, s), ceiling((i + 2 * p - d * (k - 1) - 1) / s) + 1),
        lambda i, k, s, p, d: fits(d * (k - 1) + 1, i + 2 * p, s) == cdiv(i + 2 * p - d * (k - 1) - 1, s) + 1),
    "dilated/p_not_2p": (
        "conv_out_size_dilated", lambda: Eq(positions(d * (k - 1) + 1, i + 2 * p, s), conv_out(i - p, k, s, p, d)),
        lambda i, k, s, p, d: fits(d * (k - 1) + 1, i + 2 * p, s) == (i + p - d * (k - 1) - 1) // s + 1),
    "dilated/dk_not_d_k_minus_1": (
        "conv_out_size_dilated", lambda: Eq(positions(d * (k - 1) + 1, i + 2 * p, s), floor((i + 2 * p - d * k) / s) + 1),
        lambda i, k, s, p, d: fits(d * (k - 1) + 1, i + 2 * p, s) == (i + 2 * p - d * k) // s + 1),
    "pool/no_plus_one": (
        "pool_out_size", lambda: Eq(positions(k, i, s), floor((i - k) / s)),
        lambda i, k, s: fits(k, i, s) == (i - k) // s),
    "pool/ceiling": (
        "pool_out_size", lambda: Eq(positions(k, i, s), ceiling((i - k) / s) + 1),
        lambda i, k, s: fits(k, i, s) == cdiv(i - k, s) + 1),
    "same/p_not_2p": (
        "conv_same_padding", lambda: Eq(positions(2 * m + 1, i + m), i),
        lambda i, m: fits(2 * m + 1, i + m) == i),
    "same/even_kernel": (
        "conv_same_padding", lambda: Eq(positions(2 * m, i + 2 * m), i),
        lambda i, m: fits(2 * m, i + 2 * m) == i),
    "full/no_minus_one": (
        "conv_full_length", lambda: Eq(positions(k, i + 2 * (k - 1)), i + k),
        lambda i, k: fits(k, i + 2 * (k - 1)) == i + k),
    "valid/no_plus_one": (
        "conv_full_length", lambda: Eq(positions(k, i), i - k),
        lambda i, k: fits(k, i) == i - k),
    "same/min_not_max": (
        "conv_full_length", lambda: Eq(positions(k, i + (k - 1)), k),
        lambda i, k: fits(k, i + k - 1) == k),
    "transpose/no_output_padding": (
        "conv_transpose_out_size", lambda: Eq(conv_transpose_out(conv_out(i, k, s, p, d), k, s, p, 0, d), i),
        lambda i, k, s, p, d, o, a: ((i + 2 * p - d * (k - 1) - 1) // s) * s - 2 * p + d * (k - 1) + 1 == i),
    "transpose/p_not_2p": (
        "conv_transpose_out_size",
        lambda: Eq(conv_transpose_out(conv_out(i, k, s, p, d), k, s, p, Mod(i + 2 * p - d * (k - 1) - 1, s), d) + p, i),
        lambda i, k, s, p, d, o, a: i + p == i),
    "params/no_bias_in_total": (
        "conv_num_params", lambda: Eq(weight_count(c_out, c_in, k_h, k_w) + bias_count(c_out), c_out * c_in * k_h * k_w),
        lambda c_out, c_in, k_h, k_w: c_out * c_in * k_h * k_w + c_out == c_out * c_in * k_h * k_w),
    "params/no_c_in": (
        "conv_num_params", lambda: Eq(weight_count(c_out, c_in, k_h, k_w), c_out * k_h * k_w),
        lambda c_out, c_in, k_h, k_w: c_out * c_in * k_h * k_w == c_out * k_h * k_w),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_off_by_one_variant_is_refuted_at_the_smallest_counterexample(case):
    of, relation, holds = CASES[case]
    claim = variant(of, relation())
    result = check(claim)
    assert result.verdict is Verdict.REFUTED, result.message
    found = result.evidence.counterexample
    assert not holds(**found), f"{found} does not violate the variant"
    assert found == smallest_violation(claim, holds), "not the smallest counterexample"
    assert max(found.values()) <= 8


def test_variant_counterexample_values_are_the_two_sides():
    claim = variant("conv_out_size", Eq(positions(k, i + 2 * p, s), floor((i + 2 * p - k) / s)))
    ev = check(claim).evidence
    point = ev.counterexample
    assert int(ev.lhs_value) == fits(point["k"], point["i"] + 2 * point["p"], point["s"])
    assert int(ev.rhs_value) == (point["i"] + 2 * point["p"] - point["k"]) // point["s"]


def test_every_integer_conv_claim_is_checked_on_a_full_grid():
    from derivcheck.numeric.enumeration import ENUMERATION_CAP, enumeration_grid

    for claim in CATALOG.values():
        if claim.topic == "conv" and claim.variables:
            grid = enumeration_grid(claim)
            assert grid is not None, claim.id
            sizes = [hi - lo + 1 for lo, hi in grid.values()]
            assert min(sizes) >= 4 and math.prod(sizes) <= ENUMERATION_CAP, (claim.id, grid)


def test_extra_checks_catch_a_wrong_brute_force_target(monkeypatch):
    """The numpy brute force is a real check: made to expect one more position, it objects."""
    import derivcheck.identities.conv as conv

    real = conv._count_fitting
    monkeypatch.setattr(conv, "_count_fitting", lambda *args: real(*args) + 1)
    points, found = conv._check_conv_out_size(None)
    assert found is not None and found["counterexample"] == {"i": 1, "k": 1, "s": 1, "p": 0}
