"""Markdown, notebooks and LaTeX drawn as HTML for ``report.html``, each formula drawn by the page.

Each renderer meets the formulas in the order the document readers (``documents/``) found them and
asks the page (``html.DocumentPage.formula``) to draw the next one, so the marks land on the very
formula that was checked: Markdown is rendered by the same markdown-it parser that found the math,
a notebook cell by cell, a LaTeX document by a walk of pylatexenc nodes (formulas placed by offset).
Raw HTML in Markdown is shown as text, never passed through.
"""

from __future__ import annotations

import bisect
import html
import json
import re

from markdown_it.renderer import RendererHTML

from ..documents.formulas import TextPositions
from ..documents.latex import MATH_ENVIRONMENTS, VERBATIM_ENVIRONMENTS, latex_context
from ..documents.markdown import parser

__all__ = ["markdown_html", "notebook_html", "latex_html"]

# ------------------------------------------------------------------------------------------ Markdown

# the math token types of documents.markdown (dollarmath, texmath brackets, the \[ … \] inline rule)
MATH_TOKENS = ("math_inline", "math_inline_double", "math_block", "math_block_label", "math_block_eqno",
               "math_inline_bracket")
_DISPLAY_MARKUP = ("$$", "\\[")
_BEGIN = re.compile(r"\\begin\{([^}]*)\}")
_COMMENT = re.compile(r"(<!--.*?-->)", re.DOTALL)


def _take(env, content: str, display: bool, environment: str) -> str:
    """The next formula of the document, drawn; empty math is no formula (as the reader skips it)."""
    if not content.strip():
        return ""
    index = next(env["queue"], None)
    return env["page"].formula(index, display, content.strip(), environment)


def _math_rule(self, tokens, idx, options, env):
    token = tokens[idx]
    return _take(env, token.content, token.markup in _DISPLAY_MARKUP, token.markup)


def _amsmath_rule(self, tokens, idx, options, env):
    content = tokens[idx].content
    begin = _BEGIN.match(content)
    if begin is None:
        return _take(env, content, True, "equation*")
    environment = begin.group(1)
    body = content[begin.end():content.rfind("\\end{")]
    if environment.startswith("alignat"):
        body = re.sub(r"^\s*\{[^}]*\}", "", body)
    return _take(env, body, True, environment)


def _fence_rule(self, tokens, idx, options, env):
    token = tokens[idx]
    if token.info.strip().split(" ")[0] == "math":
        return _take(env, token.content, True, "math")
    return RendererHTML.fence(self, tokens, idx, options, env)


def _children(tokens):
    for token in tokens:
        yield token
        yield from _children(token.children or [])


def _image_rule(self, tokens, idx, options, env):
    """An image's alt text is not drawn as math, but the reader counted its formulas: skip them."""
    for child in _children(tokens[idx].children or []):
        if child.type in MATH_TOKENS and child.content.strip():
            next(env["queue"], None)
    return RendererHTML.image(self, tokens, idx, options, env)


def _raw_html(content: str, block: bool) -> str:
    """Raw HTML as text; ``derivcheck:`` comments as a small line (they declare), other comments hidden."""
    out = []
    tag = "div" if block else "span"
    for part in _COMMENT.split(content):
        if not part:
            continue
        if _COMMENT.fullmatch(part):
            inner = part[4:-3].strip()
            if inner.startswith("derivcheck:"):
                out.append(f'<{tag} class="directive" title="a derivcheck directive">{html.escape(inner)}</{tag}>')
        elif part.strip():
            escaped = html.escape(part)
            out.append(f'<pre class="raw-html">{escaped}</pre>' if block else f'<span class="raw-html">{escaped}</span>')
    return "".join(out)


def _html_block_rule(self, tokens, idx, options, env):
    return _raw_html(tokens[idx].content, True)


def _html_inline_rule(self, tokens, idx, options, env):
    return _raw_html(tokens[idx].content, False)


def _close_rule(self, tokens, idx, options, env):
    """A paragraph, heading or table ends: the details of its inline formulas follow it."""
    return self.renderToken(tokens, idx, options, env) + env["page"].take_pending()


def _markdown():
    md = parser()  # parsing stays exactly the reader's (html on: comments hold directives)
    for name in MATH_TOKENS:
        md.add_render_rule(name, _math_rule)
    md.add_render_rule("amsmath", _amsmath_rule)
    md.add_render_rule("fence", _fence_rule)
    md.add_render_rule("image", _image_rule)
    md.add_render_rule("html_block", _html_block_rule)
    md.add_render_rule("html_inline", _html_inline_rule)
    for name in ("paragraph_close", "heading_close", "table_close", "blockquote_close", "bullet_list_close",
                 "ordered_list_close"):
        md.add_render_rule(name, _close_rule)
    return md


_MARKDOWN = None


def markdown_html(text: str, page, cell: int | None) -> str:
    """A Markdown text (a document, or a notebook cell) as HTML with its formulas drawn by `page`."""
    global _MARKDOWN
    if _MARKDOWN is None:
        _MARKDOWN = _markdown()
    text = re.sub(r"\r\n?", "\n", text).replace("\0", "\ufffd")  # as documents.markdown reads it
    rendered = _MARKDOWN.render(text, {"page": page, "queue": iter(page.formulas_of(cell))})
    return rendered + page.take_pending()


# ----------------------------------------------------------------------------------------- notebooks


def _cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        source = "".join(s for s in source if isinstance(s, str))
    return source if isinstance(source, str) else ""


def notebook_html(text: str, page) -> str:
    """Each cell in a box labelled "cell N": Markdown rendered, code and raw cells as ``<pre>`` (no outputs)."""
    import nbformat

    try:
        notebook = nbformat.convert(nbformat.reader.reads(text), 4)
    except Exception:  # the checker already reported why (nbformat raises many kinds)
        return '<p class="nodoc">The notebook cannot be shown (see above).</p>'
    out = []
    for number, cell in enumerate(notebook.get("cells") or [], start=1):
        if not isinstance(cell, dict):
            continue
        kind = cell.get("cell_type") if isinstance(cell.get("cell_type"), str) else "unknown"
        source = _cell_source(cell)
        declared = cell.get("metadata", {}).get("derivcheck") if isinstance(cell.get("metadata"), dict) else None
        directive = (f'<div class="directive" title="this cell\'s derivcheck metadata">derivcheck: '
                     f"{html.escape(json.dumps(declared, ensure_ascii=False))}</div>") if declared is not None else ""
        if kind == "markdown":
            body = markdown_html(source, page, number)
        else:
            body = f'<pre class="{html.escape(kind)}"><code>{html.escape(source)}</code></pre>'
        label = f"cell {number}" + ("" if kind == "markdown" else f" · {html.escape(kind)}")
        out.append(f'<div class="cell {html.escape(kind)}" id="{page.prefix}cell-{number}">'
                   f'<div class="cell-label">{label}</div>{directive}{body}</div>')
    return "".join(out)


# --------------------------------------------------------------------------------------------- LaTeX

_SECTIONS = {"part": "h2", "chapter": "h2", "section": "h2", "subsection": "h3", "subsubsection": "h4",
             "paragraph": "h4", "subparagraph": "h4"}
_LISTS = ("itemize", "enumerate", "description")


class _Blocks:
    """Paragraphs (split at blank lines as LaTeX does), headings and ``<pre>`` blocks, in order."""

    def __init__(self, page):
        self.page = page
        self.blocks: list[list] = [["div", []]]

    def new(self, tag: str = "div") -> None:
        """End the block: the details of its inline formulas follow it."""
        pending = self.page.take_pending()
        if pending:
            self.blocks.append(["raw", [pending]])
        if "".join(self.blocks[-1][1]).strip():
            self.blocks.append([tag, []])
        else:
            self.blocks[-1][0] = tag

    def text(self, text: str) -> None:
        for i, part in enumerate(re.split(r"\n[ \t]*\n\s*", text)):
            if i:
                self.new()
            if part:
                self.blocks[-1][1].append(html.escape(part))

    def add(self, markup: str) -> None:
        self.blocks[-1][1].append(markup)

    def html(self) -> str:
        out = []
        for tag, parts in self.blocks:
            content = "".join(parts).strip()
            if content:
                close = tag.split(" ")[0]
                out.append(content if tag == "raw" else f'<div class="par">{content}</div>' if tag == "div"
                           else f"<{tag}>{content}</{close}>")
        return "".join(out)


class _LatexWalk:
    def __init__(self, text: str, page):
        from pylatexenc.latex2text import LatexNodes2Text

        self.text, self.page = text, page
        self.to_text = LatexNodes2Text()
        positions = TextPositions(text)
        placed = sorted((positions.starts[f.line - 1] + f.column - 1, i) for i, f in enumerate(page.formulas)
                        if f.line - 1 < len(positions.starts))
        self.offsets = [o for o, _ in placed]
        self.indexes = [i for _, i in placed]
        self.out = _Blocks(page)

    def formula_in(self, node) -> int | None:
        """The formula whose LaTeX starts inside the node, if any."""
        at = bisect.bisect_left(self.offsets, node.pos)
        if at < len(self.offsets) and self.offsets[at] < node.pos + node.len:
            return self.indexes[at]
        return None

    def flush(self, run: list) -> None:
        if run:
            self.out.text(self.to_text.nodelist_to_text(run))
            run.clear()

    def walk(self, nodes) -> None:
        from pylatexenc.latexwalker import (LatexCommentNode, LatexEnvironmentNode, LatexGroupNode, LatexMacroNode,
                                            LatexMathNode)

        run: list = []
        for node in nodes:
            if node is None:
                continue
            name = getattr(node, "environmentname", None) or getattr(node, "macroname", None) or ""
            if isinstance(node, LatexMathNode) or (isinstance(node, LatexEnvironmentNode)
                                                    and name.rstrip("*") in MATH_ENVIRONMENTS):
                self.flush(run)
                index = self.formula_in(node)
                if index is not None:
                    self.out.add(self.page.formula(index, self.page.formulas[index].display))
            elif isinstance(node, LatexEnvironmentNode) and name.rstrip("*") in VERBATIM_ENVIRONMENTS:
                self.flush(run)
                raw = self.text[node.pos:node.pos + node.len]
                body = re.sub(r"\A\\begin\{[^}]*\}\n?|\\end\{[^}]*\}\Z", "", raw)
                self.out.new("pre")
                self.out.add(html.escape(body))
                self.out.new()
            elif isinstance(node, LatexMacroNode) and name == "verb":
                self.flush(run)
                raw = self.text[node.pos:node.pos + node.len]
                self.out.add(f"<code>{html.escape(raw[6:-1] if len(raw) > 6 else '')}</code>")
            elif isinstance(node, LatexMacroNode) and name.rstrip("*") in _SECTIONS:
                self.flush(run)
                args = [a for a in (getattr(node.nodeargd, "argnlist", None) or ()) if a is not None]
                self.out.new(_SECTIONS[name.rstrip("*")])
                if args:
                    self.walk(getattr(args[-1], "nodelist", None) or [args[-1]])
                self.out.new()
            elif isinstance(node, LatexMacroNode) and name == "item":
                self.flush(run)
                self.out.new()
                self.out.add("• ")
            elif isinstance(node, LatexCommentNode) and node.comment.strip().startswith("derivcheck:"):
                self.flush(run)
                self.out.new("div class=\"directive\"")
                self.out.add(html.escape(node.comment.strip()))
                self.out.new()
            elif name in _LISTS or (isinstance(node, (LatexEnvironmentNode, LatexMacroNode, LatexGroupNode))
                                    and self.formula_in(node) is not None):
                self.flush(run)
                if name in _LISTS:
                    self.out.new()
                self.walk(_node_children(node))
                if name in _LISTS:
                    self.out.new()
            else:
                run.append(node)
        self.flush(run)


def _node_children(node):
    argd = getattr(node, "nodeargd", None)
    for arg in (getattr(argd, "argnlist", None) or ()):
        if arg is not None:
            yield arg
    yield from (getattr(node, "nodelist", None) or ())


def latex_html(text: str, page) -> str:
    """The document environment's prose (pylatexenc's text) with every formula drawn in its place."""
    from pylatexenc.latexwalker import LatexEnvironmentNode, LatexWalker

    text = re.sub(r"\r\n?", "\n", text)  # as documents.latex reads it
    nodes, _, _ = LatexWalker(text, latex_context=latex_context(), tolerant_parsing=True).get_latex_nodes()
    nodes = [n for n in nodes if n is not None]
    document = next((n for n in nodes if isinstance(n, LatexEnvironmentNode) and n.environmentname == "document"),
                    None)
    walk = _LatexWalk(text, page)
    walk.walk(document.nodelist if document is not None else nodes)
    walk.out.new()
    return walk.out.html()
