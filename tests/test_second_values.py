r"""A homework a review helper wrote the way students do (``tests/fixtures/documents/second_values.md``), and what it
found derivcheck judging wrongly: the conv question's part (b) recomputes o with new sizes, and o = ⌊…⌋ + 1 = 16 was
REFUTED against part (a)'s value 32 (true); dℓ/dz after ``\ell(z) = …`` was "does not depend on z" (its wrong last step
went unseen); question 1's ``y \in \{0, 1\}`` made question 2's squared-error gradient unread (and gave y ∈ {0, 1} as
its scope). Left as it was: ``w_{t+1} = w_t - 4\eta w_t = (1 - 4\eta) w_t`` is not read (its left side is not, and a
rest with letters may be an equation to solve, ``n_W3 = (256)(10) = 2x``)."""

from __future__ import annotations

from pathlib import Path

from derivcheck.documents.check import check_documents

FIXTURE = Path(__file__).parent / "fixtures" / "documents" / "second_values.md"


def test_the_review_homework_is_judged_right():
    [report] = check_documents([FIXTURE], timeout=60, jobs=2, seed=0)
    got = {(e.line, e.column): (e.kind, r.verdict.value if r else None, r) for e, r in zip(report.entries, report.results)}
    claims = {k: v[1] for k, v in got.items() if v[0] == "claim"}
    assert claims == {(10, 3): "REFUTED", (15, 3): "PROVEN", (19, 2): "PROVEN",
                      (26, 43): "PROVEN", (28, 43): "PROVEN", (30, 43): "REFUTED"}, claims
    assert got[(10, 3)][2].first_wrong_step == 2  # -y(1 - σ) + (1 - y)σ = σ - y, not y - σ
    assert got[(30, 43)][2].first_wrong_step == 2  # ⌊25/1⌋ + 1 = 26, not 25 (o itself is (c)'s new value)
    assert "y ∈" not in got[(15, 3)][2].scope  # question 1's label is not question 2's target


def test_a_primed_function_name_in_text_is_the_derivative_not_words(tmp_path):
    r"""``\text{ReLU}'(z)`` at the start of a relation: a function's name, primed; it was dropped as words before the
    relation, leaving ``'(z) = …`` unread."""
    doc = tmp_path / "relu.md"
    doc.write_text("The derivative of ReLU is $\\text{ReLU}'(z) = \\mathbb{1}[z > 0]$ for $z \\neq 0$.\n\n"
                   "Also $\\text{ReLU}'(u) = [u > 0]$, and wrongly $\\text{ReLU}'(u) = [u \\geq 1]$.\n")
    [report] = check_documents([doc], timeout=60, jobs=2, seed=0)
    got = {(e.line, e.column): (e.kind, r.verdict.value if r else None) for e, r in zip(report.entries, report.results)}
    assert got[(1, 28)] == ("claim", "PROVEN") and got[(3, 7)] == ("claim", "PROVEN"), got
    assert [v for k, v in got.items() if k[0] == 3 and k != (3, 7)] == [("claim", "REFUTED")], got
