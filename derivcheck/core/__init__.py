"""The vocabulary every other layer shares: claims, the function table, proofs, verdicts, the text printer.

Imports nothing else from derivcheck."""
