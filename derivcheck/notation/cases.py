r"""``\begin{cases} … \end{cases}`` in the vector reader: branches chosen by a condition, read as Σ value·[condition].

A condition is a relation between two indices (``k = y``, ``i \neq j``: Kronecker's δ) or between two scalar
values (``x_i > 0``, ``\mathbf{h}^a_j \geq 0``: a ``("test", a, rel, b, tok)`` node, 1 where the relation holds
and 0 elsewhere, the relation's own boundary included). Never misread: the branches must cover every case
exactly once, so two conditions must be a relation and its negation (``x > 0`` and ``x \le 0``, ``k = y`` and
``k \neq y``) or one condition and ``\text{otherwise}``; anything else (overlaps, gaps, three branches) is refused.
"""

from __future__ import annotations

from sympy import Integer

from .vector_lexer import Tok

__all__ = ["read_cases", "value_indicator", "RELATIONS_READ", "INDEX_RELATIONS"]

INDEX_RELATIONS = ("=", r"\neq", r"\ne")
RELATIONS_READ = ("=", "<", ">", r"\le", r"\leq", r"\ge", r"\geq", r"\neq", r"\ne")
_CANON = {"=": "=", r"\neq": "!=", r"\ne": "!=", ">": ">", "<": "<", r"\ge": ">=", r"\geq": ">=",
          r"\le": "<=", r"\leq": "<="}
_MIRROR = {"<": ">", "<=": ">="}
_WORDS = ("if", "for", "when", "where")


def read_cases(parser, tok: Tok):
    r"""The node of the ``\begin{cases}`` at hand (``parser.i`` on ``\begin``), up to its ``\end{cases}``."""
    parser.i += 8
    rows = []
    while True:
        value = parser.expr()
        if parser.at(",") and parser.peek(1).text == "&":  # "1, & \text{when } …"
            parser.take()
        parser.take("&")
        while parser.at(",", ";", r"\quad", r"\qquad", r"\text") and not _otherwise_ahead(parser):
            if parser.take().text == r"\text":  # \text{if }, \text{for }, \text{when }
                words = "".join(x.text for x in parser.raw_group())
                if words not in _WORDS:
                    parser.fail(f"a case's condition is a relation (k = y, x_i > 0), not \\text{{{words}}}", tok)
        if _otherwise_ahead(parser):
            parser.i += 3 + len("otherwise")
            rows.append((value, None))
        else:
            rows.append((value, _condition(parser)))
        while parser.at(",", ".", ";"):
            parser.take()
        separated = parser.at("\\\\")
        if separated:
            parser.take()
        if parser.at(r"\end"):
            parser.i += 8
            break
        if not separated:
            parser.fail(r"expected \\ or \end{cases}")
    return _cases_sum(parser, rows, tok)


def _otherwise_ahead(parser) -> bool:
    return parser.at(r"\text") and "".join(x.text for x in parser.toks[parser.i + 2:parser.i + 11]) == "otherwise"


def _condition(parser):
    """("index", a, rel, b) for ``k = y`` between two index tokens, ("value", a, rel, b, lhs, rhs) otherwise:
    a and b node trees, lhs and rhs their token texts (to compare two conditions as written)."""
    a, rel, b = parser.peek(), parser.peek(1), parser.peek(2)
    if rel.text in INDEX_RELATIONS and {a.kind, b.kind} <= {"letter", "num"} \
            and parser.peek(3).text in ("\\\\", r"\end", ",", ".", ";"):
        parser.i += 3
        return ("index", a, rel.text, b)
    return ("value", *_relation(parser))


def _relation(parser) -> tuple:
    """``a rel b`` between two values: (a, rel, b, a's token texts, b's token texts)."""
    start = parser.i
    lhs = parser.expr()
    middle = parser.i
    if parser.peek().text not in RELATIONS_READ:
        parser.fail(r"a condition here is one relation (k = y, x_i > 0, \mathbf{h}_j \geq 0)", parser.peek())
    rel = parser.take().text
    rhs = parser.expr()
    if parser.peek().text in RELATIONS_READ:
        parser.fail("one relation per condition (0 < x < 1 is two): split it, or write the condition in where",
                    parser.peek())
    texts = [t.text for t in parser.toks[start:parser.i]]
    return lhs, rel, rhs, tuple(texts[:middle - start]), tuple(texts[middle - start + 1:])


def value_indicator(parser, tok: Tok):
    r"""``\mathbf{1}_{x > 0}``, ``\mathbf{1}_{\{x > 0\}}``, ``\mathbb{1}[x_i > 0]``, ``\mathbb{I}\{x > 0\}`` (``parser.i``
    after the 1): 1 where the relation between two values holds, else 0 (a ``test`` node)."""
    if parser.at("_"):
        parser.take("_")
        if not parser.at("{"):
            parser.fail(r"write the indicator's condition in braces: \mathbf{1}_{x > 0}", tok)
        parser.take("{")
        closing = [r"\}", "}"] if parser.at(r"\{") else ["}"]
        if len(closing) == 2:
            parser.take(r"\{")
    else:
        closing = [{"[": "]", r"\{": r"\}", "(": ")"}[parser.take().text]]
    lhs, rel, rhs, _, _ = _relation(parser)
    for text in closing:
        parser.take(text)
    return ("test", lhs, rel, rhs, tok)


def _normal(cond) -> tuple:
    """(left text, relation, right text) with < and ≤ turned around (x < 0 is 0 > x)."""
    rel = _CANON[cond[2]]
    left, right = (cond[4], cond[5]) if cond[0] == "value" else ((cond[1].text,), (cond[3].text,))
    return (right, _MIRROR[rel], left) if rel in _MIRROR else (left, rel, right)


def _negations(cond) -> list:
    """Every way of writing the negation of ``cond`` (normalised)."""
    left, rel, right = _normal(cond)
    if rel in ("=", "!="):
        other = "!=" if rel == "=" else "="
        return [(left, other, right), (right, other, left)]
    return [(right, ">=" if rel == ">" else ">", left)]


def _cases_sum(parser, rows, tok: Tok):
    conds = [c for _, c in rows if c is not None]
    kinds = {c[0] for c in conds}
    complementary = len(rows) == 2 and len(conds) == 2 and len(kinds) == 1 and _normal(conds[1]) in _negations(conds[0])
    if not (complementary or (len(rows) == 2 and len(conds) == 1)):
        parser.fail("these cases may overlap or leave values out: write two branches, a relation and its negation "
                    r"(k = y and k \neq y, x > 0 and x \le 0), or one relation and \text{otherwise}", tok)
    total = None
    for value, cond in rows:
        indicator = _indicator(cond or conds[0], tok)
        if cond is None:
            indicator = ("add", ("num", Integer(1)), ("neg", indicator))
        term = ("mul", indicator, value)
        total = term if total is None else ("add", total, term)
    return total


def _indicator(cond, tok: Tok):
    """1 where ``cond`` holds, 0 elsewhere: δ (or 1 − δ) for indices, a ``test`` node for values."""
    if cond[0] == "value":
        return ("test", cond[1], cond[2], cond[3], tok)
    delta = ("delta", [cond[1], cond[3]], tok)
    return delta if cond[2] == "=" else ("add", ("num", Integer(1)), ("neg", delta))
