r"""A homework written the way courses write it (sigmoid and tanh, the softmax cross-entropy with ``\hat{\mathbf{y}}``,
conv sizes with a second stride "instead", gradient descent, the MSE gradient): every step in it is right, so nothing may
be REFUTED. Two false refutations it found: ``\hat{y}_y`` did not bring in the definition of ``\hat{\mathbf{y}}`` (ŷ read
as an independent vector, its derivative 0), and "With stride $s = 2$ instead" was the claim 1 = 2."""

from __future__ import annotations

from pathlib import Path

from derivcheck import api
from derivcheck.documents.check import check_documents

FIXTURE = Path(__file__).parent / "fixtures" / "documents" / "course_homework.md"


def test_a_right_homework_has_no_refutation():
    [report] = check_documents([FIXTURE], timeout=60, jobs=2, seed=0)
    got = {(e.line, e.column): (e.kind, r.verdict.value if r is not None else None) for e, r in zip(report.entries, report.results)}
    assert not [k for k, v in got.items() if v[1] == "REFUTED"], got
    assert got[(17, 3)] == ("claim", "PROVEN"), got  # ∂ℓ/∂z_k = ŷ_k − 1[k = y], ŷ = softmax(z)
    assert got[(26, 14)][0] == "definition", got  # s = 2 "instead": a new value
    assert sum(v == ("claim", "PROVEN") for v in got.values()) >= 8, got


def test_a_derivative_through_an_array_nothing_defines_is_refused():
    """∂(−log p_y)/∂z_k with p only inferred from its index: p independent of z would make it 0 (a true gradient
    REFUTED); refused, asking for p's definition. A constant array (t in ∂/∂z_i Σ_k t_k z_k) is still read."""
    r = api.check(r"\frac{\partial \left(-\log p_y\right)}{\partial z_k} = p_k - \mathbb{1}[k = y]",
                  where=[r"\mathbf{z} \in \mathbb{R}^K", r"y, k \in \{1, \dots, K\}"], timeout=60)
    assert r.verdict.value == "ERROR" and "which nothing declares or defines" in r.message, (r.verdict, r.message)
    r = api.check(r"\frac{\partial}{\partial z_i} \sum_{k=1}^{K} t_k z_k = t_i",
                  where=[r"\mathbf{z} \in \mathbb{R}^K", r"i \in \{1, \dots, K\}"], timeout=60)
    assert r.verdict.value == "PROVEN", (r.verdict, r.message)
