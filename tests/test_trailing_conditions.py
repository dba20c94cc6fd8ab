r"""A condition written right after its relation, in the same clause (``documents.prose.trailing_conditions``): "$\frac{\partial
L}{\partial o_k} = \text{softmax}(o)_k$ for all $k \neq y$" is that relation under k ≠ y. It was checked without it — a true
gradient REFUTED — because "for all" was not read as a condition word at all. Where the words do not show the condition is
the relation's alone (a hypothesis, more words after it, one of several regions), the relation is not read, as before."""

from __future__ import annotations

from pathlib import Path

from derivcheck.documents.check import check_documents

FIXTURE = Path(__file__).parent / "fixtures" / "documents" / "trailing_conditions.md"


def test_a_condition_after_its_relation_is_that_relation_s():
    [report] = check_documents([FIXTURE], timeout=60, jobs=2, seed=0)
    got = {(e.line, e.column): (e.kind, r.verdict.value if r is not None else None, e.notes)
           for e, r in zip(report.entries, report.results)}
    kinds = {k: v[0] for k, v in got.items()}
    verdicts = {k: v[1] for k, v in got.items()}
    # the softmax cross-entropy gradient in its two cases, and a slip
    assert verdicts[(7, 9)] in ("PROVEN", "CHECKED") and "under the condition its sentence states after it: k \\neq y" \
        in got[(7, 9)][2], got[(7, 9)]
    assert verdicts[(9, 6)] == "REFUTED"  # softmax - 1 for k ≠ y: wrong
    assert verdicts[(11, 3)] in ("PROVEN", "CHECKED")  # a display, then "for $k = y$."
    assert kinds[(7, 73)] == kinds[(9, 76)] == kinds[(11, 68)] == "declaration"
    assert kinds[(13, 85)] == "not read"  # "…, and $B$" after it: not a condition joined to it, nor checked under it
    # "Let $t_k = 0$ for all $k \neq y$": a definition of some entries only, not read (never t = 0)
    assert kinds[(17, 6)] == "not read"
    # e_k defined, then "$e_k = 0$ for each $k \neq h$" with a one-hot t: a claim in that case (e_{k} and e_k one name)
    assert got[(25, 93)][:2] == ("claim", "CHECKED") or got[(25, 93)][:2] == ("claim", "PROVEN"), got[(25, 93)]
    assert verdicts[(25, 135)] == "REFUTED"
    # a hypothesis ("If $A$ for all …, then"), more words after the condition, two regions: not read, never unconditioned
    assert kinds[(33, 10)] == kinds[(35, 7)] == "not read"
    assert kinds[(31, 37)] == "not read" or "the case of line 31: u > 0" in got[(31, 37)][2], got[(31, 37)]
    assert not any(v == "REFUTED" for (line, _), v in verdicts.items() if line >= 29), got


def test_a_review_s_layouts():
    """A membership after its relation holds on as a declaration; "$A$ and $B$ for all …" leaves A unread (for it too?);
    ", then" after the condition gives it to what follows, not to the relation before; list items end a clause; "for
    some" is an existence (not checked, and not a condition for what follows); a name defined under a new heading for
    some values only is not a claim against the old heading's definition. (No relation before: no crash.)"""
    [report] = check_documents([FIXTURE.parent / "trailing_review.md"], timeout=60, jobs=2, seed=0)
    got = {(e.line, e.column): (e.kind, r.verdict.value if r is not None else None) for e, r in zip(report.entries, report.results)}
    assert got[(7, 2)] == ("claim", "PROVEN") and got[(7, 29)][0] == "declaration"
    assert got[(9, 8)][0] == "not read" and got[(9, 22)] == ("claim", "PROVEN")
    assert got[(11, 7)][0] == got[(11, 34)][0] == "not read"
    assert got[(13, 4)] == got[(14, 4)] == ("claim", "PROVEN")
    assert got[(20, 2)][0] == "not read" and got[(22, 5)] == ("claim", "REFUTED")  # |u| = u is false for u ∈ ℝ
    assert got[(24, 6)][0] == "not read"


def test_a_loss_s_label_parameter_is_an_index_of_what_it_subscripts():
    """``L(\\mathbf{x}, y) = -\\log \\mathbf{o}^s_y`` with y declared nowhere: the parameter y indexes o^s ∈ ℝ^m, a label
    in 1..m (said in the note), and the gradients after it are read; it was "y is not a declared index", and every claim
    about L "the derivative of L, which nothing defines"."""
    [report] = check_documents([FIXTURE.parent / "loss_label.md"], timeout=60, jobs=2, seed=0)
    got = {e.line: (e.kind, r.verdict.value if r is not None else None, e.notes) for e, r in zip(report.entries, report.results)
           if e.line > 3 or e.column == 101}
    assert got[3][0] == "definition" and any("y read as a label" in n for n in got[3][2]), got[3]
    assert got[5][:2] == got[7][:2] == ("claim", "PROVEN"), got
    assert got[9][:2] == ("claim", "REFUTED"), got  # o^s_k - 1 for every k: only k = y
