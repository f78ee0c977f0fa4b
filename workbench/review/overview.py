"""Read-only overviews the desk's pages show: counts, what needs attention (one entry per claim, and
the queue narrowed to them), pages of articles and events, the weighed frame board, open flags.
``Workbench.overview`` offers them, so faces never write SQL.

Each is bounded (LIMIT, or GROUP BY over an indexed column) so pages stay
fast at 100k claims.
"""
from __future__ import annotations

import json

from sqlite_utils import Database

from ..relate.consensus import DISAGREEING, figures_conflict, weigh_frame
from ..relate.per_event import board as per_event_board
from ..relate.stance import party_to_conflict
from ..storage import store
from ..storage.sql import ids_in, in_chunks
from .actions import queue

__all__ = ["Overview", "ATTENTION_REASONS"]

PARTY_CANDIDATES = 200  # newest unverified claims scanned for "a party to the conflict, single source"
ATTENTION_SCAN = 300    # newest open flags, disputes and figure conflicts looked at: bounded at 100k claims
ATTENTION_SHOWN = 10    # claims the dashboard lists; the queue's attention filter lists them all
OTHERS_SHOWN = 3        # conflicting claims named beside a claim ("vs #12, #40, #41 and 2 more")
# a claim waits for a person while it is unconfirmed or has an open flag (the editors' queue, ``review.queue``)
OPEN = ("(c.status IN ('unverified', 'in_review', 'disputed') OR EXISTS (SELECT 1 FROM flags f WHERE "
        "f.claim_id = c.id AND f.resolved_at IS NULL))")
# why a claim needs a person, most urgent first: the codes ``attention`` gives, which faces word
ATTENTION_REASONS = ("flagged", "disputed", "conflicting_figures", "party_single_source")


def _rows(db: Database, sql: str, params: list) -> list[dict]:
    cursor = db.execute(sql, params)
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def _claims(db: Database, ids: list[int]) -> dict[int, dict]:
    return {claim["id"]: claim for claim in store.get_claims(db, ids)}


def _party_claims(db: Database, limit: int) -> list[int]:
    ids = [row[0] for row in db.execute("SELECT id FROM claims WHERE status = 'unverified' AND speaker_kind != "
                                        "'outlet' ORDER BY id DESC LIMIT ?", [PARTY_CANDIDATES])]
    chosen = [claim for claim in store.get_claims(db, ids)
              if claim.get("suggested_status") == "single-source" and party_to_conflict(claim)]
    chosen.sort(key=lambda claim: (-claim["checkworthiness"], -claim["id"]))
    return [claim["id"] for claim in chosen[:limit]]


def _figure_conflicts(db: Database) -> list[tuple[int, int]]:
    """Pairs whose figures truly conflict, newest first: a person's "conflicts" always; a computed one only
    when the figures disagree, not when one count is the series moved on (``relate.consensus``)."""
    rows = db.execute("""SELECT r.claim_a, r.claim_b, r.source FROM effective_relations r WHERE r.label = 'conflicts'
            AND EXISTS (SELECT 1 FROM figures f WHERE f.claim_id = r.claim_a)
            AND EXISTS (SELECT 1 FROM figures f WHERE f.claim_id = r.claim_b)
            ORDER BY r.id DESC LIMIT ?""", [ATTENTION_SCAN]).fetchall()
    ids = sorted({claim_id for a, b, _ in rows for claim_id in (a, b)})
    claims = {claim["id"]: claim for claim in store.get_claims(db, ids, summaries=False)}
    return [(a, b) for a, b, source in rows if a in claims and b in claims
            and (source == "person" or figures_conflict(claims[a], claims[b]))]


def _reasons(db: Database) -> dict[int, dict]:
    """Claim id -> {"reasons": [{"code", ...}], "others": [ids of the claims its figures conflict with]}."""
    found: dict[int, dict] = {}

    def add(claim_id: int, reason: dict, other: int | None = None) -> None:
        entry = found.setdefault(claim_id, {"reasons": [], "others": []})
        if reason not in entry["reasons"]:
            entry["reasons"].append(reason)
        if other is not None and other not in entry["others"]:
            entry["others"].append(other)

    for claim_id, flag in db.execute("SELECT claim_id, reason FROM flags WHERE resolved_at IS NULL ORDER BY id DESC "
                                     "LIMIT ?", [ATTENTION_SCAN]):
        add(claim_id, {"code": "flagged", "flag": flag})
    for (claim_id,) in db.execute("SELECT id FROM claims WHERE status = 'disputed' ORDER BY updated_at DESC LIMIT ?",
                                  [ATTENTION_SCAN]):
        add(claim_id, {"code": "disputed"})
    for a, b in _figure_conflicts(db):
        add(a, {"code": "conflicting_figures"}, b)
        add(b, {"code": "conflicting_figures"}, a)
    for claim_id in _party_claims(db, ATTENTION_SCAN):
        add(claim_id, {"code": "party_single_source"})
    return found


def _attention(db: Database) -> dict[int, dict]:
    """``_reasons`` for the claims still waiting for a person (``OPEN``: a claim a person settled is not
    asked about again), most urgent first: by first reason (``ATTENTION_REASONS``), then check-worthiness."""
    found = _reasons(db)
    waiting = dict(db.execute(f"SELECT c.id, c.checkworthiness FROM claims c WHERE {ids_in('c.id')} AND {OPEN}",
                              [json.dumps(sorted(found))]).fetchall())
    urgency = {code: number for number, code in enumerate(ATTENTION_REASONS)}
    order = sorted(waiting, key=lambda claim_id: (min(urgency[r["code"]] for r in found[claim_id]["reasons"]),
                                                  -waiting[claim_id], -claim_id))
    return {claim_id: found[claim_id] for claim_id in order}


def _by_story(db: Database, rows: list[dict]) -> list[dict]:
    """Attention rows grouped by their event (story), in the order each story first comes up."""
    events = sorted({row["claim"].get("event_id") for row in rows} - {None})
    labels = dict(db.execute(f"SELECT id, label FROM events WHERE {ids_in('id')}", [json.dumps(events)]).fetchall())
    groups: dict[int | None, dict] = {}
    for row in rows:
        event_id = row["claim"].get("event_id")
        groups.setdefault(event_id, {"event_id": event_id, "event": labels.get(event_id), "claims": []})
        groups[event_id]["claims"].append(row)
    return list(groups.values())


def _mark(frame: dict, weighed: dict | None) -> None:
    """Per board value its role and whether it disagrees; the frame is disputed when one does or sources split."""
    if weighed is None:
        return  # no measure of agreement (damage: the wording is the value): the relations' marks stay
    roles = weighed["roles"]
    for value in frame["values"]:
        value["role"] = roles.get(value["claim_id"])
        value["disagrees"] = value["role"] in DISAGREEING
    split = "split" in roles.values()
    frame["disputed"] = split or any(value["disagrees"] for value in frame["values"])
    frame["split"] = split
    if weighed["kind"] == "figures":
        current = {entry["id"]: entry["value"] for entry in weighed["entries"]}
        for value in frame["values"]:
            value["value"] = current.get(value["claim_id"], value["value"])


class Overview:
    """The overviews, over one connection: ``Workbench.overview.attention()``."""

    def __init__(self, db: Database):
        self._db = db

    def counts_by(self, column: str) -> dict[str, int]:
        """Claims per status or per type (both columns are indexed)."""
        assert column in ("status", "claim_type")
        return dict(self._db.execute(f"SELECT {column}, count(*) FROM claims GROUP BY {column}").fetchall())

    def attention(self, limit: int = ATTENTION_SHOWN) -> dict:
        """The first ``limit`` claims that need a person, one entry per claim with all its reasons, grouped
        by story: {"total", "groups": [{"event_id", "event", "claims": [{"claim", "reasons", "others"}]}]}.
        The queue's ``attention`` filter lists all ``total`` of them (``attention_ids``)."""
        found = _attention(self._db)
        shown = list(found)[:limit]
        claims = _claims(self._db, sorted(set(shown) | {other for i in shown for other in found[i]["others"]}))
        rows = [{"claim": claims[i], "reasons": found[i]["reasons"],
                 "others": [claims[other] for other in found[i]["others"][:OTHERS_SHOWN] if other in claims],
                 "more_others": max(0, len(found[i]["others"]) - OTHERS_SHOWN)} for i in shown if i in claims]
        return {"total": len(found), "groups": _by_story(self._db, rows)}

    def attention_ids(self) -> list[int]:
        """Every claim that needs a person, most urgent first (bounded scans, as ``attention``)."""
        return list(_attention(self._db))

    def attention_queue(self, limit: int = 50, offset: int = 0, sort: str = "checkworthiness",
                        **filters) -> tuple[list[int], int]:
        """The editors' queue narrowed to the claims that need attention: ids in queue order, and the total.
        The queue's own filters and sorts apply on top (it is ``review.queue`` over these ids)."""
        return queue(self._db, sort=sort, limit=limit, offset=offset, ids=tuple(self.attention_ids()), **filters)

    def event_board(self, event_id: int) -> dict:
        """The frame board (``relate.per_event.board``) with each frame weighed (``relate.consensus``): the
        consensus band or the positions and their sources, and per value its ``role`` and whether it
        ``disagrees`` (an outlier from the consensus, or a minority position)."""
        board = per_event_board(self._db, event_id)
        ids = sorted({value["claim_id"] for frame in board["frames"] for value in frame["values"]})
        claims = {claim["id"]: claim for claim in store.get_claims(self._db, ids, summaries=False)}
        for frame in board["frames"]:
            weighed = weigh_frame(frame["frame"], [claims[value["claim_id"]] for value in frame["values"]
                                                   if value["claim_id"] in claims])
            frame["weighed"] = weighed
            _mark(frame, weighed)
        return board

    def newest_articles(self, limit: int, offset: int = 0) -> list[dict]:
        """Articles, most recently ingested first, with their claim counts."""
        return _rows(self._db, """SELECT a.id, a.outlet, a.url, a.title, a.published, a.language, a.event_id,
                            (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims
                            FROM articles a ORDER BY a.id DESC LIMIT ? OFFSET ?""", [limit, offset])

    def events_page(self, limit: int, offset: int = 0) -> list[dict]:
        """Events, latest first, with article and claim counts for this page only."""
        return _rows(self._db, """SELECT e.id, e.label, e.first_seen, e.last_seen, e.edited,
            (SELECT count(*) FROM articles a WHERE a.event_id = e.id) AS articles,
            (SELECT count(*) FROM claims c JOIN articles a ON a.id = c.article_id WHERE a.event_id = e.id) AS claims
            FROM events e ORDER BY coalesce(e.last_seen, '') DESC, e.id DESC LIMIT ? OFFSET ?""", [limit, offset])

    def event_articles(self, event_id: int, limit: int, offset: int = 0) -> list[dict]:
        return _rows(self._db, """SELECT a.id, a.outlet, a.title, a.url, a.published, a.language,
                            (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims
                            FROM articles a WHERE a.event_id = ? ORDER BY coalesce(a.published, ''), a.id
                            LIMIT ? OFFSET ?""", [event_id, limit, offset])

    def outlets(self, limit: int = 300) -> list[str]:
        """Outlet names for a filter's choices, alphabetically."""
        return [row[0] for row in self._db.execute("SELECT DISTINCT outlet FROM articles ORDER BY outlet LIMIT ?", [limit])]

    def open_flag_counts(self, claim_ids: list[int]) -> dict[int, int]:
        counts: dict[int, int] = {}
        for chunk, marks in in_chunks(claim_ids):
            counts.update(self._db.execute(f"SELECT claim_id, count(*) FROM flags WHERE resolved_at IS NULL AND "
                                           f"claim_id IN ({marks}) GROUP BY claim_id", chunk))
        return counts

