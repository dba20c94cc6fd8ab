r"""Indices a document leaves undeclared: in ``\frac{\partial L}{\partial z_k} = p_k - \delta_{ky}`` after
``\mathbf{z} \in \mathbb{R}^K``, k runs over z's entries, 1 to K.

A solution rarely declares its indices; the vector reader needs their ranges. An index is given
the range of the arrays it subscripts when every one of them has the same single size (declared,
``\mathbf{z} \in \mathbb{R}^K``, or defined from declared ones, ``\mathbf{p} = \text{softmax}(\mathbf{z})``);
arrays of different sizes, or none known, leave the index undeclared and the claim not read, with
the reader's message. The claim's note says what was inferred.
"""

from __future__ import annotations

import re

__all__ = ["array_sizes", "index_ranges", "sums_with_limits"]

_DECLARED = re.compile(r"^\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*(?P<bold>[A-Za-z])\s*\}|(?P<plain>[A-Za-z]))\s*"
                       r"(?:\\in|∈)\s*(?:\\mathbb\s*\{\s*R\s*\}|ℝ)\s*\^\s*(?P<size>\{\s*[A-Za-z0-9_{}]+\s*\}|[A-Za-z0-9])\s*$")
_DEFINED = re.compile(r"^\s*\\(?:mathbf|boldsymbol|bm)\s*\{\s*(?P<name>[A-Za-z])\s*\}\s*=(?P<body>.*)$", re.DOTALL)


def array_sizes(entries: list[str]) -> dict[str, str]:
    """Name → size of each vector the context declares (``z`` → ``K``), or defines from declared
    vectors of one size (``\\mathbf{p} = \\text{softmax}(\\mathbf{z})``: p → K)."""
    sizes: dict[str, str] = {}
    for text in entries:
        m = _DECLARED.match(text)
        if m:
            sizes[m.group("bold") or m.group("plain")] = m.group("size").strip("{} ")
            continue
        m = _DEFINED.match(text)
        if m:
            used = {sizes[b] for b in re.findall(r"\\(?:mathbf|boldsymbol|bm)\s*\{\s*([A-Za-z])\s*\}", m.group("body"))
                    if b in sizes}
            if len(used) == 1:
                sizes[m.group("name")] = used.pop()
    return sizes


def index_ranges(text: str, index: str, sizes: dict[str, str]) -> str | None:
    """The size every array ``index`` subscripts in ``text`` has, if they agree; else None."""
    found = set()
    pattern = r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*([A-Za-z])\s*\}|(?<![\\A-Za-z])([A-Za-z]))\s*_\s*(\{[^{}]*\}|[A-Za-z0-9])"
    for m in re.finditer(pattern, text):
        base, sub = m.group(1) or m.group(2), m.group(3).strip("{}")
        if re.search(r"(?<![\\A-Za-z])" + re.escape(index) + r"(?![A-Za-z])", sub):
            if base not in sizes:
                if base in ("delta", "mathbb") or base == "e":
                    continue
                return None  # an array of unknown size: no guess
            found.add(sizes[base])
    return found.pop() if len(found) == 1 else None


_BARE_SUM = re.compile(r"\\(sum|prod)\s*_\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))(?!\s*[=^])(?!\s*\{?\s*[A-Za-z]?\s*=)")


def sums_with_limits(text: str, sizes: dict[str, str]) -> tuple[str, list[str]]:
    """``\\sum_j e^{x_j}`` with x ∈ ℝ^n is ``\\sum_{j=1}^{n} e^{x_j}``: a sum without limits runs over the
    entries of the arrays its index subscripts, when they have one size; otherwise it is left as
    written (and the reader says it needs its range)."""
    notes = []

    def limits(m: re.Match) -> str:
        index = m.group(2) or m.group(3)
        rest = text[m.end():]
        if re.match(r"\s*\^", rest):
            return m.group(0)
        size = index_ranges(rest, index, sizes)
        if size is None:
            return m.group(0)
        notes.append(f"\\{m.group(1)}_{index} read as \\{m.group(1)}_{{{index}=1}}^{{{size}}} (the entries it runs over)")
        return f"\\{m.group(1)}_{{{index}=1}}^{{{size}}}"

    return _BARE_SUM.sub(limits, text), notes
