r"""Abstract functions in a vector claim's ``where`` (issue 15; seeds 000 and 004 declare ``f: \mathbb{R}^n \to
\mathbb{R}``): a claim about any smooth f is checked with random stand-ins for f -- CHECKED when it holds, never
PROVEN (a proof for the stand-in says nothing of every f); REFUTED with the f that shows a wrong step.
"""

import re

import pytest

from conftest import run_answers
from derivcheck.core.verdict import Verdict
from derivcheck.notation.vector_where import read_vector_where

X = [r"\mathbf{x} \in \mathbb{R}^n"]
F = X + [r"f: \mathbb{R}^n \to \mathbb{R}"]
CHAIN = X + [r"\mathbf{y} = f(\mathbf{x})", r"f: \mathbb{R}^n \to \mathbb{R}^n", r"L: \mathbb{R}^n \to \mathbb{R}"]
SCALAR = [r"t \in \mathbb{R}", r"g: \mathbb{R} \to \mathbb{R}", r"\mathbf{x} \in \mathbb{R}^n", r"h: \mathbb{R} \to \mathbb{R}^n"]

CASES = {
    # seed 000 Q1: the gradient is the derivative written as a column
    "gradient_notation": (r"\frac{\partial f(\mathbf{x})}{\partial \mathbf{x}} = \nabla f(\mathbf{x})", F, Verdict.CHECKED),
    "gradient_notation_wrong": (r"\frac{\partial f(\mathbf{x})}{\partial \mathbf{x}} = 2\nabla f(\mathbf{x})", F, Verdict.REFUTED),
    # seed 000 Q1(l): the chain rule through y = f(x), with the Jacobian transposed
    "chain_rule": (r"\nabla_{\mathbf{x}} L(\mathbf{y}) = \left(\frac{\partial \mathbf{y}}{\partial \mathbf{x}}\right)^\top "
                   r"\nabla_{\mathbf{y}} L(\mathbf{y})", CHAIN, Verdict.CHECKED),
    "chain_rule_missing_transpose": (r"\nabla_{\mathbf{x}} L(\mathbf{y}) = \frac{\partial \mathbf{y}}{\partial \mathbf{x}} "
                                     r"\nabla_{\mathbf{y}} L(\mathbf{y})", CHAIN, Verdict.REFUTED),
    "scaled_argument": (r"\nabla_{\mathbf{x}} f(2\mathbf{x}) = 2\nabla_{\mathbf{x}} f(\mathbf{x})", F, Verdict.REFUTED),
    # a claim true only for some f (a bounded one) is refused by an unbounded stand-in
    "not_for_every_f": (r"f(\mathbf{x}) < 1", F, Verdict.REFUTED),
    # seed 004 Q2 k): a decorated name, \hat{R}: \mathbb{R}^p \to \mathbb{R}, was refused "unexpected ':'"
    "decorated_name": (r"\nabla_\theta (\hat{R}(\theta) + \|\theta\|^2) = \nabla_\theta \hat{R}(\theta) + 2\theta",
                       [r"\theta \in \mathbb{R}^p", r"\hat{R}: \mathbb{R}^p \to \mathbb{R}"], Verdict.CHECKED),
    "decorated_name_wrong": (r"\nabla_\theta (\hat{R}(\theta) + \|\theta\|^2) = \nabla_\theta \hat{R}(\theta) + \theta",
                             [r"\theta \in \mathbb{R}^p", r"\hat{R}: \mathbb{R}^p \to \mathbb{R}"], Verdict.REFUTED),
    # scalar arguments and values
    "scalar_chain_rule": (r"\frac{d}{dt} \mathbf{x}^T h(g(t)) = \mathbf{x}^T \frac{d h(g(t))}{dt}", SCALAR, Verdict.CHECKED),
    "prime": (r"\frac{d}{dt} g(g(t)) = g'(g(t)) g'(t)", SCALAR, Verdict.ERROR),
    "vector_of_a_scalar": (r"\frac{d}{dt} \mathbf{x}^T h(t) = \mathbf{x}^T \frac{d h(t)}{dt}", SCALAR, Verdict.CHECKED),
}


@pytest.fixture(scope="module")
def results():
    claims = [{"id": k, "statement": s, "where": w} for k, (s, w, v) in CASES.items() if v is not None]
    return run_answers(claims)


@pytest.mark.parametrize("case", [k for k, (_, _, v) in CASES.items() if v is not None])
def test_a_claim_about_any_f_is_checked_with_random_f_and_never_proven(case, results):
    _, _, verdict = CASES[case]
    r = results[case]
    assert r.verdict is verdict, (case, r.verdict, r.message)
    if verdict is Verdict.CHECKED:
        assert re.search(r"any smooth function .* not proven for every", r.scope), r.scope
    if verdict is Verdict.REFUTED:
        assert re.search(r"\.[ACDbe]", r.message), r.message  # the stand-in that shows it
    if verdict is Verdict.ERROR:
        assert "of an abstract function is not read: write the derivative out" in r.message, r.message


def test_a_signature_declares_the_stand_ins_parameters():
    spec = read_vector_where([r"\mathbf{x} \in \mathbb{R}^n", r"f: \mathbb{R}^n \to \mathbb{R}^m"], {}, "t")
    n, m = spec.sizes["n"], spec.sizes["m"]
    assert spec.abstract["f"] == ((n, 1), (m, 1))
    assert spec.shapes["f.A"] == (n, n) and spec.shapes["f.C"] == (m, n) and spec.shapes["f.e"] == (m, 1)


@pytest.mark.parametrize("entry, words", [
    (r"f: \mathbb{R}^{n \times n} \to \mathbb{R}", r"matrix arguments or values is not read"),
    (r"\sigma: \mathbb{R}^n \to \mathbb{R}", r"already a function or a variable"),
])
def test_a_signature_it_cannot_read_is_refused(entry, words):
    with pytest.raises(Exception, match=words):
        read_vector_where([r"\mathbf{x} \in \mathbb{R}^n", entry], {}, "t")
