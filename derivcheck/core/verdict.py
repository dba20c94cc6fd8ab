"""Verdicts and results: "unknown" never collapses into "false", nor "unproven" into "proven"."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .proof import Proof
from .evidence import Evidence

__all__ = ["Verdict", "Result"]


class Verdict(str, Enum):
    PROVEN = "PROVEN"  # a symbolic proof was found and the numbers agree
    CHECKED = "CHECKED"  # the numbers agree; no proof within the budget
    REFUTED = "REFUTED"  # a counterexample, confirmed at high precision
    ERROR = "ERROR"  # the claim is ill-formed, or derivcheck contradicted itself
    TIMEOUT = "TIMEOUT"  # not even the numeric check finished in time

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Result:
    """The outcome for one claim, with its evidence and (when proven) its proofs."""

    id: str
    verdict: Verdict
    generic: bool
    scope: str
    method: str
    seconds: float
    evidence: Evidence | None = None
    proofs: tuple[Proof, ...] | None = None
    message: str | None = None

    def to_json(self) -> dict:
        ev = self.evidence
        numeric = None
        if ev is not None:
            numeric = {"points": ev.points, "max_abs_error": ev.max_abs_error, "max_rel_error": ev.max_rel_error}
        counterexample = None
        if ev is not None and ev.counterexample is not None and self.verdict is Verdict.REFUTED:
            counterexample = dict(ev.counterexample)
        return {
            "id": self.id,
            "verdict": self.verdict.value,
            "generic": self.generic,
            "scope": self.scope,
            "method": self.method,
            "seconds": round(self.seconds, 4),
            "numeric": numeric,
            "counterexample": counterexample,
            "message": self.message,
        }
