r"""A chain whose left side is not read (``n_W1``: n_W times 1, or the name n_{W1}?) still has its arithmetic checked:
``n_W1 = (3072)(512) = 1,572,864`` is the claim ``(3072)(512) = 1,572,864``, with a note. Only when the rest mentions no
name at all (a name there could mean the unread one)."""

from __future__ import annotations

from pathlib import Path

from derivcheck.documents.check import check_documents

FIXTURE = Path(__file__).parent / "fixtures" / "documents" / "arithmetic_chains.md"


def test_the_arithmetic_of_an_unread_name_is_checked():
    [report] = check_documents([FIXTURE], timeout=60, jobs=2, seed=0)
    got = {}
    for e, r in zip(report.entries, report.results):
        got.setdefault(e.line, []).append((e.kind, r.verdict.value if r is not None else None, e.notes))
    assert [k for k, _, _ in got[3]] == ["not read", "claim"] and got[3][1][1] == "PROVEN", got[3]
    assert any("its left side is not read" in n for n in got[3][1][2]), got[3]
    assert got[5][1][1] == "REFUTED", got[5]  # 512 · 256 = 131,072
    assert [k for k, _, _ in got[7]] == ["not read"], got[7]  # 2x: a name in the rest, nothing checked


def test_an_inline_formula_alone_on_its_line_continues_the_one_above():
    """`` $= 4x^3 + 4x$`` on the line under an inline formula continues it, as a display would (seed 004 writes its
    derivations so); inside a sentence (``So $f = 2$ and $= 3$``) it is still not read."""
    [report] = check_documents([FIXTURE.parent / "inline_continued.md"], timeout=60, jobs=2, seed=0)
    got = {(e.line, e.column): (e.kind, r.verdict.value if r is not None else None) for e, r in zip(report.entries, report.results)}
    assert got[(5, 3)] == got[(6, 3)] == ("claim", "PROVEN"), got
    assert got[(7, 3)] == ("claim", "REFUTED"), got  # 4x³ + 4x ≠ 4x³ + 5x
    assert got[(9, 17)][0] == "not read", got


def test_a_review_s_layouts_are_not_continued_nor_checked():
    """A formula on the next line continues only an inline relation read as a claim or definition, right above it: not
    a condition (``where $x > 0$``) nor a bare name (``with respect to $x$``, which made the definition x = 2x). A chain
    the sentence calls rough is not checked; a label read for a definition that fails anyway is not left behind."""
    reports = check_documents([FIXTURE.parent / n for n in ("inline_not_continued.md", "roughly.md", "loss_label_unread.md")],
                              timeout=60, jobs=2, seed=0)
    got = [{(e.line, e.column): (e.kind, r.verdict.value if r is not None else None) for e, r in zip(rep.entries, rep.results)}
           for rep in reports]
    assert got[0][(4, 3)][0] == got[0][(9, 3)][0] == "not read", got[0]
    assert got[0][(15, 3)] == ("claim", "PROVEN"), got[0]
    assert all(v[1] != "REFUTED" for (line, _), v in got[1].items() if line < 15), got[1]  # "roughly", "approximately"
    assert got[2][(3, 126)][0] == "not read" and got[2][(5, 3)] == ("claim", "PROVEN"), got[2]  # d/dy y² = 2y, y no label
