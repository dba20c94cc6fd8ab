"""The declared indices a claim leaves free: the ones no sum binds, which every backend must give a value
(``i`` in ``\\delta_{ij} - s_i s_j``), found through the definitions a claim uses (``L = -\\log o^s_y``); and
the names nothing declares (``undeclared_name``)."""

from __future__ import annotations

from sympy import S

from .tree import nodes
from .vector_lexer import Tok
from .vector_where import VectorSpec

__all__ = ["free_indices", "index_groups", "index_overrun", "undeclared_name", "var_names"]


def index_groups(toks) -> list[list[Tok]]:
    """The indices a subscript names, each as its tokens: ``{ij}`` and ``{i, j}`` are i and j; a sign joins the
    tokens around it into one index (``x_{k+1}``, ``x_{i+p}``, ``o_{k-1}``)."""
    groups: list[list[Tok]] = []
    joined = False
    for tok in toks:
        if not isinstance(tok, Tok) or tok.text == ",":
            joined = False
            continue
        if tok.text in ("+", "-"):
            if groups:
                groups[-1].append(tok)
            else:
                groups.append([tok])
            joined = True
            continue
        if joined:
            groups[-1].append(tok)
        else:
            groups.append([tok])
        joined = False
    return groups


def index_offset(group: list[Tok]) -> tuple[str | None, int] | None:
    """``k + 1`` → ("k", 1), ``k`` → ("k", 0), ``2`` → (None, 2): one letter plus whole numbers; None otherwise."""
    letters = [t for t in group if t.kind == "letter"]
    if len(letters) > 1 or (letters and group.index(letters[0]) > 0 and group[group.index(letters[0]) - 1].text == "-"):
        return None
    offset, sign = 0, 1
    for tok in group:
        if tok.text in ("+", "-"):
            sign = 1 if tok.text == "+" else -1
        elif tok.kind == "num" and tok.text.isdigit():
            offset, sign = offset + sign * int(tok.text), 1
        elif tok.kind != "letter":
            return None
    return (letters[0].text if letters else None), offset


def free_indices(members, spec: VectorSpec) -> list[str]:
    """The declared indices a claim leaves free (not bound by a sum), in order of appearance."""
    return _indices_and_labels(members, spec)[0]


def labels_used(members, spec: VectorSpec) -> list[str]:
    """The labels per example (y of y_i ∈ {1, …, K}) a claim reads, through its definitions and maps."""
    return _indices_and_labels(members, spec)[1]


def concrete_indices(members, spec: VectorSpec, sizes: dict) -> tuple[list[str], list[int]]:
    """The index values a claim is checked for at these sizes, with their ranges: its free indices, and one per
    example for each label per example it reads (y[1], …, y[N], each in 1..K)."""
    names, labels = _indices_and_labels(members, spec)
    ranges = [int(S(spec.indices[n]).xreplace(sizes)) for n in names]
    for base in labels:
        letter, hi = spec.labels[base]
        for k in range(1, int(S(spec.indices[letter]).xreplace(sizes)) + 1):
            names.append(f"{base}[{k}]")
            ranges.append(int(S(hi).xreplace(sizes)))
    return names, ranges


def _indices_and_labels(members, spec: VectorSpec) -> tuple[list[str], list[str]]:
    seen: list[str] = []
    labels: list[str] = []
    expanded: set = set()

    def visit(tree, bound):
        for node, inner in scoped(tree, bound):
            toks = node[2] if node[0] == "sub" else node[1] if node[0] == "delta" else node[3] if node[0] == "call" else ()
            for t in toks or ():
                if isinstance(t, Tok) and t.kind == "label":  # y_i: the label y, and i
                    base, _, at = t.text.partition("_")
                    labels.extend([base] if base not in labels else [])
                    note(at, inner)
                elif isinstance(t, Tok):
                    note(t.text, inner)
            if node[0] == "var":
                note(node[1], inner)
                if node[1] in spec.defined and node[1] not in expanded:  # L = -log o^s_y uses the label y
                    expanded.add(node[1])
                    value = spec.values[node[1]]  # p_k = …: its k is its own
                    visit(value[2], frozenset(value[1])) if value[0] == "entrywise" else visit(value, frozenset())
            if node[0] == "call" and node[1].startswith("map:") and node[1][4:] in spec.maps and node[1] not in expanded:
                expanded.add(node[1])  # G(x)_i = S_i − δ_{iy}: y is the claim's too, the map's letters are its own
                visit(spec.maps[node[1][4:]].rhs, frozenset(spec.maps[node[1][4:]].letters))

    def note(name, bound):
        if name in spec.indices and name not in bound and name not in seen:
            seen.append(name)

    visit(list(members), frozenset())
    return seen, labels


def scoped(node, bound=frozenset()):
    """Every node of a tree (or a list of them) with the indices the sums around it bind: a sum binds its index
    in its body, not in its limits."""
    if isinstance(node, list):
        for child in node:
            yield from scoped(child, bound)
        return
    if not isinstance(node, tuple) or not node:
        return
    yield node, bound
    if node[0] == "sum":
        yield from scoped(node[2], bound)
        yield from scoped(node[3], bound)
        yield from scoped(node[4], bound | {node[1]})
        return
    for child in node[1:]:
        if isinstance(child, (tuple, list)):
            yield from scoped(child, bound)


def var_names(node) -> set:
    """Every name a node (or a list of nodes) reads as a variable."""
    return {n[1] for n in nodes(node) if n[0] == "var"}


def index_overrun(members, spec: VectorSpec, shapes: dict) -> str | None:
    r"""What is wrong where a declared index, free, runs past the array it indexes (i ∈ {1..n} on h ∈ ℝ^{d_h}, an
    index a document declared for another question): out of range at every size with n > d_h, so the verdict
    would hang on the sizes drawn. None when every such use fits (n ≤ the length, for every size). ``shapes``:
    every array's shape, declared or defined."""
    found: list[str] = []

    def check(name, toks, bound):
        groups = index_groups(toks)
        rows, cols = shapes[name]
        lengths = [rows, cols] if len(groups) == 2 else [rows if cols == 1 else cols] if 1 in (rows, cols) else []
        for group, length in zip(groups, lengths):
            read = index_offset(group)
            if read is None or read[0] not in spec.indices or read[0] in bound:
                continue
            letter, offset = read
            top = spec.indices[letter] + offset
            if (length - top).is_nonnegative is not True and not found:
                shown = letter + (f" + {offset}" if offset > 0 else f" - {-offset}" if offset < 0 else "")
                runs = f"runs over 1..{top}" if offset == 0 else f"runs up to {top}"
                found.append(f"{shown} {runs} but indexes {name} along a dimension of size {length}: out of range "
                             f"wherever {top} > {length}; declare {letter} \\in \\{{1, \\dots, {length - offset}\\}}")

    for node, bound in scoped(list(members)):
        if node[0] == "sub" and isinstance(node[1], tuple) and node[1][0] == "var" and len(shapes.get(node[1][1], ())) == 2:
            check(node[1][1], node[2], bound)
    return found[0] if found else None


def label_overrun(members, spec: VectorSpec) -> str | None:
    """What is wrong where a label per example (y_i, i over the N examples) is read through a letter that runs over
    something else (y_k, k over the K classes): past the examples wherever K > N, so a verdict by the sizes drawn."""
    found: list[str] = []

    def size(node):
        if node[0] == "num":
            return S(node[1])
        if node[0] == "var":
            return spec.sizes.get(node[1])
        return None

    def visit(tree, ranges: dict):
        if isinstance(tree, list):
            for child in tree:
                visit(child, ranges)
            return
        if not isinstance(tree, tuple) or not tree or not isinstance(tree[0], str):
            return
        if tree[0] == "sum":
            visit([tree[2], tree[3]], ranges)
            visit(tree[4], {**ranges, tree[1]: size(tree[3]) if tree[3] is not None else None})
            return
        toks = tree[2] if tree[0] == "sub" else tree[1] if tree[0] == "delta" else ()
        for t in toks if isinstance(toks, list) else ():
            if isinstance(t, Tok) and t.kind == "label":
                base, _, at = t.text.partition("_")
                letter, _ = spec.labels[base]
                runs = ranges.get(at) if at in ranges else spec.indices.get(at)
                if at.isalpha() and (runs is None or (S(runs) - spec.indices[letter]).simplify() != 0) and not found:
                    found.append(f"{t.text} reads the label of example {at}, but {at} runs over "
                                 f"{'1..' + str(runs) if runs is not None else 'a range not written'} and the examples over "
                                 f"1..{spec.indices[letter]}: write {base}_{letter}, or declare {base} for what {at} runs over")
        for child in tree[1:]:
            if isinstance(child, (tuple, list)):
                visit(child, ranges)

    visit(list(members), {})
    return found[0] if found else None


def undeclared_name(node, spec: VectorSpec, bound=()) -> str | None:
    """The first name in ``node`` that nothing declares (not in where, not a condition's, not bound): read alone as
    a scalar, but next to a vector it may be a vector written without bold, so broadcasting it would be a guess."""
    stated = set().union(*(var_names(members) for members, _, _ in spec.conditions)) if spec.conditions else set()
    known = spec.names() | set(spec.abstract) | set(spec.families) | stated | set(bound) | {"e", "pi", "I"}
    return next((name for name in sorted(var_names(node)) if name not in known), None)
