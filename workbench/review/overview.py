"""Read-only overviews the desk's pages show: counts, what needs attention, pages of articles
and events, figure bounds, open flags.  ``Workbench.overview`` offers them, so faces never write SQL.

Each is bounded (LIMIT, or GROUP BY over an indexed column) so pages stay
fast at 100k claims.
"""
from __future__ import annotations

from sqlite_utils import Database

from ..storage import store
from ..storage.sql import in_chunks
from ..relate.stance import party_to_conflict

__all__ = ["Overview"]

PARTY_CANDIDATES = 200  # newest unverified claims scanned for "a party to the conflict, single source"


def _rows(db: Database, sql: str, params: list) -> list[dict]:
    cursor = db.execute(sql, params)
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def _claims(db: Database, ids: list[int]) -> dict[int, dict]:
    return {claim["id"]: claim for claim in store.get_claims(db, ids)}


def _party_claims(db: Database, limit: int) -> list[int]:
    ids = [row[0] for row in db.execute("SELECT id FROM claims WHERE status = 'unverified' AND speaker_kind != "
                                        "'outlet' ORDER BY id DESC LIMIT ?", [PARTY_CANDIDATES])]
    chosen = [claim for claim in store.get_claims(db, ids)
              if claim.get("suggested_status") == "single-source" and party_to_conflict(claim)]
    chosen.sort(key=lambda claim: (-claim["checkworthiness"], -claim["id"]))
    return [claim["id"] for claim in chosen[:limit]]


class Overview:
    """The overviews, over one connection: ``Workbench.overview.attention()``."""

    def __init__(self, db: Database):
        self._db = db

    def counts_by(self, column: str) -> dict[str, int]:
        """Claims per status or per type (both columns are indexed)."""
        assert column in ("status", "claim_type")
        return dict(self._db.execute(f"SELECT {column}, count(*) FROM claims GROUP BY {column}").fetchall())

    def attention(self, limit: int = 5) -> list[dict]:
        """The claims that most need a person: open flags, disputed, conflicting figures, and a party to
        the conflict as the only source.  Each entry: {"reason", "claim", "other" (optional)}."""
        found: list[tuple[str, int, int | None]] = []
        for claim_id, reason in self._db.execute("""SELECT claim_id, reason FROM flags WHERE resolved_at IS NULL
                                              ORDER BY id DESC LIMIT ?""", [limit]):
            found.append((f"flagged: {reason.replace('_', ' ')}", claim_id, None))
        for (claim_id,) in self._db.execute("SELECT id FROM claims WHERE status = 'disputed' ORDER BY updated_at DESC "
                                      "LIMIT ?", [limit]):
            found.append(("disputed", claim_id, None))
        for a, b in self._db.execute("""SELECT r.claim_a, r.claim_b FROM effective_relations r WHERE r.label = 'conflicts'
                AND EXISTS (SELECT 1 FROM figures f WHERE f.claim_id = r.claim_a)
                AND EXISTS (SELECT 1 FROM figures f WHERE f.claim_id = r.claim_b)
                ORDER BY r.id DESC LIMIT ?""", [limit]):
            found.append(("conflicting figures", a, b))
        found += [("single source: a party to the conflict", claim_id, None)
                  for claim_id in _party_claims(self._db, limit)]
        claims = _claims(self._db, sorted({i for _, a, b in found for i in (a, b) if i}))
        return [{"reason": reason, "claim": claims[a], "other": claims.get(b)} for reason, a, b in found if a in claims]

    def newest_articles(self, limit: int, offset: int = 0) -> list[dict]:
        """Articles, most recently ingested first, with their claim counts."""
        return _rows(self._db, """SELECT a.id, a.outlet, a.url, a.title, a.published, a.language, a.event_id,
                            (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims
                            FROM articles a ORDER BY a.id DESC LIMIT ? OFFSET ?""", [limit, offset])

    def events_page(self, limit: int, offset: int = 0) -> list[dict]:
        """Events, latest first, with article and claim counts for this page only."""
        return _rows(self._db, """SELECT e.id, e.label, e.first_seen, e.last_seen, e.edited,
            (SELECT count(*) FROM articles a WHERE a.event_id = e.id) AS articles,
            (SELECT count(*) FROM claims c JOIN articles a ON a.id = c.article_id WHERE a.event_id = e.id) AS claims
            FROM events e ORDER BY coalesce(e.last_seen, '') DESC, e.id DESC LIMIT ? OFFSET ?""", [limit, offset])

    def event_articles(self, event_id: int, limit: int, offset: int = 0) -> list[dict]:
        return _rows(self._db, """SELECT a.id, a.outlet, a.title, a.url, a.published, a.language,
                            (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims
                            FROM articles a WHERE a.event_id = ? ORDER BY coalesce(a.published, ''), a.id
                            LIMIT ? OFFSET ?""", [event_id, limit, offset])

    def figure_bounds(self, claim_ids: list[int]) -> dict[tuple[int, str], dict]:
        """(claim id, kind) -> the claim's first figure of that kind (the one the board describes)."""
        bounds: dict[tuple[int, str], dict] = {}
        for chunk, marks in in_chunks(claim_ids):
            for claim_id, kind, low, high, text in self._db.execute(
                    f"SELECT claim_id, kind, min, max, text FROM figures WHERE claim_id IN ({marks}) ORDER BY id", chunk):
                bounds.setdefault((claim_id, kind), {"min": low, "max": high, "text": text})
        return bounds

    def outlets(self, limit: int = 300) -> list[str]:
        """Outlet names for a filter's choices, alphabetically."""
        return [row[0] for row in self._db.execute("SELECT DISTINCT outlet FROM articles ORDER BY outlet LIMIT ?", [limit])]

    def open_flag_counts(self, claim_ids: list[int]) -> dict[int, int]:
        counts: dict[int, int] = {}
        for chunk, marks in in_chunks(claim_ids):
            counts.update(self._db.execute(f"SELECT claim_id, count(*) FROM flags WHERE resolved_at IS NULL AND "
                                           f"claim_id IN ({marks}) GROUP BY claim_id", chunk))
        return counts

