"""Grades in the formats graders upload: Gradescope, PrairieLearn, a CSV gradebook.

Gradescope's autograder reads one ``results.json`` per submission (gradescope-autograders.readthedocs.io,
"Autograder Specifications": ``score``, ``output``, ``tests`` of ``name``, ``score``, ``max_score``,
``status``, ``output``, ``visibility``); PrairieLearn's external grader also reads one result per
submission (docs.prairielearn.com, "External Grading": ``gradable``, ``score`` in 0..1, ``message``,
``output``, ``tests`` of ``name``, ``points``, ``max_points``, ``message``, ``output``). So both write
one file for one submission and, for several, a folder with one ``<file>.json`` per submission
(``write_each``). The CSV gradebook is one table for the class.
"""

from __future__ import annotations

import csv
import io
import json
import os

from .grading import Submission

__all__ = ["gradescope_results", "prairielearn_results", "gradebook_csv", "write_each", "each_name"]

VISIBILITY = "visible"  # Gradescope: show each test to the student as soon as it is graded


def _round(x: float) -> float:
    return round(x, 4)


def gradescope_results(sub: Submission) -> dict:
    """One submission in Gradescope's results.json format: one test per question."""
    tests = [{"name": q.id, "number": str(i), "score": _round(q.score), "max_score": _round(q.max_score),
              "status": "passed" if q.right else "failed", "output": q.output, "visibility": VISIBILITY}
             for i, q in enumerate(sub.questions, 1)]
    output = f"derivcheck: {sub.path}: {_round(sub.score):g} of {_round(sub.max_score):g} points"
    if sub.error:
        output += f"\n{sub.error}"
    return {"score": _round(sub.score), "output": output, "tests": tests}


def prairielearn_results(sub: Submission) -> dict:
    """One submission as PrairieLearn external-grader results; an unreadable file is not gradable
    (PrairieLearn then takes no points off, the student fixes the file and submits again)."""
    gradable = not (sub.error and not sub.questions)
    score = sub.score / sub.max_score if sub.max_score else 0.0
    message = f"{_round(sub.score):g} of {_round(sub.max_score):g} points" + (f"; {sub.error}" if sub.error else "")
    tests = [{"name": q.id, "description": q.statement, "points": _round(q.score), "max_points": _round(q.max_score),
              "message": q.verdict.value, "output": q.output}
             for q in sub.questions]
    return {"gradable": gradable, "score": min(1.0, max(0.0, _round(score))), "message": message, "output": message,
            "tests": tests}


def gradebook_csv(subs: list[Submission]) -> str:
    """One row per file, one column per question id (first-seen order; empty when the file lacks it),
    then the total and the maximum."""
    ids: dict[str, None] = {}
    for sub in subs:
        for q in sub.questions:
            ids.setdefault(q.id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", *ids, "total", "max", "error"])
    for sub in subs:
        scores = {q.id: q.score for q in sub.questions}
        writer.writerow([sub.path, *(f"{scores[i]:g}" if i in scores else "" for i in ids),
                         f"{_round(sub.score):g}", f"{_round(sub.max_score):g}", sub.error or ""])
    return buffer.getvalue()


def each_name(path: str, others: list[str]) -> str:
    """The JSON file name for one submission in a folder: its path relative to the files' common folder,
    with separators as ``__`` (two students' ``hw.toml`` in different folders stay apart)."""
    parents = [os.path.dirname(os.path.abspath(p)) for p in others]
    base = os.path.commonpath(parents) if parents else ""
    rel = os.path.relpath(os.path.abspath(path), base) if base else os.path.basename(path)
    return rel.replace(os.sep, "__") + ".json"


def write_each(target: str, subs: list[Submission], make) -> list[str]:
    """``make(sub)`` as JSON: to ``target`` for one submission, else into the folder ``target`` (created)."""
    if len(subs) == 1 and not os.path.isdir(target):
        paths = [(target, subs[0])]
    else:
        os.makedirs(target, exist_ok=True)
        names = [s.path for s in subs]
        paths = [(os.path.join(target, each_name(s.path, names)), s) for s in subs]
    for path, sub in paths:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(make(sub), fh, indent=2, ensure_ascii=False)
            fh.write("\n")
    return [p for p, _ in paths]
