r"""Functions a ``where`` defines entry by entry, ``\psi(z)_{ki} = …`` (issue 15; seed 001's column-wise softmax).

ψ applied to any argument is the array whose entry (k, i) is the right side with z replaced by the argument;
each letter runs over the axis it indexes there, so ψ(Z) of a K×N matrix is K×N and a sum without limits
runs over the argument's own length. A letter that indexes nothing, axes of different lengths, or a name
that is also a built-in are ERRORs naming the entry, never a guess.
"""

import pytest

from conftest import run_answers
from derivcheck.core.verdict import Verdict

COLUMN_SOFTMAX = [r"\psi(z)_{ki} = \frac{e^{z_{ki}}}{\sum_{j=1}^{K} e^{z_{ji}}}", r"Z \in \mathbb{R}^{K \times N}",
                  r"y \in \{1, \dots, K\}", r"\Delta = \text{onehot}_K(y) \mathbf{1}_N^T",
                  r"J = -\sum_{i=1}^{N} \log \psi(Z)_{y i}"]
SOFTMAX = [r"S(\mathbf{x})_i = \frac{e^{x_i}}{\sum_j e^{x_j}}", r"\mathbf{x} \in \mathbb{R}^n", r"\mathbf{z} \in \mathbb{R}^m",
           r"k, y \in \{1, \dots, m\}"]

CASES = {
    # seed 001's gradient, with one label for every column (a label per example is its own feature)
    "column_softmax_gradient": (r"\frac{\partial J}{\partial Z} = \psi(Z) - \Delta", COLUMN_SOFTMAX, Verdict.PROVEN),
    "column_softmax_gradient_sign": (r"\frac{\partial J}{\partial Z} = \psi(Z) + \Delta", COLUMN_SOFTMAX, Verdict.REFUTED),
    "column_softmax_shape": (r"\psi(Z) \in \mathbb{R}^{K \times N}", COLUMN_SOFTMAX, Verdict.PROVEN),
    # S is defined through x ∈ ℝ^n and applied to z ∈ ℝ^m: its sum runs over z's m entries, not x's n
    "applied_to_another_vector": (r"\sum_{k=1}^{m} S(\mathbf{z})_k = 1", SOFTMAX, Verdict.PROVEN),
    "log_softmax_gradient": (r"\frac{\partial}{\partial z_k} \log S(\mathbf{z})_y = \delta_{ky} - S(\mathbf{z})_k", SOFTMAX,
                             Verdict.PROVEN),
    "column_sums": (r"\sum_{k=1}^{K} \psi(Z)_{k c} = 1", COLUMN_SOFTMAX[:2] + [r"c \in \{1, \dots, N\}"], Verdict.PROVEN),
    "row_sums": (r"\sum_{c=1}^{N} \psi(Z)_{k c} = 1", COLUMN_SOFTMAX[:2] + [r"k \in \{1, \dots, K\}"], Verdict.REFUTED),
    # the parameter is a dummy: z of the definition is not where's z = 2x
    "parameter_named_like_a_definition": (r"\frac{\partial}{\partial x_k} \log S(\mathbf{z})_y = 2\delta_{ky} - 2S(\mathbf{z})_k",
                                          [r"S(\mathbf{z})_i = \frac{e^{z_i}}{\sum_j e^{z_j}}", r"\mathbf{z} = 2\mathbf{x}",
                                           r"\mathbf{x} \in \mathbb{R}^m", r"k, y \in \{1, \dots, m\}"], Verdict.PROVEN),
    "parameter_named_like_a_definition_wrong": (
        r"\frac{\partial}{\partial x_k} \log S(\mathbf{z})_y = \delta_{ky} - S(\mathbf{z})_k",
        [r"S(\mathbf{z})_i = \frac{e^{z_i}}{\sum_j e^{z_j}}", r"\mathbf{z} = 2\mathbf{x}", r"\mathbf{x} \in \mathbb{R}^m",
         r"k, y \in \{1, \dots, m\}"], Verdict.REFUTED),
    # the map's own y is the claim's free y, enumerated like any other
    "index_used_inside_the_map": (r"\mathbf{1}_m^T G(\mathbf{z}) = 0",
                                  [r"G(\mathbf{x})_i = \frac{e^{x_i}}{\sum_j e^{x_j}} - \delta_{iy}", r"\mathbf{z} \in \mathbb{R}^m",
                                   r"y \in \{1, \dots, m\}"], Verdict.PROVEN),
    "scalar_inside_the_map": (r"f(\mathbf{z}) = e^{\lambda} \exp(\mathbf{z})",
                              [r"f(\mathbf{x})_i = e^{x_i + \lambda}", r"\mathbf{z} \in \mathbb{R}^m"], Verdict.PROVEN),
    "log_softmax_gradient_sign": (r"\frac{\partial}{\partial z_k} \log S(\mathbf{z})_y = \delta_{ky} + S(\mathbf{z})_k",
                                  SOFTMAX, Verdict.REFUTED),
}


@pytest.fixture(scope="module")
def results():
    return run_answers([{"id": key, "statement": s, "where": w} for key, (s, w, _) in CASES.items()], timeout=60)


@pytest.mark.parametrize("key", CASES)
def test_a_map_is_its_definition_at_the_argument(results, key):
    r = results[key]
    assert r.verdict == CASES[key][2], (r.verdict, r.message)
    if r.verdict == Verdict.REFUTED:  # with the values where it fails
        assert "left =" in r.message and "right =" in r.message, r.message


REFUSED = {
    "letter_indexes_nothing": ([r"f(\mathbf{x})_i = 1", r"\mathbf{z} \in \mathbb{R}^n"], r"f(\mathbf{z}) = \mathbf{1}_n",
                               "f(x): the range of i is unknown: it indexes no array"),
    "axes_of_different_lengths": ([r"g(\mathbf{x})_i = x_i + b_i", r"\mathbf{b} \in \mathbb{R}^m", r"\mathbf{z} \in \mathbb{R}^n"],
                                  r"g(\mathbf{z}) = \mathbf{z} + \mathbf{b}", "it indexes axes of lengths m and n"),
    "also_a_built_in": ([r"S(\mathbf{x})_i = \frac{e^{x_i}}{\sum_j e^{x_j}}", r"\mathbf{z} \in \mathbb{R}^n"],
                        r"S(\mathbf{z}) = S(\mathbf{z})", "S is a built-in function here and defined here as a function"),
    "parameter_is_an_index": ([r"f(\mathbf{k})_i = k_i", r"\mathbf{x} \in \mathbb{R}^n", r"k \in \{1, \dots, n\}"],
                              r"f(\mathbf{x}) = \mathbf{x}", "the parameter k is an index, a size or a function"),
    # review findings: each was a CHECKED, PROVEN or REFUTED by a reading the claim does not say
    "limit_not_the_arguments_length": ([r"S(\mathbf{x})_i = \frac{e^{x_i}}{\sum_{j=1}^{n} e^{x_j}}", r"\mathbf{x} \in \mathbb{R}^n",
                                        r"\mathbf{z} \in \mathbb{R}^m"], r"\sum_{k=1}^{m} S(\mathbf{z})_k = 1",
                                       "the sum over j runs over x's axis of length m at this argument"),
    "limit_of_the_transpose": ([COLUMN_SOFTMAX[0], COLUMN_SOFTMAX[1], r"c \in \{1, \dots, K\}"],
                               r"\sum_{k=1}^{N} \psi(Z^T)_{k c} = 1", "the sum over j runs over z's axis of length N"),
    "index_past_the_columns": ([COLUMN_SOFTMAX[0], COLUMN_SOFTMAX[1], r"c \in \{1, \dots, K\}"],
                               r"\sum_{k=1}^{K} \psi(Z)_{k c} = 1", "is out of range"),
    "sum_over_the_maps_index": ([r"G(\mathbf{x})_i = \frac{e^{x_i}}{\sum_j e^{x_j}} - \delta_{iy}", r"\mathbf{z} \in \mathbb{R}^m",
                                 r"y \in \{1, \dots, m\}"], r"\sum_{y=1}^{m} G(\mathbf{z})_y = 0",
                                "uses the index y, and the claim applies G inside a sum over y"),
    "definition_through_the_parameter": ([r"f(\mathbf{x})_i = x_i + h_i", r"\mathbf{h} = W\mathbf{x}", r"W \in \mathbb{R}^{n \times n}",
                                          r"\mathbf{x} \in \mathbb{R}^n", r"\mathbf{z} \in \mathbb{R}^n"],
                                         r"f(\mathbf{z}) = \mathbf{z} + W\mathbf{z}", "f(x) uses h, which where writes through x"),
    "entries_through_the_parameter": ([r"f(\mathbf{x})_i = x_i + p_i", r"p_k = 2 x_k", r"k \in \{1, \dots, n\}",
                                       r"\mathbf{x} \in \mathbb{R}^n", r"\mathbf{z} \in \mathbb{R}^n"], r"f(\mathbf{z}) = 3\mathbf{z}",
                                      "f(x) uses p, which where writes through x"),
    "applied_to_a_row": (SOFTMAX[:3], r"S(\mathbf{z}^T) = S(\mathbf{z})", "applied to a row"),
    # a second review's findings
    "shifted_index_in_a_sum": ([r"S(\mathbf{u})_i = \frac{e^{u_i}}{e^{u_1} + \sum_{j=1}^{n-1} e^{u_{j+1}}}", r"\mathbf{x} \in \mathbb{R}^n",
                                r"\mathbf{z} \in \mathbb{R}^m"], r"\sum_{k=1}^{m} S(\mathbf{z})_k = 1",
                               "the sum over j runs over a shifted index of u (j+1)"),
    "size_of_the_declared_parameter": ([r"S(\mathbf{x})_i = \frac{e^{x_i}}{e^{x_1} + \sum_{j=1}^{n-1} e^{x_{j+1}}}",
                                        r"\mathbf{x} \in \mathbb{R}^n", r"\mathbf{z} \in \mathbb{R}^m"],
                                       r"\sum_{k=1}^{m} S(\mathbf{z})_k = 1", "n as written, or the argument's length"),
    # a third review's findings
    "last_entry_or_entry_n": ([r"f(\mathbf{x})_i = x_i - x_n", r"\mathbf{x} \in \mathbb{R}^n", r"\mathbf{z} \in \mathbb{R}^m"],
                              r"f(\mathbf{z}) = \mathbf{z} - z_m \mathbf{1}_m", "its entry n, or its last?"),
    "ones_of_the_declared_length": ([r"f(\mathbf{x})_i = x_i - \mathbf{1}_n^T \mathbf{x}", r"\mathbf{x} \in \mathbb{R}^n",
                                     r"\mathbf{z} \in \mathbb{R}^m"], r"f(\mathbf{z}) = \mathbf{z} - (\mathbf{1}_m^T \mathbf{z}) \mathbf{1}_m",
                                    "n as written, or the argument's length"),
    "shapes_inside_the_map": ([r"f(\mathbf{u})_i = u_i - \mathbf{1}_n^T \mathbf{u}", r"\mathbf{z} \in \mathbb{R}^m", r"n \in \mathbb{N}"],
                              r"f(\mathbf{z}) = \mathbf{z} - (\mathbf{1}_m^T \mathbf{z}) \mathbf{1}_m", "where[1]"),
    "derivative_inside_the_map": ([r"g(\mathbf{x})_i = \frac{\partial}{\partial x_i} \frac{1}{2} \mathbf{x}^T \mathbf{x}",
                                   r"\mathbf{x} \in \mathbb{R}^n", r"\mathbf{z} \in \mathbb{R}^n"], r"g(\mathbf{z}) = \mathbf{z}",
                                  "a derivative inside a function defined entry by entry is not read"),
    "sum_over_an_expression_of_the_argument": (
        [r"f(\mathbf{u})_i = u_i \sum_{j=1}^{n} (2\mathbf{u})_j", r"\mathbf{z} \in \mathbb{R}^m", r"n \in \mathbb{N}"],
        r"f(\mathbf{z}) = \mathbf{z}", "write \\sum_{j} without limits"),
    "sum_over_the_index_through_a_definition": (
        [r"G(\mathbf{x})_i = \frac{e^{x_i}}{\sum_j e^{x_j}} - \delta_{iy}", r"L = G(\mathbf{z})_y", r"\mathbf{z} \in \mathbb{R}^m",
         r"y \in \{1, \dots, m\}"], r"\sum_{y=1}^{m} L = 0", "inside a sum over y"),
    "definition_through_the_letter": ([r"f(\mathbf{x})_k = x_k q", r"q = \delta_{ky}", r"k, y \in \{1, \dots, n\}",
                                       r"\mathbf{z} \in \mathbb{R}^n"], r"f(\mathbf{z}) = \mathbf{z}", "f(x) uses q, which where writes through k"),
    "map_through_the_parameter": ([r"g(\mathbf{u})_i = u_i + x_i", r"f(\mathbf{x})_i = x_i + g(\mathbf{x})_i", r"\mathbf{x} \in \mathbb{R}^n",
                                   r"\mathbf{z} \in \mathbb{R}^n"], r"f(\mathbf{z}) = 3\mathbf{z}", "f(x) uses g, which where writes through x"),
    "sum_in_a_map_over_another_maps_index": (
        [r"G(\mathbf{u})_i = u_i \delta_{iy}", r"F(\mathbf{x})_i = x_i + \sum_{y=1}^{n} G(\mathbf{x})_y", r"\mathbf{x} \in \mathbb{R}^n",
         r"\mathbf{z} \in \mathbb{R}^n", r"y \in \{1, \dots, n\}"], r"F(\mathbf{z}) = \mathbf{z} + (\mathbf{1}_n^T \mathbf{z}) \mathbf{1}_n",
        "uses the index y, and the claim applies G inside a sum over y"),
    "bare_name": (SOFTMAX[:2] + [r"k, y \in \{1, \dots, n\}"], r"\frac{\partial}{\partial x_k} \log S_y = \delta_{ky} - S_k",
                  "S is a function"),
    "prime": ([r"f(\mathbf{x})_i = x_i^2", r"\mathbf{z} \in \mathbb{R}^n"], r"f'(\mathbf{z}) = 2\mathbf{z}",
              "of a function defined entry by entry is not read"),
    "defined_array_of_another_length": ([r"f(\mathbf{x})_i = x_i h_i", r"\mathbf{h} = W\mathbf{v}", r"W \in \mathbb{R}^{m \times d}",
                                         r"\mathbf{v} \in \mathbb{R}^d", r"\mathbf{z} \in \mathbb{R}^n"], r"f(\mathbf{z})_1 = z_1 h_1",
                                        "it indexes axes of lengths m and n"),
    "entries_not_scalars": ([r"f(\mathbf{x})_i = \mathbf{x}", r"\mathbf{z} \in \mathbb{R}^n", r"i \in \{1, \dots, n\}"],
                            r"f(\mathbf{z}) = \mathbf{z}", "each entry must be a scalar"),
}


@pytest.mark.parametrize("key", REFUSED)
def test_a_map_that_cannot_be_read_is_an_error_naming_it(key):
    where, statement, message = REFUSED[key]
    functions = {"S": "softmax"} if key == "also_a_built_in" else {}
    r = run_answers([{"id": key, "statement": statement, "where": where, "functions": functions}], timeout=30)[key]
    assert r.verdict == Verdict.ERROR, (r.verdict, r.message)
    assert message in r.message, r.message


def test_a_sum_without_limits_over_a_maps_entries_is_not_given_the_arguments_length():
    """A review's false pass: Σ_j D(s)_{ij} with D(s) m×m took j over s's columns (one): D(s) is not shaped like s."""
    where = [r"D(\mathbf{s})_{ij} = s_i(\delta_{ij} - s_j)", r"\mathbf{s} \in \mathbb{R}^m", r"i \in \{1, \dots, m\}"]
    claims = {"right": r"\sum_j D(\mathbf{s})_{ij} = s_i (1 - \sum_j s_j)", "slip": r"\sum_j D(\mathbf{s})_{ij} = s_i (\delta_{i1} - s_1)"}
    results = run_answers([{"id": k, "statement": s, "where": where} for k, s in claims.items()], timeout=30)
    for key in claims:  # its range is not guessed: written out, it is checked
        assert results[key].verdict == Verdict.ERROR and "range" in results[key].message, results[key].message
    written = run_answers([{"id": "written", "statement": r"\sum_{j=1}^{m} D(\mathbf{s})_{ij} = s_i (1 - \sum_{j=1}^{m} s_j)",
                            "where": where}], timeout=30)["written"]
    assert written.verdict == Verdict.PROVEN, (written.verdict, written.message)


def test_a_map_applied_to_a_scalar_says_so():
    where = [r"g(\mathbf{u})_i = \frac{1}{1+e^{-u_i}}", r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^n"]
    r = run_answers([{"id": "s", "statement": r"g(\mathbf{w}^T\mathbf{x}) = 1", "where": where}], timeout=30)["s"]
    assert r.verdict == Verdict.ERROR and "the argument there is a scalar" in r.message, r.message
