"""Recurrence terms: folded at a symbolic index, unrolled exactly at a concrete one, iterated in floats."""

import pickle

import numpy as np
from sympy import Integer, Rational, Symbol, symbols

from derivcheck.core.functions import unfold
from derivcheck.core.recurrence import MAX_SYMBOLIC_UNROLL, RecurrenceTerm, recurrence

k = Symbol("k", integer=True)
n = Symbol("n", integer=True, nonnegative=True)
a, c, prev = symbols("a c prev", real=True)

# x_0 = a, x_{k+1} = c*x_k + k: depends on the index too, so a wrong index offset shows up
affine = recurrence("affine", index=k, params=(a, c), prev=prev, initial=a, update=c * prev + k)


def test_stays_folded_at_a_symbolic_index():
    term = affine(n, a, c)
    assert isinstance(term, RecurrenceTerm)
    assert unfold(term) == term


def test_unrolls_exactly_at_a_concrete_index():
    assert unfold(affine(0, a, c)) == a
    assert unfold(affine(3, a, c)).expand() == (c**3 * a + c + 2).expand()
    assert unfold(affine(4, Rational(1, 2), Rational(-3, 2))) == Rational(-3, 2) * (Rational(-3, 2) * (Rational(-3, 2) * (Rational(-3, 2) * Rational(1, 2) + 0) + 1) + 2) + 3


def test_symbolic_unrolling_stops_at_its_cap_but_numbers_do_not():
    far = Integer(MAX_SYMBOLIC_UNROLL + 5)
    assert unfold(affine(far, a, c)) == affine(far, a, c)
    assert unfold(affine(far, Integer(1), Integer(1))) == 1 + sum(range(MAX_SYMBOLIC_UNROLL + 5))


def test_float_iteration_matches_exact_unrolling_elementwise():
    ns = np.array([0.0, 1.0, 5.0, 7.0])
    a_values = np.array([0.5, -2.0, 3.0, 1.25])
    c_values = np.array([2.0, 0.5, -1.5, 1.0])
    got = affine._imp_(ns, a_values, c_values)
    want = [float(unfold(affine(int(nn), Rational(av), Rational(cv)))) for nn, av, cv in zip(ns, a_values, c_values)]
    np.testing.assert_allclose(got, want, rtol=1e-14)


def test_below_the_first_index_is_undefined():
    assert np.isnan(affine._imp_(np.array([-1.0]), 1.0, 1.0))[0]
    assert unfold(affine(-1, a, c)) == affine(-1, a, c)


def test_terms_pickle_so_workers_can_send_proofs():
    term = affine(n, a, c)
    assert pickle.loads(pickle.dumps(term)) == term
