r"""Letters written side by side, and names written before parentheses, that could mean two things:
refused with both readings and what to write, never read one way silently. Shared by both readers.

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
* **A decorated or subscripted name before parentheses** (``\hat{R}(\theta)``, ``R_{reg}(\theta)``):
  the function applied, or the name times it? As for ``f(x)``: refused unless the name is declared
  or defined in ``where`` (``refuse_applied`` in the vector reader, ``subscripted_applied`` on the
  scalar reader's tokens). A defined name before its inputs is the name (``annotation``: o^s(x) is o^s), its
  entry or transpose only if ``where`` wrote it with them (s(x) = …, then s(x)_i; δ (h^s)^T is a product).
* **A letter superscript on a subscripted name** (``o_k^a``) that no ``where`` declares as a tagged
  name, and whose letter is no declared variable: the tag o_k^a or the power (o_k)^a? Refused
  (``tag_or_power``, on the scalar reader's tokens; the vector reader refuses it in ``tagged_entry``).
"""

from __future__ import annotations

import re

from ..core.errors import LatexParseError
from ..core.functions import known_function_names
from .letters import GREEK
from .tree import applied_site

__all__ = ["ambiguous_juxtaposition", "applied_indicator", "checked", "group_end", "refuse_applied", "subscripted_applied", "tag_or_power"]

# commands whose brace group holds words or a set's letter, never a product of letters
_WORD_COMMANDS = frozenset("text textrm textit textbf textsf texttt textup textnormal mathrm mathit mathtt mathsf "
                           "mathcal mathscr mathfrak mathbb operatorname label tag begin end mbox hbox".split())
# commands around one name: their closing brace ends a name that may take a subscript (\hat{x}_i2)
_NAME_COMMANDS = frozenset("mathbf boldsymbol bm vec hat tilde bar widehat widetilde overline dot ddot".split())
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


def group_end(text: str, k: int) -> int:
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
            return text[j + 1:group_end(text, j) - 1].strip()
        if j < len(text) and text[j].isascii() and text[j].isalnum():
            return text[j]
    return None


_INDICATOR = re.compile(r"\\(?:mathbb|mathbf|mathds|boldsymbol)\s*\{\s*[1I]\s*\}\s*")
_RELATION = re.compile(r"[<>=]|\\(?:neq?|leq?|geq?|in|notin)\b")


def applied_indicator(text: str) -> tuple[int, str] | None:
    """``\\mathbf{1}_{\\{x>0\\}}(x)``: the indicator of the set at x (0 or 1), or the indicator times x
    (x·[x > 0], a ReLU)? Both are written (seed 000 defines 1_S(x) as the first): (column, message) or None."""
    for m in _INDICATOR.finditer(text):
        k = m.end()
        if text.startswith("_", k):
            j = k + 1
            while j < len(text) and text[j] == " ":
                j += 1
            end = group_end(text, j) if text.startswith("{", j) else j + 1
        elif text.startswith("[", k) or text.startswith("\\{", k):
            close = "]" if text[k] == "[" else "\\}"
            end = text.find(close, k)
            end = -1 if end < 0 else end + len(close)
        else:
            continue
        if end < 0 or not _RELATION.search(text[k:end]):
            continue
        rest = text[end:].lstrip()
        if rest.startswith("(") or rest.startswith("\\left("):
            written = text[m.start():end].strip()
            return m.start() + 1, (f"{written}(…) is the indicator applied to the argument (0 or 1) or the indicator "
                                   f"times it? Write {written} \\cdot (…) for the product, or drop the (…) for the "
                                   f"indicator's value")
    return None


def ambiguous_juxtaposition(text: str) -> tuple[int, str] | None:
    """(column, message) of the first juxtaposition in ``text`` that could mean two things, or None."""
    found = applied_indicator(text)
    if found is not None:
        return found
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
                end = group_end(text, j)
                if name == "begin":  # \begin{array}{ccc}: the column spec too
                    e2 = end
                    while e2 < n and text[e2] == " ":
                        e2 += 1
                    if e2 < n and text[e2] == "{":
                        end = group_end(text, e2)
                k = end
                name_start = name_end = None
                pending_script = False
                continue
            if name in _NAME_COMMANDS and j < n and text[j] == "{":
                pending_name = k
                k = j
                continue
            if name in GREEK:
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


_DECORATIONS = (r"\hat", r"\tilde", r"\bar")


def refuse_applied(parser, node):
    r"""``\hat{R}(\theta)``, ``R_{reg}(\theta)``, ``\hat{R}_{reg}(\theta)`` in a statement of the vector reader: a
    decorated or subscripted name, then one name in parentheses, that nothing declares or defines (nor lists in
    ``functions``): the function applied, or the name times it? Refused as ``f(x)`` is; else ``node`` as it was."""
    if not parser.strict or not parser.at("(") or not parser._bare_name_in_parentheses():
        return node
    var = node if node[0] == "var" else node[1] if node[0] == "sub" and node[1][0] == "var" else None
    if var is None or var[2] is None or var[1] in parser.names or var[1] in parser.functions:
        return node
    decorated = var[2].text in _DECORATIONS
    if not decorated and node[0] != "sub":
        return node
    start = parser.toks.index(var[2]) if var[2] in parser.toks else parser.i
    shown = "".join(t.text for t in parser.toks[start:parser.i])
    close = next((j for j in range(parser.i, len(parser.toks)) if parser.toks[j].text == ")"), parser.i + 1)
    argument = "".join(t.text for t in parser.toks[parser.i + 1:close])
    parser.fail(f"{shown}({argument}) is ambiguous: the function {shown} applied to ({argument}), or {shown} times it? "
                f"Define {shown} in where ({shown} = …) or write {shown} \\cdot ({argument}) for the product", var[2])


# --- on the scalar reader's tokens (lark tokens: .type, .column) ------------------------------------


def _after_group(toks: list, start: int) -> int:
    """Index just past the brace group opening at ``start`` (or past the one token there)."""
    if start >= len(toks) or toks[start].type != "LBRACE":
        return start + 1
    depth = 0
    for i in range(start, len(toks)):
        depth += {"LBRACE": 1, "RBRACE": -1}.get(toks[i].type, 0)
        if depth == 0:
            return i + 1
    return len(toks)


def _closing(toks: list, start: int) -> int:
    """Index of the ``)`` that closes the ``(`` at ``start`` (len(toks) when none does)."""
    depth = 0
    for i in range(start, len(toks)):
        depth += {"LPAR": 1, "RPAR": -1}.get(toks[i].type, 0)
        if depth == 0:
            return i
    return len(toks)


def _written(text: str, toks: list, k: int, end: int) -> str:
    """``toks[k:end]`` as the source writes them (the tokens joined when the text is not at hand)."""
    if text and end < len(toks) and toks[k].column and toks[end].column:
        return text[toks[k].column - 1:toks[end].column - 1].strip()
    return "".join(str(u) for u in toks[k:end])


def _inside(toks: list, start: int, end: int) -> list:
    group = toks[start:end]
    return group[1:-1] if len(group) > 1 and group[0].type == "LBRACE" and group[-1].type == "RBRACE" else group


def _name_start(toks: list, k: int) -> bool:
    """A letter at ``k`` that starts a name (not a script's letter) and takes a subscript."""
    return toks[k].type in ("LETTER", "GREEK") and not (k and toks[k - 1].type in ("UNDERSCORE", "CARET", "DIFF")) \
        and k + 2 < len(toks) and toks[k + 1].type == "UNDERSCORE"


def tag_or_power(toks: list, declared, text: str) -> tuple[int, str] | None:
    """(column, message) for ``o_k^a`` with letters only in the superscript, none of them a declared variable
    (``o_k^a`` declared as a name was made one token before): the tag o_k^a or the power (o_k)^a?"""
    for k, t in enumerate(toks):
        if not _name_start(toks, k) or (t.type == "LETTER" and len(str(t)) > 1):
            continue
        sub_end = _after_group(toks, k + 2)
        if sub_end >= len(toks) or toks[sub_end].type != "CARET":
            continue
        sup = _inside(toks, sub_end + 1, _after_group(toks, sub_end + 1))
        if not sup or not all(u.type == "LETTER" for u in sup) or all(str(u) in declared for u in sup):
            continue
        base, tag = _written(text, toks, k, sub_end), "".join(str(u) for u in sup)
        return t.column, (f"{base}^{tag} is the power ({base})^{{{tag}}} or the tag {base}^{tag} (a name of its own)? Declare "
                          f"the name in where ({base}^{tag} \\in \\mathbb{{R}}) for the tag, or write ({base})^{{{tag}}} for "
                          f"the power")
    return None


def subscripted_applied(toks: list, declared, text: str, function_letters, bare_sigma: str) -> tuple[int, str] | None:
    """(column, message) for ``R_{reg}(\\theta)``, ``\\sigma_1(x)``, ``L_{CE}(y + 1)``: a subscripted name before
    parentheses, refused as ``f(x)`` is (one name inside, or a letter that usually names a function) unless the
    name is declared in where or also used alone (``d_h(d+1) + m(d_h + 1)`` multiplies)."""
    named = []
    for k in range(len(toks)):
        if _name_start(toks, k):
            end = _after_group(toks, k + 2)
            named.append((k, end, f"{toks[k]}_{''.join(str(u) for u in _inside(toks, k + 2, end))}"))
    alone = {name for k, end, name in named if end >= len(toks) or toks[end].type != "LPAR"}
    for k, end, name in named:
        if end >= len(toks) or toks[end].type != "LPAR" or name in declared or name in alone:
            continue
        close = _closing(toks, end)
        inner = toks[end + 1:close]
        bare = bool(inner) and len(inner) % 2 == 1 and all(
            u.type in ("LETTER", "GREEK") if j % 2 == 0 else u.type == "COMMA" for j, u in enumerate(inner))
        base = str(toks[k])
        if bare or base in function_letters:
            shown = _written(text, toks, k, end)
            argument = _written(text, toks, end + 1, close) if close < len(toks) else "…"
            letter = "g" if base in (bare_sigma, "sigma") else f"\\{base}" if toks[k].type == "GREEK" else base
            return toks[k].column, (f"{shown}({argument}) is ambiguous: the function {shown} applied to ({argument}), or "
                                    f"{shown} times it? Write {shown} \\cdot ({argument}) for the product, or declare {shown} "
                                    f"in where for a variable; a function is named by one letter and defined in where "
                                    f"({letter}(x) = …)")
    return None


def annotation(parser, node):
    r"""``\mathbf{o}^s(\mathbf{x})``: a defined name, or its entry, then names in parentheses and no
    ^ or _ after them, is an ``applied`` node the interpreter checks; anything else stays a product."""
    base = node[1] if node[0] == "var" else (node[1][1] if node[0] == "sub" and node[1][0] == "var" else None)
    if base not in parser.defined | parser.names or not parser.at("("):
        return refuse_applied(parser, node)  # \hat{R}(\theta), R_{reg}(\theta): refused unless declared
    start, depth, tok, args, strict = parser.i, parser.depth, parser.take("("), [], parser.strict
    try:
        parser.strict = False  # o^s(\mathbf{x}) with x declared nowhere: x only names what o^s depends on
        while not args or parser.take().text != ")":
            args.append(parser.factor())
            entry = args[-1][0] == "sub" and args[-1][1][0] == "var" and len(args) == 1 and base in parser.with_inputs
            if args[-1][0] != "var" and not entry or not parser.at(",", ")"):
                raise LatexParseError("not a name")
    except LatexParseError:
        parser.i, parser.depth = start, depth
        return node
    finally:
        parser.strict = strict
    if args[0][0] == "sub":  # s(x_i) with s(x) = … in where: the courses' entry i of s(x) (said in the scope)
        return ("sub", ("applied", node, [args[0][1]], tok, "entry"), args[0][2])
    known = parser.names | parser.defined | set(parser.bound)
    if not parser.at("^", "_") and node[0] == "sub" and base not in parser.defined and any(a[1] in known for a in args):
        # o^s_y(x), o^s only declared: the log-loss's probability of y at x (o^s_y), or o^s_y times x?
        names = ", ".join(a[1] for a in args)
        parser.fail(f"{applied_site(('applied', node, args, tok))} is ambiguous: the entry of {base} at {names} "
                    f"(write it alone), or that entry times {names} (write \\cdot)? {base} is declared, not defined "
                    f"through {names}", tok)
    if parser.at("_") and base in parser.defined and base not in parser.with_inputs:
        parser.fail(f"{applied_site(('applied', node, args, tok))}_… is ambiguous: an entry of {base} (defined in where; "
                    f"write {base}_{{…}}), or {base} times an entry of {', '.join(a[1] for a in args)} (write \\cdot)?", tok)
    if base not in parser.with_inputs and parser.at("^", "_") or base not in parser.defined and any(a[1] in known for a in args):
        parser.i = start  # a declared o^a before (x) with x declared too: o^a times x; δ (h^s)^T: δ times (h^s)^T
        return node
    return ("applied", node, args, tok)
