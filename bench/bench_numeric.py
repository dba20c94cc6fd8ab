"""Benchmark: the numeric spot check alone (``numeric.spotcheck.spot_check``), no prover, per claim.

Times ``spot_check`` on a few catalog claims -- scalar ones and the sized claims the issue names as
the slowest (``vjp_softmax``, ``grad_cross_entropy_soft``, ``mlp_grad_batch_mean_layer1_leaky_relu``)
-- and on the statements of issue 16 that used to hang (x^x, a tower of powers, a tower of
exponentials, a sum to 10^9), each in a forked process stopped at ``--limit``. Prints seconds per
claim (the fastest of ``--repeat`` runs) and the ratio to a baseline measured in the same run: the
trivial claim (x + 1)² = x² + 2x + 1, checked the same way. Ratios, not absolute targets: the machine
and its load change the seconds, not much the ratios.

Sized claims are also timed on the path before 0.2.0's sized evaluation (``written_out=True``: the
claim written out with SymPy and compiled at every drawn size) in the same run: the "before" column,
and before / after as a ratio; ``--sized`` times every sized claim of the catalog that way, with the
total and the slowest. Both paths must give the same verdict (the row says so when they do not).

    python bench/bench_numeric.py [-k PATTERN] [--repeat 3] [--limit 120] [--seed 20261121] [--no-hard] [--sized]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout, not an installed copy

from sympy import Eq, Indexed, Product, Sum, Symbol  # noqa: E402

from derivcheck.core.claim import REALS, Claim  # noqa: E402
from derivcheck.core.registry import load_catalog  # noqa: E402
from derivcheck.numeric.spotcheck import spot_check  # noqa: E402

CATALOG = ["deriv_sigmoid", "deriv_tanh", "deriv_gelu", "deriv_sigmoid_le_quarter", "deriv2_binary_cross_entropy_pos",
           "jacobian_softmax", "vjp_softmax", "grad_cross_entropy_soft", "mlp_grad_batch_mean_layer1_leaky_relu"]
HARD = {  # issue 16: each was an ERROR, a memory limit or a TIMEOUT before
    "x^x'": (r"\frac{d}{dx} x^{x} = x^{x}(\ln x + 1)", ["x > 0"]),
    "x^x^x^x": (r"x^{x^{x^{x}}} = x^{x^{x^{x}}}", ["x > 0"]),
    "e^e^e^e^x > 0": (r"e^{e^{e^{e^{x}}}} > 0", []),
    "sum to 10^9": (r"\sum_{i=1}^{1000000000} i = 500000000500000000", []),
    "e^x >= 1+x+1e-20": (r"e^{x} \ge 1 + x + 10^{-20}", []),
}


def baseline_claim() -> Claim:
    x = Symbol("x", real=True)
    return Claim(id="baseline", title="baseline", source="bench", topic="bench",
                 statement=(Eq((x + 1) ** 2, x**2 + 2 * x + 1, evaluate=False),), variables={x: REALS})


def hard_claims(pattern: str | None) -> dict:
    from derivcheck.answers.load import parse_answers

    out = {}
    for name, (statement, where) in HARD.items():
        if pattern and pattern not in name:
            continue
        parsed = parse_answers({"claim": [{"id": "hard", "statement": statement, "where": where}]}, path="bench")
        [answer] = parsed.answers
        [claim] = [c for step in answer.steps for c in step.claims]
        out[name] = claim
    return out


def _time_one(claim, seed, written_out, conn):
    start = time.perf_counter()
    try:
        evidence = spot_check(claim, seed=seed, written_out=written_out)
        summary = "REFUTED" if evidence.refuted else f"{evidence.points} points"
    except Exception as exc:  # an error is a result here, reported as such
        summary = f"{type(exc).__name__}"
    conn.send((time.perf_counter() - start, summary))


def measure(claim, seed: int, limit: float, repeat: int, written_out: bool = False) -> tuple[float | None, str]:
    """The fastest of ``repeat`` runs, each in a fresh fork (None: over ``limit``)."""
    ctx = mp.get_context("fork")
    best, summary = None, "timeout"
    for _ in range(repeat):
        parent, child = ctx.Pipe(duplex=False)
        p = ctx.Process(target=_time_one, args=(claim, seed, written_out, child))
        p.start()
        if parent.poll(limit):
            seconds, summary = parent.recv()
            best = seconds if best is None else min(best, seconds)
        else:
            summary = f"over {limit:g} s"
        p.kill()
        p.join()
        if best is None:
            break
    return best, summary


def is_sized(claim) -> bool:
    return any(d.integer and not d.shape for d in claim.variables.values()) and (
        any(d.shape for d in claim.variables.values()) or any(r.has(Sum, Product, Indexed) for r in claim.statement))


def _seconds(value) -> str:
    return f"{value:10.3f}" if value is not None else f"{'—':>10}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-k", dest="pattern", help="only claims whose id contains this")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=float, default=120.0, help="seconds per run before it counts as over")
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--no-hard", action="store_true", help="skip the issue's hard statements")
    ap.add_argument("--sized", action="store_true", help="every sized claim of the catalog, before and after")
    args = ap.parse_args()

    catalog = load_catalog()
    claims = {"baseline (x+1)² = x²+2x+1": baseline_claim()}
    chosen = [cid for cid, claim in catalog.items() if is_sized(claim)] if args.sized else CATALOG
    claims.update({cid: catalog[cid] for cid in chosen if cid in catalog and (not args.pattern or args.pattern in cid)})
    if not args.no_hard and not args.sized:
        claims.update(hard_claims(args.pattern))

    rows = []
    for name, claim in claims.items():
        after, summary = measure(claim, args.seed, args.limit, args.repeat)
        before, old = measure(claim, args.seed, args.limit, args.repeat, written_out=True) if is_sized(claim) else (None, summary)
        if old.split()[0] != summary.split()[0]:
            summary = f"{summary} (written out: {old})"
        rows.append((name, before, after, summary))
    base = rows[0][2]
    print(f"numeric spot check alone (spot_check, seed {args.seed}, fastest of {args.repeat}, limit {args.limit:g} s)")
    print("before: sized claims written out and compiled at every size; after: evaluated as stated")
    print(f"{'claim':42}{'before s':>10}{'after s':>10}{'before/after':>13}{'× baseline':>12}  result")
    for name, before, after, summary in rows:
        speedup = f"{before / after:13.1f}" if before is not None and after else f"{'—':>13}"
        ratio = f"{after / base:12.1f}" if after is not None and base else f"{'—':>12}"
        print(f"{name:42}{_seconds(before)}{_seconds(after)}{speedup}{ratio}  {summary}")
    sized = [r for r in rows if r[1] is not None and r[2] is not None]
    if sized:
        total_before, total_after = sum(r[1] for r in sized), sum(r[2] for r in sized)
        slowest = max(sized, key=lambda r: r[2])
        print(f"{len(sized)} sized claims: {total_before:.1f} s before, {total_after:.1f} s after "
              f"({total_before / total_after:.1f}×); slowest after: {slowest[0]} {slowest[2]:.2f} s")


if __name__ == "__main__":
    main()
