"""``read_document``: a file's formulas by its suffix, and a message instead of an exception for bad input.

A checker runs over a whole folder of submissions: one unreadable file must say why, and what to do,
without stopping the others.
"""

from __future__ import annotations

import os
from pathlib import Path

from .formulas import DOCUMENT_SUFFIXES, Document

MAX_BYTES = 8 * 1024 * 1024
KINDS = {".md": "markdown", ".markdown": "markdown", ".tex": "latex", ".ipynb": "notebook"}


def _decode(data: bytes, path: str) -> tuple[str | None, str | None]:
    """The UTF-8 text (a leading byte-order mark dropped), or where it stops being UTF-8."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), None
    except UnicodeDecodeError as exc:
        before = data[:exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
        return None, (f"{path}: line {line}, column {column}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                      "save the file with the UTF-8 encoding")


def read_document(path: str | os.PathLike) -> Document:
    """The document's formulas and directives in reading order; never raises for bad content."""
    name = str(path)
    suffix = Path(name).suffix.lower()
    kind = KINDS.get(suffix)
    if kind is None:
        return Document(name, "unknown", (), f"{name}: derivcheck reads {', '.join(DOCUMENT_SUFFIXES)} documents, "
                        f"not {suffix or 'files without a suffix'}; export it as Markdown, LaTeX or a notebook")
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            return Document(name, kind, (), f"{name}: {size} bytes, over the 8 MiB a document may have; "
                            "check the part with the derivations as a file of its own")
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return Document(name, kind, (), f"{name}: cannot be read ({exc.strerror or exc}); check the path")
    if len(data) > MAX_BYTES:  # it grew while being read
        return Document(name, kind, (), f"{name}: over the 8 MiB a document may have; "
                        "check the part with the derivations as a file of its own")
    text, error = _decode(data, name)
    if text is None:
        return Document(name, kind, (), error)
    # each reader is imported when needed: nbformat alone takes about 0.2 s to import
    if kind == "markdown":
        from .markdown import markdown_items
        return Document(name, kind, tuple(markdown_items(text)))
    if kind == "latex":
        from .latex import read_latex
        items, problem = read_latex(text)
        return Document(name, kind, tuple(items), problem and f"{name}: {problem}; "
                        "the formulas were read with LaTeX error recovery: fix the LaTeX, then check again")
    from .notebook import read_notebook
    try:
        items, problem = read_notebook(text)
    except ValueError as exc:
        return Document(name, kind, (), f"{name}: {exc}")
    return Document(name, kind, tuple(items), problem and f"{name}: {problem}")
