r"""``\max_j x_j`` and ``\min_j x_j`` over an index (the numerically stable softmax, a course classic): read as a
reduction like ``\sum_j``, checked size by size; with no entry formula for every size the verdict is CHECKED, never
PROVEN for all n."""

import pytest

from derivcheck import api
from derivcheck.core.verdict import Verdict

X = [r"\mathbf{x} \in \mathbb{R}^n", r"i, j, k \in \{1, \dots, n\}"]
STABLE = r"\text{softmax}(\mathbf{x})_i = \frac{e^{x_i - \max_j x_j}}{\sum_{k=1}^n e^{x_k - \max_j x_j}}"


@pytest.mark.parametrize("statement", [
    STABLE,
    r"\text{softmax}(\mathbf{x} - \max_j x_j) = \text{softmax}(\mathbf{x})",
    r"\max_j x_j \ge x_i",
    r"\min_j x_j \le \max_k x_k",
    r"\max_{j=1}^{n} x_j = -\min_j (-x_j)",
])
def test_true_claims_are_checked_and_say_they_are_not_proven_for_every_size(statement):
    r = api.check(statement, where=X, timeout=60)
    assert r.verdict is Verdict.CHECKED, (r.verdict, r.message)
    assert "not proven for every size" in r.message, r.message


@pytest.mark.parametrize("statement,at", [
    (STABLE.replace(r"\sum_{k=1}^n e^{x_k - \max_j", r"\sum_{k=1}^n e^{x_k - \min_j"), "n = 2"),  # a different shift below
    (r"\max_j x_j > x_i", "n = 1"),  # equal at n = 1, and wherever x_i is the largest
    (r"\max_j x_j = \|\mathbf{x}\|_\infty", "x1 = "),  # the largest entry, not the largest |entry|
    (r"\frac{\partial}{\partial x_i} \max_j x_j = 1", "n = 2"),  # 1 only where x_i is the largest
])
def test_false_claims_are_refuted_with_a_counterexample(statement, at):
    r = api.check(statement, where=X, timeout=60)
    assert r.verdict is Verdict.REFUTED, (r.verdict, r.message)
    assert at in r.message, r.message


def test_a_matrix_maximum_over_two_indices_is_read():
    r = api.check(r"\max_{i,j} A_{ij} \ge A_{11}", where=[r"A \in \mathbb{R}^{m \times n}"], timeout=60)
    assert r.verdict is Verdict.CHECKED, (r.verdict, r.message)


@pytest.mark.parametrize("statement,says", [
    (r"\max_j \mathbf{x} \ge 0", "not of a vector in ℝ^n"),
    (r"\max x_j \ge x_1", r"write \max_j x_j"),
])
def test_what_is_not_a_maximum_over_an_index_is_refused_saying_what_to_write(statement, says):
    r = api.check(statement, where=X, timeout=60)
    assert r.verdict is Verdict.ERROR
    assert says in r.message, r.message


@pytest.mark.parametrize("statement,verdict", [
    (r"\max(0, x_i) = \text{ReLU}(x_i)", Verdict.PROVEN),
    (r"\max(0, x_i) = x_i", Verdict.REFUTED),
    (r"\min(x_i, x_j) \le \max(x_i, x_j)", Verdict.CHECKED),  # no generic proof of the order: sizes 1-3 proven
])
def test_max_of_scalars_is_read_in_a_vector_statement(statement, verdict):
    r = api.check(statement, where=X, timeout=60)
    assert r.verdict is verdict, (r.verdict, r.message)


def test_max_of_a_vector_asks_for_relu():
    r = api.check(r"\max(0, \mathbf{x}) = \text{ReLU}(\mathbf{x})", where=X, timeout=60)
    assert r.verdict is Verdict.ERROR and r"\text{ReLU}(\mathbf{z})" in r.message, r.message


@pytest.mark.parametrize("statement,functions,verdict", [
    (r"\sum_i \text{softmax}(\mathbf{x})_i = 1", {}, Verdict.PROVEN),
    (r"\sum_i \text{softmax}(\mathbf{x})_i = 2", {}, Verdict.REFUTED),
    (r"\sum_i S(\mathbf{x})_i = 1", {"S": "softmax"}, Verdict.PROVEN),
    (r"\sum_j \sigma(\mathbf{x})_j = \sum_j \sigma(x_j)", {}, Verdict.PROVEN),
])
def test_a_sum_without_limits_over_a_function_of_a_vector_runs_over_the_vector(statement, functions, verdict):
    """softmax(x)_i and σ(x)_i are shaped like x: Σ_i runs over x's length (it was refused asking for limits)."""
    r = api.check(statement, where=[r"\mathbf{x} \in \mathbb{R}^n"], functions=functions, timeout=60)
    assert r.verdict is verdict, (r.verdict, r.message)
