"""Claims: small, immutable statements with their domains, conditions and provenance.

A claim says: every relation in ``statement`` holds for all values of ``variables`` in their
domains that satisfy every entry of ``conditions``. Domains are declared per variable
(``REALS``, ``interval(0, 1)``, ``integers(1)``); conditions relate variables (``Ne(x, 0)`` at a
kink, ``i + 2*p >= k``). Prover and spot-checker honour both, and ``scope`` says them in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Mapping

from sympy import (
    Basic,
    Derivative,
    Eq,
    Expr,
    Ge,
    Gt,
    Le,
    Lt,
    Indexed,
    IndexedBase,
    Integer,
    Rational,
    S,
    Symbol,
    oo,
)
from sympy.core.relational import Relational
from sympy.logic.boolalg import Boolean

from .errors import InvalidClaim
from .provenance import Provenance, provenance
from .text import text

__all__ = ["Domain", "REALS", "interval", "integers", "dimension", "index", "vector", "matrix", "Claim", "RELATIONS",
           "ForEvery"]

RELATIONS = (Eq, Lt, Le, Gt, Ge)


@dataclass(frozen=True)
class Domain:
    """An interval of the real line, or of the integers.

    ``sample_lo``/``sample_hi`` bound what the spot-checker draws when the domain is unbounded
    (integers are drawn from a finite window; reals use their own mixture, see spotcheck).

    A non-empty ``shape`` (lengths, which may be size symbols such as ``n``) makes it the domain
    of an array variable (an ``IndexedBase``) whose every entry lies in the interval: ``vector(n)``
    is ℝⁿ. Bounds may be size symbols too: ``index(n)`` is the integers 1..n.
    """

    lo: Expr = -oo
    hi: Expr = oo
    lo_open: bool = True
    hi_open: bool = True
    integer: bool = False
    sample_hi: int | None = None
    shape: tuple = ()

    @property
    def element(self) -> "Domain":
        """The domain of one entry of an array variable (the domain itself for a scalar)."""
        return Domain(self.lo, self.hi, self.lo_open, self.hi_open, self.integer, self.sample_hi)

    def renamed(self, mapping: dict) -> "Domain":
        """The same domain with size symbols in its bounds and shape replaced."""
        return Domain(S(self.lo).xreplace(mapping), S(self.hi).xreplace(mapping), self.lo_open, self.hi_open,
                      self.integer, self.sample_hi, tuple(S(d).xreplace(mapping) for d in self.shape))

    def contains(self, value) -> bool:
        v = S(value)
        if self.integer and not v.is_integer:
            return False
        above = v > self.lo if self.lo_open else v >= self.lo
        below = v < self.hi if self.hi_open else v <= self.hi
        return bool(above) and bool(below)

    def describe(self, name: str) -> str:
        """``name``'s domain in words, bounds and sizes printed as statements print them (α, d_h)."""
        lo, hi = text(self.lo), text(self.hi)
        if self.shape:
            dims = "×".join(text(d) for d in self.shape)
            dims = dims if len(self.shape) == 1 and S(self.shape[0]).is_Atom else "{" + dims + "}"
            if self.integer:
                return f"{name} ∈ {{{lo}..{hi}}}^{dims}"
            entry = self.element.describe(f"{name}_·")
            return f"{name} ∈ ℝ^{dims}" + ("" if entry.endswith("∈ ℝ") else f", {entry}")
        if self.integer and self.lo != -oo and self.hi != oo and not S(self.hi).is_number:
            return f"{lo} ≤ {name} ≤ {hi}"
        if self.integer:
            if self.lo == -oo and self.hi == oo:
                return f"{name} ∈ ℤ"
            parts = [f"{name} ∈ ℤ"]
            if self.lo != -oo:
                parts.append(f"{name} ≥ {lo}")
            if self.hi != oo:
                parts.append(f"{name} ≤ {hi}")
            return ", ".join(parts)
        if self.lo == -oo and self.hi == oo:
            return f"{name} ∈ ℝ"
        left = "" if self.lo == -oo else f"{lo} {'<' if self.lo_open else '≤'} "
        right = "" if self.hi == oo else f" {'<' if self.hi_open else '≤'} {hi}"
        return f"{left}{name}{right}"

    def fresh_symbol(self, name: str) -> Symbol:
        """A symbol carrying the strongest SymPy assumptions this domain implies."""
        if self.shape:
            return IndexedBase(name, **({"integer": True} if self.integer else {"real": True}))
        kw: dict = {"integer": True} if self.integer else {"real": True}
        if self.lo != -oo and S(self.lo).is_number:
            if self.lo > 0 or (self.lo == 0 and self.lo_open):
                kw["positive"] = True
            elif self.lo >= 0:
                kw["nonnegative"] = True
            elif self.integer and self.lo > -1:
                kw["nonnegative"] = True
        if self.hi != oo and S(self.hi).is_number:
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


def dimension(lo=1, *, sample_hi: int = 64) -> Domain:
    """A size such as n, m, K: an integer ≥ ``lo``; spot-checks draw it from lo..``sample_hi``."""
    return integers(lo, sample_hi=sample_hi)


def index(size) -> Domain:
    """An index into an axis of length ``size``: the integers 1..size."""
    return Domain(S.One, S(size), False, False, True)


def vector(length, *, of: Domain | None = None) -> Domain:
    """ℝ^length (or, with ``of=index(m)``, labels in 1..m): declare a vector variable's length."""
    of = of or REALS
    return Domain(of.lo, of.hi, of.lo_open, of.hi_open, of.integer, of.sample_hi, (S(length),))


def matrix(rows, cols, *, of: Domain | None = None) -> Domain:
    """ℝ^{rows×cols}: declare a matrix variable's shape."""
    of = of or REALS
    return Domain(of.lo, of.hi, of.lo_open, of.hi_open, of.integer, of.sample_hi, (S(rows), S(cols)))


class ForEvery(Boolean):
    """A condition for every value of an index: ``ForEvery(Ne(h[j], 0), (j, 1, n))`` is h_j ≠ 0, j = 1..n.

    Needed where one claim reaches many kinks at once (∂L/∂x crosses every hidden unit's kink). The
    prover reads a quantified ``Ne`` as an excluded kink for every index in the range; the
    spot-checker writes it out at each drawn size and samples only points where every instance holds.
    """

    def __new__(cls, condition, limit):
        from sympy import Tuple, sympify

        var, lo, hi = limit
        return Boolean.__new__(cls, sympify(condition), Tuple(var, sympify(lo), sympify(hi)))

    @property
    def condition(self):
        return self.args[0]

    @property
    def limit(self):
        return tuple(self.args[1])

    @property
    def free_symbols(self):
        var, lo, hi = self.limit
        return (self.condition.free_symbols - {var}) | lo.free_symbols | hi.free_symbols

    def written_out(self):
        """And of every instance, once the range's bounds are integers (else self)."""
        from sympy import And

        var, lo, hi = self.limit
        if not (lo.is_Integer and hi.is_Integer):
            return self
        return And(*[self.condition.xreplace({var: Integer(v)}) for v in range(int(lo), int(hi) + 1)])

    def _latex(self, printer):
        var, lo, hi = self.limit
        return rf"{printer._print(self.condition)} \ \forall {printer._print(var)} \in \{{{printer._print(lo)}, \dots, {printer._print(hi)}\}}"


BOUNDARY_VALUES = 24  # at most this many per claim: one full of constants still samples mostly at random


@dataclass(frozen=True)
class Claim:
    """One identity or inequality, with where it holds and where it comes from."""

    id: str
    title: str
    source: Provenance  # given as a string, a Source or several; stored as a Provenance (core.provenance)
    topic: str
    statement: tuple[Relational, ...]
    variables: Mapping[Symbol, Domain]
    conditions: tuple[Boolean, ...] = ()
    notes: str = ""
    hints: Mapping[str, object] = field(default_factory=dict)  # data only (sizes, labels): never a callable
    # A numeric check of the claim's own, called as ``numeric_check(claim, seed) -> Evidence`` instead
    # of ``spot_check`` (vector claims: numpy at a large size; an index form with fewer size draws).
    numeric_check: Callable | None = None
    # ``numeric_check`` is all there is: no proof is attempted (explicit matrices too large to prove).
    numeric_only: bool = False
    # An extra numeric check written independently of the statement (e.g. numpy.convolve
    # lengths); returns (points checked, counterexample or None). Optional.
    extra_check: Callable | None = None

    def __post_init__(self):
        object.__setattr__(self, "source", provenance(self.source))
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
        declared = set(self.variables) | {s.label for s in self.variables if isinstance(s, IndexedBase)}
        for rel in self.statement + tuple(self.conditions):
            if not isinstance(rel, Basic):
                raise InvalidClaim(f"{where}: {rel!r} is not a SymPy expression")
            free = {s for s in rel.free_symbols if isinstance(s, Symbol)}
            missing = free - declared - self._bound_symbols(rel)
            if missing:
                names = ", ".join(sorted(str(m) for m in missing))
                raise InvalidClaim(f"{where}: symbol(s) {names} used but not declared in variables")
        self._check_indexing(where)
        for rel in self.statement:
            for d in rel.atoms(Derivative):
                for var, count in d.variable_count:
                    if not (S(count).is_Integer and count >= 1):
                        raise InvalidClaim(f"{where}: the derivative by {var} has order {count}; an order is a "
                                           "positive integer")
        for cond in self.conditions:
            if cond in (S.true, S.false) or not isinstance(cond, (Relational, Boolean)):
                raise InvalidClaim(f"{where}: condition {cond!r} is not a condition on variables")
            for every in (cond.atoms(ForEvery) | ({cond} if isinstance(cond, ForEvery) else set())):
                var = every.limit[0]
                if not (isinstance(var, Symbol) and var.is_integer) or var in self.variables:
                    raise InvalidClaim(f"{where}: in condition {describe_condition(every)}, the index {var} must be an "
                                       "integer symbol that is not one of the claim's variables")

    def _check_indexing(self, where: str) -> None:
        """Every array is declared with its shape, indexed with as many indices as it has axes,
        and each index ranges over exactly its axis (1..n for an axis of length n)."""
        from sympy import Product, Sum

        arrays = {str(s): d for s, d in self.variables.items() if isinstance(s, IndexedBase)}
        for s, d in self.variables.items():
            if isinstance(s, IndexedBase) != bool(d.shape):
                kind = "an array (IndexedBase)" if isinstance(s, IndexedBase) else "a scalar"
                raise InvalidClaim(f"{where}: {s} is {kind} but its domain {d.describe(str(s))} "
                                   f"{'has no' if not d.shape else 'has a'} shape (use vector(n)/matrix(p, q) for arrays)")

        def walk(expr, ranges):
            if isinstance(expr, ForEvery):
                var, lo, hi = expr.limit
                walk(expr.condition, {**ranges, var: (lo, hi)})
                return
            if isinstance(expr, (Sum, Product)):
                inner = dict(ranges)
                for var, lo, hi in expr.limits:
                    inner[var] = (lo, hi)
                walk(expr.function, inner)
                return
            if isinstance(expr, Indexed):
                name = str(expr.base)
                if name not in arrays:
                    raise InvalidClaim(f"{where}: array {name} used but not declared in variables")
                shape = arrays[name].shape
                if len(expr.indices) != len(shape):
                    raise InvalidClaim(f"{where}: shape mismatch: {expr} has {len(expr.indices)} "
                                       f"ind{'ex' if len(expr.indices) == 1 else 'ices'} but {name} has shape "
                                       f"{'×'.join(map(str, shape))}")
                for axis, (idx, size) in enumerate(zip(expr.indices, shape), 1):
                    span = self._index_range(idx, ranges, arrays)
                    if span is None:
                        continue
                    lo, hi = span
                    if not (S(lo).is_Integer and lo >= 1 and (S(size) - hi).is_nonnegative):
                        raise InvalidClaim(f"{where}: shape mismatch: in {expr}, index {idx} ranges over "
                                           f"{lo}..{hi} but axis {axis} of {name} has length {size}")
                for idx in expr.indices:
                    walk(idx, ranges)
                return
            for arg in expr.args:
                walk(arg, ranges)

        for rel in self.statement + tuple(self.conditions):
            walk(rel, {})

    def _index_range(self, idx, ranges, arrays):
        """(lo, hi) an index expression ranges over, or None when it is not a plain index."""
        if idx.is_Integer:
            return (idx, idx)
        if idx in ranges:
            return ranges[idx]
        if isinstance(idx, Symbol) and idx in self.variables and self.variables[idx].integer:
            d = self.variables[idx]
            return (d.lo, d.hi)
        if isinstance(idx, Indexed) and str(idx.base) in arrays and arrays[str(idx.base)].integer:
            d = arrays[str(idx.base)]
            return (d.lo, d.hi)
        return None

    @staticmethod
    def _bound_symbols(expr) -> set:
        """Index symbols bound by a Sum/Limit/Integral inside ``expr``."""
        from sympy import Integral, Limit, Product, Sum

        bound = set()
        for node in expr.find(lambda e: isinstance(e, (Sum, Product, Integral, Limit, ForEvery))):
            if isinstance(node, ForEvery):
                bound.add(node.limit[0])
            elif isinstance(node, Limit):
                bound.add(node.args[1])
            else:
                bound |= {lim[0] for lim in node.limits}
        return bound

    # -- description -----------------------------------------------------------------------
    @property
    def sizes(self) -> tuple[Symbol, ...]:
        """Integer variables: dimensions, indices, counts (and arrays of labels)."""
        return tuple(s for s, d in self.variables.items() if d.integer)

    @property
    def scope(self) -> str:
        """Where the claim is stated to hold, in words: "x ∈ ℝ, x ≠ 0"."""
        parts = [dom.describe(text(sym)) for sym, dom in self.variables.items()]
        parts += [describe_condition(c) for c in self.conditions]
        return ", ".join(parts) if parts else "no free variables"

    @property
    def kind(self) -> str:
        return "inequality" if any(not isinstance(r, Eq) for r in self.statement) else "equality"

    @cached_property
    def boundary_values(self) -> tuple[Rational, ...]:
        """The claim's own constants c (and c/2, c ± 1/1000), smallest first: boundary-value test points.

        A claim that is wrong only on 0 < η < 1/5, or only at η = 1/5 itself, is found there rather
        than by luck. 0 and ±1 are left out (every sampler tries them anyway).
        """
        found = []
        for rel in self.statement + tuple(self.conditions):
            for c in rel.atoms(Rational):
                if c not in (0, 1, -1) and abs(c) <= 1000:
                    found += [c, c / 2, c + Rational(1, 1000), c - Rational(1, 1000)]
        return tuple(dict.fromkeys(sorted(found, key=abs)))[:BOUNDARY_VALUES]


def describe_condition(cond) -> str:
    """``Ne(x, 0)`` -> "x ≠ 0"; ``ForEvery(Ne(h[j], 0), (j, 1, n))`` -> "h_j ≠ 0 for every j = 1..n".

    Printed by ``core.text`` as the statement is: α, not alpha; Σ_{i=1..d} W_{k,i}·x_i, not Sum(...).
    """
    if isinstance(cond, ForEvery):
        var, lo, hi = cond.limit
        return f"{describe_condition(cond.condition)} for every {text(var)} = {text(lo)}..{text(hi)}"
    return text(cond)
