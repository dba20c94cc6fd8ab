"""Multilayer perceptrons: parameter counts and a worked backpropagation example with real numbers.

The network of IFT6390 HW3 Q2: hᵃ = W⁽¹⁾x + b⁽¹⁾ (W⁽¹⁾ ∈ ℝ^{d_h×d}), hˢ = g(hᵃ), oᵃ = W⁽²⁾hˢ + b⁽²⁾
(W⁽²⁾ ∈ ℝ^{m×d_h}). Parameter counts are stated as counts of entries (sums over index ranges),
never as the formula against itself. The worked example states, at the homework's numbers, the
value of the loss and of each partial derivative as ``Subs(Derivative(L, p), θ, θ₀)``: the prover
differentiates the exact rational expression, the spot-check takes finite differences of L.

The size-generic gradient claims (∂L/∂W⁽²⁾ = δ(hˢ)ᵀ, ...) belong here too; they need
index-generic reasoning over vectors and matrices and are added with it.

Sources: IFT6390 HW3 Q2; a graded regression-MLP homework (worked example); CIFAR-10 MLP exercise.

Tags: mlp, backpropagation, parameter count, relu, worked example, regression
"""

import numpy as np
from sympy import Add, Derivative, Eq, Integer, Mul, Rational, Subs, Sum, Symbol

from derivcheck import identity, integers, statement
from derivcheck.functions import relu

SOURCE_Q2 = "IFT6390 HW3, Q2"
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


@identity(SOURCE_Q2)
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


@identity("CIFAR-10 MLP exercise")
def mlp_num_params_cifar():
    """The 3072–512–256–10 MLP has 3072·512 + 512 + 512·256 + 256 + 256·10 + 10 = 1,707,274 parameters"""
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


@identity("Regression MLP homework, backpropagation by hand")
def worked_regression_relu():
    """The homework's L = 2.38554 and its 13 partial derivatives are exactly right

    x rows (0.6, −1.0), (0.8, −1.0), (−0.4, 0.9), (0.2, 0.0); t = (−0.8, −0.1, 0.9, 0.7);
    W⁽¹⁾ = [[−0.8, −0.7, 0.6], [−1.0, 0.5, −1.0]]; b⁽¹⁾ = (−0.2, −1.0, −0.7); w⁽²⁾ = (0.1, −1.0, 0.5);
    b⁽²⁾ = −0.7. Every value is computed exactly with rationals; each written decimal (L = 2.38554,
    ∂L/∂b⁽²⁾ = −2.732, ∂L/∂b⁽¹⁾ = (0.0268, 0, 0.134), ∂L/∂w⁽²⁾ = (0.1168, 0, 0.1536),
    ∂L/∂W⁽¹⁾ = [[0.0122, 0, 0.061], [−0.0268, 0, −0.134]]) equals its exact value, none is rounded.
    Hidden unit 2 is inactive on all four points (pre-activations −1.92, −2.06, −0.27, −1.14), hence
    its zeros; no pre-activation is 0, so every derivative exists at this point.
    """
    return statement(*worked_relations(), variables={})
