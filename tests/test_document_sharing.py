r"""A class's documents: each distinct step (its text and the context in force) read once and decided
once per run, each copy told at its own file, line and column, with the verdicts of a run that reads
and decides every copy."""

import json

from derivcheck.answers import reading, scalar
from derivcheck.documents.check import check_documents, read_entries
from derivcheck.documents.feedback import document_json
from derivcheck.run.cache import claim_text

# (the step's lines as versions, the context line before it or ""); students alternate versions
QUESTIONS = [
    ([r"$$\frac{d}{dx} x^2 = 2x$$", r"$$\frac{d}{dx} x^{2} = 2 \cdot x$$"], ""),
    (["$$\n\\begin{aligned}\n(x+1)^2 &= x^2 + 2x + 1 \\\\\n&= x^2 + 1\n\\end{aligned}\n$$"], ""),
    ([r"$$\frac{d}{dx}\ln(x) = \frac{1}{x}$$", r"$$\frac{d}{dx}\ln(x) = \ln(x)$$"], "For $x > 0$,"),
    ([r"$$\frac{d}{dx} f(x) = 2x$$"], "Let $f(x) = x^2 + 1$.|Let $f(x) = x^2 + x$."),  # two definitions in force
    ([r"$$\frac{d}{dx} \foo(x) = 1$$"], ""),  # not read: the error is each file's own
    ([r"$$\nabla_{\mathbf{w}} \mathbf{a}^\top \mathbf{w} = \mathbf{a}$$"],
     r"With $\mathbf{w} \in \mathbb{R}^n$ and $\mathbf{a} \in \mathbb{R}^n$:"),  # vector: sizes drawn from the id
]
KINK = ([r"$$\frac{d}{dx}|x| = \operatorname{sgn}(x)$$"], "")  # refuted only at 0: checked again without it


def write_class(folder, students=5, questions=QUESTIONS):
    """The class, each student's steps at different lines; the distinct (step, context) pairs read."""
    used = set()
    paths = []
    for s in range(students):
        lines = [f"# Homework of student {s}", ""] + ["Some words first.", ""] * (s % 3)
        for q, (versions, context) in enumerate(questions):
            step = versions[(s + q) % len(versions)]
            contexts = context.split("|")
            context = contexts[s % len(contexts)]
            used.add((step, context))
            lines += [f"## Question {q + 1}", ""] + (["Then:", ""] if s % 2 else []) + ([context, ""] if context else [])
            lines += [step, ""]
        path = folder / f"student{s}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths, used


def shape(doc):
    """Everything a document's reading holds, the claims by their content as checked."""
    return (doc.path, doc.error, [(e.kind, e.text, e.line, e.column, e.message, e.notes, e.table,
                                   e.answer and (e.answer.id, e.answer.statement, e.answer.error, e.answer.scope,
                                                 [(s.index, s.relation, s.error, s.refuted,
                                                   [(c.id, c.title, str(c.source), claim_text(c)) for c in s.claims])
                                                  for s in e.answer.steps]))
                                  for e in doc.entries])


def counting(monkeypatch):
    """The statements the scalar reader parses (the context's trial "0 = 0" left out)."""
    calls = []
    parse = scalar.parse_statement
    monkeypatch.setattr(scalar, "parse_statement",
                        lambda text, **kw: (text != "0 = 0" and calls.append(text)) or parse(text, **kw))
    return calls


def test_each_distinct_step_is_read_once_and_the_copies_are_at_their_own_lines(tmp_path, monkeypatch):
    paths, used = write_class(tmp_path)
    alone = [read_entries(p) for p in paths]  # no shared reading: every copy read
    calls = counting(monkeypatch)
    with reading.shared_reading():
        shared = [read_entries(p) for p in paths]
    scalar_steps = {(step, context) for step, context in used if "mathbf" not in step}
    assert len(calls) == len(scalar_steps)  # the chain, the one that does not parse, f under each definition: once
    assert [shape(d) for d in shared] == [shape(d) for d in alone]
    lines = {e.line for d in shared for e in d.entries if e.text.startswith(r"\frac{d}{dx} f(x)")}
    assert len(lines) > 1  # the same step at different lines in different files
    for path, doc in zip(paths, shared):
        claims = [c for e in doc.entries if e.answer for s in e.answer.steps for c in s.claims]
        assert claims and all(str(source).startswith(f"{path}: line ") for source in (c.source for c in claims))
        unread = [e.message for e in doc.entries if e.kind == "not read"]
        assert unread and all(m.startswith(f"{path}: line ") for m in unread)
        for e in doc.entries:
            if e.answer:
                assert e.answer.id == f"line {e.line}"
                assert all(c.id.startswith(f"line {e.line}") for s in e.answer.steps for c in s.claims)


def test_check_documents_reads_each_distinct_step_once(tmp_path, monkeypatch):
    paths, used = write_class(tmp_path, students=4, questions=QUESTIONS[:5])
    calls = counting(monkeypatch)
    reports = check_documents(paths, timeout=30, jobs=1, seed=1)
    assert len(calls) == len(used)
    assert [r.path for r in reports] == [str(p) for p in paths]


def test_the_verdicts_are_those_of_a_run_that_reads_and_decides_every_copy(tmp_path):
    paths, _ = write_class(tmp_path, students=4, questions=QUESTIONS + [KINK])
    shared = check_documents(paths, timeout=30, jobs=2, seed=1)
    alone = check_documents(paths, timeout=30, jobs=2, seed=1, share=False)

    def verdicts(report):
        return json.loads(json.dumps(document_json(report)), object_hook=lambda d: {k: v for k, v in d.items()
                                                                                     if k != "seconds"})

    assert [verdicts(r) for r in shared] == [verdicts(r) for r in alone]
    found = {r.verdict.value for rep in shared for r in rep.results if r is not None}
    assert found >= {"PROVEN", "REFUTED"}
    by_line = [{e.text: r.verdict.value for e, r in zip(rep.entries, rep.results) if r is not None} for rep in shared]
    assert {v[r"\frac{d}{dx} f(x) = 2x"] for v in by_line} == {"PROVEN", "REFUTED"}  # the definition in force decides
    assert all(v[r"\frac{d}{dx}|x| = \operatorname{sgn}(x)"] == "PROVEN" for v in by_line)
