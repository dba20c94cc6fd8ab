"""The real homework solutions as acceptance material: excerpts of the seeds kept under tests/fixtures
(verbatim; the project runs without ../shared), read and checked end to end. The known mistakes are
REFUTED at their lines, the right steps are not, and every formula has a kind. With ../shared/seeds
present, every seed document is read end to end too."""

from pathlib import Path

import pytest

from derivcheck.core.verdict import Verdict
from derivcheck.documents.check import KINDS, check_documents, read_entries

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def verdicts(report):
    return {(e.line, e.text.strip()): r.verdict for e, r in zip(report.entries, report.results) if r is not None}


@pytest.fixture(scope="module")
def excerpts():
    return {r.path: r for r in check_documents([FIXTURES / "seed_000_q1.md", FIXTURES / "seed_004_excerpt.md"],
                                               timeout=30, jobs=2, seed=0)}


def test_seed_000_the_misplaced_parenthesis_is_refuted_and_the_right_answers_are_not(excerpts):
    report = excerpts[str(FIXTURES / "seed_000_q1.md")]
    got = verdicts(report)
    refuted = sorted(line for (line, _), v in got.items() if v is Verdict.REFUTED)
    # Q1(a): (1/2) tanh(x/2 + 1): the +1 went inside tanh, in the chain (line 6) and the conclusion (line 10)
    assert refuted == [6, 10]
    chain = next(r for e, r in zip(report.entries, report.results) if e.line == 6)
    assert chain.first_wrong_step == 1 and "x = 0" in chain.message
    # Q1(b)-(g): right answers, including d|x|/dx = sign(x), which the question accepts with x ≠ 0
    for line in (12, 16, 22, 28, 35, 45, 55):
        assert [v for (l, _), v in got.items() if l == line] == [Verdict.PROVEN], line
    kink = next(r for e, r in zip(report.entries, report.results) if e.line == 45)
    assert "x ≠ 0" in kink.scope


def test_seed_004_minus_log_tenth_is_not_one_and_the_cases_are_read(excerpts):
    report = excerpts[str(FIXTURES / "seed_004_excerpt.md")]
    got = verdicts(report)
    assert got[(35, r"L_{CE} = -\log(0.1) = 1")] is Verdict.REFUTED  # -log 0.1 = 2.303
    wrong = next(r for e, r in zip(report.entries, report.results) if e.line == 35 and r is not None)
    assert wrong.first_wrong_step == 2 and "2.30259" in wrong.message
    assert got[(37, "L_{MSE} = (0.1 - 1)^2 = 0.81")] is Verdict.PROVEN
    # "when $x > 0$," and "when $x = 0$," are the cases of the limits that follow
    assert [v for (line, _), v in got.items() if line in (14, 18)] == [Verdict.PROVEN, Verdict.PROVEN]
    # the derivatives of the losses, with L_CE and L_MSE read as their definitions
    assert [v for (line, _), v in got.items() if line in (23, 25)] == [Verdict.PROVEN, Verdict.PROVEN]
    assert not [k for k, v in got.items() if v is Verdict.REFUTED and k[0] != 35]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not here (the excerpts above still run)")
@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("0*.md")) if SEEDS.is_dir() else [])
def test_every_formula_of_every_seed_has_a_kind(name):
    doc = read_entries(SEEDS / name)
    assert doc.error is None and doc.entries
    assert all(e.kind in KINDS for e in doc.entries)
    assert all(e.message for e in doc.entries if e.kind == "not read")
