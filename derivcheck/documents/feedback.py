"""What a checked document tells its reader: a table in document order and the JSON report.

Every entry is one relation (or one formula without a relation) with its kind; claims carry the
verdict, the step marks and the first wrong step, the others say what they were read as or why
they were not read. The HTML page is ``report.html``.
"""

from __future__ import annotations

import re

from rich.table import Column, Table
from rich.text import Text

from ..answers.feedback import MARKS
from ..answers.model import AnswerResult
from ..core.verdict import Verdict
from .check import KINDS, DocumentReport, Entry

__all__ = ["document_table", "document_json", "entry_json", "summary_text", "counterexample_of"]

_PLACE = re.compile(r"^.*?(cell \d+, )?line \d+, column \d+: ")  # the table already says where
_KIND_STYLE = {"claim": "", "definition": "cyan", "declaration": "cyan", "not a relation": "dim", "not read": "magenta"}


def counterexample_of(result: AnswerResult | None) -> str | None:
    """The first wrong step's counterexample, as the table and the page show it."""
    if result is None or result.verdict is not Verdict.REFUTED:
        return None
    wrong = next((s for s in result.steps if s.index == result.first_wrong_step), None)
    return wrong.counterexample if wrong else result.message


def _note(entry: Entry, result: AnswerResult | None) -> str:
    if result is None:
        return entry.message or ""
    if result.verdict is Verdict.PROVEN:
        return f"for {result.scope}" if result.scope and result.scope != "no free variables" else ""
    return result.message or ""


def document_table(report: DocumentReport, path_prefix: str = "") -> Table:
    """One row per relation, in document order: place, kind, verdict, step marks, note."""
    table = Table("line", Column("formula", max_width=20, no_wrap=True, overflow="ellipsis"),
                  "kind", "verdict", "steps", "note",
                  title=report.path, title_justify="left")
    if report.error:
        table.add_row("-", "", Text("not read", style="magenta"), Text("ERROR", style="derivcheck.error"), "", Text(report.error))
    for entry, result in zip(report.entries, report.results):
        place = (f"{entry.cell}:" if entry.cell is not None else "") + str(entry.line)
        verdict = Text(result.verdict.value, style=f"derivcheck.{result.verdict.value.lower()}") if result else Text("")
        marks = Text()
        for s in (result.steps if result else ()):
            marks.append(MARKS[s.verdict], style=f"derivcheck.{s.verdict.value.lower()}")
        note = _PLACE.sub("", _note(entry, result))
        shown = " ".join(entry.text.split())
        table.add_row(place, Text(shown), Text(entry.kind, style=_KIND_STYLE[entry.kind]), verdict, marks, Text(note))
    return table


def summary_text(report: DocumentReport) -> str:
    """"12 formulas: 5 claims (3 PROVEN, 1 REFUTED, 1 CHECKED), 2 definitions, …"."""
    counts, verdicts = report.counts(), report.verdicts()
    parts = []
    for kind in KINDS:
        if counts.get(kind):
            n = counts[kind]
            label = kind if n == 1 or kind.startswith("not") else kind + "s"
            if kind == "claim":
                label += " (" + ", ".join(f"{verdicts[v]} {v.value}" for v in Verdict if verdicts.get(v)) + ")"
            parts.append(f"{n} {label}")
    return f"{report.path}: {len(report.entries)} relations and formulas: " + ", ".join(parts)


def entry_json(entry: Entry, result: AnswerResult | None) -> dict:
    """One formula's relation in the JSON report (issue 17's fields)."""
    out = {"line": entry.line, "column": entry.column, "source": entry.source, "relation": entry.text,
           "kind": entry.kind, "verdict": None, "steps": [], "first_wrong_step": None, "counterexample": None,
           "scope": None, "message": entry.message, "notes": list(entry.notes)}
    if entry.cell is not None:
        out["cell"] = entry.cell
    if entry.question is not None:
        out["question"] = entry.question  # the headings in force: what a grade lines claims up by
    if result is not None:
        data = result.to_json()
        out.update(verdict=data["verdict"], steps=data["steps"], first_wrong_step=data["first_wrong_step"],
                   counterexample=counterexample_of(result), scope=result.scope or None, message=result.message)
    return out


def document_json(report: DocumentReport) -> dict:
    counts = report.counts()
    verdicts = report.verdicts()
    return {"path": report.path, "kind": report.kind, "error": report.error,
            "formulas": [entry_json(e, r) for e, r in zip(report.entries, report.results)],
            "summary": {**{k: counts.get(k, 0) for k in KINDS}, **{v.value: verdicts.get(v, 0) for v in Verdict}}}

