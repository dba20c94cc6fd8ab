r"""A derivation inside the branches of ``cases`` (seed 000's softmax Jacobian, seed 003's cross-entropy): the left
side against the cases of each branch's first member, then each branch's chain where its condition holds.

Before, the reader stopped at the branch's ``=`` ("expected '&', found '='"), so none of it was checked."""

import pytest

from derivcheck import api
from derivcheck.notation.case_chains import split_case_chains

X = [r"\mathbf{x} \in \mathbb{R}^n", r"i, j \in \{1, \dots, n\}"]
S = {"S": "softmax"}
P = r"\frac{e^{x_i}}{\sum_j e^{x_j}}"
Q = r"\frac{e^{x_j}}{\sum_j e^{x_j}}"
SEED_000 = (r"\frac{\partial S(\mathbf{x})_i}{\partial x_j} = \begin{cases} -" + P + Q + r" = -S(\mathbf{x})_i S(\mathbf{x})_j,"
            r" & \text{if } i \neq j, \\ " + P + " - " + P + Q + r" = %s, & \text{if } i = j \end{cases}")


def check(statement):
    r = api.check(statement, where=X, functions=S, timeout=60)
    return r, [s.verdict.value for s in r.steps]


def test_seed_000_every_step_holds():
    r, steps = check(SEED_000 % r"S(\mathbf{x})_i - S(\mathbf{x})_i S(\mathbf{x})_j")
    assert len(steps) == 3 and set(steps) <= {"PROVEN", "CHECKED"}, r.message
    assert r"where i \neq j" in r.scope and "3 relations" in r.scope


def test_a_wrong_step_in_a_branch_is_the_first_wrong_step():
    r, steps = check(SEED_000 % r"S(\mathbf{x})_i + S(\mathbf{x})_i S(\mathbf{x})_j")
    assert r.verdict.value == "REFUTED" and steps[2] == "REFUTED" and r.first_wrong_step == 3, r.message
    assert "i = 1, j = 1" in r.message and "left = " in r.message, r.message


def test_a_wrong_first_member_is_refuted_in_the_first_step():
    wrong = (r"\frac{\partial S(\mathbf{x})_i}{\partial x_j} = \begin{cases} " + P + Q + r" = S(\mathbf{x})_i S(\mathbf{x})_j"
             r" & \text{if } i \neq j \\ S(\mathbf{x})_i (1 - S(\mathbf{x})_i) & \text{otherwise} \end{cases}")
    r, steps = check(wrong)
    assert steps[0] == "REFUTED" and steps[1] in ("PROVEN", "CHECKED"), (steps, r.message)


@pytest.mark.parametrize("text", [
    r"f = \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}",  # no chain in a branch: as written
    r"f = \begin{cases} a = b & x > 0 \\ 0 & \text{otherwise} \end{cases}",  # otherwise of a value condition: not guessed
    r"\begin{cases} a = b & i = j \\ 0 & i \neq j \end{cases} = f",  # the cases not the last member
])
def test_nothing_is_split_that_could_be_read_two_ways(text):
    assert split_case_chains(text) is None


def test_otherwise_takes_the_negation_of_an_index_relation():
    parts = split_case_chains(r"J_{ij} = \begin{cases} a_i = b_i & \text{if } i = j \\ 0 & \text{otherwise} \end{cases}")
    assert parts == [r"J_{ij} = \begin{cases} a_i & i = j \\ 0 & i \neq j \end{cases}", r"a_i = b_i \text{ if } i = j"]


def test_relations_joined_by_implies_in_a_vector_statement_are_each_checked():
    # seed 004 Q1 k): refused at the second \Rightarrow before
    where = [r"x \in \mathbb{R}^n", r"i, j \in \{1, \dots, n\}", r"J = \frac{\partial s(x)}{\partial x}"]
    text = (r"J_{ij} = \frac{\partial s(x)_i}{\partial x_j} \text{ if } i=j \Rightarrow J_{ii} = \frac{\partial s(x)_i}"
            r"{\partial x_i} = s(x)_i (1 - s(x)_i) = s(x)_i (-s(x)_i)")
    r = api.check(text, where=where, functions={"s": "softmax"}, timeout=60)
    assert [s.verdict.value in ("PROVEN", "CHECKED") for s in r.steps] == [True, True, True, False], r.message
    assert r.first_wrong_step == 4 and [s.relation for s in r.steps][1:] == ["step 2", "step 3", "step 4"]
    assert "2 relations joined by ⇒" in r.scope
