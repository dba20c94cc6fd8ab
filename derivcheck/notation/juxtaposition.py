r"""Letters written side by side that could mean two things: refused with both readings and what to
write, never read one way silently. Shared by both readers.

* **A one-character subscript followed, with no space, by a letter or digit.** LaTeX prints ``n_W2``
  as n_W then 2 (n_W times 2), but students write it for the name n_{W2}: refused. ``w_{12}``,
  ``W_{ij}x_j`` (braces), ``x_1 y`` (a space), ``x_i^2`` (an operator) are never ambiguous; nor is
  ``x_1x_2`` or ``a_ib_i``: the letter takes a subscript of its own, so it starts the next factor
  (a name has one subscript). Two digits (``x_12``) are the readers' own rule (``_{12}``).
* **Three or more letters side by side with no space** (``Tot``, ``Loss``, ``log`` without its
  backslash): a word used as a name far more often than a product of letters: refused. ``x y z``
  (spaces) or ``x \cdot y \cdot z`` is the product. Letters inside ``\text{…}``, ``\operatorname{…}``
  and the like, and in a subscript or superscript (labels such as ``_{reg}``, ``^{out}``), are not
  words to check.
"""

from __future__ import annotations

import re

from ..core.errors import LatexParseError
from ..core.functions import known_function_names

__all__ = ["ambiguous_juxtaposition", "checked"]

# commands whose brace group holds words or a set's letter, never a product of letters
_WORD_COMMANDS = frozenset("text textrm textit textbf textsf texttt textup textnormal mathrm mathit mathtt mathsf "
                           "mathcal mathscr mathfrak mathbb operatorname label tag begin end mbox hbox".split())
# commands around one name: their closing brace ends a name that may take a subscript (\hat{x}_i2)
_NAME_COMMANDS = frozenset("mathbf boldsymbol bm vec hat tilde bar widehat widetilde overline dot ddot".split())
_GREEK = frozenset((
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho "
    "varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi "
    "Psi Omega ell").split())
# functions written with a backslash: ``log x`` (no backslash) is l·o·g·x
_ELEMENTARY = ("arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "sech", "sin", "cos", "tan", "exp", "log", "ln",
               "max", "min")


def _word_message(run: str, subscript: str | None) -> str:
    product = " \\cdot ".join(run)
    for name in _ELEMENTARY:
        if run.startswith(name) and len(run) <= len(name) + 1:  # log, lnx, tanhx
            rest = run[len(name):]
            written = f"\\{name} {rest}".rstrip()
            return (f"{run} is read as {'·'.join(run)} (letters side by side multiply): write {written} for the function "
                    f"{name}, or {product} for the product")
    if run.lower() in {n.lower() for n in known_function_names()}:
        return (f"{run} is read as {'·'.join(run)} (letters side by side multiply): write \\operatorname{{{run}}}(…) "
                f"for the function, or {product} for the product")
    label = subscript if subscript else run.lower()
    return (f"{run} is read as {'·'.join(run)} or as a name: a name is one letter, with a word as its subscript if "
            f"you like ({run[0]}_{{{label}}}; \\text{{{run}}} is not read as a name); write {run[0]}_{{{label}}} for the "
            f"name, or {product} (or {' '.join(run)}, with spaces) for the product")


def _group_end(text: str, k: int) -> int:
    """Index just past the brace group opening at ``k`` (the end of the text when it never closes)."""
    depth = 0
    for j in range(k, len(text)):
        if text[j] == "\\":
            continue
        if text[j] == "{" and text[j - 1] != "\\":
            depth += 1
        elif text[j] == "}" and text[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(text)


def _script_after(text: str, k: int) -> str | None:
    """The subscript written at ``k`` (just after a name), without its braces, or None."""
    if k < len(text) and text[k] == "_":
        j = k + 1
        while j < len(text) and text[j] == " ":
            j += 1
        if j < len(text) and text[j] == "{":
            return text[j + 1:_group_end(text, j) - 1].strip()
        if j < len(text) and text[j].isascii() and text[j].isalnum():
            return text[j]
    return None


def ambiguous_juxtaposition(text: str) -> tuple[int, str] | None:
    """(column, message) of the first juxtaposition in ``text`` that could mean two things, or None."""
    n = len(text)
    groups: list[tuple[bool, int | None]] = []  # per open brace: a script group?, the name command that opened it
    name_start = name_end = None  # the last name (letter, Greek letter, \hat{x}) and where it ends
    pending_script = False  # the next brace group is a script's
    pending_name: int | None = None  # the next brace group is a name command's (its start)
    k = 0
    while k < n:
        ch = text[k]
        if ch == "\\":
            m = re.match(r"\\([A-Za-z]+)(\*?)", text[k:])
            if not m:
                k += 2
                pending_script = False
                continue
            name = m.group(1)
            after = k + m.end()
            j = after
            while j < n and text[j] == " ":
                j += 1
            if name in _WORD_COMMANDS and j < n and text[j] == "{":
                end = _group_end(text, j)
                if name == "begin":  # \begin{array}{ccc}: the column spec too
                    e2 = end
                    while e2 < n and text[e2] == " ":
                        e2 += 1
                    if e2 < n and text[e2] == "{":
                        end = _group_end(text, e2)
                k = end
                name_start = name_end = None
                pending_script = False
                continue
            if name in _NAME_COMMANDS and j < n and text[j] == "{":
                pending_name = k
                k = j
                continue
            if name in _GREEK:
                name_start, name_end = k, after
            else:
                name_start = name_end = None
            pending_script = False
            k = after
            continue
        if ch == "{":
            groups.append((pending_script, pending_name))
            pending_script, pending_name = False, None
            k += 1
            continue
        if ch == "}":
            opened = groups.pop() if groups else (False, None)
            name_start, name_end = (opened[1], k + 1) if opened[1] is not None else (None, None)
            k += 1
            continue
        if ch in "_^":
            j = k + 1
            while j < n and text[j] == " ":
                j += 1
            if ch == "_" and name_end == k and j + 1 < n and text[j].isascii() and text[j].isalnum() \
                    and text[j + 1].isascii() and text[j + 1].isalnum():
                c, d = text[j], text[j + 1]
                takes_own_subscript = d.isalpha() and j + 2 < n and text[j + 2] == "_"
                if not (c.isdigit() and d.isdigit()) and not takes_own_subscript:
                    base = text[name_start:k]
                    return name_start + 1, (f"{base}_{c}{d} is {base}_{{{c}}}·{d} or the name {base}_{{{c}{d}}}: write "
                                            f"{base}_{{{c}{d}}} for the name, or {base}_{c} \\cdot {d} for the product")
            if j < n and text[j] == "{":
                pending_script = True
                k = j
            elif j < n and text[j] == "\\":  # a command as the script (\theta_\alpha): read past it
                m = re.match(r"\\([A-Za-z]+)", text[j:])
                k = j + (m.end() if m else 2)
            else:
                k = j + 1  # one character
            name_start = name_end = None
            continue
        if ch.isascii() and ch.isalpha():
            e = k
            while e < n and text[e].isascii() and text[e].isalpha():
                e += 1
            run = text[k:e]
            if len(run) >= 3 and not any(g[0] for g in groups):
                return k + 1, _word_message(run, _script_after(text, e))
            name_start, name_end = e - 1, e
            k = e
            continue
        if not ch.isspace():
            name_start = name_end = None
            pending_script = False
        k += 1
    return None


def checked(text: str, where: str) -> str:
    """``text`` itself, or a ``LatexParseError`` ("{where}, column N: …") naming the ambiguous juxtaposition."""
    found = ambiguous_juxtaposition(text)
    if found is not None:
        raise LatexParseError(f"{where}, column {found[0]}: {found[1]}")
    return text
