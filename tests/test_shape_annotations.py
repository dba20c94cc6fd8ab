r"""Shapes students write beside the mathematics (seed 004): a shape as a subscript (``w^{(2)}_{m \times d_h}``) is an
annotation, said in the scope; ``\frac{\partial L}{\partial h^s} \in \mathbb{R}^{1 \times d_h}`` in where states the
layout of gradients (rows); ``h_{d_h}^a`` is entry d_h of h^a, as ``h_{d_h}`` is of h."""

from derivcheck import api

WHERE = [r"W \in \mathbb{R}^{m \times n}", r"h \in \mathbb{R}^n", r"a \in \mathbb{R}^m"]
NET = [r"h^s \in \mathbb{R}^{d_h}", r"w^{(2)} \in \mathbb{R}^{m \times d_h}", r"o^a = w^{(2)} h^s",
       r"o^s = \text{softmax}(o^a)", r"L = -\log o_y^s", r"y \in \{1, \dots, m\}"]
ROWS = r"\frac{\partial L}{\partial h^s} \in \mathbb{R}^{1 \times d_h}"


def check(statement, where):
    return api.check(statement, where=where, timeout=60)


def test_a_shape_subscript_is_an_annotation():
    r = check(r"a^T W_{m \times n} h = h^T W^T a", WHERE)
    assert r.verdict.value == "PROVEN", r.message
    assert "shape subscript m × n read as annotation, not checked" in r.scope
    assert check(r"a^T W_{m \times n} h = 2 h^T W^T a", WHERE).verdict.value == "REFUTED"


def test_a_gradient_stated_as_a_row_in_where_reads_gradients_as_rows():
    row = r"\frac{\partial L}{\partial h^s} = \left(o^s - \text{onehot}_m(y) \right)^T w^{(2)}_{m \times d_h}"
    r = check(row, NET + [ROWS])
    assert r.verdict.value == "PROVEN", r.message
    assert "gradients of a scalar read as rows (numerator layout), as where[7] states" in r.scope
    column = r"\frac{\partial L}{\partial h^s} = (w^{(2)})^T \left(o^s - \text{onehot}_m(y) \right)"
    assert check(column, NET + [ROWS]).verdict.value == "REFUTED"  # a column where the where says rows
    assert check(column, NET).verdict.value == "PROVEN"  # the default layout
    wrong = r"\frac{\partial L}{\partial h^s} = \left(o^s \right)^T w^{(2)}"
    assert check(wrong, NET + [ROWS]).verdict.value == "REFUTED"


def test_a_gradient_shape_that_is_neither_row_nor_column_is_refused():
    r = check(r"L = L", NET + [r"\frac{\partial L}{\partial h^s} \in \mathbb{R}^{2 \times d_h}"])
    assert r.verdict.value == "ERROR" and "a row (1 \\times n) or a column" in r.message


def test_an_entry_of_a_tagged_vector_at_a_compound_size():
    where = [r"h^a \in \mathbb{R}^{d_h}", r"x \in \mathbb{R}^d",
             r"H = \begin{bmatrix} \frac{1}{1 + e^{-h_1^a}} & \dots & \frac{1}{1 + e^{-h_{d_h}^a}} \end{bmatrix}^T"]
    assert check(r"H = \sigma(h^a)", where).verdict.value == "PROVEN"
    assert check(r"H = \sigma(2h^a)", where).verdict.value == "REFUTED"
