"""Claim vectors in claims.db, and keeping the FAISS index consistent with them.

Following simonw/llm's embeddings collection: vectors live in the database
(table ``embeddings``), written in the same transaction as their claims,
keyed by a content hash so an unchanged sentence (a syndicated copy) is
never encoded twice.  The index is rebuilt from these rows without
re-encoding; only claims that lack a vector are encoded.

``sync_index`` is the repair step run whenever the workbench opens or sees
another process change the database: it compares the index manifest with a
fingerprint of the stored vectors and fixes what differs, returning one line
that says what it did.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
from sqlite_utils import Database

from ..errors import Conflict
from ..storage.sql import in_chunks
from .embed import from_blob, text_hash, to_blob
from .index import IndexProblem, VectorIndex, choose_factory

__all__ = ["VectorPlan", "vectors_for_texts", "store_vectors", "embed_missing", "load_vectors", "fingerprint",
           "index_fingerprint", "save_index", "sync_index", "rebuild_index", "load_checked",
           "count_unembedded", "check_index", "ModelMismatch"]

CHUNK = 256


class ModelMismatch(Conflict, RuntimeError):
    """The index on disk was built by another model than the one configured."""


class VectorPlan:
    """Which texts of a batch already have a stored vector (same text, same model) and which
    must be encoded; ``assemble`` puts the batch back together once the fresh ones are known."""

    def __init__(self, db: Database, texts: list[str], model: str):
        self.hashes = [text_hash(text) for text in texts]
        known: dict[str, bytes] = {}
        unique = sorted(set(self.hashes))
        for chunk, marks in in_chunks(unique):
            known.update(db.execute(f"SELECT text_hash, vector FROM embeddings WHERE claim_id IN (SELECT min(claim_id) "
                                    f"FROM embeddings WHERE model = ? AND text_hash IN ({marks}) GROUP BY text_hash)",
                                    [model, *chunk]))
        self.known = {h: np.frombuffer(blob, dtype=np.float32) for h, blob in known.items()}
        self.todo = sorted({h: t for h, t in zip(self.hashes, texts) if h not in known}.items())

    @property
    def texts_to_encode(self) -> list[str]:
        return [text for _, text in self.todo]

    def assemble(self, fresh: np.ndarray | None, dim: int) -> np.ndarray:
        by_hash = dict(self.known)
        by_hash.update({h: fresh[i] for i, (h, _) in enumerate(self.todo)})
        if not self.hashes:
            return np.zeros((0, dim), dtype=np.float32)
        return np.vstack([by_hash[h] for h in self.hashes]).astype(np.float32)


def vectors_for_texts(db: Database, texts: list[str], model: str, encode: Callable) -> np.ndarray:
    """Vectors for texts, reusing any stored vector of identical text; encodes the rest in one batch."""
    plan = VectorPlan(db, texts, model)
    fresh = encode(plan.texts_to_encode) if plan.todo else None
    dim = fresh.shape[1] if fresh is not None else (len(next(iter(plan.known.values()))) if plan.known else 0)
    return plan.assemble(fresh, dim)


def store_vectors(db: Database, claim_ids: list[int], texts: list[str], vectors: np.ndarray, model: str) -> None:
    """Upsert vectors for claims (caller supplies the transaction)."""
    db.conn.executemany(
        "INSERT INTO embeddings (claim_id, model, text_hash, vector) VALUES (?, ?, ?, ?) ON CONFLICT (claim_id) "
        "DO UPDATE SET model = excluded.model, text_hash = excluded.text_hash, vector = excluded.vector",
        [(claim_id, model, text_hash(text), to_blob(vector))
         for claim_id, text, vector in zip(claim_ids, texts, vectors)])


def embed_missing(db: Database, model: str, encode: Callable, progress: Callable | None = None) -> int:
    """Encode and store vectors for claims that have none for ``model``; return how many."""
    rows = db.execute("""SELECT c.id, c.text FROM claims c LEFT JOIN embeddings e
                         ON e.claim_id = c.id AND e.model = ? WHERE e.claim_id IS NULL ORDER BY c.id""",
                      [model]).fetchall()
    chunks = [rows[start:start + CHUNK] for start in range(0, len(rows), CHUNK)]
    for chunk in (progress(chunks) if progress else chunks):
        ids, texts = [row[0] for row in chunk], [row[1] for row in chunk]
        vectors = vectors_for_texts(db, texts, model, encode)
        with db.atomic():
            store_vectors(db, ids, texts, vectors, model)
    return len(rows)


def load_vectors(db: Database, model: str, dim: int | None, ids: list[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(ids, vectors) stored for ``model``; all of them, or those of ``ids`` that exist.
    ``dim=None`` takes the dimension from the stored vectors (no need to load the model to learn it)."""
    if ids is None:
        rows = db.execute("SELECT claim_id, vector FROM embeddings WHERE model = ? ORDER BY claim_id",
                          [model]).fetchall()
    else:
        rows = []
        for chunk, marks in in_chunks([int(i) for i in ids]):
            # "+model": look rows up by claim_id; SQLite would otherwise scan every vector of the model
            rows += db.execute(f"SELECT claim_id, vector FROM embeddings WHERE +model = ? AND claim_id IN ({marks})",
                               [model, *chunk]).fetchall()
    found = np.array([row[0] for row in rows], dtype=np.int64)
    dim = dim or (len(rows[0][1]) // 4 if rows else 0)
    vectors = np.vstack([from_blob(row[1], dim) for row in rows]) if rows else np.zeros((0, dim), np.float32)
    return found, vectors


def fingerprint(db: Database, model: str) -> dict:
    """What the index must match: which database, and which vectors (count, max and sum of ids)."""
    db_id = db.execute("SELECT value FROM settings WHERE key = 'db_id'").fetchone()[0]
    count, top, total = db.execute("SELECT count(*), coalesce(max(claim_id), 0), coalesce(sum(claim_id), 0) "
                                   "FROM embeddings WHERE model = ?", [model]).fetchone()
    return {"db_id": db_id, "count": count, "max_id": top, "id_sum": total}


def index_fingerprint(index: VectorIndex, db_id: str) -> dict:
    """The same fingerprint computed from what the index actually holds."""
    ids = index.ids()
    return {"db_id": db_id, "count": int(len(ids)), "max_id": int(ids.max()) if len(ids) else 0,
            "id_sum": int(ids.sum()) if len(ids) else 0}


def save_index(db: Database, index: VectorIndex, folder: Path) -> None:
    index.fingerprint = index_fingerprint(index, fingerprint(db, index.model)["db_id"])
    index.save(folder)


def rebuild_index(db: Database, folder: Path, model: str, dim: int, factory: str | None = None) -> VectorIndex:
    """A new index from every stored vector, saved atomically."""
    ids, vectors = load_vectors(db, model, dim)
    index = VectorIndex.create(model, dim, factory or choose_factory(len(ids)))
    index.train_if_needed(vectors)
    index.add(ids, vectors)
    save_index(db, index, folder)
    return index


def _bring_up_to_date(db: Database, index: VectorIndex, model: str, dim: int) -> tuple[int, int]:
    """Add vectors the index lacks and drop ids the database no longer has; (added, removed)."""
    stored = {row[0] for row in db.execute("SELECT claim_id FROM embeddings WHERE model = ?", [model])}
    indexed = set(index.ids().tolist())
    extra, missing = sorted(indexed - stored), sorted(stored - indexed)
    if extra:
        index.delete(extra)  # NotImplementedError for HNSW: the caller rebuilds
    ids, vectors = load_vectors(db, model, dim, missing)
    index.add(ids, vectors)
    return len(missing), len(extra)


def count_unembedded(db: Database, model: str) -> int:
    """Claims without a vector for ``model`` (embeddings cascade with claims, so counts suffice)."""
    return db.execute("SELECT (SELECT count(*) FROM claims) - (SELECT count(*) FROM embeddings WHERE model = ?)",
                      [model]).fetchone()[0]


def load_checked(folder: Path, model: str, dim: int) -> VectorIndex:
    """The saved index, refusing one built by another model."""
    index = VectorIndex.load(folder)
    if index.model != model or index.dim != dim:
        raise ModelMismatch(f"{folder}: index was built with model {index.model} ({index.dim}-d) but the "
                            f"workbench uses {model} ({dim}-d); run `workbench index rebuild`")
    return index


def _encode_missing(db: Database, model: str, encode: Callable | None, log: Callable[[str], None]) -> None:
    """Encode claims without a vector, refusing to mix in a second model silently."""
    others = [row[0] for row in db.execute("SELECT DISTINCT model FROM embeddings WHERE model != ?", [model])]
    if others:
        raise ModelMismatch(f"claims.db holds vectors from model {', '.join(others)} but the workbench uses "
                            f"{model}; run `workbench index rebuild` to re-encode every claim with {model}")
    if encode and count_unembedded(db, model):
        log(f"encoded {embed_missing(db, model, encode)} claims that had no stored vector")


def sync_index(db: Database, folder: Path, model: str, dim: int, encode: Callable | None = None,
               log: Callable[[str], None] = lambda line: None, index: VectorIndex | None = None) -> VectorIndex:
    """Make the index (in memory, or loaded from ``folder``) match claims.db; repair and say so.

    Missing or corrupt files are rebuilt from stored vectors; claims that lack
    a vector are encoded first; an index that lags the database (another
    process added claims) gets the missing vectors; an index from another
    database is rebuilt.  Each repair is reported in one line through ``log``.
    """
    if index is None:
        try:
            index = load_checked(folder, model, dim)  # refuse a foreign model before touching any vector
        except IndexProblem as problem:
            _encode_missing(db, model, encode, log)
            index = rebuild_index(db, folder, model, dim)
            if index.count or problem.kind != "missing":  # a new, empty workbench has nothing to repair
                log(f"index {problem.kind} ({problem}); rebuilt from {index.count} stored vectors")
            return index
    _encode_missing(db, model, encode, log)
    current = fingerprint(db, model)
    if index.fingerprint.get("db_id") != current["db_id"]:
        index = rebuild_index(db, folder, model, dim)
        log(f"index belonged to another database; rebuilt from {index.count} stored vectors")
        return index
    if index_fingerprint(index, current["db_id"]) == current:
        return index
    try:
        added, removed = _bring_up_to_date(db, index, model, dim)
    except NotImplementedError:
        index = rebuild_index(db, folder, model, dim, index.factory)
        log(f"index stale (claims deleted); rebuilt from {index.count} stored vectors")
        return index
    save_index(db, index, folder)
    log(f"index was stale: added {added} and removed {removed} claims to match the database")
    return index


def check_index(db: Database, folder: Path, model: str) -> list[str]:
    """Every way the index on disk disagrees with claims.db, one line each; repairs nothing."""
    problems = []
    unembedded = count_unembedded(db, model)
    if unembedded:
        problems.append(f"{unembedded} claims have no stored {model} vector")
    try:
        index = VectorIndex.load(folder)
    except IndexProblem as problem:
        return problems + [f"index {problem.kind}: {problem}"]
    if index.model != model:
        return problems + [f"index was built with model {index.model}, the workbench uses {model}"]
    current = fingerprint(db, model)
    if index.fingerprint.get("db_id") != current["db_id"]:
        return problems + ["index was built from another database"]
    stored = {row[0] for row in db.execute("SELECT claim_id FROM embeddings WHERE model = ?", [model])}
    indexed = set(index.ids().tolist())
    if stored - indexed:
        missing = sorted(stored - indexed)
        problems.append(f"{len(missing)} claims missing from the index (e.g. {', '.join(map(str, missing[:5]))})")
    if indexed - stored:
        extra = sorted(indexed - stored)
        problems.append(f"{len(extra)} indexed claims no longer in the database (e.g. "
                        f"{', '.join(map(str, extra[:5]))})")
    return problems
