"""The reading deadline: fires in the main thread, stays out of the way elsewhere, leaves no timer behind."""

import signal
import threading
import time

import pytest

from derivcheck.core.deadline import ReadingTooSlow, reading_deadline


def test_fires_in_the_main_thread_and_cleans_up():
    with pytest.raises(ReadingTooSlow, match="took more than 0.2 s"):
        with reading_deadline(0.2):
            time.sleep(5)
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_does_nothing_outside_the_main_thread():
    outcome = []

    def work():
        with reading_deadline(0.05):
            time.sleep(0.2)
        outcome.append("finished")

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert outcome == ["finished"]


def test_nested_use_keeps_the_outer_timer():
    with pytest.raises(ReadingTooSlow, match="0.3 s"):
        with reading_deadline(0.3):
            with reading_deadline(10):  # not armed: a timer is already running
                time.sleep(5)
