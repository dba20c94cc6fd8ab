"""Reading: a person's LaTeX into claims (scalar statements, vector trees, ``where`` entries), never ``eval``.

Imports only ``core``."""
