"""Benchmark: the whole catalog cold, and where each claim's time goes (proof vs numeric check).

Prints, measured in one run on this machine:

- cold: ``derivcheck run --json --no-cache`` of the catalog, wall time (target: ≤ 15 s on 2 cores);
- numeric alone / prover alone: each claim checked in a fresh forked process, one at a time, its
  numeric check (``spot_check``) and its proof attempt timed apart; the sums, and the slowest claims
  by their total (target: no claim's numeric check over 1 s);
- with ``--baseline REV``: the same for a snapshot of REV, the ratios this / baseline, the slowest
  claims side by side, and whether every verdict agrees (the JSON of both cold runs, seconds aside);
- with ``--naive``: the naive baseline of earlier versions, ``simplify(lhs - rhs) == 0`` per claim.

Each run is a subprocess on a snapshot of HEAD (``git archive``; ``--live`` runs the working tree)
with a temporary cache folder (the user's cache is not touched).

    python bench/bench_catalog.py [-k PATTERN] [--timeout 60] [--jobs N] [--top 10]
                                  [--baseline REV] [--live] [--naive]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cache import code, timed, without_seconds  # noqa: E402

# run inside the code under test: per claim, a forked process times the numeric check, then the proof
PER_CLAIM = """
import json, sys, time, multiprocessing as mp
from derivcheck.core.registry import load_catalog, select
from derivcheck.run.runner import check_claim

def one(claim, seed, budget, conn):
    marks = {}
    start = time.monotonic()
    check_claim(claim, seed=seed, budget=budget, emit=lambda message: marks.setdefault(message[0], time.monotonic()))
    end = time.monotonic()
    numeric = marks.get("numeric", end) - start
    conn.send((numeric, end - start - numeric))

pattern, seed, budget = (sys.argv[1] or None), int(sys.argv[2]), float(sys.argv[3])
ctx = mp.get_context("fork")
out = {}
for claim in select(load_catalog().values(), pattern):
    receive, send = ctx.Pipe(duplex=False)
    worker = ctx.Process(target=one, args=(claim, seed, budget, send))
    worker.start()
    out[claim.id] = receive.recv() if receive.poll(budget + 30) else (float("nan"), float("nan"))
    worker.kill()
    worker.join()
print(json.dumps(out))
"""



def measure(args, env: dict, cwd: str | None) -> dict:
    """Cold catalog (wall seconds, JSON) and per-claim (numeric, proof) seconds of one version."""
    selection = ["-k", args.pattern] if args.pattern else []
    cold, out = timed(["run", *selection, "--json", "--no-cache", "--timeout", str(args.timeout),
                       "--jobs", str(args.jobs)], env, cwd)
    budget = max(0.5, args.timeout * 0.9)  # what run_claims gives the prover
    proc = subprocess.run([sys.executable, "-c", PER_CLAIM, args.pattern or "", str(args.seed), str(budget)],
                          env=env, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"the per-claim timing failed:\n{proc.stderr}")
    return {"cold": cold, "json": json.loads(out), "claims": json.loads(proc.stdout)}


def verdicts(data: dict) -> dict:
    return {r["id"]: r["verdict"] for r in data["json"]["results"]}


def totals(data: dict) -> tuple[float, float]:
    claims = data["claims"].values()
    return sum(n for n, _ in claims), sum(p for _, p in claims)


def slowest(data: dict, top: int) -> list[str]:
    return sorted(data["claims"], key=lambda c: -sum(data["claims"][c]))[:top]


# --- the naive baseline of earlier versions (--naive) ------------------------------------------------


def _naive(claim, conn):
    from sympy import simplify

    from derivcheck.core.functions import unfold
    from derivcheck.prover.strategies import goal_of, prepare

    relations, _ = prepare(claim)
    ok = True
    for rel in relations:
        goal = goal_of(rel)
        expr = simplify(unfold(goal.expr.doit()))
        ok &= bool(expr == 0) if goal.relation == "zero" else bool(expr.is_nonnegative if goal.relation == "nonneg" else expr.is_positive)
    conn.send(ok)


def naive_baseline(pattern: str | None, timeout: float) -> tuple[float, int, int]:
    """Seconds, claims proven and claims, of ``simplify(lhs - rhs)`` per claim in the working tree."""
    from derivcheck.core.registry import load_catalog, select

    claims = select(load_catalog().values(), pattern)
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
    return time.monotonic() - start, proven, len(claims)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", dest="pattern")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=20261121, help="derivcheck's default seed")
    parser.add_argument("--top", type=int, default=10, help="slowest claims shown")
    parser.add_argument("--live", action="store_true", help="run the working tree, not a snapshot of HEAD")
    parser.add_argument("--baseline", metavar="REV", help="also time a snapshot of this git revision, for ratios")
    parser.add_argument("--naive", action="store_true", help="also time the naive simplify(lhs - rhs) baseline")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="derivcheck-bench-catalog-") as tmp:
        root = Path(tmp)
        this = measure(args, *code(root, "this", None, args.live, own_cache=True))
        base = measure(args, *code(root, "base", args.baseline, False, own_cache=True)) if args.baseline else None
    summary = this["json"]["summary"]
    print(f"catalog: {len(this['claims'])} claims, jobs {args.jobs}, timeout {args.timeout:g} s; "
          + " ".join(f"{k}={v}" for k, v in summary.items() if v))
    numeric, proof = totals(this)
    print(f"cold run:       {this['cold']:6.1f} s")
    print(f"numeric alone:  {numeric:6.1f} s (sum over claims, one at a time); slowest "
          f"{max(n for n, _ in this['claims'].values()):.2f} s")
    print(f"prover alone:   {proof:6.1f} s")
    if base is not None:
        b_numeric, b_proof = totals(base)
        print(f"baseline {args.baseline}: cold {base['cold']:.1f} s, numeric {b_numeric:.1f} s, prover {b_proof:.1f} s; "
              f"this / baseline: cold {this['cold'] / base['cold']:.2f}×, numeric {numeric / b_numeric:.2f}×, "
              f"prover {proof / b_proof:.2f}×")
        same, theirs = verdicts(this), verdicts(base)
        differ = sorted(c for c in same.keys() | theirs.keys() if same.get(c) != theirs.get(c))
        print(f"verdicts agree: {not differ}" + (f" (differ: {', '.join(differ)})" if differ else "")
              + f"; JSON identical but seconds: {without_seconds(this['json']['results']) == without_seconds(base['json']['results'])}")
    print(f"\nslowest {args.top} (seconds, one claim at a time):")
    header = f"{'claim':44}{'proof':>8}{'numeric':>9}"
    print(header + (f"{'base proof':>12}{'base num.':>11}" if base else ""))
    for claim in slowest(this, args.top):
        n, p = this["claims"][claim]
        line = f"{claim:44}{p:8.2f}{n:9.2f}"
        if base and claim in base["claims"]:
            bn, bp = base["claims"][claim]
            line += f"{bp:12.2f}{bn:11.2f}"
        print(line)
    if base:
        print(f"\nslowest {args.top} of the baseline:")
        print(f"{'claim':44}{'proof':>8}{'numeric':>9}{'now proof':>12}{'now num.':>11}")
        for claim in slowest(base, args.top):
            bn, bp = base["claims"][claim]
            n, p = this["claims"].get(claim, (float("nan"), float("nan")))
            print(f"{claim:44}{bp:8.2f}{bn:9.2f}{p:12.2f}{n:11.2f}")
    if args.naive:
        seconds, proven, count = naive_baseline(args.pattern, args.timeout)
        print(f"\nnaive simplify(lhs - rhs), one claim at a time: {seconds:.1f} s, {proven}/{count} proven")


if __name__ == "__main__":
    main()
