"""Stored relations between claims, read through one rule: a person's verdict wins.

``relations`` holds at most one computed row (source ``auto``) and one row a
person set (source ``person``) per pair.  The view ``effective_relations``
(migration m005) keeps, for each pair, the person's row when there is one and
the computed row otherwise; everything that counts or shows relations — claim
summaries, the board's disputes, the queue's conflicts sort, ``similar`` —
reads it or ``people_verdicts`` below, so no two places can disagree.
"""
from __future__ import annotations

import json

from sqlite_utils import Database

from ..model import DECISIVE_LABELS
from .sql import in_chunks

__all__ = ["stored_relation", "people_verdicts", "summaries", "suggest_status", "conflicting_pairs",
           "conflicting_sources_sql"]

SOURCE_COUNT = "count(DISTINCT speaker)"  # sources are counted by who speaks, not by how many reports repeat them


def stored_relation(db: Database, a: int, b: int) -> dict | None:
    """The effective stored relation of a pair (a person's verdict first), or None."""
    low, high = sorted((a, b))
    row = db.execute("""SELECT label, confidence, reasons, source, note FROM effective_relations
                        WHERE claim_a = ? AND claim_b = ?""", [low, high]).fetchone()
    if row is None:
        return None
    return {"label": row[0], "confidence": row[1], "reasons": json.loads(row[2]), "source": row[3], "note": row[4]}


def people_verdicts(db: Database, claim_id: int, other_ids: list[int]) -> dict[int, dict]:
    """The verdicts people gave on pairs (claim_id, other): other id → {label, reasons, note}."""
    found = {}
    for chunk, marks in in_chunks(other_ids):
        rows = db.execute(f"""SELECT claim_a, claim_b, label, reasons, note FROM relations WHERE source = 'person'
                              AND ((claim_a = ? AND claim_b IN ({marks})) OR (claim_b = ? AND claim_a IN ({marks})))""",
                          [claim_id, *chunk, claim_id, *chunk])
        for a, b, label, reasons, note in rows:
            found[b if a == claim_id else a] = {"label": label, "reasons": json.loads(reasons), "note": note,
                                                "source": "person"}
    return found


def suggest_status(corroborations: int, conflicts: int) -> str:
    if conflicts:
        return "disputed"
    return "corroborated" if corroborations else "single-source"


def summaries(db: Database, claim_ids: list[int]) -> dict[int, dict]:
    """Per claim: independent corroborating and conflicting sources (view ``claim_sources``: a
    syndicated copy repeats a source, it does not add one), and the suggested status."""
    counts = {claim_id: dict.fromkeys(DECISIVE_LABELS, 0) for claim_id in claim_ids}
    for chunk, marks in in_chunks([int(i) for i in claim_ids]):
        rows = db.execute(f"""SELECT claim_id, label, {SOURCE_COUNT} FROM claim_sources
                              WHERE claim_id IN ({marks}) AND label IN ('corroborates', 'conflicts')
                              GROUP BY claim_id, label""", chunk)
        for claim_id, label, sources in rows:
            counts[claim_id][label] = sources
    return {claim_id: {"corroborations": found["corroborates"], "conflicts": found["conflicts"],
                       "suggested_status": suggest_status(found["corroborates"], found["conflicts"])}
            for claim_id, found in counts.items()}


def conflicting_sources_sql(claim: str = "c.id") -> str:
    """SQL for the number of independent sources that conflict with ``claim`` (a column), counted as
    ``summaries`` counts them: the queue sorts by it."""
    return f"(SELECT {SOURCE_COUNT} FROM claim_sources s WHERE s.claim_id = {claim} AND s.label = 'conflicts')"


def conflicting_pairs(db: Database, claim_ids: list[int]) -> set[tuple[int, int]]:
    """Effective conflicts among these claims: the board reads them instead of comparing every
    pair again, so a huge event stays fast."""
    pairs = set()
    for chunk, marks in in_chunks([int(i) for i in claim_ids]):
        pairs |= set(db.execute(f"""SELECT claim_a, claim_b FROM effective_relations
                                    WHERE claim_a IN ({marks}) AND label = 'conflicts'""", chunk).fetchall())
    return pairs
