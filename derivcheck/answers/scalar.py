r"""Answer files: a person's own claims in TOML + LaTeX, cut into one derivcheck ``Claim`` per step.

An answer file has optional ``[defaults]`` (``where``, ``functions``) and ``[[claim]]`` tables
(``id`` required and unique; ``statement``; optional ``where`` and ``functions``). A statement
``A = B \le C`` is a chain: step k relates member k and member k + 1, and each step becomes its
own ``Claim`` so the runner checks it, under its time limit, with a proof attempt and an
independent numeric check. ``aggregate`` turns the step results back into one verdict per answer,
with the first wrong step (1-based).

Decimals are rounded values (``round_step``): ``\frac{1}{3} = 0.333`` holds because 1/3 lies
within half a unit of the last written digit of 0.333; the step is checked as the two
inequalities ``0.3325 \le 1/3 \le 0.3335``. A decimal elsewhere (inside an expression, or in an
inequality) is taken at its exact written value.

A bad file, claim or ``where`` entry is an ERROR for that claim (or that file) only.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sympy import Eq, Ge, Gt, Le, Lt, S, Symbol, oo
from sympy.core.relational import Relational

from ..core.claim import REALS, Claim, Domain
from ..core.errors import AnswerFileError, DerivcheckError, LatexParseError
from ..notation.scalar_reader import GREEK, Chain, Iff, Membership, Rounded, VECTORS_UNSUPPORTED, parse_condition, parse_statement
from ..core.functions import indicator
from ..notation.vector_reader import looks_vectorial
from ..core.verdict import Result, Verdict

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["AnswerFile", "Answer", "StepClaim", "load_answers", "parse_answers", "aggregate", "AnswerResult"]

MAX_FILE_BYTES = 8 * 1024**2  # an answer file larger than this is refused unread

_RELATION_TEXT = {"EQ": "=", "LT": "<", "GT": ">", "LE": "≤", "GE": "≥", "NE": "≠", "IFF": "⇔"}
_RELATION_CLASS = {"EQ": Eq, "LT": Lt, "GT": Gt, "LE": Le, "GE": Ge}


@dataclass(frozen=True)
class StepClaim:
    """Step ``index`` (1-based) of an answer: its relation as written and the claim that checks it."""

    index: int
    relation: str
    claim: Claim | None
    error: str | None = None
    rounded: str | None = None  # the decimal this step rounds to, if it is a rounding step
    sized: tuple = ()  # vector steps: (sizes text, Claim, symbolic?) per concrete size
    refuted: str | None = None  # vector steps refuted before any number (shapes that differ)
    generic: Claim | None = None  # vector steps: the same step in index form, for every size at once

    @property
    def claims(self) -> tuple[Claim, ...]:
        """Every claim the runner must check for this step."""
        return ((self.claim,) if self.claim is not None else ()) + tuple(c for _, c, _ in self.sized) + (
            (self.generic,) if self.generic is not None else ())


@dataclass(frozen=True)
class Answer:
    """One ``[[claim]]`` of an answer file, with its steps (or the error that stopped it)."""

    id: str
    statement: str
    steps: tuple[StepClaim, ...] = ()
    error: str | None = None
    scope: str = ""
    proven_scope: str = ""  # vector answers: the scope when every step is proven for every size


@dataclass(frozen=True)
class AnswerFile:
    """A parsed answer file; ``error`` is set when the file itself cannot be read."""

    path: str
    answers: tuple[Answer, ...] = ()
    error: str | None = None


def load_answers(path: str | Path) -> AnswerFile:
    """Read and parse an answer file; never raises for bad content (errors are recorded)."""
    path = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return AnswerFile(path, error=f"{path}: cannot read: {exc.strerror or exc}")
    if len(raw) > MAX_FILE_BYTES:
        return AnswerFile(path, error=f"{path}: larger than {MAX_FILE_BYTES // 1024**2} MiB; not read")
    not_utf8 = None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Read on with U+FFFD in place of the bad bytes, so the claims that do not contain them
        # are still checked; the file itself is reported as an error.
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        not_utf8 = f"{path}: line {line}, column {column}: not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        text = raw.decode("utf-8", errors="replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return AnswerFile(path, error=not_utf8 or f"{path}: not valid TOML: {exc}")
    except RecursionError:  # tomllib recurses once per nested array or inline table
        return AnswerFile(path, error=not_utf8 or f"{path}: not valid TOML: arrays or tables nested too deeply")
    parsed = parse_answers(data, path=path, not_utf8=not_utf8 is not None)
    if not_utf8 and parsed.error is None:
        return AnswerFile(path, parsed.answers, error=not_utf8)
    return parsed


def parse_answers(data: dict, *, path: str = "<answers>", not_utf8: bool = False) -> AnswerFile:
    """Build the answers of an already decoded TOML document.

    ``not_utf8``: the file had bytes that are not UTF-8 (decoded as U+FFFD); a claim that contains
    one is an ERROR, the others are read as usual.
    """
    try:
        defaults = _defaults(data, path)
    except AnswerFileError as exc:
        return AnswerFile(path, error=str(exc))
    unknown = set(data) - {"defaults", "claim"}
    if unknown:
        return AnswerFile(path, error=f"{path}: unknown top-level key(s) {', '.join(sorted(unknown))} (expected [defaults] and [[claim]])")
    tables = data.get("claim", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        return AnswerFile(path, error=f"{path}: 'claim' must be an array of tables ([[claim]])")
    if not tables:
        return AnswerFile(path, error=f"{path}: no [[claim]] in the file")
    answers = []
    seen: set[str] = set()
    for number, table in enumerate(tables, 1):
        raw_id = table.get("id")
        label = raw_id if isinstance(raw_id, str) and raw_id.strip() else f"#{number}"
        statement = table.get("statement", "")
        where = f"{path}: claim {label!r}"
        if not isinstance(raw_id, str) or not raw_id.strip():
            answers.append(Answer(label, str(statement), error=f"{where}: 'id' is required (a non-empty string)"))
            continue
        if raw_id in seen:
            answers.append(Answer(f"{raw_id} (#{number})", str(statement), error=f"{where}: id {raw_id!r} is used twice in this file"))
            continue
        seen.add(raw_id)
        bad_place = _replacement_place(table) if not_utf8 else None
        if bad_place:
            answers.append(Answer(raw_id, str(statement), error=f"{where}: {bad_place}: bytes that are not UTF-8"))
            continue
        try:
            answers.append(_answer(raw_id, table, defaults, where))
        except DerivcheckError as exc:
            answers.append(Answer(raw_id, str(statement), error=str(exc)))
    return AnswerFile(path, tuple(answers))


def _replacement_place(table: dict) -> str | None:
    """Where the first U+FFFD (an undecodable byte) of a claim table is: 'statement, column 3'."""
    for key, value in table.items():
        values = value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else [value]
        for number, item in enumerate(values, 1):
            if isinstance(item, str) and "\ufffd" in item:
                name = f"{key}[{number}]" if isinstance(value, list) else key
                return f"{name}, column {item.index(chr(0xFFFD)) + 1}"
        if isinstance(key, str) and "\ufffd" in key:
            return f"key {key!r}"
    return None


def _toml_type(value) -> str:
    """The TOML name of a decoded value's type, for error messages."""
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string", list: "an array", dict: "a table"}
    return next((n for t, n in names.items() if isinstance(value, t)), "a date or time")


def _string_list(value, what: str, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise AnswerFileError(f"{where}: '{what}' must be a string or a list of strings, not {_toml_type(value)}")
    for number, item in enumerate(value, 1):
        if not isinstance(item, str):
            raise AnswerFileError(f"{where}: '{what}[{number}]' must be a string, not {_toml_type(item)}")
    return list(value)


def _function_table(value, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise AnswerFileError(f"{where}: 'functions' must be a table of name = \"built-in\", not {_toml_type(value)}")
    for k, v in value.items():
        if not isinstance(v, str):
            raise AnswerFileError(f"{where}: 'functions.{k}' must be the name of a built-in function (a string), not {_toml_type(v)}")
    out = {}
    for name, target in value.items():
        key = name.strip().lstrip("\\")
        # only a name the parser can see before "(" may be declared: anything else is a typo (or worse)
        if not (re.fullmatch(r"[A-Za-z]", key) or key in GREEK):
            raise AnswerFileError(f"{where}: functions: {name!r} is not a letter or a Greek letter such as \\sigma")
        out[key] = target
    return out


def _defaults(data: dict, path: str) -> dict:
    raw = data.get("defaults", {})
    if not isinstance(raw, dict):
        raise AnswerFileError(f"{path}: [defaults] must be a table")
    unknown = set(raw) - {"where", "functions"}
    if unknown:
        raise AnswerFileError(f"{path}: [defaults] has unknown key(s) {', '.join(sorted(unknown))} (expected where, functions)")
    return {"where": _string_list(raw.get("where", []), "where", f"{path}: [defaults]"),
            "functions": _function_table(raw.get("functions", {}), f"{path}: [defaults]")}


# --- domains -------------------------------------------------------------------------------------


@dataclass
class _Bounds:
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
class _Where:
    bounds: dict = field(default_factory=dict)  # name -> _Bounds
    conditions: list = field(default_factory=list)
    values: dict = field(default_factory=dict)  # name -> exact value
    texts: list = field(default_factory=list)


def _is_bare_symbol(e) -> bool:
    return isinstance(e, Symbol)


def _is_constant(e) -> bool:
    return not isinstance(e, (Chain, Iff, Membership)) and (isinstance(e, Rounded) or (hasattr(e, "free_symbols") and not e.free_symbols and e.is_real is not False))


def _value(e):
    return e.value if isinstance(e, Rounded) else S(e)


def _read_where(entries: list[str], functions: dict, where: str) -> _Where:
    out = _Where()
    for number, text in enumerate(entries, 1):
        what = f"where[{number}] {text!r}"
        parsed = parse_condition(text, claim=where, functions=functions, what=what)
        out.texts.append(text)
        if isinstance(parsed, Membership):
            for sym in parsed.symbols:
                b = out.bounds.setdefault(str(sym), _Bounds())
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
        for rel, a, b in zip(parsed.relations, members, members[1:]):
            a_sym, b_sym = _is_bare_symbol(a), _is_bare_symbol(b)
            if rel in ("LT", "LE", "GT", "GE") and (a_sym and _is_constant(b) or b_sym and _is_constant(a)):
                sym, value, flipped = (a, _value(b), False) if a_sym else (b, _value(a), True)
                if value.free_symbols or not value.is_real:
                    raise AnswerFileError(f"{where}: {what}: the bound {value} is not a real number")
                strict = rel in ("LT", "GT")
                upper = (rel in ("LT", "LE")) != flipped
                bounds = out.bounds.setdefault(str(sym), _Bounds())
                (bounds.below if upper else bounds.above)(value, strict)
                continue
            from ..notation.scalar_reader import _exact, _relation

            cond = _relation(rel, _exact(a), _exact(b), evaluate=True)
            if cond in (S.true, S.false):
                raise AnswerFileError(f"{where}: {what}: this condition is always {'true' if cond is S.true else 'false'}")
            out.conditions.append(cond)
    return out


# --- statements ----------------------------------------------------------------------------------


def _answer(answer_id: str, table: dict, defaults: dict, where: str) -> Answer:
    unknown = set(table) - {"id", "statement", "where", "functions", "title", "source", "notes"}
    if unknown:
        raise AnswerFileError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} (expected id, statement, where, functions)")
    text = table.get("statement")
    if text is not None and not isinstance(text, str):
        raise AnswerFileError(f"{where}: 'statement' must be a LaTeX string, not {_toml_type(text)}")
    if not isinstance(text, str) or not text.strip():
        raise AnswerFileError(f"{where}: 'statement' is required (a LaTeX string)")
    for key in ("title", "source", "notes"):
        if key in table and not isinstance(table[key], str):
            raise AnswerFileError(f"{where}: '{key}' must be a string, not {_toml_type(table[key])}")
    functions = {**defaults["functions"], **_function_table(table.get("functions", {}), where)}
    entries = defaults["where"] + _string_list(table.get("where", []), "where", where)
    if looks_vectorial([text, *entries], functions):
        from .vector import vector_answer

        return vector_answer(answer_id, text, entries, functions, where)
    conditions = _read_where(entries, functions, where)
    parsed = parse_statement(text, claim=where, functions=functions)
    if isinstance(parsed, Iff):
        member_texts = [text]
        steps_spec = [("IFF", indicator(parsed.left), indicator(parsed.right), text)]
    elif isinstance(parsed, Chain):
        member_texts = [text[a:b].strip() for a, b in parsed.spans]
        steps_spec = []
        for k, rel in enumerate(parsed.relations):
            if rel == "NE":
                raise LatexParseError(f"{where}: statement: a claim cannot be '≠' (step {k + 1}); write the equality and let derivcheck refute it, or use a where condition")
            steps_spec.append((rel, parsed.members[k], parsed.members[k + 1], f"{member_texts[k]} {_RELATION_TEXT[rel]} {member_texts[k + 1]}"))
    else:
        raise LatexParseError(f"{where}: statement: no relation (=, <, \\le, >, \\ge) found; a claim must state one")
    exact_members = [m for m in (parsed.members if isinstance(parsed, Chain) else ()) if not isinstance(m, Rounded)]
    steps = []
    scope = ""
    for index, (rel, a, b, shown) in enumerate(steps_spec, 1):
        step_id = f"{answer_id} step {index}" if len(steps_spec) > 1 else answer_id
        try:
            relations, rounded = _step_relations(rel, a, b, exact_members, index, parsed)
            claim = _claim(step_id, shown, relations, conditions, where)
            scope = scope or claim.scope
            steps.append(StepClaim(index, shown, claim, rounded=rounded))
        except DerivcheckError as exc:
            steps.append(StepClaim(index, shown, None, error=str(exc)))
    return Answer(answer_id, text, tuple(steps), scope=scope)


def _step_relations(rel: str, a, b, exact_members: list, index: int, parsed) -> tuple[tuple[Relational, ...], str | None]:
    """One step as relations; an equality with a written decimal becomes a rounding interval."""
    if rel == "IFF":
        return (Eq(a, b, evaluate=False),), None
    if rel == "EQ" and (isinstance(a, Rounded) or isinstance(b, Rounded)):
        return round_step(a, b, exact_members, index, parsed)
    cls = _RELATION_CLASS[rel]
    return (cls(_exact_of(a), _exact_of(b), evaluate=False),), None


def _exact_of(m):
    return m.value if isinstance(m, Rounded) else m


def round_step(a, b, exact_members: list, index: int, parsed) -> tuple[tuple[Relational, ...], str]:
    """``v = 0.333``: |v − 0.333| ≤ ½·10⁻³, as ``0.3325 ≤ v`` and ``v ≤ 0.3335``.

    When both sides are decimals the value checked is the nearest exactly written member of the
    chain (before this step if there is one); with no exact member the two decimals must agree.
    """
    if isinstance(a, Rounded) and isinstance(b, Rounded):
        members = list(parsed.members)
        before = [m for m in members[:index] if not isinstance(m, Rounded)]
        after = [m for m in members[index + 1:] if not isinstance(m, Rounded)]
        reference = before[-1] if before else (after[0] if after else None)
        if reference is None:
            return (Eq(a.value, b.value, evaluate=False),), None
        exact, decimal = reference, b
    elif isinstance(b, Rounded):
        exact, decimal = a, b
    else:
        exact, decimal = b, a
    lo, hi = decimal.value - decimal.half_ulp, decimal.value + decimal.half_ulp
    return (Ge(exact, lo, evaluate=False), Le(exact, hi, evaluate=False)), decimal.text


def _claim(step_id: str, shown: str, relations, where_info: _Where, where: str) -> Claim:
    values = {Symbol(name, real=True): v for name, v in where_info.values.items()}
    relations = tuple(type(r)(r.lhs.xreplace(values), r.rhs.xreplace(values), evaluate=False) for r in relations)
    free = set()
    for r in relations:
        free |= {s for s in r.free_symbols if isinstance(s, Symbol)}
    # sum limits: an undeclared symbolic upper limit is a whole number ≥ lower limit − 1
    from sympy import Sum

    implied: dict[str, _Bounds] = {}
    for r in relations:
        for node in r.atoms(Sum):
            for _, lo, hi in node.limits:
                for end in (lo, hi):
                    if isinstance(end, Symbol) and str(end) not in where_info.bounds:
                        b = implied.setdefault(str(end), _Bounds(integer=True))
                        if end == hi and lo.is_Integer:
                            b.above(lo - 1, False)
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


def _contains(dom: Domain, value) -> bool:
    try:
        return dom.contains(value)
    except TypeError:  # SymPy cannot decide the comparison: let the checks judge the claim
        return True


# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepResult:
    index: int
    relation: str
    verdict: Verdict
    result: Result | None
    message: str | None = None
    rounded: str | None = None
    at: str | None = None  # vector steps: the sizes where the counterexample was found

    @property
    def counterexample(self) -> str | None:
        if self.verdict is Verdict.REFUTED and self.result is not None:
            text = _counterexample_text(self.result, self.rounded)
            return f"at {self.at}: {text}" if self.at else text
        if self.verdict is Verdict.REFUTED:
            return self.message  # refuted before any number: shapes that differ
        return None


@dataclass(frozen=True)
class AnswerResult:
    """The verdict of one answer: the worst of its steps, and the first wrong one."""

    id: str
    statement: str
    verdict: Verdict
    steps: tuple[StepResult, ...]
    message: str | None
    scope: str
    first_wrong_step: int | None
    seconds: float

    def to_json(self) -> dict:
        wrong = next((s for s in self.steps if s.index == self.first_wrong_step), None)
        return {
            "id": self.id,
            "statement": self.statement,
            "verdict": self.verdict.value,
            "scope": self.scope,
            "generic": self.verdict is Verdict.PROVEN and all(s.result is None or s.result.generic for s in self.steps),
            "seconds": round(self.seconds, 4),
            "message": self.message,
            "counterexample": (dict(wrong.result.evidence.counterexample) if wrong and wrong.result and wrong.result.evidence else None),
            "first_wrong_step": self.first_wrong_step,
            "steps": [
                {"index": s.index, "relation": s.relation, "verdict": s.verdict.value,
                 "counterexample": s.counterexample, "message": s.message,
                 "method": s.result.method if s.result else None}
                for s in self.steps
            ],
        }


def _counterexample_text(result: Result, rounded: str | None) -> str:
    ev = result.evidence
    where = ", ".join(f"{k} = {_fmt(v)}" for k, v in ev.counterexample.items())
    prefix = f"at {where}: " if where else ""
    if rounded is not None:
        return f"{prefix}left = {ev.lhs_value}, which does not round to {rounded}"
    return f"{prefix}left = {ev.lhs_value}, right = {ev.rhs_value}"


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.6g}".replace("-", "−")
    return str(v).replace("-", "−")


_ORDER = (Verdict.ERROR, Verdict.TIMEOUT, Verdict.CHECKED, Verdict.PROVEN)


def aggregate(answer: Answer, results: dict[str, Result]) -> AnswerResult:
    """Combine the results of an answer's steps: REFUTED if any step is, then ERROR, TIMEOUT, CHECKED."""
    if answer.error is not None:
        return AnswerResult(answer.id, answer.statement, Verdict.ERROR, (), answer.error, answer.scope, None, 0.0)
    steps = []
    for step in answer.steps:
        if step.refuted is not None:
            steps.append(StepResult(step.index, step.relation, Verdict.REFUTED, None, step.refuted))
            continue
        if step.sized:
            from .vector import combine_sizes

            verdict, r, msg, at = combine_sizes(step, results)
            steps.append(StepResult(step.index, step.relation, verdict, r, msg, at=at))
            continue
        if step.claim is None:
            steps.append(StepResult(step.index, step.relation, Verdict.ERROR, None, step.error, step.rounded))
            continue
        r = results[step.claim.id]
        steps.append(StepResult(step.index, step.relation, r.verdict, r, r.message, step.rounded))
    seconds = sum(s.result.seconds for s in steps if s.result)
    refuted = [s for s in steps if s.verdict is Verdict.REFUTED]
    if refuted:
        first = refuted[0]
        label = f"step {first.index} ({first.relation}) is wrong: " if len(steps) > 1 else ""
        message = label + first.counterexample
        return AnswerResult(answer.id, answer.statement, Verdict.REFUTED, tuple(steps), message, answer.scope, first.index, seconds)
    for verdict in _ORDER:
        hit = [s for s in steps if s.verdict is verdict]
        if hit:
            message = None
            if verdict is not Verdict.PROVEN:
                first = hit[0]
                label = f"step {first.index}: " if len(steps) > 1 else ""
                message = label + (first.message or verdict.value)
            scope = answer.proven_scope if verdict is Verdict.PROVEN and answer.proven_scope else answer.scope
            return AnswerResult(answer.id, answer.statement, verdict, tuple(steps), message, scope, None, seconds)
    return AnswerResult(answer.id, answer.statement, Verdict.ERROR, (), "no steps", answer.scope, None, seconds)  # pragma: no cover
