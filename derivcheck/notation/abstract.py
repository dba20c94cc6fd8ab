r"""Abstract functions: ``f: \mathbb{R}^n \to \mathbb{R}`` in a vector claim's ``where`` says f is *any* smooth
function, and a claim about f must hold for every one. derivcheck cannot prove that; it checks the claim
numerically with f a random smooth function of a rich family,

    f(v) = C tanh(A v + b) + D v + e      (A, b, C, D, e drawn like any variable),

non-linear, unbounded and with an affine part, so a step that is wrong for some f is refuted with the f
that shows it, and a right one is CHECKED -- never PROVEN (``answers.vector`` asks for numbers only and
the scope says so).
"""

from __future__ import annotations

import re

from sympy import Integer

from ..core.errors import LatexParseError
from .letters import decorated_name
from .vector_lexer import Tok

__all__ = ["read_signature", "abstract_body", "abstract_note", "FAMILY"]

FAMILY = "C tanh(Av + b) + Dv + e"
_SIGNATURE = re.compile(r"^\s*(?P<name>\\?[A-Za-z]+|\\(?:mathbf|boldsymbol|bm)\s*\{\s*\\?[A-Za-z]+\s*\}"
                        r"|\\(?P<deco>hat|widehat|tilde|widetilde|bar|overline)\s*\{\s*(?P<base>\\?[A-Za-z]+)\s*\})\s*:\s*"
                        r"\\mathbb\s*\{\s*R\s*\}\s*(?:\^\s*(?P<din>\{[^{}]*\}|\w))?\s*\\(?:to|rightarrow)\b\s*"
                        r"\\mathbb\s*\{\s*R\s*\}\s*(?:\^\s*(?P<dout>\{[^{}]*\}|\w))?\s*$")


def read_signature(text: str, spec, what: str, size_of, taken) -> str | None:
    """``f: \\mathbb{R}^n \\to \\mathbb{R}^m`` as an abstract function in ``spec.abstract`` (name -> (argument
    shape, value shape)), with the parameters of its random stand-in declared (``f.A``, …); None when
    ``text`` is not a signature. ``size_of`` reads a size; ``taken`` are the names of built-in functions."""
    m = _SIGNATURE.match(text)
    if not m:
        return None
    name = decorated_name(m.group("deco"), m.group("base")) if m.group("deco") else \
        re.sub(r"\\(mathbf|boldsymbol|bm)\s*\{\s*|\s*\}|\\", "", m.group("name"))  # \hat{R}: "Rhat", as the reader names it
    if name is None:
        return None
    if name in taken or name in spec.shapes or name in spec.abstract:
        raise LatexParseError(f"{what}: {name} is already a function or a variable; give the abstract function "
                              f"another name")

    def dim(text):
        if text is None:
            return None
        if re.search(r"\\times", text):
            raise LatexParseError(f"{what}: an abstract function with matrix arguments or values is not read; "
                                  f"vectors (\\mathbb{{R}}^n) and scalars (\\mathbb{{R}}) are")
        return size_of(text.strip("{} "))

    n, m_out = dim(m.group("din")), dim(m.group("dout"))
    spec.abstract[name] = ((n, Integer(1)) if n is not None else (), (m_out, Integer(1)) if m_out is not None else ())
    k = n if n is not None else m_out  # the hidden width
    one = Integer(1)

    def shape(rows, cols):
        return () if k is None else (rows if rows is not None else one, cols if cols is not None else one)

    spec.shapes.update({f"{name}.A": shape(k, n), f"{name}.b": shape(k, one),
                        f"{name}.C": shape(m_out, k) if m_out is not None else shape(one, k),
                        f"{name}.D": shape(m_out, n) if m_out is not None else shape(one, n),
                        f"{name}.e": shape(m_out, one) if m_out is not None else ()})
    return name


def abstract_body(name: str, tok: Tok | None = None):
    """The stand-in's tree, with its argument the variable ``<name>.v`` (bound by the interpreter)."""
    def var(part):
        return ("var", f"{name}.{part}", tok)

    inner = ("add", ("mul", var("A"), var("v")), var("b"))
    hidden = ("call", "tanh", [inner], None, tok)
    return ("add", ("add", ("mul", var("C"), hidden), ("mul", var("D"), var("v"))), var("e"))


def abstract_note(spec) -> list[str]:
    """What the scope says of each abstract function."""
    def space(shape):
        return "ℝ" if shape == () else f"ℝ^{shape[0]}"

    return [f"{name}: any smooth function {space(a)} → {space(b)}, checked with random {name}(v) = {FAMILY}; numbers "
            f"only, not proven for every {name}" for name, (a, b) in spec.abstract.items()]
