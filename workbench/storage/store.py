"""Stage 6 — store: claims.db, the newsroom's source of truth.

One connection per caller (per request in the web UI), WAL so readers never
block the writer, a busy timeout so a second process waits instead of
failing, and an article that is whole or absent, so a crash never leaves
half of one behind (``pending.py`` for the reports too big for one short
transaction).  The WAL is kept bounded (``journal_size_limit``, and a
checkpoint after a big ingest); a database that cannot be written — busy,
read-only, a full disk — is a ``StoreError`` (HTTP 503) naming the reason.
Every query that a face (CLI, web, scripts) needs lives here, returning
plain dicts in the stable claim JSON shape.
"""
from __future__ import annotations

import contextlib
import json
import secrets
import sqlite3
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from .. import errors
from ..encode.vectors import store_vectors
from ..errors import Unavailable, database_trouble, first_line
from ..model import Claim
from . import pending, postgres
from .migrations import apply_migrations
from .relations import summaries as summarise
from .sql import NO_LIMIT, ClaimFilter, dialect, in_chunks
from ..text.hashing import content_hash  # noqa: F401  (store.content_hash: the API callers use)

__all__ = ["StoreError", "Busy", "DatabaseErrors", "IntegrityErrors", "OperationalErrors", "dialect", "data_version",
           "database_target", "database_label", "shared_secret", "explain_error", "relabel", "connect",
           "content_hash", "now", "find_duplicate",
           "insert_article", "insert_claims", "insert_article_row", "snapshot", "checkpoint", "pause_for_others",
           "unusable", "list_articles", "list_claims", "get_claim", "get_claims", "count_rows", "WAL_LIMIT_BYTES"]

BUSY_TIMEOUT_S = 15.0
WAL_LIMIT_BYTES = 64 * 1024 * 1024  # journal_size_limit: what the WAL is cut back to once checkpointed
CHECKPOINT_CHANGES = 16000 # rows this process changed since its last checkpoint, at which it runs another
CHECKPOINT_WAIT_S = 0.2    # how long a checkpoint waits for the write lock before leaving it to the next commit
PAUSES = ((0.12, 0.03), (0.22, 0.06), (float("inf"), 0.11))  # (lock held under, s) -> pause, s: see pause_for_others


class StoreError(Unavailable):
    """claims.db cannot be used: locked, not a database, unwritable."""


class Busy(StoreError, errors.Busy):
    """Another write held claims.db's lock for the whole busy timeout; nothing was changed, try again."""


# Either engine's errors, for the few places that catch them (``except store.IntegrityErrors``).
DatabaseErrors = (sqlite3.Error, postgres.DatabaseError)
IntegrityErrors = (sqlite3.IntegrityError, postgres.IntegrityError)
OperationalErrors = (sqlite3.OperationalError, postgres.OperationalError)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def explain_error(error: Exception, label: str) -> StoreError:
    """One line naming ``label`` and why claims.db could not be used (``Busy`` for a held lock)."""
    trouble = database_trouble(error, label, BUSY_TIMEOUT_S)
    if trouble is None:
        return StoreError(f"{label}: {error}")
    kind, message = trouble
    return Busy(message) if kind == "busy" else StoreError(message)


def unusable(error: Exception) -> bool:
    """Whether the error is about claims.db itself (busy, read-only, disk full, damaged), not about a query."""
    return database_trouble(error, "", 0) is not None


def relabel(error: StoreError, label: str) -> StoreError:
    """The same kind of error, its message prefixed with what was being done (``report.txt not stored``)."""
    return type(error)(f"{label}: {error}")


class _Database(Database):
    """sqlite-utils' Database, except that a transaction takes the write lock when it begins.

    sqlite-utils begins with a deferred ``BEGIN``.  A deferred transaction that reads before it
    writes (``insert`` looks the table up first; ``set_status`` reads the current status) cannot
    wait for the lock: if another connection holds it, or has committed since that first read,
    SQLite refuses the write at once with "database is locked", whatever the busy timeout — so a
    web request failed whenever a batch ingest committed at the wrong moment, and vice versa.
    ``BEGIN IMMEDIATE`` waits (up to the busy timeout) for the lock before reading anything.

    A lock still held after the timeout, a read-only file or a full disk rolls the transaction
    back and becomes a ``StoreError`` (``Busy`` for the lock): a 503 "try again", never a 500.
    """

    @contextlib.contextmanager
    def atomic(self):
        if self.conn.in_transaction:  # nested: sqlite-utils' savepoint
            with super().atomic():
                yield self
            return
        changes_before = self.conn.total_changes
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if unusable(error):
                raise explain_error(error, "claims.db") from error
            raise
        try:
            yield self
            self.conn.execute("COMMIT")
        except BaseException as error:
            if self.conn.in_transaction:
                self.conn.rollback()
            if isinstance(error, sqlite3.OperationalError) and unusable(error):
                raise explain_error(error, "claims.db") from error
            raise
        _WAL.committed(self, self.conn.total_changes - changes_before)


class _WalGrowth:
    """Rows this process has changed since it last checkpointed, over all its connections: SQLite's own
    checkpoints are off (``connect``), so the WAL is copied back here, every CHECKPOINT_CHANGES rows."""

    def __init__(self):
        self.lock, self.changes = threading.Lock(), 0

    def committed(self, db: Database, changes: int) -> None:
        with self.lock:
            self.changes += changes
            due = self.changes >= CHECKPOINT_CHANGES
        if due and checkpoint(db):
            with self.lock:
                self.changes = 0


_WAL = _WalGrowth()


@contextlib.contextmanager
def snapshot(db: Database):
    """Reads that must agree with each other (one WAL snapshot), without taking the write lock;
    inside a transaction already, they are simply part of it."""
    if db.conn.in_transaction:
        yield db
        return
    db.conn.execute("BEGIN" if dialect(db) == "sqlite" else "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    try:
        yield db
    finally:
        if db.conn.in_transaction:
            db.conn.rollback()  # nothing was written: ending the read is all it does


def pause_for_others(held_s: float) -> None:
    """Between two transactions of one long job, leave the write lock free long enough for a writer that
    waited ``held_s`` to get it.  Waiting writers retry on SQLite's busy-handler schedule — sleeps of up
    to 25 ms in their first 0.13 s, 50 ms until 0.23 s, then 100 ms — so taking the lock back the moment
    it is released would let them miss every chance and wait for the whole job."""
    time.sleep(next(pause for waited, pause in PAUSES if held_s < waited))


def checkpoint(db: Database) -> bool:
    """Copy what the WAL holds into claims.db now, as far as readers allow, while a second connection
    holds the write lock; the next write then starts the WAL over, cut back to ``journal_size_limit``.

    Why the lock: SQLite before 3.51.3 (Debian's is 3.40) has the WAL-reset race — a checkpoint that
    starts just after another one, while a third connection's commit restarts the WAL, can corrupt
    the database.  A checkpoint of SQLite's own (after any commit, holding no lock) is exactly that
    under load, so ``connect`` turns them off; one run here meets no commit, because no writer can
    begin while the guard holds the lock.  If the lock stays taken for CHECKPOINT_WAIT_S the
    checkpoint is left to a later commit (False): a writer is never held up by it."""
    if dialect(db) != "sqlite":
        return True  # PostgreSQL checkpoints on its own schedule
    path = db.execute("PRAGMA database_list").fetchone()[2]
    if not path or db.conn.in_transaction:
        return False  # in memory there is no WAL; inside a transaction a checkpoint cannot run
    guard = sqlite3.connect(path, timeout=CHECKPOINT_WAIT_S, isolation_level=None)
    try:
        guard.execute("BEGIN IMMEDIATE")
        try:
            busy = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[0]
        finally:
            guard.execute("ROLLBACK")
        return not busy
    except sqlite3.Error:
        return False  # the lock is taken, or the file is read-only: nothing copied, nothing lost
    finally:
        guard.close()


def connect(db_path: str | Path, migrate: bool = True) -> Database:
    """Open (creating if needed) claims.db with WAL, foreign keys and migrations applied; a
    ``postgresql://`` URL opens that database instead (``postgres.py``)."""
    if postgres.is_postgres(db_path):
        return _connect_postgres(db_path, migrate)
    db_path = str(db_path)
    if db_path != ":memory:" and not Path(db_path).parent.exists():
        raise StoreError(f"{db_path}: folder {Path(db_path).parent} does not exist")
    try:
        conn = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        db = _Database(conn)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if db_path != ":memory:" and db.journal_mode != "wal":
            db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")  # with WAL: never corrupt, fsync at checkpoints
        db.execute("PRAGMA mmap_size = 268435456")  # pages shared through the OS, not re-read per connection
        db.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT_BYTES}")  # the WAL shrinks back after a big write
        db.execute("PRAGMA wal_autocheckpoint = 0")  # checkpoints only under the write lock: see checkpoint()
        if migrate:
            apply_migrations(db)
    except sqlite3.Error as error:
        raise explain_error(error, db_path) from error
    except StoreError as error:
        raise relabel(error, db_path) from error
    pending.recover(db)  # claims a killed process left under a reserved article id: removed
    return db


def data_version(db) -> int:
    """A number that changes when another connection commits a change (SQLite's data_version), or, on
    PostgreSQL, whenever any writer commits claims or vectors (the ``changes`` counter): the cue to
    check the FAISS index against the database again."""
    if dialect(db) == "postgresql":
        return db.execute("SELECT counter FROM changes WHERE id = 1").fetchone()[0]
    return db.execute("PRAGMA data_version").fetchone()[0]


def database_target(value: str | Path) -> Path | postgres.DatabaseURL:
    """What ``WORKBENCH_DB`` / ``--db`` names: a claims.db path, or a ``postgresql://`` URL."""
    text = str(value)
    return postgres.DatabaseURL(text) if postgres.is_postgres(text) else Path(value)


def database_label(target) -> str:
    """The database for messages: the path, or the URL without its password."""
    return target.label if isinstance(target, postgres.DatabaseURL) else str(target)


def shared_secret(db, key: str = "session_secret") -> str:
    """A random secret kept in the database, the same for every server that opens it (sessions signed by
    one are valid on the others behind a load balancer); made on first use."""
    with db.atomic():
        db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                   [key, secrets.token_hex(32)])
        return db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()[0]


def _connect_postgres(url: str, migrate: bool):
    label = postgres.display_url(url)
    try:
        db = postgres.PostgresDatabase(url, BUSY_TIMEOUT_S, explain_error)
    except postgres.ConnectErrors as error:  # psycopg_pool's PoolTimeout carries the server's reason
        raise StoreError(f"{label}: cannot connect to PostgreSQL ({first_line(error)})") from error
    try:
        if migrate:
            apply_migrations(db)
    except postgres.DatabaseError as error:
        db.close()
        raise explain_error(error, label) from error
    except StoreError as error:
        db.close()
        raise relabel(error, label) from error
    pending.recover(db)
    return db


def find_duplicate(db: Database, text_hash: str) -> dict | None:
    rows = db.execute("SELECT id, outlet, title FROM articles WHERE content_hash = ?", [text_hash]).fetchall()
    return dict(zip(("id", "outlet", "title"), rows[0])) if rows else None


_CLAIM_COLUMNS = ("article_id", "position", "char_start", "char_end", "text", "claim_type", "checkworthiness",
                  "speaker", "speaker_kind", "attribution_verb", "hedged", "hedges", "created_at", "updated_at")
_INSERT_CLAIM = (f"INSERT INTO claims ({', '.join(_CLAIM_COLUMNS)}) "
                 f"VALUES ({', '.join('?' * len(_CLAIM_COLUMNS))}) RETURNING id")


def insert_article(db: Database, article: dict, claims: list[dict], vectors=None, model: str | None = None
                   ) -> tuple[int, list[int]]:
    """Insert an article, its claims, their figures, frames and (if given) vectors in one
    transaction; return the article id and the claim ids in order.

    ``claims`` are dicts of claim columns plus ``figures`` and ``frames``.  Plain
    statements, not sqlite-utils' inserts: this is the hot path of a bulk ingest.
    """
    with db.atomic():
        article_id = pending.next_article_id(db)
        insert_article_row(db, article_id, article)
        claim_ids = insert_claims(db, article_id, claims, vectors, model)
    return article_id, claim_ids


def insert_article_row(db: Database, article_id: int, article: dict) -> None:
    """The article row under an id chosen by the caller (``pending.next_article_id``), in its transaction."""
    row = {**article, "id": article_id, "ingested_at": now()}
    columns = ", ".join(f'"{column}"' for column in row)
    db.execute(f"INSERT INTO articles ({columns}) VALUES ({', '.join('?' * len(row))})", list(row.values()))


def insert_claims(db: Database, article_id: int, claims: list[dict], vectors=None, model: str | None = None
                  ) -> list[int]:
    """Claims of an article with their figures, frames and vectors, in the caller's transaction; their ids."""
    stamp = now()
    rows = [[{**claim, "article_id": article_id, "created_at": stamp, "updated_at": stamp,
              "hedges": json.dumps(claim.get("hedges", []), ensure_ascii=False)}[column] for column in _CLAIM_COLUMNS]
            for claim in claims]
    if dialect(db) == "postgresql":
        claim_ids = db.conn.insert_returning(_INSERT_CLAIM, rows)
    else:
        claim_ids = [db.conn.execute(_INSERT_CLAIM, row).fetchone()[0] for row in rows]
    figure_rows, frame_rows = [], []
    for claim, claim_id in zip(claims, claim_ids):
        figure_rows += [(claim_id, f["kind"], f["min"], f["max"], f["approximate"], f["text"],
                         f.get("revision", False), f.get("previous")) for f in claim.get("figures", [])]
        frame_rows += [(claim_id, frame) for frame in claim.get("frames", [])]
    db.conn.executemany("INSERT INTO figures (claim_id, kind, min, max, approximate, text, revision, previous) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", figure_rows)
    db.conn.executemany("INSERT INTO claim_frames (claim_id, frame) VALUES (?, ?)", frame_rows)
    if vectors is not None and claim_ids:
        store_vectors(db, claim_ids, [claim["text"] for claim in claims], vectors, model)
    return claim_ids


def count_rows(db: Database, table: str) -> int:
    return db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def list_articles(db: Database, limit: int | None = None, offset: int = 0) -> list[dict]:
    sql = """SELECT a.id, a.outlet, a.url, a.title, a.published, a.language, a.source, a.ingested_at,
                    (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims
             FROM articles a ORDER BY a.id LIMIT ? OFFSET ?"""
    cursor = db.execute(sql, [limit if limit is not None else NO_LIMIT, offset])
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def get_article(db: Database, article_id: int) -> dict | None:
    """One article with its text and headings (a list), or None."""
    cursor = db.execute("SELECT * FROM articles WHERE id = ?", [article_id])
    row = cursor.fetchone()
    if row is None:
        return None
    article = dict(zip([column[0] for column in cursor.description], row))
    article["headings"] = json.loads(article["headings"])
    return article


_CLAIM_SELECT = """SELECT c.id, c.article_id, a.event_id, a.outlet, a.published, a.language, c.position,
    c.char_start, c.char_end, c.text, c.claim_type, c.checkworthiness, c.speaker, c.speaker_kind,
    c.attribution_verb, c.hedged, c.hedges, c.status, coalesce(e.story_id, e.id) AS story_id
    FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN events e ON e.id = a.event_id"""


def _figures_by_claim(db: Database, claim_ids: list[int]) -> dict[int, list[dict]]:
    figures: dict[int, list[dict]] = {claim_id: [] for claim_id in claim_ids}
    for chunk, marks in in_chunks(claim_ids):
        rows = db.execute(f"SELECT claim_id, kind, min, max, approximate, text, revision, previous FROM figures "
                          f"WHERE claim_id IN ({marks}) ORDER BY id", chunk).fetchall()
        for claim_id, kind, low, high, approximate, text, revision, previous in rows:
            figures[claim_id].append({"kind": kind, "min": low, "max": high, "approximate": bool(approximate),
                                      "text": text, "revision": bool(revision), "previous": previous})
    return figures


def _claim_dicts(db: Database, sql: str, params: list, summaries: bool = True) -> list[dict]:
    cursor = db.execute(sql, params)
    columns = [column[0] for column in cursor.description]
    claims = [dict(zip(columns, row)) for row in cursor.fetchall()]
    ids = [claim["id"] for claim in claims]
    figures, frames = _figures_by_claim(db, ids), _frames_by_claim(db, ids)

    summary = summarise(db, ids) if summaries else {}
    for claim in claims:
        claim["hedged"] = bool(claim["hedged"])
        claim["hedges"] = json.loads(claim["hedges"])
        claim["figures"] = figures[claim["id"]]
        claim["frames"] = frames[claim["id"]]
        claim.update(summary.get(claim["id"], {}))
    return claims


def _frames_by_claim(db: Database, claim_ids: list[int]) -> dict[int, list[str]]:
    frames: dict[int, list[str]] = {claim_id: [] for claim_id in claim_ids}
    for chunk, marks in in_chunks(claim_ids):
        for claim_id, frame in db.execute(f"SELECT claim_id, frame FROM claim_frames WHERE claim_id IN ({marks}) "
                                          f"ORDER BY rowid", chunk):
            frames[claim_id].append(frame)
    return frames


def list_claims(db: Database, article_id: int | None = None, status: str | None = None,
                claim_type: str | None = None, speaker: str | None = None,
                limit: int | None = None, offset: int = 0) -> list[Claim]:
    """Claims in article order, filtered; speaker matches case-insensitively as a substring."""
    where, params = ClaimFilter(article_id=article_id, status=status, claim_type=claim_type, speaker=speaker).sql()
    sql = f"{_CLAIM_SELECT} WHERE {where} ORDER BY c.article_id, c.position LIMIT ? OFFSET ?"
    return _claim_dicts(db, sql, params + [limit if limit is not None else NO_LIMIT, offset])


def get_claim(db: Database, claim_id: int) -> Claim | None:
    claims = _claim_dicts(db, _CLAIM_SELECT + " WHERE c.id = ?", [claim_id])
    return claims[0] if claims else None


def get_claims(db: Database, claim_ids: list[int], summaries: bool = True) -> list[Claim]:
    """Claims by id (those that still exist), in no particular order; ``summaries=False`` skips
    the corroboration counts (for internal comparisons, where they are not needed)."""
    claims = []
    for chunk, marks in in_chunks([int(claim_id) for claim_id in claim_ids]):
        claims += _claim_dicts(db, _CLAIM_SELECT + f" WHERE c.id IN ({marks})", chunk, summaries)
    return claims
