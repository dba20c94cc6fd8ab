r"""A vector stated one entry and then all the others (``notation.one_hot``, ``documents.pinned``): ``t_h = 1`` and
``t_k = 0`` for ``k \neq h`` is the definition ``t_k = [k = h]``; each alone stays what it was (``t_h = 1`` alone is
refused: every entry, or entry h only?). Seed 003's last step is read through it."""

from __future__ import annotations

from pathlib import Path

import pytest

from derivcheck import api
from derivcheck.documents.check import check_documents
from derivcheck.notation.one_hot import one_hot, pinned_pair

FIXTURE = Path(__file__).parent / "fixtures" / "documents" / "one_hot.md"
SEED003 = Path(__file__).parent / "fixtures" / "documents" / "seed_003_q2.md"
DECLARED = [r"t, y \in \mathbb{R}^K", r"h, k \in \{1, \dots, K\}"]


def check(statement, where=()):
    return api.check(statement, where=list(where), timeout=60)


@pytest.mark.parametrize("first,second,definition", [
    ("t_h = 1", r"t_k = 0 \text{ for } k \neq h", "t_{k} = [k = h]"),
    ("t_h = 1", r"t_k = 0 \text{ for each } k \ne h", "t_{k} = [k = h]"),
    ("t_h = 1", r"t_{k} = 0 \quad \forall k \neq h", "t_{k} = [k = h]"),
    ("t_h = 1", r"t_k = 0 \text{ otherwise}", "t_{k} = [k = h]"),
    (r"\mathbf{t}_h = 1", r"\mathbf{t}_k = 0 \;\forall\, h \neq k", r"\mathbf{t}_{k} = [k = h]"),
    (r"t_y = 1 - \epsilon", r"t_k = \frac{\epsilon}{K-1} \text{ for all } k \neq y",
     r"t_{k} = \left(1 - \epsilon\right)[k = y] + \left(\frac{\epsilon}{K-1}\right)[k \neq y]"),
])
def test_a_pinned_pair_is_one_definition(first, second, definition):
    assert pinned_pair(first, second)[0] == definition
    assert one_hot([first, second])[0] == [definition]
    assert one_hot([f"{first}, {second}"])[0] == [definition]  # in one entry, joined by a comma
    assert one_hot([f"{first},\\; {second}"])[0] == [definition]
    assert one_hot([f"{first} \\quad\\text{{and}}\\quad {second}"])[0] == [definition]


@pytest.mark.parametrize("first,second", [
    ("t_h = 1", "t_k = 0"),  # no "for every other k": a condition on entry k, or every entry?
    ("t_h = 1", r"t_k = 0 \text{ for } k \neq j"),  # another letter than the pinned one
    ("t_h = 1", r"s_k = 0 \text{ for } k \neq h"),  # another name
    ("t_h = t_k", r"t_k = 0 \text{ for } k \neq h"),  # the pinned value mentions the index
    ("t_h = 1", r"t_k = k \text{ for } k \neq h"),
    ("t_h = 1 = a", r"t_k = 0 \text{ for } k \neq h"),
    ("t_h = 1", r"t_k = 0 \text{ for } k > h"),  # only "every other index" is read
    (r"\mathbf{t}_h = 1", r"t_k = 0 \text{ for } k \neq h"),  # bold and plain: two names
])
def test_anything_else_is_left_as_written(first, second):
    assert pinned_pair(first, second) is None
    assert one_hot([first, second]) == ([first, second], [])


@pytest.mark.parametrize("statement,where,verdict", [
    (r"\sum_{k=1}^{K} t_k y_k = y_h", DECLARED, "PROVEN"),
    (r"\sum_{k=1}^{K} t_k y_k = y_1", DECLARED, "REFUTED"),
    (r"\sum_k t_k y_k = y_h", [], "PROVEN"),  # nothing declared: h compared with k is an index of the same length
    (r"\sum_k t_k = 2", [], "REFUTED"),
])
def test_a_one_hot_target_in_where(statement, where, verdict):
    r = check(statement, [*where, "t_h = 1", r"t_k = 0 \text{ for each } k \neq h"])
    assert r.verdict.value == verdict, (r.verdict, r.message)
    assert r"read as t_{k} = [k = h]" in r.scope, r.scope  # the reading is said


def test_label_smoothing_sums_to_one():
    where = [r"c, j \in \{1, \dots, K\}", r"q_c = 1 - \epsilon + \frac{\epsilon}{K}", r"q_j = \frac{\epsilon}{K} \text{ otherwise}"]
    assert check(r"\sum_{j=1}^{K} q_j = 1", where).verdict.value == "PROVEN"
    assert check(r"\sum_{j=1}^{K} q_j = 1 - \epsilon", where).verdict.value == "REFUTED"


def test_an_entry_alone_is_still_refused():
    r = check(r"\sum_{k=1}^{K} t_k y_k = y_h", [*DECLARED[1:], r"y \in \mathbb{R}^K", "t_h = 1"])
    assert r.verdict.value == "ERROR" and "every entry of t" in r.message, (r.verdict, r.message)


def test_a_label_compared_with_a_sum_index_must_be_declared_whole():
    """``\\sum_k [k = y]`` with y declared nowhere: as a real y the bracket is 0 at every k (a true answer REFUTED)."""
    r = check(r"\sum_{k=1}^{K} [k = y] = 1")
    assert r.verdict.value == "ERROR" and "y is compared with the sum's index k" in r.message, (r.verdict, r.message)
    assert check(r"\sum_{k=1}^{K} [k = y] = 1", [r"y \in \{1, \dots, K\}"]).verdict.value in ("PROVEN", "CHECKED")
    assert check(r"\sum_{k=1}^{n} [k = n] \le 1").verdict.value == "PROVEN"  # n, the sum's limit, is whole (a review)


def test_documents_read_the_words_between():
    [report] = check_documents([FIXTURE], timeout=60, jobs=2, seed=0)
    got = {(e.line, e.column): (e.kind, r.verdict.value if r is not None else None) for e, r in zip(report.entries, report.results)}
    assert [got[(5, c)][0] for c in (43, 59, 80)] == ["definition"] * 3, got  # $t_h = 1$ and $t_k = 0$ for each $k \neq h$
    assert got[(7, 3)] == ("claim", "PROVEN"), got
    assert got[(13, 3)] == ("claim", "REFUTED"), got  # two formulas, the quantifier inside the second
    assert got[(21, 3)] == ("claim", "REFUTED"), got  # label smoothing sums to 1, not 1 - ε
    assert got[(19, 3)][1] in ("PROVEN", "CHECKED"), got


def test_seed_003_last_step_is_proven():
    [report] = check_documents([SEED003], timeout=60, jobs=2, seed=0)
    got = {(e.line, e.kind): r.verdict.value if r is not None else None for e, r in zip(report.entries, report.results)}
    assert got[(17, "claim")] == "PROVEN", got


@pytest.mark.parametrize("name,line", [
    ("one_hot_if.md", 7),  # "If $t_h = 1$ and … for each $k \\neq h$, then …": a hypothesis, not a definition for the section
    ("one_hot_partial.md", 5),  # "… for each $k \\neq h$ with $k \\le 3$": not every other entry
])
def test_a_review_s_layouts_are_no_definition(name, line):
    [report] = check_documents([FIXTURE.parent / name], timeout=60, jobs=2, seed=0)
    got = {e.line: (e.kind, r.verdict.value if r is not None else None) for e, r in zip(report.entries, report.results)
           if e.kind in ("claim", "not read")}
    assert got[line][1] not in ("PROVEN", "CHECKED"), got  # \\sum_k t_k^2 = 1 is not implied there
    assert not any(e.kind == "definition" and "[k = h]" in e.text for e in report.entries), report.entries
