"""Published fact-checks: import them, and say when a new claim was already fact-checked.

Files are read by ``factcheck_formats`` (ClaimReview JSON-LD in any shape,
or fact-check search JSON); each bad record is reported and skipped, the
others are stored in one transaction.  A fact-check is identified by a
content hash of its claim text, publisher and URL (``factchecks.content_hash``
UNIQUE): re-importing a file adds nothing, and a publisher's changed rating
updates the stored one.

Matching: each fact-check's claim text, without a leading wire dateline
("BAMAKO, Sept 18 (PAN) –", which dilutes a sentence's embedding; a new
claim is read the same way), is embedded with the workbench's model and
stored in ``factcheck_embeddings`` (a vector already stored for the same
text and model, for a claim or another fact-check, is reused).  The
vectors are searched through an in-memory FAISS Flat inner-product index
(``index.VectorIndex``, never saved) that is separate from the claims index
— whose ids are ``claims.id`` and must never hold anything else.  It is
built from the stored vectors on first use and rebuilt whenever the set of
stored fact-check vectors changed (count, max and sum of ids), checked on
every lookup; one index is kept per database and model, per process.

A match is a fact-check whose cosine to the claim is at least
``MATCH_THRESHOLD`` (0.55 on all-MiniLM's scale; other models are calibrated
onto it).  On the team's labelled pairs (``tests/data/factcheck_pairs.jsonl``;
``python bench/factchecks.py`` prints the table) every paraphrase of a
fact-checked claim scores 0.58 or more and every other claim about the same
event 0.56 or less — except claims giving *another figure* for the same toll
(0.67–0.82), which no cosine separates.  So each match is also read with the
stance rules and gets a ``kind``:

* ``same`` — "already fact-checked": the rules find the claims corroborating,
  or merely related but at ``SAME_CLAIM_RELATED`` (0.65) or above (the
  related paraphrases score 0.70–0.80, the related other claims 0.56 or less);
* ``conflicting`` — the rules find a conflict (another toll, the other side of
  a control claim): "a fact-check of a conflicting claim", never "already
  fact-checked";
* ``related`` — the rest: shown as a related fact-check.

At 0.55 / 0.65 that gives precision 1.00 and recall 0.95 for "already
fact-checked" on those pairs (cosine alone: 0.85 and 1.00); a threshold of
0.60 would lose two true paraphrases.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Callable

import numpy as np
from sqlite_utils import Database

from ..encode.embed import from_blob, text_hash, to_blob
from ..encode.index import VectorIndex
from ..encode.vectors import load_vectors
from ..ingest import analyse_sentence
from ..model import MATCH_LABELS
from ..relate.stance import compare
from ..storage.store import content_hash, now
from ..text.valid import valid_text
from .factcheck_formats import parse_factchecks, read_factchecks

__all__ = ["MATCH_THRESHOLD", "SAME_CLAIM_RELATED", "MATCH_LABELS", "parse_factchecks", "read_factchecks",
           "store_factchecks", "embed_factchecks", "import_file", "has_factchecks", "find_matches", "match_kind",
           "without_dateline"]

MATCH_THRESHOLD = 0.55
SAME_CLAIM_RELATED = 0.65
CHUNK = 256
MAX_CACHED_INDEXES = 8
COLUMNS = ("claim_text", "claimant", "claim_date", "rating", "rating_value", "best_rating", "worst_rating",
           "publisher", "url", "title", "review_date", "language")


# "BAMAKO, Sept 18 (PAN) – ", "GOMA, Congo (Reuters) - ": a wire dateline is not part of the claim
_DATELINE = re.compile(  # an upper-case place, then a date (with a digit) and/or an (Agency), then a dash
    r"^\s*[A-ZÀ-Þ]{3,}[A-ZÀ-Þ'’ .-]*"
    r"(?:,\s*[^–—()\n\d]{0,15}\d[^–—()\n]{0,15}?\s*(?:\([A-Z][^()\n]{0,25}\))?"
    r"|(?:,\s*[A-Z][^–—()\n,]{0,20})?\s*\([A-Z][^()\n]{0,25}\))"
    r"\s*(?:[–—]|--?)\s+")


def without_dateline(text: str) -> str:
    """The sentence without a leading wire dateline, which otherwise dilutes its embedding
    (a paraphrase of a datelined wire sentence scores 0.51 with it, 0.64 without)."""
    return _DATELINE.sub("", text, count=1) or text


# -- storing -----------------------------------------------------------------------
def _identity(record: dict) -> str:
    return content_hash("\x1f".join((record["claim_text"], record["publisher"], record.get("url") or "")))


def _valid_record(record: dict) -> tuple[dict, int]:
    """The record with every text made valid (``text.valid``: a JSON ``"\\udc80"`` escape or a NUL
    would break the claim page that shows the fact-check), and how many characters were repaired."""
    fixed = {column: valid_text(value) if isinstance(value, str) else (value, 0) for column, value in record.items()}
    return {column: value for column, (value, _) in fixed.items()}, sum(count for _, count in fixed.values())


def store_factchecks(db: Database, records: list[dict], source: str) -> dict:
    """Insert new fact-checks, update changed ones, in one transaction; count each, and the
    characters repaired to make them valid text (``replaced``)."""
    counts = {"added": 0, "updated": 0, "unchanged": 0, "replaced": 0}
    stamp, source = now(), valid_text(source)[0]  # a file name Python decoded with surrogateescape
    with db.atomic():
        for record in records:
            record, replaced = _valid_record(record)
            counts["replaced"] += replaced
            values = [record.get(column) for column in COLUMNS]
            key = _identity(record)
            row = db.execute(f"SELECT id, {', '.join(COLUMNS)} FROM factchecks WHERE content_hash = ?",
                             [key]).fetchone()
            if row is None:
                db.execute(f"INSERT INTO factchecks ({', '.join(COLUMNS)}, source, content_hash, imported_at, "
                           f"updated_at) VALUES ({', '.join('?' * (len(COLUMNS) + 4))})",
                           [*values, source, key, stamp, stamp])
                counts["added"] += 1
            elif list(row[1:]) != values:
                db.execute(f"UPDATE factchecks SET {', '.join(c + ' = ?' for c in COLUMNS)}, updated_at = ? "
                           f"WHERE id = ?", [*values, stamp, row[0]])
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    return counts


def _known_vectors(db: Database, hashes: list[str], model: str) -> dict[str, bytes]:
    """Stored vectors of identical texts for this model, from claims or other fact-checks."""
    marks = ", ".join("?" * len(hashes))
    rows = db.execute(f"""SELECT text_hash, vector FROM embeddings WHERE model = ? AND text_hash IN ({marks})
                          UNION ALL SELECT text_hash, vector FROM factcheck_embeddings WHERE model = ?
                          AND text_hash IN ({marks})""", [model, *hashes, model, *hashes])
    return dict(rows.fetchall())


def embed_factchecks(db: Database, model: str, encode: Callable) -> int:
    """Store a vector for every fact-check lacking one for ``model``; return how many were stored."""
    rows = db.execute("""SELECT f.id, f.claim_text FROM factchecks f LEFT JOIN factcheck_embeddings e
                         ON e.factcheck_id = f.id AND e.model = ? WHERE e.factcheck_id IS NULL ORDER BY f.id""",
                      [model]).fetchall()
    for start in range(0, len(rows), CHUNK):
        chunk = [(fc_id, without_dateline(text)) for fc_id, text in rows[start:start + CHUNK]]
        hashes = [text_hash(text) for _, text in chunk]
        known = _known_vectors(db, sorted(set(hashes)), model)
        todo = sorted({h: text for h, (_, text) in zip(hashes, chunk) if h not in known}.items())
        if todo:
            fresh = encode([text for _, text in todo])
            known.update({h: to_blob(vector) for (h, _), vector in zip(todo, fresh)})
        with db.atomic():
            db.conn.executemany("INSERT INTO factcheck_embeddings (factcheck_id, model, text_hash, vector) "
                                "VALUES (?, ?, ?, ?) ON CONFLICT (factcheck_id, model) DO UPDATE SET "
                                "text_hash = excluded.text_hash, vector = excluded.vector",
                                [(fc_id, model, h, known[h]) for (fc_id, _), h in zip(chunk, hashes)])
    return len(rows)


def import_file(db: Database, path: str | Path, model: str, encode: Callable) -> dict:
    """Read, store and embed one file of published fact-checks; the report says what happened."""
    records, problems = read_factchecks(path)
    counts = store_factchecks(db, records, Path(path).name)
    encoded = embed_factchecks(db, model, encode)
    return {"file": str(path), **counts, "skipped": len(problems), "problems": problems, "encoded": encoded}


# -- matching ----------------------------------------------------------------------
_INDEXES: dict[tuple[str, str], tuple[tuple, object]] = {}
_INDEX_LOCK = threading.Lock()


def has_factchecks(db: Database) -> bool:
    return db.execute("SELECT EXISTS (SELECT 1 FROM factchecks)").fetchone()[0] == 1


def _factcheck_index(db: Database, model: str, dim: int):
    """The in-memory index of fact-check vectors for this database and model, rebuilt when they changed."""
    db_id = db.execute("SELECT value FROM settings WHERE key = 'db_id'").fetchone()[0]
    state = db.execute("SELECT count(*), coalesce(max(factcheck_id), 0), coalesce(sum(factcheck_id), 0) "
                       "FROM factcheck_embeddings WHERE model = ?", [model]).fetchone()
    with _INDEX_LOCK:
        cached = _INDEXES.get((db_id, model))
        if cached and cached[0] == tuple(state):
            return cached[1]
        rows = db.execute("SELECT factcheck_id, vector FROM factcheck_embeddings WHERE model = ? "
                          "ORDER BY factcheck_id", [model]).fetchall()
        index = VectorIndex.create(model, dim, "Flat")
        if rows:
            index.add([row[0] for row in rows], np.vstack([from_blob(row[1], dim) for row in rows]))
        _INDEXES.pop((db_id, model), None)
        while len(_INDEXES) >= MAX_CACHED_INDEXES:  # a test run or a script may open many databases
            _INDEXES.pop(next(iter(_INDEXES)))
        _INDEXES[(db_id, model)] = (tuple(state), index)
        return index


def _records(db: Database, ids: list[int]) -> dict[int, dict]:
    cursor = db.execute(f"SELECT id, {', '.join(COLUMNS)} FROM factchecks WHERE id IN "
                        f"({', '.join('?' * len(ids))})", ids)
    return {row[0]: dict(zip(("id",) + COLUMNS, row)) for row in cursor.fetchall()}


def query_vector(db: Database, anchor: dict, model: str, dim: int, encode: Callable) -> np.ndarray:
    """A stored claim's own vector, unless its text carries a dateline (then the text without it)."""
    core = without_dateline(anchor["text"])
    if anchor.get("id") is not None and core == anchor["text"]:
        ids, vectors = load_vectors(db, model, dim, [anchor["id"]])
        if len(ids):
            return vectors[0]
    return encode([core])[0]


def find_matches(db: Database, anchor: dict, model: str, dim: int, encode: Callable, k: int = 3,
                 calibrate: Callable[[float], float] | None = None, threshold: float = MATCH_THRESHOLD
                 ) -> list[dict]:
    """Stored fact-checks whose claim matches ``anchor`` (a claim dict: a stored claim, or a text
    analysed by ``ingest.analyse_sentence``), best first.

    Each match carries the fact-check, its ``score`` (cosine on MiniLM's scale), the stance
    ``relation`` of the fact-checked claim to this one with ``reasons``, and its ``kind``
    (``same``, ``related`` or ``conflicting``: see the module docstring)."""
    stored, embedded = db.execute("SELECT (SELECT count(*) FROM factchecks), (SELECT count(*) FROM "
                                  "factcheck_embeddings WHERE model = ?)", [model]).fetchone()
    if stored > embedded:  # imported under another model, or interrupted before embedding
        embed_factchecks(db, model, encode)
    index = _factcheck_index(db, model, dim)
    vector = query_vector(db, anchor, model, dim, encode)
    scores, ids = index.search(np.asarray(vector, dtype=np.float32), max(k * 4, 20))
    calibrate = calibrate or (lambda cosine: cosine)
    hits = [(int(i), calibrate(float(s))) for s, i in zip(scores[0], ids[0]) if i >= 0]
    hits = [(i, s) for i, s in hits if s >= threshold]
    records = _records(db, [i for i, _ in hits]) if hits else {}
    matches = []
    for factcheck_id, score in hits:
        record = records.get(factcheck_id)
        if record is None:
            continue
        checked = analyse_sentence(record["claim_text"], speaker_outlet=record["claimant"] or record["publisher"])
        relation = compare(anchor, checked, score)
        matches.append({**record, "score": round(score, 4), "relation": relation.label,
                        "reasons": list(relation.reasons), "kind": match_kind(relation.label, score)})
    return matches[:k]


def match_kind(relation: str, score: float) -> str:
    """``same`` / ``conflicting`` / ``related``: how a fact-checked claim stands to a new one."""
    if relation == "conflicts":
        return "conflicting"
    if relation == "corroborates" or score >= SAME_CLAIM_RELATED:
        return "same"
    return "related"
