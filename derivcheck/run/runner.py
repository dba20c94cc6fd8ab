"""Run claims in worker processes, each under a time and a memory limit.

SymPy has no timeout of its own and signal-based timeouts only work on the main thread, so each
claim runs in a forked process that the parent kills at its deadline. The worker reports in two
messages: the numeric evidence first, then the proof. A claim whose numbers are in but whose
proof did not come in time is CHECKED (numbers agree) or REFUTED (a confirmed counterexample),
never lost to TIMEOUT; TIMEOUT means not even the numeric check finished.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Callable, Iterable

from ..core.claim import Claim
from ..core.errors import DerivcheckError
from ..prover.strategies import STRATEGIES, cheap_strategies, prove
from ..core.evidence import Evidence, Unsatisfiable
from ..numeric.spotcheck import spot_check
from ..core.verdict import Result, Verdict

__all__ = ["check_claim", "run_claims", "decide", "DEFAULT_TIMEOUT", "DEFAULT_SEED"]

DEFAULT_TIMEOUT = 60.0
DEFAULT_SEED = 20261121
DEFAULT_MEMORY = 4 * 1024**3  # bytes of address space per worker
REFUTED_GRACE = 2.0  # after a counterexample, how long the prover may still answer


def check_claim(claim: Claim, *, seed: int, budget: float, emit: Callable[[tuple], None]) -> None:
    """The worker's job: numeric evidence first, then the proof attempt."""
    numeric_check = claim.hints.get("numeric_check")  # a checker of the claim's own (vector claims at large sizes)
    try:
        evidence = numeric_check(seed) if numeric_check is not None else spot_check(claim, seed=seed)
    except (Unsatisfiable, DerivcheckError) as exc:
        emit(("error", str(exc)))
        return
    except MemoryError:
        raise  # the worker reports it with the limit
    except Exception as exc:  # a bug or an ill-formed expression: name the claim
        emit(("error", f"claim {claim.id!r}: numeric check failed: {type(exc).__name__}: {exc}"))
        return
    emit(("numeric", evidence))
    if claim.hints.get("numeric_only"):  # e.g. a vector claim at a large size: explicit matrices too big to prove
        emit(("proof", None))
        return
    # After a confirmed counterexample the cheap strategies still run: a "proof" of a refuted
    # claim is a derivcheck bug that must surface as ERROR, not hide behind REFUTED.
    strategies = STRATEGIES if not evidence.refuted else cheap_strategies()
    try:
        proofs = prove(claim, budget=budget if not evidence.refuted else REFUTED_GRACE, strategies=strategies)
    except MemoryError:
        emit(("proof_error", "the prover exceeded the memory limit"))
        return
    except Exception as exc:
        emit(("proof_error", f"{type(exc).__name__}: {exc}"))
        return
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
    why = f"no proof within the time limit ({timeout:g} s)" if timed_out else "no strategy found a proof"
    msg = f"numerically consistent at {evidence.points} points; {why}"
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
class _Job:
    claim: Claim
    process: mp.Process
    conn: object
    start: float
    deadline: float
    evidence: Evidence | None = None
    proofs: object = None
    error: str | None = None
    messages: list = field(default_factory=list)


def absorb(job, kind: str, payload) -> bool:
    """Record one worker message on ``job`` (evidence, proofs, error, deadline); True when final."""
    if kind == "numeric":
        job.evidence = payload
        if payload.refuted:  # the verdict is known; the prover only gets a short grace
            job.deadline = min(job.deadline, time.monotonic() + REFUTED_GRACE + 0.5)
        return False
    if kind == "proof":
        job.proofs = payload
        return True
    if kind == "proof_error":
        return True  # the prover crashed: the numbers still stand, unproven
    job.error = payload
    return True


def _worker(claim: Claim, seed: int, budget: float, memory: int, conn) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ValueError, OSError):
        pass
    try:
        check_claim(claim, seed=seed, budget=budget, emit=conn.send)
    except MemoryError:
        conn.send(("error", f"claim {claim.id!r}: exceeded the memory limit ({memory // 1024**2} MiB)"))
    except Exception as exc:  # pragma: no cover - last line of defence
        conn.send(("error", f"claim {claim.id!r}: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}"))
    finally:
        conn.close()


def run_claims(claims: Iterable[Claim], *, timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None,
               seed: int = DEFAULT_SEED, memory: int = DEFAULT_MEMORY,
               on_start: Callable[[Claim], None] | None = None,
               on_result: Callable[[Result], None] | None = None) -> list[Result]:
    """Check every claim, at most ``jobs`` at a time; results in the claims' order."""
    claims = list(claims)
    jobs = max(1, jobs or os.cpu_count() or 1)
    ctx = mp.get_context("fork")
    pending = list(enumerate(claims))
    running: dict[object, tuple[int, _Job]] = {}
    results: dict[int, Result] = {}

    def finish(index: int, job: _Job, timed_out: bool) -> None:
        if job.process.is_alive():
            job.process.kill()
        job.process.join(timeout=5)
        job.conn.close()
        error = job.error
        if error is None and job.evidence is None and not timed_out:
            error = f"claim {job.claim.id!r}: worker died (exit code {job.process.exitcode}); out of memory?"
        result = decide(job.claim, evidence=job.evidence, proofs=job.proofs, seconds=time.monotonic() - job.start,
                        timed_out=timed_out, error=error, timeout=timeout)
        results[index] = result
        if on_result:
            on_result(result)

    while pending or running:
        while pending and len(running) < jobs:
            index, claim = pending.pop(0)
            parent, child = ctx.Pipe(duplex=False)
            # Leave the prover a little less than the hard limit so it can stop on its own.
            process = ctx.Process(target=_worker, args=(claim, seed, max(0.5, timeout * 0.9), memory, child), daemon=True)
            now = time.monotonic()
            process.start()
            child.close()
            running[parent] = (index, _Job(claim, process, parent, now, now + timeout))
            if on_start:
                on_start(claim)
        nearest = min(job.deadline for _, job in running.values())
        ready = wait(list(running), timeout=max(0.0, nearest - time.monotonic()))
        for conn in ready:
            index, job = running[conn]
            done = False
            try:
                while conn.poll():
                    kind, payload = conn.recv()
                    done = absorb(job, kind, payload) or done
            except (EOFError, OSError):
                done = True
            if done:
                del running[conn]
                finish(index, job, timed_out=False)
        now = time.monotonic()
        for conn, (index, job) in list(running.items()):
            if now >= job.deadline:
                del running[conn]
                finish(index, job, timed_out=True)
    return [results[i] for i in range(len(claims))]
