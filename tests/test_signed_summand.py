r"""A summand that starts with a sign: ``\sum_{i=1}^{k} -c_i \log S(x(u))_i`` (seed 004), ``\sum_k -t_k \log y_k``.

A sum needs its summand, so the sign can only belong to it: Σ(−t_k). Before, both readers refused it ("expected an
expression, found '-'"). Like an unsigned summand it ends at the next + or −: ``\sum_{k=1}^{3} -k + 1`` is −6 + 1."""

import pytest

from derivcheck import api

X = [r"\mathbf{x} \in \mathbb{R}^n"]


def verdict(statement, where=()):
    r = api.check(statement, where=list(where), timeout=60)
    return r.verdict.value, r.message


@pytest.mark.parametrize("statement,holds", [
    (r"\sum_{k=1}^{3} -k = -6", True),
    (r"\sum_{k=1}^{3} -k + 1 = -5", True),
    (r"\sum_{k=1}^{3} -k + 1 = -3", False),  # the + 1 is not in the summand
    (r"\sum_{k=1}^{3} +k^2 = 14", True),
    (r"\sum_{k=1}^{n} -x = -n x", True),
    (r"\sum_{k=1}^{n} -x = n x", False),
])
def test_scalar_sums(statement, holds):
    v, message = verdict(statement)
    assert v == ("PROVEN" if holds else "REFUTED"), (v, message)


@pytest.mark.parametrize("statement,holds", [
    (r"\sum_{i=1}^{n} -x_i = -\sum_{i=1}^n x_i", True),
    (r"\sum_{i} -x_i + 1 = 1 - \sum_{i=1}^n x_i", True),
    (r"\sum_{i} -x_i + 1 = -\sum_{i=1}^n (x_i + 1)", False),
])
def test_vector_sums(statement, holds):
    v, message = verdict(statement, X)
    assert (v == "PROVEN") if holds else (v == "REFUTED"), (v, message)


def test_a_signed_summand_in_a_where_definition():
    where = X + [r"\mathbf{c} \in \mathbb{R}^n", r"L = \sum_{i=1}^{n} -c_i x_i"]
    assert verdict(r"L = -\sum_{i=1}^n c_i x_i", where)[0] == "PROVEN"
    assert verdict(r"L = \sum_{i=1}^n c_i x_i", where)[0] == "REFUTED"
