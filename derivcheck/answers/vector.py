r"""Vector and matrix answers: claims per size and for every size, and an honest verdict over them.

``vector_answer`` reads a claim written in vector notation (see ``vector_notation``), checks its
shapes, and builds, for each step, one ordinary ``Claim`` per size assignment (n = 1, 2, 3 with
explicit matrices and the prover; random sizes up to 16 and one of 20 with numpy, see
``vector_numeric``) plus, where one exists, the step in index form for every size
(``vector_index``). ``combine_sizes`` folds their results back: REFUTED at any size is REFUTED
(sizes, index values and entry said); PROVEN needs the index form proven for every size and every
size agreeing; otherwise CHECKED with the sizes -- a proof at n = 1, 2, 3 is not a proof for every n.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import replace

from sympy import Dummy, Eq, Integer, S

from ..core.claim import REALS, Claim, Domain, dimension
from ..core.deadline import ReadingTooSlow, reading_deadline
from ..core.errors import DerivcheckError, LatexParseError
from .index_form import NoIndexForm, index_claim
from ..numeric.arrays import numeric_claim
from ..notation.abstract import abstract_note
from ..notation.families import bind_families, family_notes
from ..notation.implicit import infer_arrays, undeclared_names
from ..notation.maps import map_capture
from ..notation.matrix_literal import resolve_literals
from ..notation.one_index import slice_notes
from ..notation.sum_exclusion import exclusion_notes
from ..notation.tree import argument_text, nodes
from ..notation.vector_reader import LARGE_SIZE, ShapeMismatch, parse_vector
from ..notation.sum_ranges import bound_sums
from ..notation.vector_where import read_vector_where, size_expr, with_abstract
from ..notation.explicit import claimed_at, conditions_at, size_assignments, sizes_text, statement_at
from ..notation.index_conditions import size_filters
from ..notation.free_indices import free_indices, index_overrun, label_overrun, undeclared_name, var_names
from ..notation.interpret import Interpreter
from ..notation.values import describe_shape
from ..notation.vector_definitions import ShapeBackend, check_definitions, definitions_used
from .model import Answer, StepClaim
from ..notation.vector_where import VectorSpec
from .model import sizes_list_text

__all__ = ["read_context", "vector_answer"]

EXPLICIT_SECONDS = 3.0  # building one small explicit size (or the index form) in the parent; then numbers only
# through definitions (a network), explicit matrices and the prover at the first two sizes only: at
# n = 3 the prover spends its whole budget on nested softmaxes; numbers there, and the index form, decide
NETWORK_SYMBOLIC_SIZES = 2
MAP_SIZE = 6  # the largest size drawn for a claim that applies a map

_REL_TEXT = {"=": "=", "<": "<", ">": ">", r"\le": "≤", r"\leq": "≤", r"\ge": "≥", r"\geq": "≥"}


def read_context(entries: list[str], functions: dict, where: str) -> tuple[VectorSpec, dict, list[str]]:
    """A vector claim's ``where`` as its statement sees it: the spec, each definition's shape, and the notes on
    arrays inferred there. Also what a document asks for the shapes of its arrays (``documents.indices``)."""
    spec = read_vector_where(entries, functions, where)
    # in where as in the statement: x^{(i)} inside Σ_i is example i (notation.families), a matrix written out
    # is its entries' rule (notation.matrix_literal)
    for name in spec.defined:
        spec.values[name] = _after_parse(spec.values[name], spec, f"{where}: where")
    spec.conditions = [(_after_parse(m, spec, what), rels, what) for m, rels, what in spec.conditions]
    # Σ_j u_j inside a definition: u is a vector there too, never a scalar named "u_j"
    inferred = infer_arrays([spec.values[name] for name in spec.defined], spec, f"{where}: where")
    return spec, check_definitions(spec), inferred


def vector_answer(answer_id: str, text: str, entries: list[str], functions: dict, where: str):
    spec, defined_shapes, inferred = read_context(entries, functions, where)
    members, rels = parse_vector(text, where=f"{where}: statement", functions=with_abstract(functions, spec), names=spec.names(),
                                 defined=frozenset(spec.defined), labels=frozenset(spec.labels),
                                 with_inputs=frozenset(spec.params))
    members = _after_parse(bound_sums(members, spec, f"{where}: statement", defined_shapes), spec, f"{where}: statement",
                           inferred)
    remark = []
    if len(rels) > 1 and rels[-1] == r"\in":  # A = B \in \mathbb{R}^{K \times K}: the shape is a remark on the chain
        members, rels = members[:-1], rels[:-1]
        remark = ["the shape at the end read as a remark, not checked (a shape alone, X \\in \\mathbb{R}^{…}, is)"]
    declared = set(spec.shapes) | set(spec.values)
    inferred += infer_arrays(members, spec, f"{where}: statement") + family_notes(spec)
    _property_of_unknowns(members, set(spec.shapes) - declared, declared, where)
    _derivative_through_unknowns(members, set(spec.shapes) - declared, spec, where)
    if not rels:
        raise LatexParseError(f"{where}: statement: no relation (=, <, \\le, >, \\ge) found; a claim must state one")
    if any(rel in (r"\neq", r"\ne") for rel in rels):
        raise LatexParseError(f"{where}: statement: a claim cannot be '≠'; write the equality and let derivcheck refute "
                              "it, or use a where condition")
    used = definitions_used(members, spec)
    # a map (\psi(z)_{ki} = …) is evaluated entry by entry: at n = 20 one point of ∂J/∂Z costs minutes
    mapped = any(node[0] == "call" and node[1].startswith("map:") for node in nodes([members] + [spec.values[n] for n in used]))
    sizes_list = size_assignments(sorted(spec.sizes.values(), key=str), seed=zlib.crc32(answer_id.encode()),
                                  cap=MAP_SIZE if mapped else LARGE_SIZE)
    steps, numerator_steps, shape_notes = [], [], []
    scope = ""
    for k, rel in enumerate(rels):
        index = k + 1
        shown = f"step {index}" if len(rels) > 1 else text
        step_id = f"{answer_id} step {index}" if len(rels) > 1 else answer_id
        pair = [members[k], members[k + 1]]
        if rel == r"\in":
            try:
                try:
                    steps.append(_shape_step(index, shown, pair, spec, step_id, where))
                except ShapeMismatch as first:  # ∂ℓ/∂ŷ ∂ŷ/∂z ∈ ℝ^{1×K}: the product exists only with rows
                    if not _has_gradient(pair):
                        raise
                    try:
                        steps.append(_shape_step(index, shown, pair, replace(spec, layout="numerator"), step_id, where))
                    except ShapeMismatch:
                        raise first from None
                    numerator_steps.append(index)
            except ShapeMismatch as exc:
                steps.append(StepClaim(index, shown, None, refuted=f"shapes differ: {exc}"))
            except DerivcheckError as exc:
                steps.append(StepClaim(index, shown, None, error=str(exc)))
            layout = steps[-1].claim.hints.get("shape_layout") if steps[-1].claim is not None else None
            if layout:
                shape_notes.append(f"{'' if len(rels) == 1 else f'step {index}: '}the shape read in {layout} layout")
            continue
        loose = _derivative_of_nothing(pair, spec)
        if loose:  # ∂L/∂o with L nowhere defined is 0: a refutation of what L only stands for
            steps.append(StepClaim(index, shown, None, error=f"{where}: the derivative of {loose}, which nothing declares "
                                                              f"or defines: write out what {loose} is (define it in where)"))
            continue
        overrun = index_overrun(pair, spec, {**spec.shapes, **defined_shapes}) or map_capture(
            pair + [spec.values[name] for name in used], spec) or label_overrun(pair + [spec.values[name] for name in used], spec)
        if overrun:  # at some sizes out of range, at others not: a verdict by the luck of the draw
            steps.append(StepClaim(index, shown, None, error=f"{where}: {overrun}"))
            continue
        alone = _derivative_of_declared(pair, spec)
        if alone:  # ∂o/∂h with o only declared is 0, as the scalar reader refuses ∂L/∂a for a bare L
            steps.append(StepClaim(index, shown, None, error=f"{where}: the derivative of {alone[0]}, which nothing defines (only "
                                                              f"its shape is known), so it does not depend on {alone[1]}: write out what "
                                                              f"{alone[0]} is (define it in where: {alone[0]} = …)"))
            continue
        try:
            try:
                sized, generic = _step_claims(pair, rel, spec, sizes_list, used, step_id, shown, where)
            except ShapeMismatch as first:
                if not _has_gradient(pair):
                    raise
                try:  # ∂ℓ/∂ŷ ∂ŷ/∂z: the shapes meet only if gradients are rows (numerator layout)
                    sized, generic = _step_claims(pair, rel, replace(spec, layout="numerator"), sizes_list, used,
                                                  step_id, shown, where)
                except ShapeMismatch:
                    raise first from None
                numerator_steps.append(index)
            if spec.sizes:
                claimed = [s for s, _ in sizes_list if claimed_at(pair, spec, s)]  # not k ∈ 1..n−1 at n = 1
                scope = scope or "checked at " + sizes_list_text(claimed or [s for s, _ in sizes_list])
            steps.append(StepClaim(index, shown, None, sized=tuple(sized), generic=generic))
        except ShapeMismatch as exc:
            loose = undeclared_names([members[k], members[k + 1], *(spec.values[name] for name in used)], spec)
            if loose:  # the shapes differ only if these names are scalars, which nothing says
                steps.append(StepClaim(index, shown, None, error=f"{where}: shapes differ ({exc}) if "
                                       f"{', '.join(loose)} {'is a scalar' if len(loose) == 1 else 'are scalars'}: "
                                       f"declare {'it' if len(loose) == 1 else 'them'} in where (\\mathbf{{v}} \\in "
                                       f"\\mathbb{{R}}^n, or v \\in \\mathbb{{R}} for a scalar)"))
            else:
                steps.append(StepClaim(index, shown, None, refuted=f"shapes differ: {exc}"))
        except DerivcheckError as exc:
            steps.append(StepClaim(index, shown, None, error=str(exc)))
    proven_scope = "all " + ", ".join(sorted(map(str, spec.sizes.values()))) if spec.sizes else ""
    notes = [*inferred, *_condition_notes(spec, entries), *_definition_notes(members, spec, used, entries), *slice_notes(members, spec), *exclusion_notes(members),
             *_shape_subscript_notes(members),
             *_layout_note(spec),
             *abstract_note(spec), *_broadcast_notes(members, rels, spec, where)]
    notes += shape_notes + remark
    if numerator_steps:
        which = "" if len(rels) == 1 else f"step{'s' if len(numerator_steps) > 1 else ''} " \
            f"{', '.join(map(str, numerator_steps))} "
        notes.append(f"{which}read in numerator layout (∂ℓ/∂v is a row vector), the only layout its shapes fit")
    if notes:
        scope = "; ".join(p for p in (scope, *notes) if p)
        proven_scope = "; ".join(p for p in (proven_scope, *notes) if p)
    return Answer(answer_id, text, tuple(steps), scope=scope, proven_scope=proven_scope)


def _after_parse(members, spec, what: str, notes: list | None = None):
    """What the ``where`` tells about a parsed tree: examples x^{(i)} of a sum, matrices written out."""
    return resolve_literals(bind_families(members, spec, what), spec, what, notes)


def _step_claims(pair, rel, spec, sizes_list, used, step_id, shown, where) -> tuple[list, Claim | None]:
    """One step's claims: one per size (explicit matrices where small, numbers beyond) and, where an
    index form exists, one for every size at once. Raises ``ShapeMismatch`` when the shapes differ."""
    sized = []
    too_slow = False
    for n, (sizes, symbolic) in enumerate(sizes_list):
        if not claimed_at(pair, spec, sizes):
            continue  # i ≠ j at n = 1: nothing is claimed at this size
        label = sizes_text(sizes) if sizes else ""
        cid = f"{step_id} @ {label}" if label else step_id
        claim = None
        if symbolic and not too_slow and not (used and n >= NETWORK_SYMBOLIC_SIZES):
            try:
                with reading_deadline(EXPLICIT_SECONDS):
                    claim = _explicit_claim(pair, rel, spec, sizes, cid, shown, where, n)
            except ReadingTooSlow:
                too_slow = True  # A^{20} of a symbolic 3×3 matrix: numbers only from this size on
        if claim is None:  # numbers only: numpy on the tree, in the worker (nothing large built here)
            claim = numeric_claim(pair, rel, spec, sizes, claim_id=cid, title=shown, source=where)
        if spec.abstract:  # a proof for f's random stand-in says nothing of every f: numbers only
            claim = replace(claim, numeric_only=True)
        sized.append((label, claim, not claim.numeric_only))
    if not sized and size_filters(spec) and sizes_list:  # K > 100: a size condition no size drawn meets
        said = ", ".join(re.search(r"where\[\d+\].*", w).group() for *_, w in size_filters(spec))
        raise LatexParseError(f"{where}: the conditions on sizes ({said}) hold at none of the sizes checked "
                              f"({sizes_list_text([s for s, _ in sizes_list])}), so nothing would be checked: "
                              f"state the claim for every size the condition allows from 1 or 2 on")
    generic = None
    if spec.sizes and not spec.abstract:
        try:
            with reading_deadline(EXPLICIT_SECONDS):
                generic = index_claim(pair, rel, spec, claim_id=f"{step_id} @ every size", title=shown, source=where)
        except (NoIndexForm, ReadingTooSlow):
            generic = None  # det, inverses, conditions on entries: the per-size checks decide
    return sized, generic


def _shape_step(index: int, shown: str, pair, spec, step_id: str, where: str) -> StepClaim:
    r"""``X \in \mathbb{R}^{m \times n}``: X's shape, by the shape rules, against the written one. A derivative
    ∂f/∂v may be written in either layout (its transpose), and the scope says which; a size where does not
    declare is an ERROR, a shape in no layout REFUTED. Right, it is a claim on sizes the prover settles."""
    expr, (_, dims, tok) = pair
    walk = Interpreter(spec, ShapeBackend(), f"{where}: statement")
    value = walk.ev(expr, {k: Dummy(k, integer=True) for k in free_indices([expr], spec)})
    written = []
    for dim in dims:
        text = "".join(t.text for t in dim)
        probe = replace(spec, sizes=dict(spec.sizes))
        size = size_expr(text, probe, f"{where}: statement, column {dim[0].col}")
        if set(probe.sizes) - set(spec.sizes):
            return StepClaim(index, shown, None, error=f"{where}: statement, column {dim[0].col}: {text} is not a size "
                                                       f"declared in where (the shapes there name the sizes)")
        written.append(size)
    shape = () if not written else ((written[0], Integer(1)) if len(written) == 1 else tuple(written))
    if value.fill:  # I \in \mathbb{R}^{K \times K}: the written shape is I's size (square for I)
        value = replace(value, shape=shape if value.fill != "eye" or (len(shape) == 2 and shape[0] == shape[1]) else None)
        if value.shape is None:
            return StepClaim(index, shown, None, refuted=f"shapes differ: I is square, not {describe_shape(shape)}")
    readings = [(value.shape, "")]
    if expr[0] == "grad" and expr[3:] == ("partial",) and value.shape:
        readings.append(((value.shape[1], value.shape[0]), "numerator" if value.shape[1] == 1 else "denominator"))
    for actual, layout in readings:
        if actual == shape or (actual == () and shape == (Integer(1), Integer(1))):
            claim = Claim(id=step_id, title=shown, source=where, topic="answers",
                          statement=(Eq(S(len(actual)), S(len(actual)), evaluate=False),
                                     *(Eq(a, b, evaluate=False) for a, b in zip(actual, shape))),
                          variables={sym: dimension() for sym in sorted(spec.sizes.values(), key=str)
                                     if any(S(d).has(sym) for d in actual)},
                          hints={"shape_layout": layout} if layout else {})
            return StepClaim(index, shown, claim)
    layouts = " (or its transpose, the other layout)" if len(readings) > 1 else ""
    differ = f"it is {describe_shape(value.shape)}{layouts}, not {describe_shape(shape)}"
    loose = undeclared_names([expr], spec)
    if loose:  # ∂L/∂x with x undeclared: a scalar only by default
        return StepClaim(index, shown, None, error=f"{where}: shapes differ ({differ}) if {', '.join(loose)} "
                                                   f"{'is a scalar' if len(loose) == 1 else 'are scalars'}: declare "
                                                   f"{'it' if len(loose) == 1 else 'them'} in where")
    return StepClaim(index, shown, None, refuted=f"shapes differ: {differ}")


def _property_of_unknowns(members, unknown: set, declared: set, where: str):
    """``\\sum c_i = 1`` with c declared nowhere ("since c is one-hot"): a property of an array only guessed
    at, not an identity of every c -- refused, never refuted. A derivative (∂/∂o_k of a loss of o) stays a claim."""
    if not unknown or _has_gradient(members):
        return
    names = set()
    stack = list(members)
    while stack:
        node = stack.pop()
        if isinstance(node, (tuple, list)):
            if isinstance(node, tuple) and node and node[0] == "var" and isinstance(node[1], str):
                names.add(node[1])
            stack.extend(c for c in node if isinstance(c, (tuple, list)))
    if not names & declared:
        them = ", ".join(sorted(unknown))
        raise LatexParseError(f"{where}: statement: {them} {'is' if len(unknown) == 1 else 'are'} not declared, and this "
                              f"relation (no derivative) states a property of {them}, not an identity for every value: "
                              f"declare {them} in where (its shape, or what it is, e.g. c = \\text{{onehot}}_k(y))")


def _derivative_through_unknowns(members, unknown: set, spec, where: str):
    r"""``\frac{\partial (-\log p_y)}{\partial z_k}`` with p declared nowhere (only inferred from its index): p would be
    independent of z, the derivative 0 and a true gradient REFUTED; the writer means the p computed from z (p =
    softmax(z)), which is not said -- refused, as a derivative of a name nothing defines is."""
    for node in nodes(members):
        if not (isinstance(node, tuple) and node and node[0] == "grad"):
            continue
        wrt, body = var_names(node[1]), var_names(node[2])
        if wrt and not wrt & body and body & unknown and not body & set(spec.values):
            them = ", ".join(sorted(body & unknown))
            raise LatexParseError(f"{where}: statement: the derivative with respect to {', '.join(sorted(wrt))} of an "
                                  f"expression in {them}, which nothing declares or defines: read as independent of "
                                  f"{', '.join(sorted(wrt))} it would be 0; define {them} in where ({them} = …)")


def _has_gradient(node) -> bool:
    if isinstance(node, list):
        return any(_has_gradient(child) for child in node)
    return isinstance(node, tuple) and bool(node) and (node[0] == "grad" or any(_has_gradient(c) for c in node[1:]))


def _broadcast_notes(members, rels, spec, where: str) -> list[str]:
    """What a scalar added to a vector was read as (``Interpreter.broadcast``), found by a walk over shapes;
    a step the walk cannot read says its own error when checked."""
    found: list[str] = []
    for k, rel in enumerate(rels):
        if rel == r"\in":
            continue
        walk = Interpreter(spec, ShapeBackend(), f"{where}: statement")
        env = {name: Dummy(name, integer=True) for name in free_indices(members[k:k + 2], spec)}
        try:
            walk.ev(members[k], env), walk.ev(members[k + 1], env)
        except (DerivcheckError, ShapeMismatch):
            pass
        found.extend(note for note in walk.said if note not in found)
    return found


def _layout_note(spec) -> list[str]:
    """What the scope says when ``where`` states the layout (``∂L/∂h \\in ℝ^{1×d_h}``)."""
    if not spec.layout_stated:
        return []
    entry = re.search(r"where\[\d+\]", spec.layout_stated).group()
    rows = "rows (numerator layout)" if spec.layout == "numerator" else "columns (denominator layout)"
    return [f"gradients of a scalar read as {rows}, as {entry} states"]


def _shape_subscript_notes(members) -> list[str]:
    """``w^{(2)}_{m \\times d_h}``: a shape written as a subscript is read as an annotation (not checked)."""
    found: list[str] = []
    for node in nodes(members):
        if node[0] == "sub" and any(getattr(t, "text", None) == r"\times" for t in node[2]) \
                and not (node[1][0] == "var" and node[1][1] == "I"):
            shown = " ".join(t.text.replace("\\times", "×") for t in node[2] if t.text not in "{}")
            found.extend([shown] if shown not in found else [])
    return [f"shape subscript{'s' if len(found) > 1 else ''} {', '.join(found)} read as "
            f"annotation{'s' if len(found) > 1 else ''}, not checked"] if found else []


def _condition_notes(spec, entries: list[str]) -> list[str]:
    """The ``where`` conditions the claim is checked under (x ≠ 0, λ > 0, i ≠ j), as written: the scope says them."""
    numbers = sorted({int(m.group(1)) for *_, what in spec.conditions if (m := re.search(r"where\[(\d+)\]", what))})
    written = list(dict.fromkeys(entries[k - 1].strip() for k in numbers if k <= len(entries)))  # k \neq y stated twice
    return ["where " + ", ".join(written)] if written else []


def _derivative_of_nothing(members, spec) -> str | None:
    r"""The name a derivative is taken of (∂L/∂\mathbf{o}) that nothing declares or defines: read as an
    independent scalar its derivative is 0, so a true gradient would be REFUTED. Its shape is still known (a
    shape claim ∂L/∂W ∈ ℝ^{m×n} is read)."""
    for node in nodes(members):
        if isinstance(node, tuple) and node and node[0] == "grad" and node[2][0] == "var":
            loose = undeclared_name(node[2], spec)
            if loose is not None:
                return loose
    return None


def _derivative_of_declared(members, spec) -> tuple[str, str] | None:
    r"""(name, variable) of a derivative ∂o/∂h (or ∂o_k/∂h_j) whose ``o`` where only declares and whose ``h`` is
    another name: o is then an independent variable and the derivative 0, while a document declares o^a ∈ ℝ^m
    for its shape and means the o^a it computes (seed 004, when that definition was not read)."""
    for node in nodes(members):
        if not (isinstance(node, tuple) and node and node[0] == "grad"):
            continue
        body = node[2][1] if node[2][0] == "sub" and isinstance(node[2][1], tuple) else node[2]
        if body[0] != "var":
            continue
        name = body[1]
        wrt = var_names(node[1])
        if name in spec.shapes and name not in spec.values and name not in spec.families and wrt and name not in wrt \
                and all(w in spec.shapes or w in spec.values for w in wrt):
            return name, ", ".join(sorted(wrt))
    return None


def _definition_notes(members, spec, used: list[str], entries: list[str]) -> list[str]:
    """What the scope says of the definitions: which ones the statement used (written out when short),
    and that ∂/∂v for a defined v takes v as the variable, at its value."""
    notes = []
    if used:
        numbers = [int(re.search(r"where\[(\d+)\]", spec.defined[name]).group(1)) for name in used]
        written = ", ".join(entries[k - 1].strip() for k in numbers)
        notes.append("with " + written if len(written) <= 120 else f"with {', '.join(used)} as defined in where")
    targets, applied = [], []

    def walk(node):
        if isinstance(node, tuple) and node and isinstance(node[0], str):
            if node[0] == "sub" and node[1][0] == "applied" and len(node[1]) > 4:  # s(x_i), s defined as s(x) = …
                base, arg, index = node[1][1][1], node[1][2][0][1], "".join(t.text for t in node[2])
                note = f"{base}({arg}_{index}) read as {base}({arg})_{index}, entry {index} of {base}"
                applied.extend([note] if note not in applied else [])
                walk(node[1][2])
                return
            if node[0] == "applied":
                base = node[1][1] if node[1][0] == "var" else node[1][1][1]
                how = "the value it is defined as" if base in spec.defined else "the parentheses only name its input"
                note = f"{base}({', '.join(map(argument_text, node[2]))}) read as {base}, {how}"
                applied.extend([note] if note not in applied else [])
            if node[0] == "call" and node[1].startswith("map:") and spec.maps.get(node[1][4:]) is not None \
                    and spec.maps[node[1][4:]].note and spec.maps[node[1][4:]].note not in applied:
                applied.append(spec.maps[node[1][4:]].note)  # s(x_i) = … in where, read as s(x)_i = …
            if node[0] == "on_data":
                note = f"{node[2]} read as the data the derivative is taken on, not a factor"
                applied.extend([note] if note not in applied else [])
            if node[0] == "grad":
                wrt = node[1][1] if node[1][0] == "var" else (node[1][1][1] if node[1][0] == "sub" else None)
                if wrt in spec.defined and wrt not in targets:
                    targets.append(wrt)
            for child in node[1:]:
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk([members, *(spec.values[name] for name in used)])  # δ = ∂J/∂z in where: z is cut there too
    for (name, _), site in spec.readings.items():  # -log o^s_y(x) in L(x, y) = …, which o^s_y times x would read too
        base, arg = site.rstrip(")").split("(", 1)
        note = f"{site} in the definition of {name} read as {base} at {arg}: a log-loss, the log of a probability, not " \
               f"of a vector {base} times {arg}"
        applied.extend([note] if name in used and note not in applied else [])
    notes += [f"∂/∂{v} with {v} as the variable, at its value" for v in targets] + applied
    return notes


ENTRY_SAMPLE_HI = 10
ENTRY = Domain(sample_hi=ENTRY_SAMPLE_HI)
NETWORK_ENTRY = Domain(sample_hi=2)  # through definitions (a network's layers) e^{…} of [−10, 10]² sums overflows


def _explicit_claim(members, rel, spec, sizes, cid, shown, where, seed) -> Claim:
    """The step at one small size with explicit SymPy matrices (prover and spot-checker both run)."""
    relations, walk, labels = statement_at(members, [rel], spec, sizes, where, seed=seed, with_labels=True)
    conditions = conditions_at(spec, walk, members)
    free = set()
    for r in list(relations) + conditions:
        free |= {s for s in r.free_symbols}
    # entries of vectors and matrices are drawn from [−ENTRY_SAMPLE_HI, ENTRY_SAMPLE_HI]: e^{(Wh)_i}
    # overflows float64 at the spot-checker's wide real mixture and every point went to 60 digits
    # (minutes for softmax(Wh) at 3×3); the proof at these sizes still covers every real entry
    entries = set().union(*(m.free_symbols for m in walk.b.symbols.values() if hasattr(m, "shape")))
    network = bool(definitions_used(members, spec))  # a scalar there (LeakyReLU's α) from [−10, 10] too
    entry, scalar = (NETWORK_ENTRY, ENTRY) if network else (ENTRY, REALS)
    variables = {s: entry if s in entries else scalar for s in sorted(free, key=str)}
    return Claim(id=cid, title=shown, source=where, topic="answers", statement=tuple(relations),
                 variables=variables, conditions=tuple(conditions),
                 hints={"sizes": sizes, "relation_labels": tuple(labels)})


