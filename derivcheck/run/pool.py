"""Check many small claims in a pool of long-lived workers, each claim still under its time limit.

``runner.run_claims`` forks one process per claim. For an answer file of a hundred short steps
that costs more than the checks: every fresh process re-imports the parts of SymPy that load
lazily and starts with an empty SymPy cache (measured: median 1.0 s per claim forked cold, 20 ms
in one warm process). Here ``jobs`` workers are forked once and fed claims one at a time over a
pipe, so imports and caches are paid once per worker.

The guarantees of ``run_claims`` are kept: each claim has its own deadline, measured from the
moment its worker receives it; a worker past the deadline is killed and replaced; the worker
sends the numbers before the proof, so a slow proof still leaves CHECKED or REFUTED; a worker
that dies (memory limit) is an ERROR for its claim only. Verdicts come from ``runner.decide``.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Callable, Iterable

from ..core.claim import Claim
from .runner import DEFAULT_MEMORY, DEFAULT_SEED, DEFAULT_TIMEOUT, absorb, check_claim, decide
from ..core.verdict import Result

__all__ = ["run_claims_pooled"]


def _worker(conn, claims: list[Claim], seed: int, budget: float, memory: int) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ValueError, OSError):
        pass
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index = message
        claim = claims[index]  # inherited through fork: pickling would let SymPy decide Ge(x**2 + 2, 2)
        try:
            check_claim(claim, seed=seed, budget=budget, emit=lambda m: conn.send((index, *m)))
        except MemoryError:
            conn.send((index, "error", f"claim {claim.id!r}: exceeded the memory limit ({memory // 1024**2} MiB)"))
        except Exception as exc:  # pragma: no cover - last line of defence
            conn.send((index, "error", f"claim {claim.id!r}: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}"))


@dataclass
class _Slot:
    """One worker and the claim it is working on."""

    process: mp.Process
    conn: object
    index: int | None = None
    start: float = 0.0
    deadline: float = float("inf")
    evidence: object = None
    proofs: object = None
    error: str | None = None


def run_claims_pooled(claims: Iterable[Claim], *, timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None,
                      seed: int = DEFAULT_SEED, memory: int = DEFAULT_MEMORY,
                      on_result: Callable[[Result], None] | None = None) -> list[Result]:
    """Same contract as ``runner.run_claims``: results in the claims' order."""
    claims = list(claims)
    if not claims:
        return []
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(claims)))
    ctx = mp.get_context("fork")
    budget = max(0.5, timeout * 0.9)
    pending = list(range(len(claims)))
    results: dict[int, Result] = {}

    def spawn() -> _Slot:
        parent, child = ctx.Pipe(duplex=True)
        process = ctx.Process(target=_worker, args=(child, claims, seed, budget, memory), daemon=True)
        process.start()
        child.close()
        return _Slot(process, parent)

    def finish(slot: _Slot, timed_out: bool, died: bool = False) -> None:
        claim = claims[slot.index]
        error = slot.error
        if error is None and died and slot.evidence is None:
            error = f"claim {claim.id!r}: worker died (exit code {slot.process.exitcode}); out of memory?"
        result = decide(claim, evidence=slot.evidence, proofs=slot.proofs, seconds=time.monotonic() - slot.start,
                        timed_out=timed_out, error=error, timeout=timeout)
        results[slot.index] = result
        slot.index, slot.evidence, slot.proofs, slot.error, slot.deadline = None, None, None, None, float("inf")
        if on_result:
            on_result(result)

    def assign(slot: _Slot) -> None:
        if not pending:
            return
        slot.index = pending.pop(0)
        slot.start = time.monotonic()
        slot.deadline = slot.start + timeout
        slot.conn.send(slot.index)

    def replace(slot: _Slot) -> _Slot:
        if slot.process.is_alive():
            slot.process.kill()
        slot.process.join(timeout=5)
        slot.conn.close()
        return spawn()

    slots = [spawn() for _ in range(jobs)]
    for slot in slots:
        assign(slot)
    try:
        while len(results) < len(claims):
            busy = [s for s in slots if s.index is not None]
            nearest = min(s.deadline for s in busy)
            ready = wait([s.conn for s in busy], timeout=max(0.0, nearest - time.monotonic()))
            for k, slot in enumerate(slots):
                if slot.index is None or slot.conn not in ready:
                    continue
                done = died = False
                try:
                    while slot.conn.poll():
                        index, kind, payload = slot.conn.recv()
                        if index != slot.index:  # pragma: no cover - a stale message
                            continue
                        done = absorb(slot, kind, payload)
                        if done:
                            break
                except (EOFError, OSError):
                    done = died = True
                if done:
                    finish(slot, timed_out=False, died=died)
                    if died:
                        slots[k] = slot = replace(slot)
                    assign(slot)
            now = time.monotonic()
            for k, slot in enumerate(slots):
                if slot.index is not None and now >= slot.deadline:
                    finish(slot, timed_out=True)
                    slots[k] = slot = replace(slot)
                    assign(slot)
    finally:
        for slot in slots:
            try:
                slot.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
            slot.process.join(timeout=1)
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join(timeout=5)
            slot.conn.close()
    return [results[i] for i in range(len(claims))]
