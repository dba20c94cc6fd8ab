"""The tokens of a vector statement: commands, letters, numbers, symbols, with their columns. Bounded in
length; the juxtapositions a reader must refuse (``n_W2``) are refused before any token is made."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.errors import LatexParseError
from . import juxtaposition, tokens

__all__ = ["Tok", "lex", "MAX_LENGTH"]

MAX_LENGTH = 2000
_TOKEN = re.compile(r"\s+|(?P<side>\\(?:text|mathrm|textrm)\{\s*[LR]HS\s*\})|(?P<norm>\\\|)|(?P<cmd>\\[A-Za-z]+)|(?P<space>\\[,;:! ])|(?P<brace>\\[{}])|(?P<rowsep>\\\\)"
                    r"|(?P<num>\d+(?:\.\d+)?)|(?P<letter>[A-Za-z])|(?P<sym>\*\*|[-+=()\[\]{}^_,<>/'|.*&;:])")
_SYNONYMS = {r"\dfrac": ("cmd", r"\frac"), r"\tfrac": ("cmd", r"\frac"), r"\lVert": ("norm", r"\|"), r"\rVert": ("norm", r"\|"),
             r"\Vert": ("norm", r"\|"), r"\lvert": ("sym", "|"), r"\rvert": ("sym", "|"), r"\intercal": ("cmd", r"\top")}
_SKIP = {r"\left", r"\right", r"\big", r"\Big", r"\bigg", r"\Bigg", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\displaystyle"}


@dataclass(frozen=True)
class Tok:
    kind: str
    text: str
    col: int


def lex(text: str, where: str) -> list[Tok]:
    """The tokens of one formula (bounded length; juxtaposition refusals first)."""
    if len(text) > MAX_LENGTH:
        raise LatexParseError(f"{where}: longer than {MAX_LENGTH} characters")
    text = juxtaposition.checked(tokens.unwrap_scripts(tokens.ascii_latex(text)), where)  # \mathbf{z_1} is \mathbf{z}_1; n_W2 refused
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise LatexParseError(f"{where}, column {pos + 1}: unexpected character {text[pos]!r}")
        kind = m.lastgroup
        if kind and kind != "space" and not (kind == "cmd" and m.group() in _SKIP):
            tok = m.group()
            if kind == "brace":
                kind, tok = "sym", "\\" + tok[1]
            if kind == "side":  # \text{LHS}, \text{RHS}: names of the two sides, defined in where
                kind, tok = "letter", tok[tok.index("{") + 1:-1].strip()
            kind, tok = _SYNONYMS.get(tok, (kind, tok))  # \dfrac is \frac, \lVert is \|
            out.append(Tok(kind, tok, pos + 1))
        pos = m.end()
    return _tag_then_transpose(out)


_CLOSE = {"(": ")", "[": "]"}
# what may follow the tag's bracket inside the superscript: the transpose mark, written four ways
_TAILS = [(tail, mark) for mark in ("T", r"\top") for tail in ([mark, "}"], ["^", mark, "}"], ["^", "{", mark, "}", "}"])]


def _tag_then_transpose(toks: list[Tok]) -> list[Tok]:
    r"""``W^{(2)T}``, ``W^{(2)^T}``, ``W^{[l]\top}`` (seeds 000, 001): the tag, then the transpose, as ``W^{(2)}^{T}``.
    A parenthesised superscript is always a tag (``tag_ahead``), so what follows it in the group can only be the T."""
    out, k = [], 0
    while k < len(toks):
        t = [x.text for x in toks[k:k + 12]]
        if t[:3] in (["^", "{", "("], ["^", "{", "["]) and _CLOSE[t[2]] in t[3:]:
            close = k + t.index(_CLOSE[t[2]], 3)
            rest = [x.text for x in toks[close + 1:close + 6]]
            tail = next(((tail, mark) for tail, mark in _TAILS if rest[:len(tail)] == tail), None)
            if tail is not None:
                letter = toks[close + 1 + tail[0].index(tail[1])]
                out += toks[k:close + 1] + [Tok("sym", "}", letter.col), Tok("sym", "^", letter.col),
                                            Tok("sym", "{", letter.col), letter, Tok("sym", "}", letter.col)]
                k = close + 1 + len(tail[0])
                continue
        out.append(toks[k])
        k += 1
    return out
