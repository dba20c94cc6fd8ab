r"""An equation in a vector ``where`` whose left side is neither a name nor an entry defines nothing: seed 004's
``E_j[a_j] = \sum_{j=1}^{k} S(x(u))_j a_j`` (an expectation operator by a pattern). Read as a condition it chose the
points checked (those where E_1·a_j happened to equal the sum: a_j = 0), so a right step was REFUTED at them once the
rest of the where became readable. It is refused, naming the entry and what to write instead."""

from derivcheck import api

WHERE = [r"u \in \mathbb{R}^p", r"x: \mathbb{R}^p \to \mathbb{R}^k", r"i, j \in \{1, \dots, k\}",
         r"E_j[a_j] = \sum_{j=1}^{k} S(x(u))_j a_j"]


def test_an_operator_defined_by_a_pattern_is_refused():
    r = api.check(r"\nabla_u \sum_{i=1}^k x(u)_i = \sum_{i=1}^k \nabla_u x(u)_i", where=WHERE,
                  functions={"S": "softmax"}, timeout=60)
    assert r.verdict.value == "ERROR", r.message
    assert "where[4]" in r.message and "defines nothing" in r.message and "E = …" in r.message


def test_conditions_and_entries_in_where_still_read():
    x = [r"\mathbf{x} \in \mathbb{R}^n", r"\lambda > 0"]
    assert api.check(r"\nabla_{\mathbf{x}} \lambda \|\mathbf{x}\|^2 = 2 \lambda \mathbf{x}", where=x,
                     timeout=60).verdict.value == "PROVEN"
    b = [r"\mathbf{b} \in \mathbb{R}^n", r"i \in \{1, \dots, n\}", r"b_i + 1 > 1"]  # a compound side, not =
    assert api.check(r"|b_i| = b_i", where=b, timeout=60).verdict.value in ("PROVEN", "CHECKED")
