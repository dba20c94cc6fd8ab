r"""Evaluation at a point: ``\left. \frac{d}{dx} x^2 \right|_{x=3}``, ``f'(x) \Big|_{x=0}``.

The bar is the one place in a formula where a subscript binds a variable to a value, so it is found
on the tokens before bars become absolute values: the evaluated part is marked ``EVAL_OPEN`` …
``EVAL_CLOSE`` and the grammar reads ``EVAL_OPEN expr EVAL_CLOSE _{x = a}`` as a substitution.
What the bar evaluates is never guessed: ``\left.`` opens it; without one it is the whole side of
the relation, and a side that is a sum of terms (``a + b|_{x=0}``: the last term or all of it?)
is refused, naming both readings.
"""

from __future__ import annotations

from lark import Token

from .statements import SemanticError

__all__ = ["mark_evaluations"]

_RELATIONS = {"EQ", "LT", "GT", "LE", "GE", "NE", "APPROX", "IFF", "AMP", "ROWSEP", "COMMA"}
_OPEN = {"LPAR", "LBRACK", "LBRACE"}
_CLOSE = {"RPAR", "RBRACK", "RBRACE"}


def _new(kind: str, like: Token) -> Token:
    return Token.new_borrow_pos(kind, "|" if kind == "EVAL_CLOSE" else ".", like)


def _binds(toks: list[Token], k: int) -> bool:
    """``_{x = …`` at ``k``: the subscript of an evaluation bar (a name, then =)."""
    kinds = [t.type for t in toks[k:k + 4]]
    return kinds[:2] == ["UNDERSCORE", "LBRACE"] and len(kinds) == 4 and kinds[2] in ("LETTER", "GREEK") and kinds[3] == "EQ"


def _side_start(out: list[Token], column: int) -> int:
    """Where the side of the relation that ends at the bar starts in ``out`` (after the last relation sign
    at depth 0); a sum of terms there is refused: which terms the bar evaluates is not written."""
    depth, k = 0, len(out)
    while k > 0:
        t = out[k - 1]
        if t.type in _CLOSE:
            depth += 1
        elif t.type in _OPEN:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and t.type in _RELATIONS:
            break
        k -= 1
    depth = 0
    for j in range(k, len(out)):  # a leading sign is not a sum: j > k
        t = out[j]
        depth += t.type in _OPEN
        depth -= t.type in _CLOSE
        if depth == 0 and j > k and t.type in ("PLUS", "MINUS") and out[j - 1].type not in ("CARET", "UNDERSCORE"):
            raise SemanticError(r"what does this bar evaluate: the last term or the whole side? Write "
                                r"\left. … \right|_{x=a} around it", column)
    return k


def mark_evaluations(toks: list[Token]) -> list[Token]:
    r"""``\left.`` … ``\right|_{x=a}`` and ``… \Big|_{x=a}`` as ``EVAL_OPEN`` … ``EVAL_CLOSE _{x=a}``; an unmatched
    ``\left.`` (closed by ``\right)`` or never) is the null delimiter it is in LaTeX and is dropped."""
    if not any(t.type == "BAR" for t in toks):
        return toks
    out: list[Token] = []
    lefts: list[Token | None] = []  # per \left: its EVAL_OPEN (a \left. ), else None
    dropped: set[int] = set()  # the EVAL_OPENs of \left. that turned out to be null delimiters
    plain_bars = 0  # | that are absolute values so far, in this side
    k = 0
    while k < len(toks):
        t = toks[k]
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        sized = t.type in ("LEFT", "RIGHT") and str(t) not in ("left", "right")  # \Big|, \bigg|
        if t.type == "LEFT" and str(t) == "left":
            if nxt is not None and nxt.type == "DOT":
                lefts.append(_new("EVAL_OPEN", t))
                out.append(lefts[-1])
                k += 2
                continue
            lefts.append(None)
        elif t.type == "RIGHT" and str(t) == "right":
            opened = lefts.pop() if lefts else None
            if nxt is not None and nxt.type == "BAR" and _binds(toks, k + 2):
                if opened is None:
                    out.insert(_side_start(out, t.column), _new("EVAL_OPEN", t))
                out.append(_new("EVAL_CLOSE", t))
                k += 2
                continue
            if opened is not None:  # \left. … \right): a null delimiter
                dropped.add(id(opened))
        elif (t.type == "BAR" or sized and nxt is not None and nxt.type == "BAR") and plain_bars % 2 == 0 \
                and _binds(toks, k + 1 + sized):  # | or \Big| at depth 0, then _{x = …}
            out.insert(_side_start(out, t.column), _new("EVAL_OPEN", t))
            out.append(_new("EVAL_CLOSE", t))
            k += 1 + sized
            continue
        elif t.type == "BAR":
            plain_bars += 1
        elif t.type in _RELATIONS:
            plain_bars = 0
        out.append(t)
        k += 1
    dropped.update(id(opened) for opened in lefts if opened is not None)
    return [t for t in out if id(t) not in dropped]
