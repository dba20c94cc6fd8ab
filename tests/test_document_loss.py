r"""A loss defined as a function of an example, ``L(\mathbf{x}, y) = -\log \mathbf{o}_y^s``, and the backpropagation
claims that name it bare (``\frac{\partial L}{\partial \mathbf{o}^a}``): checked through the definitions under the
same heading; another question's L, or its indices, are not in force. Seed 000 writes ``\mathbf{o}_y^s(\mathbf{x})``:
o^s_y defined through x, or o^s_y times x -- in ``L(\mathbf{x}, y) = …`` the former (a function of x written through
another), elsewhere the one reading whose shapes fit the claim, and where both fit the claim is not read."""

from __future__ import annotations

from pathlib import Path

import pytest

from derivcheck.documents.check import check_documents
from derivcheck.documents.headings import find_headings

FIXTURE = Path(__file__).parent / "fixtures" / "documents" / "loss_by_question.md"
THROUGH_X = Path(__file__).parent / "fixtures" / "documents" / "loss_through_x.md"


@pytest.fixture(scope="module")
def entries():
    [report] = check_documents([FIXTURE], timeout=60, jobs=2, seed=0)
    return {(e.line, e.kind): (e, r) for e, r in zip(report.entries, report.results)}


def verdict(entries, line):
    return entries[(line, "claim")][1].verdict.value


def test_the_loss_of_an_example_is_a_definition(entries):
    assert (19, "definition") in entries


def test_claims_naming_the_loss_bare_are_checked_through_it(entries):
    assert verdict(entries, 21) == "PROVEN"  # ∂L/∂o^a = o^s − onehot(y)
    assert verdict(entries, 23) == "REFUTED"  # the sign wrong
    assert verdict(entries, 25) == "PROVEN"  # ∂L/∂b = ∂L/∂o^a


def test_indices_declared_for_another_question_are_not_in_force(entries):
    # j ∈ 1..n was declared in question 1: in question 2 it is neither that range nor guessed from b ∈ ℝ^m
    message = entries[(27, "not read")][0].message
    assert "j is declared at line 5" in message and "under another heading" in message


def test_an_undeclared_index_runs_along_the_dimension_it_subscripts(entries):
    # W ∈ ℝ^{m×d}: the k of W_{kq} runs over m, the q over d
    entry, result = entries[(29, "claim")]
    assert result.verdict.value == "PROVEN"
    assert {"k read as an index of the arrays it subscripts: 1 to m",
            "q read as an index of the arrays it subscripts: 1 to d"} <= set(entry.notes)
    # k subscripts W along m and x along d: no one range, no guess
    assert "k is not a declared index" in entries[(31, "not read")][0].message


def test_a_case_in_the_sentence_holds_for_the_inline_formula_after_it(entries):
    assert verdict(entries, 35) in ("PROVEN", "CHECKED")  # if k ≠ y: ∂L/∂o_k = o^s_k
    assert verdict(entries, 36) == "PROVEN"  # if k = y: o^s_k − 1
    assert verdict(entries, 37) == "REFUTED"  # if k = y: o^s_k, the 1 forgotten
    assert "the case of line 35: k \\neq y" in entries[(35, "claim")][0].notes


def test_a_line_that_is_only_a_question_label_starts_a_question(entries):
    # under "Q3" the loss of question 2 is not in force: the bare L defines nothing there
    assert "nothing declares or defines" in entries[(41, "not read")][0].message


@pytest.mark.parametrize("line, title", [("Q2", "Q2"), ("**Question 3.**", "Question 3"), ("Problem 1:", "Problem 1"),
                                         ("Question 2a", "Question 2a")])
def test_question_label_lines(line, title):
    assert [h.title for h in find_headings(line)] == [title]


@pytest.mark.parametrize("line", ["Q2 is the hard one", "**Answer:**", "Q", "Question: what is x?", "Part 1"])
def test_lines_that_are_not_question_labels(line):
    assert find_headings(line) == []


@pytest.fixture(scope="module")
def through_x():
    [report] = check_documents([THROUGH_X], timeout=60, jobs=2, seed=0)
    return {(e.line, e.kind): (e, r) for e, r in zip(report.entries, report.results)}


def test_a_loss_written_through_x_is_read_as_a_function_of_x(through_x):
    assert (13, "definition") in through_x  # L(x, y) = -log o^s_y(x): the log of o^s_y at x, a probability
    entry, result = through_x[(15, "claim")]
    assert result.verdict.value == "PROVEN"  # ∂L/∂o^a = o^s(x) − onehot(y)
    assert "o^s_y(x) in the definition of L read as o^s_y at x: a log-loss" in result.scope
    assert verdict(through_x, 17) == "REFUTED"  # the sign wrong
    assert verdict(through_x, 19) == "PROVEN"  # ∂L/∂o^a ∈ ℝ^m


def test_o_of_x_in_a_claim_is_not_read_from_the_loss(through_x):
    # the loss's reading holds inside its definition: a claim's own o^s_y(x) may be o^s_y times x (s(x) for s·x)
    assert "o^s_y(x) is ambiguous: o^s (defined in where through x), or o^s times x?" in \
        through_x[(26, "not read")][0].message
    # ℓ = -log o^s_y(x), with no parameters to say it is a function of x: not read either
    assert "o^s_y(x) is ambiguous" in through_x[(43, "not read")][0].message


def test_a_list_items_case_stays_with_its_item(through_x):
    assert verdict(through_x, 21) in ("PROVEN", "CHECKED")  # if k ≠ y: o^s_k
    assert verdict(through_x, 22) == "PROVEN"  # if k = y: o^s_k − 1
    # the display after the list is no case of it, though the item ends in ';': stated for every k, it is wrong
    entry, result = through_x[(24, "claim")]
    assert result.verdict.value == "REFUTED" and not any("the case of line" in note for note in entry.notes)


def test_a_case_right_before_its_formula(through_x):
    # "For $i \neq y$ $…$" with no comma, and on the next line a display: the sentence goes on, and its case with it
    assert "the case of line 28: i \\neq y" in through_x[(28, "claim")][0].notes
    entry, result = through_x[(29, "claim")]
    assert result.verdict.value in ("PROVEN", "CHECKED") and "the case of line 28: i \\neq y" in entry.notes
    # "For $i \neq y$ it is $…$": the words do not show the case running on: not read, never checked without it
    assert "the words between do not say whether it holds only then" in through_x[(31, "not read")][0].message
    # "For $i \neq y$ $o^s_i$ is small": a mention; the case does not wait for a later relation
    assert (33, "not a relation") in through_x
    assert not any("the case of line 33" in note for e, _ in through_x.values() for note in e.notes)
