"""numpy checks of a vector claim at large sizes: finite differences, high-precision confirmation."""

import pytest

from derivcheck.core.evidence import Unsatisfiable
from derivcheck.notation.vector_reader import parse_vector
from derivcheck.notation.vector_where import read_vector_where
from derivcheck.numeric.arrays import check_at_size, numeric_claim

MAT = [r"\mathbf{a}, \mathbf{x} \in \mathbb{R}^n", r"X \in \mathbb{R}^{n \times n}"]


def check(statement, where, n=20, functions=None):
    functions = functions or {}
    spec = read_vector_where(where, functions, "t")
    members, rels = parse_vector(statement, where="t", functions=functions)
    sizes = {s: n for s in spec.sizes.values()}
    return check_at_size(members, rels[0], spec, sizes, where="t", seed=0)


@pytest.mark.parametrize("statement", [
    r"\frac{\partial \log \det X}{\partial X} = X^{-T}",  # a 20×20 det: hung the explicit path
    r"\frac{\partial \operatorname{tr}(X)}{\partial X} = I",
    r"\frac{\partial \operatorname{softmax}(\mathbf{x})}{\partial \mathbf{x}} = \operatorname{diag}(\operatorname{softmax}(\mathbf{x}))"
    r" - \operatorname{softmax}(\mathbf{x})\operatorname{softmax}(\mathbf{x})^T",
])
def test_true_claims_agree_at_size_20(statement):
    ev = check(statement, MAT + [r"\det(X) > 0"] if "det" in statement else MAT)
    assert not ev.refuted and ev.points >= 1 and ev.max_rel_error < 1e-5
    assert dict(ev.sizes) == {"n": 20}


def test_a_false_claim_is_refuted_with_sizes_indices_and_entry():
    ev = check(r"\frac{\partial \log \det X}{\partial X} = X^{-1}", MAT + [r"\det(X) > 0"])
    assert ev.refuted and ev.counterexample["n"] == 20 and "entry" in ev.counterexample
    ev = check(r"\frac{\partial S(\mathbf{x})_i}{\partial x_j} = S(\mathbf{x})_i(1 - S(\mathbf{x})_j)",
               MAT + [r"i, j \in \{1, \dots, n\}"], functions={"S": "softmax"})
    assert ev.refuted and {"i", "j"} <= set(ev.counterexample)


def test_unsatisfiable_conditions_raise():
    with pytest.raises(Unsatisfiable):
        check(r"\operatorname{tr}(X) = \operatorname{tr}(X)", MAT + [r"\det(X) > 0", r"\det(X) < 0"])


def test_the_claim_is_built_without_evaluating_anything():
    spec = read_vector_where(MAT, {}, "t")
    members, rels = parse_vector(r"\det(X) = \det(X^T)", where="t", functions={})
    claim = numeric_claim(members, rels[0], spec, {next(iter(spec.sizes.values())): 500}, claim_id="c", title="", source="t")
    assert claim.numeric_only and callable(claim.numeric_check)
