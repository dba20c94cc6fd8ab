"""The ``derivcheck`` command line: run, list, show.

Exit status of ``run``: 0 iff every selected claim is PROVEN, 1 otherwise, 2 for a usage error.
Human output goes to stdout as rich tables; the progress bar goes to stderr; ``--json`` prints
exactly one JSON document on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from . import __version__
from .errors import DerivcheckError
from .registry import load_catalog, load_path, select
from .runner import DEFAULT_SEED, DEFAULT_TIMEOUT, run_claims
from .verdict import Result, Verdict

THEME = Theme({
    "derivcheck.proven": "bold green",
    "derivcheck.checked": "bold yellow",
    "derivcheck.refuted": "bold red",
    "derivcheck.error": "bold magenta",
    "derivcheck.timeout": "bold blue",
})


def verdict_text(verdict: Verdict) -> Text:
    return Text(verdict.value, style=f"derivcheck.{verdict.value.lower()}")


class UsageError(DerivcheckError):
    """The command line asks for something that does not exist."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="derivcheck", description="Prove and spot-check the identities of ML coursework.")
    parser.add_argument("--version", action="version", version=f"derivcheck {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def selection(p):
        p.add_argument("paths", nargs="*", help="extra identity modules (files or folders) besides the built-in catalog")
        p.add_argument("-k", dest="pattern", help="only claims whose id or topic contains this text")

    def execution(p):
        p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per claim (default %(default)s)")
        p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="claims checked at once (default: cores)")
        p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the numeric spot-checks (default %(default)s)")

    run = sub.add_parser("run", help="check every selected claim: proof and numeric spot-check")
    selection(run)
    execution(run)
    run.add_argument("--json", action="store_true", help="print one JSON document on stdout")

    lst = sub.add_parser("list", help="id, title, source and topic of each claim")
    selection(lst)

    show = sub.add_parser("show", help="one claim: statement, assumptions, proof steps, numeric evidence")
    show.add_argument("id")
    show.add_argument("paths", nargs="*", help="extra identity modules")
    execution(show)
    return parser


def _claims(args):
    catalog = load_catalog()
    for path in getattr(args, "paths", []) or []:
        if not os.path.exists(path):
            raise UsageError(f"no such file or folder: {path}")
        load_path(path)
    return list(catalog.values())


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    out = Console(theme=THEME, highlight=False)
    err = Console(theme=THEME, stderr=True, highlight=False)
    try:
        if args.command == "list":
            return cmd_list(args, out)
        if args.command == "show":
            return cmd_show(args, out, err)
        return cmd_run(args, out, err)
    except UsageError as exc:
        err.print(f"derivcheck: error: {exc}")
        return 2


def cmd_list(args, out: Console) -> int:
    claims = select(_claims(args), args.pattern)
    table = Table("id", "title", "source", "topic")
    for c in claims:
        table.add_row(c.id, c.title, c.source, c.topic)
    out.print(table)
    return 0


def _check_options(args) -> None:
    if args.timeout <= 0:
        raise UsageError(f"--timeout must be positive, got {args.timeout}")
    if args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {args.jobs}")


def cmd_run(args, out: Console, err: Console) -> int:
    _check_options(args)
    claims = select(_claims(args), args.pattern)
    if not claims:
        raise UsageError(f"no claim matches -k {args.pattern!r}")
    results = _run_with_progress(claims, args, err, quiet=args.json)
    if args.json:
        print(json.dumps(json_document(results, args.seed), indent=2, ensure_ascii=False))
    else:
        out.print(results_table(results))
        out.print(summary_line(results))
    return 0 if all(r.verdict is Verdict.PROVEN for r in results) else 1


def _run_with_progress(claims, args, err: Console, quiet: bool = False) -> list[Result]:
    columns = (TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True, disable=quiet or not err.is_terminal) as progress:
        task = progress.add_task("checking", total=len(claims))
        return run_claims(claims, timeout=args.timeout, jobs=args.jobs, seed=args.seed,
                          on_result=lambda r: progress.update(task, advance=1, description=r.id))


def json_document(results: list[Result], seed: int) -> dict:
    counts = Counter(r.verdict.value for r in results)
    return {
        "version": __version__,
        "seed": seed,
        "results": [r.to_json() for r in results],
        "summary": {v.value: counts.get(v.value, 0) for v in Verdict},
    }


def results_table(results: list[Result]) -> Table:
    table = Table("id", "verdict", "method", "max error", "seconds", "note")
    for r in results:
        error = f"{r.evidence.max_rel_error:.1e}" if r.evidence is not None else "-"
        note = r.message or ("" if r.generic else r.scope)
        table.add_row(r.id, verdict_text(r.verdict), r.method, error, f"{r.seconds:.2f}", note)
    return table


def summary_line(results: list[Result]) -> Text:
    counts = Counter(r.verdict for r in results)
    parts = [Text(f"{len(results)} claims: ")]
    for v in Verdict:
        if counts.get(v):
            parts += [Text(f"{counts[v]} "), verdict_text(v), Text("  ")]
    return Text.assemble(*parts)


def cmd_show(args, out: Console, err: Console) -> int:
    _check_options(args)
    claims = {c.id: c for c in _claims(args)}
    if args.id not in claims:
        raise UsageError(f"no claim with id {args.id!r} (see `derivcheck list`)")
    claim = claims[args.id]
    [result] = run_claims([claim], timeout=args.timeout, jobs=1, seed=args.seed)
    out.print(Text(f"{claim.id}: {claim.title}", style="bold"))
    out.print(f"source:     {claim.source}")
    out.print(f"topic:      {claim.topic}")
    for i, rel in enumerate(claim.statement, 1):  # escaped: rich would read x[i] as markup
        out.print(f"statement{'' if len(claim.statement) == 1 else f' {i}'}:  {escape(str(rel))}")
    out.print(f"where:      {escape(claim.scope)}")
    if claim.notes:
        out.print(f"notes:      {escape(claim.notes)}")
    out.print(Text.assemble("verdict:    ", verdict_text(result.verdict), f"  ({result.method}, {result.seconds:.2f} s)"))
    if result.message:
        out.print(f"message:    {result.message}")
    for proof in result.proofs or ():
        out.print(proof)
    ev = result.evidence
    if ev is not None:
        out.print(f"numeric:    {ev.points} points, seed {ev.seed}, max abs error {ev.max_abs_error:.2e}, "
                  f"max rel error {ev.max_rel_error:.2e}; float64 alarms dismissed at high precision: {ev.false_alarms}")
    return 0 if result.verdict is Verdict.PROVEN else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
