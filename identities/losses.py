"""Losses and norms: binary cross-entropy, squared error, ‖·‖₁, ‖·‖₂², elastic net.

Scalar losses of a logit a are proven like the activations; gradients of norms of x ∈ ℝⁿ and
W ∈ ℝ^{p×q} are stated on a generic entry (∂f/∂x has the shape of x: entry k is ∂f/∂x_k) and
proven for every size by the index-generic strategy. The ℓ₁ norm has a kink where an entry is 0,
so those claims exclude it for the entry differentiated (x_k ≠ 0), which is exactly where the
partial derivative exists; the full gradient needs every entry ≠ 0.

Sources: the second IFT6390 HW3 solution (004) Q2(e)-(g), (k); the first (000) Q1(h), (i), Q2(q);
the MLP sheet (002) 1.2 d.

Tags: binary cross-entropy, logistic loss, convexity, mean squared error, l1, l2, elastic net
"""

from sympy import Abs, Derivative, Eq, Gt, IndexedBase, Ne, Sum, Symbol, log, sign

from derivcheck import REALS, Source, dimension, identity, index, interval, matrix, statement, vector
from derivcheck.functions import sigmoid
from derivcheck.identities import HW3, HW3_OTHER, MLP_SHEET

a = Symbol("a", real=True)
y = Symbol("y", real=True)
lam1 = Symbol("lambda1", real=True)
lam2 = Symbol("lambda2", real=True)
n, p, q = (Symbol(s, integer=True, positive=True) for s in "npq")
i, k, r, c, l = (Symbol(s, integer=True, positive=True) for s in ("i", "k", "r", "c", "l"))
x = IndexedBase("x", real=True)
yhat = IndexedBase("yhat", real=True)
target = IndexedBase("y", real=True)
W = IndexedBase("W", real=True)

LABEL = {a: REALS, y: interval(0, 1, lo_open=False, hi_open=False)}


def bce(a, y):
    """−y log σ(a) − (1 − y) log(1 − σ(a))"""
    return -y * log(sigmoid(a)) - (1 - y) * log(1 - sigmoid(a))


@identity(Source(HW3_OTHER, "Q2(f)", excerpt=r"\boxed{\frac{\partial L_{CE}}{\partial o^a} = \sigma(o^a) - y}"))
def deriv_binary_cross_entropy():
    """d/da [−y log σ(a) − (1−y) log(1−σ(a))] = σ(a) − y"""
    return statement(Eq(Derivative(bce(a, y), a), sigmoid(a) - y), variables=LABEL)


@identity(Source(HW3_OTHER, "Q2(g)", excerpt=r"\frac{\partial^2 L_{CE}}{\partial a^2} = \sigma(a)(1-\sigma(a)) > 0 \quad \forall a \in \mathbb{R}"))
def deriv2_binary_cross_entropy_pos():
    """d²/da² [−y log σ(a) − (1−y) log(1−σ(a))] = σ(a)(1 − σ(a)) > 0: convex in a"""
    second = Derivative(bce(a, y), (a, 2))
    return statement(Eq(second, sigmoid(a) * (1 - sigmoid(a))), Gt(second, 0), variables=LABEL)


@identity(Source(HW3_OTHER, "Q2(e)", excerpt=r"\boxed{\frac{\partial L_{\text{mse}}}{\partial o^a} = 2(\sigma(o^a) - y) \sigma(o^a)(1 - \sigma(o^a))}"))
def deriv_mse_sigmoid():
    """d/da (σ(a) − y)² = 2(σ(a) − y) σ(a)(1 − σ(a))"""
    return statement(Eq(Derivative((sigmoid(a) - y) ** 2, a), 2 * (sigmoid(a) - y) * sigmoid(a) * (1 - sigmoid(a))),
                     variables=LABEL)


@identity(Source(MLP_SHEET, "1.2 d", excerpt=r"(\frac{\partial \ell}{\partial \hat{\mathbf{y}}})_i = 2(\hat{y}_i - y_i)"))
def grad_sq_error():
    """∂/∂ŷ ‖ŷ − y‖² = 2(ŷ − y)"""
    loss = Sum((yhat[i] - target[i]) ** 2, (i, 1, n))
    return statement(Eq(Derivative(loss, yhat[k]), 2 * (yhat[k] - target[k])),
                     variables={n: dimension(), yhat: vector(n), target: vector(n), k: index(n)})


@identity(Source(HW3, "Q1(h)", excerpt=r"\frac{\partial \|\mathbf{x}\|_2^2}{\partial \mathbf{x}} = 2\mathbf{x}"))
def grad_sq_norm():
    """∂‖x‖₂²/∂x = 2x"""
    return statement(Eq(Derivative(Sum(x[i] ** 2, (i, 1, n)), x[k]), 2 * x[k]),
                     variables={n: dimension(), x: vector(n), k: index(n)})


@identity(Source(HW3, "Q1(i)", excerpt=r"\frac{\partial \|\mathbf{x}\|_1}{\partial \mathbf{x}} = \text{sign}(\mathbf{x})"))
def grad_l1_norm():
    """∂‖x‖₁/∂x = sign(x), every x_i ≠ 0

    Stated for entry k, which needs only x_k ≠ 0 (the kink of |x_k|).
    """
    return statement(Eq(Derivative(Sum(Abs(x[i]), (i, 1, n)), x[k]), sign(x[k])),
                     variables={n: dimension(), x: vector(n), k: index(n)}, conditions=[Ne(x[k], 0)])


@identity(Source(HW3, "Q2(q)", excerpt=r"\lambda_{11} \cdot \text{sign}(\mathbf{W}^{(1)}) + 2\lambda_{12} \cdot \mathbf{W}^{(1)}",
                 relation="the penalty alone"),
          Source(HW3_OTHER, "Q2(k)", excerpt=r"\frac{\partial \hat{R}_{reg}(\theta)}{\partial \theta} = \frac{\partial \hat{R}(\theta)}{\partial \theta} + 2\lambda \|\theta\|_2",
                 relation="its L2 term, generalised to the elastic net"))
def grad_elastic_net():
    """∂/∂W [λ₁‖W‖₁ + λ₂‖W‖²_F] = λ₁ sign(W) + 2λ₂ W, W ∈ ℝ^{p×q}, every W_ij ≠ 0

    Stated for entry (k, l), which needs only W_kl ≠ 0; the double sum runs over rows r and
    columns c. With λ₁ = 0 and one column this is ∂(λ‖θ‖²)/∂θ = 2λθ, which solution 004 writes as
    2λ‖θ‖₂ (a number, the norm, in place of the vector 2λθ). Spot-checks draw p and q from 1..16 (up to 256 entries per draw; 64×64 = 4096
    entries made each of the 40 draws take seconds); the proof covers every p, q.
    """
    penalty = lam1 * Sum(Abs(W[r, c]), (r, 1, p), (c, 1, q)) + lam2 * Sum(W[r, c] ** 2, (r, 1, p), (c, 1, q))
    return statement(Eq(Derivative(penalty, W[k, l]), lam1 * sign(W[k, l]) + 2 * lam2 * W[k, l]),
                     variables={p: dimension(sample_hi=16), q: dimension(sample_hi=16), W: matrix(p, q), k: index(p), l: index(q),
                                lam1: REALS, lam2: REALS},
                     conditions=[Ne(W[k, l], 0)])
