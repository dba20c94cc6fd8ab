r"""Matrices and vectors written out (``\begin{bmatrix} … \end{bmatrix}``, pmatrix, matrix, Bmatrix): the rule
of their entries, read after the parse.

Without ellipses the matrix is its cells, at its written size. With ellipses (a row of ``\vdots``, a
column of ``\dots``/``\cdots``) the displayed rows are rows 1, 2, … and, after the ellipsis, one last row
whose subscripts name the size (``x_n`` with n declared); columns likewise. The entry at (i, j) is then
a rule read off the cells: each displayed cell with its row's number replaced by i (and its column's by
j) inside subscripts must give the same rule -- one rule for the diagonal and one off it when rows and
columns run over the same size (``\sigma(x_1)(1 - \sigma(x_1)) & 0 & \dots``). Cells that do not agree
on one rule, an ellipsis elsewhere, or a last row that does not name the size, are refused: never a
guess at what the dots stand for.
"""

from __future__ import annotations

from sympy import Integer

from ..core.errors import LatexParseError
from .vector_lexer import Tok
from .vector_where import VectorSpec

__all__ = ["resolve_literals"]

ROW, COL = "ι", "κ"  # the entry's indices (not letters a statement can use)


def resolve_literals(members, spec: VectorSpec, where: str, notes: list | None = None):
    """``members`` with every written-out matrix as an array defined entry by entry (``entrywise``); how a
    matrix with ellipses was read is added to ``notes``."""
    if isinstance(members, list):
        return [resolve_literals(m, spec, where, notes) for m in members]
    if not isinstance(members, tuple) or not members or not isinstance(members[0], str):
        return members
    node = tuple(resolve_literals(c, spec, where, notes) if isinstance(c, (tuple, list)) else c for c in members)
    if node[0] != "literal":
        return node
    entries = _entries(node, spec, where)
    rows, cols = entries[3]
    if notes is not None and (rows.free_symbols or cols.free_symbols):
        note = (f"\\begin{{{node[1]}}} read as {'a vector in ℝ^' + str(rows) if cols == 1 else f'a {rows}×{cols} matrix'} "
                f"whose entries follow the rule of the cells written (1, 2, …, {rows if rows.free_symbols else cols})")
        notes.extend([note] if note not in notes else [])
    return entries


def _entries(node, spec: VectorSpec, where: str):
    _, env, rows, tok = node
    at = f"{where}, column {tok.col}: \\begin{{{env}}}"
    if not rows or len({len(r) for r in rows}) != 1:
        raise LatexParseError(f"{at}: every row must have the same number of cells")
    dots = [[c[0] == "dots" for c in r] for r in rows]
    dot_rows = [all(d) for d in dots]
    dot_cols = [all(dots[r][c] for r in range(len(rows)) if not dot_rows[r]) for c in range(len(rows[0]))]
    for r, row in enumerate(dots):
        for c, d in enumerate(row):
            if d and not dot_rows[r] and not dot_cols[c]:
                raise LatexParseError(f"{at}: an ellipsis at row {r + 1}, column {c + 1} is not part of a row or a column "
                                      f"of ellipses; write the matrix's rule instead (A_{{ij}} = … in where)")
    shown_rows = [r for r in range(len(rows)) if not dot_rows[r]]
    shown_cols = [c for c in range(len(rows[0])) if not dot_cols[c]]
    row_labels, n_rows = _labels(dot_rows, [[rows[r][c] for c in shown_cols] for r in range(len(rows))], spec, at, "row")
    col_labels, n_cols = _labels(dot_cols, [[rows[r][c] for r in shown_rows] for c in range(len(rows[0]))], spec, at,
                                 "column")
    cells = {(row_labels[r], col_labels[c]): _pairs(rows[r][c], spec) for r in shown_rows for c in shown_cols}
    for cell in cells.values():
        _declared(cell, spec, at)
    shape = (n_rows, n_cols)
    if not any(dot_rows) and not any(dot_cols):  # every cell shown: the sum of each cell at its place
        terms = [_times(_times(_delta(ROW, a), _delta(COL, b)), cell) for (a, b), cell in cells.items()]
    elif not any(dot_cols):  # rows by a rule, columns as written
        terms = [_times(_delta(COL, b), _rule({a: cells[a, b] for a in set(row_labels.values())}, ROW, at))
                 for b in sorted(set(col_labels.values()), key=str)]
    elif not any(dot_rows):
        terms = [_times(_delta(ROW, a), _rule({b: cells[a, b] for b in set(col_labels.values())}, COL, at))
                 for a in sorted(set(row_labels.values()), key=str)]
    elif n_rows == n_cols:  # square: one rule on the diagonal, one off it
        diagonal = _rule2({k: v for k, v in cells.items() if k[0] == k[1]}, at, "on the diagonal")
        off = _rule2({k: v for k, v in cells.items() if k[0] != k[1]}, at, "off the diagonal")
        kron = _delta(ROW, COL)
        terms = [_times(kron, diagonal), _times(("add", ("num", Integer(1)), ("neg", kron)), off)]
    else:
        terms = [_rule2(cells, at, "")]
    entry = terms[0]
    for t in terms[1:]:
        entry = ("add", entry, t)
    return ("entrywise", [ROW, COL], entry, shape)


def _labels(dotted: list, cells_per_line: list, spec: VectorSpec, at: str, what: str) -> tuple[dict, object]:
    """Each shown line's number (1, 2, … and the size for the last line after an ellipsis), and the size."""
    shown = [k for k, d in enumerate(dotted) if not d]
    if not any(dotted):
        return {k: Integer(n) for n, k in enumerate(shown, 1)}, Integer(len(shown))
    first = dotted.index(True)
    gaps = [k for k in range(first, len(dotted)) if not dotted[k]]
    if any(dotted[k] for k in range(gaps[0], len(dotted))) if gaps else True:
        raise LatexParseError(f"{at}: the ellipsis must be followed by exactly one last {what} (1, 2, …, n)")
    if len(gaps) != 1:
        raise LatexParseError(f"{at}: after the ellipsis only the last {what} may be written (n), not {len(gaps)}")
    named = [set(_size_names(cell, spec)) for cell in cells_per_line[gaps[0]]]  # W_{m1} … W_{mn}: m in each
    sizes = set.intersection(*[n for n in named if n]) if any(named) else set()
    if len(sizes) != 1:
        said = ", ".join(sorted(sizes)) if sizes else "none"
        raise LatexParseError(f"{at}: the last {what} must name the size in its subscripts (x_n with n declared); "
                              f"sizes found: {said}")
    [size] = sizes
    labels = {k: Integer(n) for n, k in enumerate(shown[:-1], 1)}
    labels[gaps[0]] = spec.sizes[size]
    return labels, spec.sizes[size]


def _size_names(node, spec: VectorSpec):
    """The declared sizes a cell's subscripts name (``x_n``: n)."""
    for toks in _scripts(node):
        for tok in toks:
            if tok.kind == "letter" and tok.text in spec.sizes:
                yield tok.text


def _scripts(node):
    """Every token list of indices in ``node`` (subscripts, δ's indices)."""
    if isinstance(node, list):
        for child in node:
            yield from _scripts(child)
        return
    if not isinstance(node, tuple) or not node or not isinstance(node[0], str):
        return
    if node[0] == "sub":
        yield node[2]
    if node[0] == "delta":
        yield node[1]
    for child in node[1:]:
        if isinstance(child, (tuple, list)):
            yield from _scripts(child)


def _replace(node, swap: dict):
    """``node`` with each index token whose text is a key of ``swap`` replaced (in subscripts and δ's)."""
    if isinstance(node, list):
        return [_replace(c, swap) for c in node]
    if not isinstance(node, tuple) or not node or not isinstance(node[0], str):
        return node
    if node[0] in ("sub", "delta"):
        k = 2 if node[0] == "sub" else 1
        toks = [Tok("num" if swap[t.text].isdigit() else "letter", swap[t.text], t.col)
                if isinstance(t, Tok) and t.text in swap else t for t in node[k]]
        node = node[:k] + (toks,) + node[k + 1:]
    return tuple(_replace(c, swap) if isinstance(c, (tuple, list)) else c for c in node)


def _shape_of(node):
    """A node without columns: two cells are the same rule when these are equal."""
    if isinstance(node, Tok):
        return node.text
    if isinstance(node, (list, tuple)):
        return tuple(_shape_of(c) for c in node)
    return node


def _rule(cells: dict, index: str, at: str):
    """One rule for the cells of one line (label -> cell): the first cell with its label made ``index``,
    which must give every other cell at its label."""
    return _agreed({(label,): cell for label, cell in cells.items()}, (index,), at, "")


def _rule2(cells: dict, at: str, where_: str):
    if not cells:
        raise LatexParseError(f"{at}: no cell is written {where_}")
    return _agreed(cells, (ROW, COL), at, where_)


def _agreed(cells: dict, indices: tuple, at: str, where_: str):
    """The rule: a cell with its labels made ``indices`` (one whose labels differ, if any: on the diagonal a
    number is both the row's and the column's); every cell must be that rule at its own labels."""
    items = sorted(cells.items(), key=lambda kv: [str(x) for x in kv[0]])
    labels, cell = next(((k, v) for k, v in items if len(set(k)) == len(k)), items[0])
    rule = _replace(cell, {str(label): index for label, index in reversed(list(zip(labels, indices)))})
    for other, value in items:
        if _shape_of(_replace(rule, {index: str(label) for index, label in zip(indices, other)})) != _shape_of(value):
            raise LatexParseError(f"{at}: the cells {where_ + ' ' if where_ else ''}do not follow one rule (the cell at "
                                  f"{', '.join(map(str, labels))} and the one at {', '.join(map(str, other))} differ beyond "
                                  f"their indices); write the rule in where (A_{{ij}} = …)")
    return rule


def _pairs(node, spec: VectorSpec):
    """``W_{12}`` of a matrix W as ``W_{1 2}`` (entry (1, 2), as the interpreter reads it), so that its digits
    are compared one by one with the other cells'."""
    if isinstance(node, list):
        return [_pairs(c, spec) for c in node]
    if not isinstance(node, tuple) or not node or not isinstance(node[0], str):
        return node
    if node[0] == "sub" and node[1][0] == "var" and 1 not in spec.shapes.get(node[1][1], (1,)) and len(node[2]) == 1 \
            and node[2][0].kind == "num" and len(node[2][0].text) == 2 and node[2][0].text.isdigit():
        return ("sub", node[1], [Tok("num", d, node[2][0].col) for d in node[2][0].text])
    return tuple(_pairs(c, spec) if isinstance(c, (tuple, list)) else c for c in node)


def _declared(cell, spec: VectorSpec, at: str):
    """An entry ``x_1`` of a name nobody declared would be one scalar named "x_1": refused."""
    if isinstance(cell, list):
        for c in cell:
            _declared(c, spec, at)
        return
    if not isinstance(cell, tuple) or not cell or not isinstance(cell[0], str):
        return
    if cell[0] == "sub" and cell[1][0] == "var" and cell[1][1] not in spec.shapes and cell[1][1] not in spec.values:
        raise LatexParseError(f"{at}: {cell[1][1]} is not declared: declare it in where (\\mathbf{{{cell[1][1]}}} "
                              f"\\in \\mathbb{{R}}^n) so that its entries can be read")
    for c in cell[1:]:
        if isinstance(c, (tuple, list)):
            _declared(c, spec, at)


def _delta(index: str, label):
    other = Tok("letter", label, 0) if label in (ROW, COL) else Tok("num" if isinstance(label, Integer) else "letter",
                                                                     str(label), 0)
    return ("delta", [Tok("letter", index, 0), Tok("sym", ",", 0), other], None)


def _times(a, b):
    return ("mul", a, b)
