r"""Grades and the class summary: what a grader needs from many checked submissions.

Each checked file becomes a ``Submission`` of graded ``Question``\ s: answer files by claim id,
documents by the question each claim answers -- the headings in force (``Entry.question``: "Question 2",
its second claim "Question 2, claim 2"), so the same question written at different lines in two
students' files is one question; a claim under no heading is named by its place ("line 12"). Scoring: an answer earns its ``points`` (default 1) when PROVEN or CHECKED and 0 otherwise;
with ``partial = true`` it earns ``points × k / n``, k the steps PROVEN or CHECKED before the first step
that is not (n steps in all). The class summary groups the wrong answers to each question by their
statement up to typesetting (``normalise``), so the three common mistakes of a class read as three rows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rich.table import Table
from rich.text import Text

from ..answers.feedback import FileReport
from ..answers.model import AnswerResult
from ..core.verdict import Verdict
from ..documents.check import DocumentReport

__all__ = ["Question", "Submission", "WrongAnswer", "QuestionSummary", "RIGHT", "credit", "submissions_of", "document_questions",
           "normalise", "class_summary", "summary_table", "summary_json"]

RIGHT = (Verdict.PROVEN, Verdict.CHECKED)


@dataclass(frozen=True)
class Question:
    """One answer of one submission, graded."""

    id: str
    statement: str
    verdict: Verdict
    score: float
    max_score: float
    output: str  # verdict, first wrong step, counterexample, scope: what the student reads
    counterexample: str | None = None

    @property
    def right(self) -> bool:
        return self.verdict in RIGHT


@dataclass(frozen=True)
class Submission:
    """One checked file: its graded questions, or the error that stopped the whole file."""

    path: str
    questions: tuple[Question, ...]
    error: str | None = None

    @property
    def score(self) -> float:
        return sum(q.score for q in self.questions)

    @property
    def max_score(self) -> float:
        return sum(q.max_score for q in self.questions)


def credit(result: AnswerResult) -> float:
    """The points an answer earns (the rule in the module docstring)."""
    if result.verdict in RIGHT:
        return result.points
    if not result.partial or not result.steps:
        return 0.0
    good = 0
    for step in result.steps:
        if step.verdict not in RIGHT:
            break
        good += 1
    return result.points * good / len(result.steps)


def _counterexample(result: AnswerResult) -> str | None:
    if result.verdict is not Verdict.REFUTED:
        return None
    wrong = next((s for s in result.steps if s.index == result.first_wrong_step), None)
    return (wrong.counterexample if wrong else None) or result.message


def _output(result: AnswerResult, path: str) -> str:
    lines = [f"{result.verdict.value}: {result.statement}"]
    if result.first_wrong_step is not None and len(result.steps) > 1:
        wrong = next(s for s in result.steps if s.index == result.first_wrong_step)
        lines.append(f"first wrong step: {wrong.index} ({wrong.relation})")
    example = _counterexample(result)
    if example:
        lines.append(f"counterexample: {example}")
    elif result.message and result.verdict not in RIGHT:
        lines.append(result.message.replace(f"{path}: claim {result.id!r}: ", ""))
    if result.scope and result.verdict in RIGHT:
        lines.append(f"for {result.scope}")
    if result.partial and len(result.steps) > 1:
        lines.append(f"partial credit: {credit(result):g} of {result.points:g} points")
    return "\n".join(lines)


def _question(result: AnswerResult, path: str, key: str | None = None) -> Question:
    output = _output(result, path)
    if key is not None and key != result.id:  # a document's question: the student reads where it is
        output = f"{result.id}: {output}"
    return Question(key or result.id, result.statement, result.verdict, credit(result), result.points,
                    output, _counterexample(result))


def document_questions(doc: DocumentReport) -> list[str]:
    """The question key of each claim of ``doc`` (in order): its headings in force, the k-th claim
    under the same headings "<headings>, claim k"; its place ("line 12") under no heading."""
    seen: Counter = Counter()
    keys = []
    for e, r in zip(doc.entries, doc.results):
        if r is None:
            continue
        if e.question is None:
            keys.append(r.id)
            continue
        seen[e.question] += 1
        keys.append(e.question if seen[e.question] == 1 else f"{e.question}, claim {seen[e.question]}")
    return keys


def submissions_of(reports: list[FileReport] = (), documents: list[DocumentReport] = ()) -> list[Submission]:
    """Answer files and documents as graded submissions, in the order given (answer files first)."""
    out = [Submission(r.path, tuple(_question(a, r.path) for a in r.results), r.error) for r in reports]
    for doc in documents:
        results = [a for a in doc.results if a is not None]
        questions = tuple(_question(a, doc.path, key) for a, key in zip(results, document_questions(doc)))
        out.append(Submission(doc.path, questions, doc.error))
    return out


_SPACING = re.compile(r"\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|Biggl|Biggr|big|Big|bigg|Bigg)(?![A-Za-z])"
                      r"|\\[,;:! ]|\\q?quad(?![A-Za-z])|\\cdot(?![A-Za-z])|\s+")


def normalise(statement: str) -> str:
    r"""A statement up to typesetting: no whitespace, ``\left``/``\right`` (and ``\big``…), thin spaces,
    ``\cdot`` (juxtaposition means the same product), ``\dfrac``/``\tfrac`` read as ``\frac`` and
    braces around a one-character script (``x^{2}`` is ``x^2``)."""
    text = re.sub(r"\\[dt]frac(?![A-Za-z])", r"\\frac", statement)
    text = _SPACING.sub("", text)
    return re.sub(r"([_^])\{(\w)\}", r"\1\2", text)


@dataclass
class WrongAnswer:
    """One wrong answer to a question, as the class wrote it (up to typesetting)."""

    statement: str  # as the first file that gave it wrote it
    verdict: Verdict
    counterexample: str | None
    files: list[str] = field(default_factory=list)


@dataclass
class QuestionSummary:
    id: str
    files: int = 0
    right: int = 0
    points: float = 0.0  # the mean score
    wrong: list[WrongAnswer] = field(default_factory=list)


def class_summary(submissions: list[Submission]) -> list[QuestionSummary]:
    """Per question id (first-seen order): how many files answered it, how many right, and the wrong
    answers grouped by ``normalise``d statement, most common first."""
    summaries: dict[str, QuestionSummary] = {}
    groups: dict[str, dict[tuple, WrongAnswer]] = {}
    totals: Counter = Counter()
    for sub in submissions:
        for q in sub.questions:
            s = summaries.setdefault(q.id, QuestionSummary(q.id))
            s.files += 1
            totals[q.id] += q.score
            if q.right:
                s.right += 1
                continue
            key = (normalise(q.statement), q.verdict)  # an ERROR is not the same mistake as a refutation
            group = groups.setdefault(q.id, {}).setdefault(key, WrongAnswer(q.statement, q.verdict, q.counterexample))
            group.counterexample = group.counterexample or q.counterexample
            group.files.append(sub.path)
    for qid, s in summaries.items():
        s.points = totals[qid] / s.files if s.files else 0.0
        s.wrong = sorted(groups.get(qid, {}).values(), key=lambda g: -len(g.files))
    return list(summaries.values())


def _files_text(files: list[str], shown: int = 3) -> str:
    names = ", ".join(files[:shown])
    return names + (f" and {len(files) - shown} more" if len(files) > shown else "")


def summary_table(summaries: list[QuestionSummary], wrong_shown: int = 3) -> Table:
    """One row per question, then one row per common wrong answer (at most ``wrong_shown``)."""
    table = Table("question", "right", "mean points", "wrong answer", "files", "counterexample",
                  title="class summary", title_justify="left")
    for s in summaries:
        table.add_row(Text(s.id, style="bold"), f"{s.right}/{s.files}", f"{s.points:.2f}", "", "", "")
        for g in s.wrong[:wrong_shown]:
            shown = Text(g.statement)
            if g.verdict is not Verdict.REFUTED:
                shown = Text.assemble(shown, Text(f" ({g.verdict.value})", style=f"derivcheck.{g.verdict.value.lower()}"))
            table.add_row("", "", "", shown, f"{len(g.files)}: {_files_text(g.files)}", Text(g.counterexample or ""))
        if len(s.wrong) > wrong_shown:
            rest = sum(len(g.files) for g in s.wrong[wrong_shown:])
            table.add_row("", "", "", Text(f"{len(s.wrong) - wrong_shown} other wrong answers", style="dim"), str(rest), "")
    return table


def summary_json(summaries: list[QuestionSummary]) -> list[dict]:
    return [{"id": s.id, "files": s.files, "right": s.right, "mean_points": round(s.points, 4),
             "wrong": [{"statement": g.statement, "normalised": normalise(g.statement), "verdict": g.verdict.value,
                        "counterexample": g.counterexample, "count": len(g.files), "files": g.files}
                       for g in s.wrong]}
            for s in summaries]
