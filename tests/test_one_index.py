r"""``W_k`` of a matrix beside a vector (seed 000: ``W_k^{(2)} \mathbf{h}^s + \mathbf{b}_k^{(2)}``): the shapes leave
one reading (row k before a column vector, column k after a row vector), said in the scope; alone it stays
ambiguous."""

from derivcheck import api

WHERE = [r"W \in \mathbb{R}^{m \times n}", r"h \in \mathbb{R}^n", r"a \in \mathbb{R}^m",
         r"k \in \{1, \dots, m\}", r"j \in \{1, \dots, n\}"]


def check(statement):
    return api.check(statement, where=WHERE, timeout=60)


def test_before_a_column_vector_it_is_the_row():
    r = check(r"W_k h = \sum_{j=1}^n W_{kj} h_j")
    assert r.verdict.value == "PROVEN", r.message
    assert "W_k read as row k of W, the only reading whose product is defined" in r.scope
    scaled = check(r"2 W_k h = 2 \sum_{j=1}^n W_{kj} h_j")
    assert scaled.verdict.value == "PROVEN" and "column" not in scaled.scope  # one reading, said once
    assert check(r"W_k \cdot h = \sum_{j=1}^n W_{kj} h_j").verdict.value == "PROVEN"


def test_the_row_read_so_refutes_a_wrong_entry_rule():
    assert check(r"W_k h = \sum_{j=1}^n W_{kj} h_j^2").verdict.value == "REFUTED"
    assert check(r"2 W_k h = 3 \sum_{j=1}^n W_{kj} h_j").verdict.value == "REFUTED"


def test_after_a_row_vector_it_is_the_column():
    r = check(r"a^T W_j = \sum_{k=1}^m a_k W_{kj}")
    assert r.verdict.value == "PROVEN", r.message
    assert "W_j read as column j of W" in r.scope


def test_alone_it_is_still_ambiguous():
    r = check(r"W_k = W_k")
    assert r.verdict.value == "ERROR"
    assert "row or its column" in r.message


def test_a_layer_row_times_its_input():
    where = [r"\mathbf{x} \in \mathbb{R}^n", r"\mathbf{W} \in \mathbb{R}^{m \times n}", r"\mathbf{h} = \mathbf{W} \mathbf{x}",
             r"j \in \{1, \dots, m\}"]
    assert api.check(r"\mathbf{h}_j = \mathbf{W}_j \mathbf{x}", where=where, timeout=60).verdict.value == "PROVEN"
    assert api.check(r"\mathbf{h}_j = 2\mathbf{W}_j \mathbf{x}", where=where, timeout=60).verdict.value == "REFUTED"
