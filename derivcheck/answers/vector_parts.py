r"""Several relations in one vector statement, each checked on its own, as one answer: relations joined by ``⇒``
(``A = B \text{ if } i = j \Rightarrow C = D``), and a derivation inside the branches of ``cases``
(``notation.case_chains``: the left side against the branches' first members, then each branch's chain where its
condition holds). The steps are numbered in reading order, across the relations; ``said`` is how they were cut."""

from __future__ import annotations

from dataclasses import replace

from ..notation.statements import trailing_condition
from .model import Answer
from .vector import vector_answer

__all__ = ["several_relations"]


def several_relations(answer_id: str, text: str, parts: list[str], entries: list[str], functions: dict, where: str,
                      defined=frozenset(), said: str = "") -> Answer:
    """One answer for ``parts``, the relations ``text`` states; a part closing with ``\\text{ if } …`` is checked
    where that holds (said in its steps' scope)."""
    found = []
    for number, part in enumerate(parts, 1):
        relation, conditions, _ = trailing_condition(part, defined)  # its note is the last one below
        found.append(vector_answer(f"{answer_id} part {number}", relation, entries + list(conditions), functions, where))
    steps, scopes, proven = [], [], []
    for one in found:
        first, last = len(steps) + 1, len(steps) + len(one.steps)
        label = f"step {first}" if first == last else f"steps {first}–{last}"
        steps += [replace(step, index=step.index + first - 1, relation=f"step {step.index + first - 1}"
                          if step.relation == f"step {step.index}" else step.relation) for step in one.steps]
        scopes.append(f"{label}: {one.scope}" if one.scope else "")
        proven.append(f"{label}: {one.proven_scope or one.scope}" if one.proven_scope or one.scope else "")
    return Answer(answer_id, text, tuple(steps), scope="; ".join(p for p in (*scopes, said) if p),
                  proven_scope="; ".join(p for p in (*proven, said) if p) if any(o.proven_scope for o in found) else "")
