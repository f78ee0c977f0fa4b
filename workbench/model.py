"""The workbench's vocabulary: the codes every stage and every face agrees on.

Meaning travels as these codes (a status, a role, a relation label), never as
English prose that other code searches; the faces translate codes to words.
The types that carry a claim through the stages live here too: ``Figure`` (a
count a sentence states), ``Signal`` and ``Relation`` (how claim b stands to
claim a, and why), and ``Claim`` (the claim dict's keys, named once).
This module imports nothing from the package, so anything may import it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

__all__ = ["Claim", "StoredFigure", "Figure", "Signal", "Relation", "STATUSES", "ROLES", "CLAIM_TYPES", "LABELS",
           "DECISIVE_LABELS", "FLAG_REASONS", "FIGURE_FRAMES", "MATCH_LABELS", "SUGGESTION_STATUS", "MAX_UPLOAD_BYTES", "MIB", "EXPORT_FORMATS", "QUEUE_SORTS"]

# A claim's verification status, as a desk sets it (first: the status of a new claim).
STATUSES = ("unverified", "in_review", "confirmed", "disputed", "false", "misleading", "unverifiable")
# Account roles, weakest first: each may do what the ones before it may.
ROLES = ("viewer", "factchecker", "editor", "admin")
CLAIM_TYPES = ("casualty", "control", "responsibility", "finding", "event", "statement", "condition", "background",
               "other")
# How claim b stands to claim a.
LABELS = ("corroborates", "conflicts", "related", "unrelated")
DECISIVE_LABELS = ("corroborates", "conflicts")  # the two that count towards a suggested status
FLAG_REASONS = ("unconfirmed", "needs_second_source", "do_not_publish")
# the figure kinds that count people; each is a frame its event's claims are compared in
FIGURE_FRAMES = ("killed", "injured", "missing", "abducted", "casualties", "bodies_recovered", "buried", "displaced",
                 "cases", "arrested", "escaped", "attackers_killed")
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


# -- the types a claim travels in ---------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """A count a sentence states: its kind, bounds (None: open), and where it stands in the sentence."""
    kind: str
    min: int | None
    max: int | None
    approximate: bool
    text: str
    start: int
    end: int
    revision: bool = False        # presented as replacing an earlier value ("revised down to 41")
    previous: int | None = None   # that earlier value, when the sentence gives it ("up from 27")

    def to_dict(self) -> "StoredFigure":
        return {"kind": self.kind, "min": self.min, "max": self.max, "approximate": self.approximate,
                "text": self.text, "revision": self.revision, "previous": self.previous}


class StoredFigure(TypedDict):
    """A figure as claims.db's ``figures`` table and the claim JSON hold it."""
    kind: str
    min: int | None
    max: int | None
    approximate: bool
    text: str
    revision: bool
    previous: int | None


class Claim(TypedDict, total=False):
    """A claim as every stage passes it on: what analysis finds, what storage adds (id, article,
    status) and what relations add (the counts of independent sources)."""
    id: int | None
    article_id: int
    event_id: int | None
    outlet: str
    published: str | None
    language: str | None
    position: int
    char_start: int
    char_end: int
    text: str
    claim_type: str
    checkworthiness: float
    speaker: str
    speaker_kind: str
    attribution_verb: str | None
    hedged: bool
    hedges: list[str]
    status: str
    figures: list[StoredFigure]
    frames: list[str]
    corroborations: int
    conflicts: int
    suggested_status: str


@dataclass(frozen=True)
class Signal:
    """One thing ``compare`` found between two claims."""
    kind: str        # "conflict" | "support" | "note"
    code: str        # what was found, for code to act on (e.g. "syndicated_copy"); ``reason`` is for people
    weight: float
    reason: str


@dataclass(frozen=True)
class Relation:
    """How claim b stands to claim a: one of LABELS, a confidence, and the reasons (with their codes)."""
    label: str
    confidence: float
    reasons: tuple[str, ...] = field(default_factory=tuple)
    codes: tuple[str, ...] = field(default_factory=tuple)  # the signals' codes, in the order of their reasons

    @property
    def independent(self) -> bool:
        """False when b is a syndicated copy of a: a repeated source, not a second one."""
        return "syndicated_copy" not in self.codes

    def to_dict(self) -> dict:
        return {"label": self.label, "confidence": self.confidence, "reasons": list(self.reasons)}
