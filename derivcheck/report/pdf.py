"""Compile a .tex file to PDF with whatever LaTeX engine is installed, and say so when none is.

``latexmk -pdf`` is preferred (it reruns pdflatex until references settle); plain ``pdflatex``
run twice is the fallback. Compiles run non-interactively with a time limit, so a broken document
stops with its log's error lines instead of waiting for input. Nothing fails silently: no engine
raises ``LatexEngineMissing`` with the install command, a failed compile raises
``LatexCompileError`` with the ``!`` lines of the log.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..core.errors import LatexCompileError, LatexEngineMissing

__all__ = ["find_engine", "compile_pdf", "log_errors", "INSTALL_HINT"]

INSTALL_HINT = ("install a LaTeX engine, e.g. on Debian/Ubuntu: "
                "apt-get install texlive-latex-base texlive-latex-recommended latexmk")
COMPILE_TIMEOUT = 300.0  # seconds for the whole compile (the catalog takes a few seconds)


def find_engine() -> list[str] | None:
    """The command that builds a PDF here (latexmk, else pdflatex), or None."""
    if shutil.which("latexmk") and shutil.which("pdflatex"):
        return ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error"]
    if shutil.which("pdflatex"):
        return ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error"]
    return None


def log_errors(log: str, context: int = 2) -> list[str]:
    """The error lines of a TeX log (``! ...`` or ``file:line: ...``) with a little context."""
    lines = log.splitlines()
    out: list[str] = []
    for i, line in enumerate(lines):
        if line.startswith("!") or (": " in line and line.split(":")[1:2] and line.split(":")[1].isdigit()):
            chunk = lines[i:i + 1 + context]
            out.extend(c for c in chunk if c not in out[-len(chunk):])
    return out


def compile_pdf(tex: str | Path, *, timeout: float = COMPILE_TIMEOUT) -> Path:
    """Build ``tex`` into a PDF next to it; return the PDF's path."""
    tex = Path(tex).resolve()
    engine = find_engine()
    if engine is None:
        raise LatexEngineMissing(f"cannot build {tex.with_suffix('.pdf').name}: no latexmk or pdflatex found; {INSTALL_HINT}")
    runs = 1 if engine[0] == "latexmk" else 2  # pdflatex twice, for the section references
    for _ in range(runs):
        try:
            done = subprocess.run([*engine, tex.name], cwd=tex.parent, capture_output=True, text=True,
                                  timeout=timeout, stdin=subprocess.DEVNULL, errors="replace")
        except subprocess.TimeoutExpired as exc:
            raise LatexCompileError(f"{tex.name}: {engine[0]} did not finish within {timeout:g} s") from exc
        if done.returncode != 0:
            break
    log_path = tex.with_suffix(".log")
    log = log_path.read_text(errors="replace") if log_path.exists() else done.stdout
    pdf = tex.with_suffix(".pdf")
    errors = log_errors(log)
    if done.returncode != 0 or not pdf.exists():
        shown = "\n".join(errors[:30]) or (done.stdout + done.stderr)[-2000:]
        raise LatexCompileError(f"{tex.name}: {engine[0]} failed (exit {done.returncode}); see {log_path.name}:\n{shown}")
    return pdf
