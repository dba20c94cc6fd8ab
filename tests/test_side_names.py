r"""``\text{LHS}`` and ``\text{RHS}`` (seed 004: "LHS = softplus(x) − softplus(−x)", then a chain from LHS to RHS):
names of the two sides, defined in where like any other name, in both readers."""

from derivcheck import api

SCALAR = [r"x \in \mathbb{R}", r"\text{LHS} = \text{softplus}(x) - \text{softplus}(-x)", r"\text{RHS} = 2x"]


def test_a_chain_from_lhs_to_rhs_is_checked_through_their_definitions():
    r = api.check(r"\text{LHS} = \ln(1 + \exp(x)) - \ln(1 + \exp(-x)) = x", where=SCALAR, timeout=60)
    assert [s.verdict.value for s in r.steps] == ["PROVEN", "PROVEN"], r.message
    assert api.check(r"\mathrm{LHS} = 2x", where=SCALAR, timeout=60).verdict.value == "REFUTED"
    assert api.check(r"x = \text{RHS}", where=SCALAR, timeout=60).verdict.value == "REFUTED"


def test_in_a_vector_claim():
    where = [r"\mathbf{x} \in \mathbb{R}^n", r"\text{LHS} = \text{softmax}(\mathbf{x} + \mathbf{1})",
             r"\text{RHS} = \text{softmax}(\mathbf{x})"]
    assert api.check(r"\text{LHS} = \text{RHS}", where=where, timeout=60).verdict.value == "PROVEN"
    assert api.check(r"\text{LHS} = 2\,\text{RHS}", where=where, timeout=60).verdict.value == "REFUTED"


def test_other_text_is_still_refused():
    r = api.check(r"\text{MID} = x", where=[r"x \in \mathbb{R}"], timeout=60)
    assert r.verdict.value == "ERROR" and "unsupported text" in r.message


def test_a_case_condition_after_when():
    """'1, & \\text{when } x > 0' (seed 004) reads as \\text{if }."""
    right = r"\text{ReLU}(x) = \begin{cases} x, & \text{when } x > 0 \\ 0, & \text{when } x \leq 0 \end{cases}"
    assert api.check(right, where=[r"x \in \mathbb{R}"], timeout=60).verdict.value == "PROVEN"
    wrong = right.replace("0, & \\text{when } x \\leq", "1, & \\text{when } x \\leq")
    assert api.check(wrong, where=[r"x \in \mathbb{R}"], timeout=60).verdict.value == "REFUTED"


def test_a_sentence_before_the_formula_is_words_not_mathematics():
    """seed 004: '\\text{Total scalar parameter } n_\\theta = …', '2) \\text{Convex objective.} \\rightarrow …'."""
    where = [r"a \in \mathbb{R}", r"b \in \mathbb{R}"]
    r = api.check(r"\text{Total scalar parameter } (a + b)^2 = a^2 + 2ab + b^2", where=where, timeout=60)
    assert r.verdict.value == "PROVEN", r.message
    assert "at the start is words, not mathematics" in r.scope
    wrong = api.check(r"2) \text{Convex objective.} \rightarrow (a + b)^2 = a^2 + b^2", where=where, timeout=60)
    assert wrong.verdict.value == "REFUTED"


def test_words_that_are_a_condition_a_name_or_a_function_stay_in_the_formula():
    from derivcheck.notation.statements import strip_labels
    for text in (r"\text{for } k \neq y, \quad a = b", r"\text{ Number of parameters} = 64", r"\text{softmax}(z) = 1",
                 r"\text{Leaky ReLU} x = 2", r"\text{LHS} = 2", r"\text{ReLU } x = 2",
                 r"\text{ Dimensions of } W^{(2)} = m \times d_h", r"\text{the gradient of the} L = 2"):
        assert strip_labels(text)[0] == text
