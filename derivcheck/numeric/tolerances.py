"""The numeric check's tolerance table, in one place (every checker but the mutation oracle reads it).

A float64 evaluation only *finds* suspects; a verdict rests on a high-precision re-evaluation
(``precision.confirm_sides``, for scalar claims and for vector claims at large sizes alike):

| constant                  | value  | meaning                                                                      |
|---------------------------|--------|------------------------------------------------------------------------------|
| FLOAT_REL_TOL             | 1e-8   | a float64 gap larger than this, relative to max(1, |sides|), is a suspect      |
| FLOAT_REL_TOL_DERIVATIVE  | 1e-5   | the same where a side has a derivative, limit or integral (~1e-6 of noise)    |
| FLOAT_REL_TOL_CONSTANT    | 1e-13  | the same for a claim without variables (both sides rounded from 30 digits)     |
| FLOAT_EQUAL_REL           | 1e-12  | float64 sides this close may be equal: an inequality is a suspect there        |
| FLOAT_IMAG_TOL            | 1e-12  | a float64 imaginary part above this makes the value complex, not real          |
| FLOAT_LIMIT_FAR           | 1e8    | float64: lim k→∞ is the value at k = 10^8 ...                                  |
| FLOAT_LIMIT_STEP          | 1e-7   | ... and lim k→a the value at a ± 10^-7                                          |
| FD_KINK_REL               | 1e-3   | float64 one-sided slopes differing by more than this may be a kink ...         |
| FD_BEND_RATIO             | 0.5    | ... unless the bend shrinks below this fraction when h is divided by 4          |
| QUAD_NEGLIGIBLE_WEIGHT    | 1e-12  | a float64 quadrature node with a smaller weight may be dropped where singular  |
| CONDITION_MARGIN          | 1e-2   | sampled points keep this distance from an excluded kink (g ≠ 0 ⇒ |g| > margin) |
| CONDITION_EQ_TOL          | 1e-12  | a ≥, ≤ or = condition holds in float64 up to this                               |
| ENUMERATION_TOL           | 1e-9   | integer tuples: condition margin and float gap that makes a tuple a suspect     |
| HP_DIGITS                 | 60     | mpmath digits for confirming a suspect (×2 for stability, ×5 for strict gaps) |
| HP_GUARD_DIGITS           | 40     | working digits added to HP_DIGITS while evaluating (finite differences at h = 10^-(work/3)) |
| HP_CONFIRM_REL            | 1e-15  | a high-precision gap larger than this, relative to the sides, is real          |
| HP_STABLE_REL             | 1e-20  | ... if each side moves less than this between HP_DIGITS and twice that          |
| HP_TINY_MARGIN            | 10     | a ≤/≥ violated by less than HP_CONFIRM_REL counts if the violation is 10 times |
|                           |        | what the values moved between HP_DIGITS and twice that ...                      |
| HP_TINY_FLOOR             | 1e-70  | ... and above this (relative): 10^-20 … 10^-60 are found                        |
| HP_IMAG_REL               | 1e-40  | a high-precision imaginary part below this (relative) is rounding: real value  |
| NEARBY_STEP               | 1e-12  | one side undefined at a point: both sides are looked at this far away (relative) |
| NEARBY_AGREE_REL          | 1e-6   | ... where the undefined side within this of one value v, and v against the other |
|                           |        | side within this, make the point a hole (no evidence), not a counterexample      |
| HP_KINK_REL               | 1e-10  | high-precision one-sided difference quotients further apart: no derivative     |
| HP_STRICT_EQUAL_REL       | 1e-50  | sides of a strict inequality this close (relative to themselves) are equal    |
| HP_STRICT_GAP_ABS         | 1e-40  | sides of a strict inequality this close go to the exact gap check              |
| STRICT_GAP_DIGITS         | 300    | the digits (5 × HP_DIGITS) a strict gap below HP_STRICT_GAP_ABS is seen with   |
| STRICT_GAP_REL            | 1e-150 | at those digits, a gap above this (relative) has the sign it shows             |
| STRICT_GAP_MAX_DIGITS     | 3000   | the exact gap check's evalf: no significant digit in this many means 0         |
| LIMIT_DIGITS              | 30, 60 | a limit at high precision: at 10^30 and 10^60 (or a ± 10^-30, a ± 10^-60)       |
| LIMIT_ZERO_ABS            | 1e-30  | a limit whose far value is below this ...                                       |
| LIMIT_ZERO_RATIO          | 1e-10  | ... and this many times smaller than the nearer one is 0                        |
| QUAD_TRUST                | 16     | an integral counts when two quadrature precisions agree to 10^-16 (relative)  |
| QUAD_ERROR_REL            | 1e-10  | ... and mpmath's error estimate is below this (relative)                        |
| QUAD_MAX_CUTS             | 16     | an integral's range is cut at most at this many features (0, the other variables, |
|                           |        | polynomial roots and stationary points): narrow peaks sit at a cut (``quadrature``) |
| QUAD_POLY_DEGREE          | 8      | polynomial pieces of an integrand up to this degree give their roots as cuts    |
| QUAD_LOG_RATIO            | 100    | a piece whose ends have one sign and this ratio is integrated in ln|x|          |
| QUAD_MAX_DEGREE           | 8      | mpmath's tanh-sinh levels per piece (2^8 steps): one that has not converged    |
|                           |        | by then is a failed quadrature, no evidence                                     |
| PRECISE_POINTS            | 5      | points (special values first) where an equality must also agree to PRECISE_DIGITS |
| PRECISE_DIGITS            | 70     | digits two sides must agree to there (evaluated at 120, re-checked at 240): a   |
|                           |        | difference of 10^-60 is found, which float64 agreement alone cannot see; a     |
|                           |        | closed form agreeing to them is decided by its exact difference (``exact_gap``) |
| PRECISE_GUARD_DIGITS      | 50     | the digits added to PRECISE_DIGITS while evaluating (120)                       |
| ACHIEVED_MARGIN           | 1000   | an integral's sides differ by this many times what its values moved between   |
|                           |        | 120 and 240 digits: a difference; else they agree to the digits achieved       |
| PRECISE_STEADY_DIGITS     | 10     | a difference counts if the values move less than 10^-(PRECISE_DIGITS + 10)      |
| PRECISE_MAX_SIZE          | 4      | an integer claim's precise points are at values up to this (not over arrays)    |
| PRECISE_TRIES             | 15     | points tried to find those PRECISE_POINTS (one out of range is replaced)       |
| HP_MAX_BITS               | 16384  | a high-precision value beyond 2^±16384 (≈ 10^±4932, IEEE binary128's range) is  |
|                           |        | an overflow: the point is undefined there (``mpvalue.check_range``)             |
| HP_EVAL_SECONDS           | 2      | one high-precision value taking longer is no evidence (it takes milliseconds)  |
| STRICT_GAP_SECONDS        | 2      | the same for the exact gap check of a strict inequality                         |
| EXACT_GAP_SECONDS         | 0.5    | the same for an equality's exact difference at a precise point                  |
"""

# --- float64: finding suspects -----------------------------------------------------------------

FLOAT_REL_TOL = 1e-8  # float64: a larger relative gap makes a point a suspect
# finite differences in float64 carry ~1e-6 of noise (h = eps^(1/3)); limits and integrals as much
FLOAT_REL_TOL_DERIVATIVE = 1e-5
# without variables both sides are a 30-digit value rounded to float64: only that rounding (~1e-16)
# separates equal sides, so anything above 1e-13 is worth a high-precision look
FLOAT_REL_TOL_CONSTANT = 1e-13
# float64 agrees to ~1e-16 on equal sides computed two ways; 1e-12 leaves room for a few operations'
# rounding: closer sides may be equal, where a strict inequality fails (e^x > 1 + x at 0)
FLOAT_EQUAL_REL = 1e-12
# a real value computed through complex intermediates keeps an imaginary part of rounding, ~1e-16
FLOAT_IMAG_TOL = 1e-12
# lim k→∞ in float64 at k = 10^8: O(1/k) tails fall to 1e-8, below FLOAT_REL_TOL_DERIVATIVE; further
# out (1 + x/k)^k loses its digits to rounding. lim k→a at a ± 10^-7 for the same reason (√eps ≈ 1.5e-8)
FLOAT_LIMIT_FAR = 1e8
FLOAT_LIMIT_STEP = 1e-7
# a central difference's one-sided slopes differ by ~h|f''| (h ~ 1e-5): far below 1e-3 unless f bends
# sharply; then h/4 decides: a smooth bend shrinks to a quarter, a kink's slope jump stays whole, so a
# bend above half of the first is a kink
FD_KINK_REL = 1e-3
FD_BEND_RATIO = 0.5
# double-exponential nodes next to an end get weights far below any term that matters: dropping one
# rounded onto a singular end changes the sum by less than float64 can see
QUAD_NEGLIGIBLE_WEIGHT = 1e-12

# --- where to look ---------------------------------------------------------------------------------

CONDITION_MARGIN = 1e-2  # distance kept from an excluded kink (g ≠ 0 means |g| > margin)
CONDITION_EQ_TOL = 1e-12  # a ≥, ≤ or = condition holds in float64 up to rounding (as FLOAT_EQUAL_REL)
# integer tuples: values are integers or ratios of them, float64 rounds them by ~1e-16; 1e-9 is far
# above that rounding and far below any gap between distinct ratios of small integers
ENUMERATION_TOL = 1e-9

# --- high precision: deciding ----------------------------------------------------------------------

HP_DIGITS = 60
HP_GUARD_DIGITS = 40  # extra working digits while evaluating at HP_DIGITS
HP_CONFIRM_REL = 1e-15  # a high-precision disagreement larger than this is real
# 60 digits can still cancel away (cosh(208)² − sinh(208)² needs ~180): a violation counts only if
# both sides agree to 20 digits between HP_DIGITS and twice that, half of what each carries
HP_STABLE_REL = 1e-20
# a ≤ or ≥ violated by less than HP_CONFIRM_REL: the values at HP_DIGITS and twice that differ by what
# the first evaluation could not resolve (rounding ~1e-100, a finite difference's truncation ~1e-50); a
# violation ten times that is real. The floor keeps 50 of the 120 digits carried at twice HP_DIGITS
# spare: 10^-60 is found, 10^-80 would be at the edge of what is carried.
HP_TINY_MARGIN = 10
HP_TINY_FLOOR = 1e-70
HP_IMAG_REL = 1e-40  # 60 digits carried: an imaginary part 40 digits down is rounding, the value real
# a side undefined at a point but a number 1e-12 away (relative) either way: a lone hole of that side,
# far above the 60 digits carried and far below any gap between the points drawn
NEARBY_STEP = 1e-12
# a smooth side moves ~1e-12·|f'| over that step; 1e-6 allows slopes to 10^6 and still sees a jump (|x|/x: 2)
NEARBY_AGREE_REL = 1e-6
# one-sided difference quotients at h = 10^-33 differ by ~h|f''| for a smooth function; 1e-10 is a
# slope jump no smooth function shows there
HP_KINK_REL = 1e-10
HP_STRICT_EQUAL_REL = 1e-50  # 60 digits carried, 10 spare: strict sides this close are equal
HP_STRICT_GAP_ABS = 1e-40  # strict sides this close: the gap may be 0 or merely tiny (σ' at 200: 1e-87)
STRICT_GAP_DIGITS = 5 * HP_DIGITS  # a strict gap below HP_STRICT_GAP_ABS looked at again with 300 digits
STRICT_GAP_REL = 1e-150  # at 300 digits a gap above 1e-150 (half of them) has the sign it shows
STRICT_GAP_MAX_DIGITS = 3000  # evalf's maxn for the exact gap: no digit in 3000 means the sides are equal
LIMIT_DIGITS = (30, 60)  # a limit at high precision at 10^30 and 10^60: two points to see it settle
# a limit is 0 when its far value is below 1e-30 and 1e10 times smaller than nearer ((1/2)^n at
# n = 10^30 is 10^(−3·10^29), not 0 exactly); a limit c ≠ 0 is never below 1e-30 at both
LIMIT_ZERO_ABS = 1e-30
LIMIT_ZERO_RATIO = 1e-10
# An integral counts only when two precisions agree to 10^-QUAD_TRUST (relative). mpmath's own error
# estimate is no guard: for ∫_0^1 t^(-1/2) dt at 60 digits it says 1e-62 while the value is off by 2e-32.
# 16 digits leave a margin of 10 under HP_CONFIRM_REL, and a violation must also be stable to 1e-20
# between HP_DIGITS and twice that (confirm_sides), which such an integral is not: never REFUTED by one.
QUAD_TRUST = 16
QUAD_ERROR_REL = 1e-10  # an error estimate above this is a failed quadrature whatever the precisions say
# double-exponential nodes crowd at the ends of each piece: a peak of width 10^-3 at μ = 2 between two
# cuts is missed at every precision, one at a cut is resolved. A few cuts per integral are enough
# (each piece costs one more quadrature); the degree bounds the polynomial root finding
QUAD_MAX_CUTS = 16
QUAD_POLY_DEGREE = 8
# mpmath's tanh-sinh doubles its nodes per degree; its own default stops at 7 (33 digits) or 8 (50). With
# the range cut at the features a well-posed piece converges by then; 8 leaves one spare level at 33
# digits and bounds what a piece that never converges (a density 300 wide in ln x) costs
QUAD_MAX_DEGREE = 8
# a piece [p, q] of one sign with q/p above this is integrated in ln|x|: tanh-sinh puts its nodes at
# relative distances from an end, so a log-normal's mass 10^-110 from the end e^-254 of [e^-254, 1]
# falls between them (both splittings agreed on half the mass)
QUAD_LOG_RATIO = 100

# --- high precision: the 50-digit agreement of equalities ------------------------------------------

PRECISE_POINTS = 5  # an equality is also evaluated at these many points to PRECISE_DIGITS
PRECISE_DIGITS = 70  # 10^-60 is found with 10 digits to spare
# evaluated at 120 digits: a finite difference of order k carries about 160·2/(2 + k) of the 160 digits
# it works with (h = 10^-(160/(2+k))), so a second derivative keeps 80 of them, above the 70 compared
PRECISE_GUARD_DIGITS = 50
# an integral's equality differs when its sides differ by 1000 times what its values moved between 120 and
# 240 digits (the quadrature's own error, far above the rounding of the digits carried)
ACHIEVED_MARGIN = 1000
PRECISE_STEADY_DIGITS = 10  # a difference needs values that move < 10^-80 between 120 and 240 digits
# a claim over integers that are not enumerated has its precise points at values up to 4: written out there a
# sum has a few terms
PRECISE_MAX_SIZE = 4
PRECISE_TRIES = 3 * PRECISE_POINTS  # points tried for those PRECISE_POINTS: some may be out of range (x^(x^x) at 300)

# --- high precision: never a hang ------------------------------------------------------------------

# mpmath carries any exponent, but e^a needs as many extra bits as a has binary digits, and sin(a) as
# many bits of π: for |a| up to 2^16384 milliseconds, at 2^(2^20) tens of seconds (measured). Past it a
# value is an overflow (the point is undefined there), never a counterexample.
HP_MAX_BITS = 16384
# a high-precision value takes milliseconds; one that takes seconds is SymPy computing something exactly
# (a drawn point to a huge power inside a function evalf has no rule for): no evidence, never a hang
HP_EVAL_SECONDS = 2.0
STRICT_GAP_SECONDS = 2.0  # the exact gap check of a strict inequality, the same way
# an equality that agreed to PRECISE_DIGITS: its exact difference is looked at, briefly (5 points a claim)
EXACT_GAP_SECONDS = 0.5
