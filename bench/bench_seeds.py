"""Numeric robustness: every true catalog claim, spot-checked with 100 seeds, is never REFUTED.

    python bench/bench_seeds.py [-k PATTERN] [--seeds 100]

Prints, per claim, the number of seeds, float64 alarms dismissed at high precision, and any
seed that refuted (there must be none).
"""

import argparse
import time

from derivcheck.registry import load_catalog, select
from derivcheck.spotcheck import spot_check


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-k", dest="pattern")
    ap.add_argument("--seeds", type=int, default=100)
    args = ap.parse_args()
    start = time.monotonic()
    refuted = 0
    for claim in select(load_catalog().values(), args.pattern):
        alarms, bad = 0, []
        for seed in range(args.seeds):
            ev = spot_check(claim, seed=seed)
            alarms += ev.false_alarms
            if ev.refuted:
                bad.append((seed, ev.counterexample))
        refuted += len(bad)
        print(f"{claim.id:40} seeds={args.seeds} float64 alarms dismissed={alarms} refuted={len(bad)} {bad[:3]}")
    print(f"total refuted: {refuted}   wall time: {time.monotonic() - start:.1f} s")


if __name__ == "__main__":
    main()
