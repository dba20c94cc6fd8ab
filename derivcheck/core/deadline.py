"""A wall-clock limit for work done in the main process (reading answer files), not in a worker.

Claims are checked in worker processes that the pool kills at their deadline, but statements are
read in the main process, and SymPy evaluates some constants while building them (a floor, a
maximum, |..|, a comparison in ``where``). Size bounds catch the known cases (``e^{e^{e^e}}``);
this limit catches the rest, e.g. ``\\lfloor \\sum_{j=1}^{10^{1000}} j \\rfloor``. It uses
``SIGALRM``, so it only applies in the main thread and when no other timer is running; elsewhere
it does nothing (and says so in its docstring, not silently in behaviour).
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

__all__ = ["ReadingTooSlow", "reading_deadline", "READING_SECONDS", "alarms"]

READING_SECONDS = 5.0  # per statement or where entry; reading a normal one takes milliseconds
REARM_SECONDS = 0.2  # the alarm repeats until the block is left
_FIRED = [0]  # alarms raised in this process


class ReadingTooSlow(BaseException):
    """Reading one input took longer than its deadline.

    A ``BaseException``, like ``KeyboardInterrupt``: SymPy and lark catch ``Exception`` in places,
    and a swallowed alarm let a reading run on for good (seen in CI, inside Sum.euler_maclaurin).
    """


@contextmanager
def reading_deadline(seconds: float | None = None):
    """Raise ``ReadingTooSlow`` inside the block after ``seconds`` (default ``READING_SECONDS``; main thread only)."""
    seconds = READING_SECONDS if seconds is None else seconds
    usable = (threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    if not usable:
        yield
        return

    def expire(signum, frame):
        _FIRED[0] += 1
        raise ReadingTooSlow(f"took more than {seconds:g} s to read")

    previous = signal.signal(signal.SIGALRM, expire)
    # repeats every REARM_SECONDS after the first alarm: one raised where Python ignores exceptions
    # (a __del__, a weakref callback) would otherwise be the last
    signal.setitimer(signal.ITIMER_REAL, seconds, REARM_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def alarms() -> int:
    """How many deadlines have fired in this process: a reading cut short depends on the machine's
    load, so whatever was read while the count moved is not stored as final (``file_cache``)."""
    return _FIRED[0]
