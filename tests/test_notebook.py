"""The example notebook ``examples/derivcheck_tour.ipynb`` runs and shows the verdicts.

Its code cells always run here, in this process, and each cell's value is rendered as Jupyter
renders it (``_repr_html_``, with the ``_repr_markdown_`` / ``_repr_latex_`` fallbacks). The
notebook also runs in a real kernel (nbclient and ipykernel are test requirements, so CI runs it),
and the outputs the kernel sends are checked the same way.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "derivcheck_tour.ipynb"

# per code cell: the verdict badges its displayed value shows (None: no rich display expected)
EXPECTED_BADGES = [None, ["PROVEN"], ["REFUTED", "PROVEN"], None, ["PROVEN"], ["PROVEN"], ["REFUTED", "PROVEN"], None]


def code_cells() -> list[str]:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def run_cell(source: str, namespace: dict):
    """Run a cell as a kernel does: its statements, then the value of its last expression (or None)."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)
    return eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace) if last is not None else None


def assert_badges(page: str, badges: list[str]) -> None:
    for verdict in badges:
        assert f">{verdict}</span>" in page, (verdict, page[:300])


def test_the_notebook_cells_run_and_display_their_verdicts():
    cells = code_cells()
    assert len(cells) == len(EXPECTED_BADGES)
    namespace: dict = {}
    values = [run_cell(source, namespace) for source in cells]
    for value, badges in zip(values, EXPECTED_BADGES):
        if badges is None:
            continue
        assert_badges(value._repr_html_(), badges)
        assert value._repr_markdown_().startswith(("**", "`")) and value.__class__.__name__ in repr(value)
    assert values[3] == (2, {"x": -1}, ["✓", "✗"])
    assert "for all m, n" in values[4]._repr_html_()
    assert "<details open><summary>proof</summary>" in values[5]._repr_html_()
    assert values[7] == {"PROVEN": 1, "CHECKED": 0, "REFUTED": 1, "ERROR": 0, "TIMEOUT": 0}
    assert values[1]._repr_latex_().startswith(r"$$\begin{array}{l}\textbf{PROVEN}")


def test_the_notebook_runs_in_a_real_kernel():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3").execute()
    code = [c for c in notebook.cells if c.cell_type == "code"]
    for cell, badges in zip(code, EXPECTED_BADGES):
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.outputs
        if badges is None:
            continue
        [result] = [o for o in cell.outputs if o.output_type == "execute_result"]
        assert {"text/html", "text/markdown", "text/latex", "text/plain"} <= set(result.data)
        assert_badges(result.data["text/html"], badges)
