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


# --- numbers: values computed once, max(0, u) picked at the point ------------------------------------


def constant_claim(*relations):
    return Claim(id="c", title="c", source="test", topic="test", statement=relations, variables={})


def test_a_constant_claim_evaluates_each_side_once(monkeypatch):
    """The float check and the 50-digit check of a constant claim share their high-precision values;
    max(0, u) inside a derivative at a point is taken as its argument's value there. True: agrees;
    false by 10^-30 (below float64): refuted by the precise check."""
    from sympy import Max, Rational, Subs, symbols

    from derivcheck.numeric import precision
    from derivcheck.numeric.spotcheck import spot_check

    a, b = symbols("a b", real=True)
    loss = (Max(0, a - b) + Max(0, b - 2 * a)) ** 2 / 2
    at = lambda e: Subs(e, (a, b), (Rational(3, 5), Rational(-1, 5)))  # noqa: E731
    true = [Eq(at(Derivative(loss, a)), Rational(4, 5)), Eq(at(Derivative(loss, b)), Rational(-4, 5)), Eq(at(loss), Rational(8, 25))]
    calls = []
    original = precision._high_precision_value
    monkeypatch.setattr(precision, "_high_precision_value", lambda e, p, d: calls.append(e) or original(e, p, d))
    evidence = spot_check(constant_claim(*true), seed=1)
    assert evidence.counterexample is None and evidence.precise_points == 1
    assert len(calls) == len({id(e) for e in calls})  # no side evaluated twice at the same digits
    false = [*true[:2], Eq(at(loss), Rational(8, 25) + Rational(1, 10**30))]
    assert spot_check(constant_claim(*false), seed=1).counterexample is not None


def test_values_are_remembered_by_the_expression_itself():
    """SymPy calls some Subs of different derivatives equal (the catalog's worked MLP example): each
    keeps its own value, so a wrong partial derivative among right ones is still refuted."""
    from dataclasses import replace

    from sympy import Rational

    from derivcheck.core.registry import load_catalog
    from derivcheck.numeric.spotcheck import spot_check

    worked = load_catalog()["worked_regression_relu"]
    first, second = (r.lhs for r in worked.statement[1:5:3])
    assert first == second  # SymPy's equality: the reason for keying by identity
    assert spot_check(worked, seed=1).counterexample is None
    statement = list(worked.statement)
    statement[4] = Eq(statement[4].lhs, statement[4].rhs + Rational(1, 10**4))
    assert spot_check(replace(worked, statement=tuple(statement)), seed=1).counterexample is not None
