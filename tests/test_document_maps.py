r"""A function a document defines entry by entry, ``S(\mathbf{x})_i = \frac{e^{x_i}}{\sum_j e^{x_j}}`` (seed 000's
softmax): a definition (``notation.maps``), and the claims that apply it are checked through it, the range of an
undeclared index that subscripts ``S(\mathbf{x})`` taken from S(x)'s entries (``documents.indices``)."""

from __future__ import annotations

from pathlib import Path

from derivcheck.documents.check import check_documents

FIXTURE = Path(__file__).parent / "fixtures" / "documents" / "softmax_map.md"


def test_a_map_defined_in_a_document_is_applied_in_its_claims():
    [report] = check_documents([FIXTURE], timeout=60, jobs=2, seed=0)
    got = {(e.line, e.kind): (r.verdict.value if r is not None else None) for e, r in zip(report.entries, report.results)}
    assert (3, "definition") in got, got
    assert got[(5, "claim")] == "PROVEN"  # the softmax Jacobian, entry by entry
    assert got[(7, "claim")] == "REFUTED"  # its sign slipped
    assert got[(9, "claim")] == "PROVEN"  # Σ_i over S(x)'s entries, i's range from S(x)
