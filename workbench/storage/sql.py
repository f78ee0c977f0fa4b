"""Small SQL helpers every storage module shares."""
from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Iterator, Sequence

__all__ = ["CHUNK", "NO_LIMIT", "dialect", "in_chunks", "ids_in", "ClaimFilter"]

NO_LIMIT = 2 ** 62  # LIMIT for "all rows": SQLite's -1 is an error on PostgreSQL, NULL one on SQLite
CHUNK = 400  # ids per ``IN (…)``: well under SQLite's 999-variable limit even when a query repeats them


def dialect(db) -> str:
    """``sqlite`` or ``postgresql``: asked only where one query cannot serve both engines."""
    return getattr(db, "dialect", "sqlite")


def in_chunks(values: Sequence, size: int = CHUNK) -> Iterator[tuple[list, str]]:
    """``(chunk, "?, ?, …")`` for each slice of ``values`` (ids, hashes), for ``… IN ({marks})`` queries."""
    values = list(values)
    for start in range(0, len(values), size):
        chunk = values[start:start + size]
        yield chunk, ", ".join("?" * len(chunk))


def ids_in(column: str) -> str:
    """``column IN`` the ids of one parameter, a JSON array (``json.dumps(ids)``): one parameter however
    many ids, where ``IN (?, ?, …)`` would need chunks; spelled for both engines (postgres.py)."""
    return f"{column} IN (SELECT CAST(value AS INTEGER) FROM json_each(?))"


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims, as SQL over ``claims c JOIN articles a``: the one filter that listing, search,
    the editors' queue and exports share, so "status" or "since" means the same everywhere.

    Empty values filter nothing.  ``speaker`` matches case-insensitively as a substring;
    ``since``/``until`` are inclusive ISO dates of publication."""
    article_id: int | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    status: str | None = None
    statuses: tuple[str, ...] = ()
    claim_type: str | None = None
    speaker: str | None = None
    reviewed_only: bool = False  # a person has changed the claim's status at least once
    ids: tuple[int, ...] | None = None  # only these claims (None: any; empty: none), e.g. those needing attention

    def active(self) -> bool:
        return any(getattr(self, field.name) not in (None, "", (), False) for field in fields(self))

    def clauses(self) -> tuple[list[str], list]:
        """The WHERE clauses and their parameters, in a fixed order."""
        equal = {"c.article_id = ?": self.article_id, "a.outlet = ?": self.outlet, "a.published >= ?": self.since,
                 "a.published <= ?": self.until, "c.status = ?": self.status, "c.claim_type = ?": self.claim_type}
        used = [(clause, value) for clause, value in equal.items() if value not in (None, "")]
        clauses, params = [clause for clause, _ in used], [value for _, value in used]
        if self.statuses:
            clauses.append(f"c.status IN ({', '.join('?' * len(self.statuses))})")
            params += list(self.statuses)
        if self.speaker:
            clauses.append("lower(c.speaker) LIKE lower(?)")  # LIKE ignores case on SQLite only
            params.append(f"%{self.speaker}%")
        if self.reviewed_only:
            clauses.append("EXISTS (SELECT 1 FROM status_history h WHERE h.claim_id = c.id AND h.user_id IS NOT NULL)")
        if self.ids is not None:  # one parameter however many: json_each, not IN (?, ?, …)
            clauses.append(ids_in("c.id"))
            params.append(json.dumps([int(claim_id) for claim_id in self.ids]))
        return clauses, params

    def sql(self) -> tuple[str, list]:
        """One WHERE expression ("TRUE" when nothing is filtered) and its parameters."""
        clauses, params = self.clauses()
        return " AND ".join(clauses) or "TRUE", params
