r"""A condition written after the relation (``A = B \text{ if } j \neq i``, seed 004; ``\quad \text{for } x > 0``)
states A = B where it holds. Before, the words were dropped and ``|x| = x \text{ if } x > 0`` -- true -- was read
as the chain |x| = x·x > 0 and REFUTED "at x = 2: left = 2, right = 4": a right answer judged wrong, with a
counterexample that was the reader's own invention."""

from derivcheck import api
from derivcheck.notation.statements import trailing_condition


def check(statement, where=(), functions=None):
    return api.check(statement, where=list(where), functions=functions, timeout=60)


def test_a_closing_condition_restricts_the_relation():
    r = check(r"|x| = x \text{ if } x > 0")
    assert r.verdict.value == "PROVEN", r.message
    assert len(r.steps) == 1 and "read as a condition" in r.scope
    assert check(r"|x| = -x \quad \text{for } x > 0").verdict.value == "REFUTED"
    assert check(r"|x| = -x \quad \text{for } x < 0").verdict.value == "PROVEN"


def test_an_index_condition_at_the_end_of_a_vector_step():
    where = [r"x \in \mathbb{R}^n", r"i, j \in \{1, \dots, n\}"]
    right = r"\frac{\partial s(x)_i}{\partial x_j} = -s(x)_i s(x)_j \text{ if } j \neq i"
    assert check(right, where, {"s": "softmax"}).verdict.value in ("PROVEN", "CHECKED")
    wrong = r"\frac{\partial s(x)_i}{\partial x_j} = s(x)_i s(x)_j \text{ if } j \neq i"
    assert check(wrong, where, {"s": "softmax"}).verdict.value == "REFUTED"


def test_if_elsewhere_is_refused_never_dropped():
    r = check(r"|x| = x \text{ if } x > 0 + 1")
    assert r.verdict.value == "ERROR" and "outside cases" in r.message
    cases = r"\begin{cases} 1 & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases} = H(x)"
    assert check(cases, [r"x \neq 0"], {"H": "heaviside"}).verdict.value == "PROVEN"


def test_only_a_simple_condition_after_a_relation_is_taken():
    assert trailing_condition(r"f = 1 \text{ if } 0 < \alpha < 1.")[:2] == ("f = 1", (r"0 < \alpha < 1",))
    assert trailing_condition(r"x \text{ if } x > 0")[1] == ()  # no relation before it
    assert trailing_condition(r"y = L \text{ if } L = 5", frozenset({"L"}))[1] == ()  # L is defined, not a variable


NETWORK = [r"x \in \mathbb{R}^d", r"W^{(1)} \in \mathbb{R}^{d_h \times d}", r"b^{(1)} \in \mathbb{R}^{d_h}",
           r"w^{(2)} \in \mathbb{R}^{m \times d_h}", r"b^{(2)} \in \mathbb{R}^m", r"h^a = W^{(1)}x + b^{(1)}",
           r"h^s = \text{softplus}(h^a)", r"o^a = w^{(2)} h^s + b^{(2)}"]


def test_a_declaration_after_a_semicolon():
    """Seed 004: ``= w^{(2)} \\quad ; \\quad w^{(2)} \\in \\mathbb{R}^{m \\times d_h}``, a shape beside the result."""
    r = check(r"\frac{\partial o^a}{\partial h^s} = w^{(2)} \quad ; \quad w^{(2)} \in \mathbb{R}^{m \times d_h}", NETWORK)
    assert r.verdict.value == "PROVEN" and "read as a declaration" in r.scope, r.message
    r = check(r"\frac{\partial o^a}{\partial h^s} = w^{(2)} \quad ; \quad w^{(2)} \in \mathbb{R}^{d_h \times m}", NETWORK)
    assert r.verdict.value == "ERROR" and "declared twice" in r.message  # it contradicts where: never one silently
    r = check(r"\mathbf{v}^T \mathbf{v} \geq 0 \quad ; \quad \mathbf{v} \in \mathbb{R}^n")
    assert r.verdict.value == "PROVEN" and "all n" in r.scope
    defined = [r"o^a \in \mathbb{R}^m", r"o^s = \text{softmax}(o^a)"]
    r = check(r"\mathbf{1}^T o^s = 1 \quad ; \quad o^s \in \mathbb{R}^m", defined)
    assert r.verdict.value == "PROVEN" and "remark on a name where defines" in r.scope
