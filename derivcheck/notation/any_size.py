r"""Arrays nothing declares, summed over all their entries: ``\frac{\partial}{\partial y_i} \log \sum_j e^{y_j} =
\frac{e^{y_i}}{\sum_j e^{y_j}}`` with no ``where`` is a claim about a vector y of any length n.

A sum without limits runs over every entry of what its index subscripts (``notation.sum_ranges``); when no
array it subscripts is declared, that length is any length: the claim is read with y ∈ ℝ^n and i, j ∈ 1..n,
checked for every n, and the scope says so. This is decided on the text, before either reader sees it,
and only where it is the one reading: the arrays are tied to one length by appearing in one sum's body or
under one free index (a letter reused by two separate sums ties nothing); they are vectors (one plain index
each; a superscript on an entry is a number, a power, or a tag in parentheses); none is declared, defined as
a whole, a function or a bold name only ever subscripted (``\mathbf{e}_k``: a basis vector?); the ``where``
declares nothing with ℝ; and no other letter is in play (``\frac{1}{n} \sum_i x_i``: is n the length?).
Anything else is left as written, and the reader asks for the limits.
"""

from __future__ import annotations

import re

__all__ = ["any_size", "scripted_names"]

_NAME = re.compile(r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*(?P<bold>[A-Za-z])\s*\}|(?<![\\A-Za-z])(?P<plain>[A-Za-z]))"
                   r"(?P<scripts>(?:\s*[_^]\s*(?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|[A-Za-z0-9]))+)")
_SCRIPT = re.compile(r"([_^])\s*(\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|[A-Za-z0-9])")


def _occurrences(text: str, offset: int = 0):
    """(base, bold, subscripts, superscripts, position) of every name with scripts in ``text``, those inside a
    superscript too (the x_i of ``e^{x_i}``); each script without its braces and spaces."""
    for m in _NAME.finditer(text):
        subs, tags = [], []
        for sm in _SCRIPT.finditer(m.group("scripts")):
            kind, script = sm.groups()
            braced = script.startswith("{")
            inner = script[1:-1] if braced else script
            (subs if kind == "_" else tags).append(re.sub(r"\s+", "", inner))
            if kind == "^":
                yield from _occurrences(inner, offset + m.start("scripts") + sm.start(2) + braced)
        yield m.group("bold") or m.group("plain"), bool(m.group("bold")), subs, tags, offset + m.start()


def scripted_names(text: str):
    """(base, subscripts, superscripts) of every name with scripts in ``text``, those inside a superscript too
    (the x_i of ``e^{x_i}``); each script without its braces and spaces."""
    for base, _, subs, tags, _ in _occurrences(text):
        yield base, subs, tags


_SUM = re.compile(r"\\(?:sum|prod)(?:\\limits)?\s*_\s*(?:\{(?P<braced>[^{}]*)\}|(?P<single>[A-Za-z]))"
                  r"(?P<hi>\s*\^\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))?")
_STOP = re.compile(r"[+\-=<>&,]|\\(?:le|leq|ge|geq|neq|ne|quad|qquad|text|Rightarrow|implies)(?![A-Za-z])|\\\\")
_TEXT = re.compile(r"\\(?:text\w*|mathrm|operatorname\*?|mbox|mathbb|begin|end)\s*\{[^{}]*\}")
_POWER_TAG = re.compile(r"\d+|\([^()]*\)|\[[^\[\]]*\]")  # y_i^2 a power; W^{(1)}_{ij}, z^{[l]}_k a tag
_SUBSCRIPT = re.compile(r"_\s*(?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|[A-Za-z0-9])")
_DECLARED = re.compile(r"^\s*(?P<names>[^=<>]*?)\s*(?:\\in|∈)")
_SIZE_NAMES = ("n", "m", "K", "N", "d")
_BOLD = re.compile(r"\\(?:mathbf|boldsymbol|bm)\s*\{\s*([A-Za-z])\s*\}")
_HEAD = re.compile(r"^\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*(?P<bold>[A-Za-z])\s*\}|(?P<plain>[A-Za-z]))"
                   r"(?P<scripts>(?:\s*[_^]\s*(?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|[A-Za-z0-9]))*)\s*(?::=|=)")


def _key(base: str, tags: list[str]) -> str:
    return base + (f"^{{{tags[0]}}}" if tags else "")


def _sums(text: str) -> list[tuple[str | None, bool, int, int]]:
    r"""(index letter or None, without limits?, body start, body end) of every sum in ``text``: the body runs to the
    next + − or relation outside brackets (a sign right at its start is its own: ``\sum_k -t_k``), or its bracket's end."""
    found = []
    for m in _SUM.finditer(text):
        sub = m.group("single") or m.group("braced").strip()
        letter = sub if re.fullmatch(r"[A-Za-z]", sub) else (re.match(r"([A-Za-z])\s*=", sub) or [None, None])[1]
        depth, k, begun = 0, m.end(), False
        while k < len(text):
            if text.startswith(r"\left", k) or text[k] in "{([":
                depth += 1
                k += 6 if text.startswith(r"\left", k) else 1
                continue
            if text.startswith(r"\right", k) or text[k] in "})]":
                depth -= 1
                if depth < 0:
                    break
                k += 7 if text.startswith(r"\right", k) else 1
                continue
            stop = _STOP.match(text, k)
            if depth == 0 and stop and (begun or text[k] not in "+-"):
                break
            if not text[k].isspace():
                begun = True
            k += stop.end() - k if stop else 1
        found.append((letter, m.group("hi") is None and (m.group("single") is not None or "=" not in sub), m.end(), k))
    return found


def _symbols(text: str) -> set[str]:
    """The letters ``text`` uses as symbols: none inside a command (\\alpha), its words (\\text{if}), a transpose's T,
    or Leibniz's d (``\\frac{d}{dx}``)."""
    text = re.sub(r"(?<=\{)\s*d(?=\s*(?:[A-Za-z\\]|\}\s*\{\s*d))", " ", _TEXT.sub(" ", text))  # {d}{dx}, {dE}{dy_i}
    text = re.sub(r"\^\s*(?:\{\s*(?:T|\\top)\s*\}|T)", " ", text)
    text = re.sub(r"\\[A-Za-z]+", " ", text)
    return set(re.findall(r"[A-Za-z]", text))


def any_size(statement: str, entries: list[str], functions: dict) -> tuple[list[str], list[str]]:
    """Declarations to add to ``entries`` (``t, y \\in \\mathbb{R}^{n}`` and the indices in 1..n) and the note saying
    so, when the statement's or the entries' limitless sums run over arrays nothing declares (module docstring);
    else nothing."""
    if any(re.search(r"(?:\\in|∈)\s*(?:\\mathbb\s*\{\s*R\s*\}|ℝ)", e) for e in entries):
        return [], []  # where declares arrays: one it does not declare is a slip to name, not any length
    texts = [statement, *entries]
    edges: dict[tuple, set[tuple]] = {}  # ("sum", text, k) / ("free", letter) ↔ ("array", key)
    bad, bold_only, whole_bold = set(), set(), set()
    starts, letters_of = [], {}
    touched: dict[int, set] = {}  # text → the arrays and sums it holds

    def link(a: tuple, b: tuple) -> None:
        edges.setdefault(a, set()).add(b)
        edges.setdefault(b, set()).add(a)
        touched.setdefault(t_no, set()).update((a, b))

    for t_no, t in enumerate(texts):
        sums = _sums(t)
        for k, (letter, bare, begin, end) in enumerate(sums):
            if bare:
                if letter is None:
                    return [], []  # \sum_{i,j}: several indices at once
                if letter in _symbols(_SUBSCRIPT.sub(" ", _COMPARED.sub(" ", t[begin:end]))):  # [k = h]: an index
                    return [], []  # \sum_k k x_k, \sum_k \gamma^k r_k: k a number too, from 1 or from 0?
                starts.append(("sum", t_no, k))
                letters_of[("sum", t_no, k)] = letter
        blank = _SUM.sub(lambda m: " " * len(m.group()), t)
        whole_bold |= set(re.findall(r"\\(?:mathbf|boldsymbol|bm)\s*\{\s*([A-Za-z])\s*\}(?!\s*_)", t))  # \mathbf{x} itself
        for base, bold, subs, tags, pos in _occurrences(blank):
            if not subs:
                continue
            if bold:
                bold_only.add(base)
            power_or_tag = tags and _POWER_TAG.fullmatch(tags[0])
            key = _key(base, [] if not tags or tags[0].isdigit() else tags)
            marks = subs[0].split(",") if "," in subs[0] else list(subs[0])
            if len(subs) > 1 or len(tags) > 1 or tags and not power_or_tag \
                    or not all(re.fullmatch(r"[A-Za-z]", p) for p in marks) or len(marks) != 1:
                bad.add(_key(base, []))  # x_{k+1}, W_{ij}, x_j^{p}: not one entry of a vector, plainly
                bad.add(key)
            for p in marks:
                inside = [(k, s) for k, s in enumerate(sums) if s[0] == p and s[2] <= pos < s[3]]
                if inside:
                    k, innermost = max(inside, key=lambda ks: ks[1][2])
                    if innermost[1]:
                        link(("array", key), ("sum", t_no, k))
                else:
                    link(("array", key), ("free", p))
    if not starts:
        return [], []
    group, todo = set(), [starts[0]]
    while todo:
        node = todo.pop()
        if node not in group:
            group.add(node)
            todo.extend(edges.get(node, ()))
    arrays = sorted(n[1] for n in group if n[0] == "array")
    free = {n[1] for n in group if n[0] == "free"}
    letters = sorted(free | {letters_of[s] for s in starts})
    if not arrays or not set(starts) <= group or set(arrays) & bad:
        return [], []  # a sum over nothing, sums over lengths nothing ties together, a matrix or a power of a letter
    declared = set()
    for e in entries:
        m = _DECLARED.match(e)
        if m:
            declared |= {_BOLD.sub(r"\1", n).replace(" ", "") for n in m.group("names").split(",")}
    heads = [h for h in map(_lhs, entries) if h]
    whole = {key for key, indexed in heads if not indexed}
    entrywise = {key for key, indexed in heads if indexed}
    bases = {a.split("^")[0] for a in arrays}
    if declared & (set(arrays) | set(letters) | bases) or whole & (set(arrays) | bases) or bases & set(functions) \
            or (bases & bold_only) - whole_bold \
            or "e" in bases and any(re.search(r"(?<![\\A-Za-z])e\s*\^", t) for t in texts):
        return [], []  # \mathbf{e}_k alone: a basis vector or an entry? e_k beside e^{y_k}: an array or Euler's e?
    # the letters of the statement and of the entries that are about these arrays or about no array (N = 2: the
    # length?); an entry about other arrays only is a definition of something else
    relevant = [k for k, _ in enumerate(texts) if k == 0 or touched.get(k, set()) & group or k not in touched]
    used = set().union(*(_symbols(_SUM.sub(" ", texts[k])) for k in relevant))
    applied = {m.group(1) for k in relevant[1:] for m in [re.match(r"\s*([A-Za-z])\s*\(", texts[k])] if m}  # S(x)_i = …
    heads_here = {h[0].split("^")[0] for k in relevant[1:] if touched.get(k, set()) & group for h in [_lhs(texts[k])] if h}
    compared = _compared([texts[k] for k in relevant], set(letters))  # t_k = [k = h]: h is compared with an index, an index too
    if compared & bases:
        return [], []  # [k = y] with y an array here: a label, or the array?
    letters = sorted(set(letters) | compared)
    known = set(letters) | bases | heads_here | applied | {"e"} | set(functions)
    if used - known:
        return [], []  # another letter in play: \frac{1}{n} \sum_i x_i (the length?), p in x_j^p, a bias b, N = 2
    every = set().union(*(_symbols(_SUM.sub(" ", t)) for t in texts))
    size = next((s for s in _SIZE_NAMES if s not in every | set(letters)), None)
    if size is None:
        return [], []
    shown = [a for a in arrays if a not in entrywise]
    added = ([f"{', '.join(shown)} \\in \\mathbb{{R}}^{{{size}}}"] if shown else []) \
        + [f"{', '.join(letters)} \\in \\{{1, \\dots, {size}\\}}"]
    sums = ", ".join(f"\\sum_{s}" for s in sorted({letters_of[s] for s in starts}))
    note = (f"{', '.join(arrays)} read as {'vectors' if len(arrays) > 1 else 'a vector'} of any length {size} (nothing "
            f"declares {'them' if len(arrays) > 1 else 'it'}; {sums} over all {'their' if len(arrays) > 1 else 'its'} "
            f"entries), {', '.join(letters)} in 1..{size}")
    return added, [note]



_COMPARED = re.compile(r"\[\s*([A-Za-z])\s*(?:=|\\neq?(?![A-Za-z])|≠)\s*([A-Za-z])\s*\]"
                       r"|\\delta\s*_\s*\{\s*([A-Za-z])\s*,?\s*([A-Za-z])\s*\}")


def _compared(texts, letters: set[str]) -> set[str]:
    """The letters an Iverson bracket or a Kronecker δ compares with one of ``letters`` (indices), until none is
    added: an index too, over the same range."""
    pairs = [tuple(p for p in m.groups() if p) for t in texts for m in _COMPARED.finditer(t)]
    found = set(letters)
    while True:
        more = {b for a, b in pairs if a in found} | {a for a, b in pairs if b in found}
        if more <= found:
            return found - set(letters)
        found |= more


def _lhs(entry: str) -> tuple[str, bool] | None:
    """(the array's key, whether an entry is defined) of a definition ``y = …`` or ``e_{k} = …``; else None."""
    m = _HEAD.match(entry)
    if not m:
        return None
    scripts = _SCRIPT.findall(m.group("scripts"))
    tags = [re.sub(r"\s+", "", s.strip("{}")) for kind, s in scripts if kind == "^"]
    return _key(m.group("bold") or m.group("plain"), tags[:1]), any(kind == "_" for kind, _ in scripts)
