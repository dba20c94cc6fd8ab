"""Answer files and documents judged before, found by their bytes: a warm class run reads no statement again.

Reading (parsing the LaTeX, building the claims) is most of a warm run once every step is in the
cache (``run.cache``): 200 files × 30 answers are 6000 statements to parse for 36 distinct steps.
An answer file's report is stored under the digest of its path, its bytes, all of derivcheck's
source and libraries (``reader_environment``), the seed and the time limit, with each step's result
replaced by its claim's key: a warm run loads the report and takes the results from the cache as
``run_claims`` would. A file is stored only when reading it was complete and deterministic (no
error of the file, an answer or a step; no reading deadline fired) and every one of its claims has
a final result stored; otherwise, and for any entry that no longer loads, the file is read afresh.

A document (.md, .tex, .ipynb) is stored the same way (``check_documents``), under a key that also
holds the versions of its readers (markdown-it-py, pylatexenc, nbformat, lark), its report with
each claim's reading left out (``Entry.answer``: SymPy objects, which nothing after the check reads;
a fresh report leaves it out too, so a stored report equals a fresh one). It is stored when no
reading deadline fired while it was read (its "not read" formulas are what any run reads) and every
claim's result is final.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import pickle
from dataclasses import dataclass, replace

from .answers.feedback import FileReport, file_reports
from .answers.load import MAX_FILE_BYTES, load_answers
from .answers.model import AnswerFile
from .answers.reading import claim_keys, shared_reading
from .core.deadline import alarms
from .documents import check as documents
from .documents.read import MAX_BYTES as MAX_DOCUMENT_BYTES
from .core.verdict import Result
from .run.cache import SCHEMA, ResultCache, reader_environment, renamed, resolve
from .run.runner import run_claims

__all__ = ["check_files", "check_documents", "count_claims", "file_key"]


@dataclass(frozen=True)
class Ref:
    """A step result as stored in a file's report: the key of its claim's result, and the claim's id."""

    key: str
    id: str


def file_key(path: str, *, seed: int, timeout: float, document: bool = False) -> str | None:
    """The key of the report of the answer file (or ``document``) at ``path``; None when it cannot be read."""
    limit = MAX_DOCUMENT_BYTES if document else MAX_FILE_BYTES
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError:
        return None
    if len(raw) > limit:
        return None
    kind = f"document {_document_readers()}" if document else "file"
    head = (f"derivcheck-{kind} {SCHEMA}\n{reader_environment()}\nseed={int(seed)}\ntimeout={float(timeout)!r}\n"
            f"path={path}\n")
    return "file:" + hashlib.sha256(head.encode() + raw).hexdigest()


@functools.lru_cache(maxsize=1)
def _document_readers() -> str:
    """The versions of the libraries a document is read with (``reader_environment`` has SymPy's)."""
    from importlib.metadata import version

    def of(name: str) -> str:
        try:
            return version(name)
        except Exception:
            return "-"

    return " ".join(f"{n}={of(n)}" for n in ("markdown-it-py", "mdit-py-plugins", "pylatexenc", "nbformat", "lark"))


def check_files(paths, *, timeout: float, jobs: int, seed: int, on_result=None) -> list[FileReport]:
    """``answers.feedback.check_files``, taking the reports of unchanged files from the cache."""
    paths = [str(p) for p in paths]
    store = resolve(None)
    keys = {p: file_key(p, seed=seed, timeout=timeout) for p in paths} if store else {}
    reports = _load(store, [keys.get(p) for p in paths], on_result) if store else {}
    todo = [i for i in range(len(paths)) if i not in reports]
    files: list[AnswerFile] = []
    clean: list[bool] = []
    with shared_reading():  # each distinct claim read once, however many files write it
        for i in todo:
            before = alarms()
            files.append(load_answers(paths[i]))
            clean.append(alarms() == before)
    claims = [c for f in files for a in f.answers for s in a.steps for c in s.claims]
    keys_of_claims = claim_keys(claims, seed=seed, timeout=timeout)
    results = run_claims(claims, timeout=timeout, jobs=jobs, seed=seed, on_result=on_result,
                         keys=keys_of_claims)
    by_claim = dict(zip(map(id, claims), keys_of_claims))
    for i, f, read_cleanly, report in zip(todo, files, clean, file_reports(files, results)):
        reports[i] = report
        if store and keys.get(paths[i]) and read_cleanly:
            _store(store, keys[paths[i]], f, reports[i], by_claim)
    return [reports[i] for i in range(len(paths))]


def _store(store: ResultCache, key: str, f: AnswerFile, report: FileReport, by_claim: dict[int, str | None]) -> None:
    """Store ``report`` under ``key`` if reading ``f`` gave no error and every claim's result is final
    (``by_claim``: each claim's key, by ``id`` of the claim)."""
    if f.error or any(a.error or any(s.error for s in a.steps) for a in f.answers):
        return
    _put(store, key, report, [(c.id, by_claim.get(id(c))) for a in f.answers for s in a.steps for c in s.claims])


def _put(store: ResultCache, key: str, report, claims: list[tuple[str, str | None]]) -> None:
    """Store ``report`` (a ``FileReport`` or ``DocumentReport``) under ``key``, each step result as a
    ``Ref`` to its claim's result, if every claim (id, key) has a final result stored."""
    by_result: dict[str, str] = {}  # claim id -> its claim's key
    for claim_id, claim in claims:
        if claim is None or by_result.setdefault(claim_id, claim) != claim:
            return  # no key, or two claims of one id: not a report this module can store
    if len(set(by_result.values()) - store.stored_keys(by_result.values())):
        return  # some result is not final (a TIMEOUT, a resource limit): read the file again next time
    answers = []
    for answer in report.results:
        if answer is None:  # a document's formula that is not a claim
            answers.append(None)
            continue
        steps = []
        for step in answer.steps:
            result = step.result
            if isinstance(result, Result):
                if result.id not in by_result:
                    return  # a result no claim of the file gave: not one this module knows how to store
                result = Ref(by_result[result.id], result.id)
            steps.append(replace(step, result=result))
        answers.append(replace(answer, steps=tuple(steps)))
    try:
        refs = tuple(Ref(k, claim_id) for claim_id, k in by_result.items())
        blob = pickle.dumps((SCHEMA, replace(report, results=tuple(answers)), refs), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return
    store.put_index(key, base64.b64encode(blob).decode("ascii"))


def check_documents(paths, *, timeout: float, jobs: int, seed: int, on_result=None) -> list[documents.DocumentReport]:
    """``documents.check.check_documents``, taking the reports of unchanged documents from the cache;
    every report, stored or fresh, without its claims' readings (``Entry.answer``)."""
    paths = [str(p) for p in paths]
    store = resolve(None)
    keys = {p: file_key(p, seed=seed, timeout=timeout, document=True) for p in paths} if store else {}
    reports = _load(store, [keys.get(p) for p in paths], on_result, documents.DocumentReport) if store else {}
    todo = [i for i in range(len(paths)) if i not in reports]
    fresh = documents.check_documents([paths[i] for i in todo], timeout=timeout, jobs=jobs, seed=seed,
                                      on_result=on_result) if todo else []
    for i, report in zip(todo, fresh):
        answers = [e.answer for e in report.entries if e.answer is not None]
        report = replace(report, entries=tuple(replace(e, answer=None) for e in report.entries))
        if store and keys.get(paths[i]) and report.clean and report.error is None:
            claims = [c for a in answers for s in a.steps for c in s.claims]
            _put(store, keys[paths[i]], report, list(zip((c.id for c in claims),
                                                          claim_keys(claims, seed=seed, timeout=timeout))))
        reports[i] = report
    return [reports[i] for i in range(len(paths))]


def count_claims(paths, *, seed: int, timeout: float, document_paths=()) -> int:
    """How many claims checking ``paths`` (answer files) and ``document_paths`` reports (the progress
    bar's total): a stored file's count is in its entry, so a warm run reads no file for it either."""
    store = resolve(None)
    paths = [str(p) for p in paths]
    document_paths = [str(p) for p in document_paths]
    entries = _entries(store, [file_key(p, seed=seed, timeout=timeout) for p in paths]) if store else {}
    stored = _entries(store, [file_key(p, seed=seed, timeout=timeout, document=True) for p in document_paths],
                      documents.DocumentReport) if store else {}
    total = sum(len(claims) for _, claims in (*entries.values(), *stored.values()))
    with shared_reading():  # a class repeats its steps: each distinct one read once
        for i, path in enumerate(paths):
            if i not in entries:
                total += sum(len(s.claims) for a in load_answers(path).answers for s in a.steps)
        for i, path in enumerate(document_paths):
            if i not in stored:
                total += sum(len(s.claims) for e in documents.read_entries(path).entries if e.answer for s in e.answer.steps)
    return total


def _entries(store: ResultCache, keys: list[str | None], kind=FileReport) -> dict[int, tuple]:
    """The stored entries (by position in ``keys``): the report (a ``kind``) with its step results as
    ``Ref``s, and every claim of the file, in order, as a ``Ref``."""
    entries = {}
    for i, key in enumerate(keys):
        text = store.get_index(key) if key else None
        if text is None:
            continue
        try:
            value = pickle.loads(base64.b64decode(text))
        except Exception:
            continue
        if (isinstance(value, tuple) and len(value) == 3 and value[0] == SCHEMA and isinstance(value[1], kind)
                and isinstance(value[2], tuple) and all(isinstance(r, Ref) for r in value[2])):
            entries[i] = value[1], value[2]
    return entries


def _load(store: ResultCache, keys: list[str | None], on_result, kind=FileReport) -> dict:
    """The stored reports (by position in ``keys``) with their step results from the cache, in one
    query; a file whose entry or any of whose results is missing or no longer loads is left out.
    ``on_result`` hears every claim of a file found, as ``run_claims`` would tell it."""
    entries = _entries(store, keys, kind)
    found = store.get_many(ref.key for _, claims in entries.values() for ref in claims)
    reports = {}
    for i, (report, claims) in entries.items():
        steps = [s.result for a in report.results if a is not None for s in a.steps if isinstance(s.result, Ref)]
        if any(ref.key not in found for ref in (*claims, *steps)):
            continue
        answers = tuple(a and replace(a, steps=tuple(replace(s, result=renamed(found[s.result.key], s.result.id))
                                                     if isinstance(s.result, Ref) else s for s in a.steps))
                        for a in report.results)
        reports[i] = replace(report, results=answers)
        if on_result:
            for ref in claims:
                on_result(renamed(found[ref.key], ref.id))
    return reports
