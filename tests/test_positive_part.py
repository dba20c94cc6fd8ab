r"""Seed 000's ReLU chain ``\text{rect}(x) = \text{RELU}(x) = [x]_+ = \max(0, x) = \mathbf{1}_{\{x>0\}}(x)``:
``[x]_+`` is the positive part in every reader (it was once the scalar named x_+, and that chain REFUTED at x = 0), and
an indicator written before parentheses is refused with both readings (the indicator of the set at x, or times x)."""

import pytest

from derivcheck import api
from derivcheck.core.verdict import Verdict

X = [r"\mathbf{x} \in \mathbb{R}^n", r"i \in \{1, \dots, n\}"]


@pytest.mark.parametrize("statement,where,verdict", [
    (r"[x_i]_+ = \text{ReLU}(x_i)", X, Verdict.PROVEN),
    (r"[x_i]_{+} = \max(0, x_i)", X, Verdict.PROVEN),
    (r"[x_i]_+ = x_i", X, Verdict.REFUTED),
    (r"\text{rect}(x) = \text{RELU}(x) = [x]_+ = \max(0, x)", [r"x \in \mathbb{R}"], Verdict.PROVEN),
    (r"(A\mathbf{x})_i = \sum_j A_{ij} x_j", X + [r"A \in \mathbb{R}^{n \times n}"], Verdict.PROVEN),  # a bracket's entry
])
def test_a_bracket_with_plus_below_is_the_positive_part(statement, where, verdict):
    r = api.check(statement, where=where, timeout=60)
    assert r.verdict is verdict, (r.verdict, r.message)


def test_the_negative_part_is_refused_naming_both_conventions():
    r = api.check(r"[x_i]_- = \max(0, -x_i)", where=X, timeout=60)
    assert r.verdict is Verdict.ERROR and "min(0, x)" in r.message, r.message


@pytest.mark.parametrize("statement", [
    r"\max(0, x) = \mathbf{1}_{\{x>0\}}(x)",
    r"\max(0, x) = \mathbb{1}_{x>0}(x)",
    r"\max(0, x) = \mathbb{1}[x > 0](x)",
])
def test_an_indicator_before_parentheses_names_both_readings(statement):
    r = api.check(statement, where=[r"x \in \mathbb{R}"], timeout=60)
    assert r.verdict is Verdict.ERROR, (r.verdict, r.message)
    assert "indicator applied" in r.message and r"\cdot (…)" in r.message, r.message


@pytest.mark.parametrize("statement", [r"\max(0, x) = \mathbb{1}[x > 0]\, x", r"\max(0, x) = \mathbb{1}_{x>0} \cdot (x)"])
def test_the_indicator_times_x_is_relu(statement):
    r = api.check(statement, where=[r"x \in \mathbb{R}"], timeout=60)
    assert r.verdict is Verdict.PROVEN, (r.verdict, r.message)
