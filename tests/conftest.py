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


@pytest.fixture
def build():
    return make_claim


@pytest.fixture(scope="session")
def catalog_results():
    """Every catalog claim checked once per session (two workers, seed 1), id -> Result: the verdict
    tests and the whole-catalog LaTeX document share one run instead of repeating it."""
    from derivcheck.core.registry import load_catalog

    claims = list(load_catalog().values())
    return {c.id: r for c, r in zip(claims, run_claims(claims, timeout=60, jobs=2, seed=1))}
