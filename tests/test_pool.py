"""The worker pool keeps the runner's promises: per-claim deadline, order, isolation of failures."""

import time

from sympy import Eq, Ge, tanh

from conftest import make_claim, x
from derivcheck.core.functions import sigmoid
from derivcheck.run.runner import run_claims
from derivcheck.core.verdict import Verdict


def test_results_in_order_with_real_verdicts():
    claims = [make_claim(Eq(tanh(x), 2 * sigmoid(2 * x) - 1), id="true"),
              make_claim(Eq(sigmoid(-x), sigmoid(x)), id="false"),
              make_claim(Ge(x**2 + 2, 2, evaluate=False), id="decidable")]
    results = run_claims(claims, timeout=30, jobs=2, seed=0)
    assert [r.id for r in results] == ["true", "false", "decidable"]
    assert [r.verdict for r in results] == [Verdict.PROVEN, Verdict.REFUTED, Verdict.PROVEN]


def test_stuck_claim_times_out_and_the_others_still_finish():
    def never(rng):
        time.sleep(3600)

    stuck = make_claim(Eq(tanh(x), 2 * sigmoid(2 * x) - 1), id="stuck", extra_check=never)
    others = [make_claim(Eq((x + k) ** 2, x**2 + 2 * k * x + k**2, evaluate=False), id=f"ok{k}") for k in range(4)]
    start = time.monotonic()
    results = run_claims([stuck, *others], timeout=2, jobs=2, seed=0)
    assert results[0].verdict is Verdict.TIMEOUT
    assert all(r.verdict is Verdict.PROVEN for r in results[1:])
    assert time.monotonic() - start < 2 + 10


def test_crashing_worker_is_an_error_for_its_claim_only():
    def crash(rng):
        import os

        os._exit(3)

    bad = make_claim(Eq(tanh(x), 2 * sigmoid(2 * x) - 1), id="bad", extra_check=crash)
    good = make_claim(Eq(tanh(x), 2 * sigmoid(2 * x) - 1), id="good")
    results = run_claims([bad, good, good], timeout=20, jobs=1, seed=0)
    assert results[0].verdict is Verdict.ERROR and "worker died" in results[0].message
    assert results[1].verdict is Verdict.PROVEN and results[2].verdict is Verdict.PROVEN
