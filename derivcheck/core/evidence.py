"""What the numbers said about a claim (points, errors, a counterexample), shared by checkers and reports."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Evidence:
    """What the numbers said, with enough to re-run it."""

    points: int
    max_abs_error: float
    max_rel_error: float
    seed: int
    domain: str
    counterexample: dict | None = None
    lhs_value: str | None = None
    rhs_value: str | None = None
    part: int | None = None
    false_alarms: int = 0
    undefined: int = 0  # points where a side is not a real number (skipped)
    message: str | None = None
    sizes: tuple = field(default_factory=tuple)
    precise_points: int = 0  # points where the sides also agreed to precise_digits (equalities)
    precise_digits: int = 0
    # a point where float64 saw the sides differ and one side is beyond what high precision represents
    # while the other is a number: no counterexample can be certified there, and no numbers-only pass
    unresolved: str | None = None
    # points where float64 saw trouble and no value could be had to the digits asked (beyond 2^±16384 at
    # high precision, every digit cancelled): skipped as well, and not "undefined" -- the sides are defined
    unreached: int = 0

    @property
    def refuted(self) -> bool:
        return self.counterexample is not None


class Unsatisfiable(Exception):
    """No sampled point satisfies the claim's conditions."""
