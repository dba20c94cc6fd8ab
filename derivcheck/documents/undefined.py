r"""A derivative that does not exist at an isolated point, in a claim a course accepts everywhere else.

``\frac{d|x|}{dx} = \text{sign}(x)`` is refuted at x = 0 only because the left side is undefined
there, and homework questions say as much in words ("its derivative at 0 is undefined, but your
function can return 0 at 0") that a reader of formulas cannot parse. A refutation whose only
counterexample is such a point — one free variable, or the one a derivative is taken in beside
parameters (LeakyReLU_α'(z) at α = −1, z = 0), the side that is undefined a derivative — is
checked again with that point excluded; if the claim then holds, the verdict is that one, its scope
says ``x ≠ 0`` and a note says why. Any other counterexample stays a refutation: ``\frac{d|x|}{dx} = 1``
is still refuted at x = −1.
"""

from __future__ import annotations

import re

from ..answers.model import AnswerResult
from ..core.verdict import Verdict
from .relations import members

__all__ = ["excluded_point", "only_undefined", "MAX_EXCLUDED"]

MAX_EXCLUDED = 3  # isolated points excluded from one claim, at most (|x − 1| + |x + 1| has two)
_DERIVATIVE = re.compile(r"\\frac\s*\{\s*(d|\\partial|\\mathrm\{d\})|'|\\prime|\\nabla|\\dot")


def only_undefined(result: AnswerResult) -> bool:
    """Is this a refutation whose counterexample is only a derivative undefined at one point?"""
    return _undefined_point(result) is not None


def excluded_point(result: AnswerResult) -> tuple[str, str] | None:
    """(variable, value as LaTeX) when the only failure is a derivative undefined at one point written
    as a plain number, else None."""
    point = _undefined_point(result)
    if point is None:
        return None
    name, text = point
    if not re.fullmatch(r"-?\d+(\.\d+)?", text) or not re.fullmatch(r"[A-Za-z]", name):
        return None  # only a plain variable at a written number: x = 0, t = -1
    return name, text


def _undefined_point(result: AnswerResult) -> tuple[str, str] | None:
    if result is None or result.verdict is not Verdict.REFUTED or result.first_wrong_step is None:
        return None
    step = next((s for s in result.steps if s.index == result.first_wrong_step), None)
    evidence = step.result.evidence if step is not None and step.result is not None else None
    if evidence is None or not evidence.counterexample:
        return None
    sides = members(step.relation)
    if len(sides) != 2:
        return None
    if evidence.lhs_value == "undefined" and evidence.rhs_value != "undefined":
        undefined_side = sides[0]
    elif evidence.rhs_value == "undefined" and evidence.lhs_value != "undefined":
        undefined_side = sides[1]
    else:
        return None
    if not _DERIVATIVE.search(undefined_side):
        return None
    point = {str(k): str(v) for k, v in evidence.counterexample.items()}
    if len(point) > 1:  # LeakyReLU_α'(z) at α = −1, z = 0: the point is the variable the derivative is taken in
        point = {k: v for k, v in point.items() if k in _variables_of_derivative(undefined_side)}
    if len(point) != 1:
        return None
    [(name, value)] = point.items()
    return name, value


def _variables_of_derivative(side: str) -> set:
    r"""The one-letter variables a side differentiates in, as written: ∂z and dz in a denominator, f'(z), \nabla_z."""
    found = re.findall(r"\\partial\s*(?:\{\s*)?([A-Za-z])\s*\}|\bd\s*([A-Za-z])\s*\}|'(?:_\{?[^(]*?\}?)?\s*\(\s*([A-Za-z])\s*\)"
                       r"|\\nabla_\{?\s*([A-Za-z])\b", side)
    return {name for group in found for name in group if name}
