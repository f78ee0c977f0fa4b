"""The plain Python API every face calls: CLI, web views and newsroom scripts.

    from workbench import Workbench
    wb = Workbench("claims.db", "indexes")
    wb.ingest(["reports/"])
    wb.claims(claim_type="casualty", speaker="JNIM")

No face holds logic of its own, so a script and the web UI never disagree.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import store
from .ingest import IngestResult, ingest_item
from .sources import MAX_BYTES, article_from_record, expand_paths, read_path

__all__ = ["Workbench", "DEFAULT_DB", "DEFAULT_INDEX_DIR", "DEMO_DIR"]

DEFAULT_DB = "claims.db"
DEFAULT_INDEX_DIR = "indexes"
DEMO_DIR = Path(__file__).parent / "demo"


class Workbench:
    """One claims.db and its index folder."""

    def __init__(self, db_path: str | Path | None = None, index_dir: str | Path | None = None):
        self.db_path = Path(db_path or os.environ.get("WORKBENCH_DB") or DEFAULT_DB)
        self.index_dir = Path(index_dir or os.environ.get("WORKBENCH_INDEX_DIR") or DEFAULT_INDEX_DIR)
        self._db = None

    @property
    def db(self):
        """The connection, opened (and migrated) on first use."""
        if self._db is None:
            self._db = store.connect(self.db_path)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

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
        from .migrations import apply_migrations

        applied = apply_migrations(db)
        self._db = db
        return {"db": str(self.db_path), "index_dir": str(self.index_dir), "created": not existed,
                "migrations_applied": applied}

    # -- ingest ------------------------------------------------------------
    def iter_ingest(self, paths: Iterable[str | Path], defaults: dict | None = None,
                    max_bytes: int = MAX_BYTES, progress: Callable | None = None) -> Iterator[IngestResult]:
        """Ingest files and folders, yielding one result per article or refused input.

        ``progress`` wraps the list of files (e.g. a tqdm factory) so a
        caller can show a bar without this layer printing anything.
        """
        files = list(expand_paths(list(paths)))
        for entry in (progress(files) if progress else files):
            if not isinstance(entry, Path):
                yield ingest_item(self.db, entry)
                continue
            for item in read_path(entry, defaults, max_bytes):
                yield ingest_item(self.db, item)

    def ingest(self, paths: Iterable[str | Path], defaults: dict | None = None, **options) -> list[IngestResult]:
        return list(self.iter_ingest(paths, defaults, **options))

    def ingest_text(self, text: str, **metadata) -> IngestResult:
        """Ingest one report given as a string (text or HTML) with its metadata."""
        source = metadata.pop("source", "text")
        try:
            item = article_from_record({"text": text, **metadata}, source, {})
        except ValueError as error:
            return IngestResult(source, "error", f"{source}: {error}")
        return ingest_item(self.db, item)

    def load_demo(self) -> list[IngestResult]:
        """The team's demo corpus (two events, English and French); repeat-safe."""
        manifest = json.loads((DEMO_DIR / "manifest.json").read_text(encoding="utf-8"))
        results = []
        for entry in manifest:
            defaults = {key: entry[key] for key in ("outlet", "url", "title", "published", "language")
                        if entry.get(key)}
            results.extend(self.iter_ingest([DEMO_DIR / entry["file"]], defaults))
        return results

    # -- read --------------------------------------------------------------
    def articles(self, limit: int | None = None, offset: int = 0) -> list[dict]:
        return store.list_articles(self.db, limit, offset)

    def article(self, article_id: int) -> dict | None:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            return None
        columns = [column[1] for column in self.db.execute("PRAGMA table_info(articles)").fetchall()]
        article = dict(zip(columns, row))
        article["headings"] = json.loads(article["headings"])
        return article

    def claims(self, article_id: int | None = None, status: str | None = None, claim_type: str | None = None,
               speaker: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict]:
        return store.list_claims(self.db, article_id, status, claim_type, speaker, limit, offset)

    def claim(self, claim_id: int) -> dict | None:
        return store.get_claim(self.db, claim_id)

    def stats(self) -> dict:
        return {table: store.count_rows(self.db, table) for table in ("articles", "claims", "figures")}
