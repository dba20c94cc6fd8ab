"""Documents judged before are found by their bytes (``file_cache.check_documents``): a warm run reads
no document, and its reports equal a fresh run's. Every test uses a cache under ``tmp_path``."""

import json

import pytest

import derivcheck.file_cache as file_cache
from derivcheck.documents import check as documents
from derivcheck.documents.feedback import document_json
from derivcheck.report import grading
from derivcheck.run.cache import ResultCache, using

from test_document_sharing import KINK, QUESTIONS, write_class


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DERIVCHECK_CACHE_DIR", str(tmp_path / "default-cache"))
    monkeypatch.delenv("DERIVCHECK_NO_CACHE", raising=False)


def check(paths, store, on_result=None):
    with using(store):
        return file_cache.check_documents([str(p) for p in paths], timeout=30, jobs=2, seed=0, on_result=on_result)


def stored(path, store):
    return store.get_index(file_cache.file_key(str(path), seed=0, timeout=30, document=True)) is not None


def without_seconds(report):
    return json.loads(json.dumps(document_json(report)), object_hook=lambda d: {k: v for k, v in d.items() if k != "seconds"})


def test_a_warm_run_reads_no_document_and_says_the_same(tmp_path, monkeypatch):
    paths, _ = write_class(tmp_path, students=3, questions=QUESTIONS + [KINK])
    store = ResultCache(tmp_path / "c")
    cold_heard = []
    cold = check(paths, store, cold_heard.append)
    assert all(stored(p, store) for p in paths)
    assert all(e.answer is None for r in cold for e in r.entries)  # a fresh report holds no reading either
    monkeypatch.setattr(documents, "read_entries", lambda p: pytest.fail(f"{p} was read again"))
    with using(store):
        assert file_cache.count_claims([], seed=0, timeout=30, document_paths=paths) == len(cold_heard)
    warm_heard = []
    warm = check(paths, store, warm_heard.append)
    assert warm == cold  # entries, results (their Results renamed to each claim) and errors
    assert [without_seconds(r) for r in warm] == [without_seconds(r) for r in cold]
    # every claim told (the progress bar); |x| = sgn(x) is heard with its final verdict, checked again without 0
    assert sorted(r.id for r in warm_heard) == sorted(r.id for r in cold_heard)
    summary = [(q.id, q.right, q.files) for q in grading.class_summary(grading.submissions_of(documents=warm))]
    assert summary == [(q.id, q.right, q.files) for q in grading.class_summary(grading.submissions_of(documents=cold))]


def test_a_changed_document_or_one_read_under_a_fired_deadline_is_read_again(tmp_path, monkeypatch):
    paths, _ = write_class(tmp_path, students=1, questions=QUESTIONS[:2])
    [path] = paths
    store = ResultCache(tmp_path / "c")
    fired = iter(range(10_000))
    monkeypatch.setattr(documents, "alarms", lambda: next(fired))  # a deadline fires during every read
    check(paths, store)
    assert not stored(path, store)
    monkeypatch.undo()
    monkeypatch.setenv("DERIVCHECK_CACHE_DIR", str(tmp_path / "default-cache"))
    [first] = check(paths, store)
    assert stored(path, store)
    path.write_text(path.read_text().replace("x^2 + 1", "x^2 + 2x + 1"))
    read = []
    real = documents.read_entries
    monkeypatch.setattr(documents, "read_entries", lambda p: read.append(p) or real(p))
    [again] = check(paths, store)
    assert read == [str(path)] and again != first
