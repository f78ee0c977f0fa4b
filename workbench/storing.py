"""Storing one analysed article: decide outside claims.db's write lock, hold it only to insert.

Everything slow that only reads — which event the article joins, which claims of that story its
claims are compared with, and the comparisons themselves (``relate.mates`` bounds them) — is done
first, from one snapshot.  The write lock is then held only to insert rows: the whole article in
one transaction when it has at most ``WRITE_CHUNK`` claims (nearly every report); a bigger one
``WRITE_CHUNK`` claims per transaction under a reserved id, and the article row with its event and
relations in a last one (``storage.pending``: out of sight until then, gone if the process dies
half way), leaving the lock free between two chunks as long as a chunk held it.  A reviewer's
status change during a 10 MB upload waits for one chunk, not for the upload.

Holding the lock, the plan is checked against ``story_fingerprint``: if another ingest or an editor
moved the story on meanwhile, it is made again — inside the lock for an ordinary article (bounded
and quick), outside it for a big one (the chunks stay stored meanwhile) — so the result is what
ingesting one after the other would have given.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass

from sqlite_utils import Database

from .relate.mates import MATE_ARTICLES, MatePool, Planned, plan_relations, relation_rows
from .relate.per_event import upsert_relations
from .storage import pending, store
from .story.events import Placement, choose_event, place_article, story_fingerprint

__all__ = ["Plan", "plan", "store_article", "WRITE_CHUNK", "PLAN_ATTEMPTS"]

WRITE_CHUNK = 250  # claims per write transaction: about 0.2 s of the write lock with 512-d vectors and FTS
PLAN_ATTEMPTS = 3  # a big article re-plans outside the lock this many times before doing it inside


@dataclass
class Plan:
    """Where the article goes and the relations of its claims (keys: claim indexes), as of ``fingerprint``."""
    fingerprint: tuple
    placement: Placement
    relations: list[Planned]

    def current(self, db: Database) -> bool:
        return story_fingerprint(db) == self.fingerprint


class _Stale(Exception):
    """The story moved on between planning and taking the lock."""


def plan(db: Database, article: dict, claims: list[dict], vectors=None, model: str | None = None) -> Plan:
    """The event and relations of an article not stored yet, from one snapshot; writes nothing.
    With its claims' ``vectors`` (and their ``model``) the nearest claims in meaning are compared too."""
    with store.snapshot(db):
        fingerprint = story_fingerprint(db)
        terms = json.loads(article["terms"]) if article.get("terms") else None
        placement = choose_event(db, article["text"], article.get("published"), terms, article.get("country"),
                                 article.get("outlet"), article.get("title"))
        relations = []
        if placement.event_id is not None:  # the article will be the story's newest: one fewer to search
            pool = MatePool.read(db, placement.event_id, MATE_ARTICLES - 1, model if vectors is not None else None)
            relations = plan_relations(db, pool, as_stored(claims, article, placement.event_id), None, stored=False,
                                       vectors=vectors, text=article["text"])
    return Plan(fingerprint, placement, relations)


def as_stored(claims: list[dict], article: dict, event_id: int | None) -> list[dict]:
    """The article's claims in the shape ``store.get_claims`` gives them once stored (what ``compare`` reads)."""
    shared = {"id": None, "article_id": None, "event_id": event_id, "outlet": article.get("outlet"),
              "published": article.get("published"), "language": article.get("language"), "status": "unverified"}
    return [{**shared, **claim, "hedged": bool(claim.get("hedged")), "hedges": list(claim.get("hedges", [])),
             "figures": [_stored_figure(figure) for figure in claim.get("figures", [])],
             "frames": list(claim.get("frames", []))} for claim in claims]


def _stored_figure(figure: dict) -> dict:
    return {"kind": figure["kind"], "min": figure["min"], "max": figure["max"],
            "approximate": bool(figure["approximate"]), "text": figure["text"],
            "revision": bool(figure.get("revision", False)), "previous": figure.get("previous")}


def store_article(db: Database, article: dict, claims: list[dict], vectors=None, model: str | None = None
                  ) -> tuple[int, list[int]]:
    """Store an article with its claims, vectors, event and relations, whole or not at all; return the
    article id and the claim ids in order."""
    planned = plan(db, article, claims, vectors, model)
    if len(claims) <= WRITE_CHUNK:
        return _store_whole(db, article, claims, vectors, model, planned)
    return _store_in_chunks(db, article, claims, vectors, model, planned)


def _store_whole(db: Database, article: dict, claims: list[dict], vectors, model: str | None, planned: Plan
                 ) -> tuple[int, list[int]]:
    with db.atomic():  # the article with its event and relations, or nothing
        if not planned.current(db):
            planned = plan(db, article, claims, vectors, model)  # at most WRITE_CHUNK claims: bounded in the lock
        article_id, claim_ids = store.insert_article(db, article, claims, vectors, model)
        _place(db, planned, article, article_id, claim_ids)
    return article_id, claim_ids


def _place(db: Database, planned: Plan, article: dict, article_id: int, claim_ids: list[int]) -> None:
    """The article's event and relations, in the caller's transaction."""
    place_article(db, article_id, planned.placement, article.get("published"))
    upsert_relations(db, relation_rows(planned.relations, claim_ids, store.now()))


def _store_in_chunks(db: Database, article: dict, claims: list[dict], vectors, model: str | None, planned: Plan
                     ) -> tuple[int, list[int]]:
    """Claims WRITE_CHUNK per transaction under a reserved id, then the article; on any failure what was
    stored is deleted again (or, if even that fails, by the next ``pending.recover``)."""
    article_id = pending.reserve(db)
    try:
        with pending.foreign_keys_off(db):  # the claims name their article before its row exists
            claim_ids: list[int] = []
            for start in range(0, len(claims), WRITE_CHUNK):
                chunk = vectors[start:start + WRITE_CHUNK] if vectors is not None else None
                began = time.monotonic()
                with db.atomic():
                    claim_ids += store.insert_claims(db, article_id, claims[start:start + WRITE_CHUNK], chunk, model)
                store.pause_for_others(time.monotonic() - began)
            _publish(db, article, claims, article_id, claim_ids, planned, vectors, model)
    except BaseException:
        pending.discard(db, article_id)
        raise
    store.checkpoint(db)  # many transactions grew the WAL: copy it back now, the next write starts it over
    return article_id, claim_ids


def _publish(db: Database, article: dict, claims: list[dict], article_id: int, claim_ids: list[int],
             planned: Plan, vectors=None, model: str | None = None) -> None:
    """The article row, its event, its relations and the end of the reservation, in one transaction."""
    for attempt in range(PLAN_ATTEMPTS):
        try:
            with db.atomic():
                if not planned.current(db):
                    if attempt + 1 < PLAN_ATTEMPTS:
                        raise _Stale
                    planned = plan(db, article, claims, vectors, model)  # the last try, holding the lock
                store.insert_article_row(db, article_id, article)
                _place(db, planned, article, article_id, claim_ids)
                pending.release(db, article_id)
            return
        except _Stale:
            planned = plan(db, article, claims, vectors, model)
