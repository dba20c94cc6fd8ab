"""Activation functions: sigmoid, tanh, softplus, sign, ReLU, LeakyReLU, and GELU, SiLU, ELU, softsign, Mish.

The scalar identities every ML course derives in its first theory homework: how σ, tanh and
softplus relate, their derivatives, and the piecewise functions with a kink at 0, where a
derivative claim must exclude the kink (x ≠ 0) and H(0) = ½ matters.

Sources: the two IFT6390 HW3 theory solutions (000: Q1, Q2's LeakyReLU; 004: Q1, Q2(r)) and the MLP
sheet (002, 1.3 b); Goodfellow et al., Deep Learning §3.10 for the σ/softplus identities no
solution asks; for the newer activations, the papers that introduced them.

Tags: sigmoid, tanh, softplus, relu, leaky relu, heaviside, sign, gelu, silu, swish, elu, softsign, mish, derivative, limit
"""

from sympy import Abs, Derivative, Eq, Le, Limit, Max, Ne, Piecewise, S, Symbol, erf, exp, log, oo, pi, sign, sqrt, tanh

from derivcheck import REALS, Source, identity, interval, statement
from derivcheck.functions import elu, gelu, gelu_tanh, heaviside, indicator, leaky_relu, mish, sigmoid, silu, softplus, softsign
from derivcheck.identities import DEEP_LEARNING, HW3, HW3_OTHER, MLP_SHEET

x = Symbol("x", real=True)
k = Symbol("k", real=True)
alpha = Symbol("alpha", real=True)

ON_R = {x: REALS}


@identity(Source(HW3, "Q1(a)", excerpt=r"\frac{1}{2} \tanh\left(\frac{1}{2}x + 1\right) = \sigma(x)"))
def sigmoid_eq_tanh():
    """σ(x) = ½(tanh(x/2) + 1)

    The solution concludes ½ tanh(½x + 1) = σ(x), the + 1 inside tanh; its middle steps compute
    ½((e^{x/2} − e^{−x/2})/(e^{x/2} + e^{−x/2}) + 1), the identity stated here.
    """
    return statement(Eq(sigmoid(x), (tanh(x / 2) + 1) / 2), variables=ON_R)


@identity(Source("Bishop, Pattern Recognition and Machine Learning (Springer, 2006)", "Exercise 3.1, eq. (3.100)"),
          Source(HW3, "Q1(a)", excerpt=r"\sigma(x) = \frac{1}{2} \left( \tanh\left(\frac{1}{2}x\right) + 1 \right)",
                 relation="solved for tanh"))
def tanh_eq_sigmoid():
    """tanh(x) = 2σ(2x) − 1

    HW3 Q1(a)'s identity solved for tanh (x → 2x); stated so in Bishop's exercise.
    """
    return statement(Eq(tanh(x), 2 * sigmoid(2 * x) - 1), variables=ON_R)


@identity(Source(DEEP_LEARNING, "Section 3.10, eq. (3.35)"))
def sigmoid_neg():
    """σ(−x) = 1 − σ(x)"""
    return statement(Eq(sigmoid(-x), 1 - sigmoid(x)), variables=ON_R)


@identity(Source(HW3, "Q1(b)", excerpt=r"\ln \sigma(x) = -\ln(1 + e^{-x}) = -\text{softplus}(-x)"),
          Source(HW3_OTHER, "Q1(f)", excerpt=r"\Rightarrow -\ln(\text{softplus}(-x)) = \text{RHS}"))
def log_sigmoid():
    """ln σ(x) = −softplus(−x)

    The logarithm is real because σ(x) > 0 for every real x. Solution 004 passes through
    −ln(softplus(−x)), a logarithm too many (−ln(1 + e^{−x}) is −softplus(−x) itself).
    """
    return statement(Eq(log(sigmoid(x)), -softplus(-x)), variables=ON_R)


@identity(Source(HW3_OTHER, "Q1(g)", excerpt=r"\text{softplus}(x) - \text{softplus}(-x) = x"),
          Source(DEEP_LEARNING, "Section 3.10, eq. (3.41)"))
def softplus_sub_softplus_neg():
    """softplus(x) − softplus(−x) = x"""
    return statement(Eq(softplus(x) - softplus(-x), x), variables=ON_R)


@identity(Source(DEEP_LEARNING, "Section 3.10, eq. (3.38): the logit σ⁻¹(x) = log(x/(1 − x))"))
def logit_sigmoid():
    """ln(σ(x)/(1 − σ(x))) = x

    The logit inverts σ; 0 < σ(x) < 1 keeps the ratio positive, so the real log applies.
    """
    return statement(Eq(log(sigmoid(x) / (1 - sigmoid(x))), x), variables=ON_R)


@identity(Source(HW3, "Q1(c)", excerpt=r"\left[ 1 - \frac{1}{1 + e^{-x}} \right] = \sigma(1 - \sigma)"),
          Source(HW3_OTHER, "Q1(e)", excerpt=r"&= \sigma(x) \left(1 - \sigma(x)\right)"),
          Source(MLP_SHEET, "1.3 b", excerpt=r"\frac{d}{dx}\sigma(x) = \sigma(x)(1 - \sigma(x))"))
def deriv_sigmoid():
    """σ'(x) = σ(x)(1 − σ(x))"""
    return statement(Eq(Derivative(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))), variables=ON_R)


@identity(Source(HW3, "Q1(d)", excerpt=r"1 - \frac{(e^x - e^{-x})^2}{(e^x + e^{-x})^2} = 1 - \tanh(x)^2"))
def deriv_tanh():
    """tanh'(x) = 1 − tanh²(x)"""
    return statement(Eq(Derivative(tanh(x), x), 1 - tanh(x) ** 2), variables=ON_R)


@identity(Source(HW3_OTHER, "Q2(r)", excerpt=r"\frac{\partial h_i^s}{\partial h_j^a} = \begin{cases} \frac{1}{1 + \exp(-h_j^a)} & i = j \\ 0 & i \neq j \end{cases}"),
          Source(DEEP_LEARNING, "Section 3.10, eq. (3.37)"))
def deriv_softplus():
    """softplus'(x) = σ(x)"""
    return statement(Eq(Derivative(softplus(x), x), sigmoid(x)), variables=ON_R)


@identity(Source(DEEP_LEARNING, "Section 3.10, from eqs. (3.35)-(3.37)"))
def deriv_log_sigmoid():
    """(ln σ)'(x) = 1 − σ(x)

    From ln σ(x) = −softplus(−x), softplus' = σ and σ(−x) = 1 − σ(x).
    """
    return statement(Eq(Derivative(log(sigmoid(x)), x), 1 - sigmoid(x)), variables=ON_R)


@identity(Source("Hochreiter & Schmidhuber, Long Short-Term Memory, Neural Computation 9(8), 1997",
                 "Section 3.1, after eq. (2): the logistic sigmoid's f′ is at most 0.25"))
def deriv_sigmoid_le_quarter():
    """σ'(x) ≤ ¼ for every real x

    Equality holds only at x = 0: ¼ − σ(1 − σ) = (σ − ½)² ≥ 0. The MLP sheet's vanishing-gradient
    answer (002, 1.3 b) argues only from σ(x) ∈ (0, 1), which bounds σ(1 − σ) by 1, not ¼.
    """
    return statement(Le(Derivative(sigmoid(x), x), S(1) / 4), variables=ON_R)


@identity(Source(HW3, "Q1(e)", excerpt=r"\text{sign}(x) = \mathbf{1}_{x>0} - \mathbf{1}_{x<0}"),
          Source(HW3_OTHER, "Q1(a)", excerpt=r"\text{sign}(x) = \mathbb{1}_{x>0} - \mathbb{1}_{x<0}"))
def sign_eq_indicators():
    """sign(x) = 1{x>0} − 1{x<0}

    Holds at x = 0 too: both sides are 0 there.
    """
    return statement(Eq(sign(x), indicator(x > 0) - indicator(x < 0)), variables=ON_R)


@identity(Source(HW3, "Q1(f)", excerpt=r"\frac{d|x|}{dx} = \text{sign}(x)"))
def deriv_abs():
    """d|x|/dx = sign(x), x ≠ 0

    |x| has a kink at 0 where no derivative exists; the claim excludes it.
    """
    from sympy import Abs

    return statement(Eq(Derivative(Abs(x), x), sign(x)), variables=ON_R, conditions=[Ne(x, 0)])


@identity(Source(HW3, "Q1(g)", excerpt=r"\frac{d \text{rect}(x)}{dx} = \mathbf{1}_{x>0}"),
          Source(HW3_OTHER, "Q1(b)", excerpt=r"\nabla g(x) = H(x)"))
def deriv_relu():
    """d max(0, x)/dx = 1{x>0}, x ≠ 0

    ReLU has a kink at 0 where no derivative exists; the claim excludes it.
    """
    return statement(Eq(Derivative(Max(0, x), x), indicator(x > 0)), variables=ON_R, conditions=[Ne(x, 0)])


@identity(Source(HW3_OTHER, "Q1(c)", excerpt=r"g(x) = x H(x)"))
def relu_eq_mul_heaviside():
    """max(0, x) = x·H(x)

    Holds at x = 0 whatever H(0) is, since the factor x vanishes there.
    """
    return statement(Eq(Max(0, x), x * heaviside(x)), variables=ON_R)


@identity(Source(HW3_OTHER, "Q1(c)", excerpt=r"g(x) = (x+1)^{H(x)} - 1"))
def relu_eq_pow_heaviside():
    """max(0, x) = (x + 1)^{H(x)} − 1

    True for every real x with 0⁰ = 1: for x < 0 the exponent is 0 (even at x = −1 and below,
    where the base is ≤ 0), at x = 0 it is 1^½ − 1 = 0, for x > 0 it is (x + 1) − 1.
    """
    return statement(Eq(Max(0, x), (x + 1) ** heaviside(x) - 1), variables=ON_R)


@identity(Source(HW3, "Q2", excerpt=r"\text{LeakyRELU}_\alpha(x) = \max(x, \alpha x)",
                 relation="the definition in the question"))
def leaky_relu_eq_max_of_lt_one():
    """LeakyReLU_α(x) = max(x, αx) for 0 < α < 1

    Stated for the course's slopes 0 < α < 1 (the sheet asks only that α be below 1). The slope
    must not exceed 1: for x < 0, αx ≥ x exactly when α ≤ 1, and a slope above 1 makes max(x, αx)
    pick the wrong branch on both sides of 0.
    """
    return statement(Eq(leaky_relu(x, alpha), Max(x, alpha * x)), variables={x: REALS, alpha: interval(0, 1)})


@identity(Source(HW3, "Q2(l)", excerpt=r"\text{LeakyReLU}_\alpha'(z) = \begin{cases} 1 & \text{if } z \geq 0 \\ \alpha & \text{otherwise} \end{cases}"))
def deriv_leaky_relu():
    """LeakyReLU_α'(x) = 1 if x > 0, α if x < 0 (x ≠ 0), for every real slope α

    Holds for any real α, the course's 0 < α < 1 included. The kink at 0 is excluded: unless α = 1
    no derivative exists there. The solution's first case is z ≥ 0, which gives the kink a value.
    """
    rhs = Piecewise((1, x > 0), (alpha, True))
    return statement(Eq(Derivative(leaky_relu(x, alpha), x), rhs), variables={x: REALS, alpha: REALS},
                     conditions=[Ne(x, 0)])


@identity(Source(HW3_OTHER, "Q1(d)", excerpt=r"\lim_{k \rightarrow \infty} a(x) = \lim_{k \rightarrow \infty} \left(\frac{1}{1 + e^{-kx}} \right)"))
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


@identity(Source(GELU_PAPER, "Section 2, GELU(x) = xΦ(x)"))
def deriv_gelu():
    """GELU'(x) = Φ(x) + x φ(x) = ½(1 + erf(x/√2)) + x e^{−x²/2}/√(2π)

    GELU(x) = x Φ(x) with Φ the standard normal CDF; the derivative is the product rule with Φ' = φ.
    """
    rhs = (1 + erf(x / sqrt(2))) / 2 + x * exp(-x**2 / 2) / sqrt(2 * pi)
    return statement(Eq(Derivative(gelu(x), x), rhs), variables=ON_R)


@identity(Source(GELU_PAPER, "Section 2, the approximation 0.5x(1 + tanh[√(2/π)(x + 0.044715x³)])"))
def deriv_gelu_tanh():
    """GELU_tanh'(x) = ½(1 + tanh u) + ½ x (1 − tanh² u) √(2/π)(1 + 3·0.044715 x²), u = √(2/π)(x + 0.044715 x³)

    The tanh approximation that BERT and GPT-2 shipped; its derivative in closed form, as a framework's
    backward pass computes it.
    """
    c = S(44715) / 10**6
    u = sqrt(2 / pi) * (x + c * x**3)
    rhs = (1 + tanh(u)) / 2 + x / 2 * (1 - tanh(u) ** 2) * sqrt(2 / pi) * (1 + 3 * c * x**2)
    return statement(Eq(Derivative(gelu_tanh(x), x), rhs), variables=ON_R)


@identity(Source(SILU_PAPER, "the SiLU, z σ(z)"))
def silu_eq_mul_sigmoid():
    """SiLU(x) = x σ(x) (Swish with β = 1)"""
    return statement(Eq(silu(x), x * sigmoid(x)), variables=ON_R)


@identity(Source(SILU_PAPER, "the SiLU's derivative (the dSiLU)"))
def deriv_silu():
    """SiLU'(x) = σ(x)(1 + x(1 − σ(x)))"""
    return statement(Eq(Derivative(silu(x), x), sigmoid(x) * (1 + x * (1 - sigmoid(x)))), variables=ON_R)


@identity(Source(ELU_PAPER, "the ELU and its derivative"))
def deriv_elu():
    """ELU_α'(x) = 1 if x > 0, α eˣ if x < 0 (x ≠ 0, α > 0)

    ELU is continuous at 0 but its one-sided slopes there are 1 and α, so the kink is excluded; only
    α = 1 makes ELU differentiable at 0.
    """
    a = Symbol("alpha", positive=True)
    rhs = Piecewise((1, x > 0), (a * exp(x), True))
    return statement(Eq(Derivative(elu(x, a), x), rhs), variables={x: REALS, a: interval(0, oo)},
                     conditions=[Ne(x, 0)])


@identity(Source(SOFTSIGN_PAPER, "the softsign x/(1 + |x|)"))
def deriv_softsign():
    """softsign'(x) = 1/(1 + |x|)² for every real x, 0 included

    |x| has a kink at 0 but x/(1 + |x|) does not: both one-sided difference quotients at 0 tend to 1,
    so no x ≠ 0 is needed (the prover checks those limits at the kink; see prover/kink_points.py).
    """
    return statement(Eq(Derivative(softsign(x), x), 1 / (1 + Abs(x)) ** 2), variables=ON_R)


@identity(Source(MISH_PAPER, "the definition x tanh(softplus(x))"))
def deriv_mish():
    """Mish'(x) = tanh(softplus(x)) + x σ(x)(1 − tanh²(softplus(x)))

    Chain rule through softplus' = σ and tanh' = 1 − tanh².
    """
    t = tanh(softplus(x))
    return statement(Eq(Derivative(mish(x), x), t + x * sigmoid(x) * (1 - t**2)), variables=ON_R)
