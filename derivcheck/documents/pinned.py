r"""A vector stated one entry and then all the others, across a sentence's formulas: "a one-hot vector s.t.
$t_h = 1$ and $t_k = 0$ for each $k \neq h$" (seed 003) is one definition, ``t_k = [k = h]``
(``notation.one_hot``). Read alone, each formula is something else: ``t_h = 1`` an entry given a constant
(every entry, or entry h only?), ``t_k = 0`` a claim, ``k \neq h`` a condition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..notation.one_hot import pinned_pair
from .formulas import Formula
from .prose import CLAUSE_END

__all__ = ["Pinned", "pinned_groups"]

_AND = re.compile(r"\s*(?:,|;|and|as well as)\s*", re.I)
_FOR = re.compile(r"\s*(?:for|if|when|whenever)(?:\s+(?:each|all|every|any))?\s*", re.I)
# the words that state it ("a one-hot vector s.t.", "Let", "where", ":"), not a hypothesis ("If", "when") nor a
# conclusion ("Then", "so"); after it, its clause ends (prose.CLAUSE_END: "…, we have", "." or the line)
_LEAD = re.compile(r"(?:\bs\.\s?t\.|\bsuch that|\bwith|\bwhere|\blet|\bi\.\s?e\.,?|\bthat is,?|:|\bgiven|\bassume|"
                   r"\bsuppose(?: that)?|\bhas)\s*$", re.I)


@dataclass(frozen=True)
class Pinned:
    """The definition a group of formulas states, the note saying how it was read, and the group's first formula
    (where the definition joins the context; the others are part of it)."""
    definition: str
    note: str
    first: Formula


def pinned_groups(formulas: list[Formula], prose) -> dict[int, Pinned]:
    """``id(formula) → Pinned`` for every formula of such a group: ``$t_h = 1$ and $t_k = 0 \\;\\forall k \\neq h$``,
    or ``$t_h = 1$ and $t_k = 0$ for each $k \\neq h$``, inline, joined by these words only, led in by words that state
    it and ending its clause. ``prose``: the words around the formulas (``documents.prose.Prose``)."""
    out: dict[int, Pinned] = {}
    inline = [f for f in formulas if not f.display]
    for k, first in enumerate(inline[:-1]):
        second, third = inline[k + 1], inline[k + 2] if k + 2 < len(inline) else None
        if id(first) in out or not _AND.fullmatch(prose.between(first, second) or "?") or not _LEAD.search(prose.before(first)):
            continue
        group, found = (first, second), pinned_pair(first.source, second.source)
        if not found and third is not None and _FOR.fullmatch(prose.between(second, third) or "?"):
            group, found = (first, second, third), pinned_pair(first.source, f"{second.source} \\text{{ for }} {third.source}")
        if found and CLAUSE_END.match(prose.after(group[-1])):  # "… for each $k \\neq h$ with $k \\le 3$": not every other entry
            out.update({id(f): Pinned(*found, first) for f in group})
    return out
