"""The function table: each built-in is declared once and every layer reads it from there.

For each of the newer activations (GELU, GELU-tanh, SiLU, ELU, softsign, Mish) the tests show it is
read however it is typeset, printed in text and LaTeX, evaluated numerically, judged by the
mutation oracle's own definition, and that a function added to the table alone is read and checked.
"""

import math

import mpmath
import numpy as np
import pytest
from sympy import Abs, Max, Min, Rational, Symbol, erf

from derivcheck.core.errors import LatexParseError
from derivcheck.core.functions import (
    FUNCTIONS,
    Builtin,
    NamedFunction,
    elu,
    function_named,
    gelu,
    gelu_tanh,
    leaky_relu,
    mish,
    silu,
    softsign,
)
from derivcheck.core.text import text
from derivcheck.core.verdict import Verdict
from derivcheck.mutation.oracle import ORACLE_FUNCTIONS
from derivcheck.notation.scalar_reader import parse_statement
from derivcheck.numeric.evaluate import NumericFunction
from derivcheck.report.latex import latex
from conftest import run_answers as run

x = Symbol("x", real=True)
alpha = Symbol("alpha", real=True)


@pytest.mark.parametrize("written, expected", [
    (r"\operatorname{GELU}(x)", gelu(x)),
    (r"\mathrm{GELU}(x)", gelu(x)),
    (r"\operatorname{GELUtanh}(x)", gelu_tanh(x)),
    (r"\mathrm{SiLU}(x)", silu(x)),
    (r"\operatorname{swish}(x)", silu(x)),
    (r"\textrm{SiLU}(x)", silu(x)),
    (r"\operatorname{ELU}_\alpha(x)", elu(x, alpha)),
    (r"\operatorname*{ELU}_{1}(x)", elu(x, 1)),
    (r"\operatorname{softsign}(x)", softsign(x)),
    (r"\mathtt{softsign}(x)", softsign(x)),
    (r"\text{Mish}(x)", mish(x)),
    (r"\mathsf{Mish}(x)", mish(x)),
    (r"\operatorname*{LeakyReLU}_{0.2}(x)", leaky_relu(x, Rational(1, 5))),
    (r"\text{abs}(x)", Abs(x)),  # seed 000: x \mapsto \text{abs}(x) = |x|
    (r"\operatorname{abs}(x)", Abs(x)),
])
def test_each_function_is_read_however_it_is_typeset(written, expected):
    assert parse_statement(written) == expected


@pytest.mark.parametrize("written, suggestion", [
    (r"\operatorname{sofsign}(x)", "softsign"),
    (r"\operatorname{Gelu}(x) + \operatorname{Mihs}(x)", "Mish"),  # Gelu is GELU (case is ignored)
    (r"\mathrm{SiLu}(x) + \mathrm{silo}(x)", "silu"),
])
def test_a_misspelt_function_gets_did_you_mean(written, suggestion):
    with pytest.raises(LatexParseError, match=f"did you mean {suggestion}"):
        parse_statement(written)


def test_a_parameter_function_without_its_parameter_says_how_to_write_it():
    with pytest.raises(LatexParseError, match=r"ELU needs its parameter: \\operatorname\{ELU\}_\\alpha\(x\)"):
        parse_statement(r"\operatorname{ELU}(x)")


@pytest.mark.parametrize("expr, shown_text, shown_latex", [
    (gelu(x), "GELU(x)", r"\operatorname{GELU}(x)"),
    (silu(x), "SiLU(x)", r"\operatorname{SiLU}(x)"),
    (elu(x, alpha), "ELU_α(x)", r"\operatorname{ELU}_{\alpha}(x)"),
    (softsign(x), "softsign(x)", r"\operatorname{softsign}(x)"),
    (mish(x), "Mish(x)", r"\operatorname{Mish}(x)"),
])
def test_each_function_prints_in_text_and_latex(expr, shown_text, shown_latex):
    assert text(expr) == shown_text
    assert latex(expr) == shown_latex


def test_erf_evaluates_in_float64():
    """``NumericFunction(erf(x))`` failed with NameError (no ``math`` in the generated code)."""
    values = np.array([-2.0, -0.5, 0.0, 0.3, 3.0])
    out = NumericFunction(erf(x), [x])({x: values})
    assert np.allclose(out, [math.erf(v) for v in values], rtol=1e-14, atol=0)


@pytest.mark.parametrize("build, reference", [
    (gelu, lambda v: v * (1 + math.erf(v / math.sqrt(2))) / 2),
    (gelu_tanh, lambda v: v / 2 * (1 + math.tanh(math.sqrt(2 / math.pi) * (v + 0.044715 * v**3)))),
    (silu, lambda v: v / (1 + math.exp(-v))),
    (lambda t: elu(t, Rational(1, 2)), lambda v: v if v > 0 else (math.exp(v) - 1) / 2),
    (softsign, lambda v: v / (1 + abs(v))),
    (mish, lambda v: v * math.tanh(math.log1p(math.exp(v)))),
])
def test_float64_values_match_the_textbook_formulas(build, reference):
    values = np.array([-3.0, -0.7, 0.0, 0.4, 2.5])
    out = NumericFunction(build(x), [x])({x: values})
    assert np.allclose(out, [reference(v) for v in values], rtol=1e-12, atol=1e-15)


def test_the_oracle_has_its_own_definition_of_every_named_builtin_and_it_agrees():
    """The oracle's definitions are written again on purpose; they must agree with the table's at 30 digits."""
    for name in ("sigmoid", "softplus", "gelu", "gelu_tanh", "silu", "softsign", "mish"):
        mine = ORACLE_FUNCTIONS[name]
        for v in ("-3.25", "-0.5", "0", "0.75", "4"):
            with mpmath.workdps(30):
                want = FUNCTIONS[name].build(Rational(v)).unfolded().evalf(30)
                got = mine(mpmath.mpf(v))
                assert abs(got - mpmath.mpf(str(want))) <= mpmath.mpf(10) ** -25 * max(1, abs(got)), (name, v)
    for name in ("leaky_relu", "elu"):
        for v in ("-2", "0", "3"):
            with mpmath.workdps(30):
                want = FUNCTIONS[name].build(Rational(v), Rational(1, 10)).unfolded().evalf(30)
                assert abs(ORACLE_FUNCTIONS[name](mpmath.mpf(v), mpmath.mpf("0.1")) - mpmath.mpf(str(want))) < 1e-25


# --- through the whole pipeline: answers written as students write them ----------------------------

ACTIVATION_ANSWERS = {
    "silu": (r"\frac{d}{dx}\mathrm{SiLU}(x) = \sigma(x)(1 + x(1 - \sigma(x)))", True),
    "silu_wrong": (r"\frac{d}{dx}\mathrm{SiLU}(x) = \sigma(x)(1 - \sigma(x))", False),
    "elu": (r"\frac{d}{dx}\operatorname{ELU}_1(x) = \begin{cases} 1 & x > 0 \\ e^{x} & x < 0 \end{cases}", True),
    "softsign": (r"\frac{d}{dx}\operatorname{softsign}(x) = \frac{1}{(1 + |x|)^2}", True),
    "softsign_wrong": (r"\frac{d}{dx}\operatorname{softsign}(x) = \frac{1}{1 + x^2}", False),
    "mish_eq": (r"\text{Mish}(x) = x\tanh(\ln(1 + e^{x}))", True),
}


@pytest.fixture(scope="module")
def activation_results():
    claims = [{"id": k, "statement": v[0], "where": [r"x \in \mathbb{R}", r"x \neq 0"] if k == "elu" else [r"x \in \mathbb{R}"]}
              for k, v in ACTIVATION_ANSWERS.items() ]
    return run(claims)


@pytest.mark.parametrize("answer", [k for k, v in ACTIVATION_ANSWERS.items() ])
def test_activation_answers_get_the_right_verdict(answer, activation_results):
    r = activation_results[answer]
    if ACTIVATION_ANSWERS[answer][1]:
        assert r.verdict is Verdict.PROVEN, (answer, r.verdict, r.message)
    else:
        assert r.verdict is Verdict.REFUTED and "left =" in r.steps[0].counterexample, (answer, r.verdict)


# --- kinks: a derivative at a point the claim does not exclude ----------------------------------------

@pytest.fixture(scope="module")
def kink_results():
    return run([
        {"id": "abs", "statement": r"\frac{d}{dx}|x| = \operatorname{sgn}(x)", "where": [r"x \in \mathbb{R}"]},
        {"id": "relu_H", "statement": r"\frac{d}{dx}\operatorname{ReLU}(x) = H(x)", "where": [r"x \in \mathbb{R}"],
         "functions": {"H": "heaviside"}},
        {"id": "abs_cubed", "statement": r"\frac{d}{dx}|x|^3 = 3x|x|", "where": [r"x \in \mathbb{R}"]},
        {"id": "abs_excluded", "statement": r"\frac{d}{dx}|x| = \operatorname{sgn}(x)", "where": [r"x \in \mathbb{R}", r"x \neq 0"]},
    ])


def test_no_derivative_at_a_kink_is_never_proven(kink_results):
    """|x| and ReLU have no derivative at 0: without x ≠ 0 the claim is false there."""
    for answer in ("abs", "relu_H"):
        r = kink_results[answer]
        assert r.verdict is Verdict.REFUTED, (answer, r.verdict, r.message)
        assert "x = 0" in r.steps[0].counterexample


def test_a_smooth_point_of_a_kinked_formula_is_proven(kink_results):
    """|x|³ is differentiable at 0 (both one-sided slopes are 0): proven with no exclusion."""
    assert kink_results["abs_cubed"].verdict is Verdict.PROVEN
    assert kink_results["abs_excluded"].verdict is Verdict.PROVEN


# --- adding a function is one entry in the table ------------------------------------------------------

class hardtanh(NamedFunction):
    """hardtanh(x) = max(−1, min(1, x)): a test-only built-in with two kinks."""

    nargs = 1
    text_name = "hardtanh"

    @classmethod
    def definition(cls, x):
        return Max(-1, Min(1, x))


def test_a_function_added_to_the_table_alone_is_read_printed_and_checked(monkeypatch):
    monkeypatch.setitem(FUNCTIONS, "hardtanh", Builtin("hardtanh", hardtanh, ("HardTanh",)))
    assert function_named("HardTanh").build is hardtanh
    assert parse_statement(r"\operatorname{HardTanh}(x)") == hardtanh(x)
    assert text(hardtanh(x)) == "hardtanh(x)"
    assert latex(hardtanh(x)) == r"\operatorname{hardtanh}(x)"
    results = run([
        {"id": "right", "statement": r"\operatorname{HardTanh}(x) = \max(-1, \min(1, x))", "where": [r"x \in \mathbb{R}"]},
        {"id": "wrong", "statement": r"\operatorname{HardTanh}(x) = \tanh(x)", "where": [r"x \in \mathbb{R}"]},
        {"id": "slope", "statement": r"\frac{d}{dx}\operatorname{HardTanh}(x) = 1", "where": [r"x \in \mathbb{R}", r"x \neq 1", r"x \neq -1"]},
    ])
    assert results["right"].verdict is Verdict.PROVEN
    assert results["wrong"].verdict is Verdict.REFUTED
    assert results["slope"].verdict is Verdict.REFUTED  # the slope is 0 beyond ±1


def test_gelu_tanh_uses_exact_constants_and_only_softsign_and_elu_are_kinked():
    """0.044715 is the exact rational 44715/10⁶ (so its derivative claim is provable, not float-close);
    the prover case-splits only functions whose definitions branch."""
    assert Rational(44715, 10**6) in gelu_tanh.definition(x).atoms(Rational)
    assert {name for name in ("gelu", "gelu_tanh", "silu", "elu", "softsign", "mish")
            if FUNCTIONS[name].build.is_kinked()} == {"elu", "softsign"}
