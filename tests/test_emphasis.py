r"""Emphasis around mathematics is not mathematics: ``\cancel{X}`` (seed 004 Q1 h strikes the exp(c) that cancels),
``\underbrace{X}_{label}`` (seed 004 Q2 n labels a matrix), ``\overbrace`` and ``\boxed`` are read as X."""

import pytest

from derivcheck import api
from derivcheck.core.verdict import Verdict


@pytest.mark.parametrize("statement,where,verdict", [
    (r"\frac{e^{x} \cancel{e^{c}}}{\cancel{e^{c}} (1 + e^{x})} = \sigma(x)", [], Verdict.PROVEN),
    (r"\frac{e^{x} \bcancel{e^{c}}}{\xcancel{e^{c}} (1 + e^{x})} = \sigma(-x)", [], Verdict.REFUTED),  # the strike keeps X
    (r"\frac{e^{x} \cancel{e^{c}}}{1 + e^{x}} = \sigma(x)", [], Verdict.REFUTED),  # struck on one side only: not 1
    (r"A = \underbrace{\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}}_{I_2} A", [r"A \in \mathbb{R}^{2 \times 2}"],
     Verdict.PROVEN),
    (r"\overbrace{(x+1)^2}^{\text{square}} = x^2 + 2x + 1", [], Verdict.PROVEN),
    (r"\underbrace{(x+1)^2}_x = x^2 + 1", [], Verdict.REFUTED),
])
def test_a_struck_braced_or_boxed_expression_is_read_as_itself(statement, where, verdict):
    r = api.check(statement, where=where, timeout=60)
    assert r.verdict is verdict, (r.verdict, r.message)
