r"""The one vector-tree interpreter and its three backends (explicit SymPy matrices, numpy / mpmath
arrays, index form): the same values at a given size, the same words for the same mistake, and the
one high-precision confirmation for vector claims."""

import mpmath
import numpy as np
import pytest
from sympy import Indexed, IndexedBase, Integer, Matrix, S, Symbol

from derivcheck.answers.index_form import IndexBackend
from derivcheck.core.errors import LatexParseError
from derivcheck.notation.explicit import ExplicitBackend
from derivcheck.notation.interpret import Interpreter
from derivcheck.notation.vector_reader import ShapeMismatch, parse_vector
from derivcheck.notation.vector_where import read_vector_where
from derivcheck.numeric import arrays, precision
from derivcheck.numeric.arrays import ArrayBackend, check_at_size
from derivcheck.numeric.tolerances import HP_DIGITS

WHERE = [r"\mathbf{x}, \mathbf{b} \in \mathbb{R}^n", r"A, X \in \mathbb{R}^{n \times n}", r"i, j \in \{1, \dots, n\}"]
N = 3


def tree(text, where=WHERE, functions=None):
    spec = read_vector_where(where, functions or {}, "t")
    members, _ = parse_vector(f"{text} = 0", where="t", functions=functions or {})
    return spec, members[0]


def point(spec, seed=1):
    rng = np.random.default_rng(seed)
    out = {}
    for name, shape in spec.shapes.items():
        out[name] = rng.uniform(-1.5, 1.5, tuple(int(d.xreplace(sizes(spec))) for d in shape))
    return out


def sizes(spec):
    return {s: N for s in spec.sizes.values()}


def explicit_value(spec, node, values, env):
    symbols = {name: Matrix(*v.shape, lambda r, c: Symbol(f"{name}{r}_{c}", real=True)) for name, v in values.items()}
    v = Interpreter(spec, ExplicitBackend(symbols), "t", sizes(spec)).ev(node, env)
    subs = {symbols[name][r, c]: float(v_) for name, a in values.items() for (r, c), v_ in np.ndenumerate(a)}
    m = Matrix([[v.value]]) if v.scalar else v.value
    return np.array(m.doit().xreplace(subs).evalf(30).tolist(), dtype=float)


def numeric_value(spec, node, values, env):
    v = Interpreter(spec, ArrayBackend(dict(values)), "t", sizes(spec)).ev(node, env)
    return np.atleast_2d(np.asarray(v.value, dtype=float))


def index_value(spec, node, values, env):
    bases = {name: IndexedBase(name, real=True) for name in values}
    walk = Interpreter(spec, IndexBackend(bases, {}, set(spec.shapes) | {"n", "i", "j"}), "t")
    v = walk.ev(node, {k: Integer(x) for k, x in env.items()})
    columns = {name for name, shape in spec.shapes.items() if shape[1] == 1}

    def number(expr):
        expr = expr.subs(spec.sizes["n"], N).doit()
        table = {}
        for e in expr.atoms(Indexed):
            k = [int(i) - 1 for i in e.indices]
            table[e] = float(values[str(e.base)][k[0], 0] if str(e.base) in columns else values[str(e.base)][k[0], k[1]])
        return float(S(expr.xreplace(table)).evalf(30))

    if v.scalar:
        return np.array([[number(v.value)]])
    r, c = (N if d != 1 else 1 for d in v.shape)
    return np.array([[number(v.value(Integer(a), Integer(b))) for b in range(1, c + 1)] for a in range(1, r + 1)])


AGREE = [
    r"A\mathbf{x} + \mathbf{b}",
    r"\mathbf{x}^\top A \mathbf{x}",
    r"\operatorname{tr}(A X^T) + \|X\|_F",
    r"\|A\mathbf{x} - \mathbf{b}\|_2^2 - \|\mathbf{x}\|_1",
    r"\operatorname{softmax}(A\mathbf{x})",
    r"\operatorname{diag}(\mathbf{x})\mathbf{b} \odot \mathbf{x}",
    r"\sigma(\mathbf{x}) \cdot \mathbf{b}",
    r"(I + A)^T\mathbf{x} - 2\mathbf{1}",
    r"\sum_{k=1}^{n} x_k b_k",
    r"A_{ij} + x_i\delta_{ij}",
    r"\nabla_{\mathbf{x}} \mathbf{x}^\top A \mathbf{x}",
    r"\frac{\partial \operatorname{softmax}(\mathbf{x})}{\partial \mathbf{x}}",
    r"\frac{\partial \operatorname{tr}(AX)}{\partial X}",
    r"\frac{\partial}{\partial x_j}\log \sum_{k=1}^{n} e^{x_k}",
]


@pytest.mark.parametrize("text", AGREE)
def test_the_three_backends_agree_at_size_3(text):
    spec, node = tree(text)
    values = point(spec)
    env = {"i": 2, "j": 3}
    exp_ = explicit_value(spec, node, values, env)
    num = numeric_value(spec, node, values, env)
    idx = index_value(spec, node, values, env)
    assert exp_.shape == num.shape == idx.shape
    assert np.allclose(exp_, idx, rtol=1e-12, atol=1e-12), (exp_, idx)
    assert np.allclose(exp_, num, rtol=1e-6, atol=1e-7), (exp_, num)  # finite differences in float64


@pytest.mark.parametrize("text", [r"\det(A) A^{-1}\mathbf{x}", r"A^3\mathbf{x} + \|\mathbf{x}\|_\infty\mathbf{b}"])
def test_explicit_and_numbers_agree_where_there_is_no_index_form(text):
    spec, node = tree(text)
    values = point(spec, seed=4)
    assert np.allclose(explicit_value(spec, node, values, {}), numeric_value(spec, node, values, {}), rtol=1e-9)


MISTAKES = [
    (r"A\mathbf{x}\mathbf{b}", LatexParseError, r"two vectors side by side: entrywise (write \odot) or a missing transpose"),
    (r"A\mathbf{x}^T", ShapeMismatch, "the product (juxtaposition) of a n×n matrix and a row vector (1×n) is undefined"),
    (r"\mathbf{x} + A", ShapeMismatch, "a sum of a vector in ℝ^n and a n×n matrix"),
    (r"\|A\|", LatexParseError, "ambiguous"),
    (r"\|\mathbf{x}\|_3", LatexParseError, "unknown norm"),
    (r"x_k", LatexParseError, "k is not a declared index"),
    (r"\mathbf{1} + I", LatexParseError, "cannot tell the size of a sum"),
    (r"\operatorname{softmax}(A)", ShapeMismatch, "softmax takes a vector, not a n×n matrix"),
    (r"\operatorname{tr}(\mathbf{x})", ShapeMismatch, r"\tr of a vector in ℝ^n (not square)"),
    (r"\frac{\partial \mathbf{x}^T\mathbf{b}}{\partial n}", LatexParseError, "a derivative must be taken with respect to"),
    (r"\frac{\partial A\mathbf{x}}{\partial X}", LatexParseError, "derivatives of a vector in ℝ^n with respect to a n×n matrix are not supported"),
    (r"\operatorname{frobnicate}(\mathbf{x})", LatexParseError, "unknown function 'frobnicate'"),
    (r"\operatorname{LeakyReLU}(\mathbf{x})", LatexParseError, r"write \operatorname{LeakyReLU}_\alpha(x)"),
]


@pytest.mark.parametrize("text,kind,words", MISTAKES)
def test_a_mistake_is_worded_the_same_by_every_backend(text, kind, words):
    spec, node = tree(text)
    values = point(spec)
    walks = [
        Interpreter(spec, ExplicitBackend({n: Matrix(*v.shape, lambda r, c: Symbol(f"{n}{r}{c}")) for n, v in values.items()}), "t", sizes(spec)),
        Interpreter(spec, ArrayBackend(dict(values)), "t", sizes(spec)),
        Interpreter(spec, IndexBackend({n: IndexedBase(n) for n in values}, {}, set()), "t"),
    ]
    messages = []
    for walk in walks:
        with pytest.raises(kind) as info:
            walk.ev(node, {})
        messages.append(str(info.value))
    assert len(set(messages)) == 1, messages
    assert words in messages[0]


def test_a_numeric_suspect_is_confirmed_by_the_one_high_precision_rule(monkeypatch):
    calls = []

    def spy(rel_cls, sides, strict_gap=None, nearby=None):
        calls.append(sides(HP_DIGITS))
        return precision.confirm_sides(rel_cls, sides, strict_gap, nearby)

    monkeypatch.setattr(arrays, "confirm_sides", spy)
    spec = read_vector_where(WHERE, {}, "t")
    members, rels = parse_vector(r"\nabla_{\mathbf{x}} \mathbf{x}^\top A \mathbf{x} = 2A\mathbf{x}", where="t", functions={})
    ev = check_at_size(members, rels[0], spec, {spec.sizes["n"]: 20}, where="t", seed=0)
    assert ev.refuted and calls
    left, right = calls[0]
    assert isinstance(left, mpmath.mpf) and abs(left - right) > 1e-6
    assert mpmath.nstr(left, 6) == ev.lhs_value


def test_confirm_sides_needs_a_violation_that_survives_twice_the_digits():
    from sympy import Eq, Lt
    assert precision.confirm_sides(Eq, lambda d: (mpmath.mpf(1), mpmath.mpf(2))) == "violated"
    assert precision.confirm_sides(Eq, lambda d: (mpmath.mpf(1), mpmath.mpf(1) + mpmath.mpf(10) ** -30)) == "holds"
    assert precision.confirm_sides(Eq, lambda d: (None, None)) == "undefined"
    assert precision.confirm_sides(Eq, lambda d: (mpmath.mpf(1), None)) == "violated"
    noisy = {HP_DIGITS: (mpmath.mpf(1), mpmath.mpf(2)), 2 * HP_DIGITS: (mpmath.mpf(1), mpmath.mpf(1))}
    assert precision.confirm_sides(Eq, noisy.get) == "undefined"  # the gap vanished at twice the digits
    assert precision.confirm_sides(Lt, lambda d: (mpmath.mpf(2), mpmath.mpf(2)), lambda: "from the gap rule") == "from the gap rule"
