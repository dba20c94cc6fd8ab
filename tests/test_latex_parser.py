"""The LaTeX parser: what it builds, what it refuses, and that it never executes anything."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy import (Abs, Derivative, Eq, Heaviside, Integral, Limit, Max, Min, Ne, Piecewise, Product, Rational, S, Sum, sin,
                   Symbol, ceiling, cosh, exp, floor, log, oo, pi, sign, sinh, sqrt, tanh)

from derivcheck.core.errors import LatexParseError
from derivcheck.core.functions import leaky_relu, sigmoid, softplus
from derivcheck.notation.scalar_reader import Chain, Iff, Membership, Rounded, parse_condition, parse_statement

x, y, a, b, n, m, t = (Symbol(s, real=True) for s in "xyabnmt")
alpha = Symbol("alpha", real=True)


def expr(text, **kw):
    return parse_statement(text, **kw)


@pytest.mark.parametrize("text, expected", [
    (r"x^2 + 2x + 1", x**2 + 2 * x + 1),
    (r"(x+1)(x-1)", (x + 1) * (x - 1)),
    (r"\frac{1}{2}x", x / 2),
    (r"2 \cdot 3 \times x", 6 * x),
    (r"x / y", x / y),
    (r"-x^2", -x**2),
    (r"e^{-x^2/2}", exp(-x**2 / 2)),
    (r"\exp(x) + \ln x + \log(y)", exp(x) + log(x) + log(y)),
    (r"\log_2 8", S(3)),
    (r"\sqrt{x^2 + 1}", sqrt(x**2 + 1)),
    (r"\pi", pi),
    (r"\cosh^2(x) - \sinh^2(x)", cosh(x)**2 - sinh(x)**2),
    (r"\tanh x", tanh(x)),
    (r"\ln x^2", log(x**2)),
    (r"\ln(x)^2", log(x)**2),
    (r"\sigma(x)(1-\sigma(x))", sigmoid(x) * (1 - sigmoid(x))),
    (r"\sigma^2", Symbol("sigma", real=True)**2),
    (r"\operatorname{softplus}(x)", softplus(x)),
    (r"\operatorname{sign}(x) + \operatorname{sgn}(y)", sign(x) + sign(y)),
    (r"\operatorname{ReLU}(x) + \operatorname{rect}(y) + \operatorname{relu}(a)", Max(0, x) + Max(0, y) + Max(0, a)),
    (r"\operatorname{sech}(x)", 1 / cosh(x)),
    (r"\max(0, x)", Max(0, x)),
    (r"[x]_+", Max(0, x)),
    (r"\max(a, b) + \min(a, b)", Max(a, b) + Min(a, b)),
    (r"\operatorname{LeakyReLU}_\alpha(x)", leaky_relu(x, alpha)),
    (r"|x| + \left|y\right|", Abs(x) + Abs(y)),
    (r"|x||y|", Abs(x) * Abs(y)),
    (r"\lfloor x \rfloor + \lceil y \rceil", floor(x) + ceiling(y)),
    (r"\left\lfloor \frac{10}{3} \right\rfloor", S(3)),
    (r"[x + 1]^2", (x + 1)**2),
    (r"x_0 + \lambda_1 + w_{ij}", Symbol("x_0", real=True) + Symbol("lambda_1", real=True) + Symbol("w_ij", real=True)),
    (r"\frac{d}{dx} x^3", Derivative(x**3, x)),
    (r"\frac{d^2}{dx^2} x^3", Derivative(x**3, (x, 2))),
    (r"\frac{\partial}{\partial x} (x y)", Derivative(x * y, x)),
    (r"\frac{\partial^2 (x^2 y)}{\partial x^2}", Derivative(x**2 * y, (x, 2))),
    (r"\frac{d\,\sigma(x)}{dx}", Derivative(sigmoid(x), x)),
    (r"\frac{d}{dx} x \sigma(x) + 1", Derivative(x * sigmoid(x), x) + 1),
    (r"2 \cdot \frac{d}{dx} x^2 + 1", 2 * Derivative(x**2, x) + 1),
    (r"x \times \sum_{k=1}^{3} k", x * Sum(Symbol("k", integer=True), (Symbol("k", integer=True), 1, 3))),
    (r"\lim_{n\to\infty}\left(1+\frac{x}{n}\right)^n", Limit((1 + x / n)**n, n, oo, "-")),
    (r"\int_0^\infty e^{-t}\,dt", Integral(exp(-t), (t, 0, oo))),
    (r"\lim_{t \to 0^+} t \ln t", Limit(t * log(t), t, 0, "+")),
    (r"\lim_{t \to 0^{-}} t", Limit(t, t, 0, "-")),
    (r"\max\{a, b\}", Max(a, b)),
    (r"\int_{-\infty}^{\infty} e^{-t^2} \mathrm{d}t", Integral(exp(-t**2), (t, -oo, oo))),
    (r"\mathbf{1}_{x>0}", Piecewise((1, x > 0), (0, True))),
    (r"\mathbb{1}_{x \leq 0}", Piecewise((1, x <= 0), (0, True))),
    (r"\begin{cases} x & x \geq 0 \\ -x & \text{otherwise} \end{cases}", Piecewise((x, x >= 0), (-x, True))),
    (r"\begin{cases} 1, & \text{if } x > 0 \\ 0, & \text{otherwise} \end{cases}", Piecewise((1, x > 0), (0, True))),
    (r"2^{10}", S(1024)),
    ("x ≤ y", None),
])
def test_builds(text, expected):
    got = expr(text)
    if expected is None:
        assert isinstance(got, Chain) and got.relations == ("LE",)
    else:
        assert got == expected


def test_sum_has_integer_index_and_symbolic_limit():
    got = expr(r"\sum_{j=1}^{m} j")
    assert isinstance(got, Sum)
    (j, lo, hi), = got.limits
    assert j.is_integer and lo == 1 and hi == m


def test_kronecker_delta_is_an_indicator_of_equal_indices():
    i, j = Symbol("i", real=True), Symbol("j", real=True)
    assert expr(r"\delta_{ij}") == Piecewise((1, Eq(i, j)), (0, True))


def test_functions_table_maps_names_to_builtins():
    assert expr(r"H(x)", functions={"H": "heaviside"}) == Heaviside(x, S.Half)
    assert expr(r"g(x)", functions={"g": "sigmoid"}) == sigmoid(x)
    assert expr(r"\mathbf{1}_{x > 0} = I(x > 0)", functions={"I": "indicator"}).members[1] == Piecewise((1, x > 0), (0, True))
    # without a declaration H(x) could be H applied to x or H times x: refused, naming both
    with pytest.raises(LatexParseError, match=r"H\(x\) is ambiguous: the function H applied to \(x\), or H times it"):
        expr(r"H(x)")
    assert expr(r"H(x) + H = 1").members[0] == Symbol("H", real=True) * x + Symbol("H", real=True)  # H used alone: a variable


def test_chain_keeps_relations_unevaluated_and_spans():
    got = expr(r"(x+1)^2 = x^2 + 2x + 1 \le 2x^2 + 2")
    assert got.relations == ("EQ", "LE")
    assert len(got.members) == 3
    src = r"(x+1)^2 = x^2 + 2x + 1 \le 2x^2 + 2"
    assert [src[s:e].strip() for s, e in got.spans] == ["(x+1)^2", "x^2 + 2x + 1", "2x^2 + 2"]


def test_numeric_relation_is_not_decided_while_parsing():
    got = expr("2^{10} = 1024")
    assert isinstance(got, Chain) and got.members == (S(1024), S(1024))


def test_decimals_are_rounded_values_and_integers_exact():
    got = expr(r"\sqrt{2} = 1.414")
    assert got.members[1] == Rounded(Rational(1414, 1000), Rational(1, 2000), "1.414")
    assert expr("3") == 3 and expr("3").is_Integer


def test_iff_between_conditions():
    got = expr(r"x^2 > 0 \iff x \neq 0")
    assert isinstance(got, Iff)
    assert got.right == Ne(x, 0)


@pytest.mark.parametrize("text, kind", [
    (r"n \in \mathbb{N}", "N"),
    (r"i, p, k, s \in \mathbb{Z}", "Z"),
    (r"x \in \mathbb{R}", "R"),
    (r"x \in (0, 1]", "interval"),
    (r"x \in [0, \infty)", "interval"),
])
def test_memberships(text, kind):
    got = parse_condition(text)
    assert isinstance(got, Membership) and got.set_kind == kind


def test_interval_ends_and_openness():
    got = parse_condition(r"x \in (0, 1]")
    assert got.interval == (0, 1, True, False)


@pytest.mark.parametrize("text, first, last", [
    (r"y \in \{0, 1\}", 0, 1),                 # two values, never the open interval (0, 1) between them
    (r"u \in \{1, 2, 3\}", 1, 3),
    (r"k \in \{3, 1, 2\}", 1, 3),
    (r"s \in \{-1, 0, 1\}", -1, 1),
    (r"k \in \{0, 1, \dots, 10\}", 0, 10),
    (r"k \in \{1, \ldots, 5\}", 1, 5),
])
def test_a_set_of_consecutive_whole_numbers_is_an_integer_range(text, first, last):
    got = parse_condition(text)
    assert isinstance(got, Membership) and got.set_kind == "Z-range" and got.interval == (first, last, False, False)


@pytest.mark.parametrize("text, message", [
    (r"y \in \{0, 2\}", r"column 7: y \\in \{0, 2\}: only consecutive whole numbers .* skips 1: check each value as its own "
                         r"claim \(y = 0 in where"),
    (r"y \in \{-1, 1\}", r"skips 0"),
    (r"k \in \{0, 2, \dots, 10\}", r"the values before \\dots must count up by one"),
    (r"p \in \{0.5, 1\}", r"must list whole numbers .* write an interval such as \[0, 1\]"),
    (r"k \in \{0, \dots, m\}", r"must list whole numbers"),
    (r"y \in (0, 1\}", r"a set of values is written between \\\{ and \\\}"),
    (r"y \in (0, 1, 2)", r"an interval is two numbers in \( \) or \[ \]"),
])
def test_a_set_that_is_not_an_integer_range_is_refused_saying_what_to_write(text, message):
    with pytest.raises(LatexParseError, match=message):
        parse_condition(text)


def test_an_index_set_in_a_claim_with_vectors_is_the_range_from_one():
    from derivcheck.notation.statements import index_set

    assert index_set(r"u \in \{1, 2, 3\}", "w") == r"u \in \{1, \dots, 3\}"
    assert index_set(r"i \in \{1, 2, \dots, d_h\}", "w") == r"i \in \{1, \dots, d_h\}"
    assert index_set(r"i, j \in \{1, \dots, n\}", "w") == r"i, j \in \{1, \dots, n\}"
    assert index_set(r"x \in \mathbb{R}", "w") == r"x \in \mathbb{R}"
    with pytest.raises(LatexParseError, match=r"w, column 7: y \\in \{0, 1\}: in a claim with vectors .* runs from 1"):
        index_set(r"y \in \{0, 1\}", "w")
    with pytest.raises(LatexParseError, match=r"skips 2"):
        index_set(r"u \in \{1, 3\}", "w")


def test_conditions_are_chains():
    got = parse_condition(r"0 < \alpha < 1")
    assert got.relations == ("LT", "LT") and got.members == (0, alpha, 1)


# --- errors: name the claim, the column and what was expected ------------------------------------

@pytest.mark.parametrize("text, message", [
    (r"\operatorname{frobnicate}(x) = x", r"column 1: unknown function 'frobnicate' \(known: .*softplus"),
    (r"\operatorname{sofplus}(x) = x", r"unknown function 'sofplus' — did you mean softplus\?"),
    (r"x + \foo = 1", r"column 5: unknown command \\foo"),
    (r"x = ", r"column 5: unexpected end of input; expected"),
    (r"\frac{1}{2", r"unexpected end of input; expected '}'"),
    (r"x + ) = 1", r"column 5: unexpected '\)'"),
    (r"x^10 = 1", r"column 3: \^10 means \^1 followed by 0 in LaTeX: write \^\{10\}"),
    (r"\mathbf{w} = 1", r"\\mathbf\{w\} is a vector: declare its shape in where"),
    (r"\|x\| = 1", r"takes a vector: declare it as a vector in where .* or write \|x\| for a number"),
    (r"S(x) = 1", r"softmax takes a vector: declare it as a vector in where"),
    (r"x @ y", r"column 3: unexpected character '@'"),
    (r"\text{hello} x = 1", r"unsupported text"),
    (r"\frac{\partial L}{\partial w} = 0", r"the derivative of L, which does not depend on w"),
    (r"\operatorname{LeakyReLU}(x) = x", r"LeakyReLU needs its parameter: .*LeakyReLU}_"),
    (r"\frac{d^2}{dx} x", r"orders differ"),
])
def test_errors_name_claim_column_and_problem(text, message):
    with pytest.raises(LatexParseError, match=message) as info:
        parse_statement(text, claim="answers.toml: claim 'q1'", functions={"S": "softmax"})
    assert str(info.value).startswith("answers.toml: claim 'q1': statement")


def test_unknown_builtin_in_functions_table_is_an_error():
    with pytest.raises(LatexParseError, match=r"'frob' is not a built-in function \(known: .*sigmoid"):
        parse_statement("f(x) = 1", functions={"f": "frob"})


def test_declared_function_used_without_arguments_is_an_error():
    with pytest.raises(LatexParseError, match=r"H is declared as a function \(heaviside\): write H\(...\)"):
        parse_statement("H = 1", functions={"H": "heaviside"})


# --- bounds --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [r"9^{9^{9^9}} = 1", r"2^{100000} = 1", r"10^{10^{10}}", r"x^{9^{9^{9}}}"])
def test_exponent_towers_are_refused_not_computed(text):
    with pytest.raises(LatexParseError, match="too large"):
        parse_statement(text)


def test_length_is_bounded():
    with pytest.raises(LatexParseError, match="too long"):
        parse_statement("x + " * 1000 + "x = 1")


def test_nesting_is_bounded():
    with pytest.raises(LatexParseError, match="nested more than"):
        parse_statement("(" * 100 + "x" + ")" * 100 + " = 1")


def test_long_flat_products_do_not_overflow_the_stack():
    try:
        parse_statement("x " * 900 + "= 1")
    except LatexParseError as exc:
        assert "deep" in str(exc) or "long" in str(exc)


# --- never executes user text --------------------------------------------------------------------

EXPLOITS = [
    r"\operatorname{__import__}('os').system('touch /tmp/derivcheck_pwned') = 0",
    r"__import__('os').system('touch /tmp/derivcheck_pwned') = 0",
    r"\mathrm{eval}(x) = 1",
    r"\operatorname{exec}(\text{import os}) = 1",
    r"x.__class__ = 1",
    r"\__import__ = 1",
    r"\operatorname{os.system}(1) = 1",
    r"\lambda: 0 = 1",
]


@pytest.mark.parametrize("text", EXPLOITS)
def test_code_execution_strings_are_parse_errors_without_side_effects(text):
    marker = "/tmp/derivcheck_pwned"
    if os.path.exists(marker):
        os.remove(marker)
    with pytest.raises(LatexParseError, match="column"):
        parse_statement(text, claim="evil")
    assert not os.path.exists(marker)


def test_reading_modules_never_call_eval_or_sympify():
    """Everything that reads user text (notation/, answers/) parses it; nothing evaluates it."""
    from pathlib import Path

    import derivcheck

    root = Path(derivcheck.__file__).parent
    sources = sorted((root / "notation").glob("*.py")) + sorted((root / "answers").glob("*.py"))
    assert len(sources) >= 6
    for path in sources:
        source = path.read_text()
        for banned in ("eval(", "exec(", "sympify(", "parse_expr(", "parse_latex("):
            assert banned not in source, (path.name, banned)


# --- fuzz: malformed input never escapes as anything but a LatexParseError with a place -----------

FRAGMENTS = [
    "x", "y", "2", "1.5", "+", "-", "=", "<", ">", "(", ")", "[", "]", "{", "}", "^", "_", "|", ",", "&", "/",
    r"\frac", r"\sqrt", r"\left(", r"\right)", r"\left|", r"\right|", r"\cdot", r"\le", r"\geq", r"\neq",
    r"\sigma", r"\alpha", r"\ln", r"\log", r"\exp", r"\tanh", r"\max", r"\min", r"\operatorname{sign}",
    r"\operatorname{LeakyReLU}", r"\mathbf{1}", r"\mathbb{1}", r"\mathbf{w}", r"\mathbb{R}", r"\in", r"\iff",
    r"\lim", r"\to", r"\infty", r"\sum", r"\int", "d", "dx", r"\,", r"\partial", r"\begin{cases}", r"\end{cases}",
    r"\\", r"\text{otherwise}", r"\lfloor", r"\rfloor", r"\lceil", r"\rceil", r"\delta", r"\pi", "e",
    r"\foo", r"\operatorname{bar}", "@", "!", "'", " ", r"\|", "9", "^{", r"\frac{d}{dx}", r"\frac{\partial}{\partial x}",
]


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=25), st.sampled_from(["statement", "condition"]))
def test_fuzzed_input_fails_cleanly_with_a_position(parts, start):
    text = " ".join(parts) if len(parts) % 2 else "".join(parts)
    fn = parse_statement if start == "statement" else parse_condition
    try:
        fn(text, claim="fuzz", functions={"H": "heaviside"})
    except LatexParseError as exc:
        msg = str(exc)
        assert msg.startswith("fuzz: ")
        assert "column" in msg or "empty" in msg or "too long" in msg or "nested too deeply" in msg, msg


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_fails_cleanly(text):
    try:
        parse_statement(text, claim="fuzz")
    except LatexParseError as exc:
        assert str(exc).startswith("fuzz: ")


# --- powers of functions: σ²(x) is σ(x)², f^{-1}(x) is ambiguous and refused ---------------------

@pytest.mark.parametrize("text, expected", [
    (r"\sigma^2(x)", sigmoid(x)**2),
    (r"\sigma^{2}(x)", sigmoid(x)**2),
    (r"\tanh^2(x)", tanh(x)**2),
    (r"\cosh^2 x", cosh(x)**2),
    (r"(\sigma(x))^{-1}", 1 / sigmoid(x)),
])
def test_a_power_on_a_function_name_is_a_power_of_its_value(text, expected):
    assert expr(text) == expected


@pytest.mark.parametrize("text, readings", [
    (r"\sigma^{-1}(x)", r"\\operatorname\{logit\}\(…\) or 1/\\sigma\(…\)"),
    (r"\tanh^{-1}(x)", r"\\operatorname\{artanh\}\(…\) or 1/\\tanh\(…\)"),
    (r"\sin^{-1} x", r"\\arcsin\(…\) or 1/\\sin\(…\)"),
    (r"\exp^{-2}(x)", r"the inverse function\(…\) or 1/\\exp\(…\)\^\{2\}"),
])
def test_an_inverse_power_on_a_function_is_refused_with_both_readings(text, readings):
    with pytest.raises(LatexParseError, match=f"is ambiguous: it could mean {readings}"):
        expr(text)


# --- numbers, primes, products, indicators and Unicode as people type them (issue 15) --------------

@pytest.mark.parametrize("text, expected", [
    (r"1,000,000", S(1000000)),
    (r"12{,}288", S(12288)),
    (r"12\,288", S(12288)),
    (r"12~288", S(12288)),
    (r"1\,707\,274", S(1707274)),
    (r"5\%", Rational(1, 20)),
    (r"\frac12 x", x / 2),
    (r"\ln 2x", log(2 * x)),
    (r"\sin 2\pi x", sin(2 * pi * x)),
    (r"\ln 2 + x", log(2) + x),
    (r"\tanh'(x)", Derivative(tanh(x), x)),
    (r"\sigma'(x)", Derivative(sigmoid(x), x)),
    (r"\tanh''(x)", Derivative(tanh(x), (x, 2))),
    (r"\prod_{k=1}^{3} (k + x)", Product(Symbol("k", integer=True) + x, (Symbol("k", integer=True), 1, 3))),
    (r"\mathbb{1}[x > 0]", Piecewise((1, x > 0), (0, True))),
    (r"\mathbb{I}\{x > 0\}", Piecewise((1, x > 0), (0, True))),
    (r"\mathbf{1}_{\{x>0\}}", Piecewise((1, x > 0), (0, True))),
    ("σ(x)·(1 − σ(x))", sigmoid(x) * (1 - sigmoid(x))),
    ("α x", alpha * x),
    (r"\ell^2 + ℓ", Symbol("ell", real=True)**2 + Symbol("ell", real=True)),
])
def test_notation_as_typed(text, expected):
    assert expr(text) == expected


def test_a_prime_at_a_point_is_a_value_at_that_point():
    got = expr(r"\sigma'(2x)")
    assert got.doit().equals(Derivative(sigmoid(2 * x), x).doit() / 2)


@pytest.mark.parametrize("text, message", [
    (r"\max(1,000)", None),  # inside brackets a comma separates arguments: max(1, 0) = 1
    (r"12 288", r"two numbers side by side \(12 288\)"),
    (r"x \approx 1", r"column 3: \\approx between an expression and a whole number: write = if it is exact"),
    (r"e^x \approx 1 + x", r"column 5: \\approx between two expressions is an approximation, not an identity"),
    (r"x \sim 0.5", r"column 3: \\sim is not a claim derivcheck can check"),
    (r"\sum_{k} k = 1", r"a sum needs its range here"),
    (r"f'(x) = 2x", r"f' is the derivative of a function f that is not defined"),
])
def test_ambiguous_or_unsupported_notation_is_refused_with_a_way_out(text, message):
    if message is None:
        assert expr(text) == 1
        return
    with pytest.raises(LatexParseError, match=message):
        expr(text)


@pytest.mark.parametrize("written, read", [
    (r"\mathbf{z_1}", r"\mathbf{z}_1"),
    (r"\mathbf{z_{1i}}", r"\mathbf{z}_{1i}"),
    (r"\mathbf{W^{(2)}}", r"\mathbf{W}^{(2)}"),
    (r"\mathbf{b^{(1)}} + \mathbf{x}", r"\mathbf{b}^{(1)} + \mathbf{x}"),
    (r"\hat{\mathbf{z}_3}", r"\hat{\mathbf{z}}_3"),
    (r"\hat{\mathbf{z_3}}", r"\hat{\mathbf{z}}_3"),
    (r"\boldsymbol{\theta_t}", r"\boldsymbol{\theta}_t"),
    (r"\mathbf{W^{(1)}_{ij}}", r"\mathbf{W}^{(1)}_{ij}"),
    (r"\mathbf{x}_1", r"\mathbf{x}_1"),          # already outside: unchanged
    (r"\mathbf{zz_1}", r"\mathbf{zz_1}"),        # not one name: left for the reader to refuse
    (r"\mathbf{z_1", r"\mathbf{z_1"),            # unbalanced: left as written
])
def test_a_bold_or_hat_command_around_a_name_and_its_scripts_is_the_command_around_the_name(written, read):
    from derivcheck.notation.tokens import tokenize, unwrap_scripts

    assert unwrap_scripts(written) == read
    assert len(unwrap_scripts(written)) == len(written)  # columns outside the group are kept


    def scalar_reading(text):  # the scalar reader's tokens, or its refusal (\mathbf{z} is a vector there)
        try:
            return [(t.type, str(t)) for t in tokenize(text, "", "")]
        except LatexParseError as exc:
            return str(exc)

    assert scalar_reading(written) == scalar_reading(read)


def test_the_vector_reader_reads_a_bold_name_with_its_scripts_inside_as_the_name_then_the_scripts():
    from derivcheck.notation.vector_reader import parse_vector

    def shape(tree):  # the parse tree without token positions
        if isinstance(tree, (list, tuple)):
            return [shape(u) for u in tree]
        return (tree.kind, tree.text) if hasattr(tree, "col") else tree

    names = frozenset({"z_1", "W^(2)", "zhat_3", "theta_t"})
    for written, read in [(r"\mathbf{W^{(2)}}\mathbf{z_1} = \hat{\mathbf{z}_3} + \boldsymbol{\theta_t}",
                           r"\mathbf{W}^{(2)}\mathbf{z}_1 = \hat{\mathbf{z}}_3 + \boldsymbol{\theta}_t")]:
        assert shape(parse_vector(written, where="t", functions={}, names=names)) == \
            shape(parse_vector(read, where="t", functions={}, names=names))


def test_approx_is_a_relation_only_against_a_written_decimal():
    got = expr(r"-\log 0.1 \approx 2.303")
    assert isinstance(got, Chain) and got.relations == ("APPROX",) and isinstance(got.members[1], Rounded)
    assert expr(r"\sigma(2) \simeq 0.88").relations == ("APPROX",)
    assert expr("σ(2) ≈ 0.88").relations == ("APPROX",)
    with pytest.raises(LatexParseError, match=r"column 3: ≈ is not a condition"):
        parse_condition(r"x \approx 0.5")
    with pytest.raises(LatexParseError, match=r"≈ is not a condition"):
        expr(r"\begin{cases} 1 & x \approx 0.5 \\ 0 & \text{otherwise} \end{cases} = 1")


# --- never misread: letters written side by side, names before parentheses, tags or powers ------------------

X1, X2, W_ij, x_j = (Symbol(s, real=True) for s in ("x_1", "x_2", "W_ij", "x_j"))


@pytest.mark.parametrize("text, message", [
    (r"n_W2 = 131072", r"fuzz: statement, column 1: n_W2 is n_\{W\}·2 or the name n_\{W2\}: write n_\{W2\} for the name, "
                       r"or n_W \\cdot 2 for the product"),
    (r"a + \theta_t2", r"column 5: \\theta_t2 is \\theta_\{t\}·2 or the name \\theta_\{t2\}"),
    (r"x_ab", r"column 1: x_ab is x_\{a\}·b or the name x_\{ab\}"),
    (r"\delta_ij", r"\\delta_ij is \\delta_\{i\}·j or the name \\delta_\{ij\}"),
])
def test_a_one_character_subscript_run_into_a_letter_or_digit_is_refused(text, message):
    with pytest.raises(LatexParseError, match=message):
        parse_statement(text, claim="fuzz")


@pytest.mark.parametrize("text, expected", [
    (r"x_1 y", X1 * y),
    (r"x_1x_2", X1 * X2),
    (r"W_{ij}x_j", W_ij * x_j),
    (r"x_1^2 + x_2", X1**2 + X2),
    (r"\log_2x", log(x, 2)),
])
def test_a_subscript_in_braces_or_followed_by_a_space_an_operator_or_a_subscripted_name_is_read(text, expected):
    assert expr(text) == expected


@pytest.mark.parametrize("text, message", [
    (r"Tot_{par} = 1", r"column 1: Tot is read as T·o·t or as a name: .*\(T_\{par\}; \\text\{Tot\} is not read as a name\)"),
    (r"Loss = 1", r"Loss is read as L·o·s·s or as a name: .*write L_\{loss\} for the name"),
    (r"1 + lnx", r"column 5: lnx is read as l·n·x .*write \\ln x for the function ln"),
    (r"relu(x)", r"relu is read as r·e·l·u .*write \\operatorname\{relu\}\(…\) for the function"),
])
def test_three_letters_side_by_side_are_refused_as_a_word_or_a_product(text, message):
    with pytest.raises(LatexParseError, match=message):
        expr(text)


@pytest.mark.parametrize("text, expected", [
    (r"x y t", x * y * t),
    (r"2xy", 2 * x * y),
    (r"e^{-axy}", exp(-a * x * y)),  # in a script the letters are an exponent or a label, never checked as a word
    (r"\frac{1}{2}\max\{x, y\}", Max(x, y) / 2),
])
def test_letters_with_spaces_two_letters_and_scripts_are_read(text, expected):
    assert expr(text) == expected


def test_a_limit_of_a_name_subscripted_by_the_limit_variable_is_refused():
    with pytest.raises(LatexParseError, match=r"column 19: x_n depends on n \(the limit variable\), and nothing says how: "
                                              r"write its expression .* define the sequence in where as a function of n "
                                              r"\(x\(n\) = …\) and write x\(n\)"):
        expr(r"\lim_{n\to\infty} x_n = 0")
    with pytest.raises(LatexParseError, match=r"\\theta_\{2n\} depends on n"):
        expr(r"\lim_{n\to\infty} \theta_{2n} = 0")
    assert expr(r"\lim_{n \to \infty} (\frac{1}{n} + x_1)").doit() == Symbol("x_1", real=True)


@pytest.mark.parametrize("text, message", [
    (r"R_{reg}(\theta) = 1", r"column 1: R_\{reg\}\(\\theta\) is ambiguous: the function R_\{reg\} applied to \(\\theta\), "
                             r"or R_\{reg\} times it\? Write R_\{reg\} \\cdot \(\\theta\) for the product"),
    (r"\sigma_1(x)", r"\\sigma_1\(x\) is ambiguous: .*defined in where \(g\(x\) = …\)"),
    (r"1 + f_1(x + 1)", r"column 5: f_1\(x \+ 1\) is ambiguous"),
])
def test_a_subscripted_name_before_parentheses_is_refused_as_f_of_x(text, message):
    with pytest.raises(LatexParseError, match=message):
        expr(text)


def test_a_subscripted_name_before_parentheses_is_a_product_when_declared_used_alone_or_not_applied_to_a_name():
    d, d_h = Symbol("d", real=True), Symbol("d_h", real=True)
    assert expr(r"d_h(d+1) + m(d_h+1)") == d_h * (d + 1) + m * (d_h + 1)
    assert expr(r"x_1(1 - x_1)") == X1 * (1 - X1)
    assert expr(r"R_{reg}(\theta)", declared={"R_reg"}) == Symbol("R_reg", real=True) * Symbol("theta", real=True)


def test_a_letter_superscript_on_a_subscripted_name_is_a_tag_when_declared_a_power_when_the_letter_is_else_refused():
    with pytest.raises(LatexParseError, match=r"column 4: o_k\^a is the power \(o_k\)\^\{a\} or the tag o_k\^a"):
        expr(r"e^{o_k^a}")
    assert expr(r"e^{o_k^a}", tagged={"o_k^a"}) == exp(Symbol("o_k^a", real=True))
    assert expr(r"x_1^n", declared={"n"}) == X1**n
    assert expr(r"x_1^2") == X1**2
