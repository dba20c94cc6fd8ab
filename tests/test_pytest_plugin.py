r"""The pytest plugin (``derivcheck.pytest_plugin``), run by pytest itself on a temporary course repository.

Each test lays out a course (answer files, a Markdown solution, a module of ``@identity`` claims, an
ordinary test) with pytest's ``pytester`` and runs pytest in it: the numbers of passed and failed
items and the failure text are what a course would see. The plugin is loaded through its
``pytest11`` entry point, as in a course's own runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent

HW3 = r"""
[[claim]]
id = "q1c"
statement = '\frac{d}{dx}\sigma(x) = \frac{e^{-x}}{(1+e^{-x})^2} = \sigma(x)(1-\sigma(x))'

[[claim]]
id = "q2"
statement = '(x-1)^2 = x^2 - 2x + 1 = x^2 - 1'

[[claim]]
id = "q5"
statement = '\frac{d}{dx}\operatorname{softplus}(x) = \sigmoid(x)'

[[claim]]
id = "det"
statement = '\det(A^T) = \det(A)'
where = ['A \in \mathbb{R}^{n \times n}']
"""

CLAIMS = '''
from sympy import Derivative, Eq, Symbol, tanh
from derivcheck import REALS, identity, statement

x = Symbol("x", real=True)


@identity("Lecture 3")
def course_deriv_tanh():
    """tanh' = 1 - tanh^2"""
    return statement(Eq(Derivative(tanh(x), x), 1 - tanh(x) ** 2), variables={x: REALS})


@identity("Lecture 3")
def course_deriv_tanh_wrong():
    """tanh' = 1 + tanh^2 (wrong)"""
    return statement(Eq(Derivative(tanh(x), x), 1 + tanh(x) ** 2), variables={x: REALS})
'''

INI = """
[tool.pytest.ini_options]
derivcheck_files = ["answers/*.toml", "solutions/*.md"]
derivcheck_claims = ["course_identities/*.py"]
"""


@pytest.fixture(autouse=True)
def catalog_unchanged():
    """The in-process runs import the course's identity module; its claims leave the registry afterwards
    (other tests iterate over the catalog, which is the registry)."""
    from derivcheck.core.registry import REGISTRY, load_catalog

    before = set(load_catalog())
    yield
    for added in set(REGISTRY) - before:
        del REGISTRY[added]


@pytest.fixture
def course(pytester):
    """A course repository: 4 answers (PROVEN, REFUTED chain, ERROR, CHECKED), a Markdown solution, 2
    identity claims (PROVEN, REFUTED) and one ordinary test; the ini options name them."""
    for folder, name, content in (("answers", "hw3.toml", HW3), ("solutions", "hw3.md", "# HW3\n\n$$\\sigma(x) = 1$$\n"),
                                  ("course_identities", "course_claims.py", CLAIMS),
                                  ("tests", "test_unit.py", "def test_ok():\n    assert True\n")):
        (pytester.path / folder).mkdir(exist_ok=True)
        (pytester.path / folder / name).write_text(content, encoding="utf-8")
    pytester.makepyprojecttoml(INI)
    return pytester


def run(pytester, *args):
    return pytester.runpytest("-p", "no:cacheprovider", "-ra", *args)


def test_every_claim_is_an_item_with_honest_verdicts(course):
    result = run(course)
    # passed: q1c (PROVEN), det (CHECKED), course_deriv_tanh (PROVEN), test_ok;
    # failed: q2 (REFUTED), q5 (ERROR), course_deriv_tanh_wrong (REFUTED), the Markdown solution
    result.assert_outcomes(passed=4, failed=4)
    result.stdout.fnmatch_lines([
        "derivcheck: answers/[*].toml (1 file), solutions/[*].md (1 file), course_identities/[*].py (1 file)",
        "answers/hw3.toml .FF. *",
        "course_identities/course_claims.py .F *",
        "solutions/hw3.md F *",
        "tests/test_unit.py . *",
    ])
    result.stdout.fnmatch_lines([
        "*_ derivcheck: q2 _*",
        "REFUTED: step 2 (x^2 - 2x + 1 = x^2 - 1) is wrong: at x = −1: left = 4, right = 0",
        "statement: (x-1)^2 = x^2 - 2x + 1 = x^2 - 1",
        "steps: ✓✗",
        "  1 ✓ PROVEN   (x-1)^2 = x^2 - 2x + 1   (normalize)",
        "  2 ✗ REFUTED  x^2 - 2x + 1 = x^2 - 1   (at x = −1: left = 4, right = 0)",
        "counterexample: x = -1",
        "scope: x ∈ ℝ",
        "file: answers/hw3.toml",
    ])
    result.stdout.fnmatch_lines([
        "*_ derivcheck: q5 _*",
        "ERROR: answers/hw3.toml: claim 'q5': statement, column 42: unknown command \\sigmoid",
    ])
    result.stdout.fnmatch_lines([
        "*_ derivcheck: course_deriv_tanh_wrong _*",
        "REFUTED: at x = *: left = *, right = *",
        "statement: d/dx tanh(x) = tanh(x)^2 + 1",
        "counterexample: x = *",
        "scope: x ∈ ℝ",
    ])
    result.stdout.fnmatch_lines([
        "*_ derivcheck: line 3 _*",
        "REFUTED: *",
    ])
    result.stdout.fnmatch_lines([
        "FAILED answers/hw3.toml::q2 - REFUTED: step 2*",
        "FAILED answers/hw3.toml::q5 - ERROR: *",
        "FAILED course_identities/course_claims.py::course_deriv_tanh_wrong - REFUTED*",
        "FAILED solutions/hw3.md::line 3 - REFUTED*",
    ])


def test_strict_fails_what_is_only_checked(course):
    result = run(course, "--derivcheck-strict", "-k", "det or q1c")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "*_ derivcheck: det _*",
        "CHECKED: proven symbolically at n = 1, 2, 3; checked numerically at *; not proven for every size "
        "(only PROVEN passes with --derivcheck-strict)",
        "statement: \\det(A^T) = \\det(A)",
        "scope: checked at n = 1, 2, 3, *",
    ])
    course.makepyprojecttoml(INI + "derivcheck_strict = true\n")
    run(course, "-k", "det").assert_outcomes(failed=1)


def test_k_selects_by_claim_id_and_node_ids_work(course):
    run(course, "-k", "q2").assert_outcomes(failed=1)
    run(course, "answers/hw3.toml::q1c", "course_identities/course_claims.py::course_deriv_tanh").assert_outcomes(passed=2)
    run(course, "-m", "derivcheck", "-k", "tanh").assert_outcomes(passed=1, failed=1)
    run(course, "-m", "not derivcheck").assert_outcomes(passed=1)


def test_collect_only_lists_the_items_without_checking(course):
    result = run(course, "--collect-only", "-q")
    result.stdout.fnmatch_lines([
        "answers/hw3.toml::q1c", "answers/hw3.toml::q2", "answers/hw3.toml::q5", "answers/hw3.toml::det",
        "course_identities/course_claims.py::course_deriv_tanh",
        "course_identities/course_claims.py::course_deriv_tanh_wrong",
        "solutions/hw3.md::line 3", "tests/test_unit.py::test_ok",
    ])


def test_without_the_ini_options_the_plugin_does_nothing(course):
    course.makepyprojecttoml("[tool.pytest.ini_options]\n")
    for args in ((), ("--derivcheck-strict", "--derivcheck-timeout", "5")):
        result = run(course, *args)
        result.assert_outcomes(passed=1)
        result.stdout.no_fnmatch_line("*derivcheck:*")
        result.stdout.no_fnmatch_line("*hw3*")
    assert "derivcheck" in run(course, "--help").stdout.str()  # the options are there, inert


def test_timeout_and_jobs(course):
    result = run(course, "--derivcheck-timeout", "0.001", "-k", "q1c")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["TIMEOUT: step 1: claim 'q1c step 1': no result within the time limit (0.001 s)"])
    run(course, "--derivcheck-jobs", "1", "-k", "q1c or q2").assert_outcomes(passed=1, failed=1)
    course.makepyprojecttoml(INI + 'derivcheck_timeout = "0.001"\n')
    run(course, "-k", "q1c").assert_outcomes(failed=1)


def test_bad_option_values_are_usage_errors(course):
    for args, message in ((("--derivcheck-timeout", "0"), "--derivcheck-timeout must be positive, got 0"),
                          (("--derivcheck-jobs", "0"), "--derivcheck-jobs must be at least 1, got 0")):
        result = run(course, *args)
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines([f"*{message}*"])
    course.makepyprojecttoml(INI + 'derivcheck_timeout = "soon"\n')
    run(course).stderr.fnmatch_lines(["*derivcheck_timeout must be a number of seconds, got 'soon'*"])


def test_a_file_that_cannot_be_read_fails_one_item_and_the_rest_run(course):
    (course.path / "answers" / "broken.toml").write_text("[[claim]\nid = ", encoding="utf-8")
    (course.path / "course_identities" / "broken.py").write_text("def (:\n", encoding="utf-8")
    result = run(course, "-k", "broken or q1c")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["ERROR: answers/broken.toml: not valid TOML*"])
    result.stdout.fnmatch_lines(["FAILED answers/broken.toml::(file) - ERROR: *"])
    result.stdout.fnmatch_lines(["*course_identities/broken.py: cannot import the identity module: SyntaxError*"])


def test_a_glob_that_names_no_file_is_said_in_the_header(course):
    course.makepyprojecttoml(INI.replace("solutions/*.md", "solution/*.md"))
    result = run(course, "-k", "q1c")
    result.stdout.fnmatch_lines(["derivcheck: solution/[*].md names no file (relative to *)"])
    result.assert_outcomes(passed=1)


def test_works_with_pytest_xdist(course):
    pytest.importorskip("xdist")
    result = course.runpytest_subprocess("-p", "no:cacheprovider", "-n", "2", "-ra")
    result.assert_outcomes(passed=4, failed=4)
    result.stdout.fnmatch_lines(["FAILED answers/hw3.toml::q2 - REFUTED: step 2*"])
    result.stdout.fnmatch_lines(["counterexample: x = -1"])


def test_the_plugin_module_imports_nothing_heavy():
    """pytest imports the plugin in every run once derivcheck is installed: no SymPy until it is used."""
    code = "import sys, derivcheck.pytest_plugin; print('sympy' in sys.modules, 'derivcheck.api' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.stdout.split() == ["False", "False"], out.stderr


def test_the_plugin_is_registered_as_a_pytest11_entry_point():
    from importlib.metadata import entry_points

    found = [e for e in entry_points(group="pytest11") if e.name == "derivcheck"]
    assert [e.value for e in found] == ["derivcheck.pytest_plugin"]
