"""Provenance (issue 20): every catalog claim says where it comes from, and what it says is checkable.

A claim from one of the five seed solutions names the document (its file id) and the question as
printed there, and carries the student's formula verbatim; each such excerpt is found in its
document when ``../shared/seeds`` is there (``DERIVCHECK_SEEDS`` points elsewhere), and a copy of
them all (tests/fixtures/seed_excerpts.json) keeps the rest of these tests running without it.
Other claims cite a paper, a textbook section or a library's documentation. Notes and scopes
agree, and scopes print symbols as statements do.

After changing a claim's sources, regenerate the fixture and the README's coverage table with
``python tests/test_provenance.py`` (it rewrites the fixture and prints the table).
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from sympy import Eq, Symbol, oo

from derivcheck import REALS, Source, identity, interval, statement
from derivcheck.cli import main
from derivcheck.core import registry
from derivcheck.core.claim import Claim
from derivcheck.core.provenance import SEED_DOCUMENTS, Provenance, is_seed, question_key
from derivcheck.core.registry import load_catalog
from derivcheck.core.text import text
from derivcheck.report.latex import provenance_latex

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "seed_excerpts.json"
README = ROOT / "README.md"
SEEDS = Path(os.environ.get("DERIVCHECK_SEEDS") or ROOT.parent / "shared" / "seeds")
COVERAGE_HEADING = "## Where the claims come from"

CATALOG = load_catalog()


def catalog_excerpts() -> list[dict]:
    """Every seed source of the catalog as a record, in document and question order."""
    records = [{"document": s.document, "question": s.question, "claim": c.id, "excerpt": s.excerpt}
               for c in CATALOG.values() for s in c.source if s.is_seed]
    return sorted(records, key=lambda r: (r["document"], question_key(r["question"]), r["claim"], r["excerpt"]))


def coverage_table() -> str:
    """The README's table: for each seed document, each question the catalog covers and its claim ids."""
    found: dict[str, dict[str, list[str]]] = {}
    for c in CATALOG.values():
        for s in c.source:
            if s.is_seed:
                ids = found.setdefault(s.document, {}).setdefault(s.question, [])
                if c.id not in ids:
                    ids.append(c.id)
    lines = ["| document | question | claims |", "|---|---|---|"]
    for document in sorted(found):
        first = f"`{document}` {SEED_DOCUMENTS[document].split(' (')[0]}"
        for question in sorted(found[document], key=question_key):
            ids = ", ".join(f"`{i}`" for i in found[document][question])
            lines.append(f"| {first} | {question} | {ids} |")
            first = ""
    return "\n".join(lines)


def readme_table() -> str:
    section = README.read_text().split(COVERAGE_HEADING, 1)[1].split("\n## ", 1)[0]
    return "\n".join(line for line in section.splitlines() if line.startswith("|"))


# --- every claim has a provenance -------------------------------------------------------------------

COURSE_WORDS = re.compile(r"IFT\s*6390|HW\s*\d|assignment|homework|course notes|exercise sheet", re.IGNORECASE)


@pytest.mark.parametrize("claim", CATALOG.values(), ids=lambda c: c.id)
def test_every_claim_names_its_document_and_the_place_in_it(claim):
    assert isinstance(claim.source, Provenance) and claim.source, "no source"
    for source in claim.source:
        assert source.document.strip() and source.question.strip(), source
        if source.is_seed:
            assert source.document in SEED_DOCUMENTS, source.document
            assert source.excerpt.strip(), f"{source}: a seed source carries the student's formula"
        else:
            # a course document is named by its seed id; "IFT6390 HW3" alone does not say which solution
            assert not COURSE_WORDS.search(source.document), source.document
            assert not source.excerpt, f"{source}: only a seed's excerpt can be checked against its text"


def test_the_sources_the_issue_found_wrong():
    def places(cid):
        return {(s.document, s.question) for s in CATALOG[cid].source}

    # σ(−x) = 1 − σ(x) is asked in neither HW3 solution
    assert not any(s.is_seed for s in CATALOG["sigmoid_neg"].source)
    assert places("deriv_leaky_relu") == {("000_6df6721d1f90bea6", "Q2(l)")}
    assert places("deriv_binary_cross_entropy") == {("004_b8fc60728ee9b039", "Q2(f)")}
    assert places("grad_cross_entropy_batch") == {("001_f3dd82c44ac9967e", "Question 2a")}
    # no seed states the ¼ bound: it is cited from where it comes from
    assert not any(s.is_seed for s in CATALOG["deriv_sigmoid_le_quarter"].source)
    # the two HW3 solutions number differently: σ' is 000's Q1(c) and 004's Q1(e)
    assert places("deriv_sigmoid") >= {("000_6df6721d1f90bea6", "Q1(c)"), ("004_b8fc60728ee9b039", "Q1(e)")}


def test_excerpts_fixture_is_the_catalogs():
    """tests/fixtures/seed_excerpts.json is the catalog's excerpts (regenerate: python tests/test_provenance.py)."""
    assert json.loads(FIXTURE.read_text()) == catalog_excerpts()


def test_every_excerpt_is_found_verbatim_in_its_document():
    if not SEEDS.is_dir():
        pytest.skip(f"no seed solutions at {SEEDS} (set DERIVCHECK_SEEDS)")
    missing = []
    for record in json.loads(FIXTURE.read_text()):
        document = SEEDS / f"{record['document']}.md"
        if record["excerpt"] not in document.read_text(encoding="utf-8"):
            missing.append(f"{record['claim']} ({record['document']} {record['question']}): {record['excerpt']!r}")
    assert missing == []


def test_the_readme_coverage_table_is_the_catalogs():
    assert readme_table() == coverage_table(), "regenerate it: python tests/test_provenance.py"


# --- notes and scopes agree -----------------------------------------------------------------------

NUMBER = r"-?\d+(?:/\d+)?|½|¼|∞|-∞"
RELATION = r"<|≤|>|≥|≠"
# a condition is stated about the claim, not as a counter-case, unless one of these words leads up to it
COUNTER_CASE = re.compile(r"\b(if|when|whenever|with|unless|above|below|outside|exactly|only|would|at)\W*$")
_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def _value(text_: str):
    from sympy import Rational

    return {"½": Rational(1, 2), "¼": Rational(1, 4), "∞": oo, "-∞": -oo}.get(text_) or Rational(text_)


def note_conditions(words: str, name: str):
    """(lo, lo_open, hi, hi_open) for each bound ``words`` states on the symbol printed ``name``
    (None where a side is not stated), leaving out counter-cases ("with α above 1", "when α ≤ 1")."""
    words = words.translate(_SUBSCRIPT_DIGITS)
    sym = re.escape(name) + r"(?![\w′'_])"
    chain = re.compile(rf"(?P<lo>{NUMBER})\s*(?P<a><|≤)\s*{sym}\s*(?P<b><|≤)\s*(?P<hi>{NUMBER})")
    one = re.compile(rf"(?<![\w<≤])\s*{sym}\s*(?P<op>{RELATION})\s*(?P<v>{NUMBER})(?!\s*[<≤])")
    chains = list(chain.finditer(words))
    for m in chains:
        if not COUNTER_CASE.search(words[:m.start()]):
            yield _value(m["lo"]), m["a"] == "<", _value(m["hi"]), m["b"] == "<"
    for m in one.finditer(words):
        inside = any(c.start() <= m.start() < c.end() for c in chains)
        if inside or COUNTER_CASE.search(words[:m.start()]) or m["op"] == "≠":
            continue
        v, op = _value(m["v"]), m["op"]
        yield (v, op == ">", None, None) if op in (">", "≥") else (None, None, v, op == "<")


ANY_REAL = re.compile(r"(?:any|every|all) real (?:slope |value |number )?(?P<a>\S+)|(?P<b>\S+) is any real")


@pytest.mark.parametrize("claim", CATALOG.values(), ids=lambda c: c.id)
def test_note_conditions_use_the_claims_symbols_and_agree_with_its_scope(claim):
    """A symbol a note's conditions name is the claim's, printed as the statement prints it (α, not
    alpha); a bound the note states on a parameter with a bounded domain is that domain's; "any
    real α" only when α ranges over ℝ."""
    words = f"{claim.title} {claim.notes}"
    printed = {text(v): (v, d) for v, d in claim.variables.items() if not d.shape}
    for v in claim.variables:
        if text(v) != str(v):  # printed in Greek (or otherwise renamed): the note must say it so
            assert not re.search(rf"\b{re.escape(str(v))}\b", words), f"the note spells {text(v)} as {v}"
            assert not re.search(rf"\b{re.escape(str(v))}\b", claim.scope), f"the scope spells {text(v)} as {v}"
    for m in ANY_REAL.finditer(words):
        name = (m["a"] or m["b"]).strip(".,;:()")
        if name in printed:
            assert printed[name][1] == REALS, f"the note says {m[0]!r} but the scope says {claim.scope}"
    for name, (v, dom) in printed.items():
        if dom.integer or (dom.lo == -oo and dom.hi == oo):
            continue
        for lo, lo_open, hi, hi_open in note_conditions(words, name):
            if lo is not None:
                assert (lo, lo_open) == (dom.lo, dom.lo_open), f"the note bounds {name} below by {lo}: {claim.scope}"
            if hi is not None:
                assert (hi, hi_open) == (dom.hi, dom.hi_open), f"the note bounds {name} above by {hi}: {claim.scope}"


def test_the_note_check_catches_the_issues_example():
    alpha, x = Symbol("alpha", real=True), Symbol("x", real=True)
    scope = {x: REALS, alpha: interval(0, 1)}
    assert list(note_conditions("0 < α < 1 in the course", "α")) == [(0, True, 1, True)]
    assert list(note_conditions("for x < 0, αx ≥ x exactly when α ≤ 1", "α")) == []
    assert list(note_conditions("ELU_α' (x ≠ 0, α > 0)", "α")) == [(0, True, None, None)]
    old = Claim(id="old", title="LeakyReLU_α'", source="test", topic="t", statement=(Eq(x * alpha, alpha * x, evaluate=False),),
                variables=scope, notes="The kink at 0 is excluded; α is any real slope here (0 < α < 1 in the course).")
    with pytest.raises(AssertionError, match="any real"):
        test_note_conditions_use_the_claims_symbols_and_agree_with_its_scope(old)
    spelled = Claim(id="spelled", title="t", source="test", topic="t", statement=(Eq(alpha, alpha, evaluate=False),),
                    variables=scope, notes="0 < alpha < 1")
    with pytest.raises(AssertionError, match="spells α as alpha"):
        test_note_conditions_use_the_claims_symbols_and_agree_with_its_scope(spelled)


@pytest.mark.parametrize("claim", CATALOG.values(), ids=lambda c: c.id)
def test_scope_prints_symbols_as_the_statement_does(claim):
    assert not re.search(r"Sum\(|\*|\[|\]|Ne\(|oo\b", claim.scope), claim.scope


def test_deriv_leaky_relu_scope_and_note_agree():
    claim = CATALOG["deriv_leaky_relu"]
    assert claim.scope == "x ∈ ℝ, α ∈ ℝ, x ≠ 0"
    assert "any real α" in claim.notes


# --- the public API, list and the document --------------------------------------------------------

def test_a_plain_string_source_still_works(monkeypatch):
    monkeypatch.setattr(registry, "REGISTRY", {})
    monkeypatch.setattr(registry, "_ORIGIN", {})
    x = Symbol("x", real=True)

    @identity("Lecture 3, slide 12")
    def my_claim():
        """x = x"""
        return statement(Eq(x, x, evaluate=False), variables={x: REALS})

    assert str(my_claim.source) == "Lecture 3, slide 12" and my_claim.source[0] == Source("Lecture 3, slide 12")
    assert Source.parse("000_6df6721d1f90bea6 Q2(l)") == Source("000_6df6721d1f90bea6", "Q2(l)")
    assert is_seed("000_6df6721d1f90bea6") and not is_seed("Lecture 3")
    two = Provenance([Source("000_6df6721d1f90bea6", "Q2(h)"), Source("000_6df6721d1f90bea6", "Q2(i)"),
                      Source("Bishop, PRML", "Exercise 3.1")])
    assert str(two) == "000_6df6721d1f90bea6 Q2(h), Q2(i); Bishop, PRML, Exercise 3.1"


def test_list_by_source_lists_a_documents_claims_in_question_order(capsys):
    assert main(["list", "--source", "000_6df6721d1f90bea6"]) == 0
    out = capsys.readouterr().out
    assert "IFT6390 HW3 theory" in out and "deriv_leaky_relu" in out and "sigmoid_neg" not in out
    assert out.index("Q1(a)") < out.index("Q1(k)") < out.index("Q2(l)")
    assert main(["list", "--source", "no such document"]) == 2


def test_list_shows_each_claims_provenance(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "240")
    assert main(["list", "-k", "deriv_binary"]) == 0
    assert "004_b8fc60728ee9b039 Q2(f)" in capsys.readouterr().out


def test_the_document_shows_the_source_and_the_students_formula():
    tex = provenance_latex(CATALOG["jacobian_softmax"])
    assert r"\paragraph{Source.}" in tex and r"\item" in tex
    assert "004{\\char95}b8fc60728ee9b039" in tex and "Q1(k)" in tex
    assert r"\textbackslash{}text\{diag\}(s(x))" in tex  # the student's wrong J, verbatim
    assert "Deep Learning" in provenance_latex(CATALOG["sigmoid_neg"])


# --- regenerating the fixture and the README table --------------------------------------------------

if __name__ == "__main__":
    FIXTURE.write_text(json.dumps(catalog_excerpts(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE} ({len(catalog_excerpts())} excerpts); the README table ({COVERAGE_HEADING}):\n",
          file=sys.stderr)
    print(coverage_table())
