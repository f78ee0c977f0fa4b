"""Batch similarity search files: queries in (.txt, .jsonl, .csv), results out (.jsonl).

A newsroom script hands over thousands of claims to check against the
archive.  A bad line is reported with its line number and skipped, never
aborting the run; the output file appears whole or not at all (written to a
temp file, fsynced, then renamed), so a crash never leaves half a result
that a later script would trust.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import BadInput
from ..storage.files import atomic_write

__all__ = ["Query", "BadLine", "read_queries", "write_jsonl_atomic"]


@dataclass(frozen=True)
class Query:
    id: str
    text: str


@dataclass(frozen=True)
class BadLine:
    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}; skipped"


def _query(query_id, text, source: str, line: int) -> Query | BadLine:
    if not isinstance(text, str) or not text.strip():
        return BadLine(source, line, 'missing or empty "text"')
    return Query(str(query_id if query_id not in (None, "") else line), text.strip())


def _from_txt(text: str, source: str) -> Iterator[Query | BadLine]:
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield Query(str(number), line.strip())


def _from_jsonl(text: str, source: str) -> Iterator[Query | BadLine]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield BadLine(source, number, f"invalid JSON ({error.msg})")
            continue
        if not isinstance(record, dict):
            yield BadLine(source, number, f"expected a JSON object, got {type(record).__name__}")
            continue
        yield _query(record.get("id"), record.get("text"), source, number)


def _from_csv(text: str, source: str) -> Iterator[Query | BadLine]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        yield BadLine(source, 1, 'CSV header must name a "text" column (and optionally "id")')
        return
    line = reader.line_num
    for row in reader:
        if None in row:  # more fields than the header
            yield BadLine(source, line + 1, f"{len(row) - 1 + len(row[None])} fields, header has {len(row) - 1}")
        else:
            yield _query(row.get("id"), row.get("text"), source, line + 1)
        line = reader.line_num


def read_queries(path: str | Path) -> Iterator[Query | BadLine]:
    """Queries from a .txt (one per line), .jsonl ({"id","text"}) or .csv (id,text header) file."""
    path = Path(path)
    readers = {".txt": _from_txt, ".jsonl": _from_jsonl, ".ndjson": _from_jsonl, ".csv": _from_csv}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise BadInput(f"{path}: unsupported query file (use .txt, .jsonl or .csv)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise BadInput(f"{path}: not UTF-8 text (byte {error.start})") from None
    return reader(text, str(path))


def write_jsonl_atomic(path: str | Path, rows: Iterable[dict]) -> int:
    """Write rows as JSON lines atomically; return how many."""
    count = 0

    def write(handle) -> None:
        nonlocal count
        for row in rows:
            handle.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
            count += 1

    atomic_write(path, write)
    return count
