"""Mutation testing of the catalog: the slips a student makes, and whether derivcheck catches them.

Each catalog claim is mutated the way homework goes wrong: a flipped sign, a changed constant,
a sibling function (σ ↔ tanh, exp ↔ log, sign ↔ H, max ↔ min, ⌊·⌋ ↔ ⌈·⌉), a dropped or
duplicated term or factor, two variables or indices swapped, a matrix entry transposed, α replaced
by 1, an assumption dropped.

Whether a mutant is false is decided by an *oracle* that shares no evaluation code with the prover
or the spot-checker: mpmath at 50 digits via ``lambdify(modules="mpmath")``, ``mpmath.diff`` for
derivatives (one-sided slopes compared, so a kink has no derivative) and two far points (10²⁰,
10³⁰) for limits, at its own seeded points and the claim's boundary values (its constants, the one
thing it shares: where to look). A false mutant must be REFUTED, with a counterexample the oracle
confirms; a false mutant judged PROVEN or CHECKED is a **false pass**.

To add an operator: write a generator ``(claim) -> iterable of (description, Claim)`` and add it
to ``OPERATORS`` in ``operators``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable, Iterable


from ..core.claim import Claim
from ..run.runner import run_claims
from ..run.scheduler import schedule
from ..core.verdict import Result, Verdict
from .operators import Mutant, mutants
from .oracle import Oracle

__all__ = ["Mutant", "mutants", "Oracle", "ClaimReport", "MutationReport", "run_mutation"]

# --- operators -----------------------------------------------------------------------------------


# --- the independent oracle ---------------------------------------------------------------------


# --- the report ---------------------------------------------------------------------------------


@dataclass
class ClaimReport:
    id: str
    mutants: int = 0
    false: int = 0
    equivalent: int = 0
    undecided: int = 0
    refuted: int = 0
    false_passes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    timeouts: list = field(default_factory=list)
    bad_counterexamples: list = field(default_factory=list)
    refuted_equivalent: list = field(default_factory=list)
    unverified: list = field(default_factory=list)  # refuted; counterexample not re-evaluable by the oracle

    @classmethod
    def from_json(cls, row: dict) -> "ClaimReport":
        """The report ``to_json`` wrote (a saved bench run read back)."""
        return cls(row["id"], row["mutants"], row["mutants_false"], row["mutants_equivalent"], row["mutants_undecided"],
                   row["refuted"], list(row["false_passes"]), list(row["errors"]), list(row["timeouts"]),
                   list(row["bad_counterexamples"]), list(row["refuted_but_oracle_true"]),
                   list(row["counterexamples_unverified"]))

    def to_json(self) -> dict:
        return {
            "id": self.id, "mutants": self.mutants, "mutants_false": self.false,
            "mutants_equivalent": self.equivalent, "mutants_undecided": self.undecided,
            "refuted": self.refuted, "false_passes": self.false_passes, "errors": self.errors,
            "timeouts": self.timeouts, "bad_counterexamples": self.bad_counterexamples,
            "refuted_but_oracle_true": self.refuted_equivalent,
            "counterexamples_unverified": self.unverified,
        }


@dataclass
class MutationReport:
    claims: list[ClaimReport]

    @property
    def summary(self) -> dict:
        total = lambda attr: sum(getattr(c, attr) for c in self.claims)  # noqa: E731
        count = lambda attr: sum(len(getattr(c, attr)) for c in self.claims)  # noqa: E731
        return {
            "claims": len(self.claims), "mutants": total("mutants"), "mutants_false": total("false"),
            "mutants_equivalent": total("equivalent"), "mutants_undecided": total("undecided"),
            "refuted": total("refuted"), "false_passes": count("false_passes"), "errors": count("errors"),
            "timeouts": count("timeouts"), "bad_counterexamples": count("bad_counterexamples"),
            "refuted_but_oracle_true": count("refuted_equivalent"),
            "counterexamples_unverified": count("unverified"),
        }

    def to_json(self) -> dict:
        return {"summary": self.summary, "claims": [c.to_json() for c in self.claims]}


def _judge_in_workers(oracle: Oracle, pool: list[Mutant], timeout: float, jobs: int | None) -> list[tuple]:
    """The oracle's verdict on each mutant, each in a worker under ``timeout`` (the one scheduler).

    A mutant the oracle cannot decide in time, or cannot evaluate at all, is "undecided"
    (excluded, and counted), never "false".
    """
    verdicts: list = [("undecided", None)] * len(pool)

    def work(index: int, emit) -> None:
        try:
            emit(oracle.judge(pool[index].claim))
        except Exception:  # the oracle cannot evaluate this mutant: undecided, not false
            emit(("undecided", None))

    def on_message(task, message) -> None:
        if isinstance(message, tuple):
            verdicts[task.index] = message

    schedule(len(pool), work, timeout=timeout, jobs=jobs, reuse=True, on_message=on_message)
    return verdicts


def run_mutation(claims: Iterable[Claim], *, seed: int = 0, timeout: float = 20.0, jobs: int | None = None,
                 sample: int | None = None, on_result: Callable[[Result], None] | None = None) -> MutationReport:
    """Generate mutants, judge each with the oracle, check each with derivcheck, and compare."""
    claims = list(claims)
    oracle = Oracle(seed)
    pool = [m for c in claims for m in mutants(c)]
    if sample is not None and sample < len(pool):
        pool = random.Random(seed).sample(pool, sample)
    judged = list(zip(pool, *zip(*_judge_in_workers(oracle, pool, timeout, jobs)))) if pool else []
    results = run_claims([m.claim for m in pool], timeout=timeout, jobs=jobs, seed=seed, on_result=on_result)
    reports = {c.id: ClaimReport(c.id) for c in claims}
    for (mutant, truth, _point), result in zip(judged, results):
        rep = reports[mutant.origin]
        rep.mutants += 1
        label = f"{mutant.claim.id} ({mutant.operator})"
        if truth == "undecided":
            rep.undecided += 1
            continue
        if truth == "true":
            rep.equivalent += 1
            if result.verdict is Verdict.REFUTED:
                rep.refuted_equivalent.append(f"{label}: {result.message}")
            continue
        rep.false += 1
        if result.verdict in (Verdict.PROVEN, Verdict.CHECKED):
            rep.false_passes.append(f"{label}: {result.verdict.value}")
        elif result.verdict is Verdict.REFUTED:
            confirmed = oracle.violates_at(mutant.claim, result.evidence.counterexample)
            if confirmed is False:
                rep.bad_counterexamples.append(f"{label}: {result.evidence.counterexample}")
            else:
                rep.refuted += 1
                if confirmed is None:  # the oracle cannot evaluate there (e.g. a sized instance)
                    rep.unverified.append(label)
        elif result.verdict is Verdict.TIMEOUT:
            rep.timeouts.append(label)
        else:
            rep.errors.append(f"{label}: {result.message}")
    return MutationReport(list(reports.values()))
