r"""Sums written without limits (``\sum_j e^{x_j}``, ``\sum_{i,j} W_{ij}``): the range of j is read off
what it indexes, never guessed.

j runs over 1..n when every declared array it subscripts has length n at that place (x ∈ ℝ^n in
``x_j``, and in ``\text{softmax}(\mathbf{x})_j`` or ``\sigma(\mathbf{x})_j``; the columns of W ∈ ℝ^{m×n} in
``W_{ij}``) and, if j is also a declared index, its range is n too. Arrays of different lengths, or nothing that
fixes the length, is an ERROR asking for the limits.
"""

from __future__ import annotations

from sympy import Integer, Symbol

from ..core.errors import LatexParseError

__all__ = ["bound_sums", "subscript_letters"]

_RESHAPING = frozenset({"diag", "onehot", "tr", "det"})  # functions whose value is not shaped like their argument


def bound_sums(node, spec, where: str, defined: dict | None = None):
    """``node`` (a member, or a list of them) with every limitless sum given its limits 1..n; ``defined``: the
    shapes of the names ``where`` defines (``c = \\text{onehot}_k(y)`` fixes Σ c_i's range too)."""
    if isinstance(node, list):
        return [bound_sums(child, spec, where, defined) for child in node]
    if not isinstance(node, tuple) or not node or not isinstance(node[0], str):
        return node
    node = tuple(bound_sums(child, spec, where, defined) if isinstance(child, (tuple, list)) else child for child in node)
    if node[0] == "sum" and node[2] is None:
        _, var, _, _, body, tok = node
        return ("sum", var, ("num", Integer(1)), _limit(var, body, spec, where, tok, defined or {}), body, tok)
    return node


def _limit(var: str, body, spec, where: str, tok, defined: dict):
    lengths: dict = {}
    if var in spec.indices:
        lengths[spec.indices[var]] = f"{var} is declared in 1..{spec.indices[var]}"
    for name, place in _subscripted(var, body):
        shape = spec.shapes.get(name, defined.get(name))
        if not shape:
            continue
        rows, cols = shape
        length = (cols if rows == 1 else rows) if place is None else shape[place]
        lengths.setdefault(length, f"{name} has length {length} there")
    if len(lengths) != 1:
        said = "; ".join(lengths.values()) if lengths else f"no declared vector or matrix is indexed by {var}"
        raise LatexParseError(f"{where}, column {tok.col}: \\sum_{var} has no limits and its range is not clear ({said}): "
                              f"write \\sum_{{{var}=1}}^{{n}}")
    [length] = lengths
    if isinstance(length, Integer):
        return ("num", length)
    if isinstance(length, Symbol) and length.name in spec.sizes:
        return ("var", length.name, tok)
    raise LatexParseError(f"{where}, column {tok.col}: \\sum_{var} runs to {length}: write its limits, \\sum_{{{var}=1}}^{{...}}")


def _subscripted(var: str, node):
    """(array name, place) for each ``name_{…var…}`` in ``node``: place 0 or 1 for two indices, None for one."""
    if isinstance(node, list):
        for child in node:
            yield from _subscripted(var, child)
        return
    if not isinstance(node, tuple) or not node or not isinstance(node[0], str):
        return
    if node[0] == "sum" and node[1] == var:
        return  # an inner sum over the same letter binds it anew
    base = node[1] if node[0] == "sub" and isinstance(node[1], tuple) else None
    if base is not None and base[0] == "call" and len(base[2]) == 1 and base[2][0][0] == "var" \
            and base[1] not in _RESHAPING and not base[1].startswith(("abstract:", "map:")):  # a map's shape is its letters'
        base = base[2][0]  # softmax(z)_i, σ(z)_i: entrywise or softmax, shaped like z
    if base is not None and base[0] == "var":
        idx = [t for t in node[2] if getattr(t, "text", ",") != ","]
        for place, t in enumerate(idx):
            if t.kind == "letter" and t.text == var:
                yield base[1], (place if len(idx) == 2 else None)
    for child in node[1:]:
        if isinstance(child, (tuple, list)):
            yield from _subscripted(var, child)


def subscript_letters(node) -> set:
    """The letters that subscript something in ``node`` and no sum inside it binds: a bare ``\\sum``'s index."""
    if isinstance(node, list):
        return set().union(*(subscript_letters(child) for child in node)) if node else set()
    if not isinstance(node, tuple) or not node or not isinstance(node[0], str):
        return set()
    if node[0] == "sum":
        return subscript_letters(node[4]) - {node[1]}
    found = {t.text for t in (node[2] if node[0] == "sub" else node[1] if node[0] == "delta" else [])
             if getattr(t, "kind", "") == "letter"}
    return found.union(*(subscript_letters(c) for c in node[1:] if isinstance(c, (tuple, list))))
