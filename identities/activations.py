"""Activation functions: sigmoid, tanh, softplus, sign, ReLU, LeakyReLU, and GELU, SiLU, ELU, softsign, Mish.

The scalar identities every ML course derives in its first theory homework: how σ, tanh and
softplus relate, their derivatives, and the piecewise functions with a kink at 0, where a
derivative claim must exclude the kink (x ≠ 0) and H(0) = ½ matters.

Sources: IFT6390 (Fundamentals of ML) HW3 theory Q1; AML assignment 2; course notes; for the
newer activations, the papers that introduced them (each claim cites its own).

Tags: sigmoid, tanh, softplus, relu, leaky relu, heaviside, sign, gelu, silu, swish, elu, softsign, mish, derivative, limit
"""

from sympy import Abs, Derivative, Eq, Le, Limit, Max, Ne, Piecewise, S, Symbol, erf, exp, log, oo, pi, sign, sqrt, tanh

from derivcheck import REALS, identity, interval, statement
from derivcheck.functions import elu, gelu, gelu_tanh, heaviside, indicator, leaky_relu, mish, sigmoid, silu, softplus, softsign

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


# --- the activations of current architectures ------------------------------------------------------
# Each is a built-in (derivcheck.functions) with its definition; the derivative is taken from that
# definition, so none of these claims is true by construction.

GELU_PAPER = "Hendrycks & Gimpel, Gaussian Error Linear Units (GELUs), arXiv:1606.08415"
SILU_PAPER = "Elfwing, Uchibe & Doya, Sigmoid-Weighted Linear Units, arXiv:1702.03118 (Swish: Ramachandran et al., arXiv:1710.05941)"
ELU_PAPER = "Clevert, Unterthiner & Hochreiter, Exponential Linear Units (ELUs), arXiv:1511.07289"
SOFTSIGN_PAPER = "Glorot & Bengio, Understanding the difficulty of training deep feedforward networks, AISTATS 2010"
MISH_PAPER = "Misra, Mish: A Self Regularized Non-Monotonic Activation Function, arXiv:1908.08681"


@identity(GELU_PAPER)
def deriv_gelu():
    """GELU'(x) = Φ(x) + x φ(x) = ½(1 + erf(x/√2)) + x e^{−x²/2}/√(2π)

    GELU(x) = x Φ(x) with Φ the standard normal CDF; the derivative is the product rule with Φ' = φ.
    """
    rhs = (1 + erf(x / sqrt(2))) / 2 + x * exp(-x**2 / 2) / sqrt(2 * pi)
    return statement(Eq(Derivative(gelu(x), x), rhs), variables=ON_R)


@identity(GELU_PAPER)
def deriv_gelu_tanh():
    """GELU_tanh'(x) = ½(1 + tanh u) + ½ x (1 − tanh² u) √(2/π)(1 + 3·0.044715 x²), u = √(2/π)(x + 0.044715 x³)

    The tanh approximation that BERT and GPT-2 shipped; its derivative in closed form, as a framework's
    backward pass computes it.
    """
    c = S(44715) / 10**6
    u = sqrt(2 / pi) * (x + c * x**3)
    rhs = (1 + tanh(u)) / 2 + x / 2 * (1 - tanh(u) ** 2) * sqrt(2 / pi) * (1 + 3 * c * x**2)
    return statement(Eq(Derivative(gelu_tanh(x), x), rhs), variables=ON_R)


@identity(SILU_PAPER)
def silu_eq_mul_sigmoid():
    """SiLU(x) = x σ(x) (Swish with β = 1)"""
    return statement(Eq(silu(x), x * sigmoid(x)), variables=ON_R)


@identity(SILU_PAPER)
def deriv_silu():
    """SiLU'(x) = σ(x)(1 + x(1 − σ(x)))"""
    return statement(Eq(Derivative(silu(x), x), sigmoid(x) * (1 + x * (1 - sigmoid(x)))), variables=ON_R)


@identity(ELU_PAPER)
def deriv_elu():
    """ELU_α'(x) = 1 if x > 0, α eˣ if x < 0 (x ≠ 0, α > 0)

    ELU is continuous at 0 but its one-sided slopes there are 1 and α, so the kink is excluded; only
    α = 1 makes ELU differentiable at 0.
    """
    a = Symbol("alpha", positive=True)
    rhs = Piecewise((1, x > 0), (a * exp(x), True))
    return statement(Eq(Derivative(elu(x, a), x), rhs), variables={x: REALS, a: interval(0, oo)},
                     conditions=[Ne(x, 0)])


@identity(SOFTSIGN_PAPER)
def deriv_softsign():
    """softsign'(x) = 1/(1 + |x|)² for every real x, 0 included

    |x| has a kink at 0 but x/(1 + |x|) does not: both one-sided difference quotients at 0 tend to 1,
    so no x ≠ 0 is needed (the prover checks those limits at the kink; see prover/kink_points.py).
    """
    return statement(Eq(Derivative(softsign(x), x), 1 / (1 + Abs(x)) ** 2), variables=ON_R)


@identity(MISH_PAPER)
def deriv_mish():
    """Mish'(x) = tanh(softplus(x)) + x σ(x)(1 − tanh²(softplus(x)))

    Chain rule through softplus' = σ and tanh' = 1 − tanh².
    """
    t = tanh(softplus(x))
    return statement(Eq(Derivative(mish(x), x), t + x * sigmoid(x) * (1 - t**2)), variables=ON_R)
