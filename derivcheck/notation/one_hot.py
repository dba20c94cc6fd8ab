r"""A vector stated entry by entry, one entry and then all the others: ``t_h = 1`` and ``t_k = 0`` for
``k \neq h`` (seed 003: "the target is a one-hot vector s.t. $t_h = 1$ and $t_k = 0$ for each $k \neq h$").

Alone, ``t_h = 1`` could mean every entry is 1 or entry h only (``notation.vector_where`` refuses it). With
its companion for every other index it has one meaning, read as the definition ``t_k = [k = h]`` — or
``t_k = (a)[k = h] + (b)[k \neq h]`` for other values (label smoothing: ``t_y = 1 - \epsilon`` and
``t_k = \frac{\epsilon}{K-1}`` for ``k \neq y``). Only that exact pairing is read: one name, one index letter
on each, the second stated for every index but the first's (``\text{for each } k \neq h``, ``\forall k \neq h``,
``\text{otherwise}``), and values that mention neither letter nor the name. Anything else is left as written.
"""

from __future__ import annotations

import re

__all__ = ["one_hot", "pinned_pair"]

_NAME = r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*[A-Za-z]\s*\}|(?<![\\A-Za-z])[A-Za-z])"
_ENTRY = re.compile(rf"^\s*(?P<name>{_NAME})\s*_\s*(?:\{{\s*(?P<braced>[A-Za-z])\s*\}}|(?P<single>[A-Za-z]))"
                    r"\s*=(?!=)\s*(?P<value>.+?)\s*[.,;]?\s*$", re.S)
_WORDS = r"(?:for|if|when|whenever)(?:\s+(?:each|all|every|any))?"
_QUANTIFIER = rf"(?:\\text\w*\s*\{{\s*{_WORDS}\s*\}}|\\forall|{_WORDS}\b)"  # \text{ for each }, \forall, the words
_GAP = r"(?:\s|,|;|~|\\[,;:! ]|\\q?quad(?![A-Za-z]))*"
_OTHERS = re.compile(rf"^(?P<value>.+?){_GAP}(?:{_QUANTIFIER}{_GAP}\(?\s*(?P<k>[A-Za-z])\s*(?:\\neq?(?![A-Za-z])|≠)\s*"
                     rf"(?P<h>[A-Za-z])\s*\)?|\\text\w*\s*\{{\s*(?:otherwise|else)\s*\}})\s*$", re.S)
_RELATION = re.compile(r"[=<>≤≥≠]|\\(?:le|ge|leq|geq|neq|ne|approx|in|to)(?![A-Za-z])")
_JOIN = re.compile(rf"{_GAP}(?:(?<!\\)[,;]|\\q?quad(?![A-Za-z])|\\text\w*\s*\{{\s*and\s*\}}){_GAP}")


def _letters(value: str) -> set[str]:
    """The letters ``value`` uses as symbols (none inside a command or its words)."""
    value = re.sub(r"\\(?:text\w*|mathrm|operatorname)\s*\{[^{}]*\}", " ", value)
    return set(re.findall(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", " ", value)))


def _grouped(value: str) -> str:
    return value if re.fullmatch(r"-?\d+(?:\.\d+)?|\\?[A-Za-z]+", value) else f"\\left({value}\\right)"


def pinned_pair(first: str, second: str) -> tuple[str, str] | None:
    r"""The definition (``t_k = [k = h]``) and the note saying so, when ``first`` pins one entry (``t_h = 1``) and
    ``second`` every other (``t_k = 0 \text{ for } k \neq h``) as the module docstring says; else None."""
    a, b = _ENTRY.match(first), _ENTRY.match(second)
    if not a or not b or re.sub(r"\s+", "", a.group("name")) != re.sub(r"\s+", "", b.group("name")):  # t and \mathbf{t}: two
        return None
    name, hot, k = b.group("name"), a.group("braced") or a.group("single"), b.group("braced") or b.group("single")
    others = _OTHERS.match(b.group("value"))
    if hot == k or not others or others.group("k") and {others.group("k"), others.group("h")} != {hot, k}:
        return None
    on, off = a.group("value").strip(), others.group("value").strip()
    if any(_RELATION.search(v) or _letters(v) & {hot, k, re.sub(r"\\\w+\s*\{\s*(\w)\s*\}", r"\1", name)} or v.count("{") != v.count("}") for v in (on, off)):
        return None  # t_h = t_k, t_h = 1 = …: not one value each
    body = f"[{k} = {hot}]" if (on, off) == ("1", "0") else f"{_grouped(on)}[{k} = {hot}] + {_grouped(off)}[{k} \\neq {hot}]"
    definition = f"{name}_{{{k}}} = {body}"
    return definition, f"{first.strip()} and {second.strip()} read as {definition}"


def one_hot(entries: list[str]) -> tuple[list[str], list[str]]:
    r"""``entries`` with each pinned pair (``t_h = 1``, ``t_k = 0 \text{ for } k \neq h``; also in one entry, joined
    by a comma, ``;``, ``\quad`` or ``\text{and}``) replaced by its one definition, and the notes saying so."""
    pieces: list[str] = []
    for entry in entries:
        cut = next((m for m in _JOIN.finditer(entry) if pinned_pair(entry[:m.start()], entry[m.end():])), None)
        pieces.extend([entry[:cut.start()], entry[cut.end():]] if cut else [entry])
    out, notes, used = [], [], set()
    for k, entry in enumerate(pieces):
        if k in used:
            continue
        for j, other in enumerate(pieces):
            found = j != k and j not in used and (pinned_pair(entry, other) or pinned_pair(other, entry))
            if found:
                out.append(found[0])
                notes.append(found[1])
                used |= {k, j}
                break
        else:
            out.append(entry)
    return (out, notes) if notes else (list(entries), [])
