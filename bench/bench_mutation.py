"""Full mutation run over the whole catalog (issue: soundness harness). Not a test: minutes.

    python bench/bench_mutation.py [-k PATTERN] [--timeout 20] [--jobs 2] [--seed 0]

Prints the summary counts (false passes must be 0), the average number of false mutants per
claim, anything that went wrong, and the wall time.
"""

import argparse
import json
import time

from derivcheck.mutate import run_mutation
from derivcheck.registry import load_catalog, select


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-k", dest="pattern")
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    claims = select(load_catalog().values(), args.pattern)
    start = time.monotonic()
    report = run_mutation(claims, seed=args.seed, timeout=args.timeout, jobs=args.jobs)
    seconds = time.monotonic() - start
    summary = report.summary
    print(json.dumps(summary))
    print(f"false mutants per claim: {summary['mutants_false'] / max(1, summary['claims']):.1f}")
    for c in report.claims:
        for item in c.false_passes + c.bad_counterexamples + c.errors + c.timeouts + c.refuted_equivalent:
            print("  ", item)
    print(f"wall time: {seconds:.1f} s")


if __name__ == "__main__":
    main()
