"""Benchmark: derivcheck's strategies vs the naive baseline on the built-in catalog.

Baseline: per claim, unfold the named functions, evaluate derivatives/limits, and ask
``simplify(lhs - rhs) == 0`` (``simplify(rhs - lhs).is_nonnegative`` for inequalities), each in a
worker process with the same time limit. Prints both wall times, the number proven, and the
ratio, measured in one run on this machine.

    python bench/bench_catalog.py [-k PATTERN] [--timeout 60] [--jobs 1]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import time

from sympy import Eq, Ge, Gt, simplify

from derivcheck.core.functions import unfold
from derivcheck.prover.strategies import goal_of, prepare, prove
from derivcheck.core.registry import load_catalog, select
from derivcheck.run.runner import run_claims
from derivcheck.core.verdict import Verdict


def _naive(claim, conn):
    relations, _ = prepare(claim)
    ok = True
    for rel in relations:
        goal = goal_of(rel)
        expr = simplify(unfold(goal.expr.doit()))
        ok &= bool(expr == 0) if goal.relation == "zero" else bool(expr.is_nonnegative if goal.relation == "nonneg" else expr.is_positive)
    conn.send(ok)


def naive_baseline(claims, timeout):
    ctx = mp.get_context("fork")
    proven, start = 0, time.monotonic()
    for claim in claims:
        parent, child = ctx.Pipe(duplex=False)
        p = ctx.Process(target=_naive, args=(claim, child))
        p.start()
        if parent.poll(timeout):
            try:
                proven += bool(parent.recv())
            except EOFError:
                pass
        p.kill()
        p.join()
    return time.monotonic() - start, proven


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-k", dest="pattern")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--jobs", type=int, default=1, help="1 = sequential, comparable with the baseline")
    args = ap.parse_args()
    claims = select(load_catalog().values(), args.pattern)
    start = time.monotonic()
    results = run_claims(claims, timeout=args.timeout, jobs=args.jobs)
    ours = time.monotonic() - start
    ours_proven = sum(r.verdict is Verdict.PROVEN for r in results)
    start = time.monotonic()
    prove_only = sum(prove(c, budget=args.timeout) is not None for c in claims)
    prove_seconds = time.monotonic() - start
    base, base_proven = naive_baseline(claims, args.timeout)
    print(f"claims: {len(claims)}  (timeout {args.timeout:g} s per claim, jobs {args.jobs})")
    print(f"{'':28}{'seconds':>10}{'proven':>8}")
    print(f"{'derivcheck (prove + check)':28}{ours:10.2f}{ours_proven:8d}")
    print(f"{'derivcheck prover alone':28}{prove_seconds:10.2f}{prove_only:8d}")
    print(f"{'naive simplify(lhs - rhs)':28}{base:10.2f}{base_proven:8d}")
    print(f"ratio naive / derivcheck prover: {base / prove_seconds:.1f}x;  naive / full check: {base / ours:.1f}x")


if __name__ == "__main__":
    main()
