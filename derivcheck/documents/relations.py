r"""A formula of a document cut into the relations a reader sees.

A display often holds several relations: the rows of an ``align`` block (a row that starts with
``&=`` continues the chain above it, a row with a new left side starts a new relation), steps
around ``\Rightarrow``, relations side by side (``a = 1, \; b = 2``), a trailing shape
(``… \in \mathbb{R}^{K \times K}``) and remarks (``\quad \text{for } x > 0`` becomes a condition of
the relation, ``\quad \text{(chain rule)}`` is dropped with a note); a hypothesis before ``\Rightarrow``
(``i \neq j \Rightarrow …``) becomes the condition of the relation after it. Everything here works on the
text at the top level of the formula (outside braces, brackets and inner environments such as
``cases``), and removed syntax is blanked with spaces so that offsets stay those of the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Piece", "concluded", "members", "partial", "split_relations", "top_level_relations"]

# environments that only lay a display out: their rows are split here
_LAYOUT = {"aligned", "align", "align*", "alignat", "alignat*", "split", "gathered", "gather", "gather*", "multline",
           "multline*", "eqnarray", "eqnarray*", "equation", "equation*", "displaymath"}
_RELATION_COMMANDS = {"le", "leq", "ge", "geq", "neq", "ne", "approx", "in", "coloneqq", "triangleq", "equiv",
                      "leqslant", "geqslant", "lt", "gt", "simeq", "iff", "Leftrightarrow", "eqqcolon", "doteq"}
_RELATION_CHARS = set("=<>≤≥≠≈∈≔")
_IMPLIES = {"Rightarrow", "implies", "Longrightarrow", "therefore", "Leftarrow", "impliedby", "longrightarrow",
            "rightarrow", "to", "because", "hence", "thus"}
_MARKS = {"checkmark", "blacksquare", "square", "qed", "Box", "surd"}  # a tick or an end-of-proof box: not mathematics
_SPACES = {"quad", "qquad"}
_CONDITION_WORDS = re.compile(r"^\s*(for(\s+all|\s+every|\s+each)?|if|when|whenever|where|with|provided( that)?|given)\s*[:,]?\s*$",
                              re.IGNORECASE)
_WORDY = re.compile(r"\s|[.,;:()]")


@dataclass(frozen=True)
class Token:
    """A top-level piece of syntax: ``kind`` is rel, row, amp, sep, implies, space, text, or label."""

    kind: str
    start: int
    end: int
    value: str = ""


def _group_end(text: str, k: int) -> int:
    """The index after the brace group that opens at ``text[k] == '{'`` (or len(text) if unbalanced)."""
    depth = 0
    while k < len(text):
        c = text[k]
        if c == "\\":
            k += 2
            continue
        depth += {"{": 1, "}": -1}.get(c, 0)
        k += 1
        if depth == 0:
            return k
    return len(text)


def _tokens(text: str) -> list[Token]:
    """The syntax at depth 0 that decides how a formula splits (relations, rows, separators, text)."""
    out: list[Token] = []
    depth = 0  # braces, brackets of any kind, inner environments
    k, n = 0, len(text)
    while k < n:
        c = text[k]
        if c == "\\":
            m = re.match(r"\\([A-Za-z]+)|\\(.)", text[k:], re.DOTALL)
            name = m.group(1) or m.group(2) or ""
            end = k + m.end() if m else k + 1
            if name in ("begin", "end"):
                env = re.match(r"\s*\{([^{}]*)\}", text[end:])
                env_name = env.group(1).strip() if env else ""
                stop = end + (env.end() if env else 0)
                if env_name not in _LAYOUT:
                    depth += 1 if name == "begin" else -1
                    depth = max(depth, 0)
                elif depth == 0:
                    out.append(Token("label", k, stop))  # the layout environment itself: blanked
                k = stop
                continue
            if name in ("left", "right", "bigl", "bigr", "Bigl", "Bigr", "big", "Big", "biggl", "biggr"):
                delim = re.match(r"\s*(\\[{}|]|\\[A-Za-z]+|.)", text[end:])
                d = delim.group(1) if delim else ""
                if d in ("(", "[", "\\{", "\\langle", "\\lvert", "\\lVert", "."):
                    depth += 1 if name in ("left", "bigl", "Bigl", "biggl") or d != "." else 0
                elif d in (")", "]", "\\}", "\\rangle", "\\rvert", "\\rVert"):
                    depth = max(depth - 1, 0)
                elif name == "right" and d in (".", "|"):
                    depth = max(depth - 1, 0)
                elif name == "left" and d == "|":
                    depth += 1
                k = end + (delim.end() if delim else 0)
                continue
            if name in ("{", "}"):
                depth = depth + 1 if name == "{" else max(depth - 1, 0)
                k = end
                continue
            if depth == 0:
                if name == "\\":
                    out.append(Token("row", k, end))
                elif name in _RELATION_COMMANDS:
                    out.append(Token("rel", k, end, name))
                elif name in _IMPLIES:
                    out.append(Token("implies", k, end, name))
                elif name in _SPACES:
                    out.append(Token("space", k, end, name))
                elif name in ("text", "textrm", "textit", "textbf", "mbox", "mathrm", "operatorname") and end < n:
                    g = re.match(r"\s*\{", text[end:])
                    if g:
                        close = _group_end(text, end + g.end() - 1)
                        words = text[end + g.end():close - 1]
                        joins = words.strip().lower() in ("and", "or", ",", "and also")  # a = 1 \text{ and } b = 2
                        out.append(Token("sep" if joins else "text", k, close, words))
                        k = close
                        continue
                elif name in ("label", "tag", "eqref", "ref"):
                    g = re.match(r"\*?\s*\{", text[end:])
                    close = _group_end(text, end + g.end() - 1) if g else end
                    out.append(Token("label", k, close))
                    k = close
                    continue
                elif name in ("nonumber", "notag") or name in _MARKS:
                    out.append(Token("label", k, end))
                elif name == "forall":
                    out.append(Token("forall", k, end))
                elif name in (",", ";", "!", ":", " "):
                    out.append(Token("space", k, end, name))
            k = end
            continue
        if c in "{([":
            depth += 1
        elif c in "})]":
            depth = max(depth - 1, 0)
        elif depth == 0:
            if c == "&":
                out.append(Token("amp", k, k + 1))
            elif c in ",;":
                out.append(Token("sep", k, k + 1, c))
            elif c == ":" and k + 1 < n and text[k + 1] == "=":
                out.append(Token("rel", k, k + 2, ":="))
                k += 2
                continue
            elif c in _RELATION_CHARS:
                out.append(Token("rel", k, k + 1, c))
        k += 1
    return out


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + "".join("\n" if ch == "\n" else " " for ch in text[start:end]) + text[end:]


@dataclass(frozen=True)
class Piece:
    """One relation of a formula: its text (offsets kept: removed syntax is blanked), where it
    starts in the formula's source, a condition a remark states, and notes on what was dropped."""

    text: str
    start: int
    condition: str | None = None
    notes: tuple[str, ...] = ()
    continues: bool = False  # it starts with a relation: it continues the chain written before it

    @property
    def has_relation(self) -> bool:
        return any(t.kind == "rel" for t in _tokens(self.text))


def top_level_relations(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sign) of each relation sign at the top level of ``text``."""
    return [(t.start, t.end, t.value) for t in _tokens(text) if t.kind == "rel"]


def members(text: str) -> list[str]:
    """The members of a chain ``A = B \\le C`` as written (stripped)."""
    cuts = top_level_relations(text)
    bounds = [0] + [x for s, e, _ in cuts for x in (s, e)] + [len(text)]
    return [text[bounds[i]:bounds[i + 1]].strip() for i in range(0, len(bounds), 2)]


def _starts_with_relation(text: str) -> bool:
    toks = [t for t in _tokens(text) if t.kind not in ("label", "amp", "space")]
    return bool(toks) and toks[0].kind == "rel" and not text[:toks[0].start].strip(" &\n\t")


_LABEL = re.compile(r"^\s*\(?([a-z]|\d{1,2}|[ivx]{1,4})\)\s+(?![=+\-<>^_*/)]|\\(cdot|times|le|ge|leq|geq|neq)\b)")


def split_relations(source: str) -> list[Piece]:
    """The relations of one formula, in reading order (a formula without any is one piece)."""
    work = source
    label = _LABEL.match(work)
    if label:  # "g) L = …", "2) …": a question's label, as strip_labels drops "(e) …"
        work = _blank(work, 0, label.end())
    for t in _tokens(work):
        if t.kind in ("label", "amp"):
            work = _blank(work, t.start, t.end)
    # rows: a row that starts with a relation continues the row above it
    spans: list[list[int]] = []
    start = 0
    rows = [t for t in _tokens(work) if t.kind == "row"] + [Token("row", len(work), len(work))]
    for t in rows:
        row = work[start:t.start]
        if row.strip():
            if spans and _starts_with_relation(row):
                spans[-1][1] = t.start
            else:
                spans.append([start, t.start])
        work = _blank(work, t.start, t.end)
        start = t.end
    pieces: list[Piece] = []
    for s, e in spans:
        for piece in _split_implies(work, s, e):
            pieces.extend(_split_side_by_side(work, *piece))
    pieces = _hypotheses_carried(source, pieces)
    first_text = pieces[0].text if pieces else ""
    if pieces and _starts_with_relation(first_text):
        pieces[0] = Piece(pieces[0].text, pieces[0].start, pieces[0].condition, pieces[0].notes, continues=True)
    out: list[Piece] = []
    carried: str | None = None  # "\text{if } x > 0, \quad A = B": the condition of the relation after it
    for q in (q for p in pieces for q in _remarks(p)):
        if not q.text.strip():
            carried = "\n".join(c for c in (carried, q.condition) if c) or None
            continue
        if carried:
            q = Piece(q.text, q.start, "\n".join(c for c in (q.condition, carried) if c), q.notes +
                      (f"the condition before it: {carried}",), q.continues)
            carried = None
        out.append(q)
    return out


_HYPOTHESIS = re.compile(r"\s*(?:[A-Za-z]|\\[A-Za-z]+)\s*(?:=|\\neq?|≠|<|>|\\leq?|\\geq?)\s*(?:[A-Za-z]|-?\d+(?:\.\d+)?)\s*")
_FORWARD = re.compile(r"\s*\\(?:Rightarrow|implies|Longrightarrow|longrightarrow)\s*")


def _hypotheses_carried(source: str, pieces: list[Piece]) -> list[Piece]:
    """``i \\neq j \\Rightarrow J_{ij} = -s_i s_j``: a relation between two symbols (or a symbol and a number) before
    ⇒ is the hypothesis of the relation after it, its condition; checked alone, the consequent would be claimed
    where the hypothesis fails too (a true J_{ij} = -s_i s_j REFUTED at i = j)."""
    out: list[Piece] = []
    carried = None
    for k, q in enumerate(pieces):
        if carried:
            q = Piece(q.text, q.start, "\n".join(c for c in (q.condition, carried) if c),
                      q.notes + (f"the hypothesis before ⇒ read as its condition: {carried}",), q.continues)
            carried = None
        after = pieces[k + 1] if k + 1 < len(pieces) else None
        if after is not None and not q.condition and _HYPOTHESIS.fullmatch(q.text) \
                and _FORWARD.fullmatch(source[q.start + len(q.text):after.start]):
            carried = q.text.strip()
            continue
        out.append(q)
    return out


def _split_implies(work: str, s: int, e: int) -> list[tuple[int, int]]:
    cuts = [t for t in _tokens(work[s:e]) if t.kind == "implies"]
    out, start = [], s
    for t in cuts:
        out.append((start, s + t.start))
        start = s + t.end
    out.append((start, e))
    return [(a, b) for a, b in out if work[a:b].strip()]


def _split_side_by_side(work: str, s: int, e: int) -> list[Piece]:
    """``a = 1, \\; b = 2`` is two relations; ``x, y \\in \\mathbb{R}`` and ``1,000`` are one."""
    toks = _tokens(work[s:e])
    seps = [t for t in toks if t.kind == "sep" or (t.kind == "space" and t.value in _SPACES)]
    segments, start = [], 0
    for t in seps:
        segments.append((start, t.start))
        start = t.end
    segments.append((start, e - s))
    groups: list[list[int]] = []
    has_rel: list[bool] = []
    for a, b in segments:
        rel = any(t.kind == "rel" for t in toks if a <= t.start < b)
        words = _remark_start(work[s + a:s + b]) or work[s + a:s + b].lstrip().startswith("\\forall")
        if groups and (words or not rel or not has_rel[-1]):  # words: a remark on the relation before
            groups[-1][1] = b
            has_rel[-1] = has_rel[-1] or rel
        else:
            groups.append([a, b])
            has_rel.append(rel)
    return [Piece(work[s + a:s + b], s + a) for a, b in groups if work[s + a:s + b].strip()]


def _remark_start(text: str) -> bool:
    """Does this segment begin with words (``\\text{for } x > 0``, ``\\text{(chain rule)}``)?"""
    toks = _tokens(text)
    if not toks or toks[0].kind != "text" or text[:toks[0].start].strip():
        return False
    return bool(_WORDY.search(toks[0].value.strip()) or _CONDITION_WORDS.match(toks[0].value))


_LIST_BLOCK = re.compile(r"^\s*(?:\\q?quad\b|\\[,;: ]|\s)*\\begin\{(cases|array|aligned)\}(?:\{[^{}]*\})?(.*?)\\end\{\1\}\s*[.,;]?\s*$", re.S)


def _listed_relations(text: str) -> list[tuple[str, int]]:
    r"""The rows of a ``cases`` (or ``array``, ``aligned``) block that makes up all of ``text``, each with its
    offset, when every row is a relation: what "where" lists. [] otherwise."""
    m = _LIST_BLOCK.match(text)
    if not m:
        return []
    rows, start = [], m.start(2)
    for part in re.split(r"(\\\\)", m.group(2)):
        if part != "\\\\" and part.strip():
            cleaned = part.replace("&", " ")
            lead = len(cleaned) - len(cleaned.lstrip())
            rows.append((cleaned.strip().rstrip(",;."), start + lead))
        start += len(part)
    return rows if rows and all(top_level_relations(r) for r, _ in rows) else []


def _remarks(piece: Piece) -> list[Piece]:
    r"""Words at the top level: ``\text{for } x > 0`` (a condition of the relation), ``\text{where } z = Wx``
    (a relation of its own), ``\text{(chain rule)}`` (dropped, with a note)."""
    text, notes, condition = piece.text, list(piece.notes), piece.condition
    extra: list[Piece] = []
    forall = next((t for t in _tokens(text) if t.kind == "forall"), None)
    if forall is not None and text[:forall.start].strip():  # A = B \quad \forall x \in (0, 1): a condition
        clause = text[forall.end:].strip().rstrip(".,;")
        if top_level_relations(clause):
            condition = "\n".join(c for c in (condition, clause) if c)
            notes.append(f"\\forall {clause} read as the condition {clause}")
        else:
            notes.append(f"\\forall {clause}: every value, as a claim's variables always are")
        text = text[:forall.start]
    for t in [t for t in _tokens(text) if t.kind == "text"]:
        words = t.value.strip()
        after, before = text[t.end:], text[:t.start]
        is_words = bool(_WORDY.search(words) or _CONDITION_WORDS.match(words))
        spaced = not before.strip() or before.rstrip().endswith(("\\quad", "\\qquad", ",", ";"))
        if not is_words and (re.match(r"\s*([(_^{']|\\left)", after) or not spaced):
            continue  # \text{softmax}(z), \text{ReLU}'(z), \text{ReLU}: a function's name, not words
        condition_word = _CONDITION_WORDS.match(words)
        if not condition_word and not before.strip():
            # "\text{therefore, } \sum_j e^{o_j} > 0": words that lead into the relation
            notes.append(f"\\text{{{words}}} before the relation is not mathematics: not read")
            text = _blank(text, t.start, t.end)
            continue
        listed = _listed_relations(after) if condition_word and condition_word.group(1).lower() in ("where", "with") else []
        if listed:  # \text{where} \begin{cases} h^s \in \mathbb{R}^{d_h} \\ h^a \in … \end{cases}: each row (seed 004)
            extra += [Piece(row, piece.start + t.end + offset) for row, offset in listed]
        elif condition_word and top_level_relations(after):
            if condition_word.group(1).lower() in ("where", "with", "given"):
                extra.append(Piece(after, piece.start + t.end))
            else:
                clause = after.strip().rstrip(",;.").strip()
                condition = "\n".join(c for c in (condition, clause) if c)
                notes.append(f"\\text{{{words}}} … read as the condition {clause}")
        elif not condition_word or after.strip():
            # words end the relation: "\quad \text{(since } 0 < \alpha < 1 \text{)}" is a remark, all of it
            notes.append(f"the remark \\text{{{words}}}{' ' + ' '.join(after.split()) if after.strip() else ''} "
                         "is not mathematics: not read")
        text = text[:t.start]
        break
    text = re.sub(r"(\s|\\q?quad\b|\\[,;:! ]|[,;.])+$", "", text)
    lead = re.match(r"(\s|\\q?quad\b|\\[,;:! ])*", text).end()  # spacing before the relation
    return [Piece(text[lead:], piece.start + lead, condition, tuple(notes), piece.continues)] + [
        q for p in extra for q in _remarks(p)]


# what announces a consequence: "\therefore J = …" after J_{ij} = … says what J is (a claim), not a new J
_CONCLUSION = re.compile(r"(\\therefore|\\Rightarrow|\\implies|\\Longrightarrow|\\text\{\s*(?:hence|so|thus|therefore)\b[^{}]*\})\s*$", re.I)


def concluded(before: str) -> bool:
    """Does the text before a relation end in what announces a consequence (``\\therefore``, ⇒, ``\\text{hence}``)?"""
    return _CONCLUSION.search(before) is not None


def partial(key: str, arguments: str | None, condition: str | None) -> bool:
    """Does ``condition`` restrict what a definition of ``key`` covers: a relation (not a membership, ∀k ∈ …, which
    covers all) on a letter of its subscript or its arguments (J_{ij} … if i ≠ j; f(x) = x if x > 0)?"""
    if not condition or re.search(r"\\in(?![A-Za-z])|∈", condition):
        return False
    own = set(re.findall(r"[A-Za-z]", (key.partition("_")[2] if "_" in key else "") + (arguments or "")))
    return bool(own & set(re.findall(r"(?<![\\A-Za-z])[A-Za-z](?![A-Za-z])", condition)))
