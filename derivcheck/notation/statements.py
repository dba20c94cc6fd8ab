"""What a statement reads as: a chain of relations, an iff of two conditions, a membership, a rounded
decimal; and the relation a relation token stands for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.errors import LatexParseError
from ..core.functions import function_named
from .juxtaposition import group_end

from sympy import (
    And,
    Eq,
    Ge,
    Gt,
    Le,
    Lt,
    Ne,
    Rational,
    Symbol,
)
from sympy.logic.boolalg import Boolean



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
    """``A rel B rel C ...`` as written; ``spans`` are the members' (start, end) in the source;
    ``notes`` say how something was read that the text leaves implicit ("σ read as σ(x)")."""

    members: tuple
    relations: tuple[str, ...]
    spans: tuple[tuple[int, int], ...] = ()
    notes: tuple[str, ...] = ()

    def conditions(self) -> Boolean:
        """The chain as a SymPy condition (for cases, indicators and ``where``)."""
        parts = [relation(r, exact_number(a), exact_number(b), evaluate=True) for r, a, b in zip(self.relations, self.members, self.members[1:])]
        return And(*parts) if len(parts) != 1 else parts[0]


@dataclass(frozen=True)
class Definition:
    """``J(\\theta) = \\theta^2`` in a ``where``: J(a) in a statement reads as the body with θ := a."""

    name: str
    params: tuple[Symbol, ...]
    body: object
    text: str
    bare: bool = False  # L = (σ(a) − y)² names an expression: L alone, never L(…) with arguments

    def apply(self, args: list):
        if len(args) != len(self.params):
            raise SemanticError(f"{self.name} is defined with {len(self.params)} argument(s) ({self.text}), "
                                f"used here with {len(args)}")
        return self.body.xreplace(dict(zip(self.params, args)))


@dataclass(frozen=True)
class Iff:
    """``A \\iff B`` between two conditions."""

    left: Boolean
    right: Boolean


@dataclass(frozen=True)
class Membership:
    """``x, y \\in S``: S is ("R"|"Z"|"N"|"N+"|"R+"|"R-"), an interval (lo, hi, lo_open, hi_open), or
    "Z-range": the whole numbers lo..hi a written set holds (``\\{0, 1\\}``, ``\\{1, 2, 3\\}``, ``\\{1, \\dots, 10\\}``)."""

    symbols: tuple[Symbol, ...]
    set_kind: str
    interval: tuple | None = None


def whole_number_range(values: list, dots: bool, shown: str, name: str = "u", vectors: bool = False) -> tuple[int, int]:
    """(first, last) of the whole numbers a written set holds, ``values`` as written (the last one after
    ``\\dots`` when ``dots``). Only consecutive whole numbers are a range: anything else raises
    ``SemanticError`` saying what to write instead (derivcheck's domains are intervals, not finite sets);
    ``vectors``: in a claim with vectors, where ``\\mathbb{Z}`` declares a size, not a variable."""
    if not all(isinstance(v, int) for v in values):
        raise SemanticError(f"{name} \\in {shown}: a set of values must list whole numbers ({{0, 1}}, {{1, 2, 3}}, "
                            "{1, \\dots, 10}; a symbolic end as in {1, \\dots, n} only for an index of a vector); "
                            "for real values write an interval such as [0, 1]")
    listed = values[:-1] if dots else values
    if dots and (listed != list(range(listed[0], listed[0] + len(listed))) or values[-1] < listed[-1]):
        raise SemanticError(f"{name} \\in {shown}: the values before \\dots must count up by one from the first "
                            "({1, 2, \\dots, 10}) and the last must not be smaller")
    distinct = sorted(set(values))
    lo, hi = distinct[0], distinct[-1]
    if not dots and hi - lo + 1 != len(distinct):
        gaps = [str(a + 1) if b == a + 2 else f"{a + 1}..{b - 1}" for a, b in zip(distinct, distinct[1:]) if b > a + 1]
        raise SemanticError(f"{name} \\in {shown}: only consecutive whole numbers can be declared ({{0, 1}}, {{1, 2, 3}}), "
                            f"and this set skips {', '.join(gaps[:3])}: check each value as its own claim ({name} = {lo} "
                            f"in where, then {name} = {distinct[1]}, …), or declare {lo} \\le {name} \\le {hi}"
                            + ("" if vectors else f" with {name} \\in \\mathbb{{Z}}") + " if the claim must hold in between too")
    return lo, hi


_LISTED_SET = re.compile(r"^(?P<head>\s*(?P<names>[^{}]+?)\s*\\in\s*)\\\{(?P<items>[^{}]*)\\\}\s*$")
_DOTS = (r"\dots", r"\ldots", r"\cdots")


def index_set(text: str, what: str) -> str:
    r"""A ``where`` entry of a claim with vectors, where an index is declared as ``i \in \{1, \dots, n\}``:
    ``u \in \{1, 2, 3\}`` and ``i \in \{1, 2, \dots, n\}`` become that form (an index runs from 1 over
    consecutive whole numbers); any other set of whole numbers is refused saying what to write; any
    other entry is returned as it is."""
    m = _LISTED_SET.match(text)
    # \{1, 2 \dots m\} (seed 004): a \dots between values separates them as a comma would
    items = [i.strip() for part in m.group("items").split(",") for i in re.split(r"(\\[lc]?dots)(?![A-Za-z])", part)
             if i.strip()] if m else []
    if not items or not all(re.fullmatch(r"-?\d+", item) or item in _DOTS for item in items[:-1]) \
            or not re.fullmatch(r"-?\d+|[A-Za-z](_\{?[A-Za-z0-9]+\}?)?", items[-1]):
        return text
    if len(items) == 3 and items[0] == "1" and items[1] in _DOTS:  # \{1, \dots, n\}: the form itself
        return f"{m.group('head')}\\{{1, \\dots, {items[2]}\\}}"
    dots = [k for k, item in enumerate(items) if item in _DOTS]
    if not dots and not re.fullmatch(r"-?\d+", items[-1]):
        return text
    name = m.group("names").split(",")[0].strip()
    try:
        if dots not in ([], [len(items) - 2]):
            raise SemanticError(r"write \dots once, before the last value: \{1, 2, \dots, n\}")
        symbolic = dots and not re.fullmatch(r"-?\d+", items[-1])
        numbers = [int(item) for item in (items[:-1] if symbolic else items) if item not in _DOTS]
        lo, hi = whole_number_range(numbers + ([numbers[-1]] if symbolic else []), bool(dots), "{" + ", ".join(items) + "}", name,
                                    vectors=True)
        hi = items[-1] if symbolic else hi
        if lo != 1:
            raise SemanticError(f"{name} \\in {{{', '.join(items)}}}: in a claim with vectors a set of values declares an index, "
                                f"which runs from 1 (\\{{1, 2, 3\\}}, \\{{1, \\dots, n\\}}); for a label such as "
                                f"y \\in \\{{0, 1\\}} check each value as its own claim ({name} = {lo} in where, then the next), "
                                f"or write {lo} \\le {name} \\le {hi} if the claim must hold in between too")
    except SemanticError as exc:
        raise LatexParseError(f"{what}, column {len(m.group('head')) + 1}: {exc}") from None
    return f"{m.group('head')}\\{{1, \\dots, {hi}\\}}"


_RELATIONS = {"=": Eq, "<": Lt, ">": Gt, "\\le": Le, "\\leq": Le, "\\ge": Ge, "\\geq": Ge, "\\neq": Ne}


APPROXIMATION_RULE = "≈ read as: the written decimal is the value rounded or truncated to its digits"


def approximation(rel_token, left, right) -> None:
    r"""``\approx`` (or ``\simeq``: with a decimal it can only mean this) is read only between an expression
    and a written decimal: the decimal is the value rounded (within ½ unit of its last digit) or truncated
    (cut off: up to one unit nearer 0). For ln 10 = 2.302585…, ``2.30``, ``2.303`` and ``2.302`` hold and
    ``2.31``, ``2.29`` do not. Between two expressions it is an approximation, not an identity: refused,
    saying so (``e^x \approx 1 + x``), as is a whole number (``2^{10} \approx 1000``: which digits count?)."""
    if isinstance(left, Rounded) or isinstance(right, Rounded):
        return
    if any(getattr(m, "is_Integer", False) for m in (left, right)):
        what = "an expression and a whole number: write = if it is exact, or the decimals you mean"
    else:
        what = "two expressions is an approximation, not an identity, and derivcheck checks only identities: write = for an identity"
    raise SemanticError(f"\\{rel_token} between {what}; \\approx is read only against a written decimal "
                        f"(\\sigma(2) \\approx 0.88: {APPROXIMATION_RULE})", getattr(rel_token, "column", None))


def relation(kind: str, a, b, *, evaluate: bool):
    if kind == "APPROX":
        raise SemanticError("≈ is not a condition: write =, <, \\le, … (a value such as \\eta = 0.1 is exact)")
    cls = {"EQ": Eq, "LT": Lt, "GT": Gt, "LE": Le, "GE": Ge, "NE": Ne}[kind]
    return cls(a, b, evaluate=evaluate)


def exact_number(value):
    if isinstance(value, Rounded):
        return value.value
    if isinstance(value, (Chain, Iff)):
        raise SemanticError("a condition is used where a number is expected")
    if isinstance(value, tuple):
        raise SemanticError("a list (a, b) is used where a number is expected")
    return value


class SemanticError(Exception):
    """Raised inside the transformer; turned into a LatexParseError with the position."""

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.column = column


_LABEL_COMMANDS = re.compile(r"\\(tag\*?|label)\s*\{[^{}]*\}|\\(nonumber|notag)\b")
_TRAILING_NUMBER = re.compile(r"\s*(\\q?quad|\\[,;:!]|~)(\s|\\q?quad|\\[,;:!]|~)*(?:\\text\s*\{[\s\-–—]*)?"
                              r"\(\s*(\d+|[ivx]+|[a-z])\s*\)(?:\s*\})?\s*[.,;]?\s*$")  # \quad (3), \quad \text{--- (1)}
_LEADING_LABEL = re.compile(r"^\s*(?:\(\s*(\d+|[ivx]+|[a-z])\s*\)|(\d{1,2}|[ivx]{1,4}|[a-z])\))(?:\s|\\q?quad\b|\\[,;:!])+"
                            r"(?![=+\-<>^_*/)]|\\(cdot|times|le|ge|leq|geq|neq)\b)")
_CONNECTIVE = re.compile(r"^\s*(\\(Rightarrow|implies|Longrightarrow|rightarrow|therefore|because|bullet)\b"
                         r"|\\text\s*\{\s*(therefore|thus|hence|so|and|then|also|finally|now)\s*,?\s*\}\s*,?)"
                         r"(?:\s|\\q?quad\b|\\[,;:!])*")
# a sentence before the formula ("\text{Total scalar parameter } n_\theta = …", "\text{Convex objective.}"): two words
# or more, or one ending in a stop; not a name on the left (\text{N} = …) nor a function applied (\text{softmax}(z))
_PROSE = re.compile(r"^\s*\\text\s*\{([^{}]*)\}\s*[,.:;]?(?:\s|\\q?quad\b|\\[,;:!])*"
                    r"(?![\s=<>_^]|\\(le|ge|leq|geq|neq|in)\b)")
_CONDITION_WORD = re.compile(r"(?i)^(if|for|when|where|with|given|since|because|assuming|provided|unless|or)\b")
_MAPSTO = re.compile(r"^\s*([A-Za-z]|\\(?:mathbf|boldsymbol)\s*\{\s*[A-Za-z]\s*\}|\\[A-Za-z]+)\s*\\mapsto\b\s*")
_TRAILING_REMARK = re.compile(r"[,;]?(?:\s|\\q?quad\b|\\[,;:!]|~)*(\\checkmark|\\text\s*\{\s*(where|and|so|thus|hence)\s*,?\s*\}"
                              r"|\\forall\s*[A-Za-z](?:\s*,\s*[A-Za-z])*\s*\\in\s*[^=<>]*)\s*[.,:;]?\s*$")


_SHAPE_REMARK = re.compile(r",\s*((?:(?!\\in\b)[^,=])+?)\s*\\in\s*\\mathbb\s*\{\s*R\s*\}\s*\^\s*\{[^{}]*\}\s*[.,;]?\s*$")
_ENVIRONMENT = re.compile(r"\\(begin|end)\s*\{\s*(aligned|align\*?|split|gathered|equation\*?|displaymath)\s*\}")
_CONTINUES = re.compile(r"\s*(=|<|>|\\le\b|\\leq\b|\\ge\b|\\geq\b|\\leqslant\b|\\geqslant\b)")


_WRAPPERS = re.compile(r"\\(boxed|cancel|bcancel|xcancel|underbrace|overbrace)\s*\{")


def _unbox(text: str) -> str:
    """``\\boxed{X}``, ``\\cancel{X}`` → ``X``: a box or a strike is emphasis, not mathematics (the struck factor is
    still there, cancelling against its partner). ``\\underbrace{X}_{label}``, ``\\overbrace{X}^{label}`` → ``X``: the
    label is a remark on X."""
    while True:
        m = _WRAPPERS.search(text)
        if not m:
            return text
        k = group_end(text, m.end() - 1)
        if text[k - 1] != "}":
            return text  # unbalanced: the reader says where
        end = k
        script = {"underbrace": "_", "overbrace": "^"}.get(m.group(1))
        label = re.match(r"\s*" + re.escape(script) + r"\s*(\{|\\[A-Za-z]+|.)", text[k:]) if script else None
        if label:  # the label: a brace group, a command or one character
            end = group_end(text, k + label.start(1)) if label.group(1) == "{" else k + label.end()
        text = text[:m.start()] + " " + text[m.end():k - 1] + " " + text[end:]


def _join_rows(text: str) -> str:
    """An aligned display written as one chain, ``a &= b \\\\ &= c``, is ``a = b = c``; rows inside
    ``cases`` and matrices keep their ``&`` and ``\\\\``. A row that starts a new left side is refused (two claims)."""
    text = _ENVIRONMENT.sub(" ", text)
    out, depth, k = [], 0, 0
    while k < len(text):
        if text.startswith("\\begin", k) and re.match(r"\\begin\s*\{\s*(cases|[bpBvV]?matrix)\s*\}", text[k:]):
            depth += 1
        elif text.startswith("\\end", k) and re.match(r"\\end\s*\{\s*(cases|[bpBvV]?matrix)\s*\}", text[k:]):
            depth -= 1
        if depth == 0 and text.startswith("\\\\", k):
            rest = text[k + 2:].lstrip().lstrip("&")
            if rest.strip() and not _CONTINUES.match(rest):
                raise LatexParseError(f"column {k + 1}: this display holds several relations (a row starts a new left side after "
                                      f"'\\\\'): put each one in its own claim, or continue the chain with &= on the next row")
            out.append(" ")
            k += 2
            continue
        if depth == 0 and text[k] == "&" and (k == 0 or text[k - 1] != "\\"):
            out.append(" ")
            k += 1
            continue
        out.append(text[k])
        k += 1
    return "".join(out)


_INTERVAL = re.compile(r"\s*(?P<open>\\left\s*[(\[]|[(\[])(?P<lo>[^,]+),(?P<hi>[^,]+?)(?P<close>\\right\s*[)\]]|[)\]])\s*")


def interval_chain(left: str, right: str) -> str | None:
    r"""``\sigma(x) \in (0, 1)`` as the chain ``0 < \sigma(x) < 1`` (``[`` makes ``\le``; an infinite end is
    left out); None when ``right`` is not an interval."""
    m = _INTERVAL.fullmatch(right)
    if not m:
        return None
    lo, hi = m.group("lo").strip(), m.group("hi").strip()
    below = "" if re.fullmatch(r"-\s*\\infty", lo) else lo + (" < " if m.group("open") in ("(", "\\left(") else " \\le ")
    above = "" if re.fullmatch(r"\+?\s*\\infty", hi) else (" < " if m.group("close").endswith(")") else " \\le ") + hi
    return below + left.strip() + above


def strip_labels(text: str) -> tuple[str, tuple[str, ...]]:
    r"""A statement without its equation labels, and notes saying what was dropped: ``\tag{3}``,
    ``\label{…}``, ``\nonumber``, an equation number ``\quad (3)`` at the end, a question label
    ``(e)`` or ``e)`` at the start (followed by a space and not by an operator), a connective at the
    start (``\Rightarrow``, ``\therefore``, ``\text{thus, }``: the relation after it stands alone), a
    remark at the end (``\quad \forall k \in …``, ``\checkmark``, ``\text{ where}``), a sentence's final period.
    ``131,072 \quad (3)`` is 131072, not 131072·3; ``(e) \sigma'(x)`` is σ'(x), not e·σ'(x)."""
    notes = []
    stripped = _join_rows(_unbox(_LABEL_COMMANDS.sub(" ", text)))
    m = _TRAILING_NUMBER.search(stripped)
    if m:
        notes.append(f"({m.group(3)}) at the end read as an equation number")
        stripped = stripped[:m.start()]
    m = _TRAILING_REMARK.search(stripped)
    if m and m.start() > 0:
        notes.append(f"'{m.group(1).strip()}' at the end read as a remark, not checked")
        stripped = stripped[:m.start()]
    m = _SHAPE_REMARK.search(stripped)  # "A = B, \frac{\partial L}{\partial y} \in \mathbb{R}^{1 \times K}" (seed 002)
    if m and re.search(r"(?<![:<>!\\])=", stripped[:m.start()]) and re.search(r"\\frac|\\partial|\\nabla", m.group(1)):
        notes.append(f"', {m.group(1).strip()} \\in …' at the end read as a remark on a shape, not checked")
        stripped = stripped[:m.start()]
    m = _LEADING_LABEL.match(stripped)
    if m and m.group(2):  # "f) …": no opening bracket, so never a factor
        notes.append(f"{m.group(2)}) at the start read as a label")
        stripped = stripped[m.end():]
    elif m:
        label, rest = m.group(1), stripped[m.end():]
        plain = re.sub(r"\\(text\w*|operatorname\*?|math\w+)\s*\{[^{}]*\}|\\[A-Za-z]+", " ", rest)
        if label == "e":
            plain = re.sub(r"e\s*\^", " ", plain)  # e^{…} is Euler's number
        if len(label) == 1 and label.isalpha() and label in plain:
            raise LatexParseError(f"column 1: ({label}) at the start could be a question label or the factor {label}: "
                                  "remove the label, or write the product with \\cdot")
        notes.append(f"({label}) at the start read as a label")
        stripped = rest
    m = _MAPSTO.match(stripped)
    if m:  # x \mapsto \sigma(x) = …: "the function of x", the equation is the claim
        notes.append(f"'{m.group(1)} \\mapsto' at the start read as 'as a function of {m.group(1)}'")
        stripped = stripped[m.end():]
    for _ in range(3):  # "2) \text{Convex objective.} \rightarrow …": words, then a connective
        m = _CONNECTIVE.match(stripped)
        if m and stripped[m.end():].strip():
            notes.append(f"'{m.group(1).strip()}' at the start read as 'hence': the relation after it is checked on its own")
            stripped = stripped[m.end():]
            continue
        m = _PROSE.match(stripped)
        words = m.group(1).strip() if m else ""
        sentence = re.search(r"[A-Za-z]{2,}", words) and (len(words.split()) > 1 or words.endswith((".", ":", ";", ","))) \
            and not any(function_named(w) for w in [words.rstrip(".:;,"), *words.split()]) \
            and not re.search(r"(?i)\b(of|for|in|on|at|to|by|with|from|the|a|an)$", words) \
            and not (re.match(r"\s*(\(|\\left)", stripped[m.end():]) and not re.search(r"[\s.:;,]$", m.group(1)))
        if m and sentence and stripped[m.end():].strip() and not _CONDITION_WORD.match(words):
            notes.append(f"'\\text{{{m.group(1).strip()}}}' at the start is words, not mathematics: not read")
            stripped = stripped[m.end():]
            continue
        break
    stripped = re.sub(r"\s*[.,;]\s*$", "", stripped)
    m = re.search(r"(?<![:<>!\\])&?=\s*$", stripped)  # "A = B =": the derivation goes on in the next display
    if m and re.search(r"(?<![:<>!\\])=", stripped[:m.start()]):
        notes.append("the '=' at the end read as 'continued in the next display': the relations before it are checked")
        stripped = stripped[:m.start()]
    at = [m for m in re.finditer(r"\\in(?![A-Za-z])", stripped)]
    left, right = (stripped[:at[-1].start()], stripped[at[-1].end():]) if at else ("", "")
    chain = interval_chain(left, right) if left.strip() and not re.search(r"[=<>]|\\(le|ge|in)(?![A-Za-z])", left) else None
    if chain:
        notes.append(f"∈ {right.strip()} read as {chain}")
        stripped = chain
    m = _CONTINUES.match(stripped)
    if m and stripped.strip():
        raise LatexParseError(f"column {m.end() - len(m.group(1)) + 1}: the statement starts with '{m.group(1)}': it continues a "
                              "formula written before it; write that formula's left side first (A = B = C), or check "
                              "the document itself, where such a display continues the one before")
    return stripped, tuple(notes)



# "x > 0 \Rightarrow |x| = x", "i \neq j \Rightarrow J_{ij} = …", "\text{if } c = 0, \quad …": a hypothesis first
_NAME = r"(?:\\[A-Za-z]+|[A-Za-z])(?:\s*_\s*(?:\{[A-Za-z0-9]+\}|[A-Za-z0-9]))?(?:\s*\^\s*(?:\{[A-Za-z()\[\]0-9]+\}|[A-Za-z]))?"
_NUMBER = r"-?\s*\d+(?:\.\d+)?"
_REL = r"(?:<|>|=|\\leq?(?![A-Za-z])|\\geq?(?![A-Za-z])|\\neq?(?![A-Za-z]))"
_HYPOTHESIS = re.compile(rf"^\s*(?P<word>\\text\s*\{{\s*(?:if|for|when|assuming)\s*\}}\s*)?(?P<cond>(?:{_NUMBER}\s*{_REL}\s*)?"
                         rf"(?P<name>{_NAME})\s*(?:{_REL}\s*(?:{_NAME}|{_NUMBER})|\\in\s*\\mathbb\s*\{{\s*R\s*\}}))\s*$")
_FORALL = re.compile(r"^\s*\\forall\s*(?P<names>[A-Za-z](?:\s*,\s*[A-Za-z])*)\s*\\in\s*(?P<set>\\\{[^{}]*\\\}|"
                     r"\\mathbb\s*\{\s*R\s*\})(?:\s|,|:|\\q?quad(?![A-Za-z])|\\[,;:!])+")
_THEN = re.compile(r"\\(?:Rightarrow|Longrightarrow|implies)(?![A-Za-z])|,\s*(?:\\q?quad(?![A-Za-z])|\\[,;:!])")


def hypotheses(text: str, defined=frozenset()) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    r"""The relation after leading hypotheses, the hypotheses (conditions for ``where``) and notes.

    ``A \Rightarrow B`` states B where A holds: when A is a condition -- one name against a number or another
    name (``x > 0``, ``i \neq j``, ``c = 0``, ``0 < \alpha < 1``), or ``\text{if } A, \quad B`` -- checking A
    on its own would refute a hypothesis nobody claimed (x > 0 is false at x = −1). A name ``where`` defines
    (``L = 5 \Rightarrow …`` with L defined) stays a claim; ``x \in \mathbb{R}`` is dropped (reals are the default)."""
    found, notes = [], []
    m = _FORALL.match(text)
    if m and re.search(_REL, text[m.end():]):  # \forall k \in \{1, \dots, m\} \quad o_k > 0: k ranges over the set
        if not re.match(r"\\mathbb", m.group("set")):
            found.append(f"{m.group('names')} \\in {m.group('set')}")
        notes.append(f"'\\forall {m.group('names')} \\in {m.group('set')}' read as: the claim for each value of "
                     f"{m.group('names')} in that set")
        text = text[m.end():]
    while True:
        m = _THEN.search(text)
        head = _HYPOTHESIS.match(text[:m.start()]) if m else None
        if not m or not head or not text[m.end():].strip() or re.sub(r"\\mathbf\{(\w)\}", r"\1", head.group("name")) in defined \
                or m.group().startswith(",") and not head.group("word"):  # "a = 1, \; b = 2": two relations
            return text, tuple(found), tuple(notes)
        cond = head.group("cond").strip()
        if not re.search(r"\\in\b", cond):
            found.append(cond)
        sep = m.group().strip() if m.group().startswith("\\") else "','"
        notes.append(f"'{cond}' before {sep} read as a hypothesis: what follows is checked where it holds")
        text = text[m.end():]


# "A = B \text{ if } j \neq i", "… \quad \text{for } 0 < \alpha < 1": a condition at the end of the relation
_CONDITION = rf"(?:{_NUMBER}\s*{_REL}\s*)?{_NAME}\s*{_REL}\s*(?:{_NAME}|{_NUMBER})(?:\s*{_REL}\s*(?:{_NAME}|{_NUMBER}))?"
_TRAILING_CONDITION = re.compile(rf"(?:\s|,|\\q?quad(?![A-Za-z])|\\[,;:! ])*\\text\s*\{{\s*(?P<word>if|for|when|whenever|"
                                 rf"provided(?:\s+that)?)\s*\}}\s*(?P<cond>{_CONDITION})\s*[.,;]?\s*$")


def trailing_condition(text: str, defined=frozenset()) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    r"""The relation before a closing ``\text{if } COND`` (``for``, ``when``, ``provided``), the condition (for
    ``where``) and a note. Read as words the condition would vanish and ``x \text{ if } x > 0`` become
    x·x > 0; a condition is one name against a number or a name (``j \neq i``, ``0 < \alpha < 1``), as a
    hypothesis before ⇒ is (documents turn such remarks into conditions the same way)."""
    m = _TRAILING_CONDITION.search(text)
    if not m or not re.search(_REL, text[:m.start()]) or set(re.findall(_NAME, m.group("cond"))) & set(defined):
        return text, (), ()  # a name where defines is not a variable to condition on
    cond = " ".join(m.group("cond").split())
    return text[:m.start()], (cond,), (f"'\\text{{{m.group('word')}}} {cond}' at the end read as a condition: "
                                      "the relation is checked where it holds",)


# "\frac{\partial o^a}{\partial h^s} = w^{(2)} \quad ; \quad w^{(2)} \in \mathbb{R}^{m \times d_h}" (seed 004)
_DECLARED = (r"(?:\\mathbf\s*\{\s*[A-Za-z]\s*\}|\\boldsymbol\s*\{\s*\\?[A-Za-z]+\s*\}|\\[A-Za-z]+|[A-Za-z])"
             r"(?:\s*\^\s*(?:\{\s*[(\[][^(){}\[\]]*[)\]]\s*\}|[A-Za-z]))?(?:\s*_\s*(?:\{[A-Za-z0-9]+\}|[A-Za-z0-9]))?")
_TRAILING_DECLARATION = re.compile(rf"(?:\s|\\q?quad(?![A-Za-z])|\\[,:! ])*;(?:\s|\\q?quad(?![A-Za-z])|\\[,:! ])*"
                                   rf"(?P<decl>{_DECLARED}\s*\\in\s*\\mathbb\s*\{{\s*R\s*\}}"
                                   rf"(?:\s*\^\s*(?:\{{[^{{}}]*\}}|[A-Za-z0-9]))?)\s*[.,]?\s*$")


def trailing_declaration(text: str, entries=()) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    r"""The relation before a closing ``; X \in \mathbb{R}^{…}``, the declaration (for ``where``) and a note. Read
    with the others, a declaration that contradicts ``where`` is refused; one that agrees changes nothing. A name
    ``where`` defines (``o^s = \text{softmax}(o^a)``) has its shape from the definition: the remark is dropped."""
    m = _TRAILING_DECLARATION.search(text)
    if not m or not re.search(_REL, text[:m.start()]):
        return text, (), ()
    decl = " ".join(m.group("decl").split())
    name = decl[:decl.index("\\in")].strip()
    if any(re.match(re.escape(name) + r"\s*(=|\()", " ".join(e.split())) for e in entries):
        return text[:m.start()], (), (f"'{decl}' after ';' read as a remark on a name where defines, not checked",)
    return text[:m.start()], (decl,), (f"'{decl}' after ';' read as a declaration",)
