r"""Indices a document leaves undeclared: in ``\frac{\partial L}{\partial z_k} = p_k - \delta_{ky}`` after
``\mathbf{z} \in \mathbb{R}^K``, k runs over z's entries, 1 to K.

A solution rarely declares its indices; the vector reader needs their ranges. An index is given
the size of the dimension it runs along in every array it subscripts when these agree: declared
(``\mathbf{z} \in \mathbb{R}^K``, ``W^{(2)} \in \mathbb{R}^{m \times d_h}``: the k of ``W^{(2)}_{kj}`` runs over m), or
defined (``\mathbf{o}^a = W^{(2)}\mathbf{h}^s + \mathbf{b}^{(2)}``: the shapes the vector reader gives the definitions);
sizes that differ, an array of unknown shape, a subscript it cannot split or a transpose leave the
index undeclared and the claim not read, with the reader's message. The claim's note says what was inferred.
"""

from __future__ import annotations

import re

from ..answers.vector import read_context
from ..core.errors import DerivcheckError
from ..notation.any_size import scripted_names
from ..notation.maps import map_shape

__all__ = ["array_shapes", "array_sizes", "index_ranges", "sums_with_limits"]

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


def array_shapes(where: list[str], functions: dict | None = None) -> dict[str, tuple[str, ...]]:
    """Name → the sizes of each array the context declares or defines, as the vector reader reads them
    (``W^(2)`` → (m, d_h), ``o^a`` = W h + b → (m,)), with the vectors ``array_sizes`` finds besides."""
    shapes = {name: (size,) for name, size in array_sizes(where).items()}
    try:
        spec, defined, _ = read_context(where, dict(functions or {}), "where")
        read = {**spec.shapes, **defined}
    except DerivcheckError:
        return shapes
    for name, shape in read.items():
        if len(shape) == 2 and shape[1] == 1:
            shape = shape[:1]
        shapes.setdefault(name, tuple(str(d) for d in shape))
    for fname, fn in spec.maps.items():  # S(x)_i with S(x)_i = … and x ∈ ℝ^n: i runs over S(x)'s n entries
        for name, shape in read.items():
            if fn is None or len(fn.params) != 1 or not shape:
                continue
            try:
                _, out = map_shape(spec, fname, {fn.params[0]: shape})
            except DerivcheckError:
                continue
            shapes.setdefault(f"{fname}({name})", tuple(str(d) for d in (out[:1] if out[1] == 1 else out)))
    return shapes


_APPLIED = re.compile(r"(?<![A-Za-z\\])(?P<fn>\\?[A-Za-z]+)\s*\(\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*(?P<bold>[A-Za-z])\s*\}"
                      r"|(?P<plain>[A-Za-z]))\s*\)\s*_\s*(?P<sub>\{[^{}]*\}|[A-Za-z0-9])")


def index_ranges(text: str, index: str, shapes: dict[str, tuple[str, ...]]) -> str | None:
    """The size of every dimension ``index`` runs along in ``text`` (``\\mathbf{W}_{kj}^{(2)}`` with W^(2) ∈ ℝ^{m×d_h}:
    k runs over m; ``S(\\mathbf{x})_i`` with S a map of the context: i runs over S(x)'s entries), if they agree; else
    None (an array of unknown shape, a subscript it cannot split, a transpose)."""
    found = set()
    for m in _APPLIED.finditer(text):
        sub = re.sub(r"\s+", "", m.group("sub").strip("{}"))
        if index not in re.findall(r"\\[A-Za-z]+|[A-Za-z]", sub):
            continue
        key = f"{m.group('fn').lstrip(chr(92))}({m.group('bold') or m.group('plain')})"
        parts = sub.split(",") if "," in sub else list(sub)
        if key not in shapes:
            continue  # \text{softmax}(x)_i, a built-in: what x_i says, as before maps
        if len(parts) != len(shapes[key]) or not all(re.fullmatch(r"[A-Za-z0-9]", p) for p in parts):
            return None
        found.update(shapes[key][k] for k, p in enumerate(parts) if p == index)
    for base, subs, tags in scripted_names(text):
        if len(subs) != 1 or len(tags) > 1:
            continue
        sub = subs[0]
        if index not in re.findall(r"\\[A-Za-z]+|[A-Za-z]", sub):  # W_{kj}: k and j, each one letter
            continue
        name = base + (f"^{tags[0]}" if tags else "")
        if name not in shapes and base == "e":
            continue  # e_k: a unit vector, or e's own subscript
        if name not in shapes and tags and re.fullmatch(r"[A-Za-z0-9]", tags[0]) and base in shapes:
            name, tags = base, []  # x_i^2: a power of an entry of x (were it a tag, the reader refuses it)
        if tags and re.search(r"T|\\top", tags[0]) or name not in shapes:
            return None  # a transpose, or an array of unknown size: no guess
        parts = sub.split(",") if "," in sub else list(sub)
        if not all(re.fullmatch(r"[A-Za-z0-9]", p) for p in parts) or len(parts) != len(shapes[name]):
            return None
        found.update(shapes[name][k] for k, p in enumerate(parts) if p == index)
    return found.pop() if len(found) == 1 else None


_BARE_SUM = re.compile(r"\\(sum|prod)\s*_\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))(?!\s*[=^])(?!\s*\{?\s*[A-Za-z]?\s*=)")


def sums_with_limits(text: str, shapes: dict[str, tuple[str, ...]]) -> tuple[str, list[str]]:
    """``\\sum_j e^{x_j}`` with x ∈ ℝ^n is ``\\sum_{j=1}^{n} e^{x_j}``: a sum without limits runs over the
    entries of the arrays its index subscripts, when they have one size; otherwise it is left as
    written (and the reader says it needs its range)."""
    notes = []

    def limits(m: re.Match) -> str:
        index = m.group(2) or m.group(3)
        rest = text[m.end():]
        if re.match(r"\s*\^", rest):
            return m.group(0)
        size = index_ranges(rest, index, shapes)
        if size is None:
            return m.group(0)
        notes.append(f"\\{m.group(1)}_{index} read as \\{m.group(1)}_{{{index}=1}}^{{{size}}} (the entries it runs over)")
        return f"\\{m.group(1)}_{{{index}=1}}^{{{size}}}"

    return _BARE_SUM.sub(limits, text), notes
