"""Formulas of a Jupyter notebook: its Markdown cells, read as Markdown, placed by cell, line and column.

nbformat reads the JSON (any nbformat version, converted to 4; a cell's source list is joined).
Code and raw cells are not prose: ``"$z$"`` in a code string is not a formula. A cell's metadata
``{"derivcheck": {"where": [...], "functions": {"S": "softmax"}}}`` declares what applies from that cell on.
"""

from __future__ import annotations

import json
import warnings

import nbformat

from .formulas import Directive, Formula
from .markdown import markdown_items

_KEYS = ("where", "functions")


def metadata_directive(metadata, cell: int) -> Directive | None:
    """The directive a cell's ``derivcheck`` metadata declares, or one saying why it cannot be read."""
    declared = metadata.get("derivcheck") if isinstance(metadata, dict) else None
    if declared is None:
        return None

    def problem(message: str) -> Directive:
        return Directive((), (), 1, 1, cell, f"cell {cell} metadata 'derivcheck': {message}")

    if not isinstance(declared, dict):
        return problem('write {"where": ["<LaTeX>", ...], "functions": {"<letter>": "<built-in>"}}')
    unknown = sorted(set(declared) - set(_KEYS))
    if unknown:
        return problem(f"unknown key {unknown[0]!r}: the keys are 'where' and 'functions'")
    where = declared.get("where", [])
    if isinstance(where, str):
        where = [where]
    if not isinstance(where, list) or not all(isinstance(w, str) for w in where):
        return problem("'where' must be a list of LaTeX strings, e.g. [\"x \\\\in \\\\mathbb{R}^n\"]")
    functions = declared.get("functions", {})
    if not isinstance(functions, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                  for k, v in functions.items()):
        return problem("'functions' must map letters to built-in names, e.g. {\"S\": \"softmax\"}")
    where = [w.strip() for w in where if w.strip()]
    if not where and not functions:
        return problem("it declares nothing: give 'where' or 'functions'")
    return Directive(tuple(where), tuple((k.strip(), v.strip()) for k, v in functions.items()), 1, 1, cell)


def read_notebook(text: str) -> tuple[list[Formula | Directive], str | None]:
    """Items in reading order, and a schema problem that did not stop the reading (else None).

    Raises ValueError, with line and column, if the text is not notebook JSON at all.
    nbformat's three steps (read, convert to version 4, validate) are called one by one so that a
    schema problem is returned here instead of being logged on stderr by ``nbformat.reads``.
    """
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg}); "
                         "a notebook is JSON: open and save it in Jupyter, or fix the JSON") from None
    problem = None
    try:
        notebook = nbformat.convert(nbformat.reader.reads(text), 4)
    except Exception as exc:  # nbformat raises many kinds on JSON that is not a notebook
        raise ValueError(f"not a Jupyter notebook ({type(exc).__name__}: {exc}); "
                         "open and save it in Jupyter (nbformat 4)") from None
    try:
        with warnings.catch_warnings():  # e.g. MissingIDFieldWarning: the schema problem says enough
            warnings.simplefilter("ignore")
            nbformat.validate(notebook)
    except nbformat.ValidationError as exc:
        problem = ("the notebook does not follow the nbformat 4 schema "
                   f"({getattr(exc, 'message', str(exc)).splitlines()[0]}); its cells were read anyway")
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        raise ValueError("not a Jupyter notebook: it has no list of 'cells'")
    items: list[Formula | Directive] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            continue
        directive = metadata_directive(cell.get("metadata"), number)
        if directive:
            items.append(directive)
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if cell.get("cell_type") == "markdown" and isinstance(source, str):
            items += markdown_items(source, cell=number)
    return items, problem


def notebook_items(text: str) -> list[Formula | Directive]:
    """Formulas and directives of a notebook's JSON text; ValueError if it is not notebook JSON."""
    return read_notebook(text)[0]
