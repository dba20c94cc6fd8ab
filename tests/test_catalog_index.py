"""The catalog's index in the cache: a warm ``derivcheck run`` prints what a cold one did without
building the catalog, and anything a verdict depends on (the catalog's files, derivcheck's version,
the seed, the time limit) is a miss.

Every test uses a cache under ``tmp_path``: the user's own cache is never read or written here.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

import derivcheck
import derivcheck.cli as cli
import derivcheck.run.catalog_index as catalog_index
from derivcheck.cli import main
from derivcheck.core.registry import load_catalog
from derivcheck.run.cache import ResultCache, claim_key
from derivcheck.run.catalog_index import cached_results, catalog_folders, record, source_digest

PATTERN = "deriv_sigmoid"  # two quick claims: deriv_sigmoid and deriv_sigmoid_le_quarter
RUN = ["run", "-k", PATTERN, "--timeout", "30", "--jobs", "2", "--seed", "7"]


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Whatever a test does, the default cache directory is its own (never ~/.cache)."""
    monkeypatch.setenv("DERIVCHECK_CACHE_DIR", str(tmp_path / "default-cache"))
    monkeypatch.delenv("DERIVCHECK_NO_CACHE", raising=False)


BUILT = "derivcheck.identities"
SAYS_IF_BUILT = ("import sys; from derivcheck.cli import main; code = main(sys.argv[1:]); "
                 f"print({BUILT!r} if {BUILT!r} in sys.modules else 'not built', file=sys.stderr); sys.exit(code)")


def derivcheck_cli(*args, cache):
    """The command in a fresh process (the index is written by a process that builds the catalog
    itself); its last line on stderr says whether the catalog was imported."""
    env = {**os.environ, "DERIVCHECK_CACHE_DIR": str(cache)}
    env.pop("DERIVCHECK_NO_CACHE", None)
    return subprocess.run([sys.executable, "-c", SAYS_IF_BUILT, *args], capture_output=True, text=True, timeout=300, env=env)


def test_a_warm_run_prints_the_cold_output_without_building_the_catalog(tmp_path):
    for n, args in enumerate((RUN, [*RUN, "--json"])):
        cache = tmp_path / f"c{n}"
        cold = derivcheck_cli(*args, cache=cache)
        warm = derivcheck_cli(*args, cache=cache)
        assert cold.returncode == warm.returncode == 0, cold.stderr[-2000:]
        assert BUILT in cold.stderr.splitlines()[-1]  # built
        assert BUILT not in warm.stderr  # the catalog was not imported
        assert warm.stdout == cold.stdout  # every character: the seconds are the stored ones
    assert [r["id"] for r in json.loads(warm.stdout)["results"]] == ["deriv_sigmoid", "deriv_sigmoid_le_quarter"]
    uncached = derivcheck_cli(*RUN, "--no-cache", "--json", cache=tmp_path / "unused")
    assert BUILT in uncached.stderr and not (tmp_path / "unused").exists()
    fresh = json.loads(uncached.stdout)
    for r in fresh["results"]:
        r.pop("seconds")
    cached = json.loads(warm.stdout)
    for r in cached["results"]:
        r.pop("seconds")
    assert cached == fresh


# -- in-process: the index written with ``record``, the catalog's digest fixed where a test says so ----

@pytest.fixture
def catalog():
    return list(load_catalog().values())


def cold_run(capsys, *extra):
    assert main([*RUN, *extra]) == 0
    return capsys.readouterr().out


def test_the_index_answers_only_when_every_result_is_there(tmp_path, monkeypatch, capsys, catalog):
    monkeypatch.setattr(catalog_index, "source_digest", lambda: "fixed")
    store = ResultCache(tmp_path / "default-cache")
    cold = cold_run(capsys)
    assert cached_results(PATTERN, seed=7, timeout=30, cache=store) is None  # no index yet
    record(catalog, "fixed", seed=7, timeout=30, cache=store)
    results = cached_results(PATTERN, seed=7, timeout=30, cache=store)
    assert [r.id for r in results] == ["deriv_sigmoid", "deriv_sigmoid_le_quarter"]
    assert cached_results("deriv_tanh", seed=7, timeout=30, cache=store) is None  # never checked: not cached

    def no_catalog(*args, **kwargs):
        pytest.fail("the catalog was built")

    monkeypatch.setattr(cli, "load_indexed", no_catalog)
    monkeypatch.setattr(cli, "load_catalog", no_catalog)
    assert cold_run(capsys) == cold
    assert cold_run(capsys, "--json") and cold_run(capsys, "--json") == cold_run(capsys, "--json")


def test_no_cache_builds_the_catalog(tmp_path, monkeypatch, capsys, catalog):
    monkeypatch.setattr(catalog_index, "source_digest", lambda: "fixed")
    cold_run(capsys)
    record(catalog, "fixed", seed=7, timeout=30, cache=ResultCache(tmp_path / "default-cache"))
    built = []
    monkeypatch.setattr(cli, "load_indexed", lambda **kwargs: built.append(kwargs))
    assert main([*RUN, "--no-cache"]) == 0
    assert built
    monkeypatch.setenv("DERIVCHECK_NO_CACHE", "1")
    built.clear()
    assert main(RUN) == 0
    assert built


def test_a_claim_without_a_key_or_a_result_is_a_miss(tmp_path, monkeypatch, capsys, catalog):
    store = ResultCache(tmp_path / "default-cache")
    monkeypatch.setattr(catalog_index, "source_digest", lambda: "fixed")
    cold_run(capsys)
    record(catalog, "fixed", seed=7, timeout=30, cache=store)
    assert cached_results(PATTERN, seed=7, timeout=30, cache=store)
    monkeypatch.setattr(catalog_index, "claim_key", lambda claim, **kwargs: None)  # an uncacheable claim
    record(catalog, "fixed", seed=7, timeout=30, cache=store)
    assert cached_results(PATTERN, seed=7, timeout=30, cache=store) is None


def test_what_decides_a_verdict_changes_the_index_key(tmp_path, monkeypatch, capsys, catalog):
    store = ResultCache(tmp_path / "default-cache")
    monkeypatch.setattr(catalog_index, "source_digest", lambda: "fixed")
    cold_run(capsys)
    record(catalog, "fixed", seed=7, timeout=30, cache=store)
    assert cached_results(PATTERN, seed=7, timeout=30, cache=store)
    assert cached_results(PATTERN, seed=8, timeout=30, cache=store) is None
    assert cached_results(PATTERN, seed=7, timeout=31, cache=store) is None
    monkeypatch.setattr(catalog_index, "source_digest", lambda: "an edited catalog")
    assert cached_results(PATTERN, seed=7, timeout=30, cache=store) is None
    monkeypatch.setattr(catalog_index, "source_digest", lambda: "fixed")
    monkeypatch.setattr(derivcheck, "__version__", "99.0.0")
    assert cached_results(PATTERN, seed=7, timeout=30, cache=store) is None


def test_editing_a_catalog_file_changes_the_digest(tmp_path, monkeypatch):
    [folder] = catalog_folders()
    copy = tmp_path / "identities"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(catalog_index, "catalog_folders", lambda: [copy])
    before = source_digest()
    assert source_digest() == before  # a digest of the files, nothing else
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "mlp.cpython-311.pyc").write_bytes(b"bytecode")
    assert source_digest() == before  # bytecode is not source
    mlp = copy / "mlp.py"
    mlp.write_text(mlp.read_text() + "\n# an edit\n")
    assert source_digest() != before
    (copy / "new_topic.py").write_text("")
    edited = source_digest()
    (copy / "new_topic.py").unlink()
    assert source_digest() not in (before, edited)  # the edit to mlp.py is still there
    monkeypatch.setattr(catalog_index, "catalog_folders", lambda: [folder])
    assert source_digest() != edited


def test_the_index_holds_the_keys_run_claims_uses(tmp_path, catalog):
    store = ResultCache(tmp_path / "c")
    record(catalog, "d", seed=3, timeout=5, cache=store)
    text = store.get_index(catalog_index.index_key("d", seed=3, timeout=5))
    assert json.loads(text) == [[c.id, c.topic, claim_key(c, seed=3, timeout=5)] for c in catalog]
    assert store.clear() == 0 and store.get_index(catalog_index.index_key("d", seed=3, timeout=5)) is None
