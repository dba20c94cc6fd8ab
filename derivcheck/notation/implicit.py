"""Names a vector statement uses without declaring them: an index in the subscript makes an array
(``o_j`` in Σ_j e^{o_j} is an entry of o ∈ ℝ^m, never a scalar named "o_j"), and the rest are scalars
only by default — so a shape mismatch that rests on them is not a refutation."""

from __future__ import annotations

from sympy import Integer

from ..core.errors import LatexParseError
from .vector_where import VectorSpec, size_expr

__all__ = ["infer_arrays", "undeclared_names"]


def infer_arrays(members: list, spec: VectorSpec, where: str) -> list[str]:
    r"""Undeclared names subscripted by an index (``o_j`` inside \sum_{j=1}^{m}, ``o_k`` with k a
    declared index) are arrays, never scalars named "o_j": add their shapes to ``spec`` and say so.

    The length is the index's range (the sum's upper limit, or the declared index's). A name whose
    subscripts mix indices and other things, or whose indices run over different sizes, is refused.
    """
    found: dict[str, tuple] = {}

    def size_of(node):
        if node[0] == "num" and node[1].is_Integer and node[1] > 0:
            return Integer(node[1])
        if node[0] == "var":
            return size_expr(node[1], spec, where)
        if node[0] == "sub" and node[1][0] == "var":  # n_{\theta}, d_{h}: a size with a subscript
            return size_expr(node[1][1] + "_" + "".join(t.text for t in node[2]), spec, where)
        raise LatexParseError(f"{where}: the sum's upper limit must be a size (a letter or a number) for its index "
                              f"to give a length")

    def visit(node, bound: dict):
        if not isinstance(node, tuple) or not node or not isinstance(node[0], str):
            if isinstance(node, list):
                for child in node:
                    visit(child, bound)
            return
        if node[0] == "sum":
            _, var, lo, hi, body, _tok = node
            visit(lo, bound)
            visit(hi, bound)
            visit(body, {**bound, var: hi})
            return
        if node[0] == "sub" and node[1][0] == "var":
            name = node[1][1]
            if name in spec.maps and name not in bound:  # S_y with S(x)_i = … in where: never a vector of its own
                raise LatexParseError(f"{where}, column {node[2][0].col if node[2] else 1}: {name} is a function "
                                      f"({spec.maps[name].what}): apply it, {name}(…)_{{…}}")
            if name not in spec.shapes and name not in spec.indices and name not in spec.sizes \
                    and name not in spec.values and name not in bound and name != "I":
                letters = [t for t in node[2] if t.kind == "letter"]
                indices = [t for t in letters if t.text in bound or t.text in spec.indices]
                if indices:
                    if len(indices) != len([t for t in node[2] if t.text != ","]) or len(indices) > 2:
                        raise LatexParseError(f"{where}, column {node[2][0].col}: {name} is not declared and its subscript "
                                              f"mixes indices with other symbols: declare it in where "
                                              f"(e.g. \\mathbf{{{name}}} \\in \\mathbb{{R}}^n)")
                    dims = tuple(size_of(bound[t.text]) if t.text in bound else spec.indices[t.text] for t in indices)
                    shape = (dims[0], Integer(1)) if len(dims) == 1 else dims
                    if found.setdefault(name, shape) != shape:
                        raise LatexParseError(f"{where}: {name} is not declared and its indices run over different "
                                              f"ranges ({found[name]} and {shape}): declare it in where")
        for child in node[1:]:
            if isinstance(child, (tuple, list)):
                visit(child, bound)

    for member in members:
        visit(member, {})
    notes = []
    for name, shape in found.items():
        spec.shapes[name] = shape
        space = f"ℝ^{shape[0]}" if shape[1] == 1 else f"ℝ^({shape[0]}×{shape[1]})"
        notes.append(f"{name} read as {'a vector' if shape[1] == 1 else 'a matrix'} in {space} (indexed, not declared)")
    return notes


def undeclared_names(members: list, spec: VectorSpec) -> list[str]:
    """Names a statement uses that the ``where`` does not declare (read as scalars by default), sum
    indices and e, π, I aside: a shape mismatch that rests on them is not a refutation."""
    found: list[str] = []

    def visit(node, bound: frozenset):
        if isinstance(node, list):
            for child in node:
                visit(child, bound)
            return
        if not isinstance(node, tuple) or not node or not isinstance(node[0], str):
            return
        if node[0] == "sum":
            visit(node[2], bound), visit(node[3], bound), visit(node[4], bound | {node[1]})
            return
        if node[0] == "var":
            name = node[1]
            if name not in spec.names() and name not in bound and name not in ("e", "pi", "I") and name not in found:
                found.append(name)
            return
        for child in node[1:]:
            if isinstance(child, (tuple, list)):
                visit(child, bound)

    for member in members:
        visit(member, frozenset())
    return found

