"""Claim declarations: arrays carry their shape, and ill-typed indexing is refused by name."""

import pytest
from sympy import Derivative, Eq, IndexedBase, Sum, Symbol

from derivcheck.core.claim import REALS, Claim, dimension, index, matrix, vector
from derivcheck.core.errors import InvalidClaim

n = Symbol("n", integer=True, positive=True)
m = Symbol("m", integer=True, positive=True)
i, j, k = (Symbol(s, integer=True, positive=True) for s in "ijk")
x = IndexedBase("x", real=True)
W = IndexedBase("W", real=True)


def claim(*relations, variables, id="c"):
    return Claim(id=id, title=id, source="test", topic="test", statement=tuple(relations), variables=variables)


def test_index_ranging_over_another_length_is_a_shape_mismatch():
    with pytest.raises(InvalidClaim, match=r"claim 'c': shape mismatch: in x\[i\], index i ranges over 1..m "
                                           r"but axis 1 of x has length n"):
        claim(Eq(x[i], 0), variables={n: dimension(), m: dimension(), x: vector(n), i: index(m)})


def test_summing_past_the_end_is_a_shape_mismatch():
    with pytest.raises(InvalidClaim, match=r"index k ranges over 1..n \+ 1"):
        claim(Eq(Sum(x[k], (k, 1, n + 1)), 0), variables={n: dimension(), x: vector(n)})


def test_wrong_number_of_indices_is_a_shape_mismatch():
    with pytest.raises(InvalidClaim, match=r"shape mismatch: W\[i\] has 1 index but W has shape n×m"):
        claim(Eq(W[i], 0), variables={n: dimension(), m: dimension(), W: matrix(n, m), i: index(n)})


def test_array_must_be_declared_with_a_shape():
    with pytest.raises(InvalidClaim, match=r"x is an array \(IndexedBase\) but its domain .* has no shape"):
        claim(Eq(x[i], 0), variables={n: dimension(), x: REALS, i: index(n)})
    with pytest.raises(InvalidClaim, match=r"symbol\(s\) x used but not declared"):
        claim(Eq(x[i], 0), variables={n: dimension(), i: index(n)})


def test_entry_beyond_a_fixed_length_is_refused():
    with pytest.raises(InvalidClaim, match=r"index 3 ranges over 3..3 but axis 1 of x has length 2"):
        claim(Eq(x[3], 0), variables={x: vector(2)})


def test_well_typed_claims_are_accepted_and_described():
    c = claim(Eq(Derivative(Sum(W[k, j] ** 2, (k, 1, n), (j, 1, m)), W[i, j]), 0),
              variables={n: dimension(), m: dimension(), W: matrix(n, m), i: index(n), j: index(m)})
    assert "W ∈ ℝ^{n×m}" in c.scope and "1 ≤ i ≤ n" in c.scope
    assert claim(Eq(x[1] + x[2], 0), variables={x: vector(2)}).scope == "x ∈ ℝ^2"


def test_a_derivative_of_fractional_order_is_refused_when_declared():
    from sympy import Rational, exp

    from conftest import make_claim, x

    with pytest.raises(InvalidClaim, match=r"order 1/2; an order is a positive integer"):
        make_claim(Eq(Derivative(exp(x), (x, Rational(1, 2))), exp(x)), id="half_derivative")
