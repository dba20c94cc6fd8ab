"""Answer files judged before are found by their bytes: a warm run reads no statement, and says the same.

Every test uses a cache under ``tmp_path``: the user's own cache is never read or written here.
"""

import json

import pytest

import derivcheck
import derivcheck.file_cache as file_cache
import derivcheck.run.runner as runner
from derivcheck.cli import main
from derivcheck.core.verdict import Verdict
from derivcheck.run.cache import ResultCache, using

HW = '''
[[claim]]
id = "q1"
statement = "\\\\frac{d}{dx} x^3 = 3x^2"

[[claim]]
id = "q2"
statement = "(x-1)^2 = x^2 - 1"
'''


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DERIVCHECK_CACHE_DIR", str(tmp_path / "default-cache"))
    monkeypatch.delenv("DERIVCHECK_NO_CACHE", raising=False)


def without_seconds(data):
    if isinstance(data, dict):
        return {k: without_seconds(v) for k, v in data.items() if k != "seconds"}
    if isinstance(data, list):
        return [without_seconds(v) for v in data]
    return data


def class_of(tmp_path, n=3):
    folder = tmp_path / "class"
    folder.mkdir()
    for i in range(n):
        (folder / f"s{i}.toml").write_text(HW)
    return folder


def check(paths, store):
    with using(store):
        return file_cache.check_files([str(p) for p in paths], timeout=30, jobs=2, seed=0)


def stored(path, store):
    return store.get_index(file_cache.file_key(str(path), seed=0, timeout=30)) is not None


def no_reading(path):
    pytest.fail(f"{path} was read again")


def test_a_warm_class_run_reads_no_file_and_says_what_a_fresh_one_says(tmp_path, monkeypatch, capsys):
    folder = class_of(tmp_path)
    args = ["check", str(folder), "--timeout", "30", "--jobs", "2", "--json"]
    assert main([*args, "--no-cache"]) == 1
    fresh = json.loads(capsys.readouterr().out)
    assert main(args) == 1
    cold = json.loads(capsys.readouterr().out)
    monkeypatch.setattr(file_cache, "load_answers", no_reading)
    monkeypatch.setattr(runner, "schedule", lambda count, *a, **k: None if count == 0 else pytest.fail("scheduled"))
    assert main(args) == 1
    warm = json.loads(capsys.readouterr().out)
    assert without_seconds(warm) == without_seconds(cold) == without_seconds(fresh)
    assert warm["summary"]["REFUTED"] == 3 and warm["summary"]["PROVEN"] == 3


def test_an_edited_file_or_a_version_bump_is_read_again(tmp_path, monkeypatch):
    [path] = class_of(tmp_path, 1).iterdir()
    store = ResultCache(tmp_path / "c")
    check([path], store)
    path.write_text(HW.replace("x^2 - 1", "x^2 - 2x + 1"))
    [report] = check([path], store)
    assert [r.verdict for r in report.results] == [Verdict.PROVEN, Verdict.PROVEN]
    monkeypatch.setattr(derivcheck, "__version__", "99.0.0")
    read = []
    real = file_cache.load_answers
    monkeypatch.setattr(file_cache, "load_answers", lambda p: read.append(p) or real(p))
    check([path], store)
    assert read == [str(path)]


def test_a_file_with_a_result_that_is_not_final_is_not_stored(tmp_path, monkeypatch):
    [path] = class_of(tmp_path, 1).iterdir()
    store = ResultCache(tmp_path / "c")
    real = runner.run_claims
    monkeypatch.setattr(file_cache, "run_claims", lambda claims, **kw: real(claims, **{**kw, "cache": False}))
    check([path], store)  # decided, but nothing stored: as if every step had timed out
    assert not stored(path, store)
    monkeypatch.setattr(file_cache, "run_claims", real)
    read = []
    monkeypatch.setattr(file_cache, "load_answers", lambda p: read.append(p) or derivcheck.answers.load.load_answers(p))
    check([path], store)
    check([path], store)
    assert read == [str(path)]  # read once more (its steps now final), then found


def test_a_file_read_under_a_fired_deadline_or_with_an_error_is_not_stored(tmp_path, monkeypatch):
    folder = class_of(tmp_path, 1)
    [path] = folder.iterdir()
    bad = folder / "bad.toml"
    bad.write_text(HW.replace("3x^2", "3x^{2"))  # an unbalanced brace: a step that cannot be read
    store = ResultCache(tmp_path / "c")
    fired = iter(range(100))
    monkeypatch.setattr(file_cache, "alarms", lambda: next(fired))  # a deadline fires during every read
    check([path, bad], store)
    assert not stored(path, store) and not stored(bad, store)
    monkeypatch.undo()
    monkeypatch.setenv("DERIVCHECK_CACHE_DIR", str(tmp_path / "default-cache"))
    reports = check([path, bad], store)
    assert reports[1].results[0].verdict is Verdict.ERROR
    assert stored(path, store) and not stored(bad, store)
    read = []
    real = file_cache.load_answers
    monkeypatch.setattr(file_cache, "load_answers", lambda p: read.append(p) or real(p))
    check([path, bad], store)
    assert read == [str(bad)]  # the clean file was stored by the second run; the bad one never is


def test_a_stored_file_counts_and_tells_every_claim_without_being_read(tmp_path, monkeypatch):
    paths = sorted(class_of(tmp_path, 2).iterdir())
    store = ResultCache(tmp_path / "c")
    cold = []
    with using(store):
        assert file_cache.count_claims(paths, seed=0, timeout=30) == 4
        file_cache.check_files(paths, timeout=30, jobs=2, seed=0, on_result=cold.append)
        monkeypatch.setattr(file_cache, "load_answers", no_reading)
        assert file_cache.count_claims(paths, seed=0, timeout=30) == 4
        warm = []
        file_cache.check_files(paths, timeout=30, jobs=2, seed=0, on_result=warm.append)
    assert sorted((r.id, r.verdict) for r in warm) == sorted((r.id, r.verdict) for r in cold) and len(warm) == 4
