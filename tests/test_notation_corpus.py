"""The reading corpus (tests/fixtures/notation_corpus.toml) is well-formed: unique ids, valid hand verdicts, and every
seed excerpt found verbatim in its seed document. Fast: nothing is checked by derivcheck here (bench/bench_notation.py
does that, and its read rate is deliberately not asserted)."""

import os
import re
from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

CORPUS = Path(__file__).parent / "fixtures" / "notation_corpus.toml"
SEEDS = Path(os.environ.get("DERIVCHECK_SEEDS", Path(__file__).resolve().parents[2] / "shared" / "seeds"))
VERDICTS = {"true", "false", "ambiguous", "not-checkable"}
FIELDS = {"id", "doc", "question", "latex", "where", "expected", "notation", "note"}
OPTIONAL = {"functions", "continues"}
BUILTINS = {"sigmoid", "tanh", "softplus", "relu", "leaky_relu", "heaviside", "sign", "indicator", "softmax"}


@pytest.fixture(scope="module")
def cases():
    with open(CORPUS, "rb") as fh:
        return tomllib.load(fh)["case"]


def test_fields_and_types(cases):
    assert len(cases) >= 100
    for c in cases:
        assert FIELDS <= set(c) <= FIELDS | OPTIONAL, (c.get("id"), set(c) ^ FIELDS)
        for key in ("id", "doc", "question", "latex", "note"):
            assert isinstance(c[key], str), (c["id"], key)
        assert c["latex"].strip() and not c["latex"].startswith("$") and not c["latex"].endswith("$"), c["id"]
        assert isinstance(c["where"], list) and all(isinstance(w, str) and w.strip() for w in c["where"]), c["id"]
        assert isinstance(c["notation"], list) and all(isinstance(t, str) and t for t in c["notation"]), c["id"]
        for name, target in c.get("functions", {}).items():
            assert target in BUILTINS, (c["id"], name, target)


def test_ids_unique_and_named_after_their_document(cases):
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for c in cases:
        if c["doc"] == "style":
            assert c["id"].startswith("style_"), c["id"]
        else:
            m = re.fullmatch(r"s(\d{3})_[a-z0-9_]+_\d+", c["id"])
            assert m and c["doc"].startswith(m.group(1) + "_"), (c["id"], c["doc"])


def test_expected_verdicts_are_valid(cases):
    for c in cases:
        exp = c["expected"]
        assert isinstance(exp, list) and exp and set(exp) <= VERDICTS, (c["id"], exp)
        if set(exp) != {"true"}:
            assert c["note"].strip(), f"{c['id']}: a false, ambiguous or not-checkable step needs a note saying why"
    assert any("false" in c["expected"] for c in cases) and any(c["doc"] == "style" for c in cases)


def test_continuations_point_back_within_their_document(cases):
    seen = {}
    for c in cases:
        if "continues" in c:
            assert c["continues"] in seen, (c["id"], c["continues"])
            assert seen[c["continues"]] == c["doc"], c["id"]
        seen[c["id"]] = c["doc"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed documents not found at {SEEDS} (set DERIVCHECK_SEEDS)")
def test_seed_excerpts_are_verbatim(cases):
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.md") if p.name != "README.md"}
    covered = set()
    for c in cases:
        if c["doc"] == "style":
            continue
        assert c["doc"] in texts, (c["id"], c["doc"])
        assert c["latex"] in texts[c["doc"]], f"{c['id']}: latex is not a verbatim substring of {c['doc']}.md"
        covered.add(c["doc"])
    assert covered == set(texts), f"seed documents without a case: {sorted(set(texts) - covered)}"
