r"""``\sum_{k=1}^{m} o_{k \neq y}^s w_{kj}`` (seed 004): an entry whose subscript carries a relation on the sum's
index leaves those terms out -- the sum over k ≠ y -- when the entry is a factor of the summand (then
dropping the term and multiplying it by the indicator [k ≠ y] are the same). Anywhere else in the
summand (``o_{k \neq y} + w_k``: that term or the whole summand?) it is refused."""

from __future__ import annotations

from sympy import Integer

from ..core.errors import LatexParseError
from .tree import nodes
from .vector_lexer import Tok

__all__ = ["exclude_terms", "exclusion_notes", "stated_apart"]

_RELATIONS = ("=", r"\neq", r"\ne")


def _condition(node, var: str):
    """The relation ``var rel other`` a subscript carries, or None."""
    if not (isinstance(node, tuple) and node and node[0] == "sub"):
        return None
    toks = [t for t in node[2] if isinstance(t, Tok)]
    if len(toks) == 3 and toks[0].text == var and toks[1].text in _RELATIONS and toks[2].kind in ("letter", "num"):
        return toks
    return None


def _conditioned(node, var: str) -> list:
    """Every subscripted entry in ``node`` whose subscript is a relation on ``var``."""
    found = []
    if isinstance(node, list):
        for child in node:
            found += _conditioned(child, var)
    elif isinstance(node, tuple) and node and isinstance(node[0], str):
        if _condition(node, var):
            return [node]
        for child in node[1:]:
            found += _conditioned(child, var)
    return found


def _factors(node) -> list:
    """The direct factors of a product (through -, \\cdot, and a fraction's numerator)."""
    if isinstance(node, tuple) and node and node[0] in ("mul", "dot"):
        return _factors(node[1]) + _factors(node[2])
    if isinstance(node, tuple) and node and node[0] == "neg":
        return _factors(node[1])
    if isinstance(node, tuple) and node and node[0] == "div":
        return _factors(node[1]) + [node[2]]
    return [node]


def _replace(node, old, new):
    if node is old:
        return new
    if isinstance(node, list):
        return [_replace(c, old, new) for c in node]
    if isinstance(node, tuple) and node and isinstance(node[0], str):
        return (node[0],) + tuple(_replace(c, old, new) for c in node[1:])
    return node


def exclude_terms(body, var: str, where: str):
    """``body`` of a sum over ``var``, its conditioned entries made plain and the summand multiplied by
    the indicator of their relation; ``body`` itself when it has none."""
    entries = _conditioned(body, var)
    if not entries:
        return body
    relations = {tuple(t.text for t in _condition(e, var)) for e in entries}
    factors = _factors(body)
    if len(relations) > 1 or any(not any(e is f for f in factors) for e in entries):
        first = _condition(entries[0], var)
        raise LatexParseError(f"{where}, column {first[0].col}: a subscript {''.join(t.text for t in first)} leaves terms "
                              f"out of the sum over {var} only when it is on a factor of the summand: write "
                              f"\\sum_{{{var} \\neq …}} or the indicator [{var} \\neq …] times the summand")
    toks = _condition(entries[0], var)
    for e in entries:
        body = _replace(body, e, ("sub", e[1], [toks[0]]))
    delta = ("delta", [toks[0], toks[2]], toks[1])  # its token is the relation: exclusion_notes finds it
    indicator = delta if toks[1].text == "=" else ("add", ("num", Integer(1)), ("neg", delta))
    return ("mul", indicator, body)


def exclusion_notes(members) -> list[str]:
    """What the scope says of each sum whose terms a subscript's relation left out."""
    notes: list[str] = []
    for node in nodes(members):
        if node[0] == "delta" and isinstance(node[2], Tok) and node[2].text in _RELATIONS:
            a, b = node[1][0].text, node[1][1].text
            kept = "=" if node[2].text == "=" else "≠"
            text = f"a subscript {a} {kept} {b} in the sum over {a}: only the terms with {a} {kept} {b} are summed"
            notes.extend([text] if text not in notes else [])
        elif node[0] == "sub" and [getattr(t, "text", None) for t in node[2]][1:2] == ["="] and len(node[2]) == 3:
            a, b = node[2][0].text, node[2][2].text  # o_{k=y} outside a sum (interpret.index_values)
            text = f"a subscript {a} = {b} outside a sum over {a}: the entry at {b}"
            notes.extend([text] if text not in notes else [])
    return notes


def stated_apart(toks: list, env: dict, conditions: list) -> list:
    r"""``o_{k \neq y}`` outside a sum (seed 004's ``\frac{\partial o_y^a}{\partial o_{k \neq y}^a}``), k an index of its
    own and ``k \neq y`` stated in ``where``: the entry at k (where keeps k off y, and the scope says so). ``toks``
    unchanged otherwise, for the caller to refuse."""
    if len(toks) == 3 and toks[1].text in (r"\neq", r"\ne") and toks[0].text in env and any(
            rels in ([r"\neq"], [r"\ne"]) and {n[1] for n in members if isinstance(n, tuple) and n and n[0] == "var"}
            == {toks[0].text, toks[2].text} for members, rels, _ in conditions):
        return toks[:1]
    return toks
