r"""The first stage of reading LaTeX: tokens (with their columns), then the rewrites that make a
statement grammatical (\left/\right dropped, derivative fractions as one token, implicit products)."""

from __future__ import annotations

import difflib
import re

from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters

from ..core.errors import LatexParseError
from ..core.functions import display_function_names, function_named, known_function_names
from .juxtaposition import ambiguous_juxtaposition, subscripted_applied, tag_or_power
from .evaluation_bar import mark_evaluations
from .letters import GREEK, decorated_name
from .statements import SemanticError


MAX_LENGTH = 2000  # characters in one statement or condition
MAX_DEPTH = 40  # nested brackets of any kind
MAX_INTEGER_BITS = 4096  # largest integer the parser builds (2^4096 ~ 10^1233)
MAX_DIGITS = 200  # digits in one written number
MAX_DERIVATIVE_ORDER = 6
MAX_TREE_DEPTH = 300  # parse-tree depth (implicit products of hundreds of factors)
VECTOR_ARGUMENT = r"declare it as a vector in where (\mathbf{x} \in \mathbb{R}^n)"




# \command -> token type. FUNC tokens keep the command as their value (see scalar_reader._ELEMENTARY and core.functions.FUNCTIONS).
COMMANDS = {
    "frac": "FRAC", "dfrac": "FRAC", "tfrac": "FRAC",
    "sqrt": "SQRT",
    "cdot": "CDOT", "times": "TIMES",
    "le": "LE", "leq": "LE", "leqslant": "LE",
    "ge": "GE", "geq": "GE", "geqslant": "GE",
    "neq": "NE", "ne": "NE",
    "approx": "APPROX", "simeq": "APPROX",  # only against a written decimal (statements.approximation)
    "in": "IN",
    "iff": "IFF", "Leftrightarrow": "IFF", "Longleftrightarrow": "IFF",
    "to": "TO", "rightarrow": "TO",
    "infty": "INFTY",
    "partial": "PARTIAL",
    "lim": "LIM", "sum": "SUM", "prod": "PROD", "int": "INT",
    "lfloor": "LFLOOR", "rfloor": "RFLOOR", "lceil": "LCEIL", "rceil": "RCEIL",
    "lvert": "BAR_OPEN", "rvert": "BAR_CLOSE",
    "left": "LEFT", "right": "RIGHT", "bigl": "LEFT", "bigr": "RIGHT", "Bigl": "LEFT", "Bigr": "RIGHT",
    "big": "LEFT", "Big": "LEFT", "biggl": "LEFT", "biggr": "RIGHT",
    "quad": "SKIP", "qquad": "SKIP", "displaystyle": "SKIP",
    "dots": "DOTS", "ldots": "DOTS", "cdots": "DOTS",
    **{name: "FUNC" for name in ("sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh",
                                  "tanh", "exp", "ln", "log", "max", "min", "sech")},
}


# \operatorname{name} (or \mathrm, \text...) of a function that is not a built-in of core.functions
OPERATOR_NAMES = {"abs": "abs", "sech": "sech", "softmax": "softmax", "exp": "exp", "ln": "ln", "log": "log", "erf": "erf"}


def operator_name(name: str) -> str | None:
    r"""The function ``\operatorname{name}`` means: an elementary one, else a built-in (any case), else None."""
    if name in OPERATOR_NAMES:
        return OPERATOR_NAMES[name]
    builtin = function_named(name)
    return builtin.name if builtin is not None else None


def unknown_function(name: str) -> str:
    """"unknown function 'sofplus' — did you mean softplus?" (or the list of known names)."""
    known = sorted(set(OPERATOR_NAMES) | set(known_function_names()))
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6) or \
        difflib.get_close_matches(name.lower(), [k.lower() for k in known], n=1, cutoff=0.6)
    if close:
        return f"unknown function '{name}' — did you mean {close[0]}?"
    shown = sorted(set(OPERATOR_NAMES) | set(display_function_names()), key=str.lower)
    return f"unknown function '{name}' (known: {', '.join(shown)})"


# what a grammar terminal is called in an error message
TERMINAL_NAMES = {
    "PLUS": "'+'", "MINUS": "'-'", "EQ": "'='", "LT": "'<'", "GT": "'>'", "LE": r"'\le'", "GE": r"'\ge'",
    "NE": r"'\neq'", "APPROX": r"'\approx'", "IN": r"'\in'", "IFF": r"'\iff'", "TO": r"'\to'", "LPAR": "'('", "RPAR": "')'",
    "LBRACK": "'['", "RBRACK": "']'", "LBRACE": "'{'", "RBRACE": "'}'", "CARET": "'^'",
    "UNDERSCORE": "'_'", "COMMA": "','", "AMP": "'&'", "SLASH": "'/'", "BAR_OPEN": "'|'",
    "BAR_CLOSE": "closing '|'", "NUMBER": "a number", "LETTER": "a letter", "GREEK": "a Greek letter",
    "FRAC": r"'\frac'", "SQRT": r"'\sqrt'", "CDOT": r"'\cdot'", "TIMES": r"'\times'", "INFTY": r"'\infty'",
    "FUNC": "a function name", "DERIV": r"a derivative '\frac{d}{dx}'", "ORDER": "derivative order",
    "LIM": r"'\lim'", "SUM": r"'\sum'", "PROD": r"'\prod'", "INT": r"'\int'", "DIFF": "the differential 'dx' of the integral",
    "LFLOOR": r"'\lfloor'", "RFLOOR": r"'\rfloor'", "LCEIL": r"'\lceil'", "RCEIL": r"'\rceil'",
    "INDICATOR": r"'\mathbf{1}'", "EVAL_OPEN": r"'\left.'", "EVAL_CLOSE": r"'\right|'", "BEGIN_CASES": r"'\begin{cases}'", "END_CASES": r"'\end{cases}'",
    "ROWSEP": r"'\\'", "SIDE": "'^+' or '^-'", "OTHERWISE": r"'\text{otherwise}'", "MATHBB": r"a set such as '\mathbb{R}'",
    "VECTOR": r"'\mathbf{...}'", "$END": "end of input", "PARTIAL": r"'\partial'", "DOT": "'.'", "DOTS": r"'\dots'",
}


_LEX_GRAMMAR = r"""
start: (NUMBER | LETTER | CMD | OPNAME | TEXT | MATHBB | MATHBF | DECORATED | BEGIN_CASES | END_CASES | ROWSEP
        | NORM | ESCBRACE | PERCENT | PUNCT)*
PERCENT.3: "\\%"
SPACE.3: /\\[,;:! ]/ | "~"
OPNAME.3: /\\(operatorname\*?|math(rm|it|tt|sf)|text(rm|sf|it|tt)?)\s*\{\s*[A-Za-z]+\s*\}/
TEXT.4: /\\text\s*\{[^{}]*\}/
MATHBB.3: /\\mathbb\s*\{\s*[A-Za-z1]\s*\}/
MATHBF.3: /\\(mathbf|boldsymbol|vec|bm)\s*\{\s*[A-Za-z0-9]\s*\}/
DECORATED.3: /\\(hat|widehat|tilde|widetilde|bar|overline)\s*(\{\s*\\?[A-Za-z]+\s*\}|[A-Za-z]|\\[A-Za-z]+)/
BEGIN_CASES.3: /\\begin\s*\{\s*cases\s*\}/
END_CASES.3: /\\end\s*\{\s*cases\s*\}/
ROWSEP.3: "\\\\"
NORM.3: "\\|"
ESCBRACE.3: /\\[{}]/
CMD.1: /\\[A-Za-z]+/
NUMBER: /\d+(\.\d+)?/
LETTER: /[A-Za-z]/
PUNCT: /[-+=<>()\[\]{}^_,&|\/.']/
%import common.WS
%ignore WS
%ignore SPACE
"""


_PUNCT_TYPES = {
    "+": "PLUS", "-": "MINUS", "=": "EQ", "<": "LT", ">": "GT", "(": "LPAR", ")": "RPAR", "[": "LBRACK",
    "]": "RBRACK", "{": "LBRACE", "}": "RBRACE", "^": "CARET", "_": "UNDERSCORE", ",": "COMMA",
    "&": "AMP", "|": "BAR", "/": "SLASH", ".": "DOT", "'": "PRIME",
}


UNICODE = {"≤": "\\le ", "≥": "\\ge ", "≠": "\\neq ", "·": "\\cdot ", "×": "\\times ", "−": "-", "∞": "\\infty ",
           "∇": "\\nabla ", "‖": "\\| ", "²": "^{2}", "³": "^{3}", "ᵀ": "^{T}", "⊤": "\\top ", "⊙": "\\odot ", "⇒": "\\Rightarrow ",
           "∑": "\\sum ", "∂": "\\partial ", "√": "\\sqrt ", "∈": "\\in ", "ℝ": "\\mathbb{R}", "ℕ": "\\mathbb{N}",
           "ℤ": "\\mathbb{Z}", "⇔": "\\iff ", "ℓ": "\\ell ", "≈": "\\approx ", "≃": "\\simeq ", "→": "\\to ", "′": "'", "–": "-",
           **{ch: f"\\{name} " for ch, name in zip("αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΦΨΩ",
                                                    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi "
                                                    "rho sigma tau upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi "
                                                    "Sigma Phi Psi Omega".split())}}


def ascii_latex(text: str) -> str:
    """Unicode as people paste it (σ′(x) = σ(x)², x ∈ ℝ, ∇ₓ) in the LaTeX every reader reads."""
    for uni, tex in UNICODE.items():
        text = text.replace(uni, tex)
    return text


_LEXER = Lark(_LEX_GRAMMAR, parser="lalr", lexer="basic")


def parse_error(claim: str, what: str, column: int | None, message: str) -> LatexParseError:
    where = f"{claim}: " if claim else ""
    col = f", column {column}" if column is not None else ""
    return LatexParseError(f"{where}{what}{col}: {message}")


_DECORATED = re.compile(r"\\(mathbf|boldsymbol|bm|vec|hat|tilde|bar)(?![A-Za-z])\s*\{")
_BOLD_GROUP = re.compile(r"\\(mathbf|boldsymbol|bm)(?![A-Za-z])\s*\{\s*([A-Za-z]|\\[A-Za-z]+)\s*\}")
_COMMAND_NAME = re.compile(r"\\([A-Za-z]+)")
_SCRIPT_ATOM = re.compile(r"\\[A-Za-z]+|[A-Za-z0-9]")


def _skip_space(text: str, k: int) -> int:
    while k < len(text) and text[k].isspace():
        k += 1
    return k


def _base_end(text: str, k: int) -> int | None:
    """End of the one name that opens a bold/hat group at ``k``: a letter, a Greek letter, or ``\\mathbf{z}``."""
    k = _skip_space(text, k)
    if k < len(text) and text[k].isascii() and text[k].isalpha():
        return k + 1
    m = _BOLD_GROUP.match(text, k)
    if m and (len(m.group(2)) == 1 or m.group(2)[1:] in GREEK):
        return m.end()
    m = _COMMAND_NAME.match(text, k)
    return m.end() if m and m.group(1) in GREEK else None


def _script_end(text: str, k: int) -> int | None:
    """End of the script that starts at ``k`` (after ``_`` or ``^``): a brace group, a command or one character."""
    k = _skip_space(text, k)
    if k >= len(text):
        return None
    if text[k] == "{":
        depth = 0
        for j in range(k, len(text)):
            depth += {"{": 1, "}": -1}.get(text[j], 0) if text[j - 1] != "\\" else 0
            if depth == 0:
                return j + 1
        return None
    m = _SCRIPT_ATOM.match(text, k)
    return m.end() if m else None


def unwrap_scripts(text: str) -> str:
    r"""A bold or hat command around a name *and its scripts*, as students write it, is the command
    around the name followed by the scripts: ``\mathbf{z_1}`` is ``\mathbf{z}_1``, ``\mathbf{W^{(2)}}`` is
    ``\mathbf{W}^{(2)}``, ``\hat{\mathbf{z}_3}`` is ``\hat{\mathbf{z}}_3``, ``\boldsymbol{\theta_t}`` is
    ``\boldsymbol{\theta}_t``. The closing brace moves to just after the name, so the text keeps its
    length and every column outside the group stays where it was. Anything else is left as written."""
    for _ in range(text.count("\\") + 1):  # innermost first: \hat{\mathbf{z_3}} takes two rewrites
        for m in _DECORATED.finditer(text):
            base = _base_end(text, m.end())
            k, scripts = base, 0
            while base is not None:
                k = _skip_space(text, k)
                end = _script_end(text, k + 1) if k < len(text) and text[k] in "_^" else None
                if end is None:
                    break
                k, scripts = end, scripts + 1
            if scripts and k < len(text) and text[k] == "}":
                text = text[:base] + "}" + text[base:k] + text[k + 1:]
                break
        else:
            return text
    return text


def tokenize(text: str, claim: str, what: str) -> list[Token]:
    text = unwrap_scripts(text)
    found = ambiguous_juxtaposition(text)  # n_W2, Tot: a name or a product? (notation.juxtaposition)
    if found is not None:
        raise parse_error(claim, what, *found)
    try:
        raw = list(_LEXER.lex(text))
    except UnexpectedCharacters as exc:
        ch = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else "end of input"
        hint = " (an unknown command?)" if ch == "\\" else ""
        raise parse_error(claim, what, exc.column, f"unexpected character {ch!r}{hint}") from exc
    out = []
    for tok in raw:
        kind = tok.type
        if kind == "PUNCT":
            out.append(Token.new_borrow_pos(_PUNCT_TYPES[str(tok)], str(tok), tok))
        elif kind == "CMD":
            name = str(tok)[1:]
            if name in GREEK:
                out.append(Token.new_borrow_pos("GREEK", name, tok))
            elif name in COMMANDS:
                if COMMANDS[name] != "SKIP":
                    out.append(Token.new_borrow_pos(COMMANDS[name], name, tok))
            elif name in ("sim", "cong", "approxeq", "thickapprox"):
                raise parse_error(claim, what, tok.column, f"{tok} is not a claim derivcheck can check: write = for an identity, "
                                  "or \\approx with the decimals you mean (\\sigma(2) \\approx 0.88: the value rounded or "
                                  "truncated to them)")
            else:
                raise parse_error(claim, what, tok.column, f"unknown command {tok}")
        elif kind in ("OPNAME", "TEXT") and [u.type for u in out[-2:]] == ["UNDERSCORE", "LBRACE"] \
                and re.fullmatch(r"[^{]*\{\s*[A-Za-z]+\s*\}", str(tok)):  # L_{\text{mse}}: the letters of a name's subscript
            word = re.search(r"\{\s*([A-Za-z]+)\s*\}", str(tok)).group(1)
            out.extend(Token.new_borrow_pos("LETTER", ch, tok) for ch in word)
        elif kind == "OPNAME":
            name = re.search(r"\{\s*([A-Za-z]+)\s*\}", str(tok)).group(1)
            if name in ("d", "LHS", "RHS"):  # \mathrm{d}x; \mathrm{LHS}, a side's name defined in where
                out.append(Token.new_borrow_pos("LETTER", name, tok))
            elif operator_name(name) is not None:
                out.append(Token.new_borrow_pos("FUNC", operator_name(name), tok))
            elif str(tok).startswith("\\text") and name in ("otherwise", "else", "if"):
                out.append(Token.new_borrow_pos("TEXT", name, tok))
            else:
                raise parse_error(claim, what, tok.column, unknown_function(name))
        elif kind == "TEXT":
            words = re.search(r"\{([^{}]*)\}", str(tok)).group(1).strip().rstrip(",").strip()
            if words in ("LHS", "RHS"):  # the names of the two sides, defined in where
                out.append(Token.new_borrow_pos("LETTER", words, tok))
            elif operator_name(words) is not None:  # \text{softmax}, \text{Mish}
                out.append(Token.new_borrow_pos("FUNC", operator_name(words), tok))
            elif words in ("if", "for", "when") and sum({"BEGIN_CASES": 1, "END_CASES": -1}.get(u.type, 0) for u in out) <= 0:
                raise parse_error(claim, what, tok.column, f"{tok} outside cases is not read (x \\text{{ if }} x > 0 is not x·x > 0): put the condition in where, or end with one: A = B \\text{{ if }} x > 0")
            elif words in ("otherwise", "else", "sinon", "if", "for", "when", ""):
                if words not in ("", "if", "for", "when"):
                    out.append(Token.new_borrow_pos("OTHERWISE", words, tok))
            else:
                raise parse_error(claim, what, tok.column, f"unsupported text {tok} (only \\text{{otherwise}} and \\text{{if}})")
        elif kind == "MATHBB":
            letter = re.search(r"\{\s*(\S)\s*\}", str(tok)).group(1)
            out.append(Token.new_borrow_pos("INDICATOR" if letter in ("1", "I") else "MATHBB", letter, tok))
        elif kind == "DECORATED":
            out.append(_decorated_name(tok, claim, what))
        elif kind == "MATHBF":
            letter = re.search(r"\{\s*(\S)\s*\}", str(tok)).group(1)
            if letter == "1":
                out.append(Token.new_borrow_pos("INDICATOR", "1", tok))
            else:
                raise parse_error(claim, what, tok.column, f"{tok} is a vector: declare its shape in where ({tok} \\in \\mathbb{{R}}^n)")
        elif kind == "NORM":
            raise parse_error(claim, what, tok.column, "the norm \\| ... \\| takes a vector: " + VECTOR_ARGUMENT + ", or write |x| for a number")
        elif kind == "ESCBRACE":  # \{ ... \} as brackets: \max\{a, b\}, \mathbb{1}\{x > 0\}
            out.append(Token.new_borrow_pos("LPAR" if str(tok) == "\\{" else "RPAR", str(tok), tok))
        elif kind == "PERCENT":  # 5\% = 5/100
            out.append(Token.new_borrow_pos("SLASH", "/", tok))
            out.append(Token.new_borrow_pos("NUMBER", "100", tok))
        elif kind == "NUMBER":
            if len(tok) > MAX_DIGITS:
                raise parse_error(claim, what, tok.column, f"a number with {len(tok)} digits is too long (at most {MAX_DIGITS})")
            out.append(tok)
        else:
            out.append(tok)
    return out


def _decorated_name(tok: Token, claim: str, what: str) -> Token:
    command, base = re.fullmatch(r"\\(\w+)\s*\{?\s*(\\?[A-Za-z]+)\s*\}?", str(tok)).groups()
    name = decorated_name(command, base)
    if name is None:
        raise parse_error(claim, what, tok.column, f"expected one letter inside {tok}: write \\{command}{{y}} or "
                          f"\\{command}{{\\theta}} (a name of several letters is read as their product)")
    return Token.new_borrow_pos("LETTER", name, tok)


_ENDS_VALUE = {"NUMBER", "LETTER", "GREEK", "RPAR", "RBRACK", "RBRACE", "BAR_CLOSE", "RFLOOR", "RCEIL", "INFTY", "END_CASES"}


_OPENERS = {"LPAR": "RPAR", "LBRACK": "RBRACK", "LBRACE": "RBRACE", "BAR_OPEN": "BAR_CLOSE",
            "LFLOOR": "RFLOOR", "LCEIL": "RCEIL", "BEGIN_CASES": "END_CASES"}


def _new(kind: str, value: str, like: Token) -> Token:
    return Token.new_borrow_pos(kind, value, like)


_THOUSANDS_GAPS = {"\\,", "~", "{,}", "\\;", "\\:", "\\ ", "\\!"}


def _join_thousands(toks: list[Token], text: str) -> list[Token]:
    """``1,000,000``, ``12{,}288``, ``12\\,288``, ``12~288``: one number. A thin space or ``{,}`` between
    digit groups of three always separates thousands; a bare comma only outside brackets (where
    ``(1,000)`` is a pair) and only when every group after the first has three digits."""
    if not text:
        return toks
    out: list[Token] = []
    depth = 0
    k = 0
    while k < len(toks):
        t = toks[k]
        if t.type in _OPENERS:
            depth += 1
        elif t.type in _OPENERS.values():
            depth -= 1
        if t.type == "NUMBER" and "." not in str(t) and len(str(t)) <= 3 and not (out and out[-1].type in ("CARET", "UNDERSCORE")):
            digits, j = str(t), k
            while True:
                nxt = j + 1
                gap_end = None
                if nxt < len(toks) and toks[nxt].type == "NUMBER":  # a space command between the groups (lexed away)
                    gap = text[toks[j].column - 1 + len(str(toks[j])):toks[nxt].column - 1].strip() if toks[j].column else ""
                    gap_end = nxt if gap in _THOUSANDS_GAPS else None
                elif nxt + 3 < len(toks) and [u.type for u in toks[nxt:nxt + 3]] == ["LBRACE", "COMMA", "RBRACE"] \
                        and toks[nxt + 3].type == "NUMBER":
                    gap_end = nxt + 3
                elif depth == 0 and nxt + 1 < len(toks) and toks[nxt].type == "COMMA" and toks[nxt + 1].type == "NUMBER":
                    gap_end = nxt + 1
                if gap_end is None or not re.fullmatch(r"\d{3}(\.\d+)?", str(toks[gap_end])):
                    break
                digits += str(toks[gap_end])
                j = gap_end
                if "." in digits:
                    break
            if j > k:
                out.append(_new("NUMBER", digits, t))
                k = j + 1
                continue
        out.append(t)
        k += 1
    return out


def _group_coefficient_arguments(toks: list[Token]) -> list[Token]:
    """``\\ln 2x`` is ln(2x), as printed books mean it: a function written without parentheses takes
    a number and the letters juxtaposed after it (``\\sin 2\\pi x`` = sin(2πx)); ``\\ln 2 + x`` is ln 2 + x."""
    out: list[Token] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        out.append(t)
        k += 1
        if t.type != "FUNC" or str(t).startswith(("user:", "def:")):
            continue
        j = k
        while j < len(toks) and toks[j].type in ("UNDERSCORE", "CARET"):  # \log_2, \tanh^2
            j = _group_end(toks, j + 1)
        if not (j + 1 < len(toks) and toks[j].type == "NUMBER" and toks[j + 1].type in ("LETTER", "GREEK")):
            continue
        end = j + 1
        while end < len(toks) and toks[end].type in ("LETTER", "GREEK"):
            end += 1
            while end < len(toks) and toks[end].type in ("CARET", "UNDERSCORE"):
                end = _group_end(toks, end + 1)
        out.extend(toks[k:j])
        out.append(_new("LBRACE", "{", toks[j]))
        out.extend(toks[j:end])
        out.append(_new("RBRACE", "}", toks[end - 1]))
        k = end
    return out


def _has_bare_sigma(toks: list[Token]) -> bool:
    """A \\sigma used as a value (not σ(…), σ_…, σ^…(…)) among ``toks``."""
    for j, u in enumerate(toks):
        if u.type == "GREEK" and u == "sigma":
            after = toks[j + 1] if j + 1 < len(toks) else None
            if after is None or after.type not in ("LPAR", "CARET", "UNDERSCORE"):
                return True
    return False


def _matching(toks: list[Token], start: int) -> int:
    """Index of the bracket that closes the one opening at ``start`` (len(toks) when none does)."""
    depth = 0
    for i in range(start, len(toks)):
        if toks[i].type in _OPENERS:
            depth += 1
        elif toks[i].type in _OPENERS.values():
            depth -= 1
            if depth == 0:
                return i
    return len(toks)


def _group_end(toks: list[Token], start: int) -> int:
    """Index just past the brace group that opens at ``start`` (or past one token)."""
    if start >= len(toks):
        return start
    if toks[start].type != "LBRACE":
        return start + 1
    depth = 0
    for i in range(start, len(toks)):
        if toks[i].type == "LBRACE":
            depth += 1
        elif toks[i].type == "RBRACE":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(toks)


def _inner(toks: list[Token], start: int, end: int) -> list[Token]:
    """The tokens of a group without its braces."""
    group = toks[start:end]
    if group and group[0].type == "LBRACE" and group[-1].type == "RBRACE":
        return group[1:-1]
    return group


def _order_of(toks: list[Token]) -> tuple[list[Token], int] | None:
    """``d^2`` -> ([], 2); returns the tokens before ``^`` and the order (1 without ``^``)."""
    for i, t in enumerate(toks):
        if t.type == "CARET":
            rest = [r for r in toks[i + 1:] if r.type not in ("LBRACE", "RBRACE")]
            if len(rest) == 1 and rest[0].type == "NUMBER" and "." not in rest[0]:
                return toks[:i], int(rest[0])
            return None
    return toks, 1


def _derivative_fraction(toks: list[Token], i: int, claim: str, what: str) -> tuple[list[Token], int] | None:
    r"""``\frac{d^n ...}{dx^n}`` at ``i`` -> the tokens DERIV var ORDER [( body )], and the next index."""
    num_start = i + 1
    num_end = _group_end(toks, num_start)
    den_end = _group_end(toks, num_end)
    num = _inner(toks, num_start, num_end)
    den = _inner(toks, num_end, den_end)
    if not num or not den:
        return None

    def is_d(t: Token) -> bool:
        return (t.type == "LETTER" and t == "d") or t.type == "PARTIAL"

    if not (is_d(num[0]) and is_d(den[0])):
        return None
    # numerator: d, d^2, d f(x), \partial^2 f ...
    head, body = [num[0]], num[1:]
    if body and body[0].type == "CARET":
        end = _group_end(body, 1)
        head, body = head + body[:end], body[end:]
    num_order = _order_of(head)
    # denominator: dx, dx^2, d x_1, \partial \theta
    den_order = _order_of(den[1:])
    if num_order is None or den_order is None:
        raise parse_error(claim, what, toks[i].column, "cannot read the order of this derivative")
    var, order = den_order
    if not var or var[0].type not in ("LETTER", "GREEK") or any(t.type in ("PARTIAL",) or (t.type == "LETTER" and t == "d" and k > 0 and var[k - 1].type != "UNDERSCORE") for k, t in enumerate(var)):
        raise parse_error(claim, what, toks[i].column, "only derivatives with respect to one variable are supported (d/dx, ∂/∂x, d²/dx²)")
    if num_order[1] != order:
        raise parse_error(claim, what, toks[i].column, f"the derivative's orders differ: d^{num_order[1]} over dx^{order}")
    if order > MAX_DERIVATIVE_ORDER:
        raise parse_error(claim, what, toks[i].column, f"derivative of order {order} (at most {MAX_DERIVATIVE_ORDER})")
    kind = "partial" if num[0].type == "PARTIAL" else "d"
    out = [_new("DERIV", kind, toks[i]), *var, _new("ORDER", str(order), toks[i])]
    if body:  # with a numerator, df/dx is one value: (d/dx (f)), never d/dx of the factors after it too
        out = [_new("LPAR", "(", toks[i]), *out, _new("LPAR", "(", body[0]), *body, *[_new("RPAR", ")", body[-1])] * 2]
    return out, den_end


BARE_SIGMA = "σ"  # a bare \\sigma the reader must still resolve (σ(x) or ambiguous); never a user's name
# letters that are usually function names: f(x+1) is as ambiguous as f(x) when f is not defined
FUNCTION_LETTERS = frozenset({"f", "g", "F", "G", "J", "L", "ell", "phi", "varphi", "psi"})


_TAG_DECLARATION = re.compile(r"^\s*(?P<names>.+?)\s*\\in\b")
_TAGGED_NAME = re.compile(r"^(?:\\mathbf\s*\{\s*)?(?P<base>\\?[A-Za-z]+)\s*\}?\s*(?:_\s*(?P<sub>\{[^{}]*\}|\w))?\s*"
                          r"\^\s*(?P<tag>\{[^{}]*\}|[A-Za-z])\s*$")


def tagged_names(entries: list[str]) -> frozenset:
    """Names with a tag that ``where`` entries declare (``o^a \\in \\mathbb{R}``, ``z^{[1]} \\in …``,
    ``o_k^a \\in …``), as the reader spells them: o^a, z^[1], o_k^a."""
    found = set()
    for entry in entries:
        m = _TAG_DECLARATION.match(unwrap_scripts(entry))
        if not m:
            continue
        for part in m.group("names").split(","):
            n = _TAGGED_NAME.match(part.strip())
            if n:
                found.add(_spell(n.group("base"), n.group("sub"), n.group("tag")))
    return frozenset(found)


def _spell(base: str, sub: str | None, tag: str) -> str:
    base = base.lstrip("\\")
    sub = (sub or "").strip("{} ").replace(" ", "")
    tag = tag.strip("{} ").replace(" ", "")
    return f"{base}_{sub}^{tag}" if sub else f"{base}^{tag}"


def _join_tags(toks: list[Token], tagged: frozenset) -> list[Token]:
    """``o^a`` (declared), ``W^{(1)}``, ``z^{[2]}`` as one name: a tag, never a power (``^{(…)}`` and
    ``^{[…]}`` always; a letter when the tagged name is declared)."""
    out: list[Token] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        if t.type in ("LETTER", "GREEK") and str(t) != "e" and not (out and out[-1].type in ("UNDERSCORE", "CARET")):
            j, sub = k + 1, None
            if j < len(toks) and toks[j].type == "UNDERSCORE":
                end = _group_end(toks, j + 1)
                sub, j = "".join(str(u) for u in toks[j + 1:end]).strip("{}"), end
            if j < len(toks) and toks[j].type == "CARET":
                end = _group_end(toks, j + 1)
                inner = toks[j + 1:end]
                tag = "".join(str(u) for u in inner)
                tag = tag[1:-1] if tag.startswith("{") and tag.endswith("}") else tag
                bracketed = bool(re.fullmatch(r"\(.*\)|\[.*\]", tag))
                name = _spell(str(t), sub, tag)
                if bracketed or name in tagged:
                    out.append(_new("LETTER", name, t))
                    k = end
                    continue
            elif sub is not None and f"{t}_{sub}" in tagged:  # L_{CE} named in where: one name
                out.append(_new("LETTER", f"{t}_{sub}", t))
                k = j
                continue
        out.append(t)
        k += 1
    return out


def rewrite_tokens(toks: list[Token], claim: str, what: str, functions: dict, *, definitions: dict | None = None,
                   declared: frozenset = frozenset(), notes: list | None = None, text: str = "",
                   tagged: frozenset = frozenset()) -> list[Token]:
    """The rewrites the grammar cannot do (see the module docstring). ``definitions``: names defined in
    the ``where`` (``J(\\theta) = …``); ``declared``: names the ``where`` declares as variables (for them
    ``x(y)`` is a product); ``notes`` receives how an implicit reading was resolved."""
    definitions = definitions or {}
    notes = notes if notes is not None else []
    toks = _join_tags(toks, tagged | {name for name in definitions if "_" in name})
    found = tag_or_power(toks, declared, text)  # o_k^a: a tag or a power?
    if found is not None:
        raise parse_error(claim, what, *found)
    # \frac12 is \frac{1}{2}: each digit is one argument
    split: list[Token] = []
    for k, t in enumerate(toks):
        if t.type == "NUMBER" and k and toks[k - 1].type == "FRAC" and re.fullmatch(r"\d\d", str(t)):
            split += [_new("NUMBER", str(t)[0], t), _new("NUMBER", str(t)[1], t)]
        else:
            split.append(t)
    toks = _join_thousands(split, text)
    for k, t in enumerate(toks[:-1]):
        if t.type == "NUMBER" and toks[k + 1].type == "NUMBER" and not (k and toks[k - 1].type in ("FRAC", "CARET", "UNDERSCORE")) \
                and not (k > 1 and toks[k - 2].type == "FRAC"):
            raise parse_error(claim, what, toks[k + 1].column, f"two numbers side by side ({t} {toks[k + 1]}): write "
                              f"{t}{toks[k + 1]} (or {t}{{,}}{toks[k + 1]}) for one number, {t} \\cdot {toks[k + 1]} for a product")
    toks = _group_coefficient_arguments(toks)
    for k, t in enumerate(toks):
        if t.type == "SUM" and (k + 2 >= len(toks) or toks[k + 1].type != "UNDERSCORE" or toks[k + 2].type != "LBRACE"
                                or not any(u.type == "EQ" for u in toks[k + 3:_group_end(toks, k + 2)])):
            raise parse_error(claim, what, t.column, r"a sum needs its range here: write \sum_{k=1}^{n} (the index, its "
                              "first and last value)")
    # 1_{\{x > 0\}}: the braces around the condition are the set-builder's, not brackets
    for k, t in enumerate(toks):
        if t.type == "INDICATOR" and k + 3 < len(toks) and toks[k + 1].type == "UNDERSCORE" and toks[k + 2].type == "LBRACE" \
                and toks[k + 3].type == "LPAR" and str(toks[k + 3]) == "\\{":
            end = _matching(toks, k + 3)
            if end + 1 < len(toks) and toks[end + 1].type == "RBRACE":
                toks = toks[:k + 3] + toks[k + 4:end] + toks[end + 1:]
    # derivative fractions first (they contain d and \partial that nothing else may see)
    out: list[Token] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.type == "FRAC":
            found = _derivative_fraction(toks, i, claim, what)
            if found is not None:
                out += found[0]
                i = found[1]
                continue
        if t.type == "PARTIAL" and i + 2 < len(toks) and toks[i + 1].type == "UNDERSCORE":  # ∂_x f (d2l.ai): ∂/∂x f
            end = _group_end(toks, i + 2)
            var = _inner(toks, i + 2, end) if toks[i + 2].type == "LBRACE" else toks[i + 2:end]
            if var and var[0].type in ("LETTER", "GREEK") and {u.type for u in var} <= {"LETTER", "GREEK", "NUMBER", "UNDERSCORE", "LBRACE", "RBRACE"}:
                out += [_new("DERIV", "partial", t), *var, _new("ORDER", "1", t)]
                i = end
                continue
        if t.type == "PARTIAL":
            raise parse_error(claim, what, t.column, r"'\partial' outside a derivative \frac{\partial}{\partial x}")
        out.append(t)
        i += 1
    toks = out

    # one-sided limit points 0^+ / 0^{-} (only right before a closing brace, as in \lim_{x \to 0^+})
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.type == "CARET" and i + 2 < len(toks):
            nxt = [u.type for u in toks[i + 1:i + 5]]
            if nxt[:2] in (["PLUS", "RBRACE"], ["MINUS", "RBRACE"]):
                out.append(_new("SIDE", str(toks[i + 1]), t))
                i += 2
                continue
            if nxt[:4] in (["LBRACE", "PLUS", "RBRACE", "RBRACE"], ["LBRACE", "MINUS", "RBRACE", "RBRACE"]):
                out.append(_new("SIDE", str(toks[i + 2]), t))
                i += 4
                continue
        out.append(t)
        i += 1
    toks = out

    # split multi-digit numbers after ^ and _ (x^23 is x^2 3 in LaTeX)
    out = []
    for k, t in enumerate(toks):
        if t.type == "NUMBER" and k and toks[k - 1].type in ("CARET", "UNDERSCORE") and len(t) > 1:
            out.append(_new("NUMBER", t[0], t))
            sign = "^" if toks[k - 1].type == "CARET" else "_"
            raise parse_error(claim, what, t.column, f"{sign}{t} means {sign}{t[0]} followed by {t[1:]} in LaTeX: write {sign}{{{t}}}")
        else:
            out.append(t)
    toks = out

    try:  # \left. … \right|_{x=a}: evaluation at a point, before bars become absolute values
        toks = mark_evaluations(toks)
    except SemanticError as exc:
        raise parse_error(claim, what, exc.column, str(exc)) from None
    # \left / \right, and | as an opening or closing bar
    out = []
    bars = 0
    k = 0
    while k < len(toks):
        t = toks[k]
        if t.type in ("LEFT", "RIGHT"):
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if nxt is None:
                raise parse_error(claim, what, t.column, f"\\{t} must be followed by a bracket")
            if nxt.type == "DOT":
                k += 2
                continue
            if nxt.type == "BAR":
                if t.type == "LEFT":
                    out.append(_new("BAR_OPEN", "|", nxt))
                    bars += 1
                else:
                    out.append(_new("BAR_CLOSE", "|", nxt))
                    bars -= 1
                k += 2
                continue
            k += 1
            continue
        if t.type == "BAR":
            prev = out[-1].type if out else None
            if bars > 0 and prev in _ENDS_VALUE:
                out.append(_new("BAR_CLOSE", "|", t))
                bars -= 1
            else:
                out.append(_new("BAR_OPEN", "|", t))
                bars += 1
        else:
            out.append(t)
        k += 1
    toks = out

    # names declared as functions, and \sigma( as the sigmoid
    out = []
    for k, t in enumerate(toks):
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        prev = toks[k - 1] if k else None
        if t.type in ("LETTER", "GREEK") and str(t) in definitions and not (prev is not None and prev.type in ("UNDERSCORE", "CARET")):
            d = definitions[str(t)]
            product = d.bare and nxt is not None and nxt.type == "LPAR" and str(t) in map(str, toks[k + 2:_matching(toks, k + 1)])
            if product and f"{t}(…{t}…) read as a product {t}·(…)" not in notes:  # a(1 − a): a never applied to itself
                notes.append(f"{t}(…{t}…) read as a product {t}·(…)")
            if d.bare and not product and nxt is not None and nxt.type in ("LPAR", "PRIME"):
                raise parse_error(claim, what, t.column, f"{t} is defined in where as an expression ({d.text}), not as a "
                                  f"function of arguments: write {t} alone, or \\cdot for a product")
            out.append(_new("FUNC", "def:" + str(t), t))
            if product or nxt is None or nxt.type not in ("LPAR", "PRIME"):  # a bare J is J(θ) as defined
                out.append(_new("LPAR", "(", t))
                for j, p in enumerate(d.params):
                    if j:
                        out.append(_new("COMMA", ",", t))
                    out.append(_new("GREEK" if str(p) in GREEK else "LETTER", str(p), t))
                out.append(_new("RPAR", ")", t))
                note = f"{t} read as {t}({', '.join(map(str, d.params))}), as defined"
                if note not in notes:
                    notes.append(note)
            continue
        if t.type in ("LETTER", "GREEK") and str(t) in functions:
            if nxt is None or nxt.type not in ("LPAR", "UNDERSCORE", "CARET"):
                raise parse_error(claim, what, t.column, f"{t} is declared as a function ({functions[str(t)]}): write {t}(...)")
            out.append(_new("FUNC", "user:" + str(t), t))
        elif t.type == "GREEK" and t == "sigma" and nxt is not None and nxt.type == "PRIME":
            out.append(_new("FUNC", "sigmoid", t))  # σ'(x)
        elif t.type == "LETTER" and nxt is not None and nxt.type == "PRIME" and str(t) not in functions:
            raise parse_error(claim, what, t.column, f"{t}' is the derivative of a function {t} that is not defined: define it "
                              f"in where ({t}(x) = …), or write the derivative out (\\frac{{d}}{{dx}} …)")
        elif t.type == "GREEK" and t == "sigma" and nxt is not None and nxt.type == "LPAR":
            if "sigma" not in declared and _has_bare_sigma(toks[k + 2:_matching(toks, k + 1)]):
                out.append(_new("GREEK", BARE_SIGMA, t))  # σ(1 − σ): σ times (1 − σ), as every course means it
                if "σ(…σ…) read as a product σ·(…)" not in notes:
                    notes.append("σ(…σ…) read as a product σ·(…)")
            else:
                out.append(_new("FUNC", "sigmoid", t))
        elif t.type == "GREEK" and t == "sigma" and nxt is not None and nxt.type == "CARET" \
                and _group_end(toks, k + 2) < len(toks) and toks[_group_end(toks, k + 2)].type == "LPAR":
            out.append(_new("FUNC", "sigmoid", t))  # σ^2(x) = σ(x)², as \tanh^2(x); σ^{-1}(x) is refused there
        elif t.type == "GREEK" and t == "sigma" and "sigma" not in declared and not (prev is not None and prev.type in ("UNDERSCORE", "CARET")):
            out.append(_new("GREEK", BARE_SIGMA, t))  # resolved once the whole statement is read
        else:
            out.append(t)
    toks = out

    # f(x) with f neither defined nor declared: the function f at x, or f times x? (x(1 − x) is a product;
    # so is a(x) when a is also used alone, e.g. as a sum's index)
    used_alone = {str(u) for j, u in enumerate(toks) if u.type in ("LETTER", "GREEK")
                  and (j + 1 == len(toks) or toks[j + 1].type != "LPAR")}
    for k, t in enumerate(toks[:-1]):
        if t.type not in ("LETTER", "GREEK") or toks[k + 1].type != "LPAR" or str(t) in declared \
                or str(t) in used_alone or str(t) in ("e", "pi", BARE_SIGMA):
            continue
        if k and toks[k - 1].type in ("UNDERSCORE", "CARET", "DIFF"):
            continue
        end = _matching(toks, k + 1)
        inner = toks[k + 2:end]
        bare = bool(inner) and all(u.type in ("LETTER", "GREEK") if j % 2 == 0 else u.type == "COMMA" for j, u in enumerate(inner)) \
            and len(inner) % 2 == 1
        if bare or str(t) in FUNCTION_LETTERS:
            shown = text[t.column - 1:toks[end].column] if text and end < len(toks) else f"{t}(…)"
            name = f"\\{t}" if t.type == "GREEK" else str(t)
            raise parse_error(claim, what, t.column,
                              f"{shown} is ambiguous: the function {name} applied to ({shown[len(name) + 1:-1] or '…'}), or {name} times it? "
                              f"Define the function in where ({name}(x) = …) or write {name} \\cdot (…) for the product")
    found = subscripted_applied(toks, declared, text, FUNCTION_LETTERS, BARE_SIGMA)  # R_{reg}(\theta), as f(x)
    if found is not None:
        raise parse_error(claim, what, *found)

    # the differential that closes each integral: the first `d x` at the integral's depth
    for k, t in enumerate(toks):
        if t.type != "INT":
            continue
        depth = 0
        j = k + 1
        # skip the limits _a^b
        for _ in range(2):
            if j < len(toks) and toks[j].type in ("UNDERSCORE", "CARET"):
                j = _group_end(toks, j + 1)
        while j < len(toks) - 1:
            u = toks[j]
            if u.type in _OPENERS:
                depth += 1
            elif u.type in _OPENERS.values():
                depth -= 1
                if depth < 0:
                    break
            elif depth == 0 and u.type == "LETTER" and u == "d" and toks[j + 1].type in ("LETTER", "GREEK"):
                toks[j] = _new("DIFF", "d", u)
                break
            j += 1

    # nesting depth
    depth = 0
    for t in toks:
        if t.type in _OPENERS or t.type in ("DERIV", "LIM", "SUM", "INT"):
            depth += 1 if t.type in _OPENERS else 0
            if depth > MAX_DEPTH:
                raise parse_error(claim, what, t.column, f"brackets nested more than {MAX_DEPTH} deep")
        elif t.type in _OPENERS.values():
            depth -= 1
    return toks

