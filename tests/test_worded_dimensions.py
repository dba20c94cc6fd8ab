r"""Shapes written as equations where the words say they are dimensions (seed 004: "Dimension of $b^{(1)} = d_h
\times 1$", ``w^{(1)} \text{ Dimension} = d_h \times d``, a list of displays under "Dimensions"), and
declarations listed in a ``cases`` block after "where". Without those words ``b = d_h \times 1`` stays unread:
it could be a product."""

from pathlib import Path

import pytest

from derivcheck.documents.check import check_documents

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "worded_dimensions.md"


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    path = tmp_path_factory.mktemp("doc") / "hw.md"
    path.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    [report] = check_documents([path], timeout=60, jobs=2, seed=0)
    return [(e.line, e.kind, r and r.verdict.value, e.text, e.message or "", e.notes)
            for e, r in zip(report.entries, report.results)]


def at(found, line):
    return [x for x in found if x[0] == line]


def test_a_dimension_stated_in_words_declares_the_name(found):
    [(_, kind, _, text, _, notes)] = at(found, 5)  # "Dimension of $b^{(1)} = d_h \times 1$": a column vector
    assert (kind, text) == ("declaration", r"b^{(1)} \in \mathbb{R}^{d_h}")
    assert any("the words say it is a dimension" in n for n in notes)
    [(_, kind, _, text, _, _)] = at(found, 9)  # the words inside the formula, the question's letter dropped
    assert (kind, text) == ("declaration", r"W^{(2)} \in \mathbb{R}^{m \times d_h}")
    [(_, kind, _, text, _, _)] = at(found, 11)  # the display right after, with no words between: the list goes on
    assert (kind, text) == ("declaration", r"b^{(2)} \in \mathbb{R}^{m}")
    assert [x[1] for x in at(found, 13)] == ["definition"]  # o^a, read with those shapes


def test_dimensions_of_derivatives_are_shape_claims(found):
    assert [x[1:3] for x in at(found, 17)] == [("claim", "PROVEN")]  # under "Dimensions"
    [(_, kind, verdict, text, message, _)] = at(found, 19)  # and the next display: ∂o^a/∂b^{(2)} is m × m
    assert (kind, verdict, text) == ("claim", "REFUTED", r"\frac{\partial o^a}{\partial b^{(2)}} \in \mathbb{R}^{m \times 1}")
    [(_, kind, verdict, text, _, _)] = at(found, 21)  # \text{ dimension} inside the formula
    assert (kind, verdict) == ("claim", "PROVEN") and text.endswith(r"{\partial h^a} \in \mathbb{R}^{d_h \times d_h}")


def test_a_product_of_sizes_without_the_word_is_not_a_shape(found):
    [(_, kind, _, _, message, _)] = at(found, 23)  # "the dimension of the layer, is $n_W = …$": a count
    assert kind == "not read" and "a shape written as an equation" in message
    [(_, kind, _, _, message, _)] = at(found, 25)
    assert kind == "not read" and "a shape written as an equation" in message


def test_declarations_listed_in_cases_after_where(found):
    declared = [x[3] for x in at(found, 7) if x[1] == "declaration"]
    assert r"h^a \in \mathbb{R}^{d_h}" in declared
