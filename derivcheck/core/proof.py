"""Proofs as printable trees of the steps the prover actually took.

A proof of ``lhs = rhs`` starts from the difference ``lhs - rhs`` and rewrites it, one named
rule at a time, to 0. A proof of ``lhs <= rhs`` rewrites ``rhs - lhs`` to a form whose sign SymPy
decides from the symbols' assumptions (a square, a positive factor...). A ``CaseSplit`` proves
the same goal on each region of a piecewise expression; a ``Substitution`` re-parametrises a
variable (α = t/(1+t) for 0 < α < 1) so that SymPy's assumptions carry the domain.

Words that name mathematics (a rule "i ≠ j: δ_ij = 0", a case "x > 0") are a ``Phrase``: the
expressions stay SymPy objects, so the terminal, the JSON and the LaTeX document print them with
their one printer each (``core.text.text``, ``report.latex.latex``), never with ``str()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import Formatter
from typing import Iterator, Union

from rich.text import Text
from rich.tree import Tree
from sympy import Expr

from .text import text

__all__ = ["Phrase", "Step", "Case", "CaseSplit", "Induction", "Proof", "Goal", "reason"]


class Phrase(str):
    """Words with mathematics in them: ``Phrase("{} ≠ {}: {} = 0", i, j, KroneckerDelta(i, j))``.

    The string itself is the plain-text form, each ``{}`` filled with ``text()`` of its term, so a
    phrase compares, searches and prints like the words ``derivcheck show`` prints. ``pieces()``
    gives the words and the terms apart, for the LaTeX writer to typeset the terms as math. Literal
    braces are doubled, as in ``str.format``; a ``str`` term is words, anything else math.
    """

    template: str
    terms: tuple

    def __new__(cls, template: str, *terms):
        self = super().__new__(cls, template.format(*(t if isinstance(t, str) else text(t) for t in terms)))
        self.template, self.terms = template, terms
        return self

    def __reduce__(self):  # workers send proofs back pickled
        return (type(self), (self.template, *self.terms))

    def pieces(self) -> Iterator[tuple[str, object]]:
        """(words, term) pairs in order; the last term may be None."""
        terms, words = iter(self.terms), ""
        for literal, field_name, _, _ in Formatter().parse(self.template):
            words += literal  # "{{" ends a chunk of the parse: join the words up to the next term
            if field_name is not None:
                yield words, next(terms)
                words = ""
        if words:
            yield words, None

    @classmethod
    def join(cls, sep: str, parts) -> "Phrase":
        """Phrases (or plain words) joined by ``sep``, keeping every term."""
        templates, terms = [], []
        for part in parts:
            if isinstance(part, Phrase):
                templates.append(part.template)
                terms.extend(part.terms)
            else:
                templates.append(_braces(str(part)))
        return cls(_braces(sep).join(templates), *terms)

    def __add__(self, other):
        return Phrase.join("", (self, other))

    def __radd__(self, other):
        return Phrase.join("", (other, self))


def _braces(words: str) -> str:
    return words.replace("{", "{{").replace("}", "}}")


def reason(conclusion: str) -> str:
    """Why the last expression has the goal's sign: the prover words a conclusion "<expr> ≥ 0: why"."""
    return conclusion.split(": ", 1)[1] if ": " in conclusion else conclusion


@dataclass(frozen=True)
class Step:
    """The goal expression after applying ``rule`` (e.g. "rewrite tanh with exponentials")."""

    rule: str
    expr: Expr


@dataclass(frozen=True)
class Case:
    """One region of a case split: its condition in words and the proof there."""

    condition: str
    proof: "Proof | None"  # None: the case is excluded by the claim (reason in ``note``)
    note: str = ""


@dataclass(frozen=True)
class CaseSplit:
    """Prove the goal on each region cut out by the signs of ``on``."""

    on: tuple[Expr, ...]
    cases: tuple[Case, ...]
    rule: str = "case split"


@dataclass(frozen=True)
class Goal:
    """What a proof shows about ``expr``: it is 0, ≥ 0, or > 0."""

    expr: Expr
    relation: str  # "zero", "nonneg", "pos"

    def describe(self) -> str:
        return {"zero": "= 0", "nonneg": "≥ 0", "pos": "> 0"}[self.relation]


@dataclass(frozen=True)
class Induction:
    """Prove the goal for every integer ``on`` ≥ ``base``: at ``on = base``, then from n to n + 1."""

    on: Expr
    base: Expr
    hypothesis: Expr  # the claim at n, assumed in the step
    base_case: "Proof"
    step_case: "Proof"
    rule: str = "induction"


Node = Union[Step, CaseSplit, Induction]


@dataclass(frozen=True)
class Proof:
    """A goal and the chain of steps that establishes it; ``method`` names the strategy."""

    goal: Goal
    steps: tuple[Node, ...]
    method: str
    conclusion: str = ""  # why the last expression has the goal's sign, for inequalities
    substitution: tuple[tuple[Expr, Expr], ...] = field(default_factory=tuple)
    part: int = 0  # which relation of the claim's statement this proves
    # Sizes the proof is limited to, e.g. (("n", (2, 3, 4)),) for a proof done on explicit
    # n×n matrices; empty when it holds for every size (index-generic or no sizes at all).
    fixed_sizes: tuple = ()

    @property
    def rules(self) -> list[str]:
        out = []
        for node in self.steps:
            out.append(node.rule)
            if isinstance(node, Induction):
                out.extend(node.base_case.rules + node.step_case.rules)
            if isinstance(node, CaseSplit):
                for case in node.cases:
                    if case.proof is not None:
                        out.extend(case.proof.rules)
        return out

    def __rich__(self) -> Tree:
        tree = Tree(Text(self.heading()))
        _fill(tree, self)
        return tree

    def heading(self) -> str:
        return f"goal: {text(self.goal.expr)} {self.goal.describe()}   [{self.method}]"

    def lines(self) -> list[str]:
        """The proof as the plain-text lines ``derivcheck show`` prints, without the tree's drawing."""
        out = [self.heading()]
        _walk(self, lambda depth, words, style: out.append("  " * (depth + 1) + "".join(words)))
        return out

    def to_json(self) -> dict:
        """The proof for ``--json``: the goal and every line, in the same words as ``derivcheck show``."""
        return {"goal": f"{text(self.goal.expr)} {self.goal.describe()}", "method": self.method,
                "part": self.part, "lines": self.lines()[1:]}


def _walk(proof: Proof, emit, depth: int = 0) -> None:
    """Call ``emit(depth, words, style)`` for each line of the proof, in order (the one wording of
    a proof in plain text: the rich tree and the JSON lines both come from here). A step's words
    are a pair (its rule and ": ", its expression)."""
    for old, new in proof.substitution:
        emit(depth, f"substitute {text(old)} = {text(new)}", "cyan")
    for node in proof.steps:
        if isinstance(node, Step):
            emit(depth, (f"{node.rule}: ", text(node.expr)), "step")
        elif isinstance(node, Induction):
            on, base = text(node.on), text(node.base)
            emit(depth, f"{node.rule} on {on} ≥ {base}", "cyan")
            emit(depth + 1, f"base case {on} = {base}", "bold")
            _walk(node.base_case, emit, depth + 2)
            hypothesis = f"{text(node.hypothesis.lhs)} = {text(node.hypothesis.rhs)}"
            emit(depth + 1, f"step {on} → {on} + 1, assuming {hypothesis}", "bold")
            _walk(node.step_case, emit, depth + 2)
        else:
            head = node.rule if node.rule != "case split" else f"{node.rule} on the sign of {', '.join(map(text, node.on))}"
            emit(depth, head, "cyan")
            for case in node.cases:
                emit(depth + 1, f"case {case.condition}", "bold")
                if case.proof is None:
                    emit(depth + 2, case.note or "excluded", "dim")
                else:
                    _walk(case.proof, emit, depth + 2)
    if proof.conclusion:
        # The prover words it as "<expr> ≥ 0: reason"; show the expression in our notation.
        last = next((n.expr for n in reversed(proof.steps) if isinstance(n, Step)), proof.goal.expr)
        emit(depth, f"{text(last)} {proof.goal.describe()}: {reason(proof.conclusion)}", "green")


def _fill(tree: Tree, proof: Proof) -> None:
    """The rich tree of ``_walk``'s lines: each line hangs under the last line one level up."""
    parents = [tree]

    def emit(depth, words, style):
        del parents[depth + 1:]
        if style == "step":
            label = Text.assemble((words[0], "cyan"), words[1])
        else:
            label = Text(words, style=style)
        parents.append(parents[depth].add(label))

    _walk(proof, emit)
