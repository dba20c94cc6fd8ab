"""What a strategy works on: a goal (lhs − rhs to show 0, or ≥ 0), the context it may assume, the clock."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from sympy import (
    Add,
    Derivative,
    Eq,
    Expr,
    Ge,
    Integral,
    Le,
    Limit,
    Lt,
    Mul,
    Piecewise,
    Pow,
    Sum,
    Symbol,
)
from sympy.core.relational import Relational

from ..core.claim import Domain
from ..core.proof import Goal, Phrase


@dataclass
class ProverContext:
    """What strategies may assume: the symbols' domains, excluded kinks, and the time left."""

    domains: dict[Symbol, Domain]
    excluded: list[Expr] = field(default_factory=list)  # each g with g ≠ 0 assumed
    deadline: float = float("inf")
    assumed: list[Relational] = field(default_factory=list)  # the claim's other conditions (i + 2p ≥ k)
    excluded_every: list[tuple] = field(default_factory=list)  # (g, j, lo, hi): g ≠ 0 for every j = lo..hi
    # the scalar strategies, in order, for what remains once sums are reduced (set by ``prove``)
    scalar_strategies: tuple = ()

    def time_left(self) -> float:
        return self.deadline - time.monotonic()


class OutOfTime(Exception):
    """The soft deadline passed between two strategies."""


def goal_of(rel: Relational) -> Goal:
    """Eq -> lhs - rhs = 0; Le/Lt -> rhs - lhs ≥/> 0; Ge/Gt -> lhs - rhs ≥/> 0."""
    if isinstance(rel, Eq):
        return Goal(rel.lhs - rel.rhs, "zero")
    if isinstance(rel, (Le, Lt)):
        return Goal(rel.rhs - rel.lhs, "nonneg" if isinstance(rel, Le) else "pos")
    return Goal(rel.lhs - rel.rhs, "nonneg" if isinstance(rel, Ge) else "pos")


def reached(expr: Expr, relation: str) -> str | None:
    """If ``expr`` visibly meets the goal, say why; else None."""
    if relation == "zero":
        return "" if expr == 0 else None
    if expr.has(Derivative, Limit, Integral, Sum, Piecewise):
        return None
    if relation == "nonneg" and expr.is_nonnegative:
        return Phrase("{} ≥ 0: " + _sign_reason(expr), expr)
    if expr.is_positive:
        return Phrase("{} > 0: " + _sign_reason(expr), expr)
    return None


def _sign_reason(expr: Expr) -> str:
    if isinstance(expr, Pow) and expr.exp.is_even:
        return "a square of a real number"
    if isinstance(expr, Mul):
        return "a product of factors of known sign (squares, exponentials, positive symbols)"
    if isinstance(expr, Add):
        return "a sum of terms of known sign"
    return "its sign follows from the domain"


def check_time(ctx: ProverContext) -> None:
    if ctx.time_left() <= 0:
        raise OutOfTime
