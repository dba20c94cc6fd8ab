"""The numeric check's tolerance table, in one place (every checker but the mutation oracle reads it).

A float64 evaluation only *finds* suspects; a verdict rests on a high-precision re-evaluation
(``precision.confirm_sides``, for scalar claims and for vector claims at large sizes alike):

| constant                  | value  | meaning                                                                      |
|---------------------------|--------|------------------------------------------------------------------------------|
| FLOAT_REL_TOL             | 1e-8   | a float64 gap larger than this, relative to max(1, |sides|), is a suspect      |
| FLOAT_REL_TOL_DERIVATIVE  | 1e-5   | the same where a side has a derivative (float64 finite differences: ~1e-6)   |
| HP_DIGITS                 | 60     | mpmath digits for confirming a suspect (×2 for a vanishing side, ×5 for gaps) |
| HP_GUARD_DIGITS           | 40     | working digits added to HP_DIGITS while evaluating (finite differences at h = 10^-(work/3)) |
| HP_CONFIRM_REL            | 1e-15  | a high-precision gap larger than this, relative to the sides, is real          |
| CONDITION_MARGIN          | 1e-2   | sampled points keep this distance from an excluded kink (g ≠ 0 ⇒ |g| > margin) |
| PRECISE_POINTS            | 5      | points (special values first) where an equality must also agree to PRECISE_DIGITS |
| PRECISE_DIGITS            | 50     | digits two sides must agree to there (evaluated at 70, re-checked at 140): a    |
|                           |        | difference of 10^-30 is found, which float64 agreement alone cannot see         |
"""

FLOAT_REL_TOL = 1e-8  # float64: a larger relative gap makes a point a suspect
FLOAT_REL_TOL_DERIVATIVE = 1e-5  # float64 with finite differences
HP_DIGITS = 60
HP_GUARD_DIGITS = 40  # extra working digits while evaluating at HP_DIGITS
HP_CONFIRM_REL = 1e-15  # a high-precision disagreement larger than this is real
CONDITION_MARGIN = 1e-2  # distance kept from an excluded kink (g ≠ 0 means |g| > margin)
PRECISE_POINTS = 5  # an equality is also evaluated at these many points to PRECISE_DIGITS
PRECISE_DIGITS = 50
