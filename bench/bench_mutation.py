"""Full mutation run over the whole catalog (issue: soundness harness). Not a test: hours here.

    python bench/bench_mutation.py [-k PATTERN] [--timeout 60] [--jobs 2] [--seed 0] [--out FILE.jsonl]

Mutates one claim at a time and appends its report to ``--out`` as a JSON line as soon as it is
done, so a long run can be stopped and resumed (claims already in the file are skipped). Prints
the summary counts over everything in the file (false passes must be 0), the average number of
false mutants per claim, anything that went wrong, and the wall time of this run.
"""

import argparse
import json
import time
from pathlib import Path

from derivcheck.mutation.mutate import ClaimReport, MutationReport, run_mutation
from derivcheck.core.registry import load_catalog, select


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-k", dest="pattern")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=Path("mutation-results.jsonl"))
    args = ap.parse_args()
    claims = select(load_catalog().values(), args.pattern)
    done = {}
    if args.out.exists():
        for line in args.out.read_text().splitlines():
            row = json.loads(line)
            done[row["id"]] = row
    start = time.monotonic()
    for claim in claims:
        if claim.id in done:
            continue
        began = time.monotonic()
        [report] = run_mutation([claim], seed=args.seed, timeout=args.timeout, jobs=args.jobs).claims
        row = {**report.to_json(), "seconds": round(time.monotonic() - began, 1)}
        done[claim.id] = row
        with args.out.open("a") as fh:
            fh.write(json.dumps(row) + "\n")
        print(f"{claim.id}: {row['mutants_false']} false, {row['refuted']} refuted, "
              f"{len(row['false_passes'])} false passes ({row['seconds']} s)", flush=True)
    seconds = time.monotonic() - start
    rows = [done[c.id] for c in claims if c.id in done]
    summary = MutationReport([ClaimReport.from_json(r) for r in rows]).summary
    print(json.dumps(summary))
    print(f"false mutants per claim: {summary['mutants_false'] / max(1, summary['claims']):.1f}")
    for r in rows:
        for key in ("false_passes", "bad_counterexamples", "errors", "timeouts", "refuted_but_oracle_true"):
            for item in r[key]:
                print(f"   {key}: {item}")
    print(f"wall time of this run: {seconds:.1f} s")


if __name__ == "__main__":
    main()
