r"""What each relation of a document is, read in order: a declaration, a definition, or a claim.

The rule (README, "Documents"):

* a **declaration** is a membership ``\mathbf{x} \in \mathbb{R}^n``, ``y \in \{1, \dots, m\}``, or a
  **condition**: a relation between one lone symbol and constants (``0 < \alpha < 1``, ``x \neq 0``);
* a **definition** is ``:=``, ``\coloneqq``, ``\triangleq``, ``\equiv``, or an equation whose left side
  is a name or a function application not defined before (``f(x) = 5x^2 + 2``, ``\hat{y} = \sigma(z)``,
  ``n = 64``); a chain ``L = A = B`` defines L by A and claims the whole chain;
* a **claim** is every other relation, including a definition of a built-in
  (``\sigma(x) = \frac{1}{1+e^{-x}}`` is checked against σ) and a new value for a defined name.

Declarations and definitions hold for everything after them. A claim is checked with the entries
that concern its names (by the names they bind, transitively): a declaration of ``\mathbf{x}``
three questions earlier does not turn the ``x`` of ``\frac{d}{dx}\sigma(x)`` into a vector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.functions import function_named
from ..notation.letters import GREEK
from ..notation.statements import interval_chain
from ..notation.tokens import COMMANDS, operator_name
from .headings import PREAMBLE
from .relations import members, top_level_relations

__all__ = ["Context", "ContextEntry", "names_in", "binding_names", "lhs_name", "DEFINES", "is_builtin_application",
           "declared_set", "WORDED_SUBJECT", "worded_shape"]

DEFINES = {":=", "≔", "coloneqq", "triangleq", "equiv", "eqqcolon"}
_INEQUALITIES = {"<", ">", "≤", "≥", "≠", "le", "leq", "ge", "geq", "neq", "ne", "lt", "gt", "leqslant", "geqslant"}
_DECORATIONS = ("mathbf", "boldsymbol", "bm", "hat", "widehat", "bar", "overline", "tilde", "widetilde", "vec",
                "mathcal", "mathit", "mathsf", "dot", "ddot", "check", "mathbb")
BOLD = ("mathbf", "boldsymbol", "bm", "vec")
_WORD_COMMANDS = re.compile(r"\\(text\w*|operatorname\*?|mathrm|mathtt|mathbb|mbox|begin|end|label|tag)\s*\{[^{}]*\}")
_SIZE = r"\s*([A-Za-z](_\{?[A-Za-z0-9]+\}?)?|\d+)\s*"
_SHAPE = re.compile(_SIZE + r"(\\times|×)" + _SIZE + r"((\\times|×)" + _SIZE + r")*")
_CONSTANT = re.compile(r"^[\s\d.,{}()+\-]*(\\(frac|dfrac|tfrac|infty|pi|cdot|times|,|;|!|quad)[\s\d.,{}()+\-]*)*"
                       r"(\\%|%)?[\s]*$")


def names_in(text: str) -> frozenset[str]:
    r"""The names a formula mentions: letters and Greek letters, bold ones apart (``\mathbf{x}`` is
    "bold x", not x), words in ``\text{…}`` and command names left out."""
    text = _WORD_COMMANDS.sub(" ", text)
    found: set[str] = set()

    def bold(m: re.Match) -> str:
        for ch in re.findall(r"\\[A-Za-z]+|[A-Za-z]", m.group(2)):
            found.add("bold " + ch.lstrip("\\"))
        return " "

    def compound(m: re.Match) -> str:  # L_{CE}, n_{hidden}: one name, not L times C times E
        found.add(m.group(1).lstrip("\\") + "_" + re.sub(r"[{}\s]|\\(text|mathrm)", "", m.group(2)))
        return " "

    text = re.sub(r"(\\[A-Za-z]+|(?<![\\A-Za-z])[A-Za-z])\s*_\s*(\{\s*(?:\\(?:text|mathrm)\s*\{)?[A-Za-z]{2,}\}?\s*\})", compound, text)
    for m in _TAGGED.finditer(text):  # o^a, \mathbf{h}^s, o_k^s: a tagged name (or a power: the letters stay too)
        base = m.group("bold") or m.group("plain")
        if base != "e":
            tag = m.group("tag") or m.group("tag1") or "".join((m.group("layer") or "").split())
            found.add(f"{base}^{tag}")
    text = re.sub(r"\\(" + "|".join(BOLD) + r")\s*\{([^{}]*)\}", bold, text)
    text = re.sub(r"\\(" + "|".join(BOLD) + r")\s*(\\[A-Za-z]+|[A-Za-z])", bold, text)
    for m in re.finditer(r"(\\[A-Za-z]+|(?<![\\A-Za-z])[A-Za-z])\s*('|\^\{?\\prime\}?)*\s*(\(|\\left\s*\()", text):
        if m.group(1).lstrip("\\") in GREEK or len(m.group(1)) == 1:
            found.add("call " + m.group(1).lstrip("\\"))  # a(x), \phi'(z): the function a, \phi is applied
    for m in re.finditer(r"(?<![\\A-Za-z])([A-Za-z])\s*_|\\(?:hat|tilde|bar)\s*\{\s*([A-Za-z])\s*\}\s*_", text):
        found.add("bold " + (m.group(1) or m.group(2)))  # z_k, \hat{y}_k: an entry of the vector \mathbf{z}, \hat{\mathbf{y}}
    for m in re.finditer(r"\\([A-Za-z]+)|([A-Za-z])", text):
        if m.group(1):
            if m.group(1) in GREEK or m.group(1) == "ell":
                found.add(m.group(1))
        else:
            found.add(m.group(2))
    found.discard("d")  # the d of dx
    return frozenset(found)


_TAGGED = re.compile(r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*(?P<bold>[A-Za-z])\s*\}|(?<![\\A-Za-z])(?P<plain>[A-Za-z]))"
                     r"(?:\s*_\s*(?:\{[^{}]*\}|\w))?\s*\^\s*(?:\{\s*(?P<tag>[A-Za-z])\s*\}|(?P<tag1>[A-Za-z])"
                     r"|\{\s*(?P<layer>[(\[]\s*[A-Za-z0-9+\-]+\s*[)\]])\s*\})(?![A-Za-z])")  # W^{(1)}: its own name


def binding_names(text: str) -> frozenset[str]:
    """The names an entry binds: a tagged name binds itself (``o^s = 1`` concerns o^s, not every o)."""
    names = names_in(text)
    tagged = {n for n in names if "^" in n}
    covered = {part.strip("()[]") for n in tagged for part in n.split("^")} | {"bold " + n.split("^")[0] for n in tagged}
    # x^{(i)}: the i of the tag is x's, not a name declared (else y^{(i)} ∈ {1..m} would replace x^{(i)} ∈ ℝ^d)
    return frozenset(n for n in names if n not in covered)


@dataclass(frozen=True)
class Name:
    """The left side of a possible definition: its head (``f``, ``\\hat{y}``), key and arguments."""

    head: str
    key: str
    arguments: str | None  # "x, y" for f(x, y); None for a plain name


def lhs_name(text: str) -> Name | None:
    r"""The name a left side consists of — a letter or Greek letter, decorated (``\hat``, ``\mathbf``),
    with sub- and superscripts and an optional argument list — or None if it is an expression."""
    s = text.strip()
    # S(\mathbf{x})_i = …: a function defined entry by entry (notation.maps), its name S
    m = re.fullmatch(r"(?P<name>.*?)\s*(?:\\left\s*)?\((?P<args>[^()]*)(?:\\right\s*)?\)\s*(?:_\s*(?:\{\s*[A-Za-z]\s*,?\s*[A-Za-z]?\s*\}|[A-Za-z]))?\s*",
                     s, re.DOTALL)
    arguments = None
    if m and _is_name(m.group("name")) and re.fullmatch(r"\s*[^=<>]*", m.group("args")):
        s, arguments = m.group("name").strip(), m.group("args").strip()
    if not _is_name(s) or re.match(r"e\s*\^\s*(?!\{?\s*[(\[])", s):  # e^x is Euler's number to a power
        return None
    head = re.split(r"[_^']", s, maxsplit=1)[0].strip()
    return Name(head, re.sub(r"\s+", "", s), arguments)


def _is_name(s: str) -> bool:
    s = s.strip()
    k = 0
    m = re.match(r"\\(" + "|".join(_DECORATIONS) + r")\s*\{", s)
    if m:
        depth, k = 1, m.end()
        while k < len(s) and depth:
            depth += {"{": 1, "}": -1}.get(s[k], 0)
            k += 1
        if depth or not _is_name(s[m.end():k - 1]):
            return False
    elif re.match(r"\\(text|mathrm|operatorname)\s*\{[A-Za-z]+\}", s):
        k = re.match(r"\\(text|mathrm|operatorname)\s*\{[A-Za-z]+\}", s).end()
    else:
        m = re.match(r"\\([A-Za-z]+)|[A-Za-z]", s)
        if not m or (m.group(1) and m.group(1) not in GREEK and m.group(1) not in ("ell",) and
                     COMMANDS.get(m.group(1)) != "FUNC"):
            return False
        k = m.end()
    rest = s[k:]
    # scripts and primes only: _x, _{…}, ^{(1)}, ', \prime
    return re.fullmatch(r"(\s*(_|\^)\s*(\{[^{}]*(\{[^{}]*\}[^{}]*)*\}|\\?[A-Za-z0-9]+|\\[A-Za-z]+)|\s*'|\s*\^\{\\prime\})*\s*", rest) is not None


def is_builtin_application(name: Name) -> bool:
    """``\\sigma(x)``, ``\\tanh(x)``, ``\\text{ReLU}(x)``: a function derivcheck already knows."""
    if name.arguments is None:
        return False
    head = re.sub(r"\\(text|mathrm|operatorname)\s*\{([A-Za-z]+)\}", r"\2", name.head).lstrip("\\")
    return head == "sigma" or COMMANDS.get(head) == "FUNC" or operator_name(head) is not None or function_named(head) is not None


def is_constant(text: str) -> bool:
    """A number as written: ``3``, ``-0.5``, ``\\frac{1}{2}``, ``1,000``, ``\\infty``."""
    return bool(text.strip()) and _CONSTANT.match(text) is not None


def occurrence(key: str) -> re.Pattern:
    """Where a defined name ``key`` (``L_{CE}``, ``\\hat{y}``, ``J``) is written, whitespace apart — not
    inside a longer name (``L_{MSE}``, ``\\ell``), not with a further subscript (an entry) or an argument."""
    parts = [re.escape(ch) for ch in key if not ch.isspace()]
    body = r"\s*".join(parts)
    return re.compile(r"(?<![\\A-Za-z])" + body + r"(?![A-Za-z_'(]|\s*_|\s*\\left\s*\()")


@dataclass
class ContextEntry:
    """A declaration, condition or definition in force: its text for ``where`` and the names it binds."""

    text: str
    binds: frozenset[str]
    mentions: frozenset[str]
    kind: str  # "declaration", "condition", "definition", "directive"
    line: int = 0
    key: str = ""
    section: int = 0  # the heading it was written under
    local: frozenset[str] = frozenset()  # names it binds only under its own heading
    path: tuple[int, ...] = ()  # the headings in force where it was written (``Headings.path``)

    @property
    def is_value(self) -> bool:
        """``n = 64``, ``p = 2``: a value a problem gives, which holds only under its heading."""
        return self.kind == "definition" and len(members(self.text)) == 2 and not names_in(members(self.text)[1])

    @property
    def is_index(self) -> bool:
        """``i, j \\in \\{1, \\dots, n\\}``: indices a problem runs over, which hold only under its heading (seed 000
        declares j ∈ 1..n for the softmax of question 1; question 2's W_{kj} runs j over d_h)."""
        return self.kind == "declaration" and re.search(r"\\in\s*\\\{\s*1\s*,(?:\s*\d+\s*,)*\s*\\[lc]?dots", self.text) is not None

    @property
    def is_value_set(self) -> bool:
        """``y \\in \\{0, 1\\}``: the values a problem's label takes, which hold only under its heading (a later
        question's y is a real target); declared above the first heading, under every heading."""
        return self.kind == "declaration" and re.search(r"\\in\s*\\\{\s*-?\d+\s*,", self.text) is not None


def _declares(entry: ContextEntry) -> frozenset[str]:
    """The names a membership (``x \\in \\mathbb{R}^n``) declares, whether the text or a directive states it; bold or
    not, one name (the vector reader reads ``\\mathbf{x}`` and ``x`` as the same array)."""
    names = frozenset()
    if entry.kind == "declaration":
        names = entry.binds
    elif entry.kind == "directive" and len(members(entry.text)) == 2 and re.search(r"\\in(?![A-Za-z])", entry.text):
        names = binding_names(members(entry.text)[0])
    return frozenset(n.removeprefix("bold ") for n in names)


@dataclass
class Context:
    """Everything a document has declared and defined so far, in reading order."""

    entries: list[ContextEntry] = field(default_factory=list)
    functions: dict[str, str] = field(default_factory=dict)
    defined: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (text, line)
    section: int = 0  # headings read so far
    sections: dict[str, int] = field(default_factory=dict)  # key -> the section it was defined in
    path: tuple[int, ...] = ()  # the headings in force (``Headings.path``)

    def add(self, entry: ContextEntry) -> None:
        """A later declaration of the same names, or a new definition of a name, replaces the earlier one."""
        # the same names declared again, a name defined again, or a new condition on the same symbols
        # (the document moved on to another case) replace the earlier entry
        self.entries = [e for e in self.entries if not self.replaces(e, entry) and not self.redefines(e, entry)]
        self.entries.append(entry)
        if entry.kind == "definition" and entry.key:
            self.defined[entry.key] = (entry.text, entry.line)
            self.sections[entry.key] = self.section

    @staticmethod
    def replaces(old: ContextEntry, new: ContextEntry) -> bool:
        """Does ``new`` replace ``old``? A declaration of any name an earlier one declared (x ∈ ℝ^n in one question,
        x ∈ ℝ^d in the next: read together they contradict each other), or the same names bound again otherwise."""
        declared = [_declares(old), _declares(new)]
        if all(declared):  # a membership, in the text or in a directive (cell metadata, a comment)
            return bool(declared[0] & declared[1])
        return old.binds == new.binds and old.kind == new.kind and old.key == new.key

    def redefines(self, old: ContextEntry, new: ContextEntry) -> bool:
        """Does the definition ``new`` (A = W + W^T) define anew the array ``old`` gave entry by entry (A_{ij} = …)?"""
        by_entries = self.entry_definition(old.key) if old.kind == new.kind == "definition" else None
        return by_entries is not None and by_entries[0] == new.key

    def relevant(self, text: str) -> list[str]:
        """The ``where`` entries that concern ``text``: those binding a name it mentions, transitively."""
        wanted = set(names_in(text))
        # dℓ/dz after ℓ(z) = … under this heading: the function, named bare where its derivative is taken (as answers
        # read it); another question's ℓ is another function
        derived = {"call " + m.group(1).lstrip("\\")
                   for m in re.finditer(r"\\frac\s*\{\s*(?:d|\\partial|\\mathrm\s*\{\s*d\s*\})\s*(\\?[A-Za-z]+)\s*\}", text)}
        # J_{ii}, or J alone, after J_{ij} = …: the entries' definition (its binds say J), with its indices
        wanted |= {n.split("_", 1)[0] for n in wanted if "_" in n and self.array_defined_by_entries(n.split("_", 1)[0])}
        chosen: set[int] = set()
        changed = True
        while changed:
            changed = False
            for i, e in enumerate(self.entries):
                under = self.path[:len(e.path)] == e.path  # written under a heading still in force
                set_here = e.is_value_set and e.path != PREAMBLE  # a preamble's y ∈ {0, 1} holds under every heading
                if (e.is_value or e.is_index or set_here or e.kind == "condition") and not under:
                    continue  # p = 2 in the conv question is not the p of the next one, nor is its u > 0 (above the
                    # first heading too: seeds answer question 1 there)
                if i not in chosen and (e.binds & wanted or e.kind == "directive" and e.mentions & wanted
                                        or (e.local & wanted or e.binds & derived) and under):
                    chosen.add(i)
                    wanted |= e.mentions
                    changed = True
        return [e.text for i, e in enumerate(self.entries) if i in chosen]

    def index_elsewhere(self, letter: str) -> ContextEntry | None:
        """The declaration of index ``letter`` under a heading no longer in force, if any: its range is not inferred
        then (1..n−1 declared above would become 1..n), the claim says to declare it again."""
        for e in reversed(self.entries):
            if e.is_index and letter in e.binds and self.path[:len(e.path)] != e.path:
                return e
        return None

    def expand(self, text: str) -> tuple[str, list[tuple[str, str, int]]]:
        r"""A claim with each scalar quantity the document defined without arguments written out:
        ``\frac{\partial L_{CE}}{\partial a}`` after ``L_{CE} = -y \log\sigma(a) - …`` is the derivative
        of that expression. The scalar reader knows definitions only as functions (``J(\theta) = …``),
        so the quantity would otherwise be a free variable that depends on nothing. Grouped in
        ``\left( … \right)``, the expansion means what the text means; it is not done where the name is
        what a derivative is taken with respect to, nor for vector quantities (the vector reader
        reads those definitions itself)."""
        done = []
        for entry in reversed(self.entries):
            if entry.kind != "definition" or not entry.key or re.search(r"\\(mathbf|boldsymbol|bm)|\^\{?\(", entry.text):
                continue
            name = lhs_name(members(entry.text)[0])
            if name is None or name.arguments is not None:
                continue  # a(x) = …: a function, which the reader applies itself
            body = members(entry.text)[-1]
            if not names_in(body) or len(members(entry.text)) != 2:
                continue  # n = 64: a value, which where states as it is
            if re.search(r"(?<![\\A-Za-z])[A-Za-z]\s*_\s*\{?\s*[a-z]\s*\}?(?![A-Za-z])|\\sum|\\prod", body):
                continue  # L = -\log p_y: entries of arrays, which the vector reader reads with the definition
            pattern = occurrence(entry.key)
            respect_to = r"\}\s*\{\s*(\\partial|d|\\mathrm\{d\})\s*" + pattern.pattern + r"\s*(\^\s*\{?\d\}?\s*)?\}|\\nabla_\{?\s*" + pattern.pattern
            if not pattern.search(text) or re.search(respect_to, text):
                continue  # ∂L/∂ŷ with ŷ defined: the derivative with respect to the quantity itself
            text = pattern.sub(lambda m: "\\left(" + body + "\\right)", text)
            done.append((entry.key, body, entry.line))
        return text, done

    def indices_here(self) -> set[str]:
        """The index letters declared under the headings in force (``i, j \\in \\{1, \\dots, n\\}``)."""
        return {b for e in self.entries if e.is_index and self.path[:len(e.path)] == e.path for b in e.binds}

    def entry_definition(self, key: str) -> tuple[str, str] | None:
        """(head, letters) when ``key`` names entries by declared indices (``J_{ij}``, i and j declared here,
        distinct): a definition of it defines the array J entry by entry. None for ``n_{W1}``, ``W_{hh}``."""
        m = _ENTRY_KEY.fullmatch(key)
        letters = m.group("sub").replace(",", "") if m else ""
        if m is None or len(set(letters)) != len(letters) or not set(letters) <= self.indices_here():
            return None
        return m.group("head"), letters

    def entries_defined(self, name: Name) -> bool:
        """Is ``name`` an entry (``J_{ii}``, ``J_{12}``: indices declared here or numbers) of an array defined entry by
        entry under this heading (``J_{ij} = …``)? Then ``J_{ii} = …`` says what that entry equals: a claim."""
        own = _ENTRY_KEY.fullmatch(name.key)
        if name.arguments is not None or own is None:
            return False
        written = own.group("sub").replace(",", "")
        if not all(ch in self.indices_here() or ch.isdigit() for ch in written):
            return False
        return any(key != name.key and self.sections.get(key, 0) == self.section and (e := self.entry_definition(key))
                   and e[0] == own.group("head") and len(e[1]) == len(written) for key in self.defined)

    def array_defined_by_entries(self, head: str) -> bool:
        """Is ``head`` (J) an array defined entry by entry under this heading (``J_{ij} = …``)?"""
        return any(self.sections.get(key, 0) == self.section and (e := self.entry_definition(key)) and e[0] == head
                   for key in self.defined)

    def is_new(self, name: Name) -> bool:
        return name.key not in self.defined

    def defines(self, name: Name) -> bool:
        """Is ``name`` defined under this heading, however its scripts are braced (``e_k`` after ``e_{k} = …``)?"""
        return any(_unbraced(k) == _unbraced(name.key) and self.sections.get(k, 0) == self.section for k in self.defined)


_ENTRY_KEY = re.compile(r"(?P<head>\\?[A-Za-z]+)_\{?(?P<sub>[A-Za-z0-9](?:,?[A-Za-z0-9])?)\}?")


def _unbraced(key: str) -> str:
    return re.sub(r"([_^])\{(\\?[A-Za-z0-9]+)\}", r"\1\2", key)


_SET = re.compile(r"^\s*[^=]{1,40}?=\s*(\\left)?\\\{(?P<items>.*)(\\right)?\\\}\s*$", re.S)


def declared_set(text: str) -> list[str] | None:
    r"""``\theta = \{\mathbf{W}^{(1)} \in \mathbb{R}^{d_h \times d}, \mathbf{b}^{(1)} \in \mathbb{R}^{d_h}\}``: a
    set of parameters, each declared inside it; its declarations, or None for anything else."""
    m = _SET.match(text)
    if not m:
        return None
    items, depth, start, body = [], 0, 0, m.group("items")
    for k, ch in enumerate(body):
        depth += {"{": 1, "}": -1}.get(ch, 0) if k == 0 or body[k - 1] != "\\" else 0
        if ch == "," and depth == 0:
            items.append(body[start:k])
            start = k + 1
    items.append(body[start:])
    items = [i.strip() for i in items]
    return items if items and all(re.search(r"\\in\s*\\mathbb\s*\{\s*R\s*\}", i) and i.count("\\in") == 1 for i in items) else None


def classify(text: str, context: Context) -> tuple[str, str]:
    """(kind, text to read) of one relation: kind is declaration, condition, definition, claim, shape (an
    expression's membership in ℝ^{…}) or "not a relation"; the text has a definition sign made ``=``,
    a trailing shape removed, and an expression in an interval written as a chain (``0 < σ(x) < 1``)."""
    rels = top_level_relations(text)
    if not rels:
        return "not a relation", text
    signs = [r[2] for r in rels]
    if signs[0] in DEFINES and len(signs) == 1:
        s, e, _ = rels[0]
        return "definition", text[:s] + "=" + text[e:]
    if signs[-1] in ("in", "∈"):
        # x \in R^d: a plain R after \in is the reals, as in \mathbb{R}
        text = re.sub(r"(\\in|∈)(\s*)R(?![A-Za-z])", r"\1\2\\mathbb{R}", text)
        if len(signs) == 1:
            left, right = members(text)
            if all(lhs_name(n) and lhs_name(n).arguments is None for n in left.split(",")):
                return "declaration", text
            chain = interval_chain(left, right)
            if chain:  # \sigma(x) \in (0, 1): the claim 0 < σ(x) < 1
                return "claim", chain
            return "shape", text
        s = rels[-1][0]
        return classify(text[:s], context)[0], text[:s]  # A = B \in \mathbb{R}^{K \times K}: the shape is a remark
    parts = members(text)
    lone = [lhs_name(p) for p in parts]
    constants = [is_constant(p) for p in parts]
    if all(sign in _INEQUALITIES for sign in signs) and sum(1 for n in lone if n and n.arguments is None) == 1 \
            and all(c or (n and n.arguments is None) for c, n in zip(constants, lone)):
        return "condition", text
    if signs[-1] == "=" and re.search(r"[A-Za-z]", parts[-1]) and _SHAPE.fullmatch(parts[-1]):
        return "shape equation", text  # b^{(1)} = d_h \times 1: a shape, not a value
    if signs[0] == "=" and lone[0] is not None:
        name = lone[0]
        derivative = "'" in name.key or "\\prime" in name.key  # f'(x) = 2x: a claim about f
        if derivative or is_builtin_application(name) or name.arguments is not None and name.head.lstrip("\\") in context.functions:
            return "claim", text  # S(\mathbf{x})_i = … with S = softmax (the document's functions): checked against it
        if context.entries_defined(name):
            return "claim", text  # J_{ii} = … or J = … after J_{ij} = …: what the array defined by entries equals
        if not context.is_new(name) and context.sections.get(name.key, 0) != context.section:
            return "definition", text  # f(x) = 5x^2 under a new heading: the new problem's f (reported)
        if not context.is_new(name):
            # L_CE = -\log(0.1) after L_CE = -y \log \sigma(a) - …: the loss at an example the prose gives,
            # a new value for the name (reported), not a claim for every a and y
            old_body = members(context.defined[name.key][0])[-1]
            if name.arguments is None and names_in(old_body) and not names_in(parts[1]):
                return "definition", text
            if name.arguments is None and len(parts) == 2 and is_constant(old_body) and is_constant(parts[1]):
                return "definition", text  # "With stride $s = 2$ instead" after s = 1: a new value, not a claim 1 = 2
            if name.arguments is None and len(parts) > 2 and not names_in(old_body) and not names_in(parts[1]):
                return "definition", text  # (b) o = ⌊(32 + 2 - 3)/2⌋ + 1 = 16 after (a)'s o = … = 32: a new value, its chain checked
            return "claim", text
        if len(parts) == 2 and constants[1] and name.arguments is None:
            return "definition", text  # n = 64: a value given
        return "definition", text
    return "claim", text


# the words after a name that announce its shape: "be a", "is a vector in", "denotes the"
WORDED_SUBJECT = re.compile(r"\s*(?:be|is|denotes?)\s+(?:an?|the)(?:\s+(?:real\s+)?(?:column\s+)?vector\s+in)?\s*", re.I)
_REALS_POWER = re.compile(r"^\\mathbb\s*\{\s*R\s*\}\s*\^\s*(\{(?P<braced>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\}|(?P<one>\w))$")


def worded_shape(subject_words: str, source: str, after: str) -> str | None:
    r"""The size a sentence gives a name in words, as it goes in ``\mathbb{R}^{…}``, or None: "be a $d_h \times d$
    matrix" (the shape, then the word matrix), "is a vector in $\mathbb{R}^d$" (the space, after "vector in")."""
    if re.search(r"\bin\s*$", subject_words):
        m = _REALS_POWER.match(source)
        return (m.group("braced") or m.group("one")).strip() if m else None
    if _SHAPE.fullmatch(source) and re.match(r"\s*(?:real\s+)?matrix\b", after, re.I):
        return source
    return None
