"""Grading a class (issue 18): points and partial credit, the class summary, the exports' formats."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from derivcheck import cli, file_cache
from derivcheck.answers import feedback
from derivcheck.answers.load import parse_answers
from derivcheck.core.verdict import Verdict
from derivcheck.report import exports, grading

ROOT = Path(__file__).resolve().parent.parent

RIGHT_Q1 = '(x-1)^2 = x^2 - 2x + 1'
WRONG_Q2 = '(x+1)^2 = x^2 + 2x + 1 = x^2 + 1'  # step 1 right, step 2 wrong


def write(folder: Path, name: str, claims: list[tuple[str, str, str]]) -> Path:
    """An answer file of (id, statement, extra TOML lines) claims."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = [f"[[claim]]\nid = \"{i}\"\nstatement = '{s}'\n{extra}\n" for i, s, extra in claims]
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


@pytest.fixture()
def cls(tmp_path: Path) -> Path:
    """Three students, two questions; two of them make the same q1 mistake, typeset differently."""
    sub = tmp_path / "submissions"
    write(sub, "alice/hw.toml", [("q1", RIGHT_Q1, "points = 2"), ("q2", WRONG_Q2, "partial = true")])
    write(sub, "bob/hw.toml", [("q1", r'\left(x-1\right)^2 = x^2 - 1', "points = 2"), ("q2", '(x+1)^2 = x^2 + 1', "")])
    write(sub, "carol.toml", [("q1", r'(x - 1)^{2}  =  x^2 -  1', "points = 2"), ("q2", r'(x+1)^2 = x^2 + 2 \cdot x + 1', "")])
    return sub


def check(paths) -> list[grading.Submission]:
    reports = feedback.check_files([str(p) for p in paths], timeout=30, jobs=2, seed=0)
    return grading.submissions_of(reports)


def test_points_and_partial_credit(cls):
    alice, bob, carol = check(sorted(cls.rglob("*.toml")))
    assert [(q.id, q.score, q.max_score) for q in alice.questions] == [("q1", 2.0, 2.0), ("q2", 0.5, 1.0)]
    assert "first wrong step: 2" in alice.questions[1].output and "counterexample" in alice.questions[1].output
    assert (bob.score, bob.max_score) == (0.0, 3.0)  # one wrong step of one: nothing; no partial: nothing
    assert (carol.score, carol.max_score) == (1.0, 3.0)


def test_bad_points_is_an_error_naming_the_key():
    for bad, said in ((-1, "got -1"), ("'two'", "not a string"), (0, "got 0"), ("true", "not a boolean")):
        parsed = parse_answers(_toml(f"points = {bad}"), path="hw.toml")
        [a] = parsed.answers
        assert a.error and "'points'" in a.error and "positive number" in a.error, a.error
        assert said.split()[-1] in a.error
        assert a.points == 1.0  # the maximum still counts the question
    [a] = parse_answers(_toml("partial = 1"), path="hw.toml").answers
    assert a.error and "'partial'" in a.error
    [a] = parse_answers(_toml("points = 2.5\npartial = true"), path="hw.toml").answers
    assert a.error is None and (a.points, a.partial) == (2.5, True)


def _toml(extra: str) -> dict:
    import tomllib

    return tomllib.loads(f"[[claim]]\nid = 'q'\nstatement = 'x = x'\n{extra}\n")


def test_normalise_is_up_to_typesetting():
    same = [r'\left(x-1\right)^2 = x^2 - 1', r'(x - 1)^2  =  x^2 -  1', r'\bigl(x-1\bigr)^2 = x^2 - 1']
    assert len({grading.normalise(s) for s in same}) == 1
    assert grading.normalise(r'2 \cdot x') == grading.normalise('2x')
    assert grading.normalise(r'\dfrac{1}{2}') == grading.normalise(r'\frac{1}{2}')
    assert grading.normalise('x^2 - 1') != grading.normalise('x^2 + 1')


def test_class_summary_groups_the_same_mistake(cls):
    subs = check(sorted(cls.rglob("*.toml")))
    by = {s.id: s for s in grading.class_summary(subs)}
    assert (by["q1"].files, by["q1"].right) == (3, 1)
    [mistake] = by["q1"].wrong  # bob's \left…\right and carol's spacing are one wrong answer
    assert len(mistake.files) == 2 and mistake.verdict is Verdict.REFUTED and mistake.counterexample
    assert (by["q2"].right, len(by["q2"].wrong)) == (1, 2)  # a different chain is a different answer
    assert by["q1"].points == pytest.approx(2 / 3)
    data = grading.summary_json(list(by.values()))
    json.dumps(data)
    assert data[0]["wrong"][0]["count"] == 2


def _validate_gradescope(data: dict) -> None:
    """The documented fields of Gradescope's results.json (gradescope-autograders.readthedocs.io/specs)."""
    assert isinstance(data["score"], (int, float)) and isinstance(data["tests"], list)
    for t in data["tests"]:
        assert isinstance(t["name"], str) and isinstance(t["output"], str)
        assert isinstance(t["score"], (int, float)) and isinstance(t["max_score"], (int, float))
        assert 0 <= t["score"] <= t["max_score"]
        assert t["status"] in ("passed", "failed")
        assert t["visibility"] in ("hidden", "after_due_date", "after_published", "visible")
    assert data["score"] == pytest.approx(sum(t["score"] for t in data["tests"]))


def _validate_prairielearn(data: dict) -> None:
    """The documented fields of PrairieLearn external-grader results (docs.prairielearn.com/externalGrading)."""
    assert isinstance(data["gradable"], bool)
    assert isinstance(data["score"], float) and 0 <= data["score"] <= 1
    points = sum(t["points"] for t in data["tests"])
    most = sum(t["max_points"] for t in data["tests"])
    for t in data["tests"]:
        assert isinstance(t["name"], str) and isinstance(t["message"], str) and isinstance(t["output"], str)
        assert 0 <= t["points"] <= t["max_points"]
    assert data["score"] == pytest.approx(points / most if most else 0, abs=1e-4)


def derivcheck(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DERIVCHECK_CACHE_DIR": str(cwd / "cache"), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "derivcheck", *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_exports_follow_the_documented_formats(cls, tmp_path):
    proc = derivcheck(["check", "submissions", "--json", "--jobs", "2", "--gradescope", "gs", "--prairielearn", "pl",
                       "--csv", "book.csv"], tmp_path)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert [q["id"] for q in data["class"]] == ["q1", "q2"]
    assert data["class"][0]["wrong"][0]["count"] == 2
    gradescope = sorted((tmp_path / "gs").iterdir())
    assert [p.name for p in gradescope] == ["alice__hw.toml.json", "bob__hw.toml.json", "carol.toml.json"]
    for path in gradescope:
        _validate_gradescope(json.loads(path.read_text()))
    assert json.loads(gradescope[0].read_text())["score"] == 2.5
    for path in sorted((tmp_path / "pl").iterdir()):
        _validate_prairielearn(json.loads(path.read_text()))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "book.csv").read_text())))
    assert [r["file"] for r in rows] == ["submissions/alice/hw.toml", "submissions/bob/hw.toml", "submissions/carol.toml"]
    assert [(r["q1"], r["q2"], r["total"], r["max"]) for r in rows] == [("2", "0.5", "2.5", "3"), ("0", "0", "0", "3"),
                                                                       ("0", "1", "1", "3")]
    for r in rows:
        assert float(r["total"]) == pytest.approx(float(r["q1"]) + float(r["q2"]))


def test_one_submission_writes_one_results_file(tmp_path):
    write(tmp_path, "hw.toml", [("q1", RIGHT_Q1, "points = 3")])
    proc = derivcheck(["check", "hw.toml", "--jobs", "1", "--gradescope", "results.json", "--prairielearn", "pl.json"],
                      tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "class summary" not in proc.stdout  # one file: no class
    data = json.loads((tmp_path / "results.json").read_text())
    _validate_gradescope(data)
    assert data["score"] == 3 and data["tests"][0]["status"] == "passed"
    pl = json.loads((tmp_path / "pl.json").read_text())
    _validate_prairielearn(pl)
    assert pl["gradable"] and pl["score"] == 1.0


def test_unreadable_submission_is_not_gradable():
    sub = grading.Submission("hw.toml", (), error="hw.toml: not valid TOML")
    assert exports.prairielearn_results(sub)["gradable"] is False
    _validate_gradescope(exports.gradescope_results(sub))
    assert "not valid TOML" in exports.gradebook_csv([sub])


def test_ctrl_c_prints_what_was_decided(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DERIVCHECK_CACHE_DIR", str(tmp_path / "cache"))
    path = write(tmp_path, "hw.toml", [("q1", RIGHT_Q1, "")])

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(file_cache, "check_files", interrupted)
    assert cli.main(["check", str(path)]) == 130
    assert "interrupted: 0" in capsys.readouterr().err
