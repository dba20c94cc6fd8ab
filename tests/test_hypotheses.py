r"""``A \Rightarrow B`` with A a condition (``x > 0``, ``i \neq j``, ``c = 0``) states B where A holds (seed 004:
``i \neq j \Rightarrow J_{ij} = …``). It was checked as two claims, so ``x > 0 \Rightarrow |x| = x`` -- true --
was REFUTED twice (x > 0 is false at x = 0, |x| = x at x = −1): a right answer judged wrong."""

from derivcheck import api
from derivcheck.notation.statements import hypotheses


def check(statement, where):
    return api.check(statement, where=where, timeout=60)


def test_a_condition_before_an_implication_is_a_hypothesis():
    r = check(r"x > 0 \Rightarrow |x| = x", [r"x \in \mathbb{R}"])
    assert r.verdict.value == "PROVEN", r.message
    assert "'x > 0' before \\Rightarrow read as a hypothesis" in r.scope
    assert check(r"x > 0 \Rightarrow |x| = -x", [r"x \in \mathbb{R}"]).verdict.value == "REFUTED"
    assert check(r"\text{if } x < 0, \quad |x| = -x", [r"x \in \mathbb{R}"]).verdict.value == "PROVEN"


def test_an_index_condition_before_an_implication():
    where = [r"x \in \mathbb{R}^n", r"i, j \in \{1, \dots, n\}"]
    assert check(r"i \neq j \Rightarrow \frac{\partial x_i}{\partial x_j} = 0", where).verdict.value in ("PROVEN", "CHECKED")
    assert check(r"i = j \Rightarrow \frac{\partial x_i}{\partial x_j} = 0", where).verdict.value == "REFUTED"


def test_a_relation_that_is_not_a_condition_is_still_a_step():
    """x^2 = 4 is an equation, not a condition on one name; a name where defines is a claim (L = 5)."""
    assert hypotheses(r"x^2 = 4 \Rightarrow x = 2")[1] == ()
    assert hypotheses(r"L = 5 \Rightarrow 2L = 10", frozenset({"L"}))[1] == ()
    assert hypotheses(r"0 < \alpha < 1 \Rightarrow \alpha^2 < \alpha")[1] == (r"0 < \alpha < 1",)
    assert hypotheses(r"\text{if } o_k^a \in \mathbb{R}, \quad e^{o_k^a} > 0")[:2] == (r" e^{o_k^a} > 0", ())


def test_a_comma_makes_a_hypothesis_only_after_if():
    assert hypotheses(r"a = 1, \quad b = 2")[1] == ()
    assert hypotheses(r"\text{if } a = 1, \quad b = 2")[1] == ("a = 1",)
