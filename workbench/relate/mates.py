"""Which claims of a story a claim is compared with, and the relations that come of it — with bounds.

Each claim of an article is compared with the newest claims of the same event, from other
articles, that share one of its frames.  Unbounded, that work grew with the square of a report's
length: one upload of 180,000 identical paragraphs held claims.db's write lock for a quarter of
an hour and wrote 800,000 relation rows.  So every step is bounded, and identical sentences cost
nothing extra:

* the pool a story offers is the claims of its newest ``MATE_ARTICLES`` articles, at most
  ``POOL_PER_ARTICLE`` from any one of them and ``POOL_CLAIMS`` in all, each distinct text
  once per article (a paragraph repeated a thousand times is one mate, not a thousand);
* of a new article, each distinct text is compared once (its first occurrence carries the
  relations), and at most ``MAX_RELATED`` of them, the most check-worthy first;
* each gets its ``MAX_MATES`` newest frame-mates, then its ``MAX_NAME_MATES`` newest claims sharing
  a proper name (a denial of what witnesses report, a verdict and its rejection, a quoted
  statement in the other language share no frame, only a name: without them a claim page would
  list nothing for them), then, when vectors are stored, its ``MAX_MEANING_MATES`` nearest claims
  in meaning (a translation shares neither), and a mate is given to at most ``MAX_PARTNERS``
  claims of one article.  With vectors each pair is compared with its similarity, as ``similar``
  compares it, so the page and the search agree on a paraphrase.

So one article stores at most ``ARTICLE_RELATIONS`` relations however it is written: frame-mates
first, name- and meaning-mates while the article's budget lasts (they are written in the
transaction that publishes the article, so the budget bounds how long it holds the write lock).
Planning only reads: ingest plans before it takes the write lock and writes the rows after.
"""
from __future__ import annotations

import heapq
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from sqlite_utils import Database

from ..model import Relation
from ..storage import store
from ..storage.sql import in_chunks
from ..analyse.frames import names_in
from ..encode.embed import calibration
from ..encode.vectors import load_vectors
from ..story.events import aside_claims, claim_incidents
from .stance import compare

__all__ = ["MatePool", "Planned", "plan_relations", "relation_rows", "representatives", "by_article", "text_key",
           "name_keys", "MAX_MATES", "MATE_ARTICLES", "POOL_PER_ARTICLE", "POOL_CLAIMS", "MAX_RELATED",
           "MAX_PARTNERS", "MAX_NAME_MATES", "MAX_MEANING_MATES", "ARTICLE_RELATIONS", "stored_model"]

MAX_MATES = 30   # frame-mates compared per new claim: the newest, so ingest stays fast in a story of months
MATE_ARTICLES = 120  # the newest articles of a story searched for them: the cost of a claim stays flat as it grows
POOL_PER_ARTICLE = 1000  # claims any one of those articles offers (its last ones): a huge report is not the pool
POOL_CLAIMS = 5000  # distinct claims the pool holds in all (120 ordinary reports offer about 3,000)
MAX_RELATED = 1000  # distinct claims of one article that get relations: a report of 40,000 sentences stays bounded
MAX_PARTNERS = 2 * MAX_MATES  # claims of one article a single mate is related to
MAX_NAME_MATES = 20  # claims sharing only a proper name compared per new claim, after its frame-mates
MAX_MEANING_MATES = 10  # the nearest claims by vector compared per new claim, after the frame- and name-mates
ARTICLE_RELATIONS = MAX_RELATED * MAX_MATES  # relations one article may store: a 10 MB report's stay under ~0.5 s
NAME = "name:"  # a pool key for a proper name, beside the frame keys


def name_keys(text: str) -> list[str]:
    """The pool keys of a claim's proper names ("name:kessoum"), the same in English and French."""
    return [NAME + name for name in sorted(names_in(text))]


def text_key(text: str) -> str:
    """A sentence as repeats of it are recognised: case and spacing folded."""
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass
class MatePool:
    """The claims a story offers for comparison: per frame (and name), claim ids newest first, with their
    articles; and, read with a model, their stored vectors."""
    by_frame: dict[str, list[int]] = field(default_factory=dict)
    article_of: dict[int, int] = field(default_factory=dict)
    ids: np.ndarray | None = None
    vectors: np.ndarray | None = None
    row_of: dict[int, int] = field(default_factory=dict)
    calibrate: Callable[[float], float] = lambda cosine: cosine

    @classmethod
    def read(cls, db: Database, event_id: int, articles: int = MATE_ARTICLES, model: str | None = None
             ) -> "MatePool":
        """The pool of the event's newest ``articles`` articles (one fewer when the caller's own
        article, not stored yet, counts as the newest), with their vectors for ``model``."""
        window = [row[0] for row in db.execute("SELECT id FROM articles WHERE event_id = ? ORDER BY id DESC LIMIT ?",
                                               [event_id, articles])]
        pool = cls()
        for article_id, claim_id, frames in _pool_rows(db, window):
            pool.article_of[claim_id] = article_id
            for frame in frames:
                pool.by_frame.setdefault(frame, []).append(claim_id)
        for ids in pool.by_frame.values():
            ids.sort(reverse=True)
        if model and pool.article_of:
            pool.ids, pool.vectors = load_vectors(db, model, None, sorted(pool.article_of))
            pool.row_of = {int(claim_id): row for row, claim_id in enumerate(pool.ids)}
            pool.calibrate = calibration(model)
        return pool

    def nearest(self, vector: np.ndarray, exclude_article: int | None, limit: int, taken: dict,
                skip: set) -> list[int]:
        """The ``limit`` claims nearest ``vector`` in meaning, not of ``exclude_article`` nor in ``skip``,
        counting partners in ``taken`` as ``mates`` does."""
        if self.vectors is None or not len(self.ids) or vector is None or limit <= 0:
            return []
        chosen = []
        for row in np.argsort(-(self.vectors @ vector), kind="stable"):
            claim_id = int(self.ids[row])
            if self.article_of[claim_id] == exclude_article or claim_id in skip or \
                    taken.get(claim_id, 0) >= MAX_PARTNERS:
                continue
            chosen.append(claim_id)
            if len(chosen) == limit:
                break
        for claim_id in chosen:
            taken[claim_id] = taken.get(claim_id, 0) + 1
        return chosen

    def similarity(self, claim_id: int, vector: np.ndarray | None) -> float | None:
        """A mate's similarity to ``vector`` on the stance thresholds' scale, when both vectors are known."""
        row = self.row_of.get(claim_id)
        return None if row is None or vector is None else self.calibrate(float(self.vectors[row] @ vector))

    def mates(self, frames, exclude_article: int | None, limit: int = MAX_MATES,
              taken: dict | None = None, skip: set | None = None) -> list[int]:
        """The newest ``limit`` claims sharing a key (a frame, or a ``name_keys`` name), not of
        ``exclude_article`` nor in ``skip``; with ``taken`` (mate → partners so far), skipping mates that
        already have ``MAX_PARTNERS`` and counting the new ones."""
        if limit <= 0:
            return []
        lists = [self.by_frame[frame] for frame in dict.fromkeys(frames) if frame in self.by_frame]
        chosen, last = [], None
        for claim_id in heapq.merge(*lists, reverse=True):
            if claim_id == last or self.article_of[claim_id] == exclude_article or (skip and claim_id in skip):
                continue
            last = claim_id
            if taken is not None and taken.get(claim_id, 0) >= MAX_PARTNERS:
                continue
            chosen.append(claim_id)
            if len(chosen) == limit:
                break
        for claim_id in chosen if taken is not None else ():
            taken[claim_id] = taken.get(claim_id, 0) + 1
        return chosen


def _pool_rows(db: Database, window: list[int]):
    """(article, claim, keys: frames and names) of the window's articles, newest claims first, each distinct
    text once per article, at most POOL_PER_ARTICLE per article and POOL_CLAIMS in all."""
    total = 0
    for article_id in window:
        seen, rows = set(), db.execute("""
            SELECT c.id, c.text, (SELECT group_concat(f.frame, char(31)) FROM claim_frames f WHERE f.claim_id = c.id)
            FROM claims c WHERE c.article_id = ? ORDER BY c.position DESC LIMIT ?""", [article_id, POOL_PER_ARTICLE])
        for claim_id, text, frames in rows:
            key, keys = text_key(text), (frames.split("\x1f") if frames else []) + name_keys(text)
            if key in seen:
                continue
            seen.add(key)
            yield article_id, claim_id, keys
            total += 1
            if total >= POOL_CLAIMS:
                return


@dataclass(frozen=True)
class Planned:
    """One relation to store: ``key`` names the article's claim (its index before it is stored, its id after),
    ``mate`` the stored claim it was compared with."""
    key: int
    mate: int
    relation: Relation


def representatives(claims: list[dict], any_claim: bool = False) -> list[int]:
    """Indexes of the claims that get relations: each distinct text once (its first occurrence), claims with
    a frame or a proper name only (any claim when vectors can find its mates), at most MAX_RELATED, the
    most check-worthy first."""
    first: dict[str, int] = {}
    for index, claim in enumerate(claims):
        if any_claim or claim.get("frames") or name_keys(claim["text"]):
            first.setdefault(text_key(claim["text"]), index)
    ranked = sorted(first.values(), key=lambda index: (-claims[index].get("checkworthiness", 0), index))
    return sorted(ranked[:MAX_RELATED])


def plan_relations(db: Database, pool: MatePool, claims: list[dict], exclude_article: int | None,
                   stored: bool, vectors: np.ndarray | None = None, text: str | None = None) -> list[Planned]:
    """The relations of one article's claims (claim dicts in the claim JSON shape, with ``frames`` and
    ``event_id``) to the pool; ``stored`` says whether the claims have ids yet (else keys are indexes);
    ``vectors``, one row per claim, bring the nearest claims in meaning and each pair's similarity.
    A claim that tells of another incident than its report's — a roundup's aside on another happening
    (``story.events.aside_claims``; ``text``: the unstored article's), or one naming the month of the
    story's other incident (``claim_incidents``) — is no claim of the pool's incident: it is related
    to nothing here, and nothing to it (``similar`` compares it as of its own incident)."""
    taken: dict[int, int] = {}
    with_vectors = vectors is not None and pool.vectors is not None
    asides = set(claim_incidents(db, claims)) if stored else set(aside_claims(claims, text or ""))
    chosen = [index for index in representatives(claims, any_claim=with_vectors)
              if (claims[index]["id"] if stored else index) not in asides]
    by_frame = {index: pool.mates(claims[index].get("frames") or [], exclude_article, MAX_MATES, taken)
                for index in chosen}
    budget = ARTICLE_RELATIONS - sum(map(len, by_frame.values()))
    wanted = []
    for index in chosen:
        more = _more_mates(pool, claims[index], exclude_article, taken, vectors[index] if with_vectors else None,
                           by_frame[index]) if budget > 0 else []
        budget -= len(more)
        wanted.append((index, by_frame[index] + more))
    mates = _claim_dicts(db, sorted({mate for _, found in wanted for mate in found}))
    for mate in claim_incidents(db, list(mates.values())):
        mates.pop(mate, None)  # a mate that tells of another incident
    planned = []
    for index, found in wanted:
        claim = claims[index]
        key = claim["id"] if stored else index
        for mate in found:
            if mate in mates:
                low, high = (mates[mate], claim) if not stored or mate < claim["id"] else (claim, mates[mate])
                similarity = pool.similarity(mate, vectors[index]) if with_vectors else None
                planned.append(Planned(key, mate, compare(low, high, similarity)))
    return planned


def _more_mates(pool: MatePool, claim: dict, exclude_article: int | None, taken: dict,
                vector: np.ndarray | None, by_frame: list[int]) -> list[int]:
    """After a claim's frame-mates: the newest claims sharing one of its proper names, then the nearest
    in meaning."""
    by_name = pool.mates(name_keys(claim["text"]), exclude_article, MAX_NAME_MATES, taken, skip=set(by_frame))
    by_meaning = pool.nearest(vector, exclude_article, MAX_MEANING_MATES, taken, set(by_frame + by_name))
    return by_name + by_meaning


def stored_model(db: Database) -> str | None:
    """The model whose vectors claims.db holds (the workbench never mixes two), or None."""
    row = db.execute("SELECT model FROM embeddings LIMIT 1").fetchone()
    return row[0] if row else None


def _claim_dicts(db: Database, claim_ids: list[int]) -> dict[int, dict]:
    found = {}
    for chunk, _ in in_chunks(claim_ids):
        found.update((claim["id"], claim) for claim in store.get_claims(db, chunk, summaries=False))
    return found


def relation_rows(planned: list[Planned], ids: dict[int, int] | None, stamp: str) -> list[tuple]:
    """Rows for ``relations`` (source auto): ``ids`` maps planned keys to claim ids (None: keys are ids).
    A pair planned twice (both claims in one refresh) is stored once."""
    rows = {}
    for item in planned:
        claim_id = ids[item.key] if ids is not None else item.key
        low, high = sorted((claim_id, item.mate))
        relation = item.relation
        rows.setdefault((low, high), (low, high, relation.label, relation.confidence,
                                      json.dumps(list(relation.reasons), ensure_ascii=False),
                                      int(relation.independent), stamp))
    return [rows[key] for key in sorted(rows)]


def by_article(claims: list[dict]) -> dict[int, list[dict]]:
    """Claim dicts grouped by article, each group in id order (first occurrences first)."""
    grouped: dict[int, list[dict]] = defaultdict(list)
    for claim in sorted(claims, key=lambda claim: claim["id"]):
        grouped[claim["article_id"]].append(claim)
    return dict(grouped)
