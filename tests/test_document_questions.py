r"""A class's documents line up by question (issue 18): the headings in force, not the line, so the
same question written lower in one student's file is the same row of the summary and column of the
gradebook."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from derivcheck.documents.check import check_documents, read_entries
from derivcheck.documents.headings import Headings
from derivcheck.report import exports, grading

RIGHT = r"$$\frac{d}{dx} x^2 = 2x$$"
WRONG = r"$$\frac{d}{dx} x^2 = x$$"


def student(path, name, words, q1, q2):
    lines = [f"# Homework of {name}", ""] + ["Some words first.", ""] * words
    lines += ["## Question 1", "", q1, "", "## Question 2", "", "By the chain rule,", "", q2, "", RIGHT, ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_the_same_question_at_different_lines_is_one_question(tmp_path):
    a = student(tmp_path / "a.md", "Ada", 0, RIGHT, r"$$(x+1)^2 = x^2 + 2x + 1$$")
    b = student(tmp_path / "b.md", "Bo", 3, WRONG, r"$$(x+1)^2 = x^2 + 1$$")
    reports = check_documents([a, b], timeout=30, jobs=2, seed=0)
    lines = [[e.line for e in r.entries if e.kind == "claim"] for r in reports]
    assert lines[0] != lines[1]  # the same questions at different lines
    subs = grading.submissions_of(documents=reports)
    assert [[q.id for q in s.questions] for s in subs] == [["Question 1", "Question 2", "Question 2, claim 2"]] * 2
    assert subs[1].questions[0].output.startswith(f"line {lines[1][0]}: REFUTED")  # the student reads where
    summary = {s.id: s for s in grading.class_summary(subs)}
    assert list(summary) == ["Question 1", "Question 2", "Question 2, claim 2"]
    assert (summary["Question 1"].files, summary["Question 1"].right) == (2, 1)
    assert [(w.statement, w.files) for w in summary["Question 1"].wrong] == [(r"\frac{d}{dx} x^2 = x", [str(b)])]
    assert (summary["Question 2, claim 2"].files, summary["Question 2, claim 2"].right) == (2, 2)
    rows = list(csv.reader(io.StringIO(exports.gradebook_csv(subs))))
    assert rows[0] == ["file", "Question 1", "Question 2", "Question 2, claim 2", "total", "max", "error"]
    assert [r[1:4] for r in rows[1:]] == [["1", "1", "1"], ["0", "0", "1"]]
    names = [[t["name"] for t in exports.gradescope_results(s)["tests"]] for s in subs]
    assert names[0] == names[1] == ["Question 1", "Question 2", "Question 2, claim 2"]
    assert [t["name"] for t in exports.prairielearn_results(subs[1])["tests"]] == names[0]


def test_a_claim_under_no_heading_is_named_by_its_line(tmp_path):
    path = tmp_path / "plain.md"
    path.write_text(f"Some words.\n\n{RIGHT}\n", encoding="utf-8")
    [report] = check_documents([path], timeout=30, jobs=1, seed=0)
    [sub] = grading.submissions_of(documents=[report])
    assert [q.id for q in sub.questions] == ["line 3"]


def test_headings_in_force():
    md = "# Title of Ada\n\n## Problem 1\n\n### (a)\n\nx\n\n## **Problem 2:**\n\n### (a)\n\ny\n"
    h = Headings({None: md})
    assert h.question(None, 6) == "Problem 1 / (a)"
    assert h.question(None, 12) == "Problem 2 / (a)"
    assert h.question(None, 1) is None  # under the title only
    tex = "\\section*{Question 1}\nx\n\\subsection{Part {b}}\ny\n"
    t = Headings({None: tex})
    assert (t.question(None, 1), t.question(None, 3)) == ("Question 1", "Question 1 / Part {b}")
    cells = Headings({1: "# Q1", 2: "text", 3: "# Q2"})  # a notebook: cells in order, no title (two at the top)
    assert (cells.question(2, 0), cells.question(3, 5)) == ("Q1", "Q2")


def test_entries_carry_their_question(tmp_path):
    a = student(tmp_path / "a.md", "Ada", 1, RIGHT, RIGHT)
    claims = [e for e in read_entries(a).entries if e.kind == "claim"]
    assert [e.question for e in claims] == ["Question 1", "Question 2", "Question 2"]


def test_what_holds_under_a_heading_holds_under_the_headings_nested_in_it():
    md = "# Title\n\nx\n\n## P1\n\ny\n\n### (a)\n\nz\n\n## P2\n\nw\n\nQ3\n\nv\n"
    h = Headings({None: md})
    assert h.path(None, 10) == (0, 1, 2)  # z: under the title, P1 and (a)
    assert h.path(None, 14) == (0, 3)  # w: P2, beside P1
    assert h.path(None, 18) == (0, 3, 4)  # v: "Q3" alone on its line is a question of P2, the problem in force
    assert Headings({None: "a\n\nQ2\n\nb\n"}).path(None, 0) == (-1,)  # above the first heading: a part of its own


def test_indices_declared_under_a_problem_reach_its_subquestions_only(tmp_path):
    path = tmp_path / "hw.md"
    path.write_text("# Homework\n\nLet $\\mathbf{x} \\in \\mathbb{R}^m$.\n\n## Problem 1\n\nLet $i \\in \\{1, \\dots, n\\}$.\n\n"
                    "### (a)\n\n$$x_i + 1 = 1 + x_i$$\n\n## Problem 2\n\n$$x_i + 1 = 1 + x_i$$\n", encoding="utf-8")
    [report] = check_documents([path], timeout=30, jobs=1, seed=0)
    found = {e.line: (e, r) for e, r in zip(report.entries, report.results) if e.kind in ("claim", "not read")}
    # under (a), inside Problem 1: its i ∈ 1..n is in force (and runs past x ∈ ℝ^m)
    assert "i runs over 1..n but indexes x" in found[11][0].message
    # Problem 2: i is Problem 1's, neither its range nor guessed from x (declared for every problem, under the title)
    assert "i is declared at line 7" in found[15][0].message and "under another heading" in found[15][0].message


def test_a_preamble_set_of_values_holds_everywhere_and_a_case_runs_to_the_end_of_its_sentence(tmp_path):
    path = tmp_path / "hw.md"
    path.write_text("Let $y \\in \\{0, 1\\}$ and $q \\in (0, 1)$.\n\n## Q1\n\n"
                    "$$\\frac{d}{dq} \\left(y^2 \\log q\\right) = \\frac{y}{q}$$\n\n## Q2\n\n"
                    "Let $\\mathbf{z} \\in \\mathbb{R}^K$, $i, j \\in \\{1, \\dots, K\\}$ and $\\mathbf{p} = \\text{softmax}(\\mathbf{z})$.\n\n"
                    "For $i \\neq j$, $\\frac{\\partial z_i}{\\partial z_j} = 0$, so\n\n$$\\frac{\\partial p_i}{\\partial z_j} = -p_i p_j$$\n",
                    encoding="utf-8")
    [report] = check_documents([path], timeout=60, jobs=2, seed=0)
    found = {e.line: (e, r) for e, r in zip(report.entries, report.results) if e.kind == "claim"}
    # y ∈ {0, 1} (a set of values, not an index range) holds under every heading: y² = y there
    assert found[5][1].verdict.value in ("PROVEN", "CHECKED")
    # "For i ≠ j, …, so $$…$$": the case holds for the inline relation and for the display the sentence goes on to
    assert found[11][1].verdict.value in ("PROVEN", "CHECKED")
    entry, result = found[13]
    assert result.verdict.value in ("PROVEN", "CHECKED") and "the case of line 11: i \\neq j" in entry.notes


def test_a_case_never_reaches_another_question_nor_waits_past_a_mention(tmp_path):
    # a review: "For $a > 0$ $a$ is positive" left the case pending, and Q2's false √(a²) = a was PROVEN under it
    path = tmp_path / "hw.md"
    path.write_text("# Q1\n\nLet $a \\in \\mathbb{R}$.\n\nFor $a > 0$ $a$ is positive.\n\n# Q2\n\n$$\\sqrt{a^2} = a$$\n\n"
                    "# Q3\n\nLet $u \\in \\mathbb{R}$.\n\nFor $u < 0$\n\n$$\\sqrt{u^2} = -u$$\n\n"
                    "If $u > 0$, then $\\sqrt{u^2} = u$, so\n\n$$\\sqrt{u^2} + 1 = u + 1$$\n\n"
                    "if $u < 0$:\n\n# Q4\n\nLet $u \\in \\mathbb{R}$.\n\n$$\\sqrt{u^2} = -u$$\n", encoding="utf-8")
    [report] = check_documents([path], timeout=60, jobs=2, seed=0)
    found = {e.line: (e, r) for e, r in zip(report.entries, report.results) if e.kind == "claim"}
    assert found[9][1].verdict.value == "REFUTED" and not found[9][0].notes  # √(a²) = a: false, no case of Q1
    # "For $u < 0$" closing its paragraph, then a display: that display's case
    assert found[17][1].verdict.value == "PROVEN" and "the case of line 15: u < 0" in found[17][0].notes
    # "If $u > 0$, then $…$, so $$…$$": the case of both
    assert all(found[line][1].verdict.value == "PROVEN" for line in (19, 21))
    # a case stated at the end of Q3 is not Q4's
    assert found[29][1].verdict.value == "REFUTED"


PROSE_CASES = Path(__file__).parent / "fixtures" / "documents" / "prose_cases.md"


def test_a_case_holds_for_the_rest_of_its_sentence_and_no_further():
    # the layouts a review found conditions misapplied in: each relation's verdict, and the case it was checked in
    [report] = check_documents([PROSE_CASES], timeout=60, jobs=2, seed=0)
    found = {e.line: (e.kind, r.verdict.value if r else None, [n for n in e.notes if "the case of" in n])
             for e, r in zip(report.entries, report.results) if e.kind in ("claim", "not read")}
    assert found[8] == ("claim", "REFUTED", [])  # "… for $u < 0$" ¶ "In general, …": a new sentence
    assert found[11] == ("claim", "PROVEN", ["the case of line 10: u < 0"])  # "hence", on the item's next line
    assert found[17] == ("claim", "REFUTED", [])  # the list's cases end with the list
    # "For $u < 0$, the derivative $…$ is constant, so $$…$$": words between that do not say the case still holds
    assert found[20][0] == "not read"
    assert found[22] == ("claim", "PROVEN", ["the case of line 22: u < 0 and v < 0"])  # both conditions
    assert found[24][0] == found[26][0] == "not read"  # "or", and "and" on one symbol: either region
    assert found[32] == ("claim", "PROVEN", ["the case of line 28: u > 0"])  # "When $u > 0$," ¶ "we get" ¶ $$…$$
    assert found[34][0] == "not read"  # "For $u < 0$ it is $…$": not checked without the condition, nor guessed
    assert found[39] == ("claim", "REFUTED", [])  # after "- if $t \\geq 0$: $…$;" and a blank line: no case


def test_a_case_is_applied_only_where_the_words_show_it_and_refused_where_they_do_not():
    # a third review's layouts: each relation checked in its case, or not read -- none checked in another's case,
    # none checked without its own
    [report] = check_documents([Path(__file__).parent / "fixtures" / "documents" / "prose_cases_review.md"],
                               timeout=60, jobs=2, seed=0)
    found = {e.line * 1000 + e.column: (e.kind, r.verdict.value if r else None, [n for n in e.notes if "the case of" in n])
             for e, r in zip(report.entries, report.results) if e.kind in ("claim", "not read")}
    not_read = {line for line, (kind, _, _) in found.items() if kind == "not read"}
    # "w.r.t." is no full stop, but "the derivative … is" does not show the case running on; a nested item; "otherwise"
    assert {6003, 44006, 22003, 87003} <= not_read
    assert found[13003] == ("claim", "PROVEN", ["the case of line 12: u < 0"])  # "1. If $u < 0$, then" ¶ $$…$$
    # a full stop inside the display ends the sentence: "For negative $u$ we get $$\sqrt{u^2} = u$$" is the student's
    assert found[29003][1] == "PROVEN" and found[31003] == ("claim", "REFUTED", [])
    # a condition right after its relation ("$$…$$ for $u < 0$, and $$…$$ for $u > 0$", "$|u| = u$ if $u \geq 0$") is
    # that relation's (prose.trailing_conditions), and no case of what follows: "$|u| = -u$ otherwise" is not read
    assert 37035 in not_read
    assert found[37010][:2] == found[55003][:2] == found[57003][:2] == found[93003][:2] == ("claim", "PROVEN")
    assert found[95003][:2] == ("claim", "REFUTED")  # d|u|/du = 1 for u < 0: false, in its own case
    # "and" after a claim joins claims, not conditions: |v| = v is a claim, refuted in the case u < 0
    assert found[64042] == ("claim", "REFUTED", ["the case of line 64: u < 0"])


def test_a_case_no_relation_used_does_not_vanish_at_a_weak_end():
    # a fourth review: "Hence" on its own line after a display, "What if $u < 0$? Then", "we get:" and a list: the case is
    # neither applied nor dropped (the next relations are not read); sub-items each take their own case
    [report] = check_documents([Path(__file__).parent / "fixtures" / "documents" / "prose_cases_review.md"],
                               timeout=60, jobs=2, seed=0)
    found = {e.line: (e.kind, r.verdict.value if r else None, [n for n in e.notes if "the case of" in n])
             for e, r in zip(report.entries, report.results) if e.kind in ("claim", "not read") and e.line > 96}
    assert found[103] == ("claim", "PROVEN", ["the case of line 102: u < 0"])
    assert found[105][0] == found[112][0] == found[135][0] == found[136][0] == "not read"
    assert found[119] == ("claim", "PROVEN", ["the case of line 119: u < 0"])
    assert found[120] == ("claim", "PROVEN", ["the case of line 120: u > 0"])
    assert found[126] == ("claim", "PROVEN", []) and found[128] == ("claim", "PROVEN", ["the case of line 127: u > 0"])
