r"""The headings of a document and the question each formula answers.

A class's documents put the same question at different lines (a student writes a sentence more),
so a grade lines questions up by the heading in force, not by the line: the headings in force
from the outermost to the innermost (``Problem 2 / (a)``), each a Markdown ``#`` heading or a LaTeX
``\section``-like command. A Markdown document's title -- its first heading, alone at the shallowest level, with
deeper ones after it (``# Homework of Ada``) -- names the student, not a question, and is left out
(a LaTeX document's title is ``\title``, not a section).
Bold paragraphs (``**Answer:**``) are not headings: too many of them are not questions. A line that is only a
question's label (``Q2``, ``**Question 3.**``, ``Problem 1:``) is one (seed 004 has no other), one level below the
last heading that is not such a line: a question of the problem in force.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

__all__ = ["Heading", "find_headings", "Headings"]

PREAMBLE = (-1,)  # the path above the first heading

_MARKDOWN = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_LATEX = re.compile(r"^\s*\\(part|chapter|section|subsection|subsubsection)\*?\s*\{")
_LATEX_LEVELS = {"part": 0, "chapter": 1, "section": 2, "subsection": 3, "subsubsection": 4}
_LABEL_LINE = re.compile(r"^\s*(?:\*\*|__)?\s*((?:Q|Question|Problem|Exercise)\s*\d+[a-z]?)\s*[.:]?\s*(?:\*\*|__)?\s*[.:]?\s*$",
                         re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_(?=\s|$)|(?<=\s)_)")


@dataclass(frozen=True)
class Heading:
    line: int  # 0-based, in its text (a notebook's cell)
    level: int
    title: str
    markdown: bool = True


def _latex_title(line: str, start: int) -> str:
    """The braced argument from ``start`` (just after its ``{``), nested braces kept; to the line's end if open."""
    depth, out = 1, []
    for ch in line[start:]:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0:
            break
        out.append(ch)
    return "".join(out)


def _clean(title: str) -> str:
    """A title up to emphasis, spacing and a trailing colon or period ("**Question 1.**" is "Question 1")."""
    title = re.sub(r"\s+", " ", _EMPHASIS.sub("", title)).strip()
    return title.rstrip(":.").strip()


def find_headings(text: str) -> list[Heading]:
    out = []
    above = 1  # the level of the last heading that is not a label line: a label ("Q2") is one below it
    for k, line in enumerate(text.split("\n")):
        m = _MARKDOWN.match(line)
        if m:
            out.append(Heading(k, len(m.group(1)), _clean(m.group(2))))
            above = out[-1].level
            continue
        m = _LATEX.match(line)
        if m:
            out.append(Heading(k, _LATEX_LEVELS[m.group(1)], _clean(_latex_title(line, m.end())), markdown=False))
            above = out[-1].level
            continue
        m = _LABEL_LINE.match(line)
        if m:
            out.append(Heading(k, above + 1, m.group(1)))
    return out


class Headings:
    """The headings of each text of a document (one text, or a notebook's cells in order)."""

    def __init__(self, texts: dict[int | None, str]):
        self.cells = list(texts)
        self.found = {cell: find_headings(text) for cell, text in texts.items()}
        self.lines = {cell: [h.line for h in hs] for cell, hs in self.found.items()}
        ordered = [h for cell in self.cells for h in self.found[cell]]
        shallowest = min((h.level for h in ordered), default=0)
        top = [h for h in ordered if h.level == shallowest]
        self.title = top[0] if len(top) == 1 and len(ordered) > 1 and ordered[0] is top[0] and top[0].markdown else None
        self.any = bool(ordered)

    def _before(self, cell: int | None, line: int):
        """The headings before 0-based ``line`` of ``cell``, in order."""
        for c in self.cells:
            if c is not None and cell is not None and c > cell:
                break
            hs = self.found[c]
            yield from (hs[:bisect_left(self.lines[c], line)] if c == cell else hs)

    def count(self, cell: int | None, line: int) -> int:
        """How many headings come before 0-based ``line``."""
        total = 0
        for c in self.cells:
            if c is not None and cell is not None and c > cell:
                break
            total += bisect_left(self.lines[c], line) if c == cell else len(self.lines[c])
        return total

    def path(self, cell: int | None, line: int) -> tuple[int, ...]:
        """The headings in force at 0-based ``line``, outermost first, each by its number in the document: what
        holds under a heading holds under the ones nested in it, not under the next one beside it."""
        stack: list[tuple[int, Heading]] = []
        for number, h in enumerate(self._before(cell, line)):
            while stack and stack[-1][1].level >= h.level:
                stack.pop()
            stack.append((number, h))
        if not stack and self.any:
            # above the first heading: a part of its own, as under any heading (seed 004 answers question 1 there,
            # unlabelled, and seed 000 before its first "##"), not a preamble that holds under every heading
            return PREAMBLE
        return tuple(number for number, _ in stack)

    def question(self, cell: int | None, line: int) -> str | None:
        """The headings in force at 0-based ``line``, outermost first, the title left out; None without one."""
        stack: list[Heading] = []
        for h in self._before(cell, line):
            while stack and stack[-1].level >= h.level:
                stack.pop()
            stack.append(h)
        titles = [h.title for h in stack if h is not self.title and h.title]
        return " / ".join(titles) or None

