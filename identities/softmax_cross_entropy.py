"""Softmax and cross-entropy: values, Jacobians and gradients, for every dimension n.

Each claim is stated on a generic entry of vectors of any length (x ∈ ℝⁿ, o ∈ ℝ^m, classes
y ∈ {1..m}) with sums kept symbolic, and proven for all sizes by the index-generic strategy
(``derivcheck.prover.indexed``): differentiate with ∂x_i/∂x_k = δ_ik, collapse Σ_i δ_ik a_i = a_k, split
i = j / i ≠ j, abstract Σ_j e^{x_j} = Z. Matrix statements are written entrywise with the
builders of ``derivcheck.entries`` (Jacobian entry (i, j) = ∂y_i/∂x_j; see README).

Sources: the two IFT6390 HW3 solutions (000: Q1(j)-(l), Q2(c), (d), (g); 004: Q1(e), (h)-(m),
Q2(c), (d), (h), (l)), the AML report (001) Question 2a, the Neural Networks assignment (003)
Question 2.

Tags: softmax, jacobian, vector-jacobian product, cross-entropy, log-sum-exp, one-hot, sigmoid
"""

from sympy import Derivative, Eq, Gt, IndexedBase, KroneckerDelta, Sum, Symbol, exp, log

from derivcheck import REALS, Source, dimension, identity, index, matrix, statement, vector
from derivcheck.entries import diag, onehot, outer, softmax, vjp
from derivcheck.functions import sigmoid
from derivcheck.identities import AML, HW3, HW3_OTHER, MLP_SHEET, NN_ASSIGNMENT

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


@identity(Source(HW3, "Q2(c)", excerpt=r"\mathbf{o}_k^s &= \text{softmax}(\mathbf{o}_k^a) = \frac{\exp(\mathbf{o}_k^a)}{\sum_{j=1}^m \exp(\mathbf{o}_j^a)}"),
          Source(HW3_OTHER, "Q2(c)", excerpt=r"\text{hence } \forall k \in \{1, 2 \dots m\} \quad o_k^s > 0"))
def softmax_pos():
    """S(x)_i > 0 for every x ∈ ℝⁿ and every i"""
    return statement(Gt(S(i), 0, evaluate=False), variables=over_x(i))


@identity(Source(HW3, "Q2(c)", excerpt=r"\sum_{k=1}^m \mathbf{o}_k^s &= \sum_{k=1}^m \frac{\exp(\mathbf{o}_k^a)}{\sum_{j=1}^m \exp(\mathbf{o}_j^a)}"),
          Source(HW3_OTHER, "Q2(c)", excerpt=r"= \frac{\sum_{k=1}^m e^{o_k^a}}{\sum_{j=1}^m e^{o_j^a}} = 1"))
def sum_softmax():
    """Σ_i S(x)_i = 1"""
    return statement(Eq(Sum(S(i), (i, 1, n)), 1), variables=over_x())


@identity(Source(HW3_OTHER, "Q1(h)", excerpt=r"S(x+c) = S(x)"))
def softmax_add_const():
    """S(x + c·1) = S(x) for every real c

    Entry i: e^{x_i + c} / Σ_j e^{x_j + c}; the factor e^c leaves the sum.
    """
    shifted = softmax(lambda q: x[q] + cst, i, n)
    return statement(Eq(shifted, S(i)), variables={**over_x(i), cst: REALS})


@identity(Source(HW3_OTHER, "Q2(d)", excerpt=r"O_1^S = P(y=0) = \frac{e^{O_1^A}}{e^{O_1^A} + e^{O_2^A}} = \frac{1}{1 + e^{(O_2^A - O_1^A)}}"))
def softmax_two_eq_sigmoid():
    """for n = 2: S(x)_1 = σ(x_1 − x_2) and S(x)_2 = 1 − S(x)_1"""
    s1, s2 = softmax(x, 1, 2), softmax(x, 2, 2)
    return statement(Eq(s1, sigmoid(x[1] - x[2])), Eq(s2, 1 - s1), variables={x: vector(2)})


@identity(Source(HW3_OTHER, "Q1(i)", excerpt=r"\text{if } c=0 \Rightarrow S(x^c) = \frac{1}{\sum 1} = \frac{1}{K}"))
def softmax_zero_temperature():
    """S(0·x)_i = 1/n: softmax of c·x at c = 0 is uniform

    The solution writes S(x^c) and exp(x_i^c) = exp(x_i)^c, which is exp(c x_i): softmax of c·x.
    """
    scaled = softmax(lambda q: cst * x[q], i, n).subs(cst, 0)
    return statement(Eq(scaled, 1 / n), variables=over_x(i))


@identity(Source(HW3, "Q1(j)", excerpt=r"\frac{\partial S(\mathbf{x})_i}{\partial x_j} = S(\mathbf{x})_i \mathbf{1}_{i=j} - S(\mathbf{x})_i S(\mathbf{x})_j"),
          Source(HW3_OTHER, "Q1(j)", excerpt=r"\frac{\partial s(x)_i}{\partial x_j} = s(x_i) (s_{i=j} - s(x)_j)"))
def deriv_softmax():
    """∂S(x)_i/∂x_j = S(x)_i (δ_ij − S(x)_j)"""
    return statement(Eq(Derivative(S(i), x[j]), S(i) * (KroneckerDelta(i, j) - S(j))), variables=over_x(i, j))


@identity(Source(HW3, "Q1(k)", excerpt=r"\frac{\partial S(\mathbf{x})}{\partial \mathbf{x}} = \text{diag}(S(\mathbf{x})) - S(\mathbf{x}) \cdot S(\mathbf{x})^T"),
          Source(HW3_OTHER, "Q1(k)", excerpt=r"\therefore J = s(x) (1 - s(x))^\top - \text{diag}(s(x))"))
def jacobian_softmax():
    """∂S(x)/∂x = diag(S(x)) − S(x) S(x)ᵀ

    Entry (i, j) of each side: ∂S_i/∂x_j = δ_ij S_i − S_i S_j. Solution 004 concludes
    J = s(x)(1 − s(x))ᵀ − diag(s(x)), which is wrong: its entries are s_i(1 − s_j) − δ_ij s_i.
    """
    return statement(Eq(Derivative(S(i), x[j]), diag(S, i, j) - outer(S, S, i, j)), variables=over_x(i, j))


@identity(Source(HW3, "Q1(l)", excerpt=r"(\frac{\partial \mathbf{y}}{\partial \mathbf{x}})^\top \nabla_{\mathbf{y}} L"))
def vjp_softmax():
    """(∂S/∂x)ᵀ g = S ⊙ g − S (Sᵀ g), the O(n) backward pass

    Entry j: Σ_i (∂S_i/∂x_j) g_i = S_j g_j − S_j Σ_i S_i g_i. The solution (its "(1)" is Q1(l))
    says the product is a vector-vector one but writes no formula for it.
    """
    lhs = vjp(lambda r, s: Derivative(S(r), x[s]), g, j, n)
    rhs = S(j) * g[j] - S(j) * Sum(S(i) * g[i], (i, 1, n))
    return statement(Eq(lhs, rhs), variables={**over_x(j), g: vector(n)})


@identity(Source(HW3_OTHER, "Q1(e)", excerpt=r"(J_{\sigma(x)})_{i,j} = \sigma(x_i)(1-\sigma(x_i))\delta_{i=j}"),
          Source(MLP_SHEET, "1.3 a(b)", excerpt=r"\frac{\partial \mathbf{z_2}}{\partial \mathbf{z_1}} = \sigma(\mathbf{z_1})(1 \sigma(\mathbf{z_1}))\mathbf{I}"))
def jacobian_sigmoid():
    """∂σ(x)/∂x = diag(σ(x) ⊙ (1 − σ(x))) for elementwise σ

    Entry (i, j): ∂σ(x_i)/∂x_j = δ_ij σ(x_i)(1 − σ(x_i)). The MLP sheet's text reads
    σ(z₁)(1 σ(z₁))I, its minus sign lost (in 1.3 a(c): σ(z₁)((1 − σ(z₁)I), the I inside).
    """
    return statement(Eq(Derivative(sigmoid(x[i]), x[j]), diag(lambda r: sigmoid(x[r]) * (1 - sigmoid(x[r])), i, j)),
                     variables=over_x(i, j))


@identity(Source(HW3, "Q1(l)", excerpt=r"(\frac{\partial \mathbf{y}}{\partial \mathbf{x}})^\top \nabla_{\mathbf{y}} L"))
def vjp_sigmoid():
    """(∂σ(x)/∂x)ᵀ g = σ(x) ⊙ (1 − σ(x)) ⊙ g

    The question asks for f = σ and f = S; the solution answers for S only.
    """
    lhs = vjp(lambda r, s: Derivative(sigmoid(x[r]), x[s]), g, j, n)
    return statement(Eq(lhs, sigmoid(x[j]) * (1 - sigmoid(x[j])) * g[j]), variables={**over_x(j), g: vector(n)})


@identity(Source(HW3_OTHER, "Q1(l)", excerpt=r"\nabla_u \log s(x(u)) = \nabla_u x(u)_i - E_j [\nabla_u x(u)_j]",
                 relation="at x(u) = u"))
def grad_log_softmax():
    """∂ log S(x)_i / ∂x_k = δ_ik − S(x)_k

    Q1(l)'s ∇_u log S(x(u))_i = ∇_u x(u)_i − E_j[∇_u x(u)_j] with u = x: E_j[δ_jk] = S(x)_k.
    """
    return statement(Eq(Derivative(log(S(i)), x[k]), KroneckerDelta(i, k) - S(k)), variables=over_x(i, k))


@identity(Source(HW3, "Q2(d)", excerpt=r"&= -\mathbf{o}_y^a(\mathbf{x}) + \log \left( \sum_{j=1}^m \exp(\mathbf{o}_j^a(\mathbf{x})) \right)"),
          Source(HW3_OTHER, "Q2(h)", excerpt=r"L(x, y) = -o_y^a + \log \sum_{k=1}^m e^{o_k^a}"))
def cross_entropy_eq_logsumexp():
    """−log S(o)_y = −o_y + log Σ_j e^{o_j}"""
    return statement(Eq(-log(softmax(o, y, m)), -o[y] + log(Sum(exp(o[sum_j]), (sum_j, 1, m)))),
                     variables={m: dimension(), o: vector(m), y: index(m)})


@identity(Source(HW3, "Q2(g)", excerpt=r"\frac{\partial L}{\partial \mathbf{o}^a} = \mathbf{o}^s(\mathbf{x}) - \text{onehot}_m(y)"),
          Source(HW3_OTHER, "Q2(l)", excerpt=r"\frac{\partial L}{\partial o^a} = o^s - \text{onehot}_m(y)"),
          Source(NN_ASSIGNMENT, "Question 2", excerpt=r"\frac{\partial E}{\partial y_i} = \frac{\exp(y_i)}{\sum_j \exp(y_j)} t_h - t_i = \frac{\exp(y_i)}{\sum_j \exp(y_j)} - t_i"))
def grad_cross_entropy():
    """∂/∂o (−log S(o)_y) = S(o) − onehot_m(y)

    Entry k: ∂(−log S(o)_y)/∂o_k = S(o)_k − δ_ky.
    """
    return statement(Eq(Derivative(-log(softmax(o, y, m)), o[k]), softmax(o, k, m) - onehot(y, k)),
                     variables={m: dimension(), o: vector(m), y: index(m), k: index(m)})


@identity(Source(NN_ASSIGNMENT, "Question 2", excerpt=r"\frac{\exp(y_{i})}{\sum_{j} \exp(y_{j})} \left( \sum_{k} t_{k} \right) - t_{i}"),
          Source(HW3_OTHER, "Q1(m)", excerpt=r"&= -\sum_{i=1}^k c_i \nabla_u x(u)_i + E_j [\nabla_u x(u)_j] \sum_{i=1}^k c_i",
                 relation="at x(u) = u"))
def grad_cross_entropy_soft():
    """for any targets t ∈ ℝ^K: ∂/∂o_i Σ_k −t_k log S(o)_k = S(o)_i Σ_k t_k − t_i

    The targets need not sum to 1; with Σ_k t_k = 1 this is the familiar S(o) − t. Solution 004's
    last line, after Σ c_i = 1, drops the minus sign: Σ c_i ∇_u x(u)_i + E_j[∇_u x(u)_j].
    """
    loss = Sum(-t[k] * log(softmax(o, k, K)), (k, 1, K))
    return statement(Eq(Derivative(loss, o[i]), softmax(o, i, K) * Sum(t[k], (k, 1, K)) - t[i]),
                     variables={K: dimension(), o: vector(K), t: vector(K), i: index(K)})


@identity(Source(AML, "Question 2a", excerpt=r"\nabla_J = \frac{1}{N} \left[ \psi(z) - \Delta_{j,ki} \right]"))
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
