r"""Benchmark: ``derivcheck check`` on a generated class, cold (fresh cache) then warm (second run).

A class is N students × Q questions drawn from a small pool per question -- the right answer, the
same answer re-typeset (``\left``, ``\cdot``, spacing, ``\dfrac``) and a common mistake -- so most
steps repeat across students, as in a real class. Each run is a subprocess with
``DERIVCHECK_CACHE_DIR`` set to a temporary folder (the user's cache is not touched), on a snapshot
of HEAD (see ``bench_cache.py``; ``--live`` runs the working tree). Prints both wall times, the
ratio, the number of distinct statements, whether the verdicts agree, and the class's grades.

    python bench/bench_class.py [--students 20] [--questions 12] [--jobs N] [--live]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cache import snapshot, timed, without_seconds  # noqa: E402

# (right, the right answer re-typeset, a common mistake) per question
POOL = [
    (r"(x-1)^2 = x^2 - 2x + 1", r"\left(x - 1\right)^{2} = x^2 - 2 \cdot x + 1", r"(x-1)^2 = x^2 - 1"),
    (r"\frac{d}{dx}\sigma(x) = \sigma(x)(1-\sigma(x))", r"\frac{d}{dx} \sigma(x) = \sigma(x) \cdot \left(1 - \sigma(x)\right)",
     r"\frac{d}{dx}\sigma(x) = \sigma(x)(1+\sigma(x))"),
    (r"\frac{d}{dx}\tanh(x) = 1 - \tanh(x)^2", r"\frac{d}{dx} \tanh(x) = 1 - \tanh(x)^{2}", r"\frac{d}{dx}\tanh(x) = 1 + \tanh(x)^2"),
    (r"\frac{d}{dx} x^3 = 3x^2", r"\frac{d}{dx} x^{3} = 3 \cdot x^{2}", r"\frac{d}{dx} x^3 = x^2"),
    (r"\frac{d}{dx} e^{2x} = 2e^{2x}", r"\frac{d}{dx} e^{2 x} = 2 \cdot e^{2 x}", r"\frac{d}{dx} e^{2x} = e^{2x}"),
    (r"\frac{d}{dx}\ln(x) = \frac{1}{x}", r"\frac{d}{dx} \ln(x) = \dfrac{1}{x}", r"\frac{d}{dx}\ln(x) = \ln(x)"),
    (r"\frac{d}{dx}\operatorname{softplus}(x) = \sigma(x)", r"\frac{d}{dx} \operatorname{softplus}(x) = \sigma(x)",
     r"\frac{d}{dx}\operatorname{softplus}(x) = \sigma(-x)"),
    (r"(a+b)^2 = a^2 + 2ab + b^2", r"\left(a + b\right)^{2} = a^2 + 2 \cdot a \cdot b + b^2", r"(a+b)^2 = a^2 + b^2"),
    (r"\frac{d}{dx}\sin(x)^2 = 2\sin(x)\cos(x)", r"\frac{d}{dx} \sin(x)^{2} = 2 \cdot \sin(x) \cdot \cos(x)",
     r"\frac{d}{dx}\sin(x)^2 = 2\cos(x)"),
    (r"\frac{d}{dx} \frac{1}{x} = -\frac{1}{x^2}", r"\frac{d}{dx} \dfrac{1}{x} = -\dfrac{1}{x^{2}}", r"\frac{d}{dx} \frac{1}{x} = \frac{1}{x^2}"),
    (r"e^{a} e^{b} = e^{a+b}", r"e^{a} \cdot e^{b} = e^{a + b}", r"e^{a} e^{b} = e^{ab}"),
    (r"\frac{d}{dx} x e^{x} = (x+1) e^{x}", r"\frac{d}{dx} x \cdot e^{x} = \left(x + 1\right) \cdot e^{x}",
     r"\frac{d}{dx} x e^{x} = x e^{x}"),
]
WHERE = {5: "x > 0", 9: "x \\neq 0"}


def generate(folder: Path, students: int, questions: int, seed: int = 0) -> set[str]:
    """Write the class; return the distinct statements used."""
    rng = random.Random(seed)
    used = set()
    for s in range(students):
        lines = []
        for q in range(questions):
            k = q % len(POOL)
            statement = POOL[k][rng.choices((0, 1, 2), weights=(5, 3, 2))[0]]
            used.add((k, statement))
            where = f"where = ['{WHERE[k]}']\n" if k in WHERE else ""
            lines.append(f"[[claim]]\nid = \"q{q + 1}\"\nstatement = '{statement}'\n{where}")
        (folder / f"student{s:03d}.toml").write_text("\n".join(lines), encoding="utf-8")
    return used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--questions", type=int, default=12)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--live", action="store_true", help="run the working tree, not a snapshot of HEAD")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "class").mkdir()
        used = generate(root / "class", args.students, args.questions)
        env = {**os.environ, "DERIVCHECK_CACHE_DIR": str(root / "cache")}
        cwd = None
        if not args.live:
            (root / "src").mkdir()
            snapshot(root / "src")
            env["PYTHONPATH"] = str(root / "src")
            cwd = str(root / "src")  # not the shared tree: `-m` puts the working folder first on the path
        command = ["check", str(root / "class"), "--json", "--jobs", str(args.jobs), "--csv", str(root / "book.csv")]
        cold, cold_out = timed(command, env, cwd)
        warm, warm_out = timed(command, env, cwd)
        cold_data, warm_data = json.loads(cold_out), json.loads(warm_out)
        claims = args.students * args.questions
        print(f"class: {args.students} students × {args.questions} questions = {claims} answers, "
              f"{len(used)} distinct statements, jobs {args.jobs}")
        print(f"cold: {cold:.1f} s ({1000 * cold / claims:.0f} ms per answer)")
        print(f"warm: {warm:.1f} s")
        print(f"cold / warm: {cold / warm:.1f}×")
        print(f"verdicts agree: {without_seconds(cold_data['files']) == without_seconds(warm_data['files'])}")
        print("summary:", " ".join(f"{k}={v}" for k, v in cold_data["summary"].items() if v))
        for q in cold_data.get("class", [])[:3]:
            wrong = ", ".join(f"{w['count']}× {w['statement']}" for w in q["wrong"][:2])
            print(f"  {q['id']}: {q['right']}/{q['files']} right" + (f"; wrong: {wrong}" if wrong else ""))


if __name__ == "__main__":
    main()
