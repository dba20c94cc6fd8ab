"""The one scheduler used by run, check and mutate: deadlines, memory limit, dead workers replaced,
in both worker modes (a process per task, or long-lived workers)."""

import os
import time

import pytest

from derivcheck.run.scheduler import WorkerFailure, schedule


def collect(count, work, **kw):
    messages, finished = {}, {}

    def on_message(task, message):
        messages.setdefault(task.index, []).append(message)

    def on_finish(task, how):
        finished[task.index] = how

    schedule(count, work, on_message=on_message, on_finish=on_finish, **kw)
    return messages, finished


@pytest.mark.parametrize("reuse", [False, True])
def test_every_task_reports_and_finishes_once(reuse):
    messages, finished = collect(6, lambda i, emit: (emit(("square", i * i)), emit(("pid", os.getpid()))),
                                 timeout=20, jobs=2, reuse=reuse)
    assert finished == {i: "done" for i in range(6)}
    assert [messages[i][0] for i in range(6)] == [("square", i * i) for i in range(6)]
    pids = {messages[i][1][1] for i in range(6)}
    assert len(pids) == (2 if reuse else 6)  # long-lived workers are reused; otherwise a process per task


@pytest.mark.parametrize("reuse", [False, True])
def test_a_stuck_task_times_out_and_the_rest_finish(reuse):
    def work(i, emit):
        if i == 0:
            time.sleep(3600)
        emit(i)

    start = time.monotonic()
    messages, finished = collect(4, work, timeout=1.5, jobs=2, reuse=reuse)
    assert finished == {0: "timeout", 1: "done", 2: "done", 3: "done"}
    assert 0 not in messages
    assert time.monotonic() - start < 1.5 + 10


@pytest.mark.parametrize("reuse", [False, True])
def test_a_dead_worker_ends_its_task_only_and_is_replaced(reuse):
    def work(i, emit):
        if i == 1:
            os._exit(3)
        emit(i)

    messages, finished = collect(4, work, timeout=20, jobs=1, reuse=reuse)
    assert finished == {0: "done", 1: "died", 2: "done", 3: "done"}
    assert messages[3] == [3]


def test_an_exception_and_the_memory_limit_become_worker_failures():
    def work(i, emit):
        if i == 0:
            raise ValueError("boom")
        if i == 1:
            bytearray(2 * 1024**3)  # over the 1 GiB limit below
        emit("ok")

    messages, finished = collect(3, work, timeout=20, jobs=1, reuse=True, memory=1024**3)
    assert finished == {0: "done", 1: "done", 2: "done"}
    [boom] = messages[0]
    assert isinstance(boom, WorkerFailure) and "ValueError: boom" in boom.text and not boom.memory
    [oom] = messages[1]
    assert isinstance(oom, WorkerFailure) and oom.memory and "1024 MiB" in oom.text
    assert messages[2] == ["ok"]


def test_a_reused_worker_that_grew_large_is_replaced_after_its_task():
    """No task starts in an address space a previous one nearly filled: past a quarter of the limit
    (here 300 MiB more touched) the worker retires once its task is done, and the next task runs
    in a new process; a worker that stayed small keeps its tasks."""
    held = []

    def work(i, emit):
        if i == 1:
            held.append(bytearray(b"\x01") * (300 * 1024**2))  # written: resident, not only reserved
        emit(os.getpid())

    # a forked worker starts at this process's resident size (a test process that ran hundreds of claims may be
    # past 256 MiB): the limit is set so that a quarter of it lies 150 MiB above that, and 300 MiB more passes it
    resident = int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    memory = max(1024**3, 4 * (resident + 150 * 1024**2))
    messages, finished = collect(4, work, timeout=20, jobs=1, reuse=True, memory=memory)
    assert finished == {i: "done" for i in range(4)}
    pids = [messages[i][0] for i in range(4)]
    assert pids[0] == pids[1] != pids[2] == pids[3]


def test_on_message_may_shorten_the_deadline():
    """The runner does this after a counterexample: the prover then gets only a short grace."""
    def work(i, emit):
        emit("refuted")
        time.sleep(3600)

    def on_message(task, message):
        task.deadline = min(task.deadline, time.monotonic() + 0.5)

    finished = {}
    start = time.monotonic()
    schedule(1, work, timeout=60, jobs=1, on_message=on_message, on_finish=lambda t, how: finished.update({t.index: how}))
    assert finished == {0: "timeout"} and time.monotonic() - start < 10


def test_nothing_to_do_starts_no_worker():
    schedule(0, lambda i, emit: None, timeout=1, on_finish=lambda t, how: pytest.fail("no task"))
