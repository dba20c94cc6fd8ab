"""Run claims in worker processes, each under a time and a memory limit.

Each claim runs in a forked worker (``scheduler``) that the parent kills at its deadline. The
worker reports in two messages: the numeric evidence first, then the proof. A claim whose numbers are in but whose
proof did not come in time is CHECKED (numbers agree) or REFUTED (a confirmed counterexample),
never lost to TIMEOUT; TIMEOUT means not even the numeric check finished.

With a cache (``run.cache``), a claim decided before is taken from it instead of a worker, and every
final verdict is stored; what is final (not a TIMEOUT, not cut short by a resource limit) is decided
here, where the worker's messages are seen.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Iterable

from sympy import Derivative, preorder_traversal

from ..core.claim import Claim
from ..core.errors import DerivcheckError
from ..prover.strategies import STRATEGIES, cheap_strategies, prove
from ..core.evidence import Evidence, Unsatisfiable
from ..numeric.spotcheck import spot_check
from ..core.verdict import Result, Verdict
from .cache import adopt, claim_key, resolve
from .scheduler import DEFAULT_MEMORY, Task, WorkerFailure, schedule

__all__ = ["check_claim", "run_claims", "decide", "DEFAULT_TIMEOUT", "DEFAULT_SEED"]

DEFAULT_TIMEOUT = 60.0
DEFAULT_SEED = 20261121
REFUTED_GRACE = 2.0  # after a counterexample, how long the prover may still answer


def check_claim(claim: Claim, *, seed: int, budget: float, emit: Callable[[tuple], None]) -> None:
    """The worker's job: numeric evidence first, then the proof attempt."""
    try:
        evidence = claim.numeric_check(claim, seed) if claim.numeric_check is not None else spot_check(claim, seed=seed)
    except (Unsatisfiable, DerivcheckError) as exc:
        emit(("error", str(exc)))
        return
    except MemoryError:
        raise  # the worker reports it with the limit
    except Exception as exc:  # a bug or an ill-formed expression: name the claim
        emit(("error", f"claim {claim.id!r}: numeric check failed: {type(exc).__name__}: {exc}"))
        return
    emit(("numeric", evidence))
    if claim.numeric_only:  # e.g. a vector claim at a large size: explicit matrices too big to prove
        emit(("proof", None))
        return
    # After a confirmed counterexample the cheap strategies still run: a "proof" of a refuted
    # claim is a derivcheck bug that must surface as ERROR, not hide behind REFUTED.
    strategies = STRATEGIES if not evidence.refuted else cheap_strategies()
    allowed = budget if not evidence.refuted else REFUTED_GRACE
    start = time.monotonic()
    try:
        proofs = prove(claim, budget=allowed, strategies=strategies)
    except MemoryError:
        emit(("limited", None))  # a resource limit, not the claim: the verdict is not final
        emit(("proof_error", "the prover exceeded the memory limit"))
        return
    except Exception as exc:
        emit(("proof_error", f"{type(exc).__name__}: {exc}"))
        return
    if proofs is None and time.monotonic() - start >= allowed:  # stopped by the budget, not out of ideas
        emit(("limited", None))
    emit(("proof", tuple(proofs) if proofs is not None else None))


def decide(claim: Claim, *, evidence: Evidence | None, proofs, seconds: float, timed_out: bool = False,
           error: str | None = None, timeout: float | None = None) -> Result:
    """Combine numbers and proof into one honest verdict."""
    scope = claim.scope
    sized = bool(claim.sizes)
    if error is not None:
        return Result(claim.id, Verdict.ERROR, not sized, scope, "-", seconds, evidence, None, error)
    if evidence is None:
        msg = f"claim {claim.id!r}: no result within the time limit ({timeout:g} s)" if timed_out else "worker ended without a result"
        return Result(claim.id, Verdict.TIMEOUT if timed_out else Verdict.ERROR, not sized, scope, "-", seconds, None, None, msg)
    if evidence.refuted:
        if proofs and not _beyond_proven_sizes(proofs, evidence.counterexample):
            msg = (f"claim {claim.id!r}: BUG: the prover found a proof ({', '.join(p.method for p in proofs)}) "
                   f"but a confirmed counterexample {evidence.counterexample} contradicts it")
            return Result(claim.id, Verdict.ERROR, not sized, scope, "contradiction", seconds, evidence, tuple(proofs), msg)
        where = ", ".join(f"{k} = {v}" for k, v in evidence.counterexample.items()) or "its only point (no free variables)"
        msg = f"at {where}: left = {evidence.lhs_value}, right = {evidence.rhs_value}"
        if proofs:  # a proof for listed sizes only, and the counterexample lies at another size
            msg += f" (it holds for {proven_sizes(proofs)}: proven there only)"
        return Result(claim.id, Verdict.REFUTED, True, scope, "counterexample", seconds, evidence, None, msg)
    if proofs:
        method = ", ".join(dict.fromkeys(p.method for p in proofs))
        limited = proven_sizes(proofs)
        if limited:
            scope = f"{scope}; proven only for {limited}"
        return Result(claim.id, Verdict.PROVEN, not limited, scope, method, seconds, evidence, tuple(proofs), None)
    if evidence.unresolved:  # the numbers cannot vouch for it: no CHECKED, and no counterexample either
        msg = f"claim {claim.id!r}: could not evaluate: {evidence.unresolved}; not proven, so no verdict"
        return Result(claim.id, Verdict.ERROR, not sized, scope, "-", seconds, evidence, None, msg)
    why = f"no proof within the time limit ({timeout:g} s)" if timed_out else "no strategy found a proof"
    precise = f" (and to {evidence.precise_digits} digits at {evidence.precise_points})" if evidence.precise_points else ""
    msg = f"numerically consistent at {evidence.points} points{precise}; {why}"
    if sized:
        scope = f"{scope}; sizes checked numerically only"
    return Result(claim.id, Verdict.CHECKED, not sized, scope, "numeric", seconds, evidence, None, msg)


def proven_sizes(proofs) -> str:
    """"n ∈ {2, 3, 4}" when some proof only covers listed sizes; "" when every size is covered."""
    limits: dict[str, set] = {}
    for proof in proofs:
        for name, values in getattr(proof, "fixed_sizes", ()):
            limits.setdefault(name, set(values))
            limits[name] &= set(values)
    return ", ".join(f"{name} ∈ {{{', '.join(map(str, sorted(v)))}}}" for name, v in limits.items())


def _beyond_proven_sizes(proofs, counterexample: dict) -> bool:
    """The counterexample's size lies outside the sizes some proof is limited to."""
    for proof in proofs:
        for name, values in getattr(proof, "fixed_sizes", ()):
            if name in counterexample and counterexample[name] not in values:
                return True
    return False


@dataclass
class Outcome:
    """What the worker has reported for one claim so far."""

    evidence: Evidence | None = None
    proofs: object = None
    error: str | None = None
    limited: bool = False  # a resource limit (memory, the prover's budget) shaped the outcome


def absorb(task: Task, claim: Claim, message) -> None:
    """Record one worker message on ``task.state``; a counterexample shortens the deadline."""
    outcome = task.state
    if isinstance(message, WorkerFailure):
        outcome.error = f"claim {claim.id!r}: {message.text}"
        outcome.limited = outcome.limited or message.memory
        return
    kind, payload = message
    if kind == "numeric":
        outcome.evidence = payload
        if payload.refuted:  # the verdict is known; the prover only gets a short grace
            task.deadline = min(task.deadline, time.monotonic() + REFUTED_GRACE + 0.5)
    elif kind == "proof":
        outcome.proofs = payload
    elif kind == "error":
        outcome.error = payload
    elif kind == "limited":
        outcome.limited = True
    # "proof_error": the prover crashed; the numbers still stand, unproven


def final(result: Result, outcome: Outcome, how: str) -> bool:
    """Whether ``result`` may be cached as the claim's verdict: not a TIMEOUT, not shaped by a resource
    limit (memory, a dead worker, the prover's budget). A counterexample is final however it came."""
    if result.verdict is Verdict.REFUTED:
        return True
    return result.verdict is not Verdict.TIMEOUT and how == "done" and not outcome.limited


def estimated_cost(claim: Claim) -> int:
    """A rough guess of how long ``claim`` takes to check, to start the longest first (a size
    drawn 40 times and a derivative cost most; then the claim's length). Only the order depends on it."""
    nodes = derivatives = 0
    for relation in (*claim.statement, *claim.conditions):
        for node in preorder_traversal(relation):
            nodes += 1
            derivatives += isinstance(node, Derivative)
    return nodes + 200 * bool(claim.sizes) + 150 * derivatives


def _preload() -> None:
    """Import in the parent what SymPy imports lazily inside a claim's check (``simplify`` imports the
    units package, ``imageset`` its handlers): every forked worker would import it again."""
    import sympy.physics.units  # noqa: F401
    import sympy.sets.handlers.functions  # noqa: F401


def run_claims(claims: Iterable[Claim], *, timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None,
               seed: int = DEFAULT_SEED, memory: int = DEFAULT_MEMORY,
               on_start: Callable[[Claim], None] | None = None,
               on_result: Callable[[Result], None] | None = None, cache=None, dedup: bool = True,
               keys: list[str | None] | None = None) -> list[Result]:
    """Check every claim, at most ``jobs`` at a time; results in the claims' order.

    The claims go to ``jobs`` long-lived workers (``scheduler``), the costliest first, so that no long
    claim is left for the end.

    ``cache`` (``run.cache``): claims decided before, with the same content, seed and ``timeout``, are
    taken from it without a worker (``on_result`` is called for them, ``on_start`` is not) and each
    final result is stored as soon as it is decided. ``None``, the default, means the default cache,
    which is *none* unless a caller set one with ``cache.using`` -- the CLI does (``derivcheck run``
    and ``check`` reuse verdicts across runs unless ``--no-cache``), while library calls and the test
    suite, which call this function directly, never read or write the user's cache unless asked
    (``cache=True`` for the user's cache, or a ``ResultCache``). ``False`` bypasses any cache;
    ``DERIVCHECK_NO_CACHE=1`` bypasses it everywhere.

    ``keys``: the claims' ``claim_key``s with this seed and timeout, when the caller has them already
    (``file_cache`` stores them with a file's report); computing one prints the whole claim.

    ``dedup=False`` decides every copy of a claim in its own worker: what a run costs without
    deciding each distinct claim once (``bench/bench_class.py``); the verdicts are the same."""
    claims = list(claims)
    budget = max(0.5, timeout * 0.9)  # the prover stops on its own a little before the hard limit
    results: dict[int, Result] = {}
    store = resolve(cache)
    # the same claim (same content, seed and budget) is decided once per run: a class of 200 writes the
    # same right step 150 times; the others adopt its result under their own ids
    keys = dict(enumerate(keys)) if keys is not None else {i: claim_key(c, seed=seed, timeout=timeout)
                                                           for i, c in enumerate(claims)}
    found = store.get_many(k for k in keys.values() if k) if store else {}
    for i, key in keys.items():
        if key in found:
            results[i] = adopt(found[key], claims[i])
            if on_result:
                on_result(results[i])
    first: dict[str, int] = {}
    copies: dict[int, list[int]] = {}
    todo = []
    for i in range(len(claims)):
        if i in results:
            continue
        key = keys.get(i)
        if dedup and key and key in first:
            copies.setdefault(first[key], []).append(i)
            continue
        if key:
            first[key] = i
        todo.append(i)
    todo.sort(key=lambda i: -estimated_cost(claims[i]))
    _preload()

    def work(index: int, emit) -> None:
        check_claim(claims[todo[index]], seed=seed, budget=budget, emit=emit)

    def on_finish(task: Task, how: str) -> None:
        index = todo[task.index]
        claim, outcome = claims[index], task.state
        error = outcome.error
        if error is None and how == "died" and outcome.evidence is None:
            error = f"claim {claim.id!r}: worker died; out of memory?"
        result = decide(claim, evidence=outcome.evidence, proofs=outcome.proofs, seconds=time.monotonic() - task.start,
                        timed_out=how == "timeout", error=error, timeout=timeout)
        results[index] = result
        if store and keys.get(index) and final(result, outcome, how):
            store.put(keys[index], result)
        if on_result:
            on_result(result)
        for copy in copies.get(index, ()):
            results[copy] = adopt(result, claims[copy])
            if on_result:
                on_result(results[copy])

    schedule(len(todo), work, timeout=timeout, jobs=jobs, memory=memory, reuse=True,
             new_state=lambda index: Outcome(),
             on_start=(lambda task: on_start(claims[todo[task.index]])) if on_start else None,
             on_message=lambda task, message: absorb(task, claims[todo[task.index]], message),
             on_finish=on_finish)
    return [results[i] for i in range(len(claims))]
