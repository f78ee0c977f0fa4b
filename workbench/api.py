"""The plain Python API every face calls: CLI, web views and newsroom scripts.

    from workbench import Workbench
    wb = Workbench("claims.db", "indexes")
    wb.ingest(["reports/"])
    wb.claims(claim_type="casualty", speaker="JNIM")

No face holds logic of its own, so a script and the web UI never disagree.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import config
from .background import batched
from .desk import Desk
from .encode import embed
from .encode.vectors import check_index, embed_missing, load_vectors, rebuild_index, save_index, sync_index
from .errors import BadInput, NotFound
from .exchange.factchecks import find_matches, has_factchecks, import_file
from .exchange.streams import spreadsheet_safe  # for faces that write CSV themselves (the queue download)
from .ingest import IngestResult, analyse_sentence, ingest_stream
from .read.sources import MAX_BYTES, article_from_record, expand_paths, read_path
from .relate.per_event import frame_mates, refresh_event, story_mates
from .relate.stance import Relation, compare as compare_claims
from .search.batch import BadLine, Query, read_queries, write_jsonl_atomic
from .analyse.queries import query_kind
from .search.rank import as_told, as_topic, group_by_story, rank, slim
from .storage import store
from .storage.matches import article_matches, claim_matches
from .storage.migrations import apply_migrations
from .storage.relations import stored_relation
from .storage.sql import ClaimFilter
from .storage.transfer import migrate_db  # claims.db ⇄ PostgreSQL (``workbench migrate-db``)
from .story.events import assign_missing, claim_incidents

__all__ = ["Workbench", "DEFAULT_DB", "DEFAULT_INDEX_DIR", "DEMO_DIR", "spreadsheet_safe", "migrate_db"]

DEFAULT_DB = config.Settings.db
DEFAULT_INDEX_DIR = config.Settings.index_dir
DEMO_DIR = Path(__file__).parent / "demo"
RECHECK_S = 1.0  # a shared index found consistent this recently is not checked again (per-request workbenches)
logger = logging.getLogger("workbench")


class _IndexHolder:
    """The in-memory index and the lock that guards it; shared between workbenches that ask."""

    def __init__(self):
        self.index = None
        self.lock = threading.RLock()
        self.checked_at = 0.0  # monotonic time the index was last found consistent with claims.db


_SHARED_HOLDERS: dict[tuple[str, str], _IndexHolder] = {}
_SHARED_LOCK = threading.Lock()


def _shared_holder(index_dir: Path, model: str | None) -> _IndexHolder:
    with _SHARED_LOCK:
        return _SHARED_HOLDERS.setdefault((str(index_dir.resolve()), model or ""), _IndexHolder())


class Workbench(Desk):
    """One claims.db and its index folder.

    ``model`` names the embedding model (default: ``WORKBENCH_MODEL`` or
    multilingual-use); ``embedder`` supplies one directly (tests of other
    features use a cheap stand-in).  ``log`` receives one-line notices such
    as "index stale; repaired".  ``shared_index=True`` shares one in-memory
    index per index folder across the workbenches of a process (the web
    server opens one workbench, and one database connection, per request).
    """

    def __init__(self, db_path: str | Path | None = None, index_dir: str | Path | None = None,
                 model: str | None = None, embedder=None, log: Callable[[str], None] | None = None,
                 shared_index: bool = False):
        settings = config.current()
        self.db_path = store.database_target(db_path or settings.db)  # a path, or a postgresql:// URL
        self.index_dir = Path(index_dir or settings.index_dir)
        self._embedder = embedder
        self._model = embedder.name if embedder else model
        self.log = log or logger.warning
        self._db = None
        self._holder = _shared_holder(self.index_dir, self._model) if shared_index else _IndexHolder()
        self._shared = shared_index
        self._seen_version = None
        self._lock = self._holder.lock

    @property
    def on_server(self) -> bool:
        """Whether the claims live in a database server (PostgreSQL) rather than a claims.db file."""
        return not isinstance(self.db_path, Path)

    @property
    def db_label(self) -> str:
        """The database for messages: its path, or its URL without the password."""
        return store.database_label(self.db_path)

    @property
    def db(self):
        """The connection, opened (and migrated) on first use."""
        if self._db is None:
            self._db = store.connect(self.db_path)
        return self._db

    def session_secret(self) -> str | None:
        """The key that signs web sessions when the claims live in a database server: kept in the database
        itself, so every web server in front of it accepts the sessions the others signed.  None for a
        claims.db file, whose key the web app keeps in a file beside it."""
        return store.shared_secret(self.db) if self.on_server else None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if not self._shared:
            self._holder.index = None

    def __enter__(self) -> "Workbench":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- setup -------------------------------------------------------------
    def init(self) -> dict:
        """Create claims.db (schema migrated) and the index folder; safe to repeat."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        existed = self.db_path.exists()
        self.close()
        db = store.connect(self.db_path, migrate=False)
        applied = apply_migrations(db)
        self._db = db
        for article_id, event_id in assign_missing(db):  # articles an interrupted ingest left without one
            claim_ids = [row[0] for row in db.execute("SELECT id FROM claims WHERE article_id = ?", [article_id])]
            refresh_event(db, event_id, claim_ids)
        return {"db": self.db_label, "index_dir": str(self.index_dir),
                "created": not existed or "m001_initial" in applied,
                "migrations_applied": applied}

    # -- embedding and index -----------------------------------------------
    @property
    def model(self) -> str:
        return self._model or config.current().model or embed.DEFAULT_MODEL

    @property
    def embedder(self):
        """The sentence model, loaded on first use (seconds), once per process."""
        if self._embedder is None:
            self._embedder = embed.get_embedder(self.model)
        return self._embedder

    def _calibrate(self, cosine: float) -> float:
        """A cosine on the scale stance thresholds use, without loading a packaged model for it."""
        if self._embedder is None:
            return embed.calibration(self.model)(cosine)
        calibrate = getattr(self._embedder, "calibrate", None)
        return calibrate(cosine) if calibrate else cosine

    def _dim(self) -> int:
        """The model's dimension, known for packaged models without loading them (seconds of torch import)."""
        if self._embedder is None and self.model in embed.MODEL_DIMS:
            return embed.MODEL_DIMS[self.model]
        return self.embedder.dim

    def _encode_lazily(self, texts: list[str]):
        """Encode, loading the model only now: opening the index loads it only if claims lack vectors."""
        return self.embedder.encode(texts)

    def _data_version(self) -> int:
        return store.data_version(self.db)

    @property
    def index(self):
        """The FAISS index, consistent with claims.db: repaired on open and whenever
        another process has changed the database since we last looked."""
        with self._lock:
            holder, version = self._holder, self._data_version()
            fresh = self._shared and holder.index is not None and time.monotonic() - holder.checked_at < RECHECK_S
            if holder.index is None or (version != self._seen_version and not fresh):
                holder.index = sync_index(self.db, self.index_dir, self.model, self._dim(), self._encode_lazily,
                                          self.log, holder.index)
                holder.checked_at = time.monotonic()
            self._seen_version = self._data_version()
            return holder.index

    def _save_index(self) -> None:
        with self._lock:
            if self._holder.index is not None:
                save_index(self.db, self._holder.index, self.index_dir)
                self._seen_version = self._data_version()

    def index_check(self) -> list[str]:
        """What is wrong between the index on disk and claims.db (empty when consistent); repairs nothing."""
        return check_index(self.db, self.index_dir, self.model)

    def index_rebuild(self, factory: str | None = None) -> dict:
        """Encode claims lacking a vector for the configured model, then rebuild the index from scratch."""
        embedder = self.embedder
        with self._lock:
            encoded = embed_missing(self.db, embedder.name, embedder.encode)
            self._holder.index = rebuild_index(self.db, self.index_dir, embedder.name, embedder.dim, factory)
            self._seen_version = self._data_version()
            return {"count": self._holder.index.count, "factory": self._holder.index.factory, "model": embedder.name,
                    "encoded": encoded}

    # -- search --------------------------------------------------------------
    def search(self, text: str, k: int = 10, **filters) -> list[dict]:
        """Stored claims most like ``text``, best first (hybrid vector + keyword).

        A query that asserts something ("JNIM holds the airport") is related to each result as a
        claim; a question or a topic ("who controls the airport", "death toll") is not: its
        results carry no relation, and ``taken_as`` says which it was read as."""
        if not (text or "").strip():
            raise BadInput("search: the query is empty; type words, a figure or a name")
        anchor = analyse_sentence(text)
        kind = query_kind(text, anchor["figures"])
        index = self.index
        query = self.embedder.encode([text])[0]
        with self._lock:
            results = rank(self.db, index, query, text, k, ClaimFilter(**filters),
                           anchor=anchor if kind == "claim" else None, calibrate=self._calibrate)
        return results if kind == "claim" else as_topic(results, kind)

    def group_results(self, results: list[dict]) -> list[dict]:
        """Results of a question or a topic grouped by story and frame, each group with its values."""
        labels = {event["id"]: event["label"] for event in self.events()}
        return group_by_story(results, labels)

    def similar(self, claim_id: int, k: int = 10, include_same_article: bool = False, **filters) -> list[dict]:
        """Claims like a stored claim, from other articles unless asked otherwise."""
        claim = self.claim(claim_id)
        if claim is None:
            raise NotFound(f"claim {claim_id} does not exist")
        index = self.index
        _, vectors = load_vectors(self.db, index.model, index.dim, [claim_id])
        with self._lock:
            return rank(self.db, index, vectors[0], claim["text"], k, ClaimFilter(**filters), exclude_ids={claim_id},
                        exclude_article=None if include_same_article else claim["article_id"], anchor=claim,
                        frame_ids=frame_mates(self.db, claim_id), story_ids=story_mates(self.db, claim_id),
                        calibrate=self._calibrate)

    def matches(self, claim_id: int) -> dict[str, dict]:
        """What other reports say about a stored claim, as stored at ingest (a person's verdict first):
        label → {"total", "matches"}, conflicts first.  Reads only, no model and no index — the claim
        page's cost must not grow with the archive; ``similar`` is the wider, computed search."""
        if self.db.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone() is None:
            raise NotFound(f"claim {claim_id} does not exist")
        return claim_matches(self.db, claim_id)

    def article_matches(self, article_id: int) -> dict[int, dict[str, dict]]:
        """For the claims of an article, the stored conflicts and corroborations with other reports:
        claim id → label → {"total", "others" (the strongest few)}; what an ingested report contradicts."""
        ids = [row[0] for row in self.db.execute("SELECT id FROM claims WHERE article_id = ?", [article_id])]
        return article_matches(self.db, ids)

    def batch_search(self, queries: Iterable, k: int = 10, batch_size: int = 256, **filters) -> Iterator[dict]:
        """For each query (a text, an (id, text) pair or a batch.Query), a result row, in order.

        Queries are encoded in batches on a worker thread while the previous
        batch is ranked, so the model never waits for the database."""

        index, chosen = self.index, ClaimFilter(**filters)

        def ranked(batch: list, vectors) -> Iterator[dict]:
            for query, vector in zip(batch, vectors):
                with self._lock:
                    results = rank(self.db, index, vector, query.text, k, chosen,
                                   anchor=analyse_sentence(query.text), calibrate=self._calibrate)
                yield {"query_id": query.id, "query": query.text, "results": [slim(r) for r in results]}

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="encode") as pool:
            pending = None
            for batch in _query_batches(queries, batch_size):
                started = (batch, pool.submit(self.embedder.encode, [query.text for query in batch]))
                if pending:
                    yield from ranked(pending[0], pending[1].result())
                pending = started
            if pending:
                yield from ranked(pending[0], pending[1].result())

    # -- stance and events -------------------------------------------------
    def batch_search_file(self, queries: str | Path, output: str | Path, k: int = 10, progress=None,
                          **filters) -> dict:
        """Search every query of a .txt / .jsonl / .csv file and write one JSON line per query to
        ``output`` atomically; lines that cannot be read are skipped and returned, one message each.
        ``progress(rows, total)`` may wrap the result rows (a progress bar)."""
        entries = list(read_queries(queries))
        good = [entry for entry in entries if not isinstance(entry, BadLine)]
        rows = self.batch_search(good, k, **filters)
        written = write_jsonl_atomic(output, progress(rows, len(good)) if progress else rows)
        return {"written": written, "skipped": [str(entry) for entry in entries if isinstance(entry, BadLine)]}

    def compare(self, claim_a: int | dict, claim_b: int | dict):
        """Relation(label, confidence, reasons) of claim b to claim a (ids or claim dicts);
        a relation a person set wins over the computed one."""
        a, b = (self._claim_or_dict(claim) for claim in (claim_a, claim_b))
        if a.get("id") and b.get("id"):
            stored = stored_relation(self.db, a["id"], b["id"])
            if stored and stored["source"] == "person":
                return Relation(stored["label"], 1.0, tuple(stored["reasons"]) or (f"set by a person: {stored['note']}",))
        similarity = None
        if a.get("id") and b.get("id"):
            ids, vectors = load_vectors(self.db, self.model, None, [a["id"], b["id"]])  # no model load
            if len(ids) == 2:
                similarity = self._calibrate(float(vectors[0] @ vectors[1]))
            told = claim_incidents(self.db, [a, b])  # each as of the incident it tells of, as similar compares them
            a, b = as_told(a, told), as_told(b, told)
        return compare_claims(a, b, similarity)

    def _claim_or_dict(self, claim: int | dict) -> dict:
        if isinstance(claim, dict):
            return claim
        found = self.claim(claim)
        if found is None:
            raise NotFound(f"claim {claim} does not exist")
        return found

    # -- ingest ------------------------------------------------------------
    def iter_ingest(self, paths: Iterable[str | Path], defaults: dict | None = None,
                    max_bytes: int = MAX_BYTES, progress: Callable | None = None) -> Iterator[IngestResult]:
        """Ingest files and folders, yielding one result per article or refused input.

        New claims are embedded and added to the index as they are stored;
        the index is saved once at the end.  ``progress`` wraps the list of
        files (e.g. a tqdm factory) so a caller can show a bar.
        """
        files = list(expand_paths(list(paths)))

        def inputs():
            for entry in (progress(files) if progress else files):
                yield from (read_path(entry, defaults, max_bytes) if isinstance(entry, Path) else [entry])

        yield from self._ingest_inputs(inputs())

    def _ingest_inputs(self, inputs: Iterable) -> Iterator[IngestResult]:
        index = self.index
        added = False
        try:
            for results in ingest_stream(self.db, inputs, self.embedder):
                with self._lock:
                    for result in results:
                        if result.status == "added" and result.claim_ids:
                            index.add(result.claim_ids, result.vectors)
                            added = True
                yield from results
        finally:
            if added:
                self._save_index()

    def ingest(self, paths: Iterable[str | Path], defaults: dict | None = None, **options) -> list[IngestResult]:
        return list(self.iter_ingest(paths, defaults, **options))

    def ingest_file(self, path: str | Path, defaults: dict | None = None, label: str | None = None,
                    max_bytes: int = MAX_BYTES) -> list[IngestResult]:
        """Ingest one file under a name of the caller's choosing (an upload is stored in a temp file)."""
        return list(self._ingest_inputs(read_path(Path(path), defaults, max_bytes, label)))

    def ingest_text(self, text: str, **metadata) -> IngestResult:
        """Ingest one report given as a string (text or HTML) with its metadata."""
        source = metadata.pop("source", "text")
        try:
            item = article_from_record({"text": text, **metadata}, source, {})
        except ValueError as error:
            return IngestResult(source, "error", f"{source}: {error}")
        return list(self._ingest_inputs([item]))[0]

    def load_demo(self) -> list[IngestResult]:
        """The team's demo corpus (two events, English and French); repeat-safe."""
        manifest = json.loads((DEMO_DIR / "manifest.json").read_text(encoding="utf-8"))
        def inputs():
            for entry in manifest:
                defaults = {key: entry[key] for key in ("outlet", "url", "title", "published", "language")
                            if entry.get(key)}
                yield from read_path(DEMO_DIR / entry["file"], defaults)

        return list(self._ingest_inputs(inputs()))

    # -- read --------------------------------------------------------------
    def articles(self, limit: int | None = None, offset: int = 0) -> list[dict]:
        return store.list_articles(self.db, limit, offset)

    def article(self, article_id: int) -> dict | None:
        return store.get_article(self.db, article_id)

    def claims(self, article_id: int | None = None, status: str | None = None, claim_type: str | None = None,
               speaker: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict]:
        return store.list_claims(self.db, article_id, status, claim_type, speaker, limit, offset)

    def claim(self, claim_id: int) -> dict | None:
        return store.get_claim(self.db, claim_id)

    def stats(self) -> dict:
        return {table: store.count_rows(self.db, table) for table in ("articles", "claims", "figures")}

    # -- published fact-checks ------------------------------------------------
    def import_factchecks(self, path: str | Path) -> dict:
        """Store and embed published fact-checks from a ClaimReview or fact-check search JSON file;
        the report counts added / updated / unchanged and lists each skipped record's reason."""
        embedder = self.embedder
        return import_file(self.db, path, embedder.name, embedder.encode)

    def fact_checks_for(self, claim_id: int | None = None, text: str | None = None, k: int = 3) -> list[dict]:
        """Published fact-checks of this claim (a stored claim, or a free text), best first."""
        if (claim_id is None) == (text is None):
            raise BadInput("fact_checks_for needs a claim id or a text (one of them)")
        anchor = self.claim(claim_id) if claim_id is not None else analyse_sentence(text)
        if anchor is None:
            raise NotFound(f"claim {claim_id} does not exist")
        if not has_factchecks(self.db):
            return []  # nothing to match: do not load the model for it
        return find_matches(self.db, anchor, self.model, self._dim(), self._encode_lazily, k, self._calibrate)


def _query_batches(queries: Iterable, size: int) -> Iterator[list]:
    """batch.Query lists of ``size``; a bare text is numbered by its position, a pair is (id, text)."""
    def as_query(number: int, query) -> Query:
        if isinstance(query, Query):
            return query
        return Query(str(number), query) if isinstance(query, str) else Query(str(query[0]), query[1])

    return batched((as_query(number, query) for number, query in enumerate(queries, 1)), size)
