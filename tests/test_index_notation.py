r"""Index notation as the seeds write it: indicators of index relations, conditions on indices, sums
without limits, and cases chosen by an index relation.

``\mathbf{1}_{i=j}``, ``\mathbb{1}\{i = j\}``, Iverson's ``[i = j]`` and ``\delta_{i=j}`` are Kronecker's δ
(``\neq``: 1 − δ); a ``where`` condition that only relates the step's free indices (``i = j``,
``i \neq j``) chooses the index values the step is claimed for, instead of being "always false".
Each true form is judged right and each wrong one REFUTED, never the other way round.
"""

import pytest

from derivcheck.answers.load import parse_answers
from derivcheck.answers.model import aggregate
from conftest import run_answers
from derivcheck.core.verdict import Verdict

X = [r"\mathbf{x} \in \mathbb{R}^n", r"i, j \in \{1, \dots, n\}"]
S = {"S": "softmax"}
DS = r"\frac{\partial S(\mathbf{x})_i}{\partial x_j} = "

CE = [r"o^a \in \mathbb{R}^m", r"o^s = \text{softmax}(o^a)", r"L = -\log o_y^s", r"y \in \{1, \dots, m\}", r"k \in \{1, \dots, m\}"]
CE_DL = r"\frac{\partial L}{\partial o_k^a} = "
SIG = [r"h^a \in \mathbb{R}^n", r"h^s = \sigma(h^a)", r"i, j \in \{1, \dots, n\}"]
SIG_D = r"\frac{\partial h_i^s}{\partial h_j^a} = "

LIN = [r"\mathbf{x} \in \mathbb{R}^d", r"\mathbf{W} \in \mathbb{R}^{m \times d}", r"\mathbf{h} = \mathbf{W}\mathbf{x}",
       r"j \in \{1, \dots, m\}"]
NET1 = [r"\mathbf{x} \in \mathbb{R}^d", r"\mathbf{W}^{(1)} \in \mathbb{R}^{d_h \times d}", r"\mathbf{b}^{(1)} \in \mathbb{R}^{d_h}",
        r"\mathbf{h}^a = \mathbf{W}^{(1)} \mathbf{x} + \mathbf{b}^{(1)}", r"j \in \{1, \dots, d_h\}"]

UFLDL = [r"z^{(2)} \in \mathbb{R}^m", r"W^{(2)} \in \mathbb{R}^{K \times m}", r"\mathbf{b} \in \mathbb{R}^K", r"\mathbf{y} \in \mathbb{R}^K",
         r"z^{(3)} = W^{(2)} \sigma(z^{(2)}) + \mathbf{b}", r"J = \frac{1}{2}\|z^{(3)} - \mathbf{y}\|^2", r"\delta^{(3)} = z^{(3)} - \mathbf{y}",
         r"\delta^{(2)} = \frac{\partial J}{\partial z^{(2)}}"]

# (id, statement, where, functions, expected)
CASES = [
    ("bold_one", DS + r"S(\mathbf{x})_i \mathbf{1}_{i=j} - S(\mathbf{x})_i S(\mathbf{x})_j", X, S, "true"),
    ("bold_one_neq", DS + r"S(\mathbf{x})_i \mathbf{1}_{i \neq j} - S(\mathbf{x})_i S(\mathbf{x})_j", X, S, "false"),
    ("iverson", DS + r"S(\mathbf{x})_i ([i = j] - S(\mathbf{x})_j)", X, S, "true"),
    ("iverson_wrong", DS + r"S(\mathbf{x})_i ([i = j] + S(\mathbf{x})_j)", X, S, "false"),
    ("blackboard_braces", DS + r"S(\mathbf{x})_i (\mathbb{1}\{i = j\} - S(\mathbf{x})_j)", X, S, "true"),
    ("blackboard_subscript_set", DS + r"S(\mathbf{x})_i (\mathbb{1}_{\{i = j\}} - S(\mathbf{x})_j)", X, S, "true"),
    ("delta_equals", DS + r"S(\mathbf{x})_i (\delta_{i=j} - S(\mathbf{x})_j)", X, S, "true"),
    ("ones_vector_still", r"\mathbf{1}_n^T \mathbf{x} = \sum_{i=1}^n x_i", X[:1], None, "true"),
    # where i = j / i ≠ j: the step is claimed on (off) the diagonal only
    ("diag_on", r"\text{diag}(\mathbf{x})_{ij} = x_i", X + ["i = j"], None, "true"),
    ("diag_off", r"\text{diag}(\mathbf{x})_{ij} = 0", X + [r"i \neq j"], None, "true"),
    ("diag_on_wrong", r"\text{diag}(\mathbf{x})_{ij} = 0", X + ["i = j"], None, "false"),
    ("diag_off_wrong", r"\text{diag}(\mathbf{x})_{ij} = x_i", X + [r"i \neq j"], None, "false"),
    ("softmax_off_diagonal", DS + r"-S(\mathbf{x})_i S(\mathbf{x})_j", X + [r"i \neq j"], S, "true"),
    ("softmax_off_diagonal_wrong", DS + r"S(\mathbf{x})_i (1 - S(\mathbf{x})_j)", X + [r"i \neq j"], S, "false"),
    # sums without limits: the range is the length of what the index subscripts
    ("norm2_no_limits", r"\|\mathbf{x}\|_2^2 = \sum_i \mathbf{x}_i^2", X[:1], None, "true"),
    ("norm1_no_limits", r"\|\mathbf{x}\|_1 = \sum_i |\mathbf{x}_i|", X[:1], None, "true"),
    ("norm1_no_limits_wrong", r"\|\mathbf{x}\|_1 = |\sum_i \mathbf{x}_i|", X[:1], None, "false"),
    ("softmax_no_limits", r"S(\mathbf{x})_i = \frac{e^{x_i}}{\sum_j e^{x_j}}", X, S, "true"),
    ("softmax_no_limits_wrong", r"S(\mathbf{x})_i = \frac{e^{x_i}}{\sum_j e^{x_i}}", X, S, "false"),
    ("ce_braced_no_limits", r"-\log \left( \frac{\exp(y_{k})}{\sum_{j} \exp(y_{j})} \right) = "
     r"\log \left( \sum_{j} \exp(y_{j}) \right) - y_{k}", [r"y \in \mathbb{R}^K", r"k \in \{1, \dots, K\}"], None, "true"),
    # a \sum with no index at all (seed 004): over the one letter that subscripts its body; \times -b
    ("bare_sum", r"\frac{\partial}{\partial x_j} \frac{\exp(x_i)}{\sum_{k=1}^{n} \exp(x_k)} = \frac{\exp(x_i)}{\sum \exp(x_j)} "
     r"\times -\frac{\exp(x_j)}{\sum \exp(x_j)}", X + [r"i \neq j"], None, "true"),
    ("bare_sum_wrong", r"\frac{\partial}{\partial x_j} \frac{\exp(x_i)}{\sum_{k=1}^{n} \exp(x_k)} = \frac{\exp(x_i)}{\sum \exp(x_j)} "
     r"\times \frac{\exp(x_j)}{\sum \exp(x_j)}", X + [r"i \neq j"], None, "false"),
    ("bare_sum_of_a_definition", r"\sum c_i = 1", [r"c = \text{onehot}_k(y)", r"y \in \{1, \dots, k\}"], None, "true"),
    ("frobenius_two_indices", r"\|W\|_F^2 = \sum_{i,j} W_{ij}^2", [r"W \in \mathbb{R}^{m \times n}"], None, "true"),
    ("frobenius_two_indices_wrong", r"\|W\|_F^2 = \sum_{i,j} W_{ij}", [r"W \in \mathbb{R}^{m \times n}"], None, "false"),
    # cases chosen by a relation between indices (seed 004 Q2 l, m, o, r as written)
    ("cases_semicolon", CE_DL + r"\begin{cases} o_k^s - 1 & ; \quad k=y \\ o_k^s & ; \quad k \neq y \end{cases}", CE, None, "true"),
    ("cases_semicolon_swapped", CE_DL + r"\begin{cases} o_k^s & ; \quad k=y \\ o_k^s - 1 & ; \quad k \neq y \end{cases}", CE, None,
     "false"),
    ("cases_bare_and_otherwise", SIG_D + r"\begin{cases} \sigma(h_j^a)(1 - \sigma(h_j^a)) & i = j \\ 0 & \text{otherwise} \end{cases}",
     SIG, None, "true"),
    ("cases_if_comma", SIG_D + r"\begin{cases} \sigma(h_j^a)(1 - \sigma(h_j^a)), & \text{if } i = j, \\ 0, & \text{if } i \neq j. "
     r"\end{cases}", SIG, None, "true"),
    ("cases_sigma_not_its_derivative", SIG_D + r"\begin{cases} \frac{1}{1 + \exp(-h_j^a)} & i = j \\ 0 & i \neq j \end{cases}",
     SIG, None, "false"),
    # layout and Unicode as pasted, in vector claims too
    ("tfrac", r"\nabla_{\mathbf{x}} \tfrac{1}{2}\|\mathbf{x}\|^2 = \mathbf{x}", X[:1], None, "true"),
    ("lVert", r"\nabla_{\mathbf{x}} \lVert \mathbf{x} \rVert_2^2 = 2\mathbf{x}", X[:1], None, "true"),
    ("lVert_wrong", r"\nabla_{\mathbf{x}} \lVert \mathbf{x} \rVert_2^2 = \mathbf{x}", X[:1], None, "false"),
    ("unicode_vector", "∇_{\\mathbf{x}} ‖\\mathbf{x}‖² = 2\\mathbf{x}", ["\\mathbf{x} ∈ ℝ^n"], None, "true"),
    ("unicode_vector_wrong", "∇_{\\mathbf{x}} ‖\\mathbf{x}‖² = \\mathbf{x}", ["\\mathbf{x} ∈ ℝ^n"], None, "false"),
    ("top_on_tagged", r"(W^{(1)})^{\top} \mathbf{x} = (\mathbf{x}^\top W^{(1)})^\top",
     [r"W^{(1)} \in \mathbb{R}^{n \times n}", X[0]], None, "true"),
    # rows and columns by slice (seed 000 Q2 a, b: \mathbf{W}_{j,:}^{(1)} \cdot \mathbf{x})
    ("row_slice", r"\mathbf{h}_j = \mathbf{W}_{j,:} \mathbf{x} = \sum_{i=1}^d W_{j,i} x_i", LIN, None, "true"),
    ("row_slice_tagged", r"\mathbf{h}_j^a = \mathbf{b}_j^{(1)} + \mathbf{W}_{j,:}^{(1)} \cdot \mathbf{x}", NET1, None, "true"),
    ("column_slice_is_not_the_row", r"\mathbf{h}_j = \mathbf{W}_{:,j}^T \mathbf{x}",
     [r"\mathbf{x} \in \mathbb{R}^d", r"\mathbf{W} \in \mathbb{R}^{d \times d}", r"\mathbf{h} = \mathbf{W}\mathbf{x}",
      r"j \in \{1, \dots, d\}"], None, "false"),
    ("bold_identity", r"\frac{\partial \mathbf{h}}{\partial \mathbf{x}} = \mathbf{W} \mathbf{I}", LIN, None, "true"),
    ("bold_identity_wrong", r"\frac{\partial \mathbf{h}}{\partial \mathbf{x}} = 2\mathbf{W} \mathbf{I}", LIN, None, "false"),
    # a function's derivative applied entrywise (UFLDL's backprop: δ⁽ˡ⁾ = (W⁽ˡ⁾)ᵀδ⁽ˡ⁺¹⁾ ⊙ σ'(z⁽ˡ⁾))
    ("prime_entrywise", r"\sigma'(\mathbf{x}) = \sigma(\mathbf{x}) \odot (\mathbf{1} - \sigma(\mathbf{x}))", X[:1], None, "true"),
    ("prime_entrywise_wrong", r"\tanh'(\mathbf{x}) = \mathbf{1} - \tanh(\mathbf{x})", X[:1], None, "false"),
    ("prime_in_backprop", r"\delta^{(2)} = (W^{(2)})^T \delta^{(3)} \odot \sigma'(z^{(2)})", UFLDL, None, "true"),
    ("prime_in_backprop_forgotten", r"\delta^{(2)} = (W^{(2)})^T \delta^{(3)} \odot \sigma(z^{(2)})", UFLDL, None, "false"),
    ("row_sum_no_limits", r"(W\mathbf{1})_i = \sum_j W_{ij}", [r"W \in \mathbb{R}^{m \times n}", r"i \in \{1, \dots, m\}"], None, "true"),
]


@pytest.fixture(scope="module")
def results():
    return run_answers([{"id": cid, "statement": statement, "where": where, **({"functions": fn} if fn else {})}
                        for cid, statement, where, fn, _ in CASES], timeout=60)


@pytest.mark.parametrize("cid,expected", [(c[0], c[4]) for c in CASES])
def test_index_notation_verdict(cid, expected, results):
    r = results[cid]
    if expected == "true":
        assert r.verdict in (Verdict.PROVEN, Verdict.CHECKED), (r.verdict, r.message)
    else:
        assert r.verdict is Verdict.REFUTED, (r.verdict, r.message)
        assert "left =" in r.message and "right =" in r.message


def test_a_refutation_under_i_neq_j_is_off_the_diagonal(results):
    message = results["diag_off_wrong"].message
    i, j = (int(message.split(f"{name} = ")[1].split(",")[0].split(":")[0]) for name in "ij")
    assert i != j, message


def test_i_neq_j_at_n_1_is_vacuous_not_checked():
    table = {"id": "c", "statement": r"\text{diag}(\mathbf{x})_{ij} = 0", "where": X + [r"i \neq j"]}
    [a] = parse_answers({"claim": [table]}, path="t.toml").answers
    sizes = [c.hints["sizes"] for s in a.steps for _, c, _ in s.sized]
    assert sizes and all(next(iter(d.values())) > 1 for d in sizes), sizes


@pytest.mark.parametrize("statement,says", [
    (r"\mathbb{1}[0 < x_1 < 1] \mathbf{x} = \mathbf{x}", "one relation per condition"),
    (r"\mathbb{1} \mathbf{x} = \mathbf{x}", r"\mathbb{1} is an indicator"),
])
def test_an_indicator_that_is_not_about_indices_is_refused_clearly(statement, says):
    [a] = parse_answers({"claim": [{"id": "c", "statement": statement, "where": X[:1]}]}, path="t.toml").answers
    r = aggregate(a, {})
    assert r.verdict is Verdict.ERROR and says in r.message, r.message
    assert "column" in r.message


@pytest.mark.parametrize("statement,where,says", [
    (r"\sum_j x_j y_j = 0", [r"\mathbf{x} \in \mathbb{R}^n", r"\mathbf{y} \in \mathbb{R}^m"], "x has length n there; y has length m"),
    (r"\sum_j u_j = 1", [r"\mathbf{x} \in \mathbb{R}^n"], "no declared vector or matrix is indexed by j"),
    (r"|x_1| x_2 |x_3| = 1", [r"\mathbf{x} \in \mathbb{R}^n"], "ambiguous"),
    (SIG_D + r"\begin{cases} 1 & i = j \\ 0 & i = j \end{cases}", SIG, "these cases may overlap or leave values out"),
    (r"\mathbf{W}_j = \mathbf{W}_j", LIN, "is its row or its column"),  # beside x it is the row (test_one_index)
    (r"\frac{\partial f(X)}{\partial X} = \nabla f(X)", [r"X \in \mathbb{R}^{n \times n}", r"f: \mathbb{R}^{n \times n} \to \mathbb{R}"],
     "an abstract function with matrix arguments or values is not read"),
    (SIG_D + r"\begin{cases} 1 & h_i^a > 0 \\ 0 & h_i^a < 0 \end{cases}", SIG, "these cases may overlap or leave values out"),
    (r"\sum W_{ij} x_j = 0", [r"W \in \mathbb{R}^{n \times n}", X[0]], r"\sum without an index: over i or j? write \sum_i"),
    # A + λ: λI or λ added to every entry (a vector plus a scalar has one reading, test_broadcast)
    (r"A + c = A", [r"A \in \mathbb{R}^{n \times n}", r"c \in \mathbb{R}"], r"A + \lambda I"),
])
def test_what_cannot_be_read_one_way_is_refused(statement, where, says):
    [a] = parse_answers({"claim": [{"id": "c", "statement": statement, "where": where, "functions": S}]}, path="t.toml").answers
    r = aggregate(a, {})
    assert r.verdict is Verdict.ERROR and says in r.message, r.message


@pytest.mark.parametrize("value", ["1/2", r"\alpha"])
def test_an_index_given_a_value_that_is_not_a_whole_number_is_refused_naming_it(value):
    """k = 1/2 in where was truncated to entry 0 (and α crashed the reader with a TypeError)."""
    from derivcheck import api
    r = api.check("x_k = x_k", where=[r"\mathbf{x} \in \mathbb{R}^n", f"k = {value}"], timeout=60)
    assert r.verdict.value == "ERROR" and "k is used as an index" in r.message and "not a whole number" in r.message, r.message
