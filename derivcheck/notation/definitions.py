r"""Definitions in a scalar claim's ``where``: ``J(\theta) = \theta^2`` (a function of its parameters) and
``L = (\sigma(a) - y)^2`` (a name for an expression, ``bare``). Anything else is a condition."""

from __future__ import annotations

import re

from sympy import Basic, Symbol
from sympy.logic.boolalg import Boolean

from ..core.errors import LatexParseError
from .letters import GREEK
from .scalar_reader import parse_statement
from .statements import Definition
from .tokens import parse_error

__all__ = ["parse_definition"]


# a name, with a layer tag in parentheses or brackets (a^{[2]}, h^{(1)}: as the reader joins them), then =
_NAMED_EXPRESSION = re.compile(r"^\s*(\\?[A-Za-z]+|\\(?:text|mathrm|textrm)\s*\{\s*[LR]HS\s*\})(?:\s*_\s*\{\s*(?:\\(?:text|mathrm|textrm|mathit)\s*\{\s*)?(?P<sub>[A-Za-z]{2,})\s*\}?\s*\})?"
                               r"(?:\s*\^\s*(\{\s*[(\[][^{}]*[)\]]\s*\}|[(\[][^{}()\[\]]*[)\]]))?"
                               r"\s*=(?!=)([^=<>]*)$", re.S)
_DEFINITION = re.compile(r"^\s*(\\?[A-Za-z]+)\s*\(([^()]*)\)\s*=(?!=)(.*)$", re.S)
_PARAMETER = re.compile(r"^\\?[A-Za-z]+(\s*\^\s*(\{[^{}]*\}|[A-Za-z]))?$")


def parse_definition(text: str, *, claim: str = "", functions: dict[str, str] | None = None,
                     definitions: dict | None = None, what: str = "where", tagged=frozenset()) -> Definition | None:
    r"""``J(\theta) = \theta^2`` (a one-letter or Greek name applied to distinct one-letter or Greek
    parameters, then ``=`` and an expression) as a ``Definition``; None for anything else (a condition)."""
    m = _DEFINITION.match(text)
    if not m:
        return _expression_definition(text, claim=claim, functions=functions, definitions=definitions, what=what,
                                      tagged=tagged)
    name = m.group(1).lstrip("\\")
    params = [p.strip() for p in m.group(2).split(",")]
    if (len(name) > 1 and name not in GREEK) or name in ("sigma", "e", "pi") or name in (functions or {}):
        return None
    def spelled(p: str) -> str:  # as the reader spells a tagged parameter: o^a, w^(2)
        base, _, tag = p.partition("^")
        return base.strip().lstrip("\\") + (f"^{tag.strip().strip('{}').replace(' ', '')}" if tag else "")

    if not params or not all(_PARAMETER.match(p) and (len(spelled(p).split("^")[0]) == 1 or spelled(p).split("^")[0] in GREEK)
                             and ("^" not in p or spelled(p) in tagged or re.search(r"\^\s*\{\s*[(\[]", p)) for p in params):
        return None
    names = [spelled(p) for p in params]
    if len(set(names)) != len(names) or name in names:
        return None
    body = parse_statement(m.group(3), claim=claim, what=what, functions=functions, definitions=definitions,
                           declared=frozenset(names), tagged=frozenset(tagged))
    if not isinstance(body, Basic) or isinstance(body, Boolean):
        raise parse_error(claim, what, m.start(3) + 1, f"the definition of {name} must be an expression after '='")
    return Definition(name, tuple(Symbol(n, real=True) for n in names), body, text.strip())


def _expression_definition(text: str, *, claim, functions, definitions, what, tagged) -> Definition | None:
    r"""``L = (\sigma(a) - y)^2``, ``\ell = -\log p``: a one-letter or Greek name, ``=``, and an expression of
    other variables names that expression (a ``bare`` definition over its variables, in order of appearance);
    None when the right side is a number (a value) or mentions the name (an equation: a condition)."""
    m = _NAMED_EXPRESSION.match(text)
    if not m:
        return None
    name = m.group(1).lstrip("\\")
    side = re.search(r"[LR]HS", name) if "{" in name else None  # \text{LHS} = …: the left side's name
    name = side.group() if side else name
    if (len(name) > 1 and name not in GREEK and not side) or name in ("sigma", "e", "pi") or name in (functions or {}):
        return None
    if m.group("sub"):  # L_{CE}: a name of two letters or more in braces (never an index)
        name += "_" + m.group("sub")
    if m.group(3):  # spelled as tokens.join_tags spells it: a^[2]
        name += "^" + re.sub(r"\s+", "", m.group(3)).strip("{}")
    try:
        body = parse_statement(m.group(4), claim=claim, what=what, functions=functions, definitions=definitions,
                               tagged=frozenset(tagged))
    except LatexParseError:
        return None  # not an expression: the condition reader says what is wrong with it
    if not isinstance(body, Basic) or isinstance(body, Boolean) or not body.free_symbols \
            or name in {str(s) for s in body.free_symbols}:
        return None
    first = {str(s): m.group(4).find(str(s).split("^")[0]) for s in body.free_symbols}
    params = tuple(sorted(body.free_symbols, key=lambda s: (first[str(s)] < 0, first[str(s)], str(s))))
    return Definition(name, params, body, text.strip(), bare=True)
