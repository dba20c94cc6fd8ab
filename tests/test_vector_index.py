"""The index form of a vector claim: generic entries with symbolic sizes, or NoIndexForm."""

import pytest
from sympy import Derivative, Indexed, Sum

from derivcheck.prover.indexed import index_generic_rule
from derivcheck.prover.strategies import goal_of, prepare
from derivcheck.answers.index_form import NoIndexForm, index_claim
from derivcheck.notation.vector_reader import parse_vector
from derivcheck.notation.vector_where import read_vector_where

VEC = [r"\mathbf{a}, \mathbf{x} \in \mathbb{R}^n"]
MAT = VEC + [r"A, X \in \mathbb{R}^{n \times n}"]


def claim_of(statement, where, functions=None):
    functions = functions or {}
    spec = read_vector_where(where, functions, "t")
    members, rels = parse_vector(statement, where="t", functions=functions)
    return index_claim(members, rels[0], spec, claim_id="c", title=statement, source="t")


def proves(claim) -> bool:
    relations, ctx = prepare(claim)
    return index_generic_rule(goal_of(relations[0]), ctx) is not None


def test_a_gradient_is_one_entry_with_a_symbolic_sum():
    c = claim_of(r"\nabla_{\mathbf{x}} \mathbf{a}^T\mathbf{x} = \mathbf{a}", VEC)
    [rel] = c.statement
    assert isinstance(rel.lhs, Derivative) and isinstance(rel.rhs, Indexed)
    [s] = rel.lhs.atoms(Sum)
    assert str(s.limits[0][2]) == "n"  # summed over 1..n, n a symbol: no size was picked
    assert c.hints["entry_indices"] == ("r",)


@pytest.mark.parametrize("statement,where,true", [
    (r"\nabla_{\mathbf{x}} \mathbf{x}^\top A \mathbf{x} = (A + A^\top)\mathbf{x}", MAT, True),
    (r"\nabla_{\mathbf{x}} \mathbf{x}^\top A \mathbf{x} = 2A\mathbf{x}", MAT, False),  # A not symmetric
    (r"\frac{\partial \operatorname{tr}(AX)}{\partial X} = A^T", MAT, True),
    (r"\frac{\partial \operatorname{tr}(AX)}{\partial X} = A", MAT, False),
    (r"\frac{\partial \mathbf{a}^T X \mathbf{x}}{\partial X} = \mathbf{a}\mathbf{x}^T", MAT, True),
    (r"\frac{\partial \mathbf{a}^T X \mathbf{x}}{\partial X} = \mathbf{x}\mathbf{a}^T", MAT, False),
])
def test_the_generic_prover_proves_true_and_only_true_cookbook_identities(statement, where, true):
    assert proves(claim_of(statement, where)) is true


@pytest.mark.parametrize("statement,where", [
    (r"\frac{\partial \log \det X}{\partial X} = X^{-T}", MAT),  # det and inverse: per size only
    (r"\operatorname{tr}(X) = 1", MAT + [r"X_{ij} > 0"]),  # a condition on every entry
    (r"\|\mathbf{x}\|_\infty = 1", VEC),
])
def test_constructs_without_a_generic_entry_have_no_index_form(statement, where):
    with pytest.raises(NoIndexForm):
        claim_of(statement, where + [r"i, j \in \{1, \dots, n\}"])


def test_a_scalar_condition_carries_over():
    c = claim_of(r"\nabla_{\mathbf{x}} \lambda\|\mathbf{x}\|_2^2 = 2\lambda\mathbf{x}", VEC + [r"\lambda > 0"])
    assert [str(cond) for cond in c.conditions] == ["lambda > 0"]
    assert proves(c)
