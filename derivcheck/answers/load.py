r"""Reading answer files: TOML tables (``[defaults]``, ``[[claim]]`` with ``id``, ``statement``, ``where``,
``functions``), with every bad entry an ERROR naming the file, the claim, the place and what to write."""

from __future__ import annotations

import sys
from pathlib import Path


from ..core.errors import AnswerFileError, DerivcheckError
from .model import Answer, AnswerFile
from .scalar import answer, points_of
from .where import function_table, string_list

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


MAX_FILE_BYTES = 8 * 1024**2  # an answer file larger than this is refused unread


def load_answers(path: str | Path) -> AnswerFile:
    """Read and parse an answer file; never raises for bad content (errors are recorded)."""
    path = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return AnswerFile(path, error=f"{path}: cannot read: {exc.strerror or exc}")
    if len(raw) > MAX_FILE_BYTES:
        return AnswerFile(path, error=f"{path}: larger than {MAX_FILE_BYTES // 1024**2} MiB; not read")
    not_utf8 = None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Read on with U+FFFD in place of the bad bytes, so the claims that do not contain them
        # are still checked; the file itself is reported as an error.
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        not_utf8 = f"{path}: line {line}, column {column}: not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        text = raw.decode("utf-8", errors="replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return AnswerFile(path, error=not_utf8 or f"{path}: not valid TOML: {exc}")
    except RecursionError:  # tomllib recurses once per nested array or inline table
        return AnswerFile(path, error=not_utf8 or f"{path}: not valid TOML: arrays or tables nested too deeply")
    parsed = parse_answers(data, path=path, not_utf8=not_utf8 is not None)
    if not_utf8 and parsed.error is None:
        return AnswerFile(path, parsed.answers, error=not_utf8)
    return parsed


def parse_answers(data: dict, *, path: str = "<answers>", not_utf8: bool = False) -> AnswerFile:
    """Build the answers of an already decoded TOML document.

    ``not_utf8``: the file had bytes that are not UTF-8 (decoded as U+FFFD); a claim that contains
    one is an ERROR, the others are read as usual.
    """
    try:
        defaults = _defaults(data, path)
    except AnswerFileError as exc:
        return AnswerFile(path, error=str(exc))
    unknown = set(data) - {"defaults", "claim"}
    if unknown:
        return AnswerFile(path, error=f"{path}: unknown top-level key(s) {', '.join(sorted(unknown))} (expected [defaults] and [[claim]])")
    tables = data.get("claim", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        return AnswerFile(path, error=f"{path}: 'claim' must be an array of tables ([[claim]])")
    if not tables:
        return AnswerFile(path, error=f"{path}: no [[claim]] in the file")
    answers = []
    seen: set[str] = set()
    for number, table in enumerate(tables, 1):
        raw_id = table.get("id")
        label = raw_id if isinstance(raw_id, str) and raw_id.strip() else f"#{number}"
        statement = table.get("statement", "")
        where = f"{path}: claim {label!r}"
        if not isinstance(raw_id, str) or not raw_id.strip():
            answers.append(Answer(label, str(statement), error=f"{where}: 'id' is required (a non-empty string)"))
            continue
        if raw_id in seen:
            answers.append(Answer(f"{raw_id} (#{number})", str(statement), error=f"{where}: id {raw_id!r} is used twice in this file"))
            continue
        seen.add(raw_id)
        bad_place = _replacement_place(table) if not_utf8 else None
        if bad_place:
            answers.append(Answer(raw_id, str(statement), error=f"{where}: {bad_place}: bytes that are not UTF-8"))
            continue
        try:
            answers.append(answer(raw_id, table, defaults, where))
        except DerivcheckError as exc:
            points, partial = points_of(table)  # a wrong answer still counts in the maximum
            answers.append(Answer(raw_id, str(statement), error=str(exc), points=points, partial=partial))
    return AnswerFile(path, tuple(answers))


def _replacement_place(table: dict) -> str | None:
    """Where the first U+FFFD (an undecodable byte) of a claim table is: 'statement, column 3'."""
    for key, value in table.items():
        values = value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else [value]
        for number, item in enumerate(values, 1):
            if isinstance(item, str) and "\ufffd" in item:
                name = f"{key}[{number}]" if isinstance(value, list) else key
                return f"{name}, column {item.index(chr(0xFFFD)) + 1}"
        if isinstance(key, str) and "\ufffd" in key:
            return f"key {key!r}"
    return None


def _defaults(data: dict, path: str) -> dict:
    raw = data.get("defaults", {})
    if not isinstance(raw, dict):
        raise AnswerFileError(f"{path}: [defaults] must be a table")
    unknown = set(raw) - {"where", "functions"}
    if unknown:
        raise AnswerFileError(f"{path}: [defaults] has unknown key(s) {', '.join(sorted(unknown))} (expected where, functions)")
    return {"where": string_list(raw.get("where", []), "where", f"{path}: [defaults]"),
            "functions": function_table(raw.get("functions", {}), f"{path}: [defaults]")}


