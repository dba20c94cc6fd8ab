"""Proving: an ordered list of strategies per kind of goal, each recording the steps it took.

Imports ``core`` (and nothing from ``numeric``: the numbers stay independent of the proof)."""
