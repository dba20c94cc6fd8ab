"""Softmax and cross-entropy: values, Jacobians and gradients, for every dimension n.

Each claim is stated on a generic entry of vectors of any length (x ∈ ℝⁿ, o ∈ ℝ^m, classes
y ∈ {1..m}) with sums kept symbolic, and proven for all sizes by the index-generic strategy
(``derivcheck.prover.indexed``): differentiate with ∂x_i/∂x_k = δ_ik, collapse Σ_i δ_ik a_i = a_k, split
i = j / i ≠ j, abstract Σ_j e^{x_j} = Z. Matrix statements are written entrywise with the
builders of ``derivcheck.entries`` (Jacobian entry (i, j) = ∂y_i/∂x_j; see README).

Sources: IFT6390 HW3 Q1(h)–(l), Q2(c)–(g); AML A2 Q2(a); ML assignment Q2; HW3 (second
solution) Q1(h)–(m), Q2(c)–(l).

Tags: softmax, jacobian, vector-jacobian product, cross-entropy, log-sum-exp, one-hot, sigmoid
"""

from sympy import Derivative, Eq, Gt, IndexedBase, KroneckerDelta, Sum, Symbol, exp, log

from derivcheck import REALS, dimension, identity, index, matrix, statement, vector
from derivcheck.entries import diag, onehot, outer, softmax, vjp
from derivcheck.functions import sigmoid

HW3 = "IFT6390 HW3"
HW3_ALT = "IFT6390 HW3 (second solution)"

n = Symbol("n", integer=True, positive=True)
m = Symbol("m", integer=True, positive=True)
K = Symbol("K", integer=True, positive=True)
N = Symbol("N", integer=True, positive=True)
i, j, k = (Symbol(s, integer=True, positive=True) for s in "ijk")
a, c = (Symbol(s, integer=True, positive=True) for s in "ac")
sum_j, sum_b = (Symbol(s, integer=True, positive=True) for s in ("q", "b"))
x = IndexedBase("x", real=True)
g = IndexedBase("g", real=True)
o = IndexedBase("o", real=True)
t = IndexedBase("t", real=True)
z = IndexedBase("z", real=True)
labels = IndexedBase("y", integer=True)
y = Symbol("y", integer=True, positive=True)
cst = Symbol("c", real=True)


def S(i):
    """S(x)_i, summing over q so that no free index (i, j, k) is shadowed."""
    return softmax(x, i, n, over=sum_j)


def over_x(*indices):
    return {n: dimension(), x: vector(n), **{ix: index(n) for ix in indices}}


@identity(f"{HW3}, Q1(h)")
def softmax_pos():
    """S(x)_i > 0 for every x ∈ ℝⁿ and every i"""
    return statement(Gt(S(i), 0, evaluate=False), variables=over_x(i))


@identity(f"{HW3}, Q1(h)")
def sum_softmax():
    """Σ_i S(x)_i = 1"""
    return statement(Eq(Sum(S(i), (i, 1, n)), 1), variables=over_x())


@identity(f"{HW3}, Q1(i)")
def softmax_add_const():
    """S(x + c·1) = S(x) for every real c

    Entry i: e^{x_i + c} / Σ_j e^{x_j + c}; the factor e^c leaves the sum.
    """
    shifted = softmax(lambda q: x[q] + cst, i, n)
    return statement(Eq(shifted, S(i)), variables={**over_x(i), cst: REALS})


@identity(f"{HW3}, Q1(j)")
def softmax_two_eq_sigmoid():
    """for n = 2: S(x)_1 = σ(x_1 − x_2) and S(x)_2 = 1 − S(x)_1"""
    s1, s2 = softmax(x, 1, 2), softmax(x, 2, 2)
    return statement(Eq(s1, sigmoid(x[1] - x[2])), Eq(s2, 1 - s1), variables={x: vector(2)})


@identity(f"{HW3_ALT}, Q1(m)")
def softmax_zero_temperature():
    """S(0·x)_i = 1/n: softmax of c·x at c = 0 is uniform"""
    scaled = softmax(lambda q: cst * x[q], i, n).subs(cst, 0)
    return statement(Eq(scaled, 1 / n), variables=over_x(i))


@identity(f"{HW3}, Q1(k)")
def deriv_softmax():
    """∂S(x)_i/∂x_j = S(x)_i (δ_ij − S(x)_j)"""
    return statement(Eq(Derivative(S(i), x[j]), S(i) * (KroneckerDelta(i, j) - S(j))), variables=over_x(i, j))


@identity(f"{HW3}, Q1(k)")
def jacobian_softmax():
    """∂S(x)/∂x = diag(S(x)) − S(x) S(x)ᵀ

    Entry (i, j) of each side: ∂S_i/∂x_j = δ_ij S_i − S_i S_j.
    """
    return statement(Eq(Derivative(S(i), x[j]), diag(S, i, j) - outer(S, S, i, j)), variables=over_x(i, j))


@identity(f"{HW3_ALT}, Q1(l)")
def vjp_softmax():
    """(∂S/∂x)ᵀ g = S ⊙ g − S (Sᵀ g), the O(n) backward pass

    Entry j: Σ_i (∂S_i/∂x_j) g_i = S_j g_j − S_j Σ_i S_i g_i.
    """
    lhs = vjp(lambda r, s: Derivative(S(r), x[s]), g, j, n)
    rhs = S(j) * g[j] - S(j) * Sum(S(i) * g[i], (i, 1, n))
    return statement(Eq(lhs, rhs), variables={**over_x(j), g: vector(n)})


@identity(f"{HW3_ALT}, Q1(h)")
def jacobian_sigmoid():
    """∂σ(x)/∂x = diag(σ(x) ⊙ (1 − σ(x))) for elementwise σ

    Entry (i, j): ∂σ(x_i)/∂x_j = δ_ij σ(x_i)(1 − σ(x_i)).
    """
    return statement(Eq(Derivative(sigmoid(x[i]), x[j]), diag(lambda r: sigmoid(x[r]) * (1 - sigmoid(x[r])), i, j)),
                     variables=over_x(i, j))


@identity(f"{HW3_ALT}, Q1(h)")
def vjp_sigmoid():
    """(∂σ(x)/∂x)ᵀ g = σ(x) ⊙ (1 − σ(x)) ⊙ g"""
    lhs = vjp(lambda r, s: Derivative(sigmoid(x[r]), x[s]), g, j, n)
    return statement(Eq(lhs, sigmoid(x[j]) * (1 - sigmoid(x[j])) * g[j]), variables={**over_x(j), g: vector(n)})


@identity(f"{HW3}, Q1(l)")
def grad_log_softmax():
    """∂ log S(x)_i / ∂x_k = δ_ik − S(x)_k"""
    return statement(Eq(Derivative(log(S(i)), x[k]), KroneckerDelta(i, k) - S(k)), variables=over_x(i, k))


@identity(f"{HW3}, Q2(c)")
def cross_entropy_eq_logsumexp():
    """−log S(o)_y = −o_y + log Σ_j e^{o_j}"""
    return statement(Eq(-log(softmax(o, y, m)), -o[y] + log(Sum(exp(o[sum_j]), (sum_j, 1, m)))),
                     variables={m: dimension(), o: vector(m), y: index(m)})


@identity(f"{HW3}, Q2(d)")
def grad_cross_entropy():
    """∂/∂o (−log S(o)_y) = S(o) − onehot_m(y)

    Entry k: ∂(−log S(o)_y)/∂o_k = S(o)_k − δ_ky.
    """
    return statement(Eq(Derivative(-log(softmax(o, y, m)), o[k]), softmax(o, k, m) - onehot(y, k)),
                     variables={m: dimension(), o: vector(m), y: index(m), k: index(m)})


@identity(f"{HW3_ALT}, Q2(e)")
def grad_cross_entropy_soft():
    """for any targets t ∈ ℝ^K: ∂/∂o_i Σ_k −t_k log S(o)_k = S(o)_i Σ_k t_k − t_i

    The targets need not sum to 1; with Σ_k t_k = 1 this is the familiar S(o) − t.
    """
    loss = Sum(-t[k] * log(softmax(o, k, K)), (k, 1, K))
    return statement(Eq(Derivative(loss, o[i]), softmax(o, i, K) * Sum(t[k], (k, 1, K)) - t[i]),
                     variables={K: dimension(), o: vector(K), t: vector(K), i: index(K)})


@identity(f"{HW3}, Q2(g)")
def grad_cross_entropy_batch():
    """∂/∂z (1/N Σ_b −log S(z_b)_{y_b}) has rows (S(z_b) − onehot(y_b))/N

    z ∈ ℝ^{N×m} holds one row of logits per example, y ∈ {1..m}^N the labels; entry (a, c) of the
    gradient is (S(z_a)_c − δ_{c y_a})/N. Spot-checks draw m from 1..64 but N from 1..8 (N·m
    logits per draw); the proof covers every N and m.
    """
    row = lambda r: (lambda col: z[r, col])  # noqa: E731 - row r of z as an entry function
    loss = Sum(-log(softmax(row(sum_b), labels[sum_b], m)), (sum_b, 1, N)) / N
    rhs = (softmax(row(a), c, m) - onehot(labels[a], c)) / N
    return statement(Eq(Derivative(loss, z[a, c]), rhs),
                     variables={N: dimension(sample_hi=8), m: dimension(), z: matrix(N, m), labels: vector(N, of=index(m)),
                                a: index(N), c: index(m)})
