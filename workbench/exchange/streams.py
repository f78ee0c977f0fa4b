"""Streaming text outputs: CSV a spreadsheet opens safely, JSON Lines, a JSON array.

Each writer yields its text in pieces as rows arrive, so one code path
serves a file written atomically (``write_pieces`` over
``files.atomic_write``) and an HTTP download streamed to the browser, and a
million rows never sit in memory.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import IO, Iterable, Iterator, Sequence

from ..storage.files import atomic_write

__all__ = ["spreadsheet_safe", "csv_pieces", "jsonl_pieces", "json_array_pieces", "Counted", "write_pieces"]


def spreadsheet_safe(value):
    """Spreadsheets run a cell starting with = + - @ as a formula; text must stay text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_pieces(header: Sequence[str], rows: Iterable[Sequence], every: int = 200) -> Iterator[str]:
    """CSV in pieces: a UTF-8 byte-order mark (so a spreadsheet reads "É" as É) and the header
    first, then ``every`` rows at a time; RFC 4180 quoting (fields with , " or line breaks are
    quoted, quotes doubled, CRLF row ends), and every text cell spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    for number, row in enumerate(rows, 1):
        writer.writerow([spreadsheet_safe(value) for value in row])
        if number % every == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def jsonl_pieces(rows: Iterable[dict]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def json_array_pieces(items: Iterable[dict]) -> Iterator[str]:
    """A JSON array written one element at a time (valid JSON even when empty)."""
    yield "["
    for number, item in enumerate(items):
        yield ("," if number else "") + "\n" + json.dumps(item, ensure_ascii=False, indent=2)
    yield "\n]\n"


class Counted:
    """Wraps an iterable and counts what went through, so a streamed output can say how many."""

    def __init__(self, items: Iterable):
        self._items, self.count = items, 0

    def __iter__(self):
        for item in self._items:
            self.count += 1
            yield item


def write_pieces(pieces: Iterable[str], output: str | Path | IO[bytes]) -> str:
    """Write UTF-8 pieces to a file (atomically: a reader sees the old file or the whole new one)
    or to a binary stream; return where they went."""
    def write(handle: IO[bytes]) -> None:
        for piece in pieces:
            handle.write(piece.encode("utf-8"))

    if isinstance(output, (str, Path)):
        atomic_write(output, write)
        return str(output)
    write(output)
    output.flush()
    return "-"
