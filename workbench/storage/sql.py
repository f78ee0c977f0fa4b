"""Small SQL helpers every storage module shares."""
from __future__ import annotations

from typing import Iterator, Sequence

__all__ = ["CHUNK", "in_chunks"]

CHUNK = 400  # ids per ``IN (…)``: well under SQLite's 999-variable limit even when a query repeats them


def in_chunks(values: Sequence, size: int = CHUNK) -> Iterator[tuple[list, str]]:
    """``(chunk, "?, ?, …")`` for each slice of ``values`` (ids, hashes), for ``… IN ({marks})`` queries."""
    values = list(values)
    for start in range(0, len(values), size):
        chunk = values[start:start + size]
        yield chunk, ", ".join("?" * len(chunk))
