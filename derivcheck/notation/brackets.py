r"""Brackets a vector statement writes that are not a product's factors: the data a derivative is taken on,
``\frac{\partial J}{\partial z^{(3)}}(\{x_i, y_i\}_{i=1}^N)`` (seed 001), braces used as big brackets,
``\left\{ [W^T(\psi - \Delta)] \odot \dots \right\}``, and a label per example written with braces, ``y_{i}``.
Each reads the parser's tokens (``vector_reader.Parser``) and says how far it goes; the parser builds the node."""

from __future__ import annotations

from .vector_lexer import Tok

__all__ = ["bracketing_brace", "dataset_end", "label_tokens"]


def dataset_end(p, relations) -> int:
    r"""Where ``(\{x_i, y_i\}_{i=1}^N)`` ends, if the next tokens spell it: a set of names with an index's range,
    in parentheses, after a derivative (seed 001's "evaluated on the training set"); else 0."""
    toks, j = p.toks, p.i
    if j + 1 >= len(toks) or toks[j].text != "(" or toks[j + 1].text != r"\{":
        return 0
    k = j + 2
    while k < len(toks) and toks[k].text != r"\}":
        if toks[k].text not in (",", "_", "{", "}") and toks[k].kind not in ("letter", "num", "cmd") \
                or toks[k].text in relations or toks[k].text == r"\{":
            return 0
        k += 1
    if k + 1 >= len(toks) or toks[k + 1].text != "_":
        return 0
    sub, k = p.script_at(k + 2)
    if sub is None or "=" not in [t.text for t in sub]:
        return 0
    if k < len(toks) and toks[k].text == "^":
        top, k = p.script_at(k + 1)
        if top is None:
            return 0
    return k + 1 if k < len(toks) and toks[k].text == ")" else 0


def bracketing_brace(p, relations) -> bool:
    r"""``\{ … \}`` holding one expression (no comma, relation, bar or colon at its own level) is brackets: a set
    of one element is never written in a derivation, and a set needs a comma or a condition."""
    level, k = 0, p.i + 1
    while k < len(p.toks):
        t = p.toks[k].text
        if t in ("(", "[", "{", r"\{"):
            level += 1
        elif t in (")", "]", "}", r"\}"):
            if level == 0:
                return t == r"\}" and k > p.i + 1
            level -= 1
        elif level == 0 and (t in (",", ":", "|", r"\mid") or t in relations):
            return False
        k += 1
    return False


def label_tokens(p, toks: list) -> list:
    """A subscript's tokens with ``y_i``, ``y_{i}``, ``y_2`` as one ``label`` token where y is a label per example
    (``Parser.labels``; ``Interpreter.label_value`` reads it); a label of anything but one letter or number
    (``y_{i+1}``) is refused."""
    toks, out, k = list(toks), [], 0
    while k < len(toks):
        if toks[k].text in p.labels and toks[k].kind == "letter" and k + 2 < len(toks) and toks[k + 1].text == "_":
            inner, end = _group(toks, k + 2) if toks[k + 2].text == "{" else ([toks[k + 2]], k + 3)
            if inner is None or len(inner) != 1 or inner[0].kind not in ("letter", "num"):
                p.fail(f"{toks[k].text}_{{…}}: the label of an example is written {toks[k].text}_i, with one letter "
                       f"or number for the example", toks[k])
            out.append(Tok("label", f"{toks[k].text}_{inner[0].text}", toks[k].col))
            k = end
            continue
        out.append(toks[k])
        k += 1
    return out


def _group(toks: list, j: int):
    """The tokens of the brace group at ``j`` and the index after it (None if it never closes)."""
    level, out = 0, []
    for k in range(j, len(toks)):
        level += (toks[k].text == "{") - (toks[k].text == "}")
        if level == 0:
            return out, k + 1
        if k > j:
            out.append(toks[k])
    return None, j
