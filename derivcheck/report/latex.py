"""LaTeX proofs a person can read: a SymPy ``LatexPrinter`` with the course's notation, and the
document writer that lays out each claim, the proof the prover actually did, and the numbers.

Notation lives in ``DerivcheckLatexPrinter``: one ``_print_<Class>`` per SymPy node that would
otherwise print under its SymPy name (σ for ``sigmoid``, H for ``Heaviside``, 𝟏_{x>0} for a 0/1
``Piecewise``, δ_{ij}, ⊙, ᵀ, diag, ln). To teach it a new function, add a ``_print_<ClassName>``
method; it takes precedence over a ``_latex`` method on the class, so the notation stays in
one place.

The writer never invents a step: every line of a proof chain is a ``Step`` recorded by the
prover (``proof.py``), with its rule as the justification. The output uses only ``amsmath`` and
``amssymb`` so it compiles on a basic TeX Live install.
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime, timezone
from typing import Iterable, Sequence

from sympy import Add, Eq, Expr, Function, Ge, Gt, Le, Lt, Piecewise, S, Symbol, oo
from sympy.printing.latex import LatexPrinter

from ..core.claim import Claim, Domain
from ..core.functions import NamedFunction
from ..core.proof import CaseSplit, Induction, Phrase, Proof, Step, reason
from ..core.tex import latex_text
from ..core.text import ReadableBinders, split_name, text
from ..core.verdict import Result, Verdict

__all__ = ["DerivcheckLatexPrinter", "latex", "latex_text", "render_claim", "render_document", "PREAMBLE"]


class DerivcheckLatexPrinter(ReadableBinders, LatexPrinter):
    """SymPy's LaTeX printer with the notation of the course notes (ln, σ, H, 𝟏, δ_{ij}, ⊙, ᵀ);
    bound indices under readable names (``core.text.readable_binders``), as in the text printer."""

    printmethod = "_latex"
    _default_settings = {**LatexPrinter._default_settings, "ln_notation": True, "full_prec": False}

    def _print(self, expr, **kwargs):
        # Our notation wins over a class's own ``_latex`` (sympy consults that first).
        own = getattr(type(self), f"_print_{type(expr).__name__}", None)
        if own is not None and own.__qualname__.startswith(DerivcheckLatexPrinter.__name__):
            return own(self, expr, **kwargs)
        if isinstance(expr, NamedFunction) and type(expr)._latex is NamedFunction._latex:
            return self._print_named(expr, exp=kwargs.get("exp"))
        tex = super()._print(expr, **kwargs)
        if isinstance(expr, Function):
            tex = _plain_call(tex)
        return tex

    # -- named functions of derivcheck.functions ---------------------------------------------
    def _head(self, head: str, args: str, exp=None) -> str:
        if exp is not None:
            head = f"{head}^{{{exp}}}"
        if re.search(r"\\frac|\\sum|\\begin|\\lim|\\left|\\prod|\\int", args):
            return rf"{head}\left({args}\right)"
        return f"{head}({args})"  # no \left: σ(x), not σ (x)

    def _print_named(self, expr, exp=None):
        """σ(x), \\operatorname{GELU}(x), LeakyReLU_α(x): the head the function's class declares."""
        args, parameter = expr.split_parameter()
        head = type(expr).latex_name or rf"\operatorname{{{type(expr).__name__}}}"
        if parameter is not None:
            head = rf"{head}_{{{self._print(parameter)}}}"
        return self._head(head, ", ".join(self._print(a) for a in args), exp)

    def _print_FunctionClass(self, expr):
        """A function by itself ("unfold the definition of σ"): its head."""
        if issubclass(expr, NamedFunction):
            return expr.latex_name or rf"\operatorname{{{expr.__name__}}}"
        return super()._print_FunctionClass(expr)

    def _print_UnitStep(self, expr, exp=None):
        """The prover's step on an excluded kink (1 for u > 0, 0 for u < 0): H(u), never at u = 0."""
        return self._head("H", self._print(expr.args[0]), exp)

    def _print_Heaviside(self, expr, exp=None):
        """H(x); the document states the convention H(0) = ½. Another H(0) is shown as a subscript."""
        arg = self._print(expr.args[0])
        head = "H" if len(expr.args) == 1 or expr.args[1] == S.Half else rf"H_{{{self._print(expr.args[1])}}}"
        return self._head(head, arg, exp)

    def _print_Max(self, expr, exp=None):
        return self._head(r"\max", ", ".join(self._print(a) for a in expr.args), exp)

    def _print_Min(self, expr, exp=None):
        return self._head(r"\min", ", ".join(self._print(a) for a in expr.args), exp)

    # -- piecewise: indicators as 1_{cond}, the rest as cases ---------------------------------
    def _print_Piecewise(self, expr):
        args = expr.args
        if len(args) == 2 and args[1].cond == S.true:
            (v1, c1), (v2, _) = args
            if v1 == 1 and v2 == 0:
                return self._indicator(c1)
            if v1 == 0 and v2 == 1:
                return self._indicator(_negate(c1))
        rows = []
        for value, cond in args:
            if cond == S.true:
                rows.append(rf"{self._print(value)} & \text{{otherwise}}")
            else:
                rows.append(rf"{self._print(value)} & \text{{if }} {self._print(cond)}")
        return r"\begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"

    def _indicator(self, cond) -> str:
        return rf"\mathbf{{1}}_{{{self._print(cond)}}}"

    # -- index notation ------------------------------------------------------------------------
    def _print_Indexed(self, expr):
        """x_{i}, W_{k,l}: an entry of an array."""
        base = self._print(expr.base)
        base = f"{{{base}}}" if "_" in base or "^" in base else base
        return f"{base}_{{{','.join(self._print(i) for i in expr.indices)}}}"

    def _print_KroneckerDelta(self, expr, exp=None):
        i, j = (self._print(a) for a in expr.args)
        sep = "" if len(i) == 1 and len(j) == 1 else ","
        tex = rf"\delta_{{{i}{sep}{j}}}"
        return rf"\left({tex}\right)^{{{exp}}}" if exp is not None else tex

    # -- matrices ------------------------------------------------------------------------------
    def _print_Transpose(self, expr):
        arg = expr.arg
        inner = self._print(arg)
        if not (arg.is_Symbol or getattr(arg, "is_MatrixSymbol", False) or type(arg).__name__ == "MatrixSymbol"):
            inner = rf"\left({inner}\right)"
        return rf"{inner}^{{\top}}"

    def _print_HadamardProduct(self, expr):
        return r" \odot ".join(self.parenthesize(a, 1000 - 1) if isinstance(a, Add) else self._print(a) for a in expr.args)

    def _print_DiagMatrix(self, expr):
        return rf"\operatorname{{diag}}\left({self._print(expr.args[0])}\right)"

    _print_DiagonalizeVector = _print_DiagMatrix

    def _print_DiagonalOf(self, expr):
        return rf"\operatorname{{diagvec}}\left({self._print(expr.args[0])}\right)"

    def _print_Subs(self, subs):
        """A value at a point: E|_{x=1}; a point with many coordinates is named (P_1) and spelled
        out once after the formula by ``render_claim`` (see ``_POINTS``)."""
        expr, old, new = subs.args
        if len(old) <= 2:
            return super()._print_Subs(subs)
        key = tuple(zip(old, new))
        name = _POINTS.setdefault(key, f"P_{{{len(_POINTS) + 1}}}")
        return rf"\left. {self._print(expr)} \right|_{{{name}}}"

    def _print_Symbol(self, expr, style="plain"):
        """Names may hold Unicode (i′, α): translate it so pdflatex can typeset the name. A bound
        index prints under its readable name; an entry made a scalar ("x[3]") as x_{3}."""
        stem, index, primes = split_name(self._name(expr))
        if not stem.isascii():
            stem = "".join(_NAME_UNICODE.get(ch, ch if ord(ch) < 128 else f"u{ord(ch):x}") for ch in stem)
        tex = super()._print_Symbol(Symbol(stem), style)
        if index is not None:
            tex = (f"{{{tex}}}" if "_" in tex or "^" in tex else tex) + f"_{{{index}}}"
        return tex + "'" * primes

    def _print_Dummy(self, expr):
        return self._print_Symbol(expr)


_NAME_UNICODE = {"′": "'", "″": "''", "ʹ": "'", **{chr(c): n for c, n in (
    (0x3B1, "alpha"), (0x3B2, "beta"), (0x3B3, "gamma"), (0x3B4, "delta"), (0x3B5, "epsilon"), (0x3B7, "eta"),
    (0x3B8, "theta"), (0x3BB, "lambda"), (0x3BC, "mu"), (0x3C0, "pi"), (0x3C1, "rho"), (0x3C3, "sigma"),
    (0x3C4, "tau"), (0x3C6, "phi"), (0x3C9, "omega"))}}


# Points of long substitutions named while printing one claim: {((old, new), ...): "P_{1}"}.
_POINTS: dict = {}


def _points_text() -> list[str]:
    """The named points printed so far, spelled out, and forget them."""
    if not _POINTS:
        return []
    out = []
    for key, name in _POINTS.items():
        coords = r",\; ".join(f"{latex_breakable(o)} = {latex_breakable(n)}" for o, n in key)
        out.append(rf"{{\raggedright where ${name}$ is the point ${coords}$.\par}}")
    _POINTS.clear()
    return out


_CALL = re.compile(r"^(\\[A-Za-z]+|\\operatorname\{\w+\}|[A-Za-z]\w*)(\^\{[^{}]*\})?\{\\left\((.*) \\right\)\}$", re.S)
_TALL = re.compile(r"\\frac|\\sum|\\begin|\\lim|\\left|\\prod|\\int")


def _plain_call(tex: str) -> str:
    r"""``\tanh{\left(x \right)}`` -> ``\tanh(x)``: plain parentheses around a flat argument
    (SymPy's ``\left(`` adds a space after the name: "tanh (x)")."""
    m = _CALL.match(tex)
    if not m or _TALL.search(m.group(3)):
        return tex
    return f"{m.group(1)}{m.group(2) or ''}({m.group(3)})"


def _negate(cond):
    """The complement of a relational, as the relation a person writes (x ≤ 0 -> x > 0)."""
    try:
        return cond.negated
    except AttributeError:
        return ~cond


_PRINTER = DerivcheckLatexPrinter()


def latex(expr) -> str:
    """``expr`` in the project's LaTeX notation (no surrounding $)."""
    return _PRINTER.doprint(expr)


def _tt(name: str) -> str:
    """An identifier in typewriter type; ``\\char95`` is cmtt's real underscore, so the PDF's text
    (copy-paste, pdftotext) holds the id as typed."""
    return rf"\texttt{{{latex_text(name, math_hints=False)}}}".replace(r"\_", r"{\char95}")


# --- expressions broken over lines ----------------------------------------------------------------

LINE_WIDTH = 64  # rough count of printed characters per displayed line


def _visible_width(tex: str) -> int:
    """A rough width of typeset LaTeX: fractions count their wider part, commands one char."""
    tex = re.sub(r"\\(left|right|bigl|bigr|big|Big)\b\\?.?", "", tex)
    tex = re.sub(r"\\(operatorname|text|mathbf|substack)\{([^{}]*)\}", r"\2", tex)
    tex = re.sub(r"\\[a-zA-Z]+", "x", tex)  # commands (\sigma, \max) count as one character...
    tex = tex.replace("xfrac{", "\\frac{")  # ...except \frac, measured below
    while True:  # innermost groups first: a script group is its text; \frac{a}{b} is the wider of a, b
        new = re.sub(r"[\^_]\{([^{}]*)\}", r"\1", tex)
        new = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", lambda m: max(m.groups(), key=len), new)
        new = re.sub(r"(?<![\\^_])\{([^{}]*)\}", r"\1", new)
        if new == tex:
            break
        tex = new
    return len(re.sub(r"[{}\s]|\^|_", "", tex))


HUGE_WIDTH = 90  # a line wider than this cannot sit in a display: it becomes breakable text
_HUGE_PRINTER = DerivcheckLatexPrinter({"long_frac_ratio": 2})  # \frac{long}{2} -> \frac{1}{2} (long)


def latex_breakable(expr) -> str:
    r"""``expr`` as inline math TeX may break across lines: no ``\left…\right`` groups (they are
    unbreakable boxes), so a line can end after any + or − at any depth of plain parentheses."""
    tex = _HUGE_PRINTER.doprint(expr)
    tex = re.sub(r"\\(left|right)\.", "", tex)
    tex = re.sub(r"\\left(?=[(\[|]|\\\{|\\lfloor|\\lceil|\\langle)", r"\\bigl", tex)
    tex = re.sub(r"\\right(?=[)\]|]|\\\}|\\rfloor|\\rceil|\\rangle)", r"\\bigr", tex)
    return tex


def _is_huge(expr) -> bool:
    return any(_visible_width(line) > HUGE_WIDTH for line in latex_lines(expr))


def latex_lines(expr: Expr, width: int = LINE_WIDTH) -> list[str]:
    """``expr`` as one or more lines: a long sum is cut between its terms."""
    whole = latex(expr)
    if _visible_width(whole) <= width or not isinstance(expr, Add):
        return [whole]
    terms = _PRINTER._as_ordered_terms(expr, order=None)
    lines: list[str] = []
    current = ""
    for index, term in enumerate(terms):  # each term with the bound-index names of the whole line
        if index == 0:
            piece = _PRINTER.part(term, expr)
        elif term.could_extract_minus_sign():
            inner = _PRINTER.part(-term, expr)
            piece = " - " + (rf"\left({inner}\right)" if isinstance(-term, Add) else inner)
        else:
            piece = " + " + _PRINTER.part(term, expr)
        if current and _visible_width(current + piece) > width:
            lines.append(current)
            current = piece.strip()
        else:
            current += piece
    lines.append(current)
    return lines


# --- the pieces of a claim -----------------------------------------------------------------------

_GOAL_REL = {"zero": "=", "nonneg": r"\ge", "pos": ">"}


def _domain_latex(sym, dom: Domain) -> str:
    """The domain as ``Domain.describe`` words it, in math: x ∈ ℝ^{n}, 1 ≤ i ≤ n, n ∈ ℤ, n ≥ 1."""
    name = latex(sym)
    if dom.shape:
        dims = r" \times ".join(latex(d) for d in dom.shape)
        if dom.integer:
            return rf"{name} \in \{{{latex(dom.lo)}, \dots, {latex(dom.hi)}\}}^{{{dims}}}"
        entry = _domain_latex(Symbol(f"{sym}[·]"), dom.element) if (dom.lo, dom.hi) != (-oo, oo) else ""
        return rf"{name} \in \mathbb{{R}}^{{{dims}}}" + (f", {entry}" if entry else "")
    if dom.integer and dom.lo != -oo and dom.hi != oo and not S(dom.hi).is_number:
        return rf"{latex(dom.lo)} \le {name} \le {latex(dom.hi)}"
    if dom.integer:
        parts = [rf"{name} \in \mathbb{{Z}}"]
        if dom.lo != -oo:
            parts.append(rf"{name} \ge {latex(dom.lo)}")
        if dom.hi != oo:
            parts.append(rf"{name} \le {latex(dom.hi)}")
        return ", ".join(parts)
    if dom.lo == -oo and dom.hi == oo:
        return rf"{name} \in \mathbb{{R}}"
    lt_lo = "<" if dom.lo_open else r"\le"
    lt_hi = "<" if dom.hi_open else r"\le"
    left = "" if dom.lo == -oo else f"{latex(dom.lo)} {lt_lo} "
    right = "" if dom.hi == oo else f" {lt_hi} {latex(dom.hi)}"
    return f"{left}{name}{right}"


def scope_latex(claim: Claim) -> str:
    """Where the claim holds, as inline math pieces joined by commas."""
    parts = [_domain_latex(s, d) for s, d in claim.variables.items()]
    parts += [latex(c) for c in claim.conditions]
    return ", ".join(f"${p}$" for p in parts) or "no free variables"


def _value_latex(value) -> str:
    if isinstance(value, str):
        if re.fullmatch(r"-?\d+/\d+", value):
            num, den = value.split("/")
            sign = "-" if num.startswith("-") else ""
            return rf"{sign}\tfrac{{{num.lstrip('-')}}}{{{den}}}"
        return latex_text(value)
    if isinstance(value, float):
        text = f"{value:.6g}"
        if "e" in text:
            mant, ex = text.split("e")
            return rf"{mant} \cdot 10^{{{int(ex)}}}"
        return text
    return str(value)


def _name_latex(name: str) -> str:
    """A counterexample key ("x", "alpha", "x[3]") as math."""
    m = re.fullmatch(r"([A-Za-z_]\w*)\[(.+)\]", name)
    if m:
        return rf"{latex(Symbol(m.group(1)))}_{{{latex_text(m.group(2))}}}"
    if re.fullmatch(r"[A-Za-z_]\w*", name):
        return latex(Symbol(name))
    return latex_text(name)


def _float_latex(v: float) -> str:
    mant, ex = f"{v:.1e}".split("e")
    return rf"{mant} \cdot 10^{{{int(ex)}}}" if v else "0"


_VERDICT_WORDS = {
    Verdict.PROVEN: "proof found and numerically confirmed",
    Verdict.CHECKED: "numerically checked, no proof",
    Verdict.REFUTED: "false: counterexample below",
    Verdict.ERROR: "error: see message",
    Verdict.TIMEOUT: "time limit reached",
}


def verdict_box(verdict: Verdict) -> str:
    return rf"\fbox{{\textbf{{{verdict.value}}}}}~\textit{{({_VERDICT_WORDS[verdict]})}}"


# --- proofs ---------------------------------------------------------------------------------------


RULE_WIDTH = 48  # characters of a justification that fit beside a step; longer ones wrap


def words_latex(words: str, *, capital: bool = False) -> str:
    """A proof's words (a rule, a case, a reason) for text mode: a ``Phrase``'s terms typeset as
    math by ``latex()``, the words around them escaped by ``latex_text``; ``capital`` capitalises
    the first word (never the rest, unlike ``str.capitalize``: "LeakyReLU" stays)."""
    if not isinstance(words, Phrase):
        return latex_text(words[:1].upper() + words[1:] if capital else words)
    out: list[str] = []
    math = False  # whether ``out`` ends in math, which a relation sign and a next term extend: $1 \le k \le n$
    for literal, term in words.pieces():
        if capital and not out:
            literal = literal[:1].upper() + literal[1:]
        if math and term is not None and not isinstance(term, str) and literal.strip() in _RELATION_TEX:
            out[-1] = out[-1][:-1] + f" {_RELATION_TEX[literal.strip()]} {latex(term)}$"
            continue
        out.append(latex_text(literal))
        math = term is not None and not isinstance(term, str)
        if term is not None:
            out.append(f"${latex(term)}$" if math else latex_text(term))
    return "".join(out)


_RELATION_TEX = {"≤": r"\le", "≥": r"\ge", "<": "<", ">": ">", "=": "=", "≠": r"\ne"}


def _rule_text(rule: str) -> str:
    if len(rule) > RULE_WIDTH:
        return rf"\parbox[t]{{0.45\textwidth}}{{\raggedleft\footnotesize {words_latex(rule)}}}"
    return rf"\text{{\footnotesize {words_latex(rule)}}}"


def _link(expr) -> str:
    """How a step relates to the previous one: = between expressions, ⇔ between statements."""
    return "=" if isinstance(expr, Expr) else r"\iff"


def _chain(start: Expr, steps: Sequence[Step], relation: str | None = None, conclusion: str = "") -> list[str]:
    """``start = e1 = e2 ...`` as align* rows, each step justified by its rule.

    ``relation`` ("zero", "nonneg", "pos") closes the chain with ``= 0``/``≥ 0``/``> 0`` when the
    last expression is not already 0; None leaves it open (a case split follows).
    """
    if _is_huge(start) or any(_is_huge(step.expr) for step in steps):
        return _paragraph_chain(start, steps, relation, conclusion)
    rows: list[str] = []
    steps = list(steps)
    first = latex_lines(start)
    tag = ""
    if len(steps) == 1 and steps[0].expr == start and len(first) == 1:
        # The one step restates its start ("take the branches of this case"): say it in a sentence.
        lead = f"{words_latex(steps[0].rule, capital=True)}: ${first[0]}$"
        end = "" if relation is None or (relation == "zero" and start == 0) else rf" ${_GOAL_REL[relation]} 0$"
        why = reason(conclusion)
        if end and why:
            end += f" ({words_latex(why)})"
        return [lead + end + "." + "\n"]
    if steps and steps[0].expr == start:  # the step restates its start (e.g. "take the branches")
        tag = rf" \tag*{{{_rule_text(steps.pop(0).rule)}}}"
    rows.append("&" + first[0] + (tag if len(first) == 1 else ""))
    rows += [r"&\qquad " + more for more in first[1:]]
    if len(first) > 1 and tag:
        rows[-1] += tag
    for step in steps:
        lines = latex_lines(step.expr)
        rows.append(f"&{_link(step.expr)} {lines[0]} " + rf"\tag*{{{_rule_text(step.rule)}}}")
        rows += [r"&\qquad " + more for more in lines[1:]]
    last = steps[-1].expr if steps else start
    if relation is not None and (relation != "zero" or last != 0):
        why = reason(conclusion)
        rows.append(rf"&{_GOAL_REL[relation]} 0" + (rf" \tag*{{{_rule_text(why)}}}" if why else ""))
    return [r"\begin{align*}", " \\\\\n".join(rows), r"\end{align*}"]


def _paragraph_chain(start: Expr, steps: Sequence[Step], relation: str | None, conclusion: str) -> list[str]:
    """The chain as ragged paragraphs, for expressions too long for any display line."""
    out = [r"{\raggedright", rf"$\displaystyle {latex_breakable(start)}$\par"]
    for step in steps:
        out.append(rf"\textit{{\footnotesize {words_latex(step.rule)}:}}\\*")
        out.append(rf"$\displaystyle {{}}{_link(step.expr)} {latex_breakable(step.expr)}$\par")
    last = steps[-1].expr if steps else start
    if relation is not None and (relation != "zero" or last != 0):
        why = reason(conclusion)
        out.append(rf"${_GOAL_REL[relation]} 0$" + (rf" \textit{{\footnotesize ({words_latex(why)})}}" if why else "") + r"\par")
    out.append("}")
    return out


def _substitution_text(proof: Proof, claim_names: set[str]) -> list[str]:
    if not proof.substitution:
        return []
    pieces = []
    fresh = set()
    for old, new in proof.substitution:
        pieces.append(f"${latex(old)} = {latex(new)}$")
        fresh |= {s for s in new.free_symbols if s.is_positive and str(s) not in claim_names}
    where = ""
    if fresh:
        where = " with " + ", ".join(f"${latex(s)} > 0$" for s in sorted(fresh, key=str))
    return [rf"Substitute {', '.join(pieces)}{where}." + "\n"]


def _case_labels(split: CaseSplit) -> list[str]:
    """Each case's condition as math: a ``Phrase`` typesets its own terms; plain words that spell
    the signs (+, −, 0) of ``split.on`` in the prover's order are set as those relations."""
    signs = list(itertools.product((1, -1, 0), repeat=len(split.on)))
    rel = {1: ">", -1: "<", 0: "="}
    labels = []
    for index, case in enumerate(split.cases):
        if isinstance(case.condition, Phrase):
            labels.append(words_latex(case.condition))
            continue
        if len(signs) == len(split.cases):
            pattern = signs[index]
            as_text = ", ".join(f"{text(h)} {rel[s]} 0" for h, s in zip(split.on, pattern))
            if as_text == case.condition:
                labels.append(", ".join(f"${latex(h)} {rel[s]} 0$" for h, s in zip(split.on, pattern)))
                continue
        labels.append(words_latex(case.condition))  # unknown layout: the prover's own words
    return labels


def render_proof(proof: Proof, claim_names: set[str]) -> list[str]:
    """One proof (or a case's sub-proof): substitution, chain, case splits, in the prover's order."""
    out = _substitution_text(proof, claim_names)
    if all(isinstance(n, Step) for n in proof.steps):
        out.extend(_chain(proof.goal.expr, proof.steps, proof.goal.relation, proof.conclusion))
        return out
    current = proof.goal.expr
    pending: list[Step] = []
    for node in proof.steps:
        if isinstance(node, Step):
            pending.append(node)
            continue
        if pending:
            out.extend(_chain(current, pending))
            current = pending[-1].expr
            pending = []
        out.append(_render_node(node, claim_names))
    if pending:
        out.extend(_chain(current, pending, proof.goal.relation, proof.conclusion))
    elif proof.conclusion:
        last = next((n.expr for n in reversed(proof.steps) if isinstance(n, Step)), proof.goal.expr)
        why = reason(proof.conclusion)
        out.append(f"${latex(last)} {_GOAL_REL[proof.goal.relation]} 0$" + (f": {words_latex(why)}" if why else "") + ".\n")
    return out


def _render_node(node, claim_names: set[str]) -> str:
    """A structured node: a case split, an induction (base case and step), or one we do not know."""
    if isinstance(node, CaseSplit):
        return _render_split(node, claim_names)
    if isinstance(node, Induction):
        on, base = latex(node.on), latex(node.base)
        lines = [rf"\noindent {words_latex(node.rule, capital=True)} on ${on} \ge {base}$:", r"\begin{itemize}",
                 rf"\item \textbf{{Base case}} ${on} = {base}$. "]
        lines.extend(render_proof(node.base_case, claim_names))
        lines.append(rf"\item \textbf{{Step}} ${on} \to {on} + 1$, assuming ${latex(node.hypothesis)}$. ")
        lines.extend(render_proof(node.step_case, claim_names))
        lines.append(r"\end{itemize}")
        return "\n".join(lines)
    # A node type this writer does not know yet: its rule, never a made-up step.
    return rf"\noindent {words_latex(getattr(node, 'rule', type(node).__name__))} ({latex_text(type(node).__name__)})." + "\n"


def _render_split(split: CaseSplit, claim_names: set[str]) -> str:
    on = ", ".join(f"${latex(h)}$" for h in split.on)
    head = words_latex(split.rule, capital=True) + (f" on the sign of {on}" if split.rule == "case split" else "")
    lines = [rf"\noindent {head}:", r"\begin{itemize}"]
    for label, case in zip(_case_labels(split), split.cases):
        lines.append(rf"\item \textbf{{Case}} {label}. ")
        if case.proof is None:
            lines.append(words_latex(case.note or "excluded", capital=True) + ".")
        else:
            lines.extend(render_proof(case.proof, claim_names))
    lines.append(r"\end{itemize}")
    return "\n".join(lines)


def _statement_latex(claim: Claim) -> str:
    if any(_is_huge(rel) for rel in claim.statement):
        return "\n".join(rf"{{\raggedright $\displaystyle {latex_breakable(rel)}$\par}}" for rel in claim.statement)
    rows = [latex(rel) for rel in claim.statement]
    if len(rows) == 1:
        return "\\begin{equation*}\n" + rows[0] + "\n\\end{equation*}"
    return "\\begin{gather*}\n" + " \\\\\n".join(rows) + "\n\\end{gather*}"


def _goal_sentence(proof: Proof, claim: Claim) -> str:
    rel = claim.statement[proof.part] if proof.part < len(claim.statement) else None
    if isinstance(rel, Eq):
        what = "left side minus right side"
    elif isinstance(rel, (Le, Lt)):
        what = "right side minus left side"
    elif isinstance(rel, (Ge, Gt)):
        what = "left side minus right side"
    else:
        what = "the difference"
    goal = f"${latex(proof.goal.expr)} {_GOAL_REL[proof.goal.relation]} 0$"
    if _visible_width(latex(proof.goal.expr)) > LINE_WIDTH or proof.goal.expr.has(Piecewise):
        goal = rf"that ({what.replace(' minus ', ') $-$ (')}) ${_GOAL_REL[proof.goal.relation]} 0$"
    else:
        goal = f"{goal} ({what})"
    return rf"We show {goal}. Method: \emph{{{latex_text(proof.method)}}}." + "\n"


def _evidence_text(claim: Claim, result: Result) -> list[str]:
    ev = result.evidence
    if ev is None:
        return [r"\noindent\textbf{Numeric evidence.} None (the numeric check did not finish)." + "\n"]
    domain = scope_latex(claim) if ev.domain == claim.scope else latex_text(ev.domain)
    if ev.refuted:
        return [rf"\noindent\textbf{{Numeric evidence.}} The spot-check sampled from {domain} (seed {ev.seed}) and"
                rf" found the counterexample above after {ev.points} agreeing points." + "\n"]
    text = (rf"\noindent\textbf{{Numeric evidence.}} {ev.points} point{'' if ev.points == 1 else 's'} sampled from {domain}"
            rf" (seed {ev.seed}); largest absolute error ${_float_latex(ev.max_abs_error)}$, largest relative error"
            rf" ${_float_latex(ev.max_rel_error)}$")
    if ev.false_alarms:
        text += rf"; {ev.false_alarms} float64 disagreement(s) dismissed at 60 digits"
    if ev.undefined:
        text += rf"; {ev.undefined} point(s) where a side is undefined were skipped"
    if ev.unreached:
        text += rf"; {ev.unreached} point(s) whose values were out of reach were skipped"
    return [text + ".\n"]


def _counterexample_text(claim: Claim, result: Result) -> list[str]:
    ev = result.evidence
    if ev is None or ev.counterexample is None:
        return []
    at = ", ".join(f"${_name_latex(k)} = {_value_latex(v)}$" for k, v in ev.counterexample.items())
    part = ev.part if ev.part is not None else 0
    rel = claim.statement[part] if part < len(claim.statement) else None
    sides = ""
    if rel is not None:
        sides = (rf": the left side ${latex(rel.lhs)}$ is ${latex_text(str(ev.lhs_value))}$"
                 rf" and the right side ${latex(rel.rhs)}$ is ${latex_text(str(ev.rhs_value))}$")
    return [rf"\noindent\textbf{{Counterexample.}} At {at}{sides} (confirmed at 60 digits)." + "\n"]


def _sentence(message: str) -> str:
    message = message.strip()
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def provenance_latex(claim: Claim) -> str:
    """Where the claim comes from: each source's document and question, and for a seed solution
    what the student wrote there (verbatim, in typewriter type: the student's LaTeX is shown, not run)."""
    items = []
    for source in claim.source:
        if source.is_seed:
            text = rf"{latex_text(source.title, math_hints=False)} ({_tt(source.document)}), {latex_text(source.place, math_hints=False)}"
        else:
            text = latex_text(str(source), math_hints=False)
        if source.excerpt:  # a line may break before any of the student's commands
            text += ". As written there: " + _tt(source.excerpt).replace(r"\textbackslash{}", r"\allowbreak\textbackslash{}")
        items.append(text + ".")
    if len(items) <= 1:
        body = r"\paragraph{Source.} " + (items[0] if items else "not given.")
    else:
        body = "\\paragraph{Source.}\n\\begin{itemize}\\setlength{\\itemsep}{0pt}\n" + "\n".join(rf"\item {i}" for i in items) + "\n\\end{itemize}"
    return "{\\sloppy\n" + body + "\\par}"  # sloppy: ids and LaTeX in typewriter type are long words


def render_claim(claim: Claim, result: Result) -> str:
    """One claim as a LaTeX fragment (a \\subsection); needs amsmath and amssymb."""
    names = {str(s) for s in claim.variables}
    _POINTS.clear()
    out = [
        rf"\subsection{{{latex_text(claim.title)}}}\label{{claim:{claim.id}}}",
        rf"\noindent Id: {_tt(claim.id)} \hfill Topic: {latex_text(claim.topic)}\\",
        rf"Verdict: {verdict_box(result.verdict)}" + "\n",
        r"\paragraph{Claim.}",
        _statement_latex(claim),
        *_points_text(),
        (rf"for {scope_latex(claim)}." if claim.variables or claim.conditions else "(no free variables)") + (r" Checked numerically for sampled sizes only." if claim.sizes and not result.generic else ""),
    ]
    if claim.notes:
        out.append(rf"\emph{{{latex_text(claim.notes)}}}")
    out.append(provenance_latex(claim))
    out.append("")
    if result.verdict is Verdict.PROVEN and result.proofs:
        for proof in result.proofs:
            label = "Proof" if len(claim.statement) == 1 else f"Proof of relation {proof.part + 1}"
            out.append(rf"\paragraph{{{label}.}} " + _goal_sentence(proof, claim))
            out.extend(render_proof(proof, names))
            out.extend(_points_text())
            out.append(r"\hfill$\square$" + "\n")
    elif result.verdict is Verdict.CHECKED:
        out.append(r"\paragraph{No proof.} \textbf{Numerically checked, no proof.} "
                   + latex_text(_sentence(result.message or "no strategy found a proof")) + "\n")
    elif result.verdict is Verdict.REFUTED:
        out.append(r"\paragraph{Refuted.} The claim is false." + "\n")
        out.extend(_counterexample_text(claim, result))
    elif result.message:
        out.append(rf"\paragraph{{{result.verdict.value.capitalize()}.}} " + latex_text(result.message) + "\n")
    out.extend(_evidence_text(claim, result))
    return "\n".join(out) + "\n"


# --- the document ----------------------------------------------------------------------------------

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage{amsmath}
\usepackage{amssymb}
\setlength{\textwidth}{6.5in}
\setlength{\oddsidemargin}{0in}
\setlength{\evensidemargin}{0in}
\setlength{\textheight}{9in}
\setlength{\topmargin}{-0.5in}
\setlength{\parindent}{0pt}
\setlength{\parskip}{4pt}
\allowdisplaybreaks
"""

_SUMMARY_ROWS = 40  # rows per summary table (no longtable: amsmath and amssymb only)


def _summary(claims: Sequence[Claim], results: Sequence[Result]) -> list[str]:
    out = [r"\section*{Summary}"]
    rows = list(zip(claims, results))
    for start in range(0, len(rows), _SUMMARY_ROWS):
        out += [r"\begin{center}", r"\begin{tabular}{llll}", r"\hline",
                r"claim & verdict & method & time (s) \\", r"\hline"]
        for claim, result in rows[start:start + _SUMMARY_ROWS]:
            out.append(rf"{_tt(claim.id)} & \textbf{{{result.verdict.value}}} & {latex_text(result.method)} & {result.seconds:.2f} \\")
        out += [r"\hline", r"\end{tabular}", r"\end{center}"]
    counts = {v: sum(r.verdict is v for r in results) for v in Verdict}
    out.append(", ".join(f"{n} {v.value}" for v, n in counts.items() if n) + ".\n")
    return out


def render_document(claims: Iterable[Claim], results: Iterable[Result], *, seed: int | None = None,
                    title: str = "derivcheck: proofs of the catalog") -> str:
    """A standalone ``article``: summary table, then one section per topic, one subsection per claim."""
    claims, results = list(claims), list(results)
    if len(claims) != len(results):
        raise ValueError(f"{len(claims)} claims but {len(results)} results")
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = [PREAMBLE, rf"\title{{{latex_text(title)}}}", rf"\date{{{stamp}" + (f", seed {seed}" if seed is not None else "") + "}",
           r"\author{}", r"\begin{document}", r"\maketitle", ""]
    out.append(
        r"\noindent Verdicts: \textbf{PROVEN} means a symbolic proof was found \emph{and} an independent numeric"
        r" check agrees; \textbf{CHECKED} means numerically checked, no proof; \textbf{REFUTED} comes with a"
        r" counterexample confirmed at 60 digits. Each proof shows the steps the prover took, each justified by"
        r" the rule that produced it. Notation: $\sigma(x) = 1/(1+e^{-x})$;"
        r" $\operatorname{softplus}(x) = \ln(1+e^{x})$; $H$ is the Heaviside step with $H(0) = \tfrac12$;"
        r" $\mathbf{1}_{c}$ is $1$ where $c$ holds and $0$ elsewhere; $\delta_{ij}$ is the Kronecker delta." + "\n")
    out += _summary(claims, results)
    topics: dict[str, list[tuple[Claim, Result]]] = {}
    for claim, result in zip(claims, results):
        topics.setdefault(claim.topic, []).append((claim, result))
    for topic, items in topics.items():
        out.append(rf"\section{{{latex_text(topic.replace('_', ' ').capitalize())}}}")
        for claim, result in items:
            out.append(render_claim(claim, result))
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"
