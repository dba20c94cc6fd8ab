r"""``\nabla g(x)`` with g a built-in function (seed 004: g is ReLU, ``\nabla g(x) = H(x)``) is the gradient of g at
its argument, as ``\nabla E(\mathbf{w})`` is for a function defined in where; it was refused "\nabla needs a subscript"."""

from derivcheck import api


def check(statement, where, functions=None):
    return api.check(statement, where=where, functions=functions, timeout=60).verdict.value


def test_nabla_of_a_builtin_at_a_scalar():
    where = [r"x \in \mathbb{R}", r"x \neq 0"]
    assert check(r"\nabla g(x) = H(x)", where, {"g": "relu", "H": "heaviside"}) == "PROVEN"
    assert check(r"\nabla g(x) = 1 - H(x)", where, {"g": "relu", "H": "heaviside"}) == "REFUTED"
    assert check(r"\nabla \sigma(x) = \sigma(x)(1 - \sigma(x))", []) == "PROVEN"


def test_nabla_of_a_vector_valued_builtin_is_a_jacobian_not_the_function():
    assert check(r"\nabla \text{softmax}(\mathbf{x}) = \text{softmax}(\mathbf{x})", [r"\mathbf{x} \in \mathbb{R}^n"]) == "REFUTED"


def test_nabla_of_an_expression_still_needs_a_subscript():
    assert check(r"\nabla \sigma(2x) = 2\sigma(2x)(1 - \sigma(2x))", []) == "ERROR"
