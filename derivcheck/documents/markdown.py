"""Formulas of a Markdown document, read by markdown-it-py and the mdit-py-plugins math rules.

The parser decides what is math (code spans and blocks are not, ``\\$`` is not, currency is not);
its tokens give each block's lines but no columns, so each formula is then found again in the text,
in order, inside its block's lines: repeated formulas get their own places.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.texmath.index import make_block_func, make_inline_func
from mdit_py_plugins.texmath.index import rules as texmath_rules

from .formulas import Directive, Formula, TextPositions, directive_items

# \[ … \] inside a paragraph (texmath's brackets rules take \[ only at the start of a block): display math
_BRACKET_INLINE = {"name": "math_inline_bracket", "rex": re.compile(r"^\\\[(.+?)\\\]", re.DOTALL),
                   "tmpl": "<eqn>{0}</eqn>", "tag": "\\["}
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_DIRECTIVE = re.compile(r"<!--[\s>]*derivcheck:")
# markup → (opening delimiter as a pattern, closing delimiter, display); an opening delimiter
# follows an even number of backslashes: \$ is a dollar sign, \\$ a backslash then math
_UNESCAPED = r"(?<!\\)(?:\\\\)*"
_DELIMITERS = {"$": (_UNESCAPED + r"\$", "$", False), "$$": (_UNESCAPED + r"\$\$", "$$", True),
               "\\(": (_UNESCAPED + r"\\\(", "\\)", False), "\\[": (_UNESCAPED + r"\\\[", "\\]", True)}
_MATH_TYPES = {"math_inline", "math_inline_double", "math_block", "math_block_label", "math_block_eqno",
               "math_inline_bracket"}
_BEGIN = re.compile(r"\\begin\{([^}]*)\}")


def _with_map(rule):
    """texmath's block rule, also recording the block's lines (it leaves ``token.map`` empty)."""
    parse = make_block_func(rule)

    def block(state, start_line: int, end_line: int, silent: bool) -> bool:
        count = len(state.tokens)
        found = parse(state, start_line, end_line, silent)
        if found and not silent and len(state.tokens) > count:
            state.tokens[-1].map = [start_line, state.line]
        return found

    return block


def parser() -> MarkdownIt:
    """CommonMark with tables, $/$$ (dollarmath), amsmath environments, \\( \\) and \\[ \\].

    dollarmath keeps its defaults (so ``allow_digits``: "costs $5 and $10" reads ``5 and`` as math)
    except ``double_inline``, so that ``$$…$$`` inside a paragraph is display math, not an empty
    ``$$`` followed by ``$…$``.
    """
    md = MarkdownIt("commonmark").enable("table")
    md.use(dollarmath_plugin, double_inline=True)
    md.use(amsmath_plugin)
    brackets = texmath_rules["brackets"]
    md.inline.ruler.before("escape", "math_inline_paren", make_inline_func(brackets["inline"][0]))
    md.inline.ruler.before("escape", "math_inline_bracket", make_inline_func(_BRACKET_INLINE))
    for rule in brackets["block"]:
        md.block.ruler.before("fence", rule["name"] + "_bracket", _with_map(rule))
    return md


_PARSER = parser()


def _loose(line: str) -> str:
    """A pattern for a formula's line as written: a table cell's ``\\|`` reaches the plugin as ``|``."""
    return "".join(r"\\?\|" if c == "|" else re.escape(c) for c in line)


class _Locator:
    """Finds each formula again in the text, moving forward only."""

    def __init__(self, text: str, cell: int | None):
        self.text, self.cell = text, cell
        self.positions = TextPositions(text)
        self.cursor, self.end = 0, len(text)

    def block(self, lines: list[int]) -> None:
        self.cursor = max(self.cursor, self.positions.line_start(lines[0]))
        self.end = max(self.positions.line_start(lines[1]), self.cursor)

    def formula(self, opener: str, closer: str, content: str, display: bool, environment: str) -> Formula | None:
        source = content.strip()
        if not source:
            return None
        lines = source.split("\n")
        pattern = re.compile(opener + r"[\s>]*?(" + _loose(lines[0]) + ")")
        found = pattern.search(self.text, self.cursor, self.end) or pattern.search(self.text, self.cursor)
        if found is None:  # not expected: place it where its block starts
            line, column = self.positions.position(self.cursor)
            return Formula(source, line, column, display, environment, self.cell)
        start, cursor = found.start(1), found.end(1)
        for rest in lines[1:]:
            rest = rest.strip()
            at = self.text.find(rest, cursor) if rest else -1
            if at >= 0:
                cursor = at + len(rest)
        close = self.text.find(closer, cursor)
        self.cursor = close + len(closer) if close >= 0 else cursor
        line, column = self.positions.position(start)
        written = found.group(1) + source[len(lines[0]):]
        return Formula(written, line, column, display, environment, self.cell)

    def directives(self, html: str) -> list[Directive]:
        out: list[Directive] = []
        for comment in _COMMENT.finditer(html):
            if not comment.group(1).strip().startswith("derivcheck:"):
                continue
            found = _DIRECTIVE.search(self.text, self.cursor)
            if found is None:
                continue
            close = self.text.find("-->", found.end())
            close = close if close >= 0 else len(self.text)
            body_start = found.end()
            out += directive_items(self.text[body_start:close],
                                   lambda offset: self.positions.position(body_start + offset), self.cell,
                                   quoted=True)
            self.cursor = close + 3
        return out


def _inline(locator: _Locator, tokens) -> list[Formula | Directive]:
    out: list[Formula | Directive] = []
    for token in tokens:
        if token.type in _MATH_TYPES:
            opener, closer, display = _DELIMITERS[token.markup]
            out.append(locator.formula(opener, closer, token.content, display, token.markup))
        elif token.type == "html_inline":
            out += locator.directives(token.content)
        elif token.children:
            out += _inline(locator, token.children)
    return out


def markdown_items(text: str, cell: int | None = None) -> list[Formula | Directive]:
    """Formulas and directives of a Markdown text, in reading order (`cell`: a notebook's cell number)."""
    text = re.sub(r"\r\n?", "\n", text).replace("\0", "\ufffd")  # as markdown-it normalises it
    locator = _Locator(text, cell)
    out: list[Formula | Directive | None] = []
    for token in _PARSER.parse(text):
        if token.map:
            locator.block(token.map)
        if token.type == "inline":
            out += _inline(locator, token.children or [])
        elif token.type in _MATH_TYPES:
            opener, closer, display = _DELIMITERS[token.markup]
            out.append(locator.formula(opener, closer, token.content, display, token.markup))
        elif token.type == "amsmath":
            begin = _BEGIN.match(token.content)
            environment = begin.group(1)
            body = token.content[begin.end():token.content.rfind("\\end{")]
            if environment.startswith("alignat"):  # its column count is an argument, not math
                body = re.sub(r"^\s*\{[^}]*\}", "", body)
            out.append(locator.formula(re.escape(begin.group(0)), f"\\end{{{environment}}}", body, True,
                                       environment))
        elif token.type == "fence" and token.info.strip().split(" ")[0] == "math":
            fence = re.escape(token.markup) + r"[ \t]*math\b[^\n]*\n"
            out.append(locator.formula(fence, token.markup, token.content, True, "math"))
        elif token.type == "html_block":
            out += locator.directives(token.content)
    return [item for item in out if item is not None]
