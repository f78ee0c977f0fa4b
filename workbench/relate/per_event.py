"""Relations between stored claims: computed per event, summarised per claim, shown as a board.

When an article joins an event, each of its claims is compared with the
newest claims of the same event that share a frame (from other articles;
``mates.py`` bounds that work), and the verdict is stored in ``relations``
(source ``auto``).  A relation a person
confirmed or corrected (source ``person``) always wins over the computed
one (``relations.py`` reads them so).  From these, each claim gets counts of independent corroborating and
conflicting sources and a *suggested* status — never written over the
status a person set.  The frame board lays an event's frames side by side.
"""
from __future__ import annotations

import time
from collections import defaultdict

from sqlite_utils import Database

from ..errors import NotFound
from ..storage import store
from ..encode.vectors import load_vectors
from .mates import (MATE_ARTICLES, MAX_MATES, MatePool, Planned, by_article, plan_relations, relation_rows,
                    stored_model)
from .stance import describe_figure
from ..analyse.frames import control_assertion, responsible_actors
from ..storage.relations import conflicting_pairs

__all__ = ["refresh_event", "frame_mates", "story_mates", "board", "claims_with_frames", "MAX_MATES", "frame_mates_of",
           "MAX_STORY", "MATE_ARTICLES", "plan_stored", "upsert_relations"]


def claims_with_frames(db: Database, claim_ids: list[int]) -> dict[int, dict]:
    """Claim dicts (claim JSON, which carries ``frames`` and ``event_id``) by id."""
    return {claim["id"]: claim for claim in store.get_claims(db, claim_ids, summaries=False)}


MAX_STORY = 200  # claims of the same story a similar search judges beside its nearest neighbours


def story_mates(db: Database, claim_id: int, limit: int = MAX_STORY) -> list[int]:
    """Claims of the same event from other articles, newest first: the counterpart of a claim is
    often in its story but worded unlike it (another language, a denial, a later count)."""
    return [row[0] for row in db.execute("""
        SELECT other.id FROM claims c JOIN articles a ON a.id = c.article_id
        JOIN articles b ON b.event_id = a.event_id AND b.id != a.id JOIN claims other ON other.article_id = b.id
        WHERE c.id = ? AND a.event_id IS NOT NULL ORDER BY other.id DESC LIMIT ?""", [claim_id, limit])]


def frame_mates(db: Database, claim_id: int, limit: int = MAX_MATES) -> list[int]:
    """Claims of the same event, from other articles, sharing at least one frame (newest first)."""
    return frame_mates_of(db, [claim_id], limit).get(claim_id, [])


def frame_mates_of(db: Database, claim_ids: list[int], limit: int = MAX_MATES) -> dict[int, list[int]]:
    """``frame_mates`` for many claims, each from its event's bounded pool (``mates.MatePool``)."""
    pools: dict[int, MatePool] = {}
    found: dict[int, list[int]] = {}
    for claim_id, claim in claims_with_frames(db, list(claim_ids)).items():
        event_id = claim.get("event_id")
        if event_id is None or not claim["frames"]:
            continue
        if event_id not in pools:
            pools[event_id] = MatePool.read(db, event_id)
        mates = pools[event_id].mates(claim["frames"], claim["article_id"], limit)
        if mates:
            found[claim_id] = mates
    return found


_UPSERT_AUTO = """INSERT INTO relations (claim_a, claim_b, label, confidence, reasons, independent, source, at)
    VALUES (?, ?, ?, ?, ?, ?, 'auto', ?) ON CONFLICT (claim_a, claim_b, source) DO UPDATE SET label = excluded.label,
    confidence = excluded.confidence, reasons = excluded.reasons, independent = excluded.independent,
    at = excluded.at"""
WRITE_ROWS = 10_000  # relation rows per transaction when an event is recomputed (about 0.1 s of the write lock)


def upsert_relations(db: Database, rows: list[tuple]) -> None:
    """Store computed relations (``mates.relation_rows``) in the caller's transaction."""
    db.conn.executemany(_UPSERT_AUTO, rows)


def plan_stored(db: Database, event_id: int, claim_ids: list[int]) -> list[Planned]:
    """Relations of stored claims of an event to its pool, each article's claims planned on their own
    (bounded as ``mates`` explains).  Reads only."""
    model = stored_model(db)
    pool = MatePool.read(db, event_id, model=model)
    claims = [claim for claim in claims_with_frames(db, claim_ids).values() if claim.get("event_id") == event_id]
    planned = []
    for article_id, members in by_article(claims).items():
        planned += plan_relations(db, pool, members, article_id, stored=True, vectors=_vectors_of(db, model, members))
    return planned


def _vectors_of(db: Database, model: str | None, claims: list[dict]):
    """The claims' stored vectors, one row each, or None when any is missing (then no meaning-mates)."""
    if model is None:
        return None
    ids, vectors = load_vectors(db, model, None, [claim["id"] for claim in claims])
    row_of = {int(claim_id): row for row, claim_id in enumerate(ids)}
    if any(claim["id"] not in row_of for claim in claims):
        return None
    return vectors[[row_of[claim["id"]] for claim in claims]]


def refresh_event(db: Database, event_id: int, claim_ids: list[int] | None = None) -> int:
    """(Re)compute automatic relations for some claims of an event (default: all); return pairs stored.

    Everything is computed before anything is written, from one snapshot, and written
    ``WRITE_ROWS`` at a time, so the write lock is held for inserts only."""
    full = claim_ids is None
    with store.snapshot(db):
        if full:
            claim_ids = [row[0] for row in db.execute(
                "SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id WHERE a.event_id = ?", [event_id])]
        rows = relation_rows(plan_stored(db, event_id, claim_ids), None, store.now())
    held = None
    for number, start in enumerate(range(0, max(len(rows), 1), WRITE_ROWS)):
        if held is not None:
            store.pause_for_others(held)
        began = time.monotonic()
        with db.atomic():
            if full and number == 0:
                db.execute("""DELETE FROM relations WHERE source = 'auto' AND (claim_a IN (SELECT c.id FROM claims c
                              JOIN articles a ON a.id = c.article_id WHERE a.event_id = ?))""", [event_id])
            upsert_relations(db, rows[start:start + WRITE_ROWS])
        held = time.monotonic() - began
    return len(rows)


def _value(claim: dict, frame: str) -> str:
    """What a claim says for one frame, in a few words."""
    kind = frame.split("@")[0]
    figures = [f for f in claim["figures"] if f["kind"] == kind]
    if figures:
        return describe_figure(figures[0])
    if frame == "control":
        control = control_assertion(claim["text"], claim["claim_type"], claim["speaker"])
        if control is None:
            return claim["text"][:80]
        where = ", ".join(place for place in control.places if place != "*") or "the situation"
        holder = "held by the attackers" if control.holder == "attackers" else "held by the authorities"
        return f"{where}: {holder}" + (" (a denial)" if control.denied else "")
    if frame == "responsibility":
        return ", ".join(sorted(responsible_actors(claim["text"]))) or "unnamed"
    return claim["text"][:80]


def board(db: Database, event_id: int) -> dict:
    """Every frame of an event with all its values side by side, disagreements marked."""
    event = db.execute("SELECT id, label, first_seen, last_seen FROM events WHERE id = ?", [event_id]).fetchone()
    if event is None:
        raise NotFound(f"event {event_id} does not exist")
    rows = db.execute("""SELECT f.frame, c.id FROM claim_frames f JOIN claims c ON c.id = f.claim_id
                         JOIN articles a ON a.id = c.article_id WHERE a.event_id = ?
                         ORDER BY f.frame, a.published, c.id""", [event_id]).fetchall()
    claims = claims_with_frames(db, sorted({claim_id for _, claim_id in rows}))
    by_frame = defaultdict(list)
    for frame, claim_id in rows:
        by_frame[frame].append(claims[claim_id])
    disputed_pairs = conflicting_pairs(db, sorted(claims))
    frames = []
    for frame, members in sorted(by_frame.items(), key=lambda item: (-len(item[1]), item[0])):
        ids = {claim["id"] for claim in members}
        conflicting = {claim_id for pair in disputed_pairs if set(pair) <= ids for claim_id in pair}
        values = [{"claim_id": c["id"], "value": _value(c, frame), "speaker": c["speaker"],
                   "speaker_kind": c["speaker_kind"], "outlet": c["outlet"], "published": c["published"],
                   "status": c["status"], "hedged": c["hedged"], "text": c["text"],
                   "disagrees": c["id"] in conflicting} for c in members]
        frames.append({"frame": frame, "disputed": bool(conflicting), "values": values})
    return {"event": dict(zip(("id", "label", "first_seen", "last_seen"), event)), "frames": frames}
