"""Selecting claims: -k ignores case, and an issue-level id finds every variant of it."""

from derivcheck.core.registry import family, load_catalog, select

CATALOG = list(load_catalog().values())


def ids(claims):
    return sorted(c.id for c in claims)


def test_selection_ignores_case_so_course_spelling_finds_snake_case_ids():
    assert ids(select(CATALOG, "mlp_grad_W2")) == ids(select(CATALOG, "mlp_grad_w2"))
    assert "mlp_grad_w2_softplus" in ids(select(CATALOG, "MLP_GRAD_W2"))
    assert ids(select(CATALOG, "Softmax")) == ids(select(CATALOG, "softmax"))


def test_family_is_the_exact_id_when_there_is_one():
    assert ids(family(CATALOG, "deriv_sigmoid")) == ["deriv_sigmoid"]  # not deriv_sigmoid_le_quarter too


def test_family_collects_the_variants_of_a_split_id():
    found = ids(family(CATALOG, "mlp_grad_W1"))
    assert found == ["mlp_grad_w1_leaky_relu", "mlp_grad_w1_softplus"]


def test_family_of_an_unknown_name_is_empty():
    assert family(CATALOG, "no_such_claim") == []
