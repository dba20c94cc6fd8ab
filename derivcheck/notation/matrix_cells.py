r"""The cells of a matrix written out (``\begin{bmatrix} … \end{bmatrix}``), as the vector parser reads them: each
an expression or an ellipsis. What the cells mean is ``matrix_literal``'s (after the parse, with the ``where``)."""

from __future__ import annotations

from .vector_lexer import Tok

__all__ = ["MATRICES", "ELLIPSES", "environment", "read_cells"]

MATRICES = ("bmatrix", "pmatrix", "Bmatrix", "matrix")
ELLIPSES = (r"\dots", r"\cdots", r"\ldots", r"\vdots", r"\ddots")


def environment(parser) -> str:
    """The name of the environment that the ``\\begin`` or ``\\end`` at hand opens or closes."""
    if parser.peek(1).text != "{":
        return ""
    name, j = "", parser.i + 2
    while j < len(parser.toks) and parser.toks[j].text != "}":
        name, j = name + parser.toks[j].text, j + 1
    return name


def read_cells(parser, tok: Tok, env: str):
    r"""``\begin{bmatrix} a & b \\ c & d \end{bmatrix}``: the rows of cells, each an expression or an ellipsis
    (``\dots``, ``\vdots``, ``\ddots``, or an empty cell); ``matrix_literal`` reads the rule of the entries."""
    parser.i += 3 + len(env)
    rows, row = [], []
    while not parser.at(r"\end", "end of input"):
        if parser.peek().text in ELLIPSES and parser.peek(1).text in ("&", "\\\\", r"\end"):
            row.append(("dots", parser.take().text))
        elif parser.peek().text in ("&", "\\\\"):
            row.append(("dots", ""))
        else:
            row.append(parser.expr())
        if parser.at("\\\\"):
            rows.append(row)
            row = []
        elif not parser.at(r"\end"):
            parser.take("&")
            continue
        if parser.at("\\\\"):
            parser.take()
    if environment(parser) != env:
        parser.fail(f"\\begin{{{env}}} is not closed by \\end{{{env}}}", tok)
    parser.i += 3 + len(env)
    return ("literal", env, [r for r in rows + [row] if r], tok)


_SPACES = (r"\quad", r"\qquad")


def spaced_row_ahead(parser) -> bool:
    r"""Is the ``[`` at hand a row written with spaces, ``[a \quad b \quad \dots \quad c]`` (seed 004)? A ``\quad``
    between its brackets, outside any inner bracket, says so: spacing inside one expression is not written that way."""
    depth = 0
    for t in parser.toks[parser.i:]:
        if t.text in ("(", "[", "{"):
            depth += 1
        elif t.text in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                return False
        elif depth == 1 and t.text in _SPACES:
            return True
    return False


def read_spaced_row(parser, tok: Tok):
    r"""``\left[ a \quad b \quad \dots \quad c \right]``: the one-row matrix of its cells, as ``bmatrix`` with ``&``."""
    parser.take("[")
    row = []
    while True:
        if parser.peek().text in ELLIPSES and parser.peek(1).text in (*_SPACES, "]"):
            row.append(("dots", parser.take().text))
        else:
            row.append(parser.expr())
        if parser.at(*_SPACES):
            parser.take()
            continue
        parser.take("]")
        return ("literal", "bmatrix", [row], tok)
