r"""Seed 004's softmax Jacobian, as its student wrote it: softmax given by its entry ``s(x_i) = \frac{\exp(x_i)}{\sum
\exp(x_j)}``, the Jacobian by its entries, then wrong steps. Before, s(x)_i was read as s times x_i and ``s(x_i) = …``
defined nothing, so none was checked. Now ``i \neq j \Rightarrow J_{ij} = \frac{\partial s(x)_i}{\partial x_j} =
s(x)_i(1 - s(x)_j)`` is REFUTED under its hypothesis. ``J_{ij} = … \text{ if } i = j`` defines J on its diagonal only,
so it defines nothing (not read), and the ``J = …`` after it is a new name; after an unconditional ``J_{ij} = …``,
``J_{ii} = …`` and ``\therefore J = …`` are claims about J."""

from __future__ import annotations

from pathlib import Path

from derivcheck import api
from derivcheck.documents.check import check_documents

FIXTURE = Path(__file__).parent / "fixtures" / "documents" / "seed_004_jacobian.md"


def _verdicts(path):
    [report] = check_documents([path], timeout=60, jobs=2, seed=0)
    return {(e.line, e.column): (e.kind, r.verdict.value if r is not None else None, r)
            for e, r in zip(report.entries, report.results)}


def test_the_wrong_off_diagonal_step_is_refuted_at_its_line():
    got = _verdicts(FIXTURE)
    refuted = sorted(k for k, v in got.items() if v[1] == "REFUTED")
    assert refuted == [(19, 24)], {k: v[:2] for k, v in got.items()}
    assert got[(10, 3)][0] == "definition"  # s(x_i) = …: softmax by its entry
    assert got[(18, 14)][0] == "not read"  # J_{ij} = … if i = j: the diagonal only
    steps = [s.verdict.value for s in got[(19, 24)][2].steps]
    assert steps[0] == "REFUTED", steps  # i ≠ j: ∂s_i/∂x_j = s_i(1 - s_j) does not hold


def test_after_entries_defined_for_every_index_the_array_and_its_entries_are_claims(tmp_path):
    head = "".join(FIXTURE.read_text().splitlines(keepends=True)[:11])  # declarations and s(x_i) = …
    doc = tmp_path / "jacobian.md"
    doc.write_text(head + "\n$$J_{ij} = \\frac{\\partial s(x)_i}{\\partial x_j}$$\n\n"
                   "$\\therefore J = \\text{diag}(s(x)) - s(x) s(x)^\\top$ and $J_{ii} = s(x)_i (1 - s(x)_i)$\n\n"
                   "$\\therefore J = s(x) (1 - s(x))^\\top - \\text{diag}(s(x))$\n")
    got = {k: v[:2] for k, v in _verdicts(doc).items()}
    right = sorted(k for k, v in got.items() if k[0] == 15)
    assert [got[k] for k in right] == [("claim", "PROVEN"), ("claim", "PROVEN")], got
    assert [v for k, v in got.items() if k[0] == 17] == [("claim", "REFUTED")], got


def test_a_function_given_by_its_entry_says_how_it_was_read():
    where = [r"x \in \mathbb{R}^n", r"i, j \in \{1, \dots, n\}", r"s(x_i) = \frac{\exp(x_i)}{\sum_k \exp(x_k)}"]
    r = api.check(r"\frac{\partial s(x)_i}{\partial x_j} = s(x)_i (\delta_{ij} - s(x)_j)", where=where, timeout=60)
    assert r.verdict.value == "PROVEN", r.message
    assert "s(x_i) = … read as s(x)_i = …" in r.scope
    r = api.check(r"\frac{\partial s(x_i)}{\partial x_j} = s(x_i) (\delta_{ij} - s(x_j))", where=where, timeout=60)
    assert r.verdict.value == "PROVEN", r.message
    assert "s(x_i) read as s(x)_i" in r.scope


def test_a_scalar_function_of_an_entry_stays_a_scalar_function():
    """f(x_i) = x_i^2 uses no other entry: not a function of the vector, so not read as f(x)_i = …."""
    where = [r"x \in \mathbb{R}^n", r"i \in \{1, \dots, n\}", r"f(x_i) = x_i^2"]
    r = api.check(r"f(x)_i = x_i^2", where=where, timeout=60)
    assert r.verdict.value == "ERROR" and "read as f(x)_i" not in r.scope, r.message


def _doc(tmp_path, text: str):
    doc = tmp_path / "doc.md"
    doc.write_text(text)
    return {k: v[:2] for k, v in _verdicts(doc).items()}


# the review of this change found each of these wrong before it landed

def test_two_matrices_whose_names_share_a_letter_keep_their_declarations(tmp_path):
    """W_{hh} and W_{xh} (an RNN's weights) are two names: declaring the second must not replace the first, or
    W_{hh} is read as a scalar and ∂(hᵀW_{hh}h)/∂h = 2W_{hh}h (false: (W + Wᵀ)h) is PROVEN."""
    got = _doc(tmp_path, "Let $h \\in \\mathbb{R}^n$ and $x \\in \\mathbb{R}^d$.\n\nLet $W_{hh} \\in \\mathbb{R}^{n \\times n}$.\n\n"
                         "Let $W_{xh} \\in \\mathbb{R}^{n \\times d}$.\n\n"
                         "Then $\\frac{\\partial (h^\\top W_{hh} h)}{\\partial h} = 2 W_{hh} h$.\n")
    assert got[(7, 7)] == ("claim", "REFUTED"), got


def test_entries_defined_under_a_condition_define_nothing(tmp_path):
    """J_{ij} = -s_i s_j if i ≠ j gives J off its diagonal only: stored as J's definition, J = -s sᵀ was PROVEN."""
    got = _doc(tmp_path, "Let $x \\in \\mathbb{R}^n$ and $i, j \\in \\{1, 2, \\dots, n\\}$, with $s(x_i) = "
                         "\\frac{\\exp(x_i)}{\\sum_{k=1}^{n} \\exp(x_k)}$.\n\n"
                         "$$J_{ij} = -s(x)_i s(x)_j \\text{ if } i \\neq j$$\n\nHence $J = -s(x) s(x)^\\top$.\n")
    assert got[(3, 3)][0] == "not read", got
    assert all(v[1] not in ("PROVEN", "CHECKED", "REFUTED") for v in got.values()), got


def test_a_hypothesis_before_an_arrow_is_the_condition_of_what_follows(tmp_path):
    """i ≠ j ⇒ ∂s_i/∂x_j = -s_i s_j: checked alone, the true consequent was REFUTED at i = j."""
    got = _doc(tmp_path, "Let $x \\in \\mathbb{R}^n$ and $s(x) = \\text{softmax}(x)$.\n\n$$i, j \\in \\{1, 2, \\dots, n\\}$$\n\n"
                         "Off the diagonal, $i \\neq j \\Rightarrow \\frac{\\partial s(x)_i}{\\partial x_j} = -s(x)_i s(x)_j$.\n\n"
                         "So $i \\neq j \\Rightarrow \\frac{\\partial s(x)_i}{\\partial x_j} = s(x)_i s(x)_j$.\n")
    assert got[(5, 41)][0] == "claim" and got[(5, 41)][1] in ("PROVEN", "CHECKED"), got
    assert got[(7, 26)] == ("claim", "REFUTED"), got


def test_an_array_defined_by_entries_in_one_question_is_not_the_next_questions_name(tmp_path):
    got = _doc(tmp_path, "# Question 1\n\nLet $x \\in \\mathbb{R}^n$ and $i, j \\in \\{1, \\dots, n\\}$, with $s(x_i) = "
                         "\\frac{\\exp(x_i)}{\\sum_{k=1}^{n} \\exp(x_k)}$.\n\n$$J_{ij} = \\frac{\\partial s(x)_i}{\\partial x_j}$$\n\n"
                         "# Question 2\n\nLet $w \\in \\mathbb{R}$ and let the cost be $J = (w - 3)^2$.\n\n"
                         "Then $\\frac{d J}{d w} = 2(w - 3)$.\n")
    assert got[(9, 45)][0] == "definition" and got[(11, 7)] == ("claim", "PROVEN"), got


def test_a_definition_written_with_its_input_reads_the_same_in_where_and_in_the_statement():
    where = [r"x \in \mathbb{R}^n", r"v \in \mathbb{R}^n", r"i \in \{1, \dots, n\}", r"s(x) = \text{softmax}(x)",
             r"g(x) = s(x)^\top v"]
    r = api.check(r"g(x) = \sum_{i=1}^{n} s(x)_i v_i", where=where, timeout=60)
    assert r.verdict.value == "PROVEN", r.message  # s(x)^T in where was s times x^T: REFUTED
    r = api.check(r"s(x_i) = \frac{\exp(x_i)}{\sum_{j=1}^{n} \exp(x_j)}", where=where[:4] + [], timeout=60)
    assert r.verdict.value == "PROVEN" and "s(x_i) read as s(x)_i, entry i of s" in r.scope, (r.verdict, r.message)
