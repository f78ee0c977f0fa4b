"""Relations between stored claims: computed per event, summarised per claim, shown as a board.

When an article joins an event, each of its claims is compared with every
claim of the same event that shares a frame (from other articles), and the
verdict is stored in ``relations`` (source ``auto``).  A relation a person
confirmed or corrected (source ``person``) always wins over the computed
one (``relations.py`` reads them so).  From these, each claim gets counts of independent corroborating and
conflicting sources and a *suggested* status — never written over the
status a person set.  The frame board lays an event's frames side by side.
"""
from __future__ import annotations

import json
from collections import defaultdict

from sqlite_utils import Database

from ..errors import NotFound
from ..storage import store
from ..background import batched
from .stance import compare, describe_figure
from ..analyse.frames import control_assertion, responsible_actors
from ..storage.relations import conflicting_pairs

__all__ = ["refresh_event", "frame_mates", "story_mates", "board", "claims_with_frames", "MAX_MATES", "frame_mates_of",
           "MAX_STORY"]

MAX_MATES = 30   # frame-mates compared per new claim: the newest, so ingest stays fast in a story of months
MATE_ARTICLES = 120  # the newest articles of a story searched for them: the cost of a claim stays flat as it grows


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
    """``frame_mates`` for many claims in one query per 400: ingest asks for a whole article's claims."""
    mates: dict[int, list[int]] = {}
    for chunk in batched(map(int, claim_ids), 400):
        # from each claim to its event's articles, their claims, then the frame by primary key:
        # CROSS JOIN keeps SQLite from starting at the frame index, which spans every event
        rows = db.execute(f"""
            SELECT mine, other FROM (
                SELECT mine, other, ROW_NUMBER() OVER (PARTITION BY mine ORDER BY other DESC) AS rank FROM (
                    SELECT DISTINCT c.id AS mine, other.id AS other FROM claims c
                    CROSS JOIN articles a ON a.id = c.article_id
                    CROSS JOIN claim_frames f ON f.claim_id = c.id
                    CROSS JOIN articles b ON b.event_id = a.event_id AND b.id != c.article_id
                        AND b.id >= coalesce((SELECT min(id) FROM (SELECT id FROM articles WHERE event_id = a.event_id
                                              ORDER BY id DESC LIMIT {MATE_ARTICLES})), 0)
                    CROSS JOIN claims other ON other.article_id = b.id
                    CROSS JOIN claim_frames g ON g.claim_id = other.id AND g.frame = f.frame
                    WHERE c.id IN ({", ".join("?" * len(chunk))})))
            WHERE rank <= ? ORDER BY mine, other DESC""", [*chunk, limit])
        for mine, other in rows:
            mates.setdefault(mine, []).append(other)
    return mates


_UPSERT_AUTO = """INSERT INTO relations (claim_a, claim_b, label, confidence, reasons, independent, source, at)
    VALUES (?, ?, ?, ?, ?, ?, 'auto', ?) ON CONFLICT (claim_a, claim_b, source) DO UPDATE SET label = excluded.label,
    confidence = excluded.confidence, reasons = excluded.reasons, independent = excluded.independent,
    at = excluded.at"""


def _relation_row(a: dict, b: dict, stamp: str) -> tuple:
    relation = compare(a, b)
    low, high = sorted((a["id"], b["id"]))
    independent = relation.independent
    return (low, high, relation.label, relation.confidence, json.dumps(relation.reasons, ensure_ascii=False),
            int(independent), stamp)


def refresh_event(db: Database, event_id: int, claim_ids: list[int] | None = None) -> int:
    """(Re)compute automatic relations for some claims of an event (default: all); return pairs stored."""
    if claim_ids is None:
        claim_ids = [row[0] for row in db.execute(
            "SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id WHERE a.event_id = ?", [event_id])]
        with db.atomic():
            db.execute("""DELETE FROM relations WHERE source = 'auto' AND (claim_a IN (SELECT c.id FROM claims c
                          JOIN articles a ON a.id = c.article_id WHERE a.event_id = ?))""", [event_id])
    pairs = {(claim_id, mate) for claim_id, found in frame_mates_of(db, claim_ids).items() for mate in found}
    claims = claims_with_frames(db, sorted({i for pair in pairs for i in pair}))
    keys = {tuple(sorted(pair)) for pair in pairs if pair[0] in claims and pair[1] in claims}
    stamp = store.now()
    rows = [_relation_row(claims[a], claims[b], stamp) for a, b in sorted(keys)]
    with db.atomic():
        db.conn.executemany(_UPSERT_AUTO, rows)
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
