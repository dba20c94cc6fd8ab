r"""Parse a person's LaTeX into SymPy objects: a lark grammar and a whitelist, never ``eval``.

SymPy's ``sympify``/``parse_expr`` run Python code and its ``parse_latex`` guesses (it reads
``\operatorname{sign}(x)`` as a product of letters and drops unparsed tails), so derivcheck has
its own parser in three stages:

1. **tokens** -- a lark lexer (``_LEXER``) cuts the text into tokens; every ``\command`` is looked
   up in ``COMMANDS`` (or is a Greek letter) and anything else is an error naming the command and
   its column;
2. **rewriting** (``rewrite_tokens``) -- context the grammar cannot see: ``|`` opens or closes an
   absolute value, ``\frac{d}{dx}`` is a derivative operator, ``d t`` ends an integral, a name
   declared in ``functions`` followed by ``(`` is a call, depth and size limits;
3. **grammar + transformer** -- a LALR grammar (``_GRAMMAR``) and ``_Build``, which builds SymPy
   objects from a whitelist of constructors. Relations are built with ``evaluate=False``, so SymPy
   never decides a claim while it is being read.

Input is bounded (``MAX_LENGTH`` characters, ``MAX_DEPTH`` nested brackets, integers of at most
``MAX_INTEGER_BITS`` bits, so ``9^{9^{9^9}}`` is refused instead of computed).

To add a command: map it in ``COMMANDS`` to a token type (a new type needs a grammar rule), or
to ``FUNC`` with a builder in ``_ELEMENTARY`` (a built-in goes in ``core.functions.FUNCTIONS``).
"""

from __future__ import annotations

import math
import re

from lark import Lark, Token, Transformer, Tree
from lark.exceptions import UnexpectedInput, UnexpectedToken, VisitError
from lark.lexer import Lexer
from dataclasses import replace


from sympy import (
    erf,
    Abs,
    Basic,
    Derivative,
    Dummy,
    E,
    Eq,
    Equivalent,
    Integer,
    Integral,
    Limit,
    Max,
    Min,
    Piecewise,
    Pow,
    Product,
    Rational,
    S,
    Subs,
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
    sin,
    sinh,
    sqrt,
    tan,
)

from ..core.deadline import ReadingTooSlow, reading_deadline
from ..core.errors import LatexParseError
from ..core.functions import FUNCTIONS, indicator, relu, sigmoid
from .statements import Chain, Iff, Membership, Rounded, approximation, exact_number, whole_number_range
from .letters import GREEK
from .tokens import BARE_SIGMA, TERMINAL_NAMES, ascii_latex, parse_error, rewrite_tokens, tokenize
from .statements import SemanticError
from .tokens import MAX_INTEGER_BITS, MAX_LENGTH, MAX_TREE_DEPTH, VECTOR_ARGUMENT

__all__ = [
    "parse_statement",
    "parse_condition",
    "Chain",
    "Membership",
    "Rounded",
    "MAX_LENGTH",
    "MAX_INTEGER_BITS",
]

# --- stage 1: tokens -----------------------------------------------------------------------------

# --- stage 2: rewriting with context -------------------------------------------------------------

# --- stage 3: grammar ----------------------------------------------------------------------------

_GRAMMAR = r"""
%declare PLUS MINUS EQ LT GT LE GE NE APPROX IN IFF TO LPAR RPAR LBRACK RBRACK LBRACE RBRACE CARET UNDERSCORE
%declare COMMA AMP SLASH BAR_OPEN BAR_CLOSE NUMBER LETTER GREEK FRAC SQRT CDOT TIMES INFTY FUNC DERIV
%declare ORDER LIM SUM INT DIFF LFLOOR RFLOOR LCEIL RCEIL INDICATOR BEGIN_CASES END_CASES ROWSEP
%declare OTHERWISE MATHBB DOT PRIME TEXT SIDE PROD DOTS EVAL_OPEN EVAL_CLOSE

statement: iff_chain
condition: iff_chain
         | symlist IN set           -> membership

iff_chain: rel_chain (IFF rel_chain)*
rel_chain: expr (rel expr)*
!rel: EQ | LT | GT | LE | GE | NE | APPROX

symlist: symbol (COMMA symbol)*
set: MATHBB (CARET script)?                        -> named_set
   | MATHBB UNDERSCORE script                      -> named_set_sub
   | (LPAR | LBRACK) expr (COMMA set_item)+ (RPAR | RBRACK) -> listed_set
?set_item: expr | DOTS

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
    | product CDOT prefixed         -> mul
    | product TIMES factor          -> mul
    | product TIMES prefixed        -> mul
    | product SLASH factor          -> div
prefixed: DERIV symbol ORDER product                                     -> derivative
        | LIM UNDERSCORE LBRACE symbol TO limit_target RBRACE product     -> limit
        | SUM UNDERSCORE LBRACE symbol EQ expr RBRACE CARET script product -> summation
        | SUM UNDERSCORE LBRACE symbol EQ expr RBRACE CARET script (MINUS | PLUS) product -> signed_summation
        | PROD UNDERSCORE LBRACE symbol EQ expr RBRACE CARET script product -> product_of
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
    | LBRACK iff_chain RBRACK                     -> bracket
    | LBRACK iff_chain RBRACK UNDERSCORE PLUS     -> positive_part
    | LBRACK iff_chain RBRACK UNDERSCORE LBRACE PLUS RBRACE -> positive_part
    | LBRACE expr RBRACE
    | BAR_OPEN expr BAR_CLOSE       -> abs
    | EVAL_OPEN expr EVAL_CLOSE UNDERSCORE LBRACE symbol EQ expr RBRACE -> evaluated_at
    | LFLOOR expr RFLOOR            -> floor
    | LCEIL expr RCEIL              -> ceil
    | FRAC script script            -> frac
    | SQRT script                   -> sqrt
    | SQRT LBRACK expr RBRACK script -> nth_root
    | call
    | INDICATOR UNDERSCORE LBRACE iff_chain RBRACE -> indicator
    | INDICATOR LPAR iff_chain RPAR               -> indicator
    | INDICATOR LBRACK iff_chain RBRACK           -> indicator
    | BEGIN_CASES case_row (ROWSEP case_row)* ROWSEP? END_CASES -> cases
symbol: (LETTER | GREEK) (UNDERSCORE subscript)?
?subscript: sub_item
    | LBRACE sub_item+ RBRACE       -> sub_group
?sub_item: LETTER | GREEK | NUMBER | COMMA
call: FUNC PRIME+ LPAR args RPAR  -> prime_call
    | FUNC UNDERSCORE script PRIME+ LPAR args RPAR -> prime_call
    | FUNC PRIME+ UNDERSCORE script LPAR args RPAR -> prime_call
    | FUNC (UNDERSCORE script)? (CARET script)? LPAR args RPAR
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


def _bits(n: Integer) -> int:
    return abs(int(n)).bit_length()


def _checked_pow(base, exponent, column):
    """base^exponent, refusing integers of more than MAX_INTEGER_BITS bits (9^{9^{9^9}})."""
    b, e = exact_number(base), exact_number(exponent)
    if b.is_Rational and e.is_Integer:
        size = max(_bits(b.p), _bits(b.q))
        if size > 1 and abs(int(e)) * size > MAX_INTEGER_BITS:
            raise SemanticError(f"the number {b}^{e} is too large to build (more than {MAX_INTEGER_BITS} bits)", column)
    if b.is_Rational and e.is_Rational and not e.is_Integer:
        if max(_bits(b.p), _bits(b.q)) * abs(e.p) > 64 * MAX_INTEGER_BITS:
            raise SemanticError(f"the power {b}^{e} is too large to build", column)
    elif not b.free_symbols and not e.free_symbols and _log_too_large(Abs(e) * log(Abs(b))):
        raise SemanticError(f"the number {_short(b)}^{_short(e)} is too large (or too small) to work with (more than {MAX_INTEGER_BITS} bits)", column)
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


class _Build(Transformer):
    """Parse tree -> SymPy, one whitelisted constructor per rule."""

    def __init__(self, functions: dict[str, str], source: str, definitions: dict | None = None):
        super().__init__(visit_tokens=False)
        self.functions = functions
        self.source = source
        self.definitions = definitions or {}
        self.bare_sigma_at: set = set()  # variables a bare σ was differentiated by (dσ/dx reads σ(x))
        self.subscripts: dict = {}  # "x_n" -> ({"n"}, column): the letters in each subscripted name's subscript

    # relations and conditions
    def statement(self, items):
        return items[0]

    def condition(self, items):
        c = items[0]
        if isinstance(c, Chain) and "APPROX" in c.relations:  # where x \approx 0.5: no condition to sample by
            k = c.relations.index("APPROX")
            raise SemanticError("≈ is not a condition: write = for a value (x = 0.5 is exact) or an inequality",
                                c.spans[k][1] + 1 if c.spans else None)
        return c

    def iff_chain(self, items):
        chains = [c for c in items if not isinstance(c, Token)]
        if len(chains) == 1:
            return chains[0]
        conds = [self._as_condition(c) for c in chains]
        if len(conds) != 2:
            raise SemanticError("write one \\iff between two conditions", _col(items[1]))
        return Iff(conds[0], conds[1])

    def _as_condition(self, c):
        if isinstance(c, Chain) and c.relations:
            return c.conditions()
        if isinstance(c, Iff):
            return Equivalent(c.left, c.right)
        raise SemanticError("\\iff needs a condition (a relation such as x > 0) on each side")

    def rel_chain(self, items):
        members = items[0::2]
        rels = [r.children[0] for r in items[1::2]]
        if not rels:
            return members[0]
        spans = []
        starts = [0] + [r.end_pos for r in rels]
        ends = [r.start_pos for r in rels] + [len(self.source)]
        spans = tuple(zip(starts, ends))
        for k, r in enumerate(rels):
            if r.type == "APPROX":
                approximation(r, members[k], members[k + 1])
        return Chain(tuple(members), tuple(r.type for r in rels), spans)

    def rel(self, items):
        return Tree("rel", items)

    def membership(self, items):
        symbols, _, set_ = items
        if set_[0] == "Z-set":
            values, dots, shown, column = set_[1]
            try:
                lo, hi = whole_number_range(values, dots, shown, str(symbols[0]))
            except SemanticError as exc:
                raise SemanticError(str(exc), column) from None
            set_ = ("Z-range", (Integer(lo), Integer(hi), False, False))
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
                raise SemanticError(f"\\mathbb{{{letter}}}^{{{sup}}} is a set of vectors or matrices, read in a declaration only (\\mathbf{{x}} \\in \\mathbb{{{letter}}}^{{{sup}}})", _col(items[0]))
        if letter not in ("R", "Z", "N"):
            raise SemanticError(f"unknown set \\mathbb{{{letter}}} (use \\mathbb{{R}}, \\mathbb{{Z}}, \\mathbb{{N}} or an interval)", _col(items[0]))
        return (letter, None)

    def named_set_sub(self, items):
        letter = str(items[0])
        raise SemanticError(f"\\mathbb{{{letter}}}_{{...}} is not supported; write e.g. n \\in \\mathbb{{N}}, n \\geq 1", _col(items[0]))

    def listed_set(self, items):
        """``(a, b)``, ``[a, b)``, …: an interval; ``\\{0, 1\\}``, ``\\{1, 2, 3\\}``, ``\\{1, 2, \\dots, 10\\}``: the
        values listed, never the interval between them (``membership`` checks they are consecutive whole numbers)."""
        opening, closing = items[0], items[-1]
        listed = [v for v in items[1:-1] if not (isinstance(v, Token) and v.type == "COMMA")]
        dots = [k for k, v in enumerate(listed) if isinstance(v, Token)]
        values = [exact_number(v) for v in listed if not isinstance(v, Token)]
        braces = (str(opening) == "\\{", str(closing) == "\\}")
        if not any(braces) and len(listed) == 2 and not dots:
            return ("interval", (values[0], values[1], opening.type == "LPAR", closing.type == "RPAR"))
        shown = "{" + ", ".join("\\dots" if isinstance(v, Token) else v.text if isinstance(v, Rounded) else str(v) for v in listed) + "}"
        if not all(braces):
            raise SemanticError(f"a set of values is written between \\{{ and \\}} (\\{shown[:-1]}\\}}); an interval "
                                "is two numbers in ( ) or [ ]", _col(opening))
        if dots not in ([], [len(listed) - 2]):
            raise SemanticError("write \\dots once, before the last value: \\{1, 2, \\dots, 10\\}", _col(opening))
        return ("Z-set", ([int(v) if getattr(v, "is_Integer", False) else v for v in values], bool(dots), shown, _col(opening)))

    # arithmetic
    def add(self, items):
        return exact_number(items[0]) + exact_number(items[2])

    def sub(self, items):
        return exact_number(items[0]) - exact_number(items[2])

    def neg(self, items):
        value = items[1]
        return -value if isinstance(value, Rounded) else -exact_number(value)

    def pos(self, items):
        return items[1]

    def mul(self, items):
        a, b = items[0], items[-1]
        return exact_number(a) * exact_number(b)

    def div(self, items):
        return exact_number(items[0]) / exact_number(items[2])

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
        return (exact_number(items[0]), str(items[1]))

    # atoms
    def __default__(self, data, children, meta):
        # LPAR expr RPAR and friends are inlined to their token list; keep the expression
        values = [c for c in children if not isinstance(c, Token)]
        if len(values) == 1:
            return values[0]
        raise SemanticError(f"unexpected construct {data}")  # pragma: no cover

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
        self.subscripts.setdefault(f"{name}_{text}", (frozenset(p for p in parts if p != ","), _col(items[0])))
        return Symbol(f"{name}_{text}", real=True)

    def sub_group(self, items):
        return [t for t in items[1:-1]]

    def abs(self, items):
        return Abs(exact_number(items[1]))

    def floor(self, items):
        return floor(exact_number(items[1]))

    def ceil(self, items):
        return ceiling(exact_number(items[1]))

    def evaluated_at(self, items):
        r"""``\left. f \right|_{x=a}``: f with x = a (a derivative in x stays one, taken before x = a)."""
        body, var, value = items[1], items[5], exact_number(items[7])
        if not isinstance(var, Symbol):
            raise SemanticError("the bar's subscript names a variable: _{x=a}", _col(items[4]))
        if any(var in d.variables for d in body.atoms(Derivative)):
            return Subs(body, var, value)
        return body.xreplace({var: value})

    def bracket(self, items):
        """``[x]`` is a bracket; ``[x > 0]``, ``[k = y]`` (a relation inside) is Iverson's bracket: 1 where it holds."""
        inner = items[1]
        if isinstance(inner, (Chain, Iff)):
            return indicator(self._as_condition(inner))
        return inner

    def positive_part(self, items):
        if isinstance(items[1], (Chain, Iff)):
            raise SemanticError("[…]_+ takes an expression, not a relation", _col(items[0]))
        return relu(exact_number(items[1]))

    def frac(self, items):
        num, den = exact_number(items[1]), exact_number(items[2])
        if den == 0:
            raise SemanticError("division by zero in \\frac", _col(items[0]))
        return num / den

    def sqrt(self, items):
        return sqrt(exact_number(items[1]))

    def nth_root(self, items):
        n = exact_number(items[2])
        if not (n.is_Integer and 2 <= n <= 100):
            raise SemanticError(f"\\sqrt[{n}] needs a whole index from 2 to 100", _col(items[0]))
        return root(exact_number(items[4]), n)

    def indicator(self, items):
        [cond] = [c for c in items if not isinstance(c, Token)]
        return indicator(self._as_condition(cond))

    def cases(self, items):
        rows = [r for r in items if isinstance(r, tuple)]
        pieces = []
        for value, cond in rows:
            pieces.append((exact_number(value), cond))
        if any(c is S.true for _, c in pieces[:-1]):
            raise SemanticError("\\text{otherwise} must be the last case", _col(items[0]))
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
        body = exact_number(body)
        if isinstance(body, Symbol) and str(body) == BARE_SIGMA:  # dσ/dx: σ is σ(x)
            self.bare_sigma_at.add(var)
            body = sigmoid(var)
        if isinstance(body, Symbol) and body != var:
            raise SemanticError(f"the derivative of {body}, which does not depend on {var}: write out what {body} is", _col(items[0]))
        return Derivative(body, (var, int(order)))

    def limit(self, items):
        var, target, body = items[3], items[5], items[7]
        direction = "+-"
        if isinstance(target, tuple):
            target, direction = target
        target = exact_number(target)
        if target.free_symbols:
            raise SemanticError("the limit point must be a number or \\infty", _col(items[0]))
        if target in (oo, -oo):
            direction = "-" if target == oo else "+"
        body = exact_number(body)
        for s in sorted(body.free_symbols, key=str):  # x_n in lim_{n→∞} x_n: a sequence nothing defines
            letters, column = self.subscripts.get(str(s), ((), None))
            if str(var) in letters:
                base, sub = str(s).split("_", 1)
                base = "\\" + base if base in GREEK else base
                name = base + "_" + (sub if len(sub) == 1 else f"{{{sub}}}")
                raise SemanticError(f"{name} depends on {var} (the limit variable), and nothing says how: write its expression "
                                    f"(\\lim_{{{var} \\to \\infty}} \\frac{{1}}{{{var}}}), or define the sequence in where as a "
                                    f"function of {var} ({base}({var}) = …) and write {base}({var})", column or _col(items[0]))
        return Limit(body, var, target, direction)

    def product_of(self, items):
        """∏_{k=lo}^{hi} body, as a sum is read (the index an integer, the limits whole numbers or symbols)."""
        total = self.summation(items)
        return Product(*total.args)

    def signed_summation(self, items):
        """Σ_{k=1}^{n} −t_k: a summand that starts with a sign is Σ(−t_k), the only reading (a sum needs its summand)."""
        body = exact_number(items[10])
        return self.summation([*items[:9], -body if items[9].type == "MINUS" else body])

    def summation(self, items):
        var, lo, hi, body = items[3], exact_number(items[5]), exact_number(items[8]), exact_number(items[9])
        index = Symbol(str(var), integer=True)
        for s in body.free_symbols:
            name = str(s)
            if "_" in name and str(var) in re.split(r"[_,]", name.split("_", 1)[1]) + list(self.subscripts.get(name, ((),))[0]):
                raise SemanticError(f"the sum's index {var} appears in the subscript of {s}: so {str(s).split('_', 1)[0]} is an array: declare it in where ({str(s).split('_', 1)[0]} \\in \\mathbb{{R}}^n)", _col(items[0]))
            if re.search(rf"(?<![A-Za-z\\]){var}(?![A-Za-z])", name.split("^", 1)[1] if "^" in name else ""):  # ∏_i y^{(i)}
                raise SemanticError(f"the index {var} appears in the tag of {s}: one {s} for each {var} is not read in a "
                                    f"product; write the product out (y^{{(1)}} y^{{(2)}} y^{{(3)}})", _col(items[0]))
        if not (lo.is_integer or lo.free_symbols) or not (hi.is_integer or hi.free_symbols or hi == oo):
            raise SemanticError("the limits of a sum must be whole numbers or symbols", _col(items[0]))
        return Sum(body.xreplace({var: index}), (index, lo, hi))

    def integral(self, items):
        lo, hi, body, var = exact_number(items[2]), exact_number(items[4]), exact_number(items[5]), items[7]
        return Integral(body, (var, lo, hi))

    def integral_one(self, items):
        lo, hi, var = exact_number(items[2]), exact_number(items[4]), items[6]
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
            if sup.is_negative:  # f^{-1}(x): the inverse function, or 1/f(x)?
                shown = {"sigmoid": "\\sigma"}.get(name, f"\\{name}")
                inverse = {"sin": "\\arcsin", "cos": "\\arccos", "tan": "\\arctan", "sigmoid": "\\operatorname{logit}",
                           "tanh": "\\operatorname{artanh}"}.get(name, "the inverse function")
                power = "" if sup == -1 else f"^{{{-sup}}}"
                raise SemanticError(f"{shown}^{{{sup}}}(…) is ambiguous: it could mean {inverse}(…) or 1/{shown}(…){power}; "
                                    f"write ({shown}(x))^{{{sup}}} for the power", head.column)
            value = _checked_pow(value, sup, head.column)
        return value

    def prime_call(self, items):
        """f'(x), \\tanh''(x): the derivative of the function, at the argument (a value at a point when
        the argument is not a plain variable)."""
        head = items[0]
        order = sum(1 for t in items if isinstance(t, Token) and t.type == "PRIME")
        # \text{LeakyReLU}_\alpha'(z), \text{LeakyReLU}'_\alpha(z): the parameter's function, differentiated
        sub = next((items[k + 1] for k, t in enumerate(items) if isinstance(t, Token) and t.type == "UNDERSCORE"), None)
        args = next(a for a in items if isinstance(a, list))
        if len(args) != 1:
            raise SemanticError(f"{head}' takes one argument here", head.column)
        arg = exact_number(args[0])
        if isinstance(arg, Symbol):
            return Derivative(self._apply(str(head), sub, [arg], head.column), (arg, order))
        t = Dummy("t", real=True)
        return Subs(Derivative(self._apply(str(head), sub, [t], head.column), (t, order)), t, arg)

    def _apply(self, name: str, sub, args: list, column: int):
        if name.startswith("def:"):
            if sub is not None:
                raise SemanticError(f"{name[4:]} takes no subscript", column)
            return self.definitions[name[4:]].apply([exact_number(a) for a in args])
        if name.startswith("user:"):
            letter = name[5:]
            target = self.functions[letter]
            if target == "softmax":
                raise SemanticError(f"{letter} = softmax takes a vector: {VECTOR_ARGUMENT} (\\sigma is the logistic sigmoid of a number)", column)
            name = target
        if name == "indicator":
            if len(args) != 1:
                raise SemanticError("the indicator takes one condition", column)
            return indicator(self._as_condition(args[0]))
        builtin = FUNCTIONS.get(name)
        if builtin is not None and builtin.parameter:  # LeakyReLU_α(x), ELU_α(x)
            values = [exact_number(a) for a in args]
            if sub is not None and len(values) == 1:
                return builtin.build(values[0], exact_number(sub))
            if sub is None and len(values) == 2:
                return builtin.build(values[0], values[1])
            shown = builtin.read_as[0]
            raise SemanticError(f"{shown} needs its parameter: \\operatorname{{{shown}}}_\\alpha(x)", column)
        if name == "log" and sub is not None:
            base = exact_number(sub)
            if len(args) != 1:
                raise SemanticError("\\log takes one argument", column)
            return log(exact_number(args[0]), base)
        if sub is not None:
            raise SemanticError(f"{name} takes no subscript", column)
        if name == "softmax":
            raise SemanticError(f"softmax takes a vector: {VECTOR_ARGUMENT} (\\sigma is the logistic sigmoid of a number)", column)
        values = [exact_number(a) for a in args]
        if name in ("max", "min"):
            if len(values) < 2:
                raise SemanticError(f"\\{name} needs at least two arguments", column)
            return (Max if name == "max" else Min)(*values)
        if len(values) != 1:
            raise SemanticError(f"{name} takes one argument, got {len(values)}", column)
        fn = _ELEMENTARY[name] if name in _ELEMENTARY else FUNCTIONS[name].build if name in FUNCTIONS else None
        if fn is None:  # pragma: no cover - COMMANDS and OPERATOR_NAMES only produce known names
            raise SemanticError(f"unknown function {name}", column)
        if name in ("exp", "sinh", "cosh", "sech") and not values[0].free_symbols and _log_too_large(Abs(values[0])):
            raise SemanticError(f"{name}({_short(values[0])}) is too large (or too small) to work with (more than {MAX_INTEGER_BITS} bits)", column)
        return fn(values[0])


# the elementary functions; the built-ins are looked up in ``core.functions.FUNCTIONS`` when read
_ELEMENTARY = {
    "sin": sin, "cos": cos, "tan": tan, "arcsin": asin, "arccos": acos, "arctan": atan,
    "sinh": sinh, "cosh": cosh, "sech": lambda x: 1 / cosh(x), "exp": exp, "ln": log, "log": log, "erf": erf, "abs": Abs,
}


def function_targets() -> list[str]:
    """What an answer file's ``functions`` table may map a name to."""
    return sorted(set(FUNCTIONS) | {"softmax"})


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
    names = sorted({TERMINAL_NAMES.get(e, e) for e in expected})
    if len(names) > 8:
        names = names[:8] + ["..."]
    return ", ".join(names)


def _parse(text: str, start: str, *, claim: str, what: str, functions: dict[str, str] | None,
           definitions: dict | None = None, declared: frozenset = frozenset(), tagged: frozenset = frozenset()):
    if not isinstance(text, str):
        raise parse_error(claim, what, None, f"expected LaTeX text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise parse_error(claim, what, MAX_LENGTH + 1, f"{len(text)} characters is too long (at most {MAX_LENGTH})")
    if not text.strip():
        raise parse_error(claim, what, 1, "empty")
    functions = dict(functions or {})
    for name, target in functions.items():
        if target not in function_targets():
            raise parse_error(claim, "functions", None, f"{name} = {target!r} is not a built-in function (known: {', '.join(function_targets())})")
    text = ascii_latex(text)
    notes: list[str] = []
    tokens = rewrite_tokens(tokenize(text, claim, what), claim, what, functions, definitions=definitions,
                            declared=declared, notes=notes, text=text, tagged=tagged)
    try:
        tree = _PARSER.parse(tokens, start=start)
    except UnexpectedToken as exc:
        tok = exc.token
        if tok.type == "$END":
            raise parse_error(claim, what, len(text) + 1, f"unexpected end of input; expected {_describe_expected(exc.expected)}") from None
        shown = "|" if tok.type.startswith("BAR") else str(tok)
        raise parse_error(claim, what, tok.column, f"unexpected {shown!r}; expected {_describe_expected(exc.expected)}") from None
    except UnexpectedInput as exc:  # pragma: no cover - the feed lexer raises no others
        raise parse_error(claim, what, getattr(exc, "column", None), str(exc)) from None
    too_deep = _too_deep(tree)
    if too_deep is not None:
        raise parse_error(claim, what, _col(too_deep), f"the expression is nested too deeply (more than {MAX_TREE_DEPTH} levels)")
    try:
        with reading_deadline():
            builder = _Build(functions, text, definitions)
            built = builder.transform(tree)
        return _resolve_bare_sigma(built, notes, builder.bare_sigma_at, claim, what, text.find("\\sigma") + 1)
    except VisitError as exc:
        cause = exc.orig_exc
        if isinstance(cause, ReadingTooSlow):
            raise parse_error(claim, what, _col(exc.obj), f"{cause} (a constant too costly to evaluate?)") from None
        if isinstance(cause, SemanticError):
            column = cause.column if cause.column is not None else _col(exc.obj)
            raise parse_error(claim, what, column, str(cause)) from None
        if isinstance(cause, LatexParseError):
            raise cause from None
        if isinstance(cause, (RecursionError, MemoryError, OverflowError)):
            raise parse_error(claim, what, _col(exc.obj), f"too large or too deep to build ({type(cause).__name__})") from None
        raise parse_error(claim, what, _col(exc.obj), f"cannot build this expression: {type(cause).__name__}: {cause}") from None
    except ReadingTooSlow as exc:  # the alarm came between two rules
        raise parse_error(claim, what, 1, f"{exc} (a constant too costly to evaluate?)") from None


def _resolve_bare_sigma(built, notes: list, differentiated_by: set, claim: str, what: str, column: int):
    """A bare σ (not declared as a variable) is σ(v) when exactly one variable v is in play, as in
    dσ/dx = σ(1 − σ); with none or several it is refused, naming the readings. The notes say so."""
    members = built.members if isinstance(built, Chain) else (built,) if isinstance(built, Basic) else ()
    exprs = [m for m in members if isinstance(m, Basic)]
    marker = Symbol(BARE_SIGMA, real=True)
    if not any(marker in e.free_symbols for e in exprs):
        notes += [f"σ read as σ({v})" for v in sorted(differentiated_by, key=str)]
        return replace(built, notes=tuple(notes)) if isinstance(built, Chain) and notes else built
    others = sorted({s for e in exprs for s in e.free_symbols if s != marker and isinstance(s, Symbol)} | differentiated_by, key=str)
    if not others:  # nothing for a sigmoid to apply to: σ is a variable (σ² = 4)
        variable = {marker: Symbol("sigma", real=True)}
        if isinstance(built, Chain):
            return replace(built, members=tuple(m.xreplace(variable) if isinstance(m, Basic) else m for m in built.members),
                           notes=tuple(notes))
        return built.xreplace(variable)
    if len(others) != 1:
        readings = ", ".join(f"σ({s})" for s in others)
        raise parse_error(claim, what, column, f"σ alone is ambiguous: a variable σ, or the sigmoid {readings}? "
                          r"Write \sigma(x), or declare σ in where (\sigma > 0)")
    [v] = others
    notes.append(f"σ read as σ({v})")
    value = sigmoid(v)
    if isinstance(built, Chain):
        return replace(built, members=tuple(m.xreplace({marker: value}) if isinstance(m, Basic) else m for m in built.members),
                       notes=tuple(notes))
    return built.xreplace({marker: value})


def parse_statement(text: str, *, claim: str = "", functions: dict[str, str] | None = None,
                    definitions: dict | None = None, declared=frozenset(), tagged=frozenset(), what: str = "statement"):
    """A statement: a ``Chain`` of relations, an ``Iff`` of two conditions, or (no relation) an Expr.

    ``definitions``: functions the ``where`` defines (``J(\\theta) = …``); ``declared``: names it
    declares as variables (for them ``x(y)`` is a product, and a bare σ is that variable)."""
    return _parse(text, "statement", claim=claim, what=what, functions=functions,
                  definitions=definitions, declared=frozenset(declared), tagged=frozenset(tagged))


def parse_condition(text: str, *, claim: str = "", functions: dict[str, str] | None = None, what: str = "where",
                    tagged=frozenset()):
    """A ``where`` entry: a ``Chain`` (x > 0, 0 < a < 1, η = 1/10) or a ``Membership`` (n ∈ ℕ)."""
    return _parse(text, "condition", claim=claim, what=what, functions=functions, tagged=frozenset(tagged))
