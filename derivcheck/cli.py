"""The ``derivcheck`` command line: run, list, show, latex, check, mutate, cache.

Exit status of ``run``: 0 iff every selected claim is PROVEN, 1 otherwise, 2 for a usage error.
Exit status of ``check``: 0 iff no answer (or claim of a document) is REFUTED or ERROR, 1 otherwise, 2 for a
usage error.
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
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Column, Table
from rich.text import Text
from rich.theme import Theme

from . import __version__
from .core.errors import DerivcheckError, LatexCompileError, LatexEngineMissing
from .core.provenance import question_key
from .report.latex import render_claim, render_document
from .core.text import text
from .core.registry import family, load_catalog, load_path, select
from .run.cache import ResultCache, command_line_cache, using
from .run.catalog_index import cached_results, load_indexed
from .run.runner import DEFAULT_SEED, DEFAULT_TIMEOUT, run_claims
from .core.verdict import Result, Verdict

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
    run.add_argument("--latex", metavar="FILE", help="also write the proofs as a LaTeX document to FILE")
    no_cache(run)

    tex = sub.add_parser("latex", help="write the proofs of the selected claims as a LaTeX document")
    selection(tex)
    execution(tex)
    tex.add_argument("-o", dest="output", default="proofs.tex", help="the .tex file to write (default %(default)s)")
    tex.add_argument("--pdf", action="store_true", help="also compile it to PDF (needs latexmk or pdflatex)")

    lst = sub.add_parser("list", help="id, title, source and topic of each claim")
    selection(lst)
    lst.add_argument("--source", metavar="DOCUMENT",
                     help="only the claims from DOCUMENT (a seed solution's id such as 000_6df6721d1f90bea6, "
                          "or part of a citation), by the question each comes from")

    mutate = sub.add_parser("mutate", help="mutation testing: plausible mistakes in each claim must be REFUTED")
    selection(mutate)
    execution(mutate)
    mutate.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    mutate.add_argument("--sample", type=int, help="check only this many mutants, drawn with the seed")

    show = sub.add_parser("show", help="one claim: statement, assumptions, proof steps, numeric evidence")
    show.add_argument("id")
    show.add_argument("paths", nargs="*", help="extra identity modules")
    execution(show)
    show.add_argument("--latex", action="store_true", help="print the claim and its proof as LaTeX on stdout")

    chk = sub.add_parser("check", help="check your own LaTeX answers (answer files, Markdown, LaTeX, notebooks), step by step")
    chk.add_argument("files", nargs="+", help="answer files (.toml), documents (.md, .tex, .ipynb), or folders of them")
    execution(chk)
    chk.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    chk.add_argument("--latex", metavar="FILE", help="also write a LaTeX feedback document to FILE (answer files)")
    chk.add_argument("--html", metavar="FILE", help="also write the documents, every formula marked, as one HTML page")
    chk.add_argument("--gradescope", metavar="FILE", help="write Gradescope autograder results (one file: FILE; "
                     "several: a folder FILE with one JSON per file)")
    chk.add_argument("--prairielearn", metavar="FILE", help="write PrairieLearn external-grader results (as --gradescope)")
    chk.add_argument("--csv", metavar="FILE", help="write a gradebook: one row per file, one column per question, total")
    no_cache(chk)

    cache = sub.add_parser("cache", help="the cache of decided claims: where it is and what it holds, or empty it")
    cache.add_argument("action", choices=("info", "clear"))
    return parser


def no_cache(p) -> None:
    p.add_argument("--no-cache", action="store_true",
                   help="decide every claim afresh; neither read nor write the cache (also: DERIVCHECK_NO_CACHE=1)")


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
        if args.command == "mutate":
            return cmd_mutate(args, out, err)
        if args.command == "latex":
            return cmd_latex(args, out, err)
        if args.command == "cache":
            return cmd_cache(args, out)
        # run and check read and write the user's cache (library calls of run_claims do not)
        with using(command_line_cache(args.no_cache)):
            if args.command == "check":
                return cmd_check(args, out, err)
            return cmd_run(args, out, err)
    except UsageError as exc:
        err.print(f"derivcheck: error: {exc}", markup=False)
        return 2
    except (LatexEngineMissing, LatexCompileError) as exc:
        err.print(f"derivcheck: error: {exc}", markup=False)
        return 3


def cmd_cache(args, out: Console) -> int:
    cache = ResultCache()
    say = lambda line: out.print(line, markup=False, soft_wrap=True)  # noqa: E731 - paths whole, never wrapped
    if args.action == "clear":
        say(f"removed {cache.clear()} entries from {cache.path}")
        return 0
    info = cache.info()
    say(f"path:     {info['path']}")
    say(f"entries:  {info['entries']}")
    say(f"size:     {info['bytes'] / 1024:.1f} KiB")
    for version, count in info["versions"].items():
        say(f"version {version}: {count} entries")
    if info["error"]:
        say(f"unreadable: {info['error']} (`derivcheck cache clear` removes it)")
    return 0


def cmd_list(args, out: Console) -> int:
    claims = select(_claims(args), args.pattern)
    if args.source:
        return _list_document(claims, args.source, out)
    table = Table("title", "source", "topic")
    table.columns.insert(0, Column("id", overflow="fold"))  # ids whole (a table may fold, never cut them)
    for c in claims:
        table.add_row(Text(c.id), Text(c.title), Text(str(c.source)), Text(c.topic))
    out.print(table)
    return 0


def _list_document(claims, document: str, out: Console) -> int:
    """The claims citing ``document``, one table per matching document, in the order of its questions."""
    found = {}
    for c in claims:
        for source in c.source.in_document(document):
            found.setdefault(source.document, []).append((source, c))
    if not found:
        raise UsageError(f"no selected claim cites {document!r} (see `derivcheck list` for the sources)")
    for doc, rows in found.items():
        title = rows[0][0].title
        out.print(Text(doc if title == doc else f"{doc}: {title}", style="bold"))
        table = Table("question", Column("id", overflow="fold"), "title")
        for source, c in sorted(rows, key=lambda r: question_key(r[0].question)):
            table.add_row(Text(source.place or "-"), Text(c.id), Text(c.title))
        out.print(table)
    return 0


def _check_options(args) -> None:
    if args.timeout <= 0:
        raise UsageError(f"--timeout must be positive, got {args.timeout}")
    if args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {args.jobs}")


def cmd_run(args, out: Console, err: Console) -> int:
    _check_options(args)
    results = None
    rendered: dict[int, dict] = {}  # id(result) -> its JSON, printed while the workers still run
    if not args.paths and not args.latex:  # the catalog alone, every verdict cached: no need to build it
        results = cached_results(args.pattern, seed=args.seed, timeout=args.timeout)
    if results is None:
        load_indexed(seed=args.seed, timeout=args.timeout)  # and its index, for the next run
        claims = select(_claims(args), args.pattern)
        if not claims:
            raise UsageError(f"no claim matches -k {args.pattern!r}")
        results = _run_with_progress(claims, args, err, quiet=args.json,
                                     render=(lambda r: rendered.setdefault(id(r), result_json(r))) if args.json else None)
    if args.json:
        print(json.dumps(json_document(results, args.seed, rendered), indent=2, ensure_ascii=False))
    else:
        out.print(results_table(results))
        out.print(summary_line(results))
    if args.latex:
        _write_latex(args.latex, claims, results, args.seed, err)
    return 0 if all(r.verdict is Verdict.PROVEN for r in results) else 1


def _run_with_progress(claims, args, err: Console, quiet: bool = False, render=None) -> list[Result]:
    """``render`` is called on each result as it arrives: the parent prints proofs while workers still run."""
    columns = (TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True, disable=quiet or not err.is_terminal) as progress:
        task = progress.add_task("checking", total=len(claims))

        def on_result(result: Result) -> None:
            progress.update(task, advance=1, description=result.id)
            if render is not None:
                render(result)
        return run_claims(claims, timeout=args.timeout, jobs=args.jobs, seed=args.seed, on_result=on_result)


def result_json(result: Result) -> dict:
    """A result with its proofs as JSON (printing the proofs is most of the work)."""
    return {**result.to_json(), "proofs": [p.to_json() for p in result.proofs or ()]}


def json_document(results: list[Result], seed: int, rendered: dict[int, dict] | None = None) -> dict:
    """``rendered``: results already turned into JSON, by ``id``."""
    counts = Counter(r.verdict.value for r in results)
    rendered = rendered or {}
    return {
        "version": __version__,
        "seed": seed,
        "results": [rendered.get(id(r)) or result_json(r) for r in results],
        "summary": {v.value: counts.get(v.value, 0) for v in Verdict},
    }


def results_table(results: list[Result]) -> Table:
    table = Table("id", "verdict", "method", "max error", "seconds", "note")
    for r in results:
        error = f"{r.evidence.max_rel_error:.1e}" if r.evidence is not None else "-"
        note = r.message or ("" if r.generic else r.scope)
        table.add_row(Text(r.id), verdict_text(r.verdict), r.method, error, f"{r.seconds:.2f}", Text(note))
    return table


def summary_line(results: list[Result]) -> Text:
    counts = Counter(r.verdict for r in results)
    parts = [Text(f"{len(results)} claims: ")]
    for v in Verdict:
        if counts.get(v):
            parts += [Text(f"{counts[v]} "), verdict_text(v), Text("  ")]
    return Text.assemble(*parts)


def cmd_mutate(args, out: Console, err: Console) -> int:
    from .mutation.mutate import run_mutation

    _check_options(args)
    claims = select(_claims(args), args.pattern)
    if not claims:
        raise UsageError(f"no claim matches -k {args.pattern!r}")
    report = run_mutation(claims, seed=args.seed, timeout=args.timeout, jobs=args.jobs, sample=args.sample)
    summary = report.summary
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        table = Table("claim", "mutants", "false", "equivalent", "refuted", "false passes", "errors", "timeouts")
        for c in report.claims:
            table.add_row(c.id, str(c.mutants), str(c.false), str(c.equivalent), str(c.refuted),
                          Text(str(len(c.false_passes)), style="derivcheck.refuted" if c.false_passes else ""),
                          str(len(c.errors)), str(len(c.timeouts)))
        out.print(table)
        for c in report.claims:
            for item in c.false_passes + c.bad_counterexamples + c.errors + c.timeouts:
                out.print(f"  {item}")
        out.print(" ".join(f"{k}={v}" for k, v in summary.items()))
    bad = summary["false_passes"] + summary["bad_counterexamples"] + summary["errors"] + summary["timeouts"]
    return 0 if bad == 0 else 1


def cmd_show(args, out: Console, err: Console) -> int:
    _check_options(args)
    claims = family(_claims(args), args.id)
    if not claims:
        raise UsageError(f"no claim with id {args.id!r} (see `derivcheck list`)")
    codes = [_show_one(claim, args, out) for claim in claims]
    return max(codes)


def _show_one(claim, args, out: Console) -> int:
    """One claim: statement, scope, verdict, proof steps and numeric evidence (or its LaTeX)."""
    [result] = run_claims([claim], timeout=args.timeout, jobs=1, seed=args.seed)
    if args.latex:
        print("% a fragment for an article with \\usepackage{amsmath, amssymb}\n" + render_claim(claim, result), end="")
        return 0 if result.verdict is Verdict.PROVEN else 1
    out.print(Text(f"{claim.id}: {claim.title}", style="bold"))
    out.print(f"source:     {claim.source}")
    out.print(f"topic:      {claim.topic}")
    for i, rel in enumerate(claim.statement, 1):
        out.print(f"statement{'' if len(claim.statement) == 1 else f' {i}'}:  {text(rel)}", markup=False)
    out.print(f"where:      {claim.scope}", markup=False)
    if claim.notes:
        out.print(f"notes:      {escape(claim.notes)}")
    out.print(Text.assemble("verdict:    ", verdict_text(result.verdict), f"  ({result.method}, {result.seconds:.2f} s)"))
    if result.message:
        out.print(f"message:    {result.message}", markup=False)
    for proof in result.proofs or ():
        out.print(proof)
    ev = result.evidence
    if ev is not None:
        out.print(f"numeric:    {ev.points} points, seed {ev.seed}, max abs error {ev.max_abs_error:.2e}, "
                  f"max rel error {ev.max_rel_error:.2e}; float64 alarms dismissed at high precision: {ev.false_alarms}")
        if ev.message:
            out.print(f"            {ev.message}", markup=False)
    return 0 if result.verdict is Verdict.PROVEN else 1


def _write_latex(path: str, claims, results, seed: int, err: Console) -> None:
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(render_document(claims, results, seed=seed))
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from exc
    err.print(f"wrote {path} ({len(claims)} claims)", markup=False)


def cmd_latex(args, out: Console, err: Console) -> int:
    """Exit 0 iff the document was written (and compiled, with --pdf); 3 when the PDF failed."""
    from .report.pdf import compile_pdf, find_engine  # imported first: fail before the run, not after

    _check_options(args)
    claims = select(_claims(args), args.pattern)
    if not claims:
        raise UsageError(f"no claim matches -k {args.pattern!r}")
    if args.pdf and find_engine() is None:
        err.print("derivcheck: note: no LaTeX engine found, the .tex will be written but --pdf will fail", markup=False)
    results = _run_with_progress(claims, args, err)
    _write_latex(args.output, claims, results, args.seed, err)
    out.print(summary_line(results))
    if args.pdf:
        pdf = compile_pdf(args.output)
        err.print(f"wrote {pdf}", markup=False)
    return 0


CHECKED_SUFFIXES = (".toml", ".md", ".markdown", ".tex", ".ipynb")


def expand_files(paths: list[str]) -> list[str]:
    """The files to check: each file named, and in each folder (recursively) every answer file and document."""
    out, missing = [], []
    for path in paths:
        if os.path.isdir(path):
            found = sorted(os.path.join(root, name) for root, _, names in os.walk(path) for name in names
                           if name.lower().endswith(CHECKED_SUFFIXES) and not name.startswith("."))
            out.extend(found)
        elif os.path.isfile(path):
            out.append(path)
        else:
            missing.append(path)
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    if not out:
        raise UsageError(f"no answer file or document ({', '.join(CHECKED_SUFFIXES)}) in {', '.join(paths)}")
    return out


def cmd_check(args, out: Console, err: Console) -> int:
    from . import file_cache
    from .answers import feedback
    from .documents import feedback as document_feedback

    _check_options(args)
    files = expand_files(args.files)
    answer_files = [f for f in files if not f.lower().endswith(CHECKED_SUFFIXES[1:])]
    document_files = [f for f in files if f.lower().endswith(CHECKED_SUFFIXES[1:])]
    if args.html and not document_files:
        raise UsageError("--html writes documents (.md, .tex, .ipynb); no document was given")
    shown = not args.json and err.is_terminal
    total = _claims_to_check(args, answer_files, document_files) if shown else None  # for the ETA
    decided = [0]
    columns = (TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TimeRemainingColumn())
    try:
        with Progress(*columns, console=err, transient=True, disable=not shown) as progress:
            task = progress.add_task("checking", total=total)

            def advance(r):
                decided[0] += 1
                progress.update(task, advance=1, description=r.id)

            reports = file_cache.check_files(answer_files, timeout=args.timeout, jobs=args.jobs, seed=args.seed,
                                           on_result=advance) if answer_files else []
            doc_reports = file_cache.check_documents(document_files, timeout=args.timeout, jobs=args.jobs,
                                                     seed=args.seed, on_result=advance) if document_files else []
    except KeyboardInterrupt:
        # the runner returns nothing partial; what it decided is in the cache, so a rerun resumes there
        of = f" of {total}" if total is not None else ""
        err.print(f"interrupted: {decided[0]}{of} claims decided (kept in the cache unless --no-cache)", markup=False)
        return 130
    from .report import grading

    graded = grading.submissions_of(reports, doc_reports)
    summaries = grading.class_summary(graded) if len(graded) > 1 else []
    if args.json:
        data = feedback.json_report(reports, version=__version__, seed=args.seed)
        if doc_reports:
            data["documents"] = [document_feedback.document_json(r) for r in doc_reports]
            for r in doc_reports:
                for v, n in r.verdicts().items():
                    data["summary"][v.value] += n
        if summaries:
            data["class"] = grading.summary_json(summaries)
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for rep in reports:
            out.print(feedback.results_table(rep))
        if len(reports) > 1:
            out.print(feedback.files_table(reports))
        if reports:
            out.print(summary_line([r for rep in reports for r in rep.results]))
        for rep in doc_reports:
            out.print(document_feedback.document_table(rep))
            out.print(document_feedback.summary_text(rep), markup=False)
        if summaries:
            out.print(grading.summary_table(summaries))
    _write_exports(args, graded, err)
    if args.latex:
        try:
            with open(args.latex, "w", encoding="utf-8") as fh:
                fh.write(feedback.latex_report(reports))
        except OSError as exc:
            raise UsageError(f"cannot write {args.latex}: {exc.strerror or exc}") from exc
    if args.html:
        from .report.html import html_report

        try:
            with open(args.html, "w", encoding="utf-8") as fh:
                fh.write(html_report(doc_reports))
        except OSError as exc:
            raise UsageError(f"cannot write {args.html}: {exc.strerror or exc}") from exc
        err.print(f"wrote {args.html}", markup=False)
    return 1 if any(rep.failed for rep in reports) or any(rep.failed for rep in doc_reports) else 0


def _claims_to_check(args, answer_files: list[str], document_files: list[str]) -> int:
    """How many claims the runner will decide (the progress bar's total, for its ETA); a file stored
    by ``file_cache`` is not read for it, the others are read twice."""
    from .file_cache import count_claims

    return count_claims(answer_files, seed=args.seed, timeout=args.timeout, document_paths=document_files)


def _write_exports(args, graded, err: Console) -> None:
    """--gradescope, --prairielearn, --csv (``report.exports``)."""
    from .report import exports

    try:
        for target, make in ((args.gradescope, exports.gradescope_results), (args.prairielearn, exports.prairielearn_results)):
            if target:
                written = exports.write_each(target, graded, make)
                err.print(f"wrote {written[0] if len(written) == 1 else f'{len(written)} files in {target}'}", markup=False)
        if args.csv:
            with open(args.csv, "w", encoding="utf-8", newline="") as fh:
                fh.write(exports.gradebook_csv(graded))
            err.print(f"wrote {args.csv}", markup=False)
    except OSError as exc:
        raise UsageError(f"cannot write {exc.filename or 'an export'}: {exc.strerror or exc}") from exc


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
