"""Claims: small, immutable statements with their domains, conditions and provenance.

A claim says: every relation in ``statement`` holds for all values of ``variables`` in their
domains that satisfy every entry of ``conditions``. Domains are declared per variable
(``REALS``, ``interval(0, 1)``, ``integers(1)``); conditions relate variables (``Ne(x, 0)`` at a
kink, ``i + 2*p >= k``). Prover and spot-checker honour both, and ``scope`` says them in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

from sympy import (
    Basic,
    Eq,
    Expr,
    Ge,
    Gt,
    Le,
    Lt,
    Ne,
    S,
    Symbol,
    oo,
)
from sympy.core.relational import Relational
from sympy.logic.boolalg import Boolean

from .errors import InvalidClaim

__all__ = ["Domain", "REALS", "interval", "integers", "Claim", "RELATIONS"]

RELATIONS = (Eq, Lt, Le, Gt, Ge)


@dataclass(frozen=True)
class Domain:
    """An interval of the real line, or of the integers.

    ``sample_lo``/``sample_hi`` bound what the spot-checker draws when the domain is unbounded
    (integers are drawn from a finite window; reals use their own mixture, see spotcheck).
    """

    lo: Expr = -oo
    hi: Expr = oo
    lo_open: bool = True
    hi_open: bool = True
    integer: bool = False
    sample_hi: int | None = None

    def contains(self, value) -> bool:
        v = S(value)
        if self.integer and not v.is_integer:
            return False
        above = v > self.lo if self.lo_open else v >= self.lo
        below = v < self.hi if self.hi_open else v <= self.hi
        return bool(above) and bool(below)

    def describe(self, name: str) -> str:
        if self.integer:
            if self.lo == -oo and self.hi == oo:
                return f"{name} ∈ ℤ"
            parts = [f"{name} ∈ ℤ"]
            if self.lo != -oo:
                parts.append(f"{name} ≥ {self.lo}")
            if self.hi != oo:
                parts.append(f"{name} ≤ {self.hi}")
            return ", ".join(parts)
        if self.lo == -oo and self.hi == oo:
            return f"{name} ∈ ℝ"
        left = "" if self.lo == -oo else f"{self.lo} {'<' if self.lo_open else '≤'} "
        right = "" if self.hi == oo else f" {'<' if self.hi_open else '≤'} {self.hi}"
        return f"{left}{name}{right}"

    def fresh_symbol(self, name: str) -> Symbol:
        """A symbol carrying the strongest SymPy assumptions this domain implies."""
        kw: dict = {"integer": True} if self.integer else {"real": True}
        if self.lo != -oo:
            if self.lo > 0 or (self.lo == 0 and self.lo_open):
                kw["positive"] = True
            elif self.lo >= 0:
                kw["nonnegative"] = True
            elif self.integer and self.lo > -1:
                kw["nonnegative"] = True
        if self.hi != oo:
            if self.hi < 0 or (self.hi == 0 and self.hi_open):
                kw["negative"] = True
            elif self.hi <= 0:
                kw["nonpositive"] = True
        return Symbol(name, **kw)


REALS = Domain()


def interval(lo, hi, *, lo_open: bool = True, hi_open: bool = True) -> Domain:
    """The real interval between lo and hi (open at both ends unless told otherwise)."""
    return Domain(S(lo), S(hi), lo_open, hi_open)


def integers(lo=-oo, hi=oo, *, sample_hi: int | None = None) -> Domain:
    """The integers in [lo, hi]; ``sample_hi`` caps what the spot-checker draws."""
    return Domain(S(lo), S(hi), False, False, True, sample_hi)


@dataclass(frozen=True)
class Claim:
    """One identity or inequality, with where it holds and where it comes from."""

    id: str
    title: str
    source: str
    topic: str
    statement: tuple[Relational, ...]
    variables: Mapping[Symbol, Domain]
    conditions: tuple[Boolean, ...] = ()
    notes: str = ""
    hints: Mapping[str, object] = field(default_factory=dict)
    # An extra numeric check written independently of the statement (e.g. numpy.convolve
    # lengths); returns (points checked, counterexample or None). Optional.
    extra_check: Callable | None = None

    def __post_init__(self):
        self.validate()

    # -- well-formedness -------------------------------------------------------------------
    def validate(self) -> None:
        where = f"claim {self.id!r}"
        if not self.statement:
            raise InvalidClaim(f"{where}: empty statement")
        for rel in self.statement:
            if not isinstance(rel, RELATIONS):
                raise InvalidClaim(
                    f"{where}: statement {rel!r} is a {type(rel).__name__}, not a relation "
                    "(=, <, ≤, >, ≥); a relation that SymPy already decided to True/False "
                    "cannot be checked"
                )
        declared = set(self.variables)
        for rel in self.statement + tuple(self.conditions):
            if not isinstance(rel, Basic):
                raise InvalidClaim(f"{where}: {rel!r} is not a SymPy expression")
            free = {s for s in rel.free_symbols if isinstance(s, Symbol)}
            missing = free - declared - self._bound_symbols(rel)
            if missing:
                names = ", ".join(sorted(str(m) for m in missing))
                raise InvalidClaim(f"{where}: symbol(s) {names} used but not declared in variables")
        for cond in self.conditions:
            if cond in (S.true, S.false) or not isinstance(cond, (Relational, Boolean)):
                raise InvalidClaim(f"{where}: condition {cond!r} is not a condition on variables")

    @staticmethod
    def _bound_symbols(expr) -> set:
        """Index symbols bound by a Sum/Limit/Integral inside ``expr``."""
        from sympy import Integral, Limit, Product, Sum

        bound = set()
        for node in expr.find(lambda e: isinstance(e, (Sum, Product, Integral, Limit))):
            if isinstance(node, Limit):
                bound.add(node.args[1])
            else:
                bound |= {lim[0] for lim in node.limits}
        return bound

    # -- description -----------------------------------------------------------------------
    @property
    def sizes(self) -> tuple[Symbol, ...]:
        """Integer variables: dimensions, indices, counts."""
        return tuple(s for s, d in self.variables.items() if d.integer)

    @property
    def scope(self) -> str:
        """Where the claim is stated to hold, in words: "x ∈ ℝ, x ≠ 0"."""
        parts = [dom.describe(str(sym)) for sym, dom in self.variables.items()]
        parts += [describe_condition(c) for c in self.conditions]
        return ", ".join(parts) if parts else "no free variables"

    @property
    def kind(self) -> str:
        return "inequality" if any(not isinstance(r, Eq) for r in self.statement) else "equality"


def describe_condition(cond) -> str:
    """``Ne(x, 0)`` -> "x ≠ 0"."""
    ops = {Ne: "≠", Lt: "<", Le: "≤", Gt: ">", Ge: "≥", Eq: "="}
    for cls, op in ops.items():
        if isinstance(cond, cls):
            return f"{cond.lhs} {op} {cond.rhs}"
    return str(cond)
