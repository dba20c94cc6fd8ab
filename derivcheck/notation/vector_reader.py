r"""Vectors, matrices and index notation in answer files, checked size by size.

A vector claim (``\nabla_{\mathbf{w}}\|X\mathbf{w} - \mathbf{y}\|_2^2 = 2X^T(X\mathbf{w} - \mathbf{y})``)
is parsed into a small tree (``parse_vector``), whose shapes are checked symbolically first: two
sides of different shapes, or a product whose inner sizes differ, is REFUTED with both shapes.
Then, at n = 1, 2, 3, every declared vector or matrix becomes an explicit SymPy matrix of scalar
symbols (``w1``, ``X2_3``) and the claim becomes one ordinary ``Claim`` per size comparing entries
(larger sizes are checked with numpy by ``vector_numeric``; every size at once by ``vector_index``). Derivatives stay
unevaluated ``Derivative`` nodes, so the spot-checker takes them by finite differences of the
undifferentiated function and the prover by SymPy -- two independent methods, as for scalars.

Layout: for scalar f, ∂f/∂x and ∇ₓf have the shape of x (a step whose shapes fit only numerator
layout, ∂f/∂x a row, is read in it: ``answers.vector``; never ∇ₓf); for a vector y, ∂y/∂x is the Jacobian
with entry (i, j) = ∂yᵢ/∂xⱼ. Matrix norms ``\|W\|_2`` and ``\|W\|_1`` are entrywise (the ML course
convention), ``\|W\|_F`` is Frobenius; a plain ``\|W\|`` on a matrix is refused as ambiguous.

Free indices (``i, j \in \{1, \dots, n\}``) are expanded over every value at small sizes and over
a seeded sample including i = j and i ≠ j at large ones. Sums over an index are expanded at each
size. Nothing here is size-generic; ``vector_index`` is.

Definitions in ``where`` (backprop as students write it): ``NAME = EXPR`` with NAME one name not
declared otherwise (``\mathbf{h}^a``, ``L``) and EXPR not a plain number DEFINES NAME: it stands for
EXPR (its shape too); definitions may use each other in any order, a cycle or a second definition
is an ERROR (``interpret`` gives ∂/∂NAME its meaning). Never misread: NAME also declared with a shape
(``\mathbf{y} \in \mathbb{R}^n``, ``\mathbf{y} = S(\mathbf{x})``) is an ERROR naming both readings (a
definition: ∂y/∂x goes through S; a condition on an independent y: ∂y/∂x = 0); an index or size on
the left (``k = y``) or in its subscript (``e_k = …``) makes a condition, a plain number a value;
``\neq`` is a condition only (``\mathbf{h}^a_k \neq 0``: every entry k), never a claim.

To add an operation: give the parser a branch in ``Parser.atom`` (or ``postfix``) that builds a
node tuple, and ``_Evaluator`` a method ``op_<name>`` that returns a ``Val``.
"""

from __future__ import annotations

import re

from sympy import (
    erf,
    Eq, Ge, Gt, Integer, Le, Lt, Ne, Rational, exp, log, sqrt,
)

from ..core.errors import LatexParseError
from . import brackets, juxtaposition, matrix_cells
from .cases import INDEX_RELATIONS, read_cases, value_indicator
from .letters import DECORATIONS, GREEK
from .sum_ranges import subscript_letters
from .sum_exclusion import exclude_terms
from .leibniz import leibniz_as_partial
from .vector_lexer import Tok, lex
__all__ = ["parse_vector", "ShapeMismatch", "Parser",
           "LARGE_SIZE", "RANDOM_SIZE_MAX"]

MAX_NESTING = 40
RANDOM_SIZE_MAX = 16
LARGE_SIZE = 20
SYMBOLIC_SIZES = (1, 2, 3)  # sizes where the prover is also asked (explicit matrices stay small)
MAX_INDEX_COMBOS = 12

_BRACKETS = {"[": "]", r"\{": r"\}", "(": ")"}


class ShapeMismatch(Exception):
    """Two shapes that cannot meet (the claim is REFUTED for every size, or at least for some)."""


SCALAR_FUNCS = {"exp": exp, "log": log, "ln": log, "sqrt": sqrt, "erf": erf}  # elementary; built-ins come from core.functions
RELATIONS = {"=": Eq, "<": Lt, ">": Gt, r"\le": Le, r"\leq": Le, r"\ge": Ge, r"\geq": Ge, r"\neq": Ne, r"\ne": Ne}


# --- parser (node tuples) ------------------------------------------------------------------------


class Parser:
    """Recursive descent over the tokens; nodes are tuples ``(op, ...)``; nothing is evaluated."""

    def __init__(self, text: str, where: str, functions: dict, names=frozenset(), strict: bool = False, defined=frozenset(),
                 labels=frozenset(), with_inputs=frozenset()):
        self.toks = leibniz_as_partial(lex(text, where), where, "d" in names)
        self.i = 0
        self.where = where
        self.functions = functions
        self.names = frozenset(names)  # declared names with tags (W^(1), h^a, b_2, d_h): read as one name
        self.strict = strict  # a statement or condition: names must be declared where the reading depends on it
        self.defined = frozenset(defined)  # names defined in where: o^s(x) may be o^s "as a function of x"
        self.with_inputs = frozenset(with_inputs)  # those defined as s(x) = …: s(x)_i, s(x)^T are s's entry, transpose
        self.labels = frozenset(labels)  # y of y_i ∈ {1, …, K} with i an index: y_i is example i's label
        self.bound: list[str] = []  # indices of the sums being read
        self.depth = 0
        self.norm_open = 0  # inside \| ... \|, the next \| closes
        self.abs_open = 0  # inside | ... |, a | after an operand closes

    # helpers
    def peek(self, k: int = 0):
        j = self.i + k
        if j < len(self.toks):
            return self.toks[j]
        # the end has a place too: just after the last token (a message always names a column)
        last = self.toks[-1] if self.toks else None
        return Tok("end", "end of input", last.col + len(last.text) if last is not None and last.col > 0 else 1)

    def at(self, *texts) -> bool:
        return self.peek().text in texts

    def take(self, text: str | None = None) -> Tok:
        tok = self.peek()
        if text is not None and tok.text != text:
            self.fail(f"expected {text!r}, found {tok.text!r}", tok)
        if tok.kind == "end":
            self.fail("unexpected end of input", tok)
        self.i += 1
        return tok

    def fail(self, message: str, tok: Tok | None = None):
        tok = tok or self.peek()
        col = f", column {tok.col}" if tok.col > 0 else ""
        raise LatexParseError(f"{self.where}{col}: {message}")

    def nest(self):
        self.depth += 1
        if self.depth > MAX_NESTING:
            self.fail(f"nested more than {MAX_NESTING} deep")

    # grammar
    def relation_chain(self):
        members, rels = [self.expr()], []
        while self.peek().text in RELATIONS:
            rels.append(self.take().text)
            members.append(self.expr())
        if self.at(r"\in") and self.peek(1).text == r"\mathbb":  # … = I \in \mathbb{R}^{K \times K}: a shape claim
            tok = self.take()
            rels.append(r"\in")
            members.append(("space", self.space(), tok))
        if self.peek().kind != "end":
            self.fail(f"unexpected {self.peek().text!r}" + (r" (\in \mathbb{R}^{…} can only end a chain)"
                                                              if self.at(r"\in") or rels[-1:] == [r"\in"] else ""))
        return members, rels

    def space(self) -> list[list[Tok]]:
        r"""``\mathbb{R}``, ``\mathbb{R}^n``, ``\mathbb{R}^{m \times d_h}``: the written dimensions, as token lists."""
        tok = self.take(r"\mathbb")
        if [t.text for t in self.raw_group()] != ["R"]:
            self.fail(r"a shape is written \mathbb{R}^{m \times n}", tok)
        if not self.at("^"):
            return []
        self.take("^")
        dims: list[list[Tok]] = [[]]
        for t in self.raw_group():
            if t.text in (r"\times", "*"):
                dims.append([])
            else:
                dims[-1].append(t)
        if len(dims) > 2 or not all(dims):
            self.fail(r"a shape is written \mathbb{R}^{n} or \mathbb{R}^{m \times n}", tok)
        return dims

    def group(self):
        """``{...}`` or a single token as the argument of a command, ^ or _."""
        if self.at("{"):
            self.take("{")
            self.nest()
            e = self.expr()
            self.depth -= 1
            self.take("}")
            return e
        return self.atom()

    def raw_group(self) -> list[Tok]:
        """A subscript's tokens; a declared subscripted name in it is one token (``p_{y_i}``: the index y_i)."""
        if not self.at("{"):
            return [self.take()]
        self.take("{")
        out, level = [], 1
        while True:
            tok = self.take()
            if tok.text == "{":
                level += 1
            elif tok.text == "}":
                level -= 1
                if level == 0:
                    return self.joined(out)
            out.append(tok)

    def joined(self, toks: list[Tok], check: bool = True) -> list[Tok]:
        out = []
        for tok in brackets.label_tokens(self, toks):  # y_i, y_{i}, y_2: a label per example, one token
            if len(out) >= 2 and out[-1].text == "_" and out[-2].kind == "letter" and tok.kind == "letter" \
                    and f"{out[-2].text}_{tok.text}" in self.names:
                if check and tok.text in self.bound:  # y_i of example i inside Σ_i: one label per i
                    self.fail(f"{out[-2].text}_{tok.text} changes with the index {tok.text}, which is not declared: declare it "
                              f"({tok.text} \\in \\{{1, \\dots, N\\}}) to read {out[-2].text}_{tok.text} as one label per example", tok)
                out[-2:] = [Tok("letter", f"{out[-2].text}_{tok.text}", out[-2].col)]
            else:
                out.append(tok)
        return out

    def expr(self):
        self.nest()
        sign_neg = False
        if self.at("+", "-"):
            sign_neg = self.take().text == "-"
        node = self.term()
        if sign_neg:
            node = ("neg", node)
        while self.at("+", "-"):
            op = self.take().text
            rhs = self.term()
            node = ("add", node, rhs) if op == "+" else ("add", node, ("neg", rhs))
        self.depth -= 1
        return node

    _STOP = {"+", "-", "=", "<", ">", ")", "]", "}", ",", "end", r"\le", r"\leq", r"\ge", r"\geq", r"\neq", r"\ne",
             r"\|", "|", "&", r"\}", r"\in", "\\\\", r"\end", r"\quad", r"\qquad"}

    def term(self):
        node, juxtaposed = None, []
        while (self.peek().text not in self._STOP or (self.at(r"\|") and not self.norm_open)
               or (self.at("|") and (not self.abs_open or node is None))) and self.peek().kind != "end":  # |x|, |a + |b||
            if self.at(r"\cdot", r"\odot", r"\times", "/"):
                if node is None:
                    self.fail(f"{self.peek().text} needs something on its left")
                op = self.take().text
                operator = self._derivative_operator_ahead()  # a \cdot \frac{\partial}{\partial x} f: to the end
                if operator:
                    notation = "nabla" if self.at(r"\nabla") else "partial"
                    rhs = ("grad", self.derivative_operator(), self.term(), notation)
                else:
                    rhs = ("neg", self.factor()) if self.at("-") and self.take() else self.factor()  # a \times -b
                node = {r"\cdot": ("dot", node, rhs), r"\odot": ("odot", node, rhs),
                        r"\times": ("dot", node, rhs), "/": ("div", node, rhs)}[op]
                if operator:
                    return node
                continue
            if self.at(r"\nabla") and self.peek(1).text != "_":  # ∇E(w) (Bishop): ∇_w of E, E defined in where
                tok, f = self.take(), self.factor()
                if f[0] not in ("applied", "call") or len(f[2]) != 1 or f[2][0][0] != "var":  # ∇g(x), g built in too
                    self.fail(r"\nabla needs a subscript: \nabla_{\mathbf{w}} (or \nabla E(\mathbf{w}) with E(\mathbf{w}) "
                              "defined in where)", tok)
                f = ("grad", f[2][0], f, "nabla")
                return f if node is None else ("mul", node, f)
            if self._derivative_operator_ahead():
                notation = "nabla" if self.at(r"\nabla") else "partial"  # ∇ₓf is always shaped like x
                op = self.derivative_operator()
                body = self.term()
                f = ("grad", op, body, notation)
                return f if node is None else ("mul", node, f)
            start = self.peek()
            f = self.factor()
            if f[0] == "grad" and brackets.dataset_end(self, RELATIONS):  # ∂J/∂z (\{x_i, y_i\}_{i=1}^N): J's data
                first = self.i
                self.i = brackets.dataset_end(self, RELATIONS)
                f = ("on_data", f, "".join(t.text for t in self.toks[first:self.i]))
            juxtaposed.append((f[0] == "abs", start))
            node = f if node is None else ("mul", node, f)
        if node is None:
            self.fail(f"expected an expression, found {self.peek().text!r}")
        bars = "".join("a" if is_abs else "x" for is_abs, _ in juxtaposed)
        if re.search("ax+a", bars):  # |a| b |c|: the bars also pair as |a |b| c|
            self.fail("|…| … |…| side by side is ambiguous: the bars pair as |a|·b·|c| or as |a·|b|·c|; write \\cdot "
                      "between the factors (|a| \\cdot b \\cdot |c|) or brackets inside (|a (|b|) c|)", juxtaposed[0][1])
        return node

    def _derivative_operator_ahead(self) -> bool:
        if self.at(r"\nabla") or self.at(r"\partial") and self.peek(1).text == "_":  # ∂_{o_j} (d2l.ai) as ∂/∂o_j
            return True
        if self.at(r"\frac") and self.peek(1).text == "{" and self.peek(2).text == r"\partial" and self.peek(3).text == "}":
            return True
        return False

    def derivative_operator(self):
        if self.at(r"\nabla") or self.at(r"\partial"):
            if self.peek(1).text != "_":
                self.fail(r"\nabla needs a subscript: \nabla_{\mathbf{w}}")
            self.take()
            self.take("_")
            return self.group()
        self.take(r"\frac")
        self.take("{")
        self.take(r"\partial")
        self.take("}")
        self.take("{")
        self.take(r"\partial")
        wrt = self.factor()
        self.take("}")
        return wrt

    def tag_ahead(self, base: str) -> tuple[str, int] | None:
        """The tagged name ``base^{(1)}``, ``base^a``, ``base_2`` the next tokens spell, if it is declared
        (or, for a parenthesised or bracketed superscript, always: W^{(1)} is never a power); with how
        many tokens it takes. Superscripts then subscripts, as ``W^{(1)}_{2}`` is rare but ``h^a_k`` is not."""
        best = None
        name, j = base, self.i
        for mark in ("^", "_"):
            if self.peek(j - self.i).text != mark:
                continue
            group, end = self.script_at(j + 1)
            if group is None:
                break
            text = "".join(t.text for t in group)
            if mark == "^" and (text in ("T", r"\top", r"\intercal") or re.fullmatch(r"-?\d+|-T|-\\top", text)):
                break
            if mark == "^" and re.fullmatch(r"\(.*\)|\[.*\]", text):
                name, j = f"{name}^{text}", end
                best = (name, j - self.i)
                continue
            candidate = f"{name}{mark}{text}"
            if candidate in self.names or any(n.startswith(candidate + "_") for n in self.names):
                name, j = candidate, end
                if candidate in self.names:
                    best = (name, j - self.i)
                continue
            break
        return best

    def _bare_name_in_parentheses(self) -> bool:
        """The parentheses ahead hold one name only: ``(\\theta)``, ``(\\mathbf{x})``, ``(x)``, also tagged or
        with a subscript (``(O^A)``, ``(h^{(1)})``, ``(x_i)``: \\phi(O^A) was read as φ times O^A, seed 004)."""
        j = 1
        if self.peek(j).text in (r"\mathbf", r"\boldsymbol", r"\bm") and self.peek(j + 1).text == "{":
            j += 4  # ( \mathbf { x } )
        elif self.peek(j).text in (r"\mathbf", r"\boldsymbol", r"\bm"):
            j += 2
        elif self.peek(j).kind == "letter" or (self.peek(j).kind == "cmd" and self.peek(j).text[1:] in GREEK):
            j += 1
        else:
            return False
        for _ in range(2):  # a tag and a subscript, in either order
            if self.peek(j).text not in ("^", "_"):
                break
            if self.peek(j + 1).text != "{":
                j += 2
                continue
            depth, j = 0, j + 1
            while self.peek(j).kind != "end" and not (self.peek(j).text == "}" and depth == 1):
                depth += {"{": 1, "}": -1}.get(self.peek(j).text, 0)
                j += 1
            j += 1
        return self.peek(j).text == ")"

    def tagged_entry(self, node):
        """``h_j^a`` (subscript first) is entry j of the declared ``h^a``; ``w_{jk}^{(1)}`` with no
        ``w^(1)`` declared is refused (a parenthesised superscript is a tag, never a power)."""
        if not self.at("_"):
            return node
        sub_toks, after_sub = self.script_at(self.i + 1)
        if sub_toks is None or after_sub >= len(self.toks) or self.toks[after_sub].text != "^":
            return node
        sup, after_sup = self.script_at(after_sub + 1)
        if sup is None:
            return node
        text = "".join(t.text for t in sup)
        tagged = f"{node[1]}^{text}"
        family = any(n.startswith(node[1] + "^") for n in self.names)
        letters = re.fullmatch(r"[A-Za-z]+", text) is not None and text != "T"
        undeclared_base = self.strict and (node[1] not in self.names or not set(text) <= self.names)  # or its letters
        if tagged not in self.names and not re.fullmatch(r"\(.*\)|\[.*\]", text) \
                and not ((family or undeclared_base) and letters):
            return node
        if tagged not in self.names:
            self.fail(f"{tagged} is not declared: declare it in where ({tagged} \\in \\mathbb{{R}}^n); its entries are then "
                      f"written {node[1]}_{{k}}^{{{text}}}" + (f" (or write ({node[1]}_{{…}})^{{{text}}} for a power)" if letters else ""))
        self.refuse_bound_tag(tagged)
        while self.i < after_sup:
            self.take()
        return ("sub", ("var", tagged, node[2]), self.joined(sub_toks))  # h_{d_h}^a: the size d_h, as in h_{d_h}

    def refuse_bound_tag(self, name: str):
        """x^{(i)} inside Σ_i is example i (``families`` reads it); another tag that changes with a sum's index
        (x^{i}, x^{(2i)}) is refused, saying how to write it."""
        tag = name.split("^", 1)[1] if "^" in name else ""
        if re.fullmatch(r"\([A-Za-z]\)", tag) and tag[1] in self.bound:
            return
        for index in self.bound:
            if re.search(r"(?<![A-Za-z\\])" + index + r"(?![A-Za-z])", tag):
                self.fail(f"{name} changes with the sum's index {index}: declare the examples as a matrix "
                          f"(X \\in \\mathbb{{R}}^{{m \\times n}}) and write its entries X_{{{index}j}}")

    def refuse_undeclared(self, node):
        """In a statement, an undeclared bold name, or ``o^s`` when only ``o^a`` is declared, would be read
        as a scalar (or a power): refused instead, naming what to declare."""
        if not self.strict or node[0] != "var":
            return
        name, tok = node[1], node[2]
        if self.at("^") and name not in self.names and any(n.startswith(name + "^") for n in self.names):
            sup, _ = self.script_at(self.i + 1)
            text = "".join(t.text for t in sup or [])
            if re.fullmatch(r"[A-Za-z]+", text) and text != "T":
                self.fail(f"{name}^{text} is not declared (only {', '.join(sorted(n for n in self.names if n.startswith(name + '^')))} "
                          f"is): declare it in where, or write ({name})^{{{text}}} for a power", tok)
        if tok is not None and tok.text in (r"\mathbf", r"\boldsymbol", r"\bm", r"\vec") and name not in self.names \
                and not (name == "I" and tok.text != r"\vec"):  # \mathbf{I}: the identity, as I is
            self.fail(f"\\mathbf{{{name}}} is not declared: declare its shape in where (\\mathbf{{{name}}} \\in \\mathbb{{R}}^n)", tok)

    def declared_name(self):
        """A name as a ``where`` declares it: a letter, Greek letter or \\mathbf{x}, then its tags
        (any superscript but T, ⊤ or −1; any subscript): ``W^{(1)}``, ``\\mathbf{h}^a``, ``b_2``, ``d_h``."""
        node = self.atom()
        if node[0] != "var":
            return None
        name = node[1]
        for mark in ("^", "_"):
            if not self.at(mark):
                continue
            group, end = self.script_at(self.i + 1)
            if group is None:
                return None
            text = "".join(t.text for t in group)
            if mark == "^" and (text in ("T", r"\top", r"\intercal") or re.fullmatch(r"-?\d+", text)):
                return None
            name = f"{name}{mark}{text}"
            while self.i < end:
                self.take()
        return name

    def script_at(self, j: int):
        """The tokens of the script starting at token ``j`` (a brace group or one token), and the index after it."""
        if j >= len(self.toks):
            return None, j
        if self.toks[j].text != "{":
            return [self.toks[j]], j + 1
        level, out = 0, []
        for k in range(j, len(self.toks)):
            t = self.toks[k]
            if t.text == "{":
                level += 1
                if level == 1:
                    continue
            elif t.text == "}":
                level -= 1
                if level == 0:
                    return out, k + 1
            out.append(t)
        return None, j

    def factor(self):
        self.nest()
        node = self.atom()
        if node[0] == "var":
            tagged = self.tag_ahead(node[1])
            if tagged is not None:
                name, count = tagged
                if name not in self.names:
                    self.fail(f"{name} is not declared: declare it in where (e.g. {name} \\in \\mathbb{{R}}^{{m \\times n}}); "
                              "a superscript in parentheses or brackets is read as a layer tag, never a power")
                self.refuse_bound_tag(name)
                for _ in range(count):
                    self.take()
                node = ("var", name, node[2])
            node = self.tagged_entry(node)
            self.refuse_undeclared(node)
        node = self.postfix(node)
        self.depth -= 1
        annotated = juxtaposition.annotation(self, node)
        if annotated is not node and annotated[0] in ("applied", "sub") and self.at("^", "_"):
            annotated = self.postfix(annotated)  # s(x)_i, s(x)^\top: an entry or the transpose of the defined value
        return annotated

    def postfix(self, node):
        r"""The ``^`` and ``_`` after a factor: transposes, inverses, powers, subscripts."""
        while True:
            if self.at("^"):
                self.take("^")
                tok = self.peek()
                if tok.text in (r"\top", "T", r"\intercal") and tok.kind in ("cmd", "letter"):
                    self.take()
                    node = ("T", node)
                    continue
                if tok.text == "{" and self.peek(1).text in (r"\top", "T", r"\intercal") and self.peek(2).text == "}":
                    self.take("{"), self.take(), self.take("}")
                    node = ("T", node)
                    continue
                if tok.text == "{" and self.peek(1).text == "-" and self.peek(2).text == "1" and self.peek(3).text == "}":
                    for _ in range(4):
                        self.take()
                    node = ("inv", node)
                    continue
                if tok.text == "{" and self.peek(1).text == "-" and self.peek(2).text in ("T", r"\top") and self.peek(3).text == "}":
                    for _ in range(4):
                        self.take()
                    node = ("T", ("inv", node))
                    continue
                if tok.kind == "num" and len(tok.text) > 1:
                    self.fail(f"write ^{{{tok.text}}}: LaTeX reads ^{tok.text} as ^{tok.text[0]} followed by {tok.text[1:]}", tok)
                node = ("pow", node, self.group())
                continue
            if self.at("_"):
                self.take("_")
                node = ("sub", node, self.raw_group())
                continue
            break
        return node

    def atom(self):
        tok = self.peek()
        t = tok.text
        if tok.kind == "num":
            self.take()
            return ("num", Rational(t))
        if tok.kind == "letter":
            self.take()
            if t in self.functions and self.at("(", "'"):  # g(x), g'(x)
                return self.call(self.functions[t], tok)
            if self.strict and t not in self.names and self.at("(") and self._bare_name_in_parentheses():
                self.fail(f"{t}(…) is ambiguous: the function {t} applied to it, or {t} times it? Define {t} in where "
                          f"or write {t} \\cdot (…) for the product", tok)
            return ("var", t, tok)
        inner = self.joined(self.toks[self.i + 1:self.i + 7], check=False) if t == "[" else []
        if len(inner) > 3 and inner[1].text in INDEX_RELATIONS and inner[3].text == "]":
            return self.indicator(tok)  # Iverson's [i = j], [y_i = k]
        if t == r"\begin" and self.environment() in matrix_cells.MATRICES:
            return matrix_cells.read_cells(self, tok, self.environment())
        if t == r"\begin" and self.environment() in ("vmatrix", "Vmatrix"):
            self.fail(f"\\begin{{{self.environment()}}} (a determinant or a norm) is not read: write \\det \\begin{{bmatrix}} … "
                      f"\\end{{bmatrix}}", tok)
        if t == r"\begin" and [x.text for x in self.toks[self.i + 1:self.i + 8]] == ["{", *"cases", "}"]:
            return read_cases(self, tok)
        if t == "[" and matrix_cells.spaced_row_ahead(self):  # [a \quad b \quad \dots \quad c]: a row
            return matrix_cells.read_spaced_row(self, tok)
        if t in ("(", "["):
            self.take()
            self.nest()
            e = self.expr()
            self.depth -= 1
            self.take(")" if t == "(" else "]")
            return self.positive_part(e, tok)
        if t == r"\{" and brackets.bracketing_brace(self, RELATIONS):  # \left\{ [W^T (ψ - Δ)] ⊙ … \right\}: big brackets (seed 001)
            self.take()
            self.nest()
            e = self.expr()
            self.depth -= 1
            self.take(r"\}")
            return e
        if t == "{":
            return self.group()
        if t == r"\|":
            self.take()
            self.norm_open += 1
            inner = self.expr()
            self.norm_open -= 1
            self.take(r"\|")
            kind = None
            if self.at("_"):
                self.take("_")
                kind = "".join(x.text for x in self.raw_group())
            return ("norm", inner, kind, tok)
        if t == "|":
            self.take()
            self.abs_open += 1
            inner = self.expr()
            self.abs_open -= 1
            self.take("|")
            return ("abs", inner)
        if tok.kind == "cmd":
            name = t[1:]
            if name == "mathbb" and self.peek(2).text in ("1", "I") and self.peek(3).text == "}":
                self.i += 4
                return self.indicator(tok) or self.fail(r"\mathbb{1} is an indicator: write \mathbb{1}_{i=j} or "
                                                        r"\mathbb{1}[k = y] (\mathbf{1} for the ones vector)", tok)
            if name in ("mathbf", "boldsymbol", "bm", "vec") or name in DECORATIONS:
                self.take()
                inner = self.raw_group()
                if len(inner) == 1 and inner[0].kind == "num" and name in ("mathbf", "boldsymbol", "bm"):
                    if inner[0].text not in ("0", "1"):
                        self.fail(rf"\{name}{{{inner[0].text}}} is not a vector; use \mathbf{{0}} or \mathbf{{1}}", tok)
                    indicator = self.indicator(tok, subscript_only=True) if inner[0].text == "1" else None
                    return indicator or ("fill", int(inner[0].text), tok)
                full = _name_of(inner, self, tok) + DECORATIONS.get(name, "")
                if full in self.functions and name in DECORATIONS and self.at("(", "'"):  # \hat{R}(\theta), R̂ declared
                    return self.call(self.functions[full], tok)
                return ("var", full, tok)
            if name in GREEK:
                self.take()
                if name == "delta" and self.at("_"):
                    indicator = self.indicator(tok, subscript_only=True)  # \delta_{i=j}
                    if indicator:
                        return indicator
                    self.take("_")
                    idx = self.raw_group()
                    return ("delta", idx, tok)
                if name in self.functions and (self.at("(") or self.at("'") and self.peek(1).text in ("'", "(")):
                    return self.call(self.functions[name], tok)
                if name == "sigma" and (self.at("(") or self.at("'") and self.peek(1).text in ("'", "(")):
                    return self.call("sigmoid", tok)
                if self.strict and name not in self.names and self.at("(") and self._bare_name_in_parentheses():
                    self.fail(f"\\{name}(…) is ambiguous: the function \\{name} applied to it, or \\{name} times it? "
                              f"Define it in where or write \\{name} \\cdot (…) for the product", tok)
                return ("var", name, tok)
            if name == "frac" and self.peek(1).text == "{" and self.peek(2).text == r"\partial":
                self.take()
                self.take("{")
                self.take(r"\partial")
                self.norm_open, saved = 0, self.norm_open
                body = self.expr()
                self.norm_open = saved
                self.take("}")
                self.take("{")
                self.take(r"\partial")
                wrt = self.factor()
                self.take("}")
                return ("grad", wrt, body, "partial")
            if name == "frac":
                self.take()
                a = self.group()
                b = self.group()
                return ("div", a, b)
            if name == "sqrt":
                self.take()
                return ("call", "sqrt", [self.group()], None, tok)
            if name == "sum":
                return self.sum_()
            if name in ("max", "min"):  # \max_j x_j: a reduction like Σ_j
                if self.peek(1).text == "_":
                    return self.sum_(name)
                if self.peek(1).text == "(":  # \max(0, x): of scalars
                    self.take()
                    return self.call(name, tok)
                self.fail(f"\\{name} needs its index or its arguments: write \\{name}_j x_j or \\{name}(a, b)", tok)
            if name in ("operatorname", "mathrm", "text", "textrm", "mathtt", "mathsf", "textsf"):
                self.take()
                if self.at("*"):  # \operatorname*{LeakyReLU}
                    self.take("*")
                fname = "".join(x.text for x in self.raw_group())
                return self.call("tr" if fname.lower() in ("tr", "trace") else fname, tok)  # \operatorname{Tr}
            if name in ("exp", "log", "ln", "tanh", "det", "tr"):
                self.take()
                return self.call(name, tok, taken=True)
            if name in ("partial",):
                self.fail(r"write derivatives as \frac{\partial f}{\partial x} or \frac{\partial}{\partial x} f", tok)
        self.fail(f"unexpected {t!r}" if tok.kind != "end" else "unexpected end of input", tok)

    def positive_part(self, e, tok: Tok):
        r"""``[x]_+`` (or ``(x)_+``) is max(0, x), ReLU; ``[x]_-`` is refused: max(0, −x) in some courses, min(0, x)
        in others. Anything else after the bracket is the bracket's own subscript (an entry: ``(W\mathbf{x})_i``)."""
        sign = [x.text for x in self.toks[self.i:self.i + 4]]
        for mark in ("+", "-"):
            if sign[:2] == ["_", mark] or sign[:4] == ["_", "{", mark, "}"]:
                if mark == "-":
                    self.fail("[x]_- is max(0, −x) in some courses and min(0, x) in others: write the one you mean", tok)
                self.i += 2 if sign[1] == mark else 4
                return ("call", "ReLU", [e], None, tok)
        return e

    def indicator(self, tok: Tok, subscript_only: bool = False):
        r"""``\mathbf{1}_{i=j}``, ``\mathbb{1}[k \neq y]``, ``\delta_{i=j}``, ``[i = j]``: the indicator of a relation
        between two indices -- Kronecker's δ (1 − δ for ≠) -- or None when no relation follows (``\mathbf{1}_n``)."""
        start = self.i
        if self.at("_"):
            self.take("_")
            inner = self.raw_group()
            if len(inner) > 2 and inner[0].text == r"\{" and inner[-1].text == r"\}":
                inner = inner[1:-1]
        elif not subscript_only and self.peek().text in _BRACKETS:
            close, inner = _BRACKETS[self.take().text], []
            while not self.at(close, "end of input"):
                inner.append(self.take())
            self.take(close)
            inner = self.joined(inner)
        else:
            return None
        if not any(t.text in INDEX_RELATIONS or t.text in RELATIONS for t in inner):
            self.i = start
            return None
        if len(inner) != 3 or inner[1].text not in INDEX_RELATIONS or {inner[0].kind, inner[2].kind} - {"letter", "num", "label"}:
            self.i = start
            return value_indicator(self, tok)  # \mathbb{1}[x_i > 0]: a relation between two values
        node = ("delta", [inner[0], inner[2]], tok)
        return node if inner[1].text == "=" else ("add", ("num", Integer(1)), ("neg", node))

    def environment(self) -> str:
        return matrix_cells.environment(self)

    def call(self, fname: str, tok: Tok, taken: bool = True):
        sub = None
        if self.at("_"):
            self.take("_")
            sub = self.raw_group()
        while self.at("'"):  # \sigma'(z), \text{LeakyReLU}_\alpha'(z): the derivative, entrywise
            self.take("'")
            fname += "'"
        if sub is None and fname.endswith("'") and self.at("_"):  # \text{LeakyReLU}'_\alpha(z)
            self.take("_")
            sub = self.raw_group()
        power = None
        if self.at("^"):
            self.take("^")
            power = self.group()
        if self.at("(", "["):
            close = ")" if self.take().text == "(" else "]"
            args = [self.expr()]
            while self.at(","):
                self.take(",")
                args.append(self.expr())
            self.take(close)
        elif self.at("{"):
            args = [self.group()]
        else:
            args = [self.factor()]
        node = ("call", fname, args, sub, tok)
        return ("pow", node, power) if power is not None else node

    def summand(self):
        r"""A sum's body: a product, with a sign before it if written (``\sum_k -t_k \log y_k`` is Σ(−t_k log y_k),
        the only reading, since a sum needs its summand); like an unsigned one it ends at the next + or −."""
        if self.at("-", "+"):
            negative = self.take().text == "-"
            body = self.term()
            return ("neg", body) if negative else body
        return self.term()

    def sum_(self, reduction: str = "sum"):
        r"""``\sum_{j=1}^{n} body`` as ("sum", var, lo, hi, body, tok); ``\max_j``, ``\min_j`` are the same node
        with ``tok`` the \max or \min it came from (``Interpreter.op_sum`` reduces by it), so every walk that
        binds a sum's index binds theirs too. Limits may be left to ``sum_ranges`` (\sum_j)."""
        tok = self.take("\\" + reduction)
        if reduction != "sum" and not (self.at("_") and (self.peek(1).kind == "letter" or self.peek(2).kind == "letter")):
            self.fail(f"write \\{reduction}_j x_j (over an index j) or \\{reduction}(a, b)", tok)
        if not self.at("_"):  # \sum \exp(x_j): over the one letter that subscripts the body
            body = self.summand()
            letters = sorted(subscript_letters(body))
            if len(letters) != 1:
                self.fail(r"\sum without an index: " + (f"over {' or '.join(letters)}? write \\sum_{letters[0]}" if letters else
                          r"write \sum_{j=1}^{n}"), tok)
            return ("sum", letters[0], None, None, body, tok)
        self.take("_")
        if not (self.at("{") and self.peek(2).text == "="):  # \sum_j, \sum_{i,j}: ``sum_ranges`` gives the limits
            group = self.raw_group()
            names = [t for t in group if t.text != ","]
            if not names or any(t.kind != "letter" for t in names) or len(group) != 2 * len(names) - 1:
                self.fail(r"a sum's index must be a letter: \sum_{j=1}^{n}, or \sum_j when an array gives j's range", tok)
            self.bound.extend(t.text for t in names)
            try:
                body = self.summand()
            finally:
                del self.bound[-len(names):]
            for t in reversed(names):
                body = ("sum", t.text, None, None, exclude_terms(body, t.text, self.where), t if reduction == "sum" else tok)
            return body
        self.take("{")
        var = self.take()
        if var.kind != "letter":
            self.fail(r"the sum's index must be a letter: \sum_{j=1}^{n}", var)
        self.take("=")
        lo = self.expr()
        self.take("}")
        self.take("^")
        hi = self.group()
        self.bound.append(var.text)
        try:
            body = exclude_terms(self.summand(), var.text, self.where)  # o_{k \neq y} w_k: the sum over k ≠ y
        finally:
            self.bound.pop()
        return ("sum", var.text, lo, hi, body, tok)


def _name_of(toks: list[Tok], parser: Parser, at: Tok) -> str:
    if len(toks) == 1 and toks[0].kind == "letter":
        return toks[0].text
    if len(toks) == 1 and toks[0].kind == "cmd" and toks[0].text[1:] in GREEK:
        return toks[0].text[1:]
    if len(toks) >= 3 and toks[0].text in (r"\mathbf", r"\boldsymbol", r"\bm") and toks[1].text == "{" and toks[-1].text == "}":
        return _name_of(toks[2:-1], parser, at)
    if len(toks) == 2 and toks[0].text in (r"\mathbf", r"\boldsymbol", r"\bm"):
        return _name_of(toks[1:], parser, at)
    parser.fail("expected one letter inside the bold/hat command", at)


def parse_vector(text: str, *, where: str, functions: dict, names=None, defined=frozenset(), labels=frozenset(),
                 with_inputs=frozenset()):
    """``text`` as (members, relation names); raises ``LatexParseError`` naming the column.

    ``names``: every name the ``where`` declares (tagged ones like ``W^(1)``, ``h^a``, ``d_h`` are read as
    one name); given, the reading is strict: an undeclared bold name or tag is refused, not guessed."""
    p = Parser(text, where, functions, names or frozenset(), strict=names is not None, defined=defined, labels=labels,
               with_inputs=with_inputs)
    try:
        return p.relation_chain()
    except RecursionError as exc:
        raise LatexParseError(f"{where}: nested too deeply") from exc
