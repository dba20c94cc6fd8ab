"""Numeric robustness: every true catalog claim, spot-checked with 100 seeds, is never REFUTED.

    python bench/bench_seeds.py [-k PATTERN] [--seeds 100] [--sized-seeds N] [--out FILE.jsonl]

Prints, per claim, the number of seeds, float64 alarms dismissed at high precision, and any
seed that refuted (there must be none). Claims with integer variables (array sizes) take 5–30 s
per seed; ``--sized-seeds`` gives them fewer seeds, and the report says how many each got. With
``--out`` each claim's line is appended as it finishes, and claims already there are skipped.
"""

import argparse
import json
import time
from pathlib import Path

from derivcheck.core.registry import load_catalog, select
from derivcheck.numeric.spotcheck import spot_check


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-k", dest="pattern")
    ap.add_argument("--seeds", type=int, default=100)
    ap.add_argument("--sized-seeds", type=int, help="seeds for claims with integer variables (default: --seeds)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    done = {}
    if args.out and args.out.exists():
        done = {row["id"]: row for row in map(json.loads, args.out.read_text().splitlines())}
    start = time.monotonic()
    for claim in select(load_catalog().values(), args.pattern):
        if claim.id not in done:
            seeds = args.sized_seeds if claim.sizes and args.sized_seeds is not None else args.seeds
            alarms, bad, began = 0, [], time.monotonic()
            for seed in range(seeds):
                ev = spot_check(claim, seed=seed)
                alarms += ev.false_alarms
                if ev.refuted:
                    bad.append((seed, ev.counterexample))
            done[claim.id] = {"id": claim.id, "seeds": seeds, "alarms": alarms, "refuted": len(bad), "examples": bad[:3],
                              "seconds": round(time.monotonic() - began, 1)}
            if args.out:
                with args.out.open("a") as fh:
                    fh.write(json.dumps(done[claim.id]) + "\n")
        row = done[claim.id]
        print(f"{claim.id:40} seeds={row['seeds']} float64 alarms dismissed={row['alarms']} refuted={row['refuted']} "
              f"{row['examples']}", flush=True)
    rows = list(done.values())
    print(f"claims: {len(rows)}  seeds run: {sum(r['seeds'] for r in rows)}  total refuted: {sum(r['refuted'] for r in rows)}"
          f"  wall time of this run: {time.monotonic() - start:.1f} s")


if __name__ == "__main__":
    main()
