"""Numbers: sampling, float64 evaluation, high-precision confirmation, exhaustive integer checks.

Imports ``core`` and ``notation`` (for vector trees), never ``prover``: derivatives by finite differences, not SymPy's ``diff``."""
