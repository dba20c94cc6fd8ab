r"""A row written with spaces between square brackets, ``\left[ a \quad b \quad \dots \quad c \right]`` (seed 004's
``h^s``): the one-row matrix of its cells, as ``\begin{bmatrix} a & b & \dots & c \end{bmatrix}``. It was refused
"unexpected '\quad'"."""

import pytest

from derivcheck import api

NET = [r"x \in \mathbb{R}^d", r"W^{(1)} \in \mathbb{R}^{d_h \times d}", r"b^{(1)} \in \mathbb{R}^{d_h}",
       r"h^a = W^{(1)}x + b^{(1)}", r"h^s = \text{softplus}(h^a)"]
ROW = r"\left[\ln(1 + \exp(h_1^a)) \quad \ln(1 + \exp(h_2^a)) \quad \dots \quad \ln(1 + \exp(h_{d_h}^a)) \right]"


def verdict(statement, where):
    r = api.check(statement, where=where, timeout=60)
    return r.verdict.value, r.message


def test_seed_004_softplus_as_a_row_transposed():
    assert verdict("h^s = " + ROW + "^T", NET)[0] == "PROVEN"
    v, message = verdict("h^s = " + ROW, NET)  # a row is not the column h^s
    assert v == "REFUTED" and "row vector" in message


@pytest.mark.parametrize("row,holds", [
    (r"[x_1 \quad x_2 \quad x_3]", True),
    (r"[x_1 \qquad x_2 \qquad x_3]", True),
    (r"[x_1 \quad x_3 \quad x_2]", False),
    (r"[x_1 + x_2 \quad 0 \quad x_3]", False),
])
def test_a_written_out_row(row, holds):
    v, message = verdict(r"\mathbf{x}^T = " + row, [r"\mathbf{x} \in \mathbb{R}^3"])
    assert v == ("PROVEN" if holds else "REFUTED"), message


def test_brackets_without_spaces_stay_brackets():
    assert verdict(r"[x_1 + x_2] x_3 = x_1 x_3 + x_2 x_3", [r"\mathbf{x} \in \mathbb{R}^3"])[0] == "PROVEN"
