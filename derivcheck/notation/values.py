r"""What the interpreter computes with: a ``Val`` (a shape in size symbols and a backend value), how a shape is
named in messages (``describe_shape``), and the ``Backend`` interface every kind of value implements
(``interpret`` walks the tree; explicit matrices, numpy arrays and generic entries are backends)."""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Abs, KroneckerDelta, Matrix, Max, Min, S

__all__ = ["Val", "Backend", "describe_shape"]


@dataclass(frozen=True)
class Val:
    """A value: ``shape`` in size symbols (() for a scalar), ``value`` as the backend holds it.

    ``fill`` marks ``\\mathbf{1}``, ``\\mathbf{0}`` and ``I`` written without a size: their shape
    comes from what they meet (``value`` is then the scalar coefficient).
    """

    shape: tuple | None
    value: object
    fill: str | None = None        # "ones", "zeros", "eye"
    transposed: bool = False

    @property
    def scalar(self) -> bool:
        return self.shape == () and self.fill is None


def describe_shape(shape) -> str:
    if shape == ():
        return "a scalar"
    r, c = shape
    if c == 1:
        return f"a vector in ℝ^{r}"
    if r == 1:
        return f"a row vector (1×{c})"
    return f"a {r}×{c} matrix"


class Backend:
    """The per-value operations; array arguments are ``Val``s (shapes at hand), results are values.

    Every backend supplies ``variable(name, shape)`` (a declared variable), ``symbol(name)`` (an
    undeclared scalar: λ, x_0), ``fill(kind, dims, coef)`` (``eye``/``ones``/``zeros`` of ``dims``
    times ``coef``, None for exactly 1), ``matpow(a, k)``, ``inverse``, ``trace``, ``det``,
    ``softmax``, ``diag(x, n)``, ``onehot(n, y)``, ``norm(a, kind)`` (kind None, "2", "F": square
    root of the sum of squares; "1"; ``\\infty``), ``apply(key, maker, a)`` (the scalar function
    ``maker``, t ↦ SymPy expression named by ``key``, on a scalar or entrywise) and
    ``derivative(walk, layout, f, wrt, target, body, env, focus)``: ∂f/∂wrt laid out as "each" (wrt
    a scalar: f's shape), "gradient" (f a scalar: wrt's shape) or "jacobian" (entry (i, j) is
    ∂fᵢ/∂wrtⱼ); ``target`` is (name, None) or (name, (i, j)) for one entry of an array, ``focus`` the
    one (row, col) the caller will read; ``at_value(name, actual, compute)``: ``compute()`` (a
    derivative taken with the defined ``name`` cut, a ``Val``) at name's value ``actual`` (a ``Val``).
    ``extremum(kind, values)`` is \\max_j / \\min_j of scalars. A backend without concrete sizes also has
    ``sum_over(walk, var, lo, hi, body, env)`` → ``Val`` (and ``extremum_over`` alike). An operation a backend has no form for
    raises that backend's refusal (``NoIndexForm``).

    The defaults: SymPy scalars; arrays with ``+``, ``*`` by a scalar, ``@``, ``.T`` and ``[i, j]``.
    """

    memo_definitions = False  # a definition's value may be kept for the walk, while ``generation`` stays
    generation = 0  # a backend whose values change (moved for a finite difference) counts the changes

    def constant(self, value):
        """An exact SymPy number (for the index form also a size or an index symbol) as a scalar."""
        return S(value)

    def as_index(self, value):
        """A number written as an index (x_2, or a value from where) as this backend's index."""
        return int(value)

    def whole(self, value) -> int | None:
        """A scalar as a whole number (exponents of matrices, limits of sums), or None."""
        return int(value) if getattr(value, "is_Integer", False) else None

    def entry(self, value, i, j):
        return value[i - 1, j - 1]

    def scale(self, a: Val, k):
        return a.value * k

    def add(self, a: Val, b: Val):
        return a.value + b.value

    def matmul(self, a: Val, b: Val):
        return a.value @ b.value

    def dot(self, a: Val, b: Val):
        return (a.value.T @ b.value)[0, 0]

    def hadamard(self, a: Val, b: Val):
        return a.value * b.value

    def transpose(self, a: Val):
        return a.value.T

    def power(self, base, exponent):
        return base ** exponent

    def reciprocal(self, x):
        return 1 / x

    def delta(self, i, j):
        return KroneckerDelta(i, j)

    def absolute(self, x):
        return Abs(x)

    def parameter(self, alpha):
        """The exact value of a function's subscript parameter (LeakyReLU_α), given as a scalar."""
        return alpha

    def extremum(self, kind: str, values: list):
        """\\max_j / \\min_j of scalars (``kind`` "max" or "min")."""
        return (Max if kind == "max" else Min)(*values)

    def extremum_over(self, walk, kind, var, lo, hi, body, env):
        """\\max_j over a range of symbolic size: no entry formula in general (the per-size checks decide)."""
        walk.fail(f"\\{kind}_{var} over a range of symbolic size")

    def tabulate(self, dims, entry):
        """The array whose entry (i, j), 1-based, is ``entry(i, j)`` (a definition entry by entry)."""
        return Matrix([[entry(i, j) for j in range(1, dims[1] + 1)] for i in range(1, dims[0] + 1)])
