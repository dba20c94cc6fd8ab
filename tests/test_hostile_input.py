r"""Hostile and broken input, end to end: parser, answer-file loader, worker pool and ``derivcheck check``.

Every bad input must become an ERROR that names the file, the claim and the place (a column, or the
key of the TOML table), and the other claims of the same file must still get their real verdicts.
This module crosses modules on purpose (latex_parser, answers, pool, cli); the unit tests of each
stay in ``test_<module>.py``.
"""

import json
import os
import random
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from derivcheck.answers.load import load_answers, parse_answers
from derivcheck.core.errors import LatexParseError
from derivcheck.answers.feedback import check_files
from derivcheck.notation.scalar_reader import parse_condition, parse_statement
from derivcheck.run.runner import run_claims
from derivcheck.core.verdict import Verdict

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = (FIXTURES / "answers.toml").read_bytes()
ROOT = Path(__file__).resolve().parent.parent

# errors about a whole statement, which have no single column
WHOLE_STATEMENT = ("no relation", "a claim cannot be '≠'")


def assert_names_claim_and_place(message: str, path: str, claim: str | None = None) -> None:
    """The promise: file, claim, and a column for anything the parser rejected."""
    assert message.startswith(f"{path}: "), message
    if claim is not None:
        assert f"claim {claim!r}" in message, message
    parse_place = ": statement" in message or "where[" in message
    if parse_place and "column" not in message:
        assert any(w in message for w in WHOLE_STATEMENT) or "where[" in message, message


# --- grammar-aware generation: well-formed statements, then nearly well-formed ones ---------------

LETTERS = ["x", "y", "a", "b", r"\alpha", r"\eta", "t"]


def _expressions():
    atom = st.one_of(st.sampled_from(LETTERS), st.integers(0, 99).map(str), st.sampled_from(["1.5", "0.25", r"\pi", "e"]))

    def extend(inner):
        pair = st.tuples(inner, inner)
        return st.one_of(
            pair.map(lambda p: f"{p[0]} + {p[1]}"),
            pair.map(lambda p: f"{p[0]} - {p[1]}"),
            pair.map(lambda p: rf"{p[0]} \cdot {p[1]}"),
            pair.map(lambda p: rf"\frac{{{p[0]}}}{{{p[1]}}}"),
            st.tuples(inner, st.integers(0, 6)).map(lambda p: f"({p[0]})^{{{p[1]}}}"),
            inner.map(lambda e: f"\\left({e}\\right)"),
            inner.map(lambda e: rf"\sqrt{{{e}}}"),
            inner.map(lambda e: rf"\left|{e}\right|"),  # bare |a |b|| is ambiguous; the parser refuses it with a column
            st.tuples(st.sampled_from([r"\sin", r"\cos", r"\tanh", r"\exp", r"\ln", r"\sigma", r"\operatorname{sign}",
                                       r"\operatorname{softplus}", r"\operatorname{ReLU}"]), inner).map(lambda p: f"{p[0]}({p[1]})"),
            pair.map(lambda p: rf"\max({p[0]}, {p[1]})"),
            inner.map(lambda e: rf"\lfloor {e} \rfloor"),
            inner.map(lambda e: rf"\frac{{d}}{{dx}} \left(x + {e}\right)"),  # d/dx of a constant trips a SymPy bug (note)
            inner.map(lambda e: rf"\mathbf{{1}}_{{{e} > 0}}"),
            inner.map(lambda e: rf"\sum_{{j=1}}^{{4}} j {e}"),
        )

    return st.recursive(atom, extend, max_leaves=8)


RELATIONS = ["=", "<", ">", r"\le", r"\geq", r"\leq"]
STATEMENTS = st.tuples(st.lists(_expressions(), min_size=2, max_size=4), st.lists(st.sampled_from(RELATIONS), min_size=3, max_size=3)).map(
    lambda p: " ".join(part for k, e in enumerate(p[0]) for part in ((p[1][k - 1], e) if k else (e,))))


@settings(max_examples=120, deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(STATEMENTS)
def test_well_formed_statements_parse(text):
    try:
        got = parse_statement(text, claim="gen.toml: claim 'g'")
    except LatexParseError as exc:
        # the only refusals allowed for well-formed input are the stated limits and undefined values
        msg = str(exc)
        assert "column" in msg and any(w in msg for w in ("too long", "too large", "nested", "undefined", "division by zero", "does not depend on", "is ambiguous")), (text, msg)
        return
    assert hasattr(got, "relations"), (text, got)


def _mutate(text: str, rng: random.Random, edits: int) -> str:
    pieces = ["{", "}", "(", ")", "^", "_", "\\", r"\frac", r"\left", r"\right", "|", "=", "&", r"\\", "$", "%", "#",
              r"\foo", r"\operatorname{", "'", '"', "\x00", "\ufffd", "é", "∞", "≤", "9^{9^{9}}", " ", "\n"]
    chars = list(text)
    for _ in range(edits):
        kind = rng.randrange(4)
        pos = rng.randrange(len(chars) + 1)
        if kind == 0 and chars:  # delete a run
            del chars[pos:pos + rng.randint(1, 4)]
        elif kind == 1:  # insert a hostile piece
            chars[pos:pos] = list(rng.choice(pieces))
        elif kind == 2 and len(chars) > 2:  # swap two characters
            i, j = rng.randrange(len(chars)), rng.randrange(len(chars))
            chars[i], chars[j] = chars[j], chars[i]
        else:  # duplicate a slice
            chars[pos:pos] = chars[max(0, pos - 6):pos]
    return "".join(chars)


@settings(max_examples=200, deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow])
@given(STATEMENTS, st.integers(0, 2**32 - 1), st.integers(1, 4), st.sampled_from(["statement", "condition"]))
def test_nearly_well_formed_statements_fail_cleanly_with_a_column(text, seed, edits, start):
    broken = _mutate(text, random.Random(seed), edits)
    fn = parse_statement if start == "statement" else parse_condition
    try:
        fn(broken, claim="gen.toml: claim 'g'", functions={"H": "heaviside"})
    except LatexParseError as exc:
        msg = str(exc)
        assert msg.startswith("gen.toml: claim 'g': "), msg
        assert "column" in msg or any(w in msg for w in WHOLE_STATEMENT), (broken, msg)


@pytest.mark.parametrize("text", [
    r"\lfloor e^{e^{e^{e}}} \rfloor = 1",
    r"\max(e^{e^{e^{e}}}, e^{e^{e^{e^{e}}}}) = 1",
    r"|e^{e^{e^{e}}} - e^{e^{e^{e^{e}}}}| = 1",
    r"\lfloor \exp(\exp(\exp(e))) \rfloor = 1",
    r"\lfloor \cosh(e^{e^{e}}) \rfloor = 1",
    r"\lfloor \sqrt{2}^{10^{1000}} \rfloor = 1",
    r"\lfloor e^{-e^{e^{e}}} \rfloor = 1",
])
def test_constant_towers_are_refused_not_evaluated(text):
    """Floors, maxima and |..| of constants make SymPy evaluate them: 1.6 million digits hung the parser."""
    with pytest.raises(LatexParseError, match=r"column \d+: .* too large \(or too small\) to work with"):
        parse_statement(text, claim="c")


def test_reading_a_statement_has_a_deadline(monkeypatch):
    """A constant that passes the size bounds but is slow to evaluate: the floor of a huge sum."""
    import derivcheck.core.deadline as deadline

    monkeypatch.setattr(deadline, "READING_SECONDS", 0.5)
    start = time.monotonic()
    with pytest.raises(LatexParseError, match=r"^c: statement, column 1: took more than 0.5 s to read"):
        parse_statement(r"\lfloor \sum_{j=1}^{10^{1000}} j \rfloor = 1", claim="c")
    assert time.monotonic() - start < 30  # without the deadline it does not finish at all
    assert parse_statement("x = 1", claim="c").relations == ("EQ",)  # the timer is gone afterwards


def test_large_but_bounded_constants_are_still_built():
    assert parse_statement(r"\lfloor e^{\pi \sqrt{163}} \rfloor = 1").members[0] == 262537412640768743


# --- the TOML loader: random mutation of the sample answers ----------------------------------------

def _check_loaded(af, path: str) -> None:
    if af.error is not None:
        assert af.error.startswith(f"{path}: "), af.error
    for answer in af.answers:
        if answer.error is not None:
            assert_names_claim_and_place(answer.error, path)
            assert "claim " in answer.error, answer.error
        for step in answer.steps:
            if step.error is not None:
                assert_names_claim_and_place(step.error, path)


@settings(max_examples=200, deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.integers(0, 2**32 - 1), st.integers(1, 6))
def test_mutated_sample_file_never_raises(tmp_path, seed, edits):
    rng = random.Random(seed)
    data = bytearray(SAMPLE)
    pieces = [b"\xff", b"\xc3", b"\x00", b"'", b'"', b"[", b"]]", b"[[claim]]\n", b"=", b"\n", b"{", b"}", b"\\", b"id = 'xlogx'\n",
              b"statement = 3\n", b"where = 1\n", b"functions = ['a']\n", b"[" * 200]
    for _ in range(edits):
        pos = rng.randrange(len(data) + 1)
        if rng.random() < 0.5:
            del data[pos:pos + rng.randint(1, 40)]
        else:
            data[pos:pos] = rng.choice(pieces)
    path = tmp_path / "mutated.toml"
    path.write_bytes(bytes(data))
    _check_loaded(load_answers(path), str(path))


TOML_VALUES = st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(), st.text(max_size=30),
                        st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
                        st.lists(st.text(max_size=10), max_size=3))


@settings(max_examples=60, deadline=timedelta(seconds=10))
@given(st.data())
def test_toml_type_errors_anywhere_are_errors_of_their_claim(data):
    from derivcheck.answers.load import tomllib

    doc = tomllib.loads(SAMPLE.decode())
    for _ in range(data.draw(st.integers(1, 3))):
        table = data.draw(st.sampled_from(doc["claim"]))
        key = data.draw(st.sampled_from(["id", "statement", "where", "functions", "title", "notes"]))
        table[key] = data.draw(TOML_VALUES)
    _check_loaded(parse_answers(doc, path="typed.toml"), "typed.toml")


# --- pathological inputs, each named: an ERROR for its claim, the others still checked -------------

TOWER = r"9^{9^{9^{9}}} = 1"
DEEP = "{" * 10000 + "x" + "}" * 10000 + " = x"
MEGABYTE = "x + " * 262144 + "x = 1"

BAD_FILE = f"""
[[claim]]
id = "good_first"
statement = '(x+1)^2 = x^2 + 2x + 1'

[[claim]]
id = "tower"
statement = '{TOWER}'

[[claim]]
id = "deep"
statement = '{DEEP}'

[[claim]]
id = "megabyte"
statement = '{MEGABYTE}'

[[claim]]
id = "frac_missing_brace"
statement = '\\frac{{1}}{{2 = x'

[[claim]]
id = "frac_missing_argument"
statement = '\\frac{{1}} = x'

[[claim]]
id = "unknown_command"
statement = '\\sigmoid(x) = 1'

[[claim]]
id = "good_false"
statement = '(x+1)^2 = x^2 + 1'

[[claim]]
id = "good_first"
statement = 'x = x'

[[claim]]
id = "statement_number"
statement = 3

[[claim]]
id = "where_number"
statement = 'x = x'
where = 5

[[claim]]
id = "where_list_of_numbers"
statement = 'x = x'
where = ['x > 0', 7]

[[claim]]
id = "functions_list"
statement = 'g(x) = 1'
functions = ['sigmoid']

[[claim]]
id = "functions_number"
statement = 'g(x) = 1'
functions = {{ g = 1 }}

[[claim]]
id = "title_table"
statement = 'x = x'
title = {{ a = 1 }}

[[claim]]
id = "where_empty_interval"
statement = 'x^2 \\geq 0'
where = ['x > 1', 'x < 0']

[[claim]]
id = "where_empty_integers"
statement = 'x^2 \\geq 0'
where = ['n \\in \\mathbb{{Z}}', 'n > 0', 'n < 1']

[[claim]]
id = "where_value_outside"
statement = 'x \\cdot 0 = 0'
where = ['x = 1', 'x > 2']

[[claim]]
id = "where_two_values"
statement = 'x \\cdot 0 = 0'
where = ['x = 1', 'x = 2']

[[claim]]
id = "where_always_false"
statement = 'x = x'
where = ['x^2 < 0']

[[claim]]
id = "where_contradicting_conditions"
statement = 'x + y = y + x'
where = ['x > y', 'y > x']

[[claim]]
id = "not_utf8"
statement = 'x = x NOTUTF8'

[[claim]]
id = "good_last"
statement = '\\frac{{d}}{{dx}} x^3 = 3x^2'
"""

EXPECTED_ERRORS = {
    "tower": "column 5: the number 9^387420489 is too large",
    "deep": "column 2001: 20005 characters is too long",
    "megabyte": "too long (at most 2000)",
    "frac_missing_brace": "column 12: unexpected '='; expected '}'",
    "frac_missing_argument": "column 10: unexpected '='",
    "unknown_command": r"column 1: unknown command \sigmoid",
    "good_first (#9)": "id 'good_first' is used twice",
    "statement_number": "'statement' must be a LaTeX string, not an integer",
    "where_number": "'where' must be a string or a list of strings, not an integer",
    "where_list_of_numbers": "'where[2]' must be a string, not an integer",
    "functions_list": "'functions' must be a table of name = \"built-in\", not an array",
    "functions_number": "'functions.g' must be the name of a built-in function (a string), not an integer",
    "title_table": "'title' must be a string, not a table",
    "where_empty_interval": "the conditions on x leave no value (1 < x < 0)",
    "where_empty_integers": "the conditions on n leave no value",
    "where_value_outside": "the value x = 1 does not satisfy 2 < x",
    "where_two_values": "where[2] 'x = 2': x is already given the value 1",
    "where_always_false": "where[1] 'x^2 < 0': this condition is always false",
    "where_contradicting_conditions": "no sampled point satisfies",
    "not_utf8": "statement, column 7: bytes that are not UTF-8",
}


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.toml"
    path.write_bytes(BAD_FILE.encode().replace(b"NOTUTF8", b"\xff\xfe"))
    assert len(path.read_bytes()) > 1024**2  # the 1 MB statement really is in the file
    [report] = check_files([path], timeout=20, jobs=2, seed=0)
    return str(path), report


def test_the_good_claims_of_a_hostile_file_get_their_real_verdicts(hostile_report):
    path, report = hostile_report
    by = {r.id: r for r in report.results}
    assert by["good_first"].verdict is Verdict.PROVEN
    assert by["good_false"].verdict is Verdict.REFUTED and "left =" in by["good_false"].message
    assert by["good_last"].verdict is Verdict.PROVEN
    # the non-UTF-8 bytes make the file itself an error too, with the line and column of the first one
    [line] = [k for k, text in enumerate(BAD_FILE.splitlines(), 1) if "NOTUTF8" in text]
    column = BAD_FILE.splitlines()[line - 1].index("NOTUTF8") + 1
    assert report.error == f"{path}: line {line}, column {column}: not UTF-8 (byte 0xff); save the file as UTF-8"


@pytest.mark.parametrize("claim_id", sorted(EXPECTED_ERRORS))
def test_each_pathological_claim_is_an_error_naming_file_claim_and_place(claim_id, hostile_report):
    path, report = hostile_report
    result = {r.id: r for r in report.results}[claim_id]
    assert result.verdict is Verdict.ERROR, (result.verdict, result.message)
    assert EXPECTED_ERRORS[claim_id] in result.message, result.message
    if claim_id != "where_contradicting_conditions":  # found by the sampler in a worker, named by claim id
        assert_names_claim_and_place(result.message, path, claim_id.split(" (#")[0])


def test_deeply_nested_toml_is_an_error_for_that_file_only(tmp_path):
    nested = tmp_path / "nested.toml"
    nested.write_text("x = " + "[" * 10000 + "]" * 10000 + "\n")
    good = tmp_path / "good.toml"
    good.write_text("[[claim]]\nid = 'sq'\nstatement = '(x+1)^2 = x^2 + 2x + 1'\n")
    assert load_answers(nested).error == f"{nested}: not valid TOML: arrays or tables nested too deeply"
    bad_report, good_report = check_files([nested, good], timeout=20, jobs=1, seed=0)
    assert bad_report.failed and good_report.results[0].verdict is Verdict.PROVEN


def test_oversized_file_is_refused_unread(tmp_path):
    from derivcheck.answers.load import MAX_FILE_BYTES

    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    assert "larger than 8 MiB" in load_answers(big).error


# --- no code execution from any field ------------------------------------------------------------

MARKER = "/tmp/pwned_derivcheck"
PAYLOADS = [
    r"__import__('os').system('touch /tmp/pwned_derivcheck') = 0",
    r"\operatorname{__import__}('os').system('touch /tmp/pwned_derivcheck') = 0",
    r"\mathrm{__import__}(\text{os}) = 0",
    r"x = \operatorname{eval}(\text{__import__('os').system('touch /tmp/pwned_derivcheck')})",
    "exec(\"import os; os.system('touch /tmp/pwned_derivcheck')\") = 1",
    r"x = (lambda: __import__('os').system('touch /tmp/pwned_derivcheck'))()",
]


@pytest.mark.parametrize("field", ["statement", "where", "functions name", "functions target"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_code_in_any_field_is_an_error_and_runs_nothing(field, payload):
    if os.path.exists(MARKER):
        os.remove(MARKER)
    table = {"id": "evil", "statement": "g(x) = x"}
    if field == "statement":
        table["statement"] = payload
    elif field == "where":
        table["where"] = [payload]
    elif field == "functions name":
        table["functions"] = {payload: "sigmoid"}
    else:
        table["functions"] = {"g": payload}
    [answer] = parse_answers({"claim": [table]}, path="evil.toml").answers
    message = answer.error or (answer.steps and answer.steps[0].error)
    assert message, answer
    assert message.startswith("evil.toml: claim 'evil': ")
    if field in ("statement", "where"):
        assert "column" in message, message
    assert not os.path.exists(MARKER)


# --- resource bounds: a runaway claim cannot hold up `derivcheck check` -----------------------------

RUNAWAY_FILE = r"""
[[claim]]
id = "ok_first"
statement = '(x+1)^2 = x^2 + 2x + 1'

[[claim]]
id = "huge_sum"
statement = '\sum_{j=1}^{10000000} j^2 = 10 x'

[[claim]]
id = "wrong"
statement = '\frac{d}{dx} e^{2x} = e^{2x}'

[[claim]]
id = "tower_derivative"
statement = '\frac{d^6}{dx^6} e^{e^{e^{x}}} = \frac{d^5}{dx^5} e^{e^{e^{x}} + e^{x} + x}'

[[claim]]
id = "ok_last"
statement = '\frac{d}{dx} \tanh(x) = 1 - \tanh^2(x)'
"""


def test_runaway_claims_time_out_and_the_run_stays_within_claims_times_limit(tmp_path):
    """Claims that once ran away (a sum of 10^7 terms, a tower's sixth derivative) stay within their limit."""
    path = tmp_path / "runaway.toml"
    path.write_text(RUNAWAY_FILE)
    limit, claims = 2.0, 5
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "derivcheck", "check", str(path), "--json", "--timeout", str(limit), "--jobs", "2"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    wall = time.monotonic() - start
    report = json.loads(proc.stdout)
    by = {r["id"]: r for r in report["files"][0]["results"]}
    # the sum has a closed form (Σ j² to 10^7 is not 10x: REFUTED at once); the tower is decided or times
    # out, within its limit either way
    assert by["huge_sum"]["verdict"] == "REFUTED" and by["tower_derivative"]["verdict"] in ("TIMEOUT", "PROVEN", "CHECKED")
    assert by["huge_sum"]["seconds"] < limit + 1 and by["tower_derivative"]["seconds"] < limit + 1
    assert by["ok_first"]["verdict"] == "PROVEN" and by["ok_last"]["verdict"] == "PROVEN"
    assert by["wrong"]["verdict"] == "REFUTED"
    assert proc.returncode == 1  # a REFUTED answer
    # start-up (imports, grammar) is the margin; a hang would blow far past it
    assert wall < claims * limit + 8, wall


def test_memory_runaway_is_an_error_for_its_claim_and_the_others_finish():
    """⌊(x + 1/3)^(10^100)⌋ once made the exact evaluation build ever larger numbers until the limit; it
    is an ERROR for its claim (never CHECKED: it is false at x = 1, where it cannot be evaluated)."""
    af = parse_answers({"claim": [
        {"id": "ok", "statement": "(x+1)^2 = x^2 + 2x + 1"},
        {"id": "hog", "statement": r"\lfloor (x+\frac{1}{3})^{10^{100}} \rfloor = 0"},
        {"id": "ok2", "statement": "(x-1)^2 = x^2 - 2x + 1"}]}, path="mem.toml")
    claims = [s.claim for a in af.answers for s in a.steps]
    results = run_claims(claims, timeout=30, jobs=1, seed=0, memory=768 * 1024**2)
    # (the numbers no longer build the huge value: the point is out of range, and with no proof and no
    # certified counterexample the claim is an ERROR that says so; the memory limit itself is tested in
    # tests/test_scheduler.py)
    assert results[1].verdict is Verdict.ERROR and ("exceeded the memory limit (768 MiB)" in results[1].message
                                                    or "beyond 2^16384" in results[1].message)
    assert results[1].seconds < 30
    assert results[0].verdict is Verdict.PROVEN and results[2].verdict is Verdict.PROVEN
