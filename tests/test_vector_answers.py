r"""Vector and matrix answers end to end: Matrix Cookbook identities, softmax/cross-entropy, shapes.

A true claim with an index form (aᵀx, xᵀAx, tr(AX), aᵀXb, norms, softmax, cross-entropy) must come
out PROVEN for every size (``generic``, scope "all n"); one without (log det: \det and an inverse)
CHECKED with the sizes in its scope. Each false one REFUTED with a counterexample that names its
sizes (and index values or entry), or with both shapes.
"""

import re

import pytest

from derivcheck.answers.load import parse_answers
from derivcheck.answers.model import aggregate
from derivcheck.run.runner import run_claims
from derivcheck.core.verdict import Verdict

VEC = [r"\mathbf{a}, \mathbf{b}, \mathbf{x} \in \mathbb{R}^n"]
MAT = VEC + [r"A, X \in \mathbb{R}^{n \times n}"]
LAYER = [r"W \in \mathbb{R}^{m \times n}", r"\mathbf{x} \in \mathbb{R}^n", r"\mathbf{y} \in \mathbb{R}^m"]
SOFTMAX = {"S": "softmax"}

# (id, statement, where, functions, expected)
CASES = [
    ("grad_aTx", r"\frac{\partial \mathbf{a}^T\mathbf{x}}{\partial \mathbf{x}} = \mathbf{a}", VEC, None, "true"),
    ("grad_aTx_wrong", r"\frac{\partial \mathbf{a}^T\mathbf{x}}{\partial \mathbf{x}} = 2\mathbf{a}", VEC, None, "false"),
    ("grad_xTAx", r"\nabla_{\mathbf{x}} \mathbf{x}^\top A \mathbf{x} = (A + A^\top)\mathbf{x}", MAT, None, "true"),
    ("grad_xTAx_wrong", r"\nabla_{\mathbf{x}} \mathbf{x}^\top A \mathbf{x} = 2A\mathbf{x}", MAT, None, "false"),
    ("grad_trAX", r"\frac{\partial \operatorname{tr}(AX)}{\partial X} = A^T", MAT, None, "true"),
    ("grad_trAX_wrong", r"\frac{\partial \operatorname{tr}(AX)}{\partial X} = A", MAT, None, "false"),
    ("grad_aTXb", r"\frac{\partial \mathbf{a}^T X \mathbf{b}}{\partial X} = \mathbf{a}\mathbf{b}^T", MAT, None, "true"),
    ("grad_aTXb_wrong", r"\frac{\partial \mathbf{a}^T X \mathbf{b}}{\partial X} = \mathbf{b}\mathbf{a}^T", MAT, None, "false"),
    ("grad_logdet", r"\frac{\partial \log \det X}{\partial X} = X^{-T}", MAT + [r"\det(X) > 0"], None, "checked"),
    ("grad_logdet_wrong", r"\frac{\partial \log \det X}{\partial X} = X^{-1}", MAT + [r"\det(X) > 0"], None, "false"),
    ("softmax_entry", r"\frac{\partial S(\mathbf{x})_i}{\partial x_j} = S(\mathbf{x})_i(\delta_{ij} - S(\mathbf{x})_j)",
     VEC + [r"i, j \in \{1, \dots, n\}"], SOFTMAX, "true"),
    ("softmax_entry_wrong", r"\frac{\partial S(\mathbf{x})_i}{\partial x_j} = S(\mathbf{x})_i(1 - S(\mathbf{x})_j)",
     VEC + [r"i, j \in \{1, \dots, n\}"], SOFTMAX, "false"),
    ("softmax_jacobian", r"\frac{\partial \operatorname{softmax}(\mathbf{x})}{\partial \mathbf{x}} = "
     r"\operatorname{diag}(\operatorname{softmax}(\mathbf{x})) - \operatorname{softmax}(\mathbf{x})\operatorname{softmax}(\mathbf{x})^T",
     VEC, None, "true"),
    ("softmax_jacobian_wrong", r"\frac{\partial \operatorname{softmax}(\mathbf{x})}{\partial \mathbf{x}} = "
     r"\operatorname{diag}(\operatorname{softmax}(\mathbf{x}))", VEC, None, "false"),
    ("ce_grad", r"\nabla_{\mathbf{x}} \left(-\log \operatorname{softmax}(\mathbf{x})_y\right) = "
     r"\operatorname{softmax}(\mathbf{x}) - \operatorname{onehot}_n(y)", VEC + [r"y \in \{1, \dots, n\}"], None, "true"),
    ("ce_grad_wrong", r"\nabla_{\mathbf{x}} \left(-\log \operatorname{softmax}(\mathbf{x})_y\right) = "
     r"\operatorname{onehot}_n(y) - \operatorname{softmax}(\mathbf{x})", VEC + [r"y \in \{1, \dots, n\}"], None, "false"),
    ("ce_grad_index", r"\frac{\partial}{\partial x_j}\left(-\log \frac{e^{x_y}}{\sum_{k=1}^{n} e^{x_k}}\right) = "
     r"\frac{e^{x_j}}{\sum_{k=1}^{n} e^{x_k}} - \delta_{jy}", VEC + [r"j, y \in \{1, \dots, n\}"], None, "true"),
    ("ce_grad_index_wrong", r"\frac{\partial}{\partial x_j}\left(-\log \frac{e^{x_y}}{\sum_{k=1}^{n} e^{x_k}}\right) = "
     r"\frac{e^{x_j}}{\sum_{k=1}^{n} e^{x_k}}", VEC + [r"j, y \in \{1, \dots, n\}"], None, "false"),
    ("norm_grad", r"\nabla_{\mathbf{x}} \|\mathbf{x}\|_2^2 = 2\mathbf{x}", VEC, None, "true"),
    ("frobenius_grad", r"\frac{\partial \|X\|_F^2}{\partial X} = 2X", MAT, None, "true"),
    ("entrywise_l1_is_not_frobenius", r"\|X\|_1 = \|X\|_F", MAT, None, "false"),
    ("sigmoid_elementwise", r"\frac{\partial \sigma(\mathbf{x})}{\partial \mathbf{x}} = "
     r"\operatorname{diag}(\sigma(\mathbf{x}) \odot (\mathbf{1} - \sigma(\mathbf{x})))", VEC, None, "true"),
    ("ridge", r"\nabla_{\mathbf{w}} \left(\|X\mathbf{w} - \mathbf{y}\|_2^2 + \lambda \|\mathbf{w}\|_2^2\right) = "
     r"2X^T(X\mathbf{w} - \mathbf{y}) + 2\lambda\mathbf{w}",
     [r"X \in \mathbb{R}^{m \times n}", r"\mathbf{w} \in \mathbb{R}^n", r"\mathbf{y} \in \mathbb{R}^m", r"\lambda > 0"], None, "true"),
    ("ones_dot", r"\mathbf{1}^T\mathbf{x} = \sum_{i=1}^{n} x_i", VEC, None, "true"),
    ("identity_product", r"I\mathbf{x} + \mathbf{0} = \mathbf{x}", VEC, None, "true"),
    # backprop through a linear layer, as a student writes it
    ("linear_layer_grad", r"\nabla_{W} \|W\mathbf{x} - \mathbf{y}\|_2^2 = 2(W\mathbf{x} - \mathbf{y})\mathbf{x}^T", LAYER, None, "true"),
    ("ce_through_linear", r"\nabla_{\mathbf{x}} \left(-\log \operatorname{softmax}(W\mathbf{x})_c\right) = "
     r"W^T(\operatorname{softmax}(W\mathbf{x}) - \operatorname{onehot}_m(c))", LAYER + [r"c \in \{1, \dots, m\}"], None, "true"),
    ("ce_through_linear_no_transpose", r"\nabla_{\mathbf{x}} \left(-\log \operatorname{softmax}(A\mathbf{x})_c\right) = "
     r"A(\operatorname{softmax}(A\mathbf{x}) - \operatorname{onehot}_n(c))", MAT + [r"c \in \{1, \dots, n\}"], None, "false"),
]


@pytest.fixture(scope="module")
def results():
    tables = []
    for cid, statement, where, functions, _ in CASES:
        table = {"id": cid, "statement": statement, "where": where}
        if functions:
            table["functions"] = functions
        tables.append(table)
    af = parse_answers({"claim": tables}, path="t.toml")
    claims = [c for a in af.answers for s in a.steps for c in s.claims]
    by_id = {c.id: r for c, r in zip(claims, run_claims(claims, timeout=60, jobs=2, seed=0))}
    return {a.id: aggregate(a, by_id) for a in af.answers}


@pytest.mark.parametrize("cid,expected", [(c[0], c[4]) for c in CASES])
def test_vector_claim_verdict(cid, expected, results):
    r = results[cid]
    if expected == "true":
        assert r.verdict is Verdict.PROVEN, (r.verdict, r.message)
        assert r.scope.startswith("all ") and r.to_json()["generic"] is True, r.scope
        [step] = r.steps
        assert step.result.method == "index-generic" and step.result.generic
        assert "proven for every size" in step.message and "20" in step.message  # the numbers went to n = 20
    elif expected == "checked":
        assert r.verdict is Verdict.CHECKED, (r.verdict, r.message)
        assert "n = 1" in r.message or "(1, 1)" in r.message
        assert "not proven for every size" in r.message
        assert r.scope.startswith("checked at") and r.to_json()["generic"] is False
    else:
        assert r.verdict is Verdict.REFUTED, (r.verdict, r.message)
        assert "left =" in r.message and "right =" in r.message
        assert r.message.startswith("at n = "), r.message


def one(statement, where, functions=None):
    table = {"id": "c", "statement": statement, "where": where}
    if functions:
        table["functions"] = functions
    [a] = parse_answers({"claim": [table]}, path="t.toml").answers
    return a


@pytest.mark.parametrize("statement,shapes", [
    (r"\nabla_{\mathbf{x}} \mathbf{a}^T\mathbf{x} = \mathbf{a}^T", "the left side is a vector in ℝ^n, the right side is a row vector (1×n)"),
    (r"\nabla_{\mathbf{x}} \mathbf{a}^T\mathbf{x} = \mathbf{a}^T\mathbf{x}", "the left side is a vector in ℝ^n, the right side is a scalar"),
    (r"\mathbf{a}\mathbf{x}^T = 1", "the left side is a n×n matrix, the right side is a scalar"),
    (r"A\mathbf{a} = \mathbf{a}", "the left side is a vector in ℝ^m, the right side is a vector in ℝ^n"),
    (r"A^T\mathbf{a} = \mathbf{a}", "the product (juxtaposition) of a n×m matrix and a vector in ℝ^n is undefined"),
    (r"A A = A", "the product (juxtaposition) of a m×n matrix and a m×n matrix is undefined"),
])
def test_shape_mismatch_is_refuted_with_both_shapes(statement, shapes):
    a = one(statement, [r"\mathbf{a}, \mathbf{x} \in \mathbb{R}^n", r"A \in \mathbb{R}^{m \times n}"])
    [step] = a.steps
    assert step.refuted is not None and shapes in step.refuted, step.refuted
    r = aggregate(a, {})
    assert r.verdict is Verdict.REFUTED and shapes in r.message


def test_no_size_symbol_can_be_proven():
    r_answer = one(r"\nabla_{\mathbf{x}} \mathbf{a}^T\mathbf{x} = \mathbf{a}", [r"\mathbf{a}, \mathbf{x} \in \mathbb{R}^3"])
    claims = [c for s in r_answer.steps for c in s.claims]
    assert len(claims) == 1
    [res] = run_claims(claims, timeout=60, jobs=1, seed=0)
    assert aggregate(r_answer, {claims[0].id: res}).verdict is Verdict.PROVEN


def test_sizes_always_include_1_2_3_and_random_and_large():
    a = one(r"\nabla_{\mathbf{x}} \mathbf{a}^T\mathbf{x} = \mathbf{a}", [r"\mathbf{a}, \mathbf{x} \in \mathbb{R}^n"])
    sizes = [c.hints["sizes"] for s in a.steps for _, c, _ in s.sized]
    values = [next(iter(d.values())) for d in sizes]
    assert values[:3] == [1, 2, 3] and max(values) == 20 and all(4 <= v <= 16 for v in values[3:5])
    assert [c.numeric_only for s in a.steps for _, c, _ in s.sized] == [False] * 3 + [True] * 3
    [step] = a.steps
    assert step.generic is not None and step.generic in step.claims  # the index form goes to the runner too


def test_det_and_matrices_reach_size_20_without_building_it():
    # no size caps: the large sizes are numpy closures, built in the worker
    a = one(r"\frac{\partial \log \det X}{\partial X} = X^{-T}", [r"X \in \mathbb{R}^{n \times n}", r"\det(X) > 0"])
    [step] = a.steps
    assert step.generic is None  # det/inverse: no index form
    numeric = [c for _, c, symbolic in step.sized if not symbolic]
    assert [c.hints["sizes"] for c in numeric][-1] and max(next(iter(c.hints["sizes"].values())) for c in numeric) == 20
    assert all(callable(c.numeric_check) for c in numeric)


def test_free_indices_cover_equal_and_unequal():
    a = one(r"\frac{\partial S(\mathbf{x})_i}{\partial x_j} = S(\mathbf{x})_i(\delta_{ij} - S(\mathbf{x})_j)",
            [r"\mathbf{x} \in \mathbb{R}^n", r"i, j \in \{1, \dots, n\}"], SOFTMAX)
    at2 = [c for s in a.steps for c in s.claims][1]
    assert len(at2.statement) == 4  # (i, j) ∈ {1, 2}²: i = j twice, i ≠ j twice


@pytest.mark.parametrize("statement,where,message", [
    (r"\|A\| = 1", [r"A \in \mathbb{R}^{n \times n}"], r"ambiguous"),
    (r"x_k = 1", [r"\mathbf{x} \in \mathbb{R}^n"], r"k is not a declared index"),
    (r"\mathbf{x} = \frobnicate", [r"\mathbf{x} \in \mathbb{R}^n"], r"column"),
    # a size that only the statement names: once a crash (TypeError) of the whole run
    (r"\mathbf{x}^T\operatorname{onehot}_m(1) = x_1", [r"\mathbf{x} \in \mathbb{R}^n"], r"the size m is not declared"),
])
def test_bad_vector_input_is_an_error(statement, where, message):
    a = one(statement, where)
    errors = [a.error] + [s.error for s in a.steps]
    assert any(e and message in e for e in errors), errors


def test_unsatisfiable_matrix_condition_is_an_error():
    a = one(r"\operatorname{tr}(X) = 1", [r"X \in \mathbb{R}^{n \times n}", r"\det(X) > 0", r"\det(X) < 0"])
    claims = [c for s in a.steps for c in s.claims]
    res = run_claims(claims, timeout=60, jobs=2, seed=0)
    r = aggregate(a, {c.id: x for c, x in zip(claims, res)})
    assert r.verdict is Verdict.ERROR, (r.verdict, r.message)


def test_refuted_index_claim_names_the_failing_indices(results):
    r = results["softmax_entry_wrong"]
    assert re.search(r"^at n = \d+, i = \d+, j = \d+: ", r.message), r.message


def test_refuted_matrix_claim_names_the_failing_entry(results):
    r = results["grad_trAX_wrong"]
    assert re.search(r"^at n = \d+, entry \(\d+, \d+\): ", r.message), r.message


def test_building_a_large_explicit_size_is_bounded_in_the_parent():
    # A^{64} of a symbolic 3×3 matrix would take minutes to build here: that size becomes numbers
    # only (numpy, in the worker) instead of hanging the reading of the file
    a = one(r"A^{64}\mathbf{x} = A^{63}A\mathbf{x}", [r"A \in \mathbb{R}^{n \times n}", r"\mathbf{x} \in \mathbb{R}^n"])
    [step] = a.steps
    assert step.error is None and len(step.sized) == 6
    label, claim, symbolic = step.sized[2]
    assert label == "n = 3" and not symbolic and callable(claim.numeric_check)


def test_a_derivative_of_a_name_that_is_only_declared_is_refused_not_refuted():
    """∂o/∂h with o only declared read o as independent: 0, and a true ∂o^a/∂h^s = W REFUTED (seed 004, whose
    definition of o^a was not read). The scalar reader refuses ∂L/∂a for a bare L; the vector reader now too."""
    import derivcheck

    where = [r"\mathbf{o} \in \mathbb{R}^m", r"\mathbf{h} \in \mathbb{R}^d", r"W \in \mathbb{R}^{m \times d}"]
    result = derivcheck.check(r"\frac{\partial \mathbf{o}}{\partial \mathbf{h}} = W", where=where, timeout=30, jobs=1)
    assert result.verdict.value == "ERROR" and "nothing defines (only its shape is known), so it does not depend on h" in result.message
    defined = [r"\mathbf{o} = W\mathbf{h}"] + where[1:]
    assert derivcheck.check(r"\frac{\partial \mathbf{o}}{\partial \mathbf{h}} = W", where=defined, timeout=30, jobs=1).verdict.value == "PROVEN"
    # an array read from a sum index (l_k) is no different: 2 Σ ∂l_k/∂s was PROVEN as 0 = 0
    doubled = derivcheck.check(r"\frac{\partial L}{\partial s} = 2 \sum_{k=1}^{4} \frac{\partial l_k}{\partial s}",
                               where=[r"L = \sum_{k=1}^{4} l_k", r"s \in \mathbb{R}"], timeout=30, jobs=1)
    assert doubled.verdict.value == "ERROR", doubled.message
    same = derivcheck.check(r"\frac{\partial x_i}{\partial x_j} = \delta_{ij}",
                            where=[r"\mathbf{x} \in \mathbb{R}^n", r"i, j \in \{1, \dots, n\}"], timeout=30, jobs=1)
    assert same.verdict.value == "PROVEN"


def test_an_undeclared_letter_before_a_tagged_name_in_parentheses_is_ambiguous():
    """\\phi(O^A) was φ times O^A, and seed 004's O^s = \\phi(O^A) = softmax(…) REFUTED "at phi = 0"."""
    import derivcheck

    where = [r"O^A \in \mathbb{R}^m", r"h^{(1)} \in \mathbb{R}^m", r"\mathbf{x} \in \mathbb{R}^m"]
    for statement in (r"\phi(O^A) = \text{softmax}(O^A)", r"\phi(h^{(1)}) = \text{softmax}(h^{(1)})",
                      r"\psi(x_1) = \sigma(x_1)"):
        result = derivcheck.check(statement, where=where, timeout=30, jobs=1)
        assert result.verdict.value == "ERROR" and "is ambiguous" in result.message, (statement, result.message)
    declared = derivcheck.check(r"\lambda(\mathbf{x} + O^A) = \lambda \mathbf{x} + \lambda O^A",
                                where=where + [r"\lambda \in \mathbb{R}"], timeout=30, jobs=1)
    assert declared.verdict.value == "PROVEN"  # a declared scalar before parentheses is a product


def test_an_index_that_runs_past_the_array_it_indexes_is_an_error_at_every_size():
    """i ∈ {1..n} on h ∈ ℝ^{d_h} (an index a document declared for another question) was out of range only at the
    sizes drawn with n > d_h: the same claim was CHECKED in one place and an ERROR in another (seed 004)."""
    import derivcheck

    where = [r"\mathbf{h} = \mathbf{x}", r"\mathbf{x} \in \mathbb{R}^{d_h}", r"j \in \{1, \dots, d_h\}"]
    statement = r"\frac{\partial h_i}{\partial x_j} = \delta_{ij}"
    result = derivcheck.check(statement, where=where + [r"i \in \{1, \dots, n\}"], timeout=30, jobs=1)
    assert result.verdict.value == "ERROR" and "i runs over 1..n but indexes h along a dimension of size d_h" in result.message
    fits = derivcheck.check(statement, where=where + [r"i \in \{1, \dots, d_h\}"], timeout=30, jobs=1)
    assert fits.verdict.value == "PROVEN"
    shorter = derivcheck.check(r"x_{k} = x_{k}", where=[r"\mathbf{x} \in \mathbb{R}^{n}", r"k \in \{1, \dots, n - 1\}"],
                               timeout=30, jobs=1)
    assert "runs over" not in (shorter.message or "")  # 1..n-1 fits in ℝ^n


@pytest.mark.parametrize("statement, where, verdict, words", [
    # k + 1 is one index; the size where k runs over nothing (n = 1) claims nothing and is skipped
    (r"x_{k+1} - x_k = 2", [r"k \in \{1, \dots, n-1\}"], "REFUTED", "at n = 2"),
    (r"x_{k+1} + x_k = x_k + x_{k+1}", [r"k \in \{1, \dots, n-1\}"], "PROVEN", "all n"),
    # a sum telescopes; x_n, with n the vector's size, is its last entry
    (r"\sum_{k=1}^{n-1} (x_{k+1} - x_k) = x_n - x_1", [], "CHECKED", "checked at"),
    (r"\sum_{k=1}^{n-1} (x_{k+1} - x_k) = x_n", [], "REFUTED", "at n = 1"),
    # k + 1 past the end, at every size: an error naming the range to declare
    (r"x_{k+1} = x_{k+1}", [r"k \in \{1, \dots, n\}"], "ERROR",
     r"k + 1 runs up to n + 1 but indexes x along a dimension of size n: out of range wherever n + 1 > n; "
     r"declare k \in \{1, \dots, n - 1\}"),
    (r"x_{k-1} = x_{k-1}", [r"k \in \{1, \dots, n\}"], "ERROR", "out of range"),
    (r"x_{k+} = x_k", [r"k \in \{1, \dots, n\}"], "ERROR", "'+' ends an index"),
])
def test_index_arithmetic_in_a_subscript(statement, where, verdict, words):
    import derivcheck

    result = derivcheck.check(statement, where=[r"\mathbf{x} \in \mathbb{R}^n", *where], timeout=30, jobs=1)
    assert result.verdict.value == verdict, (statement, result.verdict, result.message)
    assert words in (result.message or "") + " " + (result.scope or ""), (result.message, result.scope)


def test_a_size_where_an_index_runs_over_nothing_is_not_in_the_scope():
    import derivcheck

    result = derivcheck.check(r"x_{k+1} - x_k = 2", where=[r"\mathbf{x} \in \mathbb{R}^n", r"k \in \{1, \dots, n-1\}"],
                              timeout=30, jobs=1)
    assert result.scope.startswith("checked at n = 2, 3"), result.scope  # n = 1 claims nothing
