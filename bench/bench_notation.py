"""Benchmark: how much of the notation students really write derivcheck reads right.

Loads the reading corpus tests/fixtures/notation_corpus.toml (every relation in the five real homework solutions of
/work/shared/seeds, verbatim, plus other courses' notation, each with a hand verdict per step), turns each case into
an answer-file claim {id, statement: latex, where, functions} and checks them all in one run through the pipeline
`derivcheck check` uses (parse_answers, run_claims with long-lived workers, aggregate). Each case is then
classified:

    READ-RIGHT  every checkable step's verdict agrees with the hand verdict
                (PROVEN or CHECKED for "true", REFUTED for "false")
    MISREAD     a true step REFUTED, or a false step PROVEN/CHECKED: the worst outcome, listed in full
    MISSPLIT    derivcheck cut the formula into a different number of steps than the corpus counts
                (listed in full: the chain structure was read differently)
    REFUSED     an ERROR on a checkable step (or on the whole claim), no misread; grouped by normalised reason
    TIMEOUT     a checkable step ran out of time, nothing refused or misread
    SKIPPED     no checkable step (every step "ambiguous" or "not-checkable"); still run, and what derivcheck said
                is reported (a REFUTED "dimension written as an equation" is worth knowing about)

Printed: totals per class and per checkable step, per seed document, where each refusal happened (in a `where` entry
or in the statement), a table per notation tag ranked by statement-level failures (refused in the statement, or
refused behind a where refusal, misread, missplit, timeout: what a notation reader must fix first), the top refusal
reasons (normalised: names, columns and numbers stripped) with counts, one example and the names they refused, and
every MISREAD and MISSPLIT case in full. "Behind the where": for each case refused in its `where`, the unreadable
where entries are dropped one at a time and the statement is parsed again (parse only), so the statement-level
refusals a where refusal hides are counted too. Always exits 0 (2 for a usage error): it measures, it does not gate.

    python bench/bench_notation.py [-k SUBSTR] [--timeout 20] [--jobs 2] [--seed S] [--json] [--json-out FILE]
                                   [--checkable-only] [--corpus FILE] [--tags N] [--reasons N]

A case that continues another display (``continues = "<id>"``, a display that starts with "=") is read as
documents read it: the continued formula's last member, then this case's relations.

`-k` keeps the cases whose id contains SUBSTR; `--checkable-only` does not run SKIPPED cases; `--json` prints one JSON
document (every case with its verdicts and messages) instead of the tables, `--json-out` writes it as well. While most
cases are refused at reading, a full run takes seconds; once they are read, each step becomes one or more step claims
(a vector step one per size) and a run takes minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

from derivcheck.answers.load import parse_answers
from derivcheck.answers.model import aggregate
from derivcheck.core.verdict import Verdict
from derivcheck.documents.relations import members
from derivcheck.run.runner import DEFAULT_SEED, run_claims

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "notation_corpus.toml"
CHECKABLE = ("true", "false")
CLASSES = ("READ-RIGHT", "MISREAD", "MISSPLIT", "REFUSED", "TIMEOUT", "SKIPPED")
OK = {"true": (Verdict.PROVEN, Verdict.CHECKED), "false": (Verdict.REFUTED,)}
WRONG = {"true": (Verdict.REFUTED,), "false": (Verdict.PROVEN, Verdict.CHECKED)}


def load_corpus(path: Path, pattern: str | None) -> list[dict]:
    with open(path, "rb") as fh:
        cases = tomllib.load(fh)["case"]
    by_id = {c["id"]: c for c in cases}
    for c in cases:  # "= …" continuing another display: read as a document reads it (documents.check)
        if c.get("continues") in by_id:
            c["continued"] = members(by_id[c["continues"]]["latex"])[-1].strip()
    return [c for c in cases if not pattern or pattern in c["id"]]


def claim_table(case: dict) -> dict:
    statement = f"{case['continued']} {case['latex'].strip()}" if case.get("continued") else case["latex"]
    table = {"id": case["id"], "statement": statement, "where": list(case.get("where", []))}
    if case.get("functions"):
        table["functions"] = dict(case["functions"])
    return table


def parse_case(case: dict):
    """(Answer, None) or (None, crash text): one claim at a time, so a reader crash costs one case only."""
    try:
        af = parse_answers({"claim": [claim_table(case)]}, path="notation_corpus")
    except Exception as exc:  # a crash is a finding, not the end of the run
        return None, f"derivcheck crashed while reading: {type(exc).__name__}: {exc}"
    if af.error is not None:
        return None, af.error
    return af.answers[0], None


# ------------------------------------------------------------------------------------------------ refusal reasons

_PREFIX = re.compile(r"^.*?claim '[^']*'(?: \(#\d+\))?: ")


def strip_prefix(message: str) -> str:
    """The message without 'notation_corpus: claim 'id': ' and 'step 2: ' / 'at n = 1: ' prefixes."""
    text = _PREFIX.sub("", message or "", count=1)
    while True:
        new = re.sub(r"^(step \d+: |at [^:]{1,60}: )", "", text)
        if new == text:
            return text
        text = new


def normalise(message: str) -> str:
    """The reason with names, columns and numbers stripped, so that the same refusal groups together."""
    text = strip_prefix(message)
    text = re.sub(r"where\[\d+\]", "where[#]", text)
    text = re.sub(r"'(?:[^'\\]|\\.)*'", "'…'", text)
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '"…"', text)
    text = re.sub(r"\b\d+(?:\.\d+)?\b", "N", text)
    return text.strip()[:160]


def token_of(message: str) -> str | None:
    """The name a message refused: what follows 'unexpected', 'found', 'unknown command', 'cannot declare' or 'not',
    else the last quoted name (after the where entry it was in); None if there is none."""
    text = strip_prefix(message)
    m = re.search(r"""(?:unexpected(?: character)?|found|cannot declare|not) (['"])((?:\\.|(?!\1).)*)\1""", text)
    if m:
        return m.group(2).replace("\\\\", "\\")
    m = re.search(r"unknown command (\\[A-Za-z]+)", text)
    if m:
        return m.group(1)
    found = re.findall(r"'((?:[^'\\]|\\.)*)'", text)
    return found[-1].replace("\\\\", "\\") if found else None


def refused_in(message: str) -> str:
    """'where' when the refusal names a where entry, else 'statement'."""
    return "where" if strip_prefix(message).startswith("where[") else "statement"


def probe_statement(case: dict) -> dict:
    """For a case refused in its where: drop the where entries derivcheck cannot read, one at a time, and say whether
    the statement itself is then read (parse only, nothing is checked). Shows the statement-level refusals hidden
    behind where-level ones."""
    table = claim_table(case)
    dropped = []
    for _ in range(len(table["where"]) + 1):
        answer, crash = parse_case({**case, "where": table["where"]})
        step_errors = (st.error for st in answer.steps if st.claim is None and not st.sized and st.refuted is None
                       and st.error) if answer is not None else iter(())
        message = crash if crash is not None else answer.error if answer.error is not None else next(step_errors, None)
        m = re.match(r"where\[(\d+)\]", strip_prefix(message or ""))
        if m is None or not 1 <= int(m.group(1)) <= len(table["where"]):
            return {"dropped": dropped, "statement": "read" if message is None else message}
        dropped.append(table["where"].pop(int(m.group(1)) - 1))
    return {"dropped": dropped, "statement": "read"}  # pragma: no cover


# ------------------------------------------------------------------------------------------------ classification

def classify(case: dict, answer_result, crash: str | None) -> dict:
    expected = list(case["expected"])
    checkable = [k for k, e in enumerate(expected) if e in CHECKABLE]
    row = {"id": case["id"], "doc": case["doc"], "question": case.get("question", ""), "latex": case["latex"],
           "where": case.get("where", []), "expected": expected, "notation": case.get("notation", []),
           "note": case.get("note", ""), "verdicts": [], "messages": [], "reasons": [], "misread_steps": [],
           "refused_in": None}
    if answer_result is None and crash is None:  # not run (--checkable-only)
        row["class"] = "SKIPPED"
        return row
    if crash is not None or answer_result.verdict is Verdict.ERROR and not answer_result.steps:
        message = crash if crash is not None else answer_result.message
        row["class"] = "REFUSED" if checkable else "SKIPPED"
        row["messages"] = [message]
        row["reasons"] = [message]
        row["refused_in"] = refused_in(message) if checkable else None
        return row
    steps = answer_result.steps
    row["verdicts"] = [s.verdict.value for s in steps]
    row["messages"] = [s.counterexample if s.verdict is Verdict.REFUTED else s.message for s in steps]
    if not checkable:
        row["class"] = "SKIPPED"
        return row
    if len(steps) != len(expected):
        errors = [s for s in steps if s.verdict is Verdict.ERROR]
        if errors and len(errors) == len(steps):
            row["class"], row["reasons"] = "REFUSED", [errors[0].message]
            row["refused_in"] = refused_in(errors[0].message)
        else:
            row["class"] = "MISSPLIT"
        return row
    misread, refused, timeout = [], [], []
    for k in checkable:
        v, want = steps[k].verdict, expected[k]
        if v in WRONG[want]:
            misread.append(k + 1)
        elif v is Verdict.ERROR:
            refused.append(steps[k].message)
        elif v is Verdict.TIMEOUT:
            timeout.append(k + 1)
    row["misread_steps"] = misread
    if misread:
        row["class"] = "MISREAD"
    elif refused:
        row["class"], row["reasons"] = "REFUSED", refused[:1]
        row["refused_in"] = refused_in(refused[0])
    elif timeout:
        row["class"] = "TIMEOUT"
    else:
        row["class"] = "READ-RIGHT"
    return row


def step_tally(rows: list[dict]) -> Counter:
    """Per checkable step (only where the step count matches): ok / misread / refused / timeout / unaligned."""
    tally = Counter()
    for r in rows:
        exp = r["expected"]
        for k, e in enumerate(exp):
            if e not in CHECKABLE:
                continue
            if r["class"] == "SKIPPED":
                continue
            if len(r["verdicts"]) != len(exp):
                tally["refused" if r["class"] == "REFUSED" else "unaligned"] += 1
                continue
            v = Verdict(r["verdicts"][k])
            tally["ok" if v in OK[e] else "misread" if v in WRONG[e] else "refused" if v is Verdict.ERROR else "timeout"] += 1
    return tally


# ------------------------------------------------------------------------------------------------ report

TAG_COLUMNS = ("cases", "read", "ref-stmt", "ref-where", "hidden", "misread", "missplit", "timeout", "skipped")


def tag_counts(rows: list[dict]) -> dict:
    """Per notation tag: cases, read right, refused in the statement / in the where, statements refused behind a where
    refusal (the probe), misread, missplit, timeout, skipped."""
    per_tag = defaultdict(Counter)
    for r in rows:
        for tag in set(r["notation"]):
            c = per_tag[tag]
            c["cases"] += 1
            if r["class"] == "REFUSED":
                c["ref-where" if r["refused_in"] == "where" else "ref-stmt"] += 1
                if r.get("probe") and r["probe"]["statement"] != "read":
                    c["hidden"] += 1
            else:
                c[{"READ-RIGHT": "read"}.get(r["class"], r["class"].lower())] += 1
    return {t: {k: c.get(k, 0) for k in TAG_COLUMNS} for t, c in per_tag.items()}


def group_reasons(pairs: list[tuple[str, str]]) -> list[dict]:
    """[(case id, message)] grouped by normalised message, most frequent first, with the names refused."""
    groups = defaultdict(list)
    for cid, msg in pairs:
        groups[normalise(msg)].append((cid, msg))
    out = []
    for reason, hits in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        tokens = Counter(t for _, m in hits if (t := token_of(m)) is not None)
        out.append({"reason": reason, "count": len(hits), "example_id": hits[0][0],
                    "example": strip_prefix(hits[0][1]), "tokens": tokens.most_common(6)})
    return out


def summarise(rows: list[dict]) -> dict:
    totals = Counter(r["class"] for r in rows)
    per_doc = defaultdict(Counter)
    for r in rows:
        per_doc[r["doc"]][r["class"]] += 1
    refused = [r for r in rows if r["class"] == "REFUSED"]
    probed = [r for r in refused if r.get("probe")]
    hidden = [(r["id"], r["probe"]["statement"]) for r in probed if r["probe"]["statement"] != "read"]
    return {"totals": {c: totals.get(c, 0) for c in CLASSES}, "steps": dict(step_tally(rows)),
            "refused_in": dict(Counter(r["refused_in"] for r in refused)),
            "per_doc": {d: {c: n.get(c, 0) for c in CLASSES} for d, n in sorted(per_doc.items())},
            "per_tag": tag_counts(rows),
            "refusal_reasons": group_reasons([(r["id"], r["reasons"][0]) for r in refused]),
            "behind_where": {"probed": len(probed), "statement_read": len(probed) - len(hidden),
                             "statement_refused": len(hidden), "reasons": group_reasons(hidden)},
            "skipped_said": dict(Counter(_said(r) for r in rows if r["class"] == "SKIPPED"))}


def _said(row: dict) -> str:
    """What derivcheck said about a case: its most common step verdict, an error for the whole claim, or not run."""
    if row["verdicts"]:
        return max(row["verdicts"], key=row["verdicts"].count)
    return "ERROR" if row["messages"] else "not run"


def badness(c: dict) -> tuple:
    """Statement-level failures first (they are what a notation reader must fix), then where-level ones."""
    return (-(c["ref-stmt"] + c["hidden"] + c["misread"] + c["missplit"] + c["timeout"]), -c["ref-where"], -c["cases"])


def print_reasons(reasons: list[dict], limit: int, indent: str = "  ") -> None:
    for r in reasons[:limit]:
        tokens = ", ".join(f"{t} ×{k}" for t, k in r["tokens"])
        print(f"{indent}{r['count']:>4}  {r['reason']}")
        print(f"{indent}      e.g. {r['example_id']}: {r['example'][:150]}")
        if tokens:
            print(f"{indent}      refused: {tokens}")
    if len(reasons) > limit:
        print(f"{indent}… {len(reasons) - limit} more reasons (--reasons N, or --json)")


def print_report(rows: list[dict], summary: dict, seconds: float, args) -> None:
    n = len(rows)
    print(f"notation corpus: {n} cases from {args.corpus}  (timeout {args.timeout:g} s per step claim, jobs {args.jobs}, "
          f"{seconds:.0f} s wall)")
    print()
    print("cases per class")
    for c in CLASSES:
        k = summary["totals"][c]
        print(f"  {c:<11}{k:>5}  {100 * k / max(n, 1):5.1f} %")
    checked = n - summary["totals"]["SKIPPED"]
    if checked:
        print(f"  read right among the {checked} cases with a checkable step: "
              f"{100 * summary['totals']['READ-RIGHT'] / checked:.1f} %")
    where_n, stmt_n = summary["refused_in"].get("where", 0), summary["refused_in"].get("statement", 0)
    print(f"  REFUSED in the where: {where_n}, in the statement: {stmt_n}")
    st = summary["steps"]
    print(f"checkable steps: {sum(st.values())}  ok {st.get('ok', 0)}  misread {st.get('misread', 0)}  "
          f"refused {st.get('refused', 0)}  timeout {st.get('timeout', 0)}  in a missplit case {st.get('unaligned', 0)}")
    print()
    head = "".join(f"{c[:9]:>11}" for c in CLASSES)
    print(f"{'per document':<26}{'cases':>6}{head}")
    for d, counts in summary["per_doc"].items():
        print(f"{d:<26}{sum(counts.values()):>6}" + "".join(f"{counts[c]:>11}" for c in CLASSES))
    print()
    tags = sorted(summary["per_tag"].items(), key=lambda kv: (badness(kv[1]), kv[0]))
    print("per notation tag, worst first (ref-stmt: refused in the statement; ref-where: refused in the where; hidden: of\n"
          "those, the statement is refused too once the unreadable where entries are dropped)")
    print(f"{'':<34}" + "".join(f"{c:>10}" for c in TAG_COLUMNS))
    for tag, c in tags[: args.tags]:
        print(f"{tag:<34}" + "".join(f"{c[k]:>10}" for k in TAG_COLUMNS))
    if len(tags) > args.tags:
        print(f"  … {len(tags) - args.tags} more tags (--tags N, or --json)")
    print()
    print("top refusal reasons (the first refusal of each REFUSED case, normalised; count; one example; the names refused)")
    print_reasons(summary["refusal_reasons"], args.reasons)
    print()
    bw = summary["behind_where"]
    if bw["probed"]:
        print(f"behind the where: of {bw['probed']} cases refused in their where, the statement is read in "
              f"{bw['statement_read']} once the unreadable where entries are dropped (parse only) and refused in "
              f"{bw['statement_refused']} (a dropped declaration can itself cause a refusal, e.g. 'a derivative must "
              f"be taken with respect to a declared variable'):")
        print_reasons(bw["reasons"], args.reasons)
        print()
    for cls in ("MISREAD", "MISSPLIT"):
        hits = [r for r in rows if r["class"] == cls]
        print(f"{cls} ({len(hits)})" + (":" if hits else ""))
        for r in hits:
            print(f"  {r['id']}  [{r['doc']} {r['question']}]")
            print(f"    latex:    {r['latex']}")
            if r["where"]:
                print(f"    where:    {r['where']}")
            print(f"    expected: {r['expected']}")
            print(f"    got:      {r['verdicts']}" + (f"  (misread step {', '.join(map(str, r['misread_steps']))})"
                                                       if r["misread_steps"] else ""))
            for k, msg in enumerate(r["messages"], 1):
                if msg:
                    print(f"      step {k}: {strip_prefix(msg)[:220]}")
            if r["note"]:
                print(f"    note:     {r['note']}")
        print()
    said = summary["skipped_said"]
    if said:
        print("SKIPPED cases (no checkable step), what derivcheck said (most common step verdict): "
              + ", ".join(f"{k} {v}" for k, v in sorted(said.items(), key=lambda kv: -kv[1])))
        decided = [r for r in rows if r["class"] == "SKIPPED"
                   and any(v in ("REFUTED", "PROVEN", "CHECKED") for v in r["verdicts"])]
        for r in decided[: args.reasons]:
            print(f"  {r['id']}: {r['verdicts']} for {r['expected']}  {r['latex'][:90]}")
        if len(decided) > args.reasons:
            print(f"  … {len(decided) - args.reasons} more")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-k", dest="pattern", help="only the cases whose id contains this")
    ap.add_argument("--timeout", type=float, default=20, help="seconds per step claim (default 20)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--json", action="store_true", help="one JSON document on stdout")
    ap.add_argument("--json-out", type=Path, help="also write the JSON document to this file")
    ap.add_argument("--checkable-only", action="store_true", help="do not run cases without a checkable step")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--tags", type=int, default=40, help="notation tags to print (default 40)")
    ap.add_argument("--reasons", type=int, default=15, help="refusal reasons to print (default 15)")
    args = ap.parse_args(argv)
    if args.timeout <= 0 or args.jobs < 1:
        ap.error("--timeout must be > 0 and --jobs >= 1")
    cases = load_corpus(args.corpus, args.pattern)
    if not cases:
        ap.error(f"no case id contains {args.pattern!r}")
    start = time.monotonic()
    parsed = {}
    for case in cases:
        if args.checkable_only and not any(e in CHECKABLE for e in case["expected"]):
            continue
        parsed[case["id"]] = parse_case(case)
    claims = [c for answer, _ in parsed.values() if answer is not None for s in answer.steps for c in s.claims]
    done = [0]

    def progress(_result) -> None:
        done[0] += 1
        if not args.json and (done[0] % 50 == 0 or done[0] == len(claims)):
            print(f"  … {done[0]}/{len(claims)} step claims checked", file=sys.stderr, flush=True)

    results = run_claims(claims, timeout=args.timeout, jobs=args.jobs, seed=args.seed,
                         on_result=progress)
    by_id = {c.id: r for c, r in zip(claims, results)}
    rows = []
    for case in cases:
        answer, crash = parsed.get(case["id"], (None, None))
        row = classify(case, aggregate(answer, by_id) if answer is not None else None, crash)
        if row["refused_in"] == "where":
            row["probe"] = probe_statement(case)
        rows.append(row)
    seconds = time.monotonic() - start
    summary = summarise(rows)
    document = {"corpus": str(args.corpus), "timeout": args.timeout, "jobs": args.jobs, "seed": args.seed,
                "seconds": round(seconds, 1), "step_claims": len(claims), **summary, "cases": rows}
    if args.json_out:
        args.json_out.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
    if args.json:
        print(json.dumps(document, indent=1, ensure_ascii=False))
    else:
        print_report(rows, summary, seconds, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
