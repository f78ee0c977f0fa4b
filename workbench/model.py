"""The workbench's vocabulary: the codes every stage and every face agrees on.

Meaning travels as these codes (a status, a role, a relation label), never as
English prose that other code searches; the faces translate codes to words.
Data only — this module imports nothing from the package, so anything may import it.
"""
from __future__ import annotations

__all__ = ["STATUSES", "ROLES", "CLAIM_TYPES", "LABELS", "DECISIVE_LABELS", "FLAG_REASONS", "FIGURE_FRAMES",
           "MATCH_LABELS", "SUGGESTION_STATUS", "MAX_UPLOAD_BYTES", "MIB", "EXPORT_FORMATS", "QUEUE_SORTS"]

# A claim's verification status, as a desk sets it (first: the status of a new claim).
STATUSES = ("unverified", "in_review", "confirmed", "disputed", "false", "misleading", "unverifiable")
# Account roles, weakest first: each may do what the ones before it may.
ROLES = ("viewer", "factchecker", "editor", "admin")
CLAIM_TYPES = ("casualty", "control", "responsibility", "event", "statement", "background", "other")
# How claim b stands to claim a.
LABELS = ("corroborates", "conflicts", "related", "unrelated")
DECISIVE_LABELS = ("corroborates", "conflicts")  # the two that count towards a suggested status
FLAG_REASONS = ("unconfirmed", "needs_second_source", "do_not_publish")
FIGURE_FRAMES = ("killed", "injured", "arrested", "attackers_killed", "displaced")
# A published fact-check's match to a claim: code -> what the desk reads.
MATCH_LABELS = {"same": "already fact-checked", "related": "related fact-check",
                "conflicting": "fact-check of a conflicting claim"}
# The status a computed suggestion proposes to the desk.
SUGGESTION_STATUS = {"corroborated": "confirmed", "disputed": "disputed", "single-source": "in_review"}
EXPORT_FORMATS = ("claimreview", "csv", "jsonl")
# How the editors' queue can be ordered (review.queue maps each to SQL).
QUEUE_SORTS = ("checkworthiness", "conflicts", "age", "newest")
# One size limit for every upload and input file (the web form, `ingest --max-mb`, sources).
MIB = 1024 * 1024  # "MB" in every message and option means this
MAX_UPLOAD_BYTES = 10 * MIB
