"""Every formula of a homework document, with its exact place (derivcheck.documents readers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from derivcheck.documents.formulas import DOCUMENT_SUFFIXES, Directive, Document, Formula, clauses, directive_items
from derivcheck.documents.latex import latex_items, read_latex
from derivcheck.documents.markdown import markdown_items
from derivcheck.documents.notebook import notebook_items, read_notebook
from derivcheck.documents.read import read_document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "documents"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def assert_placed(text: str, items) -> None:
    """Each formula's first line is written in `text` at its line and column (columns in characters)."""
    lines = text.splitlines()
    for item in items:
        if isinstance(item, Formula):
            first = item.source.split("\n")[0]
            assert lines[item.line - 1][item.column - 1:].startswith(first), item


def formulas(items) -> list[tuple[str, bool, str]]:
    return [(f.environment, f.display, f.source) for f in items if isinstance(f, Formula)]


# ---------------------------------------------------------------------------------------------- Markdown

MARKDOWN = r"""# Gradients of $\sigma$

Let $x \in \mathbb{R}$ and $x \in \mathbb{R}$ again. It costs \$5, and `$code$` is code.

- item with $a_1 = 1$
  - nested with $b = 2$

> quoted $c = 3$ and
> $$
> d = 4
> $$

| name | value |
|------|-------|
| é    | $\|x\|_2 = 1$ |

Unicode ünïcödé → $\alpha$ then 日本語 $\beta$.

$$
e = 5
$$

Inline display $$g = 7$$ inside a paragraph, $ $ is empty.

$$\begin{aligned}
h &= 8 \\
  &= 4 + 4
\end{aligned}$$

\[ i = 9 \]

Text with \(j = 10\) and \[k = 11\] inline.

```math
l = 12
```

\begin{align*}
m &= 13
\end{align*}

    $indented code$ is code

```python
s = "$fenced code$"
```

<!-- derivcheck: where y > 0; function S = softmax -->
Last $x \in \mathbb{R}$.
"""


def test_markdown_formulas_in_reading_order_with_their_delimiters():
    items = markdown_items(MARKDOWN)
    assert formulas(items) == [
        ("$", False, r"\sigma"),
        ("$", False, r"x \in \mathbb{R}"),
        ("$", False, r"x \in \mathbb{R}"),
        ("$", False, "a_1 = 1"),
        ("$", False, "b = 2"),
        ("$", False, "c = 3"),
        ("$$", True, "d = 4"),
        ("$", False, r"\|x\|_2 = 1"),  # as written: GFM would unescape the table's \| to |
        ("$", False, r"\alpha"),
        ("$", False, r"\beta"),
        ("$$", True, "e = 5"),
        ("$$", True, "g = 7"),
        ("$$", True, "\\begin{aligned}\nh &= 8 \\\\\n  &= 4 + 4\n\\end{aligned}"),
        ("\\[", True, "i = 9"),
        ("\\(", False, "j = 10"),
        ("\\[", True, "k = 11"),
        ("math", True, "l = 12"),
        ("align*", True, "m &= 13"),
        ("$", False, r"x \in \mathbb{R}"),
    ]
    directive = [i for i in items if isinstance(i, Directive)]
    assert directive == [Directive(("y > 0",), (("S", "softmax"),), 48, 18)]
    assert items.index(directive[0]) == len(items) - 2  # in reading order, before the last formula
    assert_placed(MARKDOWN, items)


def test_markdown_places_are_exact():
    items = markdown_items(MARKDOWN)
    where = {(f.source, f.line, f.column) for f in items if isinstance(f, Formula)}
    assert {(r"\sigma", 1, 17), (r"x \in \mathbb{R}", 3, 6), (r"x \in \mathbb{R}", 3, 29),
            (r"x \in \mathbb{R}", 49, 7)} <= where          # repeated formulas: each its own place
    assert ("b = 2", 6, 18) in where                      # nested list item
    assert ("d = 4", 10, 3) in where                      # after the blockquote's "> "
    assert (r"\|x\|_2 = 1", 15, 11) in where              # table cell after a multi-byte é
    assert (r"\beta", 17, 38) in where                    # columns count characters, not bytes
    assert ("e = 5", 20, 1) in where and ("g = 7", 23, 18) in where
    assert ("\\begin{aligned}\nh &= 8 \\\\\n  &= 4 + 4\n\\end{aligned}", 25, 3) in where
    assert ("m &= 13", 39, 1) in where


def test_code_escaped_dollars_and_empty_formulas_are_not_formulas():
    text = "Code `$a$`, escaped \\$b\\$, empty $ $ and $$ $$.\n\n    $c$\n\n```\n$d$\n```\n"
    assert markdown_items(text) == []


def test_currency_follows_the_plugin_defaults():
    """dollarmath's defaults (allow_digits=True) read "$5 and $" as math; escaped dollars are prose."""
    assert [f.source for f in markdown_items("It costs $5 and $10 today.")] == ["5 and"]
    assert markdown_items(r"It costs \$5 and \$10 today.") == []
    assert [f.source for f in markdown_items("The cost is $x$ where $y = 2$.")] == ["x", "y = 2"]


def test_multiline_dollars_keep_their_newlines_and_crlf_counts_as_one_line_break():
    text = "Step:\r\n$$\r\na = b\r\n  \\cdot c\r\n$$\r\nthen $d$\r\n"
    items = markdown_items(text)
    assert [(f.source, f.line, f.column) for f in items] == [("a = b\n  \\cdot c", 3, 1), ("d", 6, 7)]
    assert_placed(text, items)


def test_seed_excerpt_formulas_and_places():
    """Lines 155-193 of seed 000 (IFT6390 HW3 theory), copied so that this runs without /work/shared."""
    text = (FIXTURES / "seed_excerpt.md").read_text(encoding="utf-8")
    items = markdown_items(text)
    assert all(isinstance(i, Formula) for i in items) and len(items) == 27
    assert_placed(text, items)
    first = items[0]
    assert (first.source, first.line, first.column, first.display) == (
        r"\mathbf{o}^s = \text{softmax}(\mathbf{o}^a)", 3, 3, True)
    aligned = items[4]
    assert (aligned.line, aligned.column, aligned.environment) == (9, 3, "$$")
    assert aligned.source.startswith("\\begin{aligned}\n\\bullet \\mathbf{o}^s &= ")
    assert aligned.source.endswith("\\end{aligned}") and aligned.source.count("\n") == 4
    assert [(f.source, f.line, f.column) for f in items[5:8]] == [
        (r"\mathbf{o}_k^s", 15, 9), ("k", 15, 48), (r"\mathbf{x}", 15, 203)]
    last = items[-1]
    assert (last.line, last.column, last.source[:15]) == (39, 3, r"= -\frac{1}{n} ")


def test_seeds_read_with_exact_places(capsys):
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent")
    seeds = sorted(SEEDS.glob("0*.md"))
    assert len(seeds) == 5
    counts = {}
    for seed in seeds:
        document = read_document(seed)
        assert document.error is None and document.kind == "markdown"
        assert_placed(seed.read_text(encoding="utf-8"), document.items)
        counts[seed.name[:3]] = len(document.items)
    assert counts == {"000": 257, "001": 50, "002": 49, "003": 37, "004": 230}
    assert capsys.readouterr() == ("", "")


# ---------------------------------------------------------------------------------------------- directives

def test_clauses_split_on_lines_and_top_level_semicolons():
    assert clauses("where f(x; \\theta) > 0; function S = softmax\n where a \\; b") == [
        (0, "where f(x; \\theta) > 0"), (24, "function S = softmax"), (46, "where a \\; b")]


def test_directive_clauses():
    place = lambda offset: (1, offset + 1)  # noqa: E731
    assert directive_items(" where x > 0; function \\sigma = sigmoid", place) == [
        Directive(("x > 0",), (("\\sigma", "sigmoid"),), 1, 2)]
    bad = directive_items(" foo bar; where y > 0", place)
    assert bad == [Directive(("y > 0",), (), 1, 11),
                   Directive((), (), 1, 2, None, "unknown derivcheck clause 'foo bar': "
                             "write 'where <LaTeX>' or 'function <letter> = <built-in>'")]
    wrong = directive_items(" function S softmax", place)
    assert wrong[0].problem.startswith("derivcheck clause 'function S softmax' not understood")
    assert directive_items("  ", place)[0].problem.startswith("empty derivcheck comment")
    assert "needs a LaTeX declaration" in directive_items(" where", place)[0].problem


def test_markdown_directive_over_several_lines_in_a_blockquote():
    text = "> <!-- derivcheck:\n> where x > 0\n> function S = softmax\n> -->\n"
    assert markdown_items(text) == [Directive(("x > 0",), (("S", "softmax"),), 2, 3)]


# ---------------------------------------------------------------------------------------------- LaTeX

def test_latex_fixture():
    text = (FIXTURES / "hw.tex").read_text(encoding="utf-8")
    items, problem = read_latex(text)
    assert problem is None
    assert formulas(items) == [
        ("$", False, r"\sigma"),
        ("$", False, "f(x) = x^2"),
        ("\\(", False, "g(x) = 2x"),
        ("align*", True, "f'(x) &= 2x \\\\ \n        &= g(x)"),  # the comment is gone, the newline stays
        ("equation", True, r"\frac{d}{dx} e^{x} = e^{x}"),
        ("\\[", True, r"\sigma'(x) = \sigma(x)(1 - \sigma(x))"),
        ("$$", True, r"\begin{aligned} h(x) &= \log x \\ h'(x) &= \frac{1}{x} \end{aligned}"),
        ("$", False, "f(x) = x^2"),
        ("$", False, r"\alpha"),
    ]
    assert [(f.line, f.column) for f in items if isinstance(f, Formula)] == [
        (6, 25), (7, 6), (7, 24), (9, 3), (13, 3), (15, 4), (16, 3), (21, 8), (21, 27)]
    assert [i for i in items if isinstance(i, Directive)] == [
        Directive(("x > 0",), (), 3, 15),
        Directive((r"\mathbf{x} \in \mathbb{R}^n",), (("S", "softmax"),), 20, 15)]
    assert isinstance(items[0], Directive) and isinstance(items[-3], Directive)
    assert_placed(text, items)


def test_latex_environments_starred_or_not():
    text = "\n".join([
        r"\begin{gather*} a = 1 \end{gather*}",
        r"\begin{multline} b = 2 \end{multline}",
        r"\begin{eqnarray*} c &=& 3 \end{eqnarray*}",
        r"\begin{alignat}{2} d &= 4 \end{alignat}",
        r"\begin{aligned} e &= 5 \end{aligned}",
        r"\begin{equation*}", "  % only a comment first", r"  f = 6 % and after", r"\end{equation*}",
        r"\begin{equation} \end{equation}",
    ])
    items = latex_items(text)
    assert formulas(items) == [("gather*", True, "a = 1"), ("multline", True, "b = 2"),
                               ("eqnarray*", True, "c &=& 3"), ("alignat", True, "d &= 4"),
                               ("aligned", True, "e &= 5"), ("equation*", True, "f = 6")]
    assert (items[-1].line, items[-1].column) == (8, 3)
    assert_placed(text, items)


def test_latex_code_and_comments_are_not_math():
    text = "\n".join([
        r"% $a$ in a comment", r"\verb|$b$| and \verb+$c$+", r"\begin{verbatim}", "$d$", r"\end{verbatim}",
        r"\begin{lstlisting}[language=Python]", 's = "$e$"  # \\end{foo}', r"\end{lstlisting}",
        r"\begin{minted}{python}", 'print("$f$")', r"\end{minted}", r"Price \$5, then $g$.",
    ])
    items, problem = read_latex(text)
    assert problem is None
    assert [(f.source, f.line, f.column) for f in items] == [("g", 12, 18)]


def test_latex_syntax_problem_is_reported_with_its_place_and_the_rest_is_read():
    items, problem = read_latex("Good $a$.\n\\begin{verbatim}\n$b$\n")
    assert [f.source for f in items] == ["a"]
    assert problem == "line 2, column 1: \\begin{verbatim} has no \\end{verbatim}"


# ---------------------------------------------------------------------------------------------- notebooks

def test_notebook_fixture():
    text = (FIXTURES / "hw.ipynb").read_text(encoding="utf-8")
    items, problem = read_notebook(text)
    assert problem is None
    assert items == [
        Directive(("x \\in \\mathbb{R}",), (), 1, 1, 1),
        Formula("f(x) = x^2", 2, 6, False, "$", 1),
        Formula("x", 2, 32, False, "$", 1),
        Formula("f'(x) = 2x", 5, 1, True, "$$", 1),
        Directive((), (("S", "softmax"),), 1, 1, 4),
        Directive((r"\mathbf{x} \in \mathbb{R}^n",), (), 1, 18, 4),
        Formula(r"S(\mathbf{x})_i = \frac{e^{x_i}}{\sum_j e^{x_j}}", 2, 7, False, "$", 4),
        Formula("f(x) = x^2", 4, 6, False, "$", 4),
    ]  # the code cell's "$z$" (cell 2) and the raw cell's "$r$" (cell 3) are not formulas
    cells = json.loads(text)["cells"]
    for item in items:
        if isinstance(item, Formula):
            source = cells[item.cell - 1]["source"]
            assert_placed("".join(source) if isinstance(source, list) else source, [item])


def notebook(*cells) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        dict({"metadata": {}, "id": f"c{n}"}, **cell) for n, cell in enumerate(cells)]})


def test_notebook_source_as_list_or_string_reads_the_same():
    as_list = notebook({"cell_type": "markdown", "source": ["a $x$\n", "b $y$"]})
    as_string = notebook({"cell_type": "markdown", "source": "a $x$\nb $y$"})
    assert notebook_items(as_list) == notebook_items(as_string) == [
        Formula("x", 1, 4, False, "$", 1), Formula("y", 2, 4, False, "$", 1)]


def test_notebook_metadata_that_cannot_be_read_says_why():
    text = notebook({"cell_type": "markdown", "source": "", "metadata": {"derivcheck": {"wher": ["x > 0"]}}},
                    {"cell_type": "markdown", "source": "", "metadata": {"derivcheck": {"where": [1]}}})
    first, second = notebook_items(text)
    assert first.problem == "cell 1 metadata 'derivcheck': unknown key 'wher': the keys are 'where' and 'functions'"
    assert second.cell == 2 and "'where' must be a list of LaTeX strings" in second.problem


def test_invalid_notebooks(recwarn):
    with pytest.raises(ValueError, match=r"line 2, column 1: not valid JSON"):
        notebook_items('{"cells": [\n')
    with pytest.raises(ValueError, match="not a Jupyter notebook"):
        notebook_items("[1, 2]")
    with pytest.raises(ValueError, match="missing an expected key: metadata"):
        notebook_items(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                   "cells": [{"cell_type": "markdown", "source": "$x$"}]}))
    schema = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "$x$", "execution_count": 3}]})  # and no "id"
    items, problem = read_notebook(schema)
    assert [f.source for f in items] == ["x"]
    assert problem == ("the notebook does not follow the nbformat 4 schema (Additional properties are not "
                       "allowed ('execution_count' was unexpected)); its cells were read anyway")
    assert len(recwarn) == 0  # nbformat's MissingIDFieldWarning is not shown


# ---------------------------------------------------------------------------------------------- read_document

def test_read_document_by_suffix(tmp_path):
    assert DOCUMENT_SUFFIXES == (".md", ".markdown", ".tex", ".ipynb")
    for name, kind in (("a.md", "markdown"), ("a.MARKDOWN", "markdown")):
        (tmp_path / name).write_text("\ufeffSee $x$.", encoding="utf-8")
        assert read_document(tmp_path / name) == Document(str(tmp_path / name), kind,
                                                          (Formula("x", 1, 6, False, "$"),))
    tex = read_document(FIXTURES / "hw.tex")
    assert tex.kind == "latex" and tex.error is None and len(tex.items) == 11
    ipynb = read_document(str(FIXTURES / "hw.ipynb"))
    assert ipynb.kind == "notebook" and ipynb.error is None and len(ipynb.items) == 8


def test_read_document_never_raises_on_bad_input(tmp_path):
    unknown = tmp_path / "hw.docx"
    unknown.write_bytes(b"PK")
    document = read_document(unknown)
    assert document.items == () and document.error.startswith(f"{unknown}: derivcheck reads .md, .markdown, .tex")

    latin1 = tmp_path / "hw.md"
    latin1.write_bytes("first $x$\nsecond caf\u00e9".encode("latin-1"))
    assert read_document(latin1).error == (f"{latin1}: line 2, column 11: not UTF-8 text (byte 0xe9); "
                                           "save the file with the UTF-8 encoding")

    big = tmp_path / "big.tex"
    with open(big, "wb") as handle:
        handle.truncate(8 * 1024 * 1024 + 1)
    assert "over the 8 MiB" in read_document(big).error

    broken = tmp_path / "hw.ipynb"
    broken.write_text('{"cells": [\n  {"cell_type": "markdown",\n', encoding="utf-8")
    error = read_document(broken).error
    assert error.startswith(f"{broken}: line 3, column 1: not valid JSON") and "open and save it in Jupyter" in error

    missing = read_document(tmp_path / "absent.md")
    assert missing.error.startswith(f"{tmp_path / 'absent.md'}: cannot be read")

    latex = tmp_path / "hw.tex"
    latex.write_text("Fine $a$ and \\begin{verbatim} $b$", encoding="utf-8")
    document = read_document(latex)
    assert [f.source for f in document.items] == ["a"]
    assert document.error.startswith(f"{latex}: line 1, column 14: \\begin{{verbatim}} has no \\end{{verbatim}}")
