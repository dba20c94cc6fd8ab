r"""Shapes a document states in words (seed 000: "Let $\mathbf{W}^{(1)}$ be a $d_h \times d$ matrix", the dataset's
"$x^{(i)} \in \mathbb{R}^d$" then "given $\mathbf{x}$ as input"), and a derivative of a name nothing defines."""

from pathlib import Path

import pytest

from derivcheck.documents.check import check_documents
from derivcheck.documents.context import binding_names

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "worded_declarations.md"


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    path = tmp_path_factory.mktemp("doc") / "hw.md"
    path.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    [report] = check_documents([path], timeout=60, jobs=2, seed=0)
    return [(e.line, e.kind, r and r.verdict.value, e.message or "", e.notes) for e, r in zip(report.entries, report.results)]


def test_a_shape_stated_in_words_is_a_declaration(found):
    declared = [x for x in found if x[0] == 3 and x[1] == "declaration" and "in words" in x[3]]
    assert [x[3].split(":")[0] for x in declared] == [r"declares \mathbf{W}^{(1)} \in \mathbb{R}^{d_h \times d}",
                                                       r"declares \mathbf{v} \in \mathbb{R}^{d_h}"]
    assert [x[1] for x in found if x[0] == 16] == ["not a relation"]  # "Let $\eta$ be the learning rate": no shape


def test_x_is_one_example_of_the_dataset_and_the_claims_are_checked(found):
    [definition] = [x for x in found if x[0] == 6]
    assert definition[1] == "definition"
    assert any(r"x read as one example, like x^{(i)} \in \mathbb{R}^d" in n for n in definition[4]), definition
    assert [x[1:3] for x in found if x[0] == 8] == [("claim", "PROVEN")]
    assert [x[1:3] for x in found if x[0] == 10] == [("claim", "REFUTED")]  # W v: the transpose is missing


def test_a_derivative_of_a_name_nothing_defines_is_not_refuted(found):
    [gradient] = [x for x in found if x[0] == 12]
    assert gradient[1] == "not read" and "the derivative of L, which nothing declares or defines" in gradient[3]
    assert [x[1:3] for x in found if x[0] == 14] == [("claim", "PROVEN")]  # its shape is known all the same


def test_the_index_of_a_family_tag_is_not_a_name_it_binds():
    """y^{(i)} ∈ {1..m} once replaced x^{(i)} ∈ ℝ^d: both bound "i"."""
    assert binding_names(r"x^{(i)}") == {"x^(i)"} and binding_names(r"y^{(i)}") == {"y^(i)"}


def test_a_label_is_one_example_of_the_dataset_labels(found):
    [loss] = [x for x in found if x[0] == 18 and x[1] == "definition"]
    assert loss[1] == "definition", loss
    assert any(r"y read as one example, like y^{(i)} \in \{1, \dots, m\}" in n for n in loss[4]), loss
    assert [x[1:3] for x in found if x[0] == 20] == [("claim", "PROVEN")]
    assert [x[1:3] for x in found if x[0] == 22] == [("claim", "REFUTED")]


def test_a_function_declared_by_its_signature_is_not_a_name_nothing_defines():
    from derivcheck import api
    r = api.check(r"\nabla_{\mathbf{x}} L = (\frac{\partial \mathbf{y}}{\partial \mathbf{x}})^\top \nabla_{\mathbf{y}} L",
                  where=[r"\mathbf{x} \in \mathbb{R}^n", r"\mathbf{y} = f(\mathbf{x})", r"f: \mathbb{R}^n \to \mathbb{R}^n",
                         r"L: \mathbb{R}^n \to \mathbb{R}"], timeout=60)
    assert r.verdict.value == "CHECKED", (r.verdict, r.message)  # abstract functions: numbers only


def test_a_claim_that_uses_the_example_says_so(found):
    [claim] = [x for x in found if x[0] == 8]
    assert any(r"x read as one example" in n for n in claim[4]), claim
