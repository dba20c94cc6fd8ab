r"""The Python API (`derivcheck.check`, `check_file`, `prove`), its results and their display in Jupyter.

The verdicts are the ones `derivcheck check` and `derivcheck run` give (the API only reads, runs and
folds through the same code): ``to_dict()`` is compared with their JSON. The README's examples of
the API run here as doctests.
"""

from __future__ import annotations

import dataclasses
import doctest
import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sympy import Derivative, Eq, Symbol, tanh

import derivcheck
from derivcheck import REALS, statement
from derivcheck.api import UnsupportedFile, read_file
from derivcheck.core.errors import InvalidClaim
from derivcheck.core.verdict import Verdict
from derivcheck.results import CheckResult, FileResult, ProofResult

ROOT = Path(__file__).resolve().parent.parent
x = Symbol("x", real=True)

ANSWERS = r"""
[[claim]]
id = "chain"
statement = '(x-1)^2 = x^2 - 2x + 1 = x^2 - 1'

[[claim]]
id = "sig"
statement = '\frac{d}{dx}\sigma(x) = \sigma(x)(1-\sigma(x))'

[[claim]]
id = "typo"
statement = '\frac{d}{dx}\operatorname{softplus}(x) = \sigmoid(x)'

[[claim]]
id = "less"
statement = 'x^2 - 1 < x^2'
"""

MODULE = '''
from sympy import Derivative, Eq, Symbol, tanh
from derivcheck import REALS, identity, statement

x = Symbol("x", real=True)


@identity("Lecture 3")
def api_test_deriv_tanh():
    """tanh' = 1 - tanh^2"""
    return statement(Eq(Derivative(tanh(x), x), 1 - tanh(x) ** 2), variables={x: REALS})


@identity("Lecture 3")
def api_test_deriv_tanh_wrong():
    """tanh' = 1 + tanh^2"""
    return statement(Eq(Derivative(tanh(x), x), 1 + tanh(x) ** 2), variables={x: REALS})
'''


@pytest.fixture(autouse=True)
def catalog_unchanged():
    """Identity modules a test loads leave the registry as it was: other tests iterate over the catalog
    (``load_catalog()`` is the registry itself). The catalog is loaded first, so only their claims go."""
    from derivcheck.core.registry import REGISTRY, load_catalog

    before = set(load_catalog())
    yield
    for added in set(REGISTRY) - before:
        del REGISTRY[added]


def without_seconds(value):
    """A JSON document with every "seconds" removed (the only field that differs between two runs)."""
    if isinstance(value, dict):
        return {k: without_seconds(v) for k, v in value.items() if k != "seconds"}
    if isinstance(value, list):
        return [without_seconds(v) for v in value]
    return value


# --- import derivcheck stays cheap, and every existing name is still there --------------------------

def test_import_derivcheck_does_not_import_sympy_and_keeps_every_export():
    code = ("import sys, derivcheck; assert 'sympy' not in sys.modules, 'sympy imported'; "
            "assert 'derivcheck.api' not in sys.modules; "
            "from derivcheck import *; "
            "from derivcheck import identity, statement, Source, REALS, Claim, Domain, interval, integers, "
            "dimension, index, vector, matrix, check, check_file, prove; "
            "assert callable(check) and callable(identity) and REALS is not None; "
            "assert set(derivcheck.__all__) <= set(dir(derivcheck)); print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_an_unknown_name_is_still_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        derivcheck.nope  # noqa: B018


# --- check -------------------------------------------------------------------------------------------

def test_check_a_chain_names_the_first_wrong_step_and_its_counterexample():
    r = derivcheck.check(r"(x-1)^2 = x^2 - 2x + 1 = x^2 - 1", timeout=30)
    assert isinstance(r, CheckResult)
    assert r.verdict is Verdict.REFUTED and r.verdict == "REFUTED"
    assert r.first_wrong_step == 2
    assert r.counterexample == {"x": -1}
    assert [s.mark for s in r.steps] == ["✓", "✗"] and r.marks == "✓✗"
    assert [s.verdict for s in r.steps] == [Verdict.PROVEN, Verdict.REFUTED]
    assert r.steps[1].relation == "x^2 - 2x + 1 = x^2 - 1"
    assert r.steps[1].counterexample == "at x = −1: left = 4, right = 0"
    assert r.message == "step 2 (x^2 - 2x + 1 = x^2 - 1) is wrong: at x = −1: left = 4, right = 0"
    assert r.scope == "x ∈ ℝ"
    assert r.steps[0].proof.startswith("goal: ") and r.steps[1].proof == ""
    assert r.proof.startswith("step 1:\n  goal: ")
    assert not r.passed() and not r.passed(strict=True)
    assert "REFUTED" in repr(r) and "step 2" in repr(r)


def test_check_with_where_proves_the_least_squares_gradient_for_every_size():
    r = derivcheck.check(r"\nabla_{\mathbf{w}}\|X\mathbf{w}-\mathbf{y}\|^2 = 2X^\top(X\mathbf{w}-\mathbf{y})",
                         where=[r"X \in \mathbb{R}^{m \times n}", r"\mathbf{w} \in \mathbb{R}^n",
                                r"\mathbf{y} \in \mathbb{R}^m"], timeout=60)
    assert r.verdict is Verdict.PROVEN, r.message
    assert r.scope == "all m, n" and r.generic
    assert r.first_wrong_step is None and r.counterexample is None
    assert "[index-generic]" in r.proof
    assert r.passed(strict=True)


def test_check_where_as_one_string_and_functions():
    r = derivcheck.check(r"\frac{d}{dx}\left(x H(x)\right) = H(x)", where=r"x \neq 0", functions={"H": "heaviside"},
                         id="q3", timeout=30)
    assert (r.id, r.verdict, r.scope) == ("q3", Verdict.PROVEN, "x ∈ ℝ, x ≠ 0")


def test_a_statement_that_cannot_be_read_is_an_error_result_not_an_exception():
    r = derivcheck.check(r"\frac{d}{dx} \sigmoid(x) = 1", timeout=30)
    assert r.verdict is Verdict.ERROR and r.steps == ()
    assert r.message == "statement, column 14: unknown command \\sigmoid"  # no "<statement>: claim ..." prefix
    assert derivcheck.check(3).verdict is Verdict.ERROR  # a statement must be a LaTeX string


def test_results_are_frozen_and_to_dict_is_plain_json():
    r = derivcheck.check(r"(x-1)^2 = x^2 - 2x + 1 = x^2 - 1", timeout=30)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.verdict = Verdict.PROVEN
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.steps[0].verdict = Verdict.REFUTED
    d = r.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert list(d) == ["id", "statement", "verdict", "scope", "generic", "seconds", "message", "counterexample",
                       "first_wrong_step", "steps"]
    d["counterexample"]["x"] = 5  # a copy: the result is unchanged
    assert r.counterexample == {"x": -1}


def test_check_gives_what_the_answers_pipeline_gives(tmp_path):
    """The API folds the same step results the same way as `derivcheck check`: the JSON agrees."""
    from derivcheck.answers.load import parse_answers
    from derivcheck.answers.model import aggregate
    from derivcheck.run.runner import run_claims

    text = r"(x-1)^2 = x^2 - 2x + 1 = x^2 - 1"
    [answer] = parse_answers({"claim": [{"id": "claim", "statement": text}]}, path="<statement>").answers
    claims = [c for s in answer.steps for c in s.claims]
    results = {r.id: r for r in run_claims(claims, timeout=30, jobs=1, seed=derivcheck.api.DEFAULT_SEED)}
    assert without_seconds(derivcheck.check(text, timeout=30).to_dict()) == without_seconds(aggregate(answer, results).to_json())


# --- check_file ---------------------------------------------------------------------------------------

def test_check_file_matches_derivcheck_check_json(tmp_path):
    from derivcheck.answers.feedback import check_files, json_report

    path = tmp_path / "hw.toml"
    path.write_text(ANSWERS)
    report = derivcheck.check_file(path, timeout=30, jobs=2)
    assert isinstance(report, FileResult) and report.error is None
    assert [r.id for r in report] == ["chain", "sig", "typo", "less"] and len(report) == 4
    assert [r.verdict.value for r in report] == ["REFUTED", "PROVEN", "ERROR", "PROVEN"]
    assert report["chain"].first_wrong_step == 2 and report[1].id == "sig"
    assert report.summary() == {"PROVEN": 2, "CHECKED": 0, "REFUTED": 1, "ERROR": 1, "TIMEOUT": 0}
    assert not report.passed()
    assert report["chain"].path == str(path)
    cli = json_report(check_files([str(path)], timeout=30, jobs=2, seed=derivcheck.api.DEFAULT_SEED),
                      version=derivcheck.__version__, seed=derivcheck.api.DEFAULT_SEED)
    assert without_seconds(report.to_dict()) == without_seconds(cli["files"][0])
    with pytest.raises(KeyError, match="no claim 'nope'"):
        report["nope"]
    assert "<FileResult" in repr(report) and "1 REFUTED" in repr(report)


def test_check_file_of_an_identity_module_proves_each_claim_even_when_loaded_twice(tmp_path):
    path = tmp_path / "course_claims.py"
    path.write_text(MODULE)
    for _ in range(2):  # a second load (a notebook cell run again) finds the same claims
        report = derivcheck.check_file(path, timeout=30)
        assert [r.id for r in report] == ["api_test_deriv_tanh", "api_test_deriv_tanh_wrong"]
        good, bad = report
        assert isinstance(good, ProofResult)
        assert good.verdict is Verdict.PROVEN and good.proof.startswith("goal: ")
        assert good.title == "tanh' = 1 - tanh^2"
        assert bad.verdict is Verdict.REFUTED and bad.counterexample and "x" in bad.counterexample


def test_a_file_that_cannot_be_read_is_reported_in_the_result(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[[claim]\nid = ")
    report = derivcheck.check_file(broken)
    assert report.error.startswith(f"{broken}: not valid TOML") and len(report) == 0
    assert not report.passed() and report.summary()["ERROR"] == 1
    module = tmp_path / "bad_module.py"
    module.write_text("def (:\n")
    assert "cannot import the identity module: SyntaxError" in derivcheck.check_file(module).error
    empty = tmp_path / "empty_module.py"
    empty.write_text("X = 1\n")
    assert derivcheck.check_file(empty).error == f"{empty}: no @identity claim in this module"


def test_documents_are_read_and_other_files_say_what_is_read(tmp_path):
    for name in ("hw3.md", "hw3.tex"):
        doc = tmp_path / name
        doc.write_text("Let $f(x) = x^2$.\n\n$$\\frac{d}{dx} f(x) = 3x$$\n")
        result = derivcheck.check_file(doc)
        [claim] = result.results
        assert claim.id == "line 3" and claim.verdict.value == "REFUTED"
        assert read_file(doc).supported is True
    other = tmp_path / "notes.txt"
    other.write_text("x")
    with pytest.raises(UnsupportedFile, match=r"not a kind of file derivcheck reads \(answer files \(.toml\), identity modules \(.py\), Markdown documents \(.md\)"):
        derivcheck.check_file(other)
    with pytest.raises(FileNotFoundError, match="no such file"):
        derivcheck.check_file(tmp_path / "missing.toml")


# --- prove ----------------------------------------------------------------------------------------

def test_prove_a_catalog_claim_by_id():
    p = derivcheck.prove("deriv_sigmoid", timeout=30)
    assert isinstance(p, ProofResult)
    assert p.verdict is Verdict.PROVEN and p.method == "normalize" and p.scope == "x ∈ ℝ"
    assert p.statement == "d/dx σ(x) = (1 - σ(x))·σ(x)"
    assert p.proof.startswith("goal: ") and "[normalize]" in p.proof.splitlines()[0]
    d = p.to_dict()
    assert list(d) == ["id", "verdict", "generic", "scope", "method", "seconds", "numeric", "counterexample", "message",
                       "proofs"]
    assert d["proofs"][0]["lines"] == list(p.proofs[0].lines)
    assert json.loads(json.dumps(d)) == d


def test_prove_matches_derivcheck_run_json():
    from derivcheck.cli import json_document
    from derivcheck.core.registry import load_catalog
    from derivcheck.run.runner import run_claims

    claim = load_catalog()["deriv_relu"]
    [result] = run_claims([claim], timeout=30, jobs=1, seed=derivcheck.api.DEFAULT_SEED)
    cli = json_document([result], derivcheck.api.DEFAULT_SEED)["results"][0]
    assert without_seconds(derivcheck.prove(claim, timeout=30).to_dict()) == without_seconds(cli)


def test_prove_a_statement_refutes_a_wrong_derivative():
    p = derivcheck.prove(statement(Eq(Derivative(tanh(x), x), 1 + tanh(x) ** 2), variables={x: REALS}),
                         id="wrong_tanh", timeout=30)
    assert p.id == "wrong_tanh" and p.verdict is Verdict.REFUTED
    assert p.counterexample and p.message.startswith("at x = ")
    assert p.proof == "" and not p.passed()


def test_prove_refuses_what_is_not_a_claim():
    with pytest.raises(KeyError, match="no claim with id 'deriv_sigmod'"):
        derivcheck.prove("deriv_sigmod")
    with pytest.raises(KeyError, match="did you mean deriv_sigmoid"):
        derivcheck.prove("deriv_sigmod")
    with pytest.raises(KeyError, match="did you mean .*log_sigmoid"):
        derivcheck.prove("sigmoid")
    with pytest.raises(InvalidClaim, match="not int"):
        derivcheck.prove(3)
    y = Symbol("y", real=True)
    with pytest.raises(InvalidClaim, match="y used but not declared"):
        derivcheck.prove(statement(Eq(x, y), variables={x: REALS}))


# --- display in Jupyter -------------------------------------------------------------------------------

def test_html_shows_badge_statement_steps_counterexample_scope_and_proof():
    r = derivcheck.check(r"(x-1)^2 = x^2 - 2x + 1 = x^2 - 1", timeout=30)
    page = r._repr_html_()
    assert ">REFUTED</span>" in page and "#c62828" in page
    assert r"\((x-1)^2 = x^2 - 2x + 1 = x^2 - 1\)" in page  # typeset by the notebook's MathJax
    assert "✓" in page and "✗" in page and "<table" in page
    assert "counterexample</b>: x = -1" in page and "for x ∈ ℝ" in page
    assert "<details><summary>proof</summary>" in page and "step 1" in page
    assert page.count("<div") == page.count("</div>") and page.count("<table") == page.count("</table>")


def test_html_escapes_what_the_student_wrote():
    r = derivcheck.check(r"x - 1 < x", timeout=30)
    assert r"\(x - 1 &lt; x\)" in r._repr_html_()
    bad = derivcheck.check(r"<script>alert(1)</script> = 1", timeout=30)
    assert bad.verdict is Verdict.ERROR
    page = bad._repr_html_()
    assert "<script>" not in page and html.escape("<script>") in page


def test_markdown_and_latex_fallbacks():
    r = derivcheck.check(r"(x-1)^2 = x^2 - 2x + 1 = x^2 - 1", timeout=30)
    md = r._repr_markdown_()
    assert md.startswith("**REFUTED** `claim`: $(x-1)^2 = x^2 - 2x + 1 = x^2 - 1$")
    assert "- step 2 ✗ **REFUTED**" in md and "counterexample: `x = -1`" in md
    tex = r._repr_latex_()
    assert tex.startswith(r"$$\begin{array}{l}\textbf{REFUTED} \\ (x-1)^2 = x^2 - 2x + 1 = x^2 - 1")
    assert r"\text{step 2 is wrong}" in tex and r"x = \text{-1}" in tex
    assert tex.count("{") == tex.count("}")
    p = derivcheck.prove("deriv_tanh", timeout=30)
    assert r"\textbf{PROVEN} \\ \frac{d}{d x} \tanh(x) = 1 - \tanh^{2}(x)" in p._repr_latex_()
    page = p._repr_html_()
    assert ">PROVEN</span>" in page and "<details open><summary>proof</summary>" in page and "[normalize]" in page
    assert "```" in p._repr_markdown_()


def test_a_file_displays_as_a_table(tmp_path):
    path = tmp_path / "hw.toml"
    path.write_text(ANSWERS)
    report = derivcheck.check_file(path, timeout=30, jobs=2)
    page = report._repr_html_()
    assert page.count("<tr>") == 5 and ">ERROR</span>" in page and "unknown command \\sigmoid" in page
    assert "#c62828" in page.split(">", 1)[0]  # the card's colour is the worst verdict: REFUTED
    assert report._repr_markdown_().splitlines()[2].startswith("- `chain` **REFUTED** ✓✗")
    assert "chain: REFUTED ✓✗ — step 2" in str(report)
    tex = report._repr_latex_()
    assert r"\mathtt{chain} & \textbf{REFUTED} & (x-1)^2 = x^2 - 2x + 1 = x^2 - 1 \\" in tex
    assert r"\mathtt{typo} & \textbf{ERROR} &  \\" in tex and tex.count("{") == tex.count("}")


# --- the README's examples ----------------------------------------------------------------------------

def readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def test_readme_api_examples_run(tmp_path, monkeypatch):
    """Every ```pycon block of the README's API section, run as a doctest in a folder holding the answer
    file of "Checking your own answers" as hw3.toml."""
    hw3 = re.search(r"```toml\n(.*?)```", readme_section("Checking your own answers: `derivcheck check`"), re.S).group(1)
    (tmp_path / "hw3.toml").write_text(hw3)
    monkeypatch.chdir(tmp_path)
    section = readme_section("Python API and pytest plugin")
    blocks = re.findall(r"```pycon\n(.*?)```", section, re.S)
    assert len(blocks) >= 2
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "README API examples", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
    assert runner.summarize(verbose=False).attempted >= 15
