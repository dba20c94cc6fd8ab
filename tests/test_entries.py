"""Entry builders: matrix notation written entrywise, checked against explicit small matrices."""

from sympy import IndexedBase, Matrix, Sum, Symbol, exp, simplify, symbols

from derivcheck.core.entries import diag, fresh_index, onehot, outer, softmax, vjp
from derivcheck.core.instances import instantiate

n = Symbol("n", integer=True, positive=True)
i, j = (Symbol(s, integer=True, positive=True) for s in "ij")
x = IndexedBase("x", real=True)
g = IndexedBase("g", real=True)


def test_softmax_entry_matches_the_explicit_vector_at_n_3():
    xs = [Symbol(f"x[{r}]", real=True) for r in (1, 2, 3)]
    explicit = [exp(v) / sum(exp(w) for w in xs) for v in xs]
    for r in (1, 2, 3):
        assert simplify(instantiate(softmax(x, i, n), {n: 3, i: r}) - explicit[r - 1]) == 0


def test_summation_index_avoids_every_name_in_use():
    [s] = softmax(x, Symbol("j", integer=True, positive=True), n).atoms(Sum)
    assert str(s.limits[0][0]) not in ("j", "n", "x")
    assert str(fresh_index(i, j, n)) not in ("i", "j", "n")


def test_diag_outer_onehot_are_the_matrix_entries():
    u = Matrix(symbols("u1:4"))
    v = Matrix(symbols("v1:4"))
    U = lambda r: u[r - 1]  # noqa: E731
    V = lambda r: v[r - 1]  # noqa: E731
    for r in (1, 2, 3):
        for c in (1, 2, 3):
            assert outer(U, V, r, c) == (u * v.T)[r - 1, c - 1]
            assert diag(U, r, c) == Matrix.diag(*u)[r - 1, c - 1]
            assert onehot(2, c) == (1 if c == 2 else 0)


def test_vjp_entry_is_the_transposed_jacobian_times_g():
    J = IndexedBase("J", real=True)
    entry = vjp(lambda r, c: J[r, c], g, j, n)
    for c in (1, 2, 3):
        expected = sum(Symbol(f"J[{r}, {c}]", real=True) * Symbol(f"g[{r}]", real=True) for r in (1, 2, 3))
        assert instantiate(entry, {n: 3, j: c}) == expected
