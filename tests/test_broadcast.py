r"""A vector plus a scalar (seed 004 Q1 h: ``S(x+c) = S(x)``): the scalar is added to every entry, said in
the scope; a matrix plus a scalar is refused (A + λ may mean A + λI)."""

import pytest

from derivcheck import api
from derivcheck.core.verdict import Verdict

X = [r"\mathbf{x} \in \mathbb{R}^n", r"c \in \mathbb{R}"]


@pytest.mark.parametrize("statement,functions,verdict,says", [
    # softmax is shift-invariant: true, for every n
    (r"S(\mathbf{x}+c) = S(\mathbf{x})", {"S": "softmax"}, Verdict.PROVEN, "c added to every entry of a vector in ℝ^n"),
    (r"\text{softmax}(\mathbf{x} - c) = \text{softmax}(\mathbf{x})", {}, Verdict.PROVEN, "c subtracted from every entry"),
    # a scaling is not a shift: false, with a counterexample
    (r"\text{softmax}(\mathbf{x} + c) = \text{softmax}(2\mathbf{x})", {}, Verdict.REFUTED, "c added to every entry"),
    # ∂/∂x (x + c1)^T x = 2x + c1, and the scalar on the right is spread too
    (r"\frac{\partial}{\partial \mathbf{x}} (\mathbf{x} + c)^T \mathbf{x} = 2\mathbf{x} + c", {}, Verdict.PROVEN, "read as c\\mathbf{1}"),
    (r"\frac{\partial}{\partial \mathbf{x}} (\mathbf{x} + c)^T \mathbf{x} = 2\mathbf{x}", {}, Verdict.REFUTED, "c added"),
    (r"\mathbf{1}^T(1 - \mathbf{x}) = n - \mathbf{1}^T \mathbf{x}", {}, Verdict.PROVEN, "1 added to every entry"),
])
def test_a_scalar_is_added_to_every_entry_of_a_vector(statement, functions, verdict, says):
    r = api.check(statement, where=X, functions=functions, timeout=60)
    assert r.verdict is verdict, (r.verdict, r.message)
    assert says in r.scope, r.scope


def test_the_gradient_plus_a_norm_where_the_vector_is_meant_is_refuted():
    """seed 004 Q2 k: 2λ‖θ‖₂ for 2λθ — spread over the entries it is still wrong, with a counterexample."""
    r = api.check(r"\frac{\partial \hat{R}_{reg}(\theta)}{\partial \theta} = \frac{\partial \hat{R}(\theta)}{\partial \theta} + "
                  r"2\lambda \|\theta\|_2",
                  where=[r"\theta \in \mathbb{R}^p", r"\lambda > 0", r"\hat{R}: \mathbb{R}^p \to \mathbb{R}",
                         r"\hat{R}_{reg}(\theta) = \hat{R}(\theta) + \lambda \|\theta\|_2^2"], timeout=60)
    assert r.verdict is Verdict.REFUTED, (r.verdict, r.message)


def test_a_matrix_plus_a_scalar_names_both_readings():
    r = api.check(r"A + c = A + c I", where=[r"A \in \mathbb{R}^{n \times n}", r"c \in \mathbb{R}"], timeout=60)
    assert r.verdict is Verdict.ERROR
    assert r"A + \lambda I" in r.message and r"\mathbf{1}\mathbf{1}^T" in r.message, r.message


def test_an_undeclared_name_beside_a_vector_is_not_guessed_to_be_a_scalar():
    """b may be a vector written without bold: both readings are named, nothing is broadcast silently."""
    statement = r"\mathbf{1}^T(\mathbf{x}+b) = \mathbf{1}^T\mathbf{x} + n b"
    r = api.check(statement, where=[r"\mathbf{x} \in \mathbb{R}^n"], timeout=60)
    assert r.verdict is Verdict.ERROR
    assert r"b \in \mathbb{R}" in r.message and r"b \in \mathbb{R}^n" in r.message, r.message
    declared = api.check(statement, where=[r"\mathbf{x} \in \mathbb{R}^n", "b > 0"], timeout=60)
    assert declared.verdict is Verdict.PROVEN and "b added to every entry" in declared.scope, declared.scope


@pytest.mark.parametrize("statement", [
    r"\frac{\partial \sigma(\mathbf{z})}{\partial \mathbf{z}} = \text{diag}(\sigma(\mathbf{z}) (1 - \sigma(\mathbf{z})))",
    r"\mathbf{z}\mathbf{z} = \mathbf{z}^T\mathbf{z}",
])
def test_two_vectors_side_by_side_name_the_readings(statement):
    """σ(z)(1 − σ(z)) for a vector z is entrywise in many courses, and z z may be a missing transpose: never REFUTED
    for its shapes, never guessed."""
    r = api.check(statement, where=[r"\mathbf{z} \in \mathbb{R}^n"], timeout=60)
    assert r.verdict is Verdict.ERROR, (r.verdict, r.message)
    assert r"\odot" in r.message and r"\mathbf{a}^T\mathbf{b}" in r.message, r.message


def test_written_entrywise_it_is_proven_and_a_size_mismatch_is_still_refuted():
    z = [r"\mathbf{z} \in \mathbb{R}^n", r"W \in \mathbb{R}^{m \times n}"]
    r = api.check(r"\frac{\partial \sigma(\mathbf{z})}{\partial \mathbf{z}} = \text{diag}(\sigma(\mathbf{z}) \odot "
                  r"(1 - \sigma(\mathbf{z})))", where=z, timeout=60)
    assert r.verdict is Verdict.PROVEN, (r.verdict, r.message)
    assert api.check(r"W \mathbf{z} = \mathbf{z} W", where=z, timeout=60).verdict is Verdict.REFUTED
