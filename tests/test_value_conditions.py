r"""Conditions on values in vector and index claims: ``\begin{cases} 1 & x_i > 0 \\ 0 & \text{otherwise} \end{cases}``
and indicators ``\mathbb{1}[x_i > 0]``, ``\mathbf{1}_{\{x_i \geq 0\}}``, ``\mathbb{I}\{x_i < 0\}`` (notation.cases).

Before, the vector reader refused them ("a relation between two indices"), so ReLU backprop as seeds 000, 002 and
004 write it (``\nabla g(x) = \begin{cases} 1, & \text{when } x > 0 \\ …``) was never checked. Each form is
checked both ways: a right answer passes and a wrong one is REFUTED with a counterexample; branches that do not
cover every value exactly once are refused, never read one way."""

import pytest

from derivcheck import api

RELU = [r"h^a \in \mathbb{R}^n", r"h^s = \text{ReLU}(h^a)", r"i, j, k \in \{1, \dots, n\}", r"h^a_k \neq 0"]
D = r"\frac{\partial h_i^s}{\partial h_j^a} = "
X = [r"\mathbf{x} \in \mathbb{R}^n"]


def verdict(statement, where, functions=None):
    r = api.check(statement, where=list(where), functions=functions, timeout=60)
    return r.verdict.value, r


@pytest.mark.parametrize("cases", [
    r"\begin{cases} \delta_{ij} & \text{if } h_i^a > 0 \\ 0 & \text{otherwise} \end{cases}",
    r"\begin{cases} \delta_{ij} & h_j^a > 0 \\ 0 & h_j^a \le 0 \end{cases}",
    r"\begin{cases} \delta_{ij} & 0 < h_i^a \\ 0 & h_i^a \leq 0 \end{cases}",  # turned around: still the negation
    r"\begin{cases} 0 & h_i^a \le 0 \\ \delta_{ij} & \text{otherwise} \end{cases}",
])
def test_relu_jacobian_by_cases_holds(cases):
    v, r = verdict(D + cases, RELU)
    assert v in ("PROVEN", "CHECKED"), r.message


@pytest.mark.parametrize("cases", [
    r"\begin{cases} \delta_{ij} & h_i^a < 0 \\ 0 & \text{otherwise} \end{cases}",  # the branches swapped
    r"\begin{cases} 1 & h_i^a > 0 \\ 0 & \text{otherwise} \end{cases}",  # no δ: off the diagonal too
])
def test_a_wrong_case_split_is_refuted_with_a_counterexample(cases):
    v, r = verdict(D + cases, RELU)
    assert v == "REFUTED" and r.counterexample, r.message


def test_the_gradient_of_relu_as_seed_004_writes_it():
    steps = r"\nabla g(x) = \frac{d}{dx} g(x) = \begin{cases} 1, & \text{when } x > 0 \\ 0, & \text{when } x \leq 0 \end{cases}"
    v, r = verdict(steps, [r"x \in \mathbb{R}", r"x \neq 0"], {"g": "relu"})
    assert v == "PROVEN" and [s.verdict.value for s in r.steps] == ["PROVEN", "PROVEN"], r.message
    v, r = verdict(r"\nabla g(x) = \begin{cases} 1, & \text{when } x < 0 \\ 0, & \text{otherwise} \end{cases}",
                   [r"x \in \mathbb{R}", r"x \neq 0"], {"g": "relu"})
    assert v == "REFUTED", r.message


@pytest.mark.parametrize("indicator,holds", [
    (r"\mathbb{1}[x_i > 0]", True),
    (r"\mathbf{1}_{\{x_i \geq 0\}}", True),  # at x_i = 0 both sides are 0
    (r"\mathbf{1}_{x_i > 0}", True),
    (r"\mathbb{I}\{x_i < 0\}", False),
    (r"\mathbb{1}[x_i \neq 0]", False),  # −x_i for negative x_i
])
def test_an_indicator_of_a_value_condition(indicator, holds):
    v, r = verdict(r"\sum_{i=1}^{n} " + indicator + r" x_i = \sum_{i=1}^{n} \text{ReLU}(x_i)", X)
    assert (v in ("PROVEN", "CHECKED")) if holds else (v == "REFUTED"), (v, r.message)


@pytest.mark.parametrize("statement,says", [
    (D + r"\begin{cases} 1 & h_i^a > 0 \\ 0 & h_i^a < 0 \end{cases}", "these cases may overlap or leave values out"),
    (D + r"\begin{cases} 1 & h_i^a > 0 \\ 0 & h_i^a > 1 \end{cases}", "these cases may overlap or leave values out"),
    (D + r"\begin{cases} 1 & h_i^a > 0 \\ 0 & h_i^a = 0 \\ 0 & \text{otherwise} \end{cases}", "these cases may overlap"),
    (D + r"\begin{cases} 1 & 0 < h_i^a < 5 \\ 0 & \text{otherwise} \end{cases}", "one relation per condition"),
    (D + r"\begin{cases} 1 & \text{unless } h_i^a > 0 \\ 0 & \text{otherwise} \end{cases}", r"not \text{unless}"),
])
def test_cases_that_do_not_cover_every_value_once_are_refused(statement, says):
    v, r = verdict(statement, RELU)
    assert v == "ERROR" and says in r.message and "column" in r.message, r.message


def test_a_condition_on_a_whole_vector_is_refused():
    v, r = verdict(r"\frac{\partial}{\partial \mathbf{x}} \sum_i \text{ReLU}(x_i) = \mathbf{1}_{\mathbf{x} > 0}", X)
    assert v == "ERROR" and "compares two scalars" in r.message, r.message
