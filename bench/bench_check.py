"""Benchmark: `derivcheck check` on a generated file of 100 scalar claims, cold (a fresh process).

The claims mix the shapes homework has: derivative identities, polynomial chains, activation
identities, inequalities, rounded decimals, cases, and wrong steps (about one claim in four is
false). Each claim is proven or refuted and numerically checked, as in a normal run. Prints the
wall time of the whole command (interpreter start-up included), the per-claim time, the target
(5 s) and the verdict counts.

    python bench/bench_check.py [--claims 100] [--jobs N] [--keep FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

TEMPLATES = [
    (r"\frac{{d}}{{dx}} x^{{{k}}} = {k} x^{{{km1}}}", True),
    (r"(x+{k})^2 = x^2 + {k2} x + {ksq}", True),
    (r"(x+{k})^2 = x^2 + {k} x + {ksq}", False),
    (r"\frac{{d}}{{dx}} e^{{{k}x}} = {k} e^{{{k}x}}", True),
    (r"\frac{{d}}{{dx}} \sin({k}x) = {k}\cos({k}x)", True),
    (r"\frac{{d}}{{dx}} \ln({k}x) = \frac{{1}}{{x}}", True),
    (r"\frac{{d}}{{dx}}\sigma({k}x) = {k}\sigma({k}x)(1-\sigma({k}x))", True),
    (r"\tanh(x) = 2\sigma(2x) - 1", True),
    (r"x^2 + {k} \geq {k}", True),
    (r"\frac{{1}}{{{k}}} = {dec}", True),
    (r"\frac{{d}}{{dx}} x^{{{k}}} = x^{{{km1}}}", False),
    (r"\max(x, {k}) + \min(x, {k}) = x + {k}", True),
    (r"(x-{k})(x+{k}) = x^2 - {ksq} = x^2 + {ksq}", False),
]


def make_file(count: int) -> str:
    lines = []
    for i in range(count):
        template, _ = TEMPLATES[i % len(TEMPLATES)]
        k = 2 + (i // len(TEMPLATES)) % 7
        dec = f"{1 / k:.3f}"
        statement = template.format(k=k, km1=k - 1, k2=2 * k, ksq=k * k, dec=dec)
        where = "where = ['x > 0']\n" if r"\ln" in template else ""
        lines.append(f"[[claim]]\nid = \"c{i:03d}\"\nstatement = '{statement}'\n{where}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--keep", help="also write the generated file here")
    args = ap.parse_args()
    text = make_file(args.claims)
    if args.keep:
        with open(args.keep, "w") as fh:
            fh.write(text)
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as fh:
        fh.write(text)
        path = fh.name
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "derivcheck", "check", path, "--json", "--jobs", str(args.jobs)],
                          capture_output=True, text=True, cwd=root)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    os.unlink(path)
    doc = json.loads(proc.stdout)
    results = doc["files"][0]["results"]
    steps = sum(len(r["steps"]) for r in results)
    print(f"claims: {len(results)}  steps: {steps}  jobs: {args.jobs}  exit status: {proc.returncode}")
    print(f"verdicts: {doc['summary']}")
    print(f"wall time (cold, whole command): {wall:.2f} s   per claim: {1000 * wall / len(results):.0f} ms")
    print(f"CPU time of all processes: {cpu:.2f} s  (cpu / jobs = {cpu / args.jobs:.2f} s: the wall time on idle cores)")
    print(f"load average before the run: {load:.2f} on {os.cpu_count()} cores (other work slows the wall time)")
    print(f"target 5 s: wall ratio {wall / 5:.2f} ({'met' if wall < 5 else 'missed'}), idle-core estimate ratio {cpu / args.jobs / 5:.2f}")


if __name__ == "__main__":
    main()
