r"""Reading a document into entries (one per relation, each with a kind) and checking its claims.

Each formula is cut into relations (``relations.split_relations``), each relation classified in
reading order (``context.classify``) with the declarations and definitions in force; a claim
becomes an ``Answer`` exactly as a ``[[claim]]`` of an answer file (``answers.scalar.answer``)
whose ``where`` is the relevant context, so the engine, the verdicts and the messages are those
of ``derivcheck check`` on TOML. Nothing is skipped silently: a formula that is not read is an
entry of kind "not read" with the reason.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, field, replace

from ..answers.model import Answer, AnswerResult, aggregate
from ..answers.reading import claim_keys, read_once, shared_reading
from ..answers.scalar import answer
from ..core.deadline import alarms
from ..core.errors import DerivcheckError
from ..core.verdict import Verdict
from ..run.runner import run_claims
from ..notation.routing import looks_vectorial
from ..notation.statements import strip_labels
from .context import (BOLD, WORDED_SUBJECT, Context, ContextEntry, binding_names, classify, declared_set, lhs_name, names_in,
                      worded_shape)
from .formulas import Directive, Formula
from .prose import Prose, Trailing, trailing_conditions
from .pinned import Pinned, pinned_groups
from .read import read_document
from .indices import array_shapes, index_ranges, sums_with_limits
from .undefined import MAX_EXCLUDED, excluded_point, only_undefined
from .relations import Piece, concluded, members, partial, split_relations, top_level_relations

__all__ = ["Entry", "ReadDocument", "read_entries", "DocumentReport", "check_documents", "KINDS"]

KINDS = ("claim", "definition", "declaration", "not a relation", "not read")

_NO_DEFAULTS = {"where": [], "functions": {}}


@dataclass(frozen=True)
class Entry:
    """One relation of a document (or a formula without one), where it is and what it is."""

    kind: str  # one of KINDS
    source: str  # the formula's LaTeX exactly as written
    text: str  # the relation as read (a continuation carries the member it continues)
    line: int
    column: int
    cell: int | None = None
    answer: Answer | None = None  # claims
    table: dict | None = None  # claims: the [[claim]] table they were read from (statement, where, functions)
    message: str | None = None  # not read: why; other kinds: what was read ("condition on α")
    notes: tuple[str, ...] = ()
    question: str | None = None  # claims: the headings in force ("Problem 2 / (a)"), what a grade lines up by

    @property
    def place(self) -> str:
        return (f"cell {self.cell}, " if self.cell is not None else "") + f"line {self.line}, column {self.column}"


@dataclass(frozen=True)
class ReadDocument:
    path: str
    kind: str
    entries: tuple[Entry, ...]
    error: str | None = None
    clean: bool = True  # no reading deadline fired while it was read: its reading is what any run reads


def _position(formula: Formula, offset: int) -> tuple[int, int]:
    before = formula.source[:offset]
    if "\n" not in before:
        return formula.line, formula.column + offset
    return formula.line + before.count("\n"), offset - before.rfind("\n")


@dataclass(frozen=True)
class _Case:
    """Conditions the prose states ("if $u < 0$ and $v < 0$, then …"): they hold for the relations after them in
    their sentence (``last``, the sentence's latest formula so far); ``alternatives`` ("if $u < 0$ or $v < 0$"): no
    single case, so those relations are not read; ``path``, the headings they were stated under."""
    texts: tuple
    line: int
    path: tuple
    last: Formula
    alternatives: bool = False
    item: bool = False  # stated in a list item: the sentence ends with the item
    doubtful: bool = False  # words between it and what follows do not say it still holds: a relation then is not read
    used: bool = False  # a relation was checked in it
    trailing: bool = False  # written after a relation, as its condition: a relation with its own condition is not its
    expiring: bool = False  # its sentence ended before it was used: it only keeps the next formula from being read

    @property
    def text(self) -> str:
        return " and ".join(self.texts)


class _Reader:
    """One document's reading state: the context so far and the relation a display may continue."""

    def __init__(self, path: str, prose: Prose | None = None):
        self.path = path
        self.prose = prose
        self.case: _Case | None = None  # "when $x > 0$, …": the conditions the rest of the sentence is stated in
        self.prose_line: tuple | None = None  # (cell, line) of the last condition the prose stated
        self.after_condition = False  # the formula before was a condition ("if $u < 0$ and $v < 0$")
        self.last_relation: Formula | None = None  # the last formula that stated a relation (a condition after it trails)
        self.retract: tuple | None = None  # (formula, why): its relations are not read after all (a condition trails it)
        self.context = Context()
        self.previous: str | None = None  # the last member of the formula before, as written
        self.previous_line = 0
        self.continuable: tuple | None = None  # (cell, line) of an inline relation a formula on the next line may continue
        self.ids: Counter = Counter()
        self.question: str | None = None  # the headings in force at the formula being read
        self.subject: tuple | None = None  # "Let $W$ be a": (the name, (cell, line)), for the shape the words give next
        self.one_example_note = ""  # what ``one_example`` declared last
        self.inferred: dict[str, str] = {}  # declarations the reader added (one example), with their notes
        self.shape_row = False  # the formula before was a dimension stated in words: a list of them may go on
        self.pinned: dict[int, Pinned] = {}  # $t_h = 1$ and $t_k = 0$ for each $k \neq h$: one definition
        self.pinned_read: dict[int, Entry] = {}  # the entry of each such group's first formula
        self.trailing = Trailing({}, {}, frozenset(), {})  # "$A$ for all $k \neq y$": A's condition, written after it

    def label(self, line: int, column: int, cell: int | None) -> str:
        return f"{self.path}: " + (f"cell {cell}, " if cell is not None else "") + f"line {line}, column {column}"

    def claim_id(self, line: int, cell: int | None) -> str:
        base = (f"cell {cell} " if cell is not None else "") + f"line {line}"
        self.ids[base] += 1
        return base if self.ids[base] == 1 else f"{base} ({self.ids[base]})"

    def directive(self, d: Directive) -> list[Entry]:
        problem = getattr(d, "problem", None)
        if problem:
            return [Entry("not read", "", "", d.line, d.column, d.cell, message=problem)]
        for letter, builtin in d.functions:
            self.context.functions[letter.lstrip("\\")] = builtin
        out = []
        for text in d.where:
            out.append(self.add_context(text, "directive", d.line, d.column, d.cell, text))
        return [e for e in out if e.kind == "not read"]

    def add_context(self, text: str, kind: str, line: int, column: int, cell: int | None, source: str,
                    notes: tuple = ()) -> Entry:
        """Declarations, conditions and definitions join the context if they read; else "not read"."""
        name = lhs_name(members(text)[0]) if kind == "definition" else None
        if kind == "definition":
            binds = local = frozenset()
            if name and name.arguments is not None:  # a(x) = …: the claims that apply a
                binds = frozenset({"call " + name.head.lstrip("\\")})
                if "," in name.arguments or re.search(r"\\(" + "|".join(BOLD) + r")\b", name.arguments):
                    # L(\mathbf{x}, y) = …: a quantity of the document's variables, which ∂L/∂o^a names bare under
                    # the same heading (the vector reader reads L as L at its parameters; another question's L is
                    # another loss). A bare a is not a(x) = … (h^a, the letter a)
                    local = frozenset({name.head.lstrip("\\")})
            elif name:  # L_{CE} = …: the claims that mention L_{CE}
                binds = binding_names(name.key)
        elif kind in ("condition", "directive"):
            binds, local = binding_names(text), frozenset()
        else:  # a membership: the names before \in
            binds, local = binding_names(members(text)[0]), frozenset()
        by_entries = self.context.entry_definition(name.key) if kind == "definition" and name else None
        if by_entries:  # J_{ij} = …: the array J under this heading, entry by entry over its indices i, j
            local |= {by_entries[0]}
        mentions = names_in(text) | set(by_entries[1] if by_entries else ())
        entry = ContextEntry(text.strip(), binds, mentions, kind, line, name.key if name else "",
                             section=self.context.section, local=local, path=self.context.path)
        replaced = self.context.defined.get(name.key, ("",))[0] if kind == "definition" and name else None
        gone = {e.text for e in self.context.entries if self.context.replaces(e, entry) or self.context.redefines(e, entry)} \
            | {replaced}
        where = [t for t in self.context.relevant(text) if t not in gone] + [entry.text]  # a redefinition replaces
        try:
            trial = answer("context", {"id": "context", "statement": "0 = 0", "where": where,
                                       "functions": dict(self.context.functions)}, _NO_DEFAULTS, self.label(line, column, cell))
            problem = trial.error or next((s.error for s in trial.steps if s.error), None)
        except DerivcheckError as exc:
            problem = str(exc)
        shown = "declaration" if kind in ("condition", "directive") else kind
        if problem and self.one_example(problem):  # h^a = W x + b after x^{(i)} ∈ ℝ^d: x is one example
            return self.add_context(text, kind, line, column, cell, source, notes + (self.one_example_note,))
        label = problem and name and name.arguments and re.search(r"(?<![\\A-Za-z])([A-Za-z]) is not a declared index", problem)
        if label and label.group(1) in re.findall(r"(?<![\\A-Za-z])[A-Za-z](?![A-Za-z])", name.arguments):
            # L(x, y) = -\log o^s_y: its parameter y indexes o^s ∈ ℝ^m, a label in 1..m (from here on, under this heading)
            size = index_ranges(text, label.group(1), array_shapes(where[:-1], self.context.functions))
            saved = list(self.context.entries)
            declared = size and self.add_context(f"{label.group(1)} \\in \\{{1, \\dots, {size}\\}}", "declaration", line,
                                                 column, cell, source)
            if declared and declared.kind == "declaration":
                read = self.add_context(text, kind, line, column, cell, source, notes + (
                    f"{label.group(1)} read as a label: an index of the arrays it subscripts, 1 to {size}",))
                if read.kind != "not read":
                    return read
                self.context.entries = saved  # the definition is not read for another reason: no label left behind
        if problem:
            return Entry("not read", source, text, line, column, cell, message=problem, notes=notes)
        message = None
        if name and name.key in self.context.defined and kind == "definition":
            old_text, old_line = self.context.defined[name.key]
            message = f"redefines {name.key} (defined at line {old_line} as {old_text})"
        elif kind == "condition":
            message = "a condition on " + ", ".join(sorted(entry.binds)) + " for what follows"
        self.context.add(entry)
        return Entry(shown, source, text, line, column, cell, message=message, notes=notes)

    def where_for(self, text: str, condition: str | None) -> list[str]:
        """The context entries a claim concerns, then its remark's and case's conditions, one per line."""
        where = self.context.relevant(text + (" " + condition if condition else ""))
        return where + condition.split("\n") if condition else where

    def claim(self, text: str, condition: str | None, line: int, column: int, cell: int | None, source: str,
              notes: tuple = ()) -> Entry:
        text, expanded = self.context.expand(text)
        notes = notes + tuple(f"{key} read as its definition (line {at}): {body}" for key, body, at in expanded)
        where = self.where_for(text, condition)
        notes = notes + tuple(self.inferred[w] for w in where if w in self.inferred and self.inferred[w] not in notes)
        try:
            stated = _STATED_VALUE.match(_stripped(text))
        except DerivcheckError:  # several relations in one display: the answer reader says so below
            stated = None
        if stated and not any(binding_names(w) & {stated.group(1).lstrip("\\")} for w in where):
            return Entry("not read", source, text, line, column, cell, notes=notes,
                         message=f"{stated.group(0).strip()} states the value of {stated.group(1)}, but no equation for "
                                 f"{stated.group(1)} was read before it: there is nothing to check it against")
        claim_id = self.claim_id(line, cell)
        text, summed = sums_with_limits(text, array_shapes(where, self.context.functions))
        notes = notes + tuple(summed)
        table = {"id": claim_id, "statement": text.strip(), "where": where, "functions": dict(self.context.functions)}
        for _ in range(4):  # up to three undeclared indices, each given the range of what it subscripts
            try:
                built = read_claim(claim_id, table, self.label(line, column, cell))
            except DerivcheckError as exc:
                return Entry("not read", source, text, line, column, cell, message=str(exc), notes=notes)
            problem = built.error or next((s.error for s in built.steps if s.error), None) or ""
            twice = re.search(r"where\[(\d+)\] '.*?' is defined twice \(also where\[(\d+)\]", problem) or \
                re.search(r"is defined twice \(also where\[(\d+)\].*?\)", problem)
            if twice:  # two spellings of one name (O_k^s, o^s) defined in turn: the later definition holds
                earlier = int(twice.group(2) if twice.lastindex == 2 else twice.group(1)) - 1
                dropped = table["where"][earlier]
                table = dict(table, where=[w for k, w in enumerate(table["where"]) if k != earlier])
                notes = notes + (f"{dropped} is replaced by a later definition of the same name",)
                continue
            if self.one_example(problem):
                table = dict(table, where=self.where_for(text, condition))
                notes = notes + (self.one_example_note,)
                continue
            undeclared = re.search(r"(?<![\\A-Za-z])([A-Za-z]) is not a declared index", problem)
            elsewhere = undeclared and self.context.index_elsewhere(undeclared.group(1))
            if elsewhere:
                return Entry("not read", source, text, line, column, cell, notes=notes,
                             message=f"{undeclared.group(1)} is declared at line {elsewhere.line} ({elsewhere.text}), under "
                                     f"another heading: declare it again here for this question's range")
            size = undeclared and index_ranges(text, undeclared.group(1), array_shapes(table["where"], self.context.functions))
            if not size:
                break
            index = undeclared.group(1)
            table = dict(table, where=table["where"] + [f"{index} \\in \\{{1, \\dots, {size}\\}}"])
            notes = notes + (f"{index} read as an index of the arrays it subscripts: 1 to {size}",)
        unread = built.error or (not any(s.claims for s in built.steps) and next((s.error for s in built.steps if s.error), None))
        if unread and not any(s.refuted for s in built.steps):
            return Entry("not read", source, text, line, column, cell, message=unread, notes=notes)
        return Entry("claim", source, text, line, column, cell, answer=built, table=table, notes=notes,
                     question=self.question)

    def prose_condition(self, f: Formula, pieces: list[Piece], word: str, applied: Formula | None = None) -> list[Entry]:
        """A relation the sentence introduces with "if", "when", "for": a condition, never a claim; the case of the
        relations after it in its sentence, displays the sentence leads to included. Joined by "and" to a condition
        before it in the sentence, both hold; by "or", there is no one case."""
        text = " ".join(p.text.strip() for p in pieces)
        line, column = _position(f, pieces[0].start)
        self.prose_line = (f.cell, f.line)
        trailing = self.last_relation is not None and \
            _sentence(self.prose.between(self.last_relation, f), capital_ends=True) != "ended"
        if trailing and applied is None:  # "$$\sqrt{u^2} = u$$ where $u > 0$": it was checked without the case its sentence gives
            self.retract = (self.last_relation, f"its sentence states a condition after it ({text}, line {line}), which "
                                                f"derivcheck does not apply backwards: write 'if {text}:' before it")
        if self.case is not None and word in ("and", "or"):  # "if $u < 0$ and $v < 0$, then …"
            # "for $x < 0$ and $x > 0$" is either region, not both: conditions on one symbol joined are alternatives
            shared = any(binding_names(text) & binding_names(other) for other in self.case.texts)
            self.case = replace(self.case, texts=self.case.texts + (text,), last=f,
                                alternatives=self.case.alternatives or word == "or" or shared)
        else:
            # "$$…$$ for $u > 0$, and $$…$$": a condition after a relation of its sentence is that relation's; what
            # follows it is not read rather than guessed
            self.case = _Case((text,), line, self.context.path, f, item=self.prose.in_list_item(f), doubtful=trailing,
                              trailing=applied is not None)
        if applied:
            return [Entry("declaration", f.source, text, line, column, f.cell,
                          message=f"the condition of the relation before it (line {applied.line}), which its "
                                  f"sentence states after it")]
        return [Entry("declaration", f.source, text, line, column, f.cell,
                      message=f"a condition the sentence states ('{word} …'); not a claim, not checked: the case "
                              f"of the relations after it in its sentence")]

    def orphan(self, text: str, piece: Piece, line: int, column: int, f: Formula, notes: tuple) -> list[Entry]:
        """A display continuing a formula that was not read: its first step (from that formula) is not
        read, but the steps between its own members are checked, and its last member is what the next
        display continues -- never a step across a member that was not read."""
        head_line, self.previous, self.previous_line = self.previous_line, None, line
        rest = text[top_level_relations(text)[0][1]:].strip()
        cuts = top_level_relations(rest)
        if cuts and cuts[-1][2] in ("in", "∈"):  # = A \in \mathbb{R}^{n \times n}: the shape is a remark
            rest, cuts = rest[:cuts[-1][0]].strip(), cuts[:-1]
        if not rest:
            return []
        out = []
        if cuts:
            kind, read = classify(rest, self.context)
            if kind != "claim":
                return []
            note = f"its first step, from the formula of line {head_line} (not read), is not checked"
            out.append(self.claim(read, piece.condition, line, column, f.cell, f.source, notes + (note,)))
            if out[-1].kind == "not read":
                return out
            rest = read
        self.previous = members(rest)[-1]
        return out

    def one_example(self, problem: str) -> bool:
        r"""``\mathbf{x} is not declared`` after ``x^{(i)} \in \mathbb{R}^d``, ``y is not a declared index`` after
        ``y^{(i)} \in \{1, \dots, m\}`` (seed 000: the dataset's examples, then "given $\mathbf{x}$ as input" and
        L(x, y)): x and y are one example, declared like the family for what follows, and the note says so. False
        when the problem is another one, or no family of that letter is declared."""
        m = re.search(r"(?:\\mathbf\{)?(?<![\\A-Za-z])([A-Za-z])\}? is not declared: declare its shape", problem) or \
            re.search(r"(?<![\\A-Za-z])([A-Za-z]) is not a declared index", problem)
        if not m or any(e.kind == "declaration" and e.binds & {m.group(1), "bold " + m.group(1)} for e in self.context.entries):
            return False
        family = re.compile(r"\s*(?:\\mathbf\s*\{\s*)?" + m.group(1) + r"\s*\}?\s*\^\s*\{?\s*\(\s*[a-z]\s*\)\s*\}?\s*\\in\s*"
                            r"(?P<space>\\mathbb\s*\{\s*R\s*\}\s*\^.*|\\\{\s*1\s*,.*)$")
        found = next(((e, fm) for e in reversed(self.context.entries) if e.kind == "declaration"
                      for fm in [family.match(e.text)] if fm), None)
        if found is None or ("index" in m.group(0)) != found[1].group("space").startswith("\\{"):
            return False  # a vector's letter undeclared as an index, or the reverse: not this rule
        entry, fm = found
        name = m.group(1) if fm.group("space").startswith("\\{") else f"\\mathbf{{{m.group(1)}}}"
        text = f"{name} \\in {fm.group('space').strip()}"
        self.context.add(ContextEntry(text, binding_names(name), names_in(text), "declaration", entry.line,
                                      section=self.context.section, path=self.context.path))
        self.one_example_note = f"{m.group(1)} read as one example, like {entry.text} (line {entry.line}): {text}"
        self.inferred[text] = self.one_example_note
        return True

    def worded_declaration(self, f: Formula) -> Entry | None:
        r""""Let $\mathbf{W}^{(1)}$ be a $d_h \times d$ matrix", "$\mathbf{x}$ is a vector in $\mathbb{R}^d$" (seed 000):
        a shape the sentence states in words, read as the declaration it means (``worded_shape``); None for any other
        bare formula. The name is the formula before, when the words after it say "be a", "is a vector in"."""
        subject, self.subject = self.subject, None
        if self.prose is None or f.display:
            return None
        source, after = f.source.strip(), self.prose.after(f)
        if subject is not None and subject[1] == (f.cell, f.line):
            size = worded_shape(subject[2], source, after)
            if size is not None:
                text = f"{subject[0]} \\in \\mathbb{{R}}^{{{size}}}"
                entry = self.add_context(text, "declaration", f.line, f.column, f.cell, f.source)
                if entry.kind == "not read":
                    return entry
                return replace(entry, message=f"declares {text}: the sentence states it in words")
        if WORDED_SUBJECT.fullmatch(after) and binding_names(source) and lhs_name(source):
            self.subject = (source, (f.cell, f.line), after)
        return None

    def worded_dimension(self, text: str, written: str, f: Formula, in_a_row: bool) -> str | None:
        r"""``X = d_h \times 1`` where the words say it is a dimension -- "Dimension of $b^{(1)} = d_h \times 1$",
        ``w^{(1)} \text{ Dimension} = d_h \times d``, or a list of such displays under "Dimensions" with no words
        between them (seed 004) -- as the membership it means, ``X \in \mathbb{R}^{…}`` (``a \times 1`` is a
        column vector, ℝ^a): a declaration of a name, a shape claim for a derivative. None without such words:
        b = d_h × 1 alone could be a product. ``written`` is the formula as written up to the relation (the words
        in ``\text{}`` may have been dropped from ``text`` as a remark)."""
        parts = members(text)
        if len(parts) != 2:
            return None
        left, size = parts
        lead = self.prose.before(f).rsplit("$", 1)[-1] if self.prose is not None else ""
        said = _DIMENSION_WORD.search(" ".join(_TEXT_WORDS.findall(written))) or _DIMENSION_LEAD.search(lead)
        if not (said or in_a_row and not lead.strip()):
            return None
        left = _ENUMERATOR.sub("", _TEXT_WORDS.sub(" ", left)).strip()
        if not left:
            return None
        size = size.strip()
        if lhs_name(left) is not None:  # a name: d_h × 1 is a column vector, as where declares vectors
            size = re.sub(r"\s*(\\times|×)\s*1\s*$", "", size)
        return f"{left} \\in \\mathbb{{R}}^{{{size}}}"

    def formula(self, f: Formula) -> list[Entry]:
        continuing, self.continuable = self.continuable, None  # only the formula right before may be continued inline
        self.shape_row, shape_row = False, self.shape_row
        if self.prose is not None:
            self.context.section = self.prose.section(f)
            self.context.path = self.prose.path(f)
            self.question = self.prose.question(f)
        pinned = self.pinned.get(id(f))
        if pinned is not None:  # documents.pinned: the group's formulas are one definition, read at its first
            self.previous = None
            if pinned.first is f:
                self.pinned_read[id(f)] = self.add_context(pinned.definition, "definition", f.line, f.column, f.cell,
                                                           f.source, (pinned.note,))
            read = self.pinned_read[id(pinned.first)]
            return [replace(read, source=f.source, text=f.source.strip(), line=f.line, column=f.column)]
        pieces = list(_pieces(f.source))
        if id(f) in self.trailing.shared:  # "$A$ and $B$ for all $u > 0$": for A too? not guessed
            said = self.trailing.shared[id(f)].source.strip()
            return [Entry("not read", f.source, p.text.strip(), *_position(f, p.start), f.cell,
                          message=f"its sentence lists it before a relation with a condition after it ({said}): for this "
                                  f"one too? write the condition before them ('for all …: …')") for p in pieces if p.has_relation]
        after = self.trailing.conditions.get(id(f))
        if id(f) in self.trailing.some:  # "$\sqrt{u^2} = u$ for some $u > 0$": that it holds somewhere, not everywhere
            return [Entry("not read", f.source, p.text.strip(), *_position(f, p.start), f.cell,
                          message=f"its sentence says it holds for some {after.source.strip()} (an existence), which "
                                  f"derivcheck does not check") for p in pieces if p.has_relation]
        if after is not None:  # "$A$ for all $k \neq y$": A holds under the condition written after it
            if self.case is not None and self.case.trailing:  # "$$A$$ for $u < 0$, and $$B$$ for $u > 0$"
                self.case = None
            said = after.source.strip().rstrip(".,;")
            pieces = [replace(p, condition="\n".join(c for c in (p.condition, said) if c), notes=p.notes + (
                f"under the condition its sentence states after it: {said}",)) for p in pieces]
        # "if $k \neq y$: $\frac{\partial L}{\partial o_k} = o_k$", "For $i \neq j$, …, so $$…$$": the case holds for the
        # relations after it in its sentence, mentions between them or not; never in another question
        link = None
        if self.case is not None:
            between = self.prose.between(self.case.last, f) if self.prose is not None else None
            link = _sentence(between, self.case.item and self.case.used,
                             self.case.last.display and self.case.last.source.rstrip().endswith((".", "!", "?")))
            listed = between is not None and re.fullmatch(r"\s*\n[ \t]*(?:[-*+]|\d+[.)])[ \t]*", between)
            # a full stop or a new paragraph ends a sentence for sure; "?", a list after "we get:" may not
            paragraph = between is None or re.search(r"\n[ \t]*\n|\.(?:\s|$)", _ABBREVIATION.sub(" ", between)) is not None
            if self.case.path != self.context.path:
                self.case, link = None, None
            elif link == "ended" and (self.case.used or paragraph or self.case.expiring and not listed):
                self.case, link = None, None
            elif link == "ended":  # "What if $u < 0$? Then $$…$$", "we get:" and a list: a condition no relation used
                self.case = replace(self.case, doubtful=True, expiring=True)  # yet; what comes next is not guessed
        owner = self.trailing.owners.get(id(f))
        if owner is not None:  # "$A$ for all $k \neq y$": A's condition (prose.trailing_conditions)
            self.after_condition = False  # "…, and $B$" after it is a claim again, not a condition joined to it
            if id(f) in self.trailing.declarations:  # "for all $x \in \mathbb{R}^n$": it holds on, as any declaration
                return [self.add_context(" ".join(p.text.strip() for p in pieces), "declaration", f.line, f.column,
                                         f.cell, f.source, (f"also the condition of the relation at line {owner.line}",))]
            return self.prose_condition(f, pieces, "for", applied=owner)
        follows = self.prose_line == (f.cell, f.line) and self.after_condition and link == "tight"
        word = self.prose.condition_word(f, follows) if self.prose is not None and not f.display else None
        relation = any(p.has_relation for p in pieces)
        self.after_condition = bool(word and relation and not any(p.continues for p in pieces))
        if self.after_condition:
            return self.prose_condition(f, pieces, word)  # "… if $x \geq 0$ and … if $x < 0$": a condition again
        if relation:
            self.last_relation = f
        if relation and self.prose is not None and re.search(r"(?i)\b(?:otherwise|else|elsewhere)\W*$", self.prose.before(f)):
            why = "it is stated for the other case ('otherwise'), which derivcheck does not take from the words: write " \
                  "its condition ('if …:') before it"
            self.case = None
            return [Entry("not read", f.source, p.text.strip(), *_position(f, p.start), f.cell, message=why)
                    for p in pieces if p.has_relation]
        case = self.case
        if case is not None:
            # "For $u < 0$, the derivative $…$ is constant, so $$…$$": words the case does not visibly run through
            doubtful = case.doubtful or link != "tight"
            self.case = case = replace(case, last=f, doubtful=doubtful,
                                       used=case.used or relation and not doubtful and not case.alternatives)
        if case is not None and (case.alternatives or case.doubtful) and relation:
            why = (f"its sentence states it under {' or '.join(case.texts)} (line {case.line}): one of several cases, "
                   f"which derivcheck does not check together; write each case with its own relation") if case.alternatives \
                else (f"it follows the condition {case.text} (line {case.line}), and the words between do not say whether "
                      f"it holds only then: write 'if …:' right before it, or end the sentence before it")
            return [Entry("not read", f.source, p.text.strip(), *_position(f, p.start), f.cell, message=why)
                    for p in pieces if p.has_relation]
        if case is not None:
            pieces = [Piece(p.text, p.start, "\n".join(c for c in (p.condition, *case.texts) if c), p.notes +
                            (f"the case of line {case.line}: {case.text}",), p.continues) for p in pieces]
        if not pieces or not any(p.has_relation for p in pieces):
            declared = self.worded_declaration(f)
            if declared is not None:
                return [declared]
            if f.source.strip():
                self.previous, self.previous_line = f.source.strip(), f.line
            return [Entry("not a relation", f.source, f.source.strip(), f.line, f.column, f.cell)]
        out: list[Entry] = []
        approximately = self.prose.approximately(f) if self.prose is not None else None
        for piece in pieces:
            line, column = _position(f, piece.start + len(piece.text) - len(piece.text.lstrip()))
            text, notes = piece.text.strip(), piece.notes
            on_its_line = self.prose is not None and self.prose.starts_line(f) and continuing == (f.cell, f.line - 1)
            if piece.continues and not f.display and not on_its_line:  # " $= …$" on the line under one: continued
                out.append(Entry("not read", f.source, text, line, column, f.cell, notes=notes,
                                 message="a relation without its left side, inside a sentence: write the whole relation"))
                continue
            if piece.continues:
                if self.previous is None:
                    why = (f"it continues the formula of line {self.previous_line}, which was not read" if self.previous_line
                           else "this display starts with a relation but no formula comes before it to continue")
                    out.append(Entry("not read", f.source, text, line, column, f.cell, notes=notes, message=why))
                    if self.previous_line:
                        out += self.orphan(text, piece, line, column, f, notes)
                    continue
                text = self.previous + " " + text
                notes = notes + (f"continues the formula of line {self.previous_line}: {self.previous} {piece.text.strip()}",)
            if not piece.has_relation:
                out.append(Entry("not a relation", f.source, text, line, column, f.cell, notes=notes))
                continue
            declared = declared_set(text)
            if declared:  # θ = {W ∈ ℝ^{…}, b ∈ ℝ^{…}}: each parameter is declared
                out += [self.add_context(item, "declaration", line, column, f.cell, f.source, notes) for item in declared]
                self.previous = None
                continue
            kind, read = classify(text, self.context)
            name = lhs_name(members(read)[0]) if kind == "definition" else None
            if name and not self.context.defines(name) and partial(name.key, name.arguments, piece.condition):
                # J_{ij} = -s_i s_j \text{ if } i \neq j: part of J only (\forall k \in \{1, …, m\} is all of it)
                out.append(Entry("not read", f.source, text, line, column, f.cell, notes=notes,
                                 message=f"it defines {members(read)[0].strip()} under a condition only: define it in "
                                         f"every case (\\begin{{cases}} … \\end{{cases}}), or write the condition before "
                                         f"it ('if …:')"))
                if len(members(read)) > 2:  # i ≠ j ⇒ J_{ij} = ∂s_i/∂x_j = …: the chain after J_{ij} is still a claim
                    said = f"{members(read)[0].strip()} is not defined (a definition under a condition); the rest is checked"
                    claim = self.claim(_rest(read), piece.condition, line, column, f.cell, f.source, notes + (said,))
                    out += [claim] if claim.kind == "claim" else []
                continue
            if name and name.arguments is None and self.context.array_defined_by_entries(name.key) \
                    and concluded(f.source[:piece.start + len(piece.text) - len(piece.text.lstrip())]):
                kind = "claim"  # "\therefore J = …" after J_{ij} = …: what the array defined by entries is
            if kind == "definition" and after is not None:  # "$e_k = 0$ for each $k \neq h$": not a definition
                name = lhs_name(members(read)[0])
                if name is None or not self.context.defines(name):  # under this heading (another's is another name)
                    out.append(Entry("not read", f.source, text, line, column, f.cell, notes=notes,
                                     message=f"it defines {name.key if name else 'its left side'} under a condition only "
                                             f"({after.source.strip()}): define it in every case (as t_h = 1 and t_k = 0 "
                                             f"for each k \\neq h), or write the condition before it ('if …:')"))
                    continue
                kind = "claim"  # e_k = 0 for k ≠ h, with e_k defined: a claim about it
            if kind == "shape equation":
                shape = self.worded_dimension(read, f.source[:piece.start + len(members(read)[0])], f, shape_row)
                if shape is not None:
                    kind, read = classify(shape, self.context)
                    notes += (f"read as {shape}: the words say it is a dimension",)
                    self.shape_row = True
            if kind == "shape equation":
                out.append(Entry("not read", f.source, text, line, column, f.cell, notes=notes,
                                 message="a shape written as an equation: write the declaration, e.g. "
                                         "b \\in \\mathbb{R}^{d_h} or W \\in \\mathbb{R}^{m \\times n}"))
            elif kind in ("declaration", "condition"):
                out.append(self.add_context(read, kind, line, column, f.cell, f.source, notes))
            elif kind == "definition":
                parts = members(read)
                head = read if len(parts) <= 2 else _first_link(read)
                out.append(self.add_context(head, kind, line, column, f.cell, f.source, notes))
                if len(parts) > 2 and approximately:  # "roughly $n = 3072 \cdot 512 = 1.5 \cdot 10^6$": the definition only
                    out.append(Entry("not read", f.source, text, line, column, f.cell, notes=notes,
                                     message=f"the sentence says it holds approximately ('{approximately}'): not an "
                                             f"identity to check"))
                elif len(parts) > 2 and out[-1].kind != "not read":  # L = A = B: L defined by A, the chain a claim
                    out.append(self.claim(read, piece.condition, line, column, f.cell, f.source, notes))
                elif len(parts) > 2 and not re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", _rest(read))):
                    rest = _rest(read)  # n_W1 = (3072)(512) = 1,572,864, n_W1 unread: the arithmetic is still a claim
                    said = f"its left side is not read ({members(read)[0].strip()}: see the definition's entry); the rest is checked"
                    claim = self.claim(rest, piece.condition, line, column, f.cell, f.source, notes + (said,))
                    out += [claim] if claim.kind == "claim" else []
            elif approximately:
                out.append(Entry("not read", f.source, text, line, column, f.cell, notes=notes,
                                 message=f"the sentence says it holds approximately or in a limit ('{approximately}'): "
                                         "not an identity to check; write the limit (\\lim_{k \\to \\infty} …) to check it"))
            else:
                out.append(self.claim(read, piece.condition, line, column, f.cell, f.source, notes))
            # e_k = A = B = ¶ = C: a display ending in its relation is continued from its last member, B
            last = next((m for m in reversed(members(read)) if m), None) if read.strip() else None
            self.previous = last if out and out[-1].kind != "not read" else None
            self.previous_line = line
            # " $= …$" on the next line continues it only if it stated a relation read as a claim or a definition
            self.continuable = (f.cell, f.line) if out and out[-1].kind in ("claim", "definition") and self.previous else None
        return out


_DIMENSION_WORD = re.compile(r"(?i)\b(?:dimensions?|shapes?)\b")
# the words right before the formula: "Dimension of $…$", "Dimensions: $…$", a line "b) Dimensions" before a display
# ("the dimension of θ is $n_θ = d_h \times d$" is a count, not a shape: the word must end the lead)
_DIMENSION_LEAD = re.compile(r"(?i)\b(?:dimensions?|shapes?)(?:\s+of)?\s*:?\s*$")
_TEXT_WORDS = re.compile(r"\\(?:text\w*|mathrm|mbox)\s*\{([^{}]*)\}")
_ENUMERATOR = re.compile(r"^\s*\(?[a-z0-9]{1,3}\)\s*")  # "b) \text{ Dimensions of } W^{(2)}": the question's letter

def _sentence(between: str | None, item: bool = False, closed: bool = False, capital_ends: bool = False) -> str:
    """How a formula after these words stands to the sentence of the formula before them: "ended" (a full stop, also
    at the end of the display before; a new list item or, in a list ``item``, a line not indented under it; a new
    paragraph not led into), "tight" (nothing between but punctuation and connecting words: "…$, so $$…$$", "For $u <
    0$" ¶ "$$…$$", "When $x > 0$," ¶ "we get" ¶ "$$…$$"), or "loose" (the same sentence, other words between; also a
    line starting with a capital after a display, "Hence", which ``capital_ends`` makes "ended"). Unknown (another
    cell) is "ended"; ``item``: the case was stated in a list item and used there."""
    if between is None or closed:
        return "ended"
    text = _ABBREVIATION.sub(" ", between)
    if re.search(r"[.!?](?:\s|$)", text) or re.search(r"\n[ \t]*(?:[-*+]|\d+[.)])[ \t]", text):
        return "ended"
    parts = [part.strip() for part in re.split(r"\n[ \t]*\n", text)]
    if not all(not after or after[0].islower() and _LEAD_IN.search(before) is not None
               for before, after in zip(parts, parts[1:])):
        return "ended"
    if item and (re.search(r"\n[ \t]*\n", text) or re.search(r"\n(?![ \t])", text)):
        return "ended"  # past the lines of the list item whose relation the case was for ("- if $t < 0$: $…$;")
    words = " ".join(part for part in parts if part)
    if re.match(r"[ \t]*\n[ \t]*[A-Z]", text):  # "$$…$$" then "Hence" or "For negative $u$" on the next line
        return "ended" if capital_ends else "loose"  # a new sentence for what came before; for a case, not guessed
    return "tight" if _TIGHT.fullmatch(words) else "loose"


_ABBREVIATION = re.compile(r"(?i)\b(?:i\.\s?e|e\.\s?g|w\.\s?r\.\s?t|wrt|cf|resp|vs|eqs?|eqn|figs?|etc|approx|no|sec|thm|"
                           r"lem|prop|def|cor|ex)\.")
# nothing but these between a condition and its relation: the sentence visibly runs on under the condition
_TIGHT = re.compile(r"(?i)[,:;]?\s*(?:(?:then|so|hence|thus|therefore|and|or|we have|we get|we obtain|one has|it holds that|"
                    r"it follows that|gives|giving|which gives)\s*[,:;]?\s*)*")
# words that end a paragraph and lead into what follows it ("When $x > 0$," ¶ "we get" ¶ "$$…$$")
_LEAD_IN = re.compile(r"(?i)(?:[,:;]|\b(?:so|hence|thus|therefore|then|we get|we have|we obtain|gives|giving|is|are|"
                      r"becomes|equals))$")


# x \simeq 4.91 after solving an equation: the value found, true only where x is what the equation makes it
_STATED_VALUE = re.compile(r"^\s*([A-Za-z]|\\[A-Za-z]+)\s*(?:\\approx|\\simeq|≈|≃)\s*[-+]?[\d.,]+\s*$")


def read_claim(claim_id: str, table: dict, where: str) -> Answer:
    """``answer`` of a document's claim; in a shared reading (``answers.reading``) the same step under
    the same context in another file, or at another line, is that reading moved to this place and id:
    a claim's id is its line, which the content does not depend on unless the vector reader reads it
    (its sizes are drawn from the id), so the id is in the key then."""
    content = repr([(k, table[k]) for k in ("statement", "where", "functions")])
    key = ("document", content, claim_id if _reads_vectors(table) else None)
    return read_once(key, where, lambda: answer(claim_id, table, _NO_DEFAULTS, where), answer_id=claim_id)


def _reads_vectors(table: dict) -> bool:
    """Whether the vector reader may read it (``answers.scalar`` routes so); an unreadable label says yes."""
    try:
        text = _stripped(table["statement"])
    except DerivcheckError:
        return True
    return looks_vectorial([text, *table["where"]], table["functions"])


# a class writes the same formulas in every file: what depends on the text alone is worked out once
@lru_cache(maxsize=4096)
def _pieces(source: str) -> tuple[Piece, ...]:
    return tuple(split_relations(source))


@lru_cache(maxsize=4096)
def _stripped(text: str) -> str:
    return strip_labels(text)[0]


def _rest(text: str) -> str:
    """``A = B`` of a chain ``L = A = B``."""
    return text[top_level_relations(text)[0][1]:].strip()


def _first_link(text: str) -> str:
    """``L = A`` of a chain ``L = A = B``."""
    cuts = top_level_relations(text)
    return text[:cuts[1][0]] if len(cuts) > 1 else text


def read_entries(path: str | os.PathLike) -> ReadDocument:
    """Read a document (.md, .tex, .ipynb) into its entries, in reading order."""
    before = alarms()
    doc = read_document(path)
    reader = _Reader(str(path), Prose(str(path), doc.kind))
    formulas = [i for i in doc.items if isinstance(i, Formula)]
    reader.pinned = pinned_groups(formulas, reader.prose)
    reader.trailing = trailing_conditions(formulas, reader.prose)
    entries: list[Entry] = []
    for item in doc.items:
        if isinstance(item, Directive):
            entries.extend(reader.directive(item))
        else:
            entries.extend(reader.formula(item))
            if reader.retract is not None:
                (f, why), reader.retract = reader.retract, None
                entries = [replace(e, kind="not read", answer=None, table=None, message=why)
                           if e.kind == "claim" and e.cell == f.cell and e.source == f.source and e.line >= f.line else e
                           for e in entries]
    return ReadDocument(str(path), doc.kind, tuple(entries), doc.error, alarms() == before)


@dataclass(frozen=True)
class DocumentReport:
    """A document checked: its entries and, for each claim, its result (same order as the claims)."""

    path: str
    kind: str
    entries: tuple[Entry, ...]
    results: tuple[AnswerResult | None, ...]
    error: str | None = None
    clean: bool = field(default=True, compare=False)  # read without a reading deadline firing (``file_cache``)

    def counts(self) -> Counter:
        return Counter(e.kind for e in self.entries)

    def verdicts(self) -> Counter:
        return Counter(r.verdict for r in self.results if r is not None)

    @property
    def failed(self) -> bool:
        return self.error is not None or any(r is not None and r.verdict in (Verdict.REFUTED, Verdict.ERROR)
                                             for r in self.results)


def check_documents(paths, *, timeout: float, jobs: int, seed: int, on_result=None, share: bool = True) -> list[DocumentReport]:
    """Read every document and check every claim in one runner call (the workers stay busy across files).

    A class repeats itself: the same step under the same context, in file after file, is read once
    (``answers.reading.shared_reading``, moved to each file's line and id) and decided once (its
    ``claim_key``). ``share=False`` reads and decides every copy: the same verdicts, slower."""
    if share:
        with shared_reading():
            read = [read_entries(p) for p in paths]
    else:
        read = [read_entries(p) for p in paths]
    claims = [c for doc in read for e in doc.entries if e.answer for s in e.answer.steps for c in s.claims]
    results = _run(claims, timeout=timeout, jobs=jobs, seed=seed, on_result=on_result, share=share)
    by_id = {}
    index = 0
    reports = []
    for doc in read:
        folded = []
        for e in doc.entries:
            if e.answer is None:
                folded.append(None)
                continue
            for s in e.answer.steps:
                for c in s.claims:
                    by_id[c.id] = results[index]
                    index += 1
            folded.append(aggregate(e.answer, by_id))
        reports.append(DocumentReport(doc.path, doc.kind, doc.entries, tuple(folded), doc.error, doc.clean))
    return _exclude_undefined_points(reports, timeout=timeout, jobs=jobs, seed=seed, share=share)


def _run(claims: list, *, timeout: float, jobs: int, seed: int, share: bool, on_result=None) -> list:
    if not claims:
        return []
    if not share:
        return run_claims(claims, timeout=timeout, jobs=jobs, seed=seed, on_result=on_result,
                          dedup=False)
    return run_claims(claims, timeout=timeout, jobs=jobs, seed=seed, on_result=on_result,
                      keys=claim_keys(claims, seed=seed, timeout=timeout))


def _exclude_undefined_points(reports: list[DocumentReport], *, timeout: float, jobs: int, seed: int,
                              share: bool) -> list[DocumentReport]:
    """Check again, without the point, each claim refuted only where its derivative does not exist
    (``documents.undefined``); keep the refutation unless the claim then holds. Every document's
    retries of a round go to one runner call."""
    entries = [list(r.entries) for r in reports]
    results = [list(r.results) for r in reports]
    unclean = set()  # documents a retry's reading was cut short in
    for _ in range(MAX_EXCLUDED):
        retry = {}
        for d in range(len(reports)):
            for i, (e, r) in enumerate(zip(entries[d], results[d])):
                point = excluded_point(r)
                if point is not None and e.table is not None:
                    name, value = point
                    table = dict(e.table, where=list(e.table["where"]) + [f"{name} \\neq {value}"])
                    before = alarms()
                    try:
                        built = answer(table["id"], table, _NO_DEFAULTS, e.table["id"])
                    except DerivcheckError:
                        continue
                    finally:
                        if alarms() != before:
                            unclean.add(d)
                    retry[d, i] = (built, table, f"{name} = {value}")
        if not retry:
            break
        claims = [c for built, _, _ in retry.values() for s in built.steps for c in s.claims]
        done = iter(_run(claims, timeout=timeout, jobs=jobs, seed=seed, share=share))
        for (d, i), (built, table, where) in retry.items():
            again = aggregate(built, {c.id: next(done) for s in built.steps for c in s.claims})
            if again.verdict in (Verdict.PROVEN, Verdict.CHECKED, Verdict.REFUTED):
                note = (f"at {where} the derivative does not exist (the refutation there was only that): "
                        f"checked again without that point")
                entries[d][i] = replace(entries[d][i], answer=built, table=table, notes=entries[d][i].notes + (note,))
                results[d][i] = again
    out = []
    for d, (report, mine, verdicts) in enumerate(zip(reports, entries, results)):
        for i, r in enumerate(verdicts):
            if only_undefined(r) and mine[i] is not report.entries[i]:
                # still refuted only where it is undefined after MAX_EXCLUDED points (ln x at every x < 0):
                # not isolated points; the first verdict stands, without notes about exclusions
                mine[i], verdicts[i] = report.entries[i], report.results[i]
        out.append(replace(report, entries=tuple(mine), results=tuple(verdicts), clean=report.clean and d not in unclean))
    return out
