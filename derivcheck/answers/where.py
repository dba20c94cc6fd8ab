r"""The ``where`` of an answer: each symbol's domain (``x \in (0, 1)``, ``n \in \mathbb{N}``), sizes and
index ranges, and the ``functions`` an answer defines; read from TOML values, with errors that say what to write."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sympy import FiniteSet, Float, S, Symbol, oo, solveset

from ..core.deadline import ReadingTooSlow, reading_deadline
from ..core.functions import unfold

from ..core.claim import Domain
from ..core.errors import AnswerFileError
from ..notation.definitions import parse_definition
from ..notation.scalar_reader import Chain, Iff, Membership, Rounded, parse_condition
from ..notation.letters import GREEK
from ..notation.tokens import tagged_names
from ..notation.scalar_reader import exact_number
from ..notation.statements import relation



def toml_type(value) -> str:
    """The TOML name of a decoded value's type, for error messages."""
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string", list: "an array", dict: "a table"}
    return next((n for t, n in names.items() if isinstance(value, t)), "a date or time")


def string_list(value, what: str, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise AnswerFileError(f"{where}: '{what}' must be a string or a list of strings, not {toml_type(value)}")
    for number, item in enumerate(value, 1):
        if not isinstance(item, str):
            raise AnswerFileError(f"{where}: '{what}[{number}]' must be a string, not {toml_type(item)}")
    return list(value)


def function_table(value, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise AnswerFileError(f"{where}: 'functions' must be a table of name = \"built-in\", not {toml_type(value)}")
    for k, v in value.items():
        if not isinstance(v, str):
            raise AnswerFileError(f"{where}: 'functions.{k}' must be the name of a built-in function (a string), not {toml_type(v)}")
    out = {}
    for name, target in value.items():
        key = name.strip().lstrip("\\")
        # only a name the parser can see before "(" may be declared: anything else is a typo (or worse)
        if not (re.fullmatch(r"[A-Za-z]", key) or key in GREEK):
            raise AnswerFileError(f"{where}: functions: {name!r} is not a letter or a Greek letter such as \\sigma")
        out[key] = target
    return out


@dataclass
class Bounds:
    """What the ``where`` entries say about one symbol (intersected as they come)."""

    integer: bool = False
    lo: object = -oo
    hi: object = oo
    lo_open: bool = True
    hi_open: bool = True

    def above(self, value, strict: bool) -> None:
        if value > self.lo or (value == self.lo and strict and not self.lo_open):
            self.lo, self.lo_open = value, strict

    def below(self, value, strict: bool) -> None:
        if value < self.hi or (value == self.hi and strict and not self.hi_open):
            self.hi, self.hi_open = value, strict

    def domain(self) -> Domain:
        lo, hi, lo_open, hi_open = self.lo, self.hi, self.lo_open, self.hi_open
        if self.integer:
            from sympy import ceiling, floor

            if lo != -oo:
                lo = floor(lo) + 1 if (lo_open and lo.is_integer) else ceiling(lo)
            if hi != oo:
                hi = ceiling(hi) - 1 if (hi_open and hi.is_integer) else floor(hi)
            return Domain(S(lo), S(hi), False, False, True, None)
        return Domain(S(lo), S(hi), lo_open, hi_open)


@dataclass
class Where:
    bounds: dict = field(default_factory=dict)  # name -> Bounds
    conditions: list = field(default_factory=list)
    values: dict = field(default_factory=dict)  # name -> exact value
    definitions: dict = field(default_factory=dict)  # name -> Definition (J(\theta) = …)
    tagged: frozenset = frozenset()  # names with a tag the entries declare (o^a, z^[1])

    def declared(self) -> frozenset:
        """Names the entries declare as variables (a bound, a value, or a mention in a condition)."""
        mentioned = {str(s) for c in self.conditions for s in getattr(c, "free_symbols", ())}
        return frozenset(self.bounds) | frozenset(self.values) | frozenset(mentioned)
    texts: list = field(default_factory=list)
    solved: list = field(default_factory=list)  # what the scope says of the equations solved for a value


def _is_bare_symbol(e) -> bool:
    return isinstance(e, Symbol)


def _is_constant(e) -> bool:
    return not isinstance(e, (Chain, Iff, Membership)) and (isinstance(e, Rounded) or (hasattr(e, "free_symbols") and not e.free_symbols and e.is_real is not False))


def _value(e):
    return e.value if isinstance(e, Rounded) else S(e)


SOLVE_SECONDS = 2.0


def _solutions(members, relations, out: Where):
    """``σ(a) = 0.1`` or ``1707264 = … + 14520x + …``: an equation in one variable that nothing else gives, and
    its real solutions (exact, found within ``SOLVE_SECONDS``, at most a few), or None (a condition, as ever).
    ``read_where`` keeps the ones the bounds allow: one is the variable's value; several are an ERROR asking for
    the value meant (no sampled point would satisfy the equation, and picking one would be a guess)."""
    if len(members) != 2 or relations != ("EQ",):
        return None
    expr = unfold(exact_number(members[0]) - exact_number(members[1]))
    free = [s for s in expr.free_symbols if isinstance(s, Symbol)]
    if len(free) != 1 or str(free[0]) in out.definitions or expr.has(Float):
        return None
    try:
        with reading_deadline(SOLVE_SECONDS):
            found = solveset(expr, free[0], S.Reals)
    except (ReadingTooSlow, NotImplementedError, ValueError, TypeError):
        return None
    if not isinstance(found, FiniteSet) or not found.args or len(found.args) > 8:
        return None
    return free[0], sorted(found.args, key=lambda v: float(v))


def read_where(entries: list[str], functions: dict, where: str) -> Where:
    out = Where(tagged=tagged_names(entries))
    pending: list = []
    for number, text in enumerate(entries, 1):
        what = f"where[{number}] {text!r}"
        definition = parse_definition(text, claim=where, functions=functions, definitions=out.definitions, what=what,
                                      tagged=out.tagged)
        if definition is not None:
            out.definitions[definition.name] = definition
            out.texts.append(text)
            continue
        parsed = parse_condition(text, claim=where, functions=functions, what=what, tagged=out.tagged)
        out.texts.append(text)
        if isinstance(parsed, Membership):
            for sym in parsed.symbols:
                b = out.bounds.setdefault(str(sym), Bounds())
                kind = parsed.set_kind
                if kind == "Z":
                    b.integer = True
                elif kind == "N":
                    b.integer = True
                    b.above(S.Zero, False)
                elif kind == "N+" or kind == "Z+":
                    b.integer = True
                    b.above(S.One, False)
                elif kind == "R+":
                    b.above(S.Zero, True)
                elif kind == "Z-range":  # \{0, 1\}, \{1, 2, 3\}: the whole numbers lo..hi
                    lo, hi, _, _ = parsed.interval
                    b.integer = True
                    b.above(lo, False)
                    b.below(hi, False)
                elif kind == "interval":
                    lo, hi, lo_open, hi_open = parsed.interval
                    if lo.free_symbols or hi.free_symbols:
                        raise AnswerFileError(f"{where}: {what}: interval ends must be numbers")
                    b.above(lo, lo_open)
                    b.below(hi, hi_open)
            continue
        if isinstance(parsed, Iff) or not isinstance(parsed, Chain):
            raise AnswerFileError(f"{where}: {what}: expected a condition such as 'x > 0' or 'n \\in \\mathbb{{N}}'")
        members = parsed.members
        if len(members) == 2 and parsed.relations == ("EQ",) and _is_bare_symbol(members[0]) and _is_constant(members[1]):
            name, value = str(members[0]), _value(members[1])
            if name in out.values and out.values[name] != value:
                raise AnswerFileError(f"{where}: {what}: {name} is already given the value {out.values[name]}; no value is both")
            out.values[name] = value
            continue
        solved = _solutions(members, parsed.relations, out)
        if solved is not None:  # σ(a) = 0.1: a = -log 9, its one real solution (chosen once every bound is read)
            pending.append((solved, text.strip(), what))
            continue
        for rel, a, b in zip(parsed.relations, members, members[1:]):
            a_sym, b_sym = _is_bare_symbol(a), _is_bare_symbol(b)
            if rel in ("LT", "LE", "GT", "GE") and (a_sym and _is_constant(b) or b_sym and _is_constant(a)):
                sym, value, flipped = (a, _value(b), False) if a_sym else (b, _value(a), True)
                if value.free_symbols or not value.is_real:
                    raise AnswerFileError(f"{where}: {what}: the bound {value} is not a real number")
                strict = rel in ("LT", "GT")
                upper = (rel in ("LT", "LE")) != flipped
                bounds = out.bounds.setdefault(str(sym), Bounds())
                (bounds.below if upper else bounds.above)(value, strict)
                continue

            cond = relation(rel, exact_number(a), exact_number(b), evaluate=True)
            if cond in (S.true, S.false):
                raise AnswerFileError(f"{where}: {what}: this condition is always {'true' if cond is S.true else 'false'}")
            out.conditions.append(cond)
    for (sym, found), text, what in pending:
        bounds = out.bounds.get(str(sym))
        found = [v for v in found if bounds is None or bounds.domain().contains(v)]
        if len(found) != 1 or str(sym) in out.values:
            shown = ", ".join(str(v) for v in found[:4]) or "no value its bounds allow"
            raise AnswerFileError(f"{where}: {what}: this equation holds at {sym} = {shown}: give the value meant ({sym} = …)")
        out.values[str(sym)] = found[0]
        out.solved.append(f"{text} read as {sym} = {found[0]}, its one real solution" + (" there" if bounds else ""))
    for name, d in out.definitions.items():
        if d.bare and name in out.declared():  # y = σ(a) and y ∈ [0, 1]: a name for σ(a), or a variable?
            raise AnswerFileError(f"{where}: {d.text!r} defines {name} as an expression, and where also treats {name} as "
                                  f"a variable with a condition: is ∂{name}/∂ through the expression, or 0? Keep one of the two")
    return out
