r"""Conditions on sizes alone in ``where`` (``K \ge 2``, which a label-smoothed target's ε/(K − 1) needs) say at which
sizes the claim is made: a size where one fails is skipped, as ``i \neq j`` skips n = 1. It was "this condition is
always false" at K = 1 — an ERROR for the whole claim."""

from __future__ import annotations

from derivcheck import api

SMOOTHED = [r"k, y \in \{1, \dots, K\}", r"K \ge 2", r"t_k = (1 - \epsilon)[k = y] + \frac{\epsilon}{K-1}[k \neq y]"]


def check(statement, where):
    return api.check(statement, where=where, timeout=60)


def test_a_size_condition_skips_the_sizes_it_excludes():
    r = check(r"\sum_{k=1}^{K} t_k = 1", SMOOTHED)
    assert r.verdict.value == "PROVEN", (r.verdict, r.message)
    wrong = check(r"\sum_{k=1}^{K} t_k = 1 - \epsilon", SMOOTHED)
    assert wrong.verdict.value == "REFUTED" and "K = 1" not in wrong.scope and "K = 2" in wrong.scope, wrong.scope


def test_a_size_condition_no_size_meets_is_said():
    r = check(r"\sum_{k=1}^{K} t_k = 1", [r"k, y \in \{1, \dots, K\}", r"K > 100", r"t_k = [k = y]"])
    assert r.verdict.value == "ERROR" and "hold at none of the sizes checked" in r.message, (r.verdict, r.message)


def test_a_condition_between_two_sizes_is_still_refused():
    """n > m: the sizes are drawn equal (1, 2, 3), then large; skipping the ones it excludes left one draw (a review
    found a false claim CHECKED so). It stays an ERROR until sizes are drawn to meet it."""
    r = check(r"\sum_{i=1}^{n} 1 \le \sum_{j=1}^{m} 1 + 1", [r"x \in \mathbb{R}^n", r"w \in \mathbb{R}^m", "n > m"])
    assert r.verdict.value == "ERROR", (r.verdict, r.message)
