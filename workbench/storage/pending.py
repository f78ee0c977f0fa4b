"""A report too big for one short transaction is stored in several, and stays out of sight until the last.

Tens of thousands of claims take seconds to insert; in one transaction that would hold
claims.db's write lock all along, and every reviewer's status change would wait for it (or fail
after the busy timeout).  So such a report's claims go in a few thousand per transaction under an
article id reserved in ``settings`` (``pending_article:<id>`` → who is writing it), with no
``articles`` row yet: pages, lists, search and exports reach claims through their article, so
they stay out of sight until the last transaction inserts the article row with its event and
relations and drops the reservation.

A process killed half way leaves claims under a reservation whose owner is gone.  The next
connection that opens claims.db (``store.connect``) deletes them, so what a kill leaves is the
whole article or nothing; a reservation whose clean-up failed in this process (a full disk) is
retried the same way.  Reserved ids are never handed to another article (``next_article_id``).
"""
from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import threading
import time

from sqlite_utils import Database

from ..errors import Unavailable
from .postgres import DatabaseError
from .sql import dialect

__all__ = ["reserve", "release", "discard", "recover", "next_article_id", "foreign_keys_off", "reservations"]

PREFIX = "pending_article:"
DELETE_CHUNK = 2000  # claims deleted per transaction when a reservation is cleaned up
STALE_S = 24 * 3600  # a reservation from another host is taken for abandoned after this long
ARTICLE_ID_LOCK = 7_305_002  # PostgreSQL advisory lock: one writer picks an article id at a time
_ABANDONED: set[tuple[str, int]] = set()  # (database file, article id) this process failed to clean up
_LOCK = threading.Lock()


def _key(article_id: int) -> str:
    return f"{PREFIX}{article_id}"


def reservations(db: Database) -> dict[int, dict]:
    """Reserved article id → its owner ({host, pid, started, at})."""
    rows = db.execute("SELECT key, value FROM settings WHERE key LIKE ?", [PREFIX + "%"]).fetchall()
    return {int(key[len(PREFIX):]): json.loads(value) for key, value in rows}


def next_article_id(db: Database) -> int:
    """The id the next article gets: above every stored and every reserved one (call it in the transaction
    that uses it: on SQLite it holds the write lock; on PostgreSQL it takes ``ARTICLE_ID_LOCK`` until commit)."""
    if dialect(db) == "postgresql":
        db.execute("SELECT pg_advisory_xact_lock(?)", [ARTICLE_ID_LOCK])
    top = db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    return max([top, *reservations(db)]) + 1


def _started(pid: int) -> str | None:
    """When a process started (clock ticks since boot, /proc), so a reused pid is not taken for the owner."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _owner() -> dict:
    return {"host": socket.gethostname(), "pid": os.getpid(), "started": _started(os.getpid()), "at": time.time()}


def _alive(owner: dict) -> bool:
    """Whether the process that reserved an id may still be writing under it."""
    if owner.get("host") != socket.gethostname():
        return time.time() - float(owner.get("at") or 0) < STALE_S
    try:
        os.kill(int(owner["pid"]), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, KeyError, ValueError, TypeError):
        return True
    started = _started(int(owner["pid"]))
    return owner.get("started") is None or started is None or started == owner["started"]


def _database(db: Database) -> str:
    if dialect(db) == "postgresql":
        return db.url
    return db.execute("PRAGMA database_list").fetchone()[2] or ":memory:"


_ERRORS = (sqlite3.Error, DatabaseError)


def reserve(db: Database) -> int:
    """Reserve the next article id for this process, in a transaction of its own; return it."""
    with db.atomic():
        article_id = next_article_id(db)
        db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [_key(article_id), json.dumps(_owner())])
    return article_id


def release(db: Database, article_id: int) -> None:
    """Drop the reservation, in the transaction that inserts the article row."""
    db.execute("DELETE FROM settings WHERE key = ?", [_key(article_id)])


def discard(db: Database, article_id: int) -> bool:
    """Delete what was stored under a reservation, a chunk per transaction, then the reservation itself.
    False if claims.db would not let us (busy, full, read-only): the next ``recover`` tries again."""
    try:
        with foreign_keys_on(db):
            while _delete_some(db, article_id):
                pass
            with db.atomic():
                release(db, article_id)
    except (Unavailable, *_ERRORS):  # store.StoreError is an Unavailable
        with _LOCK:
            _ABANDONED.add((_database(db), article_id))
        return False
    with _LOCK:
        _ABANDONED.discard((_database(db), article_id))
    return True


def _delete_some(db: Database, article_id: int) -> int:
    """Delete up to DELETE_CHUNK claims of a reserved article (figures, frames, vectors follow by cascade)."""
    if db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone():
        return 0  # the article was stored after all: its claims are its own
    with db.atomic():
        return db.execute("DELETE FROM claims WHERE id IN (SELECT id FROM claims WHERE article_id = ? "
                          "ORDER BY id LIMIT ?)", [article_id, DELETE_CHUNK]).rowcount


def recover(db: Database) -> int:
    """Clean up reservations whose owner is gone (or whose clean-up failed here); return how many.
    Costs one read of ``settings`` when there are none; a database that cannot be read yet (no schema)
    or written (read-only) is left as it is."""
    try:
        found = reservations(db)
    except _ERRORS:
        if db.conn.in_transaction:
            db.conn.rollback()  # PostgreSQL: a failed statement spoils its transaction
        return 0
    database, cleaned = _database(db) if found else "", 0
    for article_id, owner in found.items():
        with _LOCK:
            abandoned = (database, article_id) in _ABANDONED
        if abandoned or not _alive(owner):
            cleaned += discard(db, article_id)
    return cleaned


@contextlib.contextmanager
def foreign_keys_off(db: Database):
    """Claims may reference their article before its row exists (it is inserted last).  On PostgreSQL
    the claims' foreign key is checked at commit instead, which the last transaction passes."""
    assert not db.conn.in_transaction, "foreign keys can only be switched between transactions"
    if dialect(db) == "postgresql":
        yield db
        return
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        yield db
    finally:
        if db.conn.in_transaction:
            db.conn.rollback()
        db.execute("PRAGMA foreign_keys = ON")


@contextlib.contextmanager
def foreign_keys_on(db: Database):
    """Deleting claims must cascade to their figures, frames and vectors (always so on PostgreSQL)."""
    if db.conn.in_transaction:
        db.conn.rollback()
    if dialect(db) == "postgresql":
        yield db
        return
    previous = db.execute("PRAGMA foreign_keys").fetchone()[0]
    db.execute("PRAGMA foreign_keys = ON")
    try:
        yield db
    finally:
        db.execute(f"PRAGMA foreign_keys = {int(previous)}")
