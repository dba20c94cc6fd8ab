"""Benchmark: the softmax Jacobian proven for every n vs. checked on explicit n×n matrices.

derivcheck proves ``jacobian_softmax`` once, for symbolic n, with the index-generic strategy
(generic entry (i, j), case split i = j / i ≠ j, Σ_j e^{x_j} = Z). The explicit approach builds
S(x) for n named variables, differentiates it into an n×n SymPy matrix and simplifies each entry
of J − (diag(S) − S Sᵀ) -- one size at a time, and only that size. Each explicit run happens in a
forked process stopped at the time limit. Prints seconds per n and the ratio explicit / derivcheck,
for two explicit pipelines (see ``explicit_matrix_check``).

    python bench/bench_softmax_jacobian.py [--sizes 2 4 6 8] [--limit 60]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout, not an installed copy

from sympy import Matrix, diag, exp, simplify, symbols  # noqa: E402

from derivcheck.prover.strategies import prove  # noqa: E402
from derivcheck.core.registry import load_catalog  # noqa: E402


def explicit_matrix_check(n: int, full: bool, conn) -> None:
    """full: simplify J and diag(S) − S Sᵀ entrywise, then their difference (the issue's pipeline);
    otherwise only simplify J − (diag(S) − S Sᵀ), which cancels at once because SymPy's
    derivative comes out in the same form as the claim."""
    xs = symbols(f"x1:{n + 1}", real=True)
    total = sum(exp(v) for v in xs)
    s = Matrix([exp(v) / total for v in xs])
    jacobian = s.jacobian(xs)
    claimed = diag(*s) - s * s.T
    if full:
        jacobian, claimed = jacobian.applyfunc(simplify), claimed.applyfunc(simplify)
    ok = all(simplify(jacobian[r, c] - claimed[r, c]) == 0 for r in range(n) for c in range(n))
    conn.send(ok)


def time_explicit(n: int, full: bool, limit: float) -> tuple[float | None, bool | None]:
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    start = time.monotonic()
    process = ctx.Process(target=explicit_matrix_check, args=(n, full, child))
    process.start()
    ready = parent.poll(limit)
    seconds = time.monotonic() - start
    ok = parent.recv() if ready else None
    process.kill()
    process.join()
    return (seconds if ready else None), ok


def time_derivcheck(claim) -> tuple[float, bool]:
    start = time.monotonic()
    proofs = prove(claim, budget=60)
    return time.monotonic() - start, proofs is not None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[2, 4, 6, 8])
    ap.add_argument("--limit", type=float, default=60.0, help="seconds before an explicit run is stopped")
    args = ap.parse_args()
    claim = load_catalog()["jacobian_softmax"]
    time_derivcheck(claim)  # warm SymPy's caches once, as the explicit runs' forks inherit them
    print(f"jacobian_softmax: derivcheck (symbolic n, proof once for all n) vs explicit n×n matrices; "
          f"each explicit run stopped at {args.limit:g} s")
    print("  full = simplify J and diag(S) − S Sᵀ entrywise, then J − R;  diff = simplify J − R only")
    print(f"{'n':>3} {'derivcheck s':>13} {'full s':>9} {'ratio':>7} {'diff s':>8} {'ratio':>7}   note")
    for n in args.sizes:
        ours, proven = time_derivcheck(claim)
        cells, notes = [], []
        for full in (True, False):
            theirs, ok = time_explicit(n, full, args.limit)
            if theirs is None:
                cells += [f"> {args.limit:g}", f"> {args.limit / ours:.0f}"]
                notes.append(("full" if full else "diff") + " stopped")
            else:
                cells += [f"{theirs:.2f}", f"{theirs / ours:.0f}"]
                if not ok:
                    notes.append(("full" if full else "diff") + " check FAILED")
        if not proven:
            notes.append("derivcheck: no proof")
        print(f"{n:>3} {ours:13.3f} {cells[0]:>9} {cells[1]:>7} {cells[2]:>8} {cells[3]:>7}   {', '.join(notes)}")


if __name__ == "__main__":
    main()
