"""The words around a document's formulas, as ``documents.check`` reads them: a condition is often stated in
them ("when $x > 0$, …"), a heading names the question, a sentence says a step is approximate."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .formulas import Formula, TextPositions
from .headings import Headings

__all__ = ["CLAUSE_END", "Prose", "Trailing", "trailing_conditions"]


class Prose:
    """The words around each formula: a condition is often stated in them ("when $x > 0$, …")."""

    _IF = re.compile(r"(?:^|[\s(*_])(if and only if|iff|if|when|whenever|for(?:\s+(?:all|each|every|any))?|provided that|provided|assuming|at)\s*$",
                     re.IGNORECASE)

    def __init__(self, path: str, kind: str):
        self.texts: dict[int | None, TextPositions] = {}
        self.headings: Headings | None = None
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                raw = fh.read()
            if kind == "notebook":
                import nbformat

                cells = nbformat.reads(raw, as_version=4).cells
                self.texts = {i: TextPositions(c.source) for i, c in enumerate(cells, 1)}
            else:
                self.texts = {None: TextPositions(raw)}
        except Exception:  # the reader already reported an unreadable file; without text, no prose
            self.texts = {}

    def _offset(self, f: Formula) -> int | None:
        text = self.texts.get(f.cell)
        if text is None or f.line - 1 >= len(text.starts):
            return None
        return text.line_start(f.line - 1) + f.column - 1

    def before(self, f: Formula) -> str:
        """The sentence's words just before ``f`` (delimiters dropped)."""
        start = self._offset(f)
        if start is None:
            return ""
        lead = self.texts[f.cell].text[max(0, start - 80):start]
        return re.sub(r"(\$+|\\\(|\\\[|\\begin\{[^{}]*\})\s*$", "", lead.rstrip()).rstrip()

    def after(self, f: Formula) -> str:
        """The words just after ``f`` up to the next formula, blank line or 80 characters."""
        start = self._offset(f)
        if start is None:
            return ""
        text = self.texts[f.cell].text
        rest = text[start + len(f.source):start + len(f.source) + 80]
        rest = re.sub(r"^\s*(\$+|\\\)|\\\]|\\end\{[^{}]*\})", "", rest)
        return re.split(r"\n\s*\n|\$|\\\[|\\\(|\\begin\{", rest)[0]

    def _line_lead(self, f: Formula) -> str | None:
        """The text of ``f``'s line before it, or None if it cannot be told."""
        start = self._offset(f)
        if start is None:
            return None
        text = self.texts[f.cell].text
        return text[text.rfind("\n", 0, start) + 1:start]

    def starts_line(self, f: Formula) -> bool:
        """Whether only spaces and its opening delimiter come before ``f`` on its line (``$= …$`` under a formula)."""
        return re.fullmatch(r"[ \t]*(?:\$+|\\\()?[ \t]*", self._line_lead(f) or "?") is not None

    def between(self, first: Formula, then: Formula) -> str | None:
        """The text between two formulas of one cell, their delimiters dropped; None if it cannot be told."""
        start, end = self._offset(first), self._offset(then)
        if first.cell != then.cell or start is None or end is None or end < start + len(first.source):
            return None
        text = self.texts[first.cell].text[start + len(first.source):end]
        text = re.sub(r"^\s*(\$+|\\\)|\\\]|\\end\{[^{}]*\})", "", text)
        return re.sub(r"(\$+|\\\(|\\\[|\\begin\{[^{}]*\})\s*$", "", text)

    def in_list_item(self, f: Formula) -> bool:
        """Whether ``f`` is on the first line of a Markdown list item (``- if $k = y$: $…$``)."""
        return re.match(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]", self._line_lead(f) or "") is not None

    def section(self, f: Formula) -> int:
        """How many headings (Markdown ``#``, LaTeX ``\\section``…) come before ``f``: a new problem
        may use the same names for new things."""
        return self._headings().count(f.cell, f.line - 1)

    def path(self, f: Formula) -> tuple[int, ...]:
        """The headings in force at ``f`` (``Headings.path``)."""
        return self._headings().path(f.cell, f.line - 1)

    def question(self, f: Formula) -> str | None:
        """The question ``f`` answers: the headings in force (``documents.headings``), or None."""
        return self._headings().question(f.cell, f.line - 1)

    def _headings(self) -> Headings:
        if self.headings is None:  # found once per document
            self.headings = Headings({cell: text.text for cell, text in self.texts.items()})
        return self.headings

    _APPROXIMATELY = re.compile(r"(?i)\b(?:at|for|when|with) (?:a )?(?:very )?large \w+|\b\w+ (?:is|gets|becomes) (?:very )?"
                                r"(?:large|small|big)\b|\bapproximat\w*|\bin the limit\b|\btends? to\b|\broughly\b")

    def approximately(self, f: Formula) -> str | None:
        """The words of the sentence leading into ``f`` that make it an approximation or a limit ("Since
        at large k, $$a(x) = …$$"): such a formula is not an identity to check."""
        lead = self.before(f).rsplit("$", 1)[-1].rstrip()
        if not lead or lead.endswith("."):  # "when k is large." ends its own sentence
            return None
        m = self._APPROXIMATELY.search(lead.rsplit(". ", 1)[-1])
        return m.group(0) if m else None

    def condition_word(self, f: Formula, after_condition: bool = False) -> str | None:
        """"if", "when", "for" … just before ``f``; also "and"/"or" right after another such condition
        ("for $x < 0$ and $x > 0$")."""
        before = self.before(f)
        m = self._IF.search(before) or (after_condition and re.search(r"(?:^|\s)(and|or)\s*$", before))
        return m.group(1).lower() if m else None


# "$A$ for all $k \neq y$": the words between a relation and a condition after it, and the end of its clause after it
# (punctuation but ", then", the line, or the next list item)
CLAUSE_END = re.compile(r"[ \t]*(?:[.,;:!?)](?![ \t]*then\b)|\n[ \t]*(?:[-*+]|\d+[.)])[ \t]|\n?[ \t]*$)")
_TRAILING_WORDS = re.compile(r"[ \t]*\n?[ \t]*,?[ \t]*(?:for\s+(?:each|all|every|any|some|at\s+least\s+one)|for|if|when|whenever)"
                             r"[ \t]*")  # in its sentence
_TERM = r"(?:[A-Za-z]|-?\d+(?:\.\d+)?|\\(?:alpha|beta|gamma|lambda|epsilon|varepsilon|mu|theta|eta|tau))"
_COMPARISON = re.compile(rf"\s*{_TERM}\s*(?:(?:\\neq?|\\leq?|\\geq?|[<>=≠≤≥])(?![A-Za-z])\s*{_TERM}\s*)+[.,;]?\s*")
_NAME = r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*[A-Za-z]\s*\}|[A-Za-z]|\\(?:alpha|beta|gamma|lambda|epsilon|mu|theta|eta|tau))"
_MEMBERSHIP = re.compile(rf"\s*{_NAME}(?:\s*,\s*{_NAME})*\s*(?:\\in|∈)\s*(?:\\mathbb\s*\{{\s*[RNZ]\s*\}}|ℝ|\\\{{)[^$]*")
_RELATION = re.compile(r"(?<![\\A-Za-z])(?:=|<|>|\\(?:le|ge|leq|geq|neq|ne)(?![A-Za-z]))")


@dataclass(frozen=True)
class Trailing:
    r"""Conditions a sentence states right after a relation: ``conditions`` (``id(relation) → condition``), ``owners``
    (``id(condition) → relation``), the conditions that are declarations (``for all $u \in \mathbb{R}$``: they hold on
    too), and ``shared``: relations listed before one (``$A$ and $B$ for all $u > 0$``: A's too? not read)."""
    conditions: dict
    owners: dict
    declarations: frozenset
    shared: dict
    some: frozenset = frozenset()  # relations stated "for some $u > 0$": an existence, not checked


def trailing_conditions(formulas: list[Formula], prose: Prose) -> Trailing:
    """The conditions stated right after a relation: a comparison of letters and numbers or a membership, the words
    between only "for all", "for each", "for every", "for any", "for", "if", "when" (``$\\frac{\\partial L}{\\partial o_k}
    = s_k$ for all $k \\neq y$``), its clause ending there. Not where the relation is itself a condition ("If $A$ for all
    …", a comparison) or the condition one of several ("for $x < 0$ and $x > 0$": either region)."""
    conditions, owners, declarations, shared, some = {}, {}, set(), {}, set()
    for k, (first, then) in enumerate(zip(formulas, formulas[1:])):
        words = prose.between(first, then)
        membership = _MEMBERSHIP.fullmatch(then.source)
        if then.display or words is None or not _TRAILING_WORDS.fullmatch(words) \
                or not (membership or _COMPARISON.fullmatch(then.source)) or not _RELATION.search(first.source) \
                or _COMPARISON.fullmatch(first.source) or not CLAUSE_END.match(prose.after(then)):
            continue
        joined = k + 2 < len(formulas) and re.fullmatch(r"\s*,?\s*(?:and|or)\s*", prose.between(then, formulas[k + 2]) or "?") \
            and _COMPARISON.fullmatch(formulas[k + 2].source)
        lead = re.split(r"[.!?]\s|\n\s*\n", prose.before(first))[-1]  # "If $t_h = 1$ and $t_k = 0$ for each …"
        hypothesis = prose.condition_word(first) or re.search(r"(?:^|\s)(?:and|or)\s*$", lead) \
            and re.search(r"(?i)\b(?:if|when|whenever|suppose|assuming|provided)\b", lead)
        if joined or hypothesis:
            continue
        conditions[id(first)], owners[id(then)] = then, first
        if re.search(r"\b(?:some|at\s+least\s+one)\s*$", words):
            some.add(id(first))
        if membership:
            declarations.add(id(then))
        previous = formulas[k - 1] if k else None
        if previous is not None and not previous.display and _RELATION.search(previous.source) \
                and re.fullmatch(r"\s*(?:,|and|, and)\s*", prose.between(previous, first) or "?"):
            shared[id(previous)] = then  # "$A$ and $B$ for all $u > 0$"
    return Trailing(conditions, owners, frozenset(declarations), shared, frozenset(some))
