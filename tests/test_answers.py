"""Answer files: the format, the where-entries, decimals, chains cut into steps, and real verdicts."""

import json
from pathlib import Path

import pytest
from sympy import Ge, Le, Rational, oo

from derivcheck.answers.load import parse_answers
from derivcheck.answers.model import aggregate
from derivcheck.answers.feedback import check_files
from derivcheck.run.runner import run_claims
from derivcheck.core.verdict import Verdict

FIXTURES = Path(__file__).parent / "fixtures"
VECTOR_CLAIMS = {"linear_grad", "least_squares_grad", "least_squares_grad_wrong", "softmax_sums_to_one"}


def answers_of(claims, defaults=None):
    data = {"claim": claims}
    if defaults is not None:
        data["defaults"] = defaults
    return parse_answers(data, path="t.toml")


def run(claims, defaults=None, timeout=30.0):
    """Check answers through the real runner; {id: AnswerResult}."""
    af = answers_of(claims, defaults)
    assert af.error is None, af.error
    step_claims = [c for a in af.answers for s in a.steps for c in s.claims]
    results = {r.id: r for r in run_claims(step_claims, timeout=timeout, jobs=2, seed=0)}
    return {a.id: aggregate(a, results) for a in af.answers}


# --- the sample file -----------------------------------------------------------------------------

_EXPECT = json.loads((FIXTURES / "answers.expect.json").read_text())["claims"]


@pytest.fixture(scope="module")
def sample_results():
    [report] = check_files([FIXTURES / "answers.toml"], timeout=30, jobs=2, seed=20261121)
    return {r.id: r for r in report.results}


@pytest.mark.parametrize("claim_id", sorted(_EXPECT))
def test_sample_claim_gets_its_expected_verdict(claim_id, sample_results, request):
    expected = _EXPECT[claim_id]
    result = sample_results[claim_id]
    if claim_id in VECTOR_CLAIMS and expected["expected"] == "true":
        # a claim over every size n: PROVEN only by the index-generic proof, with "all n" as its scope
        assert result.verdict is Verdict.PROVEN and result.scope.startswith("all "), (result.verdict, result.scope)
        assert result.to_json()["generic"] is True
    want = {"true": (Verdict.PROVEN, Verdict.CHECKED), "false": (Verdict.REFUTED,), "error": (Verdict.ERROR,)}[expected["expected"]]
    assert result.verdict in want, (result.verdict, result.message)
    if "first_wrong_step" in expected:
        assert result.first_wrong_step == expected["first_wrong_step"]
    if expected["expected"] == "false":
        assert result.message and ("left =" in result.message)
    if expected["expected"] == "error":
        assert "frobnicate" in result.message and "column" in result.message


# --- where entries -> domains, conditions, values ------------------------------------------------

def only_claim(statement, where=(), functions=None):
    table = {"id": "c", "statement": statement, "where": list(where)}
    if functions:
        table["functions"] = functions
    [answer] = answers_of([table]).answers
    assert answer.error is None, answer.error
    return answer


def test_where_bounds_become_domains():
    claim = only_claim(r"\ln x = y", [r"x > 0", r"0 < y \leq 1"]).steps[0].claim
    doms = {str(s): d for s, d in claim.variables.items()}
    assert doms["x"].lo == 0 and doms["x"].lo_open and doms["x"].hi == oo
    assert doms["y"].lo == 0 and doms["y"].hi == 1 and not doms["y"].hi_open


def test_integer_sets_and_values():
    answer = only_claim(r"\eta n + k = s", [r"n \in \mathbb{N}", r"k, s \in \mathbb{Z}", r"s \geq 1", r"\eta = \frac{1}{10}"])
    claim = answer.steps[0].claim
    doms = {str(s): d for s, d in claim.variables.items()}
    assert "eta" not in doms  # a value, substituted
    assert doms["n"].integer and doms["n"].lo == 0
    assert doms["k"].integer and doms["k"].lo == -oo
    assert doms["s"].integer and doms["s"].lo == 1
    assert claim.statement[0].lhs.has(Rational(1, 10))


def test_relations_between_symbols_are_conditions_and_neq_excludes():
    claim = only_claim(r"|x| = x", [r"x \neq 0", r"x > y"]).steps[0].claim
    assert len(claim.conditions) == 2


def test_interval_membership():
    claim = only_claim(r"x = x", [r"x \in [0, 1)"]).steps[0].claim
    [dom] = claim.variables.values()
    assert dom.lo == 0 and not dom.lo_open and dom.hi == 1 and dom.hi_open


def test_defaults_apply_to_every_claim_and_claims_override_functions():
    af = answers_of([{"id": "a", "statement": "H(x) = 1"}, {"id": "b", "statement": "H(x) = 1", "functions": {"H": "sigmoid"}}],
                    defaults={"where": ["x > 0"], "functions": {"H": "heaviside"}})
    a, b = af.answers
    assert "Heaviside" in str(a.steps[0].claim.statement[0]) and "sigmoid" in str(b.steps[0].claim.statement[0])
    assert a.steps[0].claim.scope == "0 < x"


# --- chains and decimals -------------------------------------------------------------------------

def test_chain_becomes_one_claim_per_step():
    answer = only_claim(r"(x+1)^2 = x^2 + 2x + 1 \le 2x^2 + 2")
    assert [s.relation for s in answer.steps] == ["(x+1)^2 = x^2 + 2x + 1", "x^2 + 2x + 1 ≤ 2x^2 + 2"]
    assert [s.claim.id for s in answer.steps] == ["c step 1", "c step 2"]


def test_decimal_equality_is_a_rounding_interval():
    answer = only_claim(r"\frac{1}{3} = 0.333")
    rels = answer.steps[0].claim.statement
    assert rels == (Ge(Rational(1, 3), Rational(3325, 10000), evaluate=False), Le(Rational(1, 3), Rational(3335, 10000), evaluate=False))


# --- errors stay with their claim ----------------------------------------------------------------

def test_bad_claims_do_not_stop_the_others():
    af = answers_of([
        {"id": "ok", "statement": "x = x"},
        {"statement": "x = x"},
        {"id": "ok", "statement": "x = x"},
        {"id": "bad", "statement": r"x = \foo"},
        {"id": "badwhere", "statement": "x = x", "where": [r"x \in \mathbb{Q}"]},
        {"id": "norel", "statement": "x + 1"},
        {"id": "empty", "statement": "x = x", "where": ["x < 0", "x > 1"]},
        {"id": "ok2", "statement": "x = x", "colour": "red"},
    ])
    by = {a.id: a for a in af.answers}
    assert by["ok"].error is None
    assert "'id' is required" in by["#2"].error
    assert "used twice" in by["ok (#3)"].error
    assert "unknown command \\foo" in by["bad"].error and "column 5" in by["bad"].error
    assert "unknown set" in by["badwhere"].error
    assert "no relation" in by["norel"].error
    assert "leave no value" in by["empty"].steps[0].error
    assert "unknown key(s) colour" in by["ok2"].error


def test_malformed_file_is_an_error_for_that_file_only(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[claim]\nid = 'x'")
    good = tmp_path / "good.toml"
    good.write_text("[[claim]]\nid = 'sq'\nstatement = '(x+1)^2 = x^2 + 2x + 1'\n")
    bad_report, good_report = check_files([bad, good], timeout=20, jobs=2, seed=0)
    assert "not valid TOML" in bad_report.error and bad_report.failed
    assert good_report.results[0].verdict is Verdict.PROVEN and not good_report.failed


# --- real verdicts: true and false, domains, decimals, cases, limits, integrals, indicators ------

TRUE_CLAIMS = [
    (r"\frac{d}{dx}\sigma(x) = \frac{e^{-x}}{(1+e^{-x})^2} = \sigma(x)(1-\sigma(x))", []),
    (r"\frac{d}{dx}\tanh(x) = 1 - \tanh^2(x)", []),
    (r"\frac{d}{dx}\operatorname{softplus}(x) = \sigma(x)", []),
    (r"\frac{d}{dx} \ln x = \frac{1}{x}", ["x > 0"]),
    (r"\frac{d^2}{dx^2} x^3 = 6x", []),
    (r"\frac{\partial}{\partial w} (w x - y)^2 = 2x(wx - y)", []),
    (r"\frac{1}{3} = 0.333", []),
    (r"\frac{2}{3} = 0.667", []),
    (r"e = 2.718", []),
    (r"\frac{1}{1+e^{-x}} = \frac{1}{2}\left(1 + \tanh\frac{x}{2}\right)", []),
    (r"\ln(ab) = \ln a + \ln b", ["a > 0", "b > 0"]),
    (r"\sum_{j=1}^{m} j = \frac{m(m+1)}{2}", []),
    (r"\int_0^1 t^2 \, dt = \frac{1}{3}", []),
    (r"\int_0^{\infty} e^{-t}\,dt = 1", []),
    (r"\int_0^\infty e^{-x t}\,dt = \frac{1}{x}", ["x > 0"]),
    (r"\int_{-\infty}^{0} e^{x t}\,dt = \frac{1}{x}", ["x > 0"]),
    (r"\int_0^a t\,dt = \frac{a^2}{2}", []),
    (r"\int_0^1 \frac{1}{\sqrt{t}}\,dt = 2", []),
    (r"\lim_{k\to\infty} \frac{1}{k} = 0", []),
    (r"\lim_{t \to 0^+} t \ln t = 0", []),
    (r"\lim_{h \to 0} \frac{(x+h)^2 - x^2}{h} = 2x", []),
    (r"\min\{a, b\} \leq \max\{a, b\}", []),
    (r"\mathbf{1}_{x>0} + \mathbf{1}_{x \leq 0} = 1", []),
    (r"\max(0, x) = [x]_+ = \operatorname{ReLU}(x)", []),
    (r"\operatorname{LeakyReLU}_\alpha(x) = \max(x, \alpha x)", [r"0 < \alpha < 1"]),
    (r"\frac{d}{dx}|x| = \operatorname{sign}(x)", [r"x \neq 0"]),
    (r"x^2 + 1 > 0", []),
    (r"\sigma(x) \leq 1", []),
    (r"(x-1)^2 \geq 0", []),
    (r"\begin{cases} x & x > 0 \\ 0 & \text{otherwise}\end{cases} = \max(0, x)", []),
    (r"x^2 > 0 \iff x \neq 0", []),
    (r"\eta x = \frac{x}{10}", [r"\eta = \frac{1}{10}"]),
    (r"2^{n} \geq n + 1", [r"n \in \mathbb{N}"]),
    (r"n_{in} n_{out} + n_{out} = 7850", [r"n_{in} = 784", r"n_{out} = 10"]),
    (r"\left\lfloor \frac{i + 2p - k}{s} \right\rfloor + 1 = 16", ["i = 32", "p = 1", "k = 3", "s = 2"]),
    (r"\log_2(8x) = 3 + \log_2 x", ["x > 0"]),
]

FALSE_CLAIMS = [
    (r"\frac{d}{dx}\sigma(x) = \sigma(x)(1+\sigma(x))", [], 1),
    (r"\frac{2}{3} = 0.666", [], 1),
    (r"\frac{d}{dx}e^{2x} = e^{2x}", [], 1),
    (r"\ln(x^2) = 2\ln x", [], 1),  # false for x < 0
    (r"(a+b)^2 = a^2 + b^2", [], 1),
    (r"x^2 + 2x + 1 = (x+1)^2 = x^2 + 1", [], 2),
    (r"(x+1)^2 = x^2 + 2x + 1 = (x+1)(x-1)", [], 2),
    (r"\sqrt{x^2} = x", [], 1),
    (r"\frac{d}{dx}|x| = \operatorname{sign}(x)", [], 1),  # no derivative at 0
    (r"\sum_{j=1}^{m} j = \frac{m^2}{2}", [], 1),
    (r"\int_0^1 t^2 \, dt = \frac{1}{2}", [], 1),
    (r"\int_0^\infty e^{-x t}\,dt = \frac{1}{x^2}", ["x > 0"], 1),
    (r"\int_0^a t^2\,dt = \frac{a^3}{2}", [], 1),
    (r"\log_2 8 = \ln 8", [], 1),
    (r"\mathbf{1}_{x>0} = \mathbf{1}_{x \geq 0}", [], 1),
    (r"\sigma(x) < 1", [], None),  # true... see below
    (r"e^x > 1 + x", [], 1),  # equal at x = 0
    (r"\max(a, b) = \frac{a + b}{2}", [], 1),
    (r"x^2 \geq x", [], 1),
    (r"w - \eta \cdot 2 \cdot 2 (w - 3) = \frac{4}{5} w + \frac{3}{5}", [r"\eta = \frac{1}{10}"], 1),
    (r"n_{in} n_{out} = 7850", [r"n_{in} = 784", r"n_{out} = 10"], 1),
    (r"\log_2(8x) = 3 + \log_2 x = 3 + \ln x", ["x > 0"], 2),
    (r"\lim_{t \to 0^{-}} \frac{|t|}{t} = 1", [], 1),
    (r"\operatorname{LeakyReLU}_\alpha(x) = \max(x, \alpha x)", [], 1),  # α unrestricted
    (r"x > 0 \iff x^2 > 0", [], 1),
]
FALSE_CLAIMS = [c for c in FALSE_CLAIMS if c[2] is not None]


@pytest.fixture(scope="module")
def true_results():
    return run([{"id": f"t{k}", "statement": s, "where": w} for k, (s, w) in enumerate(TRUE_CLAIMS)])


@pytest.fixture(scope="module")
def false_results():
    return run([{"id": f"f{k}", "statement": s, "where": w} for k, (s, w, _) in enumerate(FALSE_CLAIMS)])


@pytest.mark.parametrize("k", range(len(TRUE_CLAIMS)), ids=[c[0][:40] for c in TRUE_CLAIMS])
def test_true_claims_are_not_refuted(k, true_results):
    r = true_results[f"t{k}"]
    assert r.verdict in (Verdict.PROVEN, Verdict.CHECKED), (TRUE_CLAIMS[k], r.verdict, r.message)


@pytest.mark.parametrize("k", range(len(FALSE_CLAIMS)), ids=[c[0][:40] for c in FALSE_CLAIMS])
def test_false_claims_are_refuted_at_the_right_step(k, false_results):
    r = false_results[f"f{k}"]
    assert r.verdict is Verdict.REFUTED, (FALSE_CLAIMS[k], r.verdict, r.message)
    assert r.first_wrong_step == FALSE_CLAIMS[k][2]
    wrong = r.steps[r.first_wrong_step - 1]
    assert wrong.verdict is Verdict.REFUTED and "left =" in wrong.counterexample


def test_most_true_claims_are_proven_not_just_checked(true_results):
    proven = sum(r.verdict is Verdict.PROVEN for r in true_results.values())
    assert proven >= len(TRUE_CLAIMS) * 2 // 3, {k: r.verdict.value for k, r in true_results.items()}
