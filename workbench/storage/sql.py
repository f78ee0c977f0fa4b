"""Small SQL helpers every storage module shares."""
from __future__ import annotations

from typing import Iterator, Sequence

__all__ = ["CHUNK", "in_chunks"]

CHUNK = 400  # ids per ``IN (…)``: well under SQLite's 999-variable limit even when a query repeats them


def in_chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[tuple[list[int], str]]:
    """``(chunk, "?, ?, …")`` for each slice of ``ids``, for queries of the form ``… IN ({marks})``."""
    ids = [int(i) for i in ids]
    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        yield chunk, ", ".join("?" * len(chunk))
