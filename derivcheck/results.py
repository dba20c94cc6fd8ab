r"""What the Python API returns: plain, frozen results, with rich display in Jupyter.

- ``CheckResult``: one LaTeX statement or one answer of an answer file (``derivcheck.check``); its
  ``to_dict()`` is exactly one entry of ``derivcheck check --json``'s ``results``.
- ``ProofResult``: one SymPy claim (``derivcheck.prove``, an identity module); its ``to_dict()`` is
  one entry of ``derivcheck run --json``'s ``results`` (with its ``proofs``).
- ``FileResult``: a file's results (``derivcheck.check_file``); ``to_dict()`` is one entry of
  ``derivcheck check --json``'s ``files``.

They are built from what the runner and ``answers.model.aggregate`` decided, never re-decided here.
Each has ``passed(strict=False)`` (PROVEN, or CHECKED unless strict), ``explain()`` (the plain text
the pytest plugin prints for a failure) and ``_repr_html_`` / ``_repr_latex_`` / ``_repr_markdown_``
for notebooks: a verdict badge, the statement typeset, the step marks, the counterexample, the scope
and the proof as its steps.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from .answers.feedback import MARKS
from .answers.model import AnswerResult
from .core.claim import Claim
from .core.text import text
from .core.verdict import Result, Verdict
from .report.latex import latex

__all__ = ["ProofText", "Step", "CheckResult", "ProofResult", "FileResult", "COLORS"]

# the terminal theme's colours (cli.THEME), for the HTML badge
COLORS = {Verdict.PROVEN: "#2e7d32", Verdict.CHECKED: "#9a6700", Verdict.REFUTED: "#c62828",
          Verdict.ERROR: "#8e24aa", Verdict.TIMEOUT: "#1565c0"}


def _passes(verdict: Verdict, strict: bool) -> bool:
    return verdict is Verdict.PROVEN or (verdict is Verdict.CHECKED and not strict)


@dataclass(frozen=True)
class ProofText:
    """One proof the prover did, in the words of ``derivcheck show``: its goal, method and lines."""

    goal: str
    method: str
    part: int
    lines: tuple[str, ...]

    @classmethod
    def of(cls, proof) -> "ProofText":
        data = proof.to_json()
        return cls(data["goal"], data["method"], data["part"], tuple(data["lines"]))

    @property
    def heading(self) -> str:
        return f"goal: {self.goal}   [{self.method}]"

    def to_dict(self) -> dict:
        return {"goal": self.goal, "method": self.method, "part": self.part, "lines": list(self.lines)}

    def __str__(self) -> str:
        return "\n".join((self.heading, *self.lines))


def _proofs_text(proofs: tuple[ProofText, ...]) -> str:
    return "\n".join(map(str, proofs))


@dataclass(frozen=True, repr=False)
class Step:
    """Step ``index`` (1-based) of a chain ``A = B \\le C``: the relation as written and its verdict."""

    index: int
    relation: str
    verdict: Verdict
    counterexample: str | None = None
    message: str | None = None
    method: str | None = None
    proofs: tuple[ProofText, ...] = ()

    @property
    def mark(self) -> str:
        """✓ proven, ≈ numerically checked, ✗ refuted, ! error, … timeout (as ``derivcheck check`` prints)."""
        return MARKS[self.verdict]

    @property
    def proof(self) -> str:
        """The proof of this step as text ("" when it is not proven)."""
        return _proofs_text(self.proofs)

    def to_dict(self) -> dict:
        return {"index": self.index, "relation": self.relation, "verdict": self.verdict.value,
                "counterexample": self.counterexample, "message": self.message, "method": self.method}

    def __repr__(self) -> str:
        return f"<Step {self.index} {self.mark} {self.verdict.value}: {self.relation}>"


@dataclass(frozen=True, repr=False)
class CheckResult:
    """The verdict of one LaTeX statement (a chain: every step on its own, the first wrong one named)."""

    id: str
    statement: str
    verdict: Verdict
    scope: str
    generic: bool
    seconds: float
    message: str | None
    counterexample: dict | None
    first_wrong_step: int | None
    steps: tuple[Step, ...] = ()
    path: str | None = field(default=None, compare=False)  # the answer file, when it comes from one

    @classmethod
    def from_answer(cls, result: AnswerResult, *, path: str | None = None, quiet_prefix: str = "") -> "CheckResult":
        """From ``answers.model.aggregate``'s result; the fields are its JSON (``to_json``).

        ``quiet_prefix`` is dropped from the start of messages ("<statement>: claim 'statement': ")."""
        data = result.to_json()
        proofs = {s.index: tuple(ProofText.of(p) for p in (s.result.proofs or ()) if s.result is not None)
                  for s in result.steps if s.result is not None}
        steps = tuple(Step(d["index"], d["relation"], Verdict(d["verdict"]), d["counterexample"],
                           _quiet(d["message"], quiet_prefix), d["method"], proofs.get(d["index"], ()))
                      for d in data["steps"])
        return cls(data["id"], data["statement"], Verdict(data["verdict"]), data["scope"], data["generic"],
                   data["seconds"], _quiet(data["message"], quiet_prefix), data["counterexample"],
                   data["first_wrong_step"], steps, path)

    @property
    def marks(self) -> str:
        return "".join(s.mark for s in self.steps)

    @property
    def proof(self) -> str:
        """Every step's proof as text, step by step ("" when no step is proven)."""
        if len(self.steps) == 1:
            return self.steps[0].proof
        return "\n".join(f"step {s.index}:\n" + _indent(s.proof) for s in self.steps if s.proofs)

    def passed(self, strict: bool = False) -> bool:
        """PROVEN, or CHECKED when not ``strict``."""
        return _passes(self.verdict, strict)

    def to_dict(self) -> dict:
        """The fields of one result of ``derivcheck check --json``."""
        return {"id": self.id, "statement": self.statement, "verdict": self.verdict.value, "scope": self.scope,
                "generic": self.generic, "seconds": self.seconds, "message": self.message,
                "counterexample": dict(self.counterexample) if self.counterexample is not None else None,
                "first_wrong_step": self.first_wrong_step, "steps": [s.to_dict() for s in self.steps]}

    def explain(self) -> str:
        """The verdict in plain text: what failed and where, every step, the counterexample, the scope."""
        lines = [f"{self.id}: {self.verdict.value}" + (f": {self.message}" if self.message else ""),
                 f"statement: {self.statement}"]
        if len(self.steps) > 1:
            lines.append(f"steps: {self.marks}")
            for s in self.steps:
                note = s.counterexample or (s.message if s.verdict is not Verdict.PROVEN else None) or s.method or ""
                lines.append(f"  {s.index} {s.mark} {s.verdict.value:<8} {s.relation}" + (f"   ({note})" if note else ""))
        if self.counterexample:
            lines.append("counterexample: " + _assignment(self.counterexample))
        if self.scope:
            lines.append(f"scope: {self.scope}")
        if self.path:
            lines.append(f"file: {self.path}")
        return "\n".join(lines)

    __str__ = explain

    def __repr__(self) -> str:
        note = self.message or (f"for {self.scope}" if self.scope else "")
        return f"<CheckResult {self.id} {self.verdict.value}{': ' + note if note else ''}>"

    # -- Jupyter -------------------------------------------------------------------------------
    def _repr_html_(self) -> str:
        parts = [_badge(self.verdict), f" <code>{_h(self.id)}</code> ", _statement_html(self.statement, self.verdict)]
        body = [f"<div>{''.join(parts)}</div>"]
        if len(self.steps) > 1 or any(s.verdict is not self.verdict for s in self.steps):
            body.append(_steps_table(self.steps))
        body += _notes_html(self.message if self.verdict is not Verdict.PROVEN else None, self.counterexample, self.scope)
        body.append(_proof_html([(f"step {s.index}" if len(self.steps) > 1 else "", s.proofs) for s in self.steps]))
        return _card(self.verdict, body)

    def _repr_markdown_(self) -> str:
        lines = [f"**{self.verdict.value}** `{_md_code(self.id)}`: {_md_math(self.statement, self.verdict)}", ""]
        if len(self.steps) > 1:
            lines += [f"- step {s.index} {s.mark} **{s.verdict.value}**: {_md_math(s.relation, s.verdict)}"
                      + (f" — `{_md_code(s.counterexample or s.message)}`" if (s.counterexample or s.message) and
                         s.verdict is not Verdict.PROVEN else "") for s in self.steps]
            lines.append("")
        lines += _notes_markdown(self.message if self.verdict is not Verdict.PROVEN else None, self.counterexample, self.scope)
        return "\n".join(lines).rstrip() + "\n"

    def _repr_latex_(self) -> str:
        body = [_tex_words(self.verdict.value, bold=True)]
        if self.steps:
            body.append(self.statement)
        if self.first_wrong_step is not None and len(self.steps) > 1:
            body.append(_tex_words(f"step {self.first_wrong_step} is wrong"))
        if self.counterexample:
            body.append(_tex_words("at ") + _tex_assignment(self.counterexample))
        return _tex_display(body)


@dataclass(frozen=True, repr=False)
class ProofResult:
    """The verdict of one SymPy claim (``derivcheck.prove``, or a claim of an identity module)."""

    id: str
    title: str
    statement: str  # the claim's relations as ``derivcheck show`` prints them
    verdict: Verdict
    generic: bool
    scope: str
    method: str
    seconds: float
    numeric: dict | None
    counterexample: dict | None
    message: str | None
    proofs: tuple[ProofText, ...] = ()
    statement_latex: tuple[str, ...] = field(default=(), compare=False)
    path: str | None = field(default=None, compare=False)  # the identity module, when it comes from one

    @classmethod
    def from_result(cls, claim: Claim, result: Result, *, path: str | None = None) -> "ProofResult":
        """From the runner's ``Result``; the fields are its JSON (``to_json``) and its proofs."""
        data = result.to_json()
        return cls(data["id"], claim.title, "; ".join(text(r) for r in claim.statement), result.verdict,
                   data["generic"], data["scope"], data["method"], data["seconds"], data["numeric"],
                   data["counterexample"], data["message"], tuple(ProofText.of(p) for p in result.proofs or ()),
                   tuple(latex(r) for r in claim.statement), path)

    @property
    def proof(self) -> str:
        """The proof as ``derivcheck show`` prints it ("" when there is none)."""
        return _proofs_text(self.proofs)

    @property
    def marks(self) -> str:
        return MARKS[self.verdict]

    def passed(self, strict: bool = False) -> bool:
        """PROVEN, or CHECKED when not ``strict``."""
        return _passes(self.verdict, strict)

    def to_dict(self) -> dict:
        """The fields of one result of ``derivcheck run --json``."""
        return {"id": self.id, "verdict": self.verdict.value, "generic": self.generic, "scope": self.scope,
                "method": self.method, "seconds": self.seconds,
                "numeric": dict(self.numeric) if self.numeric is not None else None,
                "counterexample": dict(self.counterexample) if self.counterexample is not None else None,
                "message": self.message, "proofs": [p.to_dict() for p in self.proofs]}

    def explain(self) -> str:
        lines = [f"{self.id}: {self.verdict.value}" + (f": {self.message}" if self.message else ""),
                 f"statement: {self.statement}"]
        if self.counterexample:
            lines.append("counterexample: " + _assignment(self.counterexample))
        lines.append(f"scope: {self.scope}")
        if self.numeric and self.passed():
            lines.append(f"numeric: {self.numeric['points']} points, max rel error {self.numeric['max_rel_error']:.1e}")
        if self.proofs:
            lines.append(self.proof)
        if self.path:
            lines.append(f"file: {self.path}")
        return "\n".join(lines)

    __str__ = explain

    def __repr__(self) -> str:
        note = self.message or (f"for {self.scope}" if self.scope else "")
        return f"<ProofResult {self.id} {self.verdict.value}{': ' + note if note else ''}>"

    # -- Jupyter -------------------------------------------------------------------------------
    def _repr_html_(self) -> str:
        math = "".join(f"<div>\\[{_h(t)}\\]</div>" for t in self.statement_latex) or f"<code>{_h(self.statement)}</code>"
        body = [f"<div>{_badge(self.verdict)} <code>{_h(self.id)}</code> {_h(self.title)}</div>", math]
        body += _notes_html(self.message if self.verdict is not Verdict.PROVEN else None, self.counterexample, self.scope)
        if self.numeric and self.passed():
            body.append(f"<div style=\"opacity:0.8\">numbers: {self.numeric['points']} points, max relative error "
                        f"{self.numeric['max_rel_error']:.1e}; method: {_h(self.method)}</div>")
        body.append(_proof_html([("", self.proofs)], open_=True))
        return _card(self.verdict, body)

    def _repr_markdown_(self) -> str:
        math = " ".join(f"${t}$" for t in self.statement_latex) or f"`{_md_code(self.statement)}`"
        lines = [f"**{self.verdict.value}** `{_md_code(self.id)}` {self.title}: {math}", ""]
        lines += _notes_markdown(self.message if self.verdict is not Verdict.PROVEN else None, self.counterexample, self.scope)
        if self.proofs:
            lines += ["", "```", self.proof, "```"]
        return "\n".join(lines).rstrip() + "\n"

    def _repr_latex_(self) -> str:
        body = [_tex_words(self.verdict.value, bold=True), *self.statement_latex]
        if self.counterexample:
            body.append(_tex_words("at ") + _tex_assignment(self.counterexample))
        return _tex_display(body)


@dataclass(frozen=True, repr=False)
class FileResult:
    """A file's results in order (``CheckResult`` per answer, ``ProofResult`` per claim), or why it was not read.

    Iterate over it, or index it by position or id: ``report["q2"]``."""

    path: str
    results: tuple = ()
    error: str | None = None

    def __iter__(self):
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, key):
        if isinstance(key, str):
            for r in self.results:
                if r.id == key:
                    return r
            raise KeyError(f"{self.path} has no claim {key!r} (ids: {', '.join(r.id for r in self.results)})")
        return self.results[key]

    def passed(self, strict: bool = False) -> bool:
        """The file was read and every result passed (PROVEN, or CHECKED unless ``strict``)."""
        return self.error is None and all(r.passed(strict) for r in self.results)

    def summary(self) -> dict[str, int]:
        """How many results of each verdict (a file that could not be read counts as one ERROR)."""
        counts = Counter(r.verdict for r in self.results)
        if self.error:
            counts[Verdict.ERROR] += 1
        return {v.value: counts.get(v, 0) for v in Verdict}

    def to_dict(self) -> dict:
        """The fields of one file of ``derivcheck check --json``."""
        return {"path": self.path, "error": self.error, "results": [r.to_dict() for r in self.results],
                "summary": self.summary()}

    def explain(self) -> str:
        counts = ", ".join(f"{n} {v}" for v, n in self.summary().items() if n)
        lines = [f"{self.path}: {len(self.results)} claims" + (f": {counts}" if counts else "")]
        if self.error:
            lines.append(f"ERROR: {self.error}")
        for r in self.results:
            note = self._note(r)
            lines.append(f"  {r.id}: {' '.join(p for p in (r.verdict.value, r.marks) if p)}" + (f" — {note}" if note else ""))
        return "\n".join(lines)

    def _note(self, r) -> str:
        """What the table says of a result: its message (the file and claim left out: the row names
        them, as ``derivcheck check`` prints it), or where a proven claim holds."""
        if r.message:
            return _quiet(r.message, f"{self.path}: claim {r.id!r}: ")
        return f"for {r.scope}" if r.verdict is Verdict.PROVEN and r.scope else ""

    __str__ = explain

    def __repr__(self) -> str:
        counts = " ".join(f"{n} {v}" for v, n in self.summary().items() if n)
        return f"<FileResult {self.path}: {counts or 'empty'}>"

    def _repr_html_(self) -> str:
        summary = " ".join(f"{_badge(Verdict(v))}&nbsp;{n}" for v, n in self.summary().items() if n)
        body = [f"<div><code>{_h(self.path)}</code> — {len(self.results)} claims {summary}</div>"]
        if self.error:
            body.append(f"<div>{_badge(Verdict.ERROR)} {_h(self.error)}</div>")
        if self.results:
            rows = []
            for r in self.results:
                note = self._note(r)
                statement = (_statement_html(r.statement, r.verdict) if isinstance(r, CheckResult)
                             else " ".join(f"\\({_h(t)}\\)" for t in r.statement_latex))
                rows.append(_row([f"<code>{_h(r.id)}</code>", _badge(r.verdict), _marks_html(r), statement, _h(note)]))
            body.append(_table(["id", "verdict", "steps", "statement", "note"], rows))
        worst = Verdict.ERROR if self.error else next((v for v in (Verdict.REFUTED, Verdict.ERROR, Verdict.TIMEOUT,
                                                                   Verdict.CHECKED) if self.summary()[v.value]),
                                                      Verdict.PROVEN)
        return _card(worst, body)

    def _repr_latex_(self) -> str:
        rows = [_tex_name(self.path) + r" & & \\"] + ([_tex_words("file: ERROR") + r" & & \\"] if self.error else [])
        for r in self.results:
            if isinstance(r, CheckResult):
                statement = r.statement if r.steps else ""
            else:
                statement = ",\\ ".join(r.statement_latex)
            rows.append(rf"{_tex_name(r.id)} & {_tex_words(r.verdict.value, bold=True)} & {statement} \\")
        return r"$$\begin{array}{lll}" + " ".join(rows) + r"\end{array}$$"

    def _repr_markdown_(self) -> str:
        lines = [f"`{_md_code(self.path)}`: {len(self.results)} claims", ""]
        if self.error:
            lines += [f"- **ERROR**: `{_md_code(self.error)}`"]
        for r in self.results:
            note = self._note(r)
            marks = f" {r.marks}" if r.marks else ""
            lines.append(f"- `{_md_code(r.id)}` **{r.verdict.value}**{marks}" + (f" — `{_md_code(note)}`" if note else ""))
        return "\n".join(lines) + "\n"


# --- helpers ---------------------------------------------------------------------------------------

_CELL = 'style="padding:1px 8px;text-align:left;vertical-align:top"'


def _row(cells: list[str], tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag} {_CELL}>{c}</{tag}>" for c in cells) + "</tr>"


def _table(header: list[str], rows: list[str]) -> str:
    return ('<table style="border-collapse:collapse;margin:4px 0">' + _row(header, "th") + "".join(rows) + "</table>")


def _quiet(message: str | None, prefix: str) -> str | None:
    if message and prefix and message.startswith(prefix):
        return message[len(prefix):]
    return message


def _indent(block: str) -> str:
    return "\n".join("  " + line for line in block.splitlines())


def _fmt(value) -> str:
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def _assignment(values: dict) -> str:
    return ", ".join(f"{k} = {_fmt(v)}" for k, v in values.items())


def _h(words) -> str:
    return html.escape(str(words), quote=True)


def _badge(verdict: Verdict) -> str:
    return (f'<span style="background:{COLORS[verdict]};color:#fff;font-weight:bold;padding:1px 6px;'
            f'border-radius:3px;font-family:monospace">{verdict.value}</span>')


def _card(verdict: Verdict, body: list[str]) -> str:
    inner = "".join(b for b in body if b)
    return (f'<div class="derivcheck" style="border-left:4px solid {COLORS[verdict]};padding:4px 10px;'
            f'margin:4px 0">{inner}</div>')


def _statement_html(latex_text: str, verdict: Verdict) -> str:
    """The student's LaTeX typeset by the notebook's MathJax; shown as code when it could not be read."""
    if verdict is Verdict.ERROR:
        return f"<code>{_h(latex_text)}</code>"
    return f"\\({_h(latex_text)}\\)"


def _marks_html(result) -> str:
    steps = getattr(result, "steps", ()) or ()
    if not steps:
        return f'<span style="color:{COLORS[result.verdict]}">{_h(result.marks)}</span>'
    return "".join(f'<span style="color:{COLORS[s.verdict]}" title="step {s.index}: {s.verdict.value}">{_h(s.mark)}</span>'
                   for s in steps)


def _steps_table(steps: tuple[Step, ...]) -> str:
    rows = []
    for s in steps:
        note = s.counterexample or (s.message if s.verdict is not Verdict.PROVEN else "") or ""
        mark = f'<b style="color:{COLORS[s.verdict]}">{_h(s.mark)}</b>'
        rows.append(_row([str(s.index), mark, _statement_html(s.relation, s.verdict), _badge(s.verdict), _h(note)]))
    return _table(["step", "", "relation", "verdict", "note"], rows)


def _notes_html(message: str | None, counterexample: dict | None, scope: str) -> list[str]:
    out = []
    if message:
        out.append(f"<div>{_h(message)}</div>")
    if counterexample:
        out.append(f"<div><b>counterexample</b>: {_h(_assignment(counterexample))}</div>")
    if scope:
        out.append(f'<div style="opacity:0.8">for {_h(scope)}</div>')
    return out


def _proof_html(groups: list[tuple[str, tuple[ProofText, ...]]], open_: bool = False) -> str:
    blocks = [(label, proofs) for label, proofs in groups if proofs]
    if not blocks:
        return ""
    inner = "".join((f"<div><i>{_h(label)}</i></div>" if label else "")
                    + f'<pre style="margin:2px 0 6px 0">{_h(_proofs_text(proofs))}</pre>' for label, proofs in blocks)
    return f"<details{' open' if open_ else ''}><summary>proof</summary>{inner}</details>"


def _md_code(words) -> str:
    return str(words).replace("`", "'")


def _md_math(latex_text: str, verdict: Verdict) -> str:
    if verdict is Verdict.ERROR or "$" in latex_text:
        return f"`{_md_code(latex_text)}`"
    return f"${latex_text}$"


def _notes_markdown(message: str | None, counterexample: dict | None, scope: str) -> list[str]:
    out = []
    if message:
        out.append(f"- `{_md_code(message)}`")
    if counterexample:
        out.append(f"- counterexample: `{_md_code(_assignment(counterexample))}`")
    if scope:
        out.append(f"- for `{_md_code(scope)}`")
    return out


_TEX_PLAIN = re.compile(r"[^A-Za-z0-9 .,;:()=<>+\-/']")


def _tex_words(words: str, bold: bool = False) -> str:
    """Words inside math, for both MathJax and LaTeX: only characters that need no escaping."""
    body = _TEX_PLAIN.sub("?", words)
    return rf"\textbf{{{body}}}" if bold else rf"\text{{{body}}}"


_TEX_NAME_ESCAPES = {"_": r"\_", "#": r"\#", "%": r"\%", "&": r"\&", "$": r"\$", "{": r"\{", "}": r"\}", " ": r"\ "}


def _tex_name(name: str) -> str:
    """An id or a path in typewriter type, inside math (escapes that LaTeX and MathJax both know)."""
    body = "".join(_TEX_NAME_ESCAPES.get(ch, ch if ch.isascii() and ch.isprintable() and ch not in "\\^~" else "?")
                   for ch in name)
    return rf"\mathtt{{{body}}}"


def _tex_assignment(values: dict) -> str:
    parts = []
    for k, v in values.items():
        name = str(k) if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", str(k)) else _tex_words(str(k))
        parts.append(f"{name} = {_tex_words(_fmt(v))}")
    return r",\ ".join(parts)


def _tex_display(lines: list[str]) -> str:
    return r"$$\begin{array}{l}" + r" \\ ".join(lines) + r"\end{array}$$"
