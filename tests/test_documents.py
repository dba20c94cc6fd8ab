r"""Documents checked end to end (documents/check.py): every formula of a Markdown, LaTeX or notebook
file gets a kind, claims get the verdict of the same engine as answer files, at the right line."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from derivcheck.core.verdict import Verdict
from derivcheck.documents.check import check_documents, read_entries
from derivcheck.documents.feedback import document_json

FIXTURES = Path(__file__).parent / "fixtures" / "documents"


@pytest.fixture(scope="module")
def homework():
    [report] = check_documents([FIXTURES / "homework.md"], timeout=20, jobs=2, seed=0)
    return report


def rows(report):
    return [(e.line, e.kind, r.verdict.value if r else None, e.text.strip()) for e, r in zip(report.entries, report.results)]


def test_every_formula_has_a_kind_and_claims_their_verdicts_at_their_lines(homework):
    got = rows(homework)
    assert (3, "definition", None, "f(x) = 5x^2 + 2") in got
    assert (3, "declaration", None, r"0 < \alpha < 1") in got
    assert (7, "claim", "PROVEN", r"\frac{d}{dx} f(x) = 10x") in got  # with f as defined on line 3
    # the chain: refuted at its second step, placed on the line where the relation starts
    chain = next(r for e, r in zip(homework.entries, homework.results) if e.line == 13)
    assert chain.verdict is Verdict.REFUTED and chain.first_wrong_step == 2
    # a display that starts with "=" continues the one before: -log 0.1 = 1 is wrong
    assert (20, "definition", None, r"L = -\log 0.1") in got
    assert (22, "claim", "REFUTED", r"-\log 0.1 = 1") in got
    # "For $x \neq 0$," is the case of the display after it
    assert (24, "declaration", None, r"x \neq 0") in got
    assert (26, "claim", "PROVEN", r"\frac{d}{dx}|x| = \operatorname{sgn}(x)") in got
    # a definition of a built-in is checked against it
    sigma = [(v, t) for line, k, v, t in got if line == 28]
    assert sigma == [("PROVEN", r"\sigma(x) = \frac{1}{1 + e^{-x}}"), ("REFUTED", r"\sigma(x) = \frac{1}{1 - e^{-x}}")]
    assert [(k, t) for line, k, _, t in got if line == 30] == [("not read", r"\frac{d}{dx} \foo(x) = 1"),
                                                               ("not a relation", r"\eta")]
    unread = next(e for e in homework.entries if e.line == 30 and e.kind == "not read")
    assert r"\foo" in unread.message and "column" in unread.message
    # the remark is dropped with a note; the shape of ∂L/∂x is checked, and with n undeclared it cannot be
    remark = next(e for e, r in zip(homework.entries, homework.results) if e.line == 32 and e.kind == "claim")
    assert remark.text.strip() == r"\alpha^2 < \alpha" and "not mathematics" in remark.notes[0]
    shape = next(e for e in homework.entries if e.line == 32 and e.kind == "not read")
    assert "n is not a size declared in where" in shape.message, shape.message


def test_conditions_stated_in_the_document_are_used_and_said(homework):
    remark = next(r for e, r in zip(homework.entries, homework.results) if e.line == 32 and e.kind == "claim")
    assert remark.verdict is Verdict.PROVEN and "α < 1" in remark.scope and "0 < α" in remark.scope
    derivative = next(r for e, r in zip(homework.entries, homework.results) if e.line == 26)
    assert "x ≠ 0" in derivative.scope


def test_the_json_has_one_object_per_relation_in_document_order(homework):
    data = document_json(homework)
    lines = [f["line"] for f in data["formulas"]]
    assert lines == sorted(lines)
    refuted = next(f for f in data["formulas"] if f["line"] == 22)
    assert refuted["kind"] == "claim" and refuted["verdict"] == "REFUTED" and refuted["source"] == "= 1"
    assert "2.30259" in refuted["counterexample"] and refuted["first_wrong_step"] == 1
    assert set(refuted) >= {"line", "column", "source", "kind", "verdict", "steps", "first_wrong_step",
                            "counterexample", "scope", "message"}
    assert data["summary"]["claim"] == sum(1 for f in data["formulas"] if f["kind"] == "claim")
    assert all(f["verdict"] is None for f in data["formulas"] if f["kind"] != "claim")


def test_latex_documents_are_read_with_their_directives():
    doc = read_entries(FIXTURES / "hw.tex")
    claims = [(e.line, e.text.strip()) for e in doc.entries if e.kind == "claim"]
    assert (9, "f'(x) = 2x = g(x)") in [(line, " ".join(t.split())) for line, t in claims]
    assert any(line == 13 and r"\frac{d}{dx} e^{x} = e^{x}" in t for line, t in claims)
    kinds = {e.kind for e in doc.entries}
    assert kinds <= {"claim", "definition", "declaration", "not a relation", "not read"}


def test_notebook_claims_are_placed_by_cell():
    doc = read_entries(FIXTURES / "hw.ipynb")
    claim = next(e for e in doc.entries if e.kind == "claim")
    assert claim.cell == 1 and claim.text.strip() == "f'(x) = 2x" and claim.answer is not None


def test_a_sum_without_limits_runs_over_the_entries_of_what_it_subscripts():
    # cell 4: S = softmax (cell metadata), \mathbf{x} \in \mathbb{R}^n (a comment directive)
    [report] = check_documents([FIXTURES / "hw.ipynb"], timeout=20, jobs=2, seed=0)
    entry, result = next((e, r) for e, r in zip(report.entries, report.results) if e.cell == 4 and r is not None)
    assert r"\sum_{j=1}^{n}" in entry.text and result.verdict is Verdict.PROVEN
    assert any("1 to n" in n for n in entry.notes) and any(r"\sum_j read as" in n for n in entry.notes)


def test_the_command_line_reads_a_folder_and_prints_json(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "a.md").write_text("$$\\frac{d}{dx} x^3 = 3x^2$$\n")
    (folder / "b.md").write_text("$$\\frac{d}{dx} x^3 = 3x$$\n")
    (folder / "notes.txt").write_text("not read")
    env = dict(os.environ, DERIVCHECK_CACHE_DIR=str(tmp_path / "cache"))  # never the user's own cache
    out = subprocess.run([sys.executable, "-m", "derivcheck", "check", str(folder), "--json", "--jobs", "1"],
                         capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 1, out.stderr  # b.md is refuted
    data = json.loads(out.stdout)
    verdicts = {Path(d["path"]).name: [f["verdict"] for f in d["formulas"]] for d in data["documents"]}
    assert verdicts == {"a.md": ["PROVEN"], "b.md": ["REFUTED"]}
    assert data["summary"]["REFUTED"] == 1


def test_conditions_in_running_prose_do_not_leak_into_later_claims(tmp_path):
    doc = tmp_path / "prose.md"
    doc.write_text("Then $g'(x) = 1$ for $x < 0$ and $x > 0$.\n\n$$\\frac{d}{dx} x^3 = 3x^2$$\n")
    entries = read_entries(doc).entries
    assert [(e.kind, e.message is not None and "not a claim" in e.message) for e in entries[1:3]] == [
        ("declaration", True), ("declaration", True)]
    claim = entries[-1]
    assert claim.kind == "claim" and claim.answer.steps[0].claim is not None
    assert "x" not in " ".join(claim.answer.scope.split(";")[1:]) and "0 < x" not in claim.answer.scope


def test_a_derivative_undefined_at_a_kink_is_excluded_with_a_note_and_other_errors_stay(tmp_path):
    doc = tmp_path / "kinks.md"
    doc.write_text("$$\\frac{d|x|}{dx} = \\text{sign}(x)$$\n\n$$\\frac{d|x|}{dx} = 1$$\n\n"
                   "$$\\frac{d}{dx}(|x - 1| + |x + 1|) = \\text{sign}(x - 1) + \\text{sign}(x + 1)$$\n\n"
                   "$$\\frac{d}{dx} \\ln x = \\frac{1}{x}$$\n")
    [report] = check_documents([doc], timeout=20, jobs=2, seed=0)
    (right, e1), (wrong, e2), (two, e3), (log, e4) = zip(report.results, report.entries)
    # ln x is undefined on a whole half-line, not at isolated points: no exclusion (say x > 0)
    assert log.verdict is Verdict.REFUTED and not e4.notes
    assert right.verdict is Verdict.PROVEN and "x ≠ 0" in right.scope and "does not exist" in e1.notes[-1]
    assert wrong.verdict is Verdict.REFUTED and "x = −1" in wrong.message  # still wrong away from the kink
    assert two.verdict is Verdict.PROVEN and "x ≠ -1" in two.scope and "x ≠ 1" in two.scope


def test_a_latex_homework_with_cases_new_problems_and_planted_mistakes():
    [report] = check_documents([FIXTURES / "problems.tex"], timeout=20, jobs=2, seed=0)
    got = [(e.line, e.kind, r.verdict.value if r else None, " ".join(e.text.split())[:40])
           for e, r in zip(report.entries, report.results)]
    refuted = [(line, text) for line, _, v, text in got if v == "REFUTED"]
    # the two planted mistakes, and nothing else
    assert refuted == [(12, r"\frac{d}{dx}\tanh(x) = 1 + \tanh^2(x)"), (24, r"\sum_{i=1}^{n} i^2 = \frac{n(n+1)(2n+1)}")]
    # "For $x > 0$," then \[ … \]: the case of that display
    assert (18, "claim", "PROVEN", r"\frac{d}{dx} \ln x = \frac{1}{x}") in got
    # f under a new \section is the new problem's f, and f(0.5) uses it
    assert (20, "definition", None, "f(x) = 5x^2") in got
    assert (21, "claim", "PROVEN", "f(0.5) = 1.25") in got
    redefinition = next(e for e in report.entries if e.line == 20 and e.kind == "definition")
    assert "redefines f" in redefinition.message
    # one row for an unreadable chain, not one for its definition and one for the claim
    assert sum(1 for line, kind, _, _ in got if line == 20 and kind == "not read") == 1


def test_a_backprop_homework_with_vectors_indices_and_values():
    [report] = check_documents([FIXTURES / "backprop.md"], timeout=30, jobs=2, seed=0)
    got = [(e.line, e.kind, r.verdict.value if r else None) for e, r in zip(report.entries, report.results)]
    claims = [(line, v) for line, kind, v in got if kind == "claim"]
    # ∂L/∂z_k with k undeclared: k runs over z's entries (1..K), and the definitions of p and L are used
    assert (10, "PROVEN") in claims
    k_note = next(e for e in report.entries if e.line == 10 and e.kind == "claim").notes
    assert any("1 to K" in n for n in k_note)
    # the softmax Jacobian, and the same with its sign flipped
    assert (16, "PROVEN") in claims and (18, "REFUTED") in claims
    # least squares, right and with the factor 2 missing
    assert (24, "PROVEN") in claims and (28, "REFUTED") in claims
    # the conv question's values hold under its heading: o = ⌊(32 + 4 - 5)/2⌋ + 1 = 16
    assert claims[-1] == (46, "PROVEN")
    at_zero = next(e for e in report.entries if e.line == 40 and e.text.strip() == "x = 0")
    assert at_zero.kind == "declaration" and "not a claim" in at_zero.message  # "at $x = 0$": not a new value of x


def test_a_parameter_set_declares_each_parameter_and_layer_tags_are_kept_apart(tmp_path):
    # seed 000 Q2: θ = {W⁽¹⁾ ∈ ℝ^{d_h×d}, …}, then shape claims; W⁽²⁾ declared later must not replace W⁽¹⁾
    doc = tmp_path / "net.md"
    doc.write_text(
        "$\\theta = \\{\\mathbf{W}^{(1)} \\in \\mathbb{R}^{d_h \\times d}, \\mathbf{b}^{(1)} \\in \\mathbb{R}^{d_h}\\}$\n\n"
        "Also $\\mathbf{W}^{(2)} \\in \\mathbb{R}^{m \\times d_h}$.\n\n"
        "Then $\\frac{\\partial L}{\\partial \\mathbf{W}^{(1)}} \\in \\mathbb{R}^{d_h \\times d_h}$ and "
        "$\\frac{\\partial L}{\\partial \\mathbf{W}^{(2)}} \\in \\mathbb{R}^{m \\times d_h}$.\n\n"
        "Finally $$x \\simeq 4.91 \\quad (9)$$\n")
    [report] = check_documents([doc], timeout=20, jobs=1, seed=0)
    got = [(e.line, e.kind, r.verdict.value if r else None) for e, r in zip(report.entries, report.results)]
    assert got[:3] == [(1, "declaration", None)] * 2 + [(3, "declaration", None)], got
    wrong = next(e for e in report.entries if e.line == 5 and "(1)" in e.text)
    right = next(r for e, r in zip(report.entries, report.results) if e.line == 5 and "(2)" in e.text)
    # L is undeclared: a scalar only by default, so the wrong shape is an ERROR naming it, never REFUTED
    assert wrong.kind == "not read" and "d_h×d matrix" in wrong.message and "if L is a scalar" in wrong.message
    assert right.verdict is Verdict.PROVEN
    stated = next(e for e in report.entries if e.line == 7)
    assert stated.kind == "not read" and "no equation for x was read" in stated.message


def test_a_kink_with_a_parameter_beside_it_excludes_the_variable_differentiated_in(tmp_path):
    # seed 000: refuted "at alpha = −1, z = 0: left = undefined" -- the kink is z = 0 whatever α is
    doc = tmp_path / "leaky.md"
    doc.write_text("Let $\\alpha < 1$.\n\n$$\\frac{\\partial \\text{LeakyReLU}_\\alpha(z)}{\\partial z} = "
                   "\\text{LeakyReLU}_\\alpha'(z) = \\begin{cases} 1 & \\text{if } z \\geq 0 \\\\ \\alpha & "
                   "\\text{otherwise} \\end{cases}$$\n\n$$\\text{LeakyReLU}_\\alpha'(z) = \\begin{cases} 1 & "
                   "\\text{if } z \\geq 0 \\\\ 0 & \\text{otherwise} \\end{cases}$$\n")
    [report] = check_documents([doc], timeout=20, jobs=2, seed=0)
    claims = [(e, r) for e, r in zip(report.entries, report.results) if e.kind == "claim"]
    (right_entry, right), (_, wrong) = claims
    assert right.verdict is Verdict.PROVEN and "z ≠ 0" in right.scope and "does not exist" in right_entry.notes[-1]
    assert wrong.verdict is Verdict.REFUTED and "z = −" in wrong.message  # wrong for negative z, not only at 0
