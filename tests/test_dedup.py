"""Each distinct claim is decided once per run: a class writes the same step many times."""

from derivcheck.answers.load import parse_answers
from derivcheck.core.verdict import Verdict
from derivcheck.run.runner import run_claims


def step_claims(statements):
    parsed = parse_answers({"claim": [{"id": f"s{i}", "statement": s} for i, s in enumerate(statements)]})
    return [c for a in parsed.answers for st in a.steps for c in st.claims]


def test_the_same_step_is_decided_once_and_reported_under_each_id():
    claims = step_claims([r"\frac{d}{dx} x^2 = 2x", r"\frac{d}{dx} x^2 = 2x", r"(x+1)^2 = x^2 + 1",
                          r"\frac{d}{dx} x^2 = 2x", r"(x+1)^2 = x^2 + 1"])
    started, reported = [], []
    results = run_claims(claims, timeout=20, jobs=1, cache=False,
                         on_start=started.append, on_result=reported.append)
    assert len(started) == 2  # two distinct claims, five answers
    assert [r.id for r in results] == [c.id for c in claims] and len(reported) == 5
    assert [r.verdict for r in results] == [Verdict.PROVEN, Verdict.PROVEN, Verdict.REFUTED, Verdict.PROVEN,
                                            Verdict.REFUTED]
    assert results[4].evidence.counterexample == results[2].evidence.counterexample
    assert results[4].message is None or "s2" not in results[4].message


def test_without_dedup_every_copy_is_decided_and_the_verdicts_are_the_same():
    claims = step_claims([r"\frac{d}{dx} x^2 = 2x", r"(x+1)^2 = x^2 + 1", r"\frac{d}{dx} x^2 = 2x"])
    started = []
    once = run_claims(claims, timeout=20, jobs=1, cache=False)
    every = run_claims(claims, timeout=20, jobs=1, cache=False, dedup=False, on_start=started.append)
    assert len(started) == 3
    assert [(r.id, r.verdict, r.message) for r in every] == [(r.id, r.verdict, r.message) for r in once]
