"""Formulas of a LaTeX document, read by pylatexenc's LatexWalker.

The walker knows what is math and what is not (``%`` comments, ``\\verb``, ``\\$``); its nodes carry
their offsets (``pos``/``len``), so each formula's place is exact. Verbatim-like environments
(``verbatim``, ``lstlisting``, ``minted``, ``comment``) are read as opaque text: code there is not math.
"""

from __future__ import annotations

import re

from pylatexenc.latexwalker import (LatexCommentNode, LatexEnvironmentNode, LatexGroupNode, LatexMacroNode,
                                    LatexMathNode, LatexWalker, LatexWalkerError, LatexWalkerParseError,
                                    get_default_latex_context_db)
from pylatexenc.macrospec import EnvironmentSpec, MacroStandardArgsParser, ParsedVerbatimArgs

from .formulas import Directive, Formula, TextPositions, directive_items

# display environments whose body is one formula ("aligned" inside another one stays part of it)
MATH_ENVIRONMENTS = ("equation", "align", "aligned", "gather", "gathered", "multline", "eqnarray", "flalign",
                     "alignat", "displaymath", "math")
VERBATIM_ENVIRONMENTS = ("verbatim", "Verbatim", "lstlisting", "minted", "comment")
_DELIMITER_NAMES = {"$": "$", "$$": "$$", "\\(": "\\(", "\\[": "\\["}


class VerbatimBody(MacroStandardArgsParser):
    """Everything up to ``\\end{<name>}`` is the environment's text, as LaTeX itself reads it.

    pylatexenc has this for ``verbatim`` only (its parser looks for ``\\end{verbatim}`` whatever the name).
    """

    def __init__(self, name: str):
        super().__init__(argspec="")
        self.name = name

    def parse_args(self, w, pos, parsing_state=None):
        from pylatexenc.latexwalker import LatexCharsNode

        end = w.s.find(f"\\end{{{self.name}}}", pos)
        if end < 0:
            if not w.tolerant_parsing:
                begin = max(w.s.rfind("\\begin", 0, pos), 0)
                raise LatexWalkerParseError(s=w.s, pos=begin, msg=f"\\begin{{{self.name}}} has no \\end{{{self.name}}}")
            end = len(w.s)
        chars = w.make_node(LatexCharsNode, parsing_state=parsing_state, chars=w.s[pos:end], pos=pos, len=end - pos)
        return ParsedVerbatimArgs(verbatim_chars_node=chars), pos, end - pos


def latex_context():
    """pylatexenc's macros, with verbatim-like environments opaque and amsmath's inner math known
    (the reader and the HTML page walk a document with the same one)."""
    db = get_default_latex_context_db()
    verbatim = [EnvironmentSpec(name + star, args_parser=VerbatimBody(name + star))
                for name in VERBATIM_ENVIRONMENTS for star in ("", "*")]
    math = [EnvironmentSpec(name + star, "[" if name.endswith("ed") else None, is_math_mode=True)
            for name in ("aligned", "gathered", "displaymath", "math") for star in ("", "*")]
    db.add_context_category("derivcheck-documents", environments=verbatim + math, prepend=True)
    return db


_CONTEXT = latex_context()


def _children(node):
    """The nodes inside a node: its arguments, then its body."""
    argd = getattr(node, "nodeargd", None)
    for arg in (getattr(argd, "argnlist", None) or ()):
        if arg is not None:
            yield arg
    for child in (getattr(node, "nodelist", None) or ()):
        if child is not None:
            yield child


def _comments(node):
    """Every ``%`` comment inside a node: (start, end) of ``%…`` up to the end of its line."""
    for child in _children(node):
        if isinstance(child, LatexCommentNode):
            yield child.pos, child.pos + 1 + len(child.comment)
        else:
            yield from _comments(child)


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.positions = TextPositions(text)
        self.items: list[Formula | Directive] = []

    def formula(self, node, start: int, end: int, display: bool, environment: str) -> None:
        """The body text[start:end] without its comments, placed at its first character."""
        cuts = sorted(c for c in _comments(node) if start <= c[0] < end)
        offsets: list[int] = []
        at = start
        for a, b in cuts + [(end, end)]:
            offsets.extend(range(at, max(a, at)))
            at = max(at, b)
        source = "".join(self.text[i] for i in offsets)
        lead = len(source) - len(source.lstrip())
        source = source.strip()
        if source:
            line, column = self.positions.position(offsets[lead])
            self.items.append(Formula(source, line, column, display, environment))

    def environment(self, node: LatexEnvironmentNode) -> None:
        name = node.environmentname
        begin = self.text.find("}", node.pos) + 1  # after \begin{name}, then after its arguments ({2} of alignat)
        for arg in (getattr(node.nodeargd, "argnlist", None) or ()):
            if arg is not None:
                begin = max(begin, arg.pos + arg.len)
        end = self.text.rfind("\\end", node.pos, node.pos + node.len)
        self.formula(node, begin, end if end >= begin else node.pos + node.len, name.rstrip("*") != "math", name)

    def math(self, node: LatexMathNode) -> None:
        opening, closing = node.delimiters
        start, end = node.pos + len(opening or ""), node.pos + node.len - len(closing or "")
        environment = _DELIMITER_NAMES.get(opening, opening or "$")
        self.formula(node, start, end, node.displaytype == "display", environment)

    def comment(self, node: LatexCommentNode) -> None:
        stripped = node.comment.lstrip()
        if not stripped.startswith("derivcheck:"):
            return
        body_start = node.pos + 1 + len(node.comment) - len(stripped) + len("derivcheck:")
        body = self.text[body_start:node.pos + 1 + len(node.comment)]
        self.items += directive_items(body, lambda offset: self.positions.position(body_start + offset))

    def walk(self, nodes) -> None:
        for node in nodes:
            if isinstance(node, LatexMathNode):
                self.math(node)
            elif isinstance(node, LatexEnvironmentNode):
                bare = node.environmentname.rstrip("*")
                if bare in MATH_ENVIRONMENTS:
                    self.environment(node)
                elif bare not in VERBATIM_ENVIRONMENTS:
                    self.walk(_children(node))
            elif isinstance(node, LatexCommentNode):
                self.comment(node)
            elif isinstance(node, LatexGroupNode):
                self.walk(_children(node))
            elif isinstance(node, LatexMacroNode) and node.macroname != "verb":
                self.walk(_children(node))


def read_latex(text: str) -> tuple[list[Formula | Directive], str | None]:
    """Formulas and directives in reading order, and the first LaTeX syntax problem if any.

    A syntax problem (an unclosed ``$``, a ``\\begin`` without ``\\end``) does not stop the reading:
    the walker reads on with its error recovery, and the problem says where to look.
    """
    text = re.sub(r"\r\n?", "\n", text)  # lines as an editor counts them
    positions = TextPositions(text)
    problem, nodes = None, None
    try:
        nodes, _, _ = LatexWalker(text, latex_context=_CONTEXT, tolerant_parsing=False).get_latex_nodes()
    except LatexWalkerParseError as exc:
        where = ""
        if getattr(exc, "pos", None) is not None:
            line, column = positions.position(exc.pos)
            where = f"line {line}, column {column}: "
        problem = f"{where}{exc.msg}"
    except (LatexWalkerError, RecursionError) as exc:
        problem = str(exc) or type(exc).__name__
    reader = _Reader(text)
    try:
        if nodes is None:
            nodes, _, _ = LatexWalker(text, latex_context=_CONTEXT, tolerant_parsing=True).get_latex_nodes()
        reader.walk(n for n in nodes if n is not None)
    except (LatexWalkerError, RecursionError) as exc:
        problem = problem or str(exc) or type(exc).__name__
    return reader.items, problem


def latex_items(text: str) -> list[Formula | Directive]:
    """Formulas and directives of a LaTeX text, in reading order."""
    return read_latex(text)[0]
