"""Shared helpers: build claims inline and check them through the real runner."""

import pytest
from sympy import Symbol

from derivcheck.claim import REALS, Claim
from derivcheck.runner import run_claims

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
