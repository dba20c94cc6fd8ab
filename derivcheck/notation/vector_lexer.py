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
    return out
