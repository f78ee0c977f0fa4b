"""Read-only queries the pages need and the Workbench API does not (yet) offer.

Each is bounded (LIMIT, or GROUP BY over an indexed column) so pages stay
fast at 100k claims.  They belong in ``workbench/store.py`` in the long run;
they live here because the web package owns only itself.
"""
from __future__ import annotations

from sqlite_utils import Database

from workbench import store
from workbench.stance import party_to_conflict

__all__ = ["counts_by", "attention", "newest_articles", "events_page", "event_articles", "figure_bounds",
           "open_flag_counts"]

PARTY_CANDIDATES = 200  # newest unverified claims scanned for "a party to the conflict, single source"


def _rows(db: Database, sql: str, params: list) -> list[dict]:
    cursor = db.execute(sql, params)
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def counts_by(db: Database, column: str) -> dict[str, int]:
    """Claims per status or per type (both columns are indexed)."""
    assert column in ("status", "claim_type")
    return dict(db.execute(f"SELECT {column}, count(*) FROM claims GROUP BY {column}").fetchall())


def _claims(db: Database, ids: list[int]) -> dict[int, dict]:
    return {claim["id"]: claim for claim in store.get_claims(db, ids)}


def attention(db: Database, limit: int = 5) -> list[dict]:
    """The claims that most need a person: open flags, disputed, conflicting figures, and a party to
    the conflict as the only source.  Each entry: {"reason", "claim", "other" (optional)}."""
    found: list[tuple[str, int, int | None]] = []
    for claim_id, reason in db.execute("""SELECT claim_id, reason FROM flags WHERE resolved_at IS NULL
                                          ORDER BY id DESC LIMIT ?""", [limit]):
        found.append((f"flagged: {reason.replace('_', ' ')}", claim_id, None))
    for (claim_id,) in db.execute("SELECT id FROM claims WHERE status = 'disputed' ORDER BY updated_at DESC "
                                  "LIMIT ?", [limit]):
        found.append(("disputed", claim_id, None))
    for a, b in db.execute("""SELECT r.claim_a, r.claim_b FROM relations r WHERE r.label = 'conflicts'
            AND EXISTS (SELECT 1 FROM figures f WHERE f.claim_id = r.claim_a)
            AND EXISTS (SELECT 1 FROM figures f WHERE f.claim_id = r.claim_b)
            AND (r.source = 'person' OR NOT EXISTS (SELECT 1 FROM relations p WHERE p.source = 'person'
                 AND p.claim_a = r.claim_a AND p.claim_b = r.claim_b))
            ORDER BY r.id DESC LIMIT ?""", [limit]):
        found.append(("conflicting figures", a, b))
    found += [("single source: a party to the conflict", claim_id, None) for claim_id in _party_claims(db, limit)]
    claims = _claims(db, sorted({i for _, a, b in found for i in (a, b) if i}))
    return [{"reason": reason, "claim": claims[a], "other": claims.get(b)} for reason, a, b in found if a in claims]


def _party_claims(db: Database, limit: int) -> list[int]:
    ids = [row[0] for row in db.execute("SELECT id FROM claims WHERE status = 'unverified' AND speaker_kind != "
                                        "'outlet' ORDER BY id DESC LIMIT ?", [PARTY_CANDIDATES])]
    chosen = [claim for claim in store.get_claims(db, ids)
              if claim.get("suggested_status") == "single-source" and party_to_conflict(claim)]
    chosen.sort(key=lambda claim: (-claim["checkworthiness"], -claim["id"]))
    return [claim["id"] for claim in chosen[:limit]]


def newest_articles(db: Database, limit: int, offset: int = 0) -> list[dict]:
    """Articles, most recently ingested first, with their claim counts."""
    return _rows(db, """SELECT a.id, a.outlet, a.url, a.title, a.published, a.language, a.event_id,
                        (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims
                        FROM articles a ORDER BY a.id DESC LIMIT ? OFFSET ?""", [limit, offset])


def events_page(db: Database, limit: int, offset: int = 0) -> list[dict]:
    """Events, latest first, with article and claim counts for this page only."""
    return _rows(db, """SELECT e.id, e.label, e.first_seen, e.last_seen, e.edited,
        (SELECT count(*) FROM articles a WHERE a.event_id = e.id) AS articles,
        (SELECT count(*) FROM claims c JOIN articles a ON a.id = c.article_id WHERE a.event_id = e.id) AS claims
        FROM events e ORDER BY coalesce(e.last_seen, '') DESC, e.id DESC LIMIT ? OFFSET ?""", [limit, offset])


def event_articles(db: Database, event_id: int, limit: int, offset: int = 0) -> list[dict]:
    return _rows(db, """SELECT a.id, a.outlet, a.title, a.url, a.published, a.language,
                        (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims
                        FROM articles a WHERE a.event_id = ? ORDER BY coalesce(a.published, ''), a.id
                        LIMIT ? OFFSET ?""", [event_id, limit, offset])


def figure_bounds(db: Database, claim_ids: list[int]) -> dict[tuple[int, str], dict]:
    """(claim id, kind) -> the claim's first figure of that kind (the one the board describes)."""
    bounds: dict[tuple[int, str], dict] = {}
    for start in range(0, len(claim_ids), 500):
        chunk = claim_ids[start:start + 500]
        for claim_id, kind, low, high, text in db.execute(
                f"SELECT claim_id, kind, min, max, text FROM figures WHERE claim_id IN "
                f"({', '.join('?' * len(chunk))}) ORDER BY id", chunk):
            bounds.setdefault((claim_id, kind), {"min": low, "max": high, "text": text})
    return bounds


def open_flag_counts(db: Database, claim_ids: list[int]) -> dict[int, int]:
    if not claim_ids:
        return {}
    marks = ", ".join("?" * len(claim_ids))
    return dict(db.execute(f"SELECT claim_id, count(*) FROM flags WHERE resolved_at IS NULL AND claim_id IN "
                           f"({marks}) GROUP BY claim_id", claim_ids).fetchall())
