r"""Benchmark: ``derivcheck check`` on a generated class, cold (fresh cache) then warm (second run).

A class is N students × Q questions drawn from a small pool per question -- the right answer, the
same answer re-typeset (``\left``, ``\cdot``, spacing, ``\dfrac``) and a common mistake -- so most
steps repeat across students, as in a real class. Each run is a subprocess with
``DERIVCHECK_CACHE_DIR`` set to a temporary folder (the user's cache is not touched), on a snapshot
of HEAD (see ``bench_cache.py``; ``--live`` runs the working tree). Prints, in one run:

- cold: the class against a fresh cache (each distinct step decided once);
- distinct: one file holding each distinct statement once, against another fresh cache -- the
  floor a cold run can reach (target: cold within 1.5× of it);
- no dedup: every answer decided in its own worker, no cache (``run_claims(dedup=False)``), on the
  first ``--no-dedup-students`` students, scaled to the class (it grows linearly: nothing is shared);
- warm: the same class again (target ≤ 5 s at 200 × 30);
- with ``--baseline REV``: cold and warm of the snapshot of REV on the same class, and the ratios.

``--repeat K`` runs cold and distinct K times, alternating, each against a fresh cache, then warm
K times (the same for the baseline), and keeps the fastest of each: on a shared machine one run's
noise is larger than the gap between cold and distinct.

``--format md`` writes the class as Markdown homework instead (``generate_md``: a heading per
question, the condition in the sentence before the display, some students' steps a few lines lower):
each distinct step is then read once and decided once as well (``documents.check``); no dedup is
``check_documents(share=False)``, which reads and decides every copy.

Also whether the cold, warm and no-dedup verdicts agree, and the class's grades.

    python bench/bench_class.py [--students 20] [--questions 12] [--jobs N] [--live] [--format toml|md]
                                [--no-dedup-students 20] [--baseline REV] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cache import code, timed, without_seconds  # noqa: E402

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


QUESTION_WORDS = ("Expanding:", "By the rules of differentiation,", "We get", "So", "Simplifying,")


def generate_md(folder: Path, students: int, questions: int, seed: int = 0) -> set[tuple[int, str]]:
    """The same class as Markdown homework: a heading per question, the step in a display, the
    condition in the sentence before it ("For $x > 0$,"); some students write a sentence first, so
    the same step sits at different lines in different files."""
    rng = random.Random(seed)
    used = set()
    for s in range(students):
        lines = [f"# Homework, student {s:03d}", ""]
        for q in range(questions):
            k = q % len(POOL)
            statement = POOL[k][rng.choices((0, 1, 2), weights=(5, 3, 2))[0]]
            used.add((k, statement))
            lines += [f"## Question {q + 1}", ""]
            if rng.random() < 0.3:
                lines += [rng.choice(QUESTION_WORDS), ""]
            lines += md_step(k, statement)
        (folder / f"student{s:03d}.md").write_text("\n".join(lines), encoding="utf-8")
    return used


def md_step(k: int, statement: str) -> list[str]:
    """A step as Markdown lines: its condition in the sentence before it, then the display."""
    return ([f"For ${WHERE[k]}$,", ""] if k in WHERE else []) + [f"$${statement}$$", ""]


NO_DEDUP = """
import json, sys
from derivcheck.answers.feedback import json_report, FileReport
from derivcheck.answers.load import load_answers
from derivcheck.answers.model import aggregate
from derivcheck.run.runner import run_claims
paths, jobs, seed = sys.argv[1:-2], int(sys.argv[-2]), int(sys.argv[-1])
files = [load_answers(p) for p in paths]
claims = [c for f in files for a in f.answers for s in a.steps for c in s.claims]
results = iter(run_claims(claims, jobs=jobs, seed=seed, cache=False, dedup=False))
reports = []
for f in files:
    mine = {c.id: next(results) for a in f.answers for s in a.steps for c in s.claims}
    reports.append(FileReport(f.path, tuple(aggregate(a, mine) for a in f.answers), f.error))
print(json.dumps(json_report(reports, version="-", seed=seed)))
"""

NO_DEDUP_MD = """
import json, sys
from derivcheck.documents.check import check_documents
from derivcheck.documents.feedback import document_json
from derivcheck.run.runner import DEFAULT_TIMEOUT
paths, jobs, seed = sys.argv[1:-2], int(sys.argv[-2]), int(sys.argv[-1])
reports = check_documents(paths, timeout=DEFAULT_TIMEOUT, jobs=jobs, seed=seed, share=False)
print(json.dumps({"documents": [document_json(r) for r in reports]}))
"""



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--questions", type=int, default=12)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--live", action="store_true", help="run the working tree, not a snapshot of HEAD")
    parser.add_argument("--no-dedup-students", type=int, default=20, help="students timed without dedup (0: skip)")
    parser.add_argument("--baseline", metavar="REV", help="also time a snapshot of this git revision, for ratios")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each (cold ones on fresh caches); the fastest counts")
    parser.add_argument("--format", choices=("toml", "md"), default="toml", help="answer files or Markdown documents")
    args = parser.parse_args()
    seed = 20261121  # derivcheck's default: the no-dedup run must draw the points the CLI draws
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "class").mkdir()
        md = args.format == "md"
        used = (generate_md if md else generate)(root / "class", args.students, args.questions)
        (root / "distinct").mkdir()
        if md:
            lines = [line for i, (k, st) in enumerate(sorted(used)) for line in [f"## Step {i}", "", *md_step(k, st)]]
        else:
            lines = [f"[[claim]]\nid = \"d{i}\"\nstatement = '{st}'\n" + (f"where = ['{WHERE[k]}']\n" if k in WHERE else "")
                     for i, (k, st) in enumerate(sorted(used))]
        (root / "distinct" / f"all.{args.format}").write_text("\n".join(lines), encoding="utf-8")
        files = "documents" if md else "files"  # where the JSON report holds one entry per file
        env, cwd = code(root, "src", None, args.live)

        def check(folder: str, cache: str, environment=env, where=cwd) -> tuple[float, dict]:
            command = ["check", str(root / folder), "--json", "--jobs", str(args.jobs), "--csv", str(root / "book.csv")]
            seconds, out = timed(command, {**environment, "DERIVCHECK_CACHE_DIR": str(root / cache)}, where)
            return seconds, json.loads(out)

        colds, distincts = [], []
        for i in range(max(1, args.repeat)):
            colds.append(check("class", f"cache{i}"))
            distincts.append(check("distinct", f"cache-distinct{i}"))
        cold, cold_data = min(colds, key=lambda run: run[0])
        distinct = min(seconds for seconds, _ in distincts)
        repeats_agree = all(without_seconds(data[files]) == without_seconds(cold_data[files]) for _, data in colds)
        warm, warm_data = min((check("class", "cache0") for _ in range(max(1, args.repeat))), key=lambda run: run[0])
        no_dedup = no_dedup_data = None
        k = min(args.no_dedup_students, args.students)
        if k > 0:
            paths = [str(root / "class" / f"student{s:03d}.{args.format}") for s in range(k)]
            start = time.monotonic()
            proc = subprocess.run([sys.executable, "-c", NO_DEDUP_MD if md else NO_DEDUP, *paths, str(args.jobs), str(seed)],
                                  env=env, cwd=cwd or str(root), capture_output=True, text=True)
            if proc.returncode != 0:
                sys.exit(f"the no-dedup run failed:\n{proc.stderr}")
            no_dedup = (time.monotonic() - start) * args.students / k
            no_dedup_data = json.loads(proc.stdout)
        claims = args.students * args.questions
        print(f"class: {args.students} students × {args.questions} questions = {claims} answers, "
              f"{len(used)} distinct statements, jobs {args.jobs}")
        best = f", fastest of {len(colds)}: " + " ".join(f"{seconds:.1f}" for seconds, _ in colds) if len(colds) > 1 else ""
        print(f"cold:     {cold:6.1f} s ({1000 * cold / claims:.1f} ms per answer{best})")
        print(f"distinct: {distinct:6.1f} s (the {len(used)} distinct statements once; cold / distinct {cold / distinct:.2f}×)")
        if no_dedup is not None:
            print(f"no dedup: {no_dedup:6.1f} s (measured on {k} students, scaled ×{args.students / k:g}; "
                  f"no dedup / cold {no_dedup / cold:.1f}×)")
        print(f"warm:     {warm:6.1f} s (cold / warm {cold / warm:.1f}×)")
        agree = without_seconds(cold_data[files]) == without_seconds(warm_data[files])
        print(f"verdicts agree: cold = warm {agree}", end="")
        if len(colds) > 1:
            print(f", every cold run {repeats_agree}", end="")
        if no_dedup_data is not None:
            same = without_seconds(no_dedup_data[files]) == without_seconds(cold_data[files][:k])
            print(f", no dedup = cold (first {k} files) {same}", end="")
        print()
        if args.baseline:
            base_env, base_cwd = code(root, "base", args.baseline, False)
            base_colds = [check("class", f"cache-base{i}", base_env, base_cwd) for i in range(max(1, args.repeat))]
            base_cold, base_cold_data = min(base_colds, key=lambda run: run[0])
            base_warm = min(check("class", "cache-base0", base_env, base_cwd)[0] for _ in range(max(1, args.repeat)))
            same = without_seconds(base_cold_data[files]) == without_seconds(cold_data[files])
            print(f"baseline {args.baseline}: cold {base_cold:.1f} s, warm {base_warm:.1f} s; "
                  f"this / baseline: cold {cold / base_cold:.2f}×, warm {warm / base_warm:.2f}×; verdicts agree {same}")
        print("summary:", " ".join(f"{k}={v}" for k, v in cold_data["summary"].items() if v))
        for q in cold_data.get("class", [])[:3]:
            wrong = ", ".join(f"{w['count']}× {w['statement']}" for w in q["wrong"][:2])
            print(f"  {q['id']}: {q['right']}/{q['files']} right" + (f"; wrong: {wrong}" if wrong else ""))


if __name__ == "__main__":
    main()
