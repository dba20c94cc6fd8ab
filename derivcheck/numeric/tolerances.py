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
| PRECISE_TRIES             | 15     | points tried to find those PRECISE_POINTS (one out of range is replaced)       |
| HP_EVAL_SECONDS           | 2      | one high-precision value taking longer is no evidence (it takes milliseconds)  |
| HP_MAX_BITS               | 16384  | a high-precision value beyond 2^±16384 (≈ 10^±4932, IEEE binary128's range) is  |
|                           |        | an overflow: the point is undefined there (``mpvalue.check_range``)             |
"""

FLOAT_REL_TOL = 1e-8  # float64: a larger relative gap makes a point a suspect
FLOAT_REL_TOL_DERIVATIVE = 1e-5  # float64 with finite differences
HP_DIGITS = 60
HP_GUARD_DIGITS = 40  # extra working digits while evaluating at HP_DIGITS
HP_CONFIRM_REL = 1e-15  # a high-precision disagreement larger than this is real
CONDITION_MARGIN = 1e-2  # distance kept from an excluded kink (g ≠ 0 means |g| > margin)
PRECISE_POINTS = 5  # an equality is also evaluated at these many points to PRECISE_DIGITS
PRECISE_DIGITS = 50
PRECISE_TRIES = 3 * PRECISE_POINTS  # points tried for those PRECISE_POINTS: some may be out of range (x^(x^x) at 300)
# mpmath carries any exponent, but e^a needs as many extra bits as a has binary digits, and sin(a) as
# many bits of π: for |a| up to 2^16384 milliseconds, at 2^(2^20) tens of seconds (measured). Past it a
# value is an overflow (the point is undefined there), never a counterexample.
HP_MAX_BITS = 16384
# a high-precision value takes milliseconds; one that takes seconds is SymPy computing something exactly
# (a drawn point to a huge power inside a function evalf has no rule for): no evidence, never a hang
HP_EVAL_SECONDS = 2.0
