r"""Training examples as CS229 writes them: ``x^{(i)} \in \mathbb{R}^n`` in ``where`` declares one vector per
example, and inside ``\sum_{i=1}^{m}`` (or with i a declared index) ``x^{(i)}`` is example i -- row i of an
m×n matrix, ``x^{(i)}_j`` its entry (i, j); ``y^{(i)} \in \mathbb{R}`` makes entry i of a vector in ℝ^m. Bishop's
``\boldsymbol{\phi}_n \in \mathbb{R}^M``, ``t_n \in \mathbb{R}`` (a letter subscript) are families the same way; a
subscript that is no sum's nor declared index (``\mathbf{W}_h``, ``\mathbf{b}_2``) stays part of one name.

The number of examples is the range of i: the sum's upper limit (from 1), the same wherever the family
is used. A family used both inside such a sum and outside one (``\sum_i x^{(i)} = m x^{(i)}``: which
example?) is refused; used only outside, ``x^{(i)}`` stays one vector, as declared.
"""

from __future__ import annotations

import re

from sympy import Integer

from ..core.errors import LatexParseError
from .vector_lexer import Tok
from .vector_where import VectorSpec, size_expr

__all__ = ["bind_families", "family_notes"]

_FAMILY = re.compile(r"^(?P<base>.+)\^\((?P<index>[A-Za-z])\)$|^(?P<base_>[^_^]+)_(?P<index_>[A-Za-z])$")


def bind_families(members, spec: VectorSpec, where: str):
    """``members`` with every example ``x^{(i)}`` of a bound i rewritten as row i (entry i) of the family's
    array; ``spec`` records the family (``spec.families``: name -> (one example's shape, count)) and
    gives the name the array's shape."""
    def count_of(var: str, bound: dict, name: str):
        if var in bound:
            lo, hi, tok = bound[var]
            if not (lo[0] == "num" and lo[1] == 1):
                raise LatexParseError(f"{where}, column {tok.col}: {name} in a sum that does not start at 1: examples "
                                      f"are numbered from 1 (write \\sum_{{{var}=1}}^{{m}})")
            if hi[0] == "num" and hi[1].is_Integer and hi[1] > 0:
                return Integer(hi[1])
            if hi[0] == "var":
                return size_expr(hi[1], spec, where)
            raise LatexParseError(f"{where}, column {tok.col}: the sum over the examples of {name} must run to a size "
                                  f"(a letter or a number)")
        return spec.indices[var]

    def member(name: str, bound: dict):
        m = _FAMILY.match(name)
        if not m or (name not in spec.shapes and name not in spec.families):
            return None
        var, (one, count) = m.group("index") or m.group("index_"), spec.families.get(name, (spec.shapes.get(name), None))
        inside = var in bound or var in spec.indices
        if name in spec.families and inside != (count is not None):
            raise LatexParseError(f"{where}: {name} is used outside a sum over {var} as well as inside one: which "
                                  f"example? Write the sum, or declare {var} as an index")
        if not inside:  # one vector, as declared (a claim about one example)
            spec.families[name] = (one, None)
            return None
        if one != () and one[1] != 1:
            raise LatexParseError(f"{where}: {name} is a matrix per example; only vectors and scalars per example "
                                  f"are read (x^{{(i)}} \\in \\mathbb{{R}}^n)")
        count = count_of(var, bound, name)
        if spec.families.setdefault(name, (one, count))[1] != count:
            raise LatexParseError(f"{where}: {name} is summed over {spec.families[name][1]} examples in one place and "
                                  f"{count} in another: use one number of examples")
        spec.shapes[name] = (count, one[0]) if one != () else (count, Integer(1))
        return var, one

    def rewrite(node, bound: dict):
        if isinstance(node, list):
            return [rewrite(child, bound) for child in node]
        if not isinstance(node, tuple) or not node or not isinstance(node[0], str):
            return node
        if node[0] == "sum" and node[2] is not None:
            _, var, lo, hi, body, tok = node
            return ("sum", var, lo, hi, rewrite(body, {**bound, var: (lo, hi, tok)}), tok)
        target = node[1] if node[0] == "sub" else node
        if target[0] == "var" and isinstance(target[1], str):
            found = member(target[1], bound)
            if found is not None:
                var, one = found
                tok = target[2] if isinstance(target[2], Tok) else Tok("letter", var, 0)
                index, comma = Tok("letter", var, tok.col), Tok("sym", ",", tok.col)
                if node[0] == "var":
                    return ("T", ("sub", target, [index, comma, Tok("sym", ":", tok.col)])) if one != () \
                        else ("sub", target, [index])
                written = [t for t in node[2] if t.text != ","]
                if one == () or len(written) != 1:
                    raise LatexParseError(f"{where}: {target[1]} takes one index per example (x^{{(i)}}_j)")
                return ("sub", target, [index, comma, written[0]])
        return tuple(rewrite(child, bound) if isinstance(child, (tuple, list)) else child for child in node)

    return rewrite(members, {})


def family_notes(spec: VectorSpec) -> list[str]:
    """How each family was read, for the scope (``x^(i): example i of m``)."""
    out = []
    for name, (one, count) in spec.families.items():
        if count is not None:
            what = "a scalar" if one == () else f"a vector in ℝ^{one[0]}"
            m = _FAMILY.match(name)
            out.append(f"{name} read as example {m.group('index') or m.group('index_')} of {count}, {what} each")
    return out
