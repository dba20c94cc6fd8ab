"""Which reader reads a claim: the vector reader when the claim uses vector or index notation, the
scalar reader otherwise. One decision, taken on the text, before either parses it."""

from __future__ import annotations

import re

__all__ = ["looks_vectorial"]

_VECTOR_HINT = re.compile(r"\\mathbf|\\boldsymbol|\\\||\\nabla|\\mathbb\{R\}\^|\\\{\s*1\s*,|\\top|\\intercal|\\odot"
                          r"|\\operatorname\{(softmax|tr|diag|onehot)\}|\\det|\\delta_|\\bm\{|\\begin\s*\{[bpBvV]?matrix\}|\\sum(?![A-Za-z])(?!\s*_)")


_SCALAR_SHAPE = re.compile(r"\\in\s*\\mathbb\s*\{\s*R\s*\}\s*$")
_INDICATOR = re.compile(r"\\mathbf\{1\}_\{[^{}]*(<|>|=|\\le|\\ge|\\neq|\\in)[^{}]*\}")  # 1_{x>0} is a number


_SUM_INDEX = re.compile(r"\\sum_\{?\s*([A-Za-z])\s*=")


def _indexed_sum(text: str) -> bool:
    """A sum whose index appears in a subscript (Σ_j o_j, Σ_j W_{j1}: the subscripted names are arrays) or in
    a tag (Σ_i y^{(i)}: one y per example, never one scalar named "y^(i)")."""
    rest = re.sub(r"\\(sum|prod)_(\{[^{}]*\}|[A-Za-z])", " ", text)  # the sums' own subscripts
    letters = set()
    for braced, single in re.findall(r"_(?:\{([^{}]*)\}|([A-Za-z]))", rest):
        letters |= set(re.sub(r"\\[A-Za-z]+", " ", braced or single))  # \alpha is not a, l, p, h, a
    for tag in re.findall(r"\^\s*\{?\s*(\([^(){}]*\)|\[[^\[\]{}]*\])", rest):
        letters |= set(re.sub(r"\\[A-Za-z]+", " ", tag))
    return any(v in letters for v in _SUM_INDEX.findall(text))


def looks_vectorial(texts, functions: dict) -> bool:
    """Does this claim use vector notation (so the vector reader reads it, not the scalar one)? A statement
    ending in ``\\in \\mathbb{R}`` claims a shape: a scalar's, read by the vector reader too."""
    return any(_VECTOR_HINT.search(_INDICATOR.sub("", t)) or _indexed_sum(t) for t in texts) \
        or bool(texts and _SCALAR_SHAPE.search(texts[0])) \
        or any(builtin == "softmax" and re.search(rf"(?<![\\A-Za-z]){re.escape(letter)}(?![A-Za-z])", t)
               for letter, builtin in functions.items() for t in texts)  # S = softmax, when S is written
