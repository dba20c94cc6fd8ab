"""Multilayer perceptrons: parameter counts and a worked backpropagation example with real numbers.

The network of IFT6390 HW3 Q2 (both solutions): hᵃ = W⁽¹⁾x + b⁽¹⁾ (W⁽¹⁾ ∈ ℝ^{d_h×d}), hˢ = g(hᵃ), oᵃ = W⁽²⁾hˢ + b⁽²⁾
(W⁽²⁾ ∈ ℝ^{m×d_h}). Parameter counts are stated as counts of entries (sums over index ranges),
never as the formula against itself. The worked example states, at the homework's numbers, the
value of the loss and of each partial derivative as ``Subs(Derivative(L, p), θ, θ₀)``: the prover
differentiates the exact rational expression, the spot-check takes finite differences of L.

The size-generic gradient claims (∂L/∂W⁽²⁾ = δ(hˢ)ᵀ, ...) are stated entrywise for every d, d_h,
m and proven by the index-generic strategy, for a LeakyReLU_α and a softplus hidden layer where
the proof goes through (ids end in the activation). To add one: build the loss with ``preact``,
``logits``, ``nll`` and the right side with ``delta_out``/``back_hidden``/``back_preact``.

Sources: the two IFT6390 HW3 solutions (000: Q2, LeakyReLU hidden layer, and its CIFAR-10 part;
004: Q2, softplus hidden layer), the AML report (001) Questions 2b-2c, the MLP sheet (002) 1.2-1.4,
and the Neural Networks assignment's worked numbers (003) Question 1.

Tags: mlp, backpropagation, parameter count, relu, worked example, regression
"""

import numpy as np
from sympy import Add, Derivative, Eq, IndexedBase, Integer, Mul, Ne, Piecewise, Rational, Subs, Sum, Symbol, log, sign

from derivcheck import REALS, Source, dimension, identity, index, integers, interval, matrix, statement, vector
from derivcheck.core.claim import Domain, ForEvery
from derivcheck.entries import onehot, softmax
from derivcheck.functions import indicator, leaky_relu, relu, sigmoid, softplus
from derivcheck.identities import AML, HW3, HW3_OTHER, MLP_SHEET, NN_ASSIGNMENT

d, d_h, m = Symbol("d", integer=True), Symbol("d_h", integer=True), Symbol("m", integer=True)
i, j, k = Symbol("i", integer=True), Symbol("j", integer=True), Symbol("k", integer=True)

SIZES = {d: integers(1, sample_hi=30), d_h: integers(1, sample_hi=30), m: integers(1, sample_hi=30)}


def entries(*ranges):
    """The number of entries of a tensor indexed by ``ranges`` (index, size): Σ over them of 1."""
    return Sum(Integer(1), *[(index, 1, size) for index, size in ranges])


def _count_arrays(rng):
    """Count entries of numpy arrays shaped like W⁽¹⁾, b⁽¹⁾, W⁽²⁾, b⁽²⁾ and compare with the formula."""
    tried = 0
    for _ in range(200):
        dd, hh, mm = (int(v) for v in rng.integers(1, 200, 3))
        arrays = [np.empty((hh, dd)), np.empty(hh), np.empty((mm, hh)), np.empty(mm)]
        counted = sum(a.size for a in arrays)
        formula = hh * (dd + 1) + mm * (hh + 1)
        tried += 1
        if counted != formula:
            return tried, dict(counterexample={"d": dd, "d_h": hh, "m": mm}, lhs_value=str(counted),
                               rhs_value=str(formula), part=0)
    return tried, None


@identity(Source(HW3, "Q2(e)", excerpt=r"n_\theta = d_h(d+1) + m(d_h+1)"),
          Source(HW3_OTHER, "Q2(i)", excerpt=r"\text{Total scalar parameter } n_\theta = d_h(d+1) + m(d_h+1)"))
def mlp_num_params():
    """n_θ = d_h(d + 1) + m(d_h + 1): the entries of W⁽¹⁾, b⁽¹⁾, W⁽²⁾, b⁽²⁾

    Left side: Σ_{j≤d_h} Σ_{i≤d} 1 (W⁽¹⁾) + Σ_{j≤d_h} 1 (b⁽¹⁾) + Σ_{k≤m} Σ_{j≤d_h} 1 (W⁽²⁾) + Σ_{k≤m} 1
    (b⁽²⁾), for all sizes d, d_h, m ≥ 1. The extra check counts entries of numpy arrays of those shapes.
    """
    count = entries((j, d_h), (i, d)) + entries((j, d_h)) + entries((k, m), (j, d_h)) + entries((k, m))
    return statement(Eq(count, d_h * (d + 1) + m * (d_h + 1)), variables=SIZES, extra_check=_count_arrays)


CIFAR_LAYERS = (3072, 512, 256, 10)


def _count_cifar(rng):
    """Entries of numpy arrays shaped like the weights and biases of each layer."""
    shapes = []
    for fan_in, fan_out in zip(CIFAR_LAYERS, CIFAR_LAYERS[1:]):
        shapes += [(fan_out, fan_in), (fan_out,)]
    counted = sum(int(np.prod(s)) for s in shapes)
    if counted != 1_707_274:
        return 1, dict(counterexample={}, lhs_value=str(counted), rhs_value="1707274", part=0)
    return 1, None


@identity(Source(HW3, "1.2 3 (CIFAR-10)", excerpt=r"Tot_{par} = 1,707,264"))
def mlp_num_params_cifar():
    """The 3072–512–256–10 MLP has 3072·512 + 512 + 512·256 + 256 + 256·10 + 10 = 1,707,274 parameters

    The solution lists the six counts right (1,572,864; 512; 131,072; 256; 2,560; 10) and writes
    their total as 1,707,264, ten short of their sum.
    """
    layers = []
    for fan_in, fan_out in zip(CIFAR_LAYERS, CIFAR_LAYERS[1:]):
        layers += [Mul(Integer(fan_in), Integer(fan_out), evaluate=False), Integer(fan_out)]
    return statement(Eq(Add(*layers, evaluate=False), Integer(1_707_274), evaluate=False), variables={},
                     extra_check=_count_cifar)


# --- the worked example: a 2–3–1 ReLU regression network on four points -----------------------

def _q(text: str) -> Rational:
    return Rational(text)


WORKED_X = [(_q("0.6"), _q("-1.0")), (_q("0.8"), _q("-1.0")), (_q("-0.4"), _q("0.9")), (_q("0.2"), _q("0.0"))]
WORKED_T = [_q("-0.8"), _q("-0.1"), _q("0.9"), _q("0.7")]
WORKED_W1 = [[_q("-0.8"), _q("-0.7"), _q("0.6")], [_q("-1.0"), _q("0.5"), _q("-1.0")]]  # 2×3, used as x W⁽¹⁾
WORKED_B1 = [_q("-0.2"), _q("-1.0"), _q("-0.7")]
WORKED_W2 = [_q("0.1"), _q("-1.0"), _q("0.5")]
WORKED_B2 = _q("-0.7")

W1 = [[Symbol(f"W1_{r}{c}", real=True) for c in (1, 2, 3)] for r in (1, 2)]
B1 = [Symbol(f"b1_{c}", real=True) for c in (1, 2, 3)]
W2 = [Symbol(f"w2_{c}", real=True) for c in (1, 2, 3)]
B2 = Symbol("b2", real=True)
PARAMETERS = [*W1[0], *W1[1], *B1, *W2, B2]
AT = [*WORKED_W1[0], *WORKED_W1[1], *WORKED_B1, *WORKED_W2, WORKED_B2]


def worked_loss():
    """L = ½ Σ_k (y_k − t_k)², y_k = w⁽²⁾·relu(x_k W⁽¹⁾ + b⁽¹⁾) + b⁽²⁾, in the parameter symbols."""
    total = 0
    for x, t in zip(WORKED_X, WORKED_T):
        hidden = [relu(x[0] * W1[0][c] + x[1] * W1[1][c] + B1[c]) for c in range(3)]
        y = sum(W2[c] * hidden[c] for c in range(3)) + B2
        total += (y - t) ** 2
    return total / 2


# The homework's numbers, as written (decimals). Every one turned out to be the exact value.
HOMEWORK = {
    "L": "2.38554",
    B2: "-2.732",
    B1[0]: "0.0268", B1[1]: "0", B1[2]: "0.134",
    W2[0]: "0.1168", W2[1]: "0", W2[2]: "0.1536",
    W1[0][0]: "0.0122", W1[0][1]: "0", W1[0][2]: "0.061",
    W1[1][0]: "-0.0268", W1[1][1]: "0", W1[1][2]: "-0.134",
}


def at_homework_point(expr):
    """``expr`` evaluated at the homework's parameters, kept unevaluated as Subs(expr, θ, θ₀)."""
    return Subs(expr, PARAMETERS, AT)


def worked_relations(values=HOMEWORK):
    """L = value and ∂L/∂p = value at the homework's point, one relation per entry of ``values``."""
    loss = worked_loss()
    relations = []
    for what, written in values.items():
        target = at_homework_point(loss if what == "L" else Derivative(loss, what))
        relations.append(Eq(target, Rational(written)))
    return relations


@identity(Source(NN_ASSIGNMENT, "Question 1", excerpt=r"The gradient of L wrt W1 is [[ 0.0122 0. 0.061 ] [-0.0268 0. -0.134 ]]"))
def worked_regression_relu():
    """The homework's L = 2.38554 and its 13 partial derivatives are exactly right

    x rows (0.6, −1.0), (0.8, −1.0), (−0.4, 0.9), (0.2, 0.0); t = (−0.8, −0.1, 0.9, 0.7);
    W⁽¹⁾ = [[−0.8, −0.7, 0.6], [−1.0, 0.5, −1.0]]; b⁽¹⁾ = (−0.2, −1.0, −0.7); w⁽²⁾ = (0.1, −1.0, 0.5);
    b⁽²⁾ = −0.7. Every value is computed exactly with rationals; each written decimal (L = 2.38554,
    ∂L/∂b⁽²⁾ = −2.732, ∂L/∂b⁽¹⁾ = (0.0268, 0, 0.134), ∂L/∂w⁽²⁾ = (0.1168, 0, 0.1536),
    ∂L/∂W⁽¹⁾ = [[0.0122, 0, 0.061], [−0.0268, 0, −0.134]]) equals its exact value, none is rounded.
    Hidden unit 2 is inactive on all four points (pre-activations −1.92, −2.06, −0.27, −1.14), hence
    its zeros; no pre-activation is 0, so every derivative exists at this point. The solution prints
    the 13 derivatives (rounded to 5 places by its code); L itself it leaves in a code comment.
    """
    return statement(*worked_relations(), variables={})


# --- gradients of the network, for every size d, d_h, m ------------------------------------------
#
# Stated on a generic entry (∂L/∂W⁽²⁾ has the shape of W⁽²⁾: entry (c, k) is ∂L/∂W⁽²⁾_ck) and proven
# by the index-generic strategy: differentiate, collapse Σ_j δ_jk a_j = a_k, abstract what remains
# (Σ_q e^{oᵃ_q} = Z). The left side is always the derivative of the *undifferentiated* loss, so
# the spot-check takes finite differences of the loss itself. Spot-checks draw sizes up to 4 and
# entries in [−2, 2] (e^{oᵃ} overflows float64 long before the sizes get large); the proof
# covers every size and every real entry.

POS = dict(integer=True, positive=True)
sz_d, sz_h, sz_m = Symbol("d", **POS), Symbol("d_h", **POS), Symbol("m", **POS)
ii, jj, cc, qq, kk, ll, nn = (Symbol(s, **POS) for s in ("i", "j", "c", "q", "k", "l", "n"))
label = Symbol("y", **POS)
alpha = Symbol("alpha", real=True)
lam11, lam12, lam21, lam22 = (Symbol(f"lambda{s}", real=True) for s in ("11", "12", "21", "22"))
x_in = IndexedBase("x", real=True)
W_1, b_1 = IndexedBase("W1", real=True), IndexedBase("b1", real=True)
W_2, b_2 = IndexedBase("W2", real=True), IndexedBase("b2", real=True)
o_a, h_s, h_a = IndexedBase("o", real=True), IndexedBase("h", real=True), IndexedBase("a", real=True)

ENTRY = Domain(sample_hi=2)  # any real; spot-checks draw weights and inputs from [−2, 2]
SIZE = dimension(sample_hi=4)
# ∂L/∂x rebuilds δ for every hidden unit: its numeric check draws sizes ≤ 3 (half the time of ≤ 4,
# ~20 s → ~11 s measured under load); d = d_h = m = 3 still separates W⁽¹⁾ from (W⁽¹⁾)ᵀ.
SMALLER_SIZE = dimension(sample_hi=3)


class Activation:
    """A hidden activation g with its derivative g' written *independently* (not SymPy's diff of g)."""

    def __init__(self, name, g, g_prime, kinked):
        self.name, self.g, self.g_prime, self.kinked = name, g, g_prime, kinked


LEAKY_RELU = Activation("leaky_relu", lambda z: leaky_relu(z, alpha), lambda z: Piecewise((1, z > 0), (alpha, True)), True)
SOFTPLUS = Activation("softplus", softplus, sigmoid, False)
ACTIVATIONS = (LEAKY_RELU, SOFTPLUS)


def preact(r, x=None):
    """hᵃ_r = Σ_i W⁽¹⁾_ri x_i + b⁽¹⁾_r; ``x`` maps i to x_i (default: the input vector x)"""
    x = x or (lambda i: x_in[i])
    return Sum(W_1[r, ii] * x(ii), (ii, 1, sz_d)) + b_1[r]


def logits(hidden, r):
    """oᵃ_r = Σ_j W⁽²⁾_rj hˢ_j + b⁽²⁾_r for a hidden layer given entrywise"""
    return Sum(W_2[r, jj] * hidden(jj), (jj, 1, sz_h)) + b_2[r]


def network_logits(act, x=None):
    return lambda r: logits(lambda j: act.g(preact(j, x)), r)


def nll(out, y):
    """L = −log softmax(oᵃ)_y"""
    return -log(softmax(out, y, sz_m, over=qq))


def delta_out(out, r, y=label):
    """δ_r = softmax(oᵃ)_r − onehot(y)_r"""
    return softmax(out, r, sz_m, over=qq) - onehot(y, r)


def back_hidden(out, r, y=label):
    """((W⁽²⁾)ᵀ δ)_r = Σ_c W⁽²⁾_cr δ_c"""
    return Sum(W_2[cc, r] * delta_out(out, cc, y), (cc, 1, sz_m))


def back_preact(act, r, x=None, y=label):
    """(∂L/∂hᵃ)_r = g'(hᵃ_r) ((W⁽²⁾)ᵀ δ)_r for the example (x, y)"""
    return act.g_prime(preact(r, x)) * back_hidden(network_logits(act, x), r, y)


def network_variables(act, indices):
    variables = {sz_d: SIZE, sz_h: SIZE, sz_m: SIZE, x_in: vector(sz_d, of=ENTRY), W_1: matrix(sz_h, sz_d, of=ENTRY),
                 b_1: vector(sz_h, of=ENTRY), W_2: matrix(sz_m, sz_h, of=ENTRY), b_2: vector(sz_m, of=ENTRY),
                 label: index(sz_m), **indices}
    if act.kinked:
        variables[alpha] = interval(0, 1)
    return variables


@identity(Source(HW3, "Q2(g)", excerpt=r"\frac{\partial L}{\partial \mathbf{o}^a} = \mathbf{o}^s(\mathbf{x}) - \text{onehot}_m(y)"),
          Source(HW3_OTHER, "Q2(l)", excerpt=r"\frac{\partial L}{\partial o^a} = o^s - \text{onehot}_m(y)"))
def mlp_grad_logits():
    """∂L/∂oᵃ = δ = softmax(oᵃ) − onehot(y), L = −log softmax(oᵃ)_y

    Entry k, for every number of classes m; the loss is taken as a function of the logits oᵃ.
    """
    out = lambda r: o_a[r]  # noqa: E731
    return statement(Eq(Derivative(nll(out, label), o_a[kk]), delta_out(out, kk)),
                     variables={sz_m: SIZE, o_a: vector(sz_m, of=ENTRY), label: index(sz_m), kk: index(sz_m)})


@identity(Source(HW3, "Q2(j)", excerpt=r"= \sum_{k=1}^m \frac{\partial L}{\partial \mathbf{o}_k^a} \mathbf{W}_{kj}^{(2)}"),
          Source(HW3, "Q2(k)", excerpt=r"\frac{\partial L}{\partial \mathbf{h}^s} = \mathbf{W}^{(2)T} \frac{\partial L}{\partial \mathbf{o}^a}"),
          Source(HW3_OTHER, "Q2(o)", excerpt=r"\frac{\partial L}{\partial h_j^s} = \sum_{k=1}^m o_{k \neq y}^s w_{kj}^{(2)} + (o_y^s - 1) w_{yj}^{(2)}"))
def mlp_grad_hidden():
    """∂L/∂hˢ = (W⁽²⁾)ᵀ δ, L = −log softmax(W⁽²⁾hˢ + b⁽²⁾)_y

    Entry k = Σ_c W⁽²⁾_ck δ_c: the transpose contracts the *row* index c of W⁽²⁾. Solution 004 writes
    the chain rule as a quotient, Σ_k (∂L/∂oᵃ_k)/(∂oᵃ_k/∂hˢ_j), before the right product.
    """
    out = lambda r: logits(lambda j: h_s[j], r)  # noqa: E731
    return statement(Eq(Derivative(nll(out, label), h_s[kk]), back_hidden(out, kk)),
                     variables={sz_h: SIZE, sz_m: SIZE, h_s: vector(sz_h, of=ENTRY), W_2: matrix(sz_m, sz_h, of=ENTRY),
                                b_2: vector(sz_m, of=ENTRY), label: index(sz_m), kk: index(sz_h)})


def _grad_W2(act):
    out = network_logits(act)
    hidden = act.g(preact(kk))
    return statement(Eq(Derivative(nll(out, label), W_2[cc, kk]), delta_out(out, cc) * hidden),
                     variables=network_variables(act, {cc: index(sz_m), kk: index(sz_h)}))


def _grad_b2(act):
    out = network_logits(act)
    return statement(Eq(Derivative(nll(out, label), b_2[cc]), delta_out(out, cc)),
                     variables=network_variables(act, {cc: index(sz_m)}))


def _grad_preact(act):
    out = lambda r: logits(lambda j: act.g(h_a[j]), r)  # noqa: E731
    rhs = act.g_prime(h_a[kk]) * back_hidden(out, kk)
    variables = {sz_h: SIZE, sz_m: SIZE, h_a: vector(sz_h, of=ENTRY), W_2: matrix(sz_m, sz_h, of=ENTRY),
                 b_2: vector(sz_m, of=ENTRY), label: index(sz_m), kk: index(sz_h)}
    if act.kinked:
        variables[alpha] = interval(0, 1)
    return statement(Eq(Derivative(nll(out, label), h_a[kk]), rhs), variables=variables,
                     conditions=[Ne(h_a[kk], 0)] if act.kinked else [])


def _grad_W1(act):
    out = network_logits(act)
    return statement(Eq(Derivative(nll(out, label), W_1[kk, ll]), back_preact(act, kk) * x_in[ll]),
                     variables=network_variables(act, {kk: index(sz_h), ll: index(sz_d)}),
                     conditions=[Ne(preact(kk), 0)] if act.kinked else [])


def _grad_b1(act):
    out = network_logits(act)
    return statement(Eq(Derivative(nll(out, label), b_1[kk]), back_preact(act, kk)),
                     variables=network_variables(act, {kk: index(sz_h)}),
                     conditions=[Ne(preact(kk), 0)] if act.kinked else [])


def input_gradient(act, r):
    """(∂L/∂x)_r = ((W⁽¹⁾)ᵀ ∂L/∂hᵃ)_r = Σ_j W⁽¹⁾_jr (∂L/∂hᵃ)_j"""
    return Sum(W_1[jj, r] * back_preact(act, jj), (jj, 1, sz_h))


@identity(Source(HW3, "Q2(h)", excerpt=r"= \frac{\partial L}{\partial \mathbf{o}_k^a} \mathbf{h}_j^s"),
          Source(HW3, "Q2(i)", excerpt=r"\frac{\partial L}{\partial \mathbf{W}^{(2)}} = \frac{\partial L}{\partial \mathbf{o}^a} (\mathbf{h}^s)^T"))
def mlp_grad_w2_leaky_relu():
    """∂L/∂W⁽²⁾ = δ (hˢ)ᵀ, hˢ = LeakyReLU_α(hᵃ), 0 < α < 1

    Entry (c, k) = δ_c hˢ_k. W⁽²⁾ sits after the activation, so no kink is crossed: holds at every hᵃ.
    """
    return _grad_W2(LEAKY_RELU)


@identity(Source(HW3_OTHER, "Q2(m)", excerpt=r"\frac{\partial L}{\partial w_{kj}^{(2)}} = \begin{cases} (o_k^s - 1) h_j^s & ; k = y \\ o_k^s h_j^s & ; k \neq y \end{cases}"),
          Source(HW3_OTHER, "Q2(n)", excerpt=r"\boxed{\frac{\partial L}{\partial w^{(2)}} = \left(o^s - \text{onehot}_m(y) \right)_{m \times 1} h^s_{1 \times m}^T}"))
def mlp_grad_w2_softplus():
    """∂L/∂W⁽²⁾ = δ (hˢ)ᵀ, hˢ = softplus(hᵃ)

    Entry (c, k) = δ_c hˢ_k.
    """
    return _grad_W2(SOFTPLUS)


@identity(Source(HW3, "Q2(h)", excerpt=r"\frac{\partial (W_k^{(2)} \mathbf{h}^s + \mathbf{b}_k^{(2)})}{\partial \mathbf{b}_k^{(2)}} = \frac{\partial L}{\partial \mathbf{o}_k^a}"),
          Source(HW3, "Q2(i)", excerpt=r"\frac{\partial L}{\partial \mathbf{b}^{(2)}} = \frac{\partial L}{\partial \mathbf{o}^a}"))
def mlp_grad_b2_leaky_relu():
    """∂L/∂b⁽²⁾ = δ, hˢ = LeakyReLU_α(hᵃ), 0 < α < 1

    Entry c = δ_c; no kink is crossed.
    """
    return _grad_b2(LEAKY_RELU)


@identity(Source(HW3_OTHER, "Q2(m)", excerpt=r"\frac{\partial L}{\partial b_k^{(2)}} = \begin{cases} (o_k^s - 1) & k = y \\ o_k^s & k \neq y \end{cases}"),
          Source(HW3_OTHER, "Q2(n)", excerpt=r"\frac{\partial L}{\partial b^2} = \left(o^s - \text{onehot}_m(y) \right)^T I_{m \times m}"))
def mlp_grad_b2_softplus():
    """∂L/∂b⁽²⁾ = δ, hˢ = softplus(hᵃ)"""
    return _grad_b2(SOFTPLUS)



@identity(Source(HW3_OTHER, "Q2(r)", excerpt=r"\frac{\partial L}{\partial h^a} = \left(o^s - \text{onehot}_m(y) \right)^T_{1 \times d_h} W^{(2)}_{m \times d_h} \text{diag}(H)_{d_h \times d_h}"))
def mlp_grad_preact_softplus():
    """∂L/∂hᵃ = σ(hᵃ) ⊙ (W⁽²⁾)ᵀ δ, g = softplus (g' = σ)

    Entry k, the loss taken as a function of hᵃ.
    """
    return _grad_preact(SOFTPLUS)



@identity(Source(HW3, "Q2(o)", excerpt=r"\frac{\partial L}{\partial \mathbf{W}^{(1)}} = \frac{\partial L}{\partial \mathbf{h}^a} \otimes \mathbf{x} = \frac{\partial L}{\partial \mathbf{h}^a} (\mathbf{x})^T", relation="with a softplus hidden layer"))
def mlp_grad_w1_softplus():
    """∂L/∂W⁽¹⁾ = (∂L/∂hᵃ) xᵀ, g = softplus

    Entry (k, l) = σ(hᵃ_k) ((W⁽²⁾)ᵀ δ)_k x_l through the whole network.
    """
    return _grad_W1(SOFTPLUS)



@identity(Source(HW3, "Q2(o)", excerpt=r"\frac{\partial L}{\partial \mathbf{b}^{(1)}} = \frac{\partial L}{\partial \mathbf{h}^a}", relation="with a softplus hidden layer"))
def mlp_grad_b1_softplus():
    """∂L/∂b⁽¹⁾ = ∂L/∂hᵃ, g = softplus"""
    return _grad_b1(SOFTPLUS)



def _penalty():
    """λ₁₁‖W⁽¹⁾‖₁ + λ₁₂‖W⁽¹⁾‖²_F + λ₂₁‖W⁽²⁾‖₁ + λ₂₂‖W⁽²⁾‖²_F"""
    r, s = Symbol("r", **POS), Symbol("s", **POS)
    first = lam11 * Sum(abs(W_1[r, s]), (r, 1, sz_h), (s, 1, sz_d)) + lam12 * Sum(W_1[r, s] ** 2, (r, 1, sz_h), (s, 1, sz_d))
    second = lam21 * Sum(abs(W_2[r, s]), (r, 1, sz_m), (s, 1, sz_h)) + lam22 * Sum(W_2[r, s] ** 2, (r, 1, sz_m), (s, 1, sz_h))
    return first + second


@identity(Source(HW3, "Q2(q)", excerpt=r"\lambda_{11} \cdot \text{sign}(\mathbf{W}^{(1)}) + 2\lambda_{12} \cdot \mathbf{W}^{(1)}", relation="with a softplus hidden layer"),
          Source(AML, "Question 2c", excerpt=r"\frac{\partial \left[ \lambda \left( \|W^{(1)}\|_{2}^{2} + \|W^{(2)}\|_{2}^{2} \right) \right]}{\partial W^{(1)}} = 2\lambda W^{(1)}", relation="its L2 penalty, generalised to the elastic net"))
def mlp_grad_reg_elastic_net():
    """With the elastic-net penalty, ∂/∂W⁽¹⁾ gains λ₁₁ sign(W⁽¹⁾) + 2λ₁₂ W⁽¹⁾; b⁽¹⁾ gains nothing

    Penalty λ₁₁‖W⁽¹⁾‖₁ + λ₁₂‖W⁽¹⁾‖²_F + λ₂₁‖W⁽²⁾‖₁ + λ₂₂‖W⁽²⁾‖²_F on the softplus network; entry
    (k, l) of the W⁽¹⁾ gradient needs W⁽¹⁾_kl ≠ 0 (the kink of |W⁽¹⁾_kl|). Stated for W⁽¹⁾ and
    b⁽¹⁾ only (W⁽²⁾, b⁽²⁾ are the same argument; see the issue-4b note).
    """
    act = SOFTPLUS
    out = network_logits(act)
    loss = nll(out, label) + _penalty()
    grad_w1 = back_preact(act, kk) * x_in[ll] + lam11 * sign(W_1[kk, ll]) + 2 * lam12 * W_1[kk, ll]
    variables = network_variables(act, {kk: index(sz_h), ll: index(sz_d)})
    variables.update({lam: REALS for lam in (lam11, lam12, lam21, lam22)})
    return statement(Eq(Derivative(loss, W_1[kk, ll]), grad_w1), Eq(Derivative(loss, b_1[kk]), back_preact(act, kk)),
                     variables=variables, conditions=[Ne(W_1[kk, ll], 0)])



@identity(Source(HW3, "Q2(q)", excerpt=r"\lambda_{21} \cdot \text{sign}(\mathbf{W}^{(2)}) + 2\lambda_{22} \cdot \mathbf{W}^{(2)}", relation="with a softplus hidden layer"),
          Source(AML, "Question 2b", excerpt=r"\frac{\partial \left[ \lambda \left( \left\| W^{(1)} \right\|_{2}^{2} + \left\| W^{(2)} \right\|_{2}^{2} \right) \right]}{\partial W^{(2)}} = 2\lambda W^{(1)}", relation="its L2 penalty, generalised to the elastic net"))
def mlp_grad_reg_elastic_net_w2():
    """With the elastic-net penalty, ∂/∂W⁽²⁾ gains λ₂₁ sign(W⁽²⁾) + 2λ₂₂ W⁽²⁾; b⁽²⁾ gains nothing

    The same penalised softplus network as ``mlp_grad_reg_elastic_net``; entry (c, k) of the W⁽²⁾
    gradient is δ_c hˢ_k + λ₂₁ sign(W⁽²⁾_ck) + 2λ₂₂ W⁽²⁾_ck and needs W⁽²⁾_ck ≠ 0 (the kink of
    |W⁽²⁾_ck|); the W⁽¹⁾ terms of the penalty do not depend on W⁽²⁾ and drop out. The AML report
    differentiates λ(‖W⁽¹⁾‖² + ‖W⁽²⁾‖²) by W⁽²⁾ and writes 2λW⁽¹⁾ (its next line uses the right 2λW⁽²⁾).
    """
    act = SOFTPLUS
    out = network_logits(act)
    loss = nll(out, label) + _penalty()
    grad_w2 = delta_out(out, cc) * act.g(preact(kk)) + lam21 * sign(W_2[cc, kk]) + 2 * lam22 * W_2[cc, kk]
    variables = network_variables(act, {cc: index(sz_m), kk: index(sz_h)})
    variables.update({lam: REALS for lam in (lam11, lam12, lam21, lam22)})
    return statement(Eq(Derivative(loss, W_2[cc, kk]), grad_w2), Eq(Derivative(loss, b_2[cc]), delta_out(out, cc)),
                     variables=variables, conditions=[Ne(W_2[cc, kk], 0)])


@identity(Source(MLP_SHEET, "1.4 3", excerpt=r"\mathbf{W}^{(2)}\mathbf{W}^{(1)}\mathbf{x}", relation="with the biases"))
def linear_layers_collapse():
    """W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂): two linear layers are one

    Entry c: Σ_j W₂_cj (Σ_i W₁_ji x_i + b₁_j) + b₂_c = Σ_i (Σ_j W₂_cj W₁_ji) x_i + (Σ_j W₂_cj b₁_j + b₂_c),
    for every d, d_h, m (the proof swaps the finite sums Σ_j Σ_i = Σ_i Σ_j). The MLP sheet drops the
    biases and says W⁽²⁾W⁽¹⁾x lies in ℝ^{k×n}; it is a vector of ℝ^k.
    """
    product = Sum(Sum(W_2[cc, jj] * W_1[jj, ii], (jj, 1, sz_h)) * x_in[ii], (ii, 1, sz_d))
    lhs = logits(preact, cc)
    rhs = product + (Sum(W_2[cc, jj] * b_1[jj], (jj, 1, sz_h)) + b_2[cc])
    variables = network_variables(SOFTPLUS, {cc: index(sz_m)})
    del variables[label]
    return statement(Eq(lhs, rhs), variables=variables)


# --- kinked hidden layers: LeakyReLU_α and ReLU, every kink the derivative crosses excluded --------
#
# A derivative through g = LeakyReLU/ReLU exists only off g's kink. ∂/∂W⁽¹⁾_kl and ∂/∂b⁽¹⁾_k cross
# only unit k's kink (hᵃ_k ≠ 0); ∂/∂x_l crosses every unit's kink (hᵃ_j ≠ 0 for every j, a
# ``ForEvery`` condition). The prover checks which kinks each derivative reaches (derivcheck.prover.kinks);
# the spot-check samples only points off those kinks, and the scope says so.


unit = Symbol("u", **POS)  # the unit index of a "for every unit" condition


def every_unit_off_kink():
    """hᵃ_u ≠ 0 for every hidden unit u = 1..d_h"""
    return ForEvery(Ne(preact(unit), 0), (unit, 1, sz_h))


@identity(Source(HW3, "Q2(l)", excerpt=r"= \begin{cases} \frac{\partial L}{\partial \mathbf{h}_j^s} & \text{if } \mathbf{h}_j^a \geq 0 \\ \frac{\partial L}{\partial \mathbf{h}_j^s} \cdot \alpha & \text{otherwise} \end{cases}"),
          Source(HW3, "Q2(m)", excerpt=r"\frac{\partial L}{\partial \mathbf{h}^a} = \begin{cases} \frac{\partial L}{\partial \mathbf{h}^s} * 1 & \text{if } \mathbf{h}^a \geq 0 \\ \frac{\partial L}{\partial \mathbf{h}^s} * \alpha & \text{otherwise} \end{cases}"))
def mlp_grad_preact_leaky_relu():
    """∂L/∂hᵃ = g'(hᵃ) ⊙ (W⁽²⁾)ᵀ δ, g = LeakyReLU_α (g' = 1 for hᵃ_k > 0, α for hᵃ_k < 0), hᵃ_k ≠ 0

    Entry k, the loss taken as a function of hᵃ; only unit k's kink is crossed, so only hᵃ_k ≠ 0 is
    excluded. The solution writes ∂hˢ_j/∂hᵃ_j as the quotient LeakyReLU_α(z)/hᵃ_j and puts the
    kink in the first case (hᵃ_j ≥ 0).
    """
    return _grad_preact(LEAKY_RELU)


@identity(Source(HW3, "Q2(n)", excerpt=r"= \frac{\partial L}{\partial \mathbf{h}_k^a} \mathbf{x}_j"),
          Source(HW3, "Q2(o)", excerpt=r"\frac{\partial L}{\partial \mathbf{W}^{(1)}} = \frac{\partial L}{\partial \mathbf{h}^a} \otimes \mathbf{x} = \frac{\partial L}{\partial \mathbf{h}^a} (\mathbf{x})^T"))
def mlp_grad_w1_leaky_relu():
    """∂L/∂W⁽¹⁾ = (∂L/∂hᵃ) xᵀ, g = LeakyReLU_α, hᵃ_k ≠ 0

    Entry (k, l) = g'(hᵃ_k) ((W⁽²⁾)ᵀ δ)_k x_l through the whole network; W⁽¹⁾_kl enters only unit k,
    so only its kink hᵃ_k = Σ_i W⁽¹⁾_ki x_i + b⁽¹⁾_k = 0 is excluded. The solution's matrix form is
    right but gives ∂L/∂W⁽¹⁾ the shape d_h × d_h and x the length d_h (they are d_h × d and d).
    """
    return _grad_W1(LEAKY_RELU)


@identity(Source(HW3, "Q2(n)", excerpt=r"\frac{\partial (W_k^{(1)} \mathbf{x} + \mathbf{b}_k^{(1)})}{\partial \mathbf{b}_k^{(1)}} = \frac{\partial L}{\partial \mathbf{h}_k^a}"),
          Source(HW3, "Q2(o)", excerpt=r"\frac{\partial L}{\partial \mathbf{b}^{(1)}} = \frac{\partial L}{\partial \mathbf{h}^a}"))
def mlp_grad_b1_leaky_relu():
    """∂L/∂b⁽¹⁾ = ∂L/∂hᵃ, g = LeakyReLU_α, hᵃ_k ≠ 0

    Entry k = g'(hᵃ_k) ((W⁽²⁾)ᵀ δ)_k through the whole network; only unit k's kink is excluded.
    """
    return _grad_b1(LEAKY_RELU)


@identity(Source(HW3, "Q2(p)", excerpt=r"\frac{\partial L}{\partial \mathbf{x}} = (\mathbf{W}^{(1)})^T \frac{\partial L}{\partial \mathbf{h}^a}"))
def mlp_grad_input_leaky_relu():
    """∂L/∂x = (W⁽¹⁾)ᵀ ∂L/∂hᵃ, g = LeakyReLU_α, hᵃ_u ≠ 0 for every unit u

    Entry l = Σ_j W⁽¹⁾_jl g'(hᵃ_j) ((W⁽²⁾)ᵀ δ)_j: x_l enters every hidden unit, so every unit's kink
    is excluded (a condition over all u = 1..d_h). Proven for every size; spot-checked at sizes ≤ 3.
    """
    act = LEAKY_RELU
    variables = network_variables(act, {ll: index(sz_d)})
    variables.update({size: SMALLER_SIZE for size in (sz_d, sz_h, sz_m)})
    return statement(Eq(Derivative(nll(network_logits(act), label), x_in[ll]), input_gradient(act, ll)),
                     variables=variables, conditions=[every_unit_off_kink()])


@identity(Source(HW3, "Q2(p)", excerpt=r"\frac{\partial L}{\partial \mathbf{x}} = (\mathbf{W}^{(1)})^T \frac{\partial L}{\partial \mathbf{h}^a}", relation="with a softplus hidden layer"))
def mlp_grad_input_softplus():
    """∂L/∂x = (W⁽¹⁾)ᵀ ∂L/∂hᵃ, g = softplus

    Entry l = Σ_j W⁽¹⁾_jl σ(hᵃ_j) ((W⁽²⁾)ᵀ δ)_j: x_l enters every hidden unit, so the sum runs over
    all of them. The derivative of softplus arrives as e^u/(1 + e^u) and is folded to σ(u) before
    the sums are compared. Proven for every size; spot-checked at sizes ≤ 3.
    """
    act = SOFTPLUS
    variables = network_variables(act, {ll: index(sz_d)})
    variables.update({size: SMALLER_SIZE for size in (sz_d, sz_h, sz_m)})
    return statement(Eq(Derivative(nll(network_logits(act), label), x_in[ll]), input_gradient(act, ll)),
                     variables=variables)


# --- the empirical risk over a batch: every gradient is the mean of the per-example gradients -------

n_examples = Symbol("N", **POS)
example = Symbol("n", **POS)  # the summed example index
every = Symbol("e", **POS)  # the example index of a "for every example" condition
X_batch = IndexedBase("X", real=True)  # row n is the input x_n ∈ ℝ^d
Y_batch = IndexedBase("Y", integer=True)  # Y_n ∈ {1..m} is the label of example n


def row(n):
    """x_n as an entry function: i ↦ X_ni"""
    return lambda i: X_batch[n, i]


def _batch_mean(act, layer):
    """R = (1/N) Σ_n L(x_n, y_n) differentiated by the parameters of ``layer`` (W⁽ˡ⁾ and b⁽ˡ⁾), each
    against (1/N) Σ_n of its per-example gradient; through a kinked g, layer 1 excludes hᵃ_k(x_n) = 0
    for every example n."""
    risk = Sum(nll(network_logits(act, row(example)), Y_batch[example]), (example, 1, n_examples)) / n_examples

    def mean(per_example):
        return Sum(per_example(example), (example, 1, n_examples)) / n_examples

    delta = lambda n, r: delta_out(network_logits(act, row(n)), r, Y_batch[n])  # noqa: E731
    back = lambda n: back_preact(act, kk, row(n), Y_batch[n])  # noqa: E731
    if layer == 2:
        relations = [Eq(Derivative(risk, W_2[cc, kk]), mean(lambda n: delta(n, cc) * act.g(preact(kk, row(n))))),
                     Eq(Derivative(risk, b_2[cc]), mean(lambda n: delta(n, cc)))]
        indices = {cc: index(sz_m), kk: index(sz_h)}
    else:
        relations = [Eq(Derivative(risk, W_1[kk, ll]), mean(lambda n: back(n) * X_batch[n, ll])),
                     Eq(Derivative(risk, b_1[kk]), mean(back))]
        indices = {kk: index(sz_h), ll: index(sz_d)}
    variables = {n_examples: SMALLER_SIZE, sz_d: SMALLER_SIZE, sz_h: SMALLER_SIZE, sz_m: SMALLER_SIZE,
                 X_batch: matrix(n_examples, sz_d, of=ENTRY), W_1: matrix(sz_h, sz_d, of=ENTRY), b_1: vector(sz_h, of=ENTRY),
                 W_2: matrix(sz_m, sz_h, of=ENTRY), b_2: vector(sz_m, of=ENTRY), Y_batch: vector(n_examples, of=index(sz_m)),
                 **indices}
    conditions = []
    if act.kinked:
        variables[alpha] = interval(0, 1)
        if layer == 1:
            conditions = [ForEvery(Ne(preact(kk, row(every)), 0), (every, 1, n_examples))]
    return statement(*relations, variables=variables, conditions=conditions)


# Ids end in the layer, then the activation: one claim per layer keeps each under ~20 s (the
# numeric check instantiates the network at up to 40 size combinations).

@identity(Source(HW3, "Q2(g)", excerpt=r"= \frac{1}{n} \sum_{i=1}^n \begin{pmatrix} \frac{\partial L(\mathbf{x}_i, y_i)}{\partial \theta_1}", relation="with a softplus hidden layer"))
def mlp_grad_batch_mean_layer2_softplus():
    """∂R/∂W⁽²⁾, ∂R/∂b⁽²⁾ of R = (1/N) Σ_n L(x_n, y_n) are the means of the per-example gradients, g = softplus

    Entry (c, k) of ∂R/∂W⁽²⁾ is (1/N) Σ_n δ⁽ⁿ⁾_c hˢ⁽ⁿ⁾_k, entry c of ∂R/∂b⁽²⁾ is (1/N) Σ_n δ⁽ⁿ⁾_c, for
    every batch size N and every d, d_h, m. The proof differentiates inside Σ_n and compares the two
    sums term by term at a generic example n. Spot-checked at sizes ≤ 3.
    """
    return _batch_mean(SOFTPLUS, 2)


@identity(Source(HW3, "Q2(g)", excerpt=r"= \frac{1}{n} \sum_{i=1}^n \begin{pmatrix} \frac{\partial L(\mathbf{x}_i, y_i)}{\partial \theta_1}", relation="with a softplus hidden layer"))
def mlp_grad_batch_mean_layer1_softplus():
    """∂R/∂W⁽¹⁾, ∂R/∂b⁽¹⁾ of R = (1/N) Σ_n L(x_n, y_n) are the means of the per-example gradients, g = softplus

    Entry (k, l) of ∂R/∂W⁽¹⁾ is (1/N) Σ_n (∂L_n/∂hᵃ)_k X_nl, entry k of ∂R/∂b⁽¹⁾ is (1/N) Σ_n
    (∂L_n/∂hᵃ)_k, for every N, d, d_h, m. Spot-checked at sizes ≤ 3.
    """
    return _batch_mean(SOFTPLUS, 1)


@identity(Source(HW3, "Q2(g)", excerpt=r"= \frac{1}{n} \sum_{i=1}^n \begin{pmatrix} \frac{\partial L(\mathbf{x}_i, y_i)}{\partial \theta_1}"),
          Source(AML, "Question 2b", excerpt=r"\frac{\partial J}{\partial W^{(2)}}(\{x_i, y_i\}_{i=1}^N) = \frac{1}{N}(\psi(z^{(3)}) - \Delta)a^{(2)}", relation="with LeakyReLU_α for the report's ReLU"))
def mlp_grad_batch_mean_layer2_leaky_relu():
    """∂R/∂W⁽²⁾, ∂R/∂b⁽²⁾ of R = (1/N) Σ_n L(x_n, y_n) are the means of the per-example gradients, g = LeakyReLU_α

    As for softplus; W⁽²⁾ and b⁽²⁾ sit after the activation, so no kink is crossed and no
    pre-activation is excluded. 0 < α < 1. Spot-checked at sizes ≤ 3.
    """
    return _batch_mean(LEAKY_RELU, 2)


@identity(Source(HW3, "Q2(g)", excerpt=r"= \frac{1}{n} \sum_{i=1}^n \begin{pmatrix} \frac{\partial L(\mathbf{x}_i, y_i)}{\partial \theta_1}"))
def mlp_grad_batch_mean_layer1_leaky_relu():
    """∂R/∂W⁽¹⁾, ∂R/∂b⁽¹⁾ of R = (1/N) Σ_n L(x_n, y_n) are the means of the per-example gradients, g = LeakyReLU_α, hᵃ_k(x_n) ≠ 0 for every n

    W⁽¹⁾_kl and b⁽¹⁾_k reach unit k's kink in *every* example, so hᵃ_k(x_n) ≠ 0 is required for
    every n = 1..N (a condition over the examples, not only the first). 0 < α < 1. Spot-checked at
    sizes ≤ 3.
    """
    return _batch_mean(LEAKY_RELU, 1)


target = IndexedBase("y", real=True)  # regression targets y ∈ ℝ^m (not the class label y above: no claim uses both)


def regression_output(r):
    """ŷ_r = Σ_j W⁽²⁾_rj relu(z₁_j) + b⁽²⁾_r, z₁ = W⁽¹⁾x + b⁽¹⁾"""
    return logits(lambda j: relu(preact(j)), r)


def regression_residual(r):
    """2(ŷ − y)_r"""
    return 2 * (regression_output(r) - target[r])


def _regression_grad(wrt, grad, indices, *, kinked):
    """ℓ = Σ_c (ŷ_c − y_c)² differentiated by ``wrt``; a gradient crossing unit k's ReLU excludes z₁_k = 0."""
    loss = Sum((regression_output(cc) - target[cc]) ** 2, (cc, 1, sz_m))
    variables = {sz_d: SIZE, sz_h: SIZE, sz_m: SIZE, x_in: vector(sz_d, of=ENTRY), W_1: matrix(sz_h, sz_d, of=ENTRY),
                 b_1: vector(sz_h, of=ENTRY), W_2: matrix(sz_m, sz_h, of=ENTRY), b_2: vector(sz_m, of=ENTRY),
                 target: vector(sz_m, of=ENTRY), **indices}
    return statement(Eq(Derivative(loss, wrt), grad), variables=variables,
                     conditions=[Ne(preact(kk), 0)] if kinked else [])


def regression_back(r):
    """(∂ℓ/∂b⁽¹⁾)_r = 1{z₁_r > 0} ((W⁽²⁾)ᵀ 2(ŷ − y))_r"""
    return indicator(preact(r) > 0) * Sum(W_2[cc, r] * regression_residual(cc), (cc, 1, sz_m))


# One id per gradient (prefix regression_mlp_grads_): the four together took ~30 s per run under load,
# mostly the numeric check (building max(0, ·) at each drawn size); one each stays well under 25 s.

@identity(Source(MLP_SHEET, "1.2 c", excerpt=r"\frac{\partial \ell}{\partial \mathbf{b}^{(2)}} = \frac{\partial \ell}{\partial \hat{\mathbf{y}}} \frac{\partial \hat{\mathbf{y}}}{\partial \hat{\mathbf{z}_3}} \in \mathbb{R}^{1 \times K}"),
          Source(MLP_SHEET, "1.2 d", excerpt=r"(\frac{\partial \ell}{\partial \hat{\mathbf{y}}})_i = 2(\hat{y}_i - y_i)"))
def regression_mlp_grads_b2():
    """∂ℓ/∂b⁽²⁾ = 2(ŷ − y), ℓ = ‖ŷ − y‖², ŷ = W⁽²⁾relu(W⁽¹⁾x + b⁽¹⁾) + b⁽²⁾

    Entry c, for every d, d_h, m; b⁽²⁾ is after the ReLU, so no kink is crossed.
    """
    return _regression_grad(b_2[cc], regression_residual(cc), {cc: index(sz_m)}, kinked=False)


@identity(Source(MLP_SHEET, "1.2 c", excerpt=r"= \mathbf{z_2} \frac{\partial \ell}{\partial \hat{\mathbf{y}}} \frac{\partial \hat{\mathbf{y}}}{\partial \hat{\mathbf{z_3}}} \in \mathbb{R}^{m \times k}"))
def regression_mlp_grads_w2():
    """∂ℓ/∂W⁽²⁾ = 2(ŷ − y) relu(z₁)ᵀ, ℓ = ‖ŷ − y‖², z₁ = W⁽¹⁾x + b⁽¹⁾

    Entry (c, k) = 2(ŷ − y)_c relu(z₁_k); no kink is crossed.
    """
    return _regression_grad(W_2[cc, kk], regression_residual(cc) * relu(preact(kk)), {cc: index(sz_m), kk: index(sz_h)},
                            kinked=False)


@identity(Source(MLP_SHEET, "1.2 c", excerpt=r"\mathbf{W^{(2)}} \frac{\partial \mathbf{z_2}}{\partial \mathbf{z_1}} \in \mathbb{R}^{1 \times m}"),
          Source(MLP_SHEET, "1.2 d", excerpt=r"\left(\frac{\partial \mathbf{z_2}}{\partial \mathbf{z_1}}\right)_{i,i} = \begin{cases} 1 & f(\mathbf{z_{1i}}) > 0\\ 0 & f(\mathbf{z_{1i}}) \le 0 \end{cases}"))
def regression_mlp_grads_b1():
    """∂ℓ/∂b⁽¹⁾ = 1{z₁ > 0} ⊙ (W⁽²⁾)ᵀ 2(ŷ − y), ℓ = ‖ŷ − y‖², z₁_k ≠ 0

    Entry k crosses unit k's ReLU kink only, so z₁_k = Σ_i W⁽¹⁾_ki x_i + b⁽¹⁾_k = 0 is excluded.
    """
    return _regression_grad(b_1[kk], regression_back(kk), {kk: index(sz_h)}, kinked=True)


@identity(Source(MLP_SHEET, "1.2 c", excerpt=r"= \mathbf{x} \frac{\partial \ell}{\partial \hat{\mathbf{y}}} \frac{\partial \hat{\mathbf{y}}}{\partial \mathbf{z_3}} \mathbf{W}^{(2)} \frac{\partial \mathbf{z_2}}{\partial \mathbf{z_1}} \in \mathbb{R}^{n \times m}"))
def regression_mlp_grads_w1():
    """∂ℓ/∂W⁽¹⁾ = (∂ℓ/∂b⁽¹⁾) xᵀ, ℓ = ‖ŷ − y‖², z₁_k ≠ 0

    Entry (k, l) = 1{z₁_k > 0} ((W⁽²⁾)ᵀ 2(ŷ − y))_k x_l; only unit k's kink is crossed and excluded.
    """
    return _regression_grad(W_1[kk, ll], regression_back(kk) * x_in[ll], {kk: index(sz_h), ll: index(sz_d)}, kinked=True)


# --- σ on both layers (same regression network): Jacobians diag(σ(z)(1 − σ(z))) -----------------
#
# ŷ = σ(z₂), z₂ = W⁽²⁾σ(z₁) + b⁽²⁾, z₁ = W⁽¹⁾x + b⁽¹⁾, ℓ = ‖ŷ − y‖². The Jacobian of an elementwise σ
# is diag(σ(z) ⊙ (1 − σ(z))) (``jacobian_sigmoid``), so each backward step multiplies entrywise
# by σ(z)(1 − σ(z)). σ' is taken from σ's definition (e^{−z}/(1 + e^{−z})²), never from this rule.


def sigmoid_logit(r):
    """z₂_r = Σ_j W⁽²⁾_rj σ(z₁_j) + b⁽²⁾_r"""
    return logits(lambda j: sigmoid(preact(j)), r)


def sigmoid_out_error(r):
    """(∂ℓ/∂z₂)_r = 2(ŷ − y)_r σ(z₂_r)(1 − σ(z₂_r))"""
    z2 = sigmoid_logit(r)
    return 2 * (sigmoid(z2) - target[r]) * sigmoid(z2) * (1 - sigmoid(z2))


def sigmoid_hidden_error(r):
    """(∂ℓ/∂z₁)_r = σ(z₁_r)(1 − σ(z₁_r)) ((W⁽²⁾)ᵀ ∂ℓ/∂z₂)_r"""
    z1 = preact(r)
    return sigmoid(z1) * (1 - sigmoid(z1)) * Sum(W_2[cc, r] * sigmoid_out_error(cc), (cc, 1, sz_m))


def _sigmoid_grad(wrt, grad, indices):
    loss = Sum((sigmoid(sigmoid_logit(cc)) - target[cc]) ** 2, (cc, 1, sz_m))
    variables = {sz_d: SIZE, sz_h: SIZE, sz_m: SIZE, x_in: vector(sz_d, of=ENTRY), W_1: matrix(sz_h, sz_d, of=ENTRY),
                 b_1: vector(sz_h, of=ENTRY), W_2: matrix(sz_m, sz_h, of=ENTRY), b_2: vector(sz_m, of=ENTRY),
                 target: vector(sz_m, of=ENTRY), **indices}
    return statement(Eq(Derivative(loss, wrt), grad), variables=variables)


@identity(Source(MLP_SHEET, "1.3 a(b)", excerpt=r"\frac{\partial \hat{\mathbf{y}}}{\partial \mathbf{z_3}} = \sigma(\mathbf{z_3})(1 \sigma(\mathbf{z_3}))\mathbf{I}"))
def sigmoid_mlp_grads_b2():
    """∂ℓ/∂b⁽²⁾ = 2(ŷ − y) ⊙ σ(z₂)(1 − σ(z₂)), ŷ = σ(W⁽²⁾σ(W⁽¹⁾x + b⁽¹⁾) + b⁽²⁾), ℓ = ‖ŷ − y‖²

    Entry c, for every d, d_h, m: the output Jacobian diag(σ(z₂)(1 − σ(z₂))) applied to 2(ŷ − y).
    """
    return _sigmoid_grad(b_2[cc], sigmoid_out_error(cc), {cc: index(sz_m)})


@identity(Source(MLP_SHEET, "1.3 a(b)", excerpt=r"\frac{\partial \hat{\mathbf{y}}}{\partial \mathbf{z_3}} = \sigma(\mathbf{z_3})(1 \sigma(\mathbf{z_3}))\mathbf{I}"))
def sigmoid_mlp_grads_w2():
    """∂ℓ/∂W⁽²⁾ = (∂ℓ/∂z₂) σ(z₁)ᵀ, ŷ = σ(z₂), ℓ = ‖ŷ − y‖²

    Entry (c, k) = (∂ℓ/∂z₂)_c σ(z₁_k).
    """
    return _sigmoid_grad(W_2[cc, kk], sigmoid_out_error(cc) * sigmoid(preact(kk)), {cc: index(sz_m), kk: index(sz_h)})


@identity(Source(MLP_SHEET, "1.3 a(b)", excerpt=r"\frac{\partial \mathbf{z_2}}{\partial \mathbf{z_1}} = \sigma(\mathbf{z_1})(1 \sigma(\mathbf{z_1}))\mathbf{I}"))
def sigmoid_mlp_grads_b1():
    """∂ℓ/∂b⁽¹⁾ = σ(z₁)(1 − σ(z₁)) ⊙ (W⁽²⁾)ᵀ ∂ℓ/∂z₂, ŷ = σ(z₂), ℓ = ‖ŷ − y‖²

    Entry k: the hidden Jacobian diag(σ(z₁)(1 − σ(z₁))) after the transpose of W⁽²⁾.
    """
    return _sigmoid_grad(b_1[kk], sigmoid_hidden_error(kk), {kk: index(sz_h)})


@identity(Source(MLP_SHEET, "1.3 a(b)", excerpt=r"\frac{\partial \mathbf{z_2}}{\partial \mathbf{z_1}} = \sigma(\mathbf{z_1})(1 \sigma(\mathbf{z_1}))\mathbf{I}"))
def sigmoid_mlp_grads_w1():
    """∂ℓ/∂W⁽¹⁾ = (∂ℓ/∂b⁽¹⁾) xᵀ, ŷ = σ(z₂), ℓ = ‖ŷ − y‖²

    Entry (k, l) = (∂ℓ/∂z₁)_k x_l.
    """
    return _sigmoid_grad(W_1[kk, ll], sigmoid_hidden_error(kk) * x_in[ll], {kk: index(sz_h), ll: index(sz_d)})
