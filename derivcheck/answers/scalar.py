r"""Scalar answers: a statement in LaTeX cut into one derivcheck ``Claim`` per step.

An answer file has optional ``[defaults]`` (``where``, ``functions``) and ``[[claim]]`` tables
(``id`` required and unique; ``statement``; optional ``where`` and ``functions``). A statement
``A = B \le C`` is a chain: step k relates member k and member k + 1, and each step becomes its
own ``Claim`` so the runner checks it, under its time limit, with a proof attempt and an
independent numeric check. ``aggregate`` turns the step results back into one verdict per answer,
with the first wrong step (1-based).

Decimals are rounded values (``round_step``): ``\frac{1}{3} = 0.333`` holds because 1/3 lies
within half a unit of the last written digit of 0.333; the step is checked as the two
inequalities ``0.3325 \le 1/3 \le 0.3335``. ``\approx`` (or ``\simeq``) with a written decimal is
the same check, where a truncation holds too (the decimal cut off, up to one unit of its last digit
nearer 0 than the value): ``-\log 0.1 \approx 2.30``, ``2.303`` and ``2.302`` (ln 10 = 2.302585…),
not ``2.31`` or ``2.29``; ``\approx`` between two expressions is refused while reading (an
approximation, not an identity). A decimal elsewhere (inside an
expression, or in an inequality) is taken at its exact written value.

A bad file, claim or ``where`` entry is an ERROR for that claim (or that file) only.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sympy import Derivative, Eq, Ge, Gt, Le, Lt, Ne, Piecewise, S, Symbol
from sympy.core.relational import Relational

from ..core.claim import REALS, Claim, Domain
from ..core.errors import AnswerFileError, DerivcheckError, LatexParseError
from ..notation.scalar_reader import Chain, Iff, Rounded, parse_statement
from ..notation.statements import APPROXIMATION_RULE, hypotheses, trailing_condition, trailing_declaration, strip_labels
from ..core.functions import indicator
from ..notation.routing import looks_vectorial
from ..notation.any_size import any_size
from ..notation.one_hot import one_hot
from ..notation.case_chains import CASE_CHAINS, split_case_chains
from .model import Answer, StepClaim
from .reading import read_once
from .where import Bounds, Where, function_table, read_where, string_list, toml_type
from .vector import vector_answer
from .vector_parts import several_relations


__all__ = ["round_step"]

_RELATION_TEXT = {"EQ": "=", "LT": "<", "GT": ">", "LE": "≤", "GE": "≥", "NE": "≠", "IFF": "⇔", "APPROX": "≈"}
_RELATION_CLASS = {"EQ": Eq, "LT": Lt, "GT": Gt, "LE": Le, "GE": Ge}


# --- domains -------------------------------------------------------------------------------------


# --- statements ----------------------------------------------------------------------------------


def grading_keys(table: dict, where: str) -> tuple[float, bool]:
    """``points`` (a positive number, default 1) and ``partial`` (a boolean, default false) of a claim."""
    points = table.get("points", 1)
    if isinstance(points, bool) or not isinstance(points, (int, float)):
        raise AnswerFileError(f"{where}: 'points' must be a positive number, not {toml_type(points)}")
    if not points > 0 or points == float("inf"):
        raise AnswerFileError(f"{where}: 'points' must be a positive number, got {points}")
    partial = table.get("partial", False)
    if not isinstance(partial, bool):
        raise AnswerFileError(f"{where}: 'partial' must be true or false, not {toml_type(partial)}")
    return float(points), partial


def points_of(table: dict) -> tuple[float, bool]:
    """The claim's points and partial flag, or the defaults when they are bad (an answer that is an
    ERROR still counts its points in the maximum)."""
    try:
        return grading_keys(table, "")
    except AnswerFileError:
        return 1.0, False


def answer(answer_id: str, table: dict, defaults: dict, where: str) -> Answer:
    unknown = set(table) - {"id", "statement", "where", "functions", "title", "source", "notes", "points", "partial"}
    if unknown:
        raise AnswerFileError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} "
                              f"(expected id, statement, where, functions, points, partial)")
    points, partial = grading_keys(table, where)
    # every input of the reading but ``where`` (file and claim, which the copies are moved to)
    key = (answer_id, repr([(k, table[k]) for k in _READ_KEYS if k in table]), repr(defaults))
    found = read_once(key, where, lambda: _answer(answer_id, table, defaults, where))
    return found if (points, partial) == (1.0, False) else replace(found, points=points, partial=partial)


_READ_KEYS = ("statement", "where", "functions", "title", "source", "notes")


def _answer(answer_id: str, table: dict, defaults: dict, where: str) -> Answer:
    text = table.get("statement")
    if text is not None and not isinstance(text, str):
        raise AnswerFileError(f"{where}: 'statement' must be a LaTeX string, not {toml_type(text)}")
    if not isinstance(text, str) or not text.strip():
        raise AnswerFileError(f"{where}: 'statement' is required (a LaTeX string)")
    for key in ("title", "source", "notes"):
        if key in table and not isinstance(table[key], str):
            raise AnswerFileError(f"{where}: '{key}' must be a string, not {toml_type(table[key])}")
    try:
        text, label_notes = strip_labels(text)
    except LatexParseError as exc:
        raise LatexParseError(f"{where}: statement, {exc}") from None
    functions = {**defaults["functions"], **function_table(table.get("functions", {}), where)}
    entries = defaults["where"] + string_list(table.get("where", []), "where", where)
    defined = {m.group(1) for e in entries for m in [re.match(r"\s*(\\?[A-Za-z]+)\s*(?:\(|=(?!=)(?!\s*-?[\d.]+\s*$))", e)] if m}
    text, assumed, assumed_notes = hypotheses(text, frozenset(defined))  # x > 0 \Rightarrow |x| = x
    text, trailing, trailing_notes = trailing_condition(text, frozenset(defined))  # |x| = x \text{ if } x > 0
    text, declared, declared_notes = trailing_declaration(text, entries)  # … \quad ; \quad w \in \mathbb{R}^{m}
    assumed, assumed_notes = assumed + trailing + declared, assumed_notes + trailing_notes + declared_notes
    entries, label_notes = entries + list(assumed), label_notes + assumed_notes
    entries, hot_notes = one_hot(entries)  # t_h = 1, t_k = 0 for k ≠ h: one definition, t_k = [k = h]
    label_notes += tuple(hot_notes)
    sized, sized_notes = any_size(text, entries, functions)  # Σ_j e^{y_j} with y declared nowhere: y of any length n
    entries, label_notes = entries + sized, label_notes + tuple(sized_notes)
    parts = _IMPLIES.split(text)  # A = B \Rightarrow C = D: each relation checked on its own, in either reader
    joined = f"{len(parts)} relations joined by ⇒, each checked on its own" if len(parts) > 1 else ""
    if looks_vectorial([text, *entries], functions):
        chains = split_case_chains(text)  # = \begin{cases} A = B & i \neq j \\ …: each branch's chain on its own
        said = CASE_CHAINS.format(len(chains)) if chains else joined
        found = several_relations(answer_id, text, chains or parts, entries, functions, where, frozenset(defined), said) \
            if chains or len(parts) > 1 else vector_answer(answer_id, text, entries, functions, where)
        if not label_notes:
            return found
        notes = "; ".join(label_notes)  # in the scope proven for every size too: a hypothesis is part of the claim
        return replace(found, scope="; ".join(p for p in (found.scope, notes) if p),
                       proven_scope=f"{found.proven_scope}; {notes}" if found.proven_scope else "")
    conditions = read_where(entries, functions, where)
    label_notes += (joined,) if joined else ()
    steps_spec = []
    notes: tuple = ()
    for part in parts:
        parsed = parse_statement(part, claim=where, functions=functions, definitions=conditions.definitions,
                                 declared=conditions.declared(), tagged=conditions.tagged)
        notes += tuple(n for n in (parsed.notes if isinstance(parsed, Chain) else ()) if n not in notes)
        steps_spec += _steps_of(parsed, part, where, len(steps_spec))
    if any(rel == "APPROX" for rel, *_ in steps_spec):
        notes += (APPROXIMATION_RULE,)
    steps = []
    scope = ""
    for index, (rel, a, b, shown, parsed, k) in enumerate(steps_spec, 1):
        exact_members = [m for m in (parsed.members if isinstance(parsed, Chain) else ()) if not isinstance(m, Rounded)]
        step_id = f"{answer_id} step {index}" if len(steps_spec) > 1 else answer_id
        try:
            relations, rounded = _step_relations(rel, a, b, exact_members, k, parsed)
            claim = _claim(step_id, shown, relations, conditions, where)
            scope = scope or claim.scope
            steps.append(StepClaim(index, shown, claim, rounded=rounded))
        except DerivcheckError as exc:
            steps.append(StepClaim(index, shown, None, error=str(exc)))
    definitions = tuple(d.text for d in conditions.definitions.values())
    scope = "; ".join(p for p in (scope, *conditions.solved, *definitions, *notes, *label_notes) if p)
    return Answer(answer_id, text, tuple(steps), scope=scope)


_IMPLIES = re.compile(r"\\(?:Rightarrow|Longrightarrow|implies|therefore)(?![A-Za-z])")


def _steps_of(parsed, text: str, where: str, before: int) -> list[tuple]:
    """The steps one relation chain states: (relation, left, right, as written, the parse, k in the chain)."""
    if isinstance(parsed, Iff):
        return [("IFF", indicator(parsed.left), indicator(parsed.right), text, parsed, 1)]
    if not isinstance(parsed, Chain):
        raise LatexParseError(f"{where}: statement: no relation (=, <, \\le, >, \\ge) found in {text.strip()!r}; a claim must state one")
    member_texts = [text[a:b].strip() for a, b in parsed.spans]
    out = []
    for k, rel in enumerate(parsed.relations):
        if rel == "NE":
            raise LatexParseError(f"{where}: statement: a claim cannot be '≠' (step {before + k + 1}); write the equality and let derivcheck refute it, or use a where condition")
        out.append((rel, parsed.members[k], parsed.members[k + 1], f"{member_texts[k]} {_RELATION_TEXT[rel]} {member_texts[k + 1]}",
                    parsed, k + 1))
    return out


def _step_relations(rel: str, a, b, exact_members: list, index: int, parsed) -> tuple[tuple[Relational, ...], str | None]:
    """One step as relations; an equality with a written decimal becomes a rounding interval."""
    if rel == "IFF":
        return (Eq(a, b, evaluate=False),), None
    if rel == "EQ" and (isinstance(a, Rounded) or isinstance(b, Rounded)):
        return round_step(a, b, exact_members, index, parsed)
    if rel == "APPROX":  # the reader let it through only with a written decimal on one side
        return round_step(a, b, exact_members, index, parsed, truncated=True)
    cls = _RELATION_CLASS[rel]
    return (cls(_exact_of(a), _exact_of(b), evaluate=False),), None


def _exact_of(m):
    return m.value if isinstance(m, Rounded) else m


def round_step(a, b, exact_members: list, index: int, parsed, *, truncated: bool = False) -> tuple[tuple[Relational, ...], str]:
    """``v = 0.333``: |v − 0.333| ≤ ½·10⁻³, as ``0.3325 ≤ v`` and ``v ≤ 0.3335``. ``truncated`` (≈): the
    decimal may also be v cut off after its last digit, so on the side away from 0 the bound is one
    unit, not half: ``v \\approx 2.30`` is 2.295 ≤ v < 2.31, ``v \\approx -2.30`` is -2.31 < v ≤ -2.295.

    When both sides are decimals the value checked is the nearest exactly written member of the
    chain (before this step if there is one); with no exact member the two decimals must agree.
    """
    if isinstance(a, Rounded) and isinstance(b, Rounded):
        members = list(parsed.members)
        before = [m for m in members[:index] if not isinstance(m, Rounded)]
        after = [m for m in members[index + 1:] if not isinstance(m, Rounded)]
        reference = before[-1] if before else (after[0] if after else None)
        if reference is None and not truncated:
            return (Eq(a.value, b.value, evaluate=False),), None
        if reference is None:  # 2.303 \approx 2.30: the finer decimal's value agrees with the coarser one
            exact, decimal = (a.value, b) if b.half_ulp >= a.half_ulp else (b.value, a)
        else:
            exact, decimal = reference, b
    elif isinstance(b, Rounded):
        exact, decimal = a, b
    else:
        exact, decimal = b, a
    lower = Ge(exact, decimal.value - decimal.half_ulp, evaluate=False)
    upper = Le(exact, decimal.value + decimal.half_ulp, evaluate=False)
    if truncated and decimal.value >= 0:
        upper = Lt(exact, decimal.value + 2 * decimal.half_ulp, evaluate=False)
    if truncated and decimal.value <= 0:
        lower = Gt(exact, decimal.value - 2 * decimal.half_ulp, evaluate=False)
    return (lower, upper), decimal.text + (", nor truncate to it" if truncated else "")


def _at(expr, values: dict):
    """``expr`` at the values ``where`` gives; a derivative with respect to a valued variable is taken first,
    then evaluated there (d/dx x² with x = 3 is 6; replacing x first would differentiate with respect to 3)."""
    if any(set(d.variables) & set(values) for d in expr.atoms(Derivative)):
        return expr.subs(values)
    return expr.xreplace(values)


def _claim(step_id: str, shown: str, relations, where_info: Where, where: str) -> Claim:
    values = {Symbol(name, real=True): v for name, v in where_info.values.items()}
    relations = tuple(type(r)(_at(r.lhs, values), _at(r.rhs, values), evaluate=False) for r in relations)
    free = set()
    for r in relations:
        free |= {s for s in r.free_symbols if isinstance(s, Symbol)}
    # sum limits: an undeclared symbolic upper limit is a whole number ≥ lower limit − 1
    from sympy import Sum

    implied: dict[str, Bounds] = {}
    for r in relations:
        for node in r.atoms(Sum):
            for _, lo, hi in node.limits:
                for end in (lo, hi):
                    if isinstance(end, Symbol) and str(end) not in where_info.bounds:
                        b = implied.setdefault(str(end), Bounds(integer=True))
                        if end == hi and lo.is_Integer:
                            b.above(lo - 1, False)
            _label_compared(node, {**implied, **where_info.bounds}, where)
    conditions = []
    for cond in where_info.conditions:
        cond = cond.xreplace(values)
        if cond is S.true:
            continue
        if cond is S.false:
            raise AnswerFileError(f"{where}: a where condition is false for the given values")
        conditions.append(cond)
        free |= {s for s in cond.free_symbols if isinstance(s, Symbol)}
    variables = {}
    for sym in sorted(free, key=str):
        bounds = where_info.bounds.get(str(sym)) or implied.get(str(sym))
        variables[sym] = bounds.domain() if bounds is not None else REALS
    # every declared bound, also on a symbol the statement does not use or that is given a value:
    # a `where` that no value satisfies would make the claim vacuously true
    domains = {**{name: b.domain() for name, b in where_info.bounds.items()}, **{str(s): d for s, d in variables.items()}}
    for name, dom in domains.items():
        if dom.lo > dom.hi or (dom.lo == dom.hi and (dom.lo_open or dom.hi_open)):
            raise AnswerFileError(f"{where}: the conditions on {name} leave no value ({dom.describe(name)})")
        if name in where_info.values and not _contains(dom, where_info.values[name]):
            raise AnswerFileError(f"{where}: the value {name} = {where_info.values[name]} does not satisfy {dom.describe(name)}")
    return Claim(id=step_id, title=shown, source=where, topic="answers", statement=relations,
                 variables=variables, conditions=tuple(conditions))


def _label_compared(node, bounds: dict, where: str) -> None:
    r"""``\sum_{k=1}^{K} [k = y]`` with y declared nowhere as a whole number: y is a label (y ∈ {1, …, K}) or any real
    (then the bracket is 0 for every k unless y is whole): refused, never read as either silently."""
    indices = {v for v, *_ in node.limits}
    for pw in node.function.atoms(Piecewise):
        for _, cond in pw.args:
            if not isinstance(cond, (Eq, Ne)):
                continue
            for a, b in ((cond.lhs, cond.rhs), (cond.rhs, cond.lhs)):
                if a in indices and isinstance(b, Symbol) and b not in indices \
                        and not (str(b) in bounds and bounds[str(b)].integer):
                    raise LatexParseError(f"{where}: {b} is compared with the sum's index {a}, and nothing says {b} is a "
                                          f"whole number: declare its range ({b} \\in \\{{1, \\dots, n\\}}, a label); "
                                          f"as any real number the comparison would fail at every {a} but whole {b}")


def _contains(dom: Domain, value) -> bool:
    try:
        return dom.contains(value)
    except TypeError:  # SymPy cannot decide the comparison: let the checks judge the claim
        return True


# --- results -------------------------------------------------------------------------------------


