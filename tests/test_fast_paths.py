"""The shortcuts that make the catalog fast (issue 16) prove what the slow paths proved and nothing
false: each is tried on a true claim and on a false version of it."""

from sympy import Derivative, Eq, IndexedBase, Sum, Symbol

from derivcheck.core.claim import Claim, dimension, index, vector
from derivcheck.prover import kinks
from derivcheck.prover.strategies import prove

n = Symbol("n", integer=True, positive=True)
j, k = (Symbol(s, integer=True, positive=True) for s in "jk")
v = IndexedBase("v", real=True)
SIZED = {n: dimension(), v: vector(n), j: index(n), k: index(n)}


def claim(relation, variables):
    return Claim(id="c", title="c", source="test", topic="test", statement=(relation,), variables=variables)


def deep_calls(monkeypatch) -> list:
    """Record each differentiation that evaluates the sums inside first (the slow one)."""
    calls = []
    original = kinks.differentiate_off_kinks

    def spy(expr, deep=True):
        calls.append(deep)
        return original(expr, deep=deep)

    monkeypatch.setattr("derivcheck.prover.indexed.differentiate_off_kinks", spy)
    return calls


def test_index_generic_derivative_needs_no_closed_form_of_the_sums(monkeypatch):
    """∂/∂v_k Σ_j v_j² = 2v_k is proven without SymPy's closed forms of the sums; 3v_k is not proven."""
    calls = deep_calls(monkeypatch)
    assert prove(claim(Eq(Derivative(Sum(v[j] ** 2, (j, 1, n)), v[k]), 2 * v[k]), SIZED), budget=20)
    assert calls == [False]
    assert prove(claim(Eq(Derivative(Sum(v[j] ** 2, (j, 1, n)), v[k]), 3 * v[k]), SIZED), budget=20) is None


def test_closed_form_of_a_sum_still_used_when_the_cheap_path_fails(monkeypatch):
    """∂/∂v_k Σ_j j·v_k = n(n + 1)/2 needs Σ_j j in closed form: the shallow derivative leaves Σ_j j,
    so the deep one is tried next and proves it. The false n(n + 1)/2 + 1 is proven by neither."""
    calls = deep_calls(monkeypatch)
    lhs = Derivative(Sum(j * v[k], (j, 1, n)), v[k])
    assert prove(claim(Eq(lhs, n * (n + 1) / 2), SIZED), budget=20)
    assert calls == [False, True]
    assert prove(claim(Eq(lhs, n * (n + 1) / 2 + 1), SIZED), budget=20) is None
