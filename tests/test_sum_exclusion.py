r"""``\sum_{k=1}^{m} o_{k \neq y}^s w_{kj}^{(2)}`` (seed 004, Q2 o): a relation in the subscript of a factor of the
summand leaves those terms out of the sum; elsewhere in the summand it is refused (that term, or the whole
summand?)."""

from derivcheck import api

WHERE = [r"o \in \mathbb{R}^m", r"w \in \mathbb{R}^m", r"y \in \{1, \dots, m\}"]


def check(statement):
    return api.check(statement, where=WHERE, timeout=60)


def test_a_factor_with_k_neq_y_sums_over_the_other_terms():
    r = check(r"\sum_{k=1}^m o_{k \neq y} w_k = \sum_{k=1}^m o_k w_k - o_y w_y")
    assert r.verdict.value == "PROVEN", r.message
    assert "a subscript k ≠ y in the sum over k: only the terms with k ≠ y are summed" in r.scope
    assert check(r"\sum_k 2 o_{k = y} w_k = 2 o_y w_y").verdict.value == "PROVEN"


def test_reading_it_as_the_whole_sum_is_refuted():
    assert check(r"\sum_{k=1}^m o_{k \neq y} w_k = \sum_{k=1}^m o_k w_k").verdict.value == "REFUTED"


def test_a_relation_on_a_term_that_is_not_a_factor_is_refused():
    r = check(r"\sum_{k=1}^m (o_{k \neq y} + w_k) = 1")
    assert r.verdict.value == "ERROR"
    assert "only when it is on a factor of the summand" in r.message


def test_seed_004_backprop_through_the_softmax_layer():
    where = [r"o^s = \text{softmax}(o^a)", r"w^{(2)} \in \mathbb{R}^{m \times d_h}",
             r"h^s \in \mathbb{R}^{d_h}", r"o^a = w^{(2)} h^s", r"L = -\log o_y^s", r"y \in \{1, \dots, m\}",
             r"j \in \{1, \dots, d_h\}"]
    right = r"\frac{\partial L}{\partial h_j^s} = \sum_{k=1}^m o_{k \neq y}^s w_{kj}^{(2)} + (o_y^s - 1) w_{yj}^{(2)}"
    assert api.check(right, where=where, timeout=120).verdict.value == "PROVEN"
    wrong = right.replace(r"(o_y^s - 1)", r"o_y^s")
    assert api.check(wrong, where=where, timeout=120).verdict.value == "REFUTED"


SOFTMAX_LOSS = [r"o^a \in \mathbb{R}^m", r"y \in \{1, \dots, m\}", r"o^s = \text{softmax}(o^a)", r"L = -\log o_y^s"]


def test_a_relation_subscript_outside_a_sum_names_the_entry():
    """Seed 004: ``\\frac{\\partial L}{\\partial o_{k=y}^a}`` with no sum over k and k no index of its own is the
    entry at y (it was refused "k is not a declared index"); with k declared it stays refused."""
    right = api.check(r"\frac{\partial L}{\partial o_{k=y}^a} = o_y^s - 1", where=SOFTMAX_LOSS, timeout=60)
    assert right.verdict.value == "PROVEN" and "the entry at y" in right.scope, right.message
    wrong = api.check(r"\frac{\partial L}{\partial o_{k=y}^a} = o_y^s", where=SOFTMAX_LOSS, timeout=60)
    assert wrong.verdict.value == "REFUTED"
    declared = api.check(r"\frac{\partial L}{\partial o_{k=y}^a} = o_y^s - 1", where=SOFTMAX_LOSS + [r"k \in \{1, \dots, m\}"],
                         timeout=60)
    assert declared.verdict.value == "ERROR"


def test_k_neq_y_outside_a_sum_with_the_relation_stated_in_where():
    """Seed 004 Q2 l): ``\\frac{\\partial o_y^a}{\\partial o_{k \\neq y}^a} = 0`` with k an index and k ≠ y stated: o_k there;
    without the stated relation it is refused, saying what to write."""
    where = SOFTMAX_LOSS + [r"k \in \{1, \dots, m\}", r"k \neq y"]
    right = api.check(r"\frac{\partial o_y^s}{\partial o_{k \neq y}^a} = -o_y^s o_k^s", where=where, timeout=60)
    assert right.verdict.value in ("PROVEN", "CHECKED") and r"where k \neq y" in right.scope, right.message
    wrong = api.check(r"\frac{\partial o_y^s}{\partial o_{k \neq y}^a} = o_y^s o_k^s", where=where, timeout=60)
    assert wrong.verdict.value == "REFUTED"
    unstated = api.check(r"\frac{\partial o_y^s}{\partial o_{k \neq y}^a} = -o_y^s o_k^s", where=where[:-1], timeout=60)
    assert unstated.verdict.value == "ERROR" and r"state the relation in where" in unstated.message
