"""Shared helpers: build claims inline and check them through the real runner."""

import pytest
from sympy import Symbol

from derivcheck.core.claim import REALS, Claim
from derivcheck.run.runner import run_claims

x = Symbol("x", real=True)


def make_claim(*relations, variables=None, conditions=(), id="test_claim", extra_check=None):
    return Claim(id=id, title=id, source="test", topic="test", statement=tuple(relations),
                 variables=variables if variables is not None else {x: REALS},
                 conditions=tuple(conditions), extra_check=extra_check)


def check(claim, timeout=30.0, seed=0):
    [result] = run_claims([claim], timeout=timeout, jobs=1, seed=seed)
    return result


def run_answers(claims: list[dict], timeout: float = 30.0) -> dict:
    """Answer-file claims (tables with id, statement, where) through the real runner: {id: AnswerResult}."""
    from derivcheck.answers.load import parse_answers
    from derivcheck.answers.model import aggregate

    af = parse_answers({"claim": claims}, path="t.toml")
    assert af.error is None, af.error
    step_claims = [c for a in af.answers for s in a.steps for c in s.claims]
    results = {r.id: r for r in run_claims(step_claims, timeout=timeout, jobs=2, seed=0)}
    return {a.id: aggregate(a, results) for a in af.answers}


@pytest.fixture
def build():
    return make_claim


@pytest.fixture(scope="session")
def catalog_results():
    """Every catalog claim checked once per session (two workers, seed 1), id -> Result: the verdict
    tests and the whole-catalog LaTeX document share one run instead of repeating it."""
    from derivcheck.core.registry import load_catalog

    claims = list(load_catalog().values())
    # a generous limit: speed is measured in bench/, and a loaded machine must not turn PROVEN into TIMEOUT
    return {c.id: r for c, r in zip(claims, run_claims(claims, timeout=180, jobs=2, seed=1))}
