"""The persistent cache of decided claims: its key, its store, and a cached verdict equal to a fresh one.

Every test uses a cache under ``tmp_path``: the user's own cache is never read or written here.
"""

import json
import multiprocessing as mp
import pickle
import sqlite3
import time

import pytest
from sympy import Eq, Ne, Symbol, tanh

import derivcheck
import derivcheck.run.runner as runner
from conftest import make_claim, x
from derivcheck.cli import main
from derivcheck.core.claim import REALS, Claim, interval
from derivcheck.core.functions import sigmoid
from derivcheck.core.verdict import Verdict
from derivcheck.run.cache import DB_NAME, ENGINE, ResultCache, StoredProofs, cache_dir, claim_key, command_line_cache, resolve, using
from derivcheck.run.runner import run_claims

TANH = Eq(tanh(x), 2 * sigmoid(2 * x) - 1)


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Whatever a test does, the default cache directory is its own (never ~/.cache)."""
    monkeypatch.setenv("DERIVCHECK_CACHE_DIR", str(tmp_path / "default-cache"))
    monkeypatch.delenv("DERIVCHECK_NO_CACHE", raising=False)


def key(claim, seed=0, timeout=30.0):
    return claim_key(claim, seed=seed, timeout=timeout)


def same(result):
    """Everything a report shows, but the seconds it took."""
    return ({**result.to_json(), "seconds": None}, result.evidence, [p.to_json() for p in result.proofs or ()])


def offset_check(rng):  # an extra numeric check of the claim's own: part of the key
    return 5, None


# -- the key -----------------------------------------------------------------------------------

def test_two_claims_differing_only_by_id_title_and_source_share_a_key():
    a = make_claim(TANH, id="alice_q1")
    b = Claim(id="bob_q1", title="another title", source="bob.md, line 3", topic="answers", notes="typed by Bob",
              statement=(TANH,), variables={x: REALS})
    assert key(a) is not None and key(a) == key(b)


def test_what_decides_the_verdict_changes_the_key():
    base = key(make_claim(TANH))
    y = Symbol("y", real=True)
    changed = [
        key(make_claim(TANH, variables={x: interval(0, 1)})),  # a domain
        key(make_claim(TANH, conditions=[Ne(x, 0)])),  # an assumption
        key(make_claim(Eq(tanh(y), 2 * sigmoid(2 * y) - 1), variables={y: REALS})),  # the statement
        key(make_claim(Eq(tanh(x), 2 * sigmoid(2 * x) - 1), variables={x: interval(0, 1, lo_open=False)})),
        key(make_claim(TANH, extra_check=offset_check)),  # a numeric check of its own
        key(make_claim(TANH), seed=1),  # the seed
        key(make_claim(TANH), timeout=60.0),  # the budget
    ]
    assert None not in changed
    assert len({base, *changed}) == len(changed) + 1


def test_a_symbols_assumptions_are_part_of_the_key():
    positive = Symbol("x", positive=True)
    assert key(make_claim(Eq(tanh(positive), 2 * sigmoid(2 * positive) - 1), variables={positive: REALS})) != \
        key(make_claim(TANH))


def test_the_values_a_check_closes_over_are_part_of_the_key():
    def check_with(points):
        return lambda rng: (points, None)

    assert key(make_claim(TANH, extra_check=check_with(5))) == key(make_claim(TANH, extra_check=check_with(5)))
    assert key(make_claim(TANH, extra_check=check_with(5))) != key(make_claim(TANH, extra_check=check_with(6)))


def test_a_check_closing_over_an_opaque_object_is_not_cached(tmp_path):
    opaque = object()
    claim = make_claim(TANH, extra_check=lambda rng: (1 if opaque else 0, None))
    assert key(claim) is None
    store = ResultCache(tmp_path / "c")
    [result] = run_claims([claim], timeout=30, jobs=1, seed=0, cache=store)
    assert result.verdict is Verdict.PROVEN and store.stored == 0


def test_the_source_digest_covers_everything_the_verdict_engine_imports():
    from test_architecture import graph, layer_of

    _, edges = graph()
    outside = sorted(f"{m} imports {t}" for m, e in edges.items() if layer_of(m) in ENGINE
                     for t, _, _ in e if layer_of(t) not in ENGINE)
    assert outside == []


def test_a_version_bump_invalidates_every_entry(tmp_path, monkeypatch):
    claim = make_claim(TANH)
    store = ResultCache(tmp_path / "c")
    run_claims([claim], timeout=30, jobs=1, seed=0, cache=store)
    assert store.get_many([key(claim)])
    before = derivcheck.__version__
    monkeypatch.setattr(derivcheck, "__version__", "99.0.0")
    assert store.get_many([key(claim)]) == {}
    run_claims([claim], timeout=30, jobs=1, seed=0, cache=store)
    assert store.hits == 1 and store.stored == 2
    assert store.info()["versions"] == {before: 1, "99.0.0": 1}


# -- a cached verdict is the fresh one ---------------------------------------------------------

def test_a_cached_verdict_equals_a_fresh_one(tmp_path, monkeypatch):
    claims = [make_claim(TANH, id="proven"),
              make_claim(Eq(sigmoid(-x), sigmoid(x)), id="refuted"),
              make_claim(TANH, variables={x: interval(0, 1)}, conditions=[x > 2], id="unsatisfiable"),
              make_claim(TANH, extra_check=offset_check, id="extra")]
    fresh = run_claims(claims, timeout=30, jobs=2, seed=0)  # no cache at all
    store = ResultCache(tmp_path / "c")
    cold = run_claims(claims, timeout=30, jobs=2, seed=0, cache=store)
    assert store.stored == len(claims)
    assert [r.verdict for r in fresh] == [Verdict.PROVEN, Verdict.REFUTED, Verdict.ERROR, Verdict.PROVEN]

    def no_workers(count, *args, **kwargs):
        assert count == 0, "a cached claim was scheduled again"

    monkeypatch.setattr(runner, "schedule", no_workers)
    seen = []
    warm = run_claims(claims, timeout=30, jobs=2, seed=0, cache=ResultCache(tmp_path / "c"), on_result=seen.append)
    assert [same(r) for r in warm] == [same(r) for r in cold] == [same(r) for r in fresh]
    assert warm == cold  # every field, the seconds it took included
    assert [r.id for r in seen] == [c.id for c in claims]


def test_the_proofs_of_a_cached_result_are_read_when_first_used(tmp_path):
    store = ResultCache(tmp_path / "c")
    [cold] = run_claims([make_claim(TANH)], timeout=30, jobs=1, seed=0, cache=store)
    [warm] = run_claims([make_claim(TANH)], timeout=30, jobs=1, seed=0, cache=store)
    assert isinstance(warm.proofs, StoredProofs) and warm.proofs._blob is not None  # not read yet
    assert warm.verdict is Verdict.PROVEN and warm.method == cold.method
    assert warm.proofs == cold.proofs and cold.proofs == warm.proofs and hash(warm) == hash(cold)
    assert [p.to_json() for p in warm.proofs] == [p.to_json() for p in cold.proofs]
    again = pickle.loads(pickle.dumps(warm))  # sent on (a worker, pytest-xdist): a plain tuple
    assert type(again.proofs) is tuple and again == cold


def test_a_claim_found_under_another_id_is_told_with_its_own(tmp_path):
    store = ResultCache(tmp_path / "c")
    unsatisfiable = dict(variables={x: interval(0, 1)}, conditions=[x > 2])
    [first] = run_claims([make_claim(TANH, id="alice_q1", **unsatisfiable)], timeout=30, jobs=1, seed=0, cache=store)
    [second] = run_claims([make_claim(TANH, id="bob_q1", **unsatisfiable)], timeout=30, jobs=1, seed=0, cache=store)
    assert store.hits == 1
    assert first.message.startswith("claim 'alice_q1':")
    assert second.id == "bob_q1" and second.message == first.message.replace("alice_q1", "bob_q1")


def test_checked_without_a_proof_is_cached_but_not_when_the_budget_ran_out(tmp_path, monkeypatch):
    store = ResultCache(tmp_path / "c")
    monkeypatch.setattr(runner, "prove", lambda claim, budget, strategies=None: None)
    [out_of_ideas] = run_claims([make_claim(TANH)], timeout=30, jobs=1, seed=0, cache=store)
    assert out_of_ideas.verdict is Verdict.CHECKED and store.stored == 1

    def slow(claim, budget, strategies=None):
        time.sleep(budget)
        return None

    monkeypatch.setattr(runner, "prove", slow)
    [out_of_time] = run_claims([make_claim(TANH, conditions=[Ne(x, 0)])], timeout=1, jobs=1, seed=0, cache=store)
    assert out_of_time.verdict is Verdict.CHECKED and store.stored == 1


def test_a_timeout_is_not_cached(tmp_path):
    def never(rng):
        time.sleep(3600)

    store = ResultCache(tmp_path / "c")
    [result] = run_claims([make_claim(TANH, id="stuck", extra_check=never)], timeout=2, jobs=1, seed=0, cache=store)
    assert result.verdict is Verdict.TIMEOUT
    assert store.stored == 0 and store.info()["entries"] == 0


def test_an_error_from_the_memory_limit_is_not_cached(tmp_path):
    import numpy as np

    def hog(rng):
        return len(np.ones(2**31)), None  # 16 GiB

    store = ResultCache(tmp_path / "c")
    [result] = run_claims([make_claim(TANH, id="hungry", extra_check=hog)], timeout=30, jobs=1, seed=0,
                          memory=1024**3, cache=store)
    assert result.verdict is Verdict.ERROR and "memory" in result.message
    assert store.stored == 0


# -- the store ---------------------------------------------------------------------------------

def test_a_corrupt_cache_is_ignored_with_one_warning(tmp_path, capsys):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / DB_NAME).write_bytes(b"this is not a database" * 100)
    store = ResultCache(folder)
    claims = [make_claim(TANH, id="a"), make_claim(Eq(sigmoid(-x), sigmoid(x)), id="b")]
    for _ in range(2):
        results = run_claims(claims, timeout=30, jobs=2, seed=0, cache=store)
        assert [r.verdict for r in results] == [Verdict.PROVEN, Verdict.REFUTED]
    assert capsys.readouterr().err.count("warning: the result cache") == 1
    assert ResultCache(folder).info()["error"] is not None
    ResultCache(folder).clear()  # removes the unreadable file
    fresh = ResultCache(folder)
    run_claims(claims[:1], timeout=30, jobs=1, seed=0, cache=fresh)
    assert fresh.info()["entries"] == 1


def test_an_unwritable_cache_is_ignored_with_a_warning(tmp_path, capsys):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    [result] = run_claims([make_claim(TANH)], timeout=30, jobs=1, seed=0, cache=ResultCache(blocker / "cache"))
    assert result.verdict is Verdict.PROVEN
    assert capsys.readouterr().err.count("warning: the result cache") == 1


def test_the_cache_directory_follows_the_environment(tmp_path, monkeypatch):
    assert cache_dir() == tmp_path / "default-cache"
    monkeypatch.delenv("DERIVCHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "derivcheck"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "derivcheck"


def test_library_calls_leave_the_cache_alone_unless_asked(tmp_path, monkeypatch):
    run_claims([make_claim(TANH)], timeout=30, jobs=1, seed=0)
    assert not (tmp_path / "default-cache").exists()
    assert resolve(None) is None and resolve(False) is None
    store = ResultCache(tmp_path / "c")
    with using(store):
        assert resolve(None) is store
    monkeypatch.setenv("DERIVCHECK_NO_CACHE", "1")
    assert resolve(store) is None and resolve(True) is None


def test_the_command_line_under_pytest_uses_only_a_cache_named_explicitly(tmp_path, monkeypatch):
    """The suite runs ``main`` in-process and in subprocesses: never with the user's own cache."""
    assert command_line_cache().directory == tmp_path / "default-cache"
    assert command_line_cache(no_cache=True) is None
    monkeypatch.delenv("DERIVCHECK_CACHE_DIR")
    assert command_line_cache() is None


def _writer(folder, start):
    store = ResultCache(folder)
    [result] = run_claims([make_claim(TANH)], timeout=30, jobs=1, seed=0)
    for i in range(start, start + 100):
        store.put(f"key-{i}", result)
    assert not store.disabled


def test_several_runs_share_one_cache(tmp_path):
    ctx = mp.get_context("fork")
    writers = [ctx.Process(target=_writer, args=(tmp_path / "c", start)) for start in (0, 100, 200)]
    for w in writers:
        w.start()
    for w in writers:
        w.join(120)
    assert [w.exitcode for w in writers] == [0, 0, 0]
    assert ResultCache(tmp_path / "c").info()["entries"] == 300
    with sqlite3.connect(tmp_path / "c" / DB_NAME) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# -- the command line --------------------------------------------------------------------------

ANSWERS = '''
[[claim]]
id = "q1"
statement = "\\\\frac{d}{dx} \\\\sigma(x) = \\\\sigma(x)(1-\\\\sigma(x))"

[[claim]]
id = "q2"
statement = "\\\\sigma(-x) = \\\\sigma(x)"
'''


def without_seconds(data):
    if isinstance(data, dict):
        return {k: without_seconds(v) for k, v in data.items() if k != "seconds"}
    if isinstance(data, list):
        return [without_seconds(v) for v in data]
    return data


def test_the_command_line_uses_the_cache_unless_told_not_to(tmp_path, monkeypatch, capsys):
    hw = tmp_path / "hw.toml"
    hw.write_text(ANSWERS)
    args = ["check", str(hw), "--timeout", "30", "--jobs", "2", "--json"]
    default = ResultCache(tmp_path / "default-cache")

    assert main([*args, "--no-cache"]) == 1
    fresh = json.loads(capsys.readouterr().out)
    assert not default.path.exists()
    monkeypatch.setenv("DERIVCHECK_NO_CACHE", "1")
    assert main(args) == 1
    assert not default.path.exists()
    monkeypatch.delenv("DERIVCHECK_NO_CACHE")
    capsys.readouterr()

    assert main(args) == 1
    cold = json.loads(capsys.readouterr().out)
    assert default.info()["entries"] == 2
    monkeypatch.setattr(runner, "schedule", lambda count, *a, **k: None if count == 0 else pytest.fail("scheduled"))
    assert main(args) == 1
    warm = json.loads(capsys.readouterr().out)
    assert without_seconds(warm) == without_seconds(cold) == without_seconds(fresh)
    assert warm["summary"]["REFUTED"] == 1

    assert main(["cache", "info"]) == 0
    info = capsys.readouterr().out
    assert str(default.path) in info and "entries:  2" in info and f"version {derivcheck.__version__}: 2" in info
    assert main(["cache", "clear"]) == 0
    assert "removed 2 entries" in capsys.readouterr().out
    assert default.info()["entries"] == 0
