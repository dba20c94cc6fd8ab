"""The numeric check's tolerance table, in one place (every checker but the mutation oracle reads it).

A float64 evaluation only *finds* suspects; a verdict rests on a high-precision re-evaluation:

| constant          | value  | meaning                                                                      |
|-------------------|--------|------------------------------------------------------------------------------|
| HP_DIGITS         | 60     | mpmath digits for confirming a suspect (×2 for a vanishing side, ×5 for gaps) |
| HP_CONFIRM_REL    | 1e-15  | a high-precision gap larger than this, relative to the sides, is real          |
| CONDITION_MARGIN  | 1e-2   | sampled points keep this distance from an excluded kink (g ≠ 0 ⇒ |g| > margin) |
"""

HP_DIGITS = 60
HP_CONFIRM_REL = 1e-15  # a high-precision disagreement larger than this is real
CONDITION_MARGIN = 1e-2  # distance kept from an excluded kink (g ≠ 0 means |g| > margin)
