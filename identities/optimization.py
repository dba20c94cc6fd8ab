"""Gradient descent on a quadratic: closed form of the iterates, when they converge, one-step exactness.

f(x) = 5x² + 2 and x_{n+1} = x_n − η f'(x_n). The iterates ``gd(n, x0, eta)`` are a recurrence
(``derivcheck.recurrence``): the closed form is proven for every n by induction, and the numeric
check iterates the update itself, never the closed form. f' = 10x is taken by SymPy from f when
the recurrence is declared.

To add a claim about another iteration: declare it with ``recurrence(...)`` and state the closed
form as ``Eq(term(n, ...), ...)`` with n an integer variable bounded below.

Sources: ML assignment Q3 (gradient descent on 5x² + 2).

Tags: gradient descent, recurrence, induction, closed form, convergence, learning rate
"""

import numpy as np
from sympy import And, Eq, Rational, S, Symbol, diff

from derivcheck import REALS, identity, integers, statement
from derivcheck.functions import indicator
from derivcheck.recurrence import recurrence

SOURCE = "ML assignment, Q3"
x = Symbol("x", real=True)
x0 = Symbol("x0", real=True)
eta = Symbol("eta", real=True)
n = Symbol("n", integer=True)
k = Symbol("k", integer=True)
prev = Symbol("x_k", real=True)

objective = 5 * x**2 + 2
gd = recurrence("gd", index=k, params=(x0, eta), prev=prev, initial=x0,
                update=prev - eta * diff(objective, x).xreplace({x: prev}))

UPPER = Rational(1, 5)
CONTRACTS = Eq(indicator(abs(1 - 10 * eta) < 1), indicator(And(eta > 0, eta < UPPER)))


@identity(f"{SOURCE}(a)")
def gd_quadratic_closed_form():
    """x_n = (1 − 10η)ⁿ x₀ for every integer n ≥ 0

    Proven by induction on n: x₀ = (1 − 10η)⁰x₀, and x_{n+1} = x_n − 10ηx_n = (1 − 10η)x_n.
    """
    return statement(Eq(gd(n, x0, eta), (1 - 10 * eta) ** n * x0),
                     variables={n: integers(0, sample_hi=25), x0: REALS, eta: REALS})


def exact_points_check(relation, symbol, points, *, part: int = 0):
    """An extra check of ``relation`` at exact values of ``symbol`` the sampler never draws (bounds)."""

    def check(rng):
        for value in points:
            lhs, rhs = relation.lhs.xreplace({symbol: value}), relation.rhs.xreplace({symbol: value})
            if lhs != rhs:
                return len(points), dict(counterexample={str(symbol): str(value)}, lhs_value=str(lhs),
                                         rhs_value=str(rhs), part=part)
        return len(points), None

    return check


def iterates_converge_check(contracts_relation, *, iterations: int = 20_000):
    """Iterate GD itself near the bounds of η and compare "x_n → 0" with the claimed condition.

    From x₀ = 1, after 20 000 steps: |x_n| < 1e-6 counts as converging, |x_n| ≥ 1 as not (the
    factor is ±0.99 or worse at the points tried, so the two are far apart); the claimed condition
    is the right side of ``contracts_relation`` at that η.
    """
    etas = [Rational(1, 1000), Rational(1, 10), UPPER - Rational(1, 1000), UPPER, UPPER + Rational(1, 1000),
            S.Zero, -Rational(1, 1000), Rational(1, 2), -1]

    def check(rng):
        values = np.array([float(e) for e in etas])
        final = np.abs(gd._imp_(np.full(values.shape, float(iterations)), np.ones_like(values), values))
        for e, size in zip(etas, final):
            converges = bool(size < 1e-6)
            if not converges and not size >= 1:
                continue  # neither clearly: not evidence either way
            claimed = bool(contracts_relation.rhs.xreplace({eta: e}) == 1)
            if converges != claimed:
                return len(etas), dict(counterexample={"eta": str(e), "x0": 1, "n": iterations},
                                       lhs_value=f"|x_n| = {size:.3g}", rhs_value=f"condition {'holds' if claimed else 'fails'}",
                                       part=1)
        return len(etas), None

    return check


def _both(*checks):
    def check(rng):
        total = 0
        for one in checks:
            points, found = one(rng)
            total += points
            if found is not None:
                return total, found
        return total, None

    return check


BOUNDS = [S.Zero, UPPER, Rational(1, 10), Rational(1, 10**9), -Rational(1, 10**9), UPPER - Rational(1, 10**9),
          UPPER + Rational(1, 10**9)]


@identity(f"{SOURCE}(b)")
def gd_quadratic_converges_iff():
    """x_n = (1 − 10η)ⁿx₀ and |1 − 10η| < 1 ⇔ 0 < η < 1/5, the facts behind "x_n → 0 ∀x₀ ⇔ 0 < η < 1/5"

    Stated as its two checkable parts: the closed form (part 0, by induction for every n ≥ 0) and
    1{|1 − 10η| < 1} = 1{0 < η < 1/5} for every real η (part 1, by cases on η). The step between
    them and "x_n → 0 for every x₀" is the geometric-sequence fact rⁿx₀ → 0 for every x₀ ⇔ |r| < 1,
    which derivcheck does not prove; the extra numeric check iterates GD 20 000 times at η just
    inside and outside both bounds (1/5 ± 1/1000, ±1/1000, 0, 1/5) and checks the exact bounds
    of part 1 (0, 1/5, 1/5 ± 10⁻⁹, ±10⁻⁹). At η = 0 and η = 1/5 the iterates stay at |x₀|.
    """
    closed_form = Eq(gd(n, x0, eta), (1 - 10 * eta) ** n * x0)
    return statement(closed_form, CONTRACTS,
                     variables={n: integers(0, sample_hi=25), x0: REALS, eta: REALS},
                     extra_check=_both(exact_points_check(CONTRACTS, eta, BOUNDS, part=1),
                                       iterates_converge_check(CONTRACTS)))


@identity(f"{SOURCE}(c)")
def gd_quadratic_one_step():
    """At η = 1/10, x₁ = 0 for every x₀

    η = 1/10 = 1/f'' is Newton's step for this quadratic: x₁ = x₀ − (1/10)(10x₀) = 0.
    """
    return statement(Eq(gd(1, x0, Rational(1, 10)), 0), variables={x0: REALS})
