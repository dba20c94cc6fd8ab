"""Benchmark: ``derivcheck run`` on the catalog twice against a fresh cache, cold then warm.

The cold and the first warm run print JSON, compared field by field but the seconds (a cached
verdict must be the fresh one); then the warm run of the table, as ``derivcheck run`` prints by
default (the fastest of ``--repeat``): the catalog's warm time, with the ratio cold / warm. Target:
at most 2 s. Also timed: ``derivcheck list`` (import derivcheck and build the catalog, check
nothing), what a warm run cost before the catalog's index (``run.catalog_index``) let it skip that.

Each run is a subprocess with ``DERIVCHECK_CACHE_DIR`` set to a temporary folder (the user's own
cache is not touched), on a snapshot of the committed source (``git archive HEAD``): the engine's
source digest is part of the key, and a shared working tree edited during the cold run would make
the warm run decide everything again (``--live`` runs the installed code instead).

    python bench/bench_cache.py [-k PATTERN] [--timeout 60] [--jobs N] [--repeat 3] [--live]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent


def snapshot(folder: Path, rev: str = "HEAD") -> None:
    """derivcheck at ``rev``, with the catalog (``derivcheck/identities`` is a link to ``identities``)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "derivcheck", "identities"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)


def code(root: Path, name: str, rev: str | None, live: bool, *, own_cache: bool = False) -> tuple[dict, str | None]:
    """The environment and working folder that run derivcheck at ``rev`` (the working tree if ``live``);
    ``own_cache``: a cache folder of its own under ``root``."""
    env = {**os.environ, **({"DERIVCHECK_CACHE_DIR": str(root / f"cache-{name}")} if own_cache else {})}
    env.pop("DERIVCHECK_NO_CACHE", None)
    if live:
        return env, None
    (root / name).mkdir()
    snapshot(root / name, rev or "HEAD")
    env["PYTHONPATH"] = str(root / name)
    return env, str(root / name)  # not the shared tree: `-m` puts the working folder first on the path


def timed(args: list[str], env: dict, cwd: str | None) -> tuple[float, str]:
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "derivcheck", *args], env=env, cwd=cwd, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"derivcheck {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return seconds, proc.stdout


def without_seconds(data):
    if isinstance(data, dict):
        return {k: without_seconds(v) for k, v in data.items() if k != "seconds"}
    if isinstance(data, list):
        return [without_seconds(v) for v in data]
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", dest="pattern")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3, help="warm table runs; the fastest is reported")
    parser.add_argument("--live", action="store_true", help="run the installed derivcheck, not a snapshot of HEAD")
    args = parser.parse_args()
    selection = ["-k", args.pattern] if args.pattern else []
    run = ["run", *selection, "--json", "--timeout", str(args.timeout), "--jobs", str(args.jobs)]
    with tempfile.TemporaryDirectory(prefix="derivcheck-bench-cache-") as folder:
        env = {**os.environ, "DERIVCHECK_CACHE_DIR": str(Path(folder) / "cache")}
        env.pop("DERIVCHECK_NO_CACHE", None)
        cwd = None
        if not args.live:
            code = Path(folder) / "code"
            code.mkdir()
            snapshot(code)
            env["PYTHONPATH"] = str(code)
            cwd = str(code)
        cold, cold_out = timed(run, env, cwd)
        warm, warm_out = timed(run, env, cwd)
        tables = [timed([r for r in run if r != "--json"], env, cwd) for _ in range(max(1, args.repeat))]
        table = min(seconds for seconds, _ in tables)
        same_table = len({out for _, out in tables}) == 1
        floor, _ = timed(["list", *selection], env, cwd)
        _, info = timed(["cache", "info"], env, cwd)
    cold_doc, warm_doc = json.loads(cold_out), json.loads(warm_out)
    print(f"claims:              {len(cold_doc['results'])}  {cold_doc['summary']}")
    print(f"cold run (--json):   {cold:.2f} s")
    print(f"warm run (--json):   {warm:.2f} s   (prints every proof: each one read from the cache and typeset)")
    print(f"catalog warm:        {table:.2f} s   (table, fastest of {len(tables)}; target ≤ 2 s: {'met' if table <= 2 else 'NOT met'})")
    print(f"ratio cold / warm:   {cold / table:.1f}x (table), {cold / warm:.1f}x (--json)")
    print(f"list:                {floor:.2f} s   import + building the catalog, no checking (a warm run skips it)")
    print(f"warm tables agree:   {same_table}")
    differ = [c["id"] for c, w in zip(cold_doc["results"], warm_doc["results"]) if without_seconds(c) != without_seconds(w)]
    print(f"warm equals cold:    {not differ}" + (f"  (differ: {', '.join(differ)})" if differ else ""))
    not_final = [r["id"] for r in cold_doc["results"] if r["verdict"] == "TIMEOUT"]
    if not_final:
        print(f"decided again:       {', '.join(not_final)} (TIMEOUT is never cached)")
    print("cache:               " + " | ".join(line.strip() for line in info.splitlines()[1:]))
    entries = next((int(line.split()[-1]) for line in info.splitlines() if line.startswith("entries:")), 0)
    if entries > len(cold_doc["results"]):
        print(f"note: {entries} entries for {len(cold_doc['results'])} claims: derivcheck's engine source changed "
              "between the two runs (its digest is part of the key), so the warm run decided afresh")


if __name__ == "__main__":
    main()
