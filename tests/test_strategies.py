"""One strategy list per kind of goal: a strategy added to ``STRATEGIES`` is tried on scalar goals
and on what an index-generic goal reduces to (before the restructuring it was skipped on the latter)."""

from sympy import Derivative, Eq, IndexedBase, Sum, Symbol, exp

from derivcheck.core.claim import REALS, Claim, dimension, index, vector
from derivcheck.core.proof import Proof
from derivcheck.prover import strategies
from derivcheck.prover.indexed import is_index_generic
from derivcheck.prover.strategies import prove

x = Symbol("x", real=True)
n = Symbol("n", integer=True, positive=True)
j, k = (Symbol(s, integer=True, positive=True) for s in "jk")
v = IndexedBase("v", real=True)


def claim(relation, variables):
    return Claim(id="c", title="c", source="test", topic="test", statement=(relation,), variables=variables)


def spy(seen):
    def spy_rule(goal, ctx):
        seen.append(goal.expr)
        return None
    return spy_rule


def test_an_appended_strategy_is_tried_on_a_scalar_goal(monkeypatch):
    seen = []
    monkeypatch.setattr(strategies, "STRATEGIES", [*strategies.STRATEGIES, spy(seen)])
    assert prove(claim(Eq(exp(x), x + 1), {x: REALS}), budget=20) is None  # false: every rule declines
    assert seen and not any(is_index_generic(e) for e in seen)


def test_an_appended_strategy_is_tried_on_an_index_generic_goal(monkeypatch):
    """∂/∂v_k Σ_j v_j² = 3 v_k is false: the index-generic rule reduces it to 2v_k − 3v_k, and what
    is left goes through the scalar list, spy included."""
    seen = []
    monkeypatch.setattr(strategies, "STRATEGIES", [*strategies.STRATEGIES, spy(seen)])
    relation = Eq(Derivative(Sum(v[j] ** 2, (j, 1, n)), v[k]), 3 * v[k])
    c = claim(relation, {n: dimension(), v: vector(n), j: index(n), k: index(n)})
    assert is_index_generic(relation.lhs - relation.rhs)
    assert prove(c, budget=20) is None
    assert seen, "the appended strategy was never asked"
    assert all(not e.has(Sum) for e in seen), seen  # it saw the reduced goal, sums gone


def test_a_strategy_that_proves_is_used_and_named(monkeypatch):
    """The proof returned is the one the first succeeding strategy gave (a stand-in that records it, on a true claim: plumbing only)."""
    made = []

    def stand_in(goal, ctx):
        proof = Proof(goal, (), "stand-in")
        made.append(proof)
        return proof

    monkeypatch.setattr(strategies, "STRATEGIES", [stand_in])
    proofs = prove(claim(Eq(exp(x) * exp(-x), 1, evaluate=False), {x: REALS}), budget=20)
    assert proofs is not None and proofs[0].method == "stand-in" and made
