"""The stored relations of a claim, and of an article's claims, as the pages show them.

The claim page, the article view and the ingest result read what ingest stored in
``relations`` (through ``effective_relations``: a person's verdict wins) instead of
ranking and comparing candidates on every request.  So they show exactly what the
counts, the suggested status and the queue are computed from, and a page costs a
few indexed queries whatever the size of the archive.  Each list is bounded: a claim
of a story of months may hold thousands of stored relations; the strongest
``shown`` of each label are listed, and the total is always given beside them.
"""
from __future__ import annotations

import json

from sqlite_utils import Database

from .sql import in_chunks
from .store import get_claims

__all__ = ["claim_matches", "article_matches", "MATCHES_SHOWN", "OTHERS_SHOWN", "LABEL_ORDER"]

MATCHES_SHOWN = 50  # matches of one label a claim page lists (the strongest; the total is shown too)
OTHERS_SHOWN = 3    # other reports' claims named per claim and label in an article's summary
LABEL_ORDER = ("conflicts", "corroborates", "related", "unrelated")  # most telling first

# Both directions of a pair, seen from the claim: ranked on a few columns, and only the rows kept read
# whole (with the computed label under a person's verdict), so a claim of thousands costs a sort of ids.
_SIDES = """SELECT {me} AS claim_id, {other} AS other, r.label, r.confidence, r.source, r.id
    FROM effective_relations r WHERE {me} IN ({marks}) {labels}"""
_RANKED = """SELECT k.claim_id, k.other, k.label, r.confidence, r.reasons, r.independent, r.source, r.note,
    CASE WHEN r.source = 'person' THEN (SELECT CAST(json_array(x.label, x.reasons) AS TEXT) FROM relations x
        WHERE x.claim_a = r.claim_a AND x.claim_b = r.claim_b AND x.source = 'auto') END, k.total
    FROM (SELECT claim_id, other, label, id,
                 row_number() OVER (PARTITION BY claim_id, label
                                    ORDER BY source = 'person' DESC, confidence DESC, other DESC) AS n,
                 count(*) OVER (PARTITION BY claim_id, label) AS total
          FROM ({sides_a} UNION ALL {sides_b}) AS sides) k JOIN relations r ON r.id = k.id
    WHERE k.n <= ? ORDER BY k.claim_id, k.n"""


def _ranked_rows(db: Database, claim_ids: list[int], shown: int, labels: tuple[str, ...] = ()) -> list[tuple]:
    """Per claim and label, its ``shown`` strongest stored relations (a person's first) and their total."""
    rows = []
    for chunk, marks in in_chunks(claim_ids, 200):  # the chunk appears twice in the query
        only = f"AND r.label IN ({', '.join('?' * len(labels))})" if labels else ""
        sql = _RANKED.format(sides_a=_SIDES.format(me="r.claim_a", other="r.claim_b", marks=marks, labels=only),
                             sides_b=_SIDES.format(me="r.claim_b", other="r.claim_a", marks=marks, labels=only))
        rows += db.execute(sql, [*chunk, *labels, *chunk, *labels, shown]).fetchall()
    return rows


def _once(reasons: list[str]) -> list[str]:
    """Each reason once, in order: a note about both claims (two JNIM claims) is stored twice."""
    return list(dict.fromkeys(reason for reason in reasons if reason))


def _match(row: tuple, claim: dict) -> dict:
    _, _, label, confidence, reasons, independent, source, note, computed, _ = row
    reasons = json.loads(reasons)
    auto = json.loads(computed) if computed else None
    if auto:  # a person's verdict first, then why the computed label was what it was
        reasons += json.loads(auto[1])
    return {"claim": claim, "relation": label, "confidence": confidence, "reasons": _once(reasons),
            "independent": bool(independent), "person": {"label": label, "note": note} if source == "person" else None,
            "auto_relation": auto[0] if auto else None}


def claim_matches(db: Database, claim_id: int, shown: int = MATCHES_SHOWN) -> dict[str, dict]:
    """Label → {"total": stored relations with that label, "matches": the strongest ``shown``}, for
    every label in ``LABEL_ORDER``; each match holds the other claim (claim JSON), its relation,
    confidence, reasons (each once), whether it is an independent source, and a person's verdict."""
    rows = _ranked_rows(db, [int(claim_id)], shown)
    claims = {claim["id"]: claim for claim in get_claims(db, [row[1] for row in rows], summaries=False)}
    found = {label: {"total": 0, "matches": []} for label in LABEL_ORDER}
    for row in rows:
        if row[1] in claims:
            found[row[2]]["total"] = row[9]
            found[row[2]]["matches"].append(_match(row, claims[row[1]]))
    return found


def _others(db: Database, claim_ids: list[int]) -> dict[int, dict]:
    """The few columns a summary line shows of another report's claim."""
    found = {}
    for chunk, marks in in_chunks(claim_ids):
        for row in db.execute(f"""SELECT c.id, c.text, c.speaker, c.status, a.outlet, a.published FROM claims c
                                  JOIN articles a ON a.id = c.article_id WHERE c.id IN ({marks})""", chunk):
            found[row[0]] = dict(zip(("id", "text", "speaker", "status", "outlet", "published"), row))
    return found


def article_matches(db: Database, claim_ids: list[int], labels: tuple[str, ...] = ("conflicts", "corroborates"),
                    shown: int = OTHERS_SHOWN) -> dict[int, dict[str, dict]]:
    """Claim id → label → {"total", "others": the strongest ``shown`` other claims}, for the claims
    (of one article) that have stored relations with these labels."""
    rows = _ranked_rows(db, [int(claim_id) for claim_id in claim_ids], shown, labels)
    others = _others(db, sorted({row[1] for row in rows}))
    found: dict[int, dict[str, dict]] = {}
    for claim_id, other, label, *_, total in rows:
        if other in others:
            entry = found.setdefault(claim_id, {}).setdefault(label, {"total": total, "others": []})
            entry["others"].append(others[other])
    return found
