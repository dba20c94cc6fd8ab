r"""``W_k`` of a matrix beside a vector: row k or column k, decided by the one product that is defined.

Courses write W_k for row k (CS231n) or column k; alone, ``W_k`` is ambiguous and refused. Beside a
column vector, ``W_k \mathbf{h}`` is defined only for the row (a column times a column is not a
product), and ``\mathbf{a}^\top W_k`` only for the column: there the shapes leave one reading, and the
scope says which was read."""

from __future__ import annotations

from .tree import nodes
from .vector_lexer import Tok

__all__ = ["one_index", "as_slice", "matrix_beside", "slice_notes"]


def one_index(node) -> bool:
    """Is ``node`` a name with exactly one index token (``W_k``, ``W_2``)? Its shape decides the rest."""
    if not (isinstance(node, tuple) and node and node[0] == "sub" and node[1][0] == "var"):
        return False
    toks = [t for t in node[2] if isinstance(t, Tok)]
    return len(toks) == 1 and toks[0].kind in ("letter", "num") and len(toks[0].text) == 1


def as_slice(node, row: bool) -> tuple:
    """``W_k`` rewritten as ``W_{k,:}`` (row) or ``W_{:,k}`` (column), the node the slice reader takes."""
    tok = node[2][0]
    colon, comma = Tok("sym", ":", tok.col), Tok("sym", ",", tok.col)
    return ("sub", node[1], [tok, comma, colon] if row else [colon, comma, tok])


def matrix_beside(walk, node, other, env, left: bool):
    """The value of ``node`` (``W_k``) as the row (``left``: W_k v) or column (v^T W_k) that the neighbour
    ``other`` (a Val) makes the only defined product; None when the shapes do not decide."""
    if not one_index(node):
        return None
    whole = walk.ev(node[1], env)
    if whole.scalar or whole.fill or 1 in whole.shape or other.scalar or other.fill:
        return None
    if left and other.shape[1] == 1 and other.shape[0] != 1:
        return walk.ev(as_slice(node, row=True), env)
    if not left and other.shape[0] == 1 and other.shape[1] != 1:
        return walk.ev(as_slice(node, row=False), env)
    return None


def slice_notes(members, spec) -> list[str]:
    """What the scope says of each ``W_k`` read as a row or column (the pattern ``matrix_beside`` reads)."""
    notes: list[str] = []
    inner = set()  # 2 W_k h: the inner (2)(W_k) is part of the outer W_k h, not a column

    def say(node, row: bool):
        shape = spec.shapes.get(node[1][1], ())
        if len(shape) == 2 and 1 not in shape:
            name, k = node[1][1], node[2][0].text
            text = f"{name}_{k} read as {'row' if row else 'column'} {k} of {name}, the only reading whose product is defined"
            notes.extend([text] if text not in notes else [])

    for node in nodes(members):
        if node[0] not in ("mul", "dot"):
            continue
        if node[1][0] == "mul" and one_index(node[1][2]):
            inner.add(id(node[1]))
            say(node[1][2], row=True)
        elif one_index(node[1]):
            say(node[1], row=True)
        elif one_index(node[2]) and id(node) not in inner:
            say(node[2], row=False)
    return notes
