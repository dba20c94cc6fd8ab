"""The house rules, checked on the source with ``ast`` (docs/architecture.md states them).

Layers, lowest first: core → notation → prover | numeric → run → answers | mutation → documents → report → cli.
A module imports only from its own layer or lower ones; the prover and the numeric check do not
import each other (the numbers stay an independent witness); no import cycle; no underscore name
imported from another module; no module longer than MAX_LINES.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "derivcheck"
MAX_LINES = 800
LAYERS = {"core": 0, "notation": 1, "prover": 2, "numeric": 2, "run": 3, "answers": 4, "mutation": 4,
          "documents": 5, "report": 6, "": 7}
SIBLINGS_APART = {frozenset({"prover", "numeric"}), frozenset({"answers", "mutation"})}


def modules() -> dict[str, Path]:
    """Dotted name → file, for every module of the package (the catalog is data, not code layers)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        if "identities" in rel.parts:
            continue
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import of a package module, anywhere in the file."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package else name.split(".")[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("derivcheck"):
                continue
            names = [a.name for a in node.names]
            # "from . import feedback" imports a module
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in known]
            if submodules:
                out += [(m, [], node.lineno) for m in submodules]
            else:
                out.append((target, names, node.lineno))
        elif isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("derivcheck.")]
    return [(t, n, line) for t, n, line in out if t in known and t != name]


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else ""


def graph():
    mods = modules()
    return mods, {name: imports(name, path, set(mods)) for name, path in mods.items()}


def test_no_import_cycle():
    _, edges = graph()
    adjacency = {m: {t for t, _, _ in e} for m, e in edges.items()}
    cycles, index, low, stack, on_stack = [], {}, {}, [], set()

    def connect(v):  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in adjacency[v]:
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in adjacency:
        if v not in index:
            connect(v)
    assert cycles == []


def test_no_private_name_imported_from_another_module():
    _, edges = graph()
    private = [f"{m} takes {n} from {t} (line {line})" for m, e in edges.items() for t, names, line in e
               for n in names if n.startswith("_") and not n.startswith("__")]
    assert private == []


def test_imports_follow_the_layers():
    _, edges = graph()
    wrong = []
    for m, e in edges.items():
        for t, _, line in e:
            a, b = layer_of(m), layer_of(t)
            if LAYERS[b] > LAYERS[a] or frozenset({a, b}) in SIBLINGS_APART:
                wrong.append(f"{m} ({a or 'top'}) imports {t} ({b or 'top'}) at line {line}")
    assert wrong == []


def test_every_module_reads_in_one_sitting():
    mods = modules()
    long = {name: n for name, path in mods.items() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_every_layer_is_a_known_subpackage():
    """A new subpackage must take its place in LAYERS (and in docs/architecture.md)."""
    assert {layer_of(m) for m in modules()} <= set(LAYERS)


def test_the_checker_sees_a_planted_cycle(tmp_path, monkeypatch):
    """The cycle test is not vacuous: two modules importing each other are found."""
    pkg = tmp_path / "derivcheck"
    (pkg / "core").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "core" / "__init__.py").write_text("")
    (pkg / "core" / "a.py").write_text("from .b import _x\n")
    (pkg / "core" / "b.py").write_text("from .a import y\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", pkg)
    _, edges = graph()
    assert {t for t, _, _ in edges["derivcheck.core.a"]} == {"derivcheck.core.b"}
    assert edges["derivcheck.core.a"][0][1] == ["_x"]
    assert {t for t, _, _ in edges["derivcheck.core.b"]} == {"derivcheck.core.a"}
