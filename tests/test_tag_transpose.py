r"""A layer tag and a transpose in one superscript: ``\mathbf{W}^{(2)T}`` (seed 000), ``W^{(2)^T}`` (seed 001),
``W^{[l]\top}``. It was refused "\mathbf{W} is not declared"; it is the transpose of the declared W^{(2)}."""

import pytest

from derivcheck import api

WHERE = [r"\mathbf{x} \in \mathbb{R}^d", r"\mathbf{W}^{(2)} \in \mathbb{R}^{m \times d}", r"\mathbf{v} \in \mathbb{R}^m"]


@pytest.mark.parametrize("written", [r"\mathbf{W}^{(2)T}", r"\mathbf{W}^{(2)^T}", r"\mathbf{W}^{(2)\top}",
                                     r"\mathbf{W}^{(2)^{T}}", r"\mathbf{W}^{(2)\intercal}"])
def test_tag_then_transpose(written):
    right = api.check(rf"{written} \mathbf{{v}} = (\mathbf{{v}}^T \mathbf{{W}}^{{(2)}})^T", where=WHERE, timeout=60)
    assert right.verdict.value == "PROVEN", right.message
    wrong = api.check(rf"{written} \mathbf{{v}} = 2 (\mathbf{{v}}^T \mathbf{{W}}^{{(2)}})^T", where=WHERE, timeout=60)
    assert wrong.verdict.value == "REFUTED", wrong.message


def test_the_transpose_changes_the_shape():
    r = api.check(r"\mathbf{W}^{(2)T} \mathbf{v} = \mathbf{W}^{(2)} \mathbf{x}", where=WHERE, timeout=60)
    assert r.verdict.value == "REFUTED" and "shapes differ" in r.message


def test_brackets_as_tags():
    where = [r"W^{[l]} \in \mathbb{R}^{m \times d}", r"\mathbf{v} \in \mathbb{R}^m"]
    assert api.check(r"W^{[l]\top} \mathbf{v} = (\mathbf{v}^\top W^{[l]})^\top", where=where, timeout=60).verdict.value == "PROVEN"
