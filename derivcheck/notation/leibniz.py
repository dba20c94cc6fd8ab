r"""Leibniz's d in the vector reader's tokens: ``\frac{d f}{d x}`` is the derivative ∂f/∂x, not d·f / (d·x)."""

from __future__ import annotations

from ..core.errors import LatexParseError
from .vector_lexer import Tok

__all__ = ["leibniz_as_partial"]


def _leibniz_d(toks: list[Tok], k: int) -> int:
    """How many tokens the Leibniz d at ``k`` spans (``d`` 1, ``\\mathrm{d}`` 4), or 0 if there is none."""
    if k < len(toks) and toks[k].kind == "letter" and toks[k].text == "d":
        return 1
    if [t.text for t in toks[k:k + 4]] == [r"\mathrm", "{", "d", "}"]:
        return 4
    return 0


def leibniz_as_partial(toks: list[Tok], where: str = "", d_declared: bool = False) -> list[Tok]:
    r"""``\frac{d f}{d x}``, ``\frac{\mathrm{d}}{\mathrm{d}x}`` as ``\frac{\partial f}{\partial x}``: read as the
    fraction d·f / (d·x) it was a false REFUTED. Only when the numerator opens with d (not d_h, d^2) and the
    denominator is d then a name: ``\frac{d}{d_h}`` stays a ratio of sizes. With d declared (a size, x ∈ ℝ^d) a
    plain d there could be either: refused naming both, unless written \mathrm{d}."""
    out, k = list(toks), 0
    while k < len(out) - 3:
        if out[k].text == r"\frac" and out[k + 1].text == "{":
            top = _leibniz_d(out, k + 2)
            after = out[k + 2 + top] if top and k + 2 + top < len(out) else None
            if top and after is not None and after.text not in ("_", "^"):
                depth, j = 1, k + 2 + top
                while j < len(out) and depth:
                    depth += {"{": 1, "}": -1}.get(out[j].text, 0) if out[j].kind == "sym" else 0
                    j += 1
                bottom = _leibniz_d(out, j + 1) if j < len(out) and out[j].text == "{" else 0
                name = out[j + 1 + bottom] if bottom and j + 1 + bottom < len(out) else None
                if bottom and name is not None and (name.kind == "letter" or name.kind == "cmd" and name.text != r"\partial"):
                    d1, d2 = out[k + 2], out[j + 1]
                    if d_declared and (top == 1 or bottom == 1):
                        raise LatexParseError(f"{where}, column {d1.col}: d is declared, so \\frac{{d …}}{{d …}} is a derivative or "
                                              f"a fraction with the factor d: write \\frac{{\\partial …}}{{\\partial …}} (or "
                                              f"\\mathrm{{d}}) for the derivative, \\cdot for the product")
                    out[j + 1:j + 1 + bottom] = [Tok("cmd", r"\partial", d2.col)]
                    out[k + 2:k + 2 + top] = [Tok("cmd", r"\partial", d1.col)]
        k += 1
    return out
