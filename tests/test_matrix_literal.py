r"""Matrices and vectors written out (issue 15): ``\begin{bmatrix} … \end{bmatrix}`` with every cell, or with
ellipses (seed 004's diagonal Jacobian of σ, a gradient as a column of partials). A matrix with ellipses
is read by the rule its cells follow, for every size (PROVEN "all n"); cells that follow no one rule are
an ERROR, never a guess at what the dots stand for.
"""

import re

import pytest

from conftest import run_answers
from derivcheck.core.verdict import Verdict
from derivcheck.notation.statements import strip_labels

X = [r"\mathbf{x} \in \mathbb{R}^n"]
W = [r"W \in \mathbb{R}^{m \times n}", r"\mathbf{x} \in \mathbb{R}^n"]
DSIGMA = r"\frac{\partial \sigma(\mathbf{x})}{\partial \mathbf{x}} = "


def diagonal(last: str) -> str:
    return (r"\begin{bmatrix} \sigma(x_1)(1-\sigma(x_1)) & 0 & \dots & 0 \\ 0 & \sigma(x_2)(1-\sigma(x_2)) & \dots & 0 \\ "
            rf"\vdots & \vdots & \ddots & \vdots \\ 0 & 0 & \dots & {last} \end{{bmatrix}}")


JACOBIAN = (r"\begin{bmatrix} \frac{\partial \sigma(x_1)}{\partial x_1} & \frac{\partial \sigma(x_1)}{\partial x_2} & \dots & "
            r"\frac{\partial \sigma(x_1)}{\partial x_n} \\ \frac{\partial \sigma(x_2)}{\partial x_1} & \frac{\partial \sigma(x_2)}"
            r"{\partial x_2} & \dots & \frac{\partial \sigma(x_2)}{\partial x_n} \\ \vdots & \vdots & \ddots & \vdots \\ "
            r"\frac{\partial \sigma(x_n)}{\partial x_1} & \frac{\partial \sigma(x_n)}{\partial x_2} & \dots & "
            r"\frac{\partial \sigma(x_n)}{\partial x_n} \end{bmatrix}")
W_WRITTEN = r"\begin{bmatrix} W_{11} & \cdots & W_{1n} \\ \vdots & \ddots & \vdots \\ W_{m1} & \cdots & W_{mn} \end{bmatrix}"

CASES = {
    # seed 004 Q1(e): the Jacobian of σ applied entrywise, written out
    "diagonal": (DSIGMA + diagonal(r"\sigma(x_n)(1-\sigma(x_n))"), X, Verdict.PROVEN),
    "diagonal_plus_wrong": (DSIGMA + diagonal(r"\sigma(x_n)(1-\sigma(x_n))") + r" + \mathbf{x}\mathbf{x}^T", X, Verdict.REFUTED),
    "jacobian_of_partials": (DSIGMA + JACOBIAN, X, Verdict.PROVEN),
    "column_of_entries": (r"\nabla_{\mathbf{x}} \mathbf{x}^T\mathbf{x} = \begin{bmatrix} 2x_1 \\ 2x_2 \\ \vdots \\ 2x_n \end{bmatrix}",
                          X, Verdict.PROVEN),
    "column_of_entries_wrong": (r"\nabla_{\mathbf{x}} \mathbf{x}^T\mathbf{x} = \begin{pmatrix} x_1 \\ \vdots \\ x_n \end{pmatrix}",
                                X, Verdict.REFUTED),
    "row_vector": (r"\mathbf{x}^T = \begin{bmatrix} x_1 & x_2 & \cdots & x_n \end{bmatrix}", X, Verdict.PROVEN),
    "rows_by_a_sum": (r"W\mathbf{x} = \begin{bmatrix} \sum_{j=1}^{n} W_{1j} x_j \\ \vdots \\ \sum_{j=1}^{n} W_{mj} x_j \end{bmatrix}",
                      W, Verdict.PROVEN),
    "whole_matrix": (r"W = " + W_WRITTEN, W, Verdict.PROVEN),
    "whole_matrix_transposed": (r"W^T = " + W_WRITTEN, W, Verdict.REFUTED),
    # every cell written: the matrix at its size
    "explicit_product": (r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix} \begin{bmatrix} 1 \\ 1 \end{bmatrix} = "
                         r"\begin{bmatrix} 3 \\ 7 \end{bmatrix}", [], Verdict.PROVEN),
    "explicit_product_wrong": (r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix} \begin{bmatrix} 1 \\ 1 \end{bmatrix} = "
                               r"\begin{bmatrix} 3 \\ 8 \end{bmatrix}", [], Verdict.REFUTED),
    "determinant": (r"\det \begin{bmatrix} a & b \\ c & d \end{bmatrix} = ad - bc", [], Verdict.PROVEN),
    "defined_in_where": (r"A\mathbf{x} = \begin{bmatrix} 2x_1 + x_2 \\ x_1 + 3x_2 \end{bmatrix}",
                         [r"\mathbf{x} \in \mathbb{R}^2", r"A = \begin{bmatrix} 2 & 1 \\ 1 & 3 \end{bmatrix}"], Verdict.PROVEN),
    "defined_in_where_wrong": (r"A\mathbf{x} = \begin{bmatrix} 2x_1 + x_2 \\ x_1 + 2x_2 \end{bmatrix}",
                               [r"\mathbf{x} \in \mathbb{R}^2", r"A = \begin{bmatrix} 2 & 1 \\ 1 & 3 \end{bmatrix}"], Verdict.REFUTED),
}

REFUSED = {
    # a last cell that breaks the diagonal's rule: which rule did the student mean?
    "no_one_rule": (DSIGMA + diagonal(r"\sigma(x_n)(1+\sigma(x_n))"), X, r"the cells on the diagonal do not follow one rule"),
    "skipped_entry": (r"\mathbf{x} = \begin{bmatrix} x_1 \\ x_3 \\ \vdots \\ x_n \end{bmatrix}", X, r"do not follow one rule"),
    "undeclared_entries": (r"\mathbf{x} = \begin{bmatrix} y_1 \\ \vdots \\ y_n \end{bmatrix}", X, r"y is not declared"),
    "two_rows_after_the_dots": (r"\mathbf{x} = \begin{bmatrix} x_1 \\ \vdots \\ x_{n-1} \\ x_n \end{bmatrix}", X,
                                r"after the ellipsis only the last row may be written"),
    "last_row_without_size": (r"\mathbf{x} = \begin{bmatrix} x_1 \\ \vdots \\ 0 \end{bmatrix}", X, r"the last row must name the size"),
    "ragged": (r"\begin{bmatrix} 1 & 2 \\ 3 \end{bmatrix} = 0", [], r"every row must have the same number of cells"),
    "stray_ellipsis": (r"\begin{bmatrix} 1 & \dots \\ 3 & 4 \end{bmatrix} = 0", [], r"is not part of a row or a column of ellipses"),
    "determinant_bars": (r"\begin{vmatrix} a & b \\ c & d \end{vmatrix} = ad - bc", [], r"\\begin\{vmatrix\} \(a determinant"),
}


@pytest.fixture(scope="module")
def results():
    claims = [{"id": k, "statement": s, "where": w} for k, (s, w, *_rest) in {**CASES, **REFUSED}.items()]
    return run_answers(claims)


@pytest.mark.parametrize("case", list(CASES))
def test_a_matrix_written_out_is_read_by_its_cells(case, results):
    _, _, verdict = CASES[case]
    r = results[case]
    assert r.verdict is verdict, (case, r.verdict, r.message)
    if verdict is Verdict.PROVEN and "dots" in CASES[case][0]:  # \dots, \cdots, \vdots: a rule, for every size
        assert "whose entries follow the rule of the cells written" in r.scope, r.scope
        assert r.scope.startswith("all "), r.scope


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_matrix_whose_cells_follow_no_one_rule_is_refused(case, results):
    r = results[case]
    assert r.verdict is Verdict.ERROR, (case, r.verdict, r.message)
    assert re.search(REFUSED[case][2], r.message), r.message


def test_the_rows_of_a_matrix_are_not_relations_of_a_display():
    text, _ = strip_labels(r"\mathbf{x} = \begin{pmatrix} x_1 \\ \vdots \\ x_n \end{pmatrix}")
    assert r"\\" in text  # kept for the matrix (it was "this display holds several relations")
