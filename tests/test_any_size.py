r"""Arrays nothing declares, summed over all their entries (``notation.any_size``): ``\sum_j \exp(y_j)`` with no
``where`` is a claim about y of any length n, checked for every n, and the scope says so. Only where that is the one
reading: otherwise the reader still asks for the limits. Seed 003's question 2 (its cross-entropy gradient, written
with no declaration at all) is read through it."""

from __future__ import annotations

from pathlib import Path

import pytest

from derivcheck import api
from derivcheck.documents.check import check_documents

FIXTURE = Path(__file__).parent / "fixtures" / "documents" / "seed_003_q2.md"
LSE = r"\frac{\partial}{\partial y_i} \log \sum_j \exp(y_j) = "
SEED003 = [r"e_{k} = -t_{k} \log \left( \frac{\exp(y_{k})}{\sum_{j} \exp(y_{j})} \right)", r"E = \sum_{k} e_{k}"]


def check(statement, where=()):
    return api.check(statement, where=list(where), timeout=60)


@pytest.mark.parametrize("statement,where,verdict", [
    (LSE + r"\frac{\exp(y_i)}{\sum_j \exp(y_j)}", [], "PROVEN"),
    (LSE + r"\frac{\exp(y_i)}{1 + \sum_j \exp(y_j)}", [], "REFUTED"),
    (r"\sum_i x_i^2 \ge 0", [], "PROVEN"),
    (r"\sum_i x_i^2 \ge 1", [], "REFUTED"),
    (r"\frac{\partial E}{\partial y_{i}} = \frac{\exp(y_{i})}{\sum_{j} \exp(y_{j})} \left( \sum_{k} t_{k} \right) - t_{i}",
     SEED003, "PROVEN"),
    (r"\frac{\partial E}{\partial y_{i}} = \frac{\exp(y_{i})}{\sum_{j} \exp(y_{j})} - t_{i}", SEED003, "REFUTED"),  # Σt ≠ 1
])
def test_a_sum_over_arrays_nothing_declares_is_over_any_length(statement, where, verdict):
    r = check(statement, where)
    assert r.verdict.value == verdict, (r.verdict, r.message)
    assert "of any length" in r.scope, r.scope
    if verdict == "PROVEN":
        assert "all n" in r.scope, r.scope


def test_the_length_gets_a_letter_the_claim_does_not_use():
    r = check(r"\sum_j n_j = \sum_k n_k")
    assert r.verdict.value == "PROVEN", r.message
    assert "any length m" in r.scope, r.scope


@pytest.mark.parametrize("statement,where,says", [
    # where declares arrays: an undeclared one is a slip to name
    (r"\sum_j u_j = 1", [r"\mathbf{x} \in \mathbb{R}^n"], "no declared vector or matrix is indexed by j"),
    (r"\sum_j a_j = \sum_k b_k", [], "a sum needs its range"),  # two lengths nothing ties together
    (r"\sum_j W_{ij} = 1", [], "a sum needs its range"),  # a matrix: rows and columns may differ
    (r"\sum_j x_{j+1} = 1", [], "a sum needs its range"),  # not one plain index
    (r"\sum_j f_j = 1", [], "a sum needs its range"),  # f is a function here
    # a review's cases, each a wrong verdict before it was refused:
    (r"\frac{\partial}{\partial x_i} \sum_j x_j^{p} = p x_i^{p-1}", [], "the power"),  # x^{p} was another vector
    (r"\frac{1}{n}\sum_i \left(x_i - \frac{1}{n}\sum_j x_j\right)^2 = \frac{1}{n}\sum_i x_i^2 - \left(\frac{1}{n}\sum_j "
     r"x_j\right)^2", [], "a sum needs its range"),  # n, the length, was read as a number beside a length m
    (r"\sum_k y_k \mathbf{e}_k = \mathbf{y}", [], "not declared"),  # e_k, a basis vector, was read as an entry
    (r"\sum_i \exp(a_i - a_i) = \sum_i \exp(b_i - b_i)", [], "a sum needs its range"),  # two sums' i tie nothing
    # a second review's:
    (r"\frac{1}{N}\sum_i x_i^2 \ge \left(\frac{1}{N}\sum_i x_i\right)^2", ["N = 2"], "a sum needs its range"),  # N the length?
    (r"\sum_i x_i^2 \ge \frac{1}{3}\left(\sum_i x_i\right)^2", ["n = 3"], "a sum needs its range"),
    (r"\frac{\partial}{\partial e_i} \sum_k e_k e^{y_k} = e^{y_i}", [], "a sum needs its range"),  # e: an array or Euler's?
    (r"\sum_k k x_k^2 \ge \sum_k x_k^2", [], "a sum needs its range"),  # k a number too: from 1 or from 0?
])
def test_anything_else_still_asks_for_the_limits(statement, where, says):
    r = api.check(statement, where=where, functions={"f": "sigmoid"} if "f_j" in statement else {}, timeout=60)
    assert r.verdict.value == "ERROR" and says in r.message, (r.verdict, r.message)


def test_an_entry_given_a_constant_is_every_entry_or_one_and_is_refused():
    """``t_h = 1`` in a one-hot target: every entry 1 (a definition for every h) or entry h only? Read as the
    first, seed 003's true last step was REFUTED."""
    r = check(r"\sum_{j=1}^K t_j y_j = y_k", [r"k \in \{1, \dots, K\}", r"t_k = 1", r"y \in \mathbb{R}^K"])
    assert r.verdict.value == "ERROR", (r.verdict, r.message)
    assert "every entry of t" in r.message and "one entry" in r.message, r.message
    assert "where[2] 't_k = 1'" in r.message, r.message  # numbered as written


def test_seed_003_question_2_is_read_and_no_right_step_refuted():
    [report] = check_documents([FIXTURE], timeout=60, jobs=2, seed=0)
    got = {(e.line, e.kind): (r.verdict.value if r is not None else None, e.message)
           for e, r in zip(report.entries, report.results)}
    assert (5, "definition") in got and (7, "definition") in got, got
    assert got[(7, "claim")][0] == "PROVEN", got  # e_k's rewriting, the log of a quotient
    assert got[(9, "claim")][0] == "PROVEN", got  # "= …" continuing line 7's display that ended in "="
    assert got[(11, "claim")][0] in ("PROVEN", "CHECKED"), got
    assert got[(13, "claim")][0] == "PROVEN", got
    assert not any(v == "REFUTED" for v, _ in got.values()), got  # all of it is right
    # "a one-hot vector s.t. $t_h = 1$ and $t_k = 0$ for each $k \neq h$": t_k = [k = h] (tests/test_one_hot.py)
    assert got[(17, "claim")][0] == "PROVEN", got
