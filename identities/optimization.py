"""Gradient descent on a quadratic: closed form of the iterates, when they converge, one-step exactness.

f(x) = 5x² + 2 and x_{n+1} = x_n − η f'(x_n). The iterates ``gd(n, x0, eta)`` are a recurrence
(``derivcheck.core.recurrence``): the closed form is proven for every n by induction, and the numeric
check iterates the update itself, never the closed form. f' = 10x is taken by SymPy from f when
the recurrence is declared.

To add a claim about another iteration: declare it with ``recurrence(...)`` and state the closed
form as ``Eq(term(n, ...), ...)`` with n an integer variable bounded below.

Sources: the Neural Networks assignment (003), Question 3 (gradient descent on 5x² + 2).

Tags: gradient descent, recurrence, induction, closed form, convergence, learning rate, limit, geometric sequence
"""

import numpy as np
from sympy import And, Eq, Limit, Ne, Rational, S, Symbol, diff, oo

from derivcheck import REALS, Source, identity, integers, statement
from derivcheck.core.recurrence import recurrence
from derivcheck.functions import indicator
from derivcheck.identities import NN_ASSIGNMENT
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
# lim x_n = 0 ⇔ 0 < η < 1/5, stated of the closed form (its link to x_n is the claim's part 0)
TENDS_TO_ZERO = Eq(indicator(Eq(Limit((1 - 10 * eta) ** n * x0, n, oo), 0)), indicator(And(eta > 0, eta < UPPER)))


@identity(Source(NN_ASSIGNMENT, "Question 3",
                 excerpt=r"x_n = x_{n-1} - 10\eta f'(x_{n-1}) = x_{n-1} - 10\eta x_{n-1} = (1 - 10\eta)x_{n-1} = (1 - 10\eta)^n x_0"))
def gd_quadratic_closed_form():
    """x_n = (1 − 10η)ⁿ x₀ for every integer n ≥ 0

    Proven by induction on n: x₀ = (1 − 10η)⁰x₀, and x_{n+1} = x_n − 10ηx_n = (1 − 10η)x_n. The
    solution's first step reads x_{n−1} − 10η f'(x_{n−1}), a factor 10 too many (f' = 10x already
    carries it); its next step, x_{n−1} − 10η x_{n−1}, and the closed form are right.
    """
    return statement(Eq(gd(n, x0, eta), (1 - 10 * eta) ** n * x0),
                     variables={n: integers(0, sample_hi=25), x0: REALS, eta: REALS})


def iterates_converge_check(relation, *, iterations: int = 20_000):
    """Iterate GD itself near the bounds of η and compare "x_n → 0" with the claimed condition.

    From x₀ = 1, after 20 000 steps: |x_n| < 1e-6 counts as converging, |x_n| ≥ 1 as not (the
    factor is ±0.99 or worse at the points tried, so the two are far apart); the claimed condition
    is the right side of ``relation`` at that η.
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
            claimed = bool(relation.rhs.xreplace({eta: e}) == 1)
            if converges != claimed:
                return len(etas), dict(counterexample={"eta": str(e), "x0": 1, "n": iterations},
                                       lhs_value=f"|x_n| = {size:.3g}", rhs_value=f"condition {'holds' if claimed else 'fails'}",
                                       part=1)
        return len(etas), None

    return check


@identity(Source(NN_ASSIGNMENT, "Question 3", excerpt=r"|1 - 10\eta| < 1"))
def gd_quadratic_converges_iff():
    """x_n → 0 for every x₀ ⇔ 0 < η < 1/5

    Part 0 is the closed form x_n = (1 − 10η)ⁿx₀ (by induction, for every n ≥ 0); part 1 says,
    for every x₀ ≠ 0, lim_{n→∞} (1 − 10η)ⁿx₀ = 0 ⇔ 0 < η < 1/5. Together: x_n → 0 for every x₀
    exactly when 0 < η < 1/5 (x₀ = 0 stays at 0 for any η). Part 1 is proven by the rule
    c rⁿ → 0 ⇔ c = 0 ∨ |r| < 1 (``derivcheck.prover.geometric``, which has SymPy take the limits of
    e^{nt} it rests on) and cases on η: |1 − 10η| < 1 ⇔ 0 < η < 1/5. At η = 0 and η = 1/5,
    |x_n| = |x₀| forever, which is why both bounds are strict. The extra numeric check iterates
    GD itself 20 000 times at η just inside and outside both bounds and at the bounds.
    """
    closed_form = Eq(gd(n, x0, eta), (1 - 10 * eta) ** n * x0)
    return statement(closed_form, TENDS_TO_ZERO,
                     variables={n: integers(0, sample_hi=25), x0: REALS, eta: REALS},
                     conditions=[Ne(x0, 0)], extra_check=iterates_converge_check(TENDS_TO_ZERO))


@identity(Source(NN_ASSIGNMENT, "Question 3", excerpt=r"\eta = 1/10"))
def gd_quadratic_one_step():
    """At η = 1/10, x₁ = 0 for every x₀

    η = 1/10 = 1/f'' is Newton's step for this quadratic: x₁ = x₀ − (1/10)(10x₀) = 0.
    """
    return statement(Eq(gd(1, x0, Rational(1, 10)), 0), variables={x0: REALS})
