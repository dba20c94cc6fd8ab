"""What a document is made of for derivcheck: formulas and ``derivcheck:`` directives, each with its place.

The readers (``markdown.py``, ``latex.py``, ``notebook.py``) build these; ``read.py`` picks one by suffix.
Places are 1-based lines and columns counted in characters, so feedback points at what the student wrote.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

DOCUMENT_SUFFIXES = (".md", ".markdown", ".tex", ".ipynb")


@dataclass(frozen=True)
class Formula:
    """One formula as written: its LaTeX between the delimiters and where that LaTeX starts."""

    source: str          # the LaTeX between the delimiters (environment \begin/\end excluded), outer blanks stripped
    line: int            # 1-based line of the first character of `source` (notebooks: in the cell's source)
    column: int          # 1-based column of that character, in characters
    display: bool        # True for $$, \[ \], environments and ```math; False for $ and \( \)
    environment: str     # "$", "$$", "\\(", "\\[", "math" (fence), or the environment name as written ("align*")
    cell: int | None = None   # notebooks: 1-based cell number, counting every cell


@dataclass(frozen=True)
class Directive:
    """A `derivcheck:` comment: declarations/functions the prose states in words."""

    where: tuple[str, ...]                   # LaTeX declarations/conditions/definitions
    functions: tuple[tuple[str, str], ...]   # (letter, built-in name), e.g. ("S", "softmax")
    line: int
    column: int
    cell: int | None = None
    problem: str | None = None               # why a clause could not be read (then where/functions are empty)


@dataclass(frozen=True)
class Document:
    """A document read: its formulas and directives in reading order, and what went wrong if anything."""

    path: str
    kind: str                                  # "markdown", "latex", "notebook" ("unknown" for other suffixes)
    items: tuple[Formula | Directive, ...]
    error: str | None = None                   # why the file (or part of it) could not be read; items so far kept


class TextPositions:
    """Offsets of a text → (line, column), both 1-based, columns in characters."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line_start(self, line0: int) -> int:
        """Offset of the 0-based line `line0` (the text's end past the last line)."""
        return self.starts[line0] if line0 < len(self.starts) else len(self.text)


CLAUSE_HELP = "write 'where <LaTeX>' or 'function <letter> = <built-in>'"
_FUNCTION = re.compile(r"(?P<letter>[A-Za-z]|\\[A-Za-z]+)\s*=\s*(?P<name>[A-Za-z][A-Za-z0-9_]*)\s*")
_KEYWORD = re.compile(r"(where|function)\b", re.IGNORECASE)


def clauses(body: str, quoted: bool = False) -> list[tuple[int, str]]:
    """(offset in body, clause) for each clause: lines and top-level ``;`` separate them.

    A ``;`` inside braces, brackets or parentheses stays (``f(x; \\theta)``). With `quoted`, a
    Markdown blockquote's ``>`` at the start of a line is not part of the clause.
    """
    out, depth, start = [], 0, 0
    pieces: list[tuple[int, int]] = []
    for i, ch in enumerate(body):
        if ch in "{[(":
            depth += 1
        elif ch in "}])":
            depth = max(depth - 1, 0)
        elif ch == "\n" or (ch == ";" and depth == 0 and (i == 0 or body[i - 1] != "\\")):
            pieces.append((start, i))
            start = i + 1
            if ch == "\n":
                depth = 0
    pieces.append((start, len(body)))
    for a, b in pieces:
        piece = body[a:b]
        lead = len(piece) - len(piece.lstrip(" \t>" if quoted else " \t"))
        text = piece[lead:].rstrip()
        if text:
            out.append((a + lead, text))
    return out


def directive_items(body: str, where_is, cell: int | None = None, quoted: bool = False) -> list[Directive]:
    """The directives of one ``derivcheck:`` comment whose text after the colon is `body`.

    `where_is(offset)` gives the (line, column) of an offset of `body` in the file. The clauses that
    read make one Directive (placed at its first clause); each clause that does not read makes its
    own Directive with a `problem`, placed at that clause, so nothing is silently dropped.
    """
    where: list[str] = []
    functions: list[tuple[str, str]] = []
    first: tuple[int, int] | None = None
    problems: list[Directive] = []
    for offset, clause in clauses(body, quoted):
        keyword = _KEYWORD.match(clause)
        rest = clause[keyword.end():].strip() if keyword else ""
        problem = None
        if keyword is None:
            shown = clause if len(clause) <= 60 else clause[:57] + "..."
            problem = f"unknown derivcheck clause '{shown}': {CLAUSE_HELP}"
        elif keyword.group(1).lower() == "where":
            if rest:
                where.append(rest)
            else:
                problem = r"'where' needs a LaTeX declaration after it, e.g. 'where x \in \mathbb{R}^n'"
        else:
            match = _FUNCTION.fullmatch(rest)
            if match:
                functions.append((match["letter"], match["name"]))
            else:
                problem = (f"derivcheck clause '{clause}' not understood: write 'function <letter> = <built-in>', "
                           "e.g. 'function S = softmax'")
        if problem:
            line, column = where_is(offset)
            problems.append(Directive((), (), line, column, cell, problem))
        elif first is None:
            first = where_is(offset)
    if first is None and not problems:
        line, column = where_is(0)
        return [Directive((), (), line, column, cell, f"empty derivcheck comment: {CLAUSE_HELP}")]
    good = [Directive(tuple(where), tuple(functions), first[0], first[1], cell)] if first else []
    return good + problems
