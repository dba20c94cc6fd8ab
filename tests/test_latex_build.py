"""The generated document compiles with a real LaTeX engine and says what the run found.

The compile tests skip (with the install command) only when no engine is installed; CI installs
one through .ci/install-extras.
"""

import shutil
import subprocess

import pytest
from sympy import (Derivative, Eq, Ge, HadamardProduct, IndexedBase, KroneckerDelta, MatrixSymbol, Sum, Symbol,
                   Transpose, ceiling, exp, floor)
from sympy.matrices.expressions.diagonal import DiagMatrix

from conftest import make_claim, x
from derivcheck.report import pdf as latex_build
from derivcheck.cli import main
from derivcheck.core.errors import LatexCompileError, LatexEngineMissing
from derivcheck.core.functions import sigmoid
from derivcheck.report.pdf import INSTALL_HINT, compile_pdf, find_engine, log_errors
from derivcheck.report.latex import PREAMBLE, latex, render_document
from derivcheck.core.registry import load_catalog
from derivcheck.run.runner import run_claims
from derivcheck.core.verdict import Verdict

needs_engine = pytest.mark.skipif(find_engine() is None, reason=f"no LaTeX engine: {INSTALL_HINT}")
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext not installed (apt-get install poppler-utils)")


def _unproven_claim():
    # True, but no strategy proves floor inequalities yet: it must read CHECKED, not PROVEN.
    return make_claim(Ge(floor(x), x - 1), id="floor_ge_sub_one")


def _false_claim():
    # σ' = σ(1 + σ) is a plausible slip for σ(1 − σ): it must come out REFUTED.
    return make_claim(Eq(Derivative(sigmoid(x), x), sigmoid(x) * (1 + sigmoid(x))), id="deriv_sigmoid_wrong_sign")


@pytest.fixture(scope="module")
def catalog_pdf(tmp_path_factory, catalog_results):
    extra = [_unproven_claim(), _false_claim()]
    claims = list(load_catalog().values()) + extra
    results = [catalog_results[c.id] for c in claims[:-len(extra)]] + run_claims(extra, timeout=60, jobs=2, seed=1)
    tex = tmp_path_factory.mktemp("doc") / "proofs.tex"
    tex.write_text(render_document(claims, results, seed=1))
    pdf = compile_pdf(tex)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return claims, results, tex, text


@needs_engine
@needs_pdftotext
def test_catalog_document_compiles_and_names_every_claim(catalog_pdf):
    claims, results, tex, text = catalog_pdf
    log = tex.with_suffix(".log").read_text(errors="replace")
    assert log_errors(log) == []
    assert "Undefined control sequence" not in log
    for claim in claims:
        assert claim.id in text, claim.id
    proven = [r for r in results if r.verdict is Verdict.PROVEN]
    assert text.count("PROVEN") >= len(proven)


@needs_engine
@needs_pdftotext
def test_false_claim_appears_refuted_with_its_counterexample(catalog_pdf):
    claims, results, tex, text = catalog_pdf
    [wrong] = [r for r in results if r.id == "deriv_sigmoid_wrong_sign"]
    assert wrong.verdict is Verdict.REFUTED
    section = text[text.rindex("deriv_sigmoid_wrong_sign"):]
    assert "REFUTED" in section and "Counterexample" in section
    assert wrong.evidence.lhs_value in section and wrong.evidence.rhs_value in section
    value = wrong.evidence.counterexample["x"]
    assert str(value).lstrip("-").rstrip("0").rstrip(".") in section


@needs_engine
@needs_pdftotext
def test_unproven_claim_appears_as_checked_without_proof(catalog_pdf):
    claims, results, tex, text = catalog_pdf
    [unproven] = [r for r in results if r.id == "floor_ge_sub_one"]
    assert unproven.verdict is Verdict.CHECKED
    section = text[text.rindex("floor_ge_sub_one"):text.index("deriv_sigmoid_wrong_sign", text.rindex("floor_ge_sub_one"))]
    assert "CHECKED" in section and "numerically checked, no proof" in section
    assert "PROVEN" not in section and "Proof." not in section


@needs_engine
def test_index_floor_and_matrix_notation_compiles(tmp_path):
    """The node types of the softmax, conv and MLP catalogs print to LaTeX that compiles."""
    i, j, n, s = (Symbol(c, integer=True) for c in "ijns")
    xs = IndexedBase("x")
    A, B = MatrixSymbol("A", 3, 3), MatrixSymbol("B", 3, 3)
    v = MatrixSymbol("v", 3, 1)
    exprs = [Sum(exp(xs[j]), (j, 1, n)), KroneckerDelta(i, j) * exp(xs[i]) / Sum(exp(xs[j]), (j, 1, n)),
             floor((n - 3) / s) + 1, ceiling(n / s), Transpose(A * B), HadamardProduct(A, B), DiagMatrix(v),
             Derivative(exp(xs[i]) / Sum(exp(xs[j]), (j, 1, n)), xs[j])]
    body = "\n".join(f"\\[ {latex(e)} \\]" for e in exprs)
    tex = tmp_path / "notation.tex"
    tex.write_text(PREAMBLE + "\\begin{document}\n" + body + "\n\\end{document}\n")
    compile_pdf(tex)
    assert log_errors(tex.with_suffix(".log").read_text(errors="replace")) == []


@needs_engine
def test_compile_error_shows_the_log_lines(tmp_path):
    tex = tmp_path / "broken.tex"
    tex.write_text(PREAMBLE + "\\begin{document}\n$\\notacommand$\n\\end{document}\n")
    with pytest.raises(LatexCompileError, match="Undefined control sequence"):
        compile_pdf(tex)


def test_missing_engine_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(latex_build.shutil, "which", lambda name: None)
    with pytest.raises(LatexEngineMissing, match="apt-get install texlive-latex-base"):
        compile_pdf(tmp_path / "x.tex")


def test_cli_pdf_without_engine_exits_nonzero_with_the_hint(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(latex_build.shutil, "which", lambda name: None)
    out = tmp_path / "sig.tex"
    assert main(["latex", "-k", "sigmoid_neg", "-o", str(out), "--pdf", "--jobs", "1"]) == 3
    assert out.exists()  # the .tex is still written
    assert "apt-get install" in capsys.readouterr().err


@needs_engine
def test_cli_latex_writes_and_compiles(tmp_path, capsys):
    out = tmp_path / "sig.tex"
    assert main(["latex", "-k", "deriv_sigmoid", "-o", str(out), "--pdf", "--jobs", "2"]) == 0
    assert out.with_suffix(".pdf").exists()
    assert r"\texttt{deriv{\char95}sigmoid}" in out.read_text()


def test_cli_show_latex_prints_one_claim(capsys):
    assert main(["show", "deriv_tanh", "--latex"]) == 0
    tex = capsys.readouterr().out
    assert tex.startswith("% a fragment for an article with \\usepackage{amsmath, amssymb}\n\\subsection{")
    assert r"\texttt{deriv{\char95}tanh}" in tex and r"\begin{align*}" in tex
    assert "deriv_sigmoid" not in tex


def test_cli_run_latex_writes_the_document(tmp_path):
    out = tmp_path / "run.tex"
    assert main(["run", "-k", "sigmoid_neg", "--latex", str(out), "--jobs", "1"]) == 0
    tex = out.read_text()
    assert tex.startswith(r"\documentclass") and tex.rstrip().endswith(r"\end{document}")
    assert r"\texttt{sigmoid{\char95}neg}" in tex
