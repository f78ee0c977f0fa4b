"""Stage 8 — index: a persistent FAISS index of claim vectors under ``indexes/``.

One small class in the manner of txtai's FAISS wrapper: create / load /
add / delete / search / save.  Ids are ``claims.id`` (IndexIDMap2), vectors
are normalised so inner product is cosine.  Below ``EXACT_LIMIT`` vectors
the index is exact (Flat); above it HNSW, which keeps recall@10 ≥ 0.95
against exact search on real claim embeddings (bench/search.py) at a
fraction of the latency.  Either can be forced with a factory string.

The index is a cache of claims.db, never the truth: a small JSON manifest
records the model, dimension, factory and the database fingerprint it was
built from, so a missing, stale, corrupt or foreign index is noticed and
rebuilt from the vectors stored in the database (see ``embeddings.py``).
Saves are atomic: temp file, fsync, ``os.replace``.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np

from ..errors import BadInput
from ..storage.files import atomic_write, folder_lock

__all__ = ["VectorIndex", "IndexProblem", "EXACT_LIMIT", "INDEX_FILE", "MANIFEST_FILE", "choose_factory", "write_pair"]

EXACT_LIMIT = 50_000
HNSW_FACTORY = "HNSW32"
HNSW_EF_SEARCH = 64
HNSW_EF_CONSTRUCTION = 80
INDEX_FILE = "claims.faiss"
MANIFEST_FILE = "manifest.json"
FORMAT = 1


class IndexProblem(Exception):
    """The index on disk cannot be used as it is; ``kind`` says why."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind  # "missing" | "corrupt" | "mismatch"


def choose_factory(count: int) -> str:
    """Exact search while it is fast enough, HNSW beyond."""
    return "Flat" if count < EXACT_LIMIT else HNSW_FACTORY


@functools.lru_cache(maxsize=1)
def _faiss():
    import faiss

    return faiss


def write_pair(folder: Path, index_bytes: bytes, manifest_bytes: bytes) -> None:
    """Replace the index file, then its manifest, under the folder's exclusive lock: another process
    saving at once must not interleave, and a reader (shared lock) gets both from one save."""
    with folder_lock(folder, exclusive=True):
        atomic_write(folder / INDEX_FILE, lambda handle: handle.write(index_bytes))
        atomic_write(folder / MANIFEST_FILE, lambda handle: handle.write(manifest_bytes))


class VectorIndex:
    """FAISS index keyed by claim id, with the manifest that says what built it."""

    def __init__(self, index, model: str, dim: int, factory: str):
        self.index, self.model, self.dim, self.factory = index, model, dim, factory
        self._owner = index
        self.fingerprint: dict = {}
        self._tune()

    @classmethod
    def create(cls, model: str, dim: int, factory: str = "Flat") -> "VectorIndex":
        faiss = _faiss()
        try:
            index = faiss.index_factory(dim, f"IDMap2,{factory}", faiss.METRIC_INNER_PRODUCT)
        except RuntimeError as error:
            raise BadInput(f"FAISS factory {factory!r} is not valid: {str(error).splitlines()[-1]}") from None
        inner = faiss.downcast_index(index.index)
        if hasattr(inner, "hnsw"):
            inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        return cls(index, model, dim, factory)

    def _tune(self) -> None:
        inner = _faiss().downcast_index(self.index.index)
        if hasattr(inner, "hnsw"):
            inner.hnsw.efSearch = HNSW_EF_SEARCH

    @property
    def count(self) -> int:
        return int(self.index.ntotal)

    @property
    def supports_delete(self) -> bool:
        return not hasattr(_faiss().downcast_index(self.index.index), "hnsw")

    def ids(self) -> np.ndarray:
        return _faiss().vector_to_array(self.index.id_map).astype(np.int64)

    def train_if_needed(self, vectors: np.ndarray) -> None:
        if not self.index.is_trained:
            self.index.train(vectors)

    def add(self, ids, vectors: np.ndarray) -> None:
        """Add vectors under their claim ids; ids the index holds already are skipped (a sync in another
        thread may have picked an article's vectors up from claims.db while it was being stored)."""
        ids = np.asarray(ids, dtype=np.int64)
        if len(ids) and self.count:
            new = ~np.isin(ids, self.ids())
            ids, vectors = ids[new], np.asarray(vectors)[new]
        if len(ids):
            self.index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)

    def delete(self, ids) -> int:
        """Remove ids; raises NotImplementedError for HNSW (the caller rebuilds instead)."""
        if not self.supports_delete:
            raise NotImplementedError("HNSW cannot delete in place")
        return int(self.index.remove_ids(np.asarray(ids, dtype=np.int64)))

    def vectors(self, ids) -> np.ndarray:
        """Stored vectors of ids the index holds (reading them here is far cheaper than the database)."""
        ids = np.asarray(ids, dtype=np.int64)
        if not len(ids):
            return np.zeros((0, self.dim), dtype=np.float32)
        return self.index.reconstruct_batch(ids)

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids) for each query row, best first; id -1 pads when fewer exist."""
        queries = np.ascontiguousarray(np.atleast_2d(vectors), dtype=np.float32)
        if self.count == 0 or k <= 0:
            return np.zeros((len(queries), 0), np.float32), np.zeros((len(queries), 0), np.int64)
        # One OpenMP thread for the search only: waking the pool for one query costs far more than it
        # saves (10k claims: 16 ms with it, 0.2 ms without).  Restored at once, because torch shares
        # the OpenMP runtime and would otherwise encode on one thread (1.85x slower).
        faiss = _faiss()
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            return self.index.search(queries, min(k, self.count))
        finally:
            faiss.omp_set_num_threads(threads)

    def manifest(self) -> dict:
        return {"format": FORMAT, "model": self.model, "dim": self.dim, "factory": self.factory,
                "count": self.count, "db": self.fingerprint}

    def save(self, folder: Path) -> None:
        """Index file first, manifest last: a crash between leaves a mismatch that load() reports."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        faiss = _faiss()
        data = faiss.serialize_index(self.index)
        write_pair(folder, data.tobytes(), json.dumps(self.manifest(), indent=2).encode("utf-8"))

    @classmethod
    def load(cls, folder: Path) -> "VectorIndex":
        """The saved index, or IndexProblem saying why it cannot be used."""
        folder = Path(folder)
        index_path, manifest_path = folder / INDEX_FILE, folder / MANIFEST_FILE
        if not index_path.exists() or not manifest_path.exists():
            raise IndexProblem("missing", f"no index in {folder}")
        try:
            with folder_lock(folder, exclusive=False):  # both files from the same save
                manifest_text, index_bytes = manifest_path.read_bytes(), index_path.read_bytes()
        except FileNotFoundError:  # deleted since the check above
            raise IndexProblem("missing", f"no index in {folder}") from None
        try:
            manifest = json.loads(manifest_text.decode("utf-8"))
            model, dim, factory = manifest["model"], int(manifest["dim"]), manifest["factory"]
        except (ValueError, KeyError, TypeError) as error:
            raise IndexProblem("corrupt", f"{manifest_path}: unreadable manifest ({error})") from None
        faiss = _faiss()
        try:
            data = np.frombuffer(index_bytes, dtype=np.uint8)
            index = faiss.deserialize_index(data)
        except Exception as error:  # faiss raises RuntimeError with a C++ trace
            raise IndexProblem("corrupt", f"{index_path}: unreadable ({str(error).splitlines()[0][:120]})") from None
        if index.d != dim or index.ntotal != manifest.get("count"):
            raise IndexProblem("corrupt", f"{index_path}: holds {index.ntotal}×{index.d} vectors, manifest says "
                                          f"{manifest.get('count')}×{dim}")
        loaded = cls(faiss.downcast_index(index), model, dim, factory)
        loaded._owner = index  # the wrapper that owns the C++ object: it must outlive the downcast view
        loaded.fingerprint = manifest.get("db") or {}
        return loaded
