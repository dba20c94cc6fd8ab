"""The one scheduler: forked workers, a deadline per task, a memory limit, dead workers replaced.

SymPy has no timeout of its own and signal-based timeouts only work on the main thread, so every
task (a claim to check, a mutant for the oracle to judge) runs in a forked worker that the parent
kills at the task's deadline. ``run_claims``, ``check`` and ``mutate`` all schedule through here.

Two ways to use workers, one loop:
- ``reuse=True``: ``jobs`` long-lived workers fed one task at a time over a pipe (every claim the
  runner checks: a cold fork redoes SymPy's lazy set-up, ~1 s for a step of an answer, ~0.1 s a
  catalog claim, where a warm worker takes ~20 ms). A worker whose peak resident memory passed
  ``RETIRE_FRACTION`` of the limit retires after its task and a fresh one takes its place, so no task
  starts in an address space a previous one nearly filled;
- ``reuse=False``: a fresh process per task (each starts from the parent's state).

In both, a task's deadline runs from the moment its worker receives it; a worker past it is
killed and replaced; a worker that dies (memory limit, ``os._exit``) ends its task as "died" and
is replaced; tasks are inherited through ``fork``, never pickled (pickling would let SymPy decide
``Ge(x**2 + 2, 2)`` on the way).

The caller gives ``work(index, emit)`` (runs in the worker; ``emit`` sends a message to the
parent) and two parent-side callbacks: ``on_message(task, message)`` for each message (a
``WorkerFailure`` when ``work`` raised) and ``on_finish(task, how)`` once per task, ``how`` being
``"done"``, ``"timeout"`` or ``"died"``. ``task.deadline`` may be moved by ``on_message``.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import resource
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any, Callable

__all__ = ["Task", "WorkerFailure", "schedule", "DEFAULT_MEMORY"]

DEFAULT_MEMORY = 4 * 1024**3  # bytes of address space per worker
_DONE = "__task_done__"  # the worker's last message for a task
_DONE_RETIRING = "__task_done_retiring__"  # the same, and the worker exits: replace it
RETIRE_FRACTION = 0.25  # a reused worker whose peak resident memory passed this share of the limit retires


@dataclass(frozen=True)
class WorkerFailure:
    """``work`` raised in the worker: the text says what (the memory limit, or the exception)."""

    text: str
    memory: bool = False


@dataclass
class Task:
    """One task as the parent sees it; ``state`` belongs to the caller."""

    index: int
    start: float
    deadline: float
    state: Any = None


@dataclass
class _Slot:
    process: Any = None
    conn: Any = None
    task: Task | None = None
    retiring: bool = False
    pending_messages: list = field(default_factory=list)


def _serve(conn, work: Callable, memory: int, reuse: bool) -> None:
    """The worker: set the memory limit, then run each task index it receives."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ValueError, OSError):
        pass
    while True:
        try:
            index = conn.recv()
        except (EOFError, OSError):
            return
        if index is None:
            return
        try:
            work(index, lambda message, index=index: conn.send((index, message)))
        except MemoryError:
            conn.send((index, WorkerFailure(f"exceeded the memory limit ({memory // 1024**2} MiB)", memory=True)))
        except Exception as exc:  # pragma: no cover - last line of defence: the caller's work raised
            conn.send((index, WorkerFailure(f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}")))
        retiring = not reuse or _peak_resident() > RETIRE_FRACTION * memory
        conn.send((index, _DONE_RETIRING if retiring else _DONE))
        if retiring:
            return


def _peak_resident() -> int:
    """Bytes of the worker's peak resident memory (``ru_maxrss`` is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def schedule(count: int, work: Callable[[int, Callable], None], *, timeout: float, jobs: int | None = None,
             memory: int = DEFAULT_MEMORY, reuse: bool = False,
             new_state: Callable[[int], Any] = lambda index: None,
             on_start: Callable[[Task], None] | None = None,
             on_message: Callable[[Task, Any], None] = lambda task, message: None,
             on_finish: Callable[[Task, str], None] = lambda task, how: None) -> None:
    """Run tasks ``0..count-1`` at most ``jobs`` at a time, each under ``timeout`` seconds."""
    if count <= 0:
        return
    jobs = max(1, min(jobs or os.cpu_count() or 1, count))
    ctx = mp.get_context("fork")
    pending = list(range(count))
    slots = [_Slot() for _ in range(jobs)]
    # the parent's objects (the catalog, SymPy's caches) moved out of the collector's sight while workers
    # are forked: each worker's collections then skip them (0.06 s a claim) and leave their pages shared
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()

    def spawn(slot: _Slot) -> None:
        parent, child = ctx.Pipe(duplex=True)
        slot.process = ctx.Process(target=_serve, args=(child, work, memory, reuse), daemon=True)
        slot.process.start()
        child.close()
        slot.conn = parent

    def retire(slot: _Slot, kill: bool) -> None:
        if slot.process is None:
            return
        if kill and slot.process.is_alive():
            slot.process.kill()
        slot.process.join(timeout=5)
        if slot.process.is_alive():  # pragma: no cover - a worker that ignores the end of its pipe
            slot.process.kill()
            slot.process.join(timeout=5)
        slot.conn.close()
        slot.process = slot.conn = None
        slot.retiring = False

    def assign(slot: _Slot) -> None:
        if not pending:
            return
        if slot.process is None:
            spawn(slot)
        index = pending.pop(0)
        now = time.monotonic()
        slot.task = Task(index, now, now + timeout, new_state(index))
        slot.conn.send(index)
        if on_start:
            on_start(slot.task)

    def finish(slot: _Slot, how: str) -> None:
        task, slot.task = slot.task, None
        if how != "done" or slot.retiring:
            retire(slot, kill=how != "done")
        on_finish(task, how)

    try:
        for slot in slots:
            assign(slot)
        while any(s.task is not None for s in slots):
            busy = [s for s in slots if s.task is not None]
            nearest = min(s.task.deadline for s in busy)
            ready = wait([s.conn for s in busy], timeout=max(0.0, nearest - time.monotonic()))
            for slot in busy:
                if slot.conn not in ready:
                    continue
                how = None
                try:
                    while slot.conn.poll():
                        index, message = slot.conn.recv()
                        if index != slot.task.index:  # pragma: no cover - a stale message
                            continue
                        if isinstance(message, str) and message in (_DONE, _DONE_RETIRING):
                            how, slot.retiring = "done", message == _DONE_RETIRING
                            break
                        on_message(slot.task, message)
                except (EOFError, OSError):
                    how = "died"
                if how is not None:
                    finish(slot, how)
                    assign(slot)
            now = time.monotonic()
            for slot in slots:
                if slot.task is not None and now >= slot.task.deadline:
                    finish(slot, "timeout")
                    assign(slot)
    finally:
        if freeze:
            gc.unfreeze()
        for slot in slots:
            if slot.process is not None:
                try:
                    slot.conn.send(None)
                except (OSError, BrokenPipeError):
                    pass
                retire(slot, kill=False)
