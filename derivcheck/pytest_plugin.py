"""derivcheck as a pytest plugin: each claim of a course's answer files and identity modules is a test item.

pytest loads this module in every run once derivcheck is installed (entry point ``pytest11``); it
does nothing unless an ini option names files to check::

    [tool.pytest.ini_options]                       # or [pytest] in pytest.ini
    derivcheck_files = ["answers/*.toml"]           # answer files; globs relative to the ini file
    derivcheck_claims = ["course_identities/*.py"]  # modules of @identity claims

A named file is collected when pytest's collection reaches it (``pytest`` at the root, or its
folder in ``testpaths``), one item per ``[[claim]]`` or ``@identity`` claim, named by its id (so
``-k q2`` selects it; every item also has the marker ``derivcheck``). A chain is one item that
names its first wrong step. An item passes when the claim is PROVEN, or CHECKED unless
``--derivcheck-strict``; it fails with the verdict, the counterexample and the scope, or with the
message of an ERROR or a TIMEOUT. A file that cannot be read is one failing item, ``(file)``.
Documents (.md, .tex, .ipynb) give one item per claim, named by its place ("line 12"); a file that
cannot be read is a ``(file)`` item that says why (``api.READERS`` is where a kind of file is added).

The checking is derivcheck's own (``derivcheck.api``): the first item that runs checks every
selected item's claims at once in derivcheck's worker pool (``--derivcheck-jobs``, default the
cores), each claim under ``--derivcheck-timeout`` seconds; the other items report what was
found. Under pytest-xdist each item is checked on its own by the xdist worker that runs it
(one derivcheck job per xdist worker unless ``--derivcheck-jobs`` says otherwise).

Nothing heavy is imported until a file is collected: ``import derivcheck`` is cheap and
``derivcheck.api`` (SymPy, the prover) is imported by the collectors.
"""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

__all__ = ["DerivcheckFile", "DerivcheckItem", "FILE_ITEM"]

FILES_INI = "derivcheck_files"
CLAIMS_INI = "derivcheck_claims"
FILE_ITEM = "(file)"  # the item of a file that cannot be read (or a kind that is not read yet)


@dataclass
class Settings:
    """The plugin's options for one pytest run, and the files they name."""

    base: Path
    patterns: tuple[str, ...]
    matched: dict[str, tuple[Path, ...]]  # pattern -> the files it names
    strict: bool
    timeout: float | None
    jobs: int | None
    seed: int | None
    xdist_worker: bool
    results: dict = field(default_factory=dict)  # node id -> result, filled by the first item that runs
    checked: bool = False

    @property
    def files(self) -> set[Path]:
        return {p for paths in self.matched.values() for p in paths}


SETTINGS = pytest.StashKey[Settings | None]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("derivcheck", "derivcheck (claims named by the ini options derivcheck_files, derivcheck_claims)")
    group.addoption("--derivcheck-strict", action="store_true", default=None,
                    help="only PROVEN passes: CHECKED (numerically consistent, no proof) fails too")
    group.addoption("--derivcheck-timeout", type=float, default=None, metavar="SECONDS",
                    help="seconds per claim (default: the ini option derivcheck_timeout, else 60)")
    group.addoption("--derivcheck-jobs", type=int, default=None, metavar="N",
                    help="claims checked at once (default: the cores; 1 per pytest-xdist worker)")
    group.addoption("--derivcheck-seed", type=int, default=None, metavar="S",
                    help="seed of the numeric spot-checks (default: derivcheck's fixed seed)")
    parser.addini(FILES_INI, type="args", default=[],
                  help="derivcheck: answer files to check, as globs relative to the ini file (answers/*.toml)")
    parser.addini(CLAIMS_INI, type="args", default=[],
                  help="derivcheck: modules of @identity claims to check, as globs relative to the ini file")
    parser.addini("derivcheck_strict", type="bool", default=False,
                  help="derivcheck: only PROVEN passes (as --derivcheck-strict)")
    parser.addini("derivcheck_timeout", type="string", default="",
                  help="derivcheck: seconds per claim (as --derivcheck-timeout)")


def pytest_configure(config: pytest.Config) -> None:
    patterns = tuple(config.getini(FILES_INI)) + tuple(config.getini(CLAIMS_INI))
    if not patterns:
        config.stash[SETTINGS] = None
        return
    base = config.inipath.parent if config.inipath is not None else config.rootpath
    timeout = config.getoption("derivcheck_timeout")
    if timeout is None and config.getini("derivcheck_timeout").strip():
        try:
            timeout = float(config.getini("derivcheck_timeout"))
        except ValueError:
            raise pytest.UsageError(f"derivcheck_timeout must be a number of seconds, "
                                    f"got {config.getini('derivcheck_timeout')!r}") from None
    if timeout is not None and not timeout > 0:
        raise pytest.UsageError(f"--derivcheck-timeout must be positive, got {timeout:g}")
    jobs = config.getoption("derivcheck_jobs")
    if jobs is not None and jobs < 1:
        raise pytest.UsageError(f"--derivcheck-jobs must be at least 1, got {jobs}")
    strict = config.getoption("derivcheck_strict")
    matched = {p: tuple(sorted(Path(os.path.abspath(f)) for f in glob.glob(os.path.join(base, p), recursive=True)
                               if os.path.isfile(f)))
               for p in patterns}
    config.stash[SETTINGS] = Settings(base, patterns, matched, bool(strict) if strict is not None else config.getini("derivcheck_strict"),
                                      timeout, jobs, config.getoption("derivcheck_seed"), hasattr(config, "workerinput"))
    config.addinivalue_line("markers", "derivcheck: a claim checked by derivcheck (from derivcheck_files or derivcheck_claims)")


def pytest_report_header(config: pytest.Config) -> list[str] | None:
    settings = config.stash.get(SETTINGS, None)
    if settings is None:
        return None
    named = ", ".join(f"{p} ({len(f)} file{'s' if len(f) != 1 else ''})" for p, f in settings.matched.items())
    lines = [f"derivcheck: {named}" + ("; strict: only PROVEN passes" if settings.strict else "")]
    lines += [f"derivcheck: {p} names no file (relative to {settings.base})" for p, f in settings.matched.items() if not f]
    return lines


@pytest.hookimpl(hookwrapper=True)
def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    """A named file is collected by derivcheck alone: an identity module given on the command line
    (or named like a test module) is not also imported by pytest's Python collector."""
    outcome = yield
    settings = parent.config.stash.get(SETTINGS, None)
    if settings is None or Path(os.path.abspath(file_path)) not in settings.files:
        return
    others = [c for c in outcome.get_result() if not isinstance(c, pytest.Module)]
    outcome.force_result([*others, DerivcheckFile.from_parent(parent, path=file_path)])


class DerivcheckFile(pytest.File):
    """A file named by the ini options: one item per answer or claim (``derivcheck.api.read_file``)."""

    def collect(self):
        from .api import read_file

        read = read_file(os.path.relpath(self.path))  # messages name the file as the user sees it
        if read.error is not None:
            yield DerivcheckItem.from_parent(self, name=FILE_ITEM, error=read.error)
        for unit in read.units:
            yield DerivcheckItem.from_parent(self, name=unit.id, unit=unit)


class DerivcheckFailure(Exception):
    """An item's claim did not pass: the text is the whole failure report."""


class DerivcheckItem(pytest.Item):
    """One answer of an answer file or one claim of an identity module."""

    def __init__(self, *, unit=None, error: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.unit = unit
        self.error = error
        self.add_marker("derivcheck")

    def runtest(self) -> None:
        if self.error is not None:
            raise DerivcheckFailure(f"ERROR: {self.error}")
        settings = self.config.stash[SETTINGS]
        result = _result(self, settings)
        if not result.passed(settings.strict):
            raise DerivcheckFailure(failure_text(result, settings.strict))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, DerivcheckFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):
        return self.path, _line_of(self), f"derivcheck: {self.name}"


def failure_text(result, strict: bool) -> str:
    """The verdict on the first line (pytest's short summary shows it), then the result explained."""
    head = result.verdict.value + (f": {result.message}" if result.message else "")
    if strict and result.verdict.value == "CHECKED":
        head += " (only PROVEN passes with --derivcheck-strict)"
    return "\n".join([head, *result.explain().splitlines()[1:]])


def _result(item: DerivcheckItem, settings: Settings):
    """The item's result. The first item to run checks every selected item at once (the worker pool
    stays busy); under pytest-xdist, where another process may run the others, each item on its own."""
    if item.nodeid not in settings.results:
        from .api import run_units

        batch = [item]
        if not settings.xdist_worker and not settings.checked:
            batch = [i for i in item.session.items if isinstance(i, DerivcheckItem) and i.unit is not None]
            if item not in batch:
                batch.append(item)
        settings.checked = True
        jobs = settings.jobs or (1 if settings.xdist_worker else None)
        options = {k: v for k, v in (("timeout", settings.timeout), ("seed", settings.seed)) if v is not None}
        results = run_units([i.unit for i in batch], jobs=jobs, **options)
        settings.results.update(zip((i.nodeid for i in batch), results))
    return settings.results.pop(item.nodeid)


def _line_of(item: DerivcheckItem) -> int | None:
    """The 0-based line that declares the item's claim (``id = "q2"``, ``def deriv_x(``), if it can be found."""
    if item.unit is None:
        return None
    if item.path.suffix == ".py":
        pattern = re.compile(rf"^\s*def\s+{re.escape(item.name)}\s*\(")
    else:
        pattern = re.compile(rf"""^\s*id\s*=\s*(["']){re.escape(item.name)}\1""")
    try:
        lines = item.path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return next((n for n, line in enumerate(lines) if pattern.match(line)), None)
