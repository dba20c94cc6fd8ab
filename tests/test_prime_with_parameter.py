r"""The derivative of a function with a parameter, the prime on either side of it: ``\text{LeakyReLU}_\alpha'(z)``
(seed 000) and ``\text{LeakyReLU}'_{0.1}(z)``. The scalar reader refused both ("unexpected '''"); the vector
reader read only the first."""

import pytest

from derivcheck import api

CASES = r"\begin{cases} 1 & \text{if } z \geq 0 \\ %s & \text{otherwise} \end{cases}"


def verdict(statement, where=()):
    r = api.check(statement, where=list(where), timeout=60)
    return r.verdict.value, r.message


@pytest.mark.parametrize("prime", [r"\text{LeakyReLU}_\alpha'(z)", r"\text{LeakyReLU}'_\alpha(z)",
                                   r"\operatorname{LeakyReLU}_{\alpha}'(z)"])
def test_seed_000_leaky_relu_derivative(prime):
    where = [r"z \in \mathbb{R}", r"z \neq 0", r"\alpha < 1"]
    assert verdict(r"\frac{\partial \text{LeakyReLU}_\alpha(z)}{\partial z} = " + prime + " = " + CASES % r"\alpha",
                   where)[0] == "PROVEN"
    assert verdict(prime + " = " + CASES % "0", where)[0] == "REFUTED"


def test_a_number_as_the_parameter():
    assert verdict(r"\text{LeakyReLU}'_{0.1}(z) = " + CASES % "0.1", [r"z \neq 0"])[0] == "PROVEN"
    v, message = verdict(r"\text{LeakyReLU}'_{0.1}(z) = " + CASES % "0.2", [r"z \neq 0"])
    assert v == "REFUTED" and "left = 0.1, right = 0.2" in message


def test_in_a_vector_claim():
    where = [r"\mathbf{z} \in \mathbb{R}^n", r"i \in \{1, \dots, n\}", r"z_i \neq 0"]
    right = r"\frac{\partial}{\partial z_i} \sum_{k=1}^{n} \text{LeakyReLU}_{0.1}(z_k) = \text{LeakyReLU}'_{0.1}(z_i)"
    assert verdict(right, where)[0] in ("PROVEN", "CHECKED")
    wrong = r"\frac{\partial}{\partial z_i} \sum_{k=1}^{n} \text{LeakyReLU}_{0.1}(z_k) = \text{LeakyReLU}'_{0.2}(z_i)"
    assert verdict(wrong, where)[0] == "REFUTED"
