r"""A derivation inside the branches of ``cases``: seed 000's softmax Jacobian,

    \frac{\partial S(\mathbf{x})_i}{\partial x_j} = \begin{cases} -\frac{e^{x_i}}{\sum_j e^{x_j}} \frac{e^{x_j}}{\sum_j e^{x_j}}
        = -S(\mathbf{x})_i S(\mathbf{x})_j, & \text{if } i \neq j, \\ … = S(\mathbf{x})_i - S(\mathbf{x})_i S(\mathbf{x})_j,
        & \text{if } i = j \end{cases}

states three things: the left side is the cases of each branch's first member, and each branch's chain holds
under its condition. ``split_case_chains`` writes them as separate relations (the last ones closing with
``\text{ if }`` and the branch's condition, which ``statements.trailing_condition`` reads), so every step is
checked, on its own, where it is claimed. A ``\text{otherwise}`` branch takes the negation of the other
branch's condition only when it is one relation between two names (``i = j`` / ``i \neq j``); anything else is
left as written (and refused there), never guessed.
"""

from __future__ import annotations

import re

__all__ = ["split_case_chains", "CASE_CHAINS"]

CASE_CHAINS = ("a derivation inside the cases read as {} relations: the cases of each branch's first member, then each "
               "branch's chain where its condition holds")  # what the scope says of the split

_BEGIN, _END = r"\begin{cases}", r"\end{cases}"
_WORDS = re.compile(r"^\s*(?:[,;]\s*|\\q?quad\s*|\\text\s*\{\s*(?:if|for|when|where)\s*\}\s*)*")
_OTHERWISE = re.compile(r"^\\text\s*\{\s*otherwise\s*\}$")
_ONE_RELATION = re.compile(r"^([A-Za-z])\s*(=|\\neq|\\ne)\s*([A-Za-z])$")


def split_case_chains(text: str) -> list[str] | None:
    """The relations a statement ending in ``= \\begin{cases} … \\end{cases}`` with a chain in some branch states,
    or None when there is nothing to split (no such cases, or no branch holds a relation)."""
    stripped = text.strip().rstrip(".,; ")
    start = stripped.find(_BEGIN)
    if start < 0 or not stripped.endswith(_END) or stripped.count(_BEGIN) != 1 or stripped.count(_END) != 1:
        return None
    head, body = stripped[:start].rstrip(), stripped[start + len(_BEGIN):-len(_END)]
    if not head.endswith("=") or head.endswith(r"\="):
        return None
    rows = []
    for row in _top_level_split(body, "\\\\"):
        if not row.strip():
            continue
        cells = _top_level_split(row, "&")
        if len(cells) != 2:
            return None
        members = [m.strip().rstrip(",;").strip() for m in _top_level_split(cells[0], "=")]
        condition = _WORDS.sub("", cells[1]).strip().rstrip(".,;").strip()
        if not all(members) or not condition:
            return None
        rows.append((members, condition))
    if len(rows) < 2 or all(len(members) == 1 for members, _ in rows):
        return None
    conditions = [c for _, c in rows]
    for k, (members, condition) in enumerate(rows):
        if _OTHERWISE.match(condition):
            others = [c for j, c in enumerate(conditions) if j != k]
            negated = _negation(others[0]) if len(others) == 1 else None
            if negated is None:
                return None
            rows[k] = (members, negated)
    firsts = r" \\ ".join(f"{members[0]} & {condition}" for members, condition in rows)
    parts = [f"{head} {_BEGIN} {firsts} {_END}"]
    parts += [" = ".join(members) + rf" \text{{ if }} {condition}" for members, condition in rows if len(members) > 1]
    return parts


def _negation(condition: str) -> str | None:
    m = _ONE_RELATION.match(condition.strip())
    if m is None:
        return None
    return f"{m.group(1)} {'=' if m.group(2) != '=' else chr(92) + 'neq'} {m.group(3)}"


def _top_level_split(text: str, separator: str) -> list[str]:
    r"""``text`` cut at each ``separator`` outside braces, brackets and parentheses (``=`` never inside ``\neq``,
    ``\leq``, ``\geq`` or a subscript's ``j=1``)."""
    parts, depth, last, k = [], 0, 0, 0
    while k < len(text):
        ch = text[k]
        if ch == "\\" and text.startswith("\\\\", k) and separator != "\\\\":
            k += 2
            continue
        if ch == "\\" and separator != "\\\\":
            m = re.match(r"\\[A-Za-z]+|\\.", text[k:])
            k += len(m.group()) if m else 1
            continue
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        elif depth == 0 and text.startswith(separator, k):
            parts.append(text[last:k])
            k += len(separator)
            last = k
            continue
        k += 1
    parts.append(text[last:])
    return parts
