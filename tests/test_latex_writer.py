"""The LaTeX printer's notation, the text escaping, and the proof layout."""

import re

import pytest
from sympy import (
    Abs,
    Derivative,
    Eq,
    Heaviside,
    HadamardProduct,
    IndexedBase,
    KroneckerDelta,
    Transpose,
    Le,
    Limit,
    MatrixSymbol,
    Max,
    Ne,
    Piecewise,
    S,
    Sum,
    Symbol,
    ceiling,
    exp,
    floor,
    log,
    oo,
    tanh,
)
from sympy.matrices.expressions.diagonal import DiagMatrix

from derivcheck.core.claim import REALS, interval
from derivcheck.core.functions import heaviside, indicator, leaky_relu, sigmoid, softplus
from derivcheck.report.latex import latex, latex_lines, latex_text, render_claim, render_document, words_latex
from derivcheck.core.proof import Case, CaseSplit, Goal, Proof, Step
from derivcheck.core.verdict import Result, Verdict

from conftest import check, make_claim

x = Symbol("x", real=True)
k = Symbol("k", real=True)
alpha = Symbol("alpha", real=True)
i, j, n = (Symbol(s, integer=True) for s in "ijn")


@pytest.mark.parametrize("expr, expected", [
    (sigmoid(x), r"\sigma(x)"),
    (sigmoid(x) ** 2, r"\sigma^{2}(x)"),
    (softplus(-x), r"\operatorname{softplus}(- x)"),
    (leaky_relu(x, alpha), r"\operatorname{LeakyReLU}_{\alpha}(x)"),
    (heaviside(x), "H(x)"),
    (Heaviside(x, 1), "H_{1}(x)"),
    (indicator(x > 0), r"\mathbf{1}_{x > 0}"),
    (Piecewise((0, x <= 0), (1, True)), r"\mathbf{1}_{x > 0}"),
    (KroneckerDelta(i, j), r"\delta_{ij}"),
    (floor(x / 2), r"\left\lfloor{\frac{x}{2}}\right\rfloor"),
    (ceiling(x), r"\left\lceil{x}\right\rceil"),
    (log(x), r"\ln(x)"),
    (log(1 + exp(x)), r"\ln(e^{x} + 1)"),
    (tanh(x) ** 2, r"\tanh^{2}(x)"),
    (tanh(x / 2), r"\tanh{\left(\frac{x}{2} \right)}"),
    (exp(-x), "e^{- x}"),
    (Max(0, x), r"\max(0, x)"),
    (Abs(x), r"\left|{x}\right|"),
    (Ne(x, 0), r"x \neq 0"),
])
def test_notation(expr, expected):
    assert latex(expr) == expected


def test_derivative_is_d_over_dx():
    assert latex(Derivative(sigmoid(x), x)) == r"\frac{d}{d x} \sigma(x)"


def test_limit_and_sum_with_indexed():
    xs = IndexedBase("x")
    assert latex(Limit(sigmoid(k * x), k, oo)) == r"\lim_{k \to \infty} \sigma(k x)"
    assert latex(Sum(exp(xs[j]), (j, 1, n))) == r"\sum_{j=1}^{n} e^{x_{j}}"


def test_matrix_notation():
    A, B = MatrixSymbol("A", 3, 3), MatrixSymbol("B", 3, 3)
    v = MatrixSymbol("v", 3, 1)
    assert latex(A.T) == r"A^{\top}"
    assert latex(Transpose(A * B)) == r"\left(A B\right)^{\top}"
    assert latex(HadamardProduct(A, B)) == r"A \odot B"
    assert latex(DiagMatrix(v)) == r"\operatorname{diag}\left(v\right)"


def test_general_piecewise_is_cases_without_sympy_names():
    tex = latex(Piecewise((1, x > 0), (alpha, True)))
    assert tex == r"\begin{cases} 1 & \text{if } x > 0 \\ \alpha & \text{otherwise} \end{cases}"


def test_no_sympy_names_leak_for_the_catalog_vocabulary():
    expr = (heaviside(x) + indicator(x > 0) + sigmoid(x) + softplus(x) + leaky_relu(x, alpha)
            + Derivative(tanh(x), x) + Heaviside(x))
    tex = latex(expr)
    for name in ("Heaviside", "Piecewise", "theta", "sigmoid", "leaky", "Derivative"):
        assert name not in tex


def test_text_escapes_specials_and_maps_unicode():
    assert latex_text("a & b_c % 50$ #1", math_hints=False) == r"a \& b\_c \% 50\$ \#1"
    assert latex_text("a & b_c") == r"a \& $b_{c}$"
    assert latex_text("∂S_i/∂x_j = δ_ij S_i") == r"\ensuremath{\partial}$S_{i}$/\ensuremath{\partial}$x_{j}$ = $\delta_{ij}$ $S_{i}$"
    assert latex_text("LeakyReLU_α, log_softmax") == r"LeakyReLU$_{\alpha }$, log\_softmax"
    assert latex_text("σ(−x) ≤ ½") == r"\ensuremath{\sigma}(\ensuremath{-}x) \ensuremath{\le} \ensuremath{\tfrac12}"
    assert latex_text("1{x>0}") == r"$\mathbf{1}_{x>0}$"
    assert latex_text("lim_{k→∞}") == r"lim$_{k\to \infty }$"
    assert latex_text("deriv_sigmoid", math_hints=False) == r"deriv\_sigmoid"
    # anything unknown becomes its code point: the document must still compile
    assert latex_text("☃") == r"\texttt{[U+2603]}"
    assert all(ord(c) < 128 for c in latex_text("σ ℝ ℤ ⌊y⌋ ⊙ ᵀ ✓ ☃ — é"))


def test_indexed_subscript_inside_an_indicator_is_one_subscript():
    # "1{z₁_k > 0}" (entry k of z₁) once became z\ensuremath{_{1}}_k: TeX's fatal "Double subscript"
    assert latex_text("1{z₁_k > 0}") == r"$\mathbf{1}_{z_{1,k} > 0}$"
    assert latex_text("1{h⁽¹⁾ > 0}") == r"$\mathbf{1}_{h^{(1)} > 0}$"
    assert latex_text("ℓ = ‖ŷ − y‖²") == r"\ensuremath{\ell} = \ensuremath{\|}\ensuremath{\hat{y}} \ensuremath{-} y\ensuremath{\|}\ensuremath{^{2}}"


def test_long_sum_breaks_between_terms():
    expr = sum(sigmoid(m * x) * exp(m * x) / (1 + exp(x)) for m in range(1, 9))
    lines = latex_lines(expr, width=60)
    assert len(lines) > 1
    assert all(r"\sigma" in line for line in lines)
    assert latex_lines(x + 1) == ["x + 1"]


def _proven(claim, proofs):
    return Result(claim.id, Verdict.PROVEN, True, claim.scope, ", ".join(p.method for p in proofs), 0.1, None, proofs)


def test_chain_shows_every_recorded_step_with_its_rule_in_order():
    claim = make_claim(Eq(sigmoid(-x), 1 - sigmoid(x)), id="sigmoid_neg_test")
    steps = (Step("unfold the definition of σ", 1 / (1 + exp(x)) - 1 + 1 / (1 + exp(-x))),
             Step("put over a common denominator and cancel", S.Zero))
    proof = Proof(Goal(sigmoid(-x) - 1 + sigmoid(x), "zero"), steps, "normalize")
    tex = render_claim(claim, _proven(claim, (proof,)))
    body = tex[tex.index(r"\begin{align*}"):tex.index(r"\end{align*}")]
    rows = body.split(r"\\")
    assert len(rows) == 3  # the goal, then one row per step: nothing invented
    assert r"\tag*{\text{\footnotesize unfold the definition of \ensuremath{\sigma}}}" in rows[1]
    assert r"\tag*{\text{\footnotesize put over a common denominator and cancel}}" in rows[2]
    assert rows[2].strip().startswith("&= 0")
    assert r"\fbox{\textbf{PROVEN}}" in tex


def test_inequality_chain_ends_with_the_sign_and_its_reason():
    claim = make_claim(Le(Derivative(sigmoid(x), x), S(1) / 4), id="le_quarter_test")
    last = (exp(x) - 1) ** 2 / (4 * (exp(x) + 1) ** 2)
    proof = Proof(Goal(S(1) / 4 - Derivative(sigmoid(x), x), "nonneg"), (Step("factor", last),), "normalize",
                  conclusion=f"{last} ≥ 0: a square over a positive number")
    tex = render_claim(claim, _proven(claim, (proof,)))
    assert r"&\ge 0 \tag*{\text{\footnotesize a square over a positive number}}" in tex


def test_case_split_renders_each_case_with_its_substitution():
    claim = make_claim(Eq(Derivative(Max(0, x), x), indicator(x > 0)), conditions=[Ne(x, 0)], id="relu_test")
    t = Symbol("t", positive=True)
    pw = Piecewise((0, x <= 0), (1, True)) - indicator(x > 0)
    cases = (Case("x > 0", Proof(Goal(S.Zero, "zero"), (Step("take the branches of this case", S.Zero),), "case",
                                 substitution=((x, t),))),
             Case("x < 0", Proof(Goal(S.Zero, "zero"), (Step("take the branches of this case", S.Zero),), "case",
                                 substitution=((x, -t),))),
             Case("x = 0", None, "excluded by the claim"))
    proof = Proof(Goal(Derivative(Max(0, x), x) - indicator(x > 0), "zero"),
                  (Step("write max by cases and differentiate", pw), CaseSplit((x,), cases)), "case split")
    tex = render_claim(claim, _proven(claim, (proof,)))
    assert r"\textbf{Case} $x > 0$" in tex and r"\textbf{Case} $x < 0$" in tex
    assert r"Substitute $x = t$ with $t > 0$" in tex and r"Substitute $x = - t$ with $t > 0$" in tex
    assert "Excluded by the claim" in tex
    assert tex.count("Take the branches of this case: $0$") == 2


def test_checked_is_marked_unproven_and_refuted_shows_the_counterexample():
    from derivcheck.core.evidence import Evidence

    claim = make_claim(Eq(Derivative(sigmoid(x), x), sigmoid(x) ** 2), id="wrong_test")
    ev = Evidence(1000, 0.0, 0.0, 7, claim.scope)
    checked = Result(claim.id, Verdict.CHECKED, True, claim.scope, "numeric", 0.1, ev, None, "no strategy found a proof")
    tex = render_claim(claim, checked)
    assert r"\fbox{\textbf{CHECKED}}" in tex and "Numerically checked, no proof" in tex
    assert r"\paragraph{Proof" not in tex
    bad = Evidence(3, 0.5, 0.5, 7, claim.scope, counterexample={"x": -1.5}, lhs_value="0.149", rhs_value="0.0331")
    refuted = Result(claim.id, Verdict.REFUTED, True, claim.scope, "counterexample", 0.1, bad, None, "at x = -1.5")
    tex = render_claim(claim, refuted)
    assert r"\fbox{\textbf{REFUTED}}" in tex
    assert r"At $x = -1.5$: the left side" in tex and "0.149" in tex and "0.0331" in tex


def test_document_rejects_mismatched_lengths():
    claims = [make_claim(Eq(sigmoid(x), 1), id="a"), make_claim(Eq(sigmoid(x), 2), id="b")]
    with pytest.raises(ValueError, match="2 claims but 1 results"):
        render_document(claims, [None])


def test_real_run_renders_a_domain_substitution_proof():
    claim = make_claim(Eq(leaky_relu(x, alpha), Max(x, alpha * x)), variables={x: REALS, alpha: interval(0, 1)},
                       id="leaky_test")
    result = check(claim)
    assert result.verdict is Verdict.PROVEN
    tex = render_claim(claim, result)
    assert r"Substitute $\alpha = \frac{t}{t + 1}$ with $t > 0$" in tex
    for proof in result.proofs:
        for rule in proof.rules:
            assert words_latex(rule, capital=True) in tex or words_latex(rule) in tex
    assert not re.search(r"Piecewise|Heaviside|leaky_relu\(", tex)


def test_huge_expression_becomes_breakable_text_without_left_right():
    from sympy import Subs

    from derivcheck.report.latex import latex_breakable

    ws = [Symbol(f"w{m}", real=True) for m in range(1, 7)]
    loss = sum((Max(0, w * x + 1) + w - S(7) / 10) ** 2 / 2 for w in ws)
    claim = make_claim(Eq(Subs(Derivative(loss, x), (x, *ws), (1, 2, 3, 4, 5, 6, 7)), 3),
                       variables={}, id="huge_test")
    tex = latex_breakable(claim.statement[0])
    assert r"\left" not in tex and r"\right" not in tex
    rendered = render_claim(claim, Result(claim.id, Verdict.CHECKED, True, "", "numeric", 0.1, None, None, "x"))
    assert r"\raggedright $\displaystyle" in rendered  # not an unbreakable display
    # the 7-coordinate point is named once and spelled out after the statement
    assert r"\right|_{P_{1}}" not in rendered and r"|_{P_{1}}" in rendered
    assert r"where $P_{1}$ is the point $x = 1,\; w_{1} = 2" in rendered
