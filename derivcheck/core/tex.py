"""LaTeX text mode for plain words: titles, notes, a proof's rules, messages.

``latex_text`` escapes TeX's specials and maps the Unicode the project writes (σ, ≤, ℝ, ᵀ, ₁...)
to pdflatex-safe LaTeX; with ``math_hints`` the plain-text notation of titles and notes (``1{x>0}``,
``S_i``, ``δ_ij``, ``lim_{k→∞}``) becomes math. The one escaper of the package: the proof document
(``report.latex``) and the answers' feedback document (``answers.feedback``) both use it. An unknown
non-ASCII character is shown as its code point, so a document always compiles.
"""

from __future__ import annotations

import re

__all__ = ["latex_text"]

_TEXT_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"$<$", ">": r"$>$", "|": r"$|$",
}
# Unicode that titles and notes use, as pdflatex-safe LaTeX (amssymb for ℝ, ℤ).
_TEXT_UNICODE = {
    "σ": r"\sigma", "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\varepsilon",
    "η": r"\eta", "θ": r"\theta", "λ": r"\lambda", "μ": r"\mu", "π": r"\pi", "ρ": r"\rho", "τ": r"\tau",
    "φ": r"\varphi", "ω": r"\omega", "Σ": r"\Sigma", "Δ": r"\Delta", "∂": r"\partial", "∇": r"\nabla",
    "−": "-", "·": r"\cdot", "×": r"\times", "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx",
    "∈": r"\in", "→": r"\to", "⇔": r"\Leftrightarrow", "⇒": r"\Rightarrow", "∨": r"\vee", "∧": r"\wedge", "∞": r"\infty",
    "ℝ": r"\mathbb{R}", "ℤ": r"\mathbb{Z}", "ℕ": r"\mathbb{N}", "√": r"\surd", "⊙": r"\odot",
    "⌊": r"\lfloor", "⌋": r"\rfloor", "⌈": r"\lceil", "⌉": r"\rceil", "ᵀ": r"^{\top}", "′": r"'",
    "½": r"\tfrac12", "¼": r"\tfrac14", "¾": r"\tfrac34", "∑": r"\sum",
    "…": r"\ldots", "∀": r"\forall", "∃": r"\exists", "±": r"\pm", "∘": r"\circ", "𝟏": r"\mathbf{1}",
    "ℓ": r"\ell", "‖": r"\|", "ŷ": r"\hat{y}", "″": "''", "‴": "'" * 3, "Π": r"\Pi",
    "✓": r"\checkmark", "✗": r"\times", "Φ": r"\Phi", "Ψ": r"\Psi", "⋆": r"\star", "↦": r"\mapsto",
}
_TEXT_PLAIN = {"–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "é": r"\'e", "è": r"\`e",
               "à": r"\`a", "ç": r"\c{c}", "ö": r"\"o", "ü": r"\"u", "\u00a0": "~"}


# Plain-text math in titles and notes: "1{x>0}", "lim_{k→∞}", "x^{H(x)}", "LeakyReLU_α", "S_i", "δ_ij".
# A one-letter name before the script ("S" of "S_i", not "U" of "ReLU_α") is set in the same math.
_TEXT_MATH = re.compile(r"1\{(?P<ind>[^{}]*)\}|(?:(?<![\w\u0370-\u03ff])(?P<base>[A-Za-z\u0370-\u03ff]))?(?P<op>[_^])"
                        r"(?:\{(?P<braced>[^{}]*)\}|(?P<single>[A-Za-z0-9\u0370-\u03ff]{1,2}|[½¼¾])(?![\w\u0370-\u03ff]))")


_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ⁿⁱᵃˢˡˣ", "0123456789+-()niaslx"))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₍₎ᵢⱼₖₙ", "0123456789+-()ijkn"))
_SCRIPT_RUN = re.compile("([" + "".join(_SUPERSCRIPTS) + "]+|[" + "".join(_SUBSCRIPTS) + "]+)")
# In math: a Unicode script run; a subscript run may be followed by "_k" (entry k of z₁).
_MATH_SCRIPT = re.compile("(?P<sup>[" + "".join(_SUPERSCRIPTS) + "]+)|(?P<sub>[" + "".join(_SUBSCRIPTS) + "]+)(?:_(?P<index>[A-Za-z0-9]))?")


def _math_chars(text: str) -> str:
    """Characters for math mode: Unicode as commands, braces escaped.

    Unicode sub/superscripts become math scripts, and "z₁_k" becomes z_{1,k}: written as two
    subscripts it would be TeX's fatal "Double subscript".
    """
    out, last = [], 0
    for m in _MATH_SCRIPT.finditer(text):
        out.append(_math_plain(text[last:m.start()]))
        if m.group("sup"):
            out.append("^{" + "".join(_SUPERSCRIPTS[c] for c in m.group("sup")) + "}")
        else:
            index = "," + m.group("index") if m.group("index") else ""
            out.append("_{" + "".join(_SUBSCRIPTS[c] for c in m.group("sub")) + index + "}")
        last = m.end()
    out.append(_math_plain(text[last:]))
    return "".join(out)


def _math_plain(text: str) -> str:
    out = []
    for ch in text:
        if ch in "{}":
            out.append("\\" + ch)
        elif ch in _TEXT_UNICODE:
            out.append(_TEXT_UNICODE[ch] + " ")
        elif ord(ch) < 128 and ch not in "\\&%$#~":
            out.append(ch)
        else:
            out.append(latex_text(ch, math_hints=False))
    return "".join(out)


def latex_text(text: str, *, math_hints: bool = True) -> str:
    """Plain text (a title, a note) as LaTeX text mode: specials escaped, Unicode math as math.

    With ``math_hints``, the plain-text notation of titles becomes math: ``1{x>0}`` is an
    indicator, ``_{...}``/``^{...}`` (or one character after ``_``/``^``) a sub/superscript.
    An unknown non-ASCII character is shown as its code point, so the document always compiles.
    """
    if math_hints:
        pieces, last = [], 0
        for m in _TEXT_MATH.finditer(text):
            pieces.append(latex_text(text[last:m.start()], math_hints=False))
            if m.group("ind") is not None:
                pieces.append(rf"$\mathbf{{1}}_{{{_math_chars(m.group('ind'))}}}$")
            else:
                inner = m.group("braced") if m.group("braced") is not None else m.group("single")
                base = _math_chars(m.group("base") or "").rstrip()
                pieces.append(f"${base}{m.group('op')}{{{_math_chars(inner)}}}$")
            last = m.end()
        pieces.append(latex_text(text[last:], math_hints=False))
        return "".join(pieces)
    out = []
    for run in _SCRIPT_RUN.split(text):
        if run and run[0] in _SUPERSCRIPTS:
            out.append(r"\ensuremath{^{" + "".join(_SUPERSCRIPTS[c] for c in run) + "}}")
            continue
        if run and run[0] in _SUBSCRIPTS:
            out.append(r"\ensuremath{_{" + "".join(_SUBSCRIPTS[c] for c in run) + "}}")
            continue
        out.append(_latex_chars(run))
    return "".join(out)




def _latex_chars(text: str) -> str:
    out = []
    for ch in text:
        if ch in _TEXT_SPECIAL:
            out.append(_TEXT_SPECIAL[ch])
        elif ch in _TEXT_UNICODE:
            out.append(rf"\ensuremath{{{_TEXT_UNICODE[ch]}}}")
        elif ch in _TEXT_PLAIN:
            out.append(_TEXT_PLAIN[ch])
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append(rf"\texttt{{[U+{ord(ch):04X}]}}")
    return "".join(out)
