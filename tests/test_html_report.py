"""The HTML report as a person sees it: each formula of a Markdown, LaTeX and notebook document drawn
as MathML and marked in place, the summary's counts and links, nothing from the input executed, and
the page rendered by a real browser (headless Chromium: a screenshot and the DOM after rendering)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from derivcheck.documents.check import Entry, check_documents
from derivcheck.documents.formulas import Formula
from derivcheck.report.html import html_report, match_entries, math_html, sanitize_mathml

FIXTURES = Path(__file__).parent / "fixtures" / "html"
MD, TEX, NB = (str(FIXTURES / name) for name in ("hw.md", "hw.tex", "hw.ipynb"))


def check(*paths):
    return check_documents(list(paths), timeout=20, jobs=1, seed=0)


@pytest.fixture(scope="module")
def reports():
    return check(MD, TEX, NB)


@pytest.fixture(scope="module")
def page(reports):
    return html_report(reports)


@pytest.fixture(scope="module")
def md_page(reports):
    return html_report(reports[:1])


class Elements(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def element(markup: str, anchor: str) -> str:
    """The markup of the element with id `anchor` (the spans nest, so count them)."""
    start = markup.index(f'id="{anchor}"')
    start = markup.rindex("<", 0, start)
    tag = re.match(r"<(\w+)", markup[start:]).group(1)
    depth = 0
    for found in re.finditer(rf"<(/?){tag}\b[^>]*>", markup[start:]):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return markup[start:start + found.end()]
    return markup[start:]


def text_of(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", markup)


# ------------------------------------------------------------------------------------------ Markdown


def test_each_formula_of_markdown_marked_in_place(md_page):
    proven = element(md_page, "L3")
    assert 'class="f inline s-proven"' in proven and "✓ proven" in proven and "<math" in proven
    assert "proven for x ∈ ℝ" in proven  # the mark's title
    definition = element(md_page, "L11")
    assert "s-definition" in definition and "≔ definition" in definition
    unread = element(md_page, "L13")
    assert "s-unread" in unread and "? not read" in unread
    # the bare expression and the x of "every real x" are not relations: drawn, unmarked, no anchor
    assert md_page.count('id="L15"') == 0 and "x^2 + 1" not in text_of(md_page).split("The bare expression")[1][:20]
    assert "<code>$y = 2$</code>" in md_page  # code is not math


def test_refuted_chain_lists_its_steps_with_the_wrong_one_in_red(md_page):
    refuted = element(md_page, "L8")
    assert 'class="f display s-refuted"' in refuted and "✗ refuted" in refuted
    assert "step 2 of 2 is wrong" in refuted
    steps = re.findall(r'<span class="step m-(\w+)( wrong)?"', refuted)
    assert steps == [("proven", ""), ("refuted", " wrong")]
    assert "counterexample: at x = 1: left = 4, right = 2" in text_of(refuted)


def test_not_read_shows_its_reason_after_the_sentence(md_page):
    body = text_of(md_page)
    assert "The loss" in body and "is beyond this checker." in body
    sentence_end = body.index("is beyond this checker.")
    reason = body.index("? not read: statement, column 16: unknown command \\foo")
    assert reason > sentence_end  # the sentence stays whole; the reason follows its paragraph
    assert "hw.md: line 13" not in body  # the place prefix of the message is not repeated


def test_summary_counts_and_links(md_page):
    row = re.search(r"<tr><td class=\"doc\">.*?</tr>", md_page).group(0)
    counts = [int(n) for n in re.findall(r'<td class="count">(\d+)</td>', row)]
    # proven checked refuted error timeout | definitions declarations not-a-relation not-read
    assert counts == [1, 0, 1, 0, 0, 1, 0, 3, 1]
    look = md_page[md_page.index('<ul>'):md_page.index('class="legend"')]
    assert re.findall(r'href="#([\w-]+)"', look) == ["doc-1", "L8", "L13"]  # the document, then each formula


def test_every_anchor_is_unique_across_documents(page):
    ids = [attrs["id"] for _, attrs in Elements(page).tags if "id" in attrs]
    assert len(ids) == len(set(ids))
    assert {"d1-L8", "d1-L13", "d2-L9", "d3-c3-L2"} <= set(ids)


# ------------------------------------------------------------------------------- LaTeX and notebooks


def test_latex_document_as_its_paragraphs_with_formulas_in_place(page):
    section = page[page.index('id="doc-2"'):page.index('id="doc-3"')]
    assert "<h2>Derivatives</h2>" in section
    assert "\\documentclass" not in section and "\\begin{align*}" not in section
    assert "The power rule:" in text_of(section) and "A wrong expansion:" in text_of(section)
    align = element(section, "d2-L9")
    assert "s-refuted" in align and "<mtable" in align  # align* drawn as a table of rows
    assert "counterexample: at x = −1: left = 4, right = 2" in text_of(align)
    assert "s-proven" in element(section, "d2-L5")


def test_notebook_cells_in_labelled_boxes(page):
    section = page[page.index('id="doc-3"'):]
    labels = re.findall(r'<div class="cell-label">(.*?)</div>', section)
    assert labels == ["cell 1", "cell 2 · code", "cell 3"]
    assert 'print(&quot;$z$ is not math&quot;)' in section  # code shown as code, not math
    assert "s-proven" in element(section, "d3-c1-L2")
    wrong = element(section, "d3-c3-L2")
    assert "step 1 of 1 is wrong" in wrong and "at x = 0: left = 2, right = 1" in wrong


# ------------------------------------------------------------------------------------- math, safety


def test_math_as_mathml_and_latex_source_when_it_cannot_be_drawn(page):
    assert page.count("<math") >= 10
    assert math_html(r"\frac{d}{dx} x^2 = 2x", False).startswith("<math")
    assert 'display="block"' in math_html("x = 1", True)
    fallback = math_html(r"\left( <b>", False)  # no \right: latex2mathml raises
    assert fallback.startswith('<code class="tex"') and "&lt;b&gt;" in fallback


def test_sanitize_mathml_keeps_only_mathml():
    dirty = ('<math><mtext><script>alert(1)</script><img src=x onerror=alert(1)></mtext>'
             '<mrow href="javascript:alert(1)" style="x" onclick="y"><mi>&</mi></mrow></math>')
    clean = sanitize_mathml(dirty)
    tags = Elements(clean).tags
    assert [t for t, _ in tags] == ["math", "mtext", "mrow", "mi"]
    assert all(attrs == {} for _, attrs in tags)
    assert "&lt;script&gt;" in clean and "<mi>&amp;</mi>" in clean


HOSTILE_MD = r"""# Title <script>alert(1)</script>

<script>alert(2)</script>

Text <img src=x onerror=alert(3)> and [a link](javascript:alert(4)).

$$\text{<script>alert(5)</script>} = \text{<b>1</b>}$$

Inline $\mathrm{<img src=x onerror=alert(6)>} = 1$ and <!-- derivcheck: where <script>x</script> -->.
"""

HOSTILE_TEX = r"""\documentclass{article}
\begin{document}
Prose <script>alert(7)</script> and $\text{<script>alert(8)</script>} = 1$.
\end{document}
"""


def assert_inert(markup: str) -> None:
    for tag, attrs in Elements(markup).tags:
        assert tag not in ("script", "img", "iframe", "object", "embed", "b"), tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not any((value or "").strip().lower().startswith("javascript:") for value in attrs.values())


def test_script_in_a_document_and_in_a_formula_does_not_run(tmp_path):
    md, tex = tmp_path / "hostile.md", tmp_path / "hostile.tex"
    md.write_text(HOSTILE_MD)
    tex.write_text(HOSTILE_TEX)
    markup = html_report(check(str(md), str(tex)))
    assert_inert(markup)
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in markup  # shown as text, as written
    assert "alert(5)" in markup and "alert(8)" in markup  # the formulas are still drawn
    assert "<math" in markup


def test_entries_matched_to_formulas_by_cell_source_and_place():
    same = "a = b"
    formulas = [Formula(same, 3, 2, False, "$"), Formula(same, 3, 12, False, "$"), Formula("c < d", 5, 1, True, "$$")]

    def entry(source, line, column, cell=None):
        return Entry("claim", source, source, line, column, cell)

    entries = [entry("", 1, 1), entry(same, 3, 12), entry("c < d", 5, 1), entry("c < d", 5, 3), entry(same, 9, 1)]
    placed, loose = match_entries(formulas, entries)
    assert placed == {1: [1], 2: [2, 3]}  # the repeated formula: the one at the entry's place
    assert loose == [0, 4]  # a directive's entry, and one in no formula


def test_cli_writes_the_page(tmp_path):
    from derivcheck.cli import main

    out = tmp_path / "report.html"
    status = main(["check", NB, "--html", str(out), "--timeout", "20", "--jobs", "1"])
    assert status == 1  # a refuted claim
    assert "✗ refuted" in out.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------ browser


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def png_distinct_bytes(data: bytes) -> int:
    """How many byte values the image data holds once inflated: a blank page has very few."""
    at, chunks = 8, []
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"IDAT":
            chunks.append(data[at + 8:at + 8 + length])
        at += 12 + length
    return len(set(zlib.decompress(b"".join(chunks))))


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("the browser test needs Chromium; install it: apt-get install chromium")
    return found


def browse(browser: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, timeout=60)


def test_page_in_a_real_browser(page, tmp_path):
    browser = chromium()
    html_file = tmp_path / "report.html"
    html_file.write_text(page, encoding="utf-8")
    shot = tmp_path / "report.png"
    browse(browser, tmp_path, f"--screenshot={shot}", "--window-size=1200,2000", html_file.as_uri())
    data = shot.read_bytes()
    assert png_size(data) == (1200, 2000)
    assert len(data) > 40_000 and png_distinct_bytes(data) > 100, "the screenshot looks blank"

    dom = browse(browser, tmp_path, "--dump-dom", html_file.as_uri()).stdout.decode("utf-8")
    assert dom.count("<math") == page.count("<math") >= 10  # the browser kept every MathML element
    text = text_of(dom)
    for seen in ("✓ proven", "✗ refuted", "? not read", "≔ definition", "cell 3",
                 "counterexample: at x = 1: left = 4, right = 2", "step 2 of 2 is wrong"):
        assert seen in text, seen
    assert "<script" not in dom
