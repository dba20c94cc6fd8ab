r"""The ``where`` entries of a vector claim: shapes, index ranges, sizes, conditions and definitions.

What a declaration, a condition and a definition are is said in ``vector_reader``'s docstring (the
rules students meet); this module turns the entries into a ``VectorSpec`` the interpreter reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sympy import Integer, Symbol

from ..core.errors import LatexParseError
from . import statements, tokens
from .abstract import read_signature
from .sum_ranges import bound_sums, subscript_letters
from .tree import applied_site, nodes
from .vector_lexer import lex
from .vector_reader import RELATIONS, Parser, parse_vector

__all__ = ["Map", "VectorSpec", "read_vector_where", "size_expr", "with_abstract"]


@dataclass(frozen=True)
class Map:
    r"""``\psi(z)_{ki} = \frac{e^{z_{ki}}}{\sum_{j=1}^{K} e^{z_{ji}}}``: a function of its parameters, given entry
    by entry; applied to any argument (``maps.apply_map``), each letter runs over what it indexes there."""

    params: tuple   # ("z",)
    letters: tuple  # ("k", "i"): the entry, one letter per axis of the value
    rhs: object     # the right side's node
    what: str       # its where entry, for messages
    note: str = ""  # how it was read, when written s(x_i) = … (the scope says it where s is used)


@dataclass
class VectorSpec:
    """What the ``where`` entries declare: shapes, index ranges, sizes, scalar conditions."""

    shapes: dict          # name -> (rows, cols) in size symbols, or () for a scalar
    indices: dict         # index name -> upper end (a size expression); lower end 1
    sizes: dict           # size name -> Symbol (positive integer)
    conditions: list      # node tuples (relation chains) restricting the sampling
    values: dict          # name -> the node it stands for: an exact number, or a definition's right side
    defined: dict = field(default_factory=dict)  # defined name -> its where entry ("where[7] 'h^a = …'")
    params: dict = field(default_factory=dict)  # J -> ("theta",) for J(\theta) = …: J(θ) is J, J alone too
    abstract: dict = field(default_factory=dict)  # f -> (argument shape, value shape): any smooth f (abstract)
    families: dict = field(default_factory=dict)  # x^(i) -> (one example's shape, number of examples): families
    layout: str = "denominator"  # ∂ℓ/∂v of a scalar ℓ: shaped like v, or a row ("numerator", answers.vector)
    layout_stated: str = ""  # the where entry that states the layout (∂L/∂h ∈ ℝ^{1×d_h}), if one does
    readings: dict = field(default_factory=dict)  # (L, column) -> "o^s_y(x)": o^s_y at x, that one in L(x, y) = -log o^s_y(x)
    defined_shapes: dict = field(default_factory=dict)  # defined name -> its shape (vector_definitions.check_definitions)
    labels: dict = field(default_factory=dict)  # y -> ("i", K): y_i ∈ {1, …, K} for each example i (i an index)
    maps: dict = field(default_factory=dict)  # psi -> Map: \psi(z)_{ki} = …, a function where defines entry by entry

    def names(self) -> frozenset:
        """Every declared or defined name (tagged ones included: the parser reads W^{(1)} as one name)."""
        return frozenset(self.shapes) | frozenset(self.indices) | frozenset(self.sizes) | frozenset(self.values)


# \frac{\partial L}{\partial h^s} \in \mathbb{R}^{1 \times d_h} (seed 004): the layout the document's gradients use
_GRADIENT_SHAPE = re.compile(r"^\s*\\frac\s*\{\s*\\partial\s*(?P<f>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\}\s*\{\s*\\partial\s*"
                             r"(?P<v>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\}\s*\\in\s*\\mathbb\{R\}\s*\^\s*\{(?P<a>[^{}]*)\\times(?P<b>[^{}]*)\}\s*$")
_SET_VECTOR = re.compile(r"^\s*(?P<names>.+?)\s*\\in\s*\\mathbb\{R\}\s*(\^\s*(?P<dims>\{(?:[^{}]|\{[^{}]*\})*\}|\w))?\s*$")
_SET_INDEX = re.compile(r"^\s*(?P<names>.+?)\s*\\in\s*\\\{\s*1\s*,\s*(\\dots|\\ldots|\\cdots)\s*,\s*(?P<hi>[^{}]+?)\s*\\\}\s*$")
_SET_INTS = re.compile(r"^\s*(?P<names>.+?)\s*\\in\s*\\mathbb\{[NZ]\}(\^\+|_\{?>0\}?)?\s*$")


_SIGNATURE = re.compile(r"^\s*\\?[A-Za-z]+\s*:\s*\\mathbb\s*\{\s*R\s*\}.*\\(to|rightarrow)\b")  # f: ℝ^n → ℝ


def _size_symbol(name: str) -> Symbol:
    return Symbol(name, integer=True, positive=True)


def size_expr(text: str, spec: VectorSpec, where: str):
    text = text.strip().strip("{}").strip()
    if re.fullmatch(r"\d+", text):
        return Integer(int(text))
    m = re.fullmatch(r"([A-Za-z])\s*([+-])\s*(\d+)", text)
    if m:
        base = spec.sizes.setdefault(m.group(1), _size_symbol(m.group(1)))
        return base + int(m.group(3)) if m.group(2) == "+" else base - int(m.group(3))
    if re.fullmatch(r"[A-Za-z]", text):
        return spec.sizes.setdefault(text, _size_symbol(text))
    m = re.fullmatch(r"([A-Za-z])_\{?\s*(\\?[A-Za-z0-9]+)\s*\}?", text)  # d_h, d_{in}, n_1, n_\theta
    if m:
        name = f"{m.group(1)}_{m.group(2)}"
        return spec.sizes.setdefault(name, _size_symbol(name))
    raise LatexParseError(f"{where}: a size must be a letter (n, d_h) or a whole number, not {text!r}")


def _declared_names(text: str, where: str) -> list[str]:
    names = []
    for part in text.split(","):
        p = Parser(part.strip(), where, {})
        name = p.declared_name()
        if p.peek().kind != "end" or name is None:
            raise LatexParseError(f"{where}: cannot declare {part.strip()!r}; expected a name such as x, \\mathbf{{x}}, "
                                  f"\\hat{{\\mathbf{{y}}}}, W^{{(1)}}, \\mathbf{{h}}^a or b_2")
        names.append(name)
    return names


def _left_side(text: str, where: str) -> tuple[Parser, str] | tuple[None, str]:
    """(a parser over the left side, the right side's text) of ``LEFT = EXPR`` (one ``=`` at the top level, not
    \\sum_{j=1}'s), else (None, ""); an unreadable entry is refused here as it would be when parsed."""
    toks = lex(text, where)
    rels = _top_relations(toks)
    if len(rels) != 1 or toks[rels[0]].text != "=":
        return None, ""
    return Parser(text[:toks[rels[0]].col - 1], where, {}), text[toks[rels[0]].col:]


def _defined_name(text: str, where: str) -> str | None:
    """The name on the left of ``NAME = EXPR`` (one ``=``, and one name before it), else None."""
    p, _ = _left_side(text, where)
    if p is None:
        return None
    try:
        name = p.declared_name()
        if name and p.at("("):  # J(\theta) = …: a function of declared names (interpret.op_applied)
            params = _parameters(p)
            return name if None not in params and p.peek().kind == "end" and len(set(params)) == len(params) else None
        if name and "_" in name and "^" not in name and p.at("^"):  # w_{jk}^{(1)} = …: entries of w^(1)
            tag, p.i = p.script_at(p.i + 1)
            name = f"{name.partition('_')[0]}^{''.join(t.text for t in tag)}"
    except (LatexParseError, TypeError):
        return None
    return name if p.peek().kind == "end" else None


def _with_inputs(text: str, where: str) -> bool:
    """Is ``text`` a definition written with its inputs, ``s(x) = …``? Then s(x)_i and s(x)^T in where, as in a
    statement, are s's entry and transpose (``juxtaposition.annotation``)."""
    p, _ = _left_side(text, where)
    try:
        return p is not None and bool(p.declared_name()) and p.at("(")
    except (LatexParseError, TypeError):
        return False


def _top_relations(toks) -> list[int]:
    r"""Positions of the relations outside any group: not \sum_{j=1}'s, nor the one of an indicator, \{y_i = k\} or
    [k = y] (brackets counted only where they pair up: an interval (0, 1] never does)."""
    pairs = [("{", "}"), (r"\{", r"\}")]
    if sum(t.text == "[" for t in toks) == sum(t.text == "]" for t in toks):
        pairs.append(("[", "]"))
    depth, out = 0, []
    for k, t in enumerate(toks):
        depth += sum((t.text == a) - (t.text == b) for a, b in pairs)
        if t.text in RELATIONS and depth == 0:
            out.append(k)
    return out


def _parameters(p: Parser) -> list:
    """The names in ``(θ)``, ``(\\mathbf{x}, y)`` after a defined name (None for one that is not a name)."""
    p.take("(")
    params = [p.declared_name()]
    while p.at(","):
        p.take(",")
        params.append(p.declared_name())
    p.take(")")
    return params


def _map_head(text: str, where: str):
    r"""(name, params, letters, note) for ``\psi(z)_{ki} = …`` or ``S(\mathbf{x})_i = …``: a name, distinct names in
    parentheses, then one or two distinct letters as the subscript, then ``=`` alone; else None."""
    p, rhs = _left_side(text, where)
    if p is None:
        return None
    try:
        name = p.declared_name()
        if not name or not p.at("("):
            return None
        params = _parameters(p)
        if not p.at("_"):
            return _entry_head(name, params, p, rhs)
        group, p.i = p.script_at(p.i + 1)
    except (LatexParseError, TypeError):
        return None
    letters = [t.text for t in group or () if t.text != ","]
    if p.peek().kind != "end" or None in params or len(set(params)) != len(params) or not 1 <= len(letters) <= 2 \
            or len(set(letters)) != len(letters) or any(not re.fullmatch(r"[A-Za-z]", k) for k in letters) \
            or set(letters) & set(params):
        return None
    return name, tuple(params), tuple(letters), ""


def _entry_head(name: str, params: list, p: Parser, rhs: str):
    r"""(name, (x,), (i,)) for ``s(x_i) = \frac{\exp(x_i)}{\sum_j \exp(x_j)}``: the courses' way to write entry i of a
    function of the vector x. Its right side uses x's other entries, so s is no function of the number x_i; the
    only reading is ``s(x)_i = …`` (``maps``). Anything else is None (``f(x_i) = x_i^2`` stays what it was)."""
    m = re.fullmatch(r"([A-Za-z])_([A-Za-z])", params[0] or "") if len(params) == 1 else None
    if m is None or p.peek().kind != "end" or m.group(2) == m.group(1):
        return None
    base, letter = m.groups()
    used = re.findall(rf"(?<![A-Za-z\\]){base}\}}?_\{{?([A-Za-z])(?![A-Za-z])", rhs)
    if not used or set(used) == {letter}:
        return None
    return name, (base,), (letter,), f"{name}({base}_{letter}) = … read as {name}({base})_{letter} = …, entry {letter} of a " \
                                     f"function of the vector {base} (its right side uses {base}'s other entries)"


def _entrywise_name(name: str | None, spec: VectorSpec) -> str | None:
    """p for ``p_k = …`` or ``A_{ij} = …`` whose subscript is one or two distinct declared indices and p
    is declared nowhere: p is defined entry by entry (a vector in ℝ^K for k ∈ {1, …, K})."""
    if name is None or "_" not in name or "^" in name:
        return None
    base, _, sub = name.partition("_")
    letters = re.findall(r"\\[A-Za-z]+|[A-Za-z]", sub)
    if base in spec.shapes or base in spec.indices or base in spec.sizes or not 1 <= len(letters) <= 2 \
            or len(set(letters)) != len(letters) or any(k not in spec.indices for k in letters):
        return None
    return base


def _index_rule(name: str, members, spec: VectorSpec) -> bool:
    """Is ``members`` (``t_k = [k = h]``) a rule for every entry of the declared vector ``name`` by its index alone
    (indices, sizes and numbers, k among them, k running over t's length)? Then it defines t whichever way it is read:
    a definition and "a variable equal to it" agree on every value and derivative, as for ``t = onehot_K(h)``."""
    shape = spec.shapes.get(name)
    toks = [t.text for t in members[0][2] if t.text != ","]
    if name in spec.defined or not shape or shape[1] != 1 or len(members) != 2 or len(toks) != 1 \
            or spec.indices.get(toks[0]) != shape[0]:
        return False
    used = {n[1] for n in nodes(members[1]) if n[0] == "var"}
    return used <= set(spec.indices) | set(spec.sizes) and toks[0] in subscript_letters(members[1])


def _gradient_layout(m, spec: VectorSpec, what: str) -> None:
    """``∂L/∂h \\in ℝ^{1×d_h}``: gradients are rows (numerator layout); ``ℝ^{d_h×1}``: columns, the default.
    Anything else, or a layout stated both ways, is refused."""
    rows, cols = size_expr(m.group("a"), spec, what), size_expr(m.group("b"), spec, what)
    if (rows == 1) == (cols == 1):
        raise LatexParseError(f"{what}: the derivative of a scalar with respect to a vector is a row (1 \\times n) or a "
                              f"column (n \\times 1), not {rows} × {cols}")
    layout = "numerator" if rows == 1 else "denominator"
    if spec.layout_stated and spec.layout != layout:
        raise LatexParseError(f"{what}: where states gradients both as rows and as columns; keep one layout")
    spec.layout, spec.layout_stated = layout, what


def _is_number(node) -> bool:
    return isinstance(node, tuple) and node[0] in ("num", "neg", "add", "mul", "div", "pow") and all(
        _is_number(c) for c in node[1:] if isinstance(c, tuple))


def with_abstract(functions: dict, spec: VectorSpec) -> dict:
    """The function letters a statement may apply: the built-ins named in ``functions`` and the abstract ones."""
    return {**functions, **{name: "abstract:" + name for name in spec.abstract},
            **{name: "map:" + name for name in spec.maps}}


def _read_maps(heads: list, spec: VectorSpec, functions: dict, names: frozenset) -> None:
    r"""``\psi(z)_{ki} = …`` entries into ``spec.maps``; a name that is also something else is refused."""
    for _, what, (name, *_) in heads:
        if name in functions or name in names or name in spec.abstract or name in spec.maps:
            other = "a built-in function here" if name in functions else "declared or defined in another entry"
            raise LatexParseError(f"{what}: {name} is {other} and defined here as a function: keep one")
        spec.maps[name] = None  # known to the parser (with_abstract) from here on, its own entry included
    for text, what, (name, params, letters, note) in heads:
        # a parameter is a dummy: x ∈ ℝ^n or z = Wx of where's may share its letter, an index or a size may not
        clash = [p for p in params if p in spec.indices or p in spec.sizes or p in spec.maps]
        if clash:
            raise LatexParseError(f"{what}: the parameter {clash[0]} is an index, a size or a function in where too: "
                                  f"give the parameter another letter")
        members, _ = parse_vector(text, where=what, functions=with_abstract(functions, spec),
                                  names=names | set(params), defined=frozenset(spec.defined), labels=frozenset(spec.labels))
        if any(node[0] == "grad" for node in nodes(members[1])):
            raise LatexParseError(f"{what}: a derivative inside a function defined entry by entry is not read (by its "
                                  f"parameter, or by where's name of that letter?): write the derivative out")
        spec.maps[name] = Map(params, letters, members[1], what, note)  # its sums' limits: where it is applied


def read_vector_where(entries: list[str], functions: dict, where: str) -> VectorSpec:
    """Declarations of vectors, matrices, indices and sizes; definitions (module docstring); other
    entries are conditions."""
    spec = VectorSpec({}, {}, {}, [], {})
    others, declared_at, heads = [], {}, []
    for number, text in enumerate(entries, 1):
        what = f"{where}: where[{number}] {text!r}"
        text = tokens.ascii_latex(text)  # x ∈ ℝ^n as pasted
        if read_signature(text, spec, what, lambda t: size_expr(t, spec, what), set(functions) | {"sigma", "e", "pi"}):
            continue  # f: ℝ^n → ℝ: any smooth f (notation.abstract)
        if _SIGNATURE.match(text):
            raise LatexParseError(f"{what}: only signatures between vectors and scalars are read (f: \\mathbb{{R}}^n \\to "
                                  f"\\mathbb{{R}}^m); define the function instead (f(\\mathbf{{x}}) = …), or name a built-in")
        m = _GRADIENT_SHAPE.match(text)
        if m:
            _gradient_layout(m, spec, what)
            continue
        m = _SET_VECTOR.match(text)
        if m:
            dims = m.group("dims")
            if dims is None:
                shape = ()
            else:
                parts = re.split(r"\\times", dims[1:-1] if dims.startswith("{") else dims)  # {d_{in} \times n}
                if len(parts) == 1:
                    shape = (size_expr(parts[0], spec, what), Integer(1))
                elif len(parts) == 2:
                    shape = (size_expr(parts[0], spec, what), size_expr(parts[1], spec, what))
                else:
                    raise LatexParseError(f"{what}: only vectors (ℝ^n) and matrices (ℝ^{{m×n}}) are supported")
            for name in _declared_names(m.group("names"), what):
                if spec.shapes.get(name, shape) != shape:  # v ∈ ℝ^m and v ∈ ℝ^n: never pick one silently
                    raise LatexParseError(f"{what}: {name} is declared twice with different shapes (also in "
                                          f"{declared_at[name]}): keep one declaration")
                spec.shapes[name] = shape
                declared_at[name] = f"where[{number}]"
            continue
        m = _SET_INDEX.match(statements.index_set(text, what))  # u \in \{1, 2, 3\} too
        if m:
            hi = size_expr(m.group("hi"), spec, what)
            for name in _declared_names(m.group("names"), what):
                if spec.indices.get(name, hi) != hi:
                    raise LatexParseError(f"{what}: the index {name} is declared twice with different ranges: keep one")
                spec.indices[name] = hi
            continue
        m = _SET_INTS.match(text)
        if m:
            for name in _declared_names(m.group("names"), what):
                spec.sizes.setdefault(name, _size_symbol(name))
            continue
        head = _map_head(text, what)
        if head:  # \psi(z)_{ki} = …: read once every name is known (below)
            heads.append((text, what, head))
            continue
        others.append((number, text, what, _defined_name(text, what)))
    for name in list(spec.indices):  # y_i ∈ {1, …, K} with i an index: a label per example, y ∈ {1, …, K}^N
        base, _, sub = name.partition("_")
        if sub in spec.indices and sub != name and re.fullmatch(r"\\?[A-Za-z]+", base):
            if base in spec.names() or base in spec.labels:
                raise LatexParseError(f"{where}: {name} is declared as a label per example {sub}, and {base} is declared "
                                      f"too: keep one")
            spec.labels[base] = (sub, spec.indices.pop(name))
    # every name a definition introduces is known before any entry is read (definitions in any order);
    # an index or size on the left (k = y), one in its subscript (e_k = …), or an entry of a declared
    # array (b_2 = 3 with \mathbf{b} declared) makes a condition
    entrywise = {_entrywise_name(name, spec) for *_, name in others} - {None}  # p_k = … with p undeclared
    others = [(number, text, what, None if name is None or name in spec.indices or name in spec.sizes
               or "_" in name and (name.partition("_")[0] in spec.shapes
                                   or set(re.findall(r"[A-Za-z]", name.partition("_")[2])) & set(spec.indices)) else name)
              for number, text, what, name in others]
    names = spec.names() | {name for *_, name in others if name is not None} | entrywise
    _read_maps(heads, spec, functions, names)
    with_inputs = frozenset(name for _, text, what, name in others if name is not None and _with_inputs(text, what))
    for number, text, what, name in others:
        members, rels = parse_vector(text, where=what, functions=with_abstract(functions, spec), names=names,
                                     labels=frozenset(spec.labels), with_inputs=with_inputs,
                                     defined={name for *_, name in others if name is not None} | entrywise)
        if any(isinstance(m, tuple) and m and m[0] == "space" for m in members):  # never a condition: not read
            raise LatexParseError(f"{what}: not read as a declaration: write one name, then \\in \\mathbb{{R}}^{{n}} or "
                                  f"\\mathbb{{R}}^{{m \\times n}} with each size a letter, a letter with a subscript or a number")
        members = bound_sums(members, spec, what)
        if not rels:
            raise LatexParseError(f"{what}: expected a declaration or a condition")
        lhs = members[0][1] if members[0][0] == "sub" else None
        if rels == ["="] and lhs and lhs[0] == "var" and lhs[1] in entrywise:
            letters = [t.text for t in members[0][2] if t.text != ","]
            if lhs[1] in spec.defined:
                raise LatexParseError(f"{what}: {lhs[1]} is defined twice (also {spec.defined[lhs[1]]}); keep one definition")
            if not subscript_letters(members[1]) and not any(n[0] == "var" for n in nodes(members[1])):  # t_h = 1
                raise LatexParseError(f"{what}: every entry of {lhs[1]} is this (a definition for every "
                                      f"{', '.join(letters)}), or entry {', '.join(letters)} only (a condition on one entry, "
                                      f"as in a one-hot t_h = 1)? Define the whole vector ({lhs[1]} = …) for the first; "
                                      f"declare {lhs[1]} and write the entries it states in the statement for the second")
            shape = (spec.indices[letters[0]], spec.indices[letters[1]] if len(letters) == 2 else Integer(1))
            spec.values[lhs[1]], spec.defined[lhs[1]] = ("entrywise", letters, members[1], shape), what
            continue
        if rels == ["="] and lhs and lhs[0] == "var" and _index_rule(lhs[1], members, spec):
            # t ∈ ℝ^K, then t_k = [k = h]: entries that depend on indices alone are the vector itself, as t = onehot_K(h)
            spec.values[lhs[1]], spec.defined[lhs[1]] = ("entrywise", [members[0][2][0].text], members[1],
                                                         spec.shapes[lhs[1]]), what
            continue
        if rels == ["="] and lhs and lhs[0] == "var" and lhs[1] not in names:  # h_j = …: L = … would be ∂-free
            raise LatexParseError(f"{what}: {lhs[1]} is not declared and this defines it entry by entry: define the "
                                  f"whole vector or matrix ({lhs[1]} = …), or declare it")
        if name and members[0][0] == "sub" and rels == ["="] and members[0][1][1] == name:  # w_{jk}^{(1)} = …
            if name in spec.shapes and members[1][0] == "sub" and members[1][1][1] == name \
                    and [t.text for t in members[1][2]] == [t.text for t in members[0][2]]:
                continue  # w_{kj}^{(2)} = (w^{(2)})_{kj} with w^(2) declared says nothing new
            members = [("var", name, None), ("alias", members[0][2], members[1])]  # interpret.op_alias reads it
        if name and rels == ["="] and members[0][0] == "applied" and members[0][1] == ("var", name, members[0][1][2]):
            spec.params[name] = tuple(a[1] for a in members[0][2])  # J(\theta) = …: J, applied to its parameters
            # L(x, y) = -log o^s_y(x), the log-loss of an example: o^s_y at x (a probability), never the log of the
            # vector o^s_y·x -- in this definition only (g(x) = s(x) may well be s·x, and a claim's s(x) too)
            for node in nodes(members[1]):
                if node[0] == "call" and node[1] == "log" and len(node[2]) == 1 and node[2][0][0] == "applied" \
                        and all(a[0] == "var" and a[1] in spec.params[name] for a in node[2][0][2]):
                    spec.readings[(name, node[2][0][3].col)] = applied_site(node[2][0])
            members = [("var", name, None)] + members[1:]
        if rels == ["="] and members[0][0] == "var" and _is_number(members[1]) and members[0][1] not in spec.defined:
            spec.values[members[0][1]] = members[1]  # y = 3, \alpha = 0.1: a value, as ever
        elif name is None or members[0][0] != "var":
            if "=" in rels and members[0][0] not in ("var", "sub", "num") and {n[1] for n in nodes(members) if n[0] == "var"} \
                    - set(spec.indices) - set(spec.sizes):  # as a condition it would pick the points checked (E_j[a_j] = … at a_j = 0)
                raise LatexParseError(f"{what}: the left side is not one name or one entry, so this defines nothing and "
                                      f"declares nothing (an operator defined by a pattern, E_j[a_j] = …, is not read): "
                                      f"write what it stands for in the statement, or define a name (E = …)")
            spec.conditions.append((members, rels, what))
        elif name in spec.shapes and len(members) == 2 and not ({n[1] for n in nodes(members[1]) if n[0] == "var"}
                                                                 - set(spec.indices) - set(spec.sizes)):
            # t ∈ ℝ^K, then t = onehot_K(h): an expression of indices and numbers depends on nothing, so "defined as
            # it" and "a variable equal to it" agree on every value and derivative; its shape must be the declared
            # one (vector_definitions.check_definitions)
            spec.values[name], spec.defined[name] = members[1], what
        elif name in spec.shapes:
            raise LatexParseError(f"{what}: {name} is declared ({declared_at[name]}) and given by an equation here: is it "
                                  f"defined as this expression (a derivative through {name} goes through it) or an independent "
                                  f"variable with a condition on it (∂{name}/∂ of anything else is 0)? Keep one of the two")
        elif name in spec.defined or name in spec.values:
            first = re.search(r"where\[\d+\].*", spec.defined.get(name, "where[?] (a value)")).group()
            raise LatexParseError(f"{what}: {name} is defined twice (also {first}); keep one definition")
        else:
            spec.values[name] = members[1]
            spec.defined[name] = what
    return spec
