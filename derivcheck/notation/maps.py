r"""Functions a ``where`` defines entry by entry, ``\psi(z)_{ki} = \frac{e^{z_{ki}}}{\sum_{j=1}^{K} e^{z_{ji}}}``
(``vector_where.Map``): ψ applied in the interpreter (``apply_map``: the parameters bound, the right side
evaluated entry by entry), the shape of ψ at an argument, and what makes an application mean two things. Anything that could be read two ways is an ERROR naming both, never a guess."""

from __future__ import annotations

from dataclasses import replace

from sympy import Dummy, Integer, simplify

from ..core.errors import LatexParseError
from .free_indices import index_groups, scoped
from .sum_ranges import bound_sums
from .tree import map_subscripts, nodes
from .values import Val, describe_shape
from .vector_reader import ShapeMismatch
from .vector_lexer import Tok
from .vector_where import VectorSpec, size_expr

__all__ = ["apply_map", "map_capture", "map_frame", "map_shape"]


def apply_map(walk, name: str, vals: list, env) -> Val:
    r"""ψ(A) for ``\psi(z)_{ki} = …`` in where, in the interpreter ``walk``: the array whose entry (k, i) is the
    right side with z = A."""
    fn, shape, entry = map_frame(walk, name, vals, env)
    probe = (1, 1) if walk.sizes is not None else (Dummy("i", integer=True), Dummy("j", integer=True))
    entry(*probe)
    return Val(shape, walk.b.tabulate(walk.dims(shape) if walk.sizes is not None else None, entry))


def map_frame(walk, name: str, vals: list, env):
    """(the map, the shape of ψ(A), entry(i, j) of ψ(A)): ``map_shape`` once per argument shapes, then the right
    side evaluated with the parameters bound to the arguments (``Interpreter.bound``) and the letters to (i, j)."""
    fn = walk.spec.maps[name]
    if len(vals) != len(fn.params):
        walk.fail(f"{name} is defined with {len(fn.params)} parameter(s) ({fn.what}), not {len(vals)}")
    if any(v.fill for v in vals):
        walk.fail(f"{name} of \\mathbf{{1}}, \\mathbf{{0}} or I needs a size")
    args = dict(zip(fn.params, vals))
    key = (name, tuple(v.shape for v in vals))
    if key not in walk.frames:
        walk.frames[key] = map_shape(walk.spec, name, {p: v.shape for p, v in args.items()})
    rhs, shape = walk.frames[key]
    # the right side sees where's indices (a claim's free y) and its letters, never a caller's own sum index
    # (answers.vector refuses a sum over an index the map uses: map_capture)
    scope = walk.kept(env)

    def entry(i, j=None):  # now, or later in the index form's lambdas: the arguments are bound either way
        if f"map:{name}" in walk.expanding:
            raise LatexParseError(f"{fn.what}: {name} is defined through itself")
        saved, walk.bound = walk.bound, dict(args)  # its own parameters only, not an enclosing map's
        walk.expanding.append(f"map:{name}")  # not the definition being expanded (VectorSpec.readings)
        try:
            value = walk.ev(rhs, {**scope, **dict(zip(fn.letters, (i, j)))})
        except ShapeMismatch as exc:  # the map's own shapes: the where is wrong, the claim is not refuted
            raise LatexParseError(f"{fn.what}: {exc}") from exc
        finally:
            walk.bound = saved
            walk.expanding.pop()
        if not value.scalar:
            walk.fail(f"{fn.what}: {name} is defined entry by entry, so each entry must be a scalar, not "
                      f"{describe_shape(value.shape)}")
        return value.value

    return fn, shape, entry


def map_shape(spec: VectorSpec, name: str, arg_shapes: dict) -> tuple:
    """(the right side with its sums' limits, the shape of the value) of map ``name`` at arguments of these
    shapes. Each letter runs over the axis it indexes in the right side (z_{ki}: k over the argument's rows, i
    over its columns) or its declared range. ERRORs: a letter that indexes nothing, axes of different lengths,
    a limit or a size that is not the argument's (x_n, \\sum_{j=1}^{n}, \\mathbf{1}_n with x ∈ ℝ^n applied to
    z ∈ ℝ^m), a row argument to a map with one letter, a definition written through a parameter or a letter."""
    fn = spec.maps[name]
    head = f"{fn.what}: {name}({', '.join(fn.params)})"
    for shape in arg_shapes.values():
        if len(fn.letters) == 1 and shape and shape[0] == 1 and shape[1] != 1:
            raise LatexParseError(f"{head} gives a column entry by entry; applied to a row ({describe_shape(shape)}) it "
                                  f"could be a row or a column: apply it to the column and transpose the result")
    _no_hidden_parameter(spec, fn, head)
    _sizes_fit(spec, fn, name, arg_shapes, head)
    shapes = {**spec.shapes, **spec.defined_shapes, **arg_shapes}  # a parameter hides a name of where's
    for node in nodes(fn.rhs):  # \sum_{j=1}^{n} e^{z_j} with z of length m: a sum past the argument, or short of it
        if node[0] == "sum" and node[2] is not None:
            _limits_fit(node, shapes, arg_shapes, spec, head, name)
    rhs = bound_sums(fn.rhs, replace(spec, shapes=shapes), fn.what)  # \sum_j e^{z_j}: over the argument's length
    ranges = {k: {spec.indices[k]} if k in spec.indices else set() for k in fn.letters}
    for base, toks in map_subscripts(rhs, fn.letters):
        for group, length in _axes(base, toks, shapes, arg_shapes, head):
            if len(group) == 1 and group[0].text in ranges:
                ranges[group[0].text].add(length)
    for k, lengths in ranges.items():
        if len(lengths) != 1:
            raise LatexParseError(
                f"{head}: the range of {k} is unknown: " + (
                    f"it indexes no array there; declare it ({k} \\in \\{{1, \\dots, n\\}})" if not lengths else
                    f"it indexes axes of lengths {' and '.join(sorted(map(str, lengths)))}"))
    return rhs, tuple(next(iter(ranges[k])) for k in fn.letters) + ((Integer(1),) if len(fn.letters) == 1 else ())


def _axes(base: str, toks, shapes: dict, arg_shapes: dict, head: str) -> list:
    """(index group, axis length) for each index of ``base_{toks}``; a parameter with the wrong number is an ERROR."""
    groups, shape = index_groups(toks), shapes.get(base)
    if shape == () and base in arg_shapes:  # g(u)_i = 1/(1 + e^{-u_i}) applied to wᵀx
        raise LatexParseError(f"{head} writes {base} with an index, but the argument there is a scalar: define the "
                              f"scalar function instead (g(u) = …), or apply it to a vector")
    if not shape:
        return []
    if len(groups) != (1 if 1 in shape else 2):
        if base in arg_shapes:
            raise LatexParseError(f"{head} writes {base} with {len(groups)} index(es), but the argument there is "
                                  f"{describe_shape(shape)}")
        return []
    return list(zip(groups, [shape[1] if shape[0] == 1 else shape[0]] if len(groups) == 1 else list(shape)))


def _sizes_fit(spec: VectorSpec, fn, name: str, arg_shapes: dict, head: str) -> None:
    """x_n in f(x)_i = x_i - x_n, with x ∈ ℝ^n applied to z ∈ ℝ^m: entry n, or the argument's last? A size in a
    parameter's subscript must be that axis's length, and a size of a declared parameter's shape appears nowhere
    else in the right side (\\mathbf{1}_n, 1/n) unless the argument has that shape."""
    for base, toks in map_subscripts(fn.rhs, ()):
        if base not in arg_shapes:
            continue
        for group, length in _axes(base, toks, {**spec.shapes, **arg_shapes}, arg_shapes, head):
            sized = [t.text for t in group if t.text in spec.sizes]
            if sized and (len(group) != 1 or simplify(spec.sizes[sized[0]] - length) != 0):
                raise LatexParseError(f"{head}: {base}_{{{''.join(t.text for t in group)}}} names entry {sized[0]}, but the "
                                      f"argument's axis there has length {length}: its entry {sized[0]}, or its last? Write "
                                      f"the entry as a number, or apply {name} to an argument of that length")
    for p, shape in arg_shapes.items():
        declared = spec.shapes.get(p)
        if not declared or declared == shape:
            continue
        own = {str(d) for d in declared if not d.is_number}
        written = {n[1] for n in nodes(fn.rhs) if n[0] == "var"} | {
            t.text for n in nodes(fn.rhs) if n[0] in ("sub", "fill") for t in (n[2] if n[0] == "sub" else ()) if isinstance(t, Tok)}
        mentioned = sorted(own & written - {t for t in _limit_sizes(fn.rhs)})
        if mentioned:
            raise LatexParseError(f"{head} writes {mentioned[0]}, the length of where's {p}, and is applied to "
                                  f"{describe_shape(shape)}: {mentioned[0]} as written, or the argument's length? "
                                  f"Write the definition without {mentioned[0]}")


def _limit_sizes(tree) -> set:
    """Sizes written as a sum's limits (checked against the argument by ``_limits_fit``)."""
    return {n[3][1] for n in nodes(tree) if n[0] == "sum" and n[3] is not None and n[3][0] == "var"}


def _limits_fit(node, shapes: dict, arg_shapes: dict, spec: VectorSpec, head: str, name: str) -> None:
    _, var, lo, hi, body, _tok = node
    for sub in nodes(body):  # S(x)_j, (Wx)_j: a sum over an entry of something made of the argument
        if sub[0] == "sub" and sub[1][0] != "var" and var in [getattr(t, "text", "") for t in sub[2]] \
                and {n[1] for n in nodes(sub[1]) if n[0] == "var"} & set(arg_shapes):
            raise LatexParseError(f"{head}: the sum over {var} runs over entries of an expression in the argument, "
                                  f"whose length its limits may not be: write \\sum_{{{var}}} without limits")
    for base, toks in map_subscripts(body, (var,)):
        if base not in arg_shapes:
            continue
        for group, length in _axes(base, toks, shapes, arg_shapes, head):
            if var not in [t.text for t in group]:
                continue
            if len(group) != 1:  # x_{j+1} over j = 1..n-1: which part of the argument, at its length? not guessed
                raise LatexParseError(f"{head}: the sum over {var} runs over a shifted index of {base} "
                                      f"({''.join(t.text for t in group)}): write the sum over {base}'s whole axis")
            bounds = [_size(lo, spec), _size(hi, spec)]
            if None in bounds or bounds[0] != 1 or simplify(bounds[1] - length) != 0:
                raise LatexParseError(f"{head}: the sum over {var} runs over {base}'s axis of length {length} at this "
                                      f"argument, but its limits say otherwise: write \\sum_{{{var}}} without limits, "
                                      f"or apply {name} to an argument of that length")


def _size(node, spec: VectorSpec):
    """A sum's limit as a size expression (a whole number, n, d_h), or None."""
    if node[0] == "num" and node[1].is_Integer:
        return Integer(node[1])
    try:
        if node[0] == "var":
            return size_expr(node[1], spec, "")
        if node[0] == "sub" and node[1][0] == "var":
            return size_expr(node[1][1] + "_" + "".join(t.text for t in node[2]), spec, "")
    except LatexParseError:
        return None
    return None


def _no_hidden_parameter(spec: VectorSpec, fn, head: str) -> None:
    """f(x)_i = x_i + h_i with h = Wx in where (or g(u)_i = u_i + x_i, another map; or q = δ_{ky} with k the map's
    letter): of where's x (k), or of the parameter (the entry)? Either is a reading: refused."""
    mine = set(fn.params) | set(fn.letters)
    seen, todo = set(), _used(fn.rhs, spec)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        inner = spec.maps[name[4:]] if name.startswith("map:") else None
        tree, own = (inner.rhs, set(inner.params) | set(inner.letters)) if inner else (spec.values[name], set())
        used = {n[1] for n in nodes(tree) if n[0] == "var"} | {n[1][1] for n in nodes(tree) if n[0] == "sub" and n[1][0] == "var"}
        used |= {t.text for n in nodes(tree) for t in (n[2] if n[0] == "sub" else n[1] if n[0] == "delta" else ())
                 if isinstance(t, Tok) and t.kind == "letter"}
        clash = sorted((used - own) & mine)
        if clash:
            shown = name[4:] if inner else name
            raise LatexParseError(f"{head} uses {shown}, which where writes through {clash[0]}: {shown} of where's "
                                  f"{clash[0]}, or of {fn.params[0] if clash[0] in fn.params else 'the entry'}? Give the "
                                  f"{'parameter' if clash[0] in fn.params else 'letter'} another name, or write {shown} out "
                                  f"in the definition")
        todo.extend(_used(tree, spec))


def _used(tree, spec: VectorSpec) -> list:
    """The definitions and maps (as "map:ψ") a tree uses directly."""
    found = {n[1] for n in nodes(tree) if n[0] == "call" and n[1].startswith("map:") and n[1][4:] in spec.maps}
    found |= {n[1] for n in nodes(tree) if n[0] == "var" and n[1] in spec.values}
    found |= {n[1][1] for n in nodes(tree) if n[0] == "sub" and n[1][0] == "var" and n[1][1] in spec.values}
    return sorted(found)


def map_capture(members, spec: VectorSpec) -> str | None:
    r"""What is ambiguous where a sum binds a letter that a map's right side uses as where's index
    (\sum_{y=1}^{m} G(\mathbf{z})_y with G(x)_i = S_i − δ_{iy}; also through a definition, L = G(z)_y, or
    another map): the map's y, or the sum's? None if nothing is."""
    seen: set = set()

    def visit(tree, outer):
        for node, bound in scoped(tree, outer):
            if node[0] == "call" and node[1].startswith("map:") and node[1][4:] in spec.maps:  # f'(z) is refused later
                fn = spec.maps[node[1][4:]]
                free = {n for n, b in _free_letters(fn.rhs) if n in spec.indices and n not in fn.letters and n not in b}
                caught = sorted(free & set(bound))
                if caught:
                    return (f"{fn.what} uses the index {caught[0]}, and the claim applies {node[1][4:]} inside a sum "
                            f"over {caught[0]}: where's {caught[0]}, or the sum's? Write the sum over another letter")
                key = (node[1], frozenset(bound))
                if key not in seen:
                    seen.add(key)
                    found = visit(fn.rhs, frozenset(bound) | set(fn.letters))
                    if found:
                        return found
            names = [node[1]] if node[0] == "var" else [node[1][1]] if node[0] == "sub" and node[1][0] == "var" else []
            for name in names:
                if name in spec.values and (name, frozenset(bound)) not in seen:
                    seen.add((name, frozenset(bound)))
                    value = spec.values[name]
                    found = visit(value[2] if value[0] == "entrywise" else value, frozenset(bound))
                    if found:
                        return found
        return None

    return visit(list(members), frozenset())


def _free_letters(tree):
    for node, bound in scoped(tree):
        toks = node[2] if node[0] == "sub" else node[1] if node[0] == "delta" else ()
        for t in toks or ():
            if getattr(t, "kind", "") == "letter":
                yield t.text, bound
        if node[0] == "var":
            yield node[1], bound
