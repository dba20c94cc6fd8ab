r"""A label per example, ``y_i \in \{1, \dots, K\}`` with i an index in 1..N (issue 15; seed 001's assignment).

y is then one class per example, y ∈ {1..K}^N: ``y_i`` reads as an index wherever an index goes (a subscript
``\psi(Z)_{y_i i}``, a δ ``\delta_{k y_i}``, an indicator ``\mathbb{1}\{y_i = k\}``). At each size every example's
label is drawn like a free index (y[1], …, y[N]); for every size the index form reads them as the catalog does,
``vector(N, of=index(K))``. A label used as a number, or y alone, is an ERROR.
"""

import pytest

from conftest import run_answers
from derivcheck.core.verdict import Verdict

SEED_001 = [r"\psi(z)_{ki} = \frac{e^{z_{ki}}}{\sum_{j=1}^{K} e^{z_{ji}}}", r"Z \in \mathbb{R}^{K \times N}", r"i \in \{1, \dots, N\}",
            r"k \in \{1, \dots, K\}", r"y_i \in \{1, \dots, K\}", r"\Delta_{ki} = \mathbb{1}\{y_i = k\}",
            r"J = -\frac{1}{N} \sum_{i=1}^{N} \log \psi(Z)_{y_i i}"]

CASES = {
    "gradient": (r"\frac{\partial J}{\partial Z} = \frac{1}{N}(\psi(Z) - \Delta)", Verdict.PROVEN),
    "gradient_without_the_mean": (r"\frac{\partial J}{\partial Z} = \psi(Z) - \Delta", Verdict.REFUTED),
    "entry": (r"\frac{\partial J}{\partial Z_{ki}} = \frac{1}{N}(\psi(Z)_{ki} - \delta_{k y_i})", Verdict.PROVEN),
    "entry_with_the_first_label": (r"\frac{\partial J}{\partial Z_{ki}} = \frac{1}{N}(\psi(Z)_{ki} - \delta_{k y_1})", Verdict.REFUTED),
    "loss_with_the_first_label": (r"J = -\frac{1}{N} \sum_{i=1}^{N} \log \psi(Z)_{y_1 i}", Verdict.REFUTED),
    "one_hot_columns": (r"\mathbf{1}_K^T \Delta = \mathbf{1}_N^T", Verdict.PROVEN),
}


@pytest.fixture(scope="module")
def results():
    return run_answers([{"id": key, "statement": s, "where": SEED_001} for key, (s, _) in CASES.items()], timeout=60)


@pytest.mark.parametrize("key", CASES)
def test_each_example_has_its_own_label(results, key):
    r = results[key]
    assert r.verdict == CASES[key][1], (r.verdict, r.message)
    if r.verdict == Verdict.REFUTED:  # the counterexample names the labels drawn
        assert "y[1] = " in r.message, r.message


@pytest.mark.parametrize("statement, message", [
    (r"J = -\frac{1}{N} \sum_{i=1}^{N} y_i", "is a label"),  # a class is not a number to add
    (r"\frac{\partial J}{\partial Z} = y", "is a label per example"),
])
def test_a_label_is_read_as_an_index_only(statement, message):
    r = run_answers([{"id": "c", "statement": statement, "where": SEED_001}], timeout=30)["c"]
    assert r.verdict == Verdict.ERROR and message in r.message, (r.verdict, r.message)


def test_a_label_per_example_needs_its_example_index_declared():
    where = [w for w in SEED_001 if not w.startswith("i ")]
    r = run_answers([{"id": "c", "statement": r"\frac{\partial J}{\partial Z} = \frac{1}{N}(\psi(Z) - \Delta)",
                      "where": where}], timeout=30)["c"]
    assert r.verdict == Verdict.ERROR, (r.verdict, r.message)


def test_the_label_is_read_with_braces_and_the_data_annotation_is_no_factor():
    where = [w.replace("y_i i}", "y_{i} i}") for w in SEED_001]
    r = run_answers([{"id": "c", "statement": r"\frac{\partial J}{\partial Z}(\{x_i, y_i\}_{i=1}^N) = \frac{1}{N}\left\{\psi(Z) - \Delta\right\}",
                      "where": where}], timeout=60)["c"]
    assert r.verdict == Verdict.PROVEN, (r.verdict, r.message)
    assert "(\\{x_i,y_i\\}_{i=1}^N) read as the data the derivative is taken on" in r.scope, r.scope


@pytest.mark.parametrize("where, statement, message", [
    # the label declared per class (y_k, k over K) and read per example: past the K labels wherever N > K
    ([w.replace("y_i \\in", "y_k \\in") for w in SEED_001], r"\frac{\partial J}{\partial Z} = \frac{1}{N}(\psi(Z) - \Delta)",
     "y_i reads the label of example i, but i runs over 1..N and the examples over 1..K"),
    (SEED_001, r"\sum_{i=1}^{N-1} \Delta_{k y_{i+1}} = 0", "the label of an example is written y_i"),
])
def test_a_label_read_past_its_examples_is_refused(where, statement, message):
    r = run_answers([{"id": "c", "statement": statement, "where": where}], timeout=30)["c"]
    assert r.verdict == Verdict.ERROR and message in r.message, (r.verdict, r.message)
