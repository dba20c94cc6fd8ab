"""A class's answer files: each distinct claim read once per run, each copy told as its own file's."""

from derivcheck.answers import feedback, reading, scalar
from derivcheck.answers.load import load_answers
from derivcheck.answers.model import aggregate
from derivcheck.run.cache import claim_text
from derivcheck.run.runner import run_claims

QUESTIONS = [
    ("q1", [r"\frac{d}{dx} x^2 = 2x", r"\frac{d}{dx} x^{2} = 2 \cdot x"], ""),
    ("q2", [r"(x+1)^2 = x^2 + 1", r"(x+1)^2 = x^2 + 2x + 1 = (1+x)^2"], ""),
    ("q3", [r"\frac{d}{dx}\ln(x) = \frac{1}{x}"], "where = ['x > 0']\n"),
    ("q4", [r"\frac{1}{3} = 0.333", r"(x+1 = x"], ""),  # a rounding step; a statement that does not parse
    ("q5", [r"f(x) = x^2", r"f(x) = x^2 - 1"], "where = ['f(x) = x^2']\nfunctions = { g = 'sigmoid' }\n"),
]


def write_class(folder, students=6):
    used = set()
    for s in range(students):
        lines = []
        for q, (qid, versions, extra) in enumerate(QUESTIONS):
            statement = versions[(s + q) % len(versions)]
            used.add((qid, statement))
            points = "points = 2\n" if s % 2 else ""
            lines.append(f"[[claim]]\nid = \"{qid}\"\nstatement = '{statement}'\n{extra}{points}")
        (folder / f"student{s}.toml").write_text("\n".join(lines), encoding="utf-8")
    return sorted(folder.glob("*.toml")), used


def shape(f):
    """Everything a file's reading holds, the claims by their content as checked."""
    return (f.path, f.error, [(a.id, a.statement, a.error, a.scope, a.proven_scope, a.points, a.partial,
                               [(s.index, s.relation, s.error, s.refuted, s.rounded,
                                 [(c.id, c.title, str(c.source), claim_text(c)) for c in s.claims]) for s in a.steps])
                              for a in f.answers])


def test_each_distinct_statement_is_read_once_and_the_copies_are_their_own_files(tmp_path, monkeypatch):
    paths, used = write_class(tmp_path)
    alone = [load_answers(p) for p in paths]  # no shared reading: every copy read
    calls = []
    parse = scalar.parse_statement
    monkeypatch.setattr(scalar, "parse_statement", lambda text, **kw: calls.append(text) or parse(text, **kw))
    with reading.shared_reading():
        shared = [load_answers(p) for p in paths]
    assert len(calls) == len(used)  # the one that does not parse too: once
    assert [shape(f) for f in shared] == [shape(f) for f in alone]
    for path, f in zip(paths, shared):  # the places stay each file's own
        assert all(str(path) in str(c.source) for a in f.answers for s in a.steps for c in s.claims)
        errors = [e for a in f.answers for e in (a.error, *(s.error for s in a.steps)) if e]
        assert all(e.startswith(f"{path}: claim ") for e in errors)
    assert any(a.error for f in shared for a in f.answers)
    assert {a.points for f in shared for a in f.answers} == {1.0, 2.0}


def test_outside_a_run_or_under_a_fired_deadline_nothing_is_shared(tmp_path, monkeypatch):
    paths, used = write_class(tmp_path, students=3)
    calls = []
    parse = scalar.parse_statement
    monkeypatch.setattr(scalar, "parse_statement", lambda text, **kw: calls.append(text) or parse(text, **kw))
    [load_answers(p) for p in paths]
    assert len(calls) == 3 * len(QUESTIONS)  # every claim of every file
    calls.clear()
    fired = iter(range(10**6))
    monkeypatch.setattr(reading, "alarms", lambda: next(fired))  # a deadline fires during every reading
    with reading.shared_reading():
        [load_answers(p) for p in paths]
    assert len(calls) == 3 * len(QUESTIONS)


def test_the_verdicts_are_those_of_a_run_that_reads_every_copy(tmp_path):
    paths, _ = write_class(tmp_path, students=4)
    shared = feedback.check_files(paths, timeout=30, jobs=1, seed=1)
    files = [load_answers(p) for p in paths]
    claims = [c for f in files for a in f.answers for s in a.steps for c in s.claims]
    results = iter(run_claims(claims, timeout=30, jobs=1, seed=1, cache=False))
    alone = []
    for f in files:
        mine = {c.id: next(results) for a in f.answers for s in a.steps for c in s.claims}
        alone.append([aggregate(a, mine) for a in f.answers])

    def verdicts(answers):
        return [{k: v for k, v in r.to_json().items() if k != "seconds"} | {"points": r.points} for r in answers]

    assert [verdicts(r.results) for r in shared] == [verdicts(a) for a in alone]
    assert {r.verdict.value for rep in shared for r in rep.results} >= {"PROVEN", "REFUTED", "ERROR"}
