"""Backups of claims.db and its index, taken while the workbench runs, and restoring them.

A backup is a folder::

    DEST/claims.db                 SQLite's online backup of the live database, in rollback-journal
                                   mode so it is one self-contained file
    DEST/indexes/claims.faiss      the FAISS index and its manifest, copied after the snapshot
    DEST/indexes/manifest.json
    DEST/backup.json               what was copied: sha256 and size of every file, row counts,
                                   migrations, and whether the index matches the snapshot

The snapshot is one read transaction (``sqlite3.Connection.backup`` in a
single step): in WAL mode readers never block writers, so the web server
and an ingest keep writing, and the copy holds only whole transactions,
hence only whole articles.  The index is a cache of claims.db: it is copied
after the snapshot, as a pair (index file and manifest) read under the lock
every save holds, so both come from the same save; the next open
reconciles any claims it has more or fewer than the snapshot.  The folder is assembled under a
temporary name and renamed into place last, so a backup killed half-way
never looks like a backup.

``restore`` checks everything (backup.json, every file's size and sha256,
``PRAGMA integrity_check``, the schema) before it touches anything.  It
refuses to replace a database that another process has open, and replaces
one that exists only when told to (``force``).  An existing database is
overwritten through SQLite itself (the online-backup API writing into it
under an exclusive lock, one transaction, rolled back by SQLite if the
restore is killed), so it is atomic; the restored database gets a new
identity, so a process still holding the old index in memory rebuilds it
instead of serving vectors of claims that are no longer there.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from ..encode.index import INDEX_FILE, MANIFEST_FILE, IndexProblem, VectorIndex, write_pair
from ..encode.vectors import fingerprint, index_fingerprint
from ..errors import Unavailable
from ..storage.files import atomic_write, folder_lock, fsync_folder
from ..storage.migrations import migrations
from ..storage.store import BUSY_TIMEOUT_S, now

__all__ = ["BackupError", "backup", "verify", "restore", "MANIFEST", "DB_FILE", "INDEX_FOLDER"]

MANIFEST = "backup.json"
DB_FILE = "claims.db"
INDEX_FOLDER = "indexes"
FORMAT = 1
REQUIRED_TABLES = ("articles", "claims", "figures", "embeddings", "settings", "users", "status_history",
                   "_sqlite_migrations")
IN_USE_TIMEOUT_S = 2.0  # how long restore waits for another process's transaction before calling it in use


class BackupError(Unavailable):
    """A backup cannot be made, or a backup cannot be restored; the message says which file and why."""


# -- helpers -------------------------------------------------------------------
def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _describe(path: Path) -> dict:
    return {"bytes": path.stat().st_size, "sha256": _sha256(path)}


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to (or create journal files next to) a backup's database."""
    return sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1", uri=True)


def _table_names(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table (not SQLite's own, nor full-text shadow tables), to compare by eye after a restore."""
    tables = sorted(name for name in _table_names(conn) if not name.startswith("sqlite_") and "_fts" not in name)
    return {table: conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0] for table in tables}


def _setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


# -- backup --------------------------------------------------------------------
def _snapshot(db_path: Path, target: Path) -> None:
    """Copy the live database into ``target`` in one read transaction (writers carry on)."""
    source = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_S)
    copy = sqlite3.connect(target)
    try:
        source.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        source.backup(copy)  # pages=-1: the whole database in one step, so one consistent snapshot
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
    except sqlite3.Error as error:
        raise BackupError(f"{db_path}: cannot be backed up ({error})") from error
    finally:
        copy.close()
        source.close()


def _read_pair(index_dir: Path) -> tuple[bytes, bytes] | None:
    """The index file and its manifest as one save wrote them (read under the index folder's shared
    lock, which every save holds exclusively, as ``VectorIndex.load`` does), or None if one is gone."""
    try:
        with folder_lock(index_dir, exclusive=False):
            return (index_dir / INDEX_FILE).read_bytes(), (index_dir / MANIFEST_FILE).read_bytes()
    except FileNotFoundError:
        return None


def _copy_index(index_dir: Path, target: Path, snapshot: Path) -> dict:
    """Copy a consistent index into ``target``; say whether it matches the snapshot's vectors."""
    pair = _read_pair(index_dir)
    if pair is None:
        return {"copied": False, "note": f"no index in {index_dir}; it is rebuilt from claims.db on first open"}
    atomic_write(target / INDEX_FILE, lambda handle: handle.write(pair[0]))
    atomic_write(target / MANIFEST_FILE, lambda handle: handle.write(pair[1]))
    try:
        copied = VectorIndex.load(target)
    except IndexProblem:
        for name in (INDEX_FILE, MANIFEST_FILE):
            (target / name).unlink(missing_ok=True)
        return {"copied": False, "note": f"the index in {index_dir} is damaged; it is rebuilt from claims.db on "
                                         f"first open"}
    return {"copied": True, "model": copied.model, "count": copied.count, "factory": copied.factory,
            "matches_database": _matches(copied, snapshot)}


def _matches(index: VectorIndex, snapshot: Path) -> bool:
    """Is the copied index exactly the snapshot's vectors (else the next open adds or drops the difference)?"""
    conn = _read_only(snapshot)
    try:
        current = fingerprint(Database(conn), index.model)
    finally:
        conn.close()
    return index.fingerprint == current and index_fingerprint(index, current["db_id"]) == current


def _manifest(db_path: Path, index_dir: Path, folder: Path, index_info: dict) -> dict:
    conn = _read_only(folder / DB_FILE)
    try:
        counts, db_id = _counts(conn), _setting(conn, "db_id")
        migrations = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    finally:
        conn.close()
    files = [DB_FILE] + ([f"{INDEX_FOLDER}/{INDEX_FILE}", f"{INDEX_FOLDER}/{MANIFEST_FILE}"]
                         if index_info["copied"] else [])
    return {"format": FORMAT, "created_at": now(), "source": {"db": str(db_path.resolve()),
                                                              "index_dir": str(index_dir.resolve())},
            "db_id": db_id, "migrations": migrations, "tables": counts, "index": index_info,
            "files": {name: _describe(folder / name) for name in files}}


def _claim_folder(dest: Path) -> None:
    if dest.exists() and not (dest.is_dir() and not any(dest.iterdir())):
        raise BackupError(f"{dest}: already exists; give a new folder for the backup")
    if not dest.parent.is_dir():
        raise BackupError(f"{dest}: folder {dest.parent} does not exist")


def backup(db_path: str | Path, index_dir: str | Path, dest: str | Path) -> dict:
    """Back up claims.db (online, consistent) and its index into the new folder ``dest``;
    return the manifest written to ``dest/backup.json``."""
    db_path, index_dir, dest = Path(db_path), Path(index_dir), Path(dest)
    if not db_path.is_file():
        raise BackupError(f"{db_path}: no database to back up")
    _claim_folder(dest)
    work = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.partial-"))
    try:
        _snapshot(db_path, work / DB_FILE)
        _check_database(work / DB_FILE, db_path)
        (work / INDEX_FOLDER).mkdir()
        index_info = _copy_index(index_dir, work / INDEX_FOLDER, work / DB_FILE)
        manifest = _manifest(db_path, index_dir, work, index_info)
        body = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
        atomic_write(work / MANIFEST, lambda handle: handle.write(body))
        _fsync_file(work / DB_FILE)
        os.replace(work, dest)  # the complete folder appears at once
        fsync_folder(dest.parent)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


# -- verify --------------------------------------------------------------------
def _load_manifest(src: Path) -> dict:
    path = src / MANIFEST
    if not src.is_dir():
        raise BackupError(f"{src}: not a folder (a backup is the folder `workbench backup` wrote)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = manifest["files"]
        if DB_FILE not in files or manifest.get("format") != FORMAT:
            raise KeyError(DB_FILE)
    except FileNotFoundError:
        raise BackupError(f"{src}: no {MANIFEST}, so the backup is incomplete or not a workbench backup") from None
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{path}: unreadable backup manifest ({error})") from None
    return manifest


def _check_files(src: Path, manifest: dict) -> None:
    for name, expected in manifest["files"].items():
        path = src / name
        if not path.is_file():
            raise BackupError(f"{path}: missing from the backup")
        size = path.stat().st_size
        if size != expected["bytes"]:
            raise BackupError(f"{path}: {size} bytes but the backup recorded {expected['bytes']}; the copy is "
                              f"truncated or damaged")
        if _sha256(path) != expected["sha256"]:
            raise BackupError(f"{path}: contents differ from the checksum in {MANIFEST}; the copy is damaged")


def _check_database(path: Path, label: Path | None = None) -> None:
    """SQLite finds no damage and the schema is a workbench's this code can open; errors name ``label``."""
    label = label or path
    conn = _read_only(path)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        missing = [table for table in REQUIRED_TABLES if table not in _table_names(conn)]
        applied = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations")] if not missing else []
    except sqlite3.Error as error:
        raise BackupError(f"{label}: not a readable SQLite database ({error})") from None
    finally:
        conn.close()
    if result != "ok":
        raise BackupError(f"{label}: fails SQLite's integrity check ({result})")
    if missing:
        raise BackupError(f"{label}: not a workbench database (no table {', '.join(missing)})")
    unknown = sorted(set(applied) - {migration.name for migration in migrations.pending(_empty())})
    if unknown:
        raise BackupError(f"{label}: made by a newer workbench (migrations {', '.join(unknown)}); upgrade first")


def _empty():
    """A blank in-memory database: every migration is pending there, which lists them all."""
    return Database(memory=True)


def verify(src: str | Path) -> dict:
    """The backup's manifest if the backup is whole and sound, else BackupError saying why."""
    src = Path(src)
    manifest = _load_manifest(src)
    _check_files(src, manifest)
    _check_database(src / DB_FILE)
    if manifest["index"].get("copied"):
        try:
            VectorIndex.load(src / INDEX_FOLDER)
        except IndexProblem as problem:
            raise BackupError(f"{src / INDEX_FOLDER}: {problem}") from None
    return manifest


# -- restore -------------------------------------------------------------------
def _stage(src: Path, db_path: Path) -> tuple[Path, str]:
    """A working copy of the backup's database next to ``db_path``, given a new identity."""
    descriptor, name = tempfile.mkstemp(dir=db_path.parent, prefix=f".{db_path.name}.restore-", suffix=".tmp")
    os.close(descriptor)
    staged, new_id = Path(name), secrets.token_hex(16)
    shutil.copyfile(src / DB_FILE, staged)
    conn = sqlite3.connect(staged)
    try:
        with conn:
            conn.execute("UPDATE settings SET value = ? WHERE key = 'db_id'", [new_id])
    finally:
        conn.close()
    return staged, new_id


def _open_exclusively(db_path: Path) -> sqlite3.Connection | None:
    """A connection holding ``db_path`` exclusively, or None if it is not a database;
    BackupError if another process has it open."""
    conn = sqlite3.connect(db_path, timeout=IN_USE_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("PRAGMA journal_mode = DELETE")  # needs every other connection closed; folds in the WAL
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")  # the exclusive lock stays (locking_mode) until the connection closes
        return conn
    except sqlite3.Error as error:
        conn.close()
        message = str(error)
        if "locked" in message or "busy" in message:
            raise BackupError(f"{db_path}: in use by another process (the web server or an ingest?); stop it "
                              f"and restore again") from None
        if "not a database" in message or "malformed" in message:
            return None  # damaged beyond SQLite's reach: replaced as a file
        raise BackupError(f"{db_path}: cannot be replaced ({message})") from None


def _replace_file(staged: Path, db_path: Path) -> None:
    """Put the staged copy at ``db_path`` by rename, dropping any -wal/-shm left by a previous file."""
    conn = sqlite3.connect(staged)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    _fsync_file(staged)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(staged, db_path)
    fsync_folder(db_path.parent)


def _restore_database(staged: Path, db_path: Path) -> None:
    target = _open_exclusively(db_path) if db_path.exists() else None
    if target is None:
        return _replace_file(staged, db_path)
    source = sqlite3.connect(staged)
    try:
        source.backup(target)  # one write transaction under our exclusive lock: all or nothing
        target.execute("PRAGMA journal_mode = WAL")
    finally:
        source.close()
        target.close()


def _restore_index(src: Path, index_dir: Path, manifest: dict, db_id: str) -> None:
    """Index files from the backup (labelled with the new identity), or none so the next open rebuilds."""
    index_dir.mkdir(parents=True, exist_ok=True)
    if not manifest["index"].get("copied"):
        for name in (MANIFEST_FILE, INDEX_FILE):
            (index_dir / name).unlink(missing_ok=True)
        return
    index_manifest = json.loads((src / INDEX_FOLDER / MANIFEST_FILE).read_text(encoding="utf-8"))
    if index_manifest.get("db", {}).get("db_id") == manifest["db_id"]:
        index_manifest["db"]["db_id"] = db_id
    data = (src / INDEX_FOLDER / INDEX_FILE).read_bytes()
    (index_dir / MANIFEST_FILE).unlink(missing_ok=True)  # never pair the old manifest with the new index
    write_pair(index_dir, data, json.dumps(index_manifest, indent=2).encode("utf-8"))


def restore(src: str | Path, db_path: str | Path, index_dir: str | Path, force: bool = False) -> dict:
    """Verify the backup in ``src``, then put it in place of ``db_path`` and ``index_dir``.

    Nothing is replaced unless the backup is whole and sound, no other process
    has the database open, and (if a database is already there) ``force``."""
    src, db_path, index_dir = Path(src), Path(db_path), Path(index_dir)
    manifest = verify(src)
    if not db_path.parent.is_dir():
        raise BackupError(f"{db_path}: folder {db_path.parent} does not exist")
    if db_path.exists() and not force:
        raise BackupError(f"{db_path}: already exists; restore with --force to replace it with the backup")
    staged, db_id = _stage(src, db_path)
    try:
        _restore_database(staged, db_path)
    finally:
        staged.unlink(missing_ok=True)
    _restore_index(src, index_dir, manifest, db_id)
    return manifest
