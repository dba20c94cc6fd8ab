"""Activation functions: sigmoid, tanh, softplus, sign, ReLU, LeakyReLU.

The scalar identities every ML course derives in its first theory homework: how σ, tanh and
softplus relate, their derivatives, and the piecewise functions with a kink at 0, where a
derivative claim must exclude the kink (x ≠ 0) and H(0) = ½ matters.

Sources: IFT6390 (Fundamentals of ML) HW3 theory Q1; AML assignment 2; course notes.

Tags: sigmoid, tanh, softplus, relu, leaky relu, heaviside, sign, derivative, limit
"""

from sympy import Derivative, Eq, Le, Limit, Max, Ne, Piecewise, S, Symbol, log, oo, sign, tanh

from derivcheck import REALS, identity, interval, statement
from derivcheck.functions import heaviside, indicator, leaky_relu, sigmoid, softplus

SOURCE_Q1 = "IFT6390 HW3, Q1"
x = Symbol("x", real=True)
k = Symbol("k", real=True)
alpha = Symbol("alpha", real=True)

ON_R = {x: REALS}


@identity(f"{SOURCE_Q1}(a)")
def sigmoid_eq_tanh():
    """σ(x) = ½(tanh(x/2) + 1)"""
    return statement(Eq(sigmoid(x), (tanh(x / 2) + 1) / 2), variables=ON_R)


@identity(f"{SOURCE_Q1}(b)")
def tanh_eq_sigmoid():
    """tanh(x) = 2σ(2x) − 1"""
    return statement(Eq(tanh(x), 2 * sigmoid(2 * x) - 1), variables=ON_R)


@identity(f"{SOURCE_Q1}(c)")
def sigmoid_neg():
    """σ(−x) = 1 − σ(x)"""
    return statement(Eq(sigmoid(-x), 1 - sigmoid(x)), variables=ON_R)


@identity(f"{SOURCE_Q1}(d)")
def log_sigmoid():
    """ln σ(x) = −softplus(−x)

    The logarithm is real because σ(x) > 0 for every real x.
    """
    return statement(Eq(log(sigmoid(x)), -softplus(-x)), variables=ON_R)


@identity(f"{SOURCE_Q1}(e)")
def softplus_sub_softplus_neg():
    """softplus(x) − softplus(−x) = x"""
    return statement(Eq(softplus(x) - softplus(-x), x), variables=ON_R)


@identity(f"{SOURCE_Q1}(f)")
def logit_sigmoid():
    """ln(σ(x)/(1 − σ(x))) = x

    The logit inverts σ; 0 < σ(x) < 1 keeps the ratio positive, so the real log applies.
    """
    return statement(Eq(log(sigmoid(x) / (1 - sigmoid(x))), x), variables=ON_R)


@identity(f"{SOURCE_Q1}(g)")
def deriv_sigmoid():
    """σ'(x) = σ(x)(1 − σ(x))"""
    return statement(Eq(Derivative(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))), variables=ON_R)


@identity(f"{SOURCE_Q1}(g)")
def deriv_tanh():
    """tanh'(x) = 1 − tanh²(x)"""
    return statement(Eq(Derivative(tanh(x), x), 1 - tanh(x) ** 2), variables=ON_R)


@identity(f"{SOURCE_Q1}(h)")
def deriv_softplus():
    """softplus'(x) = σ(x)"""
    return statement(Eq(Derivative(softplus(x), x), sigmoid(x)), variables=ON_R)


@identity(f"{SOURCE_Q1}(h)")
def deriv_log_sigmoid():
    """(ln σ)'(x) = 1 − σ(x)"""
    return statement(Eq(Derivative(log(sigmoid(x)), x), 1 - sigmoid(x)), variables=ON_R)


@identity("AML assignment 2, Q1")
def deriv_sigmoid_le_quarter():
    """σ'(x) ≤ ¼ for every real x

    Equality holds only at x = 0: ¼ − σ(1 − σ) = (σ − ½)² ≥ 0.
    """
    return statement(Le(Derivative(sigmoid(x), x), S(1) / 4), variables=ON_R)


@identity(f"{SOURCE_Q1}(i)")
def sign_eq_indicators():
    """sign(x) = 1{x>0} − 1{x<0}

    Holds at x = 0 too: both sides are 0 there.
    """
    return statement(Eq(sign(x), indicator(x > 0) - indicator(x < 0)), variables=ON_R)


@identity(f"{SOURCE_Q1}(i)")
def deriv_abs():
    """d|x|/dx = sign(x), x ≠ 0

    |x| has a kink at 0 where no derivative exists; the claim excludes it.
    """
    from sympy import Abs

    return statement(Eq(Derivative(Abs(x), x), sign(x)), variables=ON_R, conditions=[Ne(x, 0)])


@identity(f"{SOURCE_Q1}(j)")
def deriv_relu():
    """d max(0, x)/dx = 1{x>0}, x ≠ 0

    ReLU has a kink at 0 where no derivative exists; the claim excludes it.
    """
    return statement(Eq(Derivative(Max(0, x), x), indicator(x > 0)), variables=ON_R, conditions=[Ne(x, 0)])


@identity(f"{SOURCE_Q1}(j)")
def relu_eq_mul_heaviside():
    """max(0, x) = x·H(x)

    Holds at x = 0 whatever H(0) is, since the factor x vanishes there.
    """
    return statement(Eq(Max(0, x), x * heaviside(x)), variables=ON_R)


@identity(f"{SOURCE_Q1}(j)")
def relu_eq_pow_heaviside():
    """max(0, x) = (x + 1)^{H(x)} − 1

    True for every real x with 0⁰ = 1: for x < 0 the exponent is 0 (even at x = −1 and below,
    where the base is ≤ 0), at x = 0 it is 1^½ − 1 = 0, for x > 0 it is (x + 1) − 1.
    """
    return statement(Eq(Max(0, x), (x + 1) ** heaviside(x) - 1), variables=ON_R)


@identity(f"{SOURCE_Q1}(k)")
def leaky_relu_eq_max_of_lt_one():
    """LeakyReLU_α(x) = max(x, αx) for 0 < α < 1

    Needs α < 1: for x < 0, αx > x exactly when α < 1; with α > 1 max(x, αx) picks the wrong
    branch on both sides of 0.
    """
    return statement(Eq(leaky_relu(x, alpha), Max(x, alpha * x)), variables={x: REALS, alpha: interval(0, 1)})


@identity(f"{SOURCE_Q1}(k)")
def deriv_leaky_relu():
    """LeakyReLU_α'(x) = 1 if x > 0, α if x < 0 (x ≠ 0)

    The kink at 0 is excluded; α is any real slope here (0 < α < 1 in the course).
    """
    rhs = Piecewise((1, x > 0), (alpha, True))
    return statement(Eq(Derivative(leaky_relu(x, alpha), x), rhs), variables={x: REALS, alpha: interval(0, 1)},
                     conditions=[Ne(x, 0)])


@identity("Course notes, sigmoid as a smooth step")
def sigmoid_scaled_tendsto_heaviside():
    """lim_{k→∞} σ(kx) = H(x) for every real x (1, ½, 0)

    At x = 0 the limit is σ(0) = ½, which is why the course takes H(0) = ½.
    """
    return statement(Eq(Limit(sigmoid(k * x), k, oo), heaviside(x)), variables=ON_R)
