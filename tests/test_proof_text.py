"""One printer for proof text (issue 14): every proof of the catalog, as ``derivcheck show``, the
LaTeX document and ``derivcheck run --json`` print it, is in words and course notation.

The whole catalog's proofs (the session's ``catalog_results``) are printed through the functions the
commands use (the rich tree of ``Proof``, ``render_claim``, ``cli.json_document``), and no SymPy
class name, SymPy ``str()`` form (x**2, x[i], Sum(...)) or prover-internal name may appear. Each
rule, case and reason is one ``Phrase``, so the terminal and the document say the same words.
"""

from __future__ import annotations

import json
import pickle
import re

import pytest
from rich.console import Console
from sympy import Eq, IndexedBase, KroneckerDelta, Ne, Sum, Symbol, exp

from derivcheck.cli import json_document
from derivcheck.core.proof import Phrase, Proof
from derivcheck.core.registry import load_catalog
from derivcheck.core.text import text
from derivcheck.core.verdict import Verdict
from derivcheck.report.latex import latex, render_claim, scope_latex, words_latex

# SymPy's class names and str() forms, and the prover's internals: none may reach a reader.
SYMPY_NAMES = ("KroneckerDelta", "UnitStep", "Heaviside", "Piecewise", "Derivative", "Subs(", "Indexed", "Dummy",
               "Mul(", "Add(", "Pow(", "Symbol(", "Integer(", "Rational(", "Sum(", "Product(", "Integral(",
               "Limit(", "Max(", "Min(", "Abs(", "ITE(", "Mod(", "Eq(", "Ne(", "Lt(", "Le(", "Gt(", "Ge(",
               "And(", "Or(", "Lambda(", "sigmoid", "leaky_relu", "_kink", "_Kinked", "_bound", "_Dummy",
               "exp(", "log(", "zoo", "nan")
TEXT_FORMS = (
    (re.compile(r"\*\*"), "a power as **"),
    (re.compile(r"(?<![\\\w])[A-Za-z]\w*\[[^\]]*\]"), "an entry as x[i]"),
    (re.compile(r"\w''"), "an index primed with ASCII quotes (q'')"),
    (re.compile(r"′′|\w'{4}"), "an index with four primes or more"),
    (re.compile(r"\btrue\b|\bTrue\b|\bFalse\b"), "a decided relation"),
)


def leaks(printed: str, *, latex_source: bool = False) -> list[str]:
    found = [name for name in SYMPY_NAMES if name in printed]
    for pattern, what in TEXT_FORMS:
        if latex_source and what.startswith(("an index primed", "a decided")):
            continue  # q'' is TeX's own prime notation (four primes are still caught); notes say "True for"
        m = pattern.search(printed)
        if m:
            found.append(f"{what}: ...{printed[max(0, m.start() - 60):m.end() + 60]}...")
    return found


def shown(proof: Proof) -> str:
    """What ``derivcheck show`` prints for a proof (the rich tree), without line wrapping."""
    console = Console(width=100_000, color_system=None, record=True, file=open("/dev/null", "w"))
    console.print(proof)
    return console.export_text()


@pytest.fixture(scope="module")
def proven(catalog_results):
    catalog = load_catalog()
    out = [(catalog[cid], r) for cid, r in catalog_results.items() if r.verdict is Verdict.PROVEN and r.proofs]
    assert len(out) > 60  # the catalog's proofs, not a handful
    return out


def test_show_prints_every_catalog_proof_in_course_notation(proven):
    bad = {}
    for claim, result in proven:
        for proof in result.proofs:
            found = leaks(shown(proof))
            if found:
                bad[claim.id] = found
    assert not bad, json.dumps(bad, indent=1, ensure_ascii=False)[:6000]


def test_latex_document_prints_every_catalog_proof_in_course_notation(proven):
    bad = {}
    for claim, result in proven:
        tex = render_claim(claim, result)
        # the proofs and the scope; titles and notes are the author's words (and the id is an id)
        proofs = tex[tex.index(r"\paragraph{Proof"):tex.index(r"\noindent\textbf{Numeric evidence")]
        found = leaks(proofs + scope_latex(claim), latex_source=True)
        # words of the document are escaped text: a SymPy form inside \text{...} is a leak too
        found += [f"raw underscore in words: {m.group(0)}" for m in re.finditer(r"\\ensuremath\{\\delta\}\\_\w+", tex)]
        if found:
            bad[claim.id] = found
    assert not bad, json.dumps(bad, indent=1, ensure_ascii=False)[:6000]


def test_json_prints_every_catalog_proof_as_show_does(proven):
    results = [result for _, result in proven]
    document = json_document(results, seed=1)
    for entry, result in zip(document["results"], results):
        assert [p["lines"] for p in entry["proofs"]] == [p.lines()[1:] for p in result.proofs]
        for proof, printed in zip(result.proofs, entry["proofs"]):
            assert printed["goal"] in shown(proof)
    found = [(e["id"], leaks(json.dumps(e["proofs"], ensure_ascii=False))) for e in document["results"]]
    assert not [f for f in found if f[1]], found


def test_every_rule_has_the_same_words_in_show_and_in_the_document(proven):
    """A rule is printed once as text and once as LaTeX from the same ``Phrase``: show has its text,
    the document its LaTeX (capitalised when it opens a sentence)."""
    missing = []
    for claim, result in proven:
        tex = render_claim(claim, result)
        for proof in result.proofs:
            tree = shown(proof)
            for rule in proof.rules:
                if rule not in tree:
                    missing.append((claim.id, "show", rule))
                if words_latex(rule) not in tex and words_latex(rule, capital=True) not in tex:
                    missing.append((claim.id, "latex", rule))
    assert not missing, missing[:20]


def test_the_jacobian_of_softmax_reads_as_mathematics(proven):
    claim, result = next((c, r) for c, r in proven if c.id == "jacobian_softmax")
    [proof] = result.proofs
    tree = shown(proof)
    assert "i ≠ j: δ_ij = 0" in tree and "take i = j" in tree
    assert "Σ_{q=1..n} e^(x_q) = Z (3 sums, equal up to the index's name)" in tree
    tex = render_claim(claim, result)
    assert r"$i \neq j$: $\delta_{ij} = 0$" in tex and r"\sum_{q=1}^{n} e^{x_{q}} = Z" in tex
    assert r"$1 \le i \le n$" in scope_latex(claim) and r"$x \in \mathbb{R}^{n}$" in scope_latex(claim)
    assert r"$\delta_{ij}$ $S_{i}$" in tex  # the notes: "δ_ij S_i" is math, not "δ\_ij"


def test_a_phrase_keeps_its_terms_for_both_printers_and_across_processes():
    i, j = Symbol("i", integer=True), Symbol("j", integer=True)
    rule = Phrase("{}: {}", Ne(i, j), Eq(KroneckerDelta(i, j), 0, evaluate=False))
    assert rule == "i ≠ j: δ_ij = 0"
    assert words_latex(rule, capital=True) == r"$i \neq j$: $\delta_{ij} = 0$"
    again = pickle.loads(pickle.dumps(rule))
    assert again == rule and again.terms == rule.terms
    joined = Phrase.join("; ", (rule, "plain {words}", Phrase("{} ≤ {} ≤ {}", 1, i, j)))
    assert joined == "i ≠ j: δ_ij = 0; plain {words}; 1 ≤ i ≤ j"
    assert words_latex(joined).endswith(r"plain \{words\}; $1 \le i \le j$")


def test_bound_indices_print_under_short_distinct_names():
    n, q = Symbol("n", integer=True), Symbol("q", integer=True)
    q2, q6 = Symbol("q" + "'" * 2, integer=True), Symbol("q" + "'" * 6, integer=True)
    x = IndexedBase("x")
    renamed = exp(x[q]) / Sum(exp(x[q2]), (q2, 1, n))  # a free q: the bound q'' may only become q'
    assert text(renamed) == "e^(x_q)/(Σ_{q′=1..n} e^(x_q′))"
    assert latex(Sum(exp(x[q6]), (q6, 1, n))) == r"\sum_{q=1}^{n} e^{x_{q}}"
    # sums the prover renamed apart stay apart (the next step may say they are equal up to the name)
    apart = Sum(exp(x[q]), (q, 1, n)) - Sum(exp(x[q6]), (q6, 1, n))
    assert "Σ_{q=1..n} e^(x_q)" in text(apart) and "-(Σ_{q′=1..n} e^(x_q′))" in text(apart)
    nested = Sum(x[q2] * Sum(x[q], (q, 1, n)), (q2, 1, n))  # no index captures another
    assert text(nested) == "Σ_{q′=1..n} x_q′·(Σ_{q=1..n} x_q)"
