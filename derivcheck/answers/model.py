"""What an answer file holds and what checking it gives: answers cut into steps, and one verdict per answer
(the first wrong step, 1-based) aggregated from the step results."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..core.claim import Claim
from ..core.verdict import Result, Verdict



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
    points: float = 1.0  # what a right answer earns in a grade (``report.grading``)
    partial: bool = False  # credit per step: the share of steps right before the first wrong one


@dataclass(frozen=True)
class AnswerFile:
    """A parsed answer file; ``error`` is set when the file itself cannot be read."""

    path: str
    answers: tuple[Answer, ...] = ()
    error: str | None = None


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
    points: float = 1.0  # carried from the Answer, so a grade needs only the result
    partial: bool = False

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
    where = _point_text(ev.counterexample)
    prefix = f"at {where}: " if where else ""
    if rounded is not None:
        return f"{prefix}left = {ev.lhs_value}, which does not round to {rounded}"
    return f"{prefix}left = {ev.lhs_value}, right = {ev.rhs_value}"


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.6g}".replace("-", "−")
    return str(v).replace("-", "−")


POINT_SHOWN = 12  # a point with more coordinates (v ∈ ℝ^200) shows its non-zero ones


def _point_text(point: dict) -> str:
    """"v1 = 1, v2 = 0": in natural order (v2 before v10); a point of more than POINT_SHOWN coordinates
    names its non-zero ones and says the rest are 0, rather than a wall of 200 zeros."""
    items = sorted(point.items(), key=lambda kv: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", str(kv[0]))])
    if len(items) > POINT_SHOWN:
        nonzero = [(k, v) for k, v in items if not _is_zero(v)]
        if len(nonzero) < len(items):
            shown = ", ".join(f"{k} = {_fmt(v)}" for k, v in nonzero[:POINT_SHOWN])
            more = f" and {len(nonzero) - POINT_SHOWN} more" if len(nonzero) > POINT_SHOWN else ""
            return f"{shown}{more}, every other entry 0" if shown else "every entry 0"
    return ", ".join(f"{k} = {_fmt(v)}" for k, v in items)


def _is_zero(value) -> bool:
    try:
        return float(value) == 0
    except (TypeError, ValueError):
        return False


_ORDER = (Verdict.ERROR, Verdict.TIMEOUT, Verdict.CHECKED, Verdict.PROVEN)


def aggregate(answer: Answer, results: dict[str, Result]) -> AnswerResult:
    """Combine the results of an answer's steps: REFUTED if any step is, then ERROR, TIMEOUT, CHECKED."""
    found = _aggregate(answer, results)
    if (answer.points, answer.partial) == (1.0, False):
        return found
    return replace(found, points=answer.points, partial=answer.partial)


def _aggregate(answer: Answer, results: dict[str, Result]) -> AnswerResult:
    if answer.error is not None:
        return AnswerResult(answer.id, answer.statement, Verdict.ERROR, (), answer.error, answer.scope, None, 0.0)
    steps = []
    for step in answer.steps:
        if step.refuted is not None:
            steps.append(StepResult(step.index, step.relation, Verdict.REFUTED, None, step.refuted))
            continue
        if step.sized:

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
            evidence = [s.result.evidence for s in steps if s.result and s.result.evidence]
            skipped, unreached = sum(e.undefined for e in evidence), sum(e.unreached for e in evidence)
            if skipped and verdict in (Verdict.PROVEN, Verdict.CHECKED):
                # (x² − x)/x = x − 1 holds where its left side is defined: the scope says so
                scope = "; ".join(p for p in (scope, f"where both sides are defined ({skipped} point(s) tried were not)") if p)
            if unreached and verdict in (Verdict.PROVEN, Verdict.CHECKED):
                # x^(x^x) at x = 300 is defined, only beyond what is evaluated: said as that, not as "undefined"
                scope = "; ".join(p for p in (scope, f"numbers at {unreached} point(s) tried were out of reach "
                                                     "(beyond 10^±4932, or every digit cancelled) and not counted") if p)
            return AnswerResult(answer.id, answer.statement, verdict, tuple(steps), message, scope, None, seconds)
    return AnswerResult(answer.id, answer.statement, Verdict.ERROR, (), "no steps", answer.scope, None, seconds)  # pragma: no cover


def sizes_list_text(assignments: list[dict]) -> str:
    """[{n: 1}, {n: 2}] -> "n = 1, 2"; with several sizes "(m, n) = (1, 1), (2, 3)"."""
    names = sorted(assignments[0], key=str)
    if len(names) == 1:
        return f"{names[0]} = " + ", ".join(str(a[names[0]]) for a in assignments)
    head = "(" + ", ".join(map(str, names)) + ")"
    return head + " = " + ", ".join("(" + ", ".join(str(a[s]) for s in names) + ")" for a in assignments)


def combine_sizes(step, results: dict):
    """(verdict, a representative Result, message, where a refutation was found) for a sized step.

    PROVEN only when the index form of the step is proven for every size (``generic``) and every
    per-size check agrees; otherwise CHECKED with the sizes, or REFUTED at the first size that fails.
    """
    rows = [(label, results[c.id], symbolic, c) for label, c, symbolic in step.sized]
    for label, r, _, claim in rows:
        if r.verdict is Verdict.REFUTED:
            return Verdict.REFUTED, r, r.message, _refuted_at(label, r, claim)
    for bad in (Verdict.ERROR, Verdict.TIMEOUT):
        for label, r, _, _ in rows:
            if r.verdict is bad:
                return bad, r, (f"at {label}: " if label else "") + (r.message or bad.value), None
    if [label for label, _, _, _ in rows] == [""]:
        r = rows[0][1]
        return r.verdict, r, r.message, None
    proven = [c.hints.get("sizes") for _, c, _ in step.sized if results[c.id].verdict is Verdict.PROVEN]
    numeric = [c.hints.get("sizes") for _, c, _ in step.sized if results[c.id].verdict is not Verdict.PROVEN]
    parts = []
    if proven:
        parts.append("proven symbolically at " + sizes_list_text(proven))
    if numeric:
        parts.append("checked numerically at " + sizes_list_text(numeric))
    generic = results.get(step.generic.id) if step.generic is not None else None
    if generic is not None and generic.verdict is Verdict.REFUTED:
        # the sizes above all agree, so the index form disagrees with the explicit matrices: a bug
        message = (f"BUG: the index form is refuted ({generic.message}) but the checks at "
                   f"{sizes_list_text(proven + numeric)} agree; the claim is not judged")
        return Verdict.ERROR, generic, message, None
    if generic is not None and generic.verdict is Verdict.PROVEN and generic.generic:
        message = (f"proven for every size in index form ({generic.method}); numbers agree at "
                   + sizes_list_text(proven + numeric))
        return Verdict.PROVEN, generic, message, None
    message = "; ".join(parts) + "; not proven for every size"
    return Verdict.CHECKED, rows[-1][1], message, None


def _refuted_at(label: str, result, claim) -> str:
    """"n = 2, i = 2, j = 1, entry (2, 1)": the sizes, then the index values of the failing relation."""
    labels = claim.hints.get("relation_labels", ())
    part = result.evidence.part if result.evidence is not None else None
    where = labels[part] if part is not None and 0 <= part < len(labels) else ""
    return ", ".join(p for p in (label, where) if p)
