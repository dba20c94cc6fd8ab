r"""A display the sentence before it states as an approximation or a limit (seed 004, line 43: "Since at large
k, $$a(x) = \begin{cases} 1 … \end{cases}$$" after a(x) = 1/(1 + e^{-kx})) is not an identity: not read, with
the words that say so, never REFUTED at a finite k. A sentence that ended before it changes nothing."""

from derivcheck.documents.check import check_documents

DOCUMENT = r"""# d)

$$a(x) = \frac{1}{1 + e^{-kx}}$$

when k is large.

$$a(-x) = 1 - a(x)$$

Since at large k ,

$$a(x) = \begin{cases} 1, & \text{when } x > 0 \\ 0.5, & \text{when } x = 0 \\ 0, & \text{when } x < 0 \end{cases}$$

and, for every k,

$$a(0) = 0.5$$
"""


def test_an_approximation_in_words_is_not_checked_as_an_identity(tmp_path):
    path = tmp_path / "hw.md"
    path.write_text(DOCUMENT, encoding="utf-8")
    [report] = check_documents([path], timeout=60, jobs=2, seed=0)
    found = {e.line: (e.kind, r and r.verdict.value, e.message or "") for e, r in zip(report.entries, report.results)}
    assert found[3][0] == "definition"
    assert found[7][:2] == ("claim", "PROVEN")  # "when k is large." ended its sentence
    kind, verdict, message = found[11]
    assert (kind, verdict) == ("not read", None) and "approximately or in a limit ('at large k')" in message
    assert found[15][:2] == ("claim", "PROVEN")
