r"""A display that continues a formula whose head was not read (seed 004, lines 60-64): the first step,
from the head, is reported not read; the steps between the continuation's own members are checked;
no step is made across a member that was not read."""

from pathlib import Path

from derivcheck.documents.check import check_documents

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "continued_after_unread.md"
DIAGONAL = FIXTURE.read_text(encoding="utf-8").split("\n")[8]  # line 9: diag(σ(x_i)(1 - σ(x_i)))


def entries(tmp_path, replace=()):
    text = FIXTURE.read_text(encoding="utf-8")
    for old, new in replace:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "hw.md"
    path.write_text(text, encoding="utf-8")
    [report] = check_documents([path], timeout=60, jobs=2, seed=0)
    return [(e.line, e.kind, r and r.verdict.value, e.message or "", e.notes) for e, r in zip(report.entries, report.results)]


def by_line(found, line):
    return [x for x in found if x[0] == line]


def test_the_steps_after_an_unread_head_are_checked(tmp_path):
    assert DIAGONAL.startswith(r"$$= \begin{bmatrix} \sigma(x_1)(1-\sigma(x_1))")
    found = entries(tmp_path)
    assert [x[1] for x in by_line(found, 5)] == ["not read"]  # the head: the list of partials is not read
    [first] = by_line(found, 7)
    assert first[1] == "not read" and "continues the formula of line 5, which was not read" in first[3]
    [diagonal] = by_line(found, 9)
    assert diagonal[1:3] == ("claim", "PROVEN")  # the Jacobian of partials = the diagonal matrix, for every n
    assert any("continues the formula of line 7" in n for n in diagonal[4])
    square = by_line(found, 15)
    assert [x[1:3] for x in square] == [("not read", None), ("claim", "PROVEN")]  # (t+1)(t+1) = t^2 + 2t + 1
    assert any("line 13 (not read), is not checked" in n for n in square[1][4])
    assert by_line(found, 17)[0][1:3] == ("claim", "PROVEN")  # continues the last member of line 15


def test_a_wrong_step_after_an_unread_head_is_refuted(tmp_path):
    found = entries(tmp_path, [(DIAGONAL, DIAGONAL.replace("(1-", "(1+")),
                               ("= (t+1)(t+1) = t^2 + 2t + 1", "= (t+1)(t+1) = t^2 + 1")])
    assert by_line(found, 9)[0][1:3] == ("claim", "REFUTED")
    assert [x[1:3] for x in by_line(found, 15)] == [("not read", None), ("claim", "REFUTED")]
    assert by_line(found, 17)[0][1:3] == ("claim", "REFUTED")  # t^2 + 1 = t^2 + 2t + 1: from the member written


def test_no_step_is_made_across_a_member_that_was_not_read(tmp_path):
    found = entries(tmp_path, [("= (t+1)(t+1) = t^2 + 2t + 1", r"= \bar{\foo}(t)")])
    [unread] = by_line(found, 15)
    assert unread[1] == "not read"
    [after] = by_line(found, 17)  # \bar{\foo}(t) = t^2 + 2t + 1: its member is not read, so neither is it
    assert after[1] == "not read" and after[2] is None
