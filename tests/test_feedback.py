"""`derivcheck check` end to end: table, JSON, LaTeX feedback, several files, exit codes."""

import json

import pytest

from derivcheck.cli import main

GOOD = """
[[claim]]
id = "chain"
statement = '(x+1)^2 = x^2 + 2x + 1 = (x+1)(x+1)'

[[claim]]
id = "third"
statement = '\\frac{1}{3} = 0.333'
"""

BAD = """
[defaults]
where = ['x \\neq 0']

[[claim]]
id = "wrong_second_step"
statement = '(x+1)^2 = x^2 + 2x + 1 = x^2 + 1'

[[claim]]
id = "sigmoid_sign"
statement = '\\frac{d}{dx}\\sigma(x) = \\sigma(x)(\\sigma(x) - 1)'

[[claim]]
id = "typo"
statement = '\\frac{d}{dx} \\sigmoid(x) = 1'

[[claim]]
id = "fine"
statement = '|x| \\geq 0'
"""


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text(GOOD)
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD)
    return good, bad


def test_all_good_exits_zero_and_marks_each_step(files, capsys):
    good, _ = files
    assert main(["check", str(good), "--timeout", "30"]) == 0
    out = capsys.readouterr().out
    assert "chain" in out and "✓✓" in out and "PROVEN" in out


def test_json_has_steps_and_first_wrong_step(files, capsys):
    _, bad = files
    assert main(["check", str(bad), "--json", "--timeout", "30"]) == 1
    doc = json.loads(capsys.readouterr().out)
    [f] = doc["files"]
    by = {r["id"]: r for r in f["results"]}
    chain = by["wrong_second_step"]
    assert chain["verdict"] == "REFUTED" and chain["first_wrong_step"] == 2
    assert [s["verdict"] for s in chain["steps"]] == ["PROVEN", "REFUTED"]
    assert chain["steps"][1]["relation"] == "x^2 + 2x + 1 = x^2 + 1"
    assert chain["steps"][1]["counterexample"].startswith("at x = ") and "left =" in chain["steps"][1]["counterexample"]
    assert chain["steps"][0]["counterexample"] is None and chain["steps"][0]["index"] == 1
    assert by["sigmoid_sign"]["verdict"] == "REFUTED" and by["sigmoid_sign"]["first_wrong_step"] == 1
    assert by["typo"]["verdict"] == "ERROR" and "unknown command \\sigmoid" in by["typo"]["message"]
    assert "column 14" in by["typo"]["message"]
    assert by["fine"]["verdict"] in ("PROVEN", "CHECKED")
    assert doc["summary"]["REFUTED"] == 2 and doc["summary"]["ERROR"] == 1


def test_several_files_give_a_summary_row_each_and_latex_feedback(files, tmp_path, capsys):
    good, bad = files
    tex = tmp_path / "feedback.tex"
    assert main(["check", str(good), str(bad), "--latex", str(tex), "--timeout", "30"]) == 1
    out = capsys.readouterr().out
    assert "good.toml" in out and "bad.toml" in out and "first problem" in out
    doc = tex.read_text()
    assert doc.startswith("\\documentclass") and doc.rstrip().endswith("\\end{document}")
    assert "wrong\\_second\\_step" in doc and "(x+1)^2 = x^2 + 2x + 1 = x^2 + 1" in doc
    assert "step 2: REFUTED" in doc and "left =" in doc


def test_usage_errors_exit_two(tmp_path, capsys):
    assert main(["check", str(tmp_path / "missing.toml")]) == 2
    assert "no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["check"])
    assert info.value.code == 2


def test_latex_feedback_compiles(files, tmp_path, capsys):
    import shutil
    import subprocess

    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed")
    good, bad = files
    tex = tmp_path / "feedback.tex"
    main(["check", str(good), str(bad), "--latex", str(tex), "--timeout", "30"])
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert (tmp_path / "feedback.pdf").exists()
