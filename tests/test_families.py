r"""Training examples as CS229 writes them (issue 15): ``x^{(i)} \in \mathbb{R}^n`` declares one vector per
example; inside ``\sum_{i=1}^{m}`` it is example i (row i of an m×n matrix), ``x^{(i)}_j`` its entry j.
True steps are PROVEN for every size, wrong ones REFUTED; a family whose examples cannot be told apart
(used inside and outside the sum, two different numbers of examples) is an ERROR naming the problem.
"""

import re

import pytest

from conftest import run_answers
from derivcheck.core.verdict import Verdict

CS229 = [r"\theta \in \mathbb{R}^n", r"x^{(i)} \in \mathbb{R}^n", r"y^{(i)} \in \mathbb{R}", r"j \in \{1, \dots, n\}",
         r"m \geq 1", r"m \in \mathbb{Z}"]
LMS = r"\frac{\partial}{\partial \theta_j} \frac{1}{2}\sum_{i=1}^{m} \left(\theta^T x^{(i)} - y^{(i)}\right)^2 = "
GRAD = r"\nabla_\theta \frac{1}{2}\sum_{i=1}^{m} \left(\theta^T x^{(i)} - y^{(i)}\right)^2 = "
J = CS229 + [r"J(\theta) = \frac{1}{2}\sum_{i=1}^{m} (\theta^T x^{(i)} - y^{(i)})^2"]
INDEXED = [r"\theta \in \mathbb{R}^n", r"x^{(i)} \in \mathbb{R}^n", r"y^{(i)} \in \mathbb{R}", r"i \in \{1, \dots, m\}"]

CASES = {
    # CS229's LMS rule, entry by entry and as a gradient
    "lms": (LMS + r"\sum_{i=1}^{m} \left(\theta^T x^{(i)} - y^{(i)}\right) x_j^{(i)}", CS229, Verdict.PROVEN),
    "lms_missing_inner_derivative": (LMS + r"\sum_{i=1}^{m} \left(\theta^T x^{(i)} - y^{(i)}\right)", CS229, Verdict.REFUTED),
    "gradient": (GRAD + r"\sum_{i=1}^{m} \left(\theta^T x^{(i)} - y^{(i)}\right) x^{(i)}", CS229, Verdict.PROVEN),
    "gradient_wrong_sign": (GRAD + r"\sum_{i=1}^{m} \left(y^{(i)} - \theta^T x^{(i)}\right) x^{(i)}", CS229, Verdict.REFUTED),
    "defined_cost": (r"\nabla_\theta J(\theta) = \sum_{i=1}^{m} (\theta^T x^{(i)} - y^{(i)}) x^{(i)}", J, Verdict.PROVEN),
    "defined_cost_wrong": (r"\nabla_\theta J(\theta) = \sum_{i=1}^{m} (\theta^T x^{(i)} + y^{(i)}) x^{(i)}", J, Verdict.REFUTED),
    # the examples are told apart: the sum of y over the examples is not m times one of them
    "sum_of_labels": (r"\sum_{i=1}^{m} y^{(i)} \cdot 2 = 2\sum_{i=1}^{m} y^{(i)}", CS229, Verdict.PROVEN),
    # with i a declared index, x^{(i)} is example i of its range
    "declared_index": (r"\nabla_\theta (\theta^T x^{(i)} - y^{(i)})^2 = 2(\theta^T x^{(i)} - y^{(i)}) x^{(i)}", INDEXED,
                       Verdict.PROVEN),
    # outside any sum, x^{(i)} is one vector, as declared (a claim about one example)
    "one_example": (r"\nabla_\theta (\theta^T x^{(i)} - y^{(i)})^2 = 2(\theta^T x^{(i)} - y^{(i)}) x^{(i)}", CS229, Verdict.PROVEN),
    "one_example_wrong": (r"\nabla_\theta (\theta^T x^{(i)} - y^{(i)})^2 = (\theta^T x^{(i)} - y^{(i)}) x^{(i)}", CS229,
                          Verdict.REFUTED),
}

REFUSED = {
    "inside_and_outside": (r"\sum_{i=1}^{m} x^{(i)} = m x^{(i)}", CS229, r"x\^\(i\) is used outside a sum over i as well as inside one"),
    "two_counts": (r"\sum_{i=1}^{m} y^{(i)} = \sum_{i=1}^{n} y^{(i)}", CS229, r"summed over m examples in one place and n in another"),
    "from_zero": (r"\sum_{i=0}^{m} y^{(i)} = 0", CS229, r"examples are numbered from 1"),
    "matrix_per_example": (r"\sum_{i=1}^{m} \operatorname{tr}(X^{(i)}) = 0", [r"X^{(i)} \in \mathbb{R}^{n \times n}", r"m \in \mathbb{Z}"],
                           r"a matrix per example"),
    # with scalars only, too (y^{(i)} inside Σ_i was one scalar, and Σ_i y^{(i)} = m y^{(i)} was PROVEN)
    "scalar_inside_and_outside": (r"\sum_{i=1}^{m} y^{(i)} = m y^{(i)}", [r"y^{(i)} \in \mathbb{R}", r"m \in \mathbb{Z}", r"m \geq 1"],
                                  r"y\^\(i\) is used outside a sum over i as well as inside one"),
    "undeclared_in_a_sum": (r"\sum_{i=1}^{3} y^{(i)} = 3 y^{(i)}", [], r"y\^\(i\) is not declared"),
    "product_of_examples": (r"\prod_{i=1}^{3} y^{(i)} = (y^{(i)})^3", [], r"the index i appears in the tag of y\^\(i\)"),
    "another_tag_in_the_sum": (r"\sum_{i=1}^{m} y^{(2i)} = 0", [r"y^{(2i)} \in \mathbb{R}", r"m \in \mathbb{Z}"],
                               r"changes with the sum's index i"),
}


@pytest.fixture(scope="module")
def results():
    claims = [{"id": k, "statement": s, "where": w} for k, (s, w, *_rest) in {**CASES, **REFUSED}.items()]
    return run_answers(claims)


@pytest.mark.parametrize("case", list(CASES))
def test_examples_are_read_one_per_index(case, results):
    _, _, verdict = CASES[case]
    r = results[case]
    assert r.verdict is verdict, (case, r.verdict, r.message)
    if verdict is Verdict.PROVEN:
        assert r.scope.startswith("all "), r.scope
    if case not in ("one_example", "one_example_wrong"):
        assert re.search(r"x\^\(i\) read as example i of m|y\^\(i\) read as example i of m", r.scope), r.scope
    else:
        assert "read as example" not in r.scope, r.scope


@pytest.mark.parametrize("case", list(REFUSED))
def test_examples_that_cannot_be_told_apart_are_refused(case, results):
    r = results[case]
    assert r.verdict is Verdict.ERROR, (case, r.verdict, r.message)
    assert re.search(REFUSED[case][2], r.message), r.message


BISHOP = [r"\mathbf{w} \in \mathbb{R}^M", r"\boldsymbol{\phi}_n \in \mathbb{R}^M", r"n \in \{1, \dots, N\}",
          r"0 \le t_n \le 1", r"y_n = \sigma(\mathbf{w}^T \boldsymbol{\phi}_n)",
          r"E(\mathbf{w}) = -\sum_{n=1}^{N} \left( t_n \ln y_n + (1 - t_n) \ln(1 - y_n) \right)"]


@pytest.mark.parametrize("statement, where, verdict", [
    # x_n ∈ ℝ^M with n a declared index is one vector per n, as x^{(n)}: read as one vector x_n, this false
    # claim (true only when every x_n is the same) was PROVEN
    (r"\left\|\sum_{n=1}^{N} \mathbf{x}_n\right\|^2 = N \sum_{n=1}^{N} \|\mathbf{x}_n\|^2",
     [r"\mathbf{x}_n \in \mathbb{R}^M", r"n \in \{1, \dots, N\}"], Verdict.REFUTED),
    (r"\frac{\partial}{\partial \mathbf{w}} \frac{1}{2}\sum_{n=1}^{N} (\mathbf{w}^\top \mathbf{x}_n - t_n)^2 = "
     r"\sum_{n=1}^{N} (\mathbf{w}^\top \mathbf{x}_n - t_n) \mathbf{x}_n",
     [r"\mathbf{w} \in \mathbb{R}^M", r"\mathbf{x}_n \in \mathbb{R}^M", r"t_n \in \mathbb{R}", r"n \in \{1, \dots, N\}"],
     Verdict.PROVEN),
    # Bishop's PRML (4.91): its 0 ≤ t_n ≤ 1 on every entry of t was met by no draw at N = 6 ("no sampled point")
    (r"\nabla E(\mathbf{w}) = \sum_{n=1}^{N} (y_n - t_n)\boldsymbol{\phi}_n", BISHOP, Verdict.CHECKED),
    (r"\nabla E(\mathbf{w}) = \sum_{n=1}^{N} (t_n - y_n)\boldsymbol{\phi}_n", BISHOP, Verdict.REFUTED),
])
def test_a_family_written_with_a_subscript_index(statement, where, verdict):
    r = run_answers([{"id": "family", "statement": statement, "where": where}])["family"]
    assert r.verdict == verdict, (r.verdict, r.message)
    if verdict != Verdict.REFUTED:
        assert re.search(r"(x|phi)_n read as example n of N, a vector in ℝ\^M each", r.scope), r.scope


def test_a_subscript_that_is_no_index_stays_a_name():
    """b_2, W_h: a number, or a letter no where declares as an index, is part of the name."""
    r = run_answers([{"id": "names", "statement": r"\mathbf{W}_h \mathbf{b}_2 = \mathbf{W}_h \mathbf{b}_2 + 0",
                      "where": [r"\mathbf{W}_h \in \mathbb{R}^{d \times d}", r"\mathbf{b}_2 \in \mathbb{R}^d"]}])["names"]
    assert r.verdict == Verdict.PROVEN and "read as example" not in r.scope, (r.verdict, r.message, r.scope)
