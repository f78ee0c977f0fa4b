"""claims.db on PostgreSQL: the same store behind the same calls, for a desk that outgrows one file.

``WORKBENCH_DB=postgresql://…`` opens a ``PostgresDatabase`` instead of the SQLite file.  It
offers the part of sqlite-utils' ``Database`` the storage code uses — ``execute``,
``executescript``, ``conn.executemany``, ``atomic()``, ``db[table].insert`` — so every query
is written once.  They are written in the SQL both engines share (``?`` placeholders, ``ON
CONFLICT``, ``RETURNING``, ``TRUE``, ``"quoted"`` names, ``coalesce``); ``to_postgres``
rewrites the few spellings that differ, listed in ``_SPELLINGS``.  What cannot be one query
(full-text search, the change counter, backups) asks ``db.dialect``.

Driver: psycopg 3 with psycopg_pool (connections are borrowed per request and given back,
so two web servers and an ingest share a bounded number of server connections).  Parameters
are bound client-side (``ClientCursor``), as sqlite3 binds them: a ``? IS NULL`` or an untyped
``NULL`` needs no cast, and a script runs in one round trip.  Each
connection runs in autocommit; ``atomic()`` is one transaction (nested: a savepoint), as
on SQLite, with a lock timeout equal to SQLite's busy timeout so a held row lock becomes
the same 503 "busy, try again".
"""
from __future__ import annotations

import contextlib
import re
import threading
from functools import lru_cache
from urllib.parse import urlsplit

import psycopg
from psycopg.adapt import Dumper, Loader
from psycopg_pool import ConnectionPool, PoolTimeout

from ..errors import database_trouble

__all__ = ["DatabaseURL", "is_postgres", "PostgresDatabase", "to_postgres", "open_pool", "close_pools", "display_url",
           "POOL_SIZE"]

POOL_SIZE = 10  # connections per process and database: request threads beyond it wait for one
CONNECT_TIMEOUT_S = 10
SCHEMES = ("postgresql://", "postgres://")

# Spellings SQLite and PostgreSQL do not share, each rewritten outside string literals.
_SPELLINGS = (
    (re.compile(r"\bjson_each\(", re.I), "json_array_elements_text("),   # ids passed as one JSON array
    (re.compile(r"\bjson_array\(", re.I), "json_build_array("),
    (re.compile(r"\bgroup_concat\(", re.I), "string_agg("),
    (re.compile(r"\bchar\(31\)", re.I), "chr(31)"),
    (re.compile(r"\s+INDEXED BY \w+", re.I), ""),                       # SQLite planner hints:
    (re.compile(r"\b(WHERE|AND|OR) \+(?=[A-Za-z_])", re.I), r"\1 "),       # "+column" keeps an index out
)
_LITERAL = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")


def is_postgres(target) -> bool:
    return isinstance(target, str) and target.startswith(SCHEMES)


class DatabaseURL(str):
    """A PostgreSQL URL where a claims.db path would stand (``Workbench.db_path``)."""

    @property
    def label(self) -> str:
        return display_url(self)

    @property
    def name(self) -> str:
        return urlsplit(self).path.lstrip("/") or "postgres"

    def exists(self) -> bool:
        return True  # a server database, created by its operator: migrations make the schema


def display_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


@lru_cache(maxsize=4096)
def to_postgres(sql: str, named: bool = False) -> str:
    """The query in psycopg's spelling: ``?`` → ``%s`` (``:name`` → ``%(name)s`` when ``named``), a
    literal ``%`` doubled, ``_SPELLINGS`` applied; string literals and quoted names are left as written."""
    pieces, cursor = [], 0
    for literal in _LITERAL.finditer(sql):
        pieces.append(_code(sql[cursor:literal.start()], named))
        pieces.append(literal.group().replace("%", "%%"))
        cursor = literal.end()
    pieces.append(_code(sql[cursor:], named))
    return "".join(pieces)


_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def _code(sql: str, named: bool) -> str:
    sql = sql.replace("%", "%%").replace("?", "%s")
    if named:
        sql = _NAMED.sub(r"%(\1)s", sql)
    for pattern, spelling in _SPELLINGS:
        sql = pattern.sub(spelling, sql)
    return sql


_POOLS: dict[str, ConnectionPool] = {}
_POOLS_LOCK = threading.Lock()


class _FlagDumper(Dumper):
    """Python's True/False as 1/0, as SQLite stores them: flags are INTEGER columns on both engines."""

    oid = psycopg.adapters.types["int4"].oid

    def dump(self, obj) -> bytes:
        return b"1" if obj else b"0"


class _NumberLoader(Loader):
    """NUMERIC (what ``sum`` of integers gives) as an int, or a float when it has a fraction: as SQLite
    returns sums, never a Decimal that JSON and numpy would refuse."""

    def load(self, data) -> int | float:
        text = bytes(data).decode()
        return float(text) if any(mark in text for mark in ".eEN") else int(text)


def _configure(conn: psycopg.Connection) -> None:
    conn.adapters.register_dumper(bool, _FlagDumper)
    conn.adapters.register_loader("numeric", _NumberLoader)
    conn.autocommit = True
    conn.execute("SET client_encoding = 'UTF8'")


def open_pool(url: str) -> ConnectionPool:
    """The process's pool for ``url`` (one per database, opened on first use)."""
    with _POOLS_LOCK:
        pool = _POOLS.get(url)
        if pool is None or pool.closed:
            pool = ConnectionPool(url, min_size=1, max_size=POOL_SIZE, configure=_configure, open=False,
                                  kwargs={"connect_timeout": CONNECT_TIMEOUT_S, "cursor_factory": psycopg.ClientCursor},
                                  timeout=CONNECT_TIMEOUT_S * 3, name=f"workbench:{display_url(url)}")
            pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
            _POOLS[url] = pool
        return pool


def close_pools() -> None:
    """Close every pool (tests dropping their databases, a process shutting down)."""
    with _POOLS_LOCK:
        for pool in _POOLS.values():
            pool.close()
        _POOLS.clear()


class _Cursor:
    """A psycopg cursor whose ``fetchall``/``fetchone`` answer as sqlite3's do after a statement that
    returns no rows (an empty list, None) instead of raising."""

    def __init__(self, cursor: psycopg.Cursor):
        self._cursor = cursor

    def __getattr__(self, name):
        return getattr(self._cursor, name)

    def __iter__(self):
        return iter(self._cursor)

    def fetchall(self):
        return self._cursor.fetchall() if self._cursor.description else []

    def fetchone(self):
        return self._cursor.fetchone() if self._cursor.description else None


class _Connection:
    """The part of a sqlite3 connection the storage code touches (``db.conn``)."""

    def __init__(self, raw: psycopg.Connection):
        self.raw = raw

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def execute(self, sql: str, params=()) -> _Cursor:
        cursor = self.raw.cursor()
        cursor.execute(to_postgres(sql, isinstance(params, dict)), _params(params))
        return _Cursor(cursor)

    def executemany(self, sql: str, rows) -> None:
        rows = [_params(row) for row in rows]
        if rows:
            with self.raw.cursor() as cursor:
                cursor.executemany(to_postgres(sql, isinstance(rows[0], dict)), rows)

    def insert_returning(self, sql: str, rows: list) -> list:
        """``INSERT … RETURNING id`` for many rows in one pipelined batch: their ids, in order (a round trip
        per claim would make a big report slow; SQLite has no trip to make)."""
        if not rows:
            return []
        with self.raw.cursor() as cursor:
            cursor.executemany(to_postgres(sql), [_params(row) for row in rows], returning=True)
            ids = []
            while True:
                ids.append(cursor.fetchone()[0])
                if not cursor.nextset():
                    return ids

    def rollback(self) -> None:
        if self.in_transaction:
            self.raw.execute("ROLLBACK")

    def commit(self) -> None:
        if self.in_transaction:
            self.raw.execute("COMMIT")


def _params(params):
    """sqlite3 accepts any sequence; psycopg wants a list or tuple (or a dict for named ones)."""
    if params is None:
        return ()
    return params if isinstance(params, (list, tuple, dict)) else list(params)


class _Table:
    """``db[table].insert(record)`` as sqlite-utils does it, with ``last_pk``."""

    def __init__(self, db: "PostgresDatabase", name: str):
        self.db, self.name, self.last_pk = db, name, None

    def insert(self, record: dict, **_ignored) -> "_Table":
        columns = ", ".join(f'"{column}"' for column in record)
        sql = f'INSERT INTO "{self.name}" ({columns}) VALUES ({", ".join("?" * len(record))}) RETURNING id'
        self.last_pk = self.db.execute(sql, list(record.values())).fetchone()[0]
        return self


class PostgresDatabase:
    """One borrowed connection of the pool, with sqlite-utils' calls; ``close()`` gives it back."""

    dialect = "postgresql"

    def __init__(self, url: str, busy_timeout_s: float = 15.0, explain=None):
        self.url, self.explain = url, explain  # explain: store.explain_error, a server's trouble as a StoreError
        self._pool = open_pool(url)
        self.conn = _Connection(self._pool.getconn())
        # a lock another writer holds longer than this is "busy, try again" (SQLite's busy timeout)
        self.conn.raw.execute(f"SET lock_timeout = '{int(busy_timeout_s * 1000)}ms'")

    def execute(self, sql: str, params=()) -> _Cursor:
        return self.conn.execute(sql, params)

    def executescript(self, script: str) -> None:
        self.conn.raw.execute(script)  # no parameters: every statement in one round trip

    def __getitem__(self, table: str) -> _Table:
        return _Table(self, table)

    def stream(self, sql: str, params=(), size: int = 2000):
        """Rows of a long query a ``size`` at a time from a server-side cursor (ClientCursor results
        arrive whole), inside a read-only snapshot of their own."""
        with self.conn.raw.transaction(), self.conn.raw.cursor(name="workbench_stream") as cursor:
            cursor.itersize = size
            cursor.execute(to_postgres(sql, isinstance(params, dict)), _params(params))
            yield from cursor

    def table_names(self) -> list[str]:
        return [row[0] for row in self.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' ORDER BY table_name")]

    @contextlib.contextmanager
    def atomic(self):
        """One transaction (a savepoint inside one): committed whole or rolled back.  Outermost, a
        lock not granted in time, a read-only or unreachable server is ``explain``-ed (a StoreError)."""
        outermost = not self.conn.in_transaction
        try:
            with self.conn.raw.transaction():
                yield self
        except psycopg.Error as error:
            if outermost and self.explain is not None and database_trouble(error, "", 0) is not None:
                raise self.explain(error, "claims database") from error
            raise

    def close(self) -> None:
        if self.conn is not None:
            self.conn.rollback()
            self._pool.putconn(self.conn.raw)
            self.conn = None

    def __repr__(self) -> str:
        return f"<PostgresDatabase {display_url(self.url)}>"


# -- errors (their meaning for the desk: ``errors.database_trouble``, by SQLSTATE) --------------------
DatabaseError = psycopg.Error
IntegrityError = psycopg.IntegrityError
OperationalError = psycopg.OperationalError
ConnectErrors = (psycopg.Error, PoolTimeout)  # a pool that cannot open says why in its message
