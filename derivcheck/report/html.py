"""``html_report``: the checked documents as one page a person reads, each formula marked where it stands.

The terminal table lists relations out of their prose; a student or a grader reads the derivation
as written, so the page renders each document (Markdown with the very parser that found the math,
notebooks cell by cell, LaTeX as its paragraphs) and marks every formula in place: ✓ proven,
≈ checked, ✗ refuted (with the steps and the counterexample), ? not read (with the reason).

The page is self-contained (CSS inlined, math as MathML that browsers draw natively, no script, no
font or CDN), so it opens offline and can be mailed. Nothing from the input runs: every text is
escaped, raw HTML in Markdown is shown as text, and latex2mathml's output passes a MathML allow-list
(it copies ``\\text{…}`` through unescaped).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser

from ..answers.feedback import MARKS
from ..answers.model import AnswerResult
from ..core.verdict import Verdict
from ..documents.check import DocumentReport, Entry
from ..documents.formulas import Formula
from ..documents.read import MAX_BYTES, read_document
from .html_documents import latex_html, markdown_html, notebook_html

__all__ = ["html_report", "math_html", "sanitize_mathml"]

_STATUS = {Verdict.PROVEN: "proven", Verdict.CHECKED: "checked", Verdict.REFUTED: "refuted",
           Verdict.ERROR: "error", Verdict.TIMEOUT: "timeout"}
_WORST = ("refuted", "error", "unread", "timeout", "checked", "proven", "definition", "declaration")
_SYMBOL = {**{_STATUS[v]: m for v, m in MARKS.items()}, "unread": "?", "definition": "≔", "declaration": "∈"}
_WORD = {"proven": "proven", "checked": "checked", "refuted": "refuted", "error": "error", "timeout": "timeout",
         "unread": "not read", "definition": "definition", "declaration": "declaration"}
_LINKED = ("refuted", "error", "unread")  # what the summary links to
_PLACE = re.compile(r"^.*?(cell \d+, )?line \d+, column \d+: ")  # the page shows the place itself

# ---------------------------------------------------------------------------------------------- math

_MATHML_TAGS = frozenset(
    "math mrow mi mn mo ms mtext mspace msup msub msubsup mfrac msqrt mroot mover munder munderover mtable mtr "
    "mtd mlabeledtr mstyle mpadded mphantom menclose merror mfenced mmultiscripts mprescripts none semantics "
    "annotation maligngroup malignmark".split())
_MATHML_ATTRIBUTES = frozenset(
    "xmlns display mathvariant stretchy fence form separator separators columnalign rowalign rowspacing "
    "columnspacing columnlines rowlines frame framespacing linebreak width height depth lspace rspace accent "
    "accentunder movablelimits minsize maxsize symmetric largeop mathsize mathcolor mathbackground notation "
    "displaystyle scriptlevel open close linethickness voffset align columnspan rowspan equalrows equalcolumns "
    "encoding".split())
_ALIGN = ("align", "flalign", "alignat", "eqnarray", "split")  # rows with & columns
_CENTRED = ("gather", "multline")  # rows, centred
_DROP = re.compile(r"\\label\s*\{[^{}]*\}|\\nonumber\b|\\notag\b")


class _MathMLFilter(HTMLParser):
    """Re-emits MathML elements and attributes from an allow-list; anything else becomes escaped text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def _tag(self, tag, attrs, close: str) -> None:
        if tag not in _MATHML_TAGS:
            self.out.append(html.escape(self.get_starttag_text() or ""))
            return
        kept = "".join(f' {name}="{html.escape(value or "")}"' for name, value in attrs if name in _MATHML_ATTRIBUTES)
        self.out.append(f"<{tag}{kept}{close}>")

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs, "")

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs, " /")

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>" if tag in _MATHML_TAGS else html.escape(f"</{tag}>"))

    def handle_data(self, data):
        self.out.append(html.escape(data, quote=False))

    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):
        pass


def sanitize_mathml(markup: str) -> str:
    """Only MathML elements and harmless attributes survive; every other ``<…>`` is shown as text."""
    keeper = _MathMLFilter()
    keeper.feed(markup)
    keeper.close()
    return "".join(keeper.out)


def _tex_for_mathml(source: str, environment: str) -> str:
    """The formula as latex2mathml reads it best: alignment environments as tables, labels dropped."""
    tex = _DROP.sub("", source)
    tex = re.sub(r"\\(begin|end)\{aligned\}", r"\\\1{align*}", tex)  # latex2mathml's aligned is not a table
    tex = re.sub(r"\\(begin|end)\{gathered\}", lambda m: r"\begin{array}{c}" if m[1] == "begin" else r"\end{array}", tex)
    bare = environment.rstrip("*")
    if bare in _ALIGN:
        return f"\\begin{{align*}}{tex}\\end{{align*}}"
    if bare in _CENTRED:
        return f"\\begin{{array}}{{c}}{tex}\\end{{array}}"
    return tex


def math_html(source: str, display: bool, environment: str = "$") -> str:
    """The formula as MathML, or its LaTeX in ``<code>`` when latex2mathml cannot read it."""
    try:
        from latex2mathml.converter import convert

        return sanitize_mathml(convert(_tex_for_mathml(source, environment), display="block" if display else "inline"))
    except Exception:  # latex2mathml raises many kinds on LaTeX it does not know; the page must still come
        return (f'<code class="tex" title="this formula could not be drawn: its LaTeX as written">'
                f"{html.escape(source)}</code>")


# --------------------------------------------------------------------------------------------- marks


def _status(entry: Entry, result: AnswerResult | None) -> str | None:
    if result is not None:
        return _STATUS[result.verdict]
    if entry.kind == "not read":
        return "unread"
    return entry.kind if entry.kind in ("definition", "declaration") else None


def _message(text: str | None) -> str:
    return _PLACE.sub("", text or "").strip()


def _title(entry: Entry, result: AnswerResult | None, status: str) -> str:
    if status == "proven":
        scope = f" for {result.scope}" if result.scope and result.scope != "no free variables" else ""
        text = f"proven{scope}: {entry.text}"
    elif status == "checked":
        text = f"checked numerically, no symbolic proof found: {entry.text}" + (
            f" ({_message(result.message)})" if result.message else "")
    elif result is not None:
        text = f"{_WORD[status]}: {_message(result.message) or entry.text}"
    elif status == "unread":
        text = f"not read: {_message(entry.message)}"
    else:
        text = f"{status}: {entry.text}" + (f" ({entry.message})" if entry.message else "")
    notes = "; ".join(entry.notes)
    return " ".join(text.split()) + (f" — {notes}" if notes else "")


def _mark(entry: Entry, result: AnswerResult | None, status: str) -> str:
    return (f'<span class="mark m-{status}" title="{html.escape(_title(entry, result, status))}">'
            f'{_SYMBOL[status]} {_WORD[status]}</span>')


def _steps(result: AnswerResult) -> str:
    rows = []
    for s in result.steps:
        status = _STATUS[s.verdict]
        wrong = s.index == result.first_wrong_step
        extra = ""
        if wrong:
            cx = s.counterexample or _message(s.message) or _message(result.message)
            extra = f'<span class="cx">counterexample: {html.escape(cx)}</span>' if cx else ""
        elif s.verdict is not Verdict.PROVEN and s.message:
            extra = f'<span class="why">{html.escape(_message(s.message))}</span>'
        rows.append(f'<span class="step m-{status}{" wrong" if wrong else ""}" title="step {s.index}: {_WORD[status]}">'
                    f'<span class="smark">{_SYMBOL[status]}</span> <span class="sn">step {s.index}</span> '
                    f'{math_html(s.relation, False)}{extra}</span>')
    return f'<span class="steps">{"".join(rows)}</span>'


def _detail(entry: Entry, result: AnswerResult | None, status: str) -> str:
    """What a wrong or unread relation needs visibly: the steps and counterexample, or the reason."""
    if status == "unread":
        text = html.escape(_message(entry.message) or "not read")
        return f'<span class="detail m-unread"><span class="head">? not read:</span> {text}</span>'
    if result is None or status not in ("refuted", "error", "timeout"):
        return ""
    total = len(result.steps)
    if status == "refuted" and result.first_wrong_step:
        head = f"✗ refuted: step {result.first_wrong_step} of {total} is wrong"
    else:
        head = f"{_SYMBOL[status]} {_WORD[status]}"
    message = ""
    if status != "refuted" or not any(s.counterexample for s in result.steps):
        message = f' <span class="why">{html.escape(_message(result.message))}</span>' if result.message else ""
    steps = _steps(result) if result.steps else ""
    return f'<span class="detail m-{status}"><span class="head">{html.escape(head)}</span>{message}{steps}</span>'


def _anchor_base(cell: int | None, line: int) -> str:
    return (f"c{cell}-" if cell is not None else "") + f"L{line}"


def _place(cell: int | None, line: int) -> str:
    return (f"cell {cell}, " if cell is not None else "") + f"line {line}"


def _nth(anchor: str) -> str:
    """The " (2)" of the second marked formula of a line (anchor ``L7-2``): the links tell them apart."""
    found = re.search(r"-(\d+)$", anchor)
    return f" ({found.group(1)})" if found else ""


# ------------------------------------------------------------------------------------------ document


def _contains(formula: Formula, entry: Entry) -> bool:
    """Whether the entry's place lies in the formula's LaTeX (entries are placed inside their formula)."""
    lines = formula.source.split("\n")
    last_line = formula.line + len(lines) - 1
    last_column = formula.column + len(lines[0]) if len(lines) == 1 else len(lines[-1]) + 1
    return (formula.line, formula.column) <= (entry.line, entry.column) <= (last_line, last_column)


def match_entries(formulas: list[Formula], entries) -> tuple[dict[int, list[int]], list[int]]:
    """formula index → entry indexes, and the entries in no formula (directives), both in reading order.

    Entries come in reading order, so a pointer moves forward through the formulas: an entry belongs
    to the first formula from the pointer with its cell and LaTeX whose span holds the entry's place.
    """
    placed: dict[int, list[int]] = {}
    loose: list[int] = []
    at = 0
    for k, entry in enumerate(entries):
        found = next((i for i in range(at, len(formulas)) if formulas[i].cell == entry.cell
                      and formulas[i].source == entry.source and _contains(formulas[i], entry)), None) \
            if entry.source else None
        if found is None:
            loose.append(k)
        else:
            placed.setdefault(found, []).append(k)
            at = found
    return placed, loose


class DocumentPage:
    """One document's section of the page: its formulas, their entries, anchors and the links to them.

    The renderers (``html_documents``) call ``formula(index, display)`` for each formula they draw, in
    reading order; what they never draw is listed at the top of the section, so no entry is lost.
    """

    def __init__(self, report: DocumentReport, prefix: str):
        self.report, self.prefix = report, prefix
        document = read_document(report.path)
        self.formulas = [f for f in document.items if isinstance(f, Formula)]
        self.placed, self.loose = match_entries(self.formulas, report.entries)
        self.drawn: set[int] = set()
        self.ids: Counter = Counter()
        self.links: list[tuple[str, str, str]] = []  # (anchor, place, status)
        self.pending: list[str] = []  # details of inline formulas, shown after their paragraph

    def take_pending(self) -> str:
        """The details of the inline formulas drawn since the last call, as one block (or "")."""
        if not self.pending:
            return ""
        out, self.pending = "".join(self.pending), []
        return f'<div class="details">{out}</div>'

    def anchor(self, cell: int | None, line: int) -> str:
        base = self.prefix + _anchor_base(cell, line)
        self.ids[base] += 1
        return base if self.ids[base] == 1 else f"{base}-{self.ids[base]}"

    def formulas_of(self, cell: int | None) -> list[int]:
        return [i for i, f in enumerate(self.formulas) if f.cell == cell]

    def _marked(self, indexes) -> list[tuple[Entry, AnswerResult | None, str]]:
        out = []
        for k in indexes:
            entry, result = self.report.entries[k], self.report.results[k]
            status = _status(entry, result)
            if status:
                out.append((entry, result, status))
        return out

    def formula(self, index: int | None, display: bool, source: str = "", environment: str = "$") -> str:
        """A formula drawn in place with its marks (`index` None: math the reader did not take)."""
        if index is None or index >= len(self.formulas):
            return self._wrap(math_html(source, display, environment), display, "", "")
        self.drawn.add(index)
        f = self.formulas[index]
        math = math_html(f.source, display, f.environment)
        marked = self._marked(self.placed.get(index, ()))
        if not marked:
            return self._wrap(math, display, "", "")
        worst = min((s for _, _, s in marked), key=_WORST.index)
        anchor = self.anchor(f.cell, f.line)
        if worst in _LINKED:
            self.links.append((anchor, _place(f.cell, f.line) + _nth(anchor), worst))
        marks = "".join(_mark(e, r, s) for e, r, s in marked)
        details = "".join(_detail(e, r, s) for e, r, s in marked)
        if details and not display:  # the sentence stays whole: the details follow the paragraph
            where = f'<a class="place" href="#{anchor}">{_place(f.cell, f.line)}</a>'
            self.pending.append(f'<div class="pending s-{worst}">{where}{details}</div>')
            details = ""
        return self._wrap(math, display, f' id="{anchor}"', f" s-{worst}", marks, details)

    @staticmethod
    def _wrap(math: str, display: bool, anchor: str, status: str, marks: str = "", details: str = "") -> str:
        shape = "display" if display else "inline"
        marks = f'<span class="marks">{marks}</span>' if marks else ""
        return (f'<span class="f {shape}{status}"{anchor}><span class="row"><span class="math">{math}</span>{marks}'
                f"</span>{details}</span>")

    def loose_html(self) -> str:
        """Entries in no drawn formula: directive problems, and formulas the renderer could not place."""
        indexes = list(self.loose) + [k for i in sorted(self.placed) if i not in self.drawn for k in self.placed[i]]
        rows = []
        for k in sorted(indexes):
            entry, result = self.report.entries[k], self.report.results[k]
            status = _status(entry, result)
            if status is None:
                continue
            anchor = self.anchor(entry.cell, entry.line)
            if status in _LINKED:
                self.links.append((anchor, _place(entry.cell, entry.line) + _nth(anchor), status))
            what = f' {math_html(entry.source or entry.text, False)}' if (entry.source or entry.text) else ""
            rows.append(f'<li id="{anchor}" class="s-{status}"><span class="place">{_place(entry.cell, entry.line)}</span>'
                        f"{what} {_mark(entry, result, status)}{_detail(entry, result, status)}</li>")
        if not rows:
            return ""
        return ('<div class="loose"><div class="loose-head">Not in the text below (derivcheck directives, '
                f"or formulas the page could not place):</div><ul>{''.join(rows)}</ul></div>")


def _read_text(path: str) -> str | None:
    """The document's text as the reader decoded it, or None when it cannot be shown."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return None
        return data.decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return None


def _body(page: DocumentPage) -> str:
    report = page.report
    text = _read_text(report.path) if report.kind in ("markdown", "latex", "notebook") else None
    if text is None:
        return '<p class="nodoc">The document cannot be shown (see above).</p>'
    try:
        if report.kind == "markdown":
            return markdown_html(text, page, None)
        if report.kind == "latex":
            return latex_html(text, page)
        return notebook_html(text, page)
    except Exception as exc:  # a renderer bug must not cost the reader the rest of the page
        return (f'<p class="nodoc">The document could not be rendered ({html.escape(type(exc).__name__)}: '
                f"{html.escape(str(exc))}); its formulas are listed above.</p>")


def _document_section(number: int, page: DocumentPage) -> str:
    report = page.report
    body = _body(page)
    loose = page.loose_html()
    error = f'<div class="error">{html.escape(report.error)}</div>' if report.error else ""
    return (f'<section class="document" id="doc-{number}"><h2 class="path">{html.escape(report.path)} '
            f'<span class="kind">{html.escape(report.kind)}</span></h2>{error}{loose}'
            f'<div class="body {html.escape(report.kind)}">{body}</div></section>')


# ------------------------------------------------------------------------------------------- summary


def _summary(pages: list[tuple[int, DocumentPage]]) -> str:
    head = ("<tr><th>document</th><th class='m-proven'>✓ proven</th><th class='m-checked'>≈ checked</th>"
            "<th class='m-refuted'>✗ refuted</th><th class='m-error'>! error</th><th class='m-timeout'>… timeout</th>"
            "<th>definitions</th><th>declarations</th><th>not a relation</th><th class='m-unread'>? not read</th>"
            "</tr>")
    rows, look = [], []
    for number, page in pages:
        counts, verdicts = page.report.counts(), page.report.verdicts()
        cells = [f'<td class="count">{verdicts.get(v, 0)}</td>' for v in Verdict]
        cells += [f'<td class="count">{counts.get(k, 0)}</td>' for k in ("definition", "declaration", "not a relation",
                                                                          "not read")]
        name = f'<a href="#doc-{number}">{html.escape(page.report.path)}</a>'
        rows.append(f'<tr><td class="doc">{name}</td>{"".join(cells)}</tr>')
        links = " ".join(f'<a class="m-{s}" href="#{a}">{_SYMBOL[s]} {html.escape(p)}</a>' for a, p, s in page.links)
        if page.report.error:
            links = f'<a class="m-error" href="#doc-{number}">! the document has a problem</a> ' + links
        if links:
            look.append(f"<li>{name}: {links}</li>")
    legend = " ".join(f'<span class="mark m-{s}">{_SYMBOL[s]} {_WORD[s]}</span>' for s in _WORST)
    return (f'<section class="summary"><h1>derivcheck: checked documents</h1>'
            f'<table>{head}{"".join(rows)}</table>'
            + (f'<div class="look"><span class="look-head">To look at</span> (refuted, not read, errors; each a link):<ul>{"".join(look)}</ul></div>' if look else
               '<p class="look">Nothing refuted, nothing left unread.</p>')
            + f'<p class="legend">Marks: {legend}. '
            "Formulas that are not relations are shown unmarked; hover a mark for the details.</p></section>")


def html_report(reports: list[DocumentReport]) -> str:
    """The page: a summary with links to what is wrong, then every document as its reader sees it."""
    pages = [(n, DocumentPage(r, f"d{n}-" if len(reports) > 1 else "")) for n, r in enumerate(reports, start=1)]
    sections = [_document_section(n, page) for n, page in pages]  # drawn first: they collect the links
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>derivcheck report</title><style>{CSS}</style></head><body>"
            f'{_summary(pages)}{"".join(sections)}</body></html>\n')


CSS = """
:root { --proven:#1a7f37; --checked:#9a6700; --refuted:#cf222e; --error:#bc4c00; --timeout:#6e7781;
        --unread:#8250df; --muted:#57606a; --line:#d0d7de; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 62rem; margin: 1.5rem auto;
       padding: 0 1rem; color: #1f2328; line-height: 1.55; }
h1 { font-size: 1.5rem; margin: 0 0 .8rem; }
table { border-collapse: collapse; font-size: .9rem; width: 100%; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.count { text-align: right; font-variant-numeric: tabular-nums; }
td.doc { font-family: ui-monospace, monospace; font-size: .85rem; word-break: break-all; width: 32%; }
.look { font-size: .9rem; margin: .6rem 0; } .look-head { font-weight: 600; } .look ul { margin: .2rem 0; padding-left: 1.2rem; }
.look a { margin-right: .5rem; white-space: nowrap; text-decoration: none; font-weight: 600; }
.legend { font-size: .85rem; color: var(--muted); }
section.document { border-top: 3px solid var(--line); margin-top: 2rem; padding-top: .5rem; }
h2.path { font-size: 1.1rem; font-family: ui-monospace, monospace; }
h2.path .kind { font: .75rem system-ui, sans-serif; color: var(--muted); border: 1px solid var(--line);
                border-radius: 1rem; padding: 0 .5rem; vertical-align: middle; }
.error { border-left: 4px solid var(--error); background: #fff1e5; padding: .4rem .7rem; margin: .5rem 0; }
.loose { border: 1px dashed var(--unread); border-radius: 6px; padding: .3rem .8rem; margin: .5rem 0; font-size: .92rem; }
.loose-head { color: var(--muted); }
.loose .place { color: var(--muted); margin-right: .4rem; }
.body h1, .body h2, .body h3 { margin: 1.2rem 0 .5rem; }
.body h1 { font-size: 1.4rem; } .body h2 { font-size: 1.2rem; }
pre, code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .88em; }
pre { background: #f6f8fa; padding: .5rem .7rem; border-radius: 6px; overflow-x: auto; }
code.tex { background: #fff8c5; padding: 0 .2rem; border-radius: 3px; }
pre.raw-html, span.raw-html { color: var(--muted); }
.directive { font: .8rem ui-monospace, monospace; color: var(--muted); border-left: 3px solid var(--line);
             padding-left: .5rem; margin: .3rem 0; }
.cell { border: 1px solid var(--line); border-radius: 6px; margin: .9rem 0; padding: .2rem .9rem .4rem; }
.cell-label { font-size: .75rem; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
.cell.code { background: #fafbfc; } .cell.code pre { margin: .3rem 0; }
.par { margin: .7rem 0; }
.f.inline { padding: 0 .15rem; border-radius: 3px; }
.f.display { display: block; margin: .7rem 0; padding: .3rem .7rem; border-left: 4px solid transparent; }
.f.display > .row { display: flex; align-items: center; gap: .5rem; }
.f.display > .row > .math { flex: 1; overflow-x: auto; overflow-y: hidden; padding: .15rem 0; }
.details { margin: -.3rem 0 .7rem; }
.pending .place { font-size: .78rem; color: var(--muted); text-decoration: none; }
.pending .detail { margin-top: 0; }
.f.s-proven.inline { background: #dafbe1; } .f.s-proven.display { border-color: var(--proven); background: #f0fff4; }
.f.s-checked.inline { background: #fff8c5; } .f.s-checked.display { border-color: var(--checked); background: #fffbe6; }
.f.s-refuted.inline { background: #ffebe9; outline: 1px solid var(--refuted); }
.f.s-refuted.display { border-color: var(--refuted); background: #fff5f5; }
.f.s-error.display { border-color: var(--error); background: #fff1e5; } .f.s-error.inline { background: #fff1e5; }
.f.s-timeout.display { border-color: var(--timeout); background: #f6f8fa; }
.f.s-unread.inline { background: #fbefff; } .f.s-unread.display { border-color: var(--unread); background: #fcf7ff; }
.f.s-definition.display, .f.s-declaration.display { border-color: var(--line); }
.mark { font-size: .75rem; font-weight: 600; border-radius: 1rem; padding: 0 .45rem; margin-left: .25rem;
        white-space: nowrap; vertical-align: middle; cursor: help; border: 1px solid currentColor; }
.m-proven { color: var(--proven); } .m-checked { color: var(--checked); } .m-refuted { color: var(--refuted); }
.m-error { color: var(--error); } .m-timeout { color: var(--timeout); } .m-unread { color: var(--unread); }
.mark.m-definition, .mark.m-declaration { color: var(--muted); font-weight: 400; border-style: dotted; }
.detail { display: block; font-size: .88rem; margin: .3rem 0 .2rem; padding: .3rem .6rem; border-radius: 5px;
          background: #fff; border: 1px solid currentColor; line-height: 1.45; }
.detail .head { font-weight: 700; }
.detail .why { color: #1f2328; }
.steps { display: block; margin-top: .2rem; }
.step { display: block; color: #1f2328; padding: .1rem .3rem; border-radius: 4px; }
.step .smark { font-weight: 700; } .step.m-proven .smark { color: var(--proven); }
.step.m-checked .smark { color: var(--checked); } .step.m-refuted .smark { color: var(--refuted); }
.step .sn { color: var(--muted); font-size: .8rem; margin-right: .3rem; }
.step.wrong { background: #ffebe9; border-left: 4px solid var(--refuted); }
.step .cx, .step .why { display: block; margin-left: 1.4rem; font-family: ui-monospace, monospace; font-size: .85rem; }
.step .cx { color: var(--refuted); font-weight: 600; }
.nodoc { color: var(--muted); font-style: italic; }
math { font-size: 1.08em; }
"""
