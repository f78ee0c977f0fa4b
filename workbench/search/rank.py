"""Stage 9 — search: which stored claims say something like this?

Hybrid retrieval: FAISS neighbours of the query vector, fused by reciprocal
rank with FTS5 keyword hits, so exact names and figures ("77", "Faladié")
that an embedding blurs are not lost.  Every candidate is scored by its
exact cosine to the query (from the stored vectors), hydrated from claims.db
(so a deleted claim is never served), filtered, and near-identical texts
from syndicated copies of one wire story are folded into one result with
``duplicates``, so ten copies of one sentence do not fill the top ten.
"""
from __future__ import annotations

import re
import threading

import numpy as np
from sqlite_utils import Database

from ..encode.index import VectorIndex
from ..encode.vectors import load_vectors
from ..relate.stance import compare, describe_figure, near_identical
from ..storage import store
from ..storage.relations import people_verdicts, summaries
from ..storage.sql import ClaimFilter
from ..story.events import claim_incidents
from ..text.patterns import strip_accents

__all__ = ["Results", "rank", "RRF_K", "slim", "group_by_story", "as_topic"]

RRF_K = 60
SHORT_QUERY = 4  # content words up to which a query is searched word for word
LONG_WORD = 9    # letters from which a lower-case word is rare enough for the keyword route
RARE_MAX = 1000  # claims holding a word beyond which the keyword route leaves it to the vectors
POOL_MIN = 50
FILTERED_EXACT_LIMIT = 20_000  # below this many filtered claims, score them all exactly
DUPLICATE_COSINE = 0.95
_STOPWORDS = set("a an and are as at be by for from has have in is it its of on or said says that the their "
                 "to was were what which who with le la les de des du et en un une que qui a est".split())


def _vectors(db: Database, index: VectorIndex, ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """(ids, vectors) from the in-memory index; from claims.db only if some id is not indexed."""
    wanted = np.asarray(ids, dtype=np.int64)
    try:
        return wanted, index.vectors(wanted)
    except RuntimeError:  # an id missing from the index (a claim added a moment ago): ask the database
        return load_vectors(db, index.model, index.dim, list(ids))


def _filtered_ids(db: Database, filters: ClaimFilter) -> list[int]:
    where, params = filters.sql()
    return [row[0] for row in db.execute(
        f"SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id WHERE {where}", params)]


def _vector_route(db, index: VectorIndex, query: np.ndarray, pool: int, filters: ClaimFilter) -> list[int]:
    """Claim ids nearest the query, best first, honouring filters."""
    if filters.active():
        allowed = _filtered_ids(db, filters)
        if len(allowed) <= FILTERED_EXACT_LIMIT:
            ids, vectors = _vectors(db, index, allowed)
            order = np.argsort(-(vectors @ query), kind="stable")[:pool]
            return ids[order].tolist()
        allowed_set = set(allowed)
        _, found = index.search(query, pool * 10)
        return [int(i) for i in found[0] if i in allowed_set][:pool]
    _, found = index.search(query, pool)
    return [int(i) for i in found[0] if i >= 0]


def fts_words(text: str, frequency=None) -> list[str]:
    """The words the keyword route looks for, lower-cased.

    The keyword route exists for what embeddings blur — figures and names —
    so a sentence contributes its numbers, its capitalised words (not the
    first) and its long words; a short typed query contributes every content
    word.  ``frequency`` (word -> claims holding it), when given, drops words
    common in this archive: they would match a large part of it, cost the
    most, and add nothing the vector route lacks.
    """
    content = [w for w in re.findall(r"\w+", text) if w.lower() not in _STOPWORDS]
    short = len(content) <= SHORT_QUERY
    if not short:
        content = [w for i, w in enumerate(content)
                   if w.isdigit() or (i and w[0].isupper()) or len(w) >= LONG_WORD]
    words = list(dict.fromkeys(w.lower() for w in content[:32]))
    if frequency and words:
        counts = frequency(words)
        rare = [word for word in words if counts.get(word, 0) <= RARE_MAX]
        words = rare or ([min(words, key=lambda word: counts.get(word, 0))] if short else [])
    return words


def fts_query(text: str, frequency=None) -> str | None:
    """An FTS5 OR-query of ``fts_words``, each word quoted so punctuation cannot break it."""
    return _fts5_query(fts_words(text, frequency))


def _fts5_query(words: list[str]) -> str | None:
    return " OR ".join(f'"{word}"' for word in words) or None


# On PostgreSQL a word's count is a GIN index walk (~9 ms for a common word, bench/web.py), and each request
# borrows a connection of the pool: the counts are kept for the process, per database, instead.
SHARED_TERMS_MAX = 50_000
_SHARED_COUNTS: dict[str, dict[str, int]] = {}
_SHARED_LOCK = threading.Lock()


class TermFrequency:
    """Claims holding each word (FTS5's own vocabulary; on PostgreSQL, the GIN index), cached per connection.

    Looking a common word up costs a walk over its postings, and the same
    words recur query after query, so counts are kept for the life of the
    connection; a count a little out of date only moves a word across the
    RARE_MAX line, which changes nothing but speed."""

    def __init__(self, db: Database):
        self.db, self.counts = db, {}
        if store.dialect(db) == "sqlite":
            db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.claims_vocab USING fts5vocab(main, 'claims_fts', 'row')")

    @classmethod
    def of(cls, db: Database) -> "TermFrequency":
        if getattr(db, "_term_frequency", None) is None:
            db._term_frequency = cls(db)
            if store.dialect(db) == "postgresql":  # a connection per request: keep the counts per database
                with _SHARED_LOCK:
                    shared = _SHARED_COUNTS.setdefault(db.url, {})
                    if len(shared) > SHARED_TERMS_MAX:
                        shared.clear()
                db._term_frequency.counts = shared
        return db._term_frequency

    def __call__(self, words: list[str]) -> dict[str, int]:
        missing = [word for word in words if word not in self.counts]
        if missing:
            folded = {word: _fold(word) for word in missing}
            self.counts.update({word: found.get(term, 0) for found in [self._postings(sorted(set(folded.values())))]
                                for word, term in folded.items()})
        return {word: self.counts[word] for word in words}

    def _postings(self, terms: list[str]) -> dict[str, int]:
        if store.dialect(self.db) == "sqlite":
            return dict(self.db.execute(f"SELECT term, doc FROM temp.claims_vocab WHERE term IN "
                                        f"({', '.join('?' * len(terms))})", terms).fetchall())
        # counted only up to RARE_MAX + 1, all a rare-or-common decision needs: a common word's
        # thousands of rows are never visited
        return {term: self.db.execute("SELECT count(*) FROM (SELECT 1 FROM claims WHERE fts @@ to_tsquery('simple', ?) "
                                      "LIMIT ?) AS found", [term, RARE_MAX + 1]).fetchone()[0] for term in terms}


def _fold(word: str) -> str:
    """The word as the full-text index stores it (lower case, no accents: FTS5's unicode61
    remove_diacritics, PostgreSQL's workbench_fold)."""
    return strip_accents(word)


def _keyword_route(db: Database, text: str, pool: int, filters: ClaimFilter) -> list[int]:
    words = fts_words(text, TermFrequency.of(db))
    if not words:
        return []
    if store.dialect(db) == "postgresql":
        return _keyword_route_postgres(db, words, pool, filters)
    query = _fts5_query(words)
    if not filters.active():  # no join needed: FTS5 ranks and limits on its own
        return [row[0] for row in db.execute("SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? "
                                             "ORDER BY bm25(claims_fts), rowid LIMIT ?", [query, pool])]
    where, params = filters.sql()
    sql = (f"SELECT c.id FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid "
           f"JOIN articles a ON a.id = c.article_id WHERE claims_fts MATCH ? AND {where} "
           f"ORDER BY bm25(claims_fts), c.id LIMIT ?")
    return [row[0] for row in db.execute(sql, [query, *params, pool])]


def _keyword_route_postgres(db: Database, words: list[str], pool: int, filters: ClaimFilter) -> list[int]:
    """The same OR-query over the claims' tsvector, ranked by ts_rank (BM25's stand-in there)."""
    query = " | ".join(_fold(word) for word in words)  # \w+ words: nothing tsquery would parse as syntax
    where, params = filters.sql()
    joined = "JOIN articles a ON a.id = c.article_id" if filters.active() else ""  # as on SQLite: no join unfiltered
    sql = (f"SELECT c.id FROM claims c {joined} CROSS JOIN to_tsquery('simple', ?) AS q "
           f"WHERE c.fts @@ q AND {where} ORDER BY ts_rank(c.fts, q) DESC, c.id LIMIT ?")
    return [row[0] for row in db.execute(sql, [query, *params, pool])]


def _fuse(routes: dict[str, list[int]]) -> dict[int, tuple[float, list[str]]]:
    """Reciprocal rank fusion: id -> (fused score, routes that found it)."""
    fused: dict[int, tuple[float, list[str]]] = {}
    for name, ids in routes.items():
        for rank_number, claim_id in enumerate(ids, 1):
            score, found_by = fused.get(claim_id, (0.0, []))
            fused[claim_id] = (score + 1.0 / (RRF_K + rank_number), found_by + [name])
    return fused


def _group_duplicates(ranked: list[dict], vectors: dict[int, np.ndarray]) -> list[dict]:
    """Fold near-identical texts (syndicated copies) into the best-ranked one."""
    if not ranked:
        return []
    matrix = np.stack([vectors[result["claim"]["id"]] for result in ranked])
    close = (matrix @ matrix.T) >= DUPLICATE_COSINE  # all pairs at once: the texts are compared only if close
    leaders: dict[int, dict] = {}  # row -> a result kept
    for row, result in enumerate(ranked):
        text = result["claim"]["text"]
        leader = next((leaders[column] for column in np.flatnonzero(close[row, :row])
                       if column in leaders and near_identical(text, leaders[column]["claim"]["text"])), None)
        if leader is None:
            leaders[row] = result
        else:
            leader["duplicates"].append(result["claim"]["id"])
    return list(leaders.values())


def _article_summary(db: Database, article_ids: set[int]) -> dict[int, dict]:
    ids = sorted(article_ids)
    rows = db.execute(f"SELECT id, outlet, title, url, published FROM articles WHERE id IN "
                      f"({', '.join('?' * len(ids))})", ids).fetchall() if ids else []
    return {row[0]: dict(zip(("id", "outlet", "title", "url", "published"), row)) for row in rows}


def _relate(anchor: dict | None, results: list[dict], calibrate=None, incidents: dict | None = None) -> None:
    """Label each result against the anchor claim (or the query as a claim) and say why; each claim is
    compared as of the incident it tells of (``incidents``: ``story.events.claim_incidents``)."""
    told = incidents or {}
    anchor = as_told(anchor, told) if anchor else anchor
    for result in results:
        similarity = calibrate(result["score"]) if calibrate else result["score"]
        relation = compare(anchor, as_told(result["claim"], told), similarity) if anchor else None
        result["relation"] = relation.label if relation else "related"
        result["confidence"] = relation.confidence if relation else 0.0
        result["reasons"] = list(relation.reasons) if relation else []
        result["codes"] = list(relation.codes) if relation else []


def as_told(claim: dict, incidents: dict[int, tuple[int, int]]) -> dict:
    """The claim as of the incident it tells of (event and story), for comparing; the stored one otherwise."""
    if claim.get("id") not in incidents:
        return claim
    event_id, story_id = incidents[claim["id"]]
    return {**claim, "event_id": event_id, "story_id": story_id}


def _overlay_people(verdicts: dict[int, dict], results: list[dict]) -> None:
    """Where a person confirmed or corrected a pair, their label wins (the computed one is kept as
    ``auto_relation``, its reasons after theirs): the CLI, the JSON API and the claim page all show this."""
    for result in results:
        person = result["person"] = verdicts.get(result["claim"]["id"])
        if person:
            result["auto_relation"] = result["relation"]
            result["relation"] = person["label"]
            result["reasons"] = person["reasons"] + [r for r in result["reasons"] if r not in person["reasons"]]


class Results(list):
    """The results shown, best first; ``more_frame_mates``: frame-mates that ``k`` left out;
    ``taken_as``: what a typed query was read as (``analyse.queries``: claim, question, topic)."""

    more_frame_mates: int = 0
    taken_as: str = "claim"


def as_topic(results: Results, kind: str) -> Results:
    """A question or a topic asserts nothing: no result corroborates or conflicts with it."""
    results.taken_as = kind
    for result in results:
        result["relation"], result["confidence"], result["reasons"], result["codes"] = None, 0.0, [], []
    return results


def group_by_story(results: list[dict], event_labels: dict[int, str] | None = None) -> list[dict]:
    """Results in groups of one story and one frame, in the order their best result came, each
    with the values its claims give side by side (who says which toll), as the board shows them."""
    groups: dict[tuple, dict] = {}
    for result in results:
        claim = result["claim"]
        frame = (claim.get("frames") or [None])[0]
        key = (claim.get("event_id"), frame)
        group = groups.setdefault(key, {"event_id": key[0], "event": (event_labels or {}).get(key[0]),
                                        "frame": frame, "results": [], "values": []})
        group["results"].append(result)
        group["values"] += [{"value": describe_figure(figure), "speaker": claim.get("speaker"), "claim_id": claim["id"]}
                            for figure in claim.get("figures") or [] if figure.get("kind") == frame]
    return list(groups.values())


_RELATION_ORDER = {"conflicts": 0, "corroborates": 1, "related": 2, "unrelated": 3}


def _weighed(result: dict) -> bool:
    """A verdict the combiner weighed from soft signs comes after the rules' definite ones of its class."""
    return any(code.startswith("weighed_") for code in result.get("codes", ()))


def rank(db: Database, index: VectorIndex, query: np.ndarray, text: str | None, k: int = 10,
         filters: ClaimFilter = ClaimFilter(), exclude_ids: set[int] = frozenset(),
         exclude_article: int | None = None, vector_ids: list[int] | None = None,
         anchor: dict | None = None, frame_ids: list[int] | None = None, story_ids: list[int] | None = None,
         calibrate=None) -> Results:
    """At most ``k`` results (``k=0``: every candidate) for one query vector (and its text, for the
    keyword route), each with its relation to ``anchor``.  Candidates are the nearest vectors, the
    keyword hits, and the claims of the anchor's story (``story_ids``, ``frame_ids``: same event,
    same frame); every candidate is related to the anchor before anything is cut, and for a stored
    claim the results come conflicts first, then corroborations, then related, the rules' verdicts
    before the weighed ones (``relate.combine``), each in fused rank order — so ``k`` cuts the least telling.  A typed search keeps relevance order.  ``more_frame_mates`` counts the frame-mates that k left out."""
    pool = max(POOL_MIN, 5 * k + len(exclude_ids)) if k else max(POOL_MIN, index.count)
    routes = {"vector": vector_ids if vector_ids is not None else _vector_route(db, index, query, pool, filters)}
    if text:
        routes["keyword"] = _keyword_route(db, text, pool, filters)
    if frame_ids:
        routes["frame"] = frame_ids
    if story_ids:
        routes["story"] = story_ids
    fused = _fuse(routes)
    # the story and frame routes are memberships, listed in id order: they bring candidates in, but
    # only the ranked routes (vectors, keywords) may order them, or the oldest claims float up
    by_rank = _fuse({name: ids for name, ids in routes.items() if name != "story"})
    order_score = lambda result: by_rank.get(result["claim"]["id"], (0.0, []))[0]  # noqa: E731
    candidate_ids = [claim_id for claim_id in fused if claim_id not in exclude_ids]
    claims = {claim["id"]: claim for claim in store.get_claims(db, candidate_ids, summaries=False)}
    if exclude_article is not None:
        claims = {i: c for i, c in claims.items() if c["article_id"] != exclude_article}
    ids, vectors = _vectors(db, index, list(claims))
    vector_of = dict(zip(ids.tolist(), vectors))
    ranked = []
    for claim_id in sorted(vector_of, key=lambda i: (-fused[i][0], i)):
        ranked.append({"claim": claims[claim_id], "score": round(float(vector_of[claim_id] @ query), 4),
                       "route": "+".join(fused[claim_id][1]), "duplicates": []})
    grouped = _group_duplicates(ranked, vector_of)
    anchor_id = (anchor or {}).get("id")
    verdicts = people_verdicts(db, anchor_id, [r["claim"]["id"] for r in grouped]) if anchor_id else {}
    incidents = claim_incidents(db, [anchor] + [r["claim"] for r in grouped]) if anchor_id else {}
    _relate(anchor, grouped, calibrate, incidents)
    _overlay_people(verdicts, grouped)
    if anchor_id:  # a stored claim's counterparts, most telling first; a typed search stays in relevance order
        grouped.sort(key=lambda result: (_RELATION_ORDER[result["relation"]], _weighed(result), -order_score(result)))
    # k cuts the least telling; a pair a person judged stays in view whatever its rank ("marked unrelated")
    results = Results(grouped[:k] + [r for r in grouped[k:] if r.get("person")] if k else grouped)
    results.more_frame_mates = sum("frame" in r["route"] for r in grouped) - sum("frame" in r["route"] for r in results)
    articles = _article_summary(db, {result["claim"]["article_id"] for result in results})
    counts = summaries(db, [result["claim"]["id"] for result in results])  # only for the results shown
    for result in results:
        result["article"] = articles[result["claim"]["article_id"]]
        result["claim"].update(counts[result["claim"]["id"]])
    return results


def slim(result: dict) -> dict:
    """The compact form batch-search writes: one line per hit."""
    claim = result["claim"]
    return {"claim_id": claim["id"], "score": result["score"], "text": claim["text"],
            "outlet": claim["outlet"], "article_id": claim["article_id"], "duplicates": result["duplicates"],
            "relation": result["relation"], "reasons": result["reasons"]}
