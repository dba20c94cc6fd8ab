"""Proofs as printable trees of the steps the prover actually took.

A proof of ``lhs = rhs`` starts from the difference ``lhs - rhs`` and rewrites it, one named
rule at a time, to 0. A proof of ``lhs <= rhs`` rewrites ``rhs - lhs`` to a form whose sign SymPy
decides from the symbols' assumptions (a square, a positive factor...). A ``CaseSplit`` proves
the same goal on each region of a piecewise expression; a ``Substitution`` re-parametrises a
variable (α = t/(1+t) for 0 < α < 1) so that SymPy's assumptions carry the domain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from rich.text import Text
from rich.tree import Tree
from sympy import Expr

from .text import text

__all__ = ["Step", "Case", "CaseSplit", "Induction", "Proof", "Goal"]


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
        tree = Tree(Text(f"goal: {text(self.goal.expr)} {self.goal.describe()}   [{self.method}]"))
        _fill(tree, self)
        return tree


def _fill(tree: Tree, proof: Proof) -> None:
    for old, new in proof.substitution:
        tree.add(Text(f"substitute {text(old)} = {text(new)}", style="cyan"))
    for node in proof.steps:
        if isinstance(node, Step):
            branch = tree.add(Text.assemble((f"{node.rule}: ", "cyan"), text(node.expr)))
        elif isinstance(node, Induction):
            branch = tree.add(Text(f"induction on {node.on} ≥ {node.base}", style="cyan"))
            base = branch.add(Text(f"base case {node.on} = {node.base}", style="bold"))
            _fill(base, node.base_case)
            hypothesis = f"{text(node.hypothesis.lhs)} = {text(node.hypothesis.rhs)}"
            step = branch.add(Text(f"step {node.on} → {node.on} + 1, assuming {hypothesis}", style="bold"))
            _fill(step, node.step_case)
        else:
            head = node.rule if node.rule != "case split" else f"{node.rule} on the sign of {', '.join(map(text, node.on))}"
            branch = tree.add(Text(head, style="cyan"))
            for case in node.cases:
                sub = branch.add(Text(f"case {case.condition}", style="bold"))
                if case.proof is None:
                    sub.add(Text(case.note or "excluded", style="dim"))
                else:
                    _fill(sub, case.proof)
    if proof.conclusion:
        # The prover words it as "<expr> ≥ 0: reason"; show the expression in our notation.
        last = next((n.expr for n in reversed(proof.steps) if isinstance(n, Step)), proof.goal.expr)
        reason = proof.conclusion.split(": ", 1)[-1]
        tree.add(Text(f"{text(last)} {proof.goal.describe()}: {reason}", style="green"))
