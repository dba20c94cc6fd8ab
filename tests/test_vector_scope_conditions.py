r"""A vector or index claim says the ``where`` conditions it was checked under, as the scalar path does ("x ≠ 0").

Before, ``\nabla_{\mathbf{x}} \lambda \|\mathbf{x}\|^2 = 2\lambda\mathbf{x}`` with λ > 0 was PROVEN "all n" and a ReLU
gradient with x ≠ 0 PROVEN with an empty scope: the restriction was applied but not said."""

from derivcheck import api


def test_the_scope_names_the_conditions():
    r = api.check(r"\nabla_{\mathbf{x}} \lambda \|\mathbf{x}\|^2 = 2 \lambda \mathbf{x}",
                  where=[r"\mathbf{x} \in \mathbb{R}^n", r"\lambda > 0"], timeout=60)
    assert r.verdict.value == "PROVEN" and r.scope == r"all n; where \lambda > 0", r.scope
    r = api.check(r"\nabla g(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}",
                  where=[r"x \in \mathbb{R}", r"x \neq 0"], functions={"g": "relu"}, timeout=60)
    assert r.verdict.value == "PROVEN" and r"where x \neq 0" in r.scope, r.scope


def test_index_conditions_are_said_too_and_none_says_nothing():
    r = api.check(r"\text{diag}(\mathbf{x})_{ij} = 0", where=[r"\mathbf{x} \in \mathbb{R}^n",
                  r"i, j \in \{1, \dots, n\}", r"i \neq j"], timeout=60)
    assert r.verdict.value in ("PROVEN", "CHECKED") and r"where i \neq j" in r.scope, r.scope
    r = api.check(r"\nabla_{\mathbf{x}} \|\mathbf{x}\|^2 = 2 \mathbf{x}", where=[r"\mathbf{x} \in \mathbb{R}^n"], timeout=60)
    assert r.scope == "all n", r.scope
