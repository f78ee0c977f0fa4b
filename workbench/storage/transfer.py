"""``workbench migrate-db SRC DEST``: every row of one claims database copied into another, SQLite to
PostgreSQL or back, verified, and resumable.

Both ends are opened through ``store.connect`` (so both are at the same numbered migration); tables
are copied parents first, in key order, ``COPY_CHUNK`` rows per destination transaction, each row
inserted ``ON CONFLICT DO NOTHING``.  A copy that stops half way (killed, a lost connection) is run
again and picks up after the last key the destination holds.  Ids are kept, so stored relations,
vectors and a FAISS index built from the source stay valid; the database's identity (``db_id``) is
copied too, for the same reason.  Afterwards each table is compared by row count and by a checksum
of its rows (the columns both ends share, values in one canonical spelling), and any difference is
an error naming the table.
"""
from __future__ import annotations

import hashlib
import json
from typing import Callable

from ..errors import BadInput
from . import store

__all__ = ["TABLES", "migrate_db", "table_checksum", "COPY_CHUNK"]

COPY_CHUNK = 2000
# (table, key columns): parents before children, so every foreign key finds its row.
TABLES = (("users", ("id",)), ("events", ("id",)), ("articles", ("id",)), ("claims", ("id",)),
          ("figures", ("id",)), ("claim_frames", ("claim_id", "frame")), ("embeddings", ("claim_id",)),
          ("relations", ("id",)), ("status_history", ("id",)), ("flags", ("id",)), ("factchecks", ("id",)),
          ("factcheck_embeddings", ("factcheck_id", "model")), ("settings", ("key",)))
_GENERATED = {"fts", "rowid"}  # PostgreSQL's tsvector and frame order: made by the destination itself
_SKIPPED_SETTINGS = "pending_article:%"  # reservations belong to a running ingest of the source


def _columns(db, table: str) -> list[str]:
    cursor = db.execute(f'SELECT * FROM "{table}" LIMIT 0')
    return [column[0] for column in cursor.description]


def _shared_columns(src, dest, table: str) -> list[str]:
    theirs = set(_columns(dest, table))
    return [column for column in _columns(src, table) if column in theirs and column not in _GENERATED]


def _where(table: str) -> str:
    return f"key NOT LIKE '{_SKIPPED_SETTINGS}'" if table == "settings" else "TRUE"


def _copy_table(src, dest, table: str, keys: tuple[str, ...], columns: list[str]) -> int:
    """Rows of ``table`` the destination lacks, from its highest key on; how many were sent."""
    first = keys[0]
    after = dest.execute(f'SELECT max("{first}") FROM "{table}"').fetchone()[0] if table != "settings" else None
    names = ", ".join(f'"{column}"' for column in columns)
    unique = ", ".join(f'"{key}"' for key in keys)
    # a claim's frames in their stored order (most specific first): both ends have a rowid for them
    order = '"claim_id", rowid' if table == "claim_frames" else unique
    conflict = (f"ON CONFLICT ({unique}) DO NOTHING" if table != "settings"
                else 'ON CONFLICT ("key") DO UPDATE SET value = excluded.value')
    insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))}) {conflict}'
    sent = 0
    while True:
        rows = _chunk(src, table, names, order, first, after)
        if rows:
            with dest.atomic():
                dest.conn.executemany(insert, [tuple(row) for row in rows])
            sent += len(rows)
        last = rows[-1][columns.index(first)] if rows else after
        if len(rows) < COPY_CHUNK or last == after:  # the end, or a chunk that did not move the key on
            return sent
        after = last


def _chunk(src, table: str, names: str, order: str, first: str, after) -> list:
    """The next COPY_CHUNK rows from key ``after`` on, inclusive: rows sharing a first key (a claim's frames)
    may straddle two chunks, and the destination ignores the ones it holds."""
    since = f'AND "{first}" >= ?' if after is not None else ""
    return src.execute(f'SELECT {names} FROM "{table}" WHERE {_where(table)} {since} ORDER BY {order} '
                       f'LIMIT {COPY_CHUNK}', [after] if after is not None else []).fetchall()


def _canonical(value) -> str:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "x" + bytes(value).hex()
    if isinstance(value, float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def table_checksum(db, table: str, columns: list[str]) -> tuple[int, str]:
    """(rows, checksum): the sum modulo 2**256 of each row's SHA-256, so that neither end's row order
    (their text collations differ) can matter, streamed so no table is held in memory."""
    total, count, names = 0, 0, ", ".join(f'"{column}"' for column in columns)
    sql = f'SELECT {names} FROM "{table}" WHERE {_where(table)}'
    rows = db.stream(sql) if store.dialect(db) == "postgresql" else db.execute(sql)  # sqlite3 cursors stream
    for row in rows:
        line = "\x1f".join(_canonical(value) for value in row).encode("utf-8", "surrogatepass")
        total = (total + int.from_bytes(hashlib.sha256(line).digest(), "big")) % 2 ** 256
        count += 1
    return count, f"{total:064x}"


def _reset_identities(dest) -> None:
    """PostgreSQL hands out ids from sequences: move each past the ids just copied in."""
    for table, keys in TABLES:
        if keys == ("id",) and table != "articles":
            dest.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"(SELECT coalesce(max(id), 0) + 1 FROM \"{table}\"), false)")


def migrate_db(source, destination, progress: Callable[[str, int], None] | None = None) -> dict:
    """Copy every table of ``source`` into ``destination`` (paths or postgresql:// URLs), then verify.

    Returns {table: {"copied": rows sent this run, "rows": rows in both, "checksum": hex}}; raises
    ``StoreError`` naming the first table whose copy differs."""
    if str(source) == str(destination):
        raise BadInput(f"{store.database_label(store.database_target(source))}: source and destination are the same")
    src = store.connect(store.database_target(source))
    dest = store.connect(store.database_target(destination))
    try:
        report = {}
        for table, keys in TABLES:
            columns = _shared_columns(src, dest, table)
            copied = _copy_table(src, dest, table, keys, columns)
            if progress:
                progress(table, copied)
            report[table] = {"copied": copied, "columns": columns, "keys": keys}
        if store.dialect(dest) == "postgresql":
            _reset_identities(dest)
            # planner statistics now, not when autovacuum gets round to it: straight after a bulk copy the
            # dashboard's conflicts query took 770 ms instead of 55 (bench/web.py)
            dest.execute("ANALYZE")
        for table, entry in report.items():
            theirs = table_checksum(src, table, entry["columns"])
            ours = table_checksum(dest, table, entry["columns"])
            if theirs != ours:
                raise store.StoreError(f"{store.database_label(store.database_target(destination))}: table {table} differs "
                                       f"from the source after the copy ({theirs[0]} rows there, {ours[0]} here); "
                                       f"run migrate-db again, or start from an empty destination")
            entry.update(rows=ours[0], checksum=ours[1])
        return {table: {key: entry[key] for key in ("copied", "rows", "checksum")} for table, entry in report.items()}
    finally:
        src.close()
        dest.close()

