"""Induction over a recurrence index: proves closed forms for every n, declines false ones."""

from sympy import Eq, Rational, Symbol

from conftest import check, make_claim
from derivcheck.core.claim import REALS, integers
from derivcheck.core.proof import Induction
from derivcheck.prover.strategies import prove
from derivcheck.core.verdict import Verdict
from derivcheck.identities.optimization import gd

n = Symbol("n", integer=True)
x0 = Symbol("x0", real=True)
eta = Symbol("eta", real=True)
VARIABLES = {n: integers(0, sample_hi=25), x0: REALS, eta: REALS}


def closed_form_claim(rhs, variables=VARIABLES):
    return make_claim(Eq(gd(n, x0, eta), rhs), variables=variables, id="closed_form_variant")


def test_true_closed_form_is_proven_by_base_case_and_step():
    [proof] = prove(closed_form_claim((1 - 10 * eta) ** n * x0))
    assert proof.method == "induction"
    [node] = proof.steps
    assert isinstance(node, Induction) and node.on.name == "n" and node.base == 0
    assert node.base_case.steps[-1].expr == 0 and node.step_case.steps[-1].expr == 0
    assert "induction" in proof.rules


def test_induction_starts_at_the_lower_bound_of_the_index():
    [proof] = prove(closed_form_claim((1 - 10 * eta) ** n * x0, {**VARIABLES, n: integers(3, sample_hi=25)}))
    assert proof.steps[0].base == 3


def test_wrong_exponent_is_refuted_with_a_counterexample():
    result = check(closed_form_claim((1 - 10 * eta) ** (n + 1) * x0))
    assert result.verdict is Verdict.REFUTED, result
    point = result.evidence.counterexample
    assert set(point) == {"n", "x0", "eta"}
    assert prove(closed_form_claim((1 - 10 * eta) ** (n + 1) * x0)) is None  # base case fails


def test_closed_form_true_for_small_n_only_is_not_proven():
    # agrees with the iterates at n = 0 and n = 1 (x0 and (1 - 10η)x0), not at n = 2: the step fails
    wrong = (1 - 10 * eta * n) * x0
    assert prove(closed_form_claim(wrong)) is None
    result = check(closed_form_claim(wrong))
    assert result.verdict is Verdict.REFUTED
    assert result.evidence.counterexample["n"] >= 2


def test_declines_when_the_index_is_not_bounded_below():
    assert prove(closed_form_claim((1 - 10 * eta) ** n * x0, {**VARIABLES, n: integers()})) is None


def test_proof_is_printed_with_both_cases():
    from rich.console import Console

    [proof] = prove(closed_form_claim((1 - 10 * eta) ** n * x0))
    console = Console(color_system=None, width=200, record=True)
    console.print(proof)
    text = console.export_text()
    assert "induction on n ≥ 0" in text and "base case n = 0" in text
    assert "step n → n + 1, assuming gd(n, x0, η) = x0·(1 - 10·η)^n" in text


def test_one_step_at_a_wrong_rate_is_refuted():
    result = check(make_claim(Eq(gd(1, x0, Rational(1, 5)), 0), variables={x0: REALS}))
    assert result.verdict is Verdict.REFUTED
