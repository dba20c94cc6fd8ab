r"""Parse a person's LaTeX into SymPy objects: a lark grammar and a whitelist, never ``eval``.

SymPy's ``sympify``/``parse_expr`` run Python code and its ``parse_latex`` guesses (it reads
``\operatorname{sign}(x)`` as a product of letters and drops unparsed tails), so derivcheck has
its own parser in three stages:

1. **tokens** -- a lark lexer (``_LEXER``) cuts the text into tokens; every ``\command`` is looked
   up in ``COMMANDS`` (or is a Greek letter) and anything else is an error naming the command and
   its column;
2. **rewriting** (``_rewrite``) -- context the grammar cannot see: ``|`` opens or closes an
   absolute value, ``\frac{d}{dx}`` is a derivative operator, ``d t`` ends an integral, a name
   declared in ``functions`` followed by ``(`` is a call, depth and size limits;
3. **grammar + transformer** -- a LALR grammar (``_GRAMMAR``) and ``_Build``, which builds SymPy
   objects from a whitelist of constructors. Relations are built with ``evaluate=False``, so SymPy
   never decides a claim while it is being read.

Input is bounded (``MAX_LENGTH`` characters, ``MAX_DEPTH`` nested brackets, integers of at most
``MAX_INTEGER_BITS`` bits, so ``9^{9^{9^9}}`` is refused instead of computed).

To add a command: map it in ``COMMANDS`` to a token type (a new type needs a grammar rule), or
to ``FUNC`` with a builder in ``_FUNCTIONS``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from lark import Lark, Token, Transformer, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken, VisitError
from lark.lexer import Lexer
from sympy import (
    Abs,
    And,
    Derivative,
    E,
    Eq,
    Equivalent,
    Expr,
    Ge,
    Gt,
    Heaviside,
    Integer,
    Integral,
    Le,
    Limit,
    Lt,
    Max,
    Min,
    Ne,
    Piecewise,
    Pow,
    Rational,
    S,
    Sum,
    Symbol,
    acos,
    asin,
    atan,
    ceiling,
    cos,
    cosh,
    exp,
    floor,
    log,
    oo,
    pi,
    root,
    sign,
    sin,
    sinh,
    sqrt,
    tan,
    tanh,
)
from sympy.core.relational import Relational
from sympy.logic.boolalg import Boolean

from ..core.deadline import ReadingTooSlow, reading_deadline
from ..core.errors import LatexParseError
from ..core.functions import BUILTIN_FUNCTIONS, indicator, leaky_relu, relu, sigmoid, softplus

__all__ = [
    "parse_statement",
    "parse_condition",
    "Chain",
    "Membership",
    "Rounded",
    "MAX_LENGTH",
    "MAX_DEPTH",
    "MAX_INTEGER_BITS",
    "VECTORS_UNSUPPORTED",
]

MAX_LENGTH = 2000  # characters in one statement or condition
MAX_DEPTH = 40  # nested brackets of any kind
MAX_INTEGER_BITS = 4096  # largest integer the parser builds (2^4096 ~ 10^1233)
MAX_DIGITS = 200  # digits in one written number
MAX_DERIVATIVE_ORDER = 6
MAX_TREE_DEPTH = 300  # parse-tree depth (implicit products of hundreds of factors)
VECTORS_UNSUPPORTED = "vectors are not supported yet"

GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi "
    "pi rho varrho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma "
    "Upsilon Phi Psi Omega"
).split()

# \command -> token type. FUNC tokens keep the command as their value (see _FUNCTIONS).
COMMANDS = {
    "frac": "FRAC", "dfrac": "FRAC", "tfrac": "FRAC",
    "sqrt": "SQRT",
    "cdot": "CDOT", "times": "TIMES",
    "le": "LE", "leq": "LE", "leqslant": "LE",
    "ge": "GE", "geq": "GE", "geqslant": "GE",
    "neq": "NE", "ne": "NE",
    "in": "IN",
    "iff": "IFF", "Leftrightarrow": "IFF", "Longleftrightarrow": "IFF",
    "to": "TO", "rightarrow": "TO",
    "infty": "INFTY",
    "partial": "PARTIAL",
    "lim": "LIM", "sum": "SUM", "int": "INT",
    "lfloor": "LFLOOR", "rfloor": "RFLOOR", "lceil": "LCEIL", "rceil": "RCEIL",
    "lvert": "BAR_OPEN", "rvert": "BAR_CLOSE",
    "left": "LEFT", "right": "RIGHT", "bigl": "LEFT", "bigr": "RIGHT", "Bigl": "LEFT", "Bigr": "RIGHT",
    "big": "LEFT", "Big": "LEFT", "biggl": "LEFT", "biggr": "RIGHT",
    "quad": "SKIP", "qquad": "SKIP", "displaystyle": "SKIP",
    **{name: "FUNC" for name in ("sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh",
                                  "tanh", "exp", "ln", "log", "max", "min", "sech")},
}

# \operatorname{name} (or \mathrm{name}) -> the function it means
OPERATOR_NAMES = {
    "softplus": "softplus", "sign": "sign", "sgn": "sign", "rect": "relu", "relu": "relu",
    "ReLU": "relu", "sech": "sech", "LeakyReLU": "leaky_relu", "sigmoid": "sigmoid",
    "tanh": "tanh", "softmax": "softmax", "exp": "exp", "ln": "ln", "log": "log",
}

# what a grammar terminal is called in an error message
_TERMINAL_NAMES = {
    "PLUS": "'+'", "MINUS": "'-'", "EQ": "'='", "LT": "'<'", "GT": "'>'", "LE": r"'\le'", "GE": r"'\ge'",
    "NE": r"'\neq'", "IN": r"'\in'", "IFF": r"'\iff'", "TO": r"'\to'", "LPAR": "'('", "RPAR": "')'",
    "LBRACK": "'['", "RBRACK": "']'", "LBRACE": "'{'", "RBRACE": "'}'", "CARET": "'^'",
    "UNDERSCORE": "'_'", "COMMA": "','", "AMP": "'&'", "SLASH": "'/'", "BAR_OPEN": "'|'",
    "BAR_CLOSE": "closing '|'", "NUMBER": "a number", "LETTER": "a letter", "GREEK": "a Greek letter",
    "FRAC": r"'\frac'", "SQRT": r"'\sqrt'", "CDOT": r"'\cdot'", "TIMES": r"'\times'", "INFTY": r"'\infty'",
    "FUNC": "a function name", "DERIV": r"a derivative '\frac{d}{dx}'", "ORDER": "derivative order",
    "LIM": r"'\lim'", "SUM": r"'\sum'", "INT": r"'\int'", "DIFF": "the differential 'dx' of the integral",
    "LFLOOR": r"'\lfloor'", "RFLOOR": r"'\rfloor'", "LCEIL": r"'\lceil'", "RCEIL": r"'\rceil'",
    "INDICATOR": r"'\mathbf{1}'", "BEGIN_CASES": r"'\begin{cases}'", "END_CASES": r"'\end{cases}'",
    "ROWSEP": r"'\\'", "SIDE": "'^+' or '^-'", "OTHERWISE": r"'\text{otherwise}'", "MATHBB": r"a set such as '\mathbb{R}'",
    "VECTOR": r"'\mathbf{...}'", "$END": "end of input", "PARTIAL": r"'\partial'", "DOT": "'.'",
}

# --- stage 1: tokens -----------------------------------------------------------------------------

_LEX_GRAMMAR = r"""
start: (NUMBER | LETTER | CMD | OPNAME | TEXT | MATHBB | MATHBF | BEGIN_CASES | END_CASES | ROWSEP
        | NORM | ESCBRACE | PUNCT)*
SPACE.3: /\\[,;:! ]/ | "~"
OPNAME.3: /\\(operatorname|mathrm|text(rm|sf|it)?|mathit)\s*\{\s*[A-Za-z]+\s*\}/
TEXT.4: /\\text\s*\{[^{}]*\}/
MATHBB.3: /\\mathbb\s*\{\s*[A-Za-z1]\s*\}/
MATHBF.3: /\\(mathbf|boldsymbol|vec|bm)\s*\{\s*[A-Za-z0-9]\s*\}/
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
_UNICODE = {"≤": "\\le ", "≥": "\\ge ", "≠": "\\neq ", "·": "\\cdot ", "×": "\\times ", "−": "-", "∞": "\\infty "}

_LEXER = Lark(_LEX_GRAMMAR, parser="lalr", lexer="basic")


def _error(claim: str, what: str, column: int | None, message: str) -> LatexParseError:
    where = f"{claim}: " if claim else ""
    col = f", column {column}" if column is not None else ""
    return LatexParseError(f"{where}{what}{col}: {message}")


def _tokens(text: str, claim: str, what: str) -> list[Token]:
    try:
        raw = list(_LEXER.lex(text))
    except UnexpectedCharacters as exc:
        ch = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else "end of input"
        hint = " (an unknown command?)" if ch == "\\" else ""
        raise _error(claim, what, exc.column, f"unexpected character {ch!r}{hint}") from exc
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
            else:
                raise _error(claim, what, tok.column, f"unknown command {tok}")
        elif kind == "OPNAME":
            name = re.search(r"\{\s*([A-Za-z]+)\s*\}", str(tok)).group(1)
            if name == "d":  # \mathrm{d}x
                out.append(Token.new_borrow_pos("LETTER", "d", tok))
            elif name in OPERATOR_NAMES:
                out.append(Token.new_borrow_pos("FUNC", OPERATOR_NAMES[name], tok))
            elif str(tok).startswith("\\text") and name in ("otherwise", "else", "if"):
                out.append(Token.new_borrow_pos("TEXT", name, tok))
            else:
                raise _error(claim, what, tok.column, f"unknown function {tok} (known: {', '.join(sorted(OPERATOR_NAMES))})")
        elif kind == "TEXT":
            words = re.search(r"\{([^{}]*)\}", str(tok)).group(1).strip().rstrip(",").strip()
            if words in ("otherwise", "else", "sinon", "if", "for", ""):
                if words not in ("", "if", "for"):
                    out.append(Token.new_borrow_pos("OTHERWISE", words, tok))
            else:
                raise _error(claim, what, tok.column, f"unsupported text {tok} (only \\text{{otherwise}} and \\text{{if}})")
        elif kind == "MATHBB":
            letter = re.search(r"\{\s*(\S)\s*\}", str(tok)).group(1)
            out.append(Token.new_borrow_pos("INDICATOR" if letter == "1" else "MATHBB", letter, tok))
        elif kind == "MATHBF":
            letter = re.search(r"\{\s*(\S)\s*\}", str(tok)).group(1)
            if letter == "1":
                out.append(Token.new_borrow_pos("INDICATOR", "1", tok))
            else:
                raise _error(claim, what, tok.column, f"{tok} is a vector: {VECTORS_UNSUPPORTED}")
        elif kind == "NORM":
            raise _error(claim, what, tok.column, f"the norm \\| ... \\| takes a vector: {VECTORS_UNSUPPORTED}")
        elif kind == "ESCBRACE":  # \{ ... \} as brackets: \max\{a, b\}, \mathbb{1}\{x > 0\}
            out.append(Token.new_borrow_pos("LPAR" if str(tok) == "\\{" else "RPAR", str(tok), tok))
        elif kind == "NUMBER":
            if len(tok) > MAX_DIGITS:
                raise _error(claim, what, tok.column, f"a number with {len(tok)} digits is too long (at most {MAX_DIGITS})")
            out.append(tok)
        else:
            out.append(tok)
    return out


# --- stage 2: rewriting with context -------------------------------------------------------------

_ENDS_VALUE = {"NUMBER", "LETTER", "GREEK", "RPAR", "RBRACK", "RBRACE", "BAR_CLOSE", "RFLOOR", "RCEIL", "INFTY", "END_CASES"}
_OPENERS = {"LPAR": "RPAR", "LBRACK": "RBRACK", "LBRACE": "RBRACE", "BAR_OPEN": "BAR_CLOSE",
            "LFLOOR": "RFLOOR", "LCEIL": "RCEIL", "BEGIN_CASES": "END_CASES"}


def _new(kind: str, value: str, like: Token) -> Token:
    return Token.new_borrow_pos(kind, value, like)


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
        raise _error(claim, what, toks[i].column, "cannot read the order of this derivative")
    var, order = den_order
    if not var or var[0].type not in ("LETTER", "GREEK") or any(t.type in ("PARTIAL",) or (t.type == "LETTER" and t == "d" and k > 0 and var[k - 1].type != "UNDERSCORE") for k, t in enumerate(var)):
        raise _error(claim, what, toks[i].column, "only derivatives with respect to one variable are supported (d/dx, ∂/∂x, d²/dx²)")
    if num_order[1] != order:
        raise _error(claim, what, toks[i].column, f"the derivative's orders differ: d^{num_order[1]} over dx^{order}")
    if order > MAX_DERIVATIVE_ORDER:
        raise _error(claim, what, toks[i].column, f"derivative of order {order} (at most {MAX_DERIVATIVE_ORDER})")
    kind = "partial" if num[0].type == "PARTIAL" else "d"
    out = [_new("DERIV", kind, toks[i]), *var, _new("ORDER", str(order), toks[i])]
    if body:
        out += [_new("LPAR", "(", body[0]), *body, _new("RPAR", ")", body[-1])]
    return out, den_end


def _rewrite(toks: list[Token], claim: str, what: str, functions: dict) -> list[Token]:
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
        if t.type == "PARTIAL":
            raise _error(claim, what, t.column, r"'\partial' outside a derivative \frac{\partial}{\partial x}")
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
            rest = str(t)[1:]
            sign = "^" if toks[k - 1].type == "CARET" else "_"
            raise _error(claim, what, t.column, f"{sign}{t} means {sign}{t[0]} followed by {t[1:]} in LaTeX: write {sign}{{{t}}}")
        else:
            out.append(t)
    toks = out

    # \left / \right, and | as an opening or closing bar
    out = []
    bars = 0
    k = 0
    while k < len(toks):
        t = toks[k]
        if t.type in ("LEFT", "RIGHT"):
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if nxt is None:
                raise _error(claim, what, t.column, f"\\{t} must be followed by a bracket")
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
        if t.type in ("LETTER", "GREEK") and str(t) in functions:
            if nxt is None or nxt.type not in ("LPAR", "UNDERSCORE", "CARET"):
                raise _error(claim, what, t.column, f"{t} is declared as a function ({functions[str(t)]}): write {t}(...)")
            out.append(_new("FUNC", "user:" + str(t), t))
        elif t.type == "GREEK" and t == "sigma" and nxt is not None and nxt.type == "LPAR":
            out.append(_new("FUNC", "sigmoid", t))
        else:
            out.append(t)
    toks = out

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
                raise _error(claim, what, t.column, f"brackets nested more than {MAX_DEPTH} deep")
        elif t.type in _OPENERS.values():
            depth -= 1
    return toks


# --- stage 3: grammar ----------------------------------------------------------------------------

_GRAMMAR = r"""
%declare PLUS MINUS EQ LT GT LE GE NE IN IFF TO LPAR RPAR LBRACK RBRACK LBRACE RBRACE CARET UNDERSCORE
%declare COMMA AMP SLASH BAR_OPEN BAR_CLOSE NUMBER LETTER GREEK FRAC SQRT CDOT TIMES INFTY FUNC DERIV
%declare ORDER LIM SUM INT DIFF LFLOOR RFLOOR LCEIL RCEIL INDICATOR BEGIN_CASES END_CASES ROWSEP
%declare OTHERWISE MATHBB DOT PRIME TEXT SIDE

statement: iff_chain
condition: iff_chain
         | symlist IN set           -> membership

iff_chain: rel_chain (IFF rel_chain)*
rel_chain: expr (rel expr)*
!rel: EQ | LT | GT | LE | GE | NE

symlist: symbol (COMMA symbol)*
set: MATHBB (CARET script)?                        -> named_set
   | MATHBB UNDERSCORE script                      -> named_set_sub
   | (LPAR | LBRACK) expr COMMA expr (RPAR | RBRACK) -> interval_set

?expr: sum
?sum: signed
    | sum PLUS product              -> add
    | sum MINUS product             -> sub
?signed: product
    | MINUS product                 -> neg
    | PLUS product                  -> pos
?product: factor
    | prefixed
    | product factor                -> mul
    | product prefixed              -> mul
    | product CDOT factor           -> mul
    | product TIMES factor          -> mul
    | product SLASH factor          -> div
prefixed: DERIV symbol ORDER product                                     -> derivative
        | LIM UNDERSCORE LBRACE symbol TO limit_target RBRACE product     -> limit
        | SUM UNDERSCORE LBRACE symbol EQ expr RBRACE CARET script product -> summation
        | INT UNDERSCORE script CARET script product DIFF symbol          -> integral
        | INT UNDERSCORE script CARET script DIFF symbol                  -> integral_one
?limit_target: expr
    | expr SIDE                     -> one_sided
?factor: atom
    | atom CARET script             -> power
?script: LBRACE expr RBRACE
    | NUMBER                        -> number
    | symbol
    | INFTY                         -> infinity
    | MINUS NUMBER                  -> neg_number
?atom: symbol
    | NUMBER                        -> number
    | INFTY                         -> infinity
    | LPAR expr RPAR
    | LBRACK expr RBRACK
    | LBRACK expr RBRACK UNDERSCORE PLUS          -> positive_part
    | LBRACK expr RBRACK UNDERSCORE LBRACE PLUS RBRACE -> positive_part
    | LBRACE expr RBRACE
    | BAR_OPEN expr BAR_CLOSE       -> abs
    | LFLOOR expr RFLOOR            -> floor
    | LCEIL expr RCEIL              -> ceil
    | FRAC script script            -> frac
    | SQRT script                   -> sqrt
    | SQRT LBRACK expr RBRACK script -> nth_root
    | call
    | INDICATOR UNDERSCORE LBRACE iff_chain RBRACE -> indicator
    | INDICATOR LPAR iff_chain RPAR               -> indicator
    | BEGIN_CASES case_row (ROWSEP case_row)* ROWSEP? END_CASES -> cases
symbol: (LETTER | GREEK) (UNDERSCORE subscript)?
?subscript: sub_item
    | LBRACE sub_item+ RBRACE       -> sub_group
?sub_item: LETTER | GREEK | NUMBER | COMMA
call: FUNC (UNDERSCORE script)? (CARET script)? LPAR args RPAR
    | FUNC (UNDERSCORE script)? (CARET script)? bare_arg
?bare_arg: bare_atom
    | bare_atom CARET script        -> power
?bare_atom: symbol
    | NUMBER                        -> number
    | LBRACE expr RBRACE
    | FRAC script script            -> frac
    | SQRT script                   -> sqrt
    | call
    | BAR_OPEN expr BAR_CLOSE       -> abs
args: iff_chain (COMMA iff_chain)*
case_row: expr COMMA? AMP case_condition COMMA? DOT?
?case_condition: iff_chain
    | OTHERWISE                     -> otherwise
"""


class _FeedLexer(Lexer):
    """Hands the already rewritten token list to the LALR parser."""

    def __init__(self, lexer_conf):
        pass

    def lex(self, lexer_state, parser_state=None):
        yield from getattr(lexer_state, "text", lexer_state)


_PARSER = Lark(_GRAMMAR, parser="lalr", lexer=_FeedLexer, start=["statement", "condition"], propagate_positions=True)


# --- stage 3: the transformer --------------------------------------------------------------------


@dataclass(frozen=True)
class Rounded:
    """A decimal as written: ``1.414`` stands for any value that rounds to it (± ``half_ulp``)."""

    value: Rational
    half_ulp: Rational
    text: str

    def __neg__(self) -> "Rounded":
        text = self.text[1:] if self.text.startswith("-") else "-" + self.text
        return Rounded(-self.value, self.half_ulp, text)


@dataclass(frozen=True)
class Chain:
    """``A rel B rel C ...`` as written; ``spans`` are the members' (start, end) in the source."""

    members: tuple
    relations: tuple[str, ...]
    spans: tuple[tuple[int, int], ...] = ()

    def conditions(self) -> Boolean:
        """The chain as a SymPy condition (for cases, indicators and ``where``)."""
        parts = [_relation(r, _exact(a), _exact(b), evaluate=True) for r, a, b in zip(self.relations, self.members, self.members[1:])]
        return And(*parts) if len(parts) != 1 else parts[0]


@dataclass(frozen=True)
class Iff:
    """``A \\iff B`` between two conditions."""

    left: Boolean
    right: Boolean


@dataclass(frozen=True)
class Membership:
    """``x, y \\in S``: S is ("R"|"Z"|"N"|"N+"|"R+"|"R-") or an interval (lo, hi, lo_open, hi_open)."""

    symbols: tuple[Symbol, ...]
    set_kind: str
    interval: tuple | None = None


_RELATIONS = {"=": Eq, "<": Lt, ">": Gt, "\\le": Le, "\\leq": Le, "\\ge": Ge, "\\geq": Ge, "\\neq": Ne}


def _relation(kind: str, a, b, *, evaluate: bool):
    cls = {"EQ": Eq, "LT": Lt, "GT": Gt, "LE": Le, "GE": Ge, "NE": Ne}[kind]
    return cls(a, b, evaluate=evaluate)


def _exact(value):
    if isinstance(value, Rounded):
        return value.value
    if isinstance(value, (Chain, Iff)):
        raise _SemanticError("a condition is used where a number is expected")
    if isinstance(value, tuple):
        raise _SemanticError("a list (a, b) is used where a number is expected")
    return value


class _SemanticError(Exception):
    """Raised inside the transformer; turned into a LatexParseError with the position."""

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.column = column


def _bits(n: Integer) -> int:
    return abs(int(n)).bit_length()


def _checked_pow(base, exponent, column):
    """base^exponent, refusing integers of more than MAX_INTEGER_BITS bits (9^{9^{9^9}})."""
    b, e = _exact(base), _exact(exponent)
    if b.is_Rational and e.is_Integer:
        size = max(_bits(b.p), _bits(b.q))
        if size > 1 and abs(int(e)) * size > MAX_INTEGER_BITS:
            raise _SemanticError(f"the number {b}^{e} is too large to build (more than {MAX_INTEGER_BITS} bits)", column)
    if b.is_Rational and e.is_Rational and not e.is_Integer:
        if max(_bits(b.p), _bits(b.q)) * abs(e.p) > 64 * MAX_INTEGER_BITS:
            raise _SemanticError(f"the power {b}^{e} is too large to build", column)
    elif not b.free_symbols and not e.free_symbols and _log_too_large(Abs(e) * log(Abs(b))):
        raise _SemanticError(f"the number {_short(b)}^{_short(e)} is too large (or too small) to work with (more than {MAX_INTEGER_BITS} bits)", column)
    return Pow(b, e)


def _short(value, width: int = 40) -> str:
    text = str(value)
    return text if len(text) <= width else text[:width - 1] + "…"


_MAX_LOG = MAX_INTEGER_BITS * math.log(2)  # natural log of the largest magnitude a constant may have


def _log_too_large(log_magnitude) -> bool:
    r"""Is a constant's log-magnitude beyond ``_MAX_LOG``?

    Why: SymPy compares and floors constants by evaluating them, and ``e^{e^{e^{e}}}`` has
    1.6 million digits, so ``\lfloor e^{e^{e^e}} \rfloor`` would hang instead of failing. Every
    constant is checked as it is built, so the ones this evaluates are themselves of bounded size.
    """
    try:
        value = log_magnitude.evalf(15)
    except (ValueError, TypeError, ArithmeticError):  # pragma: no cover - leave it to SymPy
        return False
    return bool(value.is_extended_real and value.is_number and value > _MAX_LOG)


def _col(item) -> int | None:
    if isinstance(item, Token):
        return item.column
    if isinstance(item, Tree) and not item.meta.empty:
        return item.meta.column
    return None


_FUNCTION_ARITY = {"max": None, "min": None, "leaky_relu": 1}


class _Build(Transformer):
    """Parse tree -> SymPy, one whitelisted constructor per rule."""

    def __init__(self, functions: dict[str, str], source: str):
        super().__init__(visit_tokens=False)
        self.functions = functions
        self.source = source

    # relations and conditions
    def statement(self, items):
        return items[0]

    def condition(self, items):
        return items[0]

    def iff_chain(self, items):
        chains = [c for c in items if not isinstance(c, Token)]
        if len(chains) == 1:
            return chains[0]
        conds = [self._as_condition(c) for c in chains]
        if len(conds) != 2:
            raise _SemanticError("write one \\iff between two conditions", _col(items[1]))
        return Iff(conds[0], conds[1])

    def _as_condition(self, c):
        if isinstance(c, Chain) and c.relations:
            return c.conditions()
        if isinstance(c, Iff):
            return Equivalent(c.left, c.right)
        raise _SemanticError("\\iff needs a condition (a relation such as x > 0) on each side")

    def rel_chain(self, items):
        members = items[0::2]
        rels = [r.children[0] for r in items[1::2]]
        if not rels:
            return members[0]
        spans = []
        starts = [0] + [r.end_pos for r in rels]
        ends = [r.start_pos for r in rels] + [len(self.source)]
        spans = tuple(zip(starts, ends))
        return Chain(tuple(members), tuple(r.type for r in rels), spans)

    def rel(self, items):
        return Tree("rel", items)

    def membership(self, items):
        symbols, _, set_ = items
        return Membership(tuple(symbols), *set_)

    def symlist(self, items):
        return [s for s in items if not isinstance(s, Token)]

    def named_set(self, items):
        letter = str(items[0])
        if len(items) > 2:
            sup = items[2]
            if sup == S.One:
                pass
            elif isinstance(sup, Symbol) and str(sup) in ("+",):
                return ("N+" if letter == "N" else letter + "+", None)
            else:
                raise _SemanticError(f"\\mathbb{{{letter}}}^{{{sup}}} is a set of vectors or matrices: {VECTORS_UNSUPPORTED}", _col(items[0]))
        if letter not in ("R", "Z", "N"):
            raise _SemanticError(f"unknown set \\mathbb{{{letter}}} (use \\mathbb{{R}}, \\mathbb{{Z}}, \\mathbb{{N}} or an interval)", _col(items[0]))
        return (letter, None)

    def named_set_sub(self, items):
        letter = str(items[0])
        raise _SemanticError(f"\\mathbb{{{letter}}}_{{...}} is not supported; write e.g. n \\in \\mathbb{{N}}, n \\geq 1", _col(items[0]))

    def interval_set(self, items):
        lo_tok, lo, _, hi, hi_tok = items
        return ("interval", (_exact(lo), _exact(hi), lo_tok.type == "LPAR", hi_tok.type == "RPAR"))

    # arithmetic
    def add(self, items):
        return _exact(items[0]) + _exact(items[2])

    def sub(self, items):
        return _exact(items[0]) - _exact(items[2])

    def neg(self, items):
        value = items[1]
        return -value if isinstance(value, Rounded) else -_exact(value)

    def pos(self, items):
        return items[1]

    def mul(self, items):
        a, b = items[0], items[-1]
        return _exact(a) * _exact(b)

    def div(self, items):
        return _exact(items[0]) / _exact(items[2])

    def power(self, items):
        base, caret, exponent = items
        return _checked_pow(base, exponent, caret.column)

    def number(self, items):
        text = str(items[0])
        if "." in text:
            digits = len(text.split(".")[1])
            return Rounded(Rational(text), Rational(1, 2 * 10**digits), text)
        return Integer(text)

    def neg_number(self, items):
        return -self.number(items[1:])

    def infinity(self, items):
        return oo

    def one_sided(self, items):
        return (_exact(items[0]), str(items[1]))

    # atoms
    def __default__(self, data, children, meta):
        # LPAR expr RPAR and friends are inlined to their token list; keep the expression
        values = [c for c in children if not isinstance(c, Token)]
        if len(values) == 1:
            return values[0]
        raise _SemanticError(f"unexpected construct {data}")  # pragma: no cover

    def symbol(self, items):
        name = str(items[0])
        sub = items[2] if len(items) > 2 else None
        if sub is None:
            if name == "e":
                return E
            if name == "pi":
                return pi
            return Symbol(name, real=True)
        if isinstance(sub, Token):
            sub = [sub]
        parts = [str(t) for t in sub]
        if name == "delta":
            letters = [p for p in parts if p != ","]
            if len(letters) == 2:
                i, j = (Symbol(p, real=True) for p in letters)
                return indicator(Eq(i, j))
        text = "".join(parts)
        return Symbol(f"{name}_{text}", real=True)

    def sub_group(self, items):
        return [t for t in items[1:-1]]

    def abs(self, items):
        return Abs(_exact(items[1]))

    def floor(self, items):
        return floor(_exact(items[1]))

    def ceil(self, items):
        return ceiling(_exact(items[1]))

    def positive_part(self, items):
        return relu(_exact(items[1]))

    def frac(self, items):
        num, den = _exact(items[1]), _exact(items[2])
        if den == 0:
            raise _SemanticError("division by zero in \\frac", _col(items[0]))
        return num / den

    def sqrt(self, items):
        return sqrt(_exact(items[1]))

    def nth_root(self, items):
        n = _exact(items[2])
        if not (n.is_Integer and 2 <= n <= 100):
            raise _SemanticError(f"\\sqrt[{n}] needs a whole index from 2 to 100", _col(items[0]))
        return root(_exact(items[4]), n)

    def indicator(self, items):
        [cond] = [c for c in items if not isinstance(c, Token)]
        return indicator(self._as_condition(cond))

    def cases(self, items):
        rows = [r for r in items if isinstance(r, tuple)]
        pieces = []
        for value, cond in rows:
            pieces.append((_exact(value), cond))
        if any(c is S.true for _, c in pieces[:-1]):
            raise _SemanticError("\\text{otherwise} must be the last case", _col(items[0]))
        return Piecewise(*pieces)

    def case_row(self, items):
        values = [c for c in items if not isinstance(c, Token)]
        value, cond = values[0], values[1]
        if cond is not S.true:
            cond = self._as_condition(cond)
        return (value, cond)

    def otherwise(self, items):
        return S.true

    # calculus
    def derivative(self, items):
        _, var, order, body = items
        body = _exact(body)
        if isinstance(body, Symbol) and body != var:
            raise _SemanticError(f"the derivative of {body}, which does not depend on {var}: write out what {body} is", _col(items[0]))
        return Derivative(body, (var, int(order)))

    def limit(self, items):
        var, target, body = items[3], items[5], items[7]
        direction = "+-"
        if isinstance(target, tuple):
            target, direction = target
        target = _exact(target)
        if target.free_symbols:
            raise _SemanticError("the limit point must be a number or \\infty", _col(items[0]))
        if target in (oo, -oo):
            direction = "-" if target == oo else "+"
        return Limit(_exact(body), var, target, direction)

    def summation(self, items):
        var, lo, hi, body = items[3], _exact(items[5]), _exact(items[8]), _exact(items[9])
        index = Symbol(str(var), integer=True)
        for s in body.free_symbols:
            name = str(s)
            if "_" in name and str(var) in re.split(r"[_,]", name.split("_", 1)[1]):
                raise _SemanticError(f"the sum's index {var} appears in the subscript of {s}: indexed sums are vectors; {VECTORS_UNSUPPORTED}", _col(items[0]))
        if not (lo.is_integer or lo.free_symbols) or not (hi.is_integer or hi.free_symbols or hi == oo):
            raise _SemanticError("the limits of a sum must be whole numbers or symbols", _col(items[0]))
        return Sum(body.xreplace({var: index}), (index, lo, hi))

    def integral(self, items):
        lo, hi, body, var = _exact(items[2]), _exact(items[4]), _exact(items[5]), items[7]
        return Integral(body, (var, lo, hi))

    def integral_one(self, items):
        lo, hi, var = _exact(items[2]), _exact(items[4]), items[6]
        return Integral(S.One, (var, lo, hi))

    # functions
    def args(self, items):
        return [a for a in items if not isinstance(a, Token)]

    def call(self, items):
        head = items[0]
        name = str(head)
        sub = sup = None
        rest = items[1:]
        while rest and isinstance(rest[0], Token) and rest[0].type in ("UNDERSCORE", "CARET"):
            if rest[0].type == "UNDERSCORE":
                sub = rest[1]
            else:
                sup = rest[1]
            rest = rest[2:]
        if rest and isinstance(rest[0], Token) and rest[0].type == "LPAR":
            args = rest[1]
        else:
            args = [rest[0]]
        value = self._apply(name, sub, args, head.column)
        if sup is not None:
            if sup == -1 and name in ("sin", "cos", "tan"):
                raise _SemanticError(f"\\{name}^{{-1}} is ambiguous: write \\arc{name}", head.column)
            value = _checked_pow(value, sup, head.column)
        return value

    def _apply(self, name: str, sub, args: list, column: int):
        if name.startswith("user:"):
            letter = name[5:]
            target = self.functions[letter]
            if target == "softmax":
                raise _SemanticError(f"{letter} = softmax takes a vector: {VECTORS_UNSUPPORTED}", column)
            name = target
        if name == "indicator":
            if len(args) != 1:
                raise _SemanticError("the indicator takes one condition", column)
            return indicator(self._as_condition(args[0]))
        if name == "leaky_relu":
            values = [_exact(a) for a in args]
            if sub is not None and len(values) == 1:
                return leaky_relu(values[0], _exact(sub))
            if sub is None and len(values) == 2:
                return leaky_relu(values[0], values[1])
            raise _SemanticError("LeakyReLU needs its slope: \\operatorname{LeakyReLU}_\\alpha(x)", column)
        if name == "log" and sub is not None:
            base = _exact(sub)
            if len(args) != 1:
                raise _SemanticError("\\log takes one argument", column)
            return log(_exact(args[0]), base)
        if sub is not None:
            raise _SemanticError(f"{name} takes no subscript", column)
        if name == "softmax":
            raise _SemanticError(f"softmax takes a vector: {VECTORS_UNSUPPORTED}", column)
        values = [_exact(a) for a in args]
        if name in ("max", "min"):
            if len(values) < 2:
                raise _SemanticError(f"\\{name} needs at least two arguments", column)
            return (Max if name == "max" else Min)(*values)
        if len(values) != 1:
            raise _SemanticError(f"{name} takes one argument, got {len(values)}", column)
        fn = _FUNCTIONS.get(name)
        if fn is None:  # pragma: no cover - COMMANDS and OPERATOR_NAMES only produce known names
            raise _SemanticError(f"unknown function {name}", column)
        if name in ("exp", "sinh", "cosh", "sech") and not values[0].free_symbols and _log_too_large(Abs(values[0])):
            raise _SemanticError(f"{name}({_short(values[0])}) is too large (or too small) to work with (more than {MAX_INTEGER_BITS} bits)", column)
        return fn(values[0])


_FUNCTIONS = {
    "sin": sin, "cos": cos, "tan": tan, "arcsin": asin, "arccos": acos, "arctan": atan,
    "sinh": sinh, "cosh": cosh, "tanh": tanh, "sech": lambda x: 1 / cosh(x),
    "exp": exp, "ln": log, "log": log, "sigmoid": sigmoid, "softplus": softplus, "sign": sign,
    "relu": relu, "heaviside": lambda x: Heaviside(x, S.Half),
}
for _name, _fn in BUILTIN_FUNCTIONS.items():
    _FUNCTIONS.setdefault(_name, _fn)

KNOWN_FUNCTION_NAMES = sorted(set(BUILTIN_FUNCTIONS) | {"softmax"})


def _too_deep(tree: Tree) -> Tree | None:
    """The first node deeper than MAX_TREE_DEPTH (without recursion), or None."""
    stack = [(tree, 1)]
    while stack:
        node, d = stack.pop()
        if d > MAX_TREE_DEPTH:
            return node
        stack.extend((c, d + 1) for c in node.children if isinstance(c, Tree))
    return None


def _describe_expected(expected) -> str:
    names = sorted({_TERMINAL_NAMES.get(e, e) for e in expected})
    if len(names) > 8:
        names = names[:8] + ["..."]
    return ", ".join(names)


def _parse(text: str, start: str, *, claim: str, what: str, functions: dict[str, str] | None):
    if not isinstance(text, str):
        raise _error(claim, what, None, f"expected LaTeX text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise _error(claim, what, MAX_LENGTH + 1, f"{len(text)} characters is too long (at most {MAX_LENGTH})")
    if not text.strip():
        raise _error(claim, what, 1, "empty")
    functions = dict(functions or {})
    for name, target in functions.items():
        if target not in KNOWN_FUNCTION_NAMES:
            raise _error(claim, "functions", None, f"{name} = {target!r} is not a built-in function (known: {', '.join(KNOWN_FUNCTION_NAMES)})")
    for uni, tex in _UNICODE.items():
        text = text.replace(uni, tex)
    tokens = _rewrite(_tokens(text, claim, what), claim, what, functions)
    try:
        tree = _PARSER.parse(tokens, start=start)
    except UnexpectedToken as exc:
        tok = exc.token
        if tok.type == "$END":
            raise _error(claim, what, len(text) + 1, f"unexpected end of input; expected {_describe_expected(exc.expected)}") from None
        shown = "|" if tok.type.startswith("BAR") else str(tok)
        raise _error(claim, what, tok.column, f"unexpected {shown!r}; expected {_describe_expected(exc.expected)}") from None
    except UnexpectedInput as exc:  # pragma: no cover - the feed lexer raises no others
        raise _error(claim, what, getattr(exc, "column", None), str(exc)) from None
    too_deep = _too_deep(tree)
    if too_deep is not None:
        raise _error(claim, what, _col(too_deep), f"the expression is nested too deeply (more than {MAX_TREE_DEPTH} levels)")
    try:
        with reading_deadline():
            return _Build(functions, text).transform(tree)
    except VisitError as exc:
        cause = exc.orig_exc
        if isinstance(cause, ReadingTooSlow):
            raise _error(claim, what, _col(exc.obj), f"{cause} (a constant too costly to evaluate?)") from None
        if isinstance(cause, _SemanticError):
            column = cause.column if cause.column is not None else _col(exc.obj)
            raise _error(claim, what, column, str(cause)) from None
        if isinstance(cause, LatexParseError):
            raise cause from None
        if isinstance(cause, (RecursionError, MemoryError, OverflowError)):
            raise _error(claim, what, _col(exc.obj), f"too large or too deep to build ({type(cause).__name__})") from None
        raise _error(claim, what, _col(exc.obj), f"cannot build this expression: {type(cause).__name__}: {cause}") from None
    except ReadingTooSlow as exc:  # the alarm came between two rules
        raise _error(claim, what, 1, f"{exc} (a constant too costly to evaluate?)") from None


def parse_statement(text: str, *, claim: str = "", functions: dict[str, str] | None = None):
    """A statement: a ``Chain`` of relations, an ``Iff`` of two conditions, or (no relation) an Expr."""
    return _parse(text, "statement", claim=claim, what="statement", functions=functions)


def parse_condition(text: str, *, claim: str = "", functions: dict[str, str] | None = None, what: str = "where"):
    """A ``where`` entry: a ``Chain`` (x > 0, 0 < a < 1, η = 1/10) or a ``Membership`` (n ∈ ℕ)."""
    return _parse(text, "condition", claim=claim, what=what, functions=functions)
