"""Review: accounts, status changes with evidence, flags, the editors' queue.

The same functions serve the web UI, the JSON API and the CLI, so an
editor's script and the UI never disagree.  Every change records who made
it; a status change names the status it expects to replace, so when two
people change one claim at once the second gets a clear conflict instead
of silently overwriting the first.  Passwords and API tokens are stored only
as hashes (werkzeug's scrypt; tokens as SHA-256 of a random secret).
"""
from __future__ import annotations

import json

from sqlite_utils import Database

from ..errors import Conflict, NotFound
from ..model import FLAG_REASONS, STATUSES, SUGGESTION_STATUS
from ..storage.relations import conflicting_sources_sql
from ..storage.sql import ClaimFilter
from ..storage import store
from ..storage.store import now
from ..text.valid import is_http_url, valid
from .accounts import (MIN_PASSWORD, AccountDisabled, add_user, authenticate, check_password, create_token,
                       demo_account, disable_user, enable_user, end_sessions, get_user, list_users, normalise_name,
                       remove_user, revoke_token, session_id, set_password, set_role, user_for_session, user_for_token)
from .base import PermissionDenied, ReviewError, fetch_all as _rows, require_role

__all__ = ["ReviewError", "PermissionDenied", "StaleStatus", "FLAG_REASONS", "SUGGESTION_STATUS", "add_user",
           "authenticate", "get_user", "list_users", "set_role", "create_token", "user_for_token", "set_status",
           "history", "add_flag", "resolve_flag", "list_flags", "queue", "set_relation", "accept_suggestion",
           "require_role", "QUEUE_SORTS", "MIN_PASSWORD", "AccountDisabled", "check_password", "demo_account",
           "disable_user", "enable_user", "end_sessions", "remove_user", "revoke_token", "session_id",
           "set_password", "user_for_session", "normalise_name"]

QUEUE_SORTS = {"checkworthiness": "c.checkworthiness DESC", "conflicts": "conflicts DESC",
               "age": "a.published ASC", "newest": "c.id DESC"}


class StaleStatus(Conflict, ReviewError):
    """Someone else changed the claim's status since the user loaded it."""


# -- accounts: users, passwords, sessions and tokens live in ``accounts`` (re-exported above) ----------


# -- status ------------------------------------------------------------------
def _claim_status(db: Database, claim_id: int, for_update: bool = False) -> str:
    """The claim's status; ``for_update`` (inside a transaction) also locks its row until commit, as SQLite's
    write lock does, so on PostgreSQL two reviewers deciding at once cannot both pass the stale check."""
    lock = " FOR UPDATE" if for_update and store.dialect(db) == "postgresql" else ""
    row = db.execute("SELECT status FROM claims WHERE id = ?" + lock, [claim_id]).fetchone()
    if row is None:
        raise NotFound(f"claim {claim_id} does not exist")
    return row[0]


def _evidence(items) -> list[str]:
    """Evidence entries: other claim ids ("#12" or "12") or http(s) URLs (valid text, ``text.valid``)."""
    cleaned = []
    for item in items or []:
        item = valid(str(item)).strip()
        if not item:
            continue
        number = item.removeprefix("#")
        if number.isdecimal() and len(number) <= 18:  # not isdigit: "²"; a row id fits SQLite's INTEGER
            cleaned.append(f"#{number}")
        elif is_http_url(item):
            cleaned.append(item)
        else:
            raise ReviewError(f"evidence {item[:60]!r} is neither a claim id nor an http(s) URL")
    return cleaned


def set_status(db: Database, claim_id: int, status: str, note: str, user: dict, evidence=(),
               expected: str | None = None) -> dict:
    """Change a claim's status (fact-checkers and above) with a required note; refuse if the
    status is no longer ``expected`` (someone else changed it first)."""
    require_role(user, "factchecker")
    if status not in STATUSES:
        raise ReviewError(f"status must be one of {', '.join(STATUSES)}")
    note = valid(note)
    if not (note or "").strip():
        raise ReviewError("a status change needs a note saying why")
    evidence = _evidence(evidence)
    with db.atomic():
        current = _claim_status(db, claim_id, for_update=True)
        if expected is not None and current != expected:
            raise StaleStatus(f"claim {claim_id} is now {current!r} (changed by someone else since you loaded it, "
                              f"when it was {expected!r}); reload and decide again")
        db.execute("UPDATE claims SET status = ?, updated_at = ? WHERE id = ?", [status, now(), claim_id])
        db["status_history"].insert({"claim_id": claim_id, "user_id": user["id"], "from_status": current,
                                     "to_status": status, "note": note.strip(), "evidence": json.dumps(evidence),
                                     "at": now()})
    return history(db, claim_id)[-1]


def history(db: Database, claim_id: int) -> list[dict]:
    _claim_status(db, claim_id)
    rows = _rows(db, """SELECT h.id, h.claim_id, u.name AS user, h.from_status, h.to_status, h.note, h.evidence, h.at
                        FROM status_history h LEFT JOIN users u ON u.id = h.user_id
                        WHERE h.claim_id = ? ORDER BY h.id""", [claim_id])
    for row in rows:
        row["evidence"] = json.loads(row["evidence"])
    return rows


def accept_suggestion(db: Database, claim_id: int, suggested: str, user: dict, note: str | None = None,
                      expected: str | None = None) -> dict:
    """Adopt the suggested status (corroborated → confirmed, disputed → disputed, single-source → in_review)."""
    if suggested not in SUGGESTION_STATUS:
        raise ReviewError(f"unknown suggestion {suggested!r}")
    return set_status(db, claim_id, SUGGESTION_STATUS[suggested], note or f"accepted the suggestion: {suggested}",
                      user, expected=expected)


# -- flags -------------------------------------------------------------------
def add_flag(db: Database, claim_id: int, reason: str, user: dict, note: str | None = None) -> dict:
    require_role(user, "editor")
    if reason not in FLAG_REASONS:
        raise ReviewError(f"flag reason must be one of {', '.join(FLAG_REASONS)}")
    _claim_status(db, claim_id)
    with db.atomic():
        flag_id = db["flags"].insert({"claim_id": claim_id, "user_id": user["id"], "reason": reason,
                                      "note": valid(note or "").strip() or None, "created_at": now()}).last_pk
    return list_flags(db, flag_id=flag_id)[0]


def resolve_flag(db: Database, flag_id: int, user: dict, claim_id: int | None = None) -> dict:
    """Resolve an open flag; with ``claim_id`` (a page's /claims/<id>/flags/<id>), only a flag of that
    claim: another claim's flag is not there, so it is not found."""
    require_role(user, "editor")
    with db.atomic():
        found = db.execute("SELECT resolved_at FROM flags WHERE id = ? AND (? IS NULL OR claim_id = ?)",
                           [flag_id, claim_id, claim_id]).fetchone()
        if found is None:
            raise NotFound(f"flag {flag_id} does not exist" + (f" on claim {claim_id}" if claim_id is not None else ""))
        if found[0]:
            raise StaleStatus(f"flag {flag_id} was already resolved")
        db.execute("UPDATE flags SET resolved_by = ?, resolved_at = ? WHERE id = ?", [user["id"], now(), flag_id])
    return list_flags(db, flag_id=flag_id)[0]


def list_flags(db: Database, open_only: bool = False, claim_id: int | None = None, flag_id: int | None = None
               ) -> list[dict]:
    where, params = [], []
    for clause, value in (("f.claim_id = ?", claim_id), ("f.id = ?", flag_id)):
        if value is not None:
            where.append(clause)
            params.append(value)
    if open_only:
        where.append("f.resolved_at IS NULL")
    return _rows(db, f"""SELECT f.id, f.claim_id, f.reason, f.note, u.name AS user, f.created_at,
                         r.name AS resolved_by, f.resolved_at, c.text AS claim_text
                         FROM flags f JOIN claims c ON c.id = f.claim_id LEFT JOIN users u ON u.id = f.user_id
                         LEFT JOIN users r ON r.id = f.resolved_by
                         WHERE {' AND '.join(where) or '1'} ORDER BY f.id""", params)


# -- the editors' queue --------------------------------------------------------
def queue(db: Database, outlet: str | None = None, claim_type: str | None = None, status: str | None = None,
          speaker: str | None = None, since: str | None = None, until: str | None = None,
          sort: str = "checkworthiness", limit: int = 50, offset: int = 0,
          ids: tuple[int, ...] | None = None) -> tuple[list[int], int]:
    """Ids of unconfirmed or flagged claims for the filters and sort (among ``ids`` when given), and how
    many there are in all."""
    where, params = ClaimFilter(outlet=outlet, claim_type=claim_type, status=status, speaker=speaker, since=since,
                                until=until, ids=ids).clauses()
    where.insert(0, "(c.status IN ('unverified', 'in_review', 'disputed') OR EXISTS (SELECT 1 FROM flags f "
                    "WHERE f.claim_id = c.id AND f.resolved_at IS NULL))")
    order = QUEUE_SORTS.get(sort)
    if order is None:
        raise ReviewError(f"sort must be one of {', '.join(QUEUE_SORTS)}")
    conflicts = f"{conflicting_sources_sql()} AS conflicts"  # counted as the claim summaries count
    base = f"FROM claims c JOIN articles a ON a.id = c.article_id WHERE {' AND '.join(where)}"
    total = db.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    ids = [row[0] for row in db.execute(f"SELECT c.id, {conflicts} {base} ORDER BY {order}, c.id LIMIT ? OFFSET ?",
                                        params + [limit, offset])]
    return ids, total


# -- relations set by a person -----------------------------------------------
def set_relation(db: Database, claim_a: int, claim_b: int, label: str, user: dict, note: str | None = None) -> dict:
    """A person's verdict on a pair (confirming or correcting the computed one); it wins from now on."""
    require_role(user, "factchecker")
    if label not in ("corroborates", "conflicts", "related", "unrelated"):
        raise ReviewError("relation must be corroborates, conflicts, related or unrelated")
    if claim_a == claim_b:
        raise ReviewError("a claim cannot be related to itself")
    for claim_id in (claim_a, claim_b):
        _claim_status(db, claim_id)
    low, high = sorted((claim_a, claim_b))
    note = valid(note)
    with db.atomic():
        db.execute("""INSERT INTO relations (claim_a, claim_b, label, confidence, reasons, independent, source,
                      user_id, note, at) VALUES (?, ?, ?, 1.0, ?, 1, 'person', ?, ?, ?)
                      ON CONFLICT (claim_a, claim_b, source) DO UPDATE SET label = excluded.label,
                      user_id = excluded.user_id, note = excluded.note, at = excluded.at,
                      reasons = excluded.reasons""",
                   [low, high, label, json.dumps([f"set by {user['name']}" + (f": {note}" if note else "")]),
                    user["id"], note, now()])
    return {"claim_a": low, "claim_b": high, "label": label, "source": "person", "user": user["name"], "note": note}
