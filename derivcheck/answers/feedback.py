r"""Checking answer files end to end, and the feedback they produce (table, JSON, LaTeX).

``check_files`` runs every step of every answer of every file in one ``run_claims`` call (so the
workers stay busy across files) and aggregates the steps back into answers. The LaTeX feedback
document is deliberately simple (statement, step marks, counterexamples); it is meant to be
merged later with the proof printer in ``report.latex``; it escapes words with the same
``core.tex.latex_text``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text

from .load import load_answers
from .model import AnswerFile, AnswerResult, aggregate
from .reading import claim_keys, shared_reading
from ..core.tex import latex_text
from ..core.verdict import Verdict
from ..run.runner import run_claims

__all__ = ["FileReport", "check_files", "file_reports", "results_table", "files_table", "json_report", "latex_report", "MARKS"]

MARKS = {Verdict.PROVEN: "✓", Verdict.CHECKED: "≈", Verdict.REFUTED: "✗", Verdict.ERROR: "!", Verdict.TIMEOUT: "…"}
_LATEX_MARKS = {Verdict.PROVEN: r"\checkmark", Verdict.CHECKED: r"$\approx$", Verdict.REFUTED: r"$\times$",
                Verdict.ERROR: "!", Verdict.TIMEOUT: r"\dots"}


@dataclass(frozen=True)
class FileReport:
    """The answers of one file, or the error that stopped the whole file."""

    path: str
    results: tuple[AnswerResult, ...]
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None or any(r.verdict in (Verdict.REFUTED, Verdict.ERROR) for r in self.results)

    def counts(self) -> Counter:
        return Counter(r.verdict for r in self.results)


def check_files(paths, *, timeout: float, jobs: int, seed: int, on_result=None) -> list[FileReport]:
    with shared_reading():  # each distinct claim read once, however many files write it
        files: list[AnswerFile] = [load_answers(p) for p in paths]
    claims = [c for f in files for a in f.answers for s in a.steps for c in s.claims]
    results = run_claims(claims, timeout=timeout, jobs=jobs, seed=seed, on_result=on_result,
                         keys=claim_keys(claims, seed=seed, timeout=timeout))
    return file_reports(files, results)


def file_reports(files: list[AnswerFile], results: list) -> list[FileReport]:
    """One report per file from the results of all their claims, in the order the files list them."""
    index = 0
    reports = []
    for f in files:
        mine = {}
        for a in f.answers:
            for s in a.steps:
                for c in s.claims:
                    mine[c.id] = results[index]
                    index += 1
        reports.append(FileReport(f.path, tuple(aggregate(a, mine) for a in f.answers), f.error))
    return reports


def _verdict_text(v: Verdict) -> Text:
    return Text(v.value, style=f"derivcheck.{v.value.lower()}")


def _marks(r: AnswerResult) -> Text:
    out = Text()
    for s in r.steps:
        out.append(MARKS[s.verdict], style=f"derivcheck.{s.verdict.value.lower()}")
    return out


def results_table(report: FileReport) -> Table:
    table = Table("id", "verdict", "steps", "note", title=report.path, title_justify="left")
    if report.error:
        table.add_row("-", _verdict_text(Verdict.ERROR), "", Text(report.error))  # Text: [k = y] is not rich markup
    for r in report.results:
        # the table already names the file and the claim
        note = (r.message or "").replace(f"{report.path}: claim {r.id!r}: ", "")
        if r.verdict is Verdict.PROVEN and r.scope and r.scope != "no free variables":
            note = f"for {r.scope}"
        table.add_row(Text(r.id), _verdict_text(r.verdict), _marks(r), Text(note))
    return table


def files_table(reports: list[FileReport]) -> Table:
    table = Table("file", *[v.value for v in Verdict], "first problem")
    for rep in reports:
        counts = rep.counts()
        first = rep.error or next((f"{r.id}: {r.message}" for r in rep.results if r.verdict in (Verdict.REFUTED, Verdict.ERROR)), "")
        table.add_row(Text(rep.path), *[str(counts.get(v, 0)) for v in Verdict], Text(first))
    return table


def json_report(reports: list[FileReport], *, version: str, seed: int) -> dict:
    total = Counter()
    files = []
    for rep in reports:
        counts = rep.counts()
        if rep.error:
            counts[Verdict.ERROR] += 1
        total.update(counts)
        files.append({"path": rep.path, "error": rep.error, "results": [r.to_json() for r in rep.results],
                      "summary": {v.value: counts.get(v, 0) for v in Verdict}})
    return {"version": version, "seed": seed, "files": files, "summary": {v.value: total.get(v, 0) for v in Verdict}}


def _tex_escape(text: str) -> str:
    """Plain words in LaTeX text mode: the package's one escaper (``core.tex.latex_text``)."""
    return latex_text(text, math_hints=False)


def latex_report(reports: list[FileReport]) -> str:
    """A standalone LaTeX document: each answer's statement, its step marks and counterexamples."""
    lines = [r"\documentclass{article}", r"\usepackage{amsmath,amssymb,amsfonts}", r"\usepackage[utf8]{inputenc}",
             r"\begin{document}", r"\section*{derivcheck feedback}"]
    for rep in reports:
        lines.append(rf"\subsection*{{{_tex_escape(rep.path)}}}")
        if rep.error:
            lines.append(rf"\textbf{{ERROR}}: {_tex_escape(rep.error)}\par")
        for r in rep.results:
            lines.append(rf"\paragraph{{{_tex_escape(r.id)}: {r.verdict.value}}}")
            if r.verdict is not Verdict.ERROR or r.steps:
                lines.append(r"\[" + r.statement + r"\]")
            if r.steps and len(r.steps) > 1 or any(s.verdict is not r.verdict for s in r.steps):
                lines.append(r"\begin{itemize}")
                for s in r.steps:
                    extra = f" --- {_tex_escape(s.counterexample)}" if s.counterexample else ""
                    lines.append(rf"\item[{_LATEX_MARKS[s.verdict]}] step {s.index}: {s.verdict.value}{extra}")
                lines.append(r"\end{itemize}")
            if r.message:
                lines.append(_tex_escape(r.message) + r"\par")
            elif r.scope:
                lines.append("for " + _tex_escape(r.scope) + r"\par")
    lines.append(r"\end{document}")
    return "\n".join(lines) + "\n"
