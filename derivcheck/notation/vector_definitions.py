"""The definitions of a vector claim's ``where`` as a whole: each one's shape (read once, with a backend
that knows shapes only, so a broken definition is an ERROR naming its entry before anything is
evaluated) and which of them a statement uses."""

from __future__ import annotations

from sympy import Dummy, Symbol

from ..core.errors import LatexParseError
from .free_indices import free_indices
from .interpret import Interpreter
from .values import Backend, Val, describe_shape
from .vector_where import VectorSpec

__all__ = ["ShapeBackend", "check_definitions", "definitions_used"]


class ShapeBackend(Backend):
    """Shapes only (``check_definitions``): scalars are SymPy expressions, so exponents and limits
    stay readable; any other value is an opaque real."""

    memo_definitions = True

    def __getattr__(self, name):  # variable, fill, norm, softmax, derivative...: an opaque value
        if name.startswith("__"):
            raise AttributeError(name)
        return lambda *args, **kwargs: Dummy(real=True)

    def symbol(self, name):
        return Symbol(name, real=True)

    def entry(self, value, i, j):
        return Dummy(real=True)

    def as_index(self, value):
        return value

    def matmul(self, *args):
        return Dummy(real=True)

    dot = transpose = hadamard = matmul

    def tabulate(self, dims, entry):
        return Dummy(real=True)

    def sum_over(self, walk, var, lo, hi, body, env):
        v = walk.ev(body, {**env, var: Dummy(var, integer=True)})
        if v.fill:
            walk.fail("cannot tell the size of a sum of \\mathbf{1}, \\mathbf{0} or I; write \\mathbf{1}_n or I_n")
        return Val(v.shape, Dummy(real=True))

    def extremum_over(self, walk, kind, var, lo, hi, body, env):
        v = walk.ev(body, {**env, var: Dummy(var, integer=True)})
        if not v.scalar:
            walk.fail(f"\\{kind}_{var} takes the {kind}imum of scalars, not of {describe_shape(v.shape)}")
        return Val((), Dummy(real=True))

    def at_value(self, name, actual, compute):
        return compute()


def check_definitions(spec: VectorSpec) -> dict:
    """Each definition read once for its shape: a shape problem, a cycle or a sizeless 1, 0 or I is
    an ERROR naming the ``where`` entry. {name: shape}."""
    shapes = {}
    for name, what in spec.defined.items():
        walk = Interpreter(spec, ShapeBackend(), what)
        env = {k: Dummy(k, integer=True) for k in free_indices([spec.values[name]], spec)}
        value = walk.defined(name, env)
        if value.fill:
            raise LatexParseError(f"{what}: cannot tell the size of {name}; write \\mathbf{{1}}_n or I_n")
        if name in spec.shapes and spec.shapes[name] != value.shape:  # t ∈ ℝ^K declared, then t = onehot_K(h)
            raise LatexParseError(f"{what}: {name} is declared {describe_shape(spec.shapes[name])} and defined as "
                                  f"{describe_shape(value.shape)}")
        shapes[name] = value.shape
    spec.defined_shapes = dict(shapes)  # what a map's letters may index (notation.maps)
    return shapes


def definitions_used(members, spec: VectorSpec) -> list[str]:
    """The defined names a statement uses, directly or through other definitions, in where's order."""
    used: set = set()

    def walk(node):
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, tuple) and node and isinstance(node[0], str):
            names = [node[1]] if node[0] == "var" else []
            if node[0] == "sub" and node[1][0] == "var":
                names.append(node[1][1])
            if node[0] == "call" and node[1].startswith("map:") and node[1] not in used \
                    and node[1][4:] in spec.maps:  # ψ(z)_{ki} = … uses them too, its parameters aside
                used.add(node[1])
                fn = spec.maps[node[1][4:]]
                hidden = used & set(fn.params)
                used.update(fn.params)
                walk(fn.rhs)
                used.difference_update(set(fn.params) - hidden)
            for name in names:
                if name in spec.defined and name not in used:
                    used.add(name)
                    walk(spec.values[name])
            for child in node[1:]:
                if isinstance(child, (tuple, list)):
                    walk(child)

    walk(members)
    return [name for name in spec.defined if name in used]
