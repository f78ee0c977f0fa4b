"""Exports in the formats newsrooms use: ClaimReview JSON-LD, CSV and JSON Lines.

A workbench is only useful if its results can leave it.  Every export
streams: claims are read in keyset-paginated chunks (``CHUNK`` ids at a
time) and written as they come, so a database of a million claims never
sits in memory; a file is written atomically (``files.atomic_write``: temp
file, fsync, rename), so a reader never sees half an export.

CSV / JSONL: one row per claim (filtered by ``statuses`` and ``since``, the
article's publication date, as everywhere else in the workbench) with its
article, outlet, speaker, figures, status, the latest review note, the open
flags and the counts of independent corroborating and conflicting sources.
The CSV is UTF-8 with a byte-order mark, one header row and RFC 4180
quoting, so a spreadsheet opens "L'Écho sahélien" and a claim with commas,
quotes or line breaks intact; a text cell that a spreadsheet would run as a
formula (``= + - @``) is prefixed with ``'``.

ClaimReview (https://schema.org/ClaimReview): one object per claim that a
person reviewed (a ``status_history`` row with a user) *and* whose status is
a verdict.  ``unverified`` and ``in_review`` are not verdicts and have no
rating, so they are never published.  The status becomes the rating on a
1–5 scale (``bestRating`` 5, ``worstRating`` 1), ``alternateName`` naming
the status:

    ========== =========== ===============
    status     ratingValue alternateName
    ========== =========== ===============
    confirmed  5           Confirmed
    disputed   3           Disputed
    unverifiable 3         Unverifiable
    misleading 2           Misleading
    false      1           False
    ========== =========== ===============

3 is the middle of the scale: "disputed" (sources contradict each other) and
"unverifiable" (no way to check) both say neither true nor false; 4 is
unused because the workbench has no "mostly true" status.

``appearance`` lists every article where the claim itself appears: its own
article, every article with a claim of identical text (same normalised text
hash) and every article whose claim the stance rules marked a near-identical
syndicated copy (an automatic relation with ``independent = 0``, unless a
person said the pair is unrelated or conflicting).  Corroborating claims from
other outlets are *not* appearances: they are other claims (another speaker,
another figure) that support this one, and ClaimReview's ``appearance`` is
"a work that makes the claim".  ``firstAppearance`` is the earliest.

The review's ``author`` (the organisation) and the base of its ``url``
(``<base>/claims/<id>``) are settings: ``set_publisher`` stores them in the
``settings`` table (``workbench publisher --name … --url …``); the env vars
``WORKBENCH_ORGANISATION`` and ``WORKBENCH_PUBLIC_URL`` are the fallback.
A ClaimReview export without them is refused: published markup must name
who reviewed the claim.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import IO, Iterable, Iterator

from sqlite_utils import Database

from ..analyse.actors import normalise
from ..background import batched
from .. import config
from ..errors import BadInput
from ..model import EXPORT_FORMATS, STATUSES
from ..relate.stance import describe_figure
from ..storage import store
from ..storage.sql import ClaimFilter
from ..text.valid import is_http_url, valid
from .factchecks import without_dateline
from .streams import Counted, csv_pieces, json_array_pieces, jsonl_pieces, write_pieces

__all__ = ["FORMATS", "RATINGS", "CSV_COLUMNS", "ExportError", "publisher", "set_publisher", "export_rows",
           "appearances", "to_claimreview", "claimreview_items", "write_csv", "write_jsonl", "export_chunks",
           "export", "check_filters", "speaker_type"]

FORMATS = EXPORT_FORMATS
RATINGS = {"confirmed": (5, "Confirmed"), "disputed": (3, "Disputed"), "unverifiable": (3, "Unverifiable"),
           "misleading": (2, "Misleading"), "false": (1, "False")}
BEST_RATING, WORST_RATING = 5, 1
CHUNK = 500
CSV_COLUMNS = ("claim_id", "text", "status", "claim_type", "checkworthiness", "speaker", "speaker_kind",
               "attribution_verb", "hedged", "figures", "latest_note", "reviewed_by", "reviewed_at", "evidence",
               "open_flags", "flags", "corroborations", "conflicts", "suggested_status", "article_id",
               "article_title", "outlet", "article_url", "published", "language", "event_id", "event")
SETTING_KEYS = {"name": "publisher_name", "url": "publisher_url"}
ORGANISATION_CATEGORIES = {"group", "org", "outlet", "state"}


class ExportError(BadInput):
    """An export that cannot be made as asked (bad filter, missing setting)."""


# -- settings ------------------------------------------------------------------
def publisher(db: Database) -> dict:
    """The organisation that publishes the reviews: {"name", "url"} from claims.db's settings, else
    from the environment (``config``), None where neither says."""
    settings = config.current()
    fallback = {"name": settings.organisation, "url": settings.public_url}
    found = {}
    for field, key in SETTING_KEYS.items():
        row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        found[field] = (row[0] if row else None) or fallback[field]
    return found


def set_publisher(db: Database, name: str | None = None, url: str | None = None) -> dict:
    """Store the organisation's name and/or public base URL (an http(s) address) in claims.db."""
    name, url = valid(name), valid(url)
    if name is not None and not name.strip():
        raise ExportError("the organisation's name cannot be empty")
    if url is not None and not _is_http(url):
        raise ExportError(f"the public URL must be an http(s) address, not {url[:80]!r}")
    with db.atomic():
        for field, value in (("name", name), ("url", url)):
            if value is not None:
                db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
                           "value = excluded.value", [SETTING_KEYS[field], value.strip()])
    return publisher(db)


def _is_http(url: str) -> bool:
    return is_http_url((url or "").strip())


# -- rows ----------------------------------------------------------------------
def check_filters(statuses: Iterable[str] | None, since: str | None) -> tuple[list[str], str | None]:
    """Validated filters: known statuses, and ``since`` as an ISO date."""
    statuses = [status for status in (statuses or []) if status]
    unknown = [status for status in statuses if status not in STATUSES]
    if unknown:
        raise ExportError(f"unknown status {unknown[0]!r}: use {', '.join(STATUSES)}")
    if since:
        try:
            since = date.fromisoformat(since.strip()).isoformat()
        except ValueError:
            raise ExportError(f"since must be a date like 2024-09-17, not {since[:40]!r}") from None
    return statuses, since or None


def _claim_ids(db: Database, statuses: list[str], since: str | None, reviewed_only: bool) -> Iterator[list[int]]:
    """Matching claim ids in chunks, by keyset (id > last): no long-lived cursor, no OFFSET scans."""
    where, params = ClaimFilter(statuses=tuple(statuses), since=since, reviewed_only=reviewed_only).clauses()
    sql = (f"SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.id > ? "
           f"{''.join(' AND ' + clause for clause in where)} ORDER BY c.id LIMIT ?")
    last = 0
    while True:
        ids = [row[0] for row in db.execute(sql, [last, *params, CHUNK])]
        if not ids:
            return
        yield ids
        last = ids[-1]


def _marks(ids: list[int]) -> str:
    return ", ".join("?" * len(ids))


def _articles(db: Database, ids: list[int]) -> dict[int, dict]:
    rows = db.execute(f"""SELECT c.id, a.title, a.url, e.label FROM claims c JOIN articles a ON a.id = c.article_id
                          LEFT JOIN events e ON e.id = a.event_id WHERE c.id IN ({_marks(ids)})""", ids)
    return {claim_id: {"article_title": title, "article_url": url, "event": event}
            for claim_id, title, url, event in rows}


def _latest_reviews(db: Database, ids: list[int]) -> dict[int, dict]:
    """Each claim's latest status change made by a person: note, who, when, evidence."""
    rows = db.execute(f"""SELECT h.claim_id, h.note, u.name, h.at, h.evidence FROM status_history h
                          JOIN users u ON u.id = h.user_id
                          WHERE h.id IN (SELECT max(id) FROM status_history WHERE user_id IS NOT NULL
                                         AND claim_id IN ({_marks(ids)}) GROUP BY claim_id)""", ids)
    return {claim_id: {"latest_note": note, "reviewed_by": user, "reviewed_at": at, "evidence": json.loads(evidence)}
            for claim_id, note, user, at, evidence in rows}


def _open_flags(db: Database, ids: list[int]) -> dict[int, list[dict]]:
    flags: dict[int, list[dict]] = {}
    rows = db.execute(f"""SELECT f.claim_id, f.reason, f.note, u.name, f.created_at FROM flags f
                          LEFT JOIN users u ON u.id = f.user_id
                          WHERE f.resolved_at IS NULL AND f.claim_id IN ({_marks(ids)}) ORDER BY f.id""", ids)
    for claim_id, reason, note, user, created_at in rows:
        flags.setdefault(claim_id, []).append({"reason": reason, "note": note, "by": user, "at": created_at})
    return flags


def _row(claim: dict, article: dict, review: dict, flags: list[dict]) -> dict:
    return {"claim_id": claim["id"], "text": claim["text"], "status": claim["status"],
            "claim_type": claim["claim_type"], "checkworthiness": claim["checkworthiness"],
            "speaker": claim["speaker"], "speaker_kind": claim["speaker_kind"],
            "attribution_verb": claim["attribution_verb"], "hedged": claim["hedged"], "figures": claim["figures"],
            "latest_note": review.get("latest_note"), "reviewed_by": review.get("reviewed_by"),
            "reviewed_at": review.get("reviewed_at"), "evidence": review.get("evidence", []),
            "open_flags": len(flags), "flags": flags, "corroborations": claim.get("corroborations", 0),
            "conflicts": claim.get("conflicts", 0), "suggested_status": claim.get("suggested_status"),
            "article_id": claim["article_id"], "article_title": article.get("article_title"),
            "outlet": claim["outlet"], "article_url": article.get("article_url"), "published": claim["published"],
            "language": claim["language"], "event_id": claim.get("event_id"), "event": article.get("event")}


def export_rows(db: Database, statuses: Iterable[str] | None = None, since: str | None = None,
                reviewed_only: bool = False) -> Iterator[dict]:
    """One dict per matching claim, in id order, read ``CHUNK`` claims at a time (filters are
    checked at the call, before anything is read)."""
    statuses, since = check_filters(statuses, since)

    def rows() -> Iterator[dict]:
        for ids in _claim_ids(db, statuses, since, reviewed_only):
            claims = {claim["id"]: claim for claim in store.get_claims(db, ids)}
            articles, reviews, flags = _articles(db, ids), _latest_reviews(db, ids), _open_flags(db, ids)
            for claim_id in ids:
                if claim_id in claims:  # deleted since the ids were read
                    yield _row(claims[claim_id], articles.get(claim_id, {}), reviews.get(claim_id, {}),
                               flags.get(claim_id, []))

    return rows()


# -- ClaimReview -------------------------------------------------------------------
def appearances(db: Database, claim_ids: list[int]) -> dict[int, list[dict]]:
    """For each claim, the articles where it appears (see the module docstring), earliest first."""
    found: dict[int, set[int]] = {claim_id: set() for claim_id in claim_ids}
    marks = _marks(claim_ids)
    copies = db.execute(f"""
        SELECT c.id, c.article_id FROM claims c WHERE c.id IN ({marks})
        UNION SELECT e1.claim_id, c2.article_id FROM embeddings e1
            JOIN embeddings e2 ON e2.model = e1.model AND e2.text_hash = e1.text_hash
            JOIN claims c2 ON c2.id = e2.claim_id WHERE e1.claim_id IN ({marks})
        UNION SELECT r.claim_a, cb.article_id FROM relations r JOIN claims cb ON cb.id = r.claim_b
            WHERE r.claim_a IN ({marks}) AND {_SYNDICATED}
        UNION SELECT r.claim_b, ca.article_id FROM relations r JOIN claims ca ON ca.id = r.claim_a
            WHERE r.claim_b IN ({marks}) AND {_SYNDICATED}""", claim_ids * 4)
    for claim_id, article_id in copies:
        found[claim_id].add(article_id)
    article_ids = sorted({article_id for ids in found.values() for article_id in ids})
    details = {row[0]: dict(zip(("id", "outlet", "title", "url", "published", "language"), row))
               for row in db.execute(f"SELECT id, outlet, title, url, published, language FROM articles "
                                     f"WHERE id IN ({_marks(article_ids)})", article_ids)} if article_ids else {}
    order = lambda article: (article["published"] is None, article["published"] or "", article["id"])  # noqa: E731
    return {claim_id: sorted((details[i] for i in ids if i in details), key=order) for claim_id, ids in found.items()}


_SYNDICATED = """r.source = 'auto' AND r.independent = 0 AND r.label IN ('corroborates', 'related')
    AND NOT EXISTS (SELECT 1 FROM relations p WHERE p.source = 'person' AND p.claim_a = r.claim_a
                    AND p.claim_b = r.claim_b AND p.label IN ('conflicts', 'unrelated'))"""


def speaker_type(claim: dict) -> str:
    """schema.org type of the speaker: an outlet, armed group, agency or state body is an
    Organization; a named or anonymous individual ("a security source") is a Person."""
    if claim.get("speaker_kind") == "outlet":
        return "Organization"
    actor = normalise(claim.get("speaker") or "")
    return "Organization" if actor is not None and actor.category in ORGANISATION_CATEGORIES else "Person"


def _creative_work(article: dict) -> dict:
    work = {"@type": "NewsArticle", "url": article["url"], "headline": article["title"],
            "datePublished": article["published"], "inLanguage": article["language"],
            "publisher": {"@type": "Organization", "name": article["outlet"]}}
    return {key: value for key, value in work.items() if value is not None}


def to_claimreview(row: dict, seen_in: list[dict], organisation: dict) -> dict:
    """One schema.org ClaimReview for an export row of a reviewed claim with a verdict."""
    value, name = RATINGS[row["status"]]
    works = [_creative_work(article) for article in seen_in]
    claim = {"@type": "Claim", "author": {"@type": speaker_type(row), "name": row["speaker"]},
             "appearance": works}
    if works:
        claim["firstAppearance"] = works[0]
    first_date = next((article["published"] for article in seen_in if article["published"]), None)
    if first_date:
        claim["datePublished"] = first_date
    return {"@context": "https://schema.org", "@type": "ClaimReview",
            "url": f"{organisation['url'].rstrip('/')}/claims/{row['claim_id']}",
            "claimReviewed": without_dateline(row["text"]),
            "author": {"@type": "Organization", "name": organisation["name"], "url": organisation["url"]},
            "datePublished": (row["reviewed_at"] or "")[:10],
            "reviewBody": row["latest_note"],
            "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": BEST_RATING,
                             "worstRating": WORST_RATING, "alternateName": name},
            "itemReviewed": claim}


def _verdict_statuses(statuses: list[str]) -> list[str]:
    no_rating = [status for status in statuses if status not in RATINGS]
    if no_rating:
        raise ExportError(f"status {no_rating[0]} has no ClaimReview rating: only verdicts "
                          f"({', '.join(RATINGS)}) are published")
    return statuses or list(RATINGS)


def _organisation(db: Database) -> dict:
    organisation = publisher(db)
    if not organisation["name"] or not organisation["url"]:
        raise ExportError("ClaimReview needs the organisation that publishes the reviews: set it with "
                          "`workbench publisher --name NAME --url https://…` (or WORKBENCH_ORGANISATION and "
                          "WORKBENCH_PUBLIC_URL)")
    return organisation


def claimreview_items(db: Database, statuses: Iterable[str] | None = None, since: str | None = None
                      ) -> Iterator[dict]:
    """ClaimReview objects for claims a person reviewed to a verdict, in claim id order (the
    organisation and the filters are checked at the call)."""
    organisation = _organisation(db)
    statuses, since = check_filters(statuses, since)
    rows = export_rows(db, _verdict_statuses(statuses), since, reviewed_only=True)

    def items() -> Iterator[dict]:
        for batch in batched(rows, CHUNK):
            seen = appearances(db, [row["claim_id"] for row in batch])
            for row in batch:
                yield to_claimreview(row, seen[row["claim_id"]], organisation)

    return items()


# -- writing -------------------------------------------------------------------------
def _csv_cell(row: dict, column: str):
    value = row[column]
    if column == "figures":
        return "; ".join(f"{figure['kind']}: {describe_figure(figure)}" for figure in value)
    if column == "flags":
        return "; ".join(flag["reason"] + (f": {flag['note']}" if flag["note"] else "") for flag in value)
    if column == "evidence":
        return " ".join(value)
    if column == "hedged":
        return "yes" if value else "no"
    return value


def csv_rows(rows: Iterable[dict]) -> Iterator[list]:
    """Export rows as CSV cells: lists joined into one readable cell each."""
    for row in rows:
        yield [_csv_cell(row, column) for column in CSV_COLUMNS]


def write_csv(rows: Iterable[dict], output: str | Path | IO[bytes]) -> int:
    """Export rows (``export_rows``) as CSV to a file, atomically, or a binary stream; how many."""
    counted = Counted(rows)
    write_pieces(csv_pieces(CSV_COLUMNS, csv_rows(counted)), output)
    return counted.count


def write_jsonl(rows: Iterable[dict], output: str | Path | IO[bytes]) -> int:
    """Export rows as JSON Lines to a file, atomically, or a binary stream; how many."""
    counted = Counted(rows)
    write_pieces(jsonl_pieces(counted), output)
    return counted.count


def export_chunks(db: Database, fmt: str, statuses: Iterable[str] | None = None, since: str | None = None
                  ) -> tuple[Iterator[str], Counted]:
    """The export as text pieces (for a file or an HTTP download) and the counter of items written.
    Format, filters and settings are checked here, so a bad request fails before anything is sent."""
    if fmt not in FORMATS:
        raise ExportError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "claimreview":
        items = Counted(claimreview_items(db, statuses, since))
        return json_array_pieces(items), items
    items = Counted(export_rows(db, statuses, since))
    return (csv_pieces(CSV_COLUMNS, csv_rows(items)) if fmt == "csv" else jsonl_pieces(items)), items


def export(db: Database, fmt: str, output: str | Path | IO[bytes], statuses: Iterable[str] | None = None,
           since: str | None = None) -> dict:
    """Write an export to a file (atomically) or a binary stream; return how many items went out."""
    pieces, items = export_chunks(db, fmt, statuses, since)
    where = write_pieces(pieces, output)
    return {"format": fmt, "count": items.count, "output": where}
